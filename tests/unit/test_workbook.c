/* The workbooks of the output folders (present/workbook.h) of the run,
 * review and sensitivity folders of tests/lib/runfolder.h and of a solve
 * folder written here, read back by openpyxl (tests/lib/xlsxread.h): the
 * sheets in order; the formatted first sheet with its title, run and
 * legend, the counties riskiest first with the folder's numbers, each
 * ratio in the fill of its grade and bold red at or above the line, the
 * city's row; the comparison of scenarios with its colour scales; the
 * parameters by how far they move the city; the effort of each county in
 * the fill of its status; both languages; a failure leaving no workbook
 * and no temporary file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "present/workbook.h"
#include "run/runner.h"
#include "runfolder.h"
#include "scratch.h"
#include "smallcity.h"
#include "xlsxread.h"

#define GREEN "C6EFCE"
#define YELLOW "FFEB9C"
#define ORANGE "F8CBAD"
#define RED "FFC7CE"
#define PCT "0.0%"
#define DELTA "+0.0%;-0.0%;0.0%"

/* The workbook dir/name read back into *b; 0 on success. */
static int load(xl_book *b, const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return xl_load(b, path);
}

/* 1 when cell ref of sheet is the ratio v in its grade's fill, bold (and
 * red) when at or above the line. */
static int graded(const xl_book *b, const char *sheet, const char *ref,
                  double v, const char *fill, int above)
{
    xl_cell c = xl_get(b, sheet, ref);
    int ok = xl_number_is(b, sheet, ref, v, PCT) && strcmp(c.fill, fill) == 0 &&
             c.bold == above && strcmp(c.color, above ? "9C0006" : "-") == 0;
    if (!ok)
        printf("# %s!%s: fill %s bold %d colour %s, expected %s %d\n", sheet,
               ref, c.fill, c.bold, c.color, fill, above);
    return ok;
}

/* 1 when the cells of row `row` from column `from` are the numbers v[0..n)
 * in format fmt (NAN: blank). */
static int row_is(const xl_book *b, const char *sheet, int row, char from,
                  const double *v, int n, const char *fmt)
{
    int ok = 1;
    for (int k = 0; k < n; k++) {
        char ref[16];
        snprintf(ref, sizeof ref, "%c%d", from + k, row);
        if (isnan(v[k])) {
            if (xl_get(b, sheet, ref).found) {
                printf("# %s!%s: expected blank\n", sheet, ref);
                ok = 0;
            }
        } else {
            ok &= xl_number_is(b, sheet, ref, v[k], fmt);
        }
    }
    return ok;
}

