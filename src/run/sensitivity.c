/* debtrisk sensitivity: how much each parameter moves P(breach by the
 * horizon), low and high on common draws, for a tornado chart. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/par.h"
#include "charts/review_chart.h"
#include "outputs/output.h"
#include "outputs/schema.h"
#include "present/report.h"
#include "run/runner.h"
#include "run/sensitivity.h"

#define MAX_SETS 32 /* overrides of one side of one factor */

typedef struct factor {
    char name[64];          /* e.g. "land.mu" */
    char low[64], high[64]; /* shown in the table */
    char *set[2][MAX_SETS];
    size_t nset[2];
} factor;

static void factor_free(factor *f)
{
    for (int s = 0; s < 2; s++)
        for (size_t k = 0; k < f->nset[s]; k++)
            free(f->set[s][k]);
}

static int add_set(factor *f, int side, const char *section, const char *key,
                   double v)
{
    if (f->nset[side] == MAX_SETS)
        return 0;
    char buf[256];
    char num[32];
    v = dr_round12(v); /* 0.03 - 0.01 is 0.02, not 0.019999999999999997 */
    dr_fmt_num(num, v);
    snprintf(buf, sizeof buf, "%s.%s=%s", section, key, num);
    f->set[side][f->nset[side]] = strdup(buf);
    return f->set[side][f->nset[side]++] != NULL;
}

/* A type parameter moved in [defaults] and in every type section that sets
 * it, so that the change reaches every county: by `shift` (scale 0) or by
 * the factor `scale`. */
static int type_factor(factor *f, const dr_params *p, const char *key,
                       double lo, double hi, int scale)
{
    int index = dr_params_type_key(key);
    double base = dr_type_params_get(&p->defaults, index);
    snprintf(f->name, sizeof f->name, "%s", key);
    if (scale)
        snprintf(f->low, sizeof f->low, "x%g", lo),
            snprintf(f->high, sizeof f->high, "x%g", hi);
    else
        snprintf(f->low, sizeof f->low, "%+g", lo),
            snprintf(f->high, sizeof f->high, "%+g", hi);
    for (int side = 0; side < 2; side++) {
        double d = side ? hi : lo;
        if (!add_set(f, side, "defaults", key, scale ? base * d : base + d))
            return 0;
        for (size_t t = 0; t < p->ntypes; t++) {
            const dr_type_section *ts = &p->type[t];
            if (!(ts->set >> index & 1u))
                continue;
            char section[96];
            snprintf(section, sizeof section, "type.%s", ts->label);
            double v = ts->value[index];
            if (!add_set(f, side, section, key, scale ? v * d : v + d))
                return 0;
        }
    }
    return 1;
}

/* A global parameter set to two values. */
static int global_factor(factor *f, const char *section, const char *key,
                         double lo, double hi)
{
    snprintf(f->name, sizeof f->name, "%s.%s", section, key);
    char a[32], b[32];
    lo = dr_round12(lo);
    hi = dr_round12(hi);
    dr_fmt_num(a, lo);
    dr_fmt_num(b, hi);
    snprintf(f->low, sizeof f->low, "%s", a);
    snprintf(f->high, sizeof f->high, "%s", b);
    return add_set(f, 0, section, key, lo) && add_set(f, 1, section, key, hi);
}

/* The parameters that matter most, around the model in force. */
static size_t default_factors(factor *fs, const dr_params *p)
{
    size_t n = 0;
    int ok =
        type_factor(&fs[n++], p, "land.mu", -0.03, 0.03, 0) &&
        type_factor(&fs[n++], p, "land.sigma", 0.5, 1.5, 1) &&
        type_factor(&fs[n++], p, "growth.mu", -0.01, 0.01, 0) &&
        type_factor(&fs[n++], p, "spending.mu", -0.01, 0.01, 0) &&
        global_factor(&fs[n++], "rates", "hidden_spread",
                      fmax(0.0, p->hidden_spread - 0.01),
                      p->hidden_spread + 0.01) &&
        global_factor(&fs[n++], "policy", "quota", fmax(0.0, p->quota - 0.02),
                      p->quota + 0.02) &&
        global_factor(&fs[n++], "policy", "consolidation", 0.0,
                      p->consolidation > 0 ? 2.0 * p->consolidation : 0.05);
    return ok ? n : 0;
}

