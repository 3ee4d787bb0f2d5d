/* Tests of the fiscal.csv reader (and the CSV layer under it) on the files in
 * tests/data/csv. Expected values are the numbers written in those files;
 * expected columns are byte columns counted by hand in them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "inputs/fiscal.h"

#define CSV(name) TEST_DATA "/csv/" name

static void test_good(void)
{
    /* BOM, CRLF, columns out of order, blank lines (one of spaces), a quoted
     * name with a comma, Chinese names, soe_revenue/remittance/rate_hidden
     * absent, empty contingent and rate_explicit cells. */
    dr_fiscal f;
    dr_error err = {0};
    CHECK(dr_fiscal_read(CSV("fiscal_good.csv"), &f, &err) == DR_OK);
    if (err.status)
        printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
    CHECK(f.n == 3);
    if (f.n != 3)
        return;
    CHECK(strcmp(f.path, CSV("fiscal_good.csv")) == 0);

    const dr_county *c = &f.county[0];
    CHECK(strcmp(c->id, "dengzhou") == 0);
    CHECK(strcmp(c->name, "邓州市") == 0);
    CHECK(strcmp(c->type, "agricultural") == 0);
    CHECK(c->line == 2);
    CHECK_NEAR(c->gdp, 612.5, 1e-15);
    CHECK_NEAR(c->own_revenue, 28.1, 1e-15);
    CHECK_NEAR(c->transfers, 95.3, 1e-15);
    CHECK_NEAR(c->land_revenue, 40.2, 1e-15);
    CHECK_NEAR(c->primary_spending, 160.7, 1e-15);
    CHECK_NEAR(c->explicit_debt, 210.4, 1e-15);
    CHECK_NEAR(c->hidden_debt, 180.9, 1e-15);
    CHECK(c->contingent == 0); /* empty cell */
    CHECK_NEAR(c->rate_explicit, 0.031, 1e-15);
    CHECK_NEAR(c->other_fund_revenue, 3.5, 1e-15);
    CHECK(c->soe_revenue == 0);   /* column absent */
    CHECK(c->remittance == 0);    /* column absent */
    CHECK(isnan(c->rate_hidden)); /* column absent: type default */

    c = &f.county[1];
    CHECK(strcmp(c->id, "xinye") == 0);
    CHECK(strcmp(c->name, "Xinye, east") == 0);
    CHECK(c->line == 4); /* after the blank line 3 */
    CHECK_NEAR(c->gdp, 330, 1e-15);
    CHECK_NEAR(c->own_revenue, 12.25, 1e-15);
    CHECK_NEAR(c->hidden_debt, 70.5, 1e-15);
    CHECK_NEAR(c->contingent, 12, 1e-15);
    CHECK(isnan(c->rate_explicit)); /* empty cell: type default */
    CHECK(c->other_fund_revenue == 0);

    c = &f.county[2];
    CHECK(strcmp(c->id, "wolong") == 0);
    CHECK(strcmp(c->name, "卧龙区") == 0);
    CHECK(strcmp(c->type, "urban") == 0);
    CHECK(c->line == 6); /* after the line of spaces */
    CHECK_NEAR(c->hidden_debt, 400.25, 1e-15);
    CHECK_NEAR(c->contingent, 5.5, 1e-15);
    CHECK_NEAR(c->rate_explicit, 0.035, 1e-15);
    CHECK_NEAR(c->other_fund_revenue, 10, 1e-15); /* written 1e1 */

    CHECK(dr_fiscal_find(&f, "dengzhou") == 0);
    CHECK(dr_fiscal_find(&f, "wolong") == 2);
    CHECK(dr_fiscal_find(&f, "Wolong") == -1); /* ids are case-sensitive */
    dr_fiscal_free(&f);
    CHECK(f.n == 0 && f.county == NULL && f.path == NULL);
}

