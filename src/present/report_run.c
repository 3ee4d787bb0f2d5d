/* The run's briefing: report.md of a run folder. */
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

/* The headline: which counties are likely above the line at the horizon
 * (p_above of broad at least 50%, as `debtrisk run` prints it), in order
 * of risk; then how many would likely breach it by then. */
dr_status dr_run_headline(const dr_rctx *r, dr_error *err)
{
    const dr_briefing *b = r->b;
    long T = b->years, end = b->base_year + b->years;
    size_t *idx = calloc(b->n ? b->n : 1, sizeof *idx), n = 0, nb = 0;
    char line[32], p[32];
    if (!idx)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < b->n; k++) {
        const dr_brief_county *c = &b->county[b->rank[k]];
        if (c->p_above[T] >= 0.5)
            idx[n++] = b->rank[k];
        nb += c->p_breach_end >= 0.5;
    }
    dr_rline(line, b->warning);
    char *names = dr_name_list(r, idx, n);
    free(idx);
    if (!names)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (n > 0)
        dr_say(r,
               b->deterministic ? (n == 1 ? RX_HEAD_DET_ONE : RX_HEAD_DET)
                                : (n == 1 ? RX_HEAD_ONE : RX_HEAD_SOME),
               n, b->n, line, end, names);
    else if (b->deterministic)
        dr_say(r, RX_HEAD_DET_NONE, b->n, line, end);
    else {
        /* the riskiest county by its chance of being above at the end */
        size_t top = 0;
        for (size_t k = 1; k < b->n; k++)
            if (b->county[k].p_above[T] > b->county[top].p_above[T])
                top = k;
        char *top_name = dr_name_list(r, &top, 1);
        if (!top_name) {
            free(names);
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        }
        dr_say(r, RX_HEAD_NONE, b->n, line, end, top_name,
               dr_rpct(p, b->county[top].p_above[T]));
        free(top_name);
    }
    free(names);
    fputc(' ', r->f);
    dr_say(r, b->deterministic ? RX_HEAD_BREACH_DET : RX_HEAD_BREACH, nb, end);
    fputs("\n\n", r->f);
    return DR_OK;
}

static const char *grade_name(const dr_rctx *r, int g)
{
    return dr_rt(r, (dr_rtext_id)(RX_GREEN + g));
}

static void write_counties(const dr_rctx *r)
{
    const dr_briefing *b = r->b;
    long T = b->years, B = b->base_year;
    char a[32], c[32], d[32];
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_SEC_COUNTIES));
    dr_say(r, RX_TABLE_HEAD, B, B + T);
    fputs("\n|---|---:|---:|---:|---:|---:|---|\n", r->f);
    for (size_t k = 0; k < b->n; k++) {
        const dr_brief_county *ct = &b->county[b->rank[k]];
        fputs("| ", r->f);
        dr_md_text(r->f, ct->name);
        fprintf(r->f, " | %s | %s | %s–", dr_rpct(a, ct->base),
                dr_rpct(c, ct->p50_end), dr_rpct(d, ct->p10_end));
        fprintf(r->f, "%s | %s", dr_rpct(a, ct->p90_end),
                dr_rpct(c, ct->p_breach_end));
        if (!b->deterministic)
            fprintf(r->f, " ± %s", dr_rpct(d, ct->p_breach_end_se));
        if (ct->first_year_p50 > 0)
            fprintf(r->f, " | %ld | ", ct->first_year_p50);
        else
            fputs(" | – | ", r->f);
        const double *g = &ct->grade[(size_t)T * DR_NGRADES];
        int best = DR_GREEN;
        for (int k2 = 1; k2 < DR_NGRADES; k2++)
            if (g[k2] > g[best])
                best = k2;
        if (b->deterministic)
            fprintf(r->f, "%s |\n", grade_name(r, best));
        else {
            fputs(grade_name(r, best), r->f);
            dr_say(r, RX_PAREN, dr_rpct(a, g[best]));
            fputs(" |\n", r->f);
        }
    }
    /* the city line: its own ratio, and its chance of being above at the
     * end (the city has no breach-by statistic of its own) */
    const double *q0 = &b->city_q[0], *qT = &b->city_q[(size_t)T * DR_NPCT];
    double pc = b->city_p_above[T];
    fprintf(r->f, "| %s | %s | %s | %s–", dr_rt(r, RX_CITY_ROW),
            dr_rpct(a, q0[3]), dr_rpct(c, qT[3]), dr_rpct(d, qT[1]));
    fprintf(r->f, "%s | %s", dr_rpct(a, qT[5]), dr_rpct(c, pc));
    if (!b->deterministic && b->paths > 0)
        fprintf(r->f, " ± %s",
                dr_rpct(d, sqrt(pc * (1.0 - pc) / (double)b->paths)));
    dr_say(r, RX_IN_YEAR, B + T);
    long first = 0;
    for (long t = 0; t <= T && !first; t++)
        if (b->city_p_above[t] >= 0.5)
            first = B + t;
    if (first)
        fprintf(r->f, " | %ld | – |\n\n", first);
    else
        fputs(" | – | – |\n\n", r->f);
}

