/* What the chart modules (chart.c: the charts of a run; review_chart.c:
 * those of a review and of a sensitivity run) share to write gnuplot
 * scripts and their data: the words of the charts in both languages, the
 * files of a chart, the titles, legends and loop over picture formats of a
 * script, and the sums that lay a picture out. Internal to the charts: no
 * other module includes it. */
#ifndef DR_CHART_GP_H
#define DR_CHART_GP_H

#include "base/lang.h"
#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "present/briefing.h"

/* Percentile columns, in the order of ratios.csv and city.csv (and of
 * dr_brief_county.q and dr_briefing.city_q). */
enum { Q05, Q10, Q25, Q50, Q75, Q90, Q95 };

/* Colours every chart uses: text, what is secondary, the warning line.
 * gp_begin names them INK, MUTED and WARN in each script. */
#define INK "#1a1a1a"
#define MUTED "#555555"
#define WARN "#d62728"

/* Every word the charts show, in both languages, side by side. Entries with
 * printf conversions take the same arguments in the same order in both,
 * with positional conversions (%1$s) where the word order differs. The
 * words themselves are in chart_gp.c. */
typedef enum text_id {
    TX_SCENARIO,
    TX_PATHS,
    TX_SEED,
    TX_DETERMINISTIC,
    TX_FAN_SUBJECT,
    TX_CITY_TITLE,
    TX_CITY_SUBJECT,
    TX_BAND_90,
    TX_BAND_80,
    TX_BAND_50,
    TX_MEDIAN_AT,
    TX_PROJECTION_AT,
    TX_WARNING_LINE,
    TX_BASE_YEAR,
    TX_CUT_OFF,
    TX_GREEN,
    TX_YELLOW,
    TX_ORANGE,
    TX_RED,
    TX_HEAT_TITLE,
    TX_HEAT_ORDER,
    TX_YEAR,
    TX_PROBABILITY,
    TX_RANK_TITLE,
    TX_RANK_SUBJECT,
    TX_RANK_AXIS,
    TX_RANK_AXIS_DET,
    TX_RANK_KEY,
    TX_GRADES_TITLE,
    TX_GRADES_SUBJECT,
    TX_ABOVE_TITLE,
    TX_ABOVE_SUBJECT,
    TX_ABOVE_DIST,
    TX_ABOVE_DIST_AXIS,
    TX_ABOVE_YEARS,
    TX_ABOVE_YEARS_AXIS,
    TX_EXPECTED,
    TX_REVIEW_RUN,
    TX_REVIEW_RUN_DET,
    TX_CMP_BREACH_TITLE,
    TX_CMP_CITY_ROW,
    TX_CMP_KEY_BREACH,
    TX_CMP_CITY_TITLE,
    TX_CMP_CITY_SUBJECT,
    TX_CMP_KEY_CITY,
    TX_TORNADO_TITLE,
    TX_THE_CITY,
    TX_TORNADO_SUBJECT,
    TX_LOW,
    TX_HIGH,
    TX_BASE_P,
    TX_TORNADO_AXIS,
    TX_CB_SERIES_TITLE,
    TX_CB_RUN,
    TX_CB_BY_TYPE,
    TX_CB_BY_CITY,
    TX_CB_BY_COUNTY,
    TX_CB_GDP,
    TX_CB_OWN,
    TX_CB_TRANSFERS,
    TX_CB_LAND,
    TX_CB_HISTORY,
    TX_CB_TREND,
    TX_CB_FIT,
    TX_CB_BAND,
    TX_CB_CORR_TITLE,
    TX_CB_CORR_SUBJECT,
    TX_CB_V_GROWTH,
    TX_CB_V_OWN,
    TX_CB_V_LAND,
    TX_CB_V_TRANSFERS,
    TX_CB_SHRINK_TITLE,
    TX_CB_SHRINK_SUBJECT,
    TX_CB_OWN_EST,
    TX_CB_TYPE_EST,
    TX_CB_SHRUNK,
    TX_CB_K_GROWTH_MU,
    TX_CB_K_OR_BETA,
    TX_CB_K_LAND_MU,
    TX_CB_K_LAND_SIGMA,
    TX_CB_K_TR_MU,
    TX_CB_K_SPENDING_MU,
    TX_SV_EFFORT_TITLE,
    TX_SV_EFFORT_SUBJECT,
    TX_SV_RUN,
    TX_SV_SOLVED,
    TX_SV_MET,
    TX_SV_NOTREACH,
    TX_SV_FAN_TITLE,
    TX_SV_FAN_SUBJECT,
    TX_SV_BEFORE,
    TX_SV_AFTER,
    TX_SV_LINE,
    TX_SV_AXIS_RATIO,
    TX_BT_PIT_TITLE,
    TX_BT_PIT_SUBJECT,
    TX_BT_RUN,
    TX_BT_FAN_RUN,
    TX_BT_FAN_TITLE,
    TX_BT_FAN_SUBJECT,
    TX_BT_IDEAL,
    TX_BT_REALIZED,
    TX_BT_V_GDP,
    TX_BT_V_OWN,
    TX_BT_V_TRANSFERS,
    TX_BT_V_LAND,
    TX_BT_V_CFR,
    TX_BT_V_BROAD,
    TX_BT_P_GDP,
    TX_BT_P_OWN,
    TX_BT_P_TRANSFERS,
    TX_BT_P_LAND,
    TX_BT_P_CFR,
    TX_BT_P_BROAD,
    TX_BT_PIT_X,
    TX_BT_PIT_Y,
    TX_BT_F_NORMAL,
    TX_BT_F_STUDENT,
    TX_BT_F_BOOTSTRAP,
    TX_COUNT
} text_id;

