/* The estimators of one group (estimate.h) on panels built here from the
 * hand-worked histories of tests/data/history/README.md: case (a), one
 * county; case (b), two types of two counties; case (c), keys that cannot
 * be made. Every expected value is the README's exact expression. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib/estimate.h"
#include "check.h"

#define L log(1.25) /* the land step: land revenue c (5/4)^k */
#define TOL 1e-12

/* A county of six years 2019-2024: rates in percent for s = 1..5 (p NULL:
 * no primary spending), land k for s = 0..5 (NULL: no land). */
static dr_panel_county county(const char *id, const double g[5],
                              const double o[5], const double r[5],
                              const double *p, const int *k)
{
    dr_panel_county c = {.id = id, .first = 2019, .T = 6};
    c.g = malloc(6 * sizeof *c.g);
    c.o = malloc(6 * sizeof *c.o);
    c.r = malloc(6 * sizeof *c.r);
    c.p = malloc(6 * sizeof *c.p);
    c.g[0] = c.o[0] = c.r[0] = c.p[0] = NAN;
    for (int s = 1; s < 6; s++) {
        c.g[s] = g[s - 1] / 100;
        c.o[s] = o[s - 1] / 100;
        c.r[s] = r[s - 1] / 100;
        c.p[s] = p ? p[s - 1] / 100 : NAN;
    }
    if (k) {
        c.l = malloc(6 * sizeof *c.l);
        for (int s = 0; s < 6; s++)
            c.l[s] = log(8.0) + k[s] * L;
    }
    return c;
}

static void free_panel(dr_panel *P)
{
    for (size_t i = 0; i < P->n; i++) {
        free(P->c[i].g);
        free(P->c[i].o);
        free(P->c[i].r);
        free(P->c[i].p);
        free(P->c[i].l);
    }
}

/* Case (a), wancheng; case (b) adds wolong (urban), fangcheng and
 * zhenping (agricultural, no primary spending). */
static const double wg[] = {6, 10, 8, 8, 3}, wo[] = {4.75, 12.25, 10, 8, 3.75},
                    wr[] = {5, 7, 6, 8, 4}, wp[] = {4, 6, 5, 3, 7};
static const int wk[] = {3, 3, 1, 1, 1, 0};
static const double lg[] = {4, 6, 8, 4, 8}, lo[] = {3, 7, 9, 2, 9},
                    lr[] = {6, 6, 5, 7, 6}, lp[] = {5, 5, 4, 6, 5};
static const int lk[] = {2, 3, 3, 2, 1, 1};
static const double fg[] = {7, 5, 6, 9, 8}, fo[] = {8, 4, 5, 10, 8},
                    fr[] = {8, 7, 9, 6, 5};
static const int fk[] = {2, 3, 2, 1, 1, 0};
static const double zg[] = {5, 7, 4, 6, 3}, zo[] = {6, 6, 3, 7, 2},
                    zr[] = {7, 9, 8, 8, 8};
static const int zk[] = {2, 3, 3, 4, 2, 1};

/* A fallback whose every field tells its key. */
static dr_cvalue fallback[DR_NCKEYS];

static void init_fallback(void)
{
    for (int k = 0; k < DR_NCKEYS; k++)
        fallback[k] = (dr_cvalue){100 + k, 200 + k, 300 + k, DR_CS_POOLED};
}

static int is_fallback(const dr_cvalue *v, int k)
{
    return v->value == fallback[k].value && v->se == fallback[k].se &&
           v->n == fallback[k].n && v->status == DR_CS_POOLED;
}

/* value, se (NAN: se must be NAN) and n of an estimated key */
static int est(const dr_cvalue *v, double value, double se, long n)
{
    int ok = v->status == DR_CS_ESTIMATED && fabs(v->value - value) <= TOL &&
             (isnan(se) ? isnan(v->se) : fabs(v->se - se) <= TOL) && v->n == n;
    if (!ok)
        printf("# %.17g (se %.17g, n %ld, status %d); expected %.17g (se "
               "%.17g, n %ld)\n",
               v->value, v->se, v->n, (int)v->status, value, se, n);
    return ok;
}

