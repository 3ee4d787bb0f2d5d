/* The charts that compare runs, drawn like those of chart.h (NAME.dat,
 * NAME.gp and its pictures in DIR/charts/): in the folder of a batch
 * review, compare_breach and compare_city; in that of a sensitivity run,
 * tornado_city and tornado_<county_id>. */
#ifndef DR_REVIEW_CHART_H
#define DR_REVIEW_CHART_H

#include "base/error.h"
#include "base/lang.h"
#include "charts/chart.h" /* DR_CHART_PNG, ...: the formats */

/* Draws the comparison charts of the review folder outdir into
 * outdir/charts/ (replacing that folder): compare_breach, P(breach by the
 * horizon) of every county and the city under each scenario, and
 * compare_city, the city's median broad ratio by year, one line per
 * scenario. Formats, lang, threads, $GNUPLOT and the statuses as for
 * dr_charts_draw; the scenario folders are only read. */
dr_status dr_review_draw(const char *outdir, unsigned formats, dr_lang lang,
                         int threads, dr_error *err);

/* Draws the tornado charts of the sensitivity folder outdir into
 * outdir/charts/ (replacing that folder): tornado_city and
 * tornado_<county_id> of the riskiest county. As dr_charts_draw
 * otherwise. */
dr_status dr_tornado_draw(const char *outdir, unsigned formats, dr_lang lang,
                          int threads, dr_error *err);

#endif
