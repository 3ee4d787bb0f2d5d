#include "run/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/par.h"
#include "base/parse.h"
#include "base/stop.h"
#include "base/textfile.h"
#include "charts/chart.h"
#include "config.h"
#include "inputs/inifile.h"
#include "outputs/output.h"
#include "present/report.h"

int dr_chart_status(dr_status cs, const dr_error *cerr, dr_status *charts,
                    dr_error *chart_err, dr_error *err)
{
    if (cs == DR_ECHART) {
        if (*charts == DR_OK) {
            *charts = cs;
            *chart_err = *cerr;
        }
        return 0;
    }
    if (cs != DR_OK) {
        *err = *cerr;
        return 1;
    }
    return 0;
}

dr_status dr_run_prepare(dr_run *r, const dr_input_spec *spec,
                         const char *scenario, dr_error *err)
{
    *r = (dr_run){0};
    dr_status st = dr_inputs_load(&r->in, spec, scenario, err);
    if (st)
        return st;
    st = dr_plan_build(&r->plan, &r->in.params, &r->in.fiscal, &r->in.projects,
                       r->in.nbase, &r->in.scenario, err);
    if (st == DR_OK && r->in.params.family == DR_FAMILY_BOOTSTRAP &&
        (st = dr_bootstrap_build(&r->in.history, &r->in.fiscal, &r->in.params,
                                 DR_HISTORY_YEAR_MIN, DR_HISTORY_YEAR_MAX,
                                 &r->boot, err)) == DR_OK)
        r->plan.boot = &r->boot;
    /* a signal while the inputs were parsed (not while one was read) */
    if (st == DR_OK && dr_stop_requested)
        st = dr_error_set(err, DR_EINTR, NULL, 0, 0, "interrupted");
    /* under mpirun, a signal seen by one rank stops them all */
    st = dr_par_agree(st, err);
    if (st)
        dr_run_free(r);
    return st;
}

typedef struct progress_state {
    double start;
} progress_state;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One line on a terminal: paths done, rate and time left. */
static void progress(void *ctx, long done, long total)
{
    const progress_state *ps = ctx;
    double spent = now() - ps->start;
    double rate = spent > 0.0 ? (double)done / spent : 0.0;
    double left = rate > 0.0 ? (double)(total - done) / rate : 0.0;
    fprintf(stderr,
            "\r\033[Kdebtrisk: %ld/%ld paths, %.0f paths/s, %.0f s left", done,
            total, rate, left);
    fflush(stderr);
}

/* The deterministic projection, its one path's breach flags and pairs. */
static dr_status compute_rows(dr_run *r, const dr_run_opts *o, dr_error *err)
{
    const dr_plan *plan = &r->plan;
    r->rows = malloc(plan->n * (size_t)(plan->years + 1) * sizeof *r->rows);
    if (!r->rows || dr_engine_deterministic(plan, r->rows))
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_results_from_rows(plan, r->rows, &r->res);
    if (o->want_breach) {
        /* One path: its flags are the deterministic breaches. */
        r->breach = malloc(plan->n + 1);
        if (!r->breach)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        for (size_t i = 0; i < plan->n; i++)
            r->breach[i] = dr_results_stat(&r->res, i, plan->years, DR_M_BROAD)
                               ->p_breached > 0.5;
        r->breach[plan->n] = r->res.city[plan->years].p_breached > 0.5;
        for (size_t i = 0; o->baseline && i <= plan->n; i++) {
            r->res.paired[i * 2] = r->breach[i] && !o->baseline[i];
            r->res.paired[i * 2 + 1] = o->baseline[i] && !r->breach[i];
        }
    }
    if (dr_stop_requested)
        return dr_error_set(err, DR_EINTR, NULL, 0, 0, "interrupted");
    return DR_OK;
}

