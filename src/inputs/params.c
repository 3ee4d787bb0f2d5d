#include "inputs/params.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "base/range.h"
#include "inputs/corr.h"
#include "inputs/inifile.h"
#include "inputs/params_keys.h"

/* ---- the table of keys ------------------------------------------------ */

/* Ranges, the README "Ranges": each a finance office would find
 * sensible, and together small enough that 200 years of the model's
 * arithmetic stay finite. DR_UNIT_* says what a value outside the range may
 * have been typed as (2.5 for 2.5%, 200 for 200 bp). */
/* clang-format off */
#define R(lo, hi, unit) {lo, hi, 0, 0, unit}      /* [lo, hi] */
#define R_LO(lo, hi, unit) {lo, hi, 1, 0, unit}   /* (lo, hi] */
#define R_HI(lo, hi, unit) {lo, hi, 0, 1, unit}   /* [lo, hi) */
#define ANY {-INFINITY, INFINITY, 0, 0, DR_UNIT_NONE}
#define SHARE R(0, 1, DR_UNIT_SHARE)         /* a fraction of something */
#define WEIGHT R(0, 1, DR_UNIT_NONE)         /* [common] weights */
#define CORR R(-1, 1, DR_UNIT_NONE)          /* a correlation */
#define AR {-1, 1, 1, 1, DR_UNIT_NONE}       /* AR(1), stationary: (-1, 1) */
#define LINE R_LO(0, 10, DR_UNIT_SHARE)      /* a ratio line: (0, 1000%] */
#define RATE R(0, 0.3, DR_UNIT_RATE)         /* an interest rate level */
#define TREND R(-0.5, 0.5, DR_UNIT_SHARE)    /* a yearly growth rate */
#define SD R(0, 0.5, DR_UNIT_SHARE)          /* a volatility of a growth rate */
/* clang-format on */

#define P(f) offsetof(dr_params, f)
#define T(f) offsetof(dr_type_params, f)

const char *const dr_family_names[] = {"normal", "student_t", "bootstrap",
                                       NULL};
static const char *const by_names[] = {"type", "city", "county", NULL};

/* One row per key, in the order dr_params_write writes them. Reading,
 * --set, checking and "did you mean" all go through this table. */
