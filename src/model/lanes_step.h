/* The lanes' step at one vector width: a template, which lanes.c
 * includes once for each implementation, having defined
 *   LS_WIDTH  doubles in a vector register (2: SSE2, 4: AVX2),
 *   LS_NAME   the name of the step function this defines,
 *   LS_ATTR   that function's attributes (its target), or nothing.
 * The lanes go through the step LS_WIDTH at a time, in vectors the
 * processor has (a compiler splits a wider vector's arithmetic but turns
 * its comparisons into one element at a time).
 *
 * Each line is the line of dr_model_step (model.c) of the same number,
 * with every operation the same and in the same order, so that every lane
 * rounds as the one-path step does. A branch on a lane's value becomes
 * both sides computed and a choice of bits (sel); a division or product
 * that the one-path step takes on one side only is taken on every lane
 * and dropped where it does not apply, which changes no value kept. */

/* This inclusion's names. */
#define LS_CAT2(a, b) a##_##b
#define LS_CAT(a, b) LS_CAT2(a, b)
#define vd LS_CAT(vd, LS_NAME)
#define vi LS_CAT(vi, LS_NAME)
#define vu LS_CAT(vu, LS_NAME)
#define load LS_CAT(load, LS_NAME)
#define store LS_CAT(store, LS_NAME)
#define sel LS_CAT(sel, LS_NAME)
#define max2 LS_CAT(max2, LS_NAME)
#define min2 LS_CAT(min2, LS_NAME)
#define splat LS_CAT(splat, LS_NAME)
#define ramp LS_CAT(ramp, LS_NAME)
#define ratio LS_CAT(ratio, LS_NAME)
#define stock_adjust LS_CAT(stock_adjust, LS_NAME)
#define adjust LS_CAT(adjust, LS_NAME)
#define vexp LS_CAT(vexp, LS_NAME)
#define chunk LS_CAT(chunk, LS_NAME)
#define exp_at LS_CAT(exp_at, LS_NAME)
#define mix_at LS_CAT(mix_at, LS_NAME)
#define mix_all LS_CAT(mix_all, LS_NAME)
#define exp_all LS_CAT(exp_all, LS_NAME)
#define INLINE static inline __attribute__((always_inline)) LS_ATTR

typedef double vd __attribute__((vector_size(8 * LS_WIDTH)));
typedef int64_t vi __attribute__((vector_size(8 * LS_WIDTH)));
typedef uint64_t vu __attribute__((vector_size(8 * LS_WIDTH)));

INLINE vd load(const double *p)
{
    vd v;
    memcpy(&v, p, sizeof v);
    return v;
}

INLINE void store(double *p, vd v)
{
    memcpy(p, &v, sizeof v);
}

/* m ? a : b, lane by lane (m: all ones or all zeros). */
INLINE vd sel(vi m, vd a, vd b)
{
    return (vd)(((vi)a & m) | ((vi)b & ~m));
}

/* model.c's max2 and min2: a > b ? a : b and a < b ? a : b. */
INLINE vd max2(vd a, vd b)
{
    return sel(a > b, a, b);
}

INLINE vd min2(vd a, vd b)
{
    return sel(a < b, a, b);
}

/* x on every lane, bit for bit (-0.0 too: x - 0.0 is x). */
INLINE vd splat(double x)
{
    return x - (vd){0};
}

/* model.c's ramp with k the same on every lane. */
INLINE vd ramp(double k, vd x, double start, double cap)
{
    vd excess = x - start;
    if (!(k > 0.0))
        return splat(0.0);
    return sel(excess > 0.0, min2(splat(cap), k * excess), splat(0.0));
}

/* dr_ratio: num / den, or +inf when den <= 0. */
INLINE vd ratio(vd num, vd den)
{
    return sel(den > 0.0, num / den, splat(INFINITY));
}

INLINE vd stock_adjust(vd pre, vd delta)
{
    return pre + max2(delta, -pre);
}

INLINE vd adjust(const dr_yearadj *a, int k, vd level)
{
    return level * a->mul[k] + a->add[k];
}

/* dr_model_exp (mexp.h), operation for operation. */
INLINE vd vexp(vd x)
{
    vd kd = x * DR_EXP_INV_LN2 + DR_EXP_SHIFTER;
    vu kbits = (vu)kd;
    kd -= DR_EXP_SHIFTER;
    vd r = (x - kd * DR_EXP_LN2HI) - kd * DR_EXP_LN2LO;
    vd p;
    DR_EXP_POLY(vd, r, p);
    vu u = (kbits & 0xfffffffffffffull) - ((1ull << 51) - 2048);
    vu b1 = ((u >> 1) - 1) << 52, b2 = (u - (u >> 1) - 1) << 52;
    vd e = p * (vd)b1 * (vd)b2;
    e = sel(x > 746.0, splat(INFINITY), e);
    return sel(x < -746.0, splat(0.0), e);
}

