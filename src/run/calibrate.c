#include "run/calibrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/calib_chart.h"
#include "inputs/inputs.h"
#include "outputs/calib_out.h"
#include "outputs/outdir.h"
#include "present/report_calib.h"
#include "run/runner.h"

typedef struct calib_inputs {
    char *model_path;
    dr_fiscal fiscal;
    dr_history history;
    dr_params params;
} calib_inputs;

static void inputs_free(calib_inputs *in)
{
    free(in->model_path);
    dr_history_free(&in->history);
    dr_fiscal_free(&in->fiscal);
    dr_params_free(&in->params);
}

static dr_status load(calib_inputs *in, const dr_calib_job *job, dr_error *err)
{
    *in = (calib_inputs){0};
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
    return DR_OK;
}

/* One warning naming the counties of fiscal.csv the history lacks. */
static void warn_missing(const calib_inputs *in, const dr_calib_job *job)
{
    size_t n = 0;
    for (size_t i = 0; i < in->fiscal.n; i++)
        n += dr_history_find(&in->history, i) == NULL;
    if (n == 0)
        return;
    fprintf(stderr,
            "debtrisk: warning: %zu count%s of %s %s not in %s and "
            "take%s no part in the calibration:",
            n, n == 1 ? "y" : "ies", job->fiscal, n == 1 ? "is" : "are",
            job->history, n == 1 ? "s" : "");
    for (size_t i = 0, k = 0; i < in->fiscal.n && k < 20; i++)
        if (!dr_history_find(&in->history, i))
            fprintf(stderr, "%s %s", k++ ? "," : "", in->fiscal.county[i].id);
    fputs(n > 20 ? ", ...\n" : "\n", stderr);
}

/* calibration.csv, then model.ini: the model given with the estimates
 * in force. */
static dr_status write_files(dr_outdir *od, const dr_calibration *c,
                             const dr_params *model, const char *history,
                             dr_error *err)
{
    FILE *f = dr_outdir_fopen(od, "calibration.csv", err);
    if (!f)
        return err->status;
    dr_write_calibration(f, c, model);
    dr_status st = dr_outdir_fclose(od, f, "calibration.csv", err);
    if (st != DR_OK)
        return st;
    if (!(f = dr_outdir_fopen(od, "calibration_series.csv", err)))
        return err->status;
    dr_write_calibration_series(f, c);
    st = dr_outdir_fclose(od, f, "calibration_series.csv", err);
    dr_params out;
    if (st != DR_OK || (st = dr_params_copy(&out, model, err)) != DR_OK)
        return st;
    if ((st = dr_calibration_apply(c, &out, err)) == DR_OK) {
        if ((f = dr_outdir_fopen(od, "model.ini", err))) {
            dr_write_calibrated_model(f, c, &out, history);
            st = dr_outdir_fclose(od, f, "model.ini", err);
        } else {
            st = err->status;
        }
    }
    dr_params_free(&out);
    return st;
}

/* The charts (a failure is kept in *charts, the first only, and the rest
 * goes on) and calibration.md in the temporary folder. */
static dr_status present(dr_outdir *od, const dr_calibration *c,
                         const calib_inputs *in, const dr_calib_job *job,
                         dr_status *charts, dr_error *chart_err, dr_error *err)
{
    char *dir = dr_outdir_path(od, "");
    if (!dir)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    dr_error cerr = {0};
    dr_status cs = dr_calib_charts_draw(dir, c, &in->fiscal, job->charts,
                                        job->lang, job->threads, &cerr);
    dr_status st = DR_OK;
    if (dr_chart_status(cs, &cerr, charts, chart_err, err))
        st = cs;
    if (st == DR_OK)
        st = dr_calib_report_write(dir, c, &in->fiscal, job->history,
                                   in->model_path, job->lang, err);
    free(dir);
    return st;
}

dr_status dr_calibrate_run(const dr_calib_job *job, dr_error *err)
{
    calib_inputs in;
    dr_calibration cal = {0};
    dr_outdir od = {0};
    dr_status st = load(&in, job, err);
    if (st == DR_OK)
        st = dr_calibrate(&in.history, &in.fiscal, &in.params, job->by,
                          job->from, job->to, &cal, err);
    if (st == DR_OK)
        warn_missing(&in, job);
    dr_status charts = DR_OK;
    dr_error chart_err = {0};
    if (st == DR_OK && (st = dr_run_open_out(&od, job->out, err)) == DR_OK &&
        (st = write_files(&od, &cal, &in.params, job->history, err)) == DR_OK &&
        (st = present(&od, &cal, &in, job, &charts, &chart_err, err)) ==
            DR_OK &&
        (st = dr_run_commit(&od, err)) == DR_OK)
        printf("debtrisk: calibrated %zu counties on %ld-%ld by %s; results "
               "in %s/\n",
               cal.panel.n, cal.panel.from, cal.panel.to,
               dr_cal_by_name[job->by], job->out);
    if (st == DR_OK && charts != DR_OK) {
        *err = chart_err;
        st = charts;
    }
    dr_outdir_abort(&od);
    dr_calibration_free(&cal);
    inputs_free(&in);
    return st;
}
