/* The charts of debtrisk solve, drawn by gnuplot into DIR/charts/ (each
 * picture beside the .gp and .dat that redraw it): solve_effort (the
 * lever value each county needs, sorted, coloured by status; a
 * county-by-county solve only) and solve_city (the city's ratio before and
 * after the package). */
#ifndef DR_SOLVE_CHART_H
#define DR_SOLVE_CHART_H

#include "base/error.h"
#include "base/lang.h"
#include "outputs/solve_out.h"

/* Draws the charts of s into dir/charts/, made anew, in the DR_CHART_*
 * formats (0: none, DR_OK) and lang, at most `threads` gnuplot at a time.
 * Returns DR_OK; DR_ECHART when gnuplot is missing or fails; DR_EUSAGE for
 * a bad lang or format set; DR_EIO, DR_ENOMEM. */
dr_status dr_solve_charts_draw(const char *dir, const dr_solve *s,
                               unsigned formats, dr_lang lang, int threads,
                               dr_error *err);

#endif
