/* Mergeable accumulators for the Monte Carlo statistics (MODEL.md section
 * 10). An accumulator takes values one at a time, in any order, and two
 * accumulators merge into the accumulator of all their values: every part
 * of it is an exact integer (counts, fixed-point sums), so the result does
 * not depend on how the paths were split between threads or machines.
 *
 * Percentiles come from a histogram: bins of width DR_BIN_WIDTH on
 * [0, DR_FINE_MAX), then DR_NCOARSE geometric bins above it, with one bin
 * each for negative, huge and infinite values. A percentile is within
 * DR_BIN_WIDTH/2 of the exact sample quantile for values below
 * DR_FINE_MAX, and is clamped to the exact minimum and maximum. */
#ifndef DR_STATS_H
#define DR_STATS_H

#include <stdint.h>

#include "results.h"

#define DR_BIN_WIDTH 0.004
#define DR_FINE_MAX 5.0
#define DR_NFINE 1250        /* DR_FINE_MAX / DR_BIN_WIDTH */
#define DR_COARSE_RATIO 1.1 /* geometric bins above DR_FINE_MAX */
#define DR_NCOARSE 200       /* up to 5 * 1.1^200, about 9.5e8 */
/* bin layout: [0] negative, [1 .. NFINE] fine, then coarse, then one for
 * finite values beyond the coarse bins, then one for +inf */
#define DR_NBINS (1 + DR_NFINE + DR_NCOARSE + 2)

/* Values whose fixed-point square still fits: larger finite values are
 * counted as "huge" and make the mean and sd infinite. */
#define DR_HUGE 4.0e9

typedef struct dr_acc {
    uint64_t n;      /* values */
    uint64_t nbig;   /* values above DR_HUGE or infinite */
    uint64_t above;  /* values above the line */
    uint64_t breached; /* paths above in some year 1..t */
    double min, max;
    __int128 s1;        /* sum of round(v * 2^32) */
    unsigned __int128 s2lo; /* sum of round(v * 2^32)^2: low 128 bits */
    uint64_t s2hi;          /* and the carries above them */
    uint32_t bin[DR_NBINS];
} dr_acc;

void dr_acc_init(dr_acc *a);

/* Adds one value; `above` and `breached` say whether it is above its line
 * and whether its path has been above in any year so far. NaN never
 * reaches here (the model defines every measure). */
void dr_acc_add(dr_acc *a, double v, int above, int breached);

/* a += b: the accumulator of both sets of values. */
void dr_acc_merge(dr_acc *a, const dr_acc *b);

/* The statistics of the values seen. */
void dr_acc_result(const dr_acc *a, dr_stat *out);

/* The q-quantile (0 <= q <= 1) of the values, as defined for sorted data
 * x[0..n-1]: (1-d) x[k] + d x[k+1] with k + d = (n-1) q. */
double dr_acc_quantile(const dr_acc *a, double q);

#endif
