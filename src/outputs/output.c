#include "outputs/output.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "engine/engine.h"
#include "outputs/schema.h"

const char *const dr_measure_names[DR_NMEASURES] = {
    "broad", "official", "debt_gdp", "interest_burden"};

/* Outputs repeat values a lot (every percentile of a deterministic run,
 * bin middles, k/N probabilities), and formatting is most of the cost of
 * writing them: a small direct-mapped cache of recent values. */
#define FMT_CACHE 4096

void dr_fmt_num(char buf[32], double v)
{
    static _Thread_local struct {
        uint64_t bits;
        char text[26];
        unsigned char used;
    } cache[FMT_CACHE];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    size_t slot = (size_t)((bits * 0x9e3779b97f4a7c15ULL) >> 52) % FMT_CACHE;
    if (cache[slot].used && cache[slot].bits == bits) {
        memcpy(buf, cache[slot].text, sizeof cache[slot].text);
        return;
    }
    dr_format_double(buf, v);
    if (strlen(buf) < sizeof cache[slot].text) {
        cache[slot].bits = bits;
        cache[slot].used = 1;
        memcpy(cache[slot].text, buf, sizeof cache[slot].text);
    }
}

double dr_round12(double v)
{
    char buf[32];
    if (!isfinite(v))
        return v;
    snprintf(buf, sizeof buf, "%.12g", v);
    return strtod(buf, NULL);
}

void dr_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void dr_csv_num(FILE *f, double v)
{
    char buf[32];
    dr_fmt_num(buf, v);
    fputc(',', f);
    fputs(buf, f);
}

static void lead(FILE *f, const dr_plan *plan)
{
    dr_csv_field(f, plan->scenario->name);
}

void dr_write_projection(FILE *f, const dr_plan *plan, const dr_year *rows)
{
    dr_schema_header(f, &dr_schemas[DR_SC_PROJECTION]);
    long T = plan->years;
    for (size_t i = 0; i < plan->n; i++) {
        for (long t = 1; t <= T; t++) {
            const dr_year *y = &rows[i * (size_t)(T + 1) + (size_t)t];
            lead(f, plan);
            fputc(',', f);
            dr_csv_field(f, plan->fiscal->county[i].id);
            fprintf(f, ",%ld", plan->params->base_year + t);
            const double v[] = {y->gdp,
                                y->own_revenue,
                                y->transfers,
                                y->land_revenue,
                                y->other_fund_revenue,
                                y->soe_revenue,
                                y->remittance,
                                y->cfr,
                                y->primary_spending,
                                y->interest,
                                y->explicit_debt,
                                y->hidden_debt,
                                y->contingent,
                                y->rate_explicit,
                                y->rate_hidden,
                                y->m[DR_M_BROAD],
                                y->m[DR_M_OFFICIAL],
                                y->m[DR_M_DEBT_GDP],
                                y->m[DR_M_INTEREST]};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
                dr_csv_num(f, v[k]);
            fputc('\n', f);
        }
    }
}

static void county_lead(FILE *f, const dr_plan *plan, size_t i, int name)
{
    lead(f, plan);
    fputc(',', f);
    dr_csv_field(f, plan->fiscal->county[i].id);
    if (name) {
        fputc(',', f);
        dr_csv_field(f, plan->fiscal->county[i].name);
    }
}

static void stat_cols(FILE *f, const dr_stat *s, int sd)
{
    dr_csv_num(f, s->mean);
    if (sd)
        dr_csv_num(f, s->sd);
    for (int k = 0; k < DR_NPCT; k++)
        dr_csv_num(f, s->pct[k]);
    dr_csv_num(f, s->p_above);
}

void dr_write_ratios(FILE *f, const dr_plan *plan, const dr_results *r)
{
    dr_schema_header(f, &dr_schemas[DR_SC_RATIOS]);
    for (size_t i = 0; i < plan->n; i++)
        for (long t = 0; t <= r->years; t++)
            for (int m = 0; m < DR_NMEASURES; m++) {
                const dr_stat *s = dr_results_stat(r, i, t, m);
                county_lead(f, plan, i, 1);
                fprintf(f, ",%ld,%s", plan->params->base_year + t,
                        dr_measure_names[m]);
                stat_cols(f, s, 1);
                dr_csv_num(f, s->p_breached);
                fputc('\n', f);
            }
}

void dr_write_grades(FILE *f, const dr_plan *plan, const dr_results *r)
{
    dr_schema_header(f, &dr_schemas[DR_SC_GRADES]);
    for (size_t i = 0; i < plan->n; i++)
        for (long t = 0; t <= r->years; t++) {
            const double *g = dr_results_grades(r, i, t);
            county_lead(f, plan, i, 0);
            fprintf(f, ",%ld", plan->params->base_year + t);
            for (int k = 0; k < DR_NGRADES; k++)
                dr_csv_num(f, g[k]);
            fputc('\n', f);
        }
}

long dr_first_year_p50(const dr_plan *plan, const dr_results *r, size_t i)
{
    for (long t = 0; t <= r->years; t++)
        if (dr_results_stat(r, i, t, DR_M_BROAD)->p_above >= 0.5)
            return plan->params->base_year + t;
    return 0;
}

void dr_write_summary(FILE *f, const dr_plan *plan, const dr_results *r)
{
    dr_schema_header(f, &dr_schemas[DR_SC_SUMMARY]);
    long T = r->years;
    for (size_t i = 0; i < plan->n; i++) {
        const dr_stat *base = dr_results_stat(r, i, 0, DR_M_BROAD);
        const dr_stat *end = dr_results_stat(r, i, T, DR_M_BROAD);
        county_lead(f, plan, i, 1);
        fputc(',', f);
        dr_csv_field(f, plan->fiscal->county[i].type);
        dr_csv_num(f, base->mean);
        dr_csv_num(f, end->pct[3]);
        dr_csv_num(f, end->pct[1]);
        dr_csv_num(f, end->pct[5]);
        dr_csv_num(f, end->p_breached);
        dr_csv_num(f, dr_prob_se(end->p_breached, r->paths));
        long first = dr_first_year_p50(plan, r, i);
        if (first)
            fprintf(f, ",%ld", first);
        else
            fputc(',', f);
        dr_csv_num(f, dr_results_grades(r, i, T)[DR_RED]);
        fputc('\n', f);
    }
}

void dr_write_city(FILE *f, const dr_plan *plan, const dr_results *r)
{
    dr_schema_header(f, &dr_schemas[DR_SC_CITY]);
    for (long t = 0; t <= r->years; t++) {
        lead(f, plan);
        fprintf(f, ",%ld", plan->params->base_year + t);
        stat_cols(f, &r->city[t], 0);
        dr_csv_num(f, r->city_expected[t]);
        fputc('\n', f);
    }
}

void dr_write_city_counts(FILE *f, const dr_plan *plan, const dr_results *r)
{
    dr_schema_header(f, &dr_schemas[DR_SC_CITY_COUNTS]);
    for (long t = 0; t <= r->years; t++) {
        const double *c = r->city_counts + (size_t)t * (r->n + 1);
        for (size_t k = 0; k <= r->n; k++) {
            lead(f, plan);
            fprintf(f, ",%ld,%zu", plan->params->base_year + t, k);
            dr_csv_num(f, c[k]);
            fputc('\n', f);
        }
    }
}
