#include "stats/exactsum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

void dr_xsum_init(dr_xsum *x)
{
    *x = (dr_xsum){0};
}

void dr_xsum_free(dr_xsum *x)
{
    free(x->wide);
    *x = (dr_xsum){0};
}

/* ---- wide integers: little-endian arrays of 64-bit limbs ---------------- */

/* L += v * 2^shift (v >= 0), carrying to the top; bits past it are lost
 * (two's complement wrap-around, which a negative number relies on). */
static void add_shifted(uint64_t *L, int n, uint64_t v, int shift)
{
    int w = shift / 64, b = shift % 64;
    u128 part = (u128)v << b;
    u128 carry = 0;
    for (int k = w; k < n; k++) {
        u128 s = (u128)L[k] + (uint64_t)part + carry;
        L[k] = (uint64_t)s;
        carry = s >> 64;
        part >>= 64;
        if (!part && !carry)
            break;
    }
}

/* L -= v * 2^shift (v >= 0), borrowing to the top. */
static void sub_shifted(uint64_t *L, int n, uint64_t v, int shift)
{
    int w = shift / 64, b = shift % 64;
    u128 part = (u128)v << b;
    uint64_t borrow = 0;
    for (int k = w; k < n; k++) {
        uint64_t p = (uint64_t)part, old = L[k];
        uint64_t d = old - p - borrow;
        borrow = (old < p) || (old - p < borrow);
        L[k] = d;
        part >>= 64;
        if (!part && !borrow)
            break;
    }
}

/* a += b, both n limbs. */
static void add_limbs(uint64_t *a, const uint64_t *b, int n)
{
    uint64_t carry = 0;
    for (int k = 0; k < n; k++) {
        u128 s = (u128)a[k] + b[k] + carry;
        a[k] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
}

/* A wide value as a long double, from its top three limbs (the rest is
 * below the 64-bit significand). */
static long double limbs_ld(const uint64_t *L, int n)
{
    int top = n - 1;
    while (top > 0 && L[top] == 0)
        top--;
    long double v = 0.0L;
    int low = top - 2 > 0 ? top - 2 : 0;
    for (int k = top; k >= low; k--)
        v = v * 0x1p64L + (long double)L[k];
    return ldexpl(v, 64 * low);
}

/* ---- adding ---------------------------------------------------------------
 */

/* v = m * 2^(e - 53) with |v| >= 2^31: q = m * 2^(e - 21) exactly, and
 * q^2 = m^2 * 2^(2e - 42). */
static void add_wide(dr_xsum_wide *w, double v)
{
    int e;
    double f = frexp(fabs(v), &e);
    uint64_t m = (uint64_t)ldexp(f, 53);
    int shift = e - 21;
    if (v < 0)
        sub_shifted(w->s1, DR_XS1_LIMBS, m, shift);
    else
        add_shifted(w->s1, DR_XS1_LIMBS, m, shift);
    u128 m2 = (u128)m * m;
    add_shifted(w->s2, DR_XS2_LIMBS, (uint64_t)m2, 2 * shift);
    add_shifted(w->s2, DR_XS2_LIMBS, (uint64_t)(m2 >> 64), 2 * shift + 64);
}

dr_status dr_xsum_add(dr_xsum *x, double v)
{
    return dr_xsum_add_n(x, &v, 1);
}

/* Values below DR_XSUM_SMALL in magnitude take a path of 64-bit integers
 * alone, which a compiler turns into vector instructions (three clones:
 * the baseline's, AVX2's, AVX-512's; integer arithmetic, so all three give
 * the same sums). |v| < 2^19: v * 2^32 is below 2^51, so adding 1.5 * 2^52
 * rounds it to the integer q (to nearest, as llrint does) and leaves q in
 * the low bits; |q| < 2^51, and with |q| = h 2^26 + l (h < 2^25, l < 2^26),
 * q^2 = h^2 2^52 + h l 2^27 + l^2, each product below 2^52. Over at most
 * SMALL_BLOCK values every sum stays below 2^60. */
#define SMALL_BLOCK 256

__attribute__((target_clones("default", "avx2", "arch=x86-64-v4"))) static void
small_sums(const double *v, size_t n, int64_t *s1, uint64_t *hh, uint64_t *hl,
           uint64_t *ll)
{
    const double shifter = 0x1.8p52;
    int64_t base;
    memcpy(&base, &shifter, sizeof base);
    int64_t a = 0;
    uint64_t b = 0, c = 0, d = 0;
#pragma omp simd reduction(+ : a, b, c, d)
    for (size_t k = 0; k < n; k++) {
        double t = v[k] * 0x1p32 + shifter;
        int64_t q;
        memcpy(&q, &t, sizeof q);
        q -= base;
        a += q;
        uint64_t m = (uint64_t)(q < 0 ? -q : q);
        uint64_t h = m >> 26, l = m & 0x3ffffff;
        b += h * h;
        c += h * l;
        d += l * l;
    }
    *s1 = a;
    *hh = b;
    *hl = c;
    *ll = d;
}

void dr_xsum_add_small(dr_xsum *x, const double *v, size_t n)
{
    for (size_t k0 = 0; k0 < n; k0 += SMALL_BLOCK) {
        size_t m = n - k0 < SMALL_BLOCK ? n - k0 : SMALL_BLOCK;
        int64_t s1;
        uint64_t hh, hl, ll;
        small_sums(v + k0, m, &s1, &hh, &hl, &ll);
        u128 s2 = ((u128)hh << 52) + ((u128)hl << 27) + ll;
        x->s1 += s1;
        u128 lo = x->s2lo + s2;
        x->s2hi += lo < x->s2lo;
        x->s2lo = lo;
    }
    x->n += n;
}

dr_status dr_xsum_add_n(dr_xsum *x, const double *v, size_t n)
{
    int wide = 0, small = 1;
    for (size_t k = 0; k < n; k++) {
        wide |= !(fabs(v[k]) < DR_XSUM_FAST);
        small &= fabs(v[k]) < DR_XSUM_SMALL;
    }
    if (small) {
        dr_xsum_add_small(x, v, n);
        return DR_OK;
    }
    if (wide && !x->wide && !(x->wide = calloc(1, sizeof *x->wide)))
        return DR_ENOMEM;
    /* The fast path's sums in registers, added to x once. */
    __int128 s1 = 0;
    u128 s2lo = 0;
    uint64_t s2hi = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(fabs(v[k]) < DR_XSUM_FAST)) {
            add_wide(x->wide, v[k]);
            continue;
        }
        int64_t q = (int64_t)llrint(v[k] * 0x1p32);
        s1 += q;
        u128 lo = s2lo + (u128)((__int128)q * q);
        s2hi += lo < s2lo;
        s2lo = lo;
    }
    x->n += n;
    x->s1 += s1;
    u128 lo = x->s2lo + s2lo;
    x->s2hi += s2hi + (lo < x->s2lo);
    x->s2lo = lo;
    return DR_OK;
}

