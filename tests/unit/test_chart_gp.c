/* What the chart modules share (chart_gp.h): the words in both languages,
 * the one way text goes into a script (gp_quote: single quotes, nothing
 * substituted), the names a chart may have, the numbers of a .dat file,
 * the parts of a script, the layout sums (worked out from their
 * formulas), the argument checks and a fresh charts folder. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts/chart.h"
#include "charts/chart_gp.h"
#include "check.h"
#include "config.h"
#include "errcheck.h"
#include "scratch.h"

/* What a writer writes, in a new string. */
#define CAPTURE(out, call)                                                     \
    do {                                                                       \
        size_t len_;                                                           \
        FILE *f = open_memstream(&(out), &len_);                               \
        call;                                                                  \
        fclose(f);                                                             \
    } while (0)

static int same(char *got, const char *want)
{
    int ok = got && strcmp(got, want) == 0;
    if (!ok)
        printf("# got [%s], expected [%s]\n", got ? got : "(null)", want);
    free(got);
    return ok;
}

static char *quoted(const char *s, int tic)
{
    char *out;
    CAPTURE(out, gp_quote(f, s, tic));
    return out;
}

static void quoting(void)
{
    CHECK(same(quoted("plain", 0), "'plain'"));
    CHECK(same(quoted("it's", 0), "'it''s'"));
    CHECK(same(quoted("''", 0), "''''''"));
    /* nothing is substituted inside single quotes: kept as it is */
    CHECK(same(quoted("`rm -rf /` @macro \\n \"x\" $HOME", 0),
               "'`rm -rf /` @macro \\n \"x\" $HOME'"));
    /* a tic label is a format: % doubled there only */
    CHECK(same(quoted("100%", 1), "'100%%'"));
    CHECK(same(quoted("100%", 0), "'100%'"));
    /* controls, DEL, C1, U+2028 and U+2029 become one space each */
    CHECK(same(quoted("a\nb\tc\rd\x7f"
                      "e\xc2\x85"
                      "f\xe2\x80\xa8g\xe2\x80\xa9h",
                      0),
               "'a b c d e f g h'"));
    /* UTF-8 kept; a byte that is not UTF-8, or a cut character, is '?' */
    CHECK(same(quoted("邓州市", 0), "'邓州市'"));
    CHECK(same(quoted("a\xff"
                      "b",
                      0),
               "'a?b'"));
    CHECK(same(quoted("\xe9\x82", 0), "'?"
                                      "?'"));
    CHECK(same(quoted("", 0), "''"));
    char *s;
    CAPTURE(s, gp_str(f, "50%"));
    CHECK(same(s, "'50%'"));
}

static void names(void)
{
    CHECK(gp_name_ok("fan_a") && gp_name_ok("fan_@city") &&
          gp_name_ok("tornado_dz-01") && gp_name_ok("X"));
    CHECK(!gp_name_ok("") && !gp_name_ok("_a") && !gp_name_ok("1a") &&
          !gp_name_ok("@city") && !gp_name_ok("a b") && !gp_name_ok("|cmd") &&
          !gp_name_ok("<in") && !gp_name_ok("a.b") && !gp_name_ok("a/b") &&
          !gp_name_ok("fan_é") && !gp_name_ok("a'b"));
}

static void dat_numbers(void)
{
    char *s;
    CAPTURE(s, (gp_dat_num(f, 1.5), gp_dat_num(f, NAN), gp_dat_num(f, INFINITY),
                gp_dat_num(f, -INFINITY), gp_dat_num(f, -0.0),
                gp_dat_num(f, 1.0 / 3), gp_dat_num(f, 100 * 0.7),
                gp_dat_num(f, 1e-20)));
    /* 12 significant digits: 100 x 0.7 = 70.00000000000001 shows as 70 */
    CHECK(same(s, " 1.5 nan inf -inf 0 0.333333333333 70 1e-20"));
}

