/* The targets of debtrisk solve (stats/target.h): every measure and its
 * form, every refusal (DR_EUSAGE naming --target, or the flag to add),
 * the year checked against a projection of 2025-2029, the measure read
 * from results filled here cell by cell, and its Monte Carlo standard
 * error worked out by hand: sqrt(p(1-p)/N) for a probability,
 * sqrt(Var(K)/N) of the number of counties above from city_counts, NAN
 * for a percentile and for one path. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "stats/target.h"

/* What a target's text should parse to. */
static const struct form {
    const char *text;
    dr_target_kind kind;
    long year;
    double bound;
    int city, prob;
} forms[] = {
    {"p_breach_end<=0.3", DR_TG_P_BREACH_END, 0, 0.3, 0, 1},
    {"p_above@2027<=0.25", DR_TG_P_ABOVE, 2027, 0.25, 0, 1},
    {"p_red_end<=0", DR_TG_P_RED_END, 0, 0.0, 0, 1},
    {"broad_p50@2026<=1.2", DR_TG_BROAD_P50, 2026, 1.2, 0, 0},
    {"broad_p90@2029<=1.5", DR_TG_BROAD_P90, 2029, 1.5, 0, 0},
    {"broad@2025<=1e-3", DR_TG_BROAD, 2025, 1e-3, 0, 0},
    {"city_p50@2028<=0.9", DR_TG_CITY_P50, 2028, 0.9, 1, 0},
    {"city_p_above@2026<=1", DR_TG_CITY_P_ABOVE, 2026, 1.0, 1, 1},
    /* an expected count, not a probability: any bound >= 0 */
    {"counties_above_end<=2.5", DR_TG_COUNTIES_ABOVE_END, 0, 2.5, 1, 0},
};
#define NFORMS (sizeof forms / sizeof forms[0])

static void parse_forms(void)
{
    for (size_t k = 0; k < NFORMS; k++) {
        const struct form *w = &forms[k];
        dr_target t;
        dr_error err = {0};
        dr_status st = dr_target_parse(w->text, &t, &err);
        int ok = st == DR_OK && t.kind == w->kind && t.year == w->year &&
                 t.bound == w->bound && t.city == w->city &&
                 t.prob == w->prob && strcmp(t.text, w->text) == 0;
        if (!ok)
            printf("# %s: status %d, %s\n", w->text, (int)st, err.msg);
        CHECK(ok);
    }
    /* a probability's bound at both ends of [0, 1]; a ratio's at 0 */
    dr_target t;
    dr_error err = {0};
    CHECK(dr_target_parse("p_breach_end<=1", &t, &err) == DR_OK &&
          t.bound == 1.0);
    CHECK(dr_target_parse("p_above@2030<=0", &t, &err) == DR_OK &&
          t.bound == 0.0);
    CHECK(dr_target_parse("broad_p90@2030<=0", &t, &err) == DR_OK &&
          t.bound == 0.0);
    /* a ratio may be above 1 (and above 100: it is not a percent) */
    CHECK(dr_target_parse("broad_p50@2030<=150", &t, &err) == DR_OK &&
          t.bound == 150.0);
}

/* Each malformed target: DR_EUSAGE, no file, the phrases in the message
 * (the flag and what is wrong). */
