/* debtrisk backtest's run (run/backtest.h) on a history made here: two
 * counties of their own types over 2016-2024, every sigma set to 0 after
 * calibration, so each path is one deterministic projection from the
 * origin's year. Checked: a row for every origin, county, year, variable
 * and family; the realized values the history's; p10 = p50 = p90, the
 * projection worked out from the history alone (the growth rates' means
 * and the land trend's slope, MODEL.md sections 3 and 11); each PIT 0 or 1
 * as the outcome fell below or above it; the report and the charts; every
 * refusal, with the output folder as it was. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charts/chart.h"
#include "check.h"
#include "errcheck.h"
#include "fakegp.h"
#include "run/backtest.h"
#include "scratch.h"
#include "stats/results.h"

#define ROOT TEST_DATA "/../.."
#define FIRST 2016
#define YEARS 9

/* gdp, own_revenue, transfers, land_revenue, primary_spending,
 * explicit_debt, hidden_debt of each county in 2016-2024. */
static const double hist[2][YEARS][7] = {
    {{200, 20, 30, 30, 60, 40, 30},
     {212, 21.4, 31.5, 34, 63, 44, 33},
     {228.96, 23.326, 33.39, 29, 66.78, 47, 37},
     {240.408, 24.25904, 34.7256, 31, 69.4512, 52, 40},
     {257.23656, 26.199763, 37.156392, 26, 74.312784, 55, 42},
     {267.526022, 26.985756, 39.014212, 27, 78.028423, 60, 45},
     {283.577584, 28.604901, 41.355064, 22, 82.710129, 63, 47},
     {292.084911, 29.176999, 43.009267, 20, 86.018534, 67, 50},
     {306.689157, 30.635849, 45.15973, 18, 90.31946, 70, 52}},
    {{120, 9, 35, 8, 45, 25, 15},
     {126, 9.27, 37.1, 9, 46.8, 27, 17},
     {131.04, 9.8262, 38.955, 7, 49.14, 30, 19},
     {140.2128, 10.31751, 41.68185, 8, 50.6142, 33, 21},
     {148.625568, 11.039736, 44.182761, 6, 53.651052, 35, 22},
     {153.084335, 11.26053, 47.717382, 7, 55.797094, 38, 24},
     {160.738552, 11.710952, 50.103251, 5, 58.586949, 40, 25},
     {167.168094, 12.413609, 53.109446, 6, 60.344557, 43, 27},
     {177.198179, 12.786017, 56.827107, 4, 62.75834, 45, 28}}};
static const char *const ids[2] = {"east", "west"};

static const char fiscal_csv[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "primary_spending,explicit_debt,hidden_debt\n"
    "east,East,urban,306,30,45,18,90,70,52\n"
    "west,West,rural,177,12,56,4,62,45,28\n";

/* After calibration: no shock moves anything. */
static const char *const zero[] = {"defaults.growth.sigma=0",
                                   "defaults.own_revenue.sigma=0",
                                   "defaults.land.sigma=0",
                                   "defaults.transfers.sigma=0",
                                   "type.urban.growth.sigma=0",
                                   "type.urban.own_revenue.sigma=0",
                                   "type.urban.land.sigma=0",
                                   "type.urban.transfers.sigma=0",
                                   "type.rural.growth.sigma=0",
                                   "type.rural.own_revenue.sigma=0",
                                   "type.rural.land.sigma=0",
                                   "type.rural.transfers.sigma=0",
                                   "rates.sigma=0"};

static char *history_path, *fiscal_path;

/* The history as history.csv, with the columns named (a history without
 * primary_spending leaves it out). */
static const char *write_history(const char *name, int spending)
{
    char text[8192];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "county_id,year,gdp,own_revenue,transfers,"
                                  "land_revenue%s,explicit_debt,hidden_debt\n",
                                  spending ? ",primary_spending" : "");
    for (int i = 0; i < 2; i++)
        for (int s = 0; s < YEARS; s++) {
            const double *v = hist[i][s];
            len += (size_t)snprintf(text + len, sizeof text - len,
                                    "%s,%d,%.17g,%.17g,%.17g,%.17g", ids[i],
                                    FIRST + s, v[0], v[1], v[2], v[3]);
            if (spending)
                len += (size_t)snprintf(text + len, sizeof text - len, ",%.17g",
                                        v[4]);
            len += (size_t)snprintf(text + len, sizeof text - len,
                                    ",%.17g,%.17g\n", v[5], v[6]);
        }
    return scratch_put(name, text);
}

