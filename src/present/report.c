#define _GNU_SOURCE /* qsort_r, open_memstream */
#include "present/report.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "present/briefing.h"
#include "present/mdtext.h"

/* Every sentence of the report in both languages, side by side. The
 * entries take their arguments in the same order in both languages and
 * use positional conversions (%1$s) where the word order differs. */
typedef enum rtext_id {
    RX_TITLE,
    RX_SCENARIO,
    RX_HEAD_SOME,
    RX_HEAD_ONE,
    RX_HEAD_NONE,
    RX_HEAD_DET,
    RX_HEAD_DET_ONE,
    RX_HEAD_DET_NONE,
    RX_HEAD_BREACH,
    RX_HEAD_BREACH_DET,
    RX_AND,
    RX_COMMA,
    RX_SEC_COUNTIES,
    RX_TABLE_HEAD,
    RX_CITY_ROW,
    RX_IN_YEAR,
    RX_SEC_CITY,
    RX_CITY_LINE,
    RX_CITY_COUNT,
    RX_CITY_TABLE_HEAD,
    RX_SEC_CHARTS,
    RX_CH_RANKING,
    RX_CH_HEATMAP,
    RX_CH_GRADES,
    RX_CH_ABOVE,
    RX_CH_CITY,
    RX_CH_FANS,
    RX_SEC_METHOD,
    RX_M_MODEL,
    RX_M_MC,
    RX_M_DET,
    RX_M_VERSION,
    RX_M_DEF,
    RX_M_FILES,
    RX_PAREN,
    RX_GREEN,
    RX_YELLOW,
    RX_ORANGE,
    RX_RED,
    RX_RV_TITLE,
    RX_RV_TITLE_ONE,
    RX_RV_RUN,
    RX_RV_RUN_DET,
    RX_RV_HEAD,
    RX_RV_HEAD_NONE,
    RX_RV_HEAD_DET_ABOVE,
    RX_RV_HEAD_DET_BELOW,
    RX_RV_SEC_BASE,
    RX_RV_BASE_LINK,
    RX_RV_SEC_SCEN,
    RX_RV_SCEN_HEAD,
    RX_RV_BASE_DESC,
    RX_RV_SEC_CITY,
    RX_RV_CITY_HEAD,
    RX_RV_SEC_MOVES,
    RX_RV_MOVES_INTRO,
    RX_RV_MOVES_HEAD,
    RX_RV_NO_CHANGE,
    RX_RV_SEC_COUNTY,
    RX_RV_COUNTY_HEAD,
    RX_RV_SEC_CHARTS,
    RX_RV_CH_BREACH,
    RX_RV_CH_CITY,
    RX_RV_CH_EACH,
    RX_RV_REPORT,
    RX_RV_RANKING,
    RX_RV_FAN_CITY,
    RX_RV_M_CRN,
    RX_RV_M_BREACH,
    RX_RV_M_FILES,
    RX_PTS,
    RX_SN_TITLE,
    RX_SN_RUN,
    RX_SN_RUN_DET,
    RX_SN_HEAD,
    RX_SN_HEAD_FLAT,
    RX_SN_ITEM,
    RX_THE_CITY,
    RX_CITY_CAP,
    RX_RISKIEST,
    RX_SN_SEC_VARIED,
    RX_SN_VARIED_INTRO,
    RX_SN_VARIED_HEAD,
    RX_SN_SEC_CHARTS,
    RX_SN_M_ONE,
    RX_SN_M_FILES,
    RX_COUNT
} rtext_id;

