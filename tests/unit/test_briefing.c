/* Reading a run's output folder back (briefing.h: dr_briefing_load and the
 * words and numbers shown from it) on the folder of tests/lib/runfolder.h,
 * whose every number is chosen there; then each file broken in turn, each
 * refusal at its file, line and column with the briefing left empty. */
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

static void load(void)
{
    const char *dir = scratch_path("run");
    CHECK(write_run(dir, "land-slump", "Land slump / 土地市场下滑") == 0);
    dr_briefing b;
    dr_error err = {0};
    dr_status st = dr_briefing_load(&b, dir, &err);
    CHECK(st == DR_OK);
    if (st != DR_OK) {
        printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
        return;
    }
    CHECK(str_is(b.dir, dir));
    CHECK(str_is(b.version, "0.1.0"));
    CHECK(str_is(b.command, "debtrisk run --out x")); /* lines joined */
    CHECK(str_is(b.scenario, "land-slump"));
    CHECK(str_is(b.title, "Land slump / 土地市场下滑"));
    /* joined by a space, but not between two CJK characters */
    CHECK(str_is(b.description, "Land falls. 土地下滑。"));
    CHECK(str_is(b.mode, "monte_carlo") && !b.deterministic);
    CHECK(str_is(b.seed, "42") && b.paths == 1000);
    CHECK(str_is(b.model, "models/baseline.ini"));
    CHECK(b.warning == 1.1 && b.grades[0] == 1.3 && b.grades[1] == 2 &&
          b.grades[2] == 3);
    CHECK(b.base_year == 2024 && b.years == 1 && b.n == 3);
    if (b.n != 3) {
        dr_briefing_free(&b);
        return;
    }
    const dr_brief_county *a = &b.county[0], *bb = &b.county[1],
                          *c = &b.county[2];
    CHECK(str_is(a->id, "a") && str_is(a->name, "A, north") &&
          str_is(a->type, "urban"));
    CHECK(a->base == 0.8 && a->p50_end == 0.9 && a->p10_end == 0.7 &&
          a->p90_end == 1.1 && a->p_breach_end == 0.25 &&
          a->p_breach_end_se == 0.01 && a->p_red_end == 0.05 &&
          a->first_year_p50 == 0);
    CHECK(bb->first_year_p50 == 2025 && bb->p_breach_end == 0.75);
    /* ratios.csv: [year][DR_NPCT], broad rows only (a's official row of
     * 9s is not read) */
    static const double qa[2][DR_NPCT] = {{0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8},
                                          {0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2}};
    CHECK(memcmp(a->q, qa, sizeof qa) == 0);
    CHECK(a->p_above[0] == 0 && a->p_above[1] == 0.25);
    CHECK(bb->q[DR_NPCT + 5] == 1.8 && bb->p_above[0] == 1);
    CHECK(isinf(c->q[DR_NPCT + 6]) && c->q[DR_NPCT + 6] > 0);
    CHECK(c->p_above[1] == 0.5);
    /* grades.csv: [year][DR_NGRADES] */
    CHECK(a->grade[0] == 1 && a->grade[DR_NGRADES + DR_GREEN] == 0.75 &&
          a->grade[DR_NGRADES + DR_RED] == 0.05);
    CHECK(bb->grade[DR_YELLOW] == 1 && bb->grade[DR_NGRADES + DR_RED] == 0.5);
    /* the city */
    CHECK(b.city_q[0] == 1 && b.city_q[DR_NPCT] == 0.9 &&
          b.city_q[DR_NPCT + 6] == 1.5);
    CHECK(b.city_p_above[0] == 0 && b.city_p_above[1] == 0.5);
    CHECK(b.city_expected[0] == 1 && b.city_expected[1] == 1.25);
    CHECK(b.counts[0] == 0.3 && b.counts[1] == 0.3 && b.counts[2] == 0.25 &&
          b.counts[3] == 0.15);
    /* b (0.75) first; c and a tie at 0.25, c's median 1.6 above a's 0.9 */
    CHECK(b.rank[0] == 1 && b.rank[1] == 2 && b.rank[2] == 0);

    CHECK(str_is(dr_briefing_scenario(&b), "Land slump / 土地市场下滑"));
    CHECK(str_is(dr_chart_city_name(&b), "fan_city"));
    free(b.title);
    b.title = strdup("");
    CHECK(str_is(dr_briefing_scenario(&b), "land-slump"));
    free(b.scenario);
    b.scenario = strdup("");
    CHECK(str_is(dr_briefing_scenario(&b), "baseline"));
    free(b.county[1].id);
    b.county[1].id = strdup("city");
    CHECK(str_is(dr_chart_city_name(&b), "fan_@city"));
    dr_briefing_free(&b);
    CHECK(b.county == NULL && b.dir == NULL && b.n == 0);
    dr_briefing_free(&b); /* safe on {0} */
}

