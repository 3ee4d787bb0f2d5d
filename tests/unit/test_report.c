/* The reports (report.h) of the run, review and sensitivity folders of
 * tests/lib/runfolder.h: what each contract says the page holds, with the
 * rows of the counties' table worked out from the folder's numbers; the
 * pictures section only when there are pictures; names escaped; the
 * languages; report.md replaced whole, and left as it was on a failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "present/report.h"
#include "runfolder.h"
#include "scratch.h"

static char *report_of(const char *dir)
{
    char path[700];
    snprintf(path, sizeof path, "%s/report.md", dir);
    return slurp(path, NULL);
}

/* 1 when a, b and c occur in s in that order. */
static int in_order(const char *s, const char *a, const char *b, const char *c)
{
    const char *pa = s ? strstr(s, a) : NULL, *pb = s ? strstr(s, b) : NULL,
               *pc = s ? strstr(s, c) : NULL;
    return pa && pb && pc && pa < pb && pb < pc;
}

static void run_report(void)
{
    char *dir = scratch_dup_path("run");
    write_run(dir, "land-slump", "Land slump / 土地市场下滑");
    dr_error err = {0};
    CHECK(dr_report_write(dir, DR_LANG_EN, &err) == DR_OK);
    char *s = report_of(dir);
    CHECK(s != NULL);
    CHECK(!exists(scratch_path("run/report.md.tmp")));
    /* the headline, the first paragraph after the title: at the horizon
     * b (0.75) and c (0.5) are above the line of 110%, a (0.25) is not */
    const char *para = s ? strstr(s, "\n\n") : NULL;
    const char *end = para ? strstr(para + 2, "\n\n") : NULL;
    char head[2048] = "";
    if (para && end)
        snprintf(head, sizeof head, "%.*s", (int)(end - para), para);
    CHECK(strstr(head, "B") && strstr(head, "C") && strstr(head, "110%") &&
          strstr(head, "2025") && !strstr(head, "A, north"));
    /* the counties by risk: b, c, a; base, median and 10-90% at the
     * horizon, P(breach) +- its se, the first year above */
    CHECK(in_order(s, "\n| B |", "\n| C |", "\n| A, north |"));
    CHECK(s && strstr(s, "\n| B | 120.0% | 150.0% | 130.0%–180.0% | 75.0% ± "
                         "2.0% | 2025 | "));
    CHECK(s && strstr(s, "\n| A, north | 80.0% | 90.0% | 70.0%–110.0% | "
                         "25.0% ± 1.0% | – | "));
    CHECK(s && strstr(s, "\n| C | 100.0% | 160.0% | 120.0%–200.0% | 25.0% ± "
                         "1.0% | – | "));
    /* no pictures: no section of them */
    CHECK(s && !strstr(s, "charts/"));
    free(s);

    /* with pictures, they are shown; report.md is replaced whole */
    mkdir(scratch_path("run/charts"), 0777);
    scratch_put("run/charts/fan_city.png", "png");
    scratch_put("run/charts/ranking.png", "png");
    scratch_put("run/report.md", "an old report\n");
    CHECK(dr_report_write(dir, DR_LANG_EN, &err) == DR_OK);
    s = report_of(dir);
    CHECK(s && strstr(s, "(charts/fan_city.png)") &&
          strstr(s, "(charts/ranking.png)") && !strstr(s, "an old report"));
    free(s);

    /* in Chinese */
    CHECK(dr_report_write(dir, DR_LANG_ZH, &err) == DR_OK);
    s = report_of(dir);
    CHECK(s && strstr(s, "警戒线") && strstr(s, "土地市场下滑"));
    free(s);
    free(dir);
}

static void escaped(void)
{
    char *dir = scratch_dup_path("escape");
    write_run(dir, "x", "");
    /* a name Markdown would read as emphasis and a link */
    char text[2048];
    const char *rows = strchr(run_summary_csv, '\n') + 1;
    snprintf(text, sizeof text,
             "%.*ss,a,*bold* [x](y),urban,0.8,0.9,0.7,1.1,"
             "0.25,0.01,,0.05\n%s",
             (int)(rows - run_summary_csv), run_summary_csv,
             strchr(rows, '\n') + 1);
    put_in(dir, "summary.csv", text);
    dr_error err = {0};
    CHECK(dr_report_write(dir, DR_LANG_EN, &err) == DR_OK);
    char *s = report_of(dir);
    CHECK(s && strstr(s, "\\*bold\\* \\[x\\]\\(y\\)") &&
          !strstr(s, " *bold* "));
    free(s);
    free(dir);
}

