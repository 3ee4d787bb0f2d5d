/* A batch (batch.h) on the small city of tests/lib/smallcity.h: a scenario
 * that changes nothing gives changes of exactly 0; one that breaches
 * every county on every path gives P = 1, a change of 1 - P(baseline)
 * and the paired standard error sqrt(d (1 - d) / (N - 1)) of a change D
 * that is 1 on a share d of the paths and 0 elsewhere; every scenario
 * checked before anything is simulated, nothing in place on a failure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "errcheck.h"
#include "inputs/csvread.h"
#include "run/batch.h"
#include "scratch.h"
#include "smallcity.h"

static char *data, *model;

static const char same_ini[] = "[scenario]\nname = same\n"
                               "[adjust.none]\ncounties = *\n"
                               "variable = land_revenue\nyears = 2025-2027\n"
                               "op = mul\nvalue = 1\n";
/* 100 more hidden debt than any CFR of the horizon can carry */
static const char crash_ini[] = "[scenario]\nname = crash\n"
                                "[adjust.crash]\ncounties = *\n"
                                "variable = hidden_debt\nyears = 2025\n"
                                "op = add\nvalue = 100\n";

static dr_job job_for(const char *out)
{
    return (dr_job){.spec = {.data = data, .model = model},
                    .run = {.threads = 2},
                    .out = out,
                    .lang = DR_LANG_EN};
}

/* Runs the batch with stdout (its one line of success) in a file. */
static dr_status batch(const dr_job *job, const char *const *sc, size_t n,
                       dr_error *err, char **said)
{
    fflush(stdout);
    int saved = dup(1);
    FILE *f = freopen(scratch_path("stdout.txt"), "w", stdout);
    dr_status st = dr_batch_run(job, sc, n, err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    if (said)
        *said = f ? slurp(scratch_path("stdout.txt"), NULL) : NULL;
    return st;
}

static const dr_csv_column cmp_cols[] = {
    {"scenario", 1},      {"county_id", 1},      {"name", 1},
    {"p_breach_end", 1},  {"p_breach_delta", 1}, {"p_breach_delta_se", 1},
    {"broad_p50_end", 1}, {"broad_p50_delta", 1}};
enum { SC, ID, NAME, P, DELTA, SE, P50, P50D };

static double num(const dr_csv_table *t, size_t r, size_t k)
{
    double v = NAN;
    dr_error err;
    dr_csv_double(t, r, k, NAN, &v, &err);
    return v;
}

/* Column col of county row i of OUT/SCENARIO/summary.csv. */
static double summary(const char *out, const char *sc, size_t i,
                      const char *col)
{
    const dr_csv_column all[] = {{"scenario", 0},       {"county_id", 1},
                                 {"name", 0},           {"type", 0},
                                 {"broad_base", 0},     {"broad_p50_end", 0},
                                 {"broad_p10_end", 0},  {"broad_p90_end", 0},
                                 {"p_breach_end", 0},   {"p_breach_end_se", 0},
                                 {"first_year_p50", 0}, {"p_red_end", 0}};
    char path[700];
    snprintf(path, sizeof path, "%s/%s/summary.csv", out, sc);
    dr_csv_table t;
    dr_error err;
    double v = NAN;
    if (dr_csv_read(path, all, 12, &t, &err) != DR_OK)
        return NAN;
    for (size_t k = 0; k < 12; k++)
        if (strcmp(all[k].name, col) == 0)
            v = num(&t, i, k);
    dr_csv_free(&t);
    return v;
}

static void run(void)
{
    char *out = scratch_dup_path("out"), *said = NULL;
    const char *sc[2];
    char *s1 = strdup(scratch_put("same.ini", same_ini));
    char *s2 = strdup(scratch_put("crash.ini", crash_ini));
    sc[0] = s1;
    sc[1] = s2;
    dr_job job = job_for(out);
    dr_error err = {0};
    dr_status st = batch(&job, sc, 2, &err, &said);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
    char want[700];
    snprintf(want, sizeof want,
             "debtrisk: baseline and 2 scenarios on the same 64 paths; "
             "results in %s/\n",
             out);
    CHECK(said && strcmp(said, want) == 0);
    free(said);
    /* a folder per scenario, the review's report, no charts */
    static const char *const files[] = {
        "compare.csv",    "report.md",         "baseline/run.ini",
        "same/run.ini",   "crash/run.ini",     "crash/summary.csv",
        "same/report.md", "baseline/report.md"};
    int all = 1;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", out, files[k]);
        all = all && exists(path);
    }
    CHECK(all && !exists(scratch_path("out/charts")));

    dr_csv_table t;
    char path[700];
    snprintf(path, sizeof path, "%s/compare.csv", out);
    CHECK(dr_csv_read(path, cmp_cols, 8, &t, &err) == DR_OK);
    CHECK(t.nrows == 12); /* 3 runs x (3 counties + the city) */
    if (t.nrows != 12) {
        dr_csv_free(&t);
        return;
    }
    static const char *const ids[] = {"east", "west", "north", "city"};
    static const char *const runs[] = {"baseline", "same", "crash"};
    int layout = 1, zero = 1, crash = 1, p50 = 1;
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < 4; i++) {
            size_t r = k * 4 + i;
            layout = layout &&
                     strcmp(dr_csv_get(&t, r, SC)->text, runs[k]) == 0 &&
                     strcmp(dr_csv_get(&t, r, ID)->text, ids[i]) == 0;
            double pb = num(&t, i, P); /* the baseline's */
            if (k < 2) {
                /* the baseline against itself, and a scenario that changes
                 * nothing: the same paths, changes of exactly 0 */
                zero = zero && num(&t, r, P) == pb && num(&t, r, DELTA) == 0 &&
                       num(&t, r, SE) == 0 && num(&t, r, P50D) == 0;
                continue;
            }
            double d = 1 - pb;
            crash = crash && num(&t, r, P) == 1 &&
                    fabs(num(&t, r, DELTA) - d) < 1e-12 &&
                    fabs(num(&t, r, SE) - sqrt(d * (1 - d) / 63)) < 1e-12;
            if (i < 3) {
                /* the medians as each folder's summary.csv gives them */
                double m = summary(out, "crash", i, "broad_p50_end"),
                       mb = summary(out, "baseline", i, "broad_p50_end");
                p50 = p50 && num(&t, r, P50) == m &&
                      fabs(num(&t, r, P50D) - (m - mb)) < 1e-9 &&
                      summary(out, "crash", i, "p_breach_end") == 1 &&
                      summary(out, "baseline", i, "p_breach_end") == pb;
            }
        }
    CHECK(layout);
    CHECK(zero);
    CHECK(crash);
    CHECK(p50);
    /* some baseline county breaches on some paths, not all: the crash's
     * change is neither 0 nor 1 somewhere, so the se formula was put to
     * the test */
    int tested = 0;
    for (size_t i = 0; i < 4; i++)
        tested |= num(&t, i, P) > 0 && num(&t, i, P) < 1;
    printf("# baseline P: east %g, west %g, north %g, city %g\n", num(&t, 0, P),
           num(&t, 1, P), num(&t, 2, P), num(&t, 3, P));
    CHECK(tested);
    dr_csv_free(&t);
    free(s1);
    free(s2);
    free(out);
}