static void overview_en(const xl_book *b)
{
    const char *o = "Overview";
    xl_cell t = xl_get(b, o, "A1");
    CHECK(xl_text_is(b, o, "A1", "Debt risk outlook: Land slump") && t.bold);
    CHECK(xl_text_is(b, o, "A2",
                     "1000 simulated paths, seed 42; base year "
                     "2024, horizon 2025"));
    CHECK(xl_text_is(b, o, "A3",
                     "Ratios coloured by grade: green below 130%, yellow "
                     "below 200%, orange below 300%, red from there on; bold "
                     "red above the warning line (110%)."));
    static const char *const head[12] = {"Rank",
                                         "County",
                                         "Id",
                                         "Type",
                                         "Broad ratio 2024",
                                         "Median 2025",
                                         "10th percentile 2025",
                                         "90th percentile 2025",
                                         "P(breach by 2025)",
                                         "± standard error",
                                         "First year at 50%",
                                         "P(red in 2025)"};
    int all = 1;
    for (int k = 0; k < 12; k++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c5", 'A' + k);
        all &= xl_text_is(b, o, ref, head[k]) && xl_get(b, o, ref).bold;
    }
    CHECK(all);
    /* riskiest first: b (P 0.75), then c before a (both 0.25, median 1.6
     * over 0.9); grades 1.3, 2, 3, the line 1.1 */
    CHECK(xl_number_is(b, o, "A6", 1, "0") &&
          xl_number_is(b, o, "A7", 2, "0") && xl_number_is(b, o, "A8", 3, "0"));
    CHECK(xl_text_is(b, o, "B6", "B") && xl_text_is(b, o, "C6", "b") &&
          xl_text_is(b, o, "D6", "rural"));
    CHECK(xl_text_is(b, o, "B7", "C") && xl_text_is(b, o, "C7", "c"));
    CHECK(xl_text_is(b, o, "B8", "A, north") && xl_text_is(b, o, "C8", "a") &&
          xl_text_is(b, o, "D8", "urban"));
    /* b: 1.2 green (below 1.3) but above the line; 1.5, 1.3 (the bound)
     * and 1.8 yellow */
    CHECK(graded(b, o, "E6", 1.2, GREEN, 1) &&
          graded(b, o, "F6", 1.5, YELLOW, 1) &&
          graded(b, o, "G6", 1.3, YELLOW, 1) &&
          graded(b, o, "H6", 1.8, YELLOW, 1));
    /* c: 1 below the line; 2 orange */
    CHECK(
        graded(b, o, "E7", 1, GREEN, 0) && graded(b, o, "F7", 1.6, YELLOW, 1) &&
        graded(b, o, "G7", 1.2, GREEN, 1) && graded(b, o, "H7", 2, ORANGE, 1));
    /* a: 1.1 is on the line, not above it ("above" is strictly greater) */
    CHECK(graded(b, o, "E8", 0.8, GREEN, 0) &&
          graded(b, o, "F8", 0.9, GREEN, 0) &&
          graded(b, o, "G8", 0.7, GREEN, 0) &&
          graded(b, o, "H8", 1.1, GREEN, 0));
    /* P(breach), its se, the first year (blank when never), P(red) */
    const double b6[] = {0.75, 0.02, NAN, 0.5}, c7[] = {0.25, 0.01, NAN, 0.1},
                 a8[] = {0.25, 0.01, NAN, 0.05};
    CHECK(row_is(b, o, 6, 'I', b6, 2, PCT) &&
          row_is(b, o, 6, 'L', b6 + 3, 1, PCT));
    CHECK(xl_number_is(b, o, "K6", 2025, "0"));
    CHECK(row_is(b, o, 7, 'I', c7, 4, PCT) && row_is(b, o, 8, 'I', a8, 4, PCT));
    /* the city at the horizon: median 1.2 (green, above), p10 1, p90 1.4 */
    CHECK(xl_text_is(b, o, "B9", "City (all counties)"));
    CHECK(graded(b, o, "F9", 1.2, GREEN, 1) &&
          graded(b, o, "G9", 1, GREEN, 0) &&
          graded(b, o, "H9", 1.4, YELLOW, 1));
    CHECK(!xl_get(b, o, "A9").found && !xl_get(b, o, "E9").found &&
          !xl_get(b, o, "I9").found);
    CHECK(xl_count(b, "cell\tOverview\t") == 3 + 12 + 12 + 11 + 11 + 4);
    /* frozen under the header, beside the names; printed across A4 */
    CHECK(strcmp(xl_sheet_field(b, o, 0), "C6") == 0);
    CHECK(strcmp(xl_sheet_field(b, o, 2), "landscape") == 0 &&
          strcmp(xl_sheet_field(b, o, 3), "9") == 0 &&
          strcmp(xl_sheet_field(b, o, 4), "1") == 0 &&
          strcmp(xl_sheet_field(b, o, 5), "0") == 0);
}

static void run_book(void)
{
    char *dir = scratch_dup_path("run");
    write_run(dir, "land-slump", "Land slump / 土地市场下滑");
    dr_error err = {0};
    CHECK(dr_workbook_run(dir, DR_LANG_EN, &err) == DR_OK);
    CHECK(!exists(scratch_path("run/results.xlsx.tmp")));
    xl_book b;
    CHECK(load(&b, dir, "results.xlsx") == 0);
    CHECK(strcmp(xl_sheets(&b), "Overview,summary,ratios,grades,city,"
                                "city_counts,Settings,Model") == 0);
    overview_en(&b);
    /* each CSV whole: summary.csv's second row, ratios.csv's values that
     * are not finite, the city's expected counties as a plain number */
    CHECK(xl_text_is(&b, "summary", "C2", "A, north") &&
          xl_number_is(&b, "summary", "E2", 0.8, PCT) &&
          !xl_get(&b, "summary", "K2").found);
    CHECK(xl_count(&b, "cell\tsummary\t") == 12 + 11 + 12 + 11);
    CHECK(xl_text_is(&b, "ratios", "F8", "inf") &&
          xl_text_is(&b, "ratios", "G8", "nan") &&
          xl_number_is(&b, "ratios", "H8", 1, PCT) &&
          xl_text_is(&b, "ratios", "N8", "inf"));
    CHECK(xl_number_is(&b, "ratios", "D2", 2024, "0"));
    CHECK(xl_number_is(&b, "city", "L3", 1.25, "General"));
    CHECK(xl_number_is(&b, "city_counts", "C9", 3, "0") &&
          xl_number_is(&b, "city_counts", "D9", 0.15, PCT));
    CHECK(strcmp(xl_sheet_field(&b, "grades", 1), "A1:G7") == 0);
    /* the settings: run.ini and model.ini, as text */
    CHECK(xl_text_is(&b, "Settings", "A2", "debtrisk") &&
          xl_text_is(&b, "Settings", "C2", "0.1.0"));
    CHECK(xl_text_is(&b, "Model", "A4", "thresholds") &&
          xl_text_is(&b, "Model", "B4", "grades") &&
          xl_text_is(&b, "Model", "C4", "1.3, 2, 3"));
    xl_free(&b);
    free(dir);
}

