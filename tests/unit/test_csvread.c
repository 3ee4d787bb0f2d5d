/* The CSV layer (csvread.h) on small files written here: cells and their
 * byte positions (counted by hand in each file's text), the header checks,
 * the typed getters with their defaults and messages, and every refusal,
 * each with its place and an emptied table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "base/textfile.h"
#include "check.h"
#include "errcheck.h"
#include "inputs/csvread.h"
#include "scratch.h"

static const dr_csv_column three[] = {
    {"id", 1}, {"name", 1}, {"value", 0}, {"extra", 0}};
enum { ID, NAME, VALUE, EXTRA };

static int cell_is(const dr_csv_cell *c, const char *text, long line, long col)
{
    int ok =
        c && strcmp(c->text, text) == 0 && c->line == line && c->col == col;
    if (!ok && c)
        printf("# cell '%s' at %ld:%ld\n", c->text, c->line, c->col);
    return ok;
}

static void cells(void)
{
    /* Header: ' value ' and the quoted "name " are trimmed. Line 3:
     * b(1) ,(2) space(3) 2(4) space(5) ,(6) quote(7). Line 4: 邓州 is six
     * bytes, so the comma is byte 7 and '3' byte 8, 'z' byte 10. */
    const char *path = scratch_put("good.csv", "id, value ,\"name \"\n"
                                               "a,1.5,plain\n"
                                               "b, 2 ,\"  q,uoted \"\n"
                                               "邓州,3,z\n");
    dr_csv_table t;
    dr_error err = {0};
    CHECK(dr_csv_read(path, three, 4, &t, &err) == DR_OK);
    CHECK(t.nfields == 3 && t.nrows == 3 && t.header_line == 1);
    CHECK(t.path == path && t.cols == three && t.ncols == 4);
    CHECK(t.index[ID] == 0 && t.index[VALUE] == 1 && t.index[NAME] == 2);
    CHECK(t.index[EXTRA] == DR_CSV_ABSENT);
    CHECK(cell_is(dr_csv_get(&t, 0, ID), "a", 2, 1));
    CHECK(cell_is(dr_csv_get(&t, 0, NAME), "plain", 2, 7));
    CHECK(cell_is(dr_csv_get(&t, 1, VALUE), "2", 3, 4)); /* spaces dropped */
    CHECK(cell_is(dr_csv_get(&t, 1, NAME), "  q,uoted ", 3, 7)); /* kept */
    CHECK(cell_is(dr_csv_get(&t, 2, ID), "邓州", 4, 1));
    CHECK(cell_is(dr_csv_get(&t, 2, VALUE), "3", 4, 8));
    CHECK(cell_is(dr_csv_get(&t, 2, NAME), "z", 4, 10));
    CHECK(dr_csv_get(&t, 0, EXTRA) == NULL);
    CHECK(dr_csv_row_line(&t, 0) == 2 && dr_csv_row_line(&t, 2) == 4);

    double v = 0;
    CHECK(dr_csv_double(&t, 0, VALUE, 9, &v, &err) == DR_OK && v == 1.5);
    CHECK(dr_csv_double(&t, 1, VALUE, 9, &v, &err) == DR_OK && v == 2);
    CHECK(dr_csv_double(&t, 1, EXTRA, 9, &v, &err) == DR_OK && v == 9);
    long n = 0;
    CHECK(dr_csv_long(&t, 2, VALUE, 0, 5, -1, &n, &err) == DR_OK && n == 3);
    CHECK(dr_csv_long(&t, 2, EXTRA, 0, 5, -1, &n, &err) == DR_OK && n == -1);

    char *s = NULL;
    CHECK(dr_csv_strdup(&t, 1, NAME, &s) == DR_OK && strcmp(s, "q,uoted") == 0);
    free(s);
    CHECK(dr_csv_strdup(&t, 1, EXTRA, &s) == DR_OK && strcmp(s, "") == 0);
    free(s);
    CHECK(dr_csv_text(&t, 2, ID, DR_TEXT_CELL, &s, &err) == DR_OK &&
          strcmp(s, "邓州") == 0);
    free(s);

    dr_csv_free(&t);
    CHECK(t.cell == NULL && t.index == NULL && t.text == NULL && t.nrows == 0);
    dr_csv_free(&t); /* safe on an empty table */
}

static const dr_csv_column typed[] = {
    {"id", 1}, {"value", 0}, {"count", 1}, {"label", 0}, {"note", 0}};
enum { T_ID, T_VALUE, T_COUNT, T_LABEL, T_NOTE };