const key_def dr_param_keys[] = {
    {"run", "base_year", K_LONG, P(base_year), 0, 0, R(1900, 2200, 0), NULL,
     NULL, NULL, NULL},
    {"run", "years", K_LONG, P(years), 0, 0, R(1, 200, 0),
     "the model projects at most 200 years", NULL, NULL, NULL},
    {"run", "paths", K_LONG, P(paths), 0, 0, R(1, 1e9, 0), NULL, NULL, NULL,
     NULL},
    {"run", "seed", K_SEED, P(seed), 0, 0, ANY, NULL, NULL, NULL, NULL},
    {"thresholds", "warning", K_DOUBLE, P(warning), 0, 0, LINE, NULL, NULL,
     "Warning line", "警戒线"},
    {"thresholds", "grades", K_GRADES, P(grades), 0, 0, LINE, NULL, NULL, NULL,
     NULL},
    {"thresholds", "official_warning", K_DOUBLE, P(official_warning), 0, 0,
     LINE, NULL, NULL, NULL, NULL},
    {"thresholds", "interest_warning", K_DOUBLE, P(interest_warning), 0, 0,
     R_LO(0, 1, DR_UNIT_SHARE), NULL, NULL, NULL, NULL},
    {"thresholds", "debt_gdp_warning", K_DOUBLE, P(debt_gdp_warning), 0, 0,
     LINE, NULL, NULL, NULL, NULL},
    {"shocks", "family", K_CHOICE, P(family), 0, 0, ANY, NULL, dr_family_names,
     NULL, NULL},
    /* Not just df > 2. The draws are scaled to unit variance by
     * sqrt((df-2)/df), which goes to 0 as df goes to 2 while the tails stay
     * as heavy as ever; and GSL's Student-t sampler (Marsaglia's rejection
     * method for df > 2) keeps a try only when |N(0,1)| < sqrt(df-2): at
     * df = 2 + 1e-12 about one try in a million, so the run never ends. At
     * df = 2.1 one try in four is kept. Above 1000 a Student-t is a normal
     * to three decimals. */
    {"shocks", "df", K_DOUBLE, P(df), 0, 0, R(2.1, 1000, 0),
     "near df = 2 the Student-t has almost no variance left and its draws "
     "take forever; for tails that heavy use df = 2.1 or more",
     NULL, NULL, NULL},
    /* bootstrap (MODEL.md section 12): the history drawn from, the
     * grouping that standardizes it, and how many consecutive years one
     * draw takes (2 keeps a two-year swing together) */
    {"shocks", "history", K_PATH, P(history), 0, 0, ANY, NULL, NULL, NULL,
     NULL},
    {"shocks", "by", K_CHOICE, P(boot_by), 0, 0, ANY, NULL, by_names, NULL,
     NULL},
    {"shocks", "block", K_LONG, P(block), 0, 0, R(1, 5, 0),
     "a block of more than 5 years leaves too few to draw from", NULL, NULL,
     NULL},
    {"correlation", "growth.own_revenue", K_CORR, 0, DR_VG, DR_VOR, CORR, NULL,
     NULL, NULL, NULL},
    {"correlation", "growth.land", K_CORR, 0, DR_VG, DR_VL, CORR, NULL, NULL,
     NULL, NULL},
    {"correlation", "growth.transfers", K_CORR, 0, DR_VG, DR_VTR, CORR, NULL,
     NULL, NULL, NULL},
    {"correlation", "own_revenue.land", K_CORR, 0, DR_VOR, DR_VL, CORR, NULL,
     NULL, NULL, NULL},
    {"correlation", "own_revenue.transfers", K_CORR, 0, DR_VOR, DR_VTR, CORR,
     NULL, NULL, NULL, NULL},
    {"correlation", "land.transfers", K_CORR, 0, DR_VL, DR_VTR, CORR, NULL,
     NULL, NULL, NULL},
    {"common", "growth", K_DOUBLE, P(common[DR_VG]), 0, 0, WEIGHT, NULL, NULL,
     NULL, NULL},
    {"common", "own_revenue", K_DOUBLE, P(common[DR_VOR]), 0, 0, WEIGHT, NULL,
     NULL, NULL, NULL},
    {"common", "land", K_DOUBLE, P(common[DR_VL]), 0, 0, WEIGHT, NULL, NULL,
     NULL, NULL},
    {"common", "transfers", K_DOUBLE, P(common[DR_VTR]), 0, 0, WEIGHT, NULL,
     NULL, NULL, NULL},
    {"rates", "yield", K_DOUBLE, P(yield), 0, 0, R(-0.05, 0.3, DR_UNIT_RATE),
     NULL, NULL, "Market yield", "市场利率"},
    {"rates", "sigma", K_DOUBLE, P(rate_sigma), 0, 0, R(0, 0.1, DR_UNIT_RATE),
     NULL, NULL, "Yield volatility", "利率波动"},
    {"rates", "rho", K_DOUBLE, P(rate_rho), 0, 0, AR, NULL, NULL, NULL, NULL},
    {"rates", "growth_corr", K_DOUBLE, P(growth_corr), 0, 0, CORR, NULL, NULL,
     NULL, NULL},
    {"rates", "hidden_spread", K_DOUBLE, P(hidden_spread), 0, 0,
     R(-0.05, 0.3, DR_UNIT_RATE), NULL, NULL, "Hidden-debt spread",
     "隐性债务利差"},
    {"rates", "premium_slope", K_DOUBLE, P(premium_slope), 0, 0,
     R(0, 1, DR_UNIT_RATE), NULL, NULL, "Risk premium slope", "风险溢价斜率"},
    {"rates", "premium_start", K_DOUBLE, P(premium_start), 0, 0,
     R(0, 10, DR_UNIT_SHARE), NULL, NULL, NULL, NULL},
    {"rates", "premium_max", K_DOUBLE, P(premium_max), 0, 0, RATE, NULL, NULL,
     NULL, NULL},
    {"rates", "reprice_explicit", K_DOUBLE, P(reprice_explicit), 0, 0, SHARE,
     NULL, NULL, NULL, NULL},
    {"rates", "reprice_hidden", K_DOUBLE, P(reprice_hidden), 0, 0, SHARE, NULL,
     NULL, NULL, NULL},
    {"policy", "quota", K_DOUBLE, P(quota), 0, 0, SHARE, NULL, NULL,
     "Bond quota", "新增债券额度"},
    {"policy", "consolidation", K_DOUBLE, P(consolidation), 0, 0, SHARE, NULL,
     NULL, "Consolidation effort", "财政整顿力度"},
    {"policy", "consolidation_max", K_DOUBLE, P(consolidation_max), 0, 0,
     R_HI(0, 1, DR_UNIT_SHARE), NULL, NULL, "Consolidation ceiling",
     "财政整顿上限"},
    {"policy", "debt_target", K_DOUBLE, P(debt_target), 0, 0,
     R(0, 10, DR_UNIT_SHARE), NULL, NULL, "Debt target", "债务率目标"},
    {"policy", "surplus_spend", K_DOUBLE, P(surplus_spend), 0, 0, SHARE, NULL,
     NULL, "Surplus spent", "结余支出比例"},
    {"defaults", "growth.mu", K_TYPE, T(growth_mu), 0, 0, TREND, NULL, NULL,
     "Nominal growth trend", "名义增长趋势"},
    {"defaults", "growth.sigma", K_TYPE, T(growth_sigma), 1, 0, SD, NULL, NULL,
     "Growth volatility", "增长波动"},
    {"defaults", "growth.rho", K_TYPE, T(growth_rho), 2, 0, AR, NULL, NULL,
     "Growth persistence", "增长持续性"},
    {"defaults", "own_revenue.mu", K_TYPE, T(own_revenue_mu), 3, 0, TREND, NULL,
     NULL, "Own revenue trend", "一般公共预算收入趋势"},
    {"defaults", "own_revenue.beta", K_TYPE, T(own_revenue_beta), 4, 0,
     R(-10, 10, 0), NULL, NULL, "Own revenue elasticity",
     "一般公共预算收入弹性"},
    {"defaults", "own_revenue.sigma", K_TYPE, T(own_revenue_sigma), 5, 0, SD,
     NULL, NULL, "Own revenue volatility", "一般公共预算收入波动"},
    {"defaults", "land.mu", K_TYPE, T(land_mu), 6, 0, TREND, NULL, NULL,
     "Land revenue trend", "土地出让收入趋势"},
    {"defaults", "land.sigma", K_TYPE, T(land_sigma), 7, 0,
     R(0, 1, DR_UNIT_SHARE), NULL, NULL, "Land revenue volatility",
     "土地出让收入波动"},
    {"defaults", "land.rho", K_TYPE, T(land_rho), 8, 0, AR, NULL, NULL,
     "Land revenue persistence", "土地出让收入持续性"},
    {"defaults", "transfers.mu", K_TYPE, T(transfers_mu), 9, 0, TREND, NULL,
     NULL, "Transfers trend", "转移支付趋势"},
    {"defaults", "transfers.sigma", K_TYPE, T(transfers_sigma), 10, 0, SD, NULL,
     NULL, "Transfers volatility", "转移支付波动"},
    {"defaults", "spending.mu", K_TYPE, T(spending_mu), 11, 0, TREND, NULL,
     NULL, "Spending growth", "支出增速"},
    {"defaults", "contingent.prob", K_TYPE, T(contingent_prob), 12, 0, SHARE,
     NULL, NULL, "Contingent debt: chance called", "或有债务代偿概率"},
    {"defaults", "contingent.loss", K_TYPE, T(contingent_loss), 13, 0, SHARE,
     NULL, NULL, "Contingent debt: share called", "或有债务代偿比例"},
    {"defaults", "rate.explicit", K_TYPE, T(rate_explicit), 14, 0, RATE, NULL,
     NULL, "Cost of explicit debt", "显性债务利率"},
    {"defaults", "rate.hidden", K_TYPE, T(rate_hidden), 15, 0, RATE, NULL, NULL,
     "Cost of hidden debt", "隐性债务利率"},
};

