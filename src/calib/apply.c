#include "calib/apply.h"

#include <math.h>
#include <string.h>

#include "inputs/corr.h"

const char *const dr_common_key[4] = {"growth", "own_revenue", "land",
                                      "transfers"};
const char *const dr_corr_key[6] = {
    "growth.own_revenue", "growth.land",           "growth.transfers",
    "own_revenue.land",   "own_revenue.transfers", "land.transfers",
};

/* The model-file index of each estimated key. */
static int type_key(int k)
{
    return dr_params_type_key(dr_ckey_name[k]);
}

/* A key takes the group's value unless nothing could estimate it (kept:
 * the model's own value stays where the model put it). */
static int in_force(const dr_cvalue *v)
{
    return v->status != DR_CS_KEPT;
}

static void set_key(dr_type_section *s, int i, double v)
{
    s->value[i] = v;
    s->set |= (uint32_t)1 << i;
}

static void clear_key(dr_type_section *sec, size_t n, int i)
{
    for (size_t t = 0; t < n; t++)
        sec[t].set &= ~((uint32_t)1 << i);
}

dr_status dr_calibration_apply(const dr_calibration *c, dr_params *p,
                               dr_error *err)
{
    const dr_cgroup *d = &c->group[0].est;
    for (int k = 0; k < DR_NCKEYS; k++) {
        if (!in_force(&d->v[k]))
            continue;
        int i = type_key(k);
        *dr_type_params_field(&p->defaults, i) = d->v[k].value;
        /* Estimated for the city: no section below may override it. */
        if (c->by == DR_BY_CITY) {
            clear_key(p->type, p->ntypes, i);
            clear_key(p->county, p->ncounties, i);
        }
    }
    for (size_t g = 1; g < c->ngroups; g++) {
        const dr_cal_group *cg = &c->group[g];
        int county = g > c->ntypes;
        dr_type_section *s;
        if (dr_params_section(p, county ? DR_SEC_COUNTY : DR_SEC_TYPE,
                              cg->label, NULL, 0, &s) != DR_OK)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        for (int k = 0; k < DR_NCKEYS; k++) {
            if (!in_force(&cg->est.v[k]))
                continue;
            set_key(s, type_key(k), cg->est.v[k].value);
            if (!county && c->by == DR_BY_TYPE)
                clear_key(p->county, p->ncounties, type_key(k));
        }
    }
    if (c->corr.estimated)
        memcpy(p->corr, c->corr.c, sizeof p->corr);
    if (c->corr.common_estimated)
        memcpy(p->common, c->corr.w, sizeof p->common);
    return dr_params_finish(p, "the calibrated model", err);
}

const dr_cvalue *dr_calibration_find(const dr_calibration *c,
                                     const char *section, const char *key,
                                     dr_cvalue *scratch)
{
    const dr_corr_fit *cf = &c->corr;
    if (strcmp(section, "correlation") == 0) {
        for (size_t k = 0; cf->estimated && k < 6; k++) {
            if (strcmp(key, dr_corr_key[k]) != 0)
                continue;
            int a, b;
            dr_corr_pair(k, &a, &b);
            double r = cf->c[a][b];
            *scratch = (dr_cvalue){r, (1.0 - r * r) / sqrt((double)cf->n),
                                   cf->n, DR_CS_ESTIMATED};
            return scratch;
        }
        return NULL;
    }
    if (strcmp(section, "common") == 0) {
        for (int k = 0; cf->common_estimated && k < 4; k++)
            if (strcmp(key, dr_common_key[k]) == 0) {
                *scratch =
                    (dr_cvalue){cf->w[k], NAN, cf->common_n, DR_CS_ESTIMATED};
                return scratch;
            }
        return NULL;
    }
    const dr_cal_group *g = dr_calibration_group(c, section);
    for (int k = 0; g && k < DR_NCKEYS; k++)
        if (strcmp(dr_ckey_name[k], key) == 0 && in_force(&g->est.v[k]))
            return &g->est.v[k];
    return NULL;
}
