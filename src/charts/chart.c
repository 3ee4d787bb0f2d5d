/* The charts of a run (chart.h): fan charts, heat map, ranking, grades and
 * counties above the line, each a .dat, a .gp and its pictures. */
#include "charts/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/chart_gp.h"
#include "charts/gnuplot.h"
#include "present/briefing.h"

/* The grade colours, green to red. The fans take one blue hue in three
 * tints (the look of the same translucent blue laid three times over
 * white), set in their scripts; INK, MUTED and WARN are in chart_gp.h. */
static const char *const grade_color[DR_NGRADES] = {"#3a9d5d", "#e0b000",
                                                    "#ee7d2b", "#b2182b"};
/* Text on the grade colours: dark on yellow, white elsewhere. */
static const char *const grade_ink[DR_NGRADES] = {"#ffffff", "#1a1a1a",
                                                  "#1a1a1a", "#ffffff"};

/* Labels at the right end of horizontal lines, moved apart so that none
 * overlaps another: pos[] starts at the lines' values and is spread to at
 * least gap between neighbours, pushed down from hi when the top one would
 * pass it. At most 8 labels. */
static void spread_labels(const double *val, double *pos, size_t n, double gap,
                          double hi)
{
    size_t order[8];
    for (size_t k = 0; k < n; k++) {
        order[k] = k;
        pos[k] = val[k];
    }
    for (size_t a = 1; a < n; a++)
        for (size_t k = a; k > 0 && val[order[k]] < val[order[k - 1]]; k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (size_t k = 1; k < n; k++)
        if (pos[order[k]] < pos[order[k - 1]] + gap)
            pos[order[k]] = pos[order[k - 1]] + gap;
    if (n > 0 && pos[order[n - 1]] > hi - gap / 2) {
        pos[order[n - 1]] = hi - gap / 2;
        for (size_t k = n - 1; k > 0; k--)
            if (pos[order[k - 1]] > pos[order[k]] - gap)
                pos[order[k - 1]] = pos[order[k]] - gap;
    }
}

/* One fan chart: percentiles q[year][DR_NPCT] (fractions). */
/* The fan's data: the percentiles of each year, in percent. */
static dr_status fan_data(const chart_ctx *c, const char *name, const double *q,
                          const char *source)
{
    const dr_briefing *b = c->b;
    size_t ny = (size_t)b->years + 1;
    gp_file dat;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    /* the chart's name, not its title: no input text in a comment */
    fprintf(dat.f, "# %s: broad debt ratio in percent, from %s\n", name,
            source);
    fprintf(dat.f, "# year p05 p10 p25 p50 p75 p90 p95\n");
    for (size_t k = 0; k < ny; k++) {
        fprintf(dat.f, "%ld", b->base_year + (long)k);
        for (int j = 0; j < DR_NPCT; j++)
            gp_dat_num(dat.f, 100.0 * q[k * DR_NPCT + (size_t)j]);
        fputc('\n', dat.f);
    }
    return gp_close(c, &dat, DR_OK);
}

typedef struct fan_range {
    double ymin, ymax, step;
    int cut; /* the top of a band is beyond the range */
} fan_range;

/* The y range: from 0 (or below, for a negative ratio) to the top of the
 * widest band, but never beyond 1000% or 1.3 times the highest median,
 * whichever is more, so that one wild band cannot flatten the picture. */
static fan_range fan_y(const dr_briefing *b, const double *q)
{
    size_t ny = (size_t)b->years + 1;
    double top = 100.0 * b->warning * 1.1, low = 0.0, top_med = 0.0;
    for (size_t k = 0; k < ny * DR_NPCT; k++) {
        double v = 100.0 * q[k];
        if (!isfinite(v))
            continue;
        top = fmax(top, v);
        low = fmin(low, v);
        if (k % DR_NPCT == Q50)
            top_med = fmax(top_med, v);
    }
    int has_inf = 0;
    for (size_t k = 0; k < ny * DR_NPCT; k++)
        has_inf |= isinf(q[k]) && q[k] > 0;
    double cap = fmax(1000.0, 1.3 * top_med);
    fan_range r = {.cut = has_inf || top > cap};
    if (top > cap)
        top = cap;
    r.step = gp_nice_step((top - low) * 1.04, 8);
    r.ymax = ceil(top * 1.04 / r.step) * r.step;
    r.ymin = low < 0.0 ? floor(low * 1.04 / r.step) * r.step : 0.0;
    return r;
}

/* The warning line (first) and the grade lines inside the range. */
typedef struct fan_lines {
    double val[4], pos[4];
    const char *color[4];
    char lab[4][96];
    size_t n;
} fan_lines;

/* The lines and their labels at the right, spread so they never
 * overlap; y is the top of the plot area. */
static void fan_lines_write(const chart_ctx *c, FILE *f, const fan_range *r,
                            double y, fan_lines *l)
{
    const dr_briefing *b = c->b;
    char p1[32];
    l->n = 0;
    l->val[l->n] = 100.0 * b->warning;
    l->color[l->n] = WARN;
    gp_txf(c, l->lab[l->n], sizeof l->lab[l->n], TX_WARNING_LINE,
           dr_fmt_pct_line(p1, b->warning));
    l->n++;
    for (int g = 0; g < 3; g++) {
        double v = 100.0 * b->grades[g];
        if (!(v > r->ymin && v < r->ymax) || fabs(v - l->val[0]) < 1e-9)
            continue;
        l->val[l->n] = v;
        l->color[l->n] = grade_color[g + 1];
        snprintf(l->lab[l->n], sizeof l->lab[l->n], "%s %s",
                 gp_tx(c, TX_YELLOW + g), dr_fmt_pct_line(p1, b->grades[g]));
        l->n++;
    }
    /* a label needs 27 pixels of the plot's height */
    spread_labels(l->val, l->pos, l->n,
                  (r->ymax - r->ymin) * 27.0 / ((y - 0.055 - 0.1) * 900.0),
                  r->ymax);
    for (size_t k = 0; k < l->n; k++) {
        fprintf(f, "set label %zu ", k + 11);
        gp_str(f, l->lab[k]);
        fprintf(f,
                " at graph 1, first %g offset 0.8, 0 left font ',%d' "
                "textcolor rgb '%s' front\n",
                l->pos[k], k == 0 ? 17 : 16, l->color[k]);
    }
}

/* The axes and margins of the fan, room left for the widest tic label
 * (1000% or -250%). */
static void fan_axes(FILE *f, const dr_briefing *b, const fan_range *r,
                     double y)
{
    long B = b->base_year, T = b->years;
    long xstep = T <= 12 ? 1 : T <= 25 ? 2 : 5;
    fputs("BAND90 = '#c9d9ec'; BAND80 = '#9fbddf'; BAND50 = '#6f9bcc'; "
          "MEDIAN = '#0b2e59'\n",
          f);
    fprintf(f, "YMIN = %g; YMAX = %g\n", r->ymin, r->ymax);
    fputs("clip(v) = v > YMAX ? YMAX : (v < YMIN ? YMIN : v)\n", f);
    char tic[64];
    snprintf(tic, sizeof tic, r->step < 1.0 ? "%.1f%%" : "%.0f%%",
             fabs(r->ymax) > fabs(r->ymin) ? r->ymax : r->ymin);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.835\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.1\n",
            fmax(0.09, 0.035 + (gp_text_px(tic, 20) + 16.0) / 1600.0),
            y - 0.055);
    fprintf(f, "set xrange [%g:%g]\nset xtics %ld, %ld, %ld\n", B - 0.4,
            B + T + 0.4, B, xstep, B + T);
    fprintf(f, "set yrange [YMIN:YMAX]\nset ytics %g, %g, %g format '%s'\n",
            r->ymin, r->step, r->ymax, r->step < 1.0 ? "%.1f%%" : "%.0f%%");
    fputs("set grid ytics lc rgb '#e4e4e4' lw 1 dt 1\n", f);
    fputs("unset key\nset style fill solid 1.0 noborder\n", f);
}