const size_t dr_nparam_keys = sizeof dr_param_keys / sizeof dr_param_keys[0];
#define keys dr_param_keys
#define NKEYS dr_nparam_keys

static const char *const sections[] = {
    "run",    "thresholds", "shocks", "correlation",
    "common", "rates",      "policy", "defaults",
};

#define NSECTIONS (sizeof sections / sizeof sections[0])

_Static_assert(sizeof(dr_family) == sizeof(int), "K_CHOICE stores an int");
_Static_assert(DR_NTYPEKEYS == 16, "one K_TYPE row per dr_type_params field");
_Static_assert(sizeof(dr_type_params) == DR_NTYPEKEYS * sizeof(double),
               "dr_type_params holds exactly the type keys");

/* ---- small helpers ---------------------------------------------------- */

static double *dfield(dr_params *p, const key_def *d)
{
    return (double *)((char *)p + d->off);
}

/* What a key expects, in words: "a number in [0, 1]", "a number > 0". */
static void expected(const key_def *d, char *buf, size_t n)
{
    char r[96];
    dr_range_text(&d->r, r, sizeof r);
    if (d->kind == K_SEED)
        snprintf(buf, n, "a whole number in [0, %" PRIu64 "]", UINT64_MAX);
    else if (d->kind == K_GRADES)
        snprintf(buf, n,
                 "three ascending numbers %s, such as '1.2, 2.0, "
                 "3.0'",
                 r);
    else if (d->kind == K_CHOICE) {
        size_t used = (size_t)snprintf(buf, n, "one of");
        for (size_t k = 0; d->choices[k] && used < n; k++)
            used += (size_t)snprintf(buf + used, n - used, "%s %s",
                                     k ? "," : "", d->choices[k]);
    } else if (d->kind == K_PATH)
        snprintf(buf, n, "a file name");
    else
        snprintf(buf, n, "%s %s",
                 d->kind == K_LONG ? "a whole number" : "a number", r);
}

/* "[rates] sigma: expected a number in [0, 0.1], found '-1'[: why]
 * [; hint]". v is the value read (NAN when it could not be read), for a
 * hint such as "2.5 looks like a percentage". */
static dr_status bad_value(dr_error *err, const char *origin, long line,
                           long col, const char *section, const key_def *d,
                           const char *value, double v, const char *why)
{
    char want[160], unit[128];
    expected(d, want, sizeof want);
    const char *hint = why ? NULL : d->hint; /* hints explain ranges */
    if (!why && dr_range_hint(&d->r, v, unit, sizeof unit))
        hint = unit;
    if (value && strstr(value, " #"))
        hint = "a comment after a value starts with ' ;', not '#'";
    return dr_error_set(err, DR_EINPUT, origin, line, col,
                        "[%s] %s: expected %s, found '%.80s'%s%s%s%s", section,
                        d->name, want, value ? value : "", why ? ": " : "",
                        why ? why : "", hint ? "; " : "", hint ? hint : "");
}

/* The place of a K_CORR row among the six pairs. */
static size_t corr_index(const key_def *d)
{
    return dr_corr_index(d->i, d->j);
}

static const key_def *find_key(const char *tabsec, const char *name)
{
    for (size_t k = 0; k < NKEYS; k++)
        if (strcmp(keys[k].section, tabsec) == 0 &&
            strcmp(keys[k].name, name) == 0)
            return &keys[k];
    return NULL;
}

/* Maps a section as written to its rows of the table: "type.LABEL" and
 * "county.ID" use the rows of [defaults]. *label is NULL for the fixed
 * sections; *kind says which of the two it is. */
