#include "engine/engine.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/par.h"
#include "engine/mc.h"
#include "engine/rng.h"
#include "stats/tally.h"

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

/* A county's chunk in one share a thread while there are fewer than
 * PARTS_BELOW counties a thread (two shares a thread measured no
 * faster). */
#define PARTS_BELOW 32

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
    free(m->sdebt);
    free(m->scfr);
    free(m->sabove);
    free(m->part_used);
    free(m->cval);
    free(m->cflag);
    free(m->cbr);
    free(m->cabove);
    if (m->lock)
        for (size_t i = 0; i < m->n; i++)
            omp_destroy_lock(&m->lock[i]);
    free(m->lock);
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
    size_t C = ((size_t)chunk + L - 1) / L * L; /* whole groups of lanes */
    m->cap = C;
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
    m->sdebt = calloc((size_t)threads * C * T, sizeof *m->sdebt);
    m->scfr = calloc((size_t)threads * C * T, sizeof *m->scfr);
    m->sabove = calloc((size_t)threads * C * T, sizeof *m->sabove);
    m->small = n <= CITY_SMALL_TERMS;
    m->part_used = calloc((size_t)threads, sizeof *m->part_used);
    m->cval = malloc(C * T * sizeof *m->cval);
    m->cflag = malloc(C * T);
    m->cbr = malloc(C);
    m->cabove = malloc(C * T * sizeof *m->cabove);
    /* Shares only while counties are few enough for the threads to wait
     * on one another: n counties in whole on K threads keep them busy
     * (n/K) / ceil(n/K) of the time, in shares n of n. */
    m->parts =
        threads > 1 && n < (size_t)PARTS_BELOW * (size_t)threads ? threads : 1;
    if (m->parts > 1 && (m->lock = malloc(n * sizeof *m->lock)))
        for (size_t i = 0; i < n; i++)
            omp_init_lock(&m->lock[i]);
    if (st != DR_OK || !m->ckey || !m->pkey || !m->plog || !m->base ||
        !m->base_row || !m->F || !m->ur || !m->part || !m->sdebt || !m->scfr ||
        !m->sabove || !m->part_used || !m->cval || !m->cflag || !m->cbr ||
        !m->cabove || (plan->boot && !m->by) || (m->parts > 1 && !m->lock)) {
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

/* The city on the chunk's np paths, from every thread's exact partial
 * sums: the same ratio whatever thread computed which county. In three
 * passes that the threads share: year t's ratios (city_year), then each
 * path's breach so far (city_breach), then year t's statistics
 * (city_stats, 0 or -1 when an accumulator could not grow); the paths'
 * breach flags last, on one thread (city_flags). */
static void city_year(mc *m, size_t t, size_t np)
{
    size_t T = (size_t)m->T, C = m->cap, at = (t - 1) * C;
    for (size_t q = 0; q < np; q++) {
        city_sum cs = {0};
        for (int th = 0; th < m->threads; th++) {
            size_t k = (size_t)th * C * T + mc_yat(m, q, t - 1);
            if (m->part_used[th]) {
                city_merge(&cs, &m->part[k]);
                m->part[k] = (city_sum){0}; /* ready for the next chunk */
            }
            cs.debt += m->sdebt[k];
            cs.cfr += m->scfr[k];
            cs.above += (unsigned)m->sabove[k];
            m->sdebt[k] = m->scfr[k] = m->sabove[k] = 0;
        }
        double v = city_ratio(&cs);
        m->cval[at + q] = v;
        m->cflag[at + q] = v > m->p->warning;
        m->cabove[at + q] = cs.above;
    }
}

static void city_breach(mc *m, size_t q)
{
    size_t C = m->cap;
    unsigned char br = 0;
    for (size_t t = 0; t < (size_t)m->T; t++) {
        br |= m->cflag[t * C + q];
        m->cflag[t * C + q] |= (unsigned char)(br << 1);
    }
    m->cbr[q] = br;
}

static int city_stats(mc *m, size_t t, size_t np)
{
    size_t at = (t - 1) * m->cap;
    return dr_tally_city_n(&m->tally, (long)t, m->cval + at, m->cflag + at,
                           m->cabove + at, np) != DR_OK
               ? -1
               : 0;
}

static void city_flags(mc *m, long c0, size_t np)
{
    size_t n = m->n;
    memset(m->part_used, 0, (size_t)m->threads * sizeof *m->part_used);
    for (size_t q = 0; q < np; q++) {
        size_t at = ((size_t)(c0 - m->first) + q) * (n + 1) + n;
        if (m->o->breach)
            m->o->breach[at] = m->cbr[q];
        if (m->o->baseline)
            dr_tally_pair(&m->tally, n, m->cbr[q], m->o->baseline[at]);
    }
}

/* Paths c0 .. c0+np-1: the common draws, the counties, then the city,
 * which needs every county, each shared by the threads. 0, 1 when out of
 * memory. */
static int run_chunk(mc *m, long c0, long np)
{
    const dr_mc_opts *o = m->o;
    int failed = 0;
#pragma omp parallel num_threads(m->threads)
    {
        worker w;
        int ok = dr_mc_worker_init(&w, m), bad = !ok;
        int me = omp_get_thread_num();
        if (m->vector && !m->plan->boot) { /* the same on every thread */
#pragma omp for schedule(static)
            for (long q = 0; q < np; q += L)
                if (ok)
                    dr_mc_common_lanes(m, &w, c0 + q, (size_t)q,
                                       np - q < L ? (int)(np - q) : L);
        } else {
#pragma omp for schedule(static)
            for (long q = 0; q < np; q++)
                if (ok)
                    dr_mc_common_path(m, w.r, c0 + q, (size_t)q);
        }
        /* share h of county i is item h*n + i: a county's shares are n
         * items apart, so its lock is all but never waited on */
        long share = ((np + m->parts - 1) / m->parts + L - 1) / L * L;
#pragma omp for schedule(dynamic, 1)
        for (size_t it = 0; it < m->n * (size_t)m->parts; it++) {
            size_t i = it % m->n;
            long q0 = (long)(it / m->n) * share;
            long nq = np - q0 < share ? np - q0 : share;
            /* A stop is honoured within a chunk too, and within a county:
             * a chunk of a national run takes seconds, and one county of a
             * long run with many projects can take more than one. The
             * partial sums left are not used. */
            if (!ok || nq <= 0 || (o->stop && *o->stop))
                continue;
            if (m->lock)
                omp_set_lock(&m->lock[i]);
            bad |= dr_mc_county_chunk(m, &w, i, c0, q0, nq, me);
            if (m->lock)
                omp_unset_lock(&m->lock[i]);
        }
        /* the city, once every county is in (the loops' barriers) */
        size_t T = (size_t)m->T, N = (size_t)np;
#pragma omp for schedule(static)
        for (size_t t = 1; t <= T; t++)
            city_year(m, t, N);
#pragma omp for schedule(static)
        for (size_t q = 0; q < N; q++)
            city_breach(m, q);
#pragma omp for schedule(static)
        for (size_t t = 1; t <= T; t++)
            bad |= city_stats(m, t, N) != 0;
        if (bad) {
#pragma omp atomic write
            failed = 1;
        }
        dr_mc_worker_free(&w);
    }
    if (!failed)
        city_flags(m, c0, (size_t)np);
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
