/* Empirical-Bayes shrinkage of county estimates toward their type's
 * (MODEL.md section 11.8). */
#ifndef DR_SHRINK_H
#define DR_SHRINK_H

#include <stddef.h>

/* For k county estimates theta[j] with standard errors se[j] (those the
 * county could make), pulls each toward pooled:
 *   tau2 = max(0, sum (theta - mean)^2 / (k - 1) - mean se^2),
 *   lambda_j = tau2 / (tau2 + se_j^2), out[j] = lambda_j theta_j
 *   + (1 - lambda_j) pooled;
 * lambda_j = 0 when k < 3, when tau2 = 0 or se_j is not a number, and 1
 * when se_j = 0 < tau2. lambda may be NULL. */
void dr_shrink(const double *theta, const double *se, size_t k, double pooled,
               double *out, double *lambda);

#endif
