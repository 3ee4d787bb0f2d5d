/* The year step of MODEL.md checked by hand, second part: contingent
 * calls, the gap and the quota, surpluses, swaps, stock and flow
 * adjustments, the measures, shocks and two years in a row, on the fixture
 * of test_model.c (model_fixture.h; the base step worked out there). */
#include <math.h>
#include <string.h>

#include "check.h"
#include "model/model.h"
#include "model_fixture.h"

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
