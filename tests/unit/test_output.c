/* The CSV writers of a run (output.h) on results filled in by hand: each
 * file's header (the README "Outputs") and its rows, written out here
 * from the values put in; the number and field formats; first_year_p50. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "outputs/output.h"

/* What a writer writes, in a new string. */
#define CAPTURE(out, call)                                                     \
    do {                                                                       \
        size_t len_;                                                           \
        FILE *f = open_memstream(&(out), &len_);                               \
        call;                                                                  \
        fclose(f);                                                             \
    } while (0)

static int same(const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        return 1;
    printf("# got:\n%s# wanted:\n%s", got, want);
    return 0;
}

static int fmt_is(double v, const char *want)
{
    char buf[32];
    dr_fmt_num(buf, v);
    if (strcmp(buf, want) != 0) {
        printf("# %.17g gives %s, not %s\n", v, buf, want);
        return 0;
    }
    return 1;
}

static void formats(void)
{
    CHECK(fmt_is(0.1, "0.1"));
    CHECK(fmt_is(0.1, "0.1")); /* again, from the cache */
    CHECK(fmt_is(1.5, "1.5"));
    CHECK(fmt_is(-250, "-250"));
    /* 1/3 needs 16 digits to read back: 15 give 0.333333333333333,
     * 1/3 - 3.3e-16, farther than half an ulp (2.8e-17) */
    CHECK(fmt_is(1.0 / 3, "0.3333333333333333"));
    /* 0.1 + 0.2 is 0.30000000000000004, the next double above 0.3 */
    CHECK(fmt_is(0.1 + 0.2, "0.30000000000000004"));
    CHECK(fmt_is(INFINITY, "inf"));
    CHECK(fmt_is(0.0, "0") && fmt_is(-0.0, "0"));

    CHECK(dr_round12(0.1 + 0.2) == 0.3);
    CHECK(dr_round12(0.03 - 0.01) == 0.02); /* 0.019999999999999997 */
    CHECK(dr_round12(123456789012345.0) == 123456789012000.0);
    CHECK(isinf(dr_round12(INFINITY)) && isnan(dr_round12(NAN)));

    char *s;
    CAPTURE(s, (dr_csv_field(f, "plain"), fputc('|', f), dr_csv_field(f, "a,b"),
                fputc('|', f), dr_csv_field(f, "say \"hi\""), fputc('|', f),
                dr_csv_field(f, "two\nlines"), fputc('|', f),
                dr_csv_field(f, "cr\r"), fputc('|', f), dr_csv_field(f, ""),
                fputc('|', f), dr_csv_field(f, "邓州市")));
    CHECK(same(s, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\r\"||"
                  "邓州市"));
    free(s);
    CAPTURE(s, (dr_csv_num(f, 2.5), dr_csv_num(f, 0)));
    CHECK(same(s, ",2.5,0"));
    free(s);
    CHECK(strcmp(dr_measure_names[DR_M_BROAD], "broad") == 0 &&
          strcmp(dr_measure_names[DR_M_OFFICIAL], "official") == 0 &&
          strcmp(dr_measure_names[DR_M_DEBT_GDP], "debt_gdp") == 0 &&
          strcmp(dr_measure_names[DR_M_INTEREST], "interest_burden") == 0);
}

/* Two counties, the first with a name that must be quoted, over T = 1
 * year from 2024, N = 4 paths. */
static dr_params params;
static dr_county county[2];
static dr_fiscal fiscal = {.county = county, .n = 2};
static dr_scenario scen = {.name = "crash"};
static dr_plan plan = {.params = &params,
                       .fiscal = &fiscal,
                       .scenario = &scen,
                       .n = 2,
                       .years = 1};
static dr_results res;

/* A stat whose numbers tell its place: mean b, sd b + 0.5, percentile k
 * b + k + 1 (k = 0..6), p_above and p_breached as given. */
static void fill(dr_stat *s, double b, double p_above, double p_breached)
{
    s->mean = b;
    s->sd = b + 0.5;
    for (int k = 0; k < DR_NPCT; k++)
        s->pct[k] = b + k + 1;
    s->p_above = p_above;
    s->p_breached = p_breached;
}

