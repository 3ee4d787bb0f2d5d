/* The report of a backtest: backtest.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/report_backtest.h"
#include "present/rtext.h"

/* The coverages of the 10-90% band below and above which a verdict calls
 * the bands too narrow or too wide: 10 points either side of the ideal
 * 80% (the comparisons are correlated, so a binomial standard error would
 * be too strict). Written out: 0.8 - 0.1 in binary lies above 0.7, which
 * called exactly 70% too narrow while 90% was about right. */
#define COVER_NARROW 0.7
#define COVER_WIDE 0.9
/* A mean PIT this far from 0.5 is a bias worth a sentence. */
#define BIAS_SLACK 0.15

static const char *pct(char buf[32], double v)
{
    return dr_rpct(buf, v);
}

static const char *var_name(const dr_rctx *r, int v)
{
    return dr_rt(r, (dr_rtext_id)(RX_BT_V_GDP + v));
}

static const char *family_name(const dr_rctx *r, dr_family f)
{
    return dr_rt(r, (dr_rtext_id)(RX_BT_F_NORMAL + (int)f));
}

/* The mean PIT of variable v (-1: all) under family k, and the count. */
static double mean_pit(const dr_backtest *b, int k, int v, size_t *n)
{
    double sum = 0.0;
    *n = 0;
    for (size_t j = 0; j < b->nrows; j++) {
        const dr_bt_row *row = &b->row[j];
        if (row->family == k && (v < 0 || row->var == v)) {
            sum += row->pit;
            (*n)++;
        }
    }
    return *n ? sum / (double)*n : NAN;
}

/* How far family k's bands are from their ideal, over every variable. */
static double misfit(const dr_backtest *b, int k)
{
    double d = 0.0;
    for (int v = 0; v < DR_NTRACK; v++) {
        size_t n;
        double c80 = dr_backtest_coverage(b, k, v, 0.1, &n);
        double c90 = dr_backtest_coverage(b, k, v, 0.05, &n);
        if (n)
            d += fabs(c80 - 0.8) + fabs(c90 - 0.9);
    }
    return d;
}

static void write_verdicts(const dr_rctx *r, const dr_backtest *b, int k)
{
    char a[32], c[32];
    size_t n;
    double c80 = dr_backtest_coverage(b, k, -1, 0.1, &n);
    double c90 = dr_backtest_coverage(b, k, -1, 0.05, &n);
    dr_say(r, RX_BT_HEAD, family_name(r, b->family[k]), pct(a, c80), n,
           pct(c, c90));
    fputs("\n\n", r->f);
    for (int v = 0; v < DR_NTRACK; v++) {
        double cv = dr_backtest_coverage(b, k, v, 0.1, &n);
        if (!n)
            continue;
        /* a bias first: bands that miss to one side are not the same
         * fault as bands too narrow */
        double m = mean_pit(b, k, v, &n);
        int debt = v == DR_TR_BROAD; /* higher is worse */
        char bias[32];
        if (m > 0.5 + BIAS_SLACK)
            dr_say(r, debt ? RX_BT_HIGH_DEBT : RX_BT_HIGH, var_name(r, v),
                   pct(bias, m), pct(a, cv));
        else if (m < 0.5 - BIAS_SLACK)
            dr_say(r, debt ? RX_BT_LOW_DEBT : RX_BT_LOW, var_name(r, v),
                   pct(bias, 1.0 - m), pct(a, cv));
        else
            dr_say(r,
                   cv < COVER_NARROW ? RX_BT_NARROW
                   : cv > COVER_WIDE ? RX_BT_WIDE
                                     : RX_BT_RIGHT,
                   var_name(r, v), pct(a, cv), var_name(r, v));
        fputc('\n', r->f);
    }
    fputc('\n', r->f);
}

/* The variables every family missed to one side, as a list. */
static void write_all_biased(const dr_rctx *r, const dr_backtest *b)
{
    int biased[DR_NTRACK], count = 0;
    for (int v = 0; v < DR_NTRACK; v++) {
        int all = 1;
        size_t n;
        for (int k = 0; k < b->nfam && all; k++) {
            double m = mean_pit(b, k, v, &n);
            all = n > 0 && fabs(m - 0.5) > BIAS_SLACK;
        }
        if (all)
            biased[count++] = v;
    }
    if (!count)
        return;
    char list[512];
    size_t len = 0;
    for (int j = 0; j < count && len < sizeof list; j++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                j == 0           ? ""
                                : j == count - 1 ? dr_rt(r, RX_AND)
                                                 : dr_rt(r, RX_COMMA),
                                var_name(r, biased[j]));
    dr_say(r, RX_BT_ALL_BIASED, list);
    fputs("\n\n", r->f);
}