dr_status dr_xsum_merge(dr_xsum *a, const dr_xsum *b)
{
    if (b->wide) {
        if (!a->wide && !(a->wide = calloc(1, sizeof *a->wide)))
            return DR_ENOMEM;
        add_limbs(a->wide->s1, b->wide->s1, DR_XS1_LIMBS);
        add_limbs(a->wide->s2, b->wide->s2, DR_XS2_LIMBS);
    }
    a->n += b->n;
    a->s1 += b->s1;
    u128 lo = a->s2lo + b->s2lo;
    a->s2hi += b->s2hi + (lo < a->s2lo);
    a->s2lo = lo;
    return DR_OK;
}

dr_status dr_xsum_copy(dr_xsum *dst, const dr_xsum *src)
{
    *dst = *src;
    dst->wide = NULL;
    if (src->wide) {
        if (!(dst->wide = malloc(sizeof *dst->wide))) {
            dr_xsum_init(dst);
            return DR_ENOMEM;
        }
        *dst->wide = *src->wide;
    }
    return DR_OK;
}

int dr_xsum_equal(const dr_xsum *a, const dr_xsum *b)
{
    static const dr_xsum_wide zero;
    const dr_xsum_wide *wa = a->wide ? a->wide : &zero;
    const dr_xsum_wide *wb = b->wide ? b->wide : &zero;
    return a->n == b->n && a->s1 == b->s1 && a->s2lo == b->s2lo &&
           a->s2hi == b->s2hi && memcmp(wa, wb, sizeof *wa) == 0;
}

/* ---- moments --------------------------------------------------------------
 */

typedef struct u256 {
    u128 hi, lo;
} u256;

