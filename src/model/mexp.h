/* The model's exponential: e^x in plain arithmetic, with no table and no
 * branch, so that the lanes' step runs the same operations on vectors
 * (vexp in lanes_step.h, with the constants and the polynomial below)
 * and both steps give the same bytes, which the vector path's test relies
 * on (libm's exp is a different function, correct to within an ulp but
 * not bit for bit the same as this one).
 *
 * x = k ln2 + r with k the nearest integer to x / ln2 and |r| <= ln2 / 2
 * (Cody and Waite: ln2 in two parts, the first with 11 trailing zero bits,
 * so k * ln2hi is exact), e^r by its Taylor series to r^13 (the remainder
 * is below 2^-57 relative; evaluated as below), and 2^k built from its
 * bits, in two factors so that results near the bottom of the range come
 * out subnormal, rounded once. Within 1 ulp of libm's exp, so within 1.51
 * ulp of e^x with glibc's own bound (tests/unit/test_model_lanes.c
 * measures it); +inf above 709.78, 0 below -745.13, NaN for NaN. */
#ifndef DR_MODEL_MEXP_H
#define DR_MODEL_MEXP_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The reduction's constants: ln2 in two parts, 1/ln2, and the shifter
 * whose addition rounds to an integer. */
#define DR_EXP_LN2HI 6.93147180369123816490e-01 /* 0x3fe62e42fee00000 */
#define DR_EXP_LN2LO 1.90821492927058770002e-10
#define DR_EXP_INV_LN2 1.44269504088896338700e+00
#define DR_EXP_SHIFTER 0x1.8p52

/* p = e^r for |r| <= ln2 / 2, r and p of type T: double here, a vector of
 * doubles in the lanes' vexp, the same operations in the same order.
 * e^r = 1 + r (1 + r (c2 + c3 r + ... + c13 r^11)), ci = 1/i!: the tail by
 * Estrin's scheme, whose short chains let independent values proceed side
 * by side, then two Horner steps, which set the rounding (the same
 * accuracy as Horner throughout, in a third of the latency). */
#define DR_EXP_POLY(T, r, p)                                                   \
    do {                                                                       \
        T r2_ = (r) * (r), r4_ = r2_ * r2_, r8_ = r4_ * r4_;                   \
        T q0_ = 0.5 + (r) * (1.0 / 6.0);                                       \
        T q1_ = 1.0 / 24.0 + (r) * (1.0 / 120.0);                              \
        T q2_ = 1.0 / 720.0 + (r) * (1.0 / 5040.0);                            \
        T q3_ = 1.0 / 40320.0 + (r) * (1.0 / 362880.0);                        \
        T q4_ = 1.0 / 3628800.0 + (r) * (1.0 / 39916800.0);                    \
        T q5_ = 1.0 / 479001600.0 + (r) * (1.0 / 6227020800.0);                \
        T s0_ = q0_ + r2_ * q1_, s1_ = q2_ + r2_ * q3_, s2_ = q4_ + r2_ * q5_; \
        T tail_ = (s0_ + r4_ * s1_) + r8_ * s2_;                               \
        (p) = 1.0 + (r) * (1.0 + (r)*tail_);                                   \
    } while (0)

static inline double dr_model_exp(double x)
{
    double kd = x * DR_EXP_INV_LN2 + DR_EXP_SHIFTER;
    uint64_t kbits;
    memcpy(&kbits, &kd, sizeof kbits);
    kd -= DR_EXP_SHIFTER;
    double r = (x - kd * DR_EXP_LN2HI) - kd * DR_EXP_LN2LO;
    double p;
    DR_EXP_POLY(double, r, p);
    /* For |x| <= 746, k is in [-1077, 1077]: 2^k = 2^k1 * 2^k2 with
     * k1 = floor(k / 2), both factors normal. The low bits of kbits hold
     * k + 2^51; u = k + 2048 is positive, so only unsigned shifts are
     * needed (SSE2 has no signed 64-bit one): k1 + 1023 = u / 2 - 1 and
     * k2 + 1023 = u - u / 2 - 1. */
    uint64_t u = (kbits & 0xfffffffffffffull) - ((1ull << 51) - 2048);
    uint64_t b1 = ((u >> 1) - 1) << 52, b2 = (u - (u >> 1) - 1) << 52;
    double f1, f2;
    memcpy(&f1, &b1, sizeof f1);
    memcpy(&f2, &b2, sizeof f2);
    double e = p * f1 * f2;
    /* Beyond, the result is inf or 0 (what came out above is not used:
     * it is computed anyway, so that the function has no branch). NaN
     * passes through: its comparisons are false. */
    e = x > 746.0 ? INFINITY : e;
    return x < -746.0 ? 0.0 : e;
}

#endif
