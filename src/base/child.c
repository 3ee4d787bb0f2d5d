/* Child processes (child.h). */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include "base/child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/stop.h"

extern char **environ;

void dr_pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL); /* a signal ends it early, as it should */
}

/* Each child leads a process group of its own, so that a stop ends it
 * and whatever it started (a wrapper script's children) together. */
dr_status dr_child_start(dr_child *c, char *const *argv, const char *cwd)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    *c = (dr_child){0};
    if (!(c->log = tmpfile()))
        return errno == ENOMEM ? DR_ENOMEM : DR_EIO;
    int fd = fileno(c->log);
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
    rc = posix_spawnp(&c->pid, argv[0], &fa, &attr, argv, environ);
out:
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        c->pid = 0;
    errno = rc;
    return rc ? DR_ECHART : DR_OK;
}

dr_status dr_child_wait(dr_child *c)
{
    while (!c->done) {
        if (dr_stop_requested) {
            dr_child_stop(c, 1);
            return DR_EINTR;
        }
        /* not a blocking wait: a signal arriving just before it would not
         * end it, and a stop must not wait for a slow tool */
        pid_t pid = waitpid(c->pid, &c->status, WNOHANG);
        if (pid == c->pid)
            c->done = 1;
        else if (pid == 0)
            dr_pause_ms(5);
        else if (errno != EINTR) {
            c->done = 1;
            c->status = 0x7f00; /* exit status 127: lost */
        }
    }
    return DR_OK;
}

void dr_child_stop(dr_child *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        dr_child *j = &c[k];
        /* a child that never started has no pid: kill(0) is our group */
        j->stopping = j->pid > 0 && !j->done;
        if (j->stopping)
            kill(-j->pid, SIGTERM);
    }
    for (int waited = 0;; waited += 10) {
        size_t left = 0;
        for (size_t k = 0; k < n; k++) {
            dr_child *j = &c[k];
            if (j->stopping && !j->done &&
                waitpid(j->pid, &j->status, WNOHANG) == j->pid)
                j->done = 1;
            left += j->stopping && !j->done;
        }
        if (left == 0 || waited >= 500)
            break;
        dr_pause_ms(10);
    }
    for (size_t k = 0; k < n; k++) {
        dr_child *j = &c[k];
        if (!j->stopping)
            continue;
        /* safe even once the leader is reaped: a group's number is not
         * given to another process while the group has members */
        kill(-j->pid, SIGKILL);
        while (!j->done && waitpid(j->pid, &j->status, 0) < 0 && errno == EINTR)
            ;
        j->done = 1;
    }
}

void dr_child_why(int status, char *buf, size_t n)
{
    if (WIFEXITED(status))
        snprintf(buf, n, "exit status %d", WEXITSTATUS(status));
    else
        snprintf(buf, n, "killed by signal %d",
                 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

void dr_child_tail(const dr_child *c, char *buf, size_t n)
{
    char text[4096];
    FILE *log = c->log;
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

void dr_child_free(dr_child *c)
{
    if (c->log)
        fclose(c->log);
    c->log = NULL;
}
