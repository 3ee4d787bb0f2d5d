#include "cli/commands.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/parse.h"
#include "calib/bootstrap.h"
#include "charts/chart.h"
#include "charts/review_chart.h"
#include "config.h"
#include "engine/engine.h"
#include "inputs/inputs.h"
#include "model/plan.h"
#include "outputs/outdir.h"
#include "outputs/output.h"
#include "present/briefing.h"
#include "present/report.h"
#include "run/backtest.h"
#include "run/batch.h"
#include "run/calibrate.h"
#include "run/runner.h"
#include "run/sensitivity.h"
#include "run/solve.h"
#include "stats/results.h"

static void print_done(const char *out, const dr_run *r, int deterministic)
{
    const dr_results *res = &r->res;
    size_t n = r->plan.n, above = 0;
    for (size_t i = 0; i < n; i++)
        above +=
            dr_results_stat(res, i, res->years, DR_M_BROAD)->p_above >= 0.5;
    printf("debtrisk: %zu counties, %ld years, %s; results in %s/\n", n,
           res->years, deterministic ? "deterministic" : "Monte Carlo", out);
    printf("debtrisk: %zu of %zu counties %s above the warning line in "
           "%ld\n",
           above, n, deterministic ? "are" : "are likely",
           r->in.params.base_year + res->years);
}

dr_input_spec dr_run_spec(const dr_cli *cli)
{
    return (dr_input_spec){.data = cli->data,
                           .fiscal = cli->fiscal,
                           .projects = cli->projects,
                           .model = cli->model,
                           .set = cli->set,
                           .nset = cli->nset,
                           .paths = cli->paths,
                           .years = cli->years,
                           .seed = cli->seed};
}

dr_job dr_job_of(const dr_cli *cli)
{
    return (dr_job){.spec = dr_run_spec(cli),
                    .scenario = cli->nscenario ? cli->scenario[0] : NULL,
                    .run = dr_run_opts_of(cli),
                    .out = cli->out,
                    .charts = cli->charts,
                    .reports = cli->report,
                    .lang = cli->lang};
}

dr_run_opts dr_run_opts_of(const dr_cli *cli)
{
    return (dr_run_opts){
        .deterministic = cli->deterministic,
        .threads = cli->threads > 0 ? cli->threads : omp_get_num_procs(),
        .progress = isatty(STDERR_FILENO),
        .cmdline = cli->cmdline,
    };
}

dr_status dr_cmd_run(const dr_cli *cli, dr_error *err)
{
    dr_input_spec spec = dr_run_spec(cli);
    dr_run_opts o = dr_run_opts_of(cli);
    dr_run r;
    dr_outdir od = {0};
    dr_status st = dr_run_prepare(
        &r, &spec, cli->nscenario ? cli->scenario[0] : NULL, err);
    if (st)
        return st;
    dr_inputs_warn(&r.in);
    /* The folder first: a refused --out is known before the simulation. */
    if ((st = dr_run_open_out(&od, cli->out, err)) ||
        (st = dr_run_compute(&r, &o, err)) ||
        (st = dr_run_write(&r, &o, &od, "", err)))
        goto done;
    /* Charts that cannot be drawn leave the results to be kept: exit 3. */
    dr_error cerr = {0};
    dr_status charts =
        dr_run_present(&od, "", cli->charts, cli->lang, o.threads, &cerr);
    if (charts == DR_OK || charts == DR_ECHART) {
        dr_error oerr;
        dr_status os = dr_run_office(&od, "", DR_FOLDER_RUN, cli->report,
                                     cli->lang, &oerr);
        if (os != DR_OK && (charts == DR_OK || os != DR_ECHART)) {
            cerr = oerr;
            charts = os;
        }
    }
    if (charts != DR_OK && charts != DR_ECHART) {
        *err = cerr;
        st = charts;
        goto done;
    }
    if ((st = dr_run_commit(&od, err)))
        goto done;
    print_done(cli->out, &r, cli->deterministic);
    if (charts == DR_ECHART) {
        *err = cerr;
        st = charts;
    }
done:
    dr_outdir_abort(&od);
    dr_run_free(&r);
    return st;
}

