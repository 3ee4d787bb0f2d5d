/* Calibration from history (calib/calibrate.h) on the hand-worked
 * histories of tests/data/history/ (their README works out every value
 * asserted here), over the sample city's fiscal.csv: the groups of each
 * grouping, the pooled and kept keys, the shrinkage of --by county, the
 * innovations and the correlation, and a window too short. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/calibrate.h"
#include "check.h"
#include "errcheck.h"

#define HIST(name) TEST_DATA "/history/" name
#define L log(1.25)
#define TOL 1e-12

static dr_fiscal fiscal;

/* Reads the history and calibrates it on 2019-2024 with the model (NULL:
 * the defaults). */
static dr_status run(const char *history, const char *model, dr_cal_by by,
                     long from, long to, dr_history *h, dr_params *p,
                     dr_calibration *c, dr_error *err)
{
    dr_params_init(p);
    dr_status st;
    if ((model && (st = dr_params_read(p, model, err))) ||
        (st = dr_params_finish(p, model ? model : "", err)) ||
        (st = dr_history_read(history, &fiscal, h, err)))
        return st;
    return dr_calibrate(h, &fiscal, p, by, from, to, c, err);
}

static void done(dr_history *h, dr_params *p, dr_calibration *c)
{
    dr_calibration_free(c);
    dr_history_free(h);
    dr_params_free(p);
}

static int val(const dr_cvalue *v, double value, double se, long n,
               dr_cstatus status)
{
    int ok = fabs(v->value - value) <= TOL &&
             (isnan(se) ? isnan(v->se) : fabs(v->se - se) <= TOL) &&
             v->n == n && v->status == status;
    if (!ok)
        printf("# %.17g (se %.17g, n %ld, %s)\n", v->value, v->se, v->n,
               dr_cstatus_name[v->status]);
    return ok;
}

/* Case (a), one county, by type and by city: defaults and type.urban hold
 * the same numbers. */
static void one_county(void)
{
    dr_history h;
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    CHECK(run(HIST("one_county.csv"), NULL, DR_BY_TYPE, 2019, 2024, &h, &p, &c,
              &err) == DR_OK);
    CHECK(c.by == DR_BY_TYPE && c.ngroups == 2 && c.ntypes == 1);
    if (c.ngroups != 2)
        return;
    CHECK(strcmp(c.group[0].section, "defaults") == 0 &&
          c.group[0].label == NULL);
    CHECK(strcmp(c.group[1].section, "type.urban") == 0 &&
          strcmp(c.group[1].label, "urban") == 0);
    CHECK(c.panel.n == 1 && c.type_of[0] == 1);
    for (size_t g = 0; g < 2; g++) {
        const dr_cvalue *v = c.group[g].est.v;
        CHECK(val(&v[DR_CK_GROWTH_MU], 0.07, sqrt(7.0 / 5) / 100, 5,
                  DR_CS_ESTIMATED));
        CHECK(val(&v[DR_CK_GROWTH_RHO], 0.25, sqrt(15.0) / 8, 4,
                  DR_CS_ESTIMATED));
        CHECK(val(&v[DR_CK_LAND_MU], -0.6 * L,
                  L * sqrt(83.0 / 125) / sqrt(35.0 / 2), 6, DR_CS_ESTIMATED));
        CHECK(val(&v[DR_CK_SPENDING_MU], 0.05, sqrt(0.5) / 100, 5,
                  DR_CS_ESTIMATED));
    }
    CHECK(dr_calibration_standardizer(&c, 0) == &c.group[1]);
    /* innovations 2019-2024, growth's from 2021 (README (a)) */
    CHECK(c.innov.n == 1 && c.innov.first == 2019 && c.innov.years == 6);
    CHECK(!dr_innov_complete(&c.innov, 0, 1) &&
          dr_innov_complete(&c.innov, 0, 2));
    CHECK_NEAR(c.innov.z[2 * 4 + 0], 3.25 / sqrt(117.0 / 8), TOL);
    CHECK(c.corr.estimated && c.corr.n == 4 && !c.corr.repaired);
    CHECK_NEAR(c.corr.c[0][1], -37 / sqrt(468.0 * 57), TOL);
    CHECK_NEAR(c.corr.c[2][3], 6 / sqrt(5445.0 * 9), TOL);
    CHECK(!c.corr.common_estimated);
    done(&h, &p, &c);

    CHECK(run(HIST("one_county.csv"), NULL, DR_BY_CITY, 2019, 2024, &h, &p, &c,
              &err) == DR_OK);
    CHECK(c.ngroups == 1 && c.ntypes == 0 && c.type_of[0] == 0);
    CHECK(dr_calibration_standardizer(&c, 0) == &c.group[0]);
    done(&h, &p, &c);

    /* by county: k = 1 < 3, lambda = 0: the type's value with the
     * county's own se and n, status shrunk */
    CHECK(run(HIST("one_county.csv"), NULL, DR_BY_COUNTY, 2019, 2024, &h, &p,
              &c, &err) == DR_OK);
    CHECK(c.ngroups == 3 && c.ntypes == 1);
    if (c.ngroups == 3) {
        const dr_cal_group *g = &c.group[2];
        CHECK(strcmp(g->section, "county.wancheng") == 0 &&
              strcmp(g->label, "wancheng") == 0);
        CHECK(val(&g->est.v[DR_CK_GROWTH_MU], 0.07, sqrt(7.0 / 5) / 100, 5,
                  DR_CS_SHRUNK));
        CHECK(g->lambda[DR_CK_GROWTH_MU] == 0);
        CHECK(val(&g->own.v[DR_CK_GROWTH_MU], 0.07, sqrt(7.0 / 5) / 100, 5,
                  DR_CS_ESTIMATED));
        CHECK(dr_calibration_standardizer(&c, 0) == &c.group[1]);
    }
    done(&h, &p, &c);
}

