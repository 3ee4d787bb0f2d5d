/* Workbooks read back for the unit tests: tests/lib/xlsxdump.py (openpyxl,
 * a reader independent of libxlsxwriter, run by PYTHON3) dumps one as
 * lines of text, and these find its sheets, cells, widths and
 * conditional formats in the dump. */
#ifndef DR_XLSXREAD_H
#define DR_XLSXREAD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PYTHON3
#define PYTHON3 ""
#endif
#ifndef TEST_LIB
#define TEST_LIB "tests/lib"
#endif

typedef struct xl_book {
    char *text; /* the dump, NULL when it could not be made */
} xl_book;

/* 1 when the reader can run (a Python with openpyxl): else the caller
 * skips. */
static inline int xl_available(void)
{
    if (!PYTHON3[0])
        return 0;
    int rc = system("'" PYTHON3 "' -c 'import openpyxl' 2>/dev/null");
    return rc == 0;
}

/* The reader, started once (xlsxdump.py --serve: a Python start and an
 * import of openpyxl cost more than a workbook's reading): its stdin and
 * stdout. */
static FILE *xl_to, *xl_from;
static pid_t xl_pid;

static inline void xl_stop(void)
{
    if (xl_to)
        fclose(xl_to); /* the reader ends at the end of its input */
    if (xl_from)
        fclose(xl_from);
    if (xl_pid > 0)
        waitpid(xl_pid, NULL, 0);
    xl_to = xl_from = NULL;
    xl_pid = 0;
}

static inline int xl_start(void)
{
    int in[2], out[2];
    if (pipe(in) != 0)
        return -1;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(PYTHON3, PYTHON3, TEST_LIB "/xlsxdump.py", "--serve",
              (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    if (pid < 0) {
        close(in[1]);
        close(out[0]);
        return -1;
    }
    xl_pid = pid;
    xl_to = fdopen(in[1], "w");
    xl_from = fdopen(out[0], "r");
    if (!xl_to || !xl_from) {
        xl_stop();
        return -1;
    }
    atexit(xl_stop);
    return 0;
}

/* Dumps the workbook at path into *b; 0 on success, else -1 (a file that
 * is not a workbook, or no reader), with what the reader said printed as
 * TAP comments. */
static inline int xl_load(xl_book *b, const char *path)
{
    b->text = NULL;
    if (!xl_to && xl_start() != 0)
        return -1;
    fprintf(xl_to, "%s\n", path);
    fflush(xl_to);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap), line[8192];
    int rc = -1;
    while (s && fgets(line, sizeof line, xl_from)) {
        if (strcmp(line, "end 0\n") == 0 || strcmp(line, "end 1\n") == 0) {
            rc = line[4] == '0' ? 0 : -1;
            break;
        }
        size_t n = strlen(line);
        if (len + n + 1 > cap) {
            char *more = realloc(s, 2 * (len + n + 1));
            if (!more)
                break;
            s = more;
            cap = 2 * (len + n + 1);
        }
        memcpy(s + len, line, n + 1);
        len += n;
    }
    if (!s)
        return -1;
    if (rc != 0) {
        printf("# reading %s:\n", path);
        for (char *l = strtok(s, "\n"); l; l = strtok(NULL, "\n"))
            printf("#   %s\n", l);
        free(s);
        return -1;
    }
    b->text = s;
    return 0;
}

static inline void xl_free(xl_book *b)
{
    free(b->text);
    b->text = NULL;
}

/* The line of the dump that starts with prefix (without its newline) in
 * a new string, or NULL. */
static inline char *xl_line(const xl_book *b, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = b->text; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= n && strncmp(p, prefix, n) == 0) {
            char *s = malloc(len + 1);
            if (s) {
                memcpy(s, p, len);
                s[len] = '\0';
            }
            return s;
        }
        p += len + (end ? 1 : 0);
    }
    return NULL;
}

/* How many lines of the dump start with prefix. */
static inline size_t xl_count(const xl_book *b, const char *prefix)
{
    size_t n = strlen(prefix), count = 0;
    for (const char *p = b->text; p && *p;) {
        if (strncmp(p, prefix, n) == 0)
            count++;
        const char *end = strchr(p, '\n');
        if (!end)
            break;
        p = end + 1;
    }
    return count;
}

