/* The year step on DR_LANES paths at once (model/lanes.c) against the
 * one-path step (dr_model_step), the way a codec's assembly is checked
 * against its C: every lane must give the very bits the one-path step gives
 * on that lane's inputs, on every implementation this processor runs. The
 * reference is dr_model_step itself (test_model.c and test_model_debt.c
 * check it by hand); what is asserted here is sameness, byte for byte, so
 * -0.0 against +0.0 and NaN payloads count.
 *
 *   1. random trials (fixed seed): 8 lanes of states, shocks and project
 *      flows, one county, type, parameters and scenario adjustment each;
 *      every field of the next state and of the year's output compared;
 *   2. the trials reach every branch of the step on some lane, lanes of
 *      one call taking different branches: counted and asserted;
 *   3. dr_model_exp within 1 ulp of libm's exp, its edges exactly;
 *      dr_model_exp_lanes, and the exp inside each step, bit for bit;
 *   4. dr_model_mix_lanes bit for bit against dr_model_mix;
 *   5. dr_state_lanes_fill and dr_state_lanes_get give the state back. */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "inputs/corr.h"
#include "model/mexp.h"
#include "model/model.h"

#define NL DR_LANES
#define TRIALS 4000
#define MIN_REACHED 5 /* lanes that must take each branch */

static const char *const isa_name[DR_MODEL_NISA] = {"base", "avx2", "avx512"};

/* ---- the test's own numbers ------------------------------------------- */

/* SplitMix64 (Steele, Lea and Flood 2014), from its definition. */
static uint64_t draw_state = 20261202;

