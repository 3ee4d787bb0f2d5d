/* The cells of an output folder's CSV files, read back for `plot` and the
 * reports (briefing.c, review_read.c). An output folder may have been
 * received or edited, so what it says is checked as an input is: every
 * number used is finite and in its range (a ratio may be inf, as the
 * outputs write it), every year a whole number, every id and name passes
 * the rules of the inputs (dr_valid_id, dr_text_check); an error names the
 * file, line and column. Internal to the readers of output folders: no
 * other module includes it. */
#ifndef DR_BRIEF_CELLS_H
#define DR_BRIEF_CELLS_H

#include <stddef.h>

#include "base/error.h"
#include "inputs/csvread.h"
#include "outputs/schema.h"
#include "present/briefing.h"

/* What a number of an output must be. */
typedef enum dr_rb_kind {
    DR_RB_PROB,   /* a probability or its standard error: in [0, 1] */
    DR_RB_DPROB,  /* a change of probability: in [-1, 1] */
    DR_RB_RATIO,  /* a ratio or a percentile of one: finite, inf or -inf
                     (a denominator <= 0) */
    DR_RB_DRATIO, /* a change of ratios: as DR_RB_RATIO, or nan (inf - inf) */
    DR_RB_COUNT   /* an expected number of counties: finite, >= 0 */
} dr_rb_kind;

/* Reads cols[k] of row r as a number of that kind into *out: a plain
 * decimal, or inf, -inf or nan where the kind allows them. On error
 * returns DR_EINPUT at the cell ("COLUMN: expected ..., found 'TEXT'"). */
dr_status dr_rb_num(const dr_csv_table *t, size_t r, size_t k, dr_rb_kind kind,
                    double *out, dr_error *err);

/* A calendar year: a whole number from 1000 to 9999; 0 for a blank cell
 * of an optional column. DR_EINPUT at the cell otherwise. */
dr_status dr_rb_year(const dr_csv_table *t, size_t r, size_t k, long *out,
                     dr_error *err);

/* An id (a county's, a scenario's) in a new string *out: it must pass
 * dr_text_check and dr_valid_id; what names it in the message. Returns
 * DR_OK, DR_ENOMEM or DR_EINPUT at the cell (then *out is set, to free). */
dr_status dr_rb_id(const dr_csv_table *t, size_t r, size_t k, const char *what,
                   char **out, dr_error *err);

/* A name in a new string *out: not empty, and passing dr_text_check with
 * DR_TEXT_CELL, as the names of fiscal.csv. As dr_rb_id otherwise. */
dr_status dr_rb_name(const dr_csv_table *t, size_t r, size_t k, char **out,
                     dr_error *err);

/* Reads the CSV file dir/file into *t (dr_csv_read); *path is its path,
 * for the caller to free (NULL when out of memory). */
dr_status dr_rb_table(const char *dir, const char *file,
                      const dr_csv_column *cols, size_t ncols, dr_csv_table *t,
                      char **path, dr_error *err);

/* Reads the output file of schema id from dir into *t, its columns at the
 * schema's positions (DR_SUMMARY_NAME, ...); the columns in required
 * (DR_COLS(...) | ...) must be there, the others may be missing. As
 * dr_rb_table otherwise; the table points into cols, which must outlive
 * it. */
dr_status dr_rb_schema_table(const char *dir, dr_schema_id id,
                             uint32_t required,
                             dr_csv_column cols[DR_SCHEMA_MAX_COLS],
                             dr_csv_table *t, char **path, dr_error *err);

/* "a/b" in a new string, NULL when out of memory. */
char *dr_rb_join(const char *a, const char *b);

/* Reports running out of memory; returns DR_ENOMEM. */
dr_status dr_rb_oom(dr_error *err);

/* Indices of b's counties sorted by id, in a new array (NULL when out of
 * memory), for dr_rb_find_county. */
size_t *dr_rb_sorted_ids(const dr_briefing *b);

/* The county of b whose id is id, through byid (dr_rb_sorted_ids), or
 * (size_t)-1. */
size_t dr_rb_find_county(const dr_briefing *b, const size_t *byid,
                         const char *id);

#endif
