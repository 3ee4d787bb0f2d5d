/* The search of debtrisk solve. Every step is one run of a scenario file,
 * the package of that step (the scenario given, plus the lever at each
 * county's value), written where solved/scenario.ini goes: so the search
 * runs exactly what run --scenario reads back, and the last step's file is
 * the package. Counties interact only through the draws they share, and
 * every step draws the same ones (the same seed), so one run moves every
 * county's search a step: a scan of the range, then a bisection of each
 * county's bracket, all at once. */
#include "run/solve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/par.h"
#include "base/parse.h"
#include "base/stop.h"
#include "charts/solve_chart.h"
#include "inputs/scenario_write.h"
#include "outputs/solve_out.h"
#include "present/report_solve.h"

/* The coarse scan before the bisection: this many points, evenly over the
 * range, which find each county's bracket and show a measure that does
 * not fall as the lever rises. */
#define SCAN 5

enum { OPEN, DONE };

typedef struct solver {
    const dr_solve_job *sj;
    dr_input_spec spec;
    dr_run_opts o;
    dr_run base;
    dr_solve s;
    size_t n, units;
    dr_outdir od;
    char *pkg;       /* solved/scenario.ini in the temporary folder */
    char *pkg_final; /* and where it will be */
    char title[256], description[1024];
    /* per unit: the bracket [sa, sb] in s (x = lo + s (hi - lo)), with
     * f(sa) above the bound and f(sb) at or below it */
    double *sa, *sb, *x, *f, *prev;
    int *state;
    long steps_planned;
} solver;

static double x_of(const solver *sv, double s)
{
    const dr_lever *lv = &sv->s.lever;
    return s >= 1.0 ? lv->hi : lv->lo + s * (lv->hi - lv->lo);
}

/* The measure of every unit in a run's results. */
static void measures(const solver *sv, const dr_results *res, double *f,
                     double *se)
{
    const dr_target *t = &sv->s.target;
    double e;
    if (!sv->s.city_scope) {
        for (size_t i = 0; i < sv->n; i++) {
            f[i] = dr_target_value(t, res, i, &e);
            if (se)
                se[i] = e;
        }
        return;
    }
    if (t->city) {
        f[0] = dr_target_value(t, res, sv->n, &e);
        if (se)
            se[0] = e;
        return;
    }
    /* one value for all: the county furthest from the bound binds */
    f[0] = -INFINITY;
    for (size_t i = 0; i < sv->n; i++) {
        double v = dr_target_value(t, res, i, &e);
        if (v > f[0] || isnan(v)) {
            f[0] = v;
            if (se)
                se[0] = e;
        }
    }
}

/* The package at x (one value per unit) as the scenario file. */
static dr_status write_package(solver *sv, const double *x, int *empty,
                               dr_error *err)
{
    dr_scenario more = {0};
    const dr_params *p = &sv->base.in.params;
    dr_status st = DR_OK;
    for (size_t u = 0; u < sv->units && st == DR_OK; u++)
        st = dr_lever_add(&sv->s.lever, p,
                          sv->s.city_scope ? NULL
                                           : &sv->base.in.fiscal.county[u],
                          x[u], &more, err);
    if (empty)
        *empty = !more.nset && !more.nadj && !more.nswap;
    FILE *f = st == DR_OK ? dr_outdir_fopen(&sv->od, "solved/scenario.ini", err)
                          : NULL;
    if (f) {
        dr_scenario_head head = {"solved", sv->title, sv->description};
        dr_error werr = {0};
        dr_status ws =
            dr_scenario_write(f, &head, &sv->base.in.scenario, &more, &werr);
        st = dr_outdir_fclose(&sv->od, f, "solved/scenario.ini", err);
        if (ws != DR_OK) {
            *err = werr;
            st = ws;
        }
    } else if (st == DR_OK) {
        st = err->status;
    }
    dr_scenario_free(&more);
    return st;
}

/* One step: the package at x, run; f receives each unit's measure. With
 * keep, the run is kept there (the final one), else freed. */