static void getters(void)
{
    /* Columns, byte by byte: line 3 "b,abc,x,=1+2": abc at 3, x at 7, =1+2
     * at 9. Line 4 "c,15,-1, spaced ": -1 at 6. Line 5 "d,0.5,,": the empty
     * count at 7 (after the comma at 6). */
    const char *path = scratch_put("typed.csv", "id,value,count,label\n"
                                                "a,,7,ok\n"
                                                "b,abc,x,=1+2\n"
                                                "c,15,-1, spaced \n"
                                                "d,0.5,,\n");
    dr_csv_table t;
    dr_error err = {0};
    double v = 0;
    long n = 0;
    dr_status st;
    CHECK(dr_csv_read(path, typed, 5, &t, &err) == DR_OK);
    CHECK(t.nrows == 4);

    /* an optional blank cell gives the default, a required one fails */
    CHECK(dr_csv_double(&t, 0, T_VALUE, 9, &v, &err) == DR_OK && v == 9);
    CHECK(dr_csv_long(&t, 0, T_COUNT, 0, 10, 0, &n, &err) == DR_OK && n == 7);
    st = dr_csv_long(&t, 3, T_COUNT, 0, 10, 0, &n, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 5, 7,
                 "count: expected a whole number from 0 to 10, found ''"));

    st = dr_csv_double(&t, 1, T_VALUE, 0, &v, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 3, 3,
                 "value: expected a number, found 'abc' ("));
    st = dr_csv_long(&t, 1, T_COUNT, 0, 10, 0, &n, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 3, 7,
                 "count: expected a whole number from 0 to 10, found 'x' ("));
    st = dr_csv_long(&t, 2, T_COUNT, 0, 10, 0, &n, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 4, 6, "found '-1' (out of range)"));

    /* a share of 15 is outside [0, 1], and 15/100 inside: a percentage */
    dr_range share = {0, 1, 0, 0, DR_UNIT_SHARE};
    st = dr_csv_double_in(&t, 2, T_VALUE, 0, &share, &v, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 4, 3,
                 "value must be in [0, 1], found 15; 15 looks like a "
                 "percentage: write 0.15 for 15%"));
    CHECK(dr_csv_double_in(&t, 3, T_VALUE, 0, &share, &v, &err) == DR_OK &&
          v == 0.5);
    /* the default is not checked: NAN stands for "absent" */
    CHECK(dr_csv_double_in(&t, 0, T_VALUE, NAN, &share, &v, &err) == DR_OK &&
          isnan(v));
    /* outside a range with no unit: no hint */
    dr_range plain = {0, 1, 0, 0, DR_UNIT_NONE};
    st = dr_csv_double_in(&t, 2, T_VALUE, 0, &plain, &v, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 4, 3, "found 15") &&
          !strstr(err.msg, "looks like"));

    /* a failure at an absent column points at the start of the row */
    st = dr_csv_fail(&t, 1, T_NOTE, &err, "no %s", "note");
    CHECK(err_is(st, &err, DR_EINPUT, path, 3, 1, "no note"));
    st = dr_csv_fail(&t, 1, T_LABEL, &err, "bad");
    CHECK(err_is(st, &err, DR_EINPUT, path, 3, 9, "bad"));

    /* names: a formula start is refused only as a cell written back */
    char *s = NULL;
    st = dr_csv_text(&t, 1, T_LABEL, DR_TEXT_CELL, &s, &err);
    CHECK(err_is(st, &err, DR_EINPUT, path, 3, 9, "label: "));
    CHECK(s && strcmp(s, "=1+2") == 0); /* still set, for the caller */
    free(s);
    CHECK(dr_csv_text(&t, 1, T_LABEL, 0, &s, &err) == DR_OK &&
          strcmp(s, "=1+2") == 0);
    free(s);
    CHECK(dr_csv_text(&t, 2, T_LABEL, DR_TEXT_CELL, &s, &err) == DR_OK &&
          strcmp(s, "spaced") == 0);
    free(s);
    dr_csv_free(&t);
}

/* Reads text as a file that must be refused. */
static int refused(const char *name, const char *text, size_t len,
                   const dr_csv_column *cols, size_t ncols, long line, long col,
                   const char *phrase)
{
    const char *path = scratch_putn(name, text, len);
    dr_csv_table t = {.nrows = 99};
    dr_error err = {0};
    dr_status st = dr_csv_read(path, cols, ncols, &t, &err);
    int ok = err_is(st, &err, DR_EINPUT, path, line, col, phrase);
    if (t.cell || t.index || t.text || t.nrows || t.nfields || t.path) {
        printf("# %s: the table is not left empty\n", name);
        ok = 0;
    }
    return ok;
}

#define REFUSED(name, text, line, col, phrase)                                 \
    CHECK(refused(name, text, sizeof text - 1, two, 2, line, col, phrase))

static const dr_csv_column two[] = {{"id", 1}, {"name", 1}};

