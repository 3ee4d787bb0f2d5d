#include "inputs/lever.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"

/* The years a swap lever takes by default: the first few projected. */
#define SWAP_YEARS 3
/* The default range of spending and revenue: up to 30% of the flow. */
#define SHARE_MAX 0.3

#define USAGE(...) dr_error_set(err, DR_EUSAGE, NULL, 0, 0, __VA_ARGS__)

/* adjust:VARIABLE:OP */
static dr_status parse_adjust(const char *spec, dr_lever *lv, dr_error *err)
{
    char var[64];
    const char *colon = strchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof var)
        return USAGE("--lever '%s': expected adjust:VARIABLE:OP, e.g. "
                     "adjust:land_revenue:mul",
                     lv->text);
    snprintf(var, sizeof var, "%.*s", (int)(colon - spec), spec);
    int v = 0;
    while (v < DR_ADJ_NVARS && strcmp(var, dr_adj_var_name((dr_adj_var)v)))
        v++;
    if (v == DR_ADJ_NVARS)
        return USAGE("--lever: unknown variable '%s' (the variables of a "
                     "scenario adjustment: own_revenue, transfers, "
                     "land_revenue, other_fund_revenue, soe_revenue, "
                     "remittance, primary_spending, gdp_growth, yield, "
                     "hidden_spread, explicit_debt, hidden_debt, "
                     "contingent)",
                     var);
    lv->var = (dr_adj_var)v;
    const char *op = colon + 1;
    if (strcmp(op, "mul") == 0)
        lv->op = DR_OP_MUL;
    else if (strcmp(op, "add") == 0)
        lv->op = DR_OP_ADD;
    else
        return USAGE("--lever: unknown op '%s' in '%s'; expected mul "
                     "or add",
                     op, lv->text);
    if (lv->op == DR_OP_MUL && v >= DR_NFLOWS)
        return USAGE("--lever '%s': %s takes add only (mul is for the "
                     "flows)",
                     lv->text, var);
    return DR_OK;
}

/* set:SECTION.KEY */
static dr_status parse_set(const char *spec, dr_lever *lv, dr_error *err)
{
    size_t n = dr_params_section_len(spec);
    if (!n || n >= sizeof lv->section || strlen(spec + n + 1) >= sizeof lv->key)
        return USAGE("--lever '%s': expected set:SECTION.KEY, e.g. "
                     "set:rates.hidden_spread",
                     lv->text);
    snprintf(lv->section, sizeof lv->section, "%.*s", (int)n, spec);
    snprintf(lv->key, sizeof lv->key, "%s", spec + n + 1);
    if (strcmp(lv->section, "run") == 0)
        return USAGE("--lever '%s': [run] keys (seed, paths, years, "
                     "base_year) define the paths every step shares; they "
                     "cannot be a lever",
                     lv->text);
    dr_status st =
        dr_params_check_key(lv->section, lv->key, "--lever", 0, 0, 0, err);
    if (st != DR_OK) {
        err->status = DR_EUSAGE;
        return st == DR_EINPUT ? DR_EUSAGE : st;
    }
    lv->county_key = strcmp(lv->section, "defaults") == 0 &&
                     dr_params_type_key(lv->key) >= 0;
    return DR_OK;
}

static dr_status parse_range(const char *s, dr_lever *lv, dr_error *err)
{
    char a[64], b[64];
    const char *colon = s ? strchr(s, ':') : NULL;
    const char *why;
    if (!colon || (size_t)(colon - s) >= sizeof a ||
        strlen(colon + 1) >= sizeof b)
        return USAGE("--range: expected LO:HI, e.g. 0:0.3, found '%s'", s);
    snprintf(a, sizeof a, "%.*s", (int)(colon - s), s);
    snprintf(b, sizeof b, "%s", colon + 1);
    if (!dr_parse_double(a, &lv->lo, &why) ||
        !dr_parse_double(b, &lv->hi, &why))
        return USAGE("--range: expected LO:HI, two numbers, found "
                     "'%s'",
                     s);
    if (lv->lo == lv->hi)
        return USAGE("--range %s: the two ends are the same", s);
    return DR_OK;
}

static dr_status parse_years(const char *s, dr_lever *lv, dr_error *err)
{
    char a[16], b[16];
    const char *dash = *s ? strchr(s + 1, '-') : NULL;
    const char *why;
    size_t la = dash ? (size_t)(dash - s) : strlen(s);
    if (la >= sizeof a || (dash && strlen(dash + 1) >= sizeof b))
        return USAGE("--years: expected Y0-Y1 or a year, found '%s'", s);
    snprintf(a, sizeof a, "%.*s", (int)la, s);
    snprintf(b, sizeof b, "%s", dash ? dash + 1 : a);
    if (!dr_parse_long(a, 1900, 2200, &lv->year_from, &why) ||
        !dr_parse_long(b, 1900, 2200, &lv->year_to, &why))
        return USAGE("--years: expected Y0-Y1 or a year, found '%s'", s);
    if (lv->year_from > lv->year_to)
        return USAGE("--years %s: the range runs backwards", s);
    return DR_OK;
}

