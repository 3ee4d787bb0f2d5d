/* Running pandoc (present/pandoc.h) with a stand-in (tests/lib/
 * fakepandoc.h) named by $PANDOC: the arguments of the HTML report (raw
 * HTML off, self-contained, the bundled stylesheet, the title from the
 * first heading, the language) and of the deck (the reference deck, a
 * slide per level-2 heading, the title slide's metadata); run in the
 * folder, a relative $PANDOC from the current one; the output written
 * beside its place and renamed; pandoc missing, failing or stopped, with
 * its message and no file left; then once with the real pandoc. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/stop.h"
#include "check.h"
#include "errcheck.h"
#include "fakepandoc.h"
#include "present/pandoc.h"
#include "scratch.h"

#define ROOT TEST_DATA "/../.."
#define FROM "--from=markdown-raw_html-raw_attribute-raw_tex-implicit_figures"

static char *dir; /* the folder of the report, its real path */

static int same(const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        return 1;
    check_note("got:      ", got ? got : "(nothing)");
    check_note("expected: ", want);
    return 0;
}

/* Writes text to the file name of the report's folder. */
static void put_in_report(const char *name, const char *text)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* 1 when the process has ended: gone, or a zombie its new parent has not
 * reaped yet. */
static int ended(pid_t pid)
{
    if (kill(pid, 0) != 0)
        return errno == ESRCH;
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    char *stat = slurp(path, NULL);
    const char *p = stat ? strrchr(stat, ')') : NULL;
    int z = p && (p[2] == 'Z' || p[2] == 'X');
    free(stat);
    return z;
}

static int in_dir(const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return exists(path);
}

static char *read_in_dir(const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, NULL);
}

/* The number of file descriptors open in this process. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    while (d && readdir(d))
        n++;
    if (d)
        closedir(d);
    return n;
}

static void html(void)
{
    dr_error err = {0};
    const char *fake = fake_pandoc("ok.sh", "exit 0");
    setenv("PANDOC", fake, 1);
    /* the title: the first level-1 heading, its escapes dropped */
    put_in_report("report.md",
                  "Some text\n\n## Not this\n\n# Debt risk: Land \\*slump\\* "
                  "\\[x\\]\n\n# Nor this\n");
    fake_pandoc_clear();
    CHECK(dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err) ==
          DR_OK);
    char want[2048];
    snprintf(want, sizeof want,
             "call\n%s\n" FROM "\n--to=html5\n--standalone\n"
             "--self-contained\n--resource-path=.\n"
             "--css=%s/models/office/report.css\n"
             "--metadata\npagetitle=Debt risk: Land *slump* [x]\n"
             "--metadata\nlang=en\n--output=report.html.tmp\nreport.md\n",
             dir, ROOT);
    char *log = fake_pandoc_log();
    CHECK(same(log, want));
    free(log);
    /* the stylesheet is there */
    char css[700];
    snprintf(css, sizeof css, "%s/models/office/report.css", ROOT);
    CHECK(exists(css));
    /* made beside its place, then renamed */
    char *out = read_in_dir("report.html");
    CHECK(same(out, "made by the fake\n"));
    free(out);
    CHECK(!in_dir("report.html.tmp"));

    /* Chinese; no heading: the program's name */
    put_in_report("solve.md", "no heading\n#not one either\n");
    fake_pandoc_clear();
    CHECK(dr_pandoc_html(dir, "solve.md", "solve.html", DR_LANG_ZH, &err) ==
          DR_OK);
    log = fake_pandoc_log();
    CHECK(log && strstr(log, "\npagetitle=debtrisk\n--metadata\nlang=zh-CN\n"
                             "--output=solve.html.tmp\nsolve.md\n"));
    free(log);
    CHECK(in_dir("solve.html") && !in_dir("solve.html.tmp"));

    /* a relative folder, and a relative $PANDOC: each from the current
     * folder, though pandoc runs inside the report's */
    char *cwd = getcwd(NULL, 0);
    CHECK(chdir(scratch_dir) == 0);
    setenv("PANDOC", "./ok.sh", 1);
    fake_pandoc_clear();
    remove(scratch_path("report/report.html"));
    CHECK(dr_pandoc_html("report", "report.md", "report.html", DR_LANG_EN,
                         &err) == DR_OK);
    log = fake_pandoc_log();
    snprintf(want, sizeof want, "call\n%s\n", dir);
    CHECK(log && strncmp(log, want, strlen(want)) == 0);
    free(log);
    CHECK(in_dir("report.html"));
    CHECK(chdir(cwd) == 0);
    free(cwd);
}

