/* The review of a batch: report.md of a batch folder. */
#define _GNU_SOURCE /* qsort_r, open_memstream */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "present/briefing.h"
#include "present/mdtext.h"
#include "present/report.h"
#include "present/rtext.h"

/* "+8.1 ± 0.4": a change with its paired standard error. */
static const char *change(const dr_rctx *r, char *buf, size_t n,
                          const double *v)
{
    char a[32], b[32];
    return dr_sayb(r, buf, n, RX_PTS, dr_pts(a, v[DR_CMP_DELTA]),
                   dr_se_pts(b, v[DR_CMP_SE]));
}

static void md_title(const dr_rctx *r, const dr_review *rv, size_t s)
{
    char *t = dr_review_title(rv, s, r->zh ? DR_LANG_ZH : DR_LANG_EN);
    if (!t)
        dr_rlost(r);
    dr_md_text(r->f, t ? t : rv->name[s]);
    free(t);
}

static void review_headline(const dr_rctx *r, const dr_review *rv)
{
    const dr_briefing *b = r->b;
    long end = b->base_year + b->years;
    size_t n = rv->n, m = rv->ns - 1;
    char a[32], c[32], d[32], buf[64];
    double p = dr_review_cmp(rv, 0, n)[DR_CMP_P];
    size_t up = m ? rv->order[0] : 0, down = m ? rv->order[m - 1] : 0;
    double du = m ? dr_review_cmp(rv, up, n)[DR_CMP_DELTA] : 0.0;
    double dd = m ? dr_review_cmp(rv, down, n)[DR_CMP_DELTA] : 0.0;
    if (b->deterministic) {
        /* One path: a probability is 0 or 1, so say what happens. */
        dr_say(r, p > 0.5 ? RX_RV_HEAD_DET_ABOVE : RX_RV_HEAD_DET_BELOW, end);
        fputs("\n\n", r->f);
        return;
    }
    if (!(du > 0.0 && dd < 0.0)) {
        dr_say(r, RX_RV_HEAD_NONE, end, dr_rpct(a, p));
        fputs("\n\n", r->f);
        return;
    }
    /* the titles go through dr_md_text() inside the sentence */
    char *tu = dr_review_title(rv, up, r->zh ? DR_LANG_ZH : DR_LANG_EN);
    char *td = dr_review_title(rv, down, r->zh ? DR_LANG_ZH : DR_LANG_EN);
    char *eu = NULL, *ed = NULL;
    size_t l1, l2;
    FILE *f1 = open_memstream(&eu, &l1), *f2 = open_memstream(&ed, &l2);
    if (f1) {
        dr_md_text(f1, tu ? tu : rv->name[up]);
        fclose(f1);
    }
    if (f2) {
        dr_md_text(f2, td ? td : rv->name[down]);
        fclose(f2);
    }
    dr_say(r, RX_RV_HEAD, end, dr_rpct(a, p), eu ? eu : rv->name[up],
           change(r, buf, sizeof buf, dr_review_cmp(rv, up, n)),
           ed ? ed : rv->name[down],
           dr_sayb(r, c, sizeof c, RX_PTS, dr_pts(d, dd),
                   dr_se_pts(a, dr_review_cmp(rv, down, n)[DR_CMP_SE])));
    fputs("\n\n", r->f);
    if (!tu || !td || !eu || !ed)
        dr_rlost(r);
    free(tu);
    free(td);
    free(eu);
    free(ed);
}

/* The headline of the baseline's own report (write_headline), written
 * from its results, not read from that report: in a new string, NULL when
 * out of memory. */
static char *baseline_headline(const dr_rctx *r, const dr_briefing *b)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return NULL;
    dr_rctx br = {.b = b, .zh = r->zh, .f = m, .nomem = r->nomem};
    dr_error e;
    dr_status st = dr_run_headline(&br, &e);
    if (fclose(m) != 0 || st != DR_OK) {
        free(text);
        return NULL;
    }
    while (len > 0 && text[len - 1] == '\n')
        text[--len] = '\0';
    return text;
}

static void review_baseline(const dr_rctx *r, const dr_review *rv)
{
    char link[300];
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_RV_SEC_BASE));
    char *head = baseline_headline(r, &rv->sc[0]);
    if (head) {
        fputs("> ", r->f);
        for (const char *p = head; *p; p++) {
            fputc(*p, r->f);
            if (*p == '\n')
                fputs("> ", r->f);
        }
        fputs("\n\n", r->f);
        free(head);
    } else {
        dr_rlost(r);
    }
    snprintf(link, sizeof link, "%s/report.md", rv->name[0]);
    if (dr_file_exists(rv->dir, link)) {
        dr_say(r, RX_RV_BASE_LINK, link, link);
        fputs("\n\n", r->f);
    }
}

