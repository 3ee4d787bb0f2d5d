/* The table bootstrap shocks draw from (calib/bootstrap.h, MODEL.md
 * section 12) on the hand-worked histories of tests/data/history/ (their
 * README works out every value asserted here): the drawable years, each
 * county's four innovations, the blocks, the standardization by [shocks]
 * by (county as type), land 0 for a county without land observations, the
 * lag-1 autocorrelation, and every refusal with the table left empty. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/bootstrap.h"
#include "check.h"
#include "errcheck.h"
#include "scratch.h"

#define HIST(name) TEST_DATA "/history/" name
#define SAMPLE TEST_DATA "/../../data/sample-city/fiscal.csv"
#define TOL 1e-12

/* The sample city's rows of the counties of the hand-worked histories. */
static const char fiscal_head[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "other_fund_revenue,soe_revenue,remittance,primary_spending,"
    "explicit_debt,hidden_debt,contingent,rate_explicit,rate_hidden\n";
static const char row_wancheng[] = "wancheng,宛城区,urban,520,22,30,35,4,1.0,"
                                   "2.0,89,52,35,20,0.031,0.060\n";
static const char row_wolong[] = "wolong,卧龙区,urban,480,20,28,30,3,1.0,1.8,"
                                 "79.7,46,34,18,0.031,0.061\n";
static const char row_fangcheng[] = "fangcheng,方城县,agricultural,330,12,38,"
                                    "8,1.5,0.3,0.8,58,30,18,8,0.032,0.063\n";
static const char row_zhenping[] = "zhenping,镇平县,agricultural,340,13,36,9,"
                                   "1.5,0.3,0.8,58,31,20,8,0.032,0.064\n";
static const char row_xixia[] = "xixia,西峡县,ecological,330,16,30,6,1.5,0.5,"
                                "1.0,52,22,11.5,6,0.031,0.060\n";

/* The scratch file NAME of the rows given (NULL-terminated) under the
 * header, read into *f; 1 on success. */
static int fiscal_of(dr_fiscal *f, const char *name, ...)
{
    char text[2048];
    size_t len = (size_t)snprintf(text, sizeof text, "%s", fiscal_head);
    va_list ap;
    va_start(ap, name);
    for (const char *row; (row = va_arg(ap, const char *));)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s", row);
    va_end(ap);
    dr_error err = {0};
    if (dr_fiscal_read(scratch_put(name, text), f, &err) != DR_OK) {
        printf("# %s\n", err.msg);
        return 0;
    }
    return 1;
}

/* The table of history under [shocks] by and block as given, on
 * 2019-2024 with the default model otherwise. */
static dr_status build(const char *history, const dr_fiscal *f, int by,
                       long block, dr_bootstrap *b, dr_error *err)
{
    dr_params p;
    dr_history h;
    dr_params_init(&p);
    p.boot_by = by;
    p.block = block;
    dr_status st = dr_params_finish(&p, "", err);
    if (st == DR_OK && (st = dr_history_read(history, f, &h, err)) == DR_OK) {
        st = dr_bootstrap_build(&h, f, &p, 2019, 2024, b, err);
        dr_history_free(&h);
    }
    dr_params_free(&p);
    return st;
}

static int is_empty(const dr_bootstrap *b)
{
    return b->n == 0 && b->nyears == 0 && b->year == NULL && b->z == NULL &&
           b->block == 0 && b->nstarts == 0 && b->start == NULL;
}

/* Case (a): wancheng alone. Its standardized innovations zeta = e/sigma
 * of README (a), in percent (growth) or in units of L (land), which the
 * sigma cancel: complete in 2021-2024 only (2020 has no growth
 * innovation: it needs two growth observations). */
static void one_county(void)
{
    dr_fiscal f;
    if (!fiscal_of(&f, "one.csv", row_wancheng, NULL))
        return;
    dr_bootstrap b;
    dr_error err = {0};
    CHECK(build(HIST("one_county.csv"), &f, DR_BOOT_TYPE, 1, &b, &err) ==
          DR_OK);
    CHECK(b.n == 1 && b.nyears == 4 && b.block == 1 && b.nstarts == 4);
    if (b.nyears != 4 || b.nstarts != 4) {
        dr_bootstrap_free(&b);
        dr_fiscal_free(&f);
        return;
    }
    CHECK(b.year[0] == 2021 && b.year[1] == 2022 && b.year[2] == 2023 &&
          b.year[3] == 2024);
    CHECK(b.start[0] == 0 && b.start[1] == 1 && b.start[2] == 2 &&
          b.start[3] == 3);
    double sg = sqrt(117.0 / 8), so = sqrt(53.0 / 24), sl = sqrt(83.0 / 125),
           st = sqrt(5.0 / 2);
    const double want[4][4] = {
        {(13.0 / 4) / sg, (3.0 / 4) / so, (-22.0 / 25) / sl, 1 / st},
        {(1.0 / 4) / sg, 1 / so, (-7.0 / 75) / sl, 0},
        {(3.0 / 4) / sg, -1 / so, (32.0 / 75) / sl, 2 / st},
        {(-17.0 / 4) / sg, 1 / so, (-4.0 / 75) / sl, -2 / st}};
    for (size_t y = 0; y < 4; y++)
        for (int k = 0; k < 4; k++)
            CHECK_NEAR(dr_bootstrap_z(&b, y, 0)[k], want[y][k], 1e-10);

    /* lag 1 over the pairs 2022/2021, 2023/2022, 2024/2023, the sigma
     * cancelling: growth (1*13 + 3*1 - 17*3) / (169 + 1 + 9) = -35/179;
     * own revenue (4*3 - 4*4 + 4*(-4)) / (9 + 16 + 16) = -20/41 (4 zeta
     * sigma); land (75 zeta sigma / L: -66, -7, 32, -4) (462 - 224 - 128)
     * / (4356 + 49 + 1024) = 110/5429; transfers (0 + 0 - 4) / 5 */
    size_t pairs = 0;
    CHECK_NEAR(dr_bootstrap_lag1(&b, 0, &pairs), -35.0 / 179, 1e-10);
    CHECK(pairs == 3);
    CHECK_NEAR(dr_bootstrap_lag1(&b, 1, &pairs), -20.0 / 41, 1e-10);
    CHECK_NEAR(dr_bootstrap_lag1(&b, 2, &pairs), 110.0 / 5429, 1e-10);
    CHECK_NEAR(dr_bootstrap_lag1(&b, 3, &pairs), -4.0 / 5, 1e-10);
    CHECK(pairs == 3);
    dr_bootstrap_free(&b);
    CHECK(is_empty(&b));

    /* blocks: a block of k consecutive years starts at 4 - k + 1 of them */
    CHECK(build(HIST("one_county.csv"), &f, DR_BOOT_TYPE, 2, &b, &err) ==
          DR_OK);
    CHECK(b.block == 2 && b.nyears == 4 && b.nstarts == 3 && b.start[0] == 0 &&
          b.start[2] == 2);
    dr_bootstrap_free(&b);
    CHECK(build(HIST("one_county.csv"), &f, DR_BOOT_TYPE, 4, &b, &err) ==
          DR_OK);
    CHECK(b.block == 4 && b.nstarts == 1 && b.start[0] == 0);
    dr_bootstrap_free(&b);
    /* five: longer than the four years */
    memset(&b, 0x55, sizeof b);
    CHECK(err_is(build(HIST("one_county.csv"), &f, DR_BOOT_TYPE, 5, &b, &err),
                 &err, DR_EINPUT, HIST("one_county.csv"), 0, 0,
                 "no block of consecutive years in which every county of "
                 "the run has all four innovations: bootstrap shocks have "
                 "nothing to draw from"));
    CHECK(is_empty(&b));
    dr_fiscal_free(&f);
}

/* Case (b): four counties, two types. Every county is complete in
 * 2021-2024. --by county standardizes as --by type (MODEL.md 12), bit for
 * bit; --by city by the pool of all four, so growth's zeta differ. */
static void by_grouping(void)
{
    dr_fiscal f;
    if (!fiscal_of(&f, "four.csv", row_wancheng, row_wolong, row_fangcheng,
                   row_zhenping, NULL))
        return;
    dr_bootstrap t, c, y;
    dr_error err = {0};
    CHECK(build(HIST("two_types.csv"), &f, DR_BOOT_TYPE, 1, &t, &err) == DR_OK);
    CHECK(build(HIST("two_types.csv"), &f, DR_BOOT_COUNTY, 1, &c, &err) ==
          DR_OK);
    CHECK(build(HIST("two_types.csv"), &f, DR_BOOT_CITY, 1, &y, &err) == DR_OK);
    CHECK(t.n == 4 && t.nyears == 4 && t.year[0] == 2021 && t.year[3] == 2024);
    CHECK(c.n == 4 && c.nyears == 4 &&
          memcmp(t.z, c.z, 4 * 4 * 4 * sizeof *t.z) == 0);
    CHECK(y.n == 4 && y.nyears == 4 && y.year[0] == 2021);
    /* wancheng's 2021 growth innovation: d around the urban mean 6.5%
     * (type) or the city's 6.25%, so they differ */
    CHECK(y.nyears == 4 &&
          dr_bootstrap_z(&y, 0, 0)[0] != dr_bootstrap_z(&t, 0, 0)[0]);
    dr_bootstrap_free(&t);
    dr_bootstrap_free(&c);
    dr_bootstrap_free(&y);
    dr_fiscal_free(&f);
}

/* no_land.csv: no land revenue at all; land takes 0 (not NAN), so
 * 2021-2024 are complete, and the lag 1 of land has no pairs. */
static void no_land(void)
{
    dr_fiscal f;
    if (!fiscal_of(&f, "urban.csv", row_wancheng, row_wolong, NULL))
        return;
    dr_bootstrap b;
    dr_error err = {0};
    CHECK(build(HIST("no_land.csv"), &f, DR_BOOT_TYPE, 1, &b, &err) == DR_OK);
    CHECK(b.n == 2 && b.nyears == 4 && b.year[0] == 2021 && b.year[3] == 2024);
    int zero = 1;
    for (size_t y = 0; y < b.nyears; y++)
        for (size_t i = 0; i < b.n; i++)
            zero = zero && dr_bootstrap_z(&b, y, i)[2] == 0.0 &&
                   !isnan(dr_bootstrap_z(&b, y, i)[0]);
    CHECK(zero);
    size_t pairs = 99;
    CHECK(isnan(dr_bootstrap_lag1(&b, 2, &pairs)) && pairs == 0);
    CHECK(!isnan(dr_bootstrap_lag1(&b, 0, &pairs)) && pairs == 6);
    dr_bootstrap_free(&b);
    dr_fiscal_free(&f);
}

/* Case (c): the agricultural counties' growth sigma is 0 (exactly 12.5%
 * a year), so by type their growth innovations do not exist and no year
 * is complete; by the city's pool they do, and 2021-2024 are drawable
 * (zhenping and xixia, without land observations, with land 0). */
static void never_complete(void)
{
    dr_fiscal f;
    if (!fiscal_of(&f, "five.csv", row_wancheng, row_wolong, row_fangcheng,
                   row_zhenping, row_xixia, NULL))
        return;
    dr_bootstrap b;
    dr_error err = {0};
    memset(&b, 0x55, sizeof b);
    CHECK(err_is(build(HIST("cannot.csv"), &f, DR_BOOT_TYPE, 1, &b, &err), &err,
                 DR_EINPUT, HIST("cannot.csv"), 0, 0,
                 "no year in which every county of the run has all four "
                 "innovations: bootstrap shocks have nothing to draw from"));
    CHECK(is_empty(&b));
    CHECK(build(HIST("cannot.csv"), &f, DR_BOOT_CITY, 1, &b, &err) == DR_OK);
    CHECK(b.n == 5 && b.nyears == 4 && b.year[0] == 2021 &&
          dr_bootstrap_z(&b, 0, 3)[2] == 0.0 &&
          dr_bootstrap_z(&b, 0, 4)[2] == 0.0 &&
          dr_bootstrap_z(&b, 0, 2)[2] != 0.0);
    dr_bootstrap_free(&b);
    dr_fiscal_free(&f);
}

/* A county of the run that the history lacks: named at its line of
 * fiscal.csv (wolong, line 3 of the sample city); a window too short:
 * calibration's refusal. */
static void refusals(void)
{
    dr_fiscal f;
    dr_error err = {0};
    if (dr_fiscal_read(SAMPLE, &f, &err) != DR_OK)
        return;
    dr_bootstrap b;
    memset(&b, 0x55, sizeof b);
    char want[512];
    snprintf(want, sizeof want,
             "county 'wolong' is not in %s, which bootstrap shocks "
             "([shocks] family = bootstrap) draw from: every county of the "
             "run needs its history",
             HIST("one_county.csv"));
    CHECK(err_is(build(HIST("one_county.csv"), &f, DR_BOOT_TYPE, 1, &b, &err),
                 &err, DR_EINPUT, SAMPLE, 3, 1, want));
    CHECK(is_empty(&b));
    dr_fiscal_free(&f);

    if (!fiscal_of(&f, "one.csv", row_wancheng, NULL))
        return;
    dr_params p;
    dr_history h;
    dr_params_init(&p);
    CHECK(dr_params_finish(&p, "", &err) == DR_OK &&
          dr_history_read(HIST("one_county.csv"), &f, &h, &err) == DR_OK);
    memset(&b, 0x55, sizeof b);
    CHECK(err_is(dr_bootstrap_build(&h, &f, &p, 2019, 2023, &b, &err), &err,
                 DR_EINPUT, HIST("one_county.csv"), 2, 1,
                 "calibration needs at least 6"));
    CHECK(is_empty(&b));
    dr_history_free(&h);
    dr_params_free(&p);
    dr_fiscal_free(&f);
}

/* dr_bootstrap_lag1 on a table made by hand: years 2001, 2002, 2004,
 * 2005 (2004 does not follow 2002: two pairs a county), county 1 without
 * land (0 and 0: no pair). Growth: county 0 (1, 2, 3, 4), county 1 (-1,
 * 1, 2, -2): (2*1 + 4*3 + 1*(-1) + (-2)*2) / (1 + 9 + 1 + 4) = 9/15;
 * land of county 0 (0.5, -1, 1, 2): (-0.5 + 2) / (0.25 + 1) = 6/5. */
static void lag1_by_hand(void)
{
    long year[] = {2001, 2002, 2004, 2005};
    double z[4 * 2 * 4] = {0};
    const double g[2][4] = {{1, 2, 3, 4}, {-1, 1, 2, -2}},
                 l[4] = {0.5, -1, 1, 2};
    for (size_t y = 0; y < 4; y++)
        for (size_t i = 0; i < 2; i++) {
            z[(y * 2 + i) * 4 + 0] = g[i][y];
            z[(y * 2 + i) * 4 + 2] = i == 0 ? l[y] : 0.0;
        }
    dr_bootstrap b = {.n = 2, .nyears = 4, .year = year, .z = z, .block = 1};
    size_t pairs = 0;
    CHECK_NEAR(dr_bootstrap_lag1(&b, 0, &pairs), 9.0 / 15, TOL);
    CHECK(pairs == 4);
    CHECK_NEAR(dr_bootstrap_lag1(&b, 2, &pairs), 6.0 / 5, TOL);
    CHECK(pairs == 2);
    /* own revenue all 0: no pair */
    CHECK(isnan(dr_bootstrap_lag1(&b, 1, &pairs)) && pairs == 0);
    /* one year: no pair */
    b.nyears = 1;
    CHECK(isnan(dr_bootstrap_lag1(&b, 0, &pairs)) && pairs == 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    if (scratch_open("bootstrap") != 0)
        return 1;
    one_county();
    by_grouping();
    no_land();
    never_complete();
    refusals();
    lag1_by_hand();
    scratch_close();
    return check_done();
}
