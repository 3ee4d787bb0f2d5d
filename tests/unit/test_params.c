/* Tests of the model file reader, --set, dr_params_finish and
 * dr_params_write. Expected numbers come from the README, the fixture
 * files and hand computation, never from the program's output. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "inputs/params.h"

#define INI TEST_DATA "/ini/"

static char tmpdir[] = "/tmp/dr_test_params_XXXXXX";
static char tmppath[sizeof tmpdir + 16];

/* Writes len bytes of text to a scratch file and returns its path. */
static const char *scratch(const char *text, size_t len)
{
    snprintf(tmppath, sizeof tmppath, "%s/t.ini", tmpdir);
    FILE *f = fopen(tmppath, "wb");
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
    return tmppath;
}

static void show(const dr_error *err)
{
    char buf[1400];
    dr_error_format(err, buf, sizeof buf);
    printf("# %s\n", buf);
}

/* Reads path and checks the error: status, file, line, column and a phrase
 * of the message. */
static void expect_read_error(const char *path, long line, long col,
                              const char *phrase)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    dr_status st = dr_params_read(&p, path, &err);
    show(&err);
    CHECK(st == DR_EINPUT);
    CHECK(strcmp(err.file, path) == 0);
    CHECK(err.line == line);
    CHECK(err.col == col);
    CHECK(strstr(err.msg, phrase) != NULL);
    dr_params_free(&p);
}

/* Every default of the README's table, typed in from the table. */
static void test_defaults(void)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(p.base_year == 2024);
    CHECK(p.years == 10);
    CHECK(p.paths == 10000);
    CHECK(p.seed == 1);

    CHECK(p.warning == 1.0);
    CHECK(p.grades[0] == 1.2 && p.grades[1] == 2.0 && p.grades[2] == 3.0);
    CHECK(p.official_warning == 1.0);
    CHECK(p.interest_warning == 0.10);
    CHECK(p.debt_gdp_warning == 0.60);

    CHECK(p.family == DR_FAMILY_NORMAL);
    CHECK(p.df == 5);

    CHECK(p.corr[DR_VG][DR_VOR] == 0.6 && p.corr[DR_VOR][DR_VG] == 0.6);
    CHECK(p.corr[DR_VG][DR_VL] == 0.5 && p.corr[DR_VL][DR_VG] == 0.5);
    CHECK(p.corr[DR_VG][DR_VTR] == -0.3 && p.corr[DR_VTR][DR_VG] == -0.3);
    CHECK(p.corr[DR_VOR][DR_VL] == 0.4 && p.corr[DR_VL][DR_VOR] == 0.4);
    CHECK(p.corr[DR_VOR][DR_VTR] == -0.2 && p.corr[DR_VTR][DR_VOR] == -0.2);
    CHECK(p.corr[DR_VL][DR_VTR] == -0.1 && p.corr[DR_VTR][DR_VL] == -0.1);
    for (int i = 0; i < DR_NVAR; i++)
        CHECK(p.corr[i][i] == 1.0);

    CHECK(p.common[DR_VG] == 0.6);
    CHECK(p.common[DR_VOR] == 0.4);
    CHECK(p.common[DR_VL] == 0.7);
    CHECK(p.common[DR_VTR] == 0.8);

    CHECK(p.yield == 0.025);
    CHECK(p.rate_sigma == 0.004);
    CHECK(p.rate_rho == 0.7);
    CHECK(p.growth_corr == 0.3);
    CHECK(p.hidden_spread == 0.03);
    CHECK(p.premium_slope == 0.01);
    CHECK(p.premium_start == 1.2);
    CHECK(p.premium_max == 0.05);
    CHECK(p.reprice_explicit == 0.10);
    CHECK(p.reprice_hidden == 0.30);

    CHECK(p.quota == 0.05);
    CHECK(p.consolidation == 0.0);
    CHECK(p.consolidation_max == 0.03);
    CHECK(p.debt_target == 1.0);
    CHECK(p.surplus_spend == 0.5);

    const dr_type_params *d = &p.defaults;
    CHECK(d->growth_mu == 0.045);
    CHECK(d->growth_sigma == 0.025);
    CHECK(d->growth_rho == 0.4);
    CHECK(d->own_revenue_mu == 0.0);
    CHECK(d->own_revenue_beta == 1.0);
    CHECK(d->own_revenue_sigma == 0.04);
    CHECK(d->land_mu == -0.05);
    CHECK(d->land_sigma == 0.22);
    CHECK(d->land_rho == 0.5);
    CHECK(d->transfers_mu == 0.03);
    CHECK(d->transfers_sigma == 0.03);
    CHECK(d->spending_mu == 0.035);
    CHECK(d->contingent_prob == 0.05);
    CHECK(d->contingent_loss == 0.3);
    CHECK(d->rate_explicit == 0.032);
    CHECK(d->rate_hidden == 0.062);
    CHECK(p.ntypes == 0);

    /* The default matrix is positive definite. Its Cholesky factor by
     * hand, row by row (L_ij = (C_ij - sum_k<j L_ik L_jk) / L_jj):
     *   L10 = 0.6, L11 = sqrt(1 - 0.36) = 0.8
     *   L20 = 0.5, L21 = (0.4 - 0.5*0.6)/0.8 = 0.125,
     *   L22 = sqrt(1 - 0.25 - 0.015625) = sqrt(0.734375)
     *   L30 = -0.3, L31 = (-0.2 + 0.3*0.6)/0.8 = -0.025,
     *   L32 = (-0.1 - (0.15*-1 + -0.025*0.125))/L22 = 0.053125/L22,
     *   L33 = sqrt(1 - 0.09 - 0.000625 - L32^2) */
    CHECK(dr_params_finish(&p, "defaults", &err) == DR_OK);
    double l22 = sqrt(0.734375), l32 = 0.053125 / l22;
    double want[4][4] = {
        {1, 0, 0, 0},
        {0.6, 0.8, 0, 0},
        {0.5, 0.125, l22, 0},
        {-0.3, -0.025, l32, sqrt(1 - 0.09 - 0.000625 - l32 * l32)},
    };
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            CHECK_NEAR(p.chol[i][j], want[i][j], 1e-14);
    /* and L L^T gives C back */
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            double s = 0;
            for (int k = 0; k < 4; k++)
                s += p.chol[i][k] * p.chol[j][k];
            CHECK_NEAR(s, p.corr[i][j], 1e-14);
        }
    }
    dr_params_free(&p);
}