/* 1 when cell ref of sheet is a number within one unit of the 16th
 * significant digit of v (the digits libxlsxwriter writes). */
static int near(const xl_book *b, const char *sheet, const char *ref, double v)
{
    xl_cell c = xl_get(b, sheet, ref);
    int ok = c.found && c.type == 'n' && fabs(c.number - v) <= 1e-15 * fabs(v);
    if (!ok)
        printf("# %s!%s: '%s', expected %.17g\n", sheet, ref, c.value, v);
    return ok;
}

/* A real deterministic run of the small city (tests/lib/smallcity.h),
 * its workbook made by the runner: the base-year ratios worked out by
 * hand, and each county's row of the overview the numbers of its line of
 * summary.csv, ranked by P(breach), then the median, then file order. */
static void real_run(void)
{
    char *data, *model;
    small_city(&data, &model);
    dr_input_spec spec = {.data = data, .model = model};
    dr_run r;
    dr_run_opts o = {.deterministic = 1, .threads = 1};
    dr_error err = {0};
    dr_outdir od;
    char *out = scratch_dup_path("real");
    CHECK(dr_run_prepare(&r, &spec, NULL, &err) == DR_OK &&
          dr_run_compute(&r, &o, &err) == DR_OK &&
          dr_run_open_out(&od, out, &err) == DR_OK &&
          dr_run_write(&r, &o, &od, "", &err) == DR_OK &&
          dr_run_office(&od, "", DR_FOLDER_RUN, DR_REPORT_XLSX, DR_LANG_EN,
                        &err) == DR_OK &&
          dr_run_commit(&od, &err) == DR_OK);
    dr_outdir_abort(&od);
    dr_run_free(&r);
    xl_book b;
    CHECK(load(&b, out, "results.xlsx") == 0);
    CHECK(strcmp(xl_sheets(&b), "Overview,summary,ratios,grades,city,"
                                "city_counts,projection,Settings,Model") == 0);
    CHECK(xl_text_is(&b, "Overview", "A2",
                     "Deterministic projection (no "
                     "shocks); base year 2024, horizon "
                     "2027"));
    /* summary.csv's lines, split at their commas (no name holds one) */
    char path[700];
    snprintf(path, sizeof path, "%s/summary.csv", out);
    char *csv = slurp(path, NULL), *line[3] = {0}, *f[3][12];
    char *p = csv ? strchr(csv, '\n') : NULL;
    for (int k = 0; k < 3 && p; k++) {
        line[k] = ++p;
        p = strchr(p, '\n');
        if (p)
            *p = '\0';
        char *q = line[k];
        for (int c = 0; c < 12; c++) {
            f[k][c] = q;
            q = q ? strchr(q, ',') : NULL;
            if (q)
                *q++ = '\0';
        }
    }
    CHECK(line[2] != NULL);
    if (!line[2]) {
        free(csv);
        xl_free(&b);
        return;
    }
    /* riskiest first */
    int order[3] = {0, 1, 2};
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++) {
            double pi = atof(f[order[i]][8]), pj = atof(f[order[j]][8]);
            double mi = atof(f[order[i]][5]), mj = atof(f[order[j]][5]);
            if (pj > pi || (pj == pi && mj > mi) ||
                (pj == pi && mj == mi && order[j] < order[i])) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    const char *ids[3] = {"east", "west", "north"};
    const double base[3] = {85.0 / 85, 50.0 / 56, 34.0 / 45};
    int all = 1;
    for (int k = 0; k < 3; k++) {
        int i = order[k];
        int row = 6 + k;
        char ref[8];
        snprintf(ref, sizeof ref, "C%d", row);
        all &= strcmp(f[i][1], ids[i]) == 0 &&
               xl_text_is(&b, "Overview", ref, f[i][1]);
        snprintf(ref, sizeof ref, "B%d", row);
        all &= xl_text_is(&b, "Overview", ref, f[i][2]);
        snprintf(ref, sizeof ref, "E%d", row);
        all &= near(&b, "Overview", ref, base[i]);
        for (int c = 4; c < 10; c++) {
            snprintf(ref, sizeof ref, "%c%d", 'A' + c, row);
            all &= near(&b, "Overview", ref, strtod(f[i][c], NULL));
        }
        snprintf(ref, sizeof ref, "K%d", row);
        all &= *f[i][10] ? near(&b, "Overview", ref, strtod(f[i][10], NULL))
                         : !xl_get(&b, "Overview", ref).found;
    }
    CHECK(all);
    CHECK(xl_text_is(&b, "Overview", "B9", "City (all counties)"));
    free(csv);
    xl_free(&b);
    free(out);
    free(data);
    free(model);
}

