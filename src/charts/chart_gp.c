/* Writing gnuplot scripts and their data (chart_gp.h): what the charts of
 * chart.c and review_chart.c share. */
#define _GNU_SOURCE /* asprintf */
#include "charts/chart_gp.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/textfile.h"
#include "charts/chart.h"
#include "config.h"
#include "outputs/outdir.h"

/* The words of text_id (chart_gp.h). */
static const char *const texts[TX_COUNT][2] = {
    [TX_SCENARIO] = {"Scenario: %s", "情景：%s"},
    [TX_PATHS] = {"%s simulated paths", "模拟路径 %s 条"},
    [TX_SEED] = {"seed %s", "随机种子 %s"},
    [TX_DETERMINISTIC] = {"deterministic projection (every shock at its mean)",
                          "确定性预测（冲击取均值）"},
    [TX_FAN_SUBJECT] = {"Broad debt ratio", "广义债务率"},
    [TX_CITY_TITLE] = {"Whole city: all %zu counties together",
                       "全市：%zu 个县（市、区）合计"},
    [TX_CITY_SUBJECT] = {"Broad debt ratio of the city", "全市广义债务率"},
    [TX_BAND_90] = {"5–95%", "5–95% 区间"},
    [TX_BAND_80] = {"10–90%", "10–90% 区间"},
    [TX_BAND_50] = {"25–75%", "25–75% 区间"},
    [TX_MEDIAN_AT] = {"Median (%s in %ld)", "中位数（%s，%ld年）"},
    [TX_PROJECTION_AT] = {"Projection (%s in %ld)", "预测值（%s，%ld年）"},
    [TX_WARNING_LINE] = {"Warning line %s", "警戒线 %s"},
    [TX_BASE_YEAR] = {"Data %ld: %s", "基年 %ld：%s"},
    [TX_CUT_OFF] = {"cut off above %s", "高于 %s 的部分未画出"},
    [TX_GREEN] = {"Green", "绿色"},
    [TX_YELLOW] = {"Yellow", "黄色"},
    [TX_ORANGE] = {"Orange", "橙色"},
    [TX_RED] = {"Red", "红色"},
    [TX_HEAT_TITLE] = {"Probability of a debt ratio above the warning line",
                       "债务率超过警戒线的概率"},
    [TX_HEAT_ORDER] = {"Broad debt ratio above %s, riskiest counties first",
                       "广义债务率高于 %s，风险高的县（市、区）在上"},
    [TX_YEAR] = {"Year", "年份"},
    [TX_PROBABILITY] = {"Probability", "概率"},
    [TX_RANK_TITLE] = {"Which counties will breach the warning line by %ld?",
                       "哪些县（市、区）将在%ld年前突破警戒线？"},
    [TX_RANK_SUBJECT] = {"Broad debt ratio above %1$s in at least one year "
                         "up to %2$ld",
                         "至%2$ld年广义债务率至少有一年高于 %1$s"},
    [TX_RANK_AXIS] = {"Probability of a breach (whiskers: ±2 standard errors)",
                      "突破警戒线的概率（误差线：±2 倍标准误）"},
    [TX_RANK_AXIS_DET] = {"Probability of a breach", "突破警戒线的概率"},
    [TX_RANK_KEY] = {"Colour: grade of the median debt ratio in %ld",
                     "颜色：%ld年债务率中位数所在等级"},
    [TX_GRADES_TITLE] = {"Debt ratio grades in %ld", "%ld年债务率等级"},
    [TX_GRADES_SUBJECT] = {"Probability of each grade of the broad debt ratio",
                           "广义债务率各等级的概率"},
    [TX_ABOVE_TITLE] = {"How many counties will be above the warning line?",
                        "多少个县（市、区）将超过警戒线？"},
    [TX_ABOVE_SUBJECT] = {"Counties with a broad debt ratio above %s, of %zu",
                          "广义债务率高于 %s 的县（市、区）个数，共 %zu 个"},
    [TX_ABOVE_DIST] = {"Probability of each count in %ld", "%ld年各个数的概率"},
    [TX_ABOVE_DIST_AXIS] = {"Counties above the line",
                            "超过警戒线的县（市、区）个数"},
    [TX_ABOVE_YEARS] = {"Expected number, by year", "各年预期个数"},
    [TX_ABOVE_YEARS_AXIS] = {"Counties", "个数"},
    [TX_EXPECTED] = {"expected %s", "期望 %s"},
    [TX_REVIEW_RUN] = {"Baseline and %1$zu scenarios on the same %2$s paths"
                       "  ·  seed %3$s",
                       "基准与 %1$zu 个情景使用相同的 %2$s 条模拟路径  ·  "
                       "随机种子 %3$s"},
    [TX_REVIEW_RUN_DET] = {"Baseline and %1$zu scenarios  ·  deterministic "
                           "projection (every shock at its mean)",
                           "基准与 %1$zu 个情景  ·  确定性预测（冲击取均值）"},
    [TX_CMP_BREACH_TITLE] = {"How each scenario changes the risk of a breach "
                             "by %ld",
                             "各情景下至%ld年突破警戒线的概率"},
    [TX_CMP_CITY_ROW] = {"City (all counties)", "全市合计"},
    [TX_CMP_KEY_BREACH] = {"Scenario (city: change in points)",
                           "情景（全市变化，百分点）"},
    [TX_CMP_CITY_TITLE] = {"The city's debt ratio under each scenario",
                           "各情景下的全市广义债务率"},
    [TX_CMP_CITY_SUBJECT] = {"Median broad debt ratio, all %zu counties "
                             "together",
                             "全市 %zu 个县（市、区）合计，广义债务率中位数"},
    [TX_CMP_KEY_CITY] = {"Scenario (median in %ld)", "情景（%ld年中位数）"},
    [TX_TORNADO_TITLE] = {"Which assumptions matter most for %s?",
                          "哪些假设对%s影响最大？"},
    [TX_THE_CITY] = {"the city", "全市"},
    [TX_TORNADO_SUBJECT] = {"Probability of a breach by %1$ld, base %2$s; one "
                            "parameter at a time, at its low and high setting",
                            "至%1$ld年突破警戒线的概率，基准 %2$s；每次只改变"
                            "一个参数，取低值和高值"},
    [TX_LOW] = {"Low setting", "低值"},
    [TX_HIGH] = {"High setting", "高值"},
    [TX_BASE_P] = {"Base %s", "基准 %s"},
    [TX_TORNADO_AXIS] = {"Probability of a breach by %ld",
                         "至%ld年突破警戒线的概率"},
    [TX_CB_SERIES_TITLE] = {"%s: the history and what the estimates say",
                            "%s：历史数据与估计结果"},
    [TX_CB_RUN] = {"History %1$ld–%2$ld  ·  %3$s",
                   "历史 %1$ld—%2$ld 年  ·  %3$s"},
    [TX_CB_BY_TYPE] = {"estimates by type", "按类型估计"},
    [TX_CB_BY_CITY] = {"one estimate for the city", "全市统一估计"},
    [TX_CB_BY_COUNTY] = {"estimates by county, shrunk toward the type",
                         "分县估计（向类型收缩）"},
    [TX_CB_GDP] = {"Nominal GDP growth (%)", "名义GDP增长（%）"},
    [TX_CB_OWN] = {"Own revenue growth (%)", "一般公共预算收入增长（%）"},
    [TX_CB_TRANSFERS] = {"Transfers growth (%)", "上级补助收入增长（%）"},
    [TX_CB_LAND] = {"Land revenue (100 million yuan)", "土地出让收入（亿元）"},
    [TX_CB_HISTORY] = {"history", "历史"},
    [TX_CB_TREND] = {"trend", "趋势"},
    [TX_CB_FIT] = {"fitted on GDP growth", "按GDP增长拟合"},
    [TX_CB_BAND] = {"± 1 sd", "± 1 个标准差"},
    [TX_CB_CORR_TITLE] = {"How the shocks move together", "冲击之间的相关性"},
    [TX_CB_CORR_SUBJECT] = {"Correlation of standardized innovations, %ld "
                            "county-years",
                            "标准化新息相关系数，%ld 个县-年"},
    [TX_CB_V_GROWTH] = {"growth", "增长"},
    [TX_CB_V_OWN] = {"own revenue", "一般收入"},
    [TX_CB_V_LAND] = {"land", "土地"},
    [TX_CB_V_TRANSFERS] = {"transfers", "上级补助"},
    [TX_CB_SHRINK_TITLE] = {"County estimates pulled toward their type",
                            "县级估计向类型估计收缩"},
    [TX_CB_SHRINK_SUBJECT] = {"Empirical Bayes: a noisy county estimate "
                              "moves most",
                              "经验贝叶斯：噪声越大的县级估计收缩越多"},
    [TX_CB_OWN_EST] = {"county alone ± se", "县自身估计 ± 标准误"},
    [TX_CB_TYPE_EST] = {"its type", "所属类型"},
    [TX_CB_SHRUNK] = {"shrunk (in force)", "收缩后（采用）"},
    [TX_CB_K_GROWTH_MU] = {"GDP growth, mean (%)", "GDP增长均值（%）"},
    [TX_CB_K_OR_BETA] = {"Own revenue elasticity β", "一般收入弹性 β"},
    [TX_CB_K_LAND_MU] = {"Land trend (% a year)", "土地趋势（%/年）"},
    [TX_CB_K_LAND_SIGMA] = {"Land shock sd (%)", "土地冲击标准差（%）"},
    [TX_CB_K_TR_MU] = {"Transfers growth, mean (%)", "上级补助增长均值（%）"},
    [TX_CB_K_SPENDING_MU] = {"Spending growth, mean (%)", "支出增长均值（%）"},
    [TX_SV_EFFORT_TITLE] = {"What it takes: the effort each county needs",
                            "各县（市、区）所需力度"},
    [TX_SV_EFFORT_SUBJECT] = {"%1$s to keep %2$s at or below %3$s",
                              "为使%2$s不高于 %3$s 所需的%1$s"},
    [TX_SV_RUN] = {"%1$s paths, seed %2$ld  ·  %3$ld runs",
                   "%1$s 条路径，种子 %2$ld  ·  共 %3$ld 次模拟"},
    [TX_SV_SOLVED] = {"solved", "可达成"},
    [TX_SV_MET] = {"met already", "已达标"},
    [TX_SV_NOTREACH] = {"not reachable in the range (shown at its end)",
                        "范围内无法达成（按上限显示）"},
    [TX_SV_FAN_TITLE] = {"The city before and after the package",
                         "方案实施前后的全市债务率"},
    [TX_SV_FAN_SUBJECT] = {"City debt ratio: median and 10–90% band",
                           "全市债务率：中位数及 10%—90% 区间"},
    [TX_SV_BEFORE] = {"baseline", "基准"},
    [TX_SV_AFTER] = {"with the package", "实施方案后"},
    [TX_SV_LINE] = {"warning line", "警戒线"},
    [TX_SV_AXIS_RATIO] = {"debt ratio (%)", "债务率（%）"},
    [TX_BT_PIT_TITLE] = {"Where what happened fell in the model's "
                         "distribution",
                         "实际结果在模型分布中的位置"},
    [TX_BT_PIT_SUBJECT] =
        {"PIT histograms: flat when the bands are right, a "
         "U when too narrow, a hump when too wide",
         "PIT 直方图：区间合适时平坦，过窄呈 U 形，过宽呈驼峰形"},
    [TX_BT_RUN] = {"Origins %1$ld–%2$ld  ·  calibrated from %3$ld",
                   "起点 %1$ld—%2$ld 年  ·  自 %3$ld 年起校准"},
    [TX_BT_FAN_RUN] = {"calibrated on %1$ld–%2$ld", "以 %1$ld—%2$ld 年校准"},
    [TX_BT_FAN_TITLE] = {"%s: what happened against the forecast",
                         "%s：实际与预测"},
    [TX_BT_FAN_SUBJECT] =
        {"Forecast from %1$ld with %2$s shocks: 5–95%% "
         "and 25–75%% bands, median; dots: what happened",
         "%1$ld 年起的预测（%2$s冲击）：5%%—95%% 与 25%%—75%% "
         "区间及中位数；圆点为实际值"},
    [TX_BT_IDEAL] = {"ideal", "理想"},
    [TX_BT_REALIZED] = {"what happened", "实际值"},
    [TX_BT_V_GDP] = {"GDP (100 million yuan)", "GDP（亿元）"},
    [TX_BT_V_OWN] = {"Own revenue (100 million yuan)",
                     "一般公共预算收入（亿元）"},
    [TX_BT_V_TRANSFERS] = {"Transfers (100 million yuan)",
                           "上级补助收入（亿元）"},
    [TX_BT_V_LAND] = {"Land revenue (100 million yuan)",
                      "土地出让收入（亿元）"},
    [TX_BT_V_CFR] = {"Comprehensive resources (100 million yuan)",
                     "综合财力（亿元）"},
    [TX_BT_V_BROAD] = {"Broad debt ratio (%)", "广义债务率（%）"},
    [TX_BT_P_GDP] = {"GDP", "GDP"},
    [TX_BT_P_OWN] = {"Own revenue", "一般公共预算收入"},
    [TX_BT_P_TRANSFERS] = {"Transfers", "上级补助收入"},
    [TX_BT_P_LAND] = {"Land revenue", "土地出让收入"},
    [TX_BT_P_CFR] = {"Comprehensive resources", "综合财力"},
    [TX_BT_P_BROAD] = {"Broad debt ratio", "广义债务率"},
    [TX_BT_PIT_X] = {"PIT", "PIT"},
    [TX_BT_PIT_Y] = {"% of outcomes", "结果占比（%）"},
    [TX_BT_F_NORMAL] = {"normal", "正态"},
    [TX_BT_F_STUDENT] = {"Student-t", "学生t"},
    [TX_BT_F_BOOTSTRAP] = {"bootstrap", "历史自助抽样"},
};