static dr_status resolve_section(const char *section, const char **tabsec,
                                 const char **label, dr_section_kind *kind,
                                 const char *origin, long line, long col,
                                 dr_error *err)
{
    static const struct {
        const char *prefix, *what;
        dr_section_kind kind;
    } layered[] = {{"type.", "type label", DR_SEC_TYPE},
                   {"county.", "county id", DR_SEC_COUNTY}};
    *label = NULL;
    for (size_t k = 0; k < 2; k++) {
        size_t n = strlen(layered[k].prefix);
        if (strncmp(section, layered[k].prefix, n) != 0)
            continue;
        if (!dr_valid_id(section + n))
            return dr_error_set(err, DR_EINPUT, origin, line, col,
                                "[%s]: the %s '%s' is not a valid id "
                                "(letters, digits, '_' and '-', at most 63 "
                                "bytes)",
                                section, layered[k].what, section + n);
        *tabsec = "defaults";
        *label = section + n;
        *kind = layered[k].kind;
        return DR_OK;
    }
    for (size_t k = 0; k < NSECTIONS; k++) {
        if (strcmp(section, sections[k]) == 0) {
            *tabsec = sections[k];
            return DR_OK;
        }
    }
    if (strcmp(section, "type") == 0)
        return dr_error_set(err, DR_EINPUT, origin, line, col,
                            "a type section needs a label: [type.LABEL], "
                            "e.g. [type.urban]");
    if (strcmp(section, "county") == 0)
        return dr_error_set(err, DR_EINPUT, origin, line, col,
                            "a county section needs an id: [county.ID], "
                            "e.g. [county.sheqi]");

    /* "types.urban" or "tpye.urban" in a file; "types" alone from --set
     * types.urban.land.mu=..., where the label went into the key */
    static const char *const type[] = {"type"};
    char guess[128];
    const char *g = dr_suggest(section, sections, NSECTIONS);
    const char *dot = strchr(section, '.');
    if (!g && dot && dot - section <= 8) {
        char head[16];
        snprintf(head, sizeof head, "%.*s", (int)(dot - section), section);
        if (dr_suggest(head, type, 1) && dr_valid_id(dot + 1)) {
            snprintf(guess, sizeof guess, "type.%s", dot + 1);
            g = guess;
        }
    } else if (!g && !dot && dr_suggest(section, type, 1)) {
        g = "type.LABEL";
    }
    if (g)
        return dr_error_set(err, DR_EINPUT, origin, line, col,
                            "unknown section [%s]; did you mean [%s]?", section,
                            g);
    return dr_error_set(err, DR_EINPUT, origin, line, col,
                        "unknown section [%s]; the sections are [run], "
                        "[thresholds], [shocks], [correlation], [common], "
                        "[rates], [policy], [defaults], [type.LABEL] and "
                        "[county.ID]",
                        section);
}

static dr_status unknown_key(const char *section, const char *tabsec,
                             const char *key, const char *origin, long line,
                             long col, dr_error *err)
{
    const char *names[NKEYS];
    size_t n = 0;
    for (size_t k = 0; k < NKEYS; k++)
        if (strcmp(keys[k].section, tabsec) == 0)
            names[n++] = keys[k].name;
    const char *g = dr_suggest(key, names, n);
    char swapped[128];
    const char *dot = strchr(key, '.');
    if (!g && dot && strlen(key) < 100) {
        /* land.growth for growth.land: each pair is written once */
        snprintf(swapped, sizeof swapped, "%s.%.*s", dot + 1, (int)(dot - key),
                 key);
        if (find_key(tabsec, swapped))
            g = swapped;
    }
    if (g)
        return dr_error_set(err, DR_EINPUT, origin, line, col,
                            "unknown key '%s' in [%s]; did you mean '%s'?", key,
                            section, g);
    char list[600] = "";
    size_t used = 0;
    for (size_t k = 0; k < n && used < sizeof list; k++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 k ? ", " : "", names[k]);
    return dr_error_set(err, DR_EINPUT, origin, line, col,
                        "unknown key '%s' in [%s]; its keys are %s", key,
                        section, list);
}

dr_status dr_params_check_key(const char *section, const char *key,
                              const char *origin, long line, long sec_col,
                              long key_col, dr_error *err)
{
    const char *tabsec, *label;
    dr_section_kind kind;
    dr_status st = resolve_section(section, &tabsec, &label, &kind, origin,
                                   line, sec_col, err);
    if (st != DR_OK)
        return st;
    if (!find_key(tabsec, key))
        return unknown_key(section, tabsec, key, origin, line, key_col, err);
    return DR_OK;
}

/* ---- values ----------------------------------------------------------- */

typedef union parsed {
    long l;
    uint64_t u;
    double d;
    double g[3];
    int c;
    const char *s;
} parsed;

static const dr_range grade_range = LINE;

static int grades_ok(const double g[3])
{
    return dr_range_has(&grade_range, g[0]) &&
           dr_range_has(&grade_range, g[1]) &&
           dr_range_has(&grade_range, g[2]) && g[0] < g[1] && g[1] < g[2];
}

/* Why three grade lines are refused. */
static const char *grades_why(const double g[3])
{
    if (!(g[0] > 0))
        return "a grade line must be > 0";
    /* the smallest past the largest line allowed, all of them lines as
     * percentages */
    if (g[0] < g[1] && g[1] < g[2] && !dr_range_has(&grade_range, g[0]) &&
        dr_range_has(&grade_range, g[0] / 100) &&
        dr_range_has(&grade_range, g[2] / 100))
        return "these look like percentages: write fractions, such as "
               "'1.2, 2.0, 3.0' for 120%, 200% and 300%";
    if (!(g[0] < g[1] && g[1] < g[2]))
        return "the lines must rise strictly (green < yellow < orange < "
               "red)";
    return "a grade line above 10 (1000%) is not a debt ratio";
}

