/* solve.md (present/report_solve.h) from solves built here: the sentence
 * of each status (solved, met already, not reachable, the measure not
 * falling steadily) with its numbers written by hand from the rows, for
 * one county at a time and for the city, in English and Chinese; the
 * counties sorted by effort, largest first; names escaped; the lever's
 * words for every kind; the charts linked only when drawn; refusals
 * leave no file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "errcheck.h"
#include "present/report_solve.h"
#include "scratch.h"

/* The first name holds Markdown: written A\_b \[c\] \| 甲区. */
static dr_county counties[] = {
    {.id = "a", .name = "A_b [c] | 甲区", .type = "urban"},
    {.id = "b", .name = "Bee", .type = "urban"},
    {.id = "c", .name = "Sea", .type = "rural"},
    {.id = "d", .name = "Dee", .type = "rural"}};
static const dr_fiscal fiscal = {
    .path = "fiscal.csv", .county = counties, .n = 4};
#define A_NAME "A\\_b \\[c\\] \\| 甲区"

/* A spending cut of 0:0.3 over 2025-2029 to tolerance 0.0003 against
 * P(breach by 2029) <= 0.3, 2,000 paths of seed 7, 14 runs: a solved with
 * 5% (the scan saw its measure rise), b solved with 12.5%, c met, d not
 * reachable at 30%. */
static dr_solve_row rows4[4] = {
    {0.05, 0.29, 0.01, 0.45, DR_SOLVED, 1},
    {0.125, 0.3, 0.01, 0.6, DR_SOLVED, 0},
    {0.0, 0.2, 0.009, 0.2, DR_MET, 0},
    {0.3, 0.6, 0.011, 0.8, DR_NOT_REACHABLE, 0},
};

static dr_solve county_solve(void)
{
    dr_solve s = {.fiscal = &fiscal,
                  .nrows = 4,
                  .row = rows4,
                  .runs = 14,
                  .paths = 2000,
                  .seed = 7,
                  .scenario = "baseline",
                  .base_year = 2024,
                  .years = 5};
    s.lever = (dr_lever){.kind = DR_LEVER_SPENDING,
                         .lo = 0.0,
                         .hi = 0.3,
                         .tol = 0.0003,
                         .year_from = 2025,
                         .year_to = 2029,
                         .text = "spending"};
    s.target = (dr_target){.kind = DR_TG_P_BREACH_END,
                           .year = 2029,
                           .t = 5,
                           .bound = 0.3,
                           .prob = 1,
                           .text = "p_breach_end<=0.3"};
    return s;
}

static char *report(const char *dir)
{
    char path[700];
    snprintf(path, sizeof path, "%s/solve.md", dir);
    return slurp(path, NULL);
}

static int has(const char *s, const char *needle)
{
    if (s && strstr(s, needle))
        return 1;
    check_note("missing: ", needle);
    return 0;
}

/* 1 when every needle is in s, each starting after the start of the one
 * before. */
static int in_order(const char *s, const char *const *needles, size_t n)
{
    const char *p = s;
    for (size_t k = 0; k < n; k++) {
        const char *q = p ? strstr(p, needles[k]) : NULL;
        if (!q) {
            check_note("not found in order: ", needles[k]);
            return 0;
        }
        p = q + 1;
    }
    return 1;
}

/* A folder of the scratch with solve.md written for s in lang; the
 * report's text (NULL when it failed). */
static char *written(const char *name, const dr_solve *s, dr_lang lang)
{
    char *dir = scratch_dup_path(name);
    mkdir(dir, 0777);
    dr_error err = {0};
    dr_status st = dr_solve_report_write(dir, s, lang, &err);
    if (st != DR_OK)
        printf("# %s: %s\n", name, err.msg);
    char *text = st == DR_OK ? report(dir) : NULL;
    free(dir);
    return text;
}

