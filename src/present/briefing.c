/* Reading an output folder back (briefing.h): the INI and CSV files of a
 * run, a batch review and a sensitivity run, and the words and numbers the
 * charts and the reports show from them. */
#define _GNU_SOURCE /* qsort_r */
#include "present/briefing.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inputs/csvread.h"
#include "base/parse.h"

/* ------------------------------------------------------------------------ */
/* Bilingual texts: scenario titles and descriptions carry both languages. */

/* 1 when s starts a character of the CJK scripts and punctuation (U+2E80
 * to U+9FFF) or a full-width form (U+FF00 to U+FFEF). */
static int cjk_at(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return (p[0] >= 0xE3 && p[0] <= 0xE9) || (p[0] == 0xE2 && p[1] >= 0xBA) ||
           (p[0] == 0xEF && p[1] >= 0xBC && p[1] <= 0xBF);
}

/* 1 when the last character of s[0..n) is CJK. */
static int cjk_before(const char *s, size_t n)
{
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    return k > 0 && n - k == 2 && cjk_at(s + k - 1);
}

static int has_cjk(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (cjk_at(s + k))
            return 1;
    return 0;
}

/* s[0..n) without the spaces around it, in a new string. */
static char *dup_trim(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return strndup(s, n);
}

static size_t trimmed_len(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    while (n > k && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n - k;
}

/* Removes in place the spaces between two CJK characters (a line break of
 * a Chinese text in a scenario file). */
static char *squeeze_cjk(char *s)
{
    if (!s)
        return NULL;
    size_t o = 0;
    for (size_t k = 0; s[k]; k++) {
        if (s[k] == ' ' && cjk_before(s, o)) {
            size_t e = k;
            while (s[e] == ' ')
                e++;
            if (cjk_at(s + e)) {
                k = e - 1;
                continue;
            }
        }
        s[o++] = s[k];
    }
    s[o] = '\0';
    return s;
}

static char *lang_text(const char *text, const char *lang)
{
    int zh = lang && strcmp(lang, "zh") == 0;
    const char *s = text ? text : "";
    size_t len = strlen(s);
    /* "English / 中文": one side in each language */
    const char *slash = strstr(s, " / ");
    if (slash) {
        size_t a = (size_t)(slash - s), b = len - a - 3;
        int ca = has_cjk(s, a), cb = has_cjk(slash + 3, b);
        if (ca != cb && trimmed_len(s, a) && trimmed_len(slash + 3, b))
            return zh == cb ? dup_trim(slash + 3, b) : dup_trim(s, a);
    }
    /* English sentences, then Chinese ones: the Chinese begin with the
     * word of the first CJK character, after a full stop. A Chinese name
     * inside an English sentence does not split it. */
    for (const char *p = s; *p; p++) {
        if (!cjk_at(p))
            continue;
        const char *start = p;
        while (start > s && start[-1] != ' ' && start[-1] != '\t')
            start--;
        size_t a = (size_t)(start - s);
        while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t'))
            a--;
        if (a > 0 && strchr(".!?)", s[a - 1]))
            return zh ? dup_trim(start, len - (size_t)(start - s))
                      : dup_trim(s, a);
        break;
    }
    return strdup(s);
}

char *dr_lang_text(const char *text, const char *lang)
{
    return squeeze_cjk(lang_text(text, lang));
}

/* ------------------------------------------------------------------------ */
/* Reading an output folder. */

static char *join_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s/%s", a, b);
    return r;
}

static dr_status oom(dr_error *err)
{
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}

/* A number as the outputs write it: a plain decimal, inf, -inf or nan. */
static dr_status cell_num(const dr_csv_table *t, size_t r, size_t k,
                          double *out, dr_error *err)
{
    const dr_csv_cell *c = dr_csv_get(t, r, k);
    const char *why = "missing";
    if (!c)
        return dr_csv_fail(t, r, k, err, "%s: column missing", t->cols[k].name);
    if (strcmp(c->text, "inf") == 0) {
        *out = INFINITY;
        return DR_OK;
    }
    if (strcmp(c->text, "-inf") == 0) {
        *out = -INFINITY;
        return DR_OK;
    }
    if (strcmp(c->text, "nan") == 0) {
        *out = NAN;
        return DR_OK;
    }
    if (dr_parse_double(c->text, out, &why))
        return DR_OK;
    return dr_csv_fail(t, r, k, err, "%s: expected a number, found '%s' (%s)",
                       t->cols[k].name, c->text, why);
}

static dr_status cell_long(const dr_csv_table *t, size_t r, size_t k, long *out,
                           dr_error *err)
{
    return dr_csv_long(t, r, k, -999999, 999999, 0, out, err);
}

static dr_status read_table(const char *dir, const char *file,
                            const dr_csv_column *cols, size_t ncols,
                            dr_csv_table *t, char **path, dr_error *err)
{
    *path = join_path(dir, file);
    if (!*path)
        return oom(err);
    return dr_csv_read(*path, cols, ncols, t, err);
}

static int cmp_id(const void *a, const void *b, void *ctx)
{
    const dr_briefing *br = ctx;
    return strcmp(br->county[*(const size_t *)a].id,
                  br->county[*(const size_t *)b].id);
}