static void test_all_columns(void)
{
    /* LF, every column, a quoted name with a comma and doubled quotes, no
     * newline at the end of the file. (A name spanning two lines is
     * refused: fiscal_name_newline.csv below.) */
    dr_fiscal f;
    dr_error err = {0};
    CHECK(dr_fiscal_read(CSV("fiscal_all.csv"), &f, &err) == DR_OK);
    CHECK(f.n == 2);
    if (f.n != 2)
        return;
    const dr_county *c = &f.county[0];
    CHECK(strcmp(c->name, "North \"New\", District") == 0);
    CHECK(strcmp(c->id, "north") == 0);
    CHECK(c->line == 2);
    CHECK_NEAR(c->gdp, 1000, 0);
    CHECK_NEAR(c->own_revenue, 100, 0);
    CHECK_NEAR(c->transfers, 50, 0);
    CHECK_NEAR(c->land_revenue, 200, 0);
    CHECK_NEAR(c->primary_spending, 300, 0);
    CHECK_NEAR(c->explicit_debt, 400, 0);
    CHECK_NEAR(c->hidden_debt, 500, 0);
    CHECK_NEAR(c->other_fund_revenue, 1, 0);
    CHECK_NEAR(c->soe_revenue, 2, 0);
    CHECK_NEAR(c->remittance, 3, 0);
    CHECK_NEAR(c->contingent, 4, 0);
    CHECK_NEAR(c->rate_explicit, 0.03, 1e-15);
    CHECK_NEAR(c->rate_hidden, 0.06, 1e-15);

    c = &f.county[1];
    CHECK(c->line == 3);
    CHECK(strcmp(c->type, "rural-2") == 0);
    CHECK_NEAR(c->gdp, 150, 0);                        /* written 1.5e2 */
    CHECK(c->own_revenue == 0 && c->hidden_debt == 0); /* zero money is fine */
    CHECK_NEAR(c->primary_spending, 0.5, 0);
    CHECK(c->rate_explicit == 0 && c->rate_hidden == 0.3); /* rate bounds */
    dr_fiscal_free(&f);
}

/* Reads a file that must fail, checking status, place and message. */
static void bad(const char *path, long line, long col, const char *phrase)
{
    dr_fiscal f;
    dr_error err = {0};
    dr_status st = dr_fiscal_read(path, &f, &err);
    printf("# %s\n#   %s:%ld:%ld: %s\n", path, err.file, err.line, err.col,
           err.msg);
    CHECK(st == DR_EINPUT);
    CHECK(strcmp(err.file, path) == 0);
    CHECK(err.line == line);
    CHECK(err.col == col);
    CHECK(strstr(err.msg, phrase) != NULL);
    CHECK(f.n == 0 && f.county == NULL && f.path == NULL);
}

