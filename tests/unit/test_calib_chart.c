/* The charts of a calibration (charts/calib_chart.h) on the hand-worked
 * histories of tests/data/history/ (their README works out every number
 * asserted here), drawn by a stand-in for gnuplot (tests/lib/fakegp.h):
 * the scripts, data and pictures of each chart; the data columns in
 * percent as worked out by hand; a county's name only inside single
 * quotes; the land panel only with land; the shrinkage chart only by
 * county; the languages; bad arguments; gnuplot missing or failing. When
 * gnuplot itself is installed, the scripts are drawn by it once, as SVG. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chartfile.h"
#include "charts/calib_chart.h"
#include "charts/chart.h"
#include "check.h"
#include "errcheck.h"
#include "fakegp.h"
#include "scratch.h"

#define HIST(name) TEST_DATA "/history/" name
#define SAMPLE TEST_DATA "/../../data/sample-city/fiscal.csv"
#define L log(1.25)

static char *ok_gp, *bad_gp;
static dr_fiscal sample, odd;

/* wancheng under a name gnuplot could read as more than text. */
static const char odd_fiscal_csv[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "primary_spending,explicit_debt,hidden_debt\n"
    "wancheng,It's `x` @y %z,urban,520,22,30,35,89,52,35\n";

typedef struct cal {
    dr_params p;
    dr_history h;
    dr_calibration c;
    int ok;
} cal;

static void calibrate(cal *k, const char *history, const dr_fiscal *f,
                      dr_cal_by by)
{
    dr_error err = {0};
    dr_params_init(&k->p);
    k->ok = dr_params_finish(&k->p, "", &err) == DR_OK &&
            dr_history_read(history, f, &k->h, &err) == DR_OK &&
            dr_calibrate(&k->h, f, &k->p, by, 2019, 2024, &k->c, &err) == DR_OK;
    if (!k->ok)
        printf("# %s\n", err.msg);
}

static void done(cal *k)
{
    if (k->ok) {
        dr_calibration_free(&k->c);
        dr_history_free(&k->h);
    }
    dr_params_free(&k->p);
}

/* The text of dir's charts/NAME.EXT, in a new string. */
/* 1 when dir's charts/ holds NAME.gp, .dat and .png. */
/* The data rows of a .dat (comments skipped), each up to 32 numbers, in
 * rows[][]; the number of rows. */
static size_t dat_rows(const char *text, double rows[][32], size_t max,
                       size_t *cols)
{
    size_t n = 0;
    for (const char *p = text; p && *p && n < max;) {
        const char *e = strchr(p, '\n');
        if (*p != '#' && *p != '\n') {
            char *q = (char *)p;
            size_t k = 0;
            while (k < 32 && q < e) {
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

/* 1 when got is want to 1e-9 (both NAN counts as equal). */
static int near(double got, double want)
{
    int ok = isnan(want) ? isnan(got)
                         : fabs(got - want) <= 1e-9 * fmax(1, fabs(want));
    if (!ok)
        printf("# %.17g, expected %.17g\n", got, want);
    return ok;
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

/* Case (a) by type: wancheng's chart and the correlation's, their data
 * in percent as README (a) works them out. */
static void one_county(void)
{
    cal k;
    calibrate(&k, HIST("one_county.csv"), &odd, DR_BY_TYPE);
    if (!k.ok)
        return;
    char *dir = scratch_dup_path("a");
    mkdir(dir, 0777);
    mkdir(scratch_path("a/charts"), 0777);
    scratch_put("a/charts/old.png", "an earlier drawing");
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    dr_error err = {0};
    CHECK(dr_calib_charts_draw(dir, &k.c, &odd, DR_CHART_PNG | DR_CHART_SVG,
                               DR_LANG_EN, 2, &err) == DR_OK);
    CHECK(fake_log_runs() == 2);
    CHECK(drawn(dir, "calib_wancheng") && drawn(dir, "calib_correlation"));
    CHECK(!exists(scratch_path("a/charts/old.png")) &&
          !exists(scratch_path("a/charts/calib_shrinkage.gp")));

    /* year; g, mu_g, sd; o, mu_or + beta g, sigma_or; r, mu_tr, sigma_tr
     * (percent); land, its trend 8 (5/4)^(3 - 3s/5), the trend times
     * exp(-+ sd) with sd = L sqrt(747/1105) (fitted.h, README (a)) */
    char *s = chart_file(dir, "calib_wancheng", "dat");
    double rows[8][32];
    size_t cols[8];
    size_t n = dat_rows(s, rows, 8, cols);
    const double g[] = {NAN, 6, 10, 8, 8, 3},
                 o[] = {NAN, 4.75, 12.25, 10, 8, 3.75},
                 r[] = {NAN, 5, 7, 6, 8, 4},
                 land[] = {15.625, 15.625, 10, 10, 10, 8};
    double l_sd = L * sqrt(747.0 / 1105);
    int ok = n == 6;
    for (size_t y = 0; ok && y < 6; y++) {
        double fit = 8 * pow(1.25, 3 - 0.6 * (double)y);
        const double want[] = {
            2019.0 + (double)y, g[y],           7,
            sqrt(78.0 / 5),     o[y],           -1 + 1.25 * g[y],
            sqrt(53.0 / 24),    r[y],           6,
            sqrt(2.5),          land[y],        fit,
            fit * exp(-l_sd),   fit * exp(l_sd)};
        ok = cols[y] == 14;
        for (size_t j = 0; ok && j < 14; j++)
            ok = near(rows[y][j], want[j]);
    }
    CHECK(ok);
    free(s);
    /* column, row (3 - the variable), C of README (a) */
    s = chart_file(dir, "calib_correlation", "dat");
    double c[16][32];
    size_t cc[16];
    n = dat_rows(s, c, 16, cc);
    const double C[4][4] = {
        {1, -37 / sqrt(468.0 * 57), -701 / sqrt(468.0 * 5445),
         53 / sqrt(468.0 * 9)},
        {-37 / sqrt(468.0 * 57), 1, -370 / sqrt(57.0 * 5445),
         -13 / sqrt(57.0 * 9)},
        {-701 / sqrt(468.0 * 5445), -370 / sqrt(57.0 * 5445), 1,
         6 / sqrt(5445.0 * 9)},
        {53 / sqrt(468.0 * 9), -13 / sqrt(57.0 * 9), 6 / sqrt(5445.0 * 9), 1}};
    ok = n == 16;
    for (size_t j = 0; ok && j < 16; j++)
        ok = cc[j] == 3 && c[j][0] == (double)(j % 4) &&
             c[j][1] == 3.0 - (double)(j / 4) && near(c[j][2], C[j / 4][j % 4]);
    CHECK(ok);
    free(s);

    /* the name inside single quotes (the quote doubled), never in a
     * comment; the four panels; the formats */
    s = chart_file(dir, "calib_wancheng", "gp");
    CHECK(s && strstr(s, "'It''s `x` @y %z: the history and what the "
                         "estimates say'"));
    CHECK(s && strstr(s, "'History 2019–2024  ·  estimates by type'"));
    CHECK(s && strstr(s, "\nFORMATS = 'png svg'\n"));
    CHECK(s && strstr(s, "'Nominal GDP growth (%)'") &&
          strstr(s, "'Own revenue growth (%)'") &&
          strstr(s, "'Transfers growth (%)'") &&
          strstr(s, "'Land revenue (100 million yuan)'"));
    /* the band, the fit and the history of each panel */
    CHECK(s && strstr(s, "using 1:($3-$4):($3+$4) with filledcurves") &&
          strstr(s, "using 1:13:14 with filledcurves") &&
          strstr(s, "'' using 1:12 with lines") &&
          strstr(s, "'' using 1:11 with linespoints"));
    CHECK(not_in_comments(s, "It") && not_in_comments(s, "`"));
    free(s);
    s = chart_file(dir, "calib_correlation", "gp");
    CHECK(s && strstr(s, "'Correlation of standardized innovations, 4 ") &&
          strstr(s, "set xtics ('growth' 0, 'own revenue' 1, 'land' 2, "
                    "'transfers' 3)"));
    free(s);

    /* Chinese */
    CHECK(dr_calib_charts_draw(dir, &k.c, &odd, DR_CHART_PDF, DR_LANG_ZH, 1,
                               &err) == DR_OK);
    s = chart_file(dir, "calib_wancheng", "gp");
    CHECK(s && strstr(s, "'历史 2019—2024 年  ·  按类型估计'") &&
          strstr(s, "'名义GDP增长（%）'") && strstr(s, "\nFORMATS = 'pdf'\n"));
    free(s);
    s = chart_file(dir, "calib_correlation", "gp");
    CHECK(s && strstr(s, "'冲击之间的相关性'") &&
          strstr(s,
                 "set xtics ('增长' 0, '一般收入' 1, '土地' 2, '上级补助' 3)"));
    free(s);
    free(dir);
    done(&k);
}

/* no_land.csv: no land panel, and no correlation estimated (no county-year
 * complete), so no correlation chart. */
static void no_land(void)
{
    cal k;
    calibrate(&k, HIST("no_land.csv"), &sample, DR_BY_TYPE);
    if (!k.ok)
        return;
    char *dir = scratch_dup_path("no-land");
    mkdir(dir, 0777);
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    dr_error err = {0};
    CHECK(dr_calib_charts_draw(dir, &k.c, &sample, DR_CHART_PNG, DR_LANG_EN, 1,
                               &err) == DR_OK);
    CHECK(fake_log_runs() == 2 && drawn(dir, "calib_wancheng") &&
          drawn(dir, "calib_wolong") &&
          !exists(scratch_path("no-land/charts/calib_correlation.gp")));
    char *s = chart_file(dir, "calib_wolong", "gp");
    CHECK(s && strstr(s, "'卧龙区: the history and what the estimates say'") &&
          !strstr(s, "Land revenue") && !strstr(s, "1:13:14"));
    free(s);
    s = chart_file(dir, "calib_wolong", "dat");
    CHECK(s && strstr(s, " nan nan nan nan\n"));
    free(s);
    free(dir);
    done(&k);
}

/* --by county: the shrinkage chart. shrink.csv (README (e)): growth.mu
 * own 7, 5, 10, 4 %, se sqrt(1/2) %, the type's 6.5%, in force 195/28,
 * 143/28, 39/4, 117/28 %; transfers.mu own 6, 6.2, 6, 5.8, se sqrt(0.1)
 * or sqrt(0.14), the type's and in force 6. */
static void shrinkage(void)
{
    cal k;
    calibrate(&k, HIST("shrink.csv"), &sample, DR_BY_COUNTY);
    if (!k.ok)
        return;
    char *dir = scratch_dup_path("shrink");
    mkdir(dir, 0777);
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    dr_error err = {0};
    CHECK(dr_calib_charts_draw(dir, &k.c, &sample, DR_CHART_PNG, DR_LANG_EN, 2,
                               &err) == DR_OK);
    CHECK(fake_log_runs() == 6 && drawn(dir, "calib_shrinkage") &&
          drawn(dir, "calib_correlation") && drawn(dir, "calib_tanghe"));
    char *s = chart_file(dir, "calib_shrinkage", "dat");
    double rows[8][32];
    size_t cols[8];
    size_t n = dat_rows(s, rows, 8, cols);
    const double own[] = {7, 5, 10, 4},
                 force[] = {195.0 / 28, 143.0 / 28, 39.0 / 4, 117.0 / 28},
                 tr[] = {6, 6.2, 6, 5.8}, tr_se[] = {0.1, 0.14, 0.1, 0.14};
    int ok = n == 4;
    /* columns: j, then per key (growth.mu, own_revenue.beta, land.mu,
     * land.sigma, transfers.mu, spending.mu) own, se, type, in force */
    for (size_t j = 0; ok && j < 4; j++)
        ok = cols[j] == 25 && rows[j][0] == (double)j &&
             near(rows[j][1], own[j]) && near(rows[j][2], sqrt(0.5)) &&
             near(rows[j][3], 6.5) && near(rows[j][4], force[j]) &&
             near(rows[j][17], tr[j]) && near(rows[j][18], sqrt(tr_se[j])) &&
             near(rows[j][19], 6) && near(rows[j][20], 6);
    CHECK(ok);
    free(s);
    s = chart_file(dir, "calib_shrinkage", "gp");
    CHECK(s &&
          strstr(s, "('方城县' 0, '镇平县' 1, '社旗县' 2, '唐河县' 3)\n") &&
          strstr(s, "set xrange [-0.7:3.7]\n") &&
          strstr(s, "  ·  estimates by county, shrunk toward the type'"));
    free(s);
    free(dir);
    done(&k);

    /* a key the county alone cannot make has no own estimate: cannot.csv's
     * xixia and zhenping, without land observations (README (c)) */
    calibrate(&k, HIST("cannot.csv"), &sample, DR_BY_COUNTY);
    if (!k.ok)
        return;
    dir = scratch_dup_path("cannot");
    mkdir(dir, 0777);
    CHECK(dr_calib_charts_draw(dir, &k.c, &sample, DR_CHART_PNG, DR_LANG_EN, 2,
                               &err) == DR_OK);
    s = chart_file(dir, "calib_shrinkage", "dat");
    n = dat_rows(s, rows, 8, cols);
    /* counties in fiscal.csv order: wancheng, wolong, fangcheng, xixia,
     * zhenping; land.mu's own value and se are columns 9 and 10 */
    CHECK(n == 5 && !isnan(rows[0][9]) && !isnan(rows[2][9]) &&
          isnan(rows[3][9]) && isnan(rows[3][10]) && isnan(rows[4][9]) &&
          !isnan(rows[4][12]));
    free(s);
    free(dir);
    done(&k);
}

static void refusals(void)
{
    cal k;
    calibrate(&k, HIST("one_county.csv"), &odd, DR_BY_TYPE);
    if (!k.ok)
        return;
    char *dir = scratch_dup_path("args");
    mkdir(dir, 0777);
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    /* no formats: nothing drawn, no charts folder */
    CHECK(dr_calib_charts_draw(dir, &k.c, &odd, 0, DR_LANG_EN, 1, &err) ==
          DR_OK);
    CHECK(!exists(scratch_path("args/charts")) && fake_log_runs() == 0);
    CHECK(err_is(dr_calib_charts_draw(dir, &k.c, &odd, 16, DR_LANG_EN, 1, &err),
                 &err, DR_EUSAGE, "", 0, 0, "unknown chart format bits"));
    CHECK(!exists(scratch_path("args/charts")));

    /* gnuplot missing: the scripts and data are written all the same */
    unsetenv("GNUPLOT");
    char *path = strdup(getenv("PATH"));
    setenv("PATH", "", 1);
    CHECK(err_is(dr_calib_charts_draw(dir, &k.c, &odd, DR_CHART_PNG, DR_LANG_EN,
                                      1, &err),
                 &err, DR_ECHART, "", 0, 0, "gnuplot not found"));
    setenv("PATH", path, 1);
    free(path);
    char *s = chart_file(dir, "calib_wancheng", "gp"),
         *t = chart_file(dir, "calib_correlation", "dat");
    CHECK(s && t);
    free(s);
    free(t);

    /* gnuplot failing on one chart: named, the other drawn */
    setenv("GNUPLOT", bad_gp, 1);
    fake_log_clear();
    CHECK(err_is(dr_calib_charts_draw(dir, &k.c, &odd, DR_CHART_PNG, DR_LANG_EN,
                                      1, &err),
                 &err, DR_ECHART, "", 0, 0,
                 "failed on charts/calib_correlation.gp with exit status 1: "
                 "no correlation"));
    CHECK(fake_log_runs() == 2 && exists(scratch_path("args/charts/"
                                                      "calib_wancheng.png")));
    free(dir);
    done(&k);
}

/* gnuplot itself, when installed: every script draws its SVG. */
static void real_gnuplot(void)
{
    unsetenv("GNUPLOT");
    if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
        printf("# gnuplot is not installed: not drawn by it\n");
        return;
    }
    cal k;
    calibrate(&k, HIST("shrink.csv"), &sample, DR_BY_COUNTY);
    if (!k.ok)
        return;
    char *dir = scratch_dup_path("real");
    mkdir(dir, 0777);
    dr_error err = {0};
    dr_status st = dr_calib_charts_draw(dir, &k.c, &sample, DR_CHART_SVG,
                                        DR_LANG_EN, 2, &err);
    if (st)
        printf("# %s\n", err.msg);
    CHECK(st == DR_OK);
    static const char *const names[] = {"calib_fangcheng",   "calib_zhenping",
                                        "calib_sheqi",       "calib_tanghe",
                                        "calib_correlation", "calib_shrinkage"};
    int svg = 1;
    for (size_t j = 0; j < 6; j++) {
        char *s = chart_file(dir, names[j], "svg");
        svg = svg && s && strstr(s, "<svg") && strstr(s, "</svg>");
        free(s);
    }
    CHECK(svg);
    free(dir);
    done(&k);
}

int main(void)
{
    gsl_set_error_handler_off();
    if (scratch_open("calib_chart") != 0)
        return 1;
    dr_error err = {0};
    if (dr_fiscal_read(SAMPLE, &sample, &err) != DR_OK ||
        dr_fiscal_read(scratch_put("odd.csv", odd_fiscal_csv), &odd, &err) !=
            DR_OK) {
        printf("# %s\n", err.msg);
        return 1;
    }
    ok_gp = scratch_dup_path("ok.sh");
    bad_gp = scratch_dup_path("bad.sh");
    fake_gnuplot("ok.sh", "exit 0");
    fake_gnuplot("bad.sh", "test \"$1\" = calib_correlation.gp && "
                           "{ echo 'no correlation' >&2; exit 1; }; exit 0");
    one_county();
    no_land();
    shrinkage();
    refusals();
    real_gnuplot();
    free(ok_gp);
    free(bad_gp);
    dr_fiscal_free(&sample);
    dr_fiscal_free(&odd);
    scratch_close();
    return check_done();
}