static const char *const rtexts[RX_COUNT][2] = {
    [RX_TITLE] = {"# Debt risk briefing: ", "# 债务风险简报："},
    [RX_SCENARIO] = {"- Scenario: ", "- 情景："},
    [RX_HEAD_SOME] =
        {"**%1$zu of %2$zu counties are likely (probability at least 50%%) to "
         "be above the warning line (%3$s) in %4$ld: %5$s.**",
         "**%4$ld 年，%2$zu 个县（市、区）中有 %1$zu 个很可能（概率不低于 "
         "50%%）高于警戒线（%3$s）：%5$s。**"},
    [RX_HEAD_ONE] =
        {"**%1$zu of %2$zu counties is likely (probability at least 50%%) to "
         "be above the warning line (%3$s) in %4$ld: %5$s.**",
         "**%4$ld 年，%2$zu 个县（市、区）中有 %1$zu 个很可能（概率不低于 "
         "50%%）高于警戒线（%3$s）：%5$s。**"},
    [RX_HEAD_NONE] =
        {"**None of the %1$zu counties is likely to be above the warning "
         "line (%2$s) in %3$ld;** the most exposed is %4$s, with a "
         "probability of %5$s.",
         "**%3$ld 年，%1$zu 个县（市、区）均不太可能高于警戒线（%2$s）；**"
         "风险最高的是%4$s，概率为 %5$s。"},
    [RX_HEAD_DET] =
        {"**In the deterministic projection %1$zu of %2$zu counties are above "
         "the warning line (%3$s) in %4$ld: %5$s.**",
         "**确定性预测中，%4$ld 年 %2$zu 个县（市、区）中有 %1$zu 个高于警戒线"
         "（%3$s）：%5$s。**"},
    [RX_HEAD_DET_ONE] =
        {"**In the deterministic projection %1$zu of %2$zu counties is above "
         "the warning line (%3$s) in %4$ld: %5$s.**",
         "**确定性预测中，%4$ld 年 %2$zu 个县（市、区）中有 %1$zu 个高于警戒线"
         "（%3$s）：%5$s。**"},
    [RX_HEAD_DET_NONE] =
        {"**In the deterministic projection none of the %1$zu counties is "
         "above the warning line (%2$s) in %3$ld.**",
         "**确定性预测中，%3$ld 年 %1$zu 个县（市、区）均未高于警戒线"
         "（%2$s）。**"},
    [RX_HEAD_BREACH] =
        {"Counties with an even or better chance of breaching the line in at "
         "least one year up to %2$ld: %1$zu.",
         "至 %2$ld 年至少有一年突破警戒线的概率不低于 50%% 的县（市、区）："
         "%1$zu 个。"},
    [RX_HEAD_BREACH_DET] =
        {"Counties above the line in at least one year up to %2$ld: %1$zu.",
         "至 %2$ld 年至少有一年高于警戒线的县（市、区）：%1$zu 个。"},
    [RX_AND] = {" and ", "、"},
    [RX_COMMA] = {", ", "、"},
    [RX_SEC_COUNTIES] = {"## Counties by risk", "## 各县（市、区）风险排序"},
    [RX_TABLE_HEAD] =
        {"| County | %1$ld (data) | Median %2$ld | 10–90%% range %2$ld | "
         "P(breach by %2$ld) ± se | First year P ≥ 50%% | Most likely grade "
         "%2$ld |",
         "| 县（市、区） | %1$ld 年（数据） | %2$ld 年中位数 | %2$ld 年 "
         "10–90%% "
         "区间 | 至 %2$ld 年突破概率 ± 标准误 | 概率首次 ≥ 50%% 的年份 | "
         "%2$ld 年最可能等级 |"},
    [RX_CITY_ROW] = {"**City (all counties)**", "**全市合计**"},
    [RX_IN_YEAR] = {" (in %ld)", "（%ld 年）"},
    [RX_SEC_CITY] = {"## The city", "## 全市"},
    [RX_CITY_LINE] =
        {"The city as a whole (total debt over total resources): a median "
         "broad debt ratio of %1$s in %2$ld, from %3$s in %4$ld, with a "
         "10–90%% range of %5$s–%6$s; %7$s counties expected above the line.",
         "全市合计（债务总额 / 综合财力总额）：%2$ld 年广义债务率中位数为 "
         "%1$s（%4$ld 年为 %3$s），10–90%% 区间 %5$s–%6$s；预计 %7$s 个县"
         "（市、区）高于警戒线。"},
    [RX_CITY_COUNT] =
        {"The most likely number of counties above the line in %3$ld is "
         "%1$zu (probability %2$s).",
         "%3$ld 年高于警戒线的县（市、区）个数最可能为 %1$zu 个（概率 "
         "%2$s）。"},
    [RX_CITY_TABLE_HEAD] =
        {"| Year | City median | 10–90%% range | P(city above %1$s) | Counties "
         "above (expected) |",
         "| 年份 | 全市中位数 | 10–90%% 区间 | 全市高于 %1$s 的概率 | "
         "高于警戒线的县（市、区）个数（期望） |"},
    [RX_SEC_CHARTS] = {"## Charts", "## 图表"},
    [RX_CH_RANKING] = {"### Probability of a breach by %ld",
                       "### 至 %ld 年突破警戒线的概率"},
    [RX_CH_HEATMAP] = {"### Probability above the line, by county and year",
                       "### 各年各县（市、区）高于警戒线的概率"},
    [RX_CH_GRADES] = {"### Grades in %ld", "### %ld 年债务率等级"},
    [RX_CH_ABOVE] = {"### Counties above the line",
                     "### 高于警戒线的县（市、区）个数"},
    [RX_CH_CITY] = {"### The city", "### 全市"},
    [RX_CH_FANS] = {"### Counties", "### 各县（市、区）"},
    [RX_SEC_METHOD] = {"## Method", "## 方法说明"},
    [RX_M_MODEL] = {"- Model file: `%s` (every key in force: `model.ini`)",
                    "- 模型文件：`%s`（生效的全部参数见 `model.ini`）"},
    [RX_M_MC] = {"- Monte Carlo simulation: %s paths, seed %s",
                 "- 蒙特卡洛模拟：%s 条路径，随机种子 %s"},
    [RX_M_DET] = {"- Deterministic projection: every random shock at its "
                  "mean (one path)",
                  "- 确定性预测：所有随机冲击取均值（单一路径）"},
    [RX_M_VERSION] = {"- debtrisk %s; command: `%s`",
                      "- debtrisk %s；命令：`%s`"},
    [RX_M_DEF] =
        {"- Broad debt ratio (广义债务率) = (explicit + hidden debt) / net "
         "comprehensive fiscal resources. A county breaches the warning line "
         "(%1$s) when its ratio is above it in at least one projected year; "
         "± is one Monte Carlo standard error, √(p(1−p)/N). Grades: green "
         "below %2$s, yellow from %2$s, orange from %3$s, red from %4$s.",
         "- 广义债务率 =（显性债务 + 隐性债务）/ 综合财力。任一预测年份债务率"
         "高于警戒线（%1$s）即为突破；± 为一个蒙特卡洛标准误 √(p(1−p)/N)。"
         "等级：低于 %2$s 为绿色，%2$s 起为黄色，%3$s 起为橙色，%4$s 起为红"
         "色。"},
    [RX_M_FILES] = {"- Numbers: `summary.csv`, `ratios.csv`, `grades.csv`, "
                    "`city.csv` and `city_counts.csv` in this folder; how the "
                    "run was made: `run.ini`.",
                    "- 数据：本文件夹中的 `summary.csv`、`ratios.csv`、"
                    "`grades.csv`、`city.csv`、`city_counts.csv`；运行信息见 "
                    "`run.ini`。"},
    [RX_PAREN] = {" (%s)", "（%s）"},
    [RX_GREEN] = {"green", "绿色"},
    [RX_YELLOW] = {"yellow", "黄色"},
    [RX_ORANGE] = {"orange", "橙色"},
    [RX_RED] = {"red", "红色"},
    [RX_RV_TITLE] = {"# Annual review: the baseline and %zu scenarios",
                     "# 年度评审：基准与 %zu 个情景"},
    [RX_RV_TITLE_ONE] = {"# Review: the baseline and %zu scenario",
                         "# 评审：基准与 %zu 个情景"},
    [RX_RV_RUN] = {"Every scenario on the same %1$s simulated paths (seed "
                   "%2$s), %3$ld to %4$ld; warning line %5$s.",
                   "所有情景使用相同的 %1$s 条模拟路径（随机种子 %2$s），"
                   "%3$ld—%4$ld 年；警戒线 %5$s。"},
    [RX_RV_RUN_DET] = {"Deterministic projections (every shock at its mean), "
                       "%3$ld to %4$ld; warning line %5$s.",
                       "确定性预测（冲击取均值），%3$ld—%4$ld 年；警戒线 "
                       "%5$s。"},
    [RX_RV_HEAD] = {"**For the city as a whole, the probability of a breach "
                    "by %1$ld is %2$s in the baseline. %3$s raises it most "
                    "(%4$s points), %5$s lowers it most (%6$s points).**",
                    "**全市合计，基准情景下至 %1$ld 年突破警戒线的概率为 "
                    "%2$s。%3$s使其上升最多（%4$s 个百分点），%5$s使其下降最多"
                    "（%6$s 个百分点）。**"},
    [RX_RV_HEAD_NONE] = {"**For the city as a whole, the probability of a "
                         "breach by %1$ld is %2$s in the baseline.**",
                         "**全市合计，基准情景下至 %1$ld 年突破警戒线的概率为 "
                         "%2$s。**"},
    [RX_RV_HEAD_DET_ABOVE] = {"**In the deterministic projection of the "
                              "baseline, the city as a whole is above the "
                              "warning line in some year up to %1$ld.**",
                              "**基准情景的确定性预测中，全市合计在 %1$ld 年前"
                              "至少有一年高于警戒线。**"},
    [RX_RV_HEAD_DET_BELOW] = {"**In the deterministic projection of the "
                              "baseline, the city as a whole stays below the "
                              "warning line up to %1$ld.**",
                              "**基准情景的确定性预测中，全市合计至 %1$ld 年"
                              "始终低于警戒线。**"},
    [RX_RV_SEC_BASE] = {"## The baseline", "## 基准情景"},
    [RX_RV_BASE_LINK] = {"The full briefing of the baseline: [%s](%s).",
                         "基准情景完整简报：[%s](%s)。"},
    [RX_RV_SEC_SCEN] = {"## The scenarios", "## 情景一览"},
    [RX_RV_SCEN_HEAD] = {"| Scenario | Title | What it changes | Briefing |\n"
                         "|---|---|---|---|",
                         "| 情景 | 名称 | 内容 | 简报 |\n|---|---|---|---|"},
    [RX_RV_BASE_DESC] = {"The model as it stands, with no scenario.",
                         "现行模型，不加任何情景。"},
    [RX_RV_SEC_CITY] = {"## The city under each scenario", "## 各情景下的全市"},
    [RX_RV_CITY_HEAD] =
        {"| Scenario | P(breach by %1$ld) | Change ± se, points | Median "
         "%1$ld | Change of the median, points |\n|---|---:|---:|---:|---:|",
         "| 情景 | 至 %1$ld 年突破概率 | 变化 ± 标准误（百分点） | %1$ld 年"
         "中位数 | 中位数变化（百分点） |\n|---|---:|---:|---:|---:|"},
    [RX_RV_SEC_MOVES] = {"## Which counties each scenario moves most",
                         "## 各情景影响最大的县（市、区）"},
    [RX_RV_MOVES_INTRO] =
        {"Change of P(breach by %ld) against the baseline, in points, ± its "
         "paired standard error; the three largest changes of each "
         "scenario.",
         "至 %ld 年突破概率相对基准的变化（百分点）± 配对标准误；每个情景列出"
         "变化最大的三个。"},
    [RX_RV_MOVES_HEAD] = {"| Scenario | Counties moved most |\n|---|---|",
                          "| 情景 | 影响最大的县（市、区） |\n|---|---|"},
    [RX_RV_NO_CHANGE] = {"no county changes", "各县（市、区）均无变化"},
    [RX_RV_SEC_COUNTY] = {"## The scenario that hurts and helps each county "
                          "most",
                          "## 对各县（市、区）最不利和最有利的情景"},
    [RX_RV_COUNTY_HEAD] =
        {"| County | Baseline P(breach by %1$ld) | Hurts most (points ± se) | "
         "Helps most (points ± se) |\n|---|---:|---|---|",
         "| 县（市、区） | 基准至 %1$ld 年突破概率 | 最不利（百分点 ± 标准误） "
         "| "
         "最有利（百分点 ± 标准误） |\n|---|---:|---|---|"},
    [RX_RV_SEC_CHARTS] = {"## Charts", "## 图表"},
    [RX_RV_CH_BREACH] = {"### P(breach by %ld) under each scenario",
                         "### 各情景下至 %ld 年突破警戒线的概率"},
    [RX_RV_CH_CITY] = {"### The city's median debt ratio under each scenario",
                       "### 各情景下全市广义债务率中位数"},
    [RX_RV_CH_EACH] = {"### Each scenario's own briefing and charts",
                       "### 各情景的简报与图表"},
    [RX_RV_REPORT] = {"briefing", "简报"},
    [RX_RV_RANKING] = {"counties by risk", "各县风险排序"},
    [RX_RV_FAN_CITY] = {"the city", "全市"},
    [RX_RV_M_CRN] =
        {"- Every scenario runs on the same random draws, path by path "
         "(common random numbers), so a difference between scenarios comes "
         "from the scenario, not from chance; a scenario that changes "
         "nothing gives changes of exactly zero. ± is the paired standard "
         "error of a change, from the per-path differences; a change within "
         "about two standard errors of zero may be noise.",
         "- 所有情景逐条路径使用相同的随机抽样（共同随机数），情景之间的差异"
         "来自情景本身而非随机误差；不作任何改变的情景，变化恰为零。± 为变化的"
         "配对标准误（由逐路径差值算得）；在零附近两倍标准误以内的变化可能只是"
         "噪声。"},
    [RX_RV_M_BREACH] =
        {"- A breach: the broad debt ratio above the warning line (%1$s) in "
         "at least one year up to %2$ld. For the city, its total debt over "
         "its total resources.",
         "- 突破：至 %2$ld 年广义债务率至少有一年高于警戒线（%1$s）。全市为"
         "债务总额除以综合财力总额。"},
    [RX_RV_M_FILES] = {"- Numbers: `compare.csv`, and every file of each "
                       "scenario's folder.",
                       "- 数据：`compare.csv` 以及各情景文件夹中的文件。"},
    [RX_PTS] = {"%s ± %s", "%s ± %s"},
    [RX_SN_TITLE] = {"# Sensitivity: which assumptions matter",
                     "# 敏感性分析：哪些假设最重要"},
    [RX_SN_RUN] =
        {"Each of %1$zu parameters set alone to a low and a high value, the "
         "others as in the model; every run on the same %2$s simulated paths "
         "(seed %3$s), so a change comes from the parameter. Scenario: %4$s; "
         "%5$ld to %6$ld; warning line %7$s.",
         "%1$zu 个参数逐一取低值和高值，其余参数保持不变；所有运行使用相同的 "
         "%2$s 条模拟路径（随机种子 %3$s），变化来自参数本身。情景：%4$s；"
         "%5$ld—%6$ld 年；警戒线 %7$s。"},
    [RX_SN_RUN_DET] =
        {"Each of %1$zu parameters set alone to a low and a high value, the "
         "others as in the model; deterministic projections (every shock at "
         "its mean). Scenario: %4$s; %5$ld to %6$ld; warning line %7$s.",
         "%1$zu 个参数逐一取低值和高值，其余参数保持不变；确定性预测（冲击取"
         "均值）。情景：%4$s；%5$ld—%6$ld 年；警戒线 %7$s。"},
    [RX_SN_HEAD] = {"**For %1$s, the probability of a breach by %2$ld (%3$s "
                    "at the base) moves most with %4$s.**",
                    "**%1$s至 %2$ld 年突破警戒线的概率（基准 %3$s）受%4$s影响"
                    "最大。**"},
    [RX_SN_HEAD_FLAT] = {"**For %1$s, the probability of a breach by %2$ld "
                         "(%3$s at the base) does not move with any of these "
                         "parameters.**",
                         "**%1$s至 %2$ld 年突破警戒线的概率（基准 %3$s）不受"
                         "这些参数影响。**"},
    [RX_SN_ITEM] = {"%1$s (%2$s at %3$s, %4$s at %5$s)",
                    "%1$s（取 %3$s 时 %2$s，取 %5$s 时 %4$s）"},
    [RX_THE_CITY] = {"the city", "全市"},
    [RX_CITY_CAP] = {"The city", "全市"},
    [RX_RISKIEST] = {"%s, the riskiest county", "风险最高的%s"},
    [RX_SN_SEC_VARIED] = {"## What was varied", "## 参数设置与结果"},
    [RX_SN_VARIED_INTRO] = {"Probability of a breach at each setting; in "
                            "brackets, the change against the base in "
                            "points. Largest swing for the city first.",
                            "各取值下的突破概率；括号内为相对基准的变化（百分"
                            "点）。按对全市影响从大到小排列。"},
    [RX_SN_VARIED_HEAD] =
        {"| Parameter | Key | Low | High | City at low | City at high | %1$s "
         "at low | %1$s at high |\n|---|---|---:|---:|---:|---:|---:|---:|",
         "| 参数 | 键 | 低值 | 高值 | 全市（低值） | 全市（高值） | %1$s"
         "（低值） | %1$s（高值） |\n|---|---|---:|---:|---:|---:|---:|---:|"},
    [RX_SN_SEC_CHARTS] = {"## Tornado charts", "## 龙卷风图"},
    [RX_SN_M_ONE] =
        {"- Low and high: a signed number (+0.01) shifts the model's value "
         "(+0.01 is one point more), ×0.5 multiplies it, a plain number is "
         "the value itself. The probabilities are of a breach by %ld: the "
         "broad debt ratio above the warning line in at least one year; in "
         "brackets, the change against the base in points.",
         "- 低值、高值：带符号的数（+0.01）为对模型取值的增减（+0.01 即高一个"
         "百分点），×0.5 为倍数，不带符号的数为取值本身。概率为至 %ld 年至少有"
         "一年广义债务率高于警戒线的概率；括号内为相对基准的变化（百分点）。"},
    [RX_SN_M_FILES] = {"- Numbers: `sensitivity.csv`; the base run: "
                       "[baseline/report.md](baseline/report.md).",
                       "- 数据：`sensitivity.csv`；基准运行："
                       "[baseline/report.md](baseline/report.md)。"},
};

