#include "inputs/history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "inputs/csvread.h"

enum { C_ID, C_YEAR, C_VAR0, NCOLS = C_VAR0 + DR_NHVARS };

static const dr_csv_column cols[NCOLS] = {
    {"county_id", 1},          {"year", 1},          {"gdp", 1},
    {"own_revenue", 1},        {"transfers", 1},     {"land_revenue", 1},
    {"primary_spending", 0},   {"explicit_debt", 0}, {"hidden_debt", 0},
    {"other_fund_revenue", 0}, {"soe_revenue", 0},   {"remittance", 0},
    {"contingent", 0},
};

/* What a variable must be: growth rates divide by gdp, own revenue and
 * transfers, and by primary spending where it is given. */
static int must_be_positive(int k)
{
    return k == DR_H_GDP || k == DR_H_OWN_REVENUE || k == DR_H_TRANSFERS ||
           k == DR_H_PRIMARY_SPENDING;
}

/* One data row as read, before grouping by county. */
typedef struct row {
    size_t county;
    size_t rank; /* the county's order of first appearance in the file */
    long year;
    size_t r; /* data row in the table */
} row;

static int by_rank_year(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    return x->r < y->r ? -1 : x->r > y->r;
}

static int by_county(const void *a, const void *b)
{
    const dr_history_county *x = a, *y = b;
    return x->county < y->county ? -1 : x->county > y->county;
}

/* A (county, year) seen before row r: an error at r's year naming the
 * earlier line. seen holds a bit per county and year. */
static dr_status check_duplicate(const dr_csv_table *t, const dr_fiscal *f,
                                 const row *rows, size_t r, unsigned char *seen,
                                 dr_error *err)
{
    size_t bit = rows[r].county * DR_HISTORY_MAX_YEARS +
                 (size_t)(rows[r].year - DR_HISTORY_YEAR_MIN);
    if (!(seen[bit / 8] & (1u << (bit % 8)))) {
        seen[bit / 8] |= (unsigned char)(1u << (bit % 8));
        return DR_OK;
    }
    size_t e = 0;
    while (rows[e].county != rows[r].county || rows[e].year != rows[r].year)
        e++;
    return dr_csv_fail(t, r, C_YEAR, err,
                       "duplicate year %ld for county '%s' (first at line "
                       "%ld)",
                       rows[r].year, f->county[rows[r].county].id,
                       dr_csv_row_line(t, e));
}

static dr_status read_row(const dr_csv_table *t, size_t r, const dr_fiscal *f,
                          row *out, double v[DR_NHVARS], dr_error *err)
{
    const dr_csv_cell *id = dr_csv_get(t, r, C_ID);
    long i = dr_fiscal_find(f, id->text);
    if (i < 0) {
        const char *best = dr_fiscal_suggest(f, id->text);
        if (best)
            return dr_csv_fail(t, r, C_ID, err,
                               "unknown county '%s': not in %s (did you mean "
                               "'%s'?)",
                               id->text, f->path, best);
        return dr_csv_fail(t, r, C_ID, err, "unknown county '%s': not in %s",
                           id->text, f->path);
    }
    out->county = (size_t)i;
    out->r = r;
    dr_status st = dr_csv_long(t, r, C_YEAR, DR_HISTORY_YEAR_MIN,
                               DR_HISTORY_YEAR_MAX, 0, &out->year, err);
    if (st != DR_OK)
        return st;
    for (int k = 0; k < DR_NHVARS; k++) {
        size_t c = C_VAR0 + (size_t)k;
        if ((st = dr_csv_double(t, r, c, NAN, &v[k], err)) != DR_OK)
            return st;
        if (isnan(v[k]))
            continue; /* an optional cell left blank: not given */
        const char *text = dr_csv_get(t, r, c)->text;
        if (must_be_positive(k) && !(v[k] > 0))
            return dr_csv_fail(t, r, c, err,
                               "%s must be > 0 (growth rates divide by it), "
                               "found %s",
                               cols[c].name, text);
        if (!(v[k] >= 0))
            return dr_csv_fail(t, r, c, err, "%s must be >= 0, found %s",
                               cols[c].name, text);
    }
    return DR_OK;
}

/* Groups the sorted rows into counties, checking for gaps county by
 * county in order of first appearance. */
