/* One scenario run (runner.h) on the small city of tests/lib/smallcity.h: the
 * base-year measures worked out by hand (MODEL.md section 1), the same
 * statistics whatever the number of threads, every output file, run.ini
 * read back (its hashes against SHA-256 of the files' bytes), the report,
 * a stop before the commit, and dr_chart_status. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sha256.h"
#include "base/stop.h"
#include "charts/chart.h"
#include "check.h"
#include "config.h"
#include "errcheck.h"
#include "present/briefing.h"
#include "run/runner.h"
#include "scratch.h"
#include "smallcity.h"

static char *data, *model;

static dr_input_spec spec(void)
{
    return (dr_input_spec){.data = data, .model = model};
}

static void prepare(void)
{
    dr_run r;
    dr_error err = {0};
    dr_input_spec s = spec();
    CHECK(dr_run_prepare(&r, &s, NULL, &err) == DR_OK);
    CHECK(r.plan.n == 3 && r.plan.years == 3 && r.in.params.paths == 64);
    dr_run_free(&r);
    CHECK(r.plan.n == 0 && r.in.fiscal.n == 0);
    /* a scenario the data refuses */
    const char *bad = scratch_put("bad.ini", "[scenario]\nname = bad\n"
                                             "[adjust.a]\ncounties = esat\n"
                                             "variable = yield\n"
                                             "years = 2025\nop = add\n"
                                             "value = 0.01\n");
    CHECK(err_is(dr_run_prepare(&r, &s, bad, &err), &err, DR_EINPUT, bad, 4, 12,
                 "unknown county 'esat'"));
    CHECK(r.in.fiscal_path == NULL && r.plan.cm == NULL);
    /* a signal while the inputs were read: nothing is simulated */
    dr_stop_requested = SIGTERM;
    CHECK(err_is(dr_run_prepare(&r, &s, NULL, &err), &err, DR_EINTR, NULL, ANY,
                 ANY, "interrupted"));
    CHECK(r.in.fiscal_path == NULL);
    dr_stop_requested = 0;
}

static void deterministic(void)
{
    dr_run r;
    dr_error err = {0};
    dr_input_spec s = spec();
    dr_run_opts o = {.deterministic = 1, .threads = 1, .want_breach = 1};
    CHECK(dr_run_prepare(&r, &s, NULL, &err) == DR_OK);
    CHECK(dr_run_compute(&r, &o, &err) == DR_OK);
    CHECK(r.paths == 1 && r.res.paths == 1 && r.rows != NULL);
    /* the base year: broad (E + H)/CFR, official E/CFR, debt_gdp
     * (E + H)/GDP, interest (re E + rh H)/CFR at the default rates 0.032
     * and 0.062 */
    const double broad[3] = {85.0 / 85, 50.0 / 56, 34.0 / 45};
    const double official[3] = {50.0 / 85, 30.0 / 56, 22.0 / 45};
    const double gdp[3] = {85.0 / 500, 50.0 / 300, 34.0 / 250};
    const double interest[3] = {(0.032 * 50 + 0.062 * 35) / 85,
                                (0.032 * 30 + 0.062 * 20) / 56,
                                (0.032 * 22 + 0.062 * 12) / 45};
    for (size_t i = 0; i < 3; i++) {
        const dr_stat *b = dr_results_stat(&r.res, i, 0, DR_M_BROAD);
        CHECK_NEAR(b->mean, broad[i], 1e-15);
        CHECK(b->sd == 0 && b->pct[0] == b->mean && b->pct[6] == b->mean);
        CHECK_NEAR(dr_results_stat(&r.res, i, 0, DR_M_OFFICIAL)->mean,
                   official[i], 1e-15);
        CHECK_NEAR(dr_results_stat(&r.res, i, 0, DR_M_DEBT_GDP)->mean, gdp[i],
                   1e-15);
        CHECK_NEAR(dr_results_stat(&r.res, i, 0, DR_M_INTEREST)->mean,
                   interest[i], 1e-15);
    }
    /* east's broad ratio is exactly the line (1.0): not above it */
    CHECK(dr_results_stat(&r.res, 0, 0, DR_M_BROAD)->p_above == 0);
    /* every year's statistics are the projection's rows */
    int rows = 1;
    for (size_t i = 0; i < 3; i++)
        for (long t = 0; t <= 3; t++)
            for (int m = 0; m < DR_NMEASURES; m++)
                rows = rows && dr_results_stat(&r.res, i, t, m)->mean ==
                                   r.rows[i * 4 + (size_t)t].m[m];
    CHECK(rows);
    /* one path of breach flags, the city's last */
    CHECK(r.breach != NULL);
    for (size_t i = 0; i < 3; i++)
        CHECK(r.breach[i] ==
              (dr_results_stat(&r.res, i, 3, DR_M_BROAD)->p_breached == 1));
    dr_run_free(&r);
}

