/* A sensitivity run (sensitivity.h) on the small city of
 * tests/lib/smallcity.h: each side of each parameter is the run that the
 * runner makes with that override on the same seed (an independent run of
 * the runner is compared), the changes are differences of counts of 64
 * paths, the default set is the README's table, and every bad --param is
 * a usage error before anything is simulated. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "errcheck.h"
#include "inputs/csvread.h"
#include "run/sensitivity.h"
#include "scratch.h"
#include "smallcity.h"

static char *data, *model;

static dr_job job_for(const char *out)
{
    return (dr_job){.spec = {.data = data, .model = model},
                    .run = {.threads = 2},
                    .out = out,
                    .lang = DR_LANG_EN};
}

static dr_status sens(const dr_job *job, const char *const *params, size_t n,
                      dr_error *err, char **said)
{
    fflush(stdout);
    int saved = dup(1);
    FILE *f = freopen(scratch_path("stdout.txt"), "w", stdout);
    dr_status st = dr_sensitivity_run(job, params, n, err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    if (said)
        *said = f ? slurp(scratch_path("stdout.txt"), NULL) : NULL;
    return st;
}

static const dr_csv_column cols[] = {{"parameter", 1},    {"low", 1},
                                     {"high", 1},         {"county_id", 1},
                                     {"name", 1},         {"p_breach_base", 1},
                                     {"p_breach_low", 1}, {"p_breach_high", 1},
                                     {"delta_low", 1},    {"delta_high", 1}};
enum { PARAM, LOW, HIGH, ID, NAME, BASE, PLOW, PHIGH, DLOW, DHIGH };

static double num(const dr_csv_table *t, size_t r, size_t k)
{
    double v = NAN;
    dr_error err;
    dr_csv_double(t, r, k, NAN, &v, &err);
    return v;
}

static const char *text(const dr_csv_table *t, size_t r, size_t k)
{
    return dr_csv_get(t, r, k)->text;
}

/* P(breach by the horizon) of county i (3: the city) in a plain run of
 * the model file m with the overrides set[0..n). */
static double plain_run_of(const char *m, const char *const *set, size_t n,
                           size_t i)
{
    dr_run r;
    dr_error err = {0};
    dr_input_spec s = {.data = data, .model = m, .set = set, .nset = n};
    dr_run_opts o = {.threads = 1};
    double p = NAN;
    if (dr_run_prepare(&r, &s, NULL, &err) == DR_OK &&
        dr_run_compute(&r, &o, &err) == DR_OK)
        p = i < 3 ? dr_results_stat(&r.res, i, 3, DR_M_BROAD)->p_breached
                  : r.res.city[3].p_breached;
    dr_run_free(&r);
    return p;
}

/* As plain_run_of the small city's model with one override (NULL: none). */
static double plain_run(const char *set, size_t i)
{
    const char *sets[1] = {set};
    return plain_run_of(model, sets, set ? 1 : 0, i);
}

static void given(void)
{
    char *out = scratch_dup_path("out"), *said = NULL;
    dr_job job = job_for(out);
    dr_error err = {0};
    const char *params[] = {"rates.yield=0.01:0.04", "policy.quota=0.02:0.08"};
    dr_status st = sens(&job, params, 2, &err, &said);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s: %s\n", err.file, err.msg);
    char want[700];
    snprintf(want, sizeof want,
             "debtrisk: 2 parameters, low and high on the same 64 paths; "
             "results in %s/sensitivity.csv\n",
             out);
    CHECK(said && strcmp(said, want) == 0);
    free(said);
    CHECK(exists(scratch_path("out/report.md")) &&
          exists(scratch_path("out/baseline/run.ini")) &&
          exists(scratch_path("out/baseline/report.md")) &&
          !exists(scratch_path("out/charts")));

    dr_csv_table t;
    char path[700];
    snprintf(path, sizeof path, "%s/sensitivity.csv", out);
    CHECK(dr_csv_read(path, cols, 10, &t, &err) == DR_OK && t.nrows == 8);
    if (t.nrows != 8) {
        dr_csv_free(&t);
        return;
    }
    static const char *const ids[] = {"east", "west", "north", "city"};
    const char *set[2][2] = {{"rates.yield=0.01", "rates.yield=0.04"},
                             {"policy.quota=0.02", "policy.quota=0.08"}};
    int layout = 1, sides = 1, deltas = 1;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < 4; i++) {
            size_t r = k * 4 + i;
            layout = layout && strcmp(text(&t, r, ID), ids[i]) == 0;
            /* each side is the plain run with its override, same paths */
            double b = plain_run(NULL, i), lo = plain_run(set[k][0], i),
                   hi = plain_run(set[k][1], i);
            sides = sides && num(&t, r, BASE) == b && num(&t, r, PLOW) == lo &&
                    num(&t, r, PHIGH) == hi;
            /* k/64 minus k'/64: exact */
            deltas = deltas && num(&t, r, DLOW) == lo - b &&
                     num(&t, r, DHIGH) == hi - b;
        }
    CHECK(strcmp(text(&t, 0, PARAM), "rates.yield") == 0 &&
          strcmp(text(&t, 0, LOW), "0.01") == 0 &&
          strcmp(text(&t, 0, HIGH), "0.04") == 0 &&
          strcmp(text(&t, 4, PARAM), "policy.quota") == 0);
    CHECK(layout);
    CHECK(sides);
    CHECK(deltas);
    dr_csv_free(&t);
    free(out);
}