/* The county of id through order (indices sorted by id), or (size_t)-1. */
static size_t find_county(const dr_briefing *b, const size_t *order,
                          const char *id)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->county[order[mid]].id, id);
        if (c == 0)
            return order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

/* run.ini and model.ini: the few keys the charts and report use. inih is
 * built with short lines (INI_MAX_LINE 200), so a longer line is cut (at a
 * character boundary) and the rest of it skipped, not parsed as a line of
 * its own. */
static char *read_line_cut(char *str, int num, void *stream)
{
    FILE *f = stream;
    if (!fgets(str, num, f))
        return NULL;
    size_t len = strlen(str);
    if (len + 1 == (size_t)num && str[len - 1] != '\n') {
        int c;
        while ((c = fgetc(f)) != EOF && c != '\n')
            ;
        while (len > 0 && ((unsigned char)str[len - 1] & 0xC0) == 0x80)
            len--;
        if (len > 0 && ((unsigned char)str[len - 1] & 0x80))
            len--;
        str[len] = '\0';
    }
    return str;
}

typedef struct ini_ctx {
    dr_briefing *b;
    int nomem;
    int have_warning, have_grades;
} ini_ctx;

static int set_str(ini_ctx *c, char **dst, const char *value)
{
    char *s = strdup(value);
    if (!s) {
        c->nomem = 1;
        return 0;
    }
    free(*dst);
    *dst = s;
    return 1;
}

/* A key over continuation lines: inih calls back once per line, the
 * spaces around each line gone. The lines are joined by a space, but for
 * two CJK characters, which no space separates. */
static int add_str(ini_ctx *c, char **dst, const char *value)
{
    if (!*dst || !**dst)
        return set_str(c, dst, value);
    if (!*value)
        return 1;
    size_t a = strlen(*dst), b = strlen(value);
    char *s = realloc(*dst, a + b + 2);
    if (!s) {
        c->nomem = 1;
        return 0;
    }
    int space = !(cjk_before(s, a) && cjk_at(value));
    if (space)
        s[a] = ' ';
    memcpy(s + a + space, value, b + 1);
    *dst = s;
    return 1;
}

static int on_run_ini(void *user, const char *section, const char *key,
                      const char *value)
{
    ini_ctx *c = user;
    dr_briefing *b = c->b;
    if (strcmp(section, "debtrisk") == 0) {
        if (strcmp(key, "version") == 0)
            return set_str(c, &b->version, value);
        if (strcmp(key, "command") == 0)
            return add_str(c, &b->command, value);
    } else if (strcmp(section, "run") == 0) {
        if (strcmp(key, "scenario") == 0)
            return set_str(c, &b->scenario, value);
        if (strcmp(key, "title") == 0)
            return set_str(c, &b->title, value);
        if (strcmp(key, "description") == 0)
            return add_str(c, &b->description, value);
        if (strcmp(key, "mode") == 0) {
            b->deterministic = strcmp(value, "deterministic") == 0;
            return set_str(c, &b->mode, value);
        }
        if (strcmp(key, "seed") == 0)
            return set_str(c, &b->seed, value);
        if (strcmp(key, "paths") == 0)
            b->paths = strtol(value, NULL, 10);
    } else if (strcmp(section, "inputs") == 0) {
        if (strcmp(key, "model") == 0)
            return set_str(c, &b->model, value);
    }
    return 1;
}

static int on_model_ini(void *user, const char *section, const char *key,
                        const char *value)
{
    ini_ctx *c = user;
    if (strcmp(section, "thresholds") != 0)
        return 1;
    if (strcmp(key, "warning") == 0) {
        const char *why;
        c->have_warning = dr_parse_double(value, &c->b->warning, &why);
        return 1;
    }
    if (strcmp(key, "grades") == 0) {
        char *end;
        const char *p = value;
        int k;
        for (k = 0; k < 3; k++) {
            c->b->grades[k] = strtod(p, &end);
            if (end == p)
                break;
            p = end + strspn(end, " \t,");
        }
        c->have_grades = k == 3 && *p == '\0';
    }
    return 1;
}

