#include "stats/tally.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

dr_status dr_tally_init(dr_tally *t, size_t n, long T)
{
    size_t rows = n * (size_t)T;
    *t = (dr_tally){.n = n, .T = T};
    t->acc = malloc(rows * DR_NMEASURES * sizeof *t->acc);
    t->grade = calloc(rows * DR_NGRADES, sizeof *t->grade);
    t->city = malloc((size_t)T * sizeof *t->city);
    t->counts = calloc((size_t)T * (n + 1), sizeof *t->counts);
    t->pair = calloc((n + 1) * 2, sizeof *t->pair);
    if (t->acc)
        for (size_t k = 0; k < rows * DR_NMEASURES; k++)
            dr_acc_init(&t->acc[k]);
    if (t->city)
        for (long k = 0; k < T; k++)
            dr_acc_init(&t->city[k]);
    if (!t->acc || !t->grade || !t->city || !t->counts || !t->pair) {
        dr_tally_free(t);
        return DR_ENOMEM;
    }
    return DR_OK;
}

dr_status dr_tally_track(dr_tally *t, const double *real)
{
    size_t cells = t->n * (size_t)t->T * DR_NTRACK;
    t->tacc = malloc((cells ? cells : 1) * sizeof *t->tacc);
    t->real = malloc((cells ? cells : 1) * sizeof *t->real);
    t->below = calloc(cells ? cells : 1, sizeof *t->below);
    t->equal = calloc(cells ? cells : 1, sizeof *t->equal);
    if (!t->tacc || !t->real || !t->below || !t->equal) {
        free(t->tacc);
        free(t->real);
        free(t->below);
        free(t->equal);
        t->tacc = NULL;
        t->real = NULL;
        t->below = t->equal = NULL;
        return DR_ENOMEM;
    }
    for (size_t k = 0; k < cells; k++)
        dr_acc_init(&t->tacc[k]);
    memcpy(t->real, real, cells * sizeof *t->real);
    return DR_OK;
}

dr_status dr_tally_tracked(dr_tally *t, size_t i, long year, int v, double x)
{
    size_t k = (i * (size_t)t->T + (size_t)(year - 1)) * DR_NTRACK + (size_t)v;
    double r = t->real[k];
    t->below[k] += (uint64_t)(x < r);
    t->equal[k] += (uint64_t)(x == r);
    return dr_acc_add(&t->tacc[k], x, 0, 0);
}

void dr_tally_free(dr_tally *t)
{
    if (t->tacc)
        for (size_t k = 0; k < t->n * (size_t)t->T * DR_NTRACK; k++)
            dr_acc_free(&t->tacc[k]);
    free(t->tacc);
    free(t->real);
    free(t->below);
    free(t->equal);
    if (t->acc)
        for (size_t k = 0; k < t->n * (size_t)t->T * DR_NMEASURES; k++)
            dr_acc_free(&t->acc[k]);
    if (t->city)
        for (long k = 0; k < t->T; k++)
            dr_acc_free(&t->city[k]);
    free(t->acc);
    free(t->grade);
    free(t->city);
    free(t->counts);
    free(t->pair);
    *t = (dr_tally){0};
}

dr_status dr_tally_city(dr_tally *t, long year, double v, int above,
                        int breached, size_t counties_above)
{
    t->counts[(size_t)(year - 1) * (t->n + 1) + counties_above]++;
    return dr_acc_add(&t->city[year - 1], v, above, breached);
}

dr_status dr_tally_city_n(dr_tally *t, long year, const double *v,
                          const unsigned char *flag,
                          const uint32_t *counties_above, size_t n)
{
    uint64_t *counts = t->counts + (size_t)(year - 1) * (t->n + 1);
    if (dr_acc_add_n(&t->city[year - 1], v, flag, n) != DR_OK)
        return DR_ENOMEM;
    for (size_t k = 0; k < n; k++)
        counts[counties_above[k]]++;
    return DR_OK;
}

static void add_counts(uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        a[k] += b[k];
}

dr_status dr_tally_merge(dr_tally *a, const dr_tally *b)
{
    size_t rows = a->n * (size_t)a->T;
    for (size_t k = 0; k < rows * DR_NMEASURES; k++)
        if (dr_acc_merge(&a->acc[k], &b->acc[k]) != DR_OK)
            return DR_ENOMEM;
    for (long k = 0; k < a->T; k++)
        if (dr_acc_merge(&a->city[k], &b->city[k]) != DR_OK)
            return DR_ENOMEM;
    add_counts(a->grade, b->grade, rows * DR_NGRADES);
    add_counts(a->counts, b->counts, (size_t)a->T * (a->n + 1));
    add_counts(a->pair, b->pair, (a->n + 1) * 2);
    if (a->tacc && b->tacc) {
        size_t cells = rows * DR_NTRACK;
        for (size_t k = 0; k < cells; k++)
            if (dr_acc_merge(&a->tacc[k], &b->tacc[k]) != DR_OK)
                return DR_ENOMEM;
        add_counts(a->below, b->below, cells);
        add_counts(a->equal, b->equal, cells);
    }
    a->paths += b->paths;
    return DR_OK;
}

void dr_tally_result(const dr_tally *t, dr_results *res)
{
    size_t n = t->n;
    double N = (double)t->paths;
    for (size_t i = 0; i < n; i++)
        for (long y = 1; y <= t->T; y++) {
            for (int m = 0; m < DR_NMEASURES; m++)
                dr_acc_result(dr_tally_acc(t, i, y, m),
                              dr_results_stat(res, i, y, m));
            const uint64_t *g =
                &t->grade[(i * (size_t)t->T + (size_t)(y - 1)) * DR_NGRADES];
            double *out = dr_results_grades(res, i, y);
            for (int k = 0; k < DR_NGRADES; k++)
                out[k] = (double)g[k] / N;
        }
    for (long y = 1; y <= t->T; y++) {
        dr_acc_result(&t->city[y - 1], &res->city[y]);
        const uint64_t *c = &t->counts[(size_t)(y - 1) * (n + 1)];
        double *out = res->city_counts + (size_t)y * (n + 1);
        double expected = 0.0;
        for (size_t k = 0; k <= n; k++) {
            out[k] = (double)c[k] / N;
            expected += (double)k * (double)c[k];
        }
        res->city_expected[y] = expected / N;
    }
    memcpy(res->paired, t->pair, (n + 1) * 2 * sizeof *t->pair);
    if (t->tacc && res->track)
        for (size_t k = 0; k < n * (size_t)t->T * DR_NTRACK; k++) {
            dr_acc_result(&t->tacc[k], &res->track[k]);
            res->pit[k] =
                isnan(t->real[k])
                    ? NAN
                    : ((double)t->below[k] + 0.5 * (double)t->equal[k]) / N;
        }
}
