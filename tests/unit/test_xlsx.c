/* Workbooks (outputs/xlsx.h) written from CSV and INI files written here
 * and read back by openpyxl (tests/lib/xlsxread.h): numbers as the CSV's
 * doubles, text as text (an id of digits, leading zeros), blank cells
 * blank, inf, -inf and nan as text with a note in the workbook's language,
 * the number format of every kind, the headers in English and Chinese
 * with the column's name as their note, the header frozen and filtered,
 * the columns as wide as their text; the fills of the grades at their
 * bounds; every refusal with the workbook removed and nothing printed. */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "errcheck.h"
#include "outputs/xlsx.h"
#include "scratch.h"
#include "xlsxread.h"

#define SUMMARY_HEAD                                                           \
    "scenario,county_id,name,type,broad_base,broad_p50_end,broad_p10_end,"     \
    "broad_p90_end,p_breach_end,p_breach_end_se,first_year_p50,p_red_end\n"

/* Row 2: the doubles of the contract's examples, the three values that
 * are not finite; row 3: an id with leading zeros, blank cells, a number
 * of 17 significant digits; row 4: a name wider than a column may be, a
 * text that looks like a formula. */
static const char summary_csv[] = SUMMARY_HEAD
    "s,411302,\"Wolong, 卧龙区\",urban,0.1,0.3333333333333333,1e-300,"
    "123456789012.5,inf,-inf,2025,nan\n"
    "s,0042,N,rural,1,,2.5e-07,0.30000000000000004,0,1,,0.5\n"
    "s,x,"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    ",=1+2,-0.75,1.5,1,2,0.25,0.01,2030,0\n";

static const char *const NOTE_INF_EN =
    "Infinite: comprehensive resources were zero or negative, so the ratio "
    "has no finite value.";
static const char *const NOTE_NAN_EN =
    "Not a number: the difference of two infinite values.";
static const char *const NOTE_INF_ZH =
    "无穷大：综合财力为零或负，比率没有有限值。";

static const char run_ini[] = "[debtrisk]\n"
                              "version = 0.1.0\n"
                              "[run]\n"
                              "seed = 0042\n"
                              "title = Land slump / 土地市场下滑\n";

