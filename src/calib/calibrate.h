/* Calibration from history (MODEL.md section 11): every group's
 * estimates, the shrinkage of county estimates, the correlation of
 * standardized innovations and the common weights, from a history, the
 * counties' types and the model in force (whose values are kept where even
 * the pool of all counties cannot estimate a key). */
#ifndef DR_CALIBRATE_H
#define DR_CALIBRATE_H

#include <stddef.h>

#include "base/error.h"
#include "calib/correlation.h"
#include "calib/estimate.h"
#include "calib/panel.h"
#include "inputs/history.h"
#include "inputs/params.h"

typedef enum dr_cal_by { DR_BY_TYPE, DR_BY_CITY, DR_BY_COUNTY } dr_cal_by;

extern const char *const dr_cal_by_name[3]; /* "type", "city", "county" */

/* One group's estimates in force, under its model-file section name. */
typedef struct dr_cal_group {
    char *section;     /* "defaults", "type.LABEL", "county.ID" */
    const char *label; /* the type label or county id; NULL for defaults */
    dr_cgroup est;     /* values in force: estimated, pooled, shrunk or kept */
    /* --by county: the county's own estimates before shrinking, and each
     * key's shrinkage weight lambda (NAN where the key was pooled). */
    dr_cgroup own;
    double lambda[DR_NCKEYS];
} dr_cal_group;

typedef struct dr_calibration {
    dr_cal_by by;
    dr_panel panel;         /* the observations used */
    dr_cal_group *group;    /* defaults, then types, then counties */
    size_t ngroups, ntypes; /* types: group[1 .. ntypes] */
    size_t *type_of;        /* per panel county: its type's group index */
    size_t *by_section;     /* the groups in order of section name */
    dr_innovations innov;   /* standardized, per panel county and year */
    dr_corr_fit corr;
} dr_calibration;

/* Calibrates on the years [from, to] of h (every county needs 6 of them).
 * model gives the values kept where nothing can be estimated. On error
 * returns DR_EINPUT (a window too short, naming the county's first line)
 * or DR_ENOMEM, with *out empty. */
dr_status dr_calibrate(const dr_history *h, const dr_fiscal *f,
                       const dr_params *model, dr_cal_by by, long from, long to,
                       dr_calibration *out, dr_error *err);

void dr_calibration_free(dr_calibration *c);

/* The group of this model-file section ("type.urban"), or NULL. */
const dr_cal_group *dr_calibration_group(const dr_calibration *c,
                                         const char *section);

/* The group whose estimates standardize county j's innovations (its type
 * with --by type or county, the city pool with --by city). */
const dr_cal_group *dr_calibration_standardizer(const dr_calibration *c,
                                                size_t j);

/* The fewest years of a county the calibration takes. */
#define DR_CAL_MIN_YEARS 6

#endif