static dr_status parse_value(const key_def *d, const char *section,
                             const char *value, parsed *v, const char *origin,
                             long line, long col, dr_error *err)
{
    const char *why = NULL;
    switch (d->kind) {
    case K_LONG:
        if (!dr_parse_long(value, LONG_MIN, LONG_MAX, &v->l, &why)) {
            /* dr_parse_long says "out of range" for overflow: our range
             * says it better */
            if (strcmp(why, "out of range") == 0)
                why = NULL;
            return bad_value(err, origin, line, col, section, d, value, NAN,
                             why);
        }
        if (!dr_range_has(&d->r, (double)v->l))
            return bad_value(err, origin, line, col, section, d, value,
                             (double)v->l, NULL);
        return DR_OK;
    case K_SEED:
        if (!dr_parse_u64(value, &v->u, &why))
            return bad_value(err, origin, line, col, section, d, value, NAN,
                             why);
        return DR_OK;
    case K_GRADES:
        if (!dr_parse_numbers(value, v->g, 3, &why))
            return bad_value(err, origin, line, col, section, d, value, NAN,
                             why);
        if (!grades_ok(v->g))
            return bad_value(err, origin, line, col, section, d, value, NAN,
                             grades_why(v->g));
        return DR_OK;
    case K_CHOICE: {
        size_t n = 0;
        for (; d->choices[n]; n++)
            if (strcmp(value, d->choices[n]) == 0) {
                v->c = (int)n;
                return DR_OK;
            }
        const char *g = dr_suggest(value, d->choices, n);
        char did[64] = "";
        if (g)
            snprintf(did, sizeof did, "did you mean %s?", g);
        return bad_value(err, origin, line, col, section, d, value, NAN,
                         g ? did : NULL);
    }
    case K_PATH: /* empty: no file */
        if (strlen(value) >= DR_PATH_MAX / 2)
            return bad_value(err, origin, line, col, section, d, value, NAN,
                             "too long");
        v->s = value;
        return DR_OK;
    case K_DOUBLE:
    case K_CORR:
    case K_TYPE:
        if (!dr_parse_double(value, &v->d, &why))
            return bad_value(err, origin, line, col, section, d, value, NAN,
                             why);
        if (!dr_range_has(&d->r, v->d))
            return bad_value(err, origin, line, col, section, d, value, v->d,
                             NULL);
        return DR_OK;
    }
    return DR_OK;
}

static void store(dr_params *p, const key_def *d, const parsed *v)
{
    switch (d->kind) {
    case K_LONG: *(long *)((char *)p + d->off) = v->l; break;
    case K_SEED: p->seed = v->u; break;
    case K_GRADES: memcpy(p->grades, v->g, sizeof p->grades); break;
    case K_CHOICE: *(int *)((char *)p + d->off) = v->c; break;
    case K_PATH:
        /* handled by set_at, which knows where the value was written */
        break;
    case K_DOUBLE: *dfield(p, d) = v->d; break;
    case K_CORR: p->corr[d->i][d->j] = p->corr[d->j][d->i] = v->d; break;
    case K_TYPE: *dr_param_tfield(&p->defaults, d) = v->d; break;
    }
}

/* A file name as written in origin: relative to origin's folder when
 * origin is a file (a model or scenario file), as given on the command
 * line otherwise (--set: relative to the working folder). */
static dr_status store_path(dr_params *p, const key_def *d, const char *value,
                            const char *origin, long line, long col,
                            dr_error *err)
{
    char *dst = (char *)p + d->off;
    const char *slash = origin ? strrchr(origin, '/') : NULL;
    int from_file = origin && strncmp(origin, "--", 2) != 0;
    int n;
    if (!*value || value[0] == '/' || !from_file || !slash)
        n = snprintf(dst, DR_PATH_MAX, "%s", value);
    else
        n = snprintf(dst, DR_PATH_MAX, "%.*s/%s", (int)(slash - origin), origin,
                     value);
    if (n < 0 || n >= DR_PATH_MAX)
        return bad_value(err, origin, line, col, d->section, d, value, NAN,
                         "the file name is too long");
    return DR_OK;
}

dr_status dr_params_section(dr_params *p, dr_section_kind kind,
                            const char *label, const char *origin, long line,
                            dr_type_section **out)
{
    dr_type_section **arr = kind == DR_SEC_TYPE ? &p->type : &p->county;
    size_t *n = kind == DR_SEC_TYPE ? &p->ntypes : &p->ncounties;
    for (size_t k = 0; k < *n; k++) {
        if (strcmp((*arr)[k].label, label) == 0) {
            *out = &(*arr)[k];
            return DR_OK;
        }
    }
    char *copy = strdup(label);
    dr_type_section *g = copy ? realloc(*arr, (*n + 1) * sizeof *g) : NULL;
    if (!g) {
        free(copy);
        return DR_ENOMEM;
    }
    *arr = g;
    dr_type_section *t = &g[(*n)++];
    memset(t, 0, sizeof *t);
    t->label = copy;
    t->origin = origin;
    t->line = line;
    t->p = p->defaults;
    *out = t;
    return DR_OK;
}

