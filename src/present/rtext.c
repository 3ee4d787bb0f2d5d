#define _GNU_SOURCE /* open_memstream */
#include "present/rtext.h"

#include <errno.h>
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

dr_status dr_md_open_as(dr_md_file *o, const char *dir, const char *name,
                        dr_error *err)
{
    size_t n = strlen(dir) + strlen(name) + 8;
    *o = (dr_md_file){0};
    if (!(o->path = malloc(n)) || !(o->tmp = malloc(n)))
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    snprintf(o->path, n, "%s/%s", dir, name);
    snprintf(o->tmp, n, "%s/%s.tmp", dir, name);
    if (!(o->f = fopen(o->tmp, "w")))
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

int dr_report_lang(const char *lang, dr_error *err)
{
    if (!lang || strcmp(lang, "en") == 0)
        return 0;
    if (strcmp(lang, "zh") == 0)
        return 1;
    dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                 "--lang: expected en or zh, found '%s'", lang);
    return -1;
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

/* 1 when dir/rel is a file; rel in buf for a link. */
int dr_file_exists(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (!p)
        return 0;
    snprintf(p, n, "%s/%s", dir, rel);
    int ok = access(p, R_OK) == 0;
    free(p);
    return ok;
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
    char *t = dr_lang_text(s, r->zh ? "zh" : "en");
    dr_md_text(r->f, t ? t : s);
    free(t);
}
