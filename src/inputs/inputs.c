#include "inputs/inputs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/par.h"
#include "config.h"

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s/%s", dir, name);
    return r;
}

char *dr_bundled_path(const char *rel)
{
    const char *env = getenv("DEBTRISK_DATADIR");
    if (env && *env)
        return join(env, rel);
    /* The binary of the build tree belongs to the source tree beside it;
     * an installed one (anywhere else) finds its files in the data
     * folder. */
    char exe[PATH_MAX], built[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0 && realpath(DR_BUILD_DIR "/src/debtrisk", built)) {
        exe[n] = '\0';
        if (strcmp(exe, built) == 0)
            return join(DR_SOURCE_DIR, rel);
    }
    return join(DR_DATADIR, rel);
}

/* Whether anything at all has this name: projects.csv is optional only
 * when it is absent. One that is there but cannot be read (no permission,
 * a folder, a broken link) is an error, not "no projects". */
static int present(const char *path)
{
    struct stat sb;
    /* rank 0's answer, as rank 0 reads the files (base/par.h) */
    int here = dr_par_rank() != 0 || lstat(path, &sb) == 0 || errno != ENOENT;
    dr_par_bcast(&here, sizeof here);
    return here;
}

static dr_status resolve_paths(dr_inputs *in, const dr_input_spec *spec,
                               dr_error *err)
{
    if (spec->fiscal) {
        in->fiscal_path = strdup(spec->fiscal);
        in->projects_path = spec->projects ? strdup(spec->projects) : NULL;
        if (!in->fiscal_path || (spec->projects && !in->projects_path))
            goto nomem;
    } else {
        char *dir = spec->data ? strdup(spec->data)
                               : dr_bundled_path("data/sample-city");
        if (!dir)
            goto nomem;
        in->fiscal_path = join(dir, "fiscal.csv");
        in->projects_path = join(dir, "projects.csv");
        free(dir);
        if (!in->fiscal_path || !in->projects_path)
            goto nomem;
        if (!present(in->projects_path)) {
            free(in->projects_path);
            in->projects_path = NULL;
        }
    }
    in->model_path = spec->model ? strdup(spec->model)
                                 : dr_bundled_path("models/baseline.ini");
    if (!in->model_path)
        goto nomem;
    return DR_OK;
nomem:
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}

/* --paths, --years and --seed are model keys given as flags: a bad value
 * is a usage error naming the flag. */
static dr_status flag(dr_params *p, const char *key, const char *value,
                      dr_error *err)
{
    if (!value)
        return DR_OK;
    char origin[32];
    snprintf(origin, sizeof origin, "--%s", key);
    dr_status st = dr_params_set(p, "run", key, value, origin, 0, 0, err);
    if (st == DR_EINPUT)
        err->status = st = DR_EUSAGE;
    return st;
}

/* A warning for each type label of fiscal.csv that has no [type.*]
 * section while one with a close label exists (urbn for urban): its
 * counties silently take [defaults], which a typo should not do. The run
 * goes on. */
static dr_status type_warnings(dr_inputs *in, dr_error *err)
{
    const dr_fiscal *f = &in->fiscal;
    for (size_t i = 0; i < f->n; i++) {
        const dr_county *c = &f->county[i];
        size_t j = 0;
        while (j < i && strcmp(f->county[j].type, c->type) != 0)
            j++;
        const char *near = dr_params_near_type(&in->params, c->type);
        if (j < i || !near)
            continue;
        dr_error *w = realloc(in->warn, (in->nwarn + 1) * sizeof *w);
        if (!w)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        in->warn = w;
        dr_error_set(&w[in->nwarn++], DR_OK, f->path, c->line, c->type_col,
                     "type '%s' has no [type.%s] section in %s, so its "
                     "counties use [defaults]; did you mean '%s'?",
                     c->type, c->type, in->model_path, near);
    }
    return DR_OK;
}

/* Bootstrap shocks read their history ([shocks] history): a run without
 * one is an input error of the model. */
static dr_status bootstrap_history(dr_inputs *in, dr_error *err)
{
    if (in->params.family != DR_FAMILY_BOOTSTRAP)
        return DR_OK;
    if (!in->params.history[0])
        return dr_error_set(err, DR_EINPUT, in->model_path, 0, 0,
                            "[shocks] family = bootstrap draws its shocks "
                            "from a history: set [shocks] history = FILE (a "
                            "history.csv)");
    return dr_history_read(in->params.history, &in->fiscal, &in->history, err);
}

dr_status dr_inputs_load(dr_inputs *in, const dr_input_spec *spec,
                         const char *scenario_path, dr_error *err)
{
    *in = (dr_inputs){0};
    dr_params_init(&in->params);
    dr_status st;
    if ((st = resolve_paths(in, spec, err)))
        goto error;
    if ((st = dr_fiscal_read(in->fiscal_path, &in->fiscal, err)))
        goto error;
    if (in->projects_path &&
        (st = dr_projects_read(in->projects_path, &in->fiscal, &in->projects,
                               err)))
        goto error;
    in->nbase = in->projects.n;
    if ((st = dr_params_read(&in->params, in->model_path, err)))
        goto error;
    st = scenario_path ? dr_scenario_read(scenario_path, &in->scenario, err)
                       : dr_scenario_baseline(&in->scenario);
    if (st) {
        if (st == DR_ENOMEM)
            dr_error_set(err, st, NULL, 0, 0, "out of memory");
        goto error;
    }
    if ((st = dr_scenario_apply_sets(&in->scenario, &in->params, err)))
        goto error;
    for (size_t k = 0; k < spec->nset; k++)
        if ((st = dr_params_set_arg(&in->params, spec->set[k], err)))
            goto error;
    if ((st = flag(&in->params, "paths", spec->paths, err)) ||
        (st = flag(&in->params, "years", spec->years, err)) ||
        (st = flag(&in->params, "seed", spec->seed, err)))
        goto error;
    if ((st = dr_params_finish(&in->params, in->model_path, err)) ||
        (st = type_warnings(in, err)) || (st = bootstrap_history(in, err)))
        goto error;
    if (in->scenario.proj_file &&
        (st = dr_projects_read(in->scenario.proj_file, &in->fiscal,
                               &in->projects, err)))
        goto error;
    return DR_OK;
error:
    dr_inputs_free(in);
    return st;
}

void dr_inputs_free(dr_inputs *in)
{
    free(in->fiscal_path);
    free(in->projects_path);
    free(in->model_path);
    dr_fiscal_free(&in->fiscal);
    dr_projects_free(&in->projects);
    dr_params_free(&in->params);
    dr_scenario_free(&in->scenario);
    dr_history_free(&in->history);
    free(in->warn);
    *in = (dr_inputs){0};
}

void dr_inputs_warn(const dr_inputs *in)
{
    for (size_t k = 0; k < in->nwarn; k++) {
        char msg[2048];
        dr_error_format(&in->warn[k], msg, sizeof msg);
        fprintf(stderr, "debtrisk: warning: %s\n", msg);
    }
}