/* Case (b): type.agricultural has no primary spending: its spending.mu is
 * the defaults row, pooled. */
static void two_types(void)
{
    dr_history h;
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    CHECK(run(HIST("two_types.csv"), NULL, DR_BY_TYPE, 2019, 2024, &h, &p, &c,
              &err) == DR_OK);
    CHECK(c.ngroups == 3 && c.ntypes == 2);
    if (c.ngroups != 3)
        return;
    size_t urban = strcmp(c.group[1].label, "urban") == 0 ? 1 : 2;
    size_t agri = 3 - urban;
    CHECK(strcmp(c.group[agri].section, "type.agricultural") == 0);
    CHECK(val(&c.group[0].est.v[DR_CK_GROWTH_MU], 0.0625,
              c.group[0].est.v[DR_CK_GROWTH_MU].se, 20, DR_CS_ESTIMATED));
    CHECK(val(&c.group[urban].est.v[DR_CK_GROWTH_RHO], 15.0 / 416,
              sqrt((1 - (15.0 / 416) * (15.0 / 416)) / 8), 8, DR_CS_ESTIMATED));
    CHECK(val(&c.group[agri].est.v[DR_CK_SPENDING_MU], 0.05,
              sqrt(2.0 / 15) / 100, 10, DR_CS_POOLED));
    CHECK(val(&c.group[0].est.v[DR_CK_SPENDING_MU], 0.05, sqrt(2.0 / 15) / 100,
              10, DR_CS_ESTIMATED));
    /* 16 complete county-years; four counties every year */
    CHECK(c.corr.n == 16 && c.corr.common_estimated && c.corr.common_n == 16);
    done(&h, &p, &c);
}

/* Case (c) with cannot.ini: spending.mu cannot be made even by the city
 * and is kept at the model's value in force for each group. */