static void write_table(const dr_rctx *r, const dr_backtest *b)
{
    char a[32], c[32];
    fprintf(r->f, "%s\n\n%s\n\n", dr_rt(r, RX_BT_SEC_TABLE),
            dr_rt(r, RX_BT_TABLE_INTRO));
    dr_say(r, RX_BT_TABLE_HEAD);
    fputc('\n', r->f);
    for (int v = 0; v < DR_NTRACK; v++)
        for (int k = 0; k < b->nfam; k++) {
            size_t n;
            double c80 = dr_backtest_coverage(b, k, v, 0.1, &n);
            if (!n)
                continue;
            double c90 = dr_backtest_coverage(b, k, v, 0.05, &n);
            double m = mean_pit(b, k, v, &n);
            fprintf(r->f, "| %s | %s | %zu | %s | %s | %.2f |\n",
                    var_name(r, v), family_name(r, b->family[k]), n,
                    pct(a, c80), pct(c, c90), m);
        }
    fputc('\n', r->f);
}

static void write_charts(const dr_rctx *r, const dr_backtest *b,
                         const char *dir)
{
    char rel[256];
    if (!dr_picture_in(dir, "", "backtest_pit", rel, sizeof rel))
        return;
    fprintf(r->f, "%s\n\n![%s](%s)\n\n", dr_rt(r, RX_BT_SEC_CHARTS),
            dr_rt(r, RX_BT_CH_PIT), rel);
    dr_say(r, RX_BT_CH_FANS, b->origin0);
    fputs("\n\n", r->f);
    for (size_t i = 0; i < b->fiscal->n; i++) {
        char name[96];
        snprintf(name, sizeof name, "backtest_%s", b->fiscal->county[i].id);
        if (!dr_picture_in(dir, "", name, rel, sizeof rel))
            continue;
        fputs("![", r->f);
        dr_md_lang(r, b->fiscal->county[i].name);
        fprintf(r->f, "](%s)\n\n", rel);
    }
}

dr_status dr_backtest_report_write(const char *dir, const dr_backtest *b,
                                   const char *history, dr_lang lang,
                                   dr_error *err)
{
    int zh = dr_report_lang(lang);
    dr_md_file o;
    dr_status st = dr_md_open_as(&o, dir, "backtest.md", err);
    if (st != DR_OK)
        return dr_md_close(&o, st, err);
    dr_rctx r = {.zh = zh, .f = o.f};
    const char *h = strrchr(history, '/');
    char paths[32];
    long horizon = 0;
    for (size_t j = 0; j < b->nrows; j++)
        if (b->row[j].year - b->row[j].origin > horizon)
            horizon = b->row[j].year - b->row[j].origin;
    fprintf(o.f, "%s\n\n", dr_rt(&r, RX_BT_TITLE));
    dr_say(&r, RX_BT_RUN, h ? h + 1 : history, b->from, b->origin0, b->origin1,
           horizon, dr_rcount(&r, paths, b->paths));
    fprintf(o.f, "\n\n%s\n\n", dr_rt(&r, RX_BT_SEC_VERDICT));
    int best = 0;
    for (int k = 0; k < b->nfam; k++) {
        write_verdicts(&r, b, k);
        if (misfit(b, k) < misfit(b, best))
            best = k;
    }
    if (b->nfam > 1) {
        dr_say(&r, RX_BT_BEST, family_name(&r, b->family[best]));
        fputs("\n\n", o.f);
    }
    if (b->nfam > 1) /* "whatever the shocks" needs more than one */
        write_all_biased(&r, b);
    write_table(&r, b);
    write_charts(&r, b, dir);
    fprintf(o.f, "%s\n\n%s\n", dr_rt(&r, RX_BT_SEC_METHOD),
            dr_rt(&r, RX_BT_M_HOW));
    dr_say(&r, RX_BT_M_PIT);
    fprintf(o.f, "\n%s\n%s\n%s\n", dr_rt(&r, RX_BT_M_CAVEAT),
            dr_rt(&r, RX_BT_M_TREND), dr_rt(&r, RX_BT_M_FILES));
    return dr_md_close(&o, st, err);
}