static void setup(void)
{
    dr_params_init(&params);
    params.base_year = 2024;
    county[0] = (dr_county){.id = "a", .name = "North, \"A\"", .type = "urban"};
    county[1] = (dr_county){.id = "b", .name = "邓州市", .type = "rural"};
    CHECK(dr_results_alloc(&res, 2, 1, 4) == DR_OK);
    for (size_t i = 0; i < 2; i++)
        for (long t = 0; t <= 1; t++)
            for (int m = 0; m < DR_NMEASURES; m++)
                fill(dr_results_stat(&res, i, t, m),
                     100.0 * (double)i + 10.0 * (double)t + m, 0, 0);
    /* county a: the broad ratio above its line with P 0.25 at the base
     * year and 0.5 at 2025; county b never reaches 0.5 */
    dr_results_stat(&res, 0, 0, DR_M_BROAD)->p_above = 0.25;
    dr_results_stat(&res, 0, 1, DR_M_BROAD)->p_above = 0.5;
    dr_results_stat(&res, 0, 1, DR_M_BROAD)->p_breached = 0.5;
    dr_results_stat(&res, 1, 1, DR_M_BROAD)->p_above = 0.49;
    dr_results_stat(&res, 1, 1, DR_M_BROAD)->p_breached = 1;
    for (size_t i = 0; i < 2; i++)
        for (long t = 0; t <= 1; t++)
            for (int g = 0; g < DR_NGRADES; g++)
                dr_results_grades(&res, i, t)[g] =
                    0.125 * (double)(g + 1) + (double)i + 0.5 * (double)t;
    for (long t = 0; t <= 1; t++) {
        fill(&res.city[t], 7.0 + (double)t, 0.75, 0);
        res.city_expected[t] = 0.25 + (double)t;
        for (size_t k = 0; k <= 2; k++)
            res.city_counts[(size_t)t * 3 + k] = 0.125 * (double)(k + 4 * t);
    }
}

static void ratios(void)
{
    char *s;
    CAPTURE(s, dr_write_ratios(f, &plan, &res));
    /* county a, 2024, broad: b = 0, mean 0, sd 0.5, percentiles 1..7,
     * p_above 0.25; official b = 1; ... county b at 2025: b = 110 + m */
    const char *head = "scenario,county_id,name,year,measure,mean,sd,p05,"
                       "p10,p25,p50,p75,p90,p95,p_above,p_breached_by\n";
    CHECK(strncmp(s, head, strlen(head)) == 0);
    CHECK(strstr(s, "\ncrash,a,\"North, \"\"A\"\"\",2024,broad,0,0.5,1,2,3,4,"
                    "5,6,7,0.25,0\n"));
    CHECK(strstr(s, "\ncrash,a,\"North, \"\"A\"\"\",2024,official,1,1.5,2,3,"
                    "4,5,6,7,8,0,0\n"));
    CHECK(strstr(s, "\ncrash,a,\"North, \"\"A\"\"\",2025,broad,10,10.5,11,12,"
                    "13,14,15,16,17,0.5,0.5\n"));
    CHECK(strstr(s, "\ncrash,b,邓州市,2025,interest_burden,113,113.5,114,115,"
                    "116,117,118,119,120,0,0\n"));
    /* 2 counties x 2 years x 4 measures, and the header */
    int lines = 0;
    for (const char *p = s; *p; p++)
        lines += *p == '\n';
    CHECK(lines == 17);
    free(s);
}

static void grades(void)
{
    char *s;
    CAPTURE(s, dr_write_grades(f, &plan, &res));
    /* grade g of county i at t: 0.125 (g + 1) + i + 0.5 t */
    CHECK(same(s, "scenario,county_id,year,p_green,p_yellow,p_orange,p_red\n"
                  "crash,a,2024,0.125,0.25,0.375,0.5\n"
                  "crash,a,2025,0.625,0.75,0.875,1\n"
                  "crash,b,2024,1.125,1.25,1.375,1.5\n"
                  "crash,b,2025,1.625,1.75,1.875,2\n"));
    free(s);
}

