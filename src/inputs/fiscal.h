/* fiscal.csv: one row per county, base-year figures (the README). */
#ifndef DR_FISCAL_H
#define DR_FISCAL_H

#include <stddef.h>

#include "base/error.h"

typedef struct dr_county {
    char *id;   /* [A-Za-z0-9_-]+, unique */
    char *name; /* display name, UTF-8 */
    char *type; /* type label, selects [type.<label>] */
    double gdp, own_revenue, transfers, land_revenue;
    double other_fund_revenue, soe_revenue, remittance;
    double primary_spending, explicit_debt, hidden_debt, contingent;
    /* Base rates re+_0 and rh+_0; NAN when the cell is absent or empty,
     * meaning "use the type default". */
    double rate_explicit, rate_hidden;
    long line;     /* line of the row in the file */
    long type_col; /* column of its type cell, for messages */
} dr_county;

typedef struct dr_fiscal {
    char *path; /* the file as named by the user */
    dr_county *county;
    size_t n;
    /* The counties in order of id, for dr_fiscal_find (NULL: search them
     * one by one, as for a set built by hand). */
    size_t *order;
} dr_fiscal;

/* Reads and checks fiscal.csv. On success fills *out (which the caller frees
 * with dr_fiscal_free). On error returns DR_EINPUT (or DR_ENOMEM), fills err
 * with file, line, column and message, and leaves *out empty. */
dr_status dr_fiscal_read(const char *path, dr_fiscal *out, dr_error *err);

void dr_fiscal_free(dr_fiscal *f);

/* Index of the county with this id, or -1. */
long dr_fiscal_find(const dr_fiscal *f, const char *id);

/* The county id closest to id for "did you mean" (dr_suggest), or NULL. */
const char *dr_fiscal_suggest(const dr_fiscal *f, const char *id);

#endif