static dr_status read_ini(const char *dir, const char *file, ini_handler fn,
                          ini_ctx *c, dr_error *err)
{
    char *path = join_path(dir, file);
    if (!path)
        return oom(err);
    FILE *f = fopen(path, "r");
    if (!f) {
        dr_error_set(err, DR_EINPUT, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        free(path);
        return DR_EINPUT;
    }
    int line = ini_parse_stream(read_line_cut, f, fn, c);
    fclose(f);
    dr_status st = DR_OK;
    if (c->nomem)
        st = oom(err);
    else if (line != 0)
        st = dr_error_set(err, DR_EINPUT, path, line > 0 ? line : 0, 0,
                          "not a valid INI file");
    free(path);
    return st;
}

static dr_status load_summary(dr_briefing *b, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0},       {"county_id", 1},
        {"name", 1},           {"type", 0},
        {"broad_base", 1},     {"broad_p50_end", 1},
        {"broad_p10_end", 1},  {"broad_p90_end", 1},
        {"p_breach_end", 1},   {"p_breach_end_se", 1},
        {"first_year_p50", 0}, {"p_red_end", 0}};
    enum { ID = 1, NAME, TYPE, BASE, P50, P10, P90, PB, PBSE, FIRST, PRED };
    dr_csv_table t;
    char *path;
    dr_status st = read_table(b->dir, "summary.csv", cols, 12, &t, &path, err);
    if (st)
        goto done;
    st = DR_EINPUT;
    if (t.nrows == 0) {
        dr_error_set(err, st, path, 0, 0, "no counties");
        goto done;
    }
    b->county = calloc(t.nrows, sizeof *b->county);
    if (!b->county) {
        st = oom(err);
        goto done;
    }
    b->n = t.nrows;
    for (size_t r = 0; r < t.nrows; r++) {
        dr_brief_county *c = &b->county[r];
        if ((st = dr_csv_strdup(&t, r, ID, &c->id)) ||
            (st = dr_csv_strdup(&t, r, NAME, &c->name)) ||
            (st = dr_csv_strdup(&t, r, TYPE, &c->type))) {
            oom(err);
            goto done;
        }
        if (!dr_valid_id(c->id)) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: expected an id of A-Z a-z 0-9 _ -, "
                             "found '%s'",
                             c->id);
            goto done;
        }
        if ((st = cell_num(&t, r, BASE, &c->base, err)) ||
            (st = cell_num(&t, r, P50, &c->p50_end, err)) ||
            (st = cell_num(&t, r, P10, &c->p10_end, err)) ||
            (st = cell_num(&t, r, P90, &c->p90_end, err)) ||
            (st = cell_num(&t, r, PB, &c->p_breach_end, err)) ||
            (st = cell_num(&t, r, PBSE, &c->p_breach_end_se, err)))
            goto done;
        c->p_red_end = NAN;
        if (dr_csv_get(&t, r, PRED) &&
            (st = cell_num(&t, r, PRED, &c->p_red_end, err)))
            goto done;
        if ((st = cell_long(&t, r, FIRST, &c->first_year_p50, err)))
            goto done;
    }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

/* Years of ratios.csv set base_year and years; every county must have a
 * broad row for each. */
static dr_status load_ratios(dr_briefing *b, const size_t *order, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0},     {"county_id", 1}, {"name", 0},
        {"year", 1},         {"measure", 1},   {"mean", 0},
        {"sd", 0},           {"p05", 1},       {"p10", 1},
        {"p25", 1},          {"p50", 1},       {"p75", 1},
        {"p90", 1},          {"p95", 1},       {"p_above", 1},
        {"p_breached_by", 0}};
    enum { ID = 1, YEAR = 3, MEASURE = 4, P05 = 7, PABOVE = 14 };
    dr_csv_table t;
    char *path;
    dr_status st = read_table(b->dir, "ratios.csv", cols, 16, &t, &path, err);
    if (st)
        goto done;
    long lo = 0, hi = -1;
    for (size_t r = 0; r < t.nrows; r++) {
        long y;
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (hi < lo || y < lo)
            lo = y;
        if (hi < y)
            hi = y;
    }
    st = DR_EINPUT;
    if (hi < lo) {
        dr_error_set(err, st, path, 0, 0, "no rows");
        goto done;
    }
    if (hi - lo > 1000) {
        dr_error_set(err, st, path, 0, 0, "years %ld to %ld: too many", lo, hi);
        goto done;
    }
    b->base_year = lo;
    b->years = hi - lo;
    size_t ny = (size_t)b->years + 1;
    for (size_t i = 0; i < b->n; i++) {
        dr_brief_county *c = &b->county[i];
        c->q = malloc(ny * DR_NPCT * sizeof *c->q);
        c->p_above = malloc(ny * sizeof *c->p_above);
        if (!c->q || !c->p_above) {
            st = oom(err);
            goto done;
        }
        for (size_t k = 0; k < ny; k++)
            c->p_above[k] = NAN;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        if (strcmp(dr_csv_get(&t, r, MEASURE)->text, "broad") != 0)
            continue;
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = find_county(b, order, id);
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not in summary.csv", id);
            goto done;
        }
        long y;
        cell_long(&t, r, YEAR, &y, err);
        size_t k = (size_t)(y - lo);
        dr_brief_county *c = &b->county[i];
        for (int q = 0; q < DR_NPCT; q++)
            if ((st = cell_num(&t, r, (size_t)(P05 + q),
                               &c->q[k * DR_NPCT + (size_t)q], err)))
                goto done;
        if ((st = cell_num(&t, r, PABOVE, &c->p_above[k], err)))
            goto done;
    }
    for (size_t i = 0; i < b->n; i++)
        for (size_t k = 0; k < ny; k++)
            if (isnan(b->county[i].p_above[k])) {
                st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                                  "no broad row for county %s in %ld",
                                  b->county[i].id, lo + (long)k);
                goto done;
            }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