typedef struct report {
    const dr_briefing *b;
    int zh;
    FILE *f;
    int *nomem; /* set when a text could not be made: the report fails */
} report;

static void lost(const report *r)
{
    if (r->nomem)
        *r->nomem = 1;
}

static const char *rt(const report *r, rtext_id id)
{
    return rtexts[id][r->zh];
}

static void say(const report *r, rtext_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    vfprintf(r->f, rtexts[id][r->zh], ap);
    va_end(ap);
}

/* As say, into buf. */
static const char *sayb(const report *r, char *buf, size_t n, rtext_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    vsnprintf(buf, n, rtexts[id][r->zh], ap);
    va_end(ap);
    return buf;
}

static const char *pct(char buf[32], double v)
{
    return dr_fmt_pct(buf, v);
}

static const char *line_pct(char buf[32], double v)
{
    return dr_fmt_pct_line(buf, v);
}

static const char *count(const report *r, char buf[32], long v)
{
    return dr_fmt_count(buf, v, r->zh);
}

/* Names of counties[k] for k in idx[0..n), joined as "A, B and C" (or
 * "A、B、C"), Markdown-escaped, written to a new string. */
static char *name_list(const report *r, const size_t *idx, size_t n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    if (!f)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            fputs(k + 1 == n ? rt(r, RX_AND) : rt(r, RX_COMMA), f);
        dr_md_text(f, r->b->county[idx[k]].name);
    }
    if (fclose(f) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* The headline: which counties are likely above the line at the horizon
 * (p_above of broad at least 50%, as `debtrisk run` prints it), in order
 * of risk; then how many would likely breach it by then. */
static dr_status write_headline(const report *r, dr_error *err)
{
    const dr_briefing *b = r->b;
    long T = b->years, end = b->base_year + b->years;
    size_t *idx = calloc(b->n ? b->n : 1, sizeof *idx), n = 0, nb = 0;
    char line[32], p[32];
    if (!idx)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < b->n; k++) {
        const dr_brief_county *c = &b->county[b->rank[k]];
        if (c->p_above[T] >= 0.5)
            idx[n++] = b->rank[k];
        nb += c->p_breach_end >= 0.5;
    }
    line_pct(line, b->warning);
    char *names = name_list(r, idx, n);
    free(idx);
    if (!names)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (n > 0)
        say(r,
            b->deterministic ? (n == 1 ? RX_HEAD_DET_ONE : RX_HEAD_DET)
                             : (n == 1 ? RX_HEAD_ONE : RX_HEAD_SOME),
            n, b->n, line, end, names);
    else if (b->deterministic)
        say(r, RX_HEAD_DET_NONE, b->n, line, end);
    else {
        /* the riskiest county by its chance of being above at the end */
        size_t top = 0;
        for (size_t k = 1; k < b->n; k++)
            if (b->county[k].p_above[T] > b->county[top].p_above[T])
                top = k;
        char *top_name = name_list(r, &top, 1);
        if (!top_name) {
            free(names);
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        }
        say(r, RX_HEAD_NONE, b->n, line, end, top_name,
            pct(p, b->county[top].p_above[T]));
        free(top_name);
    }
    free(names);
    fputc(' ', r->f);
    say(r, b->deterministic ? RX_HEAD_BREACH_DET : RX_HEAD_BREACH, nb, end);
    fputs("\n\n", r->f);
    return DR_OK;
}