/* Chinese, and a deterministic run's projection.csv as a sheet of its
 * own. */
static void run_book_zh(void)
{
    char *dir = scratch_dup_path("det");
    write_run(dir, "baseline", "");
    put_in(dir, "projection.csv",
           "scenario,county_id,year,gdp,own_revenue,transfers,land_revenue,"
           "other_fund_revenue,soe_revenue,remittance,cfr,primary_spending,"
           "interest,explicit_debt,hidden_debt,contingent,rate_explicit,"
           "rate_hidden,broad,official,debt_gdp,interest_burden\n"
           "baseline,a,2024,500,25,30,30,0,0,0,85,85,2.5,50,35,0,0.03,0.045,"
           "1,0.5882352941176471,0.17,0.029411764705882353\n");
    dr_error err = {0};
    CHECK(dr_workbook_run(dir, DR_LANG_ZH, &err) == DR_OK);
    xl_book b;
    CHECK(load(&b, dir, "results.xlsx") == 0);
    CHECK(strcmp(xl_sheets(&b), "概览,summary,ratios,grades,city,city_counts,"
                                "projection,运行设置,模型参数") == 0);
    CHECK(xl_text_is(&b, "概览", "A1", "债务风险展望：baseline"));
    CHECK(xl_text_is(&b, "概览", "A2",
                     "模拟路径 1000 条，随机种子 42；基年 2024 年，展望至 "
                     "2025 年"));
    CHECK(xl_text_is(&b, "概览", "E5", "2024 年宽口径债务率") &&
          xl_text_is(&b, "概览", "I5", "至 2025 年突破概率") &&
          xl_text_is(&b, "概览", "B9", "全市（所有区县）"));
    CHECK(graded(&b, "概览", "E6", 1.2, GREEN, 1));
    /* the projection: money, rates and ratios in their formats */
    CHECK(xl_text_is(&b, "projection", "D1", "地区生产总值"));
    CHECK(xl_number_is(&b, "projection", "D2", 500, "#,##0.00") &&
          xl_number_is(&b, "projection", "M2", 2.5, "#,##0.00") &&
          xl_number_is(&b, "projection", "Q2", 0.03, "0.00%") &&
          xl_number_is(&b, "projection", "R2", 0.045, "0.00%") &&
          xl_number_is(&b, "projection", "S2", 1, PCT) &&
          xl_number_is(&b, "projection", "T2", 0.5882352941176471, PCT) &&
          xl_number_is(&b, "projection", "C2", 2024, "0"));
    xl_free(&b);
    free(dir);
}