static int same_results(const dr_results *a, const dr_results *b)
{
    size_t rows = a->n * (size_t)(a->years + 1);
    return a->n == b->n && a->years == b->years &&
           memcmp(a->m, b->m, rows * DR_NMEASURES * sizeof *a->m) == 0 &&
           memcmp(a->grade, b->grade, rows * DR_NGRADES * sizeof *a->grade) ==
               0 &&
           memcmp(a->city, b->city, (size_t)(a->years + 1) * sizeof *a->city) ==
               0 &&
           memcmp(a->city_counts, b->city_counts,
                  (size_t)(a->years + 1) * (a->n + 1) *
                      sizeof *a->city_counts) == 0;
}

/* Monte Carlo: the same numbers on one thread or two; the base year is a
 * point; probabilities are counts of 64 paths; against itself as the
 * baseline, no paired change. */
static void monte_carlo(void)
{
    dr_run one, two;
    dr_error err = {0};
    dr_input_spec s = spec();
    dr_run_opts o1 = {.threads = 1, .want_breach = 1},
                o2 = {.threads = 2, .want_breach = 1};
    CHECK(dr_run_prepare(&one, &s, NULL, &err) == DR_OK &&
          dr_run_compute(&one, &o1, &err) == DR_OK);
    CHECK(dr_run_prepare(&two, &s, NULL, &err) == DR_OK &&
          dr_run_compute(&two, &o2, &err) == DR_OK);
    CHECK(one.paths == 64 && same_results(&one.res, &two.res));
    CHECK(memcmp(one.breach, two.breach, 64 * 4) == 0);
    const dr_stat *b = dr_results_stat(&one.res, 0, 0, DR_M_BROAD);
    CHECK(b->mean == 1.0 && b->sd == 0 && b->p_above == 0);
    int counts = 1;
    for (size_t i = 0; i < 3; i++)
        for (long t = 0; t <= 3; t++) {
            double p = dr_results_stat(&one.res, i, t, DR_M_BROAD)->p_above;
            counts = counts && p * 64 == floor(p * 64) && p >= 0 && p <= 1;
        }
    CHECK(counts);
    dr_run self;
    dr_run_opts op = {.threads = 2, .baseline = one.breach};
    CHECK(dr_run_prepare(&self, &s, NULL, &err) == DR_OK &&
          dr_run_compute(&self, &op, &err) == DR_OK);
    int none = 1;
    for (size_t k = 0; k < 8; k++)
        none = none && self.res.paired[k] == 0;
    CHECK(none);
    dr_run_free(&self);
    dr_run_free(&one);
    dr_run_free(&two);
}

/* The SHA-256 of the file's bytes, in hex. */
static void sha_of(const char *path, char hex[65])
{
    size_t n;
    char *s = slurp(path, &n);
    dr_sha256 h;
    dr_sha256_init(&h);
    dr_sha256_update(&h, s, n);
    dr_sha256_hex(&h, hex);
    free(s);
}