/* What fd 2 receives while f runs, in a new string. */
static char *stderr_of(void (*f)(void *), void *arg)
{
    fflush(stderr);
    int keep = dup(2);
    int fd =
        open(scratch_path("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
    f(arg);
    fflush(stderr);
    dup2(keep, 2);
    close(keep);
    return slurp(scratch_path("stderr.txt"), NULL);
}

/* Width w as set (a column's width and the padding of its pixels). */
static int width_is(const xl_book *b, const char *sheet, const char *col,
                    double w)
{
    double got = xl_width(b, sheet, col);
    int ok = got >= w && got < w + 1;
    if (!ok)
        printf("# %s column %s: width %g, expected %g\n", sheet, col, got, w);
    return ok;
}

/* Every kind's format, the values that are not finite, a format given. */
static void write_kinds(dr_xlsx *x)
{
    lxw_worksheet *ws = dr_xlsx_sheet(x, "kinds");
    static const dr_cell_kind kinds[] = {
        DR_CELL_YEAR,  DR_CELL_COUNT, DR_CELL_NUM,   DR_CELL_MONEY,
        DR_CELL_RATIO, DR_CELL_PROB,  DR_CELL_DELTA, DR_CELL_RATE};
    for (lxw_row_t r = 0; r < 8; r++)
        dr_xlsx_number(x, ws, r, 0, 0.25, kinds[r], NULL);
    dr_xlsx_number(x, ws, 0, 1, INFINITY, DR_CELL_RATIO, NULL);
    dr_xlsx_number(x, ws, 1, 1, -INFINITY, DR_CELL_RATIO, NULL);
    dr_xlsx_number(x, ws, 2, 1, NAN, DR_CELL_RATIO, NULL);
    dr_xlsx_number(x, ws, 3, 1, 2.0, DR_CELL_RATIO, x->bold);
    dr_xlsx_text(x, ws, 4, 1, "plain", NULL);
    dr_xlsx_text(x, ws, 5, 1, "0.5", x->text);
    /* a kind's format in a grade's fill, made once */
    lxw_format *f = dr_xlsx_fill(x, DR_CELL_MONEY, DR_XLSX_RED);
    CHECK(f && dr_xlsx_fill(x, DR_CELL_MONEY, DR_XLSX_RED) == f &&
          dr_xlsx_fill(x, DR_CELL_NUM, DR_XLSX_RED) != f);
    dr_xlsx_number(x, ws, 6, 1, 1234.5, DR_CELL_MONEY, f);
    dr_xlsx_number(x, ws, 7, 1, 7, DR_CELL_NUM,
                   dr_xlsx_fill(x, DR_CELL_NUM, DR_XLSX_GREEN));
}

static void check_kinds(const xl_book *b)
{
    static const char *const fmt[] = {
        "0",    "0",    "General",          "#,##0.00",
        "0.0%", "0.0%", "+0.0%;-0.0%;0.0%", "0.00%"};
    int all = 1;
    for (int r = 0; r < 8; r++) {
        char ref[8];
        snprintf(ref, sizeof ref, "A%d", r + 1);
        all &= xl_number_is(b, "kinds", ref, 0.25, fmt[r]);
    }
    CHECK(all);
    xl_cell c = xl_get(b, "kinds", "B1");
    CHECK(xl_text_is(b, "kinds", "B1", "inf") &&
          strcmp(c.comment, NOTE_INF_EN) == 0);
    c = xl_get(b, "kinds", "B2");
    CHECK(xl_text_is(b, "kinds", "B2", "-inf") &&
          strcmp(c.comment, NOTE_INF_EN) == 0);
    c = xl_get(b, "kinds", "B3");
    CHECK(xl_text_is(b, "kinds", "B3", "nan") &&
          strcmp(c.comment, NOTE_NAN_EN) == 0);
    /* a format given replaces the kind's */
    c = xl_get(b, "kinds", "B4");
    CHECK(xl_number_is(b, "kinds", "B4", 2.0, "General") && c.bold);
    CHECK(xl_text_is(b, "kinds", "B5", "plain"));
    c = xl_get(b, "kinds", "B6");
    CHECK(xl_text_is(b, "kinds", "B6", "0.5") && strcmp(c.format, "@") == 0);
    c = xl_get(b, "kinds", "B7");
    CHECK(xl_number_is(b, "kinds", "B7", 1234.5, "#,##0.00") &&
          strcmp(c.fill, "FFC7CE") == 0 && !c.bold);
    c = xl_get(b, "kinds", "B8");
    CHECK(xl_number_is(b, "kinds", "B8", 7, "General") &&
          strcmp(c.fill, "C6EFCE") == 0);
    CHECK(xl_count(b, "cell\tkinds\t") == 16);
}

/* The fills of the grades (yellow from 1.2, orange from 2, red from 3)
 * and the warning line at 1.0, written at their bounds and just below
 * (by a digit the workbook keeps: see check_summary_en). */
static const double grades[3] = {1.2, 2, 3};
static const double at[] = {
    0.5, 0.999999999999, 1.0, 1.199999999999, 1.2, 1.999999999999, 2, 3, 100};
static const char *const fill_at[] = {"C6EFCE", "C6EFCE", "C6EFCE",
                                      "C6EFCE", "FFEB9C", "FFEB9C",
                                      "F8CBAD", "FFC7CE", "FFC7CE"};
/* "above" the line is strictly greater: 1.0 on a line of 1.0 is not */
static const int above_at[] = {0, 0, 0, 1, 1, 1, 1, 1, 1};

static void write_grades(dr_xlsx *x)
{
    lxw_worksheet *ws = dr_xlsx_sheet(x, "grades");
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++)
        dr_xlsx_number(x, ws, (lxw_row_t)k, 0, at[k], DR_CELL_RATIO,
                       dr_xlsx_grade_format(x, at[k], 1.0, grades));
}

static void check_grades(const dr_xlsx *x, const xl_book *b)
{
    /* the formats themselves */
    CHECK(dr_xlsx_grade_format(x, 1.2, 1.0, grades) ==
          x->graded[DR_XLSX_YELLOW][1]);
    CHECK(dr_xlsx_grade_format(x, nextafter(1.2, 0), 1.0, grades) ==
          x->graded[DR_XLSX_GREEN][1]);
    CHECK(dr_xlsx_grade_format(x, 1.0, 1.0, grades) ==
          x->graded[DR_XLSX_GREEN][0]);
    CHECK(dr_xlsx_grade_format(x, nextafter(1.0, 2), 1.0, grades) ==
          x->graded[DR_XLSX_GREEN][1]);
    CHECK(dr_xlsx_grade_format(x, nextafter(1.0, 0), 1.0, grades) ==
          x->graded[DR_XLSX_GREEN][0]);
    CHECK(dr_xlsx_grade_format(x, nextafter(2.0, 0), 1.0, grades) ==
          x->graded[DR_XLSX_YELLOW][1]);
    CHECK(dr_xlsx_grade_format(x, -1.0, 1.0, grades) ==
          x->graded[DR_XLSX_GREEN][0]);
    CHECK(dr_xlsx_grade_format(x, 2, 1.0, grades) ==
          x->graded[DR_XLSX_ORANGE][1]);
    CHECK(dr_xlsx_grade_format(x, 3, 1.0, grades) == x->graded[DR_XLSX_RED][1]);
    CHECK(dr_xlsx_grade_format(x, INFINITY, 1.0, grades) ==
          x->graded[DR_XLSX_RED][1]);
    /* a warning line above the grades: red but not above it */
    CHECK(dr_xlsx_grade_format(x, 3.5, 4.0, grades) ==
          x->graded[DR_XLSX_RED][0]);
    if (!b)
        return;
    int all = 1;
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        char ref[8];
        snprintf(ref, sizeof ref, "A%zu", k + 1);
        xl_cell c = xl_get(b, "grades", ref);
        int ok = xl_number_is(b, "grades", ref, at[k], "0.0%") &&
                 strcmp(c.fill, fill_at[k]) == 0 && c.bold == above_at[k] &&
                 strcmp(c.color, above_at[k] ? "9C0006" : "-") == 0;
        if (!ok)
            printf("# %.17g: fill %s, bold %d, colour %s\n", at[k], c.fill,
                   c.bold, c.color);
        all &= ok;
    }
    CHECK(all);
}

