/* The charts of a calibration: each county's history beside what the
 * estimates say (calib_<county_id>), the correlation of the shocks
 * (calib_correlation) and, with --by county, the shrinkage of county
 * estimates toward their type (calib_shrinkage). */
#include "charts/calib_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/fitted.h"
#include "charts/chart.h"
#include "charts/chart_gp.h"
#include "charts/gnuplot.h"

#define BAND "'#c6dbef'"
#define LINE "'#2171b5'"
#define DOTS "'#1a1a1a'"

/* A county's display name. */
static const char *name_of(const dr_fiscal *f, const char *id)
{
    long i = dr_fiscal_find(f, id);
    return i >= 0 ? f->county[i].name : id;
}

/* "History 2016–2024 · estimates by county" */
static const char *run_line(const chart_ctx *c, const dr_calibration *cal,
                            char *buf, size_t n)
{
    static const text_id by[] = {TX_CB_BY_TYPE, TX_CB_BY_CITY, TX_CB_BY_COUNTY};
    return gp_txf(c, buf, n, TX_CB_RUN, cal->panel.from, cal->panel.to,
                  gp_tx(c, by[cal->by]));
}

/* One panel of a county's chart: at screen (x0, y0)-(x1, y1), its title,
 * the band (columns lo:hi), the fitted line and the history. */
static void panel(FILE *f, const char *name, double x0, double y0, double x1,
                  double y1, const char *title, const char *band,
                  const char *fit, const char *hist, int dots)
{
    fprintf(f,
            "    set lmargin at screen %.3f; set rmargin at screen %.3f\n"
            "    set bmargin at screen %.3f; set tmargin at screen %.3f\n"
            "    set title ",
            x0, x1, y0, y1);
    gp_str(f, title);
    fputs(" font ',17' textcolor rgb INK\n", f);
    fprintf(f,
            "    plot '%s.dat' using 1:%s with filledcurves fc rgb " BAND
            " fs solid 0.8 noborder notitle, \\\n"
            "         '' using 1:%s with lines lw 2 lc rgb " LINE
            " notitle, \\\n"
            "         '' using 1:%s with %s lw 1.5 pt 7 ps PS*0.9 lc rgb " DOTS
            " notitle\n",
            name, band, fit, hist, dots ? "linespoints" : "lines");
}