/* Lanes at .. at + LS_WIDTH - 1 of the step. */
INLINE void chunk(const dr_params *p, const dr_county_model *cm, long t,
                  const dr_state_lanes *prev, const dr_shock_lanes *sh,
                  const dr_yearadj *adj, const dr_projflow_lanes *pf,
                  dr_state_lanes *next, dr_year_lanes *y, int at)
{
    const dr_county *c = cm->c;
    const dr_type_params *tp = cm->tp;
    const vd d_prev = load(prev->broad + at);
    const vd E0 = load(prev->explicit_debt + at),
             H0 = load(prev->hidden_debt + at);

    /* 1. Processes and flows. */
    vd ug = tp->growth_rho * load(prev->ug + at) +
            tp->growth_sigma * load(sh->z[DR_VG] + at);
    vd g = tp->growth_mu + ug + adj->dg;
    vd gdp = load(prev->gdp + at) * (1.0 + g);
    vd own =
        load(prev->own_revenue + at) *
        max2(splat(0.0), 1.0 + tp->own_revenue_mu + tp->own_revenue_beta * g +
                             tp->own_revenue_sigma * load(sh->z[DR_VOR] + at));
    vd ul = tp->land_rho * load(prev->ul + at) +
            tp->land_sigma * load(sh->z[DR_VL] + at);
    vd land = c->land_revenue * vexp(tp->land_mu * (double)t + ul);
    vd tr =
        load(prev->transfers + at) *
        max2(splat(0.0), 1.0 + tp->transfers_mu +
                             tp->transfers_sigma * load(sh->z[DR_VTR] + at));
    vd of = load(prev->other_fund + at) * (1.0 + g);
    vd soe = load(prev->soe + at) * (1.0 + g);
    vd rem = c->own_revenue > 0.0 ? c->remittance * own / c->own_revenue
                                  : splat(c->remittance);
    vd own_y = adjust(adj, 0, own), tr_y = adjust(adj, 1, tr),
       land_y = adjust(adj, 2, land);
    vd cfr = own_y + tr_y + land_y + adjust(adj, 3, of) + adjust(adj, 4, soe) -
             adjust(adj, 5, rem);

    /* 2. Interest. */
    vd yy = max2(splat(0.0), p->yield + load(sh->ur + at) + adj->dy);
    vd h = yy + p->hidden_spread +
           ramp(p->premium_slope, d_prev, p->premium_start, p->premium_max) +
           adj->ds;
    vd re = (1.0 - p->reprice_explicit) * load(prev->rate_explicit + at) +
            p->reprice_explicit * yy;
    vd rh = (1.0 - p->reprice_hidden) * load(prev->rate_hidden + at) +
            p->reprice_hidden * h;
    vd interest = re * E0 + rh * H0;

    /* 3. Spending. */
    vd cons =
        ramp(p->consolidation, d_prev, p->debt_target, p->consolidation_max);
    vd spending =
        load(prev->spending + at) * (1.0 + tp->spending_mu) * (1.0 - cons);

    /* 4. Projects and the contingent call. */
    vd pe = load(pf->pe + at), ph = load(pf->ph + at);
    vd call =
        load(sh->call + at) * tp->contingent_loss * load(prev->contingent + at);

    /* 5. The financing gap: both cases, then each lane's. */
    vd gap = adjust(adj, 6, spending) + load(pf->pb + at) + interest - cfr -
             load(pf->pr + at);
    vd quota = p->quota * max2(splat(0.0), cfr);
    vd ge_pos = min2(gap, quota);
    vd gh_pos = gap - ge_pos;
    vd surplus = -(1.0 - p->surplus_spend) * gap;
    vd gh_neg = -min2(surplus, H0 + ph + call);
    vd ge_neg = -min2(surplus + gh_neg, E0 + pe);
    vi deficit = gap > 0.0;
    vd ge = sel(deficit, ge_pos, ge_neg);
    vd gh = sel(deficit, gh_pos, gh_neg);

    /* 6. Debt swap. */
    vd x = splat(0.0), r_swap = splat(0.0);
    if (adj->swap_share > 0.0) {
        x = min2(splat(adj->swap_share * c->hidden_debt), H0 + ph + call + gh);
        r_swap = yy + adj->swap_spread;
    }

    /* 7. Stocks. */
    vd E = stock_adjust(E0 + pe + ge + x, splat(adj->dE));
    vd H = stock_adjust(H0 + ph + call + gh - x, splat(adj->dH));

    /* 8. Rates carried forward. */
    vd ne = pe + max2(splat(0.0), ge);
    vd nh = ph + call + max2(splat(0.0), gh);
    vd rate_e =
        sel(E > 0.0, (re * (E - ne - x) + yy * ne + r_swap * x) / E, re);
    vd rate_h = sel(H > 0.0, (rh * (H - nh) + h * nh) / H, rh);

    /* 9. Measures. */
    vd debt = E + H, broad = ratio(debt, cfr);
    store(next->gdp + at, gdp);
    store(next->own_revenue + at, own);
    store(next->transfers + at, tr);
    store(next->other_fund + at, of);
    store(next->soe + at, soe);
    store(next->spending + at, spending);
    store(next->ug + at, ug);
    store(next->ul + at, ul);
    store(next->explicit_debt + at, E);
    store(next->hidden_debt + at, H);
    store(next->contingent + at,
          stock_adjust(load(prev->contingent + at) - call, splat(adj->dCL)));
    store(next->rate_explicit + at, rate_e);
    store(next->rate_hidden + at, rate_h);
    store(next->broad + at, broad);
    store(y->gdp + at, gdp);
    store(y->own_revenue + at, own_y);
    store(y->transfers + at, tr_y);
    store(y->land_revenue + at, land_y);
    store(y->cfr + at, cfr);
    store(y->explicit_debt + at, E);
    store(y->hidden_debt + at, H);
    store(y->m[DR_M_BROAD] + at, broad);
    store(y->m[DR_M_OFFICIAL] + at, ratio(E, cfr));
    store(y->m[DR_M_DEBT_GDP] + at, ratio(debt, gdp));
    store(y->m[DR_M_INTEREST] + at, ratio(interest, cfr));
}

