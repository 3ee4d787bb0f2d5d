/* The year step of MODEL.md checked by hand: one county, one year, one
 * mechanism at a time. Every expected number is worked out in the comment
 * beside it (or typed as a closed form of MODEL.md's equations), never taken
 * from the program's own output.
 *
 * The fixture (set up by setup() below, every field the step reads set by
 * hand so the test needs nothing but model.c):
 *
 *   county  GDP 100, OR 10, TR 20, LR 8, OF 2, SOE 1, REM 1, PS 40,
 *           E 30, H 20, CL 10, base rates absent (NAN: the type's)
 *           CFR_0 = 10 + 20 + 8 + 2 + 1 - 1 = 40, d_0 = 50/40 = 1.25
 *   type    growth mu 0.05 sigma 0.02 rho 0.5; own revenue mu 0 beta 1
 *           sigma 0.1; land mu 0 sigma 0.2 rho 0.5; transfers mu 0.05
 *           sigma 0.1; spending mu 0.05; contingent prob 0.1 loss 0.5;
 *           rate.explicit 0.04, rate.hidden 0.06
 *   rates   y_0 0.03, s_h 0.02, lambda 0.1, d_lambda 1.0, p_max 0.05,
 *           m_e 0.2, m_h 0.4 (rate sigma 0.004, rho 0.5, growth_corr 0.6)
 *   policy  q 0.05, phi 0.1, c_max 0.03, d* 1.0, kappa 0.5
 *
 * The base step (t = 1, all shocks 0, no call, no adjustment, no projects),
 * which most cases below vary one input at a time:
 *   u^g = 0.5*0 + 0.02*0 = 0, g = 0.05, GDP = 100*1.05 = 105
 *   OR* = 10*(1 + 0 + 1*0.05 + 0.1*0) = 10.5, TR* = 20*(1 + 0.05) = 21
 *   LR* = 8*exp(0*1 + 0) = 8, OF* = 2.1, SOE* = 1.05, REM* = 1*10.5/10 = 1.05
 *   CFR = 10.5 + 21 + 8 + 2.1 + 1.05 - 1.05 = 41.6
 *   y = 0.03; h = 0.03 + 0.02 + min(0.05, 0.1*(1.25 - 1)) = 0.075
 *   re = 0.8*0.04 + 0.2*0.03 = 0.038; rh = 0.6*0.06 + 0.4*0.075 = 0.066
 *   I = 0.038*30 + 0.066*20 = 1.14 + 1.32 = 2.46
 *   c = min(0.03, 0.1*(1.25 - 1)) = 0.025; PS* = 40*1.05*0.975 = 40.95
 *   G = 40.95 + 0 + 2.46 - 41.6 - 0 = 1.81; Q = 0.05*41.6 = 2.08
 *   G > 0, under the quota: GE = 1.81, GH = 0; X = 0
 *   E = 30 + 1.81 = 31.81, H = 20, CL = 10
 *   NE = 1.81, NH = 0
 *   re+ = (0.038*(31.81 - 1.81) + 0.03*1.81)/31.81 = 1.1943/31.81
 *   rh+ = 0.066*20/20 = 0.066
 *   broad = 51.81/41.6, official = 31.81/41.6, debt_gdp = 51.81/105,
 *   interest = 2.46/41.6 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "model/model.h"

static void mix(const dr_params *p, const double *F, const double *eta,
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
    dr_state s0;  /* state at t = 0 */
    dr_year y0;   /* base-year row */
    dr_shock sh;  /* all zero */
    dr_projflow pf; /* all zero */
    dr_yearadj adj; /* identity, set by hand */
    dr_state next;
    dr_year year;
} fixture;

static void set_params(dr_params *p, const dr_type_params *tp)
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

static void set_type(dr_type_params *tp)
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

static void set_county(dr_county *c)
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

static void set_identity(dr_yearadj *a)
{
    memset(a, 0, sizeof *a);
    for (int k = 0; k < 7; k++) {
        a->mul[k] = 1.0;
        a->add[k] = 0.0;
    }
}

/* Fills f with the fixture; call again after changing f->tp or f->c to
 * re-resolve the county model and the t = 0 state. */
static void init_county(fixture *f)
{
    dr_county_model_init(&f->cm, &f->c, &f->tp);
    dr_model_init(&f->cm, &f->s0, &f->y0);
}

static void setup(fixture *f)
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
static void step(fixture *f, long t, const dr_state *prev,
                 const dr_yearadj *adj)
{
    memset(&f->next, 0, sizeof f->next);
    memset(&f->year, 0, sizeof f->year);
    dr_model_step(&f->p, &f->cm, t, prev, &f->sh, adj, &f->pf, &f->next,
                  &f->year);
}

static int is_pinf(double x)
{
    return isinf(x) && x > 0;
}

/* 16. dr_model_init and dr_county_model_init */
static void test_init(void)
{
    fixture f;
    setup(&f);
    /* Base rates absent (NAN): the type's 0.04 and 0.06. */
    CHECK_NEAR(f.cm.rate_explicit0, 0.04, TOL);
    CHECK_NEAR(f.cm.rate_hidden0, 0.06, TOL);
    CHECK(f.cm.c == &f.c && f.cm.tp == &f.tp);
    /* State at t = 0: the data, AR states 0. */
    CHECK_NEAR(f.s0.gdp, 100, TOL);
    CHECK_NEAR(f.s0.own_revenue, 10, TOL);
    CHECK_NEAR(f.s0.transfers, 20, TOL);
    CHECK_NEAR(f.s0.other_fund, 2, TOL);
    CHECK_NEAR(f.s0.soe, 1, TOL);
    CHECK_NEAR(f.s0.spending, 40, TOL);
    CHECK(f.s0.ug == 0 && f.s0.ul == 0);
    CHECK_NEAR(f.s0.explicit_debt, 30, TOL);
    CHECK_NEAR(f.s0.hidden_debt, 20, TOL);
    CHECK_NEAR(f.s0.contingent, 10, TOL);
    CHECK_NEAR(f.s0.rate_explicit, 0.04, TOL);
    CHECK_NEAR(f.s0.rate_hidden, 0.06, TOL);
    /* CFR_0 = 10 + 20 + 8 + 2 + 1 - 1 = 40; broad (30 + 20)/40 = 1.25;
     * official 30/40 = 0.75; debt_gdp 50/100 = 0.5; interest burden with
     * the base rates (0.04*30 + 0.06*20)/40 = 2.4/40 = 0.06. */
    CHECK_NEAR(f.y0.cfr, 40, TOL);
    CHECK_NEAR(f.s0.broad, 1.25, TOL);
    CHECK_NEAR(f.y0.m[DR_M_BROAD], 1.25, TOL);
    CHECK_NEAR(f.y0.m[DR_M_OFFICIAL], 0.75, TOL);
    CHECK_NEAR(f.y0.m[DR_M_DEBT_GDP], 0.5, TOL);
    CHECK_NEAR(f.y0.m[DR_M_INTEREST], 0.06, TOL);

    /* The county's own explicit rate 0.045, hidden absent: 0.06 from the
     * type. Interest burden (0.045*30 + 0.06*20)/40 = 2.55/40 = 0.06375. */
    f.c.rate_explicit = 0.045;
    init_county(&f);
    CHECK_NEAR(f.cm.rate_explicit0, 0.045, TOL);
    CHECK_NEAR(f.cm.rate_hidden0, 0.06, TOL);
    CHECK_NEAR(f.s0.rate_explicit, 0.045, TOL);
    CHECK_NEAR(f.y0.m[DR_M_INTEREST], 0.06375, TOL);
    /* Both given: 0.045 and 0.08: (1.35 + 1.6)/40 = 0.07375. */
    f.c.rate_hidden = 0.08;
    init_county(&f);
    CHECK_NEAR(f.cm.rate_hidden0, 0.08, TOL);
    CHECK_NEAR(f.s0.rate_hidden, 0.08, TOL);
    CHECK_NEAR(f.y0.m[DR_M_INTEREST], 0.07375, TOL);

    /* CFR_0 = 0 (OR 10 all remitted, no other revenue): broad, official
     * and interest are +inf; debt_gdp (30 + 20)/100 = 0.5 stays finite. */
    setup(&f);
    f.c.transfers = 0;
    f.c.land_revenue = 0;
    f.c.other_fund_revenue = 0;
    f.c.soe_revenue = 0;
    f.c.remittance = 10;
    init_county(&f);
    CHECK(is_pinf(f.y0.m[DR_M_BROAD]));
    CHECK(is_pinf(f.y0.m[DR_M_OFFICIAL]));
    CHECK(is_pinf(f.y0.m[DR_M_INTEREST]));
    CHECK(is_pinf(f.s0.broad));
    CHECK_NEAR(f.y0.m[DR_M_DEBT_GDP], 0.5, TOL);
}

