#include "calib/estimate.h"

#include <math.h>

const char *const dr_ckey_name[DR_NCKEYS] = {
    "growth.mu",      "growth.sigma",     "growth.rho",
    "own_revenue.mu", "own_revenue.beta", "own_revenue.sigma",
    "land.mu",        "land.sigma",       "land.rho",
    "transfers.mu",   "transfers.sigma",  "spending.mu",
};

const char *const dr_cstatus_name[4] = {"estimated", "pooled", "shrunk",
                                        "kept"};

#define RHO_CLIP 0.9

/* Years s of county c in [lo, hi) that an estimate uses. */
typedef struct span {
    size_t lo, hi;
} span;

enum { ALL, FIRST, SECOND };

/* Growth observations are s = 1..T-1: n_i of them, the first floor(n_i/2)
 * one half, the rest the other. */
static span growth_span(const dr_panel_county *c, int half)
{
    size_t h = (c->T - 1) / 2;
    if (half == FIRST)
        return (span){1, 1 + h};
    if (half == SECOND)
        return (span){1 + h, c->T};
    return (span){1, c->T};
}

/* Land observations are s = 0..T-1, split at floor(T/2). */
static span land_span(const dr_panel_county *c, int half)
{
    size_t h = c->T / 2;
    if (half == FIRST)
        return (span){0, h};
    if (half == SECOND)
        return (span){h, c->T};
    return (span){0, c->T};
}

static double clip(double x, double lim, int *clipped)
{
    if (x > lim || x < -lim) {
        *clipped = 1;
        return x > lim ? lim : -lim;
    }
    *clipped = 0;
    return x;
}

static dr_cvalue estimated(double value, double se, long n)
{
    return (dr_cvalue){value, se, n, DR_CS_ESTIMATED};
}

/* ---- growth (11.1) ---------------------------------------------------- */

/* Mean of the growth observations of a half (or all). */
static int growth_mean(const dr_panel *P, const size_t *m, size_t k, int half,
                       double *mean, long *n)
{
    double sum = 0.0;
    long cnt = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        span sp = growth_span(c, half);
        for (size_t s = sp.lo; s < sp.hi; s++) {
            sum += c->g[s];
            cnt++;
        }
    }
    *n = cnt;
    if (cnt == 0)
        return 0;
    *mean = sum / (double)cnt;
    return 1;
}

/* rho-hat = sum d_s d_{s-1} / sum d_{s-1}^2 over pairs inside the span,
 * d = g - mu. */
static int growth_rho_hat(const dr_panel *P, const size_t *m, size_t k,
                          int half, double mu, double *rho, long *pairs)
{
    double num = 0.0, den = 0.0;
    long np = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        span sp = growth_span(c, half);
        for (size_t s = sp.lo + 1; s < sp.hi; s++) {
            double d1 = c->g[s - 1] - mu, d = c->g[s] - mu;
            num += d * d1;
            den += d1 * d1;
            np++;
        }
    }
    *pairs = np;
    if (!(den > 0.0))
        return 0;
    *rho = num / den;
    return 1;
}

/* The jackknifed, clipped AR coefficient from the full estimate and the
 * halves' (each with its own mean, or its own trend for land). */
static double jackknife(dr_jackknife *jk, int ok_a, double a, int ok_b,
                        double b)
{
    jk->halves = ok_a && ok_b;
    jk->half_a = ok_a ? a : NAN;
    jk->half_b = ok_b ? b : NAN;
    double rho = jk->halves ? 2.0 * jk->full - (a + b) / 2.0 : jk->full;
    return clip(rho, RHO_CLIP, &jk->clipped);
}