static void review_scenarios(const dr_rctx *r, const dr_review *rv)
{
    char link[300];
    fprintf(r->f, "%s\n\n%s\n", dr_rt(r, RX_RV_SEC_SCEN),
            dr_rt(r, RX_RV_SCEN_HEAD));
    for (size_t s = 0; s < rv->ns; s++) {
        fprintf(r->f, "| `%s` | ", rv->name[s]);
        md_title(r, rv, s);
        fputs(" | ", r->f);
        if (*rv->sc[s].description)
            dr_md_lang(r, rv->sc[s].description);
        else if (s == 0)
            fputs(dr_rt(r, RX_RV_BASE_DESC), r->f);
        else
            fputs("–", r->f);
        snprintf(link, sizeof link, "%s/report.md", rv->name[s]);
        if (dr_file_exists(rv->dir, link))
            fprintf(r->f, " | [%s](%s) |\n", dr_rt(r, RX_RV_REPORT), link);
        else
            fputs(" | – |\n", r->f);
    }
    fputc('\n', r->f);
}

static void review_city(const dr_rctx *r, const dr_review *rv)
{
    const dr_briefing *b = r->b;
    size_t n = rv->n;
    char a[32], c[32], d[32], buf[64];
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_RV_SEC_CITY));
    dr_say(r, RX_RV_CITY_HEAD, b->base_year + b->years);
    fputc('\n', r->f);
    for (size_t k = 0; k < rv->ns; k++) {
        size_t s = k ? rv->order[k - 1] : 0;
        const double *v = dr_review_cmp(rv, s, n);
        fputs("| ", r->f);
        if (s == 0)
            fputs("**", r->f);
        md_title(r, rv, s);
        if (s == 0)
            fputs("**", r->f);
        fprintf(r->f, " | %s | %s | %s | %s |\n", dr_rpct(a, v[DR_CMP_P]),
                s ? change(r, buf, sizeof buf, v) : "–",
                dr_rpct(c, v[DR_CMP_P50]),
                s ? dr_pts(d, v[DR_CMP_P50_DELTA]) : "–");
    }
    fputc('\n', r->f);
}

typedef struct moved_ctx {
    const dr_review *rv;
    size_t s;
} moved_ctx;

/* Counties by the size of their change under scenario s, then file
 * order. */
static int cmp_moved(const void *a, const void *b, void *ctx)
{
    const moved_ctx *c = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = fabs(dr_review_cmp(c->rv, c->s, i)[DR_CMP_DELTA]);
    double y = fabs(dr_review_cmp(c->rv, c->s, j)[DR_CMP_DELTA]);
    if (x != y)
        return x > y ? -1 : 1;
    return i < j ? -1 : i > j;
}

static dr_status review_moves(const dr_rctx *r, const dr_review *rv,
                              dr_error *err)
{
    const dr_briefing *b = r->b;
    size_t n = rv->n;
    char buf[64];
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_RV_SEC_MOVES));
    dr_say(r, RX_RV_MOVES_INTRO, b->base_year + b->years);
    fprintf(r->f, "\n\n%s\n", dr_rt(r, RX_RV_MOVES_HEAD));
    for (size_t k = 1; k < rv->ns; k++) {
        size_t s = rv->order[k - 1];
        moved_ctx c = {rv, s};
        for (size_t i = 0; i < n; i++)
            idx[i] = i;
        qsort_r(idx, n, sizeof *idx, cmp_moved, &c);
        fputs("| ", r->f);
        md_title(r, rv, s);
        fputs(" | ", r->f);
        size_t shown = 0;
        for (size_t j = 0; j < n && shown < 3; j++) {
            const double *v = dr_review_cmp(rv, s, idx[j]);
            if (v[DR_CMP_DELTA] == 0.0)
                break;
            fputs(shown++ ? dr_rt(r, RX_COMMA) : "", r->f);
            dr_md_text(r->f, b->county[idx[j]].name);
            fprintf(r->f, " %s", change(r, buf, sizeof buf, v));
        }
        if (!shown)
            fputs(dr_rt(r, RX_RV_NO_CHANGE), r->f);
        fputs(" |\n", r->f);
    }
    fputc('\n', r->f);

    /* for each county (riskiest first) and the city: the scenario that
     * raises its probability most and the one that lowers it most */
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_RV_SEC_COUNTY));
    dr_say(r, RX_RV_COUNTY_HEAD, b->base_year + b->years);
    fputc('\n', r->f);
    for (size_t k = 0; k <= n; k++) {
        size_t i = k < n ? b->rank[k] : n;
        size_t hi = 0, lo = 0;
        for (size_t s = 1; s < rv->ns; s++) {
            double d = dr_review_cmp(rv, s, i)[DR_CMP_DELTA];
            if (d > 0.0 && (!hi || d > dr_review_cmp(rv, hi, i)[DR_CMP_DELTA]))
                hi = s;
            if (d < 0.0 && (!lo || d < dr_review_cmp(rv, lo, i)[DR_CMP_DELTA]))
                lo = s;
        }
        fputs("| ", r->f);
        if (k < n)
            dr_md_text(r->f, b->county[i].name);
        else
            fputs(dr_rt(r, RX_CITY_ROW), r->f);
        fprintf(r->f, " | %s | ",
                dr_rpct(buf, dr_review_cmp(rv, 0, i)[DR_CMP_P]));
        size_t pick[2] = {hi, lo};
        for (int side = 0; side < 2; side++) {
            if (pick[side]) {
                md_title(r, rv, pick[side]);
                fprintf(r->f, " %s",
                        change(r, buf, sizeof buf,
                               dr_review_cmp(rv, pick[side], i)));
            } else
                fputs("–", r->f);
            fputs(side ? " |\n" : " | ", r->f);
        }
    }
    fputc('\n', r->f);
    free(idx);
    return DR_OK;
}

