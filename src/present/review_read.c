/* Reading a batch review and a sensitivity run back (briefing.h): the
 * compare.csv or sensitivity.csv of the folder and the run folders beside
 * it, every cell checked (brief_cells.h); and the words of their charts
 * and reports. */
#define _GNU_SOURCE /* qsort_r */
#include "present/briefing.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/parse.h"
#include "inputs/csvread.h"
#include "inputs/params.h"
#include "present/brief_cells.h"

/* ------------------------------------------------------------------------ */
/* Reading a batch review and a sensitivity run. */

/* A county of b by id through byid (sorted by id), or the city (index n):
 * compare.csv and sensitivity.csv write the city as county "city" after
 * the counties, so a county whose id is "city" takes the first such row
 * and the city the next (seen marks the rows taken). */
static size_t county_or_city(const dr_briefing *b, const size_t *byid,
                             const char *id, const unsigned char *seen)
{
    size_t i = dr_rb_find_county(b, byid, id);
    if (strcmp(id, "city") == 0 && (i == (size_t)-1 || seen[i]))
        return b->n;
    return i;
}

const double *dr_review_cmp(const dr_review *rv, size_t s, size_t i)
{
    return &rv->cmp[(s * (rv->n + 1) + i) * DR_CMP_N];
}

/* Most harmful for the city first: the change of its P(breach), then of
 * its median, then the order of compare.csv. */
static int cmp_harm(const void *a, const void *b, void *ctx)
{
    const dr_review *rv = ctx;
    size_t s = *(const size_t *)a, t = *(const size_t *)b;
    const double *x = dr_review_cmp(rv, s, rv->n),
                 *y = dr_review_cmp(rv, t, rv->n);
    if (x[DR_CMP_DELTA] != y[DR_CMP_DELTA])
        return x[DR_CMP_DELTA] > y[DR_CMP_DELTA] ? -1 : 1;
    if (x[DR_CMP_P50_DELTA] != y[DR_CMP_P50_DELTA])
        return x[DR_CMP_P50_DELTA] > y[DR_CMP_P50_DELTA] ? -1 : 1;
    return s < t ? -1 : s > t;
}