static void parse_refusals(void)
{
    static const struct {
        const char *text, *phrase, *also;
    } bad[] = {
        {NULL, "solve needs --target", "p_breach_end<=0.3"},
        {"p_breach_end<=0.3000000000000000000000000000000000000000000000001",
         "--target", "is too long"},
        {"p_breach_end<0.3", "--target 'p_breach_end<0.3'",
         "expected MEASURE<=BOUND"},
        {"p_breach_end=0.3", "expected MEASURE<=BOUND",
         "counties_above_end<=K"},
        {"p_breach<=0.3", "--target 'p_breach<=0.3'",
         "unknown measure 'p_breach'"},
        {"<=0.3", "unknown measure ''", "p_above@YEAR<=P"},
        {"p_above<=0.3", "--target 'p_above<=0.3'",
         "p_above needs a year, p_above@YEAR<=BOUND"},
        {"city_p50<=1", "city_p50 needs a year", "--target"},
        {"p_breach_end@2030<=0.3", "--target 'p_breach_end@2030<=0.3'",
         "p_breach_end is at the horizon and takes no @YEAR"},
        {"counties_above_end@2030<=1", "takes no @YEAR", "--target"},
        {"p_above@20x0<=0.3", "--target 'p_above@20x0<=0.3'",
         "expected a year after @, found '20x0'"},
        {"p_above@<=0.3", "expected a year after @, found ''", "--target"},
        {"p_above@1899<=0.3", "expected a year after @, found '1899'",
         "--target"},
        {"p_above@2201<=0.3", "found '2201'", "--target"},
        {"p_above@2030.5<=0.3", "found '2030.5'", "--target"},
        {"p_above@12345678901234567890<=0.3", "expected a year after @",
         "--target"},
        {"p_breach_end<=", "expected a number after <=, found ''",
         "--target 'p_breach_end<='"},
        {"p_breach_end<=x", "expected a number after <=, found 'x'",
         "--target"},
        {"p_breach_end<=0.3@2030", "found '0.3@2030'", "--target"},
        {"p_breach_end<=nan", "found 'nan'", "--target"},
        {"broad_p50@2030<=inf", "found 'inf'", "--target"},
        {"p_breach_end<=30", "a probability bound is in [0, 1]",
         "; write 0.3 for 30%"},
        {"p_above@2030<=1.5", "a probability bound is in [0, 1]",
         "write 0.3 for 30%"},
        {"city_p_above@2030<=-0.1", "--target 'city_p_above@2030<=-0.1'",
         "a probability bound is in [0, 1]"},
        {"broad_p50@2030<=-1", "--target 'broad_p50@2030<=-1'",
         "the bound cannot be negative"},
        {"counties_above_end<=-0.5", "the bound cannot be negative",
         "--target"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        dr_target t;
        dr_error err = {0};
        dr_status st = dr_target_parse(bad[k].text, &t, &err);
        int ok = err_is(st, &err, DR_EUSAGE, "", 0, 0, bad[k].phrase) &&
                 strstr(err.msg, bad[k].also) != NULL;
        if (!ok)
            printf("# %s: %s\n", bad[k].text ? bad[k].text : "(none)", err.msg);
        CHECK(ok);
    }
    /* no hint of percent for a bound far above 100 or below 0 */
    dr_target t;
    dr_error err = {0};
    CHECK(dr_target_parse("p_breach_end<=150", &t, &err) == DR_EUSAGE &&
          !strstr(err.msg, "30%"));
    CHECK(dr_target_parse("p_breach_end<=-0.3", &t, &err) == DR_EUSAGE &&
          !strstr(err.msg, "30%") && strstr(err.msg, "in [0, 1]"));
}

/* The projection 2025-2029: base year 2024, T = 5. */
static dr_params projection(void)
{
    dr_params p;
    dr_params_init(&p);
    p.base_year = 2024;
    p.years = 5;
    return p;
}

static dr_status resolve(const char *text, int det, int city, dr_target *t,
                         dr_error *err)
{
    dr_params p = projection();
    dr_status st = dr_target_parse(text, t, err);
    if (st == DR_OK)
        st = dr_target_resolve(t, &p, det, city, err);
    dr_params_free(&p);
    return st;
}

static void resolving(void)
{
    dr_target t;
    dr_error err = {0};
    /* the _end targets take the horizon, B + T = 2029, t = T */
    CHECK(resolve("p_breach_end<=0.3", 0, 0, &t, &err) == DR_OK &&
          t.year == 2029 && t.t == 5);
    CHECK(resolve("p_red_end<=0.3", 0, 1, &t, &err) == DR_OK &&
          t.year == 2029 && t.t == 5);
    CHECK(resolve("counties_above_end<=1", 0, 1, &t, &err) == DR_OK &&
          t.year == 2029 && t.t == 5);
    /* a year is its projected year: 2025 is t = 1, 2029 is t = 5 */
    CHECK(resolve("p_above@2025<=0.3", 0, 0, &t, &err) == DR_OK &&
          t.year == 2025 && t.t == 1);
    CHECK(resolve("broad_p90@2029<=2", 0, 0, &t, &err) == DR_OK && t.t == 5);
    CHECK(resolve("broad@2027<=1", 1, 0, &t, &err) == DR_OK && t.t == 3);
    CHECK(resolve("city_p_above@2026<=0.5", 0, 1, &t, &err) == DR_OK &&
          t.t == 2);
    /* a county's target may be solved for the city: every county holds */
    CHECK(resolve("broad_p50@2028<=1", 0, 1, &t, &err) == DR_OK && t.t == 4);

    /* the base year is not projected; nor is B + T + 1 */
    dr_status st = resolve("p_above@2024<=0.3", 0, 0, &t, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "--target 'p_above@2024<=0.3': 2024 is outside the "
                 "projection 2025-2029"));
    st = resolve("city_p50@2030<=1", 0, 1, &t, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "2030 is outside the projection 2025-2029"));
    /* broad@YEAR is the deterministic ratio, the others Monte Carlo */
    st = resolve("broad@2026<=1", 0, 0, &t, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0, "add --deterministic") &&
          strstr(err.msg, "--target 'broad@2026<=1'") &&
          strstr(err.msg, "broad_p50@YEAR"));
    static const char *const mc[] = {"p_breach_end<=0.3", "p_above@2026<=0.3",
                                     "p_red_end<=0.1", "broad_p50@2026<=1",
                                     "broad_p90@2026<=1"};
    for (size_t k = 0; k < sizeof mc / sizeof mc[0]; k++) {
        st = resolve(mc[k], 1, 0, &t, &err);
        CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                     "is a statistic of the Monte Carlo paths; with "
                     "--deterministic use broad@YEAR<=R") &&
              strstr(err.msg, mc[k]));
    }
    st = resolve("city_p50@2026<=1", 1, 1, &t, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0, "Monte Carlo paths"));
    /* a city target needs --scope city */
    static const char *const city[] = {
        "city_p50@2026<=1", "city_p_above@2026<=0.3", "counties_above_end<=2"};
    for (size_t k = 0; k < sizeof city / sizeof city[0]; k++) {
        st = resolve(city[k], 0, 0, &t, &err);
        CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                     "is a target of the whole city: add --scope city") &&
              strstr(err.msg, city[k]));
    }
}

