/* The charts of a run for briefing slides, drawn by gnuplot from the CSV
 * files of an output folder (the README's "Outputs") as briefing.h reads
 * them.
 *
 * Each chart NAME is written to DIR/charts/ as NAME.dat (its numbers, in
 * percent), NAME.gp (a gnuplot script with relative file names only) and
 * one picture per format; `gnuplot NAME.gp` run in that folder redraws
 * every picture of the chart. The charts of a run: fan_<county_id> for
 * every county, fan_city, heatmap, ranking, grades and counties_above.
 * Those of a batch review and of a sensitivity run are in
 * review_chart.h. */
#ifndef DR_CHART_H
#define DR_CHART_H

#include "base/error.h"
#include "base/lang.h"

/* Picture formats, a bit set. */
enum { DR_CHART_PNG = 1, DR_CHART_SVG = 2, DR_CHART_PDF = 4 };

/* Draws every chart of the output folder dir into dir/charts/ (replacing
 * that folder) in the formats of the bit set `formats` (0: draws nothing
 * and returns DR_OK), with its text in lang ("en" or "zh"), running at
 * most `threads` gnuplot processes at a time (threads <= 0: one per core).
 * The program is $GNUPLOT when set, else gnuplot on PATH. Returns DR_OK;
 * DR_ECHART when gnuplot is missing or fails (the message names gnuplot,
 * what failed with the end of its error output, and how to install it);
 * DR_EINPUT when the folder's files cannot be read; DR_EIO, DR_ENOMEM. The
 * CSV files of dir are never changed. */
dr_status dr_charts_draw(const char *dir, unsigned formats, dr_lang lang,
                         int threads, dr_error *err);

#endif
