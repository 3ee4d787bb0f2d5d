#include "model/model.h"

#include <math.h>

#include "model/mexp.h"

/* fmax and fmin without the library call: no NaN reaches the model. */
static inline double max2(double a, double b)
{
    return a > b ? a : b;
}

static inline double min2(double a, double b)
{
    return a < b ? a : b;
}

/* k * max(0, x - start), capped at cap. Written so that k = 0 with an
 * infinite ratio (a county with no resources) gives 0, not NaN. */
static double ramp(double k, double x, double start, double cap)
{
    double excess = x - start;
    if (!(excess > 0.0) || !(k > 0.0))
        return 0.0;
    return min2(cap, k * excess);
}

double dr_measure_line(const dr_params *p, int measure)
{
    switch (measure) {
    case DR_M_BROAD: return p->warning;
    case DR_M_OFFICIAL: return p->official_warning;
    case DR_M_DEBT_GDP: return p->debt_gdp_warning;
    default: return p->interest_warning;
    }
}

void dr_yearadj_identity(dr_yearadj *a)
{
    *a = (dr_yearadj){0};
    for (int k = 0; k < 7; k++)
        a->mul[k] = 1.0;
}

void dr_county_model_init(dr_county_model *cm, const dr_county *c,
                          const dr_type_params *tp)
{
    cm->c = c;
    cm->tp = tp;
    cm->rate_explicit0 =
        isnan(c->rate_explicit) ? tp->rate_explicit : c->rate_explicit;
    cm->rate_hidden0 = isnan(c->rate_hidden) ? tp->rate_hidden : c->rate_hidden;
}

static double cfr_of(const dr_year *y)
{
    return y->own_revenue + y->transfers + y->land_revenue +
           y->other_fund_revenue + y->soe_revenue - y->remittance;
}

static void measures(dr_year *y)
{
    double debt = y->explicit_debt + y->hidden_debt;
    y->m[DR_M_BROAD] = dr_ratio(debt, y->cfr);
    y->m[DR_M_OFFICIAL] = dr_ratio(y->explicit_debt, y->cfr);
    y->m[DR_M_DEBT_GDP] = dr_ratio(debt, y->gdp);
    y->m[DR_M_INTEREST] = dr_ratio(y->interest, y->cfr);
}

void dr_model_init(const dr_county_model *cm, dr_state *s, dr_year *y)
{
    const dr_county *c = cm->c;
    *s = (dr_state){
        .gdp = c->gdp,
        .own_revenue = c->own_revenue,
        .transfers = c->transfers,
        .other_fund = c->other_fund_revenue,
        .soe = c->soe_revenue,
        .spending = c->primary_spending,
        .explicit_debt = c->explicit_debt,
        .hidden_debt = c->hidden_debt,
        .contingent = c->contingent,
        .rate_explicit = cm->rate_explicit0,
        .rate_hidden = cm->rate_hidden0,
    };
    *y = (dr_year){
        .gdp = c->gdp,
        .own_revenue = c->own_revenue,
        .transfers = c->transfers,
        .land_revenue = c->land_revenue,
        .other_fund_revenue = c->other_fund_revenue,
        .soe_revenue = c->soe_revenue,
        .remittance = c->remittance,
        .primary_spending = c->primary_spending,
        .re = cm->rate_explicit0,
        .rh = cm->rate_hidden0,
        .explicit_debt = c->explicit_debt,
        .hidden_debt = c->hidden_debt,
        .contingent = c->contingent,
        .rate_explicit = cm->rate_explicit0,
        .rate_hidden = cm->rate_hidden0,
    };
    y->cfr = cfr_of(y);
    y->interest = cm->rate_explicit0 * c->explicit_debt +
                  cm->rate_hidden0 * c->hidden_debt;
    measures(y);
    s->broad = y->m[DR_M_BROAD];
}

/* A stock after its scenario adjustment: pre + max(delta, -pre). */
static double stock_adjust(double pre, double delta)
{
    return pre + max2(delta, -pre);
}

static double adjust(const dr_yearadj *a, int k, double level)
{
    return level * a->mul[k] + a->add[k];
}