/* One correlation, the rest zero: L is the 2x2 factor [[1,0],[rho,
 * sqrt(1-rho^2)]] in the corner and the identity elsewhere. */
static void test_cholesky_2x2(void)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    const char *zero[] = {"correlation.growth.land=0",
                          "correlation.growth.transfers=0",
                          "correlation.own_revenue.land=0",
                          "correlation.own_revenue.transfers=0",
                          "correlation.land.transfers=0",
                          "correlation.growth.own_revenue=-0.28"};
    for (size_t k = 0; k < 6; k++)
        CHECK(dr_params_set_arg(&p, zero[k], &err) == DR_OK);
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_OK);
    double rho = -0.28;
    CHECK_NEAR(p.chol[0][0], 1, 1e-15);
    CHECK_NEAR(p.chol[1][0], rho, 1e-15);
    CHECK_NEAR(p.chol[1][1], sqrt(1 - rho * rho), 1e-15); /* 0.96 */
    CHECK_NEAR(p.chol[1][1], 0.96, 1e-15);
    CHECK_NEAR(p.chol[2][2], 1, 1e-15);
    CHECK_NEAR(p.chol[3][3], 1, 1e-15);
    CHECK(p.chol[0][1] == 0 && p.chol[2][0] == 0 && p.chol[3][1] == 0);
    dr_params_free(&p);
}

static void test_full_read(void)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    dr_status st = dr_params_read(&p, INI "model_full.ini", &err);
    if (st != DR_OK)
        show(&err);
    CHECK(st == DR_OK);
    CHECK(p.base_year == 2023);
    CHECK(p.years == 15);
    CHECK(p.paths == 2000);
    CHECK(p.seed == UINT64_MAX);
    CHECK(p.warning == 1.1);
    CHECK(p.grades[0] == 1.5 && p.grades[1] == 2.5 && p.grades[2] == 3.5);
    CHECK(p.official_warning == 0.9);
    CHECK(p.interest_warning == 0.12);
    CHECK(p.debt_gdp_warning == 0.7);
    CHECK(p.family == DR_FAMILY_STUDENT_T);
    CHECK(p.df == 6);
    CHECK(p.corr[0][1] == 0.5 && p.corr[1][0] == 0.5);
    CHECK(p.corr[0][2] == 0.4 && p.corr[2][0] == 0.4);
    CHECK(p.corr[0][3] == -0.2 && p.corr[3][0] == -0.2);
    CHECK(p.corr[1][2] == 0.3 && p.corr[2][1] == 0.3);
    CHECK(p.corr[1][3] == -0.1 && p.corr[3][1] == -0.1);
    CHECK(p.corr[2][3] == 0.05 && p.corr[3][2] == 0.05);
    CHECK(p.common[0] == 0.5 && p.common[1] == 0.3 && p.common[2] == 0.6 &&
          p.common[3] == 0.9);
    CHECK(p.yield == 0.02);
    CHECK(p.rate_sigma == 0.005);
    CHECK(p.rate_rho == 0.6);
    CHECK(p.growth_corr == 0.2);
    CHECK(p.hidden_spread == 0.035);
    CHECK(p.premium_slope == 0.02);
    CHECK(p.premium_start == 1.0);
    CHECK(p.premium_max == 0.04);
    CHECK(p.reprice_explicit == 0.15);
    CHECK(p.reprice_hidden == 0.25);
    CHECK(p.quota == 0.04);
    CHECK(p.consolidation == 0.01);
    CHECK(p.consolidation_max == 0.02);
    CHECK(p.debt_target == 1.1);
    CHECK(p.surplus_spend == 0.6);
    const dr_type_params *d = &p.defaults;
    CHECK(d->growth_mu == 0.05 && d->growth_sigma == 0.02 &&
          d->growth_rho == 0.3);
    CHECK(d->own_revenue_mu == 0.01 && d->own_revenue_beta == 1.1 &&
          d->own_revenue_sigma == 0.05);
    CHECK(d->land_mu == -0.04 && d->land_sigma == 0.2 && d->land_rho == 0.6);
    CHECK(d->transfers_mu == 0.02 && d->transfers_sigma == 0.025);
    CHECK(d->spending_mu == 0.03);
    CHECK(d->contingent_prob == 0.04 && d->contingent_loss == 0.25);
    CHECK(d->rate_explicit == 0.03 && d->rate_hidden == 0.06);

    CHECK(p.ntypes == 2);
    CHECK(strcmp(p.type[0].label, "agricultural") == 0);
    CHECK(p.type[0].line == 70);
    CHECK(p.type[0].set == ((1u << 6) | (1u << 9))); /* land.mu, transfers.mu */
    CHECK(strcmp(p.type[1].label, "urban-core") == 0);
    CHECK(p.type[1].line == 75);

    CHECK(dr_params_finish(&p, INI "model_full.ini", &err) == DR_OK);
    const dr_type_params *a = dr_params_type(&p, "agricultural");
    CHECK(a->land_mu == -0.08 && a->transfers_mu == 0.04);
    CHECK(a->land_sigma == 0.2 && a->growth_mu == 0.05); /* from defaults */
    const dr_type_params *u = dr_params_type(&p, "urban-core");
    CHECK(u->growth_mu == 0.055 && u->land_mu == -0.04);
    CHECK(dr_params_type(&p, "mountain") == &p.defaults);
    dr_params_free(&p);
}