dr_status dr_lever_parse(const dr_lever_args *a, dr_lever *lv, dr_error *err)
{
    *lv = (dr_lever){0};
    if (!a->lever)
        return USAGE("solve needs --lever: spending, revenue, swap, "
                     "adjust:VARIABLE:OP or set:SECTION.KEY");
    if (strlen(a->lever) >= sizeof lv->text)
        return USAGE("--lever: '%.40s...' is too long", a->lever);
    snprintf(lv->text, sizeof lv->text, "%s", a->lever);
    dr_status st = DR_OK;
    if (strcmp(a->lever, "spending") == 0)
        lv->kind = DR_LEVER_SPENDING;
    else if (strcmp(a->lever, "revenue") == 0)
        lv->kind = DR_LEVER_REVENUE;
    else if (strcmp(a->lever, "swap") == 0)
        lv->kind = DR_LEVER_SWAP;
    else if (strncmp(a->lever, "adjust:", 7) == 0) {
        lv->kind = DR_LEVER_ADJUST;
        st = parse_adjust(a->lever + 7, lv, err);
    } else if (strncmp(a->lever, "set:", 4) == 0) {
        lv->kind = DR_LEVER_SET;
        st = parse_set(a->lever + 4, lv, err);
    } else
        return USAGE("--lever: unknown lever '%s'; expected spending, "
                     "revenue, swap, adjust:VARIABLE:OP or "
                     "set:SECTION.KEY",
                     a->lever);
    if (st != DR_OK)
        return st;
    int free_range = lv->kind == DR_LEVER_ADJUST || lv->kind == DR_LEVER_SET;
    if (free_range && !a->range)
        return USAGE("--lever %s needs --range LO:HI (from no effort "
                     "to the most allowed)",
                     lv->text);
    if (a->range && (st = parse_range(a->range, lv, err)))
        return st;
    if (a->years && lv->kind == DR_LEVER_SET)
        return USAGE("--years does not apply to --lever %s: a model key "
                     "holds for every year",
                     lv->text);
    if (a->years && (st = parse_years(a->years, lv, err)))
        return st;
    if (a->tol) {
        const char *why;
        if (!dr_parse_double(a->tol, &lv->tol, &why) || !(lv->tol > 0.0))
            return USAGE("--tol: expected a positive number, found "
                         "'%s'",
                         a->tol);
    }
    return DR_OK;
}

dr_status dr_lever_resolve(dr_lever *lv, const dr_lever_args *a,
                           const dr_params *p, int city_scope, dr_error *err)
{
    long first = p->base_year + 1, last = p->base_year + p->years;
    if (!a->years) {
        lv->year_from = first;
        lv->year_to = lv->kind == DR_LEVER_SWAP && p->years > SWAP_YEARS
                          ? first + SWAP_YEARS - 1
                          : last;
    } else if (lv->kind != DR_LEVER_SET &&
               (lv->year_from < first || lv->year_to > last)) {
        char proj[32];
        snprintf(proj, sizeof proj, "%ld-%ld", first, last);
        return USAGE("--years %s: outside the projection %s", a->years, proj);
    }
    if (!a->range) {
        lv->lo = 0.0;
        lv->hi = lv->kind == DR_LEVER_SWAP
                     ? 1.0 / (double)(lv->year_to - lv->year_from + 1)
                     : SHARE_MAX;
    }
    double width = fabs(lv->hi - lv->lo);
    if (!a->tol)
        lv->tol = width / 1000.0;
    else if (!(lv->tol < width)) {
        char w[32];
        dr_format_double(w, width);
        return USAGE("--tol %s: not below the width of the range, %s", a->tol,
                     w);
    }
    if (lv->kind == DR_LEVER_SET && !city_scope && !lv->county_key)
        return USAGE("--lever %s: one value for the whole city, which a "
                     "county-by-county solve cannot set for one county; use "
                     "--scope city, or a county's own key "
                     "(set:defaults.KEY, e.g. set:defaults.spending.mu)",
                     lv->text);
    return DR_OK;
}

static char *label_for(const dr_county *c)
{
    char buf[80];
    snprintf(buf, sizeof buf, "solved%s%s", c ? "-" : "", c ? c->id : "");
    return strdup(buf);
}

