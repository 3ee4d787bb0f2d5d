/* The Monte Carlo's inner parts, shared by engine.c (the chunks, the
 * city, the merge of ranks) and paths.c (a county on a chunk's paths, one
 * path at a time or DR_LANES at once). Not a public interface. */
#ifndef DR_ENGINE_MC_H
#define DR_ENGINE_MC_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>

#include "engine/engine.h"
#include "engine/vrng.h"
#include "model/model.h"
#include "stats/tally.h"

/* City totals: sums of county debt and resources in fixed point (2^-32 of
 * the money unit), exact whatever the order of the terms, so the city's
 * ratio is the same for any split of the work. */
typedef struct city_sum {
    __int128 debt, cfr;
    unsigned above; /* counties above the warning line */
    unsigned bad;   /* terms too large for the fixed point */
} city_sum;

#define CITY_SCALE 0x1p32
/* Below 2^31 a value times 2^32 fits an int64: one rounding by llrint.
 * From 2^31 to 2^70 (1e21 money units) it has no bits below 2^-21, so
 * times 2^32 it is an integer that an __int128 holds exactly, with room
 * for the sum of 2^25 counties. Beyond, the city ratio is +inf. */
#define CITY_FAST 0x1p31
#define CITY_MAX 0x1p70
/* Below 2^15 money units a term times 2^32 is below 2^47, rounded to an
 * integer by adding 1.5 * 2^52 (whose ulp is 1: the same rounding as
 * llrint's) and read from the sum's bits; 2^16 such terms sum in an
 * int64. */
#define CITY_SMALL 0x1p15
#define CITY_SMALL_TERMS 65536

static inline __int128 city_fixed(double v)
{
    if (fabs(v) < CITY_FAST)
        return llrint(v * CITY_SCALE);
    return (__int128)(v * CITY_SCALE);
}

static inline void city_add(city_sum *c, double debt, double cfr, int above)
{
    if (fabs(debt) < CITY_MAX && fabs(cfr) < CITY_MAX) {
        c->debt += city_fixed(debt);
        c->cfr += city_fixed(cfr);
    } else {
        c->bad++;
    }
    c->above += (unsigned)(above != 0);
}

static inline void city_merge(city_sum *a, const city_sum *b)
{
    a->debt += b->debt;
    a->cfr += b->cfr;
    a->above += b->above;
    a->bad += b->bad;
}

/* The city's broad ratio; a county beyond the fixed point makes it +inf. */
static inline double city_ratio(const city_sum *c)
{
    if (c->bad)
        return INFINITY;
    return dr_ratio((double)c->debt / CITY_SCALE, (double)c->cfr / CITY_SCALE);
}

/* Key of the common stream of a path (factors F and the rate shock nu). */
#define COMMON_KEY 0x636f6d6d6f6e0001ULL

/* Paths simulated between two looks at the stop flag and the progress. */
#define CHUNK_PATHS 4096

typedef struct mc {
    const dr_plan *plan;
    const dr_params *p;
    const dr_mc_opts *o;
    long T;
    size_t n;
    dr_tally tally;
    uint64_t *ckey; /* per county */
    uint64_t *pkey; /* per active project */
    double *plog;   /* per active project: mu, sigma of cost, then yield */
    dr_state *base; /* per county: the state at t = 0 */
    dr_year *base_row;
    dr_mixer mixer;
    long chunk;
    size_t cap;        /* slots of the chunk's arrays: chunk in whole groups */
    long first, count; /* this rank's block of paths */
    /* Per path of the chunk and year, at the indices of mc_at (a group of
     * DR_LANES paths' years in one run of memory, the group's paths side
     * by side in each year): */
    double *F;      /* [mc_at(m, slot, t-1, k)], k < DR_NVAR */
    double *ur;     /* [mc_yat(m, slot, t-1)] */
    uint32_t *by;   /* bootstrap: as ur, the year drawn */
    city_sum *part; /* each thread's share of the city totals of the
                       chunk's paths, [thread*cap*T + as ur] */
    /* The same shares of the vector path, at the same indices, for sums
     * of terms below CITY_SMALL: each term v is the integer v * 2^32
     * rounded (city_small), and up to CITY_SMALL_TERMS of them sum
     * exactly in 64 bits. The vector path's terms go to part only when
     * larger (or when the city has more counties); its counts of
     * counties above, to above. */
    int64_t *sdebt, *scfr, *sabove;
    int small;      /* sdebt, scfr in use (n small enough) */
    int *part_used; /* per thread: some term of the chunk went to part */
    /* The city on the chunk's paths, [(t-1)*cap + slot]: its ratio, flags
     * (as dr_acc_add_n's) and counties above; cbr[slot], the path's
     * breach by the horizon. */
    double *cval;
    unsigned char *cflag, *cbr;
    uint32_t *cabove;
    int threads;
    /* Each county's paths of a chunk in `parts` shares, so that a few
     * counties still keep every thread busy (13 counties on 2 threads are
     * otherwise 7 and 6); lock[i], held by the thread running a share of
     * county i, keeps its accumulators to one thread at a time (NULL when
     * parts is 1). */
    int parts;
    omp_lock_t *lock;
    /* 1: the shocks drawn in the lanes of the vector generator (vrng.h),
     * which writes GSL's taus2 states and reads its ziggurat; Student-t
     * shocks (gsl_ran_tdist) are GSL's alone */
    int vector;
} mc;