/* The base year: a dotted line and the data value; and, when a band is
 * cut at the top, where. */
static void fan_base_year(const chart_ctx *c, FILE *f, const double *q,
                          const fan_range *r)
{
    long B = c->b->base_year;
    char buf[512], p1[32];
    fprintf(f,
            "set arrow 9 from %ld, graph 0 to %ld, graph 1 nohead lw 1.2 "
            "dt 3 lc rgb '#777777' back\n",
            B, B);
    fputs("set label 9 ", f);
    gp_str(f,
           gp_txf(c, buf, sizeof buf, TX_BASE_YEAR, B, dr_fmt_pct(p1, q[Q50])));
    fprintf(f,
            " at %ld, graph 0.965 offset 0.7, 0 left font ',16' "
            "textcolor rgb MUTED front\n",
            B);
    if (r->cut) {
        fputs("set label 10 ", f);
        char lim[32];
        gp_str(f, gp_txf(c, buf, sizeof buf, TX_CUT_OFF,
                         dr_fmt_pct_line(lim, r->ymax / 100.0)));
        fputs(" at graph 1, graph 1 offset 0.8, 0.4 left font ',14' "
              "textcolor rgb MUTED\n",
              f);
    }
}

static void fan_legend(const chart_ctx *c, FILE *f, const double *q,
                       const fan_lines *l, double y)
{
    const dr_briefing *b = c->b;
    size_t ny = (size_t)b->years + 1;
    char p2[32];
    legend_item lg[5] = {{LG_BOX, "BAND90", ""},
                         {LG_BOX, "BAND80", ""},
                         {LG_BOX, "BAND50", ""},
                         {LG_LINE, "MEDIAN", ""},
                         {LG_DASH, "WARN", ""}};
    snprintf(lg[0].text, sizeof lg[0].text, "%s", gp_tx(c, TX_BAND_90));
    snprintf(lg[1].text, sizeof lg[1].text, "%s", gp_tx(c, TX_BAND_80));
    snprintf(lg[2].text, sizeof lg[2].text, "%s", gp_tx(c, TX_BAND_50));
    gp_txf(c, lg[3].text, sizeof lg[3].text,
           b->deterministic ? TX_PROJECTION_AT : TX_MEDIAN_AT,
           dr_fmt_pct(p2, q[(ny - 1) * DR_NPCT + Q50]),
           b->base_year + b->years);
    snprintf(lg[4].text, sizeof lg[4].text, "%s", l->lab[0]);
    /* a deterministic run has no bands to explain */
    if (b->deterministic)
        gp_legend(f, lg + 3, 2, y, 18);
    else
        gp_legend(f, lg, 5, y, 18);
}

