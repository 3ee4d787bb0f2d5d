/* Mergeable accumulators for the Monte Carlo statistics (MODEL.md section
 * 10). An accumulator takes values one at a time, in any order, and two
 * accumulators merge into the accumulator of all their values: every part
 * of it is an exact integer (counts, fixed-point sums), so the result does
 * not depend on how the paths were split between threads or machines.
 *
 * Percentiles come from a histogram: bins of width DR_BIN_WIDTH on
 * [DR_FINE_MIN, DR_FINE_MAX), geometric bins (ratio DR_COARSE_RATIO) beyond
 * each end, and one bin each for finite values past the geometric bins and
 * for +inf. A percentile whose order statistics lie in the fine range is
 * within DR_BIN_WIDTH/2 of the exact sample quantile; past it, within half
 * a geometric bin (5%); every percentile is clamped to the exact minimum
 * and maximum, so a constant sample gives its value exactly. */
#ifndef DR_STATS_H
#define DR_STATS_H

#include <stdint.h>

#include "results.h"

#define DR_BIN_WIDTH 0.004
#define DR_FINE_MIN (-1.0)  /* debt written off below zero */
#define DR_FINE_MAX 5.0
#define DR_NFINE 1500       /* (DR_FINE_MAX - DR_FINE_MIN) / DR_BIN_WIDTH */
#define DR_COARSE_RATIO 1.1
#define DR_NCOARSE 200      /* above: up to 5 * 1.1^200, about 9.5e8 */
#define DR_NNEG 100         /* below: down to -1.1^100, about -1.4e4 */
/* bin layout, ascending: [0] below the negative geometric bins, then
 * DR_NNEG negative geometric, DR_NFINE fine, DR_NCOARSE geometric, one for
 * finite values past them, one for +inf */
#define DR_NBINS (1 + DR_NNEG + DR_NFINE + DR_NCOARSE + 2)

/* Values beyond which the fixed-point sums could overflow (2^31 at 2^32
 * steps): such finite values are counted as "huge" and make the mean and
 * sd infinite, as +inf does. */
#define DR_HUGE 2.0e9

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
