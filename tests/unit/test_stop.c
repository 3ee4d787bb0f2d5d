/* Stopping on SIGINT and SIGTERM (stop.h): the handlers only record the
 * signal (the process lives on), and without SA_RESTART a blocking read
 * returns EINTR instead of waiting on. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/stop.h"
#include "check.h"

/* A child that sends sig to this process after `us` microseconds. */
static pid_t signal_later(int sig, useconds_t us)
{
    pid_t parent = getpid(), child = fork();
    if (child == 0) {
        usleep(us);
        kill(parent, sig);
        _exit(0);
    }
    return child;
}

int main(void)
{
    CHECK(dr_stop_requested == 0); /* until a signal comes */
    dr_stop_catch();
    CHECK(raise(SIGINT) == 0);
    CHECK(dr_stop_requested == SIGINT);
    dr_stop_requested = 0;
    CHECK(raise(SIGTERM) == 0);
    CHECK(dr_stop_requested == SIGTERM);
    dr_stop_requested = 0;

    /* a read from a pipe with no data is interrupted, not restarted */
    int fd[2];
    CHECK(pipe(fd) == 0);
    pid_t child = signal_later(SIGTERM, 100000);
    char c;
    errno = 0;
    ssize_t n = read(fd[0], &c, 1);
    CHECK(n == -1 && errno == EINTR);
    CHECK(dr_stop_requested == SIGTERM);
    waitpid(child, NULL, 0);
    close(fd[0]);
    close(fd[1]);

    /* installing again is harmless */
    dr_stop_requested = 0;
    dr_stop_catch();
    CHECK(raise(SIGINT) == 0 && dr_stop_requested == SIGINT);
    return check_done();
}
