#include "present/deck.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "outputs/schema.h"
#include "present/brief_cells.h"
#include "present/briefing.h"
#include "present/mdtext.h"
#include "present/otext.h"
#include "present/pandoc.h"
#include "present/rtext.h"

#define DECK ".briefing-deck.md"
#define PPTX "briefing.pptx"

static const char *d(const dr_rctx *r, dr_otext_id id)
{
    return dr_ot(r->zh, id);
}

/* As say, into buf of size n; returns buf. */
static const char *osayb(const dr_rctx *r, char *buf, size_t n, dr_otext_id id,
                         ...)
{
    va_list ap;
    va_start(ap, id);
    vsnprintf(buf, n, dr_ot(r->zh, id), ap);
    va_end(ap);
    return buf;
}

/* Writes the text id with its arguments (printf, positional). */
static void say(const dr_rctx *r, dr_otext_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    vfprintf(r->f, dr_ot(r->zh, id), ap);
    va_end(ap);
}

static void today(char buf[16])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm) || !strftime(buf, 16, "%Y-%m-%d", &tm))
        buf[0] = '\0';
}

/* A slide of chart `name`, under title (its "#" marks dropped), when it
 * was drawn as PNG: pandoc lays a picture alone on its slide at the
 * width of the slide. */
static void chart_slide(const dr_rctx *r, const char *dir, const char *sub,
                        const char *title, const char *name)
{
    char rel[400];
    snprintf(rel, sizeof rel, "%s%scharts/%s.png", sub, *sub ? "/" : "", name);
    if (!dr_file_exists(dir, rel))
        return;
    fputs("## ", r->f);
    dr_md_text(r->f, title + strspn(title, "# "));
    fprintf(r->f, "\n\n![](%s)\n\n", rel);
}

/* The method slide: short enough to fit, the rest in the report. */
static void method(const dr_rctx *r)
{
    const dr_briefing *b = r->b;
    char a[32], c[32], e[32], g[32];
    fprintf(r->f, "%s\n\n%s", dr_rt(r, RX_SEC_METHOD), dr_rt(r, RX_SCENARIO));
    dr_md_lang(r, dr_briefing_scenario(b));
    fputc('\n', r->f);
    if (b->deterministic)
        dr_say(r, RX_M_DET);
    else
        dr_say(r, RX_M_MC, dr_rcount(r, a, b->paths), b->seed);
    fputc('\n', r->f);
    say(r, OX_DK_DEF, dr_rline(a, b->warning), dr_rline(c, b->grades[0]),
        dr_rline(e, b->grades[1]), dr_rline(g, b->grades[2]));
    fprintf(r->f, "\n%s\n", d(r, OX_DK_MORE));
}

/* The deck written in dir, made into briefing.pptx and removed. */
static dr_status make(const char *dir, dr_md_file *o, int nomem, dr_status st,
                      const char *title, const char *subtitle, dr_lang lang,
                      dr_error *err)
{
    if (st == DR_OK && nomem)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if ((st = dr_md_close(o, st, err)) != DR_OK)
        return st;
    char date[16];
    today(date);
    char *t = dr_lang_text(title, lang), *s = dr_lang_text(subtitle, lang);
    if (!t || !s)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    else
        st = dr_pandoc_pptx(dir, DECK, PPTX, t, s, date, lang, err);
    free(t);
    free(s);
    char *deck = dr_rb_join(dir, DECK);
    if (deck)
        unlink(deck);
    free(deck);
    return st;
}

/* The charts of the run folder sub of dir ("" for dir itself): the
 * ranking, and with all, the rest and the three riskiest counties. */
static void run_charts(const dr_rctx *r, const char *dir, const char *sub,
                       int all)
{
    const dr_briefing *b = r->b;
    long end = b->base_year + b->years;
    char h[256];
    chart_slide(r, dir, sub, dr_sayb(r, h, sizeof h, RX_CH_RANKING, end),
                "ranking");
    if (!all)
        return;
    chart_slide(r, dir, sub, dr_rt(r, RX_CH_HEATMAP), "heatmap");
    chart_slide(r, dir, sub, dr_sayb(r, h, sizeof h, RX_CH_GRADES, end),
                "grades");
    chart_slide(r, dir, sub, dr_rt(r, RX_CH_ABOVE), "counties_above");
    chart_slide(r, dir, sub, dr_rt(r, RX_CH_CITY), dr_chart_city_name(b));
    for (size_t k = 0; k < b->n && k < 3; k++) {
        const dr_brief_county *c = &b->county[b->rank[k]];
        char fan[100];
        snprintf(fan, sizeof fan, "fan_%s", c->id);
        chart_slide(r, dir, sub, c->name, fan);
    }
}

