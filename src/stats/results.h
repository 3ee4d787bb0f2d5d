/* Finished statistics of one scenario run (MODEL.md section 10), whatever
 * produced them: the deterministic projection or the Monte Carlo
 * accumulators. Outputs are written from this alone. */
#ifndef DR_RESULTS_H
#define DR_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "model/model.h"

/* The variables a backtest compares with what happened, per county and
 * projected year (their levels, in money, and broad). */
enum {
    DR_TR_GDP,
    DR_TR_OWN_REVENUE,
    DR_TR_TRANSFERS,
    DR_TR_LAND_REVENUE,
    DR_TR_CFR,
    DR_TR_BROAD,
    DR_NTRACK
};

/* Percentiles reported, in column order. */
#define DR_NPCT 7
extern const double dr_pct_levels[DR_NPCT]; /* 0.05 ... 0.95 */

typedef struct dr_stat {
    double mean, sd;
    double pct[DR_NPCT];
    double p_above;    /* P(value above its line) */
    double p_breached; /* P(above in any projected year 1..t) */
} dr_stat;

typedef struct dr_results {
    size_t n;              /* counties */
    long years;            /* T: rows run from t = 0 (base year) to T */
    long paths;            /* N */
    dr_stat *m;            /* [(i*(T+1) + t)*DR_NMEASURES + measure] */
    double *grade;         /* [(i*(T+1) + t)*DR_NGRADES + grade] */
    dr_stat *city;         /* [t]: the city ratio sum(E+H)/sum(CFR) */
    double *city_expected; /* [t]: expected number of counties above */
    double *city_counts;   /* [t*(n+1) + k]: P(k counties above) */
    /* A paired run (batch): [i*2 + 0] paths breached by the horizon in
     * this run but not in the baseline, [i*2 + 1] the reverse; i = n is
     * the city. Zero otherwise. */
    uint64_t *paired;
    /* A tracked run (backtest): [(i*T + t-1)*DR_NTRACK + v] for years
     * t = 1..T, the statistics of variable v and the PIT of its realized
     * value, P(simulated < realized) + P(simulated = realized)/2 (NAN where
     * none was given). NULL otherwise. */
    dr_stat *track;
    double *pit;
} dr_results;

/* Allocates zeroed results for n counties and T years; with `tracked`,
 * room for the tracked variables too. */
dr_status dr_results_alloc_tracked(dr_results *r, size_t n, long years,
                                   long paths, int tracked);

/* Allocates zeroed results for n counties and T years. */
dr_status dr_results_alloc(dr_results *r, size_t n, long years, long paths);

void dr_results_free(dr_results *r);

static inline dr_stat *dr_results_stat(const dr_results *r, size_t i, long t,
                                       int measure)
{
    return &r->m[(i * (size_t)(r->years + 1) + (size_t)t) * DR_NMEASURES +
                 (size_t)measure];
}

static inline double *dr_results_grades(const dr_results *r, size_t i, long t)
{
    return &r->grade[(i * (size_t)(r->years + 1) + (size_t)t) * DR_NGRADES];
}

/* A value every path shares (a deterministic run, the base year): every
 * percentile and the mean the value, sd 0, P(above) 0 or 1. */
void dr_stat_point(dr_stat *st, double v, double line, int breached);

/* The paired change of P(breach by the horizon) of unit i against the
 * baseline, and its standard error: the mean and the standard error of
 * D = mine - base over the paths, from res->paired. */
void dr_results_paired(const dr_results *res, size_t i, double *delta,
                       double *se);

/* Monte Carlo standard error of a probability estimated from N paths. */
double dr_prob_se(double p, long paths);

#endif
