/* debtrisk solve's search and outputs (run/solve.h) on a city written
 * here, as in tests/cli/test_solve.py section 1: four counties with no
 * growth, no interest and no shocks, comprehensive resources C = 100 and
 * debt D0 = 100 in 2024, so that the debt rises each year by the gap
 * P (1 - x) - C and broad in 2029 (T = 5) is
 *     (D0 + 5 (P (1 - x) - C)) / C,
 * linear in the spending cut x. broad@2029 <= 1.2 then needs
 * x* = 1 - 104 / P: P = 110 gives 0.054545..., P = 105 0.0095238..., P =
 * 100 meets it with no cut, P = 200 needs 0.48, beyond 0:0.3 (at 0.3
 * broad is 3). Raising own revenue by x instead raises C to 100 + 50 x
 * as well: (150 - 250 x) / (100 + 50 x) <= 1.2 needs x >= 3/31 for P =
 * 110, 1/62 for P = 105; at 0.3 P = 200 stays at 525/115.
 * Checked: each value within the tolerance above the hand answer, the
 * measure achieved, the statuses, the number of runs the search takes,
 * solved.csv, solve.md, baseline/ and solved/ written, solved/scenario.ini
 * read back and run again to the same numbers (also on a Monte Carlo city
 * of tests/lib/smallcity.h, and on top of a scenario read by a relative
 * path with its own projects file), one value for the whole city, and
 * every refusal: DR_EUSAGE, the output folder as it was. */
#include <limits.h>
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
#include "inputs/csvread.h"
#include "run/solve.h"
#include "scratch.h"
#include "smallcity.h"

static const double spend[4] = {110, 105, 100, 200};
static const char *const ids[4] = {"a", "b", "c", "d"};