/* The bands, the grade lines over them, the warning line, the median. */
static void fan_plot(FILE *f, const char *name, const fan_lines *l)
{
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 1:(clip($2)):(clip($8)) with "
            "filledcurves lc rgb BAND90 notitle, \\\n"
            "        '' using 1:(clip($3)):(clip($7)) with filledcurves lc "
            "rgb BAND80 notitle, \\\n"
            "        '' using 1:(clip($4)):(clip($6)) with filledcurves lc "
            "rgb BAND50 notitle, \\\n",
            name);
    for (size_t k = l->n; k-- > 1;)
        fprintf(f, "        %g with lines lw 1.2 lc rgb '%s' notitle, \\\n",
                l->val[k], l->color[k]);
    fprintf(f,
            "        %g with lines lw 3.5 dt (8,4) lc rgb WARN notitle, "
            "\\\n",
            l->val[0]);
    fprintf(f,
            "        '%s.dat' using 1:(clip($5)) with linespoints lw 3 pt 7 "
            "ps 1.1*PS lc rgb MEDIAN notitle\n",
            name);
    gp_loop_end(f);
}

static dr_status write_fan(const chart_ctx *c, const char *name,
                           const char *title, const char *subject,
                           const double *q, const char *source)
{
    dr_status st = fan_data(c, name, q, source);
    if (st)
        return st;
    fan_range r = fan_y(c->b, q);
    gp_file gp = {0};
    if ((st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char buf[512], run[400];
    snprintf(buf, sizeof buf, "Fan chart %s: the broad debt ratio by year",
             name);
    gp_begin(c, f, name, buf);
    double y = gp_titles(f, title, subject, gp_run_line(c, run, sizeof run));
    fan_axes(f, c->b, &r, y);
    fan_lines l;
    fan_lines_write(c, f, &r, y, &l);
    fan_base_year(c, f, q, &r);
    fan_legend(c, f, q, &l, y);
    fan_plot(f, name, &l);
    return gp_close(c, &gp, DR_OK);
}

/* Left margin (a fraction of the width) that fits the county names as
 * tic labels of font size pt. */
static double names_margin(const dr_briefing *b, int pt, double min)
{
    double w = 0.0;
    for (size_t i = 0; i < b->n; i++)
        w = fmax(w, gp_text_cells(b->county[i].name));
    return gp_label_margin(w, pt, min);
}

/* Names of the counties as y tics, riskiest at the top (row 0). */
static void gp_name_tics(const chart_ctx *c, FILE *f, int pt)
{
    const dr_briefing *b = c->b;
    fputs("set ytics (", f);
    for (size_t r = 0; r < b->n; r++) {
        if (r)
            fputs(", ", f);
        gp_quote(f, b->county[b->rank[r]].name, 1);
        fprintf(f, " %zu", r);
    }
    fprintf(f, ") font ',%d' scale 0\n", pt);
    fprintf(f, "set yrange [%g:-0.5]\n", (double)b->n - 0.5);
}

/* Counties (rows, riskiest first) by years, coloured by p_above. */
static dr_status write_heatmap(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "heatmap";
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f, "# Probability (percent) that the broad debt ratio is "
                   "above the warning line: p_above of broad, ratios.csv\n");
    fprintf(dat.f, "# row year p_above county_id (row 0: the riskiest "
                   "county)\n");
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        for (long t = 0; t <= T; t++) {
            fprintf(dat.f, "%zu %ld", r, B + t);
            gp_dat_num(dat.f, 100.0 * ct->p_above[t]);
            fprintf(dat.f, " %s\n", ct->id);
        }
        fputc('\n', dat.f);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char buf[512], run[400], p1[32];
    gp_begin(c, f, name,
             "Heat map: probability of a broad debt ratio above the warning "
             "line, counties by years");
    gp_txf(c, buf, sizeof buf, TX_HEAT_ORDER, dr_fmt_pct_line(p1, b->warning));
    double y = gp_titles(f, gp_tx(c, TX_HEAT_TITLE), buf,
                         gp_run_line(c, run, sizeof run));
    double top = y - 0.015, ph = (top - 0.1) * 900.0;
    /* viridis, sampled at nine points: even in perceived lightness, read
     * in grey and by the colour-blind */
    fputs("set palette defined (0 '#440154', 12.5 '#472c7a', 25 '#3b518b', "
          "37.5 '#2c718e', 50 '#21908d', 62.5 '#27ad81', 75 '#5cc863', "
          "87.5 '#aadc32', 100 '#fde725')\n",
          f);
    fputs("set cbrange [0:100]\nset cbtics 0, 25, 100 format '%.0f%%' scale 0 "
          "font ',16'\n",
          f);
    fputs("set cblabel ", f);
    gp_str(f, gp_tx(c, TX_PROBABILITY));
    fputs(" font ',17' offset 0.5, 0\n", f);
    int pt = gp_row_font(b->n, ph, 18);
    double lm = names_margin(b, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.875\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.1\n",
            lm, top);
    fprintf(f,
            "set colorbox user origin screen 0.895, screen 0.1 size screen "
            "0.018, screen %.4f noborder\n",
            top - 0.1);
    fputs("set style fill solid 1.0 border lc rgb 'white'\n"
          "set border 0\nunset grid\n",
          f);
    fprintf(f, "set xrange [%g:%g]\nset xtics %ld, %ld, %ld scale 0\n", B - 0.5,
            B + T + 0.5, B,
            T <= 15   ? 1L
            : T <= 30 ? 2L
                      : 5L,
            B + T);
    gp_name_tics(c, f, pt);
    /* The probability in each cell, in white on the dark half of the
     * palette and in black on the light half (the crossing, where both
     * contrast alike, is near 42%). Cells too small to hold it stay
     * bare. */
    double cw = (0.875 - lm) * 1600.0 / (double)(T + 1);
    double chh = ph / (double)b->n;
    int cpt = (int)fmin(17.0, fmin(chh * 0.5, cw / 3.2) / 1.333);
    fputs("cell(p) = p <= 0 ? '0%' : (p < 0.5 ? '<1%' : (p >= 99.5 && p < 100 "
          "? '>99%' : sprintf('%.0f%%', p)))\n",
          f);
    fputs("ink(p) = p < 42 ? 0xffffff : 0x1a1a1a\n", f);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 2:1:($2-0.5):($2+0.5):($1-0.5):($1+0.5)"
            ":3 with boxxyerror fillcolor palette lw %.2g notitle",
            name, fmin(2.0, chh / 12.0));
    if (cpt >= 8)
        fprintf(f,
                ", \\\n        '' using 2:1:(cell($3)):(ink($3)) with "
                "labels font ',%d' textcolor rgb variable notitle",
                cpt);
    fputc('\n', f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

/* The grade key entries: Green <120%, Yellow 120–200%, ... */
static void grade_key(const chart_ctx *c, int g, char *buf, size_t n)
{
    char a[32], z[32];
    const double *l = c->b->grades;
    if (g == DR_GREEN)
        snprintf(buf, n, "%s <%s", gp_tx(c, TX_GREEN),
                 dr_fmt_pct_line(a, l[0]));
    else if (g == DR_RED)
        snprintf(buf, n, "%s ≥%s", gp_tx(c, TX_RED), dr_fmt_pct_line(a, l[2]));
    else
        snprintf(buf, n, "%s %s–%s", gp_tx(c, TX_GREEN + g),
                 dr_fmt_pct_line(a, l[g - 1]), dr_fmt_pct_line(z, l[g]));
}

static void gp_grade_colors(FILE *f)
{
    fprintf(f, "GREEN = '%s'; YELLOW = '%s'; ORANGE = '%s'; RED = '%s'\n",
            grade_color[0], grade_color[1], grade_color[2], grade_color[3]);
}

/* p_breach_end by county, sorted, with +-2 se whiskers, coloured by the
 * grade of the median at the horizon. */
static dr_status write_ranking(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "ranking";
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# Probability (percent) of a breach of the warning line "
            "by %ld: p_breach_end and p_breach_end_se of summary.csv\n",
            B + T);
    fprintf(dat.f, "# row p_breach_end low high grade county_id (low, high: "
                   "+-2 se, within 0..100; grade of broad_p50_end, 0 green .. "
                   "3 red)\n");
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        double p = 100.0 * ct->p_breach_end, se = 100.0 * ct->p_breach_end_se;
        fprintf(dat.f, "%zu", r);
        gp_dat_num(dat.f, p);
        gp_dat_num(dat.f, fmax(0.0, p - 2.0 * se));
        gp_dat_num(dat.f, fmin(100.0, p + 2.0 * se));
        fprintf(dat.f, " %d %s\n", dr_grade(b->grades, ct->p50_end), ct->id);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], run[400], buf[256], p1[32];
    gp_begin(c, f, name,
             "Ranking: probability of a breach of the warning line by the "
             "horizon, by county");
    gp_txf(c, title, sizeof title, TX_RANK_TITLE, B + T);
    gp_txf(c, buf, sizeof buf, TX_RANK_SUBJECT, dr_fmt_pct_line(p1, b->warning),
           B + T);
    double y = gp_titles(f, title, buf, gp_run_line(c, run, sizeof run));
    gp_grade_colors(f);
    double top = y - 0.045;
    int pt = gp_row_font(b->n, (top - 0.14) * 900.0, 18);
    double lm = names_margin(b, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.95\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.14\n",
            lm, top);
    gp_name_tics(c, f, pt);
    fputs("set xlabel ", f);
    gp_str(f, gp_tx(c, b->deterministic ? TX_RANK_AXIS_DET : TX_RANK_AXIS));
    fputs(" font ',17' textcolor rgb MUTED\n", f);
    fputs("set xrange [0:109]\nset xtics 0, 20, 100 format '%.0f%%'\n"
          "set grid xtics lc rgb '#e4e4e4' lw 1 dt 1\nset border 1\n",
          f);
    fputs("set arrow 1 from 50, graph 0 to 50, graph 1 nohead lw 1.2 dt 2 "
          "lc rgb '#888888' back\n",
          f);
    legend_item lg[5] = {{LG_TEXT, NULL, ""},
                         {LG_BOX, "GREEN", ""},
                         {LG_BOX, "YELLOW", ""},
                         {LG_BOX, "ORANGE", ""},
                         {LG_BOX, "RED", ""}};
    gp_txf(c, lg[0].text, sizeof lg[0].text, TX_RANK_KEY, B + T);
    for (int g = 0; g < DR_NGRADES; g++)
        grade_key(c, g, lg[g + 1].text, sizeof lg[g + 1].text);
    fputs("unset key\n", f);
    gp_legend(f, lg, 5, y, 17);
    fputs("set style fill solid 1.0 noborder\nset errorbars 0.4\n", f);
    int lpt = pt > 16 ? 16 : pt;
    gp_loop_begin(f, name);
    static const char *const var[] = {"GREEN", "YELLOW", "ORANGE", "RED"};
    /* one series per grade, so each takes its colour by name */
    fputs("    plot \\\n", f);
    for (int g = 0; g < DR_NGRADES; g++)
        fprintf(f,
                "%s        '%s%s' using 2:($5 == %d ? $1 : NaN):(0):2:"
                "($1-0.36):($1+0.36) with boxxyerror fillcolor rgb %s "
                "notitle",
                g ? ", \\\n" : "", g ? "" : name, g ? "" : ".dat", g, var[g]);
    /* a deterministic run has no standard errors to show */
    if (!b->deterministic)
        fputs(", \\\n        '' using 2:1:3:4 with xerrorbars lc rgb "
              "'#333333' lw 1.2 pt -1 notitle",
              f);
    if (b->n <= 60)
        fprintf(f,
                ", \\\n        '' using ($4+1.2):1:(sprintf('%%.1f%%%%', "
                "$2)) with labels left font ',%d' textcolor rgb INK "
                "notitle",
                lpt);
    fputc('\n', f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

/* Grade probabilities at the horizon, stacked, one bar per county. */
static dr_status write_grades(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "grades";
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# Grade probabilities (percent) in %ld: p_green p_yellow "
            "p_orange p_red of grades.csv\n",
            B + T);
    fprintf(dat.f, "# row p_green p_yellow p_orange p_red county_id\n");
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        fprintf(dat.f, "%zu", r);
        for (int g = 0; g < DR_NGRADES; g++)
            gp_dat_num(dat.f,
                       100.0 * ct->grade[(size_t)T * DR_NGRADES + (size_t)g]);
        fprintf(dat.f, " %s\n", ct->id);
    }
    if ((st = gp_close(c, &dat, DR_OK)) || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], run[400];
    gp_begin(c, f, name,
             "Grades: probability of each grade of the broad debt ratio at "
             "the horizon, by county");
    gp_txf(c, title, sizeof title, TX_GRADES_TITLE, B + T);
    double y = gp_titles(f, title, gp_tx(c, TX_GRADES_SUBJECT),
                         gp_run_line(c, run, sizeof run));
    gp_grade_colors(f);
    double top = y - 0.045;
    int pt = gp_row_font(b->n, (top - 0.1) * 900.0, 18);
    double lm = names_margin(b, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.95\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.1\n",
            lm, top);
    gp_name_tics(c, f, pt);
    fputs("set xrange [0:100]\nset xtics 0, 20, 100 format '%.0f%%'\n"
          "set border 1\n",
          f);
    legend_item lg[DR_NGRADES] = {{LG_BOX, "GREEN", ""},
                                  {LG_BOX, "YELLOW", ""},
                                  {LG_BOX, "ORANGE", ""},
                                  {LG_BOX, "RED", ""}};
    for (int k = 0; k < DR_NGRADES; k++)
        grade_key(c, k, lg[k].text, sizeof lg[k].text);
    fputs("unset key\n", f);
    gp_legend(f, lg, DR_NGRADES, y, 18);
    fputs("set style fill solid 1.0 border lc rgb 'white'\n", f);
    /* a segment's share printed inside it when it is wide enough */
    fputs("share(p) = p >= 6 ? sprintf('%.0f%%', p) : ''\n", f);
    int lpt = pt > 16 ? 16 : pt;
    gp_loop_begin(f, name);
    static const char *const cum[] = {"0", "$2", "($2+$3)", "($2+$3+$4)",
                                      "($2+$3+$4+$5)"};
    static const char *const var[] = {"GREEN", "YELLOW", "ORANGE", "RED"};
    fputs("    plot \\\n", f);
    for (int g = 0; g < DR_NGRADES; g++) {
        fprintf(f,
                "        '%s%s' using (%s):1:(%s):(%s):($1-0.36):"
                "($1+0.36) with boxxyerror fillcolor rgb %s notitle, "
                "\\\n",
                g ? "" : name, g ? "" : ".dat", cum[g + 1], cum[g], cum[g + 1],
                var[g]);
    }
    for (int g = 0; g < DR_NGRADES; g++)
        fprintf(f,
                "        '' using ((%s+%s)/2):1:(share($%d)) with labels "
                "font ',%d' textcolor rgb '%s' notitle%s\n",
                cum[g], cum[g + 1], g + 2, lpt, grade_ink[g],
                g + 1 < DR_NGRADES ? ", \\" : "");
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

/* How many counties are above the line: the distribution at the horizon
 * and the expected number over the years, side by side. */
/* The data of counties_above: the distribution of the number of counties
 * above the line at the horizon (index 0), the expected number by year
 * (index 1). Returns the highest probability, in percent, in *pmax. */
static dr_status counts_data(const chart_ctx *c, const char *name, double *pmax)
{
    const dr_briefing *b = c->b;
    long B = b->base_year, T = b->years;
    gp_file dat;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# index 0: counties above the warning line in %ld and "
            "their probability (percent), city_counts.csv\n",
            B + T);
    fprintf(dat.f, "# counties_above probability\n");
    *pmax = 0.0;
    for (size_t k = 0; k <= b->n; k++) {
        fprintf(dat.f, "%zu", k);
        gp_dat_num(dat.f, 100.0 * b->counts[k]);
        fputc('\n', dat.f);
        *pmax = fmax(*pmax, 100.0 * b->counts[k]);
    }
    fprintf(dat.f, "\n\n# index 1: expected number of counties above the "
                   "line by year, expected_counties_above of city.csv\n");
    fprintf(dat.f, "# year expected_counties_above\n");
    for (long t = 0; t <= T; t++) {
        fprintf(dat.f, "%ld", B + t);
        gp_dat_num(dat.f, b->city_expected[t]);
        fputc('\n', dat.f);
    }
    return gp_close(c, &dat, DR_OK);
}

