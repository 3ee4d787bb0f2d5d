/* Child processes for the run-time tools (gnuplot, pandoc): each started
 * as the leader of a process group of its own, in a folder, with no input
 * and its output kept in a temporary file for messages; ended together
 * with whatever it started when a stop is asked for. */
#ifndef DR_CHILD_H
#define DR_CHILD_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "base/error.h"

typedef struct dr_child {
    pid_t pid;    /* 0 until started */
    FILE *log;    /* its stdout and stderr */
    int done;     /* reaped */
    int stopping; /* being ended by dr_child_stop */
    int status;   /* as waitpid gives it, once done */
} dr_child;

/* Starts argv[0] (looked up on PATH unless it holds a '/') with argv in
 * the folder cwd. Returns DR_OK; DR_ENOMEM or DR_EIO (no temporary file)
 * with errno set; DR_ECHART when it cannot be started (errno says why:
 * ENOENT for a program not found). Nothing is written to err. */
dr_status dr_child_start(dr_child *c, char *const *argv, const char *cwd);

/* Waits for c to end, or for a stop (dr_stop_requested): then ends it and
 * returns DR_EINTR. DR_OK once it has ended (c->status). */
dr_status dr_child_wait(dr_child *c);

/* Ends the process group of every started child of c[0..n) not yet done
 * (SIGTERM; SIGKILL for what is left after half a second) and reaps
 * them. */
void dr_child_stop(dr_child *c, size_t n);

/* "exit status N" or "killed by signal N" for a waitpid status, in buf. */
void dr_child_why(int status, char *buf, size_t n);

/* The last three non-blank lines of c's output, joined by " | ", in buf
 * ("" when it printed nothing). */
void dr_child_tail(const dr_child *c, char *buf, size_t n);

/* Closes c's output file. */
void dr_child_free(dr_child *c);

/* Sleeps ms milliseconds (a signal ends it early). */
void dr_pause_ms(long ms);

#endif
