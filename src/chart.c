#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include "chart.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvread.h"
#include "outdir.h"
#include "parse.h"

extern char **environ;

#define INSTALL_HINT "install it with: apt-get install gnuplot-nox"

/* Percentile columns, in the order of ratios.csv and city.csv. */
enum { Q05, Q10, Q25, Q50, Q75, Q90, Q95 };

/* ------------------------------------------------------------------------ */
/* Every word the charts show, in both languages, side by side. Entries with
 * printf conversions take the same arguments in the same order in both,
 * with positional conversions (%1$s) where the word order differs. */

typedef enum text_id {
    TX_SCENARIO,
    TX_PATHS,
    TX_SEED,
    TX_DETERMINISTIC,
    TX_FAN_SUBJECT,
    TX_CITY_TITLE,
    TX_CITY_SUBJECT,
    TX_BAND_90,
    TX_BAND_80,
    TX_BAND_50,
    TX_MEDIAN_AT,
    TX_PROJECTION_AT,
    TX_WARNING_LINE,
    TX_BASE_YEAR,
    TX_CUT_OFF,
    TX_GREEN,
    TX_YELLOW,
    TX_ORANGE,
    TX_RED,
    TX_HEAT_TITLE,
    TX_HEAT_ORDER,
    TX_YEAR,
    TX_PROBABILITY,
    TX_RANK_TITLE,
    TX_RANK_SUBJECT,
    TX_RANK_AXIS,
    TX_RANK_AXIS_DET,
    TX_RANK_KEY,
    TX_GRADES_TITLE,
    TX_GRADES_SUBJECT,
    TX_ABOVE_TITLE,
    TX_ABOVE_SUBJECT,
    TX_ABOVE_DIST,
    TX_ABOVE_DIST_AXIS,
    TX_ABOVE_YEARS,
    TX_ABOVE_YEARS_AXIS,
    TX_EXPECTED,
    TX_REVIEW_RUN,
    TX_REVIEW_RUN_DET,
    TX_CMP_BREACH_TITLE,
    TX_CMP_CITY_ROW,
    TX_CMP_BASELINE,
    TX_CMP_KEY_BREACH,
    TX_CMP_CITY_TITLE,
    TX_CMP_CITY_SUBJECT,
    TX_CMP_KEY_CITY,
    TX_TORNADO_TITLE,
    TX_THE_CITY,
    TX_TORNADO_SUBJECT,
    TX_LOW,
    TX_HIGH,
    TX_BASE_P,
    TX_TORNADO_AXIS,
    TX_COUNT
} text_id;

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
    [TX_CMP_BASELINE] = {"Baseline", "基准情景"},
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
};

/* ------------------------------------------------------------------------ */
/* Reading an output folder. */

static char *join_path(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s/%s", a, b);
    return r;
}

static dr_status oom(dr_error *err)
{
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}

/* A number as the outputs write it: a plain decimal, inf, -inf or nan. */
static dr_status cell_num(const dr_csv_table *t, size_t r, size_t k,
                          double *out, dr_error *err)
{
    const dr_csv_cell *c = dr_csv_get(t, r, k);
    const char *why = "missing";
    if (!c)
        return dr_csv_fail(t, r, k, err, "%s: column missing", t->cols[k].name);
    if (strcmp(c->text, "inf") == 0) {
        *out = INFINITY;
        return DR_OK;
    }
    if (strcmp(c->text, "-inf") == 0) {
        *out = -INFINITY;
        return DR_OK;
    }
    if (strcmp(c->text, "nan") == 0) {
        *out = NAN;
        return DR_OK;
    }
    if (dr_parse_double(c->text, out, &why))
        return DR_OK;
    return dr_csv_fail(t, r, k, err, "%s: expected a number, found '%s' (%s)",
                       t->cols[k].name, c->text, why);
}

static dr_status cell_long(const dr_csv_table *t, size_t r, size_t k, long *out,
                           dr_error *err)
{
    return dr_csv_long(t, r, k, -999999, 999999, 0, out, err);
}

static dr_status read_table(const char *dir, const char *file,
                            const dr_csv_column *cols, size_t ncols,
                            dr_csv_table *t, char **path, dr_error *err)
{
    *path = join_path(dir, file);
    if (!*path)
        return oom(err);
    return dr_csv_read(*path, cols, ncols, t, err);
}

static int cmp_id(const void *a, const void *b, void *ctx)
{
    const dr_briefing *br = ctx;
    return strcmp(br->county[*(const size_t *)a].id,
                  br->county[*(const size_t *)b].id);
}

/* The county of id through order (indices sorted by id), or (size_t)-1. */
static size_t find_county(const dr_briefing *b, const size_t *order,
                          const char *id)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->county[order[mid]].id, id);
        if (c == 0)
            return order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

/* run.ini and model.ini: the few keys the charts and report use. inih is
 * built with short lines (INI_MAX_LINE 200), so a longer line is cut (at a
 * character boundary) and the rest of it skipped, not parsed as a line of
 * its own. */
static char *read_line_cut(char *str, int num, void *stream)
{
    FILE *f = stream;
    if (!fgets(str, num, f))
        return NULL;
    size_t len = strlen(str);
    if (len + 1 == (size_t)num && str[len - 1] != '\n') {
        int c;
        while ((c = fgetc(f)) != EOF && c != '\n')
            ;
        while (len > 0 && ((unsigned char)str[len - 1] & 0xC0) == 0x80)
            len--;
        if (len > 0 && ((unsigned char)str[len - 1] & 0x80))
            len--;
        str[len] = '\0';
    }
    return str;
}

typedef struct ini_ctx {
    dr_briefing *b;
    int nomem;
    int have_warning, have_grades;
} ini_ctx;

static int set_str(ini_ctx *c, char **dst, const char *value)
{
    char *s = strdup(value);
    if (!s) {
        c->nomem = 1;
        return 0;
    }
    free(*dst);
    *dst = s;
    return 1;
}

static int cjk_at(const char *s);

/* 1 when the last character of s[0..n) is CJK. */
static int cjk_before(const char *s, size_t n)
{
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    return k > 0 && n - k == 2 && cjk_at(s + k - 1);
}

/* A key over continuation lines: inih calls back once per line, the
 * spaces around each line gone. The lines are joined by a space, but for
 * two CJK characters, which no space separates. */
static int add_str(ini_ctx *c, char **dst, const char *value)
{
    if (!*dst || !**dst)
        return set_str(c, dst, value);
    if (!*value)
        return 1;
    size_t a = strlen(*dst), b = strlen(value);
    char *s = realloc(*dst, a + b + 2);
    if (!s) {
        c->nomem = 1;
        return 0;
    }
    int space = !(cjk_before(s, a) && cjk_at(value));
    if (space)
        s[a] = ' ';
    memcpy(s + a + space, value, b + 1);
    *dst = s;
    return 1;
}

static int on_run_ini(void *user, const char *section, const char *key,
                      const char *value)
{
    ini_ctx *c = user;
    dr_briefing *b = c->b;
    if (strcmp(section, "debtrisk") == 0) {
        if (strcmp(key, "version") == 0)
            return set_str(c, &b->version, value);
        if (strcmp(key, "command") == 0)
            return add_str(c, &b->command, value);
    } else if (strcmp(section, "run") == 0) {
        if (strcmp(key, "scenario") == 0)
            return set_str(c, &b->scenario, value);
        if (strcmp(key, "title") == 0)
            return set_str(c, &b->title, value);
        if (strcmp(key, "description") == 0)
            return add_str(c, &b->description, value);
        if (strcmp(key, "mode") == 0) {
            b->deterministic = strcmp(value, "deterministic") == 0;
            return set_str(c, &b->mode, value);
        }
        if (strcmp(key, "seed") == 0)
            return set_str(c, &b->seed, value);
        if (strcmp(key, "paths") == 0)
            b->paths = strtol(value, NULL, 10);
    } else if (strcmp(section, "inputs") == 0) {
        if (strcmp(key, "model") == 0)
            return set_str(c, &b->model, value);
    }
    return 1;
}

static int on_model_ini(void *user, const char *section, const char *key,
                        const char *value)
{
    ini_ctx *c = user;
    if (strcmp(section, "thresholds") != 0)
        return 1;
    if (strcmp(key, "warning") == 0) {
        const char *why;
        c->have_warning = dr_parse_double(value, &c->b->warning, &why);
        return 1;
    }
    if (strcmp(key, "grades") == 0) {
        char *end;
        const char *p = value;
        int k;
        for (k = 0; k < 3; k++) {
            c->b->grades[k] = strtod(p, &end);
            if (end == p)
                break;
            p = end + strspn(end, " \t,");
        }
        c->have_grades = k == 3 && *p == '\0';
    }
    return 1;
}

static dr_status read_ini(const char *dir, const char *file, ini_handler fn,
                          ini_ctx *c, dr_error *err)
{
    char *path = join_path(dir, file);
    if (!path)
        return oom(err);
    FILE *f = fopen(path, "r");
    if (!f) {
        dr_error_set(err, DR_EINPUT, path, 0, 0, "cannot open: %s",
                     strerror(errno));
        free(path);
        return DR_EINPUT;
    }
    int line = ini_parse_stream(read_line_cut, f, fn, c);
    fclose(f);
    dr_status st = DR_OK;
    if (c->nomem)
        st = oom(err);
    else if (line != 0)
        st = dr_error_set(err, DR_EINPUT, path, line > 0 ? line : 0, 0,
                          "not a valid INI file");
    free(path);
    return st;
}

static dr_status load_summary(dr_briefing *b, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0},       {"county_id", 1},
        {"name", 1},           {"type", 0},
        {"broad_base", 1},     {"broad_p50_end", 1},
        {"broad_p10_end", 1},  {"broad_p90_end", 1},
        {"p_breach_end", 1},   {"p_breach_end_se", 1},
        {"first_year_p50", 0}, {"p_red_end", 0}};
    enum { ID = 1, NAME, TYPE, BASE, P50, P10, P90, PB, PBSE, FIRST, PRED };
    dr_csv_table t;
    char *path;
    dr_status st = read_table(b->dir, "summary.csv", cols, 12, &t, &path, err);
    if (st)
        goto done;
    st = DR_EINPUT;
    if (t.nrows == 0) {
        dr_error_set(err, st, path, 0, 0, "no counties");
        goto done;
    }
    b->county = calloc(t.nrows, sizeof *b->county);
    if (!b->county) {
        st = oom(err);
        goto done;
    }
    b->n = t.nrows;
    for (size_t r = 0; r < t.nrows; r++) {
        dr_brief_county *c = &b->county[r];
        if ((st = dr_csv_strdup(&t, r, ID, &c->id)) ||
            (st = dr_csv_strdup(&t, r, NAME, &c->name)) ||
            (st = dr_csv_strdup(&t, r, TYPE, &c->type))) {
            oom(err);
            goto done;
        }
        if (!dr_valid_id(c->id)) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: expected an id of A-Z a-z 0-9 _ -, "
                             "found '%s'",
                             c->id);
            goto done;
        }
        if ((st = cell_num(&t, r, BASE, &c->base, err)) ||
            (st = cell_num(&t, r, P50, &c->p50_end, err)) ||
            (st = cell_num(&t, r, P10, &c->p10_end, err)) ||
            (st = cell_num(&t, r, P90, &c->p90_end, err)) ||
            (st = cell_num(&t, r, PB, &c->p_breach_end, err)) ||
            (st = cell_num(&t, r, PBSE, &c->p_breach_end_se, err)))
            goto done;
        c->p_red_end = NAN;
        if (dr_csv_get(&t, r, PRED) &&
            (st = cell_num(&t, r, PRED, &c->p_red_end, err)))
            goto done;
        if ((st = cell_long(&t, r, FIRST, &c->first_year_p50, err)))
            goto done;
    }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

/* Years of ratios.csv set base_year and years; every county must have a
 * broad row for each. */
static dr_status load_ratios(dr_briefing *b, const size_t *order, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0},     {"county_id", 1}, {"name", 0},
        {"year", 1},         {"measure", 1},   {"mean", 0},
        {"sd", 0},           {"p05", 1},       {"p10", 1},
        {"p25", 1},          {"p50", 1},       {"p75", 1},
        {"p90", 1},          {"p95", 1},       {"p_above", 1},
        {"p_breached_by", 0}};
    enum { ID = 1, YEAR = 3, MEASURE = 4, P05 = 7, PABOVE = 14 };
    dr_csv_table t;
    char *path;
    dr_status st = read_table(b->dir, "ratios.csv", cols, 16, &t, &path, err);
    if (st)
        goto done;
    long lo = 0, hi = -1;
    for (size_t r = 0; r < t.nrows; r++) {
        long y;
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (hi < lo || y < lo)
            lo = y;
        if (hi < y)
            hi = y;
    }
    st = DR_EINPUT;
    if (hi < lo) {
        dr_error_set(err, st, path, 0, 0, "no rows");
        goto done;
    }
    if (hi - lo > 1000) {
        dr_error_set(err, st, path, 0, 0, "years %ld to %ld: too many", lo, hi);
        goto done;
    }
    b->base_year = lo;
    b->years = hi - lo;
    size_t ny = (size_t)b->years + 1;
    for (size_t i = 0; i < b->n; i++) {
        dr_brief_county *c = &b->county[i];
        c->q = malloc(ny * DR_NPCT * sizeof *c->q);
        c->p_above = malloc(ny * sizeof *c->p_above);
        if (!c->q || !c->p_above) {
            st = oom(err);
            goto done;
        }
        for (size_t k = 0; k < ny; k++)
            c->p_above[k] = NAN;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        if (strcmp(dr_csv_get(&t, r, MEASURE)->text, "broad") != 0)
            continue;
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = find_county(b, order, id);
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not in summary.csv", id);
            goto done;
        }
        long y;
        cell_long(&t, r, YEAR, &y, err);
        size_t k = (size_t)(y - lo);
        dr_brief_county *c = &b->county[i];
        for (int q = 0; q < DR_NPCT; q++)
            if ((st = cell_num(&t, r, (size_t)(P05 + q),
                               &c->q[k * DR_NPCT + (size_t)q], err)))
                goto done;
        if ((st = cell_num(&t, r, PABOVE, &c->p_above[k], err)))
            goto done;
    }
    for (size_t i = 0; i < b->n; i++)
        for (size_t k = 0; k < ny; k++)
            if (isnan(b->county[i].p_above[k])) {
                st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                                  "no broad row for county %s in %ld",
                                  b->county[i].id, lo + (long)k);
                goto done;
            }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