static void check_summary_en(const xl_book *b)
{
    const char *s = "summary";
    /* the header: English labels, each with its column's name */
    xl_cell h = xl_get(b, s, "A1");
    CHECK(xl_text_is(b, s, "A1", "Scenario") && h.bold &&
          strcmp(h.fill, "1F4E79") == 0 && strcmp(h.color, "FFFFFF") == 0 &&
          strcmp(h.comment, "scenario") == 0);
    h = xl_get(b, s, "E1");
    CHECK(xl_text_is(b, s, "E1", "Broad ratio, base year") &&
          strcmp(h.comment, "broad_base") == 0);
    CHECK(xl_text_is(b, s, "L1", "P(red at the horizon)"));
    /* row 2: the numbers exactly, each kind's format */
    CHECK(xl_text_is(b, s, "B2", "411302"));
    CHECK(strcmp(xl_get(b, s, "B2").format, "@") == 0);
    CHECK(xl_text_is(b, s, "C2", "Wolong, 卧龙区"));
    CHECK(xl_number_is(b, s, "E2", 0.1, "0.0%"));
    CHECK(xl_number_is(b, s, "F2", 1.0 / 3.0, "0.0%"));
    CHECK(xl_number_is(b, s, "G2", 1e-300, "0.0%"));
    CHECK(xl_number_is(b, s, "H2", 123456789012.5, "0.0%"));
    CHECK(xl_text_is(b, s, "I2", "inf") &&
          strcmp(xl_get(b, s, "I2").comment, NOTE_INF_EN) == 0);
    CHECK(xl_text_is(b, s, "J2", "-inf") &&
          strcmp(xl_get(b, s, "J2").comment, NOTE_INF_EN) == 0);
    CHECK(xl_number_is(b, s, "K2", 2025, "0"));
    CHECK(xl_text_is(b, s, "L2", "nan") &&
          strcmp(xl_get(b, s, "L2").comment, NOTE_NAN_EN) == 0);
    /* row 3: text kept whole, blank cells blank */
    CHECK(xl_text_is(b, s, "B3", "0042"));
    CHECK(!xl_get(b, s, "F3").found && !xl_get(b, s, "K3").found);
    CHECK(xl_number_is(b, s, "E3", 1, "0.0%"));
    CHECK(xl_number_is(b, s, "G3", 2.5e-07, "0.0%"));
    CHECK(xl_number_is(b, s, "I3", 0, "0.0%"));
    CHECK(xl_number_is(b, s, "J3", 1, "0.0%"));
    /* libxlsxwriter writes 16 significant digits: a double that needs 17
     * comes back as a neighbour, within half a unit of the 16th digit */
    xl_cell c = xl_get(b, s, "H3");
    CHECK(c.type == 'n' && fabs(c.number - 0.30000000000000004) <= 5e-16 * 0.3);
    CHECK(xl_number_is(b, s, "E4", -0.75, "0.0%"));
    /* text that looks like a formula is text */
    CHECK(xl_text_is(b, s, "D4", "=1+2"));
    /* nothing else: 12 headers, 12 + 10 + 12 cells */
    CHECK(xl_count(b, "cell\tsummary\t") == 12 + 12 + 10 + 12);
    /* frozen under the header, filtered over every row */
    CHECK(strcmp(xl_sheet_field(b, s, 0), "A2") == 0);
    CHECK(strcmp(xl_sheet_field(b, s, 1), "A1:L4") == 0);
    /* widths: the widest text + 2, headers counted up to 18 (they wrap),
     * at least 9, at most 60; CJK characters twice */
    CHECK(width_is(b, s, "A", 10)); /* "Scenario" 8 */
    CHECK(width_is(b, s, "B", 11)); /* "County id" 9 */
    CHECK(width_is(b, s, "C", 60)); /* 70 x */
    CHECK(width_is(b, s, "D", 9));  /* "Type" 4, "urban" 5 */
    CHECK(width_is(b, s, "E", 20)); /* a header of 22 */
    CHECK(width_is(b, s, "K", 19)); /* "First year at 50%" 17 */
    char *line = xl_line(b, "height\tsummary\t1\t");
    CHECK(line && strcmp(line, "height\tsummary\t1\t32.0") == 0);
    free(line);
}

