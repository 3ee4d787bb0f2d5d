/* Running gnuplot (gnuplot.h) with stand-ins (tests/lib/fakegp.h) named by
 * $GNUPLOT: every script run in its folder with no input, at most
 * `threads` at a time; each way of failing and its message; gnuplot
 * missing; a stop before and during the drawing, with no process left
 * behind. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/stop.h"
#include "charts/gnuplot.h"
#include "check.h"
#include "errcheck.h"
#include "fakegp.h"
#include "scratch.h"

static const char *const names[] = {"a", "b", "c", "d", "e", "f"};
static char *dir; /* the charts folder */

static dr_status run(const char *prog, size_t n, int threads, dr_error *err)
{
    if (prog)
        setenv("GNUPLOT", prog, 1);
    else
        unsetenv("GNUPLOT");
    fake_log_clear();
    return dr_gnuplot_run(dir, names, n, threads, err);
}

static void runs(void)
{
    dr_error err = {0};
    char *ok = scratch_dup_path("ok.sh");
    fake_gnuplot("ok.sh", "test -s /dev/stdin && exit 9; exit 0");
    CHECK(run(ok, 6, 2, &err) == DR_OK);
    CHECK(fake_log_runs() == 6);
    /* each in the folder, on its own script */
    char *log = slurp(scratch_path("gnuplot.log"), NULL), line[700];
    int all = 1;
    for (size_t k = 0; k < 6; k++) {
        snprintf(line, sizeof line, "%s %s.gp\n", dir, names[k]);
        all = all && log && strstr(log, line);
        char png[600];
        snprintf(png, sizeof png, "%s/%s.png", dir, names[k]);
        all = all && exists(png);
    }
    CHECK(all);
    free(log);
    /* threads <= 0: one per core, as well */
    CHECK(run(ok, 3, 0, &err) == DR_OK && fake_log_runs() == 3);
    /* nothing to run */
    CHECK(run(ok, 0, 1, &err) == DR_OK && fake_log_runs() == 0);

    /* a relative $GNUPLOT is taken from the current folder */
    char *cwd = getcwd(NULL, 0);
    CHECK(chdir(scratch_dir) == 0);
    CHECK(run("./ok.sh", 2, 1, &err) == DR_OK && fake_log_runs() == 2);
    CHECK(chdir(cwd) == 0);
    free(cwd);
    free(ok);
}

/* No more than `threads` at once: each stand-in makes a marker while it
 * runs and records how many it sees. */
static void at_most(void)
{
    dr_error err = {0};
    char body[1024];
    snprintf(body, sizeof body,
             "mkdir '%s/run.'$$; ls -d '%s'/run.* | wc -l >> '%s/seen'; "
             "sleep 0.1; rmdir '%s/run.'$$",
             scratch_dir, scratch_dir, scratch_dir, scratch_dir);
    char *slow = scratch_dup_path("slow.sh");
    fake_gnuplot("slow.sh", body);
    CHECK(run(slow, 6, 2, &err) == DR_OK);
    char *seen = slurp(scratch_path("seen"), NULL);
    int most = 0;
    for (char *p = seen; p && *p;) {
        int v = (int)strtol(p, &p, 10);
        most = v > most ? v : most;
        while (*p == '\n' || *p == ' ')
            p++;
    }
    printf("# at most %d at once\n", most);
    CHECK(most >= 1 && most <= 2);
    free(seen);
    free(slow);
}

