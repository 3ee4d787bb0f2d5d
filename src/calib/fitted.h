/* What a calibration says of a county's own history, year by year: each
 * series beside its fitted path and the band of one standard deviation
 * around it, and the standardized innovations (MODEL.md section 11), under
 * the estimates in force for that county. For the charts, the report and
 * calibration_series.csv. */
#ifndef DR_FITTED_H
#define DR_FITTED_H

#include "calib/calibrate.h"

typedef struct dr_fitted_year {
    long year;
    /* growth: g, mu_g, and the stationary sd sigma_g / sqrt(1 - rho_g^2) */
    double g, g_fit, g_sd;
    /* own revenue growth: o, mu_or + beta_or g, sigma_or */
    double o, o_fit, o_sd;
    /* transfers growth: r, mu_tr, sigma_tr */
    double r, r_fit, r_sd;
    /* land revenue LR, its trend exp(mean level + mu_l (s - mean s)), and
     * the stationary sd of the log deviation sigma_l / sqrt(1 - rho_l^2);
     * NAN when the county has no land observations */
    double land, land_fit, land_sd;
    double z[4]; /* standardized innovations (NAN where none) */
} dr_fitted_year;

/* The estimates in force for panel county j: its own group with --by
 * county, else its type's (or the city's with --by city). */
const dr_cgroup *dr_calibration_of(const dr_calibration *c, size_t j);

/* County j's years, rows[0 .. T-1] (T = c->panel.c[j].T). */
void dr_fitted(const dr_calibration *c, size_t j, dr_fitted_year *rows);

/* The year in which a land trend that turns fits county j's log land
 * revenue much better than one straight trend (a break in the trend: an
 * F test of two segments joined at the year against one line, at the 1%
 * level), or 0 when none does or the county has too few years (under 8)
 * or no land observations. */
long dr_land_break(const dr_calibration *c, size_t j);

#endif