static const char *grade_name(const report *r, int g)
{
    return rt(r, (rtext_id)(RX_GREEN + g));
}

static void write_counties(const report *r)
{
    const dr_briefing *b = r->b;
    long T = b->years, B = b->base_year;
    char a[32], c[32], d[32];
    fprintf(r->f, "%s\n\n", rt(r, RX_SEC_COUNTIES));
    say(r, RX_TABLE_HEAD, B, B + T);
    fputs("\n|---|---:|---:|---:|---:|---:|---|\n", r->f);
    for (size_t k = 0; k < b->n; k++) {
        const dr_brief_county *ct = &b->county[b->rank[k]];
        fputs("| ", r->f);
        dr_md_text(r->f, ct->name);
        fprintf(r->f, " | %s | %s | %s–", pct(a, ct->base), pct(c, ct->p50_end),
                pct(d, ct->p10_end));
        fprintf(r->f, "%s | %s", pct(a, ct->p90_end), pct(c, ct->p_breach_end));
        if (!b->deterministic)
            fprintf(r->f, " ± %s", pct(d, ct->p_breach_end_se));
        if (ct->first_year_p50 > 0)
            fprintf(r->f, " | %ld | ", ct->first_year_p50);
        else
            fputs(" | – | ", r->f);
        const double *g = &ct->grade[(size_t)T * DR_NGRADES];
        int best = DR_GREEN;
        for (int k2 = 1; k2 < DR_NGRADES; k2++)
            if (g[k2] > g[best])
                best = k2;
        if (b->deterministic)
            fprintf(r->f, "%s |\n", grade_name(r, best));
        else {
            fputs(grade_name(r, best), r->f);
            say(r, RX_PAREN, pct(a, g[best]));
            fputs(" |\n", r->f);
        }
    }
    /* the city line: its own ratio, and its chance of being above at the
     * end (the city has no breach-by statistic of its own) */
    const double *q0 = &b->city_q[0], *qT = &b->city_q[(size_t)T * DR_NPCT];
    double pc = b->city_p_above[T];
    fprintf(r->f, "| %s | %s | %s | %s–", rt(r, RX_CITY_ROW), pct(a, q0[3]),
            pct(c, qT[3]), pct(d, qT[1]));
    fprintf(r->f, "%s | %s", pct(a, qT[5]), pct(c, pc));
    if (!b->deterministic && b->paths > 0)
        fprintf(r->f, " ± %s",
                pct(d, sqrt(pc * (1.0 - pc) / (double)b->paths)));
    say(r, RX_IN_YEAR, B + T);
    long first = 0;
    for (long t = 0; t <= T && !first; t++)
        if (b->city_p_above[t] >= 0.5)
            first = B + t;
    if (first)
        fprintf(r->f, " | %ld | – |\n\n", first);
    else
        fputs(" | – | – |\n\n", r->f);
}

static void write_city(const report *r)
{
    const dr_briefing *b = r->b;
    long T = b->years, B = b->base_year;
    char a[32], c[32], d[32], e[32], w[32];
    const double *q0 = &b->city_q[0], *qT = &b->city_q[(size_t)T * DR_NPCT];
    fprintf(r->f, "%s\n\n", rt(r, RX_SEC_CITY));
    snprintf(e, sizeof e, "%.1f", b->city_expected[T]);
    say(r, RX_CITY_LINE, pct(a, qT[3]), B + T, pct(c, q0[3]), B, pct(d, qT[1]),
        pct(w, qT[5]), e);
    if (!b->deterministic) {
        size_t best = 0;
        for (size_t k = 1; k <= b->n; k++)
            if (b->counts[k] > b->counts[best])
                best = k;
        fputc(' ', r->f);
        say(r, RX_CITY_COUNT, best, pct(a, b->counts[best]), B + T);
    }
    fputs("\n\n", r->f);
    say(r, RX_CITY_TABLE_HEAD, line_pct(w, b->warning));
    fputs("\n|---:|---:|---:|---:|---:|\n", r->f);
    for (long t = 0; t <= T; t++) {
        const double *q = &b->city_q[(size_t)t * DR_NPCT];
        fprintf(r->f, "| %ld | %s | %s–", B + t, pct(a, q[3]), pct(c, q[1]));
        fprintf(r->f, "%s | %s | %.1f |\n", pct(d, q[5]),
                pct(e, b->city_p_above[t]), b->city_expected[t]);
    }
    fputc('\n', r->f);
}

/* charts/NAME.png, else .svg, when drawn; NULL when neither is there. */
static const char *picture(const report *r, const char *name, char *buf,
                           size_t n)
{
    static const char *const ext[] = {"png", "svg"};
    for (int k = 0; k < 2; k++) {
        snprintf(buf, n, "%s/charts/%s.%s", r->b->dir, name, ext[k]);
        if (access(buf, R_OK) == 0) {
            snprintf(buf, n, "charts/%s.%s", name, ext[k]);
            return buf;
        }
    }
    return NULL;
}

/* The picture of chart `name` under a heading ("### ...") or, with no
 * heading, with alt as its text. */
static int image(const report *r, const char *heading, const char *name)
{
    char buf[1200];
    const char *rel = picture(r, name, buf, sizeof buf);
    if (!rel)
        return 0;
    fprintf(r->f, "%s\n\n", heading);
    fputs("![", r->f);
    dr_md_text(r->f, heading + strspn(heading, "# "));
    fprintf(r->f, "](%s)\n\n", rel);
    return 1;
}

