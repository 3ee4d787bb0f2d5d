#include "calib/panel.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

static void county_free(dr_panel_county *c)
{
    free(c->g);
    free(c->o);
    free(c->r);
    free(c->p);
    free(c->l);
    free(c->land);
}

void dr_panel_free(dr_panel *P)
{
    for (size_t i = 0; i < P->n; i++)
        county_free(&P->c[i]);
    free(P->c);
    *P = (dr_panel){0};
}

/* x_s / x_{s-1} - 1, NAN when either is not given. */
static double growth(const double (*v)[DR_NHVARS], size_t s, int k)
{
    double a = v[s - 1][k], b = v[s][k];
    return isnan(a) || isnan(b) ? NAN : b / a - 1.0;
}

static dr_status fill(dr_panel_county *c, const dr_history_county *hc,
                      size_t y0)
{
    size_t T = c->T;
    c->g = malloc(T * sizeof *c->g);
    c->o = malloc(T * sizeof *c->o);
    c->r = malloc(T * sizeof *c->r);
    c->p = malloc(T * sizeof *c->p);
    if (!c->g || !c->o || !c->r || !c->p)
        return DR_ENOMEM;
    const double(*v)[DR_NHVARS] = (const double(*)[DR_NHVARS])hc->v + y0;
    int land = 1;
    c->g[0] = c->o[0] = c->r[0] = c->p[0] = NAN;
    for (size_t s = 0; s < T; s++) {
        if (s > 0) {
            c->g[s] = growth(v, s, DR_H_GDP);
            c->o[s] = growth(v, s, DR_H_OWN_REVENUE);
            c->r[s] = growth(v, s, DR_H_TRANSFERS);
            c->p[s] = growth(v, s, DR_H_PRIMARY_SPENDING);
        }
        land = land && v[s][DR_H_LAND_REVENUE] > 0;
    }
    if (land) {
        if (!(c->l = malloc(T * sizeof *c->l)) ||
            !(c->land = malloc(T * sizeof *c->land)))
            return DR_ENOMEM;
        for (size_t s = 0; s < T; s++) {
            c->land[s] = v[s][DR_H_LAND_REVENUE];
            c->l[s] = log(c->land[s]);
        }
    }
    return DR_OK;
}

dr_status dr_panel_build(dr_panel *P, const dr_history *h, const dr_fiscal *f,
                         long from, long to, size_t min_years, dr_error *err)
{
    *P = (dr_panel){.from = LONG_MAX, .to = LONG_MIN};
    dr_status st = dr_history_check_window(h, from, to, min_years, err);
    if (st != DR_OK)
        return st;
    if (!(P->c = calloc(h->n ? h->n : 1, sizeof *P->c)))
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < h->n; k++) {
        const dr_history_county *hc = &h->county[k];
        size_t y0, T = dr_history_window(hc, from, to, &y0);
        dr_panel_county *c = &P->c[P->n++];
        *c = (dr_panel_county){.county = hc->county,
                               .id = f->county[hc->county].id,
                               .type = f->county[hc->county].type,
                               .first = hc->first + (long)y0,
                               .T = T};
        if (fill(c, hc, y0) != DR_OK) {
            dr_panel_free(P);
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        }
        if (c->first < P->from)
            P->from = c->first;
        if (c->first + (long)T - 1 > P->to)
            P->to = c->first + (long)T - 1;
    }
    return DR_OK;
}