static void words(void)
{
    dr_briefing b = {.paths = 10000,
                     .seed = "42",
                     .title = "Land slump / 土地市场下滑",
                     .scenario = "land-slump"};
    chart_ctx en = {.b = &b}, zh = {.b = &b, .zh = 1};
    char buf[512], cnt[32];
    CHECK(strcmp(gp_tx(&en, TX_YEAR), "Year") == 0 &&
          strcmp(gp_tx(&zh, TX_YEAR), "年份") == 0);
    CHECK(same(strdup(gp_txf(&en, buf, sizeof buf, TX_CITY_TITLE, (size_t)3)),
               "Whole city: all 3 counties together"));
    CHECK(same(strdup(gp_txf(&zh, buf, sizeof buf, TX_CITY_TITLE, (size_t)3)),
               "全市：3 个县（市、区）合计"));
    /* positional arguments where the word order differs */
    CHECK(same(
        strdup(gp_txf(&en, buf, sizeof buf, TX_RANK_SUBJECT, "110%", 2025L)),
        "Broad debt ratio above 110% in at least one year up to 2025"));
    CHECK(same(
        strdup(gp_txf(&zh, buf, sizeof buf, TX_RANK_SUBJECT, "110%", 2025L)),
        "至2025年广义债务率至少有一年高于 110%"));
    CHECK(strcmp(gp_count(&en, cnt, 10000), "10,000") == 0 &&
          strcmp(gp_count(&zh, cnt, 10000), "10000") == 0);
    /* the run: the title in the chart's language, the paths, the seed */
    CHECK(same(strdup(gp_run_line(&en, buf, sizeof buf)),
               "Scenario: Land slump  ·  10,000 simulated paths  ·  seed 42"));
    CHECK(same(strdup(gp_run_line(&zh, buf, sizeof buf)),
               "情景：土地市场下滑  ·  模拟路径 10000 条  ·  随机种子 42"));
    b.deterministic = 1;
    b.title = "";
    CHECK(same(strdup(gp_run_line(&en, buf, sizeof buf)),
               "Scenario: land-slump  ·  deterministic projection (every "
               "shock at its mean)"));
    dr_error err = {0};
    CHECK(err_is(gp_oom(&err), &err, DR_ENOMEM, "", 0, 0, "out of memory"));
}

