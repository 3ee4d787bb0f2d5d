/* Empirical-Bayes shrinkage (shrink.h, MODEL.md section 11.8) on a few
 * numbers worked by hand, among them case (e) of
 * tests/data/history/README.md. */
#include <math.h>
#include <stdio.h>

#include "calib/shrink.h"
#include "check.h"

#define TOL 1e-12

static void readme_case_e(void)
{
    /* growth.mu: own means 7, 5, 10, 4 (%), se^2 = 1/2 (%^2) each; mean
     * 6.5, sum of squares 21, tau2 = 21/3 - 1/2 = 13/2, lambda = 13/14;
     * pulled toward the type's 6.5 */
    double theta[] = {0.07, 0.05, 0.10, 0.04};
    double se[4], out[4], lambda[4];
    for (int j = 0; j < 4; j++)
        se[j] = sqrt(0.5) / 100;
    dr_shrink(theta, se, 4, 0.065, out, lambda);
    for (int j = 0; j < 4; j++)
        CHECK_NEAR(lambda[j], 13.0 / 14, TOL);
    CHECK_NEAR(out[0], 195.0 / 28 / 100, TOL);
    CHECK_NEAR(out[1], 143.0 / 28 / 100, TOL);
    CHECK_NEAR(out[2], 39.0 / 4 / 100, TOL);
    CHECK_NEAR(out[3], 117.0 / 28 / 100, TOL);

    /* transfers.mu: means 6, 6.2, 6, 5.8 (%): spread 0.08/3 below the
     * mean se^2 0.12, so tau2 = 0 and every county takes the type's 6% */
    double t2[] = {0.06, 0.062, 0.06, 0.058};
    double s2[] = {sqrt(0.1) / 100, sqrt(0.14) / 100, sqrt(0.1) / 100,
                   sqrt(0.14) / 100};
    dr_shrink(t2, s2, 4, 0.06, out, lambda);
    for (int j = 0; j < 4; j++)
        CHECK(lambda[j] == 0 && out[j] == 0.06);
}

static void by_hand(void)
{
    /* theta 1, 2, 3, 6; se 0.5, 0.5, 1, 1; mean 3, sum of squares
     * 4 + 1 + 0 + 9 = 14; mean se^2 (0.25 + 0.25 + 1 + 1)/4 = 5/8;
     * tau2 = 14/3 - 5/8 = 97/24. lambda = 97/103 for se 0.5 (se^2 = 6/24)
     * and 97/121 for se 1 (24/24); pooled 2: out_1 = (97 + 12)/103,
     * out_3 = (97 3 + 24 2)/121, out_4 = (97 6 + 48)/121 */
    double theta[] = {1, 2, 3, 6}, se[] = {0.5, 0.5, 1, 1}, out[4], lam[4];
    dr_shrink(theta, se, 4, 2, out, lam);
    CHECK_NEAR(lam[0], 97.0 / 103, TOL);
    CHECK_NEAR(lam[1], 97.0 / 103, TOL);
    CHECK_NEAR(lam[2], 97.0 / 121, TOL);
    CHECK_NEAR(out[0], 109.0 / 103, TOL);
    CHECK_NEAR(out[1], 2.0, TOL); /* theta = pooled */
    CHECK_NEAR(out[2], 339.0 / 121, TOL);
    CHECK_NEAR(out[3], 630.0 / 121, TOL);
    /* lambda may be NULL */
    double out2[4];
    dr_shrink(theta, se, 4, 2, out2, NULL);
    CHECK(out2[0] == out[0] && out2[3] == out[3]);

    /* a se of 0 below tau2 > 0: lambda 1, the county's own value. Mean
     * se^2 = (0 + 0.25 + 1 + 1)/4 = 9/16, tau2 = 14/3 - 9/16 = 197/48 */
    double se0[] = {0, 0.5, 1, 1};
    dr_shrink(theta, se0, 4, 2, out, lam);
    CHECK(lam[0] == 1 && out[0] == 1);
    CHECK_NEAR(lam[1], (197.0 / 48) / (197.0 / 48 + 0.25), TOL);

    /* three is the fewest: with two, lambda = 0 */
    dr_shrink(theta, se, 2, 2, out, lam);
    CHECK(lam[0] == 0 && lam[1] == 0 && out[0] == 2 && out[1] == 2);
    /* three: theta 1, 2, 6, se 0: mean 3, tau2 = (4 + 1 + 9)/2 = 7, and
     * every lambda is 1 */
    double th3[] = {1, 2, 6}, se3[] = {0, 0, 0};
    dr_shrink(th3, se3, 3, 0, out, lam);
    CHECK(lam[0] == 1 && lam[2] == 1 && out[0] == 1 && out[2] == 6);
    /* all equal: tau2 = 0 */
    double eq[] = {3, 3, 3, 3};
    dr_shrink(eq, se, 4, 1, out, lam);
    CHECK(lam[0] == 0 && out[0] == 1 && out[3] == 1);
    /* a se that is not a number: that county's lambda is 0 */
    double sen[] = {0.5, NAN, 1, 1};
    dr_shrink(theta, sen, 4, 2, out, lam);
    CHECK(lam[1] == 0 && out[1] == 2);
    /* k = 0: nothing to do, nothing written */
    out[0] = 99;
    dr_shrink(theta, se, 0, 2, out, lam);
    CHECK(out[0] == 99);
}

int main(void)
{
    readme_case_e();
    by_hand();
    return check_done();
}