/* The README's table: land.mu -3/+3 points, land.sigma x0.5/x1.5,
 * growth.mu and spending.mu -1/+1 point, rates.hidden_spread -1/+1 point
 * around the default 0.03, policy.quota -2/+2 around 0.05,
 * policy.consolidation 0 and 0.05 when the model has 0. */
static void defaults(void)
{
    char *out = scratch_dup_path("defaults");
    dr_job job = job_for(out);
    dr_error err = {0};
    CHECK(sens(&job, NULL, 0, &err, NULL) == DR_OK);
    dr_csv_table t;
    char path[700];
    snprintf(path, sizeof path, "%s/sensitivity.csv", out);
    CHECK(dr_csv_read(path, cols, 10, &t, &err) == DR_OK && t.nrows == 28);
    static const char *const want[7][3] = {
        {"land.mu", "-0.03", "+0.03"},
        {"land.sigma", "x0.5", "x1.5"},
        {"growth.mu", "-0.01", "+0.01"},
        {"spending.mu", "-0.01", "+0.01"},
        {"rates.hidden_spread", "0.02", "0.04"},
        {"policy.quota", "0.03", "0.07"},
        {"policy.consolidation", "0", "0.05"}};
    int table = t.nrows == 28;
    for (size_t k = 0; table && k < 7; k++)
        for (size_t i = 0; i < 4; i++) {
            size_t r = k * 4 + i;
            int ok = strcmp(text(&t, r, PARAM), want[k][0]) == 0 &&
                     strcmp(text(&t, r, LOW), want[k][1]) == 0 &&
                     strcmp(text(&t, r, HIGH), want[k][2]) == 0;
            if (!ok)
                printf("# row %zu: %s %s %s\n", r, text(&t, r, PARAM),
                       text(&t, r, LOW), text(&t, r, HIGH));
            table = table && ok;
        }
    CHECK(table);
    /* land.mu's low side is [defaults] land.mu = -0.05 - 0.03 */
    if (t.nrows == 28)
        CHECK(num(&t, 0, PLOW) == plain_run("defaults.land.mu=-0.08", 0));
    dr_csv_free(&t);
    free(out);
}

/* A type parameter of the default set moves in [defaults] and in every
 * [type.*] that sets it (README): with [type.urban] land.mu = -0.1, the low
 * side of land.mu is defaults -0.05 - 0.03 and urban -0.1 - 0.03. */
static void type_sections(void)
{
    char *m = strdup(scratch_put("typed.ini", "[run]\nbase_year = 2024\n"
                                              "years = 3\npaths = 64\n"
                                              "seed = 7\n[type.urban]\n"
                                              "land.mu = -0.1\n"));
    dr_job job = job_for(scratch_path("typed"));
    job.spec.model = m;
    char *out = scratch_dup_path("typed");
    job.out = out;
    dr_error err = {0};
    CHECK(sens(&job, NULL, 0, &err, NULL) == DR_OK);
    dr_csv_table t;
    char path[700];
    snprintf(path, sizeof path, "%s/sensitivity.csv", out);
    CHECK(dr_csv_read(path, cols, 10, &t, &err) == DR_OK && t.nrows == 28);
    const char *low[] = {"defaults.land.mu=-0.08", "type.urban.land.mu=-0.13"};
    const char *high[] = {"defaults.land.mu=-0.02", "type.urban.land.mu=-0.07"};
    int same = t.nrows == 28;
    for (size_t i = 0; same && i < 4; i++)
        same = num(&t, i, PLOW) == plain_run_of(m, low, 2, i) &&
               num(&t, i, PHIGH) == plain_run_of(m, high, 2, i);
    CHECK(same);
    /* which the urban county tells apart from a change of [defaults]
     * alone (east is urban): else the check above proves nothing */
    double both = plain_run_of(m, low, 2, 0), only = plain_run_of(m, low, 1, 0);
    printf("# east, land.mu low: %g with [type.urban] moved, %g without\n",
           both, only);
    CHECK(both != only);
    dr_csv_free(&t);
    free(out);
    free(m);
}

static int usage(const char *param, const char *file, const char *phrase)
{
    char *out = scratch_dup_path("bad");
    dr_job job = job_for(out);
    dr_error err = {0};
    const char *params[] = {"rates.yield=0.01:0.04", param};
    int ok = err_is(sens(&job, params, 2, &err, NULL), &err, DR_EUSAGE, file,
                    ANY, ANY, phrase) &&
             !exists(out);
    free(out);
    return ok;
}

static void refusals(void)
{
    CHECK(usage("rates.yield=0.02", "",
                "--param: expected SECTION.KEY=LOW:HIGH, found "
                "'rates.yield=0.02'"));
    CHECK(usage("=1:2", "", "expected SECTION.KEY=LOW:HIGH"));
    CHECK(usage("policy.quota=0.1:", "", "expected SECTION.KEY=LOW:HIGH"));
    CHECK(usage("run.seed=1:2", "--param",
                "'run.seed=1:2': [run] keys (seed, paths, years, base_year) "
                "cannot vary"));
    CHECK(usage("rates.yield=0.02:0.03", "--param",
                "'rates.yield=0.02:0.03': rates.yield is already varied by "
                "--param rates.yield=0.01:0.04"));
    CHECK(usage("rates.yeild=0.01:0.02", "--param", "did you mean"));
    CHECK(usage("rates.yield=0.01:9", "--param", "rates"));
}

int main(void)
{
    if (scratch_open("sensitivity") != 0)
        return 1;
    small_city(&data, &model);
    given();
    defaults();
    type_sections();
    refusals();
    free(data);
    free(model);
    scratch_close();
    return check_done();
}
