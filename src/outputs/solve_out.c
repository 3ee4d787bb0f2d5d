#include "outputs/solve_out.h"

#include <math.h>

#include "base/parse.h"
#include "outputs/output.h"
#include "outputs/schema.h"

const char *const dr_solve_status_names[3] = {"solved", "met", "not-reachable"};

static void num_or_empty(FILE *f, double v)
{
    if (isnan(v))
        fputc(',', f);
    else
        dr_csv_num(f, v);
}

void dr_write_solve(FILE *f, const dr_solve *s)
{
    dr_schema_header(f, &dr_schemas[DR_SC_SOLVE]);
    for (size_t i = 0; i < s->nrows; i++) {
        const dr_solve_row *r = &s->row[i];
        if (s->city_scope) {
            fputs("city,city,", f);
        } else {
            dr_csv_field(f, s->fiscal->county[i].id);
            fputc(',', f);
            dr_csv_field(f, s->fiscal->county[i].name);
            fputc(',', f);
        }
        dr_csv_field(f, s->lever.text);
        dr_csv_num(f, r->value);
        fputc(',', f);
        dr_csv_field(f, s->target.text);
        num_or_empty(f, r->achieved);
        num_or_empty(f, r->se);
        num_or_empty(f, r->baseline);
        fprintf(f, ",%s\n", dr_solve_status_names[r->status]);
    }
}

const char *dr_solve_value_text(const dr_solve *s, double x, char buf[32])
{
    switch (s->lever.kind) {
    case DR_LEVER_SPENDING:
    case DR_LEVER_REVENUE:
    case DR_LEVER_SWAP: snprintf(buf, 32, "%.1f%%", 100.0 * x); break;
    default: dr_format_double(buf, x); break;
    }
    return buf;
}
