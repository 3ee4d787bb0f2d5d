/* The charts of a backtest (charts/backtest_chart.h) from a backtest
 * built here, drawn by a stand-in for gnuplot (tests/lib/fakegp.h): the
 * scripts, data and pictures of each chart; the PIT histogram's bins
 * counted by hand; each fan's columns equal to what was given (broad in
 * percent); panels only for what there is; a county's name only inside
 * single quotes; the languages; nothing to draw; bad arguments; gnuplot
 * missing or failing. When gnuplot itself is installed, the scripts are
 * drawn by it once, as SVG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chartfile.h"
#include "charts/backtest_chart.h"
#include "charts/chart.h"
#include "check.h"
#include "errcheck.h"
#include "fakegp.h"
#include "scratch.h"

static char *ok_gp, *bad_gp;

static dr_county counties[] = {
    {.id = "east", .name = "It's `x` @y %z", .type = "urban"},
    {.id = "west", .name = "West", .type = "rural"}};
static const dr_fiscal fiscal = {
    .path = "fiscal.csv", .county = counties, .n = 2};

#define T 2 /* years of the fans after the origin */

/* The value of percentile j of county i's variable v in year t of the
 * fan: distinct for every cell. */
static double cell(size_t i, long t, int v, int j)
{
    return 100.0 * (double)(i + 1) + 10.0 * (double)t + (double)v +
           0.1 * (double)j;
}

/* Normal and bootstrap shocks. GDP: normal PITs 0.05, 0.15, 0.15, 0.95,
 * 1 (bins 0, 1, 1, 9, 9 of ten: 20%, 40%, 40%; a PIT of 1 in the last
 * bin), bootstrap 0 and 0.55 (bins 0 and 5: 50% each); land revenue:
 * normal 0.35 (bin 3: 100%); broad: bootstrap 0.5 only (no panel: a panel
 * needs the first family's outcomes). The fans of the first origin: east
 * has no broad outcome after the origin (no panel), west has. */
static dr_backtest make(void)
{
    dr_backtest b = {.fiscal = &fiscal,
                     .nfam = 2,
                     .family = {DR_FAMILY_NORMAL, DR_FAMILY_BOOTSTRAP},
                     .from = 2010,
                     .origin0 = 2020,
                     .origin1 = 2021,
                     .paths = 100,
                     .fan_T = T};
    static const struct {
        int fam, var;
        double pit;
    } rows[] = {{0, DR_TR_GDP, 0.05}, {0, DR_TR_GDP, 0.15},
                {0, DR_TR_GDP, 0.15}, {0, DR_TR_GDP, 0.95},
                {0, DR_TR_GDP, 1.0},  {1, DR_TR_GDP, 0.0},
                {1, DR_TR_GDP, 0.55}, {0, DR_TR_LAND_REVENUE, 0.35},
                {1, DR_TR_BROAD, 0.5}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        dr_bt_row r = {2020, 0, 2021, rows[k].var, rows[k].fam,
                       1,    1, 1,    1,           rows[k].pit};
        dr_backtest_add(&b, &r);
    }
    size_t cells = 2 * (T + 1) * DR_NTRACK;
    b.fan = calloc(cells, sizeof *b.fan);
    b.fan_real = malloc(cells * sizeof *b.fan_real);
    for (size_t i = 0; i < 2; i++)
        for (long t = 0; t <= T; t++)
            for (int v = 0; v < DR_NTRACK; v++) {
                size_t k = (i * (T + 1) + (size_t)t) * DR_NTRACK + (size_t)v;
                for (int j = 0; j < DR_NPCT; j++)
                    b.fan[k].pct[j] = cell(i, t, v, j);
                b.fan_real[k] = i == 0 && v == DR_TR_BROAD && t > 0
                                    ? NAN
                                    : cell(i, t, v, 0) + 0.05;
            }
    return b;
}

/* The data rows of a .dat (comments skipped), up to 40 numbers each; the
 * number of rows. */