static void refusals(void)
{
    REFUSED("empty.csv", "", 1, 1, "the file is empty");
    REFUSED("blank.csv", "\n \n\n", 1, 1, "the file is empty");
    REFUSED("bom_only.csv", "\xEF\xBB\xBF", 1, 1, "the file is empty");
    /* header on line 2, after a blank line */
    REFUSED("missing.csv", "\nid\na\n", 2, 1, "missing required column 'name'");
    REFUSED("unknown.csv", "id,nmae\n", 1, 4,
            "unknown column 'nmae'; did you mean 'name'?");
    REFUSED("case.csv", "id,Name\n", 1, 4,
            "did you mean 'name'? (column names are case-sensitive)");
    REFUSED("far.csv", "id,zzzzzz\n", 1, 4, "unknown column 'zzzzzz'");
    REFUSED("dup.csv", "id,name,id\n", 1, 9,
            "duplicate column 'id' (also at column 1)");
    REFUSED("empty_name.csv", "id,,name\n", 1, 4,
            "empty column name in the header");
    /* line 2 "a,b,c": the first extra field is 'c' at byte 5; "a" ends at
     * byte 2, where the row ends */
    REFUSED("long_row.csv", "id,name\na,b,c\n", 2, 5,
            "expected 2 fields, found 3");
    REFUSED("short_row.csv", "id,name\na\n", 2, 2,
            "expected 2 fields, found 1");
    REFUSED("utf8.csv", "id,name\na,\xff\n", 2, 3, dr_text_not_utf8());
    REFUSED("nul.csv", "id,name\na,b\0c\n", 2, 4, "NUL byte in the file");
    /* "a,b\"c": a quote inside an unquoted field (byte 4); "a,\"b\"c":
     * text after the closing quote (byte 6) */
    REFUSED("quote_in.csv", "id,name\na,b\"c\n", 2, 4, "bad quoting");
    REFUSED("quote_after.csv", "id,name\na,\"b\"c\n", 2, 6, "bad quoting");
    REFUSED("unterminated.csv", "id,name\na,\"bc\n", 2, 3,
            "unterminated quote");

    /* a field of DR_CSV_FIELD_MAX bytes is read, one more is refused */
    static char text[DR_CSV_FIELD_MAX + 32];
    for (int extra = 0; extra < 2; extra++) {
        size_t len = (size_t)snprintf(text, sizeof text, "id,name\na,");
        memset(text + len, 'x', DR_CSV_FIELD_MAX + (size_t)extra);
        len += DR_CSV_FIELD_MAX + (size_t)extra;
        text[len++] = '\n';
        if (extra) {
            CHECK(refused("huge.csv", text, len, two, 2, 2, 3,
                          "field too long (more than 4096 bytes)"));
        } else {
            dr_csv_table t;
            dr_error err = {0};
            const char *path = scratch_putn("max.csv", text, len);
            CHECK(dr_csv_read(path, two, 2, &t, &err) == DR_OK &&
                  strlen(dr_csv_get(&t, 0, 1)->text) == DR_CSV_FIELD_MAX);
            dr_csv_free(&t);
        }
    }

    dr_csv_table t;
    dr_error err = {0};
    const char *none = scratch_path("none.csv");
    CHECK(err_is(dr_csv_read(none, two, 2, &t, &err), &err, DR_EINPUT, none,
                 ANY, ANY, "cannot open"));
}

static void line_ends(void)
{
    /* CRLF, a lone CR and LF each end a line; a byte-order mark is not
     * part of the first name; the last line needs no line end */
    const char *path = scratch_put("ends.csv", "\xEF\xBB\xBFid,name\r\n"
                                               "a,b\r"
                                               "c,d\n"
                                               "e,f");
    dr_csv_table t;
    dr_error err = {0};
    CHECK(dr_csv_read(path, two, 2, &t, &err) == DR_OK && t.nrows == 3);
    if (t.nrows == 3) {
        CHECK(cell_is(dr_csv_get(&t, 0, 1), "b", 2, 3));
        CHECK(cell_is(dr_csv_get(&t, 1, 0), "c", 3, 1));
        CHECK(cell_is(dr_csv_get(&t, 2, 1), "f", 4, 3));
    }
    dr_csv_free(&t);
}

static void duplicates(void)
{
    /* "b" at 3 repeats index 1, "a" at 4 repeats 0: the smallest repeat
     * is 3, first given at 1 */
    const char *keys[] = {"a", "b", "c", "b", "a"};
    size_t dup = 99, first = 99;
    CHECK(dr_find_duplicate(keys, 5, &dup, &first) == DR_OK && dup == 3 &&
          first == 1);
    CHECK(dr_find_duplicate(keys, 3, &dup, &first) == DR_OK && dup == 3);
    CHECK(dr_find_duplicate(keys, 0, &dup, &first) == DR_OK && dup == 0);
    const char *same[] = {"x", "x", "x"};
    CHECK(dr_find_duplicate(same, 3, &dup, &first) == DR_OK && dup == 1 &&
          first == 0);
}

int main(void)
{
    if (scratch_open("csvread") != 0)
        return 1;
    cells();
    getters();
    refusals();
    line_ends();
    duplicates();
    scratch_close();
    return check_done();
}
