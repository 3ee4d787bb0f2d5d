#include "inputs/projects.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "inputs/csvread.h"

enum {
    C_ID,
    C_COUNTY,
    C_NAME,
    C_CHANNEL,
    C_START,
    C_CAPEX,
    C_BUILD,
    C_YIELD,
    C_RYEARS,
    C_RSD,
    C_FAIL,
    C_OMEAN,
    C_OSD,
    NCOLS
};

static const dr_csv_column cols[NCOLS] = {
    {"project_id", 1},  {"county_id", 1},     {"name", 1},
    {"channel", 1},     {"start_year", 1},    {"capex", 1},
    {"build_years", 1}, {"revenue_yield", 0}, {"revenue_years", 0},
    {"revenue_sd", 0},  {"fail_prob", 0},     {"overrun_mean", 0},
    {"overrun_sd", 0},
};

static const char *const channel_names[] = {"special_bond", "lgfv", "ppp",
                                            "budget"};

const char *dr_channel_name(dr_channel c)
{
    return (size_t)c < sizeof channel_names / sizeof channel_names[0]
               ? channel_names[c]
               : "unknown";
}

/* Numbers of a project and their ranges (the README "Ranges"); def
 * applies to optional columns. */
/* clang-format off */
#define CAPEX {0, DR_MONEY_MAX, 1, 0, DR_UNIT_NONE}  /* (0, 1e12] */
#define SHARE {0, 1, 0, 0, DR_UNIT_SHARE}            /* [0, 1] */
#define OVERRUN {-1, 10, 1, 0, DR_UNIT_SHARE}        /* (-1, 10] */
#define SD {0, 5, 0, 0, DR_UNIT_NONE}                /* [0, 5] */
/* clang-format on */

static const struct {
    size_t col;
    size_t off;
    double def;
    dr_range range;
} nums[] = {
    {C_CAPEX, offsetof(dr_project, capex), 0, CAPEX},
    {C_YIELD, offsetof(dr_project, revenue_yield), 0, SHARE},
    {C_RSD, offsetof(dr_project, revenue_sd), 0, SD},
    {C_FAIL, offsetof(dr_project, fail_prob), 0, SHARE},
    {C_OMEAN, offsetof(dr_project, overrun_mean), 0, OVERRUN},
    {C_OSD, offsetof(dr_project, overrun_sd), 0, SD},
};

/* Whole numbers of a project, in [lo, hi]. */
static const struct {
    size_t col;
    size_t off;
    long def, lo, hi;
} ints[] = {
    {C_START, offsetof(dr_project, start_year), 0, 1900, 2200},
    {C_BUILD, offsetof(dr_project, build_years), 0, 1, 100},
    {C_RYEARS, offsetof(dr_project, revenue_years), 20, 0, 200},
};

/* Reads and checks the numbers of row r into *p. */
static dr_status read_numbers(const dr_csv_table *t, size_t r, dr_project *p,
                              dr_error *err)
{
    dr_status st;
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        long v;
        if ((st = dr_csv_long(t, r, ints[i].col, ints[i].lo, ints[i].hi,
                              ints[i].def, &v, err)) != DR_OK)
            return st;
        *(int *)((char *)p + ints[i].off) = (int)v; /* in range of int */
    }
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        double *v = (double *)((char *)p + nums[i].off);
        if ((st = dr_csv_double_in(t, r, nums[i].col, nums[i].def,
                                   &nums[i].range, v, err)) != DR_OK)
            return st;
    }
    return DR_OK;
}

/* Fills *p from data row r. Strings already allocated stay in *p for the
 * caller to free. */