static const char hand_fiscal[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "primary_spending,explicit_debt,hidden_debt,rate_explicit,rate_hidden\n"
    "a,County A,urban,500,50,30,20,110,50,50,0,0\n"
    "b,County B,urban,500,50,30,20,105,50,50,0,0\n"
    "c,County C,urban,500,50,30,20,100,50,50,0,0\n"
    "d,County D,urban,500,50,30,20,200,50,50,0,0\n";

static const char hand_model[] =
    "[run]\nbase_year = 2024\nyears = 5\npaths = 100\n"
    "[rates]\nyield = 0\nsigma = 0\nhidden_spread = 0\npremium_slope = 0\n"
    "[policy]\nquota = 0.5\nconsolidation = 0\n"
    "[defaults]\ngrowth.mu = 0\ngrowth.sigma = 0\nown_revenue.mu = 0\n"
    "own_revenue.sigma = 0\nland.mu = 0\nland.sigma = 0\n"
    "transfers.mu = 0\ntransfers.sigma = 0\nspending.mu = 0\n"
    "contingent.prob = 0\nrate.explicit = 0\nrate.hidden = 0\n";

static char *fiscal_path, *model_path;

static dr_solve_job job_for(const char *out, const char *lever,
                            const char *target)
{
    return (dr_solve_job){
        .job = {.spec = {.fiscal = fiscal_path, .model = model_path},
                .run = {.deterministic = 1, .threads = 1},
                .out = out,
                .lang = DR_LANG_EN},
        .lever = {.lever = lever},
        .target = target};
}

/* Runs the solve with its stdout in *said (when not NULL). */
static dr_status solve(const dr_solve_job *sj, dr_error *err, char **said)
{
    fflush(stdout);
    int saved = dup(1);
    FILE *f = freopen(scratch_path("stdout.txt"), "w", stdout);
    dr_status st = dr_solve_run(sj, err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    if (said)
        *said = f ? slurp(scratch_path("stdout.txt"), NULL) : NULL;
    return st;
}

static const dr_csv_column cols[] = {
    {"county_id", 1},   {"name", 1},     {"lever", 1},
    {"value", 1},       {"target", 1},   {"achieved", 1},
    {"achieved_se", 1}, {"baseline", 1}, {"status", 1}};
enum { ID, NAME, LEVER, VALUE, TARGET, ACHIEVED, SE, BASELINE, STATUS };

typedef struct row {
    char id[16], status[16], se[32];
    double value, achieved, baseline;
} row;

/* solve.csv of out, at most max rows; the number read (0 on error). */
static size_t rows_of(const char *out, row *r, size_t max)
{
    char path[700];
    snprintf(path, sizeof path, "%s/solve.csv", out);
    dr_csv_table t;
    dr_error err = {0};
    if (dr_csv_read(path, cols, 9, &t, &err) != DR_OK) {
        printf("# %s\n", err.msg);
        return 0;
    }
    size_t n = t.nrows < max ? t.nrows : max;
    for (size_t k = 0; k < n; k++) {
        snprintf(r[k].id, sizeof r[k].id, "%s", dr_csv_get(&t, k, ID)->text);
        snprintf(r[k].status, sizeof r[k].status, "%s",
                 dr_csv_get(&t, k, STATUS)->text);
        snprintf(r[k].se, sizeof r[k].se, "%s", dr_csv_get(&t, k, SE)->text);
        r[k].value = strtod(dr_csv_get(&t, k, VALUE)->text, NULL);
        r[k].achieved = strtod(dr_csv_get(&t, k, ACHIEVED)->text, NULL);
        r[k].baseline = strtod(dr_csv_get(&t, k, BASELINE)->text, NULL);
    }
    dr_csv_free(&t);
    return n;
}

/* broad in 2029 of county i of a plain run of the scenario at path
 * (NULL: none) on the same inputs, deterministic or Monte Carlo; in
 * Monte Carlo, P(breach by the horizon). NAN on failure. */
static double plain_run(const dr_input_spec *spec, const char *path, int det,
                        size_t i, long t)
{
    dr_run r;
    dr_error err = {0};
    dr_run_opts o = {.deterministic = det, .threads = 1};
    double v = NAN;
    if (dr_run_prepare(&r, spec, path, &err) == DR_OK &&
        dr_run_compute(&r, &o, &err) == DR_OK) {
        const dr_stat *st = dr_results_stat(&r.res, i, t, DR_M_BROAD);
        v = det ? st->pct[3] : st->p_breached;
    } else {
        printf("# %s: %s\n", path ? path : "(none)", err.msg);
    }
    dr_run_free(&r);
    return v;
}

static void spending(void)
{
    char *out = scratch_dup_path("spend"), *said = NULL;
    dr_solve_job sj = job_for(out, "spending", "broad@2029<=1.2");
    dr_error err = {0};
    dr_status st = solve(&sj, &err, &said);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s\n", err.msg);
    /* runs: the low end changes nothing (no run), a scan of 5, then a and
     * b, both in (0, 0.2] of the range, halved together until the bracket
     * is at most 1/1000 of it: 0.2 / 2^8 < 0.001 <= 0.2 / 2^7, 8 runs, and
     * the final one: 14 */
    char want[800];
    snprintf(want, sizeof want,
             "debtrisk: solved in 14 runs of 1 paths: 2 solved, 1 met "
             "already, 1 not reachable; results in %s/solve.csv\n",
             out);
    CHECK(said && strcmp(said, want) == 0);
    if (said && strcmp(said, want) != 0)
        check_note("said: ", said);
    free(said);

    row r[8];
    CHECK(rows_of(out, r, 8) == 4);
    double tol = 0.3 / 1000;
    for (int k = 0; k < 2; k++) {
        double x = 1 - 104 / spend[k];
        CHECK(strcmp(r[k].id, ids[k]) == 0 &&
              strcmp(r[k].status, "solved") == 0 && r[k].value >= x &&
              r[k].value <= x + tol);
        CHECK_NEAR(r[k].achieved,
                   (100 + 5 * (spend[k] * (1 - r[k].value) - 100)) / 100, 1e-9);
        /* without the cut: (100 + 5 (P - 100)) / 100 */
        CHECK_NEAR(r[k].baseline, (100 + 5 * (spend[k] - 100)) / 100, 1e-9);
        /* deterministic: no standard error */
        CHECK(r[k].se[0] == '\0');
    }
    CHECK(strcmp(r[2].status, "met") == 0 && r[2].value == 0);
    CHECK_NEAR(r[2].baseline, 1.0, 1e-12);
    CHECK_NEAR(r[2].achieved, 1.0, 1e-12);
    CHECK(strcmp(r[3].status, "not-reachable") == 0 && r[3].value == 0.3);
    CHECK_NEAR(r[3].achieved, 3.0, 1e-9);
    CHECK_NEAR(r[3].baseline, 6.0, 1e-9);

    /* the outputs of both runs, the report; no charts asked for */
    static const char *const files[] = {"solve.csv",
                                        "solve.md",
                                        "baseline/run.ini",
                                        "baseline/summary.csv",
                                        "baseline/projection.csv",
                                        "baseline/report.md",
                                        "solved/run.ini",
                                        "solved/summary.csv",
                                        "solved/projection.csv",
                                        "solved/scenario.ini",
                                        "solved/report.md"};
    int all = 1;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char p[800];
        snprintf(p, sizeof p, "%s/%s", out, files[k]);
        if (!exists(p)) {
            printf("# no %s\n", files[k]);
            all = 0;
        }
    }
    CHECK(all);
    CHECK(!exists(scratch_path("spend/charts")));
    char *md = slurp(scratch_path("spend/solve.md"), NULL);
    CHECK(md && strstr(md, "**2 of 4 counties must act to meet the target, 1 "
                           "meet it already, and 1 cannot within the "
                           "range.**"));
    free(md);
    /* solved/run.ini names the package where it is, not where it was
     * written */
    char *ini = slurp(scratch_path("spend/solved/run.ini"), NULL);
    char name[800];
    snprintf(name, sizeof name, "scenario = %s/solved/scenario.ini", out);
    CHECK(ini && strstr(ini, name) && !strstr(ini, ".tmp-"));
    free(ini);

    /* the package: one adjustment per county that acts (none for c),
     * primary spending mul 1 - value over every projected year */
    dr_scenario pkg;
    char *pkg_path = scratch_dup_path("spend/solved/scenario.ini");
    st = dr_scenario_read(pkg_path, &pkg, &err);
    CHECK(st == DR_OK);
    if (st == DR_OK) {
        CHECK(strcmp(pkg.name, "solved") == 0 && pkg.nadj == 3 &&
              pkg.nset == 0 && pkg.nswap == 0);
        static const int who[3] = {0, 1, 3};
        int ok = pkg.nadj == 3;
        for (int k = 0; ok && k < 3; k++) {
            const dr_adjust *a = &pkg.adj[k];
            char label[32];
            snprintf(label, sizeof label, "solved-%s", ids[who[k]]);
            ok = strcmp(a->label, label) == 0 &&
                 a->counties.kind == DR_SEL_IDS && a->counties.nids == 1 &&
                 strcmp(a->counties.ids[0], ids[who[k]]) == 0 &&
                 a->var == DR_ADJ_PRIMARY_SPENDING && a->op == DR_OP_MUL &&
                 a->year_from == 2025 && a->year_to == 2029 &&
                 a->value == 1.0 - r[who[k]].value;
        }
        CHECK(ok);
        dr_scenario_free(&pkg);
    }
    /* run again, it gives what the solve says it achieves */
    dr_input_spec spec = {.fiscal = fiscal_path, .model = model_path};
    int same = 1;
    for (size_t i = 0; i < 4; i++)
        same &= plain_run(&spec, pkg_path, 1, i, 5) == r[i].achieved;
    CHECK(same);
    free(pkg_path);
    free(out);
}

static void revenue(void)
{
    char *out = scratch_dup_path("rev");
    dr_solve_job sj = job_for(out, "revenue", "broad@2029<=1.2");
    dr_error err = {0};
    dr_status st = solve(&sj, &err, NULL);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s\n", err.msg);
    row r[8];
    CHECK(rows_of(out, r, 8) == 4);
    double tol = 0.3 / 1000, x[2] = {3.0 / 31.0, 1.0 / 62.0};
    for (int k = 0; k < 2; k++) {
        CHECK(strcmp(r[k].status, "solved") == 0 && r[k].value >= x[k] &&
              r[k].value <= x[k] + tol);
        double c = 100 + 50 * r[k].value;
        CHECK_NEAR(r[k].achieved, (100 + 5 * (spend[k] - c)) / c, 1e-9);
    }
    CHECK(strcmp(r[2].status, "met") == 0);
    CHECK(strcmp(r[3].status, "not-reachable") == 0 && r[3].value == 0.3);
    CHECK_NEAR(r[3].achieved, 525.0 / 115.0, 1e-9);
    free(out);
}

/* One value for every county: the one furthest from the bound binds, d,
 * whose 0.48 lies in --range 0:0.5 (tolerance 0.0005). */
static void city(void)
{
    char *out = scratch_dup_path("city");
    dr_solve_job sj = job_for(out, "spending", "broad@2029<=1.2");
    sj.lever.range = "0:0.5";
    sj.scope = "city";
    dr_error err = {0};
    dr_status st = solve(&sj, &err, NULL);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s\n", err.msg);
    row r[4];
    CHECK(rows_of(out, r, 4) == 1);
    CHECK(strcmp(r[0].id, "city") == 0 && strcmp(r[0].status, "solved") == 0 &&
          r[0].value >= 0.48 && r[0].value <= 0.48 + 0.0005);
    CHECK_NEAR(r[0].achieved, (100 + 5 * (200 * (1 - r[0].value) - 100)) / 100,
               1e-9);
    CHECK_NEAR(r[0].baseline, 6.0, 1e-9);
    /* the package: one adjustment for every county */
    dr_scenario pkg;
    st = dr_scenario_read(scratch_path("city/solved/scenario.ini"), &pkg, &err);
    CHECK(st == DR_OK && pkg.nadj == 1 &&
          strcmp(pkg.adj[0].label, "solved") == 0 &&
          pkg.adj[0].counties.kind == DR_SEL_ALL &&
          pkg.adj[0].value == 1.0 - r[0].value);
    if (st == DR_OK)
        dr_scenario_free(&pkg);
    /* within the default range 0:0.3 it cannot (another folder: this
     * process has read the first one's CSVs back for its report, and a
     * run refuses to replace a folder holding files it has read) */
    char *out2 = scratch_dup_path("city2");
    sj.job.out = out2;
    sj.lever.range = NULL;
    st = solve(&sj, &err, NULL);
    CHECK(st == DR_OK && rows_of(out2, r, 4) == 1 &&
          strcmp(r[0].status, "not-reachable") == 0 && r[0].value == 0.3);
    if (st)
        printf("# %s\n", err.msg);
    free(out2);
    free(out);
}

/* Charts asked for, drawn by a stand-in: the effort chart beside the
 * runs' own, linked from solve.md. */
static void charts(void)
{
    char *out = scratch_dup_path("charts");
    const char *gp = fake_gnuplot("ok.sh", "exit 0");
    setenv("GNUPLOT", gp, 1);
    dr_solve_job sj = job_for(out, "spending", "broad@2029<=1.2");
    sj.job.charts = DR_CHART_PNG;
    dr_error err = {0};
    CHECK(solve(&sj, &err, NULL) == DR_OK);
    CHECK(exists(scratch_path("charts/charts/solve_effort.png")) &&
          exists(scratch_path("charts/charts/solve_city.png")) &&
          exists(scratch_path("charts/baseline/charts")) &&
          exists(scratch_path("charts/solved/charts")));
    char *md = slurp(scratch_path("charts/solve.md"), NULL);
    CHECK(md && strstr(md, "](charts/solve_effort.png)"));
    free(md);
    unsetenv("GNUPLOT");
    free(out);
}

/* The Monte Carlo small city: P(breach by 2027) <= 0.3 with a spending
 * cut; the package run again on the same seed gives what solve.csv says,
 * each solved county's value meets the target and one tolerance less
 * does not (a plain run of a package of that county alone). */
static void monte_carlo(void)
{
    char *data, *model;
    small_city(&data, &model);
    char *out = scratch_dup_path("mc");
    dr_solve_job sj = {.job = {.spec = {.data = data, .model = model},
                               .run = {.threads = 2},
                               .out = out,
                               .lang = DR_LANG_EN},
                       .lever = {.lever = "spending", .tol = "0.001"},
                       .target = "p_breach_end<=0.3"};
    dr_error err = {0};
    dr_status st = solve(&sj, &err, NULL);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s\n", err.msg);
    row r[4];
    CHECK(rows_of(out, r, 4) == 3);
    dr_input_spec spec = {.data = data, .model = model};
    char *pkg = scratch_dup_path("mc/solved/scenario.ini");
    int same = 1, solved = 0;
    for (size_t i = 0; i < 3; i++) {
        double p = plain_run(&spec, pkg, 0, i, 3);
        same &= p == r[i].achieved;
        /* sqrt(p (1 - p) / 64) */
        same &= fabs(strtod(r[i].se, NULL) - sqrt(p * (1 - p) / 64)) < 1e-15;
        if (strcmp(r[i].status, "solved") != 0)
            continue;
        solved++;
        /* that county alone, at its value and one tolerance less */
        for (int less = 0; less < 2; less++) {
            char text[512];
            snprintf(text, sizeof text,
                     "[scenario]\nname = one\n[adjust.one]\ncounties = %s\n"
                     "variable = primary_spending\nyears = 2025-2027\n"
                     "op = mul\nvalue = %.17g\n",
                     r[i].id, 1 - (r[i].value - 0.001 * less));
            double q = plain_run(&spec, scratch_put("one.ini", text), 0, i, 3);
            CHECK(less ? q > 0.3 : q <= 0.3);
        }
    }
    CHECK(same);
    printf("# %d of 3 counties solved\n", solved);
    free(pkg);
    free(out);
    free(data);
    free(model);
}

/* On top of a scenario read by a relative path, whose projects file is
 * relative to it: the package names that file so that it reads back from
 * OUT/solved/. */
static void relative_scenario(void)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || chdir(scratch_dir) != 0) {
        CHECK(0);
        return;
    }
    mkdir("scen", 0777);
    scratch_put("scen/extra.csv",
                "project_id,county_id,name,channel,start_year,capex,"
                "build_years\nx1,a,X1,lgfv,2025,5,1\n");
    scratch_put("scen/s.ini", "[scenario]\nname = extra\n[projects]\n"
                              "file = extra.csv\n");
    dr_solve_job sj = job_for("rel", "spending", "broad@2029<=1.2");
    sj.job.scenario = "scen/s.ini";
    dr_error err = {0};
    dr_status st = solve(&sj, &err, NULL);
    CHECK(st == DR_OK);
    if (st)
        printf("# %s\n", err.msg);
    dr_scenario pkg;
    st = dr_scenario_read("rel/solved/scenario.ini", &pkg, &err);
    CHECK(st == DR_OK && pkg.proj_file && pkg.proj_file[0] == '/');
    if (st == DR_OK)
        dr_scenario_free(&pkg);
    CHECK(chdir(cwd) == 0);
}

