/* The tally (stats/tally.c): the tallies of any split of the paths merge
 * into the tally of all of them, the same statistics byte for byte; grade
 * and city-count probabilities are the counts made here over the paths;
 * the paired counts are the paths that breach in one run and not in the
 * other, worked out by hand below; a tracked tally's PIT is the count of
 * paths below the realized value plus half of those equal to it, counted
 * here path by path, whatever the split. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats/tally.h"

enum { N_COUNTIES = 3, YEARS = 2, PATHS = 3000 };

/* One synthetic path: every county-year's four measures, a grade, the
 * city's ratio and the number of counties above, and breach flags. */
typedef struct path {
    double m[N_COUNTIES][YEARS][DR_NMEASURES];
    int grade[N_COUNTIES][YEARS];
    double city[YEARS];
    size_t above[YEARS];
    int mine[N_COUNTIES + 1], base[N_COUNTIES + 1];
} path;

static path *make_paths(gsl_rng *r)
{
    path *p = calloc(PATHS, sizeof *p);
    for (int k = 0; k < PATHS; k++) {
        for (int i = 0; i < N_COUNTIES; i++)
            for (int t = 0; t < YEARS; t++) {
                for (int m = 0; m < DR_NMEASURES; m++)
                    p[k].m[i][t][m] = (1.0 + i) * exp(gsl_ran_gaussian(r, 0.3));
                p[k].grade[i][t] = (int)gsl_rng_uniform_int(r, DR_NGRADES);
            }
        for (int t = 0; t < YEARS; t++) {
            p[k].city[t] = 0.8 + gsl_rng_uniform(r);
            p[k].above[t] = gsl_rng_uniform_int(r, N_COUNTIES + 1);
        }
        for (int i = 0; i <= N_COUNTIES; i++) {
            p[k].mine[i] = gsl_rng_uniform(r) < 0.4;
            p[k].base[i] = gsl_rng_uniform(r) < 0.5;
        }
    }
    return p;
}

static void tally_paths(dr_tally *t, const path *p, int from, int to)
{
    for (int k = from; k < to; k++) {
        for (int i = 0; i < N_COUNTIES; i++)
            for (int y = 1; y <= YEARS; y++) {
                for (int m = 0; m < DR_NMEASURES; m++) {
                    double v = p[k].m[i][y - 1][m];
                    dr_acc_add(dr_tally_acc(t, (size_t)i, y, m), v, v > 1.0,
                               v > 2.0);
                }
                dr_tally_grade(t, (size_t)i, y, p[k].grade[i][y - 1]);
            }
        for (int y = 1; y <= YEARS; y++)
            dr_tally_city(t, y, p[k].city[y - 1], p[k].city[y - 1] > 1.0, 0,
                          p[k].above[y - 1]);
        for (int i = 0; i <= N_COUNTIES; i++)
            dr_tally_pair(t, (size_t)i, p[k].mine[i], p[k].base[i]);
        t->paths++;
    }
}

static int same_results(const dr_results *a, const dr_results *b)
{
    size_t rows = a->n * (size_t)(a->years + 1);
    return memcmp(a->m, b->m, rows * DR_NMEASURES * sizeof *a->m) == 0 &&
           memcmp(a->grade, b->grade, rows * DR_NGRADES * sizeof *a->grade) ==
               0 &&
           memcmp(a->city, b->city, (size_t)(a->years + 1) * sizeof *a->city) ==
               0 &&
           memcmp(a->city_counts, b->city_counts,
                  (size_t)(a->years + 1) * (a->n + 1) *
                      sizeof *a->city_counts) == 0 &&
           memcmp(a->paired, b->paired, (a->n + 1) * 2 * sizeof *a->paired) ==
               0;
}

/* Tracked variables (backtest): values on a coarse grid, so that many
 * paths tie with the realized value; PIT = (below + equal/2) / paths by
 * brute force, the same from one tally as from merged parts, and a cell
 * with nothing realized has no PIT. */
static void check_tracked(gsl_rng *r)
{
    enum { TP = 500, CELLS = N_COUNTIES * YEARS * DR_NTRACK };
    static double x[TP][CELLS];
    double real[CELLS];
    for (int c = 0; c < CELLS; c++) {
        for (int k = 0; k < TP; k++)
            x[k][c] = (double)gsl_rng_uniform_int(r, 7) * 0.5;
        real[c] = c % 5 == 0 ? NAN : (double)gsl_rng_uniform_int(r, 8) * 0.5;
    }
    real[1] = -1.0; /* below every path: PIT 0 */
    real[2] = 10.0; /* above every path: PIT 1 */
    dr_tally whole, half[2], merged;
    dr_tally *all[] = {&whole, &half[0], &half[1], &merged};
    for (int j = 0; j < 4; j++) {
        CHECK(dr_tally_init(all[j], N_COUNTIES, YEARS) == DR_OK);
        CHECK(dr_tally_track(all[j], real) == DR_OK);
    }
    int added = 1;
    for (int k = 0; k < TP; k++)
        for (int j = 0; j < 2; j++) {
            dr_tally *t = j == 0 ? &whole : &half[k < 123];
            for (int c = 0; c < CELLS; c++) {
                int v = c % DR_NTRACK;
                int y = (c / DR_NTRACK) % YEARS + 1;
                size_t i = (size_t)(c / (DR_NTRACK * YEARS));
                added &= dr_tally_tracked(t, i, y, v, x[k][c]) == DR_OK;
            }
            t->paths++;
        }
    CHECK(added);
    CHECK(dr_tally_merge(&merged, &half[0]) == DR_OK);
    CHECK(dr_tally_merge(&merged, &half[1]) == DR_OK);
    dr_results ra, rb;
    CHECK(dr_results_alloc_tracked(&ra, N_COUNTIES, YEARS, TP, 1) == DR_OK);
    CHECK(dr_results_alloc_tracked(&rb, N_COUNTIES, YEARS, TP, 1) == DR_OK);
    dr_tally_result(&whole, &ra);
    dr_tally_result(&merged, &rb);
    int ok = 1, same = 1;
    for (int c = 0; c < CELLS; c++) {
        /* the cell's place in the results: county-major, then year, then
         * variable, as the tally's */
        double below = 0, equal = 0;
        for (int k = 0; k < TP; k++) {
            below += x[k][c] < real[c];
            equal += x[k][c] == real[c];
        }
        double want = (below + 0.5 * equal) / TP;
        ok &= isnan(real[c]) ? isnan(ra.pit[c]) : ra.pit[c] == want;
        same &= isnan(real[c]) ? isnan(rb.pit[c]) : rb.pit[c] == ra.pit[c];
        same &= ra.track[c].mean == rb.track[c].mean;
    }
    CHECK(ok);
    CHECK(same);
    CHECK(ra.pit[1] == 0.0);
    CHECK(ra.pit[2] == 1.0);
    dr_results_free(&ra);
    dr_results_free(&rb);
    for (int j = 0; j < 4; j++)
        dr_tally_free(all[j]);
}