/* counties = id, or * */
static int selector_for(dr_selector *sel, const dr_county *c)
{
    *sel = (dr_selector){.kind = c ? DR_SEL_IDS : DR_SEL_ALL};
    if (!c)
        return 1;
    sel->ids = malloc(sizeof *sel->ids);
    sel->id_col = calloc(1, sizeof *sel->id_col);
    if (sel->ids)
        sel->ids[0] = strdup(c->id);
    if (!sel->ids || !sel->id_col || !sel->ids[0]) {
        if (sel->ids)
            free(sel->ids[0]);
        free(sel->ids);
        free(sel->id_col);
        *sel = (dr_selector){0};
        return 0;
    }
    sel->nids = 1;
    return 1;
}

static dr_status add_adjust(const dr_lever *lv, const dr_county *c,
                            dr_adj_var var, dr_op op, double value,
                            dr_scenario *s, dr_error *err)
{
    if ((op == DR_OP_MUL && value == 1.0) || (op == DR_OP_ADD && value == 0))
        return DR_OK;
    dr_adjust *g = realloc(s->adj, (s->nadj + 1) * sizeof *g);
    if (!g)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    s->adj = g;
    dr_adjust a = {.var = var,
                   .year_from = lv->year_from,
                   .year_to = lv->year_to,
                   .op = op,
                   .value = value,
                   .label = label_for(c)};
    if (!a.label || !selector_for(&a.counties, c)) {
        free(a.label);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    s->adj[s->nadj++] = a;
    return DR_OK;
}

static dr_status add_swap(const dr_lever *lv, const dr_county *c, double x,
                          dr_scenario *s, dr_error *err)
{
    if (x == 0.0)
        return DR_OK;
    dr_swap *g = realloc(s->swap, (s->nswap + 1) * sizeof *g);
    if (!g)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    s->swap = g;
    dr_swap w = {.year_from = lv->year_from,
                 .year_to = lv->year_to,
                 .share = x,
                 .label = label_for(c)};
    if (!w.label || !selector_for(&w.counties, c)) {
        free(w.label);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    s->swap[s->nswap++] = w;
    return DR_OK;
}

static dr_status add_setting(const char *section, const char *key, double x,
                             dr_scenario *s, dr_error *err)
{
    char value[32];
    dr_format_double(value, x);
    dr_setting *g = realloc(s->set, (s->nset + 1) * sizeof *g);
    if (!g)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    s->set = g;
    dr_setting t = {
        .section = strdup(section), .key = strdup(key), .value = strdup(value)};
    if (!t.section || !t.key || !t.value) {
        free(t.section);
        free(t.key);
        free(t.value);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    s->set[s->nset++] = t;
    return DR_OK;
}

/* set: for one county its [county.ID] key; for the city the key, and a
 * [defaults] key in every section of p that sets it. */
static dr_status add_set(const dr_lever *lv, const dr_params *p,
                         const dr_county *c, double x, dr_scenario *s,
                         dr_error *err)
{
    char section[96];
    if (c) {
        snprintf(section, sizeof section, "county.%s", c->id);
        return add_setting(section, lv->key, x, s, err);
    }
    dr_status st = add_setting(lv->section, lv->key, x, s, err);
    int index = lv->county_key ? dr_params_type_key(lv->key) : -1;
    for (size_t k = 0; st == DR_OK && index >= 0 && k < p->ntypes; k++)
        if (p->type[k].set >> index & 1u) {
            snprintf(section, sizeof section, "type.%s", p->type[k].label);
            st = add_setting(section, lv->key, x, s, err);
        }
    for (size_t k = 0; st == DR_OK && index >= 0 && k < p->ncounties; k++)
        if (p->county[k].set >> index & 1u) {
            snprintf(section, sizeof section, "county.%s", p->county[k].label);
            st = add_setting(section, lv->key, x, s, err);
        }
    return st;
}

dr_status dr_lever_add(const dr_lever *lv, const dr_params *p,
                       const dr_county *c, double x, dr_scenario *s,
                       dr_error *err)
{
    switch (lv->kind) {
    case DR_LEVER_SPENDING:
        return add_adjust(lv, c, DR_ADJ_PRIMARY_SPENDING, DR_OP_MUL, 1.0 - x, s,
                          err);
    case DR_LEVER_REVENUE:
        return add_adjust(lv, c, DR_ADJ_OWN_REVENUE, DR_OP_MUL, 1.0 + x, s,
                          err);
    case DR_LEVER_ADJUST: return add_adjust(lv, c, lv->var, lv->op, x, s, err);
    case DR_LEVER_SWAP: return add_swap(lv, c, x, s, err);
    case DR_LEVER_SET: return add_set(lv, p, c, x, s, err);
    }
    return DR_OK;
}

const char *dr_lever_name(const dr_lever *lv, int zh)
{
    static const char *const names[][2] = {
        {"primary spending cut", "一般性支出压减"},
        {"own revenue raised", "一般公共预算收入增加"},
        {"hidden debt swapped a year", "每年置换的隐性债务"},
        {"adjustment", "调整"},
        {"model key", "模型参数"},
    };
    return names[lv->kind][zh ? 1 : 0];
}