/* The counties with keys of their own ([county.ID]), and which. */
static void print_own_keys(const dr_params *p)
{
    if (p->ncounties == 0)
        return;
    printf("counties with keys of their own ([county.ID] over their type):\n");
    for (size_t k = 0; k < p->ncounties; k++) {
        const dr_type_section *cs = &p->county[k];
        printf("  %s:", cs->label);
        for (int i = 0; i < DR_NTYPEKEYS; i++)
            if (cs->set >> i & 1)
                printf(" %s", dr_params_type_key_name(i));
        printf("\n");
    }
}

/* Terminal columns taken by UTF-8 text: CJK characters take two. */
static int display_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        w += *p >= 0xE0 ? 2 : 1;
    }
    return w;
}

static void print_padded(const char *s, int width)
{
    fputs(s, stdout);
    for (int k = display_width(s); k < width; k++)
        putchar(' ');
}

static void pct(char *buf, size_t n, double v)
{
    if (isinf(v))
        snprintf(buf, n, "inf");
    else
        snprintf(buf, n, "%.1f%%", 100.0 * v);
}

static void print_counties(const dr_inputs *in)
{
    const dr_fiscal *f = &in->fiscal;
    const dr_params *p = &in->params;
    printf("%s: %zu counties, base year %ld\n", in->fiscal_path, f->n,
           p->base_year);
    /* Types in order of first appearance, with counts. */
    printf("types:");
    for (size_t i = 0; i < f->n; i++) {
        size_t j = 0, count = 0;
        while (j < i && strcmp(f->county[j].type, f->county[i].type) != 0)
            j++;
        if (j < i)
            continue;
        for (size_t k = i; k < f->n; k++)
            count += strcmp(f->county[k].type, f->county[i].type) == 0;
        int own = 0;
        for (size_t k = 0; k < p->ntypes; k++)
            own |= strcmp(p->type[k].label, f->county[i].type) == 0;
        printf(" %s %zu%s", f->county[i].type, count,
               own ? "" : " (no [type] section: [defaults])");
    }
    printf("\n%s: %zu projects\n\n",
           in->projects_path ? in->projects_path : "projects", in->nbase);

    printf("%-14s  %-10s  %-13s %9s %9s %9s  %s\n", "county", "name", "type",
           "broad", "official", "debt/GDP", "projects");
    size_t above = 0;
    for (size_t i = 0; i < f->n; i++) {
        const dr_county *c = &f->county[i];
        dr_county_model cm;
        dr_state s;
        dr_year y;
        dr_type_params tp;
        dr_params_county(p, c->id, c->type, &tp);
        dr_county_model_init(&cm, c, &tp);
        dr_model_init(&cm, &s, &y);
        size_t np = 0;
        for (size_t k = 0; k < in->projects.n; k++)
            np += in->projects.p[k].county == i;
        char b[16], o[16], g[16];
        pct(b, sizeof b, y.m[DR_M_BROAD]);
        pct(o, sizeof o, y.m[DR_M_OFFICIAL]);
        pct(g, sizeof g, y.m[DR_M_DEBT_GDP]);
        print_padded(c->id, 16);
        print_padded(c->name, 12);
        printf("%-13s %9s %9s %9s  %zu%s\n", c->type, b, o, g, np,
               y.m[DR_M_BROAD] > p->warning ? "   above the line" : "");
        above += y.m[DR_M_BROAD] > p->warning;
    }
    char w[16];
    pct(w, sizeof w, p->warning);
    printf("\n%zu of %zu counties above the %s warning line in %ld\n", above,
           f->n, w, p->base_year);
    print_own_keys(p);
}

/* The years bootstrap shocks draw from; fewer than 8 give a lumpy
 * distribution, which check says. */