static void case_a(void)
{
    dr_panel_county c[1] = {county("wancheng", wg, wo, wr, wp, wk)};
    dr_panel P = {.c = c, .n = 1};
    size_t m[] = {0};
    dr_cgroup g;
    dr_estimate_group(&P, m, 1, fallback, &g);
    const dr_cvalue *v = g.v;
    CHECK(g.counties == 1 && g.land_counties == 1);
    /* growth: mu 7%, sd^2 = 7 (%^2) over 5; rho-hat -1/4, halves -1 and
     * -1/2, rho = 2(-1/4) + 3/4 = 1/4; innovations 13/4, 1/4, 3/4, -17/4,
     * sigma^2 = (117/4)/2 */
    CHECK(est(&v[DR_CK_GROWTH_MU], 0.07, sqrt(7.0 / 5) / 100, 5));
    CHECK(est(&v[DR_CK_GROWTH_RHO], 0.25, sqrt(15.0) / 8, 4));
    CHECK(est(&v[DR_CK_GROWTH_SIGMA], sqrt(117.0 / 8) / 100,
              sqrt(117.0 / 8) / 100 / 2, 4));
    CHECK(fabs(g.jk_growth.full + 0.25) <= TOL &&
          fabs(g.jk_growth.half_a + 1) <= TOL &&
          fabs(g.jk_growth.half_b + 0.5) <= TOL && g.jk_growth.halves &&
          !g.jk_growth.clipped);
    /* own revenue: beta = 35/28, mu = 7.75 - (5/4) 7 = -1 (%), sigma^2 =
     * (53/8)/3 */
    CHECK(est(&v[DR_CK_OR_BETA], 1.25, sqrt(53.0 / 672), 5));
    CHECK(est(&v[DR_CK_OR_MU], -0.01, sqrt(53.0 / 24 * 39 / 20) / 100, 5));
    CHECK(est(&v[DR_CK_OR_SIGMA], sqrt(53.0 / 24) / 100,
              sqrt(53.0 / 24) / 100 / sqrt(6.0), 5));
    /* land: trend -(3/5)L; rho-hat -1/3, halves -4/5, rho = 2/15;
     * sigma = L sqrt(83/125) */
    double sl = L * sqrt(83.0 / 125);
    CHECK(est(&v[DR_CK_LAND_MU], -0.6 * L, sl / sqrt(35.0 / 2), 6));
    CHECK(est(&v[DR_CK_LAND_RHO], 2.0 / 15, sqrt(221.0 / 1125), 5));
    CHECK(est(&v[DR_CK_LAND_SIGMA], sl, sl / 2, 5));
    CHECK(fabs(g.jk_land.full + 1.0 / 3) <= TOL &&
          fabs(g.jk_land.half_a + 0.8) <= TOL &&
          fabs(g.jk_land.half_b + 0.8) <= TOL);
    /* transfers 6%, sd^2 = 10/4; spending 5%, sd^2 = 5/2 */
    CHECK(est(&v[DR_CK_TR_MU], 0.06, sqrt(0.5) / 100, 5));
    CHECK(est(&v[DR_CK_TR_SIGMA], sqrt(2.5) / 100, sqrt(2.5) / 100 / sqrt(8.0),
              5));
    CHECK(est(&v[DR_CK_SPENDING_MU], 0.05, sqrt(0.5) / 100, 5));

    /* innovations, standardized: growth from s = 2, the others from
     * s = 1 (README (a): e^g = 13/4, 1/4, 3/4, -17/4 %; e^or = -7/4, 3/4,
     * 1, -1, 1 %; e^l / L = 3/5, -22/25, -7/75, 32/75, -4/75; e^tr = -1,
     * 1, 0, 2, -2 %) */
    double z[6][4];
    dr_estimate_innovations(&c[0], v, z);
    double sg = sqrt(117.0 / 8), so = sqrt(53.0 / 24), st = sqrt(2.5),
           sll = sqrt(83.0 / 125);
    CHECK(isnan(z[0][0]) && isnan(z[0][1]) && isnan(z[0][2]) &&
          isnan(z[0][3]) && isnan(z[1][0]));
    CHECK_NEAR(z[2][0], 3.25 / sg, TOL);
    CHECK_NEAR(z[5][0], -4.25 / sg, TOL);
    CHECK_NEAR(z[1][1], -1.75 / so, TOL);
    CHECK_NEAR(z[5][1], 1 / so, TOL);
    CHECK_NEAR(z[1][2], 0.6 / sll, TOL);
    CHECK_NEAR(z[2][2], -22.0 / 25 / sll, TOL);
    CHECK_NEAR(z[5][2], -4.0 / 75 / sll, TOL);
    CHECK_NEAR(z[1][3], -1 / st, TOL);
    CHECK_NEAR(z[4][3], 2 / st, TOL);
    /* no land: no land innovation; a sigma of 0: none either */
    free(c[0].l);
    c[0].l = NULL;
    dr_cvalue v0[DR_NCKEYS];
    memcpy(v0, v, sizeof v0);
    v0[DR_CK_TR_SIGMA].value = 0;
    dr_estimate_innovations(&c[0], v0, z);
    CHECK(isnan(z[3][2]) && isnan(z[3][3]) && !isnan(z[3][1]));
    free_panel(&P);
}