static void script_parts(void)
{
    dr_briefing b = {.paths = 1, .seed = "1", .title = "", .scenario = "x"};
    chart_ctx c = {.b = &b, .formats = DR_CHART_PNG | DR_CHART_PDF};
    char *s;
    CAPTURE(s, gp_begin(&c, f, "fan_a", "Fan chart fan_a"));
    CHECK(
        strncmp(s, "# Fan chart fan_a\n# Drawn by debtrisk " DR_VERSION,
                strlen("# Fan chart fan_a\n# Drawn by debtrisk " DR_VERSION)) ==
        0);
    CHECK(strstr(s, "gnuplot fan_a.gp\n") && strstr(s, "fan_a.dat") &&
          strstr(s, "\nreset\n") && strstr(s, "\nFORMATS = 'png pdf'\n") &&
          strstr(s, "INK = '" INK "'; MUTED = '" MUTED "'; WARN = '" WARN "'"));
    free(s);
    c.formats = DR_CHART_SVG;
    CAPTURE(s, gp_begin(&c, f, "x", "about"));
    CHECK(strstr(s, "\nFORMATS = 'svg'\n") != NULL);
    free(s);

    /* one subtitle line when it fits, else two: the height below them */
    double y;
    CAPTURE(s, y = gp_titles(f, "It's a title", "Sub", "Run"));
    CHECK(y == 0.815);
    CHECK(strstr(s, "set label 1 'It''s a title' at screen") &&
          strstr(s, "set label 2 'Sub  ·  Run' at screen") &&
          !strstr(s, "set label 3"));
    free(s);
    char longrun[300];
    memset(longrun, 'x', 200);
    longrun[200] = '\0';
    CAPTURE(s, y = gp_titles(f, "T", "Subject", longrun));
    CHECK(y == 0.78 && strstr(s, "set label 2 'Subject' at") &&
          strstr(s, "set label 3 'xxxx"));
    free(s);
    CAPTURE(s, y = gp_titles(f, "T", NULL, "Run only"));
    CHECK(y == 0.815 && strstr(s, "set label 2 'Run only' at"));
    free(s);

    legend_item it[] = {{LG_BOX, "BAND90", "5–95%"},
                        {LG_LINE, "INK", "Median's"},
                        {LG_TEXT, NULL, "note"}};
    CAPTURE(s, gp_legend(f, it, 3, 0.8, 16));
    CHECK(strstr(s, "set object 60 rect from screen") &&
          strstr(s, "fillcolor rgb BAND90") && strstr(s, "set arrow 61 from") &&
          strstr(s, "lc rgb INK") && strstr(s, "set label 60 '5–95%' at") &&
          strstr(s, "set label 61 'Median''s' at") &&
          strstr(s, "set label 62 'note' at") && !strstr(s, "object 62"));
    free(s);

    CAPTURE(s, (gp_loop_begin(f, "fan_a"), gp_loop_end(f)));
    CHECK(strncmp(s, "do for [fmt in FORMATS] {\n", 26) == 0 &&
          strstr(s, "set output 'fan_a.'.fmt\n") &&
          strstr(s, "set terminal pngcairo") && strstr(s, "set terminal svg") &&
          strstr(s, "set terminal pdfcairo"));
    const char *end = "    set output\n}\n";
    size_t n = strlen(s), e = strlen(end);
    CHECK(n > e && strcmp(s + n - e, end) == 0);
    free(s);
}

static void layout(void)
{
    /* ems: a CJK character 1, a space 1/4, a digit 0.56, a capital 0.64,
     * a narrow letter 0.3, m 0.8, another letter 0.52, a two-byte
     * character 0.6 */
    CHECK_NEAR(gp_text_cells("中文"), 2.0, 1e-15);
    CHECK_NEAR(gp_text_cells("ab"), 1.04, 1e-15);
    CHECK_NEAR(gp_text_cells(" 10"), 0.25 + 1.12, 1e-15);
    CHECK_NEAR(gp_text_cells("Ai.m%"), 0.64 + 0.3 + 0.3 + 0.8 + 0.8, 1e-15);
    CHECK_NEAR(gp_text_cells("é"), 0.6, 1e-15);
    CHECK(gp_text_cells("") == 0);
    CHECK_NEAR(gp_text_px("中文", 10), 2 * 10 * 1.333, 1e-12);
    /* 0.035 + (cells pt 1.333 + 20) / 1600, within [min, 0.4] */
    CHECK_NEAR(gp_label_margin(10, 10, 0.1), 0.035 + (133.3 + 20) / 1600,
               1e-12);
    CHECK(gp_label_margin(10, 10, 0.2) == 0.2);
    CHECK(gp_label_margin(1000, 10, 0.1) == 0.4);
    /* h / n 0.72 / 1.333, within [8, max] */
    CHECK(gp_row_font(20, 500, 20) == 13); /* 25 0.72 / 1.333 = 13.5 */
    CHECK(gp_row_font(10, 500, 20) == 20); /* 27.0 */
    CHECK(gp_row_font(100, 500, 20) == 8); /* 2.7 */
    /* 1, 2, 2.5, 5 times a power of ten, at least span / target */
    CHECK_NEAR(gp_nice_step(100, 8), 20, 1e-12);  /* 12.5 */
    CHECK_NEAR(gp_nice_step(25, 10), 2.5, 1e-12); /* 2.5 */
    CHECK_NEAR(gp_nice_step(7, 8), 1, 1e-12);     /* 0.875 */
    CHECK_NEAR(gp_nice_step(40, 10), 5, 1e-12);   /* 4 */
    CHECK_NEAR(gp_nice_step(1, 10), 0.1, 1e-12);  /* 0.1 */
    CHECK(gp_nice_step(0, 8) == 1 && gp_nice_step(NAN, 8) == 1);
}

