/* The targets of `debtrisk solve` (INTERFACE.md version 2, "solve"): a
 * measure of the results, on a county or on the city, held at or below a
 * bound. */
#ifndef DR_TARGET_H
#define DR_TARGET_H

#include "base/error.h"
#include "inputs/params.h"
#include "stats/results.h"

typedef enum dr_target_kind {
    DR_TG_P_BREACH_END,      /* P(broad above the line in some year to B+T) */
    DR_TG_P_ABOVE,           /* P(broad above the line in YEAR) */
    DR_TG_P_RED_END,         /* P(red grade in B+T) */
    DR_TG_BROAD_P50,         /* median broad ratio in YEAR */
    DR_TG_BROAD_P90,         /* 90th percentile of broad in YEAR */
    DR_TG_BROAD,             /* the deterministic broad ratio in YEAR */
    DR_TG_CITY_P50,          /* the city's median ratio in YEAR */
    DR_TG_CITY_P_ABOVE,      /* P(city above the line in YEAR) */
    DR_TG_COUNTIES_ABOVE_END /* expected counties above the line in B+T */
} dr_target_kind;

typedef struct dr_target {
    dr_target_kind kind;
    long year;    /* calendar year (B+T for the _end targets) */
    long t;       /* its projected year, 1..T (dr_target_resolve) */
    double bound; /* the measure must be <= bound */
    int city;     /* a measure of the city */
    int prob;     /* a probability (its Monte Carlo se is reported) */
    char text[64];
} dr_target;

/* Parses "MEASURE<=BOUND" or "MEASURE@YEAR<=BOUND" (the forms of
 * INTERFACE.md): an unknown measure, a missing or extra @YEAR, a bound out
 * of its range (a probability in [0, 1], a ratio >= 0) are DR_EUSAGE
 * naming --target. The year is checked by dr_target_resolve. */
dr_status dr_target_parse(const char *text, dr_target *t, dr_error *err);

/* Checks the target against the run: its year inside the projection (the
 * _end targets take B+T), broad@YEAR only with --deterministic and the
 * others only without, a city target only with --scope city. DR_EUSAGE
 * naming the flag. */
dr_status dr_target_resolve(dr_target *t, const dr_params *p, int deterministic,
                            int city_scope, dr_error *err);

/* The measure of county i (the city for a city target) in res, and in *se
 * its Monte Carlo standard error: sqrt(p(1-p)/N) for a probability, the
 * standard error of the mean count for counties_above_end, NAN for a
 * percentile and for a deterministic run. */
double dr_target_value(const dr_target *t, const dr_results *res, size_t i,
                       double *se);

/* The measure's words for a report ("P(breach by 2034)", ...) in buf. */
const char *dr_target_words(const dr_target *t, int zh, char *buf, size_t n);

#endif
