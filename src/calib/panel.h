/* The observations of MODEL.md section 11, county by county, from a
 * history and a window of years: growth rates of GDP, own revenue,
 * transfers and primary spending, and the log of land revenue. */
#ifndef DR_PANEL_H
#define DR_PANEL_H

#include <stddef.h>

#include "base/error.h"
#include "inputs/fiscal.h"
#include "inputs/history.h"

/* One county's observations; index s is the year first + s, s = 0..T-1.
 * Growth rates (g, o, r, p) are NAN at s = 0 and where a year is missing;
 * l is NULL when some land revenue of the window is <= 0 (no land
 * observations at all). */
typedef struct dr_panel_county {
    size_t county;    /* index in fiscal.csv */
    const char *id;   /* from fiscal.csv */
    const char *type; /* from fiscal.csv */
    long first;       /* calendar year of s = 0 */
    size_t T;         /* years */
    double *g, *o, *r, *p;
    double *l;
    double *land; /* land revenue as given (with l) */
} dr_panel_county;

typedef struct dr_panel {
    dr_panel_county *c; /* in fiscal.csv order */
    size_t n;
    long from, to; /* the window as used: first and last year with data */
} dr_panel;

/* The observations of every county of h inside [from, to]. Counties with
 * fewer than min_years years there are an input error (history.h). */
dr_status dr_panel_build(dr_panel *P, const dr_history *h, const dr_fiscal *f,
                         long from, long to, size_t min_years, dr_error *err);

void dr_panel_free(dr_panel *P);

#endif
