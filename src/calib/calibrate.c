#define _GNU_SOURCE /* qsort_r */
#include "calib/calibrate.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/shrink.h"
#include "inputs/params.h"

const char *const dr_cal_by_name[3] = {"type", "city", "county"};

void dr_calibration_free(dr_calibration *c)
{
    for (size_t g = 0; g < c->ngroups; g++)
        free(c->group[g].section);
    free(c->group);
    free(c->type_of);
    free(c->by_section);
    free(c->innov.z);
    dr_panel_free(&c->panel);
    *c = (dr_calibration){0};
}

static char *section_name(const char *kind, const char *label)
{
    size_t n = strlen(kind) + strlen(label) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s.%s", kind, label);
    return s;
}

/* The groups' slots: defaults, one per type (in order of first appearance
 * in fiscal.csv), one per county with --by county. */
static dr_status make_groups(dr_calibration *c)
{
    const dr_panel *P = &c->panel;
    size_t cap = 1 + P->n + (c->by == DR_BY_COUNTY ? P->n : 0);
    c->group = calloc(cap, sizeof *c->group);
    c->type_of = calloc(P->n ? P->n : 1, sizeof *c->type_of);
    if (!c->group || !c->type_of || !(c->group[0].section = strdup("defaults")))
        return DR_ENOMEM;
    c->ngroups = 1;
    for (size_t j = 0; j < P->n; j++) {
        size_t g = 1;
        while (g < c->ngroups && strcmp(c->group[g].label, P->c[j].type) != 0)
            g++;
        if (c->by == DR_BY_CITY) {
            c->type_of[j] = 0;
            continue;
        }
        if (g == c->ngroups) {
            c->group[g].label = P->c[j].type;
            if (!(c->group[g].section = section_name("type", P->c[j].type)))
                return DR_ENOMEM;
            c->ngroups++;
        }
        c->type_of[j] = g;
    }
    c->ntypes = c->ngroups - 1;
    if (c->by == DR_BY_COUNTY)
        for (size_t j = 0; j < P->n; j++) {
            dr_cal_group *g = &c->group[c->ngroups++];
            g->label = P->c[j].id;
            if (!(g->section = section_name("county", P->c[j].id)))
                return DR_ENOMEM;
        }
    return DR_OK;
}

/* The model's value of key k in a resolved parameter set. */
static double model_value(const dr_type_params *tp, int k)
{
    return dr_type_params_get(tp, dr_params_type_key(dr_ckey_name[k]));
}

/* The fallback of a group below `parent` (in force): the parent's value,
 * se and n, `pooled`; but where the parent itself kept the model's value,
 * the model's value for this group (`mine`), `kept`, so that a key nothing
 * can estimate stays as the model sets it in every section. */
static void fallbacks(const dr_cgroup *parent, const dr_type_params *mine,
                      dr_cvalue fb[DR_NCKEYS])
{
    for (int k = 0; k < DR_NCKEYS; k++) {
        fb[k] = parent->v[k];
        if (fb[k].status == DR_CS_KEPT)
            fb[k] = (dr_cvalue){model_value(mine, k), NAN, 0, DR_CS_KEPT};
        else
            fb[k].status = DR_CS_POOLED;
    }
}

/* Indices of the panel counties whose type group is g. */
static size_t members_of(const dr_calibration *c, size_t g, size_t *m)
{
    size_t k = 0;
    for (size_t j = 0; j < c->panel.n; j++)
        if (c->type_of[j] == g)
            m[k++] = j;
    return k;
}

/* --by county: each county alone, then every key pulled toward its type's
 * value in force, among the counties of the type that could make it. */
static dr_status estimate_counties(dr_calibration *c, const dr_params *model,
                                   size_t *m)
{
    const dr_panel *P = &c->panel;
    size_t first = 1 + c->ntypes;
    for (size_t j = 0; j < P->n; j++) {
        dr_cal_group *g = &c->group[first + j];
        const dr_cgroup *type = &c->group[c->type_of[j]].est;
        dr_cvalue fb[DR_NCKEYS];
        fallbacks(type, dr_params_type(model, P->c[j].type), fb);
        dr_estimate_group(P, &j, 1, fb, &g->own);
        /* An estimate without a standard error (a mean of one
         * observation) cannot be weighed: it counts as not made. */
        for (int k = 0; k < DR_NCKEYS; k++)
            if (g->own.v[k].status == DR_CS_ESTIMATED && isnan(g->own.v[k].se))
                g->own.v[k] = fb[k];
        g->est = g->own;
    }
    double *buf = malloc(4 * (P->n ? P->n : 1) * sizeof *buf);
    if (!buf)
        return DR_ENOMEM;
    double *theta = buf, *se = buf + P->n, *out = buf + 2 * P->n,
           *lambda = buf + 3 * P->n;
    for (size_t t = 1; t <= c->ntypes; t++) {
        size_t k = members_of(c, t, m);
        for (int key = 0; key < DR_NCKEYS; key++) {
            size_t q = 0;
            for (size_t a = 0; a < k; a++) {
                const dr_cvalue *v = &c->group[first + m[a]].own.v[key];
                c->group[first + m[a]].lambda[key] = NAN;
                if (v->status != DR_CS_ESTIMATED)
                    continue;
                theta[q] = v->value;
                se[q] = v->se;
                q++;
            }
            dr_shrink(theta, se, q, c->group[t].est.v[key].value, out, lambda);
            q = 0;
            for (size_t a = 0; a < k; a++) {
                dr_cal_group *g = &c->group[first + m[a]];
                if (g->own.v[key].status != DR_CS_ESTIMATED)
                    continue;
                g->est.v[key].value = out[q];
                g->est.v[key].status = DR_CS_SHRUNK;
                g->lambda[key] = lambda[q];
                q++;
            }
        }
    }
    free(buf);
    return DR_OK;
}