void dr_model_step(const dr_params *p, const dr_county_model *cm, long t,
                   const dr_state *prev, const dr_shock *sh,
                   const dr_yearadj *adj, const dr_projflow *pf, dr_state *next,
                   dr_year *y)
{
    static const dr_projflow no_projects;
    static const dr_yearadj none = {.mul = {1, 1, 1, 1, 1, 1, 1}};
    if (!adj)
        adj = &none;
    if (!pf)
        pf = &no_projects;
    const dr_county *c = cm->c;
    const dr_type_params *tp = cm->tp;
    const double d_prev = prev->broad;

    /* 1. Processes and flows (MODEL.md section 3). */
    next->ug = tp->growth_rho * prev->ug + tp->growth_sigma * sh->z[DR_VG];
    double g = tp->growth_mu + next->ug + adj->dg;
    next->gdp = prev->gdp * (1.0 + g);
    next->own_revenue =
        prev->own_revenue *
        max2(0.0, 1.0 + tp->own_revenue_mu + tp->own_revenue_beta * g +
                      tp->own_revenue_sigma * sh->z[DR_VOR]);
    next->ul = tp->land_rho * prev->ul + tp->land_sigma * sh->z[DR_VL];
    double land =
        c->land_revenue * dr_model_exp(tp->land_mu * (double)t + next->ul);
    next->transfers =
        prev->transfers *
        max2(0.0, 1.0 + tp->transfers_mu + tp->transfers_sigma * sh->z[DR_VTR]);
    next->other_fund = prev->other_fund * (1.0 + g);
    next->soe = prev->soe * (1.0 + g);
    double rem = c->own_revenue > 0.0
                     ? c->remittance * next->own_revenue / c->own_revenue
                     : c->remittance;

    y->gdp = next->gdp;
    y->g = g;
    y->own_revenue = adjust(adj, 0, next->own_revenue);
    y->transfers = adjust(adj, 1, next->transfers);
    y->land_revenue = adjust(adj, 2, land);
    y->other_fund_revenue = adjust(adj, 3, next->other_fund);
    y->soe_revenue = adjust(adj, 4, next->soe);
    y->remittance = adjust(adj, 5, rem);
    y->cfr = cfr_of(y);

    /* 2. Interest (section 4). */
    y->y = max2(0.0, p->yield + sh->ur + adj->dy);
    y->h = y->y + p->hidden_spread +
           ramp(p->premium_slope, d_prev, p->premium_start, p->premium_max) +
           adj->ds;
    y->re = (1.0 - p->reprice_explicit) * prev->rate_explicit +
            p->reprice_explicit * y->y;
    y->rh = (1.0 - p->reprice_hidden) * prev->rate_hidden +
            p->reprice_hidden * y->h;
    y->interest = y->re * prev->explicit_debt + y->rh * prev->hidden_debt;

    /* 3. Spending (section 5). */
    y->consolidation =
        ramp(p->consolidation, d_prev, p->debt_target, p->consolidation_max);
    next->spending =
        prev->spending * (1.0 + tp->spending_mu) * (1.0 - y->consolidation);
    y->primary_spending = adjust(adj, 6, next->spending);

    /* 4. Projects and the contingent call (section 6). */
    y->proj = *pf;
    y->call = sh->call * tp->contingent_loss * prev->contingent;

    /* 5. The financing gap. */
    double gap = y->primary_spending + pf->pb + y->interest - y->cfr - pf->pr;
    double ge, gh;
    if (gap > 0.0) {
        double quota = p->quota * max2(0.0, y->cfr);
        ge = min2(gap, quota);
        gh = gap - ge;
    } else {
        double surplus = -(1.0 - p->surplus_spend) * gap;
        gh = -min2(surplus, prev->hidden_debt + pf->ph + y->call);
        ge = -min2(surplus + gh, prev->explicit_debt + pf->pe);
    }
    y->gap = gap;
    y->ge = ge;
    y->gh = gh;

    /* 6. Debt swap. */
    double x = 0.0, r_swap = 0.0;
    if (adj->swap_share > 0.0) {
        x = min2(adj->swap_share * c->hidden_debt,
                 prev->hidden_debt + pf->ph + y->call + gh);
        r_swap = y->y + adj->swap_spread;
    }
    y->swap = x;

    /* 7. Stocks: a scenario write-off larger than the stock empties it,
     * never more (E = E° + max(dE, -E°)), so no stock is ever negative. */
    double E = stock_adjust(prev->explicit_debt + pf->pe + ge + x, adj->dE);
    double H =
        stock_adjust(prev->hidden_debt + pf->ph + y->call + gh - x, adj->dH);
    next->explicit_debt = E;
    next->hidden_debt = H;
    next->contingent = stock_adjust(prev->contingent - y->call, adj->dCL);

    /* 8. Rates carried forward: old debt at the year's effective rate, new
     * money at its own price. An empty stock takes the year's effective
     * rate, so it keeps repricing toward the market. */
    double ne = pf->pe + max2(0.0, ge);
    double nh = pf->ph + y->call + max2(0.0, gh);
    next->rate_explicit =
        E > 0.0 ? (y->re * (E - ne - x) + y->y * ne + r_swap * x) / E : y->re;
    next->rate_hidden = H > 0.0 ? (y->rh * (H - nh) + y->h * nh) / H : y->rh;

    /* 9. Measures. */
    y->explicit_debt = E;
    y->hidden_debt = H;
    y->contingent = next->contingent;
    y->rate_explicit = next->rate_explicit;
    y->rate_hidden = next->rate_hidden;
    measures(y);
    next->broad = y->m[DR_M_BROAD];
}

