#include "present/workbook.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "outputs/schema.h"
#include "outputs/xlsx.h"
#include "present/brief_cells.h"
#include "present/briefing.h"
#include "present/otext.h"

/* The texts of the formatted sheets, English and Chinese. */

static const char *w(const dr_xlsx *x, dr_otext_id id)
{
    return dr_ot(x->zh, id);
}

static char *path_of(const char *dir, const char *name)
{
    return dr_rb_join(dir, name);
}

/* Opens dir/NAME.tmp for the workbook NAME. */
static dr_status book(dr_xlsx *x, const char *dir, const char *name,
                      dr_lang lang, char **tmp, char **final, dr_error *err)
{
    *final = path_of(dir, name);
    size_t n = *final ? strlen(*final) + 5 : 0;
    *tmp = n ? malloc(n) : NULL;
    if (!*tmp) {
        free(*final);
        *final = NULL;
        return dr_rb_oom(err);
    }
    snprintf(*tmp, n, "%s.tmp", *final);
    dr_status st = dr_xlsx_open(x, *tmp, lang, err);
    if (st) {
        free(*tmp);
        free(*final);
        *tmp = *final = NULL;
    }
    return st;
}

static dr_status finish(dr_xlsx *x, char *tmp, char *final, dr_status st,
                        dr_error *err)
{
    if (st != DR_OK) {
        dr_error keep = *err;
        dr_xlsx_fail(x, &keep);
    }
    dr_status cs = dr_xlsx_close(x, err);
    if (cs == DR_OK && rename(tmp, final) != 0) {
        cs = dr_error_set(err, DR_EIO, final, 0, 0, "cannot write: %s",
                          strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    free(final);
    return cs;
}

static const char *pct_text(char buf[32], double v)
{
    snprintf(buf, 32, "%g%%", 100.0 * v);
    return buf;
}

/* A header row; width[] starts from the headers' widths. */
static void header(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                   const char *const *h, size_t n, double *width)
{
    for (size_t c = 0; c < n; c++) {
        dr_xlsx_text(x, ws, row, (lxw_col_t)c, h[c], x->head);
        width[c] = dr_xlsx_width(h[c]);
        if (width[c] > 16)
            width[c] = 16;
    }
    if (ws)
        dr_xlsx_check(x, worksheet_set_row(ws, row, 32, NULL));
}

static void text_cell(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      lxw_col_t col, const char *s, double *width)
{
    dr_xlsx_text(x, ws, row, col, s, NULL);
    double wd = dr_xlsx_width(s);
    if (wd > width[col])
        width[col] = wd;
}

static void print_setup(lxw_worksheet *ws)
{
    if (!ws)
        return;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
}

/* The head of a formatted sheet: its title, the run, the legend. */
static void run_head(dr_xlsx *x, lxw_worksheet *ws, const dr_briefing *b,
                     const char *title)
{
    char buf[1024], g[3][32], wl[32];
    dr_xlsx_text(x, ws, 0, 0, title, x->title);
    if (b->deterministic)
        snprintf(buf, sizeof buf, w(x, OX_WB_DET), b->base_year,
                 b->base_year + b->years);
    else
        snprintf(buf, sizeof buf, w(x, OX_WB_MC), b->paths, b->seed,
                 b->base_year, b->base_year + b->years);
    dr_xlsx_text(x, ws, 1, 0, buf, x->note);
    snprintf(buf, sizeof buf, w(x, OX_WB_LEGEND), pct_text(g[0], b->grades[0]),
             pct_text(g[1], b->grades[1]), pct_text(g[2], b->grades[2]),
             pct_text(wl, b->warning));
    dr_xlsx_text(x, ws, 2, 0, buf, x->note);
}

/* The formatted summary of a run: counties riskiest first, the city. */
static void summary_sheet(dr_xlsx *x, const dr_briefing *b)
{
    lxw_worksheet *ws = dr_xlsx_sheet(x, w(x, OX_WB_SUMMARY));
    char h[12][96], buf[600];
    long B = b->base_year, E = b->base_year + b->years;
    const dr_otext_id ids[12] = {
        OX_WB_RANK, OX_WB_COUNTY, OX_WB_ID, OX_WB_TYPE, OX_WB_BASE,  OX_WB_P50,
        OX_WB_P10,  OX_WB_P90,    OX_WB_PB, OX_WB_SE,   OX_WB_FIRST, OX_WB_RED};
    const char *hp[12];
    for (int c = 0; c < 12; c++) {
        snprintf(h[c], sizeof h[c], w(x, ids[c]), c == 4 ? B : E);
        hp[c] = h[c];
    }
    char *t =
        dr_lang_text(dr_briefing_scenario(b), x->zh ? DR_LANG_ZH : DR_LANG_EN);
    snprintf(buf, sizeof buf, w(x, OX_WB_TITLE), t ? t : "");
    free(t);
    run_head(x, ws, b, buf);
    double width[12];
    const lxw_row_t top = 4;
    header(x, ws, top, hp, 12, width);
    for (size_t k = 0; k < b->n && ws; k++) {
        const dr_brief_county *c = &b->county[b->rank[k]];
        lxw_row_t r = top + 1 + (lxw_row_t)k;
        dr_xlsx_number(x, ws, r, 0, (double)(k + 1), DR_CELL_COUNT, NULL);
        text_cell(x, ws, r, 1, c->name, width);
        text_cell(x, ws, r, 2, c->id, width);
        text_cell(x, ws, r, 3, c->type, width);
        const double ratio[4] = {c->base, c->p50_end, c->p10_end, c->p90_end};
        for (int j = 0; j < 4; j++)
            dr_xlsx_number(
                x, ws, r, (lxw_col_t)(4 + j), ratio[j], DR_CELL_RATIO,
                isfinite(ratio[j])
                    ? dr_xlsx_grade_format(x, ratio[j], b->warning, b->grades)
                    : NULL);
        dr_xlsx_number(x, ws, r, 8, c->p_breach_end, DR_CELL_PROB, NULL);
        dr_xlsx_number(x, ws, r, 9, c->p_breach_end_se, DR_CELL_PROB, NULL);
        if (c->first_year_p50)
            dr_xlsx_number(x, ws, r, 10, (double)c->first_year_p50,
                           DR_CELL_YEAR, NULL);
        if (!isnan(c->p_red_end))
            dr_xlsx_number(x, ws, r, 11, c->p_red_end, DR_CELL_PROB, NULL);
    }
    /* the city: its percentiles at the horizon and P(above) */
    lxw_row_t r = top + 1 + (lxw_row_t)b->n;
    const double *q = b->city_q + (size_t)b->years * DR_NPCT;
    text_cell(x, ws, r, 1, w(x, OX_WB_CITY), width);
    const double cq[3] = {q[3], q[1], q[5]};
    for (int j = 0; j < 3; j++)
        dr_xlsx_number(x, ws, r, (lxw_col_t)(5 + j), cq[j], DR_CELL_RATIO,
                       isfinite(cq[j]) ? dr_xlsx_grade_format(
                                             x, cq[j], b->warning, b->grades)
                                       : NULL);
    if (ws) {
        dr_xlsx_widths(x, ws, width, 12, 7.0);
        worksheet_freeze_panes(ws, top + 1, 2);
        print_setup(ws);
    }
}

static int exists(const char *dir, const char *rel)
{
    char *p = path_of(dir, rel);
    int ok = p && access(p, F_OK) == 0;
    free(p);
    return ok;
}

/* The CSV sheets of the run folder dir/sub ("" for dir), each named by
 * its file, with suffix appended ("" for none). */
static void run_sheets(dr_xlsx *x, const char *dir, const char *sub,
                       const char *suffix)
{
    static const dr_schema_id files[] = {DR_SC_SUMMARY,     DR_SC_RATIOS,
                                         DR_SC_GRADES,      DR_SC_CITY,
                                         DR_SC_CITY_COUNTS, DR_SC_PROJECTION};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        const dr_schema *s = &dr_schemas[files[k]];
        char rel[300], name[64];
        snprintf(rel, sizeof rel, "%s%s%s", sub, *sub ? "/" : "", s->file);
        if (files[k] == DR_SC_PROJECTION && !exists(dir, rel))
            continue; /* deterministic runs only */
        int stem = (int)(strlen(s->file) - 4);
        snprintf(name, sizeof name, "%.*s%s", stem, s->file, suffix);
        dr_xlsx_csv_sheet(x, dir, rel, s, name);
    }
}

static void settings_sheets(dr_xlsx *x, const char *dir, const char *sub)
{
    char rel[300];
    snprintf(rel, sizeof rel, "%s%srun.ini", sub, *sub ? "/" : "");
    dr_xlsx_ini_sheet(x, dir, rel, w(x, OX_WB_SETTINGS));
    snprintf(rel, sizeof rel, "%s%smodel.ini", sub, *sub ? "/" : "");
    dr_xlsx_ini_sheet(x, dir, rel, w(x, OX_WB_MODEL));
}

dr_status dr_workbook_run(const char *dir, dr_lang lang, dr_error *err)
{
    dr_briefing b;
    dr_status st = dr_briefing_load(&b, dir, err);
    if (st)
        return st;
    dr_xlsx x;
    char *tmp, *final;
    if ((st = book(&x, dir, "results.xlsx", lang, &tmp, &final, err)) ==
        DR_OK) {
        summary_sheet(&x, &b);
        run_sheets(&x, dir, "", "");
        settings_sheets(&x, dir, "");
        st = finish(&x, tmp, final, DR_OK, err);
    }
    dr_briefing_free(&b);
    return st;
}

/* A red-white-green scale on the changes in rows r0..r1 of column c:
 * white at no change, red the largest rise, green the largest fall. */
static void change_scale(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t r0,
                         lxw_row_t r1, lxw_col_t c)
{
    if (!ws || r1 < r0)
        return;
    lxw_conditional_format cf = {
        .type = LXW_CONDITIONAL_3_COLOR_SCALE,
        .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_MINIMUM,
        .min_color = 0x63BE7B,
        .mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .mid_value = 0.0,
        .mid_color = 0xFFFFFF,
        .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_MAXIMUM,
        .max_color = 0xF8696B};
    dr_xlsx_check(x, worksheet_conditional_format_range(ws, r0, c, r1, c, &cf));
}

/* A sheet name for scenario k's summary: "summary_NAME", shortened with
 * its number when NAME is long (a sheet name has at most 31 bytes), and
 * numbered when an earlier scenario's name differs from it only in case
 * (one sheet name to Excel). */
static void scenario_sheet_name(char name[32], const dr_review *rv, size_t k)
{
    const char *scenario = rv->name[k];
    int clash = 0;
    for (size_t j = 0; j < k; j++)
        clash |= strcasecmp(rv->name[j], scenario) == 0;
    if (strlen(scenario) <= 23 && !clash)
        snprintf(name, 32, "summary_%s", scenario);
    else
        snprintf(name, 32, "summary_%.16s~%zu", scenario, k);
}

static void compare_sheet(dr_xlsx *x, const dr_review *rv)
{
    lxw_worksheet *ws = dr_xlsx_sheet(x, w(x, OX_WB_CMP));
    const dr_briefing *b = &rv->sc[0];
    char buf[600];
    snprintf(buf, sizeof buf, w(x, OX_WB_CMP_TITLE), b->base_year + b->years);
    dr_xlsx_text(x, ws, 0, 0, buf, x->title);
    dr_xlsx_text(x, ws, 1, 0, w(x, OX_WB_CMP_NOTE), x->note);
    size_t ncols = 2 + 2 * (rv->ns - 1);
    double *width = calloc(ncols, sizeof *width);
    char **h = calloc(ncols, sizeof *h);
    if (!width || !h) {
        dr_error e;
        dr_rb_oom(&e);
        dr_xlsx_fail(x, &e);
        free(width);
        free(h);
        return;
    }
    const lxw_row_t top = 3;
    h[0] = strdup(w(x, OX_WB_COUNTY));
    h[1] = strdup(w(x, OX_WB_BASELINE));
    for (size_t s = 1; s < rv->ns; s++) {
        char *t = dr_review_title(rv, s, x->zh ? DR_LANG_ZH : DR_LANG_EN);
        snprintf(buf, sizeof buf, w(x, OX_WB_DELTA), t ? t : rv->name[s]);
        free(t);
        h[2 * s] = strdup(buf);
        h[2 * s + 1] = strdup(w(x, OX_WB_SE));
    }
    int oom = 0;
    for (size_t c = 0; c < ncols; c++)
        oom |= !h[c];
    if (!oom)
        header(x, ws, top, (const char *const *)h, ncols, width);
    /* counties riskiest first under the baseline, the city last */
    for (size_t k = 0; k <= rv->n && ws && !oom; k++) {
        size_t i = k < rv->n ? b->rank[k] : rv->n;
        lxw_row_t r = top + 1 + (lxw_row_t)k;
        text_cell(x, ws, r, 0, i < rv->n ? b->county[i].name : w(x, OX_WB_CITY),
                  width);
        dr_xlsx_number(x, ws, r, 1, dr_review_cmp(rv, 0, i)[DR_CMP_P],
                       DR_CELL_PROB, NULL);
        for (size_t s = 1; s < rv->ns; s++) {
            const double *v = dr_review_cmp(rv, s, i);
            dr_xlsx_number(x, ws, r, (lxw_col_t)(2 * s), v[DR_CMP_DELTA],
                           DR_CELL_DELTA, NULL);
            dr_xlsx_number(x, ws, r, (lxw_col_t)(2 * s + 1), v[DR_CMP_SE],
                           DR_CELL_PROB, NULL);
        }
    }
    for (size_t s = 1; s < rv->ns && ws; s++)
        change_scale(x, ws, top + 1, top + 1 + (lxw_row_t)rv->n,
                     (lxw_col_t)(2 * s));
    if (oom) {
        dr_error e;
        dr_rb_oom(&e);
        dr_xlsx_fail(x, &e);
    } else if (ws) {
        dr_xlsx_widths(x, ws, width, ncols, 8.0);
        worksheet_freeze_panes(ws, top + 1, 1);
        print_setup(ws);
    }
    for (size_t c = 0; c < ncols; c++)
        free(h[c]);
    free(h);
    free(width);
}

dr_status dr_workbook_review(const char *dir, dr_lang lang, dr_error *err)
{
    dr_review rv;
    dr_status st = dr_review_load(&rv, dir, err);
    if (st)
        return st;
    dr_xlsx x;
    char *tmp, *final;
    if ((st = book(&x, dir, "review.xlsx", lang, &tmp, &final, err)) == DR_OK) {
        compare_sheet(&x, &rv);
        dr_xlsx_csv_sheet(&x, dir, "compare.csv", &dr_schemas[DR_SC_COMPARE],
                          "compare");
        for (size_t s = 0; s < rv.ns; s++) {
            char name[32], rel[300];
            scenario_sheet_name(name, &rv, s);
            snprintf(rel, sizeof rel, "%s/summary.csv", rv.name[s]);
            dr_xlsx_csv_sheet(&x, dir, rel, &dr_schemas[DR_SC_SUMMARY], name);
        }
        settings_sheets(&x, dir, rv.name[0]);
        st = finish(&x, tmp, final, DR_OK, err);
    }
    dr_review_free(&rv);
    return st;
}

static void sensitivity_sheet(dr_xlsx *x, const dr_sensitivity *s)
{
    lxw_worksheet *ws = dr_xlsx_sheet(x, w(x, OX_WB_SENS));
    const dr_briefing *b = &s->base;
    char buf[600];
    snprintf(buf, sizeof buf, w(x, OX_WB_SENS_TITLE), b->base_year + b->years);
    dr_xlsx_text(x, ws, 0, 0, buf, x->title);
    dr_xlsx_text(x, ws, 1, 0, w(x, OX_WB_SENS_NOTE), x->note);
    const char *h[8] = {w(x, OX_WB_PARAM), w(x, OX_WB_LOW),  w(x, OX_WB_HIGH),
                        w(x, OX_WB_PBASE), w(x, OX_WB_PLOW), w(x, OX_WB_PHIGH),
                        w(x, OX_WB_DLOW),  w(x, OX_WB_DHIGH)};
    double width[8];
    const lxw_row_t top = 3;
    header(x, ws, top, h, 8, width);
    size_t *order = malloc((s->np ? s->np : 1) * sizeof *order);
    if (!order) {
        dr_error e;
        dr_rb_oom(&e);
        dr_xlsx_fail(x, &e);
        return;
    }
    dr_sensitivity_rank(s, s->n, order);
    for (size_t k = 0; k < s->np && ws; k++) {
        size_t p = order[k];
        lxw_row_t r = top + 1 + (lxw_row_t)k;
        char label[200], lo[64], hi[64];
        text_cell(x, ws, r, 0,
                  dr_param_label(s->param[p], x->zh ? DR_LANG_ZH : DR_LANG_EN,
                                 label, sizeof label),
                  width);
        text_cell(x, ws, r, 1, dr_setting_label(s->low[p], lo, sizeof lo),
                  width);
        text_cell(x, ws, r, 2, dr_setting_label(s->high[p], hi, sizeof hi),
                  width);
        const double *v = dr_sensitivity_row(s, p, s->n);
        const dr_cell_kind kind[5] = {DR_CELL_PROB, DR_CELL_PROB, DR_CELL_PROB,
                                      DR_CELL_DELTA, DR_CELL_DELTA};
        for (int j = 0; j < DR_SENS_N; j++)
            dr_xlsx_number(x, ws, r, (lxw_col_t)(3 + j), v[j], kind[j], NULL);
    }
    if (ws && s->np) {
        change_scale(x, ws, top + 1, top + (lxw_row_t)s->np, 6);
        change_scale(x, ws, top + 1, top + (lxw_row_t)s->np, 7);
    }
    if (ws) {
        dr_xlsx_widths(x, ws, width, 8, 8.0);
        worksheet_freeze_panes(ws, top + 1, 1);
        print_setup(ws);
    }
    free(order);
}

dr_status dr_workbook_sensitivity(const char *dir, dr_lang lang, dr_error *err)
{
    dr_sensitivity s;
    dr_status st = dr_sensitivity_load(&s, dir, err);
    if (st)
        return st;
    dr_xlsx x;
    char *tmp, *final;
    if ((st = book(&x, dir, "results.xlsx", lang, &tmp, &final, err)) ==
        DR_OK) {
        sensitivity_sheet(&x, &s);
        dr_xlsx_csv_sheet(&x, dir, "sensitivity.csv",
                          &dr_schemas[DR_SC_SENSITIVITY], "sensitivity");
        summary_sheet(&x, &s.base);
        run_sheets(&x, dir, "baseline", "");
        settings_sheets(&x, dir, "baseline");
        st = finish(&x, tmp, final, DR_OK, err);
    }
    dr_sensitivity_free(&s);
    return st;
}

/* The statuses of solve.csv, in the order of their fills. */
static const char *const STATUS[3] = {"met", "solved", "not-reachable"};

static void solve_sheet(dr_xlsx *x, const char *dir)
{
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    dr_csv_table t = {0};
    char *path;
    dr_error e = {0};
    const uint32_t need = DR_COLS(DR_SOLVE_NCOLS) - 1;
    if (dr_rb_schema_table(dir, DR_SC_SOLVE, need, cols, &t, &path, &e)) {
        dr_xlsx_fail(x, &e);
        free(path);
        return;
    }
    lxw_worksheet *ws = dr_xlsx_sheet(x, w(x, OX_WB_SOLVE));
    if (t.nrows > 0 && ws) {
        const char *lever = dr_csv_get(&t, 0, DR_SOLVE_LEVER)->text;
        const char *target = dr_csv_get(&t, 0, DR_SOLVE_TARGET)->text;
        char buf[600];
        snprintf(buf, sizeof buf, w(x, OX_WB_SOLVE_TITLE), lever, target);
        dr_xlsx_text(x, ws, 0, 0, buf, x->title);
        dr_xlsx_text(x, ws, 1, 0, w(x, OX_WB_SOLVE_NOTE), x->note);
        /* a share of spending, revenue or hidden debt is a percentage;
         * an expected number of counties is a number, any other target
         * a probability or a ratio */
        dr_cell_kind vk = strncmp(lever, "spending", 8) == 0 ||
                                  strncmp(lever, "revenue", 7) == 0 ||
                                  strncmp(lever, "swap", 4) == 0
                              ? DR_CELL_RATE
                              : DR_CELL_NUM;
        dr_cell_kind ak = strncmp(target, "counties_above", 14) == 0
                              ? DR_CELL_NUM
                              : DR_CELL_PROB;
        const char *h[6] = {w(x, OX_WB_COUNTY), w(x, OX_WB_STATUS),
                            w(x, OX_WB_VALUE),  w(x, OX_WB_ACHIEVED),
                            w(x, OX_WB_SE),     w(x, OX_WB_BASEVAL)};
        double width[6];
        const lxw_row_t top = 3;
        header(x, ws, top, h, 6, width);
        for (size_t r = 0; r < t.nrows; r++) {
            lxw_row_t row = top + 1 + (lxw_row_t)r;
            const char *name = dr_csv_get(&t, r, DR_SOLVE_NAME)->text;
            const char *status = dr_csv_get(&t, r, DR_SOLVE_STATUS)->text;
            text_cell(
                x, ws, row, 0,
                strcmp(dr_csv_get(&t, r, DR_SOLVE_COUNTY_ID)->text, "city") == 0
                    ? w(x, OX_WB_CITY)
                    : name,
                width);
            int g = 0;
            while (g < 3 && strcmp(status, STATUS[g]) != 0)
                g++;
            if (g == 3) {
                dr_csv_fail(&t, r, DR_SOLVE_STATUS, &e,
                            "status: expected solved, met or not-reachable, "
                            "found '%s'",
                            status);
                dr_xlsx_fail(x, &e);
                break;
            }
            static const dr_otext_id said[3] = {OX_WB_MET, OX_WB_SOLVED,
                                                OX_WB_NOTREACH};
            text_cell(x, ws, row, 1, w(x, said[g]), width);
            /* the lever's own format, in the fill of the status */
            dr_xlsx_cell(x, ws, row, 2, &t, r, DR_SOLVE_VALUE, vk,
                         dr_xlsx_fill(x, vk,
                                      g == 0   ? DR_XLSX_GREEN
                                      : g == 1 ? DR_XLSX_YELLOW
                                               : DR_XLSX_RED));
            dr_xlsx_cell(x, ws, row, 3, &t, r, DR_SOLVE_ACHIEVED, ak, NULL);
            dr_xlsx_cell(x, ws, row, 4, &t, r, DR_SOLVE_ACHIEVED_SE, ak, NULL);
            dr_xlsx_cell(x, ws, row, 5, &t, r, DR_SOLVE_BASELINE, ak, NULL);
        }
        dr_xlsx_widths(x, ws, width, 6, 9.0);
        worksheet_freeze_panes(ws, top + 1, 1);
        print_setup(ws);
    }
    dr_csv_free(&t);
    free(path);
}

dr_status dr_workbook_solve(const char *dir, dr_lang lang, dr_error *err)
{
    dr_xlsx x;
    char *tmp, *final;
    dr_status st = book(&x, dir, "solve.xlsx", lang, &tmp, &final, err);
    if (st)
        return st;
    solve_sheet(&x, dir);
    dr_xlsx_csv_sheet(&x, dir, "solve.csv", &dr_schemas[DR_SC_SOLVE], "solve");
    dr_xlsx_csv_sheet(&x, dir, "baseline/summary.csv",
                      &dr_schemas[DR_SC_SUMMARY], "summary_baseline");
    dr_xlsx_csv_sheet(&x, dir, "solved/summary.csv", &dr_schemas[DR_SC_SUMMARY],
                      "summary_solved");
    dr_xlsx_ini_sheet(&x, dir, "solved/scenario.ini", w(&x, OX_WB_SCENARIO));
    settings_sheets(&x, dir, "solved");
    return finish(&x, tmp, final, DR_OK, err);
}