static dr_status load_grades(dr_briefing *b, const size_t *order, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0}, {"county_id", 1}, {"year", 1}, {"p_green", 1},
        {"p_yellow", 1}, {"p_orange", 1},  {"p_red", 1}};
    enum { ID = 1, YEAR, GREEN };
    dr_csv_table t;
    char *path;
    size_t ny = (size_t)b->years + 1;
    dr_status st = read_table(b->dir, "grades.csv", cols, 7, &t, &path, err);
    if (st)
        goto done;
    for (size_t i = 0; i < b->n; i++) {
        double *g = malloc(ny * DR_NGRADES * sizeof *g);
        if (!g) {
            st = oom(err);
            goto done;
        }
        for (size_t k = 0; k < ny * DR_NGRADES; k++)
            g[k] = NAN;
        b->county[i].grade = g;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = find_county(b, order, id);
        long y;
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not in summary.csv", id);
            goto done;
        }
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (y < b->base_year || y > b->base_year + b->years)
            continue;
        double *g =
            &b->county[i].grade[(size_t)(y - b->base_year) * DR_NGRADES];
        for (int k = 0; k < DR_NGRADES; k++)
            if ((st = cell_num(&t, r, (size_t)(GREEN + k), &g[k], err)))
                goto done;
    }
    for (size_t i = 0; i < b->n; i++)
        if (isnan(b->county[i].grade[(size_t)b->years * DR_NGRADES])) {
            st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                              "no row for county %s in %ld", b->county[i].id,
                              b->base_year + b->years);
            goto done;
        }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

static dr_status load_city(dr_briefing *b, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 0}, {"year", 1},    {"mean", 0},
        {"p05", 1},      {"p10", 1},     {"p25", 1},
        {"p50", 1},      {"p75", 1},     {"p90", 1},
        {"p95", 1},      {"p_above", 1}, {"expected_counties_above", 1}};
    enum { YEAR = 1, P05 = 3, PABOVE = 10, EXPECTED };
    dr_csv_table t;
    char *path;
    size_t ny = (size_t)b->years + 1;
    dr_status st = read_table(b->dir, "city.csv", cols, 12, &t, &path, err);
    if (st)
        goto done;
    b->city_q = malloc(ny * DR_NPCT * sizeof *b->city_q);
    b->city_p_above = malloc(ny * sizeof *b->city_p_above);
    b->city_expected = malloc(ny * sizeof *b->city_expected);
    if (!b->city_q || !b->city_p_above || !b->city_expected) {
        st = oom(err);
        goto done;
    }
    for (size_t k = 0; k < ny; k++)
        b->city_expected[k] = NAN;
    for (size_t r = 0; r < t.nrows; r++) {
        long y;
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (y < b->base_year || y > b->base_year + b->years)
            continue;
        size_t k = (size_t)(y - b->base_year);
        for (int q = 0; q < DR_NPCT; q++)
            if ((st = cell_num(&t, r, (size_t)(P05 + q),
                               &b->city_q[k * DR_NPCT + (size_t)q], err)))
                goto done;
        if ((st = cell_num(&t, r, PABOVE, &b->city_p_above[k], err)) ||
            (st = cell_num(&t, r, EXPECTED, &b->city_expected[k], err)))
            goto done;
    }
    for (size_t k = 0; k < ny; k++)
        if (isnan(b->city_expected[k])) {
            st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no row for %ld",
                              b->base_year + (long)k);
            goto done;
        }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

static dr_status load_counts(dr_briefing *b, dr_error *err)
{
    static const dr_csv_column cols[] = {{"scenario", 0},
                                         {"year", 1},
                                         {"counties_above", 1},
                                         {"probability", 1}};
    enum { YEAR = 1, COUNT, PROB };
    dr_csv_table t;
    char *path;
    dr_status st =
        read_table(b->dir, "city_counts.csv", cols, 4, &t, &path, err);
    if (st)
        goto done;
    b->counts = calloc(b->n + 1, sizeof *b->counts);
    if (!b->counts) {
        st = oom(err);
        goto done;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        long y, k;
        if ((st = cell_long(&t, r, YEAR, &y, err)))
            goto done;
        if (y != b->base_year + b->years)
            continue;
        if ((st = dr_csv_long(&t, r, COUNT, 0, (long)b->n, 0, &k, err)) ||
            (st = cell_num(&t, r, PROB, &b->counts[k], err)))
            goto done;
    }
    st = DR_OK;
done:
    dr_csv_free(&t);
    free(path);
    return st;
}

/* Riskiest first: probability of a breach, then the median at the horizon,
 * then the order of the file. */
static int cmp_risk(const void *a, const void *b, void *ctx)
{
    const dr_briefing *br = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const dr_brief_county *x = &br->county[i], *y = &br->county[j];
    if (x->p_breach_end != y->p_breach_end)
        return x->p_breach_end > y->p_breach_end ? -1 : 1;
    if (x->p50_end != y->p50_end)
        return x->p50_end > y->p50_end ? -1 : 1;
    return i < j ? -1 : i > j;
}

static char *empty_if_null(char **s)
{
    if (!*s)
        *s = calloc(1, 1);
    return *s;
}

dr_status dr_briefing_load(dr_briefing *b, const char *dir, dr_error *err)
{
    *b = (dr_briefing){.warning = 1.0, .grades = {1.2, 2.0, 3.0}};
    size_t *order = NULL;
    dr_status st;
    if (!(b->dir = strdup(dir))) {
        st = oom(err);
        goto fail;
    }
    ini_ctx c = {.b = b};
    if ((st = read_ini(dir, "run.ini", on_run_ini, &c, err)) ||
        (st = read_ini(dir, "model.ini", on_model_ini, &c, err)))
        goto fail;
    if (!empty_if_null(&b->version) || !empty_if_null(&b->command) ||
        !empty_if_null(&b->scenario) || !empty_if_null(&b->title) ||
        !empty_if_null(&b->mode) || !empty_if_null(&b->model) ||
        !empty_if_null(&b->description) || !empty_if_null(&b->seed)) {
        st = oom(err);
        goto fail;
    }
    if ((st = load_summary(b, err)))
        goto fail;
    if (!(order = malloc(b->n * sizeof *order)) ||
        !(b->rank = malloc(b->n * sizeof *b->rank))) {
        st = oom(err);
        goto fail;
    }
    for (size_t i = 0; i < b->n; i++)
        order[i] = b->rank[i] = i;
    qsort_r(order, b->n, sizeof *order, cmp_id, b);
    for (size_t i = 1; i < b->n; i++)
        if (strcmp(b->county[order[i]].id, b->county[order[i - 1]].id) == 0) {
            char *path = join_path(dir, "summary.csv");
            dr_error_set(err, DR_EINPUT, path, 0, 0,
                         "county_id '%s' appears twice",
                         b->county[order[i]].id);
            free(path);
            st = DR_EINPUT;
            goto fail;
        }
    if ((st = load_ratios(b, order, err)) ||
        (st = load_grades(b, order, err)) || (st = load_city(b, err)) ||
        (st = load_counts(b, err)))
        goto fail;
    qsort_r(b->rank, b->n, sizeof *b->rank, cmp_risk, b);
    if (b->deterministic && b->paths <= 0)
        b->paths = 1;
    free(order);
    return DR_OK;
fail:
    free(order);
    dr_briefing_free(b);
    return st;
}

void dr_briefing_free(dr_briefing *b)
{
    for (size_t i = 0; b->county && i < b->n; i++) {
        dr_brief_county *c = &b->county[i];
        free(c->id);
        free(c->name);
        free(c->type);
        free(c->q);
        free(c->p_above);
        free(c->grade);
    }
    free(b->county);
    free(b->rank);
    free(b->city_q);
    free(b->city_p_above);
    free(b->city_expected);
    free(b->counts);
    free(b->dir);
    free(b->version);
    free(b->command);
    free(b->scenario);
    free(b->title);
    free(b->description);
    free(b->mode);
    free(b->model);
    free(b->seed);
    *b = (dr_briefing){0};
}

const char *dr_briefing_scenario(const dr_briefing *b)
{
    if (b->title && *b->title)
        return b->title;
    return b->scenario && *b->scenario ? b->scenario : "baseline";
}

const char *dr_chart_city_name(const dr_briefing *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->county[i].id, "city") == 0)
            return "fan_@city";
    return "fan_city";
}

/* ------------------------------------------------------------------------ */
/* Writing the scripts and their data. */

/* Colours: one blue hue for the fans in three tints (the look of the same
 * translucent blue laid three times over white), the grade colours, red
 * for the warning line. */
#define INK "#1a1a1a"
#define MUTED "#555555"
#define WARN "#d62728"

static const char *const grade_color[DR_NGRADES] = {"#3a9d5d", "#e0b000",
                                                    "#ee7d2b", "#b2182b"};
/* Text on the grade colours: dark on yellow, white elsewhere. */
static const char *const grade_ink[DR_NGRADES] = {"#ffffff", "#1a1a1a",
                                                  "#1a1a1a", "#ffffff"};

typedef struct chart_ctx {
    const dr_briefing *b;
    int zh;
    unsigned formats;
    const char *dir; /* the charts folder */
    dr_error *err;
} chart_ctx;

static const char *tx(const chart_ctx *c, text_id id)
{
    return texts[id][c->zh];
}

/* Formats texts[id] in the chart's language into buf. */
static const char *txf(const chart_ctx *c, char *buf, size_t n, text_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    vsnprintf(buf, n, texts[id][c->zh], ap);
    va_end(ap);
    return buf;
}

const char *dr_fmt_pct(char buf[32], double v)
{
    if (isinf(v))
        snprintf(buf, 32, "%s∞", v < 0 ? "-" : "");
    else if (isnan(v))
        snprintf(buf, 32, "–");
    else
        snprintf(buf, 32, "%.1f%%", 100.0 * v);
    return buf;
}

/* A line of the model (a fraction) as a short percentage: 100%, 120%,
 * 1500000%. */
const char *dr_fmt_pct_line(char buf[32], double v)
{
    if (fabs(100.0 * v) < 1e4)
        snprintf(buf, 32, "%.4g%%", 100.0 * v);
    else
        snprintf(buf, 32, "%.0f%%", 100.0 * v);
    return buf;
}

/* Paths with thousands separators in English (10,000), plain in Chinese. */
const char *dr_fmt_count(char buf[32], long v, int zh)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v);
    if (zh) {
        snprintf(buf, 32, "%s", digits);
        return buf;
    }
    size_t n = strlen(digits), o = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && (n - k) % 3 == 0 && digits[k - 1] != '-')
            buf[o++] = ',';
        buf[o++] = digits[k];
    }
    buf[o] = '\0';
    return buf;
}

static const char *count_str(const chart_ctx *c, char buf[32], long v)
{
    return dr_fmt_count(buf, v, c->zh);
}

/* A string for gnuplot, single-quoted: no escapes but '' for a quote.
 * Control characters (a newline in a county name) become spaces. A tic
 * label is also a format, so its % are doubled when tic is set. */
static void gp_quote(FILE *f, const char *s, int tic)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("''", f);
        else if (*s == '%' && tic)
            fputs("%%", f);
        else if ((unsigned char)*s < 0x20 || *s == 0x7f)
            fputc(' ', f);
        else
            fputc(*s, f);
    }
    fputc('\'', f);
}

static void gp_str(FILE *f, const char *s)
{
    gp_quote(f, s, 0);
}

/* A number of a .dat file, in display units; inf and nan as gnuplot reads
 * them. 12 significant digits keep the file readable and exact to 1e-12. */
static void dat_num(FILE *f, double v)
{
    if (isnan(v))
        fputs(" nan", f);
    else if (isinf(v))
        fputs(v > 0 ? " inf" : " -inf", f);
    else
        fprintf(f, " %.12g", v == 0.0 ? 0.0 : v);
}

/* The run in one line: scenario (in the chart's language when its title
 * has both), paths and seed. */
static const char *run_line(const chart_ctx *c, char *buf, size_t n)
{
    char a[256], p[64], s[160], cnt[32];
    char *title = dr_lang_text(dr_briefing_scenario(c->b), c->zh ? "zh" : "en");
    txf(c, a, sizeof a, TX_SCENARIO,
        title ? title : dr_briefing_scenario(c->b));
    free(title);
    if (c->b->deterministic) {
        snprintf(buf, n, "%s  ·  %s", a, tx(c, TX_DETERMINISTIC));
        return buf;
    }
    txf(c, p, sizeof p, TX_PATHS, count_str(c, cnt, c->b->paths));
    txf(c, s, sizeof s, TX_SEED, c->b->seed);
    snprintf(buf, n, "%s  ·  %s  ·  %s", a, p, s);
    return buf;
}

/* Approximate width of text in ems of its font (Noto Sans CJK): CJK
 * characters and full-width punctuation take one em, Latin letters about
 * half, spaces a quarter. Used to lay out legends and margins; errs on the
 * wide side. */
static double text_cells(const char *s)
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

typedef struct gp_file {
    FILE *f;
    char *path;
} gp_file;

static dr_status file_open(const chart_ctx *c, const char *name,
                           const char *ext, gp_file *g)
{
    size_t n = strlen(c->dir) + strlen(name) + strlen(ext) + 3;
    g->f = NULL;
    if (!(g->path = malloc(n)))
        return oom(c->err);
    snprintf(g->path, n, "%s/%s.%s", c->dir, name, ext);
    if (!(g->f = fopen(g->path, "w"))) {
        dr_error_set(c->err, DR_EIO, g->path, 0, 0, "cannot write: %s",
                     strerror(errno));
        free(g->path);
        g->path = NULL;
        return DR_EIO;
    }
    return DR_OK;
}

/* Closes g (when open) and reports a write error unless st already is
 * one. */
static dr_status file_close(const chart_ctx *c, gp_file *g, dr_status st)
{
    if (g->f) {
        int bad = ferror(g->f);
        if (fclose(g->f) != 0)
            bad = 1;
        if (bad && st == DR_OK)
            st = dr_error_set(c->err, DR_EIO, g->path, 0, 0, "cannot write: %s",
                              strerror(errno));
    }
    free(g->path);
    *g = (gp_file){0};
    return st;
}