/* dr_params_section with an error report. */
static dr_status section_at(dr_params *p, dr_section_kind kind,
                            const char *label, const char *origin, long line,
                            long col, dr_error *err, dr_type_section **out)
{
    if (dr_params_section(p, kind, label, origin, line, out) != DR_OK)
        return dr_error_set(err, DR_ENOMEM, origin, line, 0, "out of memory");
    if ((*out)->col == 0)
        (*out)->col = col;
    return DR_OK;
}

static dr_status set_at(dr_params *p, const char *section, const char *key,
                        const char *value, const char *origin, long line,
                        long sec_col, long key_col, long val_col, dr_error *err)
{
    const char *tabsec, *label;
    dr_section_kind kind;
    dr_status st = resolve_section(section, &tabsec, &label, &kind, origin,
                                   line, sec_col, err);
    if (st != DR_OK)
        return st;
    const key_def *d = find_key(tabsec, key);
    if (!d)
        return unknown_key(section, tabsec, key, origin, line, key_col, err);
    parsed v;
    st = parse_value(d, section, value, &v, origin, line, val_col, err);
    if (st != DR_OK)
        return st;
    if (!label && d->kind == K_PATH)
        return store_path(p, d, v.s, origin, line, val_col, err);
    if (!label) {
        store(p, d, &v);
        if (d->kind == K_CORR)
            p->corr_src[corr_index(d)] =
                (struct dr_corr_source){origin, line, val_col, ++p->corr_seq};
        return DR_OK;
    }
    /* A type (or county) keeps only what it was given; dr_params_finish
     * lays it over [defaults] so later changes to [defaults] still reach
     * it. */
    dr_type_section *t = NULL;
    st = section_at(p, kind, label, origin, line, sec_col, err, &t);
    if (st != DR_OK)
        return st;
    t->value[d->i] = v.d;
    t->set |= (uint32_t)1 << d->i;
    return DR_OK;
}

/* ---- public functions ------------------------------------------------- */

void dr_params_init(dr_params *p)
{
    memset(p, 0, sizeof *p);
    p->base_year = 2024;
    p->years = 10;
    p->paths = 10000;
    p->seed = 1;

    p->warning = 1.0;
    p->grades[0] = 1.2;
    p->grades[1] = 2.0;
    p->grades[2] = 3.0;
    p->official_warning = 1.0;
    p->interest_warning = 0.10;
    p->debt_gdp_warning = 0.60;

    p->family = DR_FAMILY_NORMAL;
    p->df = 5;
    p->boot_by = DR_BOOT_TYPE;
    p->block = 1;

    memcpy(p->corr, dr_corr_default, sizeof p->corr);

    p->common[DR_VG] = 0.6;
    p->common[DR_VOR] = 0.4;
    p->common[DR_VL] = 0.7;
    p->common[DR_VTR] = 0.8;

    p->yield = 0.025;
    p->rate_sigma = 0.004;
    p->rate_rho = 0.7;
    p->growth_corr = 0.3;
    p->hidden_spread = 0.03;
    p->premium_slope = 0.01;
    p->premium_start = 1.2;
    p->premium_max = 0.05;
    p->reprice_explicit = 0.10;
    p->reprice_hidden = 0.30;

    p->quota = 0.05;
    p->consolidation = 0.0;
    p->consolidation_max = 0.03;
    p->debt_target = 1.0;
    p->surplus_spend = 0.5;

    dr_type_params *t = &p->defaults;
    t->growth_mu = 0.045;
    t->growth_sigma = 0.025;
    t->growth_rho = 0.4;
    t->own_revenue_mu = 0.0;
    t->own_revenue_beta = 1.0;
    t->own_revenue_sigma = 0.04;
    t->land_mu = -0.05;
    t->land_sigma = 0.22;
    t->land_rho = 0.5;
    t->transfers_mu = 0.03;
    t->transfers_sigma = 0.03;
    t->spending_mu = 0.035;
    t->contingent_prob = 0.05;
    t->contingent_loss = 0.3;
    t->rate_explicit = 0.032;
    t->rate_hidden = 0.062;
}

static dr_status on_item(void *user, const dr_ini_item *it, dr_error *err)
{
    dr_params *p = user;
    const char *tabsec, *label;
    dr_section_kind kind;
    dr_type_section *t = NULL;
    dr_status st;
    switch (it->event) {
    case DR_INI_SECTION:
        st = resolve_section(it->section, &tabsec, &label, &kind, it->path,
                             it->line, it->section_col, err);
        if (st == DR_OK && label)
            st = section_at(p, kind, label, it->path, it->line, it->section_col,
                            err, &t);
        return st;
    case DR_INI_PAIR:
        if (it->continuation)
            return dr_error_set(err, DR_EINPUT, it->path, it->line,
                                it->value_col,
                                "unexpected indented line: it would "
                                "continue '%s' from line %ld, and only a "
                                "scenario's title and description take "
                                "more than one line",
                                it->key, it->key_line);
        return set_at(p, it->section, it->key, it->value, it->path, it->line,
                      it->section_col, it->key_col, it->value_col, err);
    case DR_INI_END: return DR_OK;
    }
    return DR_OK;
}

dr_status dr_params_read(dr_params *p, const char *path, dr_error *err)
{
    return dr_ini_parse(path, on_item, p, err);
}

