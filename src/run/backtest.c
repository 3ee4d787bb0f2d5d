#include "run/backtest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/par.h"
#include "base/stop.h"
#include "calib/apply.h"
#include "calib/bootstrap.h"
#include "charts/backtest_chart.h"
#include "engine/engine.h"
#include "inputs/inputs.h"
#include "model/plan.h"
#include "outputs/backtest_out.h"
#include "outputs/outdir.h"
#include "present/report_backtest.h"
#include "run/runner.h"

#define MAX_HORIZON 10

typedef struct bt_inputs {
    char *model_path;
    dr_fiscal fiscal;
    dr_history history;
    dr_params params;
} bt_inputs;

static void inputs_free(bt_inputs *in)
{
    free(in->model_path);
    dr_history_free(&in->history);
    dr_fiscal_free(&in->fiscal);
    dr_params_free(&in->params);
}

static dr_status load(bt_inputs *in, const dr_backtest_job *job, dr_error *err)
{
    *in = (bt_inputs){0};
    dr_params_init(&in->params);
    in->model_path = job->model ? strdup(job->model)
                                : dr_bundled_path("models/baseline.ini");
    if (!in->model_path)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_status st;
    if ((st = dr_fiscal_read(job->fiscal, &in->fiscal, err)) ||
        (st = dr_params_read(&in->params, in->model_path, err)) ||
        (st = dr_params_finish(&in->params, in->model_path, err)) ||
        (st = dr_history_read(job->history, &in->fiscal, &in->history, err)))
        return st;
    if (!in->history.has[DR_H_PRIMARY_SPENDING])
        return dr_error_set(err, DR_EINPUT, job->history, 1, 1,
                            "a backtest starts each origin from the "
                            "history's year, and needs its "
                            "primary_spending column");
    if (in->history.n < in->fiscal.n)
        return dr_error_set(err, DR_EINPUT, job->history, 0, 0,
                            "a backtest compares every county of %s with "
                            "its history, and %zu of them have none",
                            job->fiscal, in->fiscal.n - in->history.n);
    return DR_OK;
}

/* The last year every county's history reaches, and whether it holds the
 * debt columns (then broad is compared too). */
static long last_year(const dr_history *h)
{
    long last = DR_HISTORY_YEAR_MAX;
    for (size_t k = 0; k < h->n; k++) {
        long l = h->county[k].first + (long)h->county[k].nyears - 1;
        if (l < last)
            last = l;
    }
    return last;
}

/* The first year of the history (the earliest county's). */
static long first_year(const dr_history *h)
{
    long first = DR_HISTORY_YEAR_MAX;
    for (size_t k = 0; k < h->n; k++)
        if (h->county[k].first < first)
            first = h->county[k].first;
    return first;
}

/* Variable k of county c in calendar year y, or NAN. */
static double hist_value(const dr_history_county *c, long y, int k)
{
    if (y < c->first || y >= c->first + (long)c->nyears)
        return NAN;
    return c->v[y - c->first][k];
}

/* 0 for an optional variable a history leaves out. */
static double or_zero(double v)
{
    return isnan(v) ? 0.0 : v;
}

/* The county's year as the model's base year: its fiscal.csv row (name,
 * type, base rates) with the history's figures of year y. */
static int base_from_history(dr_county *c, const dr_history_county *hc, long y)
{
    double v[DR_NHVARS];
    for (int k = 0; k < DR_NHVARS; k++)
        v[k] = hist_value(hc, y, k);
    if (isnan(v[DR_H_GDP]) || isnan(v[DR_H_PRIMARY_SPENDING]))
        return 0;
    c->gdp = v[DR_H_GDP];
    c->own_revenue = v[DR_H_OWN_REVENUE];
    c->transfers = v[DR_H_TRANSFERS];
    c->land_revenue = v[DR_H_LAND_REVENUE];
    c->primary_spending = v[DR_H_PRIMARY_SPENDING];
    c->explicit_debt = or_zero(v[DR_H_EXPLICIT_DEBT]);
    c->hidden_debt = or_zero(v[DR_H_HIDDEN_DEBT]);
    c->other_fund_revenue = or_zero(v[DR_H_OTHER_FUND_REVENUE]);
    c->soe_revenue = or_zero(v[DR_H_SOE_REVENUE]);
    c->remittance = or_zero(v[DR_H_REMITTANCE]);
    c->contingent = or_zero(v[DR_H_CONTINGENT]);
    return 1;
}

