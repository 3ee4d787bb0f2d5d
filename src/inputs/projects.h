/* projects.csv: one row per project (the README, MODEL.md section 6). */
#ifndef DR_PROJECTS_H
#define DR_PROJECTS_H

#include <stddef.h>

#include "base/error.h"
#include "inputs/fiscal.h"

typedef enum dr_channel {
    DR_CH_SPECIAL_BOND, /* adds to new explicit debt */
    DR_CH_LGFV,         /* adds to new hidden debt */
    DR_CH_PPP,          /* adds to new hidden debt */
    DR_CH_BUDGET        /* adds to the year's spending */
} dr_channel;

typedef struct dr_project {
    char *id; /* [A-Za-z0-9_-]+, unique */
    char *county_id;
    char *name;
    size_t county; /* index into the dr_fiscal the file was checked against */
    dr_channel channel;
    int start_year;       /* S_p */
    double capex;         /* capex_p > 0 */
    int build_years;      /* b_p >= 1 */
    double revenue_yield; /* yield_p >= 0 (default 0) */
    int revenue_years;    /* L_p >= 0 (default 20) */
    double revenue_sd;    /* v_p >= 0 (default 0) */
    double fail_prob;     /* pi_p in [0, 1] (default 0) */
    double overrun_mean;  /* o_p > -1 (default 0) */
    double overrun_sd;    /* s_p >= 0 (default 0) */
    const char *file;     /* the file it came from (owned by the set) */
    long line;
} dr_project;

typedef struct dr_projects {
    dr_project *p;
    size_t n;
    char **files; /* the paths read, owned here */
    size_t nfiles;
} dr_projects;

/* Reads projects from path and appends them to *set, checking every value,
 * that each county exists in fiscal, and that ids are unique within *set.
 * On error returns DR_EINPUT (or DR_ENOMEM), fills err, and leaves *set as it
 * was. An empty set is {0}. */
dr_status dr_projects_read(const char *path, const dr_fiscal *fiscal,
                           dr_projects *set, dr_error *err);

void dr_projects_free(dr_projects *set);

const char *dr_channel_name(dr_channel c);

#endif
