/* debtrisk calibrate: estimates from a county history into a model file
 * that run takes, calibration.csv, the report and the charts
 * (INTERFACE.md version 2). */
#ifndef DR_RUN_CALIBRATE_H
#define DR_RUN_CALIBRATE_H

#include "base/lang.h"
#include "calib/calibrate.h"

typedef struct dr_calib_job {
    const char *history, *fiscal; /* the files */
    const char *model;            /* NULL: the bundled baseline */
    dr_cal_by by;
    long from, to; /* the window, inclusive */
    const char *out;
    unsigned charts; /* DR_CHART_* formats; 0 for none */
    dr_lang lang;
    int threads;
    const char *cmdline;
} dr_calib_job;

/* Reads, calibrates and writes everything into job->out at once (the
 * previous results stay on any failure). Returns DR_EINPUT for a bad
 * input (naming file, line and column), DR_ECHART when only the charts
 * failed (the results are in place), another status on failure. */
dr_status dr_calibrate_run(const dr_calib_job *job, dr_error *err);

#endif