static void print_bootstrap(const dr_inputs *in, const dr_bootstrap *b)
{
    printf("bootstrap shocks from %s: %zu historical years to draw from "
           "(%ld-%ld)",
           in->params.history, b->nyears, b->year[0], b->year[b->nyears - 1]);
    if (b->block > 1)
        printf(", %zu blocks of %zu years", b->nstarts, b->block);
    printf("\n");
    static const char *const var[4] = {"growth", "own revenue", "land",
                                       "transfers"};
    size_t pairs = 0;
    int serial = 0;
    printf("  lag-1 autocorrelation of the innovations:");
    for (int k = 0; k < 4; k++) {
        double r = dr_bootstrap_lag1(b, k, &pairs);
        printf("%s %s %+.2f", k ? "," : "", var[k], r);
        serial |= pairs && fabs(r) > 2.0 / sqrt((double)pairs);
    }
    if (pairs)
        printf(" (standard error about %.2f)\n", 1.0 / sqrt((double)pairs));
    else
        printf("\n");
    if (serial && b->block < 2)
        printf("  beyond two standard errors: the years are not independent "
               "draws;\n  [shocks] block = 2 keeps consecutive years "
               "together\n");
    if (b->nyears < 8)
        fprintf(stderr,
                "debtrisk: warning: %s: bootstrap shocks have only %zu "
                "historical years to draw from; with fewer than 8 every "
                "path repeats the same few years (a longer history, or "
                "family = normal, gives a smoother distribution)\n",
                in->params.history, b->nyears);
}

static void print_selector(const dr_selector *s)
{
    switch (s->kind) {
    case DR_SEL_ALL: printf("all counties"); break;
    case DR_SEL_TYPE: printf("counties of type %s", s->type); break;
    case DR_SEL_IDS:
        for (size_t k = 0; k < s->nids; k++)
            printf("%s%s", k ? "," : "", s->ids[k]);
        break;
    }
}

static void print_scenario(const dr_scenario *s)
{
    printf("\nscenario %s (%s)", s->name, s->path ? s->path : "built in");
    if (s->title && *s->title)
        printf(": %s", s->title);
    putchar('\n');
    for (size_t k = 0; k < s->nset; k++)
        printf("  set     %s.%s = %s\n", s->set[k].section, s->set[k].key,
               s->set[k].value);
    for (size_t k = 0; k < s->nadj; k++) {
        const dr_adjust *a = &s->adj[k];
        printf("  adjust  %s %s %g%s, %ld-%ld, ", dr_adj_var_name(a->var),
               a->op == DR_OP_MUL ? "x" : "+", a->value,
               a->per_cfr_base ? " x base-year resources" : "", a->year_from,
               a->year_to);
        print_selector(&a->counties);
        putchar('\n');
    }
    for (size_t k = 0; k < s->nswap; k++) {
        const dr_swap *w = &s->swap[k];
        printf("  swap    %g of hidden debt a year at yield %+g, %ld-%ld, ",
               w->share, w->spread, w->year_from, w->year_to);
        print_selector(&w->counties);
        putchar('\n');
    }
    if (s->proj_mode == DR_PROJ_NONE)
        printf("  projects: none of projects.csv\n");
    else if (s->proj_mode == DR_PROJ_LIST) {
        printf("  projects: only");
        for (size_t k = 0; k < s->nproj_ids; k++)
            printf(" %s", s->proj_ids[k]);
        putchar('\n');
    }
    if (s->proj_file)
        printf("  projects added from %s\n", s->proj_file);
    if (!s->nset && !s->nadj && !s->nswap && s->proj_mode == DR_PROJ_ALL &&
        !s->proj_file)
        printf("  (changes nothing)\n");
}

