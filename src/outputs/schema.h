/* The columns of every CSV output, listed once: the writers print their
 * headers from here, the readers of output folders (briefing, review) find
 * their columns by these positions, and the workbook takes each column's
 * kind (how to format it) and its header in the report's language.
 *
 * Each file's columns are an X-macro list X(FILE, COLUMN, "name", KIND,
 * "English header", "中文表头") in file order; it gives the enum of
 * positions DR_FILE_COLUMN and the table dr_schemas[DR_SC_FILE]. */
#ifndef DR_SCHEMA_H
#define DR_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "inputs/csvread.h"

/* What a cell holds, for formatting it (the CSV always holds the shortest
 * text that reads back as the number). */
typedef enum dr_cell_kind {
    DR_CELL_TEXT,  /* an id, a name, a label */
    DR_CELL_YEAR,  /* a calendar year (may be blank) */
    DR_CELL_COUNT, /* a whole number */
    DR_CELL_NUM,   /* a number of its own unit */
    DR_CELL_MONEY, /* 100 million yuan (亿元) */
    DR_CELL_RATIO, /* a ratio, shown as a percentage */
    DR_CELL_PROB,  /* a probability, shown as a percentage */
    DR_CELL_DELTA, /* a change of a ratio or probability, in points */
    DR_CELL_RATE   /* an interest or growth rate, shown as a percentage */
} dr_cell_kind;

typedef struct dr_column {
    const char *name; /* as in the CSV header */
    dr_cell_kind kind;
    const char *label[2]; /* headers of the workbook: English, Chinese */
} dr_column;

typedef struct dr_schema {
    const char *file; /* e.g. "summary.csv" */
    const dr_column *col;
    size_t ncols;
} dr_schema;

#define DR_PCT_COLUMNS(X, F)                                                   \
    X(F, P05, "p05", RATIO, "5th percentile", "第5百分位")                     \
    X(F, P10, "p10", RATIO, "10th percentile", "第10百分位")                   \
    X(F, P25, "p25", RATIO, "25th percentile", "第25百分位")                   \
    X(F, P50, "p50", RATIO, "Median", "中位数")                                \
    X(F, P75, "p75", RATIO, "75th percentile", "第75百分位")                   \
    X(F, P90, "p90", RATIO, "90th percentile", "第90百分位")                   \
    X(F, P95, "p95", RATIO, "95th percentile", "第95百分位")