/* dr_yearadj_identity: mul 1, everything else 0. */
static void test_identity(void)
{
    dr_yearadj a;
    memset(&a, 0x55, sizeof a); /* garbage the function must overwrite */
    dr_yearadj_identity(&a);
    int ok = 1;
    for (int k = 0; k < 7; k++)
        ok = ok && a.mul[k] == 1.0 && a.add[k] == 0.0;
    CHECK(ok);
    CHECK(a.dg == 0 && a.dy == 0 && a.ds == 0);
    CHECK(a.dE == 0 && a.dH == 0 && a.dCL == 0);
    CHECK(a.swap_share == 0);
}

/* The base step of the header comment, every number of it. Also checks
 * that the identity adjustment gives the same as none. */
static void test_base_step(void)
{
    fixture f;
    setup(&f);
    for (int pass = 0; pass < 2; pass++) {
        step(&f, 1, &f.s0, pass ? &f.adj : NULL);
        CHECK_NEAR(f.year.g, 0.05, TOL);
        CHECK_NEAR(f.year.gdp, 105, TOL);
        CHECK_NEAR(f.year.own_revenue, 10.5, TOL);
        CHECK_NEAR(f.year.transfers, 21, TOL);
        CHECK_NEAR(f.year.land_revenue, 8, TOL);
        CHECK_NEAR(f.year.other_fund_revenue, 2.1, TOL);
        CHECK_NEAR(f.year.soe_revenue, 1.05, TOL);
        CHECK_NEAR(f.year.remittance, 1.05, TOL);
        CHECK_NEAR(f.year.cfr, 41.6, TOL);
        CHECK_NEAR(f.year.y, 0.03, TOL);
        CHECK_NEAR(f.year.h, 0.075, TOL);
        CHECK_NEAR(f.year.re, 0.038, TOL);
        CHECK_NEAR(f.year.rh, 0.066, TOL);
        CHECK_NEAR(f.year.interest, 2.46, TOL);
        CHECK_NEAR(f.year.consolidation, 0.025, TOL);
        CHECK_NEAR(f.year.primary_spending, 40.95, TOL);
        CHECK_NEAR(f.year.gap, 1.81, TOL);
        CHECK_NEAR(f.year.ge, 1.81, TOL);
        CHECK_NEAR(f.year.gh, 0, TOL);
        CHECK_NEAR(f.year.swap, 0, TOL);
        CHECK_NEAR(f.year.call, 0, TOL);
        CHECK_NEAR(f.year.explicit_debt, 31.81, TOL);
        CHECK_NEAR(f.year.hidden_debt, 20, TOL);
        CHECK_NEAR(f.year.contingent, 10, TOL);
        CHECK_NEAR(f.year.rate_explicit, 1.1943 / 31.81, TOL);
        CHECK_NEAR(f.year.rate_hidden, 0.066, TOL);
        CHECK_NEAR(f.year.m[DR_M_BROAD], 51.81 / 41.6, TOL);
        CHECK_NEAR(f.year.m[DR_M_OFFICIAL], 31.81 / 41.6, TOL);
        CHECK_NEAR(f.year.m[DR_M_DEBT_GDP], 51.81 / 105, TOL);
        CHECK_NEAR(f.year.m[DR_M_INTEREST], 2.46 / 41.6, TOL);
        /* The carried state: starred levels, AR states, stocks, rates. */
        CHECK_NEAR(f.next.gdp, 105, TOL);
        CHECK_NEAR(f.next.own_revenue, 10.5, TOL);
        CHECK_NEAR(f.next.transfers, 21, TOL);
        CHECK_NEAR(f.next.other_fund, 2.1, TOL);
        CHECK_NEAR(f.next.soe, 1.05, TOL);
        CHECK_NEAR(f.next.spending, 40.95, TOL);
        CHECK_NEAR(f.next.ug, 0, TOL);
        CHECK_NEAR(f.next.ul, 0, TOL);
        CHECK_NEAR(f.next.explicit_debt, 31.81, TOL);
        CHECK_NEAR(f.next.hidden_debt, 20, TOL);
        CHECK_NEAR(f.next.contingent, 10, TOL);
        CHECK_NEAR(f.next.rate_explicit, 1.1943 / 31.81, TOL);
        CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);
        CHECK_NEAR(f.next.broad, 51.81 / 41.6, TOL);
    }
}

/* 1. Growth, own revenue, GDP, other fund, SOE, remittance. */
static void test_own_revenue(void)
{
    fixture f;
    setup(&f);
    /* u^g_0 = 0.04, z^g = 1, z^or = 0.5; own revenue mu 0.01, beta 0.5:
     *   u^g = 0.5*0.04 + 0.02*1 = 0.04, g = 0.05 + 0.04 = 0.09
     *   GDP = 100*1.09 = 109
     *   OR* = 10*max(0, 1 + 0.01 + 0.5*0.09 + 0.1*0.5) = 10*1.105 = 11.05
     *   OF* = 2*1.09 = 2.18, SOE* = 1*1.09 = 1.09
     *   REM* = 1*11.05/10 = 1.105; TR* = 21 (z^tr = 0) */
    f.tp.own_revenue_mu = 0.01;
    f.tp.own_revenue_beta = 0.5;
    dr_state prev = f.s0;
    prev.ug = 0.04;
    f.sh.z[DR_VG] = 1.0;
    f.sh.z[DR_VOR] = 0.5;
    step(&f, 1, &prev, NULL);
    CHECK_NEAR(f.next.ug, 0.04, TOL);
    CHECK_NEAR(f.year.g, 0.09, TOL);
    CHECK_NEAR(f.year.gdp, 109, TOL);
    CHECK_NEAR(f.next.gdp, 109, TOL);
    CHECK_NEAR(f.year.own_revenue, 11.05, TOL);
    CHECK_NEAR(f.next.own_revenue, 11.05, TOL);
    CHECK_NEAR(f.year.other_fund_revenue, 2.18, TOL);
    CHECK_NEAR(f.next.other_fund, 2.18, TOL);
    CHECK_NEAR(f.year.soe_revenue, 1.09, TOL);
    CHECK_NEAR(f.next.soe, 1.09, TOL);
    CHECK_NEAR(f.year.remittance, 1.105, TOL);
    CHECK_NEAR(f.year.transfers, 21, TOL);

    /* Floor: z^or = -20 (mu 0, beta 1 again): 1 + 0 + 0.05 + 0.1*(-20) =
     * -0.95 < 0, so OR* = 10*0 = 0, and REM* = 1*0/10 = 0. */
    setup(&f);
    f.sh.z[DR_VOR] = -20;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.own_revenue, 0, TOL);
    CHECK_NEAR(f.next.own_revenue, 0, TOL);
    CHECK_NEAR(f.year.remittance, 0, TOL);
    /* CFR = 0 + 21 + 8 + 2.1 + 1.05 - 0 = 32.15 */
    CHECK_NEAR(f.year.cfr, 32.15, TOL);

    /* OR_0 = 0: REM* = REM_0 = 1 whatever OR* does (it stays 0). */
    setup(&f);
    f.c.own_revenue = 0;
    init_county(&f);
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.own_revenue, 0, TOL);
    CHECK_NEAR(f.year.remittance, 1, TOL);
    CHECK(isfinite(f.year.cfr));
}

