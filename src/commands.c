#include "commands.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "inputs.h"
#include "outdir.h"
#include "output.h"
#include "plan.h"
#include "results.h"
#include "sha256.h"

static dr_input_spec spec_of(const dr_cli *cli)
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

static void ini_input(FILE *f, const char *key, const char *path)
{
    char hex[65];
    if (!path)
        return;
    fprintf(f, "%s = %s\n", key, path);
    if (dr_sha256_file(path, hex) == DR_OK)
        fprintf(f, "%s.sha256 = %s\n", key, hex);
}

static void write_run_ini(FILE *f, const dr_cli *cli, const dr_inputs *in,
                          int threads)
{
    const dr_params *p = &in->params;
    fprintf(f, "# How these results were made; model.ini holds every model "
               "key in force.\n");
    fprintf(f, "[debtrisk]\nversion = %s\nmodel_version = 1\n", DR_VERSION);
    fprintf(f, "command = %s\n", cli->cmdline);
    fprintf(f, "\n[run]\nscenario = %s\n", in->scenario.name);
    fprintf(f, "mode = %s\n",
            cli->deterministic ? "deterministic" : "monte_carlo");
    fprintf(f, "seed = %llu\npaths = %ld\nyears = %ld\nbase_year = %ld\n",
            (unsigned long long)p->seed, cli->deterministic ? 1L : p->paths,
            p->years, p->base_year);
    fprintf(f, "threads = %d\n", threads);
    fprintf(f, "\n[inputs]\n");
    ini_input(f, "fiscal", in->fiscal_path);
    ini_input(f, "projects", in->projects_path);
    ini_input(f, "model", in->model_path);
    ini_input(f, "scenario", in->scenario.path);
    ini_input(f, "scenario_projects", in->scenario.proj_file);
}

typedef void (*writer_fn)(FILE *, const dr_plan *, const dr_results *);

static dr_status write_one(dr_outdir *od, const char *name, writer_fn fn,
                           const dr_plan *plan, const dr_results *res,
                           dr_error *err)
{
    FILE *f = dr_outdir_fopen(od, name, err);
    if (!f)
        return err->status;
    fn(f, plan, res);
    return dr_outdir_fclose(od, f, name, err);
}

static dr_status write_outputs(dr_outdir *od, const dr_cli *cli,
                               const dr_inputs *in, const dr_plan *plan,
                               const dr_results *res, const dr_year *rows,
                               int threads, dr_error *err)
{
    static const struct {
        const char *name;
        writer_fn fn;
    } files[] = {
        {"ratios.csv", dr_write_ratios},   {"grades.csv", dr_write_grades},
        {"summary.csv", dr_write_summary}, {"city.csv", dr_write_city},
        {"city_counts.csv", dr_write_city_counts},
    };
    dr_status st;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
        if ((st = write_one(od, files[k].name, files[k].fn, plan, res, err)))
            return st;
    FILE *f;
    if (rows) {
        if (!(f = dr_outdir_fopen(od, "projection.csv", err)))
            return err->status;
        dr_write_projection(f, plan, rows);
        if ((st = dr_outdir_fclose(od, f, "projection.csv", err)))
            return st;
    }
    if (!(f = dr_outdir_fopen(od, "model.ini", err)))
        return err->status;
    dr_params_write(&in->params, f);
    if ((st = dr_outdir_fclose(od, f, "model.ini", err)))
        return st;
    if (!(f = dr_outdir_fopen(od, "run.ini", err)))
        return err->status;
    write_run_ini(f, cli, in, threads);
    return dr_outdir_fclose(od, f, "run.ini", err);
}

static void print_done(const dr_cli *cli, const dr_plan *plan,
                       const dr_results *res)
{
    size_t above = 0;
    for (size_t i = 0; i < plan->n; i++)
        above += dr_results_stat(res, i, res->years, DR_M_BROAD)->p_above >=
                 0.5;
    printf("debtrisk: %zu counties, %ld years, %s; results in %s/\n", plan->n,
           res->years,
           cli->deterministic ? "deterministic" : "Monte Carlo", cli->out);
    printf("debtrisk: %zu of %zu counties %s above the warning line in "
           "%ld\n",
           above, plan->n, cli->deterministic ? "are" : "are likely",
           plan->params->base_year + res->years);
}