static uint64_t draw(void)
{
    uint64_t x = draw_state += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Uniform in [0, 1), 53 bits. */
static double unif(void)
{
    return (double)(draw() >> 11) * 0x1p-53;
}

static double between(double lo, double hi)
{
    return lo + (hi - lo) * unif();
}

static int chance(double prob)
{
    return unif() < prob;
}

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int is_neg_zero(double x)
{
    return x == 0.0 && signbit(x);
}

/* ---- the fields compared ---------------------------------------------- */

/* A field of the one-path struct and of its lanes' struct. */
typedef struct field {
    const char *name;
    size_t one, lanes; /* offsets in the one-path and lanes' structs */
} field;

/* One field's name and its offsets in the two structs. */
#define STATE_FIELD(f) #f, offsetof(dr_state, f), offsetof(dr_state_lanes, f)
static const field state_fields[] = {
    {STATE_FIELD(gdp)},
    {STATE_FIELD(own_revenue)},
    {STATE_FIELD(transfers)},
    {STATE_FIELD(other_fund)},
    {STATE_FIELD(soe)},
    {STATE_FIELD(spending)},
    {STATE_FIELD(ug)},
    {STATE_FIELD(ul)},
    {STATE_FIELD(explicit_debt)},
    {STATE_FIELD(hidden_debt)},
    {STATE_FIELD(contingent)},
    {STATE_FIELD(rate_explicit)},
    {STATE_FIELD(rate_hidden)},
    {STATE_FIELD(broad)},
};
#define NSTATE (sizeof state_fields / sizeof *state_fields)

#define YEAR_FIELD(f) offsetof(dr_year, f), offsetof(dr_year_lanes, f)
static const field year_fields[] = {
    {"gdp", YEAR_FIELD(gdp)},
    {"own_revenue", YEAR_FIELD(own_revenue)},
    {"transfers", YEAR_FIELD(transfers)},
    {"land_revenue", YEAR_FIELD(land_revenue)},
    {"cfr", YEAR_FIELD(cfr)},
    {"explicit_debt", YEAR_FIELD(explicit_debt)},
    {"hidden_debt", YEAR_FIELD(hidden_debt)},
    {"m[broad]", YEAR_FIELD(m[DR_M_BROAD])},
    {"m[official]", YEAR_FIELD(m[DR_M_OFFICIAL])},
    {"m[debt_gdp]", YEAR_FIELD(m[DR_M_DEBT_GDP])},
    {"m[interest]", YEAR_FIELD(m[DR_M_INTEREST])},
};
#define NYEAR (sizeof year_fields / sizeof *year_fields)

static double get_one(const void *s, const field *f)
{
    double v;
    memcpy(&v, (const char *)s + f->one, sizeof v);
    return v;
}

static double get_lane(const void *s, const field *f, int l)
{
    double v;
    memcpy(&v, (const char *)s + f->lanes + (size_t)l * sizeof v, sizeof v);
    return v;
}

static void set_lane(void *s, const field *f, int l, double v)
{
    memcpy((char *)s + f->lanes + (size_t)l * sizeof v, &v, sizeof v);
}

/* The tables name every field: the structs hold doubles only, so their
 * sizes say whether one was left out. */
static void test_tables(void)
{
    CHECK(NSTATE * sizeof(double) == sizeof(dr_state));
    CHECK(NSTATE * NL * sizeof(double) == sizeof(dr_state_lanes));
    CHECK(NYEAR * NL * sizeof(double) == sizeof(dr_year_lanes));
}

/* ---- one trial: 8 lanes of one county ---------------------------------- */

typedef struct trial {
    dr_params p;
    dr_type_params tp;
    dr_county c;
    dr_county_model cm;
    long t;
    dr_yearadj adj;
    const dr_yearadj *adjp; /* &adj or NULL */
    int has_pf;
    dr_state prev[NL];
    dr_shock sh[NL];
    dr_projflow pf[NL];
    /* the same inputs lane by lane */
    dr_state_lanes prev_l;
    dr_shock_lanes sh_l;
    dr_projflow_lanes pf_l;
    /* dr_model_step's answers */
    dr_state next[NL];
    dr_year year[NL];
} trial;

/* The share of a degenerate trial's inputs that are 0, -0.0 or 1 instead
 * of drawn, so that signed zeros and exact ties reach the outputs; 0 in
 * the other trials. */
static double degenerate;

static double val(double lo, double hi)
{
    if (!chance(degenerate))
        return between(lo, hi);
    double u = unif();
    return u < 0.4 ? 0.0 : u < 0.8 ? -0.0 : 1.0;
}

/* A shock: mostly moderate, sometimes -0.0, +0.0, or large enough to push
 * a growth factor below zero. */
static double draw_z(void)
{
    double u = unif();
    return u < 0.08   ? -0.0
           : u < 0.12 ? 0.0
           : u < 0.15 ? val(-40, -8)
           : u < 0.18 ? val(8, 40)
                      : val(-3, 3);
}

/* A debt stock: empty, small (so a surplus can repay it all) or not. */
static double draw_stock(double scale)
{
    double u = unif();
    return u < 0.1 ? 0.0 : val(0, u < 0.3 ? 0.05 * scale : scale);
}

/* A stock adjustment: -0.0, a write-off larger than any stock, a moderate
 * change either way, or none. */
static double draw_stock_adj(void)
{
    double u = unif();
    return u < 0.2   ? -0.0
           : u < 0.4 ? -val(300, 1e6)
           : u < 0.7 ? val(-30, 30)
                     : 0.0;
}

static void draw_params(dr_params *p)
{
    memset(p, 0, sizeof *p);
    p->yield = val(0, 0.06);
    p->hidden_spread = val(0, 0.04);
    p->premium_slope = chance(0.25) ? 0.0 : val(0, 0.3);
    p->premium_start = val(0.5, 2.5);
    p->premium_max = val(0, 0.1);
    p->reprice_explicit = val(0, 1);
    p->reprice_hidden = val(0, 1);
    p->quota = chance(0.1) ? 0.0 : val(0, 0.3);
    p->consolidation = chance(0.25) ? 0.0 : val(0, 0.3);
    p->consolidation_max = val(0, 0.1);
    p->debt_target = val(0.5, 2.5);
    p->surplus_spend = val(0, 1);
}

static void draw_type(dr_type_params *tp)
{
    tp->growth_mu = val(-0.05, 0.1);
    tp->growth_sigma = val(0, 0.05);
    tp->growth_rho = val(0, 0.9);
    tp->own_revenue_mu = val(-0.1, 0.1);
    tp->own_revenue_beta = val(0, 2);
    tp->own_revenue_sigma = chance(0.1) ? 0.0 : val(0, 0.3);
    tp->land_mu = val(-0.1, 0.1);
    tp->land_sigma = val(0, 0.5);
    tp->land_rho = val(0, 0.9);
    tp->transfers_mu = val(-0.1, 0.1);
    tp->transfers_sigma = chance(0.1) ? 0.0 : val(0, 0.3);
    tp->spending_mu = val(-0.05, 0.1);
    tp->contingent_loss = val(0, 1);
    tp->rate_explicit = val(0, 0.08);
    tp->rate_hidden = val(0, 0.12);
}

/* The county's base year as the step reads it: its own revenue, land
 * revenue, remittance (sometimes large, so the year's resources go below
 * zero) and hidden debt (the swap's base); its base rates are the type's. */
static void draw_county(dr_county *c)
{
    memset(c, 0, sizeof *c);
    c->own_revenue = chance(0.15) ? 0.0 : val(1, 60);
    c->land_revenue = chance(0.05) ? 0.0 : val(0, 30);
    c->remittance = chance(0.15) ? val(50, 400) : val(0, 5);
    c->hidden_debt = val(0, 200);
    c->rate_explicit = NAN;
    c->rate_hidden = NAN;
}

static void draw_adj(dr_yearadj *a)
{
    dr_yearadj_identity(a);
    for (int k = 0; k < 7; k++) {
        if (chance(0.3))
            a->mul[k] = chance(0.1) ? 0.0 : val(0.5, 1.5);
        if (chance(0.3))
            a->add[k] = chance(0.2) ? -0.0 : val(-10, 10);
    }
    if (chance(0.3))
        a->dg = val(-0.05, 0.05);
    if (chance(0.3))
        a->dy = val(-0.08, 0.03);
    if (chance(0.3))
        a->ds = val(-0.02, 0.05);
    a->dE = draw_stock_adj();
    a->dH = draw_stock_adj();
    a->dCL = draw_stock_adj();
    if (chance(0.5)) {
        a->swap_share = val(0, 0.6);
        a->swap_spread = val(-0.01, 0.03);
    } else {
        a->swap_share = chance(0.3) ? -0.0 : 0.0;
    }
}

static void draw_lane_state(dr_state *s)
{
    s->gdp = val(50, 500);
    s->own_revenue = chance(0.05) ? 0.0 : val(1, 60);
    s->transfers = chance(0.05) ? 0.0 : val(0, 60);
    s->other_fund = val(0, 10);
    s->soe = val(0, 5);
    s->spending = val(0, 200);
    s->ug = chance(0.1) ? -0.0 : val(-0.1, 0.1);
    s->ul = chance(0.1) ? -0.0 : val(-0.6, 0.6);
    s->explicit_debt = draw_stock(200);
    s->hidden_debt = draw_stock(200);
    s->contingent = draw_stock(60);
    s->rate_explicit = val(0, 0.08);
    s->rate_hidden = val(0, 0.12);
    s->broad = chance(0.1) ? INFINITY : val(0, 4);
}

static void draw_lane_shock(dr_shock *sh)
{
    for (int k = 0; k < DR_NVAR; k++)
        sh->z[k] = draw_z();
    sh->ur = chance(0.1) ? -0.0 : val(-0.06, 0.06);
    double u = unif();
    sh->call = u < 0.4 ? 0.0 : u < 0.7 ? 1.0 : u < 0.8 ? -0.0 : unif();
}

static double draw_flow(void)
{
    double u = unif();
    return u < 0.4 ? 0.0 : u < 0.5 ? -0.0 : val(0, 30);
}

static void step_one(trial *tr, int l, dr_state *next, dr_year *y)
{
    memset(next, 0xa5, sizeof *next);
    memset(y, 0xa5, sizeof *y);
    dr_model_step(&tr->p, &tr->cm, tr->t, &tr->prev[l], &tr->sh[l], tr->adjp,
                  tr->has_pf ? &tr->pf[l] : NULL, next, y);
}

/* Some lanes get a gap of exactly 0: the project revenue set to what the
 * gap is without it, G = (PS + PB + I - CFR) - PR being the last step. */
static void make_gap_zero(trial *tr, int l)
{
    dr_state next;
    dr_year y;
    tr->pf[l].pr = 0.0;
    step_one(tr, l, &next, &y);
    tr->pf[l].pr = y.gap;
}

/* The same inputs, lane by lane. */
static void to_lanes(trial *tr)
{
    for (int l = 0; l < NL; l++) {
        for (size_t f = 0; f < NSTATE; f++)
            set_lane(&tr->prev_l, &state_fields[f], l,
                     get_one(&tr->prev[l], &state_fields[f]));
        for (int k = 0; k < DR_NVAR; k++)
            tr->sh_l.z[k][l] = tr->sh[l].z[k];
        tr->sh_l.ur[l] = tr->sh[l].ur;
        tr->sh_l.call[l] = tr->sh[l].call;
        tr->pf_l.pe[l] = tr->pf[l].pe;
        tr->pf_l.ph[l] = tr->pf[l].ph;
        tr->pf_l.pb[l] = tr->pf[l].pb;
        tr->pf_l.pr[l] = tr->pf[l].pr;
    }
}

static void make_trial(trial *tr)
{
    memset(tr, 0, sizeof *tr);
    degenerate = chance(0.2) ? 0.5 : 0.0;
    draw_params(&tr->p);
    draw_type(&tr->tp);
    draw_county(&tr->c);
    dr_county_model_init(&tr->cm, &tr->c, &tr->tp);
    tr->t = 1 + (long)(draw() % 30);
    tr->adjp = NULL;
    if (chance(0.75)) {
        draw_adj(&tr->adj);
        tr->adjp = &tr->adj;
    }
    tr->has_pf = chance(0.7);
    for (int l = 0; l < NL; l++) {
        draw_lane_state(&tr->prev[l]);
        draw_lane_shock(&tr->sh[l]);
        if (!tr->has_pf)
            continue;
        tr->pf[l].pe = draw_flow();
        tr->pf[l].ph = draw_flow();
        tr->pf[l].pb = draw_flow();
        tr->pf[l].pr = draw_flow();
        if (chance(0.05))
            make_gap_zero(tr, l);
    }
    to_lanes(tr);
    for (int l = 0; l < NL; l++)
        step_one(tr, l, &tr->next[l], &tr->year[l]);
}

/* ---- which branches a lane took ---------------------------------------- */

/* Each case: its name in the enum and its line in the output. */
#define BRANCHES(X)                                                            \
    X(DEFICIT_QUOTA, "deficit, quota binding")                                 \
    X(DEFICIT_FREE, "deficit, quota not binding")                              \
    X(GAP_ZERO, "gap exactly 0")                                               \
    X(SURPLUS_HIDDEN, "surplus, repayment limited by the hidden stock")        \
    X(SURPLUS_EXPLICIT, "surplus, repayment limited by the explicit stock")    \
    X(SURPLUS_FREE, "surplus, repayment not limited")                          \
    X(SWAP_ON, "swap on")                                                      \
    X(SWAP_LIMITED, "swap limited by the hidden stock")                        \
    X(SWAP_OFF, "swap off")                                                    \
    X(ADJ_NONE, "adj NULL")                                                    \
    X(ADJ, "adj with mul or add changes")                                      \
    X(WRITEOFF_E, "explicit write-off larger than the stock")                  \
    X(WRITEOFF_H, "hidden write-off larger than the stock")                    \
    X(WRITEOFF_CL, "contingent write-off larger than the stock")               \
    X(PF_NONE, "pf NULL")                                                      \
    X(PF_FLOWS, "pf with pe, ph, pb and pr all nonzero")                       \
    X(E_EMPTY, "explicit stock ends at 0")                                     \
    X(H_EMPTY, "hidden stock ends at 0")                                       \
    X(CFR_NONPOS, "cfr <= 0")                                                  \
    X(PREMIUM_OFF, "premium inactive")                                         \
    X(PREMIUM_ON, "premium active")                                            \
    X(PREMIUM_CAP, "premium capped")                                           \
    X(PREMIUM_K0_INF, "premium k = 0, previous ratio inf")                     \
    X(CONS_OFF, "consolidation inactive")                                      \
    X(CONS_ON, "consolidation active")                                         \
    X(CONS_CAP, "consolidation capped")                                        \
    X(CONS_K0_INF, "consolidation k = 0, previous ratio inf")                  \
    X(REM_OWN0, "county's own revenue 0 (remittance as given)")                \
    X(OWN_FLOOR, "own revenue at max(0, ...)")                                 \
    X(TR_FLOOR, "transfers at max(0, ...)")                                    \
    X(YIELD_FLOOR, "yield at max(0, ...)")                                     \
    X(NEG_ZERO_ADJ, "stock adjustment -0.0")                                   \
    X(NEG_ZERO_SHOCK, "shock -0.0")                                            \
    X(MIXED, "trials with a deficit and a surplus lane in one vector")         \
    X(MIXED_EMPTY, "trials with an empty and a non-empty E in one vector")

#define BRANCH_ENUM(id, text) B_##id,
enum { BRANCHES(BRANCH_ENUM) NBRANCH };

#define BRANCH_TEXT(id, text) text,
static const char *const branch_name[NBRANCH] = {BRANCHES(BRANCH_TEXT)};

static long reached[NBRANCH];

/* A ramp's case, counted from branch `first` on: inactive (no excess),
 * active, capped, or k = 0 with an infinite previous ratio. */
static void count_ramp(int first, double k, double x, double start, double cap)
{
    double excess = x - start;
    if (!(k > 0.0))
        reached[first + 3] += isinf(x) != 0;
    else
        reached[first + (!(excess > 0.0) ? 0 : k * excess < cap ? 1 : 2)]++;
}

/* The financing gap's cases, from the one-path step's own gap, call and
 * shares (a classification, not a check of their values). */
static void count_gap(const trial *tr, int l)
{
    const dr_state *s = &tr->prev[l];
    const dr_projflow *pf = &tr->pf[l];
    const dr_year *y = &tr->year[l];
    if (y->gap > 0.0) {
        reached[y->gh > 0.0 ? B_DEFICIT_QUOTA : B_DEFICIT_FREE]++;
        return;
    }
    reached[B_GAP_ZERO] += y->gap == 0.0;
    double surplus = -(1.0 - tr->p.surplus_spend) * y->gap;
    double h_avail = s->hidden_debt + pf->ph + y->call;
    double e_avail = s->explicit_debt + pf->pe;
    reached[!(surplus > h_avail)          ? B_SURPLUS_FREE
            : surplus - h_avail > e_avail ? B_SURPLUS_EXPLICIT
                                          : B_SURPLUS_HIDDEN]++;
}

static void count_adj(const trial *tr, int l)
{
    const dr_yearadj *a = tr->adjp;
    const dr_state *s = &tr->prev[l];
    const dr_projflow *pf = &tr->pf[l];
    const dr_year *y = &tr->year[l];
    int swap = a && a->swap_share > 0.0;
    reached[swap ? B_SWAP_ON : B_SWAP_OFF]++;
    reached[B_SWAP_LIMITED] +=
        swap && y->swap < a->swap_share * tr->c.hidden_debt;
    if (!a) {
        reached[B_ADJ_NONE]++;
        return;
    }
    int changes = 0;
    for (int k = 0; k < 7; k++)
        changes |= a->mul[k] != 1.0 || a->add[k] != 0.0;
    reached[B_ADJ] += changes;
    /* the stocks before their adjustment, as model.c's step 7 sums them */
    double e0 = s->explicit_debt + pf->pe + y->ge + y->swap;
    double h0 = s->hidden_debt + pf->ph + y->call + y->gh - y->swap;
    double cl0 = s->contingent - y->call;
    reached[B_WRITEOFF_E] += e0 > 0.0 && a->dE < -e0;
    reached[B_WRITEOFF_H] += h0 > 0.0 && a->dH < -h0;
    reached[B_WRITEOFF_CL] += cl0 > 0.0 && a->dCL < -cl0;
    reached[B_NEG_ZERO_ADJ] +=
        is_neg_zero(a->dE) || is_neg_zero(a->dH) || is_neg_zero(a->dCL);
}

static void count_lane(const trial *tr, int l)
{
    const dr_state *s = &tr->prev[l], *n = &tr->next[l];
    const dr_projflow *pf = &tr->pf[l];
    const dr_year *y = &tr->year[l];
    count_gap(tr, l);
    count_adj(tr, l);
    const dr_params *p = &tr->p;
    count_ramp(B_PREMIUM_OFF, p->premium_slope, s->broad, p->premium_start,
               p->premium_max);
    count_ramp(B_CONS_OFF, p->consolidation, s->broad, p->debt_target,
               p->consolidation_max);
    reached[B_PF_NONE] += !tr->has_pf;
    reached[B_PF_FLOWS] +=
        tr->has_pf && pf->pe != 0 && pf->ph != 0 && pf->pb != 0 && pf->pr != 0;
    reached[B_E_EMPTY] += n->explicit_debt == 0.0;
    reached[B_H_EMPTY] += n->hidden_debt == 0.0;
    reached[B_CFR_NONPOS] += y->cfr <= 0.0;
    reached[B_REM_OWN0] += tr->c.own_revenue == 0.0;
    reached[B_OWN_FLOOR] += s->own_revenue > 0.0 && n->own_revenue == 0.0;
    reached[B_TR_FLOOR] += s->transfers > 0.0 && n->transfers == 0.0;
    reached[B_YIELD_FLOOR] += y->y == 0.0;
    int negz = is_neg_zero(tr->sh[l].ur) || is_neg_zero(tr->sh[l].call);
    for (int k = 0; k < DR_NVAR; k++)
        negz = negz || is_neg_zero(tr->sh[l].z[k]);
    reached[B_NEG_ZERO_SHOCK] += negz;
}

static void count_trial(const trial *tr)
{
    /* lanes 2m and 2m + 1 are in one vector at every width */
    int mixed = 0, mixed_empty = 0;
    for (int l = 0; l < NL; l++) {
        count_lane(tr, l);
        if (l % 2 == 0)
            continue;
        mixed |= (tr->year[l - 1].gap > 0.0) != (tr->year[l].gap > 0.0);
        mixed_empty |= (tr->next[l - 1].explicit_debt == 0.0) !=
                       (tr->next[l].explicit_debt == 0.0);
    }
    reached[B_MIXED] += mixed;
    reached[B_MIXED_EMPTY] += mixed_empty;
}

/* ---- 1. the lanes' step against the one-path step ------------------------ */

static void print_a(const char *label, const double *v, int n)
{
    printf("%s", label);
    for (int k = 0; k < n; k++)
        printf(" %a", v[k]);
}

/* Lane l's inputs in %a, to replay a mismatch with dr_model_step. */
static void dump_lane(const trial *tr, int l)
{
    const dr_params *p = &tr->p;
    const dr_type_params *tp = &tr->tp;
    const dr_shock *sh = &tr->sh[l];
    const dr_projflow *pf = &tr->pf[l];
    printf("# t %ld; prev:", tr->t);
    for (size_t f = 0; f < NSTATE; f++)
        printf(" %s %a", state_fields[f].name,
               get_one(&tr->prev[l], &state_fields[f]));
    print_a("\n# shock z", sh->z, DR_NVAR);
    printf(" ur %a call %a\n", sh->ur, sh->call);
    if (tr->has_pf)
        printf("# pf pe %a ph %a pb %a pr %a\n", pf->pe, pf->ph, pf->pb,
               pf->pr);
    else
        printf("# pf NULL\n");
    printf("# county own_revenue %a land_revenue %a remittance %a "
           "hidden_debt %a\n",
           tr->c.own_revenue, tr->c.land_revenue, tr->c.remittance,
           tr->c.hidden_debt);
    printf("# type growth %a %a %a own %a %a %a land %a %a %a transfers %a "
           "%a spending %a loss %a\n",
           tp->growth_mu, tp->growth_sigma, tp->growth_rho, tp->own_revenue_mu,
           tp->own_revenue_beta, tp->own_revenue_sigma, tp->land_mu,
           tp->land_sigma, tp->land_rho, tp->transfers_mu, tp->transfers_sigma,
           tp->spending_mu, tp->contingent_loss);
    printf("# params yield %a spread %a premium %a %a %a reprice %a %a "
           "quota %a consolidation %a %a %a surplus_spend %a\n",
           p->yield, p->hidden_spread, p->premium_slope, p->premium_start,
           p->premium_max, p->reprice_explicit, p->reprice_hidden, p->quota,
           p->consolidation, p->consolidation_max, p->debt_target,
           p->surplus_spend);
    const dr_yearadj *a = tr->adjp;
    if (!a) {
        printf("# adj NULL\n");
        return;
    }
    print_a("# adj mul", a->mul, 7);
    print_a(" add", a->add, 7);
    printf("\n# adj dg %a dy %a ds %a dE %a dH %a dCL %a swap %a %a\n", a->dg,
           a->dy, a->ds, a->dE, a->dH, a->dCL, a->swap_share, a->swap_spread);
}

/* Compares every lane's output with dr_model_step's, counting mismatches
 * in *bad; the first (*bad was 0) is reported with its lane's inputs.
 * Returns whether any output is NaN. */
static int compare(const trial *tr, long n, const char *isa,
                   const dr_state_lanes *next, const dr_year_lanes *y,
                   long *bad)
{
    int nan = 0;
    for (int l = 0; l < NL; l++) {
        dr_state got;
        dr_state_lanes_get(next, l, &got);
        for (size_t f = 0; f < NSTATE + NYEAR; f++) {
            int in_state = f < NSTATE;
            const field *fd =
                in_state ? &state_fields[f] : &year_fields[f - NSTATE];
            double g = in_state ? get_one(&got, fd) : get_lane(y, fd, l);
            double w = in_state ? get_one(&tr->next[l], fd)
                                : get_one(&tr->year[l], fd);
            nan |= isnan(g) || isnan(w);
            if (!same(g, w) && !(*bad)++) {
                printf("# %s: trial %ld lane %d: %s.%s is %a, dr_model_step "
                       "gives %a\n",
                       isa, n, l, in_state ? "next" : "year", fd->name, g, w);
                dump_lane(tr, l);
            }
        }
    }
    return nan;
}

/* Trial n on every implementation this processor runs, each against
 * dr_model_step, counting mismatches in bad. Returns whether any output
 * is NaN. */
static int check_lanes(const trial *tr, long n, long bad[DR_MODEL_NISA])
{
    int nan = 0;
    for (int i = 0; i < DR_MODEL_NISA; i++) {
        dr_model_lanes_fn fn = dr_model_step_lanes((dr_model_isa)i);
        if (!fn)
            continue;
        dr_state_lanes next;
        dr_year_lanes y;
        memset(&next, 0xa5, sizeof next);
        memset(&y, 0xa5, sizeof y);
        fn(&tr->p, &tr->cm, tr->t, &tr->prev_l, &tr->sh_l, tr->adjp,
           tr->has_pf ? &tr->pf_l : NULL, &next, &y);
        nan |= compare(tr, n, isa_name[i], &next, &y, &bad[i]);
    }
    return nan;
}

/* One check per implementation: no mismatch in `trials` trials. */
static void check_isas(const char *what, long trials,
                       const long bad[DR_MODEL_NISA])
{
    for (int i = 0; i < DR_MODEL_NISA; i++) {
        if (!dr_model_step_lanes((dr_model_isa)i)) {
            printf("# %s: not on this processor, not checked\n", isa_name[i]);
            continue;
        }
        printf("# %s, %s: %ld trials of %d lanes, %ld values differ\n",
               isa_name[i], what, trials, NL, bad[i]);
        check_report(!bad[i], what, __FILE__, __LINE__);
    }
}

static void test_step(void)
{
    static trial tr;
    long bad[DR_MODEL_NISA] = {0};
    int nan = 0;
    CHECK(dr_model_step_lanes(DR_MODEL_BASE) != NULL);
    for (long n = 0; n < TRIALS; n++) {
        make_trial(&tr);
        count_trial(&tr);
        nan |= check_lanes(&tr, n, bad);
    }
    check_isas("lanes' step = dr_model_step", TRIALS, bad);
    /* finite inputs: no NaN anywhere (k = 0 with an infinite ratio is 0) */
    CHECK(!nan);
    for (int b = 0; b < NBRANCH; b++) {
        printf("# %s: %ld\n", branch_name[b], reached[b]);
        check_report(reached[b] >= MIN_REACHED, branch_name[b], __FILE__,
                     __LINE__);
    }
}

/* The exp inside each implementation's step over its whole range: with
 * land revenue 1, land mu 0, rho 0 and sigma 1 and u^l_{t-1} = 0, the
 * year's land revenue is 1 * exp(0 * t + (0 * 0 + 1 * z_l)) = exp(z_l)
 * (adj NULL: times 1 plus 0). */
static void test_step_exp(void)
{
    static trial tr;
    long bad[DR_MODEL_NISA] = {0};
    int land_ok = 1;
    for (long n = 0; n < 1000; n++) {
        make_trial(&tr);
        tr.c.land_revenue = 1.0;
        tr.tp.land_mu = tr.tp.land_rho = 0.0;
        tr.tp.land_sigma = 1.0;
        tr.adjp = NULL;
        for (int l = 0; l < NL; l++) {
            tr.prev[l].ul = 0.0;
            double u = unif();
            tr.sh[l].z[DR_VL] = u < 0.4   ? val(-750, 712)
                                : u < 0.7 ? val(-745.2, -708)
                                          : val(700, 709.8);
        }
        to_lanes(&tr);
        for (int l = 0; l < NL; l++) {
            step_one(&tr, l, &tr.next[l], &tr.year[l]);
            land_ok = land_ok && same(tr.year[l].land_revenue,
                                      dr_model_exp(tr.sh[l].z[DR_VL]));
        }
        check_lanes(&tr, n, bad);
    }
    CHECK(land_ok);
    check_isas("exp in the lanes' step", 1000, bad);
}

/* ---- 3. the model's exponential ----------------------------------------- */

/* Distance in ulps of two non-negative doubles (their bits in order). */
static uint64_t ulps(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x > y ? x - y : y - x;
}

typedef struct exp_stats {
    uint64_t worst_libm; /* ulps from libm's exp */
    double worst_x;
    long double worst_true; /* error against expl, in ulps of the result */
    double worst_true_x;
    long n, lanes_bad;
    double lanes_x;
    double buf[NL];
    int nbuf;
} exp_stats;

/* ulp of a double of magnitude |v|: 2^(e - 52), subnormals 2^-1074. */
static long double ulp_of(long double v)
{
    int e = v > 0 ? ilogbl(v) : -1022;
    return ldexpl(1.0L, (e < -1022 ? -1022 : e) - 52);
}

/* Runs the buffered values through dr_model_exp_lanes (a part-filled
 * buffer padded with its first value). */
static void exp_flush(exp_stats *st)
{
    double e[NL];
    if (!st->nbuf)
        return;
    for (int l = st->nbuf; l < NL; l++)
        st->buf[l] = st->buf[0];
    dr_model_exp_lanes(st->buf, e);
    for (int l = 0; l < NL; l++)
        if (!same(e[l], dr_model_exp(st->buf[l])) && !st->lanes_bad++)
            st->lanes_x = st->buf[l];
    st->nbuf = 0;
}

/* x through the lanes too, 8 at a time. */
static void exp_lanes_point(exp_stats *st, double x)
{
    st->buf[st->nbuf++] = x;
    if (st->nbuf == NL)
        exp_flush(st);
}

static void exp_point(exp_stats *st, double x)
{
    double got = dr_model_exp(x), want = exp(x);
    uint64_t d = ulps(got, want);
    if (d > st->worst_libm || st->n == 0) {
        st->worst_libm = d;
        st->worst_x = x;
    }
    long double ref = expl((long double)x);
    long double err = fabsl((long double)got - ref) / ulp_of(ref);
    if (err > st->worst_true) {
        st->worst_true = err;
        st->worst_true_x = x;
    }
    st->n++;
    exp_lanes_point(st, x);
}

/* Every value is one of libm's within 1 ulp, and the lanes give the bits
 * of the one-value function. */
static void test_exp_range(void)
{
    exp_stats st = {0};
    /* spread over the finite range, densely where the model lives, and
     * the subnormal results (e^x < 2^-1022 below x = -708.4) */
    for (long i = 0; i < 400000; i++)
        exp_point(&st, between(-745.0, 709.7));
    for (long i = 0; i < 500000; i++)
        exp_point(&st, between(-20.0, 20.0));
    for (long i = 0; i < 100000; i++)
        exp_point(&st, between(-745.1, -708.4));
    /* the ends of the range and of the reduction's intervals */
    for (int k = -1075; k <= 1024; k++) {
        double x = k * 0.6931471805599453;
        if (x >= -745.1 && x <= 709.78) {
            exp_point(&st, nextafter(x, -INFINITY));
            exp_point(&st, x);
            exp_point(&st, nextafter(x, INFINITY));
        }
    }
    exp_point(&st, 709.782712893384);
    exp_point(&st, -745.13);
    exp_point(&st, 0x1p-60);
    exp_point(&st, -0x1p-60);
    exp_point(&st, DBL_MIN);
    exp_flush(&st);
    printf("# %ld points: worst %llu ulp from libm at %a, %.3Lf ulp from "
           "expl at %a\n",
           st.n, (unsigned long long)st.worst_libm, st.worst_x, st.worst_true,
           st.worst_true_x);
    CHECK(st.worst_libm <= 1);
    /* Against e^x itself (expl, 11 more bits): libm's exp is within 0.51
     * ulp of it (glibc's bound), so within 1 ulp of libm means within 1.51
     * of e^x. The Horner sum's last two roundings do go past 1 ulp on about
     * 1 value in 6,600 (1.15 at worst), so this bound, and not 1, is the one
     * that holds. */
    CHECK(st.worst_true <= 1.51L);
    if (st.lanes_bad)
        printf("# dr_model_exp_lanes differs on %ld values, first at %a\n",
               st.lanes_bad, st.lanes_x);
    CHECK(st.lanes_bad == 0);
}

/* The edges, exactly; NaN stays NaN. Each also through the lanes. */
static void test_exp_edges(void)
{
    static const double edge[][2] = {
        {0.0, 1.0},        {-0.0, 1.0},        {INFINITY, INFINITY},
        {-INFINITY, 0.0},  {709.79, INFINITY}, {709.8, INFINITY},
        {710.0, INFINITY}, {745.5, INFINITY},  {746.0, INFINITY},
        {746.5, INFINITY}, {1e10, INFINITY},   {DBL_MAX, INFINITY},
        {-745.2, 0.0},     {-745.5, 0.0},      {-746.0, 0.0},
        {-746.5, 0.0},     {-1e10, 0.0},       {-DBL_MAX, 0.0},
    };
    /* NaNs of either sign and several payloads, quiet and signalling */
    static const uint64_t nan_bits[] = {
        0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff80000deadbeefull,
        0xfffc000000000123ull, 0x7ff0000000000001ull, 0x7fffffffffffffffull};
    size_t nedge = sizeof edge / sizeof *edge;
    size_t n = nedge + sizeof nan_bits / sizeof *nan_bits;
    exp_stats st = {0};
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        double x = i < nedge ? edge[i][0] : 0.0, e;
        if (i >= nedge)
            memcpy(&x, &nan_bits[i - nedge], sizeof x);
        e = dr_model_exp(x);
        if (i < nedge ? !same(e, edge[i][1]) : !isnan(e)) {
            printf("# dr_model_exp(%a) = %a\n", x, e);
            ok = 0;
        }
        exp_lanes_point(&st, x);
    }
    CHECK(ok);
    exp_flush(&st);
    CHECK(st.lanes_bad == 0);
}

