#include "inputs/csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "base/range.h"
#include "base/textfile.h"

/* State shared with the libcsv callbacks. libcsv reports no positions, so
 * the file is fed to it one byte at a time: when a callback runs, the byte
 * that ended the field or row is buf[pos], and the field began at the first
 * non-blank byte after the previous field's end (span). */
typedef struct reader {
    const char *path;
    const unsigned char *buf; /* the file, after any byte-order mark */
    size_t len;
    size_t *line_start; /* offset of the first byte of each line */
    size_t nlines;
    size_t pos;  /* offset of the byte being fed to libcsv */
    size_t span; /* offset just after the end of the previous field */
    char *text;  /* cell text storage, len + 1 bytes (see on_field) */
    size_t used;
    dr_csv_cell *cell;
    size_t ncell, cap;
    size_t row_first; /* index of the current row's first cell */
    size_t nfields;   /* fields in the header; 0 until it is read */
    dr_status status; /* set by a callback to stop the parse */
    dr_error *err;
} reader;

/* Line and byte column of offset off (off may be len: the end of file). */
static void locate(const reader *rd, size_t off, long *line, long *col)
{
    size_t lo = 0, hi = rd->nlines; /* line_start[lo] <= off < line_start[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (rd->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    *line = (long)lo + 1;
    *col = (long)(off - rd->line_start[lo]) + 1;
}

/* Where the field ending at offset end began: its first character, or the
 * place of an empty field. Blank lines before a row are skipped too. */
static size_t field_start(const reader *rd, size_t end)
{
    size_t s = rd->span;
    while (s < end && (rd->buf[s] == ' ' || rd->buf[s] == '\t' ||
                       rd->buf[s] == '\r' || rd->buf[s] == '\n'))
        s++;
    return s;
}

static void fail_at(reader *rd, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Stops the parse with DR_EINPUT at offset off. */
static void fail_at(reader *rd, size_t off, const char *fmt, ...)
{
    char msg[sizeof rd->err->msg];
    long line, col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    locate(rd, off, &line, &col);
    rd->status =
        dr_error_set(rd->err, DR_EINPUT, rd->path, line, col, "%s", msg);
}

#define TOO_LONG "field too long (more than %d bytes)", DR_CSV_FIELD_MAX

static void on_field(void *data, size_t n, void *ud)
{
    reader *rd = ud;
    if (rd->status)
        return;
    size_t at = field_start(rd, rd->pos);
    if (n > DR_CSV_FIELD_MAX) {
        fail_at(rd, at, TOO_LONG);
        return;
    }
    if (rd->ncell == rd->cap) {
        size_t cap = rd->cap ? 2 * rd->cap : 64;
        dr_csv_cell *c = realloc(rd->cell, cap * sizeof *c);
        if (!c) {
            rd->status = dr_error_set(rd->err, DR_ENOMEM, rd->path, 0, 0,
                                      "out of memory");
            return;
        }
        rd->cell = c;
        rd->cap = cap;
    }
    /* The text fits in len + 1 bytes: every field but the last is ended by
     * a byte of its own (comma or line end) that its text does not use. */
    const char *s = data ? data : "";
    if (rd->nfields == 0) { /* header names are trimmed even when quoted */
        while (n > 0 && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
    }
    char *dst = rd->text + rd->used;
    memcpy(dst, s, n);
    dst[n] = '\0';
    rd->used += n + 1;
    dr_csv_cell *c = &rd->cell[rd->ncell++];
    c->text = dst;
    locate(rd, at, &c->line, &c->col);
    rd->span = rd->pos + 1;
}

static void on_row(int term, void *ud)
{
    reader *rd = ud;
    (void)term;
    if (rd->status)
        return;
    size_t count = rd->ncell - rd->row_first;
    if (rd->nfields == 0) {
        rd->nfields = count;
    } else if (count != rd->nfields) {
        /* Point at the first extra field, or at the end of a short row. */
        size_t off = rd->pos;
        if (count > rd->nfields) {
            const dr_csv_cell *c = &rd->cell[rd->row_first + rd->nfields];
            off = rd->line_start[c->line - 1] + (size_t)c->col - 1;
        }
        fail_at(rd, off, "expected %zu fields, found %zu", rd->nfields, count);
        return;
    }
    rd->row_first = rd->ncell;
    rd->span = rd->pos + 1;
}

/* Builds rd->line_start. A line ends at LF, CRLF or a lone CR, as in
 * libcsv, which ends a row at either CR or LF. */
static dr_status index_lines(reader *rd)
{
    size_t n = 1;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            rd->line_start = malloc(n * sizeof *rd->line_start);
            if (!rd->line_start)
                return dr_error_set(rd->err, DR_ENOMEM, rd->path, 0, 0,
                                    "out of memory");
            rd->line_start[0] = 0;
        }
        n = 1;
        for (size_t i = 0; i < rd->len; i++) {
            unsigned char c = rd->buf[i];
            if (c == '\n' ||
                (c == '\r' && (i + 1 == rd->len || rd->buf[i + 1] != '\n'))) {
                if (pass == 1)
                    rd->line_start[n] = i + 1;
                n++;
            }
        }
    }
    rd->nlines = n;
    return DR_OK;
}

/* Splits the file into cells with libcsv. */
static dr_status parse(reader *rd)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return dr_error_set(rd->err, DR_ENOMEM, rd->path, 0, 0,
                            "out of memory");
    for (rd->pos = 0; rd->pos < rd->len && !rd->status; rd->pos++) {
        if (csv_parse(&p, rd->buf + rd->pos, 1, on_field, on_row, rd) != 1) {
            if (csv_error(&p) == CSV_EPARSE)
                fail_at(rd, rd->pos,
                        "bad quoting: a field with a quote in it must be "
                        "quoted whole, its quotes doubled (\"a \"\"b\"\"\"), "
                        "and nothing may follow the closing quote");
            else
                rd->status = dr_error_set(rd->err, DR_ENOMEM, rd->path, 0, 0,
                                          "out of memory");
        } else if (!rd->status &&
                   csv_get_buffer_size(&p) > 4 * DR_CSV_FIELD_MAX) {
            /* Stop early rather than let libcsv buffer a huge field. */
            fail_at(rd, field_start(rd, rd->pos), TOO_LONG);
        }
    }
    rd->pos = rd->len;
    if (!rd->status && csv_fini(&p, on_field, on_row, rd) != 0)
        fail_at(rd, field_start(rd, rd->len),
                "unterminated quote: the quoted field opened here is never "
                "closed");
    csv_free(&p);
    return rd->status;
}

