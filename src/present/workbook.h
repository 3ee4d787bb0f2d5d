/* The workbooks of the output folders (--report xlsx): a formatted first
 * sheet like the report's table (percentages, cells coloured by grade, the
 * warning line marked, the run's title, scenario, paths and seed), then
 * one sheet per CSV output with exactly its numbers (outputs/xlsx.h) and
 * the run's settings. Read from the folder alone, like the charts and the
 * reports, so that `plot` makes them again. Each is written beside its
 * place and renamed into it: a failure leaves no workbook. */
#ifndef DR_WORKBOOK_H
#define DR_WORKBOOK_H

#include "base/error.h"
#include "base/lang.h"

/* results.xlsx of a run folder dir. */
dr_status dr_workbook_run(const char *dir, dr_lang lang, dr_error *err);

/* review.xlsx of a batch folder: the comparison of scenarios and counties
 * as a matrix with a colour scale, compare.csv, and each scenario's
 * summary. */
dr_status dr_workbook_review(const char *dir, dr_lang lang, dr_error *err);

/* results.xlsx of a sensitivity folder: the city's parameters ranked by
 * how far they move it, sensitivity.csv, the baseline's sheets. */
dr_status dr_workbook_sensitivity(const char *dir, dr_lang lang, dr_error *err);

/* solve.xlsx of a solve folder: the effort of each county, solve.csv, the
 * summaries of baseline/ and solved/, the package as a scenario. */
dr_status dr_workbook_solve(const char *dir, dr_lang lang, dr_error *err);

#endif
