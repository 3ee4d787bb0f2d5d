/* A run plan: the inputs of one scenario resolved against the data, ready
 * for the engine. It holds, per county, the model inputs, the scenario's
 * year-by-year changes and the county's active projects. */
#ifndef DR_PLAN_H
#define DR_PLAN_H

#include "base/error.h"
#include "calib/bootstrap.h"
#include "inputs/fiscal.h"
#include "inputs/params.h"
#include "inputs/projects.h"
#include "inputs/scenario.h"
#include "model/model.h"

typedef struct dr_plan {
    const dr_params *params;
    const dr_fiscal *fiscal;
    const dr_scenario *scenario;
    size_t n;            /* counties */
    long years;          /* T */
    dr_county_model *cm; /* per county */
    /* The parameters of the counties with a [county.ID] section of their
     * own (their cm[i].tp points here); NULL when none has one. */
    dr_type_params *own;
    /* Bootstrap shocks ([shocks] family = bootstrap): the table the
     * county shocks are drawn from (set by the caller after building the
     * plan; NULL for the other families). */
    const dr_bootstrap *boot;
    /* Per county: NULL when the scenario leaves it alone, else T entries
     * (index t-1). Counties the scenario treats alike share one array. */
    const dr_yearadj **adj;
    dr_yearadj *adj_store;
    size_t nstore;
    /* Active projects, grouped by county: those of county i are
     * proj[proj_start[i] .. proj_start[i+1]-1]; proj_index gives each one's
     * index in the dr_projects set it came from. */
    const dr_project **proj;
    size_t *proj_index;
    size_t nproj;
    size_t *proj_start; /* n + 1 entries */
} dr_plan;

/* Resolves scenario s (counties, types, years, swap, project selection)
 * against the data. nbase is the number of projects in `projects` that come
 * from projects.csv; the rest came from the scenario's own file and are all
 * active. Errors name the scenario file's line. params must be finished. */
dr_status dr_plan_build(dr_plan *plan, const dr_params *params,
                        const dr_fiscal *fiscal, const dr_projects *projects,
                        size_t nbase, const dr_scenario *s, dr_error *err);

void dr_plan_free(dr_plan *plan);

#endif