void dr_mixer_init(dr_mixer *mx, const dr_params *p)
{
    for (int k = 0; k < DR_NVAR; k++) {
        mx->a[k] = sqrt(p->common[k]);
        mx->b[k] = sqrt(1.0 - p->common[k]);
        for (int j = 0; j < DR_NVAR; j++)
            mx->L[k][j] = j <= k ? p->chol[k][j] : 0.0;
    }
}

void dr_model_mix(const dr_mixer *mx, const double F[DR_NVAR],
                  const double eta[DR_NVAR], double z[DR_NVAR])
{
    double x[DR_NVAR];
    for (int k = 0; k < DR_NVAR; k++)
        x[k] = mx->a[k] * F[k] + mx->b[k] * eta[k];
    for (int i = 0; i < DR_NVAR; i++) {
        double s = 0.0;
        for (int k = 0; k <= i; k++)
            s += mx->L[i][k] * x[k];
        z[i] = s;
    }
}

double dr_model_rate_shock(const dr_params *p, double F_growth, double nu)
{
    return p->growth_corr * F_growth +
           sqrt(1.0 - p->growth_corr * p->growth_corr) * nu;
}

double dr_model_rate_state(const dr_params *p, double ur_prev, double eps)
{
    return p->rate_rho * ur_prev + p->rate_sigma * eps;
}

void dr_lognormal_params(double mean, double sd, double *mu, double *sigma)
{
    double s2 = log1p(sd * sd / (mean * mean));
    *sigma = sqrt(s2);
    *mu = log(mean) - s2 / 2.0;
}

void dr_model_project_flows(const dr_project *p, const dr_projdraw *d,
                            long year, dr_projflow *pf)
{
    long build_end = (long)p->start_year + p->build_years; /* first revenue */
    if (year >= p->start_year && year < build_end) {
        double k = p->capex * d->cost / p->build_years;
        switch (p->channel) {
        case DR_CH_SPECIAL_BOND: pf->pe += k; break;
        case DR_CH_LGFV:
        case DR_CH_PPP: pf->ph += k; break;
        case DR_CH_BUDGET: pf->pb += k; break;
        }
    } else if (year >= build_end && year < build_end + p->revenue_years) {
        pf->pr += (1.0 - d->fail) * p->revenue_yield * p->capex * d->yield;
    }
}

void dr_projdraw_mean(const dr_project *p, dr_projdraw *d)
{
    d->fail = p->fail_prob;
    d->cost = 1.0 + p->overrun_mean;
    d->yield = 1.0;
}