static void write_city(const dr_rctx *r)
{
    const dr_briefing *b = r->b;
    long T = b->years, B = b->base_year;
    char a[32], c[32], d[32], e[32], w[32];
    const double *q0 = &b->city_q[0], *qT = &b->city_q[(size_t)T * DR_NPCT];
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_SEC_CITY));
    snprintf(e, sizeof e, "%.1f", b->city_expected[T]);
    dr_say(r, RX_CITY_LINE, dr_rpct(a, qT[3]), B + T, dr_rpct(c, q0[3]), B,
           dr_rpct(d, qT[1]), dr_rpct(w, qT[5]), e);
    if (!b->deterministic) {
        size_t best = 0;
        for (size_t k = 1; k <= b->n; k++)
            if (b->counts[k] > b->counts[best])
                best = k;
        fputc(' ', r->f);
        dr_say(r, RX_CITY_COUNT, best, dr_rpct(a, b->counts[best]), B + T);
    }
    fputs("\n\n", r->f);
    dr_say(r, RX_CITY_TABLE_HEAD, dr_rline(w, b->warning));
    fputs("\n|---:|---:|---:|---:|---:|\n", r->f);
    for (long t = 0; t <= T; t++) {
        const double *q = &b->city_q[(size_t)t * DR_NPCT];
        fprintf(r->f, "| %ld | %s | %s–", B + t, dr_rpct(a, q[3]),
                dr_rpct(c, q[1]));
        fprintf(r->f, "%s | %s | %.1f |\n", dr_rpct(d, q[5]),
                dr_rpct(e, b->city_p_above[t]), b->city_expected[t]);
    }
    fputc('\n', r->f);
}

/* charts/NAME.png, else .svg, when drawn; NULL when neither is there. */
static const char *picture(const dr_rctx *r, const char *name, char *buf,
                           size_t n)
{
    static const char *const ext[] = {"png", "svg"};
    for (int k = 0; k < 2; k++) {
        snprintf(buf, n, "%s/charts/%s.%s", r->b->dir, name, ext[k]);
        if (access(buf, R_OK) == 0) {
            snprintf(buf, n, "charts/%s.%s", name, ext[k]);
            return buf;
        }
    }
    return NULL;
}

/* The picture of chart `name` under a heading ("### ...") or, with no
 * heading, with alt as its text. */
static int image(const dr_rctx *r, const char *heading, const char *name)
{
    char buf[1200];
    const char *rel = picture(r, name, buf, sizeof buf);
    if (!rel)
        return 0;
    fprintf(r->f, "%s\n\n", heading);
    fputs("![", r->f);
    dr_md_text(r->f, heading + strspn(heading, "# "));
    fprintf(r->f, "](%s)\n\n", rel);
    return 1;
}

