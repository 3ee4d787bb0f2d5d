#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Keys: 0 .. 127 the linear bins of [0, 0.25); then 128 per octave
 * [2^(e-2), 2^(e-1)), e = 0 .. 1025, up to DBL_MAX; a negative value v
 * takes -1 - key(-v). */
#define LINEAR_BINS 128
#define LINEAR_SCALE 512.0 /* LINEAR_BINS / DR_LINEAR_MAX */
#define KEY_TOP (LINEAR_BINS + 1026 * DR_OCTAVE_BINS - 1)
#define KEY_BOTTOM (-1 - KEY_TOP)
/* Biased exponent of DR_LINEAR_MAX = 2^-2, the first octave. */
#define FIRST_EXP 1021u

/* Key of a finite v, without a branch: the linear key (below 0.25) and
 * the octave key (above: the double's exponent and top seven significand
 * bits, read off its bits, exact and with no logarithm) both computed,
 * then the one that applies; a negative v takes -1 - key(-v). */
static inline __attribute__((always_inline)) int32_t finite_key(double v)
{
    double m = fabs(v);
    uint64_t bits;
    memcpy(&bits, &m, sizeof bits);
    double linear = m < DR_LINEAR_MAX ? m : 0.0;
    int32_t kl = (int32_t)(linear * LINEAR_SCALE); /* below 128 */
    int32_t ko =
        (int32_t)((uint32_t)((bits >> 45) - (FIRST_EXP << 7)) + LINEAR_BINS);
    int32_t k = m < DR_LINEAR_MAX ? kl : ko;
    return v >= 0.0 ? k : -1 - k;
}

static inline int32_t key_of(double v)
{
    if (!(v < INFINITY))
        return INT32_MAX; /* +inf and NaN */
    if (v == -INFINITY)
        return INT32_MIN;
    return finite_key(v);
}

/* The middle of a magnitude bin: at most half a bin, 2^-10 below 0.25 and
 * 1/256 of the value above, from any value in it. */
static double magnitude_value(uint32_t key)
{
    if (key < LINEAR_BINS)
        return ((double)key + 0.5) / LINEAR_SCALE;
    uint32_t j = key - LINEAR_BINS;
    int octave = (int)(j / DR_OCTAVE_BINS);
    double within = (double)(j % DR_OCTAVE_BINS) + 0.5;
    return ldexp(1.0 + within / DR_OCTAVE_BINS, octave - 2);
}

int32_t dr_acc_key(double v)
{
    return key_of(v);
}

double dr_acc_key_value(int32_t key)
{
    if (key == INT32_MAX)
        return INFINITY;
    if (key == INT32_MIN)
        return -INFINITY;
    return key >= 0 ? magnitude_value((uint32_t)key)
                    : -magnitude_value((uint32_t)(-1 - key));
}

void dr_acc_init(dr_acc *a)
{
    *a = (dr_acc){.min = INFINITY, .max = -INFINITY};
    dr_xsum_init(&a->sum);
}

void dr_acc_free(dr_acc *a)
{
    free(a->bin);
    dr_xsum_free(&a->sum);
    dr_acc_init(a);
}

/* Widens the stored bins to cover keys lo .. hi, with room to spare on a
 * side that grows, so that a drifting sample reallocates only a few times.
 * The counts are unchanged. */
static dr_status cover(dr_acc *a, int32_t lo, int32_t hi)
{
    int32_t olo = a->klo, ohi = a->klo + (int32_t)a->nbin - 1;
    if (a->nbin > 0 && lo >= olo && hi <= ohi)
        return DR_OK;
    int32_t slack = a->nbin / 2 > 16 ? (int32_t)(a->nbin / 2) : 16;
    int32_t nlo = lo, nhi = hi;
    if (a->nbin > 0) {
        nlo = lo < olo ? lo - slack : olo;
        nhi = hi > ohi ? hi + slack : ohi;
    } else {
        nlo = lo - slack / 2;
        nhi = hi + slack / 2;
    }
    if (nlo < KEY_BOTTOM)
        nlo = KEY_BOTTOM;
    if (nhi > KEY_TOP)
        nhi = KEY_TOP;
    uint32_t n = (uint32_t)(nhi - nlo + 1);
    uint32_t *bin = calloc(n, sizeof *bin);
    if (!bin)
        return DR_ENOMEM;
    if (a->nbin > 0)
        memcpy(bin + (olo - nlo), a->bin, a->nbin * sizeof *bin);
    free(a->bin);
    a->bin = bin;
    a->klo = nlo;
    a->nbin = n;
    return DR_OK;
}

