#include "base/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/par.h"
#include "base/sha256.h"
#include "base/stop.h"

/* Set once by main() before any input is read. */
static char encoding[32];

dr_status dr_text_set_encoding(const char *enc, dr_error *err)
{
    encoding[0] = '\0';
    if (!enc || strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0)
        return DR_OK;
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1 && errno == ENOMEM)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (cd == (iconv_t)-1 || strlen(enc) >= sizeof encoding)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--encoding: unknown encoding '%s' (try gb18030)",
                            enc);
    iconv_close(cd);
    snprintf(encoding, sizeof encoding, "%s", enc);
    return DR_OK;
}

const char *dr_text_not_utf8(void)
{
    return encoding[0] ? "not valid UTF-8 after conversion"
                       : "not valid UTF-8: a file saved by Excel or WPS in "
                         "GB18030/GBK can be read with --encoding gb18030, "
                         "or saved as UTF-8";
}

/* Every file read, in order: what run.ini records and what the --out
 * check compares with. The bytes of a file that cannot be read twice (a
 * FIFO, a pipe like bash's <(...), a device) are kept, so that a command
 * loading its inputs once per scenario reads the same bytes each time. */
typedef struct text_read {
    char *path;
    dev_t dev;
    ino_t ino;
    char sha256[65];
    char *kept; /* NULL for a regular file, which can be read again */
    size_t nkept;
} text_read;

static text_read *reads;
static size_t nreads;

static const text_read *find_kept(dev_t dev, ino_t ino)
{
    for (size_t k = 0; k < nreads; k++)
        if (reads[k].kept && reads[k].dev == dev && reads[k].ino == ino)
            return &reads[k];
    return NULL;
}

/* Records a read of path (a new entry, or the hash of the same file read
 * again under the same name), keeping a copy of the bytes when `keep`. 0
 * on success, -1 out of memory. */
static int remember(const char *path, const struct stat *sb, const char *buf,
                    size_t len, int keep)
{
    char hex[65];
    dr_sha256 h;
    dr_sha256_init(&h);
    dr_sha256_update(&h, buf, len);
    dr_sha256_hex(&h, hex);
    for (size_t k = 0; k < nreads; k++)
        if (reads[k].dev == sb->st_dev && reads[k].ino == sb->st_ino &&
            strcmp(reads[k].path, path) == 0) {
            memcpy(reads[k].sha256, hex, sizeof hex);
            return 0;
        }
    text_read r = {.dev = sb->st_dev, .ino = sb->st_ino};
    memcpy(r.sha256, hex, sizeof hex);
    if (!(r.path = strdup(path)))
        return -1;
    if (keep) {
        if (!(r.kept = malloc(len + 1))) {
            free(r.path);
            return -1;
        }
        memcpy(r.kept, buf, len);
        r.nkept = len;
    }
    text_read *more = realloc(reads, (nreads + 1) * sizeof *reads);
    if (!more) {
        free(r.path);
        free(r.kept);
        return -1;
    }
    reads = more;
    reads[nreads++] = r;
    return 0;
}

static dr_status too_big(const char *path, dr_error *err)
{
    return dr_error_set(err, DR_EINPUT, path, 0, 0,
                        "larger than %d MiB, the most debtrisk reads from "
                        "one input file",
                        (int)(DR_TEXT_MAX >> 20));
}

/* The bytes of fd, at most DR_TEXT_MAX of them. A signal (SIGINT, SIGTERM)
 * ends a read that waits, as on a FIFO whose writer is slow. */
static dr_status read_all(int fd, const char *path, char **out, size_t *n,
                          dr_error *err)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        /* one byte past the limit tells a file at the limit from a longer
         * one */
        if (cap - len < 4096 && cap <= DR_TEXT_MAX) {
            size_t ncap = cap ? 2 * cap : 65536;
            if (ncap > DR_TEXT_MAX + 1)
                ncap = DR_TEXT_MAX + 1;
            char *b = realloc(buf, ncap + 1);
            if (!b) {
                free(buf);
                return dr_error_set(err, DR_ENOMEM, path, 0, 0,
                                    "out of memory");
            }
            buf = b;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 || dr_stop_requested) {
            int e = errno;
            free(buf);
            if (dr_stop_requested || e == EINTR)
                return dr_error_set(err, DR_EINTR, path, 0, 0, "interrupted");
            return dr_error_set(err, DR_EINPUT, path, 0, 0, "cannot read: %s",
                                strerror(e));
        }
        if (got == 0)
            break;
        len += (size_t)got;
        if (len > DR_TEXT_MAX) {
            free(buf);
            return too_big(path, err);
        }
    }
    buf[len] = '\0';
    *out = buf;
    *n = len;
    return DR_OK;
}