static void review_book(dr_lang lang)
{
    int zh = lang == DR_LANG_ZH;
    char *dir = scratch_dup_path(zh ? "review-zh" : "review");
    write_review(dir);
    dr_error err = {0};
    CHECK(dr_workbook_review(dir, lang, &err) == DR_OK);
    CHECK(!exists(scratch_path(zh ? "review-zh/review.xlsx.tmp"
                                  : "review/review.xlsx.tmp")));
    xl_book b;
    CHECK(load(&b, dir, "review.xlsx") == 0);
    const char *c = zh ? "情景比较" : "Comparison";
    char want[300];
    snprintf(want, sizeof want,
             "%s,compare,summary_baseline,summary_slump,summary_boom,"
             "summary_flat,%s",
             c, zh ? "运行设置,模型参数" : "Settings,Model");
    CHECK(strcmp(xl_sheets(&b), want) == 0);
    if (zh) {
        CHECK(xl_text_is(&b, c, "A1", "情景比较：至 2025 年突破警戒线的概率"));
        CHECK(xl_text_is(&b, c, "C4", "土地市场下滑：变化") &&
              xl_text_is(&b, c, "B4", "基准情景") &&
              xl_text_is(&b, c, "A8", "全市（所有区县）"));
        xl_free(&b);
        free(dir);
        return;
    }
    CHECK(xl_text_is(&b, c, "A1", "Scenario review: P(breach by 2025)"));
    /* the scenarios in the order of compare.csv, each a change and its se */
    static const char *const head[8] = {
        "County",           "Baseline",        "Land slump: change",
        "± standard error", "Boom: change",    "± standard error",
        "Flat: change",     "± standard error"};
    int all = 1;
    for (int k = 0; k < 8; k++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c4", 'A' + k);
        all &= xl_text_is(&b, c, ref, head[k]);
    }
    CHECK(all);
    /* the counties riskiest first under the baseline (b, c, a), the city
     * last: P(breach) of the baseline, then each change and its se */
    const double rb[] = {0.75, 0.15, 0.03, -0.15, 0.02, 0, 0},
                 rc[] = {0.25, 0.05, 0.01, -0.05, 0.01, 0, 0},
                 ra[] = {0.25, 0.25, 0.05, -0.15, 0.02, 0, 0},
                 rcity[] = {0.5, 0.2, 0.04, -0.2, 0.03, 0.2, 0.04};
    const double *rows[4] = {rb, rc, ra, rcity};
    static const char *const names[4] = {"B", "C", "A, north",
                                         "City (all counties)"};
    all = 1;
    for (int r = 0; r < 4; r++) {
        char ref[8];
        snprintf(ref, sizeof ref, "A%d", 5 + r);
        all &= xl_text_is(&b, c, ref, names[r]);
        all &= row_is(&b, c, 5 + r, 'B', rows[r], 1, PCT);
        for (int s = 0; s < 3; s++)
            all &= row_is(&b, c, 5 + r, (char)('C' + 2 * s),
                          rows[r] + 1 + 2 * s, 1, DELTA) &&
                   row_is(&b, c, 5 + r, (char)('D' + 2 * s),
                          rows[r] + 2 + 2 * s, 1, PCT);
    }
    CHECK(all);
    /* red-white-green on each column of changes, white at no change */
    const char *scale = "colorScale\tmin:0.0:63BE7B,num:0.0:FFFFFF,max:0.0:"
                        "F8696B";
    int scales = 1;
    for (int s = 0; s < 3; s++) {
        snprintf(want, sizeof want, "cf\t%s\t%c5:%c8\t%s", c, 'C' + 2 * s,
                 'C' + 2 * s, scale);
        char *line = xl_line(&b, want);
        scales &= line != NULL;
        if (!line)
            check_note("no scale: ", want);
        free(line);
    }
    CHECK(scales);
    snprintf(want, sizeof want, "cf\t%s\t", c);
    CHECK(xl_count(&b, want) == 3);
    CHECK(strcmp(xl_sheet_field(&b, c, 0), "B5") == 0);
    /* compare.csv and each scenario's summary whole */
    CHECK(xl_number_is(&b, "compare", "E2", 0, DELTA) &&
          xl_text_is(&b, "compare", "H12", "nan") &&
          xl_number_is(&b, "compare", "E10", -0.15, DELTA));
    CHECK(xl_number_is(&b, "summary_slump", "E3", 1.2, PCT) &&
          xl_text_is(&b, "summary_slump", "B3", "b"));
    CHECK(xl_text_is(&b, "Settings", "C5", "baseline"));
    xl_free(&b);
    free(dir);
}

/* A review of the run above under each of names (the first the
 * baseline), every scenario the same. */
static void write_review_of(const char *dir, const char *const *names, size_t n)
{
    char sub[700], csv[4096];
    size_t o = (size_t)snprintf(csv, sizeof csv, CMP_HEAD);
    mkdir(dir, 0777);
    for (size_t k = 0; k < n; k++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, names[k]);
        write_run(sub, names[k], "");
        o += (size_t)snprintf(csv + o, sizeof csv - o,
                              "%s,a,A,0.25,0,0,0.9,0\n%s,b,B,0.75,0,0,1.5,0\n"
                              "%s,c,C,0.25,0,0,1.6,0\n"
                              "%s,city,City,0.5,0,0,1.2,0\n",
                              names[k], names[k], names[k], names[k]);
    }
    put_in(dir, "compare.csv", csv);
}

/* A long scenario name: its summary's sheet shortened with its number. */
static void review_long_name(void)
{
    char *dir = scratch_dup_path("review-long");
    static const char *const names[] = {"baseline",
                                        "a-rather-long-scenario-name"};
    write_review_of(dir, names, 2); /* 27 > 23 */
    dr_error err = {0};
    CHECK(dr_workbook_review(dir, DR_LANG_EN, &err) == DR_OK);
    xl_book b;
    CHECK(load(&b, dir, "review.xlsx") == 0);
    CHECK(strcmp(xl_sheets(&b), "Comparison,compare,summary_baseline,"
                                "summary_a-rather-long-sc~1,Settings,"
                                "Model") == 0);
    xl_free(&b);
    free(dir);
}

