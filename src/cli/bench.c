/* debtrisk bench: engine throughput against the floor set by the random
 * number generator alone: a benchmark, never a test. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/par.h"
#include "base/parse.h"
#include "cli/commands.h"
#include "engine/engine.h"
#include "inputs/inputs.h"
#include "model/plan.h"
#include "outputs/outdir.h"
#include "outputs/output.h"

/* Normals per county-year that define the floor: four shocks, plus the
 * common factors and rate shock shared by the county's path. */
#define FLOOR_NORMALS 4.4

/* A case whose engine and floor take under REPEAT_BELOW seconds together
 * is timed REPEATS times. */
#define REPEATS 3
#define REPEAT_BELOW 5.0

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Replaces the counties with n copies of them (ids suffixed), and the
 * projects with copies attached to the copies. */
static dr_status replicate(dr_inputs *in, size_t n)
{
    dr_fiscal *f = &in->fiscal;
    dr_projects *pj = &in->projects;
    size_t n0 = f->n, np0 = pj->n, per = (np0 + n0 - 1) / n0;
    dr_county *c = calloc(n, sizeof *c);
    dr_project *p = calloc(n * (per + 1), sizeof *p);
    size_t np = 0;
    if (!c || !p)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        const dr_county *src = &f->county[i % n0];
        char id[64];
        snprintf(id, sizeof id, "%.40s-%zu", src->id, i);
        c[i] = *src;
        c[i].id = strdup(id);
        c[i].name = strdup(src->name);
        c[i].type = strdup(src->type);
        if (!c[i].id || !c[i].name || !c[i].type)
            goto nomem;
        for (size_t k = 0; k < np0; k++) {
            if (pj->p[k].county != i % n0)
                continue;
            snprintf(id, sizeof id, "%.40s-%zu", pj->p[k].id, i);
            p[np] = pj->p[k];
            p[np].county = i;
            p[np].id = strdup(id);
            p[np].county_id = strdup(c[i].id);
            p[np].name = strdup(pj->p[k].name);
            if (!p[np].id || !p[np].county_id || !p[np].name)
                goto nomem;
            np++;
        }
    }
    char *fpath = f->path;
    f->path = NULL;
    dr_fiscal_free(f);
    f->path = fpath;
    f->county = c;
    f->n = n;
    for (size_t k = 0; k < pj->n; k++) {
        free(pj->p[k].id);
        free(pj->p[k].county_id);
        free(pj->p[k].name);
    }
    free(pj->p);
    pj->p = p;
    pj->n = np;
    in->nbase = np;
    return DR_OK;
nomem:
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].id);
        free(c[i].name);
        free(c[i].type);
    }
    for (size_t k = 0; k < np; k++) {
        free(p[k].id);
        free(p[k].county_id);
        free(p[k].name);
    }
    free(c);
    free(p);
    return DR_ENOMEM;
}

/* Time to draw `total` normals with the engine's generator on `threads`
 * threads. */
static double rng_floor(double total, int threads)
{
    double t0 = seconds();
    double sink = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
    {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
        long mine = (long)(total / omp_get_num_threads());
        double s = 0.0;
        for (long k = 0; r && k < mine; k++)
            s += gsl_ran_gaussian_ziggurat(r, 1.0);
        sink += s;
        if (r)
            gsl_rng_free(r);
    }
    double t = seconds() - t0;
    if (sink == 42.0) /* keeps the draws from being optimized away */
        fputs("", stderr);
    return t;
}