/* The solve refused: status and message, and the folder out as it was
 * (its one file, nothing added, no temporary folder beside it). */
static int refused(dr_solve_job *sj, const char *phrase)
{
    char *out = scratch_dup_path("prev");
    mkdir(out, 0777);
    scratch_put("prev/solve.csv", "previous\n");
    sj->job.out = out;
    dr_error err = {0};
    int ok = err_is(solve(sj, &err, NULL), &err, DR_EUSAGE, "", 0, 0, phrase);
    char *s = slurp(scratch_path("prev/solve.csv"), NULL);
    ok = ok && s && strcmp(s, "previous\n") == 0 &&
         !exists(scratch_path("prev/solve.md")) &&
         !exists(scratch_path("prev/solved"));
    free(s);
    DIR *d = opendir(scratch_dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, "prev.tmp-", 9) == 0) {
            printf("# left %s\n", e->d_name);
            ok = 0;
        }
    if (d)
        closedir(d);
    free(out);
    return ok;
}

static void refusals(void)
{
    dr_solve_job sj = job_for(NULL, "spend", "broad@2029<=1.2");
    CHECK(refused(&sj, "--lever: unknown lever 'spend'"));
    sj = job_for(NULL, "spending", "broad@2029<1.2");
    CHECK(refused(&sj, "--target 'broad@2029<1.2': expected MEASURE<=BOUND"));
    sj = job_for(NULL, "spending", NULL);
    CHECK(refused(&sj, "solve needs --target"));
    sj = job_for(NULL, "spending", "broad@2029<=1.2");
    sj.scope = "town";
    CHECK(refused(&sj, "--scope: expected county or city, found 'town'"));
    /* against the model: the years, the target's year and kind */
    sj = job_for(NULL, "spending", "broad@2029<=1.2");
    sj.lever.years = "2024-2026";
    CHECK(refused(&sj, "--years 2024-2026: outside the projection 2025-2029"));
    sj = job_for(NULL, "spending", "broad@2030<=1.2");
    CHECK(refused(&sj, "2030 is outside the projection 2025-2029"));
    sj = job_for(NULL, "spending", "p_breach_end<=0.3");
    CHECK(refused(&sj, "with --deterministic use broad@YEAR<=R"));
    sj = job_for(NULL, "spending", "broad@2029<=1.2");
    sj.job.run.deterministic = 0;
    CHECK(refused(&sj, "add --deterministic"));
    sj = job_for(NULL, "spending", "city_p50@2029<=1.2");
    sj.job.run.deterministic = 0;
    CHECK(refused(&sj, "add --scope city"));
    sj = job_for(NULL, "set:rates.hidden_spread", "broad@2029<=1.2");
    sj.lever.range = "0.02:0";
    CHECK(refused(&sj, "use --scope city"));
    /* --set fixing the key the lever moves */
    static const char *const fix[] = {"rates.hidden_spread=0.01"};
    sj.scope = "city";
    sj.job.spec.set = fix;
    sj.job.spec.nset = 1;
    CHECK(refused(&sj, "--set rates.hidden_spread=0.01 fixes the key that "
                       "--lever set:rates.hidden_spread moves"));
    /* a range's end that no scenario takes: land revenue times 20 */
    sj = job_for(NULL, "adjust:land_revenue:mul", "broad@2029<=1.2");
    sj.lever.range = "1:20";
    CHECK(refused(&sj, "--lever adjust:land_revenue:mul at 20 (the high end "
                       "of the range) is not a valid change"));
}

int main(void)
{
    if (scratch_open("run_solve") != 0)
        return 1;
    mkdir(scratch_path("hand"), 0777);
    fiscal_path = strdup(scratch_put("hand/fiscal.csv", hand_fiscal));
    model_path = strdup(scratch_put("hand/model.ini", hand_model));
    spending();
    revenue();
    city();
    charts();
    monte_carlo();
    relative_scenario();
    refusals();
    free(fiscal_path);
    free(model_path);
    scratch_close();
    return check_done();
}