dr_status dr_cmd_check(const dr_cli *cli, dr_error *err)
{
    dr_input_spec spec = dr_run_spec(cli);
    size_t n = cli->nscenario ? cli->nscenario : 1;
    for (size_t k = 0; k < n; k++) {
        dr_inputs in;
        dr_plan plan;
        dr_status st = dr_inputs_load(
            &in, &spec, cli->nscenario ? cli->scenario[k] : NULL, err);
        if (st)
            return st;
        st = dr_plan_build(&plan, &in.params, &in.fiscal, &in.projects,
                           in.nbase, &in.scenario, err);
        dr_bootstrap boot = {0};
        if (st == DR_OK && in.params.family == DR_FAMILY_BOOTSTRAP &&
            (st = dr_bootstrap_build(&in.history, &in.fiscal, &in.params,
                                     DR_HISTORY_YEAR_MIN, DR_HISTORY_YEAR_MAX,
                                     &boot, err)) != DR_OK)
            dr_plan_free(&plan);
        if (st == DR_OK) {
            if (k == 0) {
                dr_inputs_warn(&in);
                print_counties(&in);
                printf("model %s: %ld years to %ld, %ld paths, seed %llu\n",
                       in.model_path, in.params.years,
                       in.params.base_year + in.params.years, in.params.paths,
                       (unsigned long long)in.params.seed);
            }
            if (in.params.family == DR_FAMILY_BOOTSTRAP)
                print_bootstrap(&in, &boot);
            if (cli->nscenario)
                print_scenario(&in.scenario);
            dr_plan_free(&plan);
            dr_bootstrap_free(&boot);
        }
        dr_inputs_free(&in);
        if (st)
            return st;
    }
    printf("\nall inputs are good\n");
    return DR_OK;
}

/* Redraws one run folder: its charts and its report. */
static dr_status plot_run(const char *dir, const dr_cli *cli, int threads,
                          dr_error *err)
{
    dr_status st = dr_charts_draw(dir, cli->charts, cli->lang, threads, err);
    dr_error rerr;
    dr_status rst = dr_report_write(dir, cli->lang, &rerr);
    if (st == DR_OK && rst != DR_OK) {
        *err = rerr;
        st = rst;
    }
    return st;
}

static int has_file(const char *dir, const char *name)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* Keeps the first failure; a chart failure does not stop the others. */
static dr_status keep(dr_status st, dr_status next, dr_error *err,
                      const dr_error *nerr)
{
    if (st == DR_OK && next != DR_OK) {
        *err = *nerr;
        return next;
    }
    return st;
}

/* Reads every file that plot will draw from, as a check: a folder that
 * fails one (it may have been edited) is refused before any chart or
 * report of it is redrawn. */
static dr_status check_plot(const char *dir, dr_error *err)
{
    dr_status st = DR_OK;
    char sub[4096];
    if (has_file(dir, "compare.csv")) {
        DIR *d = opendir(dir);
        if (!d && errno == ENOMEM)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        if (!d)
            return dr_error_set(err, DR_EINPUT, dir, 0, 0, "cannot open: %s",
                                strerror(errno));
        struct dirent *de;
        while (st == DR_OK && (de = readdir(d))) {
            snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
            dr_briefing b;
            if (de->d_name[0] != '.' && has_file(sub, "run.ini") &&
                (st = dr_briefing_load(&b, sub, err)) == DR_OK)
                dr_briefing_free(&b);
        }
        closedir(d);
        dr_review rv;
        if (st == DR_OK && (st = dr_review_load(&rv, dir, err)) == DR_OK)
            dr_review_free(&rv);
    } else if (has_file(dir, "sensitivity.csv")) {
        dr_sensitivity s;
        if ((st = dr_sensitivity_load(&s, dir, err)) == DR_OK)
            dr_sensitivity_free(&s);
    } else if (has_file(dir, "solve.csv")) {
        static const char *const subs[] = {"baseline", "solved"};
        for (int k = 0; k < 2 && st == DR_OK; k++) {
            dr_briefing b;
            snprintf(sub, sizeof sub, "%s/%s", dir, subs[k]);
            if ((st = dr_briefing_load(&b, sub, err)) == DR_OK)
                dr_briefing_free(&b);
        }
    } else {
        dr_briefing b;
        if ((st = dr_briefing_load(&b, dir, err)) == DR_OK)
            dr_briefing_free(&b);
    }
    return st;
}