int main(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    path *p = make_paths(r);

    dr_tally all, part[3], merged;
    CHECK(dr_tally_init(&all, N_COUNTIES, YEARS) == DR_OK);
    tally_paths(&all, p, 0, PATHS);
    /* Three uneven parts merged in two orders. */
    int cut[4] = {0, 1, 1777, PATHS};
    for (int k = 0; k < 3; k++) {
        dr_tally_init(&part[k], N_COUNTIES, YEARS);
        tally_paths(&part[k], p, cut[k], cut[k + 1]);
    }
    dr_results ra, rb, rc;
    dr_results_alloc(&ra, N_COUNTIES, YEARS, PATHS);
    dr_results_alloc(&rb, N_COUNTIES, YEARS, PATHS);
    dr_results_alloc(&rc, N_COUNTIES, YEARS, PATHS);
    dr_tally_result(&all, &ra);

    dr_tally_init(&merged, N_COUNTIES, YEARS);
    for (int k = 0; k < 3; k++)
        CHECK(dr_tally_merge(&merged, &part[k]) == DR_OK);
    dr_tally_result(&merged, &rb);
    CHECK(merged.paths == PATHS);
    CHECK(same_results(&ra, &rb));
    dr_tally_free(&merged);

    dr_tally_init(&merged, N_COUNTIES, YEARS);
    for (int k = 2; k >= 0; k--)
        CHECK(dr_tally_merge(&merged, &part[k]) == DR_OK);
    dr_tally_result(&merged, &rc);
    CHECK(same_results(&ra, &rc));

    /* Probabilities are the counts over the paths, counted here. */
    int ok = 1;
    for (int i = 0; i < N_COUNTIES; i++)
        for (int y = 1; y <= YEARS; y++) {
            int c[DR_NGRADES] = {0};
            for (int k = 0; k < PATHS; k++)
                c[p[k].grade[i][y - 1]]++;
            for (int g = 0; g < DR_NGRADES; g++)
                ok &= dr_results_grades(&ra, (size_t)i, y)[g] ==
                      (double)c[g] / PATHS;
        }
    for (int y = 1; y <= YEARS; y++) {
        double expected = 0.0;
        for (size_t k = 0; k <= N_COUNTIES; k++) {
            int c = 0;
            for (int j = 0; j < PATHS; j++)
                c += p[j].above[y - 1] == k;
            ok &= ra.city_counts[(size_t)y * (N_COUNTIES + 1) + k] ==
                  (double)c / PATHS;
            expected += (double)k * c;
        }
        ok &= ra.city_expected[y] == expected / PATHS;
    }
    CHECK(ok);

    /* Paired counts: up = mine && !base, down = base && !mine. */
    ok = 1;
    for (int i = 0; i <= N_COUNTIES; i++) {
        uint64_t up = 0, down = 0;
        for (int k = 0; k < PATHS; k++) {
            up += p[k].mine[i] && !p[k].base[i];
            down += p[k].base[i] && !p[k].mine[i];
        }
        ok &= ra.paired[i * 2] == up && ra.paired[i * 2 + 1] == down;
    }
    CHECK(ok);

    /* The paired change and its standard error by hand: of N = 10 paths,
     * D = mine - base is +1 on 3, -1 on 1 and 0 on 6: mean D = 0.2,
     * var = (sum D^2 - N mean^2)/(N - 1) = (4 - 0.4)/9 = 0.4,
     * se = sqrt(0.4/10) = 0.2. */
    dr_results small;
    dr_results_alloc(&small, 1, 1, 10);
    small.paired[0] = 3;
    small.paired[1] = 1;
    double delta, se;
    dr_results_paired(&small, 0, &delta, &se);
    CHECK_NEAR(delta, 0.2, 1e-15);
    CHECK_NEAR(se, 0.2, 1e-15);
    dr_results_free(&small);

    dr_tally_free(&merged);
    dr_tally_free(&all);
    for (int k = 0; k < 3; k++)
        dr_tally_free(&part[k]);
    dr_results_free(&ra);
    dr_results_free(&rb);
    dr_results_free(&rc);
    free(p);
    check_tracked(r);
    gsl_rng_free(r);
    return check_done();
}
