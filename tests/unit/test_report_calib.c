/* calibration.md (present/report_calib.h) for the hand-worked histories
 * of tests/data/history/ (their README works out every estimate quoted
 * here) and the longer history of tests/lib/longhistory.h: the head, the
 * brief in words, the tables of estimates and of counties, the
 * correlation, what was pooled, shrunk or kept, each warning when its
 * condition holds (and "None" when none does), the pictures found, names
 * escaped, both languages; refusals leave no file. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "errcheck.h"
#include "longhistory.h"
#include "present/report_calib.h"
#include "scratch.h"

#define HIST(name) TEST_DATA "/history/" name
#define SAMPLE TEST_DATA "/../../data/sample-city/fiscal.csv"

static dr_fiscal sample, odd;

/* wancheng under a name and a type label that Markdown must escape. */
static const char odd_fiscal_csv[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "primary_spending,explicit_debt,hidden_debt\n"
    "wancheng,Wan*cheng [A],urban_core,520,22,30,35,89,52,35\n";

/* fangcheng's ten years of tests/lib/longhistory.h without land revenue:
 * nothing to warn of (ten years, no land to break or clip, one county:
 * no correlation to repair, no common weights). Growth 7, 5, 6, 9, 8, 6,
 * 7, 5, 6 %: rho-hat 0.106, halves -0.220 and -0.230, rho 0.436. */
static const char plain_csv[] =
    "county_id,year,gdp,own_revenue,transfers,land_revenue,primary_spending\n"
    "fangcheng,2015,100,20,30,0,50\n"
    "fangcheng,2016,107.0,21.6,32.4,0,52.5\n"
    "fangcheng,2017,112.35,22.464,34.668,0,54.6\n"
    "fangcheng,2018,119.091,23.5872,37.78812,0,57.876\n"
    "fangcheng,2019,129.80919,25.94592,40.0554072,0,60.7698\n"
    "fangcheng,2020,140.1939252,28.0215936,42.05817756,0,63.200592\n"
    "fangcheng,2021,148.605560712,29.702889216,45.0022499892,0,66.99262752\n"
    "fangcheng,2022,159.0079499618,31.7820914611,48.6024299883,0,70."
    "342258896\n"
    "fangcheng,2023,166.9583474599,33.0533751196,51.5185757876,0,73."
    "1559492518\n"
    "fangcheng,2024,176.9758483075,35.0365776267,55.1248760928,0,77."
    "545306207\n";

typedef struct cal {
    dr_params p;
    dr_history h;
    dr_calibration c;
    const dr_fiscal *f;
    int ok;
} cal;

/* Calibrates history (against f) on its years up to 2024 under model
 * (NULL: the defaults). */
static void calibrate(cal *k, const char *history, const dr_fiscal *f,
                      const char *model, dr_cal_by by)
{
    dr_error err = {0};
    dr_params_init(&k->p);
    k->f = f;
    k->ok = (!model || dr_params_read(&k->p, model, &err) == DR_OK) &&
            dr_params_finish(&k->p, model ? model : "", &err) == DR_OK &&
            dr_history_read(history, f, &k->h, &err) == DR_OK &&
            dr_calibrate(&k->h, f, &k->p, by, 1900, 2024, &k->c, &err) == DR_OK;
    if (!k->ok)
        printf("# %s\n", err.msg);
}

static void done(cal *k)
{
    if (k->ok) {
        dr_calibration_free(&k->c);
        dr_history_free(&k->h);
    }
    dr_params_free(&k->p);
}

/* The report of k written into the scratch folder NAME, in a new
 * string. */
static char *report(const cal *k, const char *name, const char *history,
                    dr_lang lang)
{
    char *dir = scratch_dup_path(name);
    mkdir(dir, 0777);
    dr_error err = {0};
    char *s = NULL;
    if (k->ok &&
        dr_calib_report_write(dir, &k->c, k->f, history,
                              "/x/models/baseline.ini", lang, &err) == DR_OK) {
        char path[700];
        snprintf(path, sizeof path, "%s/calibration.md", dir);
        s = slurp(path, NULL);
    } else if (k->ok) {
        printf("# %s\n", err.msg);
    }
    free(dir);
    return s;
}

static int has(const char *s, const char *needle)
{
    if (s && strstr(s, needle))
        return 1;
    check_note("missing: ", needle);
    return 0;
}

/* Case (a) by type: README (a)'s estimates in words and in the table
 * (%.4g), e.g. the stationary sd of growth sigma_g / sqrt(1 - rho_g^2) =
 * sqrt(78/5) % = 3.9%, a year above trend followed by another with
 * probability 1/2 + asin(1/4)/pi = 58.0%; land's 1/2 + asin(2/15)/pi =
 * 54.3%, sigma_l = L sqrt(83/125) = 18.2%, mu_l = -(3/5)L = -13.4%. */
static void one_county(void)
{
    cal k;
    calibrate(&k, HIST("one_county.csv"), &odd, NULL, DR_BY_TYPE);
    char *s = report(&k, "a", HIST("one_county.csv"), DR_LANG_EN);
    CHECK(s && strncmp(s, "# Calibration from history\n\n", 28) == 0);
    CHECK(has(s, "\n- History: `one_county.csv`, 2019–2024, 1 counties (1 "
                 "types).\n- Grouping: one estimate per type of county "
                 "(`--by type`).\n- Model: the estimates replace those keys "
                 "of `baseline.ini`; every other key"));
    CHECK(has(s, "## In brief\n\nWhat the history of all 1 counties says (the "
                 "pool of the city, `[defaults]`):\n\n"));
    CHECK(has(s, "\n- **Nominal GDP** grows about 7.0% a year, and a typical "
                 "year strays 3.9% from that; a year above trend is 58.0% "
                 "likely to be followed by another above it (persistence "
                 "0.25).\n"));
    CHECK(has(s, "\n- **Own revenue** (一般公共预算收入) grows 1.25% for every "
                 "1% of GDP growth, -1.0% a year besides, with shocks of "
                 "about 1.5% a year.\n"));
    CHECK(has(s, "\n- **Land revenue** swings about 18.2% a year around a "
                 "trend of -13.4% a year; a bad year is 54.3% likely to be "
                 "followed by another (persistence 0.13).\n"));
    CHECK(has(s, "\n- **Transfers** from higher levels grow about 6.0% a "
                 "year, give or take 1.6%.\n- **Primary spending** has grown "
                 "5.0% a year.\n\n"));
    /* one county: no common weights */
    CHECK(s && !strstr(s, "Shocks are shared") && !strstr(s, "Common weights"));
    /* the tables: the city, the type by its label (escaped) */
    CHECK(has(s, "## Estimates\n\n"));
    CHECK(has(s, "\n### The city (`[defaults]`)\n\n| key | meaning | value | "
                 "se | n | status |\n|---|---|---:|---:|---:|---|\n| "
                 "`growth.mu` | GDP growth, mean | 0.07 | 0.01183 | 5 | "
                 "estimated |\n| `growth.sigma` | GDP growth, sd of a shock | "
                 "0.03824 | 0.01912 | 4 | estimated |\n| `growth.rho` | GDP "
                 "growth, persistence | 0.25 | 0.4841 | 4 | estimated |\n"));
    CHECK(has(s, "\n### urban\\_core (`[type.urban_core]`)\n\n"));
    CHECK(has(s, "\n| `own_revenue.beta` | own revenue, elasticity to GDP | "
                 "1.25 | 0.2808 | 5 | estimated |\n"));
    CHECK(has(s, "\n| `land.mu` | land revenue, log trend a year | -0.1339 | "
                 "0.04347 | 6 | estimated |\n"));
    CHECK(has(s, "\n| `spending.mu` | primary spending, mean growth | 0.05 | "
                 "0.007071 | 5 | estimated |\n"));
    CHECK(s && !strstr(s, "## County by county"));
    /* README (a)'s correlations to two decimals, over 4 county-years */
    CHECK(has(s, "## How the shocks move together\n\nCorrelation of the "
                 "standardized innovations, over 4 county-years in which all "
                 "four exist"));
    CHECK(has(s, "\n| growth | 1.00 | -0.23 | -0.44 | 0.82 |\n| own revenue | "
                 "-0.23 | 1.00 | -0.66 | -0.57 |\n| land | -0.44 | -0.66 | "
                 "1.00 | 0.03 |\n| transfers | 0.82 | -0.57 | 0.03 | 1.00 "
                 "|\n"));
    CHECK(has(s, "## What was pooled, shrunk or kept\n\n- Every key was "
                 "estimated from its group's own data.\n\n"));
    CHECK(has(s, "## Warnings\n\n- Short series: every county has 6 years "
                 "or fewer (under 10); the estimates rest on few "
                 "observations.\n\n## Method\n\n"));
    CHECK(s && !strstr(s, "- None.") && !strstr(s, "## Charts"));
    free(s);

    /* Chinese */
    s = report(&k, "a-zh", HIST("one_county.csv"), DR_LANG_ZH);
    CHECK(s && strncmp(s, "# 基于历史数据的模型校准\n\n", 30) == 0);
    CHECK(has(s,
              "\n- 历史数据：`one_county.csv`，2019—2024 年，1 个县（市、区），"
              "1 个类型。\n- 分组：每类县一组估计（`--by type`）。\n"));
    CHECK(has(s, "\n- **名义GDP** 每年增长约 7.0%，正常年份偏离约 3.9%；高于"
                 "趋势的一年之后仍高于趋势的概率为 58.0%（持续性 0.25）。\n"));
    CHECK(has(s,
              "\n### 全市 (`[defaults]`)\n\n| 参数 | 含义 | 取值 | 标准误 | "
              "样本数 | 状态 |\n|---|---|---:|---:|---:|---|\n| "
              "`growth.mu` | GDP增长，均值 | 0.07 | 0.01183 | 5 | 估计 |\n"));
    CHECK(has(s, "\n| 增长 | 1.00 | -0.23 | -0.44 | 0.82 |\n"));
    CHECK(has(s, "\n- 所有参数均由本组数据估计。\n"));
    CHECK(has(s, "## 提示\n\n- 序列较短：各县均不超过 6 年（不足 10 年），估计"
                 "所依据的观测较少。\n"));
    free(s);
    done(&k);

    /* --by county: the county table; k = 1 < 3, so lambda = 0 for all
     * twelve keys, each the type's value */
    calibrate(&k, HIST("one_county.csv"), &odd, NULL, DR_BY_COUNTY);
    s = report(&k, "a-county", HIST("one_county.csv"), DR_LANG_EN);
    CHECK(has(s, "\n- Grouping: one estimate per county, pulled toward its "
                 "type's in proportion to how noisy it is (`--by county`, "
                 "empirical Bayes).\n"));
    CHECK(has(s, "## County by county\n\n"));
    CHECK(has(s,
              "|---|---|---:|---:|---:|---:|---:|---:|\n| Wan\\*cheng \\[A\\] "
              "| urban\\_core | 7.0% (0.00) | 1.25 (0.00) | -13.4% (0.00) | "
              "18.2% (0.00) | 6.0% (0.00) | 5.0% (0.00) | \n"));
    CHECK(has(s, "\n- Shrunk: 12 county estimates; on average a county keeps "
                 "0.0% of its own estimate (λ).\n"));
    /* the county has no table of its own estimates */
    CHECK(s && !strstr(s, "(`[county.wancheng]`)"));
    free(s);
    done(&k);
}

/* Case (c) with cannot.ini: what was pooled and kept, group by group in
 * order (defaults, then the types as they come in fiscal.csv), keys in
 * calibration.csv's order; the common weights of two urban counties. */
static void pooled_kept(void)
{
    cal k;
    calibrate(&k, HIST("cannot.csv"), &sample, HIST("cannot.ini"), DR_BY_TYPE);
    char *s = report(&k, "c", HIST("cannot.csv"), DR_LANG_EN);
    CHECK(has(s, "\n- History: `cannot.csv`, 2019–2024, 5 counties (3 types)"
                 ".\n"));
    CHECK(has(s, "\n- Pooled (the group could not estimate it): "
                 "`[type.agricultural] growth.rho`, `[type.agricultural] "
                 "own_revenue.mu`, `[type.agricultural] own_revenue.beta`, "
                 "`[type.ecological] land.mu`, `[type.ecological] "
                 "land.sigma`, `[type.ecological] land.rho`.\n"));
    CHECK(has(s, "\n- Kept (not estimable even for the city; the model's "
                 "value stays): `[defaults] spending.mu`, `[type.urban] "
                 "spending.mu`, `[type.agricultural] spending.mu`, "
                 "`[type.ecological] spending.mu`.\n"));
    CHECK(s && !strstr(s, "Every key was estimated"));
    /* spending.mu kept at cannot.ini's 0.03 and 0.04, without se */
    CHECK(has(s, "\n| `spending.mu` | primary spending, mean growth | 0.03 | "
                 "– | 0 | kept |\n"));
    CHECK(has(s, "\n| `spending.mu` | primary spending, mean growth | 0.04 | "
                 "– | 0 | kept |\n"));
    CHECK(has(s, "\n- Shocks are shared across counties: the common factor "
                 "carries ") &&
          has(s, "county-years in which all four exist") &&
          has(s, "\nCommon weights w (the share of each shock shared by all "
                 "counties): growth "));
    free(s);
    s = report(&k, "c-zh", HIST("cannot.csv"), DR_LANG_ZH);
    CHECK(has(s, "\n- 汇总（本组无法估计）：`[type.agricultural] growth.rho`"));
    CHECK(has(s, "\n- 保留（全市也无法估计，保留模型原值）：`[defaults] "
                 "spending.mu`"));
    free(s);
    done(&k);

    /* no land anywhere: the land keys kept, the correlation too */
    calibrate(&k, HIST("no_land.csv"), &sample, NULL, DR_BY_TYPE);
    s = report(&k, "no-land", HIST("no_land.csv"), DR_LANG_EN);
    CHECK(has(s, "\n- Kept (not estimable even for the city; the model's "
                 "value stays): `[defaults] land.mu`, `[defaults] "
                 "land.sigma`, `[defaults] land.rho`, `[type.urban] "
                 "land.mu`, `[type.urban] land.sigma`, `[type.urban] "
                 "land.rho`.\n"));
    CHECK(has(s, "## How the shocks move together\n\nToo few complete "
                 "county-years: the correlation and the common weights are "
                 "the model's own.\n\n## What was pooled"));
    free(s);
    done(&k);
}

/* tests/lib/longhistory.h: zhenping (8) and sheqi (7) short, wolong and
 * zhenping break in 2020, type.urban's persistences at their clip; then
 * the warnings a history cannot bring about (a repaired correlation, a
 * common weight outside [0, 1]) and a second clipped group, set on the
 * calibration by hand. */
static void warnings(void)
{
    cal k;
    const char *hist = scratch_put("long.csv", long_history_csv);
    calibrate(&k, hist, &sample, NULL, DR_BY_TYPE);
    char *s = report(&k, "long", hist, DR_LANG_EN);
    CHECK(has(s, "\n- History: `long.csv`, 2015–2024, 4 counties (2 types)"
                 ".\n"));
    CHECK(has(s, "## Warnings\n\n- Short series: 镇平县 (8), 社旗县 (7) have "
                 "fewer than 10 years; their estimates rest on few "
                 "observations.\n"));
    CHECK(has(s, "\n- The growth persistence is at its limit (±0.9) for type "
                 "urban: the history cannot tell it apart from a shock that "
                 "never fades; read it as \"very persistent\".\n- The land "
                 "persistence is at its limit (±0.9) for type urban: "));
    CHECK(has(s, "\n- A structural break is suspected in land revenue: one "
                 "straight trend fits much worse than a trend that turns, in "
                 "2 of 4 counties (卧龙区 2020, 镇平县 2020). One trend then "
                 "averages a rise and a fall"));
    /* transfers' common weight comes out below 0 and is clipped (the
     * reference, tests/ref/calibrate_ref.py, gives 0 for it too) */
    CHECK(has(s, "\n- The common weight of transfers came out outside [0, 1] "
                 "and was clipped.\n- A structural break"));
    CHECK(s && !strstr(s, "- None.") && !strstr(s, "not positive definite") &&
          !strstr(s, "weight of growth") && !strstr(s, "weight of land"));
    free(s);
    s = report(&k, "long-zh", hist, DR_LANG_ZH);
    CHECK(has(s, "## 提示\n\n- 序列较短：镇平县 (8)、社旗县 (7) 不足 10 年，"));
    CHECK(has(s, "\n- urban 类的增长持续性达到上限（±0.9）") &&
          has(s, "\n- urban 类的土地持续性达到上限（±0.9）"));
    CHECK(has(s, "在 4 个县中有 2 个（卧龙区 2020、镇平县 2020）"));
    free(s);

    if (k.ok) {
        k.c.corr.repaired = 1;
        k.c.corr.min_eigen = -0.8;
        k.c.corr.w_raw[2] = 1.3;
        k.c.corr.w_raw[0] = -0.1;
        k.c.group[0].est.jk_growth.clipped = 1;
    }
    s = report(&k, "long-set", hist, DR_LANG_EN);
    CHECK(has(s, "\n- The growth persistence is at its limit (±0.9) for the "
                 "city and type urban: "));
    CHECK(has(s, "\n- The estimated correlation matrix was not positive "
                 "definite (smallest eigenvalue -0.8): its eigenvalues were "
                 "raised to 0.001 and it was rescaled to a unit diagonal.\n"));
    CHECK(has(s, "\n- The common weight of growth came out outside [0, 1] and "
                 "was clipped.\n- The common weight of land came out outside "
                 "[0, 1] and was clipped.\n- The common weight of transfers "));
    free(s);
    /* a clip of a pooled key is not the group's own: no warning */
    if (k.ok) {
        k.c.group[0].est.v[DR_CK_GROWTH_RHO].status = DR_CS_POOLED;
        k.c.group[0].est.jk_land.clipped = 1;
        k.c.group[0].est.v[DR_CK_LAND_RHO].status = DR_CS_KEPT;
    }
    s = report(&k, "long-pooled", hist, DR_LANG_EN);
    CHECK(has(s, "persistence is at its limit (±0.9) for type urban: ") && s &&
          !strstr(s, "(±0.9) for the city"));
    free(s);
    done(&k);

    /* nothing to warn of */
    calibrate(&k, scratch_put("plain.csv", plain_csv), &sample, NULL,
              DR_BY_TYPE);
    s = report(&k, "plain", "plain.csv", DR_LANG_EN);
    CHECK(has(s, "## Warnings\n\n- None.\n\n## Method"));
    free(s);
    s = report(&k, "plain-zh", "plain.csv", DR_LANG_ZH);
    CHECK(has(s, "## 提示\n\n- 无。\n\n## 方法"));
    free(s);
    done(&k);
}

/* The pictures found in charts/: the correlation, the shrinkage, each
 * county's (named, escaped); none, no section. */
static void pictures(void)
{
    cal k;
    calibrate(&k, HIST("one_county.csv"), &odd, NULL, DR_BY_COUNTY);
    char *s = report(&k, "pics", HIST("one_county.csv"), DR_LANG_EN);
    CHECK(s && !strstr(s, "## Charts"));
    free(s);
    mkdir(scratch_path("pics/charts"), 0777);
    scratch_put("pics/charts/calib_wancheng.svg", "");
    s = report(&k, "pics", HIST("one_county.csv"), DR_LANG_EN);
    CHECK(has(s, "## Charts\n\nEach county's history beside what the "
                 "estimates say (trend and a band of one standard "
                 "deviation):\n\n![Wan\\*cheng \\[A\\]]"
                 "(charts/calib_wancheng.svg)\n\n## Method"));
    free(s);
    scratch_put("pics/charts/calib_correlation.png", "");
    scratch_put("pics/charts/calib_shrinkage.png", "");
    s = report(&k, "pics", HIST("one_county.csv"), DR_LANG_ZH);
    CHECK(has(s, "## 图表\n\n![冲击相关系数](charts/calib_correlation.png)"
                 "\n\n![县级估计向类型估计的收缩](charts/calib_shrinkage.png)"
                 "\n\n各县历史数据与估计结果（趋势及一个标准差区间）：\n\n"
                 "![Wan\\*cheng \\[A\\]](charts/calib_wancheng.svg)\n\n"));
    free(s);
    done(&k);
}

static void refusals(void)
{
    cal k;
    calibrate(&k, HIST("one_county.csv"), &odd, NULL, DR_BY_TYPE);
    char *dir = scratch_dup_path("bad");
    mkdir(dir, 0777);
    dr_error err = {0};
    CHECK(!exists(scratch_path("bad/calibration.md")) &&
          !exists(scratch_path("bad/calibration.md.tmp")));
    char *none = scratch_dup_path("none"), tmp[700];
    snprintf(tmp, sizeof tmp, "%s/calibration.md.tmp", none);
    CHECK(err_is(dr_calib_report_write(none, &k.c, &odd, "h.csv", "m.ini",
                                       DR_LANG_EN, &err),
                 &err, DR_EIO, tmp, 0, 0, "cannot write"));
    CHECK(!exists(none));
    /* the report replaces an earlier one whole */
    scratch_put("bad/calibration.md", "an earlier report, long enough\n");
    CHECK(dr_calib_report_write(dir, &k.c, &odd, "h.csv", "m.ini", DR_LANG_EN,
                                &err) == DR_OK);
    char *s = slurp(scratch_path("bad/calibration.md"), NULL);
    CHECK(s && !strstr(s, "an earlier report") && has(s, "`m.ini`") &&
          !exists(scratch_path("bad/calibration.md.tmp")));
    free(s);
    free(none);
    free(dir);
    done(&k);
}

int main(void)
{
    gsl_set_error_handler_off();
    dr_error err = {0};
    if (scratch_open("report_calib") != 0)
        return 1;
    if (dr_fiscal_read(SAMPLE, &sample, &err) != DR_OK ||
        dr_fiscal_read(scratch_put("odd.csv", odd_fiscal_csv), &odd, &err) !=
            DR_OK) {
        printf("# %s\n", err.msg);
        return 1;
    }
    one_county();
    pooled_kept();
    warnings();
    pictures();
    refusals();
    dr_fiscal_free(&sample);
    dr_fiscal_free(&odd);
    scratch_close();
    return check_done();
}
