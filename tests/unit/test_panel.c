/* The observations of calibration (panel.h) from the history of
 * tests/data/history/one_county.csv, whose yearly rates its README gives
 * (case (a)): growth rates from the levels, the log of land revenue,
 * windows of years, a county without land observations, a missing
 * optional value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/panel.h"
#include "check.h"
#include "errcheck.h"
#include "scratch.h"

static dr_fiscal fiscal;
static dr_history hist;

/* wancheng: tests/data/history/one_county.csv. xixia: gdp doubling each
 * year, no land in 2021, primary spending missing in 2022. */
static int setup(void)
{
    dr_error err = {0};
    const char *f = scratch_put("fiscal.csv",
                                "county_id,name,type,gdp,own_revenue,transfers,"
                                "land_revenue,primary_spending,explicit_debt,"
                                "hidden_debt\n"
                                "wancheng,Wancheng,urban,1,1,1,1,1,1,1\n"
                                "other,Other,urban,1,1,1,1,1,1,1\n"
                                "xixia,Xixia,ecological,1,1,1,1,1,1,1\n");
    const char *h = scratch_put(
        "history.csv",
        "county_id,year,gdp,own_revenue,transfers,land_revenue,"
        "primary_spending\n"
        "xixia,2019,1,1,1,2,4\n"
        "xixia,2020,2,1,1,2,5\n"
        "xixia,2021,4,1,1,0,6\n"
        "xixia,2022,8,1,1,2,\n"
        "xixia,2023,16,1,1,2,9\n"
        "xixia,2024,32,1,1,2,10\n"
        "wancheng,2019,100,20,30,15.625,50\n"
        "wancheng,2020,106,20.95,31.5,15.625,52\n"
        "wancheng,2021,116.6,23.516375,33.705,10,55.12\n"
        "wancheng,2022,125.928,25.8680125,35.7273,10,57.876\n"
        "wancheng,2023,136.00224,27.9374535,38.585484,10,59.61228\n"
        "wancheng,2024,140.0823072,28.98510800625,40.12890336,8,63.7851396\n");
    if (dr_fiscal_read(f, &fiscal, &err) ||
        dr_history_read(h, &fiscal, &hist, &err)) {
        printf("# setup: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* 1 when x[0..n) is want[0..n) to 1e-12 (NAN where want is NAN). */
static int series_is(const double *x, const double *want, size_t n)
{
    for (size_t s = 0; s < n; s++) {
        int ok = isnan(want[s]) ? isnan(x[s]) : fabs(x[s] - want[s]) <= 1e-12;
        if (!ok) {
            printf("# [%zu] = %.17g, expected %.17g\n", s, x[s], want[s]);
            return 0;
        }
    }
    return 1;
}

static void whole(void)
{
    dr_panel P;
    dr_error err = {0};
    CHECK(dr_panel_build(&P, &hist, &fiscal, 1900, 2200, 6, &err) == DR_OK);
    CHECK(P.n == 2 && P.from == 2019 && P.to == 2024);
    if (P.n != 2)
        return;
    /* in fiscal.csv order; "other" has no history */
    const dr_panel_county *w = &P.c[0], *x = &P.c[1];
    CHECK(w->county == 0 && strcmp(w->id, "wancheng") == 0 &&
          strcmp(w->type, "urban") == 0 && w->first == 2019 && w->T == 6);
    CHECK(x->county == 2 && strcmp(x->type, "ecological") == 0);
    /* the rates of the README's table (a), in units of 1 */
    const double g[] = {NAN, 0.06, 0.10, 0.08, 0.08, 0.03};
    const double o[] = {NAN, 0.0475, 0.1225, 0.10, 0.08, 0.0375};
    const double r[] = {NAN, 0.05, 0.07, 0.06, 0.08, 0.04};
    const double p[] = {NAN, 0.04, 0.06, 0.05, 0.03, 0.07};
    /* land = 8 (5/4)^k with k = 3, 3, 1, 1, 1, 0 */
    double l[6];
    const int k[] = {3, 3, 1, 1, 1, 0};
    for (int s = 0; s < 6; s++)
        l[s] = log(8.0) + k[s] * log(1.25);
    CHECK(series_is(w->g, g, 6));
    CHECK(series_is(w->o, o, 6));
    CHECK(series_is(w->r, r, 6));
    CHECK(series_is(w->p, p, 6));
    CHECK(w->l && series_is(w->l, l, 6));
    /* xixia: gdp doubles (g = 1); land 0 in 2021, so no land at all;
     * spending 4, 5, 6, -, 9, 10: 1/4, 1/5, then none for 2022 and 2023,
     * then 1/9 */
    const double xg[] = {NAN, 1, 1, 1, 1, 1};
    const double xp[] = {NAN, 0.25, 0.2, NAN, NAN, 1.0 / 9};
    CHECK(series_is(x->g, xg, 6));
    CHECK(series_is(x->p, xp, 6));
    CHECK(x->l == NULL);
    dr_panel_free(&P);
    CHECK(P.n == 0 && P.c == NULL);
}

static void windows(void)
{
    dr_panel P;
    dr_error err = {0};
    /* 2020-2023: four years, the first rate that of 2021 */
    CHECK(dr_panel_build(&P, &hist, &fiscal, 2020, 2023, 4, &err) == DR_OK);
    CHECK(P.n == 2 && P.from == 2020 && P.to == 2023);
    if (P.n == 2) {
        const double g[] = {NAN, 0.10, 0.08, 0.08};
        CHECK(P.c[0].first == 2020 && P.c[0].T == 4);
        CHECK(series_is(P.c[0].g, g, 4));
        CHECK(fabs(P.c[0].l[0] - log(15.625)) < 1e-12);
        /* xixia's land in 2020-2023 still holds the 0 of 2021 */
        CHECK(P.c[1].l == NULL);
    }
    dr_panel_free(&P);
    /* 2022-2024 leaves xixia's land positive: it has land again */
    CHECK(dr_panel_build(&P, &hist, &fiscal, 2022, 2030, 3, &err) == DR_OK);
    CHECK(P.from == 2022 && P.to == 2024);
    if (P.n == 2)
        CHECK(P.c[1].l != NULL && fabs(P.c[1].l[2] - log(2.0)) < 1e-15);
    dr_panel_free(&P);

    /* too few years in the window: the history's error, at the first
     * county in fiscal.csv order, at its first line (wancheng, line 8) */
    P.n = 7;
    CHECK(err_is(dr_panel_build(&P, &hist, &fiscal, 2020, 2023, 6, &err), &err,
                 DR_EINPUT, hist.path, 8, 1,
                 "county 'wancheng' has 4 of its years (2019-2024) in "
                 "2020-2023; calibration needs at least 6"));
    CHECK(P.n == 0 && P.c == NULL);
}

int main(void)
{
    if (scratch_open("panel") != 0 || setup() != 0)
        return 1;
    whole();
    windows();
    dr_history_free(&hist);
    dr_fiscal_free(&fiscal);
    scratch_close();
    return check_done();
}
