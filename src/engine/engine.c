#include "engine/engine.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/par.h"
#include "engine/rng.h"
#include "stats/tally.h"

/* City totals: sums of county debt and resources in fixed point (2^-32 of
 * the money unit), exact whatever the order of the terms, so the city's
 * ratio is the same for any split of the work. */
typedef struct city_sum {
    __int128 debt, cfr;
    unsigned above; /* counties above the warning line */
    unsigned bad;   /* terms too large for the fixed point */
} city_sum;

#define CITY_SCALE 0x1p32
/* Below 2^31 a value times 2^32 fits an int64: one rounding by llrint.
 * From 2^31 to 2^70 (1e21 money units) it has no bits below 2^-21, so
 * times 2^32 it is an integer that an __int128 holds exactly, with room
 * for the sum of 2^25 counties. Beyond, the city ratio is +inf. */
#define CITY_FAST 0x1p31
#define CITY_MAX 0x1p70

static __int128 city_fixed(double v)
{
    if (fabs(v) < CITY_FAST)
        return llrint(v * CITY_SCALE);
    return (__int128)(v * CITY_SCALE);
}

static void city_add(city_sum *c, double debt, double cfr, int above)
{
    if (fabs(debt) < CITY_MAX && fabs(cfr) < CITY_MAX) {
        c->debt += city_fixed(debt);
        c->cfr += city_fixed(cfr);
    } else {
        c->bad++;
    }
    c->above += (unsigned)(above != 0);
}

static void city_merge(city_sum *a, const city_sum *b)
{
    a->debt += b->debt;
    a->cfr += b->cfr;
    a->above += b->above;
    a->bad += b->bad;
}

/* The city's broad ratio; a county beyond the fixed point makes it +inf. */
static double city_ratio(const city_sum *c)
{
    if (c->bad)
        return INFINITY;
    return dr_ratio((double)c->debt / CITY_SCALE, (double)c->cfr / CITY_SCALE);
}

/* Sum of the flows of county i's active projects in calendar year `year`. */
static void project_flows(const dr_plan *plan, size_t i,
                          const dr_projdraw *draws, long year, dr_projflow *pf)
{
    *pf = (dr_projflow){0};
    for (size_t k = plan->proj_start[i]; k < plan->proj_start[i + 1]; k++)
        dr_model_project_flows(plan->proj[k], &draws[k], year, pf);
}

dr_status dr_engine_deterministic(const dr_plan *plan, dr_year *rows)
{
    const dr_params *p = plan->params;
    long T = plan->years;
    dr_projdraw *draws = malloc((plan->nproj + 1) * sizeof *draws);
    if (!draws)
        return DR_ENOMEM;
    for (size_t k = 0; k < plan->nproj; k++)
        dr_projdraw_mean(plan->proj[k], &draws[k]);
    for (size_t i = 0; i < plan->n; i++) {
        const dr_county_model *cm = &plan->cm[i];
        dr_year *row = rows + i * (size_t)(T + 1);
        dr_state s[2];
        dr_model_init(cm, &s[0], &row[0]);
        /* All shocks at their mean, 0; the call at its probability. */
        dr_shock sh = {.call = cm->tp->contingent_prob};
        for (long t = 1; t <= T; t++) {
            dr_projflow pf;
            project_flows(plan, i, draws, p->base_year + t, &pf);
            const dr_yearadj *adj = plan->adj[i] ? &plan->adj[i][t - 1] : NULL;
            dr_model_step(p, cm, t, &s[(t - 1) & 1], &sh, adj, &pf, &s[t & 1],
                          &row[t]);
        }
    }
    free(draws);
    return DR_OK;
}

void dr_results_from_rows(const dr_plan *plan, const dr_year *rows,
                          dr_results *res)
{
    const dr_params *p = plan->params;
    long T = plan->years;
    size_t n = plan->n;
    for (size_t i = 0; i < n; i++) {
        const dr_year *row = rows + i * (size_t)(T + 1);
        for (int m = 0; m < DR_NMEASURES; m++) {
            double line = dr_measure_line(p, m);
            int breached = 0;
            for (long t = 0; t <= T; t++) {
                double v = row[t].m[m];
                /* At the base year "breached by" equals "above"; after it,
                 * only projected years count. */
                if (t <= 1)
                    breached = v > line;
                else
                    breached = breached || v > line;
                dr_stat_point(dr_results_stat(res, i, t, m), v, line, breached);
            }
        }
        for (long t = 0; t <= T; t++) {
            double *g = dr_results_grades(res, i, t);
            memset(g, 0, DR_NGRADES * sizeof *g);
            g[dr_grade(p->grades, row[t].m[DR_M_BROAD])] = 1.0;
        }
    }
    int city_breached = 0;
    for (long t = 0; t <= T; t++) {
        city_sum cs = {0};
        for (size_t i = 0; i < n; i++) {
            const dr_year *y = &rows[i * (size_t)(T + 1) + (size_t)t];
            city_add(&cs, y->explicit_debt + y->hidden_debt, y->cfr,
                     y->m[DR_M_BROAD] > p->warning);
        }
        size_t above = cs.above;
        double city = city_ratio(&cs);
        /* As for counties: the base year alone, then projected years. */
        city_breached =
            t <= 1 ? city > p->warning : city_breached || city > p->warning;
        dr_stat_point(&res->city[t], city, p->warning, city_breached);
        res->city_expected[t] = (double)above;
        double *counts = res->city_counts + (size_t)t * (n + 1);
        memset(counts, 0, (n + 1) * sizeof *counts);
        counts[above] = 1.0;
    }
}