const char *gp_tx(const chart_ctx *c, text_id id)
{
    return texts[id][c->zh];
}

const char *gp_txf(const chart_ctx *c, char *buf, size_t n, text_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    vsnprintf(buf, n, texts[id][c->zh], ap);
    va_end(ap);
    return buf;
}

const char *gp_count(const chart_ctx *c, char buf[32], long v)
{
    return dr_fmt_count(buf, v, c->zh);
}

dr_status gp_oom(dr_error *err)
{
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}

/* ------------------------------------------------------------------------ */
/* Files. */

dr_status gp_open(const chart_ctx *c, const char *name, const char *ext,
                  gp_file *g)
{
    size_t n = strlen(c->dir) + strlen(name) + strlen(ext) + 3;
    g->f = NULL;
    g->path = NULL;
    if (!gp_name_ok(name))
        return dr_error_set(c->err, DR_EINPUT, NULL, 0, 0,
                            "'%s' cannot name a chart (letters, digits, _, "
                            "- and @, starting with a letter)",
                            name);
    if (!(g->path = malloc(n)))
        return gp_oom(c->err);
    snprintf(g->path, n, "%s/%s.%s", c->dir, name, ext);
    if (!(g->f = fopen(g->path, "w"))) {
        dr_status st = errno == ENOMEM
                           ? gp_oom(c->err)
                           : dr_error_set(c->err, DR_EIO, g->path, 0, 0,
                                          "cannot write: %s", strerror(errno));
        free(g->path);
        g->path = NULL;
        return st;
    }
    return DR_OK;
}