/* Names that differ only in case are one sheet name to Excel: the later
 * one numbered. */
static void review_case_names(void)
{
    char *dir = scratch_dup_path("review-case");
    static const char *const names[] = {"baseline", "Slump", "slump"};
    write_review_of(dir, names, 3);
    dr_error err = {0};
    dr_status st = dr_workbook_review(dir, DR_LANG_EN, &err);
    CHECK(err_is(st, &err, DR_OK, NULL, ANY, ANY, NULL));
    xl_book b = {0};
    CHECK(st == DR_OK && load(&b, dir, "review.xlsx") == 0);
    CHECK(strcmp(xl_sheets(&b), "Comparison,compare,summary_baseline,"
                                "summary_Slump,summary_slump~2,Settings,"
                                "Model") == 0);
    CHECK(xl_text_is(&b, "summary_slump~2", "C2", "A, north"));
    xl_free(&b);
    free(dir);
}

static void sensitivity_book(void)
{
    char *dir = scratch_dup_path("sens");
    write_sensitivity(dir);
    dr_error err = {0};
    dr_status st = dr_workbook_sensitivity(dir, DR_LANG_EN, &err);
    CHECK(err_is(st, &err, DR_OK, NULL, ANY, ANY, NULL));
    xl_book b = {0};
    if (st != DR_OK || load(&b, dir, "results.xlsx") != 0) {
        CHECK(0);
        free(dir);
        return;
    }
    const char *s = "Drivers";
    char want[300];
    snprintf(want, sizeof want,
             "%s,sensitivity,Overview,summary,ratios,grades,city,"
             "city_counts,Settings,Model",
             s);
    CHECK(strcmp(xl_sheets(&b), want) == 0);
    CHECK(xl_text_is(&b, s, "A1", "What moves the city's P(breach by 2025)"));
    CHECK(xl_text_is(&b, s, "A4", "Parameter") &&
          xl_text_is(&b, s, "H4", "Change, high"));
    /* by the city's swing: land.mu 0.2, rates.yield 0.2 (a tie, in file
     * order), the rural growth trend 0.1 */
    CHECK(xl_text_is(&b, s, "A5", "Land revenue trend") &&
          xl_text_is(&b, s, "B5", "−0.1") && xl_text_is(&b, s, "C5", "0"));
    CHECK(xl_text_is(&b, s, "A6", "Market yield") &&
          xl_text_is(&b, s, "B6", "0.02") && xl_text_is(&b, s, "C6", "0.03"));
    CHECK(xl_text_is(&b, s, "A7", "Nominal growth trend (rural)") &&
          xl_text_is(&b, s, "B7", "×0.5") && xl_text_is(&b, s, "C7", "×1.5"));
    const double r5[] = {0.5, 0.3, 0.6, -0.2, 0.1},
                 r6[] = {0.5, 0.45, 0.7, -0.05, 0.2},
                 r7[] = {0.5, 0.4, 0.55, -0.1, 0.05};
    CHECK(row_is(&b, s, 5, 'D', r5, 3, PCT) &&
          row_is(&b, s, 5, 'G', r5 + 3, 2, DELTA));
    CHECK(row_is(&b, s, 6, 'D', r6, 3, PCT) &&
          row_is(&b, s, 6, 'G', r6 + 3, 2, DELTA));
    CHECK(row_is(&b, s, 7, 'D', r7, 3, PCT) &&
          row_is(&b, s, 7, 'G', r7 + 3, 2, DELTA));
    CHECK(!xl_get(&b, s, "A8").found);
    snprintf(want, sizeof want, "cf\t%s\tG5:G7\tcolorScale", s);
    char *line = xl_line(&b, want);
    CHECK(line != NULL);
    free(line);
    snprintf(want, sizeof want, "cf\t%s\tH5:H7\tcolorScale", s);
    line = xl_line(&b, want);
    CHECK(line != NULL);
    free(line);
    /* the baseline's overview and sheets */
    CHECK(graded(&b, "Overview", "E6", 1.2, GREEN, 1));
    CHECK(xl_number_is(&b, "sensitivity", "F2", 0.25, PCT) &&
          xl_number_is(&b, "sensitivity", "I2", -0.15, DELTA));
    xl_free(&b);
    free(dir);
}

#define SOLVE_HEAD                                                             \
    "county_id,name,lever,value,target,achieved,achieved_se,baseline,"         \
    "status\n"

/* A solve folder: solve.csv, baseline/ and solved/ (the run above) and
 * the package as a scenario. */