/* What happened in year y: the tracked variables (broad only when the
 * history gives both debts). */
static void realized(const dr_history_county *hc, long y, double *out)
{
    double v[DR_NHVARS];
    for (int k = 0; k < DR_NHVARS; k++)
        v[k] = hist_value(hc, y, k);
    out[DR_TR_GDP] = v[DR_H_GDP];
    out[DR_TR_OWN_REVENUE] = v[DR_H_OWN_REVENUE];
    out[DR_TR_TRANSFERS] = v[DR_H_TRANSFERS];
    out[DR_TR_LAND_REVENUE] = v[DR_H_LAND_REVENUE];
    double cfr = v[DR_H_OWN_REVENUE] + v[DR_H_TRANSFERS] +
                 v[DR_H_LAND_REVENUE] + or_zero(v[DR_H_OTHER_FUND_REVENUE]) +
                 or_zero(v[DR_H_SOE_REVENUE]) - or_zero(v[DR_H_REMITTANCE]);
    out[DR_TR_CFR] = cfr;
    out[DR_TR_BROAD] =
        isnan(v[DR_H_EXPLICIT_DEBT]) || isnan(v[DR_H_HIDDEN_DEBT])
            ? NAN
            : dr_ratio(v[DR_H_EXPLICIT_DEBT] + v[DR_H_HIDDEN_DEBT], cfr);
}

/* One origin's model: the model given, calibrated on [from, O], the
 * --set overrides, the family, the base year and horizon. On failure *p
 * holds nothing to free. */
static dr_status origin_model(const dr_backtest_job *job, const bt_inputs *in,
                              long O, long H, dr_family fam, dr_params *p,
                              dr_error *err)
{
    dr_calibration cal;
    dr_status st = dr_calibrate(&in->history, &in->fiscal, &in->params, job->by,
                                job->from, O, &cal, err);
    if (st != DR_OK)
        return st;
    int made = (st = dr_params_copy(p, &in->params, err)) == DR_OK;
    if (made)
        st = dr_calibration_apply(&cal, p, err);
    dr_calibration_free(&cal);
    for (size_t k = 0; st == DR_OK && k < job->nset; k++)
        st = dr_params_set_arg(p, job->set[k], err);
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", O);
    if (st == DR_OK)
        st = dr_params_set(p, "run", "base_year", buf, "--origin", 0, 0, err);
    snprintf(buf, sizeof buf, "%ld", H);
    if (st == DR_OK)
        st = dr_params_set(p, "run", "years", buf, "--horizon", 0, 0, err);
    /* a bad --paths or --seed is bad usage, as for run */
    if (st == DR_OK && job->paths &&
        (st = dr_params_set(p, "run", "paths", job->paths, "--paths", 0, 0,
                            err)) == DR_EINPUT)
        err->status = st = DR_EUSAGE;
    if (st == DR_OK && job->seed &&
        (st = dr_params_set(p, "run", "seed", job->seed, "--seed", 0, 0,
                            err)) == DR_EINPUT)
        err->status = st = DR_EUSAGE;
    if (job->nfam)
        p->family = fam; /* else the model's, or --set shocks.family */
    if (st == DR_OK)
        st = dr_params_finish(p, in->model_path, err);
    /* a refused --set, --paths or --seed: the copy is freed here, since
     * the caller frees only a model that was made */
    if (st != DR_OK && made)
        dr_params_free(p);
    return st;
}