static void summary(void)
{
    CHECK(dr_first_year_p50(&plan, &res, 0) == 2025);
    CHECK(dr_first_year_p50(&plan, &res, 1) == 0);
    char *s;
    CAPTURE(s, dr_write_summary(f, &plan, &res));
    /* a: broad_base = mean at 2024 = 0; at 2025 p50 = pct[3] = 10 + 4,
     * p10 = pct[1] = 12, p90 = pct[5] = 16; p_breach 0.5 with se
     * sqrt(0.5 * 0.5 / 4) = 0.25; first year 2025; p_red at 2025 = 1.
     * b: base 100; at 2025 b = 110: 114, 112, 116; p_breach 1, se 0; never;
     * p_red 2. */
    CHECK(same(s, "scenario,county_id,name,type,broad_base,broad_p50_end,"
                  "broad_p10_end,broad_p90_end,p_breach_end,p_breach_end_se,"
                  "first_year_p50,p_red_end\n"
                  "crash,a,\"North, \"\"A\"\"\",urban,0,14,12,16,0.5,0.25,"
                  "2025,1\n"
                  "crash,b,邓州市,rural,100,114,112,116,1,0,,2\n"));
    free(s);
}

static void city(void)
{
    char *s;
    CAPTURE(s, dr_write_city(f, &plan, &res));
    /* no sd column: mean 7 + t, percentiles 8 + t ..., p_above 0.75 */
    CHECK(same(s, "scenario,year,mean,p05,p10,p25,p50,p75,p90,p95,p_above,"
                  "expected_counties_above\n"
                  "crash,2024,7,8,9,10,11,12,13,14,0.75,0.25\n"
                  "crash,2025,8,9,10,11,12,13,14,15,0.75,1.25\n"));
    free(s);
    CAPTURE(s, dr_write_city_counts(f, &plan, &res));
    /* k = 0..n for each year: 0.125 (k + 4 t) */
    CHECK(same(s, "scenario,year,counties_above,probability\n"
                  "crash,2024,0,0\n"
                  "crash,2024,1,0.125\n"
                  "crash,2024,2,0.25\n"
                  "crash,2025,0,0.5\n"
                  "crash,2025,1,0.625\n"
                  "crash,2025,2,0.75\n"));
    free(s);
}

static void projection(void)
{
    /* rows[i * (T + 1) + t]; only t = 1..T is written. Each field of
     * county i's row at t = 1 is its position k in the header (1 for
     * gdp) plus 100 i; the base-year rows hold -1 and must not show. */
    dr_year rows[4];
    for (int j = 0; j < 4; j++) {
        dr_year *y = &rows[j];
        double b = j == 1 ? 0 : j == 3 ? 100 : -1;
        double *v[] = {&y->gdp,
                       &y->own_revenue,
                       &y->transfers,
                       &y->land_revenue,
                       &y->other_fund_revenue,
                       &y->soe_revenue,
                       &y->remittance,
                       &y->cfr,
                       &y->primary_spending,
                       &y->interest,
                       &y->explicit_debt,
                       &y->hidden_debt,
                       &y->contingent,
                       &y->rate_explicit,
                       &y->rate_hidden,
                       &y->m[DR_M_BROAD],
                       &y->m[DR_M_OFFICIAL],
                       &y->m[DR_M_DEBT_GDP],
                       &y->m[DR_M_INTEREST]};
        for (int k = 0; k < 19; k++)
            *v[k] = b < 0 ? -1 : b + k + 1;
    }
    char *s;
    CAPTURE(s, dr_write_projection(f, &plan, rows));
    CHECK(same(s, "scenario,county_id,year,gdp,own_revenue,transfers,"
                  "land_revenue,other_fund_revenue,soe_revenue,remittance,"
                  "cfr,primary_spending,interest,explicit_debt,hidden_debt,"
                  "contingent,rate_explicit,rate_hidden,broad,official,"
                  "debt_gdp,interest_burden\n"
                  "crash,a,2025,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,"
                  "18,19\n"
                  "crash,b,2025,101,102,103,104,105,106,107,108,109,110,111,"
                  "112,113,114,115,116,117,118,119\n"));
    free(s);
}

int main(void)
{
    formats();
    setup();
    ratios();
    grades();
    summary();
    city();
    projection();
    dr_results_free(&res);
    return check_done();
}