static dr_status load_grades(dr_briefing *b, const size_t *order, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0}, {"county_id", 1}, {"year", 1}, {"p_green", 1},
        {"p_yellow", 1}, {"p_orange", 1},  {"p_red", 1}};
    enum { ID = 1, YEAR, GREEN };
    dr_csv_table t;
    char *path;
    size_t ny = (size_t)b->years + 1;
    dr_status st = read_table(b->dir, "grades.csv", cols, 7, &t, &path, err);
    if (st)
        goto done;
    for (size_t i = 0; i < b->n; i++) {
        double *g = malloc(ny * DR_NGRADES * sizeof *g);
        if (!g) {
            st = oom(err);
            goto done;
        }
        for (size_t k = 0; k < ny * DR_NGRADES; k++)
            g[k] = NAN;
        b->county[i].grade = g;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = find_county(b, order, id);
        long y;
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not in summary.csv", id);
            goto done;
        }
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (y < b->base_year || y > b->base_year + b->years)
            continue;
        double *g =
            &b->county[i].grade[(size_t)(y - b->base_year) * DR_NGRADES];
        for (int k = 0; k < DR_NGRADES; k++)
            if ((st = cell_num(&t, r, (size_t)(GREEN + k), &g[k], err)))
                goto done;
    }
    for (size_t i = 0; i < b->n; i++)
        if (isnan(b->county[i].grade[(size_t)b->years * DR_NGRADES])) {
            st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                              "no row for county %s in %ld", b->county[i].id,
                              b->base_year + b->years);
            goto done;
        }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

static dr_status load_city(dr_briefing *b, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0}, {"year", 1},    {"mean", 0},
        {"p05", 1},      {"p10", 1},     {"p25", 1},
        {"p50", 1},      {"p75", 1},     {"p90", 1},
        {"p95", 1},      {"p_above", 1}, {"expected_counties_above", 1}};
    enum { YEAR = 1, P05 = 3, PABOVE = 10, EXPECTED };
    dr_csv_table t;
    char *path;
    size_t ny = (size_t)b->years + 1;
    dr_status st = read_table(b->dir, "city.csv", cols, 12, &t, &path, err);
    if (st)
        goto done;
    b->city_q = malloc(ny * DR_NPCT * sizeof *b->city_q);
    b->city_p_above = malloc(ny * sizeof *b->city_p_above);
    b->city_expected = malloc(ny * sizeof *b->city_expected);
    if (!b->city_q || !b->city_p_above || !b->city_expected) {
        st = oom(err);
        goto done;
    }
    for (size_t k = 0; k < ny; k++)
        b->city_expected[k] = NAN;
    for (size_t r = 0; r < t.nrows; r++) {
        long y;
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (y < b->base_year || y > b->base_year + b->years)
            continue;
        size_t k = (size_t)(y - b->base_year);
        for (int q = 0; q < DR_NPCT; q++)
            if ((st = cell_num(&t, r, (size_t)(P05 + q),
                               &b->city_q[k * DR_NPCT + (size_t)q], err)))
                goto done;
        if ((st = cell_num(&t, r, PABOVE, &b->city_p_above[k], err)) ||
            (st = cell_num(&t, r, EXPECTED, &b->city_expected[k], err)))
            goto done;
    }
    for (size_t k = 0; k < ny; k++)
        if (isnan(b->city_expected[k])) {
            st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no row for %ld",
                              b->base_year + (long)k);
            goto done;
        }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

