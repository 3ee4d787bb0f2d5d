#include "stats/target.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"

#define USAGE(...) dr_error_set(err, DR_EUSAGE, NULL, 0, 0, __VA_ARGS__)

static const struct measure {
    const char *name;
    dr_target_kind kind;
    int at_year; /* takes @YEAR */
    int city, prob;
} measures[] = {
    {"p_breach_end", DR_TG_P_BREACH_END, 0, 0, 1},
    {"p_above", DR_TG_P_ABOVE, 1, 0, 1},
    {"p_red_end", DR_TG_P_RED_END, 0, 0, 1},
    {"broad_p50", DR_TG_BROAD_P50, 1, 0, 0},
    {"broad_p90", DR_TG_BROAD_P90, 1, 0, 0},
    {"broad", DR_TG_BROAD, 1, 0, 0},
    {"city_p50", DR_TG_CITY_P50, 1, 1, 0},
    {"city_p_above", DR_TG_CITY_P_ABOVE, 1, 1, 1},
    {"counties_above_end", DR_TG_COUNTIES_ABOVE_END, 0, 1, 0},
};
#define NMEASURES (sizeof measures / sizeof measures[0])

static const char expected_forms[] =
    "p_breach_end<=P, p_above@YEAR<=P, p_red_end<=P, broad_p50@YEAR<=R, "
    "broad_p90@YEAR<=R, broad@YEAR<=R, city_p50@YEAR<=R, "
    "city_p_above@YEAR<=P or counties_above_end<=K";

dr_status dr_target_parse(const char *text, dr_target *t, dr_error *err)
{
    *t = (dr_target){0};
    if (!text)
        return USAGE("solve needs --target, e.g. 'p_breach_end<=0.3'");
    if (strlen(text) >= sizeof t->text)
        return USAGE("--target: '%.40s...' is too long", text);
    snprintf(t->text, sizeof t->text, "%s", text);
    const char *le = strstr(text, "<=");
    if (!le)
        return USAGE("--target '%s': expected MEASURE<=BOUND, one of %s", text,
                     expected_forms);
    char name[64];
    const char *at = memchr(text, '@', (size_t)(le - text));
    snprintf(name, sizeof name, "%.*s", (int)((at ? at : le) - text), text);
    size_t k = 0;
    while (k < NMEASURES && strcmp(name, measures[k].name) != 0)
        k++;
    if (k == NMEASURES)
        return USAGE("--target '%s': unknown measure '%s'; expected %s", text,
                     name, expected_forms);
    const struct measure *m = &measures[k];
    t->kind = m->kind;
    t->city = m->city;
    t->prob = m->prob;
    const char *why;
    if (m->at_year && !at)
        return USAGE("--target '%s': %s needs a year, %s@YEAR<=BOUND", text,
                     name, name);
    if (!m->at_year && at)
        return USAGE("--target '%s': %s is at the horizon and takes no "
                     "@YEAR",
                     text, name);
    if (at) {
        char year[16];
        snprintf(year, sizeof year, "%.*s", (int)(le - at - 1), at + 1);
        if ((size_t)(le - at - 1) >= sizeof year ||
            !dr_parse_long(year, 1900, 2200, &t->year, &why))
            return USAGE("--target '%s': expected a year after @, found "
                         "'%.*s'",
                         text, (int)(le - at - 1), at + 1);
    }
    if (!dr_parse_double(le + 2, &t->bound, &why))
        return USAGE("--target '%s': expected a number after <=, found '%s'",
                     text, le + 2);
    if (t->prob && !(t->bound >= 0.0 && t->bound <= 1.0))
        return USAGE("--target '%s': a probability bound is in [0, 1]%s", text,
                     t->bound > 1.0 && t->bound <= 100.0 ? "; write 0.3 for 30%"
                                                         : "");
    if (!(t->bound >= 0.0))
        return USAGE("--target '%s': the bound cannot be negative", text);
    return DR_OK;
}

