/* A whole CSV file read into a table of cells with their positions, for the
 * input readers (fiscal.c, projects.c). Fields are split by libcsv in strict
 * mode; this module adds what libcsv lacks: positions, header checks, row
 * width checks and clear messages (the README "Inputs"). */
#ifndef DR_CSVREAD_H
#define DR_CSVREAD_H

#include <stddef.h>

#include "base/error.h"
#include "base/range.h"

/* Longest field accepted, in bytes. */
#define DR_CSV_FIELD_MAX 4096

/* Index of a column that the file does not have. */
#define DR_CSV_ABSENT ((size_t)-1)

/* A column the caller knows about. */
typedef struct dr_csv_column {
    const char *name;
    int required;
} dr_csv_column;

/* One field, unquoted, NUL-terminated. libcsv drops the spaces and tabs
 * around unquoted fields; quoted fields keep theirs (header names are
 * trimmed either way). line and col are 1-based and point at the field's
 * first character (its opening quote if quoted); col counts bytes, not
 * characters, so after 邓州市 it is 9 higher, not 3. */
typedef struct dr_csv_cell {
    const char *text;
    long line, col;
} dr_csv_cell;

typedef struct dr_csv_table {
    const char *path;          /* as given to dr_csv_read, not copied */
    const dr_csv_column *cols; /* as given to dr_csv_read, not copied */
    size_t ncols;
    size_t *index;  /* index[k]: field of cols[k] in a row, or DR_CSV_ABSENT */
    size_t nfields; /* fields per row, as in the header */
    size_t nrows;   /* data rows, the header not counted */
    long header_line;
    dr_csv_cell *cell; /* (nrows + 1) * nfields cells, the header row first */
    char *text;        /* storage of every cell's text */
} dr_csv_table;

/* Reads the CSV file at path into *t, checking its header against cols:
 * every required column present, no unknown or duplicate column. Also
 * rejects an empty file, invalid UTF-8, NUL bytes, fields longer than
 * DR_CSV_FIELD_MAX, rows with too few or too many fields and bad quoting.
 * path and cols must outlive *t. On error returns DR_EINPUT (or DR_ENOMEM),
 * fills err with file, line, column and message, and leaves *t empty ({0}).
 * Memory used is linear in the file size. */
dr_status dr_csv_read(const char *path, const dr_csv_column *cols, size_t ncols,
                      dr_csv_table *t, dr_error *err);

/* Frees what dr_csv_read allocated and empties *t; safe on an empty table. */
void dr_csv_free(dr_csv_table *t);

/* The cell of cols[k] in data row r (0-based, header not counted), or NULL
 * when the file has no such column. */
const dr_csv_cell *dr_csv_get(const dr_csv_table *t, size_t r, size_t k);

/* The line where data row r begins. */
long dr_csv_row_line(const dr_csv_table *t, size_t r);

/* Fills err with DR_EINPUT at the cell of cols[k] in data row r (at the
 * start of the row when the column is absent) and returns DR_EINPUT. */
dr_status dr_csv_fail(const dr_csv_table *t, size_t r, size_t k, dr_error *err,
                      const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Parses cols[k] of row r as a plain decimal number into *out. For an
 * optional column, an absent column or a blank cell gives def; for a
 * required one a blank cell is an error. On error returns DR_EINPUT with
 * "COLUMN: expected a number, found 'TEXT' (WHY)". */
dr_status dr_csv_double(const dr_csv_table *t, size_t r, size_t k, double def,
                        double *out, dr_error *err);

/* As dr_csv_double, and a number read must lie in range: else DR_EINPUT
 * with "COLUMN must be RANGE, found TEXT" and a hint when the text looks
 * like a percentage or basis points (src/range.h). def is not checked. */
dr_status dr_csv_double_in(const dr_csv_table *t, size_t r, size_t k,
                           double def, const dr_range *range, double *out,
                           dr_error *err);

/* As dr_csv_double, for a whole number in [lo, hi]. */
dr_status dr_csv_long(const dr_csv_table *t, size_t r, size_t k, long lo,
                      long hi, long def, long *out, dr_error *err);

/* A new copy of the text of cols[k] in row r, spaces and tabs trimmed ("" when
 * the column is absent), in *out. Returns DR_OK or DR_ENOMEM. */
dr_status dr_csv_strdup(const dr_csv_table *t, size_t r, size_t k, char **out);

/* As dr_csv_strdup, for a name, label or id: the trimmed text must pass
 * dr_text_check with flags (DR_TEXT_CELL for text written back into an
 * output CSV). Returns DR_OK, DR_ENOMEM (in err), or DR_EINPUT at the cell
 * with "COLUMN: WHY" (then *out is still set, for the caller to free). */
dr_status dr_csv_text(const dr_csv_table *t, size_t r, size_t k, unsigned flags,
                      char **out, dr_error *err);

/* Looks for a repeated string among key[0..n-1]. When there is one, *dup is
 * the smallest index whose key also occurs earlier and *first is that earlier
 * index; otherwise *dup is n. Returns DR_OK or DR_ENOMEM. */
dr_status dr_find_duplicate(const char *const *key, size_t n, size_t *dup,
                            size_t *first);

#endif
