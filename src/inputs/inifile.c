#include "inputs/inifile.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/parse.h"
#include "base/textfile.h"

/* What the reader saw on the line it last handed to inih. The rules copy
 * inih's own (r55) so both agree on which lines are headers and which are
 * continuations. */
typedef enum line_kind {
    L_BLANK,
    L_COMMENT,
    L_HEADER,
    L_CONT,
    L_PAIR
} line_kind;

typedef struct seen_key {
    char *section, *key; /* one allocation, starting at section */
    long line;
} seen_key;

typedef struct ini_ctx {
    const char *path;
    const char *buf;
    size_t len, pos;
    long lineno;
    char *linebuf; /* inih's line buffer, as given to the reader */
    line_kind kind;
    int handled;    /* inih called the handler for this line */
    int have_prev;  /* inih would take an indented line as continuation */
    int pending_nl; /* the last line went out without its '\n' */
    int in_section;
    char section[DR_INI_MAX_LINE + 1];
    long section_line, section_col;
    char key[DR_INI_MAX_LINE + 1]; /* last key, for continuations */
    long key_line;
    seen_key *seen;
    size_t nseen, capseen;
    dr_ini_fn fn;
    void *user;
    dr_error *err;
    dr_status st;
} ini_ctx;

static dr_status fail(ini_ctx *c, dr_status st, long line, long col,
                      const char *msg)
{
    c->st = dr_error_set(c->err, st, c->path, line, col, "%s", msg);
    return c->st;
}

static dr_status emit(ini_ctx *c, const dr_ini_item *it)
{
    c->st = c->fn(c->user, it, c->err);
    return c->st;
}

static dr_status emit_end(ini_ctx *c)
{
    if (!c->in_section)
        return DR_OK;
    dr_ini_item it = {
        .event = DR_INI_END,
        .path = c->path,
        .section = c->section,
        .section_line = c->section_line,
        .section_col = c->section_col,
        .line = c->lineno,
    };
    return emit(c, &it);
}

/* A line inih should have passed to the handler but did not: it has no '='
 * or ':'. Checked once inih is done with the line. */
static dr_status check_handled(ini_ctx *c)
{
    if (c->st == DR_OK && c->kind == L_PAIR && !c->handled)
        return fail(c, DR_EINPUT, c->lineno, 1,
                    "malformed line: expected 'key = value', a [section] "
                    "header or a comment starting with ';' or '#'");
    return c->st;
}

static dr_status header(ini_ctx *c, char *s)
{
    /* Like inih: the name ends at ']' or at a ';' after a space. */
    char *e = s + 1;
    int was_space = 0;
    while (*e && *e != ']' && !(was_space && *e == ';')) {
        was_space = isspace((unsigned char)*e);
        e++;
    }
    long col = (long)(s - c->linebuf) + 1;
    if (*e != ']')
        return fail(c, DR_EINPUT, c->lineno, col,
                    "section header has no closing ']'");
    char *rest = e + 1;
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest && *rest != ';' && *rest != '#')
        return fail(c, DR_EINPUT, c->lineno, (long)(rest - c->linebuf) + 1,
                    "unexpected text after ']' (a comment starts with ';')");
    char *b = s + 1;
    while (b < e && isspace((unsigned char)*b))
        b++;
    while (e > b && isspace((unsigned char)e[-1]))
        e--;
    if (e == b)
        return fail(c, DR_EINPUT, c->lineno, col, "empty section name");

    if (emit_end(c) != DR_OK)
        return c->st;
    memcpy(c->section, b, (size_t)(e - b));
    c->section[e - b] = '\0';
    c->section_line = c->lineno;
    c->section_col = (long)(b - c->linebuf) + 1;
    c->in_section = 1;
    c->have_prev = 0;
    dr_ini_item it = {
        .event = DR_INI_SECTION,
        .path = c->path,
        .section = c->section,
        .section_line = c->section_line,
        .section_col = c->section_col,
        .line = c->lineno,
    };
    return emit(c, &it);
}

/* The ini_reader: hands inih the next line of the buffer after checking
 * it, and classifies it. Returning NULL ends the parse, which is how an
 * error found here or in a callback stops inih. */
