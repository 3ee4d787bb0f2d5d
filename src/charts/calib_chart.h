/* The charts of debtrisk calibrate, drawn by gnuplot into DIR/charts/
 * (each picture beside the .gp and .dat that redraw it): calib_<county_id>
 * for every county (its growth, own revenue and transfer growth and its
 * land revenue over the history, beside the trend or fit in force and a
 * band of one standard deviation), calib_correlation (the correlation of
 * the standardized innovations) and, with --by county, calib_shrinkage
 * (each county's own estimate with its standard error, its type's and the
 * shrunk value, for the main keys). */
#ifndef DR_CALIB_CHART_H
#define DR_CALIB_CHART_H

#include "base/error.h"
#include "base/lang.h"
#include "calib/calibrate.h"
#include "inputs/fiscal.h"

/* Draws the charts of c (counties named from f) into dir/charts/, made
 * anew, in the DR_CHART_* formats (0: none, DR_OK) and lang, at most
 * `threads` gnuplot at a time. Returns DR_OK; DR_ECHART when gnuplot is
 * missing or fails (the message says how to install it); DR_EUSAGE for a
 * bad lang or format set; DR_EIO, DR_ENOMEM. */
dr_status dr_calib_charts_draw(const char *dir, const dr_calibration *c,
                               const dr_fiscal *f, unsigned formats,
                               dr_lang lang, int threads, dr_error *err);

#endif
