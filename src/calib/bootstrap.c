#include "calib/bootstrap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calib/calibrate.h"

void dr_bootstrap_free(dr_bootstrap *b)
{
    free(b->year);
    free(b->z);
    free(b->start);
    *b = (dr_bootstrap){0};
}

/* County j of the panel's innovations in calendar year `year` into z[4],
 * land 0 for a county without land observations (from its second year);
 * 1 when complete. */
static int complete(const dr_calibration *c, size_t j, long year, double z[4])
{
    const dr_innovations *in = &c->innov;
    const dr_panel_county *pc = &c->panel.c[j];
    if (year < pc->first + 1 || year >= pc->first + (long)pc->T)
        return 0;
    const double *v = &in->z[(j * in->years + (size_t)(year - in->first)) * 4];
    memcpy(z, v, 4 * sizeof *z);
    if (!pc->l)
        z[2] = 0.0;
    return !isnan(z[0]) && !isnan(z[1]) && !isnan(z[2]) && !isnan(z[3]);
}

/* The panel index of each county of f (every one must be there). */
static dr_status map_counties(const dr_calibration *c, const dr_fiscal *f,
                              const dr_history *h, size_t *of, dr_error *err)
{
    for (size_t i = 0; i < f->n; i++) {
        size_t j = 0;
        while (j < c->panel.n && c->panel.c[j].county != i)
            j++;
        if (j == c->panel.n)
            return dr_error_set(err, DR_EINPUT, f->path, f->county[i].line, 1,
                                "county '%s' is not in %s, which bootstrap "
                                "shocks ([shocks] family = bootstrap) draw "
                                "from: every county of the run needs its "
                                "history",
                                f->county[i].id, h->path);
        of[i] = j;
    }
    return DR_OK;
}

static dr_status fill(dr_bootstrap *b, const dr_calibration *c,
                      const size_t *of, dr_error *err)
{
    size_t n = b->n, span = c->innov.years;
    double *z = malloc((span ? span : 1) * n * 4 * sizeof *z);
    b->year = malloc((span ? span : 1) * sizeof *b->year);
    if (!z || !b->year) {
        free(z);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    b->z = z;
    for (size_t y = 0; y < span; y++) {
        long year = c->innov.first + (long)y;
        int all = n > 0;
        for (size_t i = 0; i < n && all; i++)
            all = complete(c, of[i], year, &z[(b->nyears * n + i) * 4]);
        if (all)
            b->year[b->nyears++] = year;
    }
    /* blocks of consecutive calendar years */
    b->start = malloc((b->nyears ? b->nyears : 1) * sizeof *b->start);
    if (!b->start)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t y = 0; y + b->block <= b->nyears; y++)
        if (b->year[y + b->block - 1] - b->year[y] == (long)b->block - 1)
            b->start[b->nstarts++] = y;
    return DR_OK;
}

dr_status dr_bootstrap_build(const dr_history *h, const dr_fiscal *f,
                             const dr_params *p, long from, long to,
                             dr_bootstrap *b, dr_error *err)
{
    *b = (dr_bootstrap){.n = f->n, .block = (size_t)p->block};
    /* county standardizes as type (MODEL.md section 12) */
    dr_cal_by by = p->boot_by == DR_BOOT_CITY ? DR_BY_CITY : DR_BY_TYPE;
    dr_calibration c;
    dr_status st = dr_calibrate(h, f, p, by, from, to, &c, err);
    if (st != DR_OK) {
        *b = (dr_bootstrap){0};
        return st;
    }
    size_t *of = malloc((f->n ? f->n : 1) * sizeof *of);
    if (!of)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (st == DR_OK && (st = map_counties(&c, f, h, of, err)) == DR_OK &&
        (st = fill(b, &c, of, err)) == DR_OK && b->nstarts == 0)
        st = dr_error_set(err, DR_EINPUT, h->path, 0, 0,
                          "no %s in which every county of the run has all "
                          "four innovations: bootstrap shocks have nothing "
                          "to draw from",
                          b->block > 1 ? "block of consecutive years" : "year");
    free(of);
    dr_calibration_free(&c);
    if (st != DR_OK)
        dr_bootstrap_free(b);
    return st;
}

double dr_bootstrap_lag1(const dr_bootstrap *b, int k, size_t *pairs)
{
    double num = 0.0, den = 0.0;
    *pairs = 0;
    for (size_t y = 1; y < b->nyears; y++) {
        if (b->year[y] != b->year[y - 1] + 1)
            continue;
        for (size_t i = 0; i < b->n; i++) {
            double z1 = dr_bootstrap_z(b, y, i)[k];
            double z0 = dr_bootstrap_z(b, y - 1, i)[k];
            if (z0 == 0.0 && z1 == 0.0)
                continue; /* a county without land observations */
            num += z1 * z0;
            den += z0 * z0;
            (*pairs)++;
        }
    }
    return *pairs && den > 0.0 ? num / den : NAN;
}