/* Maps the header to cols, or explains what is wrong with it. */
static dr_status check_header(dr_csv_table *t, dr_error *err)
{
    for (size_t k = 0; k < t->ncols; k++)
        t->index[k] = DR_CSV_ABSENT;
    for (size_t j = 0; j < t->nfields; j++) {
        const dr_csv_cell *h = &t->cell[j];
        size_t k = 0, best = t->ncols;
        int dist = 99;
        while (k < t->ncols && strcmp(t->cols[k].name, h->text) != 0) {
            int d = dr_suggest_distance(h->text, t->cols[k].name);
            if (d >= 0 && d < dist)
                dist = d, best = k;
            k++;
        }
        if (h->text[0] == '\0')
            return dr_error_set(err, DR_EINPUT, t->path, h->line, h->col,
                                "empty column name in the header");
        if (k == t->ncols && best < t->ncols)
            return dr_error_set(err, DR_EINPUT, t->path, h->line, h->col,
                                "unknown column '%s'; did you mean '%s'?%s",
                                h->text, t->cols[best].name,
                                dist == 0 ? " (column names are case-sensitive)"
                                          : "");
        if (k == t->ncols)
            return dr_error_set(err, DR_EINPUT, t->path, h->line, h->col,
                                "unknown column '%s'", h->text);
        if (t->index[k] != DR_CSV_ABSENT)
            return dr_error_set(err, DR_EINPUT, t->path, h->line, h->col,
                                "duplicate column '%s' (also at column %ld)",
                                h->text, t->cell[t->index[k]].col);
        t->index[k] = j;
    }
    for (size_t k = 0; k < t->ncols; k++)
        if (t->cols[k].required && t->index[k] == DR_CSV_ABSENT)
            return dr_error_set(err, DR_EINPUT, t->path, t->header_line, 1,
                                "missing required column '%s'",
                                t->cols[k].name);
    return DR_OK;
}