static dr_status step(solver *sv, const double *x, double *f, dr_run *keep,
                      dr_error *err)
{
    /* the plan points into its run: prepare it where it is kept */
    dr_run local, *rp = keep ? keep : &local;
    dr_run_opts o = sv->o;
    dr_status st = write_package(sv, x, NULL, err);
    if (st == DR_OK)
        st = dr_run_prepare(rp, &sv->spec, sv->pkg, err);
    if (st != DR_OK)
        return st;
    if ((st = dr_run_compute(rp, &o, err)) == DR_OK)
        measures(sv, &rp->res, f, NULL);
    sv->s.runs++;
    if (isatty(2)) {
        size_t open = 0;
        for (size_t u = 0; u < sv->units; u++)
            open += sv->state[u] == OPEN;
        fprintf(stderr,
                "\r\033[Kdebtrisk: step %ld of about %ld, %zu %s "
                "still open",
                sv->s.runs, sv->steps_planned, open,
                sv->s.city_scope ? "searches" : "counties");
        fflush(stderr);
    }
    if (st != DR_OK || !keep)
        dr_run_free(rp);
    return st;
}

static int meets(const solver *sv, double v)
{
    return v <= sv->s.target.bound;
}

/* The low end: met already? (The baseline's measures when the lever there
 * changes nothing.) */
static dr_status low_end(solver *sv, dr_error *err)
{
    for (size_t u = 0; u < sv->units; u++)
        sv->x[u] = sv->s.lever.lo;
    int empty = 0;
    dr_status st = write_package(sv, sv->x, &empty, err);
    if (st != DR_OK)
        return st;
    if (empty) {
        for (size_t u = 0; u < sv->units; u++)
            sv->f[u] = sv->s.row[u].baseline;
    } else if ((st = step(sv, sv->x, sv->f, NULL, err))) {
        return st;
    }
    for (size_t u = 0; u < sv->units; u++) {
        sv->prev[u] = sv->f[u];
        sv->sa[u] = 0.0;
        if (meets(sv, sv->f[u])) {
            sv->state[u] = DONE;
            sv->s.row[u].status = DR_MET;
            sv->s.row[u].value = sv->s.lever.lo;
        }
    }
    return DR_OK;
}

/* The scan: each open unit's bracket is the first scan interval at whose
 * end it meets the target; none: not reachable in the range. */
static dr_status scan(solver *sv, dr_error *err)
{
    int *found = calloc(sv->units, sizeof *found);
    if (!found)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_status st = DR_OK;
    for (int k = 1; k <= SCAN && st == DR_OK; k++) {
        double s = (double)k / SCAN;
        for (size_t u = 0; u < sv->units; u++)
            sv->x[u] = sv->state[u] == OPEN && !found[u] ? x_of(sv, s)
                                                         : sv->s.row[u].value;
        if ((st = step(sv, sv->x, sv->f, NULL, err)))
            break;
        for (size_t u = 0; u < sv->units; u++) {
            if (sv->state[u] != OPEN || found[u])
                continue;
            if (sv->f[u] > sv->prev[u])
                sv->s.row[u].nonmonotone = 1;
            sv->prev[u] = sv->f[u];
            if (meets(sv, sv->f[u])) {
                found[u] = 1;
                sv->sb[u] = s;
                sv->s.row[u].value = x_of(sv, s);
            } else {
                sv->sa[u] = s;
            }
        }
    }
    for (size_t u = 0; st == DR_OK && u < sv->units; u++)
        if (sv->state[u] == OPEN && !found[u]) {
            sv->state[u] = DONE;
            sv->s.row[u].status = DR_NOT_REACHABLE;
            sv->s.row[u].value = sv->s.lever.hi;
        }
    free(found);
    return st;
}

