/* The report of a solve: solve.md, the efforts in words. */
#define _GNU_SOURCE /* qsort_r */
#include "present/report_solve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "present/mdtext.h"
#include "present/rtext.h"

typedef struct solve_report {
    dr_rctx r;
    const dr_solve *s;
} solve_report;

/* The measure as the report states it: a probability or a ratio in
 * percent, a count of counties as a number. */
static const char *measure(const dr_solve *s, char buf[32], double v)
{
    if (isnan(v))
        snprintf(buf, 32, "–");
    else if (s->target.kind == DR_TG_COUNTIES_ABOVE_END)
        snprintf(buf, 32, "%.2f", v);
    else
        dr_rpct(buf, v);
    return buf;
}

static const char *bound_text(const dr_solve *s, char buf[32])
{
    return measure(s, buf, s->target.bound);
}

static const char *se_text(const dr_solve *s, char buf[48], double se)
{
    char v[32];
    if (isnan(se))
        buf[0] = '\0';
    else
        snprintf(buf, 48, " ± %s", measure(s, v, se));
    return buf;
}

/* The county's name, Markdown-escaped, into buf. */
static const char *name_of(const solve_report *sr, size_t i, char *buf,
                           size_t n)
{
    char *t = NULL;
    size_t len;
    FILE *m = dr_rmem_open(&sr->r, &t, &len);
    if (m) {
        dr_md_text(m, sr->s->city_scope ? dr_rt(&sr->r, RX_THE_CITY)
                                        : sr->s->fiscal->county[i].name);
        fclose(m);
    }
    snprintf(buf, n, "%s", t ? t : sr->s->fiscal->county[i].id);
    free(t);
    return buf;
}

/* "社旗县 must cut primary spending 4.2% a year in 2025–2034" */
static void say_effort(const solve_report *sr, const char *who, double x)
{
    const dr_solve *s = sr->s;
    const dr_lever *lv = &s->lever;
    char v[32], key[160];
    dr_solve_value_text(s, x, v);
    static const dr_rtext_id id[] = {RX_SV_DO_SPENDING, RX_SV_DO_REVENUE,
                                     RX_SV_DO_SWAP, RX_SV_DO_ADJUST,
                                     RX_SV_DO_SET};
    const char *a = "", *b = "";
    if (lv->kind == DR_LEVER_ADJUST) {
        a = dr_adj_var_name(lv->var);
        b = lv->op == DR_OP_MUL ? "mul" : "add";
    } else if (lv->kind == DR_LEVER_SET) {
        snprintf(key, sizeof key, "%s.%s",
                 s->city_scope ? lv->section : "county.ID", lv->key);
        a = key;
    }
    dr_say(&sr->r, id[lv->kind], who, v, lv->year_from, lv->year_to, a, b);
}

static int by_effort(const void *a, const void *b, void *ctx)
{
    const dr_solve *s = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = fabs(s->row[i].value - s->lever.lo);
    double y = fabs(s->row[j].value - s->lever.lo);
    if (x != y)
        return x > y ? -1 : 1;
    return i < j ? -1 : i > j;
}

static void write_solved(const solve_report *sr, const size_t *order)
{
    const dr_solve *s = sr->s;
    char who[256], words[160], bnd[32], now[32], with[32], se[48];
    dr_target_words(&s->target, sr->r.zh, words, sizeof words);
    for (size_t k = 0; k < s->nrows; k++) {
        size_t i = order[k];
        const dr_solve_row *row = &s->row[i];
        if (row->status != DR_SOLVED)
            continue;
        fputs("- ", sr->r.f);
        say_effort(sr, name_of(sr, i, who, sizeof who), row->value);
        dr_say(&sr->r, RX_SV_TO_KEEP, words, bound_text(s, bnd),
               measure(s, now, row->baseline), measure(s, with, row->achieved),
               se_text(s, se, row->se));
        fputc('\n', sr->r.f);
    }
    for (size_t k = 0; k < s->nrows; k++) {
        size_t i = order[k];
        const dr_solve_row *row = &s->row[i];
        if (row->status != DR_NOT_REACHABLE)
            continue;
        char v[32];
        dr_say(&sr->r, RX_SV_CANNOT, name_of(sr, i, who, sizeof who),
               dr_solve_value_text(s, row->value, v), words,
               measure(s, with, row->achieved), measure(s, now, row->baseline));
        fputc('\n', sr->r.f);
    }
}