static void case_b(void)
{
    dr_panel_county c[4] = {county("wancheng", wg, wo, wr, wp, wk),
                            county("wolong", lg, lo, lr, lp, lk),
                            county("fangcheng", fg, fo, fr, NULL, fk),
                            county("zhenping", zg, zo, zr, NULL, zk)};
    dr_panel P = {.c = c, .n = 4};
    dr_cgroup g;
    const dr_cvalue *v = g.v;

    size_t urban[] = {0, 1};
    dr_estimate_group(&P, urban, 2, fallback, &g);
    CHECK(g.counties == 2 && g.land_counties == 2);
    /* mu 6.5%, sum d^2 = 46.5 over 9 and 10; rho-hat -13/64, halves -1/13
     * and -21/26: rho = -13/32 + 23/52 = 15/416 over 8 pairs */
    CHECK(est(&v[DR_CK_GROWTH_MU], 0.065, sqrt(31.0 / 60) / 100, 10));
    CHECK(est(&v[DR_CK_GROWTH_RHO], 15.0 / 416,
              sqrt((1 - (15.0 / 416) * (15.0 / 416)) / 8), 8));
    CHECK(fabs(g.jk_growth.full + 13.0 / 64) <= TOL &&
          fabs(g.jk_growth.half_a + 1.0 / 13) <= TOL &&
          fabs(g.jk_growth.half_b + 21.0 / 26) <= TOL);
    CHECK(fabs(v[DR_CK_OR_BETA].value - 523.0 / 372) <= TOL &&
          v[DR_CK_OR_BETA].n == 10);
    CHECK(fabs(v[DR_CK_OR_MU].value + 421.0 / 18600) <= TOL);
    CHECK(est(&v[DR_CK_TR_MU], 0.06, sqrt(2.0 / 15) / 100, 10));
    CHECK(est(&v[DR_CK_TR_SIGMA], sqrt(4.0 / 3) / 100,
              sqrt(4.0 / 3) / 100 / sqrt(18.0), 10));
    CHECK(est(&v[DR_CK_SPENDING_MU], 0.05, sqrt(2.0 / 15) / 100, 10));

    size_t agri[] = {2, 3};
    dr_estimate_group(&P, agri, 2, fallback, &g);
    CHECK(est(&v[DR_CK_GROWTH_MU], 0.06, sqrt(1.0 / 3) / 100, 10));
    CHECK(fabs(v[DR_CK_TR_MU].value - 0.075) <= TOL && v[DR_CK_TR_MU].n == 10);
    CHECK(fabs(v[DR_CK_TR_SIGMA].value - sqrt(29.0 / 18) / 100) <= TOL);
    /* no primary spending at all: the fallback as it is */
    CHECK(is_fallback(&v[DR_CK_SPENDING_MU], DR_CK_SPENDING_MU));

    size_t all[] = {0, 1, 2, 3};
    dr_estimate_group(&P, all, 4, fallback, &g);
    CHECK(fabs(v[DR_CK_GROWTH_MU].value - 0.0625) <= TOL &&
          v[DR_CK_GROWTH_MU].n == 20);
    CHECK(fabs(v[DR_CK_TR_MU].value - 0.0675) <= TOL);
    /* spending: the urban counties' ten observations only */
    CHECK(est(&v[DR_CK_SPENDING_MU], 0.05, sqrt(2.0 / 15) / 100, 10));
    free_panel(&P);
}