static void test_set_forms(void)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_params_set_arg(&p, "type.agricultural.land.mu=-0.1", &err) ==
          DR_OK);
    CHECK(p.ntypes == 1 && strcmp(p.type[0].label, "agricultural") == 0);
    CHECK(p.type[0].value[6] == -0.1 && p.type[0].set == 1u << 6);
    CHECK(p.type[0].line == 0);
    CHECK(dr_params_set_arg(&p, "rates.hidden_spread=0.035", &err) == DR_OK);
    CHECK(p.hidden_spread == 0.035);
    CHECK(dr_params_set_arg(&p, "defaults.growth.mu=0.04", &err) == DR_OK);
    CHECK(p.defaults.growth_mu == 0.04);
    CHECK(dr_params_set_arg(&p, "correlation.growth.land=0.4", &err) == DR_OK);
    CHECK(p.corr[DR_VG][DR_VL] == 0.4 && p.corr[DR_VL][DR_VG] == 0.4);
    CHECK(dr_params_set_arg(&p, " shocks.family = student_t ", &err) == DR_OK);
    CHECK(p.family == DR_FAMILY_STUDENT_T);
    CHECK(dr_params_set_arg(&p, "run.seed=18446744073709551615", &err) ==
          DR_OK);
    CHECK(p.seed == UINT64_MAX);
    CHECK(dr_params_set_arg(&p, "thresholds.grades=1.1,2,4", &err) == DR_OK);
    CHECK(p.grades[0] == 1.1 && p.grades[1] == 2 && p.grades[2] == 4);
    CHECK(dr_params_set(&p, "run", "years", "30", "cli", 0, 0, &err) == DR_OK);
    CHECK(p.years == 30);

    /* malformed arguments are usage errors */
    const char *usage[] = {"rates.hidden_spread",
                           "rates=0.1",
                           "type.urban=0.1",
                           "=1",
                           ".sigma=1",
                           "rates.=1",
                           "type..land.mu=1"};
    for (size_t k = 0; k < sizeof usage / sizeof usage[0]; k++) {
        CHECK(dr_params_set_arg(&p, usage[k], &err) == DR_EUSAGE);
        CHECK(strcmp(err.file, "--set") == 0 && err.line == 0);
        CHECK(strstr(err.msg, "SECTION.KEY=VALUE") != NULL);
    }

    /* bad values name --set, line 0 and the whole argument */
    CHECK(dr_params_set_arg(&p, "rates.sigma=-1", &err) == DR_EINPUT);
    show(&err);
    CHECK(strcmp(err.file, "--set") == 0 && err.line == 0);
    CHECK(strstr(err.msg, "rates.sigma=-1") != NULL);
    CHECK(strstr(err.msg, "in [0, 0.1]") != NULL);
    CHECK(dr_params_set_arg(&p, "rats.sigma=1", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "did you mean [rates]") != NULL);
    CHECK(dr_params_set_arg(&p, "types.urban.land.mu=1", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "did you mean [type.LABEL]") != NULL);
    CHECK(dr_params_set(&p, "tpye.urban", "land.mu", "1", "m", 1, 1, &err) ==
          DR_EINPUT);
    CHECK(strstr(err.msg, "did you mean [type.urban]") != NULL);
    CHECK(dr_params_set_arg(&p, "run.seed=18446744073709551616", &err) ==
          DR_EINPUT);
    CHECK(dr_params_set_arg(&p, "run.seed=-1", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "negative") != NULL);
    CHECK(dr_params_set_arg(&p, "correlation.land.growth=0.1", &err) ==
          DR_EINPUT);
    CHECK(strstr(err.msg, "did you mean 'growth.land'") != NULL);
    /* a failed --set creates no type */
    CHECK(dr_params_set_arg(&p, "type.urban.land.mux=1", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "did you mean 'land.mu'") != NULL);
    CHECK(dr_params_set_arg(&p, "type.urban.land.mu=2", &err) == DR_EINPUT);
    CHECK(p.ntypes == 1);
    CHECK(dr_params_set_arg(&p, "type.bad label.land.mu=0", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "not a valid id") != NULL);
    /* dr_params_set puts origin, line and column in the error */
    CHECK(dr_params_set(&p, "common", "land", "2", "s.ini", 7, 8, &err) ==
          DR_EINPUT);
    CHECK(strcmp(err.file, "s.ini") == 0 && err.line == 7 && err.col == 8);
    CHECK(dr_params_finish(&p, "--set", &err) == DR_OK);
    dr_params_free(&p);
}