static dr_status write_here(const dr_plan *plan, const dr_results *res,
                            dr_error *err)
{
    typedef void (*writer)(FILE *, const dr_plan *, const dr_results *);
    static const struct {
        const char *name;
        writer fn;
    } files[] = {{"ratios.csv", dr_write_ratios},
                 {"grades.csv", dr_write_grades},
                 {"summary.csv", dr_write_summary},
                 {"city.csv", dr_write_city},
                 {"city_counts.csv", dr_write_city_counts}};
    char tmpl[] = "/tmp/debtrisk-bench-XXXXXX";
    if (!mkdtemp(tmpl))
        return dr_error_set(err, DR_EIO, "/tmp", 0, 0,
                            "cannot create a scratch folder");
    dr_outdir od;
    char out[64];
    snprintf(out, sizeof out, "%s/out", tmpl);
    dr_status st = dr_outdir_open(&od, out, err);
    for (size_t k = 0; !st && k < sizeof files / sizeof files[0]; k++) {
        FILE *f = dr_outdir_fopen(&od, files[k].name, err);
        if (!f) {
            st = err->status;
            break;
        }
        files[k].fn(f, plan, res);
        st = dr_outdir_fclose(&od, f, files[k].name, err);
    }
    if (!st)
        st = dr_outdir_commit(&od, err);
    dr_outdir_abort(&od);
    dr_remove_tree(tmpl);
    return st;
}

/* Under mpirun, rank 0's alone. */
static dr_status write_all(const dr_plan *plan, const dr_results *res,
                           dr_error *err)
{
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = write_here(plan, res, err);
    return dr_par_solo_end(st, err);
}

static dr_status take_time(void *ctx, int rank, const void *b, size_t n,
                           dr_error *err)
{
    (void)err;
    if (n == sizeof(double))
        memcpy((double *)ctx + rank, b, n);
    return DR_OK;
}

/* Under K > 1 ranks: the same paths by rank 0 alone first, with the same
 * threads (*one), then the engine as every command runs it, each rank's
 * time on its block into busy[rank] (rank 0's array). */
static dr_status time_one(const dr_plan *plan, dr_results *res, int threads,
                          double *one, dr_error *err)
{
    dr_status st = DR_OK;
    *one = 0.0;
    if (dr_par_size() == 1)
        return DR_OK;
    if (dr_par_solo_begin()) {
        double t0 = seconds();
        dr_mc_opts o = {.threads = threads, .stop = &dr_stop_requested};
        st = dr_engine_monte_carlo(plan, &o, res, err);
        *one = seconds() - t0;
    }
    return dr_par_solo_end(st, err);
}

/* The ranks' lines: each one's time on its paths, and the efficiency of
 * the K ranks against one process, one / (K x engine). */
static void print_ranks(double one, double engine, const double *busy,
                        size_t sent)
{
    int K = dr_par_size();
    if (K == 1)
        return;
    printf("tally sent       %8.3f MiB by rank 0 (each rank one tally)\n",
           (double)sent / 1048576.0);
    printf("one process      %8.3f s  (rank 0 alone, the same threads)\n", one);
    for (int r = 0; r < K; r++)
        printf("rank %-4d        %8.3f s  on its paths\n", r, busy[r]);
    /* the rest of the time, past the slowest rank: the merge */
    double slowest = 0.0;
    for (int r = 0; r < K; r++)
        slowest = busy[r] > slowest ? busy[r] : slowest;
    printf("merge            %8.3f s  (engine less the slowest rank's paths)\n",
           engine - slowest);
    printf("efficiency       %8.3f    (one process / (%d x engine))\n",
           one / ((double)K * engine), K);
}

