/* The charts of a solve (charts/solve_chart.h) from solves built here,
 * drawn by a stand-in for gnuplot (tests/lib/fakegp.h): solve_effort only
 * for a county-by-county solve, its rows sorted by effort (largest first)
 * with each value as drawn (a share in percent) and its status; the
 * city's percentiles before and after the package as given; the axes
 * from the lever's range; the languages; refusals; gnuplot missing or
 * failing. When gnuplot itself is installed, the scripts are drawn by it
 * once, as SVG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chartfile.h"
#include "charts/chart.h"
#include "charts/solve_chart.h"
#include "check.h"
#include "errcheck.h"
#include "fakegp.h"
#include "scratch.h"

static char *ok_gp, *bad_gp;

static dr_county counties[] = {
    {.id = "east", .name = "It's `x` @y %z", .type = "urban"},
    {.id = "west", .name = "West", .type = "rural"},
    {.id = "north", .name = "North", .type = "rural"}};
static const dr_fiscal fiscal = {
    .path = "fiscal.csv", .county = counties, .n = 3};

#define T 2 /* 2025-2026 after the base year 2024 */

/* east solved with 5%, west not reachable at 30%, north met with 0. */
static dr_solve_row rows[3] = {
    {0.05, 0.29, 0.01, 0.45, DR_SOLVED, 0},
    {0.3, 0.6, 0.01, 0.8, DR_NOT_REACHABLE, 0},
    {0.0, 0.2, 0.01, 0.2, DR_MET, 0},
};

/* The city's percentile j in year t: before 0.5 + 0.1 t + 0.01 j, after
 * 0.05 less. */
static dr_stat before[T + 1], after[T + 1];

static double city_pct(int with, long t, int j)
{
    return 0.5 + 0.1 * (double)t + 0.01 * (double)j - (with ? 0.05 : 0.0);
}

static dr_solve make(void)
{
    for (long t = 0; t <= T; t++)
        for (int j = 0; j < DR_NPCT; j++) {
            before[t].pct[j] = city_pct(0, t, j);
            after[t].pct[j] = city_pct(1, t, j);
        }
    dr_solve s = {.fiscal = &fiscal,
                  .nrows = 3,
                  .row = rows,
                  .runs = 12,
                  .paths = 500,
                  .seed = 9,
                  .scenario = "baseline",
                  .base_year = 2024,
                  .years = T,
                  .city_before = before,
                  .city_after = after};
    s.lever = (dr_lever){.kind = DR_LEVER_SPENDING,
                         .lo = 0.0,
                         .hi = 0.3,
                         .tol = 0.0003,
                         .year_from = 2025,
                         .year_to = 2026,
                         .text = "spending"};
    s.target = (dr_target){.kind = DR_TG_P_BREACH_END,
                           .year = 2026,
                           .t = T,
                           .bound = 0.3,
                           .prob = 1,
                           .text = "p_breach_end<=0.3"};
    return s;
}

/* The data rows of a .dat (comments skipped): up to 12 numbers each, and
 * the first word after them in word[] (when given); the number of rows. */
static size_t dat_rows(const char *text, double rows[][12], size_t max,
                       size_t *cols, char word[][16])
{
    size_t n = 0;
    for (const char *p = text; p && *p && n < max;) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        if (*p != '#' && *p != '\n') {
            char *q = (char *)p;
            size_t k = 0;
            while (k < 12 && q < e) {
                char *r;
                double v = strtod(q, &r);
                if (r == q)
                    break;
                rows[n][k++] = v;
                q = r;
            }
            if (word) {
                while (*q == ' ')
                    q++;
                snprintf(word[n], 16, "%.*s", (int)(e - q), q);
            }
            cols[n++] = k;
        }
        p = *e ? e + 1 : e;
    }
    return n;
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

/* solve_effort.dat: row, value in percent, status, county id: west 30
 * (not reachable, 2), east 5 (solved, 0), north 0 (met, 1). */