/* A title over continuation lines is joined, as the description is. */
static void long_title(void)
{
    const char *dir = scratch_path("title");
    CHECK(write_run(dir, "x",
                    "Land sales fall by half\n  - for three "
                    "years\n  土地\n  下滑") == 0);
    dr_briefing b;
    dr_error err = {0};
    CHECK(dr_briefing_load(&b, dir, &err) == DR_OK);
    CHECK(
        str_is(b.title, "Land sales fall by half - for three years 土地下滑"));
    dr_briefing_free(&b);
}

/* Keys that run.ini leaves out are "", never NULL; a deterministic run
 * without paths counts as one path; ties in the ranking keep file order. */
static void sparse(void)
{
    const char *dir = scratch_path("sparse");
    CHECK(write_run(dir, "x", "") == 0);
    CHECK(put_in(dir, "run.ini", "[run]\nmode = deterministic\n") == 0);
    CHECK(put_in(dir, "model.ini", "[run]\nyears = 1\n") == 0);
    CHECK(put_in(dir, "summary.csv",
                 "county_id,name,broad_base,broad_p50_end,broad_p10_end,"
                 "broad_p90_end,p_breach_end,p_breach_end_se\n"
                 "a,A,1,1,1,1,0,0\n"
                 "b,B,1,1,1,1,0,0\n"
                 "c,C,1,1,1,1,0,0\n") == 0);
    dr_briefing b;
    dr_error err = {0};
    CHECK(dr_briefing_load(&b, dir, &err) == DR_OK);
    if (b.n == 3) {
        CHECK(str_is(b.version, "") && str_is(b.title, "") &&
              str_is(b.seed, "") && str_is(b.description, ""));
        CHECK(b.deterministic && b.paths == 1);
        /* model.ini without [thresholds]: warning 1, grades 1.2 2 3 */
        CHECK(b.warning == 1 && b.grades[0] == 1.2 && b.grades[2] == 3);
        CHECK(str_is(b.county[0].type, "") && isnan(b.county[0].p_red_end));
        CHECK(b.rank[0] == 0 && b.rank[1] == 1 && b.rank[2] == 2);
        CHECK(str_is(dr_briefing_scenario(&b), "baseline"));
    }
    dr_briefing_free(&b);
}

/* The fixture with one file replaced by text: the load must fail with
 * status st at FILE:line:col holding phrase, and leave b empty. */
static int refused(const char *file, const char *text, dr_status st, long line,
                   long col, const char *phrase)
{
    const char *dir = scratch_path("bad");
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    write_run(dir, "bad", "");
    if (text)
        put_in(dir, file, text);
    else
        remove(path);
    dr_briefing b;
    memset(&b, 0x55, sizeof b);
    dr_error err = {0};
    int ok = err_is(dr_briefing_load(&b, dir, &err), &err, st, path, line, col,
                    phrase);
    if (b.dir || b.county || b.title || b.n) {
        printf("# %s: the briefing is not left empty\n", file);
        ok = 0;
    }
    return ok;
}

#define RUN_INI(text) "[run]\nscenario = bad\n" text

