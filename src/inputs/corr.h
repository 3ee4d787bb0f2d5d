/* The 4x4 correlation matrix C of the county shocks (MODEL.md section 2):
 * its defaults, its Cholesky factor, and which of its six entries to blame
 * when it is not positive definite. Pure functions, no I/O. */
#ifndef DR_CORR_H
#define DR_CORR_H

#include <stddef.h>

#include "inputs/params.h"

/* The README defaults: growth.own_revenue 0.6, growth.land 0.5, ... */
extern const double dr_corr_default[DR_NVAR][DR_NVAR];

/* Fills l, lower triangular with l l^T = c, and returns 1; returns 0 when
 * c is not positive definite (l is then unspecified). */
int dr_corr_cholesky(const double c[DR_NVAR][DR_NVAR],
                     double l[DR_NVAR][DR_NVAR]);

/* Entry (i, j), i < j, of pair k in 0..DR_NCORR-1, in the README order
 * (growth.own_revenue, growth.land, growth.transfers, own_revenue.land,
 * own_revenue.transfers, land.transfers); and back. */
void dr_corr_pair(size_t k, int *i, int *j);
size_t dr_corr_index(int i, int j);

/* The pair to blame for c not being positive definite: starting from the
 * defaults, the pairs with seq[k] > 0 take their values of c in the order
 * of seq; the first with which the matrix stops being positive definite.
 * -1 when there is none (c is positive definite, or no pair was set). */
long dr_corr_culprit(const double c[DR_NVAR][DR_NVAR],
                     const unsigned seq[DR_NCORR]);

#endif
