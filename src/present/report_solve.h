/* The report of debtrisk solve: solve.md, for the director (who must do
 * what, in words) and for the analyst (the table, how it was found, how to
 * reproduce it). */
#ifndef DR_REPORT_SOLVE_H
#define DR_REPORT_SOLVE_H

#include "base/error.h"
#include "base/lang.h"
#include "outputs/solve_out.h"

/* Writes dir/solve.md (through solve.md.tmp) in lang, linking the charts
 * drawn in dir/charts. DR_EUSAGE for a bad lang; DR_EIO, DR_ENOMEM. */
dr_status dr_solve_report_write(const char *dir, const dr_solve *s,
                                dr_lang lang, dr_error *err);

#endif
