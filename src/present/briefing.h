/* Reading an output folder back: the files of a run (dr_briefing,
 * briefing.c), of a batch review (dr_review) and of a sensitivity run
 * (dr_sensitivity, review_read.c), and the words and numbers shown from
 * them. The charts (chart.h, review_chart.h) and the reports (report.h)
 * are drawn and written from this reading alone; nothing here writes a
 * file. A folder may have been received or edited: every value used is
 * checked as the inputs are (brief_cells.h), so that what the charts and
 * reports show is numbers in their ranges and names that pass
 * dr_text_check. */
#ifndef DR_BRIEFING_H
#define DR_BRIEFING_H

#include "base/lang.h"
#include <stddef.h>

#include "base/error.h"
#include "stats/results.h" /* DR_NPCT percentiles; DR_GREEN..DR_RED, DR_NGRADES */

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
    /* run.ini; strings are never NULL ("" when absent); command, title
     * and description with their continuation lines joined by spaces (none
     * between two CJK characters) */
    char *version, *command, *scenario, *title, *mode, *model;
    char *description;
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
 * returns DR_EINPUT (a missing or malformed file, or a value that fails its
 * check, with its file, line and column), DR_ENOMEM or DR_EIO, and leaves
 * *b empty ({0}). */
dr_status dr_briefing_load(dr_briefing *b, const char *dir, dr_error *err);

/* Frees what dr_briefing_load allocated and empties *b; safe on {0}. */
void dr_briefing_free(dr_briefing *b);

/* The scenario as the reader should see it: its title, else its name. */
const char *dr_briefing_scenario(const dr_briefing *b);

/* The name of the city aggregate's fan chart: "fan_city", or "fan_@city"
 * when a county's id is "city" (so the two never share a file). */
const char *dr_chart_city_name(const dr_briefing *b);

/* The part of a bilingual text in lang ("en" or "zh"; NULL: "en"): of
 * "Land slump / 土地市场下滑" the side in that language, of English
 * sentences followed by Chinese ones those of that language; any other
 * text whole. Returns a new string, or NULL when out of memory. */
char *dr_lang_text(const char *text, dr_lang lang);

/* ------------------------------------------------------------------------ */
/* The batch review: compare.csv and the folder of each scenario. */

/* Columns of compare.csv kept by dr_review, fractions. */
enum {
    DR_CMP_P,         /* p_breach_end */
    DR_CMP_DELTA,     /* p_breach_delta */
    DR_CMP_SE,        /* p_breach_delta_se */
    DR_CMP_P50,       /* broad_p50_end */
    DR_CMP_P50_DELTA, /* broad_p50_delta */
    DR_CMP_N
};

typedef struct dr_review {
    char *dir;
    size_t ns;       /* scenarios in the order of compare.csv, baseline first */
    char **name;     /* their names: the folders dir/<name> */
    dr_briefing *sc; /* each folder, read */
    size_t n;        /* counties, in the order of the baseline's summary.csv */
    double *cmp;     /* see dr_review_cmp */
    size_t *order;   /* scenarios 1..ns-1, most harmful for the city first */
} dr_review;

/* Reads the review folder dir: compare.csv, and the folder of every
 * scenario it names as dr_briefing_load does. Every scenario must have a
 * row for every county of the baseline and for the city. On error returns
 * DR_EINPUT (with file, line and column), DR_ENOMEM or DR_EIO, and leaves
 * *rv empty ({0}). */
dr_status dr_review_load(dr_review *rv, const char *dir, dr_error *err);

/* Frees what dr_review_load allocated and empties *rv; safe on {0}. */
void dr_review_free(dr_review *rv);

/* The DR_CMP_N numbers of compare.csv for scenario s and county i (i == n:
 * the city). */
const double *dr_review_cmp(const dr_review *rv, size_t s, size_t i);

/* Scenario s as the reader should see it, in lang: its title in that
 * language (dr_lang_text), "Baseline" (基准情景) for an untitled baseline.
 * A new string, or NULL when out of memory. */
char *dr_review_title(const dr_review *rv, size_t s, dr_lang lang);

/* ------------------------------------------------------------------------ */
/* The sensitivity run: sensitivity.csv and its baseline/ folder. */

/* Columns of sensitivity.csv kept by dr_sensitivity, fractions. */
enum {
    DR_SENS_BASE,
    DR_SENS_LOW,
    DR_SENS_HIGH,
    DR_SENS_DLOW,
    DR_SENS_DHIGH,
    DR_SENS_N
};

typedef struct dr_sensitivity {
    char *dir;
    dr_briefing base; /* dir/baseline */
    size_t np;        /* parameters, in the order of sensitivity.csv */
    char **param, **low, **high;
    size_t n;        /* counties of the baseline; index n is the city */
    double *v;       /* see dr_sensitivity_row */
    size_t riskiest; /* the county with the highest p_breach_base (the
                        first such in file order) */
} dr_sensitivity;

/* Reads dir/sensitivity.csv and dir/baseline/. On error returns
 * DR_EINPUT, DR_ENOMEM or DR_EIO and leaves *s empty ({0}). */
dr_status dr_sensitivity_load(dr_sensitivity *s, const char *dir,
                              dr_error *err);

/* Frees what dr_sensitivity_load allocated and empties *s; safe on {0}. */
void dr_sensitivity_free(dr_sensitivity *s);

/* The DR_SENS_N numbers of parameter p for county i (i == n: the city). */
const double *dr_sensitivity_row(const dr_sensitivity *s, size_t p, size_t i);

/* How far parameter p moves county i (n: the city): the larger of
 * |delta_low| and |delta_high|, a fraction. */
double dr_sensitivity_swing(const dr_sensitivity *s, size_t p, size_t i);

/* Parameters of s by how far they move county i (n: the city), their
 * dr_sensitivity_swing, largest first (ties in file order), into
 * order[0..np). */
void dr_sensitivity_rank(const dr_sensitivity *s, size_t i, size_t *order);

/* A parameter as the reader should see it, in buf (size n): "Land revenue
 * trend" for land.mu, "Land revenue trend (agricultural)" for
 * type.agricultural.land.mu, the key itself when it has no name. Returns
 * buf. */
const char *dr_param_label(const char *key, dr_lang lang, char *buf, size_t n);

/* A low or high setting of sensitivity.csv for the reader, in buf (size
 * n): "x0.5" as "×0.5", "-0.03" as "−0.03". Returns buf. */
const char *dr_setting_label(const char *s, char *buf, size_t n);

/* The name of the city's tornado chart: "tornado_city", or "tornado_@city"
 * when a county's id is "city". A county's is "tornado_<county_id>". */
const char *dr_tornado_city_name(const dr_sensitivity *s);

/* ------------------------------------------------------------------------ */
/* Numbers as the reader sees them, in the charts and the reports. */

/* A ratio or probability (a fraction) in percent with one decimal
 * ("96.7%", "∞" for +inf). */
const char *dr_fmt_pct(char buf[32], double v);

/* A line of the model as a short percentage: 100%, 120%, 1500000%. */
const char *dr_fmt_pct_line(char buf[32], double v);

/* A count with thousands separators in English (10,000), none in Chinese. */
const char *dr_fmt_count(char buf[32], long v, int zh);

#endif
