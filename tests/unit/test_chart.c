/* The charts of a run (chart.h) from the run folder of
 * tests/lib/runfolder.h, drawn by a stand-in for gnuplot
 * (tests/lib/fakegp.h): every chart's script, data and picture; the data
 * in percent as worked out from the folder's numbers; text from the
 * folder only inside single quotes, never in a comment; the languages;
 * the CSV files untouched; formats 0; bad arguments; gnuplot missing or
 * failing. When gnuplot itself is installed, the scripts are drawn by it
 * once, as SVG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/chart.h"
#include "check.h"
#include "errcheck.h"
#include "fakegp.h"
#include "runfolder.h"
#include "scratch.h"

static const char *const charts[] = {"fan_a",    "fan_b",         "fan_c",
                                     "fan_city", "heatmap",       "ranking",
                                     "grades",   "counties_above"};
enum { NCHARTS = 8 };

static char *ok_gp, *bad_gp;

/* The text of the run's charts/NAME.EXT, in a new string. */
static char *chart_file(const char *run, const char *name, const char *ext)
{
    char path[700];
    snprintf(path, sizeof path, "%s/charts/%s.%s", run, name, ext);
    return slurp(path, NULL);
}

static int has_all(const char *run, const char *ext)
{
    for (size_t k = 0; k < NCHARTS; k++) {
        char *s = chart_file(run, charts[k], ext);
        free(s);
        if (!s) {
            printf("# no charts/%s.%s\n", charts[k], ext);
            return 0;
        }
    }
    return 1;
}

/* 1 when no comment line of text holds needle. */
static int not_in_comments(const char *text, const char *needle)
{
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (*p == '#') {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)n, p);
            if (strstr(line, needle))
                return 0;
        }
        p += n + (e != NULL);
    }
    return 1;
}

/* text with every from replaced by to, in a new string */
static char *replace_all(const char *text, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), n = 0;
    for (const char *p = text; (p = strstr(p, from)); p += nf)
        n++;
    char *out = malloc(strlen(text) + n * nt + 1), *o = out;
    for (const char *p = text;;) {
        const char *q = strstr(p, from);
        size_t k = q ? (size_t)(q - p) : strlen(p);
        memcpy(o, p, k);
        o += k;
        if (!q)
            break;
        memcpy(o, to, nt);
        o += nt;
        p = q + nf;
    }
    *o = '\0';
    return out;
}

/* A run folder whose county a is named with every character gnuplot
 * could read as more than text. */
static char *make_run(const char *name)
{
    char *dir = scratch_dup_path(name);
    write_run(dir, "land-slump", "Land slump / 土地市场下滑");
    char *sum =
        replace_all(run_summary_csv, "\"A, north\"", "\"It's `x` @y %z\"");
    put_in(dir, "summary.csv", sum);
    free(sum);
    return dir;
}

static void draw(void)
{
    char *run = make_run("run");
    char *before = slurp(scratch_path("run/summary.csv"), NULL);
    mkdir(scratch_path("run/charts"), 0777);
    scratch_put("run/charts/old.png", "an earlier drawing");
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    CHECK(dr_charts_draw(run, DR_CHART_PNG | DR_CHART_SVG, DR_LANG_EN, 2,
                         &err) == DR_OK);
    CHECK(fake_log_runs() == NCHARTS);
    CHECK(has_all(run, "gp") && has_all(run, "dat") && has_all(run, "png"));
    CHECK(!exists(scratch_path("run/charts/old.png")));
    /* the CSV files are never changed */
    char *after = slurp(scratch_path("run/summary.csv"), NULL);
    CHECK(before && after && strcmp(before, after) == 0);
    free(before);
    free(after);

    /* the data, in percent: the fixture's percentiles times 100 */
    char *s = chart_file(run, "fan_a", "dat");
    CHECK(s && strstr(s, "\n2024 80 80 80 80 80 80 80\n") &&
          strstr(s, "\n2025 60 70 80 90 100 110 120\n"));
    free(s);
    s = chart_file(run, "fan_c", "dat");
    CHECK(s && strstr(s, "\n2025 100 120 140 160 180 200 inf\n"));
    free(s);
    s = chart_file(run, "fan_city", "dat");
    CHECK(s && strstr(s, "\n2025 90 100 110 120 130 140 150\n"));
    free(s);
    /* riskiest first: b (75 +- 2 x 2, yellow: its 1.5 is in [1.3, 2)),
     * c (25 +- 2, 1.6 yellow), a (25 +- 2, 0.9 green) */
    s = chart_file(run, "ranking", "dat");
    CHECK(s && strstr(s, "\n0 75 71 79 1 b\n1 25 23 27 1 c\n2 25 23 27 0 a\n"));
    free(s);
    s = chart_file(run, "heatmap", "dat");
    CHECK(s && strstr(s, "\n0 2024 100 b\n0 2025 75 b\n\n1 2024 0 c\n"
                         "1 2025 50 c\n\n2 2024 0 a\n2 2025 25 a\n"));
    free(s);

    /* the scripts: FORMATS, the name quoted (with % doubled in a tic
     * label), the run line, nothing of the inputs in a comment */
    int quoted = 1, formats = 1, clean = 1;
    for (size_t k = 0; k < NCHARTS; k++) {
        s = chart_file(run, charts[k], "gp");
        formats = formats && s && strstr(s, "\nFORMATS = 'png svg'\n");
        clean = clean && s && not_in_comments(s, "It") &&
                not_in_comments(s, "Land slump") && not_in_comments(s, "土地");
        free(s);
    }
    s = chart_file(run, "fan_a", "gp");
    quoted = s && strstr(s, "'It''s `x` @y %z'") &&
             strstr(s, "'Broad debt ratio  ·  Scenario: Land slump  ·  1,000 "
                       "simulated paths  ·  seed 42'");
    free(s);
    s = chart_file(run, "ranking", "gp");
    quoted = quoted && s && strstr(s, "'It''s `x` @y %%z'");
    free(s);
    CHECK(formats);
    CHECK(quoted);
    CHECK(clean);
    free(run);
}