static size_t dat_rows(const char *text, double rows[][40], size_t max,
                       size_t *cols)
{
    size_t n = 0;
    for (const char *p = text; p && *p && n < max;) {
        const char *e = strchr(p, '\n');
        if (*p != '#' && *p != '\n') {
            char *q = (char *)p;
            size_t k = 0;
            while (k < 40 && q < e) {
                char *r;
                double v = strtod(q, &r);
                if (r == q)
                    break;
                rows[n][k++] = v;
                q = r;
            }
            cols[n++] = k;
        }
        p = e ? e + 1 : p + strlen(p);
    }
    return n;
}

/* 1 when no comment line of text holds needle. */
static int not_in_comments(const char *text, const char *needle)
{
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (*p == '#') {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)n, p);
            if (strstr(line, needle))
                return 0;
        }
        p += n + (e != NULL);
    }
    return 1;
}

/* The PIT histogram: bin centres, then per variable and family (three
 * families a variable, column 2 + 3v + f) the percent of its outcomes in
 * the bin, NAN for a family without outcomes. */
static void pit(const char *dir)
{
    char *s = chart_file(dir, "backtest_pit", "dat");
    double rows[12][40];
    size_t cols[12];
    size_t n = dat_rows(s, rows, 12, cols);
    int ok = n == 10;
    for (size_t k = 0; ok && k < 10; k++) {
        double want[19];
        want[0] = (k + 0.5) / 10;
        for (int c = 1; c < 19; c++)
            want[c] = NAN;
        int gdp = 1, land = 1 + 3 * DR_TR_LAND_REVENUE,
            broad = 1 + 3 * DR_TR_BROAD;
        want[gdp] = k == 0 ? 20 : k == 1 ? 40 : k == 9 ? 40 : 0;
        want[gdp + 1] = k == 0 || k == 5 ? 50 : 0;
        want[land] = k == 3 ? 100 : 0;
        want[broad + 1] = k == 5 ? 100 : 0;
        ok = cols[k] == 19;
        for (int c = 0; ok && c < 19; c++)
            ok = isnan(want[c]) ? isnan(rows[k][c])
                                : fabs(rows[k][c] - want[c]) < 1e-9;
        if (!ok)
            printf("# bin %zu differs\n", k);
    }
    CHECK(ok);
    free(s);
    s = chart_file(dir, "backtest_pit", "gp");
    /* panels for GDP and land revenue (normal has outcomes), each plotting
     * both families' columns; none for transfers or broad */
    CHECK(s && strstr(s, "set title 'GDP' ") &&
          strstr(s, "set title 'Land revenue' ") &&
          !strstr(s, "set title 'Transfers' ") &&
          !strstr(s, "set title 'Broad debt ratio' "));
    CHECK(s &&
          strstr(s, "'backtest_pit.dat' using ($1+-0.0200):2 with boxes") &&
          strstr(s, "'backtest_pit.dat' using ($1+0.0200):3 with boxes") &&
          strstr(s, "using ($1+-0.0200):11 with boxes") &&
          strstr(s, "using ($1+0.0200):12 with boxes"));
    CHECK(s && strstr(s, "  ·  Origins 2020–2021  ·  calibrated from 2010'") &&
          strstr(s, "'normal'") && strstr(s, "'bootstrap'") &&
          strstr(s, "set boxwidth 0.0400 absolute"));
    free(s);
}

/* A county's fan: year, then per variable p05 p25 p50 p75 p95 and what
 * happened, broad times 100. */
static int fan_is(const char *dir, size_t i)
{
    char name[32];
    snprintf(name, sizeof name, "backtest_%s", counties[i].id);
    char *s = chart_file(dir, name, "dat");
    double rows[8][40];
    size_t cols[8];
    size_t n = dat_rows(s, rows, 8, cols);
    free(s);
    int ok = n == T + 1;
    static const int pct[] = {0, 2, 3, 4, 6};
    for (long t = 0; ok && t <= T; t++) {
        ok = cols[t] == 1 + 6 * DR_NTRACK && rows[t][0] == 2020 + t;
        for (int v = 0; ok && v < DR_NTRACK; v++) {
            double sc = v == DR_TR_BROAD ? 100 : 1;
            for (int j = 0; ok && j < 5; j++)
                ok = fabs(rows[t][1 + 6 * v + j] - sc * cell(i, t, v, pct[j])) <
                     1e-9;
            double real = rows[t][6 + 6 * v];
            ok = ok &&
                 (i == 0 && v == DR_TR_BROAD && t > 0
                      ? isnan(real)
                      : fabs(real - sc * (cell(i, t, v, 0) + 0.05)) < 1e-9);
        }
    }
    return ok;
}

