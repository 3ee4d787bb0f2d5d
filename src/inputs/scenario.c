#include "inputs/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/par.h"
#include "base/parse.h"
#include "base/range.h"
#include "inputs/inifile.h"

static const char *const var_names[DR_ADJ_NVARS] = {
    "own_revenue", "transfers",     "land_revenue",     "other_fund_revenue",
    "soe_revenue", "remittance",    "primary_spending", "gdp_growth",
    "yield",       "hidden_spread", "explicit_debt",    "hidden_debt",
    "contingent",
};

const char *dr_adj_var_name(dr_adj_var v)
{
    return (unsigned)v < DR_ADJ_NVARS ? var_names[v] : "?";
}

typedef enum sc_sec {
    S_SCENARIO,
    S_SET,
    S_SWAP,
    S_PROJECTS,
    S_ADJUST,
    S_NSECS
} sc_sec;

static const char *const sec_names[S_NSECS] = {"scenario", "set", "swap",
                                               "projects", "adjust"};

/* Keys of the current [adjust.LABEL] or [swap] whose checks wait for the
 * end of the section, where all of them are known. */
enum {
    K_COUNTIES,
    K_VARIABLE,
    K_YEARS,
    K_OP,
    K_VALUE,
    K_PER,
    K_SHARE,
    K_SPREAD,
    K_NKEYS
};

static const char *const adjust_keys[] = {"counties", "variable", "years",
                                          "op",       "value",    "per"};
static const char *const swap_keys[] = {"years", "share", "spread", "counties"};
static const char *const scenario_keys[] = {"name", "title", "description"};
static const char *const projects_keys[] = {"enable", "file"};

/* Scenario names that a batch or sensitivity run gives to folders of its
 * own: OUT/baseline/ and OUT/charts/ (a scenario's results go to
 * OUT/<name>/). */
static const char *const reserved_names[] = {"baseline", "charts"};

/* What an adjustment's value may be (the README "Ranges"), by the kind of
 * variable, the op and per; the combinations not listed are refused before
 * (mul on a rate or a stock, per = cfr_base with mul or on a rate). */
enum { V_FLOW, V_RATE, V_STOCK };

/* clang-format off */
#define FACTOR {0, 10, 0, 0, DR_UNIT_NONE}                          /* x0 to x10 */
#define AMOUNT {-DR_MONEY_MAX, DR_MONEY_MAX, 0, 0, DR_UNIT_NONE}    /* money */
#define OF_CFR {-2, 2, 0, 0, DR_UNIT_SHARE}             /* up to 200% of CFR_0 */
#define CHANGE {-0.5, 0.5, 0, 0, DR_UNIT_CHANGE}     /* +-50 points, 5,000 bp */
/* clang-format on */

static const struct value_rule {
    int kind; /* V_* */
    dr_op op;
    int per_cfr_base;
    dr_range range;
    const char *what;
} value_rules[] = {
    {V_FLOW, DR_OP_MUL, 0, FACTOR, "a mul factor"},
    {V_FLOW, DR_OP_ADD, 0, AMOUNT, "an amount added to a flow"},
    {V_FLOW, DR_OP_ADD, 1, OF_CFR, "a share of base-year resources"},
    {V_RATE, DR_OP_ADD, 0, CHANGE,
     "a change of a rate (percentage points as fractions, 0.02 = 200 bp)"},
    {V_STOCK, DR_OP_ADD, 0, AMOUNT, "an amount added to a stock"},
    {V_STOCK, DR_OP_ADD, 1, OF_CFR, "a share of base-year resources"},
};

/* [swap]: share of H_0 per year; spread over the market yield. */
static const dr_range swap_share = {0, 1, 0, 0, DR_UNIT_SHARE};
static const dr_range swap_spread = CHANGE;

typedef struct sc_ctx {
    dr_scenario *s;
    dr_params scratch; /* [set] lines are tried on it as they are read */
    char *dir;         /* of the scenario file; NULL for the current one */
    sc_sec sec;
    long first[S_NSECS]; /* line where each fixed section appeared */
    unsigned have;       /* K_* bits given in the current section */
    long kline[K_NKEYS], kcol[K_NKEYS];
    char value[DR_INI_MAX_LINE + 1]; /* the value of [adjust.*] as written */
} sc_ctx;

