/* Exact sums (exactsum.h): moments worked by hand, sums that cancel where
 * floating point loses everything, the range up to DBL_MAX, order and
 * splitting that cannot change a bit, copies and merges, and GSL's
 * statistics as an independent check on ordinary data. */
#include <float.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats/exactsum.h"

static dr_xsum of(const double *v, size_t n)
{
    dr_xsum x;
    dr_xsum_init(&x);
    for (size_t k = 0; k < n; k++)
        if (dr_xsum_add(&x, v[k]) != DR_OK)
            printf("# add failed\n");
    return x;
}

static void by_hand(void)
{
    double mean, sd;
    dr_xsum x;
    dr_xsum_init(&x);
    CHECK(x.n == 0 && x.wide == NULL);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(isnan(mean) && isnan(sd)); /* nothing added */

    /* one value: sd 0 */
    const double one[] = {2.5};
    x = of(one, 1);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == 2.5 && sd == 0);

    /* 1, 2, 3, 4: mean 5/2, sample variance (2.25 + 0.25) 2 / 3 = 5/3 */
    const double four[] = {1, 2, 3, 4};
    x = of(four, 4);
    CHECK(x.n == 4 && x.wide == NULL);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == 2.5);
    CHECK_NEAR(sd, sqrt(5.0 / 3), 1e-15);

    /* -1.5, 0.5: mean -0.5, variance (1 + 1)/1 */
    const double neg[] = {-1.5, 0.5};
    x = of(neg, 2);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == -0.5);
    CHECK_NEAR(sd, sqrt(2.0), 1e-15);

    /* a value is held to 2^-32: 2^-40 adds nothing to the sum */
    const double tiny[] = {0x1p-40, 1};
    x = of(tiny, 2);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == 0.5);

    /* the sd is exact even when it is tiny beside the mean: 1e6 + k 2^-20
     * for k = 0, 1, 2 has sd 2^-20 */
    const double close[] = {1e6, 1e6 + 0x1p-20, 1e6 + 0x1p-19};
    x = of(close, 3);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == 1e6 + 0x1p-20);
    CHECK_NEAR(sd, 0x1p-20, 1e-15);
}

static void wide(void)
{
    double mean, sd;
    /* 1e20 + 1 - 1e20 is 0 in doubles, 1 exactly: mean 1/3 */
    const double cancel[] = {1e20, 1, -1e20};
    dr_xsum x = of(cancel, 3);
    CHECK(x.wide != NULL && x.n == 3);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == 1.0 / 3);
    /* sum x^2 = 2e40 + 1; var = (2e40 + 1 - 3 (1/3)^2) / 2 = 1e40 + 1/3 */
    CHECK_NEAR(sd, 1e20, 1e-15);
    dr_xsum_free(&x);
    CHECK(x.wide == NULL && x.n == 0);

    /* the largest doubles: mean exact, an sd past DBL_MAX is inf */
    const double big[] = {DBL_MAX, -DBL_MAX};
    x = of(big, 2);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == 0 && isinf(sd) && sd > 0);
    dr_xsum_free(&x);
    const double max[] = {DBL_MAX, DBL_MAX};
    x = of(max, 2);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == DBL_MAX && sd == 0);
    dr_xsum_free(&x);
    /* either side of the fast path's bound: 2^31 - 1 and 2^31 */
    const double edge[] = {0x1p31 - 1, 0x1p31, -0x1p31};
    x = of(edge, 3);
    dr_xsum_moments(&x, &mean, &sd);
    CHECK(mean == (0x1p31 - 1) / 3);
    dr_xsum_free(&x);
}

/* A sum does not depend on the order of its terms or on how they were
 * split: forward, backward and in three merged parts give equal sums. */