static void county_english(void)
{
    dr_solve s = county_solve();
    char *dir = scratch_dup_path("en");
    mkdir(dir, 0777);
    scratch_put("en/solve.md", "an earlier report, much longer than...\n");
    dr_error err = {0};
    CHECK(dr_solve_report_write(dir, &s, DR_LANG_EN, &err) == DR_OK);
    char *t = report(dir);
    CHECK(has(t, "# Solve: what it takes to keep P(breach by 2029) at or "
                 "below 30.0%\n\n"));
    CHECK(t && strncmp(t, "# Solve:", 8) == 0 && !strstr(t, "earlier"));
    /* the tolerance 0.0003 is 0.03 points */
    CHECK(has(t, "- Lever: primary spending cut (`--lever spending`), "
                 "searched from 0.0% to 30.0% to within 0.03 points, each "
                 "county alone, 2025–2029; 2,000 paths a run, seed 7, 14 "
                 "runs in all; on top of the scenario `baseline`.\n"));
    CHECK(has(t, "**2 of 4 counties must act to meet the target, 1 meet it "
                 "already, and 1 cannot within the range.**\n"));
    /* the solved by effort, b before a; then the unreachable, the met, the
     * measure that rose */
    static const char *const brief[] = {
        "\n- Bee must spend 12.5% less on primary spending in each year "
        "2025–2029 (against its path) to keep P(breach by 2029) at or below "
        "30.0% (now 60.0%; with it 30.0% ± 1.0%).\n",
        "\n- " A_NAME " must spend 5.0% less on primary spending in each "
        "year 2025–2029 (against its path) to keep P(breach by 2029) at or "
        "below 30.0% (now 45.0%; with it 29.0% ± 1.0%).\n",
        "\n- Dee cannot within the range: even at 30.0%, P(breach by 2029) "
        "stays at 60.0% (now 80.0%).\n",
        "\n- Meeting it already: Sea.\n",
        "\n- For " A_NAME " the measure did not fall steadily as the lever "
        "rose (the scan found it rising somewhere)",
        "## Every county\n\n| county | status | lever | now | with it | ± |\n"
        "|---|---|---:|---:|---:|---:|\n",
        /* the table by effort: d 30%, b 12.5%, a 5%, c 0 */
        "| Dee | not reachable | 30.0% | 80.0% | 60.0% | 1.1% |\n",
        "| Bee | solved | 12.5% | 60.0% | 30.0% | 1.0% |\n",
        "| " A_NAME " | solved | 5.0% | 45.0% | 29.0% | 1.0% |\n",
        "| Sea | met already | 0.0% | 20.0% | 20.0% | 0.9% |\n\n",
        "## Method\n\n- Every run draws the same random numbers (seed 7)",
        "\n- A scan of 5 points over the range finds each county's bracket; "
        "then every county's bracket is halved in the same run, down to the "
        "tolerance: 14 runs in all, where one search per county would take "
        "about 4 times as many.",
        "\n- `solved/scenario.ini` is the package as a scenario file",
        "\n- Numbers: `solve.csv`; every output of both runs in `baseline/` "
        "and `solved/`.\n"};
    CHECK(in_order(t, brief, sizeof brief / sizeof brief[0]));
    /* the names only escaped; no charts drawn, none linked */
    CHECK(t && !strstr(t, "A_b") && !strstr(t, "## Charts") &&
          !strstr(t, "!["));
    CHECK(!exists(scratch_path("en/solve.md.tmp")));
    free(t);

    /* the pictures drawn are linked, a PNG before an SVG */
    mkdir(scratch_path("en/charts"), 0777);
    scratch_put("en/charts/solve_effort.png", "");
    scratch_put("en/charts/solve_city.svg", "");
    scratch_put("en/charts/solve_city.png", "");
    CHECK(dr_solve_report_write(dir, &s, DR_LANG_EN, &err) == DR_OK);
    t = report(dir);
    static const char *const charts[] = {
        "\n## Charts\n\n",
        "![The effort each county needs](charts/solve_effort.png)\n\n",
        "![The city before and after the package](charts/solve_city.png)\n\n",
        "## Method"};
    CHECK(in_order(t, charts, 4));
    free(t);
    remove(scratch_path("en/charts/solve_effort.png"));
    remove(scratch_path("en/charts/solve_city.png"));
    CHECK(dr_solve_report_write(dir, &s, DR_LANG_EN, &err) == DR_OK);
    t = report(dir);
    CHECK(has(t, "## Charts\n\n![The city before and after the package]"
                 "(charts/solve_city.svg)\n") &&
          !strstr(t, "solve_effort"));
    free(t);
    free(dir);
}