dr_status dr_csv_read(const char *path, const dr_csv_column *cols, size_t ncols,
                      dr_csv_table *t, dr_error *err)
{
    dr_status st;
    unsigned char *file = NULL;
    size_t n = 0;
    reader rd = {.path = path, .err = err};
    *t = (dr_csv_table){0};

    if ((st = dr_text_load(path, (char **)&file, &n, err)) != DR_OK)
        goto cleanup;
    rd.buf = file;
    rd.len = n;
    if (n >= 3 && memcmp(file, "\xEF\xBB\xBF", 3) == 0) {
        rd.buf += 3;
        rd.len -= 3;
    }
    if ((st = index_lines(&rd)) != DR_OK)
        goto cleanup;
    const unsigned char *nul = memchr(rd.buf, '\0', rd.len);
    size_t bad = dr_utf8_bad(rd.buf, nul ? (size_t)(nul - rd.buf) : rd.len);
    if (bad < rd.len) {
        fail_at(&rd, bad, "%s",
                nul && bad == (size_t)(nul - rd.buf)
                    ? "NUL byte in the file (is it UTF-16 or not text?)"
                    : dr_text_not_utf8());
        st = rd.status;
        goto cleanup;
    }
    if (!(rd.text = malloc(rd.len + 1)) ||
        !(t->index = malloc((ncols ? ncols : 1) * sizeof *t->index))) {
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    if ((st = parse(&rd)) != DR_OK)
        goto cleanup;
    if (rd.ncell == 0) {
        st = dr_error_set(err, DR_EINPUT, path, 1, 1, "the file is empty");
        goto cleanup;
    }
    t->path = path;
    t->cols = cols;
    t->ncols = ncols;
    t->nfields = rd.nfields;
    t->nrows = rd.ncell / rd.nfields - 1;
    t->header_line = rd.cell[0].line;
    t->cell = rd.cell;
    t->text = rd.text;
    rd.cell = NULL;
    rd.text = NULL;
    st = check_header(t, err);
cleanup:
    if (st != DR_OK)
        dr_csv_free(t);
    free(rd.cell);
    free(rd.text);
    free(rd.line_start);
    free(file);
    return st;
}

void dr_csv_free(dr_csv_table *t)
{
    free(t->index);
    free(t->cell);
    free(t->text);
    *t = (dr_csv_table){0};
}

const dr_csv_cell *dr_csv_get(const dr_csv_table *t, size_t r, size_t k)
{
    size_t j = t->index[k];
    return j == DR_CSV_ABSENT ? NULL : &t->cell[(r + 1) * t->nfields + j];
}

long dr_csv_row_line(const dr_csv_table *t, size_t r)
{
    return t->cell[(r + 1) * t->nfields].line;
}

dr_status dr_csv_fail(const dr_csv_table *t, size_t r, size_t k, dr_error *err,
                      const char *fmt, ...)
{
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const dr_csv_cell *c = dr_csv_get(t, r, k);
    if (!c)
        c = &t->cell[(r + 1) * t->nfields];
    return dr_error_set(err, DR_EINPUT, t->path, c->line, c->col, "%s", msg);
}

/* The cell to parse, or NULL when the default applies. */
static const dr_csv_cell *value_cell(const dr_csv_table *t, size_t r, size_t k)
{
    const dr_csv_cell *c = dr_csv_get(t, r, k);
    if (!c || (!t->cols[k].required && dr_blank(c->text)))
        return NULL;
    return c;
}

dr_status dr_csv_double(const dr_csv_table *t, size_t r, size_t k, double def,
                        double *out, dr_error *err)
{
    const dr_csv_cell *c = value_cell(t, r, k);
    const char *why;
    *out = def;
    if (c && !dr_parse_double(c->text, out, &why))
        return dr_csv_fail(t, r, k, err,
                           "%s: expected a number, found '%s' (%s)",
                           t->cols[k].name, c->text, why);
    return DR_OK;
}

dr_status dr_csv_double_in(const dr_csv_table *t, size_t r, size_t k,
                           double def, const dr_range *range, double *out,
                           dr_error *err)
{
    dr_status st = dr_csv_double(t, r, k, def, out, err);
    const dr_csv_cell *c = value_cell(t, r, k);
    /* A default is not checked: NAN stands for "absent" in some columns. */
    if (st != DR_OK || !c || dr_range_has(range, *out))
        return st;
    char want[96], hint[128];
    dr_range_text(range, want, sizeof want);
    int h = dr_range_hint(range, *out, hint, sizeof hint);
    return dr_csv_fail(t, r, k, err, "%s must be %s, found %s%s%s",
                       t->cols[k].name, want, c->text, h ? "; " : "", hint);
}

dr_status dr_csv_long(const dr_csv_table *t, size_t r, size_t k, long lo,
                      long hi, long def, long *out, dr_error *err)
{
    const dr_csv_cell *c = value_cell(t, r, k);
    const char *why;
    *out = def;
    if (c && !dr_parse_long(c->text, lo, hi, out, &why))
        return dr_csv_fail(t, r, k, err,
                           "%s: expected a whole number from %ld to %ld, "
                           "found '%s' (%s)",
                           t->cols[k].name, lo, hi, c->text, why);
    return DR_OK;
}

dr_status dr_csv_strdup(const dr_csv_table *t, size_t r, size_t k, char **out)
{
    const dr_csv_cell *c = dr_csv_get(t, r, k);
    *out = dr_strdup_trim(c ? c->text : "");
    return *out ? DR_OK : DR_ENOMEM;
}

dr_status dr_csv_text(const dr_csv_table *t, size_t r, size_t k, unsigned flags,
                      char **out, dr_error *err)
{
    char why[DR_TEXT_WHY];
    if (dr_csv_strdup(t, r, k, out) != DR_OK)
        return dr_error_set(err, DR_ENOMEM, t->path, 0, 0, "out of memory");
    if (!dr_text_check(*out, flags, why))
        return dr_csv_fail(t, r, k, err, "%s: %s", t->cols[k].name, why);
    return DR_OK;
}

typedef struct keyed {
    const char *key;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

dr_status dr_find_duplicate(const char *const *key, size_t n, size_t *dup,
                            size_t *first)
{
    /* Sorting by (key, index) puts each key's first occurrence at the head
     * of its run: O(n log n), where comparing every pair would be O(n^2). */
    keyed *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return DR_ENOMEM;
    for (size_t i = 0; i < n; i++)
        v[i] = (keyed){key[i], i};
    qsort(v, n, sizeof *v, cmp_keyed);
    *dup = n;
    for (size_t i = 1, head = 0; i < n; i++) {
        if (strcmp(v[i].key, v[head].key) != 0)
            head = i;
        else if (v[i].i < *dup)
            *dup = v[i].i, *first = v[head].i;
    }
    free(v);
    return DR_OK;
}