static void pptx(void)
{
    dr_error err = {0};
    setenv("PANDOC", fake_pandoc("ok.sh", "exit 0"), 1);
    put_in_report("deck.md", "## In brief\n\nSomething.\n");
    fake_pandoc_clear();
    CHECK(dr_pandoc_pptx(dir, "deck.md", "briefing.pptx", "Debt risk briefing",
                         "Land slump", "2026-03-01", DR_LANG_ZH,
                         &err) == DR_OK);
    char want[2048];
    snprintf(want, sizeof want,
             "call\n%s\n" FROM "\n--to=pptx\n--slide-level=2\n"
             "--resource-path=.\n"
             "--reference-doc=%s/models/office/reference.pptx\n"
             "--metadata\ntitle=Debt risk briefing\n"
             "--metadata\nsubtitle=Land slump\n"
             "--metadata\ndate=2026-03-01\n"
             "--metadata\nlang=zh-CN\n--output=briefing.pptx.tmp\ndeck.md\n",
             dir, ROOT);
    char *log = fake_pandoc_log();
    CHECK(same(log, want));
    free(log);
    char ref[700];
    snprintf(ref, sizeof ref, "%s/models/office/reference.pptx", ROOT);
    CHECK(exists(ref));
    char *in = fake_pandoc_input();
    CHECK(same(in, "## In brief\n\nSomething.\n"));
    free(in);
    CHECK(in_dir("briefing.pptx") && !in_dir("briefing.pptx.tmp"));
    /* English */
    fake_pandoc_clear();
    CHECK(dr_pandoc_pptx(dir, "deck.md", "briefing.pptx", "T", "S", "D",
                         DR_LANG_EN, &err) == DR_OK);
    log = fake_pandoc_log();
    CHECK(log && strstr(log, "\n--metadata\nlang=en\n--output="));
    free(log);
}

/* As a SIGINT does: the alarm stands in for the signal of the user. */
static void on_alarm(int sig)
{
    (void)sig;
    dr_stop_requested = SIGINT;
}