/* Results of 2 counties over T = 3 years, every cell its own number:
 * county i, year t, measure m, percentile j gives
 * 100 i + 10 t + m + 0.01 (j + 1), P(above) 0.1 (t + 1) + 0.01 i (so
 * county 1 in year 3 has 0.41), P(breached) 0.5 for county 0 at t = 3,
 * else 0.2 + 0.01 t + 0.1 i; grades 0.1 g + 0.01 t + 0.001 i (red, g = 3,
 * of county 1 at t = 3: 0.331); the city's percentiles 7 + 10 t + 0.1 j
 * and P(above) 0.02 + 0.1 t. */
static dr_results filled(long paths)
{
    dr_results r;
    if (dr_results_alloc(&r, 2, 3, paths) != DR_OK)
        return r;
    for (size_t i = 0; i < 2; i++)
        for (long t = 0; t <= 3; t++) {
            for (int m = 0; m < DR_NMEASURES; m++) {
                dr_stat *st = dr_results_stat(&r, i, t, m);
                for (int j = 0; j < DR_NPCT; j++)
                    st->pct[j] = 100.0 * (double)i + 10.0 * (double)t +
                                 (double)m + 0.01 * (double)(j + 1);
                st->p_above = 0.1 * (double)(t + 1) + 0.01 * (double)i;
                st->p_breached = i == 0 && t == 3
                                     ? 0.5
                                     : 0.2 + 0.01 * (double)t + 0.1 * (double)i;
            }
            for (int g = 0; g < DR_NGRADES; g++)
                dr_results_grades(&r, i, t)[g] =
                    0.1 * g + 0.01 * (double)t + 0.001 * (double)i;
        }
    for (long t = 0; t <= 3; t++) {
        for (int j = 0; j < DR_NPCT; j++)
            r.city[t].pct[j] = 7.0 + 10.0 * (double)t + 0.1 * (double)j;
        r.city[t].p_above = 0.02 + 0.1 * (double)t;
    }
    /* P(K = k) at t = 3: 1/4, 1/2, 1/4; E K = 1, E K^2 = 1/2 + 4/4 = 3/2,
     * Var K = 1/2. (city_expected is what the run computed from the same
     * paths; here it is set to the same mean.) Other years: all in k = 0. */
    for (long t = 0; t < 3; t++)
        r.city_counts[t * 3] = 1.0;
    r.city_counts[9] = 0.25;
    r.city_counts[10] = 0.5;
    r.city_counts[11] = 0.25;
    r.city_expected[3] = 1.0;
    return r;
}

