/* Child processes (base/child.h) on /bin/sh scripts written here: each
 * started in its folder, as the leader of a group of its own, with no
 * input and both its outputs kept; the end of what it said (the last three
 * non-blank lines, a caret line skipped); what its status says; a program
 * that cannot be started; a stop during the wait, with the child, its
 * group and a grandchild ended, by SIGTERM or after half a second by
 * SIGKILL; a stop of children never started or already done. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/child.h"
#include "base/stop.h"
#include "check.h"
#include "scratch.h"

static char *dir; /* the scratch folder, its real path */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Starts /bin/sh -c script in folder cwd and waits for it; its status. */
static dr_status sh(dr_child *c, const char *script, const char *cwd)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
    dr_status st = dr_child_start(c, argv, cwd);
    return st == DR_OK ? dr_child_wait(c) : st;
}

/* The tail of what script printed, in a static buffer. */
static const char *tail_of(const char *script)
{
    static char buf[400];
    dr_child c;
    buf[0] = '\0';
    if (sh(&c, script, dir) == DR_OK)
        dr_child_tail(&c, buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "(did not run)");
    dr_child_free(&c);
    return buf;
}

static int same(const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        return 1;
    printf("# got '%s', expected '%s'\n", got, want);
    return 0;
}

/* Where it runs, what it reads, what it prints, how it ends. */
static void runs(void)
{
    mkdir(scratch_path("inner"), 0777);
    char *inner = realpath(scratch_path("inner"), NULL);
    dr_child c;
    /* in the folder given, with /dev/null as input; stdout and stderr
     * both kept, in the order written */
    CHECK(sh(&c,
             "pwd -P; if read x; then echo input; else echo none; fi; "
             "echo to-err >&2; echo to-out; exit 3",
             inner) == DR_OK);
    CHECK(c.done && WIFEXITED(c.status) && WEXITSTATUS(c.status) == 3);
    char buf[600], want[600];
    dr_child_tail(&c, buf, sizeof buf);
    /* four lines: the last three */
    CHECK(same(buf, "none | to-err | to-out"));
    dr_child_free(&c);
    CHECK(c.log == NULL);
    dr_child_free(&c); /* twice is harmless */
    CHECK(sh(&c, "pwd -P", inner) == DR_OK);
    dr_child_tail(&c, buf, sizeof buf);
    CHECK(same(buf, inner));
    dr_child_free(&c);

    /* the leader of a process group of its own, from the start */
    char *argv[] = {"/bin/sh", "-c", "sleep 0.2", NULL};
    CHECK(dr_child_start(&c, argv, dir) == DR_OK);
    CHECK(c.pid > 0 && getpgid(c.pid) == c.pid && c.pid != getpgrp());
    CHECK(dr_child_wait(&c) == DR_OK && WIFEXITED(c.status) &&
          WEXITSTATUS(c.status) == 0);
    /* waiting again for one that is done returns at once */
    CHECK(dr_child_wait(&c) == DR_OK && c.done);
    dr_child_free(&c);

    /* killed by a signal */
    CHECK(sh(&c, "kill -9 $$", dir) == DR_OK);
    CHECK(WIFSIGNALED(c.status) && WTERMSIG(c.status) == 9);
    dr_child_why(c.status, buf, sizeof buf);
    CHECK(same(buf, "killed by signal 9"));
    dr_child_tail(&c, buf, sizeof buf);
    CHECK(same(buf, "")); /* it said nothing */
    dr_child_free(&c);
    CHECK(sh(&c, "exit 0", dir) == DR_OK);
    dr_child_why(c.status, buf, sizeof buf);
    CHECK(same(buf, "exit status 0"));
    dr_child_free(&c);
    CHECK(sh(&c, "exit 255", dir) == DR_OK);
    dr_child_why(c.status, buf, sizeof buf);
    CHECK(same(buf, "exit status 255"));
    dr_child_free(&c);
    /* a small buffer is cut, never overrun */
    char small[8];
    memset(small, 'x', sizeof small);
    dr_child_why(c.status, small, 6);
    CHECK(same(small, "exit ") && small[6] == 'x' && small[7] == 'x');

    /* a program found on PATH */
    const char *tool = scratch_put("bin/tool", "#!/bin/sh\necho tool ran\n");
    (void)tool;
    chmod(scratch_path("bin/tool"), 0755);
    char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    snprintf(want, sizeof want, "%s/bin", dir);
    setenv("PATH", want, 1);
    char *targv[] = {"tool", NULL};
    CHECK(dr_child_start(&c, targv, dir) == DR_OK && dr_child_wait(&c) == 0);
    dr_child_tail(&c, buf, sizeof buf);
    CHECK(same(buf, "tool ran"));
    dr_child_free(&c);
    /* not found on PATH: ENOENT, nothing started */
    char *nargv[] = {"no-such-tool", NULL};
    errno = 0;
    CHECK(dr_child_start(&c, nargv, dir) == DR_ECHART && errno == ENOENT);
    CHECK(c.pid == 0);
    dr_child_free(&c);
    if (path)
        setenv("PATH", path, 1);
    free(path);
    /* not found by its path */
    char *aargv[] = {"/nonexistent/tool", NULL};
    errno = 0;
    CHECK(dr_child_start(&c, aargv, dir) == DR_ECHART && errno == ENOENT);
    CHECK(c.pid == 0);
    dr_child_free(&c);
    /* there, but not a program: not ENOENT */
    scratch_put("plain.txt", "not a program\n");
    snprintf(want, sizeof want, "%s/plain.txt", dir);
    char *pargv[] = {want, NULL};
    errno = 0;
    CHECK(dr_child_start(&c, pargv, dir) == DR_ECHART && errno == EACCES);
    dr_child_free(&c);
    free(inner);
}

