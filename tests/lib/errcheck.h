/* Checking a failure against its contract: the status returned, and the
 * dr_error's status, file, line, column and a phrase of its message. */
#ifndef DR_ERRCHECK_H
#define DR_ERRCHECK_H

#include <stdio.h>
#include <string.h>

#include "base/error.h"

/* Any line or column. */
#define ANY (-1L)

/* 1 when got == want == e->status, e->file is file (any when NULL), line
 * and col are as given (any when ANY) and e->msg holds phrase (any when
 * NULL); else 0, with what was found printed as a TAP comment. */
static inline int err_is(dr_status got, const dr_error *e, dr_status want,
                         const char *file, long line, long col,
                         const char *phrase)
{
    int ok = got == want && e->status == want &&
             (!file || strcmp(e->file, file) == 0) &&
             (line == ANY || e->line == line) &&
             (col == ANY || e->col == col) &&
             (!phrase || strstr(e->msg, phrase) != NULL);
    if (!ok)
        printf("# status %d (err %d), %s:%ld:%ld: %s\n", (int)got,
               (int)e->status, e->file, e->line, e->col, e->msg);
    return ok;
}

#endif
