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

/* ---- Several paths at once ------------------------------------------
 *
 * The same year step on DR_LANES paths of one county side by side, each
 * field an array over the paths, so that one loop over the lanes compiles
 * into vector instructions. Every lane gives the bytes dr_model_step gives
 * on that lane's inputs (tests/unit/test_model_lanes.c, and the engine's
 * vector path against its scalar one). Every lane is computed: the caller
 * fills unused lanes with copies of a used one. */
#define DR_LANES 8

/* dr_state, lane by lane. */
typedef struct dr_state_lanes {
    double gdp[DR_LANES];
    double own_revenue[DR_LANES], transfers[DR_LANES];
    double other_fund[DR_LANES], soe[DR_LANES];
    double spending[DR_LANES];
    double ug[DR_LANES], ul[DR_LANES];
    double explicit_debt[DR_LANES], hidden_debt[DR_LANES];
    double contingent[DR_LANES];
    double rate_explicit[DR_LANES], rate_hidden[DR_LANES];
    double broad[DR_LANES];
} dr_state_lanes;

/* dr_shock, lane by lane. */
typedef struct dr_shock_lanes {
    double z[DR_NVAR][DR_LANES];
    double ur[DR_LANES];
    double call[DR_LANES];
} dr_shock_lanes;

/* dr_projflow, lane by lane. */
typedef struct dr_projflow_lanes {
    double pe[DR_LANES], ph[DR_LANES], pb[DR_LANES], pr[DR_LANES];
} dr_projflow_lanes;

/* dr_projdraw, lane by lane. */
typedef struct dr_projdraw_lanes {
    double fail[DR_LANES], cost[DR_LANES], yield[DR_LANES];
} dr_projdraw_lanes;

/* dr_model_project_flows on every lane: adds project p's flows in
 * calendar year `year` on each lane's draws to pf. */
void dr_model_project_flows_lanes(const dr_project *p,
                                  const dr_projdraw_lanes *d, long year,
                                  dr_projflow_lanes *pf);

/* What the Monte Carlo keeps of a year (the fields of dr_year of the same
 * names), lane by lane. */
typedef struct dr_year_lanes {
    double gdp[DR_LANES], own_revenue[DR_LANES], transfers[DR_LANES],
        land_revenue[DR_LANES], cfr[DR_LANES];
    double explicit_debt[DR_LANES], hidden_debt[DR_LANES];
    double m[DR_NMEASURES][DR_LANES];
} dr_year_lanes;

/* Every lane of s set to the one state s1. */
void dr_state_lanes_fill(dr_state_lanes *s, const dr_state *s1);

/* Lane l of s as a dr_state. */
void dr_state_lanes_get(const dr_state_lanes *s, int l, dr_state *s1);

/* dr_model_step on every lane: adj (NULL: none) is the county's and the
 * same on every lane, pf NULL for no projects. prev and next may not
 * alias. */
typedef void (*dr_model_lanes_fn)(const dr_params *p, const dr_county_model *cm,
                                  long t, const dr_state_lanes *prev,
                                  const dr_shock_lanes *sh,
                                  const dr_yearadj *adj,
                                  const dr_projflow_lanes *pf,
                                  dr_state_lanes *next, dr_year_lanes *y);

/* The implementations of the lanes' step: the build's baseline vectors
 * (SSE2 on x86-64), and the same code compiled for AVX2 and for AVX-512
 * (F and DQ). */
typedef enum dr_model_isa {
    DR_MODEL_BASE = 0,
    DR_MODEL_AVX2,
    DR_MODEL_AVX512,
    DR_MODEL_NISA
} dr_model_isa;

/* The step of implementation isa, or NULL when this build or processor
 * cannot run it. */
dr_model_lanes_fn dr_model_step_lanes(dr_model_isa isa);

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

/* dr_model_exp (mexp.h) on DR_LANES values at once: the same bits. */
void dr_model_exp_lanes(const double *x, double *e);

/* dr_model_mix on every lane: F[k][l], eta[k][l] and z[k][l] for shock
 * k of lane l. */
void dr_model_mix_lanes(const dr_mixer *mx, const double F[DR_NVAR][DR_LANES],
                        const double eta[DR_NVAR][DR_LANES],
                        double z[DR_NVAR][DR_LANES]);

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

/* Grade of a broad ratio against the three ascending grade lines: the
 * lines it is not below (NaN is below none). */
static inline int dr_grade(const double grades[3], double broad)
{
    return !(broad < grades[0]) + !(broad < grades[1]) + !(broad < grades[2]);
}

/* num / den, or +inf when den <= 0 (MODEL.md section 1). */
static inline double dr_ratio(double num, double den)
{
    return den > 0.0 ? num / den : INFINITY;
}

#endif