static void write_charts(const dr_rctx *r)
{
    const dr_briefing *b = r->b;
    long end = b->base_year + b->years;
    char buf[1200], h[256];
    int any = 0;
    /* is there any picture at all? */
    const char *fixed[] = {"ranking", "heatmap", "grades", "counties_above",
                           dr_chart_city_name(b)};
    for (size_t k = 0; k < 5 && !any; k++)
        any = picture(r, fixed[k], buf, sizeof buf) != NULL;
    for (size_t k = 0; k < b->n && !any; k++) {
        char name[80];
        snprintf(name, sizeof name, "fan_%s", b->county[k].id);
        any = picture(r, name, buf, sizeof buf) != NULL;
    }
    if (!any)
        return;
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_SEC_CHARTS));
    image(r, dr_sayb(r, h, sizeof h, RX_CH_RANKING, end), "ranking");
    image(r, dr_rt(r, RX_CH_HEATMAP), "heatmap");
    image(r, dr_sayb(r, h, sizeof h, RX_CH_GRADES, end), "grades");
    image(r, dr_rt(r, RX_CH_ABOVE), "counties_above");
    image(r, dr_rt(r, RX_CH_CITY), dr_chart_city_name(b));
    int heading = 0;
    for (size_t k = 0; k < b->n; k++) {
        const dr_brief_county *ct = &b->county[b->rank[k]];
        char name[80];
        snprintf(name, sizeof name, "fan_%s", ct->id);
        if (!picture(r, name, buf, sizeof buf))
            continue;
        if (!heading++)
            fprintf(r->f, "%s\n\n", dr_rt(r, RX_CH_FANS));
        fputs("![", r->f);
        dr_md_text(r->f, ct->name);
        fprintf(r->f, "](%s)\n\n", picture(r, name, buf, sizeof buf));
    }
}

static void write_method(const dr_rctx *r)
{
    const dr_briefing *b = r->b;
    char a[32], c[32], d[32], e[32], buf[1024], cmd[1024];
    fprintf(r->f, "%s\n\n", dr_rt(r, RX_SEC_METHOD));
    if (*b->model) {
        dr_md_code(buf, sizeof buf, b->model);
        dr_say(r, RX_M_MODEL, buf);
        fputc('\n', r->f);
    }
    fputs(dr_rt(r, RX_SCENARIO), r->f);
    dr_md_text(r->f, dr_briefing_scenario(b));
    if (*b->title && *b->scenario && strcmp(b->title, b->scenario) != 0) {
        fputs(" (`", r->f);
        dr_md_code(buf, sizeof buf, b->scenario);
        fprintf(r->f, "%s`)", buf);
    }
    fputc('\n', r->f);
    if (b->deterministic)
        dr_say(r, RX_M_DET);
    else {
        dr_say(r, RX_M_MC, dr_rcount(r, a, b->paths), b->seed);
    }
    fputc('\n', r->f);
    dr_md_code(buf, sizeof buf, b->version);
    dr_md_code(cmd, sizeof cmd, b->command);
    dr_say(r, RX_M_VERSION, buf, cmd);
    fputc('\n', r->f);
    dr_say(r, RX_M_DEF, dr_rline(a, b->warning), dr_rline(c, b->grades[0]),
           dr_rline(d, b->grades[1]), dr_rline(e, b->grades[2]));
    fputc('\n', r->f);
    dr_say(r, RX_M_FILES);
    fputc('\n', r->f);
}

dr_status dr_report_write(const char *dir, dr_lang lang, dr_error *err)
{
    dr_briefing b;
    dr_status st = dr_briefing_load(&b, dir, err);
    if (st)
        return st;
    size_t n = strlen(dir) + 32;
    char *path = malloc(n), *tmp = malloc(n);
    FILE *f = NULL;
    if (!path || !tmp) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    snprintf(path, n, "%s/report.md", dir);
    snprintf(tmp, n, "%s/report.md.tmp", dir);
    if (!(f = fopen(tmp, "w"))) {
        st = errno == ENOMEM
                 ? dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory")
                 : dr_error_set(err, DR_EIO, tmp, 0, 0, "cannot write: %s",
                                strerror(errno));
        goto done;
    }
    dr_rctx r = {.b = &b, .zh = (lang == DR_LANG_ZH), .f = f};
    fputs(dr_rt(&r, RX_TITLE), f);
    dr_md_text(f, dr_briefing_scenario(&b));
    fputs("\n\n", f);
    if ((st = dr_run_headline(&r, err)))
        goto done;
    write_counties(&r);
    write_city(&r);
    write_charts(&r);
    write_method(&r);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    f = NULL;
    if (bad || rename(tmp, path) != 0) {
        st = dr_error_set(err, DR_EIO, path, 0, 0, "cannot write: %s",
                          strerror(errno));
        remove(tmp);
    }
done:
    if (f) {
        fclose(f);
        remove(tmp);
    }
    free(path);
    free(tmp);
    dr_briefing_free(&b);
    return st;
}
