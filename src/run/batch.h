/* debtrisk batch: the baseline and every scenario on the same draws, each
 * into its own folder, and compare.csv with the paired changes. */
#ifndef DR_BATCH_H
#define DR_BATCH_H

#include "run/runner.h"

/* Loads and checks every scenario first (an input error before any
 * simulation), then runs the baseline and each scenario on common random
 * numbers into job->out. Returns DR_ECHART when only charts failed (the
 * results are in place), another status on failure (nothing in place). */
dr_status dr_batch_run(const dr_job *job, const char *const *scenarios,
                       size_t nscenarios, dr_error *err);

#endif