/* ---- Monte Carlo ------------------------------------------------------ */

/* Key of the common stream of a path (factors F and the rate shock nu). */
#define COMMON_KEY 0x636f6d6d6f6e0001ULL

/* Paths simulated between two looks at the stop flag and the progress. */
#define CHUNK_PATHS 4096

typedef struct mc {
    const dr_plan *plan;
    const dr_params *p;
    const dr_mc_opts *o;
    long T;
    size_t n;
    dr_tally tally;
    uint64_t *ckey; /* per county */
    uint64_t *pkey; /* per active project */
    double *plog;   /* per active project: mu, sigma of cost, then yield */
    dr_state *base; /* per county: the state at t = 0 */
    dr_year *base_row;
    dr_mixer mixer;
    long chunk;
    long first, count; /* this rank's block of paths */
    /* Per path of the chunk, year by year, the paths of a year side by
     * side (a group of lanes reads consecutive slots): */
    double *F;      /* [((t-1)*DR_NVAR + k)*chunk + slot] */
    double *ur;     /* [(t-1)*chunk + slot] */
    uint32_t *by;   /* bootstrap: [(t-1)*chunk + slot], the year drawn */
    city_sum *part; /* [(thread*T + t-1)*chunk + slot]: each thread's
                       share of the city totals of the chunk's paths */
    /* The city of a year on the chunk's paths, [slot]: its ratio, flags
     * (as dr_acc_add_n's), breach so far and counties above. */
    double *cval;
    unsigned char *cflag, *cbr;
    uint32_t *cabove;
    int threads;
    /* 1: the shocks drawn in the lanes of the vector generator (vrng.h),
     * which writes GSL's taus2 states and reads its ziggurat; Student-t
     * shocks (gsl_ran_tdist) are GSL's alone */
    int vector;
} mc;

static void mc_free(mc *m)
{
    dr_tally_free(&m->tally);
    free(m->ckey);
    free(m->pkey);
    free(m->plog);
    free(m->base);
    free(m->base_row);
    free(m->F);
    free(m->ur);
    free(m->by);
    free(m->part);
    free(m->cval);
    free(m->cflag);
    free(m->cbr);
    free(m->cabove);
}

static dr_status mc_alloc(mc *m, const dr_plan *plan, const dr_mc_opts *o)
{
    const dr_params *p = plan->params;
    size_t n = plan->n, T = (size_t)plan->years;
    int threads = o->threads > 0 ? o->threads : 1;
    *m = (mc){.plan = plan,
              .p = p,
              .o = o,
              .T = plan->years,
              .n = n,
              .threads = threads};
    dr_engine_block(p->paths, &m->first, &m->count);
    long chunk = CHUNK_PATHS;
    if (chunk > m->count)
        chunk = m->count > 0 ? m->count : 1;
    m->chunk = chunk;
    size_t C = (size_t)chunk;
    dr_status st = dr_tally_init(&m->tally, n, plan->years);
    if (st == DR_OK && o->real)
        st = dr_tally_track(&m->tally, o->real);
    m->ckey = malloc(n * sizeof *m->ckey);
    m->pkey = malloc((plan->nproj + 1) * sizeof *m->pkey);
    m->plog = malloc((plan->nproj + 1) * 4 * sizeof *m->plog);
    m->base = malloc(n * sizeof *m->base);
    m->base_row = malloc(n * sizeof *m->base_row);
    m->F = malloc(C * T * DR_NVAR * sizeof *m->F);
    m->ur = malloc(C * T * sizeof *m->ur);
    if (plan->boot)
        m->by = malloc(C * T * sizeof *m->by);
    m->part = calloc((size_t)threads * C * T, sizeof *m->part);
    m->cval = malloc(C * sizeof *m->cval);
    m->cflag = malloc(C);
    m->cbr = malloc(C);
    m->cabove = malloc(C * sizeof *m->cabove);
    if (st != DR_OK || !m->ckey || !m->pkey || !m->plog || !m->base ||
        !m->base_row || !m->F || !m->ur || !m->part || !m->cval || !m->cflag ||
        !m->cbr || !m->cabove || (plan->boot && !m->by)) {
        mc_free(m);
        return DR_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        m->ckey[i] = dr_rng_key("county", plan->fiscal->county[i].id);
        dr_model_init(&plan->cm[i], &m->base[i], &m->base_row[i]);
    }
    for (size_t k = 0; k < plan->nproj; k++) {
        const dr_project *pr = plan->proj[k];
        m->pkey[k] = dr_rng_key("project", pr->id);
        /* the lognormals' parameters, once rather than on every path */
        dr_lognormal_params(1.0 + pr->overrun_mean, pr->overrun_sd,
                            &m->plog[4 * k], &m->plog[4 * k + 1]);
        dr_lognormal_params(1.0, pr->revenue_sd, &m->plog[4 * k + 2],
                            &m->plog[4 * k + 3]);
    }
    dr_mixer_init(&m->mixer, p);
    dr_vrng probe;
    m->vector = !o->scalar && p->family != DR_FAMILY_STUDENT_T &&
                dr_vrng_init(&probe, o->isa) == DR_OK;
    return DR_OK;
}

