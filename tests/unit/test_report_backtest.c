/* backtest.md (present/report_backtest.h) from backtests built here,
 * each variable's PITs chosen so that its bands are too narrow, too wide,
 * biased to either side or about right: every verdict sentence with its
 * numbers worked out by hand, the best family, the variables every family
 * missed to one side, the table, the pictures found, county names
 * escaped, both languages; refusals leave no file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "errcheck.h"
#include "present/report_backtest.h"
#include "scratch.h"

static dr_county counties[] = {
    {.id = "east", .name = "A_b [c] / 甲区", .type = "urban"},
    {.id = "west", .name = "West", .type = "rural"}};
static const dr_fiscal fiscal = {
    .path = "fiscal.csv", .county = counties, .n = 2};

/* Ten PITs a pattern; mean, share in [0.1, 0.9] and in [0.05, 0.95]:
 *   NARROW  mean 0.5,    40%,  60%
 *   WIDE    mean 0.5,   100%, 100%
 *   RIGHT   mean 0.5,    80%, 100%
 *   HIGH    mean 0.819,  80%,  90%  (8.19 / 10)
 *   LOW     mean 0.2,    90%, 100%  (2 / 10)
 *   HIGHER  mean 0.859,  70%,  90%  (8.59 / 10) */
static const double NARROW[] = {0.02, 0.98, 0.03, 0.97, 0.5,
                                0.5,  0.4,  0.6,  0.05, 0.95};
static const double WIDE[] = {0.45, 0.55, 0.5,  0.5, 0.4,
                              0.6,  0.45, 0.55, 0.5, 0.5};
static const double RIGHT[] = {0.05, 0.95, 0.2, 0.8, 0.3,
                               0.7,  0.4,  0.6, 0.5, 0.5};
static const double HIGH[] = {0.7, 0.8, 0.9, 0.95, 0.99,
                              0.6, 0.7, 0.8, 0.9,  0.85};
static const double LOW[] = {0.1,  0.2, 0.05, 0.3, 0.25,
                             0.15, 0.2, 0.1,  0.3, 0.35};
static const double HIGHER[] = {0.9,  0.95, 0.8,  0.99, 0.7,
                                0.85, 0.9,  0.95, 0.8,  0.75};

/* Ten rows of variable v under family k with the PITs of a pattern, over
 * the origins 2020 and 2021 and up to three years ahead. */
static void add(dr_backtest *b, int k, int v, const double *pit)
{
    for (int j = 0; j < 10; j++) {
        long origin = 2020 + j % 2;
        dr_bt_row r = {
            origin, (size_t)(j % 2), origin + 1 + j % 3, v, k, 1.0, 0.9, 1.0,
            1.1,    pit[j]};
        dr_backtest_add(b, &r);
    }
}

/* Normal shocks: GDP too narrow, own revenue too wide, transfers right,
 * land revenue too high, CFR too low, broad too high; Student-t: all
 * right but land revenue and CFR, biased as under normal shocks. */
static dr_backtest two_families(void)
{
    dr_backtest b = {.fiscal = &fiscal,
                     .nfam = 2,
                     .family = {DR_FAMILY_NORMAL, DR_FAMILY_STUDENT_T},
                     .from = 2010,
                     .origin0 = 2020,
                     .origin1 = 2021,
                     .paths = 1000};
    const double *normal[] = {NARROW, WIDE, RIGHT, HIGH, LOW, HIGHER},
                 *student[] = {RIGHT, RIGHT, RIGHT, HIGH, LOW, RIGHT};
    for (int v = 0; v < DR_NTRACK; v++) {
        add(&b, 0, v, normal[v]);
        add(&b, 1, v, student[v]);
    }
    return b;
}

static char *report(const char *dir)
{
    char path[700];
    snprintf(path, sizeof path, "%s/backtest.md", dir);
    return slurp(path, NULL);
}

static int has(const char *s, const char *needle)
{
    if (s && strstr(s, needle))
        return 1;
    check_note("missing: ", needle);
    return 0;
}