static void refusals(void)
{
    /* missing files */
    CHECK(refused("run.ini", NULL, DR_EINPUT, 0, 0, "cannot open"));
    CHECK(refused("model.ini", NULL, DR_EINPUT, 0, 0, "cannot open"));
    CHECK(refused("summary.csv", NULL, DR_EINPUT, ANY, ANY, "cannot open"));
    CHECK(refused("city_counts.csv", NULL, DR_EINPUT, ANY, ANY, "cannot open"));

    /* run.ini: each value at its line and the column after '=' */
    CHECK(refused("run.ini", RUN_INI("mode = fast\n"), DR_EINPUT, 3, 8,
                  "mode: expected deterministic or monte_carlo, found 'fast'"));
    CHECK(refused("run.ini", RUN_INI("seed = 4x2\n"), DR_EINPUT, 3, 8,
                  "seed: expected a whole number, found '4x2'"));
    CHECK(refused("run.ini", RUN_INI("paths = -1\n"), DR_EINPUT, 3, 9,
                  "paths: expected a whole number >= 0, found '-1'"));
    CHECK(refused("run.ini", "[run]\nscenario = ../up\n", DR_EINPUT, 2, 12,
                  "scenario: expected a scenario name, found '../up'"));
    CHECK(refused("run.ini", RUN_INI("title = =HYPERLINK(1)\n"), DR_EINPUT, 3,
                  9, "title: "));
    CHECK(refused("run.ini", RUN_INI("junk\n"), DR_EINPUT, 3, 1,
                  "not a valid INI file"));
    /* a title's first line may not start a formula; a continuation line
     * may start with '-' (it starts no cell) */
    CHECK(refused("run.ini", RUN_INI("title = -x\n  y\n"), DR_EINPUT, 3, 9,
                  "title: "));
    /* model.ini */
    CHECK(refused("model.ini", "[thresholds]\nwarning = 0\n", DR_EINPUT, 2, 11,
                  "warning: expected a number > 0, found '0'"));
    CHECK(refused("model.ini", "[thresholds]\ngrades = 2, 1.5, 3\n", DR_EINPUT,
                  2, 10,
                  "grades: expected three ascending numbers > 0, found "
                  "'2, 1.5, 3'"));
    CHECK(refused("model.ini", "[thresholds]\ngrades = 1, 2\n", DR_EINPUT, 2,
                  10, "grades: expected three ascending numbers"));

    /* summary.csv: "s,a,A,urban,0.8,0.9,0.7,1.1,1.5": p_breach_end at
     * byte 29 of line 2 */
    const char *head = "scenario,county_id,name,type,broad_base,"
                       "broad_p50_end,broad_p10_end,broad_p90_end,"
                       "p_breach_end,p_breach_end_se,first_year_p50,"
                       "p_red_end\n";
    char text[1024];
    snprintf(text, sizeof text, "%ss,a,A,urban,0.8,0.9,0.7,1.1,1.5,0,,0\n",
             head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 2, 29,
                  "p_breach_end: expected a probability from 0 to 1, found "
                  "'1.5'"));
    snprintf(text, sizeof text, "%s", head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 0, 0, "no counties"));
    snprintf(text, sizeof text,
             "%ss,a,A,urban,1,1,1,1,0,0,,0\ns,b,B,urban,1,1,1,1,0,0,,0\n"
             "s,a,C,urban,1,1,1,1,0,0,,0\n",
             head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 4, 3,
                  "duplicate county_id 'a' (first at line 2)"));
    snprintf(text, sizeof text, "%ss,a b,A,urban,1,1,1,1,0,0,,0\n", head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 2, 3,
                  "county_id: expected an id"));
    snprintf(text, sizeof text, "%ss,a,,urban,1,1,1,1,0,0,,0\n", head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 2, 5,
                  "name: the field is empty"));
    snprintf(text, sizeof text, "%ss,a,@A,urban,1,1,1,1,0,0,,0\n", head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 2, 5, "name: "));
    snprintf(text, sizeof text, "%ss,a,A,ur ban,1,1,1,1,0,0,,0\n", head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 2, 7,
                  "type: expected a type label"));
    snprintf(text, sizeof text, "%ss,a,A,urban,1,1,1,1,0,0,99,0\n", head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 2, 25,
                  "first_year_p50: expected a whole number from 1000 to "
                  "9999"));
    /* a ratio may be inf, not nan */
    snprintf(text, sizeof text, "%ss,a,A,urban,nan,1,1,1,0,0,,0\n", head);
    CHECK(refused("summary.csv", text, DR_EINPUT, 2, 13,
                  "broad_base: expected a finite number or inf, found 'nan'"));

    /* ratios.csv */
    CHECK(refused("ratios.csv", RUN_RATIOS_HEAD, DR_EINPUT, 0, 0, "no rows"));
    CHECK(refused("ratios.csv",
                  RUN_RATIOS_HEAD "s,z,x,2024,broad,1,0,1,1,1,1,1,1,1,0,0\n",
                  DR_EINPUT, 2, 3, "county_id: 'z' is not in summary.csv"));
    CHECK(refused("ratios.csv",
                  RUN_RATIOS_HEAD "s,a,x,2024,broad,1,0,1,1,1,1,1,1,1,0,0\n"
                                  "s,b,x,2024,broad,1,0,1,1,1,1,1,1,1,0,0\n"
                                  "s,c,x,2024,broad,1,0,1,1,1,1,1,1,1,0,0\n"
                                  "s,a,x,2025,broad,1,0,1,1,1,1,1,1,1,0,0\n",
                  DR_EINPUT, 0, 0, "no broad row for county b in 2025"));
    CHECK(refused("ratios.csv",
                  RUN_RATIOS_HEAD "s,a,x,2024,broad,1,0,1,1,1,1,1,1,1,2,0\n",
                  DR_EINPUT, 2, 36, "p_above: expected a probability"));
    CHECK(refused("ratios.csv",
                  RUN_RATIOS_HEAD "s,a,x,1024,broad,1,0,1,1,1,1,1,1,1,0,0\n"
                                  "s,a,x,3025,broad,1,0,1,1,1,1,1,1,1,0,0\n",
                  DR_EINPUT, 0, 0, "years 1024 to 3025: too many"));

    /* grades.csv, city.csv, city_counts.csv */
    CHECK(refused("grades.csv",
                  "scenario,county_id,year,p_green,p_yellow,p_orange,p_red\n"
                  "s,a,2025,1,0,0,0\ns,b,2025,1,0,0,0\n",
                  DR_EINPUT, 0, 0, "no row for county c in 2025"));
    CHECK(refused("grades.csv",
                  "scenario,county_id,year,p_green,p_yellow,p_orange,p_red\n"
                  "s,q,2025,1,0,0,0\n",
                  DR_EINPUT, 2, 3, "county_id: 'q' is not in summary.csv"));
    const char *city_head = "scenario,year,mean,p05,p10,p25,p50,p75,p90,p95,"
                            "p_above,expected_counties_above\n";
    snprintf(text, sizeof text, "%ss,2024,1,1,1,1,1,1,1,1,0,1\n", city_head);
    CHECK(refused("city.csv", text, DR_EINPUT, 0, 0, "no row for 2025"));
    /* "s,2025,1,1,1,1,1,1,1,1,0,3.5": the count at byte 26 */
    snprintf(text, sizeof text,
             "%ss,2024,1,1,1,1,1,1,1,1,0,1\ns,2025,1,1,1,1,1,1,1,1,0,3.5\n",
             city_head);
    CHECK(refused("city.csv", text, DR_EINPUT, 3, 26,
                  "expected_counties_above: 3.5 is more than the 3 counties"));
    CHECK(refused("city_counts.csv",
                  "scenario,year,counties_above,probability\ns,2025,4,0.1\n",
                  DR_EINPUT, 2, 8,
                  "counties_above: expected a whole number "
                  "from 0 to 3"));
}