/* The left panel: the distribution at the horizon, bars labelled with
 * their probabilities, the expected number marked. */
static void counts_left(const chart_ctx *c, FILE *f, const char *name,
                        double pmax, double y, double top)
{
    const dr_briefing *b = c->b;
    long B = b->base_year, T = b->years;
    char buf[256], e[32];
    double mean = b->city_expected[T];
    double step = gp_nice_step(pmax * 1.1, 5);
    double ymax = fmin(100.0, ceil(pmax * 1.12 / step) * step);
    if (ymax <= 0.0)
        ymax = 100.0;
    long xstep = b->n <= 20 ? 1 : b->n <= 50 ? 5 : 10;
    int lpt = b->n <= 16 ? 14 : b->n <= 30 ? 10 : 0;
    snprintf(e, sizeof e, "%.1f", mean);
    /* left panel: the distribution at the horizon */
    fprintf(f,
            "    set lmargin at screen 0.085\n    set rmargin at screen "
            "0.49\n    set tmargin at screen %.4f\n    set bmargin at "
            "screen 0.14\n",
            top);
    fputs("    set label 30 ", f);
    gp_str(f, gp_txf(c, buf, sizeof buf, TX_ABOVE_DIST, B + T));
    fprintf(f,
            " at screen 0.035, screen %.4f left font ',20' textcolor rgb "
            "INK\n",
            y - 0.05);
    fprintf(f, "    set xrange [-0.7:%g]\n    set xtics 0, %ld, %zu\n",
            (double)b->n + 0.7, xstep, b->n);
    fprintf(f, "    set yrange [0:%g]\n    set ytics 0, %g, %g format '%s'\n",
            ymax, step, ymax, step < 1.0 ? "%.1f%%" : "%.0f%%");
    fputs("    set grid ytics lc rgb '#e4e4e4' lw 1 dt 1\n", f);
    fputs("    set xlabel ", f);
    gp_str(f, gp_tx(c, TX_ABOVE_DIST_AXIS));
    fputs(" font ',18'\n    unset ylabel\n", f);
    fprintf(f,
            "    set arrow 30 from %.6g, graph 0 to %.6g, graph 1 nohead "
            "lw 2.5 dt (6,4) lc rgb WARN back\n",
            mean, mean);
    fputs("    set label 31 ", f);
    gp_str(f, gp_txf(c, buf, sizeof buf, TX_EXPECTED, e));
    fprintf(f,
            " at %.6g, graph 1 offset 0, 0.8 center font ',16' textcolor "
            "rgb WARN front\n",
            mean);
    fputs("    set style fill solid 1.0 noborder\n    set boxwidth 0.72\n", f);
    fprintf(f,
            "    plot '%s.dat' index 0 using 1:2 with boxes lc rgb BAR "
            "notitle",
            name);
    /* each bar's probability above it, or beside its top when it reaches
     * the top of the plot (then the others are small) */
    if (lpt)
        fprintf(f,
                ", \\\n        '' index 0 using 1:2:($2 >= 0.5 && $2 < "
                "%g ? sprintf('%%.0f%%%%', $2) : '') with labels offset "
                "0, 0.8 font ',%d' textcolor rgb INK notitle, \\\n"
                "        '' index 0 using ($1+0.42):2:($2 >= %g ? "
                "sprintf('%%.0f%%%%', $2) : '') with labels left offset "
                "0.3, -0.9 font ',%d' textcolor rgb INK notitle",
                0.9 * ymax, lpt, 0.9 * ymax, lpt);
    fputs("\n", f);
}

