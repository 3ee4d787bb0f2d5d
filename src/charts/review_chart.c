/* The charts that compare runs (review_chart.h): compare_breach and
 * compare_city of a batch review, the tornado charts of a sensitivity run. */
#include "charts/review_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/chart_gp.h"
#include "charts/gnuplot.h"
#include "present/briefing.h"

/* Decimals that show every multiple of step exactly: 1 for 0.5, 2 for
 * 0.25. */
static int step_decimals(double step)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10.0, d) - round(step * pow(10.0, d))) >
                        1e-9 * pow(10.0, d))
        d++;
    return d;
}

/* ------------------------------------------------------------------------ */
/* The comparison charts of a review. */

/* Scenario colours: warm for those that raise the city's risk, most harmful
 * darkest; cool for those that lower it, most helpful darkest; grey for
 * none. Neighbours in the key also differ in shape, so that two close
 * colours can still be told apart (and in grey print). */
static const char *const warm[] = {"#8b0000", "#e31a1c", "#f16913", "#c99a00",
                                   "#8c510a", "#e7298a", "#fb9a99"};
static const char *const cool[] = {"#08306b", "#2171b5", "#41b6c4", "#238b45",
                                   "#6a51a3", "#74a9cf", "#78c679"};
static const char *const greys[] = {"#777777", "#aaaaaa", "#555555"};
static const int shapes[] = {7, 5, 9, 13, 11, 15}; /* filled */

typedef struct review_style {
    const char *color;
    int pt;
    char *label; /* the title, shortened for a key */
} review_style;

static int harm_sign(const dr_review *rv, size_t s)
{
    const double *v = dr_review_cmp(rv, s, rv->n);
    double d = v[DR_CMP_DELTA] != 0.0 ? v[DR_CMP_DELTA] : v[DR_CMP_P50_DELTA];
    return (d > 0.0) - (d < 0.0);
}

/* text cut to at most `cells` ems, with an ellipsis, in a new string */
static char *shorten(const char *text, double cells)
{
    if (gp_text_cells(text) <= cells)
        return strdup(text);
    size_t n = strlen(text);
    char *s = malloc(n + 4);
    if (!s)
        return NULL;
    memcpy(s, text, n + 1);
    while (n > 0 && gp_text_cells(s) > cells - 1.0) {
        do
            n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
        s[n] = '\0';
    }
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    memcpy(s + n, "…", 4);
    return s;
}

static dr_status review_styles(const chart_ctx *c, const dr_review *rv,
                               review_style *sty)
{
    size_t m = rv->ns - 1, helpful = 0, iw = 0, ig = 0;
    for (size_t j = 0; j < m; j++)
        helpful += harm_sign(rv, rv->order[j]) < 0;
    for (size_t s = 0; s < rv->ns; s++) {
        char *t = dr_review_title(rv, s, c->zh ? DR_LANG_ZH : DR_LANG_EN);
        sty[s].label = t ? shorten(t, 24.0) : NULL;
        free(t);
        if (!sty[s].label)
            return gp_oom(c->err);
    }
    sty[0].color = INK;
    sty[0].pt = 7;
    for (size_t j = 0, ic = 0; j < m; j++) {
        size_t s = rv->order[j];
        int h = harm_sign(rv, s);
        if (h > 0)
            sty[s].color = warm[iw++ % 7];
        else if (h == 0)
            sty[s].color = greys[ig++ % 3];
        else /* the most helpful, last in the order, is the darkest */
            sty[s].color = cool[(helpful - 1 - ic++) % 7];
        sty[s].pt = shapes[j % 6];
    }
    return DR_OK;
}

/* The review in one line: how many scenarios, paths and seed. */
static const char *review_line(const chart_ctx *c, const dr_review *rv,
                               char *buf, size_t n)
{
    char cnt[32];
    if (c->b->deterministic)
        return gp_txf(c, buf, n, TX_REVIEW_RUN_DET, rv->ns - 1);
    return gp_txf(c, buf, n, TX_REVIEW_RUN, rv->ns - 1,
                  gp_count(c, cnt, c->b->paths), c->b->seed);
}

