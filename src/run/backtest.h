/* debtrisk backtest: would the model have seen the past coming? For each
 * origin year O, calibrate on the history up to O, simulate from the
 * history's year O as base year, and compare what happened with the
 * simulated distribution (INTERFACE.md version 2, "backtest"). */
#ifndef DR_RUN_BACKTEST_H
#define DR_RUN_BACKTEST_H

#include "base/lang.h"
#include "calib/calibrate.h"

typedef struct dr_backtest_job {
    const char *history, *fiscal; /* the files */
    const char *model;            /* NULL: the bundled baseline */
    dr_cal_by by;
    long from;                /* the first year calibrated on */
    long origin0, origin1;    /* the origins, inclusive */
    long horizon;             /* years compared; 0: to the last, <= 10 */
    const char *paths, *seed; /* as typed, or NULL: the model's */
    const char *const *set;   /* SECTION.KEY=VALUE, after calibration */
    size_t nset;
    int nfam; /* families compared (0: the model's) */
    dr_family family[3];
    const char *out;
    unsigned charts;
    dr_lang lang;
    int threads;
} dr_backtest_job;

/* Runs the backtest into job->out at once (the previous results stay on
 * any failure). Returns DR_EINPUT for a bad input, DR_EUSAGE for an origin
 * the history cannot take (naming it), DR_ECHART when only the charts
 * failed (the results are in place), DR_EINTR when stopped, another status
 * on failure. */
dr_status dr_backtest_run(const dr_backtest_job *job, dr_error *err);

#endif