static void case_c(void)
{
    /* two counties growing exactly 12.5% a year: sum (g - mean)^2 = 0, so
     * beta and mu of own revenue fall back, and so does growth.rho (every
     * d = 0); growth.sigma is made, and is 0 */
    const double eighth[] = {12.5, 12.5, 12.5, 12.5, 12.5};
    dr_panel_county c[2] = {county("fangcheng", eighth, fo, fr, NULL, fk),
                            county("zhenping", eighth, zo, zr, NULL, NULL)};
    dr_panel P = {.c = c, .n = 2};
    size_t m[] = {0, 1};
    dr_cgroup g;
    const dr_cvalue *v = g.v;
    dr_estimate_group(&P, m, 2, fallback, &g);
    CHECK(est(&v[DR_CK_GROWTH_MU], 0.125, 0, 10));
    CHECK(is_fallback(&v[DR_CK_GROWTH_RHO], DR_CK_GROWTH_RHO));
    CHECK(isnan(g.jk_growth.full) && !g.jk_growth.halves);
    /* e = d - rho d = 0, with the fallen-back rho */
    CHECK(est(&v[DR_CK_GROWTH_SIGMA], 0, 0, 8));
    CHECK(is_fallback(&v[DR_CK_OR_BETA], DR_CK_OR_BETA));
    CHECK(is_fallback(&v[DR_CK_OR_MU], DR_CK_OR_MU));
    /* land: fangcheng alone, sum (s - sbar) k = -17/2 over 35/2 */
    CHECK(g.land_counties == 1);
    CHECK(fabs(v[DR_CK_LAND_MU].value + 17.0 / 35 * L) <= TOL &&
          v[DR_CK_LAND_MU].n == 6);
    free_panel(&P);

    /* no land at all: the three land keys fall back */
    dr_panel_county d[1] = {county("zhenping", zg, zo, zr, NULL, NULL)};
    P = (dr_panel){.c = d, .n = 1};
    dr_estimate_group(&P, m, 1, fallback, &g);
    CHECK(g.land_counties == 0);
    CHECK(is_fallback(&v[DR_CK_LAND_MU], DR_CK_LAND_MU) &&
          is_fallback(&v[DR_CK_LAND_SIGMA], DR_CK_LAND_SIGMA) &&
          is_fallback(&v[DR_CK_LAND_RHO], DR_CK_LAND_RHO));
    free_panel(&P);
}

/* Three years: growth 5%, 7%; own revenue 2%, 6%. beta = (0.01 0.02 +
 * 0.01 0.02) / (2 0.01^2) = 2, mu = 4% - 2 6% = -8%; with n - 2 = 0 the
 * sigma falls back, so beta's and mu's se are NAN. One growth pair: rho-hat
 * = (0.01)(-0.01) / 0.01^2 = -1, no half has a pair, so rho = -1, clipped
 * to -0.9, se sqrt((1 - 0.81) / 1). */
static void short_county(void)
{
    double g[] = {NAN, 0.05, 0.07}, o[] = {NAN, 0.02, 0.06},
           r[] = {NAN, 0.01, 0.03}, p[] = {NAN, NAN, NAN};
    dr_panel_county c = {.id = "s", .T = 3, .g = g, .o = o, .r = r, .p = p};
    dr_panel P = {.c = &c, .n = 1};
    size_t m[] = {0};
    dr_cgroup gr;
    const dr_cvalue *v = gr.v;
    dr_estimate_group(&P, m, 1, fallback, &gr);
    CHECK(est(&v[DR_CK_OR_BETA], 2, NAN, 2));
    CHECK(est(&v[DR_CK_OR_MU], -0.08, NAN, 2));
    CHECK(is_fallback(&v[DR_CK_OR_SIGMA], DR_CK_OR_SIGMA));
    CHECK(est(&v[DR_CK_GROWTH_RHO], -0.9, sqrt(0.19), 1));
    CHECK(gr.jk_growth.clipped && !gr.jk_growth.halves &&
          fabs(gr.jk_growth.full + 1) <= TOL);
    CHECK(is_fallback(&v[DR_CK_GROWTH_SIGMA], DR_CK_GROWTH_SIGMA));
    /* transfers: 1% and 3%: mean 2%, sd sqrt(2) %, se sd / sqrt(2) */
    CHECK(est(&v[DR_CK_TR_MU], 0.02, 0.01, 2));
    CHECK(is_fallback(&v[DR_CK_SPENDING_MU], DR_CK_SPENDING_MU));
}

static void names(void)
{
    CHECK(strcmp(dr_ckey_name[DR_CK_GROWTH_MU], "growth.mu") == 0 &&
          strcmp(dr_ckey_name[DR_CK_OR_BETA], "own_revenue.beta") == 0 &&
          strcmp(dr_ckey_name[DR_CK_LAND_RHO], "land.rho") == 0 &&
          strcmp(dr_ckey_name[DR_CK_SPENDING_MU], "spending.mu") == 0);
    CHECK(strcmp(dr_cstatus_name[DR_CS_ESTIMATED], "estimated") == 0 &&
          strcmp(dr_cstatus_name[DR_CS_POOLED], "pooled") == 0 &&
          strcmp(dr_cstatus_name[DR_CS_SHRUNK], "shrunk") == 0 &&
          strcmp(dr_cstatus_name[DR_CS_KEPT], "kept") == 0);
}

int main(void)
{
    init_fallback();
    case_a();
    case_b();
    case_c();
    short_county();
    names();
    return check_done();
}