dr_status dr_params_set(dr_params *p, const char *section, const char *key,
                        const char *value, const char *origin, long line,
                        long col, dr_error *err)
{
    return set_at(p, section, key, value, origin, line, col, col, col, err);
}

size_t dr_params_section_len(const char *name)
{
    const char *dot = strchr(name, '.');
    if (!dot || dot == name)
        return 0;
    size_t head = (size_t)(dot - name);
    if ((head == 4 && strncmp(name, "type", 4) == 0) ||
        (head == 6 && strncmp(name, "county", 6) == 0)) {
        dot = strchr(dot + 1, '.');
        if (!dot || dot == name + head + 1)
            return 0;
    }
    if (dot[1] == '\0')
        return 0;
    return (size_t)(dot - name);
}

dr_status dr_params_set_arg(dr_params *p, const char *arg, dr_error *err)
{
    return dr_params_set_arg_as(p, arg, "--set", err);
}

dr_status dr_params_set_arg_as(dr_params *p, const char *arg,
                               const char *origin, dr_error *err)
{
    dr_status st = DR_OK;
    char *name = NULL, *value = NULL, *section = NULL;
    const char *eq = strchr(arg, '=');
    if (!eq) {
        st = dr_error_set(err, DR_EUSAGE, origin, 0, 0,
                          "expected SECTION.KEY=VALUE, e.g. "
                          "rates.hidden_spread=0.035; found '%s'",
                          arg);
        goto done;
    }
    name = strndup(arg, (size_t)(eq - arg));
    char *trimmed = name ? dr_strdup_trim(name) : NULL;
    free(name);
    name = trimmed;
    value = dr_strdup_trim(eq + 1);
    if (!name || !value) {
        st = dr_error_set(err, DR_ENOMEM, origin, 0, 0, "out of memory");
        goto done;
    }
    size_t seclen = dr_params_section_len(name);
    if (seclen == 0) {
        st = dr_error_set(err, DR_EUSAGE, origin, 0, 0,
                          "expected SECTION.KEY=VALUE with a section and a "
                          "key, e.g. rates.hidden_spread=0.035 or "
                          "type.urban.land.mu=-0.1; found '%s'",
                          arg);
        goto done;
    }
    section = strndup(name, seclen);
    if (!section) {
        st = dr_error_set(err, DR_ENOMEM, origin, 0, 0, "out of memory");
        goto done;
    }
    st = set_at(p, section, name + seclen + 1, value, origin, 0, 0, 0, 0, err);
    if (st == DR_EINPUT && err) {
        size_t used = strlen(err->msg);
        snprintf(err->msg + used, sizeof err->msg - used, " (in %s %s)", origin,
                 arg);
    }
done:
    free(name);
    free(value);
    free(section);
    return st;
}

/* Re-checks a value that may have been set directly (the command line's
 * --paths, --years and --seed do that). */
static dr_status check_value(const key_def *d, const char *section, double v,
                             const char *origin, long line, dr_error *err)
{
    if (dr_range_has(&d->r, v))
        return DR_OK;
    char want[128];
    expected(d, want, sizeof want);
    return dr_error_set(err, DR_EINPUT, origin, line, 0,
                        "[%s] %s = %.17g is out of range: expected %s", section,
                        d->name, v, want);
}

/* The error for a correlation matrix that is not positive definite: at
 * the key to blame, with the six values as a model file would write them. */
static dr_status not_positive_definite(const dr_params *p, const char *origin,
                                       dr_error *err)
{
    unsigned seq[DR_NCORR];
    for (size_t k = 0; k < DR_NCORR; k++)
        seq[k] = p->corr_src[k].seq;
    long culprit = dr_corr_culprit(p->corr, seq);
    const key_def *bad = NULL;
    for (size_t k = 0; k < NKEYS && culprit >= 0; k++)
        if (keys[k].kind == K_CORR && corr_index(&keys[k]) == (size_t)culprit)
            bad = &keys[k];
    const struct dr_corr_source *src = bad ? &p->corr_src[culprit] : NULL;
    char list[400] = "", v[32];
    size_t used = 0;
    for (size_t k = 0; k < NKEYS; k++) {
        const key_def *d = &keys[k];
        if (d->kind != K_CORR || used >= sizeof list)
            continue;
        dr_format_double(v, p->corr[d->i][d->j]);
        used += (size_t)snprintf(
            list + used, sizeof list - used, "%s%s = %s%s", used ? ", " : "",
            d->name, v, p->corr_src[corr_index(d)].origin ? "" : " (default)");
    }
    if (!bad)
        return dr_error_set(err, DR_EINPUT, origin, 0, 0,
                            "the correlation matrix is not positive "
                            "definite: %s",
                            list);
    dr_format_double(v, p->corr[bad->i][bad->j]);
    return dr_error_set(
        err, DR_EINPUT, src->origin, src->line, src->col,
        "[correlation] %s = %s: with it the correlation "
        "matrix is not positive definite (four variables "
        "cannot have all these correlations); the six values: %s; make "
        "them smaller or consistent with each other",
        bad->name, v, list);
}