/* A key of gnuplot at the right of the plot, top at `top`, for entries of
 * font size pt; returns where the plot must end on the right. */
static double gp_side_key(FILE *f, const char *title, char *const *entry,
                          size_t n, double top, int pt)
{
    double w = gp_text_px(title, pt);
    for (size_t k = 0; k < n; k++)
        w = fmax(w, gp_text_px(entry[k], pt) + 4.2 * pt * 1.333);
    double x = fmax(0.56, 0.965 - w / 1600.0);
    /* one column, however long (gnuplot would add columns off the
     * picture) */
    fprintf(f,
            "set key at screen %.4f, screen %.4f left top Left reverse "
            "samplen 1.6 spacing %.2g width 1 maxrows %zu font ',%d' "
            "textcolor rgb INK title ",
            x, top, n > 13 ? 1.1 : 1.3, n + 1, pt);
    gp_str(f, title);
    fputs(" left\n", f);
    return x - 0.02;
}

/* compare_breach: each county (riskiest of the baseline at the top) and
 * the city, a row with one marker per scenario and the baseline as a
 * black bar; a grey track spans the scenarios' range. */
/* The data of compare_breach: per row (the counties riskiest first under
 * the baseline, the city last) the range over the scenarios and each
 * scenario's P(breach), in percent. */
static dr_status breach_data(const chart_ctx *c, const dr_review *rv,
                             const char *name)
{
    const dr_briefing *b = c->b;
    size_t n = rv->n, ns = rv->ns;
    gp_file dat;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# Probability (percent) of a breach of the warning line by %ld "
            "in each scenario: p_breach_end of compare.csv\n",
            b->base_year + b->years);
    fprintf(dat.f, "# row county_id min max");
    for (size_t s = 0; s < ns; s++)
        fprintf(dat.f, " %s", rv->name[s]);
    fprintf(dat.f,
            "\n# (row 0: the riskiest county of the baseline; row "
            "%zu: the city; min, max: over the scenarios)\n",
            n);
    for (size_t r = 0; r <= n; r++) {
        size_t i = r < n ? b->rank[r] : n;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t s = 0; s < ns; s++) {
            double v = 100.0 * dr_review_cmp(rv, s, i)[DR_CMP_P];
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
        fprintf(dat.f, "%zu %s", r, r < n ? b->county[i].id : "city");
        gp_dat_num(dat.f, lo);
        gp_dat_num(dat.f, hi);
        for (size_t s = 0; s < ns; s++)
            gp_dat_num(dat.f, 100.0 * dr_review_cmp(rv, s, i)[DR_CMP_P]);
        fputc('\n', dat.f);
    }
    return gp_close(c, &dat, DR_OK);
}

/* The key's entries: the baseline, then the scenarios, most harmful
 * first, with the change for the city in points; new strings in entry. */
static dr_status breach_entries(const chart_ctx *c, const dr_review *rv,
                                const review_style *sty, char **entry)
{
    dr_status st = DR_OK;
    for (size_t k = 0; k < rv->ns; k++) {
        size_t s = k ? rv->order[k - 1] : 0;
        double d = 100.0 * dr_review_cmp(rv, s, rv->n)[DR_CMP_DELTA];
        char num[32];
        if (d == 0.0)
            snprintf(num, sizeof num, "±0");
        else if (d < 0.0)
            snprintf(num, sizeof num, "−%.1f", -d);
        else
            snprintf(num, sizeof num, "+%.1f", d);
        size_t len = strlen(sty[s].label) + 40;
        if ((entry[k] = malloc(len)))
            snprintf(entry[k], len, k ? "%s  %s" : "%s", sty[s].label, num);
        else
            st = gp_oom(c->err);
    }
    return st;
}