dr_status dr_review_load(dr_review *rv, const char *dir, dr_error *err)
{
    enum {
        SC = DR_COMPARE_SCENARIO,
        ID = DR_COMPARE_COUNTY_ID,
        NAME = DR_COMPARE_NAME,
        P = DR_COMPARE_P_BREACH
    };
    /* every column but the name */
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    const uint32_t need =
        (DR_COLS(DR_COMPARE_NCOLS) - 1) & ~(uint32_t)DR_COLS(NAME);
    *rv = (dr_review){0};
    dr_csv_table t = {0};
    char *path = NULL;
    size_t *row_s = NULL, *byid = NULL;
    unsigned char *seen = NULL;
    dr_status st;
    if (!(rv->dir = strdup(dir))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    if ((st = dr_rb_schema_table(dir, DR_SC_COMPARE, need, cols, &t, &path,
                                 err)))
        goto fail;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no rows");
        goto fail;
    }
    /* the scenarios, in the order they first appear */
    if (!(row_s = malloc(t.nrows * sizeof *row_s)) ||
        !(rv->name = calloc(t.nrows, sizeof *rv->name))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *name = dr_csv_get(&t, r, SC)->text;
        size_t k = 0;
        while (k < rv->ns && strcmp(rv->name[k], name) != 0)
            k++;
        if (k == rv->ns) {
            /* a folder of the review: no path may leave it */
            if (!dr_valid_id(name)) {
                st = dr_csv_fail(&t, r, SC, err,
                                 "scenario: expected a scenario name (the "
                                 "folder of its results), found '%s'",
                                 name);
                goto fail;
            }
            if (!(rv->name[rv->ns++] = strdup(name))) {
                st = dr_rb_oom(err);
                goto fail;
            }
        }
        row_s[r] = k;
    }
    if (!(rv->sc = calloc(rv->ns, sizeof *rv->sc))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    for (size_t k = 0; k < rv->ns; k++) {
        char *sub = dr_rb_join(dir, rv->name[k]);
        if (!sub) {
            st = dr_rb_oom(err);
            goto fail;
        }
        st = dr_briefing_load(&rv->sc[k], sub, err);
        free(sub);
        if (st)
            goto fail;
    }
    dr_briefing *b = &rv->sc[0];
    size_t n = rv->n = b->n;
    for (size_t k = 1; k < rv->ns; k++) {
        int same = rv->sc[k].n == n;
        for (size_t i = 0; same && i < n; i++)
            same = strcmp(rv->sc[k].county[i].id, b->county[i].id) == 0;
        if (!same) {
            char *sum = dr_rb_join(rv->sc[k].dir, "summary.csv");
            dr_error_set(err, DR_EINPUT, sum ? sum : rv->sc[k].dir, 0, 0,
                         "other counties than the baseline's (%s)",
                         rv->name[0]);
            free(sum);
            st = DR_EINPUT;
            goto fail;
        }
    }
    size_t cells = rv->ns * (n + 1);
    if (!(byid = dr_rb_sorted_ids(b)) || !(seen = calloc(cells, 1)) ||
        !(rv->cmp = malloc(cells * DR_CMP_N * sizeof *rv->cmp)) ||
        !(rv->order = malloc(rv->ns * sizeof *rv->order))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        size_t s = row_s[r];
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = county_or_city(b, byid, id, seen + s * (n + 1));
        if (i == (size_t)-1) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' is not a county of %s", id,
                             rv->name[0]);
            goto fail;
        }
        if (seen[s * (n + 1) + i]) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' appears twice for scenario %s",
                             id, rv->name[s]);
            goto fail;
        }
        seen[s * (n + 1) + i] = 1;
        static const dr_rb_kind kind[DR_CMP_N] = {
            DR_RB_PROB, DR_RB_DPROB, DR_RB_PROB, DR_RB_RATIO, DR_RB_DRATIO};
        double *v = &rv->cmp[(s * (n + 1) + i) * DR_CMP_N];
        for (size_t k = 0; k < DR_CMP_N; k++)
            if ((st = dr_rb_num(&t, r, P + k, kind[k], &v[k], err)))
                goto fail;
    }
    for (size_t k = 0; k < cells; k++)
        if (!seen[k]) {
            size_t i = k % (n + 1);
            st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                              "no row for scenario %s and county %s",
                              rv->name[k / (n + 1)],
                              i < n ? b->county[i].id : "city");
            goto fail;
        }
    for (size_t k = 1; k < rv->ns; k++)
        rv->order[k - 1] = k;
    qsort_r(rv->order, rv->ns - 1, sizeof *rv->order, cmp_harm, rv);
    st = DR_OK;
    goto done;
fail:
    dr_review_free(rv);
done:
    dr_csv_free(&t);
    free(path);
    free(row_s);
    free(byid);
    free(seen);
    return st;
}

void dr_review_free(dr_review *rv)
{
    for (size_t k = 0; k < rv->ns; k++) {
        if (rv->sc)
            dr_briefing_free(&rv->sc[k]);
        free(rv->name[k]);
    }
    free(rv->sc);
    free(rv->name);
    free(rv->cmp);
    free(rv->order);
    free(rv->dir);
    *rv = (dr_review){0};
}

char *dr_review_title(const dr_review *rv, size_t s, dr_lang lang)
{
    const dr_briefing *b = &rv->sc[s];
    int zh = (lang == DR_LANG_ZH);
    static const char *const baseline[2] = {"Baseline", "基准情景"};
    /* the baseline is titled by the program, in English */
    if (strcmp(b->scenario, "baseline") == 0 &&
        (!*b->title || strcasecmp(b->title, "baseline") == 0))
        return strdup(baseline[zh]);
    return dr_lang_text(dr_briefing_scenario(b), lang);
}

/* A parameter as sensitivity.csv names it: SECTION.KEY or
 * type.LABEL.KEY, each part an id. */
static int valid_param(const char *s)
{
    char part[64];
    size_t nparts = 0;
    if (strlen(s) >= 64)
        return 0;
    for (const char *p = s;; nparts++) {
        size_t n = strcspn(p, ".");
        snprintf(part, sizeof part, "%.*s", (int)n, p);
        if (!dr_valid_id(part))
            return 0;
        if (!p[n])
            break;
        p += n + 1;
    }
    return nparts >= 1;
}

/* A low or high setting as sensitivity.csv writes it: a number, or x and
 * a number (a factor). */
static int valid_setting(const char *s)
{
    double v;
    const char *why;
    return dr_parse_double(s[0] == 'x' ? s + 1 : s, &v, &why);
}

/* The parameter, low and high settings of row r, each in a new string and
 * checked: they are shown in the charts and the report. */