/* A type keeps only what it set, so a later change of [defaults] reaches
 * the keys it did not set and not the ones it did. */
static void test_type_overlay(void)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_params_read(&p, INI "model_full.ini", &err) == DR_OK);
    CHECK(dr_params_set_arg(&p, "defaults.land.mu=-0.2", &err) == DR_OK);
    CHECK(dr_params_set_arg(&p, "defaults.land.sigma=0.3", &err) == DR_OK);
    CHECK(dr_params_set_arg(&p, "type.agricultural.land.rho=0.1", &err) ==
          DR_OK);
    CHECK(dr_params_finish(&p, "m", &err) == DR_OK);
    const dr_type_params *a = dr_params_type(&p, "agricultural");
    CHECK(a->land_mu == -0.08);  /* its own */
    CHECK(a->land_sigma == 0.3); /* the changed default */
    CHECK(a->land_rho == 0.1);   /* set by --set */
    const dr_type_params *u = dr_params_type(&p, "urban-core");
    CHECK(u->land_mu == -0.2);
    CHECK(dr_params_type(&p, NULL)->land_mu == -0.2);
    dr_params_free(&p);
}

/* [county.ID] (MODEL.md section 3, version 2): each key from the first of
 * [county.ID], [type.LABEL], [defaults] that has it; from a file, --set
 * and written back. */
static void test_county_sections(void)
{
    static const char text[] = "[defaults]\n"
                               "land.mu = -0.05\n"
                               "growth.mu = 0.04\n"
                               "[type.rural]\n"
                               "land.mu = -0.07\n"
                               "land.sigma = 0.3\n"
                               "[county.north]\n"
                               "land.mu = -0.1\n";
    dr_params p, q;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_params_read(&p, scratch(text, sizeof text - 1), &err) == DR_OK);
    CHECK(dr_params_set_arg(&p, "county.north.growth.mu=0.02", &err) == DR_OK);
    CHECK(dr_params_set_arg(&p, "county.south.spending.mu=0.01", &err) ==
          DR_OK);
    CHECK(dr_params_finish(&p, "m", &err) == DR_OK);
    CHECK(p.ncounties == 2 && p.county[0].line == 7 && p.county[0].col == 2);
    dr_type_params n, s, w;
    dr_params_county(&p, "north", "rural", &n);
    CHECK(n.land_mu == -0.1);                 /* its own */
    CHECK(n.growth_mu == 0.02);               /* its own, by --set */
    CHECK(n.land_sigma == 0.3);               /* its type's */
    CHECK(n.land_rho == p.defaults.land_rho); /* [defaults] */
    dr_params_county(&p, "south", "urban", &s);
    CHECK(s.spending_mu == 0.01 && s.land_mu == -0.05 && s.growth_mu == 0.04);
    dr_params_county(&p, "west", "rural", &w); /* no section: its type */
    CHECK(memcmp(&w, dr_params_type(&p, "rural"), sizeof w) == 0);
    CHECK(dr_params_county_section(&p, "west") == NULL);
    /* A county section outside [0, 1] is checked like a type's. */
    CHECK(dr_params_set_arg(&p, "county.north.contingent.prob=1.5", &err) ==
          DR_EINPUT);
    /* Written and read back: the same sections and values. */
    snprintf(tmppath, sizeof tmppath, "%s/t.ini", tmpdir);
    FILE *f = fopen(tmppath, "w");
    dr_params_write(&p, f);
    fclose(f);
    dr_params_init(&q);
    CHECK(dr_params_read(&q, tmppath, &err) == DR_OK);
    CHECK(dr_params_finish(&q, "m", &err) == DR_OK);
    CHECK(q.ncounties == 2 && strcmp(q.county[1].label, "south") == 0);
    dr_type_params n2;
    dr_params_county(&q, "north", "rural", &n2);
    CHECK(memcmp(&n, &n2, sizeof n) == 0);
    dr_params_free(&p);
    dr_params_free(&q);
    /* [county] with no id, and a bad id: errors at the section. */
    static const char noid[] = "[county]\nland.mu = 0\n";
    expect_read_error(scratch(noid, sizeof noid - 1), 1, 2, "needs an id");
    static const char badid[] = "[county.a b]\nland.mu = 0\n";
    expect_read_error(scratch(badid, sizeof badid - 1), 1, 2, "not a valid id");
    CHECK(dr_params_section_len("county.north.land.mu") == 12);
    CHECK(dr_params_section_len("county.north") == 0);
}