dr_status dr_deck_run(const char *dir, dr_lang lang, dr_error *err)
{
    int zh = dr_report_lang(lang);
    dr_briefing b;
    dr_status st = dr_briefing_load(&b, dir, err);
    if (st)
        return st;
    dr_md_file o;
    if ((st = dr_md_open_as(&o, dir, DECK, err)) == DR_OK) {
        int nomem = 0;
        dr_rctx r = {.b = &b, .zh = zh, .f = o.f, .nomem = &nomem};
        fprintf(o.f, "%s\n\n", d(&r, OX_DK_BRIEF));
        st = dr_run_headline(&r, err);
        run_charts(&r, dir, "", 1);
        method(&r);
        st = make(dir, &o, nomem, st, d(&r, OX_DK_RUN),
                  dr_briefing_scenario(&b), lang, err);
    }
    dr_briefing_free(&b);
    return st;
}

/* A change and its standard error in points for a table cell. */
static void change_cell(FILE *f, double v, double se)
{
    char a[32], b[32];
    fprintf(f, "%s ± %s", dr_pts(a, v), dr_se_pts(b, se));
}

dr_status dr_deck_review(const char *dir, dr_lang lang, dr_error *err)
{
    int zh = dr_report_lang(lang);
    dr_review rv;
    dr_status st = dr_review_load(&rv, dir, err);
    if (st)
        return st;
    dr_md_file o;
    const dr_briefing *b = &rv.sc[0];
    if ((st = dr_md_open_as(&o, dir, DECK, err)) == DR_OK) {
        int nomem = 0;
        dr_rctx r = {.b = b, .zh = zh, .f = o.f, .nomem = &nomem};
        fprintf(o.f, "%s\n\n", d(&r, OX_DK_BRIEF));
        st = dr_run_headline(&r, err);
        fprintf(o.f, "%s\n\n", d(&r, OX_DK_SCEN_TABLE));
        say(&r, OX_DK_SCEN_HEAD, b->base_year + b->years);
        for (size_t s = 0; s < rv.ns; s++) {
            const double *v = dr_review_cmp(&rv, s, rv.n);
            char *t = dr_review_title(&rv, s, lang);
            char p[32];
            fputs("| ", o.f);
            if (t)
                dr_md_text(o.f, t);
            else
                dr_rlost(&r);
            free(t);
            fprintf(o.f, " | %s | ", dr_rpct(p, v[DR_CMP_P]));
            if (s == 0)
                fputs("–", o.f);
            else
                change_cell(o.f, v[DR_CMP_DELTA], v[DR_CMP_SE]);
            fputs(" |\n", o.f);
        }
        fputs("\n", o.f);
        char h[256];
        chart_slide(
            &r, dir, "",
            dr_sayb(&r, h, sizeof h, RX_RV_CH_BREACH, b->base_year + b->years),
            "compare_breach");
        chart_slide(&r, dir, "", dr_rt(&r, RX_RV_CH_CITY), "compare_city");
        run_charts(&r, dir, rv.name[0], 0);
        method(&r);
        char sub[128];
        snprintf(sub, sizeof sub, dr_ot(zh, OX_DK_NSCEN), rv.ns - 1);
        st = make(dir, &o, nomem, st, d(&r, OX_DK_REVIEW), sub, lang, err);
    }
    dr_review_free(&rv);
    return st;
}

dr_status dr_deck_sensitivity(const char *dir, dr_lang lang, dr_error *err)
{
    int zh = dr_report_lang(lang);
    dr_sensitivity s;
    dr_status st = dr_sensitivity_load(&s, dir, err);
    if (st)
        return st;
    size_t *order = malloc((s.np ? s.np : 1) * sizeof *order);
    dr_md_file o;
    if (!order)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    else if ((st = dr_md_open_as(&o, dir, DECK, err)) == DR_OK) {
        int nomem = 0;
        const dr_briefing *b = &s.base;
        dr_rctx r = {.b = b, .zh = zh, .f = o.f, .nomem = &nomem};
        dr_sensitivity_rank(&s, s.n, order);
        /* the three that move the city most, in words */
        char list[1024] = "", one[300], label[200], pts[32];
        for (size_t k = 0; k < s.np && k < 3; k++) {
            size_t p = order[k];
            osayb(&r, one, sizeof one, OX_DK_MOVES_ONE,
                  dr_param_label(s.param[p], lang, label, sizeof label),
                  dr_pts(pts, dr_sensitivity_swing(&s, p, s.n)));
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s",
                     k ? dr_rt(&r, RX_COMMA) : "", one);
        }
        fprintf(o.f, "%s\n\n", d(&r, OX_DK_BRIEF));
        char *md = NULL;
        size_t mdlen = 0;
        FILE *m = dr_rmem_open(&r, &md, &mdlen);
        if (m) {
            dr_md_text(m, list);
            fclose(m);
            say(&r, OX_DK_MOVES, b->base_year + b->years, md);
            free(md);
        }
        fputs("\n\n", o.f);
        chart_slide(&r, dir, "", d(&r, OX_DK_TORNADO_CITY),
                    dr_tornado_city_name(&s));
        const dr_brief_county *c = &b->county[s.riskiest];
        char title[300], name[100];
        snprintf(title, sizeof title, dr_ot(zh, OX_DK_TORNADO), c->name);
        snprintf(name, sizeof name, "tornado_%s", c->id);
        chart_slide(&r, dir, "", title, name);
        method(&r);
        st = make(dir, &o, nomem, st, d(&r, OX_DK_SENS),
                  dr_briefing_scenario(b), lang, err);
    }
    free(order);
    dr_sensitivity_free(&s);
    return st;
}

