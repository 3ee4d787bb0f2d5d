/* The office formats of an output folder (present/office.h) with a
 * stand-in pandoc (tests/lib/fakepandoc.h): which files each set of
 * --report bits makes for each kind of folder, in which order pandoc runs;
 * a pandoc failure that does not stop the workbook or the other format,
 * the first failure returned; a stop; a workbook that fails. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "base/stop.h"
#include "check.h"
#include "errcheck.h"
#include "fakepandoc.h"
#include "present/office.h"
#include "runfolder.h"
#include "scratch.h"

static int in(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return exists(path);
}

static void rm(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

/* The files the office formats make, and their temporary files, removed
 * from dir. */
static void reset(const char *dir)
{
    static const char *const made[] = {"results.xlsx", "review.xlsx",
                                       "solve.xlsx", "report.html",
                                       "briefing.pptx"};
    char tmp[64];
    for (size_t k = 0; k < sizeof made / sizeof made[0]; k++) {
        rm(dir, made[k]);
        snprintf(tmp, sizeof tmp, "%s.tmp", made[k]);
        rm(dir, tmp);
    }
    rm(dir, ".briefing-deck.md");
    fake_pandoc_clear();
}

/* Nothing but what was asked for: each file there exactly when its bit is
 * set, no temporary file, pandoc run once per pandoc format (the report
 * first), on the report named md. */
static int made_just(const char *dir, const char *book, unsigned bits,
                     const char *md)
{
    int ok = in(dir, book) == !!(bits & DR_REPORT_XLSX) &&
             in(dir, "report.html") == !!(bits & DR_REPORT_HTML) &&
             in(dir, "briefing.pptx") == !!(bits & DR_REPORT_PPTX);
    static const char *const left[] = {
        "results.xlsx.tmp", "review.xlsx.tmp",   "solve.xlsx.tmp",
        "report.html.tmp",  "briefing.pptx.tmp", ".briefing-deck.md"};
    for (size_t k = 0; k < sizeof left / sizeof left[0]; k++)
        ok &= !in(dir, left[k]);
    int runs = !!(bits & DR_REPORT_HTML) + !!(bits & DR_REPORT_PPTX);
    ok &= fake_pandoc_runs() == runs;
    char *log = fake_pandoc_log();
    const char *h = strstr(log, "--output=report.html.tmp\n");
    const char *p = strstr(log, "--output=briefing.pptx.tmp\n");
    ok &= !h == !(bits & DR_REPORT_HTML) && !p == !(bits & DR_REPORT_PPTX);
    if (h && p)
        ok &= h < p;
    if (h) {
        char arg[64];
        snprintf(arg, sizeof arg, "--output=report.html.tmp\n%s\n", md);
        ok &= strstr(log, arg) != NULL;
    }
    if (!ok)
        printf("# %s, bits %u: %s %d, html %d, pptx %d, %d runs\n", dir, bits,
               book, in(dir, book), in(dir, "report.html"),
               in(dir, "briefing.pptx"), fake_pandoc_runs());
    free(log);
    return ok;
}

static char *run_dir, *review_dir, *sens_dir, *solve_dir;

static void folders(void)
{
    run_dir = scratch_dup_path("run");
    write_run(run_dir, "s", "");
    put_in(run_dir, "report.md", "# Report\n");
    review_dir = scratch_dup_path("review");
    write_review(review_dir);
    put_in(review_dir, "report.md", "# Review\n");
    sens_dir = scratch_dup_path("sens");
    write_sensitivity(sens_dir);
    put_in(sens_dir, "report.md", "# Sensitivity\n");
    solve_dir = scratch_dup_path("solve");
    mkdir(solve_dir, 0777);
    put_in(solve_dir, "solve.csv",
           "county_id,name,lever,value,target,achieved,achieved_se,baseline,"
           "status\n"
           "a,A,spending,0.1,p_breach_end<=0.3,0.29,0.01,0.45,solved\n");
    put_in(solve_dir, "solve.md", "# Solve\n");
    char sub[700];
    snprintf(sub, sizeof sub, "%s/baseline", solve_dir);
    write_run(sub, "baseline", "");
    snprintf(sub, sizeof sub, "%s/solved", solve_dir);
    write_run(sub, "solved", "");
}