/* The common factors and the national rate path of one path; with
 * bootstrap shocks, also the historical year each projected year takes,
 * from the same common stream, so every county of the path (and every
 * scenario of a batch) takes the same years. */
static void common_path(mc *m, gsl_rng *r, long path, size_t slot)
{
    const dr_params *p = m->p;
    const dr_bootstrap *b = m->plan->boot;
    size_t C = (size_t)m->chunk;
    dr_rng_stream(r, p->seed, (uint64_t)path, COMMON_KEY);
    double u = 0.0;
    uint32_t year = 0;
    for (size_t t = 0; t < (size_t)m->T; t++) {
        double F[DR_NVAR];
        for (int k = 0; k < DR_NVAR; k++) {
            F[k] = dr_rng_shock(r, p);
            m->F[(t * DR_NVAR + (size_t)k) * C + slot] = F[k];
        }
        double nu = dr_rng_shock(r, p);
        u = dr_model_rate_state(p, u, dr_model_rate_shock(p, F[DR_VG], nu));
        m->ur[t * C + slot] = u;
        if (!b)
            continue;
        /* a block of b->block consecutive years, then the next */
        if (t % b->block == 0)
            year =
                (uint32_t)
                    b->start[gsl_rng_uniform_int(r, (unsigned long)b->nstarts)];
        else
            year++;
        m->by[t * C + slot] = year;
    }
}

/* One project's draws on one path: always three numbers, so a project's
 * stream is used the same way whatever its parameters. lg: the mu and
 * sigma of its cost's lognormal, then its yield's. */
static void project_draw(const dr_project *pr, const double lg[4], gsl_rng *r,
                         dr_projdraw *d)
{
    double u = gsl_rng_uniform(r);
    double zc = gsl_ran_gaussian_ziggurat(r, 1.0);
    double zy = gsl_ran_gaussian_ziggurat(r, 1.0);
    d->fail = u < pr->fail_prob ? 1.0 : 0.0;
    d->cost = 1.0 + pr->overrun_mean;
    if (pr->overrun_sd > 0.0)
        d->cost = exp(lg[0] + lg[1] * zc);
    d->yield = 1.0;
    if (pr->revenue_sd > 0.0)
        d->yield = exp(lg[2] + lg[3] * zy);
}

/* A county's measures over a batch of paths, series by series, so that
 * each accumulator then takes its values in one pass: updating forty
 * accumulators in turn, year after year, path after path, spends most of
 * its time waiting for memory. */
#define BATCH 256

typedef struct vbuf {
    double *val;         /* [series][BATCH], series = (t-1)*4 + measure */
    unsigned char *flag; /* same: bit 0 above, bit 1 breached */
    int n;               /* paths in the batch */
} vbuf;

/* Feeds the batch to county i's accumulators; 0, or -1 when one of them
 * could not grow (out of memory). */
static int flush(mc *m, size_t i, vbuf *b)
{
    int failed = 0;
    for (long t = 1; t <= m->T; t++)
        for (int q = 0; q < DR_NMEASURES; q++) {
            size_t k = (size_t)(t - 1) * DR_NMEASURES + (size_t)q;
            const double *v = b->val + k * BATCH;
            const unsigned char *f = b->flag + k * BATCH;
            failed |= dr_acc_add_n(dr_tally_acc(&m->tally, i, t, q), v, f,
                                   (size_t)b->n) != DR_OK;
        }
    b->n = 0;
    return failed ? -1 : 0;
}

/* One thread's working memory. The shocks of a county on up to L =
 * DR_VRNG_LANES consecutive paths are drawn first, all years at once, then
 * the paths run one by one on them. */
#define L DR_VRNG_LANES

_Static_assert(DR_VRNG_LANES == DR_LANES,
               "a lane of the generator is a lane of the model's step");

typedef struct worker {
    dr_vrng v;              /* the vector path's generator */
    int vector;             /* 1: draw with v, else with r */
    dr_model_lanes_fn step; /* NULL: every path alone (the scalar path) */
    gsl_rng *r;             /* the projects' draws, and the scalar path */
    dr_projdraw *draws;     /* the county's projects: [lane*nproj + k] */
    vbuf vb;
    double *eta; /* [((t-1)*DR_NVAR + k)*L + lane]: idiosyncratic shocks */
    double *u;   /* [(t-1)*L + lane]: the uniform of the contingent call */
} worker;

/* The shocks of county i on paths p0 .. p0+nl-1 (nl <= L), lane l for path
 * p0+l, from each path's county stream: each year DR_NVAR shocks (none
 * with bootstrap shocks: they come from the history) and one uniform. */
