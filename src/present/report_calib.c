/* The report of a calibration: calibration.md, for the finance director
 * and for the analyst who must defend the numbers. */
#define _GNU_SOURCE /* open_memstream */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/fitted.h"
#include "present/mdtext.h"
#include "present/report_calib.h"
#include "present/rtext.h"

/* Series shorter than this get a warning. */
#define SHORT_YEARS 10

typedef struct calib_report {
    dr_rctx r;
    const dr_calibration *c;
    const dr_fiscal *f;
} calib_report;

static const char *pct(char buf[32], double v)
{
    return dr_rpct(buf, v);
}

/* P(u_t < 0 | u_{t-1} < 0) of a stationary Gaussian AR(1): 1/2 +
 * asin(rho)/pi, "a bad year is followed by another". */
static double streak(double rho)
{
    return 0.5 + asin(rho) / M_PI;
}

static void county_name(const calib_report *cr, size_t j, FILE *f);

/* The display name of a group: the city, a type, a county's name; for a
 * heading (the city capitalized, a type by its label alone) or in a
 * sentence ("type urban"). */
static void group_name_as(const calib_report *cr, size_t g, FILE *f,
                          int heading)
{
    const dr_cal_group *cg = &cr->c->group[g];
    if (g == 0) {
        fputs(dr_rt(&cr->r, heading ? RX_CB_CITY_HEAD : RX_CB_CITY_POOL), f);
        return;
    }
    if (g <= cr->c->ntypes) {
        char *esc = NULL;
        size_t len;
        FILE *m = dr_rmem_open(&cr->r, &esc, &len);
        if (m) {
            dr_md_text(m, cg->label);
            fclose(m);
        }
        if (heading)
            fputs(esc ? esc : cg->label, f);
        else
            fprintf(f, dr_rt(&cr->r, RX_CB_TYPE_NAMED), esc ? esc : cg->label);
        free(esc);
        return;
    }
    county_name(cr, g - 1 - cr->c->ntypes, f);
}

static void group_name(const calib_report *cr, size_t g, FILE *f)
{
    group_name_as(cr, g, f, 1);
}

static void write_head(const calib_report *cr, const char *history,
                       const char *model)
{
    const dr_calibration *c = cr->c;
    const dr_rctx *r = &cr->r;
    const char *h = strrchr(history, '/'), *m = strrchr(model, '/');
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_TITLE));
    dr_say(r, RX_CB_HISTORY, h ? h + 1 : history, c->panel.from, c->panel.to,
           c->panel.n, c->ntypes ? c->ntypes : 1);
    fputc('\n', r->f);
    dr_say(r, c->by == DR_BY_TYPE   ? RX_CB_BY_TYPE
              : c->by == DR_BY_CITY ? RX_CB_BY_CITY
                                    : RX_CB_BY_COUNTY);
    fputc('\n', r->f);
    dr_say(r, RX_CB_MODEL, m ? m + 1 : model);
    fputs("\n\n", r->f);
}