/* The fans of the first origin and family, for the charts. */
static dr_status keep_fans(dr_backtest *b, const dr_results *res,
                           const bt_inputs *in, long O, long H)
{
    size_t n = in->fiscal.n, cells = n * (size_t)(H + 1) * DR_NTRACK;
    b->fan_T = H;
    b->fan = calloc(cells, sizeof *b->fan);
    b->fan_real = malloc(cells * sizeof *b->fan_real);
    if (!b->fan || !b->fan_real)
        return DR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const dr_history_county *hc = dr_history_find(&in->history, i);
        for (long t = 0; t <= H; t++) {
            double real[DR_NTRACK];
            realized(hc, O + t, real);
            for (int v = 0; v < DR_NTRACK; v++) {
                size_t k =
                    (i * (size_t)(H + 1) + (size_t)t) * DR_NTRACK + (size_t)v;
                b->fan_real[k] = real[v];
                if (t == 0)
                    dr_stat_point(&b->fan[k], real[v], INFINITY, 0);
                else
                    b->fan[k] = res->track[(i * (size_t)H + (size_t)(t - 1)) *
                                               DR_NTRACK +
                                           (size_t)v];
            }
        }
    }
    return DR_OK;
}

/* One origin under one family: the model, the base year, the realized
 * values, the paths, and the rows of the comparison. */
static dr_status one_origin(const dr_backtest_job *job, const bt_inputs *in,
                            long O, long H, int fk, dr_backtest *b,
                            dr_error *err)
{
    size_t n = in->fiscal.n;
    dr_params p;
    dr_fiscal base = in->fiscal;
    dr_county *county = malloc(n * sizeof *county);
    double *real = malloc(n * (size_t)H * DR_NTRACK * sizeof *real);
    dr_scenario scen;
    dr_projects none = {0};
    dr_plan plan = {0};
    dr_bootstrap boot = {0};
    dr_results res = {0};
    dr_status st = dr_scenario_baseline(&scen);
    if (!county || !real || st != DR_OK) {
        if (st == DR_OK) /* made, and freed here: it has no owner yet */
            dr_scenario_free(&scen);
        free(county);
        free(real);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const dr_history_county *hc = dr_history_find(&in->history, i);
        county[i] = in->fiscal.county[i];
        if (O < hc->first || O >= hc->first + (long)hc->nyears) {
            st = dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                              "--origin %ld: county '%s' has no year %ld in "
                              "%s",
                              O, hc->id, O, job->history);
            goto done;
        }
        if (!base_from_history(&county[i], hc, O)) {
            st = dr_error_set(err, DR_EINPUT, job->history, hc->line, hc->col,
                              "county '%s' gives no primary_spending for "
                              "%ld, the origin a backtest starts from",
                              hc->id, O);
            goto done;
        }
        for (long t = 1; t <= H; t++)
            realized(hc, O + t,
                     &real[(i * (size_t)H + (size_t)(t - 1)) * DR_NTRACK]);
    }
    base.county = county;
    if ((st = origin_model(job, in, O, H, b->family[fk], &p, err)))
        goto done;
    if ((st = dr_plan_build(&plan, &p, &base, &none, 0, &scen, err)))
        goto params;
    if (p.family == DR_FAMILY_BOOTSTRAP) {
        if ((st = dr_bootstrap_build(&in->history, &base, &p, job->from, O,
                                     &boot, err)))
            goto params;
        plan.boot = &boot;
    }
    if (dr_results_alloc_tracked(&res, n, H, p.paths, 1))
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    /* under mpirun, a rank's failure is every rank's */
    if ((st = dr_par_agree(st, err)))
        goto params;
    dr_mc_opts mo = {
        .threads = job->threads, .stop = &dr_stop_requested, .real = real};
    if ((st = dr_engine_monte_carlo(&plan, &mo, &res, err)))
        goto params;
    for (size_t i = 0; i < n && st == DR_OK; i++)
        for (long t = 1; t <= H && st == DR_OK; t++)
            for (int v = 0; v < DR_NTRACK && st == DR_OK; v++) {
                size_t k =
                    (i * (size_t)H + (size_t)(t - 1)) * DR_NTRACK + (size_t)v;
                if (isnan(real[k]))
                    continue;
                const dr_stat *s = &res.track[k];
                dr_bt_row row = {O,         i,         O + t,     v,
                                 fk,        real[k],   s->pct[1], s->pct[3],
                                 s->pct[5], res.pit[k]};
                if (dr_backtest_add(b, &row) != DR_OK)
                    st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                                      "out of memory");
            }
    b->paths = p.paths;
    b->family[fk] = p.family;
    if (st == DR_OK && fk == 0 && O == job->origin0 &&
        keep_fans(b, &res, in, O, H) != DR_OK)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
