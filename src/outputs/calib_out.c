#include "outputs/calib_out.h"

#include <math.h>

#include "inputs/corr.h"
#include "outputs/output.h"

const char *const dr_corr_key[6] = {
    "growth.own_revenue",    "growth.land",   "growth.transfers",
    "own_revenue.land",      "own_revenue.transfers", "land.transfers",
};
const char *const dr_common_key[4] = {"growth", "own_revenue", "land",
                                      "transfers"};

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
    fputs("group,key,value,se,n,status\n", f);
    for (size_t g = 0; g < c->ngroups; g++)
        for (int k = 0; k < DR_NCKEYS; k++) {
            const dr_cvalue *v = &c->group[g].est.v[k];
            row(f, c->group[g].section, dr_ckey_name[k], v->value, v->se, v->n,
                dr_cstatus_name[v->status]);
        }
    const dr_corr_fit *cf = &c->corr;
    for (int k = 0; k < 6; k++) {
        int a, b;
        dr_corr_pair((size_t)k, &a, &b);
        if (cf->estimated) {
            double r = cf->c[a][b];
            row(f, "correlation", dr_corr_key[k], r,
                (1.0 - r * r) / sqrt((double)cf->n), cf->n, "estimated");
        } else {
            row(f, "correlation", dr_corr_key[k], model->corr[a][b], NAN, 0,
                "kept");
        }
    }
    for (int k = 0; k < 4; k++) {
        if (cf->common_estimated)
            row(f, "common", dr_common_key[k], cf->w[k], NAN, cf->common_n,
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