/* The right panel: the expected number of counties above, by year. */
static void counts_right(const chart_ctx *c, FILE *f, const char *name,
                         double y)
{
    const dr_briefing *b = c->b;
    long B = b->base_year, T = b->years;
    /* counts go up in whole steps: 1, 2, 5, 10, ... */
    long cstep = 1;
    for (long p = 1; (double)b->n / (double)cstep > 7.0; p *= 10)
        for (int m = 1; m <= 5 && (double)b->n / (double)cstep > 7.0;
             m += m == 1 ? 1 : 3)
            cstep = m * p;
    long cmax = ((long)b->n + cstep - 1) / cstep * cstep;
    /* right panel: the expected number by year */
    fputs("    unset label 1\n    unset label 2\n    unset label 3\n"
          "    unset label 30\n    unset label 31\n    unset arrow 30\n",
          f);
    fputs("    set lmargin at screen 0.585\n    set rmargin at screen 0.965\n",
          f);
    fputs("    set label 32 ", f);
    gp_str(f, gp_tx(c, TX_ABOVE_YEARS));
    fprintf(f,
            " at screen 0.535, screen %.4f left font ',20' textcolor rgb "
            "INK\n",
            y - 0.05);
    fprintf(f, "    set xrange [%g:%g]\n    set xtics %ld, %ld, %ld\n", B - 0.5,
            B + T + 0.5, B,
            T <= 6    ? 1L
            : T <= 12 ? 2L
                      : 5L,
            B + T);
    fprintf(f,
            "    set yrange [0:%ld]\n    set ytics 0, %ld, %ld format "
            "'%%g'\n",
            cmax, cstep, cmax);
    fputs("    set xlabel ", f);
    gp_str(f, gp_tx(c, TX_YEAR));
    fputs(" font ',18'\n    set ylabel ", f);
    gp_str(f, gp_tx(c, TX_ABOVE_YEARS_AXIS));
    fputs(" font ',18'\n", f);
    fprintf(f,
            "    plot '%s.dat' index 1 using 1:2 with linespoints lw 3 pt 7 "
            "ps 1.1*PS lc rgb LINE notitle",
            name);
    if (T <= 20)
        fputs(", \\\n        '' index 1 using 1:2:(sprintf('%.1f', $2)) "
              "with labels offset 0, 1.1 font ',14' textcolor rgb INK "
              "notitle",
              f);
}