/* The target text resolved against T = 3 from 2024 (2025-2027). */
static dr_target target3(const char *text)
{
    dr_target t;
    dr_error err = {0};
    dr_params p;
    dr_params_init(&p);
    p.base_year = 2024;
    p.years = 3;
    if (dr_target_parse(text, &t, &err) != DR_OK ||
        dr_target_resolve(&t, &p, strncmp(text, "broad@", 6) == 0, t.city,
                          &err) != DR_OK)
        printf("# %s: %s\n", text, err.msg);
    dr_params_free(&p);
    return t;
}

static void values(void)
{
    dr_results r = filled(100);
    if (!r.m) {
        CHECK(0);
        return;
    }
    double se;
    dr_target t = target3("p_breach_end<=0.3");
    /* county 0 at t = 3: 0.5, se sqrt(0.25 / 100) = 0.05 */
    CHECK_NEAR(dr_target_value(&t, &r, 0, &se), 0.5, 1e-15);
    CHECK_NEAR(se, 0.05, 1e-15);
    /* county 1: 0.2 + 0.03 + 0.1 = 0.33, se sqrt(0.33 * 0.67 / 100) */
    CHECK_NEAR(dr_target_value(&t, &r, 1, &se), 0.33, 1e-15);
    CHECK_NEAR(se, sqrt(0.2211 / 100.0), 1e-15);

    t = target3("p_above@2026<=0.3"); /* t = 2: 0.3 + 0.01 i */
    CHECK_NEAR(dr_target_value(&t, &r, 1, &se), 0.31, 1e-15);
    CHECK_NEAR(se, sqrt(0.31 * 0.69 / 100.0), 1e-15);
    t = target3("p_above@2025<=0.3"); /* t = 1, county 0: 0.2, se 0.04 */
    CHECK_NEAR(dr_target_value(&t, &r, 0, &se), 0.2, 1e-15);
    CHECK_NEAR(se, 0.04, 1e-15);

    t = target3("p_red_end<=0.3"); /* red at t = 3: 0.3 + 0.03 + 0.001 */
    CHECK_NEAR(dr_target_value(&t, &r, 1, &se), 0.331, 1e-15);
    CHECK_NEAR(se, sqrt(0.331 * 0.669 / 100.0), 1e-15);

    /* percentiles: p50 is the fourth column (j = 3), p90 the sixth */
    t = target3("broad_p50@2026<=1");
    CHECK_NEAR(dr_target_value(&t, &r, 1, &se), 120.04, 1e-15);
    CHECK(isnan(se));
    t = target3("broad_p90@2027<=1");
    CHECK_NEAR(dr_target_value(&t, &r, 0, &se), 30.06, 1e-15);
    CHECK(isnan(se));
    t = target3("broad@2025<=1"); /* the one path: its p50 */
    CHECK_NEAR(dr_target_value(&t, &r, 1, &se), 110.04, 1e-15);
    CHECK(isnan(se));

    /* the city's (the county index does not matter) */
    t = target3("city_p50@2026<=1");
    CHECK_NEAR(dr_target_value(&t, &r, 2, &se), 27.3, 1e-15);
    CHECK(isnan(se));
    t = target3("city_p_above@2027<=0.5"); /* 0.32, se sqrt(.32 .68 / 100) */
    CHECK_NEAR(dr_target_value(&t, &r, 2, &se), 0.32, 1e-15);
    CHECK_NEAR(se, sqrt(0.32 * 0.68 / 100.0), 1e-15);
    /* E K = 1, se sqrt(Var K / N) = sqrt(0.5 / 100) */
    t = target3("counties_above_end<=1");
    CHECK(dr_target_value(&t, &r, 2, &se) == 1.0);
    CHECK_NEAR(se, sqrt(0.005), 1e-15);
    dr_results_free(&r);

    /* N = 200: the same measures, the standard errors smaller by sqrt 2;
     * 0.05 / sqrt 2 for p = 0.5, sqrt(0.5 / 200) = 0.05 for K */
    r = filled(200);
    t = target3("p_breach_end<=0.3");
    dr_target_value(&t, &r, 0, &se);
    CHECK_NEAR(se, 0.05 / sqrt(2.0), 1e-15);
    t = target3("counties_above_end<=1");
    dr_target_value(&t, &r, 0, &se);
    CHECK_NEAR(se, 0.05, 1e-15);
    dr_results_free(&r);

    /* one path (a deterministic run): no standard error at all */
    r = filled(1);
    static const char *const one[] = {
        "p_breach_end<=0.3",    "p_above@2026<=0.3",     "p_red_end<=0.3",
        "city_p_above@2026<=1", "counties_above_end<=1", "broad@2026<=1"};
    for (size_t k = 0; k < sizeof one / sizeof one[0]; k++) {
        t = target3(one[k]);
        double v = dr_target_value(&t, &r, 0, &se);
        CHECK(!isnan(v) && isnan(se));
    }
    dr_results_free(&r);

    /* a certain event, or an impossible one, has se 0 */
    r = filled(100);
    dr_results_stat(&r, 0, 3, DR_M_BROAD)->p_breached = 1.0;
    dr_results_stat(&r, 1, 3, DR_M_BROAD)->p_breached = 0.0;
    t = target3("p_breach_end<=0.3");
    CHECK(dr_target_value(&t, &r, 0, &se) == 1.0 && se == 0.0);
    CHECK(dr_target_value(&t, &r, 1, &se) == 0.0 && se == 0.0);
    /* every path with the same count: Var K = 0 */
    r.city_counts[9] = r.city_counts[11] = 0.0;
    r.city_counts[10] = 1.0;
    t = target3("counties_above_end<=1");
    CHECK(dr_target_value(&t, &r, 0, &se) == 1.0 && se == 0.0);
    dr_results_free(&r);
}