static void write_brief(const calib_report *cr)
{
    const dr_rctx *r = &cr->r;
    const dr_cvalue *v = cr->c->group[0].est.v;
    char a[32], b[32], d[32];
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_SEC_BRIEF));
    dr_say(r, RX_CB_BRIEF_INTRO, cr->c->panel.n);
    fputs("\n\n", r->f);
    double rho = v[DR_CK_GROWTH_RHO].value;
    /* "a year above trend is followed by another": the same orthant
     * probability as a bad year's */
    dr_say(r, RX_CB_GROWTH, pct(a, v[DR_CK_GROWTH_MU].value),
           pct(b, v[DR_CK_GROWTH_SIGMA].value / sqrt(1.0 - rho * rho)),
           pct(d, streak(rho)), rho);
    fputc('\n', r->f);
    dr_say(r, RX_CB_OWN, v[DR_CK_OR_BETA].value, pct(a, v[DR_CK_OR_MU].value),
           pct(b, v[DR_CK_OR_SIGMA].value));
    fputc('\n', r->f);
    double lr = v[DR_CK_LAND_RHO].value;
    dr_say(r, RX_CB_LAND, pct(a, v[DR_CK_LAND_SIGMA].value),
           pct(b, v[DR_CK_LAND_MU].value), pct(d, streak(lr)), lr);
    fputc('\n', r->f);
    dr_say(r, RX_CB_TRANSFERS, pct(a, v[DR_CK_TR_MU].value),
           pct(b, v[DR_CK_TR_SIGMA].value));
    fputc('\n', r->f);
    dr_say(r, RX_CB_SPENDING, pct(a, v[DR_CK_SPENDING_MU].value));
    fputc('\n', r->f);
    if (cr->c->corr.common_estimated) {
        const double *w = cr->c->corr.w;
        char e[32];
        dr_say(r, RX_CB_COMMON, pct(a, w[0]), pct(b, w[1]), pct(d, w[2]),
               pct(e, w[3]));
        fputc('\n', r->f);
    }
    fputc('\n', r->f);
}

static const char *status_word(const calib_report *cr, dr_cstatus s)
{
    static const dr_rtext_id id[] = {RX_CB_ST_ESTIMATED, RX_CB_ST_POOLED,
                                     RX_CB_ST_SHRUNK, RX_CB_ST_KEPT};
    return dr_rt(&cr->r, id[s]);
}

/* A number as calibration.csv would round it for reading: 4 significant
 * digits. */
static void num(FILE *f, double v)
{
    if (isnan(v))
        fputs("–", f);
    else
        fprintf(f, "%.4g", v);
}

static void write_estimates(const calib_report *cr)
{
    const dr_rctx *r = &cr->r;
    const dr_calibration *c = cr->c;
    fprintf(r->f, "%s\n\n%s\n\n", dr_rt(r, RX_CB_SEC_EST),
            dr_rt(r, RX_CB_EST_INTRO));
    size_t groups = 1 + c->ntypes; /* counties have their own table */
    for (size_t g = 0; g < groups; g++) {
        fputs("### ", r->f);
        group_name(cr, g, r->f);
        fprintf(r->f, " (`[%s]`)\n\n%s\n", c->group[g].section,
                dr_rt(r, RX_CB_EST_HEAD));
        for (int k = 0; k < DR_NCKEYS; k++) {
            const dr_cvalue *v = &c->group[g].est.v[k];
            fprintf(r->f, "| `%s` | %s | ", dr_ckey_name[k],
                    dr_rt(r, (dr_rtext_id)(RX_CB_K_GROWTH_MU + k)));
            num(r->f, v->value);
            fputs(" | ", r->f);
            num(r->f, v->se);
            fprintf(r->f, " | %ld | %s |\n", v->n, status_word(cr, v->status));
        }
        fputc('\n', r->f);
    }
}

/* One cell of the county table: the value in percent and lambda. */
static void county_cell(const calib_report *cr, const dr_cal_group *g, int k,
                        int percent)
{
    const dr_cvalue *v = &g->est.v[k];
    char a[32];
    if (percent)
        fputs(pct(a, v->value), cr->r.f);
    else
        fprintf(cr->r.f, "%.2f", v->value);
    if (!isnan(g->lambda[k]))
        fprintf(cr->r.f, " (%.2f)", g->lambda[k]);
    fputs(" | ", cr->r.f);
}

