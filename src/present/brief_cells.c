/* The cells of an output folder read back and checked (brief_cells.h). */
#define _GNU_SOURCE /* qsort_r */
#include "present/brief_cells.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"

static const struct {
    const char *what; /* for "expected ..." */
    double lo, hi;
    int inf, nan; /* inf and -inf allowed; nan allowed */
} kinds[] = {
    [DR_RB_PROB] = {"a probability from 0 to 1", 0.0, 1.0, 0, 0},
    [DR_RB_DPROB] = {"a change of probability from -1 to 1", -1.0, 1.0, 0, 0},
    [DR_RB_RATIO] = {"a finite number or inf", -HUGE_VAL, HUGE_VAL, 1, 0},
    [DR_RB_DRATIO] = {"a number, inf or nan", -HUGE_VAL, HUGE_VAL, 1, 1},
    [DR_RB_COUNT] = {"a finite number >= 0", 0.0, HUGE_VAL, 0, 0},
};

dr_status dr_rb_num(const dr_csv_table *t, size_t r, size_t k, dr_rb_kind kind,
                    double *out, dr_error *err)
{
    const dr_csv_cell *c = dr_csv_get(t, r, k);
    const char *why = "";
    if (!c)
        return dr_csv_fail(t, r, k, err, "%s: column missing", t->cols[k].name);
    int ok;
    if (strcmp(c->text, "inf") == 0 || strcmp(c->text, "-inf") == 0) {
        *out = c->text[0] == '-' ? -INFINITY : INFINITY;
        ok = kinds[kind].inf;
    } else if (strcmp(c->text, "nan") == 0) {
        *out = NAN;
        ok = kinds[kind].nan;
    } else {
        ok = dr_parse_double(c->text, out, &why) && *out >= kinds[kind].lo &&
             *out <= kinds[kind].hi;
    }
    if (ok)
        return DR_OK;
    return dr_csv_fail(t, r, k, err, "%s: expected %s, found '%s'%s%s%s",
                       t->cols[k].name, kinds[kind].what, c->text,
                       *why ? " (" : "", why, *why ? ")" : "");
}

dr_status dr_rb_year(const dr_csv_table *t, size_t r, size_t k, long *out,
                     dr_error *err)
{
    return dr_csv_long(t, r, k, 1000, 9999, 0, out, err);
}

dr_status dr_rb_id(const dr_csv_table *t, size_t r, size_t k, const char *what,
                   char **out, dr_error *err)
{
    dr_status st = dr_csv_text(t, r, k, DR_TEXT_CELL, out, err);
    if (st == DR_OK && !dr_valid_id(*out))
        st = dr_csv_fail(t, r, k, err,
                         "%s: expected %s (1 to 63 of A-Z a-z 0-9 _ -, not "
                         "starting with -), found '%s'",
                         t->cols[k].name, what, *out);
    return st;
}

dr_status dr_rb_name(const dr_csv_table *t, size_t r, size_t k, char **out,
                     dr_error *err)
{
    dr_status st = dr_csv_text(t, r, k, DR_TEXT_CELL, out, err);
    if (st == DR_OK && !**out)
        st = dr_csv_fail(t, r, k, err, "%s: the field is empty",
                         t->cols[k].name);
    return st;
}

char *dr_rb_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s/%s", a, b);
    return r;
}

dr_status dr_rb_oom(dr_error *err)
{
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}

dr_status dr_rb_table(const char *dir, const char *file,
                      const dr_csv_column *cols, size_t ncols, dr_csv_table *t,
                      char **path, dr_error *err)
{
    *t = (dr_csv_table){0};
    *path = dr_rb_join(dir, file);
    if (!*path)
        return dr_rb_oom(err);
    return dr_csv_read(*path, cols, ncols, t, err);
}

dr_status dr_rb_schema_table(const char *dir, dr_schema_id id,
                             uint32_t required,
                             dr_csv_column cols[DR_SCHEMA_MAX_COLS],
                             dr_csv_table *t, char **path, dr_error *err)
{
    const dr_schema *s = &dr_schemas[id];
    dr_schema_columns(s, required, cols);
    return dr_rb_table(dir, s->file, cols, s->ncols, t, path, err);
}

static int cmp_id(const void *a, const void *b, void *ctx)
{
    const dr_briefing *br = ctx;
    return strcmp(br->county[*(const size_t *)a].id,
                  br->county[*(const size_t *)b].id);
}

size_t *dr_rb_sorted_ids(const dr_briefing *b)
{
    size_t *byid = malloc((b->n ? b->n : 1) * sizeof *byid);
    if (!byid)
        return NULL;
    for (size_t i = 0; i < b->n; i++)
        byid[i] = i;
    qsort_r(byid, b->n, sizeof *byid, cmp_id, (void *)b);
    return byid;
}

size_t dr_rb_find_county(const dr_briefing *b, const size_t *byid,
                         const char *id)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->county[byid[mid]].id, id);
        if (c == 0)
            return byid[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}