static dr_status group(const dr_csv_table *t, const dr_fiscal *f,
                       const row *rows, const double (*v)[DR_NHVARS],
                       dr_history *h, dr_error *err)
{
    size_t nrows = t->nrows, a = 0;
    while (a < nrows) {
        size_t b = a + 1;
        while (b < nrows && rows[b].county == rows[a].county)
            b++;
        /* The county's first line in the file: where gaps are reported. */
        size_t first_r = rows[a].r;
        for (size_t k = a; k < b; k++)
            if (rows[k].r < first_r)
                first_r = rows[k].r;
        for (size_t k = a + 1; k < b; k++) {
            if (rows[k].year != rows[k - 1].year + 1)
                return dr_csv_fail(t, first_r, C_ID, err,
                                   "county '%s' has a gap in its years: %ld "
                                   "then %ld (its years must be consecutive)",
                                   f->county[rows[k].county].id,
                                   rows[k - 1].year, rows[k].year);
        }
        dr_history_county *c = &h->county[h->n++];
        c->county = rows[a].county;
        c->first = rows[a].year;
        c->nyears = b - a;
        c->id = f->county[c->county].id;
        c->line = dr_csv_get(t, first_r, C_ID)->line;
        c->col = dr_csv_get(t, first_r, C_ID)->col;
        c->v = malloc(c->nyears * sizeof *c->v);
        if (!c->v)
            return dr_error_set(err, DR_ENOMEM, t->path, 0, 0, "out of memory");
        for (size_t k = a; k < b; k++)
            memcpy(c->v[k - a], v[rows[k].r], sizeof *c->v);
        a = b;
    }
    return DR_OK;
}

dr_status dr_history_read(const char *path, const dr_fiscal *f, dr_history *out,
                          dr_error *err)
{
    dr_csv_table t;
    row *rows = NULL;
    double(*v)[DR_NHVARS] = NULL;
    size_t *rank = NULL;
    unsigned char *seen = NULL;
    dr_status st;
    *out = (dr_history){0};
    if ((st = dr_csv_read(path, cols, NCOLS, &t, err)) != DR_OK)
        return st;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, t.header_line, 1,
                          "no history: the file has a header but no rows");
        goto cleanup;
    }
    out->path = strdup(path);
    out->county = calloc(f->n, sizeof *out->county);
    rows = malloc(t.nrows * sizeof *rows);
    v = malloc(t.nrows * sizeof *v);
    rank = calloc(f->n, sizeof *rank);
    seen = calloc((f->n * DR_HISTORY_MAX_YEARS + 7) / 8, 1);
    if (!out->path || !out->county || !rows || !v || !rank || !seen) {
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    for (int k = 0; k < DR_NHVARS; k++)
        out->has[k] = t.index[C_VAR0 + (size_t)k] != DR_CSV_ABSENT;
    size_t nranked = 0;
    for (size_t r = 0; r < t.nrows; r++) {
        if ((st = read_row(&t, r, f, &rows[r], v[r], err)) != DR_OK ||
            (st = check_duplicate(&t, f, rows, r, seen, err)) != DR_OK)
            goto cleanup;
        size_t c = rows[r].county;
        if (rank[c] == 0)
            rank[c] = ++nranked;
        rows[r].rank = rank[c];
    }
    qsort(rows, t.nrows, sizeof *rows, by_rank_year);
    st = group(&t, f, rows, (const double(*)[DR_NHVARS])v, out, err);
    if (st == DR_OK)
        qsort(out->county, out->n, sizeof *out->county, by_county);
cleanup:
    if (st != DR_OK)
        dr_history_free(out);
    free(rows);
    free(v);
    free(rank);
    free(seen);
    dr_csv_free(&t);
    return st;
}

void dr_history_free(dr_history *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->county[i].v);
    free(h->county);
    free(h->path);
    *h = (dr_history){0};
}

const dr_history_county *dr_history_find(const dr_history *h, size_t i)
{
    /* county[] is in fiscal.csv order: search it by halves */
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->county[mid].county == i)
            return &h->county[mid];
        if (h->county[mid].county < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t dr_history_window(const dr_history_county *c, long from, long to,
                         size_t *y0)
{
    long last = c->first + (long)c->nyears - 1;
    long lo = from > c->first ? from : c->first;
    long hi = to < last ? to : last;
    *y0 = lo > c->first ? (size_t)(lo - c->first) : 0;
    return hi >= lo ? (size_t)(hi - lo + 1) : 0;
}

dr_status dr_history_check_window(const dr_history *h, long from, long to,
                                  size_t min_years, dr_error *err)
{
    for (size_t k = 0; k < h->n; k++) {
        const dr_history_county *c = &h->county[k];
        size_t y0, n = dr_history_window(c, from, to, &y0);
        if (n >= min_years)
            continue;
        long last = c->first + (long)c->nyears - 1;
        if (from <= c->first && to >= last)
            return dr_error_set(err, DR_EINPUT, h->path, c->line, c->col,
                                "county '%s' has %zu years (%ld-%ld); "
                                "calibration needs at least %zu",
                                c->id, n, c->first, last, min_years);
        char window[64];
        if (to >= DR_HISTORY_YEAR_MAX)
            snprintf(window, sizeof window, "from %ld", from);
        else if (from <= DR_HISTORY_YEAR_MIN)
            snprintf(window, sizeof window, "up to %ld", to);
        else
            snprintf(window, sizeof window, "in %ld-%ld", from, to);
        return dr_error_set(err, DR_EINPUT, h->path, c->line, c->col,
                            "county '%s' has %zu of its years (%ld-%ld) %s; "
                            "calibration needs at least %zu",
                            c->id, n, c->first, last, window, min_years);
    }
    return DR_OK;
}
