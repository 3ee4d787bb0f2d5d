/* A failing allocator for the whole program (after zix's
 * failing_allocator): linked into debtrisk-failalloc with
 * -Wl,--wrap=SYMBOL for every allocating libc call debtrisk makes, so
 * that the calls of debtrisk's own objects come here and those of GSL,
 * libcsv, inih, libgomp, libc and the sanitizers do not.
 *
 *   DEBTRISK_FAIL_ALLOC=N      the N-th allocation (1-based) fails with
 *                              ENOMEM; every other one succeeds
 *   DEBTRISK_FAIL_ALLOC=count  none fails; the number made is printed on
 *                              stderr at exit, "failalloc: N allocations"
 *   DEBTRISK_FAIL_ALLOC_TRACE=1  the failing call prints its backtrace
 *                              on stderr (addresses for addr2line)
 *   unset                      none fails, nothing is printed
 *
 * The count is atomic, as OpenMP threads allocate too; it is the same
 * from run to run only with --threads 1. Nothing here may call a wrapped
 * function: it would come back here. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <execinfo.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **out, const char *fmt, va_list ap);
char *__real_realpath(const char *path, char *resolved);
char *__real_getcwd(char *buf, size_t size);
FILE *__real_open_memstream(char **buf, size_t *size);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fopen64(const char *path, const char *mode);
FILE *__real_tmpfile(void);
FILE *__real_tmpfile64(void);
DIR *__real_opendir(const char *path);
iconv_t __real_iconv_open(const char *to, const char *from);
int __real_scandir(const char *dir, struct dirent ***list,
                   int (*sel)(const struct dirent *),
                   int (*cmp)(const struct dirent **, const struct dirent **));
int __real_scandir64(const char *dir, struct dirent64 ***list,
                     int (*sel)(const struct dirent64 *),
                     int (*cmp)(const struct dirent64 **,
                                const struct dirent64 **));

static atomic_ulong made;
static unsigned long fail_at; /* 0: never */
static int counting, tracing;

__attribute__((constructor)) static void failalloc_init(void)
{
    const char *v = getenv("DEBTRISK_FAIL_ALLOC");
    const char *t = getenv("DEBTRISK_FAIL_ALLOC_TRACE");
    tracing = t && *t && strcmp(t, "0") != 0;
    if (v && strcmp(v, "count") == 0)
        counting = 1;
    else if (v && *v)
        fail_at = strtoul(v, NULL, 10);
}

__attribute__((destructor)) static void failalloc_report(void)
{
    if (!counting)
        return;
    char line[64];
    int n = snprintf(line, sizeof line, "failalloc: %lu allocations\n",
                     atomic_load(&made));
    if (n > 0 && write(STDERR_FILENO, line, (size_t)n) < 0)
        return;
}

/* Whether this allocation may go ahead; sets errno when it may not. */
static int attempt(void)
{
    unsigned long k = atomic_fetch_add(&made, 1) + 1;
    if (k != fail_at)
        return 1;
    if (tracing) {
        void *frames[64];
        static const char head[] = "failalloc: this allocation fails:\n";
        if (write(STDERR_FILENO, head, sizeof head - 1) >= 0)
            backtrace_symbols_fd(frames, backtrace(frames, 64), STDERR_FILENO);
    }
    errno = ENOMEM;
    return 0;
}

void *__wrap_malloc(size_t size)
{
    return attempt() ? __real_malloc(size) : NULL;
}

void *__wrap_calloc(size_t n, size_t size)
{
    return attempt() ? __real_calloc(n, size) : NULL;
}

void *__wrap_realloc(void *p, size_t size)
{
    return attempt() ? __real_realloc(p, size) : NULL;
}

char *__wrap_strdup(const char *s)
{
    return attempt() ? __real_strdup(s) : NULL;
}

char *__wrap_strndup(const char *s, size_t n)
{
    return attempt() ? __real_strndup(s, n) : NULL;
}

int __wrap_vasprintf(char **out, const char *fmt, va_list ap)
{
    return attempt() ? __real_vasprintf(out, fmt, ap) : -1;
}

int __wrap_asprintf(char **out, const char *fmt, ...)
{
    if (!attempt())
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int n = __real_vasprintf(out, fmt, ap);
    va_end(ap);
    return n;
}

/* Only the form that allocates its result. */
char *__wrap_realpath(const char *path, char *resolved)
{
    if (!resolved && !attempt())
        return NULL;
    return __real_realpath(path, resolved);
}

char *__wrap_getcwd(char *buf, size_t size)
{
    if (!buf && !attempt())
        return NULL;
    return __real_getcwd(buf, size);
}

FILE *__wrap_open_memstream(char **buf, size_t *size)
{
    return attempt() ? __real_open_memstream(buf, size) : NULL;
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    return attempt() ? __real_fopen(path, mode) : NULL;
}

FILE *__wrap_fopen64(const char *path, const char *mode)
{
    return attempt() ? __real_fopen64(path, mode) : NULL;
}

FILE *__wrap_tmpfile(void)
{
    return attempt() ? __real_tmpfile() : NULL;
}

FILE *__wrap_tmpfile64(void)
{
    return attempt() ? __real_tmpfile64() : NULL;
}

DIR *__wrap_opendir(const char *path)
{
    return attempt() ? __real_opendir(path) : NULL;
}

iconv_t __wrap_iconv_open(const char *to, const char *from)
{
    return attempt() ? __real_iconv_open(to, from) : (iconv_t)-1;
}

int __wrap_scandir(const char *dir, struct dirent ***list,
                   int (*sel)(const struct dirent *),
                   int (*cmp)(const struct dirent **, const struct dirent **))
{
    return attempt() ? __real_scandir(dir, list, sel, cmp) : -1;
}

int __wrap_scandir64(const char *dir, struct dirent64 ***list,
                     int (*sel)(const struct dirent64 *),
                     int (*cmp)(const struct dirent64 **,
                                const struct dirent64 **))
{
    return attempt() ? __real_scandir64(dir, list, sel, cmp) : -1;
}