static void county_draws(mc *m, worker *w, size_t i, long p0, int nl)
{
    const dr_params *p = m->p;
    size_t T = (size_t)m->T;
    int eta = !m->plan->boot;
    if (w->vector) {
        dr_vrng_seed_n(&w->v, nl, p->seed, (uint64_t)p0, m->ckey[i]);
        uint32_t lanes = dr_vrng_first(nl);
        for (size_t t = 0; t < T; t++) {
            if (eta)
                dr_vrng_gauss_n(&w->v, lanes, DR_NVAR,
                                w->eta + t * DR_NVAR * L);
            dr_vrng_uniform(&w->v, lanes, w->u + t * L);
        }
        return;
    }
    for (int l = 0; l < nl; l++) {
        dr_rng_stream(w->r, p->seed, (uint64_t)(p0 + l), m->ckey[i]);
        for (size_t t = 0; t < T; t++) {
            for (int k = 0; eta && k < DR_NVAR; k++)
                w->eta[(t * DR_NVAR + (size_t)k) * L + (size_t)l] =
                    dr_rng_shock(w->r, p);
            w->u[t * L + (size_t)l] = gsl_rng_uniform(w->r);
        }
    }
}

/* common_path on the nl (<= L) paths from p0 (slots slot0..), their
 * streams in the lanes of the vector generator: the same numbers. Normal
 * shocks without bootstrap only (the bootstrap's gsl_rng_uniform_int and
 * Student-t's draws are GSL's own). */
static void common_lanes(mc *m, worker *w, long p0, size_t slot0, int nl)
{
    const dr_params *p = m->p;
    size_t C = (size_t)m->chunk;
    dr_vrng_seed_n(&w->v, nl, p->seed, (uint64_t)p0, COMMON_KEY);
    uint32_t lanes = dr_vrng_first(nl);
    double u[L] = {0};
    for (size_t t = 0; t < (size_t)m->T; t++) {
        double F[DR_NVAR][L], nu[L];
        dr_vrng_gauss_n(&w->v, lanes, DR_NVAR, &F[0][0]);
        dr_vrng_gauss(&w->v, lanes, nu);
        for (int k = 0; k < DR_NVAR; k++)
            memcpy(&m->F[(t * DR_NVAR + (size_t)k) * C + slot0], F[k],
                   (size_t)nl * sizeof F[k][0]);
        for (int l = 0; l < nl; l++) {
            u[l] = dr_model_rate_state(
                p, u[l], dr_model_rate_shock(p, F[DR_VG][l], nu[l]));
            m->ur[t * C + slot0 + (size_t)l] = u[l];
        }
    }
}

/* The year's shocks of county i on the path of `lane`. */
static void county_shock(const mc *m, const worker *w, size_t i, int lane,
                         size_t slot, long t, dr_shock *sh)
{
    const dr_plan *plan = m->plan;
    size_t C = (size_t)m->chunk, at = (size_t)(t - 1);
    if (plan->boot) {
        /* MODEL.md section 12: the historical year's innovations, no
         * mixing */
        size_t y = m->by[at * C + slot];
        memcpy(sh->z, dr_bootstrap_z(plan->boot, y, i), sizeof sh->z);
    } else {
        double eta[DR_NVAR], F[DR_NVAR];
        for (int k = 0; k < DR_NVAR; k++) {
            eta[k] = w->eta[(at * DR_NVAR + (size_t)k) * L + (size_t)lane];
            F[k] = m->F[(at * DR_NVAR + (size_t)k) * C + slot];
        }
        dr_model_mix(&m->mixer, F, eta, sh->z);
    }
    sh->ur = m->ur[at * C + slot];
    sh->call = w->u[at * L + (size_t)lane] < plan->cm[i].tp->contingent_prob
                   ? 1.0
                   : 0.0;
}

/* County i on path `path` (slot in the chunk), its shocks drawn in `lane`:
 * all its years, into the batch buffer and the thread's share of the city
 * totals. Returns 0, or -1 when an accumulator could not grow. */