static void check_settings(const xl_book *b, const char *name, int zh)
{
    CHECK(xl_text_is(b, name, "A1", zh ? "节" : "Section") &&
          xl_text_is(b, name, "B1", zh ? "键" : "Key") &&
          xl_text_is(b, name, "C1", zh ? "值" : "Value"));
    CHECK(xl_text_is(b, name, "A2", "debtrisk") &&
          xl_text_is(b, name, "B2", "version") &&
          xl_text_is(b, name, "C2", "0.1.0"));
    /* a value of digits stays the text it was */
    CHECK(xl_text_is(b, name, "A3", "run") &&
          xl_text_is(b, name, "B3", "seed") &&
          xl_text_is(b, name, "C3", "0042"));
    CHECK(xl_text_is(b, name, "C4", "Land slump / 土地市场下滑"));
    CHECK(strcmp(xl_sheet_field(b, name, 0), "A2") == 0);
    /* "Land slump / " 13 + 6 CJK characters 12, + 2 */
    CHECK(width_is(b, name, "C", 27));
    CHECK(width_is(b, name, "A", 10)); /* "debtrisk" 8, + 2 */
}

static void en_book(void)
{
    const char *path = scratch_path("en.xlsx");
    dr_xlsx x;
    dr_error err = {0};
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    write_kinds(&x);
    write_grades(&x);
    dr_xlsx_csv_sheet(&x, scratch_dir, "summary.csv",
                      &dr_schemas[DR_SC_SUMMARY], "summary");
    dr_xlsx_ini_sheet(&x, scratch_dir, "run.ini", "Settings");
    /* no file, no sheet */
    dr_xlsx_ini_sheet(&x, scratch_dir, "model.ini", "Model");
    check_grades(&x, NULL);
    CHECK(dr_xlsx_close(&x, &err) == DR_OK);
    CHECK(x.wb == NULL && x.path == NULL);
    xl_book b;
    CHECK(xl_load(&b, path) == 0);
    CHECK(strcmp(xl_sheets(&b), "kinds,grades,summary,Settings") == 0);
    check_kinds(&b);
    dr_xlsx y; /* for the formats' pointers only */
    CHECK(dr_xlsx_open(&y, scratch_path("unused.xlsx"), DR_LANG_EN, &err) ==
          DR_OK);
    check_grades(&y, &b);
    dr_xlsx_close(&y, &err);
    check_summary_en(&b);
    check_settings(&b, "Settings", 0);
    xl_free(&b);
}