/* The rows (names, the city apart), the probability axis. */
static void breach_axes(const chart_ctx *c, FILE *f, size_t n, double top,
                        double bottom, double right)
{
    const dr_briefing *b = c->b;
    int pt = gp_row_font(n + 1, (top - bottom) * 900.0, 18);
    double w = gp_text_cells(gp_tx(c, TX_CMP_CITY_ROW));
    for (size_t i = 0; i < n; i++)
        w = fmax(w, gp_text_cells(b->county[i].name));
    double lm = gp_label_margin(w, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
            "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            lm, right, top, bottom);
    fputs("set ytics (", f);
    for (size_t r = 0; r < n; r++) {
        gp_quote(f, b->county[b->rank[r]].name, 1);
        fprintf(f, " %zu, ", r);
    }
    gp_quote(f, gp_tx(c, TX_CMP_CITY_ROW), 1);
    fprintf(f, " %zu) font ',%d' scale 0\n", n, pt);
    fprintf(f, "set yrange [%g:-0.6]\n", (double)n + 0.6);
    fputs("set xrange [-1.5:101.5]\nset xtics 0, 20, 100 format '%.0f%%'\n"
          "set grid xtics lc rgb '#e4e4e4' lw 1 dt 1\nset border 1\n",
          f);
    fputs("set xlabel ", f);
    gp_str(f, gp_tx(c, TX_RANK_AXIS_DET));
    fputs(" font ',17' textcolor rgb MUTED\n", f);
    /* the city apart from the counties */
    fprintf(f,
            "set arrow 1 from graph 0, first %g to graph 1, first %g "
            "nohead lw 1.2 dt 2 lc rgb '#999999' back\n",
            (double)n - 0.5, (double)n - 0.5);
}

/* Each row's track over the scenarios, a marker per scenario, the
 * baseline's tick. */
static void breach_plot(FILE *f, const char *name, const dr_review *rv,
                        const review_style *sty, char *const *entry)
{
    size_t ns = rv->ns, m = ns - 1;
    /* markers of a row spread a little up and down, most harmful at the
     * top, so that equal values still show every colour */
    double step = m > 1 ? fmin(0.075, 0.6 / (double)(m - 1)) : 0.0;
    /* markers smaller when there are many, so that the key, spaced by its
     * markers, still fits */
    double mk = fmin(1.7, 24.0 / (double)ns);
    fputs("TRACK = '#e6e6e6'\n", f);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 3:1:($4-$3):(0) with vectors nohead "
            "lw 9 lc rgb TRACK notitle, \\\n",
            name);
    fputs("        keyentry with vectors nohead lw 4 lc rgb INK title ", f);
    gp_str(f, entry[0]);
    for (size_t k = 0; k < m; k++) {
        size_t s = rv->order[k];
        double off = ((double)k - (double)(m - 1) / 2.0) * step;
        fprintf(f,
                ", \\\n        '' using %zu:($1%+.4f) with points lw 3 "
                "pt %d ps %.2f*PS lc rgb 'white' notitle",
                5 + s, off, sty[s].pt, mk + 0.5);
        fprintf(f,
                ", \\\n        '' using %zu:($1%+.4f) with points lw 3 "
                "pt %d ps %.2f*PS lc rgb '%s' title ",
                5 + s, off, sty[s].pt, mk, sty[s].color);
        gp_str(f, entry[k + 1]);
    }
    fputs(", \\\n        '' using 5:($1-0.42):(0):(0.84) with vectors "
          "nohead lw 3.5 lc rgb INK notitle\n",
          f);
    gp_loop_end(f);
}