LS_ATTR static void LS_NAME(const dr_params *p, const dr_county_model *cm,
                            long t, const dr_state_lanes *prev,
                            const dr_shock_lanes *sh, const dr_yearadj *adj,
                            const dr_projflow_lanes *pf, dr_state_lanes *next,
                            dr_year_lanes *y)
{
    if (!adj)
        adj = &no_adjustment;
    if (!pf)
        pf = &no_projects;
    for (int at = 0; at < DR_LANES; at += LS_WIDTH)
        chunk(p, cm, t, prev, sh, adj, pf, next, y, at);
}

/* dr_model_exp on lanes at .. at + LS_WIDTH - 1 of x, into e. */
INLINE void exp_at(const double *x, double *e, int at)
{
    store(e + at, vexp(load(x + at)));
}

/* dr_model_mix on lanes at .. at + LS_WIDTH - 1. */
INLINE void mix_at(const dr_mixer *mx, const double F[DR_NVAR][DR_LANES],
                   const double eta[DR_NVAR][DR_LANES],
                   double z[DR_NVAR][DR_LANES], int at)
{
    vd x[DR_NVAR];
    for (int k = 0; k < DR_NVAR; k++)
        x[k] = mx->a[k] * load(F[k] + at) + mx->b[k] * load(eta[k] + at);
    for (int i = 0; i < DR_NVAR; i++) {
        vd s = splat(0.0);
        for (int k = 0; k <= i; k++)
            s += mx->L[i][k] * x[k];
        store(z[i] + at, s);
    }
}

/* Every lane of dr_model_mix and of dr_model_exp, at this width (real
 * functions: a caller without this target can call them; not every
 * inclusion's are used). */
LS_ATTR static __attribute__((unused)) void
mix_all(const dr_mixer *mx, const double F[DR_NVAR][DR_LANES],
        const double eta[DR_NVAR][DR_LANES], double z[DR_NVAR][DR_LANES])
{
    for (int at = 0; at < DR_LANES; at += LS_WIDTH)
        mix_at(mx, F, eta, z, at);
}

LS_ATTR static __attribute__((unused)) void exp_all(const double *x, double *e)
{
    for (int at = 0; at < DR_LANES; at += LS_WIDTH)
        exp_at(x, e, at);
}

#undef INLINE
#undef vd
#undef vi
#undef vu
#undef load
#undef store
#undef sel
#undef max2
#undef min2
#undef splat
#undef ramp
#undef ratio
#undef stock_adjust
#undef adjust
#undef vexp
#undef chunk
#undef exp_at
#undef mix_at
#undef mix_all
#undef exp_all
#undef LS_CAT
#undef LS_CAT2