static void files(void)
{
    dr_error err = {0};
    CHECK(gp_draw_args(DR_CHART_PNG | DR_CHART_SVG | DR_CHART_PDF, &err) ==
          DR_OK);
    CHECK(gp_draw_args(0, &err) == DR_OK);
    CHECK(err_is(gp_draw_args(8, &err), &err, DR_EUSAGE, "", 0, 0,
                 "unknown chart format bits 0x8"));

    /* a fresh charts folder: what was in it is gone */
    mkdir(scratch_path("out"), 0777);
    mkdir(scratch_path("out/charts"), 0777);
    scratch_put("out/charts/old.png", "old");
    char *out = scratch_dup_path("out"), *cdir = NULL;
    CHECK(gp_fresh_charts(out, &cdir, &err) == DR_OK);
    CHECK(cdir && strcmp(cdir, scratch_path("out/charts")) == 0);
    CHECK(exists(scratch_path("out/charts")) &&
          !exists(scratch_path("out/charts/old.png")));
    free(cdir);
    char *gone = scratch_dup_path("gone/out");
    CHECK(err_is(gp_fresh_charts(gone, &cdir, &err), &err, DR_EIO,
                 scratch_path("gone/out/charts"), 0, 0, "cannot create"));
    free(cdir);
    free(gone);

    /* NAME.EXT in the charts folder; a name gp_name_ok refuses is not
     * opened */
    char *charts = scratch_dup_path("out/charts");
    chart_ctx c = {.dir = charts, .err = &err};
    gp_file g;
    CHECK(gp_open(&c, "fan_a", "dat", &g) == DR_OK && g.f);
    fputs("2024 1\n", g.f);
    CHECK(gp_close(&c, &g, DR_OK) == DR_OK && g.f == NULL && g.path == NULL);
    char *text = slurp(scratch_path("out/charts/fan_a.dat"), NULL);
    CHECK(text && strcmp(text, "2024 1\n") == 0);
    free(text);
    CHECK(err_is(gp_open(&c, "|rm", "gp", &g), &err, DR_EINPUT, "", 0, 0,
                 "'|rm' cannot name a chart") &&
          g.f == NULL);
    CHECK(gp_close(&c, &g, DR_EINPUT) == DR_EINPUT); /* nothing open */
    chart_ctx bad = {.dir = scratch_path("nowhere"), .err = &err};
    CHECK(err_is(gp_open(&bad, "a", "gp", &g), &err, DR_EIO,
                 scratch_path("nowhere/a.gp"), 0, 0, "cannot write") &&
          g.f == NULL);
    /* a write that fails is found at the close, unless another error came
     * first */
    g.f = fopen("/dev/full", "w");
    g.path = strdup("/dev/full");
    if (g.f) {
        fputs("x", g.f);
        CHECK(err_is(gp_close(&c, &g, DR_OK), &err, DR_EIO, "/dev/full", 0, 0,
                     "cannot write"));
    }
    g.f = fopen("/dev/full", "w");
    g.path = strdup("/dev/full");
    if (g.f) {
        fputs("x", g.f);
        err.status = DR_EINPUT;
        CHECK(gp_close(&c, &g, DR_EINPUT) == DR_EINPUT &&
              err.status == DR_EINPUT);
    }
    free(charts);
    free(out);
}

int main(void)
{
    if (scratch_open("chart_gp") != 0)
        return 1;
    quoting();
    names();
    dat_numbers();
    words();
    script_parts();
    layout();
    files();
    scratch_close();
    return check_done();
}