/* Neither the folder nor a temporary folder beside it. */
static int nothing_in_place(const char *out)
{
    DIR *d = opendir(scratch_dir);
    struct dirent *e;
    int tmp = 0;
    while (d && (e = readdir(d)))
        tmp += strncmp(e->d_name, "fail.tmp-", 9) == 0;
    if (d)
        closedir(d);
    return !exists(out) && tmp == 0;
}

static void refusals(void)
{
    char *out = scratch_dup_path("fail");
    dr_job job = job_for(out);
    dr_error err = {0};
    char *ok = strdup(scratch_put("ok.ini", same_ini));
    /* the second scenario names a county the data lacks: refused before
     * anything runs, at its line and column */
    char *bad = strdup(scratch_put("bad.ini", "[scenario]\nname = bad\n"
                                              "[adjust.a]\ncounties = esat\n"
                                              "variable = yield\n"
                                              "years = 2025\nop = add\n"
                                              "value = 0.01\n"));
    const char *two[] = {ok, bad};
    CHECK(err_is(batch(&job, two, 2, &err, NULL), &err, DR_EINPUT, bad, 4, 12,
                 "unknown county 'esat'"));
    CHECK(nothing_in_place(out));
    /* two scenarios of one name */
    char *again = strdup(scratch_put("again.ini", same_ini));
    const char *dup[] = {ok, again};
    char phrase[700];
    snprintf(phrase, sizeof phrase,
             "scenario name 'same' is already used by %s; each scenario of a "
             "batch needs its own name",
             ok);
    CHECK(err_is(batch(&job, dup, 2, &err, NULL), &err, DR_EINPUT, again, 0, 0,
                 phrase));
    CHECK(nothing_in_place(out));
    /* a scenario that changes the paths */
    char *paths = strdup(scratch_put("paths.ini", "[scenario]\nname = more\n"
                                                  "[set]\nrun.paths = 65\n"));
    const char *one[] = {paths};
    CHECK(err_is(batch(&job, one, 1, &err, NULL), &err, DR_EINPUT, paths, 0, 0,
                 "scenario 'more' changes [run] (seed, paths, years or "
                 "base_year)"));
    CHECK(nothing_in_place(out));
    /* an output folder holding a file of the user's: left alone */
    mkdir(out, 0777);
    scratch_put("fail/notes.txt", "mine");
    const char *first[] = {ok};
    CHECK(err_is(batch(&job, first, 1, &err, NULL), &err, DR_EUSAGE,
                 scratch_path("fail/notes.txt"), 0, 0,
                 "is not an output of debtrisk"));
    char *mine = slurp(scratch_path("fail/notes.txt"), NULL);
    CHECK(mine && strcmp(mine, "mine") == 0);
    free(mine);
    free(ok);
    free(bad);
    free(again);
    free(paths);
    free(out);
}

int main(void)
{
    if (scratch_open("batch") != 0)
        return 1;
    small_city(&data, &model);
    run();
    refusals();
    free(data);
    free(model);
    scratch_close();
    return check_done();
}