dr_status dr_cmd_plot(const dr_cli *cli, dr_error *err)
{
    int threads = cli->threads > 0 ? cli->threads : omp_get_num_procs();
    const char *dir = cli->args[0];
    dr_status st = DR_OK;
    dr_error e;
    char sub[4096];
    static const char *const from_memory[] = {"calibration.csv",
                                              "backtest.csv"};
    for (int k = 0; k < 2; k++)
        if (has_file(dir, from_memory[k]) && !has_file(dir, "run.ini"))
            return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                                "%s holds the results of %s, whose charts "
                                "plot does not redraw: run 'gnuplot "
                                "NAME.gp' in %s/charts, or run %s again",
                                dir, k ? "backtest" : "calibrate", dir,
                                k ? "backtest" : "calibrate");
    if ((st = check_plot(dir, err)) != DR_OK)
        return st;
    dr_folder_kind kind = DR_FOLDER_RUN;
    if (has_file(dir, "compare.csv")) {
        /* A batch: every scenario folder, then the comparison. */
        DIR *d = opendir(dir);
        if (!d && errno == ENOMEM)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        if (!d)
            return dr_error_set(err, DR_EINPUT, dir, 0, 0, "cannot open: %s",
                                strerror(errno));
        struct dirent *de;
        while ((de = readdir(d)) && st != DR_EINTR) {
            snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
            if (de->d_name[0] != '.' && has_file(sub, "run.ini"))
                st = keep(st, plot_run(sub, cli, threads, &e), err, &e);
        }
        closedir(d);
        st = keep(st, dr_review_draw(dir, cli->charts, cli->lang, threads, &e),
                  err, &e);
        st = keep(st, dr_review_report_write(dir, cli->lang, &e), err, &e);
        kind = DR_FOLDER_REVIEW;
    } else if (has_file(dir, "sensitivity.csv")) {
        snprintf(sub, sizeof sub, "%s/baseline", dir);
        st = keep(st, plot_run(sub, cli, threads, &e), err, &e);
        st = keep(st, dr_tornado_draw(dir, cli->charts, cli->lang, threads, &e),
                  err, &e);
        st = keep(st, dr_sensitivity_report_write(dir, cli->lang, &e), err, &e);
        kind = DR_FOLDER_SENSITIVITY;
    } else if (has_file(dir, "solve.csv")) {
        /* solve.md and the solve's own charts come from the search: the
         * run folders are redrawn, the office formats made again */
        static const char *const subs[] = {"baseline", "solved"};
        for (int k = 0; k < 2 && st != DR_EINTR; k++) {
            snprintf(sub, sizeof sub, "%s/%s", dir, subs[k]);
            st = keep(st, plot_run(sub, cli, threads, &e), err, &e);
        }
        kind = DR_FOLDER_SOLVE;
    } else {
        st = plot_run(dir, cli, threads, err);
    }
    if (st == DR_OK || st == DR_ECHART)
        st = keep(st, dr_office_write(dir, kind, cli->report, cli->lang, &e),
                  err, &e);
    if (dr_stop_requested)
        return DR_EINTR;
    if (st == DR_OK)
        printf("debtrisk: charts and reports redrawn in %s/\n", dir);
    return st;
}

dr_status dr_cmd_batch(const dr_cli *cli, dr_error *err)
{
    if (cli->nscenario)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "batch takes scenario files as arguments, not "
                            "--scenario");
    if (cli->nargs == 0)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "batch needs at least one SCENARIO.ini");
    dr_job job = dr_job_of(cli);
    return dr_batch_run(&job, cli->args, cli->nargs, err);
}