static char *reader(char *str, int num, void *stream)
{
    ini_ctx *c = stream;
    if (check_handled(c) != DR_OK)
        return NULL;
    if (c->pending_nl) {
        /* A line of exactly num-1 bytes went out without '\n'; newer inih
         * then reads on to the end of the line, older inih sees a blank
         * line. Either way this '\n' is harmless. */
        c->pending_nl = 0;
        if (num >= 2) {
            str[0] = '\n';
            str[1] = '\0';
            return str;
        }
    }
    if (c->pos >= c->len)
        return NULL;

    const char *line = c->buf + c->pos;
    const char *nl = memchr(line, '\n', c->len - c->pos);
    size_t n = nl ? (size_t)(nl - line) : c->len - c->pos;
    c->pos += n + (nl != NULL);
    if (n > 0 && line[n - 1] == '\r')
        n--;
    c->lineno++;
    if (c->lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        n -= 3;
    }

    const char *nul = memchr(line, '\0', n);
    if (nul) {
        fail(c, DR_EINPUT, c->lineno, (long)(nul - line) + 1,
             "NUL byte: this is not a text file");
        return NULL;
    }
    size_t bad = dr_utf8_bad((const unsigned char *)line, n);
    if (bad < n) {
        fail(c, DR_EINPUT, c->lineno, (long)bad + 1, dr_text_not_utf8());
        return NULL;
    }
    if (n > DR_INI_MAX_LINE || num < 1 || n + 1 > (size_t)num) {
        fail(c, DR_EINPUT, c->lineno, DR_INI_MAX_LINE + 1,
             "line is longer than 199 bytes; continue a long title or "
             "description on indented lines");
        return NULL;
    }
    memcpy(str, line, n);
    if (n + 2 <= (size_t)num) {
        str[n] = '\n';
        str[n + 1] = '\0';
    } else {
        str[n] = '\0';
        c->pending_nl = 1;
    }

    c->linebuf = str;
    c->handled = 0;
    char *s = str;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        c->kind = L_BLANK;
    else if (*s == ';' || *s == '#')
        c->kind = L_COMMENT;
    else if (c->have_prev && s > str)
        c->kind = L_CONT;
    else if (*s == '[')
        c->kind = L_HEADER;
    else
        c->kind = L_PAIR;
    if (c->kind == L_HEADER && header(c, s) != DR_OK)
        return NULL;
    return str;
}

static long col_of(const ini_ctx *c, const char *p)
{
    if (!c->linebuf || p < c->linebuf || p > c->linebuf + DR_INI_MAX_LINE + 1)
        return 0;
    return (long)(p - c->linebuf) + 1;
}