static void write_outputs(void)
{
    dr_run r;
    dr_error err = {0};
    dr_input_spec s = spec();
    /* a command line longer than one line of run.ini */
    char cmd[600] = "debtrisk run";
    while (strlen(cmd) < 400)
        strcat(cmd, " --set rates.yield=0.025");
    dr_run_opts o = {.deterministic = 1, .threads = 3, .cmdline = cmd};
    CHECK(dr_run_prepare(&r, &s, NULL, &err) == DR_OK &&
          dr_run_compute(&r, &o, &err) == DR_OK);
    dr_outdir od;
    char *out = scratch_dup_path("out");
    CHECK(dr_run_open_out(&od, out, &err) == DR_OK);
    CHECK(dr_run_write(&r, &o, &od, "", &err) == DR_OK);
    CHECK(dr_run_write(&r, &o, &od, "baseline", &err) == DR_OK);
    CHECK(dr_run_present(&od, "", 0, DR_LANG_EN, 1, &err) == DR_OK);
    CHECK(dr_run_commit(&od, &err) == DR_OK);
    dr_outdir_abort(&od);
    static const char *const files[] = {
        "ratios.csv",          "grades.csv",
        "summary.csv",         "city.csv",
        "city_counts.csv",     "projection.csv",
        "model.ini",           "run.ini",
        "report.md",           "baseline/run.ini",
        "baseline/summary.csv"};
    int all = 1;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", out, files[k]);
        if (!exists(path))
            printf("# no %s\n", files[k]);
        all = all && exists(path);
    }
    CHECK(all);
    CHECK(!exists(scratch_path("out/charts")));

    /* run.ini: how the results were made */
    char *ini = slurp(scratch_path("out/run.ini"), NULL), want[900], hex[65];
    CHECK(ini && strstr(ini, "\n[debtrisk]\nversion = " DR_VERSION "\n"));
    /* the model version that --version names (README "What changed in
     * model version 2") */
    CHECK(ini && strstr(ini, "\nmodel_version = 2\n"));
    CHECK(ini && strstr(ini, "\n[run]\nscenario = baseline\n") &&
          strstr(ini, "\nmode = deterministic\n") &&
          strstr(ini, "\nseed = 7\npaths = 1\nyears = 3\nbase_year = 2024\n") &&
          strstr(ini, "\nthreads = 3\n"));
    sha_of(scratch_path("data/fiscal.csv"), hex);
    snprintf(want, sizeof want, "\nfiscal = %s\nfiscal.sha256 = %s\n",
             scratch_path("data/fiscal.csv"), hex);
    CHECK(ini && strstr(ini, want));
    sha_of(model, hex);
    snprintf(want, sizeof want, "\nmodel = %s\nmodel.sha256 = %s\n", model,
             hex);
    CHECK(ini && strstr(ini, want));
    CHECK(ini && !strstr(ini, "\nprojects = ")); /* none */
    free(ini);

    /* read back: the folder as the charts and the report read it */
    dr_briefing b;
    CHECK(dr_briefing_load(&b, out, &err) == DR_OK);
    CHECK(b.n == 3 && b.deterministic && b.base_year == 2024 && b.years == 3);
    CHECK(b.n == 3 && strcmp(b.command, cmd) == 0); /* long lines joined */
    if (b.n == 3)
        CHECK_NEAR(b.county[1].base, 50.0 / 56, 1e-15);
    dr_briefing_free(&b);
    /* model.ini holds the model in force */
    dr_params p;
    dr_params_init(&p);
    CHECK(dr_params_read(&p, scratch_path("out/model.ini"), &err) == DR_OK &&
          p.years == 3 && p.seed == 7 && p.paths == 64);
    dr_params_free(&p);
    dr_run_free(&r);
    free(out);
}

/* A scenario's title may run over many lines of its file (README
 * "Scenario file"): run.ini keeps it whole for the charts and reports. */
static void long_title(void)
{
    char sc[2048] = "[scenario]\nname = long\ntitle = Land sales fall";
    for (int k = 0; k < 8; k++)
        strcat(sc, " by half\n  - for three years in every county");
    strcat(sc, "\n");
    const char *path = scratch_put("long.ini", sc);
    dr_run r;
    dr_error err = {0};
    dr_input_spec s = spec();
    dr_run_opts o = {.deterministic = 1, .threads = 1};
    CHECK(dr_run_prepare(&r, &s, path, &err) == DR_OK &&
          dr_run_compute(&r, &o, &err) == DR_OK);
    CHECK(strlen(r.in.scenario.title) > 300);
    dr_outdir od;
    char *out = scratch_dup_path("long");
    CHECK(dr_run_open_out(&od, out, &err) == DR_OK &&
          dr_run_write(&r, &o, &od, "", &err) == DR_OK &&
          dr_run_commit(&od, &err) == DR_OK);
    dr_outdir_abort(&od);
    /* no line of run.ini is longer than the readers take */
    char *ini = slurp(scratch_path("long/run.ini"), NULL);
    size_t longest = 0;
    for (char *p = ini, *e; p && *p; p = e + 1) {
        e = strchr(p, '\n');
        if (!e)
            break;
        longest = (size_t)(e - p) > longest ? (size_t)(e - p) : longest;
    }
    CHECK(ini && longest <= 199);
    free(ini);
    dr_briefing b;
    CHECK(dr_briefing_load(&b, out, &err) == DR_OK &&
          strcmp(b.title, r.in.scenario.title) == 0);
    if (b.title && strcmp(b.title, r.in.scenario.title) != 0)
        printf("# %zu of %zu bytes read back\n", strlen(b.title),
               strlen(r.in.scenario.title));
    dr_briefing_free(&b);
    dr_run_free(&r);
    free(out);
}