static void tails(void)
{
    /* blank lines, trailing spaces and CRLF between them are not lines */
    CHECK(same(tail_of("printf 'one\\n\\ntwo  \\r\\n\\n\\nthree\\n\\n  \\n'"),
               "one | two | three"));
    /* fewer than three */
    CHECK(same(tail_of("echo only"), "only"));
    CHECK(same(tail_of("printf 'no newline'"), "no newline"));
    CHECK(same(tail_of("printf 'a\\nb'"), "a | b"));
    CHECK(same(tail_of("true"), ""));
    CHECK(same(tail_of("printf '\\n\\n   \\n'"), ""));
    /* more than three: the last three */
    CHECK(same(tail_of("for i in 1 2 3 4 5 6; do echo line $i; done"),
               "line 4 | line 5 | line 6"));
    /* a caret pointing into the line above is not a line of its own */
    CHECK(same(tail_of("echo first; echo 'plot x'; echo 'error: bad'; "
                       "echo '        ^'"),
               "plot x | error: bad"));
    CHECK(same(tail_of("echo a; echo b; echo '^'; echo c"), "b | c"));
    /* a long output: its end */
    CHECK(same(tail_of("i=0; while [ $i -lt 400 ]; do "
                       "echo 'a line of forty characters, to fill up'; "
                       "i=$((i+1)); done; echo end 1; echo end 2; echo end 3"),
               "end 1 | end 2 | end 3"));
    /* a buffer too small for the three: cut, NUL-terminated, not
     * overrun */
    char buf[16];
    memset(buf, 'x', sizeof buf);
    dr_child c;
    CHECK(sh(&c, "echo alpha; echo beta; echo gamma", dir) == DR_OK);
    dr_child_tail(&c, buf, 12);
    printf("# cut to '%s'\n", buf);
    CHECK(strlen(buf) < 12 && strncmp(buf, "alpha | bet", strlen(buf)) == 0);
    CHECK(buf[12] == 'x' && buf[15] == 'x');
    dr_child_free(&c);
    /* after the output is closed: nothing */
    dr_child_tail(&c, buf, sizeof buf);
    CHECK(same(buf, ""));
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

/* The pid written to the scratch file name by a script, once it is there
 * (at most a second); 0 when it never is. */
static pid_t pid_in(const char *name)
{
    for (int k = 0; k < 200; k++) {
        char *s = slurp(scratch_path(name), NULL);
        long pid = s ? strtol(s, NULL, 10) : 0;
        int whole = s && strchr(s, '\n');
        free(s);
        if (pid > 0 && whole)
            return (pid_t)pid;
        dr_pause_ms(5);
    }
    return 0;
}

/* As a SIGINT does: the alarm stands in for the signal of the user. */
static void on_alarm(int sig)
{
    (void)sig;
    dr_stop_requested = SIGINT;
}

static void alarm_in(long us)
{
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_value = {0, us}};
    setitimer(ITIMER_REAL, &it, NULL);
}

/* A stop during the wait: the child (a shell) and the sleep it started
 * both end, the child reaped, within a second; a shell that ignores
 * SIGTERM (and so do its children) is killed after half a second. */
