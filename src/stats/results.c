#include "stats/results.h"

#include <math.h>
#include <stdlib.h>

const double dr_pct_levels[DR_NPCT] = {0.05, 0.10, 0.25, 0.50,
                                       0.75, 0.90, 0.95};

dr_status dr_results_alloc(dr_results *r, size_t n, long years, long paths)
{
    return dr_results_alloc_tracked(r, n, years, paths, 0);
}

dr_status dr_results_alloc_tracked(dr_results *r, size_t n, long years,
                                   long paths, int tracked)
{
    size_t rows = n * (size_t)(years + 1);
    size_t T1 = (size_t)(years + 1);
    *r = (dr_results){.n = n, .years = years, .paths = paths};
    r->m = calloc(rows * DR_NMEASURES, sizeof *r->m);
    r->grade = calloc(rows * DR_NGRADES, sizeof *r->grade);
    r->city = calloc(T1, sizeof *r->city);
    r->city_expected = calloc(T1, sizeof *r->city_expected);
    r->city_counts = calloc(T1 * (n + 1), sizeof *r->city_counts);
    r->paired = calloc((n + 1) * 2, sizeof *r->paired);
    if (tracked) {
        size_t cells = n * (size_t)years * DR_NTRACK;
        r->track = calloc(cells ? cells : 1, sizeof *r->track);
        r->pit = calloc(cells ? cells : 1, sizeof *r->pit);
    }
    if (!r->m || !r->grade || !r->city || !r->city_expected ||
        !r->city_counts || !r->paired || (tracked && (!r->track || !r->pit))) {
        dr_results_free(r);
        return DR_ENOMEM;
    }
    return DR_OK;
}

void dr_results_free(dr_results *r)
{
    free(r->m);
    free(r->grade);
    free(r->city);
    free(r->city_expected);
    free(r->city_counts);
    free(r->paired);
    free(r->track);
    free(r->pit);
    *r = (dr_results){0};
}

double dr_prob_se(double p, long paths)
{
    return paths > 0 ? sqrt(p * (1.0 - p) / (double)paths) : 0.0;
}

void dr_stat_point(dr_stat *st, double v, double line, int breached)
{
    st->mean = v;
    st->sd = 0.0;
    for (int k = 0; k < DR_NPCT; k++)
        st->pct[k] = v;
    st->p_above = v > line ? 1.0 : 0.0;
    st->p_breached = breached ? 1.0 : 0.0;
}

void dr_results_paired(const dr_results *res, size_t i, double *delta,
                       double *se)
{
    long N = res->paths;
    uint64_t up = res->paired[i * 2], down = res->paired[i * 2 + 1];
    double d = ((double)up - (double)down) / (double)N;
    double var =
        N > 1 ? ((double)(up + down) - (double)N * d * d) / (double)(N - 1)
              : 0.0;
    *delta = d;
    *se = var > 0.0 ? sqrt(var / (double)N) : 0.0;
}
