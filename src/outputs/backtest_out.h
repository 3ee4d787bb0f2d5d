/* What a backtest found (INTERFACE.md version 2, "backtest"): for every
 * origin, family, county, year and variable the realized value beside the
 * simulated distribution and its PIT, and the fans of the first origin;
 * written as backtest.csv, read by the report and the charts. */
#ifndef DR_BACKTEST_OUT_H
#define DR_BACKTEST_OUT_H

#include <stdio.h>

#include "base/error.h"
#include "inputs/fiscal.h"
#include "inputs/params.h"
#include "stats/results.h"

/* One comparison. */
typedef struct dr_bt_row {
    long origin;
    size_t county; /* index in fiscal.csv */
    long year;
    int var;    /* DR_TR_* */
    int family; /* index into dr_backtest.family */
    double real, p10, p50, p90, pit;
} dr_bt_row;

typedef struct dr_backtest {
    const dr_fiscal *fiscal; /* the counties' names */
    int nfam;
    dr_family family[3];
    long from, origin0, origin1; /* calibrated from; the origins */
    long paths;                  /* of each run */
    dr_bt_row *row;
    size_t nrows, cap;
    /* The fans of the first origin and family, for the charts: years 0..T
     * (0 the origin itself), [(i*(T+1) + t)*DR_NTRACK + v]. */
    long fan_T;
    dr_stat *fan;
    double *fan_real;
} dr_backtest;

extern const char *const dr_track_names[DR_NTRACK]; /* "gdp", ... "broad" */

/* Adds a row. Returns DR_ENOMEM on failure. */
dr_status dr_backtest_add(dr_backtest *b, const dr_bt_row *r);

void dr_backtest_free(dr_backtest *b);

/* backtest.csv: origin,county_id,year,variable,realized,p10,p50,p90,pit,
 * family. */
void dr_write_backtest(FILE *f, const dr_backtest *b);

/* Coverage of variable v (-1: all) under family k: the share of realized
 * values with a PIT in [lo, 1 - lo] (0.1: the 10-90% band), and how many
 * there are. */
double dr_backtest_coverage(const dr_backtest *b, int k, int v, double lo,
                            size_t *count);

#endif