/* 2. Land: LR* = LR_0 exp(mu_l t + u^l_t), u^l = rho u_prev + sigma z. */
static void test_land(void)
{
    fixture f;
    setup(&f);
    f.tp.land_mu = -0.1;
    /* t = 1, u^l_0 = 0, z^l = 1: u^l = 0.2, LR* = 8 exp(-0.1 + 0.2). */
    f.sh.z[DR_VL] = 1.0;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.next.ul, 0.2, TOL);
    CHECK_NEAR(f.year.land_revenue, 8.0 * exp(0.1), TOL);
    /* t = 3, u^l_2 = 0.3, z^l = 0.5: u^l = 0.5*0.3 + 0.2*0.5 = 0.25,
     * LR* = 8 exp(-0.1*3 + 0.25) = 8 exp(-0.05). */
    dr_state prev = f.s0;
    prev.ul = 0.3;
    f.sh.z[DR_VL] = 0.5;
    step(&f, 3, &prev, NULL);
    CHECK_NEAR(f.next.ul, 0.25, TOL);
    CHECK_NEAR(f.year.land_revenue, 8.0 * exp(-0.05), TOL);
}

/* 3. Transfers with the floor. */
static void test_transfers(void)
{
    fixture f;
    setup(&f);
    /* z^tr = 1: TR* = 20*(1 + 0.05 + 0.1*1) = 23. */
    f.sh.z[DR_VTR] = 1.0;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.transfers, 23, TOL);
    CHECK_NEAR(f.next.transfers, 23, TOL);
    /* z^tr = -20: 1 + 0.05 - 2 < 0, TR* = 0, and stays 0 next year. */
    f.sh.z[DR_VTR] = -20;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.transfers, 0, TOL);
    CHECK_NEAR(f.next.transfers, 0, TOL);
    dr_state s1 = f.next;
    f.sh.z[DR_VTR] = 1.0;
    step(&f, 2, &s1, NULL);
    CHECK_NEAR(f.year.transfers, 0, TOL);
}

/* 4. Repricing, interest, the yield and its floor. */
static void test_repricing(void)
{
    fixture f;
    setup(&f);
    /* re+_0 = 0.05, rh+_0 = 0.07 in the state (not the county's base
     * rates); u^r = 0.01, dy = 0.005:
     *   y = max(0, 0.03 + 0.01 + 0.005) = 0.045
     *   h = 0.045 + 0.02 + min(0.05, 0.1*0.25) = 0.09
     *   re = 0.8*0.05 + 0.2*0.045 = 0.049
     *   rh = 0.6*0.07 + 0.4*0.09 = 0.078
     *   I = 0.049*30 + 0.078*20 = 1.47 + 1.56 = 3.03 */
    dr_state prev = f.s0;
    prev.rate_explicit = 0.05;
    prev.rate_hidden = 0.07;
    f.sh.ur = 0.01;
    f.adj.dy = 0.005;
    step(&f, 1, &prev, &f.adj);
    CHECK_NEAR(f.year.y, 0.045, TOL);
    CHECK_NEAR(f.year.h, 0.09, TOL);
    CHECK_NEAR(f.year.re, 0.049, TOL);
    CHECK_NEAR(f.year.rh, 0.078, TOL);
    CHECK_NEAR(f.year.interest, 3.03, TOL);
    CHECK_NEAR(f.year.m[DR_M_INTEREST], 3.03 / 41.6, TOL);

    /* Floor: u^r = -0.02, dy = -0.02: 0.03 - 0.04 < 0, y = 0.
     *   h = 0 + 0.02 + 0.025 = 0.045
     *   re = 0.8*0.04 + 0.2*0 = 0.032, rh = 0.6*0.06 + 0.4*0.045 = 0.054
     *   I = 0.032*30 + 0.054*20 = 0.96 + 1.08 = 2.04 */
    setup(&f);
    f.sh.ur = -0.02;
    f.adj.dy = -0.02;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.y, 0, TOL);
    CHECK_NEAR(f.year.h, 0.045, TOL);
    CHECK_NEAR(f.year.re, 0.032, TOL);
    CHECK_NEAR(f.year.rh, 0.054, TOL);
    CHECK_NEAR(f.year.interest, 2.04, TOL);
}

/* 5. Hidden-debt premium, 6. consolidation. */
static void test_premium_consolidation(void)
{
    fixture f;
    setup(&f);
    /* d_0 = 1.25 and ds = 0.01:
     *   h = 0.03 + 0.02 + min(0.05, 0.1*0.25) + 0.01 = 0.085 */
    f.adj.ds = 0.01;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.h, 0.085, TOL);
    /* rh = 0.6*0.06 + 0.4*0.085 = 0.07 */
    CHECK_NEAR(f.year.rh, 0.07, TOL);

    /* d_0 = 2.0: 0.1*(2 - 1) = 0.1 > p_max, h = 0.03 + 0.02 + 0.05 = 0.1;
     * c = min(0.03, 0.1*1) = 0.03, PS* = 40*1.05*0.97 = 40.74. */
    dr_state prev = f.s0;
    prev.broad = 2.0;
    step(&f, 1, &prev, NULL);
    CHECK_NEAR(f.year.h, 0.1, TOL);
    CHECK_NEAR(f.year.consolidation, 0.03, TOL);
    CHECK_NEAR(f.year.primary_spending, 40.74, TOL);
    CHECK_NEAR(f.next.spending, 40.74, TOL);

    /* d_0 = 0.8 below both d_lambda and d*: h = 0.05, c = 0,
     * PS* = 40*1.05 = 42. */
    prev.broad = 0.8;
    step(&f, 1, &prev, NULL);
    CHECK_NEAR(f.year.h, 0.05, TOL);
    CHECK_NEAR(f.year.consolidation, 0, TOL);
    CHECK_NEAR(f.year.primary_spending, 42, TOL);

    /* d_0 = 1.25 (base): premium 0.025 below p_max, c = 0.025 below c_max;
     * PS* = 40*1.05*0.975 = 40.95 (already in the base step); here with
     * d_lambda = 1.1 and d* = 1.15 set apart:
     *   premium = min(0.05, 0.1*(1.25 - 1.1)) = 0.015, h = 0.065
     *   c = min(0.03, 0.1*(1.25 - 1.15)) = 0.01, PS* = 40*1.05*0.99 = 41.58 */
    f.p.premium_start = 1.1;
    f.p.debt_target = 1.15;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.h, 0.065, TOL);
    CHECK_NEAR(f.year.consolidation, 0.01, TOL);
    CHECK_NEAR(f.year.primary_spending, 41.58, TOL);
}