static void draw(void)
{
    char *dir = scratch_dup_path("bt");
    mkdir(dir, 0777);
    mkdir(scratch_path("bt/charts"), 0777);
    scratch_put("bt/charts/old.png", "an earlier drawing");
    dr_backtest b = make();
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    CHECK(dr_backtest_charts_draw(dir, &b, DR_CHART_PNG | DR_CHART_SVG,
                                  DR_LANG_EN, 2, &err) == DR_OK);
    CHECK(fake_log_runs() == 3);
    CHECK(drawn(dir, "backtest_pit") && drawn(dir, "backtest_east") &&
          drawn(dir, "backtest_west"));
    CHECK(!exists(scratch_path("bt/charts/old.png")));
    pit(dir);
    CHECK(fan_is(dir, 0));
    CHECK(fan_is(dir, 1));
    char *s = chart_file(dir, "backtest_east", "gp");
    CHECK(s && strstr(s, "'It''s `x` @y %z: what happened against the "
                         "forecast'"));
    CHECK(s &&
          strstr(s, "'Forecast from 2020 with normal shocks: 5–95% and "
                    "25–75% bands, median; dots: what happened") &&
          strstr(s, "calibrated on 2010–2020'"));
    CHECK(s && strstr(s, "set xrange [2020:2022]\n") &&
          strstr(s, "\nFORMATS = 'png svg'\n"));
    /* every variable but broad, which east has no outcome of */
    CHECK(s && strstr(s, "set title 'GDP (100 million yuan)' ") &&
          strstr(s, "set title 'Comprehensive resources (100 million "
                    "yuan)' ") &&
          !strstr(s, "Broad debt ratio"));
    /* GDP's band p05-p95 (2:6), p25-p75 (3:5), median 4, outcomes 7 */
    CHECK(s &&
          strstr(s, "plot 'backtest_east.dat' using 1:2:6 with "
                    "filledcurves") &&
          strstr(s, "'' using 1:3:5 with filledcurves") &&
          strstr(s, "'' using 1:4 with lines") &&
          strstr(s, "'' using 1:7 with linespoints"));
    CHECK(not_in_comments(s, "It") && not_in_comments(s, "`"));
    free(s);
    s = chart_file(dir, "backtest_west", "gp");
    CHECK(s && strstr(s, "set title 'Broad debt ratio (%)' ") &&
          strstr(s, "'' using 1:37 with linespoints"));
    free(s);

    /* Chinese */
    CHECK(dr_backtest_charts_draw(dir, &b, DR_CHART_PDF, DR_LANG_ZH, 1, &err) ==
          DR_OK);
    s = chart_file(dir, "backtest_west", "gp");
    CHECK(s && strstr(s, "'West：实际与预测'") &&
          strstr(s, "'2020 年起的预测（正态冲击）") &&
          strstr(s, "set title 'GDP（亿元）' ") &&
          strstr(s, "\nFORMATS = 'pdf'\n"));
    free(s);
    s = chart_file(dir, "backtest_pit", "gp");
    CHECK(s && strstr(s, "'正态'") && strstr(s, "'历史自助抽样'") &&
          strstr(s, "  ·  起点 2020—2021 年  ·  自 2010 年起校准'"));
    free(s);

    /* no fans: the PIT histogram alone */
    free(b.fan);
    b.fan = NULL;
    fake_log_clear();
    CHECK(dr_backtest_charts_draw(dir, &b, DR_CHART_PNG, DR_LANG_EN, 1, &err) ==
          DR_OK);
    CHECK(fake_log_runs() == 1 && drawn(dir, "backtest_pit") &&
          !exists(scratch_path("bt/charts/backtest_east.gp")));
    dr_backtest_free(&b);
    free(dir);
}