dr_status gp_close(const chart_ctx *c, gp_file *g, dr_status st)
{
    if (g->f) {
        int bad = ferror(g->f);
        if (fclose(g->f) != 0)
            bad = 1;
        if (bad && st == DR_OK)
            st = dr_error_set(c->err, DR_EIO, g->path, 0, 0, "cannot write: %s",
                              strerror(errno));
    }
    if (st == DR_OK && c->nomem && *c->nomem)
        st = gp_oom(c->err);
    free(g->path);
    *g = (gp_file){0};
    return st;
}

void gp_quote(FILE *f, const char *s, int tic)
{
    /* Single quotes on purpose: gnuplot expands backquotes (`cmd`) inside
     * double quotes and reads backslash escapes there; inside single
     * quotes it expands neither backquotes nor @macros, a backslash is a
     * backslash, and the only special character is the quote itself. What
     * could still end the command is a line break: every control character
     * (and U+2028, U+2029) becomes a space, though the readers refuse them
     * already (dr_text_check). */
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    fputc('\'', f);
    while (left > 0) {
        size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        if (len > left || dr_utf8_bad(p, len) < len) {
            fputc('?', f); /* a character cut by a caller's buffer */
            len = 1;
        } else if (*p == '\'') {
            fputs("''", f);
        } else if (*p == '%' && tic) {
            fputs("%%", f);
        } else if (*p < 0x20 || *p == 0x7f || (p[0] == 0xC2 && p[1] <= 0x9F) ||
                   (p[0] == 0xE2 && p[1] == 0x80 &&
                    (p[2] == 0xA8 || p[2] == 0xA9))) {
            fputc(' ', f); /* C0, DEL, C1, U+2028, U+2029 */
        } else {
            fwrite(p, 1, len, f);
        }
        p += len;
        left -= len;
    }
    fputc('\'', f);
}