/* 7. Project flows, by channel, year window and draws. */
static void test_project_flows(void)
{
    dr_project pj;
    memset(&pj, 0, sizeof pj);
    pj.id = "p1";
    pj.county_id = "c1";
    pj.name = "bridge";
    pj.county = 0;
    pj.channel = DR_CH_SPECIAL_BOND;
    pj.start_year = 2025;
    pj.capex = 30;
    pj.build_years = 3;
    pj.revenue_yield = 0.1;
    pj.revenue_years = 2;
    pj.file = "projects.csv";
    pj.line = 2;
    dr_projdraw d = {.fail = 0, .cost = 1.2, .yield = 0.9};

    /* Spending 2025..2027: K = 30*1.2/3 = 12 a year; revenue 2028..2029:
     * R = (1 - 0)*0.1*30*0.9 = 2.7 a year; nothing in 2024 or 2030. */
    static const struct {
        long year;
        double pe, pr;
    } want[] = {
        {2024, 0, 0},  {2025, 12, 0},  {2026, 12, 0}, {2027, 12, 0},
        {2028, 0, 2.7}, {2029, 0, 2.7}, {2030, 0, 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        dr_projflow pf = {0};
        dr_model_project_flows(&pj, &d, want[i].year, &pf);
        printf("# special_bond year %ld\n", want[i].year);
        CHECK_NEAR(pf.pe, want[i].pe, TOL);
        CHECK_NEAR(pf.pr, want[i].pr, TOL);
        CHECK(pf.ph == 0 && pf.pb == 0);
    }

    /* lgfv and ppp: the same 12 into hidden debt; budget into spending. */
    dr_projflow pf = {0};
    pj.channel = DR_CH_LGFV;
    dr_model_project_flows(&pj, &d, 2026, &pf);
    CHECK_NEAR(pf.ph, 12, TOL);
    CHECK(pf.pe == 0 && pf.pb == 0 && pf.pr == 0);
    memset(&pf, 0, sizeof pf);
    pj.channel = DR_CH_PPP;
    dr_model_project_flows(&pj, &d, 2027, &pf);
    CHECK_NEAR(pf.ph, 12, TOL);
    CHECK(pf.pe == 0 && pf.pb == 0 && pf.pr == 0);
    memset(&pf, 0, sizeof pf);
    pj.channel = DR_CH_BUDGET;
    dr_model_project_flows(&pj, &d, 2025, &pf);
    CHECK_NEAR(pf.pb, 12, TOL);
    CHECK(pf.pe == 0 && pf.ph == 0 && pf.pr == 0);
    /* Revenue does not depend on the channel: 2.7 in 2029. */
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &d, 2029, &pf);
    CHECK_NEAR(pf.pr, 2.7, TOL);

    /* Flows are added to what pf holds: {1, 2, 3, 4} + special bond 2025
     * gives pe 13, the rest unchanged. */
    pj.channel = DR_CH_SPECIAL_BOND;
    pf = (dr_projflow){.pe = 1, .ph = 2, .pb = 3, .pr = 4};
    dr_model_project_flows(&pj, &d, 2025, &pf);
    CHECK_NEAR(pf.pe, 13, TOL);
    CHECK_NEAR(pf.ph, 2, TOL);
    CHECK_NEAR(pf.pb, 3, TOL);
    CHECK_NEAR(pf.pr, 4, TOL);

    /* Failed (f = 1): spending as before, no revenue. */
    dr_projdraw failed = {.fail = 1, .cost = 1.2, .yield = 0.9};
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &failed, 2028, &pf);
    CHECK_NEAR(pf.pr, 0, TOL);
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &failed, 2026, &pf);
    CHECK_NEAR(pf.pe, 12, TOL);

    /* L = 0: no revenue at all. */
    pj.revenue_years = 0;
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &d, 2028, &pf);
    CHECK_NEAR(pf.pr, 0, TOL);

    /* Started before the base year 2024: S = 2023, b = 3, capex 9, O = 1:
     * spending 9/3 = 3 in 2023, 2024, 2025, so the projection (from 2025)
     * sees 3 in 2025 only; revenue from 2026 with L = 20, yield 0.2,
     * Y = 1: 0.2*9 = 1.8 a year through 2045, none in 2046. */
    pj.start_year = 2023;
    pj.capex = 9;
    pj.revenue_yield = 0.2;
    pj.revenue_years = 20;
    dr_projdraw one = {.fail = 0, .cost = 1, .yield = 1};
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &one, 2025, &pf);
    CHECK_NEAR(pf.pe, 3, TOL);
    CHECK_NEAR(pf.pr, 0, TOL);
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &one, 2026, &pf);
    CHECK_NEAR(pf.pe, 0, TOL);
    CHECK_NEAR(pf.pr, 1.8, TOL);
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &one, 2045, &pf);
    CHECK_NEAR(pf.pr, 1.8, TOL);
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &one, 2046, &pf);
    CHECK_NEAR(pf.pr, 0, TOL);

    /* Deterministic draws: pi 0.2, o 0.1, s 0.3, v 0.5 give f = 0.2,
     * O = 1.1, Y = 1. Capex 30 over 3 years from 2025, yield 0.1, L 2:
     * K = 30*1.1/3 = 11, R = (1 - 0.2)*0.1*30*1 = 2.4. */
    pj.start_year = 2025;
    pj.capex = 30;
    pj.revenue_yield = 0.1;
    pj.revenue_years = 2;
    pj.fail_prob = 0.2;
    pj.overrun_mean = 0.1;
    pj.overrun_sd = 0.3;
    pj.revenue_sd = 0.5;
    dr_projdraw m;
    dr_projdraw_mean(&pj, &m);
    CHECK_NEAR(m.fail, 0.2, TOL);
    CHECK_NEAR(m.cost, 1.1, TOL);
    CHECK_NEAR(m.yield, 1, TOL);
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &m, 2025, &pf);
    CHECK_NEAR(pf.pe, 11, TOL);
    memset(&pf, 0, sizeof pf);
    dr_model_project_flows(&pj, &m, 2029, &pf);
    CHECK_NEAR(pf.pr, 2.4, TOL);
}

/* 7 and 9. Project flows in the step; a gap over the quota. */
static void test_step_projects(void)
{
    fixture f;
    setup(&f);
    /* PE 12, PH 5, PB 3, PR 2:
     *   G = 40.95 + 3 + 2.46 - 41.6 - 2 = 2.81 > Q = 2.08
     *   GE = 2.08, GH = 2.81 - 2.08 = 0.73
     *   E = 30 + 12 + 2.08 = 44.08; H = 20 + 5 + 0 + 0.73 = 25.73
     *   NE = 12 + 2.08 = 14.08; NH = 5 + 0 + 0.73 = 5.73
     *   re+ = (0.038*30 + 0.03*14.08)/44.08 = (1.14 + 0.4224)/44.08
     *   rh+ = (0.066*20 + 0.075*5.73)/25.73 = (1.32 + 0.42975)/25.73
     *   broad = (44.08 + 25.73)/41.6 = 69.81/41.6 */
    f.pf = (dr_projflow){.pe = 12, .ph = 5, .pb = 3, .pr = 2};
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.proj.pe, 12, TOL);
    CHECK_NEAR(f.year.proj.pb, 3, TOL);
    CHECK_NEAR(f.year.gap, 2.81, TOL);
    CHECK_NEAR(f.year.ge, 2.08, TOL);
    CHECK_NEAR(f.year.gh, 0.73, TOL);
    CHECK_NEAR(f.next.explicit_debt, 44.08, TOL);
    CHECK_NEAR(f.next.hidden_debt, 25.73, TOL);
    CHECK_NEAR(f.next.rate_explicit, 1.5624 / 44.08, TOL);
    CHECK_NEAR(f.next.rate_hidden, 1.74975 / 25.73, TOL);
    CHECK_NEAR(f.year.m[DR_M_BROAD], 69.81 / 41.6, TOL);
    /* PS is the underlying level: budget spending does not carry. */
    CHECK_NEAR(f.next.spending, 40.95, TOL);
}

