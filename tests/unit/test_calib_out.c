/* The outputs of calibrate (calib_out.h) for case (a) of
 * tests/data/history/README.md: calibration.csv row by row (every number
 * reading back as the estimate it writes, the kept rows the model's), the
 * comment of an estimate, and model.ini reading back as the calibrated
 * model with each estimate's comment above it. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "outputs/calib_out.h"
#include "scratch.h"

#define TOL 1e-12

static dr_fiscal fiscal;
static dr_history hist;
static dr_params model, applied;
static dr_calibration cal;

/* What a writer writes, in a new string. */
#define CAPTURE(out, call)                                                     \
    do {                                                                       \
        size_t len_;                                                           \
        FILE *f = open_memstream(&(out), &len_);                               \
        call;                                                                  \
        fclose(f);                                                             \
    } while (0)

/* The row of calibration.csv for group,key: its fields after the key. */
static int row_of(const char *csv, const char *group, const char *key,
                  char *value, char *se, long *n, char *status)
{
    char head[128];
    snprintf(head, sizeof head, "\n%s,%s,", group, key);
    const char *p = strstr(csv, head);
    if (!p)
        return 0;
    p += strlen(head);
    const char *e = strchr(p, '\n');
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)(e - p), p);
    char *f2 = strchr(line, ','), *f3 = f2 ? strchr(f2 + 1, ',') : NULL,
         *f4 = f3 ? strchr(f3 + 1, ',') : NULL;
    if (!f4)
        return 0;
    *f2 = *f3 = *f4 = '\0';
    strcpy(value, line);
    strcpy(se, f2 + 1);
    *n = strtol(f3 + 1, NULL, 10);
    strcpy(status, f4 + 1);
    return 1;
}

static void calibration_csv(void)
{
    char *s;
    CAPTURE(s, dr_write_calibration(f, &cal, &model));
    CHECK(strncmp(s, "group,key,value,se,n,status\n", 28) == 0);
    /* two groups of twelve keys, six correlations, four weights */
    int lines = 0;
    for (const char *p = s; *p; p++)
        lines += *p == '\n';
    CHECK(lines == 1 + 2 * 12 + 6 + 4);

    char value[64], se[64], status[32];
    long n;
    /* every estimate reads back as the number in memory */
    int exact = 1;
    for (size_t g = 0; g < cal.ngroups; g++)
        for (int k = 0; k < DR_NCKEYS; k++) {
            const dr_cvalue *v = &cal.group[g].est.v[k];
            exact = exact &&
                    row_of(s, cal.group[g].section, dr_ckey_name[k], value, se,
                           &n, status) &&
                    strtod(value, NULL) == v->value &&
                    strtod(se, NULL) == v->se && n == v->n &&
                    strcmp(status, "estimated") == 0;
        }
    CHECK(exact);
    /* and these are the hand-worked ones */
    CHECK(row_of(s, "type.urban", "growth.rho", value, se, &n, status));
    CHECK_NEAR(strtod(value, NULL), 0.25, TOL);
    CHECK_NEAR(strtod(se, NULL), sqrt(15.0) / 8, TOL);
    CHECK(n == 4);
    CHECK(row_of(s, "correlation", "growth.transfers", value, se, &n, status));
    double r = 53 / sqrt(468.0 * 9);
    CHECK_NEAR(strtod(value, NULL), r, TOL);
    CHECK_NEAR(strtod(se, NULL), (1 - r * r) / 2, TOL);
    CHECK(n == 4 && strcmp(status, "estimated") == 0);
    /* one county: the common weights are kept, the model's (the README
     * defaults), with no se */
    CHECK(strstr(s, "\ncommon,growth,0.6,,0,kept\n") &&
          strstr(s, "\ncommon,own_revenue,0.4,,0,kept\n") &&
          strstr(s, "\ncommon,land,0.7,,0,kept\n") &&
          strstr(s, "\ncommon,transfers,0.8,,0,kept\n"));
    free(s);
}

static void notes(void)
{
    char buf[160];
    dr_calibration c = {.panel = {.from = 2013, .to = 2024}};
    dr_cvalue v = {0.05, 0.0041234, 55, DR_CS_ESTIMATED};
    dr_calib_note(buf, sizeof buf, &c, &v);
    CHECK(strcmp(buf, "se 0.00412, n 55, estimated on 2013-2024") == 0);
    v = (dr_cvalue){0.03, NAN, 0, DR_CS_KEPT};
    dr_calib_note(buf, sizeof buf, &c, &v);
    CHECK(strcmp(buf, "se none, n 0, kept on 2013-2024") == 0);
    v = (dr_cvalue){0.03, 123456, 7, DR_CS_POOLED};
    dr_calib_note(buf, sizeof buf, &c, &v);
    CHECK(strcmp(buf, "se 1.23e+05, n 7, pooled on 2013-2024") == 0);
}

static void model_ini(void)
{
    char *s;
    CAPTURE(s, dr_write_calibrated_model(f, &cal, &applied,
                                         "some/where/history.csv"));
    /* the history by its base name, the years, the grouping */
    CHECK(strncmp(s, "; debtrisk model calibrated on history.csv, 2019-2024,",
                  54) == 0);
    CHECK(strstr(s, "by type\n") != NULL);
    /* growth.mu's se is sqrt(7/5)/100 = 0.011832: "0.0118" */
    CHECK(strstr(s, "; se 0.0118, n 5, estimated on 2019-2024\n"
                    "growth.mu = ") != NULL);
    CHECK(strstr(s, "[type.urban]\n; se ") != NULL);
    /* a key that was not estimated has no comment above it */
    const char *k = strstr(s, "\ncontingent.prob = "), *b = k;
    while (b && b > s && b[-1] != '\n')
        b--;
    CHECK(k && strncmp(b, "; ", 2) != 0);
    /* it reads back as the model in force */
    const char *path = scratch_putn("model.ini", s, strlen(s));
    dr_params back;
    dr_error err = {0};
    dr_params_init(&back);
    CHECK(dr_params_read(&back, path, &err) == DR_OK &&
          dr_params_finish(&back, path, &err) == DR_OK);
    CHECK(back.defaults.growth_mu == applied.defaults.growth_mu &&
          back.defaults.land_rho == applied.defaults.land_rho);
    CHECK(dr_params_type(&back, "urban")->own_revenue_beta ==
          dr_params_type(&applied, "urban")->own_revenue_beta);
    CHECK(memcmp(back.corr, applied.corr, sizeof back.corr) == 0);
    dr_params_free(&back);
    free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    dr_error err = {0};
    if (scratch_open("calib_out") != 0)
        return 1;
    dr_params_init(&model);
    if (dr_params_finish(&model, "", &err) ||
        dr_fiscal_read(TEST_DATA "/../../data/sample-city/fiscal.csv", &fiscal,
                       &err) ||
        dr_history_read(TEST_DATA "/history/one_county.csv", &fiscal, &hist,
                        &err) ||
        dr_calibrate(&hist, &fiscal, &model, DR_BY_TYPE, 2019, 2024, &cal,
                     &err) ||
        dr_params_copy(&applied, &model, &err) ||
        dr_calibration_apply(&cal, &applied, &err)) {
        printf("# %s\n", err.msg);
        return 1;
    }
    calibration_csv();
    notes();
    model_ini();
    dr_calibration_free(&cal);
    dr_params_free(&applied);
    dr_params_free(&model);
    dr_history_free(&hist);
    dr_fiscal_free(&fiscal);
    scratch_close();
    return check_done();
}