static void failures(void)
{
    dr_error err = {0};
    /* b and d fail: the first is named, the other counted; the last three
     * lines it printed, but a line of a caret alone */
    char *bad = scratch_dup_path("bad.sh");
    fake_gnuplot("bad.sh", "case \"$1\" in b.gp|d.gp) echo 'line 1'; "
                           "echo 'line 2' >&2; echo 'error: bad'; "
                           "echo '        ^'; exit 2;; esac");
    char phrase[900];
    snprintf(phrase, sizeof phrase,
             "gnuplot (%s) failed on charts/b.gp with exit status 2 (and 1 "
             "more charts): line 2 | error: bad; the results are written",
             bad);
    CHECK(err_is(run(bad, 6, 1, &err), &err, DR_ECHART, "", 0, 0, phrase));
    CHECK(fake_log_runs() == 6); /* the others are still drawn */
    /* killed by a signal, with nothing printed */
    char *killed = scratch_dup_path("killed.sh");
    fake_gnuplot("killed.sh", "kill -9 $$");
    CHECK(err_is(run(killed, 1, 1, &err), &err, DR_ECHART, "", 0, 0,
                 "failed on charts/a.gp with killed by signal 9: no message"));

    /* missing: on PATH, or as $GNUPLOT */
    char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", "", 1);
    CHECK(err_is(run(NULL, 2, 1, &err), &err, DR_ECHART, "", 0, 0,
                 "gnuplot not found (no gnuplot on PATH): the results are "
                 "written but the charts are not drawn; install it with: "
                 "apt-get install gnuplot-nox, or set GNUPLOT to its path"));
    if (path)
        setenv("PATH", path, 1);
    free(path);
    const char *none = scratch_path("no/gnuplot");
    snprintf(phrase, sizeof phrase, "gnuplot not found (GNUPLOT=%s)", none);
    CHECK(err_is(run(none, 2, 1, &err), &err, DR_ECHART, "", 0, 0, phrase));
    /* there, but not a program */
    const char *plain = scratch_put("plain.txt", "not a program\n");
    CHECK(err_is(run(plain, 1, 1, &err), &err, DR_ECHART, "", 0, 0,
                 "cannot run gnuplot ("));

    /* a folder that does not exist */
    const char *gone = scratch_path("gone");
    CHECK(err_is(dr_gnuplot_run(gone, names, 1, 1, &err), &err, DR_EIO, gone, 0,
                 0, NULL));
    free(bad);
    free(killed);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 1 when the process has ended: gone, or a zombie its new parent (the
 * sleeps' shell is dead) has not reaped yet. */
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

/* As a SIGINT does: the alarm stands in for the signal of the user. */
static void on_alarm(int sig)
{
    (void)sig;
    dr_stop_requested = SIGINT;
}

static void stops(void)
{
    dr_error err = {0};
    char *ok = scratch_dup_path("ok.sh");
    /* asked before: nothing starts */
    dr_stop_requested = SIGINT;
    CHECK(err_is(run(ok, 3, 1, &err), &err, DR_EINTR, "", 0, 0, "interrupted"));
    CHECK(fake_log_runs() == 0);
    dr_stop_requested = 0;

    /* during: stand-ins that would run 30 s (a child sleep in each) are
     * ended with their process groups and reaped, within a second */
    char body[600];
    snprintf(body, sizeof body, "sleep 30 & echo $! >> '%s/pids'; wait",
             scratch_dir);
    char *sleepy = scratch_dup_path("sleepy.sh");
    fake_gnuplot("sleepy.sh", body);
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_value = {0, 300000}};
    setitimer(ITIMER_REAL, &it, NULL);
    double t0 = now();
    dr_status st = run(sleepy, 4, 2, &err);
    double took = now() - t0;
    CHECK(err_is(st, &err, DR_EINTR, "", 0, 0, "interrupted"));
    printf("# stopped after %.2f s\n", took);
    CHECK(took < 2.0);
    CHECK(fake_log_runs() == 2); /* two started, no more */
    /* the sleeps the stand-ins started are gone too */
    usleep(100000);
    char *pids = slurp(scratch_path("pids"), NULL);
    int gone = pids != NULL;
    for (char *p = pids; p && *p;) {
        long pid = strtol(p, &p, 10);
        gone = gone && pid > 0 && ended((pid_t)pid);
        while (*p == '\n')
            p++;
    }
    CHECK(gone);
    free(pids);
    dr_stop_requested = 0;
    free(ok);
    free(sleepy);
}

int main(void)
{
    if (scratch_open("gnuplot") != 0)
        return 1;
    mkdir(scratch_path("charts"), 0777);
    dir = realpath(scratch_path("charts"), NULL);
    runs();
    at_most();
    failures();
    stops();
    free(dir);
    scratch_close();
    return check_done();
}
