/* A vector random generator: DR_VRNG_LANES independent GSL taus2 streams
 * side by side, each lane drawing exactly the numbers, and consuming
 * exactly the raw draws, that gsl_rng_taus2 with gsl_rng_uniform and
 * gsl_ran_gaussian_ziggurat(r, 1.0) give on that lane's stream.
 *
 * The lanes step together in vector registers; a normal takes one raw draw
 * in the ziggurat's fast path (97.2% of normals), and a lane that the
 * fast path rejects finishes its draw in GSL's own
 * gsl_ran_gaussian_ziggurat, on that lane's state, so the rare wedge and
 * tail cases (with their log and exp) are GSL's by construction.
 *
 * Every implementation (plain C, the compiler's generic vectors, AVX2)
 * gives the same bytes; they differ only in speed. */
#ifndef DR_VRNG_H
#define DR_VRNG_H

#include <stdint.h>

#include "base/error.h"

/* Lanes per generator: 8 measured fastest with AVX2 and as fast as 4
 * without (README, "Speed"); a build may choose 4 (-DDR_VRNG_LANES=4),
 * tested as well. */
#ifndef DR_VRNG_LANES
#define DR_VRNG_LANES 8
#endif

#if DR_VRNG_LANES != 4 && DR_VRNG_LANES != 8
#error "DR_VRNG_LANES must be 4 or 8"
#endif

/* A lane mask with every lane set; bit l stands for lane l. */
#define DR_VRNG_ALL ((uint32_t)((1ull << DR_VRNG_LANES) - 1))

/* The implementations; DR_VRNG_AUTO picks the fastest this processor runs. */
typedef enum dr_vrng_isa {
    DR_VRNG_AUTO = 0,
    DR_VRNG_C,      /* plain C, one lane at a time: the reference */
    DR_VRNG_VECTOR, /* compiler vectors for the build's baseline (SSE2) */
    DR_VRNG_AVX2,   /* the same code compiled for AVX2 (x86-64 only) */
    DR_VRNG_NISA
} dr_vrng_isa;

struct dr_vrng;
typedef void (*dr_vrng_fn)(struct dr_vrng *v, uint32_t lanes, int n,
                           double *out);

typedef void (*dr_vrng_rounds_fn)(struct dr_vrng *v, uint32_t lanes, int rounds,
                                  int ng, double *g, double *u);

typedef struct dr_vrng {
    /* s[w][l]: word w (s1, s2, s3) of lane l's taus2 state */
    _Alignas(64) uint32_t s[3][DR_VRNG_LANES];
    dr_vrng_fn gauss, uniform;
    dr_vrng_rounds_fn rounds;
    dr_vrng_isa isa;
} dr_vrng;

/* Readies v to run implementation isa, every lane at stream (0, 0, 0).
 * Returns DR_OK, or DR_EUSAGE (v untouched) when this build or processor
 * cannot run isa, or when the linked GSL's taus2 state is not the three
 * unsigned longs this generator writes. */
dr_status dr_vrng_init(dr_vrng *v, dr_vrng_isa isa);

/* The implementation v runs, and its name ("c", "vector", "avx2"). */
dr_vrng_isa dr_vrng_isa_of(const dr_vrng *v);
const char *dr_vrng_isa_name(dr_vrng_isa isa);

/* Whether this build and processor can run isa. */
int dr_vrng_isa_available(dr_vrng_isa isa);

/* Puts lane (0 <= lane < DR_VRNG_LANES) at the start of stream
 * (seed, path, key): the state dr_rng_stream gives a gsl taus2. */
void dr_vrng_seed(dr_vrng *v, int lane, uint64_t seed, uint64_t path,
                  uint64_t key);

/* Lanes 0 .. nl-1 (nl <= DR_VRNG_LANES) at the starts of streams
 * (seed, path + l, key): nl calls of dr_vrng_seed, the warm-up's steps
 * taken in the vectors. */
void dr_vrng_seed_n(dr_vrng *v, int nl, uint64_t seed, uint64_t path,
                    uint64_t key);

/* For every lane l in the mask `lanes`: out[l] = one N(0,1) draw,
 * gsl_ran_gaussian_ziggurat(r, 1.0) on that lane's stream. Lanes outside
 * the mask neither draw nor have out[l] written. */
static inline void dr_vrng_gauss(dr_vrng *v, uint32_t lanes, double *out)
{
    v->gauss(v, lanes, 1, out);
}

/* n (>= 0) such calls in one: out[q * DR_VRNG_LANES + l] is lane l's q-th
 * normal. Cheaper per draw than n calls (one call, one dispatch). */
static inline void dr_vrng_gauss_n(dr_vrng *v, uint32_t lanes, int n,
                                   double *out)
{
    v->gauss(v, lanes, n, out);
}

/* For every lane l in the mask: out[l] = gsl_rng_uniform(r) on that lane's
 * stream, in [0, 1). Lanes outside the mask are left alone. */
static inline void dr_vrng_uniform(dr_vrng *v, uint32_t lanes, double *out)
{
    v->uniform(v, lanes, 1, out);
}

/* n uniforms a lane, laid out as dr_vrng_gauss_n's. */
static inline void dr_vrng_uniform_n(dr_vrng *v, uint32_t lanes, int n,
                                     double *out)
{
    v->uniform(v, lanes, n, out);
}

/* `rounds` (>= 0) rounds of ng (>= 0) normals then one uniform a lane,
 * in one call: what rounds times dr_vrng_gauss_n(v, lanes, ng, g + r * ng
 * * DR_VRNG_LANES) then dr_vrng_uniform(v, lanes, u + r *
 * DR_VRNG_LANES) give, without a call a draw. */
static inline void dr_vrng_rounds(dr_vrng *v, uint32_t lanes, int rounds,
                                  int ng, double *g, double *u)
{
    v->rounds(v, lanes, rounds, ng, g, u);
}

/* The mask of the first n lanes (0 <= n <= DR_VRNG_LANES): the last batch
 * of a chunk of paths that is not a multiple of DR_VRNG_LANES. */
static inline uint32_t dr_vrng_first(int n)
{
    return (uint32_t)((1ull << n) - 1);
}

/* The fast path's table for the ziggurat's raw byte i (0..255), as read
 * from the linked GSL: a draw k with i = k & 0xff and j = k >> 8 is
 * accepted at once when j < *kmax, with the value j * *w (w carries the
 * sign). For tests. */
void dr_vrng_table(int i, double *w, uint32_t *kmax);

#endif