/* Chinese: the headers and the notes. */
static void zh_book(void)
{
    const char *path = scratch_path("zh.xlsx");
    dr_xlsx x;
    dr_error err = {0};
    CHECK(dr_xlsx_open(&x, path, DR_LANG_ZH, &err) == DR_OK && x.zh == 1);
    dr_xlsx_csv_sheet(&x, scratch_dir, "summary.csv",
                      &dr_schemas[DR_SC_SUMMARY], "summary");
    dr_xlsx_csv_sheet(&x, scratch_dir, "compare.csv",
                      &dr_schemas[DR_SC_COMPARE], "compare");
    dr_xlsx_ini_sheet(&x, scratch_dir, "run.ini", "运行设置");
    CHECK(dr_xlsx_close(&x, &err) == DR_OK);
    xl_book b;
    CHECK(xl_load(&b, path) == 0);
    CHECK(strcmp(xl_sheets(&b), "summary,compare,运行设置") == 0);
    CHECK(xl_text_is(&b, "summary", "A1", "情景") &&
          xl_text_is(&b, "summary", "B1", "区县代码") &&
          xl_text_is(&b, "summary", "E1", "基年宽口径债务率"));
    CHECK(strcmp(xl_get(&b, "summary", "B1").comment, "county_id") == 0);
    CHECK(xl_text_is(&b, "summary", "I2", "inf") &&
          strcmp(xl_get(&b, "summary", "I2").comment, NOTE_INF_ZH) == 0);
    CHECK(strcmp(xl_get(&b, "summary", "L2").comment,
                 "非数：两个无穷大之差。") == 0);
    CHECK(xl_number_is(&b, "summary", "F2", 1.0 / 3.0, "0.0%"));
    /* "基年宽口径债务率" is 8 CJK characters: 16 */
    CHECK(width_is(&b, "summary", "E", 18));
    /* compare.csv: changes in points with their sign, the rest
     * percentages; a file with no rows is its header, filtered */
    CHECK(xl_text_is(&b, "compare", "E1", "较基准变化"));
    CHECK(xl_number_is(&b, "compare", "D2", 0.5, "0.0%"));
    CHECK(xl_number_is(&b, "compare", "E2", -0.125, "+0.0%;-0.0%;0.0%"));
    CHECK(xl_number_is(&b, "compare", "F2", 0.01, "0.0%"));
    CHECK(xl_number_is(&b, "compare", "H2", 0.2, "+0.0%;-0.0%;0.0%"));
    CHECK(strcmp(xl_sheet_field(&b, "compare", 1), "A1:H2") == 0);
    check_settings(&b, "运行设置", 1);
    xl_free(&b);
}

