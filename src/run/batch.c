/* debtrisk batch: the baseline and every scenario on the same draws, and
 * compare.csv with paired changes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/par.h"
#include "charts/review_chart.h"
#include "outputs/output.h"
#include "outputs/schema.h"
#include "present/report.h"
#include "run/batch.h"
#include "run/runner.h"

/* Scenarios must share the settings that make paths comparable. */
static dr_status same_run(const dr_run *base, const dr_run *r, dr_error *err)
{
    const dr_params *a = &base->in.params, *b = &r->in.params;
    if (a->seed != b->seed || a->paths != b->paths || a->years != b->years ||
        a->base_year != b->base_year)
        return dr_error_set(err, DR_EINPUT, r->in.scenario.path, 0, 0,
                            "scenario '%s' changes [run] (seed, paths, years "
                            "or base_year); a batch compares scenarios on the "
                            "same paths, so they must all share them",
                            r->in.scenario.name);
    if (base->plan.n != r->plan.n)
        return dr_error_set(err, DR_EINPUT, r->in.scenario.path, 0, 0,
                            "scenario '%s' has another set of counties",
                            r->in.scenario.name);
    return DR_OK;
}

static dr_status load_all(dr_run *runs, size_t nruns, const dr_job *job,
                          const char *const *scenarios, dr_error *err)
{
    for (size_t k = 0; k < nruns; k++) {
        const char *path = k ? scenarios[k - 1] : NULL;
        dr_status st = dr_run_prepare(&runs[k], &job->spec, path, err);
        if (st)
            return st;
        const char *name = runs[k].in.scenario.name;
        for (size_t j = 0; j < k; j++)
            if (strcmp(runs[j].in.scenario.name, name) == 0)
                return dr_error_set(
                    err, DR_EINPUT, path, 0, 0,
                    "scenario name '%s' is already used by %s; each scenario "
                    "of a batch needs its own name (its output folder)",
                    name, j ? runs[j].in.scenario.path : "the baseline");
        if (k && (st = same_run(&runs[0], &runs[k], err)))
            return st;
    }
    return DR_OK;
}

/* pair: for each run k and county i (the city last), the paired change
 * and its standard error at [(k*(n+1) + i)*2 + 0/1]. */
static void write_compare(FILE *f, const dr_run *runs, size_t nruns,
                          const double *pair)
{
    dr_schema_header(f, &dr_schemas[DR_SC_COMPARE]);
    const dr_run *b = &runs[0];
    size_t n = b->plan.n;
    long T = b->plan.years;
    for (size_t k = 0; k < nruns; k++) {
        const dr_run *s = &runs[k];
        for (size_t i = 0; i <= n; i++) {
            const dr_stat *st, *bs;
            if (i < n) {
                st = dr_results_stat(&s->res, i, T, DR_M_BROAD);
                bs = dr_results_stat(&b->res, i, T, DR_M_BROAD);
            } else {
                st = &s->res.city[T];
                bs = &b->res.city[T];
            }
            const double *ds = &pair[(k * (n + 1) + i) * 2];
            dr_csv_field(f, s->in.scenario.name);
            fputc(',', f);
            dr_csv_field(f, i < n ? s->in.fiscal.county[i].id : "city");
            fputc(',', f);
            dr_csv_field(f, i < n ? s->in.fiscal.county[i].name : "city");
            dr_csv_num(f, st->p_breached);
            dr_csv_num(f, ds[0]);
            dr_csv_num(f, ds[1]);
            dr_csv_num(f, st->pct[3]);
            dr_csv_num(f, dr_round12(st->pct[3] - bs->pct[3]));
            fputc('\n', f);
        }
    }
}

/* The comparison charts and the review's report.md in the temporary
 * folder. A chart failure is kept in *charts (the first one only) and the
 * run goes on; any other failure is returned. */
