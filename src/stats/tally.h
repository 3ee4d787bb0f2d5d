/* The mergeable state of a Monte Carlo run: everything the paths leave
 * behind that the statistics are made from (MODEL.md section 10) — one
 * accumulator per county, projected year and measure, the grade counts,
 * the city's accumulator and its counts of counties above the line, and,
 * in a paired run, the counts of paths whose breach differs from the
 * baseline's. Every part is an exact integer, so tallies of any split of
 * the paths (threads, machines) merge into the tally of all of them, the
 * same bytes whatever the split and the order. */
#ifndef DR_TALLY_H
#define DR_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "stats/results.h"
#include "stats/stats.h"

typedef struct dr_tally {
    size_t n;         /* counties */
    long T;           /* projected years: rows hold t = 1..T */
    uint64_t paths;   /* paths tallied */
    dr_acc *acc;      /* [(i*T + t-1)*DR_NMEASURES + measure] */
    uint64_t *grade;  /* [(i*T + t-1)*DR_NGRADES + grade] of broad */
    dr_acc *city;     /* [t-1]: the city ratio */
    uint64_t *counts; /* [(t-1)*(n+1) + k]: paths with k counties above */
    /* [i*2 + 0]: paths breached by the horizon in this run but not in the
     * baseline, [i*2 + 1] the reverse; i = n is the city. */
    uint64_t *pair;
    /* A tracked tally (backtest), else NULL: per county, projected year
     * and tracked variable, [(i*T + t-1)*DR_NTRACK + v], its accumulator,
     * the realized value compared with (NAN: none), and the paths below
     * it and equal to it. */
    dr_acc *tacc;
    double *real;
    uint64_t *below, *equal;
} dr_tally;

/* An empty tally for n counties and T years. Returns DR_ENOMEM with t
 * empty (safe to free) on failure. */
dr_status dr_tally_init(dr_tally *t, size_t n, long T);

/* Makes t a tracked tally comparing with real (n*T*DR_NTRACK values in the
 * order above, NAN where nothing happened to compare; copied). Returns
 * DR_ENOMEM, t then untracked, on failure. */
dr_status dr_tally_track(dr_tally *t, const double *real);

/* Tracked variable v of county i in year t on one path: into its
 * accumulator and its counts. Returns DR_ENOMEM when the accumulator
 * cannot grow. */
dr_status dr_tally_tracked(dr_tally *t, size_t i, long year, int v, double x);

void dr_tally_free(dr_tally *t);

/* The accumulator of county i, year t (1..T), measure m. */
static inline dr_acc *dr_tally_acc(const dr_tally *t, size_t i, long year,
                                   int m)
{
    return &t->acc[(i * (size_t)t->T + (size_t)(year - 1)) * DR_NMEASURES +
                   (size_t)m];
}

/* One county-year's grade. */
static inline void dr_tally_grade(dr_tally *t, size_t i, long year, int g)
{
    t->grade[(i * (size_t)t->T + (size_t)(year - 1)) * DR_NGRADES +
             (size_t)g]++;
}

/* count county-years of grade g at once. */
static inline void dr_tally_grade_n(dr_tally *t, size_t i, long year, int g,
                                    uint64_t count)
{
    t->grade[(i * (size_t)t->T + (size_t)(year - 1)) * DR_NGRADES +
             (size_t)g] += count;
}

/* The city on one path in year t: its ratio, whether it is above the line
 * and has been in some year so far, and how many counties are above.
 * Returns DR_ENOMEM when the city accumulator cannot grow. */
dr_status dr_tally_city(dr_tally *t, long year, double v, int above,
                        int breached, size_t counties_above);

/* n paths' cities in year t at once, the same as n calls of dr_tally_city:
 * flag[k] bit 0 above, bit 1 breached (as dr_acc_add_n). */
dr_status dr_tally_city_n(dr_tally *t, long year, const double *v,
                          const unsigned char *flag,
                          const uint32_t *counties_above, size_t n);

/* A path's breach by the horizon of unit i (a county, or i = n the city)
 * in this run and in the baseline. */
static inline void dr_tally_pair(dr_tally *t, size_t i, int mine, int base)
{
    t->pair[i * 2] += (uint64_t)(mine && !base);
    t->pair[i * 2 + 1] += (uint64_t)(base && !mine);
}

/* a += b, for tallies of the same shape. Returns DR_ENOMEM on failure (a is
 * then not to be used). */
dr_status dr_tally_merge(dr_tally *a, const dr_tally *b);

/* The bytes of t, every part exactly (dr_tally_unpack makes the same tally
 * of them), in a new buffer *buf of *len bytes for the caller to free.
 * Returns DR_ENOMEM, nothing allocated, on failure. */
dr_status dr_tally_pack(const dr_tally *t, unsigned char **buf, size_t *len);

/* The tally whose bytes dr_tally_pack made, into t (empty before;
 * dr_tally_free after). Returns DR_ENOMEM, or DR_EIO when the bytes are
 * not a whole tally's; t is then empty. */
dr_status dr_tally_unpack(dr_tally *t, const void *buf, size_t len);

/* The statistics of years 1..T into res (allocated for the same shape);
 * the base year is the caller's: it is the data, not a tally. */
void dr_tally_result(const dr_tally *t, dr_results *res);

#endif