static dr_status load_counts(dr_briefing *b, dr_error *err)
{
    static const dr_csv_column cols[] = {{"scenario", 0},
                                         {"year", 1},
                                         {"counties_above", 1},
                                         {"probability", 1}};
    enum { YEAR = 1, COUNT, PROB };
    dr_csv_table t;
    char *path;
    dr_status st =
        read_table(b->dir, "city_counts.csv", cols, 4, &t, &path, err);
    if (st)
        goto done;
    b->counts = calloc(b->n + 1, sizeof *b->counts);
    if (!b->counts) {
        st = oom(err);
        goto done;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        long y, k;
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (y != b->base_year + b->years)
            continue;
        if ((st = dr_csv_long(&t, r, COUNT, 0, (long)b->n, 0, &k, err)) ||
            (st = cell_num(&t, r, PROB, &b->counts[k], err)))
            goto done;
    }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

/* Riskiest first: probability of a breach, then the median at the horizon,
 * then the order of the file. */
static int cmp_risk(const void *a, const void *b, void *ctx)
{
    const dr_briefing *br = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const dr_brief_county *x = &br->county[i], *y = &br->county[j];
    if (x->p_breach_end != y->p_breach_end)
        return x->p_breach_end > y->p_breach_end ? -1 : 1;
    if (x->p50_end != y->p50_end)
        return x->p50_end > y->p50_end ? -1 : 1;
    return i < j ? -1 : i > j;
}

static char *empty_if_null(char **s)
{
    if (!*s)
        *s = calloc(1, 1);
    return *s;
}

dr_status dr_briefing_load(dr_briefing *b, const char *dir, dr_error *err)
{
    *b = (dr_briefing){.warning = 1.0, .grades = {1.2, 2.0, 3.0}};
    size_t *order = NULL;
    dr_status st;
    if (!(b->dir = strdup(dir))) {
        st = oom(err);
        goto fail;
    }
    ini_ctx c = {.b = b};
    if ((st = read_ini(dir, "run.ini", on_run_ini, &c, err)) ||
        (st = read_ini(dir, "model.ini", on_model_ini, &c, err)))
        goto fail;
    if (!empty_if_null(&b->version) || !empty_if_null(&b->command) ||
        !empty_if_null(&b->scenario) || !empty_if_null(&b->title) ||
        !empty_if_null(&b->mode) || !empty_if_null(&b->model) ||
        !empty_if_null(&b->description) || !empty_if_null(&b->seed)) {
        st = oom(err);
        goto fail;
    }
    if ((st = load_summary(b, err)))
        goto fail;
    if (!(order = malloc(b->n * sizeof *order)) ||
        !(b->rank = malloc(b->n * sizeof *b->rank))) {
        st = oom(err);
        goto fail;
    }
    for (size_t i = 0; i < b->n; i++)
        order[i] = b->rank[i] = i;
    qsort_r(order, b->n, sizeof *order, cmp_id, b);
    for (size_t i = 1; i < b->n; i++)
        if (strcmp(b->county[order[i]].id, b->county[order[i - 1]].id) == 0) {
            char *path = join_path(dir, "summary.csv");
            dr_error_set(err, DR_EINPUT, path, 0, 0,
                         "county_id '%s' appears twice",
                         b->county[order[i]].id);
            free(path);
            st = DR_EINPUT;
            goto fail;
        }
    if ((st = load_ratios(b, order, err)) ||
        (st = load_grades(b, order, err)) || (st = load_city(b, err)) ||
        (st = load_counts(b, err)))
        goto fail;
    qsort_r(b->rank, b->n, sizeof *b->rank, cmp_risk, b);
    if (b->deterministic && b->paths <= 0)
        b->paths = 1;
    free(order);
    return DR_OK;
fail:
    free(order);
    dr_briefing_free(b);
    return st;
}

void dr_briefing_free(dr_briefing *b)
{
    for (size_t i = 0; b->county && i < b->n; i++) {
        dr_brief_county *c = &b->county[i];
        free(c->id);
        free(c->name);
        free(c->type);
        free(c->q);
        free(c->p_above);
        free(c->grade);
    }
    free(b->county);
    free(b->rank);
    free(b->city_q);
    free(b->city_p_above);
    free(b->city_expected);
    free(b->counts);
    free(b->dir);
    free(b->version);
    free(b->command);
    free(b->scenario);
    free(b->title);
    free(b->description);
    free(b->mode);
    free(b->model);
    free(b->seed);
    *b = (dr_briefing){0};
}

const char *dr_briefing_scenario(const dr_briefing *b)
{
    if (b->title && *b->title)
        return b->title;
    return b->scenario && *b->scenario ? b->scenario : "baseline";
}

const char *dr_chart_city_name(const dr_briefing *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->county[i].id, "city") == 0)
            return "fan_@city";
    return "fan_city";
}

/* ------------------------------------------------------------------------ */
/* Reading a batch review and a sensitivity run. */

/* A county of b by id through byid (sorted by id), or the city (index n):
 * compare.csv and sensitivity.csv write the city as county "city" after
 * the counties, so a county whose id is "city" takes the first such row
 * and the city the next (seen marks the rows taken). */
static size_t county_or_city(const dr_briefing *b, const size_t *byid,
                             const char *id, const unsigned char *seen)
{
    size_t i = find_county(b, byid, id);
    if (strcmp(id, "city") == 0 && (i == (size_t)-1 || seen[i]))
        return b->n;
    return i;
}

/* Indices of b's counties sorted by id, in a new array. */
static size_t *sorted_ids(dr_briefing *b)
{
    size_t *byid = malloc((b->n ? b->n : 1) * sizeof *byid);
    if (!byid)
        return NULL;
    for (size_t i = 0; i < b->n; i++)
        byid[i] = i;
    qsort_r(byid, b->n, sizeof *byid, cmp_id, b);
    return byid;
}

const double *dr_review_cmp(const dr_review *rv, size_t s, size_t i)
{
    return &rv->cmp[(s * (rv->n + 1) + i) * DR_CMP_N];
}

/* Most harmful for the city first: the change of its P(breach), then of
 * its median, then the order of compare.csv. */
static int cmp_harm(const void *a, const void *b, void *ctx)
{
    const dr_review *rv = ctx;
    size_t s = *(const size_t *)a, t = *(const size_t *)b;
    const double *x = dr_review_cmp(rv, s, rv->n),
                 *y = dr_review_cmp(rv, t, rv->n);
    if (x[DR_CMP_DELTA] != y[DR_CMP_DELTA])
        return x[DR_CMP_DELTA] > y[DR_CMP_DELTA] ? -1 : 1;
    if (x[DR_CMP_P50_DELTA] != y[DR_CMP_P50_DELTA])
        return x[DR_CMP_P50_DELTA] > y[DR_CMP_P50_DELTA] ? -1 : 1;
    return s < t ? -1 : s > t;
}