static void gp_begin(const chart_ctx *c, FILE *f, const char *name,
                     const char *about)
{
    fprintf(f, "# %s\n", about);
    fprintf(f,
            "# Drawn by debtrisk %s from the CSV files of the folder above;\n"
            "# its numbers are in %s.dat, ratios and probabilities in "
            "percent.\n"
            "# Redraw every picture, run in this folder:  gnuplot %s.gp\n"
            "# Restyle: FORMATS, FONT and the colours below.\n",
            c->b->version, name, name);
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

/* Pixels of a 1600-pixel-wide picture taken by text of font size pt. */
static double text_px(const char *s, int pt)
{
    return text_cells(s) * pt * 1.333;
}

/* The title and subtitle at the top left of the picture: the subtitle is
 * the subject (may be NULL) and the run, on two lines when one would not
 * fit. Returns the height (a fraction of the picture) where the next row,
 * a legend, may go. */
static double gp_titles(FILE *f, const char *title, const char *subject,
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
    if (!subject || text_px(line, 17) < 0.94 * 1600.0) {
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

/* A legend drawn as objects in one row at height y (the key of gnuplot
 * wraps a long row into columns): a colour box, a line or bare text per
 * entry, each followed by its text. */
enum { LG_TEXT, LG_BOX, LG_LINE, LG_DASH };

typedef struct legend_item {
    int kind;
    const char *color; /* a gnuplot colour string expression: BAND90 */
    char text[160];
} legend_item;

static double legend_width(const legend_item *it, size_t n, int pt)
{
    double x = 0.0;
    for (size_t k = 0; k < n; k++)
        x += (it[k].kind == LG_TEXT ? 0.0 : 0.031) +
             text_px(it[k].text, pt) / 1600.0 + (k + 1 < n ? 0.03 : 0.0);
    return x;
}

static void gp_legend(FILE *f, const legend_item *it, size_t n, double y,
                      int pt)
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
        x += text_px(it[k].text, pt) / 1600.0 + 0.03;
    }
}

/* Opens the loop that draws one picture per format. The PNG is 1600x900
 * pixels; the SVG the same; the PDF 16x9 cm. Fonts, lines and points (PS
 * scales every point size) are set per terminal so that the three look
 * alike: the factors were measured by rasterising each at 1600 pixels. */
static void gp_loop_begin(FILE *f, const char *name)
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

static void gp_loop_end(FILE *f)
{
    fputs("    set output\n}\n", f);
}

/* A step of 1, 2, 2.5 or 5 times a power of ten that cuts span into about
 * `target` parts. */
static double nice_step(double span, int target)
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

/* Labels at the right end of horizontal lines, moved apart so that none
 * overlaps another: pos[] starts at the lines' values and is spread to at
 * least gap between neighbours, pushed down from hi when the top one would
 * pass it. At most 8 labels. */
static void spread_labels(const double *val, double *pos, size_t n, double gap,
                          double hi)
{
    size_t order[8];
    for (size_t k = 0; k < n; k++) {
        order[k] = k;
        pos[k] = val[k];
    }
    for (size_t a = 1; a < n; a++)
        for (size_t k = a; k > 0 && val[order[k]] < val[order[k - 1]]; k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (size_t k = 1; k < n; k++)
        if (pos[order[k]] < pos[order[k - 1]] + gap)
            pos[order[k]] = pos[order[k - 1]] + gap;
    if (n > 0 && pos[order[n - 1]] > hi - gap / 2) {
        pos[order[n - 1]] = hi - gap / 2;
        for (size_t k = n - 1; k > 0; k--)
            if (pos[order[k - 1]] > pos[order[k]] - gap)
                pos[order[k - 1]] = pos[order[k]] - gap;
    }
}

/* One fan chart: percentiles q[year][DR_NPCT] (fractions). */
static dr_status write_fan(const chart_ctx *c, const char *name,
                           const char *title, const char *subject,
                           const double *q, const char *source)
{
    const dr_briefing *b = c->b;
    size_t ny = (size_t)b->years + 1;
    gp_file dat, gp = {0};
    dr_status st = file_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f, "# %s: broad debt ratio in percent, from %s\n", title,
            source);
    fprintf(dat.f, "# year p05 p10 p25 p50 p75 p90 p95\n");
    for (size_t k = 0; k < ny; k++) {
        fprintf(dat.f, "%ld", b->base_year + (long)k);
        for (int j = 0; j < DR_NPCT; j++)
            dat_num(dat.f, 100.0 * q[k * DR_NPCT + (size_t)j]);
        fputc('\n', dat.f);
    }
    if ((st = file_close(c, &dat, DR_OK)))
        return st;

    /* The y range: from 0 (or below, for a negative ratio) to the top of
     * the widest band, but never beyond 1000% or 1.3 times the highest
     * median, whichever is more, so that one wild band cannot flatten the
     * picture. */
    double top = 100.0 * b->warning * 1.1, low = 0.0, top_med = 0.0;
    for (size_t k = 0; k < ny * DR_NPCT; k++) {
        double v = 100.0 * q[k];
        if (!isfinite(v))
            continue;
        top = fmax(top, v);
        low = fmin(low, v);
        if (k % DR_NPCT == Q50)
            top_med = fmax(top_med, v);
    }
    int has_inf = 0;
    for (size_t k = 0; k < ny * DR_NPCT; k++)
        has_inf |= isinf(q[k]) && q[k] > 0;
    double cap = fmax(1000.0, 1.3 * top_med);
    int cut = has_inf || top > cap;
    if (top > cap)
        top = cap;
    double step = nice_step((top - low) * 1.04, 8);
    double ymax = ceil(top * 1.04 / step) * step;
    double ymin = low < 0.0 ? floor(low * 1.04 / step) * step : 0.0;
    long B = b->base_year, T = b->years;
    long xstep = T <= 12 ? 1 : T <= 25 ? 2 : 5;

    if ((st = file_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char buf[512], run[400], p1[32], p2[32];
    snprintf(buf, sizeof buf, "Fan chart: %s", title);
    gp_begin(c, f, name, buf);
    double y = gp_titles(f, title, subject, run_line(c, run, sizeof run));
    fputs("BAND90 = '#c9d9ec'; BAND80 = '#9fbddf'; BAND50 = '#6f9bcc'; "
          "MEDIAN = '#0b2e59'\n",
          f);
    fprintf(f, "YMIN = %g; YMAX = %g\n", ymin, ymax);
    fputs("clip(v) = v > YMAX ? YMAX : (v < YMIN ? YMIN : v)\n", f);
    /* room for the widest tic label, 1000% or -250% */
    char tic[64];
    snprintf(tic, sizeof tic, step < 1.0 ? "%.1f%%" : "%.0f%%",
             fabs(ymax) > fabs(ymin) ? ymax : ymin);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.835\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.1\n",
            fmax(0.09, 0.035 + (text_px(tic, 20) + 16.0) / 1600.0), y - 0.055);
    fprintf(f, "set xrange [%g:%g]\nset xtics %ld, %ld, %ld\n", B - 0.4,
            B + T + 0.4, B, xstep, B + T);
    fprintf(f, "set yrange [YMIN:YMAX]\nset ytics %g, %g, %g format '%s'\n",
            ymin, step, ymax, step < 1.0 ? "%.1f%%" : "%.0f%%");
    fputs("set grid ytics lc rgb '#e4e4e4' lw 1 dt 1\n", f);
    fputs("unset key\nset style fill solid 1.0 noborder\n", f);

    /* The warning line and the grade lines inside the range, labelled at
     * the right, the labels spread so they never overlap. */
    double val[4], pos[4];
    const char *lab_color[4];
    char lab[4][96];
    size_t nl = 0;
    val[nl] = 100.0 * b->warning;
    lab_color[nl] = WARN;
    txf(c, lab[nl], sizeof lab[nl], TX_WARNING_LINE, dr_fmt_pct_line(p1, b->warning));
    nl++;
    for (int g = 0; g < 3; g++) {
        double v = 100.0 * b->grades[g];
        if (!(v > ymin && v < ymax) || fabs(v - val[0]) < 1e-9)
            continue;
        val[nl] = v;
        lab_color[nl] = grade_color[g + 1];
        snprintf(lab[nl], sizeof lab[nl], "%s %s", tx(c, TX_YELLOW + g),
                 dr_fmt_pct_line(p1, b->grades[g]));
        nl++;
    }
    /* a label needs 27 pixels of the plot's height */
    spread_labels(val, pos, nl,
                  (ymax - ymin) * 27.0 / ((y - 0.055 - 0.1) * 900.0), ymax);
    for (size_t k = 0; k < nl; k++) {
        fprintf(f, "set label %zu ", k + 11);
        gp_str(f, lab[k]);
        fprintf(f,
                " at graph 1, first %g offset 0.8, 0 left font ',%d' "
                "textcolor rgb '%s' front\n",
                pos[k], k == 0 ? 17 : 16, lab_color[k]);
    }
    /* The base year: a dotted line and the data value. */
    fprintf(f,
            "set arrow 9 from %ld, graph 0 to %ld, graph 1 nohead lw 1.2 "
            "dt 3 lc rgb '#777777' back\n",
            B, B);
    fputs("set label 9 ", f);
    gp_str(f, txf(c, buf, sizeof buf, TX_BASE_YEAR, B, dr_fmt_pct(p1, q[Q50])));
    fprintf(f,
            " at %ld, graph 0.965 offset 0.7, 0 left font ',16' "
            "textcolor rgb MUTED front\n",
            B);
    if (cut) {
        fputs("set label 10 ", f);
        char lim[32];
        gp_str(f, txf(c, buf, sizeof buf, TX_CUT_OFF,
                      dr_fmt_pct_line(lim, ymax / 100.0)));
        fputs(" at graph 1, graph 1 offset 0.8, 0.4 left font ',14' "
              "textcolor rgb MUTED\n",
              f);
    }

    legend_item lg[5] = {{LG_BOX, "BAND90", ""},
                         {LG_BOX, "BAND80", ""},
                         {LG_BOX, "BAND50", ""},
                         {LG_LINE, "MEDIAN", ""},
                         {LG_DASH, "WARN", ""}};
    snprintf(lg[0].text, sizeof lg[0].text, "%s", tx(c, TX_BAND_90));
    snprintf(lg[1].text, sizeof lg[1].text, "%s", tx(c, TX_BAND_80));
    snprintf(lg[2].text, sizeof lg[2].text, "%s", tx(c, TX_BAND_50));
    txf(c, lg[3].text, sizeof lg[3].text,
        b->deterministic ? TX_PROJECTION_AT : TX_MEDIAN_AT,
        dr_fmt_pct(p2, q[(ny - 1) * DR_NPCT + Q50]), B + T);
    snprintf(lg[4].text, sizeof lg[4].text, "%s", lab[0]);
    /* a deterministic run has no bands to explain */
    if (b->deterministic)
        gp_legend(f, lg + 3, 2, y, 18);
    else
        gp_legend(f, lg, 5, y, 18);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 1:(clip($2)):(clip($8)) with "
            "filledcurves lc rgb BAND90 notitle, \\\n"
            "        '' using 1:(clip($3)):(clip($7)) with filledcurves lc "
            "rgb BAND80 notitle, \\\n"
            "        '' using 1:(clip($4)):(clip($6)) with filledcurves lc "
            "rgb BAND50 notitle, \\\n",
            name);
    /* the lines over the bands, under the median */
    for (size_t k = nl; k-- > 1;)
        fprintf(f, "        %g with lines lw 1.2 lc rgb '%s' notitle, \\\n",
                val[k], lab_color[k]);
    fprintf(f,
            "        %g with lines lw 3.5 dt (8,4) lc rgb WARN notitle, "
            "\\\n",
            val[0]);
    fprintf(f,
            "        '%s.dat' using 1:(clip($5)) with linespoints lw 3 pt 7 "
            "ps 1.1*PS lc rgb MEDIAN notitle\n",
            name);
    gp_loop_end(f);
    return file_close(c, &gp, DR_OK);
}

/* Left margin (a fraction of the width) that fits the county names as
 * tic labels of font size pt. */
static double names_margin(const dr_briefing *b, int pt, double min)
{
    double w = 0.0;
    for (size_t i = 0; i < b->n; i++)
        w = fmax(w, text_cells(b->county[i].name));
    /* a character cell of a pt-point font is about 1.33 pt pixels wide */
    double m = 0.035 + (w * pt * 1.333 + 20.0) / 1600.0;
    return fmin(0.4, fmax(min, m));
}

/* Font size for one row of n in a plot h pixels tall. */
static int row_font(size_t n, double h, int max)
{
    int pt = (int)(h / (double)n * 0.72 / 1.333);
    return pt > max ? max : pt < 8 ? 8 : pt;
}

/* Names of the counties as y tics, riskiest at the top (row 0). */
static void gp_name_tics(const chart_ctx *c, FILE *f, int pt)
{
    const dr_briefing *b = c->b;
    fputs("set ytics (", f);
    for (size_t r = 0; r < b->n; r++) {
        if (r)
            fputs(", ", f);
        gp_quote(f, b->county[b->rank[r]].name, 1);
        fprintf(f, " %zu", r);
    }
    fprintf(f, ") font ',%d' scale 0\n", pt);
    fprintf(f, "set yrange [%g:-0.5]\n", (double)b->n - 0.5);
}

/* Counties (rows, riskiest first) by years, coloured by p_above. */
static dr_status write_heatmap(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "heatmap";
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = file_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f, "# Probability (percent) that the broad debt ratio is "
                   "above the warning line: p_above of broad, ratios.csv\n");
    fprintf(dat.f, "# row year p_above county_id (row 0: the riskiest "
                   "county)\n");
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        for (long t = 0; t <= T; t++) {
            fprintf(dat.f, "%zu %ld", r, B + t);
            dat_num(dat.f, 100.0 * ct->p_above[t]);
            fprintf(dat.f, " %s\n", ct->id);
        }
        fputc('\n', dat.f);
    }
    if ((st = file_close(c, &dat, DR_OK)) ||
        (st = file_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char buf[512], run[400], p1[32];
    gp_begin(c, f, name,
             "Heat map: probability of a broad debt ratio above the warning "
             "line, counties by years");
    txf(c, buf, sizeof buf, TX_HEAT_ORDER, dr_fmt_pct_line(p1, b->warning));
    double y =
        gp_titles(f, tx(c, TX_HEAT_TITLE), buf, run_line(c, run, sizeof run));
    double top = y - 0.015, ph = (top - 0.1) * 900.0;
    /* viridis, sampled at nine points: even in perceived lightness, read
     * in grey and by the colour-blind */
    fputs("set palette defined (0 '#440154', 12.5 '#472c7a', 25 '#3b518b', "
          "37.5 '#2c718e', 50 '#21908d', 62.5 '#27ad81', 75 '#5cc863', "
          "87.5 '#aadc32', 100 '#fde725')\n",
          f);
    fputs("set cbrange [0:100]\nset cbtics 0, 25, 100 format '%.0f%%' scale 0 "
          "font ',16'\n",
          f);
    fputs("set cblabel ", f);
    gp_str(f, tx(c, TX_PROBABILITY));
    fputs(" font ',17' offset 0.5, 0\n", f);
    int pt = row_font(b->n, ph, 18);
    double lm = names_margin(b, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.875\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.1\n",
            lm, top);
    fprintf(f,
            "set colorbox user origin screen 0.895, screen 0.1 size screen "
            "0.018, screen %.4f noborder\n",
            top - 0.1);
    fputs("set style fill solid 1.0 border lc rgb 'white'\n"
          "set border 0\nunset grid\n",
          f);
    fprintf(f, "set xrange [%g:%g]\nset xtics %ld, %ld, %ld scale 0\n", B - 0.5,
            B + T + 0.5, B,
            T <= 15   ? 1L
            : T <= 30 ? 2L
                      : 5L,
            B + T);
    gp_name_tics(c, f, pt);
    /* The probability in each cell, in white on the dark half of the
     * palette and in black on the light half (the crossing, where both
     * contrast alike, is near 42%). Cells too small to hold it stay
     * bare. */
    double cw = (0.875 - lm) * 1600.0 / (double)(T + 1);
    double chh = ph / (double)b->n;
    int cpt = (int)fmin(17.0, fmin(chh * 0.5, cw / 3.2) / 1.333);
    fputs("cell(p) = p <= 0 ? '0%' : (p < 0.5 ? '<1%' : (p >= 99.5 && p < 100 "
          "? '>99%' : sprintf('%.0f%%', p)))\n",
          f);
    fputs("ink(p) = p < 42 ? 0xffffff : 0x1a1a1a\n", f);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 2:1:($2-0.5):($2+0.5):($1-0.5):($1+0.5)"
            ":3 with boxxyerror fillcolor palette lw %.2g notitle",
            name, fmin(2.0, chh / 12.0));
    if (cpt >= 8)
        fprintf(f,
                ", \\\n        '' using 2:1:(cell($3)):(ink($3)) with "
                "labels font ',%d' textcolor rgb variable notitle",
                cpt);
    fputc('\n', f);
    gp_loop_end(f);
    return file_close(c, &gp, DR_OK);
}

