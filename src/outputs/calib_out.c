#include "outputs/calib_out.h"

#include <math.h>
#include <string.h>

#include "inputs/corr.h"
#include "outputs/output.h"
#include "outputs/schema.h"

/* group,key,value,se,n,status with se empty when not defined. */
static void row(FILE *f, const char *group, const char *key, double value,
                double se, long n, const char *status)
{
    dr_csv_field(f, group);
    fputc(',', f);
    dr_csv_field(f, key);
    dr_csv_num(f, value);
    if (isnan(se))
        fputc(',', f);
    else
        dr_csv_num(f, se);
    fprintf(f, ",%ld,%s\n", n, status);
}

void dr_write_calibration(FILE *f, const dr_calibration *c,
                          const dr_params *model)
{
    dr_schema_header(f, &dr_schemas[DR_SC_CALIBRATION]);
    for (size_t g = 0; g < c->ngroups; g++)
        for (int k = 0; k < DR_NCKEYS; k++) {
            const dr_cvalue *v = &c->group[g].est.v[k];
            row(f, c->group[g].section, dr_ckey_name[k], v->value, v->se, v->n,
                dr_cstatus_name[v->status]);
        }
    dr_cvalue scratch;
    for (int k = 0; k < 6; k++) {
        int a, b;
        dr_corr_pair((size_t)k, &a, &b);
        const dr_cvalue *v =
            dr_calibration_find(c, "correlation", dr_corr_key[k], &scratch);
        if (v)
            row(f, "correlation", dr_corr_key[k], v->value, v->se, v->n,
                "estimated");
        else
            row(f, "correlation", dr_corr_key[k], model->corr[a][b], NAN, 0,
                "kept");
    }
    for (int k = 0; k < 4; k++) {
        const dr_cvalue *v =
            dr_calibration_find(c, "common", dr_common_key[k], &scratch);
        if (v)
            row(f, "common", dr_common_key[k], v->value, NAN, v->n,
                "estimated");
        else
            row(f, "common", dr_common_key[k], model->common[k], NAN, 0,
                "kept");
    }
}

void dr_calib_note(char *buf, size_t n, const dr_calibration *c,
                   const dr_cvalue *v)
{
    char se[32] = "none";
    if (!isnan(v->se))
        snprintf(se, sizeof se, "%.3g", v->se);
    snprintf(buf, n, "se %s, n %ld, %s on %ld-%ld", se, v->n,
             dr_cstatus_name[v->status], c->panel.from, c->panel.to);
}

typedef struct note_ctx {
    const dr_calibration *c;
    char buf[160];
} note_ctx;

static const char *note(void *ctx, const char *section, const char *key)
{
    note_ctx *n = ctx;
    dr_cvalue scratch;
    const dr_cvalue *v = dr_calibration_find(n->c, section, key, &scratch);
    if (!v)
        return NULL;
    dr_calib_note(n->buf, sizeof n->buf, n->c, v);
    return n->buf;
}

void dr_write_calibrated_model(FILE *f, const dr_calibration *c,
                               const dr_params *p, const char *history)
{
    const char *base = strrchr(history, '/');
    fprintf(f,
            "; debtrisk model calibrated on %s, %ld-%ld, %zu counties, by "
            "%s\n"
            "; (debtrisk calibrate, MODEL.md section 11). Each estimate has "
            "its standard\n"
            "; error, number of observations and status on the line above "
            "it; every\n"
            "; other key is the model's own.\n\n",
            base ? base + 1 : history, c->panel.from, c->panel.to, c->panel.n,
            dr_cal_by_name[c->by]);
    note_ctx n = {.c = c};
    dr_params_write_noted(p, f, note, &n);
}

/* ",v", or "," when v does not exist. */
static void cell(FILE *f, double v)
{
    if (isnan(v))
        fputc(',', f);
    else
        dr_csv_num(f, v);
}

void dr_write_calibration_series(FILE *f, const dr_calibration *c)
{
    dr_schema_header(f, &dr_schemas[DR_SC_SERIES]);
    dr_fitted_year rows[DR_HISTORY_MAX_YEARS];
    for (size_t j = 0; j < c->panel.n; j++) {
        dr_fitted(c, j, rows);
        for (size_t s = 0; s < c->panel.c[j].T; s++) {
            const dr_fitted_year *y = &rows[s];
            dr_csv_field(f, c->panel.c[j].id);
            fprintf(f, ",%ld", y->year);
            const double v[] = {y->g,     y->g_fit, y->g_sd,     y->o,
                                y->o_fit, y->o_sd,  y->r,        y->r_fit,
                                y->r_sd,  y->land,  y->land_fit, y->land_sd,
                                y->z[0],  y->z[1],  y->z[2],     y->z[3]};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
                cell(f, v[k]);
            fputc('\n', f);
        }
    }
}
