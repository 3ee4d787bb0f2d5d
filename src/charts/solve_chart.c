/* The charts of a solve: the effort each county needs and the city before
 * and after the package. */
#define _GNU_SOURCE /* qsort_r */
#include "charts/solve_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "charts/chart.h"
#include "charts/chart_gp.h"
#include "charts/gnuplot.h"

static const char *const status_color[3] = {"'#2171b5'", "'#31a354'",
                                            "'#bdbdbd'"};

/* A share lever is drawn in percent. */
static double shown(const dr_solve *s, double x)
{
    switch (s->lever.kind) {
    case DR_LEVER_SPENDING:
    case DR_LEVER_REVENUE:
    case DR_LEVER_SWAP: return 100.0 * x;
    default: return x;
    }
}

static int by_value(const void *a, const void *b, void *ctx)
{
    const dr_solve *s = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = fabs(s->row[i].value - s->lever.lo);
    double y = fabs(s->row[j].value - s->lever.lo);
    /* the greatest effort at the top; ties in county order */
    if (x != y)
        return x > y ? -1 : 1;
    return i < j ? -1 : i > j;
}

static void effort_axis(const chart_ctx *c, const dr_solve *s, FILE *f)
{
    char axis[160];
    const char *unit = "";
    switch (s->lever.kind) {
    case DR_LEVER_SPENDING:
    case DR_LEVER_REVENUE:
    case DR_LEVER_SWAP: unit = " (%)"; break;
    default: break;
    }
    snprintf(axis, sizeof axis, "%s%s", dr_lever_name(&s->lever, c->zh), unit);
    fputs("set xlabel ", f);
    gp_str(f, axis);
    fputs(" font ',17' textcolor rgb MUTED\n", f);
    double lo = shown(s, s->lever.lo), hi = shown(s, s->lever.hi);
    double a = fmin(lo, hi), b = fmax(lo, hi);
    fprintf(f, "set xrange [%.10g:%.10g]\n", a, b + 0.08 * (b - a));
    fprintf(f, "set xtics %.10g font ',14'\n", gp_nice_step(b - a, 6));
}