static void test_bad(void)
{
    /* The header is 101 bytes long, so an extra column starts at 103. */
    bad(CSV("fiscal_missing_column.csv"), 1, 1,
        "missing required column 'hidden_debt'");
    bad(CSV("fiscal_unknown_column.csv"), 1, 103,
        "unknown column 'contingnet'; did you mean 'contingent'?");
    bad(CSV("fiscal_duplicate_column.csv"), 1, 103, "duplicate column 'gdp'");
    /* "a,A,urban,100,10,20,5,30,40" is 27 bytes: the row ends at 28. */
    bad(CSV("fiscal_short_row.csv"), 3, 28, "expected 10 fields, found 9");
    /* The good row is 30 bytes; the extra field starts after its comma. */
    bad(CSV("fiscal_long_row.csv"), 2, 32, "expected 10 fields, found 11");
    /* Rows are "a,A,urban,GDP,OR,TR,LR,PS,E,H": gdp at 11, own_revenue at
     * 15, transfers at 18, land_revenue at 21, primary_spending at 23,
     * explicit_debt at 26, hidden_debt at 29. */
    bad(CSV("fiscal_not_number.csv"), 2, 11,
        "gdp: expected a number, found 'abc' (not a number)");
    bad(CSV("fiscal_nan.csv"), 2, 15,
        "own_revenue: expected a number, "
        "found 'nan' (not a finite number)");
    bad(CSV("fiscal_inf.csv"), 2, 18,
        "transfers: expected a number, "
        "found '-inf' (not a finite number)");
    bad(CSV("fiscal_overflow.csv"), 2, 21,
        "land_revenue: expected a number, found '1e999' (the number is too "
        "large)");
    bad(CSV("fiscal_junk.csv"), 2, 23,
        "found '5abc' (unexpected characters after the number)");
    bad(CSV("fiscal_thousands.csv"), 2, 26,
        "explicit_debt: expected a number, found '1,234' (thousands "
        "separators");
    bad(CSV("fiscal_negative.csv"), 2, 29,
        "hidden_debt must be in [0, 1e12], found -3");
    bad(CSV("fiscal_zero_gdp.csv"), 2, 11,
        "gdp must be > 0 and <= 1e12, found 0");
    bad(CSV("fiscal_zero_spending.csv"), 2, 23,
        "primary_spending must be > 0 and <= 1e12, found 0");
    bad(CSV("fiscal_rate_range.csv"), 3, 32,
        "rate_hidden must be in [0, 0.3], found 1.5; 1.5 looks like a "
        "percentage: write 0.015 for 1.5%");
    bad(CSV("fiscal_bad_id.csv"), 2, 1, "county_id: 'a.b' is not a valid id");
    bad(CSV("fiscal_duplicate_id.csv"), 4, 1,
        "duplicate county_id 'a' (first at line 2)");
    bad(CSV("fiscal_empty_name.csv"), 2, 3, "name: the field is empty");
    bad(CSV("fiscal_bad_type.csv"), 2, 5, "not a valid type label");
    /* names and labels: one line of plain text, no spreadsheet formula
     * (the field's first byte: its opening quote when quoted) */
    bad(CSV("fiscal_name_newline.csv"), 2, 3,
        "name: U+000A (a line break) at character 6");
    bad(CSV("fiscal_name_formula.csv"), 2, 3, "name: it starts with '='");
    bad(CSV("fiscal_type_formula.csv"), 2, 5, "type: it starts with '-'");
    bad(CSV("fiscal_id_formula.csv"), 2, 1, "county_id: it starts with '-'");
    /* The quote opened at line 3, column 3 runs to the end of the file. */
    bad(CSV("fiscal_unterminated.csv"), 3, 3, "unterminated quote");
    bad(CSV("fiscal_bad_quote.csv"), 2, 4, "bad quoting");
    bad(CSV("fiscal_empty.csv"), 1, 1, "the file is empty");
    bad(CSV("fiscal_blank.csv"), 1, 1, "the file is empty"); /* BOM, blanks */
    bad(CSV("fiscal_header_only.csv"), 1, 1, "no counties");
    /* Line 3 is "b,<邓州 in GBK>,...": the first bad byte is at column 3. */
    bad(CSV("fiscal_invalid_utf8.csv"), 3, 3,
        "not valid UTF-8: a file saved by Excel or WPS in GB18030/GBK can be "
        "read with --encoding gb18030");
    bad(CSV("fiscal_nul.csv"), 3, 4, "NUL byte");
    bad(CSV("fiscal_long_field.csv"), 2, 3, "field too long");
    bad(CSV("no_such_file.csv"), 0, 0, "cannot open: No such file");
}

static char tmpdir[] = "/tmp/dr_test_fiscal_XXXXXX";
static char tmppath[64];

/* Writes n bytes to a scratch file and returns its path. */
static const char *scratch(const char *bytes, size_t n)
{
    snprintf(tmppath, sizeof tmppath, "%s/f.csv", tmpdir);
    FILE *f = fopen(tmppath, "wb");
    if (f) {
        fwrite(bytes, 1, n, f);
        fclose(f);
    }
    return tmppath;
}

#define HEAD                                                                   \
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"              \
    "primary_spending,explicit_debt,hidden_debt\n"
#define ROW "a,A,urbn,100,10,20,5,30,40,50\n"

/* UTF-16 and UTF-32 with a byte-order mark, and a final Ctrl-Z, read as
 * the same UTF-8 text; the type's column kept for warnings. */