static void languages(void)
{
    char *run = make_run("zh");
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    CHECK(dr_charts_draw(run, DR_CHART_PDF, DR_LANG_ZH, 1, &err) == DR_OK);
    char *s = chart_file(run, "fan_city", "gp");
    CHECK(s && strstr(s, "'全市：3 个县（市、区）合计'") &&
          strstr(s, "情景：土地市场下滑") && strstr(s, "\nFORMATS = 'pdf'\n"));
    free(s);
    /* a county whose id is "city": the city's chart is fan_@city */
    char *t = replace_all(run_summary_csv, "\ns,c,", "\ns,city,");
    put_in(run, "summary.csv", t);
    free(t);
    t = replace_all(run_ratios_csv, "\ns,c,", "\ns,city,");
    put_in(run, "ratios.csv", t);
    free(t);
    t = replace_all(run_grades_csv, "\ns,c,", "\ns,city,");
    put_in(run, "grades.csv", t);
    free(t);
    fake_log_clear();
    CHECK(dr_charts_draw(run, DR_CHART_PNG, DR_LANG_EN, 1, &err) == DR_OK);
    char *a = chart_file(run, "fan_city", "dat"),
         *b = chart_file(run, "fan_@city", "dat");
    /* fan_city is the county's (its 2025 p95 inf), fan_@city the city's */
    CHECK(a && b && strstr(a, " 200 inf\n") &&
          strstr(b, "\n2025 90 100 110 120 130 140 150\n"));
    free(a);
    free(b);
    free(run);
}

static void refusals(void)
{
    char *run = make_run("args");
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    /* no formats: nothing drawn, no charts folder */
    CHECK(dr_charts_draw(run, 0, DR_LANG_EN, 1, &err) == DR_OK);
    CHECK(!exists(scratch_path("args/charts")) && fake_log_runs() == 0);
    CHECK(err_is(dr_charts_draw(run, 16, DR_LANG_EN, 1, &err), &err, DR_EUSAGE,
                 "", 0, 0, "unknown chart format bits"));
    CHECK(!exists(scratch_path("args/charts")));
    /* a folder that cannot be read */
    remove(scratch_path("args/grades.csv"));
    CHECK(err_is(dr_charts_draw(run, DR_CHART_PNG, DR_LANG_EN, 1, &err), &err,
                 DR_EINPUT, scratch_path("args/grades.csv"), ANY, ANY,
                 "cannot open"));
    free(run);

    /* gnuplot missing: the scripts and data are written all the same */
    run = make_run("missing");
    unsetenv("GNUPLOT");
    char *path = strdup(getenv("PATH"));
    setenv("PATH", "", 1);
    CHECK(err_is(dr_charts_draw(run, DR_CHART_PNG, DR_LANG_EN, 1, &err), &err,
                 DR_ECHART, "", 0, 0,
                 "gnuplot not found (no gnuplot on PATH): the results are "
                 "written but the charts are not drawn"));
    setenv("PATH", path, 1);
    free(path);
    CHECK(has_all(run, "gp") && has_all(run, "dat"));
    free(run);

    /* gnuplot failing on one chart: named, the others drawn */
    run = make_run("failing");
    setenv("GNUPLOT", bad_gp, 1);
    fake_log_clear();
    CHECK(err_is(dr_charts_draw(run, DR_CHART_PNG, DR_LANG_EN, 1, &err), &err,
                 DR_ECHART, "", 0, 0,
                 "failed on charts/heatmap.gp with exit "
                 "status 1: no heat"));
    CHECK(fake_log_runs() == NCHARTS);
    free(run);
}

/* gnuplot itself, when installed: every script draws its SVG. */
static void real_gnuplot(void)
{
    unsetenv("GNUPLOT");
    if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
        printf("# gnuplot is not installed: not drawn by it\n");
        return;
    }
    char *run = make_run("real");
    dr_error err = {0};
    dr_status st = dr_charts_draw(run, DR_CHART_SVG, DR_LANG_EN, 2, &err);
    if (st)
        printf("# %s\n", err.msg);
    CHECK(st == DR_OK);
    int drawn = 1;
    for (size_t k = 0; k < NCHARTS; k++) {
        char *s = chart_file(run, charts[k], "svg");
        drawn = drawn && s && strstr(s, "<svg") && strstr(s, "</svg>");
        free(s);
    }
    CHECK(drawn);
    free(run);
}

int main(void)
{
    if (scratch_open("chart") != 0)
        return 1;
    ok_gp = scratch_dup_path("ok.sh");
    bad_gp = scratch_dup_path("bad.sh");
    fake_gnuplot("ok.sh", "exit 0");
    fake_gnuplot("bad.sh", "test \"$1\" = heatmap.gp && "
                           "{ echo 'no heat' >&2; exit 1; }; exit 0");
    draw();
    languages();
    refusals();
    real_gnuplot();
    free(ok_gp);
    free(bad_gp);
    scratch_close();
    return check_done();
}
