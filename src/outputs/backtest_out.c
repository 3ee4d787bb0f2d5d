#include "outputs/backtest_out.h"

#include <math.h>
#include <stdlib.h>

#include "outputs/output.h"
#include "outputs/schema.h"

const char *const dr_track_names[DR_NTRACK] = {
    "gdp", "own_revenue", "transfers", "land_revenue", "cfr", "broad"};

dr_status dr_backtest_add(dr_backtest *b, const dr_bt_row *r)
{
    if (b->nrows == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        dr_bt_row *row = realloc(b->row, cap * sizeof *row);
        if (!row)
            return DR_ENOMEM;
        b->row = row;
        b->cap = cap;
    }
    b->row[b->nrows++] = *r;
    return DR_OK;
}

void dr_backtest_free(dr_backtest *b)
{
    free(b->row);
    free(b->fan);
    free(b->fan_real);
    *b = (dr_backtest){0};
}

void dr_write_backtest(FILE *f, const dr_backtest *b)
{
    dr_schema_header(f, &dr_schemas[DR_SC_BACKTEST]);
    for (size_t k = 0; k < b->nrows; k++) {
        const dr_bt_row *r = &b->row[k];
        fprintf(f, "%ld,", r->origin);
        dr_csv_field(f, b->fiscal->county[r->county].id);
        fprintf(f, ",%ld,%s", r->year, dr_track_names[r->var]);
        dr_csv_num(f, r->real);
        dr_csv_num(f, r->p10);
        dr_csv_num(f, r->p50);
        dr_csv_num(f, r->p90);
        dr_csv_num(f, r->pit);
        fprintf(f, ",%s\n", dr_family_names[b->family[r->family]]);
    }
}

double dr_backtest_coverage(const dr_backtest *b, int k, int v, double lo,
                            size_t *count)
{
    size_t n = 0, in = 0;
    for (size_t j = 0; j < b->nrows; j++) {
        const dr_bt_row *r = &b->row[j];
        if (r->family != k || (v >= 0 && r->var != v))
            continue;
        n++;
        in += r->pit >= lo && r->pit <= 1.0 - lo;
    }
    *count = n;
    return n ? (double)in / (double)n : NAN;
}