/* The grade key entries: Green <120%, Yellow 120–200%, ... */
static void grade_key(const chart_ctx *c, int g, char *buf, size_t n)
{
    char a[32], z[32];
    const double *l = c->b->grades;
    if (g == DR_GREEN)
        snprintf(buf, n, "%s <%s", tx(c, TX_GREEN), dr_fmt_pct_line(a, l[0]));
    else if (g == DR_RED)
        snprintf(buf, n, "%s ≥%s", tx(c, TX_RED), dr_fmt_pct_line(a, l[2]));
    else
        snprintf(buf, n, "%s %s–%s", tx(c, TX_GREEN + g), dr_fmt_pct_line(a, l[g - 1]),
                 dr_fmt_pct_line(z, l[g]));
}

static void gp_grade_colors(FILE *f)
{
    fprintf(f, "GREEN = '%s'; YELLOW = '%s'; ORANGE = '%s'; RED = '%s'\n",
            grade_color[0], grade_color[1], grade_color[2], grade_color[3]);
}

/* p_breach_end by county, sorted, with +-2 se whiskers, coloured by the
 * grade of the median at the horizon. */
static dr_status write_ranking(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "ranking";
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = file_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# Probability (percent) of a breach of the warning line "
            "by %ld: p_breach_end and p_breach_end_se of summary.csv\n",
            B + T);
    fprintf(dat.f, "# row p_breach_end low high grade county_id (low, high: "
                   "+-2 se, within 0..100; grade of broad_p50_end, 0 green .. "
                   "3 red)\n");
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        double p = 100.0 * ct->p_breach_end, se = 100.0 * ct->p_breach_end_se;
        fprintf(dat.f, "%zu", r);
        dat_num(dat.f, p);
        dat_num(dat.f, fmax(0.0, p - 2.0 * se));
        dat_num(dat.f, fmin(100.0, p + 2.0 * se));
        fprintf(dat.f, " %d %s\n", dr_grade(b->grades, ct->p50_end), ct->id);
    }
    if ((st = file_close(c, &dat, DR_OK)) ||
        (st = file_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], run[400], buf[256], p1[32];
    gp_begin(c, f, name,
             "Ranking: probability of a breach of the warning line by the "
             "horizon, by county");
    txf(c, title, sizeof title, TX_RANK_TITLE, B + T);
    txf(c, buf, sizeof buf, TX_RANK_SUBJECT, dr_fmt_pct_line(p1, b->warning), B + T);
    double y = gp_titles(f, title, buf, run_line(c, run, sizeof run));
    gp_grade_colors(f);
    double top = y - 0.045;
    int pt = row_font(b->n, (top - 0.14) * 900.0, 18);
    double lm = names_margin(b, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.95\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.14\n",
            lm, top);
    gp_name_tics(c, f, pt);
    fputs("set xlabel ", f);
    gp_str(f, tx(c, b->deterministic ? TX_RANK_AXIS_DET : TX_RANK_AXIS));
    fputs(" font ',17' textcolor rgb MUTED\n", f);
    fputs("set xrange [0:109]\nset xtics 0, 20, 100 format '%.0f%%'\n"
          "set grid xtics lc rgb '#e4e4e4' lw 1 dt 1\nset border 1\n",
          f);
    fputs("set arrow 1 from 50, graph 0 to 50, graph 1 nohead lw 1.2 dt 2 "
          "lc rgb '#888888' back\n",
          f);
    legend_item lg[5] = {{LG_TEXT, NULL, ""},
                         {LG_BOX, "GREEN", ""},
                         {LG_BOX, "YELLOW", ""},
                         {LG_BOX, "ORANGE", ""},
                         {LG_BOX, "RED", ""}};
    txf(c, lg[0].text, sizeof lg[0].text, TX_RANK_KEY, B + T);
    for (int g = 0; g < DR_NGRADES; g++)
        grade_key(c, g, lg[g + 1].text, sizeof lg[g + 1].text);
    fputs("unset key\n", f);
    gp_legend(f, lg, 5, y, 17);
    fputs("set style fill solid 1.0 noborder\nset errorbars 0.4\n", f);
    int lpt = pt > 16 ? 16 : pt;
    gp_loop_begin(f, name);
    static const char *const var[] = {"GREEN", "YELLOW", "ORANGE", "RED"};
    /* one series per grade, so each takes its colour by name */
    fputs("    plot \\\n", f);
    for (int g = 0; g < DR_NGRADES; g++)
        fprintf(f,
                "%s        '%s%s' using 2:($5 == %d ? $1 : NaN):(0):2:"
                "($1-0.36):($1+0.36) with boxxyerror fillcolor rgb %s "
                "notitle",
                g ? ", \\\n" : "", g ? "" : name, g ? "" : ".dat", g, var[g]);
    /* a deterministic run has no standard errors to show */
    if (!b->deterministic)
        fputs(", \\\n        '' using 2:1:3:4 with xerrorbars lc rgb "
              "'#333333' lw 1.2 pt -1 notitle",
              f);
    if (b->n <= 60)
        fprintf(f,
                ", \\\n        '' using ($4+1.2):1:(sprintf('%%.1f%%%%', "
                "$2)) with labels left font ',%d' textcolor rgb INK "
                "notitle",
                lpt);
    fputc('\n', f);
    gp_loop_end(f);
    return file_close(c, &gp, DR_OK);
}

/* Grade probabilities at the horizon, stacked, one bar per county. */
static dr_status write_grades(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "grades";
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = file_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# Grade probabilities (percent) in %ld: p_green p_yellow "
            "p_orange p_red of grades.csv\n",
            B + T);
    fprintf(dat.f, "# row p_green p_yellow p_orange p_red county_id\n");
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        fprintf(dat.f, "%zu", r);
        for (int g = 0; g < DR_NGRADES; g++)
            dat_num(dat.f,
                    100.0 * ct->grade[(size_t)T * DR_NGRADES + (size_t)g]);
        fprintf(dat.f, " %s\n", ct->id);
    }
    if ((st = file_close(c, &dat, DR_OK)) ||
        (st = file_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], run[400];
    gp_begin(c, f, name,
             "Grades: probability of each grade of the broad debt ratio at "
             "the horizon, by county");
    txf(c, title, sizeof title, TX_GRADES_TITLE, B + T);
    double y = gp_titles(f, title, tx(c, TX_GRADES_SUBJECT),
                         run_line(c, run, sizeof run));
    gp_grade_colors(f);
    double top = y - 0.045;
    int pt = row_font(b->n, (top - 0.1) * 900.0, 18);
    double lm = names_margin(b, pt, 0.09);
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.95\n"
            "set tmargin at screen %.4f\nset bmargin at screen 0.1\n",
            lm, top);
    gp_name_tics(c, f, pt);
    fputs("set xrange [0:100]\nset xtics 0, 20, 100 format '%.0f%%'\n"
          "set border 1\n",
          f);
    legend_item lg[DR_NGRADES] = {{LG_BOX, "GREEN", ""},
                                  {LG_BOX, "YELLOW", ""},
                                  {LG_BOX, "ORANGE", ""},
                                  {LG_BOX, "RED", ""}};
    for (int k = 0; k < DR_NGRADES; k++)
        grade_key(c, k, lg[k].text, sizeof lg[k].text);
    fputs("unset key\n", f);
    gp_legend(f, lg, DR_NGRADES, y, 18);
    fputs("set style fill solid 1.0 border lc rgb 'white'\n", f);
    /* a segment's share printed inside it when it is wide enough */
    fputs("share(p) = p >= 6 ? sprintf('%.0f%%', p) : ''\n", f);
    int lpt = pt > 16 ? 16 : pt;
    gp_loop_begin(f, name);
    static const char *const cum[] = {"0", "$2", "($2+$3)", "($2+$3+$4)",
                                      "($2+$3+$4+$5)"};
    static const char *const var[] = {"GREEN", "YELLOW", "ORANGE", "RED"};
    fputs("    plot \\\n", f);
    for (int g = 0; g < DR_NGRADES; g++) {
        fprintf(f,
                "        '%s%s' using (%s):1:(%s):(%s):($1-0.36):"
                "($1+0.36) with boxxyerror fillcolor rgb %s notitle, "
                "\\\n",
                g ? "" : name, g ? "" : ".dat", cum[g + 1], cum[g], cum[g + 1],
                var[g]);
    }
    for (int g = 0; g < DR_NGRADES; g++)
        fprintf(f,
                "        '' using ((%s+%s)/2):1:(share($%d)) with labels "
                "font ',%d' textcolor rgb '%s' notitle%s\n",
                cum[g], cum[g + 1], g + 2, lpt, grade_ink[g],
                g + 1 < DR_NGRADES ? ", \\" : "");
    gp_loop_end(f);
    return file_close(c, &gp, DR_OK);
}

/* How many counties are above the line: the distribution at the horizon
 * and the expected number over the years, side by side. */