static dr_status review_here(dr_outdir *od, const dr_job *job,
                             dr_status *charts, dr_error *chart_err,
                             dr_error *err)
{
    char *dir = dr_outdir_path(od, "");
    if (!dir)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_error cerr = {0};
    dr_status cs =
        dr_review_draw(dir, job->charts, job->lang, job->run.threads, &cerr);
    dr_status st = DR_OK;
    if (dr_chart_status(cs, &cerr, charts, chart_err, err))
        st = cs;
    if (st == DR_OK)
        st = dr_review_report_write(dir, job->lang, err);
    if (st == DR_OK) {
        cs = dr_office_write(dir, DR_FOLDER_REVIEW, job->reports, job->lang,
                             &cerr);
        if (dr_chart_status(cs, &cerr, charts, chart_err, err))
            st = cs;
    }
    free(dir);
    return st;
}

/* Under mpirun, rank 0's alone. */
static dr_status present_review(dr_outdir *od, const dr_job *job,
                                dr_status *charts, dr_error *chart_err,
                                dr_error *err)
{
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = review_here(od, job, charts, chart_err, err);
    return dr_run_solo_end(st, charts, chart_err, err);
}

dr_status dr_batch_run(const dr_job *job, const char *const *scenarios,
                       size_t nscenarios, dr_error *err)
{
    size_t nruns = nscenarios + 1;
    dr_run *runs = calloc(nruns, sizeof *runs);
    double *pair = NULL;
    if (!runs)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_run_opts o = job->run;
    dr_outdir od = {0};
    dr_status charts = DR_OK;
    dr_error chart_err = {0};
    /* Every scenario is loaded and checked before any simulation. */
    dr_status st = load_all(runs, nruns, job, scenarios, err);
    if (st == DR_OK)
        dr_inputs_warn(&runs[0].in); /* the data and model of them all */
    if (st || (st = dr_run_open_out(&od, job->out, err)))
        goto done;
    size_t n1 = runs[0].plan.n + 1;
    if (!(pair = calloc(nruns * n1 * 2, sizeof *pair))) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < nruns; k++) {
        if (o.progress)
            fprintf(stderr, "debtrisk: scenario %zu/%zu: %s\n", k + 1, nruns,
                    runs[k].in.scenario.name);
        /* The scenarios count their breaches against the baseline's
         * per-path flags as they run: only the baseline keeps flags, so
         * memory does not grow with the scenarios. */
        o.want_breach = k == 0;
        o.baseline = k ? runs[0].breach : NULL;
        if ((st = dr_run_compute(&runs[k], &o, err)) ||
            (st = dr_run_write(&runs[k], &o, &od, runs[k].in.scenario.name,
                               err)))
            goto done;
        for (size_t i = 0; i < n1; i++)
            if (k > 0)
                dr_results_paired(&runs[k].res, i, &pair[(k * n1 + i) * 2],
                                  &pair[(k * n1 + i) * 2 + 1]);
        dr_error cerr = {0};
        dr_status cs = dr_run_present(&od, runs[k].in.scenario.name,
                                      job->charts, job->lang, o.threads, &cerr);
        if (dr_chart_status(cs, &cerr, &charts, &chart_err, err)) {
            st = cs;
            goto done;
        }
    }
    FILE *f = dr_outdir_fopen(&od, "compare.csv", err);
    if (!f) {
        st = err->status;
        goto done;
    }
    write_compare(f, runs, nruns, pair);
    if ((st = dr_outdir_fclose(&od, f, "compare.csv", err)))
        goto done;
    if ((st = present_review(&od, job, &charts, &chart_err, err)))
        goto done;
    if ((st = dr_run_commit(&od, err)))
        goto done;
    printf("debtrisk: baseline and %zu scenarios on the same %ld paths; "
           "results in %s/\n",
           nruns - 1, runs[0].paths, job->out);
    if (charts != DR_OK) {
        *err = chart_err;
        st = charts;
    }
done:
    dr_outdir_abort(&od);
    for (size_t k = 0; k < nruns; k++)
        dr_run_free(&runs[k]);
    free(runs);
    free(pair);
    return st;
}
