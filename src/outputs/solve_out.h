/* What a solve found (INTERFACE.md version 2, "solve"): per county (or for
 * the city) the lever value of the package, what it achieves and what the
 * baseline gave; written as solve.csv, read by the report and the charts. */
#ifndef DR_SOLVE_OUT_H
#define DR_SOLVE_OUT_H

#include <stdio.h>

#include "inputs/fiscal.h"
#include "inputs/lever.h"
#include "stats/results.h"
#include "stats/target.h"

typedef enum dr_solve_status {
    DR_SOLVED,       /* the smallest effort in the range meeting the target */
    DR_MET,          /* met already at the range's low end */
    DR_NOT_REACHABLE /* not met even at the high end */
} dr_solve_status;

extern const char *const dr_solve_status_names[3]; /* "solved", ... */

typedef struct dr_solve_row {
    double value;    /* the lever in the package (hi when not reachable) */
    double achieved; /* the target's measure with it */
    double se;       /* its Monte Carlo standard error, NAN when none */
    double baseline; /* the measure without the lever */
    dr_solve_status status;
    int nonmonotone; /* the scan found the measure rising with the lever */
} dr_solve_row;

typedef struct dr_solve {
    const dr_fiscal *fiscal;
    dr_lever lever;
    dr_target target;
    int city_scope; /* one row, the city's; else one per county */
    size_t nrows;
    dr_solve_row *row;
    long runs;  /* simulations the search took, the final one included */
    long paths; /* of each */
    int deterministic;
    long seed;
    const char *scenario; /* the name of the scenario solved on top of */
    /* the city's ratio without and with the package, for the charts:
     * [t] for t = 0..T */
    long base_year, years;
    const dr_stat *city_before, *city_after;
} dr_solve;

/* solve.csv: county_id,name,lever,value,target,achieved,achieved_se,
 * baseline,status (the city's row: county_id "city"). */
void dr_write_solve(FILE *f, const dr_solve *s);

/* The lever's value as the report states it: a share in percent for
 * spending, revenue and swap ("4.2%"), else the number. */
const char *dr_solve_value_text(const dr_solve *s, double x, char buf[32]);

#endif