/* The raw bytes of path, read once: a file kept from an earlier read is
 * not opened again. */
static dr_status slurp(const char *path, char **out, size_t *n, dr_error *err)
{
    struct stat sb;
    /* stat does not wait for a FIFO's writer, open does */
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
        const text_read *r = find_kept(sb.st_dev, sb.st_ino);
        if (r) {
            if (!(*out = malloc(r->nkept + 1)))
                return dr_error_set(err, DR_ENOMEM, path, 0, 0,
                                    "out of memory");
            memcpy(*out, r->kept, r->nkept);
            (*out)[r->nkept] = '\0';
            *n = r->nkept;
            return remember(path, &sb, *out, *n, 0) == 0
                       ? DR_OK
                       : dr_error_set(err, DR_ENOMEM, path, 0, 0,
                                      "out of memory");
        }
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == EINTR || dr_stop_requested)
            return dr_error_set(err, DR_EINTR, path, 0, 0, "interrupted");
        return dr_error_set(err, e == ENOMEM ? DR_ENOMEM : DR_EINPUT, path, 0,
                            0, "cannot open: %s", strerror(e));
    }
    dr_status st = DR_OK;
    if (fstat(fd, &sb) != 0)
        st = dr_error_set(err, DR_EINPUT, path, 0, 0, "cannot open: %s",
                          strerror(errno));
    else if (S_ISDIR(sb.st_mode))
        st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                          "cannot open: it is a folder, not a file");
    else if (S_ISREG(sb.st_mode) && sb.st_size > (off_t)DR_TEXT_MAX)
        st = too_big(path, err);
    else
        st = read_all(fd, path, out, n, err);
    close(fd);
    if (st == DR_OK &&
        remember(path, &sb, *out, *n, !S_ISREG(sb.st_mode)) != 0) {
        free(*out);
        *out = NULL;
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
    }
    return st;
}

/* Line and column (1-based, bytes) of offset off in s. */
static void position(const char *s, size_t off, long *line, long *col)
{
    *line = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            (*line)++;
            start = i + 1;
        }
    *col = (long)(off - start) + 1;
}

/* Converts buf from the encoding from (called name in messages; advice
 * follows the message) to UTF-8, in place. */
static dr_status convert(const char *path, const char *from, const char *name,
                         const char *advice, char **buf, size_t *len,
                         dr_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1 && errno == ENOMEM)
        return dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
    if (cd == (iconv_t)-1)
        return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                            "--encoding: unknown encoding '%s'", from);
    /* Chinese text grows by at most half going to UTF-8 (2 bytes -> 3),
     * UTF-16 likewise, and UTF-32 shrinks. */
    size_t cap = 2 * *len + 16;
    char *out = malloc(cap + 1);
    if (!out) {
        iconv_close(cd);
        return dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
    }
    char *in = *buf, *o = out;
    size_t inleft = *len, outleft = cap;
    dr_status st = DR_OK;
    if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 ||
        iconv(cd, NULL, NULL, &o, &outleft) == (size_t)-1) {
        /* Where the bad bytes are: in the text as read for GB18030 and
         * the like, in the text converted so far for UTF-16 and UTF-32
         * (whose line ends are two or four bytes). */
        long line, col;
        if (strncmp(from, "UTF-", 4) == 0)
            position(out, (size_t)(o - out), &line, &col);
        else
            position(*buf, (size_t)(in - *buf), &line, &col);
        st = dr_error_set(err, DR_EINPUT, path, line, col,
                          "not valid %s text%s", name, advice);
        free(out);
    } else {
        *o = '\0';
        free(*buf);
        *buf = out;
        *len = (size_t)(o - out);
    }
    iconv_close(cd);
    return st;
}

/* Byte-order marks of the Unicode encodings other than UTF-8 (UTF-32LE
 * before UTF-16LE, whose mark it starts with). */
static const struct {
    const char *mark;
    size_t n;
    const char *from; /* for iconv */
    const char *name;
} boms[] = {
    {"\xFF\xFE\0\0", 4, "UTF-32LE", "UTF-32"},
    {"\0\0\xFE\xFF", 4, "UTF-32BE", "UTF-32"},
    {"\xFF\xFE", 2, "UTF-16LE", "UTF-16"},
    {"\xFE\xFF", 2, "UTF-16BE", "UTF-16"},
};