static int effort_is(const char *dir, const double *want, const char *const *id,
                     const int *status)
{
    char *s = chart_file(dir, "solve_effort", "dat");
    double r[8][12];
    size_t cols[8];
    char word[8][16];
    size_t n = dat_rows(s, r, 8, cols, word);
    free(s);
    int ok = n == 3;
    for (size_t k = 0; ok && k < 3; k++) {
        ok = cols[k] == 3 && r[k][0] == (double)k &&
             fabs(r[k][1] - want[k]) < 1e-9 && r[k][2] == status[k] &&
             strcmp(word[k], id[k]) == 0;
        if (!ok)
            printf("# row %zu: %g %g %g %s\n", k, r[k][0], r[k][1], r[k][2],
                   word[k]);
    }
    return ok;
}

/* solve_city.dat: year; before p10 p50 p90; after p10 p50 p90, percent. */
static int city_is(const char *dir)
{
    char *s = chart_file(dir, "solve_city", "dat");
    double r[8][12];
    size_t cols[8];
    size_t n = dat_rows(s, r, 8, cols, NULL);
    free(s);
    int ok = n == T + 1;
    static const int pct[] = {1, 3, 5};
    for (long t = 0; ok && t <= T; t++) {
        ok = cols[t] == 7 && r[t][0] == 2024 + t;
        for (int w = 0; ok && w < 2; w++)
            for (int j = 0; ok && j < 3; j++)
                ok = fabs(r[t][1 + 3 * w + j] - 100 * city_pct(w, t, pct[j])) <
                     1e-9;
        if (!ok)
            printf("# year %ld differs\n", 2024 + t);
    }
    return ok;
}

static void county_scope(void)
{
    char *dir = scratch_dup_path("county");
    mkdir(dir, 0777);
    mkdir(scratch_path("county/charts"), 0777);
    scratch_put("county/charts/old.png", "an earlier drawing");
    dr_solve s = make();
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    CHECK(dr_solve_charts_draw(dir, &s, DR_CHART_PNG | DR_CHART_SVG, DR_LANG_EN,
                               2, &err) == DR_OK);
    CHECK(fake_log_runs() == 2);
    CHECK(drawn(dir, "solve_effort") && drawn(dir, "solve_city"));
    CHECK(!exists(scratch_path("county/charts/old.png")));
    static const double want[] = {30, 5, 0};
    static const char *const id[] = {"west", "east", "north"};
    static const int status[] = {2, 0, 1};
    CHECK(effort_is(dir, want, id, status));
    CHECK(city_is(dir));

    char *g = chart_file(dir, "solve_effort", "gp");
    /* the names as tics in the order of the rows, single-quoted */
    CHECK(g && strstr(g, "set ytics ('West' 0, 'It''s `x` @y %%z' 1, "
                         "'North' 2)"));
    CHECK(g && strstr(g, "set yrange [2.5:-0.5]"));
    CHECK(g && strstr(g, "'What it takes: the effort each county needs'") &&
          strstr(g, "'primary spending cut to keep P(breach by 2026) at or "
                    "below 30%  ·  500 paths, seed 9  ·  12 runs'"));
    /* the axis: 0 to 30% and 8% more for the labels */
    CHECK(g && strstr(g, "set xlabel 'primary spending cut (%)'") &&
          strstr(g, "set xrange [0:32.4]\n"));
    /* a bar from the low end for each status, in its colour */
    CHECK(g &&
          strstr(g, "'solve_effort.dat' using (0):($3 == 0 ? $1 : NaN):(0):"
                    "2:($1-0.36):($1+0.36) with boxxyerror fillcolor rgb "
                    "'#2171b5'") &&
          strstr(g, "'' using (0):($3 == 1 ? $1 : NaN):(0):2:($1-0.36):"
                    "($1+0.36) with boxxyerror fillcolor rgb '#31a354'") &&
          strstr(g, "'' using (0):($3 == 2 ? $1 : NaN):(0):2:($1-0.36):"
                    "($1+0.36) with boxxyerror fillcolor rgb '#bdbdbd'") &&
          strstr(g, "sprintf('  %.1f%%', $2)"));
    CHECK(g && strstr(g, "'solved'") && strstr(g, "'met already'") &&
          strstr(g, "'not reachable in the range (shown at its end)'"));
    CHECK(g && strstr(g, "\nFORMATS = 'png svg'\n"));
    CHECK(not_in_comments(g, "It") && not_in_comments(g, "`"));
    free(g);
    g = chart_file(dir, "solve_city", "gp");
    CHECK(g && strstr(g, "'The city before and after the package'") &&
          strstr(g, "'City debt ratio: median and 10–90% band  ·  500 "
                    "paths, seed 9  ·  12 runs'") &&
          strstr(g, "'baseline'") && strstr(g, "'with the package'"));
    /* every percentile below 100%: the axis to 108 */
    CHECK(g && strstr(g, "set xrange [2024:2026]\nset xtics 2024, 1") &&
          strstr(g, "set yrange [0:108]\n"));
    CHECK(g &&
          strstr(g, "plot 'solve_city.dat' using 1:2:4 with "
                    "filledcurves") &&
          strstr(g, "'' using 1:5:7 with filledcurves") &&
          strstr(g, "'' using 1:3 with lines") &&
          strstr(g, "'' using 1:6 with lines"));
    free(g);

    /* Chinese */
    CHECK(dr_solve_charts_draw(dir, &s, DR_CHART_PDF, DR_LANG_ZH, 1, &err) ==
          DR_OK);
    g = chart_file(dir, "solve_effort", "gp");
    CHECK(g && strstr(g, "'各县（市、区）所需力度'") &&
          strstr(g, "'为使至 2026 年突破警戒线的概率不高于 30% "
                    "所需的一般性支出压减  ·  500 条路径，种子 9  ·  共 12 "
                    "次模拟'") &&
          strstr(g, "set xlabel '一般性支出压减 (%)'") &&
          strstr(g, "'可达成'") && strstr(g, "\nFORMATS = 'pdf'\n"));
    free(g);
    g = chart_file(dir, "solve_city", "gp");
    CHECK(g && strstr(g, "'方案实施前后的全市债务率'") && strstr(g, "'基准'") &&
          strstr(g, "'实施方案后'") && strstr(g, "'债务率（%）'"));
    free(g);
    free(dir);
}