int gp_name_ok(const char *name)
{
    /* an output name or a data file beginning with '|' or '<' would be a
     * command to gnuplot: a name is never more than these characters */
    if (!*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-' ||
              *p == '@') ||
            (unsigned char)*p > 127)
            return 0;
    return isalpha((unsigned char)name[0]);
}

void gp_str(FILE *f, const char *s)
{
    gp_quote(f, s, 0);
}

void gp_dat_num(FILE *f, double v)
{
    if (isnan(v))
        fputs(" nan", f);
    else if (isinf(v))
        fputs(v > 0 ? " inf" : " -inf", f);
    else
        fprintf(f, " %.12g", v == 0.0 ? 0.0 : v);
}

/* ------------------------------------------------------------------------ */
/* The parts of a script. */

void gp_begin(const chart_ctx *c, FILE *f, const char *name, const char *about)
{
    /* Comments hold only the program's own words and the chart's name: a
     * comment ending in a backslash continues onto the next line, and a
     * line break in it would start a command. */
    fprintf(f, "# %s\n", about);
    fprintf(f,
            "# Drawn by debtrisk %s from the CSV files of the folder above;\n"
            "# its numbers are in %s.dat, ratios and probabilities in "
            "percent.\n"
            "# Redraw every picture, run in this folder:  gnuplot %s.gp\n"
            "# Restyle: FORMATS, FONT and the colours below.\n",
            DR_VERSION, name, name);
    fputs("reset\nset encoding utf8\n", f);
    fputs("FORMATS = '", f);
    const char *sep = "";
    static const char *const ext[] = {"png", "svg", "pdf"};
    for (int k = 0; k < 3; k++)
        if (c->formats & (1u << k)) {
            fprintf(f, "%s%s", sep, ext[k]);
            sep = " ";
        }
    fputs("'\nFONT = 'Noto Sans CJK SC'\n", f);
    fputs("INK = '" INK "'; MUTED = '" MUTED "'; WARN = '" WARN "'\n", f);
    fputs("set border 3 lw 1 lc rgb '#444444'\n"
          "set tics nomirror out scale 0.5 textcolor rgb '#333333'\n",
          f);
}