/* --param SECTION.KEY=LOW:HIGH */
static dr_status param_factor(factor *f, const char *arg, dr_error *err)
{
    const char *eq = strchr(arg, '=');
    const char *colon = eq ? strchr(eq, ':') : NULL;
    if (!eq || !colon || eq == arg || colon == eq + 1 || !colon[1] ||
        (size_t)(eq - arg) >= sizeof f->name)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--param: expected SECTION.KEY=LOW:HIGH, found "
                            "'%s'",
                            arg);
    *f = (factor){0};
    const char *b = arg, *e = eq;
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    snprintf(f->name, sizeof f->name, "%.*s", (int)(e - b), b);
    snprintf(f->low, sizeof f->low, "%.*s", (int)(colon - eq - 1), eq + 1);
    snprintf(f->high, sizeof f->high, "%s", colon + 1);
    char buf[256];
    for (int side = 0; side < 2; side++) {
        snprintf(buf, sizeof buf, "%s=%s", f->name, side ? f->high : f->low);
        if (!(f->set[side][0] = strdup(buf)))
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        f->nset[side] = 1;
    }
    return DR_OK;
}

/* Every --param, read and checked before anything is simulated: its form,
 * its key and its two values (on a model of defaults: the ranges do not
 * depend on the model), a parameter given twice, and the keys of [run],
 * which define the paths that the low and high runs share (common random
 * numbers). Each of these is a usage error naming the flag. */
static dr_status read_params(factor *fs, const char *const *params,
                             size_t nparams, dr_error *err)
{
    dr_params scratch;
    dr_params_init(&scratch);
    dr_status st = DR_OK;
    for (size_t k = 0; k < nparams && st == DR_OK; k++) {
        const char *arg = params[k];
        if ((st = param_factor(&fs[k], arg, err)))
            break;
        if (dr_params_section_len(fs[k].name) == 3 &&
            strncmp(fs[k].name, "run.", 4) == 0) {
            st = dr_error_set(err, DR_EUSAGE, "--param", 0, 0,
                              "'%s': [run] keys (seed, paths, years, "
                              "base_year) cannot vary: the low and high runs "
                              "must share the base run's paths",
                              arg);
            break;
        }
        for (size_t j = 0; j < k && st == DR_OK; j++)
            if (strcmp(fs[j].name, fs[k].name) == 0)
                st = dr_error_set(err, DR_EUSAGE, "--param", 0, 0,
                                  "'%s': %s is already varied by --param "
                                  "%s; give each parameter once",
                                  arg, fs[k].name, params[j]);
        for (int side = 0; side < 2 && st == DR_OK; side++)
            if ((st = dr_params_set_arg_as(&scratch, fs[k].set[side][0],
                                           "--param", err)) == DR_EINPUT)
                err->status = st = DR_EUSAGE;
    }
    dr_params_free(&scratch);
    return st;
}

static double p_end(const dr_run *r, size_t i)
{
    long T = r->plan.years;
    return i < r->plan.n
               ? dr_results_stat(&r->res, i, T, DR_M_BROAD)->p_breached
               : r->res.city[T].p_breached;
}

/* One side of one factor: the command line's overrides, then the
 * factor's. With od (the baseline), the output folder is opened once the
 * inputs are read, before anything is simulated. */
static dr_status run_side(dr_run *r, const dr_job *job, const factor *f,
                          int side, const dr_run_opts *o, dr_outdir *od,
                          dr_error *err)
{
    dr_input_spec spec = job->spec;
    const char **sets = malloc((spec.nset + MAX_SETS) * sizeof *sets);
    if (!sets)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    size_t n = 0;
    for (size_t k = 0; k < job->spec.nset; k++)
        sets[n++] = job->spec.set[k];
    for (size_t k = 0; f && k < f->nset[side]; k++)
        sets[n++] = f->set[side][k];
    spec.set = sets;
    spec.nset = n;
    dr_status st = dr_run_prepare(r, &spec, job->scenario, err);
    if (st == DR_EINPUT && f && !strchr(err->file, '/') &&
        strcmp(err->file, "--set") == 0) {
        /* A bad --param reads better under its own name. */
        err->status = st = DR_EUSAGE;
    }
    if (st == DR_OK && !f)
        dr_inputs_warn(&r->in); /* once, for the base run */
    if (st == DR_OK && od)
        st = dr_run_open_out(od, job->out, err);
    if (st == DR_OK)
        st = dr_run_compute(r, o, err);
    free(sets);
    return st;
}

/* The baseline's charts and report, the tornado charts and the report of
 * the sensitivity run, in the temporary folder. A chart failure goes to
 * *charts and the run goes on. */