static void lang(void)
{
    char *s;
#define LANG_IS(text, lang, want)                                              \
    do {                                                                       \
        s = dr_lang_text(text, lang);                                          \
        CHECK(str_is(s, want));                                                \
        free(s);                                                               \
    } while (0)
    LANG_IS("Land slump / 土地市场下滑", DR_LANG_EN, "Land slump");
    LANG_IS("Land slump / 土地市场下滑", DR_LANG_ZH, "土地市场下滑");
    LANG_IS("土地市场下滑 / Land slump", DR_LANG_EN, "Land slump");
    LANG_IS("Land slump / 土地市场下滑", DR_LANG_EN, "Land slump");
    /* both sides English: not two languages, kept whole */
    LANG_IS("Up / down", DR_LANG_ZH, "Up / down");
    LANG_IS("Land falls. 土地 下滑。", DR_LANG_EN, "Land falls.");
    LANG_IS("Land falls. 土地 下滑。", DR_LANG_ZH, "土地下滑。");
    /* a Chinese name inside an English sentence does not split it */
    LANG_IS("Visit 邓州 today", DR_LANG_ZH, "Visit 邓州 today");
    LANG_IS("Plain text", DR_LANG_ZH, "Plain text");
    LANG_IS("", DR_LANG_EN, "");
    LANG_IS(NULL, DR_LANG_EN, "");
#undef LANG_IS
}

static void numbers(void)
{
    char buf[32];
    CHECK(str_is(dr_fmt_pct(buf, 0.967), "96.7%"));
    CHECK(str_is(dr_fmt_pct(buf, 0), "0.0%"));
    CHECK(str_is(dr_fmt_pct(buf, 2.5), "250.0%"));
    CHECK(str_is(dr_fmt_pct(buf, INFINITY), "∞"));
    CHECK(str_is(dr_fmt_pct(buf, -INFINITY), "-∞"));
    CHECK(str_is(dr_fmt_pct(buf, NAN), "–"));
    CHECK(str_is(dr_fmt_pct_line(buf, 1), "100%"));
    CHECK(str_is(dr_fmt_pct_line(buf, 1.2), "120%"));
    CHECK(str_is(dr_fmt_pct_line(buf, 0.1), "10%"));
    CHECK(str_is(dr_fmt_pct_line(buf, 15000), "1500000%"));
    CHECK(str_is(dr_fmt_count(buf, 10000, 0), "10,000"));
    CHECK(str_is(dr_fmt_count(buf, 10000, 1), "10000"));
    CHECK(str_is(dr_fmt_count(buf, 999, 0), "999"));
    CHECK(str_is(dr_fmt_count(buf, 1234567, 0), "1,234,567"));
    CHECK(str_is(dr_fmt_count(buf, -123456, 0), "-123,456"));
    CHECK(str_is(dr_fmt_count(buf, 0, 0), "0"));
}

int main(void)
{
    if (scratch_open("briefing") != 0)
        return 1;
    load();
    sparse();
    long_title();
    refusals();
    lang();
    numbers();
    scratch_close();
    return check_done();
}
