/* Status codes and error reports (error.h): what dr_error_set fills, the
 * one line dr_error_format makes of it with the parts that are known, the
 * words of each status and the exit status of each (README "Exit
 * status"). */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "check.h"

static int formats_as(const dr_error *e, const char *want)
{
    char buf[1400];
    dr_error_format(e, buf, sizeof buf);
    if (strcmp(buf, want) == 0)
        return 1;
    printf("# '%s', expected '%s'\n", buf, want);
    return 0;
}

static void set(void)
{
    dr_error e;
    memset(&e, 'x', sizeof e);
    CHECK(dr_error_set(&e, DR_EINPUT, "a.csv", 3, 7, "bad %s %d", "cell", 5) ==
          DR_EINPUT);
    CHECK(e.status == DR_EINPUT && strcmp(e.file, "a.csv") == 0 &&
          e.line == 3 && e.col == 7 && strcmp(e.msg, "bad cell 5") == 0);
    /* no file: "" */
    CHECK(dr_error_set(&e, DR_ENOMEM, NULL, 0, 0, "out of memory") ==
          DR_ENOMEM);
    CHECK(e.file[0] == '\0' && e.status == DR_ENOMEM);
    /* err may be NULL: only the status comes back */
    CHECK(dr_error_set(NULL, DR_EIO, "f", 1, 1, "x") == DR_EIO);
    /* a file name or message longer than its room is cut, not overrun */
    char longname[2000];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    dr_error_set(&e, DR_EINPUT, longname, 1, 1, "%s", longname);
    CHECK(strlen(e.file) == sizeof e.file - 1 &&
          strlen(e.msg) == sizeof e.msg - 1);
}

static void format(void)
{
    dr_error e;
    dr_error_set(&e, DR_EINPUT, "fiscal.csv", 2, 20, "type 'urbn'");
    CHECK(formats_as(&e, "fiscal.csv:2:20: type 'urbn'"));
    e.col = 0;
    CHECK(formats_as(&e, "fiscal.csv:2: type 'urbn'"));
    e.line = 0;
    e.col = 5; /* a column without a line is not shown */
    CHECK(formats_as(&e, "fiscal.csv: type 'urbn'"));
    e.file[0] = '\0';
    e.line = 4;
    CHECK(formats_as(&e, "type 'urbn'"));
    /* one line: control characters from a file or a message become '?' */
    dr_error_set(&e, DR_EINPUT, "a\nb.csv", 1, 2, "found 'x\ry\tz\x1b[31m'");
    CHECK(formats_as(&e, "a?b.csv:1:2: found 'x?y?z?[31m'"));
    /* cut to the buffer, NUL-terminated */
    char small[8];
    dr_error_set(&e, DR_EINPUT, "abcdef.csv", 1, 1, "m");
    dr_error_format(&e, small, sizeof small);
    CHECK(strcmp(small, "abcdef.") == 0);
}

static void statuses(void)
{
    CHECK(strcmp(dr_strerror(DR_OK), "success") == 0);
    CHECK(strcmp(dr_strerror(DR_EINPUT), "bad input") == 0);
    CHECK(strcmp(dr_strerror(DR_EUSAGE), "bad usage") == 0);
    CHECK(strcmp(dr_strerror(DR_ENOMEM), "out of memory") == 0);
    CHECK(strcmp(dr_strerror(DR_EIO), "input/output error") == 0);
    CHECK(strcmp(dr_strerror(DR_ECHART), "charts could not be drawn") == 0);
    CHECK(strcmp(dr_strerror(DR_EINTR), "interrupted") == 0);
    CHECK(strcmp(dr_strerror((dr_status)99), "unknown error") == 0);
    /* README "Exit status": 0, 1 input, 2 usage, 3 charts, 4 anything
     * else, 130 interrupted */
    CHECK(dr_exit_code(DR_OK) == 0);
    CHECK(dr_exit_code(DR_EINPUT) == 1);
    CHECK(dr_exit_code(DR_EUSAGE) == 2);
    CHECK(dr_exit_code(DR_ECHART) == 3);
    CHECK(dr_exit_code(DR_ENOMEM) == 4);
    CHECK(dr_exit_code(DR_EIO) == 4);
    CHECK(dr_exit_code(DR_EINTR) == 130);
    CHECK(dr_exit_code((dr_status)99) == 4);
}

int main(void)
{
    set();
    format();
    statuses();
    return check_done();
}