dr_status dr_review_load(dr_review *rv, const char *dir, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 1},      {"county_id", 1},      {"name", 0},
        {"p_breach_end", 1},  {"p_breach_delta", 1}, {"p_breach_delta_se", 1},
        {"broad_p50_end", 1}, {"broad_p50_delta", 1}};
    enum { SC, ID, NAME, P };
    *rv = (dr_review){0};
    dr_csv_table t = {0};
    char *path = NULL;
    size_t *row_s = NULL, *byid = NULL;
    unsigned char *seen = NULL;
    dr_status st;
    if (!(rv->dir = strdup(dir))) {
        st = oom(err);
        goto fail;
    }
    if ((st = read_table(dir, "compare.csv", cols, 8, &t, &path, err)))
        goto fail;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no rows");
        goto fail;
    }
    /* the scenarios, in the order they first appear */
    if (!(row_s = malloc(t.nrows * sizeof *row_s)) ||
        !(rv->name = calloc(t.nrows, sizeof *rv->name))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *name = dr_csv_get(&t, r, SC)->text;
        size_t k = 0;
        while (k < rv->ns && strcmp(rv->name[k], name) != 0)
            k++;
        if (k == rv->ns) {
            /* a folder of the review: no path may leave it */
            if (!dr_valid_id(name)) {
                st = dr_csv_fail(&t, r, SC, err,
                                 "scenario: expected a scenario name (the "
                                 "folder of its results), found '%s'",
                                 name);
                goto fail;
            }
            if (!(rv->name[rv->ns++] = strdup(name))) {
                st = oom(err);
                goto fail;
            }
        }
        row_s[r] = k;
    }
    if (!(rv->sc = calloc(rv->ns, sizeof *rv->sc))) {
        st = oom(err);
        goto fail;
    }
    for (size_t k = 0; k < rv->ns; k++) {
        char *sub = join_path(dir, rv->name[k]);
        if (!sub) {
            st = oom(err);
            goto fail;
        }
        st = dr_briefing_load(&rv->sc[k], sub, err);
        free(sub);
        if (st)
            goto fail;
    }
    dr_briefing *b = &rv->sc[0];
    size_t n = rv->n = b->n;
    for (size_t k = 1; k < rv->ns; k++) {
        int same = rv->sc[k].n == n;
        for (size_t i = 0; same && i < n; i++)
            same = strcmp(rv->sc[k].county[i].id, b->county[i].id) == 0;
        if (!same) {
            char *sum = join_path(rv->sc[k].dir, "summary.csv");
            dr_error_set(err, DR_EINPUT, sum ? sum : rv->sc[k].dir, 0, 0,
                         "other counties than the baseline's (%s)",
                         rv->name[0]);
            free(sum);
            st = DR_EINPUT;
            goto fail;
        }
    }
    size_t cells = rv->ns * (n + 1);
    if (!(byid = sorted_ids(b)) || !(seen = calloc(cells, 1)) ||
        !(rv->cmp = malloc(cells * DR_CMP_N * sizeof *rv->cmp)) ||
        !(rv->order = malloc(rv->ns * sizeof *rv->order))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        size_t s = row_s[r];
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = county_or_city(b, byid, id, seen + s * (n + 1));
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not a county of %s", id,
                             rv->name[0]);
            goto fail;
        }
        if (seen[s * (n + 1) + i]) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' appears twice for scenario %s",
                             id, rv->name[s]);
            goto fail;
        }
        seen[s * (n + 1) + i] = 1;
        double *v = &rv->cmp[(s * (n + 1) + i) * DR_CMP_N];
        for (size_t k = 0; k < DR_CMP_N; k++)
            if ((st = cell_num(&t, r, P + k, &v[k], err)))
                goto fail;
    }
    for (size_t k = 0; k < cells; k++)
        if (!seen[k]) {
            size_t i = k % (n + 1);
            st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                              "no row for scenario %s and county %s",
                              rv->name[k / (n + 1)],
                              i < n ? b->county[i].id : "city");
            goto fail;
        }
    for (size_t k = 1; k < rv->ns; k++)
        rv->order[k - 1] = k;
    qsort_r(rv->order, rv->ns - 1, sizeof *rv->order, cmp_harm, rv);
    st = DR_OK;
    goto done;
fail:
    dr_review_free(rv);
done:
    dr_csv_free(&t);
    free(path);
    free(row_s);
    free(byid);
    free(seen);
    return st;
}

void dr_review_free(dr_review *rv)
{
    for (size_t k = 0; k < rv->ns; k++) {
        if (rv->sc)
            dr_briefing_free(&rv->sc[k]);
        free(rv->name[k]);
    }
    free(rv->sc);
    free(rv->name);
    free(rv->cmp);
    free(rv->order);
    free(rv->dir);
    *rv = (dr_review){0};
}

char *dr_review_title(const dr_review *rv, size_t s, const char *lang)
{
    const dr_briefing *b = &rv->sc[s];
    int zh = lang && strcmp(lang, "zh") == 0;
    static const char *const baseline[2] = {"Baseline", "基准情景"};
    /* the baseline is titled by the program, in English */
    if (strcmp(b->scenario, "baseline") == 0 &&
        (!*b->title || strcasecmp(b->title, "baseline") == 0))
        return strdup(baseline[zh]);
    return dr_lang_text(dr_briefing_scenario(b), lang);
}

const double *dr_sensitivity_row(const dr_sensitivity *s, size_t p, size_t i)
{
    return &s->v[(p * (s->n + 1) + i) * DR_SENS_N];
}