/* The bisection of every open bracket at once, to the tolerance. */
static dr_status bisect(solver *sv, dr_error *err)
{
    const dr_lever *lv = &sv->s.lever;
    double tol = lv->tol / fabs(lv->hi - lv->lo);
    for (;;) {
        int any = 0;
        for (size_t u = 0; u < sv->units; u++) {
            if (sv->state[u] == OPEN && sv->sb[u] - sv->sa[u] <= tol) {
                sv->state[u] = DONE;
                sv->s.row[u].status = DR_SOLVED;
                sv->s.row[u].value = x_of(sv, sv->sb[u]);
            }
            any |= sv->state[u] == OPEN;
            sv->x[u] = sv->state[u] == OPEN
                           ? x_of(sv, 0.5 * (sv->sa[u] + sv->sb[u]))
                           : sv->s.row[u].value;
        }
        if (!any)
            return DR_OK;
        dr_status st = step(sv, sv->x, sv->f, NULL, err);
        if (st != DR_OK)
            return st;
        for (size_t u = 0; u < sv->units; u++) {
            if (sv->state[u] != OPEN)
                continue;
            double mid = 0.5 * (sv->sa[u] + sv->sb[u]);
            if (meets(sv, sv->f[u]))
                sv->sb[u] = mid;
            else
                sv->sa[u] = mid;
        }
    }
}

static void describe(solver *sv)
{
    const dr_lever *lv = &sv->s.lever;
    char a[32], b[32];
    dr_format_double(a, lv->lo);
    dr_format_double(b, lv->hi);
    snprintf(sv->title, sizeof sv->title, "Solved: %s for %s / 求解方案",
             lv->text, sv->s.target.text);
    snprintf(sv->description, sizeof sv->description,
             "Written by debtrisk solve --lever %s --target %s --scope %s: "
             "the smallest value in %s:%s %s that meets the target, on top "
             "of the scenario '%s'.",
             lv->text, sv->s.target.text, sv->s.city_scope ? "city" : "county",
             a, b,
             sv->s.city_scope ? "for every county together"
                              : "for each county alone",
             sv->base.in.scenario.name);
}

/* The lever and the target, checked against the model before anything is
 * simulated; the package at both ends of the range read as a scenario. */
static dr_status check(solver *sv, dr_error *err)
{
    const dr_solve_job *sj = sv->sj;
    const dr_params *p = &sv->base.in.params;
    dr_status st;
    int det = sj->job.run.deterministic;
    if ((st = dr_lever_resolve(&sv->s.lever, &sj->lever, p, sv->s.city_scope,
                               err)) ||
        (st = dr_target_resolve(&sv->s.target, p, det, sv->s.city_scope, err)))
        return st;
    describe(sv); /* the range is known now */
    const dr_lever *lv = &sv->s.lever;
    if (lv->kind == DR_LEVER_SET) {
        char name[160];
        size_t len =
            (size_t)snprintf(name, sizeof name, "%s.%s=", lv->section, lv->key);
        for (size_t k = 0; k < sv->spec.nset; k++)
            if (strncmp(sv->spec.set[k], name, len) == 0)
                return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                                    "--set %s fixes the key that --lever %s "
                                    "moves; leave one of them out",
                                    sv->spec.set[k], lv->text);
    }
    for (int end = 0; end < 2; end++) {
        for (size_t u = 0; u < sv->units; u++)
            sv->x[u] = end ? lv->hi : lv->lo;
        dr_run r;
        if ((st = write_package(sv, sv->x, NULL, err)) == DR_OK &&
            (st = dr_run_prepare(&r, &sv->spec, sv->pkg, err)) == DR_OK)
            dr_run_free(&r);
        if (st == DR_EINPUT) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            char v[32];
            dr_format_double(v, end ? lv->hi : lv->lo);
            return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                                "--lever %s at %s (the %s end of the "
                                "range) is not a valid change: %s",
                                lv->text, v, end ? "high" : "low", msg);
        }
        if (st != DR_OK)
            return st;
    }
    return DR_OK;
}

