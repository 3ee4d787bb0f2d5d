#include "calib/shrink.h"

#include <math.h>

void dr_shrink(const double *theta, const double *se, size_t k, double pooled,
               double *out, double *lambda)
{
    double tau2 = 0.0;
    if (k >= 3) {
        double mean = 0.0, ms = 0.0, ss = 0.0;
        for (size_t j = 0; j < k; j++) {
            mean += theta[j];
            ms += se[j] * se[j];
        }
        mean /= (double)k;
        ms /= (double)k;
        for (size_t j = 0; j < k; j++)
            ss += (theta[j] - mean) * (theta[j] - mean);
        tau2 = ss / (double)(k - 1) - ms;
        if (!(tau2 > 0.0))
            tau2 = 0.0;
    }
    for (size_t j = 0; j < k; j++) {
        double l = 0.0;
        if (tau2 > 0.0 && !isnan(se[j]))
            l = tau2 / (tau2 + se[j] * se[j]);
        out[j] = l * theta[j] + (1.0 - l) * pooled;
        if (lambda)
            lambda[j] = l;
    }
}
