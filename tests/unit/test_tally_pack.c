/* A tally as bytes (stats/tally_pack.c), as the ranks of an MPI run send
 * theirs: unpacked, the bytes give back the same tally, part for part
 * (accumulators with their exact sums, wide sums, infinities and bins;
 * grade, city and paired counts; a backtest's tracked part with its
 * realized values and counts); the unpacked tallies of two halves of the
 * paths merge into the tally of all of them, the same statistics byte for
 * byte; bytes cut short or not a tally's are refused. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats/tally.h"

enum { N = 3, YEARS = 2, PATHS = 2000 };
#define CELLS ((size_t)N * YEARS * DR_NTRACK)

/* Path k's value of accumulator slot j: spread over a factor of ten, with
 * now and then a value for the wide sums (2^40), an infinity or a NaN. */
static double value(gsl_rng *r, int k, size_t j)
{
    if ((k + (int)j) % 397 == 0)
        return 0x1p40 * (1.0 + gsl_rng_uniform(r));
    if ((k + (int)j) % 499 == 0)
        return k % 2 ? INFINITY : -INFINITY;
    if ((k + (int)j) % 733 == 0)
        return NAN;
    return (j % 2 ? -1.0 : 1.0) * exp(gsl_ran_gaussian(r, 0.8));
}

/* Paths from..to-1 into t, from the stream seeded by the path number, so
 * that any split of the paths sees the same values. */
static int tally_paths(dr_tally *t, int from, int to)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int ok = 1;
    for (int k = from; k < to; k++) {
        gsl_rng_set(r, (unsigned long)k + 1);
        for (size_t i = 0; i < N; i++)
            for (long y = 1; y <= YEARS; y++) {
                for (int m = 0; m < DR_NMEASURES; m++) {
                    double v = value(r, k, (i * YEARS + (size_t)y) * 4 + m);
                    ok &= dr_acc_add(dr_tally_acc(t, i, y, m), v, v > 1.0,
                                     v > 2.0) == DR_OK;
                }
                dr_tally_grade(t, i, y,
                               (int)gsl_rng_uniform_int(r, DR_NGRADES));
                for (int v = 0; v < DR_NTRACK; v++)
                    ok &= dr_tally_tracked(t, i, y, v,
                                           (double)gsl_rng_uniform_int(r, 6)) ==
                          DR_OK;
            }
        for (long y = 1; y <= YEARS; y++) {
            double c = 0.5 + gsl_rng_uniform(r);
            ok &= dr_tally_city(t, y, c, c > 1.0, c > 1.2,
                                gsl_rng_uniform_int(r, N + 1)) == DR_OK;
        }
        for (size_t i = 0; i <= N; i++)
            dr_tally_pair(t, i, gsl_rng_uniform(r) < 0.4,
                          gsl_rng_uniform(r) < 0.5);
        t->paths++;
    }
    gsl_rng_free(r);
    return ok;
}

static int same_accs(const dr_acc *a, const dr_acc *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!dr_acc_equal(&a[k], &b[k]))
            return 0;
    return 1;
}

/* Every part of a and b alike. */
static int same_tally(const dr_tally *a, const dr_tally *b)
{
    size_t rows = a->n * (size_t)a->T;
    if (a->n != b->n || a->T != b->T || a->paths != b->paths ||
        !a->tacc != !b->tacc)
        return 0;
    int same =
        same_accs(a->acc, b->acc, rows * DR_NMEASURES) &&
        same_accs(a->city, b->city, (size_t)a->T) &&
        memcmp(a->grade, b->grade, rows * DR_NGRADES * sizeof *a->grade) == 0 &&
        memcmp(a->counts, b->counts,
               (size_t)a->T * (a->n + 1) * sizeof *a->counts) == 0 &&
        memcmp(a->pair, b->pair, (a->n + 1) * 2 * sizeof *a->pair) == 0;
    if (same && a->tacc)
        same =
            same_accs(a->tacc, b->tacc, rows * DR_NTRACK) &&
            memcmp(a->real, b->real, rows * DR_NTRACK * sizeof *a->real) == 0 &&
            memcmp(a->below, b->below, rows * DR_NTRACK * sizeof *a->below) ==
                0 &&
            memcmp(a->equal, b->equal, rows * DR_NTRACK * sizeof *a->equal) ==
                0;
    return same;
}

static int new_tally(dr_tally *t, const double *real)
{
    return dr_tally_init(t, N, YEARS) == DR_OK &&
           (!real || dr_tally_track(t, real) == DR_OK);
}

/* pack, then unpack into *out */
static int round_trip(const dr_tally *t, dr_tally *out)
{
    unsigned char *b;
    size_t len;
    if (dr_tally_pack(t, &b, &len) != DR_OK)
        return 0;
    int ok = dr_tally_unpack(out, b, len) == DR_OK;
    free(b);
    return ok;
}