static int county_path(mc *m, worker *w, size_t i, long path, size_t slot,
                       int lane, int thread)
{
    const dr_plan *plan = m->plan;
    const dr_params *p = m->p;
    const dr_county_model *cm = &plan->cm[i];
    size_t k0 = plan->proj_start[i], k1 = plan->proj_start[i + 1];
    dr_projdraw *draws = w->draws;
    vbuf *vb = &w->vb;
    long T = m->T;
    int failed = 0;
    for (size_t k = k0; k < k1; k++) {
        dr_rng_stream(w->r, p->seed, (uint64_t)path, m->pkey[k]);
        project_draw(plan->proj[k], &m->plog[4 * k], w->r, &draws[k - k0]);
    }
    dr_state s[2];
    s[0] = m->base[i];
    int breached[DR_NMEASURES] = {0};
    double lines[DR_NMEASURES];
    for (int q = 0; q < DR_NMEASURES; q++)
        lines[q] = dr_measure_line(p, q);
    for (long t = 1; t <= T; t++) {
        dr_shock sh;
        county_shock(m, w, i, lane, slot, t, &sh);
        dr_projflow pf = {0};
        for (size_t k = k0; k < k1; k++)
            dr_model_project_flows(plan->proj[k], &draws[k - k0],
                                   p->base_year + t, &pf);
        const dr_yearadj *adj = plan->adj[i] ? &plan->adj[i][t - 1] : NULL;
        dr_year y;
        dr_model_step(p, cm, t, &s[(t - 1) & 1], &sh, adj, &pf, &s[t & 1], &y);
        for (int q = 0; q < DR_NMEASURES; q++) {
            int above = y.m[q] > lines[q];
            breached[q] |= above;
            size_t at = ((size_t)(t - 1) * DR_NMEASURES + (size_t)q) * BATCH +
                        (size_t)vb->n;
            vb->val[at] = y.m[q];
            vb->flag[at] = (unsigned char)(above | breached[q] << 1);
        }
        dr_tally_grade(&m->tally, i, t, dr_grade(p->grades, y.m[DR_M_BROAD]));
        if (m->tally.tacc) {
            const double x[DR_NTRACK] = {y.gdp,       y.own_revenue,
                                         y.transfers, y.land_revenue,
                                         y.cfr,       y.m[DR_M_BROAD]};
            for (int v = 0; v < DR_NTRACK; v++)
                failed |= dr_tally_tracked(&m->tally, i, t, v, x[v]) != DR_OK;
        }
        city_add(&m->part[((size_t)thread * (size_t)T + (size_t)(t - 1)) *
                              (size_t)m->chunk +
                          slot],
                 y.explicit_debt + y.hidden_debt, y.cfr,
                 y.m[DR_M_BROAD] > p->warning);
    }
    int mine = breached[DR_M_BROAD];
    if (m->o->breach)
        m->o->breach[(size_t)(path - m->first) * (m->n + 1) + i] =
            (unsigned char)mine;
    if (m->o->baseline)
        dr_tally_pair(
            &m->tally, i, mine,
            m->o->baseline[(size_t)(path - m->first) * (m->n + 1) + i]);
    if (++vb->n == BATCH)
        failed |= flush(m, i, vb);
    return failed ? -1 : 0;
}

/* The projects' draws of county i on the paths of lanes 0 .. nl-1 from
 * p0, each from its own stream: [lane*nproj + k]. */
static void lanes_projects(mc *m, worker *w, size_t i, long p0, int nl)
{
    const dr_plan *plan = m->plan;
    size_t k0 = plan->proj_start[i], np = plan->proj_start[i + 1] - k0;
    for (int l = 0; l < nl; l++)
        for (size_t k = k0; k < k0 + np; k++) {
            dr_rng_stream(w->r, m->p->seed, (uint64_t)(p0 + l), m->pkey[k]);
            project_draw(plan->proj[k], &m->plog[4 * k], w->r,
                         &w->draws[(size_t)l * np + (k - k0)]);
        }
}

/* The year's shocks of county i on the paths of the lanes (slot0 + l in
 * the chunk); lanes nl .. L-1 take lane 0's. */
static void lanes_shock(const mc *m, const worker *w, size_t i, size_t slot0,
                        int nl, long t, dr_shock_lanes *sh)
{
    const dr_plan *plan = m->plan;
    size_t C = (size_t)m->chunk, at = (size_t)(t - 1);
    size_t slot[L];
    for (int l = 0; l < L; l++)
        slot[l] = slot0 + (size_t)(l < nl ? l : 0);
    if (plan->boot) {
        for (int l = 0; l < L; l++) {
            const double *z =
                dr_bootstrap_z(plan->boot, m->by[at * C + slot[l]], i);
            for (int k = 0; k < DR_NVAR; k++)
                sh->z[k][l] = z[k];
        }
    } else {
        double F[DR_NVAR][L];
        for (int k = 0; k < DR_NVAR; k++) {
            const double *f = &m->F[(at * DR_NVAR + (size_t)k) * C];
            if (nl == L)
                memcpy(F[k], f + slot0, sizeof F[k]);
            else
                for (int l = 0; l < L; l++)
                    F[k][l] = f[slot[l]];
        }
        dr_model_mix_lanes(&m->mixer, F,
                           (const double(*)[L])(w->eta + at * DR_NVAR * L),
                           sh->z);
    }
    double pc = plan->cm[i].tp->contingent_prob;
    if (nl == L)
        memcpy(sh->ur, &m->ur[at * C + slot0], sizeof sh->ur);
    for (int l = 0; l < L; l++) {
        if (nl < L)
            sh->ur[l] = m->ur[at * C + slot[l]];
        sh->call[l] = w->u[at * L + slot[l] - slot0] < pc ? 1.0 : 0.0;
    }
}

/* The flows in calendar year `year` of county i's projects on each lane's
 * draws; lanes nl .. L-1 take lane 0's. */
static void lanes_flows(const mc *m, const worker *w, size_t i, int nl,
                        long year, dr_projflow_lanes *pf)
{
    const dr_plan *plan = m->plan;
    size_t k0 = plan->proj_start[i], np = plan->proj_start[i + 1] - k0;
    for (int l = 0; l < L; l++) {
        dr_projflow f = {0};
        const dr_projdraw *d = &w->draws[(size_t)(l < nl ? l : 0) * np];
        for (size_t k = 0; k < np; k++)
            dr_model_project_flows(plan->proj[k0 + k], &d[k], year, &f);
        pf->pe[l] = f.pe;
        pf->ph[l] = f.ph;
        pf->pb[l] = f.pb;
        pf->pr[l] = f.pr;
    }
}

/* County i on the nl (<= L) paths from p0 (slots slot0.. of the chunk),
 * every year of them stepped together, their shocks drawn in the lanes:
 * what county_path does for one path. */