static void county_chinese(void)
{
    dr_solve s = county_solve();
    char *t = written("zh", &s, DR_LANG_ZH);
    CHECK(has(t,
              "# 求解：使至 2029 年突破警戒线的概率不高于 30.0% 需要做什么\n"));
    /* the years after a Chinese comma */
    CHECK(has(t,
              "- 政策工具：一般性支出压减（`--lever spending`），在 0.0% 至 "
              "30.0% 范围内搜索，精度 0.03 个百分点，各县（市、区）分别求解，"
              "2025–2029；每次模拟 2000 条路径，随机种子 7，共 14 次模拟；"
              "在情景 `baseline` 之上。\n"));
    CHECK(has(t, "**4 个县（市、区）中，2 个需要采取措施才能达标，1 "
                 "个已经达标，1 个在给定范围内无法达标。**\n"));
    static const char *const brief[] = {
        "\n- Bee需在 2025—2029 年每年将一般性支出在原路径基础上压减 "
        "12.5%，才能使至 2029 年突破警戒线的概率不高于 30.0%（目前为 "
        "60.0%；实施后为 30.0% ± 1.0%）。\n",
        "\n- " A_NAME "需在 2025—2029 年每年将一般性支出在原路径基础上压减 "
        "5.0%，",
        "\n- Dee在给定范围内无法达标：即使取 30.0%，至 2029 "
        "年突破警戒线的概率仍为 60.0%（目前为 80.0%）。\n",
        "\n- 已经达标：Sea。\n",
        "\n- " A_NAME "的指标并未随力度加大而单调下降",
        "## 各县（市、区）\n\n| 县（市、区） | 状态 | 力度 | 目前 | 实施后 | ± "
        "|\n",
        "| Dee | 无法达成 | 30.0% | 80.0% | 60.0% | 1.1% |\n",
        "| Bee | 可达成 | 12.5% |",
        "| Sea | 已达标 | 0.0% |",
        "## 方法\n\n- 每次模拟使用相同的随机数（种子 7）",
        "共 14 次模拟，而逐县求解约需 4 倍。"};
    CHECK(in_order(t, brief, sizeof brief / sizeof brief[0]));
    CHECK(t && !strstr(t, "must") && !strstr(t, "Every county"));
    free(t);

    /* several met: listed with the language's separators */
    dr_solve_row met[4] = {
        {0, 0.1, 0.01, 0.1, DR_MET, 0},
        {0, 0.1, 0.01, 0.1, DR_MET, 0},
        {0, 0.1, 0.01, 0.1, DR_MET, 0},
        {0.1, 0.3, 0.01, 0.4, DR_SOLVED, 0},
    };
    s.row = met;
    t = written("zh-met", &s, DR_LANG_ZH);
    CHECK(has(t, "\n- 已经达标：" A_NAME "、Bee、Sea。\n"));
    free(t);
    t = written("en-met", &s, DR_LANG_EN);
    CHECK(has(t, "\n- Meeting it already: " A_NAME ", Bee and Sea.\n"));
    CHECK(has(t, "**1 of 4 counties must act to meet the target, 3 meet it "
                 "already, and 0 cannot within the range.**\n"));
    free(t);
}

