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
    dr_child *jobs = calloc(n, sizeof *jobs);
    if (!jobs) {
        free(abs_prog);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    dr_status st = DR_OK;
    size_t next = 0, running = 0, failed = 0, first = n;
    int spawn_errno = 0;
    while (next < n || running > 0) {
        if (dr_stop_requested) {
            dr_child_stop(jobs, next);
            st = dr_error_set(err, DR_EINTR, NULL, 0, 0, "interrupted");
            break;
        }
        while (st == DR_OK && next < n && running < (size_t)threads) {
            dr_child *j = &jobs[next];
            char script[300];
            snprintf(script, sizeof script, "%s.gp", names[next++]);
            char *argv[] = {(char *)exe, script, NULL};
            dr_status s = dr_child_start(j, argv, dir);
            if (s == DR_OK) {
                running++;
                continue;
            }
            if (s == DR_ECHART) {
                spawn_errno = errno;
                st = DR_ECHART;
            } else {
                st = s == DR_ENOMEM ? dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                                                   "out of memory")
                                    : dr_error_set(err, DR_EIO, NULL, 0, 0,
                                                   "cannot make a temporary "
                                                   "file for gnuplot: %s",
                                                   strerror(errno));
            }
        }
        if (running == 0)
            break;
        /* any child: debtrisk has no other children while it draws. Not
         * a blocking wait: a signal arriving just before it would not end
         * it, and a stop must not wait for a slow gnuplot. */
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid == 0) {
            dr_pause_ms(5);
            continue;
        }
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break; /* ECHILD: nothing left to wait for */
        }
        for (size_t k = 0; k < next; k++) {
            dr_child *j = &jobs[k];
            if (j->pid != pid || j->done)
                continue;
            j->done = 1;
            j->status = status;
            running--;
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                break;
            failed++;
            if (k < first)
                first = k;
            break;
        }
    }
    char jwhy[64] = "";
    if (st == DR_OK && failed > 0)
        dr_child_why(jobs[first].status, jwhy, sizeof jwhy);
    if (st == DR_OK && failed > 0) {
        char tail[400];
        dr_child_tail(&jobs[first], tail, sizeof tail);
        /* a spawn that reports a failed exec as exit status 127 (some
         * libcs, valgrind) rather than as ENOENT */
        if (failed == n && !tail[0] && strcmp(jwhy, "exit status 127") == 0) {
            spawn_errno = ENOENT;
            st = DR_ECHART;
        }
    }
    if (st == DR_ECHART) {
        if (spawn_errno == ENOENT)
            dr_error_set(
                err, DR_ECHART, NULL, 0, 0,
                "gnuplot not found (%s%s): the results are written "
                "but the charts are not drawn; " INSTALL_HINT
                ", or set GNUPLOT to its path",
                getenv("GNUPLOT") && *getenv("GNUPLOT") ? "GNUPLOT=" : "no ",
                getenv("GNUPLOT") && *getenv("GNUPLOT") ? prog
                                                        : "gnuplot on PATH");
        else
            dr_error_set(err, DR_ECHART, NULL, 0, 0,
                         "cannot run gnuplot (%s): %s; the results are "
                         "written but the charts are not drawn; " INSTALL_HINT,
                         prog, strerror(spawn_errno));
    } else if (st == DR_OK && failed > 0) {
        /* the script is named inside the output folder: dir may be a
         * temporary folder, renamed once the run is complete */
        char tail[400];
        dr_child_tail(&jobs[first], tail, sizeof tail);
        char more[64] = "";
        if (failed > 1)
            snprintf(more, sizeof more, " (and %zu more charts)", failed - 1);
        st = dr_error_set(err, DR_ECHART, NULL, 0, 0,
                          "gnuplot (%s) failed on charts/%s.gp with %s%s: %s; "
                          "the results are written but not every chart is "
                          "drawn; is gnuplot complete, with its cairo "
                          "terminals? " INSTALL_HINT,
                          prog, names[first], jwhy, more,
                          tail[0] ? tail : "no message");
    }
    for (size_t k = 0; k < n; k++)
        dr_child_free(&jobs[k]);
    free(jobs);
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
