/* Shared by the tests of the engine (test_engine.c, test_engine_corr.c):
 * the inputs read from tests/data/engine and the sample city, runs in
 * either mode, and comparisons of results. */
#ifndef DR_TEST_ENGINE_FIXTURE_H
#define DR_TEST_ENGINE_FIXTURE_H

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine/engine.h"
#include "engine/rng.h"
#include "inputs/fiscal.h"
#include "inputs/params.h"
#include "inputs/projects.h"
#include "inputs/scenario.h"
#include "model/plan.h"
#include "stats/results.h"
#include "stats/stats.h"

#define ENG(name) TEST_DATA "/engine/" name
#define CITY(name) TEST_DATA "/../../data/sample-city/" name
#define MODEL_FILE TEST_DATA "/../../models/baseline.ini"

/* engine.c's key of a path's common stream (factors F and the rate draw
 * nu): the mirror in (c) must use the same. */
#define COMMON_KEY 0x636f6d6d6f6e0001ULL

static inline int ok_or_say(dr_status st, const dr_error *err)
{
    if (st != DR_OK)
        printf("# status %d: %s:%ld:%ld: %s\n", (int)st, err->file, err->line,
               err->col, err->msg);
    return st == DR_OK;
}

/* ---- inputs and runs ---------------------------------------------------- */

/* Everything one run needs; the plan points into it, so an inputs never
 * moves once planned. */
typedef struct inputs {
    dr_params p;
    dr_fiscal f;
    dr_projects pr;
    dr_scenario s;
    dr_plan plan;
    int own_fiscal; /* f came from dr_fiscal_read */
    int planned;
} inputs;

static inline void inputs_init(inputs *in)
{
    memset(in, 0, sizeof *in);
    dr_params_init(&in->p);
}

/* Reads the model file (may be NULL), fiscal.csv, projects (may be NULL)
 * and a scenario file (NULL: the baseline). */
static inline int inputs_read(inputs *in, const char *model, const char *fiscal,
                              const char *projects, const char *scenario)
{
    dr_error err = {0};
    dr_status st = DR_OK;
    if (model)
        st = dr_params_read(&in->p, model, &err);
    if (st == DR_OK && (st = dr_fiscal_read(fiscal, &in->f, &err)) == DR_OK)
        in->own_fiscal = 1;
    if (st == DR_OK && projects)
        st = dr_projects_read(projects, &in->f, &in->pr, &err);
    if (st == DR_OK)
        st = scenario ? dr_scenario_read(scenario, &in->s, &err)
                      : dr_scenario_baseline(&in->s);
    return ok_or_say(st, &err);
}

/* Finishes the parameters (after the caller's edits) and builds the plan. */
static inline int inputs_plan(inputs *in)
{
    dr_error err = {0};
    dr_status st = dr_scenario_apply_sets(&in->s, &in->p, &err);
    if (st == DR_OK)
        st = dr_params_finish(&in->p, "test", &err);
    if (st == DR_OK)
        st = dr_plan_build(&in->plan, &in->p, &in->f, &in->pr, in->pr.n, &in->s,
                           &err);
    in->planned = st == DR_OK;
    return ok_or_say(st, &err);
}

static inline void inputs_free(inputs *in)
{
    if (in->planned)
        dr_plan_free(&in->plan);
    if (in->own_fiscal)
        dr_fiscal_free(&in->f);
    dr_projects_free(&in->pr);
    dr_scenario_free(&in->s);
    dr_params_free(&in->p);
}

static inline int run_mc(const inputs *in, int threads, dr_results *res)
{
    dr_error err = {0};
    dr_mc_opts o = {.threads = threads};
    if (dr_results_alloc(res, in->plan.n, in->plan.years, in->p.paths))
        return 0;
    return ok_or_say(dr_engine_monte_carlo(&in->plan, &o, res, &err), &err);
}

/* The deterministic projection: rows (n*(T+1), the caller frees) and its
 * statistics. */
static inline int run_det(const inputs *in, dr_results *res, dr_year **rows_out)
{
    size_t nrows = in->plan.n * (size_t)(in->plan.years + 1);
    dr_year *rows = calloc(nrows, sizeof *rows);
    if (!rows || dr_engine_deterministic(&in->plan, rows) != DR_OK ||
        dr_results_alloc(res, in->plan.n, in->plan.years, 1) != DR_OK) {
        free(rows);
        return 0;
    }
    dr_results_from_rows(&in->plan, rows, res);
    if (rows_out)
        *rows_out = rows;
    else
        free(rows);
    return 1;
}