static void write_charts(const report *r)
{
    const dr_briefing *b = r->b;
    long end = b->base_year + b->years;
    char buf[1200], h[256];
    int any = 0;
    /* is there any picture at all? */
    const char *fixed[] = {"ranking", "heatmap", "grades", "counties_above",
                           dr_chart_city_name(b)};
    for (size_t k = 0; k < 5 && !any; k++)
        any = picture(r, fixed[k], buf, sizeof buf) != NULL;
    for (size_t k = 0; k < b->n && !any; k++) {
        char name[80];
        snprintf(name, sizeof name, "fan_%s", b->county[k].id);
        any = picture(r, name, buf, sizeof buf) != NULL;
    }
    if (!any)
        return;
    fprintf(r->f, "%s\n\n", rt(r, RX_SEC_CHARTS));
    image(r, sayb(r, h, sizeof h, RX_CH_RANKING, end), "ranking");
    image(r, rt(r, RX_CH_HEATMAP), "heatmap");
    image(r, sayb(r, h, sizeof h, RX_CH_GRADES, end), "grades");
    image(r, rt(r, RX_CH_ABOVE), "counties_above");
    image(r, rt(r, RX_CH_CITY), dr_chart_city_name(b));
    int heading = 0;
    for (size_t k = 0; k < b->n; k++) {
        const dr_brief_county *ct = &b->county[b->rank[k]];
        char name[80];
        snprintf(name, sizeof name, "fan_%s", ct->id);
        if (!picture(r, name, buf, sizeof buf))
            continue;
        if (!heading++)
            fprintf(r->f, "%s\n\n", rt(r, RX_CH_FANS));
        fputs("![", r->f);
        dr_md_text(r->f, ct->name);
        fprintf(r->f, "](%s)\n\n", picture(r, name, buf, sizeof buf));
    }
}

static void write_method(const report *r)
{
    const dr_briefing *b = r->b;
    char a[32], c[32], d[32], e[32], buf[1024], cmd[1024];
    fprintf(r->f, "%s\n\n", rt(r, RX_SEC_METHOD));
    if (*b->model) {
        dr_md_code(buf, sizeof buf, b->model);
        say(r, RX_M_MODEL, buf);
        fputc('\n', r->f);
    }
    fputs(rt(r, RX_SCENARIO), r->f);
    dr_md_text(r->f, dr_briefing_scenario(b));
    if (*b->title && *b->scenario && strcmp(b->title, b->scenario) != 0) {
        fputs(" (`", r->f);
        dr_md_code(buf, sizeof buf, b->scenario);
        fprintf(r->f, "%s`)", buf);
    }
    fputc('\n', r->f);
    if (b->deterministic)
        say(r, RX_M_DET);
    else {
        say(r, RX_M_MC, count(r, a, b->paths), b->seed);
    }
    fputc('\n', r->f);
    dr_md_code(buf, sizeof buf, b->version);
    dr_md_code(cmd, sizeof cmd, b->command);
    say(r, RX_M_VERSION, buf, cmd);
    fputc('\n', r->f);
    say(r, RX_M_DEF, line_pct(a, b->warning), line_pct(c, b->grades[0]),
        line_pct(d, b->grades[1]), line_pct(e, b->grades[2]));
    fputc('\n', r->f);
    say(r, RX_M_FILES);
    fputc('\n', r->f);
}

dr_status dr_report_write(const char *dir, const char *lang, dr_error *err)
{
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--lang: expected en or zh, found '%s'", lang);
    dr_briefing b;
    dr_status st = dr_briefing_load(&b, dir, err);
    if (st)
        return st;
    size_t n = strlen(dir) + 32;
    char *path = malloc(n), *tmp = malloc(n);
    FILE *f = NULL;
    if (!path || !tmp) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    snprintf(path, n, "%s/report.md", dir);
    snprintf(tmp, n, "%s/report.md.tmp", dir);
    if (!(f = fopen(tmp, "w"))) {
        st = errno == ENOMEM
                 ? dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory")
                 : dr_error_set(err, DR_EIO, tmp, 0, 0, "cannot write: %s",
                                strerror(errno));
        goto done;
    }
    report r = {.b = &b, .zh = lang && strcmp(lang, "zh") == 0, .f = f};
    fputs(rt(&r, RX_TITLE), f);
    dr_md_text(f, dr_briefing_scenario(&b));
    fputs("\n\n", f);
    if ((st = write_headline(&r, err)))
        goto done;
    write_counties(&r);
    write_city(&r);
    write_charts(&r);
    write_method(&r);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    f = NULL;
    if (bad || rename(tmp, path) != 0) {
        st = dr_error_set(err, DR_EIO, path, 0, 0, "cannot write: %s",
                          strerror(errno));
        remove(tmp);
    }
done:
    if (f) {
        fclose(f);
        remove(tmp);
    }
    free(path);
    free(tmp);
    dr_briefing_free(&b);
    return st;
}

/* ------------------------------------------------------------------------ */
/* The review of a batch and the report of a sensitivity run. */

/* report.md written beside itself, then renamed into place. */
typedef struct md_file {
    char *path, *tmp;
    FILE *f;
} md_file;

static dr_status md_open(md_file *o, const char *dir, dr_error *err)
{
    size_t n = strlen(dir) + 32;
    *o = (md_file){0};
    if (!(o->path = malloc(n)) || !(o->tmp = malloc(n)))
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    snprintf(o->path, n, "%s/report.md", dir);
    snprintf(o->tmp, n, "%s/report.md.tmp", dir);
    if (!(o->f = fopen(o->tmp, "w")) && errno == ENOMEM)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (!o->f)
        return dr_error_set(err, DR_EIO, o->tmp, 0, 0, "cannot write: %s",
                            strerror(errno));
    return DR_OK;
}

/* Closes o: renames it into place when st is DR_OK, else removes it. */
static dr_status md_close(md_file *o, dr_status st, dr_error *err)
{
    if (o->f) {
        int bad = ferror(o->f);
        bad |= fclose(o->f) != 0;
        if (st == DR_OK && (bad || rename(o->tmp, o->path) != 0))
            st = dr_error_set(err, DR_EIO, o->path, 0, 0, "cannot write: %s",
                              strerror(errno));
        if (st != DR_OK)
            remove(o->tmp);
    }
    free(o->path);
    free(o->tmp);
    *o = (md_file){0};
    return st;
}

/* A change (a fraction) in signed percentage points: +8.1, −39.3, 0. */
static const char *pts(char buf[32], double v)
{
    double x = 100.0 * v;
    char t[28]; /* "−" takes 3 bytes: the result fits buf[32] */
    if (x == 0.0 || isnan(x)) {
        snprintf(buf, 32, x == 0.0 ? "0" : "–");
        return buf;
    }
    snprintf(t, sizeof t, fabs(x) < 0.05 ? "%+.2f" : "%+.1f", x);
    if (t[0] == '-')
        snprintf(buf, 32, "−%s", t + 1);
    else
        snprintf(buf, 32, "%s", t);
    return buf;
}

/* A standard error (a fraction) in points. */
static const char *se_pts(char buf[32], double v)
{
    double x = 100.0 * v;
    snprintf(buf, 32, x > 0.0 && x < 0.05 ? "%.2f" : "%.1f", x);
    return buf;
}

/* "+8.1 ± 0.4": a change with its paired standard error. */
static const char *change(const report *r, char *buf, size_t n, const double *v)
{
    char a[32], b[32];
    return sayb(r, buf, n, RX_PTS, pts(a, v[DR_CMP_DELTA]),
                se_pts(b, v[DR_CMP_SE]));
}

/* 1 when dir/rel is a file; rel in buf for a link. No allocation: a
 * path longer than PATH_MAX is none that access() could find. */
