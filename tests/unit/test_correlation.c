/* The correlation of standardized innovations and the common weights
 * (correlation.h, MODEL.md 11.6 and 11.7) on innovations set here: case
 * (a) of tests/data/history/README.md, designs whose C and W are known in
 * closed form, a singular C and its repair, and what cannot be
 * estimated. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/correlation.h"
#include "check.h"

#define TOL 1e-12

static void set(dr_innovations *in, size_t i, size_t y, double a, double b,
                double c, double d)
{
    double *z = &in->z[(i * in->years + y) * 4];
    z[0] = a, z[1] = b, z[2] = c, z[3] = d;
}

static dr_innovations make(size_t n, size_t years)
{
    dr_innovations in = {.n = n, .first = 2019, .years = years};
    in.z = malloc(n * years * 4 * sizeof *in.z);
    for (size_t k = 0; k < n * years * 4; k++)
        in.z[k] = NAN;
    return in;
}

/* One county (README (a)): C_jk = sum e^j e^k / sqrt(sum (e^j)^2 sum
 * (e^k)^2), the sigmas cancelling; scaled to integers 4e^g = (13, 1, 3,
 * -17), 4e^or = (3, 4, -4, 4), 75e^l/L = (-66, -7, 32, -4), e^tr = (1, 0,
 * 2, -2) in 2021-2024. */
static void readme_case_a(void)
{
    dr_innovations in = make(1, 6);
    set(&in, 0, 1, NAN, 1, 1, 1); /* 2020: no growth innovation */
    const double g[] = {13, 1, 3, -17}, o[] = {3, 4, -4, 4},
                 l[] = {-66, -7, 32, -4}, t[] = {1, 0, 2, -2};
    for (size_t y = 0; y < 4; y++)
        set(&in, 0, y + 2, g[y] / 4, o[y] / 4, l[y] / 75, t[y]);
    CHECK(!dr_innov_complete(&in, 0, 0) && !dr_innov_complete(&in, 0, 1) &&
          dr_innov_complete(&in, 0, 2) && dr_innov_complete(&in, 0, 5));
    dr_corr_fit f;
    CHECK(dr_corr_estimate(&in, &f) == DR_OK);
    CHECK(f.estimated && f.n == 4 && !f.repaired);
    const double want[6] = {-37 / sqrt(468.0 * 57), -701 / sqrt(468.0 * 5445),
                            53 / sqrt(468.0 * 9),   -370 / sqrt(57.0 * 5445),
                            -13 / sqrt(57.0 * 9),   6 / sqrt(5445.0 * 9)};
    const int pj[6] = {0, 0, 0, 1, 1, 2}, pk[6] = {1, 2, 3, 2, 3, 3};
    for (int p = 0; p < 6; p++) {
        CHECK_NEAR(f.raw[pj[p]][pk[p]], want[p], TOL);
        CHECK(f.raw[pk[p]][pj[p]] == f.raw[pj[p]][pk[p]]);
        CHECK(f.c[pj[p]][pk[p]] == f.raw[pj[p]][pk[p]]);
    }
    CHECK(f.raw[0][0] == 1 && f.c[3][3] == 1);
    /* one county: never two in a year, so no common weights */
    CHECK(!f.common_estimated && f.common_n == 0);
    free(in.z);
}

/* Two counties in two years. Year 0: (1, 0, 1, 0) and (1, 0, -1, 0);
 * year 1: (0, 1, 0, 1) and (0, 1, 0, -1). Every cross sum is 0 and every
 * square sum 2: C = I, L = I, W = M. M = sum_s (zbar zbar' - S_s) /
 * sum m(m - 1): year 0 adds 4 - 2 = 2 at (0,0) and 0 - 2 at (2,2), year 1
 * likewise at (1,1) and (3,3), over 2 + 2 pairs: M = diag(1/2, 1/2, -1/2,
 * -1/2). */
static void orthogonal(void)
{
    dr_innovations in = make(2, 2);
    set(&in, 0, 0, 1, 0, 1, 0);
    set(&in, 1, 0, 1, 0, -1, 0);
    set(&in, 0, 1, 0, 1, 0, 1);
    set(&in, 1, 1, 0, 1, 0, -1);
    dr_corr_fit f;
    CHECK(dr_corr_estimate(&in, &f) == DR_OK);
    CHECK(f.estimated && f.n == 4 && !f.repaired);
    int identity = 1;
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            identity = identity && f.c[j][k] == (j == k);
    CHECK(identity);
    CHECK(f.common_estimated && f.common_n == 4);
    CHECK_NEAR(f.w_raw[0], 0.5, TOL);
    CHECK_NEAR(f.w_raw[1], 0.5, TOL);
    CHECK_NEAR(f.w_raw[2], -0.5, TOL);
    CHECK_NEAR(f.w_raw[3], -0.5, TOL);
    /* clipped to [0, 1] */
    CHECK_NEAR(f.w[0], 0.5, TOL);
    CHECK(f.w[2] == 0 && f.w[3] == 0);

    /* growth doubled: C is the same, M_00 four times larger: w_raw 2,
     * clipped to 1 */
    for (size_t k = 0; k < 4; k++)
        in.z[k * 4] *= 2;
    CHECK(dr_corr_estimate(&in, &f) == DR_OK);
    CHECK_NEAR(f.w_raw[0], 2.0, TOL);
    CHECK(f.w[0] == 1);
    CHECK_NEAR(f.w[1], 0.5, TOL);
    free(in.z);
}

