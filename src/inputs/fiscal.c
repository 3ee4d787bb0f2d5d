#define _GNU_SOURCE /* qsort_r */
#include "inputs/fiscal.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "inputs/csvread.h"

enum {
    C_ID,
    C_NAME,
    C_TYPE,
    C_GDP,
    C_OR,
    C_TR,
    C_LR,
    C_PS,
    C_E,
    C_H,
    C_OF,
    C_SOE,
    C_REM,
    C_CL,
    C_RE,
    C_RH,
    NCOLS
};

static const dr_csv_column cols[NCOLS] = {
    {"county_id", 1},
    {"name", 1},
    {"type", 1},
    {"gdp", 1},
    {"own_revenue", 1},
    {"transfers", 1},
    {"land_revenue", 1},
    {"primary_spending", 1},
    {"explicit_debt", 1},
    {"hidden_debt", 1},
    {"other_fund_revenue", 0},
    {"soe_revenue", 0},
    {"remittance", 0},
    {"contingent", 0},
    {"rate_explicit", 0},
    {"rate_hidden", 0},
};

/* The ranges of the README "Ranges": money, money that must be positive,
 * and the base rates (absent: NAN, the type default). */
/* clang-format off */
#define MONEY {0, DR_MONEY_MAX, 0, 0, DR_UNIT_NONE}    /* [0, 1e12] */
#define POSITIVE {0, DR_MONEY_MAX, 1, 0, DR_UNIT_NONE} /* (0, 1e12] */
#define RATE {0, 0.3, 0, 0, DR_UNIT_RATE}              /* [0, 0.3] */
/* clang-format on */

static const struct {
    size_t col;
    size_t off;
    double def;
    dr_range range;
} nums[] = {
    {C_GDP, offsetof(dr_county, gdp), 0, POSITIVE},
    {C_OR, offsetof(dr_county, own_revenue), 0, MONEY},
    {C_TR, offsetof(dr_county, transfers), 0, MONEY},
    {C_LR, offsetof(dr_county, land_revenue), 0, MONEY},
    {C_PS, offsetof(dr_county, primary_spending), 0, POSITIVE},
    {C_E, offsetof(dr_county, explicit_debt), 0, MONEY},
    {C_H, offsetof(dr_county, hidden_debt), 0, MONEY},
    {C_OF, offsetof(dr_county, other_fund_revenue), 0, MONEY},
    {C_SOE, offsetof(dr_county, soe_revenue), 0, MONEY},
    {C_REM, offsetof(dr_county, remittance), 0, MONEY},
    {C_CL, offsetof(dr_county, contingent), 0, MONEY},
    {C_RE, offsetof(dr_county, rate_explicit), NAN, RATE},
    {C_RH, offsetof(dr_county, rate_hidden), NAN, RATE},
};

/* Ids that the outputs use for something else: compare.csv and
 * sensitivity.csv write the city aggregate as county "city", and the
 * city's fan chart is fan_city. */
static const char *const reserved_ids[] = {"city"};

/* Fills *c from data row r. Strings already allocated stay in *c for the
 * caller to free. */