static int county_lanes(mc *m, worker *w, size_t i, long p0, size_t slot0,
                        int nl, int thread)
{
    const dr_plan *plan = m->plan;
    const dr_params *p = m->p;
    const dr_county_model *cm = &plan->cm[i];
    int projects = plan->proj_start[i + 1] > plan->proj_start[i];
    vbuf *vb = &w->vb;
    size_t T = (size_t)m->T;
    int failed = 0;
    if (projects)
        lanes_projects(m, w, i, p0, nl);
    double lines[DR_NMEASURES];
    for (int q = 0; q < DR_NMEASURES; q++)
        lines[q] = dr_measure_line(p, q);
    unsigned char breached[DR_NMEASURES][L] = {{0}};
    dr_state_lanes s[2];
    dr_state_lanes_fill(&s[0], &m->base[i]);
    for (long t = 1; t <= m->T; t++) {
        size_t at = (size_t)(t - 1);
        dr_shock_lanes sh;
        dr_projflow_lanes pf;
        dr_year_lanes y;
        lanes_shock(m, w, i, slot0, nl, t, &sh);
        if (projects)
            lanes_flows(m, w, i, nl, p->base_year + t, &pf);
        const dr_yearadj *adj = plan->adj[i] ? &plan->adj[i][at] : NULL;
        w->step(p, cm, t, &s[(t - 1) & 1], &sh, adj, projects ? &pf : NULL,
                &s[t & 1], &y);
        /* every lane, used or not: the buffer has room for L more, and
         * a loop of a fixed count compiles without a branch */
        for (int q = 0; q < DR_NMEASURES; q++) {
            size_t k = (at * DR_NMEASURES + (size_t)q) * BATCH + (size_t)vb->n;
            for (int l = 0; l < L; l++) {
                unsigned char above = y.m[q][l] > lines[q];
                breached[q][l] |= above;
                vb->val[k + (size_t)l] = y.m[q][l];
                vb->flag[k + (size_t)l] =
                    (unsigned char)(above | breached[q][l] << 1);
            }
        }
        city_sum *part =
            &m->part[((size_t)thread * T + at) * (size_t)m->chunk + slot0];
        for (int l = 0; l < nl; l++)
            city_add(&part[l], y.explicit_debt[l] + y.hidden_debt[l], y.cfr[l],
                     y.m[DR_M_BROAD][l] > p->warning);
        /* grades by counting the lanes not below each grade line */
        uint64_t up[3] = {0, 0, 0};
        for (int l = 0; l < nl; l++)
            for (int g = 0; g < 3; g++)
                up[g] += !(y.m[DR_M_BROAD][l] < p->grades[g]);
        dr_tally_grade_n(&m->tally, i, t, DR_GREEN, (uint64_t)nl - up[0]);
        dr_tally_grade_n(&m->tally, i, t, DR_YELLOW, up[0] - up[1]);
        dr_tally_grade_n(&m->tally, i, t, DR_ORANGE, up[1] - up[2]);
        dr_tally_grade_n(&m->tally, i, t, DR_RED, up[2]);
        if (m->tally.tacc)
            for (int l = 0; l < nl; l++) {
                const double x[DR_NTRACK] = {
                    y.gdp[l],          y.own_revenue[l], y.transfers[l],
                    y.land_revenue[l], y.cfr[l],         y.m[DR_M_BROAD][l]};
                for (int v = 0; v < DR_NTRACK; v++)
                    failed |=
                        dr_tally_tracked(&m->tally, i, t, v, x[v]) != DR_OK;
            }
    }
    for (int l = 0; l < nl; l++) {
        int mine = breached[DR_M_BROAD][l];
        size_t at = (size_t)(p0 + l - m->first) * (m->n + 1) + i;
        if (m->o->breach)
            m->o->breach[at] = (unsigned char)mine;
        if (m->o->baseline)
            dr_tally_pair(&m->tally, i, mine, m->o->baseline[at]);
    }
    vb->n += nl;
    if (vb->n > BATCH - L)
        failed |= flush(m, i, vb);
    return failed ? -1 : 0;
}

/* The city on the chunk's np paths, year by year, from every thread's
 * exact partial sums: the same ratio whatever thread computed which
 * county. Returns 0, or -1 when an accumulator could not grow. */
static int city_chunk(mc *m, long c0, long np)
{
    size_t n = m->n, T = (size_t)m->T, C = (size_t)m->chunk, N = (size_t)np;
    int failed = 0;
    memset(m->cbr, 0, N);
    for (size_t t = 1; t <= T; t++) {
        for (size_t q = 0; q < N; q++) {
            city_sum cs = {0};
            for (int th = 0; th < m->threads; th++) {
                city_sum *part = &m->part[((size_t)th * T + t - 1) * C + q];
                city_merge(&cs, part);
                *part = (city_sum){0}; /* ready for the next chunk */
            }
            double v = city_ratio(&cs);
            unsigned char above = v > m->p->warning;
            m->cbr[q] |= above;
            m->cval[q] = v;
            m->cflag[q] = (unsigned char)(above | m->cbr[q] << 1);
            m->cabove[q] = cs.above;
        }
        failed |= dr_tally_city_n(&m->tally, (long)t, m->cval, m->cflag,
                                  m->cabove, N) != DR_OK;
    }
    for (size_t q = 0; q < N; q++) {
        size_t at = ((size_t)(c0 - m->first) + q) * (n + 1) + n;
        if (m->o->breach)
            m->o->breach[at] = m->cbr[q];
        if (m->o->baseline)
            dr_tally_pair(&m->tally, n, m->cbr[q], m->o->baseline[at]);
    }
    return failed ? -1 : 0;
}