static dr_status write_counties_above(const chart_ctx *c)
{
    const dr_briefing *b = c->b;
    const char *name = "counties_above";
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = file_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# index 0: counties above the warning line in %ld and "
            "their probability (percent), city_counts.csv\n",
            B + T);
    fprintf(dat.f, "# counties_above probability\n");
    double pmax = 0.0, mean = 0.0;
    for (size_t k = 0; k <= b->n; k++) {
        fprintf(dat.f, "%zu", k);
        dat_num(dat.f, 100.0 * b->counts[k]);
        fputc('\n', dat.f);
        pmax = fmax(pmax, 100.0 * b->counts[k]);
    }
    mean = b->city_expected[T];
    fprintf(dat.f, "\n\n# index 1: expected number of counties above the "
                   "line by year, expected_counties_above of city.csv\n");
    fprintf(dat.f, "# year expected_counties_above\n");
    for (long t = 0; t <= T; t++) {
        fprintf(dat.f, "%ld", B + t);
        dat_num(dat.f, b->city_expected[t]);
        fputc('\n', dat.f);
    }
    if ((st = file_close(c, &dat, DR_OK)) ||
        (st = file_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char run[400], buf[256], p1[32], e[32];
    gp_begin(c, f, name,
             "Counties above the warning line: distribution at the horizon "
             "and expected number by year");
    txf(c, buf, sizeof buf, TX_ABOVE_SUBJECT, dr_fmt_pct_line(p1, b->warning), b->n);
    fputs("BAR = '#2f6eb5'; LINE = '#0b2e59'\n", f);
    double step = nice_step(pmax * 1.1, 5);
    double ymax = fmin(100.0, ceil(pmax * 1.12 / step) * step);
    if (ymax <= 0.0)
        ymax = 100.0;
    long xstep = b->n <= 20 ? 1 : b->n <= 50 ? 5 : 10;
    int lpt = b->n <= 16 ? 14 : b->n <= 30 ? 10 : 0;
    /* counts go up in whole steps: 1, 2, 5, 10, ... */
    long cstep = 1;
    for (long p = 1; (double)b->n / (double)cstep > 7.0; p *= 10)
        for (int m = 1; m <= 5 && (double)b->n / (double)cstep > 7.0;
             m += m == 1 ? 1 : 3)
            cstep = m * p;
    long cmax = ((long)b->n + cstep - 1) / cstep * cstep;
    snprintf(e, sizeof e, "%.1f", mean);

    gp_loop_begin(f, name);
    /* the titles go with the first panel only, so they are set anew for
     * each picture */
    double y =
        gp_titles(f, tx(c, TX_ABOVE_TITLE), buf, run_line(c, run, sizeof run));
    double top = y - 0.115;
    fputs("    set multiplot\n", f);
    /* left panel: the distribution at the horizon */
    fprintf(f,
            "    set lmargin at screen 0.085\n    set rmargin at screen "
            "0.49\n    set tmargin at screen %.4f\n    set bmargin at "
            "screen 0.14\n",
            top);
    fputs("    set label 30 ", f);
    gp_str(f, txf(c, buf, sizeof buf, TX_ABOVE_DIST, B + T));
    fprintf(f,
            " at screen 0.035, screen %.4f left font ',20' textcolor rgb "
            "INK\n",
            y - 0.05);
    fprintf(f, "    set xrange [-0.7:%g]\n    set xtics 0, %ld, %zu\n",
            (double)b->n + 0.7, xstep, b->n);
    fprintf(f, "    set yrange [0:%g]\n    set ytics 0, %g, %g format '%s'\n",
            ymax, step, ymax, step < 1.0 ? "%.1f%%" : "%.0f%%");
    fputs("    set grid ytics lc rgb '#e4e4e4' lw 1 dt 1\n", f);
    fputs("    set xlabel ", f);
    gp_str(f, tx(c, TX_ABOVE_DIST_AXIS));
    fputs(" font ',18'\n    unset ylabel\n", f);
    fprintf(f,
            "    set arrow 30 from %.6g, graph 0 to %.6g, graph 1 nohead "
            "lw 2.5 dt (6,4) lc rgb WARN back\n",
            mean, mean);
    fputs("    set label 31 ", f);
    gp_str(f, txf(c, buf, sizeof buf, TX_EXPECTED, e));
    fprintf(f,
            " at %.6g, graph 1 offset 0, 0.8 center font ',16' textcolor "
            "rgb WARN front\n",
            mean);
    fputs("    set style fill solid 1.0 noborder\n    set boxwidth 0.72\n", f);
    fprintf(f,
            "    plot '%s.dat' index 0 using 1:2 with boxes lc rgb BAR "
            "notitle",
            name);
    /* each bar's probability above it, or beside its top when it reaches
     * the top of the plot (then the others are small) */
    if (lpt)
        fprintf(f,
                ", \\\n        '' index 0 using 1:2:($2 >= 0.5 && $2 < "
                "%g ? sprintf('%%.0f%%%%', $2) : '') with labels offset "
                "0, 0.8 font ',%d' textcolor rgb INK notitle, \\\n"
                "        '' index 0 using ($1+0.42):2:($2 >= %g ? "
                "sprintf('%%.0f%%%%', $2) : '') with labels left offset "
                "0.3, -0.9 font ',%d' textcolor rgb INK notitle",
                0.9 * ymax, lpt, 0.9 * ymax, lpt);
    fputs("\n", f);
    /* right panel: the expected number by year */
    fputs("    unset label 1\n    unset label 2\n    unset label 3\n"
          "    unset label 30\n    unset label 31\n    unset arrow 30\n",
          f);
    fputs("    set lmargin at screen 0.585\n    set rmargin at screen 0.965\n",
          f);
    fputs("    set label 32 ", f);
    gp_str(f, tx(c, TX_ABOVE_YEARS));
    fprintf(f,
            " at screen 0.535, screen %.4f left font ',20' textcolor rgb "
            "INK\n",
            y - 0.05);
    fprintf(f, "    set xrange [%g:%g]\n    set xtics %ld, %ld, %ld\n", B - 0.5,
            B + T + 0.5, B,
            T <= 6    ? 1L
            : T <= 12 ? 2L
                      : 5L,
            B + T);
    fprintf(f,
            "    set yrange [0:%ld]\n    set ytics 0, %ld, %ld format "
            "'%%g'\n",
            cmax, cstep, cmax);
    fputs("    set xlabel ", f);
    gp_str(f, tx(c, TX_YEAR));
    fputs(" font ',18'\n    set ylabel ", f);
    gp_str(f, tx(c, TX_ABOVE_YEARS_AXIS));
    fputs(" font ',18'\n", f);
    fprintf(f,
            "    plot '%s.dat' index 1 using 1:2 with linespoints lw 3 pt 7 "
            "ps 1.1*PS lc rgb LINE notitle",
            name);
    if (T <= 20)
        fputs(", \\\n        '' index 1 using 1:2:(sprintf('%.1f', $2)) "
              "with labels offset 0, 1.1 font ',14' textcolor rgb INK "
              "notitle",
              f);
    fputs("\n    unset multiplot\n    unset label 32\n    unset xlabel\n"
          "    unset ylabel\n",
          f);
    gp_loop_end(f);
    return file_close(c, &gp, DR_OK);
}

/* ------------------------------------------------------------------------ */
/* Running gnuplot. */

typedef struct job {
    const char *name;
    pid_t pid;
    FILE *log; /* gnuplot's stdout and stderr */
    int done, failed;
    char why[512];
} job;

/* The last lines of what gnuplot printed, joined by " | ", in buf. */
static void log_tail(FILE *log, char *buf, size_t n)
{
    char text[4096];
    buf[0] = '\0';
    if (!log || fseek(log, 0, SEEK_END) != 0)
        return;
    long size = ftell(log);
    long from = size > (long)sizeof text - 1 ? size - (long)sizeof text + 1 : 0;
    if (fseek(log, from, SEEK_SET) != 0)
        return;
    size_t got = fread(text, 1, sizeof text - 1, log);
    text[got] = '\0';
    /* the last three non-blank lines */
    const char *line[3] = {0};
    size_t len[3] = {0};
    int nl = 0;
    char *end = text + got;
    while (end > text && nl < 3) {
        while (end > text &&
               (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
            end--;
        char *start = end;
        while (start > text && start[-1] != '\n')
            start--;
        if (end > start) {
            /* shift older lines down: line[0] is the earliest */
            for (int k = nl; k > 0; k--) {
                line[k] = line[k - 1];
                len[k] = len[k - 1];
            }
            line[0] = start;
            len[0] = (size_t)(end - start);
            nl++;
        }
        end = start;
    }
    size_t o = 0;
    for (int k = 0; k < nl && o + 4 < n; k++) {
        /* a line of spaces and a caret points into the line above */
        const char *p = line[k];
        size_t m = len[k];
        while (m > 0 && *p == ' ') {
            p++;
            m--;
        }
        if (m == 1 && *p == '^')
            continue;
        if (o > 0) {
            memcpy(buf + o, " | ", 3);
            o += 3;
        }
        if (m > n - o - 1)
            m = n - o - 1;
        memcpy(buf + o, p, m);
        o += m;
        buf[o] = '\0';
    }
}

static dr_status start_job(job *j, const char *prog, const char *cwd,
                           char *scriptname)
{
    posix_spawn_file_actions_t fa;
    char *argv[] = {(char *)prog, scriptname, NULL};
    if (!(j->log = tmpfile()))
        return DR_EIO;
    int fd = fileno(j->log);
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc)
        return errno = rc, DR_ENOMEM;
    if ((rc = posix_spawn_file_actions_addchdir_np(&fa, cwd)) ||
        (rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
                                               0)) ||
        (rc = posix_spawn_file_actions_adddup2(&fa, fd, 1)) ||
        (rc = posix_spawn_file_actions_adddup2(&fa, fd, 2)))
        goto out;
    rc = posix_spawnp(&j->pid, prog, &fa, NULL, argv, environ);
out:
    posix_spawn_file_actions_destroy(&fa);
    errno = rc;
    return rc ? DR_ECHART : DR_OK;
}

/* Runs gnuplot NAME.gp in dir for every name, at most `threads` at a
 * time. */
static dr_status run_gnuplot(const char *dir, const char *const *names,
                             size_t n, int threads, dr_error *err)
{
    const char *prog = getenv("GNUPLOT");
    if (!prog || !*prog)
        prog = "gnuplot";
    /* gnuplot starts inside dir: a relative $GNUPLOT (./bin/gnuplot) must
     * mean what it meant here */
    char *abs_prog = NULL;
    if (strchr(prog, '/') && prog[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        abs_prog = cwd ? join_path(cwd, prog) : NULL;
        free(cwd);
        if (!abs_prog)
            return oom(err);
    }
    const char *exe = abs_prog ? abs_prog : prog;
    job *jobs = calloc(n, sizeof *jobs);
    if (!jobs) {
        free(abs_prog);
        return oom(err);
    }
    dr_status st = DR_OK;
    size_t next = 0, running = 0, failed = 0, first = n;
    int spawn_errno = 0;
    while (next < n || running > 0) {
        while (st == DR_OK && next < n && running < (size_t)threads) {
            job *j = &jobs[next];
            char script[300];
            j->name = names[next++];
            snprintf(script, sizeof script, "%s.gp", j->name);
            dr_status s = start_job(j, exe, dir, script);
            if (s == DR_OK) {
                running++;
                continue;
            }
            if (s == DR_ECHART) {
                spawn_errno = errno;
                st = DR_ECHART;
            } else {
                st = s == DR_ENOMEM ? oom(err)
                                    : dr_error_set(err, DR_EIO, NULL, 0, 0,
                                                   "cannot make a temporary "
                                                   "file for gnuplot: %s",
                                                   strerror(errno));
            }
        }
        if (running == 0)
            break;
        /* any child: debtrisk has no other children while it draws */
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break; /* ECHILD: nothing left to wait for */
        }
        for (size_t k = 0; k < next; k++) {
            job *j = &jobs[k];
            if (j->pid != pid || j->done)
                continue;
            j->done = 1;
            running--;
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                break;
            j->failed = 1;
            failed++;
            if (k < first)
                first = k;
            if (WIFEXITED(status))
                snprintf(j->why, sizeof j->why, "exit status %d",
                         WEXITSTATUS(status));
            else
                snprintf(j->why, sizeof j->why, "killed by signal %d",
                         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
            break;
        }
    }
    if (st == DR_OK && failed > 0) {
        job *j = &jobs[first];
        char tail[400];
        log_tail(j->log, tail, sizeof tail);
        /* a spawn that reports a failed exec as exit status 127 (some
         * libcs, valgrind) rather than as ENOENT */
        if (failed == n && !tail[0] && strcmp(j->why, "exit status 127") == 0) {
            spawn_errno = ENOENT;
            st = DR_ECHART;
        }
    }
    if (st == DR_ECHART) {
        if (spawn_errno == ENOENT)
            dr_error_set(
                err, DR_ECHART, NULL, 0, 0,
                "gnuplot not found (%s%s): the results are written "
                "but the charts are not drawn; " INSTALL_HINT
                ", or set GNUPLOT to its path",
                getenv("GNUPLOT") && *getenv("GNUPLOT") ? "GNUPLOT=" : "no ",
                getenv("GNUPLOT") && *getenv("GNUPLOT") ? prog
                                                        : "gnuplot on PATH");
        else
            dr_error_set(err, DR_ECHART, NULL, 0, 0,
                         "cannot run gnuplot (%s): %s; the results are "
                         "written but the charts are not drawn; " INSTALL_HINT,
                         prog, strerror(spawn_errno));
    } else if (st == DR_OK && failed > 0) {
        /* the script is named inside the output folder: dir may be a
         * temporary folder, renamed once the run is complete */
        job *j = &jobs[first];
        char tail[400];
        log_tail(j->log, tail, sizeof tail);
        char more[64] = "";
        if (failed > 1)
            snprintf(more, sizeof more, " (and %zu more charts)", failed - 1);
        st = dr_error_set(err, DR_ECHART, NULL, 0, 0,
                          "gnuplot (%s) failed on charts/%s.gp with %s%s: %s; "
                          "the results are written but not every chart is "
                          "drawn; is gnuplot complete, with its cairo "
                          "terminals? " INSTALL_HINT,
                          prog, j->name, j->why, more,
                          tail[0] ? tail : "no message");
    }
    for (size_t k = 0; k < n; k++)
        if (jobs[k].log)
            fclose(jobs[k].log);
    free(jobs);
    free(abs_prog);
    return st;
}

/* ------------------------------------------------------------------------ */

/* Writes every chart's script and data; names gets the chart names. */
static dr_status write_all(const chart_ctx *c, char **names, char *store)
{
    const dr_briefing *b = c->b;
    dr_status st;
    size_t k = 0;
    char title[512];
    for (size_t r = 0; r < b->n; r++) {
        const dr_brief_county *ct = &b->county[b->rank[r]];
        char *name = store + r * 72;
        snprintf(name, 72, "fan_%s", ct->id);
        names[k++] = name;
        if ((st = write_fan(c, name, ct->name, tx(c, TX_FAN_SUBJECT), ct->q,
                            "p05..p95 of broad, ratios.csv")))
            return st;
    }
    names[k++] = (char *)dr_chart_city_name(b);
    txf(c, title, sizeof title, TX_CITY_TITLE, b->n);
    if ((st = write_fan(c, names[k - 1], title, tx(c, TX_CITY_SUBJECT),
                        b->city_q, "p05..p95 of city.csv")))
        return st;
    names[k++] = "heatmap";
    names[k++] = "ranking";
    names[k++] = "grades";
    names[k++] = "counties_above";
    names[k] = NULL;
    if ((st = write_heatmap(c)) || (st = write_ranking(c)) ||
        (st = write_grades(c)) || (st = write_counties_above(c)))
        return st;
    return DR_OK;
}

dr_status dr_charts_draw(const char *dir, unsigned formats, const char *lang,
                         int threads, dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    if (formats & ~(unsigned)(DR_CHART_PNG | DR_CHART_SVG | DR_CHART_PDF))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "unknown chart format bits %#x", formats);
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--lang: expected en or zh, found '%s'", lang);
    if (threads <= 0) {
        long np = sysconf(_SC_NPROCESSORS_ONLN);
        threads = np > 0 ? (int)np : 1;
    }
    dr_briefing b;
    dr_status st = dr_briefing_load(&b, dir, err);
    if (st)
        return st;
    char *cdir = join_path(dir, "charts"), *abs = NULL;
    char **names = calloc(b.n + 6, sizeof *names);
    char *store = malloc(b.n * 72 + 1);
    if (!cdir || !names || !store) {
        st = oom(err);
        goto done;
    }
    /* charts/ is ours: replaced as a whole, so no picture of an earlier
     * drawing (another format, a county since removed) stays behind. */
    struct stat sb;
    if (lstat(cdir, &sb) == 0 && dr_remove_tree(cdir) != 0) {
        st = dr_error_set(err, DR_EIO, cdir, 0, 0, "cannot remove: %s",
                          strerror(errno));
        goto done;
    }
    if (mkdir(cdir, 0777) != 0) {
        st = dr_error_set(err, DR_EIO, cdir, 0, 0, "cannot create: %s",
                          strerror(errno));
        goto done;
    }
    chart_ctx c = {.b = &b,
                   .zh = lang && strcmp(lang, "zh") == 0,
                   .formats = formats,
                   .dir = cdir,
                   .err = err};
    if ((st = write_all(&c, names, store)))
        goto done;
    /* gnuplot runs inside charts/, named absolutely for the spawn */
    if (!(abs = realpath(cdir, NULL))) {
        st = dr_error_set(err, DR_EIO, cdir, 0, 0, "%s", strerror(errno));
        goto done;
    }
    size_t n = 0;
    while (names[n])
        n++;
    st = run_gnuplot(abs, (const char *const *)names, n, threads, err);
done:
    free(abs);
    free(store);
    free(names);
    free(cdir);
    dr_briefing_free(&b);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Bilingual texts: scenario titles and descriptions carry both languages. */

/* 1 when s starts a character of the CJK scripts and punctuation (U+2E80
 * to U+9FFF) or a full-width form (U+FF00 to U+FFEF). */
static int cjk_at(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return (p[0] >= 0xE3 && p[0] <= 0xE9) || (p[0] == 0xE2 && p[1] >= 0xBA) ||
           (p[0] == 0xEF && p[1] >= 0xBC && p[1] <= 0xBF);
}

static int has_cjk(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (cjk_at(s + k))
            return 1;
    return 0;
}

/* s[0..n) without the spaces around it, in a new string. */
static char *dup_trim(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return strndup(s, n);
}

static size_t trimmed_len(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    while (n > k && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n - k;
}

/* Removes in place the spaces between two CJK characters (a line break of
 * a Chinese text in a scenario file). */
static char *squeeze_cjk(char *s)
{
    if (!s)
        return NULL;
    size_t o = 0;
    for (size_t k = 0; s[k]; k++) {
        if (s[k] == ' ' && cjk_before(s, o)) {
            size_t e = k;
            while (s[e] == ' ')
                e++;
            if (cjk_at(s + e)) {
                k = e - 1;
                continue;
            }
        }
        s[o++] = s[k];
    }
    s[o] = '\0';
    return s;
}

static char *lang_text(const char *text, const char *lang);

char *dr_lang_text(const char *text, const char *lang)
{
    return squeeze_cjk(lang_text(text, lang));
}

static char *lang_text(const char *text, const char *lang)
{
    int zh = lang && strcmp(lang, "zh") == 0;
    const char *s = text ? text : "";
    size_t len = strlen(s);
    /* "English / 中文": one side in each language */
    const char *slash = strstr(s, " / ");
    if (slash) {
        size_t a = (size_t)(slash - s), b = len - a - 3;
        int ca = has_cjk(s, a), cb = has_cjk(slash + 3, b);
        if (ca != cb && trimmed_len(s, a) && trimmed_len(slash + 3, b))
            return zh == cb ? dup_trim(slash + 3, b) : dup_trim(s, a);
    }
    /* English sentences, then Chinese ones: the Chinese begin with the
     * word of the first CJK character, after a full stop. A Chinese name
     * inside an English sentence does not split it. */
    for (const char *p = s; *p; p++) {
        if (!cjk_at(p))
            continue;
        const char *start = p;
        while (start > s && start[-1] != ' ' && start[-1] != '\t')
            start--;
        size_t a = (size_t)(start - s);
        while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t'))
            a--;
        if (a > 0 && strchr(".!?)", s[a - 1]))
            return zh ? dup_trim(start, len - (size_t)(start - s))
                      : dup_trim(s, a);
        break;
    }
    return strdup(s);
}

/* ------------------------------------------------------------------------ */
/* Reading a batch review and a sensitivity run. */

/* A county of b by id through byid (sorted by id), or the city (index n):
 * compare.csv and sensitivity.csv write the city as county "city" after
 * the counties, so a county whose id is "city" takes the first such row
 * and the city the next (seen marks the rows taken). */
static size_t county_or_city(const dr_briefing *b, const size_t *byid,
                             const char *id, const unsigned char *seen)
{
    size_t i = find_county(b, byid, id);
    if (strcmp(id, "city") == 0 && (i == (size_t)-1 || seen[i]))
        return b->n;
    return i;
}

/* Indices of b's counties sorted by id, in a new array. */
static size_t *sorted_ids(dr_briefing *b)
{
    size_t *byid = malloc((b->n ? b->n : 1) * sizeof *byid);
    if (!byid)
        return NULL;
    for (size_t i = 0; i < b->n; i++)
        byid[i] = i;
    qsort_r(byid, b->n, sizeof *byid, cmp_id, b);
    return byid;
}

const double *dr_review_cmp(const dr_review *rv, size_t s, size_t i)
{
    return &rv->cmp[(s * (rv->n + 1) + i) * DR_CMP_N];
}

/* Most harmful for the city first: the change of its P(breach), then of
 * its median, then the order of compare.csv. */
static int cmp_harm(const void *a, const void *b, void *ctx)
{
    const dr_review *rv = ctx;
    size_t s = *(const size_t *)a, t = *(const size_t *)b;
    const double *x = dr_review_cmp(rv, s, rv->n),
                 *y = dr_review_cmp(rv, t, rv->n);
    if (x[DR_CMP_DELTA] != y[DR_CMP_DELTA])
        return x[DR_CMP_DELTA] > y[DR_CMP_DELTA] ? -1 : 1;
    if (x[DR_CMP_P50_DELTA] != y[DR_CMP_P50_DELTA])
        return x[DR_CMP_P50_DELTA] > y[DR_CMP_P50_DELTA] ? -1 : 1;
    return s < t ? -1 : s > t;
}

dr_status dr_review_load(dr_review *rv, const char *dir, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"scenario", 1},      {"county_id", 1},      {"name", 0},
        {"p_breach_end", 1},  {"p_breach_delta", 1}, {"p_breach_delta_se", 1},
        {"broad_p50_end", 1}, {"broad_p50_delta", 1}};
    enum { SC, ID, NAME, P };
    *rv = (dr_review){0};
    dr_csv_table t = {0};
    char *path = NULL;
    size_t *row_s = NULL, *byid = NULL;
    unsigned char *seen = NULL;
    dr_status st;
    if (!(rv->dir = strdup(dir))) {
        st = oom(err);
        goto fail;
    }
    if ((st = read_table(dir, "compare.csv", cols, 8, &t, &path, err)))
        goto fail;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no rows");
        goto fail;
    }
    /* the scenarios, in the order they first appear */
    if (!(row_s = malloc(t.nrows * sizeof *row_s)) ||
        !(rv->name = calloc(t.nrows, sizeof *rv->name))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *name = dr_csv_get(&t, r, SC)->text;
        size_t k = 0;
        while (k < rv->ns && strcmp(rv->name[k], name) != 0)
            k++;
        if (k == rv->ns) {
            /* a folder of the review: no path may leave it */
            if (!dr_valid_id(name)) {
                st = dr_csv_fail(&t, r, SC, err,
                                 "scenario: expected a scenario name (the "
                                 "folder of its results), found '%s'",
                                 name);
                goto fail;
            }
            if (!(rv->name[rv->ns++] = strdup(name))) {
                st = oom(err);
                goto fail;
            }
        }
        row_s[r] = k;
    }
    if (!(rv->sc = calloc(rv->ns, sizeof *rv->sc))) {
        st = oom(err);
        goto fail;
    }
    for (size_t k = 0; k < rv->ns; k++) {
        char *sub = join_path(dir, rv->name[k]);
        if (!sub) {
            st = oom(err);
            goto fail;
        }
        st = dr_briefing_load(&rv->sc[k], sub, err);
        free(sub);
        if (st)
            goto fail;
    }
    dr_briefing *b = &rv->sc[0];
    size_t n = rv->n = b->n;
    for (size_t k = 1; k < rv->ns; k++) {
        int same = rv->sc[k].n == n;
        for (size_t i = 0; same && i < n; i++)
            same = strcmp(rv->sc[k].county[i].id, b->county[i].id) == 0;
        if (!same) {
            char *sum = join_path(rv->sc[k].dir, "summary.csv");
            dr_error_set(err, DR_EINPUT, sum ? sum : rv->sc[k].dir, 0, 0,
                         "other counties than the baseline's (%s)",
                         rv->name[0]);
            free(sum);
            st = DR_EINPUT;
            goto fail;
        }
    }
    size_t cells = rv->ns * (n + 1);
    if (!(byid = sorted_ids(b)) || !(seen = calloc(cells, 1)) ||
        !(rv->cmp = malloc(cells * DR_CMP_N * sizeof *rv->cmp)) ||
        !(rv->order = malloc(rv->ns * sizeof *rv->order))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        size_t s = row_s[r];
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = county_or_city(b, byid, id, seen + s * (n + 1));
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not a county of %s", id,
                             rv->name[0]);
            goto fail;
        }
        if (seen[s * (n + 1) + i]) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' appears twice for scenario %s",
                             id, rv->name[s]);
            goto fail;
        }
        seen[s * (n + 1) + i] = 1;
        double *v = &rv->cmp[(s * (n + 1) + i) * DR_CMP_N];
        for (size_t k = 0; k < DR_CMP_N; k++)
            if ((st = cell_num(&t, r, P + k, &v[k], err)))
                goto fail;
    }
    for (size_t k = 0; k < cells; k++)
        if (!seen[k]) {
            size_t i = k % (n + 1);
            st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                              "no row for scenario %s and county %s",
                              rv->name[k / (n + 1)],
                              i < n ? b->county[i].id : "city");
            goto fail;
        }
    for (size_t k = 1; k < rv->ns; k++)
        rv->order[k - 1] = k;
    qsort_r(rv->order, rv->ns - 1, sizeof *rv->order, cmp_harm, rv);
    st = DR_OK;
    goto done;
