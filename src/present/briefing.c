/* Reading an output folder back (briefing.h): the INI and CSV files of a
 * run, every value checked (brief_cells.h), and the words and numbers the
 * charts and the reports show from them. A batch review and a sensitivity
 * run are read in review_read.c. */
#define _GNU_SOURCE /* qsort_r */
#include "present/briefing.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "inputs/csvread.h"
#include "present/brief_cells.h"

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

static char *lang_text(const char *text, dr_lang lang)
{
    int zh = (lang == DR_LANG_ZH);
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

char *dr_lang_text(const char *text, dr_lang lang)
{
    return squeeze_cjk(lang_text(text, lang));
}

/* ------------------------------------------------------------------------ */
/* Reading an output folder. */

/* run.ini and model.ini: the few keys the charts and report use, each
 * checked where it is read, with its line and column. */
typedef struct ini_ctx {
    dr_briefing *b;
    FILE *f;
    const char *path;
    long line;     /* of the line read last */
    char raw[256]; /* that line, as inih got it */
    int nomem, failed;
    dr_error *err;
} ini_ctx;

/* inih is built with short lines (INI_MAX_LINE 200), so a longer line is
 * cut (at a character boundary) and the rest of it skipped, not parsed as
 * a line of its own. The line is kept for the columns of messages. */
static char *read_line_cut(char *str, int num, void *stream)
{
    ini_ctx *c = stream;
    if (!fgets(str, num, c->f))
        return NULL;
    c->line++;
    size_t len = strlen(str);
    if (len + 1 == (size_t)num && str[len - 1] != '\n') {
        int ch;
        while ((ch = fgetc(c->f)) != EOF && ch != '\n')
            ;
        while (len > 0 && ((unsigned char)str[len - 1] & 0xC0) == 0x80)
            len--;
        if (len > 0 && ((unsigned char)str[len - 1] & 0x80))
            len--;
        str[len] = '\0';
    }
    snprintf(c->raw, sizeof c->raw, "%s", str);
    return str;
}

/* The column of the value on the line read last: after the '=' (or ':')
 * of a key, or the first character of a continuation line. */
static long value_col(const ini_ctx *c)
{
    const char *s = c->raw;
    if (*s != ' ' && *s != '\t') {
        size_t d = strcspn(s, "=:");
        if (s[d])
            s += d + 1;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    return (long)(s - c->raw) + 1;
}

static int ini_fail(ini_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Stops the parse with DR_EINPUT at the value of the line read last. */
static int ini_fail(ini_ctx *c, const char *fmt, ...)
{
    char msg[sizeof c->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dr_error_set(c->err, DR_EINPUT, c->path, c->line, value_col(c), "%s", msg);
    c->failed = 1;
    return 0;
}

/* The text rules of the inputs (dr_text_check), for a value of key. */
static int text_ok(ini_ctx *c, const char *key, const char *value,
                   unsigned flags)
{
    char why[DR_TEXT_WHY];
    return dr_text_check(value, flags, why) || ini_fail(c, "%s: %s", key, why);
}

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

/* The keys of run.ini the reader uses, with the rules their values keep:
 * text (dr_text_check with flags), an id, digits, or one of two words. */
enum run_rule { R_TEXT, R_ID, R_DIGITS, R_MODE };

static const struct {
    const char *section, *key;
    size_t off; /* of the string in dr_briefing */
    int join;   /* continuation lines joined (add_str) */
    enum run_rule rule;
    unsigned flags;
} run_keys[] = {
    {"debtrisk", "version", offsetof(dr_briefing, version), 0, R_TEXT, 0},
    {"debtrisk", "command", offsetof(dr_briefing, command), 1, R_TEXT, 0},
    {"run", "scenario", offsetof(dr_briefing, scenario), 0, R_ID, 0},
    {"run", "title", offsetof(dr_briefing, title), 1, R_TEXT, DR_TEXT_CELL},
    {"run", "description", offsetof(dr_briefing, description), 1, R_TEXT, 0},
    {"run", "mode", offsetof(dr_briefing, mode), 0, R_MODE, 0},
    {"run", "seed", offsetof(dr_briefing, seed), 0, R_DIGITS, 0},
    {"inputs", "model", offsetof(dr_briefing, model), 0, R_TEXT, 0},
};

static int on_run_ini(void *user, const char *section, const char *key,
                      const char *value)
{
    ini_ctx *c = user;
    dr_briefing *b = c->b;
    if (strcmp(section, "run") == 0 && strcmp(key, "paths") == 0) {
        long v;
        const char *why;
        if (!dr_parse_long(value, 0, LONG_MAX, &v, &why))
            return ini_fail(c,
                            "paths: expected a whole number >= 0, found "
                            "'%s' (%s)",
                            value, why);
        b->paths = v;
        return 1;
    }
    for (size_t k = 0; k < sizeof run_keys / sizeof run_keys[0]; k++) {
        if (strcmp(section, run_keys[k].section) != 0 ||
            strcmp(key, run_keys[k].key) != 0)
            continue;
        /* only a title's first line starts a cell of an output */
        unsigned flags = run_keys[k].flags;
        if (c->raw[0] == ' ' || c->raw[0] == '\t')
            flags &= ~DR_TEXT_CELL;
        if (!text_ok(c, key, value, flags))
            return 0;
        enum run_rule rule = run_keys[k].rule;
        if (rule == R_ID && !dr_valid_id(value))
            return ini_fail(c, "%s: expected a scenario name, found '%s'", key,
                            value);
        if (rule == R_DIGITS &&
            (!*value || strspn(value, "0123456789") != strlen(value)))
            return ini_fail(c, "%s: expected a whole number, found '%s'", key,
                            value);
        if (rule == R_MODE && strcmp(value, "deterministic") != 0 &&
            strcmp(value, "monte_carlo") != 0)
            return ini_fail(c,
                            "%s: expected deterministic or monte_carlo, "
                            "found '%s'",
                            key, value);
        if (rule == R_MODE)
            b->deterministic = strcmp(value, "deterministic") == 0;
        char **dst = (char **)((char *)b + run_keys[k].off);
        return run_keys[k].join ? add_str(c, dst, value)
                                : set_str(c, dst, value);
    }
    return 1;
}

/* [thresholds] warning (> 0) and grades (three ascending numbers > 0) of
 * model.ini. */
static int on_model_ini(void *user, const char *section, const char *key,
                        const char *value)
{
    ini_ctx *c = user;
    const char *why = "";
    if (strcmp(section, "thresholds") != 0)
        return 1;
    if (strcmp(key, "warning") == 0) {
        if (!dr_parse_double(value, &c->b->warning, &why) ||
            !(c->b->warning > 0))
            return ini_fail(c, "warning: expected a number > 0, found '%s'",
                            value);
        return 1;
    }
    if (strcmp(key, "grades") == 0) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", value);
        int k = 0;
        for (char *save, *p = strtok_r(buf, ", \t", &save); p;
             p = strtok_r(NULL, ", \t", &save), k++)
            if (k >= 3 || !dr_parse_double(p, &c->b->grades[k], &why) ||
                !(c->b->grades[k] > (k ? c->b->grades[k - 1] : 0.0)))
                k = 99;
        if (k != 3)
            return ini_fail(c,
                            "grades: expected three ascending numbers > 0, "
                            "found '%s'",
                            value);
    }
    return 1;
}

static dr_status read_ini(const char *dir, const char *file, ini_handler fn,
                          ini_ctx *c, dr_error *err)
{
    char *path = dr_rb_join(dir, file);
    if (!path)
        return dr_rb_oom(err);
    c->path = path;
    c->err = err;
    c->line = 0;
    c->f = fopen(path, "r");
    if (!c->f) {
        dr_status st = errno == ENOMEM
                           ? dr_rb_oom(err)
                           : dr_error_set(err, DR_EINPUT, path, 0, 0,
                                          "cannot open: %s", strerror(errno));
        free(path);
        return st;
    }
    int line = ini_parse_stream(read_line_cut, c, fn, c);
    fclose(c->f);
    dr_status st = DR_OK;
    if (c->nomem)
        st = dr_rb_oom(err);
    else if (c->failed)
        st = DR_EINPUT;
    else if (line != 0)
        st = dr_error_set(err, DR_EINPUT, path, line > 0 ? line : 0,
                          line > 0 ? 1 : 0,
                          "not a valid INI file: expected 'key = value', a "
                          "[section] or a comment");
    free(path);
    return st;
}

/* Every county of summary.csv once. */
static dr_status unique_ids(const dr_briefing *b, const dr_csv_table *t,
                            size_t k, dr_error *err)
{
    const char **ids = malloc(b->n * sizeof *ids);
    size_t dup, first;
    if (!ids)
        return dr_rb_oom(err);
    for (size_t i = 0; i < b->n; i++)
        ids[i] = b->county[i].id;
    dr_status st = dr_find_duplicate(ids, b->n, &dup, &first);
    free(ids);
    if (st != DR_OK)
        return dr_rb_oom(err);
    if (dup < b->n)
        return dr_csv_fail(t, dup, k, err,
                           "duplicate county_id '%s' (first at line %ld)",
                           b->county[dup].id, dr_csv_row_line(t, first));
    return DR_OK;
}

static dr_status load_summary(dr_briefing *b, dr_error *err)
{
    enum {
        ID = DR_SUMMARY_COUNTY_ID,
        NAME = DR_SUMMARY_NAME,
        TYPE = DR_SUMMARY_TYPE,
        BASE = DR_SUMMARY_BASE,
        P50 = DR_SUMMARY_P50_END,
        P10 = DR_SUMMARY_P10_END,
        P90 = DR_SUMMARY_P90_END,
        PB = DR_SUMMARY_P_BREACH,
        PBSE = DR_SUMMARY_P_BREACH_SE,
        FIRST = DR_SUMMARY_FIRST_YEAR,
        PRED = DR_SUMMARY_P_RED
    };
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    const uint32_t need = DR_COLS(ID) | DR_COLS(NAME) | DR_COLS(BASE) |
                          DR_COLS(P50) | DR_COLS(P10) | DR_COLS(P90) |
                          DR_COLS(PB) | DR_COLS(PBSE);
    dr_csv_table t;
    char *path;
    dr_status st =
        dr_rb_schema_table(b->dir, DR_SC_SUMMARY, need, cols, &t, &path, err);
    if (st)
        goto done;
    st = DR_EINPUT;
    if (t.nrows == 0) {
        dr_error_set(err, st, path, 0, 0, "no counties");
        goto done;
    }
    b->county = calloc(t.nrows, sizeof *b->county);
    if (!b->county) {
        st = dr_rb_oom(err);
        goto done;
    }
    b->n = t.nrows;
    for (size_t r = 0; r < t.nrows; r++) {
        dr_brief_county *c = &b->county[r];
        /* the names and ids go into charts and reports: the rules of
         * fiscal.csv hold for them here too */
        if ((st = dr_rb_id(&t, r, ID, "an id", &c->id, err)) ||
            (st = dr_rb_name(&t, r, NAME, &c->name, err)) ||
            (st = dr_csv_text(&t, r, TYPE, DR_TEXT_CELL, &c->type, err)))
            goto done;
        if (*c->type && !dr_valid_id(c->type)) {
            st = dr_csv_fail(&t, r, TYPE, err,
                             "type: expected a type label (A-Z a-z 0-9 _ -), "
                             "found '%s'",
                             c->type);
            goto done;
        }
        if ((st = dr_rb_num(&t, r, BASE, DR_RB_RATIO, &c->base, err)) ||
            (st = dr_rb_num(&t, r, P50, DR_RB_RATIO, &c->p50_end, err)) ||
            (st = dr_rb_num(&t, r, P10, DR_RB_RATIO, &c->p10_end, err)) ||
            (st = dr_rb_num(&t, r, P90, DR_RB_RATIO, &c->p90_end, err)) ||
            (st = dr_rb_num(&t, r, PB, DR_RB_PROB, &c->p_breach_end, err)) ||
            (st = dr_rb_num(&t, r, PBSE, DR_RB_PROB, &c->p_breach_end_se, err)))
            goto done;
        c->p_red_end = NAN;
        if (dr_csv_get(&t, r, PRED) &&
            (st = dr_rb_num(&t, r, PRED, DR_RB_PROB, &c->p_red_end, err)))
            goto done;
        if ((st = dr_rb_year(&t, r, FIRST, &c->first_year_p50, err)))
            goto done;
    }
    st = unique_ids(b, &t, ID, err);
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

/* Years of ratios.csv set base_year and years; every county must have a
 * broad row for each. */
static dr_status load_ratios(dr_briefing *b, const size_t *order, dr_error *err)
{
    enum {
        ID = DR_RATIOS_COUNTY_ID,
        YEAR = DR_RATIOS_YEAR,
        MEASURE = DR_RATIOS_MEASURE,
        P05 = DR_RATIOS_P05,
        PABOVE = DR_RATIOS_P_ABOVE
    };
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    uint32_t need =
        DR_COLS(ID) | DR_COLS(YEAR) | DR_COLS(MEASURE) | DR_COLS(PABOVE);
    for (int q = 0; q < DR_NPCT; q++)
        need |= DR_COLS(P05 + q);
    dr_csv_table t;
    char *path;
    dr_status st =
        dr_rb_schema_table(b->dir, DR_SC_RATIOS, need, cols, &t, &path, err);
    if (st)
        goto done;
    long lo = 0, hi = -1;
    for (size_t r = 0; r < t.nrows; r++) {
        long y;
        if ((st = dr_rb_year(&t, r, YEAR, &y, err)))
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
            st = dr_rb_oom(err);
            goto done;
        }
        for (size_t k = 0; k < ny; k++)
            c->p_above[k] = NAN;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        if (strcmp(dr_csv_get(&t, r, MEASURE)->text, "broad") != 0)
            continue;
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = dr_rb_find_county(b, order, id);
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not in summary.csv", id);
            goto done;
        }
        long y;
        dr_rb_year(&t, r, YEAR, &y, err);
        size_t k = (size_t)(y - lo);
        dr_brief_county *c = &b->county[i];
        for (int q = 0; q < DR_NPCT; q++)
            if ((st = dr_rb_num(&t, r, (size_t)(P05 + q), DR_RB_RATIO,
                                &c->q[k * DR_NPCT + (size_t)q], err)))
                goto done;
        if ((st = dr_rb_num(&t, r, PABOVE, DR_RB_PROB, &c->p_above[k], err)))
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
    enum {
        ID = DR_GRADES_COUNTY_ID,
        YEAR = DR_GRADES_YEAR,
        GREEN = DR_GRADES_GREEN
    };
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    uint32_t need = DR_COLS(ID) | DR_COLS(YEAR);
    for (int k = 0; k < DR_NGRADES; k++)
        need |= DR_COLS(GREEN + k);
    dr_csv_table t;
    char *path;
    size_t ny = (size_t)b->years + 1;
    dr_status st =
        dr_rb_schema_table(b->dir, DR_SC_GRADES, need, cols, &t, &path, err);
    if (st)
        goto done;
    for (size_t i = 0; i < b->n; i++) {
        double *g = malloc(ny * DR_NGRADES * sizeof *g);
        if (!g) {
            st = dr_rb_oom(err);
            goto done;
        }
        for (size_t k = 0; k < ny * DR_NGRADES; k++)
            g[k] = NAN;
        b->county[i].grade = g;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = dr_rb_find_county(b, order, id);
        long y;
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not in summary.csv", id);
            goto done;
        }
        if ((st = dr_rb_year(&t, r, YEAR, &y, err)))
            goto done;
        if (y < b->base_year || y > b->base_year + b->years)
            continue;
        double *g =
            &b->county[i].grade[(size_t)(y - b->base_year) * DR_NGRADES];
        for (int k = 0; k < DR_NGRADES; k++)
            if ((st = dr_rb_num(&t, r, (size_t)(GREEN + k), DR_RB_PROB, &g[k],
                                err)))
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
    enum {
        YEAR = DR_CITY_YEAR,
        P05 = DR_CITY_P05,
        PABOVE = DR_CITY_P_ABOVE,
        EXPECTED = DR_CITY_EXPECTED
    };
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    uint32_t need = DR_COLS(YEAR) | DR_COLS(PABOVE) | DR_COLS(EXPECTED);
    for (int q = 0; q < DR_NPCT; q++)
        need |= DR_COLS(P05 + q);
    dr_csv_table t;
    char *path;
    size_t ny = (size_t)b->years + 1;
    dr_status st =
        dr_rb_schema_table(b->dir, DR_SC_CITY, need, cols, &t, &path, err);
    if (st)
        goto done;
    b->city_q = malloc(ny * DR_NPCT * sizeof *b->city_q);
    b->city_p_above = malloc(ny * sizeof *b->city_p_above);
    b->city_expected = malloc(ny * sizeof *b->city_expected);
    if (!b->city_q || !b->city_p_above || !b->city_expected) {
        st = dr_rb_oom(err);
        goto done;
    }
    for (size_t k = 0; k < ny; k++)
        b->city_expected[k] = NAN;
    for (size_t r = 0; r < t.nrows; r++) {
        long y;
        if ((st = dr_rb_year(&t, r, YEAR, &y, err)))
            goto done;
        if (y < b->base_year || y > b->base_year + b->years)
            continue;
        size_t k = (size_t)(y - b->base_year);
        for (int q = 0; q < DR_NPCT; q++)
            if ((st = dr_rb_num(&t, r, (size_t)(P05 + q), DR_RB_RATIO,
                                &b->city_q[k * DR_NPCT + (size_t)q], err)))
                goto done;
        if ((st = dr_rb_num(&t, r, PABOVE, DR_RB_PROB, &b->city_p_above[k],
                            err)) ||
            (st = dr_rb_num(&t, r, EXPECTED, DR_RB_COUNT, &b->city_expected[k],
                            err)))
            goto done;
        if (b->city_expected[k] > (double)b->n) {
            st = dr_csv_fail(&t, r, EXPECTED, err,
                             "expected_counties_above: %s is more than the "
                             "%zu counties",
                             dr_csv_get(&t, r, EXPECTED)->text, b->n);
            goto done;
        }
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
    enum {
        YEAR = DR_CITY_COUNTS_YEAR,
        COUNT = DR_CITY_COUNTS_COUNT,
        PROB = DR_CITY_COUNTS_PROB
    };
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    const uint32_t need = DR_COLS(YEAR) | DR_COLS(COUNT) | DR_COLS(PROB);
    dr_csv_table t;
    char *path;
    dr_status st = dr_rb_schema_table(b->dir, DR_SC_CITY_COUNTS, need, cols, &t,
                                      &path, err);
    if (st)
        goto done;
    b->counts = calloc(b->n + 1, sizeof *b->counts);
    if (!b->counts) {
        st = dr_rb_oom(err);
        goto done;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        long y, k;
        if ((st = dr_rb_year(&t, r, YEAR, &y, err)))
            goto done;
        if (y != b->base_year + b->years)
            continue;
        if ((st = dr_csv_long(&t, r, COUNT, 0, (long)b->n, 0, &k, err)) ||
            (st = dr_rb_num(&t, r, PROB, DR_RB_PROB, &b->counts[k], err)))
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
        st = dr_rb_oom(err);
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
        st = dr_rb_oom(err);
        goto fail;
    }
    if ((st = load_summary(b, err)))
        goto fail;
    if (!(order = dr_rb_sorted_ids(b)) ||
        !(b->rank = malloc(b->n * sizeof *b->rank))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    for (size_t i = 0; i < b->n; i++)
        b->rank[i] = i;
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