static dr_status fail(const dr_ini_item *it, long line, long col, dr_error *err,
                      const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static dr_status fail(const dr_ini_item *it, long line, long col, dr_error *err,
                      const char *fmt, ...)
{
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dr_error_set(err, DR_EINPUT, it->path, line, col, "%s", msg);
}

static dr_status nomem(const dr_ini_item *it, dr_error *err)
{
    return dr_error_set(err, DR_ENOMEM, it->path, it->line, 0, "out of memory");
}

static dr_status unknown_key(const dr_ini_item *it, const char *const *names,
                             size_t n, dr_error *err)
{
    const char *g = dr_suggest(it->key, names, n);
    if (g)
        return fail(it, it->line, it->key_col, err,
                    "unknown key '%s' in [%s]; did you mean '%s'?", it->key,
                    it->section, g);
    char list[256] = "";
    size_t used = 0;
    for (size_t k = 0; k < n; k++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 k ? ", " : "", names[k]);
    return fail(it, it->line, it->key_col, err,
                "unknown key '%s' in [%s]; its keys are %s", it->key,
                it->section, list);
}

static const char *const op_names[] = {"mul", "add"};
static const char *const per_names[] = {"cfr_base", "none"};

/* "unknown WHAT 'VALUE'; did you mean 'x'?" or "...; expected EXPECTED". */
static dr_status unknown_word(const dr_ini_item *it, const char *what,
                              const char *const *names, size_t n,
                              const char *expected, dr_error *err)
{
    const char *g = dr_suggest(it->value, names, n);
    if (g)
        return fail(it, it->line, it->value_col, err,
                    "unknown %s '%s'; did you mean '%s'?", what, it->value, g);
    return fail(it, it->line, it->value_col, err,
                "unknown %s '%s'; expected %s", what, it->value, expected);
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 63 || s[0] == '-') /* "-x": a formula in a CSV */
        return 0;
    for (size_t k = 0; k < n; k++)
        if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') ||
              s[k] == '-'))
            return 0;
    return 1;
}

/* Splits "a, b,c" into ids, each checked with dr_valid_id; errors point at
 * the offending item. what names the list in messages. */
static dr_status parse_ids(const dr_ini_item *it, const char *what, char ***out,
                           long **outcol, size_t *nout, dr_error *err)
{
    dr_status st = DR_OK;
    char **ids = NULL;
    long *cols = NULL;
    size_t n = 0;
    const char *q = it->value;
    for (;;) {
        const char *b = q;
        while (*b == ' ' || *b == '\t')
            b++;
        size_t len = strcspn(b, ",");
        while (len > 0 && (b[len - 1] == ' ' || b[len - 1] == '\t'))
            len--;
        char *id = strndup(b, len);
        char **g = id ? realloc(ids, (n + 1) * sizeof *ids) : NULL;
        long *gc = g ? realloc(cols, (n + 1) * sizeof *cols) : NULL;
        if (g)
            ids = g;
        if (!gc) {
            free(id);
            st = nomem(it, err);
            goto done;
        }
        cols = gc;
        /* Each id's own column, so a later "unknown county" can point at
         * it. */
        cols[n] = it->value_col + (long)(b - it->value);
        ids[n++] = id;
        if (!dr_valid_id(id)) {
            st = fail(it, it->line, it->value_col + (long)(b - it->value), err,
                      "%s: '%s' is not a valid id; expected %s (ids are "
                      "letters, digits, '_' and '-')",
                      what, id,
                      strcmp(what, "counties") == 0
                          ? "*, id,id,... or type:LABEL"
                          : "all, none or id,id,...");
            goto done;
        }
        q = b + strcspn(b, ",");
        if (*q != ',')
            break;
        q++;
    }
done:
    if (st != DR_OK) {
        for (size_t k = 0; k < n; k++)
            free(ids[k]);
        free(ids);
        free(cols);
        ids = NULL;
        cols = NULL;
        n = 0;
    }
    *out = ids;
    *outcol = cols;
    *nout = n;
    return st;
}

