#define _GNU_SOURCE /* open_memstream */
#include "present/rtext.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "present/mdtext.h"

const char *const dr_rtexts[RX_COUNT][2] = {
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
    [RX_CB_TITLE] = {"# Calibration from history", "# 基于历史数据的模型校准"},
    [RX_CB_HISTORY] =
        {"- History: `%1$s`, %2$ld–%3$ld, %4$zu counties (%5$zu types).",
         "- 历史数据：`%1$s`，%2$ld—%3$ld 年，%4$zu 个县（市、区），%5$zu "
         "个类型。"},
    [RX_CB_BY_TYPE] =
        {"- Grouping: one estimate per type of county (`--by type`).",
         "- 分组：每类县一组估计（`--by type`）。"},
    [RX_CB_BY_CITY] =
        {"- Grouping: one estimate for all counties (`--by city`).",
         "- 分组：全市所有县一组估计（`--by city`）。"},
    [RX_CB_BY_COUNTY] =
        {"- Grouping: one estimate per county, pulled toward its type's in "
         "proportion to how noisy it is (`--by county`, empirical Bayes).",
         "- 分组：每县一组估计，按其噪声大小向所属类型的估计收缩"
         "（`--by county`，经验贝叶斯）。"},
    [RX_CB_MODEL] =
        {"- Model: the estimates replace those keys of `%s`; every other key "
         "(rates, policy, contingent liabilities, ...) is the model's own. "
         "`debtrisk run --model model.ini` uses the result as it is.",
         "- 模型：估计值替换 `%s` 中的相应参数，其余参数（利率、政策、"
         "或有债务等）保持原值。`debtrisk run --model model.ini` "
         "可直接使用结果。"},
    [RX_CB_SEC_BRIEF] = {"## In brief", "## 要点"},
    [RX_CB_BRIEF_INTRO] =
        {"What the history of all %zu counties says "
         "(the pool of the city, `[defaults]`):",
         "全部 %zu 个县的历史数据表明（全市汇总，`[defaults]`）："},
    [RX_CB_GROWTH] =
        {"- **Nominal GDP** grows about %1$s a year, and a typical year "
         "strays %2$s from that; a year above trend is %3$s likely to be "
         "followed by another above it (persistence %4$.2f).",
         "- **名义GDP** 每年增长约 %1$s，正常年份偏离约 %2$s；"
         "高于趋势的一年之后仍高于趋势的概率为 %3$s（持续性 %4$.2f）。"},
    [RX_CB_OWN] =
        {"- **Own revenue** (一般公共预算收入) grows %1$.2f%% for every 1%% of "
         "GDP growth, %2$s a year besides, with shocks of about %3$s a year.",
         "- **一般公共预算收入** GDP 每增长 1%%，增长 %1$.2f%%，另加每年 "
         "%2$s，年度冲击约 %3$s。"},
    [RX_CB_LAND] =
        {"- **Land revenue** swings about %1$s a year around a trend of %2$s "
         "a year; a bad year is %3$s likely to be followed by another "
         "(persistence %4$.2f).",
         "- **土地出让收入** 围绕每年 %2$s 的趋势每年波动约 %1$s；"
         "一个坏年份之后仍是坏年份的概率为 %3$s（持续性 %4$.2f）。"},
    [RX_CB_TRANSFERS] =
        {"- **Transfers** from higher levels grow about %1$s a year, give or "
         "take %2$s.",
         "- **上级补助收入** 每年增长约 %1$s，上下浮动约 %2$s。"},
    [RX_CB_SPENDING] = {"- **Primary spending** has grown %s a year.",
                        "- **一般性支出**（不含利息）每年增长 %s。"},
    [RX_CB_COMMON] =
        {"- Shocks are shared across counties: the common factor carries "
         "%1$s of growth shocks, %2$s of own revenue's, %3$s of land's and "
         "%4$s of transfers'.",
         "- 冲击在各县之间有共同成分：共同因子占增长冲击的 %1$s、"
         "一般公共预算收入冲击的 %2$s、土地冲击的 %3$s、上级补助冲击的 %4$s。"},
    [RX_CB_SEC_EST] = {"## Estimates", "## 估计值"},
    [RX_CB_EST_INTRO] =
        {"Each estimate with its standard error and the number of "
         "observations behind it. *estimated*: from the group's own data; "
         "*pooled*: the group could not estimate it and takes the pool's; "
         "*shrunk*: a county's own estimate pulled toward its type's; "
         "*kept*: not estimable at all, the model's value stays.",
         "每个估计值附标准误和样本数。*估计*：由本组数据估计；*汇总*"
         "：本组无法估计，"
         "采用上一级汇总值；*收缩*：县自身估计向类型估计收缩；"
         "*保留*：无法估计，保留模型原值。"},
    [RX_CB_EST_HEAD] = {"| key | meaning | value | se | n | status |\n"
                        "|---|---|---:|---:|---:|---|",
                        "| 参数 | 含义 | 取值 | 标准误 | 样本数 | 状态 |\n"
                        "|---|---|---:|---:|---:|---|"},
    [RX_CB_SEC_COUNTY] = {"## County by county", "## 分县估计"},
    [RX_CB_COUNTY_INTRO] =
        {"Each county's values in force after shrinkage (`[county.ID]` of "
         "model.ini), and in brackets the weight λ its own estimate gets "
         "(0: the type's value, 1: its own).",
         "收缩后各县采用的取值（model.ini 中的 `[county.ID]`），"
         "括号内为其自身估计所占权重 λ（0 为类型值，1 为自身估计）。"},
    [RX_CB_COUNTY_HEAD] =
        {"| county | type | GDP growth | own rev. β | land "
         "trend | land sd | transfers | spending |\n"
         "|---|---|---:|---:|---:|---:|---:|---:|",
         "| 县（市、区） | 类型 | GDP增长 | 一般收入β | 土地趋势 "
         "| 土地波动 | 上级补助 | 支出 |\n"
         "|---|---|---:|---:|---:|---:|---:|---:|"},
    [RX_CB_SEC_CORR] = {"## How the shocks move together",
                        "## 冲击之间的相关性"},
    [RX_CB_CORR_INTRO] =
        {"Correlation of the standardized innovations, over %zu county-years "
         "in which all four exist (counties without land revenue take no "
         "part). Own revenue's co-movement with growth is in β, so their "
         "correlation comes out near zero.",
         "标准化新息的相关系数，基于四项新息齐全的 %zu 个县-年"
         "（无土地收入的县不参与）。一般公共预算收入与增长的共同变动已体现在 β "
         "中，"
         "故二者相关系数接近零。"},
    [RX_CB_CORR_KEPT] =
        {"Too few complete county-years: the correlation and "
         "the common weights are the model's own.",
         "完整的县-年观测过少：相关系数与共同因子权重保留模型原值。"},
    [RX_CB_CORR_HEAD] = {"| | growth | own revenue | land | transfers |\n"
                         "|---|---:|---:|---:|---:|",
                         "| | 增长 | 一般收入 | 土地 | 上级补助 |\n"
                         "|---|---:|---:|---:|---:|"},
    [RX_CB_COMMON_HEAD] = {"Common weights w (the share of each shock "
                           "shared by all counties):",
                           "共同因子权重 w（各类冲击中全市共同的部分）："},
    [RX_CB_SEC_STATUS] = {"## What was pooled, shrunk or kept",
                          "## 汇总、收缩与保留"},
    [RX_CB_POOLED] = {"- Pooled (the group could not estimate it): %s.",
                      "- 汇总（本组无法估计）：%s。"},
    [RX_CB_KEPT] = {"- Kept (not estimable even for the city; the model's "
                    "value stays): %s.",
                    "- 保留（全市也无法估计，保留模型原值）：%s。"},
    [RX_CB_SHRUNK] =
        {"- Shrunk: %1$zu county estimates; on average a county "
         "keeps %2$s of its own estimate (λ).",
         "- 收缩：%1$zu 个县级估计；平均每县保留自身估计的 %2$s（λ）。"},
    [RX_CB_NONE_POOLED] = {"- Every key was estimated from its group's own "
                           "data.",
                           "- 所有参数均由本组数据估计。"},
    [RX_CB_SEC_WARN] = {"## Warnings", "## 提示"},
    [RX_CB_W_SHORT] =
        {"- Short series: %s have fewer than 10 years; their estimates rest "
         "on few observations.",
         "- 序列较短：%s 不足 10 年，估计所依据的观测较少。"},
    [RX_CB_W_CLIP] =
        {"- The %1$s persistence is at its limit (±0.9) for %2$s: the "
         "history cannot tell it apart from a shock that never fades; read "
         "it as \"very persistent\".",
         "- "
         "%2$s的%1$s持续性达到上限（±0."
         "9）：历史数据无法将其与永不消退的冲击区分，"
         "应理解为“持续性很强”。"},
    [RX_CB_W_SHORT_ALL] =
        {"- Short series: every county has %zu years or fewer (under 10); "
         "the estimates rest on few observations.",
         "- 序列较短：各县均不超过 %zu 年（不足 10 "
         "年），估计所依据的观测较少。"},
    [RX_CB_TYPE_NAMED] = {"type %s", "%s 类"},
    [RX_CB_CITY_HEAD] = {"The city", "全市"},
    [RX_CB_W_REPAIR] =
        {"- The estimated correlation matrix was not positive definite "
         "(smallest eigenvalue %.3g): its eigenvalues were raised to 0.001 "
         "and it was rescaled to a unit diagonal.",
         "- 估计的相关矩阵非正定（最小特征值 %.3g）：已将特征值提升至 0.001 "
         "并重新标准化为单位对角线。"},
    [RX_CB_W_BREAK] =
        {"- A structural break is suspected in land revenue: one straight "
         "trend fits much worse than a trend that turns, in %1$zu of %2$zu "
         "counties (%3$s). One trend then averages a rise and a fall: "
         "consider `--from` the turning year, or a land scenario.",
         "- 土地出让收入疑似存在结构性变化：在 %2$zu 个县中有 %1$zu "
         "个（%3$s），"
         "一条直线趋势的拟合明显差于转折趋势，单一趋势把上升与下降平均掉了：建"
         "议以转折年为 "
         "`--from`，或使用土地情景。"},
    [RX_CB_W_COMMON_CLIP] =
        {"- The common weight of %s came out outside [0, 1] and was clipped.",
         "- %s 的共同因子权重超出 [0, 1]，已截断。"},
    [RX_CB_W_NONE] = {"- None.", "- 无。"},
    [RX_CB_SEC_CHARTS] = {"## Charts", "## 图表"},
    [RX_CB_CH_SERIES] = {"Each county's history beside what the estimates "
                         "say (trend and a band of one standard deviation):",
                         "各县历史数据与估计结果（趋势及一个标准差区间）："},
    [RX_CB_CH_CORR] = {"Correlation of the shocks", "冲击相关系数"},
    [RX_CB_CH_SHRINK] = {"Shrinkage of county estimates toward their type",
                         "县级估计向类型估计的收缩"},
    [RX_CB_SEC_METHOD] = {"## Method", "## 方法"},
    [RX_CB_M_EST] =
        {"- The estimators of MODEL.md section 11: growth as an AR(1) around "
         "a pooled mean, own revenue by least squares on growth, land as a "
         "log trend with a level per county and AR(1) deviations, "
         "transfers and spending growth as means; both persistences "
         "corrected for their short-series bias by the half-panel "
         "jackknife.",
         "- 估计方法见 MODEL.md 第 11 节：增长为围绕汇总均值的 AR(1)；"
         "一般公共预算收入对增长做最小二乘；土地为对数趋势（各县水平不同）加 "
         "AR(1) 偏离；"
         "上级补助与支出增长取均值；两个持续性参数用半面板刀切法校正短序列偏差"
         "。"},
    [RX_CB_M_SE] =
        {"- Standard errors treat county-years as independent: with "
         "persistent series and shocks shared across counties the true "
         "uncertainty is larger, for means and correlations by a factor of "
         "1.5 to several.",
         "- 标准误将各县-年视为独立：由于序列存在持续性且冲击在县间共享，"
         "真实不确定性更大，均值与相关系数的标准误可能被低估 1.5 倍以上。"},
    [RX_CB_M_FILES] =
        {"- Files: `model.ini` (the calibrated model), `calibration.csv` "
         "(every estimate), `calibration_series.csv` (each county's series, "
         "fitted paths and innovations).",
         "- "
         "文件：`model.ini`（校准后的模型）、`calibration.csv`（全部估计值）、"
         "`calibration_series.csv`（各县序列、拟合值与新息）。"},
    [RX_CB_K_GROWTH_MU] = {"GDP growth, mean", "GDP增长，均值"},
    [RX_CB_K_GROWTH_SIGMA] = {"GDP growth, sd of a shock",
                              "GDP增长，冲击标准差"},
    [RX_CB_K_GROWTH_RHO] = {"GDP growth, persistence", "GDP增长，持续性"},
    [RX_CB_K_OR_MU] = {"own revenue, growth beyond β·g",
                       "一般收入，β·g 之外的增长"},
    [RX_CB_K_OR_BETA] = {"own revenue, elasticity to GDP",
                         "一般收入，对GDP弹性"},
    [RX_CB_K_OR_SIGMA] = {"own revenue, sd of a shock", "一般收入，冲击标准差"},
    [RX_CB_K_LAND_MU] = {"land revenue, log trend a year",
                         "土地收入，年对数趋势"},
    [RX_CB_K_LAND_SIGMA] = {"land revenue, sd of a shock",
                            "土地收入，冲击标准差"},
    [RX_CB_K_LAND_RHO] = {"land revenue, persistence", "土地收入，持续性"},
    [RX_CB_K_TR_MU] = {"transfers, mean growth", "上级补助，平均增长"},
    [RX_CB_K_TR_SIGMA] = {"transfers, sd of a shock", "上级补助，冲击标准差"},
    [RX_CB_K_SPENDING_MU] = {"primary spending, mean growth",
                             "一般性支出，平均增长"},
    [RX_CB_V_GROWTH] = {"growth", "增长"},
    [RX_CB_V_OWN] = {"own revenue", "一般收入"},
    [RX_CB_V_LAND] = {"land", "土地"},
    [RX_CB_V_TRANSFERS] = {"transfers", "上级补助"},
    [RX_CB_CITY_POOL] = {"the city", "全市"},
    [RX_CB_ST_ESTIMATED] = {"estimated", "估计"},
    [RX_CB_ST_POOLED] = {"pooled", "汇总"},
    [RX_CB_ST_SHRUNK] = {"shrunk", "收缩"},
    [RX_CB_ST_KEPT] = {"kept", "保留"},
    [RX_SV_TITLE] = {"# Solve: what it takes to keep %s at or below %s",
                     "# 求解：使%s不高于 %s 需要做什么"},
    [RX_SV_RUN] =
        {"- Lever: %1$s (`--lever %2$s`), searched from %3$s to %4$s to "
         "within %5$s, %6$s; %7$s paths a run, seed %8$ld, %9$ld runs in "
         "all; on top of the scenario `%10$s`.",
         "- 政策工具：%1$s（`--lever %2$s`），在 %3$s 至 %4$s 范围内搜索，精度 "
         "%5$s，%6$s；每次模拟 %7$s 条路径，随机种子 %8$ld，共 %9$ld 次模拟；"
         "在情景 `%10$s` 之上。"},
    [RX_SV_EACH] = {"each county alone", "各县（市、区）分别求解"},
    [RX_SV_ALL] = {"one value for every county together", "全市统一取值"},
    [RX_SV_SEC_BRIEF] = {"## In brief", "## 要点"},
    [RX_SV_HEAD] =
        {"**%1$zu of %2$zu counties must act to meet the target, %3$zu "
         "meet it already, and %4$zu cannot within the range.**",
         "**%2$zu 个县（市、区）中，%1$zu 个需要采取措施才能达标，%3$zu "
         "个已经达标，"
         "%4$zu 个在给定范围内无法达标。**"},
    [RX_SV_HEAD_CITY_OK] = {"**The city meets the target with one value "
                            "for every county: %s.**",
                            "**全市统一取值 %s 即可达标。**"},
    [RX_SV_HEAD_CITY_MET] = {"**The city meets the target already, with "
                             "no change.**",
                             "**全市无需调整即已达标。**"},
    [RX_SV_HEAD_CITY_NO] =
        {"**The city cannot meet the target within the "
         "range: even %s leaves it at %s.**",
         "**全市在给定范围内无法达标：即使取 %s，仍为 %s。**"},
    [RX_SV_DO_SPENDING] =
        {"%1$s must spend %2$s less on primary spending "
         "in each year %3$ld–%4$ld (against its path)",
         "%1$s需在 %3$ld—%4$ld 年每年将一般性支出在原路径基础上压减 %2$s"},
    [RX_SV_DO_REVENUE] = {"%1$s must raise own revenue %2$s above its path "
                          "in each year %3$ld–%4$ld",
                          "%1$s需在 %3$ld—%4$ld "
                          "年每年将一般公共预算收入在原路径基础上提高 %2$s"},
    [RX_SV_DO_SWAP] = {"%1$s must swap %2$s of its base-year hidden debt a "
                       "year in %3$ld–%4$ld",
                       "%1$s需在 %3$ld—%4$ld 年每年置换基年隐性债务的 %2$s"},
    [RX_SV_DO_ADJUST] = {"%1$s needs %5$s %6$s %2$s in %3$ld–%4$ld",
                         "%1$s需在 %3$ld—%4$ld 年对 %5$s 施加 %6$s %2$s"},
    [RX_SV_DO_SET] = {"%1$s needs `%5$s = %2$s`", "%1$s需设定 `%5$s = %2$s`"},
    [RX_SV_TO_KEEP] =
        {" to keep %1$s at or below %2$s (now %3$s; with it "
         "%4$s%5$s).",
         "，才能使%1$s不高于 %2$s（目前为 %3$s；实施后为 %4$s%5$s）。"},
    [RX_SV_CANNOT] = {"- %1$s cannot within the range: even at %2$s, %3$s "
                      "stays at %4$s (now %5$s).",
                      "- %1$s在给定范围内无法达标：即使取 %2$s，%3$s仍为 "
                      "%4$s（目前为 %5$s）。"},
    [RX_SV_MET_LIST] = {"- Meeting it already: %s.", "- 已经达标：%s。"},
    [RX_SV_NONMONO] =
        {"- For %s the measure did not fall steadily as the "
         "lever rose (the scan found it rising somewhere): "
         "the value reported is the smallest found that meets "
         "the target, and a smaller one may exist.",
         "- "
         "%s的指标并未随力度加大而单调下降（扫描发现有上升）：所报数值为找到的"
         "满足目标的最小值，可能存在更小的值。"},
    [RX_SV_SEC_TABLE] = {"## Every county", "## 各县（市、区）"},
    [RX_SV_TABLE_HEAD] = {"| county | status | lever | now | with it | ± |\n"
                          "|---|---|---:|---:|---:|---:|",
                          "| 县（市、区） | 状态 | 力度 | 目前 | 实施后 | ± |\n"
                          "|---|---|---:|---:|---:|---:|"},
    [RX_SV_ST_SOLVED] = {"solved", "可达成"},
    [RX_SV_ST_MET] = {"met already", "已达标"},
    [RX_SV_ST_NOTREACH] = {"not reachable", "无法达成"},
    [RX_SV_SEC_CHARTS] = {"## Charts", "## 图表"},
    [RX_SV_CH_EFFORT] = {"The effort each county needs",
                         "各县（市、区）所需力度"},
    [RX_SV_CH_CITY] = {"The city before and after the package",
                       "方案实施前后的全市债务率"},
    [RX_SV_SEC_METHOD] = {"## Method", "## 方法"},
    [RX_SV_M_CRN] =
        {"- Every run draws the same random numbers (seed %ld), so the "
         "measure is a fixed function of the lever and the search on it is "
         "exact for that seed; the ± is the Monte Carlo standard error of "
         "the achieved value, how far another seed might move it.",
         "- 每次模拟使用相同的随机数（种子 "
         "%ld），因此指标是力度的确定函数，搜索对该"
         "种子是精确的；± "
         "为实施后数值的蒙特卡洛标准误，表示换用其他种子可能带来的变动。"},
    [RX_SV_M_SEARCH] =
        {"- A scan of 5 points over the range finds each county's bracket; "
         "then every county's bracket is halved in the same run, down to the "
         "tolerance: %ld runs in all, where one search per county would "
         "take about %zu times as many. Counties interact only through the "
         "draws they share, so each county's answer holds whatever the "
         "others do.",
         "- 先在范围内扫描 5 "
         "个点确定各县的区间，再在同一次模拟中同时对所有县二分，"
         "直至精度：共 %ld 次模拟，而逐县求解约需 %zu "
         "倍。各县之间仅通过共同的随机数"
         "相关联，因此每个县的结果不受其他县取值影响。"},
    [RX_SV_M_REPRO] =
        {"- `solved/scenario.ini` is the package as a scenario file: "
         "`debtrisk run --scenario solved/scenario.ini` with the same "
         "inputs, `--set`, `--paths` and `--seed` reproduces `solved/` byte "
         "for byte, and `batch` takes it as any scenario. `baseline/` is "
         "the same run without it.",
         "- `solved/scenario.ini` "
         "是以情景文件表示的方案：用相同的输入、`--set`、"
         "`--paths` 和 `--seed` 运行 `debtrisk run --scenario "
         "solved/scenario.ini` "
         "可逐字节复现 `solved/`，`batch` "
         "也可像其他情景一样使用它。`baseline/` 为"
         "不含该方案的同一模拟。"},
    [RX_SV_M_FILES] = {"- Numbers: `solve.csv`; every output of both runs "
                       "in `baseline/` and `solved/`.",
                       "- 数据：`solve.csv`；两次模拟的全部输出见 `baseline/` "
                       "与 `solved/`。"},
    [RX_BT_TITLE] = {"# Backtest: would the model have seen it coming?",
                     "# 回测：模型能否预见过去的走势？"},
    [RX_BT_RUN] =
        {"- History: `%1$s`; calibrated from %2$ld up to each origin; "
         "origins %3$ld–%4$ld, each projected to at most %5$ld years "
         "ahead and compared with what happened; %6$s paths a run.",
         "- 历史数据：`%1$s`；自 %2$ld 年起校准至各起点年；起点 %3$ld—%4$ld "
         "年，"
         "每个起点向后预测至多 %5$ld 年并与实际比较；每次模拟 %6$s 条路径。"},
    [RX_BT_SEC_VERDICT] = {"## In brief", "## 要点"},
    [RX_BT_HEAD] =
        {"**With %1$s shocks, the 10–90%% band held %2$s of %3$zu outcomes "
         "(ideal 80%%) and the 5–95%% band %4$s (ideal 90%%).**",
         "**采用%1$s冲击时，10%%—90%% 区间覆盖了 %3$zu 个实际结果中的 "
         "%2$s（理想为 "
         "80%%），5%%—95%% 区间覆盖 %4$s（理想为 90%%）。**"},
    [RX_BT_BEST] = {"Of the families compared, **%s** fits this city's past "
                    "best (bands closest to their ideal coverage).",
                    "在比较的冲击分布中，**%s** "
                    "与本市历史最吻合（区间覆盖率最接近理想值）。"},
    [RX_BT_ALL_BIASED] =
        {"Whatever the shocks, %s missed to one side: the fault is in the "
         "trends calibrated on the years before each origin (the past "
         "did not go on as it had been going), not in the shape of the "
         "shocks.",
         "无论采用哪种冲击，%s "
         "均系统性地偏向一侧：问题出在以起点年之前的数据校准的"
         "趋势（过去的走势没有延续），而不在冲击的分布形状。"},
    [RX_BT_NARROW] =
        {"- %1$s: bands too narrow (%2$s in the 10–90%% band): "
         "the model is overconfident about %3$s.",
         "- %1$s：区间过窄（10%%—90%% 区间覆盖 %2$s）：模型对%3$s过于自信。"},
    [RX_BT_WIDE] =
        {"- %1$s: bands too wide (%2$s in the 10–90%% band): the "
         "model is too cautious about %3$s.",
         "- %1$s：区间过宽（10%%—90%% 区间覆盖 %2$s）：模型对%3$s过于谨慎。"},
    [RX_BT_RIGHT] = {"- %1$s: about right (%2$s in the 10–90%% band).",
                     "- %1$s：基本合适（10%%—90%% 区间覆盖 %2$s）。"},
    [RX_BT_HIGH] = {"- %1$s: too pessimistic: outcomes came out above the "
                    "model's median %2$s of the time (%3$s inside its "
                    "10–90%% band).",
                    "- %1$s：模型偏于悲观：实际结果高于模型中位数的比例为 %2$s"
                    "（落在 10%%—90%% 区间内的为 %3$s）。"},
    [RX_BT_LOW] = {"- %1$s: too optimistic: outcomes came out below the "
                   "model's median %2$s of the time (%3$s inside its "
                   "10–90%% band).",
                   "- %1$s：模型偏于乐观：实际结果低于模型中位数的比例为 %2$s"
                   "（落在 10%%—90%% 区间内的为 %3$s）。"},
    [RX_BT_HIGH_DEBT] =
        {"- %1$s: too optimistic: debt came out above the "
         "model's median %2$s of the time (%3$s inside its "
         "10–90%% band).",
         "- %1$s：模型偏于乐观：实际债务率高于模型中位数的比例为 %2$s"
         "（落在 10%%—90%% 区间内的为 %3$s）。"},
    [RX_BT_LOW_DEBT] =
        {"- %1$s: too pessimistic: debt came out below the "
         "model's median %2$s of the time (%3$s inside its "
         "10–90%% band).",
         "- %1$s：模型偏于悲观：实际债务率低于模型中位数的比例为 %2$s"
         "（落在 10%%—90%% 区间内的为 %3$s）。"},
    [RX_BT_SEC_TABLE] = {"## Coverage by variable", "## 分变量覆盖率"},
    [RX_BT_TABLE_INTRO] =
        {"The share of outcomes inside each band, and the mean PIT (the "
         "probability the model gave to an outcome below the one that "
         "happened: 0.5 on average when the model is unbiased).",
         "各区间覆盖实际结果的比例，以及平均 "
         "PIT（模型给出的低于实际结果的概率；"
         "无偏时平均为 0.5）。"},
    [RX_BT_TABLE_HEAD] =
        {"| variable | shocks | outcomes | 10–90%% | 5–95%% | "
         "mean PIT |\n|---|---|---:|---:|---:|---:|",
         "| 变量 | 冲击 | 结果数 | 10%%—90%% | 5%%—95%% | 平均 PIT |\n"
         "|---|---|---:|---:|---:|---:|"},
    [RX_BT_SEC_CHARTS] = {"## Charts", "## 图表"},
    [RX_BT_CH_PIT] =
        {"PIT histograms (flat when the model is right; a U "
         "when its bands are too narrow, a hump when too wide)",
         "PIT 直方图（模型正确时应平坦；区间过窄呈 U 形，过宽呈驼峰形）"},
    [RX_BT_CH_FANS] = {"Each county's path from %ld over its fan:",
                       "各县自 %ld 年起的实际路径与预测扇形图："},
    [RX_BT_SEC_METHOD] = {"## Method", "## 方法"},
    [RX_BT_M_HOW] =
        {"- For each origin year O: the model is calibrated on the history "
         "up to O alone (MODEL.md section 11), started from the history's "
         "year O, and simulated with no projects and no scenario; what "
         "happened in the years after O is compared with the simulated "
         "distribution.",
         "- 对每个起点年 O：仅用 O 年及以前的历史数据校准模型（MODEL.md 第 11 "
         "节），"
         "以历史中 O 年的数据为基年，不含项目与情景进行模拟；将 O "
         "年之后的实际结果"
         "与模拟分布比较。"},
    [RX_BT_M_PIT] =
        {"- PIT = P(simulated < realized) + ½ P(simulated = realized), "
         "counted exactly over the paths; an outcome is in the 10–90%% band "
         "when its PIT is between 0.1 and 0.9.",
         "- PIT = P(模拟值 < 实际值) + ½ P(模拟值 = 实际值)，按路径精确计数；"
         "PIT 介于 0.1 与 0.9 之间即落在 10%%—90%% 区间内。"},
    [RX_BT_M_CAVEAT] =
        {"- Outcomes of one origin share the same years and the common "
         "shocks of the city, and rolling origins overlap, so the "
         "comparisons are far from independent: read a coverage within "
         "about 10 points of its ideal as agreement.",
         "- 同一起点的结果共享相同年份与全市共同冲击，滚动起点之间也相互重叠，"
         "因此各比较远非独立：覆盖率与理想值相差约 10 "
         "个百分点以内可视为一致。"},
    [RX_BT_M_TREND] =
        {"- The model starts from the origin year as if it were on its "
         "trend (MODEL.md section 3: every persistence state starts at 0, "
         "and land revenue swings around a trend through the base year's "
         "value). How far the origin year itself was off its trend carries "
         "into every path, so the bands of land revenue, and of growth when "
         "it persists, come out narrower than the past warrants even for a "
         "model right in every parameter: land revenue's 10–90%% band then "
         "holds about 64%% of outcomes when its shocks do not persist, and "
         "less as they do. Read a land revenue coverage near 64%% as the "
         "model doing as well as it can.",
         "- 模型把起点年视为处于趋势之上（MODEL.md 第 3 节：各持续性状态从 0 "
         "开始，"
         "土地出让收入围绕经过基年数值的趋势波动）。起点年本身偏离趋势的幅度会"
         "带入"
         "每条路径，因此即便模型的各项参数完全正确，土地出让收入（以及具有持续"
         "性的"
         "增长率）的区间也会比历史所示更窄：土地冲击不具持续性时，其 10%%—90%% "
         "区间"
         "约覆盖 64%% 的结果，持续性越强覆盖越低。土地出让收入覆盖率接近 64%% "
         "即可"
         "视为模型已尽其所能。"},
    [RX_BT_M_FILES] = {"- Numbers: `backtest.csv` (every comparison).",
                       "- 数据：`backtest.csv`（全部比较结果）。"},
    [RX_BT_V_GDP] = {"GDP", "GDP"},
    [RX_BT_V_OWN] = {"own revenue", "一般公共预算收入"},
    [RX_BT_V_TRANSFERS] = {"transfers", "上级补助收入"},
    [RX_BT_V_LAND] = {"land revenue", "土地出让收入"},
    [RX_BT_V_CFR] = {"comprehensive resources", "综合财力"},
    [RX_BT_V_BROAD] = {"the broad debt ratio", "广义债务率"},
    [RX_BT_F_NORMAL] = {"normal", "正态"},
    [RX_BT_F_STUDENT] = {"Student-t", "学生t"},
    [RX_BT_F_BOOTSTRAP] = {"bootstrap", "历史自助抽样"},
};