static void close_it(void *x)
{
    dr_error err;
    dr_xlsx_close(x, &err);
}

static void dup_sheets(void *arg)
{
    dr_xlsx *x = arg;
    CHECK(dr_xlsx_sheet(x, "data") != NULL);
    /* Excel's sheet names are the same in any case */
    CHECK(dr_xlsx_sheet(x, "Data") == NULL);
    CHECK(dr_xlsx_sheet(x, "other") == NULL); /* after a failure, nothing */
}

static void failures(void)
{
    dr_xlsx x;
    dr_error err = {0};

    /* a text in a number column: at its line and column, the workbook
     * removed */
    const char *bad =
        scratch_put("bad.csv", SUMMARY_HEAD "s,a,A,urban,0.5,1,1,1,0,0,,0\n"
                                            "s,b,B,urban,abc,1,1,1,0,0,,0\n");
    const char *path = scratch_path("bad.xlsx");
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_csv_sheet(&x, scratch_dir, "bad.csv", &dr_schemas[DR_SC_SUMMARY],
                      "bad");
    CHECK(x.st == DR_EINPUT);
    CHECK(dr_xlsx_sheet(&x, "after") == NULL);
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EINPUT, bad, 3, 13,
                 "broad_base: expected a number, found 'abc'"));
    CHECK(!exists(path));
    /* a number followed by text, in a year column */
    bad = scratch_put("bad2.csv", SUMMARY_HEAD "s,a,A,urban,0.5,1,1,1,0,0,"
                                               "2025x,0\n");
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_csv_sheet(&x, scratch_dir, "bad2.csv", &dr_schemas[DR_SC_SUMMARY],
                      "bad");
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EINPUT, bad, 2, 27,
                 "first_year_p50: expected a number, found '2025x'"));
    CHECK(!exists(path));
    /* a CSV that is not one of the schema's: the reader's message */
    bad = scratch_put("bad3.csv", "scenario,nonsense\ns,1\n");
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_csv_sheet(&x, scratch_dir, "bad3.csv", &dr_schemas[DR_SC_SUMMARY],
                      "bad");
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EINPUT, bad, 1, ANY,
                 "nonsense"));
    CHECK(!exists(path));
    /* a CSV that is not there */
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_csv_sheet(&x, scratch_dir, "none.csv", &dr_schemas[DR_SC_SUMMARY],
                      "none");
    CHECK(dr_xlsx_close(&x, &err) != DR_OK && !exists(path));

    /* a malformed INI file: at its line */
    bad = scratch_put("bad.ini", "[run]\nseed = 1\nnot a line\n");
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_ini_sheet(&x, scratch_dir, "bad.ini", "Settings");
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EINPUT, bad, 3, 0,
                 "not a line of an INI file"));
    CHECK(!exists(path));

    /* a sheet name used twice: reported, not printed by the library */
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    char *said = stderr_of(dup_sheets, &x);
    CHECK(said && said[0] == '\0');
    if (said && said[0])
        check_note("printed: ", said);
    free(said);
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EIO, path, 0, 0,
                 "sheet 'Data': Worksheet name is already in use"));
    CHECK(!exists(path));
    /* too long, and a character Excel refuses */
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    CHECK(dr_xlsx_sheet(&x, "abcdefghijklmnopqrstuvwxyz123456") == NULL);
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EIO, path, 0, 0,
                 "sheet 'abcdefghijklmnopqrstuvwxyz123456': "));
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    CHECK(dr_xlsx_sheet(&x, "a[1]") == NULL);
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EIO, path, 0, 0,
                 "sheet 'a[1]': "));
    /* 31 characters (of CJK, 93 bytes) is a name */
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    CHECK(dr_xlsx_sheet(&x, "一二三四五六七八九十一二三四五六七八九十一二三四五"
                            "六七八九十一") != NULL);
    CHECK(dr_xlsx_close(&x, &err) == DR_OK && exists(path));
    remove(path);

    /* the first failure is the one reported */
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_check(&x, LXW_NO_ERROR);
    dr_xlsx_check(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    dr_error e = {0};
    dr_error_set(&e, DR_EINPUT, "later.csv", 1, 1, "later");
    dr_xlsx_fail(&x, &e);
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_ENOMEM, "", 0, 0,
                 "out of memory"));
    CHECK(!exists(path));
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_fail(&x, &e);
    dr_xlsx_check(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EINPUT, "later.csv", 1, 1,
                 "later"));
    CHECK(!exists(path));
    CHECK(dr_xlsx_open(&x, path, DR_LANG_EN, &err) == DR_OK);
    dr_xlsx_check(&x, LXW_ERROR_CREATING_TMPFILE);
    CHECK(dr_xlsx_fill(&x, DR_CELL_RATE, DR_XLSX_GREEN) == NULL);
    CHECK(err_is(dr_xlsx_close(&x, &err), &err, DR_EIO, path, 0, 0,
                 "cannot write the workbook: "));
    CHECK(!exists(path));
}