static void estimate_growth(const dr_panel *P, const size_t *m, size_t k,
                            const dr_cvalue *fb, dr_cgroup *out)
{
    dr_cvalue *v = out->v;
    double mean = 0.0, sq = 0.0;
    long n;
    if (growth_mean(P, m, k, ALL, &mean, &n)) {
        for (size_t j = 0; j < k; j++) {
            const dr_panel_county *c = &P->c[m[j]];
            for (size_t s = 1; s < c->T; s++)
                sq += (c->g[s] - mean) * (c->g[s] - mean);
        }
        double se = n > 1 ? sqrt(sq / (double)(n - 1)) / sqrt((double)n) : NAN;
        v[DR_CK_GROWTH_MU] = estimated(mean, se, n);
    } else {
        v[DR_CK_GROWTH_MU] = fb[DR_CK_GROWTH_MU];
    }
    double mu = v[DR_CK_GROWTH_MU].value;
    long pairs;
    dr_jackknife *jk = &out->jk_growth;
    if (growth_rho_hat(P, m, k, ALL, mu, &jk->full, &pairs)) {
        double ma, mb, ra = 0, rb = 0;
        long na, nb, pa, pb;
        int ok_a = growth_mean(P, m, k, FIRST, &ma, &na) &&
                   growth_rho_hat(P, m, k, FIRST, ma, &ra, &pa);
        int ok_b = growth_mean(P, m, k, SECOND, &mb, &nb) &&
                   growth_rho_hat(P, m, k, SECOND, mb, &rb, &pb);
        double rho = jackknife(jk, ok_a, ra, ok_b, rb);
        v[DR_CK_GROWTH_RHO] =
            estimated(rho, sqrt((1.0 - rho * rho) / (double)pairs), pairs);
    } else {
        *jk = (dr_jackknife){NAN, NAN, NAN, 0, 0};
        v[DR_CK_GROWTH_RHO] = fb[DR_CK_GROWTH_RHO];
    }
    double rho = v[DR_CK_GROWTH_RHO].value, ss = 0.0;
    long ne = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        for (size_t s = 2; s < c->T; s++) {
            double e = (c->g[s] - mu) - rho * (c->g[s - 1] - mu);
            ss += e * e;
            ne++;
        }
    }
    if (ne - 2 > 0) {
        double sigma = sqrt(ss / (double)(ne - 2));
        v[DR_CK_GROWTH_SIGMA] =
            estimated(sigma, sigma / sqrt(2.0 * (double)(ne - 2)), ne);
    } else {
        v[DR_CK_GROWTH_SIGMA] = fb[DR_CK_GROWTH_SIGMA];
    }
}

/* ---- own revenue (11.2) ----------------------------------------------- */

static void estimate_own_revenue(const dr_panel *P, const size_t *m, size_t k,
                                 const dr_cvalue *fb, dr_cvalue *v)
{
    double sg = 0.0, so = 0.0;
    long n = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        for (size_t s = 1; s < c->T; s++) {
            sg += c->g[s];
            so += c->o[s];
            n++;
        }
    }
    double gbar = n ? sg / (double)n : 0.0, obar = n ? so / (double)n : 0.0;
    double sgg = 0.0, sgo = 0.0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        for (size_t s = 1; s < c->T; s++) {
            sgg += (c->g[s] - gbar) * (c->g[s] - gbar);
            sgo += (c->g[s] - gbar) * (c->o[s] - obar);
        }
    }
    int ls = n > 0 && sgg > 0.0;
    if (ls) {
        double beta = sgo / sgg;
        v[DR_CK_OR_BETA] = estimated(beta, NAN, n);
        v[DR_CK_OR_MU] = estimated(obar - beta * gbar, NAN, n);
    } else {
        v[DR_CK_OR_BETA] = fb[DR_CK_OR_BETA];
        v[DR_CK_OR_MU] = fb[DR_CK_OR_MU];
    }
    double beta = v[DR_CK_OR_BETA].value, mu = v[DR_CK_OR_MU].value;
    double ss = 0.0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        for (size_t s = 1; s < c->T; s++) {
            double e = c->o[s] - mu - beta * c->g[s];
            ss += e * e;
        }
    }
    if (n - 2 > 0) {
        double sigma = sqrt(ss / (double)(n - 2));
        v[DR_CK_OR_SIGMA] =
            estimated(sigma, sigma / sqrt(2.0 * (double)(n - 2)), n);
    } else {
        v[DR_CK_OR_SIGMA] = fb[DR_CK_OR_SIGMA];
    }
    if (ls && v[DR_CK_OR_SIGMA].status == DR_CS_ESTIMATED) {
        double sigma = v[DR_CK_OR_SIGMA].value;
        v[DR_CK_OR_BETA].se = sigma / sqrt(sgg);
        v[DR_CK_OR_MU].se = sigma * sqrt(1.0 / (double)n + gbar * gbar / sgg);
    }
}

/* ---- land (11.3) ------------------------------------------------------ */

/* The within-county trend on a span: mu_l = Sxy / Sxx with each county's
 * own means, and the county means themselves. */
