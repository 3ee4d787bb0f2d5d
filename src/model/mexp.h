/* The model's exponential: e^x in plain arithmetic, no table and no
 * branch, so that a loop over lanes (dr_model_step_lanes) compiles it into
 * vector instructions, and the one-path step (dr_model_step) runs the very
 * same operations: both give the same bytes, which the vector path's test
 * relies on (libm's exp is a different function, correct to within an
 * ulp but not bit for bit the same as this one).
 *
 * x = k ln2 + r with k the nearest integer to x / ln2 and |r| <= ln2 / 2
 * (Cody and Waite: ln2 in two parts, the first with 11 trailing zero bits,
 * so k * ln2hi is exact), e^r by its Taylor series to r^13 (the remainder
 * is below 2^-57 relative), and 2^k built from its bits, in two factors so
 * that results near the bottom of the range come out subnormal, rounded
 * once. Within 1 ulp of libm's exp, about 1.15 ulp of e^x at worst
 * (tests/unit/test_model_lanes.c measures it); +inf above 709.78, 0 below
 * -745.13, NaN for NaN. */
#ifndef DR_MODEL_MEXP_H
#define DR_MODEL_MEXP_H

#include <math.h>
#include <stdint.h>
#include <string.h>

static inline double dr_model_exp(double x)
{
    const double ln2hi = 6.93147180369123816490e-01; /* 0x3fe62e42fee00000 */
    const double ln2lo = 1.90821492927058770002e-10;
    const double inv_ln2 = 1.44269504088896338700e+00;
    const double shifter = 0x1.8p52; /* adding it rounds to an integer */
    double kd = x * inv_ln2 + shifter;
    uint64_t kbits;
    memcpy(&kbits, &kd, sizeof kbits);
    kd -= shifter;
    double r = (x - kd * ln2hi) - kd * ln2lo;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    /* For |x| <= 746, k is in [-1077, 1077]: 2^k = 2^k1 * 2^k2 with
     * k1 = floor(k / 2), both factors normal. The low bits of kbits hold
     * k + 2^51; u = k + 2048 is positive, so only unsigned shifts are
     * needed (SSE2 has no signed 64-bit one): k1 + 1023 = u / 2 - 1 and
     * k2 + 1023 = u - u / 2 - 1. */
    uint64_t u = (kbits & 0xfffffffffffffull) - ((1ull << 51) - 2048);
    uint64_t b1 = ((u >> 1) - 1) << 52, b2 = (u - (u >> 1) - 1) << 52;
    double s1, s2;
    memcpy(&s1, &b1, sizeof s1);
    memcpy(&s2, &b2, sizeof s2);
    double e = p * s1 * s2;
    /* Beyond, the result is inf or 0 (what came out above is not used:
     * it is computed anyway, so that the function has no branch). NaN
     * passes through: its comparisons are false. */
    e = x > 746.0 ? INFINITY : e;
    return x < -746.0 ? 0.0 : e;
}

#endif
