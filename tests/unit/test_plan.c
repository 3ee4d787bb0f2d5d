/* The run plan (plan.h): a scenario resolved against small inputs written
 * here. The year-by-year changes are worked out by hand from the scenario
 * text (README "Scenario file": X*m1*m2 + a1 + a2, per = cfr_base a share
 * of the base-year resources); counties treated alike share one array;
 * projects grouped by county in file order; every check of the scenario
 * against the data, at its line and column. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "model/plan.h"
#include "scratch.h"

/* cfr_base = own + transfers + land + other_fund + soe - remittance:
 * east 25 + 30 + 30 + 4 + 1 - 2 = 88, east2 5 + 5 + 5 = 15. */
static const char fiscal_csv[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "primary_spending,explicit_debt,hidden_debt,other_fund_revenue,"
    "soe_revenue,remittance\n"
    "east,East,urban,500,25,30,30,85,50,35,4,1,2\n"
    "west,West,agricultural,300,12,36,8,56,30,20,0,0,0\n"
    "north,North,agricultural,250,10,30,5,44,22,12,0,0,0\n"
    "south,South,urban,200,10,10,10,30,10,10,0,0,0\n"
    "central,Central,urban,200,10,10,10,30,10,10,0,0,0\n"
    "east2,East 2,urban,100,5,5,5,20,5,5,0,0,0\n"
    "lone,Lone,ecological,100,5,5,5,20,5,5,0,0,0\n";
enum { EAST, WEST, NORTH, SOUTH, CENTRAL, EAST2, LONE, NCOUNTIES };

static const char projects_csv[] =
    "project_id,county_id,name,channel,start_year,capex,build_years\n"
    "p1,west,W1,lgfv,2025,10,2\n"
    "p2,east,E1,budget,2025,5,1\n"
    "p3,west,W2,ppp,2026,3,1\n"
    "p4,north,N1,special_bond,2025,2,1\n";
static const char extra_csv[] =
    "project_id,county_id,name,channel,start_year,capex,build_years\n"
    "x1,east,X1,lgfv,2026,1,1\n";

/* The projection runs over 2025-2028 (t = 1..4, index t - 1). */
static const char model_ini[] = "[run]\n"
                                "base_year = 2024\n"
                                "years = 4\n"
                                "[type.urban]\n"
                                "rate.explicit = 0.04\n"
                                "[county.west]\n"
                                "growth.mu = 0.07\n";

static const char scenario_ini[] = "[scenario]\n"
                                   "name = test\n"
                                   "[adjust.land]\n"
                                   "counties = type:agricultural\n"
                                   "variable = land_revenue\n"
                                   "years = 2026-2027\n"
                                   "op = mul\n"
                                   "value = 0.5\n"
                                   "[adjust.land2]\n"
                                   "counties = west, north\n"
                                   "variable = land_revenue\n"
                                   "years = 2027\n"
                                   "op = mul\n"
                                   "value = 0.8\n"
                                   "[adjust.land3]\n"
                                   "counties = west\n"
                                   "variable = land_revenue\n"
                                   "years = 2027-2030\n"
                                   "op = add\n"
                                   "value = 1.5\n"
                                   "[adjust.yield]\n"
                                   "counties = east,south,central,east2\n"
                                   "variable = yield\n"
                                   "years = 2025\n"
                                   "op = add\n"
                                   "value = 0.01\n"
                                   "[adjust.grant]\n"
                                   "counties = east,east2\n"
                                   "variable = transfers\n"
                                   "years = 2028\n"
                                   "op = add\n"
                                   "value = 0.1\n"
                                   "per = cfr_base\n"
                                   "[adjust.bail]\n"
                                   "counties = north\n"
                                   "variable = hidden_debt\n"
                                   "years = 2026\n"
                                   "op = add\n"
                                   "value = -2\n"
                                   "[swap]\n"
                                   "years = 2025-2026\n"
                                   "share = 0.25\n"
                                   "spread = -0.005\n"
                                   "counties = type:urban\n"
                                   "[projects]\n"
                                   "enable = p4, p3, p1\n";

static dr_params params;
static dr_fiscal fiscal;
static dr_projects projects;
static size_t nbase;

static int setup(void)
{
    dr_error err = {0};
    const char *model = scratch_put("model.ini", model_ini);
    dr_params_init(&params);
    if (dr_fiscal_read(scratch_put("fiscal.csv", fiscal_csv), &fiscal, &err) ||
        dr_params_read(&params, model, &err) ||
        dr_params_finish(&params, model, &err) ||
        dr_projects_read(scratch_put("projects.csv", projects_csv), &fiscal,
                         &projects, &err)) {
        printf("# setup: %s:%ld:%ld: %s\n", err.file, err.line, err.col,
               err.msg);
        return -1;
    }
    nbase = projects.n;
    if (dr_projects_read(scratch_put("extra.csv", extra_csv), &fiscal,
                         &projects, &err))
        return -1;
    return 0;
}

/* 1 when a is the identity but for the fields the caller changed in
 * `want` (built from dr_yearadj_identity). */
static int adj_is(const dr_yearadj *a, const dr_yearadj *want)
{
    const double *x = (const double *)a, *y = (const double *)want;
    for (size_t k = 0; k < sizeof *a / sizeof(double); k++)
        if (fabs(x[k] - y[k]) > 1e-12) {
            printf("# field %zu: %.17g, expected %.17g\n", k, x[k], y[k]);
            return 0;
        }
    return 1;
}

static void adjustments(const dr_plan *pl)
{
    dr_yearadj w;
    const dr_yearadj *a;

    /* west: land x0.5 in 2026-2027, x0.8 in 2027, +1.5 from 2027 on (the
     * years past 2028 fall outside) */
    a = pl->adj[WEST];
    CHECK(a != NULL);
    if (a) {
        dr_yearadj_identity(&w);
        CHECK(adj_is(&a[0], &w)); /* 2025 */
        w.mul[DR_ADJ_LAND_REVENUE] = 0.5;
        CHECK(adj_is(&a[1], &w)); /* 2026 */
        w.mul[DR_ADJ_LAND_REVENUE] = 0.5 * 0.8;
        w.add[DR_ADJ_LAND_REVENUE] = 1.5;
        CHECK(adj_is(&a[2], &w)); /* 2027 */
        w.mul[DR_ADJ_LAND_REVENUE] = 1;
        CHECK(adj_is(&a[3], &w)); /* 2028 */
    }
    /* north: land as west but no +1.5; hidden debt -2 in 2026 */
    a = pl->adj[NORTH];
    CHECK(a != NULL);
    if (a) {
        dr_yearadj_identity(&w);
        w.mul[DR_ADJ_LAND_REVENUE] = 0.5;
        w.dH = -2;
        CHECK(adj_is(&a[1], &w));
        dr_yearadj_identity(&w);
        w.mul[DR_ADJ_LAND_REVENUE] = 0.4;
        CHECK(adj_is(&a[2], &w));
    }
    /* east: yield +0.01 in 2025, the swap in 2025-2026, transfers + 0.1 of
     * its cfr_base 88 in 2028 */
    a = pl->adj[EAST];
    CHECK(a != NULL);
    if (a) {
        dr_yearadj_identity(&w);
        w.dy = 0.01;
        w.swap_share = 0.25;
        w.swap_spread = -0.005;
        CHECK(adj_is(&a[0], &w));
        w.dy = 0;
        CHECK(adj_is(&a[1], &w));
        dr_yearadj_identity(&w);
        CHECK(adj_is(&a[2], &w));
        w.add[DR_ADJ_TRANSFERS] = 8.8;
        CHECK(adj_is(&a[3], &w));
    }
    /* east2 is treated as east, but in proportion to its own size: 0.1 of
     * 15 */
    a = pl->adj[EAST2];
    CHECK(a != NULL && a != pl->adj[EAST]);
    if (a) {
        dr_yearadj_identity(&w);
        w.add[DR_ADJ_TRANSFERS] = 1.5;
        CHECK(adj_is(&a[3], &w));
    }
    /* south and central: yield and swap alike, one array */
    CHECK(pl->adj[SOUTH] != NULL && pl->adj[SOUTH] == pl->adj[CENTRAL]);
    if (pl->adj[SOUTH]) {
        dr_yearadj_identity(&w);
        w.dy = 0.01;
        w.swap_share = 0.25;
        w.swap_spread = -0.005;
        CHECK(adj_is(&pl->adj[SOUTH][0], &w));
    }
    /* lone: nothing names it */
    CHECK(pl->adj[LONE] == NULL);
    /* arrays: east, east2, west, north, south (with central) */
    CHECK(pl->nstore == 5);
}

static void build(void)
{
    dr_scenario s;
    dr_plan pl;
    dr_error err = {0};
    CHECK(dr_scenario_read(scratch_put("scenario.ini", scenario_ini), &s,
                           &err) == DR_OK);
    dr_status st =
        dr_plan_build(&pl, &params, &fiscal, &projects, nbase, &s, &err);
    CHECK(st == DR_OK);
    if (st != DR_OK) {
        printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
        dr_scenario_free(&s);
        return;
    }
    CHECK(pl.params == &params && pl.fiscal == &fiscal && pl.scenario == &s);
    CHECK(pl.n == NCOUNTIES && pl.years == 4);
    adjustments(&pl);

    /* county parameters: east gets [type.urban]'s rate and is given no
     * rate of its own, so re+_0 is the type's; west its own growth.mu over
     * agricultural (no section: [defaults]); north the defaults */
    for (size_t i = 0; i < NCOUNTIES; i++)
        CHECK(pl.cm[i].c == &fiscal.county[i]);
    CHECK(pl.cm[EAST].tp->rate_explicit == 0.04);
    CHECK(pl.cm[EAST].rate_explicit0 == 0.04);
    CHECK(pl.cm[WEST].tp->growth_mu == 0.07);
    CHECK(pl.cm[WEST].tp->growth_sigma == params.defaults.growth_sigma);
    CHECK(pl.cm[NORTH].tp->growth_mu == 0.045);
    CHECK(pl.own != NULL && pl.cm[WEST].tp == &pl.own[WEST]);

    /* enabled: p4, p3, p1 of projects.csv, and x1 of the extra file (all
     * of it active); each county's in file order: east x1 (4), west p1
     * (0) then p3 (2), north p4 (3) */
    CHECK(pl.nproj == 4);
    static const size_t start[NCOUNTIES + 1] = {0, 1, 3, 4, 4, 4, 4, 4};
    CHECK(memcmp(pl.proj_start, start, sizeof start) == 0);
    static const size_t index[4] = {4, 0, 2, 3};
    for (size_t k = 0; k < 4; k++)
        CHECK(pl.proj_index[k] == index[k] &&
              pl.proj[k] == &projects.p[index[k]]);
    dr_plan_free(&pl);
    CHECK(pl.cm == NULL && pl.adj == NULL && pl.proj == NULL && pl.n == 0);
    dr_scenario_free(&s);

    /* the baseline: no changes, every project */
    CHECK(dr_scenario_baseline(&s) == DR_OK);
    CHECK(dr_plan_build(&pl, &params, &fiscal, &projects, nbase, &s, &err) ==
          DR_OK);
    CHECK(pl.nstore == 0 && pl.nproj == 5);
    int none = 1;
    for (size_t i = 0; i < NCOUNTIES; i++)
        none = none && pl.adj[i] == NULL;
    CHECK(none);
    dr_plan_free(&pl);
    dr_scenario_free(&s);

    /* enable = none: the extra file's projects only */
    CHECK(dr_scenario_read(scratch_put("none.ini", "[scenario]\nname = n\n"
                                                   "[projects]\nenable = "
                                                   "none\n"),
                           &s, &err) == DR_OK);
    CHECK(dr_plan_build(&pl, &params, &fiscal, &projects, nbase, &s, &err) ==
          DR_OK);
    CHECK(pl.nproj == 1 && pl.proj_index[0] == 4);
    dr_plan_free(&pl);
    dr_scenario_free(&s);
}

/* Builds the plan of a scenario (the [scenario] header and the text) that
 * must be refused at line:col of the scenario file with phrase; the plan
 * is left empty. */
static int refused(const char *text, long line, long col, const char *phrase)
{
    char full[1024];
    snprintf(full, sizeof full, "[scenario]\nname = bad\n%s", text);
    const char *path = scratch_put("bad.ini", full);
    dr_scenario s;
    dr_plan pl = {.n = 99};
    dr_error err = {0};
    if (dr_scenario_read(path, &s, &err) != DR_OK) {
        printf("# the scenario itself: %s\n", err.msg);
        return 0;
    }
    dr_status st =
        dr_plan_build(&pl, &params, &fiscal, &projects, nbase, &s, &err);
    int ok = err_is(st, &err, DR_EINPUT, path, line, col, phrase);
    if (pl.cm || pl.adj || pl.proj || pl.n) {
        printf("# the plan is not left empty\n");
        ok = 0;
    }
    dr_scenario_free(&s);
    return ok;
}

static void refusals(void)
{
    char phrase[512];
    const char *adj = "[adjust.a]\n"
                      "variable = yield\n"
                      "years = 2025\n"
                      "op = add\n"
                      "value = 0.01\n";
    char text[512];
    /* "counties = east, wset": wset starts at byte 18 of line 8 */
    snprintf(text, sizeof text, "%scounties = east, wset\n", adj);
    snprintf(phrase, sizeof phrase,
             "unknown county 'wset' (not in %s); did you mean 'west'?",
             fiscal.path);
    CHECK(refused(text, 8, 18, phrase));
    snprintf(text, sizeof text, "%scounties = qqqqqq\n", adj);
    CHECK(refused(text, 8, 12, "unknown county 'qqqqqq'"));
    /* a type no county has, value at byte 12 */
    snprintf(text, sizeof text, "%scounties = type:urbn\n", adj);
    snprintf(phrase, sizeof phrase,
             "no county has type 'urbn' in %s; did you mean 'type:urban'?",
             fiscal.path);
    CHECK(refused(text, 8, 12, phrase));
    /* years past the projection: "years = 2030-2031", value at byte 9 */
    CHECK(refused("[adjust.a]\nvariable = yield\nyears = 2030-2031\n"
                  "op = add\nvalue = 0.01\n",
                  5, 9,
                  "years 2030-2031 fall outside the projection "
                  "2025-2028"));
    CHECK(refused("[adjust.a]\nvariable = yield\nyears = 2024\n"
                  "op = add\nvalue = 0.01\n",
                  5, 9, "years 2024-2024 fall outside the projection"));
    CHECK(refused("[swap]\nyears = 2029-2030\nshare = 0.1\n", 4, 9,
                  "fall outside the projection 2025-2028"));
    CHECK(refused("[swap]\nyears = 2025\nshare = 0.1\ncounties = estt\n", 6, 12,
                  "unknown county 'estt'"));
    /* two swaps of one county in one year: at the second's section */
    CHECK(refused("[swap.a]\nyears = 2025-2026\nshare = 0.1\n"
                  "counties = east, west\n"
                  "[swap.b]\nyears = 2026-2027\nshare = 0.2\n"
                  "counties = type:agricultural\n",
                  7, 1,
                  "this swap takes county 'west' in 2026, as the swap of "
                  "line 3 does"));
    /* "enable = p1, q2": q2 at byte 14; x1 is not of projects.csv */
    CHECK(refused("[projects]\nenable = p1, q2\n", 4, 14,
                  "unknown project 'q2' in enable; did you mean 'p2'?"));
    CHECK(refused("[projects]\nenable = x1\n", 4, 10,
                  "unknown project 'x1' in enable"));

    /* a [county.ID] of no county: at its section in the model file */
    dr_params p;
    dr_scenario s;
    dr_plan pl;
    dr_error err = {0};
    const char *model = scratch_put("county.ini", "[run]\nyears = 4\n"
                                                  "[county.wst]\n"
                                                  "growth.mu = 0.07\n");
    dr_params_init(&p);
    CHECK(dr_params_read(&p, model, &err) == DR_OK &&
          dr_params_finish(&p, model, &err) == DR_OK);
    CHECK(dr_scenario_baseline(&s) == DR_OK);
    snprintf(phrase, sizeof phrase,
             "[county.wst]: no county 'wst' in %s; did you mean "
             "[county.west]?",
             fiscal.path);
    CHECK(err_is(dr_plan_build(&pl, &p, &fiscal, &projects, nbase, &s, &err),
                 &err, DR_EINPUT, model, 3, 2, phrase));
    CHECK(pl.cm == NULL && pl.own == NULL);
    dr_scenario_free(&s);
    dr_params_free(&p);
}

/* Several swaps: each county takes its own share in its own years, and
 * the rest none. */
static void swaps(void)
{
    const char *path = scratch_put(
        "swaps.ini", "[scenario]\nname = swaps\n"
                     "[swap.a]\ncounties = east\nyears = 2025-2026\n"
                     "share = 0.25\nspread = 0.01\n"
                     "[swap]\ncounties = west\nyears = 2027\nshare = 0.5\n"
                     "[swap.c]\ncounties = east\nyears = 2028\nshare = 0.1\n");
    dr_scenario s;
    dr_plan pl;
    dr_error err = {0};
    CHECK(dr_scenario_read(path, &s, &err) == DR_OK && s.nswap == 3);
    CHECK(dr_plan_build(&pl, &params, &fiscal, &projects, nbase, &s, &err) ==
          DR_OK);
    static const double east[4] = {0.25, 0.25, 0, 0.1},
                        west[4] = {0, 0, 0.5, 0};
    int ok = pl.adj[EAST] && pl.adj[WEST] && !pl.adj[NORTH];
    for (int t = 0; ok && t < 4; t++)
        ok = pl.adj[EAST][t].swap_share == east[t] &&
             pl.adj[WEST][t].swap_share == west[t] &&
             pl.adj[EAST][t].swap_spread == (t < 2 ? 0.01 : 0.0);
    CHECK(ok);
    dr_plan_free(&pl);
    dr_scenario_free(&s);
}

int main(void)
{
    if (scratch_open("plan") != 0 || setup() != 0)
        return 1;
    build();
    refusals();
    swaps();
    dr_projects_free(&projects);
    dr_fiscal_free(&fiscal);
    dr_params_free(&params);
    scratch_close();
    return check_done();
}
