/* Reading a batch review and a sensitivity run back (briefing.h, the parts
 * in review_read.c): compare.csv and sensitivity.csv written here over run
 * folders of tests/lib/runfolder.h; the orders (most harmful first, the
 * largest swing first) worked out from the numbers below; every refusal
 * at its place with the result left empty; the labels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "present/briefing.h"
#include "runfolder.h"
#include "scratch.h"

static int str_is(const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        return 1;
    printf("# '%s', expected '%s'\n", got ? got : "(null)", want);
    return 0;
}

static const char *review_dir(const char *name)
{
    const char *dir = scratch_path(name);
    write_review(dir);
    return dir;
}

static void review(void)
{
    const char *dir = review_dir("review");
    dr_review rv;
    dr_error err = {0};
    dr_status st = dr_review_load(&rv, dir, &err);
    CHECK(st == DR_OK);
    if (st != DR_OK) {
        printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
        return;
    }
    CHECK(str_is(rv.dir, dir) && rv.ns == 4 && rv.n == 3);
    CHECK(str_is(rv.name[0], "baseline") && str_is(rv.name[1], "slump") &&
          str_is(rv.name[2], "boom") && str_is(rv.name[3], "flat"));
    CHECK(str_is(rv.sc[1].scenario, "slump") && rv.sc[1].n == 3);
    const double *v = dr_review_cmp(&rv, 1, 1); /* slump, b */
    CHECK(v[DR_CMP_P] == 0.9 && v[DR_CMP_DELTA] == 0.15 &&
          v[DR_CMP_SE] == 0.03 && v[DR_CMP_P50] == 1.8 &&
          v[DR_CMP_P50_DELTA] == 0.3);
    v = dr_review_cmp(&rv, 2, 3); /* boom, the city */
    CHECK(v[DR_CMP_P] == 0.3 && v[DR_CMP_DELTA] == -0.2);
    CHECK(isnan(dr_review_cmp(&rv, 2, 2)[DR_CMP_P50_DELTA]));
    /* flat's rows come in another order: found by id */
    CHECK(dr_review_cmp(&rv, 3, 0)[DR_CMP_P50] == 0.9 &&
          dr_review_cmp(&rv, 3, 3)[DR_CMP_P50] == 1.5);
    CHECK(rv.order[0] == 3 && rv.order[1] == 1 && rv.order[2] == 2);

    char *t;
#define TITLE_IS(s, lang, want)                                                \
    do {                                                                       \
        t = dr_review_title(&rv, s, lang);                                     \
        CHECK(str_is(t, want));                                                \
        free(t);                                                               \
    } while (0)
    TITLE_IS(0, DR_LANG_EN, "Baseline");
    TITLE_IS(0, DR_LANG_ZH, "基准情景");
    TITLE_IS(1, DR_LANG_EN, "Land slump");
    TITLE_IS(1, DR_LANG_ZH, "土地市场下滑");
    TITLE_IS(2, DR_LANG_EN, "Boom");
    /* a baseline the user titled keeps its title; one titled "baseline"
     * is the program's */
    free(rv.sc[0].title);
    rv.sc[0].title = strdup("Status quo");
    TITLE_IS(0, DR_LANG_EN, "Status quo");
    free(rv.sc[0].title);
    rv.sc[0].title = strdup("BASELINE");
    TITLE_IS(0, DR_LANG_ZH, "基准情景");
#undef TITLE_IS
    dr_review_free(&rv);
    CHECK(rv.ns == 0 && rv.sc == NULL && rv.dir == NULL);
    dr_review_free(&rv);
}

/* The review folder with compare.csv replaced by text; the load must fail
 * at compare.csv's line:col (or at `file` when given) with phrase. */
static int review_refused(const char *text, const char *file, long line,
                          long col, const char *phrase)
{
    const char *dir = review_dir("bad-review");
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, file ? file : "compare.csv");
    if (text)
        put_in(dir, "compare.csv", text);
    dr_review rv;
    memset(&rv, 0x55, sizeof rv);
    dr_error err = {0};
    int ok = err_is(dr_review_load(&rv, dir, &err), &err, DR_EINPUT, path, line,
                    col, phrase);
    if (rv.dir || rv.ns || rv.sc || rv.name || rv.cmp) {
        printf("# the review is not left empty\n");
        ok = 0;
    }
    return ok;
}