dr_status dr_sensitivity_load(dr_sensitivity *s, const char *dir, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"parameter", 1},    {"low", 1},           {"high", 1},
        {"county_id", 1},    {"name", 0},          {"p_breach_base", 1},
        {"p_breach_low", 1}, {"p_breach_high", 1}, {"delta_low", 1},
        {"delta_high", 1}};
    enum { PARAM, LOW, HIGH, ID, NAME, BASE };
    *s = (dr_sensitivity){0};
    dr_csv_table t = {0};
    char *path = NULL, *sub = NULL;
    size_t *row_p = NULL, *byid = NULL;
    unsigned char *seen = NULL;
    dr_status st;
    if (!(s->dir = strdup(dir)) || !(sub = join_path(dir, "baseline"))) {
        st = oom(err);
        goto fail;
    }
    if ((st = dr_briefing_load(&s->base, sub, err)) ||
        (st = read_table(dir, "sensitivity.csv", cols, 10, &t, &path, err)))
        goto fail;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no rows");
        goto fail;
    }
    if (!(row_p = malloc(t.nrows * sizeof *row_p)) ||
        !(s->param = calloc(t.nrows, sizeof *s->param)) ||
        !(s->low = calloc(t.nrows, sizeof *s->low)) ||
        !(s->high = calloc(t.nrows, sizeof *s->high))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *name = dr_csv_get(&t, r, PARAM)->text;
        size_t k = 0;
        while (k < s->np && strcmp(s->param[k], name) != 0)
            k++;
        if (k == s->np) {
            s->np++;
            if ((st = dr_csv_strdup(&t, r, PARAM, &s->param[k])) ||
                (st = dr_csv_strdup(&t, r, LOW, &s->low[k])) ||
                (st = dr_csv_strdup(&t, r, HIGH, &s->high[k]))) {
                oom(err);
                goto fail;
            }
        }
        row_p[r] = k;
    }
    size_t n = s->n = s->base.n, cells = s->np * (n + 1);
    if (!(byid = sorted_ids(&s->base)) || !(seen = calloc(cells, 1)) ||
        !(s->v = malloc(cells * DR_SENS_N * sizeof *s->v))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        size_t p = row_p[r];
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = county_or_city(&s->base, byid, id, seen + p * (n + 1));
        if (i == (size_t)-1) {
            st =
                dr_csv_fail(&t, r, ID, err,
                            "county_id: '%s' is not a county of baseline/", id);
            goto fail;
        }
        if (seen[p * (n + 1) + i]) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' appears twice for %s", id,
                             s->param[p]);
            goto fail;
        }
        seen[p * (n + 1) + i] = 1;
        double *v = &s->v[(p * (n + 1) + i) * DR_SENS_N];
        for (size_t k = 0; k < DR_SENS_N; k++)
            if ((st = cell_num(&t, r, BASE + k, &v[k], err)))
                goto fail;
    }
    for (size_t k = 0; k < cells; k++)
        if (!seen[k]) {
            size_t i = k % (n + 1);
            st = dr_error_set(
                err, DR_EINPUT, path, 0, 0, "no row for %s and county %s",
                s->param[k / (n + 1)], i < n ? s->base.county[i].id : "city");
            goto fail;
        }
    /* the riskiest county: the highest base probability, the first such */
    for (size_t i = 1; i < n; i++)
        if (dr_sensitivity_row(s, 0, i)[DR_SENS_BASE] >
            dr_sensitivity_row(s, 0, s->riskiest)[DR_SENS_BASE])
            s->riskiest = i;
    st = DR_OK;
    goto done;
fail:
    dr_sensitivity_free(s);
done:
    dr_csv_free(&t);
    free(path);
    free(sub);
    free(row_p);
    free(byid);
    free(seen);
    return st;
}

void dr_sensitivity_free(dr_sensitivity *s)
{
    for (size_t k = 0; k < s->np; k++) {
        free(s->param[k]);
        free(s->low[k]);
        free(s->high[k]);
    }
    free(s->param);
    free(s->low);
    free(s->high);
    free(s->v);
    free(s->dir);
    dr_briefing_free(&s->base);
    *s = (dr_sensitivity){0};
}

typedef struct swing_ctx {
    const dr_sensitivity *s;
    size_t i;
} swing_ctx;

double dr_sensitivity_swing(const dr_sensitivity *s, size_t p, size_t i)
{
    const double *v = dr_sensitivity_row(s, p, i);
    return fmax(fabs(v[DR_SENS_DLOW]), fabs(v[DR_SENS_DHIGH]));
}

static int cmp_swing(const void *a, const void *b, void *ctx)
{
    const swing_ctx *c = ctx;
    size_t p = *(const size_t *)a, q = *(const size_t *)b;
    double x = dr_sensitivity_swing(c->s, p, c->i),
           y = dr_sensitivity_swing(c->s, q, c->i);
    if (x != y)
        return x > y ? -1 : 1;
    return p < q ? -1 : p > q;
}

void dr_sensitivity_rank(const dr_sensitivity *s, size_t i, size_t *order)
{
    swing_ctx c = {s, i};
    for (size_t p = 0; p < s->np; p++)
        order[p] = p;
    qsort_r(order, s->np, sizeof *order, cmp_swing, &c);
}