dr_status dr_cmd_sensitivity(const dr_cli *cli, dr_error *err)
{
    dr_job job = dr_job_of(cli);
    return dr_sensitivity_run(&job, cli->param, cli->nparam, err);
}

/* A year flag: a whole number in the range history.csv takes. */
static dr_status year_flag(const char *flag, const char *s, long def, long *out,
                           dr_error *err)
{
    const char *why;
    *out = def;
    if (s &&
        !dr_parse_long(s, DR_HISTORY_YEAR_MIN, DR_HISTORY_YEAR_MAX, out, &why))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--%s: expected a year from %d to %d, found '%s'",
                            flag, DR_HISTORY_YEAR_MIN, DR_HISTORY_YEAR_MAX, s);
    return DR_OK;
}

/* --by: type, city or county. */
static dr_status by_flag(const char *s, dr_cal_by *out, dr_error *err)
{
    *out = DR_BY_TYPE;
    for (int k = 0; s && k < 3; k++)
        if (strcmp(s, dr_cal_by_name[k]) == 0) {
            *out = (dr_cal_by)k;
            return DR_OK;
        }
    if (!s)
        return DR_OK;
    return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                        "--by: expected type, city or county, found '%s'", s);
}

/* The history and fiscal files of --data DIR or --history F --fiscal F;
 * none named: the bundled sample city. Paths in new strings. */
static dr_status history_paths(const dr_cli *cli, char **history, char **fiscal,
                               dr_error *err)
{
    *history = *fiscal = NULL;
    if (cli->fiscal && !cli->history)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--fiscal needs --history (or use --data)");
    if (cli->history) {
        *history = strdup(cli->history);
        *fiscal = strdup(cli->fiscal);
    } else {
        char *dir =
            cli->data ? strdup(cli->data) : dr_bundled_path("data/sample-city");
        if (dir) {
            size_t n = strlen(dir) + 16;
            *history = malloc(n);
            *fiscal = malloc(n);
            if (*history && *fiscal) {
                snprintf(*history, n, "%s/history.csv", dir);
                snprintf(*fiscal, n, "%s/fiscal.csv", dir);
            }
        }
        free(dir);
    }
    if (!*history || !*fiscal) {
        free(*history);
        free(*fiscal);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return DR_OK;
}

dr_status dr_cmd_calibrate(const dr_cli *cli, dr_error *err)
{
    dr_calib_job job = {.model = cli->model,
                        .out = cli->out,
                        .charts = cli->charts,
                        .lang = cli->lang,
                        .threads = dr_run_opts_of(cli).threads,
                        .cmdline = cli->cmdline};
    char *history, *fiscal;
    dr_status st;
    if ((st = by_flag(cli->by, &job.by, err)) ||
        (st = year_flag("from", cli->from, DR_HISTORY_YEAR_MIN, &job.from,
                        err)) ||
        (st = year_flag("to", cli->to, DR_HISTORY_YEAR_MAX, &job.to, err)))
        return st;
    if (job.from > job.to)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--from %ld is after --to %ld", job.from, job.to);
    if ((st = history_paths(cli, &history, &fiscal, err)))
        return st;
    job.history = history;
    job.fiscal = fiscal;
    st = dr_calibrate_run(&job, err);
    free(history);
    free(fiscal);
    return st;
}

/* --origin YEAR or YEAR-YEAR. */
static dr_status origin_flag(const char *s, long *o0, long *o1, dr_error *err)
{
    if (!s)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "backtest needs --origin YEAR (or YEAR-YEAR for "
                            "a rolling backtest)");
    char a[16], b[16];
    const char *dash = strchr(s + 1, '-');
    size_t la = dash ? (size_t)(dash - s) : strlen(s);
    const char *why;
    int ok = la < sizeof a && (!dash || strlen(dash + 1) < sizeof b);
    if (ok) {
        memcpy(a, s, la);
        a[la] = '\0';
        snprintf(b, sizeof b, "%s", dash ? dash + 1 : a);
        ok = dr_parse_long(a, DR_HISTORY_YEAR_MIN, DR_HISTORY_YEAR_MAX, o0,
                           &why) &&
             dr_parse_long(b, DR_HISTORY_YEAR_MIN, DR_HISTORY_YEAR_MAX, o1,
                           &why);
    }
    if (!ok)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--origin: expected YEAR or YEAR-YEAR with years "
                            "from %d to %d, found '%s'",
                            DR_HISTORY_YEAR_MIN, DR_HISTORY_YEAR_MAX, s);
    if (*o0 > *o1)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--origin %s: the first year is after the last", s);
    return DR_OK;
}