static void test_not_positive_definite(void)
{
    /* det of [[1,.9,.9],[.9,1,-.9],[.9,-.9,1]] = 0.19 - 2*1.539 < 0; but
     * the key to blame comes first: growth.land = 0.9 (line 3, value at
     * col 15) after growth.own_revenue = 0.9, with own_revenue.land still
     * at its default 0.4, already gives [[1,.9,.9],[.9,1,.4],[.9,.4,1]]
     * with det = 0.84 - 0.486 - 0.486 = -0.132 < 0. */
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_params_read(&p, INI "model_not_positive_definite.ini", &err) ==
          DR_OK);
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_EINPUT);
    show(&err);
    CHECK(strcmp(err.file, INI "model_not_positive_definite.ini") == 0);
    CHECK(err.line == 3 && err.col == 15);
    CHECK(strstr(err.msg, "the correlation matrix is not positive definite") !=
          NULL);
    CHECK(strstr(err.msg, "[correlation] growth.land = 0.9: ") == err.msg);
    CHECK(strstr(err.msg,
                 "growth.own_revenue = 0.9, growth.land = 0.9, "
                 "growth.transfers = -0.3 (default), "
                 "own_revenue.land = -0.9, own_revenue.transfers = "
                 "-0.2 (default), land.transfers = -0.1 (default)") != NULL);
    dr_params_free(&p);

    /* The key to blame follows the order of setting: growth.land = 0.9
     * alone (the rest at the defaults) leaves the leading minors 1, 0.64,
     * 0.102, 0.0752, all > 0; then growth.own_revenue = 0.9 gives the 3x3
     * minor -0.132 above. Both come from --set: the message names --set. */
    dr_params_init(&p);
    CHECK(dr_params_set_arg(&p, "correlation.growth.land=0.9", &err) == DR_OK);
    CHECK(dr_params_set_arg(&p, "correlation.growth.own_revenue=0.9", &err) ==
          DR_OK);
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_EINPUT);
    show(&err);
    CHECK(strcmp(err.file, "--set") == 0 && err.line == 0);
    CHECK(strstr(err.msg, "[correlation] growth.own_revenue = 0.9: ") ==
          err.msg);
    CHECK(strstr(err.msg, "growth.land = 0.9, growth.transfers = -0.3 "
                          "(default)") != NULL);
    dr_params_free(&p);

    /* perfectly correlated is singular, not positive definite */
    dr_params_init(&p);
    CHECK(dr_params_set_arg(&p, "correlation.growth.own_revenue=1", &err) ==
          DR_OK);
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_EINPUT);
    dr_params_free(&p);
}

static void test_finish_checks(void)
{
    dr_params p;
    dr_error err = {0};
    /* values set directly (the command line's --paths) are checked too */
    dr_params_init(&p);
    p.paths = 0;
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "paths") != NULL);
    dr_params_init(&p);
    p.grades[1] = 5;
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "grades") != NULL);
    dr_params_init(&p);
    p.corr[0][1] = 0.2; /* [1][0] still 0.6 */
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "symmetric") != NULL);
    dr_params_init(&p);
    CHECK(dr_params_set_arg(&p, "type.x.land.sigma=0.1", &err) == DR_OK);
    p.type[0].value[7] = -1;
    CHECK(dr_params_finish(&p, "m.ini", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "[type.x] land.sigma") != NULL);
    dr_params_free(&p);
}

/* One test per error class: status, line, column, a phrase. */
static void test_errors(void)
{
    expect_read_error(INI "model_bad_section.ini", 4, 2,
                      "unknown section [rnu]; did you mean [run]?");
    expect_read_error(INI "model_bad_key.ini", 2, 3,
                      "unknown key 'hiden_spread' in [rates]; did you mean "
                      "'hidden_spread'?");
    expect_read_error(INI "model_malformed.ini", 3, 1, "malformed line");
    expect_read_error(INI "model_not_number.ini", 2, 9, "not a number");
    expect_read_error(INI "model_negative_sigma.ini", 2, 16,
                      "[defaults] growth.sigma: expected a number in [0, "
                      "0.5], found '-0.01'");
    expect_read_error(INI "model_weight_above_one.ini", 2, 8,
                      "expected a number in [0, 1], found '1.5'");
    expect_read_error(INI "model_df_two.ini", 3, 6,
                      "expected a number in [2.1, 1000]");
    expect_read_error(INI "model_years_zero.ini", 2, 9,
                      "expected a whole number in [1, 200], found '0'");
    expect_read_error(INI "model_years_thousand.ini", 2, 9,
                      "at most 200 years");
    expect_read_error(INI "model_paths_zero.ini", 2, 9,
                      "expected a whole number in [1, 1000000000]");
    expect_read_error(INI "model_grades_descending.ini", 2, 10,
                      "must rise strictly");
    expect_read_error(INI "model_duplicate_key.ini", 4, 1,
                      "duplicate key 'seed' in [run] (first given on line "
                      "2)");
    expect_read_error(INI "model_line_too_long.ini", 3, 200,
                      "line is longer than 199 bytes");
    expect_read_error(INI "model_bad_family.ini", 2, 10,
                      "expected one of normal, student_t, bootstrap, found "
                      "'student-t': did you mean student_t?");
}