const char *gp_run_line(const chart_ctx *c, char *buf, size_t n)
{
    char a[256], p[64], s[160], cnt[32];
    char *title = dr_lang_text(dr_briefing_scenario(c->b),
                               c->zh ? DR_LANG_ZH : DR_LANG_EN);
    gp_txf(c, a, sizeof a, TX_SCENARIO,
           title ? title : dr_briefing_scenario(c->b));
    if (!title && c->nomem)
        *c->nomem = 1;
    free(title);
    if (c->b->deterministic) {
        snprintf(buf, n, "%s  ·  %s", a, gp_tx(c, TX_DETERMINISTIC));
        return buf;
    }
    gp_txf(c, p, sizeof p, TX_PATHS, gp_count(c, cnt, c->b->paths));
    gp_txf(c, s, sizeof s, TX_SEED, c->b->seed);
    snprintf(buf, n, "%s  ·  %s  ·  %s", a, p, s);
    return buf;
}

double gp_titles(FILE *f, const char *title, const char *subject,
                 const char *run)
{
    char line[1024];
    fputs("set label 1 ", f);
    gp_str(f, title);
    fputs(" at screen 0.035, screen 0.925 left font ',28' textcolor rgb INK "
          "front\n",
          f);
    if (subject)
        snprintf(line, sizeof line, "%s  ·  %s", subject, run);
    else
        snprintf(line, sizeof line, "%s", run);
    if (!subject || gp_text_px(line, 17) < 0.94 * 1600.0) {
        fputs("set label 2 ", f);
        gp_str(f, line);
        fputs(" at screen 0.035, screen 0.865 left font ',17' textcolor rgb "
              "MUTED front\n",
              f);
        return 0.815;
    }
    fputs("set label 2 ", f);
    gp_str(f, subject);
    fputs(" at screen 0.035, screen 0.865 left font ',17' textcolor rgb "
          "MUTED front\n",
          f);
    fputs("set label 3 ", f);
    gp_str(f, run);
    fputs(" at screen 0.035, screen 0.83 left font ',17' textcolor rgb "
          "MUTED front\n",
          f);
    return 0.78;
}

