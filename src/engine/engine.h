/* The engine: runs the year step over counties, years and paths, and turns
 * what it produces into statistics. It owns randomness and loops; the
 * economics live in model.c. */
#ifndef DR_ENGINE_H
#define DR_ENGINE_H

#include "base/error.h"
#include "engine/vrng.h"
#include "model/model.h"
#include "model/plan.h"
#include "stats/results.h"

/* The deterministic projection (MODEL.md section 9): every draw replaced by
 * its mean. rows receives n*(T+1) years, county-major, row t = 0 being the
 * base year. Returns DR_ENOMEM or DR_OK. */
dr_status dr_engine_deterministic(const dr_plan *plan, dr_year *rows);

/* Statistics of a deterministic projection: one path, every percentile
 * equal to the value. res must be allocated for the plan's size. */
void dr_results_from_rows(const dr_plan *plan, const dr_year *rows,
                          dr_results *res);

#include <signal.h>

typedef struct dr_mc_opts {
    int threads;                 /* >= 1 */
    volatile sig_atomic_t *stop; /* polled between chunks; may be NULL */
    /* Called on the calling thread after each chunk of paths; may be NULL. */
    void (*progress)(void *ctx, long done, long total);
    void *ctx;
    /* When not NULL: count * (n + 1) bytes (dr_engine_block: this rank's
     * paths) receiving, for each of its paths and each county (the city
     * last), 1 when its broad ratio was above the warning line in some
     * projected year, for paired comparisons. */
    unsigned char *breach;
    /* When not NULL: the baseline's flags, as `breach` holds them, that
     * res->paired counts this run's breaches against. */
    const unsigned char *baseline;
    /* When not NULL (a backtest): the realized value of each tracked
     * variable, [(i*T + t-1)*DR_NTRACK + v] (NAN where none); res must be
     * allocated tracked and receives their statistics and PITs. */
    const double *real;
    /* How the counties' paths run; the bytes are the same either way.
     * 0: DR_VRNG_LANES paths at a time, their shocks drawn in vector
     * registers (vrng.h) on implementation `isa` (DR_VRNG_AUTO: the
     * fastest) and their years stepped together (dr_model_step_lanes,
     * AVX2's when isa is, or is AUTO and the processor has it); Student-t
     * shocks are drawn through GSL. 1: every number drawn one at a time
     * through GSL and every path stepped alone (dr_model_step): the
     * reference the vector path is tested against. */
    int scalar;
    dr_vrng_isa isa;
    /* When not NULL: receives the seconds this rank spent on its paths,
     * before the merge (debtrisk bench). */
    double *busy;
    /* When not NULL: receives the bytes of this rank's tally as sent to
     * rank 0 under mpirun (0 for one process). */
    size_t *sent;
} dr_mc_opts;

/* This process's block of paths under K ranks (dr_par): rank r runs
 * paths [paths*r/K, paths*(r+1)/K), count of them (all of them for one
 * process). */
void dr_engine_block(long paths, long *first, long *count);

/* The Monte Carlo run (MODEL.md sections 2-10): params->paths paths of
 * params->years years, every path on its own random streams keyed by
 * (seed, path, county id or project id), so the results are the same bytes
 * for any thread count and any number of ranks. Under mpirun each rank
 * runs its block and the tallies are merged: res is then the same on
 * every rank, and so is the status. res must be allocated for the plan's
 * size. Returns DR_OK, DR_ENOMEM or DR_EINTR (stop set). */
dr_status dr_engine_monte_carlo(const dr_plan *plan, const dr_mc_opts *o,
                                dr_results *res, dr_error *err);
#endif
