#include "calib/fitted.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>

#define BREAK_LEVEL 0.01
#define BREAK_MIN_YEARS 8

const dr_cgroup *dr_calibration_of(const dr_calibration *c, size_t j)
{
    if (c->by == DR_BY_COUNTY)
        return &c->group[1 + c->ntypes + j].est;
    return &c->group[c->by == DR_BY_CITY ? 0 : c->type_of[j]].est;
}

/* sigma / sqrt(1 - rho^2): the sd of a stationary AR(1) around its mean. */
static double stationary(double sigma, double rho)
{
    return sigma / sqrt(1.0 - rho * rho);
}

void dr_fitted(const dr_calibration *c, size_t j, dr_fitted_year *rows)
{
    const dr_panel_county *pc = &c->panel.c[j];
    const dr_cvalue *v = dr_calibration_of(c, j)->v;
    double z[DR_HISTORY_MAX_YEARS][4];
    dr_estimate_innovations(pc, dr_calibration_standardizer(c, j)->est.v, z);
    double sbar = 0.0, lbar = 0.0;
    for (size_t s = 0; pc->l && s < pc->T; s++) {
        sbar += (double)s;
        lbar += pc->l[s];
    }
    sbar /= (double)pc->T;
    lbar /= (double)pc->T;
    double g_sd =
        stationary(v[DR_CK_GROWTH_SIGMA].value, v[DR_CK_GROWTH_RHO].value);
    double l_sd =
        stationary(v[DR_CK_LAND_SIGMA].value, v[DR_CK_LAND_RHO].value);
    for (size_t s = 0; s < pc->T; s++) {
        dr_fitted_year *y = &rows[s];
        y->year = pc->first + (long)s;
        y->g = pc->g[s];
        y->g_fit = v[DR_CK_GROWTH_MU].value;
        y->g_sd = g_sd;
        y->o = pc->o[s];
        y->o_fit = isnan(pc->g[s]) ? NAN
                                   : v[DR_CK_OR_MU].value +
                                         v[DR_CK_OR_BETA].value * pc->g[s];
        y->o_sd = v[DR_CK_OR_SIGMA].value;
        y->r = pc->r[s];
        y->r_fit = v[DR_CK_TR_MU].value;
        y->r_sd = v[DR_CK_TR_SIGMA].value;
        if (pc->l) {
            y->land = pc->land[s];
            y->land_fit =
                exp(lbar + v[DR_CK_LAND_MU].value * ((double)s - sbar));
            y->land_sd = l_sd;
        } else {
            y->land = y->land_fit = y->land_sd = NAN;
        }
        for (int k = 0; k < 4; k++)
            y->z[k] = z[s][k];
    }
}

/* The residual sum of squares of l on the columns of X (T rows, p
 * columns); NAN when the fit fails. */
static double ssr(gsl_matrix *X, const gsl_vector *y)
{
    size_t T = X->size1, p = X->size2;
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(T, p);
    gsl_vector *b = gsl_vector_alloc(p);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    double chisq = NAN;
    if (w && b && cov && gsl_multifit_linear(X, y, b, cov, &chisq, w))
        chisq = NAN;
    gsl_multifit_linear_free(w);
    gsl_vector_free(b);
    gsl_matrix_free(cov);
    return chisq;
}

long dr_land_break(const dr_calibration *c, size_t j)
{
    const dr_panel_county *pc = &c->panel.c[j];
    size_t T = pc->T;
    if (!pc->l || T < BREAK_MIN_YEARS)
        return 0;
    gsl_matrix *X1 = gsl_matrix_alloc(T, 2), *X2 = gsl_matrix_alloc(T, 3);
    gsl_vector *y = gsl_vector_alloc(T);
    long best_year = 0;
    if (!X1 || !X2 || !y)
        goto done;
    for (size_t s = 0; s < T; s++) {
        gsl_vector_set(y, s, pc->l[s]);
        gsl_matrix_set(X1, s, 0, 1.0);
        gsl_matrix_set(X1, s, 1, (double)s);
    }
    double one = ssr(X1, y), best = INFINITY;
    size_t at = 0;
    /* the kink at every year with two years on each side */
    for (size_t k = 2; k + 2 < T; k++) {
        for (size_t s = 0; s < T; s++) {
            gsl_matrix_set(X2, s, 0, 1.0);
            gsl_matrix_set(X2, s, 1, (double)s);
            gsl_matrix_set(X2, s, 2, s > k ? (double)(s - k) : 0.0);
        }
        double two = ssr(X2, y);
        if (two < best) {
            best = two;
            at = k;
        }
    }
    if (isfinite(one) && isfinite(best) && best > 0.0) {
        double F = (one - best) / (best / (double)(T - 3));
        if (gsl_cdf_fdist_Q(F, 1.0, (double)(T - 3)) < BREAK_LEVEL)
            best_year = pc->first + (long)at;
    }
done:
    gsl_matrix_free(X1);
    gsl_matrix_free(X2);
    gsl_vector_free(y);
    return best_year;
}