static dr_status parse_selector(const dr_ini_item *it, dr_selector *sel,
                                dr_error *err)
{
    const char *v = it->value;
    sel->line = it->line;
    sel->col = it->value_col;
    if (strcmp(v, "*") == 0) {
        sel->kind = DR_SEL_ALL;
        return DR_OK;
    }
    if (strncmp(v, "type:", 5) == 0) {
        char *label = dr_strdup_trim(v + 5);
        if (!label)
            return nomem(it, err);
        if (!dr_valid_id(label)) {
            dr_status st = fail(it, it->line, it->value_col, err,
                                "counties: 'type:%s' needs a valid type "
                                "label, e.g. type:urban",
                                label);
            free(label);
            return st;
        }
        sel->kind = DR_SEL_TYPE;
        sel->type = label;
        return DR_OK;
    }
    if (!*v)
        return fail(it, it->line, it->value_col, err,
                    "counties is empty; expected *, id,id,... or "
                    "type:LABEL");
    sel->kind = DR_SEL_IDS;
    return parse_ids(it, "counties", &sel->ids, &sel->id_col, &sel->nids, err);
}

/* "2026" or "2026-2028", calendar years in [1900, 2200]. */
static dr_status parse_years(const dr_ini_item *it, long *from, long *to,
                             dr_error *err)
{
    char a[DR_INI_MAX_LINE + 1], b[DR_INI_MAX_LINE + 1];
    const char *v = it->value;
    const char *dash = *v ? strchr(v + 1, '-') : NULL;
    const char *why = NULL;
    snprintf(a, sizeof a, "%.*s", dash ? (int)(dash - v) : (int)strlen(v), v);
    snprintf(b, sizeof b, "%s", dash ? dash + 1 : a);
    if (!dr_parse_long(a, 1900, 2200, from, &why) ||
        !dr_parse_long(b, 1900, 2200, to, &why))
        return fail(it, it->line, it->value_col, err,
                    "years: expected a year in [1900, 2200] such as 2026, "
                    "or a range such as 2026-2028, found '%s': %s",
                    v, why);
    if (*from > *to)
        return fail(it, it->line, it->value_col, err,
                    "years: the range %ld-%ld runs backwards; write "
                    "%ld-%ld",
                    *from, *to, *to, *from);
    return DR_OK;
}

/* "KEY: expected a number RANGE[ for WHAT], found 'TEXT'[; hint]" at
 * line:col. */
static dr_status out_of_range(const dr_ini_item *it, long line, long col,
                              const char *key, const char *text, double v,
                              const dr_range *r, const char *what,
                              dr_error *err)
{
    char want[96], hint[128];
    dr_range_text(r, want, sizeof want);
    int h = dr_range_hint(r, v, hint, sizeof hint);
    return fail(
        it, line, col, err, "%s: expected a number %s%s%s, found '%s'%s%s", key,
        want, what ? " for " : "", what ? what : "", text, h ? "; " : "", hint);
}

/* A number of the value of it; in r unless r is NULL (checked later). */
static dr_status parse_number(const dr_ini_item *it, const dr_range *r,
                              double *out, dr_error *err)
{
    const char *why;
    if (!dr_parse_double(it->value, out, &why))
        return fail(it, it->line, it->value_col, err,
                    "%s: expected a number, found '%s': %s", it->key, it->value,
                    why);
    if (r && !dr_range_has(r, *out))
        return out_of_range(it, it->line, it->value_col, it->key, it->value,
                            *out, r, NULL, err);
    return DR_OK;
}

static int key_index(const char *key, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(key, names[k]) == 0)
            return (int)k;
    return -1;
}

static void mark(sc_ctx *c, int k, const dr_ini_item *it)
{
    c->have |= 1u << k;
    c->kline[k] = it->line;
    c->kcol[k] = it->value_col;
}