static void cannot(void)
{
    dr_history h;
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    CHECK(run(HIST("cannot.csv"), HIST("cannot.ini"), DR_BY_TYPE, 2019, 2024,
              &h, &p, &c, &err) == DR_OK);
    for (size_t g = 0; g < c.ngroups; g++) {
        const dr_cvalue *v = c.group[g].est.v;
        const char *s = c.group[g].section;
        double kept = strcmp(s, "type.urban") == 0 ? 0.04 : 0.03;
        CHECK(val(&v[DR_CK_SPENDING_MU], kept, NAN, 0, DR_CS_KEPT));
        if (strcmp(s, "defaults") == 0)
            CHECK(fabs(v[DR_CK_LAND_MU].value + 10.0 / 21 * L) <= TOL &&
                  v[DR_CK_LAND_MU].n == 18);
        if (strcmp(s, "type.agricultural") == 0) {
            const dr_cvalue *d = c.group[0].est.v;
            CHECK(val(&v[DR_CK_GROWTH_MU], 0.125, 0, 10, DR_CS_ESTIMATED));
            CHECK(val(&v[DR_CK_GROWTH_SIGMA], 0, 0, 8, DR_CS_ESTIMATED));
            CHECK(val(&v[DR_CK_GROWTH_RHO], d[DR_CK_GROWTH_RHO].value,
                      d[DR_CK_GROWTH_RHO].se, 20, DR_CS_POOLED));
            CHECK(val(&v[DR_CK_OR_BETA], d[DR_CK_OR_BETA].value,
                      d[DR_CK_OR_BETA].se, 25, DR_CS_POOLED));
            CHECK(fabs(v[DR_CK_LAND_MU].value + 17.0 / 35 * L) <= TOL &&
                  v[DR_CK_LAND_MU].n == 6);
        }
        if (strcmp(s, "type.ecological") == 0)
            CHECK(v[DR_CK_LAND_MU].status == DR_CS_POOLED &&
                  v[DR_CK_LAND_MU].value ==
                      c.group[0].est.v[DR_CK_LAND_MU].value &&
                  v[DR_CK_LAND_MU].n == 18);
    }
    /* only the urban county-years are complete */
    CHECK(c.corr.n == 8 && c.corr.common_n == 8);
    done(&h, &p, &c);
}

/* Case (e): four agricultural counties, lambda = 13/14 for growth.mu,
 * 0 for transfers.mu. */
static void shrinkage(void)
{
    dr_history h;
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    CHECK(run(HIST("shrink.csv"), NULL, DR_BY_COUNTY, 2019, 2024, &h, &p, &c,
              &err) == DR_OK);
    static const struct {
        const char *section;
        double growth;
        double tr_se2; /* (%^2) */
    } want[] = {{"county.fangcheng", 195.0 / 2800, 0.1},
                {"county.zhenping", 143.0 / 2800, 0.14},
                {"county.sheqi", 39.0 / 400, 0.1},
                {"county.tanghe", 117.0 / 2800, 0.14}};
    int found = 0;
    for (size_t g = 0; g < c.ngroups; g++)
        for (size_t k = 0; k < 4; k++) {
            if (strcmp(c.group[g].section, want[k].section) != 0)
                continue;
            const dr_cal_group *cg = &c.group[g];
            found++;
            CHECK(val(&cg->est.v[DR_CK_GROWTH_MU], want[k].growth,
                      sqrt(0.5) / 100, 5, DR_CS_SHRUNK));
            CHECK_NEAR(cg->lambda[DR_CK_GROWTH_MU], 13.0 / 14, TOL);
            CHECK(val(&cg->est.v[DR_CK_TR_MU], 0.06, sqrt(want[k].tr_se2) / 100,
                      5, DR_CS_SHRUNK));
            CHECK(cg->lambda[DR_CK_TR_MU] == 0);
        }
    CHECK(found == 4);
    done(&h, &p, &c);
}

static void too_short(void)
{
    dr_history h;
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    memset(&c, 0x55, sizeof c);
    /* wancheng's first line is line 2 of one_county.csv */
    dr_status st = run(HIST("one_county.csv"), NULL, DR_BY_TYPE, 2020, 2024, &h,
                       &p, &c, &err);
    CHECK(err_is(st, &err, DR_EINPUT, HIST("one_county.csv"), 2, 1,
                 "county 'wancheng' has 5 of its years (2019-2024) in "
                 "2020-2024; calibration needs at least 6"));
    CHECK(c.group == NULL && c.ngroups == 0 && c.panel.n == 0 &&
          c.panel.c == NULL && c.innov.z == NULL && c.type_of == NULL);
    dr_history_free(&h);
    dr_params_free(&p);
    CHECK(DR_CAL_MIN_YEARS == 6);
    CHECK(strcmp(dr_cal_by_name[DR_BY_TYPE], "type") == 0 &&
          strcmp(dr_cal_by_name[DR_BY_CITY], "city") == 0 &&
          strcmp(dr_cal_by_name[DR_BY_COUNTY], "county") == 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    dr_error err = {0};
    if (dr_fiscal_read(TEST_DATA "/../../data/sample-city/fiscal.csv", &fiscal,
                       &err) != DR_OK) {
        printf("# %s\n", err.msg);
        return 1;
    }
    one_county();
    two_types();
    cannot();
    shrinkage();
    too_short();
    dr_fiscal_free(&fiscal);
    return check_done();
}