static dr_status write_compare_breach(const chart_ctx *c, const dr_review *rv,
                                      const review_style *sty)
{
    const dr_briefing *b = c->b;
    const char *name = "compare_breach";
    size_t n = rv->n, ns = rv->ns;
    long E = b->base_year + b->years;
    gp_file gp;
    dr_status st = breach_data(c, rv, name);
    if (st || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], subject[256], run[400], p1[32];
    gp_begin(c, f, name,
             "Comparison: probability of a breach of the warning line by the "
             "horizon, by county and scenario");
    gp_txf(c, title, sizeof title, TX_CMP_BREACH_TITLE, E);
    gp_txf(c, subject, sizeof subject, TX_RANK_SUBJECT,
           dr_fmt_pct_line(p1, b->warning), E);
    double y =
        gp_titles(f, title, subject, review_line(c, rv, run, sizeof run));
    double top = y + 0.005, bottom = 0.13;
    char **entry = calloc(ns, sizeof *entry);
    if (!entry) {
        gp_close(c, &gp, DR_OK);
        return gp_oom(c->err);
    }
    if ((st = breach_entries(c, rv, sty, entry)) == DR_OK) {
        int kpt = ns > 16 ? 13 : 16;
        double right =
            gp_side_key(f, gp_tx(c, TX_CMP_KEY_BREACH), entry, ns, top, kpt);
        breach_axes(c, f, n, top, bottom, right);
        breach_plot(f, name, rv, sty, entry);
    }
    for (size_t k = 0; k < ns; k++)
        free(entry[k]);
    free(entry);
    return gp_close(c, &gp, st);
}

/* compare_city: the city's median broad ratio by year, one line per
 * scenario, the baseline thick and black, the warning line dashed red. */
/* The data of compare_city: the city's median by year in each scenario,
 * in percent; its range (with the warning line) in *lo, *hi. */
static dr_status city_data(const chart_ctx *c, const dr_review *rv,
                           const char *name, double *lo, double *hi)
{
    const dr_briefing *b = c->b;
    size_t ns = rv->ns;
    gp_file dat;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f, "# Median broad debt ratio of the city (percent) in each "
                   "scenario: p50 of <scenario>/city.csv\n# year");
    for (size_t s = 0; s < ns; s++)
        fprintf(dat.f, " %s", rv->name[s]);
    fputc('\n', dat.f);
    *lo = *hi = 100.0 * b->warning;
    for (long t = 0; t <= b->years; t++) {
        fprintf(dat.f, "%ld", b->base_year + t);
        for (size_t s = 0; s < ns; s++) {
            const dr_briefing *sb = &rv->sc[s];
            double v = t <= sb->years
                           ? 100.0 * sb->city_q[(size_t)t * DR_NPCT + Q50]
                           : NAN;
            gp_dat_num(dat.f, v);
            if (isfinite(v)) {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            }
        }
        fputc('\n', dat.f);
    }
    return gp_close(c, &dat, DR_OK);
}

/* The key's entries: each scenario, the baseline first, with the city's
 * median at the horizon; new strings in entry. */
static dr_status city_entries(const chart_ctx *c, const dr_review *rv,
                              const review_style *sty, char **entry)
{
    char p1[32];
    for (size_t k = 0; k < rv->ns; k++) {
        size_t s = k ? rv->order[k - 1] : 0;
        const dr_briefing *sb = &rv->sc[s];
        size_t len = strlen(sty[s].label) + 40;
        if (!(entry[k] = malloc(len)))
            return gp_oom(c->err);
        snprintf(entry[k], len, "%s  %s", sty[s].label,
                 dr_fmt_pct(p1, sb->city_q[(size_t)sb->years * DR_NPCT + Q50]));
    }
    return DR_OK;
}