params:
    dr_params_free(&p);
done:
    dr_results_free(&res);
    dr_bootstrap_free(&boot);
    dr_plan_free(&plan);
    dr_scenario_free(&scen);
    free(county);
    free(real);
    return st;
}

static dr_status simulate(const dr_backtest_job *job, const bt_inputs *in,
                          dr_backtest *b, dr_error *err)
{
    long last = last_year(&in->history);
    for (long O = job->origin0; O <= job->origin1; O++) {
        long H = job->horizon ? job->horizon : MAX_HORIZON;
        if (H > last - O)
            H = last - O;
        if (H < 1)
            return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                                "--origin %ld: the history ends in %ld, so "
                                "nothing after %ld can be compared",
                                O, last, O);
        for (int fk = 0; fk < b->nfam; fk++) {
            if (isatty(2))
                fprintf(stderr, "debtrisk: origin %ld, %s shocks\n", O,
                        dr_family_names[b->family[fk]]);
            dr_status st = one_origin(job, in, O, H, fk, b, err);
            if (st != DR_OK)
                return st;
        }
    }
    return DR_OK;
}

static dr_status write_csv(dr_outdir *od, const dr_backtest *b, dr_error *err)
{
    FILE *f = dr_outdir_fopen(od, "backtest.csv", err);
    if (!f)
        return err->status;
    dr_write_backtest(f, b);
    return dr_outdir_fclose(od, f, "backtest.csv", err);
}

/* The charts (a failure kept in *charts) and backtest.md. */
static dr_status present_here(dr_outdir *od, const dr_backtest *b,
                              const dr_backtest_job *job, dr_status *charts,
                              dr_error *chart_err, dr_error *err)
{
    char *dir = dr_outdir_path(od, "");
    if (!dir)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_error cerr = {0};
    dr_status cs = dr_backtest_charts_draw(dir, b, job->charts, job->lang,
                                           job->threads, &cerr);
    dr_status st = DR_OK;
    if (dr_chart_status(cs, &cerr, charts, chart_err, err))
        st = cs;
    if (st == DR_OK)
        st = dr_backtest_report_write(dir, b, job->history, job->lang, err);
    free(dir);
    return st;
}

/* Under mpirun, rank 0's alone. */
static dr_status present(dr_outdir *od, const dr_backtest *b,
                         const dr_backtest_job *job, dr_status *charts,
                         dr_error *chart_err, dr_error *err)
{
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = present_here(od, b, job, charts, chart_err, err);
    return dr_run_solo_end(st, charts, chart_err, err);
}

dr_status dr_backtest_run(const dr_backtest_job *job, dr_error *err)
{
    bt_inputs in;
    dr_backtest b = {
        .from = job->from, .origin0 = job->origin0, .origin1 = job->origin1};
    dr_outdir od = {0};
    dr_status charts = DR_OK;
    dr_error chart_err = {0};
    dr_status st = load(&in, job, err);
    b.fiscal = &in.fiscal;
    if (st == DR_OK && first_year(&in.history) > b.from)
        b.from = first_year(&in.history);
    b.nfam = job->nfam ? job->nfam : 1;
    for (int k = 0; k < b.nfam; k++)
        b.family[k] = job->nfam ? job->family[k] : in.params.family;
    if (st == DR_OK)
        st = dr_run_open_out(&od, job->out, err);
    if (st == DR_OK && (st = simulate(job, &in, &b, err)) == DR_OK &&
        (st = write_csv(&od, &b, err)) == DR_OK &&
        (st = present(&od, &b, job, &charts, &chart_err, err)) == DR_OK &&
        (st = dr_run_commit(&od, err)) == DR_OK)
        printf("debtrisk: backtest from %ld to %ld, %zu comparisons; "
               "results in %s/\n",
               job->origin0, job->origin1, b.nrows, job->out);
    if (st == DR_OK && charts != DR_OK) {
        *err = chart_err;
        st = charts;
    }
    dr_outdir_abort(&od);
    dr_backtest_free(&b);
    inputs_free(&in);
    return st;
}