static void write_counties(const calib_report *cr)
{
    const dr_calibration *c = cr->c;
    if (c->by != DR_BY_COUNTY)
        return;
    const dr_rctx *r = &cr->r;
    fprintf(r->f, "%s\n\n%s\n\n%s\n", dr_rt(r, RX_CB_SEC_COUNTY),
            dr_rt(r, RX_CB_COUNTY_INTRO), dr_rt(r, RX_CB_COUNTY_HEAD));
    for (size_t j = 0; j < c->panel.n; j++) {
        const dr_cal_group *g = &c->group[1 + c->ntypes + j];
        fputs("| ", r->f);
        group_name(cr, 1 + c->ntypes + j, r->f);
        fputs(" | ", r->f);
        dr_md_text(r->f, c->panel.c[j].type);
        fputs(" | ", r->f);
        county_cell(cr, g, DR_CK_GROWTH_MU, 1);
        county_cell(cr, g, DR_CK_OR_BETA, 0);
        county_cell(cr, g, DR_CK_LAND_MU, 1);
        county_cell(cr, g, DR_CK_LAND_SIGMA, 1);
        county_cell(cr, g, DR_CK_TR_MU, 1);
        county_cell(cr, g, DR_CK_SPENDING_MU, 1);
        fputc('\n', r->f);
    }
    fputc('\n', r->f);
}

static void write_correlation(const calib_report *cr)
{
    const dr_rctx *r = &cr->r;
    const dr_corr_fit *cf = &cr->c->corr;
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_SEC_CORR));
    if (!cf->estimated) {
        fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_CORR_KEPT));
        return;
    }
    dr_say(r, RX_CB_CORR_INTRO, (size_t)cf->n);
    fprintf(r->f, "\n\n%s\n", dr_rt(r, RX_CB_CORR_HEAD));
    for (int j = 0; j < 4; j++) {
        fprintf(r->f, "| %s |", dr_rt(r, (dr_rtext_id)(RX_CB_V_GROWTH + j)));
        for (int k = 0; k < 4; k++)
            fprintf(r->f, " %.2f |", cf->c[j][k]);
        fputc('\n', r->f);
    }
    if (cf->common_estimated) {
        fprintf(r->f, "\n%s", dr_rt(r, RX_CB_COMMON_HEAD));
        for (int k = 0; k < 4; k++)
            fprintf(r->f, "%s %s %.2f", k ? "," : "",
                    dr_rt(r, (dr_rtext_id)(RX_CB_V_GROWTH + k)), cf->w[k]);
        fputc('\n', r->f);
    }
    fputc('\n', r->f);
}

/* "[type.urban] land.mu, ..." of every key of status st, in a new string. */
static char *keys_of(const calib_report *cr, dr_cstatus st)
{
    char *s = NULL;
    size_t len = 0, n = 0;
    FILE *f = dr_rmem_open(&cr->r, &s, &len);
    if (!f)
        return NULL;
    const dr_calibration *c = cr->c;
    for (size_t g = 0; g < c->ngroups; g++)
        for (int k = 0; k < DR_NCKEYS; k++)
            if (c->group[g].est.v[k].status == st)
                fprintf(f, "%s`[%s] %s`", n++ ? ", " : "", c->group[g].section,
                        dr_ckey_name[k]);
    fclose(f);
    if (n == 0) {
        free(s);
        return NULL;
    }
    return s;
}

static void write_status(const calib_report *cr)
{
    const dr_rctx *r = &cr->r;
    const dr_calibration *c = cr->c;
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_SEC_STATUS));
    char *pooled = keys_of(cr, DR_CS_POOLED), *kept = keys_of(cr, DR_CS_KEPT);
    if (pooled)
        dr_say(r, RX_CB_POOLED, pooled), fputc('\n', r->f);
    if (kept)
        dr_say(r, RX_CB_KEPT, kept), fputc('\n', r->f);
    size_t shrunk = 0;
    double lambda = 0.0;
    for (size_t g = 1 + c->ntypes; g < c->ngroups; g++)
        for (int k = 0; k < DR_NCKEYS; k++)
            if (c->group[g].est.v[k].status == DR_CS_SHRUNK) {
                shrunk++;
                lambda += c->group[g].lambda[k];
            }
    if (shrunk) {
        char a[32];
        dr_say(r, RX_CB_SHRUNK, shrunk, pct(a, lambda / (double)shrunk));
        fputc('\n', r->f);
    }
    if (!pooled && !kept)
        fprintf(r->f, "%s\n", dr_rt(r, RX_CB_NONE_POOLED));
    fputc('\n', r->f);
    free(pooled);
    free(kept);
}

