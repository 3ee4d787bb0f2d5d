/* The INI layer (inifile.h) on small files written here: the events in
 * file order with their lines and columns (counted by hand in each text),
 * continuations, comments, and every refusal with its place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/textfile.h"
#include "check.h"
#include "errcheck.h"
#include "inputs/inifile.h"
#include "scratch.h"

/* The events seen, one line each:
 *   S section line:section_col
 *   P section key=value line:key_col:value_col [cont key_line]
 *   E section line
 * stop_at: the event number (1-based) at which to fail, 0 for none. */
typedef struct evlog {
    char text[4096];
    int events, stop_at;
} evlog;

static dr_status record(void *user, const dr_ini_item *it, dr_error *err)
{
    evlog *g = user;
    size_t n = strlen(g->text);
    char *p = g->text + n;
    size_t room = sizeof g->text - n;
    g->events++;
    if (it->event == DR_INI_SECTION)
        snprintf(p, room, "S %s %ld:%ld\n", it->section, it->line,
                 it->section_col);
    else if (it->event == DR_INI_END)
        snprintf(p, room, "E %s %ld\n", it->section, it->line);
    else if (it->continuation)
        snprintf(p, room, "P %s %s=%s %ld:%ld:%ld cont %ld\n", it->section,
                 it->key, it->value, it->line, it->key_col, it->value_col,
                 it->key_line);
    else
        snprintf(p, room, "P %s %s=%s %ld:%ld:%ld\n", it->section, it->key,
                 it->value, it->line, it->key_col, it->value_col);
    if (g->stop_at == g->events)
        return dr_error_set(err, DR_EINPUT, it->path, it->line, 1, "stop");
    return DR_OK;
}

static int parses_as(const char *name, const char *text, const char *want)
{
    const char *path = scratch_put(name, text);
    evlog g = {0};
    dr_error err = {0};
    dr_status st = dr_ini_parse(path, record, &g, &err);
    int ok = st == DR_OK && strcmp(g.text, want) == 0;
    if (!ok)
        printf("# %s: status %d (%s), events:\n%s", name, st, err.msg, g.text);
    return ok;
}

static void events(void)
{
    /* line 3 "key = value ; note": key at 1, value at 7. Line 4 continues
     * it: the indented text starts at 3. Line 6 "[ beta ]": the name at 3.
     * Line 7 "k2:v2": ':' is a delimiter too, v2 at 4. Line 8 "  x = 1":
     * indented, but after a header it is a key of its own, at 3. */
    CHECK(parses_as("events.ini",
                    "; comment\n"
                    "[alpha]\n"
                    "key = value ; note\n"
                    "  more text ; dropped\n"
                    "# hash comment\n"
                    "[ beta ]\n"
                    "k2:v2\n"
                    "\n",
                    "S alpha 2:2\n"
                    "P alpha key=value 3:1:7\n"
                    "P alpha key=more text 4:0:3 cont 3\n"
                    "E alpha 6\n"
                    "S beta 6:3\n"
                    "P beta k2=v2 7:1:4\n"
                    "E beta 8\n"));
    CHECK(parses_as("indented.ini", "[s]\n  x = 1\n",
                    "S s 1:2\nP s x=1 2:3:7\nE s 2\n"));
    /* CRLF, a byte-order mark, no line end at the end of the file */
    CHECK(parses_as("crlf.ini", "\xEF\xBB\xBF[s]\r\na = 1\r\nb=2",
                    "S s 1:2\nP s a=1 2:1:5\nP s b=2 3:1:3\nE s 3\n"));
    /* one key in two sections of their own */
    CHECK(parses_as("two.ini", "[s]\na=1\n[t]\na=2\n",
                    "S s 1:2\nP s a=1 2:1:3\nE s 3\nS t 3:2\nP t a=2 4:1:3\n"
                    "E t 4\n"));
    /* no section at all: no event */
    CHECK(parses_as("empty.ini", "; nothing\n\n", ""));
    /* a section name of 60 bytes is whole (inih's own stops at 49) */
    char text[128], want[256], name[61];
    memset(name, 'n', 60);
    name[60] = '\0';
    snprintf(text, sizeof text, "[%s]\nk=v\n", name);
    snprintf(want, sizeof want, "S %s 1:2\nP %s k=v 2:1:3\nE %s 2\n", name,
             name, name);
    CHECK(parses_as("long_section.ini", text, want));
}

