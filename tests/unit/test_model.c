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
#include "model_fixture.h"

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
        {2024, 0, 0},   {2025, 12, 0},  {2026, 12, 0}, {2027, 12, 0},
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
    return check_done();
}