/* ---- 4. mixing ---------------------------------------------------------- */

/* A random correlation matrix: A A^T + 0.05 I (positive definite) scaled
 * to a unit diagonal. */
static void draw_corr(double c[DR_NVAR][DR_NVAR])
{
    double a[DR_NVAR][DR_NVAR], s[DR_NVAR][DR_NVAR];
    for (int i = 0; i < DR_NVAR; i++)
        for (int j = 0; j < DR_NVAR; j++)
            a[i][j] = between(-1, 1);
    for (int i = 0; i < DR_NVAR; i++)
        for (int j = 0; j < DR_NVAR; j++) {
            s[i][j] = i == j ? 0.05 : 0.0;
            for (int k = 0; k < DR_NVAR; k++)
                s[i][j] += a[i][k] * a[j][k];
        }
    for (int i = 0; i < DR_NVAR; i++)
        for (int j = 0; j < DR_NVAR; j++)
            c[i][j] = i == j ? 1.0 : s[i][j] / sqrt(s[i][i] * s[j][j]);
}

static void test_mix(void)
{
    int chol_ok = 1, ok = 1;
    for (int n = 0; n < 2000; n++) {
        dr_params p;
        memset(&p, 0, sizeof p);
        if (n % 4 == 0)
            memcpy(p.corr, dr_corr_default, sizeof p.corr);
        else
            draw_corr(p.corr);
        chol_ok = chol_ok && dr_corr_cholesky(p.corr, p.chol);
        for (int k = 0; k < DR_NVAR; k++) {
            double u = unif();
            p.common[k] = u < 0.2 ? 0.0 : u < 0.4 ? 1.0 : unif();
        }
        dr_mixer mx;
        dr_mixer_init(&mx, &p);
        double F[DR_NVAR][NL], eta[DR_NVAR][NL], z[DR_NVAR][NL];
        double f1[NL][DR_NVAR], e1[NL][DR_NVAR], z1[DR_NVAR];
        for (int k = 0; k < DR_NVAR; k++)
            for (int l = 0; l < NL; l++) {
                F[k][l] = f1[l][k] = draw_z();
                eta[k][l] = e1[l][k] = draw_z();
            }
        memset(z, 0xa5, sizeof z);
        dr_model_mix_lanes(&mx, F, eta, z);
        for (int l = 0; l < NL; l++) {
            dr_model_mix(&mx, f1[l], e1[l], z1);
            for (int k = 0; k < DR_NVAR; k++) {
                if (ok && !same(z[k][l], z1[k]))
                    printf("# mix %d lane %d z[%d]: lanes %a, one path %a\n", n,
                           l, k, z[k][l], z1[k]);
                ok = ok && same(z[k][l], z1[k]);
            }
        }
    }
    CHECK(chol_ok);
    CHECK(ok);
}