static void review_refusals(void)
{
    CHECK(review_refused(CMP_HEAD, NULL, 0, 0, "no rows"));
    CHECK(review_refused(CMP_HEAD "../up,a,A,0,0,0,1,0\n", NULL, 2, 1,
                         "scenario: expected a scenario name (the folder of "
                         "its results), found '../up'"));
    /* a scenario without a folder: its run.ini cannot be opened */
    CHECK(review_refused(CMP_HEAD "baseline,a,A,0,0,0,1,0\n"
                                  "gone,a,A,0,0,0,1,0\n",
                         "gone/run.ini", 0, 0, "cannot open"));
    CHECK(review_refused(CMP_HEAD "baseline,zz,A,0,0,0,1,0\n", NULL, 2, 10,
                         "county_id: 'zz' is not a county of baseline"));
    CHECK(review_refused(CMP_HEAD "baseline,a,A,0,0,0,1,0\n"
                                  "baseline,a,A,0,0,0,1,0\n",
                         NULL, 3, 10,
                         "county_id: 'a' appears twice for scenario "
                         "baseline"));
    CHECK(review_refused(CMP_HEAD "baseline,a,A,0,0,0,1,0\n"
                                  "baseline,b,B,0,0,0,1,0\n"
                                  "baseline,c,C,0,0,0,1,0\n",
                         NULL, 0, 0,
                         "no row for scenario baseline and county city"));
    /* "baseline,a,A,0,2,0,1,0": the delta at byte 16 */
    CHECK(review_refused(CMP_HEAD "baseline,a,A,0,2,0,1,0\n", NULL, 2, 16,
                         "p_breach_delta: expected a change of probability "
                         "from -1 to 1, found '2'"));

    /* a scenario of other counties than the baseline's */
    const char *dir = review_dir("other-review");
    char sub[600], sum[700];
    snprintf(sub, sizeof sub, "%s/boom", dir);
    snprintf(sum, sizeof sum, "%s/summary.csv", sub);
    put_in(sub, "summary.csv",
           "county_id,name,broad_base,broad_p50_end,broad_p10_end,"
           "broad_p90_end,p_breach_end,p_breach_end_se\n"
           "a,A,1,1,1,1,0,0\nc,C,1,1,1,1,0,0\nb,B,1,1,1,1,0,0\n");
    dr_review rv;
    dr_error err = {0};
    CHECK(err_is(dr_review_load(&rv, dir, &err), &err, DR_EINPUT, sum, 0, 0,
                 "other counties than the baseline's (baseline)"));
    CHECK(rv.ns == 0 && rv.sc == NULL);
}

static const char *sens_dir(const char *name)
{
    const char *dir = scratch_path(name);
    write_sensitivity(dir);
    return dir;
}

static void sensitivity(void)
{
    const char *dir = sens_dir("sens");
    dr_sensitivity s;
    dr_error err = {0};
    dr_status st = dr_sensitivity_load(&s, dir, &err);
    CHECK(st == DR_OK);
    if (st != DR_OK) {
        printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
        return;
    }
    CHECK(str_is(s.dir, dir) && s.np == 3 && s.n == 3 && s.base.n == 3);
    CHECK(str_is(s.param[0], "land.mu") && str_is(s.low[0], "-0.1") &&
          str_is(s.high[0], "0"));
    CHECK(str_is(s.param[1], "type.rural.growth.mu") &&
          str_is(s.low[1], "x0.5") && str_is(s.high[1], "x1.5"));
    CHECK(str_is(s.param[2], "rates.yield"));
    const double *v = dr_sensitivity_row(&s, 1, 1);
    CHECK(v[DR_SENS_BASE] == 0.75 && v[DR_SENS_LOW] == 0.45 &&
          v[DR_SENS_HIGH] == 0.8 && v[DR_SENS_DLOW] == -0.3 &&
          v[DR_SENS_DHIGH] == 0.05);
    CHECK(dr_sensitivity_row(&s, 2, 3)[DR_SENS_DHIGH] == 0.2);
    CHECK(dr_sensitivity_swing(&s, 0, 3) == 0.2);
    CHECK(dr_sensitivity_swing(&s, 1, 1) == 0.3);
    CHECK(dr_sensitivity_swing(&s, 0, 0) == 0.15);
    size_t order[3];
    dr_sensitivity_rank(&s, 3, order);
    CHECK(order[0] == 0 && order[1] == 2 && order[2] == 1);
    dr_sensitivity_rank(&s, 1, order);
    CHECK(order[0] == 1 && order[1] == 0 && order[2] == 2);
    CHECK(s.riskiest == 1); /* b: 0.75 */
    CHECK(str_is(dr_tornado_city_name(&s), "tornado_city"));
    free(s.base.county[2].id);
    s.base.county[2].id = strdup("city");
    CHECK(str_is(dr_tornado_city_name(&s), "tornado_@city"));
    dr_sensitivity_free(&s);
    CHECK(s.np == 0 && s.v == NULL && s.dir == NULL && s.base.n == 0);
    dr_sensitivity_free(&s);
}

static int sens_refused(const char *text, long line, long col,
                        const char *phrase)
{
    const char *dir = sens_dir("bad-sens");
    char path[600];
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    put_in(dir, "sensitivity.csv", text);
    dr_sensitivity s;
    memset(&s, 0x55, sizeof s);
    dr_error err = {0};
    int ok = err_is(dr_sensitivity_load(&s, dir, &err), &err, DR_EINPUT, path,
                    line, col, phrase);
    if (s.dir || s.np || s.v || s.param || s.base.n) {
        printf("# the sensitivity is not left empty\n");
        ok = 0;
    }
    return ok;
}