fail:
    dr_review_free(rv);
done:
    dr_csv_free(&t);
    free(path);
    free(row_s);
    free(byid);
    free(seen);
    return st;
}

void dr_review_free(dr_review *rv)
{
    for (size_t k = 0; k < rv->ns; k++) {
        if (rv->sc)
            dr_briefing_free(&rv->sc[k]);
        free(rv->name[k]);
    }
    free(rv->sc);
    free(rv->name);
    free(rv->cmp);
    free(rv->order);
    free(rv->dir);
    *rv = (dr_review){0};
}

char *dr_review_title(const dr_review *rv, size_t s, const char *lang)
{
    const dr_briefing *b = &rv->sc[s];
    int zh = lang && strcmp(lang, "zh") == 0;
    /* the baseline is titled by the program, in English */
    if (strcmp(b->scenario, "baseline") == 0 &&
        (!*b->title || strcasecmp(b->title, "baseline") == 0))
        return strdup(texts[TX_CMP_BASELINE][zh]);
    return dr_lang_text(dr_briefing_scenario(b), lang);
}

const double *dr_sensitivity_row(const dr_sensitivity *s, size_t p, size_t i)
{
    return &s->v[(p * (s->n + 1) + i) * DR_SENS_N];
}

dr_status dr_sensitivity_load(dr_sensitivity *s, const char *dir, dr_error *err)
{
    static const dr_csv_column cols[] = {
        {"parameter", 1},    {"low", 1},           {"high", 1},
        {"county_id", 1},    {"name", 0},          {"p_breach_base", 1},
        {"p_breach_low", 1}, {"p_breach_high", 1}, {"delta_low", 1},
        {"delta_high", 1}};
    enum { PARAM, LOW, HIGH, ID, NAME, BASE };
    *s = (dr_sensitivity){0};
    dr_csv_table t = {0};
    char *path = NULL, *sub = NULL;
    size_t *row_p = NULL, *byid = NULL;
    unsigned char *seen = NULL;
    dr_status st;
    if (!(s->dir = strdup(dir)) || !(sub = join_path(dir, "baseline"))) {
        st = oom(err);
        goto fail;
    }
    if ((st = dr_briefing_load(&s->base, sub, err)) ||
        (st = read_table(dir, "sensitivity.csv", cols, 10, &t, &path, err)))
        goto fail;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no rows");
        goto fail;
    }
    if (!(row_p = malloc(t.nrows * sizeof *row_p)) ||
        !(s->param = calloc(t.nrows, sizeof *s->param)) ||
        !(s->low = calloc(t.nrows, sizeof *s->low)) ||
        !(s->high = calloc(t.nrows, sizeof *s->high))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *name = dr_csv_get(&t, r, PARAM)->text;
        size_t k = 0;
        while (k < s->np && strcmp(s->param[k], name) != 0)
            k++;
        if (k == s->np) {
            s->np++;
            if ((st = dr_csv_strdup(&t, r, PARAM, &s->param[k])) ||
                (st = dr_csv_strdup(&t, r, LOW, &s->low[k])) ||
                (st = dr_csv_strdup(&t, r, HIGH, &s->high[k]))) {
                oom(err);
                goto fail;
            }
        }
        row_p[r] = k;
    }
    size_t n = s->n = s->base.n, cells = s->np * (n + 1);
    if (!(byid = sorted_ids(&s->base)) || !(seen = calloc(cells, 1)) ||
        !(s->v = malloc(cells * DR_SENS_N * sizeof *s->v))) {
        st = oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        size_t p = row_p[r];
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = county_or_city(&s->base, byid, id, seen + p * (n + 1));
        if (i == (size_t)-1) {
            st =
                dr_csv_fail(&t, r, ID, err,
                            "county_id: '%s' is not a county of baseline/", id);
            goto fail;
        }
        if (seen[p * (n + 1) + i]) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' appears twice for %s", id,
                             s->param[p]);
            goto fail;
        }
        seen[p * (n + 1) + i] = 1;
        double *v = &s->v[(p * (n + 1) + i) * DR_SENS_N];
        for (size_t k = 0; k < DR_SENS_N; k++)
            if ((st = cell_num(&t, r, BASE + k, &v[k], err)))
                goto fail;
    }
    for (size_t k = 0; k < cells; k++)
        if (!seen[k]) {
            size_t i = k % (n + 1);
            st = dr_error_set(
                err, DR_EINPUT, path, 0, 0, "no row for %s and county %s",
                s->param[k / (n + 1)], i < n ? s->base.county[i].id : "city");
            goto fail;
        }
    /* the riskiest county: the highest base probability, the first such */
    for (size_t i = 1; i < n; i++)
        if (dr_sensitivity_row(s, 0, i)[DR_SENS_BASE] >
            dr_sensitivity_row(s, 0, s->riskiest)[DR_SENS_BASE])
            s->riskiest = i;
    st = DR_OK;
    goto done;
fail:
    dr_sensitivity_free(s);
done:
    dr_csv_free(&t);
    free(path);
    free(sub);
    free(row_p);
    free(byid);
    free(seen);
    return st;
}

void dr_sensitivity_free(dr_sensitivity *s)
{
    for (size_t k = 0; k < s->np; k++) {
        free(s->param[k]);
        free(s->low[k]);
        free(s->high[k]);
    }
    free(s->param);
    free(s->low);
    free(s->high);
    free(s->v);
    free(s->dir);
    dr_briefing_free(&s->base);
    *s = (dr_sensitivity){0};
}

typedef struct swing_ctx {
    const dr_sensitivity *s;
    size_t i;
} swing_ctx;

static double swing(const dr_sensitivity *s, size_t p, size_t i)
{
    const double *v = dr_sensitivity_row(s, p, i);
    return fmax(fabs(v[DR_SENS_DLOW]), fabs(v[DR_SENS_DHIGH]));
}

static int cmp_swing(const void *a, const void *b, void *ctx)
{
    const swing_ctx *c = ctx;
    size_t p = *(const size_t *)a, q = *(const size_t *)b;
    double x = swing(c->s, p, c->i), y = swing(c->s, q, c->i);
    if (x != y)
        return x > y ? -1 : 1;
    return p < q ? -1 : p > q;
}

void dr_sensitivity_rank(const dr_sensitivity *s, size_t i, size_t *order)
{
    swing_ctx c = {s, i};
    for (size_t p = 0; p < s->np; p++)
        order[p] = p;
    qsort_r(order, s->np, sizeof *order, cmp_swing, &c);
}

/* Names of the model's parameters (the README, the model file). */
static const struct {
    const char *key, *en, *zh;
} param_names[] = {
    {"growth.mu", "Nominal growth trend", "名义增长趋势"},
    {"growth.sigma", "Growth volatility", "增长波动"},
    {"growth.rho", "Growth persistence", "增长持续性"},
    {"own_revenue.mu", "Own revenue trend", "一般公共预算收入趋势"},
    {"own_revenue.beta", "Own revenue elasticity", "一般公共预算收入弹性"},
    {"own_revenue.sigma", "Own revenue volatility", "一般公共预算收入波动"},
    {"land.mu", "Land revenue trend", "土地出让收入趋势"},
    {"land.sigma", "Land revenue volatility", "土地出让收入波动"},
    {"land.rho", "Land revenue persistence", "土地出让收入持续性"},
    {"transfers.mu", "Transfers trend", "转移支付趋势"},
    {"transfers.sigma", "Transfers volatility", "转移支付波动"},
    {"spending.mu", "Spending growth", "支出增速"},
    {"contingent.prob", "Contingent debt: chance called", "或有债务代偿概率"},
    {"contingent.loss", "Contingent debt: share called", "或有债务代偿比例"},
    {"rate.explicit", "Cost of explicit debt", "显性债务利率"},
    {"rate.hidden", "Cost of hidden debt", "隐性债务利率"},
    {"rates.yield", "Market yield", "市场利率"},
    {"rates.sigma", "Yield volatility", "利率波动"},
    {"rates.hidden_spread", "Hidden-debt spread", "隐性债务利差"},
    {"rates.premium_slope", "Risk premium slope", "风险溢价斜率"},
    {"policy.quota", "Bond quota", "新增债券额度"},
    {"policy.consolidation", "Consolidation effort", "财政整顿力度"},
    {"policy.consolidation_max", "Consolidation ceiling", "财政整顿上限"},
    {"policy.debt_target", "Debt target", "债务率目标"},
    {"policy.surplus_spend", "Surplus spent", "结余支出比例"},
    {"thresholds.warning", "Warning line", "警戒线"},
};