static dr_status setup(solver *sv, dr_error *err)
{
    const dr_solve_job *sj = sv->sj;
    dr_status st;
    if ((st = dr_lever_parse(&sj->lever, &sv->s.lever, err)) ||
        (st = dr_target_parse(sj->target, &sv->s.target, err)))
        return st;
    if (sj->scope && strcmp(sj->scope, "county") && strcmp(sj->scope, "city"))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--scope: expected county or city, found '%s'",
                            sj->scope);
    sv->s.city_scope = sj->scope && strcmp(sj->scope, "city") == 0;
    if ((st = dr_run_prepare(&sv->base, &sv->spec, sj->job.scenario, err)))
        return st;
    dr_inputs_warn(&sv->base.in);
    sv->n = sv->base.in.fiscal.n;
    sv->units = sv->s.city_scope ? 1 : sv->n;
    size_t u = sv->units;
    sv->sa = calloc(u, sizeof *sv->sa);
    sv->sb = calloc(u, sizeof *sv->sb);
    sv->x = calloc(u, sizeof *sv->x);
    sv->f = calloc(sv->n + 1, sizeof *sv->f);
    sv->prev = calloc(u, sizeof *sv->prev);
    sv->state = calloc(u, sizeof *sv->state);
    sv->s.row = calloc(u, sizeof *sv->s.row);
    if (!sv->sa || !sv->sb || !sv->x || !sv->f || !sv->prev || !sv->state ||
        !sv->s.row)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    sv->s.nrows = u;
    sv->s.fiscal = &sv->base.in.fiscal;
    sv->s.scenario = sv->base.in.scenario.name;
    if ((st = dr_run_open_out(&sv->od, sj->job.out, err)))
        return st;
    sv->pkg = dr_outdir_path(&sv->od, "solved/scenario.ini");
    size_t n = strlen(sj->job.out) + 32;
    sv->pkg_final = malloc(n);
    if (!sv->pkg || !sv->pkg_final)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    snprintf(sv->pkg_final, n, "%s/solved/scenario.ini", sj->job.out);
    return check(sv, err);
}

static dr_status baseline(solver *sv, dr_error *err)
{
    dr_status st = dr_run_compute(&sv->base, &sv->o, err);
    if (st == DR_OK)
        st = dr_run_write(&sv->base, &sv->o, &sv->od, "baseline", err);
    if (st != DR_OK)
        return st;
    double *se = malloc(sv->units * sizeof *se);
    if (!se)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    measures(sv, &sv->base.res, sv->f, se);
    for (size_t u = 0; u < sv->units; u++)
        sv->s.row[u].baseline = sv->f[u];
    free(se);
    return DR_OK;
}

/* The package of the answer, run and written as solved/; the rows take
 * what it achieves. */
static dr_status finish(solver *sv, dr_run *fin, dr_error *err)
{
    for (size_t u = 0; u < sv->units; u++)
        sv->x[u] = sv->s.row[u].value;
    dr_status st = step(sv, sv->x, sv->f, fin, err);
    if (isatty(2))
        fputs("\r\033[K", stderr);
    if (st != DR_OK)
        return st;
    dr_run_opts o = sv->o;
    o.scenario_as = sv->pkg_final;
    if ((st = dr_run_write(fin, &o, &sv->od, "solved", err)))
        return st;
    double *se = malloc(sv->units * sizeof *se);
    if (!se)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    measures(sv, &fin->res, sv->f, se);
    for (size_t u = 0; u < sv->units; u++) {
        sv->s.row[u].achieved = sv->f[u];
        sv->s.row[u].se = se[u];
    }
    free(se);
    sv->s.paths = fin->paths;
    sv->s.deterministic = sv->o.deterministic;
    sv->s.seed = (long)fin->in.params.seed;
    sv->s.base_year = fin->in.params.base_year;
    sv->s.years = fin->in.params.years;
    sv->s.city_before = sv->base.res.city;
    sv->s.city_after = fin->res.city;
    return DR_OK;
}