dr_status dr_cmd_bench(const dr_cli *cli, dr_error *err)
{
    long counties = 0;
    const char *why;
    if (cli->counties &&
        !dr_parse_long(cli->counties, 1, 10000000, &counties, &why))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--counties: expected a whole number from 1 to "
                            "10000000, found '%s'",
                            cli->counties);
    dr_input_spec spec = {.set = cli->set,
                          .nset = cli->nset,
                          .paths = cli->paths ? cli->paths : "100000",
                          .years = cli->years,
                          .seed = cli->seed};
    dr_inputs in;
    dr_plan plan = {0};
    dr_results res = {0};
    double *busy = NULL;
    int threads = cli->threads > 0 ? cli->threads : omp_get_num_procs();
    dr_status st = dr_inputs_load(&in, &spec, NULL, err);
    if (st)
        return st;
    if (counties && (st = replicate(&in, (size_t)counties))) {
        dr_error_set(err, st, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((st = dr_plan_build(&plan, &in.params, &in.fiscal, &in.projects,
                            in.nbase, &in.scenario, err)))
        goto done;
    if ((st = dr_results_alloc(&res, plan.n, plan.years, in.params.paths))) {
        dr_error_set(err, st, NULL, 0, 0, "out of memory");
        goto done;
    }
    printf("counties %zu, paths %ld, years %ld, threads %d", plan.n,
           in.params.paths, plan.years, threads);
    if (dr_par_size() > 1)
        printf(" per rank, ranks %d", dr_par_size());
    printf("\n");
    fflush(stdout);
    double one, mine = 0.0;
    size_t sent = 0;
    if ((st = time_one(&plan, &res, threads, &one, err)))
        goto done;
    double t0 = seconds();
    dr_mc_opts o = {.threads = threads,
                    .stop = &dr_stop_requested,
                    .busy = &mine,
                    .sent = &sent};
    if ((st = dr_engine_monte_carlo(&plan, &o, &res, err)))
        goto done;
    double t_engine = seconds() - t0;
    if (!(busy = calloc((size_t)dr_par_size(), sizeof *busy)))
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if ((st = dr_par_agree(st, err)) ||
        (st = dr_par_gather(&mine, sizeof mine, take_time, busy, err)))
        goto done;
    if ((st = write_all(&plan, &res, err)))
        goto done;
    double t_out = seconds() - t0 - t_engine; /* the outputs' writing */
    double steps =
        (double)plan.n * (double)plan.years * (double)in.params.paths;
    /* rank 0's alone: it is only printed */
    double t_floor =
        dr_par_rank() == 0 ? rng_floor(FLOOR_NORMALS * steps, threads) : 1.0;
    /* On a shared machine one timing of a second is noise: a short case
     * (engine and floor under REPEAT_BELOW seconds) runs twice more, the
     * engine and the floor in turn, and keeps the fastest of each. One
     * process only (under mpirun the ranks would have to agree). */
    int rounds = 1;
    while (dr_par_size() == 1 && rounds < REPEATS &&
           t_engine + t_floor < REPEAT_BELOW) {
        double t2 = seconds();
        if ((st = dr_engine_monte_carlo(&plan, &o, &res, err)))
            goto done;
        t2 = seconds() - t2;
        t_engine = t2 < t_engine ? t2 : t_engine;
        double f2 = rng_floor(FLOOR_NORMALS * steps, threads);
        t_floor = f2 < t_floor ? f2 : t_floor;
        rounds++;
    }
    double t_total = t_engine + t_out;
    /* The same run with every number drawn through GSL one at a time: what
     * the vector generator saves (the results are the same bytes). Every
     * rank runs it: the engine is collective under mpirun. */
    double t1 = seconds();
    dr_mc_opts os = o;
    os.scalar = 1;
    if ((st = dr_engine_monte_carlo(&plan, &os, &res, err)))
        goto done;
    double t_scalar = seconds() - t1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("engine           %8.3f s  (%.3g county-year steps/s", t_engine,
           steps / t_engine);
    if (rounds > 1)
        printf("; fastest of %d, as the floor", rounds);
    printf(")\n");
    printf("engine + outputs %8.3f s\n", t_total);
    printf("engine, scalar   %8.3f s  (every number through GSL, one at a "
           "time)\n",
           t_scalar);
    printf("rng floor        %8.3f s  (%.1f normals per county-year)\n",
           t_floor, FLOOR_NORMALS);
    printf("floor / engine   %8.3f    (floor / engine + outputs %.3f)\n",
           t_floor / t_engine, t_floor / t_total);
    printf("peak memory      %8.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    print_ranks(one, t_engine, busy, sent);
done:
    free(busy);
    dr_results_free(&res);
    dr_plan_free(&plan);
    dr_inputs_free(&in);
    return st;
}
