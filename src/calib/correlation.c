#include "calib/correlation.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <string.h>

#define EIGEN_FLOOR 1e-3

int dr_innov_complete(const dr_innovations *in, size_t i, size_t y)
{
    const double *z = &in->z[(i * in->years + y) * 4];
    return !isnan(z[0]) && !isnan(z[1]) && !isnan(z[2]) && !isnan(z[3]);
}

/* C_jk = sum z_j z_k / sqrt(sum z_j^2 sum z_k^2) over complete
 * county-years (no centring: innovations have mean zero by
 * construction). */
static int raw_correlation(const dr_innovations *in, dr_corr_fit *out)
{
    double s[4][4] = {{0}};
    long n = 0;
    for (size_t i = 0; i < in->n; i++)
        for (size_t y = 0; y < in->years; y++) {
            if (!dr_innov_complete(in, i, y))
                continue;
            const double *z = &in->z[(i * in->years + y) * 4];
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 4; k++)
                    s[j][k] += z[j] * z[k];
            n++;
        }
    out->n = n;
    for (int j = 0; j < 4; j++)
        if (!(s[j][j] > 0.0))
            return 0;
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            out->raw[j][k] = j == k ? 1.0 : s[j][k] / sqrt(s[j][j] * s[k][k]);
    return 1;
}

/* 1 when the Cholesky factorization of a succeeds (every pivot > 0);
 * l then holds the factor in its lower triangle. */
static int cholesky(const double a[4][4], gsl_matrix *l)
{
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            gsl_matrix_set(l, (size_t)j, (size_t)k, a[j][k]);
    return gsl_linalg_cholesky_decomp1(l) == GSL_SUCCESS;
}

/* Eigenvalues raised to the floor, rebuilt, rescaled to a unit diagonal. */
static dr_status repair(dr_corr_fit *out)
{
    gsl_matrix *a = gsl_matrix_alloc(4, 4), *v = gsl_matrix_alloc(4, 4);
    gsl_vector *e = gsl_vector_alloc(4);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(4);
    dr_status st = DR_ENOMEM;
    if (!a || !v || !e || !w)
        goto done;
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            gsl_matrix_set(a, (size_t)j, (size_t)k, out->raw[j][k]);
    gsl_eigen_symmv(a, e, v, w);
    out->min_eigen = gsl_vector_min(e);
    double b[4][4];
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++) {
            double sum = 0.0;
            for (int q = 0; q < 4; q++) {
                double lam = gsl_vector_get(e, (size_t)q);
                if (lam < EIGEN_FLOOR)
                    lam = EIGEN_FLOOR;
                sum += gsl_matrix_get(v, (size_t)j, (size_t)q) * lam *
                       gsl_matrix_get(v, (size_t)k, (size_t)q);
            }
            b[j][k] = sum;
        }
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            out->c[j][k] = j == k ? 1.0 : b[j][k] / sqrt(b[j][j] * b[k][k]);
    st = DR_OK;
done:
    gsl_matrix_free(a);
    gsl_matrix_free(v);
    gsl_vector_free(e);
    gsl_eigen_symmv_free(w);
    return st;
}

/* M = sum_s (zbar_s zbar_s^T - S_s) / sum_s m_s (m_s - 1): the average
 * product of two different counties' innovations in the same year. */
static int cross_product(const dr_innovations *in, double M[4][4], long *n)
{
    double num[4][4] = {{0}};
    double pairs = 0.0;
    long used = 0;
    for (size_t y = 0; y < in->years; y++) {
        double sum[4] = {0}, self[4][4] = {{0}};
        long m = 0;
        for (size_t i = 0; i < in->n; i++) {
            if (!dr_innov_complete(in, i, y))
                continue;
            const double *z = &in->z[(i * in->years + y) * 4];
            for (int j = 0; j < 4; j++) {
                sum[j] += z[j];
                for (int k = 0; k < 4; k++)
                    self[j][k] += z[j] * z[k];
            }
            m++;
        }
        if (m < 2)
            continue;
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 4; k++)
                num[j][k] += sum[j] * sum[k] - self[j][k];
        pairs += (double)m * (double)(m - 1);
        used += m;
    }
    *n = used;
    if (!(pairs > 0.0))
        return 0;
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            M[j][k] = num[j][k] / pairs;
    return 1;
}

/* W = L^-1 M L^-T column by column: X = L^-1 M, then W = L^-1 X^T (M
 * symmetric, so W = L^-1 (L^-1 M)^T). */
static void common_weights(const gsl_matrix *l, const double M[4][4],
                           dr_corr_fit *out)
{
    double X[4][4], W[4][4];
    gsl_vector *col = gsl_vector_alloc(4);
    if (!col)
        return;
    for (int k = 0; k < 4; k++) {
        for (int j = 0; j < 4; j++)
            gsl_vector_set(col, (size_t)j, M[j][k]);
        gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, l, col);
        for (int j = 0; j < 4; j++)
            X[j][k] = gsl_vector_get(col, (size_t)j);
    }
    for (int k = 0; k < 4; k++) {
        for (int j = 0; j < 4; j++)
            gsl_vector_set(col, (size_t)j, X[k][j]);
        gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, l, col);
        for (int j = 0; j < 4; j++)
            W[j][k] = gsl_vector_get(col, (size_t)j);
    }
    gsl_vector_free(col);
    for (int k = 0; k < 4; k++) {
        out->w_raw[k] = W[k][k];
        out->w[k] = W[k][k] < 0.0 ? 0.0 : W[k][k] > 1.0 ? 1.0 : W[k][k];
    }
    out->common_estimated = 1;
}

dr_status dr_corr_estimate(const dr_innovations *in, dr_corr_fit *out)
{
    memset(out, 0, sizeof *out);
    if (!raw_correlation(in, out))
        return DR_OK;
    out->estimated = 1;
    gsl_matrix *l = gsl_matrix_alloc(4, 4);
    if (!l)
        return DR_ENOMEM;
    memcpy(out->c, out->raw, sizeof out->c);
    out->min_eigen = NAN;
    if (!cholesky(out->raw, l)) {
        out->repaired = 1;
        if (repair(out) != DR_OK || !cholesky(out->c, l)) {
            gsl_matrix_free(l);
            return DR_ENOMEM;
        }
    }
    double M[4][4];
    if (cross_product(in, M, &out->common_n))
        common_weights(l, M, out);
    gsl_matrix_free(l);
    return DR_OK;
}