static dr_status write_counties_above(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "counties_above";
    double pmax;
    gp_file gp;
    dr_status st = counts_data(c, name, &pmax);
    if (st || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char run[400], buf[256], p1[32];
    gp_begin(c, f, name,
             "Counties above the warning line: distribution at the horizon "
             "and expected number by year");
    gp_txf(c, buf, sizeof buf, TX_ABOVE_SUBJECT,
           dr_fmt_pct_line(p1, b->warning), b->n);
    fputs("BAR = '#2f6eb5'; LINE = '#0b2e59'\n", f);
    gp_loop_begin(f, name);
    /* the titles go with the first panel only, so they are set anew for
     * each picture */
    double y = gp_titles(f, gp_tx(c, TX_ABOVE_TITLE), buf,
                         gp_run_line(c, run, sizeof run));
    double top = y - 0.115;
    fputs("    set multiplot\n", f);
    counts_left(c, f, name, pmax, y, top);
    counts_right(c, f, name, y);
    fputs("\n    unset multiplot\n    unset label 32\n    unset xlabel\n"
          "    unset ylabel\n",
          f);
    gp_loop_end(f);
    return gp_close(c, &gp, DR_OK);
}

/* ------------------------------------------------------------------------ */

/* Writes every chart's script and data; names gets the chart names. */
static dr_status write_all(const chart_ctx *c, char **names, char *store)
{
    const dr_briefing *b = c->b;
    dr_status st;
    size_t k = 0;
    char title[512];
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        char *name = store + r * 72;
        snprintf(name, 72, "fan_%s", ct->id);
        names[k++] = name;
        if ((st = write_fan(c, name, ct->name, gp_tx(c, TX_FAN_SUBJECT), ct->q,
                            "p05..p95 of broad, ratios.csv")))
            return st;
    }
    names[k++] = (char *)dr_chart_city_name(b);
    gp_txf(c, title, sizeof title, TX_CITY_TITLE, b->n);
    if ((st = write_fan(c, names[k - 1], title, gp_tx(c, TX_CITY_SUBJECT),
                        b->city_q, "p05..p95 of city.csv")))
        return st;
    names[k++] = "heatmap";
    names[k++] = "ranking";
    names[k++] = "grades";
    names[k++] = "counties_above";
    names[k] = NULL;
    if ((st = write_heatmap(c)) || (st = write_ranking(c)) ||
        (st = write_grades(c)) || (st = write_counties_above(c)))
        return st;
    return DR_OK;
}

dr_status dr_charts_draw(const char *dir, unsigned formats, dr_lang lang,
                         int threads, dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    dr_status st = gp_draw_args(formats, err);
    if (st)
        return st;
    dr_briefing b;
    if ((st = dr_briefing_load(&b, dir, err)))
        return st;
    char *cdir = NULL;
    char **names = calloc(b.n + 6, sizeof *names);
    char *store = malloc(b.n * 72 + 1);
    if (!names || !store) {
        st = gp_oom(err);
        goto done;
    }
    if ((st = gp_fresh_charts(dir, &cdir, err)))
        goto done;
    int nomem = 0;
    chart_ctx c = {.b = &b,
                   .zh = (lang == DR_LANG_ZH),
                   .formats = formats,
                   .dir = cdir,
                   .err = err,
                   .nomem = &nomem};
    if ((st = write_all(&c, names, store)))
        goto done;
    size_t n = 0;
    while (names[n])
        n++;
    st = dr_gnuplot_run(cdir, (const char *const *)names, n, threads, err);
done:
    free(store);
    free(names);
    free(cdir);
    dr_briefing_free(&b);
    return st;
}