static int exists(const char *dir, const char *rel)
{
    char p[PATH_MAX];
    int n = snprintf(p, sizeof p, "%s/%s", dir, rel);
    return n > 0 && (size_t)n < sizeof p && access(p, R_OK) == 0;
}

/* sub/charts/NAME.png, else .svg, when drawn, in buf; NULL otherwise. sub
 * may be "" for dir itself. */
static const char *picture_in(const char *dir, const char *sub,
                              const char *name, char *buf, size_t n)
{
    static const char *const ext[] = {"png", "svg"};
    for (int k = 0; k < 2; k++) {
        snprintf(buf, n, "%s%scharts/%s.%s", sub, *sub ? "/" : "", name,
                 ext[k]);
        if (exists(dir, buf))
            return buf;
    }
    return NULL;
}

/* Markdown-escaped text of s in lang, for a table cell. */
static void md_lang(const report *r, const char *s)
{
    char *t = dr_lang_text(s, r->zh ? "zh" : "en");
    if (!t)
        lost(r);
    dr_md_text(r->f, t ? t : s);
    free(t);
}

static void md_title(const report *r, const dr_review *rv, size_t s)
{
    char *t = dr_review_title(rv, s, r->zh ? "zh" : "en");
    if (!t)
        lost(r);
    dr_md_text(r->f, t ? t : rv->name[s]);
    free(t);
}

static void review_headline(const report *r, const dr_review *rv)
{
    const dr_briefing *b = r->b;
    long end = b->base_year + b->years;
    size_t n = rv->n, m = rv->ns - 1;
    char a[32], c[32], d[32], buf[64];
    double p = dr_review_cmp(rv, 0, n)[DR_CMP_P];
    size_t up = m ? rv->order[0] : 0, down = m ? rv->order[m - 1] : 0;
    double du = m ? dr_review_cmp(rv, up, n)[DR_CMP_DELTA] : 0.0;
    double dd = m ? dr_review_cmp(rv, down, n)[DR_CMP_DELTA] : 0.0;
    if (b->deterministic) {
        /* One path: a probability is 0 or 1, so say what happens. */
        say(r, p > 0.5 ? RX_RV_HEAD_DET_ABOVE : RX_RV_HEAD_DET_BELOW, end);
        fputs("\n\n", r->f);
        return;
    }
    if (!(du > 0.0 && dd < 0.0)) {
        say(r, RX_RV_HEAD_NONE, end, pct(a, p));
        fputs("\n\n", r->f);
        return;
    }
    /* the titles go through dr_md_text() inside the sentence */
    char *tu = dr_review_title(rv, up, r->zh ? "zh" : "en");
    char *td = dr_review_title(rv, down, r->zh ? "zh" : "en");
    char *eu = NULL, *ed = NULL;
    size_t l1, l2;
    FILE *f1 = open_memstream(&eu, &l1), *f2 = open_memstream(&ed, &l2);
    if (f1) {
        dr_md_text(f1, tu ? tu : rv->name[up]);
        fclose(f1);
    }
    if (f2) {
        dr_md_text(f2, td ? td : rv->name[down]);
        fclose(f2);
    }
    say(r, RX_RV_HEAD, end, pct(a, p), eu ? eu : rv->name[up],
        change(r, buf, sizeof buf, dr_review_cmp(rv, up, n)),
        ed ? ed : rv->name[down],
        sayb(r, c, sizeof c, RX_PTS, pts(d, dd),
             se_pts(a, dr_review_cmp(rv, down, n)[DR_CMP_SE])));
    fputs("\n\n", r->f);
    if (!tu || !td || !eu || !ed)
        lost(r);
    free(tu);
    free(td);
    free(eu);
    free(ed);
}

/* The headline of the baseline's own report (write_headline), written
 * from its results, not read from that report: in a new string, NULL when
 * out of memory. */
static char *baseline_headline(const report *r, const dr_briefing *b)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return NULL;
    report br = {.b = b, .zh = r->zh, .f = m, .nomem = r->nomem};
    dr_error e;
    dr_status st = write_headline(&br, &e);
    if (fclose(m) != 0 || st != DR_OK) {
        free(text);
        return NULL;
    }
    while (len > 0 && text[len - 1] == '\n')
        text[--len] = '\0';
    return text;
}

static void review_baseline(const report *r, const dr_review *rv)
{
    char link[300];
    fprintf(r->f, "%s\n\n", rt(r, RX_RV_SEC_BASE));
    char *head = baseline_headline(r, &rv->sc[0]);
    if (head) {
        fputs("> ", r->f);
        for (const char *p = head; *p; p++) {
            fputc(*p, r->f);
            if (*p == '\n')
                fputs("> ", r->f);
        }
        fputs("\n\n", r->f);
        free(head);
    } else {
        lost(r);
    }
    snprintf(link, sizeof link, "%s/report.md", rv->name[0]);
    if (exists(rv->dir, link)) {
        say(r, RX_RV_BASE_LINK, link, link);
        fputs("\n\n", r->f);
    }
}

static void review_scenarios(const report *r, const dr_review *rv)
{
    char link[300];
    fprintf(r->f, "%s\n\n%s\n", rt(r, RX_RV_SEC_SCEN), rt(r, RX_RV_SCEN_HEAD));
    for (size_t s = 0; s < rv->ns; s++) {
        fprintf(r->f, "| `%s` | ", rv->name[s]);
        md_title(r, rv, s);
        fputs(" | ", r->f);
        if (*rv->sc[s].description)
            md_lang(r, rv->sc[s].description);
        else if (s == 0)
            fputs(rt(r, RX_RV_BASE_DESC), r->f);
        else
            fputs("–", r->f);
        snprintf(link, sizeof link, "%s/report.md", rv->name[s]);
        if (exists(rv->dir, link))
            fprintf(r->f, " | [%s](%s) |\n", rt(r, RX_RV_REPORT), link);
        else
            fputs(" | – |\n", r->f);
    }
    fputc('\n', r->f);
}

static void review_city(const report *r, const dr_review *rv)
{
    const dr_briefing *b = r->b;
    size_t n = rv->n;
    char a[32], c[32], d[32], buf[64];
    fprintf(r->f, "%s\n\n", rt(r, RX_RV_SEC_CITY));
    say(r, RX_RV_CITY_HEAD, b->base_year + b->years);
    fputc('\n', r->f);
    for (size_t k = 0; k < rv->ns; k++) {
        size_t s = k ? rv->order[k - 1] : 0;
        const double *v = dr_review_cmp(rv, s, n);
        fputs("| ", r->f);
        if (s == 0)
            fputs("**", r->f);
        md_title(r, rv, s);
        if (s == 0)
            fputs("**", r->f);
        fprintf(r->f, " | %s | %s | %s | %s |\n", pct(a, v[DR_CMP_P]),
                s ? change(r, buf, sizeof buf, v) : "–", pct(c, v[DR_CMP_P50]),
                s ? pts(d, v[DR_CMP_P50_DELTA]) : "–");
    }
    fputc('\n', r->f);
}

typedef struct moved_ctx {
    const dr_review *rv;
    size_t s;
} moved_ctx;

/* Counties by the size of their change under scenario s, then file
 * order. */
static int cmp_moved(const void *a, const void *b, void *ctx)
{
    const moved_ctx *c = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = fabs(dr_review_cmp(c->rv, c->s, i)[DR_CMP_DELTA]);
    double y = fabs(dr_review_cmp(c->rv, c->s, j)[DR_CMP_DELTA]);
    if (x != y)
        return x > y ? -1 : 1;
    return i < j ? -1 : i > j;
}

