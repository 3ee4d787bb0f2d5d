/* The table bootstrap shocks draw from (MODEL.md section 12): for every
 * year of the history in which every county of the run has a complete
 * vector of standardized innovations (section 11, standardized by the
 * grouping of [shocks] by, county as type), each county's four
 * innovations; a county without land observations takes 0 for land. */
#ifndef DR_BOOTSTRAP_H
#define DR_BOOTSTRAP_H

#include <stddef.h>

#include "base/error.h"
#include "inputs/fiscal.h"
#include "inputs/history.h"
#include "inputs/params.h"

typedef struct dr_bootstrap {
    size_t n;      /* counties, in fiscal.csv order */
    size_t nyears; /* years drawable */
    long *year;    /* their calendar years, ascending */
    double *z;     /* [(y*n + i)*4 + k]: county i's innovations in year y */
    size_t block;  /* consecutive years one draw takes */
    size_t nstarts;
    size_t *start; /* the y a block may start at: block consecutive years */
} dr_bootstrap;

/* Builds the table for the counties of f from the years [from, to] of
 * history h under the model p (its [shocks] by and block; its values where
 * the history cannot estimate a key). A county of f missing from h, or no year
 * (no block of years) in which every county is complete, is DR_EINPUT naming
 * the history (and the county's line of fiscal.csv). *b is empty on error. */
dr_status dr_bootstrap_build(const dr_history *h, const dr_fiscal *f,
                             const dr_params *p, long from, long to,
                             dr_bootstrap *b, dr_error *err);

void dr_bootstrap_free(dr_bootstrap *b);

/* The lag-1 autocorrelation of variable k's innovations (0 growth, 1 own
 * revenue, 2 land, 3 transfers), pooled over the counties and the pairs of
 * consecutive drawable years, sum z_s z_{s-1} / sum z_{s-1}^2; *pairs the
 * number of such pairs (0: NAN). A value beyond about 2/sqrt(pairs) says
 * the years are not independent draws, the evidence for block = 2. */
double dr_bootstrap_lag1(const dr_bootstrap *b, int k, size_t *pairs);

/* The innovations of county i when the draw is year index y. */
static inline const double *dr_bootstrap_z(const dr_bootstrap *b, size_t y,
                                           size_t i)
{
    return &b->z[(y * b->n + i) * 4];
}

#endif