static void english(void)
{
    char *dir = scratch_dup_path("en");
    mkdir(dir, 0777);
    scratch_put("en/backtest.md", "an earlier report, much longer than...\n");
    dr_backtest b = two_families();
    dr_error err = {0};
    CHECK(dr_backtest_report_write(dir, &b, "/somewhere/data/history.csv",
                                   DR_LANG_EN, &err) == DR_OK);
    char *s = report(dir);
    CHECK(s && strncmp(s,
                       "# Backtest: would the model have seen it "
                       "coming?\n\n",
                       50) == 0);
    CHECK(!exists(scratch_path("en/backtest.md.tmp")) && s &&
          !strstr(s, "an earlier report"));
    /* the file's name alone; the longest horizon (2020 + 3); 1,000 */
    CHECK(has(s, "- History: `history.csv`; calibrated from 2010 up to each "
                 "origin; origins 2020–2021, each projected to at most 3 "
                 "years ahead and compared with what happened; 1,000 paths "
                 "a run.\n"));
    /* normal over all sixty: (4 + 10 + 8 + 8 + 9 + 7)/60 = 76.7% in the
     * 10-90% band, (6 + 10 + 10 + 9 + 10 + 9)/60 = 90% in the 5-95% */
    CHECK(has(s, "## In brief\n\n**With normal shocks, the 10–90% band held "
                 "76.7% of 60 outcomes (ideal 80%) and the 5–95% band 90.0% "
                 "(ideal 90%).**\n\n"));
    CHECK(has(s, "\n- GDP: bands too narrow (40.0% in the 10–90% band): the "
                 "model is overconfident about GDP.\n"));
    CHECK(has(s, "\n- own revenue: bands too wide (100.0% in the 10–90% "
                 "band): the model is too cautious about own revenue.\n"));
    CHECK(has(s, "\n- transfers: about right (80.0% in the 10–90% band).\n"));
    CHECK(has(s, "\n- land revenue: too pessimistic: outcomes came out above "
                 "the model's median 81.9% of the time (80.0% inside its "
                 "10–90% band).\n"));
    /* below: 1 - 0.2 */
    CHECK(has(s, "\n- comprehensive resources: too optimistic: outcomes came "
                 "out below the model's median 80.0% of the time (90.0% "
                 "inside its 10–90% band).\n"));
    /* debt above the median is the optimistic fault */
    CHECK(has(s, "\n- the broad debt ratio: too optimistic: debt came out "
                 "above the model's median 85.9% of the time (70.0% inside "
                 "its 10–90% band).\n"));
    /* Student-t: (8 * 4 + 8 + 9)/60 = 81.7%, (10 * 4 + 9 + 10)/60 = 98.3% */
    CHECK(has(s, "**With Student-t shocks, the 10–90% band held 81.7% of 60 "
                 "outcomes (ideal 80%) and the 5–95% band 98.3% (ideal "
                 "90%).**"));
    CHECK(has(s, "\n- the broad debt ratio: about right (80.0% in the 10–90% "
                 "band).\n"));
    /* misfit, the sum of |c80 - 0.8| + |c90 - 0.9|: normal 0.7 + 0.3 +
     * 0.1 + 0 + 0.2 + 0.1 = 1.4, Student-t 0.1 * 4 + 0 + 0.2 = 0.6 */
    CHECK(has(s, "\nOf the families compared, **Student-t** fits this city's "
                 "past best (bands closest to their ideal coverage).\n"));
    CHECK(has(s, "\nWhatever the shocks, land revenue and comprehensive "
                 "resources missed to one side: the fault is in the trends"));
    CHECK(has(s, "## Coverage by variable\n\n"));
    CHECK(has(s, "|---|---|---:|---:|---:|---:|\n| GDP | normal | 10 | 40.0% | "
                 "60.0% | 0.50 |\n| GDP | Student-t | 10 | 80.0% | 100.0% | "
                 "0.50 |\n| own revenue | normal | 10 | 100.0% | 100.0% | "
                 "0.50 |\n"));
    CHECK(has(s, "\n| land revenue | Student-t | 10 | 80.0% | 90.0% | 0.82 "
                 "|\n| comprehensive resources | normal | 10 | 90.0% | 100.0% "
                 "| 0.20 |\n"));
    CHECK(has(s, "## Method\n\n- For each origin year O:") &&
          has(s, "- Numbers: `backtest.csv` (every comparison).\n"));
    /* no pictures: no section of them */
    CHECK(s && !strstr(s, "## Charts") && !strstr(s, "]("));
    free(s);

    /* the pictures found: the PIT histogram and east's fan (an svg), not
     * west's; east's name escaped, in English */
    mkdir(scratch_path("en/charts"), 0777);
    scratch_put("en/charts/backtest_pit.png", "");
    scratch_put("en/charts/backtest_east.svg", "");
    CHECK(dr_backtest_report_write(dir, &b, "history.csv", DR_LANG_EN, &err) ==
          DR_OK);
    s = report(dir);
    CHECK(has(s, "`history.csv`;"));
    CHECK(has(s, "## Charts\n\n![PIT histograms (flat when the model is "
                 "right; a U when its bands are too narrow, a hump when too "
                 "wide)](charts/backtest_pit.png)\n\nEach county's path from "
                 "2020 over its fan:\n\n![A\\_b \\[c\\]]"
                 "(charts/backtest_east.svg)\n\n## Method"));
    CHECK(s && !strstr(s, "backtest_west"));
    free(s);
    dr_backtest_free(&b);
    free(dir);
}