static void check_refused(const dr_tally *t)
{
    unsigned char *b;
    size_t len;
    CHECK(dr_tally_pack(t, &b, &len) == DR_OK);
    dr_tally u;
    int refused = 1;
    /* every length short of the whole, at a few hundred cut points */
    for (size_t cut = 0; cut < len; cut += 1 + len / 300)
        refused &= dr_tally_unpack(&u, b, cut) == DR_EIO && u.acc == NULL;
    refused &= dr_tally_unpack(&u, b, len - 1) == DR_EIO;
    CHECK(refused);
    b[0] = 'X'; /* not a tally's first bytes */
    CHECK(dr_tally_unpack(&u, b, len) == DR_EIO && u.acc == NULL);
    free(b);
    unsigned char *more = calloc(len + 1, 1);
    CHECK(dr_tally_pack(t, &b, &len) == DR_OK);
    memcpy(more, b, len);
    CHECK(dr_tally_unpack(&u, more, len + 1) == DR_EIO); /* a byte too many */
    free(more);
    free(b);
}

static int same_results(const dr_tally *a, const dr_tally *b)
{
    dr_results ra, rb;
    dr_results_alloc_tracked(&ra, N, YEARS, PATHS, 1);
    dr_results_alloc_tracked(&rb, N, YEARS, PATHS, 1);
    dr_tally_result(a, &ra);
    dr_tally_result(b, &rb);
    size_t rows = N * (YEARS + 1);
    int same =
        memcmp(ra.m, rb.m, rows * DR_NMEASURES * sizeof *ra.m) == 0 &&
        memcmp(ra.city, rb.city, (YEARS + 1) * sizeof *ra.city) == 0 &&
        memcmp(ra.grade, rb.grade, rows * DR_NGRADES * sizeof *ra.grade) == 0 &&
        memcmp(ra.track, rb.track, CELLS * sizeof *ra.track) == 0 &&
        memcmp(ra.pit, rb.pit, CELLS * sizeof *ra.pit) == 0;
    dr_results_free(&ra);
    dr_results_free(&rb);
    return same;
}

int main(void)
{
    double real[CELLS];
    for (size_t c = 0; c < CELLS; c++)
        real[c] = c % 4 == 0 ? NAN : (double)(c % 6);

    /* An empty tally and the three values 1, 2, 3 (mean 2, sd 1 by hand)
     * come back as they were. */
    dr_tally e, eu;
    CHECK(new_tally(&e, NULL));
    CHECK(round_trip(&e, &eu) && same_tally(&e, &eu) && eu.tacc == NULL);
    dr_tally_free(&eu);
    for (int v = 1; v <= 3; v++)
        dr_acc_add(dr_tally_acc(&e, 1, 2, DR_M_BROAD), v, 0, 0);
    CHECK(round_trip(&e, &eu) && same_tally(&e, &eu));
    dr_stat st;
    dr_acc_result(dr_tally_acc(&eu, 1, 2, DR_M_BROAD), &st);
    CHECK(st.mean == 2.0 && st.sd == 1.0);
    dr_tally_free(&eu);
    dr_tally_free(&e);

    /* The whole, and two uneven halves, tracked. */
    dr_tally whole, half[2], back, merged;
    CHECK(new_tally(&whole, real) && tally_paths(&whole, 0, PATHS));
    CHECK(new_tally(&half[0], real) && tally_paths(&half[0], 0, 777));
    CHECK(new_tally(&half[1], real) && tally_paths(&half[1], 777, PATHS));
    CHECK(whole.acc[0].sum.wide != NULL); /* the wide sums are in it */

    CHECK(round_trip(&whole, &back));
    CHECK(same_tally(&whole, &back));
    CHECK(back.paths == PATHS);
    /* the bytes of the unpacked tally are the bytes it came from */
    unsigned char *b1, *b2;
    size_t n1, n2;
    CHECK(dr_tally_pack(&whole, &b1, &n1) == DR_OK);
    CHECK(dr_tally_pack(&back, &b2, &n2) == DR_OK);
    CHECK(n1 == n2 && memcmp(b1, b2, n1) == 0);
    free(b1);
    free(b2);
    dr_tally_free(&back);

    /* Unpacked halves merged in rank order: the whole. */
    CHECK(new_tally(&merged, real));
    for (int k = 0; k < 2; k++) {
        dr_tally u;
        CHECK(round_trip(&half[k], &u));
        CHECK(dr_tally_merge(&merged, &u) == DR_OK);
        dr_tally_free(&u);
    }
    CHECK(same_tally(&whole, &merged));
    CHECK(same_results(&whole, &merged));

    check_refused(&whole);

    dr_tally_free(&merged);
    dr_tally_free(&half[0]);
    dr_tally_free(&half[1]);
    dr_tally_free(&whole);
    return check_done();
}
