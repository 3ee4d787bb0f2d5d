/* The Monte Carlo engine (engine.c), part (c) of test_engine.c: the
 * empirical correlations of the shocks it draws match C and w, and an
 * independent mirror of its draws (GSL, the same streams) gives its numbers.
 * Expected numbers are worked out in the comments, never from the
 * program's own output. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine/engine.h"
#include "engine/rng.h"
#include "engine_fixture.h"
#include "inputs/fiscal.h"
#include "inputs/params.h"
#include "inputs/projects.h"
#include "inputs/scenario.h"
#include "model/plan.h"
#include "stats/results.h"
#include "stats/stats.h"

/* The mirror of engine.c's draws for one path: common_path (per year four
 * factors F then nu, eps = rho F_g + sqrt(1 - rho^2) nu) ... */
static void mirror_common(gsl_rng *r, const dr_params *p, long path, long T,
                          double *F, double *eps, double *ur)
{
    dr_rng_stream(r, p->seed, (uint64_t)path, COMMON_KEY);
    double u = 0.0;
    for (long t = 0; t < T; t++) {
        for (int k = 0; k < DR_NVAR; k++)
            F[t * DR_NVAR + k] = dr_rng_shock(r, p);
        double nu = dr_rng_shock(r, p);
        eps[t] = dr_model_rate_shock(p, F[t * DR_NVAR], nu);
        u = dr_model_rate_state(p, u, eps[t]);
        ur[t] = u;
    }
}

/* ... and county_path for a county without projects: its own stream, per
 * year four eta, the mix, then the uniform of the contingent call. */
static void mirror_county_year(gsl_rng *r, const dr_params *p,
                               const dr_mixer *mx, const double *F,
                               double call_prob, double z[DR_NVAR],
                               double *call)
{
    double eta[DR_NVAR];
    for (int k = 0; k < DR_NVAR; k++)
        eta[k] = dr_rng_shock(r, p);
    dr_model_mix(mx, F, eta, z);
    *call = gsl_rng_uniform(r) < call_prob ? 1.0 : 0.0;
}

/* Sample correlation of x and y and its standard error from the
 * influence function of the correlation, x'y' - r (x'^2 + y'^2)/2 on the
 * standardized values (valid whatever the tails; about (1 - r^2)/sqrt(N)
 * for normal data). */