static const dr_cal_group *standardizer(const dr_calibration *c, size_t j)
{
    return &c->group[c->by == DR_BY_CITY ? 0 : c->type_of[j]];
}

const dr_cal_group *dr_calibration_standardizer(const dr_calibration *c,
                                                size_t j)
{
    return standardizer(c, j);
}

static dr_status innovations(dr_calibration *c)
{
    const dr_panel *P = &c->panel;
    dr_innovations *in = &c->innov;
    in->n = P->n;
    in->first = P->from;
    in->years = P->n ? (size_t)(P->to - P->from + 1) : 0;
    size_t cells = in->n * in->years * 4;
    if (!(in->z = malloc((cells ? cells : 1) * sizeof *in->z)))
        return DR_ENOMEM;
    for (size_t k = 0; k < cells; k++)
        in->z[k] = NAN;
    double z[DR_HISTORY_MAX_YEARS][4];
    for (size_t j = 0; j < P->n; j++) {
        const dr_panel_county *pc = &P->c[j];
        dr_estimate_innovations(pc, standardizer(c, j)->est.v, z);
        size_t y0 = (size_t)(pc->first - P->from);
        memcpy(&in->z[(j * in->years + y0) * 4], z, pc->T * sizeof *z);
    }
    return DR_OK;
}

static int by_section(const void *a, const void *b, void *ctx)
{
    const dr_calibration *c = ctx;
    return strcmp(c->group[*(const size_t *)a].section,
                  c->group[*(const size_t *)b].section);
}

static dr_status index_sections(dr_calibration *c)
{
    if (!(c->by_section = malloc(c->ngroups * sizeof *c->by_section)))
        return DR_ENOMEM;
    for (size_t g = 0; g < c->ngroups; g++)
        c->by_section[g] = g;
    qsort_r(c->by_section, c->ngroups, sizeof *c->by_section, by_section, c);
    return DR_OK;
}

const dr_cal_group *dr_calibration_group(const dr_calibration *c,
                                         const char *section)
{
    size_t lo = 0, hi = c->ngroups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const dr_cal_group *g = &c->group[c->by_section[mid]];
        int d = strcmp(g->section, section);
        if (d == 0)
            return g;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

dr_status dr_calibrate(const dr_history *h, const dr_fiscal *f,
                       const dr_params *model, dr_cal_by by, long from, long to,
                       dr_calibration *out, dr_error *err)
{
    *out = (dr_calibration){.by = by};
    dr_status st =
        dr_panel_build(&out->panel, h, f, from, to, DR_CAL_MIN_YEARS, err);
    if (st != DR_OK)
        return st;
    const dr_panel *P = &out->panel;
    size_t *m = malloc((P->n ? P->n : 1) * sizeof *m);
    if (!m || make_groups(out) != DR_OK)
        goto nomem;
    /* The city pool falls back on the model's own values. */
    dr_cvalue kept[DR_NCKEYS];
    for (int k = 0; k < DR_NCKEYS; k++)
        kept[k] =
            (dr_cvalue){model_value(&model->defaults, k), NAN, 0, DR_CS_KEPT};
    for (size_t j = 0; j < P->n; j++)
        m[j] = j;
    dr_estimate_group(P, m, P->n, kept, &out->group[0].est);
    for (size_t t = 1; t <= out->ntypes; t++) {
        size_t k = members_of(out, t, m);
        dr_cvalue fb[DR_NCKEYS];
        fallbacks(&out->group[0].est,
                  dr_params_type(model, out->group[t].label), fb);
        dr_estimate_group(P, m, k, fb, &out->group[t].est);
    }
    if (by == DR_BY_COUNTY && estimate_counties(out, model, m) != DR_OK)
        goto nomem;
    if (index_sections(out) != DR_OK || innovations(out) != DR_OK ||
        dr_corr_estimate(&out->innov, &out->corr))
        goto nomem;
    free(m);
    return DR_OK;
nomem:
    free(m);
    dr_calibration_free(out);
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}