dr_status dr_acc_add(dr_acc *a, double v, int above, int breached)
{
    unsigned char flag = (unsigned char)((above != 0) | (breached != 0) << 1);
    return dr_acc_add_n(a, &v, &flag, 1);
}

/* Values per pass of dr_acc_add_n: its keys and finite values on the
 * stack. */
#define ADD_BLOCK 256

/* A double's bits as an integer that orders as the values do, with -0.0
 * just below +0.0 (any value but NaN), and back: the extremes are taken
 * in this order, so they do not depend on the order of the values, not
 * even for the sign of a zero. */
static inline __attribute__((always_inline)) int64_t ordered(double v)
{
    int64_t b;
    memcpy(&b, &v, sizeof b);
    return b ^ (int64_t)((uint64_t)(b >> 63) >> 1);
}

static inline double unordered(int64_t o)
{
    int64_t b = o ^ (int64_t)((uint64_t)(o >> 63) >> 1);
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

/* a->min and a->max widened to take the values' ordered keys lo and hi. */
static void widen(dr_acc *a, int64_t lo, int64_t hi)
{
    if (lo < ordered(a->min))
        a->min = unordered(lo);
    if (hi > ordered(a->max))
        a->max = unordered(hi);
}

/* A block with an infinite value or a NaN among its values. */
static dr_status add_mixed(dr_acc *a, const double *v, size_t n)
{
    int32_t key[ADD_BLOCK], lo = INT32_MAX, hi = INT32_MIN;
    double fin[ADD_BLOCK];
    size_t nf = 0;
    for (size_t k = 0; k < n; k++) {
        key[k] = key_of(v[k]);
        if (key[k] != INT32_MAX && key[k] != INT32_MIN) {
            lo = key[k] < lo ? key[k] : lo;
            hi = key[k] > hi ? key[k] : hi;
            fin[nf++] = v[k];
        }
    }
    /* Storage first, then the sums, then the counts: a failure leaves the
     * values' statistics unchanged. */
    if (nf &&
        (cover(a, lo, hi) != DR_OK || dr_xsum_add_n(&a->sum, fin, nf) != DR_OK))
        return DR_ENOMEM;
    int64_t mn = INT64_MAX, mx = INT64_MIN;
    for (size_t k = 0; k < n; k++) {
        double x = v[k];
        if (key[k] == INT32_MAX) {
            a->ninf++;
            x = INFINITY; /* NaN too */
        } else if (key[k] == INT32_MIN) {
            a->nninf++;
        } else {
            a->bin[key[k] - a->klo]++;
        }
        int64_t o = ordered(x);
        mn = o < mn ? o : mn;
        mx = o > mx ? o : mx;
    }
    widen(a, mn, mx);
    return DR_OK;
}

/* What one pass over a block of values finds. */
typedef struct scan {
    int32_t lo, hi; /* the keys' range */
    int64_t mn, mx; /* the extremes' ordered keys */
    int finite;     /* every value finite (else the rest is not used) */
    int small;      /* every value below DR_XSUM_SMALL in magnitude */
} scan;

/* The keys of a block of values and what scan holds, in one pass that a
 * compiler turns into vector instructions (clones for the baseline, AVX2
 * and AVX-512; integer results, the same from each). */
__attribute__((target_clones("default", "avx2", "arch=x86-64-v4"))) static void
scan_block(const double *v, size_t n, int32_t *key, scan *out)
{
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    int64_t mn = INT64_MAX, mx = INT64_MIN;
    int finite = 1, small = 1;
#pragma omp simd reduction(min : lo, mn) reduction(max : hi, mx)               \
    reduction(& : finite, small)
    for (size_t k = 0; k < n; k++) {
        double m = fabs(v[k]);
        finite &= m < INFINITY;
        small &= m < DR_XSUM_SMALL;
        int32_t q = finite_key(v[k]);
        key[k] = q;
        lo = q < lo ? q : lo;
        hi = q > hi ? q : hi;
        int64_t o = ordered(v[k]);
        mn = o < mn ? o : mn;
        mx = o > mx ? o : mx;
    }
    *out = (scan){lo, hi, mn, mx, finite, small};
}

/* The values of a block into the histogram, the sums and the extremes. */
static dr_status add_values(dr_acc *a, const double *v, size_t n)
{
    int32_t key[ADD_BLOCK];
    scan s;
    scan_block(v, n, key, &s);
    if (!s.finite)
        return add_mixed(a, v, n);
    if (cover(a, s.lo, s.hi) != DR_OK)
        return DR_ENOMEM;
    if (s.small)
        dr_xsum_add_small(&a->sum, v, n);
    else if (dr_xsum_add_n(&a->sum, v, n) != DR_OK)
        return DR_ENOMEM;
    for (size_t k = 0; k < n; k++)
        a->bin[key[k] - a->klo]++;
    widen(a, s.mn, s.mx);
    return DR_OK;
}

static dr_status add_block(dr_acc *a, const double *v,
                           const unsigned char *flag, size_t n)
{
    if (add_values(a, v, n) != DR_OK)
        return DR_ENOMEM;
    uint32_t above = 0, breached = 0;
#pragma omp simd reduction(+ : above, breached)
    for (size_t k = 0; k < n; k++) {
        above += flag[k] & 1u;
        breached += flag[k] >> 1 & 1u;
    }
    a->n += n;
    a->above += above;
    a->breached += breached;
    return DR_OK;
}

dr_status dr_acc_add_n(dr_acc *a, const double *v, const unsigned char *flag,
                       size_t n)
{
    for (size_t k = 0; k < n; k += ADD_BLOCK) {
        size_t m = n - k < ADD_BLOCK ? n - k : ADD_BLOCK;
        if (add_block(a, v + k, flag + k, m) != DR_OK)
            return DR_ENOMEM;
    }
    return DR_OK;
}

/* The first and last stored keys with a count; 0 when there are none. */
static int used_range(const dr_acc *a, int32_t *lo, int32_t *hi)
{
    uint32_t i = 0, j = a->nbin;
    while (i < j && a->bin[i] == 0)
        i++;
    while (j > i && a->bin[j - 1] == 0)
        j--;
    if (i == j)
        return 0;
    *lo = a->klo + (int32_t)i;
    *hi = a->klo + (int32_t)j - 1;
    return 1;
}

dr_status dr_acc_merge(dr_acc *a, const dr_acc *b)
{
    int32_t lo, hi;
    if (used_range(b, &lo, &hi)) {
        if (cover(a, lo, hi) != DR_OK)
            return DR_ENOMEM;
    }
    if (dr_xsum_merge(&a->sum, &b->sum) != DR_OK)
        return DR_ENOMEM;
    for (uint32_t k = 0; k < b->nbin; k++)
        if (b->bin[k])
            a->bin[b->klo + (int32_t)k - a->klo] += b->bin[k];
    a->n += b->n;
    a->above += b->above;
    a->breached += b->breached;
    a->ninf += b->ninf;
    a->nninf += b->nninf;
    widen(a, ordered(b->min), ordered(b->max));
    return DR_OK;
}

dr_status dr_acc_copy(dr_acc *dst, const dr_acc *src)
{
    *dst = *src;
    dst->bin = NULL;
    if (dr_xsum_copy(&dst->sum, &src->sum) != DR_OK)
        goto fail;
    if (src->nbin) {
        dst->bin = malloc(src->nbin * sizeof *dst->bin);
        if (!dst->bin)
            goto fail;
        memcpy(dst->bin, src->bin, src->nbin * sizeof *dst->bin);
    }
    return DR_OK;
fail:
    dr_xsum_free(&dst->sum);
    dr_acc_init(dst);
    return DR_ENOMEM;
}

static uint32_t count_at(const dr_acc *a, int32_t key)
{
    uint32_t at = (uint32_t)(key - a->klo);
    return at < a->nbin ? a->bin[at] : 0;
}

int dr_acc_equal(const dr_acc *a, const dr_acc *b)
{
    if (a->n != b->n || a->above != b->above || a->breached != b->breached ||
        a->ninf != b->ninf || a->nninf != b->nninf ||
        memcmp(&a->min, &b->min, sizeof a->min) != 0 ||
        memcmp(&a->max, &b->max, sizeof a->max) != 0 ||
        !dr_xsum_equal(&a->sum, &b->sum))
        return 0;
    int32_t lo = a->klo < b->klo ? a->klo : b->klo;
    int32_t ha = a->klo + (int32_t)a->nbin, hb = b->klo + (int32_t)b->nbin;
    int32_t hi = ha > hb ? ha : hb;
    for (int32_t k = lo; k < hi; k++)
        if (count_at(a, k) != count_at(b, k))
            return 0;
    return 1;
}

/* The values of the order statistics k[0] <= k[1] <= ... (0-based) as the
 * histogram knows them, in one pass over the bins. */
static void order_stats(const dr_acc *a, const uint64_t *k, int nk, double *out)
{
    uint64_t seen = a->nninf; /* values below bin b */
    uint32_t b = 0;
    for (int j = 0; j < nk; j++) {
        if (k[j] == 0) {
            out[j] = a->min;
            continue;
        }
        if (k[j] >= a->n - 1) {
            out[j] = a->max;
            continue;
        }
        if (k[j] < a->nninf) {
            out[j] = -INFINITY;
            continue;
        }
        while (b < a->nbin && k[j] >= seen + a->bin[b])
            seen += a->bin[b++];
        if (b == a->nbin) {
            out[j] = INFINITY;
            continue;
        }
        double v = dr_acc_key_value(a->klo + (int32_t)b);
        out[j] = v < a->min ? a->min : v > a->max ? a->max : v;
    }
}

static double interpolate(double lo, double hi, double d)
{
    if (d == 0.0 || lo == hi)
        return lo;
    if (isinf(hi) || isinf(lo))
        return isinf(hi) ? hi : lo;
    return (1.0 - d) * lo + d * hi;
}

/* Quantiles at the ascending levels q[0..nq-1], never decreasing: the
 * exact quantiles do not, and taking the larger of two neighbours keeps
 * each within the error bound of one of them. */
static void quantiles(const dr_acc *a, const double *q, int nq, double *out)
{
    uint64_t k[2 * DR_NPCT];
    double d[DR_NPCT], v[2 * DR_NPCT];
    for (int j = 0; j < nq; j++) {
        double pos = (double)(a->n - 1) * q[j];
        k[2 * j] = (uint64_t)floor(pos);
        d[j] = pos - (double)k[2 * j];
        k[2 * j + 1] = k[2 * j] + 1 < a->n ? k[2 * j] + 1 : k[2 * j];
    }
    order_stats(a, k, 2 * nq, v);
    for (int j = 0; j < nq; j++) {
        out[j] = interpolate(v[2 * j], v[2 * j + 1], d[j]);
        if (j > 0 && out[j] < out[j - 1])
            out[j] = out[j - 1];
    }
}

double dr_acc_quantile(const dr_acc *a, double q)
{
    double v;
    if (a->n == 0)
        return NAN;
    if (a->min == a->max)
        return a->min;
    quantiles(a, &q, 1, &v);
    return v;
}

void dr_acc_result(const dr_acc *a, dr_stat *out)
{
    double n = (double)a->n;
    if (a->n > 0 && a->min < a->max)
        quantiles(a, dr_pct_levels, DR_NPCT, out->pct);
    else
        for (int k = 0; k < DR_NPCT; k++)
            out->pct[k] = a->n ? a->min : NAN;
    out->p_above = a->n ? (double)a->above / n : 0.0;
    out->p_breached = a->n ? (double)a->breached / n : 0.0;
    if (a->n == 0) {
        out->mean = out->sd = NAN;
    } else if (a->min == a->max) {
        /* Every path agrees: report the value itself, bit for bit. */
        out->mean = a->min;
        out->sd = 0.0;
    } else if (a->ninf || a->nninf) {
        out->mean = a->ninf && a->nninf ? NAN : a->ninf ? INFINITY : -INFINITY;
        out->sd = INFINITY;
    } else {
        dr_xsum_moments(&a->sum, &out->mean, &out->sd);
    }
}