dr_status dr_run_compute(dr_run *r, const dr_run_opts *o, dr_error *err)
{
    const dr_plan *plan = &r->plan;
    r->paths = o->deterministic ? 1 : r->in.params.paths;
    long first, count;
    dr_engine_block(r->paths, &first, &count);
    dr_status st = DR_OK;
    if (dr_results_alloc(&r->res, plan->n, plan->years, r->paths))
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    else if (o->deterministic)
        st = compute_rows(r, o, err);
    /* this rank's paths only: the baseline's flags of the same split */
    else if (o->want_breach &&
             !(r->breach = malloc((size_t)count * (plan->n + 1) + 1)))
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                          "out of memory for the paired comparison");
    /* under mpirun, a rank's failure is every rank's */
    if ((st = dr_par_agree(st, err)) != DR_OK || o->deterministic)
        return st;
    progress_state ps = {.start = now()};
    dr_mc_opts mo = {.threads = o->threads,
                     .stop = &dr_stop_requested,
                     .progress = o->progress ? progress : NULL,
                     .ctx = &ps,
                     .breach = r->breach,
                     .baseline = o->baseline};
    st = dr_engine_monte_carlo(plan, &mo, &r->res, err);
    if (o->progress)
        fputs("\r\033[K", stderr);
    return st;
}

static void ini_input_as(FILE *f, const char *key, const char *path,
                         const char *as)
{
    char hex[65];
    if (!path)
        return;
    fprintf(f, "%s = ", key);
    dr_ini_put_text(f, as ? as : path, strlen(as ? as : path));
    fputc('\n', f);
    /* the hash of the bytes the run read, not of the file as it is now: a
     * FIFO cannot be read twice, and a file may have changed since */
    if (dr_text_sha256(path, hex) == DR_OK)
        fprintf(f, "%s.sha256 = %s\n", key, hex);
}

static void ini_input(FILE *f, const char *key, const char *path)
{
    ini_input_as(f, key, path, NULL);
}

static void write_run_ini(FILE *f, const dr_run *r, const dr_run_opts *o)
{
    const dr_params *p = &r->in.params;
    const dr_scenario *s = &r->in.scenario;
    fprintf(f, "# How these results were made; model.ini holds every model "
               "key in force.\n");
    fprintf(f, "[debtrisk]\nversion = %s\nmodel_version = 2\n", DR_VERSION);
    dr_ini_put_long(f, "command", o->cmdline);
    fprintf(f, "\n[run]\nscenario = %s\n", s->name);
    dr_ini_put_long(f, "title", s->title ? s->title : s->name);
    dr_ini_put_long(f, "description", s->description);
    fprintf(f, "mode = %s\n",
            o->deterministic ? "deterministic" : "monte_carlo");
    fprintf(f, "seed = %llu\npaths = %ld\nyears = %ld\nbase_year = %ld\n",
            (unsigned long long)p->seed, r->paths, p->years, p->base_year);
    fprintf(f, "threads = %d\n", o->threads);
    fprintf(f, "\n[inputs]\n");
    ini_input(f, "fiscal", r->in.fiscal_path);
    ini_input(f, "projects", r->in.projects_path);
    ini_input(f, "model", r->in.model_path);
    ini_input_as(f, "scenario", s->path, o->scenario_as);
    ini_input(f, "scenario_projects", s->proj_file);
}

typedef void (*writer_fn)(FILE *, const dr_plan *, const dr_results *);

static dr_status open_in(dr_outdir *od, const char *sub, const char *name,
                         FILE **f, char *full, size_t nfull, dr_error *err)
{
    snprintf(full, nfull, "%s%s%s", sub, *sub ? "/" : "", name);
    *f = dr_outdir_fopen(od, full, err);
    return *f ? DR_OK : err->status;
}

