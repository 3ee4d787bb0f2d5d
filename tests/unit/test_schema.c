/* The schema of the CSV outputs: every file's header as INTERFACE.md
 * lists it (typed here from the contract, not from the table), the kinds
 * the workbook formats by, the lookup by file name, and the columns given
 * to the readers with their required flags. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "outputs/schema.h"

static char *header(const dr_schema *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    dr_schema_header(f, s);
    fclose(f);
    return buf;
}

static int header_is(dr_schema_id id, const char *want)
{
    char *h = header(&dr_schemas[id]);
    int ok = h && strcmp(h, want) == 0;
    if (!ok)
        printf("# %s: got %s", dr_schemas[id].file, h ? h : "(null)\n");
    free(h);
    return ok;
}

static void headers(void)
{
    CHECK(header_is(DR_SC_PROJECTION,
                    "scenario,county_id,year,gdp,own_revenue,transfers,"
                    "land_revenue,other_fund_revenue,soe_revenue,remittance,"
                    "cfr,primary_spending,interest,explicit_debt,hidden_debt,"
                    "contingent,rate_explicit,rate_hidden,broad,official,"
                    "debt_gdp,interest_burden\n"));
    CHECK(header_is(DR_SC_RATIOS,
                    "scenario,county_id,name,year,measure,mean,sd,p05,p10,p25,"
                    "p50,p75,p90,p95,p_above,p_breached_by\n"));
    CHECK(header_is(DR_SC_GRADES, "scenario,county_id,year,p_green,p_yellow,"
                                  "p_orange,p_red\n"));
    CHECK(header_is(DR_SC_SUMMARY,
                    "scenario,county_id,name,type,broad_base,broad_p50_end,"
                    "broad_p10_end,broad_p90_end,p_breach_end,p_breach_end_se,"
                    "first_year_p50,p_red_end\n"));
    CHECK(header_is(DR_SC_CITY, "scenario,year,mean,p05,p10,p25,p50,p75,p90,"
                                "p95,p_above,expected_counties_above\n"));
    CHECK(header_is(DR_SC_CITY_COUNTS,
                    "scenario,year,counties_above,probability\n"));
    CHECK(header_is(DR_SC_COMPARE,
                    "scenario,county_id,name,p_breach_end,p_breach_delta,"
                    "p_breach_delta_se,broad_p50_end,broad_p50_delta\n"));
    CHECK(header_is(DR_SC_SENSITIVITY,
                    "parameter,low,high,county_id,name,p_breach_base,"
                    "p_breach_low,p_breach_high,delta_low,delta_high\n"));
    CHECK(header_is(DR_SC_CALIBRATION, "group,key,value,se,n,status\n"));
    CHECK(header_is(DR_SC_SERIES,
                    "county_id,year,gdp_growth,gdp_growth_fit,gdp_growth_sd,"
                    "own_revenue_growth,own_revenue_growth_fit,"
                    "own_revenue_growth_sd,transfers_growth,"
                    "transfers_growth_fit,transfers_growth_sd,land_revenue,"
                    "land_revenue_trend,land_log_sd,z_growth,z_own_revenue,"
                    "z_land,z_transfers\n"));
    CHECK(header_is(DR_SC_BACKTEST, "origin,county_id,year,variable,realized,"
                                    "p10,p50,p90,pit,family\n"));
    CHECK(header_is(DR_SC_SOLVE, "county_id,name,lever,value,target,achieved,"
                                 "achieved_se,baseline,status\n"));
}

/* The positions the readers use agree with the names at those places. */
static void positions(void)
{
    const dr_schema *s = &dr_schemas[DR_SC_SUMMARY];
    CHECK(s->ncols == DR_SUMMARY_NCOLS && DR_SUMMARY_NCOLS == 12);
    CHECK(strcmp(s->col[DR_SUMMARY_P_BREACH].name, "p_breach_end") == 0);
    CHECK(strcmp(s->col[DR_SUMMARY_FIRST_YEAR].name, "first_year_p50") == 0);
    s = &dr_schemas[DR_SC_RATIOS];
    CHECK(strcmp(s->col[DR_RATIOS_P05].name, "p05") == 0 &&
          strcmp(s->col[DR_RATIOS_P95].name, "p95") == 0 &&
          DR_RATIOS_P95 - DR_RATIOS_P05 == 6);
    CHECK(strcmp(dr_schemas[DR_SC_CITY].col[DR_CITY_P50].name, "p50") == 0);
    CHECK(strcmp(dr_schemas[DR_SC_GRADES].col[DR_GRADES_RED].name, "p_red") ==
          0);
}

/* How the workbook formats them: money, ratios, probabilities, rates,
 * changes, years and counts where the contract's units say so. */
static void kinds(void)
{
    const dr_column *p = dr_schemas[DR_SC_PROJECTION].col;
    CHECK(p[DR_PROJECTION_YEAR].kind == DR_CELL_YEAR);
    CHECK(p[DR_PROJECTION_GDP].kind == DR_CELL_MONEY &&
          p[DR_PROJECTION_CONTINGENT].kind == DR_CELL_MONEY);
    CHECK(p[DR_PROJECTION_RATE_HIDDEN].kind == DR_CELL_RATE);
    CHECK(p[DR_PROJECTION_BROAD].kind == DR_CELL_RATIO);
    CHECK(dr_schemas[DR_SC_SUMMARY].col[DR_SUMMARY_P_BREACH].kind ==
          DR_CELL_PROB);
    CHECK(dr_schemas[DR_SC_COMPARE].col[DR_COMPARE_P_DELTA].kind ==
          DR_CELL_DELTA);
    CHECK(dr_schemas[DR_SC_CITY_COUNTS].col[DR_CITY_COUNTS_COUNT].kind ==
          DR_CELL_COUNT);
    CHECK(dr_schemas[DR_SC_SOLVE].col[DR_SOLVE_STATUS].kind == DR_CELL_TEXT);
    /* every column has a header in both languages, not empty */
    int all = 1;
    for (int k = 0; k < DR_NSCHEMAS; k++)
        for (size_t c = 0; c < dr_schemas[k].ncols; c++)
            all &= dr_schemas[k].col[c].label[0][0] != 0 &&
                   dr_schemas[k].col[c].label[1][0] != 0;
    CHECK(all);
}

static void find_and_columns(void)
{
    CHECK(dr_schema_find("summary.csv") == &dr_schemas[DR_SC_SUMMARY]);
    CHECK(dr_schema_find("calibration_series.csv") ==
          &dr_schemas[DR_SC_SERIES]);
    CHECK(dr_schema_find("summary") == NULL &&
          dr_schema_find("report.md") == NULL);
    dr_csv_column c[DR_SCHEMA_MAX_COLS];
    dr_schema_columns(
        &dr_schemas[DR_SC_CITY_COUNTS],
        DR_COLS(DR_CITY_COUNTS_YEAR) | DR_COLS(DR_CITY_COUNTS_PROB), c);
    CHECK(strcmp(c[0].name, "scenario") == 0 && c[0].required == 0);
    CHECK(strcmp(c[1].name, "year") == 0 && c[1].required == 1);
    CHECK(strcmp(c[2].name, "counties_above") == 0 && c[2].required == 0);
    CHECK(strcmp(c[3].name, "probability") == 0 && c[3].required == 1);
}

int main(void)
{
    headers();
    positions();
    kinds();
    find_and_columns();
    return check_done();
}