static void test_more_errors(void)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_params_read(&p, INI "no-such-file.ini", &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "cannot open") != NULL);
    CHECK(dr_params_read(&p, TEST_DATA, &err) == DR_EINPUT);
    dr_params_free(&p);

    static const char nul[] = "[run]\nyears = 1\0\n";
    expect_read_error(scratch(nul, sizeof nul - 1), 2, 10, "NUL byte");
    static const char utf8[] = "; \xe9t\xe9\n[run]\n";
    expect_read_error(scratch(utf8, sizeof utf8 - 1), 1, 3, "not valid UTF-8");
    static const char surrogate[] = "[run] ; \xed\xa0\x80\n";
    expect_read_error(scratch(surrogate, sizeof surrogate - 1), 1, 9,
                      "not valid UTF-8");
    static const char cont[] = "[run]\nyears = 1\n  0\n";
    expect_read_error(scratch(cont, sizeof cont - 1), 3, 3,
                      "unexpected indented line");
    static const char early[] = "years = 1\n[run]\n";
    expect_read_error(scratch(early, sizeof early - 1), 1, 1,
                      "before any [section]");
    static const char open[] = "[run\nyears = 1\n";
    expect_read_error(scratch(open, sizeof open - 1), 1, 1, "no closing ']'");
    static const char junk[] = "[run] x\n";
    expect_read_error(scratch(junk, sizeof junk - 1), 1, 7,
                      "unexpected text after ']'");
    static const char notype[] = "[type]\n";
    expect_read_error(scratch(notype, sizeof notype - 1), 1, 2,
                      "needs a label");
    static const char badtype[] = "[type.a b]\n";
    expect_read_error(scratch(badtype, sizeof badtype - 1), 1, 2,
                      "not a valid id");
    static const char whole[] = "[run]\nbase_year = 2024.0\n";
    expect_read_error(scratch(whole, sizeof whole - 1), 2, 13,
                      "not a whole number");
    static const char hash[] = "[rates]\nyield = 0.03 # note\n";
    expect_read_error(scratch(hash, sizeof hash - 1), 2, 9, "' ;'");
    static const char dup[] = "[run]\nseed = 1\n[rates]\n[run]\nseed = 2\n";
    expect_read_error(scratch(dup, sizeof dup - 1), 5, 1, "duplicate key");
    static const char empty[] = "[run]\n= 3\n";
    expect_read_error(scratch(empty, sizeof empty - 1), 2, 1, "missing key");
    static const char empty_value[] = "[run]\nyears =\n";
    expect_read_error(scratch(empty_value, sizeof empty_value - 1), 2, 8,
                      "empty");
    static const char nokeys[] = "[correlation]\nland = 0.1\n";
    expect_read_error(scratch(nokeys, sizeof nokeys - 1), 2, 1,
                      "its keys are growth.own_revenue");
}

/* What is accepted: a BOM, CRLF line ends, inline comments, a line of
 * exactly 199 bytes, an empty file, sections given twice. */
static void test_accepted(void)
{
    dr_params p;
    dr_error err = {0};
    static const char crlf[] =
        "\xef\xbb\xbf[run]\r\nyears = 12 ; twelve\r\n\r\n[rates]\r\n"
        "yield=0.03\r\n[run]\r\npaths: 50\r\n";
    dr_params_init(&p);
    CHECK(dr_params_read(&p, scratch(crlf, sizeof crlf - 1), &err) == DR_OK);
    CHECK(p.years == 12 && p.yield == 0.03 && p.paths == 50);

    char longl[400];
    /* a comment line of exactly 199 bytes, then a key */
    int n = snprintf(longl, sizeof longl,
                     "[run]\n;%198s\nyears = 7\nseed = x\n", "");
    CHECK(n > 0);
    dr_params_init(&p);
    CHECK(dr_params_read(&p, scratch(longl, strlen(longl)), &err) == DR_EINPUT);
    CHECK(p.years == 7);
    CHECK(err.line == 4); /* line numbers stay right after it */
    n = snprintf(longl, sizeof longl, "[run]\n;%199s\n", "");
    dr_params_init(&p);
    CHECK(dr_params_read(&p, scratch(longl, strlen(longl)), &err) == DR_EINPUT);
    CHECK(err.line == 2 && err.col == 200);

    dr_params_init(&p);
    CHECK(dr_params_read(&p, scratch("", 0), &err) == DR_OK);
    CHECK(p.years == 10);
    dr_params_free(&p);
}

