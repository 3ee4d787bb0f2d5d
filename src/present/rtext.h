/* The sentences of the reports (run, review, sensitivity, calibration,
 * ...) in both languages, and what every report writes with: the
 * language, Markdown-escaped names, percentages and points, report.md
 * written beside itself and renamed into place. Internal to present/. */
#ifndef DR_RTEXT_H
#define DR_RTEXT_H

#include "base/lang.h"
#include <stdio.h>

#include "base/error.h"
#include "present/briefing.h"

/* Every sentence of the report in both languages, side by side. The
 * entries take their arguments in the same order in both languages and
 * use positional conversions (%1$s) where the word order differs. */
typedef enum dr_rtext_id {
    RX_TITLE,
    RX_SCENARIO,
    RX_HEAD_SOME,
    RX_HEAD_ONE,
    RX_HEAD_NONE,
    RX_HEAD_DET,
    RX_HEAD_DET_ONE,
    RX_HEAD_DET_NONE,
    RX_HEAD_BREACH,
    RX_HEAD_BREACH_DET,
    RX_AND,
    RX_COMMA,
    RX_SEC_COUNTIES,
    RX_TABLE_HEAD,
    RX_CITY_ROW,
    RX_IN_YEAR,
    RX_SEC_CITY,
    RX_CITY_LINE,
    RX_CITY_COUNT,
    RX_CITY_TABLE_HEAD,
    RX_SEC_CHARTS,
    RX_CH_RANKING,
    RX_CH_HEATMAP,
    RX_CH_GRADES,
    RX_CH_ABOVE,
    RX_CH_CITY,
    RX_CH_FANS,
    RX_SEC_METHOD,
    RX_M_MODEL,
    RX_M_MC,
    RX_M_DET,
    RX_M_VERSION,
    RX_M_DEF,
    RX_M_FILES,
    RX_PAREN,
    RX_GREEN,
    RX_YELLOW,
    RX_ORANGE,
    RX_RED,
    RX_RV_TITLE,
    RX_RV_TITLE_ONE,
    RX_RV_RUN,
    RX_RV_RUN_DET,
    RX_RV_HEAD,
    RX_RV_HEAD_NONE,
    RX_RV_HEAD_DET_ABOVE,
    RX_RV_HEAD_DET_BELOW,
    RX_RV_SEC_BASE,
    RX_RV_BASE_LINK,
    RX_RV_SEC_SCEN,
    RX_RV_SCEN_HEAD,
    RX_RV_BASE_DESC,
    RX_RV_SEC_CITY,
    RX_RV_CITY_HEAD,
    RX_RV_SEC_MOVES,
    RX_RV_MOVES_INTRO,
    RX_RV_MOVES_HEAD,
    RX_RV_NO_CHANGE,
    RX_RV_SEC_COUNTY,
    RX_RV_COUNTY_HEAD,
    RX_RV_SEC_CHARTS,
    RX_RV_CH_BREACH,
    RX_RV_CH_CITY,
    RX_RV_CH_EACH,
    RX_RV_REPORT,
    RX_RV_RANKING,
    RX_RV_FAN_CITY,
    RX_RV_M_CRN,
    RX_RV_M_BREACH,
    RX_RV_M_FILES,
    RX_PTS,
    RX_SN_TITLE,
    RX_SN_RUN,
    RX_SN_RUN_DET,
    RX_SN_HEAD,
    RX_SN_HEAD_FLAT,
    RX_SN_ITEM,
    RX_THE_CITY,
    RX_CITY_CAP,
    RX_RISKIEST,
    RX_SN_SEC_VARIED,
    RX_SN_VARIED_INTRO,
    RX_SN_VARIED_HEAD,
    RX_SN_SEC_CHARTS,
    RX_SN_M_ONE,
    RX_SN_M_FILES,
    RX_CB_TITLE,
    RX_CB_HISTORY,
    RX_CB_BY_TYPE,
    RX_CB_BY_CITY,
    RX_CB_BY_COUNTY,
    RX_CB_MODEL,
    RX_CB_SEC_BRIEF,
    RX_CB_BRIEF_INTRO,
    RX_CB_GROWTH,
    RX_CB_OWN,
    RX_CB_LAND,
    RX_CB_TRANSFERS,
    RX_CB_SPENDING,
    RX_CB_COMMON,
    RX_CB_SEC_EST,
    RX_CB_EST_INTRO,
    RX_CB_EST_HEAD,
    RX_CB_SEC_COUNTY,
    RX_CB_COUNTY_INTRO,
    RX_CB_COUNTY_HEAD,
    RX_CB_SEC_CORR,
    RX_CB_CORR_INTRO,
    RX_CB_CORR_KEPT,
    RX_CB_CORR_HEAD,
    RX_CB_COMMON_HEAD,
    RX_CB_SEC_STATUS,
    RX_CB_POOLED,
    RX_CB_KEPT,
    RX_CB_SHRUNK,
    RX_CB_NONE_POOLED,
    RX_CB_SEC_WARN,
    RX_CB_W_SHORT,
    RX_CB_W_CLIP,
    RX_CB_W_SHORT_ALL,
    RX_CB_TYPE_NAMED,
    RX_CB_CITY_HEAD,
    RX_CB_W_REPAIR,
    RX_CB_W_BREAK,
    RX_CB_W_COMMON_CLIP,
    RX_CB_W_NONE,
    RX_CB_SEC_CHARTS,
    RX_CB_CH_SERIES,
    RX_CB_CH_CORR,
    RX_CB_CH_SHRINK,
    RX_CB_SEC_METHOD,
    RX_CB_M_EST,
    RX_CB_M_SE,
    RX_CB_M_FILES,
    RX_CB_K_GROWTH_MU,
    RX_CB_K_GROWTH_SIGMA,
    RX_CB_K_GROWTH_RHO,
    RX_CB_K_OR_MU,
    RX_CB_K_OR_BETA,
    RX_CB_K_OR_SIGMA,
    RX_CB_K_LAND_MU,
    RX_CB_K_LAND_SIGMA,
    RX_CB_K_LAND_RHO,
    RX_CB_K_TR_MU,
    RX_CB_K_TR_SIGMA,
    RX_CB_K_SPENDING_MU,
    RX_CB_V_GROWTH,
    RX_CB_V_OWN,
    RX_CB_V_LAND,
    RX_CB_V_TRANSFERS,
    RX_CB_CITY_POOL,
    RX_CB_ST_ESTIMATED,
    RX_CB_ST_POOLED,
    RX_CB_ST_SHRUNK,
    RX_CB_ST_KEPT,
    RX_SV_TITLE,
    RX_SV_RUN,
    RX_SV_EACH,
    RX_SV_ALL,
    RX_SV_SEC_BRIEF,
    RX_SV_HEAD,
    RX_SV_HEAD_CITY_OK,
    RX_SV_HEAD_CITY_MET,
    RX_SV_HEAD_CITY_NO,
    RX_SV_DO_SPENDING,
    RX_SV_DO_REVENUE,
    RX_SV_DO_SWAP,
    RX_SV_DO_ADJUST,
    RX_SV_DO_SET,
    RX_SV_TO_KEEP,
    RX_SV_CANNOT,
    RX_SV_MET_LIST,
    RX_SV_NONMONO,
    RX_SV_SEC_TABLE,
    RX_SV_TABLE_HEAD,
    RX_SV_ST_SOLVED,
    RX_SV_ST_MET,
    RX_SV_ST_NOTREACH,
    RX_SV_SEC_CHARTS,
    RX_SV_CH_EFFORT,
    RX_SV_CH_CITY,
    RX_SV_SEC_METHOD,
    RX_SV_M_CRN,
    RX_SV_M_SEARCH,
    RX_SV_M_REPRO,
    RX_SV_M_FILES,
    RX_BT_TITLE,
    RX_BT_RUN,
    RX_BT_SEC_VERDICT,
    RX_BT_HEAD,
    RX_BT_BEST,
    RX_BT_ALL_BIASED,
    RX_BT_NARROW,
    RX_BT_WIDE,
    RX_BT_RIGHT,
    RX_BT_HIGH,
    RX_BT_LOW,
    RX_BT_HIGH_DEBT,
    RX_BT_LOW_DEBT,
    RX_BT_SEC_TABLE,
    RX_BT_TABLE_INTRO,
    RX_BT_TABLE_HEAD,
    RX_BT_SEC_CHARTS,
    RX_BT_CH_PIT,
    RX_BT_CH_FANS,
    RX_BT_SEC_METHOD,
    RX_BT_M_HOW,
    RX_BT_M_PIT,
    RX_BT_M_CAVEAT,
    RX_BT_M_TREND,
    RX_BT_M_FILES,
    RX_BT_V_GDP,
    RX_BT_V_OWN,
    RX_BT_V_TRANSFERS,
    RX_BT_V_LAND,
    RX_BT_V_CFR,
    RX_BT_V_BROAD,
    RX_BT_F_NORMAL,
    RX_BT_F_STUDENT,
    RX_BT_F_BOOTSTRAP,
    RX_COUNT
} dr_rtext_id;

