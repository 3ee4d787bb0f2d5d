/* The mergeable accumulator (stats.c) against independent computations:
 * merging equals one pass, byte for byte; percentiles against the exact
 * sample quantile of the sorted values (GSL's definition, the one stats.h
 * names); mean and sd against GSL's two-pass formulas; probabilities as
 * exact fractions of counts counted here. Samples come from GSL's mt19937,
 * not from the program's own streams. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats.h"

/* The line the tests count "above" against, and a made-up breach flag:
 * above, or every seventh value (any pattern will do: it is only
 * counted). */
#define LINE 1.0
static int breach_of(double v, size_t k)
{
    return v > LINE || k % 7 == 0;
}

static void add_all(dr_acc *a, const double *x, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        dr_acc_add(a, x[k], x[k] > LINE, breach_of(x[k], k));
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
 * the definition then means x[k]. */
static double exact_quantile(const double *sorted, size_t n, double q)
{
    double v = gsl_stats_quantile_from_sorted_data(sorted, 1, n, q);
    if (isnan(v))
        v = sorted[(size_t)floor((double)(n - 1) * q)];
    return v;
}

/* Every part of the accumulator that merging must reproduce. The struct is
 * compared field by field because its tail padding is not ours to
 * compare. */
static int acc_equal(const dr_acc *a, const dr_acc *b)
{
    return a->n == b->n && a->nbig == b->nbig && a->above == b->above &&
           a->breached == b->breached &&
           memcmp(&a->min, &b->min, sizeof a->min) == 0 &&
           memcmp(&a->max, &b->max, sizeof a->max) == 0 &&
           memcmp(&a->s1, &b->s1, sizeof a->s1) == 0 &&
           memcmp(&a->s2lo, &b->s2lo, sizeof a->s2lo) == 0 &&
           a->s2hi == b->s2hi &&
           memcmp(a->bin, b->bin, sizeof a->bin) == 0;
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

/* ---- (a) merging -------------------------------------------------------- */

/* A sample that reaches every kind of bin: negative, fine, coarse, beyond
 * the coarse bins, above DR_HUGE, and +inf. */
static double *mixed_sample(size_t n)
{
    double *x = normal_sample(n, 1.0, 0.8);
    for (size_t k = 0; k < n; k++) {
        switch (k % 50) {
        case 3: x[k] = 5.0 + gsl_ran_exponential(rng, 20.0); break;
        case 11: x[k] = INFINITY; break;
        case 17: x[k] = 1.5e9; break;
        case 23: x[k] = 6.0e9; break; /* above DR_HUGE */
        case 29: x[k] = -gsl_ran_exponential(rng, 1.0); break;
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
    add_all(&all, x, 0, n);
    add_all(&lo, x, 0, split);
    add_all(&hi, x, split, n);
    lohi = lo;
    dr_acc_merge(&lohi, &hi);
    hilo = hi;
    dr_acc_merge(&hilo, &lo);
    int ok = acc_equal(&lohi, &all) && acc_equal(&hilo, &all) &&
             stat_equal(&lohi, &all) && stat_equal(&hilo, &all);
    if (!ok)
        printf("# %s: n = %zu split at %zu\n", name, n, split);
    CHECK(ok);
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
        tree[p] = part[p];
    }
    dr_acc_init(&chain);
    for (int p = PARTS - 1; p >= 0; p--)
        dr_acc_merge(&chain, &part[p]);
    for (int w = 1; w < PARTS; w *= 2)
        for (int p = 0; p + w < PARTS; p += 2 * w)
            dr_acc_merge(&tree[p], &tree[p + w]);
    CHECK(acc_equal(&chain, &all) && stat_equal(&chain, &all));
    CHECK(acc_equal(&tree[0], &all) && stat_equal(&tree[0], &all));
    free(x);

    /* A sample of one normal, n = 1000, two halves. */
    x = normal_sample(1000, 1.0, 0.3);
    check_merge("normal", x, 1000, 500);
    free(x);
}

/* ---- (b)-(d) one sample against its exact statistics ------------------- */

/* Checks everything dr_acc_result says about x[0..n-1]. */
/* 1 when both sorted values the q-quantile interpolates between lie in
 * the fine bins [DR_FINE_MIN, DR_FINE_MAX). s is sorted. */
static int fine(const double *s, size_t n, double q)
{
    double pos = (double)(n - 1) * q;
    size_t k = (size_t)floor(pos);
    size_t k1 = k + 1 < n ? k + 1 : k;
    return s[k] >= DR_FINE_MIN && s[k] < DR_FINE_MAX &&
           s[k1] >= DR_FINE_MIN && s[k1] < DR_FINE_MAX;
}

static void check_sample(const char *name, const double *x, size_t n)
{
    dr_acc a;
    dr_stat st;
    dr_acc_init(&a);
    add_all(&a, x, 0, n);
    dr_acc_result(&a, &st);
    double *s = sorted_copy(x, n);
    double min = s[0], max = s[n - 1];
    printf("# sample %s, n = %zu\n", name, n);

    /* (b) percentiles */
    for (int j = 0; j < DR_NPCT; j++) {
        double q = dr_pct_levels[j];
        double want = exact_quantile(s, n, q);
        double got = st.pct[j];
        int ok;
        const char *how;
        if (min == max) {
            how = "equal (constant sample)";
            ok = got == want;
        } else if (isinf(want)) {
            how = "+inf";
            ok = isinf(got) && got > 0;
        } else if (fine(s, n, q)) {
            how = "within DR_BIN_WIDTH/2";
            ok = fabs(got - want) <= DR_BIN_WIDTH / 2 + 1e-12;
        } else if (want > -1e4 && want < 9e8) {
            /* In the geometric bins (ratio 1.1) stats.h promises half a
             * bin: 5% of the value. */
            how = "within 5%";
            ok = fabs(got - want) <= 0.05 * fabs(want) + DR_BIN_WIDTH / 2;
        } else {
            /* Past the geometric bins only the clamp to [min, max]. */
            how = "in [min, max]";
            ok = got >= min && got <= max;
        }
        if (!ok)
            printf("# %s: pct %g = %.17g, exact %.17g (%s)\n", name, q, got,
                   want, how);
        check_report(ok, how, __FILE__, __LINE__);
    }
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
     * some value is infinite (or beyond DR_HUGE, stats.h). A constant
     * sample reports its value and 0 whatever it is. */
    int big = 0;
    for (size_t k = 0; k < n; k++)
        big += !(fabs(x[k]) <= DR_HUGE);
    if (min == max) {
        CHECK(st.mean == min && st.sd == 0.0);
    } else if (big) {
        CHECK(isinf(st.mean) && st.mean > 0 && isinf(st.sd) && st.sd > 0);
    } else {
        double m = gsl_stats_mean(x, 1, n);
        double sd = n > 1 ? gsl_stats_sd(x, 1, n) : 0.0;
        int okm = fabs(st.mean - m) <= 1e-9 * fabs(m);
        int oks = fabs(st.sd - sd) <= 1e-9 * fabs(sd);
        if (!okm || !oks)
            printf("# %s: mean %.17g (gsl %.17g), sd %.17g (gsl %.17g)\n",
                   name, st.mean, m, st.sd, sd);
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

    /* Some values above 5: a right tail up to about 40; the 95th percentile
     * falls among the coarse bins. */
    x = normal_sample(5000, 2.5, 1.2);
    for (size_t k = 0; k < 5000; k += 9)
        x[k] = 5.0 + gsl_ran_exponential(rng, 8.0);
    check_sample("above 5", x, 5000);
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

/* ---- (e) edge cases ----------------------------------------------------- */

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

    /* Two values: mean and sd by hand. {0.5, 1.5}: mean 1, sd (n - 1) =
     * sqrt(((0.5)^2 + (0.5)^2) / 1) = sqrt(0.5). */
    dr_acc_init(&a);
    dr_acc_add(&a, 0.5, 0, 0);
    dr_acc_add(&a, 1.5, 1, 1);
    dr_acc_result(&a, &st);
    CHECK(st.mean == 1.0);
    CHECK_NEAR(st.sd, sqrt(0.5), 1e-15);
    CHECK(st.p_above == 0.5 && st.p_breached == 0.5);
    /* Median of {0.5, 1.5}: (n-1) q = 0.5, (0.5 + 1.5)/2 = 1, within half a
     * bin of the two bin middles 0.502 and 1.502. */
    CHECK(fabs(st.pct[3] - 1.0) <= DR_BIN_WIDTH / 2 + 1e-12);

    /* Negative values (a ratio goes negative only when a scenario writes
     * off more debt than there is), among positive ones and alone. */
    {
        double *y = normal_sample(3001, 0.2, 0.5);
        check_sample("normal(0.2, 0.5), about a third negative", y, 3001);
        free(y);
        y = uniform_sample(1000, -2.0, -1.0);
        check_sample("uniform [-2, -1)", y, 1000);
        free(y);
    }

    /* Values exactly on bin edges: 0.004 k for k = 0 .. 1250, the last
     * being DR_FINE_MAX itself (the first coarse edge), each once. */
    for (int k = 0; k <= DR_NFINE; k++)
        x[k] = DR_BIN_WIDTH * k;
    check_sample("fine bin edges 0.004 k", x, DR_NFINE + 1);
    /* The same edges in steps of 10 bins, each value 3 times. */
    for (int k = 0; k < 375; k++)
        x[k] = DR_BIN_WIDTH * (10 * (k / 3));
    check_sample("every 10th edge, thrice", x, 375);
    /* Coarse edges 5 * 1.1^k. */
    for (int k = 0; k < 200; k++)
        x[k] = DR_FINE_MAX * pow(DR_COARSE_RATIO, k);
    check_sample("coarse edges", x, 200);

    /* A quantile below DR_FINE_MAX interpolated between a value below it
     * and one above it. n = 12: for q = 0.10, (n-1) q = 1.1, k = 1, d = 0.1:
     * exact 0.9 * 4.9 + 0.1 * 5.4 = 4.95, below 5, so within half a bin. */
    {
        double y[12] = {1, 4.9, 5.4, 6, 6, 6, 6, 6, 6, 6, 6, 6};
        check_sample("straddling DR_FINE_MAX", y, 12);
    }

    /* Huge values: 1e9, near the end of the coarse bins (5 * 1.1^200 is
     * about 9.5e8) and inside DR_HUGE, so they still count in the mean. */
    for (int k = 0; k < 1000; k++)
        x[k] = k % 2 ? 1e9 : 1.0 + 0.001 * k;
    check_sample("half 1e9", x, 1000);
    for (int k = 0; k < 1000; k++)
        x[k] = 1e9 + k;
    check_sample("1e9 + k", x, 1000);

    /* Above 2^31 (2.1e9) but below DR_HUGE (4e9): stats.h promises a finite
     * mean and sd for these. {1, 1.9e9} (below DR_HUGE): mean 0.95e9 + 0.5,
     * sd (1.9e9 - 1)/sqrt(2). */
    dr_acc_init(&a);
    dr_acc_add(&a, 1.0, 0, 0);
    dr_acc_add(&a, 1.9e9, 1, 1);
    dr_acc_result(&a, &st);
    CHECK_NEAR(st.mean, 0.95e9 + 0.5, 1e-9);
    CHECK_NEAR(st.sd, (1.9e9 - 1.0) / sqrt(2.0), 1e-9);

    /* Beyond DR_HUGE: the mean and sd are infinite, the percentiles and
     * counts still exact where they can be. */
    x[0] = 0.5;
    x[1] = 5e9;
    x[2] = 0.9;
    check_sample("one value beyond DR_HUGE", x, 3);

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
    test_edges();
    gsl_rng_free(rng);
    return check_done();
}