/* A workbook that cannot be made: DR_EIO naming it, at once, with nothing
 * printed by the library. */
static void unwritable(void)
{
    dr_xlsx x;
    dr_error err = {0};
    const char *path = scratch_path("gone/book.xlsx");
    fflush(stderr);
    dr_status st = dr_xlsx_open(&x, path, DR_LANG_EN, &err);
    CHECK(err_is(st, &err, DR_EIO, path, 0, 0,
                 "cannot make it: No such file or directory"));
    char *said = stderr_of(close_it, &x);
    CHECK(said && said[0] == '\0');
    if (said && said[0])
        check_note("printed: ", said);
    free(said);
    CHECK(!exists(path));
    if (getuid() == 0) {
        printf("ok %d - # SKIP a read-only folder: running as root\n",
               ++check_n);
        return;
    }
    mkdir(scratch_path("ro"), 0555);
    path = scratch_path("ro/book.xlsx");
    CHECK(err_is(dr_xlsx_open(&x, path, DR_LANG_EN, &err), &err, DR_EIO, path,
                 0, 0, "cannot make it: Permission denied"));
    dr_xlsx_close(&x, &err);
    CHECK(!exists(path));
    chmod(scratch_path("ro"), 0755);
}

static void widths(void)
{
    CHECK(dr_xlsx_width("") == 0);
    CHECK(dr_xlsx_width("abc") == 3);
    CHECK(dr_xlsx_width("卧龙区") == 6);
    CHECK(dr_xlsx_width("é") == 1);                 /* two bytes, narrow */
    CHECK(dr_xlsx_width("（") == 2);                /* full-width */
    CHECK(dr_xlsx_width("a\xF0\x9F\x99\x82") == 3); /* four bytes: 2 */
}

int main(void)
{
    if (scratch_open("xlsx") != 0)
        return 1;
    if (!xl_available()) {
        printf("1..0 # SKIP no Python with openpyxl to read workbooks\n");
        scratch_close();
        return 0;
    }
    scratch_put("summary.csv", summary_csv);
    scratch_put("compare.csv",
                "scenario,county_id,name,p_breach_end,p_breach_delta,"
                "p_breach_delta_se,broad_p50_end,broad_p50_delta\n"
                "slump,a,A,0.5,-0.125,0.01,1.1,0.2\n");
    scratch_put("run.ini", run_ini);
    en_book();
    zh_book();
    failures();
    unwritable();
    widths();
    scratch_close();
    return check_done();
}