dr_status dr_run_write(const dr_run *r, const dr_run_opts *o, dr_outdir *od,
                       const char *sub, dr_error *err)
{
    static const struct {
        const char *name;
        writer_fn fn;
    } files[] = {
        {"ratios.csv", dr_write_ratios},
        {"grades.csv", dr_write_grades},
        {"summary.csv", dr_write_summary},
        {"city.csv", dr_write_city},
        {"city_counts.csv", dr_write_city_counts},
    };
    char full[600];
    FILE *f;
    dr_status st;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        if ((st = open_in(od, sub, files[k].name, &f, full, sizeof full, err)))
            return st;
        files[k].fn(f, &r->plan, &r->res);
        if ((st = dr_outdir_fclose(od, f, full, err)))
            return st;
    }
    if (r->rows) {
        if ((st = open_in(od, sub, "projection.csv", &f, full, sizeof full,
                          err)))
            return st;
        dr_write_projection(f, &r->plan, r->rows);
        if ((st = dr_outdir_fclose(od, f, full, err)))
            return st;
    }
    if ((st = open_in(od, sub, "model.ini", &f, full, sizeof full, err)))
        return st;
    dr_params_write(&r->in.params, f);
    if ((st = dr_outdir_fclose(od, f, full, err)))
        return st;
    if ((st = open_in(od, sub, "run.ini", &f, full, sizeof full, err)))
        return st;
    write_run_ini(f, r, o);
    return dr_outdir_fclose(od, f, full, err);
}

void dr_run_free(dr_run *r)
{
    free(r->rows);
    free(r->breach);
    dr_results_free(&r->res);
    dr_plan_free(&r->plan);
    dr_bootstrap_free(&r->boot);
    dr_inputs_free(&r->in);
    *r = (dr_run){0};
}

dr_status dr_run_solo_end(dr_status st, dr_status *charts, dr_error *chart_err,
                          dr_error *err)
{
    st = dr_par_solo_end(st, err);
    *charts = dr_par_share(*charts, chart_err);
    return st;
}

static dr_status present_here(dr_outdir *od, const char *sub, unsigned formats,
                              dr_lang lang, int threads, dr_error *err)
{
    char *dir = dr_outdir_path(od, sub);
    if (!dir)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_status st = dr_charts_draw(dir, formats, lang, threads, err);
    dr_error rerr;
    dr_status rst = dr_report_write(dir, lang, &rerr);
    free(dir);
    if (st == DR_OK && rst != DR_OK) {
        *err = rerr;
        st = rst;
    }
    return st;
}

dr_status dr_run_present(dr_outdir *od, const char *sub, unsigned formats,
                         dr_lang lang, int threads, dr_error *err)
{
    dr_status st = DR_OK;
    if (dr_par_solo_begin()) /* rank 0 alone draws */
        st = present_here(od, sub, formats, lang, threads, err);
    return dr_par_solo_end(st, err);
}

static dr_status office_here(dr_outdir *od, const char *sub,
                             dr_folder_kind kind, unsigned reports,
                             dr_lang lang, dr_error *err)
{
    if (!(reports & ~(unsigned)DR_REPORT_MD))
        return DR_OK;
    char *dir = dr_outdir_path(od, sub);
    if (!dir)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_status st = dr_office_write(dir, kind, reports, lang, err);
    free(dir);
    return st;
}

dr_status dr_run_office(dr_outdir *od, const char *sub, dr_folder_kind kind,
                        unsigned reports, dr_lang lang, dr_error *err)
{
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = office_here(od, sub, kind, reports, lang, err);
    return dr_par_solo_end(st, err);
}

dr_status dr_run_open_out(dr_outdir *od, const char *out, dr_error *err)
{
    dr_status st = dr_outdir_open(od, out, err);
    for (size_t k = 0; st == DR_OK && k < od->nstale; k++)
        fprintf(stderr,
                "debtrisk: warning: %s is the temporary folder of an earlier "
                "run that did not finish; it is not used, and can be deleted "
                "unless another debtrisk is writing to %s now\n",
                od->stale[k], od->final);
    return st;
}

dr_status dr_run_commit(dr_outdir *od, dr_error *err)
{
    /* rank 0's stop decides, for every rank */
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = dr_stop_requested ? DR_EINTR : dr_outdir_commit(od, err);
    return dr_par_solo_end(st, err);
}