/* ---- comparing results -------------------------------------------------- */

static inline size_t nrows_of(const dr_results *r)
{
    return r->n * (size_t)(r->years + 1);
}

/* Prints where two results first differ (for the log). */
static inline void say_first_difference(const dr_results *a,
                                        const dr_results *b)
{
    for (size_t i = 0; i < a->n; i++)
        for (long t = 0; t <= a->years; t++)
            for (int m = 0; m < DR_NMEASURES; m++) {
                const dr_stat *x = dr_results_stat(a, i, t, m);
                const dr_stat *y = dr_results_stat(b, i, t, m);
                if (memcmp(x, y, sizeof *x) != 0) {
                    printf("# county %zu year %ld measure %d: mean %.17g "
                           "vs %.17g, sd %.17g vs %.17g, p50 %.17g vs "
                           "%.17g, p_above %.17g vs %.17g, p_breached "
                           "%.17g vs %.17g\n",
                           i, t, m, x->mean, y->mean, x->sd, y->sd, x->pct[3],
                           y->pct[3], x->p_above, y->p_above, x->p_breached,
                           y->p_breached);
                    return;
                }
            }
}

/* Byte-for-byte comparison of each part of two results of the same size:
 * one CHECK per part, so a failure says which. */
static inline void check_results_equal(const char *what, const dr_results *a,
                                       const dr_results *b)
{
    size_t rows = nrows_of(a), T1 = (size_t)(a->years + 1);
    int same_size = a->n == b->n && a->years == b->years;
    CHECK(same_size);
    if (!same_size)
        return;
    int m = memcmp(a->m, b->m, rows * DR_NMEASURES * sizeof *a->m) == 0;
    int g =
        memcmp(a->grade, b->grade, rows * DR_NGRADES * sizeof *a->grade) == 0;
    int c = memcmp(a->city, b->city, T1 * sizeof *a->city) == 0;
    int e = memcmp(a->city_expected, b->city_expected,
                   T1 * sizeof *a->city_expected) == 0;
    int k = memcmp(a->city_counts, b->city_counts,
                   T1 * (a->n + 1) * sizeof *a->city_counts) == 0;
    printf("# %s\n", what);
    if (!m)
        say_first_difference(a, b);
    check_report(m, "county statistics equal", __FILE__, __LINE__);
    check_report(g, "grades equal", __FILE__, __LINE__);
    check_report(c, "city statistics equal", __FILE__, __LINE__);
    check_report(e, "city expected counts equal", __FILE__, __LINE__);
    check_report(k, "city count distributions equal", __FILE__, __LINE__);
}

/* County i of a and county j of b: every statistic and grade, every year. */
static inline int county_equal(const dr_results *a, size_t i,
                               const dr_results *b, size_t j)
{
    size_t T1 = (size_t)(a->years + 1);
    if (a->years != b->years)
        return 0;
    return memcmp(dr_results_stat(a, i, 0, 0), dr_results_stat(b, j, 0, 0),
                  T1 * DR_NMEASURES * sizeof(dr_stat)) == 0 &&
           memcmp(dr_results_grades(a, i, 0), dr_results_grades(b, j, 0),
                  T1 * DR_NGRADES * sizeof(double)) == 0;
}

/* ---- (a) zero volatility is the deterministic mode ---------------------- */

/* Every draw multiplied by zero, and every Bernoulli draw certain: the
 * contingent call at probability 0 or 1, each project failing with
 * probability 0 or 1 (gsl_rng_uniform < 1 always, < 0 never), without
 * cost or revenue spread. MODEL.md section 9's mean draws are then the
 * draws themselves. */
static inline void zero_volatility(inputs *in, double call_prob)
{
    dr_type_params *t = &in->p.defaults;
    t->growth_sigma = 0.0;
    t->own_revenue_sigma = 0.0;
    t->land_sigma = 0.0;
    t->transfers_sigma = 0.0;
    t->contingent_prob = call_prob;
    in->p.rate_sigma = 0.0;
    for (size_t k = 0; k < in->pr.n; k++) {
        in->pr.p[k].fail_prob = k % 3 == 1 ? 1.0 : 0.0;
        in->pr.p[k].overrun_sd = 0.0;
        in->pr.p[k].revenue_sd = 0.0;
    }
}

#endif