/* One value for all: the city's row, by status. */
static void city(void)
{
    dr_solve_row row = {0.075, 1.95, 0.05, 3.1, DR_SOLVED, 0};
    dr_solve s = county_solve();
    s.city_scope = 1;
    s.nrows = 1;
    s.row = &row;
    s.lever.kind = DR_LEVER_REVENUE;
    snprintf(s.lever.text, sizeof s.lever.text, "revenue");
    s.target = (dr_target){.kind = DR_TG_COUNTIES_ABOVE_END,
                           .year = 2029,
                           .t = 5,
                           .bound = 2,
                           .city = 1,
                           .text = "counties_above_end<=2"};
    char *t = written("city", &s, DR_LANG_EN);
    /* a count of counties: two decimals, not a percent */
    CHECK(has(t, "# Solve: what it takes to keep the expected number of "
                 "counties above the line in 2029 at or below 2.00\n"));
    CHECK(has(t, "searched from 0.0% to 30.0% to within 0.03 points, one "
                 "value for every county together, 2025–2029;"));
    CHECK(has(t, "**The city meets the target with one value for every "
                 "county: 7.5%.**\n"));
    CHECK(has(t, "\n- the city must raise own revenue 7.5% above its path "
                 "in each year 2025–2029 to keep the expected number of "
                 "counties above the line in 2029 at or below 2.00 (now "
                 "3.10; with it 1.95 ± 0.05).\n"));
    CHECK(has(t, "| the city | solved | 7.5% | 3.10 | 1.95 | 0.05 |\n"));
    /* no search of county after county to tell of */
    CHECK(t && !strstr(t, "A scan of 5 points") &&
          !strstr(t, "counties must") && !strstr(t, "Bee"));
    free(t);
    t = written("city-zh", &s, DR_LANG_ZH);
    CHECK(has(t, "**全市统一取值 7.5% 即可达标。**\n"));
    CHECK(has(t, "\n- 全市需在 2025—2029 年每年将一般公共预算收入在原路径基础上"
                 "提高 7.5%，才能使2029 年高于警戒线的县（市、区）数（期望）"
                 "不高于 2.00（目前为 3.10；实施后为 1.95 ± 0.05）。\n"));
    CHECK(has(t, "| 全市 | 可达成 | 7.5% | 3.10 | 1.95 | 0.05 |\n"));
    free(t);

    row = (dr_solve_row){0.0, 1.5, 0.05, 1.5, DR_MET, 0};
    t = written("city-met", &s, DR_LANG_EN);
    CHECK(has(t, "**The city meets the target already, with no change.**\n"));
    CHECK(t && !strstr(t, "Meeting it already") && !strstr(t, "must"));
    free(t);
    t = written("city-met-zh", &s, DR_LANG_ZH);
    CHECK(has(t, "**全市无需调整即已达标。**\n"));
    free(t);

    row = (dr_solve_row){0.3, 2.5, 0.05, 3.1, DR_NOT_REACHABLE, 0};
    t = written("city-no", &s, DR_LANG_EN);
    CHECK(has(t, "**The city cannot meet the target within the range: even "
                 "30.0% leaves it at 2.50.**\n"));
    CHECK(has(t, "\n- the city cannot within the range: even at 30.0%, the "
                 "expected number of counties above the line in 2029 stays "
                 "at 2.50 (now 3.10).\n"));
    free(t);
    t = written("city-no-zh", &s, DR_LANG_ZH);
    CHECK(has(t, "**全市在给定范围内无法达标：即使取 30.0%，仍为 2.50。**\n"));
    free(t);
}