static void review_charts(const dr_rctx *r, const dr_review *rv)
{
    const dr_briefing *b = r->b;
    char buf[600], h[256];
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_RV_SEC_CHARTS));
    const char *names[2] = {"compare_breach", "compare_city"};
    const char *heads[2] = {
        dr_sayb(r, h, sizeof h, RX_RV_CH_BREACH, b->base_year + b->years),
        dr_rt(r, RX_RV_CH_CITY)};
    for (int k = 0; k < 2; k++) {
        const char *rel = dr_picture_in(rv->dir, "", names[k], buf, sizeof buf);
        if (!rel)
            continue;
        fprintf(r->f, "%s\n\n![", heads[k]);
        dr_md_text(r->f, heads[k] + strspn(heads[k], "# "));
        fprintf(r->f, "](%s)\n\n", rel);
    }
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_RV_CH_EACH));
    for (size_t s = 0; s < rv->ns; s++) {
        fputs("- ", r->f);
        md_title(r, rv, s);
        fputs(r->zh ? "：" : ":", r->f);
        snprintf(buf, sizeof buf, "%s/report.md", rv->name[s]);
        if (dr_file_exists(rv->dir, buf))
            fprintf(r->f, " [%s](%s)", dr_rt(r, RX_RV_REPORT), buf);
        if (dr_picture_in(rv->dir, rv->name[s], "ranking", buf, sizeof buf))
            fprintf(r->f, " · [%s](%s)", dr_rt(r, RX_RV_RANKING), buf);
        if (dr_picture_in(rv->dir, rv->name[s], dr_chart_city_name(&rv->sc[s]),
                          buf, sizeof buf))
            fprintf(r->f, " · [%s](%s)", dr_rt(r, RX_RV_FAN_CITY), buf);
        fputc('\n', r->f);
    }
    fputc('\n', r->f);
}

static void review_method(const dr_rctx *r)
{
    const dr_briefing *b = r->b;
    char a[32], buf[1024], cmd[1024];
    fprintf(r->f, "%s\n\n%s\n", dr_rt(r, RX_SEC_METHOD), dr_rt(r, RX_RV_M_CRN));
    dr_say(r, RX_RV_M_BREACH, dr_rline(a, b->warning), b->base_year + b->years);
    fputc('\n', r->f);
    if (*b->model) {
        dr_md_code(buf, sizeof buf, b->model);
        dr_say(r, RX_M_MODEL, buf);
        fputc('\n', r->f);
    }
    dr_md_code(buf, sizeof buf, b->version);
    dr_md_code(cmd, sizeof cmd, b->command);
    dr_say(r, RX_M_VERSION, buf, cmd);
    fputc('\n', r->f);
    fprintf(r->f, "%s\n", dr_rt(r, RX_RV_M_FILES));
}

dr_status dr_review_report_write(const char *outdir, dr_lang lang,
                                 dr_error *err)
{
    dr_review rv;
    dr_status st = dr_review_load(&rv, outdir, err);
    if (st)
        return st;
    dr_md_file o;
    if ((st = dr_md_open(&o, outdir, err)))
        goto done;
    const dr_briefing *b = &rv.sc[0];
    int nomem = 0;
    dr_rctx r = {.b = b, .zh = (lang == DR_LANG_ZH), .f = o.f, .nomem = &nomem};
    char a[32], c[32];
    dr_say(&r, rv.ns == 2 ? RX_RV_TITLE_ONE : RX_RV_TITLE, rv.ns - 1);
    fputs("\n\n", o.f);
    dr_say(&r, b->deterministic ? RX_RV_RUN_DET : RX_RV_RUN,
           dr_rcount(&r, a, b->paths), b->seed, b->base_year,
           b->base_year + b->years, dr_rline(c, b->warning));
    fputs("\n\n", o.f);
    review_headline(&r, &rv);
    review_baseline(&r, &rv);
    review_scenarios(&r, &rv);
    review_city(&r, &rv);
    if ((st = review_moves(&r, &rv, err)))
        goto done;
    review_charts(&r, &rv);
    review_method(&r);
    if (nomem)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
done:
    st = dr_md_close(&o, st, err);
    dr_review_free(&rv);
    return st;
}
