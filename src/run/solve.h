/* debtrisk solve: the smallest effort of a lever that meets a target, for
 * every county alone (all of them searched together, on common random
 * numbers) or for the city as a whole (INTERFACE.md version 2, "solve"). */
#ifndef DR_RUN_SOLVE_H
#define DR_RUN_SOLVE_H

#include "inputs/lever.h"
#include "run/runner.h"

typedef struct dr_solve_job {
    dr_job job;          /* the inputs, --scenario, the run, the output */
    dr_lever_args lever; /* --lever, --range, --years, --tol */
    const char *target;  /* --target */
    const char *scope;   /* --scope county|city, NULL: county */
} dr_solve_job;

/* Parses and checks the lever and the target, runs the baseline, searches
 * (a low-end run, a coarse scan, then a bisection of every county at once)
 * and writes job.out: solve.csv, solve.md, charts/, baseline/ and solved/
 * (every output of run, and solved/scenario.ini, the package, which run
 * --scenario reproduces). DR_EUSAGE for a bad lever, target or scope;
 * DR_ECHART when only the charts failed; DR_EINTR when stopped. */
dr_status dr_solve_run(const dr_solve_job *sj, dr_error *err);

#endif