/* One chart being written. */
typedef struct chart_ctx {
    const dr_briefing *b;
    int zh;
    unsigned formats;
    const char *dir; /* the charts folder */
    dr_error *err;
    int *nomem; /* set when a text could not be made: gp_close fails */
} chart_ctx;

/* The word id in the chart's language. */
const char *gp_tx(const chart_ctx *c, text_id id);

/* Formats the word id in the chart's language into buf (size n); returns
 * buf. */
const char *gp_txf(const chart_ctx *c, char *buf, size_t n, text_id id, ...);

/* A count as the chart's language writes it (dr_fmt_count). */
const char *gp_count(const chart_ctx *c, char buf[32], long v);

/* Reports running out of memory in err; returns DR_ENOMEM. */
dr_status gp_oom(dr_error *err);

/* ------------------------------------------------------------------------ */
/* Files: NAME.dat and NAME.gp in the charts folder. */

typedef struct gp_file {
    FILE *f;
    char *path;
} gp_file;

/* Opens c->dir/NAME.EXT for writing into *g. On error returns DR_ENOMEM,
 * DR_EIO or, for a name that gp_name_ok refuses, DR_EINPUT (in c->err),
 * and leaves g->f NULL. */
dr_status gp_open(const chart_ctx *c, const char *name, const char *ext,
                  gp_file *g);

/* Closes g (when open) and reports a write error, or out of memory when
 * a text of the chart could not be made (*c->nomem), unless st already is
 * an error; returns the status. Empties *g. */
dr_status gp_close(const chart_ctx *c, gp_file *g, dr_status st);

/* The one way text goes into a script: a gnuplot string, single-quoted,
 * in which gnuplot substitutes nothing (no `command`, no @macro, no
 * backslash escape) and a quote is written ''. Control characters,
 * U+2028 and U+2029 become spaces, so the string stays on its line; a byte
 * that is not UTF-8 (a character cut by a buffer) becomes '?'. A tic
 * label is also a format, so its % are doubled when tic is set. Text from
 * inputs never goes anywhere else in a script: not in a comment, not
 * unquoted. */
void gp_quote(FILE *f, const char *s, int tic);