static double legend_width(const legend_item *it, size_t n, int pt)
{
    double x = 0.0;
    for (size_t k = 0; k < n; k++)
        x += (it[k].kind == LG_TEXT ? 0.0 : 0.031) +
             gp_text_px(it[k].text, pt) / 1600.0 + (k + 1 < n ? 0.03 : 0.0);
    return x;
}

void gp_legend(FILE *f, const legend_item *it, size_t n, double y, int pt)
{
    double x = 0.035;
    /* a long legend is set smaller rather than cut off */
    while (pt > 11 && legend_width(it, n, pt) > 0.94)
        pt--;
    for (size_t k = 0; k < n; k++) {
        int id = 60 + (int)k;
        double w = 0.024; /* the sample */
        switch (it[k].kind) {
        case LG_TEXT: w = 0.0; break;
        case LG_BOX:
            fprintf(f,
                    "set object %d rect from screen %.4f, screen %.4f to "
                    "screen %.4f, screen %.4f fillcolor rgb %s fillstyle "
                    "solid 1.0 noborder front\n",
                    id, x, y - 0.0125, x + w, y + 0.0125, it[k].color);
            break;
        case LG_LINE:
        case LG_DASH:
            fprintf(f,
                    "set arrow %d from screen %.4f, screen %.4f to screen "
                    "%.4f, screen %.4f nohead lw %s lc rgb %s front\n",
                    id, x, y, x + w, y,
                    it[k].kind == LG_DASH ? "3.5 dt (4,2)" : "3", it[k].color);
            break;
        }
        if (w > 0.0)
            x += w + 0.007;
        fprintf(f, "set label %d ", id);
        gp_str(f, it[k].text);
        fprintf(f,
                " at screen %.4f, screen %.4f left font ',%d' textcolor "
                "rgb INK front\n",
                x, y, pt);
        x += gp_text_px(it[k].text, pt) / 1600.0 + 0.03;
    }
}

