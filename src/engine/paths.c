/* A county on a chunk's paths (mc.h): its shocks, its years and its
 * accumulators, one path at a time (the scalar path, every number through
 * GSL, dr_model_step) or DR_LANES paths at once (the vector generator and
 * dr_model_step_lanes), the same bytes either way. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mc.h"
#include "engine/rng.h"
#include "model/mexp.h"

/* The common factors and the national rate path of one path; with
 * bootstrap shocks, also the historical year each projected year takes,
 * from the same common stream, so every county of the path (and every
 * scenario of a batch) takes the same years. */
void dr_mc_common_path(mc *m, gsl_rng *r, long path, size_t slot)
{
    const dr_params *p = m->p;
    const dr_bootstrap *b = m->plan->boot;
    dr_rng_stream(r, p->seed, (uint64_t)path, COMMON_KEY);
    double u = 0.0;
    uint32_t year = 0;
    for (size_t t = 0; t < (size_t)m->T; t++) {
        double F[DR_NVAR];
        for (int k = 0; k < DR_NVAR; k++) {
            F[k] = dr_rng_shock(r, p);
            m->F[mc_at(m, slot, t, (size_t)k)] = F[k];
        }
        double nu = dr_rng_shock(r, p);
        u = dr_model_rate_state(p, u, dr_model_rate_shock(p, F[DR_VG], nu));
        m->ur[mc_yat(m, slot, t)] = u;
        if (!b)
            continue;
        /* a block of b->block consecutive years, then the next */
        if (t % b->block == 0)
            year =
                (uint32_t)
                    b->start[gsl_rng_uniform_int(r, (unsigned long)b->nstarts)];
        else
            year++;
        m->by[mc_yat(m, slot, t)] = year;
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
        d->cost = dr_model_exp(lg[0] + lg[1] * zc);
    d->yield = 1.0;
    if (pr->revenue_sd > 0.0)
        d->yield = dr_model_exp(lg[2] + lg[3] * zy);
}

/* project_draw on every lane from each lane's three numbers u, zc, zy:
 * the same arithmetic, the exponentials eight at a time. */
static void project_draw_lanes(const dr_project *pr, const double lg[4],
                               const double *u, const double *zc,
                               const double *zy, dr_projdraw_lanes *d)
{
    double xc[DR_LANES], xy[DR_LANES];
    for (int l = 0; l < DR_LANES; l++) {
        d->fail[l] = u[l] < pr->fail_prob ? 1.0 : 0.0;
        xc[l] = lg[0] + lg[1] * zc[l];
        xy[l] = lg[2] + lg[3] * zy[l];
        d->cost[l] = 1.0 + pr->overrun_mean;
        d->yield[l] = 1.0;
    }
    if (pr->overrun_sd > 0.0)
        dr_model_exp_lanes(xc, d->cost);
    if (pr->revenue_sd > 0.0)
        dr_model_exp_lanes(xy, d->yield);
}

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
        dr_vrng_rounds(&w->v, dr_vrng_first(nl), (int)T, eta ? DR_NVAR : 0,
                       w->eta, w->u);
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
void dr_mc_common_lanes(mc *m, worker *w, long p0, size_t slot0, int nl)
{
    const dr_params *p = m->p;
    dr_vrng_seed_n(&w->v, nl, p->seed, (uint64_t)p0, COMMON_KEY);
    uint32_t lanes = dr_vrng_first(nl);
    double u[L] = {0};
    for (size_t t = 0; t < (size_t)m->T; t++) {
        double F[DR_NVAR][L], nu[L];
        dr_vrng_gauss_n(&w->v, lanes, DR_NVAR, &F[0][0]);
        dr_vrng_gauss(&w->v, lanes, nu);
        for (int k = 0; k < DR_NVAR; k++)
            memcpy(&m->F[mc_at(m, slot0, t, (size_t)k)], F[k],
                   (size_t)nl * sizeof F[k][0]);
        for (int l = 0; l < nl; l++) {
            u[l] = dr_model_rate_state(
                p, u[l], dr_model_rate_shock(p, F[DR_VG][l], nu[l]));
            m->ur[mc_yat(m, slot0, t) + (size_t)l] = u[l];
        }
    }
}

/* The year's shocks of county i on the path of `lane`. */
static void county_shock(const mc *m, const worker *w, size_t i, int lane,
                         size_t slot, long t, dr_shock *sh)
{
    const dr_plan *plan = m->plan;
    size_t at = (size_t)(t - 1);
    if (plan->boot) {
        /* MODEL.md section 12: the historical year's innovations, no
         * mixing */
        size_t y = m->by[mc_yat(m, slot, at)];
        memcpy(sh->z, dr_bootstrap_z(plan->boot, y, i), sizeof sh->z);
    } else {
        double eta[DR_NVAR], F[DR_NVAR];
        for (int k = 0; k < DR_NVAR; k++) {
            eta[k] = w->eta[(at * DR_NVAR + (size_t)k) * L + (size_t)lane];
            F[k] = m->F[mc_at(m, slot, at, (size_t)k)];
        }
        dr_model_mix(&m->mixer, F, eta, sh->z);
    }
    sh->ur = m->ur[mc_yat(m, slot, at)];
    sh->call = w->u[at * L + (size_t)lane] < plan->cm[i].tp->contingent_prob
                   ? 1.0
                   : 0.0;
}

/* v * 2^32 rounded to an integer as llrint rounds it, for |v| <
 * CITY_SMALL (mc.h): the bits of v * 2^32 + 1.5 * 2^52, less the bits of
 * 1.5 * 2^52. */
static inline __attribute__((always_inline)) int64_t city_small(double v)
{
    double x = v * CITY_SCALE + 0x1.8p52, m = 0x1.8p52;
    int64_t b, bm;
    memcpy(&b, &x, sizeof b);
    memcpy(&bm, &m, sizeof bm);
    return b - bm;
}

/* A county's term of the city (debt, cfr, whether above the line) in
 * thread th's share at k: below CITY_SMALL into the 64-bit sums, any
 * other (and every term when the city has too many counties for them) by
 * city_add. */
static void city_term(mc *m, int th, size_t k, double d, double c, int above)
{
    m->sabove[k] += above;
    if (m->small && fabs(d) < CITY_SMALL && fabs(c) < CITY_SMALL) {
        m->sdebt[k] += city_small(d);
        m->scfr[k] += city_small(c);
    } else {
        city_add(&m->part[k], d, c, 0);
        m->part_used[th] = 1;
    }
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
        city_term(m, thread,
                  (size_t)thread * m->cap * (size_t)T +
                      mc_yat(m, slot, (size_t)(t - 1)),
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
 * p0, each from its own stream, into w->pdraws[k - first project]; lanes
 * nl .. L-1 take lane 0's. */
static void lanes_projects(mc *m, worker *w, size_t i, long p0, int nl)
{
    const dr_plan *plan = m->plan;
    size_t k0 = plan->proj_start[i], k1 = plan->proj_start[i + 1];
    uint64_t seed = m->p->seed;
    for (size_t k = k0; k < k1; k++) {
        double u[L], zc[L], zy[L];
        if (w->vector) {
            uint32_t lanes = dr_vrng_first(nl);
            dr_vrng_seed_n(&w->v, nl, seed, (uint64_t)p0, m->pkey[k]);
            dr_vrng_uniform(&w->v, lanes, u);
            dr_vrng_gauss(&w->v, lanes, zc);
            dr_vrng_gauss(&w->v, lanes, zy);
        } else {
            for (int l = 0; l < nl; l++) {
                dr_rng_stream(w->r, seed, (uint64_t)(p0 + l), m->pkey[k]);
                u[l] = gsl_rng_uniform(w->r);
                zc[l] = gsl_ran_gaussian_ziggurat(w->r, 1.0);
                zy[l] = gsl_ran_gaussian_ziggurat(w->r, 1.0);
            }
        }
        for (int l = nl; l < L; l++) {
            u[l] = u[0];
            zc[l] = zc[0];
            zy[l] = zy[0];
        }
        project_draw_lanes(plan->proj[k], &m->plog[4 * k], u, zc, zy,
                           &w->pdraws[k - k0]);
    }
}

/* The year's shocks of county i on the paths of the lanes (slot0 + l in
 * the chunk); lanes nl .. L-1 take lane 0's. */
static void lanes_shock(const mc *m, const worker *w, size_t i, size_t slot0,
                        int nl, long t, dr_shock_lanes *sh)
{
    const dr_plan *plan = m->plan;
    size_t at = (size_t)(t - 1);
    size_t slot[L];
    for (int l = 0; l < L; l++)
        slot[l] = slot0 + (size_t)(l < nl ? l : 0);
    if (plan->boot) {
        for (int l = 0; l < L; l++) {
            const double *z =
                dr_bootstrap_z(plan->boot, m->by[mc_yat(m, slot[l], at)], i);
            for (int k = 0; k < DR_NVAR; k++)
                sh->z[k][l] = z[k];
        }
    } else {
        /* a whole group's factors of the year are a [DR_NVAR][L] block
         * (mc_at); a part-filled group's are gathered */
        double Fpart[DR_NVAR][L];
        const double(*F)[L] =
            (const double(*)[L])(m->F + mc_at(m, slot0, at, 0));
        if (nl < L) {
            for (int k = 0; k < DR_NVAR; k++)
                for (int l = 0; l < L; l++)
                    Fpart[k][l] = m->F[mc_at(m, slot[l], at, (size_t)k)];
            F = (const double(*)[L])Fpart;
        }
        dr_model_mix_lanes(&m->mixer, F,
                           (const double(*)[L])(w->eta + at * DR_NVAR * L),
                           sh->z);
    }
    double pc = plan->cm[i].tp->contingent_prob;
    if (nl == L)
        memcpy(sh->ur, &m->ur[mc_yat(m, slot0, at)], sizeof sh->ur);
    for (int l = 0; l < L; l++) {
        if (nl < L)
            sh->ur[l] = m->ur[mc_yat(m, slot[l], at)];
        sh->call[l] = w->u[at * L + slot[l] - slot0] < pc ? 1.0 : 0.0;
    }
}

/* The flows in calendar year `year` of county i's projects on each lane's
 * draws. */
static void lanes_flows(const mc *m, const worker *w, size_t i, long year,
                        dr_projflow_lanes *pf)
{
    const dr_plan *plan = m->plan;
    size_t k0 = plan->proj_start[i], k1 = plan->proj_start[i + 1];
    *pf = (dr_projflow_lanes){0};
    for (size_t k = k0; k < k1; k++)
        dr_model_project_flows_lanes(plan->proj[k], &w->pdraws[k - k0], year,
                                     pf);
}

/* A year's bookkeeping on the lanes works on lane masks: bit l for lane
 * l, made by loops the compiler turns into a vector compare and a
 * movemask. */

/* The bits of the lanes of x above `line` (NaN is not). */
static inline __attribute__((always_inline)) uint32_t
lanes_above(const double *x, double line)
{
    uint32_t b = 0;
    for (int l = 0; l < L; l++)
        b |= (uint32_t)(x[l] > line) << l;
    return b;
}

/* Byte l of spread[b] is bit l of b: a mask as one byte a lane. */
static struct {
    uint64_t byte[1u << L];
} spread;

static pthread_once_t spread_once = PTHREAD_ONCE_INIT;

static void spread_make(void)
{
    for (uint32_t b = 0; b < 1u << L; b++) {
        unsigned char x[8] = {0};
        for (int l = 0; l < L; l++)
            x[l] = (unsigned char)(b >> l & 1);
        memcpy(&spread.byte[b], x, sizeof x);
    }
}

/* city_term on the used lanes of a year, from k, in vectors. */
static inline __attribute__((always_inline)) void
lanes_city(mc *m, int th, const dr_year_lanes *y, size_t k, uint32_t used)
{
    int64_t *sd = &m->sdebt[k], *sc = &m->scfr[k], *sa = &m->sabove[k];
    double lim = m->small ? CITY_SMALL : 0.0, warning = m->p->warning;
    uint32_t big = 0;
    for (int l = 0; l < L; l++) {
        double d = y->explicit_debt[l] + y->hidden_debt[l], c = y->cfr[l];
        int64_t u = used >> l & 1;
        /* false for NaN */
        int64_t in = u & (fabs(d) < lim) & (fabs(c) < lim);
        sd[l] += city_small(d) & -in;
        sc[l] += city_small(c) & -in;
        sa[l] += u & (y->m[DR_M_BROAD][l] > warning);
        big |= (uint32_t)(u & !in) << l;
    }
    for (; big; big &= big - 1) {
        int l = __builtin_ctz(big);
        city_add(&m->part[k + (size_t)l],
                 y->explicit_debt[l] + y->hidden_debt[l], y->cfr[l], 0);
        m->part_used[th] = 1;
    }
}

/* County i on the nl (<= L) paths from p0 (slots slot0.. of the chunk),
 * every year of them stepped together, their shocks drawn in the lanes:
 * what county_path does for one path. */
static inline __attribute__((always_inline)) int
county_lanes(mc *m, worker *w, size_t i, long p0, size_t slot0, int nl,
             int thread)
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
    uint32_t used = dr_vrng_first(nl);
    double lines[DR_NMEASURES];
    for (int q = 0; q < DR_NMEASURES; q++)
        lines[q] = dr_measure_line(p, q);
    /* per measure: the lanes above the line in some year so far */
    uint32_t breached[DR_NMEASURES] = {0};
    dr_state_lanes s[2];
    dr_state_lanes_fill(&s[0], &m->base[i]);
    for (long t = 1; t <= m->T; t++) {
        size_t at = (size_t)(t - 1);
        dr_shock_lanes sh;
        dr_projflow_lanes pf;
        dr_year_lanes y;
        lanes_shock(m, w, i, slot0, nl, t, &sh);
        if (projects)
            lanes_flows(m, w, i, p->base_year + t, &pf);
        const dr_yearadj *adj = plan->adj[i] ? &plan->adj[i][at] : NULL;
        w->step(p, cm, t, &s[(t - 1) & 1], &sh, adj, projects ? &pf : NULL,
                &s[t & 1], &y);
        /* every lane, used or not: the buffer has room for L more */
        for (int q = 0; q < DR_NMEASURES; q++) {
            size_t k = (at * DR_NMEASURES + (size_t)q) * BATCH + (size_t)vb->n;
            uint32_t above = lanes_above(y.m[q], lines[q]);
            breached[q] |= above;
            uint64_t flag = spread.byte[above] | spread.byte[breached[q]] << 1;
            memcpy(vb->val + k, y.m[q], sizeof y.m[q]);
            memcpy(vb->flag + k, &flag, L);
        }
        lanes_city(m, thread, &y,
                   (size_t)thread * m->cap * T + mc_yat(m, slot0, at), used);
        /* grades by counting the used lanes not below each grade line
         * (NaN, as dr_grade takes it, is not below) */
        int up[3];
        for (int g = 0; g < 3; g++) {
            uint32_t b = 0;
            for (int l = 0; l < L; l++)
                b |= (uint32_t) !(y.m[DR_M_BROAD][l] < p->grades[g]) << l;
            up[g] = __builtin_popcount(b & used);
        }
        dr_tally_grade_n(&m->tally, i, t, DR_GREEN, (uint64_t)(nl - up[0]));
        dr_tally_grade_n(&m->tally, i, t, DR_YELLOW, (uint64_t)(up[0] - up[1]));
        dr_tally_grade_n(&m->tally, i, t, DR_ORANGE, (uint64_t)(up[1] - up[2]));
        dr_tally_grade_n(&m->tally, i, t, DR_RED, (uint64_t)up[2]);
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
        int mine = breached[DR_M_BROAD] >> l & 1;
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

/* county_lanes compiled for the baseline, AVX2 and AVX-512 (with its
 * byte and word vectors, for the masks), beside the step of the same
 * width: every one exact integer work and comparisons, the same bytes. */
#define LANES_ISA(name, attr)                                                  \
    attr static int name(mc *m, worker *w, size_t i, long p0, size_t slot0,    \
                         int nl, int thread)                                   \
    {                                                                          \
        return county_lanes(m, w, i, p0, slot0, nl, thread);                   \
    }

LANES_ISA(county_lanes_base, )
#ifdef __x86_64__
LANES_ISA(county_lanes_avx2, __attribute__((target("avx2"))))
LANES_ISA(county_lanes_avx512,
          __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))))

static int avx512_book(void)
{
    return __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl");
}
#endif

static size_t max_projects(const dr_plan *plan)
{
    size_t most = 0;
    for (size_t i = 0; i < plan->n; i++)
        if (plan->proj_start[i + 1] - plan->proj_start[i] > most)
            most = plan->proj_start[i + 1] - plan->proj_start[i];
    return most;
}

void dr_mc_worker_free(worker *w)
{
    free(w->draws);
    free(w->pdraws);
    free(w->vb.val);
    free(w->vb.flag);
    free(w->eta);
    free(w->u);
    if (w->r)
        gsl_rng_free(w->r);
}

/* A thread's working memory; 0 when out of memory (w then safe to free). */
int dr_mc_worker_init(worker *w, const mc *m)
{
    const dr_mc_opts *o = m->o;
    size_t T = (size_t)m->T, nv = T * DR_NMEASURES * BATCH;
    *w = (worker){0};
    pthread_once(&spread_once, spread_make);
    w->vector = m->vector && dr_vrng_init(&w->v, o->isa) == DR_OK;
    if (!o->scalar) {
        /* the widest this processor runs (isa AUTO), or AVX2's, or the
         * baseline's: the step and its bookkeeping of the same width */
        static const struct {
            dr_model_isa step;
            lanes_fn lanes;
        } pick[] = {
#ifdef __x86_64__
            {DR_MODEL_AVX512, county_lanes_avx512},
            {DR_MODEL_AVX2, county_lanes_avx2},
#endif
            {DR_MODEL_BASE, county_lanes_base},
        };
        for (size_t k = 0; k < sizeof pick / sizeof pick[0] && !w->step; k++) {
#ifdef __x86_64__
            if (pick[k].step == DR_MODEL_AVX512 &&
                (o->isa != DR_VRNG_AUTO || !avx512_book()))
                continue;
            if (pick[k].step == DR_MODEL_AVX2 && o->isa != DR_VRNG_AUTO &&
                o->isa != DR_VRNG_AVX2)
                continue;
#endif
            w->step = dr_model_step_lanes(pick[k].step);
            w->lanes = pick[k].lanes;
        }
    }
    w->r = gsl_rng_alloc(gsl_rng_taus2);
    w->draws = malloc((max_projects(m->plan) + 1) * sizeof *w->draws);
    w->pdraws = malloc((max_projects(m->plan) + 1) * sizeof *w->pdraws);
    w->vb.val = malloc(nv * sizeof *w->vb.val);
    w->vb.flag = malloc(nv);
    /* zeros in the lanes a last short group does not draw */
    w->eta = calloc(T * DR_NVAR * L, sizeof *w->eta);
    w->u = calloc(T * L, sizeof *w->u);
    return w->vector == m->vector && w->r && w->draws && w->pdraws &&
           w->vb.val && w->vb.flag && w->eta && w->u;
}

/* County i on the chunk's slots q0 .. q0+nq-1 (q0 a multiple of L), the
 * paths from c0 + q0: L paths' shocks at a time. */
int dr_mc_county_chunk(mc *m, worker *w, size_t i, long c0, long q0, long nq,
                       int me)
{
    const dr_mc_opts *o = m->o;
    int bad = 0;
    for (long q = q0; q < q0 + nq && !(o->stop && *o->stop); q += L) {
        int nl = q0 + nq - q < L ? (int)(q0 + nq - q) : L;
        county_draws(m, w, i, c0 + q, nl);
        if (w->step)
            bad |= w->lanes(m, w, i, c0 + q, (size_t)q, nl, me);
        else
            for (int l = 0; l < nl; l++)
                bad |= county_path(m, w, i, c0 + q + l, (size_t)(q + l), l, me);
    }
    return bad | flush(m, i, &w->vb);
}
