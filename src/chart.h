/* Charts for briefing slides, drawn by gnuplot from the CSV files of an
 * output folder (INTERFACE.md "Outputs", issue 4).
 *
 * Each chart NAME is written to DIR/charts/ as NAME.dat (its numbers, in
 * percent), NAME.gp (a gnuplot script with relative file names only) and
 * one picture per format; `gnuplot NAME.gp` run in that folder redraws
 * every picture of the chart. The charts: fan_<county_id> for every county,
 * fan_city, heatmap, ranking, grades and counties_above.
 *
 * The same reading of an output folder (dr_briefing) feeds the report
 * (report.h). */
#ifndef DR_CHART_H
#define DR_CHART_H

#include <stddef.h>

#include "error.h"
#include "results.h" /* DR_NPCT percentiles; DR_GREEN..DR_RED, DR_NGRADES */

/* Picture formats, a bit set. */
enum { DR_CHART_PNG = 1, DR_CHART_SVG = 2, DR_CHART_PDF = 4 };

/* One county as the output files describe it. Ratios are fractions. */
typedef struct dr_brief_county {
    char *id, *name, *type;
    double base, p50_end, p10_end, p90_end; /* broad, summary.csv */
    double p_breach_end, p_breach_end_se, p_red_end;
    long first_year_p50; /* 0 when never */
    double *q;           /* [year][DR_NPCT]: broad percentiles, ratios.csv */
    double *p_above;     /* [year]: p_above of broad */
    double *grade;       /* [year][DR_NGRADES]: grades.csv */
} dr_brief_county;

/* Everything the charts and the report show, read back from an output
 * folder. Arrays by year are indexed 0..years (calendar base_year + t). */
typedef struct dr_briefing {
    char *dir;
    /* run.ini; strings are never NULL ("" when absent) */
    char *version, *command, *scenario, *title, *mode, *model;
    char *seed; /* as written */
    long paths;
    int deterministic;
    /* model.ini */
    double warning, grades[3];
    /* the CSV files */
    long base_year, years;
    size_t n;
    dr_brief_county *county; /* in the order of summary.csv */
    size_t *rank;            /* county indices, riskiest first */
    double *city_q;          /* [year][DR_NPCT], city.csv */
    double *city_p_above;    /* [year] */
    double *city_expected;   /* [year]: expected_counties_above */
    double *counts;          /* [k], k = 0..n: P(k counties above) at the
                                horizon, city_counts.csv */
} dr_briefing;

/* Reads the output folder dir (run.ini, model.ini, summary.csv, ratios.csv,
 * grades.csv, city.csv, city_counts.csv) into *b. Counties are ranked by
 * p_breach_end, then the median at the horizon, then file order. On error
 * returns DR_EINPUT (a missing or malformed file, with its position),
 * DR_ENOMEM or DR_EIO, and leaves *b empty ({0}). */
dr_status dr_briefing_load(dr_briefing *b, const char *dir, dr_error *err);

/* Frees what dr_briefing_load allocated and empties *b; safe on {0}. */
void dr_briefing_free(dr_briefing *b);

/* The scenario as the reader should see it: its title, else its name. */
const char *dr_briefing_scenario(const dr_briefing *b);

/* Draws every chart of the output folder dir into dir/charts/ (replacing
 * that folder) in the formats of the bit set `formats` (0: draws nothing
 * and returns DR_OK), with its text in lang ("en" or "zh"), running at
 * most `threads` gnuplot processes at a time (threads <= 0: one per core).
 * The program is $GNUPLOT when set, else gnuplot on PATH. Returns DR_OK;
 * DR_ECHART when gnuplot is missing or fails (the message names gnuplot,
 * what failed with the end of its error output, and how to install it);
 * DR_EINPUT when the folder's files cannot be read; DR_EIO, DR_ENOMEM. The
 * CSV files of dir are never changed. */
dr_status dr_charts_draw(const char *dir, unsigned formats, const char *lang,
                         int threads, dr_error *err);

/* The name of the city aggregate's fan chart: "fan_city", or "fan_@city"
 * when a county's id is "city" (so the two never share a file). */
const char *dr_chart_city_name(const dr_briefing *b);

#endif
