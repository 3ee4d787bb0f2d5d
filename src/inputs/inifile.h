/* A line-tracking layer over inih for the model and scenario files.
 *
 * inih splits lines into sections, keys and values; this layer feeds it one
 * line at a time from the file, so every event knows its line and the
 * column of its key and value. It also owns the checks common to both
 * files: valid UTF-8, no NUL bytes, lines of at most DR_INI_MAX_LINE bytes,
 * malformed lines, keys outside a section, empty keys and duplicate keys.
 * (Not named ini.h: that would hide inih's own <ini.h> on the include
 * path.) */
#ifndef DR_INIFILE_H
#define DR_INIFILE_H

#include <stddef.h>

#include <stdio.h>

#include "base/error.h"

/* inih is built with INI_MAX_LINE 200: 199 bytes and the terminating NUL. */
#define DR_INI_MAX_LINE 199

typedef enum dr_ini_event {
    DR_INI_SECTION, /* a [section] header */
    DR_INI_PAIR,    /* key = value, or an indented continuation line */
    DR_INI_END      /* the end of a section (next header or end of file) */
} dr_ini_event;

typedef struct dr_ini_item {
    dr_ini_event event;
    const char *path;    /* the file, for messages */
    const char *section; /* trimmed, never truncated */
    long section_line, section_col;
    const char *key;   /* DR_INI_PAIR */
    const char *value; /* DR_INI_PAIR: trimmed, inline comment removed */
    long line;         /* of this event */
    long key_col, value_col;
    int continuation; /* an indented line continuing key's value */
    long key_line;    /* where key was given (differs for continuations) */
} dr_ini_item;

/* Called for every event in file order. Returns DR_OK to go on; any other
 * status stops the parse and becomes its result (fill err first). */
typedef dr_status (*dr_ini_fn)(void *user, const dr_ini_item *it,
                               dr_error *err);

/* Parses the INI file at path, calling fn for each event. Returns DR_OK, or
 * the first error: DR_EINPUT for a file that cannot be opened or is not a
 * valid INI file (with line and column), DR_EIO, DR_ENOMEM, or whatever fn
 * returned. */
/* Writes the n bytes of s as one INI value: every control character, line
 * separator or byte that is not UTF-8 becomes a space (dr_text_flatten),
 * so the value stays on its line. */
void dr_ini_put_text(FILE *f, const char *s, size_t n);

/* Writes "key = text" over continuation lines (inih joins indented lines
 * to the value above with a space), each under DR_INI_MAX_LINE, cut at
 * spaces or, in text without one, at a character boundary. */
void dr_ini_put_long(FILE *f, const char *key, const char *text);

dr_status dr_ini_parse(const char *path, dr_ini_fn fn, void *user,
                       dr_error *err);

#endif