/* [swap] or [swap.LABEL]: each once, with its own label. */
static dr_status open_swap(sc_ctx *c, const dr_ini_item *it, dr_error *err)
{
    dr_scenario *s = c->s;
    const char *name = it->section;
    const char *label = name[4] == '.' ? name + 5 : NULL;
    if (label && !dr_valid_id(label))
        return fail(it, it->line, it->section_col, err,
                    "[%s]: the label '%s' is not a valid id (letters, "
                    "digits, '_' and '-', at most 63 bytes)",
                    name, label);
    for (size_t k = 0; k < s->nswap; k++) {
        const char *other = s->swap[k].label;
        if ((!label && !other) || (label && other && !strcmp(label, other)))
            return fail(it, it->line, it->section_col, err,
                        "[%s] appears twice (first on line %ld); give each "
                        "swap its own label, [swap.LABEL]",
                        name, s->swap[k].line);
    }
    char *copy = label ? strdup(label) : NULL;
    dr_swap *w =
        label && !copy ? NULL : realloc(s->swap, (s->nswap + 1) * sizeof *w);
    if (!w) {
        free(copy);
        return nomem(it, err);
    }
    s->swap = w;
    w = &s->swap[s->nswap++];
    memset(w, 0, sizeof *w);
    w->label = copy;
    w->line = it->line;
    w->counties.kind = DR_SEL_ALL;
    w->counties.line = it->line;
    c->sec = S_SWAP;
    return DR_OK;
}

static dr_status on_section(sc_ctx *c, const dr_ini_item *it, dr_error *err)
{
    dr_scenario *s = c->s;
    const char *name = it->section;
    c->have = 0;
    if (strncmp(name, "adjust.", 7) == 0) {
        const char *label = name + 7;
        if (!dr_valid_id(label))
            return fail(it, it->line, it->section_col, err,
                        "[%s]: the label '%s' is not a valid id (letters, "
                        "digits, '_' and '-', at most 63 bytes)",
                        name, label);
        for (size_t k = 0; k < s->nadj; k++)
            if (strcmp(s->adj[k].label, label) == 0)
                return fail(it, it->line, it->section_col, err,
                            "[%s] appears twice (first on line %ld); give "
                            "each adjustment its own label",
                            name, s->adj[k].line);
        char *copy = strdup(label);
        dr_adjust *g = copy ? realloc(s->adj, (s->nadj + 1) * sizeof *g) : NULL;
        if (!g) {
            free(copy);
            return nomem(it, err);
        }
        s->adj = g;
        dr_adjust *a = &s->adj[s->nadj++];
        memset(a, 0, sizeof *a);
        a->label = copy;
        a->counties.kind = DR_SEL_ALL;
        a->counties.line = it->line;
        a->line = it->line;
        c->sec = S_ADJUST;
        return DR_OK;
    }
    if (strcmp(name, "swap") == 0 || strncmp(name, "swap.", 5) == 0)
        return open_swap(c, it, err);
    int k = key_index(name, sec_names, S_ADJUST);
    if (k < 0) {
        if (strcmp(name, "adjust") == 0)
            return fail(it, it->line, it->section_col, err,
                        "an adjustment section needs a label: "
                        "[adjust.LABEL], e.g. [adjust.land-slump]");
        const char *g = dr_suggest(name, sec_names, S_ADJUST);
        char guess[96];
        const char *dot = strchr(name, '.');
        if (!g && dot && dot - name <= 12) {
            char head[16];
            static const char *const adjust[] = {"adjust"};
            snprintf(head, sizeof head, "%.*s", (int)(dot - name), name);
            if ((strncmp(head, "adjust", 6) == 0 ||
                 dr_suggest(head, adjust, 1)) &&
                dr_valid_id(dot + 1)) {
                snprintf(guess, sizeof guess, "adjust.%s", dot + 1);
                g = guess;
            }
        }
        if (g)
            return fail(it, it->line, it->section_col, err,
                        "unknown section [%s]; did you mean [%s]?", name, g);
        return fail(
            it, it->line, it->section_col, err,
            "unknown section [%s]; the sections are [scenario], "
            "[set], [adjust.LABEL], [swap] (or [swap.LABEL]) and [projects]",
            name);
    }
    if (c->first[k])
        return fail(it, it->line, it->section_col, err,
                    "[%s] appears twice (first on line %ld); put all its "
                    "keys in one section",
                    name, c->first[k]);
    c->first[k] = it->line;
    c->sec = (sc_sec)k;
    return DR_OK;
}