static int same_params(const dr_params *a, const dr_params *b)
{
    int ok = a->base_year == b->base_year && a->years == b->years &&
             a->paths == b->paths && a->seed == b->seed &&
             a->warning == b->warning &&
             memcmp(a->grades, b->grades, sizeof a->grades) == 0 &&
             a->official_warning == b->official_warning &&
             a->interest_warning == b->interest_warning &&
             a->debt_gdp_warning == b->debt_gdp_warning &&
             a->family == b->family && a->df == b->df &&
             memcmp(a->corr, b->corr, sizeof a->corr) == 0 &&
             memcmp(a->common, b->common, sizeof a->common) == 0 &&
             a->yield == b->yield && a->rate_sigma == b->rate_sigma &&
             a->rate_rho == b->rate_rho && a->growth_corr == b->growth_corr &&
             a->hidden_spread == b->hidden_spread &&
             a->premium_slope == b->premium_slope &&
             a->premium_start == b->premium_start &&
             a->premium_max == b->premium_max &&
             a->reprice_explicit == b->reprice_explicit &&
             a->reprice_hidden == b->reprice_hidden && a->quota == b->quota &&
             a->consolidation == b->consolidation &&
             a->consolidation_max == b->consolidation_max &&
             a->debt_target == b->debt_target &&
             a->surplus_spend == b->surplus_spend &&
             memcmp(&a->defaults, &b->defaults, sizeof a->defaults) == 0 &&
             a->ntypes == b->ntypes && a->ncounties == b->ncounties;
    for (size_t k = 0; ok && k < a->ntypes; k++) {
        const dr_type_section *s = &a->type[k], *t = &b->type[k];
        ok = strcmp(s->label, t->label) == 0 && s->set == t->set;
        for (int i = 0; ok && i < DR_NTYPEKEYS; i++)
            ok = !(s->set >> i & 1) || s->value[i] == t->value[i];
    }
    return ok;
}

static void test_round_trip(void)
{
    dr_params p, q, r;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_params_read(&p, INI "model_full.ini", &err) == DR_OK);
    /* numbers that need all 17 digits, and tiny ones */
    CHECK(dr_params_set_arg(&p, "rates.yield=0.1234567890123456789", &err) ==
          DR_OK);
    CHECK(dr_params_set_arg(&p, "defaults.own_revenue.beta=-3e-300", &err) ==
          DR_OK);
    CHECK(dr_params_set_arg(&p, "type.x.rate.hidden=0.07", &err) == DR_OK);
    p.defaults.growth_mu = 1.0 / 3.0;

    snprintf(tmppath, sizeof tmppath, "%s/t.ini", tmpdir);
    FILE *f = fopen(tmppath, "w");
    CHECK(f != NULL);
    dr_params_write(&p, f);
    CHECK(!ferror(f));
    fclose(f);

    dr_params_init(&q);
    CHECK(dr_params_read(&q, tmppath, &err) == DR_OK);
    CHECK(same_params(&p, &q));
    CHECK(q.defaults.growth_mu == 1.0 / 3.0);
    CHECK(q.ntypes == 3 && strcmp(q.type[2].label, "x") == 0);

    CHECK(dr_params_copy(&r, &q, &err) == DR_OK);
    CHECK(same_params(&r, &q));
    CHECK(r.type != q.type && r.type[0].label != q.type[0].label);
    dr_params_free(&p);
    dr_params_free(&q);
    dr_params_free(&r);

    /* the defaults, written and read back, are the defaults */
    dr_params_init(&p);
    f = fopen(tmppath, "w");
    dr_params_write(&p, f);
    fclose(f);
    dr_params_init(&q);
    q.years = 99;
    CHECK(dr_params_read(&q, tmppath, &err) == DR_OK);
    CHECK(same_params(&p, &q));
}

static void test_section_len(void)
{
    CHECK(dr_params_section_len("rates.hidden_spread") == 5);
    CHECK(dr_params_section_len("type.agricultural.land.mu") == 17);
    CHECK(dr_params_section_len("defaults.growth.mu") == 8);
    CHECK(dr_params_section_len("correlation.growth.land") == 11);
    CHECK(dr_params_section_len("rates") == 0);
    CHECK(dr_params_section_len("rates.") == 0);
    CHECK(dr_params_section_len("type.urban") == 0);
    CHECK(dr_params_section_len(".x") == 0);
}

/* set_ok/set_bad: one value of one key, by --set. */
static int set_ok(const char *arg)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    dr_status st = dr_params_set_arg(&p, arg, &err);
    if (st != DR_OK)
        show(&err);
    dr_params_free(&p);
    return st == DR_OK;
}

static int set_bad(const char *arg, const char *phrase)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    dr_status st = dr_params_set_arg(&p, arg, &err);
    dr_params_free(&p);
    if (st == DR_OK || !strstr(err.msg, phrase))
        show(&err);
    return st == DR_EINPUT && strstr(err.msg, phrase) != NULL;
}