static void failures(void)
{
    dr_error err = {0};
    put_in_report("report.md", "# Report\n");
    remove(scratch_path("report/report.html"));
    /* missing, as $PANDOC and on PATH */
    setenv("PANDOC", "/nonexistent", 1);
    int fds = open_fds();
    CHECK(err_is(
        dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err), &err,
        DR_ECHART, "", 0, 0,
        "pandoc not found (PANDOC=/nonexistent): the results are "
        "written but report.html is not made; install it with: "
        "apt-get install pandoc, or set PANDOC to its path"));
    CHECK(!in_dir("report.html") && !in_dir("report.html.tmp"));
    CHECK(err_is(dr_pandoc_pptx(dir, "deck.md", "briefing.pptx", "T", "S", "D",
                                DR_LANG_EN, &err),
                 &err, DR_ECHART, "", 0, 0,
                 "pandoc not found (PANDOC=/nonexistent): the results are "
                 "written but briefing.pptx is not made; install it with: "
                 "apt-get install pandoc"));
    /* nothing kept open by a pandoc that never ran */
    CHECK(open_fds() == fds);
    unsetenv("PANDOC");
    char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", "", 1);
    CHECK(err_is(
        dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err), &err,
        DR_ECHART, "", 0, 0,
        "pandoc not found (no pandoc on PATH): the results are "
        "written but report.html is not made; install it with: "
        "apt-get install pandoc"));
    if (path)
        setenv("PATH", path, 1);
    free(path);
    /* there, but not a program */
    const char *plain = scratch_put("plain.txt", "not a program\n");
    setenv("PANDOC", plain, 1);
    CHECK(err_is(
        dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err), &err,
        DR_ECHART, "", 0, 0, "cannot run pandoc ("));
    CHECK(strstr(err.msg, "apt-get install pandoc") != NULL);

    /* failing, after writing part of its output: its last lines, nothing
     * left */
    const char *bad = fake_pandoc(
        "bad.sh", "echo 'pandoc: reading report.md' >&2; echo 'Error at "
                  "(line 3, column 1): unexpected end' >&2; exit 1");
    setenv("PANDOC", bad, 1);
    char want[1200];
    snprintf(want, sizeof want,
             "pandoc (%s) failed on report.html with exit status 1: "
             "pandoc: reading report.md | Error at (line 3, column 1): "
             "unexpected end; the results are written but report.html is not "
             "made; is pandoc complete? install it with: apt-get install "
             "pandoc",
             bad);
    CHECK(err_is(
        dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err), &err,
        DR_ECHART, "", 0, 0, want));
    CHECK(!in_dir("report.html") && !in_dir("report.html.tmp"));
    /* killed, saying nothing */
    const char *killed = fake_pandoc("killed.sh", "kill -9 $$");
    setenv("PANDOC", killed, 1);
    CHECK(
        err_is(dr_pandoc_pptx(dir, "deck.md", "briefing.pptx", "T", "S", "D",
                              DR_LANG_EN, &err),
               &err, DR_ECHART, "", 0, 0,
               "failed on briefing.pptx with killed by signal 9: no message"));
    CHECK(!in_dir("briefing.pptx.tmp"));
    /* exit status 127 and nothing said: a wrapper that found no pandoc */
    const char *gone = fake_pandoc("gone.sh", "exit 127");
    setenv("PANDOC", gone, 1);
    snprintf(want, sizeof want,
             "pandoc not found (%s): the results are written but report.html "
             "is not made",
             gone);
    CHECK(err_is(
        dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err), &err,
        DR_ECHART, "", 0, 0, want));
    CHECK(!in_dir("report.html") && !in_dir("report.html.tmp"));
    /* done, but nothing made */
    const char *lazy = scratch_put("lazy.sh", "#!/bin/sh\nexit 0\n");
    chmod(lazy, 0755);
    setenv("PANDOC", lazy, 1);
    snprintf(want, sizeof want, "%s/report.html", dir);
    CHECK(err_is(
        dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err), &err,
        DR_EIO, want, 0, 0, "cannot write: "));
    /* a folder that is not there */
    setenv("PANDOC", fake_pandoc("ok.sh", "exit 0"), 1);
    const char *none = scratch_path("none");
    CHECK(err_is(
        dr_pandoc_html(none, "report.md", "report.html", DR_LANG_EN, &err),
        &err, DR_EIO, none, 0, 0, "No such file or directory"));
    CHECK(!exists(none));

    /* a stop while it runs: ended, no file left, within a second */
    remove(scratch_path("report/briefing.pptx"));
    char body[300];
    snprintf(body, sizeof body, "sleep 30 & echo $! > '%s/sleep.pid'; wait",
             scratch_dir);
    setenv("PANDOC", fake_pandoc("slow.sh", body), 1);
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_value = {0, 300000}};
    setitimer(ITIMER_REAL, &it, NULL);
    CHECK(err_is(dr_pandoc_pptx(dir, "deck.md", "briefing.pptx", "T", "S", "D",
                                DR_LANG_EN, &err),
                 &err, DR_EINTR, "", 0, 0, "interrupted"));
    dr_stop_requested = 0;
    CHECK(!in_dir("briefing.pptx") && !in_dir("briefing.pptx.tmp"));
    char *pid = slurp(scratch_path("sleep.pid"), NULL);
    long sleeper = pid ? strtol(pid, NULL, 10) : 0;
    free(pid);
    usleep(100000);
    CHECK(sleeper > 0 && ended((pid_t)sleeper));
    unsetenv("PANDOC");
}