const char *dr_rt(const dr_rctx *r, dr_rtext_id id)
{
    return dr_rtexts[id][r->zh];
}

void dr_say(const dr_rctx *r, dr_rtext_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    vfprintf(r->f, dr_rtexts[id][r->zh], ap);
    va_end(ap);
}

const char *dr_sayb(const dr_rctx *r, char *buf, size_t n, dr_rtext_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    vsnprintf(buf, n, dr_rtexts[id][r->zh], ap);
    va_end(ap);
    return buf;
}

const char *dr_rpct(char buf[32], double v)
{
    return dr_fmt_pct(buf, v);
}

const char *dr_rline(char buf[32], double v)
{
    return dr_fmt_pct_line(buf, v);
}

const char *dr_rcount(const dr_rctx *r, char buf[32], long v)
{
    return dr_fmt_count(buf, v, r->zh);
}

char *dr_name_list(const dr_rctx *r, const size_t *idx, size_t n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    if (!f)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            fputs(k + 1 == n ? dr_rt(r, RX_AND) : dr_rt(r, RX_COMMA), f);
        dr_md_text(f, r->b->county[idx[k]].name);
    }
    if (fclose(f) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

void dr_rlost(const dr_rctx *r)
{
    if (r->nomem)
        *r->nomem = 1;
}

FILE *dr_rmem_open(const dr_rctx *r, char **s, size_t *len)
{
    FILE *m = open_memstream(s, len);
    if (!m)
        dr_rlost(r);
    return m;
}

dr_status dr_md_open_as(dr_md_file *o, const char *dir, const char *name,
                        dr_error *err)
{
    size_t n = strlen(dir) + strlen(name) + 8;
    *o = (dr_md_file){0};
    if (!(o->path = malloc(n)) || !(o->tmp = malloc(n)))
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    snprintf(o->path, n, "%s/%s", dir, name);
    snprintf(o->tmp, n, "%s/%s.tmp", dir, name);
    if (!(o->f = fopen(o->tmp, "w")) && errno == ENOMEM)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (!o->f)
        return dr_error_set(err, DR_EIO, o->tmp, 0, 0, "cannot write: %s",
                            strerror(errno));
    return DR_OK;
}

dr_status dr_md_open(dr_md_file *o, const char *dir, dr_error *err)
{
    return dr_md_open_as(o, dir, "report.md", err);
}

dr_status dr_md_close(dr_md_file *o, dr_status st, dr_error *err)
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
    *o = (dr_md_file){0};
    return st;
}