static void test_encodings(void)
{
    static const char utf8[] = HEAD ROW;
    char wide[4 * sizeof utf8 + 4];
    for (int unit = 2; unit <= 4; unit += 2) {
        size_t n = 0;
        /* FF FE (00 00): little-endian, each ASCII byte then NULs */
        wide[n++] = '\xFF', wide[n++] = '\xFE';
        if (unit == 4)
            wide[n++] = 0, wide[n++] = 0;
        for (size_t k = 0; k + 1 < sizeof utf8; k++) {
            wide[n++] = utf8[k];
            for (int z = 1; z < unit; z++)
                wide[n++] = 0;
        }
        dr_fiscal f;
        dr_error err = {0};
        CHECK(dr_fiscal_read(scratch(wide, n), &f, &err) == DR_OK);
        CHECK(f.n == 1 && strcmp(f.county[0].type, "urbn") == 0 &&
              f.county[0].hidden_debt == 50);
        CHECK(f.n == 1 && f.county[0].type_col == 5); /* "a,A,urbn" */
        dr_fiscal_free(&f);
    }
    static const char ctrl_z[] = HEAD ROW "\x1A";
    dr_fiscal f;
    dr_error err = {0};
    CHECK(dr_fiscal_read(scratch(ctrl_z, sizeof ctrl_z - 1), &f, &err) ==
          DR_OK);
    CHECK(f.n == 1);
    dr_fiscal_free(&f);
    /* a Ctrl-Z anywhere else is not the end of the file */
    static const char inner[] = HEAD ROW "\x1A\n";
    CHECK(dr_fiscal_read(scratch(inner, sizeof inner - 1), &f, &err) ==
          DR_EINPUT);
    /* no mark: NUL after every ASCII byte, the first at byte 2 */
    size_t n = 0;
    for (size_t k = 0; k + 1 < sizeof utf8; k++)
        wide[n++] = utf8[k], wide[n++] = 0;
    bad(scratch(wide, n), 1, 2, "looks like UTF-16");
}

/* Ids the outputs keep for themselves, look-alike spaces, did you mean. */
static void test_messages(void)
{
    static const char city[] = HEAD "city,C,urban,100,10,20,5,30,40,50\n";
    bad(scratch(city, sizeof city - 1), 2, 1, "'city' is reserved");
    /* gdp, at col 10 of "a,A,urbn,100" (a 1, A 3, urbn 5-8), is 100 and a
     * no-break space */
    static const char nbsp[] = HEAD "a,A,urbn,100\xC2\xA0,10,20,5,30,40,50\n";
    bad(scratch(nbsp, sizeof nbsp - 1), 2, 10,
        "gdp: expected a number, found '100\xC2\xA0' (a non-breaking space "
        "(U+00A0) after the number: delete it)");
    /* the header with GDP: at col 21 */
    static const char upper[] =
        "county_id,name,type,GDP,own_revenue,transfers,land_revenue,"
        "primary_spending,explicit_debt,hidden_debt\n" ROW;
    bad(scratch(upper, sizeof upper - 1), 1, 21,
        "unknown column 'GDP'; did you mean 'gdp'?");
    /* did you mean a county id */
    static const char two[] = HEAD ROW "dengzhou,D,urban,1,1,1,1,1,1,1\n";
    dr_fiscal f;
    dr_error err = {0};
    CHECK(dr_fiscal_read(scratch(two, sizeof two - 1), &f, &err) == DR_OK);
    const char *g = dr_fiscal_suggest(&f, "dengzhuo");
    CHECK(g && strcmp(g, "dengzhou") == 0);
    CHECK(dr_fiscal_suggest(&f, "Dengzhou") != NULL);
    CHECK(dr_fiscal_suggest(&f, "xinye") == NULL);
    dr_fiscal_free(&f);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_good();
    test_all_columns();
    test_bad();
    test_encodings();
    test_messages();
    remove(tmppath);
    rmdir(tmpdir);
    return check_done();
}