/* The effort table of solve.csv, with how many counties are solved, met
 * and not reachable in the headline. */
static dr_status solve_table(const dr_rctx *r, const char *dir, dr_error *err)
{
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    dr_csv_table t;
    char *path;
    dr_status st = dr_rb_schema_table(
        dir, DR_SC_SOLVE, DR_COLS(DR_SOLVE_NCOLS) - 1, cols, &t, &path, err);
    free(path);
    if (st)
        return st;
    static const char *const status[3] = {"solved", "met", "not-reachable"};
    size_t count[3] = {0};
    for (size_t k = 0; k < t.nrows; k++)
        for (int g = 0; g < 3; g++)
            count[g] += strcmp(dr_csv_get(&t, k, DR_SOLVE_STATUS)->text,
                               status[g]) == 0;
    fprintf(r->f, "%s\n\n", d(r, OX_DK_BRIEF));
    if (t.nrows > 0) {
        char *lever = NULL, *target = NULL;
        size_t n1, n2;
        FILE *a = dr_rmem_open(r, &lever, &n1);
        if (a) {
            dr_md_text(a, dr_csv_get(&t, 0, DR_SOLVE_LEVER)->text);
            fclose(a);
        }
        FILE *b = dr_rmem_open(r, &target, &n2);
        if (b) {
            dr_md_text(b, dr_csv_get(&t, 0, DR_SOLVE_TARGET)->text);
            fclose(b);
        }
        if (lever && target)
            say(r, OX_DK_SOLVE_COUNT, lever, target, count[0], count[1],
                count[2]);
        free(lever);
        free(target);
    }
    fprintf(r->f, "\n\n%s\n\n%s", d(r, OX_DK_EFFORT), d(r, OX_DK_EFFORT_HEAD));
    static const dr_otext_id said[3] = {OX_DK_SOLVED, OX_DK_MET,
                                        OX_DK_NOTREACH};
    const char *lever = t.nrows ? dr_csv_get(&t, 0, DR_SOLVE_LEVER)->text : "";
    int share = strncmp(lever, "spending", 8) == 0 ||
                strncmp(lever, "revenue", 7) == 0 ||
                strncmp(lever, "swap", 4) == 0;
    for (size_t k = 0; k < t.nrows && k < 14; k++) {
        const char *id = dr_csv_get(&t, k, DR_SOLVE_COUNTY_ID)->text;
        const char *s = dr_csv_get(&t, k, DR_SOLVE_STATUS)->text;
        const char *v = dr_csv_get(&t, k, DR_SOLVE_VALUE)->text;
        int g = 0;
        while (g < 2 && strcmp(s, status[g]) != 0)
            g++;
        fputs("| ", r->f);
        dr_md_text(r->f, strcmp(id, "city") == 0
                             ? d(r, OX_DK_CITY)
                             : dr_csv_get(&t, k, DR_SOLVE_NAME)->text);
        fprintf(r->f, " | %s | ", d(r, said[g]));
        /* a share of spending, revenue or hidden debt in percent */
        char *end, buf[32];
        double x = strtod(v, &end);
        if (share && *v && !*end) {
            snprintf(buf, sizeof buf, "%.1f%%", 100.0 * x);
            v = buf;
        }
        dr_md_text(r->f, v);
        fputs(" |\n", r->f);
    }
    fputs("\n", r->f);
    dr_csv_free(&t);
    return DR_OK;
}

dr_status dr_deck_solve(const char *dir, dr_lang lang, dr_error *err)
{
    int zh = dr_report_lang(lang);
    dr_briefing b;
    char *solved = dr_rb_join(dir, "solved");
    if (!solved)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_status st = dr_briefing_load(&b, solved, err);
    free(solved);
    if (st)
        return st;
    dr_md_file o;
    if ((st = dr_md_open_as(&o, dir, DECK, err)) == DR_OK) {
        int nomem = 0;
        dr_rctx r = {.b = &b, .zh = zh, .f = o.f, .nomem = &nomem};
        st = solve_table(&r, dir, err);
        chart_slide(&r, dir, "", d(&r, OX_DK_EFFORT_CHART), "solve_effort");
        chart_slide(&r, dir, "", d(&r, OX_DK_SOLVE_CITY), "solve_city");
        method(&r);
        st = make(dir, &o, nomem, st, d(&r, OX_DK_SOLVE),
                  dr_briefing_scenario(&b), lang, err);
    }
    dr_briefing_free(&b);
    return st;
}