/* 1 when name can name a chart's files (NAME.gp, NAME.dat, NAME.png) and
 * stand unquoted in its script: [A-Za-z0-9_@-]+, starting with a letter,
 * so never '|' or '<' (a pipe to or from a command for gnuplot's output
 * and plot). gp_open refuses any other. */
int gp_name_ok(const char *name);

/* gp_quote of a string that is not a tic label. */
void gp_str(FILE *f, const char *s);

/* A number of a .dat file, in display units, with a space before it; inf
 * and nan as gnuplot reads them. 12 significant digits keep the file
 * readable and exact to 1e-12. */
void gp_dat_num(FILE *f, double v);

/* ------------------------------------------------------------------------ */
/* The parts of a script. */

/* The head of a script: what it draws (about, in comments: the program's
 * own words, never text from an input), how to redraw it, FORMATS, FONT,
 * the colours INK, MUTED and WARN, the border and the tics. */
void gp_begin(const chart_ctx *c, FILE *f, const char *name, const char *about);

/* The run in one line, in buf (size n): scenario (in the chart's language
 * when its title has both), paths and seed. Returns buf; sets *c->nomem
 * when the title could not be taken apart. */
const char *gp_run_line(const chart_ctx *c, char *buf, size_t n);

/* The title and subtitle at the top left of the picture: the subtitle is
 * the subject (may be NULL) and the run, on two lines when one would not
 * fit. Returns the height (a fraction of the picture) where the next row,
 * a legend, may go. */
double gp_titles(FILE *f, const char *title, const char *subject,
                 const char *run);

/* A legend drawn as objects in one row (the key of gnuplot wraps a long
 * row into columns): a colour box, a line or bare text per entry, each
 * followed by its text. */
enum { LG_TEXT, LG_BOX, LG_LINE, LG_DASH };

typedef struct legend_item {
    int kind;
    const char *color; /* a gnuplot colour string expression: BAND90 */
    char text[160];
} legend_item;

/* The legend of entries it[0..n) at height y, in font size pt, or smaller
 * when it would not fit across the picture. */
void gp_legend(FILE *f, const legend_item *it, size_t n, double y, int pt);

/* Opens the loop that draws one picture per format, NAME.png, NAME.svg or
 * NAME.pdf, each with its terminal set; gp_loop_end closes it. */
void gp_loop_begin(FILE *f, const char *name);
void gp_loop_end(FILE *f);

/* ------------------------------------------------------------------------ */
/* Layout. */

/* Approximate width of text in ems of its font (Noto Sans CJK): CJK
 * characters and full-width punctuation take one em, Latin letters about
 * half, spaces a quarter. Used to lay out legends and margins; errs on the
 * wide side. */
double gp_text_cells(const char *s);

/* Pixels of a 1600-pixel-wide picture taken by text of font size pt. */
double gp_text_px(const char *s, int pt);

/* Left margin (a fraction of the width) that fits tic labels `cells` ems
 * wide in font size pt: at least min, at most 0.4. */
double gp_label_margin(double cells, int pt, double min);

/* Font size for one row of n in a plot h pixels tall, at most max and at
 * least 8. */
int gp_row_font(size_t n, double h, int max);

/* A step of 1, 2, 2.5 or 5 times a power of ten that cuts span into about
 * `target` parts. */
double gp_nice_step(double span, int target);

/* ------------------------------------------------------------------------ */
/* Drawing. */

/* Checks the formats the drawing entry points take, a set of DR_CHART_*
 * bits. DR_EUSAGE otherwise. */
dr_status gp_draw_args(unsigned formats, dr_error *err);

/* dir/charts made anew and empty: charts/ is ours, replaced as a whole, so
 * no picture of an earlier drawing (another format, a county since
 * removed) stays behind. *cdir is its path, to free (NULL when out of
 * memory). Returns DR_OK, DR_EIO or DR_ENOMEM. */
dr_status gp_fresh_charts(const char *dir, char **cdir, dr_error *err);

#endif