/* A lever that helps as it falls (1 to 0.7), drawn as the number; a
 * ratio's bound as the number; the city's top above 100%. */
static void falling_lever(void)
{
    char *dir = scratch_dup_path("falling");
    mkdir(dir, 0777);
    dr_solve_row r[3] = {{0.85, 1.2, NAN, 1.4, DR_SOLVED, 0},
                         {0.9, 1.1, NAN, 1.3, DR_SOLVED, 0},
                         {1.0, 1.0, NAN, 1.0, DR_MET, 0}};
    dr_solve s = make();
    s.row = r;
    s.lever = (dr_lever){.kind = DR_LEVER_ADJUST,
                         .var = DR_ADJ_LAND_REVENUE,
                         .op = DR_OP_MUL,
                         .lo = 1.0,
                         .hi = 0.7,
                         .tol = 0.001,
                         .year_from = 2025,
                         .year_to = 2026,
                         .text = "adjust:land_revenue:mul"};
    s.target = (dr_target){.kind = DR_TG_BROAD_P50,
                           .year = 2026,
                           .t = T,
                           .bound = 1.2,
                           .text = "broad_p50@2026<=1.2"};
    after[1].pct[5] = 1.5; /* 150% */
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    CHECK(dr_solve_charts_draw(dir, &s, DR_CHART_PNG, DR_LANG_EN, 1, &err) ==
          DR_OK);
    /* efforts |x - 1|: east 0.15, west 0.1, north 0 */
    static const double want[] = {0.85, 0.9, 1.0};
    static const char *const id[] = {"east", "west", "north"};
    static const int status[] = {0, 0, 1};
    CHECK(effort_is(dir, want, id, status));
    char *g = chart_file(dir, "solve_effort", "gp");
    CHECK(g && strstr(g, "set xlabel 'adjustment'") &&
          strstr(g, "set xrange [0.7:1.024]\n") &&
          strstr(g, "using (1):($3 == 0 ? $1 : NaN):(1):2:") &&
          strstr(g, "sprintf('  %.4g', $2)") &&
          strstr(g, "'adjustment to keep the median debt ratio in 2026 at or "
                    "below 1.2  ·  "));
    free(g);
    g = chart_file(dir, "solve_city", "gp");
    CHECK(g && strstr(g, "set yrange [0:162]\n"));
    free(g);
    make(); /* the city as it was */
    free(dir);
}