static char *write_solve(const char *name, const char *csv)
{
    char *dir = scratch_dup_path(name);
    char sub[700];
    mkdir(dir, 0777);
    put_in(dir, "solve.csv", csv);
    snprintf(sub, sizeof sub, "%s/baseline", dir);
    write_run(sub, "baseline", "");
    snprintf(sub, sizeof sub, "%s/solved", dir);
    write_run(sub, "solved", "Solved");
    put_in(sub, "scenario.ini", "[scenario]\nname = solved\n");
    return dir;
}

static int filled(const xl_book *b, const char *ref, double v, const char *fmt,
                  const char *fill)
{
    xl_cell c = xl_get(b, "Effort", ref);
    int ok = xl_number_is(b, "Effort", ref, v, fmt) && !strcmp(c.fill, fill);
    if (!ok)
        printf("# Effort!%s: fill %s, expected %s\n", ref, c.fill, fill);
    return ok;
}

static void solve_book(void)
{
    char *dir = write_solve(
        "solve", SOLVE_HEAD
        "a,\"A, "
        "north\",spending,0.125,p_breach_end<=0.3,0.29,0.01,0.45,solved\n"
        "b,B,spending,0,p_breach_end<=0.3,0.2,0.009,0.2,met\n"
        "c,C,spending,0.3,p_breach_end<=0.3,0.6,0.011,0.8,not-reachable\n");
    dr_error err = {0};
    CHECK(dr_workbook_solve(dir, DR_LANG_EN, &err) == DR_OK);
    CHECK(!exists(scratch_path("solve/solve.xlsx.tmp")));
    xl_book b;
    CHECK(load(&b, dir, "solve.xlsx") == 0);
    CHECK(strcmp(xl_sheets(&b), "Effort,solve,summary_baseline,"
                                "summary_solved,Scenario,Settings,Model") == 0);
    CHECK(xl_text_is(&b, "Effort", "A1",
                     "What it takes: spending for p_breach_end<=0.3"));
    CHECK(xl_text_is(&b, "Effort", "A4", "County") &&
          xl_text_is(&b, "Effort", "C4", "Value needed") &&
          xl_text_is(&b, "Effort", "F4", "Without the lever"));
    CHECK(xl_text_is(&b, "Effort", "A5", "A, north") &&
          xl_text_is(&b, "Effort", "B5", "solved") &&
          xl_text_is(&b, "Effort", "B6", "met already") &&
          xl_text_is(&b, "Effort", "B7", "not reachable in the range"));
    /* a share of spending as a rate, in the fill of its status: met
     * green, solved yellow, not reachable red */
    CHECK(filled(&b, "C5", 0.125, "0.00%", YELLOW) &&
          filled(&b, "C6", 0, "0.00%", GREEN) &&
          filled(&b, "C7", 0.3, "0.00%", RED));
    const double r5[] = {0.29, 0.01, 0.45}, r7[] = {0.6, 0.011, 0.8};
    CHECK(row_is(&b, "Effort", 5, 'D', r5, 3, PCT) &&
          row_is(&b, "Effort", 7, 'D', r7, 3, PCT));
    CHECK(strcmp(xl_sheet_field(&b, "Effort", 0), "B5") == 0);
    CHECK(xl_number_is(&b, "solve", "D2", 0.125, "General") &&
          xl_text_is(&b, "solve", "I4", "not-reachable"));
    CHECK(xl_text_is(&b, "summary_solved", "B2", "a"));
    CHECK(xl_text_is(&b, "Scenario", "A2", "scenario") &&
          xl_text_is(&b, "Scenario", "C2", "solved"));
    CHECK(xl_text_is(&b, "Settings", "C5", "solved"));
    xl_free(&b);
    free(dir);
}

/* A lever that is not a share, for the city: its value a plain number,
 * still in its status's fill; an expected number of counties a number. */
static void solve_book_city(void)
{
    char *dir = write_solve("solve-city",
                            SOLVE_HEAD "city,City,adjust:land_revenue:add,5,"
                                       "counties_above_end<=1,0.9,0.05,1.25,"
                                       "solved\n");
    dr_error err = {0};
    CHECK(dr_workbook_solve(dir, DR_LANG_ZH, &err) == DR_OK);
    xl_book b;
    CHECK(load(&b, dir, "solve.xlsx") == 0);
    CHECK(strcmp(xl_sheets(&b), "政策求解,solve,summary_baseline,"
                                "summary_solved,求解方案,运行设置,"
                                "模型参数") == 0);
    xl_cell c = xl_get(&b, "政策求解", "C5");
    CHECK(xl_number_is(&b, "政策求解", "C5", 5, "General") &&
          strcmp(c.fill, YELLOW) == 0);
    CHECK(xl_text_is(&b, "政策求解", "A5", "全市（所有区县）") &&
          xl_text_is(&b, "政策求解", "B5", "可达标"));
    CHECK(xl_number_is(&b, "政策求解", "D5", 0.9, "General") &&
          xl_number_is(&b, "政策求解", "F5", 1.25, "General"));
    xl_free(&b);
    free(dir);
}