const char *dr_param_label(const char *key, const char *lang, char *buf,
                           size_t n)
{
    int zh = lang && strcmp(lang, "zh") == 0;
    const char *k = key, *type = NULL;
    size_t ntype = 0;
    if (strncmp(k, "defaults.", 9) == 0)
        k += 9;
    else if (strncmp(k, "type.", 5) == 0) {
        /* type.LABEL.KEY: the key's name, for that type */
        for (size_t j = 0; j < sizeof param_names / sizeof param_names[0];
             j++) {
            size_t kl = strlen(param_names[j].key), l = strlen(k);
            if (l > kl + 6 && strcmp(k + l - kl, param_names[j].key) == 0 &&
                k[l - kl - 1] == '.') {
                type = k + 5;
                ntype = l - kl - 6;
                k += l - kl;
                break;
            }
        }
    }
    for (size_t j = 0; j < sizeof param_names / sizeof param_names[0]; j++)
        if (strcmp(k, param_names[j].key) == 0) {
            const char *name = zh ? param_names[j].zh : param_names[j].en;
            if (type)
                snprintf(buf, n, zh ? "%s（%.*s）" : "%s (%.*s)", name,
                         (int)ntype, type);
            else
                snprintf(buf, n, "%s", name);
            return buf;
        }
    snprintf(buf, n, "%s", key);
    return buf;
}

const char *dr_tornado_city_name(const dr_sensitivity *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->base.county[i].id, "city") == 0)
            return "tornado_@city";
    return "tornado_city";
}

/* ------------------------------------------------------------------------ */
/* The comparison charts of a review and the tornado charts. */

/* Scenario colours: warm for those that raise the city's risk, most harmful
 * darkest; cool for those that lower it, most helpful darkest; grey for
 * none. Neighbours in the key also differ in shape, so that two close
 * colours can still be told apart (and in grey print). */
static const char *const warm[] = {"#8b0000", "#e31a1c", "#f16913", "#c99a00",
                                   "#8c510a", "#e7298a", "#fb9a99"};
static const char *const cool[] = {"#08306b", "#2171b5", "#41b6c4", "#238b45",
                                   "#6a51a3", "#74a9cf", "#78c679"};
static const char *const greys[] = {"#777777", "#aaaaaa", "#555555"};
static const int shapes[] = {7, 5, 9, 13, 11, 15}; /* filled */

static int step_decimals(double step);

typedef struct review_style {
    const char *color;
    int pt;
    char *label; /* the title, shortened for a key */
} review_style;

static int harm_sign(const dr_review *rv, size_t s)
{
    const double *v = dr_review_cmp(rv, s, rv->n);
    double d = v[DR_CMP_DELTA] != 0.0 ? v[DR_CMP_DELTA] : v[DR_CMP_P50_DELTA];
    return (d > 0.0) - (d < 0.0);
}

/* text cut to at most `cells` ems, with an ellipsis, in a new string */
static char *shorten(const char *text, double cells)
{
    if (text_cells(text) <= cells)
        return strdup(text);
    size_t n = strlen(text);
    char *s = malloc(n + 4);
    if (!s)
        return NULL;
    memcpy(s, text, n + 1);
    while (n > 0 && text_cells(s) > cells - 1.0) {
        do
            n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
        s[n] = '\0';
    }
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    memcpy(s + n, "…", 4);
    return s;
}

static dr_status review_styles(const chart_ctx *c, const dr_review *rv,
                               review_style *sty)
{
    size_t m = rv->ns - 1, helpful = 0, iw = 0, ig = 0;
    for (size_t j = 0; j < m; j++)
        helpful += harm_sign(rv, rv->order[j]) < 0;
    for (size_t s = 0; s < rv->ns; s++) {
        char *t = dr_review_title(rv, s, c->zh ? "zh" : "en");
        sty[s].label = t ? shorten(t, 24.0) : NULL;
        free(t);
        if (!sty[s].label)
            return oom(c->err);
    }
    sty[0].color = INK;
    sty[0].pt = 7;
    for (size_t j = 0, ic = 0; j < m; j++) {
        size_t s = rv->order[j];
        int h = harm_sign(rv, s);
        if (h > 0)
            sty[s].color = warm[iw++ % 7];
        else if (h == 0)
            sty[s].color = greys[ig++ % 3];
        else /* the most helpful, last in the order, is the darkest */
            sty[s].color = cool[(helpful - 1 - ic++) % 7];
        sty[s].pt = shapes[j % 6];
    }
    return DR_OK;
}

/* The review in one line: how many scenarios, paths and seed. */
static const char *review_line(const chart_ctx *c, const dr_review *rv,
                               char *buf, size_t n)
{
    char cnt[32];
    if (c->b->deterministic)
        return txf(c, buf, n, TX_REVIEW_RUN_DET, rv->ns - 1);
    return txf(c, buf, n, TX_REVIEW_RUN, rv->ns - 1,
               count_str(c, cnt, c->b->paths), c->b->seed);
}

/* A key of gnuplot at the right of the plot, top at `top`, for entries of
 * font size pt; returns where the plot must end on the right. */
static double gp_side_key(FILE *f, const char *title, char *const *entry,
                          size_t n, double top, int pt)
{
    double w = text_px(title, pt);
    for (size_t k = 0; k < n; k++)
        w = fmax(w, text_px(entry[k], pt) + 4.2 * pt * 1.333);
    double x = fmax(0.56, 0.965 - w / 1600.0);
    /* one column, however long (gnuplot would add columns off the
     * picture) */
    fprintf(f,
            "set key at screen %.4f, screen %.4f left top Left reverse "
            "samplen 1.6 spacing %.2g width 1 maxrows %zu font ',%d' "
            "textcolor rgb INK title ",
            x, top, n > 13 ? 1.1 : 1.3, n + 1, pt);
    gp_str(f, title);
    fputs(" left\n", f);
    return x - 0.02;
}

/* compare_breach: each county (riskiest of the baseline at the top) and
 * the city, a row with one marker per scenario and the baseline as a
 * black bar; a grey track spans the scenarios' range. */
static dr_status write_compare_breach(const chart_ctx *c, const dr_review *rv,
                                      const review_style *sty)
{
    const dr_briefing *b = c->b;
    const char *name = "compare_breach";
    size_t n = rv->n, ns = rv->ns, m = ns - 1;
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = file_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f,
            "# Probability (percent) of a breach of the warning line by %ld "
            "in each scenario: p_breach_end of compare.csv\n",
            B + T);
    fprintf(dat.f, "# row county_id min max");
    for (size_t s = 0; s < ns; s++)
        fprintf(dat.f, " %s", rv->name[s]);
    fprintf(dat.f,
            "\n# (row 0: the riskiest county of the baseline; row "
            "%zu: the city; min, max: over the scenarios)\n",
            n);
    for (size_t r = 0; r <= n; r++) {
        size_t i = r < n ? b->rank[r] : n;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t s = 0; s < ns; s++) {
            double v = 100.0 * dr_review_cmp(rv, s, i)[DR_CMP_P];
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
        fprintf(dat.f, "%zu %s", r, r < n ? b->county[i].id : "city");
        dat_num(dat.f, lo);
        dat_num(dat.f, hi);
        for (size_t s = 0; s < ns; s++)
            dat_num(dat.f, 100.0 * dr_review_cmp(rv, s, i)[DR_CMP_P]);
        fputc('\n', dat.f);
    }
    if ((st = file_close(c, &dat, DR_OK)) ||
        (st = file_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], subject[256], run[400], p1[32];
    gp_begin(c, f, name,
             "Comparison: probability of a breach of the warning line by the "
             "horizon, by county and scenario");
    txf(c, title, sizeof title, TX_CMP_BREACH_TITLE, B + T);
    txf(c, subject, sizeof subject, TX_RANK_SUBJECT, dr_fmt_pct_line(p1, b->warning),
        B + T);
    double y =
        gp_titles(f, title, subject, review_line(c, rv, run, sizeof run));
    double top = y + 0.005, bottom = 0.13;
    /* the key: the baseline, then the scenarios, most harmful first, with
     * the change for the city in points */
    char **entry = calloc(ns, sizeof *entry);
    if (!entry) {
        file_close(c, &gp, DR_OK);
        return oom(c->err);
    }
    for (size_t k = 0; k < ns; k++) {
        size_t s = k ? rv->order[k - 1] : 0;
        double d = 100.0 * dr_review_cmp(rv, s, n)[DR_CMP_DELTA];
        char num[32];
        if (d == 0.0)
            snprintf(num, sizeof num, "±0");
        else if (d < 0.0)
            snprintf(num, sizeof num, "−%.1f", -d);
        else
            snprintf(num, sizeof num, "+%.1f", d);
        size_t len = strlen(sty[s].label) + 40;
        if ((entry[k] = malloc(len)))
            snprintf(entry[k], len, k ? "%s  %s" : "%s", sty[s].label, num);
        else
            st = oom(c->err);
    }
    if (st == DR_OK) {
        int kpt = ns > 16 ? 13 : 16;
        double right =
            gp_side_key(f, tx(c, TX_CMP_KEY_BREACH), entry, ns, top, kpt);
        /* the names, and the city's row */
        int pt = row_font(n + 1, (top - bottom) * 900.0, 18);
        double w = text_cells(tx(c, TX_CMP_CITY_ROW));
        for (size_t i = 0; i < n; i++)
            w = fmax(w, text_cells(b->county[i].name));
        double lm =
            fmin(0.4, fmax(0.09, 0.035 + (w * pt * 1.333 + 20.0) / 1600.0));
        fprintf(f,
                "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
                lm, right, top, bottom);
        fputs("set ytics (", f);
        for (size_t r = 0; r < n; r++) {
            gp_quote(f, b->county[b->rank[r]].name, 1);
            fprintf(f, " %zu, ", r);
        }
        gp_quote(f, tx(c, TX_CMP_CITY_ROW), 1);
        fprintf(f, " %zu) font ',%d' scale 0\n", n, pt);
        fprintf(f, "set yrange [%g:-0.6]\n", (double)n + 0.6);
        fputs("set xrange [-1.5:101.5]\nset xtics 0, 20, 100 format '%.0f%%'\n"
              "set grid xtics lc rgb '#e4e4e4' lw 1 dt 1\nset border 1\n",
              f);
        fputs("set xlabel ", f);
        gp_str(f, tx(c, TX_RANK_AXIS_DET));
        fputs(" font ',17' textcolor rgb MUTED\n", f);
        /* the city apart from the counties */
        fprintf(f,
                "set arrow 1 from graph 0, first %g to graph 1, first %g "
                "nohead lw 1.2 dt 2 lc rgb '#999999' back\n",
                (double)n - 0.5, (double)n - 0.5);
        /* markers of a row spread a little up and down, most harmful at
         * the top, so that equal values still show every colour */
        double step = m > 1 ? fmin(0.075, 0.6 / (double)(m - 1)) : 0.0;
        /* markers smaller when there are many, so that the key, spaced by
         * its markers, still fits */
        double mk = fmin(1.7, 24.0 / (double)ns);
        fputs("TRACK = '#e6e6e6'\n", f);
        gp_loop_begin(f, name);
        fprintf(f,
                "    plot '%s.dat' using 3:1:($4-$3):(0) with vectors nohead "
                "lw 9 lc rgb TRACK notitle, \\\n",
                name);
        fputs("        keyentry with vectors nohead lw 4 lc rgb INK title ", f);
        gp_str(f, entry[0]);
        for (size_t k = 0; k < m; k++) {
            size_t s = rv->order[k];
            double off = ((double)k - (double)(m - 1) / 2.0) * step;
            fprintf(f,
                    ", \\\n        '' using %zu:($1%+.4f) with points lw 3 "
                    "pt %d ps %.2f*PS lc rgb 'white' notitle",
                    5 + s, off, sty[s].pt, mk + 0.5);
            fprintf(f,
                    ", \\\n        '' using %zu:($1%+.4f) with points lw 3 "
                    "pt %d ps %.2f*PS lc rgb '%s' title ",
                    5 + s, off, sty[s].pt, mk, sty[s].color);
            gp_str(f, entry[k + 1]);
        }
        fputs(", \\\n        '' using 5:($1-0.42):(0):(0.84) with vectors "
              "nohead lw 3.5 lc rgb INK notitle\n",
              f);
        gp_loop_end(f);
    }
    for (size_t k = 0; k < ns; k++)
        free(entry[k]);
    free(entry);
    return file_close(c, &gp, st);
}

/* compare_city: the city's median broad ratio by year, one line per
 * scenario, the baseline thick and black, the warning line dashed red. */
