/* history.csv: a county's past, one row per county and year (INTERFACE.md
 * version 2), for calibration, bootstrap shocks and the backtest. */
#ifndef DR_HISTORY_H
#define DR_HISTORY_H

#include <stddef.h>

#include "base/error.h"
#include "inputs/fiscal.h"

/* The variables of a history row, in column order after county_id, year. */
enum {
    DR_H_GDP,
    DR_H_OWN_REVENUE,
    DR_H_TRANSFERS,
    DR_H_LAND_REVENUE,
    DR_H_PRIMARY_SPENDING,
    DR_H_EXPLICIT_DEBT,
    DR_H_HIDDEN_DEBT,
    DR_H_OTHER_FUND_REVENUE,
    DR_H_SOE_REVENUE,
    DR_H_REMITTANCE,
    DR_H_CONTINGENT,
    DR_NHVARS
};

/* The years a history may hold, and so the most years of one county. */
#define DR_HISTORY_YEAR_MIN 1900
#define DR_HISTORY_YEAR_MAX 2200
#define DR_HISTORY_MAX_YEARS (DR_HISTORY_YEAR_MAX - DR_HISTORY_YEAR_MIN + 1)

/* Number of the variables above that every row must give. */
#define DR_H_REQUIRED 4

/* One county's consecutive years. v[y][k] is variable k in year
 * first + y; NAN where an optional variable is not given. */
typedef struct dr_history_county {
    size_t county;  /* index in fiscal.csv */
    const char *id; /* the county's id, in the dr_fiscal read against */
    long first;     /* first year */
    size_t nyears;
    double (*v)[DR_NHVARS];
    long line, col; /* the county_id cell of its first line in the file */
} dr_history_county;

typedef struct dr_history {
    char *path;
    dr_history_county *county; /* in fiscal.csv order, those present */
    size_t n;
    int has[DR_NHVARS]; /* the file has the column */
} dr_history;

/* Reads and checks history.csv against the counties of f (which must
 * outlive *out): columns by name,
 * every value checked (gdp, own_revenue and transfers > 0, since growth
 * rates divide by them; the rest >= 0; primary_spending > 0 when given),
 * a county unknown to f, a duplicate (county, year) or a gap in a county's
 * years an error naming file, line and column (a gap: the county's first
 * line). On error returns DR_EINPUT or DR_ENOMEM and leaves *out empty. */
dr_status dr_history_read(const char *path, const dr_fiscal *f, dr_history *out,
                          dr_error *err);

void dr_history_free(dr_history *h);

/* The county of fiscal index i, or NULL when the history lacks it. */
const dr_history_county *dr_history_find(const dr_history *h, size_t i);

/* Checks that every county of h has at least min_years years inside
 * [from, to] (inclusive): else DR_EINPUT at the county's first line. */
dr_status dr_history_check_window(const dr_history *h, long from, long to,
                                  size_t min_years, dr_error *err);

/* A county's years inside [from, to]: the index of the first in *y0 and
 * the count returned (0 when none). */
size_t dr_history_window(const dr_history_county *c, long from, long to,
                         size_t *y0);

#endif