/* x * y for 128-bit x and y, from 64-bit halves. */
static u256 mul128(u128 x, u128 y)
{
    const u128 m64 = ((u128)1 << 64) - 1;
    u128 x0 = x & m64, x1 = x >> 64, y0 = y & m64, y1 = y >> 64;
    u128 p00 = x0 * y0, p01 = x0 * y1, p10 = x1 * y0, p11 = x1 * y1;
    u128 mid = (p00 >> 64) + (p01 & m64) + (p10 & m64);
    u256 r;
    r.lo = (p00 & m64) | (mid << 64);
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

/* n * sum(q^2) - (sum q)^2 >= 0 (Cauchy-Schwarz) over the fast path. */
static long double scatter_fast(const dr_xsum *x)
{
    u256 ns2 = mul128(x->n, x->s2lo);
    ns2.hi += (u128)x->n * x->s2hi;
    u128 m = x->s1 < 0 ? -(u128)x->s1 : (u128)x->s1;
    u256 sq = mul128(m, m);
    u256 d = {.hi = ns2.hi - sq.hi - (ns2.lo < sq.lo), .lo = ns2.lo - sq.lo};
    return ldexpl((long double)d.hi, 128) + (long double)d.lo;
}

/* Limbs of the whole sums: S1 two's complement in NS1 limbs, S2 in NS2. */
enum { NS1 = DR_XS1_LIMBS + 2, NS2 = DR_XS2_LIMBS + 2, ND = 2 * NS1 + 2 };

static void whole_sums(const dr_xsum *x, uint64_t S1[NS1], uint64_t S2[NS2])
{
    memset(S1, 0, NS1 * sizeof *S1);
    memset(S2, 0, NS2 * sizeof *S2);
    memcpy(S1, x->wide->s1, sizeof x->wide->s1);
    uint64_t ext = (x->wide->s1[DR_XS1_LIMBS - 1] >> 63) ? ~(uint64_t)0 : 0;
    for (int k = DR_XS1_LIMBS; k < NS1; k++)
        S1[k] = ext;
    uint64_t f[NS1];
    u128 u = (u128)x->s1;
    uint64_t fext = x->s1 < 0 ? ~(uint64_t)0 : 0;
    f[0] = (uint64_t)u;
    f[1] = (uint64_t)(u >> 64);
    for (int k = 2; k < NS1; k++)
        f[k] = fext;
    add_limbs(S1, f, NS1);
    memcpy(S2, x->wide->s2, sizeof x->wide->s2);
    uint64_t g[NS2] = {(uint64_t)x->s2lo, (uint64_t)(x->s2lo >> 64), x->s2hi};
    add_limbs(S2, g, NS2);
}

static void moments_wide(const dr_xsum *x, double *mean, double *sd)
{
    uint64_t S1[NS1], S2[NS2];
    whole_sums(x, S1, S2);
    int neg = (int)(S1[NS1 - 1] >> 63);
    if (neg) { /* magnitude: two's complement negation */
        for (int k = 0; k < NS1; k++)
            S1[k] = ~S1[k];
        add_shifted(S1, NS1, 1, 0);
    }
    long double N = (long double)x->n;
    long double m = ldexpl(limbs_ld(S1, NS1) / N, -32);
    *mean = (double)(neg ? -m : m);
    if (x->n < 2) {
        *sd = 0.0;
        return;
    }
    /* D = n * S2 - S1^2, exactly. */
    uint64_t D[ND] = {0};
    for (int k = 0; k < NS2; k++) {
        u128 p = (u128)S2[k] * x->n;
        add_shifted(D, ND, (uint64_t)p, 64 * k);
        add_shifted(D, ND, (uint64_t)(p >> 64), 64 * (k + 1));
    }
    for (int i = 0; i < NS1; i++) {
        if (!S1[i])
            continue;
        for (int j = 0; j < NS1; j++) {
            u128 p = (u128)S1[i] * S1[j];
            sub_shifted(D, ND, (uint64_t)p, 64 * (i + j));
            sub_shifted(D, ND, (uint64_t)(p >> 64), 64 * (i + j + 1));
        }
    }
    long double var = ldexpl(limbs_ld(D, ND), -64) / (N * (N - 1.0L));
    *sd = (double)sqrtl(var); /* +inf past DBL_MAX */
}

void dr_xsum_moments(const dr_xsum *x, double *mean, double *sd)
{
    if (x->n == 0) {
        *mean = *sd = NAN;
        return;
    }
    if (x->wide) {
        moments_wide(x, mean, sd);
        return;
    }
    long double N = (long double)x->n;
    *mean = (double)ldexpl((long double)x->s1 / N, -32);
    /* The sample sd, with n - 1 (0 for a single value), from
     * n * sum(q^2) - (sum q)^2 computed exactly: no cancellation even when
     * the sd is tiny next to the mean. */
    *sd = x->n > 1
              ? (double)sqrtl(ldexpl(scatter_fast(x), -64) / (N * (N - 1.0L)))
              : 0.0;
}