static void chinese(void)
{
    char *dir = scratch_dup_path("zh");
    mkdir(dir, 0777);
    mkdir(scratch_path("zh/charts"), 0777);
    scratch_put("zh/charts/backtest_pit.svg", "");
    scratch_put("zh/charts/backtest_east.png", "");
    dr_backtest b = two_families();
    dr_error err = {0};
    CHECK(dr_backtest_report_write(dir, &b, "history.csv", DR_LANG_ZH, &err) ==
          DR_OK);
    char *s = report(dir);
    CHECK(s && strncmp(s, "# 回测：模型能否预见过去的走势？\n\n", 30) == 0);
    CHECK(has(s, "每次模拟 1000 条路径。"));
    CHECK(has(s,
              "## 要点\n\n**采用正态冲击时，10%—90% 区间覆盖了 60 个实际结果中"
              "的 76.7%（理想为 80%），5%—95% 区间覆盖 90.0%（理想为 "
              "90%）。**"));
    CHECK(has(s,
              "\n- GDP：区间过窄（10%—90% 区间覆盖 40.0%）：模型对GDP过于自信"
              "。\n"));
    CHECK(has(s,
              "\n- 一般公共预算收入：区间过宽（10%—90% 区间覆盖 100.0%）：模型"
              "对一般公共预算收入过于谨慎。\n"));
    CHECK(has(s, "\n- 上级补助收入：基本合适（10%—90% 区间覆盖 80.0%）。\n"));
    CHECK(has(s,
              "\n- 土地出让收入：模型偏于悲观：实际结果高于模型中位数的比例为 "
              "81.9%（落在 10%—90% 区间内的为 80.0%）。\n"));
    CHECK(has(s, "\n- 综合财力：模型偏于乐观：实际结果低于模型中位数的比例为 "
                 "80.0%"));
    CHECK(has(s,
              "\n- 广义债务率：模型偏于乐观：实际债务率高于模型中位数的比例为 "
              "85.9%"));
    CHECK(has(s, "在比较的冲击分布中，**学生t** 与本市历史最吻合"));
    CHECK(
        has(s, "无论采用哪种冲击，土地出让收入、综合财力 均系统性地偏向一侧"));
    CHECK(has(s, "| GDP | 学生t | 10 | 80.0% | 100.0% | 0.50 |\n"));
    CHECK(has(s, "## 图表\n\n![PIT 直方图") &&
          has(s, "](charts/backtest_pit.svg)\n\n各县自 2020 年起的实际路径与"
                 "预测扇形图：\n\n![甲区](charts/backtest_east.png)\n"));
    CHECK(has(s, "## 方法\n\n"));
    free(s);
    dr_backtest_free(&b);
    free(dir);
}

/* One family with three variables biased: no best family, and no
 * "whatever the shocks" (that needs more than one family to compare); two
 * families both biased on the same three: the list joined "A, B and C". */