typedef struct progress_state {
    double start;
    int tty;
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
    fprintf(stderr, "\r\033[Kdebtrisk: %ld/%ld paths, %.0f paths/s, %.0f s left",
            done, total, rate, left);
    fflush(stderr);
}

dr_status dr_cmd_run(const dr_cli *cli, dr_error *err)
{
    dr_input_spec spec = spec_of(cli);
    dr_inputs in;
    dr_plan plan = {0};
    dr_results res = {0};
    dr_year *rows = NULL;
    dr_outdir od = {0};
    int threads = cli->threads > 0 ? cli->threads : omp_get_num_procs();
    dr_status st = dr_inputs_load(&in, &spec,
                                  cli->nscenario ? cli->scenario[0] : NULL,
                                  err);
    if (st)
        return st;
    if ((st = dr_plan_build(&plan, &in.params, &in.fiscal, &in.projects,
                            in.nbase, &in.scenario, err)))
        goto done;
    st = DR_ENOMEM;
    if (dr_results_alloc(&res, plan.n, plan.years,
                         cli->deterministic ? 1 : in.params.paths)) {
        dr_error_set(err, st, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (cli->deterministic) {
        rows = malloc(plan.n * (size_t)(plan.years + 1) * sizeof *rows);
        if (!rows || dr_engine_deterministic(&plan, rows)) {
            dr_error_set(err, st, NULL, 0, 0, "out of memory");
            goto done;
        }
        dr_results_from_rows(&plan, rows, &res);
    } else {
        progress_state ps = {.start = now(), .tty = isatty(STDERR_FILENO)};
        dr_mc_opts o = {.threads = threads,
                        .stop = &dr_stop_requested,
                        .progress = ps.tty ? progress : NULL,
                        .ctx = &ps};
        st = dr_engine_monte_carlo(&plan, &o, &res, err);
        if (ps.tty)
            fputs("\r\033[K", stderr);
        if (st)
            goto done;
    }
    if (dr_stop_requested) {
        st = DR_EINTR;
        goto done;
    }
    if ((st = dr_outdir_open(&od, cli->out, err)) ||
        (st = write_outputs(&od, cli, &in, &plan, &res, rows, threads, err)))
        goto done;
    if (dr_stop_requested) {
        st = DR_EINTR;
        goto done;
    }
    if ((st = dr_outdir_commit(&od, err)))
        goto done;
    print_done(cli, &plan, &res);
done:
    dr_outdir_abort(&od);
    free(rows);
    dr_results_free(&res);
    dr_plan_free(&plan);
    dr_inputs_free(&in);
    return st;
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
        dr_county_model_init(&cm, c, dr_params_type(p, c->type));
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
    printf("\n%zu of %zu counties above the warning line (%s) in %ld\n", above,
           f->n, w, p->base_year);
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
        printf("  adjust  %s %s %g, %ld-%ld, ", dr_adj_var_name(a->var),
               a->op == DR_OP_MUL ? "x" : "+", a->value, a->year_from,
               a->year_to);
        print_selector(&a->counties);
        putchar('\n');
    }
    if (s->swap.present) {
        printf("  swap    %g of hidden debt a year at yield %+g, %ld-%ld, ",
               s->swap.share, s->swap.spread, s->swap.year_from,
               s->swap.year_to);
        print_selector(&s->swap.counties);
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
    if (!s->nset && !s->nadj && !s->swap.present &&
        s->proj_mode == DR_PROJ_ALL && !s->proj_file)
        printf("  (changes nothing)\n");
}

dr_status dr_cmd_check(const dr_cli *cli, dr_error *err)
{
    dr_input_spec spec = spec_of(cli);
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
        if (st == DR_OK) {
            if (k == 0) {
                print_counties(&in);
                printf("model %s: %ld years to %ld, %ld paths, seed %llu\n",
                       in.model_path, in.params.years,
                       in.params.base_year + in.params.years, in.params.paths,
                       (unsigned long long)in.params.seed);
            }
            if (cli->nscenario)
                print_scenario(&in.scenario);
            dr_plan_free(&plan);
        }
        dr_inputs_free(&in);
        if (st)
            return st;
    }
    printf("\nall inputs are good\n");
    return DR_OK;
}