static size_t max_projects(const dr_plan *plan)
{
    size_t most = 0;
    for (size_t i = 0; i < plan->n; i++)
        if (plan->proj_start[i + 1] - plan->proj_start[i] > most)
            most = plan->proj_start[i + 1] - plan->proj_start[i];
    return most;
}

static void worker_free(worker *w)
{
    free(w->draws);
    free(w->vb.val);
    free(w->vb.flag);
    free(w->eta);
    free(w->u);
    if (w->r)
        gsl_rng_free(w->r);
}

/* A thread's working memory; 0 when out of memory (w then safe to free). */
static int worker_init(worker *w, const mc *m)
{
    const dr_mc_opts *o = m->o;
    size_t T = (size_t)m->T, nv = T * DR_NMEASURES * BATCH;
    *w = (worker){0};
    w->vector = m->vector && dr_vrng_init(&w->v, o->isa) == DR_OK;
    if (!o->scalar) {
        w->step = NULL;
        if (o->isa == DR_VRNG_AUTO)
            w->step = dr_model_step_lanes(DR_MODEL_AVX512);
        if (!w->step && (o->isa == DR_VRNG_AUTO || o->isa == DR_VRNG_AVX2))
            w->step = dr_model_step_lanes(DR_MODEL_AVX2);
        if (!w->step)
            w->step = dr_model_step_lanes(DR_MODEL_BASE);
    }
    w->r = gsl_rng_alloc(gsl_rng_taus2);
    w->draws = malloc((max_projects(m->plan) * L + 1) * sizeof *w->draws);
    w->vb.val = malloc(nv * sizeof *w->vb.val);
    w->vb.flag = malloc(nv);
    /* zeros in the lanes a last short group does not draw */
    w->eta = calloc(T * DR_NVAR * L, sizeof *w->eta);
    w->u = calloc(T * L, sizeof *w->u);
    return w->vector == m->vector && w->r && w->draws && w->vb.val &&
           w->vb.flag && w->eta && w->u;
}

/* County i on the chunk's np paths from c0: L paths' shocks at a time. */
static int county_chunk(mc *m, worker *w, size_t i, long c0, long np, int me)
{
    const dr_mc_opts *o = m->o;
    int bad = 0;
    for (long q = 0; q < np && !(o->stop && *o->stop); q += L) {
        int nl = np - q < L ? (int)(np - q) : L;
        county_draws(m, w, i, c0 + q, nl);
        if (w->step)
            bad |= county_lanes(m, w, i, c0 + q, (size_t)q, nl, me);
        else
            for (int l = 0; l < nl; l++)
                bad |= county_path(m, w, i, c0 + q + l, (size_t)(q + l), l, me);
    }
    return bad | flush(m, i, &w->vb);
}

/* Paths c0 .. c0+np-1: the common draws and the counties on the threads,
 * then the city, which needs every county, on this one. 0, 1 when out of
 * memory. */
static int run_chunk(mc *m, long c0, long np)
{
    const dr_mc_opts *o = m->o;
    int failed = 0;
#pragma omp parallel num_threads(m->threads)
    {
        worker w;
        int ok = worker_init(&w, m), bad = !ok;
        int me = omp_get_thread_num();
        if (m->vector && !m->plan->boot) { /* the same on every thread */
#pragma omp for schedule(static)
            for (long q = 0; q < np; q += L)
                if (ok)
                    common_lanes(m, &w, c0 + q, (size_t)q,
                                 np - q < L ? (int)(np - q) : L);
        } else {
#pragma omp for schedule(static)
            for (long q = 0; q < np; q++)
                if (ok)
                    common_path(m, w.r, c0 + q, (size_t)q);
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i < m->n; i++) {
            /* A stop is honoured within a chunk too, and within a county:
             * a chunk of a national run takes seconds, and one county of a
             * long run with many projects can take more than one. The
             * partial sums left are not used. */
            if (ok && !(o->stop && *o->stop))
                bad |= county_chunk(m, &w, i, c0, np, me);
        }
        if (bad) {
#pragma omp atomic write
            failed = 1;
        }
        worker_free(&w);
    }
    if (!failed)
        failed = city_chunk(m, c0, np) != 0;
    m->tally.paths += (uint64_t)np;
    return failed;
}

void dr_engine_block(long paths, long *first, long *count)
{
    long long K = dr_par_size(), r = dr_par_rank();
    *first = (long)(paths * r / K);
    *count = (long)(paths * (r + 1) / K) - *first;
}

/* This rank's block, chunk by chunk. Progress is rank 0's alone, its share
 * done taken for the whole's. */