static int land_trend(const dr_panel *P, const size_t *m, size_t k, int half,
                      double *mu, double *sxx_out, long *nobs)
{
    double sxx = 0.0, sxy = 0.0;
    long n = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        if (!c->l)
            continue;
        span sp = land_span(c, half);
        size_t cnt = sp.hi - sp.lo;
        if (cnt == 0)
            continue;
        double sbar = 0.0, lbar = 0.0;
        for (size_t s = sp.lo; s < sp.hi; s++) {
            sbar += (double)s;
            lbar += c->l[s];
        }
        sbar /= (double)cnt;
        lbar /= (double)cnt;
        for (size_t s = sp.lo; s < sp.hi; s++) {
            sxx += ((double)s - sbar) * ((double)s - sbar);
            sxy += ((double)s - sbar) * (c->l[s] - lbar);
        }
        n += (long)cnt;
    }
    *nobs = n;
    *sxx_out = sxx;
    if (!(sxx > 0.0))
        return 0;
    *mu = sxy / sxx;
    return 1;
}

/* u_s of county c on a span around its own means and the trend mu. */
static void land_deviations(const dr_panel_county *c, span sp, double mu,
                            double *u)
{
    size_t cnt = sp.hi - sp.lo;
    double sbar = 0.0, lbar = 0.0;
    for (size_t s = sp.lo; s < sp.hi; s++) {
        sbar += (double)s;
        lbar += c->l[s];
    }
    sbar /= (double)cnt;
    lbar /= (double)cnt;
    for (size_t s = sp.lo; s < sp.hi; s++)
        u[s] = c->l[s] - lbar - mu * ((double)s - sbar);
}

/* rho-hat of the deviations around the trend mu on a span. */
static int land_rho_hat(const dr_panel *P, const size_t *m, size_t k, int half,
                        double mu, double *rho, long *pairs)
{
    double num = 0.0, den = 0.0, u[DR_HISTORY_MAX_YEARS];
    long np = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        if (!c->l)
            continue;
        span sp = land_span(c, half);
        if (sp.hi - sp.lo < 2)
            continue;
        land_deviations(c, sp, mu, u);
        for (size_t s = sp.lo + 1; s < sp.hi; s++) {
            num += u[s] * u[s - 1];
            den += u[s - 1] * u[s - 1];
            np++;
        }
    }
    *pairs = np;
    if (!(den > 0.0))
        return 0;
    *rho = num / den;
    return 1;
}

static void estimate_land(const dr_panel *P, const size_t *m, size_t k,
                          const dr_cvalue *fb, dr_cgroup *out)
{
    dr_cvalue *v = out->v;
    size_t kg = 0;
    for (size_t j = 0; j < k; j++)
        kg += P->c[m[j]].l != NULL;
    out->land_counties = kg;
    double mu = 0.0, sxx;
    long nobs;
    int have_mu = land_trend(P, m, k, ALL, &mu, &sxx, &nobs);
    if (have_mu) {
        v[DR_CK_LAND_MU] = estimated(mu, NAN, nobs);
    } else {
        v[DR_CK_LAND_MU] = fb[DR_CK_LAND_MU];
    }
    mu = v[DR_CK_LAND_MU].value;
    long pairs;
    dr_jackknife *jk = &out->jk_land;
    if (kg > 0 && land_rho_hat(P, m, k, ALL, mu, &jk->full, &pairs)) {
        double ma, mb, sa, sb, ra = 0, rb = 0;
        long na, nb, pa, pb;
        int ok_a = land_trend(P, m, k, FIRST, &ma, &sa, &na) &&
                   land_rho_hat(P, m, k, FIRST, ma, &ra, &pa);
        int ok_b = land_trend(P, m, k, SECOND, &mb, &sb, &nb) &&
                   land_rho_hat(P, m, k, SECOND, mb, &rb, &pb);
        double rho = jackknife(jk, ok_a, ra, ok_b, rb);
        v[DR_CK_LAND_RHO] =
            estimated(rho, sqrt((1.0 - rho * rho) / (double)pairs), pairs);
    } else {
        *jk = (dr_jackknife){NAN, NAN, NAN, 0, 0};
        v[DR_CK_LAND_RHO] = fb[DR_CK_LAND_RHO];
    }
    double rho = v[DR_CK_LAND_RHO].value, ss = 0.0, u[DR_HISTORY_MAX_YEARS];
    long ne = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        if (!c->l)
            continue;
        land_deviations(c, land_span(c, ALL), mu, u);
        for (size_t s = 1; s < c->T; s++) {
            double e = u[s] - rho * u[s - 1];
            ss += e * e;
            ne++;
        }
    }
    long dof = ne - (long)kg - 2;
    if (kg > 0 && dof > 0) {
        double sigma = sqrt(ss / (double)dof);
        v[DR_CK_LAND_SIGMA] =
            estimated(sigma, sigma / sqrt(2.0 * (double)dof), ne);
    } else {
        v[DR_CK_LAND_SIGMA] = fb[DR_CK_LAND_SIGMA];
    }
    if (have_mu && v[DR_CK_LAND_SIGMA].status == DR_CS_ESTIMATED)
        v[DR_CK_LAND_MU].se = v[DR_CK_LAND_SIGMA].value / sqrt(sxx);
}

