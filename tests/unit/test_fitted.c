/* Fitted paths and bands (calib/fitted.h) on the hand-worked histories
 * of tests/data/history/ (their README works out every value asserted
 * here) and the longer history of tests/lib/longhistory.h: the estimates
 * in force for each grouping, every column of case (a) year by year, a
 * county without land, and the breaks of a land trend. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/fitted.h"
#include "check.h"
#include "longhistory.h"
#include "scratch.h"

#define HIST(name) TEST_DATA "/history/" name
#define L log(1.25)
#define TOL 1e-12

static dr_fiscal fiscal;

typedef struct cal {
    dr_params p;
    dr_history h;
    dr_calibration c;
    int ok;
} cal;

/* Calibrates history on its years up to 2024 under the defaults. */
static void calibrate(cal *k, const char *history, dr_cal_by by, long from)
{
    dr_error err = {0};
    dr_params_init(&k->p);
    k->ok = dr_params_finish(&k->p, "", &err) == DR_OK &&
            dr_history_read(history, &fiscal, &k->h, &err) == DR_OK &&
            dr_calibrate(&k->h, &fiscal, &k->p, by, from, 2024, &k->c, &err) ==
                DR_OK;
    if (!k->ok)
        printf("# %s\n", err.msg);
}

static void done(cal *k)
{
    if (k->ok) {
        dr_calibration_free(&k->c);
        dr_history_free(&k->h);
    }
    dr_params_free(&k->p);
}

/* 1 when both are NAN or they are within TOL. */
static int same(double got, double want)
{
    int ok = isnan(want) ? isnan(got) : fabs(got - want) <= TOL;
    if (!ok)
        printf("# %.17g, expected %.17g\n", got, want);
    return ok;
}

/* Case (a), by type: wancheng's six years beside the estimates of README
 * (a). Rates in percent there, fractions here. */
static void one_county(void)
{
    cal k;
    calibrate(&k, HIST("one_county.csv"), DR_BY_TYPE, 2019);
    if (!k.ok)
        return;
    const dr_calibration *c = &k.c;
    CHECK(dr_calibration_of(c, 0) ==
          &dr_calibration_group(c, "type.urban")->est);
    dr_fitted_year y[6];
    dr_fitted(c, 0, y);
    const double g[] = {NAN, 6, 10, 8, 8, 3},
                 o[] = {NAN, 4.75, 12.25, 10, 8, 3.75},
                 r[] = {NAN, 5, 7, 6, 8, 4};
    const double land[] = {15.625, 15.625, 10, 10, 10, 8};
    /* sigma_g / sqrt(1 - rho_g^2) = sqrt(117/8) / sqrt(15/16) % =
     * sqrt(78/5) %; sigma_l / sqrt(1 - rho_l^2) = L sqrt(83/125) /
     * sqrt(221/225) = L sqrt(747/1105) */
    double g_sd = sqrt(78.0 / 5) / 100, l_sd = L * sqrt(747.0 / 1105);
    int years = 1, rates = 1, fits = 1, lands = 1;
    for (int s = 0; s < 6; s++) {
        years = years && y[s].year == 2019 + s;
        rates = rates && same(y[s].g, g[s] / 100) && same(y[s].o, o[s] / 100) &&
                same(y[s].r, r[s] / 100);
        /* own revenue fitted on growth: mu_or + beta_or g = -1% + 5/4 g */
        fits = fits && same(y[s].g_fit, 0.07) && same(y[s].g_sd, g_sd) &&
               same(y[s].o_fit, -0.01 + 1.25 * g[s] / 100) &&
               same(y[s].o_sd, sqrt(53.0 / 24) / 100) &&
               same(y[s].r_fit, 0.06) && same(y[s].r_sd, sqrt(2.5) / 100);
        /* land = 8 (5/4)^k; the trend exp(mean level + mu_l (s - 5/2)) =
         * 8 (5/4)^(3/2 - (3/5)(s - 5/2)) = 8 (5/4)^(3 - 3s/5) */
        lands = lands && same(y[s].land, land[s]) &&
                same(y[s].land_fit, 8 * pow(1.25, 3 - 0.6 * s)) &&
                same(y[s].land_sd, l_sd);
    }
    CHECK(years);
    CHECK(rates);
    CHECK(fits);
    CHECK(lands);
    /* the standardized innovations of README (a): none in 2019, no
     * growth's in 2020 */
    double sg = sqrt(117.0 / 8), so = sqrt(53.0 / 24), sl = sqrt(83.0 / 125),
           st = sqrt(2.5);
    const double z[6][4] = {
        {NAN, NAN, NAN, NAN},
        {NAN, (-7.0 / 4) / so, (3.0 / 5) / sl, -1 / st},
        {(13.0 / 4) / sg, (3.0 / 4) / so, (-22.0 / 25) / sl, 1 / st},
        {(1.0 / 4) / sg, 1 / so, (-7.0 / 75) / sl, 0},
        {(3.0 / 4) / sg, -1 / so, (32.0 / 75) / sl, 2 / st},
        {(-17.0 / 4) / sg, 1 / so, (-4.0 / 75) / sl, -2 / st}};
    int zs = 1;
    for (int s = 0; s < 6; s++)
        for (int j = 0; j < 4; j++)
            zs = zs && (isnan(z[s][j]) ? isnan(y[s].z[j])
                                       : fabs(y[s].z[j] - z[s][j]) <= 1e-10);
    CHECK(zs);
    /* six years: too few for a break */
    CHECK(dr_land_break(c, 0) == 0);
    done(&k);
}