static dr_status on_scenario_key(sc_ctx *c, const dr_ini_item *it,
                                 dr_error *err)
{
    dr_scenario *s = c->s;
    int k = key_index(it->key, scenario_keys, 3);
    if (k < 0)
        return unknown_key(it, scenario_keys, 3, err);
    /* the title and description go into charts, reports and run.ini; only
     * the title's start could start a cell of an output */
    char why[DR_TEXT_WHY];
    if (k > 0 &&
        !dr_text_check(it->value,
                       k == 1 && !it->continuation ? DR_TEXT_CELL : 0, why))
        return fail(it, it->line, it->value_col, err, "%s: %s", it->key, why);
    if (it->continuation) {
        if (k == 0)
            return fail(it, it->line, it->value_col, err,
                        "unexpected indented line: the name takes one line "
                        "(only title and description continue)");
        /* Python configparser style: the text goes on after a space. */
        char **text = k == 1 ? &s->title : &s->description;
        size_t n = strlen(*text), m = strlen(it->value);
        char *g = realloc(*text, n + m + 2);
        if (!g)
            return nomem(it, err);
        g[n] = ' ';
        memcpy(g + n + 1, it->value, m + 1);
        *text = g;
        return DR_OK;
    }
    if (k == 0 && !valid_name(it->value))
        return fail(it, it->line, it->value_col, err,
                    "the scenario name '%s' is not valid: use lowercase "
                    "letters, digits and '-', at most 63 bytes, not "
                    "starting with '-' (e.g. land-slump)",
                    it->value);
    for (size_t r = 0;
         k == 0 && r < sizeof reserved_names / sizeof reserved_names[0]; r++)
        if (strcmp(it->value, reserved_names[r]) == 0)
            return fail(it, it->line, it->value_col, err,
                        "the scenario name '%s' is reserved: a batch or "
                        "sensitivity run writes its own OUT/%s/ folder; "
                        "choose another name",
                        it->value, reserved_names[r]);
    char *copy = strdup(it->value);
    if (!copy)
        return nomem(it, err);
    char **dst = k == 0 ? &s->name : k == 1 ? &s->title : &s->description;
    *dst = copy;
    return DR_OK;
}

static dr_status on_set_key(sc_ctx *c, const dr_ini_item *it, dr_error *err)
{
    dr_scenario *s = c->s;
    size_t seclen = dr_params_section_len(it->key);
    if (seclen == 0)
        return fail(it, it->line, it->key_col, err,
                    "[set] expects SECTION.KEY = VALUE, e.g. "
                    "rates.hidden_spread = 0.035 or type.urban.land.mu = "
                    "-0.1; found '%s'",
                    it->key);
    dr_status st = DR_OK;
    dr_setting *set = NULL;
    char *section = strndup(it->key, seclen);
    char *key = strdup(it->key + seclen + 1);
    char *value = strdup(it->value);
    if (!section || !key || !value) {
        st = nomem(it, err);
        goto done;
    }
    st = dr_params_check_key(section, key, it->path, it->line, it->key_col,
                             it->key_col + (long)seclen + 1, err);
    if (st == DR_OK)
        st = dr_params_set(&c->scratch, section, key, value, it->path, it->line,
                           it->value_col, err);
    if (st != DR_OK)
        goto done;
    set = realloc(s->set, (s->nset + 1) * sizeof *set);
    if (!set) {
        st = nomem(it, err);
        goto done;
    }
    s->set = set;
    s->set[s->nset++] =
        (dr_setting){section, key, value, it->line, it->value_col};
    section = key = value = NULL;
done:
    free(section);
    free(key);
    free(value);
    return st;
}