static dr_status read_factor(const dr_csv_table *t, size_t r, char **param,
                             char **low, char **high, dr_error *err)
{
    enum { PARAM, LOW, HIGH };
    dr_status st;
    if ((st = dr_csv_text(t, r, PARAM, DR_TEXT_CELL, param, err)) ||
        (st = dr_csv_text(t, r, LOW, 0, low, err)) ||
        (st = dr_csv_text(t, r, HIGH, 0, high, err)))
        return st;
    if (!valid_param(*param))
        return dr_csv_fail(t, r, PARAM, err,
                           "parameter: expected SECTION.KEY, e.g. land.mu or "
                           "rates.hidden_spread, found '%s'",
                           *param);
    if (!valid_setting(*low))
        return dr_csv_fail(t, r, LOW, err,
                           "low: expected a number or x and a number, found "
                           "'%s'",
                           *low);
    if (!valid_setting(*high))
        return dr_csv_fail(t, r, HIGH, err,
                           "high: expected a number or x and a number, found "
                           "'%s'",
                           *high);
    return DR_OK;
}

const double *dr_sensitivity_row(const dr_sensitivity *s, size_t p, size_t i)
{
    return &s->v[(p * (s->n + 1) + i) * DR_SENS_N];
}

dr_status dr_sensitivity_load(dr_sensitivity *s, const char *dir, dr_error *err)
{
    enum {
        PARAM = DR_SENSITIVITY_PARAMETER,
        LOW = DR_SENSITIVITY_LOW,
        HIGH = DR_SENSITIVITY_HIGH,
        ID = DR_SENSITIVITY_COUNTY_ID,
        NAME = DR_SENSITIVITY_NAME,
        BASE = DR_SENSITIVITY_BASE
    };
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    const uint32_t need =
        (DR_COLS(DR_SENSITIVITY_NCOLS) - 1) & ~(uint32_t)DR_COLS(NAME);
    *s = (dr_sensitivity){0};
    dr_csv_table t = {0};
    char *path = NULL, *sub = NULL;
    size_t *row_p = NULL, *byid = NULL;
    unsigned char *seen = NULL;
    dr_status st;
    if (!(s->dir = strdup(dir)) || !(sub = dr_rb_join(dir, "baseline"))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    if ((st = dr_briefing_load(&s->base, sub, err)) ||
        (st = dr_rb_schema_table(dir, DR_SC_SENSITIVITY, need, cols, &t, &path,
                                 err)))
        goto fail;
    if (t.nrows == 0) {
        st = dr_error_set(err, DR_EINPUT, path, 0, 0, "no rows");
        goto fail;
    }
    if (!(row_p = malloc(t.nrows * sizeof *row_p)) ||
        !(s->param = calloc(t.nrows, sizeof *s->param)) ||
        !(s->low = calloc(t.nrows, sizeof *s->low)) ||
        !(s->high = calloc(t.nrows, sizeof *s->high))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *name = dr_csv_get(&t, r, PARAM)->text;
        size_t k = 0;
        while (k < s->np && strcmp(s->param[k], name) != 0)
            k++;
        if (k == s->np) {
            s->np++;
            if ((st = read_factor(&t, r, &s->param[k], &s->low[k], &s->high[k],
                                  err)))
                goto fail;
        }
        row_p[r] = k;
    }
    size_t n = s->n = s->base.n, cells = s->np * (n + 1);
    if (!(byid = dr_rb_sorted_ids(&s->base)) || !(seen = calloc(cells, 1)) ||
        !(s->v = malloc(cells * DR_SENS_N * sizeof *s->v))) {
        st = dr_rb_oom(err);
        goto fail;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        size_t p = row_p[r];
        const char *id = dr_csv_get(&t, r, ID)->text;
        size_t i = county_or_city(&s->base, byid, id, seen + p * (n + 1));
        if (i == (size_t)-1) {
            st =
                dr_csv_fail(&t, r, ID, err,
                            "county_id: '%s' is not a county of baseline/", id);
            goto fail;
        }
        if (seen[p * (n + 1) + i]) {
            st = dr_csv_fail(&t, r, ID, err,
                             "county_id: '%s' appears twice for %s", id,
                             s->param[p]);
            goto fail;
        }
        seen[p * (n + 1) + i] = 1;
        static const dr_rb_kind kind[DR_SENS_N] = {
            DR_RB_PROB, DR_RB_PROB, DR_RB_PROB, DR_RB_DPROB, DR_RB_DPROB};
        double *v = &s->v[(p * (n + 1) + i) * DR_SENS_N];
        for (size_t k = 0; k < DR_SENS_N; k++)
            if ((st = dr_rb_num(&t, r, BASE + k, kind[k], &v[k], err)))
                goto fail;
    }
    for (size_t k = 0; k < cells; k++)
        if (!seen[k]) {
            size_t i = k % (n + 1);
            st = dr_error_set(
                err, DR_EINPUT, path, 0, 0, "no row for %s and county %s",
                s->param[k / (n + 1)], i < n ? s->base.county[i].id : "city");
            goto fail;
        }
    /* the riskiest county: the highest base probability, the first such */
    for (size_t i = 1; i < n; i++)
        if (dr_sensitivity_row(s, 0, i)[DR_SENS_BASE] >
            dr_sensitivity_row(s, 0, s->riskiest)[DR_SENS_BASE])
            s->riskiest = i;
    st = DR_OK;
    goto done;
fail:
    dr_sensitivity_free(s);
done:
    dr_csv_free(&t);
    free(path);
    free(sub);
    free(row_p);
    free(byid);
    free(seen);
    return st;
}

void dr_sensitivity_free(dr_sensitivity *s)
{
    for (size_t k = 0; k < s->np; k++) {
        free(s->param[k]);
        free(s->low[k]);
        free(s->high[k]);
    }
    free(s->param);
    free(s->low);
    free(s->high);
    free(s->v);
    free(s->dir);
    dr_briefing_free(&s->base);
    *s = (dr_sensitivity){0};
}

typedef struct swing_ctx {
    const dr_sensitivity *s;
    size_t i;
} swing_ctx;

double dr_sensitivity_swing(const dr_sensitivity *s, size_t p, size_t i)
{
    const double *v = dr_sensitivity_row(s, p, i);
    return fmax(fabs(v[DR_SENS_DLOW]), fabs(v[DR_SENS_DHIGH]));
}

static int cmp_swing(const void *a, const void *b, void *ctx)
{
    const swing_ctx *c = ctx;
    size_t p = *(const size_t *)a, q = *(const size_t *)b;
    double x = dr_sensitivity_swing(c->s, p, c->i),
           y = dr_sensitivity_swing(c->s, q, c->i);
    if (x != y)
        return x > y ? -1 : 1;
    return p < q ? -1 : p > q;
}

void dr_sensitivity_rank(const dr_sensitivity *s, size_t i, size_t *order)
{
    swing_ctx c = {s, i};
    for (size_t p = 0; p < s->np; p++)
        order[p] = p;
    qsort_r(order, s->np, sizeof *order, cmp_swing, &c);
}

const char *dr_param_label(const char *key, dr_lang lang, char *buf, size_t n)
{
    const char *k = key, *type = NULL;
    size_t ntype = 0;
    if (strncmp(k, "defaults.", 9) == 0) {
        k += 9;
    } else if (strncmp(k, "type.", 5) == 0 && k[5]) {
        /* type.LABEL.KEY: the [defaults] key's name, for that type */
        for (const char *dot = strchr(k + 6, '.'); dot;
             dot = strchr(dot + 1, '.'))
            if (dr_params_type_key(dot + 1) >= 0) {
                type = k + 5;
                ntype = (size_t)(dot - type);
                k = dot + 1;
                break;
            }
    }
    const char *name = dr_params_key_label(k, lang);
    if (!name)
        snprintf(buf, n, "%s", key);
    else if (type)
        snprintf(buf, n, lang == DR_LANG_ZH ? "%s（%.*s）" : "%s (%.*s)", name,
                 (int)ntype, type);
    else
        snprintf(buf, n, "%s", name);
    return buf;
}

/* A setting as sensitivity.csv writes it, for a label: x0.5 as ×0.5 and a
 * minus sign for a hyphen. */
const char *dr_setting_label(const char *s, char *buf, size_t n)
{
    if (s[0] == 'x' && (isdigit((unsigned char)s[1]) || s[1] == '.'))
        snprintf(buf, n, "×%s", s + 1);
    else if (s[0] == '-')
        snprintf(buf, n, "−%s", s + 1);
    else
        snprintf(buf, n, "%s", s);
    return buf;
}

const char *dr_tornado_city_name(const dr_sensitivity *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->base.county[i].id, "city") == 0)
            return "tornado_@city";
    return "tornado_city";
}