/* The PNG is 1600x900 pixels; the SVG the same; the PDF 16x9 cm. Fonts,
 * lines and points (PS scales every point size) are set per terminal so
 * that the three look alike: the factors were measured by rasterising each
 * at 1600 pixels. */
void gp_loop_begin(FILE *f, const char *name)
{
    fputs("do for [fmt in FORMATS] {\n"
          "    if (fmt eq 'png') { set terminal pngcairo size 1600,900 "
          "noenhanced font FONT.',20' linewidth 2 background rgb 'white'; "
          "PS = 1 }\n"
          "    if (fmt eq 'svg') { set terminal svg size 1600,900 noenhanced "
          "font FONT.',20' fontscale 1.333 linewidth 2 background rgb "
          "'white'; PS = 0.65 }\n"
          "    if (fmt eq 'pdf') { set terminal pdfcairo size 16cm,9cm "
          "noenhanced font FONT.',20' fontscale 0.2835 linewidth 1.2 "
          "background rgb 'white'; PS = 0.24 }\n",
          f);
    fprintf(f, "    set output '%s.'.fmt\n", name);
}

void gp_loop_end(FILE *f)
{
    fputs("    set output\n}\n", f);
}

/* ------------------------------------------------------------------------ */
/* Layout. */

double gp_text_cells(const char *s)
{
    double w = 0.0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        if (*p >= 0xE0)
            w += 1.0;
        else if (*p >= 0x80)
            w += 0.6;
        else if (*p == ' ')
            w += 0.25;
        else if (*p >= '0' && *p <= '9')
            w += 0.56;
        else if (*p >= 'A' && *p <= 'Z')
            w += 0.64;
        else if (strchr("iljtf.,:;'()|!", *p))
            w += 0.3;
        else if (*p == 'm' || *p == 'w' || *p == '%')
            w += 0.8;
        else
            w += 0.52;
    }
    return w;
}

double gp_text_px(const char *s, int pt)
{
    return gp_text_cells(s) * pt * 1.333;
}

double gp_label_margin(double cells, int pt, double min)
{
    /* a character cell of a pt-point font is about 1.33 pt pixels wide */
    double m = 0.035 + (cells * pt * 1.333 + 20.0) / 1600.0;
    return fmin(0.4, fmax(min, m));
}

int gp_row_font(size_t n, double h, int max)
{
    int pt = (int)(h / (double)n * 0.72 / 1.333);
    return pt > max ? max : pt < 8 ? 8 : pt;
}

double gp_nice_step(double span, int target)
{
    if (!(span > 0.0))
        return 1.0;
    double raw = span / target;
    double p = pow(10.0, floor(log10(raw)));
    static const double m[] = {1.0, 2.0, 2.5, 5.0, 10.0};
    for (int k = 0; k < 5; k++)
        if (m[k] * p >= raw)
            return m[k] * p;
    return 10.0 * p;
}

/* ------------------------------------------------------------------------ */
/* Drawing. */

dr_status gp_draw_args(unsigned formats, dr_error *err)
{
    if (formats & ~(unsigned)(DR_CHART_PNG | DR_CHART_SVG | DR_CHART_PDF))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "unknown chart format bits %#x", formats);
    return DR_OK;
}

dr_status gp_fresh_charts(const char *dir, char **cdir, dr_error *err)
{
    struct stat sb;
    if (asprintf(cdir, "%s/charts", dir) < 0) {
        *cdir = NULL;
        return gp_oom(err);
    }
    if (lstat(*cdir, &sb) == 0 && dr_remove_tree(*cdir) != 0)
        return dr_error_set(err, DR_EIO, *cdir, 0, 0, "cannot remove: %s",
                            strerror(errno));
    if (mkdir(*cdir, 0777) != 0)
        return dr_error_set(err, DR_EIO, *cdir, 0, 0, "cannot create: %s",
                            strerror(errno));
    return DR_OK;
}