/* ---- 5. filling and reading lanes ---------------------------------------- */

/* A state whose fields all differ, with the awkward values among them. */
static void draw_odd_state(dr_state *s, int salt)
{
    static const double odd[] = {-0.0, INFINITY, -INFINITY, DBL_MIN / 4,
                                 DBL_MAX};
    for (size_t f = 0; f < NSTATE; f++) {
        double v = between(-100, 100) + salt;
        if (chance(0.3))
            v = odd[draw() % (sizeof odd / sizeof *odd)];
        if (chance(0.05)) {
            uint64_t b = 0x7ff8000000000000ull | (draw() >> 14);
            memcpy(&v, &b, sizeof v);
        }
        memcpy((char *)s + state_fields[f].one, &v, sizeof v);
    }
}

static void test_fill_get(void)
{
    int fill_ok = 1, get_ok = 1;
    for (int n = 0; n < 200; n++) {
        dr_state s1, back;
        dr_state_lanes s;
        draw_odd_state(&s1, n);
        memset(&s, 0xa5, sizeof s);
        dr_state_lanes_fill(&s, &s1);
        for (int l = 0; l < NL; l++) {
            dr_state_lanes_get(&s, l, &back);
            fill_ok = fill_ok && memcmp(&back, &s1, sizeof s1) == 0;
        }
        /* a different state on each lane, written field by field: get
         * reads lane l of each field, none other */
        dr_state each[NL];
        for (int l = 0; l < NL; l++) {
            draw_odd_state(&each[l], l);
            for (size_t f = 0; f < NSTATE; f++)
                set_lane(&s, &state_fields[f], l,
                         get_one(&each[l], &state_fields[f]));
        }
        for (int l = 0; l < NL; l++) {
            dr_state_lanes_get(&s, l, &back);
            get_ok = get_ok && memcmp(&back, &each[l], sizeof back) == 0;
        }
    }
    CHECK(fill_ok);
    CHECK(get_ok);
}

int main(void)
{
    test_tables();
    test_fill_get();
    test_step();
    test_step_exp();
    test_exp_range();
    test_exp_edges();
    test_mix();
    return check_done();
}
