/* The levers of `debtrisk solve` (INTERFACE.md version 2, "solve"): what a
 * county may change, by how much, in which years, as scenario entries. A
 * lever at value x is an adjustment, a swap or a [set] line, so that the
 * package a solve finds is a scenario file. */
#ifndef DR_LEVER_H
#define DR_LEVER_H

#include "base/error.h"
#include "inputs/fiscal.h"
#include "inputs/params.h"
#include "inputs/scenario.h"

typedef enum dr_lever_kind {
    DR_LEVER_SPENDING, /* primary spending cut by x: mul 1 - x */
    DR_LEVER_REVENUE,  /* own revenue raised by x: mul 1 + x */
    DR_LEVER_SWAP,     /* a swap of share x of H_0 a year */
    DR_LEVER_ADJUST,   /* adjust:VARIABLE:OP, value x */
    DR_LEVER_SET       /* set:SECTION.KEY, value x */
} dr_lever_kind;

typedef struct dr_lever {
    dr_lever_kind kind;
    dr_adj_var var; /* DR_LEVER_ADJUST */
    dr_op op;
    char section[80], key[48]; /* DR_LEVER_SET: "rates", "hidden_spread" */
    int county_key;            /* DR_LEVER_SET: a [defaults] key */
    /* x runs from lo (no effort) toward hi; lo > hi is allowed, for a
     * lever that helps as it falls (a mul below 1). */
    double lo, hi, tol;
    long year_from, year_to; /* calendar years (not for set) */
    char text[96];           /* as typed, for messages and reports */
} dr_lever;

/* What the command line gave: --lever, and --range LO:HI, --years Y0[-Y1]
 * and --tol X, each NULL when absent. */
typedef struct dr_lever_args {
    const char *lever, *range, *years, *tol;
} dr_lever_args;

/* Parses the lever and its flags: the form of each, a variable or op
 * unknown to scenarios, a model key unknown or of [run], --range missing
 * for adjust: and set:, --years given to set:. Every error is DR_EUSAGE
 * naming the flag. Years and ranges that need the model wait for
 * dr_lever_resolve. */
dr_status dr_lever_parse(const dr_lever_args *a, dr_lever *lv, dr_error *err);

/* Completes the lever against the model: the default range (spending and
 * revenue 0:0.3, swap 0:1/years) and years (every projected year; the
 * first three for swap), the years inside the projection, the tolerance
 * (default |hi - lo|/1000, positive and below |hi - lo|), and for a
 * county-by-county solve (city_scope 0) a set: key that a county can hold
 * (a [defaults] key). DR_EUSAGE naming the flag. */
dr_status dr_lever_resolve(dr_lever *lv, const dr_lever_args *a,
                           const dr_params *p, int city_scope, dr_error *err);

/* Adds the lever at x to s: for county c, or for every county when c is
 * NULL (the city's scope; a [defaults] key then also goes into every
 * [type.*] and [county.*] section of p that sets it, so that it reaches
 * every county). A lever at its identity (mul 1, add 0, share 0) adds
 * nothing. s owns what is added (dr_scenario_free). DR_ENOMEM on failure. */
dr_status dr_lever_add(const dr_lever *lv, const dr_params *p,
                       const dr_county *c, double x, dr_scenario *s,
                       dr_error *err);

/* The words of the lever for a report: "primary spending cut", ... */
const char *dr_lever_name(const dr_lever *lv, int zh);

#endif