/* The counties of one status (or flag), as a list, into a new string. */
static char *list_of(const solve_report *sr, dr_solve_status st, int mono)
{
    char *t = NULL, who[256];
    size_t len, n = 0, total = 0;
    for (size_t i = 0; i < sr->s->nrows; i++)
        total += mono ? sr->s->row[i].nonmonotone : sr->s->row[i].status == st;
    FILE *m = dr_rmem_open(&sr->r, &t, &len);
    if (!m)
        return NULL;
    for (size_t i = 0; i < sr->s->nrows; i++) {
        const dr_solve_row *row = &sr->s->row[i];
        if (mono ? !row->nonmonotone : row->status != st)
            continue;
        if (n++)
            fputs(dr_rt(&sr->r, n == total ? RX_AND : RX_COMMA), m);
        fputs(name_of(sr, i, who, sizeof who), m);
    }
    fclose(m);
    if (n == 0) {
        free(t);
        return NULL;
    }
    return t;
}

static void write_brief(const solve_report *sr, const size_t *order)
{
    const dr_solve *s = sr->s;
    fprintf(sr->r.f, "%s\n\n", dr_rt(&sr->r, RX_SV_SEC_BRIEF));
    size_t count[3] = {0};
    for (size_t i = 0; i < s->nrows; i++)
        count[s->row[i].status]++;
    char v[32], w[32];
    if (!s->city_scope)
        dr_say(&sr->r, RX_SV_HEAD, count[DR_SOLVED], s->nrows, count[DR_MET],
               count[DR_NOT_REACHABLE]);
    else if (count[DR_SOLVED])
        dr_say(&sr->r, RX_SV_HEAD_CITY_OK,
               dr_solve_value_text(s, s->row[0].value, v));
    else if (count[DR_MET])
        dr_say(&sr->r, RX_SV_HEAD_CITY_MET);
    else
        dr_say(&sr->r, RX_SV_HEAD_CITY_NO,
               dr_solve_value_text(s, s->row[0].value, v),
               measure(s, w, s->row[0].achieved));
    fputs("\n\n", sr->r.f);
    write_solved(sr, order);
    char *met = s->city_scope ? NULL : list_of(sr, DR_MET, 0);
    if (met) {
        dr_say(&sr->r, RX_SV_MET_LIST, met);
        fputc('\n', sr->r.f);
    }
    free(met);
    char *mono = list_of(sr, DR_SOLVED, 1);
    if (mono) {
        dr_say(&sr->r, RX_SV_NONMONO, mono);
        fputc('\n', sr->r.f);
    }
    free(mono);
    fputc('\n', sr->r.f);
}

static void write_table(const solve_report *sr, const size_t *order)
{
    const dr_solve *s = sr->s;
    static const dr_rtext_id st[] = {RX_SV_ST_SOLVED, RX_SV_ST_MET,
                                     RX_SV_ST_NOTREACH};
    fprintf(sr->r.f, "%s\n\n", dr_rt(&sr->r, RX_SV_SEC_TABLE));
    dr_say(&sr->r, RX_SV_TABLE_HEAD);
    fputc('\n', sr->r.f);
    for (size_t k = 0; k < s->nrows; k++) {
        size_t i = order[k];
        const dr_solve_row *row = &s->row[i];
        char who[256], v[32], a[32], b[32], c[32];
        fprintf(sr->r.f, "| %s | %s | %s | %s | %s | %s |\n",
                name_of(sr, i, who, sizeof who), dr_rt(&sr->r, st[row->status]),
                dr_solve_value_text(s, row->value, v),
                measure(s, a, row->baseline), measure(s, b, row->achieved),
                isnan(row->se) ? "–" : measure(s, c, row->se));
    }
    fputc('\n', sr->r.f);
}

