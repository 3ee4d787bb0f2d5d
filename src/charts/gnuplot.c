/* Running gnuplot (gnuplot.h): a child process per script, at most a few
 * at a time, each one's output in a temporary file for the message. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np, asprintf */
#include "charts/gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/child.h"
#include "base/stop.h"

extern char **environ;

#define INSTALL_HINT "install it with: apt-get install gnuplot-nox"

/* Runs gnuplot NAME.gp in dir (an absolute path) for every name, at most
 * `threads` (>= 1) at a time. */
/* The state of the scripts being drawn. */
typedef struct pool {
    dr_child *jobs;
    size_t n, next, running, failed, first;
    int spawn_errno;
} pool;

/* Starts scripts until `threads` run. DR_ECHART (spawn_errno set) when
 * gnuplot cannot be started; DR_ENOMEM or DR_EIO in err. */
static dr_status start_more(pool *p, const char *exe, const char *dir,
                            const char *const *names, int threads,
                            dr_error *err)
{
    while (p->next < p->n && p->running < (size_t)threads) {
        dr_child *j = &p->jobs[p->next];
        char script[300];
        snprintf(script, sizeof script, "%s.gp", names[p->next++]);
        char *argv[] = {(char *)exe, script, NULL};
        dr_status s = dr_child_start(j, argv, dir);
        if (s == DR_OK) {
            p->running++;
        } else if (s == DR_ECHART) {
            p->spawn_errno = errno;
            return DR_ECHART;
        } else {
            return s == DR_ENOMEM
                       ? dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                                      "out of memory")
                       : dr_error_set(err, DR_EIO, NULL, 0, 0,
                                      "cannot make a temporary file for "
                                      "gnuplot: %s",
                                      strerror(errno));
        }
    }
    return DR_OK;
}

/* Reaps a child that ended, if any: any child, since debtrisk has no
 * others while it draws. Not a blocking wait: a signal arriving just
 * before it would not end it, and a stop must not wait for a slow
 * gnuplot. Returns 0 when there is nothing left to wait for. */
static int reap(pool *p)
{
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid == 0) {
        dr_pause_ms(5);
        return 1;
    }
    if (pid < 0)
        return errno == EINTR; /* ECHILD: nothing left to wait for */
    for (size_t k = 0; k < p->next; k++) {
        dr_child *j = &p->jobs[k];
        if (j->pid != pid || j->done)
            continue;
        j->done = 1;
        j->status = status;
        p->running--;
        if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
            p->failed++;
            if (k < p->first)
                p->first = k;
        }
        break;
    }
    return 1;
}

/* The message of a gnuplot that could not be started or failed on a
 * script. */
static dr_status failure(const pool *p, dr_status st, const char *prog,
                         const char *const *names, dr_error *err)
{
    char why[64] = "", tail[400] = "";
    int spawn_errno = p->spawn_errno;
    if (st == DR_OK && p->failed > 0) {
        dr_child_why(p->jobs[p->first].status, why, sizeof why);
        dr_child_tail(&p->jobs[p->first], tail, sizeof tail);
        /* a spawn that reports a failed exec as exit status 127 (some
         * libcs, valgrind) rather than as ENOENT */
        if (p->failed == p->n && !tail[0] &&
            strcmp(why, "exit status 127") == 0) {
            spawn_errno = ENOENT;
            st = DR_ECHART;
        }
    }
    const char *env = getenv("GNUPLOT");
    int set = env && *env;
    if (st == DR_ECHART && spawn_errno == ENOENT)
        return dr_error_set(
            err, DR_ECHART, NULL, 0, 0,
            "gnuplot not found (%s%s): the results are "
            "written but the charts are not drawn; " INSTALL_HINT
            ", or set GNUPLOT to its path",
            set ? "GNUPLOT=" : "no ", set ? prog : "gnuplot on PATH");
    if (st == DR_ECHART)
        return dr_error_set(
            err, DR_ECHART, NULL, 0, 0,
            "cannot run gnuplot (%s): %s; the results are "
            "written but the charts are not drawn; " INSTALL_HINT,
            prog, strerror(spawn_errno));
    if (st != DR_OK || p->failed == 0)
        return st;
    /* the script is named inside the output folder: dir may be a
     * temporary folder, renamed once the run is complete */
    char more[64] = "";
    if (p->failed > 1)
        snprintf(more, sizeof more, " (and %zu more charts)", p->failed - 1);
    return dr_error_set(err, DR_ECHART, NULL, 0, 0,
                        "gnuplot (%s) failed on charts/%s.gp with %s%s: %s; "
                        "the results are written but not every chart is "
                        "drawn; is gnuplot complete, with its cairo "
                        "terminals? " INSTALL_HINT,
                        prog, names[p->first], why, more,
                        tail[0] ? tail : "no message");
}

static dr_status run_gnuplot(const char *dir, const char *const *names,
                             size_t n, int threads, dr_error *err)
{
    const char *prog = getenv("GNUPLOT");
    if (!prog || !*prog)
        prog = "gnuplot";
    /* gnuplot starts inside dir: a relative $GNUPLOT (./bin/gnuplot) must
     * mean what it meant here */
    char *abs_prog = NULL;
    if (strchr(prog, '/') && prog[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        if (!cwd || asprintf(&abs_prog, "%s/%s", cwd, prog) < 0)
            abs_prog = NULL;
        free(cwd);
        if (!abs_prog)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    const char *exe = abs_prog ? abs_prog : prog;
    pool p = {.jobs = calloc(n, sizeof *p.jobs), .n = n, .first = n};
    if (!p.jobs) {
        free(abs_prog);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    dr_status st = DR_OK;
    while (p.next < n || p.running > 0) {
        if (dr_stop_requested) {
            dr_child_stop(p.jobs, p.next);
            st = dr_error_set(err, DR_EINTR, NULL, 0, 0, "interrupted");
            break;
        }
        if (st == DR_OK)
            st = start_more(&p, exe, dir, names, threads, err);
        if (p.running == 0 || !reap(&p))
            break;
    }
    if (st == DR_OK || st == DR_ECHART)
        st = failure(&p, st, prog, names, err);
    for (size_t k = 0; k < n; k++)
        dr_child_free(&p.jobs[k]);
    free(p.jobs);
    free(abs_prog);
    return st;
}

dr_status dr_gnuplot_run(const char *dir, const char *const *names, size_t n,
                         int threads, dr_error *err)
{
    if (threads <= 0) {
        long np = sysconf(_SC_NPROCESSORS_ONLN);
        threads = np > 0 ? (int)np : 1;
    }
    /* gnuplot runs inside dir, named absolutely for the spawn */
    char *abs = realpath(dir, NULL);
    if (!abs && errno == ENOMEM)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (!abs)
        return dr_error_set(err, DR_EIO, dir, 0, 0, "%s", strerror(errno));
    dr_status st = run_gnuplot(abs, names, n, threads, err);
    free(abs);
    return st;
}
