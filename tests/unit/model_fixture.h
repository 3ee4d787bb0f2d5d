/* Shared by the tests of this module: the county, type and rates set by hand
 * (see test_model.c). */
#ifndef DR_TEST_MODEL_FIXTURE_H
#define DR_TEST_MODEL_FIXTURE_H

#include <math.h>
#include <string.h>

#include "check.h"
#include "model/model.h"

static inline void mix(const dr_params *p, const double *F, const double *eta,
                       double *z)
{
    dr_mixer mx;
    dr_mixer_init(&mx, p);
    dr_model_mix(&mx, F, eta, z);
}
#include "inputs/scenario.h"

#define TOL 1e-12

typedef struct fixture {
    dr_params p;
    dr_type_params tp;
    dr_county c;
    dr_county_model cm;
    dr_state s0;    /* state at t = 0 */
    dr_year y0;     /* base-year row */
    dr_shock sh;    /* all zero */
    dr_projflow pf; /* all zero */
    dr_yearadj adj; /* identity, set by hand */
    dr_state next;
    dr_year year;
} fixture;

static inline void set_params(dr_params *p, const dr_type_params *tp)
{
    memset(p, 0, sizeof *p);
    p->base_year = 2024;
    p->years = 10;
    p->paths = 1;
    p->seed = 1;
    p->warning = 1.0;
    p->grades[0] = 1.2;
    p->grades[1] = 2.0;
    p->grades[2] = 3.0;
    p->official_warning = 1.0;
    p->interest_warning = 0.10;
    p->debt_gdp_warning = 0.60;
    p->family = DR_FAMILY_NORMAL;
    p->df = 5;
    for (int i = 0; i < DR_NVAR; i++) {
        for (int j = 0; j < DR_NVAR; j++) {
            p->corr[i][j] = i == j ? 1.0 : 0.0;
            p->chol[i][j] = i == j ? 1.0 : 0.0;
        }
        p->common[i] = 0.0;
    }
    p->yield = 0.03;
    p->rate_sigma = 0.004;
    p->rate_rho = 0.5;
    p->growth_corr = 0.6;
    p->hidden_spread = 0.02;
    p->premium_slope = 0.1;
    p->premium_start = 1.0;
    p->premium_max = 0.05;
    p->reprice_explicit = 0.2;
    p->reprice_hidden = 0.4;
    p->quota = 0.05;
    p->consolidation = 0.1;
    p->consolidation_max = 0.03;
    p->debt_target = 1.0;
    p->surplus_spend = 0.5;
    p->defaults = *tp;
    p->type = NULL;
    p->ntypes = 0;
}

static inline void set_type(dr_type_params *tp)
{
    memset(tp, 0, sizeof *tp);
    tp->growth_mu = 0.05;
    tp->growth_sigma = 0.02;
    tp->growth_rho = 0.5;
    tp->own_revenue_mu = 0.0;
    tp->own_revenue_beta = 1.0;
    tp->own_revenue_sigma = 0.1;
    tp->land_mu = 0.0;
    tp->land_sigma = 0.2;
    tp->land_rho = 0.5;
    tp->transfers_mu = 0.05;
    tp->transfers_sigma = 0.1;
    tp->spending_mu = 0.05;
    tp->contingent_prob = 0.1;
    tp->contingent_loss = 0.5;
    tp->rate_explicit = 0.04;
    tp->rate_hidden = 0.06;
}

static inline void set_county(dr_county *c)
{
    memset(c, 0, sizeof *c);
    c->id = "c1";
    c->name = "county one";
    c->type = "rural";
    c->gdp = 100;
    c->own_revenue = 10;
    c->transfers = 20;
    c->land_revenue = 8;
    c->other_fund_revenue = 2;
    c->soe_revenue = 1;
    c->remittance = 1;
    c->primary_spending = 40;
    c->explicit_debt = 30;
    c->hidden_debt = 20;
    c->contingent = 10;
    c->rate_explicit = NAN;
    c->rate_hidden = NAN;
    c->line = 2;
}

static inline void set_identity(dr_yearadj *a)
{
    memset(a, 0, sizeof *a);
    for (int k = 0; k < 7; k++) {
        a->mul[k] = 1.0;
        a->add[k] = 0.0;
    }
}

/* Fills f with the fixture; call again after changing f->tp or f->c to
 * re-resolve the county model and the t = 0 state. */
static inline void init_county(fixture *f)
{
    dr_county_model_init(&f->cm, &f->c, &f->tp);
    dr_model_init(&f->cm, &f->s0, &f->y0);
}

static inline void setup(fixture *f)
{
    memset(f, 0, sizeof *f);
    set_type(&f->tp);
    set_params(&f->p, &f->tp);
    set_county(&f->c);
    init_county(f);
    set_identity(&f->adj);
}

/* Steps year t from prev with the fixture's shock, adjustment (or none) and
 * project flows. */
static inline void step(fixture *f, long t, const dr_state *prev,
                        const dr_yearadj *adj)
{
    memset(&f->next, 0, sizeof f->next);
    memset(&f->year, 0, sizeof f->year);
    dr_model_step(&f->p, &f->cm, t, prev, &f->sh, adj, &f->pf, &f->next,
                  &f->year);
}

static inline int is_pinf(double x)
{
    return isinf(x) && x > 0;
}

/* 16. dr_model_init and dr_county_model_init */

#endif