static dr_backtest_job job_for(const char *out)
{
    return (dr_backtest_job){.history = history_path,
                             .fiscal = fiscal_path,
                             .model = ROOT "/models/baseline.ini",
                             .by = DR_BY_TYPE,
                             .from = FIRST,
                             .origin0 = 2021,
                             .origin1 = 2022,
                             .paths = "16",
                             .seed = "5",
                             .set = zero,
                             .nset = sizeof zero / sizeof zero[0],
                             .nfam = 2,
                             .family = {DR_FAMILY_NORMAL, DR_FAMILY_BOOTSTRAP},
                             .out = out,
                             .lang = DR_LANG_EN,
                             .threads = 1};
}

/* Runs the job with its stdout in *said (when not NULL). */
static dr_status backtest(const dr_backtest_job *job, dr_error *err,
                          char **said)
{
    fflush(stdout);
    int saved = dup(1);
    FILE *f = freopen(scratch_path("stdout.txt"), "w", stdout);
    dr_status st = dr_backtest_run(job, err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    if (said)
        *said = f ? slurp(scratch_path("stdout.txt"), NULL) : NULL;
    return st;
}

/* County i's deterministic projection of variable v (DR_TR_*, not broad)
 * t years after origin O, calibrated on FIRST..O: with every sigma 0 each
 * AR deviation stays 0, so GDP grows at mu_g, own revenue at mu_or +
 * beta_or mu_g (= the mean own revenue growth: g and o have the same
 * years), transfers at mu_tr, and land follows exp(mu_l t), mu_l the
 * least-squares slope of its log (one county a type). */
static double projected(int i, long O, long t, int v)
{
    int K = (int)(O - FIRST);
    double mean[3] = {0, 0, 0};
    for (int s = 1; s <= K; s++)
        for (int k = 0; k < 3; k++)
            mean[k] += (hist[i][s][k] / hist[i][s - 1][k] - 1) / K;
    double sbar = K / 2.0, lbar = 0, sxy = 0, sxx = 0;
    for (int s = 0; s <= K; s++)
        lbar += log(hist[i][s][3]) / (K + 1);
    for (int s = 0; s <= K; s++) {
        sxy += (s - sbar) * (log(hist[i][s][3]) - lbar);
        sxx += (s - sbar) * (s - sbar);
    }
    double level[4];
    for (int k = 0; k < 3; k++)
        level[k] = hist[i][K][k] * pow(1 + mean[k], (double)t);
    level[3] = hist[i][K][3] * exp(sxy / sxx * (double)t);
    if (v == DR_TR_CFR)
        return level[1] + level[2] + level[3];
    return level[v];
}

/* What happened: the history's value (CFR own + transfers + land; broad
 * (E + H) / CFR). */
static double realized(int i, long year, int v)
{
    const double *h = hist[i][year - FIRST];
    double cfr = h[1] + h[2] + h[3];
    return v == DR_TR_CFR ? cfr : v == DR_TR_BROAD ? (h[5] + h[6]) / cfr : h[v];
}

static int var_of(const char *name)
{
    static const char *const names[] = {
        "gdp", "own_revenue", "transfers", "land_revenue", "cfr", "broad"};
    for (int v = 0; v < DR_NTRACK; v++)
        if (strcmp(names[v], name) == 0)
            return v;
    return -1;
}

static int rel(double got, double want)
{
    int ok = fabs(got - want) <= 1e-9 * fabs(want);
    if (!ok)
        printf("# %.17g, expected %.17g\n", got, want);
    return ok;
}

/* backtest.csv of out against the projections: every (origin, county,
 * year, variable, family) once for origins 2021..last_origin, H years
 * each (at most `horizon`, to 2024); the count of rows in *rows. */
static int csv_holds(const char *out, long last_origin, long horizon, int nfam,
                     size_t *rows)
{
    char path[700];
    snprintf(path, sizeof path, "%s/backtest.csv", out);
    char *s = slurp(path, NULL);
    /* seen[origin - 2021][county][year - 2022][variable][family] */
    int seen[3][2][3][DR_NTRACK][2] = {{{{{0}}}}};
    int ok = s && strncmp(s,
                          "origin,county_id,year,variable,realized,p10,"
                          "p50,p90,pit,family\n",
                          63) == 0;
    size_t n = 0;
    for (char *p = s ? strchr(s, '\n') + 1 : NULL; ok && p && *p; n++) {
        long O, y;
        char id[16], var[16], fam[16];
        double real, p10, p50, p90, pit;
        ok = sscanf(p, "%ld,%15[^,],%ld,%15[^,],%lf,%lf,%lf,%lf,%lf,%15[^\n]",
                    &O, id, &y, var, &real, &p10, &p50, &p90, &pit, fam) == 10;
        int i = ok ? strcmp(id, "east") == 0 ? 0 : 1 : 0, v = var_of(var),
            f = strcmp(fam, "normal") == 0 ? 0 : 1;
        ok = ok && v >= 0 && O >= 2021 && O <= last_origin && y > O &&
             y <= O + horizon && y <= 2024 &&
             (f == 0 || (nfam == 2 && strcmp(fam, "bootstrap") == 0)) &&
             !seen[O - 2021][i][y - 2022][v][f]++;
        /* one path repeated: every percentile the same */
        ok = ok && p10 == p50 && p50 == p90 && rel(real, realized(i, y, v));
        if (ok && v != DR_TR_BROAD)
            ok = rel(p50, projected(i, O, y - O, v));
        /* PIT: all paths below the outcome, or all above */
        ok = ok && real != p50 && pit == (real > p50 ? 1.0 : 0.0);
        if (!ok)
            printf("# row %zu: %.80s\n", n + 1, p);
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    /* and none missing */
    size_t want = 0;
    for (long O = 2021; O <= last_origin; O++) {
        long H = 2024 - O < horizon ? 2024 - O : horizon;
        want += (size_t)(2 * H * DR_NTRACK * nfam);
    }
    free(s);
    *rows = n;
    return ok && n == want;
}

static void run(void)
{
    char *out = scratch_dup_path("out"), *said = NULL;
    dr_backtest_job job = job_for(out);
    dr_error err = {0};
    dr_status st = backtest(&job, &err, &said);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s:%ld: %s\n", err.file, err.line, err.msg);
    size_t rows = 0;
    /* 2021: three years ahead, 2022: two; 2 counties, 6 variables, 2
     * families: (3 + 2) * 2 * 6 * 2 = 120 */
    CHECK(csv_holds(out, 2022, 10, 2, &rows) && rows == 120);
    char want[700];
    snprintf(want, sizeof want,
             "debtrisk: backtest from 2021 to 2022, 120 comparisons; results "
             "in %s/\n",
             out);
    CHECK(said && strcmp(said, want) == 0);
    free(said);
    char *md = slurp(scratch_path("out/backtest.md"), NULL);
    CHECK(md &&
          strstr(md, "`history.csv`; calibrated from 2016 up to each "
                     "origin; origins 2021–2022, each projected to at "
                     "most 3 years ahead and compared with what "
                     "happened; 16 paths a run.") &&
          strstr(md, "**With normal shocks,") &&
          strstr(md, "**With bootstrap shocks,") && !strstr(md, "## Charts"));
    free(md);
    CHECK(!exists(scratch_path("out/charts")));

    /* one family (the model's), a horizon of one year, the charts drawn */
    setenv("GNUPLOT", scratch_path("ok.sh"), 1);
    job.nfam = 0;
    job.horizon = 1;
    job.charts = DR_CHART_PNG;
    CHECK(backtest(&job, &err, NULL) == DR_OK);
    CHECK(csv_holds(out, 2022, 1, 1, &rows) && rows == 2 * 2 * 6);
    CHECK(exists(scratch_path("out/charts/backtest_pit.png")) &&
          exists(scratch_path("out/charts/backtest_east.png")) &&
          exists(scratch_path("out/charts/backtest_west.png")));
    md = slurp(scratch_path("out/backtest.md"), NULL);
    CHECK(md && strstr(md, "(charts/backtest_pit.png)") &&
          strstr(md, "(charts/backtest_west.png)") &&
          !strstr(md, "bootstrap shocks"));
    free(md);

    /* gnuplot failing: DR_ECHART, the results in place */
    setenv("GNUPLOT", scratch_path("bad.sh"), 1);
    char *out2 = scratch_dup_path("out2");
    job.out = out2;
    CHECK(err_is(backtest(&job, &err, NULL), &err, DR_ECHART, "", 0, 0,
                 "failed on charts/backtest_pit.gp"));
    CHECK(exists(scratch_path("out2/backtest.csv")) &&
          exists(scratch_path("out2/backtest.md")));
    unsetenv("GNUPLOT");
    free(out2);
    free(out);
}

/* The folder with its previous results, a failing job: they stay. */
static int refused(dr_backtest_job *job, dr_status status, const char *file,
                   long line, const char *phrase)
{
    char *out = scratch_dup_path("prev");
    mkdir(out, 0777);
    scratch_put("prev/backtest.csv", "previous\n");
    job->out = out;
    dr_error err = {0};
    int ok = err_is(backtest(job, &err, NULL), &err, status, file, line, ANY,
                    phrase);
    char *s = slurp(scratch_path("prev/backtest.csv"), NULL);
    ok = ok && s && strcmp(s, "previous\n") == 0 &&
         !exists(scratch_path("prev/backtest.md"));
    free(s);
    free(out);
    return ok;
}

static void refusals(void)
{
    /* an origin the history cannot take: usage */
    dr_backtest_job job = job_for(NULL);
    job.origin0 = job.origin1 = 2024;
    CHECK(refused(&job, DR_EUSAGE, "", 0,
                  "--origin 2024: the history ends in 2024, so nothing "
                  "after 2024 can be compared"));
    /* a range running past the end: nothing written for 2023 either */
    job = job_for(NULL);
    job.origin0 = 2023;
    job.origin1 = 2024;
    CHECK(refused(&job, DR_EUSAGE, "", 0, "--origin 2024: the history ends"));
    char want[700];
    snprintf(want, sizeof want,
             "--origin 2015: county 'east' has no year 2015 in %s",
             history_path);
    job = job_for(NULL);
    job.origin0 = job.origin1 = 2015;
    CHECK(refused(&job, DR_EUSAGE, "", 0, want));
    /* too few years before the origin to calibrate on (east's first line
     * is line 2) */
    job = job_for(NULL);
    job.origin0 = job.origin1 = 2020;
    CHECK(refused(&job, DR_EINPUT, history_path, 2,
                  "county 'east' has 5 of its years (2016-2024) in "
                  "2016-2020; calibration needs at least 6"));
    /* bad --paths, a bad --set: usage */
    job = job_for(NULL);
    job.paths = "many";
    CHECK(refused(&job, DR_EUSAGE, "--paths", 0,
                  "[run] paths: expected a whole number in [1, 1000000000], "
                  "found 'many'"));
    static const char *const bad_set[] = {"nonsense"};
    job = job_for(NULL);
    job.set = bad_set;
    job.nset = 1;
    CHECK(refused(&job, DR_EUSAGE, NULL, 0, "expected SECTION.KEY=VALUE"));
    /* no primary_spending: named at the header */
    job = job_for(NULL);
    job.history = write_history("nospend.csv", 0);
    CHECK(refused(&job, DR_EINPUT, job.history, 1,
                  "a backtest starts each origin from the history's year, "
                  "and needs its primary_spending column"));
    /* a county of fiscal.csv without history */
    char fiscal3[sizeof fiscal_csv + 64];
    snprintf(fiscal3, sizeof fiscal3,
             "%snorth,North,rural,100,5,20,2,30,10,5\n", fiscal_csv);
    job = job_for(NULL);
    job.fiscal = scratch_put("fiscal3.csv", fiscal3);
    snprintf(want, sizeof want,
             "a backtest compares every county of %s with its history, and "
             "1 of them have none",
             job.fiscal);
    CHECK(refused(&job, DR_EINPUT, history_path, 0, want));
    /* a history that is not there */
    job = job_for(NULL);
    job.history = scratch_path("none.csv");
    CHECK(refused(&job, DR_EINPUT, job.history, ANY, "cannot open"));
}

int main(void)
{
    gsl_set_error_handler_off();
    if (scratch_open("run_backtest") != 0)
        return 1;
    history_path = strdup(write_history("history.csv", 1));
    fiscal_path = strdup(scratch_put("fiscal.csv", fiscal_csv));
    fake_gnuplot("ok.sh", "exit 0");
    fake_gnuplot("bad.sh", "test \"$1\" = backtest_pit.gp && "
                           "{ echo 'no pit' >&2; exit 1; }; exit 0");
    run();
    refusals();
    free(history_path);
    free(fiscal_path);
    scratch_close();
    return check_done();
}