static void write_charts(const solve_report *sr, const char *dir)
{
    char rel[256];
    int any = 0;
    static const char *const names[] = {"solve_effort", "solve_city"};
    static const dr_rtext_id caps[] = {RX_SV_CH_EFFORT, RX_SV_CH_CITY};
    for (int k = 0; k < 2; k++) {
        if (!dr_picture_in(dir, "", names[k], rel, sizeof rel))
            continue;
        if (!any++)
            fprintf(sr->r.f, "%s\n\n", dr_rt(&sr->r, RX_SV_SEC_CHARTS));
        fprintf(sr->r.f, "![%s](%s)\n\n", dr_rt(&sr->r, caps[k]), rel);
    }
}

static void write_method(const solve_report *sr)
{
    const dr_solve *s = sr->s;
    fprintf(sr->r.f, "%s\n\n", dr_rt(&sr->r, RX_SV_SEC_METHOD));
    if (!s->deterministic) {
        dr_say(&sr->r, RX_SV_M_CRN, s->seed);
        fputc('\n', sr->r.f);
    }
    if (!s->city_scope) {
        dr_say(&sr->r, RX_SV_M_SEARCH, s->runs, s->nrows);
        fputc('\n', sr->r.f);
    }
    fprintf(sr->r.f, "%s\n%s\n", dr_rt(&sr->r, RX_SV_M_REPRO),
            dr_rt(&sr->r, RX_SV_M_FILES));
}

/* The tolerance: a share lever's in percentage points, two digits. */
static const char *tol_text(const solve_report *sr, char buf[32])
{
    const dr_solve *s = sr->s;
    if (s->lever.kind <= DR_LEVER_SWAP)
        snprintf(buf, 32, "%.2g %s", 100.0 * s->lever.tol,
                 sr->r.zh ? "个百分点" : "points");
    else
        dr_format_double(buf, s->lever.tol);
    return buf;
}

static void write_head(const solve_report *sr)
{
    const dr_solve *s = sr->s;
    const dr_lever *lv = &s->lever;
    char words[160], bnd[32], lo[32], hi[32], tol[32], paths[32], code[160],
        years[64] = "";
    dr_target_words(&s->target, sr->r.zh, words, sizeof words);
    dr_say(&sr->r, RX_SV_TITLE, words, bound_text(s, bnd));
    fputs("\n\n", sr->r.f);
    dr_md_code(code, sizeof code, lv->text);
    if (lv->kind != DR_LEVER_SET)
        snprintf(years, sizeof years, "%s%ld–%ld", sr->r.zh ? "，" : ", ",
                 lv->year_from, lv->year_to);
    char how[160];
    snprintf(how, sizeof how, "%s%s",
             dr_rt(&sr->r, s->city_scope ? RX_SV_ALL : RX_SV_EACH), years);
    dr_say(&sr->r, RX_SV_RUN, dr_lever_name(lv, sr->r.zh), code,
           dr_solve_value_text(s, lv->lo, lo),
           dr_solve_value_text(s, lv->hi, hi), tol_text(sr, tol), how,
           dr_rcount(&sr->r, paths, s->paths), s->seed, s->runs, s->scenario);
    fputs("\n\n", sr->r.f);
}

dr_status dr_solve_report_write(const char *dir, const dr_solve *s,
                                dr_lang lang, dr_error *err)
{
    int zh = dr_report_lang(lang);
    size_t *order = malloc((s->nrows ? s->nrows : 1) * sizeof *order);
    if (!order)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < s->nrows; i++)
        order[i] = i;
    qsort_r(order, s->nrows, sizeof *order, by_effort, (void *)s);
    dr_md_file o;
    dr_status st = dr_md_open_as(&o, dir, "solve.md", err);
    if (st == DR_OK) {
        int nomem = 0;
        solve_report sr = {.r = {.zh = zh, .f = o.f, .nomem = &nomem}, .s = s};
        write_head(&sr);
        write_brief(&sr, order);
        write_table(&sr, order);
        write_charts(&sr, dir);
        write_method(&sr);
        if (nomem)
            st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    free(order);
    return dr_md_close(&o, st, err);
}
