/* Everything one scenario run reads: the data, the model, the scenario and
 * the overrides, loaded and checked in the order the contract gives (model
 * file, scenario [set], --set, then --paths/--years/--seed). */
#ifndef DR_INPUTS_H
#define DR_INPUTS_H

#include "base/error.h"
#include "inputs/fiscal.h"
#include "inputs/history.h"
#include "inputs/params.h"
#include "inputs/projects.h"
#include "inputs/scenario.h"

typedef struct dr_input_spec {
    const char *data;   /* folder with fiscal.csv [and projects.csv] */
    const char *fiscal; /* or the files themselves */
    const char *projects;
    const char *model;      /* NULL: the bundled baseline model */
    const char *const *set; /* SECTION.KEY=VALUE overrides */
    size_t nset;
    const char *paths, *years, *seed; /* flag values, or NULL */
} dr_input_spec;

typedef struct dr_inputs {
    char *fiscal_path, *projects_path, *model_path; /* projects may be NULL */
    dr_fiscal fiscal;
    dr_projects projects;
    size_t nbase; /* projects from projects.csv; the rest from the scenario */
    dr_params params;
    dr_scenario scenario;
    dr_history history; /* bootstrap shocks: [shocks] history, else empty */
    /* Warnings found while loading (a type label close to a section's):
     * file, line, column and message, for the command to print. */
    dr_error *warn;
    size_t nwarn;
} dr_inputs;

/* Loads and checks the inputs for one scenario (NULL: the baseline). On
 * error returns its status with err filled, and *in is left empty. */
dr_status dr_inputs_load(dr_inputs *in, const dr_input_spec *spec,
                         const char *scenario_path, dr_error *err);

void dr_inputs_free(dr_inputs *in);

/* Prints the warnings of loading (a type label close to a section's, ...)
 * on stderr, one line each: "debtrisk: warning: FILE:LINE:COL: ...". */
void dr_inputs_warn(const dr_inputs *in);

/* Path of a bundled file (e.g. "models/baseline.ini"): in the source tree
 * when the program runs from its build tree, else in the installed data
 * folder. DEBTRISK_DATADIR overrides both. Returns a new string. */
char *dr_bundled_path(const char *rel);

#endif