/* Every set of bits for every kind of folder. */
static void bits(void)
{
    const struct {
        const char *const *dir;
        dr_folder_kind kind;
        const char *book, *md;
    } kinds[] = {{(const char *const *)&run_dir, DR_FOLDER_RUN, "results.xlsx",
                  "report.md"},
                 {(const char *const *)&review_dir, DR_FOLDER_REVIEW,
                  "review.xlsx", "report.md"},
                 {(const char *const *)&sens_dir, DR_FOLDER_SENSITIVITY,
                  "results.xlsx", "report.md"},
                 {(const char *const *)&solve_dir, DR_FOLDER_SOLVE,
                  "solve.xlsx", "solve.md"}};
    dr_error err = {0};
    for (size_t k = 0; k < 4; k++) {
        int all = 1;
        for (unsigned b = 0; b <= DR_REPORT_ALL; b++) {
            const char *dir = *kinds[k].dir;
            reset(dir);
            dr_status st =
                dr_office_write(dir, kinds[k].kind, b, DR_LANG_EN, &err);
            if (st != DR_OK)
                printf("# bits %u: %s\n", b, err.msg);
            all &= st == DR_OK && made_just(dir, kinds[k].book, b, kinds[k].md);
        }
        CHECK(all);
    }
    /* md alone is written by the reports: nothing here */
    reset(run_dir);
    CHECK(dr_office_write(run_dir, DR_FOLDER_RUN, DR_REPORT_MD, DR_LANG_ZH,
                          &err) == DR_OK &&
          made_just(run_dir, "results.xlsx", 0, "report.md"));
    /* the language reaches pandoc */
    reset(run_dir);
    CHECK(dr_office_write(run_dir, DR_FOLDER_RUN, DR_REPORT_HTML, DR_LANG_ZH,
                          &err) == DR_OK);
    char *log = fake_pandoc_log();
    CHECK(strstr(log, "\nlang=zh-CN\n") != NULL);
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
    const char *dir = run_dir;
    /* pandoc fails on the report: the workbook and the deck are made, the
     * report's failure returned */
    setenv("PANDOC",
           fake_pandoc("html-bad.sh",
                       "case \"$*\" in *report.html.tmp*) echo 'html broke' "
                       ">&2; exit 1;; esac"),
           1);
    reset(dir);
    CHECK(err_is(
        dr_office_write(dir, DR_FOLDER_RUN, DR_REPORT_ALL, DR_LANG_EN, &err),
        &err, DR_ECHART, "", 0, 0,
        "failed on report.html with exit status 1: html broke"));
    CHECK(in(dir, "results.xlsx") && !in(dir, "report.html") &&
          in(dir, "briefing.pptx") && fake_pandoc_runs() == 2);
    /* on the deck: the report is made, the deck's failure returned */
    setenv("PANDOC",
           fake_pandoc("pptx-bad.sh",
                       "case \"$*\" in *briefing.pptx.tmp*) echo 'pptx broke' "
                       ">&2; exit 1;; esac"),
           1);
    reset(dir);
    CHECK(err_is(
        dr_office_write(dir, DR_FOLDER_RUN, DR_REPORT_ALL, DR_LANG_EN, &err),
        &err, DR_ECHART, "", 0, 0,
        "failed on briefing.pptx with exit status 1: pptx broke"));
    CHECK(in(dir, "results.xlsx") && in(dir, "report.html") &&
          !in(dir, "briefing.pptx") && !in(dir, ".briefing-deck.md"));
    /* on both: the first */
    setenv("PANDOC",
           fake_pandoc("all-bad.sh", "echo \"broke on $1\" >&2; exit 2"), 1);
    reset(dir);
    CHECK(err_is(dr_office_write(dir, DR_FOLDER_RUN,
                                 DR_REPORT_HTML | DR_REPORT_PPTX, DR_LANG_EN,
                                 &err),
                 &err, DR_ECHART, "", 0, 0,
                 "failed on report.html with exit "
                 "status 2"));
    CHECK(fake_pandoc_runs() == 2 && !in(dir, "report.html") &&
          !in(dir, "briefing.pptx"));
    /* missing: the workbook is still made */
    setenv("PANDOC", "/nonexistent", 1);
    reset(dir);
    CHECK(err_is(
        dr_office_write(dir, DR_FOLDER_RUN, DR_REPORT_ALL, DR_LANG_EN, &err),
        &err, DR_ECHART, "", 0, 0,
        "pandoc not found (PANDOC=/nonexistent): the results are "
        "written but report.html is not made"));
    CHECK(in(dir, "results.xlsx") && !in(dir, "report.html") &&
          !in(dir, "briefing.pptx"));
    /* pptx alone, missing: its own message */
    reset(dir);
    CHECK(err_is(
        dr_office_write(dir, DR_FOLDER_RUN, DR_REPORT_PPTX, DR_LANG_EN, &err),
        &err, DR_ECHART, "", 0, 0, "briefing.pptx is not made"));

    /* the report fails, then a stop during the deck: the stop is what is
     * returned */
    setenv("PANDOC",
           fake_pandoc("stop.sh", "case \"$*\" in *report.html.tmp*) exit 1;; "
                                  "*) sleep 30 & wait;; esac"),
           1);
    reset(dir);
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_value = {0, 300000}};
    setitimer(ITIMER_REAL, &it, NULL);
    CHECK(err_is(dr_office_write(dir, DR_FOLDER_RUN,
                                 DR_REPORT_HTML | DR_REPORT_PPTX, DR_LANG_EN,
                                 &err),
                 &err, DR_EINTR, "", 0, 0, "interrupted"));
    dr_stop_requested = 0;
    CHECK(!in(dir, "briefing.pptx") && !in(dir, "briefing.pptx.tmp") &&
          !in(dir, ".briefing-deck.md"));
    /* a stop during the report: the deck is not begun */
    setenv("PANDOC", fake_pandoc("slow.sh", "sleep 30 & wait"), 1);
    reset(dir);
    setitimer(ITIMER_REAL, &it, NULL);
    CHECK(err_is(
        dr_office_write(dir, DR_FOLDER_RUN, DR_REPORT_ALL, DR_LANG_EN, &err),
        &err, DR_EINTR, "", 0, 0, "interrupted"));
    dr_stop_requested = 0;
    CHECK(fake_pandoc_runs() == 1 && in(dir, "results.xlsx") &&
          !in(dir, "report.html") && !in(dir, "report.html.tmp"));

    /* the workbook fails: returned at once, pandoc not run */
    setenv("PANDOC", fake_pandoc("ok.sh", "exit 0"), 1);
    reset(dir);
    CHECK(fake_pandoc_runs() == 0 && !in(dir, "results.xlsx"));
    char *bad = scratch_dup_path("bad");
    write_run(bad, "s", "");
    put_in(bad, "city.csv", "scenario,year\n");
    put_in(bad, "report.md", "# Report\n");
    reset(bad);
    CHECK(dr_office_write(bad, DR_FOLDER_RUN, DR_REPORT_ALL, DR_LANG_EN,
                          &err) == DR_EINPUT);
    CHECK(fake_pandoc_runs() == 0 && !in(bad, "results.xlsx") &&
          !in(bad, "results.xlsx.tmp"));
    /* without the workbook, the report is still made and the deck's
     * failure returned */
    reset(bad);
    CHECK(dr_office_write(bad, DR_FOLDER_RUN, DR_REPORT_HTML | DR_REPORT_PPTX,
                          DR_LANG_EN, &err) == DR_EINPUT);
    CHECK(in(bad, "report.html") && !in(bad, "briefing.pptx"));
    free(bad);
}

int main(void)
{
    if (scratch_open("office") != 0)
        return 1;
    setenv("DEBTRISK_DATADIR", TEST_DATA "/../..", 1);
    setenv("PANDOC", fake_pandoc("ok.sh", "exit 0"), 1);
    folders();
    bits();
    failures();
    free(run_dir);
    free(review_dir);
    free(sens_dir);
    free(solve_dir);
    scratch_close();
    return check_done();
}