/* ---- transfers and spending (11.4, 11.5) ------------------------------ */

/* Mean and sample sd (n - 1; NAN below two) of transfer growth, or of
 * spending growth, over the group's years where it is given. */
static long series_moments(const dr_panel *P, const size_t *m, size_t k,
                           int spending, double *mean, double *sd)
{
    double sum = 0.0, sq = 0.0;
    long n = 0;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        const double *x = spending ? c->p : c->r;
        for (size_t s = 1; s < c->T; s++)
            if (!isnan(x[s])) {
                sum += x[s];
                n++;
            }
    }
    *mean = n ? sum / (double)n : NAN;
    for (size_t j = 0; j < k; j++) {
        const dr_panel_county *c = &P->c[m[j]];
        const double *x = spending ? c->p : c->r;
        for (size_t s = 1; s < c->T; s++)
            if (!isnan(x[s]))
                sq += (x[s] - *mean) * (x[s] - *mean);
    }
    *sd = n > 1 ? sqrt(sq / (double)(n - 1)) : NAN;
    return n;
}

static void estimate_transfers(const dr_panel *P, const size_t *m, size_t k,
                               const dr_cvalue *fb, dr_cvalue *v)
{
    double mean, sd;
    long n = series_moments(P, m, k, 0, &mean, &sd);
    /* e = r - mu: sigma is the sample sd, with n - 1 */
    v[DR_CK_TR_MU] =
        n > 0 ? estimated(mean, sd / sqrt((double)n), n) : fb[DR_CK_TR_MU];
    v[DR_CK_TR_SIGMA] = n - 1 > 0
                            ? estimated(sd, sd / sqrt(2.0 * (double)(n - 1)), n)
                            : fb[DR_CK_TR_SIGMA];
    n = series_moments(P, m, k, 1, &mean, &sd);
    v[DR_CK_SPENDING_MU] = n > 0 ? estimated(mean, sd / sqrt((double)n), n)
                                 : fb[DR_CK_SPENDING_MU];
}

void dr_estimate_group(const dr_panel *P, const size_t *members, size_t k,
                       const dr_cvalue fallback[DR_NCKEYS], dr_cgroup *out)
{
    *out = (dr_cgroup){.counties = k};
    estimate_growth(P, members, k, fallback, out);
    estimate_own_revenue(P, members, k, fallback, out->v);
    estimate_land(P, members, k, fallback, out);
    estimate_transfers(P, members, k, fallback, out->v);
}

void dr_estimate_innovations(const dr_panel_county *c,
                             const dr_cvalue v[DR_NCKEYS], double (*z)[4])
{
    double mu_g = v[DR_CK_GROWTH_MU].value, rho_g = v[DR_CK_GROWTH_RHO].value;
    double sd[4] = {v[DR_CK_GROWTH_SIGMA].value, v[DR_CK_OR_SIGMA].value,
                    v[DR_CK_LAND_SIGMA].value, v[DR_CK_TR_SIGMA].value};
    double u[DR_HISTORY_MAX_YEARS];
    int land = c->l != NULL;
    if (land)
        land_deviations(c, land_span(c, ALL), v[DR_CK_LAND_MU].value, u);
    for (size_t s = 0; s < c->T; s++) {
        double e[4] = {NAN, NAN, NAN, NAN};
        if (s >= 2)
            e[0] = (c->g[s] - mu_g) - rho_g * (c->g[s - 1] - mu_g);
        if (s >= 1) {
            e[1] = c->o[s] - v[DR_CK_OR_MU].value -
                   v[DR_CK_OR_BETA].value * c->g[s];
            if (land)
                e[2] = u[s] - v[DR_CK_LAND_RHO].value * u[s - 1];
            e[3] = c->r[s] - v[DR_CK_TR_MU].value;
        }
        for (int k = 0; k < 4; k++)
            z[s][k] = sd[k] > 0.0 ? e[k] / sd[k] : NAN;
    }
}