static void sensitivity_refusals(void)
{
    CHECK(sens_refused(SENS_HEAD, 0, 0, "no rows"));
    CHECK(sens_refused(SENS_HEAD "land..mu,0,1,a,A,0,0,0,0,0\n", 2, 1,
                       "parameter: expected SECTION.KEY, e.g. land.mu or "
                       "rates.hidden_spread, found 'land..mu'"));
    CHECK(sens_refused(SENS_HEAD "land.mu,abc,1,a,A,0,0,0,0,0\n", 2, 9,
                       "low: expected a number or x and a number, found "
                       "'abc'"));
    CHECK(sens_refused(SENS_HEAD "land.mu,0,x,a,A,0,0,0,0,0\n", 2, 11,
                       "high: expected a number or x and a number, found "
                       "'x'"));
    CHECK(sens_refused(SENS_HEAD "land.mu,0,1,zz,A,0,0,0,0,0\n", 2, 13,
                       "county_id: 'zz' is not a county of baseline/"));
    CHECK(sens_refused(SENS_HEAD "land.mu,0,1,a,A,0,0,0,0,0\n"
                                 "land.mu,0,1,a,A,0,0,0,0,0\n",
                       3, 13, "county_id: 'a' appears twice for land.mu"));
    CHECK(sens_refused(SENS_HEAD "land.mu,0,1,a,A,0,0,0,0,0\n"
                                 "land.mu,0,1,b,B,0,0,0,0,0\n"
                                 "land.mu,0,1,city,C,0,0,0,0,0\n",
                       0, 0, "no row for land.mu and county c"));
    /* "land.mu,0,1,a,A,0,0,1.5,0,0": p_breach_high at byte 21 */
    CHECK(sens_refused(SENS_HEAD "land.mu,0,1,a,A,0,0,1.5,0,0\n", 2, 21,
                       "p_breach_high: expected a probability from 0 to 1"));

    /* no baseline/ folder */
    const char *dir = scratch_path("sens-alone");
    char path[600];
    mkdir(dir, 0777);
    put_in(dir, "sensitivity.csv", sensitivity_csv);
    snprintf(path, sizeof path, "%s/baseline/run.ini", dir);
    dr_sensitivity s;
    dr_error err = {0};
    CHECK(err_is(dr_sensitivity_load(&s, dir, &err), &err, DR_EINPUT, path, 0,
                 0, "cannot open"));
    CHECK(s.np == 0 && s.dir == NULL);
}

static void labels(void)
{
    char buf[128];
    CHECK(str_is(dr_param_label("land.mu", DR_LANG_EN, buf, sizeof buf),
                 "Land revenue trend"));
    CHECK(str_is(dr_param_label("land.mu", DR_LANG_ZH, buf, sizeof buf),
                 "土地出让收入趋势"));
    CHECK(str_is(
        dr_param_label("defaults.growth.mu", DR_LANG_EN, buf, sizeof buf),
        "Nominal growth trend"));
    CHECK(str_is(dr_param_label("type.agricultural.land.mu", DR_LANG_EN, buf,
                                sizeof buf),
                 "Land revenue trend (agricultural)"));
    CHECK(str_is(dr_param_label("type.agricultural.land.mu", DR_LANG_ZH, buf,
                                sizeof buf),
                 "土地出让收入趋势（agricultural）"));
    CHECK(str_is(dr_param_label("rates.yield", DR_LANG_EN, buf, sizeof buf),
                 "Market yield"));
    CHECK(str_is(
        dr_param_label("thresholds.warning", DR_LANG_ZH, buf, sizeof buf),
        "警戒线"));
    CHECK(str_is(dr_param_label("foo.bar", DR_LANG_EN, buf, sizeof buf),
                 "foo.bar"));
    CHECK(str_is(dr_param_label("type.x.foo", DR_LANG_EN, buf, sizeof buf),
                 "type.x.foo"));
    CHECK(
        str_is(dr_param_label("type.", DR_LANG_EN, buf, sizeof buf), "type."));
    CHECK(str_is(dr_param_label("type.land.mu", DR_LANG_EN, buf, sizeof buf),
                 "type.land.mu"));
    CHECK(str_is(
        dr_param_label("type.a.b.rate.hidden", DR_LANG_EN, buf, sizeof buf),
        "Cost of hidden debt (a.b)"));
    CHECK(str_is(dr_setting_label("x0.5", buf, sizeof buf), "×0.5"));
    CHECK(str_is(dr_setting_label("x.5", buf, sizeof buf), "×.5"));
    CHECK(str_is(dr_setting_label("-0.03", buf, sizeof buf), "−0.03"));
    CHECK(str_is(dr_setting_label("0.02", buf, sizeof buf), "0.02"));
    CHECK(str_is(dr_setting_label("xy", buf, sizeof buf), "xy"));
}

int main(void)
{
    if (scratch_open("review_read") != 0)
        return 1;
    review();
    review_refusals();
    sensitivity();
    sensitivity_refusals();
    labels();
    scratch_close();
    return check_done();
}