static double correlation(const double *x, const double *y, size_t n,
                          double *se)
{
    double mx = 0, my = 0;
    for (size_t k = 0; k < n; k++) {
        mx += x[k];
        my += y[k];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0, syy = 0, sxy = 0;
    for (size_t k = 0; k < n; k++) {
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
        sxy += (x[k] - mx) * (y[k] - my);
    }
    double sx = sqrt(sxx / (double)n), sy = sqrt(syy / (double)n);
    double r = sxy / sqrt(sxx * syy);
    double s1 = 0, s2 = 0;
    for (size_t k = 0; k < n; k++) {
        double a = (x[k] - mx) / sx, b = (y[k] - my) / sy;
        double f = a * b - r * (a * a + b * b) / 2.0;
        s1 += f;
        s2 += f * f;
    }
    double var = s2 / (double)n - (s1 / (double)n) * (s1 / (double)n);
    *se = sqrt(var / (double)n);
    return r;
}

static void check_corr(const char *what, const double *x, const double *y,
                       size_t n, double want)
{
    double se, r = correlation(x, y, n, &se);
    /* 4 standard errors, and never tighter than 1e-3 (for pairs whose
     * correlation is near +-1). */
    double tol = fmax(4.0 * se, 1e-3);
    int ok = fabs(r - want) <= tol;
    if (!ok)
        printf("# %s: corr %.5f, expected %.5f, tol %.5f\n", what, r, want,
               tol);
    check_report(ok, what, __FILE__, __LINE__);
}

/* Expected moments, from the definitions of MODEL.md section 2:
 *   x_i = sqrt(w) F + sqrt(1-w) eta_i: unit variances, independent
 *   components; across counties cov(x_i,k, x_j,l) = sqrt(w_k w_l)
 *   cov(F_k, F_l) = w_k if k = l, else 0: cov(x_i, x_j) = diag(w).
 *   z_i = L x_i: within a county cov(z_i) = L I L^T = C; across counties
 *   cov(z_i, z_j) = L diag(w) L^T, i.e. sum_m L_km w_m L_lm (not
 *   sqrt(w_k w_l) C_kl, except for k = l = growth, whose row of L is
 *   (1, 0, 0, 0)). All variances are 1, so covariances are correlations.
 *   eps = rho F_g + sqrt(1-rho^2) nu: corr(eps, F_g) = rho, and
 *   cov(eps, z_i,k) = sum_m L_km cov(eps, x_i,m) = rho sqrt(w_g) L_k,g.
 * L is computed here from C with GSL's Cholesky, not taken from params. */
static void correlation_case(dr_family family)
{
    enum { N = 100000 };
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    p.family = family;
    p.df = 5;
    p.seed = 77;
    p.years = 1;
    if (!ok_or_say(dr_params_finish(&p, "test", &err), &err)) {
        CHECK(0);
        return;
    }
    gsl_matrix *L = gsl_matrix_alloc(DR_NVAR, DR_NVAR);
    for (int k = 0; k < DR_NVAR; k++)
        for (int l = 0; l < DR_NVAR; l++)
            gsl_matrix_set(L, k, l, p.corr[k][l]);
    gsl_linalg_cholesky_decomp1(L); /* lower triangle holds L */
    double cross[DR_NVAR][DR_NVAR];
    for (int k = 0; k < DR_NVAR; k++)
        for (int l = 0; l < DR_NVAR; l++) {
            double s = 0.0;
            for (int m = 0; m <= k && m <= l; m++)
                s += gsl_matrix_get(L, k, m) * p.common[m] *
                     gsl_matrix_get(L, l, m);
            cross[k][l] = s;
        }

    /* Draw as the engine does, for two counties. */
    const char *ids[2] = {"east", "west"};
    uint64_t key[2] = {dr_rng_key("county", ids[0]),
                       dr_rng_key("county", ids[1])};
    double *z[2][DR_NVAR], *Fg = malloc(N * sizeof *Fg),
                           *eps = malloc(N * sizeof *eps);
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < DR_NVAR; k++)
            z[i][k] = malloc(N * sizeof *z[i][k]);
    dr_mixer mx;
    dr_mixer_init(&mx, &p);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    for (long n = 0; n < N; n++) {
        double F[DR_NVAR], e, ur, zz[DR_NVAR], call;
        mirror_common(r, &p, n, 1, F, &e, &ur);
        Fg[n] = F[DR_VG];
        eps[n] = e;
        for (int i = 0; i < 2; i++) {
            dr_rng_stream(r, p.seed, (uint64_t)n, key[i]);
            mirror_county_year(r, &p, &mx, F, 0.05, zz, &call);
            for (int k = 0; k < DR_NVAR; k++)
                z[i][k][n] = zz[k];
        }
    }
    gsl_rng_free(r);

    static const char *var[DR_NVAR] = {"g", "or", "l", "tr"};
    char what[160];
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < DR_NVAR; k++)
            for (int l = k + 1; l < DR_NVAR; l++) {
                snprintf(what, sizeof what, "%s: corr(z_%s,%s, z_%s,%s) = C",
                         family ? "student_t" : "normal", ids[i], var[k],
                         ids[i], var[l]);
                check_corr(what, z[i][k], z[i][l], N, p.corr[k][l]);
            }
    for (int k = 0; k < DR_NVAR; k++)
        for (int l = 0; l < DR_NVAR; l++) {
            snprintf(what, sizeof what,
                     "%s: corr(z_east,%s, z_west,%s) = (L diag(w) L^T) = %.4f",
                     family ? "student_t" : "normal", var[k], var[l],
                     cross[k][l]);
            check_corr(what, z[0][k], z[1][l], N, cross[k][l]);
        }
    snprintf(what, sizeof what, "%s: corr(eps_r, F_g) = rho_rg",
             family ? "student_t" : "normal");
    check_corr(what, eps, Fg, N, p.growth_corr);
    for (int k = 0; k < DR_NVAR; k++) {
        double want =
            p.growth_corr * sqrt(p.common[DR_VG]) * gsl_matrix_get(L, k, DR_VG);
        snprintf(what, sizeof what,
                 "%s: corr(eps_r, z_east,%s) = rho sqrt(w_g) L_%s,g = %.4f",
                 family ? "student_t" : "normal", var[k], var[k], want);
        check_corr(what, eps, z[0][k], N, want);
    }
    /* Unit variances: var(z) within 4 standard errors sd(z^2)/sqrt(N). */
    int unit = 1;
    for (int k = 0; k < DR_NVAR; k++) {
        double s1 = 0, s2 = 0, s4 = 0;
        for (long n = 0; n < N; n++) {
            double v = z[0][k][n];
            s1 += v;
            s2 += v * v;
            s4 += v * v * v * v;
        }
        double v2 = s2 / N, sd2 = sqrt(s4 / N - v2 * v2);
        double var_k = v2 - (s1 / N) * (s1 / N);
        if (fabs(var_k - 1.0) > 4.0 * sd2 / sqrt((double)N)) {
            printf("# var(z_%s) = %.5f\n", var[k], var_k);
            unit = 0;
        }
    }
    CHECK(unit);

    for (int i = 0; i < 2; i++)
        for (int k = 0; k < DR_NVAR; k++)
            free(z[i][k]);
    free(Fg);
    free(eps);
    gsl_matrix_free(L);
    dr_params_free(&p);
}