static dr_status on_adjust_key(sc_ctx *c, const dr_ini_item *it, dr_error *err)
{
    dr_adjust *a = &c->s->adj[c->s->nadj - 1];
    dr_status st = DR_OK;
    int k = key_index(it->key, adjust_keys, 6);
    switch (k) {
    case K_COUNTIES: st = parse_selector(it, &a->counties, err); break;
    case K_VARIABLE: {
        int v = key_index(it->value, var_names, DR_ADJ_NVARS);
        if (v < 0) {
            const char *g = dr_suggest(it->value, var_names, DR_ADJ_NVARS);
            if (g)
                return fail(it, it->line, it->value_col, err,
                            "unknown variable '%s'; did you mean '%s'?",
                            it->value, g);
            return fail(it, it->line, it->value_col, err,
                        "unknown variable '%s'; expected one of "
                        "own_revenue, transfers, land_revenue, "
                        "other_fund_revenue, soe_revenue, remittance, "
                        "primary_spending, gdp_growth, yield, "
                        "hidden_spread, explicit_debt, hidden_debt, "
                        "contingent",
                        it->value);
        }
        a->var = (dr_adj_var)v;
        break;
    }
    case K_YEARS:
        st = parse_years(it, &a->year_from, &a->year_to, err);
        a->years_line = it->line;
        a->years_col = it->value_col;
        break;
    case K_OP:
        if (strcmp(it->value, "mul") == 0)
            a->op = DR_OP_MUL;
        else if (strcmp(it->value, "add") == 0)
            a->op = DR_OP_ADD;
        else
            return unknown_word(it, "op", op_names, 2, "mul or add", err);
        break;
    case K_VALUE:
        /* Its range depends on the variable, op and per: see on_end. */
        st = parse_number(it, NULL, &a->value, err);
        snprintf(c->value, sizeof c->value, "%s", it->value);
        break;
    case K_PER:
        /* An amount in proportion to each county's size, so that one
         * library scenario fits any city's data. */
        if (strcmp(it->value, "cfr_base") == 0)
            a->per_cfr_base = 1;
        else if (strcmp(it->value, "none") == 0)
            a->per_cfr_base = 0;
        else
            return unknown_word(it, "per", per_names, 2,
                                "cfr_base (the value is a share of the "
                                "county's base-year comprehensive resources) "
                                "or none",
                                err);
        break;
    default: return unknown_key(it, adjust_keys, 6, err);
    }
    if (st == DR_OK)
        mark(c, k, it);
    return st;
}

static dr_status on_swap_key(sc_ctx *c, const dr_ini_item *it, dr_error *err)
{
    dr_swap *w = &c->s->swap[c->s->nswap - 1];
    dr_status st;
    int k;
    switch (key_index(it->key, swap_keys, 4)) {
    case 0:
        k = K_YEARS;
        st = parse_years(it, &w->year_from, &w->year_to, err);
        w->years_line = it->line;
        w->years_col = it->value_col;
        break;
    case 1:
        k = K_SHARE;
        st = parse_number(it, &swap_share, &w->share, err);
        break;
    case 2:
        k = K_SPREAD;
        st = parse_number(it, &swap_spread, &w->spread, err);
        break;
    case 3:
        k = K_COUNTIES;
        st = parse_selector(it, &w->counties, err);
        break;
    default: return unknown_key(it, swap_keys, 4, err);
    }
    if (st == DR_OK)
        mark(c, k, it);
    return st;
}

static dr_status on_projects_key(sc_ctx *c, const dr_ini_item *it,
                                 dr_error *err)
{
    dr_scenario *s = c->s;
    int k = key_index(it->key, projects_keys, 2);
    if (k < 0)
        return unknown_key(it, projects_keys, 2, err);
    if (k == 0) {
        s->proj_line = it->line;
        s->proj_col = it->value_col;
        if (strcmp(it->value, "all") == 0) {
            s->proj_mode = DR_PROJ_ALL;
            return DR_OK;
        }
        if (strcmp(it->value, "none") == 0) {
            s->proj_mode = DR_PROJ_NONE;
            return DR_OK;
        }
        if (!*it->value)
            return fail(it, it->line, it->value_col, err,
                        "enable is empty; expected all, none or "
                        "id,id,...");
        s->proj_mode = DR_PROJ_LIST;
        return parse_ids(it, "enable", &s->proj_ids, &s->proj_id_col,
                         &s->nproj_ids, err);
    }

    if (!*it->value)
        return fail(it, it->line, it->value_col, err,
                    "file is empty; expected the path of a projects CSV, "
                    "relative to this scenario file");
    /* Relative to the scenario file, so a scenario folder can move. */
    int rel = it->value[0] != '/' && c->dir;
    size_t n = (rel ? strlen(c->dir) + 1 : 0) + strlen(it->value) + 1;
    char *path = malloc(n);
    if (!path)
        return nomem(it, err);
    snprintf(path, n, "%s%s%s", rel ? c->dir : "", rel ? "/" : "", it->value);
    s->proj_file = path;
    s->proj_file_line = it->line;
    struct stat sb;
    int e = 0;
    /* rank 0's answer, as rank 0 reads the files (base/par.h) */
    if (dr_par_rank() == 0) {
        FILE *f = fopen(path, "rb");
        e = errno;
        if (f && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode))
            e = EISDIR;
        else if (f)
            e = 0;
        if (f)
            fclose(f);
    }
    dr_par_bcast(&e, sizeof e);
    if (e == ENOMEM)
        return nomem(it, err);
    if (e)
        return fail(it, it->line, it->value_col, err,
                    "cannot open the projects file '%s': %s", path,
                    strerror(e));
    return DR_OK;
}