/* Two counties with the same innovations every year, each column's
 * squares summing to the number of years: then M = C, and W = L^-1 C L^-T
 * = I whatever C. The four years' vectors (1,1,1,1), (1,1,-1,1),
 * (1,-1,1,-1), (1,1,1,-1) are independent, so C is positive definite:
 * C_01 = C_02 = C_13 = 1/2, C_23 = -1/2, C_03 = C_12 = 0. */
static void all_common(void)
{
    dr_innovations in = make(2, 4);
    const double v[4][4] = {
        {1, 1, 1, 1}, {1, 1, -1, 1}, {1, -1, 1, -1}, {1, 1, 1, -1}};
    for (size_t i = 0; i < 2; i++)
        for (size_t y = 0; y < 4; y++)
            set(&in, i, y, v[y][0], v[y][1], v[y][2], v[y][3]);
    dr_corr_fit f;
    CHECK(dr_corr_estimate(&in, &f) == DR_OK);
    CHECK(f.n == 8 && !f.repaired);
    CHECK(f.c[0][1] == 0.5 && f.c[0][2] == 0.5 && f.c[1][3] == 0.5 &&
          f.c[2][3] == -0.5 && f.c[0][3] == 0 && f.c[1][2] == 0);
    CHECK(f.common_estimated && f.common_n == 8);
    for (int k = 0; k < 4; k++) {
        CHECK_NEAR(f.w_raw[k], 1.0, TOL);
        CHECK_NEAR(f.w[k], 1.0, TOL);
    }
    free(in.z);
}

/* Transfers' innovations equal growth's: C_03 = 1, C is singular (the
 * last Cholesky pivot is 1 - 1 = 0). Its eigenvalues are 2 and 0 on the
 * block of 0 and 3, 1 and 1 elsewhere; the 0 raised to 1e-3 rebuilds the
 * block as 2 (J/2) + 0.001 (I - J/2) = [[1.0005, 0.9995], [0.9995,
 * 1.0005]]: C'_03 = 0.9995 / 1.0005 = 1999/2001. */
static void repaired(void)
{
    dr_innovations in = make(1, 3);
    set(&in, 0, 0, 1, 0, 0, 1);
    set(&in, 0, 1, 0, 1, 0, 0);
    set(&in, 0, 2, 0, 0, 1, 0);
    dr_corr_fit f;
    CHECK(dr_corr_estimate(&in, &f) == DR_OK);
    CHECK(f.estimated && f.n == 3 && f.repaired);
    CHECK(f.raw[0][3] == 1);
    CHECK(fabs(f.min_eigen) < TOL);
    CHECK_NEAR(f.c[0][3], 1999.0 / 2001, TOL);
    CHECK_NEAR(f.c[3][0], 1999.0 / 2001, TOL);
    CHECK(f.c[0][0] == 1 && f.c[3][3] == 1);
    CHECK_NEAR(f.c[0][1], 0, TOL);
    CHECK_NEAR(f.c[1][2], 0, TOL);
    CHECK_NEAR(f.c[2][3], 0, TOL);
    free(in.z);
}

static void nothing(void)
{
    dr_corr_fit f;
    /* no complete county-year */
    dr_innovations in = make(2, 3);
    set(&in, 0, 1, 1, 1, NAN, 1);
    CHECK(dr_corr_estimate(&in, &f) == DR_OK);
    CHECK(!f.estimated && f.n == 0 && !f.common_estimated);
    /* complete, but land's innovations all 0: no correlation with it */
    set(&in, 0, 1, 1, 2, 0, 1);
    set(&in, 1, 1, 2, 1, 0, 1);
    CHECK(dr_corr_estimate(&in, &f) == DR_OK);
    CHECK(!f.estimated && f.n == 2);
    free(in.z);
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main does */
    readme_case_a();
    orthogonal();
    all_common();
    repaired();
    nothing();
    return check_done();
}
