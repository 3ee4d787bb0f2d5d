/* Finished results (results.h): allocation of zeroed arrays laid out as
 * the header gives, a point value, the paired change of a batch with its
 * standard error, and the standard error of a probability, each worked by
 * hand. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "stats/results.h"

static void layout(void)
{
    dr_results r;
    /* 3 counties, T = 2 (3 rows each), 100 paths */
    CHECK(dr_results_alloc(&r, 3, 2, 100) == DR_OK);
    CHECK(r.n == 3 && r.years == 2 && r.paths == 100);
    /* [(i*(T+1) + t)*DR_NMEASURES + measure] */
    CHECK(dr_results_stat(&r, 0, 0, 0) == &r.m[0]);
    CHECK(dr_results_stat(&r, 2, 1, DR_M_INTEREST) ==
          &r.m[(2 * 3 + 1) * DR_NMEASURES + DR_M_INTEREST]);
    CHECK(dr_results_grades(&r, 1, 2) == &r.grade[(1 * 3 + 2) * DR_NGRADES]);
    /* everything zero, to the last cell of every array */
    int zero = 1;
    const dr_stat *last = dr_results_stat(&r, 2, 2, DR_NMEASURES - 1);
    zero = zero && last->mean == 0 && last->p_breached == 0;
    zero = zero && dr_results_grades(&r, 2, 2)[DR_NGRADES - 1] == 0;
    zero = zero && r.city[2].mean == 0 && r.city_expected[2] == 0;
    zero = zero && r.city_counts[3 * 4 - 1] == 0; /* (T+1)(n+1) */
    zero = zero && r.paired[2 * 4 - 1] == 0;      /* (n+1) 2 */
    CHECK(zero);
    dr_results_free(&r);
    CHECK(r.m == NULL && r.grade == NULL && r.city == NULL &&
          r.city_counts == NULL && r.paired == NULL && r.n == 0);
    dr_results_free(&r); /* safe twice */
    CHECK(dr_pct_levels[0] == 0.05 && dr_pct_levels[1] == 0.10 &&
          dr_pct_levels[2] == 0.25 && dr_pct_levels[3] == 0.50 &&
          dr_pct_levels[4] == 0.75 && dr_pct_levels[5] == 0.90 &&
          dr_pct_levels[6] == 0.95);
}

static void point(void)
{
    dr_stat s;
    memset(&s, 0x55, sizeof s);
    dr_stat_point(&s, 1.25, 1.0, 0);
    int all = s.mean == 1.25 && s.sd == 0;
    for (int k = 0; k < DR_NPCT; k++)
        all = all && s.pct[k] == 1.25;
    CHECK(all && s.p_above == 1 && s.p_breached == 0);
    dr_stat_point(&s, 1.0, 1.0, 1); /* at the line is not above it */
    CHECK(s.p_above == 0 && s.p_breached == 1);
    dr_stat_point(&s, INFINITY, 1.0, 1);
    CHECK(s.p_above == 1 && isinf(s.pct[3]));
}

static void paired(void)
{
    dr_results r;
    CHECK(dr_results_alloc(&r, 1, 1, 10) == DR_OK);
    /* N = 10 paths: 3 breached here only, 1 in the baseline only. D is +1
     * on 3 paths, -1 on 1, 0 on 6: mean 0.2, sample variance (4 - 10
     * 0.04) / 9 = 0.4, se sqrt(0.4 / 10) = 0.2 */
    r.paired[0] = 3;
    r.paired[1] = 1;
    double d, se;
    dr_results_paired(&r, 0, &d, &se);
    CHECK_NEAR(d, 0.2, 1e-15);
    CHECK_NEAR(se, 0.2, 1e-15);
    /* the city, i = n: nothing differs */
    dr_results_paired(&r, 1, &d, &se);
    CHECK(d == 0 && se == 0);
    /* every path breached here only: D = 1 always, no variance */
    r.paired[0] = 10;
    r.paired[1] = 0;
    dr_results_paired(&r, 0, &d, &se);
    CHECK(d == 1 && se == 0);
    dr_results_free(&r);
    /* one path: no variance to estimate */
    CHECK(dr_results_alloc(&r, 1, 1, 1) == DR_OK);
    r.paired[1] = 1;
    dr_results_paired(&r, 0, &d, &se);
    CHECK(d == -1 && se == 0);
    dr_results_free(&r);
}

static void prob_se(void)
{
    /* sqrt(p (1 - p) / N): 0.5 0.5 / 4 = 1/16 */
    CHECK(dr_prob_se(0.5, 4) == 0.25);
    CHECK_NEAR(dr_prob_se(0.1, 100), 0.03, 1e-15);
    CHECK(dr_prob_se(0, 1000) == 0 && dr_prob_se(1, 1000) == 0);
    CHECK(dr_prob_se(0.5, 0) == 0);
}

int main(void)
{
    layout();
    point();
    paired();
    prob_se();
    return check_done();
}