static dr_status write_compare_city(const chart_ctx *c, const dr_review *rv,
                                    const review_style *sty)
{
    const dr_briefing *b = c->b;
    const char *name = "compare_city";
    size_t ns = rv->ns, m = ns - 1;
    long B = b->base_year, T = b->years;
    gp_file dat, gp;
    dr_status st = file_open(c, name, "dat", &dat);
    if (st)
        return st;
    fprintf(dat.f, "# Median broad debt ratio of the city (percent) in each "
                   "scenario: p50 of <scenario>/city.csv\n# year");
    for (size_t s = 0; s < ns; s++)
        fprintf(dat.f, " %s", rv->name[s]);
    fputc('\n', dat.f);
    double lo = 100.0 * b->warning, hi = lo;
    for (long t = 0; t <= T; t++) {
        fprintf(dat.f, "%ld", B + t);
        for (size_t s = 0; s < ns; s++) {
            const dr_briefing *sb = &rv->sc[s];
            double v = t <= sb->years
                           ? 100.0 * sb->city_q[(size_t)t * DR_NPCT + Q50]
                           : NAN;
            dat_num(dat.f, v);
            if (isfinite(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
        fputc('\n', dat.f);
    }
    if ((st = file_close(c, &dat, DR_OK)) ||
        (st = file_open(c, name, "gp", &gp)))
        return st;
    FILE *f = gp.f;
    char title[256], subject[256], run[400], p1[32], keyt[128];
    gp_begin(c, f, name,
             "Comparison: median broad debt ratio of the city by year, one "
             "line per scenario");
    txf(c, title, sizeof title, TX_CMP_CITY_TITLE);
    txf(c, subject, sizeof subject, TX_CMP_CITY_SUBJECT, rv->n);
    double y =
        gp_titles(f, title, subject, review_line(c, rv, run, sizeof run));
    double top = y + 0.005, bottom = 0.1;
    char **entry = calloc(ns, sizeof *entry);
    if (!entry) {
        file_close(c, &gp, DR_OK);
        return oom(c->err);
    }
    for (size_t k = 0; k < ns && st == DR_OK; k++) {
        size_t s = k ? rv->order[k - 1] : 0;
        const dr_briefing *sb = &rv->sc[s];
        size_t len = strlen(sty[s].label) + 40;
        if ((entry[k] = malloc(len)))
            snprintf(entry[k], len, "%s  %s", sty[s].label,
                     dr_fmt_pct(p1, sb->city_q[(size_t)sb->years * DR_NPCT + Q50]));
        else
            st = oom(c->err);
    }
    if (st == DR_OK) {
        txf(c, keyt, sizeof keyt, TX_CMP_KEY_CITY, B + T);
        double right = gp_side_key(f, keyt, entry, ns, top, ns > 15 ? 13 : 16);
        double span = hi - lo;
        double step = nice_step(span * 1.1 + 1.0, 7);
        double ymin = floor((lo - 0.05 * span) / step) * step;
        double ymax = ceil((hi + 0.05 * span) / step) * step;
        if (ymin < 0.0 && lo >= 0.0)
            ymin = 0.0;
        char tic[64], fmt[16];
        snprintf(fmt, sizeof fmt, "%%.%df%%%%", step_decimals(step));
        snprintf(tic, sizeof tic, fmt, ymax);
        fprintf(f,
                "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
                fmax(0.08, 0.035 + (text_px(tic, 20) + 16.0) / 1600.0), right,
                top, bottom);
        long xstep = T <= 12 ? 1 : T <= 25 ? 2 : 5;
        fprintf(f, "set xrange [%g:%g]\nset xtics %ld, %ld, %ld\n", B - 0.3,
                B + T + 0.3, B, xstep, B + T);
        fprintf(f, "set yrange [%g:%g]\nset ytics %g, %g, %g format '%s'\n",
                ymin, ymax, ymin, step, ymax, fmt);
        fputs("set grid ytics lc rgb '#e4e4e4' lw 1 dt 1\n", f);
        double w = 100.0 * b->warning;
        gp_loop_begin(f, name);
        fprintf(f,
                "    plot %g with lines lw 3.5 dt (8,4) lc rgb WARN notitle, "
                "\\\n        '%s.dat' using 1:2 with linespoints lw 5 pt 7 "
                "ps 1.2*PS lc rgb INK title ",
                w, name);
        gp_str(f, entry[0]);
        for (size_t k = 0; k < m; k++) {
            size_t s = rv->order[k];
            fprintf(f,
                    ", \\\n        '' using 1:%zu with linespoints lw 2.5 "
                    "pt %d ps %.2f*PS lc rgb '%s' title ",
                    2 + s, sty[s].pt, fmin(1.2, 17.0 / (double)ns),
                    sty[s].color);
            gp_str(f, entry[k + 1]);
        }
        /* the warning line named in the key: every place in the plot may
         * hold a line */
        fputs(", \\\n        keyentry with lines lw 3.5 dt (8,4) lc rgb WARN "
              "title ",
              f);
        gp_str(f, txf(c, title, sizeof title, TX_WARNING_LINE,
                      dr_fmt_pct_line(p1, b->warning)));
        fputc('\n', f);
        gp_loop_end(f);
    }
    for (size_t k = 0; k < ns; k++)
        free(entry[k]);
    free(entry);
    return file_close(c, &gp, st);
}

/* A setting as sensitivity.csv writes it, for a label: x0.5 as ×0.5 and a
 * minus sign for a hyphen. */
const char *dr_setting_label(const char *s, char *buf, size_t n)
{
    if (s[0] == 'x' && (isdigit((unsigned char)s[1]) || s[1] == '.'))
        snprintf(buf, n, "×%s", s + 1);
    else if (s[0] == '-')
        snprintf(buf, n, "−%s", s + 1);
    else
        snprintf(buf, n, "%s", s);
    return buf;
}

/* Decimals that show every multiple of step exactly: 1 for 0.5, 2 for
 * 0.25. */
static int step_decimals(double step)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10.0, d) - round(step * pow(10.0, d))) >
                        1e-9 * pow(10.0, d))
        d++;
    return d;
}

/* tornado: for county i (n: the city), a row per parameter, largest swing
 * at the top, a bar from the base probability to the one at the low
 * setting (upper half) and at the high setting (lower half). */
static dr_status write_tornado(const chart_ctx *c, const dr_sensitivity *s,
                               size_t i, const char *name)
{
    const dr_briefing *b = c->b;
    size_t np = s->np, n = s->n;
    long B = b->base_year, T = b->years;
    size_t *order = malloc(np * sizeof *order);
    if (!order)
        return oom(c->err);
    dr_sensitivity_rank(s, i, order);
    double base = 100.0 * dr_sensitivity_row(s, order[0], i)[DR_SENS_BASE];
    gp_file dat, gp = {0};
    dr_status st = file_open(c, name, "dat", &dat);
    if (st) {
        free(order);
        return st;
    }
    fprintf(dat.f,
            "# Probability (percent) of a breach by %ld for %s at the low and "
            "high setting of each parameter, sensitivity.csv\n",
            B + T, i < n ? b->county[i].id : "the city");
    fprintf(dat.f, "# row p_breach_base delta_low delta_high p_breach_low "
                   "p_breach_high parameter (row 0: the largest swing)\n");
    double swing_max = 0.0;
    for (size_t r = 0; r < np; r++) {
        const double *v = dr_sensitivity_row(s, order[r], i);
        fprintf(dat.f, "%zu", r);
        dat_num(dat.f, 100.0 * v[DR_SENS_BASE]);
        dat_num(dat.f, 100.0 * v[DR_SENS_DLOW]);
        dat_num(dat.f, 100.0 * v[DR_SENS_DHIGH]);
        dat_num(dat.f, 100.0 * v[DR_SENS_LOW]);
        dat_num(dat.f, 100.0 * v[DR_SENS_HIGH]);
        fprintf(dat.f, " %s\n", s->param[order[r]]);
        swing_max = fmax(swing_max, 100.0 * swing(s, order[r], i));
    }
    if ((st = file_close(c, &dat, DR_OK)) ||
        (st = file_open(c, name, "gp", &gp))) {
        free(order);
        return st;
    }
    FILE *f = gp.f;
    char title[256], subject[400], run[400], p1[32], buf[256];
    gp_begin(c, f, name,
             "Tornado: probability of a breach by the horizon at the low and "
             "high setting of each parameter");
    txf(c, title, sizeof title, TX_TORNADO_TITLE,
        i < n ? b->county[i].name : tx(c, TX_THE_CITY));
    txf(c, subject, sizeof subject, TX_TORNADO_SUBJECT, B + T,
        dr_fmt_pct(p1, base / 100.0));
    double y = gp_titles(f, title, subject, run_line(c, run, sizeof run));
    fputs("LOW = '#3b7dc4'; HIGH = '#e8772e'\n", f);
    legend_item lg[3] = {
        {LG_BOX, "LOW", ""}, {LG_BOX, "HIGH", ""}, {LG_LINE, "INK", ""}};
    snprintf(lg[0].text, sizeof lg[0].text, "%s", tx(c, TX_LOW));
    snprintf(lg[1].text, sizeof lg[1].text, "%s", tx(c, TX_HIGH));
    txf(c, lg[2].text, sizeof lg[2].text, TX_BASE_P, dr_fmt_pct(p1, base / 100.0));
    gp_legend(f, lg, 3, y, 18);
    double top = y - 0.05, bottom = 0.13;
    int pt = row_font(np, (top - bottom) * 900.0, 18);
    double w = 0.0;
    for (size_t p = 0; p < np; p++)
        w = fmax(w, text_cells(dr_param_label(s->param[p], c->zh ? "zh" : "en",
                                              buf, sizeof buf)));
    double lm = fmin(0.4, fmax(0.09, 0.035 + (w * pt * 1.333 + 20.0) / 1600.0));
    fprintf(f,
            "set lmargin at screen %.4f\nset rmargin at screen 0.96\n"
            "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
            lm, top, bottom);
    fputs("set ytics (", f);
    for (size_t r = 0; r < np; r++) {
        if (r)
            fputs(", ", f);
        gp_quote(f,
                 dr_param_label(s->param[order[r]], c->zh ? "zh" : "en", buf,
                                sizeof buf),
                 1);
        fprintf(f, " %zu", r);
    }
    fprintf(f, ") font ',%d' scale 0\n", pt);
    fprintf(f, "set yrange [%g:-0.55]\n", (double)np - 0.45);
    /* centred on the base: the widest bar takes three fifths of its half,
     * its label the rest */
    /* and at least 5 points each side, so that a small effect looks
     * small */
    double half = fmax(5.0, swing_max / 0.6);
    double step = nice_step(2.0 * half, 8);
    half = ceil(half / step) * step;
    double x0 = base - half, x1 = base + half;
    fprintf(f, "set xrange [%.6g:%.6g]\n", x0, x1);
    fprintf(f, "set xtics %g, %g, %g format '%%.%df%%%%'\n",
            fmax(0.0, ceil(x0 / step) * step), step,
            fmin(100.0, floor(x1 / step) * step), step_decimals(step));
    fputs("set grid xtics lc rgb '#e4e4e4' lw 1 dt 1\nset border 1\n", f);
    fputs("set xlabel ", f);
    gp_str(f, txf(c, buf, sizeof buf, TX_TORNADO_AXIS, B + T));
    fputs(" font ',17' textcolor rgb MUTED\nunset key\n", f);
    fprintf(f,
            "set arrow 1 from %.6g, graph 0 to %.6g, graph 1 nohead lw 2.5 "
            "lc rgb INK front\n",
            base, base);
    /* bars at most 40 pixels thick, however few the rows */
    double hh = fmin(0.38, 40.0 / ((top - bottom) * 900.0 / (double)np));
    fprintf(f, "H = %.4f; G = 0.02\n", hh);
    /* each bar's setting and probability at its end, outside it */
    int lpt = pt > 16 ? 16 : pt < 10 ? 10 : pt;
    for (size_t r = 0; r < np; r++) {
        const double *v = dr_sensitivity_row(s, order[r], i);
        for (int side = 0; side < 2; side++) {
            double d = 100.0 * v[side ? DR_SENS_DHIGH : DR_SENS_DLOW];
            double p = 100.0 * v[side ? DR_SENS_HIGH : DR_SENS_LOW];
            char set[96], lab[160];
            dr_setting_label(side ? s->high[order[r]] : s->low[order[r]], set,
                             sizeof set);
            snprintf(lab, sizeof lab, "%s → %s", set, dr_fmt_pct(p1, p / 100.0));
            fprintf(f, "set label %zu ", 20 + 2 * r + (size_t)side);
            gp_str(f, lab);
            fprintf(f,
                    " at %.6g, %.4f %s offset %s, 0 font ',%d' textcolor "
                    "rgb INK front\n",
                    base + d, (double)r + (side ? 1 : -1) * (0.02 + hh / 2),
                    d < 0.0 ? "right" : "left", d < 0.0 ? "-0.6" : "0.6", lpt);
        }
    }
    fputs("set style fill solid 1.0 noborder\n", f);
    gp_loop_begin(f, name);
    fprintf(f,
            "    plot '%s.dat' using 2:($1-G-H/2):2:($2+$3):($1-G-H):($1-G) "
            "with boxxyerror fillcolor rgb LOW notitle, \\\n"
            "        '' using 2:($1+G+H/2):2:($2+$4):($1+G):($1+G+H) with "
            "boxxyerror fillcolor rgb HIGH notitle\n",
            name);
    gp_loop_end(f);
    free(order);
    return file_close(c, &gp, DR_OK);
}

/* Checks the arguments shared by the drawing entry points; threads <= 0
 * becomes the number of cores. */
static dr_status draw_args(unsigned formats, const char *lang, int *threads,
                           dr_error *err)
{
    if (formats & ~(unsigned)(DR_CHART_PNG | DR_CHART_SVG | DR_CHART_PDF))
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "unknown chart format bits %#x", formats);
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--lang: expected en or zh, found '%s'", lang);
    if (*threads <= 0) {
        long np = sysconf(_SC_NPROCESSORS_ONLN);
        *threads = np > 0 ? (int)np : 1;
    }
    return DR_OK;
}

/* dir/charts made anew and empty (charts/ is ours: nothing of an earlier
 * drawing stays behind); *cdir its path, to free. */
static dr_status fresh_charts(const char *dir, char **cdir, dr_error *err)
{
    struct stat sb;
    if (!(*cdir = join_path(dir, "charts")))
        return oom(err);
    if (lstat(*cdir, &sb) == 0 && dr_remove_tree(*cdir) != 0)
        return dr_error_set(err, DR_EIO, *cdir, 0, 0, "cannot remove: %s",
                            strerror(errno));
    if (mkdir(*cdir, 0777) != 0)
        return dr_error_set(err, DR_EIO, *cdir, 0, 0, "cannot create: %s",
                            strerror(errno));
    return DR_OK;
}

/* Runs gnuplot on the scripts `names` of the folder cdir. */
static dr_status draw_in(const char *cdir, const char *const *names, size_t n,
                         int threads, dr_error *err)
{
    char *abs = realpath(cdir, NULL);
    if (!abs)
        return dr_error_set(err, DR_EIO, cdir, 0, 0, "%s", strerror(errno));
    dr_status st = run_gnuplot(abs, names, n, threads, err);
    free(abs);
    return st;
}

dr_status dr_review_draw(const char *outdir, unsigned formats, const char *lang,
                         int threads, dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    dr_status st = draw_args(formats, lang, &threads, err);
    if (st)
        return st;
    dr_review rv;
    if ((st = dr_review_load(&rv, outdir, err)))
        return st;
    char *cdir = NULL;
    review_style *sty = calloc(rv.ns, sizeof *sty);
    if (!sty) {
        st = oom(err);
        goto done;
    }
    if ((st = fresh_charts(outdir, &cdir, err)))
        goto done;
    chart_ctx c = {.b = &rv.sc[0],
                   .zh = lang && strcmp(lang, "zh") == 0,
                   .formats = formats,
                   .dir = cdir,
                   .err = err};
    static const char *const names[] = {"compare_breach", "compare_city"};
    if ((st = review_styles(&c, &rv, sty)) ||
        (st = write_compare_breach(&c, &rv, sty)) ||
        (st = write_compare_city(&c, &rv, sty)))
        goto done;
    st = draw_in(cdir, names, 2, threads, err);
done:
    for (size_t s = 0; sty && s < rv.ns; s++)
        free(sty[s].label);
    free(sty);
    free(cdir);
    dr_review_free(&rv);
    return st;
}

dr_status dr_tornado_draw(const char *outdir, unsigned formats,
                          const char *lang, int threads, dr_error *err)
{
    if (formats == 0)
        return DR_OK;
    dr_status st = draw_args(formats, lang, &threads, err);
    if (st)
        return st;
    dr_sensitivity s;
    if ((st = dr_sensitivity_load(&s, outdir, err)))
        return st;
    char *cdir = NULL, county[96];
    /* the run line names the scenario in the charts' language */
    char *title = dr_lang_text(s.base.title, lang);
    if (!title) {
        st = oom(err);
        goto done;
    }
    free(s.base.title);
    s.base.title = title;
    if ((st = fresh_charts(outdir, &cdir, err)))
        goto done;
    chart_ctx c = {.b = &s.base,
                   .zh = lang && strcmp(lang, "zh") == 0,
                   .formats = formats,
                   .dir = cdir,
                   .err = err};
    const char *names[2] = {dr_tornado_city_name(&s), county};
    snprintf(county, sizeof county, "tornado_%s", s.base.county[s.riskiest].id);
    if ((st = write_tornado(&c, &s, s.n, names[0])) ||
        (st = write_tornado(&c, &s, s.riskiest, names[1])))
        goto done;
    st = draw_in(cdir, names, 2, threads, err);
done:
    free(cdir);
    dr_sensitivity_free(&s);
    return st;
}