static void one_family(void)
{
    char *dir = scratch_dup_path("one");
    mkdir(dir, 0777);
    dr_backtest b = {.fiscal = &fiscal,
                     .nfam = 1,
                     .family = {DR_FAMILY_BOOTSTRAP, DR_FAMILY_NORMAL},
                     .from = 2012,
                     .origin0 = 2020,
                     .origin1 = 2020,
                     .paths = 250};
    const double *p[] = {RIGHT, RIGHT, RIGHT, HIGH, LOW, HIGHER};
    for (int v = 0; v < DR_NTRACK; v++)
        add(&b, 0, v, p[v]);
    dr_error err = {0};
    CHECK(dr_backtest_report_write(dir, &b, "h.csv", DR_LANG_EN, &err) ==
          DR_OK);
    char *s = report(dir);
    CHECK(has(s, "**With bootstrap shocks, the 10–90% band held"));
    CHECK(s && !strstr(s, "Of the families compared"));
    CHECK(s && !strstr(s, "Whatever the shocks"));
    CHECK(has(s, "from 2012 up to each origin; origins 2020–2020") &&
          has(s, "; 250 paths a run."));
    free(s);

    b.nfam = 2;
    for (int v = 0; v < DR_NTRACK; v++)
        add(&b, 1, v, p[v]);
    CHECK(dr_backtest_report_write(dir, &b, "h.csv", DR_LANG_EN, &err) ==
          DR_OK);
    s = report(dir);
    CHECK(has(s, "\nWhatever the shocks, land revenue, comprehensive "
                 "resources and the broad debt ratio missed to one side"));
    free(s);
    dr_backtest_free(&b);

    /* nothing biased: no such sentence */
    b = (dr_backtest){.fiscal = &fiscal, .nfam = 1, .paths = 10};
    add(&b, 0, DR_TR_GDP, RIGHT);
    CHECK(dr_backtest_report_write(dir, &b, "h.csv", DR_LANG_EN, &err) ==
          DR_OK);
    s = report(dir);
    CHECK(s && !strstr(s, "Whatever the shocks") &&
          has(s, "\n- GDP: about right (80.0% in the 10–90% band).\n\n## "
                 "Coverage by variable"));
    free(s);
    dr_backtest_free(&b);
    free(dir);
}

/* A coverage exactly 10 points from its ideal is within the slack on
 * either side: 7 of 10 and 9 of 10 in the 10-90% band are about right. */
static void edges(void)
{
    static const double seven[] = {0.05, 0.95, 0.02, 0.2, 0.8,
                                   0.3,  0.7,  0.4,  0.6, 0.5},
                        nine[] = {0.05, 0.2, 0.8, 0.3, 0.7,
                                  0.4,  0.6, 0.5, 0.5, 0.45};
    char *dir = scratch_dup_path("edges");
    mkdir(dir, 0777);
    dr_backtest b = {.fiscal = &fiscal, .nfam = 1, .paths = 10};
    add(&b, 0, DR_TR_GDP, seven);
    add(&b, 0, DR_TR_TRANSFERS, nine);
    dr_error err = {0};
    CHECK(dr_backtest_report_write(dir, &b, "h.csv", DR_LANG_EN, &err) ==
          DR_OK);
    char *s = report(dir);
    CHECK(has(s, "\n- GDP: about right (70.0% in the 10–90% band).\n"));
    CHECK(has(s, "\n- transfers: about right (90.0% in the 10–90% band).\n"));
    free(s);
    dr_backtest_free(&b);
    free(dir);
}

static void refusals(void)
{
    char *dir = scratch_dup_path("bad");
    mkdir(dir, 0777);
    dr_backtest b = two_families();
    dr_error err = {0};
    CHECK(!exists(scratch_path("bad/backtest.md")) &&
          !exists(scratch_path("bad/backtest.md.tmp")));
    /* a folder that is not there */
    char *none = scratch_dup_path("none");
    char tmp[700];
    snprintf(tmp, sizeof tmp, "%s/backtest.md.tmp", none);
    CHECK(err_is(dr_backtest_report_write(none, &b, "h.csv", DR_LANG_EN, &err),
                 &err, DR_EIO, tmp, 0, 0, "cannot write"));
    CHECK(!exists(none));
    free(none);
    dr_backtest_free(&b);
    free(dir);
}

int main(void)
{
    if (scratch_open("report_backtest") != 0)
        return 1;
    english();
    chinese();
    one_family();
    edges();
    refusals();
    scratch_close();
    return check_done();
}