/* The axes: years, and the range of the medians with a margin. */
static void city_axes(FILE *f, const dr_briefing *b, double lo, double hi,
                      double top, double bottom, double right)
{
    long B = b->base_year, T = b->years;
    double span = hi - lo;
    double step = gp_nice_step(span * 1.1 + 1.0, 7);
    double ymin = floor((lo - 0.05 * span) / step) * step;
    double ymax = ceil((hi + 0.05 * span) / step) * step;
    if (ymin < 0.0 && lo >= 0.0)
        ymin = 0.0;
    char tic[64], fmt[16];
    snprintf(fmt, sizeof fmt, "%%.%df%%%%", step_decimals(step));
    snprintf(tic, sizeof tic, fmt, ymax);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
            "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            fmax(0.08, 0.035 + (gp_text_px(tic, 20) + 16.0) / 1600.0), right,
            top, bottom);
    long xstep = T <= 12 ? 1 : T <= 25 ? 2 : 5;
    fprintf(f, "set xrange [%g:%g]\nset xtics %ld, %ld, %ld\n", B - 0.3,
            B + T + 0.3, B, xstep, B + T);
    fprintf(f, "set yrange [%g:%g]\nset ytics %g, %g, %g format '%s'\n", ymin,
            ymax, ymin, step, ymax, fmt);
    fputs("set grid ytics lc rgb '#e4e4e4' lw 1 dt 1\n", f);
}

/* The warning line, the baseline, each scenario, and the warning line
 * named in the key: every place in the plot may hold a line. */
static void city_plot(const chart_ctx *c, FILE *f, const char *name,
                      const dr_review *rv, const review_style *sty,
                      char *const *entry)
{
    size_t ns = rv->ns;
    char buf[256], p1[32];
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot %g with lines lw 3.5 dt (8,4) lc rgb WARN notitle, "
            "\\\n        '%s.dat' using 1:2 with linespoints lw 5 pt 7 "
            "ps 1.2*PS lc rgb INK title ",
            100.0 * c->b->warning, name);
    gp_str(f, entry[0]);
    for (size_t k = 0; k + 1 < ns; k++) {
        size_t s = rv->order[k];
        fprintf(f,
                ", \\\n        '' using 1:%zu with linespoints lw 2.5 "
                "pt %d ps %.2f*PS lc rgb '%s' title ",
                2 + s, sty[s].pt, fmin(1.2, 17.0 / (double)ns), sty[s].color);
        gp_str(f, entry[k + 1]);
    }
    fputs(", \\\n        keyentry with lines lw 3.5 dt (8,4) lc rgb WARN "
          "title ",
          f);
    gp_str(f, gp_txf(c, buf, sizeof buf, TX_WARNING_LINE,
                     dr_fmt_pct_line(p1, c->b->warning)));
    fputc('\n', f);
    gp_loop_end(f);
}