/* The estimates in force: by county the county's own shrunk group
 * (README (e): fangcheng's growth.mu 195/28 %), by type its type's (the
 * agricultural 6.5%), by city the pool (two_types.csv: 6.25%). */
static void in_force(void)
{
    static const char *const ids[] = {"fangcheng", "zhenping", "sheqi",
                                      "tanghe"};
    static const double shrunk[] = {195.0 / 2800, 143.0 / 2800, 39.0 / 400,
                                    117.0 / 2800};
    cal k;
    calibrate(&k, HIST("shrink.csv"), DR_BY_COUNTY, 2019);
    if (k.ok) {
        int ok = k.c.panel.n == 4;
        for (size_t j = 0; ok && j < 4; j++) {
            char section[64];
            snprintf(section, sizeof section, "county.%s", k.c.panel.c[j].id);
            size_t w = 0;
            while (w < 4 && strcmp(ids[w], k.c.panel.c[j].id) != 0)
                w++;
            dr_fitted_year y[6];
            dr_fitted(&k.c, j, y);
            ok = w < 4 &&
                 dr_calibration_of(&k.c, j) ==
                     &dr_calibration_group(&k.c, section)->est &&
                 same(y[3].g_fit, shrunk[w]) && same(y[3].r_fit, 0.06);
        }
        CHECK(ok);
    }
    done(&k);
    calibrate(&k, HIST("shrink.csv"), DR_BY_TYPE, 2019);
    if (k.ok) {
        dr_fitted_year y[6];
        dr_fitted(&k.c, 2, y);
        CHECK(dr_calibration_of(&k.c, 2) ==
              &dr_calibration_group(&k.c, "type.agricultural")->est);
        CHECK(same(y[1].g_fit, 0.065));
    }
    done(&k);
    calibrate(&k, HIST("two_types.csv"), DR_BY_CITY, 2019);
    if (k.ok) {
        int ok = 1;
        for (size_t j = 0; j < k.c.panel.n; j++) {
            dr_fitted_year y[6];
            dr_fitted(&k.c, j, y);
            ok = ok && dr_calibration_of(&k.c, j) == &k.c.group[0].est &&
                 same(y[5].g_fit, 0.0625);
        }
        CHECK(ok && k.c.panel.n == 4);
    }
    done(&k);
}

/* no_land.csv: no land observations, so no land columns, no land
 * innovation and no break. */
static void no_land(void)
{
    cal k;
    calibrate(&k, HIST("no_land.csv"), DR_BY_TYPE, 2019);
    if (!k.ok)
        return;
    dr_fitted_year y[6];
    dr_fitted(&k.c, 0, y);
    int none = 1;
    for (int s = 0; s < 6; s++)
        none = none && isnan(y[s].land) && isnan(y[s].land_fit) &&
               isnan(y[s].land_sd) && isnan(y[s].z[2]);
    CHECK(none);
    CHECK(!isnan(y[2].z[0]) && same(y[1].g, 0.06));
    CHECK(dr_land_break(&k.c, 0) == 0);
    done(&k);
}

/* tests/lib/longhistory.h: breaks in wolong and zhenping (2020 both),
 * none in fangcheng's straight trend, none in sheqi's seven years. */
static void breaks(void)
{
    cal k;
    calibrate(&k, scratch_put("long.csv", long_history_csv), DR_BY_TYPE, 2000);
    if (!k.ok)
        return;
    static const char *const id[] = {"wolong", "fangcheng", "zhenping",
                                     "sheqi"};
    static const long year[] = {2020, 0, 2020, 0};
    CHECK(k.c.panel.n == 4);
    for (size_t j = 0; j < k.c.panel.n && j < 4; j++) {
        CHECK(strcmp(k.c.panel.c[j].id, id[j]) == 0);
        CHECK(dr_land_break(&k.c, j) == year[j]);
    }
    /* ten years: the fitted rows run 2015-2024 */
    dr_fitted_year y[10];
    dr_fitted(&k.c, 0, y);
    CHECK(y[0].year == 2015 && y[9].year == 2024 && isnan(y[0].g) &&
          fabs(y[9].g - 0.09) < 1e-9);
    done(&k);
}

int main(void)
{
    gsl_set_error_handler_off();
    dr_error err = {0};
    if (scratch_open("fitted") != 0)
        return 1;
    if (dr_fiscal_read(TEST_DATA "/../../data/sample-city/fiscal.csv", &fiscal,
                       &err) != DR_OK) {
        printf("# %s\n", err.msg);
        return 1;
    }
    one_county();
    in_force();
    no_land();
    breaks();
    dr_fiscal_free(&fiscal);
    scratch_close();
    return check_done();
}