static dr_status write_effort(const chart_ctx *c, const dr_solve *s,
                              size_t *order)
{
    const char *name = "solve_effort";
    size_t n = s->nrows;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, by_value, (void *)s);
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fputs("# row value status county_id (value as drawn: a share in "
          "percent; status 0 solved, 1 met, 2 not reachable)\n",
          dat.f);
    for (size_t r = 0; r < n; r++) {
        const dr_solve_row *row = &s->row[order[r]];
        fprintf(dat.f, "%zu", r);
        gp_dat_num(dat.f, shown(s, row->value));
        fprintf(dat.f, " %d %s\n", (int)row->status,
                s->fiscal->county[order[r]].id);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char sub[400], words[160], bound[32], run[200], paths[32];
    gp_begin(c, f, name, "Solve: the effort each county needs");
    dr_target_words(&s->target, c->zh, words, sizeof words);
    if (s->target.prob)
        snprintf(bound, sizeof bound, "%.0f%%", 100.0 * s->target.bound);
    else
        dr_format_double(bound, s->target.bound);
    gp_txf(c, sub, sizeof sub, TX_SV_EFFORT_SUBJECT,
           dr_lever_name(&s->lever, c->zh), words, bound);
    double y =
        gp_titles(f, gp_tx(c, TX_SV_EFFORT_TITLE), sub,
                  gp_txf(c, run, sizeof run, TX_SV_RUN,
                         gp_count(c, paths, s->paths), s->seed, s->runs));
    legend_item lg[3];
    for (int k = 0; k < 3; k++) {
        lg[k] = (legend_item){LG_BOX, status_color[k], ""};
        snprintf(lg[k].text, sizeof lg[k].text, "%s",
                 gp_tx(c, (text_id)(TX_SV_SOLVED + k)));
    }
    gp_legend(f, lg, 3, y, 17);
    double top = y - 0.045;
    int pt = gp_row_font(n, (top - 0.14) * 900.0, 18);
    double w = 0.0;
    for (size_t i = 0; i < n; i++)
        w = fmax(w, gp_text_cells(s->fiscal->county[i].name));
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.95\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.14\n",
            gp_label_margin(w, pt, 0.09), top);
    fputs("set ytics (", f);
    for (size_t r = 0; r < n; r++) {
        fputs(r ? ", " : "", f);
        gp_quote(f, s->fiscal->county[order[r]].name, 1);
        fprintf(f, " %zu", r);
    }
    fprintf(f, ") font ',%d' scale 0\nset yrange [%g:-0.5]\n", pt,
            (double)n - 0.5);
    effort_axis(c, s, f);
    fputs("set grid xtics lc rgb '#e4e4e4' lw 1 dt 1\nset border 1\n"
          "unset key\nset style fill solid 1.0 noborder\n",
          f);
    double base = shown(s, s->lever.lo);
    gp_loop_begin(f, name);
    fputs("    plot \\\n", f);
    for (int k = 0; k < 3; k++)
        fprintf(f,
                "%s        '%s%s' using (%.10g):($3 == %d ? $1 : NaN):"
                "(%.10g):2:($1-0.36):($1+0.36) with boxxyerror fillcolor "
                "rgb %s notitle",
                k ? ", \\\n" : "", k ? "" : name, k ? "" : ".dat", base, k,
                base, status_color[k]);
    if (n <= 60)
        fprintf(f,
                ", \\\n        '' using 2:1:(sprintf('  %s', $2)) with "
                "labels left font ',%d' textcolor rgb INK notitle",
                s->lever.kind <= DR_LEVER_SWAP ? "%.1f%%" : "%.4g",
                pt > 16 ? 16 : pt);
    fputc('\n', f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

static dr_status write_city(const chart_ctx *c, const dr_solve *s)
{
    const char *name = "solve_city";
    long B = s->base_year, T = s->years;
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fputs("# year; baseline p10 p50 p90; with the package p10 p50 p90 "
          "(percent)\n",
          dat.f);
    double top = 100.0;
    for (long t = 0; t <= T; t++) {
        fprintf(dat.f, "%ld", B + t);
        const dr_stat *v[2] = {&s->city_before[t], &s->city_after[t]};
        for (int k = 0; k < 2; k++)
            for (int q = 1; q <= 5; q += 2) { /* p10, p50, p90 */
                double p = 100.0 * v[k]->pct[q];
                gp_dat_num(dat.f, p);
                if (isfinite(p) && p > top)
                    top = p;
            }
        fputc('\n', dat.f);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char run[200], paths[32];
    gp_begin(c, f, name, "Solve: the city before and after the package");
    double y =
        gp_titles(f, gp_tx(c, TX_SV_FAN_TITLE), gp_tx(c, TX_SV_FAN_SUBJECT),
                  gp_txf(c, run, sizeof run, TX_SV_RUN,
                         gp_count(c, paths, s->paths), s->seed, s->runs));
    legend_item lg[3] = {{LG_BOX, "'#bdbdbd'", ""},
                         {LG_BOX, "'#6baed6'", ""},
                         {LG_DASH, "WARN", ""}};
    snprintf(lg[0].text, sizeof lg[0].text, "%s", gp_tx(c, TX_SV_BEFORE));
    snprintf(lg[1].text, sizeof lg[1].text, "%s", gp_tx(c, TX_SV_AFTER));
    snprintf(lg[2].text, sizeof lg[2].text, "%s", gp_tx(c, TX_SV_LINE));
    gp_legend(f, lg, 3, y, 17);
    fprintf(f,
            "set lmargin at screen 0.08\nset rmargin at screen 0.95\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.12\n"
            "set xrange [%ld:%ld]\nset xtics %ld, %d font ',14'\n"
            "set yrange [0:%.4g]\nset ytics font ',14'\n"
            "set ylabel ",
            y - 0.05, B, B + T, B, T > 10 ? 2 : 1, 1.08 * top);
    gp_str(f, gp_tx(c, TX_SV_AXIS_RATIO));
    fputs(" font ',17' textcolor rgb MUTED\n"
          "set grid ytics lc rgb '#e4e4e4'\nunset key\n",
          f);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 1:2:4 with filledcurves fc rgb "
            "'#d9d9d9' fs solid 0.8 noborder notitle, \\\n"
            "         '' using 1:5:7 with filledcurves fc rgb '#9ecae1' fs "
            "transparent solid 0.6 noborder notitle, \\\n"
            "         '' using 1:3 with lines lw 2.5 lc rgb '#737373' "
            "notitle, \\\n"
            "         '' using 1:6 with lines lw 3 lc rgb '#08519c' notitle, "
            "\\\n"
            "         100 with lines dt 2 lw 1.5 lc rgb WARN notitle\n",
            name);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

dr_status dr_solve_charts_draw(const char *dir, const dr_solve *s,
                               unsigned formats, dr_lang lang, int threads,
                               dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    dr_status st = gp_draw_args(formats, err);
    if (st)
        return st;
    char *cdir = NULL;
    size_t *order = malloc((s->nrows ? s->nrows : 1) * sizeof *order);
    const char *names[2];
    size_t k = 0;
    if (!order) {
        st = gp_oom(err);
        goto done;
    }
    if ((st = gp_fresh_charts(dir, &cdir, err)))
        goto done;
    int nomem = 0;
    chart_ctx c = {.zh = (lang == DR_LANG_ZH),
                   .formats = formats,
                   .dir = cdir,
                   .err = err,
                   .nomem = &nomem};
    if (!s->city_scope) {
        if ((st = write_effort(&c, s, order)))
            goto done;
        names[k++] = "solve_effort";
    }
    if ((st = write_city(&c, s)))
        goto done;
    names[k++] = "solve_city";
    st = dr_gnuplot_run(cdir, names, k, threads, err);
done:
    free(order);
    free(cdir);
    return st;
}