/* A line of exactly DR_INI_MAX_LINE bytes is read whole; one more byte is
 * refused at the column past the limit. */
static int long_line(size_t len, dr_status want, const char *value_want)
{
    char text[300];
    int n = snprintf(text, sizeof text, "[s]\nk=");
    memset(text + n, 'x', len - 2);
    strcpy(text + n + len - 2, "\n");
    const char *path = scratch_put("long.ini", text);
    evlog g = {0};
    dr_error err = {0};
    dr_status st = dr_ini_parse(path, record, &g, &err);
    if (want != DR_OK)
        return err_is(st, &err, want, path, 2, DR_INI_MAX_LINE + 1,
                      "line is longer than 199 bytes");
    return st == DR_OK && strstr(g.text, value_want) != NULL;
}

static int refused(const char *name, const char *text, size_t len, long line,
                   long col, const char *phrase)
{
    const char *path = scratch_putn(name, text, len);
    evlog g = {0};
    dr_error err = {0};
    return err_is(dr_ini_parse(path, record, &g, &err), &err, DR_EINPUT, path,
                  line, col, phrase);
}

#define REFUSED(name, text, line, col, phrase)                                 \
    CHECK(refused(name, text, sizeof text - 1, line, col, phrase))

static void refusals(void)
{
    REFUSED("before.ini", "k=v\n[s]\n", 1, 1,
            "key 'k' comes before any [section] header");
    REFUSED("nokey.ini", "[s]\n=v\n", 2, 1, "missing key before '='");
    REFUSED("dup.ini", "[s]\na=1\nb=2\na=3\n", 4, 1,
            "duplicate key 'a' in [s] (first given on line 2)");
    /* a section given twice is one section */
    REFUSED("dup_section.ini", "[s]\na=1\n[t]\n[s]\na=2\n", 5, 1,
            "duplicate key 'a' in [s] (first given on line 2)");
    REFUSED("malformed.ini", "[s]\njunk\n", 2, 1, "malformed line");
    REFUSED("open.ini", "[s\n", 1, 1, "section header has no closing ']'");
    REFUSED("after.ini", "[s] x\n", 1, 5, "unexpected text after ']'");
    REFUSED("noname.ini", "[ ]\n", 1, 1, "empty section name");
    REFUSED("nul.ini", "[s]\nk=a\0b\n", 2, 4, "NUL byte");
    REFUSED("utf8.ini", "[s]\nk=\xc3\n", 2, 3, dr_text_not_utf8());

    CHECK(long_line(DR_INI_MAX_LINE, DR_OK, "P s k=xxxxxxxx"));
    CHECK(long_line(DR_INI_MAX_LINE + 1, DR_EINPUT, NULL));

    const char *none = scratch_path("none.ini");
    evlog g = {0};
    dr_error err = {0};
    CHECK(err_is(dr_ini_parse(none, record, &g, &err), &err, DR_EINPUT, none,
                 ANY, ANY, "cannot open"));
    CHECK(g.events == 0);

    /* a comment after ']' is fine */
    CHECK(parses_as("comment.ini", "[s] ; fine\n", "S s 1:2\nE s 1\n"));
}

/* What the callback returns ends the parse and is its result: nothing
 * after the failing event is seen. */
static void callback_stops(void)
{
    const char *path = scratch_put("stop.ini", "[s]\na=1\nb=2\nc=3\n");
    evlog g = {.stop_at = 3};
    dr_error err = {0};
    dr_status st = dr_ini_parse(path, record, &g, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 3, 1, "stop"));
    CHECK(g.events == 3);
    CHECK(strcmp(g.text, "S s 1:2\nP s a=1 2:1:3\nP s b=2 3:1:3\n") == 0);
    /* at the final END event as well */
    evlog h = {.stop_at = 5};
    st = dr_ini_parse(path, record, &h, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 4, 1, "stop") && h.events == 5);
}

int main(void)
{
    if (scratch_open("inifile") != 0)
        return 1;
    events();
    refusals();
    callback_stops();
    scratch_close();
    return check_done();
}