static void stops(void)
{
    char script[600];
    snprintf(script, sizeof script,
             "echo $$ > '%s/sh.pid'; sleep 30 & echo $! > '%s/sleep.pid'; "
             "wait",
             dir, dir);
    char *argv[] = {"/bin/sh", "-c", script, NULL};
    dr_child c;
    remove(scratch_path("sh.pid"));
    remove(scratch_path("sleep.pid"));
    CHECK(dr_child_start(&c, argv, dir) == DR_OK);
    pid_t shpid = pid_in("sh.pid"), sleeper = pid_in("sleep.pid");
    CHECK(shpid == c.pid && sleeper > 0);
    alarm_in(200000);
    double t0 = now();
    CHECK(dr_child_wait(&c) == DR_EINTR);
    double took = now() - t0;
    printf("# stopped after %.2f s\n", took);
    CHECK(took >= 0.15 && took < 1.0);
    CHECK(c.done && c.stopping);
    CHECK(WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGTERM);
    /* reaped: no such child any more */
    CHECK(waitpid(c.pid, NULL, WNOHANG) == -1 && errno == ECHILD);
    usleep(100000);
    CHECK(sleeper > 0 && ended(sleeper));
    dr_child_free(&c);
    dr_stop_requested = 0;

    /* asked before the wait: ended at once */
    snprintf(script, sizeof script,
             "trap '' TERM; echo $$ > '%s/deaf.pid'; "
             "while :; do sleep 0.05; done",
             dir);
    remove(scratch_path("deaf.pid"));
    CHECK(dr_child_start(&c, argv, dir) == DR_OK);
    CHECK(pid_in("deaf.pid") == c.pid);
    dr_stop_requested = SIGTERM;
    t0 = now();
    CHECK(dr_child_wait(&c) == DR_EINTR);
    took = now() - t0;
    /* deaf to SIGTERM: SIGKILL after half a second */
    printf("# killed after %.2f s\n", took);
    CHECK(took >= 0.45 && took < 1.5);
    CHECK(c.done && WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGKILL);
    dr_child_free(&c);
    dr_stop_requested = 0;

    /* the child ends on SIGTERM, a grandchild of its group does not: it
     * is killed as soon as the child is gone */
    snprintf(script, sizeof script,
             "(trap '' TERM; while :; do sleep 0.05; done) & "
             "echo $! > '%s/deafchild.pid'; wait",
             dir);
    remove(scratch_path("deafchild.pid"));
    CHECK(dr_child_start(&c, argv, dir) == DR_OK);
    pid_t deaf = pid_in("deafchild.pid");
    CHECK(deaf > 0);
    dr_stop_requested = SIGTERM;
    t0 = now();
    CHECK(dr_child_wait(&c) == DR_EINTR);
    took = now() - t0;
    printf("# child gone after %.2f s\n", took);
    CHECK(took < 0.45);
    CHECK(WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGTERM);
    usleep(100000);
    CHECK(deaf > 0 && ended(deaf));
    dr_child_free(&c);
    dr_stop_requested = 0;
}

/* dr_child_stop on children never started ({0}: no pid, which must not
 * mean the group of the caller) and done, beside one running. */
static void stop_some(void)
{
    /* in a group of its own, so that a wrong kill(0) ends only this test */
    setpgid(0, 0);
    dr_child c[3] = {{0}};
    char *argv[] = {"/bin/sh", "-c", "sleep 30", NULL};
    CHECK(sh(&c[2], "exit 4", dir) == DR_OK);
    CHECK(dr_child_start(&c[0], argv, dir) == DR_OK);
    double t0 = now();
    dr_child_stop(c, 3);
    CHECK(now() - t0 < 1.0);
    CHECK(c[0].done && WIFSIGNALED(c[0].status));
    CHECK(!c[1].done && !c[1].stopping);
    /* the one done before keeps its status */
    CHECK(!c[2].stopping && WIFEXITED(c[2].status) &&
          WEXITSTATUS(c[2].status) == 4);
    CHECK(1); /* still here: our own group was not signalled */
    for (int k = 0; k < 3; k++)
        dr_child_free(&c[k]);
    /* none at all */
    dr_child_stop(c, 0);
    CHECK(1);
}

int main(void)
{
    if (scratch_open("child") != 0)
        return 1;
    mkdir(scratch_path("bin"), 0777);
    dir = realpath(scratch_dir, NULL);
    double t0 = now();
    dr_pause_ms(50);
    double took = now() - t0;
    CHECK(took >= 0.049 && took < 0.5);
    runs();
    tails();
    stops();
    stop_some();
    free(dir);
    scratch_close();
    return check_done();
}
