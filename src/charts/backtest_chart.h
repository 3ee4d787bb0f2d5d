/* The charts of debtrisk backtest, drawn by gnuplot into DIR/charts/
 * (each picture beside the .gp and .dat that redraw it): backtest_pit
 * (the PIT histogram of every variable, one bar per shock family) and
 * backtest_<county_id> (what happened from the first origin over the fan
 * the model drew then, for every variable). */
#ifndef DR_BACKTEST_CHART_H
#define DR_BACKTEST_CHART_H

#include "base/error.h"
#include "base/lang.h"
#include "outputs/backtest_out.h"

/* Draws the charts of b into dir/charts/, made anew, in the DR_CHART_*
 * formats (0: none, DR_OK) and lang, at most `threads` gnuplot at a
 * time. Returns DR_OK; DR_ECHART when gnuplot is missing or fails;
 * DR_EUSAGE for a bad lang or format set; DR_EIO, DR_ENOMEM. */
dr_status dr_backtest_charts_draw(const char *dir, const dr_backtest *b,
                                  unsigned formats, dr_lang lang, int threads,
                                  dr_error *err);

#endif