static void present_and_stop(void)
{
    dr_run r;
    dr_error err = {0};
    dr_input_spec s = spec();
    dr_run_opts o = {.deterministic = 1, .threads = 1};
    CHECK(dr_run_prepare(&r, &s, NULL, &err) == DR_OK &&
          dr_run_compute(&r, &o, &err) == DR_OK);
    /* a folder of earlier results, and a temporary folder a killed run
     * left beside it */
    char *out = scratch_dup_path("prev");
    mkdir(out, 0777);
    scratch_put("prev/run.ini", "previous\n");
    mkdir(scratch_path("prev.tmp-ab12CD"), 0777);
    dr_outdir od;
    fflush(stderr);
    int saved = dup(2);
    FILE *f = freopen(scratch_path("stderr.txt"), "w", stderr);
    CHECK(dr_run_open_out(&od, out, &err) == DR_OK);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char *text = slurp(scratch_path("stderr.txt"), NULL), want[700];
    snprintf(want, sizeof want,
             "debtrisk: warning: %s is the temporary folder of an earlier "
             "run that did not finish",
             scratch_path("prev.tmp-ab12CD"));
    CHECK(f && text && strstr(text, want));
    free(text);
    CHECK(dr_run_write(&r, &o, &od, "", &err) == DR_OK);
    /* charts that cannot be drawn: the report is written all the same */
    char *path = strdup(getenv("PATH"));
    setenv("PATH", "", 1);
    unsetenv("GNUPLOT");
    CHECK(err_is(dr_run_present(&od, "", DR_CHART_PNG, DR_LANG_EN, 1, &err),
                 &err, DR_ECHART, "", 0, 0, "gnuplot not found"));
    setenv("PATH", path, 1);
    free(path);
    char *rep = dr_outdir_path(&od, "report.md");
    CHECK(exists(rep));
    free(rep);
    /* a stop before the commit: the previous results stay */
    dr_stop_requested = SIGINT;
    CHECK(dr_run_commit(&od, &err) == DR_EINTR);
    dr_stop_requested = 0;
    dr_outdir_abort(&od);
    char *prev = slurp(scratch_path("prev/run.ini"), NULL);
    CHECK(prev && strcmp(prev, "previous\n") == 0);
    free(prev);
    dr_run_free(&r);
    free(out);
}

static void chart_status(void)
{
    dr_status charts = DR_OK;
    dr_error cerr = {0}, chart_err = {0}, err = {0};
    /* fine: nothing kept */
    CHECK(dr_chart_status(DR_OK, &cerr, &charts, &chart_err, &err) == 0 &&
          charts == DR_OK);
    /* the first chart failure is kept, the command goes on */
    dr_error_set(&cerr, DR_ECHART, NULL, 0, 0, "first");
    CHECK(dr_chart_status(DR_ECHART, &cerr, &charts, &chart_err, &err) == 0);
    dr_error_set(&cerr, DR_ECHART, NULL, 0, 0, "second");
    CHECK(dr_chart_status(DR_ECHART, &cerr, &charts, &chart_err, &err) == 0);
    CHECK(charts == DR_ECHART && strcmp(chart_err.msg, "first") == 0);
    /* another failure stops it, in err */
    dr_error_set(&cerr, DR_EIO, "x", 0, 0, "disk");
    CHECK(dr_chart_status(DR_EIO, &cerr, &charts, &chart_err, &err) == 1);
    CHECK(err.status == DR_EIO && strcmp(err.msg, "disk") == 0 &&
          strcmp(chart_err.msg, "first") == 0);
}

int main(void)
{
    if (scratch_open("runner") != 0)
        return 1;
    small_city(&data, &model);
    prepare();
    deterministic();
    monte_carlo();
    write_outputs();
    long_title();
    present_and_stop();
    chart_status();
    free(data);
    free(model);
    scratch_close();
    return check_done();
}
