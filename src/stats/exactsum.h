/* Exact sums of doubles and of their squares, for the accumulators of
 * stats.h: every finite value is added without rounding, so the sum does
 * not depend on the order of the terms or on how they were split between
 * threads, and a mean or variance is rounded once, at the end.
 *
 * A value v = q * 2^-32 is held as the integer q (v's bits below 2^-32 are
 * rounded off once, when v is added; for |v| >= 2^21 there are none), its
 * square as q^2 in units of 2^-64. Values below 2^31 in magnitude take a
 * fast path in 128- and 192-bit integers; larger finite values (up to
 * DBL_MAX) go into wide integers of DR_XS1_LIMBS and DR_XS2_LIMBS 64-bit
 * limbs, allocated on the first such value. */
#ifndef DR_EXACTSUM_H
#define DR_EXACTSUM_H

#include <stdint.h>

#include "base/error.h"

/* |q| < 2^1056 for finite v; 2^30 values add 30 bits; one sign bit. */
#define DR_XS1_LIMBS 18
/* q^2 < 2^2112; 2^30 values add 30 bits. */
#define DR_XS2_LIMBS 34

typedef struct dr_xsum_wide {
    uint64_t s1[DR_XS1_LIMBS]; /* two's complement sum of q */
    uint64_t s2[DR_XS2_LIMBS]; /* sum of q^2 */
} dr_xsum_wide;

typedef struct dr_xsum {
    uint64_t n;             /* finite values added */
    __int128 s1;            /* sum of q over the fast path */
    unsigned __int128 s2lo; /* sum of q^2 over the fast path: low 128 bits */
    uint64_t s2hi;          /* and the carries above them */
    dr_xsum_wide *wide;     /* NULL until a value of 2^31 or more */
} dr_xsum;

/* The largest magnitude the fast path takes (exclusive). */
#define DR_XSUM_FAST 0x1p31

/* An empty sum; nothing allocated. */
void dr_xsum_init(dr_xsum *x);

/* Frees the wide part; x is then empty again. */
void dr_xsum_free(dr_xsum *x);

/* Adds a finite v. Returns DR_ENOMEM (x unchanged) when the wide part is
 * needed and cannot be allocated. */
dr_status dr_xsum_add(dr_xsum *x, double v);

/* Adds n finite values: the same sums as n calls of dr_xsum_add, with the
 * fast path's in registers. Returns DR_ENOMEM (x unchanged) when the wide
 * part is needed and cannot be allocated. */
dr_status dr_xsum_add_n(dr_xsum *x, const double *v, size_t n);

/* Below this magnitude (exclusive) a value may take dr_xsum_add_small. */
#define DR_XSUM_SMALL 0x1p19

/* dr_xsum_add_n for values each below DR_XSUM_SMALL in magnitude (the
 * caller has checked): the same sums, in vector registers. */
void dr_xsum_add_small(dr_xsum *x, const double *v, size_t n);

/* a += b. Returns DR_ENOMEM (a unchanged) when a needs a wide part it
 * cannot allocate. */
dr_status dr_xsum_merge(dr_xsum *a, const dr_xsum *b);

/* Makes dst an independent copy of src (dst holds nothing before).
 * Returns DR_ENOMEM (dst empty) on failure. */
dr_status dr_xsum_copy(dr_xsum *dst, const dr_xsum *src);

/* The mean and the sample standard deviation (n - 1; 0 for one value) of
 * the values added, each rounded once from the exact integers. An sd too
 * large for a double is +inf. NaN for both when nothing was added. */
void dr_xsum_moments(const dr_xsum *x, double *mean, double *sd);

/* 1 when a and b hold the same sums (whatever their allocation). */
int dr_xsum_equal(const dr_xsum *a, const dr_xsum *b);

#endif