extern const char *const dr_rtexts[RX_COUNT][2];

/* What a report is writing: its run's briefing (may be NULL), the
 * language (zh: 1 for Chinese) and the file. */
typedef struct dr_rctx {
    const dr_briefing *b;
    int zh;
    FILE *f;
    int *nomem; /* set when a text could not be made: the report fails */
} dr_rctx;

/* A text of the report could not be made for want of memory: marks
 * *r->nomem, so that the report fails rather than leave it out. */
void dr_rlost(const dr_rctx *r);

/* open_memstream for a piece of the report; a failure is marked lost
 * (dr_rlost) and returns NULL. */
FILE *dr_rmem_open(const dr_rctx *r, char **s, size_t *len);

/* The sentence id in the report's language. */
const char *dr_rt(const dr_rctx *r, dr_rtext_id id);

/* Writes the sentence id with its arguments (printf, positional). */
void dr_say(const dr_rctx *r, dr_rtext_id id, ...);

/* As dr_say, into buf of size n; returns buf. */
const char *dr_sayb(const dr_rctx *r, char *buf, size_t n, dr_rtext_id id, ...);

/* A ratio in percent ("103%"), a line ("100%") and a count in words. */
const char *dr_rpct(char buf[32], double v);
const char *dr_rline(char buf[32], double v);
const char *dr_rcount(const dr_rctx *r, char buf[32], long v);

