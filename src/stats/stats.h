/* Mergeable accumulators for the Monte Carlo statistics (MODEL.md section
 * 10). An accumulator takes values one at a time, in any order, and two
 * accumulators merge into the accumulator of all their values: every part
 * of it is an exact integer (counts and exact sums, exactsum.h), so the
 * result does not depend on how the paths were split between threads or
 * machines.
 *
 * Percentiles come from a log-linear histogram over every double: bins of
 * width 2^-9 on [0, 0.25) and, above, 128 bins per octave (a value's
 * exponent and the top 7 bits of its significand), mirrored for negative
 * values, plus counts of -inf and +inf. A bin is reported by its middle,
 * clamped to the exact minimum and maximum, so every percentile is within
 * max(2^-10, |v|/256) of the exact sample quantile (the 0.002 absolute and
 * 0.5% relative the reports promise), at any magnitude, and a constant
 * sample gives its value exactly. Only the bins between the lowest and the
 * highest value seen are stored: memory grows with the spread of the
 * values (a few kilobytes for a ratio spread over a factor of ten), never
 * with their number. */
#ifndef DR_STATS_H
#define DR_STATS_H

#include <stdint.h>

#include "base/error.h"
#include "stats/exactsum.h"
#include "stats/results.h"

/* Bins per octave, and the linear bins below DR_LINEAR_MAX (their width
 * equals the first octave's). */
#define DR_OCTAVE_BINS 128
#define DR_LINEAR_MAX 0.25

typedef struct dr_acc {
    uint64_t n;           /* values */
    uint64_t above;       /* values above the line */
    uint64_t breached;    /* paths above in some year 1..t */
    uint64_t ninf, nninf; /* +inf and -inf values */
    double min, max;
    dr_xsum sum;   /* exact sums of the finite values */
    int32_t klo;   /* key of bin[0] */
    uint32_t nbin; /* bins stored: keys klo .. klo + nbin - 1 */
    uint32_t *bin; /* counts (at most 1e9 paths: 32 bits suffice) */
} dr_acc;

/* An empty accumulator; nothing allocated. */
void dr_acc_init(dr_acc *a);

/* Frees what a holds; a is then empty again. */
void dr_acc_free(dr_acc *a);

/* Adds one value; `above` and `breached` say whether it is above its line
 * and whether its path has been above in any year so far. NaN counts as
 * +inf (above every line; the model never makes one). Returns DR_ENOMEM,
 * a unchanged, when the histogram must grow and cannot. */
dr_status dr_acc_add(dr_acc *a, double v, int above, int breached);

/* n values at once, the same as n calls of dr_acc_add: flag[k] bit 0 says
 * whether v[k] is above its line, bit 1 whether its path has been above
 * in some year so far. Returns DR_ENOMEM on failure; a then holds the
 * statistics of the values of the blocks of 256 before the one that
 * failed. */
dr_status dr_acc_add_n(dr_acc *a, const double *v, const unsigned char *flag,
                       size_t n);

/* a += b: the accumulator of both sets of values. Returns DR_ENOMEM, a
 * unchanged, on failure. */
dr_status dr_acc_merge(dr_acc *a, const dr_acc *b);

/* Makes dst (holding nothing) an independent copy of src. Returns
 * DR_ENOMEM, dst empty, on failure. */
dr_status dr_acc_copy(dr_acc *dst, const dr_acc *src);

/* 1 when a and b hold the same values' statistics (counts, extremes, sums
 * and bin counts), however their storage grew. */
int dr_acc_equal(const dr_acc *a, const dr_acc *b);

/* The statistics of the values seen. Percentiles never decrease with
 * their level. */
void dr_acc_result(const dr_acc *a, dr_stat *out);

/* The q-quantile (0 <= q <= 1) of the values, as defined for sorted data
 * x[0..n-1]: (1-d) x[k] + d x[k+1] with k + d = (n-1) q. NaN when empty. */
double dr_acc_quantile(const dr_acc *a, double q);

/* The histogram key of a value (ascending with the value; -inf, +inf and
 * NaN have none: INT32_MIN, INT32_MAX) and the value a key's bin reports. */
int32_t dr_acc_key(double v);
double dr_acc_key_value(int32_t key);

#endif