dr_status dr_params_finish(dr_params *p, const char *origin, dr_error *err)
{
    dr_status st = DR_OK;
    for (size_t k = 0; k < NKEYS && st == DR_OK; k++) {
        const key_def *d = &keys[k];
        switch (d->kind) {
        case K_LONG:
            st = check_value(d, d->section,
                             (double)*(long *)((char *)p + d->off), origin, 0,
                             err);
            break;
        case K_SEED: break;
        case K_GRADES:
            if (!grades_ok(p->grades))
                st = dr_error_set(err, DR_EINPUT, origin, 0, 0,
                                  "[thresholds] grades = %.17g, %.17g, "
                                  "%.17g: expected three ascending numbers "
                                  "> 0",
                                  p->grades[0], p->grades[1], p->grades[2]);
            break;
        case K_CHOICE:
        case K_PATH: break;
        case K_DOUBLE:
            st = check_value(d, d->section, *dfield(p, d), origin, 0, err);
            break;
        case K_CORR:
            st =
                check_value(d, d->section, p->corr[d->i][d->j], origin, 0, err);
            break;
        case K_TYPE:
            st = check_value(d, d->section, *dr_param_tfield(&p->defaults, d),
                             origin, 0, err);
            for (size_t t = 0; t < p->ntypes + p->ncounties && st == DR_OK;
                 t++) {
                int is_type = t < p->ntypes;
                const dr_type_section *ts =
                    is_type ? &p->type[t] : &p->county[t - p->ntypes];
                if (!(ts->set >> d->i & 1))
                    continue;
                char sec[80];
                snprintf(sec, sizeof sec, "%s.%s", is_type ? "type" : "county",
                         ts->label);
                st = check_value(d, sec, ts->value[d->i],
                                 ts->origin ? ts->origin : origin, ts->line,
                                 err);
            }
            break;
        }
    }
    if (st != DR_OK)
        return st;

    for (int i = 0; i < DR_NVAR; i++)
        for (int j = 0; j < DR_NVAR; j++)
            if (p->corr[i][j] != (i == j ? 1.0 : p->corr[j][i]))
                return dr_error_set(err, DR_EINPUT, origin, 0, 0,
                                    "the correlation matrix must be "
                                    "symmetric with a unit diagonal");

    if (!dr_corr_cholesky(p->corr, p->chol))
        return not_positive_definite(p, origin, err);

    for (size_t t = 0; t < p->ntypes; t++) {
        dr_type_section *ts = &p->type[t];
        ts->p = p->defaults;
        for (size_t k = 0; k < NKEYS; k++)
            if (keys[k].kind == K_TYPE && (ts->set >> keys[k].i & 1))
                *dr_param_tfield(&ts->p, &keys[k]) = ts->value[keys[k].i];
    }
    return DR_OK;
}

const dr_type_section *dr_params_county_section(const dr_params *p,
                                                const char *id)
{
    for (size_t k = 0; id && k < p->ncounties; k++)
        if (strcmp(p->county[k].label, id) == 0)
            return &p->county[k];
    return NULL;
}

void dr_params_county(const dr_params *p, const char *id, const char *type,
                      dr_type_params *out)
{
    *out = *dr_params_type(p, type);
    const dr_type_section *cs = dr_params_county_section(p, id);
    for (size_t k = 0; cs && k < NKEYS; k++)
        if (keys[k].kind == K_TYPE && (cs->set >> keys[k].i & 1))
            *dr_param_tfield(out, &keys[k]) = cs->value[keys[k].i];
}

int dr_params_type_key(const char *name)
{
    const key_def *d = find_key("defaults", name);
    return d ? d->i : -1;
}

double *dr_type_params_field(dr_type_params *t, int i)
{
    for (size_t k = 0; k < NKEYS; k++)
        if (keys[k].kind == K_TYPE && keys[k].i == i)
            return dr_param_tfield(t, &keys[k]);
    return NULL;
}

double dr_type_params_get(const dr_type_params *t, int i)
{
    for (size_t k = 0; k < NKEYS; k++)
        if (keys[k].kind == K_TYPE && keys[k].i == i)
            return *(const double *)((const char *)t + keys[k].off);
    return NAN;
}

const char *dr_params_type_key_name(int i)
{
    for (size_t k = 0; k < NKEYS; k++)
        if (keys[k].kind == K_TYPE && keys[k].i == i)
            return keys[k].name;
    return "?";
}

const char *dr_params_key_label(const char *key, dr_lang lang)
{
    const key_def *d = find_key("defaults", key);
    const char *dot = strchr(key, '.');
    char section[32];
    if (!d && dot && (size_t)(dot - key) < sizeof section) {
        snprintf(section, sizeof section, "%.*s", (int)(dot - key), key);
        d = find_key(section, dot + 1);
    }
    if (!d)
        return NULL;
    return lang == DR_LANG_ZH ? d->label_zh : d->label_en;
}

const dr_type_params *dr_params_type(const dr_params *p, const char *label)
{
    for (size_t k = 0; label && k < p->ntypes; k++)
        if (strcmp(p->type[k].label, label) == 0)
            return &p->type[k].p;
    return &p->defaults;
}

const char *dr_params_near_type(const dr_params *p, const char *label)
{
    const char *best = NULL;
    int bestd = 99;
    for (size_t k = 0; k < p->ntypes; k++) {
        if (strcmp(p->type[k].label, label) == 0)
            return NULL;
        int d = dr_suggest_distance(label, p->type[k].label);
        if (d >= 0 && d < bestd) {
            best = p->type[k].label;
            bestd = d;
        }
    }
    return best;
}