/* The other levers' words; a deterministic run has no ± and no seed. */
static void levers(void)
{
    dr_solve s = county_solve();
    dr_solve_row r[4] = {
        {0.85, 1.2, NAN, 1.4, DR_SOLVED, 0},
        {1.0, 1.1, NAN, 1.1, DR_MET, 0},
        {1.0, 1.0, NAN, 1.0, DR_MET, 0},
        {0.7, 1.3, NAN, 1.5, DR_NOT_REACHABLE, 0},
    };
    s.row = r;
    s.deterministic = 1;
    s.paths = 1;
    s.runs = 9;
    s.lever = (dr_lever){.kind = DR_LEVER_ADJUST,
                         .var = DR_ADJ_LAND_REVENUE,
                         .op = DR_OP_MUL,
                         .lo = 1.0,
                         .hi = 0.7,
                         .tol = 0.001,
                         .year_from = 2026,
                         .year_to = 2028,
                         .text = "adjust:land_revenue:mul"};
    s.target = (dr_target){.kind = DR_TG_BROAD,
                           .year = 2029,
                           .t = 5,
                           .bound = 1.2,
                           .text = "broad@2029<=1.2"};
    char *t = written("adjust", &s, DR_LANG_EN);
    CHECK(has(t, "# Solve: what it takes to keep the debt ratio in 2029 "
                 "(deterministic) at or below 120.0%\n"));
    CHECK(has(t, "- Lever: adjustment (`--lever adjust:land_revenue:mul`), "
                 "searched from 1 to 0.7 to within 0.001, each county alone, "
                 "2026–2028; 1 paths a run"));
    /* efforts from lo: d |0.7 - 1| first, a |0.85 - 1| next */
    static const char *const order[] = {
        "\n- " A_NAME " needs land_revenue mul 0.85 in 2026–2028 to keep the "
        "debt ratio in 2029 (deterministic) at or below 120.0% (now 140.0%; "
        "with it 120.0%).\n",
        "\n- Dee cannot within the range: even at 0.7, the debt ratio in 2029 "
        "(deterministic) stays at 130.0% (now 150.0%).\n",
        "\n- Meeting it already: Bee and Sea.\n",
        "| Dee | not reachable | 0.7 | 150.0% | 130.0% | – |\n",
        "| " A_NAME " | solved | 0.85 | 140.0% | 120.0% | – |\n",
        "| Bee | met already | 1 |"};
    CHECK(in_order(t, order, sizeof order / sizeof order[0]));
    CHECK(t && !strstr(t, "% ± ") && !strstr(t, "random numbers") &&
          !strstr(t, "(seed"));
    free(t);
    t = written("adjust-zh", &s, DR_LANG_ZH);
    CHECK(has(t, "\n- " A_NAME "需在 2026—2028 年对 land_revenue 施加 mul "
                 "0.85，才能使2029 年广义债务率（确定性）不高于 120.0%（目前为 "
                 "140.0%；实施后为 120.0%）。\n"));
    free(t);

    /* a model key: no years; a county's own section in words */
    s.lever = (dr_lever){.kind = DR_LEVER_SET,
                         .lo = 0.0,
                         .hi = -0.02,
                         .tol = 0.00002,
                         .county_key = 1,
                         .year_from = 2025,
                         .year_to = 2029,
                         .section = "defaults",
                         .key = "spending.mu",
                         .text = "set:defaults.spending.mu"};
    r[0].value = -0.0125;
    r[3].value = -0.02;
    r[1].value = r[2].value = 0.0;
    t = written("set", &s, DR_LANG_EN);
    CHECK(has(t,
              "- Lever: model key (`--lever set:defaults.spending.mu`), "
              "searched from 0 to -0.02 to within 2e-05, each county alone;"));
    CHECK(has(t, "\n- " A_NAME " needs `county.ID.spending.mu = -0.0125` to "
                 "keep the debt ratio in 2029"));
    free(t);
    s.city_scope = 1;
    s.nrows = 1;
    s.lever.section[0] = '\0';
    snprintf(s.lever.section, sizeof s.lever.section, "rates");
    snprintf(s.lever.key, sizeof s.lever.key, "hidden_spread");
    t = written("set-city", &s, DR_LANG_EN);
    CHECK(has(t, "\n- the city needs `rates.hidden_spread = -0.0125` to keep"));
    free(t);

    /* a swap: the share a year */
    s = county_solve();
    s.lever.kind = DR_LEVER_SWAP;
    s.lever.hi = 1.0 / 3.0;
    s.lever.year_to = 2027;
    snprintf(s.lever.text, sizeof s.lever.text, "swap");
    t = written("swap", &s, DR_LANG_EN);
    CHECK(has(t, "- Lever: hidden debt swapped a year (`--lever swap`), "
                 "searched from 0.0% to 33.3% to within 0.03 points, each "
                 "county alone, 2025–2027;"));
    CHECK(has(t, "\n- Bee must swap 12.5% of its base-year hidden debt a "
                 "year in 2025–2027 to keep P(breach by 2029)"));
    free(t);
}

static void refusals(void)
{
    dr_solve s = county_solve();
    char *dir = scratch_dup_path("bad");
    mkdir(dir, 0777);
    dr_error err = {0};
    CHECK(!exists(scratch_path("bad/solve.md")) &&
          !exists(scratch_path("bad/solve.md.tmp")));
    char *none = scratch_dup_path("none");
    char tmp[700];
    snprintf(tmp, sizeof tmp, "%s/solve.md.tmp", none);
    CHECK(err_is(dr_solve_report_write(none, &s, DR_LANG_EN, &err), &err,
                 DR_EIO, tmp, 0, 0, "cannot write"));
    CHECK(!exists(none));
    free(none);
    free(dir);
}

int main(void)
{
    if (scratch_open("report_solve") != 0)
        return 1;
    county_english();
    county_chinese();
    city();
    levers();
    refusals();
    scratch_close();
    return check_done();
}