/* A county's name, Markdown-escaped. */
static void county_name(const calib_report *cr, size_t j, FILE *f)
{
    long i = dr_fiscal_find(cr->f, cr->c->panel.c[j].id);
    dr_md_text(f, i >= 0 ? cr->f->county[i].name : cr->c->panel.c[j].id);
}

/* "宛城区 (8), 卧龙区 (9)" of the counties with fewer than SHORT_YEARS
 * years, and their count. */
static char *short_list(const calib_report *cr, size_t *count)
{
    char *s = NULL;
    size_t len = 0;
    *count = 0;
    FILE *f = dr_rmem_open(&cr->r, &s, &len);
    if (!f)
        return NULL;
    for (size_t j = 0; j < cr->c->panel.n; j++) {
        if (cr->c->panel.c[j].T >= SHORT_YEARS)
            continue;
        if ((*count)++)
            fputs(dr_rt(&cr->r, RX_COMMA), f);
        county_name(cr, j, f);
        fprintf(f, " (%zu)", cr->c->panel.c[j].T);
    }
    fclose(f);
    return s;
}

/* "宛城区 (2021)" of the counties whose land trend turns, and their count. */
static char *break_list(const calib_report *cr, size_t *count)
{
    char *s = NULL;
    size_t len = 0;
    *count = 0;
    FILE *f = dr_rmem_open(&cr->r, &s, &len);
    if (!f)
        return NULL;
    for (size_t j = 0; j < cr->c->panel.n; j++) {
        long y = dr_land_break(cr->c, j);
        if (!y)
            continue;
        if ((*count)++)
            fputs(dr_rt(&cr->r, RX_COMMA), f);
        county_name(cr, j, f);
        fprintf(f, " %ld", y);
    }
    fclose(f);
    return s;
}

/* The persistences at their clip: one line per key naming the groups. */
static void clip_warnings(const calib_report *cr, int *any)
{
    const dr_rctx *r = &cr->r;
    const dr_calibration *c = cr->c;
    for (int k = 0; k < 2; k++) {
        char *who = NULL;
        size_t len, n = 0, total = 0;
        FILE *m = dr_rmem_open(&cr->r, &who, &len);
        if (!m)
            continue;
        for (size_t g = 0; g < c->ngroups; g++) {
            const dr_cgroup *e = &c->group[g].est;
            const dr_jackknife *jk = k ? &e->jk_land : &e->jk_growth;
            int key = k ? DR_CK_LAND_RHO : DR_CK_GROWTH_RHO;
            total += jk->clipped && e->v[key].status == DR_CS_ESTIMATED;
        }
        for (size_t g = 0; g < c->ngroups; g++) {
            const dr_cgroup *e = &c->group[g].est;
            const dr_jackknife *jk = k ? &e->jk_land : &e->jk_growth;
            int key = k ? DR_CK_LAND_RHO : DR_CK_GROWTH_RHO;
            if (!jk->clipped || e->v[key].status != DR_CS_ESTIMATED)
                continue;
            if (n++)
                fputs(dr_rt(r, n == total ? RX_AND : RX_COMMA), m);
            group_name_as(cr, g, m, 0);
        }
        fclose(m);
        if (n) {
            dr_say(r, RX_CB_W_CLIP, dr_rt(r, k ? RX_CB_V_LAND : RX_CB_V_GROWTH),
                   who ? who : "");
            fputc('\n', r->f);
            *any = 1;
        }
        free(who);
    }
}

