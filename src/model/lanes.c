/* The year step on DR_LANES paths at once (model.h, "Several paths at
 * once") in the compiler's vector types, from one source (lanes_step.h)
 * compiled for the build's baseline (SSE2 on x86-64: two doubles a
 * register), for AVX2 (four) and for AVX-512 (eight).
 * tests/unit/test_model_lanes.c holds both to the bits of dr_model_step, lane
 * by lane and branch by branch. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "model/mexp.h"
#include "model/model.h"

#if !defined(__GNUC__)
#error "the lanes' step needs the GCC or clang vector extensions"
#endif

/* Vectors go by value only between always-inlined functions, never across
 * a call, so the ABI note on passing them does not apply. */
#pragma GCC diagnostic ignored "-Wpsabi"

static const dr_projflow_lanes no_projects;
static const dr_yearadj no_adjustment = {.mul = {1, 1, 1, 1, 1, 1, 1}};

#define LS_WIDTH 2
#define LS_NAME step_base
#define LS_ATTR
#include "model/lanes_step.h"
#undef LS_WIDTH
#undef LS_NAME
#undef LS_ATTR

#ifdef __x86_64__
#define LS_WIDTH 4
#define LS_NAME step_avx2
#define LS_ATTR __attribute__((target("avx2")))
#include "model/lanes_step.h"
#undef LS_WIDTH
#undef LS_NAME
#undef LS_ATTR

#define LS_WIDTH 8
#define LS_NAME step_avx512
#define LS_ATTR __attribute__((target("avx512f,avx512dq")))
#include "model/lanes_step.h"
#undef LS_WIDTH
#undef LS_NAME
#undef LS_ATTR
#endif

dr_model_lanes_fn dr_model_step_lanes(dr_model_isa isa)
{
    switch (isa) {
    case DR_MODEL_BASE: return step_base;
#ifdef __x86_64__
    case DR_MODEL_AVX2:
        return __builtin_cpu_supports("avx2") ? step_avx2 : NULL;
    case DR_MODEL_AVX512:
        return __builtin_cpu_supports("avx512f") &&
                       __builtin_cpu_supports("avx512dq")
                   ? step_avx512
                   : NULL;
#endif
    default: return NULL;
    }
}

void dr_model_exp_lanes(const double *x, double *e)
{
    exp_all_step_base(x, e);
}

void dr_model_mix_lanes(const dr_mixer *mx, const double F[DR_NVAR][DR_LANES],
                        const double eta[DR_NVAR][DR_LANES],
                        double z[DR_NVAR][DR_LANES])
{
    /* the widest vectors this processor has: every width gives the same
     * bits */
#ifdef __x86_64__
    if (__builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512dq")) {
        mix_all_step_avx512(mx, F, eta, z);
        return;
    }
    if (__builtin_cpu_supports("avx2")) {
        mix_all_step_avx2(mx, F, eta, z);
        return;
    }
#endif
    mix_all_step_base(mx, F, eta, z);
}

void dr_model_project_flows_lanes(const dr_project *p,
                                  const dr_projdraw_lanes *d, long year,
                                  dr_projflow_lanes *pf)
{
    /* dr_model_project_flows (model.c): the year's phase is the same on
     * every lane, the draws differ */
    long build_end = (long)p->start_year + p->build_years; /* first revenue */
    if (year >= p->start_year && year < build_end) {
        double *to = p->channel == DR_CH_SPECIAL_BOND ? pf->pe
                     : p->channel == DR_CH_BUDGET     ? pf->pb
                                                      : pf->ph;
        for (int l = 0; l < DR_LANES; l++)
            to[l] += p->capex * d->cost[l] / p->build_years;
    } else if (year >= build_end && year < build_end + p->revenue_years) {
        for (int l = 0; l < DR_LANES; l++)
            pf->pr[l] +=
                (1.0 - d->fail[l]) * p->revenue_yield * p->capex * d->yield[l];
    }
}

void dr_state_lanes_fill(dr_state_lanes *s, const dr_state *s1)
{
    for (int l = 0; l < DR_LANES; l++) {
        s->gdp[l] = s1->gdp;
        s->own_revenue[l] = s1->own_revenue;
        s->transfers[l] = s1->transfers;
        s->other_fund[l] = s1->other_fund;
        s->soe[l] = s1->soe;
        s->spending[l] = s1->spending;
        s->ug[l] = s1->ug;
        s->ul[l] = s1->ul;
        s->explicit_debt[l] = s1->explicit_debt;
        s->hidden_debt[l] = s1->hidden_debt;
        s->contingent[l] = s1->contingent;
        s->rate_explicit[l] = s1->rate_explicit;
        s->rate_hidden[l] = s1->rate_hidden;
        s->broad[l] = s1->broad;
    }
}

void dr_state_lanes_get(const dr_state_lanes *s, int l, dr_state *s1)
{
    *s1 = (dr_state){
        .gdp = s->gdp[l],
        .own_revenue = s->own_revenue[l],
        .transfers = s->transfers[l],
        .other_fund = s->other_fund[l],
        .soe = s->soe[l],
        .spending = s->spending[l],
        .ug = s->ug[l],
        .ul = s->ul[l],
        .explicit_debt = s->explicit_debt[l],
        .hidden_debt = s->hidden_debt[l],
        .contingent = s->contingent[l],
        .rate_explicit = s->rate_explicit[l],
        .rate_hidden = s->rate_hidden[l],
        .broad = s->broad[l],
    };
}