/* 8. Contingent call. */
static void test_contingent(void)
{
    fixture f;
    setup(&f);
    /* call = 1: CH = 0.5*10 = 5 into hidden debt, CL = 10*(1 - 0.5) = 5.
     *   H = 20 + 0 + 5 + 0 = 25 (G = 1.81 under the quota as in the base)
     *   NH = 5, rh+ = (0.066*20 + 0.075*5)/25 = 1.695/25 = 0.0678 */
    f.sh.call = 1;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.call, 5, TOL);
    CHECK_NEAR(f.next.contingent, 5, TOL);
    CHECK_NEAR(f.year.contingent, 5, TOL);
    CHECK_NEAR(f.next.hidden_debt, 25, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.0678, TOL);
    CHECK_NEAR(f.year.ge, 1.81, TOL);
    /* call = 0: nothing moves. */
    f.sh.call = 0;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.call, 0, TOL);
    CHECK_NEAR(f.next.contingent, 10, TOL);
    CHECK_NEAR(f.next.hidden_debt, 20, TOL);
    /* Deterministic call = pi_c = 0.1: CH = 0.1*0.5*10 = 0.5, CL = 9.5,
     * H = 20.5. */
    f.sh.call = 0.1;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.call, 0.5, TOL);
    CHECK_NEAR(f.next.contingent, 9.5, TOL);
    CHECK_NEAR(f.next.hidden_debt, 20.5, TOL);
}

/* 9 and 15. Over the quota through a spending adjustment; the underlying
 * PS* is not changed by it. */
static void test_gap_over_quota(void)
{
    fixture f;
    setup(&f);
    /* PS = 40.95*1 + 1 = 41.95: G = 41.95 + 2.46 - 41.6 = 2.81 > 2.08:
     *   GE = 2.08, GH = 0.73; E = 32.08, H = 20.73
     *   NE = 2.08: re+ = (0.038*30 + 0.03*2.08)/32.08 = 1.2024/32.08
     *   NH = 0.73: rh+ = (0.066*20 + 0.075*0.73)/20.73 = 1.37475/20.73 */
    f.adj.add[DR_ADJ_PRIMARY_SPENDING] = 1;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.primary_spending, 41.95, TOL);
    CHECK_NEAR(f.next.spending, 40.95, TOL);
    CHECK_NEAR(f.year.gap, 2.81, TOL);
    CHECK_NEAR(f.year.ge, 2.08, TOL);
    CHECK_NEAR(f.year.gh, 0.73, TOL);
    CHECK_NEAR(f.next.explicit_debt, 32.08, TOL);
    CHECK_NEAR(f.next.hidden_debt, 20.73, TOL);
    CHECK_NEAR(f.next.rate_explicit, 1.2024 / 32.08, TOL);
    CHECK_NEAR(f.next.rate_hidden, 1.37475 / 20.73, TOL);
}

/* 10. Surplus: hidden first, then explicit, the rest kept out. */
static void test_surplus(void)
{
    fixture f;
    setup(&f);
    /* PR = 21.81: G = 40.95 + 2.46 - 41.6 - 21.81 = -20, S = 0.5*20 = 10
     *   GH = -min(10, 20 + 0 + 0) = -10, GE = -min(10 - 10, 30) = 0
     *   E = 30, H = 10; NE = NH = 0: re+ = 0.038*30/30, rh+ = 0.066 */
    f.pf.pr = 21.81;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.gap, -20, TOL);
    CHECK_NEAR(f.year.gh, -10, TOL);
    CHECK_NEAR(f.year.ge, 0, TOL);
    CHECK_NEAR(f.next.explicit_debt, 30, TOL);
    CHECK_NEAR(f.next.hidden_debt, 10, TOL);
    CHECK_NEAR(f.next.rate_explicit, 0.038, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);

    /* PR = 51.81: G = -50, S = 25 exceeds H: GH = -20, GE = -min(5, 30) =
     * -5; E = 25, H = 0. re+ = 0.038*25/25 = 0.038; H <= 0 takes the
     * year's effective rate (MODEL.md 7.8, version 2): rh+ = rh = 0.066. */
    f.pf.pr = 51.81;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.gap, -50, TOL);
    CHECK_NEAR(f.year.gh, -20, TOL);
    CHECK_NEAR(f.year.ge, -5, TOL);
    CHECK_NEAR(f.next.explicit_debt, 25, TOL);
    CHECK_NEAR(f.next.hidden_debt, 0, TOL);
    CHECK_NEAR(f.next.rate_explicit, 0.038, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);
    CHECK_NEAR(f.year.m[DR_M_BROAD], 25 / 41.6, TOL);

    /* The hidden cap counts PH: PR = 51.81, PH = 4: S = 25,
     * GH = -min(25, 20 + 4 + 0) = -24, GE = -min(1, 30) = -1;
     * E = 29, H = 20 + 4 - 24 = 0 (rh+ = rh = 0.066), re+ = 0.038. */
    f.pf.ph = 4;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.gh, -24, TOL);
    CHECK_NEAR(f.year.ge, -1, TOL);
    CHECK_NEAR(f.next.explicit_debt, 29, TOL);
    CHECK_NEAR(f.next.hidden_debt, 0, TOL);
    CHECK_NEAR(f.next.rate_explicit, 0.038, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);

    /* PR = 121.81: G = -120, S = 60 exceeds both: GH = -20,
     * GE = -min(40, 30) = -30; E = H = 0, the other 10 kept out. Both
     * stocks 0: each takes the year's effective rate, re = 0.038 and
     * rh = 0.066; broad 0/41.6 = 0. */
    f.pf.ph = 0;
    f.pf.pr = 121.81;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.gap, -120, TOL);
    CHECK_NEAR(f.year.gh, -20, TOL);
    CHECK_NEAR(f.year.ge, -30, TOL);
    CHECK_NEAR(f.next.explicit_debt, 0, TOL);
    CHECK_NEAR(f.next.hidden_debt, 0, TOL);
    CHECK_NEAR(f.next.rate_explicit, 0.038, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);
    CHECK_NEAR(f.year.m[DR_M_BROAD], 0, TOL);
    CHECK_NEAR(f.year.m[DR_M_INTEREST], 2.46 / 41.6, TOL);
}