#define DR_PROJECTION_COLUMNS(X)                                               \
    X(PROJECTION, SCENARIO, "scenario", TEXT, "Scenario", "情景")              \
    X(PROJECTION, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")       \
    X(PROJECTION, YEAR, "year", YEAR, "Year", "年份")                          \
    X(PROJECTION, GDP, "gdp", MONEY, "GDP", "地区生产总值")                    \
    X(PROJECTION, OWN_REVENUE, "own_revenue", MONEY, "Own revenue",            \
      "一般公共预算收入")                                                      \
    X(PROJECTION, TRANSFERS, "transfers", MONEY, "Transfers", "上级转移支付")  \
    X(PROJECTION, LAND_REVENUE, "land_revenue", MONEY, "Land revenue",         \
      "土地出让收入")                                                          \
    X(PROJECTION, OTHER_FUND, "other_fund_revenue", MONEY,                     \
      "Other fund revenue", "其他政府性基金收入")                              \
    X(PROJECTION, SOE, "soe_revenue", MONEY, "SOE revenue",                    \
      "国有资本经营收入")                                                      \
    X(PROJECTION, REMITTANCE, "remittance", MONEY, "Remittance", "上解支出")   \
    X(PROJECTION, CFR, "cfr", MONEY, "Comprehensive resources", "综合财力")    \
    X(PROJECTION, PRIMARY, "primary_spending", MONEY, "Primary spending",      \
      "一般性支出")                                                            \
    X(PROJECTION, INTEREST, "interest", MONEY, "Interest", "利息支出")         \
    X(PROJECTION, EXPLICIT, "explicit_debt", MONEY, "Explicit debt",           \
      "显性债务")                                                              \
    X(PROJECTION, HIDDEN, "hidden_debt", MONEY, "Hidden debt", "隐性债务")     \
    X(PROJECTION, CONTINGENT, "contingent", MONEY, "Contingent liabilities",   \
      "或有负债")                                                              \
    X(PROJECTION, RATE_EXPLICIT, "rate_explicit", RATE,                        \
      "Rate on explicit debt", "显性债务利率")                                 \
    X(PROJECTION, RATE_HIDDEN, "rate_hidden", RATE, "Rate on hidden debt",     \
      "隐性债务利率")                                                          \
    X(PROJECTION, BROAD, "broad", RATIO, "Broad debt ratio", "宽口径债务率")   \
    X(PROJECTION, OFFICIAL, "official", RATIO, "Official debt ratio",          \
      "法定债务率")                                                            \
    X(PROJECTION, DEBT_GDP, "debt_gdp", RATIO, "Debt to GDP", "债务占GDP比重") \
    X(PROJECTION, INTEREST_BURDEN, "interest_burden", RATIO,                   \
      "Interest burden", "付息支出率")

#define DR_RATIOS_COLUMNS(X)                                                   \
    X(RATIOS, SCENARIO, "scenario", TEXT, "Scenario", "情景")                  \
    X(RATIOS, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")           \
    X(RATIOS, NAME, "name", TEXT, "County", "区县")                            \
    X(RATIOS, YEAR, "year", YEAR, "Year", "年份")                              \
    X(RATIOS, MEASURE, "measure", TEXT, "Measure", "指标")                     \
    X(RATIOS, MEAN, "mean", RATIO, "Mean", "均值")                             \
    X(RATIOS, SD, "sd", RATIO, "Standard deviation", "标准差")                 \
    DR_PCT_COLUMNS(X, RATIOS)                                                  \
    X(RATIOS, P_ABOVE, "p_above", PROB, "P(above the line)", "超警戒线概率")   \
    X(RATIOS, P_BREACHED_BY, "p_breached_by", PROB,                            \
      "P(breached by this year)", "截至当年突破概率")

#define DR_GRADES_COLUMNS(X)                                                   \
    X(GRADES, SCENARIO, "scenario", TEXT, "Scenario", "情景")                  \
    X(GRADES, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")           \
    X(GRADES, YEAR, "year", YEAR, "Year", "年份")                              \
    X(GRADES, GREEN, "p_green", PROB, "P(green)", "绿色概率")                  \
    X(GRADES, YELLOW, "p_yellow", PROB, "P(yellow)", "黄色概率")               \
    X(GRADES, ORANGE, "p_orange", PROB, "P(orange)", "橙色概率")               \
    X(GRADES, RED, "p_red", PROB, "P(red)", "红色概率")

#define DR_SUMMARY_COLUMNS(X)                                                  \
    X(SUMMARY, SCENARIO, "scenario", TEXT, "Scenario", "情景")                 \
    X(SUMMARY, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")          \
    X(SUMMARY, NAME, "name", TEXT, "County", "区县")                           \
    X(SUMMARY, TYPE, "type", TEXT, "Type", "类型")                             \
    X(SUMMARY, BASE, "broad_base", RATIO, "Broad ratio, base year",            \
      "基年宽口径债务率")                                                      \
    X(SUMMARY, P50_END, "broad_p50_end", RATIO, "Median at the horizon",       \
      "期末中位数")                                                            \
    X(SUMMARY, P10_END, "broad_p10_end", RATIO,                                \
      "10th percentile at the "                                                \
      "horizon",                                                               \
      "期末第10百分位")                                                        \
    X(SUMMARY, P90_END, "broad_p90_end", RATIO,                                \
      "90th percentile at the "                                                \
      "horizon",                                                               \
      "期末第90百分位")                                                        \
    X(SUMMARY, P_BREACH, "p_breach_end", PROB, "P(breach by the horizon)",     \
      "期内突破概率")                                                          \
    X(SUMMARY, P_BREACH_SE, "p_breach_end_se", PROB, "Standard error",         \
      "标准误")                                                                \
    X(SUMMARY, FIRST_YEAR, "first_year_p50", YEAR, "First year at 50%",        \
      "概率过半年份")                                                          \
    X(SUMMARY, P_RED, "p_red_end", PROB, "P(red at the horizon)",              \
      "期末红色概率")

#define DR_CITY_COLUMNS(X)                                                     \
    X(CITY, SCENARIO, "scenario", TEXT, "Scenario", "情景")                    \
    X(CITY, YEAR, "year", YEAR, "Year", "年份")                                \
    X(CITY, MEAN, "mean", RATIO, "Mean", "均值")                               \
    DR_PCT_COLUMNS(X, CITY)                                                    \
    X(CITY, P_ABOVE, "p_above", PROB, "P(above the line)", "超警戒线概率")     \
    X(CITY, EXPECTED, "expected_counties_above", NUM,                          \
      "Expected counties above", "超线区县数期望")

#define DR_CITY_COUNTS_COLUMNS(X)                                              \
    X(CITY_COUNTS, SCENARIO, "scenario", TEXT, "Scenario", "情景")             \
    X(CITY_COUNTS, YEAR, "year", YEAR, "Year", "年份")                         \
    X(CITY_COUNTS, COUNT, "counties_above", COUNT, "Counties above",           \
      "超线区县数")                                                            \
    X(CITY_COUNTS, PROB, "probability", PROB, "Probability", "概率")

#define DR_COMPARE_COLUMNS(X)                                                  \
    X(COMPARE, SCENARIO, "scenario", TEXT, "Scenario", "情景")                 \
    X(COMPARE, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")          \
    X(COMPARE, NAME, "name", TEXT, "County", "区县")                           \
    X(COMPARE, P_BREACH, "p_breach_end", PROB, "P(breach by the horizon)",     \
      "期内突破概率")                                                          \
    X(COMPARE, P_DELTA, "p_breach_delta", DELTA, "Change against baseline",    \
      "较基准变化")                                                            \
    X(COMPARE, P_DELTA_SE, "p_breach_delta_se", PROB,                          \
      "Standard error of the change", "变化的标准误")                          \
    X(COMPARE, P50, "broad_p50_end", RATIO, "Median at the horizon",           \
      "期末中位数")                                                            \
    X(COMPARE, P50_DELTA, "broad_p50_delta", DELTA, "Change of the median",    \
      "中位数变化")

#define DR_SENSITIVITY_COLUMNS(X)                                              \
    X(SENSITIVITY, PARAMETER, "parameter", TEXT, "Parameter", "参数")          \
    X(SENSITIVITY, LOW, "low", TEXT, "Low value", "低值")                      \
    X(SENSITIVITY, HIGH, "high", TEXT, "High value", "高值")                   \
    X(SENSITIVITY, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")      \
    X(SENSITIVITY, NAME, "name", TEXT, "County", "区县")                       \
    X(SENSITIVITY, BASE, "p_breach_base", PROB, "P(breach), baseline",         \
      "基准突破概率")                                                          \
    X(SENSITIVITY, P_LOW, "p_breach_low", PROB, "P(breach), low value",        \
      "低值突破概率")                                                          \
    X(SENSITIVITY, P_HIGH, "p_breach_high", PROB, "P(breach), high value",     \
      "高值突破概率")                                                          \
    X(SENSITIVITY, D_LOW, "delta_low", DELTA, "Change, low value", "低值变化") \
    X(SENSITIVITY, D_HIGH, "delta_high", DELTA, "Change, high value",          \
      "高值变化")

#define DR_CALIBRATION_COLUMNS(X)                                              \
    X(CALIBRATION, GROUP, "group", TEXT, "Group", "分组")                      \
    X(CALIBRATION, KEY, "key", TEXT, "Key", "参数")                            \
    X(CALIBRATION, VALUE, "value", NUM, "Estimate", "估计值")                  \
    X(CALIBRATION, SE, "se", NUM, "Standard error", "标准误")                  \
    X(CALIBRATION, N, "n", COUNT, "Observations", "观测数")                    \
    X(CALIBRATION, STATUS, "status", TEXT, "Status", "状态")

#define DR_SERIES_COLUMNS(X)                                                   \
    X(SERIES, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")           \
    X(SERIES, YEAR, "year", YEAR, "Year", "年份")                              \
    X(SERIES, G, "gdp_growth", RATE, "GDP growth", "GDP增速")                  \
    X(SERIES, G_FIT, "gdp_growth_fit", RATE, "GDP growth, fitted",             \
      "GDP增速拟合值")                                                         \
    X(SERIES, G_SD, "gdp_growth_sd", RATE, "GDP growth, sd", "GDP增速标准差")  \
    X(SERIES, O, "own_revenue_growth", RATE, "Own revenue growth",             \
      "一般公共预算收入增速")                                                  \
    X(SERIES, O_FIT, "own_revenue_growth_fit", RATE,                           \
      "Own revenue growth, fitted", "收入增速拟合值")                          \
    X(SERIES, O_SD, "own_revenue_growth_sd", RATE, "Own revenue growth, sd",   \
      "收入增速标准差")                                                        \
    X(SERIES, R, "transfers_growth", RATE, "Transfers growth", "转移支付增速") \
    X(SERIES, R_FIT, "transfers_growth_fit", RATE, "Transfers growth, fitted", \
      "转移支付增速拟合值")                                                    \
    X(SERIES, R_SD, "transfers_growth_sd", RATE, "Transfers growth, sd",       \
      "转移支付增速标准差")                                                    \
    X(SERIES, LAND, "land_revenue", MONEY, "Land revenue", "土地出让收入")     \
    X(SERIES, LAND_FIT, "land_revenue_trend", MONEY, "Land revenue trend",     \
      "土地出让收入趋势")                                                      \
    X(SERIES, LAND_SD, "land_log_sd", NUM, "Land, sd of the log",              \
      "土地收入对数标准差")                                                    \
    X(SERIES, Z_G, "z_growth", NUM, "Innovation: growth", "增速冲击")          \
    X(SERIES, Z_O, "z_own_revenue", NUM, "Innovation: own revenue",            \
      "收入冲击")                                                              \
    X(SERIES, Z_L, "z_land", NUM, "Innovation: land", "土地冲击")              \
    X(SERIES, Z_R, "z_transfers", NUM, "Innovation: transfers", "转移支付冲击")

#define DR_BACKTEST_COLUMNS(X)                                                 \
    X(BACKTEST, ORIGIN, "origin", YEAR, "Origin", "起点年")                    \
    X(BACKTEST, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")         \
    X(BACKTEST, YEAR, "year", YEAR, "Year", "年份")                            \
    X(BACKTEST, VARIABLE, "variable", TEXT, "Variable", "变量")                \
    X(BACKTEST, REALIZED, "realized", NUM, "Realized", "实际值")               \
    X(BACKTEST, P10, "p10", NUM, "10th percentile", "第10百分位")              \
    X(BACKTEST, P50, "p50", NUM, "Median", "中位数")                           \
    X(BACKTEST, P90, "p90", NUM, "90th percentile", "第90百分位")              \
    X(BACKTEST, PIT, "pit", PROB, "PIT", "概率积分变换值")                     \
    X(BACKTEST, FAMILY, "family", TEXT, "Shocks", "冲击分布")

#define DR_SOLVE_COLUMNS(X)                                                    \
    X(SOLVE, COUNTY_ID, "county_id", TEXT, "County id", "区县代码")            \
    X(SOLVE, NAME, "name", TEXT, "County", "区县")                             \
    X(SOLVE, LEVER, "lever", TEXT, "Lever", "政策杠杆")                        \
    X(SOLVE, VALUE, "value", NUM, "Value needed", "所需力度")                  \
    X(SOLVE, TARGET, "target", TEXT, "Target", "目标")                         \
    X(SOLVE, ACHIEVED, "achieved", NUM, "Achieved", "达到值")                  \
    X(SOLVE, ACHIEVED_SE, "achieved_se", NUM, "Standard error", "标准误")      \
    X(SOLVE, BASELINE, "baseline", NUM, "Baseline", "基准值")                  \
    X(SOLVE, STATUS, "status", TEXT, "Status", "状态")

#define DR_SCHEMA_FILES(X)                                                     \
    X(PROJECTION, "projection.csv")                                            \
    X(RATIOS, "ratios.csv")                                                    \
    X(GRADES, "grades.csv")                                                    \
    X(SUMMARY, "summary.csv")                                                  \
    X(CITY, "city.csv")                                                        \
    X(CITY_COUNTS, "city_counts.csv")                                          \
    X(COMPARE, "compare.csv")                                                  \
    X(SENSITIVITY, "sensitivity.csv")                                          \
    X(CALIBRATION, "calibration.csv")                                          \
    X(SERIES, "calibration_series.csv")                                        \
    X(BACKTEST, "backtest.csv")                                                \
    X(SOLVE, "solve.csv")

#define DR_COLUMN_ENUM(F, C, ...) DR_##F##_##C,
#define DR_SCHEMA_ENUM(F, file) DR_SC_##F,

enum { DR_PROJECTION_COLUMNS(DR_COLUMN_ENUM) DR_PROJECTION_NCOLS };
enum { DR_RATIOS_COLUMNS(DR_COLUMN_ENUM) DR_RATIOS_NCOLS };
enum { DR_GRADES_COLUMNS(DR_COLUMN_ENUM) DR_GRADES_NCOLS };
enum { DR_SUMMARY_COLUMNS(DR_COLUMN_ENUM) DR_SUMMARY_NCOLS };
enum { DR_CITY_COLUMNS(DR_COLUMN_ENUM) DR_CITY_NCOLS };
enum { DR_CITY_COUNTS_COLUMNS(DR_COLUMN_ENUM) DR_CITY_COUNTS_NCOLS };
enum { DR_COMPARE_COLUMNS(DR_COLUMN_ENUM) DR_COMPARE_NCOLS };
enum { DR_SENSITIVITY_COLUMNS(DR_COLUMN_ENUM) DR_SENSITIVITY_NCOLS };
enum { DR_CALIBRATION_COLUMNS(DR_COLUMN_ENUM) DR_CALIBRATION_NCOLS };
enum { DR_SERIES_COLUMNS(DR_COLUMN_ENUM) DR_SERIES_NCOLS };
enum { DR_BACKTEST_COLUMNS(DR_COLUMN_ENUM) DR_BACKTEST_NCOLS };
enum { DR_SOLVE_COLUMNS(DR_COLUMN_ENUM) DR_SOLVE_NCOLS };

typedef enum dr_schema_id {
    DR_SCHEMA_FILES(DR_SCHEMA_ENUM) DR_NSCHEMAS
} dr_schema_id;

/* The widest file has this many columns. */
#define DR_SCHEMA_MAX_COLS 32

extern const dr_schema dr_schemas[DR_NSCHEMAS];

/* A set of columns, for dr_schema_columns: DR_COLS(DR_SUMMARY_NAME) | ... */
#define DR_COLS(c) ((uint32_t)1 << (c))

/* The schema of the output file named file ("summary.csv"), or NULL. */
const dr_schema *dr_schema_find(const char *file);

/* Writes the header line of s: its column names, comma separated. */
void dr_schema_header(FILE *f, const dr_schema *s);

/* The columns of s for dr_csv_read in out[0 .. s->ncols), in the file's
 * order so that s's positions index the table read; those in required
 * must be present, the others may be missing. */
void dr_schema_columns(const dr_schema *s, uint32_t required,
                       dr_csv_column out[DR_SCHEMA_MAX_COLS]);

#endif
