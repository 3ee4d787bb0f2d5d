#include "model/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"

static int selects(const dr_selector *sel, const dr_county *c)
{
    switch (sel->kind) {
    case DR_SEL_ALL: return 1;
    case DR_SEL_TYPE: return strcmp(sel->type, c->type) == 0;
    case DR_SEL_IDS:
        for (size_t k = 0; k < sel->nids; k++)
            if (strcmp(sel->ids[k], c->id) == 0)
                return 1;
        return 0;
    }
    return 0;
}

/* Every id and type a selector names must exist: a typo would otherwise
 * silently change nothing. */
static dr_status check_selector(const dr_selector *sel, const dr_fiscal *f,
                                const char *path, dr_error *err)
{
    char did[96] = "";
    if (sel->kind == DR_SEL_IDS) {
        for (size_t k = 0; k < sel->nids; k++) {
            if (dr_fiscal_find(f, sel->ids[k]) >= 0)
                continue;
            const char *g = dr_fiscal_suggest(f, sel->ids[k]);
            if (g)
                snprintf(did, sizeof did, "; did you mean '%s'?", g);
            return dr_error_set(err, DR_EINPUT, path, sel->line, sel->id_col[k],
                                "unknown county '%s' (not in %s)%s",
                                sel->ids[k], f->path, did);
        }
    } else if (sel->kind == DR_SEL_TYPE) {
        const char *g = NULL;
        int best = 99;
        for (size_t i = 0; i < f->n; i++) {
            if (strcmp(f->county[i].type, sel->type) == 0)
                return DR_OK;
            int d = dr_suggest_distance(sel->type, f->county[i].type);
            if (d >= 0 && d < best)
                best = d, g = f->county[i].type;
        }
        if (g)
            snprintf(did, sizeof did, "; did you mean 'type:%s'?", g);
        return dr_error_set(err, DR_EINPUT, path, sel->line, sel->col,
                            "no county has type '%s' in %s%s", sel->type,
                            f->path, did);
    }
    return DR_OK;
}

static dr_status check_years(long from, long to, const dr_params *p,
                             const char *path, long line, long col,
                             dr_error *err)
{
    long first = p->base_year + 1, last = p->base_year + p->years;
    if (to < first || from > last)
        return dr_error_set(err, DR_EINPUT, path, line, col,
                            "years %ld-%ld fall outside the projection "
                            "%ld-%ld",
                            from, to, first, last);
    return DR_OK;
}

/* Each county's parameters (MODEL.md section 3): its [county.ID] keys
 * over its type's over [defaults]. A [county.ID] of a county fiscal.csv
 * does not have is an error at the section, so a typo cannot silently do
 * nothing. */
static dr_status county_params(dr_plan *plan, const dr_params *params,
                               const dr_fiscal *fiscal, dr_error *err)
{
    for (size_t k = 0; k < params->ncounties; k++) {
        const dr_type_section *cs = &params->county[k];
        if (dr_fiscal_find(fiscal, cs->label) >= 0)
            continue;
        const char *g = dr_fiscal_suggest(fiscal, cs->label);
        char did[96] = "";
        if (g)
            snprintf(did, sizeof did, "; did you mean [county.%s]?", g);
        return dr_error_set(err, DR_EINPUT, cs->origin, cs->line, cs->col,
                            "[county.%s]: no county '%s' in %s%s", cs->label,
                            cs->label, fiscal->path, did);
    }
    if (params->ncounties &&
        !(plan->own = malloc(fiscal->n * sizeof *plan->own)))
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < fiscal->n; i++) {
        const dr_county *c = &fiscal->county[i];
        const dr_type_params *tp = dr_params_type(params, c->type);
        if (dr_params_county_section(params, c->id)) {
            dr_params_county(params, c->id, c->type, &plan->own[i]);
            tp = &plan->own[i];
        }
        dr_county_model_init(&plan->cm[i], c, tp);
    }
    return DR_OK;
}

/* Comprehensive resources of the base year, for per = cfr_base. */
static double cfr_base(const dr_county *c)
{
    return c->own_revenue + c->transfers + c->land_revenue +
           c->other_fund_revenue + c->soe_revenue - c->remittance;
}

/* Adds adjustment a to the T-year array of county c. */
static void apply_adjust(const dr_adjust *a, const dr_params *p,
                         const dr_county *c, dr_yearadj *years)
{
    double value = a->per_cfr_base ? a->value * cfr_base(c) : a->value;
    for (long t = 1; t <= p->years; t++) {
        long cal = p->base_year + t;
        if (cal < a->year_from || cal > a->year_to)
            continue;
        dr_yearadj *y = &years[t - 1];
        if (a->var < DR_NFLOWS) {
            /* Several adjustments of one flow compose as one mul then one
             * add: (X*m1*m2) + a1 + a2, in the order MODEL.md gives. */
            if (a->op == DR_OP_MUL) {
                y->mul[a->var] *= value;
            } else {
                y->add[a->var] += value;
            }
            continue;
        }
        switch (a->var) {
        case DR_ADJ_GDP_GROWTH: y->dg += value; break;
        case DR_ADJ_YIELD: y->dy += value; break;
        case DR_ADJ_HIDDEN_SPREAD: y->ds += value; break;
        case DR_ADJ_EXPLICIT_DEBT: y->dE += value; break;
        case DR_ADJ_HIDDEN_DEBT: y->dH += value; break;
        case DR_ADJ_CONTINGENT: y->dCL += value; break;
        default: break;
        }
    }
}