/* A county's measures over a batch of paths, series by series, so that
 * each accumulator then takes its values in one pass: updating forty
 * accumulators in turn, year after year, path after path, spends most of
 * its time waiting for memory. */
#define BATCH 256

typedef struct vbuf {
    double *val;         /* [series][BATCH], series = (t-1)*4 + measure */
    unsigned char *flag; /* same: bit 0 above, bit 1 breached */
    int n;               /* paths in the batch */
} vbuf;

/* Where the value k (< DR_NVAR) of year index at of chunk slot `slot`
 * sits in m->F: the slot's group of DR_LANES, then the year, then k, then
 * the slot's lane; mc_yat the same without k, for ur, by and a thread's
 * part. The chunk's arrays hold a whole number of groups. */
static inline size_t mc_at(const mc *m, size_t slot, size_t at, size_t k)
{
    size_t g = slot / DR_LANES, l = slot % DR_LANES;
    return ((g * (size_t)m->T + at) * DR_NVAR + k) * DR_LANES + l;
}

static inline size_t mc_yat(const mc *m, size_t slot, size_t at)
{
    size_t g = slot / DR_LANES, l = slot % DR_LANES;
    return (g * (size_t)m->T + at) * DR_LANES + l;
}

/* One thread's working memory. The shocks of a county on up to L =
 * DR_VRNG_LANES consecutive paths are drawn first, all years at once, then
 * the paths' years run on them: together through the lanes' step, or one
 * path at a time on the scalar path. */
#define L DR_VRNG_LANES

_Static_assert(DR_VRNG_LANES == DR_LANES,
               "a lane of the generator is a lane of the model's step");

struct worker;
/* County i on the nl (<= L) paths from p0, slots slot0.., in the lanes
 * (paths.c's county_lanes, compiled for one processor). */
typedef int (*lanes_fn)(struct mc *m, struct worker *w, size_t i, long p0,
                        size_t slot0, int nl, int thread);

typedef struct worker {
    dr_vrng v;                 /* the vector path's generator */
    int vector;                /* 1: draw with v, else with r */
    dr_model_lanes_fn step;    /* NULL: every path alone (the scalar path) */
    lanes_fn lanes;            /* with step: its bookkeeping */
    gsl_rng *r;                /* the projects' draws, and the scalar path */
    dr_projdraw *draws;        /* the county's projects on one path */
    dr_projdraw_lanes *pdraws; /* and on the lanes */
    vbuf vb;
    double *eta; /* [((t-1)*DR_NVAR + k)*L + lane]: idiosyncratic shocks */
    double *u;   /* [(t-1)*L + lane]: the uniform of the contingent call */
} worker;

/* The common factors and the national rate path of path `path`, in slot
 * `slot` of the chunk, through GSL (any shocks). */
void dr_mc_common_path(mc *m, gsl_rng *r, long path, size_t slot);

/* The same on the nl (<= L) paths from p0 in the lanes of w's vector
 * generator: normal shocks without bootstrap only (m->vector). */
void dr_mc_common_lanes(mc *m, worker *w, long p0, size_t slot0, int nl);

/* County i on the chunk's slots q0 .. q0+nq-1 (q0 a multiple of L), the
 * paths from c0 + q0, on thread `me`: its accumulators, and its share of
 * the city's sums. 0, or nonzero when an accumulator could not grow. The
 * caller holds the county's lock when another thread may run county i. */
int dr_mc_county_chunk(mc *m, worker *w, size_t i, long c0, long q0, long nq,
                       int me);

/* A thread's working memory: 1, or 0 when out of memory (w then safe to
 * free). */
int dr_mc_worker_init(worker *w, const mc *m);
void dr_mc_worker_free(worker *w);

#endif