/* Names of the model's parameters (the README, the model file). */
static const struct {
    const char *key, *en, *zh;
} param_names[] = {
    {"growth.mu", "Nominal growth trend", "名义增长趋势"},
    {"growth.sigma", "Growth volatility", "增长波动"},
    {"growth.rho", "Growth persistence", "增长持续性"},
    {"own_revenue.mu", "Own revenue trend", "一般公共预算收入趋势"},
    {"own_revenue.beta", "Own revenue elasticity", "一般公共预算收入弹性"},
    {"own_revenue.sigma", "Own revenue volatility", "一般公共预算收入波动"},
    {"land.mu", "Land revenue trend", "土地出让收入趋势"},
    {"land.sigma", "Land revenue volatility", "土地出让收入波动"},
    {"land.rho", "Land revenue persistence", "土地出让收入持续性"},
    {"transfers.mu", "Transfers trend", "转移支付趋势"},
    {"transfers.sigma", "Transfers volatility", "转移支付波动"},
    {"spending.mu", "Spending growth", "支出增速"},
    {"contingent.prob", "Contingent debt: chance called", "或有债务代偿概率"},
    {"contingent.loss", "Contingent debt: share called", "或有债务代偿比例"},
    {"rate.explicit", "Cost of explicit debt", "显性债务利率"},
    {"rate.hidden", "Cost of hidden debt", "隐性债务利率"},
    {"rates.yield", "Market yield", "市场利率"},
    {"rates.sigma", "Yield volatility", "利率波动"},
    {"rates.hidden_spread", "Hidden-debt spread", "隐性债务利差"},
    {"rates.premium_slope", "Risk premium slope", "风险溢价斜率"},
    {"policy.quota", "Bond quota", "新增债券额度"},
    {"policy.consolidation", "Consolidation effort", "财政整顿力度"},
    {"policy.consolidation_max", "Consolidation ceiling", "财政整顿上限"},
    {"policy.debt_target", "Debt target", "债务率目标"},
    {"policy.surplus_spend", "Surplus spent", "结余支出比例"},
    {"thresholds.warning", "Warning line", "警戒线"},
};

const char *dr_param_label(const char *key, const char *lang, char *buf,
                           size_t n)
{
    int zh = lang && strcmp(lang, "zh") == 0;
    const char *k = key, *type = NULL;
    size_t ntype = 0;
    if (strncmp(k, "defaults.", 9) == 0)
        k += 9;
    else if (strncmp(k, "type.", 5) == 0) {
        /* type.LABEL.KEY: the key's name, for that type */
        for (size_t j = 0; j < sizeof param_names / sizeof param_names[0];
             j++) {
            size_t kl = strlen(param_names[j].key), l = strlen(k);
            if (l > kl + 6 && strcmp(k + l - kl, param_names[j].key) == 0 &&
                k[l - kl - 1] == '.') {
                type = k + 5;
                ntype = l - kl - 6;
                k += l - kl;
                break;
            }
        }
    }
    for (size_t j = 0; j < sizeof param_names / sizeof param_names[0]; j++)
        if (strcmp(k, param_names[j].key) == 0) {
            const char *name = zh ? param_names[j].zh : param_names[j].en;
            if (type)
                snprintf(buf, n, zh ? "%s（%.*s）" : "%s (%.*s)", name,
                         (int)ntype, type);
            else
                snprintf(buf, n, "%s", name);
            return buf;
        }
    snprintf(buf, n, "%s", key);
    return buf;
}

/* A setting as sensitivity.csv writes it, for a label: x0.5 as ×0.5 and a
 * minus sign for a hyphen. */
const char *dr_setting_label(const char *s, char *buf, size_t n)
{
    if (s[0] == 'x' && (isdigit((unsigned char)s[1]) || s[1] == '.'))
        snprintf(buf, n, "×%s", s + 1);
    else if (s[0] == '-')
        snprintf(buf, n, "−%s", s + 1);
    else
        snprintf(buf, n, "%s", s);
    return buf;
}

const char *dr_tornado_city_name(const dr_sensitivity *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->base.county[i].id, "city") == 0)
            return "tornado_@city";
    return "tornado_city";
}

/* ------------------------------------------------------------------------ */
/* Numbers as the reader sees them. */

const char *dr_fmt_pct(char buf[32], double v)
{
    if (isinf(v))
        snprintf(buf, 32, "%s∞", v < 0 ? "-" : "");
    else if (isnan(v))
        snprintf(buf, 32, "–");
    else
        snprintf(buf, 32, "%.1f%%", 100.0 * v);
    return buf;
}

/* A line of the model (a fraction) as a short percentage: 100%, 120%,
 * 1500000%. */
const char *dr_fmt_pct_line(char buf[32], double v)
{
    if (fabs(100.0 * v) < 1e4)
        snprintf(buf, 32, "%.4g%%", 100.0 * v);
    else
        snprintf(buf, 32, "%.0f%%", 100.0 * v);
    return buf;
}

/* Paths with thousands separators in English (10,000), plain in Chinese. */
const char *dr_fmt_count(char buf[32], long v, int zh)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v);
    if (zh) {
        snprintf(buf, 32, "%s", digits);
        return buf;
    }
    size_t n = strlen(digits), o = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && (n - k) % 3 == 0 && digits[k - 1] != '-')
            buf[o++] = ',';
        buf[o++] = digits[k];
    }
    buf[o] = '\0';
    return buf;
}
