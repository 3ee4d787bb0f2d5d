#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"

dr_status dr_error_set(dr_error *err, dr_status status, const char *file,
                       long line, long col, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

void dr_error_format(const dr_error *err, char *buf, size_t n)
{
    if (!err->file[0])
        snprintf(buf, n, "%s", err->msg);
    else if (err->line <= 0)
        snprintf(buf, n, "%s: %s", err->file, err->msg);
    else if (err->col <= 0)
        snprintf(buf, n, "%s:%ld: %s", err->file, err->line, err->msg);
    else
        snprintf(buf, n, "%s:%ld:%ld: %s", err->file, err->line, err->col,
                 err->msg);
    /* a message quotes what it found, and a file may hold a line break
     * that would split the message's one line, or a terminal's escape */
    dr_text_flatten(buf, '?');
}

const char *dr_strerror(dr_status status)
{
    switch (status) {
    case DR_OK: return "success";
    case DR_EINPUT: return "bad input";
    case DR_EUSAGE: return "bad usage";
    case DR_ENOMEM: return "out of memory";
    case DR_EIO: return "input/output error";
    case DR_ECHART: return "charts could not be drawn";
    case DR_EINTR: return "interrupted";
    }
    return "unknown error";
}

int dr_exit_code(dr_status status)
{
    switch (status) {
    case DR_OK: return 0;
    case DR_EINPUT: return 1;
    case DR_EUSAGE: return 2;
    case DR_ECHART: return 3;
    case DR_EINTR: return 130;
    default: return 4;
    }
}
