/* debtrisk sensitivity: how much each parameter moves P(breach by the
 * horizon), each at a low and a high value on the same random draws. */
#ifndef DR_SENSITIVITY_H
#define DR_SENSITIVITY_H

#include "run/runner.h"

/* Runs the base model, then each parameter ("SECTION.KEY=LOW:HIGH"; none:
 * the default set around the model in force) low and high, into job->out
 * with sensitivity.csv. Returns DR_EUSAGE for a malformed parameter,
 * DR_ECHART when only charts failed (the results are in place), another
 * status on failure (nothing in place). */
dr_status dr_sensitivity_run(const dr_job *job, const char *const *params,
                             size_t nparams, dr_error *err);

#endif