dr_status dr_target_resolve(dr_target *t, const dr_params *p, int deterministic,
                            int city_scope, dr_error *err)
{
    long first = p->base_year + 1, last = p->base_year + p->years;
    int at_end = t->kind == DR_TG_P_BREACH_END || t->kind == DR_TG_P_RED_END ||
                 t->kind == DR_TG_COUNTIES_ABOVE_END;
    if (at_end)
        t->year = last;
    else if (t->year < first || t->year > last)
        return USAGE("--target '%s': %ld is outside the projection "
                     "%ld-%ld",
                     t->text, t->year, first, last);
    t->t = t->year - p->base_year;
    if (t->kind == DR_TG_BROAD && !deterministic)
        return USAGE("--target '%s': broad@YEAR is the deterministic "
                     "ratio; add --deterministic, or use broad_p50@YEAR",
                     t->text);
    if (t->kind != DR_TG_BROAD && deterministic)
        return USAGE("--target '%s' is a statistic of the Monte Carlo "
                     "paths; with --deterministic use broad@YEAR<=R",
                     t->text);
    if (t->city && !city_scope)
        return USAGE("--target '%s' is a target of the whole city: add "
                     "--scope city",
                     t->text);
    return DR_OK;
}

static double prob_se(double p, long paths)
{
    return paths > 1 ? sqrt(p * (1.0 - p) / (double)paths) : NAN;
}

double dr_target_value(const dr_target *t, const dr_results *res, size_t i,
                       double *se)
{
    long y = t->t;
    double v = NAN;
    *se = NAN;
    switch (t->kind) {
    case DR_TG_P_BREACH_END:
        v = dr_results_stat(res, i, y, DR_M_BROAD)->p_breached;
        break;
    case DR_TG_P_ABOVE:
        v = dr_results_stat(res, i, y, DR_M_BROAD)->p_above;
        break;
    case DR_TG_P_RED_END: v = dr_results_grades(res, i, y)[DR_RED]; break;
    case DR_TG_BROAD_P50:
    case DR_TG_BROAD: v = dr_results_stat(res, i, y, DR_M_BROAD)->pct[3]; break;
    case DR_TG_BROAD_P90:
        v = dr_results_stat(res, i, y, DR_M_BROAD)->pct[5];
        break;
    case DR_TG_CITY_P50: v = res->city[y].pct[3]; break;
    case DR_TG_CITY_P_ABOVE: v = res->city[y].p_above; break;
    case DR_TG_COUNTIES_ABOVE_END: {
        /* the mean of K, counties above, and the se of that mean */
        const double *pk = &res->city_counts[(size_t)y * (res->n + 1)];
        double m = 0.0, m2 = 0.0;
        for (size_t k = 0; k <= res->n; k++) {
            m += (double)k * pk[k];
            m2 += (double)k * (double)k * pk[k];
        }
        v = res->city_expected[y];
        if (res->paths > 1)
            *se = sqrt(fmax(0.0, m2 - m * m) / (double)res->paths);
        return v;
    }
    }
    if (t->prob)
        *se = prob_se(v, res->paths);
    return v;
}

const char *dr_target_words(const dr_target *t, int zh, char *buf, size_t n)
{
    switch (t->kind) {
    case DR_TG_P_BREACH_END:
        snprintf(buf, n, zh ? "至 %ld 年突破警戒线的概率" : "P(breach by %ld)",
                 t->year);
        break;
    case DR_TG_P_ABOVE:
        snprintf(buf, n,
                 zh ? "%ld 年高于警戒线的概率" : "P(above the line in %ld)",
                 t->year);
        break;
    case DR_TG_P_RED_END:
        snprintf(buf, n, zh ? "%ld 年红色等级的概率" : "P(red grade in %ld)",
                 t->year);
        break;
    case DR_TG_BROAD_P50:
        snprintf(buf, n,
                 zh ? "%ld 年广义债务率中位数" : "the median debt ratio in %ld",
                 t->year);
        break;
    case DR_TG_BROAD_P90:
        snprintf(buf, n,
                 zh ? "%ld 年广义债务率第 90 百分位"
                    : "the 90th percentile of the debt ratio in %ld",
                 t->year);
        break;
    case DR_TG_BROAD:
        snprintf(buf, n,
                 zh ? "%ld 年广义债务率（确定性）"
                    : "the debt ratio in %ld (deterministic)",
                 t->year);
        break;
    case DR_TG_CITY_P50:
        snprintf(buf, n,
                 zh ? "%ld 年全市债务率中位数"
                    : "the city's median debt ratio in %ld",
                 t->year);
        break;
    case DR_TG_CITY_P_ABOVE:
        snprintf(buf, n,
                 zh ? "%ld 年全市高于警戒线的概率"
                    : "P(the city above the line in %ld)",
                 t->year);
        break;
    case DR_TG_COUNTIES_ABOVE_END:
        snprintf(buf, n,
                 zh ? "%ld 年高于警戒线的县（市、区）数（期望）"
                    : "the expected number of counties above the line in %ld",
                 t->year);
        break;
    }
    return buf;
}