static dr_status write_compare_city(const chart_ctx *c, const dr_review *rv,
                                    const review_style *sty)
{
    const dr_briefing *b = c->b;
    const char *name = "compare_city";
    size_t ns = rv->ns;
    double lo, hi;
    gp_file gp;
    dr_status st = city_data(c, rv, name, &lo, &hi);
    if (st || (st = gp_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], subject[256], run[400], keyt[128];
    gp_begin(c, f, name,
             "Comparison: median broad debt ratio of the city by year, one "
             "line per scenario");
    gp_txf(c, title, sizeof title, TX_CMP_CITY_TITLE);
    gp_txf(c, subject, sizeof subject, TX_CMP_CITY_SUBJECT, rv->n);
    double y =
        gp_titles(f, title, subject, review_line(c, rv, run, sizeof run));
    double top = y + 0.005, bottom = 0.1;
    char **entry = calloc(ns, sizeof *entry);
    if (!entry) {
        gp_close(c, &gp, DR_OK);
        return gp_oom(c->err);
    }
    if ((st = city_entries(c, rv, sty, entry)) == DR_OK) {
        gp_txf(c, keyt, sizeof keyt, TX_CMP_KEY_CITY, b->base_year + b->years);
        double right = gp_side_key(f, keyt, entry, ns, top, ns > 15 ? 13 : 16);
        city_axes(f, b, lo, hi, top, bottom, right);
        city_plot(c, f, name, rv, sty, entry);
    }
    for (size_t k = 0; k < ns; k++)
        free(entry[k]);
    free(entry);
    return gp_close(c, &gp, st);
}

/* ------------------------------------------------------------------------ */
/* The tornado charts of a sensitivity run. */

/* tornado: for county i (n: the city), a row per parameter, largest swing
 * at the top, a bar from the base probability to the one at the low
 * setting (upper half) and at the high setting (lower half). */
/* The data of a tornado: per parameter, largest swing first, the base,
 * the changes and the probabilities at both settings, in percent.
 * Returns the largest swing, in points, in *swing_max. */
static dr_status tornado_data(const chart_ctx *c, const dr_sensitivity *s,
                              size_t i, const char *name, const size_t *order,
                              double *swing_max)
{
    const dr_briefing *b = c->b;
    gp_file dat;
    dr_status st = gp_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# Probability (percent) of a breach by %ld for %s at the low and "
            "high setting of each parameter, sensitivity.csv\n",
            b->base_year + b->years, i < s->n ? b->county[i].id : "the city");
    fprintf(dat.f, "# row p_breach_base delta_low delta_high p_breach_low "
                   "p_breach_high parameter (row 0: the largest swing)\n");
    *swing_max = 0.0;
    for (size_t r = 0; r < s->np; r++) {
        const double *v = dr_sensitivity_row(s, order[r], i);
        fprintf(dat.f, "%zu", r);
        gp_dat_num(dat.f, 100.0 * v[DR_SENS_BASE]);
        gp_dat_num(dat.f, 100.0 * v[DR_SENS_DLOW]);
        gp_dat_num(dat.f, 100.0 * v[DR_SENS_DHIGH]);
        gp_dat_num(dat.f, 100.0 * v[DR_SENS_LOW]);
        gp_dat_num(dat.f, 100.0 * v[DR_SENS_HIGH]);
        fprintf(dat.f, " %s\n", s->param[order[r]]);
        *swing_max =
            fmax(*swing_max, 100.0 * dr_sensitivity_swing(s, order[r], i));
    }
    return gp_close(c, &dat, DR_OK);
}

/* The rows (the parameters' names) and the probability axis, centred on
 * the base. Returns the font size of the rows. */
