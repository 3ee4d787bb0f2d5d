/* debtrisk calibrate's run (run/calibrate.h) on case (a) of
 * tests/data/history/README.md: calibration.csv and a model.ini that run
 * takes, read back to the hand-worked estimates; the bundled model when
 * none is named; every failure leaving the previous results. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "errcheck.h"
#include "run/calibrate.h"
#include "scratch.h"

#define ROOT TEST_DATA "/../.."
#define L log(1.25)

static dr_calib_job job_for(const char *out)
{
    return (dr_calib_job){.history = TEST_DATA "/history/one_county.csv",
                          .fiscal = ROOT "/data/sample-city/fiscal.csv",
                          .model = ROOT "/models/baseline.ini",
                          .by = DR_BY_TYPE,
                          .from = 2019,
                          .to = 2024,
                          .out = out,
                          .lang = DR_LANG_EN,
                          .threads = 1};
}

static dr_status calibrate(const dr_calib_job *job, dr_error *err, char **said)
{
    fflush(stdout);
    int saved = dup(1);
    FILE *f = freopen(scratch_path("stdout.txt"), "w", stdout);
    dr_status st = dr_calibrate_run(job, err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    if (said)
        *said = f ? slurp(scratch_path("stdout.txt"), NULL) : NULL;
    return st;
}

/* model.ini of out read back: the estimates of README (a) in force. */
static int model_is_case_a(const char *out)
{
    char path[700];
    snprintf(path, sizeof path, "%s/model.ini", out);
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    int ok = dr_params_read(&p, path, &err) == DR_OK &&
             dr_params_finish(&p, path, &err) == DR_OK;
    if (!ok)
        printf("# %s\n", err.msg);
    const dr_type_params *u = dr_params_type(&p, "urban");
    ok = ok && fabs(p.defaults.growth_mu - 0.07) < 1e-12 &&
         fabs(u->growth_mu - 0.07) < 1e-12 &&
         fabs(u->growth_rho - 0.25) < 1e-12 &&
         fabs(u->own_revenue_beta - 1.25) < 1e-12 &&
         fabs(u->land_mu + 0.6 * L) < 1e-12 &&
         fabs(p.corr[0][1] + 37 / sqrt(468.0 * 57)) < 1e-12;
    dr_params_free(&p);
    return ok;
}

static void run(void)
{
    char *out = scratch_dup_path("out"), *said = NULL;
    dr_calib_job job = job_for(out);
    dr_error err = {0};
    dr_status st = calibrate(&job, &err, &said);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s:%ld: %s\n", err.file, err.line, err.msg);
    char want[700];
    snprintf(want, sizeof want, "on 2019-2024 by type; results in %s/\n", out);
    CHECK(said && strncmp(said, "debtrisk: calibrated 1 ", 23) == 0 &&
          strstr(said, want));
    free(said);
    char *csv = slurp(scratch_path("out/calibration.csv"), NULL);
    CHECK(csv && strncmp(csv, "group,key,value,se,n,status\n", 28) == 0 &&
          strstr(csv, "\ntype.urban,growth.rho,") &&
          strstr(csv, "\ncommon,growth,"));
    free(csv);
    CHECK(model_is_case_a(out));
    /* run takes it: a run of the sample city on it loads */
    dr_params p;
    dr_params_init(&p);
    CHECK(dr_params_read(&p, scratch_path("out/model.ini"), &err) == DR_OK);
    dr_params_free(&p);

    /* no model named: the bundled baseline */
    setenv("DEBTRISK_DATADIR", ROOT, 1);
    char *out2 = scratch_dup_path("bundled");
    job = job_for(out2);
    job.model = NULL;
    CHECK(calibrate(&job, &err, NULL) == DR_OK && model_is_case_a(out2));
    unsetenv("DEBTRISK_DATADIR");
    free(out2);
    free(out);
}

/* The folder with its previous results, a failing job: they stay. */
static int refused(dr_calib_job *job, const char *file, long line,
                   const char *phrase)
{
    char *out = scratch_dup_path("prev");
    mkdir(out, 0777);
    scratch_put("prev/calibration.csv", "previous\n");
    job->out = out;
    dr_error err = {0};
    int ok = err_is(calibrate(job, &err, NULL), &err, DR_EINPUT, file, line,
                    ANY, phrase);
    char *s = slurp(scratch_path("prev/calibration.csv"), NULL);
    ok = ok && s && strcmp(s, "previous\n") == 0 &&
         !exists(scratch_path("prev/model.ini"));
    free(s);
    free(out);
    return ok;
}

static void refusals(void)
{
    dr_calib_job job = job_for(NULL);
    /* five years: too short a window (wancheng's first line is 2) */
    job.from = 2020;
    CHECK(refused(&job, job.history, 2,
                  "county 'wancheng' has 5 of its years (2019-2024) in "
                  "2020-2024; calibration needs at least 6"));
    job = job_for(NULL);
    job.history = scratch_path("none.csv");
    CHECK(refused(&job, job.history, ANY, "cannot open"));
    job = job_for(NULL);
    job.history = TEST_DATA "/bad/history_unknown_county.csv";
    CHECK(refused(&job, job.history, ANY, "unknown county"));
    job = job_for(NULL);
    job.fiscal = TEST_DATA "/bad/fiscal_negative.csv";
    CHECK(refused(&job, job.fiscal, ANY, NULL));
}

int main(void)
{
    gsl_set_error_handler_off();
    if (scratch_open("run_calibrate") != 0)
        return 1;
    run();
    refusals();
    scratch_close();
    return check_done();
}