/* 11. Swap. */
static void test_swap(void)
{
    fixture f;
    setup(&f);
    /* share 0.25 of H_0 = 20 is 5 < H_0 + 0 + 0 + 0 = 20: X = 5 at
     * 0.03 + 0.01 = 0.04.
     *   E = 30 + 1.81 + 5 = 36.81, H = 20 - 5 = 15
     *   re+ = (0.038*30 + 0.03*1.81 + 0.04*5)/36.81 = 1.3943/36.81
     *   rh+ = 0.066*15/15 = 0.066 */
    f.adj.swap_share = 0.25;
    f.adj.swap_spread = 0.01;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.swap, 5, TOL);
    CHECK_NEAR(f.next.explicit_debt, 36.81, TOL);
    CHECK_NEAR(f.next.hidden_debt, 15, TOL);
    CHECK_NEAR(f.next.rate_explicit, 1.3943 / 36.81, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);

    /* The cap binds: H_{t-1} = 4 (H_0 still 20 in the data).
     *   I = 0.038*30 + 0.066*4 = 1.404, G = 40.95 + 1.404 - 41.6 = 0.754
     *   GE = 0.754, GH = 0; X = min(5, 4 + 0 + 0 + 0) = 4
     *   E = 30 + 0.754 + 4 = 34.754, H = 0
     *   re+ = (1.14 + 0.03*0.754 + 0.04*4)/34.754 = 1.32262/34.754
     *   rh+ = rh = 0.066 (H <= 0: the year's effective rate) */
    dr_state prev = f.s0;
    prev.hidden_debt = 4;
    step(&f, 1, &prev, &f.adj);
    CHECK_NEAR(f.year.interest, 1.404, TOL);
    CHECK_NEAR(f.year.swap, 4, TOL);
    CHECK_NEAR(f.next.explicit_debt, 34.754, TOL);
    CHECK_NEAR(f.next.hidden_debt, 0, TOL);
    CHECK_NEAR(f.next.rate_explicit, 1.32262 / 34.754, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);

    /* The cap counts CH and GH: H_{t-1} = 4, call = 1 (CH = 5), PS + 2,
     * share 0.5 (0.5*20 = 10):
     *   G = 42.95 + 1.404 - 41.6 = 2.754 > 2.08: GE = 2.08, GH = 0.674
     *   X = min(10, 4 + 0 + 5 + 0.674) = 9.674; H = 4 + 5 + 0.674 - 9.674
     *   = 0 (rh+ = rh = 0.066); E = 30 + 2.08 + 9.674 = 41.754
     *   re+ = (0.038*30 + 0.03*2.08 + 0.04*9.674)/41.754
     *       = (1.14 + 0.0624 + 0.38696)/41.754 = 1.58936/41.754 */
    f.sh.call = 1;
    f.adj.add[DR_ADJ_PRIMARY_SPENDING] = 2;
    f.adj.swap_share = 0.5;
    step(&f, 1, &prev, &f.adj);
    CHECK_NEAR(f.year.ge, 2.08, TOL);
    CHECK_NEAR(f.year.gh, 0.674, TOL);
    CHECK_NEAR(f.year.swap, 9.674, TOL);
    CHECK_NEAR(f.next.hidden_debt, 0, TOL);
    CHECK_NEAR(f.next.explicit_debt, 41.754, TOL);
    CHECK_NEAR(f.next.rate_explicit, 1.58936 / 41.754, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);
}

/* 12. Stock adjustments, the CL one after the call. */
static void test_stock_adjust(void)
{
    fixture f;
    setup(&f);
    /* dE = 2, dH = -3, dCL = 1, call = 1:
     *   CH = 0.5*10 = 5 (from CL_{t-1}, before dCL), CL = 10*0.5 + 1 = 6
     *   E = 30 + 0 + 1.81 + 0 + 2 = 33.81, H = 20 + 0 + 5 + 0 - 0 - 3 = 22
     *   re+ = (0.038*(33.81 - 1.81) + 0.03*1.81)/33.81 = 1.2703/33.81
     *   rh+ = (0.066*(22 - 5) + 0.075*5)/22 = 1.497/22 */
    f.adj.dE = 2;
    f.adj.dH = -3;
    f.adj.dCL = 1;
    f.sh.call = 1;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.call, 5, TOL);
    CHECK_NEAR(f.next.contingent, 6, TOL);
    CHECK_NEAR(f.next.explicit_debt, 33.81, TOL);
    CHECK_NEAR(f.next.hidden_debt, 22, TOL);
    CHECK_NEAR(f.next.rate_explicit, 1.2703 / 33.81, TOL);
    CHECK_NEAR(f.next.rate_hidden, 1.497 / 22, TOL);
    CHECK_NEAR(f.year.m[DR_M_BROAD], 55.81 / 41.6, TOL);

    /* Version 2: a write-off larger than the stock empties it, never
     * more. dE = -100, dH = -100, dCL = -100, call = 1:
     *   E° = 30 + 1.81 = 31.81, E = 31.81 + max(-100, -31.81) = 0
     *   H° = 20 + 5 = 25,       H = 0
     *   CL° = 10 - 5 = 5,       CL = 0
     * Both stocks empty: re+ = re = 0.038, rh+ = rh = 0.066 (the year's
     * effective rates); broad = 0/41.6 = 0, interest as before (2.46). */
    f.adj.dE = -100;
    f.adj.dH = -100;
    f.adj.dCL = -100;
    step(&f, 1, &f.s0, &f.adj);
    CHECK(f.next.explicit_debt == 0.0);
    CHECK(f.next.hidden_debt == 0.0);
    CHECK(f.next.contingent == 0.0);
    CHECK_NEAR(f.next.rate_explicit, 0.038, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.066, TOL);
    CHECK(f.year.m[DR_M_BROAD] == 0.0);
    CHECK_NEAR(f.year.m[DR_M_INTEREST], 2.46 / 41.6, TOL);

    /* A write-off exactly equal to the stock also gives exactly 0, and one
     * smaller than it takes its full amount: dH = -25 gives H = 0,
     * dE = -1.81 gives E = 30. */
    f.adj.dE = -1.81;
    f.adj.dH = -25;
    f.adj.dCL = 0;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.next.explicit_debt, 30, TOL);
    CHECK(f.next.hidden_debt == 0.0);
    CHECK_NEAR(f.next.contingent, 5, TOL);

    /* An empty hidden stock keeps repricing toward the market: from
     * H_{t-1} = 0 and rh+_{t-1} = 0.066, year 2 with no shocks gives
     * rh = (1 - m_h)*0.066 + m_h*h with m_h = 0.4, and rh+ = rh (H stays
     * 0 when no new hidden money arrives: the surplus below repays
     * nothing). h = y + s_h + premium = 0.03 + 0.02 + 0 (broad 0 is below
     * the premium start), so rh = 0.0396 + 0.02 = 0.0596. */
    dr_state empty = f.s0;
    empty.hidden_debt = 0;
    empty.rate_hidden = 0.066;
    empty.broad = 0;
    f.adj = (dr_yearadj){0};
    dr_yearadj_identity(&f.adj);
    f.pf.pr = 30; /* a surplus: no new hidden debt */
    f.sh.call = 0;
    step(&f, 2, &empty, &f.adj);
    CHECK(f.next.hidden_debt == 0.0);
    CHECK_NEAR(f.year.h, 0.05, TOL);
    CHECK_NEAR(f.year.rh, 0.0596, TOL);
    CHECK_NEAR(f.next.rate_hidden, 0.0596, TOL);
}

