/* The outputs of calibrate (INTERFACE.md version 2): calibration.csv, and
 * the estimates as model-file values with their comments. */
#ifndef DR_CALIB_OUT_H
#define DR_CALIB_OUT_H

#include <stdio.h>

#include "calib/calibrate.h"

/* The six correlation keys (INTERFACE.md order, the pairs of
 * dr_corr_pair) and the four common weights. */
extern const char *const dr_corr_key[6];
extern const char *const dr_common_key[4];

/* calibration.csv: group,key,value,se,n,status, every key of every group,
 * then the correlation and the common weights (a `kept` row holds the
 * model's value). Numbers round-trip. */
void dr_write_calibration(FILE *f, const dr_calibration *c,
                          const dr_params *model);

/* The comment a model file carries beside an estimate: its standard
 * error, n, status and the years used, e.g. "se 0.0041, n 55, estimated
 * on 2013-2024". buf of size n. */
void dr_calib_note(char *buf, size_t n, const dr_calibration *c,
                   const dr_cvalue *v);

#endif