int dr_report_lang(dr_lang lang)
{
    return lang == DR_LANG_ZH;
}

/* A change (a fraction) in signed percentage points: +8.1, −39.3, 0. */
const char *dr_pts(char buf[32], double v)
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
const char *dr_se_pts(char buf[32], double v)
{
    double x = 100.0 * v;
    snprintf(buf, 32, x > 0.0 && x < 0.05 ? "%.2f" : "%.1f", x);
    return buf;
}

/* 1 when dir/rel is a file; rel in buf for a link. No allocation: a
 * path longer than PATH_MAX is none that access() could find. */
int dr_file_exists(const char *dir, const char *rel)
{
    char p[PATH_MAX];
    int n = snprintf(p, sizeof p, "%s/%s", dir, rel);
    return n > 0 && (size_t)n < sizeof p && access(p, R_OK) == 0;
}

/* sub/charts/NAME.png, else .svg, when drawn, in buf; NULL otherwise. sub
 * may be "" for dir itself. */
const char *dr_picture_in(const char *dir, const char *sub, const char *name,
                          char *buf, size_t n)
{
    static const char *const ext[] = {"png", "svg"};
    for (int k = 0; k < 2; k++) {
        snprintf(buf, n, "%s%scharts/%s.%s", sub, *sub ? "/" : "", name,
                 ext[k]);
        if (dr_file_exists(dir, buf))
            return buf;
    }
    return NULL;
}

/* Markdown-escaped text of s in lang, for a table cell. */
void dr_md_lang(const dr_rctx *r, const char *s)
{
    char *t = dr_lang_text(s, r->zh ? DR_LANG_ZH : DR_LANG_EN);
    if (!t)
        dr_rlost(r);
    dr_md_text(r->f, t ? t : s);
    free(t);
}