/* The value of adjustment a against value_rules, at its line and column. */
static dr_status check_value(const sc_ctx *c, const dr_ini_item *it,
                             const dr_adjust *a, dr_error *err)
{
    int kind = (int)a->var < DR_NFLOWS         ? V_FLOW
               : a->var < DR_ADJ_EXPLICIT_DEBT ? V_RATE
                                               : V_STOCK;
    for (size_t k = 0; k < sizeof value_rules / sizeof value_rules[0]; k++) {
        const struct value_rule *r = &value_rules[k];
        if (r->kind != kind || r->op != a->op ||
            r->per_cfr_base != a->per_cfr_base)
            continue;
        if (dr_range_has(&r->range, a->value))
            return DR_OK;
        return out_of_range(it, c->kline[K_VALUE], c->kcol[K_VALUE], "value",
                            c->value, a->value, &r->range, r->what, err);
    }
    return DR_OK;
}

static dr_status on_end(sc_ctx *c, const dr_ini_item *it, dr_error *err)
{
    dr_scenario *s = c->s;
    if (c->sec == S_SCENARIO && !s->name)
        return fail(it, it->section_line, it->section_col, err,
                    "[scenario] needs a name, e.g. name = land-slump");
    if (c->sec == S_SWAP) {
        if (!(c->have >> K_YEARS & 1) || !(c->have >> K_SHARE & 1))
            return fail(it, it->section_line, it->section_col, err,
                        "[%s] needs %s", it->section,
                        (c->have >> K_YEARS & 1) ? "share (of H_0 per year)"
                                                 : "years, e.g. 2026-2028");
        return DR_OK;
    }
    if (c->sec != S_ADJUST)
        return DR_OK;

    dr_adjust *a = &s->adj[s->nadj - 1];
    static const int req[] = {K_VARIABLE, K_YEARS, K_OP, K_VALUE};
    char missing[64] = "";
    for (size_t k = 0; k < 4; k++)
        if (!(c->have >> req[k] & 1))
            snprintf(missing + strlen(missing),
                     sizeof missing - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", adjust_keys[req[k]]);
    if (missing[0])
        return fail(it, it->section_line, it->section_col, err,
                    "[%s] is missing %s (an adjustment needs variable, "
                    "years, op and value)",
                    it->section, missing);
    if (a->op == DR_OP_MUL && (int)a->var >= DR_NFLOWS) {
        int stock = a->var >= DR_ADJ_EXPLICIT_DEBT;
        return fail(it, c->kline[K_OP], c->kcol[K_OP], err,
                    "op = mul on a %s: %s takes add only (%s)",
                    stock ? "stock" : "rate", var_names[a->var],
                    stock ? "an amount added once in each year named"
                          : "percentage points as fractions, e.g. 0.01");
    }
    if (a->per_cfr_base &&
        (a->op == DR_OP_MUL ||
         (a->var >= DR_NFLOWS && a->var < DR_ADJ_EXPLICIT_DEBT)))
        return fail(it, c->kline[K_PER], c->kcol[K_PER], err,
                    "per = cfr_base scales an amount: it goes with op = add "
                    "on a flow or a stock, not on %s",
                    a->op == DR_OP_MUL ? "op = mul" : var_names[a->var]);
    return check_value(c, it, a, err);
}

static dr_status on_item(void *user, const dr_ini_item *it, dr_error *err)
{
    sc_ctx *c = user;
    if (it->event == DR_INI_SECTION)
        return on_section(c, it, err);
    if (it->event == DR_INI_END)
        return on_end(c, it, err);
    if (it->continuation && c->sec != S_SCENARIO)
        return fail(it, it->line, it->value_col, err,
                    "unexpected indented line: it would continue '%s' from "
                    "line %ld, and only title and description in "
                    "[scenario] take more than one line",
                    it->key, it->key_line);
    switch (c->sec) {
    case S_SCENARIO: return on_scenario_key(c, it, err);
    case S_SET: return on_set_key(c, it, err);
    case S_ADJUST: return on_adjust_key(c, it, err);
    case S_SWAP: return on_swap_key(c, it, err);
    case S_PROJECTS: return on_projects_key(c, it, err);
    case S_NSECS: break;
    }
    return DR_OK;
}

dr_status dr_scenario_read(const char *path, dr_scenario *s, dr_error *err)
{
    dr_status st = DR_OK;
    sc_ctx c = {.s = s};
    memset(s, 0, sizeof *s);
    s->proj_mode = DR_PROJ_ALL;
    dr_params_init(&c.scratch);
    s->path = strdup(path);
    const char *slash = strrchr(path, '/');
    if (slash)
        c.dir = strndup(path, (size_t)(slash - path));
    if (!s->path || (slash && !c.dir)) {
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    st = dr_ini_parse(path, on_item, &c, err);
    if (st != DR_OK)
        goto done;
    if (!s->name) {
        st = dr_error_set(err, DR_EINPUT, path, 0, 0,
                          "the scenario has no name: add [scenario] with "
                          "name = ..., e.g. name = land-slump");
        goto done;
    }
    /* A scenario without a title goes by its name in reports. */
    if (!s->title && !(s->title = strdup(s->name)))
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
    else if (!s->description && !(s->description = strdup("")))
        st = dr_error_set(err, DR_ENOMEM, path, 0, 0, "out of memory");
done:
    dr_params_free(&c.scratch);
    free(c.dir);
    if (st != DR_OK)
        dr_scenario_free(s);
    return st;
}

dr_status dr_scenario_baseline(dr_scenario *s)
{
    memset(s, 0, sizeof *s);
    s->proj_mode = DR_PROJ_ALL;
    s->name = strdup("baseline");
    s->title = strdup("Baseline / 基准情景");
    s->description = strdup("");
    if (!s->name || !s->title || !s->description) {
        dr_scenario_free(s);
        return DR_ENOMEM;
    }
    return DR_OK;
}

dr_status dr_scenario_apply_sets(const dr_scenario *s, dr_params *p,
                                 dr_error *err)
{
    for (size_t k = 0; k < s->nset; k++) {
        const dr_setting *t = &s->set[k];
        dr_status st = dr_params_set(p, t->section, t->key, t->value, s->path,
                                     t->line, t->col, err);
        if (st != DR_OK)
            return st;
    }
    return DR_OK;
}

static void free_selector(dr_selector *sel)
{
    for (size_t k = 0; k < sel->nids; k++)
        free(sel->ids[k]);
    free(sel->ids);
    free(sel->id_col);
    free(sel->type);
}

void dr_scenario_free(dr_scenario *s)
{
    free(s->path);
    free(s->name);
    free(s->title);
    free(s->description);
    for (size_t k = 0; k < s->nset; k++) {
        free(s->set[k].section);
        free(s->set[k].key);
        free(s->set[k].value);
    }
    free(s->set);
    for (size_t k = 0; k < s->nadj; k++) {
        free(s->adj[k].label);
        free_selector(&s->adj[k].counties);
    }
    free(s->adj);
    for (size_t k = 0; k < s->nswap; k++) {
        free(s->swap[k].label);
        free_selector(&s->swap[k].counties);
    }
    free(s->swap);
    for (size_t k = 0; k < s->nproj_ids; k++)
        free(s->proj_ids[k]);
    free(s->proj_ids);
    free(s->proj_id_col);
    free(s->proj_file);
    memset(s, 0, sizeof *s);
}