static dr_status read_county(const dr_csv_table *t, size_t r, dr_county *c,
                             dr_error *err)
{
    dr_status ts;
    c->line = dr_csv_row_line(t, r);
    /* all three are written back into the output CSVs */
    if ((ts = dr_csv_text(t, r, C_ID, DR_TEXT_CELL, &c->id, err)) ||
        (ts = dr_csv_text(t, r, C_NAME, DR_TEXT_CELL, &c->name, err)) ||
        (ts = dr_csv_text(t, r, C_TYPE, DR_TEXT_CELL, &c->type, err)))
        return ts;
    if (!dr_valid_id(c->id))
        return dr_csv_fail(t, r, C_ID, err,
                           "county_id: '%s' is not a valid id (1 to 63 of "
                           "A-Z a-z 0-9 _ -)",
                           c->id);
    if (c->name[0] == '\0')
        return dr_csv_fail(t, r, C_NAME, err, "name: the field is empty");
    if (!dr_valid_id(c->type))
        return dr_csv_fail(t, r, C_TYPE, err,
                           "type: '%s' is not a valid type label (1 to 63 of "
                           "A-Z a-z 0-9 _ -)",
                           c->type);
    for (size_t i = 0; i < sizeof reserved_ids / sizeof reserved_ids[0]; i++)
        if (strcmp(c->id, reserved_ids[i]) == 0)
            return dr_csv_fail(t, r, C_ID, err,
                               "county_id: '%s' is reserved for the city "
                               "aggregate (its rows in compare.csv and "
                               "sensitivity.csv, the chart fan_%s); give the "
                               "county another id",
                               c->id, reserved_ids[i]);
    c->type_col = dr_csv_get(t, r, C_TYPE)->col;
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        double *v = (double *)((char *)c + nums[i].off);
        dr_status st = dr_csv_double_in(t, r, nums[i].col, nums[i].def,
                                        &nums[i].range, v, err);
        if (st != DR_OK)
            return st;
    }
    return DR_OK;
}

static int by_id(const void *a, const void *b, void *ctx)
{
    const dr_fiscal *f = ctx;
    return strcmp(f->county[*(const size_t *)a].id,
                  f->county[*(const size_t *)b].id);
}

/* f->order: the counties in order of id. */
static dr_status sort_ids(dr_fiscal *f)
{
    if (!(f->order = malloc(f->n * sizeof *f->order)))
        return DR_ENOMEM;
    for (size_t i = 0; i < f->n; i++)
        f->order[i] = i;
    qsort_r(f->order, f->n, sizeof *f->order, by_id, f);
    return DR_OK;
}

dr_status dr_fiscal_read(const char *path, dr_fiscal *out, dr_error *err)
{
    dr_csv_table t;
    const char **ids = NULL;
    size_t dup, first;
    dr_status st;
    *out = (dr_fiscal){0};

    if ((st = dr_csv_read(path, cols, NCOLS, &t, err)) != DR_OK)
        goto cleanup;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, t.header_line, 1,
                          "no counties: the file has a header but no rows");
        goto cleanup;
    }
    out->path = strdup(path);
    out->county = calloc(t.nrows, sizeof *out->county);
    ids = malloc(t.nrows * sizeof *ids);
    if (!out->path || !out->county || !ids) {
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        out->n = r + 1; /* so that cleanup frees this row's strings */
        if ((st = read_county(&t, r, &out->county[r], err)) != DR_OK)
            goto cleanup;
        ids[r] = out->county[r].id;
    }
    if (dr_find_duplicate(ids, t.nrows, &dup, &first) != DR_OK) {
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    if (dup < t.nrows)
        st = dr_csv_fail(&t, dup, C_ID, err,
                         "duplicate county_id '%s' (first at line %ld)",
                         ids[dup], out->county[first].line);
    if (st == DR_OK && (st = sort_ids(out)) != DR_OK)
        dr_error_set(err, st, path, 0, 0, "out of memory");
cleanup:
    if (st != DR_OK)
        dr_fiscal_free(out);
    free(ids);
    dr_csv_free(&t);
    return st;
}

void dr_fiscal_free(dr_fiscal *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->county[i].id);
        free(f->county[i].name);
        free(f->county[i].type);
    }
    free(f->county);
    free(f->path);
    free(f->order);
    *f = (dr_fiscal){0};
}

long dr_fiscal_find(const dr_fiscal *f, const char *id)
{
    if (f->order) {
        size_t lo = 0, hi = f->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(f->county[f->order[mid]].id, id);
            if (c == 0)
                return (long)f->order[mid];
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return -1;
    }
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->county[i].id, id) == 0)
            return (long)i;
    return -1;
}

const char *dr_fiscal_suggest(const dr_fiscal *f, const char *id)
{
    const char *best = NULL;
    int bestd = 99;
    for (size_t i = 0; i < f->n; i++) {
        int d = dr_suggest_distance(id, f->county[i].id);
        if (d >= 0 && d < bestd) {
            best = f->county[i].id;
            bestd = d;
        }
    }
    return best;
}
