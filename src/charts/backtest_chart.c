/* The charts of a backtest: the PIT histograms of every variable
 * (backtest_pit) and, for every county, what happened from the first
 * origin over the fan the model drew then (backtest_<county_id>). */
#include "charts/backtest_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/chart.h"
#include "charts/chart_gp.h"
#include "charts/gnuplot.h"

#define PIT_BINS 10
static const char *const family_color[3] = {"'#2171b5'", "'#e6550d'",
                                            "'#31a354'"};

static const char *var_title(const chart_ctx *c, int v)
{
    return gp_tx(c, (text_id)(TX_BT_V_GDP + v));
}

/* The six panels of a 2 x 3 layout under the titles: (x0, x1, y0, y1) of
 * panel k, with room below each for its tic labels and the next row's
 * title. */
static void panel_box(int k, double top, double *x0, double *x1, double *y0,
                      double *y1)
{
    int col = k % 3, row = k / 3;
    double h = (top - 0.06) / 2.0;
    *x0 = 0.07 + col * 0.322;
    *x1 = *x0 + 0.25;
    *y1 = top - row * h - 0.03;
    *y0 = *y1 - h + 0.13;
}

static dr_status write_pit(const chart_ctx *c, const dr_backtest *b)
{
    const char *name = "backtest_pit";
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fputs("# bin centre; per variable and family: percent of outcomes whose "
          "PIT falls in the bin\n",
          dat.f);
    size_t count[DR_NTRACK][3][PIT_BINS] = {{{0}}}, total[DR_NTRACK][3] = {{0}};
    for (size_t j = 0; j < b->nrows; j++) {
        const dr_bt_row *r = &b->row[j];
        int bin = (int)floor(r->pit * PIT_BINS);
        if (bin >= PIT_BINS)
            bin = PIT_BINS - 1;
        if (bin < 0)
            bin = 0;
        count[r->var][r->family][bin]++;
        total[r->var][r->family]++;
    }
    for (int k = 0; k < PIT_BINS; k++) {
        fprintf(dat.f, "%.2f", (k + 0.5) / PIT_BINS);
        for (int v = 0; v < DR_NTRACK; v++)
            for (int f = 0; f < 3; f++)
                gp_dat_num(dat.f, total[v][f]
                                      ? 100.0 * count[v][f][k] / total[v][f]
                                      : NAN);
        fputc('\n', dat.f);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char run[256];
    gp_begin(c, f, name, "Backtest: PIT histograms");
    double y = gp_titles(
        f, gp_tx(c, TX_BT_PIT_TITLE), gp_tx(c, TX_BT_PIT_SUBJECT),
        gp_txf(c, run, sizeof run, TX_BT_RUN, b->origin0, b->origin1, b->from));
    legend_item lg[4];
    size_t nl = 0;
    for (int k = 0; k < b->nfam; k++) {
        lg[nl] = (legend_item){LG_BOX, family_color[k], ""};
        snprintf(lg[nl].text, sizeof lg[nl].text, "%s",
                 gp_tx(c, (text_id)(TX_BT_F_NORMAL + (int)b->family[k])));
        nl++;
    }
    lg[nl] = (legend_item){LG_DASH, "MUTED", ""};
    snprintf(lg[nl].text, sizeof lg[nl].text, "%s", gp_tx(c, TX_BT_IDEAL));
    nl++;
    gp_legend(f, lg, nl, y, 15);
    double bw = 0.8 / PIT_BINS / b->nfam;
    fprintf(f,
            "set xrange [0:1]\nset xtics 0, 0.2, 1 font ',12' offset 0,0.3\n"
            "set ytics font ',12'\nset yrange [0:*]\n"
            "set grid ytics lc rgb '#e5e5e5'\nset style fill solid 0.85 "
            "noborder\nset boxwidth %.4f absolute\n",
            bw);
    gp_loop_begin(f, name);
    fputs("    set multiplot\n", f);
    int k = 0;
    for (int v = 0; v < DR_NTRACK; v++) {
        if (!total[v][0])
            continue;
        double x0, x1, y0, y1;
        panel_box(k, y - 0.075, &x0, &x1, &y0, &y1);
        fprintf(f,
                "    set lmargin at screen %.3f; set rmargin at screen %.3f\n"
                "    set bmargin at screen %.3f; set tmargin at screen %.3f\n"
                "    set title ",
                x0, x1, y0, y1);
        gp_str(f, gp_tx(c, (text_id)(TX_BT_P_GDP + v)));
        fputs(" font ',15' textcolor rgb INK\n", f);
        if (k % 3 == 0) {
            fputs("    set ylabel ", f);
            gp_str(f, gp_tx(c, TX_BT_PIT_Y));
            fputs(" font ',12' textcolor rgb MUTED offset 1,0\n", f);
        } else
            fputs("    unset ylabel\n", f);
        fputs("    plot ", f);
        for (int fk = 0; fk < b->nfam; fk++)
            fprintf(f,
                    "'%s.dat' using ($1+%.4f):%d with boxes fc rgb %s "
                    "notitle, ",
                    name, (fk - (b->nfam - 1) / 2.0) * bw, 2 + v * 3 + fk,
                    family_color[fk]);
        fprintf(f, "%g with lines dt 2 lw 1.5 lc rgb MUTED notitle\n",
                100.0 / PIT_BINS);
        if (k++ == 0)
            fputs("    unset label; unset object\n", f);
    }
    fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

static dr_status write_fan(const chart_ctx *c, const dr_backtest *b, size_t i,
                           char *name)
{
    snprintf(name, 80, "backtest_%s", b->fiscal->county[i].id);
    long T = b->fan_T, O = b->origin0;
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fputs("# year; per variable: p05 p25 p50 p75 p95 realized (money; broad "
          "in percent)\n",
          dat.f);
    int present[DR_NTRACK] = {0};
    for (long t = 0; t <= T; t++) {
        fprintf(dat.f, "%ld", O + t);
        for (int v = 0; v < DR_NTRACK; v++) {
            size_t k =
                (i * (size_t)(T + 1) + (size_t)t) * DR_NTRACK + (size_t)v;
            double sc = v == DR_TR_BROAD ? 100.0 : 1.0;
            const dr_stat *s = &b->fan[k];
            const double q[] = {s->pct[0], s->pct[2], s->pct[3],
                                s->pct[4], s->pct[6], b->fan_real[k]};
            for (int j = 0; j < 6; j++)
                gp_dat_num(dat.f, sc * q[j]);
            present[v] |= !isnan(b->fan_real[k]) && t > 0;
        }
        fputc('\n', dat.f);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[400], sub[400], run[256];
    gp_begin(c, f, name, "Backtest: a county's path over its fan");
    gp_txf(c, title, sizeof title, TX_BT_FAN_TITLE, b->fiscal->county[i].name);
    gp_txf(c, sub, sizeof sub, TX_BT_FAN_SUBJECT, O,
           gp_tx(c, (text_id)(TX_BT_F_NORMAL + (int)b->family[0])));
    double y = gp_titles(f, title, sub,
                         gp_txf(c, run, sizeof run, TX_BT_FAN_RUN, b->from, O));
    fprintf(f,
            "set xrange [%ld:%ld]\nset xtics %ld, %d font ',12'\n"
            "set ytics font ',12'\nset grid ytics lc rgb '#e5e5e5'\n",
            O, O + T, O, T > 8 ? 2 : 1);
    gp_loop_begin(f, name);
    fputs("    set multiplot\n", f);
    int k = 0;
    for (int v = 0; v < DR_NTRACK; v++) {
        if (!present[v])
            continue;
        double x0, x1, y0, y1;
        panel_box(k, y - 0.02, &x0, &x1, &y0, &y1);
        int col = 2 + 6 * v;
        fprintf(f,
                "    set lmargin at screen %.3f; set rmargin at screen %.3f\n"
                "    set bmargin at screen %.3f; set tmargin at screen %.3f\n"
                "    set title ",
                x0, x1, y0, y1);
        gp_str(f, var_title(c, v));
        fprintf(f,
                " font ',14' textcolor rgb INK\n"
                "    plot '%s.dat' using 1:%d:%d with filledcurves fc rgb "
                "'#c6dbef' fs solid 0.9 noborder notitle, \\\n"
                "         '' using 1:%d:%d with filledcurves fc rgb "
                "'#6baed6' fs solid 0.9 noborder notitle, \\\n"
                "         '' using 1:%d with lines lw 2 lc rgb '#08519c' "
                "notitle, \\\n"
                "         '' using 1:%d with linespoints lw 1.5 pt 7 ps "
                "PS*0.8 lc rgb INK notitle\n",
                name, col, col + 4, col + 1, col + 3, col + 2, col + 5);
        if (k++ == 0)
            fputs("    unset label; unset object\n", f);
    }
    fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

dr_status dr_backtest_charts_draw(const char *dir, const dr_backtest *b,
                                  unsigned formats, dr_lang lang, int threads,
                                  dr_error *err)
{
    if (formats == 0 || b->nrows == 0)
        return DR_OK;
    dr_status st = gp_draw_args(formats, err);
    if (st)
        return st;
    size_t n = b->fiscal->n;
    char *cdir = NULL;
    char **names = calloc(n + 2, sizeof *names);
    char *store = malloc((n + 1) * 80);
    if (!names || !store) {
        st = gp_oom(err);
        goto done;
    }
    if ((st = gp_fresh_charts(dir, &cdir, err)))
        goto done;
    chart_ctx c = {.zh = (lang == DR_LANG_ZH),
                   .formats = formats,
                   .dir = cdir,
                   .err = err};
    size_t k = 0;
    if ((st = write_pit(&c, b)) == DR_OK)
        names[k++] = "backtest_pit";
    for (size_t i = 0; st == DR_OK && b->fan && i < n; i++) {
        names[k] = store + 80 * i;
        if ((st = write_fan(&c, b, i, names[k])) == DR_OK)
            k++;
    }
    if (st == DR_OK)
        st = dr_gnuplot_run(cdir, (const char *const *)names, k, threads, err);
done:
    free(store);
    free(names);
    free(cdir);
    return st;
}
