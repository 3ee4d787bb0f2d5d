/* The slide decks (present/deck.h) of the run, review and sensitivity
 * folders of tests/lib/runfolder.h and of a solve folder written here,
 * made by a stand-in for pandoc (tests/lib/fakepandoc.h) that keeps a copy
 * of the deck it was given: the slides in order, the headline in words
 * worked out from the folder, a chart's slide only when it was drawn as
 * PNG, the three riskiest counties' fans, the method; names escaped; both
 * languages; the title slide's metadata; the deck removed afterwards, and
 * pandoc missing or failing with no file left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "errcheck.h"
#include "fakepandoc.h"
#include "present/deck.h"
#include "runfolder.h"
#include "scratch.h"

#define DECK ".briefing-deck.md"

static int same(const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        return 1;
    check_note("got:      ", got ? got : "(nothing)");
    check_note("expected: ", want);
    return 0;
}

static int has(const char *s, const char *needle)
{
    if (s && strstr(s, needle))
        return 1;
    check_note("missing: ", needle);
    return 0;
}

/* The "## " lines of a deck, in order, each ending in a newline, in a
 * static buffer. */
static const char *headings(const char *deck)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (const char *p = deck; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p + 1) : strlen(p);
        if (strncmp(p, "## ", 3) == 0 && o + len < sizeof buf) {
            memcpy(buf + o, p, len);
            o += len;
            buf[o] = '\0';
        }
        p += len;
    }
    return buf;
}

/* Makes empty pictures dir/charts/NAME.png for each name. */
static void pictures(const char *dir, const char *const *names, size_t n)
{
    char path[700];
    snprintf(path, sizeof path, "%s/charts", dir);
    mkdir(path, 0777);
    for (size_t k = 0; k < n; k++) {
        snprintf(path, sizeof path, "%s/charts/%s", dir, names[k]);
        FILE *f = fopen(path, "w");
        if (f)
            fclose(f);
    }
}

/* The folder has no deck, no temporary deck and no temporary pptx. */
static int clean(const char *dir)
{
    char a[700], b[700], c[700];
    snprintf(a, sizeof a, "%s/" DECK, dir);
    snprintf(b, sizeof b, "%s/" DECK ".tmp", dir);
    snprintf(c, sizeof c, "%s/briefing.pptx.tmp", dir);
    return !exists(a) && !exists(b) && !exists(c);
}

/* The value of --metadata KEY=... of the stand-in's last run, in a static
 * buffer. */
static const char *meta(const char *key)
{
    static char buf[512];
    char *log = fake_pandoc_log(), want[64];
    snprintf(want, sizeof want, "\n--metadata\n%s=", key);
    const char *p = NULL;
    for (const char *q = log; (q = strstr(q, want)); q++)
        p = q;
    buf[0] = '\0';
    if (p) {
        p += strlen(want);
        snprintf(buf, sizeof buf, "%.*s", (int)strcspn(p, "\n"), p);
    }
    free(log);
    return buf;
}

