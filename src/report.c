#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"

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
};

typedef struct report {
    const dr_briefing *b;
    int zh;
    FILE *f;
} report;

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

/* A ratio or probability (a fraction) in percent with one decimal. */
static const char *pct(char buf[32], double v)
{
    if (isinf(v))
        snprintf(buf, 32, "%s∞", v < 0 ? "-" : "");
    else if (isnan(v))
        snprintf(buf, 32, "–");
    else
        snprintf(buf, 32, "%.1f%%", 100.0 * v);
    return buf;
}

/* A line of the model: 100%, 120%. */
static const char *line_pct(char buf[32], double v)
{
    snprintf(buf, 32, "%.4g%%", 100.0 * v);
    return buf;
}

/* A count with thousands separators in English (10,000), plain in
 * Chinese. */
static const char *count(const report *r, char buf[32], long v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v);
    size_t n = strlen(digits), o = 0;
    for (size_t k = 0; k < n; k++) {
        if (!r->zh && k > 0 && (n - k) % 3 == 0 && digits[k - 1] != '-')
            buf[o++] = ',';
        buf[o++] = digits[k];
    }
    buf[o] = '\0';
    return buf;
}

/* Text as Markdown shows it literally: its markup characters escaped,
 * line breaks as spaces. */
static void md(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]{}<>|#!~", *s))
            fputc('\\', f);
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
    }
}

/* Text for a code span: a backquote would end it early. */
static void code(char *dst, size_t n, const char *s)
{
    size_t o = 0;
    for (; *s && o + 1 < n; s++)
        dst[o++] = *s == '`' ? '\'' : (unsigned char)*s < 0x20 ? ' ' : *s;
    dst[o] = '\0';
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
        md(f, r->b->county[idx[k]].name);
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
        md(r->f, ct->name);
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
    md(r->f, heading + strspn(heading, "# "));
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
        md(r->f, ct->name);
        fprintf(r->f, "](%s)\n\n", picture(r, name, buf, sizeof buf));
    }
}

static void write_method(const report *r)
{
    const dr_briefing *b = r->b;
    char a[32], c[32], d[32], e[32], buf[1024], cmd[1024];
    fprintf(r->f, "%s\n\n", rt(r, RX_SEC_METHOD));
    if (*b->model) {
        code(buf, sizeof buf, b->model);
        say(r, RX_M_MODEL, buf);
        fputc('\n', r->f);
    }
    fputs(rt(r, RX_SCENARIO), r->f);
    md(r->f, dr_briefing_scenario(b));
    if (*b->title && *b->scenario && strcmp(b->title, b->scenario) != 0) {
        fputs(" (`", r->f);
        code(buf, sizeof buf, b->scenario);
        fprintf(r->f, "%s`)", buf);
    }
    fputc('\n', r->f);
    if (b->deterministic)
        say(r, RX_M_DET);
    else {
        say(r, RX_M_MC, count(r, a, b->paths), b->seed);
    }
    fputc('\n', r->f);
    code(buf, sizeof buf, b->version);
    code(cmd, sizeof cmd, b->command);
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
        st = dr_error_set(err, DR_EIO, tmp, 0, 0, "cannot write: %s",
                          strerror(errno));
        goto done;
    }
    report r = {.b = &b, .zh = lang && strcmp(lang, "zh") == 0, .f = f};
    fputs(rt(&r, RX_TITLE), f);
    md(f, dr_briefing_scenario(&b));
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
