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

#include "base/stop.h"

extern char **environ;

#define INSTALL_HINT "install it with: apt-get install gnuplot-nox"

typedef struct job {
    const char *name;
    pid_t pid;
    FILE *log; /* gnuplot's stdout and stderr */
    int done, failed;
    int stopping; /* being ended by stop_jobs */
    char why[512];
} job;

/* The last lines of what gnuplot printed, joined by " | ", in buf. */
static void log_tail(FILE *log, char *buf, size_t n)
{
    char text[4096];
    buf[0] = '\0';
    if (!log || fseek(log, 0, SEEK_END) != 0)
        return;
    long size = ftell(log);
    long from = size > (long)sizeof text - 1 ? size - (long)sizeof text + 1 : 0;
    if (fseek(log, from, SEEK_SET) != 0)
        return;
    size_t got = fread(text, 1, sizeof text - 1, log);
    text[got] = '\0';
    /* the last three non-blank lines */
    const char *line[3] = {0};
    size_t len[3] = {0};
    int nl = 0;
    char *end = text + got;
    while (end > text && nl < 3) {
        while (end > text &&
               (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
            end--;
        char *start = end;
        while (start > text && start[-1] != '\n')
            start--;
        if (end > start) {
            /* shift older lines down: line[0] is the earliest */
            for (int k = nl; k > 0; k--) {
                line[k] = line[k - 1];
                len[k] = len[k - 1];
            }
            line[0] = start;
            len[0] = (size_t)(end - start);
            nl++;
        }
        end = start;
    }
    size_t o = 0;
    for (int k = 0; k < nl && o + 4 < n; k++) {
        /* a line of spaces and a caret points into the line above */
        const char *p = line[k];
        size_t m = len[k];
        while (m > 0 && *p == ' ') {
            p++;
            m--;
        }
        if (m == 1 && *p == '^')
            continue;
        if (o > 0) {
            memcpy(buf + o, " | ", 3);
            o += 3;
        }
        if (m > n - o - 1)
            m = n - o - 1;
        memcpy(buf + o, p, m);
        o += m;
        buf[o] = '\0';
    }
}

/* Each gnuplot leads a process group of its own, so that a stop ends it
 * and whatever it started (a wrapper script's children) together. */
static dr_status start_job(job *j, const char *prog, const char *cwd,
                           char *scriptname)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    char *argv[] = {(char *)prog, scriptname, NULL};
    if (!(j->log = tmpfile()))
        return errno == ENOMEM ? DR_ENOMEM : DR_EIO;
    int fd = fileno(j->log);
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc)
        return errno = rc, DR_ENOMEM;
    if ((rc = posix_spawnattr_init(&attr))) {
        posix_spawn_file_actions_destroy(&fa);
        return errno = rc, DR_ENOMEM;
    }
    if ((rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP)) ||
        (rc = posix_spawnattr_setpgroup(&attr, 0)) ||
        (rc = posix_spawn_file_actions_addchdir_np(&fa, cwd)) ||
        (rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
                                               0)) ||
        (rc = posix_spawn_file_actions_adddup2(&fa, fd, 1)) ||
        (rc = posix_spawn_file_actions_adddup2(&fa, fd, 2)))
        goto out;
    rc = posix_spawnp(&j->pid, prog, &fa, &attr, argv, environ);
out:
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    errno = rc;
    return rc ? DR_ECHART : DR_OK;
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL); /* a signal ends it early, as it should */
}

/* After a SIGINT or SIGTERM: ends the process group of every running job
 * (SIGTERM; SIGKILL for a gnuplot still there after half a second, and
 * for whatever else is left in the groups) and reaps the jobs, so that no
 * gnuplot, nor anything it started, outlives the run. */
static void stop_jobs(job *jobs, size_t started)
{
    for (size_t k = 0; k < started; k++) {
        job *j = &jobs[k];
        /* a job that never started has no pid: kill(0) is our own group */
        j->stopping = j->pid > 0 && !j->done;
        if (j->stopping)
            kill(-j->pid, SIGTERM);
    }
    for (int waited = 0;; waited += 10) {
        size_t left = 0;
        for (size_t k = 0; k < started; k++) {
            job *j = &jobs[k];
            int status;
            if (j->stopping && !j->done &&
                waitpid(j->pid, &status, WNOHANG) == j->pid)
                j->done = 1;
            left += j->stopping && !j->done;
        }
        if (left == 0 || waited >= 500)
            break;
        pause_ms(10);
    }
    for (size_t k = 0; k < started; k++) {
        job *j = &jobs[k];
        if (!j->stopping)
            continue;
        /* safe even once the leader is reaped: a group's number is not
         * given to another process while the group has members */
        kill(-j->pid, SIGKILL);
        int status;
        while (!j->done && waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
            ;
        j->done = 1;
    }
}

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
    job *jobs = calloc(n, sizeof *jobs);
    if (!jobs) {
        free(abs_prog);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    dr_status st = DR_OK;
    size_t next = 0, running = 0, failed = 0, first = n;
    int spawn_errno = 0;
    while (next < n || running > 0) {
        if (dr_stop_requested) {
            stop_jobs(jobs, next);
            st = dr_error_set(err, DR_EINTR, NULL, 0, 0, "interrupted");
            break;
        }
        while (st == DR_OK && next < n && running < (size_t)threads) {
            job *j = &jobs[next];
            char script[300];
            j->name = names[next++];
            snprintf(script, sizeof script, "%s.gp", j->name);
            dr_status s = start_job(j, exe, dir, script);
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
            pause_ms(5);
            continue;
        }
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break; /* ECHILD: nothing left to wait for */
        }
        for (size_t k = 0; k < next; k++) {
            job *j = &jobs[k];
            if (j->pid != pid || j->done)
                continue;
            j->done = 1;
            running--;
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                break;
            j->failed = 1;
            failed++;
            if (k < first)
                first = k;
            if (WIFEXITED(status))
                snprintf(j->why, sizeof j->why, "exit status %d",
                         WEXITSTATUS(status));
            else
                snprintf(j->why, sizeof j->why, "killed by signal %d",
                         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
            break;
        }
    }
    if (st == DR_OK && failed > 0) {
        job *j = &jobs[first];
        char tail[400];
        log_tail(j->log, tail, sizeof tail);
        /* a spawn that reports a failed exec as exit status 127 (some
         * libcs, valgrind) rather than as ENOENT */
        if (failed == n && !tail[0] && strcmp(j->why, "exit status 127") == 0) {
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
        job *j = &jobs[first];
        char tail[400];
        log_tail(j->log, tail, sizeof tail);
        char more[64] = "";
        if (failed > 1)
            snprintf(more, sizeof more, " (and %zu more charts)", failed - 1);
        st = dr_error_set(err, DR_ECHART, NULL, 0, 0,
                          "gnuplot (%s) failed on charts/%s.gp with %s%s: %s; "
                          "the results are written but not every chart is "
                          "drawn; is gnuplot complete, with its cairo "
                          "terminals? " INSTALL_HINT,
                          prog, j->name, j->why, more,
                          tail[0] ? tail : "no message");
    }
    for (size_t k = 0; k < n; k++)
        if (jobs[k].log)
            fclose(jobs[k].log);
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