/* The mirror above is the engine's draw order: three counties without
 * projects, default (all active) parameters, 4 years, stepped here with
 * dr_model_step from the mirrored shocks and accumulated as section 10
 * says; every statistic and grade equals the engine's, byte for byte. */
static void test_mirror_is_engine(void)
{
    inputs in;
    inputs_init(&in);
    int ok = inputs_read(&in, NULL, ENG("three.csv"), NULL, NULL);
    in.p.paths = 400;
    in.p.years = 4;
    in.p.seed = 99;
    in.p.family = DR_FAMILY_STUDENT_T;
    CHECK(ok && inputs_plan(&in));
    dr_results res;
    if (!in.planned || !run_mc(&in, 2, &res)) {
        CHECK(0);
        inputs_free(&in);
        return;
    }
    const dr_params *p = &in.p;
    size_t n = in.plan.n;
    long T = p->years;
    dr_acc *acc = malloc(n * (size_t)T * DR_NMEASURES * sizeof *acc);
    uint64_t *grade = calloc(n * (size_t)T * DR_NGRADES, sizeof *grade);
    for (size_t k = 0; k < n * (size_t)T * DR_NMEASURES; k++)
        dr_acc_init(&acc[k]);
    double lines[DR_NMEASURES];
    for (int m = 0; m < DR_NMEASURES; m++)
        lines[m] = dr_measure_line(p, m);
    dr_mixer mx;
    dr_mixer_init(&mx, p);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    double F[8 * DR_NVAR], eps[8], ur[8];
    for (long path = 0; path < p->paths; path++) {
        mirror_common(r, p, path, T, F, eps, ur);
        for (size_t i = 0; i < n; i++) {
            const dr_county_model *cm = &in.plan.cm[i];
            dr_rng_stream(r, p->seed, (uint64_t)path,
                          dr_rng_key("county", in.f.county[i].id));
            dr_state s[2];
            dr_year y;
            dr_model_init(cm, &s[0], &y);
            int breached[DR_NMEASURES] = {0};
            for (long t = 1; t <= T; t++) {
                dr_shock sh;
                mirror_county_year(r, p, &mx, &F[(t - 1) * DR_NVAR],
                                   cm->tp->contingent_prob, sh.z, &sh.call);
                sh.ur = ur[t - 1];
                dr_model_step(p, cm, t, &s[(t - 1) & 1], &sh, NULL, NULL,
                              &s[t & 1], &y);
                size_t row = i * (size_t)T + (size_t)(t - 1);
                for (int m = 0; m < DR_NMEASURES; m++) {
                    int above = y.m[m] > lines[m];
                    breached[m] |= above;
                    dr_acc_add(&acc[row * DR_NMEASURES + m], y.m[m], above,
                               breached[m]);
                }
                grade[row * DR_NGRADES +
                      dr_grade(p->grades, y.m[DR_M_BROAD])]++;
            }
        }
    }
    gsl_rng_free(r);
    int same = 1;
    for (size_t i = 0; i < n; i++)
        for (long t = 1; t <= T; t++) {
            size_t row = i * (size_t)T + (size_t)(t - 1);
            for (int m = 0; m < DR_NMEASURES; m++) {
                dr_stat st;
                dr_acc_result(&acc[row * DR_NMEASURES + m], &st);
                if (memcmp(&st, dr_results_stat(&res, i, t, m), sizeof st)) {
                    if (same)
                        printf("# mirror differs: county %zu year %ld "
                               "measure %d\n",
                               i, t, m);
                    same = 0;
                }
            }
            for (int k = 0; k < DR_NGRADES; k++)
                same = same && dr_results_grades(&res, i, t)[k] ==
                                   (double)grade[row * DR_NGRADES + k] /
                                       (double)p->paths;
        }
    CHECK(same);
    for (size_t k = 0; k < n * (size_t)T * DR_NMEASURES; k++)
        dr_acc_free(&acc[k]);
    free(acc);
    free(grade);
    dr_results_free(&res);
    inputs_free(&in);
}

static void test_correlation(void)
{
    printf("# (c) correlations of the simulated shocks\n");
    test_mirror_is_engine();
    correlation_case(DR_FAMILY_NORMAL);
    correlation_case(DR_FAMILY_STUDENT_T);
}

int main(void)
{
    test_correlation();
    return check_done();
}