static dr_status write_here(solver *sv, dr_status *charts, dr_error *chart_err,
                            dr_error *err)
{
    FILE *f = dr_outdir_fopen(&sv->od, "solve.csv", err);
    if (!f)
        return err->status;
    dr_write_solve(f, &sv->s);
    dr_status st = dr_outdir_fclose(&sv->od, f, "solve.csv", err);
    const dr_job *job = &sv->sj->job;
    static const char *const subs[] = {"baseline", "solved"};
    for (int k = 0; k < 2 && st == DR_OK; k++) {
        dr_error cerr = {0};
        dr_status cs = dr_run_present(&sv->od, subs[k], job->charts, job->lang,
                                      job->run.threads, &cerr);
        if (dr_chart_status(cs, &cerr, charts, chart_err, err))
            st = cs;
    }
    char *dir = st == DR_OK ? dr_outdir_path(&sv->od, "") : NULL;
    if (st == DR_OK && !dir)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (st == DR_OK) {
        dr_error cerr = {0};
        dr_status cs = dr_solve_charts_draw(dir, &sv->s, job->charts, job->lang,
                                            job->run.threads, &cerr);
        if (dr_chart_status(cs, &cerr, charts, chart_err, err))
            st = cs;
    }
    if (st == DR_OK)
        st = dr_solve_report_write(dir, &sv->s, job->lang, err);
    if (st == DR_OK) {
        dr_error cerr = {0};
        dr_status cs = dr_office_write(dir, DR_FOLDER_SOLVE, job->reports,
                                       job->lang, &cerr);
        if (dr_chart_status(cs, &cerr, charts, chart_err, err))
            st = cs;
    }
    free(dir);
    return st;
}

/* solve.csv, the charts and reports: under mpirun, rank 0's alone. */
static dr_status write_all(solver *sv, dr_status *charts, dr_error *chart_err,
                           dr_error *err)
{
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = write_here(sv, charts, chart_err, err);
    return dr_run_solo_end(st, charts, chart_err, err);
}

static void solver_free(solver *sv)
{
    free(sv->sa);
    free(sv->sb);
    free(sv->x);
    free(sv->f);
    free(sv->prev);
    free(sv->state);
    free(sv->s.row);
    free(sv->pkg);
    free(sv->pkg_final);
    dr_outdir_abort(&sv->od);
    dr_run_free(&sv->base);
}

dr_status dr_solve_run(const dr_solve_job *sj, dr_error *err)
{
    solver sv = {.sj = sj, .spec = sj->job.spec, .o = sj->job.run};
    sv.o.progress = 0;
    sv.o.want_breach = 0;
    dr_run fin = {0};
    dr_status charts = DR_OK;
    dr_error chart_err = {0};
    dr_status st = setup(&sv, err);
    if (st == DR_OK) {
        const dr_lever *lv = &sv.s.lever;
        double w = fabs(lv->hi - lv->lo) / SCAN / lv->tol;
        sv.steps_planned = 2 + SCAN + (w > 1.0 ? (long)ceil(log2(w)) : 0);
    }
    if (st == DR_OK && (st = baseline(&sv, err)) == DR_OK &&
        (st = low_end(&sv, err)) == DR_OK && (st = scan(&sv, err)) == DR_OK &&
        (st = bisect(&sv, err)) == DR_OK &&
        (st = finish(&sv, &fin, err)) == DR_OK &&
        (st = write_all(&sv, &charts, &chart_err, err)) == DR_OK &&
        (st = dr_run_commit(&sv.od, err)) == DR_OK) {
        size_t count[3] = {0};
        for (size_t u = 0; u < sv.units; u++)
            count[sv.s.row[u].status]++;
        printf("debtrisk: solved in %ld runs of %ld paths: %zu solved, %zu "
               "met already, %zu not reachable; results in %s/solve.csv\n",
               sv.s.runs, sv.s.paths, count[DR_SOLVED], count[DR_MET],
               count[DR_NOT_REACHABLE], sj->job.out);
    }
    if (isatty(2) && st != DR_OK)
        fputs("\r\033[K", stderr);
    if (st == DR_OK && charts != DR_OK) {
        *err = chart_err;
        st = charts;
    }
    dr_run_free(&fin);
    solver_free(&sv);
    return st;
}