static dr_status remember_key(ini_ctx *c, const char *key, long col)
{
    for (size_t i = 0; i < c->nseen; i++) {
        if (strcmp(c->seen[i].section, c->section) == 0 &&
            strcmp(c->seen[i].key, key) == 0) {
            c->st = dr_error_set(c->err, DR_EINPUT, c->path, c->lineno, col,
                                 "duplicate key '%s' in [%s] (first given "
                                 "on line %ld)",
                                 key, c->section, c->seen[i].line);
            return c->st;
        }
    }
    if (c->nseen == c->capseen) {
        size_t cap = c->capseen ? 2 * c->capseen : 32;
        seen_key *g = realloc(c->seen, cap * sizeof *g);
        if (!g)
            return fail(c, DR_ENOMEM, c->lineno, 0, "out of memory");
        c->seen = g;
        c->capseen = cap;
    }
    size_t ns = strlen(c->section), nk = strlen(key);
    char *m = malloc(ns + nk + 2);
    if (!m)
        return fail(c, DR_ENOMEM, c->lineno, 0, "out of memory");
    memcpy(m, c->section, ns + 1);
    memcpy(m + ns + 1, key, nk + 1);
    c->seen[c->nseen].section = m;
    c->seen[c->nseen].key = m + ns + 1;
    c->seen[c->nseen].line = c->lineno;
    c->nseen++;
    return DR_OK;
}

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
    ini_ctx *c = user;
    (void)section; /* inih truncates it to 49 bytes; ours is whole */
    if (c->st != DR_OK)
        return 0;
    c->handled = 1;
    dr_ini_item it = {
        .event = DR_INI_PAIR,
        .path = c->path,
        .section = c->section,
        .section_line = c->section_line,
        .section_col = c->section_col,
        .line = c->lineno,
        .value = value,
        .value_col = col_of(c, value),
    };
    char text[DR_INI_MAX_LINE + 1];
    if (c->kind == L_CONT) {
        /* inih r55 keeps inline comments on continuation lines; drop them
         * here so every line reads the same. */
        snprintf(text, sizeof text, "%s", value);
        char *e = text;
        int was_space = 0;
        while (*e && !(was_space && *e == ';')) {
            was_space = isspace((unsigned char)*e);
            e++;
        }
        while (e > text && isspace((unsigned char)e[-1]))
            e--;
        *e = '\0';
        it.value = text;
        it.key = c->key;
        it.key_line = c->key_line;
        it.key_col = 0;
        it.continuation = 1;
        return emit(c, &it) == DR_OK;
    }
    it.key = name;
    it.key_col = col_of(c, name);
    it.key_line = c->lineno;
    if (!c->in_section) {
        c->st =
            dr_error_set(c->err, DR_EINPUT, c->path, c->lineno, it.key_col,
                         "key '%s' comes before any [section] header", name);
        return 0;
    }
    if (!*name) {
        fail(c, DR_EINPUT, c->lineno, it.key_col, "missing key before '='");
        return 0;
    }
    if (remember_key(c, name, it.key_col) != DR_OK)
        return 0;
    snprintf(c->key, sizeof c->key, "%s", name);
    c->key_line = c->lineno;
    c->have_prev = 1;
    return emit(c, &it) == DR_OK;
}

dr_status dr_ini_parse(const char *path, dr_ini_fn fn, void *user,
                       dr_error *err)
{
    ini_ctx c = {.path = path, .fn = fn, .user = user, .err = err};
    char *buf = NULL;
    c.st = dr_text_load(path, &buf, &c.len, err);
    if (c.st != DR_OK)
        goto done;
    c.buf = buf;
    /* inih's own result is not used: every error it can find is found
     * here first (see reader and check_handled), with its column. */
    int rc = ini_parse_stream(reader, &c, handler, &c);
    if (c.st == DR_OK && rc == -2)
        fail(&c, DR_ENOMEM, 0, 0, "out of memory");
    if (check_handled(&c) == DR_OK)
        emit_end(&c);
done:
    for (size_t i = 0; i < c.nseen; i++)
        free(c.seen[i].section);
    free(c.seen);
    free(buf);
    return c.st;
}

/* Text as `plot` reads it back (dr_text_check): no line break, which would
 * start a line of its own, and no other control character; a path or a
 * command line may hold any byte. */
void dr_ini_put_text(FILE *f, const char *s, size_t n)
{
    char buf[256];
    while (n > 0) {
        size_t m = n < sizeof buf - 1 ? n : sizeof buf - 1;
        /* whole characters: stop before a UTF-8 continuation byte */
        while (m < n && m > 1 && ((unsigned char)s[m] & 0xC0) == 0x80)
            m--;
        memcpy(buf, s, m);
        buf[m] = '\0';
        dr_text_flatten(buf, ' ');
        fputs(buf, f);
        s += m;
        n -= m;
    }
}

/* Long text over continuation lines (inih joins indented lines to the
 * value above), each under inih's 200-byte limit, cut at spaces or at a
 * character boundary. */
void dr_ini_put_long(FILE *f, const char *key, const char *text)
{
    const char *s = text ? text : "";
    size_t limit = 150;
    fprintf(f, "%s = ", key);
    int first = 1;
    while (*s) {
        size_t n = strlen(s);
        if (n > limit) {
            n = limit;
            size_t cut = n;
            while (cut > limit / 2 && s[cut] != ' ')
                cut--;
            if (s[cut] == ' ')
                n = cut;
            else /* no space: stop before a UTF-8 continuation byte */
                while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
                    n--;
        }
        if (!first)
            fputs("\n  ", f);
        dr_ini_put_text(f, s, n);
        first = 0;
        s += n;
        while (*s == ' ')
            s++;
    }
    fputc('\n', f);
}
