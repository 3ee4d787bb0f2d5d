/* The economics of MODEL.md as pure functions: state, parameters and shocks
 * in, next state out. No I/O, no globals, no random numbers: the engine
 * draws the shocks and owns the loops; this module owns the equations, so a
 * test can feed it hand-picked shocks and check every number by hand. */
#ifndef DR_MODEL_H
#define DR_MODEL_H

#include <math.h>

#include "inputs/fiscal.h"
#include "inputs/params.h"
#include "inputs/projects.h"

/* The four measures (MODEL.md section 1), in output order. */
enum {
    DR_M_BROAD = 0,
    DR_M_OFFICIAL = 1,
    DR_M_DEBT_GDP = 2,
    DR_M_INTEREST = 3,
    DR_NMEASURES = 4
};

/* Grades of the broad ratio. */
enum { DR_GREEN = 0, DR_YELLOW, DR_ORANGE, DR_RED, DR_NGRADES };

/* What one county carries from one year to the next. Starred levels are
 * the underlying levels before scenario flow adjustments. */
typedef struct dr_state {
    double gdp;                        /* GDP_t */
    double own_revenue, transfers;     /* OR*_t, TR*_t */
    double other_fund, soe;            /* OF*_t, SOE*_t */
    double spending;                   /* PS*_t */
    double ug, ul;                     /* AR states u^g_t, u^l_t */
    double explicit_debt, hidden_debt; /* E_t, H_t */
    double contingent;                 /* CL_t */
    double rate_explicit, rate_hidden; /* re+_t, rh+_t */
    double broad;                      /* d_t, feeds premium and c_t */
} dr_state;

/* A county's shocks for one year. */
typedef struct dr_shock {
    double z[DR_NVAR]; /* correlated shocks z_{i,t}: g, or, l, tr */
    double ur;         /* national rate state u^r_t (already updated) */
    double call;       /* contingent call: 1 or 0 when drawn, pi_c in the
                          deterministic mode (the expected call) */
} dr_shock;

/* Scenario changes to one county in one year (MODEL.md section 8). The
 * identity is mul = 1 and everything else 0: see dr_yearadj_identity. */
typedef struct dr_yearadj {
    double mul[7], add[7]; /* flows, in dr_adj_var order */
    double dg, dy, ds;     /* gdp_growth, yield, hidden_spread */
    double dE, dH, dCL;    /* stock adjustments */
    double swap_share;     /* share of H_0 swapped this year (0: none) */
    double swap_spread;    /* over y_t */
} dr_yearadj;

/* Project flows of one county in one year (MODEL.md section 6). */
typedef struct dr_projflow {
    double pe, ph, pb; /* spending into explicit debt, hidden debt, budget */
    double pr;         /* project revenue */
} dr_projflow;

/* Per-path draws of one project. */
typedef struct dr_projdraw {
    double fail;  /* f_p: 1 failed, 0 not; pi_p in deterministic mode */
    double cost;  /* O_p */
    double yield; /* Y_p */
} dr_projdraw;

/* Everything the year produces, for output and for tests. */
typedef struct dr_year {
    double gdp, g;
    double own_revenue, transfers, land_revenue, other_fund_revenue,
        soe_revenue, remittance; /* flows used in the year, X_t */
    double cfr;
    double primary_spending; /* PS_t */
    double consolidation;    /* c_t */
    double y, h;             /* market yields on new explicit and hidden */
    double re, rh;           /* effective rates of the year re_t, rh_t */
    double interest;         /* I_t */
    dr_projflow proj;
    double call;              /* CH_t */
    double gap, ge, gh, swap; /* G_t, GE_t, GH_t, X_t */
    double explicit_debt, hidden_debt, contingent;
    double rate_explicit, rate_hidden; /* re+_t, rh+_t */
    double m[DR_NMEASURES];
} dr_year;

/* One county's fixed inputs to the step. */
typedef struct dr_county_model {
    const dr_county *c;
    const dr_type_params *tp;
    double rate_explicit0, rate_hidden0; /* re+_0, rh+_0 resolved */
} dr_county_model;

/* Resolves the base rates of c (its own, else the type's). */
void dr_county_model_init(dr_county_model *cm, const dr_county *c,
                          const dr_type_params *tp);

/* The state at t = 0 and the base-year row (year->m holds the base-year
 * measures; the interest burden uses the base rates). */
void dr_model_init(const dr_county_model *cm, dr_state *s, dr_year *year);

/* One year t >= 1 of MODEL.md section 7: from prev to next. adj may be NULL
 * (no scenario change) and pf NULL (no projects). prev and next may not
 * alias. */
void dr_model_step(const dr_params *p, const dr_county_model *cm, long t,
                   const dr_state *prev, const dr_shock *sh,
                   const dr_yearadj *adj, const dr_projflow *pf, dr_state *next,
                   dr_year *year);

/* The identity adjustment. */
void dr_yearadj_identity(dr_yearadj *a);

/* The mixing of section 2 with its square roots taken once. */
typedef struct dr_mixer {
    double a[DR_NVAR], b[DR_NVAR]; /* sqrt(w), sqrt(1 - w) */
    double L[DR_NVAR][DR_NVAR];    /* lower Cholesky factor of C */
} dr_mixer;

void dr_mixer_init(dr_mixer *mx, const dr_params *p);

/* Correlated county shocks from common factors F and idiosyncratic draws
 * eta: x = sqrt(w) F + sqrt(1-w) eta, z = L x (MODEL.md section 2). */
void dr_model_mix(const dr_mixer *mx, const double F[DR_NVAR],
                  const double eta[DR_NVAR], double z[DR_NVAR]);

/* The national rate shock eps^r_t from the growth factor and nu_t. */
double dr_model_rate_shock(const dr_params *p, double F_growth, double nu);

/* Next national rate state u^r_t from u^r_{t-1} and eps^r_t. */
double dr_model_rate_state(const dr_params *p, double ur_prev, double eps);

/* Log-normal parameters (mu, sigma of the log) for a given mean and sd. */
void dr_lognormal_params(double mean, double sd, double *mu, double *sigma);

/* Adds project p's flows in calendar year `year` to *pf, given its draws. */
void dr_model_project_flows(const dr_project *p, const dr_projdraw *d,
                            long year, dr_projflow *pf);

/* Deterministic draws of a project (MODEL.md section 9). */
void dr_projdraw_mean(const dr_project *p, dr_projdraw *d);

/* The line each measure is compared with (MODEL.md section 1). */
double dr_measure_line(const dr_params *p, int measure);

/* Grade of a broad ratio against the three ascending grade lines. */
static inline int dr_grade(const double grades[3], double broad)
{
    int g = DR_GREEN;
    while (g < DR_RED && !(broad < grades[g]))
        g++;
    return g;
}

/* num / den, or +inf when den <= 0 (MODEL.md section 1). */
static inline double dr_ratio(double num, double den)
{
    return den > 0.0 ? num / den : INFINITY;
}

#endif