static void city_scope(void)
{
    char *dir = scratch_dup_path("city");
    mkdir(dir, 0777);
    dr_solve_row row = {0.1, 1.5, 0.05, 2.5, DR_SOLVED, 0};
    dr_solve s = make();
    s.city_scope = 1;
    s.nrows = 1;
    s.row = &row;
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    CHECK(dr_solve_charts_draw(dir, &s, DR_CHART_PNG, DR_LANG_EN, 1, &err) ==
          DR_OK);
    /* no effort per county to draw */
    CHECK(fake_log_runs() == 1 && drawn(dir, "solve_city") &&
          !exists(scratch_path("city/charts/solve_effort.gp")) &&
          !exists(scratch_path("city/charts/solve_effort.dat")));
    CHECK(city_is(dir));
    free(dir);
}

static void refusals(void)
{
    char *dir = scratch_dup_path("args");
    mkdir(dir, 0777);
    dr_solve s = make();
    dr_error err = {0};
    setenv("GNUPLOT", ok_gp, 1);
    fake_log_clear();
    /* no formats: nothing drawn, no charts folder */
    CHECK(dr_solve_charts_draw(dir, &s, 0, DR_LANG_EN, 1, &err) == DR_OK);
    CHECK(!exists(scratch_path("args/charts")) && fake_log_runs() == 0);
    CHECK(err_is(dr_solve_charts_draw(dir, &s, 16, DR_LANG_EN, 1, &err), &err,
                 DR_EUSAGE, "", 0, 0, "unknown chart format bits"));
    CHECK(!exists(scratch_path("args/charts")));

    /* gnuplot missing: the scripts and data are written all the same */
    unsetenv("GNUPLOT");
    char *path = strdup(getenv("PATH"));
    setenv("PATH", "", 1);
    CHECK(
        err_is(dr_solve_charts_draw(dir, &s, DR_CHART_PNG, DR_LANG_EN, 1, &err),
               &err, DR_ECHART, "", 0, 0, "gnuplot not found"));
    setenv("PATH", path, 1);
    free(path);
    char *a = chart_file(dir, "solve_effort", "gp"),
         *b = chart_file(dir, "solve_city", "dat");
    CHECK(a && b);
    free(a);
    free(b);

    /* gnuplot failing on one chart: named, the other drawn */
    setenv("GNUPLOT", bad_gp, 1);
    fake_log_clear();
    CHECK(
        err_is(dr_solve_charts_draw(dir, &s, DR_CHART_PNG, DR_LANG_EN, 1, &err),
               &err, DR_ECHART, "", 0, 0,
               "failed on charts/solve_effort.gp with exit status 1: no "
               "bars"));
    CHECK(fake_log_runs() == 2 &&
          exists(scratch_path("args/charts/solve_city.png")));
    free(dir);
}

/* gnuplot itself, when installed: both scripts draw their SVG. */
static void real_gnuplot(void)
{
    unsetenv("GNUPLOT");
    if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
        printf("# gnuplot is not installed: not drawn by it\n");
        return;
    }
    char *dir = scratch_dup_path("real");
    mkdir(dir, 0777);
    dr_solve s = make();
    dr_error err = {0};
    dr_status st =
        dr_solve_charts_draw(dir, &s, DR_CHART_SVG, DR_LANG_EN, 2, &err);
    if (st)
        printf("# %s\n", err.msg);
    CHECK(st == DR_OK);
    static const char *const names[] = {"solve_effort", "solve_city"};
    int svg = 1;
    for (size_t j = 0; j < 2; j++) {
        char *t = chart_file(dir, names[j], "svg");
        svg = svg && t && strstr(t, "<svg") && strstr(t, "</svg>");
        free(t);
    }
    CHECK(svg);
    free(dir);
}

int main(void)
{
    if (scratch_open("solve_chart") != 0)
        return 1;
    ok_gp = scratch_dup_path("ok.sh");
    bad_gp = scratch_dup_path("bad.sh");
    fake_gnuplot("ok.sh", "exit 0");
    fake_gnuplot("bad.sh", "test \"$1\" = solve_effort.gp && "
                           "{ echo 'no bars' >&2; exit 1; }; exit 0");
    county_scope();
    falling_lever();
    city_scope();
    refusals();
    real_gnuplot();
    free(ok_gp);
    free(bad_gp);
    scratch_close();
    return check_done();
}