static int run_chunks(mc *m)
{
    const dr_mc_opts *o = m->o;
    long N = m->p->paths, end = m->first + m->count;
    for (long c0 = m->first; c0 < end; c0 += m->chunk) {
        long np = end - c0 < m->chunk ? end - c0 : m->chunk;
        if (o->stop && *o->stop)
            return -1;
        if (run_chunk(m, c0, np))
            return 1;
        if (o->stop && *o->stop)
            return -1;
        if (o->progress && dr_par_rank() == 0)
            o->progress(o->ctx,
                        (long)((long long)(c0 + np - m->first) * N / m->count),
                        N);
    }
    return 0;
}

/* Rank 0 takes rank r's tally into its own (its own first: nothing). */
static dr_status take_tally(void *ctx, int rank, const void *b, size_t n,
                            dr_error *err)
{
    mc *m = ctx;
    if (rank == 0)
        return DR_OK;
    dr_tally t;
    dr_status st = dr_tally_unpack(&t, b, n);
    if (st == DR_OK &&
        (t.n != m->n || t.T != m->T || !t.tacc != !m->tally.tacc))
        st = DR_EIO;
    if (st == DR_OK)
        st = dr_tally_merge(&m->tally, &t);
    dr_tally_free(&t);
    if (st == DR_ENOMEM)
        return dr_error_set(err, st, NULL, 0, 0,
                            "out of memory merging the tallies of the ranks");
    if (st != DR_OK)
        return dr_error_set(err, st, NULL, 0, 0,
                            "rank %d sent a tally not of this run", rank);
    return DR_OK;
}

/* The tallies of every rank merged in rank order on rank 0, and the
 * merged tally then on every rank: solve, batch and sensitivity go on from
 * the results on all of them. The same status on every rank. */
static dr_status merge_ranks(mc *m, dr_error *err)
{
    if (dr_par_size() == 1)
        return DR_OK;
    unsigned char *b = NULL;
    size_t n = 0;
    dr_status st = DR_OK;
    if (dr_tally_pack(&m->tally, &b, &n) != DR_OK)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (m->o->sent)
        *m->o->sent = n;
    if ((st = dr_par_agree(st, err)) == DR_OK)
        st = dr_par_gather(b, n, take_tally, m, err);
    free(b);
    b = NULL;
    if (st == DR_OK && dr_par_rank() == 0 &&
        dr_tally_pack(&m->tally, &b, &n) != DR_OK)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (st != DR_OK || (st = dr_par_share(st, err)) != DR_OK ||
        (st = dr_par_bcast_buf((char **)&b, &n, err)) != DR_OK) {
        free(b);
        return st;
    }
    if (dr_par_rank() != 0) {
        dr_tally t;
        if ((st = dr_tally_unpack(&t, b, n)) == DR_OK) {
            dr_tally_free(&m->tally);
            m->tally = t;
        } else {
            st =
                dr_error_set(err, st, NULL, 0, 0,
                             st == DR_ENOMEM ? "out of memory"
                                             : "rank 0 sent a malformed tally");
        }
    }
    free(b);
    return dr_par_agree(st, err);
}

/* The base year: the data, every path alike. */
static void base_results(mc *m, dr_results *res)
{
    const dr_params *p = m->p;
    size_t n = m->n;
    for (size_t i = 0; i < n; i++) {
        const dr_year *b = &m->base_row[i];
        for (int q = 0; q < DR_NMEASURES; q++)
            dr_stat_point(dr_results_stat(res, i, 0, q), b->m[q],
                          dr_measure_line(p, q),
                          b->m[q] > dr_measure_line(p, q));
        double *g0 = dr_results_grades(res, i, 0);
        memset(g0, 0, DR_NGRADES * sizeof *g0);
        g0[dr_grade(p->grades, b->m[DR_M_BROAD])] = 1.0;
    }
    city_sum cs = {0};
    for (size_t i = 0; i < n; i++)
        city_add(&cs, m->base_row[i].explicit_debt + m->base_row[i].hidden_debt,
                 m->base_row[i].cfr, m->base_row[i].m[DR_M_BROAD] > p->warning);
    double city0 = city_ratio(&cs);
    dr_stat_point(&res->city[0], city0, p->warning, city0 > p->warning);
    res->city_expected[0] = (double)cs.above;
    memset(res->city_counts, 0, (n + 1) * sizeof *res->city_counts);
    res->city_counts[cs.above] = 1.0;
}

dr_status dr_engine_monte_carlo(const dr_plan *plan, const dr_mc_opts *o,
                                dr_results *res, dr_error *err)
{
    mc m;
    dr_status st = DR_OK;
    double t0 = omp_get_wtime();
    int alloced = mc_alloc(&m, plan, o) == DR_OK;
    int rc = alloced ? run_chunks(&m) : 1;
    if (o->busy)
        *o->busy = omp_get_wtime() - t0;
    if (!alloced)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                          "out of memory for %zu counties", plan->n);
    else if (rc < 0)
        st = dr_error_set(err, DR_EINTR, NULL, 0, 0, "interrupted");
    else if (rc > 0)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    /* Under mpirun: a rank stopped or out of memory stops them all before
     * the merge, which every rank must reach. */
    if ((st = dr_par_agree(st, err)) == DR_OK)
        st = merge_ranks(&m, err);
    if (st == DR_OK) {
        base_results(&m, res);
        dr_tally_result(&m.tally, res);
    }
    if (alloced)
        mc_free(&m);
    return st;
}
