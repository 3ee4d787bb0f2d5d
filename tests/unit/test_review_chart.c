/* The charts comparing runs (review_chart.h) from the review and
 * sensitivity folders of tests/lib/runfolder.h, drawn by a stand-in for
 * gnuplot (tests/lib/fakegp.h): the scripts, data and pictures; the data
 * in percent and in the orders worked out from compare.csv and
 * sensitivity.csv; the words; the scenario folders only read; the
 * refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartfile.h"
#include "charts/review_chart.h"
#include "check.h"
#include "errcheck.h"
#include "fakegp.h"
#include "runfolder.h"
#include "scratch.h"

static char *ok_gp;

static void review(void)
{
    char *dir = scratch_dup_path("review");
    write_review(dir);
    char *before = slurp(scratch_path("review/slump/summary.csv"), NULL);
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    CHECK(dr_review_draw(dir, DR_CHART_PNG, DR_LANG_EN, 2, &err) == DR_OK);
    CHECK(fake_log_runs() == 2);
    CHECK(drawn(dir, "compare_breach") && drawn(dir, "compare_city"));
    /* the scenario folders are only read */
    char *after = slurp(scratch_path("review/slump/summary.csv"), NULL);
    CHECK(before && after && strcmp(before, after) == 0);
    CHECK(!exists(scratch_path("review/slump/charts")));
    free(before);
    free(after);

    /* rows in the baseline's order of risk (b, c, a), then the city; min
     * and max over the scenarios, then baseline, slump, boom, flat */
    char *s = chart_file(dir, "compare_breach", "dat");
    CHECK(s && strstr(s, "# row county_id min max baseline slump boom flat\n"));
    CHECK(s && strstr(s, "\n0 b 60 90 75 90 60 75\n"
                         "1 c 20 30 25 30 20 25\n"
                         "2 a 10 50 25 50 10 25\n"
                         "3 city 30 70 50 70 30 70\n"));
    free(s);
    /* the city's median of each scenario folder's city.csv */
    s = chart_file(dir, "compare_city", "dat");
    CHECK(s && strstr(s, "\n2024 100 100 100 100\n2025 120 120 120 120\n"));
    free(s);
    s = chart_file(dir, "compare_breach", "gp");
    CHECK(s && strstr(s, "'Land slump") && strstr(s, "'Boom") &&
          !strstr(s, "土地"));
    free(s);

    CHECK(dr_review_draw(dir, DR_CHART_SVG, DR_LANG_ZH, 1, &err) == DR_OK);
    s = chart_file(dir, "compare_city", "gp");
    CHECK(s && strstr(s, "土地市场下滑") && strstr(s, "基准情景") &&
          strstr(s, "\nFORMATS = 'svg'\n"));
    free(s);
    free(dir);
}

static void tornado(void)
{
    char *dir = scratch_dup_path("sens");
    write_sensitivity(dir);
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    CHECK(dr_tornado_draw(dir, DR_CHART_PNG, DR_LANG_EN, 1, &err) == DR_OK);
    CHECK(fake_log_runs() == 2);
    /* the city's and the riskiest county's (b, 0.75) */
    CHECK(drawn(dir, "tornado_city") && drawn(dir, "tornado_b"));
    /* largest swing first: for the city land.mu 0.2 and rates.yield 0.2
     * (file order), then the growth 0.1; for b growth 0.3, land.mu 0.25,
     * rates.yield 0.05. base, delta_low, delta_high, low, high */
    char *s = chart_file(dir, "tornado_city", "dat");
    CHECK(s && strstr(s, " for the city at ") &&
          strstr(s, "\n0 50 -20 10 30 60 land.mu\n"
                    "1 50 -5 20 45 70 rates.yield\n"
                    "2 50 -10 5 40 55 type.rural.growth.mu\n"));
    free(s);
    s = chart_file(dir, "tornado_b", "dat");
    CHECK(s && strstr(s, " for b at ") &&
          strstr(s, "\n0 75 -30 5 45 80 type.rural.growth.mu\n"
                    "1 75 -25 15 50 90 land.mu\n"
                    "2 75 -5 5 70 80 rates.yield\n"));
    free(s);
    /* the parameters and settings by their labels */
    s = chart_file(dir, "tornado_city", "gp");
    CHECK(s && strstr(s, "Land revenue trend") &&
          strstr(s, "Nominal growth trend (rural)") && strstr(s, "×0.5") &&
          strstr(s, "−0.1"));
    free(s);
    CHECK(dr_tornado_draw(dir, DR_CHART_PNG, DR_LANG_ZH, 1, &err) == DR_OK);
    s = chart_file(dir, "tornado_city", "gp");
    CHECK(s && strstr(s, "土地出让收入趋势") && strstr(s, "全市"));
    free(s);
    free(dir);
}

static void refusals(void)
{
    char *dir = scratch_dup_path("bad");
    write_review(dir);
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    CHECK(dr_review_draw(dir, 0, DR_LANG_EN, 1, &err) == DR_OK &&
          dr_tornado_draw(dir, 0, DR_LANG_EN, 1, &err) == DR_OK);
    CHECK(!exists(scratch_path("bad/charts")) && fake_log_runs() == 0);
    CHECK(err_is(dr_tornado_draw(dir, 64, DR_LANG_EN, 1, &err), &err, DR_EUSAGE,
                 "", 0, 0, "unknown chart format bits"));
    /* a review folder is no sensitivity folder, nor the other way */
    CHECK(err_is(dr_tornado_draw(dir, DR_CHART_PNG, DR_LANG_EN, 1, &err), &err,
                 DR_EINPUT, scratch_path("bad/sensitivity.csv"), ANY, ANY,
                 "cannot open"));
    remove(scratch_path("bad/compare.csv"));
    CHECK(err_is(dr_review_draw(dir, DR_CHART_PNG, DR_LANG_EN, 1, &err), &err,
                 DR_EINPUT, scratch_path("bad/compare.csv"), ANY, ANY,
                 "cannot open"));
    CHECK(!exists(scratch_path("bad/charts")));
    free(dir);

    /* gnuplot missing */
    dir = scratch_dup_path("missing");
    write_review(dir);
    unsetenv("GNUPLOT");
    char *path = strdup(getenv("PATH"));
    setenv("PATH", "", 1);
    CHECK(err_is(dr_review_draw(dir, DR_CHART_PNG, DR_LANG_EN, 1, &err), &err,
                 DR_ECHART, "", 0, 0, "gnuplot not found"));
    setenv("PATH", path, 1);
    free(path);
    char *s = chart_file(dir, "compare_breach", "gp");
    CHECK(s != NULL); /* written all the same */
    free(s);
    free(dir);
}

int main(void)
{
    if (scratch_open("review_chart") != 0)
        return 1;
    ok_gp = scratch_dup_path("ok.sh");
    fake_gnuplot("ok.sh", "exit 0");
    review();
    tornado();
    refusals();
    free(ok_gp);
    scratch_close();
    return check_done();
}
