#include "stats.h"

#include <math.h>
#include <string.h>

#define FIRST_FINE (1 + DR_NNEG)
#define FIRST_COARSE (FIRST_FINE + DR_NFINE)

/* Lower edge of coarse bin k: DR_FINE_MAX * ratio^k. */
static double coarse_edge(int k)
{
    return DR_FINE_MAX * pow(DR_COARSE_RATIO, k);
}

/* Geometric bin k of a magnitude m >= base: base * r^k <= m < base * r^(k+1),
 * or n when past the last. */
static int geometric(double m, double base, int n)
{
    int k = (int)floor(log(m / base) / log(DR_COARSE_RATIO));
    if (k < 0)
        k = 0;
    /* log() may land one bin off at an edge: settle it exactly. */
    if (k > 0 && m < base * pow(DR_COARSE_RATIO, k))
        k--;
    else if (m >= base * pow(DR_COARSE_RATIO, k + 1))
        k++;
    return k < n ? k : n;
}

static int bin_of(double v)
{
    if (v >= DR_FINE_MIN && v < DR_FINE_MAX) {
        int k = (int)((v - DR_FINE_MIN) * (1.0 / DR_BIN_WIDTH));
        return FIRST_FINE + (k < DR_NFINE ? k : DR_NFINE - 1);
    }
    if (isinf(v))
        return DR_NBINS - 1;
    if (v >= DR_FINE_MAX)
        return FIRST_COARSE + geometric(v, DR_FINE_MAX, DR_NCOARSE);
    /* Below -1: magnitude bin k counts down from the fine range. */
    int k = geometric(-v, -DR_FINE_MIN, DR_NNEG);
    return k == DR_NNEG ? 0 : DR_NNEG - k;
}

/* A representative value of a bin: its middle (clamped by the caller to
 * the exact minimum and maximum). */
static double bin_value(const dr_acc *a, int b)
{
    if (b == 0)
        return a->min;
    if (b < FIRST_FINE) {
        int k = DR_NNEG - b;
        return DR_FINE_MIN * 0.5 *
               (pow(DR_COARSE_RATIO, k) + pow(DR_COARSE_RATIO, k + 1));
    }
    if (b < FIRST_COARSE) {
        /* (2j + 1) / 500 is the exact decimal middle, printed cleanly */
        int j = b - FIRST_FINE;
        return (2.0 * j + 1.0 + 2.0 * DR_FINE_MIN / DR_BIN_WIDTH) /
               (2.0 / DR_BIN_WIDTH);
    }
    if (b == DR_NBINS - 1)
        return INFINITY;
    if (b == DR_NBINS - 2)
        return a->max;
    int k = b - FIRST_COARSE;
    return 0.5 * (coarse_edge(k) + coarse_edge(k + 1));
}

void dr_acc_init(dr_acc *a)
{
    memset(a, 0, sizeof *a);
    a->min = INFINITY;
    a->max = -INFINITY;
}

void dr_acc_add(dr_acc *a, double v, int above, int breached)
{
    a->n++;
    a->above += (uint64_t)(above != 0);
    a->breached += (uint64_t)(breached != 0);
    if (v < a->min)
        a->min = v;
    if (v > a->max)
        a->max = v;
    a->bin[bin_of(v)]++;
    if (!(fabs(v) <= DR_HUGE)) {
        a->nbig++;
        return;
    }
    int64_t q = (int64_t)llrint(v * 0x1p32); /* exact scaling, then one rounding */
    a->s1 += q;
    unsigned __int128 q2 = (unsigned __int128)((__int128)q * q);
    unsigned __int128 lo = a->s2lo + q2;
    a->s2hi += lo < a->s2lo;
    a->s2lo = lo;
}

void dr_acc_merge(dr_acc *a, const dr_acc *b)
{
    a->n += b->n;
    a->nbig += b->nbig;
    a->above += b->above;
    a->breached += b->breached;
    if (b->min < a->min)
        a->min = b->min;
    if (b->max > a->max)
        a->max = b->max;
    a->s1 += b->s1;
    unsigned __int128 lo = a->s2lo + b->s2lo;
    a->s2hi += b->s2hi + (lo < a->s2lo);
    a->s2lo = lo;
    for (int k = 0; k < DR_NBINS; k++)
        a->bin[k] += b->bin[k];
}

/* The values of the order statistics k[0] <= k[1] <= ... (0-based) as the
 * histogram knows them, in one pass over the bins. */
static void order_stats(const dr_acc *a, const uint64_t *k, int nk,
                        double *out)
{
    uint64_t seen = 0;
    int b = -1, j = 0;
    for (; j < nk; j++) {
        if (k[j] == 0) {
            out[j] = a->min;
            continue;
        }
        if (k[j] >= a->n - 1) {
            out[j] = a->max;
            continue;
        }
        while (k[j] >= seen && b + 1 < DR_NBINS)
            seen += a->bin[++b];
        double v = bin_value(a, b);
        out[j] = v < a->min ? a->min : v > a->max ? a->max : v;
    }
}

static double interpolate(double lo, double hi, double d)
{
    if (d == 0.0)
        return lo;
    if (isinf(hi))
        return hi;
    return (1.0 - d) * lo + d * hi;
}

/* Quantiles at the ascending levels q[0..nq-1]. */
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
    for (int j = 0; j < nq; j++)
        out[j] = interpolate(v[2 * j], v[2 * j + 1], d[j]);
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

/* 256-bit unsigned integers, for the exact variance. */
typedef struct u256 {
    unsigned __int128 hi, lo;
} u256;

/* x * y for 128-bit x and y, from 64-bit halves. */
static u256 mul128(unsigned __int128 x, unsigned __int128 y)
{
    const unsigned __int128 m64 = ((unsigned __int128)1 << 64) - 1;
    unsigned __int128 x0 = x & m64, x1 = x >> 64, y0 = y & m64, y1 = y >> 64;
    unsigned __int128 p00 = x0 * y0, p01 = x0 * y1, p10 = x1 * y0,
                      p11 = x1 * y1;
    unsigned __int128 mid = (p00 >> 64) + (p01 & m64) + (p10 & m64);
    u256 r;
    r.lo = (p00 & m64) | (mid << 64);
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

/* n * sum(q^2) - (sum q)^2 >= 0 (Cauchy-Schwarz), as a long double. */
static long double scatter(const dr_acc *a)
{
    /* n * (s2hi * 2^128 + s2lo) */
    u256 ns2 = mul128(a->n, a->s2lo);
    ns2.hi += (unsigned __int128)a->n * a->s2hi;
    unsigned __int128 m = a->s1 < 0 ? -(unsigned __int128)a->s1
                                    : (unsigned __int128)a->s1;
    u256 sq = mul128(m, m);
    u256 d = {.hi = ns2.hi - sq.hi - (ns2.lo < sq.lo), .lo = ns2.lo - sq.lo};
    return ldexpl((long double)d.hi, 128) + (long double)d.lo;
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
    } else if (a->nbig) {
        out->mean = out->sd = INFINITY;
    } else {
        long double N = (long double)a->n;
        out->mean = (double)ldexpl((long double)a->s1 / N, -32);
        /* The sample sd, with n - 1 (0 for a single value), from
         * n * sum(q^2) - (sum q)^2 computed exactly: no cancellation even
         * when the sd is tiny next to the mean. */
        out->sd = a->n > 1 ? (double)sqrtl(ldexpl(scatter(a), -64) /
                                           (N * (N - 1.0L)))
                           : 0.0;
    }
}