/* The ranges of the README "Ranges": each bound is in, just past it out. */
static void test_ranges(void)
{
    CHECK(set_ok("rates.yield=0.3") && set_ok("rates.yield=-0.05"));
    CHECK(set_bad("rates.yield=0.30001", "[-0.05, 0.3]"));
    CHECK(set_bad("rates.yield=2.5", "2.5 looks like a percentage: write "
                                     "0.025 for 2.5%"));
    CHECK(set_bad("rates.yield=200", "200 looks like basis points: write "
                                     "0.02 for 200 bp"));
    CHECK(set_ok("shocks.df=2.1") && set_ok("shocks.df=1000"));
    CHECK(set_bad("shocks.df=2.000000000001", "in [2.1, 1000]"));
    CHECK(set_bad("shocks.df=1e6", "in [2.1, 1000]"));
    CHECK(set_ok("thresholds.warning=10"));
    CHECK(set_bad("thresholds.warning=100", "write 1 for 100%"));
    CHECK(set_bad("thresholds.warning=0", "> 0 and <= 10"));
    CHECK(set_bad("thresholds.grades=120, 200, 300", "look like percentages"));
    CHECK(set_bad("thresholds.grades=1.2, 2, 11", "above 10"));
    CHECK(set_ok("defaults.own_revenue.beta=-10"));
    CHECK(set_bad("defaults.own_revenue.beta=1e300", "in [-10, 10]"));
    CHECK(set_ok("defaults.land.sigma=1"));
    CHECK(set_bad("defaults.growth.sigma=0.6", "in [0, 0.5]"));
    CHECK(set_bad("defaults.rate.hidden=6.2", "write 0.062 for 6.2%"));
    CHECK(set_bad("policy.consolidation_max=1", "in [0, 1)"));
    CHECK(set_bad("rates.rho=1", "in (-1, 1)"));
    CHECK(set_bad("run.seed=1\xC2\xA0", "non-breaking space"));
}

/* A type label with no section, close to one that has: did you mean. */
static void test_near_type(void)
{
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_params_near_type(&p, "urbn") == NULL); /* no sections at all */
    CHECK(dr_params_set_arg(&p, "type.urban.land.mu=-0.04", &err) == DR_OK);
    CHECK(dr_params_set_arg(&p, "type.rural.land.mu=-0.04", &err) == DR_OK);
    const char *g = dr_params_near_type(&p, "urbn");
    CHECK(g && strcmp(g, "urban") == 0);
    g = dr_params_near_type(&p, "Rural");
    CHECK(g && strcmp(g, "rural") == 0);
    CHECK(dr_params_near_type(&p, "urban") == NULL);    /* has its section */
    CHECK(dr_params_near_type(&p, "mountain") == NULL); /* not close */
    dr_params_free(&p);
}

static int str_eq(const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        return 1;
    check_note("got", got ? got : "(null)");
    check_note("want", want);
    return 0;
}

/* The reports' names of keys, and the [defaults] keys by index, from the
 * one table of keys. */
static void test_key_labels(void)
{
    CHECK(str_eq(dr_params_key_label("growth.mu", DR_LANG_EN),
                 "Nominal growth trend"));
    CHECK(
        str_eq(dr_params_key_label("rate.hidden", DR_LANG_ZH), "隐性债务利率"));
    CHECK(
        str_eq(dr_params_key_label("policy.quota", DR_LANG_EN), "Bond quota"));
    CHECK(str_eq(dr_params_key_label("rates.premium_slope", DR_LANG_ZH),
                 "风险溢价斜率"));
    /* known keys the reports never name, and unknown ones */
    CHECK(dr_params_key_label("run.seed", DR_LANG_EN) == NULL);
    CHECK(dr_params_key_label("rates.nope", DR_LANG_EN) == NULL);
    CHECK(dr_params_key_label("nope", DR_LANG_EN) == NULL);
    CHECK(dr_params_key_label("", DR_LANG_ZH) == NULL);
    /* every [defaults] key has a name in both languages */
    for (int i = 0; i < DR_NTYPEKEYS; i++) {
        const char *k = dr_params_type_key_name(i);
        CHECK(dr_params_type_key(k) == i);
        CHECK(dr_params_key_label(k, DR_LANG_EN) != NULL);
        CHECK(dr_params_key_label(k, DR_LANG_ZH) != NULL);
    }
    dr_type_params t = {.land_mu = -0.25, .spending_mu = 0.0625};
    CHECK(dr_type_params_get(&t, dr_params_type_key("land.mu")) == -0.25);
    CHECK(dr_type_params_get(&t, dr_params_type_key("spending.mu")) == 0.0625);
    CHECK(isnan(dr_type_params_get(&t, -1)));
}

int main(void)
{
    test_key_labels();
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_defaults();
    test_cholesky_2x2();
    test_full_read();
    test_set_forms();
    test_type_overlay();
    test_county_sections();
    test_not_positive_definite();
    test_finish_checks();
    test_errors();
    test_more_errors();
    test_accepted();
    test_round_trip();
    test_section_len();
    test_ranges();
    test_near_type();
    remove(tmppath);
    rmdir(tmpdir);
    return check_done();
}
