#include "stats/results.h"

#include <math.h>
#include <stdlib.h>

const double dr_pct_levels[DR_NPCT] = {0.05, 0.10, 0.25, 0.50,
                                       0.75, 0.90, 0.95};

dr_status dr_results_alloc(dr_results *r, size_t n, long years, long paths)
{
    size_t rows = n * (size_t)(years + 1);
    size_t T1 = (size_t)(years + 1);
    *r = (dr_results){.n = n, .years = years, .paths = paths};
    r->m = calloc(rows * DR_NMEASURES, sizeof *r->m);
    r->grade = calloc(rows * DR_NGRADES, sizeof *r->grade);
    r->city = calloc(T1, sizeof *r->city);
    r->city_expected = calloc(T1, sizeof *r->city_expected);
    r->city_counts = calloc(T1 * (n + 1), sizeof *r->city_counts);
    if (!r->m || !r->grade || !r->city || !r->city_expected ||
        !r->city_counts) {
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
    *r = (dr_results){0};
}

double dr_prob_se(double p, long paths)
{
    return paths > 0 ? sqrt(p * (1.0 - p) / (double)paths) : 0.0;
}