/* --family normal,student_t,bootstrap: each once. */
static dr_status family_flag(const char *s, dr_backtest_job *job, dr_error *err)
{
    job->nfam = 0;
    if (!s)
        return DR_OK;
    const char *p = s;
    for (;;) {
        size_t len = strcspn(p, ",");
        int k = 0;
        while (k < 3 && !(strlen(dr_family_names[k]) == len &&
                          strncmp(p, dr_family_names[k], len) == 0))
            k++;
        if (k == 3)
            return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                                "--family: expected a list of normal, "
                                "student_t and bootstrap, found '%.*s'",
                                (int)len, p);
        for (int j = 0; j < job->nfam; j++)
            if (job->family[j] == (dr_family)k)
                return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                                    "--family: '%s' named twice",
                                    dr_family_names[k]);
        job->family[job->nfam++] = (dr_family)k;
        if (!p[len])
            return DR_OK;
        p += len + 1;
    }
}

dr_status dr_cmd_backtest(const dr_cli *cli, dr_error *err)
{
    dr_backtest_job job = {.model = cli->model,
                           .paths = cli->paths,
                           .seed = cli->seed,
                           .set = cli->set,
                           .nset = cli->nset,
                           .out = cli->out,
                           .charts = cli->charts,
                           .lang = cli->lang,
                           .threads = dr_run_opts_of(cli).threads};
    const char *why;
    char *history, *fiscal;
    dr_status st;
    if ((st = by_flag(cli->by, &job.by, err)) ||
        (st = year_flag("from", cli->from, DR_HISTORY_YEAR_MIN, &job.from,
                        err)) ||
        (st = origin_flag(cli->origin, &job.origin0, &job.origin1, err)) ||
        (st = family_flag(cli->family, &job, err)))
        return st;
    if (cli->horizon && !dr_parse_long(cli->horizon, 1, 10, &job.horizon, &why))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--horizon: expected a whole number of years "
                            "from 1 to 10, found '%s'",
                            cli->horizon);
    if (job.from > job.origin0)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--from %ld is after the first origin %ld",
                            job.from, job.origin0);
    if ((st = history_paths(cli, &history, &fiscal, err)))
        return st;
    job.history = history;
    job.fiscal = fiscal;
    st = dr_backtest_run(&job, err);
    free(history);
    free(fiscal);
    return st;
}

dr_status dr_cmd_solve(const dr_cli *cli, dr_error *err)
{
    if (cli->nscenario > 1)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "solve takes one --scenario (the package is "
                            "solved on top of it)");
    dr_solve_job sj = {.job = dr_job_of(cli),
                       .lever = {.lever = cli->lever,
                                 .range = cli->range,
                                 .years = cli->years,
                                 .tol = cli->tol},
                       .target = cli->target,
                       .scope = cli->scope};
    /* --years names the lever's years here; the horizon is run.years */
    sj.job.spec.years = NULL;
    long y;
    const char *why;
    if (cli->years && dr_parse_long(cli->years, 1, 100, &y, &why))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--years %s: in solve, --years names the years "
                            "of the lever (Y0-Y1, e.g. 2025-2027); set the "
                            "horizon with --set run.years=%s",
                            cli->years, cli->years);
    return dr_solve_run(&sj, err);
}