static dr_status present_here(dr_outdir *od, const dr_job *job,
                              dr_status *charts, dr_error *chart_err,
                              dr_error *err)
{
    dr_error cerr = {0};
    int threads = job->run.threads;
    dr_status cs =
        dr_run_present(od, "baseline", job->charts, job->lang, threads, &cerr);
    if (dr_chart_status(cs, &cerr, charts, chart_err, err))
        return cs;
    char *dir = dr_outdir_path(od, "");
    if (!dir)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    cs = dr_tornado_draw(dir, job->charts, job->lang, threads, &cerr);
    dr_status st = DR_OK;
    if (dr_chart_status(cs, &cerr, charts, chart_err, err))
        st = cs;
    else
        st = dr_sensitivity_report_write(dir, job->lang, err);
    if (st == DR_OK) {
        cs = dr_office_write(dir, DR_FOLDER_SENSITIVITY, job->reports,
                             job->lang, &cerr);
        if (dr_chart_status(cs, &cerr, charts, chart_err, err))
            st = cs;
    }
    free(dir);
    return st;
}

/* Under mpirun, rank 0's alone. */
static dr_status present(dr_outdir *od, const dr_job *job, dr_status *charts,
                         dr_error *chart_err, dr_error *err)
{
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = present_here(od, job, charts, chart_err, err);
    return dr_run_solo_end(st, charts, chart_err, err);
}

dr_status dr_sensitivity_run(const dr_job *job, const char *const *params,
                             size_t nparams, dr_error *err)
{
    dr_run_opts o = job->run;
    o.progress = 0;
    dr_run base, lo, hi;
    memset(&base, 0, sizeof base);
    memset(&lo, 0, sizeof lo);
    memset(&hi, 0, sizeof hi);
    factor *fs = NULL;
    size_t nf = 0;
    dr_outdir od = {0};
    FILE *f = NULL;
    dr_status charts = DR_OK;
    dr_error chart_err = {0};
    dr_status st = DR_OK;
    fs = calloc(nparams ? nparams : 8, sizeof *fs);
    if (!fs) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    nf = nparams; /* factor_free is safe on the ones not read */
    /* The --params and the folder first: both are known before any
     * simulation. */
    if ((st = read_params(fs, params, nparams, err)) ||
        (st = run_side(&base, job, NULL, 0, &o, &od, err)))
        goto done;
    if (!nparams && !(nf = default_factors(fs, &base.in.params))) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((st = dr_run_write(&base, &o, &od, "baseline", err)))
        goto done;
    if (!(f = dr_outdir_fopen(&od, "sensitivity.csv", err))) {
        st = err->status;
        goto done;
    }
    dr_schema_header(f, &dr_schemas[DR_SC_SENSITIVITY]);
    size_t n = base.plan.n;
    for (size_t k = 0; k < nf; k++) {
        if (isatty(2))
            fprintf(stderr, "debtrisk: %zu/%zu %s\n", k + 1, nf, fs[k].name);
        if ((st = run_side(&lo, job, &fs[k], 0, &o, NULL, err)) ||
            (st = run_side(&hi, job, &fs[k], 1, &o, NULL, err)))
            goto done;
        for (size_t i = 0; i <= n; i++) {
            double b = p_end(&base, i), l = p_end(&lo, i), h = p_end(&hi, i);
            dr_csv_field(f, fs[k].name);
            fputc(',', f);
            dr_csv_field(f, fs[k].low);
            fputc(',', f);
            dr_csv_field(f, fs[k].high);
            fputc(',', f);
            dr_csv_field(f, i < n ? base.in.fiscal.county[i].id : "city");
            fputc(',', f);
            dr_csv_field(f, i < n ? base.in.fiscal.county[i].name : "city");
            dr_csv_num(f, b);
            dr_csv_num(f, l);
            dr_csv_num(f, h);
            /* Probabilities are k/N: difference the counts, exactly. */
            double N = (double)base.paths;
            dr_csv_num(f, (round(l * N) - round(b * N)) / N);
            dr_csv_num(f, (round(h * N) - round(b * N)) / N);
            fputc('\n', f);
        }
        dr_run_free(&lo);
        dr_run_free(&hi);
    }
    st = dr_outdir_fclose(&od, f, "sensitivity.csv", err);
    f = NULL;
    if (st || (st = present(&od, job, &charts, &chart_err, err)))
        goto done;
    if ((st = dr_run_commit(&od, err)))
        goto done;
    printf("debtrisk: %zu parameters, low and high on the same %ld paths; "
           "results in %s/sensitivity.csv\n",
           nf, base.paths, job->out);
    if (charts != DR_OK) {
        *err = chart_err;
        st = charts;
    }
done:
    if (f)
        fclose(f);
    dr_outdir_abort(&od);
    dr_run_free(&lo);
    dr_run_free(&hi);
    dr_run_free(&base);
    for (size_t k = 0; fs && k < nf; k++)
        factor_free(&fs[k]);
    free(fs);
    return st;
}