static dr_status review_moves(const report *r, const dr_review *rv,
                              dr_error *err)
{
    const dr_briefing *b = r->b;
    size_t n = rv->n;
    char buf[64];
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    fprintf(r->f, "%s\n\n", rt(r, RX_RV_SEC_MOVES));
    say(r, RX_RV_MOVES_INTRO, b->base_year + b->years);
    fprintf(r->f, "\n\n%s\n", rt(r, RX_RV_MOVES_HEAD));
    for (size_t k = 1; k < rv->ns; k++) {
        size_t s = rv->order[k - 1];
        moved_ctx c = {rv, s};
        for (size_t i = 0; i < n; i++)
            idx[i] = i;
        qsort_r(idx, n, sizeof *idx, cmp_moved, &c);
        fputs("| ", r->f);
        md_title(r, rv, s);
        fputs(" | ", r->f);
        size_t shown = 0;
        for (size_t j = 0; j < n && shown < 3; j++) {
            const double *v = dr_review_cmp(rv, s, idx[j]);
            if (v[DR_CMP_DELTA] == 0.0)
                break;
            fputs(shown++ ? rt(r, RX_COMMA) : "", r->f);
            dr_md_text(r->f, b->county[idx[j]].name);
            fprintf(r->f, " %s", change(r, buf, sizeof buf, v));
        }
        if (!shown)
            fputs(rt(r, RX_RV_NO_CHANGE), r->f);
        fputs(" |\n", r->f);
    }
    fputc('\n', r->f);

    /* for each county (riskiest first) and the city: the scenario that
     * raises its probability most and the one that lowers it most */
    fprintf(r->f, "%s\n\n", rt(r, RX_RV_SEC_COUNTY));
    say(r, RX_RV_COUNTY_HEAD, b->base_year + b->years);
    fputc('\n', r->f);
    for (size_t k = 0; k <= n; k++) {
        size_t i = k < n ? b->rank[k] : n;
        size_t hi = 0, lo = 0;
        for (size_t s = 1; s < rv->ns; s++) {
            double d = dr_review_cmp(rv, s, i)[DR_CMP_DELTA];
            if (d > 0.0 && (!hi || d > dr_review_cmp(rv, hi, i)[DR_CMP_DELTA]))
                hi = s;
            if (d < 0.0 && (!lo || d < dr_review_cmp(rv, lo, i)[DR_CMP_DELTA]))
                lo = s;
        }
        fputs("| ", r->f);
        if (k < n)
            dr_md_text(r->f, b->county[i].name);
        else
            fputs(rt(r, RX_CITY_ROW), r->f);
        fprintf(r->f, " | %s | ", pct(buf, dr_review_cmp(rv, 0, i)[DR_CMP_P]));
        size_t pick[2] = {hi, lo};
        for (int side = 0; side < 2; side++) {
            if (pick[side]) {
                md_title(r, rv, pick[side]);
                fprintf(r->f, " %s",
                        change(r, buf, sizeof buf,
                               dr_review_cmp(rv, pick[side], i)));
            } else
                fputs("–", r->f);
            fputs(side ? " |\n" : " | ", r->f);
        }
    }
    fputc('\n', r->f);
    free(idx);
    return DR_OK;
}

static void review_charts(const report *r, const dr_review *rv)
{
    const dr_briefing *b = r->b;
    char buf[600], h[256];
    fprintf(r->f, "%s\n\n", rt(r, RX_RV_SEC_CHARTS));
    const char *names[2] = {"compare_breach", "compare_city"};
    const char *heads[2] = {
        sayb(r, h, sizeof h, RX_RV_CH_BREACH, b->base_year + b->years),
        rt(r, RX_RV_CH_CITY)};
    for (int k = 0; k < 2; k++) {
        const char *rel = picture_in(rv->dir, "", names[k], buf, sizeof buf);
        if (!rel)
            continue;
        fprintf(r->f, "%s\n\n![", heads[k]);
        dr_md_text(r->f, heads[k] + strspn(heads[k], "# "));
        fprintf(r->f, "](%s)\n\n", rel);
    }
    fprintf(r->f, "%s\n\n", rt(r, RX_RV_CH_EACH));
    for (size_t s = 0; s < rv->ns; s++) {
        fputs("- ", r->f);
        md_title(r, rv, s);
        fputs(r->zh ? "：" : ":", r->f);
        snprintf(buf, sizeof buf, "%s/report.md", rv->name[s]);
        if (exists(rv->dir, buf))
            fprintf(r->f, " [%s](%s)", rt(r, RX_RV_REPORT), buf);
        if (picture_in(rv->dir, rv->name[s], "ranking", buf, sizeof buf))
            fprintf(r->f, " · [%s](%s)", rt(r, RX_RV_RANKING), buf);
        if (picture_in(rv->dir, rv->name[s], dr_chart_city_name(&rv->sc[s]),
                       buf, sizeof buf))
            fprintf(r->f, " · [%s](%s)", rt(r, RX_RV_FAN_CITY), buf);
        fputc('\n', r->f);
    }
    fputc('\n', r->f);
}

static void review_method(const report *r)
{
    const dr_briefing *b = r->b;
    char a[32], buf[1024], cmd[1024];
    fprintf(r->f, "%s\n\n%s\n", rt(r, RX_SEC_METHOD), rt(r, RX_RV_M_CRN));
    say(r, RX_RV_M_BREACH, line_pct(a, b->warning), b->base_year + b->years);
    fputc('\n', r->f);
    if (*b->model) {
        dr_md_code(buf, sizeof buf, b->model);
        say(r, RX_M_MODEL, buf);
        fputc('\n', r->f);
    }
    dr_md_code(buf, sizeof buf, b->version);
    dr_md_code(cmd, sizeof cmd, b->command);
    say(r, RX_M_VERSION, buf, cmd);
    fputc('\n', r->f);
    fprintf(r->f, "%s\n", rt(r, RX_RV_M_FILES));
}

dr_status dr_review_report_write(const char *outdir, const char *lang,
                                 dr_error *err)
{
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--lang: expected en or zh, found '%s'", lang);
    dr_review rv;
    dr_status st = dr_review_load(&rv, outdir, err);
    if (st)
        return st;
    md_file o;
    if ((st = md_open(&o, outdir, err)))
        goto done;
    const dr_briefing *b = &rv.sc[0];
    int nomem = 0;
    report r = {.b = b,
                .zh = lang && strcmp(lang, "zh") == 0,
                .f = o.f,
                .nomem = &nomem};
    char a[32], c[32];
    say(&r, rv.ns == 2 ? RX_RV_TITLE_ONE : RX_RV_TITLE, rv.ns - 1);
    fputs("\n\n", o.f);
    say(&r, b->deterministic ? RX_RV_RUN_DET : RX_RV_RUN,
        count(&r, a, b->paths), b->seed, b->base_year, b->base_year + b->years,
        line_pct(c, b->warning));
    fputs("\n\n", o.f);
    review_headline(&r, &rv);
    review_baseline(&r, &rv);
    review_scenarios(&r, &rv);
    review_city(&r, &rv);
    if ((st = review_moves(&r, &rv, err)))
        goto done;
    review_charts(&r, &rv);
    review_method(&r);
    if (nomem)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
done:
    st = md_close(&o, st, err);
    dr_review_free(&rv);
    return st;
}

/* "spending growth (49.1% at −0.01, 91.8% at +0.01)" for parameter p of
 * county i. */
static void sens_item(const report *r, const dr_sensitivity *s, size_t p,
                      size_t i)
{
    char label[160], lo[96], hi[96], a[32], c[32];
    dr_param_label(s->param[p], r->zh ? "zh" : "en", label, sizeof label);
    /* inside a sentence: "Spending growth" as "spending growth", but not
     * "GDP" */
    if (!r->zh && isupper((unsigned char)label[0]) &&
        islower((unsigned char)label[1]))
        label[0] = (char)tolower((unsigned char)label[0]);
    const double *v = dr_sensitivity_row(s, p, i);
    char *esc = NULL;
    size_t len;
    FILE *m = open_memstream(&esc, &len);
    if (m) {
        dr_md_text(m, label);
        fclose(m);
    }
    say(r, RX_SN_ITEM, esc ? esc : label, pct(a, v[DR_SENS_LOW]),
        dr_setting_label(s->low[p], lo, sizeof lo), pct(c, v[DR_SENS_HIGH]),
        dr_setting_label(s->high[p], hi, sizeof hi));
    if (!esc)
        lost(r);
    free(esc);
}

