/* CSV outputs of a run (the README "Outputs"), written from finished
 * results. The writers only print: a write error stays in the stream, and
 * the caller learns of it when it closes the file (dr_outdir_fclose). */
#ifndef DR_OUTPUT_H
#define DR_OUTPUT_H

#include <stdio.h>

#include "model/plan.h"
#include "stats/results.h"

/* Shortest decimal text that reads back as v ("inf" for +infinity). */
void dr_fmt_num(char buf[32], double v);

/* v rounded to 12 significant digits: for differences of two reported
 * values, whose last bits are only rounding noise. */
double dr_round12(double v);

/* Writes ",v" with v as dr_fmt_num gives it: the next numeric cell. */
void dr_csv_num(FILE *f, double v);

/* Writes s as one CSV field, quoting it only when it must be quoted. */
void dr_csv_field(FILE *f, const char *s);

extern const char *const dr_measure_names[DR_NMEASURES];

void dr_write_projection(FILE *f, const dr_plan *plan, const dr_year *rows);
void dr_write_ratios(FILE *f, const dr_plan *plan, const dr_results *r);
void dr_write_grades(FILE *f, const dr_plan *plan, const dr_results *r);
void dr_write_summary(FILE *f, const dr_plan *plan, const dr_results *r);
void dr_write_city(FILE *f, const dr_plan *plan, const dr_results *r);
void dr_write_city_counts(FILE *f, const dr_plan *plan, const dr_results *r);

/* first_year_p50 of county i: the first year, from the base year on, in
 * which P(broad above the line) reaches 0.5; 0 when never. */
long dr_first_year_p50(const dr_plan *plan, const dr_results *r, size_t i);

#endif