static dr_status read_project(const dr_csv_table *t, size_t r,
                              const dr_fiscal *fiscal, dr_project *p,
                              dr_error *err)
{
    char *channel = NULL;
    dr_status st = DR_OK;
    p->line = dr_csv_row_line(t, r);
    if ((st = dr_csv_text(t, r, C_ID, DR_TEXT_CELL, &p->id, err)) ||
        (st = dr_csv_text(t, r, C_COUNTY, DR_TEXT_CELL, &p->county_id, err)) ||
        (st = dr_csv_text(t, r, C_NAME, DR_TEXT_CELL, &p->name, err)) ||
        (st = dr_csv_text(t, r, C_CHANNEL, 0, &channel, err)))
        goto cleanup;
    if (!dr_valid_id(p->id)) {
        st = dr_csv_fail(t, r, C_ID, err,
                         "project_id: '%s' is not a valid id (1 to 63 of "
                         "A-Z a-z 0-9 _ -)",
                         p->id);
        goto cleanup;
    }
    long county = dr_fiscal_find(fiscal, p->county_id);
    if (county < 0) {
        const char *g = dr_fiscal_suggest(fiscal, p->county_id);
        st = dr_csv_fail(t, r, C_COUNTY, err, "unknown county '%s'%s%s%s",
                         p->county_id, g ? "; did you mean '" : "", g ? g : "",
                         g ? "'?" : "");
        goto cleanup;
    }
    p->county = (size_t)county;
    if (p->name[0] == '\0') {
        st = dr_csv_fail(t, r, C_NAME, err, "name: the field is empty");
        goto cleanup;
    }
    size_t c = 0;
    while (c < sizeof channel_names / sizeof channel_names[0] &&
           strcmp(channel, channel_names[c]) != 0)
        c++;
    if (c == sizeof channel_names / sizeof channel_names[0]) {
        const char *g =
            dr_suggest(channel, channel_names,
                       sizeof channel_names / sizeof channel_names[0]);
        if (g)
            st = dr_csv_fail(t, r, C_CHANNEL, err,
                             "unknown channel '%s'; did you mean '%s'?",
                             channel, g);
        else
            st = dr_csv_fail(t, r, C_CHANNEL, err,
                             "unknown channel '%s'; expected special_bond, "
                             "lgfv, ppp or budget",
                             channel);
        goto cleanup;
    }
    p->channel = (dr_channel)c;
    st = read_numbers(t, r, p, err);
cleanup:
    free(channel);
    return st;
}

static void free_strings(dr_project *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].id);
        free(p[i].county_id);
        free(p[i].name);
    }
}

dr_status dr_projects_read(const char *path, const dr_fiscal *fiscal,
                           dr_projects *set, dr_error *err)
{
    dr_csv_table t;
    dr_project *p = NULL, *fresh = NULL;
    char **files = NULL, *file = NULL;
    const char **ids = NULL;
    size_t total = 0, dup, first;
    dr_status st;

    if ((st = dr_csv_read(path, cols, NCOLS, &t, err)) != DR_OK)
        goto cleanup;
    /* Build the grown set aside and swap it in only when all is well, so
     * that on error *set is untouched. */
    total = set->n + t.nrows;
    file = strdup(path);
    p = calloc(total ? total : 1, sizeof *p);
    files = malloc((set->nfiles + 1) * sizeof *files);
    ids = malloc((total ? total : 1) * sizeof *ids);
    if (!file || !p || !files || !ids) {
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    if (set->n)
        memcpy(p, set->p, set->n * sizeof *p);
    fresh = p + set->n;
    for (size_t r = 0; r < t.nrows; r++) {
        fresh[r].file = file;
        if ((st = read_project(&t, r, fiscal, &fresh[r], err)) != DR_OK)
            goto cleanup;
    }
    for (size_t i = 0; i < total; i++)
        ids[i] = p[i].id;
    if (dr_find_duplicate(ids, total, &dup, &first) != DR_OK) {
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    if (dup < total) { /* dup is in this file: the earlier set has none */
        if (first >= set->n)
            st = dr_csv_fail(&t, dup - set->n, C_ID, err,
                             "duplicate project_id '%s' (first at line %ld)",
                             ids[dup], p[first].line);
        else
            st = dr_csv_fail(&t, dup - set->n, C_ID, err,
                             "duplicate project_id '%s' (also in %s, line %ld)",
                             ids[dup], p[first].file, p[first].line);
        goto cleanup;
    }
    if (set->nfiles)
        memcpy(files, set->files, set->nfiles * sizeof *files);
    files[set->nfiles] = file;
    free(set->p);
    free(set->files);
    set->p = p;
    set->n = total;
    set->files = files;
    set->nfiles++;
    p = fresh = NULL;
    files = NULL;
    file = NULL;
cleanup:
    if (fresh) /* calloc'd, so rows not reached hold NULLs */
        free_strings(fresh, t.nrows);
    free(p);
    free(files);
    free(file);
    free(ids);
    dr_csv_free(&t);
    return st;
}

void dr_projects_free(dr_projects *set)
{
    free_strings(set->p, set->n);
    free(set->p);
    for (size_t i = 0; i < set->nfiles; i++)
        free(set->files[i]);
    free(set->files);
    *set = (dr_projects){0};
}