static void apply_swap(const dr_swap *sw, const dr_params *p, dr_yearadj *years)
{
    for (long t = 1; t <= p->years; t++) {
        long cal = p->base_year + t;
        if (cal >= sw->year_from && cal <= sw->year_to) {
            years[t - 1].swap_share = sw->share;
            years[t - 1].swap_spread = sw->spread;
        }
    }
}

/* Which adjustments (and, last, the swaps) apply to county c, as a byte
 * string; counties with equal strings share one array of changes. An
 * adjustment in proportion to the county's size makes it a group of its
 * own (2 marks it). */
static void match_key(const dr_scenario *s, const dr_county *c,
                      unsigned char *key)
{
    for (size_t a = 0; a < s->nadj; a++)
        key[a] = (unsigned char)(selects(&s->adj[a].counties, c)
                                     ? 1 + s->adj[a].per_cfr_base
                                     : 0);
    for (size_t w = 0; w < s->nswap; w++)
        key[s->nadj + w] = (unsigned char)selects(&s->swap[w].counties, c);
}

static int all_zero(const unsigned char *key, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (key[k])
            return 0;
    return 1;
}

static dr_status build_adjustments(dr_plan *plan, const dr_scenario *s,
                                   dr_error *err)
{
    const dr_params *p = plan->params;
    const dr_fiscal *f = plan->fiscal;
    size_t klen = s->nadj + s->nswap;
    dr_status st = DR_ENOMEM;
    unsigned char *keys = calloc(f->n, klen ? klen : 1); /* per county */
    size_t *group = malloc(f->n * sizeof *group); /* first county alike */
    size_t *slot = malloc(f->n * sizeof *slot);   /* store index */
    size_t *rep = malloc(f->n * sizeof *rep);     /* group leaders */
    if (!keys || !group || !slot || !rep)
        goto done;

    size_t nstore = 0;
    for (size_t i = 0; i < f->n; i++) {
        unsigned char *ki = keys + i * klen;
        match_key(s, &f->county[i], ki);
        group[i] = i;
        if (all_zero(ki, klen))
            continue;
        /* Representatives are the first county of each group, listed in
         * slot order by rep[]; there are few of them. */
        int own = memchr(ki, 2, klen) != NULL;
        for (size_t r = 0; !own && r < nstore; r++) {
            if (memcmp(keys + rep[r] * klen, ki, klen) == 0) {
                group[i] = rep[r];
                break;
            }
        }
        if (group[i] == i) {
            rep[nstore] = i;
            slot[i] = nstore++;
        }
    }
    plan->adj_store =
        nstore ? malloc(nstore * (size_t)p->years * sizeof *plan->adj_store)
               : NULL;
    if (nstore && !plan->adj_store)
        goto done;
    plan->nstore = nstore;
    for (size_t i = 0; i < f->n; i++) {
        const unsigned char *ki = keys + i * klen;
        if (all_zero(ki, klen))
            continue;
        size_t g = group[i];
        dr_yearadj *years = plan->adj_store + slot[g] * (size_t)p->years;
        if (g == i) {
            for (long t = 0; t < p->years; t++)
                dr_yearadj_identity(&years[t]);
            for (size_t a = 0; a < s->nadj; a++)
                if (ki[a])
                    apply_adjust(&s->adj[a], p, &f->county[i], years);
            for (size_t w = 0; w < s->nswap; w++)
                if (ki[s->nadj + w])
                    apply_swap(&s->swap[w], p, years);
        }
        plan->adj[i] = years;
    }
    st = DR_OK;
done:
    free(keys);
    free(group);
    free(slot);
    free(rep);
    if (st == DR_ENOMEM)
        dr_error_set(err, st, NULL, 0, 0, "out of memory");
    return st;
}

static int project_enabled(const dr_scenario *s, const dr_project *pr,
                           size_t index, size_t nbase)
{
    if (index >= nbase)
        return 1;
    switch (s->proj_mode) {
    case DR_PROJ_ALL: return 1;
    case DR_PROJ_NONE: return 0;
    case DR_PROJ_LIST:
        for (size_t k = 0; k < s->nproj_ids; k++)
            if (strcmp(s->proj_ids[k], pr->id) == 0)
                return 1;
        return 0;
    }
    return 0;
}

static dr_status unknown_project(const dr_scenario *s, size_t k,
                                 const dr_projects *projects, size_t nbase,
                                 dr_error *err)
{
    const char *g = NULL;
    int best = 99;
    for (size_t j = 0; j < nbase; j++) {
        int d = dr_suggest_distance(s->proj_ids[k], projects->p[j].id);
        if (d >= 0 && d < best)
            best = d, g = projects->p[j].id;
    }
    return dr_error_set(err, DR_EINPUT, s->path, s->proj_line,
                        s->proj_id_col[k],
                        "unknown project '%s' in enable%s%s%s", s->proj_ids[k],
                        g ? "; did you mean '" : "", g ? g : "", g ? "'?" : "");
}