static void order(void)
{
    enum { N = 999 };
    double v[N];
    unsigned long s = 12345;
    for (int k = 0; k < N; k++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        double u = (double)(s >> 11) * 0x1p-53;
        /* mostly ordinary numbers, some far beyond the fast path */
        v[k] = k % 97 == 0 ? (u - 0.5) * 1e250 : (u - 0.3) * 1e3;
    }
    dr_xsum fwd = of(v, N), back, part[3], copy;
    dr_xsum_init(&back);
    for (int k = N - 1; k >= 0; k--)
        dr_xsum_add(&back, v[k]);
    for (int p = 0; p < 3; p++)
        part[p] = of(v + p * (N / 3), N / 3);
    CHECK(dr_xsum_merge(&part[2], &part[0]) == DR_OK &&
          dr_xsum_merge(&part[2], &part[1]) == DR_OK);
    CHECK(dr_xsum_equal(&fwd, &back));
    CHECK(dr_xsum_equal(&fwd, &part[2]));
    double m1, s1, m2, s2;
    dr_xsum_moments(&fwd, &m1, &s1);
    dr_xsum_moments(&part[2], &m2, &s2);
    CHECK(memcmp(&m1, &m2, sizeof m1) == 0 && memcmp(&s1, &s2, sizeof s1) == 0);

    /* a copy is independent */
    CHECK(dr_xsum_copy(&copy, &fwd) == DR_OK && dr_xsum_equal(&copy, &fwd));
    CHECK(copy.wide != fwd.wide);
    dr_xsum_add(&fwd, 1);
    CHECK(!dr_xsum_equal(&copy, &fwd));
    dr_xsum_free(&fwd);
    dr_xsum_free(&back);
    dr_xsum_free(&copy);
    for (int p = 0; p < 3; p++)
        dr_xsum_free(&part[p]);

    /* merging a wide sum into one without: it gets one */
    const double a[] = {1, 2}, b[] = {1e20}, all[] = {1, 2, 1e20};
    dr_xsum xa = of(a, 2), xb = of(b, 1), xall = of(all, 3);
    CHECK(xa.wide == NULL && dr_xsum_merge(&xa, &xb) == DR_OK &&
          xa.wide != NULL && dr_xsum_equal(&xa, &xall));
    /* equal whatever the allocation: a wide part of zeros is no wide part */
    const double c[] = {3};
    dr_xsum xc = of(c, 1), xd = of(c, 1);
    xd.wide = calloc(1, sizeof *xd.wide);
    CHECK(dr_xsum_equal(&xc, &xd) && dr_xsum_equal(&xd, &xc));
    dr_xsum_free(&xa);
    dr_xsum_free(&xb);
    dr_xsum_free(&xall);
    dr_xsum_free(&xd);
}

/* GSL's mean and sd (a different algorithm): on data held to 2^-32
 * they agree to GSL's rounding; on any data, the rounding of each value
 * to 2^-32 moves the mean and the sd by at most 2^-33 (the sd is
 * 1-Lipschitz in the values' root mean square change, times
 * sqrt(n / (n - 1))). */
static void against_gsl(void)
{
    enum { N = 500 };
    double v[N], w[N];
    unsigned long s = 99;
    for (int k = 0; k < N; k++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        v[k] = 1.0 + (double)(s >> 32) * 0x1p-32;
        w[k] = 1.0 + (double)(s >> 11) * 0x1p-53;
    }
    dr_xsum x = of(v, N), y = of(w, N);
    double mean, sd;
    dr_xsum_moments(&x, &mean, &sd);
    CHECK_NEAR(mean, gsl_stats_mean(v, 1, N), 1e-14);
    CHECK_NEAR(sd, gsl_stats_sd(v, 1, N), 1e-14);
    dr_xsum_moments(&y, &mean, &sd);
    CHECK(fabs(mean - gsl_stats_mean(w, 1, N)) <= 0x1p-33);
    CHECK(fabs(sd - gsl_stats_sd(w, 1, N)) <=
          0x1p-33 * sqrt((double)N / (N - 1)) + 1e-15);
}

int main(void)
{
    by_hand();
    wide();
    order();
    against_gsl();
    return check_done();
}