/* 14. Measures with CFR <= 0 and GDP <= 0; dr_ratio; dr_grade. */
static void test_measures(void)
{
    fixture f;
    setup(&f);
    /* Every revenue flow times 0, remittance times 0 plus 5: CFR = -5.
     *   Q = 0.05*max(0, -5) = 0; G = 40.95 + 2.46 + 5 = 48.41, all hidden:
     *   GE = 0, GH = 48.41; E = 30, H = 68.41
     *   broad, official, interest: +inf; debt_gdp = 98.41/105
     * The starred levels are untouched: OR* 10.5, TR* 21, OF* 2.1,
     * SOE* 1.05. */
    for (int k = DR_ADJ_OWN_REVENUE; k <= DR_ADJ_REMITTANCE; k++)
        f.adj.mul[k] = 0;
    f.adj.add[DR_ADJ_REMITTANCE] = 5;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.cfr, -5, TOL);
    CHECK_NEAR(f.year.ge, 0, TOL);
    CHECK_NEAR(f.year.gh, 48.41, TOL);
    CHECK(is_pinf(f.year.m[DR_M_BROAD]));
    CHECK(is_pinf(f.year.m[DR_M_OFFICIAL]));
    CHECK(is_pinf(f.year.m[DR_M_INTEREST]));
    CHECK(is_pinf(f.next.broad));
    CHECK_NEAR(f.year.m[DR_M_DEBT_GDP], 98.41 / 105, TOL);
    CHECK_NEAR(f.next.own_revenue, 10.5, TOL);
    CHECK_NEAR(f.next.transfers, 21, TOL);
    CHECK_NEAR(f.next.other_fund, 2.1, TOL);
    CHECK_NEAR(f.next.soe, 1.05, TOL);
    /* An infinite d_{t-1} caps the premium and the consolidation:
     * h = 0.03 + 0.02 + 0.05 = 0.1, c = 0.03. */
    dr_state s1 = f.next;
    step(&f, 2, &s1, NULL);
    CHECK_NEAR(f.year.h, 0.1, TOL);
    CHECK_NEAR(f.year.consolidation, 0.03, TOL);
    /* With phi = 0 and lambda = 0 (the README's default phi is 0) the
     * same infinite d_{t-1} gives c = 0 and no premium, not 0*inf = NaN:
     * h = 0.03 + 0.02 = 0.05, PS* = PS*_1*1.05 = 40.95*1.05 = 42.9975. */
    f.p.consolidation = 0;
    f.p.premium_slope = 0;
    step(&f, 2, &s1, NULL);
    CHECK_NEAR(f.year.consolidation, 0, TOL);
    CHECK_NEAR(f.year.h, 0.05, TOL);
    CHECK_NEAR(f.year.primary_spending, 42.9975, TOL);

    /* GDP <= 0: z^g = -60, u^g = 0.02*(-60) = -1.2, g = -1.15,
     * GDP = 100*(1 - 1.15) = -15: debt_gdp = +inf. */
    setup(&f);
    f.sh.z[DR_VG] = -60;
    step(&f, 1, &f.s0, NULL);
    CHECK_NEAR(f.year.gdp, -15, TOL);
    CHECK(is_pinf(f.year.m[DR_M_DEBT_GDP]));

    CHECK_NEAR(dr_ratio(1, 4), 0.25, TOL);
    CHECK_NEAR(dr_ratio(-3, 2), -1.5, TOL);
    CHECK(is_pinf(dr_ratio(1, 0)));
    CHECK(is_pinf(dr_ratio(1, -2)));
    CHECK(is_pinf(dr_ratio(0, 0)));

    const double *gr = f.p.grades; /* 1.2, 2.0, 3.0 */
    CHECK(dr_grade(gr, 0) == DR_GREEN);
    CHECK(dr_grade(gr, 1.19) == DR_GREEN);
    CHECK(dr_grade(gr, 1.2) == DR_YELLOW);
    CHECK(dr_grade(gr, 1.99) == DR_YELLOW);
    CHECK(dr_grade(gr, 2.0) == DR_ORANGE);
    CHECK(dr_grade(gr, 2.99) == DR_ORANGE);
    CHECK(dr_grade(gr, 3.0) == DR_RED);
    CHECK(dr_grade(gr, 10) == DR_RED);
    CHECK(dr_grade(gr, INFINITY) == DR_RED);
}

/* 15. Flow adjustments on the year's flow only; gdp_growth into g. */
static void test_flow_adjust(void)
{
    fixture f;
    setup(&f);
    /* OR 10.5*0.5 + 1 = 6.25; TR 21 - 1 = 20; LR 8*2 = 16;
     * OF 2.1 + 0.9 = 3; SOE 1.05*2 = 2.1; REM* stays proportional to OR*
     * (not to the adjusted flow): 1.05, plus 0.95 = 2; PS 40.95 + 1 = 41.95.
     *   CFR = 6.25 + 20 + 16 + 3 + 2.1 - 2 = 45.35
     *   G = 41.95 + 2.46 - 45.35 = -0.94: S = 0.47, GH = -0.47, GE = 0
     *   E = 30, H = 19.53 */
    f.adj.mul[DR_ADJ_OWN_REVENUE] = 0.5;
    f.adj.add[DR_ADJ_OWN_REVENUE] = 1;
    f.adj.add[DR_ADJ_TRANSFERS] = -1;
    f.adj.mul[DR_ADJ_LAND_REVENUE] = 2;
    f.adj.add[DR_ADJ_OTHER_FUND_REVENUE] = 0.9;
    f.adj.mul[DR_ADJ_SOE_REVENUE] = 2;
    f.adj.add[DR_ADJ_REMITTANCE] = 0.95;
    f.adj.add[DR_ADJ_PRIMARY_SPENDING] = 1;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.own_revenue, 6.25, TOL);
    CHECK_NEAR(f.year.transfers, 20, TOL);
    CHECK_NEAR(f.year.land_revenue, 16, TOL);
    CHECK_NEAR(f.year.other_fund_revenue, 3, TOL);
    CHECK_NEAR(f.year.soe_revenue, 2.1, TOL);
    CHECK_NEAR(f.year.remittance, 2, TOL);
    CHECK_NEAR(f.year.primary_spending, 41.95, TOL);
    CHECK_NEAR(f.year.cfr, 45.35, TOL);
    CHECK_NEAR(f.year.gap, -0.94, TOL);
    CHECK_NEAR(f.year.gh, -0.47, TOL);
    CHECK_NEAR(f.year.ge, 0, TOL);
    CHECK_NEAR(f.next.hidden_debt, 19.53, TOL);
    /* The underlying levels are the unadjusted ones. */
    CHECK_NEAR(f.next.own_revenue, 10.5, TOL);
    CHECK_NEAR(f.next.transfers, 21, TOL);
    CHECK_NEAR(f.next.other_fund, 2.1, TOL);
    CHECK_NEAR(f.next.soe, 1.05, TOL);
    CHECK_NEAR(f.next.spending, 40.95, TOL);
    /* ... so the next year without adjustment is the base path again:
     * OR* = 10.5*1.05 = 11.025, LR* = 8. */
    dr_state s1 = f.next;
    step(&f, 2, &s1, NULL);
    CHECK_NEAR(f.year.own_revenue, 11.025, TOL);
    CHECK_NEAR(f.year.land_revenue, 8, TOL);
    CHECK_NEAR(f.year.remittance, 1.1025, TOL);

    /* gdp_growth + 0.01: g = 0.05 + 0 + 0.01 = 0.06, GDP = 106,
     * OR* = 10*1.06 = 10.6, OF* = 2.12, SOE* = 1.06, REM* = 1.06; the AR
     * state u^g stays 0 (dg is not part of it). */
    setup(&f);
    f.adj.dg = 0.01;
    step(&f, 1, &f.s0, &f.adj);
    CHECK_NEAR(f.year.g, 0.06, TOL);
    CHECK_NEAR(f.next.gdp, 106, TOL);
    CHECK_NEAR(f.next.own_revenue, 10.6, TOL);
    CHECK_NEAR(f.next.other_fund, 2.12, TOL);
    CHECK_NEAR(f.next.soe, 1.06, TOL);
    CHECK_NEAR(f.year.remittance, 1.06, TOL);
    CHECK_NEAR(f.next.ug, 0, TOL);
}