/* A PNG of one pixel. */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* 1 when pandoc runs from PATH. */
static int have_pandoc(void)
{
    return system("pandoc --version >/dev/null 2>&1") == 0;
}

static void real(void)
{
    if (!have_pandoc()) {
        printf("ok %d - # SKIP no pandoc on PATH\n", ++check_n);
        return;
    }
    unsetenv("PANDOC");
    dr_error err = {0};
    mkdir(scratch_path("report/charts"), 0777);
    scratch_putn("report/charts/ranking.png", (const char *)png, sizeof png);
    put_in_report("report.md",
                  "# Debt risk: 卧龙区\n\n"
                  "Text with <script>alert(1)</script> and <b>tags</b>.\n\n"
                  "![Ranking](charts/ranking.png)\n");
    remove(scratch_path("report/report.html"));
    CHECK(err_is(
        dr_pandoc_html(dir, "report.md", "report.html", DR_LANG_EN, &err), &err,
        DR_OK, NULL, ANY, ANY, NULL));
    char *h = read_in_dir("report.html");
    /* one file: the picture and the stylesheet inside it */
    CHECK(h && strstr(h, "data:image/png;base64,"));
    CHECK(h && strstr(h, "Noto Sans CJK SC"));
    CHECK(h && !strstr(h, "charts/ranking.png"));
    CHECK(h && strstr(h, "<title>Debt risk: 卧龙区</title>"));
    CHECK(h && strstr(h, "lang=\"en\""));
    /* raw HTML is text */
    CHECK(h && !strstr(h, "<script>alert") &&
          strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;") &&
          !strstr(h, "<b>tags"));
    free(h);
    CHECK(!in_dir("report.html.tmp"));

    put_in_report("deck.md", "## In brief\n\n**Two of three counties.**\n\n"
                             "## Probability of a breach\n\n"
                             "![](charts/ranking.png)\n");
    remove(scratch_path("report/briefing.pptx"));
    CHECK(err_is(dr_pandoc_pptx(dir, "deck.md", "briefing.pptx",
                                "Debt risk briefing", "Land slump / 土地",
                                "2026-03-01", DR_LANG_ZH, &err),
                 &err, DR_OK, NULL, ANY, ANY, NULL));
    CHECK(!in_dir("briefing.pptx.tmp"));
    /* a deck of three slides: the title's, and one per level-2 heading */
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "unzip -l '%s/briefing.pptx' 2>/dev/null", dir);
    FILE *p = popen(cmd, "r");
    char line[512];
    int slides = 0, media = 0;
    while (p && fgets(line, sizeof line, p)) {
        char *s = strstr(line, "ppt/slides/slide");
        slides += s && strstr(s, ".xml") && !strstr(s, "_rels");
        media += strstr(line, "ppt/media/") != NULL;
    }
    if (p)
        pclose(p);
    printf("# %d slides, %d pictures\n", slides, media);
    CHECK(slides == 3 && media >= 1);
    snprintf(cmd, sizeof cmd,
             "unzip -p '%s/briefing.pptx' ppt/slides/slide1.xml 2>/dev/null",
             dir);
    p = popen(cmd, "r");
    char *xml = calloc(1, 1 << 16);
    size_t got = p && xml ? fread(xml, 1, (1 << 16) - 1, p) : 0;
    (void)got;
    if (p)
        pclose(p);
    CHECK(xml && strstr(xml, "Debt risk briefing") &&
          strstr(xml, "Land slump / 土地") && strstr(xml, "2026-03-01"));
    free(xml);
}

int main(void)
{
    if (scratch_open("pandoc") != 0)
        return 1;
    setenv("DEBTRISK_DATADIR", ROOT, 1);
    mkdir(scratch_path("report"), 0777);
    dir = realpath(scratch_path("report"), NULL);
    html();
    pptx();
    failures();
    real();
    free(dir);
    scratch_close();
    return check_done();
}
