/* The estimates put into a model (apply.h): case (a) of
 * tests/data/history/README.md (one urban county, every key worked by
 * hand) applied by type, by city and by county to a model with sections
 * of its own; which keys change, which stay, which sections lose a key;
 * and dr_calibration_find. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/apply.h"
#include "check.h"
#include "scratch.h"

#define L log(1.25)
#define TOL 1e-12

static dr_fiscal fiscal;
static dr_history hist;
static const char *model_path;

/* A model with keys of its own in [defaults], a [type.urban] (wancheng's
 * type), a [type.rural] no county of the history has, and a
 * [county.wancheng]. */
static const char model_ini[] = "[defaults]\n"
                                "spending.mu = 0.03\n"
                                "contingent.prob = 0.07\n"
                                "[type.urban]\n"
                                "growth.mu = 0.2\n"
                                "contingent.prob = 0.2\n"
                                "[type.rural]\n"
                                "growth.mu = 0.3\n"
                                "[county.wancheng]\n"
                                "growth.mu = 0.4\n"
                                "contingent.loss = 0.1\n";

static int calibrated(dr_cal_by by, dr_params *p, dr_calibration *c)
{
    dr_error err = {0};
    dr_params_init(p);
    if (dr_params_read(p, model_path, &err) ||
        dr_params_finish(p, model_path, &err) ||
        dr_calibrate(&hist, &fiscal, p, by, 2019, 2024, c, &err)) {
        printf("# %s\n", err.msg);
        return 0;
    }
    return 1;
}

static int given(const dr_type_section *s, const char *key)
{
    return s && (s->set >> dr_params_type_key(key) & 1);
}

static const dr_type_section *type_section(const dr_params *p,
                                           const char *label)
{
    for (size_t k = 0; k < p->ntypes; k++)
        if (strcmp(p->type[k].label, label) == 0)
            return &p->type[k];
    return NULL;
}

static void by_type(void)
{
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    if (!calibrated(DR_BY_TYPE, &p, &c)) {
        CHECK(!"calibrate");
        return;
    }
    double model_common[4];
    memcpy(model_common, p.common, sizeof model_common);
    CHECK(dr_calibration_apply(&c, &p, &err) == DR_OK);
    /* [defaults] and [type.urban] both take the estimates (README (a)) */
    CHECK_NEAR(p.defaults.growth_mu, 0.07, TOL);
    CHECK_NEAR(p.defaults.land_mu, -0.6 * L, TOL);
    CHECK_NEAR(p.defaults.spending_mu, 0.05, TOL);
    CHECK(p.defaults.contingent_prob == 0.07); /* not estimated: stays */
    const dr_type_params *u = dr_params_type(&p, "urban");
    CHECK_NEAR(u->growth_mu, 0.07, TOL);
    CHECK_NEAR(u->own_revenue_beta, 1.25, TOL);
    CHECK(u->contingent_prob == 0.2);
    CHECK(given(type_section(&p, "urban"), "growth.mu"));
    /* a type the history has no county of keeps its keys */
    CHECK(dr_params_type(&p, "rural")->growth_mu == 0.3);
    /* the county's own growth.mu is below the grouping: removed, so the
     * type's estimate is in force; its other keys stay */
    const dr_type_section *cs = dr_params_county_section(&p, "wancheng");
    CHECK(cs && !given(cs, "growth.mu") && given(cs, "contingent.loss"));
    dr_type_params w;
    dr_params_county(&p, "wancheng", "urban", &w);
    CHECK_NEAR(w.growth_mu, 0.07, TOL);
    CHECK(w.contingent_loss == 0.1 && w.contingent_prob == 0.2);
    /* the correlation estimated (four complete years), the common
     * weights kept (one county) */
    CHECK_NEAR(p.corr[0][1], -37 / sqrt(468.0 * 57), TOL);
    CHECK(p.corr[1][0] == p.corr[0][1]);
    CHECK(memcmp(p.common, model_common, sizeof model_common) == 0);
    /* finished again: the Cholesky factor is of the new matrix */
    CHECK_NEAR(p.chol[1][0], p.corr[1][0], TOL);

    /* the estimate behind each key */
    dr_cvalue scratch;
    const dr_cvalue *v =
        dr_calibration_find(&c, "type.urban", "growth.rho", &scratch);
    CHECK(v == &c.group[1].est.v[DR_CK_GROWTH_RHO]);
    CHECK(v && fabs(v->value - 0.25) <= TOL);
    v = dr_calibration_find(&c, "defaults", "land.mu", &scratch);
    CHECK(v && fabs(v->value + 0.6 * L) <= TOL && v->n == 6);
    /* a correlation: r with se (1 - r^2)/sqrt(n) */
    double r = -37 / sqrt(468.0 * 57);
    v = dr_calibration_find(&c, "correlation", "growth.own_revenue", &scratch);
    CHECK(v == &scratch && fabs(v->value - r) <= TOL &&
          fabs(v->se - (1 - r * r) / 2) <= TOL && v->n == 4 &&
          v->status == DR_CS_ESTIMATED);
    v = dr_calibration_find(&c, "correlation", "land.transfers", &scratch);
    CHECK(v && fabs(v->value - 6 / sqrt(5445.0 * 9)) <= TOL);
    CHECK(dr_calibration_find(&c, "common", "growth", &scratch) == NULL);
    CHECK(dr_calibration_find(&c, "type.rural", "growth.mu", &scratch) == NULL);
    CHECK(dr_calibration_find(&c, "defaults", "contingent.prob", &scratch) ==
          NULL);
    CHECK(dr_calibration_find(&c, "correlation", "growth", &scratch) == NULL);
    dr_calibration_free(&c);
    dr_params_free(&p);
}