static dr_status write_series(const chart_ctx *c, const dr_calibration *cal,
                              const dr_fiscal *fiscal, size_t j, char *name)
{
    const dr_panel_county *pc = &cal->panel.c[j];
    snprintf(name, 80, "calib_%s", pc->id);
    dr_fitted_year rows[DR_HISTORY_MAX_YEARS];
    dr_fitted(cal, j, rows);
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fputs("# year; growth: gdp, mean, sd; own revenue: history, fit, sd; "
          "transfers: history, mean, sd (percent); land: history, trend, "
          "trend - 1 sd, trend + 1 sd (money)\n",
          dat.f);
    for (size_t s = 0; s < pc->T; s++) {
        const dr_fitted_year *y = &rows[s];
        fprintf(dat.f, "%ld", y->year);
        const double v[] = {100 * y->g,
                            100 * y->g_fit,
                            100 * y->g_sd,
                            100 * y->o,
                            100 * y->o_fit,
                            100 * y->o_sd,
                            100 * y->r,
                            100 * y->r_fit,
                            100 * y->r_sd,
                            y->land,
                            y->land_fit,
                            y->land_fit * exp(-y->land_sd),
                            y->land_fit * exp(y->land_sd)};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            gp_dat_num(dat.f, v[k]);
        fputc('\n', dat.f);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[400], run[256];
    gp_begin(c, f, name,
             "Calibration: a county's history beside the estimates in force");
    gp_txf(c, title, sizeof title, TX_CB_SERIES_TITLE, name_of(fiscal, pc->id));
    gp_titles(f, title, NULL, run_line(c, cal, run, sizeof run));
    fprintf(f,
            "set xrange [%ld:%ld]\nset xtics %ld, %d font ',14'\n"
            "set ytics font ',14'\nset grid ytics lc rgb '#e5e5e5'\n",
            pc->first, pc->first + (long)pc->T - 1, pc->first,
            pc->T > 12 ? 2 : 1);
    gp_loop_begin(f, name);
    fputs("    set multiplot\n", f);
    panel(f, name, 0.07, 0.53, 0.48, 0.77, gp_tx(c, TX_CB_GDP),
          "($3-$4):($3+$4)", "3", "2", 1);
    fputs("    unset label\n", f);
    panel(f, name, 0.57, 0.53, 0.98, 0.77, gp_tx(c, TX_CB_OWN),
          "($6-$7):($6+$7)", "6", "5", 1);
    panel(f, name, 0.07, 0.08, 0.48, 0.35, gp_tx(c, TX_CB_TRANSFERS),
          "($9-$10):($9+$10)", "9", "8", 1);
    if (pc->l)
        panel(f, name, 0.57, 0.08, 0.98, 0.35, gp_tx(c, TX_CB_LAND), "13:14",
              "12", "11", 1);
    fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

static dr_status write_correlation(const chart_ctx *c,
                                   const dr_calibration *cal)
{
    const char *name = "calib_correlation";
    const dr_corr_fit *cf = &cal->corr;
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fputs("# column row correlation (calibration.csv)\n", dat.f);
    for (int j = 0; j < 4; j++) {
        for (int k = 0; k < 4; k++) {
            fprintf(dat.f, "%d %d", k, 3 - j);
            gp_dat_num(dat.f, cf->c[j][k]);
            fputc('\n', dat.f);
        }
        fputc('\n', dat.f);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char sub[256], run[256];
    gp_begin(c, f, name, "Calibration: correlation of the shocks");
    gp_txf(c, sub, sizeof sub, TX_CB_CORR_SUBJECT, cf->n);
    gp_titles(f, gp_tx(c, TX_CB_CORR_TITLE), sub,
              run_line(c, cal, run, sizeof run));
    fputs("set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')\n"
          "set cbrange [-1:1]\nset cbtics -1, 0.5, 1 font ',14'\n"
          "set border 0\nunset grid\nset xrange [-0.5:3.5]\n"
          "set yrange [-0.5:3.5]\nset size ratio -1\n"
          "set lmargin at screen 0.25; set rmargin at screen 0.7\n"
          "set tmargin at screen 0.78; set bmargin at screen 0.08\n",
          f);
    static const text_id v[] = {TX_CB_V_GROWTH, TX_CB_V_OWN, TX_CB_V_LAND,
                                TX_CB_V_TRANSFERS};
    fputs("set xtics (", f);
    for (int k = 0; k < 4; k++) {
        gp_quote(f, gp_tx(c, v[k]), 1);
        fprintf(f, " %d%s", k, k < 3 ? ", " : ") scale 0 font ',16'\n");
    }
    fputs("set ytics (", f);
    for (int k = 0; k < 4; k++) {
        gp_quote(f, gp_tx(c, v[k]), 1);
        fprintf(f, " %d%s", 3 - k, k < 3 ? ", " : ") scale 0 font ',16'\n");
    }
    /* white on the dark ends of the palette, ink in the middle */
    fputs("ink(v) = abs(v) > 0.6 ? 0xffffff : 0x1a1a1a\n", f);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 1:2:3 with image notitle, \\\n"
            "         '' using 1:2:(sprintf('%%.2f', $3)):(ink($3)) with "
            "labels font ',18' textcolor rgb variable notitle\n",
            name);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

/* The keys the shrinkage chart shows, and whether they read in percent. */
static const struct {
    int key;
    text_id label;
    double scale;
} shown[] = {
    {DR_CK_GROWTH_MU, TX_CB_K_GROWTH_MU, 100},
    {DR_CK_OR_BETA, TX_CB_K_OR_BETA, 1},
    {DR_CK_LAND_MU, TX_CB_K_LAND_MU, 100},
    {DR_CK_LAND_SIGMA, TX_CB_K_LAND_SIGMA, 100},
    {DR_CK_TR_MU, TX_CB_K_TR_MU, 100},
    {DR_CK_SPENDING_MU, TX_CB_K_SPENDING_MU, 100},
};
#define NSHOWN (sizeof shown / sizeof shown[0])

static dr_status write_shrinkage(const chart_ctx *c, const dr_calibration *cal,
                                 const dr_fiscal *fiscal)
{
    const char *name = "calib_shrinkage";
    size_t n = cal->panel.n;
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fputs("# county; per key: own estimate, its se, the type's value, the "
          "value in force\n",
          dat.f);
    for (size_t j = 0; j < n; j++) {
        const dr_cal_group *g = &cal->group[1 + cal->ntypes + j];
        const dr_cgroup *type = &cal->group[cal->type_of[j]].est;
        fprintf(dat.f, "%zu", j);
        for (size_t k = 0; k < NSHOWN; k++) {
            int key = shown[k].key;
            double sc = shown[k].scale;
            const dr_cvalue *own = &g->own.v[key];
            int made = own->status == DR_CS_ESTIMATED;
            gp_dat_num(dat.f, made ? sc * own->value : NAN);
            gp_dat_num(dat.f, made ? sc * own->se : NAN);
            gp_dat_num(dat.f, sc * type->v[key].value);
            gp_dat_num(dat.f, sc * g->est.v[key].value);
        }
        fputc('\n', dat.f);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char run[256];
    gp_begin(c, f, name, "Calibration: shrinkage of county estimates");
    double y = gp_titles(f, gp_tx(c, TX_CB_SHRINK_TITLE),
                         gp_tx(c, TX_CB_SHRINK_SUBJECT),
                         run_line(c, cal, run, sizeof run));
    legend_item lg[3] = {
        {LG_LINE, DOTS, ""}, {LG_LINE, "'#969696'", ""}, {LG_LINE, LINE, ""}};
    snprintf(lg[0].text, sizeof lg[0].text, "%s", gp_tx(c, TX_CB_OWN_EST));
    snprintf(lg[1].text, sizeof lg[1].text, "%s", gp_tx(c, TX_CB_TYPE_EST));
    snprintf(lg[2].text, sizeof lg[2].text, "%s", gp_tx(c, TX_CB_SHRUNK));
    gp_legend(f, lg, 3, y, 15);
    fprintf(f,
            "set xrange [-0.7:%zu.7]\nset ytics font ',12'\n"
            "set grid ytics lc rgb '#e5e5e5'\n",
            n - 1);
    int pt = n > 15 ? 9 : 11;
    fputs("set xtics rotate by 45 right scale 0 font ',", f);
    fprintf(f, "%d' (", pt);
    for (size_t j = 0; j < n; j++) {
        gp_quote(f, name_of(fiscal, cal->panel.c[j].id), 1);
        fprintf(f, " %zu%s", j, j + 1 < n ? ", " : ")\n");
    }
    gp_loop_begin(f, name);
    fputs("    set multiplot\n", f);
    double top = y - 0.06;
    for (size_t k = 0; k < NSHOWN; k++) {
        int col = (int)(k % 3), row = (int)(k / 3);
        double x0 = 0.06 + col * 0.32, x1 = x0 + 0.27;
        double y1 = top - row * (top - 0.06) / 2.0,
               y0 = y1 - (top - 0.06) / 2.0 + 0.12;
        int base = 2 + 4 * (int)k;
        fprintf(f,
                "    set lmargin at screen %.3f; set rmargin at screen %.3f\n"
                "    set bmargin at screen %.3f; set tmargin at screen %.3f\n"
                "    set title ",
                x0, x1, y0, y1 - 0.03);
        gp_str(f, gp_tx(c, shown[k].label));
        fputs(" font ',15' textcolor rgb INK\n", f);
        fprintf(
            f,
            "    plot '%s.dat' using 1:%d:%d with yerrorbars pt 7 ps "
            "PS*0.8 lc rgb " DOTS " notitle, \\\n"
            "         '' using 1:%d with points pt 4 ps PS*1.3 lw 2 lc "
            "rgb '#969696' notitle, \\\n"
            "         '' using 1:%d with points pt 13 ps PS*1.4 lc rgb " LINE
            " notitle\n",
            name, base, base + 1, base + 2, base + 3);
        if (k == 0)
            fputs("    unset label; unset object\n", f);
    }
    fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

dr_status dr_calib_charts_draw(const char *dir, const dr_calibration *cal,
                               const dr_fiscal *fiscal, unsigned formats,
                               dr_lang lang, int threads, dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    dr_status st = gp_draw_args(formats, err);
    if (st)
        return st;
    char *cdir = NULL;
    size_t n = cal->panel.n;
    char **names = calloc(n + 2, sizeof *names);
    char *store = malloc((n + 2) * 80);
    if (!names || !store) {
        st = gp_oom(err);
        goto done;
    }
    if ((st = gp_fresh_charts(dir, &cdir, err)))
        goto done;
    chart_ctx c = {.b = NULL,
                   .zh = (lang == DR_LANG_ZH),
                   .formats = formats,
                   .dir = cdir,
                   .err = err};
    size_t k = 0;
    for (size_t j = 0; j < n && st == DR_OK; j++) {
        names[k] = store + 80 * k;
        st = write_series(&c, cal, fiscal, j, names[k]);
        k++;
    }
    if (st == DR_OK && cal->corr.estimated &&
        (st = write_correlation(&c, cal)) == DR_OK)
        names[k++] = "calib_correlation";
    if (st == DR_OK && cal->by == DR_BY_COUNTY &&
        (st = write_shrinkage(&c, cal, fiscal)) == DR_OK)
        names[k++] = "calib_shrinkage";
    if (st == DR_OK)
        st = dr_gnuplot_run(cdir, (const char *const *)names, k, threads, err);
done:
    free(store);
    free(names);
    free(cdir);
    return st;
}
