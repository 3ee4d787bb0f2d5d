/* The mergeable accumulator (stats.c, exactsum.c) against independent
 * computations: merging equals one pass; percentiles against the exact
 * sample quantile of the sorted values (GSL's definition, the one stats.h
 * names) within the promise max(0.002, 0.5% of the value) at every
 * magnitude; mean and sd against GSL's formulas or against values worked
 * out by hand; probabilities as exact fractions of counts counted here.
 * Samples come from GSL's mt19937, not from the program's own streams. */
#include <float.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats/stats.h"

/* The line the tests count "above" against, and a made-up breach flag:
 * above, or every seventh value (any pattern will do: it is only
 * counted). */
#define LINE 1.0
static int breach_of(double v, size_t k)
{
    return v > LINE || k % 7 == 0;
}

/* The accuracy every percentile must meet (the requirement). */
static double promise(double exact)
{
    return fmax(0.002, 0.005 * fabs(exact));
}

static int add_all(dr_acc *a, const double *x, size_t from, size_t to)
{
    int ok = 1;
    for (size_t k = from; k < to; k++)
        ok &= dr_acc_add(a, x[k], x[k] > LINE, breach_of(x[k], k)) == DR_OK;
    return ok;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double *sorted_copy(const double *x, size_t n)
{
    double *s = malloc(n * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    return s;
}

/* The exact sample quantile: GSL's (1-d) x[k] + d x[k+1], k + d = (n-1) q.
 * GSL multiplies d = 0 by x[k+1] even when that is +inf (0 * inf = NaN);
 * the definition then means x[k]; with d > 0 and x[k+1] = +inf the
 * quantile is +inf. */
static double exact_quantile(const double *sorted, size_t n, double q)
{
    double pos = (double)(n - 1) * q;
    size_t k = (size_t)floor(pos);
    if (pos == (double)k || isinf(sorted[k]))
        return sorted[k];
    if (isinf(sorted[k + 1]))
        return sorted[k + 1];
    return gsl_stats_quantile_from_sorted_data(sorted, 1, n, q);
}

static int stat_equal(const dr_acc *a, const dr_acc *b)
{
    dr_stat sa, sb;
    memset(&sa, 0, sizeof sa);
    memset(&sb, 0, sizeof sb);
    dr_acc_result(a, &sa);
    dr_acc_result(b, &sb);
    return memcmp(&sa, &sb, sizeof sa) == 0;
}

/* ---- samples ---------------------------------------------------------- */

static gsl_rng *rng;

static double *normal_sample(size_t n, double mean, double sd)
{
    double *x = malloc(n * sizeof *x);
    for (size_t k = 0; k < n; k++)
        x[k] = mean + gsl_ran_gaussian(rng, sd);
    return x;
}

static double *uniform_sample(size_t n, double lo, double hi)
{
    double *x = malloc(n * sizeof *x);
    for (size_t k = 0; k < n; k++)
        x[k] = gsl_ran_flat(rng, lo, hi);
    return x;
}

/* Log-normal around `median` with log-sd s: a ratio's typical shape. */
static double *lognormal_sample(size_t n, double median, double s)
{
    double *x = malloc(n * sizeof *x);
    for (size_t k = 0; k < n; k++)
        x[k] = median * exp(gsl_ran_gaussian(rng, s));
    return x;
}

/* ---- (a) merging -------------------------------------------------------- */

/* A sample that reaches every kind of bin: negative, linear, octaves near
 * 1 and far above, past 2^31 (the wide sums), near DBL_MAX, and +inf. */
static double *mixed_sample(size_t n)
{
    double *x = normal_sample(n, 1.0, 0.8);
    for (size_t k = 0; k < n; k++) {
        switch (k % 50) {
        case 3: x[k] = 5.0 + gsl_ran_exponential(rng, 20.0); break;
        case 11: x[k] = INFINITY; break;
        case 17: x[k] = 1.5e9; break;
        case 23: x[k] = 6.0e9 + (double)k; break;
        case 29: x[k] = -gsl_ran_exponential(rng, 1.0); break;
        case 31: x[k] = 1e300 * (1.0 + (double)k / (double)n); break;
        case 37: x[k] = -3e12; break;
        default: break;
        }
    }
    return x;
}

static void check_merge(const char *name, const double *x, size_t n,
                        size_t split)
{
    dr_acc all, lo, hi, lohi, hilo;
    dr_acc_init(&all);
    dr_acc_init(&lo);
    dr_acc_init(&hi);
    int ok = add_all(&all, x, 0, n) && add_all(&lo, x, 0, split) &&
             add_all(&hi, x, split, n);
    ok = ok && dr_acc_copy(&lohi, &lo) == DR_OK &&
         dr_acc_merge(&lohi, &hi) == DR_OK;
    ok = ok && dr_acc_copy(&hilo, &hi) == DR_OK &&
         dr_acc_merge(&hilo, &lo) == DR_OK;
    ok = ok && dr_acc_equal(&lohi, &all) && dr_acc_equal(&hilo, &all) &&
         stat_equal(&lohi, &all) && stat_equal(&hilo, &all);
    if (!ok)
        printf("# %s: n = %zu split at %zu\n", name, n, split);
    CHECK(ok);
    dr_acc_free(&all);
    dr_acc_free(&lo);
    dr_acc_free(&hi);
    dr_acc_free(&lohi);
    dr_acc_free(&hilo);
}

static void test_merge(void)
{
    size_t n = 10001;
    double *x = mixed_sample(n);
    /* Halves, uneven parts, and one side empty. */
    size_t splits[] = {n / 2, 0, 1, n - 1, n, 3333};
    for (size_t k = 0; k < sizeof splits / sizeof *splits; k++)
        check_merge("mixed", x, n, splits[k]);

    /* Many parts merged as a tree and as a chain: both equal one pass. */
    enum { PARTS = 7 };
    dr_acc part[PARTS], chain, tree[PARTS], all;
    dr_acc_init(&all);
    add_all(&all, x, 0, n);
    for (int p = 0; p < PARTS; p++) {
        dr_acc_init(&part[p]);
        add_all(&part[p], x, n * (size_t)p / PARTS,
                n * (size_t)(p + 1) / PARTS);
        dr_acc_copy(&tree[p], &part[p]);
    }
    dr_acc_init(&chain);
    for (int p = PARTS - 1; p >= 0; p--)
        dr_acc_merge(&chain, &part[p]);
    for (int w = 1; w < PARTS; w *= 2)
        for (int p = 0; p + w < PARTS; p += 2 * w)
            dr_acc_merge(&tree[p], &tree[p + w]);
    CHECK(dr_acc_equal(&chain, &all) && stat_equal(&chain, &all));
    CHECK(dr_acc_equal(&tree[0], &all) && stat_equal(&tree[0], &all));
    for (int p = 0; p < PARTS; p++) {
        dr_acc_free(&part[p]);
        dr_acc_free(&tree[p]);
    }
    dr_acc_free(&chain);
    dr_acc_free(&all);
    free(x);

    /* A sample of one normal, n = 1000, two halves. */
    x = normal_sample(1000, 1.0, 0.3);
    check_merge("normal", x, 1000, 500);
    free(x);

    /* Disjoint ranges: the two parts' bins do not overlap, so the merge
     * must widen the stored range on either side. */
    x = malloc(2000 * sizeof *x);
    for (size_t k = 0; k < 2000; k++)
        x[k] = k < 1000 ? 0.01 * (double)k : 1e6 + (double)k;
    check_merge("disjoint", x, 2000, 1000);
    free(x);
}

/* ---- (b)-(d) one sample against its exact statistics ------------------- */

/* Checks everything dr_acc_result says about x[0..n-1]. */
static void check_sample(const char *name, const double *x, size_t n)
{
    dr_acc a;
    dr_stat st;
    dr_acc_init(&a);
    CHECK(add_all(&a, x, 0, n));
    dr_acc_result(&a, &st);
    double *s = sorted_copy(x, n);
    double min = s[0], max = s[n - 1];
    printf("# sample %s, n = %zu\n", name, n);

    /* (b) percentiles: exactly the value for a constant sample, +inf where
     * the exact one is, else within the promise. */
    int pct_ok = 1;
    for (int j = 0; j < DR_NPCT; j++) {
        double q = dr_pct_levels[j];
        double want = exact_quantile(s, n, q);
        double got = st.pct[j];
        int ok;
        if (min == max)
            ok = got == want;
        else if (isinf(want))
            ok = got == want;
        else
            ok = fabs(got - want) <= promise(want);
        if (!ok)
            printf("# %s: pct %g = %.17g, exact %.17g (tolerance %.3g)\n", name,
                   q, got, want, promise(want));
        pct_ok &= ok;
    }
    check_report(pct_ok, "percentiles within max(0.002, 0.5%)", __FILE__,
                 __LINE__);
    /* Percentiles never leave [min, max] and never decrease. */
    int inside = 1;
    for (int j = 0; j < DR_NPCT; j++)
        inside = inside && st.pct[j] >= min && st.pct[j] <= max &&
                 (j == 0 || st.pct[j] >= st.pct[j - 1]);
    CHECK(inside);
    /* dr_acc_quantile agrees with the row and gives the extremes exactly. */
    CHECK(dr_acc_quantile(&a, 0.0) == min && dr_acc_quantile(&a, 1.0) == max);
    CHECK(dr_acc_quantile(&a, 0.5) == st.pct[3]);

    /* (c) mean and sd: GSL's mean and sample sd (n - 1), or infinite when
     * some value is infinite. A constant sample reports its value and 0
     * whatever it is. */
    int infinite = 0;
    for (size_t k = 0; k < n; k++)
        infinite += isinf(x[k]);
    if (min == max) {
        CHECK(st.mean == min && st.sd == 0.0);
    } else if (infinite) {
        CHECK(isinf(st.mean) && st.mean > 0 && isinf(st.sd) && st.sd > 0);
    } else {
        double m = gsl_stats_mean(x, 1, n);
        double sd = n > 1 ? gsl_stats_sd(x, 1, n) : 0.0;
        /* The fixed point rounds each value to 2^-32: an absolute 2^-33
         * on the mean, next to the relative 1e-12. */
        int okm = fabs(st.mean - m) <= 1e-12 * fabs(m) + 0x1p-33;
        int oks = fabs(st.sd - sd) <= 1e-9 * fabs(sd) + 0x1p-32;
        if (!okm || !oks)
            printf("# %s: mean %.17g (gsl %.17g), sd %.17g (gsl %.17g)\n", name,
                   st.mean, m, st.sd, sd);
        CHECK(okm);
        CHECK(oks);
    }

    /* (d) probabilities: the fractions of counts made here. */
    size_t above = 0, breached = 0;
    for (size_t k = 0; k < n; k++) {
        above += x[k] > LINE;
        breached += (size_t)breach_of(x[k], k);
    }
    CHECK(st.p_above == (double)above / (double)n);
    CHECK(st.p_breached == (double)breached / (double)n);
    free(s);
    dr_acc_free(&a);
}

static void test_samples(void)
{
    double *x;
    /* Normal, mean 1, sd 0.3, at three sizes (one odd). */
    size_t sizes[] = {1000, 10000, 4999};
    for (size_t k = 0; k < 3; k++) {
        x = normal_sample(sizes[k], 1.0, 0.3);
        check_sample("normal(1, 0.3)", x, sizes[k]);
        free(x);
    }
    /* A small odd sample, where the interpolation weights d are far from
     * 0 and 1: n = 13 gives (n-1) q = 0.6, 1.2, 3, 6, 9, 10.8, 11.4. */
    x = normal_sample(13, 1.0, 0.3);
    check_sample("normal n = 13", x, 13);
    free(x);

    x = uniform_sample(7777, 0.0, 4.0);
    check_sample("uniform [0, 4)", x, 7777);
    free(x);

    /* Ratios near 0.5, 3, 8, 40 and 200 (the magnitudes of real counties,
     * up to 20,000%), tight and wide. */
    const double centres[] = {0.5, 3.0, 8.0, 40.0, 200.0};
    for (int c = 0; c < 5; c++) {
        char name[64];
        snprintf(name, sizeof name, "lognormal around %g, 10%%", centres[c]);
        x = lognormal_sample(10000, centres[c], 0.1);
        check_sample(name, x, 10000);
        free(x);
        snprintf(name, sizeof name, "lognormal around %g, 2%%", centres[c]);
        x = lognormal_sample(3001, centres[c], 0.02);
        check_sample(name, x, 3001);
        free(x);
        snprintf(name, sizeof name, "normal around %g, sd 1%%", centres[c]);
        x = normal_sample(200, centres[c], 0.01 * centres[c]);
        check_sample(name, x, 200);
        free(x);
    }

    /* Spread over several decades: log-uniform from 0.001 to 1e6. */
    x = malloc(20000 * sizeof *x);
    for (size_t k = 0; k < 20000; k++)
        x[k] = pow(10.0, gsl_ran_flat(rng, -3.0, 6.0));
    check_sample("log-uniform 1e-3 .. 1e6", x, 20000);
    /* ... and over most of the doubles, both signs. */
    for (size_t k = 0; k < 20000; k++)
        x[k] = (k % 3 ? 1.0 : -1.0) * pow(10.0, gsl_ran_flat(rng, -300, 300));
    check_sample("log-uniform +-1e-300 .. 1e300", x, 20000);
    free(x);

    /* +inf on 8% of the values (> 5%): the 95th percentile is +inf, so are
     * the mean and sd. */
    x = normal_sample(2000, 1.0, 0.3);
    for (size_t k = 0; k < 2000; k += 12)
        x[k] = INFINITY;
    check_sample("8% +inf", x, 2000);
    free(x);

    /* A constant sample: every statistic is the value, exactly. */
    x = malloc(3000 * sizeof *x);
    for (size_t k = 0; k < 3000; k++)
        x[k] = 1.2345678901234567;
    check_sample("constant", x, 3000);
    free(x);
}

/* Percentiles never out of order: at 200 paths, many samples whose p05 and
 * p10 (and p90, p95) fall in one bin, where interpolating between two equal
 * bin values must not lose an ulp. */
static void test_order(void)
{
    int ordered = 1;
    for (int rep = 0; rep < 2000 && ordered; rep++) {
        double *x = normal_sample(200, 1.0 + 0.001 * rep, 0.002);
        dr_acc a;
        dr_stat st;
        dr_acc_init(&a);
        add_all(&a, x, 0, 200);
        dr_acc_result(&a, &st);
        for (int j = 1; j < DR_NPCT; j++)
            if (st.pct[j] < st.pct[j - 1]) {
                printf("# rep %d: pct[%d] %.17g < pct[%d] %.17g\n", rep, j,
                       st.pct[j], j - 1, st.pct[j - 1]);
                ordered = 0;
            }
        dr_acc_free(&a);
        free(x);
    }
    CHECK(ordered);
}

/* ---- (e) keys and bins -------------------------------------------------- */

static void test_keys(void)
{
    /* Keys ascend with the value, over a sweep through every octave and
     * both signs; each value's bin reports within the promise of it. */
    int ascending = 1, near = 1;
    int32_t prev = INT32_MIN;
    double v = -DBL_MAX;
    while (v < DBL_MAX) {
        int32_t k = dr_acc_key(v);
        double r = dr_acc_key_value(k);
        ascending &= k >= prev;
        /* within max(2^-10, |v|/256), the bound stats.h states */
        near &= fabs(r - v) <= fmax(0x1p-10, fabs(v) / 256.0);
        prev = k;
        if (v < -1e-300)
            v *= 0.9993;
        else if (v < 1e-300)
            v = 1e-300;
        else
            v = v < DBL_MAX / 1.0007 ? v * 1.0007 : DBL_MAX;
        if (v == DBL_MAX)
            break;
    }
    CHECK(ascending);
    CHECK(near);
    /* Hand-worked keys: [0, 0.25) in 512ths; 0.25 starts the octaves. */
    CHECK(dr_acc_key(0.0) == 0 && dr_acc_key(-0.0) == 0);
    CHECK(dr_acc_key(0.001) == 0);       /* 0.512 */
    CHECK(dr_acc_key(0.002) == 1);       /* 1.024 */
    CHECK(dr_acc_key(0.2499999) == 127); /* 127.99995 */
    CHECK(dr_acc_key(0.25) == 128);
    /* 1.0 = 2^0 is octave e = 2 (base 2^(e-2)): 128 + 2*128 = 384; 1.5 is
     * halfway through it: 384 + 64. */
    CHECK(dr_acc_key(1.0) == 384);
    CHECK(dr_acc_key(1.5) == 448);
    CHECK(dr_acc_key(-1.0) == -385);
    CHECK(dr_acc_key_value(384) == 1.0 + 0.5 / 128);
    CHECK(dr_acc_key_value(0) == 0.5 / 512);
    CHECK(dr_acc_key(INFINITY) == INT32_MAX &&
          dr_acc_key(-INFINITY) == INT32_MIN && dr_acc_key(NAN) == INT32_MAX);
    CHECK(isfinite(dr_acc_key_value(dr_acc_key(DBL_MAX))));

    /* Memory does not grow with the number of values: a million draws of
     * one distribution store no more bins than ten thousand do, beyond
     * the few new extremes the tails reach. */
    dr_acc a;
    dr_acc_init(&a);
    uint32_t after_small = 0;
    for (int k = 0; k < 1000000; k++) {
        dr_acc_add(&a, 1.0 * exp(gsl_ran_gaussian(rng, 0.2)), 0, 0);
        if (k == 9999)
            after_small = a.nbin;
    }
    printf("# bins stored after 1e4 values %u, after 1e6 %u\n", after_small,
           a.nbin);
    /* exp(+-5 sd) spans 2 octaves: 256 bins, plus the growth slack */
    CHECK(a.nbin <= 2 * 256 + 64);
    dr_acc_free(&a);
}

/* ---- (f) edge cases ----------------------------------------------------- */

static void test_edges(void)
{
    dr_acc a;
    dr_stat st;
    double x[2000];

    /* One value: sd 0, every percentile the value, above and breached
     * counted. */
    x[0] = 0.7071;
    check_sample("one value", x, 1);
    dr_acc_init(&a);
    dr_acc_add(&a, 1.5, 1, 1);
    dr_acc_result(&a, &st);
    int all = st.mean == 1.5 && st.sd == 0.0 && st.p_above == 1.0 &&
              st.p_breached == 1.0;
    for (int j = 0; j < DR_NPCT; j++)
        all = all && st.pct[j] == 1.5;
    CHECK(all);
    dr_acc_free(&a);

    /* Two values: mean and sd by hand. {0.5, 1.5}: mean 1, sd (n - 1) =
     * sqrt(((0.5)^2 + (0.5)^2) / 1) = sqrt(0.5). Median (n-1) q = 0.5:
     * (0.5 + 1.5)/2 = 1, within the promise 0.005. */
    dr_acc_init(&a);
    dr_acc_add(&a, 0.5, 0, 0);
    dr_acc_add(&a, 1.5, 1, 1);
    dr_acc_result(&a, &st);
    CHECK(st.mean == 1.0);
    CHECK_NEAR(st.sd, sqrt(0.5), 1e-15);
    CHECK(st.p_above == 0.5 && st.p_breached == 0.5);
    CHECK(fabs(st.pct[3] - 1.0) <= 0.005);
    dr_acc_free(&a);

    /* Negative values among positive ones and alone. */
    {
        double *y = normal_sample(3001, 0.2, 0.5);
        check_sample("normal(0.2, 0.5), about a third negative", y, 3001);
        free(y);
        y = uniform_sample(1000, -2.0, -1.0);
        check_sample("uniform [-2, -1)", y, 1000);
        free(y);
    }

    /* Values exactly on bin edges: k/512 below 0.25, then 2^e (1 + j/128),
     * each once and three times. */
    for (int k = 0; k < 128; k++)
        x[k] = k / 512.0;
    for (int k = 0; k < 1024; k++)
        x[128 + k] = ldexp(1.0 + (k % 128) / 128.0, k / 128 - 2);
    check_sample("bin edges", x, 128 + 1024);
    for (int k = 0; k < 375; k++)
        x[k] = ldexp(1.0 + (10 * (k / 3) % 128) / 128.0, k / 40);
    check_sample("every 10th edge, thrice", x, 375);

    /* A quantile interpolated between a value in the linear bins and one
     * in the octaves: n = 12, q = 0.10, (n-1) q = 1.1, k = 1, d = 0.1:
     * exact 0.9 * 0.2 + 0.1 * 0.3 = 0.21. */
    {
        double y[12] = {0.1, 0.2, 0.3, 6, 6, 6, 6, 6, 6, 6, 6, 6};
        check_sample("straddling 0.25", y, 12);
    }

    /* Huge finite values count in the mean (the wide sums): exact by hand.
     * {1, 1.9e9}: mean 0.95e9 + 0.5, sd (1.9e9 - 1)/sqrt(2) — the fast
     * path. {1, 6e9}: mean 3e9 + 0.5, sd (6e9 - 1)/sqrt(2) — the wide
     * path (6e9 > 2^31). */
    dr_acc_init(&a);
    dr_acc_add(&a, 1.0, 0, 0);
    dr_acc_add(&a, 1.9e9, 1, 1);
    dr_acc_result(&a, &st);
    CHECK_NEAR(st.mean, 0.95e9 + 0.5, 1e-15);
    CHECK_NEAR(st.sd, (1.9e9 - 1.0) / sqrt(2.0), 1e-15);
    dr_acc_free(&a);
    dr_acc_init(&a);
    dr_acc_add(&a, 1.0, 0, 0);
    dr_acc_add(&a, 6e9, 1, 1);
    dr_acc_result(&a, &st);
    CHECK(st.mean == 3e9 + 0.5);
    CHECK_NEAR(st.sd, (6e9 - 1.0) / sqrt(2.0), 1e-15);
    dr_acc_free(&a);
    /* {1e308, 1.5e308}: the sum 2.5e308 is past DBL_MAX, yet the mean is
     * 1.25e308 and the sd 0.5e308/sqrt(2) = 3.5355339059327378e307 (a sum
     * of squares near 1e616 would overflow a double). */
    dr_acc_init(&a);
    dr_acc_add(&a, 1e308, 1, 1);
    dr_acc_add(&a, 1.5e308, 1, 1);
    dr_acc_result(&a, &st);
    CHECK_NEAR(st.mean, 1.25e308, 1e-15);
    CHECK_NEAR(st.sd, 0.5e308 / sqrt(2.0), 1e-15);
    dr_acc_free(&a);
    /* Cancellation in the wide path: 3e9 + k, k = 0..999: mean 3e9 +
     * 499.5, sd sqrt(1000 * 1001 / 12) = sqrt(83416.666...) (the sd of
     * 0..n-1 with n - 1 is sqrt(n (n + 1) / 12)). */
    for (int k = 0; k < 1000; k++)
        x[k] = 3e9 + k;
    dr_acc_init(&a);
    add_all(&a, x, 0, 1000);
    dr_acc_result(&a, &st);
    CHECK(st.mean == 3e9 + 499.5);
    CHECK_NEAR(st.sd, sqrt(1000.0 * 1001.0 / 12.0), 1e-12);
    dr_acc_free(&a);
    check_sample("3e9 + k", x, 1000);
    /* Negative and positive wide values cancel exactly: {-5e15, 5e15, 3}:
     * mean 1; deviations -5e15 - 1, 5e15 - 1 and 2, whose squares sum to
     * 2 * 25e30 + 2 + 4 = 5e31 + 6; over n - 1 = 2: variance 2.5e31 + 3. */
    dr_acc_init(&a);
    dr_acc_add(&a, -5e15, 0, 0);
    dr_acc_add(&a, 5e15, 1, 1);
    dr_acc_add(&a, 3.0, 1, 1);
    dr_acc_result(&a, &st);
    CHECK(st.mean == 1.0);
    CHECK_NEAR(st.sd, sqrt(2.5e31 + 3.0), 1e-15);
    dr_acc_free(&a);

    /* -inf and +inf both: the mean is undefined (NaN), the sd +inf; only
     * -inf among finite values: mean -inf. NaN counts as +inf. */
    dr_acc_init(&a);
    dr_acc_add(&a, -INFINITY, 0, 0);
    dr_acc_add(&a, 1.0, 0, 0);
    dr_acc_result(&a, &st);
    CHECK(st.mean == -INFINITY && st.sd == INFINITY && st.pct[0] == -INFINITY);
    dr_acc_add(&a, NAN, 1, 1);
    dr_acc_result(&a, &st);
    CHECK(isnan(st.mean) && st.pct[DR_NPCT - 1] == INFINITY &&
          a.max == INFINITY);
    dr_acc_free(&a);

    /* Only +inf: a constant sample. */
    x[0] = x[1] = x[2] = INFINITY;
    check_sample("all +inf", x, 3);
}

int main(void)
{
    gsl_rng_env_setup();
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20240901);
    test_merge();
    test_samples();
    test_order();
    test_keys();
    test_edges();
    gsl_rng_free(rng);
    return check_done();
}
