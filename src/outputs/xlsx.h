/* Workbooks (.xlsx, for Excel and WPS) through libxlsxwriter: the formats
 * of debtrisk's numbers, a CSV output of a folder copied as one sheet with
 * exactly its numbers, and an INI file as a sheet of settings. The
 * formatted first sheets of each command are built on these in
 * present/workbook.c. Every call after the first failure does nothing;
 * dr_xlsx_close reports that failure. */
#ifndef DR_XLSX_H
#define DR_XLSX_H

#include "base/lang.h"
#include <stddef.h>
#include <xlsxwriter.h>

#include "base/error.h"
#include "inputs/csvread.h"
#include "outputs/schema.h"

/* The fills of the grades, green to red, and of the headers. */
enum { DR_XLSX_GREEN, DR_XLSX_YELLOW, DR_XLSX_ORANGE, DR_XLSX_RED };

typedef struct dr_xlsx {
    lxw_workbook *wb;
    char *path;
    int zh; /* headers and notes in Chinese */
    /* the format of each kind of cell, plain and in each grade's fill */
    lxw_format *kind[DR_CELL_RATE + 1];
    lxw_format *graded[4][2]; /* [grade][above the warning line] */
    lxw_format *filled[DR_CELL_RATE + 1][4]; /* dr_xlsx_fill's, once made */
    lxw_format *head, *title, *note, *text, *bold;
    lxw_error lerr; /* the first failure of libxlsxwriter */
    dr_status st;   /* the first failure of debtrisk's own */
    dr_error err;   /* its message */
} dr_xlsx;

/* Starts the workbook that dr_xlsx_close writes at path (made now, empty,
 * so that a file that cannot be made is known at once), its headers and
 * notes in lang ("en" or "zh"). DR_ENOMEM, DR_EIO (the file cannot be
 * made, naming it), with no file left. */
dr_status dr_xlsx_open(dr_xlsx *x, const char *path, dr_lang lang,
                       dr_error *err);

/* A new sheet named name (at most 31 characters, unique), or NULL after a
 * failure. */
lxw_worksheet *dr_xlsx_sheet(dr_xlsx *x, const char *name);

/* The CSV file dir/rel, an output of schema s, as a new sheet: its header
 * in the workbook's language, then every row; a text column as text, a
 * number as the number the CSV holds in the format of its kind (to the 16
 * significant digits libxlsxwriter writes: the same double when its
 * shortest text has at most 16, a neighbour when it needs 17, which Excel,
 * showing 15, does not tell apart), "inf", "-inf" and "nan" as text
 * with a note saying what they mean, a blank cell blank. The header is
 * frozen and filtered, the columns as wide as their text. A cell of a
 * number column that is not a number is DR_EINPUT at its line and
 * column. */
void dr_xlsx_csv_sheet(dr_xlsx *x, const char *dir, const char *rel,
                       const dr_schema *s, const char *name);

/* The INI file dir/rel (run.ini) as a sheet of section, key and value;
 * a missing file leaves no sheet. */
void dr_xlsx_ini_sheet(dr_xlsx *x, const char *dir, const char *rel,
                       const char *name);

/* Writes v in the format of kind k at (row, col): a number, or for a
 * value that is not finite the text cell and note of dr_xlsx_csv_sheet;
 * fmt, when not NULL, replaces the kind's format. */
void dr_xlsx_number(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    double v, dr_cell_kind k, lxw_format *fmt);

/* The number in cell (r, k) of the table t at (row, col), as
 * dr_xlsx_number writes it; a blank cell stays blank, text that is not a
 * number is DR_EINPUT at its line and column. */
void dr_xlsx_cell(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                  const dr_csv_table *t, size_t r, size_t k, dr_cell_kind kind,
                  lxw_format *fmt);

/* Text at (row, col), in fmt (NULL: plain). */
void dr_xlsx_text(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                  const char *s, lxw_format *fmt);

/* Sets the width of columns from the widest text written in each (CJK
 * characters count twice), between min and 60. width[c] is kept by the
 * caller, the display widths of what it wrote, as dr_xlsx_width gives. */
void dr_xlsx_widths(dr_xlsx *x, lxw_worksheet *ws, const double *width,
                    size_t ncols, double min);

/* The display width of UTF-8 text: CJK and other wide characters 2. */
double dr_xlsx_width(const char *s);

/* The format of a ratio in the fill of its grade (grades: the lower
 * bounds of yellow, orange and red), bold red when above the
 * warning line. */
lxw_format *dr_xlsx_grade_format(const dr_xlsx *x, double ratio, double warning,
                                 const double grades[3]);

/* The format of kind k in the fill of grade (DR_XLSX_GREEN ..
 * DR_XLSX_RED), made the first time it is asked for; NULL after a
 * failure. */
lxw_format *dr_xlsx_fill(dr_xlsx *x, dr_cell_kind k, int grade);

/* Records the result e of a call to libxlsxwriter: the first failure is
 * the one reported. */
void dr_xlsx_check(dr_xlsx *x, lxw_error e);

/* Records a failure of debtrisk's own (st with err's message): the first
 * one is the one reported. */
void dr_xlsx_fail(dr_xlsx *x, const dr_error *err);

/* Writes the workbook and frees *x. Returns DR_OK, the first failure
 * recorded, or for libxlsxwriter's DR_ENOMEM or DR_EIO naming the file;
 * the file is removed on failure. */
dr_status dr_xlsx_close(dr_xlsx *x, dr_error *err);

#endif