static void by_city(void)
{
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    if (!calibrated(DR_BY_CITY, &p, &c)) {
        CHECK(!"calibrate");
        return;
    }
    CHECK(dr_calibration_apply(&c, &p, &err) == DR_OK);
    /* estimated for the city: no type or county section overrides it */
    CHECK_NEAR(p.defaults.growth_mu, 0.07, TOL);
    CHECK(!given(type_section(&p, "urban"), "growth.mu") &&
          !given(type_section(&p, "rural"), "growth.mu"));
    CHECK_NEAR(dr_params_type(&p, "urban")->growth_mu, 0.07, TOL);
    CHECK_NEAR(dr_params_type(&p, "rural")->growth_mu, 0.07, TOL);
    CHECK(!given(dr_params_county_section(&p, "wancheng"), "growth.mu"));
    CHECK(dr_params_type(&p, "urban")->contingent_prob == 0.2);
    dr_calibration_free(&c);
    dr_params_free(&p);
}

static void by_county(void)
{
    dr_params p;
    dr_calibration c;
    dr_error err = {0};
    if (!calibrated(DR_BY_COUNTY, &p, &c)) {
        CHECK(!"calibrate");
        return;
    }
    CHECK(dr_calibration_apply(&c, &p, &err) == DR_OK);
    /* one county: lambda = 0, its shrunk value is the type's */
    const dr_type_section *cs = dr_params_county_section(&p, "wancheng");
    CHECK(cs && given(cs, "growth.mu") && given(cs, "contingent.loss"));
    dr_type_params w;
    dr_params_county(&p, "wancheng", "urban", &w);
    CHECK_NEAR(w.growth_mu, 0.07, TOL);
    CHECK_NEAR(w.transfers_mu, 0.06, TOL);
    CHECK(w.contingent_loss == 0.1);
    const dr_cvalue *v;
    dr_cvalue scratch;
    v = dr_calibration_find(&c, "county.wancheng", "growth.mu", &scratch);
    CHECK(v && v->status == DR_CS_SHRUNK);
    dr_calibration_free(&c);
    dr_params_free(&p);
}

static void names(void)
{
    static const char *const corr[6] = {
        "growth.own_revenue", "growth.land",           "growth.transfers",
        "own_revenue.land",   "own_revenue.transfers", "land.transfers"};
    static const char *const common[4] = {"growth", "own_revenue", "land",
                                          "transfers"};
    int ok = 1;
    for (int k = 0; k < 6; k++)
        ok = ok && strcmp(dr_corr_key[k], corr[k]) == 0;
    for (int k = 0; k < 4; k++)
        ok = ok && strcmp(dr_common_key[k], common[k]) == 0;
    CHECK(ok);
}

int main(void)
{
    gsl_set_error_handler_off();
    dr_error err = {0};
    if (scratch_open("apply") != 0)
        return 1;
    model_path = scratch_put("model.ini", model_ini);
    if (dr_fiscal_read(TEST_DATA "/../../data/sample-city/fiscal.csv", &fiscal,
                       &err) ||
        dr_history_read(TEST_DATA "/history/one_county.csv", &fiscal, &hist,
                        &err)) {
        printf("# %s\n", err.msg);
        return 1;
    }
    by_type();
    by_city();
    by_county();
    names();
    dr_history_free(&hist);
    dr_fiscal_free(&fiscal);
    scratch_close();
    return check_done();
}