static const char *today(void)
{
    static char buf[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

static const char *const run_pngs[] = {
    "ranking.png",  "heatmap.png", "grades.png", "counties_above.png",
    "fan_city.png", "fan_b.png",   "fan_c.png",  "fan_a.png"};

static void run_deck(void)
{
    char *dir = scratch_dup_path("run");
    write_run(dir, "land-slump", "Land slump / 土地市场下滑");
    pictures(dir, run_pngs, 8);
    dr_error err = {0};
    fake_pandoc_clear();
    CHECK(dr_deck_run(dir, DR_LANG_EN, &err) == DR_OK);
    CHECK(fake_pandoc_runs() == 1);
    char *deck = fake_pandoc_input();
    /* In brief, the charts in the report's order, the three riskiest
     * counties' fans (b, c, a), the method */
    CHECK(same(headings(deck), "## In brief\n"
                               "## Probability of a breach by 2025\n"
                               "## Probability above the line, by county "
                               "and year\n"
                               "## Grades in 2025\n"
                               "## Counties above the line\n"
                               "## The city\n"
                               "## B\n"
                               "## C\n"
                               "## A, north\n"
                               "## Method\n"));
    /* the headline: at the horizon b (0.75) and c (0.5) are above 110%,
     * a (0.25) is not; only b's P(breach) reaches 0.5 */
    CHECK(has(deck, "## In brief\n\n**2 of 3 counties are likely "
                    "(probability at least 50%) to be above the warning line "
                    "(110%) in 2025: B and C.** Counties with an even or "
                    "better chance of breaching the line in at least one "
                    "year up to 2025: 1.\n\n## "));
    /* each chart alone on its slide */
    CHECK(has(deck, "## Probability of a breach by 2025\n\n"
                    "![](charts/ranking.png)\n\n## "));
    CHECK(has(deck, "## The city\n\n![](charts/fan_city.png)\n\n"));
    CHECK(has(deck, "## B\n\n![](charts/fan_b.png)\n\n## C\n\n"
                    "![](charts/fan_c.png)\n\n## A, north\n\n"
                    "![](charts/fan_a.png)\n\n## Method"));
    CHECK(has(deck, "## Method\n\n- Scenario: Land slump\n"
                    "- Monte Carlo simulation: 1,000 paths, seed 42\n"
                    "- Broad debt ratio = (explicit + hidden debt) / "
                    "comprehensive fiscal resources; warning line 110%; "
                    "grades yellow from 130%, orange from 200%, red from "
                    "300%\n- Every number behind these slides: the workbook "
                    "and the report beside this deck\n"));
    free(deck);
    /* the title slide */
    CHECK(same(meta("title"), "Debt risk briefing"));
    CHECK(same(meta("subtitle"), "Land slump"));
    CHECK(same(meta("date"), today()));
    CHECK(same(meta("lang"), "en"));
    /* briefing.pptx made, the deck removed */
    char path[700];
    snprintf(path, sizeof path, "%s/briefing.pptx", dir);
    char *pptx = slurp(path, NULL);
    CHECK(same(pptx, "made by the fake\n"));
    free(pptx);
    CHECK(clean(dir));

    /* a chart drawn only as SVG, or not at all, has no slide */
    snprintf(path, sizeof path, "%s/charts/heatmap.png", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/charts/fan_c.png", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/charts/heatmap.svg", dir);
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
    fake_pandoc_clear();
    CHECK(dr_deck_run(dir, DR_LANG_EN, &err) == DR_OK);
    deck = fake_pandoc_input();
    CHECK(same(headings(deck), "## In brief\n"
                               "## Probability of a breach by 2025\n"
                               "## Grades in 2025\n"
                               "## Counties above the line\n"
                               "## The city\n"
                               "## B\n"
                               "## A, north\n"
                               "## Method\n"));
    free(deck);
    free(dir);
}

/* Chinese, a name that Markdown would read, a deterministic run. */
static void run_deck_zh(void)
{
    char *dir = scratch_dup_path("zh");
    write_run(dir, "land-slump", "Land slump / 土地市场下滑");
    char text[2048];
    const char *rows = strchr(run_summary_csv, '\n') + 1;
    snprintf(text, sizeof text,
             "%.*ss,a,*bold* [x](y),urban,0.8,0.9,0.7,1.1,"
             "0.25,0.01,,0.05\n%s",
             (int)(rows - run_summary_csv), run_summary_csv,
             strchr(rows, '\n') + 1);
    put_in(dir, "summary.csv", text);
    pictures(dir, run_pngs, 8);
    dr_error err = {0};
    fake_pandoc_clear();
    CHECK(dr_deck_run(dir, DR_LANG_ZH, &err) == DR_OK);
    char *deck = fake_pandoc_input();
    CHECK(same(headings(deck), "## 要点\n"
                               "## 至 2025 年突破警戒线的概率\n"
                               "## 各年各县（市、区）高于警戒线的概率\n"
                               "## 2025 年债务率等级\n"
                               "## 高于警戒线的县（市、区）个数\n"
                               "## 全市\n"
                               "## B\n"
                               "## C\n"
                               "## \\*bold\\* \\[x\\]\\(y\\)\n"
                               "## 方法说明\n"));
    CHECK(has(deck, "## 方法说明\n\n- 情景：土地市场下滑\n"
                    "- 蒙特卡洛模拟：1000 条路径，随机种子 42\n"
                    "- 广义债务率 =（显性债务 + 隐性债务）/ 综合财力；警戒线 "
                    "110%；黄色自 130%、橙色自 200%、红色自 300% 起\n"
                    "- 各页数据详见同一文件夹中的工作簿和报告\n"));
    CHECK(has(deck, "**2025 年，3 个县（市、区）中有 2 个很可能（概率不低于 "
                    "50%）高于警戒线（110%）：B、C。**"));
    free(deck);
    CHECK(same(meta("title"), "债务风险简报"));
    CHECK(same(meta("subtitle"), "土地市场下滑"));
    CHECK(same(meta("lang"), "zh-CN"));
    CHECK(clean(dir));

    /* deterministic: said so in the method */
    char ini[1024];
    snprintf(ini, sizeof ini, "%s/run.ini", dir);
    char *run = slurp(ini, NULL);
    char *mc = run ? strstr(run, "mode = monte_carlo") : NULL;
    if (mc) {
        snprintf(text, sizeof text, "%.*smode = deterministic%s",
                 (int)(mc - run), run, mc + strlen("mode = monte_carlo"));
        put_in(dir, "run.ini", text);
    }
    free(run);
    fake_pandoc_clear();
    CHECK(dr_deck_run(dir, DR_LANG_EN, &err) == DR_OK);
    deck = fake_pandoc_input();
    CHECK(has(deck, "- Deterministic projection: every random shock at its "
                    "mean (one path)\n- Broad debt ratio"));
    CHECK(deck && !strstr(deck, "Monte Carlo"));
    free(deck);
    free(dir);
}

static void review_deck(void)
{
    char *dir = scratch_dup_path("review");
    write_review(dir);
    static const char *const top[] = {"compare_breach.png", "compare_city.png"};
    pictures(dir, top, 2);
    char sub[700];
    snprintf(sub, sizeof sub, "%s/baseline", dir);
    pictures(sub, run_pngs, 8);
    dr_error err = {0};
    fake_pandoc_clear();
    CHECK(dr_deck_review(dir, DR_LANG_EN, &err) == DR_OK);
    char *deck = fake_pandoc_input();
    CHECK(same(headings(deck), "## In brief\n"
                               "## The scenarios for the city\n"
                               "## P\\(breach by 2025\\) under each scenario\n"
                               "## The city's median debt ratio under each "
                               "scenario\n"
                               "## Probability of a breach by 2025\n"
                               "## Method\n"));
    /* the city under each scenario, in the order of compare.csv: its
     * P(breach) and its change with the paired se, in points */
    CHECK(has(deck, "## The scenarios for the city\n\n"
                    "| Scenario | P(city breaches by 2025) | Change against "
                    "the baseline ± se |\n|---|---:|---:|\n"
                    "| Baseline | 50.0% | – |\n"
                    "| Land slump | 70.0% | +20.0 ± 4.0 |\n"
                    "| Boom | 30.0% | −20.0 ± 3.0 |\n"
                    "| Flat | 70.0% | +20.0 ± 4.0 |\n\n## "));
    CHECK(has(deck, "![](charts/compare_breach.png)\n\n"));
    /* the baseline's ranking only, from its folder */
    CHECK(has(deck, "![](baseline/charts/ranking.png)\n\n## Method"));
    CHECK(deck && !strstr(deck, "fan_"));
    CHECK(has(deck, "**2 of 3 counties are likely"));
    free(deck);
    CHECK(same(meta("title"), "Scenario review"));
    CHECK(same(meta("subtitle"),
               "3 scenarios against the baseline, on the same draws"));
    CHECK(clean(dir));
    /* Chinese */
    fake_pandoc_clear();
    CHECK(dr_deck_review(dir, DR_LANG_ZH, &err) == DR_OK);
    deck = fake_pandoc_input();
    CHECK(has(deck, "| 基准情景 | 50.0% | – |\n| 土地市场下滑 | 70.0% | "
                    "+20.0 ± 4.0 |\n"));
    free(deck);
    CHECK(same(meta("subtitle"), "3 个情景与基准情景比较（同一组随机抽样）"));
    free(dir);
}

static void sensitivity_deck(void)
{
    char *dir = scratch_dup_path("sens");
    write_sensitivity(dir);
    static const char *const pngs[] = {"tornado_city.png", "tornado_b.png"};
    pictures(dir, pngs, 2);
    dr_error err = {0};
    fake_pandoc_clear();
    CHECK(dr_deck_sensitivity(dir, DR_LANG_EN, &err) == DR_OK);
    char *deck = fake_pandoc_input();
    CHECK(same(headings(deck), "## In brief\n"
                               "## What moves the city\n"
                               "## What moves B\n"
                               "## Method\n"));
    /* the three that move the city most, by their swings (land.mu 0.2,
     * rates.yield 0.2 in file order, the rural growth trend 0.1), the
     * list escaped */
    CHECK(has(deck, "## In brief\n\n**What moves the city's chance of a "
                    "breach by 2025 most: Land revenue trend \\(+20.0 "
                    "points\\), Market yield \\(+20.0 points\\), Nominal "
                    "growth trend \\(rural\\) \\(+10.0 points\\).**\n\n"));
    CHECK(has(deck, "## What moves the city\n\n![](charts/tornado_city.png)"
                    "\n\n## What moves B\n\n![](charts/tornado_b.png)\n\n"));
    CHECK(has(deck, "- Scenario: baseline\n"));
    free(deck);
    CHECK(same(meta("title"), "What drives the risk"));
    CHECK(same(meta("subtitle"), "baseline"));
    CHECK(clean(dir));
    /* no pictures: words and method only */
    char path[700];
    snprintf(path, sizeof path, "%s/charts/tornado_b.png", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/charts/tornado_city.png", dir);
    remove(path);
    fake_pandoc_clear();
    CHECK(dr_deck_sensitivity(dir, DR_LANG_ZH, &err) == DR_OK);
    deck = fake_pandoc_input();
    CHECK(same(headings(deck), "## 要点\n## 方法说明\n"));
    CHECK(has(deck, "**对全市至 2025 年突破概率影响最大的因素：土地出让收入趋势"
                    "（+20.0 个百分点）、市场利率（+20.0 个百分点）、"
                    "名义增长趋势（rural）（+10.0 个百分点）。**"));
    free(deck);
    free(dir);
}

#define SOLVE_HEAD                                                             \
    "county_id,name,lever,value,target,achieved,achieved_se,baseline,"         \
    "status\n"

static char *write_solve(const char *name, const char *csv)
{
    char *dir = scratch_dup_path(name);
    char sub[700];
    mkdir(dir, 0777);
    put_in(dir, "solve.csv", csv);
    snprintf(sub, sizeof sub, "%s/baseline", dir);
    write_run(sub, "baseline", "");
    snprintf(sub, sizeof sub, "%s/solved", dir);
    write_run(sub, "solved", "Solved / 已求解");
    return dir;
}

static void solve_deck(void)
{
    char *dir = write_solve(
        "solve", SOLVE_HEAD
        "a,\"A, "
        "north\",spending,0.125,p_breach_end<=0.3,0.29,0.01,0.45,solved\n"
        "b,B,spending,0,p_breach_end<=0.3,0.2,0.009,0.2,met\n"
        "c,*C*,spending,0.3,p_breach_end<=0.3,0.6,0.011,0.8,not-reachable\n");
    static const char *const pngs[] = {"solve_effort.png", "solve_city.png"};
    pictures(dir, pngs, 2);
    dr_error err = {0};
    fake_pandoc_clear();
    CHECK(dr_deck_solve(dir, DR_LANG_EN, &err) == DR_OK);
    char *deck = fake_pandoc_input();
    CHECK(same(headings(deck), "## In brief\n"
                               "## What each county must do\n"
                               "## The effort, county by county\n"
                               "## The city before and after\n"
                               "## Method\n"));
    /* one of each status; the lever and target escaped */
    CHECK(has(deck, "## In brief\n\n**spending for p\\_breach\\_end\\<=0.3: 1 "
                    "counties need the lever, 1 meet the target already, 1 "
                    "cannot within the range.**\n\n"));
    /* the share of spending in percent (the '.' after a leading number
     * escaped, as for any text of the folder's) */
    CHECK(has(deck, "## What each county must do\n\n"
                    "| County | Status | Value needed |\n|---|---|---:|\n"
                    "| A, north | solved | 12\\.5% |\n"
                    "| B | met already | 0\\.0% |\n"
                    "| \\*C\\* | not reachable | 30\\.0% |\n\n## "));
    CHECK(has(deck, "![](charts/solve_effort.png)\n\n## The city before and "
                    "after\n\n![](charts/solve_city.png)\n\n## Method"));
    /* the method of the solved package */
    CHECK(has(deck, "- Scenario: Solved\n"));
    free(deck);
    CHECK(same(meta("title"), "What it takes to stay under the line"));
    CHECK(same(meta("subtitle"), "Solved"));
    CHECK(clean(dir));
    free(dir);

    /* for the city, a lever that is not a share: its value as written;
     * more than 14 rows: the first 14 */
    char csv[4096];
    size_t o = (size_t)snprintf(csv, sizeof csv, SOLVE_HEAD);
    o += (size_t)snprintf(csv + o, sizeof csv - o,
                          "city,City,adjust:land_revenue:add,5,"
                          "counties_above_end<=1,0.9,0.05,1.25,solved\n");
    for (int k = 1; k < 16; k++)
        o += (size_t)snprintf(csv + o, sizeof csv - o,
                              "c%02d,C%02d,adjust:land_revenue:add,2.5,"
                              "counties_above_end<=1,0.9,0.05,1.25,met\n",
                              k, k);
    dir = write_solve("solve-city", csv);
    fake_pandoc_clear();
    CHECK(dr_deck_solve(dir, DR_LANG_ZH, &err) == DR_OK);
    deck = fake_pandoc_input();
    CHECK(has(deck, "| 县（市、区） | 状态 | 所需力度 |\n|---|---|---:|\n"
                    "| 全市 | 可达标 | 5 |\n| C01 | 已达标 | 2\\.5 |\n"));
    CHECK(has(deck, "| C13 | 已达标 | 2\\.5 |\n\n") && deck &&
          !strstr(deck, "C14"));
    CHECK(has(deck, "1 个县（市、区）需采取措施，15 个已达标，0 个在给定"
                    "范围内无法达标"));
    /* no charts drawn: no slides of them */
    CHECK(same(headings(deck), "## 要点\n## 各县（市、区）所需力度\n"
                               "## 方法说明\n"));
    free(deck);
    CHECK(same(meta("subtitle"), "已求解"));
    free(dir);
}

static void failures(void)
{
    char *dir = scratch_dup_path("fail");
    write_run(dir, "s", "");
    char pptx[700];
    snprintf(pptx, sizeof pptx, "%s/briefing.pptx", dir);
    dr_error err = {0};
    /* pandoc missing: named, with how to install it */
    setenv("PANDOC", "/nonexistent", 1);
    CHECK(err_is(dr_deck_run(dir, DR_LANG_EN, &err), &err, DR_ECHART, "", 0, 0,
                 "pandoc not found (PANDOC=/nonexistent): the results are "
                 "written but briefing.pptx is not made; install it with: "
                 "apt-get install pandoc"));
    CHECK(!exists(pptx) && clean(dir));
    /* pandoc failing: its last line */
    setenv("PANDOC",
           fake_pandoc("bad.sh", "echo 'Could not find reference doc' >&2; "
                                 "exit 1"),
           1);
    CHECK(err_is(dr_deck_review(scratch_path("review"), DR_LANG_EN, &err), &err,
                 DR_ECHART, "", 0, 0,
                 "failed on briefing.pptx with exit status 1: Could not find "
                 "reference doc"));
    CHECK(clean(scratch_path("review")));
    CHECK(err_is(dr_deck_run(dir, DR_LANG_EN, &err), &err, DR_ECHART, "", 0, 0,
                 "Could not find reference doc"));
    CHECK(!exists(pptx) && clean(dir));
    setenv("PANDOC", fake_pandoc("ok.sh", "exit 0"), 1);
    /* another language: nothing run */
    fake_pandoc_clear();
    CHECK(fake_pandoc_runs() == 0 && !exists(pptx) && clean(dir));
    /* a folder that is not one of its kind */
    CHECK(dr_deck_review(dir, DR_LANG_EN, &err) == DR_EINPUT);
    CHECK(dr_deck_sensitivity(dir, DR_LANG_EN, &err) == DR_EINPUT);
    CHECK(dr_deck_solve(dir, DR_LANG_EN, &err) == DR_EINPUT);
    CHECK(fake_pandoc_runs() == 0 && !exists(pptx) && clean(dir));
    /* a solve.csv with a row cut short: refused before pandoc runs */
    char *sdir = write_solve("solve-bad", SOLVE_HEAD "a,A,spending,0.1,"
                                                     "p_breach_end<=0.3\n");
    CHECK(dr_deck_solve(sdir, DR_LANG_EN, &err) == DR_EINPUT);
    CHECK(fake_pandoc_runs() == 0 && clean(sdir));
    free(sdir);
    free(dir);
}

/* A PNG of one pixel. */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* What unzip -p says of member of the zip file at path, in a new string. */
static char *unzip(const char *path, const char *member)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, member);
    FILE *p = popen(cmd, "r");
    size_t cap = 1 << 20;
    char *s = p ? calloc(1, cap) : NULL;
    size_t got = s ? fread(s, 1, cap - 1, p) : 0;
    (void)got; /* calloc's zeros end the text */
    if (p)
        pclose(p);
    return s;
}

/* The run's deck in Chinese made by the real pandoc: 16:9 on the
 * reference deck with its East Asian font, a slide for the title, each
 * heading of the deck and each picture. */
static void real(void)
{
    if (system("pandoc --version >/dev/null 2>&1") != 0) {
        printf("ok %d - # SKIP no pandoc on PATH\n", ++check_n);
        return;
    }
    unsetenv("PANDOC");
    char *dir = scratch_dup_path("real");
    write_run(dir, "land-slump", "Land slump / 土地市场下滑");
    char path[700];
    snprintf(path, sizeof path, "%s/charts", dir);
    mkdir(path, 0777);
    for (size_t k = 0; k < 8; k++) {
        snprintf(path, sizeof path, "%s/charts/%s", dir, run_pngs[k]);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(png, 1, sizeof png, f);
            fclose(f);
        }
    }
    dr_error err = {0};
    CHECK(err_is(dr_deck_run(dir, DR_LANG_ZH, &err), &err, DR_OK, NULL, ANY,
                 ANY, NULL));
    CHECK(clean(dir));
    snprintf(path, sizeof path, "%s/briefing.pptx", dir);
    /* the members' names: unzip -Z1 lists one a line */
    char cmd[1200], line[512];
    snprintf(cmd, sizeof cmd, "unzip -Z1 '%s' 2>/dev/null", path);
    FILE *z = popen(cmd, "r");
    int slides = 0;
    while (z && fgets(line, sizeof line, z))
        slides += strncmp(line, "ppt/slides/slide", 16) == 0;
    if (z)
        pclose(z);
    /* the title, In brief, 5 charts, 3 fans, the method */
    printf("# %d slides\n", slides);
    CHECK(slides == 11);
    char *pres = unzip(path, "ppt/presentation.xml");
    CHECK(has(pres, "cx=\"9144000\" cy=\"5143500\""));
    free(pres);
    char *theme = unzip(path, "ppt/theme/theme1.xml");
    CHECK(has(theme, "<a:ea typeface=\"Noto Sans CJK SC\"/>"));
    free(theme);
    char *first = unzip(path, "ppt/slides/slide1.xml");
    CHECK(has(first, "债务风险简报") && has(first, "土地市场下滑"));
    free(first);
    free(dir);
}

int main(void)
{
    if (scratch_open("deck") != 0)
        return 1;
    setenv("DEBTRISK_DATADIR", TEST_DATA "/../..", 1);
    setenv("PANDOC", fake_pandoc("ok.sh", "exit 0"), 1);
    run_deck();
    run_deck_zh();
    review_deck();
    sensitivity_deck();
    solve_deck();
    failures();
    real();
    scratch_close();
    return check_done();
}