/* The parameters that move county i (n: the city) most, in a sentence. */
static void sens_headline(const report *r, const dr_sensitivity *s, size_t i,
                          const size_t *order)
{
    const dr_briefing *b = r->b;
    char who[256], a[32];
    if (i < s->n) {
        char *name = NULL;
        size_t len;
        FILE *m = open_memstream(&name, &len);
        if (m) {
            dr_md_text(m, b->county[i].name);
            fclose(m);
        }
        sayb(r, who, sizeof who, RX_RISKIEST, name ? name : b->county[i].id);
        if (!name)
            lost(r);
        free(name);
    } else
        snprintf(who, sizeof who, "%s", rt(r, RX_THE_CITY));
    double base = dr_sensitivity_row(s, 0, i)[DR_SENS_BASE];
    size_t top = 0;
    while (top < 3 && top < s->np) {
        const double *v = dr_sensitivity_row(s, order[top], i);
        if (v[DR_SENS_DLOW] == 0.0 && v[DR_SENS_DHIGH] == 0.0)
            break;
        top++;
    }
    long end = b->base_year + b->years;
    if (top == 0) {
        say(r, RX_SN_HEAD_FLAT, who, end, pct(a, base));
        fputs("\n\n", r->f);
        return;
    }
    /* the sentence around the list, split at its %4$s */
    char *list = NULL;
    size_t len;
    FILE *m = open_memstream(&list, &len);
    if (!m) {
        lost(r);
        return;
    }
    report rl = *r;
    rl.f = m;
    for (size_t k = 0; k < top; k++) {
        if (k)
            fputs(k + 1 == top ? rt(r, RX_AND) : rt(r, RX_COMMA), m);
        sens_item(&rl, s, order[k], i);
    }
    fclose(m);
    say(r, RX_SN_HEAD, who, end, pct(a, base), list ? list : "");
    fputs("\n\n", r->f);
    if (!list)
        lost(r);
    free(list);
}

dr_status dr_sensitivity_report_write(const char *outdir, const char *lang,
                                      dr_error *err)
{
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--lang: expected en or zh, found '%s'", lang);
    dr_sensitivity s;
    dr_status st = dr_sensitivity_load(&s, outdir, err);
    if (st)
        return st;
    md_file o = {0};
    size_t *city = malloc(s.np * sizeof *city);
    size_t *risky = malloc(s.np * sizeof *risky);
    if (!city || !risky) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((st = md_open(&o, outdir, err)))
        goto done;
    const dr_briefing *b = &s.base;
    int nomem = 0;
    report r = {.b = b,
                .zh = lang && strcmp(lang, "zh") == 0,
                .f = o.f,
                .nomem = &nomem};
    const char *lg = r.zh ? "zh" : "en";
    dr_sensitivity_rank(&s, s.n, city);
    dr_sensitivity_rank(&s, s.riskiest, risky);
    char a[32], c[32], d[32], buf[600], label[160];
    fprintf(o.f, "%s\n\n", rt(&r, RX_SN_TITLE));
    char *title = dr_lang_text(dr_briefing_scenario(b), lg), *esc = NULL;
    size_t len;
    FILE *m = open_memstream(&esc, &len);
    if (m) {
        dr_md_text(m, title ? title : b->scenario);
        fclose(m);
    }
    say(&r, b->deterministic ? RX_SN_RUN_DET : RX_SN_RUN, s.np,
        count(&r, a, b->paths), b->seed, esc ? esc : "", b->base_year,
        b->base_year + b->years, line_pct(c, b->warning));
    if (!title || !esc)
        lost(&r);
    free(title);
    free(esc);
    fputs("\n\n", o.f);
    sens_headline(&r, &s, s.n, city);
    sens_headline(&r, &s, s.riskiest, risky);

    fprintf(o.f, "%s\n\n", rt(&r, RX_SN_SEC_VARIED));
    char *rname = NULL;
    m = open_memstream(&rname, &len);
    if (m) {
        dr_md_text(m, b->county[s.riskiest].name);
        fclose(m);
    }
    say(&r, RX_SN_VARIED_INTRO);
    fputs("\n\n", o.f);
    say(&r, RX_SN_VARIED_HEAD, rname ? rname : b->county[s.riskiest].id);
    if (!rname)
        lost(&r);
    free(rname);
    fputc('\n', o.f);
    for (size_t k = 0; k < s.np; k++) {
        size_t p = city[k];
        const double *v = dr_sensitivity_row(&s, p, s.n);
        const double *w = dr_sensitivity_row(&s, p, s.riskiest);
        fputs("| ", o.f);
        dr_md_text(o.f, dr_param_label(s.param[p], lg, label, sizeof label));
        dr_md_code(buf, sizeof buf, s.param[p]);
        fprintf(o.f, " | `%s` | ", buf);
        dr_md_text(o.f, dr_setting_label(s.low[p], label, sizeof label));
        fputs(" | ", o.f);
        dr_md_text(o.f, dr_setting_label(s.high[p], label, sizeof label));
        fprintf(o.f, " | %s (%s) | ", pct(a, v[DR_SENS_LOW]),
                pts(c, v[DR_SENS_DLOW]));
        fprintf(o.f, "%s (%s) | ", pct(a, v[DR_SENS_HIGH]),
                pts(c, v[DR_SENS_DHIGH]));
        fprintf(o.f, "%s (%s) | ", pct(a, w[DR_SENS_LOW]),
                pts(d, w[DR_SENS_DLOW]));
        fprintf(o.f, "%s (%s) |\n", pct(a, w[DR_SENS_HIGH]),
                pts(d, w[DR_SENS_DHIGH]));
    }
    fputc('\n', o.f);

    char county[96];
    snprintf(county, sizeof county, "tornado_%s", b->county[s.riskiest].id);
    const char *names[2] = {dr_tornado_city_name(&s), county};
    int any = 0;
    for (int k = 0; k < 2; k++) {
        if (!picture_in(outdir, "", names[k], buf, sizeof buf))
            continue;
        if (!any++)
            fprintf(o.f, "%s\n\n", rt(&r, RX_SN_SEC_CHARTS));
        fputs("### ", o.f);
        if (k == 0)
            fputs(rt(&r, RX_CITY_CAP), o.f);
        else {
            char *nm = NULL;
            m = open_memstream(&nm, &len);
            if (m) {
                dr_md_text(m, b->county[s.riskiest].name);
                fclose(m);
            }
            say(&r, RX_RISKIEST, nm ? nm : "");
            if (!nm)
                lost(&r);
            free(nm);
        }
        fprintf(o.f, "\n\n![%s](%s)\n\n", names[k], buf);
    }

    fprintf(o.f, "%s\n\n", rt(&r, RX_SEC_METHOD));
    say(&r, RX_SN_M_ONE, b->base_year + b->years);
    fputc('\n', o.f);
    if (*b->model) {
        dr_md_code(buf, sizeof buf, b->model);
        say(&r, RX_M_MODEL, buf);
        fputc('\n', o.f);
    }
    dr_md_code(buf, sizeof buf, b->version);
    char cmd[1024];
    dr_md_code(cmd, sizeof cmd, b->command);
    say(&r, RX_M_VERSION, buf, cmd);
    fputc('\n', o.f);
    fprintf(o.f, "%s\n", rt(&r, RX_SN_M_FILES));
    if (nomem)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
done:
    st = md_close(&o, st, err);
    free(city);
    free(risky);
    dr_sensitivity_free(&s);
    return st;
}