static int tornado_axes(const chart_ctx *c, FILE *f, const dr_sensitivity *s,
                        const size_t *order, double base, double swing_max,
                        double top, double bottom)
{
    size_t np = s->np;
    dr_lang lang = c->zh ? DR_LANG_ZH : DR_LANG_EN;
    char buf[256];
    int pt = gp_row_font(np, (top - bottom) * 900.0, 18);
    double w = 0.0;
    for (size_t p = 0; p < np; p++)
        w = fmax(w, gp_text_cells(
                        dr_param_label(s->param[p], lang, buf, sizeof buf)));
    double lm = gp_label_margin(w, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.96\n"
            "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            lm, top, bottom);
    fputs("set ytics (", f);
    for (size_t r = 0; r < np; r++) {
        if (r)
            fputs(", ", f);
        gp_quote(f, dr_param_label(s->param[order[r]], lang, buf, sizeof buf),
                 1);
        fprintf(f, " %zu", r);
    }
    fprintf(f, ") font ',%d' scale 0\n", pt);
    fprintf(f, "set yrange [%g:-0.55]\n", (double)np - 0.45);
    /* centred on the base: the widest bar takes three fifths of its half,
     * its label the rest */
    /* and at least 5 points each side, so that a small effect looks
     * small */
    double half = fmax(5.0, swing_max / 0.6);
    double step = gp_nice_step(2.0 * half, 8);
    half = ceil(half / step) * step;
    double x0 = base - half, x1 = base + half;
    fprintf(f, "set xrange [%.6g:%.6g]\n", x0, x1);
    fprintf(f, "set xtics %g, %g, %g format '%%.%df%%%%'\n",
            fmax(0.0, ceil(x0 / step) * step), step,
            fmin(100.0, floor(x1 / step) * step), step_decimals(step));
    fputs("set grid xtics lc rgb '#e4e4e4' lw 1 dt 1\nset border 1\n", f);
    fputs("set xlabel ", f);
    gp_str(f, gp_txf(c, buf, sizeof buf, TX_TORNADO_AXIS,
                     c->b->base_year + c->b->years));
    fputs(" font ',17' textcolor rgb MUTED\nunset key\n", f);
    fprintf(f,
            "set arrow 1 from %.6g, graph 0 to %.6g, graph 1 nohead lw 2.5 "
            "lc rgb INK front\n",
            base, base);
    return pt;
}

/* Each bar's setting and probability at its end, outside it; hh is the
 * bars' thickness. */
static void tornado_labels(FILE *f, const dr_sensitivity *s, size_t i,
                           const size_t *order, double base, double hh, int pt)
{
    int lpt = pt > 16 ? 16 : pt < 10 ? 10 : pt;
    char p1[32];
    for (size_t r = 0; r < s->np; r++) {
        const double *v = dr_sensitivity_row(s, order[r], i);
        for (int side = 0; side < 2; side++) {
            double d = 100.0 * v[side ? DR_SENS_DHIGH : DR_SENS_DLOW];
            double p = 100.0 * v[side ? DR_SENS_HIGH : DR_SENS_LOW];
            char set[96], lab[160];
            dr_setting_label(side ? s->high[order[r]] : s->low[order[r]], set,
                             sizeof set);
            snprintf(lab, sizeof lab, "%s → %s", set,
                     dr_fmt_pct(p1, p / 100.0));
            fprintf(f, "set label %zu ", 20 + 2 * r + (size_t)side);
            gp_str(f, lab);
            fprintf(f,
                    " at %.6g, %.4f %s offset %s, 0 font ',%d' textcolor "
                    "rgb INK front\n",
                    base + d, (double)r + (side ? 1 : -1) * (0.02 + hh / 2),
                    d < 0.0 ? "right" : "left", d < 0.0 ? "-0.6" : "0.6", lpt);
        }
    }
}

/* The titles, the legend and the top of the plot area. */
static double tornado_head(const chart_ctx *c, FILE *f, size_t i, size_t n,
                           double base)
{
    const dr_briefing *b = c->b;
    char title[256], subject[400], run[400], p1[32];
    gp_txf(c, title, sizeof title, TX_TORNADO_TITLE,
           i < n ? b->county[i].name : gp_tx(c, TX_THE_CITY));
    gp_txf(c, subject, sizeof subject, TX_TORNADO_SUBJECT,
           b->base_year + b->years, dr_fmt_pct(p1, base / 100.0));
    double y = gp_titles(f, title, subject, gp_run_line(c, run, sizeof run));
    fputs("LOW = '#3b7dc4'; HIGH = '#e8772e'\n", f);
    legend_item lg[3] = {
        {LG_BOX, "LOW", ""}, {LG_BOX, "HIGH", ""}, {LG_LINE, "INK", ""}};
    snprintf(lg[0].text, sizeof lg[0].text, "%s", gp_tx(c, TX_LOW));
    snprintf(lg[1].text, sizeof lg[1].text, "%s", gp_tx(c, TX_HIGH));
    gp_txf(c, lg[2].text, sizeof lg[2].text, TX_BASE_P,
           dr_fmt_pct(p1, base / 100.0));
    gp_legend(f, lg, 3, y, 18);
    return y;
}

static dr_status write_tornado(const chart_ctx *c, const dr_sensitivity *s,
                               size_t i, const char *name)
{
    size_t np = s->np;
    size_t *order = malloc(np * sizeof *order);
    if (!order)
        return gp_oom(c->err);
    dr_sensitivity_rank(s, i, order);
    double base = 100.0 * dr_sensitivity_row(s, order[0], i)[DR_SENS_BASE];
    double swing_max;
    gp_file gp = {0};
    dr_status st = tornado_data(c, s, i, name, order, &swing_max);
    if (st || (st = gp_open(c, name, "gp", &gp))) {
        free(order);
        return st;
    }
    FILE *f = gp.f;
    gp_begin(c, f, name,
             "Tornado: probability of a breach by the horizon at the low and "
             "high setting of each parameter");
    double y = tornado_head(c, f, i, s->n, base);
    double top = y - 0.05, bottom = 0.13;
    int pt = tornado_axes(c, f, s, order, base, swing_max, top, bottom);
    /* bars at most 40 pixels thick, however few the rows */
    double hh = fmin(0.38, 40.0 / ((top - bottom) * 900.0 / (double)np));
    fprintf(f, "H = %.4f; G = 0.02\n", hh);
    tornado_labels(f, s, i, order, base, hh, pt);
    fputs("set style fill solid 1.0 noborder\n", f);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 2:($1-G-H/2):2:($2+$3):($1-G-H):($1-G) "
            "with boxxyerror fillcolor rgb LOW notitle, \\\n"
            "        '' using 2:($1+G+H/2):2:($2+$4):($1+G):($1+G+H) with "
            "boxxyerror fillcolor rgb HIGH notitle\n",
            name);
    gp_loop_end(f);
    free(order);
    return gp_close(c, &gp, DR_OK);
}