/* Converts UTF-16 or UTF-32 text with a byte-order mark to UTF-8 (Excel's
 * "Unicode text" is UTF-16LE with one): the mark says what the text is, so
 * it is read whatever --encoding says. Without a mark, NUL bytes in every
 * other place tell UTF-16 (or UTF-32) too, but not which: that is an
 * error. Then drops one Ctrl-Z (0x1A) at the very end, the end-of-file
 * mark of old DOS tools, as most programs do. */
static dr_status decode(const char *path, char **buf, size_t *len,
                        int *converted, dr_error *err)
{
    const unsigned char *b = (const unsigned char *)*buf;
    *converted = 0;
    for (size_t k = 0; k < sizeof boms / sizeof boms[0]; k++) {
        if (*len < boms[k].n || memcmp(b, boms[k].mark, boms[k].n) != 0)
            continue;
        size_t rest = *len - boms[k].n;
        memmove(*buf, *buf + boms[k].n, rest + 1);
        *len = rest;
        *converted = 1;
        dr_status st = convert(path, boms[k].from, boms[k].name,
                               ": save the file as UTF-8", buf, len, err);
        if (st != DR_OK)
            return st;
        break;
    }
    if (!*converted) {
        /* In the first 256 bytes: a NUL at most odd (UTF-16LE of ASCII
         * text) or most even (UTF-16BE) places. */
        size_t n = *len < 256 ? *len : 256, nul[2] = {0, 0}, first = n;
        for (size_t i = 0; i < n; i++)
            if (b[i] == 0) {
                nul[i & 1]++;
                first = first < i ? first : i;
            }
        if (n >= 4 && (nul[0] * 4 >= n * 3 / 2 || nul[1] * 4 >= n * 3 / 2))
            return dr_error_set(err, DR_EINPUT, path, 1, (long)first + 1,
                                "NUL bytes between the characters: this "
                                "looks like UTF-16 (or UTF-32) text without "
                                "a byte-order mark; save the file as UTF-8 "
                                "(or as UTF-16 with a byte-order mark, which "
                                "is read too)");
    }
    if (*len > 0 && (*buf)[*len - 1] == 0x1A)
        (*buf)[--*len] = '\0';
    return DR_OK;
}

/* dr_text_load in this process. */
static dr_status load_here(const char *path, char **buf, size_t *len,
                           dr_error *err)
{
    int converted = 0;
    dr_status st = slurp(path, buf, len, err);
    if (st != DR_OK)
        return st;
    st = decode(path, buf, len, &converted, err);
    /* A file that is valid UTF-8 is taken as UTF-8 whatever the flag: the
     * bundled files are, and GB18030 text is almost never valid UTF-8. */
    if (st == DR_OK && !converted && encoding[0] &&
        dr_utf8_bad((const unsigned char *)*buf, *len) < *len)
        st = convert(path, encoding, encoding, " (check --encoding)", buf, len,
                     err);
    if (st != DR_OK) {
        free(*buf);
        *buf = NULL;
        *len = 0;
    }
    return st;
}

dr_status dr_text_load(const char *path, char **buf, size_t *len, dr_error *err)
{
    dr_status st = DR_OK;
    *buf = NULL;
    *len = 0;
    if (dr_par_rank() == 0)
        st = load_here(path, buf, len, err);
    /* Under mpirun rank 0 alone reads: its bytes, or its error with the
     * place, go to every rank, which then parses the same bytes to the
     * same verdict. The files need not be on the other ranks' nodes. */
    if ((st = dr_par_share(st, err)) == DR_OK &&
        (st = dr_par_bcast_buf(buf, len, err)) != DR_OK && dr_par_rank() == 0) {
        free(*buf);
        *buf = NULL;
        *len = 0;
    }
    return st;
}

size_t dr_utf8_bad(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3;
        else
            return i;
        if (n - i <= k)
            return i;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return i;
        unsigned c1 = s[i + 1];
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) ||
            (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
            return i;
        i += k + 1;
    }
    return n;
}

dr_status dr_text_sha256(const char *path, char hex[65])
{
    for (size_t k = nreads; k-- > 0;)
        if (strcmp(reads[k].path, path) == 0) {
            memcpy(hex, reads[k].sha256, 65);
            return DR_OK;
        }
    return DR_EINPUT;
}

size_t dr_text_nread(void)
{
    return nreads;
}

const char *dr_text_read_at(size_t k, dev_t *dev, ino_t *ino)
{
    *dev = reads[k].dev;
    *ino = reads[k].ino;
    return reads[k].path;
}