/* The names of counties[k] of r's briefing for k in idx[0..n), joined as
 * "A, B and C" (or "A、B、C"), Markdown-escaped, in a new string (NULL
 * when out of memory). */
char *dr_name_list(const dr_rctx *r, const size_t *idx, size_t n);

/* A change (a fraction) in signed percentage points, "+8.1", "−39.3",
 * "0"; a standard error in points, "0.4". */
const char *dr_pts(char buf[32], double v);
const char *dr_se_pts(char buf[32], double v);

/* 1 when dir/rel is a readable file. */
int dr_file_exists(const char *dir, const char *rel);

/* sub/charts/NAME.png, else .svg, when drawn, in buf; NULL otherwise. sub
 * may be "" for dir itself. */
const char *dr_picture_in(const char *dir, const char *sub, const char *name,
                          char *buf, size_t n);

/* The Markdown-escaped text of s in r's language (dr_lang_text). */
void dr_md_lang(const dr_rctx *r, const char *s);

/* NAME written beside itself (NAME.tmp), then renamed into place. */
typedef struct dr_md_file {
    char *path, *tmp;
    FILE *f;
} dr_md_file;

/* Opens dir/name.tmp for writing. On failure returns DR_ENOMEM or DR_EIO
 * (naming the file); o is then safe to close. */
dr_status dr_md_open_as(dr_md_file *o, const char *dir, const char *name,
                        dr_error *err);

/* dr_md_open_as for report.md. */
dr_status dr_md_open(dr_md_file *o, const char *dir, dr_error *err);

/* Closes o: renames it into place when st is DR_OK (a write error then is
 * DR_EIO), else removes it. Returns the status of the whole. */
dr_status dr_md_close(dr_md_file *o, dr_status st, dr_error *err);

/* The run report's headline paragraph for r's briefing (which counties
 * are likely above the line at the horizon), also the review's baseline.
 * Returns DR_ENOMEM on failure. */
dr_status dr_run_headline(const dr_rctx *r, dr_error *err);

/* 1 for a report in Chinese, 0 in English. */
int dr_report_lang(dr_lang lang);

#endif