static void refusals(void)
{
    char *dir = scratch_dup_path("args");
    mkdir(dir, 0777);
    dr_backtest b = make();
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    /* no formats, or no comparison: nothing drawn, no charts folder */
    CHECK(dr_backtest_charts_draw(dir, &b, 0, DR_LANG_EN, 1, &err) == DR_OK);
    dr_backtest none = {.fiscal = &fiscal, .nfam = 1};
    CHECK(dr_backtest_charts_draw(dir, &none, DR_CHART_PNG, DR_LANG_EN, 1,
                                  &err) == DR_OK);
    CHECK(!exists(scratch_path("args/charts")) && fake_log_runs() == 0);
    CHECK(err_is(dr_backtest_charts_draw(dir, &b, 16, DR_LANG_EN, 1, &err),
                 &err, DR_EUSAGE, "", 0, 0, "unknown chart format bits"));
    CHECK(!exists(scratch_path("args/charts")));

    /* gnuplot missing: the scripts and data are written all the same */
    unsetenv("GNUPLOT");
    char *path = strdup(getenv("PATH"));
    setenv("PATH", "", 1);
    CHECK(err_is(
        dr_backtest_charts_draw(dir, &b, DR_CHART_PNG, DR_LANG_EN, 1, &err),
        &err, DR_ECHART, "", 0, 0, "gnuplot not found"));
    setenv("PATH", path, 1);
    free(path);
    char *s = chart_file(dir, "backtest_pit", "gp"),
         *t = chart_file(dir, "backtest_west", "dat");
    CHECK(s && t);
    free(s);
    free(t);

    /* gnuplot failing on one chart: named, the others drawn */
    setenv("GNUPLOT", bad_gp, 1);
    fake_log_clear();
    CHECK(err_is(
        dr_backtest_charts_draw(dir, &b, DR_CHART_PNG, DR_LANG_EN, 1, &err),
        &err, DR_ECHART, "", 0, 0,
        "failed on charts/backtest_east.gp with exit status 1: no "
        "fan"));
    CHECK(fake_log_runs() == 3 &&
          exists(scratch_path("args/charts/backtest_pit.png")));
    dr_backtest_free(&b);
    free(dir);
}

/* gnuplot itself, when installed: every script draws its SVG. */
static void real_gnuplot(void)
{
    unsetenv("GNUPLOT");
    if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
        printf("# gnuplot is not installed: not drawn by it\n");
        return;
    }
    char *dir = scratch_dup_path("real");
    mkdir(dir, 0777);
    dr_backtest b = make();
    dr_error err = {0};
    dr_status st =
        dr_backtest_charts_draw(dir, &b, DR_CHART_SVG, DR_LANG_EN, 2, &err);
    if (st)
        printf("# %s\n", err.msg);
    CHECK(st == DR_OK);
    static const char *const names[] = {"backtest_pit", "backtest_east",
                                        "backtest_west"};
    int svg = 1;
    for (size_t j = 0; j < 3; j++) {
        char *s = chart_file(dir, names[j], "svg");
        svg = svg && s && strstr(s, "<svg") && strstr(s, "</svg>");
        free(s);
    }
    CHECK(svg);
    dr_backtest_free(&b);
    free(dir);
}

int main(void)
{
    if (scratch_open("backtest_chart") != 0)
        return 1;
    ok_gp = scratch_dup_path("ok.sh");
    bad_gp = scratch_dup_path("bad.sh");
    fake_gnuplot("ok.sh", "exit 0");
    fake_gnuplot("bad.sh", "test \"$1\" = backtest_east.gp && "
                           "{ echo 'no fan' >&2; exit 1; }; exit 0");
    draw();
    refusals();
    real_gnuplot();
    free(ok_gp);
    free(bad_gp);
    scratch_close();
    return check_done();
}