static dr_status build_projects(dr_plan *plan, const dr_projects *projects,
                                size_t nbase, const dr_scenario *s,
                                dr_error *err)
{
    size_t n = plan->n;
    if (s->proj_mode == DR_PROJ_LIST) {
        for (size_t k = 0; k < s->nproj_ids; k++) {
            size_t j = 0;
            while (j < nbase && strcmp(projects->p[j].id, s->proj_ids[k]))
                j++;
            if (j == nbase)
                return unknown_project(s, k, projects, nbase, err);
        }
    }
    plan->proj_start = calloc(n + 1, sizeof *plan->proj_start);
    plan->proj = malloc((projects->n + 1) * sizeof *plan->proj);
    plan->proj_index = malloc((projects->n + 1) * sizeof *plan->proj_index);
    if (!plan->proj_start || !plan->proj || !plan->proj_index)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    /* A counting sort by county keeps each county's projects in file
     * order. */
    for (size_t j = 0; j < projects->n; j++)
        if (project_enabled(s, &projects->p[j], j, nbase))
            plan->proj_start[projects->p[j].county + 1]++;
    for (size_t i = 0; i < n; i++)
        plan->proj_start[i + 1] += plan->proj_start[i];
    plan->nproj = plan->proj_start[n];
    size_t *fill = calloc(n, sizeof *fill);
    if (!fill)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t j = 0; j < projects->n; j++) {
        const dr_project *pr = &projects->p[j];
        if (!project_enabled(s, pr, j, nbase))
            continue;
        size_t at = plan->proj_start[pr->county] + fill[pr->county]++;
        plan->proj[at] = pr;
        plan->proj_index[at] = j;
    }
    free(fill);
    return DR_OK;
}

/* Swap k against the swaps before it: a county-year takes one swap. */
static dr_status check_swap_overlap(const dr_scenario *s, size_t k,
                                    const dr_fiscal *fiscal, dr_error *err)
{
    const dr_swap *w = &s->swap[k];
    for (size_t j = 0; j < k; j++) {
        const dr_swap *v = &s->swap[j];
        long from = w->year_from > v->year_from ? w->year_from : v->year_from;
        if (from > (w->year_to < v->year_to ? w->year_to : v->year_to))
            continue;
        for (size_t i = 0; i < fiscal->n; i++) {
            const dr_county *c = &fiscal->county[i];
            if (selects(&w->counties, c) && selects(&v->counties, c))
                return dr_error_set(err, DR_EINPUT, s->path, w->line, 1,
                                    "this swap takes county '%s' in %ld, "
                                    "as the swap of line %ld does; a "
                                    "county-year takes one swap",
                                    c->id, from, v->line);
        }
    }
    return DR_OK;
}

dr_status dr_plan_build(dr_plan *plan, const dr_params *params,
                        const dr_fiscal *fiscal, const dr_projects *projects,
                        size_t nbase, const dr_scenario *s, dr_error *err)
{
    *plan = (dr_plan){.params = params,
                      .fiscal = fiscal,
                      .scenario = s,
                      .n = fiscal->n,
                      .years = params->years};
    dr_status st;
    for (size_t a = 0; a < s->nadj; a++) {
        const dr_adjust *adj = &s->adj[a];
        if ((st = check_selector(&adj->counties, fiscal, s->path, err)) ||
            (st = check_years(adj->year_from, adj->year_to, params, s->path,
                              adj->years_line, adj->years_col, err)))
            goto error;
    }
    for (size_t k = 0; k < s->nswap; k++) {
        const dr_swap *w = &s->swap[k];
        if ((st = check_selector(&w->counties, fiscal, s->path, err)) ||
            (st = check_years(w->year_from, w->year_to, params, s->path,
                              w->years_line, w->years_col, err)) ||
            (st = check_swap_overlap(s, k, fiscal, err)))
            goto error;
    }

    st = DR_ENOMEM;
    plan->cm = malloc(fiscal->n * sizeof *plan->cm);
    plan->adj = calloc(fiscal->n, sizeof *plan->adj);
    if (!plan->cm || !plan->adj) {
        dr_error_set(err, st, NULL, 0, 0, "out of memory");
        goto error;
    }
    if ((st = county_params(plan, params, fiscal, err)))
        goto error;
    if ((st = build_adjustments(plan, s, err)) ||
        (st = build_projects(plan, projects, nbase, s, err)))
        goto error;
    return DR_OK;
error:
    dr_plan_free(plan);
    return st;
}

void dr_plan_free(dr_plan *plan)
{
    free(plan->cm);
    free(plan->own);
    free(plan->adj);
    free(plan->adj_store);
    free(plan->proj);
    free(plan->proj_index);
    free(plan->proj_start);
    *plan = (dr_plan){0};
}