static void write_warnings(const calib_report *cr)
{
    const dr_rctx *r = &cr->r;
    const dr_corr_fit *cf = &cr->c->corr;
    int any = 0;
    size_t n;
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_SEC_WARN));
    char *list = short_list(cr, &n);
    size_t longest = 0;
    for (size_t j = 0; j < cr->c->panel.n; j++)
        if (cr->c->panel.c[j].T > longest)
            longest = cr->c->panel.c[j].T;
    if (n && n == cr->c->panel.n)
        dr_say(r, RX_CB_W_SHORT_ALL, longest);
    else if (n)
        dr_say(r, RX_CB_W_SHORT, list);
    if (n) {
        fputc('\n', r->f);
        any = 1;
    }
    free(list);
    clip_warnings(cr, &any);
    if (cf->repaired) {
        dr_say(r, RX_CB_W_REPAIR, cf->min_eigen), fputc('\n', r->f);
        any = 1;
    }
    for (int k = 0; cf->common_estimated && k < 4; k++)
        if (cf->w_raw[k] < 0.0 || cf->w_raw[k] > 1.0) {
            dr_say(r, RX_CB_W_COMMON_CLIP,
                   dr_rt(r, (dr_rtext_id)(RX_CB_V_GROWTH + k)));
            fputc('\n', r->f);
            any = 1;
        }
    list = break_list(cr, &n);
    if (n) {
        dr_say(r, RX_CB_W_BREAK, n, cr->c->panel.n, list);
        fputc('\n', r->f);
        any = 1;
    }
    free(list);
    if (!any)
        fprintf(r->f, "%s\n", dr_rt(r, RX_CB_W_NONE));
    fputc('\n', r->f);
}

static void image(const calib_report *cr, const char *dir, const char *title,
                  const char *name)
{
    char rel[256];
    if (dr_picture_in(dir, "", name, rel, sizeof rel))
        fprintf(cr->r.f, "![%s](%s)\n\n", title, rel);
}

static void write_charts(const calib_report *cr, const char *dir)
{
    const dr_rctx *r = &cr->r;
    char rel[256];
    int any =
        dr_picture_in(dir, "", "calib_correlation", rel, sizeof rel) != NULL;
    for (size_t j = 0; !any && j < cr->c->panel.n; j++) {
        char name[96];
        snprintf(name, sizeof name, "calib_%s", cr->c->panel.c[j].id);
        any = dr_picture_in(dir, "", name, rel, sizeof rel) != NULL;
    }
    if (!any)
        return;
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_SEC_CHARTS));
    image(cr, dir, dr_rt(r, RX_CB_CH_CORR), "calib_correlation");
    image(cr, dir, dr_rt(r, RX_CB_CH_SHRINK), "calib_shrinkage");
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_CB_CH_SERIES));
    for (size_t j = 0; j < cr->c->panel.n; j++) {
        char name[96], *title = NULL;
        size_t len;
        snprintf(name, sizeof name, "calib_%s", cr->c->panel.c[j].id);
        FILE *m = dr_rmem_open(&cr->r, &title, &len);
        if (!m)
            continue;
        county_name(cr, j, m);
        fclose(m);
        image(cr, dir, title ? title : name, name);
        free(title);
    }
}

static void write_method(const calib_report *cr)
{
    const dr_rctx *r = &cr->r;
    fprintf(r->f, "%s\n\n%s\n%s\n%s\n", dr_rt(r, RX_CB_SEC_METHOD),
            dr_rt(r, RX_CB_M_EST), dr_rt(r, RX_CB_M_SE),
            dr_rt(r, RX_CB_M_FILES));
}

dr_status dr_calib_report_write(const char *dir, const dr_calibration *c,
                                const dr_fiscal *f, const char *history,
                                const char *model, dr_lang lang, dr_error *err)
{
    int zh = dr_report_lang(lang);
    dr_md_file o;
    dr_status st = dr_md_open_as(&o, dir, "calibration.md", err);
    if (st == DR_OK) {
        int nomem = 0;
        calib_report cr = {
            .r = {.zh = zh, .f = o.f, .nomem = &nomem}, .c = c, .f = f};
        write_head(&cr, history, model);
        write_brief(&cr);
        write_estimates(&cr);
        write_counties(&cr);
        write_correlation(&cr);
        write_status(&cr);
        write_warnings(&cr);
        write_charts(&cr, dir);
        write_method(&cr);
        if (nomem)
            st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return dr_md_close(&o, st, err);
}
