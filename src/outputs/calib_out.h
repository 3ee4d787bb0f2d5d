/* The outputs of calibrate (INTERFACE.md version 2): calibration.csv, and
 * the estimates as model-file values with their comments. */
#ifndef DR_CALIB_OUT_H
#define DR_CALIB_OUT_H

#include <stdio.h>

#include "calib/apply.h"
#include "calib/fitted.h"

/* calibration.csv: group,key,value,se,n,status, every key of every group,
 * then the correlation and the common weights (a `kept` row holds the
 * model's value). Numbers round-trip. */
void dr_write_calibration(FILE *f, const dr_calibration *c,
                          const dr_params *model);

/* calibration_series.csv: per county and year of the history used, each
 * series beside its fitted path and one-sd band, and the standardized
 * innovations (calib/fitted.h); empty cells where a value does not
 * exist. */
void dr_write_calibration_series(FILE *f, const dr_calibration *c);

/* model.ini: the model given with the estimates in force (calib/apply.h;
 * p as dr_calibration_apply left it), each with its comment; history names
 * the file calibrated on. */
void dr_write_calibrated_model(FILE *f, const dr_calibration *c,
                               const dr_params *p, const char *history);

/* The comment a model file carries beside an estimate: its standard
 * error, n, status and the years used, e.g. "se 0.0041, n 55, estimated
 * on 2013-2024". buf of size n. */
void dr_calib_note(char *buf, size_t n, const dr_calibration *c,
                   const dr_cvalue *v);

#endif
