#include "inputs/scenario_write.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "base/parse.h"
#include "inputs/inifile.h"

static void put_num(FILE *f, const char *key, double v)
{
    char buf[32];
    dr_format_double(buf, v);
    fprintf(f, "%s = %s\n", key, buf);
}

static void put_years(FILE *f, long from, long to)
{
    if (from == to)
        fprintf(f, "years = %ld\n", from);
    else
        fprintf(f, "years = %ld-%ld\n", from, to);
}

static void put_selector(FILE *f, const dr_selector *sel)
{
    fputs("counties = ", f);
    switch (sel->kind) {
    case DR_SEL_ALL: fputs("*", f); break;
    case DR_SEL_TYPE: fprintf(f, "type:%s", sel->type); break;
    case DR_SEL_IDS:
        for (size_t k = 0; k < sel->nids; k++)
            fprintf(f, "%s%s", k ? ", " : "", sel->ids[k]);
        break;
    }
    fputc('\n', f);
}

static void put_sets(FILE *f, const dr_scenario *s)
{
    for (size_t k = 0; s && k < s->nset; k++) {
        const dr_setting *t = &s->set[k];
        fprintf(f, "%s.%s = ", t->section, t->key);
        dr_ini_put_text(f, t->value, strlen(t->value));
        fputc('\n', f);
    }
}

static void put_adjusts(FILE *f, const dr_scenario *s)
{
    for (size_t k = 0; s && k < s->nadj; k++) {
        const dr_adjust *a = &s->adj[k];
        fprintf(f, "\n[adjust.%s]\n", a->label);
        put_selector(f, &a->counties);
        fprintf(f, "variable = %s\n", dr_adj_var_name(a->var));
        put_years(f, a->year_from, a->year_to);
        fprintf(f, "op = %s\n", a->op == DR_OP_MUL ? "mul" : "add");
        put_num(f, "value", a->value);
        if (a->per_cfr_base)
            fputs("per = cfr_base\n", f);
    }
}

static void put_swaps(FILE *f, const dr_scenario *s)
{
    for (size_t k = 0; s && k < s->nswap; k++) {
        const dr_swap *w = &s->swap[k];
        if (w->label)
            fprintf(f, "\n[swap.%s]\n", w->label);
        else
            fputs("\n[swap]\n", f);
        put_selector(f, &w->counties);
        put_years(f, w->year_from, w->year_to);
        put_num(f, "share", w->share);
        put_num(f, "spread", w->spread);
    }
}

static void put_projects(FILE *f, const dr_scenario *s, const char *cwd)
{
    if (s->proj_mode == DR_PROJ_ALL && !s->proj_file)
        return;
    fputs("\n[projects]\n", f);
    switch (s->proj_mode) {
    case DR_PROJ_ALL: fputs("enable = all\n", f); break;
    case DR_PROJ_NONE: fputs("enable = none\n", f); break;
    case DR_PROJ_LIST:
        fputs("enable = ", f);
        for (size_t k = 0; k < s->nproj_ids; k++)
            fprintf(f, "%s%s", k ? ", " : "", s->proj_ids[k]);
        fputc('\n', f);
        break;
    }
    if (s->proj_file) {
        /* by its full path, so the file reads the same from any folder */
        fputs("file = ", f);
        if (cwd) {
            dr_ini_put_text(f, cwd, strlen(cwd));
            fputc('/', f);
        }
        dr_ini_put_text(f, s->proj_file, strlen(s->proj_file));
        fputc('\n', f);
    }
}

dr_status dr_scenario_write(FILE *f, const dr_scenario_head *head,
                            const dr_scenario *base, const dr_scenario *more,
                            dr_error *err)
{
    /* The reader resolved the projects file against the scenario's folder,
     * which may have been named from the current one: such a path would
     * be taken against the written file's folder. */
    char cwd[PATH_MAX];
    int relative = base->proj_file && base->proj_file[0] != '/';
    if (relative && !getcwd(cwd, sizeof cwd)) {
        if (errno == ENOMEM)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        return dr_error_set(err, DR_EIO, NULL, 0, 0,
                            "cannot name the projects file '%s' by its full "
                            "path: %s",
                            base->proj_file, strerror(errno));
    }
    fprintf(f, "[scenario]\nname = %s\n", head->name);
    dr_ini_put_long(f, "title", head->title);
    if (head->description && *head->description)
        dr_ini_put_long(f, "description", head->description);
    if (base->nset || (more && more->nset)) {
        fputs("\n[set]\n", f);
        put_sets(f, base);
        put_sets(f, more);
    }
    put_adjusts(f, base);
    put_adjusts(f, more);
    put_swaps(f, base);
    put_swaps(f, more);
    put_projects(f, base, relative ? cwd : NULL);
    return DR_OK;
}
