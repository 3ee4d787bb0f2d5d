/* Random streams (rng.h): SplitMix64's published outputs, FNV-1a keys
 * against an implementation here checked on FNV's published vector,
 * streams that repeat and differ as the header promises, and the shock
 * family's moments and tails against GSL's distribution functions. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine/rng.h"

/* FNV-1a, 64 bits, of s. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

static void mixer(void)
{
    /* SplitMix64 seeded with 0 (Vigna's splitmix64.c): its outputs are
     * the mixer of gamma, 2 gamma, 3 gamma ... minus one gamma, which
     * dr_mix64 adds itself */
    const uint64_t gamma = 0x9e3779b97f4a7c15ULL;
    CHECK(dr_mix64(0) == 0xe220a8397b1dcdafULL);
    CHECK(dr_mix64(gamma) == 0x6e789e6aa1b965f4ULL);
    CHECK(dr_mix64(2 * gamma) == 0x06c45d188009454fULL);
}

static void keys(void)
{
    /* FNV's published vectors, for the implementation above */
    CHECK(fnv1a("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(fnv1a("foobar") == 0x85944171f73967e8ULL);
    /* the key of a name is FNV-1a of "kind:name" */
    CHECK(dr_rng_key("county", "wancheng") == fnv1a("county:wancheng"));
    CHECK(dr_rng_key("project", "") == fnv1a("project:"));
    CHECK(dr_rng_key("a", "b:c") == dr_rng_key("a:b", "c")); /* same text */
    CHECK(dr_rng_key("county", "a") != dr_rng_key("county", "b"));
}

/* The first two outputs of stream (seed, path, key). */
static void first(gsl_rng *r, uint64_t seed, uint64_t path, uint64_t key,
                  unsigned long out[2])
{
    dr_rng_stream(r, seed, path, key);
    out[0] = gsl_rng_get(r);
    out[1] = gsl_rng_get(r);
}

static int cmp_pair(const void *a, const void *b)
{
    const unsigned long *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

static void streams(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    unsigned long a[2], b[2];
    /* the same stream from its start, whatever came before */
    first(r, 1, 7, 99, a);
    for (int k = 0; k < 1000; k++)
        gsl_rng_get(r);
    first(r, 1, 7, 99, b);
    CHECK(a[0] == b[0] && a[1] == b[1]);
    /* a change of seed, path or key: another stream */
    first(r, 2, 7, 99, b);
    CHECK(a[0] != b[0] || a[1] != b[1]);
    first(r, 1, 8, 99, b);
    CHECK(a[0] != b[0] || a[1] != b[1]);
    first(r, 1, 7, 100, b);
    CHECK(a[0] != b[0] || a[1] != b[1]);
    /* 20,000 streams of one seed (paths x keys) start in 20,000 different
     * places: 64 bits of output each, a collision by chance about 1e-11 */
    enum { NP = 2000, NK = 10 };
    unsigned long(*v)[2] = malloc(NP * NK * sizeof *v);
    for (int p = 0; p < NP; p++)
        for (int k = 0; k < NK; k++)
            first(r, 42, (uint64_t)p,
                  dr_rng_key("county", (char[]){'a' + k, 0}), v[p * NK + k]);
    qsort(v, NP * NK, sizeof *v, cmp_pair);
    int distinct = 1;
    for (int k = 1; k < NP * NK; k++)
        distinct = distinct && cmp_pair(v[k - 1], v[k]) != 0;
    CHECK(distinct);
    free(v);
    gsl_rng_free(r);

    /* another generator is seeded its own way, as reproducibly */
    gsl_rng *m = gsl_rng_alloc(gsl_rng_mt19937);
    first(m, 1, 7, 99, a);
    first(m, 1, 7, 99, b);
    CHECK(a[0] == b[0] && a[1] == b[1]);
    first(m, 1, 8, 99, b);
    CHECK(a[0] != b[0] || a[1] != b[1]);
    gsl_rng_free(m);
}

/* N draws: mean 0 and variance 1 for both families (the t scaled to unit
 * variance), and the share beyond 3 as the family's tail gives it: 2 Q(3)
 * for the normal, 2 Q_t(3 / sqrt((df - 2) / df); df) for the t. Bounds
 * of 5 standard errors: the mean's 1/sqrt(N); the variance's
 * sqrt((kurtosis - 1) / N), kurtosis 3, or 3 + 6/(df - 4) = 9 for df 5;
 * the share's sqrt(p (1 - p) / N). */
static void shocks(void)
{
    enum { N = 200000 };
    dr_params p;
    dr_params_init(&p);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    for (int fam = 0; fam < 2; fam++) {
        p.family = fam ? DR_FAMILY_STUDENT_T : DR_FAMILY_NORMAL;
        p.df = 5;
        dr_rng_stream(r, 2024, 0, dr_rng_key("test", "shocks"));
        double sum = 0, sq = 0;
        long tail = 0;
        for (int k = 0; k < N; k++) {
            double x = dr_rng_shock(r, &p);
            sum += x;
            sq += x * x;
            tail += fabs(x) > 3;
        }
        double mean = sum / N, var = sq / N - mean * mean;
        double kurt = fam ? 9 : 3;
        double ptail = fam ? 2 * gsl_cdf_tdist_Q(3 / sqrt(3.0 / 5), 5)
                           : 2 * gsl_cdf_ugaussian_Q(3);
        double share = (double)tail / N;
        printf("# %s: mean %g, var %g, tail %g (expected %g)\n",
               fam ? "student_t" : "normal", mean, var, share, ptail);
        CHECK(fabs(mean) < 5 / sqrt((double)N));
        CHECK(fabs(var - 1) < 5 * sqrt((kurt - 1) / N));
        CHECK(fabs(share - ptail) < 5 * sqrt(ptail * (1 - ptail) / N));
    }
    gsl_rng_free(r);
}

int main(void)
{
    mixer();
    keys();
    streams();
    shocks();
    return check_done();
}
