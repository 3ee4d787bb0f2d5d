/* Scenario files: what-if changes on top of the model (the README
 * "Scenario file", MODEL.md sections 7 and 8). */
#ifndef DR_SCENARIO_H
#define DR_SCENARIO_H

#include <stddef.h>

#include "base/error.h"
#include "inputs/params.h"

/* Variables an adjustment may name (MODEL.md section 8). */
typedef enum dr_adj_var {
    /* flows: mul then add, on that year's flow only */
    DR_ADJ_OWN_REVENUE,
    DR_ADJ_TRANSFERS,
    DR_ADJ_LAND_REVENUE,
    DR_ADJ_OTHER_FUND_REVENUE,
    DR_ADJ_SOE_REVENUE,
    DR_ADJ_REMITTANCE,
    DR_ADJ_PRIMARY_SPENDING,
    /* rates: add only */
    DR_ADJ_GDP_GROWTH,
    DR_ADJ_YIELD,
    DR_ADJ_HIDDEN_SPREAD,
    /* stocks: add only, once in each year named */
    DR_ADJ_EXPLICIT_DEBT,
    DR_ADJ_HIDDEN_DEBT,
    DR_ADJ_CONTINGENT,
    DR_ADJ_NVARS
} dr_adj_var;

#define DR_NFLOWS 7 /* the first DR_NFLOWS variables are flows */

typedef enum dr_sel_kind { DR_SEL_ALL, DR_SEL_IDS, DR_SEL_TYPE } dr_sel_kind;

/* Which counties: "*", "id,id,...", or "type:LABEL". */
typedef struct dr_selector {
    dr_sel_kind kind;
    char **ids;   /* DR_SEL_IDS */
    long *id_col; /* the column of each id */
    size_t nids;
    char *type; /* DR_SEL_TYPE */
    long line, col;
} dr_selector;

typedef enum dr_op { DR_OP_ADD, DR_OP_MUL } dr_op;

typedef struct dr_adjust {
    char *label; /* from [adjust.LABEL] */
    dr_selector counties;
    dr_adj_var var;
    long year_from, year_to; /* calendar years, inclusive */
    long years_line, years_col;
    dr_op op;
    double value;
    int per_cfr_base; /* value is a share of the county's base-year CFR */
    long line;        /* of the section header */
} dr_adjust;

/* A [swap] or [swap.LABEL] section: several may swap different counties
 * or years (a solved package swaps each county its own share). */
typedef struct dr_swap {
    char *label;             /* of [swap.LABEL]; NULL for [swap] */
    long year_from, year_to; /* calendar years, inclusive */
    long years_line, years_col;
    double share;         /* of H_0 per year, in [0, 1] */
    double spread;        /* over y_t */
    dr_selector counties; /* default "*" */
    long line;
} dr_swap;

/* One "SECTION.KEY = VALUE" line of [set]. */
typedef struct dr_setting {
    char *section, *key, *value;
    long line, col;
} dr_setting;

typedef enum dr_proj_mode {
    DR_PROJ_ALL,
    DR_PROJ_NONE,
    DR_PROJ_LIST
} dr_proj_mode;

typedef struct dr_scenario {
    char *path;
    char *name; /* [a-z0-9-]+; "baseline" when no scenario is given */
    char *title, *description;
    dr_setting *set;
    size_t nset;
    dr_adjust *adj;
    size_t nadj;
    dr_swap *swap; /* in file order */
    size_t nswap;
    dr_proj_mode proj_mode;
    char **proj_ids; /* DR_PROJ_LIST */
    long *proj_id_col;
    size_t nproj_ids;
    long proj_line, proj_col;
    char *proj_file; /* extra projects, resolved relative to the scenario
                        file; NULL when none */
    long proj_file_line;
} dr_scenario;

/* Reads a scenario file. Checks everything that can be checked without the
 * data (names, variables, operations, year ranges, mul on a stock, swap
 * share); dr_plan_build checks counties and types against the data. On
 * error returns DR_EINPUT with file:line:col and leaves *s empty. */
dr_status dr_scenario_read(const char *path, dr_scenario *s, dr_error *err);

/* The empty scenario "baseline". */
dr_status dr_scenario_baseline(dr_scenario *s);

/* Applies the [set] lines to p (before dr_params_finish). */
dr_status dr_scenario_apply_sets(const dr_scenario *s, dr_params *p,
                                 dr_error *err);

void dr_scenario_free(dr_scenario *s);

const char *dr_adj_var_name(dr_adj_var v);

#endif