/* ------------------------------------------------------------------------ */
/* Drawing. */

dr_status dr_review_draw(const char *outdir, unsigned formats, dr_lang lang,
                         int threads, dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    dr_status st = gp_draw_args(formats, err);
    if (st)
        return st;
    dr_review rv;
    if ((st = dr_review_load(&rv, outdir, err)))
        return st;
    char *cdir = NULL;
    review_style *sty = calloc(rv.ns, sizeof *sty);
    if (!sty) {
        st = gp_oom(err);
        goto done;
    }
    if ((st = gp_fresh_charts(outdir, &cdir, err)))
        goto done;
    int nomem = 0;
    chart_ctx c = {.b = &rv.sc[0],
                   .zh = (lang == DR_LANG_ZH),
                   .formats = formats,
                   .dir = cdir,
                   .err = err,
                   .nomem = &nomem};
    static const char *const names[] = {"compare_breach", "compare_city"};
    if ((st = review_styles(&c, &rv, sty)) ||
        (st = write_compare_breach(&c, &rv, sty)) ||
        (st = write_compare_city(&c, &rv, sty)))
        goto done;
    st = dr_gnuplot_run(cdir, names, 2, threads, err);
done:
    for (size_t s = 0; sty && s < rv.ns; s++)
        free(sty[s].label);
    free(sty);
    free(cdir);
    dr_review_free(&rv);
    return st;
}

dr_status dr_tornado_draw(const char *outdir, unsigned formats, dr_lang lang,
                          int threads, dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    dr_status st = gp_draw_args(formats, err);
    if (st)
        return st;
    dr_sensitivity s;
    if ((st = dr_sensitivity_load(&s, outdir, err)))
        return st;
    char *cdir = NULL, county[96];
    /* the run line names the scenario in the charts' language */
    char *title = dr_lang_text(s.base.title, lang);
    if (!title) {
        st = gp_oom(err);
        goto done;
    }
    free(s.base.title);
    s.base.title = title;
    if ((st = gp_fresh_charts(outdir, &cdir, err)))
        goto done;
    int nomem = 0;
    chart_ctx c = {.b = &s.base,
                   .zh = (lang == DR_LANG_ZH),
                   .formats = formats,
                   .dir = cdir,
                   .err = err,
                   .nomem = &nomem};
    const char *names[2] = {dr_tornado_city_name(&s), county};
    snprintf(county, sizeof county, "tornado_%s", s.base.county[s.riskiest].id);
    if ((st = write_tornado(&c, &s, s.n, names[0])) ||
        (st = write_tornado(&c, &s, s.riskiest, names[1])))
        goto done;
    st = dr_gnuplot_run(cdir, names, 2, threads, err);
done:
    free(cdir);
    dr_sensitivity_free(&s);
    return st;
}
