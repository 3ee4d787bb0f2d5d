/* Tests of the fiscal.csv reader (and the CSV layer under it) on the files in
 * tests/data/csv. Expected values are the numbers written in those files;
 * expected columns are byte columns counted by hand in them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fiscal.h"

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
    CHECK(c->rate_explicit == 0 && c->rate_hidden == 1); /* rate bounds */
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
        "hidden_debt must be >= 0, found -3");
    bad(CSV("fiscal_zero_gdp.csv"), 2, 11, "gdp must be > 0, found 0");
    bad(CSV("fiscal_zero_spending.csv"), 2, 23,
        "primary_spending must be > 0, found 0");
    bad(CSV("fiscal_rate_range.csv"), 3, 32,
        "rate_hidden must be between 0 and 1, found 1.5");
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
        "not valid UTF-8: a file saved by Excel or WPS in GB18030/GBK can be read with --encoding gb18030");
    bad(CSV("fiscal_nul.csv"), 3, 4, "NUL byte");
    bad(CSV("fiscal_long_field.csv"), 2, 3, "field too long");
    bad(CSV("no_such_file.csv"), 0, 0, "cannot open: No such file");
}

int main(void)
{
    test_good();
    test_all_columns();
    test_bad();
    return check_done();
}
