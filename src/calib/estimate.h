/* The estimators of MODEL.md section 11.1-11.5 for one group of counties:
 * growth AR(1) around a pooled mean with the half-panel jackknife, own
 * revenue's least squares on growth, land as a log trend with a level per
 * county and AR(1) deviations, transfers and spending growth, each with
 * its standard error (11.8). A key whose own denominator is <= 0 cannot be
 * made and takes its fallback's value (the pool's, or the model's). The
 * innovations of a county under a group's estimates, for the correlation,
 * the common weights and bootstrap shocks (11.6, 11.7, 12). */
#ifndef DR_ESTIMATE_H
#define DR_ESTIMATE_H

#include <stddef.h>

#include "calib/panel.h"

/* The keys a group's estimates set, in calibration.csv order. */
enum {
    DR_CK_GROWTH_MU,
    DR_CK_GROWTH_SIGMA,
    DR_CK_GROWTH_RHO,
    DR_CK_OR_MU,
    DR_CK_OR_BETA,
    DR_CK_OR_SIGMA,
    DR_CK_LAND_MU,
    DR_CK_LAND_SIGMA,
    DR_CK_LAND_RHO,
    DR_CK_TR_MU,
    DR_CK_TR_SIGMA,
    DR_CK_SPENDING_MU,
    DR_NCKEYS
};

/* Their names in a model file's [defaults]-like sections. */
extern const char *const dr_ckey_name[DR_NCKEYS];

typedef enum dr_cstatus {
    DR_CS_ESTIMATED, /* made by the group's own data */
    DR_CS_POOLED,    /* could not be made: the pool's value */
    DR_CS_SHRUNK,    /* a county's own estimate pulled toward its type's */
    DR_CS_KEPT       /* not estimable even by the city: the model's value */
} dr_cstatus;

extern const char *const dr_cstatus_name[4];

/* An estimate: se is NAN where it is not defined. */
typedef struct dr_cvalue {
    double value, se;
    long n; /* observations (or innovations) behind it */
    dr_cstatus status;
} dr_cvalue;

/* The AR coefficient's jackknife, for the report. */
typedef struct dr_jackknife {
    double full, half_a, half_b; /* rho-hat on all, first, second halves */
    int halves;                  /* both halves gave an estimate */
    int clipped;                 /* the result hit -0.9 or 0.9 */
} dr_jackknife;

typedef struct dr_cgroup {
    dr_cvalue v[DR_NCKEYS];
    dr_jackknife jk_growth, jk_land;
    size_t counties, land_counties; /* members; those with land */
} dr_cgroup;

/* Estimates every key for the counties members[0..k-1] of P. A key that
 * cannot be made takes fallback[key] as it is (value, se, n and status:
 * DR_CS_POOLED or DR_CS_KEPT, the caller's choice); later quantities use
 * the values in force (e.g. growth's innovations a fallen-back rho). The
 * se of own_revenue.beta, own_revenue.mu and land.mu need the group's own
 * sigma: NAN when it fell back. */
void dr_estimate_group(const dr_panel *P, const size_t *members, size_t k,
                       const dr_cvalue fallback[DR_NCKEYS], dr_cgroup *out);

/* The four innovations e[s][0..3] (growth, own revenue, land, transfers)
 * of county c under the estimates v, standardized by v's sigmas (11.6);
 * NAN where one does not exist (growth before s = 2, the others before
 * s = 1, land when c has no land observations, or a sigma of 0). */
void dr_estimate_innovations(const dr_panel_county *c,
                             const dr_cvalue v[DR_NCKEYS], double (*z)[4]);

#endif