/* Field k (0-based) of a tab-separated line, unescaped, into out. */
static inline void xl_field(const char *line, int k, char *out, size_t n)
{
    const char *p = line;
    out[0] = '\0';
    for (int j = 0; j < k && p; j++) {
        p = strchr(p, '\t');
        if (p)
            p++;
    }
    if (!p)
        return;
    size_t o = 0;
    for (; *p && *p != '\t' && o + 1 < n; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            out[o++] = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

/* The sheets of the workbook in order, joined by commas, in a static
 * buffer. */
static inline const char *xl_sheets(const xl_book *b)
{
    static char buf[2048];
    char *line = xl_line(b, "sheets\t");
    buf[0] = '\0';
    if (line) {
        snprintf(buf, sizeof buf, "%s", line + 7);
        for (char *c = buf; *c; c++)
            if (*c == '\t')
                *c = ',';
    }
    free(line);
    return buf;
}

/* Of sheet name: field k of its "sheet" line (0 freeze, 1 filter, 2
 * orientation, 3 paper, 4 fit to width, 5 fit to height), in a static
 * buffer ("-" for none, "" for no such sheet). */
static inline const char *xl_sheet_field(const xl_book *b, const char *name,
                                         int k)
{
    static char buf[256];
    char prefix[300];
    snprintf(prefix, sizeof prefix, "sheet\t%s\t", name);
    char *line = xl_line(b, prefix);
    buf[0] = '\0';
    if (line)
        xl_field(line, 2 + k, buf, sizeof buf);
    free(line);
    return buf;
}

typedef struct xl_cell {
    int found;
    char type; /* 'n' a number, 's' text */
    char value[2048];
    double number; /* the value of a number */
    char format[64];
    char fill[8]; /* "C6EFCE"; "-" for none */
    int bold;
    char color[8]; /* of the font; "-" for the theme's */
    char comment[1024];
} xl_cell;

/* Cell ref ("B6") of sheet name; found 0 when it holds nothing. */
static inline xl_cell xl_get(const xl_book *b, const char *name,
                             const char *ref)
{
    xl_cell c = {0};
    char prefix[300], f[16];
    snprintf(prefix, sizeof prefix, "cell\t%s\t%s\t", name, ref);
    char *line = xl_line(b, prefix);
    if (!line)
        return c;
    c.found = 1;
    xl_field(line, 3, f, sizeof f);
    c.type = f[0];
    xl_field(line, 4, c.value, sizeof c.value);
    c.number = c.type == 'n' ? strtod(c.value, NULL) : 0;
    xl_field(line, 5, c.format, sizeof c.format);
    xl_field(line, 6, c.fill, sizeof c.fill);
    xl_field(line, 7, f, sizeof f);
    c.bold = f[0] == '1';
    xl_field(line, 8, c.color, sizeof c.color);
    xl_field(line, 9, c.comment, sizeof c.comment);
    free(line);
    return c;
}

/* The width of column letter col of sheet name as set, or -1. */
static inline double xl_width(const xl_book *b, const char *name,
                              const char *col)
{
    char prefix[300], f[64];
    snprintf(prefix, sizeof prefix, "width\t%s\t%s\t", name, col);
    char *line = xl_line(b, prefix);
    if (!line)
        return -1;
    xl_field(line, 3, f, sizeof f);
    free(line);
    return strtod(f, NULL);
}

/* 1 when cell ref of sheet name is text equal to s. */
static inline int xl_text_is(const xl_book *b, const char *name,
                             const char *ref, const char *s)
{
    xl_cell c = xl_get(b, name, ref);
    int ok = c.found && c.type == 's' && strcmp(c.value, s) == 0;
    if (!ok)
        printf("# %s!%s: %s '%s', expected text '%s'\n", name, ref,
               c.found ? (c.type == 's' ? "text" : "number") : "blank", c.value,
               s);
    return ok;
}

/* 1 when cell ref of sheet name is the number v (the same double) in
 * number format fmt (NULL: any). */
static inline int xl_number_is(const xl_book *b, const char *name,
                               const char *ref, double v, const char *fmt)
{
    xl_cell c = xl_get(b, name, ref);
    int ok = c.found && c.type == 'n' && c.number == v &&
             (!fmt || strcmp(c.format, fmt) == 0);
    if (!ok)
        printf("# %s!%s: %s '%s' in '%s', expected %.17g in '%s'\n", name, ref,
               c.found ? (c.type == 's' ? "text" : "number") : "blank", c.value,
               c.format, v, fmt ? fmt : "any");
    return ok;
}

#endif