/* 17. Shock mixing, the rate shock and state, log-normal parameters. */
static void test_shocks(void)
{
    fixture f;
    setup(&f);
    const double F[DR_NVAR] = {1, 2, 3, 4};
    const double eta[DR_NVAR] = {0.5, -1, 2, -2};
    double z[DR_NVAR];

    /* w = 0, C = I: z = eta. */
    mix(&f.p, F, eta, z);
    for (int k = 0; k < DR_NVAR; k++)
        CHECK_NEAR(z[k], eta[k], TOL);

    /* w = 1, corr(g, or) = 0.6: L = [[1,0,0,0],[0.6,0.8,0,0],[0,0,1,0],
     * [0,0,0,1]]; z = L F = {1, 0.6*1 + 0.8*2, 3, 4} = {1, 2.2, 3, 4}. */
    f.p.corr[0][1] = f.p.corr[1][0] = 0.6;
    f.p.chol[1][0] = 0.6;
    f.p.chol[1][1] = 0.8;
    for (int k = 0; k < DR_NVAR; k++)
        f.p.common[k] = 1;
    mix(&f.p, F, eta, z);
    CHECK_NEAR(z[0], 1, TOL);
    CHECK_NEAR(z[1], 2.2, TOL);
    CHECK_NEAR(z[2], 3, TOL);
    CHECK_NEAR(z[3], 4, TOL);

    /* w = {0.36, 0.64, 0, 1}, same L:
     *   x_g  = 0.6*1 + 0.8*0.5  = 1
     *   x_or = 0.8*2 + 0.6*(-1) = 1
     *   x_l  = 0*3 + 1*2        = 2
     *   x_tr = 1*4 + 0*(-2)     = 4
     *   z = {1, 0.6*1 + 0.8*1, 2, 4} = {1, 1.4, 2, 4} */
    f.p.common[0] = 0.36;
    f.p.common[1] = 0.64;
    f.p.common[2] = 0;
    f.p.common[3] = 1;
    mix(&f.p, F, eta, z);
    CHECK_NEAR(z[0], 1, TOL);
    CHECK_NEAR(z[1], 1.4, TOL);
    CHECK_NEAR(z[2], 2, TOL);
    CHECK_NEAR(z[3], 4, TOL);

    /* eps = 0.6*1 + sqrt(1 - 0.36)*2 = 0.6 + 1.6 = 2.2 */
    CHECK_NEAR(dr_model_rate_shock(&f.p, 1, 2), 2.2, TOL);
    /* growth_corr 0: eps = nu */
    f.p.growth_corr = 0;
    CHECK_NEAR(dr_model_rate_shock(&f.p, 1, -0.7), -0.7, TOL);
    /* u^r = 0.5*0.01 + 0.004*2.2 = 0.005 + 0.0088 = 0.0138 */
    CHECK_NEAR(dr_model_rate_state(&f.p, 0.01, 2.2), 0.0138, TOL);

    /* Log-normal with mean 1.2, sd 0.3: sigma^2 = ln(1 + 0.09/1.44)
     * = ln(1.0625), mu = ln(1.2) - sigma^2/2. Its mean exp(mu + sigma^2/2)
     * and sd sqrt((exp(sigma^2) - 1) exp(2 mu + sigma^2)) are 1.2 and 0.3. */
    double mu, sigma;
    dr_lognormal_params(1.2, 0.3, &mu, &sigma);
    CHECK_NEAR(sigma * sigma, log(1.0625), TOL);
    CHECK_NEAR(mu, log(1.2) - log(1.0625) / 2, TOL);
    CHECK_NEAR(exp(mu + sigma * sigma / 2), 1.2, TOL);
    CHECK_NEAR(sqrt((exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)),
               0.3, TOL);
    CHECK(sigma > 0);
    /* Mean 1, sd 0.5: sigma^2 = ln(1.25), mean 1 and sd 0.5 back. */
    dr_lognormal_params(1, 0.5, &mu, &sigma);
    CHECK_NEAR(sigma * sigma, log(1.25), TOL);
    CHECK_NEAR(exp(mu + sigma * sigma / 2), 1, TOL);
    CHECK_NEAR(sqrt((exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)),
               0.5, TOL);
    /* sd 0: sigma 0, mu ln(mean): the draw is the mean itself. */
    dr_lognormal_params(1.1, 0, &mu, &sigma);
    CHECK_NEAR(sigma, 0, TOL);
    CHECK_NEAR(mu, log(1.1), TOL);
}

/* 18. Two years: d_1 feeds year 2's premium and consolidation. */
static void test_two_years(void)
{
    fixture f;
    setup(&f);
    step(&f, 1, &f.s0, NULL);
    dr_state s1 = f.next;
    step(&f, 2, &s1, NULL);
    /* Year 1 is the base step: d_1 = 51.81/41.6 = 1.2454327, E_1 = 31.81,
     * H_1 = 20, re+_1 = 1.1943/31.81 = 0.0375448, rh+_1 = 0.066,
     * PS*_1 = 40.95. Year 2 (zero shocks):
     *   GDP = 105*1.05 = 110.25; OR* 11.025, TR* 22.05, LR* 8, OF* 2.205,
     *   SOE* 1.1025, REM* 1.1025; CFR = 43.28
     *   premium = min(0.05, 0.1*(d_1 - 1)) = 0.1*10.21/41.6 = 0.0245433
     *   h = 0.05 + 0.1*10.21/41.6 = 0.0745433 (with d_0 it would be 0.075)
     *   c = min(0.03, 0.1*(d_1 - 1)) = 0.1*10.21/41.6 = 0.0245433
     *   PS* = 40.95*1.05*(1 - c) = 41.9422008
     *   re = 0.8*re+_1 + 0.2*0.03 = 0.0360358
     *   rh = 0.6*0.066 + 0.4*h = 0.0694173
     *   I = re*31.81 + rh*20 = 2.5346462
     *   G = PS + I - 43.28 = 1.1968469 < Q = 0.05*43.28 = 2.164: GE = G
     *   E = 31.81 + G = 33.0068469, H = 20 */
    double c2 = 0.1 * 10.21 / 41.6;
    double h2 = 0.05 + c2;
    double ps2 = 40.95 * 1.05 * (1 - c2);
    double re2 = 0.8 * (1.1943 / 31.81) + 0.2 * 0.03;
    double rh2 = 0.6 * 0.066 + 0.4 * h2;
    double i2 = re2 * 31.81 + rh2 * 20;
    double g2 = ps2 + i2 - 43.28;
    CHECK_NEAR(f.year.gdp, 110.25, TOL);
    CHECK_NEAR(f.year.cfr, 43.28, TOL);
    CHECK_NEAR(f.year.h, h2, TOL);
    CHECK_NEAR(f.year.consolidation, c2, TOL);
    CHECK_NEAR(f.year.primary_spending, ps2, TOL);
    CHECK_NEAR(f.year.re, re2, TOL);
    CHECK_NEAR(f.year.rh, rh2, TOL);
    CHECK_NEAR(f.year.interest, i2, TOL);
    CHECK_NEAR(f.year.gap, g2, TOL);
    CHECK_NEAR(f.year.ge, g2, TOL);
    CHECK_NEAR(f.next.explicit_debt, 31.81 + g2, TOL);
    CHECK_NEAR(f.next.hidden_debt, 20, TOL);
    /* re+_2 = (re*31.81 + 0.03*G)/E_2; rh+_2 = rh (no new hidden debt) */
    CHECK_NEAR(f.next.rate_explicit, (re2 * 31.81 + 0.03 * g2) / (31.81 + g2),
               TOL);
    CHECK_NEAR(f.next.rate_hidden, rh2, TOL);
    CHECK_NEAR(f.next.broad, (51.81 + g2) / 43.28, TOL);
    /* Hand values of the comment, to 1e-7, as a check on the closed forms
     * themselves. */
    CHECK_NEAR(h2, 0.0745433, 1e-7);
    CHECK_NEAR(ps2, 41.9422008, 1e-7);
    CHECK_NEAR(i2, 2.5346462, 1e-7);
    CHECK_NEAR(g2, 1.1968469, 1e-7);
}

int main(void)
{
    test_init();
    test_identity();
    test_base_step();
    test_own_revenue();
    test_land();
    test_transfers();
    test_repricing();
    test_premium_consolidation();
    test_project_flows();
    test_step_projects();
    test_contingent();
    test_gap_over_quota();
    test_surplus();
    test_swap();
    test_stock_adjust();
    test_measures();
    test_flow_adjust();
    test_shocks();
    test_two_years();
    return check_done();
}
