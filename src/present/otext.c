#include "present/otext.h"

const char *const dr_otexts[OX_COUNT][2] = {
    [OX_WB_SUMMARY] = {"Overview", "概览"},
    [OX_WB_TITLE] = {"Debt risk outlook: %s", "债务风险展望：%s"},
    [OX_WB_MC] = {"%ld simulated paths, seed %s; base year %ld, horizon %ld",
                  "模拟路径 %ld 条，随机种子 %s；基年 %ld 年，展望至 %ld 年"},
    [OX_WB_DET] =
        {"Deterministic projection (no shocks); base year %ld, horizon "
         "%ld",
         "确定性预测（无随机冲击）；基年 %ld 年，展望至 %ld 年"},
    [OX_WB_LEGEND] =
        {"Ratios coloured by grade: green below %s, yellow below "
         "%s, orange below %s, red from there on; bold red above the "
         "warning line (%s).",
         "债务率按等级着色：低于 %s 为绿色，低于 %s 为黄色，低于 %s "
         "为橙色，此后为红色；高于警戒线（%s）加粗标红。"},
    [OX_WB_RANK] = {"Rank", "排序"},
    [OX_WB_COUNTY] = {"County", "区县"},
    [OX_WB_ID] = {"Id", "代码"},
    [OX_WB_TYPE] = {"Type", "类型"},
    [OX_WB_BASE] = {"Broad ratio %ld", "%ld 年宽口径债务率"},
    [OX_WB_P50] = {"Median %ld", "%ld 年中位数"},
    [OX_WB_P10] = {"10th percentile %ld", "%ld 年第10百分位"},
    [OX_WB_P90] = {"90th percentile %ld", "%ld 年第90百分位"},
    [OX_WB_PB] = {"P(breach by %ld)", "至 %ld 年突破概率"},
    [OX_WB_SE] = {"± standard error", "± 标准误"},
    [OX_WB_FIRST] =
        {"First year at 50%%",
         "概率过半年份"}, /* printed as a format, like the headers beside it */
    [OX_WB_RED] = {"P(red in %ld)", "%ld 年红色概率"},
    [OX_WB_CITY] = {"City (all counties)", "全市（所有区县）"},
    [OX_WB_SETTINGS] = {"Settings", "运行设置"},
    [OX_WB_MODEL] = {"Model", "模型参数"},
    [OX_WB_CMP] = {"Comparison", "情景比较"},
    [OX_WB_CMP_TITLE] = {"Scenario review: P(breach by %ld)",
                         "情景比较：至 %ld 年突破警戒线的概率"},
    [OX_WB_CMP_NOTE] =
        {"Each scenario's change against the baseline, in "
         "percentage points, with its paired standard error; red "
         "riskier, green safer.",
         "各情景相对基准情景的变化（百分点）及配对标准误；红色表示"
         "风险上升，绿色表示下降。"},
    [OX_WB_BASELINE] = {"Baseline", "基准情景"},
    [OX_WB_DELTA] = {"%s: change", "%s：变化"},
    [OX_WB_SENS] = {"Drivers", "敏感性排序"},
    [OX_WB_SENS_TITLE] = {"What moves the city's P(breach by %ld)",
                          "影响全市至 %ld 年突破概率的因素"},
    [OX_WB_SENS_NOTE] = {"Parameters ranked by how far they move the city; "
                         "changes in percentage points against the baseline.",
                         "参数按对全市影响大小排序；变化为相对基准的百分点。"},
    [OX_WB_PARAM] = {"Parameter", "参数"},
    [OX_WB_LOW] = {"Low setting", "低值设定"},
    [OX_WB_HIGH] = {"High setting", "高值设定"},
    [OX_WB_PBASE] = {"P(breach), baseline", "基准突破概率"},
    [OX_WB_PLOW] = {"P(breach), low", "低值突破概率"},
    [OX_WB_PHIGH] = {"P(breach), high", "高值突破概率"},
    [OX_WB_DLOW] = {"Change, low", "低值变化"},
    [OX_WB_DHIGH] = {"Change, high", "高值变化"},
    [OX_WB_SOLVE] = {"Effort", "政策求解"},
    [OX_WB_SOLVE_TITLE] = {"What it takes: %s for %s",
                           "达标所需力度：%s，目标 %s"},
    [OX_WB_SOLVE_NOTE] =
        {"The smallest value of the lever that meets the target, "
         "on common random numbers; the achieved value with its "
         "Monte Carlo standard error.",
         "满足目标的最小杠杆取值（共同随机数）；达到值附蒙特卡洛"
         "标准误。"},
    [OX_WB_STATUS] = {"Status", "状态"},
    [OX_WB_VALUE] = {"Value needed", "所需力度"},
    [OX_WB_ACHIEVED] = {"Achieved", "达到值"},
    [OX_WB_BASEVAL] = {"Without the lever", "不采取措施"},
    [OX_WB_SOLVED] = {"solved", "可达标"},
    [OX_WB_MET] = {"met already", "已达标"},
    [OX_WB_NOTREACH] = {"not reachable in the range", "范围内无法达标"},
    [OX_WB_SCENARIO] = {"Scenario", "求解方案"},
    [OX_DK_RUN] = {"Debt risk briefing", "债务风险简报"},
    [OX_DK_REVIEW] = {"Scenario review", "情景比较"},
    [OX_DK_SENS] = {"What drives the risk", "风险敏感性分析"},
    [OX_DK_SOLVE] = {"What it takes to stay under the line",
                     "守住警戒线所需力度"},
    [OX_DK_BRIEF] = {"## In brief", "## 要点"},
    [OX_DK_SCEN_TABLE] = {"## The scenarios for the city",
                          "## 各情景下的全市风险"},
    [OX_DK_SCEN_HEAD] =
        {"| Scenario | P(city breaches by %1$ld) | Change against "
         "the baseline ± se |\n|---|---:|---:|\n",
         "| 情景 | 至 %1$ld 年全市突破概率 | 较基准变化 ± 标准误 "
         "|\n|---|---:|---:|\n"},
    [OX_DK_BASELINE] = {"Baseline", "基准情景"},
    [OX_DK_NSCEN] = {"%zu scenarios against the baseline, on the same draws",
                     "%zu 个情景与基准情景比较（同一组随机抽样）"},
    [OX_DK_MOVES] =
        {"**What moves the city's chance of a breach by %1$ld most: "
         "%2$s.**",
         "**对全市至 %1$ld 年突破概率影响最大的因素：%2$s。**"},
    [OX_DK_MOVES_ONE] = {"%1$s (%2$s points)", "%1$s（%2$s 个百分点）"},
    [OX_DK_TORNADO_CITY] = {"## What moves the city", "## 影响全市的因素"},
    [OX_DK_TORNADO] = {"## What moves %s", "## 影响%s的因素"},
    [OX_DK_EFFORT] = {"## What each county must do",
                      "## 各县（市、区）所需力度"},
    [OX_DK_EFFORT_HEAD] =
        {"| County | Status | Value needed |\n|---|---|---:|\n",
         "| 县（市、区） | 状态 | 所需力度 |\n|---|---|---:|\n"},
    [OX_DK_EFFORT_CHART] = {"## The effort, county by county",
                            "## 各县（市、区）所需力度"},
    [OX_DK_SOLVE_CITY] = {"## The city before and after", "## 全市：措施前后"},
    [OX_DK_SOLVE_COUNT] =
        {"**%1$s for %2$s: %3$zu counties need the lever, %4$zu "
         "meet the target already, %5$zu cannot within the "
         "range.**",
         "**%1$s，目标 %2$s：%3$zu 个县（市、区）需采取措施，%4$zu "
         "个已达标，%5$zu 个在给定范围内无法达标。**"},
    [OX_DK_MET] = {"met already", "已达标"},
    [OX_DK_SOLVED] = {"solved", "可达标"},
    [OX_DK_NOTREACH] = {"not reachable", "无法达标"},
    [OX_DK_CITY] = {"City", "全市"},
    [OX_DK_DEF] =
        {"- Broad debt ratio = (explicit + hidden debt) / comprehensive "
         "fiscal resources; warning line %1$s; grades yellow from %2$s, "
         "orange from %3$s, red from %4$s",
         "- 广义债务率 =（显性债务 + 隐性债务）/ 综合财力；警戒线 %1$s；"
         "黄色自 %2$s、橙色自 %3$s、红色自 %4$s 起"},
    [OX_DK_MORE] = {"- Every number behind these slides: the workbook and the "
                    "report beside this deck",
                    "- 各页数据详见同一文件夹中的工作簿和报告"},
};

const char *dr_ot(int zh, dr_otext_id id)
{
    return dr_otexts[id][zh ? 1 : 0];
}
