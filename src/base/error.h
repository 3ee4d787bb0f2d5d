/* Status codes and error reports shared by every module.
 *
 * A function that can fail returns a dr_status and, on failure, fills a
 * dr_error with where the problem is (file, line, column) and what it is.
 * Only main() prints errors and chooses the exit status. */
#ifndef DR_ERROR_H
#define DR_ERROR_H

#include <stddef.h>

typedef enum dr_status {
    DR_OK = 0,
    DR_EINPUT, /* bad input file or value: exit 1 */
    DR_EUSAGE, /* bad command line: exit 2 */
    DR_ENOMEM, /* out of memory */
    DR_EIO,    /* a file could not be read or written */
    DR_ECHART, /* results written, charts not drawn: exit 3 */
    DR_EINTR   /* interrupted by a signal */
} dr_status;

typedef struct dr_error {
    dr_status status;
    char file[512]; /* empty when the error has no file */
    long line;      /* 1-based; 0 when unknown */
    long col;       /* 1-based; 0 when unknown */
    char msg[768];
} dr_error;

/* Fills err (which may be NULL) and returns status. file may be NULL. */
dr_status dr_error_set(dr_error *err, dr_status status, const char *file,
                       long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Formats err as "FILE:LINE:COL: message" (parts that are unknown are left
 * out) into buf of size n, one line: control characters become '?'. */
void dr_error_format(const dr_error *err, char *buf, size_t n);

/* A short English description of a status. */
const char *dr_strerror(dr_status status);

/* Process exit status for a status: 0, 1 (input), 2 (usage), 3 (charts),
 * 4 (anything else), 130 (interrupted). */
int dr_exit_code(dr_status status);

#endif