/* Refusals: no workbook, no temporary file; one made before is left as it
 * was. */
static void failures(void)
{
    dr_error err = {0};
    /* a value of ratios.csv that is not a number (a row the overview does
     * not read) */
    char *dir = scratch_dup_path("bad");
    write_run(dir, "s", "");
    char ratios[sizeof run_ratios_csv + 16];
    snprintf(ratios, sizeof ratios, "%s", run_ratios_csv);
    char *nine = strstr(ratios, "official,9,");
    memcpy(nine + 9, "x", 1);
    put_in(dir, "ratios.csv", ratios);
    char path[700];
    snprintf(path, sizeof path, "%s/ratios.csv", dir);
    CHECK(err_is(dr_workbook_run(dir, DR_LANG_EN, &err), &err, DR_EINPUT, path,
                 3, 21, "mean: expected a number, found 'x'"));
    CHECK(!exists(scratch_path("bad/results.xlsx")) &&
          !exists(scratch_path("bad/results.xlsx.tmp")));
    /* one made before stays */
    put_in(dir, "results.xlsx", "old");
    CHECK(dr_workbook_run(dir, DR_LANG_EN, &err) == DR_EINPUT);
    char *old = slurp(scratch_path("bad/results.xlsx"), NULL);
    CHECK(old && strcmp(old, "old") == 0);
    free(old);
    CHECK(!exists(scratch_path("bad/results.xlsx.tmp")));
    /* another language */
    put_in(dir, "ratios.csv", run_ratios_csv);
    remove(scratch_path("bad/results.xlsx"));
    CHECK(!exists(scratch_path("bad/results.xlsx")) &&
          !exists(scratch_path("bad/results.xlsx.tmp")));
    /* a folder that is not a run */
    char *none = scratch_dup_path("none");
    CHECK(dr_workbook_run(none, DR_LANG_EN, &err) != DR_OK);
    CHECK(!exists(scratch_path("none")));
    CHECK(dr_workbook_review(none, DR_LANG_EN, &err) != DR_OK);
    CHECK(dr_workbook_sensitivity(none, DR_LANG_EN, &err) != DR_OK);
    CHECK(dr_workbook_solve(none, DR_LANG_EN, &err) == DR_EIO);
    CHECK(!exists(scratch_path("none")));
    /* a status that is not one */
    char *sdir = write_solve("solve-bad", SOLVE_HEAD
                             "a,A,spending,0.1,p_breach_end<=0.3,0.29,0.01,"
                             "0.45,solved\n"
                             "b,B,spending,0.1,p_breach_end<=0.3,0.29,0.01,"
                             "0.45,done\n");
    snprintf(path, sizeof path, "%s/solve.csv", sdir);
    CHECK(err_is(dr_workbook_solve(sdir, DR_LANG_EN, &err), &err, DR_EINPUT,
                 path, 3, 51,
                 "status: expected solved, met or not-reachable, found "
                 "'done'"));
    CHECK(!exists(scratch_path("solve-bad/solve.xlsx")) &&
          !exists(scratch_path("solve-bad/solve.xlsx.tmp")));
    /* no solve.csv */
    snprintf(path, sizeof path, "%s/solve.csv", sdir);
    remove(path);
    CHECK(err_is(dr_workbook_solve(sdir, DR_LANG_EN, &err), &err, DR_EINPUT,
                 path, ANY, ANY, NULL));
    CHECK(!exists(scratch_path("solve-bad/solve.xlsx")) &&
          !exists(scratch_path("solve-bad/solve.xlsx.tmp")));
    free(sdir);
    free(none);
    free(dir);
}

int main(void)
{
    if (scratch_open("workbook") != 0)
        return 1;
    if (!xl_available()) {
        printf("1..0 # SKIP no Python with openpyxl to read workbooks\n");
        scratch_close();
        return 0;
    }
    run_book();
    run_book_zh();
    real_run();
    review_book(DR_LANG_EN);
    review_book(DR_LANG_ZH);
    review_long_name();
    review_case_names();
    sensitivity_book();
    solve_book();
    solve_book_city();
    failures();
    scratch_close();
    return check_done();
}