static void words(void)
{
    static const struct {
        const char *text, *en, *zh;
    } w[] = {
        {"p_breach_end<=0.3", "P(breach by 2027)",
         "至 2027 年突破警戒线的概率"},
        {"p_above@2026<=0.3", "P(above the line in 2026)",
         "2026 年高于警戒线的概率"},
        {"p_red_end<=0.3", "P(red grade in 2027)", "2027 年红色等级的概率"},
        {"broad_p50@2025<=1", "the median debt ratio in 2025",
         "2025 年广义债务率中位数"},
        {"broad_p90@2026<=1", "the 90th percentile of the debt ratio in 2026",
         "2026 年广义债务率第 90 百分位"},
        {"broad@2027<=1", "the debt ratio in 2027 (deterministic)",
         "2027 年广义债务率（确定性）"},
        {"city_p50@2026<=1", "the city's median debt ratio in 2026",
         "2026 年全市债务率中位数"},
        {"city_p_above@2025<=1", "P(the city above the line in 2025)",
         "2025 年全市高于警戒线的概率"},
        {"counties_above_end<=1",
         "the expected number of counties above the line in 2027",
         "2027 年高于警戒线的县（市、区）数（期望）"},
    };
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++) {
        dr_target t = target3(w[k].text);
        char buf[160];
        const char *en = dr_target_words(&t, 0, buf, sizeof buf);
        CHECK(en == buf && strcmp(buf, w[k].en) == 0);
        if (strcmp(buf, w[k].en) != 0)
            printf("# %s\n", buf);
        dr_target_words(&t, 1, buf, sizeof buf);
        CHECK(strcmp(buf, w[k].zh) == 0);
        if (strcmp(buf, w[k].zh) != 0)
            printf("# %s\n", buf);
    }
    /* a short buffer is cut, still terminated */
    dr_target t = target3("p_breach_end<=0.3");
    char small[8];
    dr_target_words(&t, 0, small, sizeof small);
    CHECK(strcmp(small, "P(breac") == 0);
}

int main(void)
{
    parse_forms();
    parse_refusals();
    resolving();
    values();
    words();
    return check_done();
}
