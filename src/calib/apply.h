/* The estimates of a calibration put into a model (MODEL.md section 11,
 * last paragraph): [defaults] the city pool, [type.*] each type's pool,
 * [county.*] each county's shrunk estimates, [correlation] and [common];
 * an estimated key is removed from the sections below its grouping, so
 * the estimates are the values in force. Every other key stays as the
 * model gives it. */
#ifndef DR_APPLY_H
#define DR_APPLY_H

#include "calib/calibrate.h"

/* The model-file keys of the six correlations (INTERFACE.md order, the
 * pairs of dr_corr_pair) and of the four common weights. */
extern const char *const dr_corr_key[6];
extern const char *const dr_common_key[4];

/* Applies c to p (the model given, finished). Returns DR_ENOMEM on
 * failure (p then partly changed: discard it), else DR_OK with p finished
 * again. */
dr_status dr_calibration_apply(const dr_calibration *c, dr_params *p,
                               dr_error *err);

/* The estimate behind a model key after dr_calibration_apply ("type.urban"
 * and "land.mu", "correlation" and "growth.land", ...), or NULL when the
 * key was not estimated. */
const dr_cvalue *dr_calibration_find(const dr_calibration *c,
                                     const char *section, const char *key,
                                     dr_cvalue *scratch);

#endif