static void failures(void)
{
    char *dir = scratch_dup_path("bad");
    write_run(dir, "x", "");
    put_in(dir, "report.md", "the previous report\n");
    dr_error err = {0};
    /* a value that fails its check: at its file, line and column; the
     * previous report stays, no temporary file is left */
    put_in(dir, "grades.csv",
           "scenario,county_id,year,p_green,p_yellow,p_orange,p_red\n"
           "s,a,2025,2,0,0,0\n");
    CHECK(err_is(dr_report_write(dir, DR_LANG_EN, &err), &err, DR_EINPUT,
                 scratch_path("bad/grades.csv"), 2, 10,
                 "p_green: expected a probability"));
    char *s = report_of(dir);
    CHECK(s && strcmp(s, "the previous report\n") == 0);
    CHECK(!exists(scratch_path("bad/report.md.tmp")));
    free(s);
    remove(scratch_path("bad/summary.csv"));
    CHECK(err_is(dr_report_write(dir, DR_LANG_EN, &err), &err, DR_EINPUT,
                 scratch_path("bad/summary.csv"), ANY, ANY, "cannot open"));
    free(dir);
}

static void review_report(void)
{
    char *dir = scratch_dup_path("review");
    write_review(dir);
    dr_error err = {0};
    CHECK(dr_review_report_write(dir, DR_LANG_EN, &err) == DR_OK);
    char *s = report_of(dir);
    /* the scenarios by their titles and descriptions, the baseline's
     * report and every scenario's linked */
    CHECK(s && strstr(s, "Land slump") && strstr(s, "Boom") &&
          strstr(s, "Flat") && strstr(s, "Land falls."));
    CHECK(s && !strstr(s, "charts/compare_breach"));
    free(s);
    /* each scenario's report, once it has one, is linked */
    static const char *const sc[] = {"baseline", "slump", "boom", "flat"};
    for (size_t k = 0; k < 4; k++) {
        char sub[700];
        snprintf(sub, sizeof sub, "%s/%s", dir, sc[k]);
        put_in(sub, "report.md", "its report\n");
    }
    CHECK(dr_review_report_write(dir, DR_LANG_EN, &err) == DR_OK);
    s = report_of(dir);
    CHECK(s && strstr(s, "(baseline/report.md)") &&
          strstr(s, "(slump/report.md)") && strstr(s, "(boom/report.md)") &&
          strstr(s, "(flat/report.md)"));
    free(s);
    mkdir(scratch_path("review/charts"), 0777);
    scratch_put("review/charts/compare_breach.png", "png");
    CHECK(dr_review_report_write(dir, DR_LANG_ZH, &err) == DR_OK);
    s = report_of(dir);
    CHECK(s && strstr(s, "(charts/compare_breach.png)") &&
          strstr(s, "土地市场下滑") && strstr(s, "土地下滑。"));
    free(s);
    CHECK(!exists(scratch_path("review/report.md.tmp")));
    remove(scratch_path("review/compare.csv"));
    CHECK(err_is(dr_review_report_write(dir, DR_LANG_EN, &err), &err, DR_EINPUT,
                 scratch_path("review/compare.csv"), ANY, ANY, "cannot open"));
    free(dir);
}

static void sensitivity_report(void)
{
    char *dir = scratch_dup_path("sens");
    write_sensitivity(dir);
    dr_error err = {0};
    CHECK(dr_sensitivity_report_write(dir, DR_LANG_EN, &err) == DR_OK);
    char *s = report_of(dir);
    /* what was varied, by name: the city moves most with land.mu and
     * rates.yield (0.2), b with the rural growth (0.3) */
    CHECK(s && strstr(s, "Land revenue trend") && strstr(s, "Market yield") &&
          strstr(s, "Nominal growth trend \\(rural\\)") &&
          strstr(s, "`rates.yield`"));
    CHECK(s && !strstr(s, "charts/tornado"));
    free(s);
    mkdir(scratch_path("sens/charts"), 0777);
    scratch_put("sens/charts/tornado_city.png", "png");
    CHECK(dr_sensitivity_report_write(dir, DR_LANG_ZH, &err) == DR_OK);
    s = report_of(dir);
    CHECK(s && strstr(s, "(charts/tornado_city.png)") &&
          strstr(s, "土地出让收入趋势"));
    free(s);
    remove(scratch_path("sens/sensitivity.csv"));
    CHECK(err_is(dr_sensitivity_report_write(dir, DR_LANG_EN, &err), &err,
                 DR_EINPUT, scratch_path("sens/sensitivity.csv"), ANY, ANY,
                 "cannot open"));
    free(dir);
}

int main(void)
{
    if (scratch_open("report") != 0)
        return 1;
    run_report();
    escaped();
    failures();
    review_report();
    sensitivity_report();
    scratch_close();
    return check_done();
}
