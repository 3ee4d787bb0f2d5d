/* The levers of debtrisk solve (inputs/lever.h): every form of --lever,
 * --range, --years and --tol, and every refusal (DR_EUSAGE naming the
 * flag); the defaults against a projection of 2025-2029 (spending and
 * revenue 0:0.3, swap 0:1/years over the first three years, every
 * projected year otherwise, the tolerance |hi - lo|/1000); what
 * dr_lever_add puts into a scenario for one county and for the city (a
 * [defaults] key also into every [type.*] and [county.*] section of the
 * model that sets it); a lever at its identity adding nothing; the
 * lever's words. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "inputs/lever.h"
#include "scratch.h"

/* [type.urban] and [county.west] set spending.mu, [type.rural] and
 * [county.north] do not (they set other keys). */
static const char model_ini[] = "[run]\n"
                                "base_year = 2024\n"
                                "years = 5\n"
                                "[defaults]\n"
                                "spending.mu = 0.01\n"
                                "[type.urban]\n"
                                "land.mu = 0.01\n"
                                "spending.mu = 0.02\n"
                                "[type.rural]\n"
                                "land.mu = -0.01\n"
                                "[county.west]\n"
                                "spending.mu = 0.03\n"
                                "[county.north]\n"
                                "growth.mu = 0.05\n";

/* --lever, --range, --years, --tol; those left out NULL */
#define LV(...) LV_(__VA_ARGS__, NULL, NULL, NULL, NULL)
#define LV_(a, b, c, d, ...)                                                   \
    {                                                                          \
        a, b, c, d                                                             \
    }

static dr_params params; /* the model above: 2025-2029 */
static char *model_path;

static dr_county east = {.id = "east", .name = "East", .type = "urban"};

/* Parses a, expecting success. */
static dr_lever parsed(dr_lever_args a)
{
    dr_lever lv;
    dr_error err = {0};
    if (dr_lever_parse(&a, &lv, &err) != DR_OK)
        printf("# %s: %s\n", a.lever ? a.lever : "(none)", err.msg);
    return lv;
}

static void parse_forms(void)
{
    dr_lever lv = parsed((dr_lever_args)LV("spending"));
    CHECK(lv.kind == DR_LEVER_SPENDING && strcmp(lv.text, "spending") == 0);
    lv = parsed((dr_lever_args)LV("revenue"));
    CHECK(lv.kind == DR_LEVER_REVENUE && strcmp(lv.text, "revenue") == 0);
    lv = parsed((dr_lever_args)LV("swap"));
    CHECK(lv.kind == DR_LEVER_SWAP);

    lv = parsed((dr_lever_args)LV("adjust:land_revenue:mul", "1:0.7"));
    CHECK(lv.kind == DR_LEVER_ADJUST && lv.var == DR_ADJ_LAND_REVENUE &&
          lv.op == DR_OP_MUL && lv.lo == 1.0 && lv.hi == 0.7 &&
          strcmp(lv.text, "adjust:land_revenue:mul") == 0);
    lv = parsed((dr_lever_args)LV("adjust:hidden_spread:add", "0:-0.02"));
    CHECK(lv.kind == DR_LEVER_ADJUST && lv.var == DR_ADJ_HIDDEN_SPREAD &&
          lv.op == DR_OP_ADD && lv.lo == 0.0 && lv.hi == -0.02);
    /* every variable of a scenario adjustment takes add */
    int all = 1;
    for (int v = 0; v < DR_ADJ_NVARS; v++) {
        char text[64];
        snprintf(text, sizeof text, "adjust:%s:add",
                 dr_adj_var_name((dr_adj_var)v));
        dr_lever_args a = LV(text, "0:1");
        dr_error err = {0};
        all &= dr_lever_parse(&a, &lv, &err) == DR_OK && (int)lv.var == v &&
               lv.op == DR_OP_ADD;
        /* and the flows mul */
        snprintf(text, sizeof text, "adjust:%s:mul",
                 dr_adj_var_name((dr_adj_var)v));
        all &= (dr_lever_parse(&a, &lv, &err) == DR_OK) == (v < DR_NFLOWS);
    }
    CHECK(all);

    lv = parsed((dr_lever_args)LV("set:rates.hidden_spread", "0.03:0.01"));
    CHECK(lv.kind == DR_LEVER_SET && strcmp(lv.section, "rates") == 0 &&
          strcmp(lv.key, "hidden_spread") == 0 && !lv.county_key &&
          lv.lo == 0.03 && lv.hi == 0.01);
    lv = parsed((dr_lever_args)LV("set:defaults.spending.mu", "0:-0.02"));
    CHECK(lv.kind == DR_LEVER_SET && strcmp(lv.section, "defaults") == 0 &&
          strcmp(lv.key, "spending.mu") == 0 && lv.county_key);
    lv = parsed((dr_lever_args)LV("set:type.urban.land.mu", "0:0.1"));
    CHECK(lv.kind == DR_LEVER_SET && strcmp(lv.section, "type.urban") == 0 &&
          strcmp(lv.key, "land.mu") == 0 && !lv.county_key);

    /* --range on a share lever, --years a range or one year, --tol */
    lv =
        parsed((dr_lever_args)LV("spending", "0.05:0.2", "2026-2028", "0.001"));
    CHECK(lv.lo == 0.05 && lv.hi == 0.2 && lv.year_from == 2026 &&
          lv.year_to == 2028 && lv.tol == 0.001);
    lv = parsed((dr_lever_args)LV("swap", NULL, "2027"));
    CHECK(lv.year_from == 2027 && lv.year_to == 2027);
    lv = parsed((dr_lever_args)LV("revenue", " -0.1 : 1e-1 "));
    CHECK(lv.lo == -0.1 && lv.hi == 0.1);
}

/* Each malformed lever: DR_EUSAGE, its phrases in the message. */
static void parse_refusals(void)
{
    static const struct {
        dr_lever_args a;
        const char *phrase, *also;
    } bad[] = {
        {LV(NULL), "solve needs --lever", "set:SECTION.KEY"},
        {LV("adjust:land_revenue:mul_________________________________________"
            "________________________________"),
         "--lever: '", "is too long"},
        {LV("spend"), "--lever: unknown lever 'spend'",
         "expected spending, revenue, swap, adjust:VARIABLE:OP or "
         "set:SECTION.KEY"},
        {LV("Spending"), "unknown lever 'Spending'", "--lever"},
        {LV("adjust", "0:1"), "unknown lever 'adjust'", "--lever"},
        {LV("adjust:", "0:1"), "--lever 'adjust:'",
         "expected adjust:VARIABLE:OP"},
        {LV("adjust:land_revenue", "0:1"), "--lever 'adjust:land_revenue'",
         "expected adjust:VARIABLE:OP, e.g. adjust:land_revenue:mul"},
        {LV("adjust:land:mul", "1:0.7"), "--lever: unknown variable 'land'",
         "own_revenue, transfers, land_revenue"},
        {LV("adjust:land_revenue:div", "1:0.7"), "--lever: unknown op 'div'",
         "in 'adjust:land_revenue:div'; expected mul or add"},
        {LV("adjust:land_revenue:", "1:0.7"), "unknown op ''", "--lever"},
        {LV("adjust:yield:mul", "1:2"), "--lever 'adjust:yield:mul'",
         "yield takes add only (mul is for the flows)"},
        {LV("adjust:hidden_debt:mul", "1:2"), "hidden_debt takes add only",
         "--lever"},
        {LV("adjust:land_revenue:mul"), "--lever adjust:land_revenue:mul",
         "needs --range LO:HI"},
        {LV("set:rates.yield"), "--lever set:rates.yield", "needs --range"},
        {LV("set:rates", "0:1"), "--lever 'set:rates'",
         "expected set:SECTION.KEY, e.g. set:rates.hidden_spread"},
        {LV("set:", "0:1"), "expected set:SECTION.KEY", "--lever"},
        {LV("set:rates.", "0:1"), "expected set:SECTION.KEY", "--lever"},
        {LV("set:run.seed", "1:2"), "--lever 'set:run.seed'",
         "[run] keys (seed, paths, years, base_year)"},
        {LV("set:run.paths", "1:2"), "cannot be a lever", "--lever"},
        {LV("set:rates.hidden_spred", "0:1"), "hidden_spred",
         "did you mean 'hidden_spread'"},
        {LV("set:ratez.yield", "0:1"), "ratez", "rates"},
        {LV("spending", "0.3"), "--range: expected LO:HI, e.g. 0:0.3",
         "found '0.3'"},
        {LV("spending", "a:b"), "--range: expected LO:HI, two numbers",
         "found 'a:b'"},
        {LV("spending", ":0.3"), "two numbers", "found ':0.3'"},
        {LV("spending", "0:"), "two numbers", "found '0:'"},
        {LV("spending", "0:0.3:0.5"), "two numbers", "--range"},
        {LV("spending", "0:nan"), "two numbers", "--range"},
        {LV("spending", "0.2:0.2"), "--range 0.2:0.2",
         "the two ends are the same"},
        {LV("spending", "0:0.3", "2026-2025"), "--years 2026-2025",
         "the range runs backwards"},
        {LV("spending", NULL, "20x6"), "--years: expected Y0-Y1 or a year",
         "found '20x6'"},
        {LV("spending", NULL, "2026-"), "--years: expected Y0-Y1 or a year",
         "found '2026-'"},
        {LV("spending", NULL, ""), "--years: expected Y0-Y1", "found ''"},
        {LV("spending", NULL, "1899"), "--years: expected", "'1899'"},
        {LV("spending", NULL, "2026-20000000000000000000"), "--years: expected",
         "--years"},
        {LV("set:defaults.spending.mu", "0:0.1", "2026"),
         "--years does not apply to --lever set:defaults.spending.mu",
         "a model key holds for every year"},
        {LV("spending", NULL, NULL, "0"), "--tol: expected a positive number",
         "found '0'"},
        {LV("spending", NULL, NULL, "-0.01"), "--tol: expected a positive",
         "'-0.01'"},
        {LV("spending", NULL, NULL, "x"), "--tol: expected a positive", "'x'"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        dr_lever lv;
        dr_error err = {0};
        dr_status st = dr_lever_parse(&bad[k].a, &lv, &err);
        int ok = st == DR_EUSAGE && err.status == DR_EUSAGE &&
                 strstr(err.msg, bad[k].phrase) && strstr(err.msg, bad[k].also);
        if (!ok)
            printf("# %s: status %d, %s\n",
                   bad[k].a.lever ? bad[k].a.lever : "(none)", (int)st,
                   err.msg);
        CHECK(ok);
    }
    /* an unknown model key is named at the flag, as --set's are */
    dr_lever lv;
    dr_error err = {0};
    dr_lever_args a = LV("set:rates.nosuch", "0:1");
    dr_status st = dr_lever_parse(&a, &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "--lever", 0, ANY, "nosuch"));
}

/* Parses and resolves a against params (T = years of the projection). */
static dr_status resolved(dr_lever_args a, long years, int city, dr_lever *lv,
                          dr_error *err)
{
    long keep = params.years;
    params.years = years;
    dr_status st = dr_lever_parse(&a, lv, err);
    if (st == DR_OK)
        st = dr_lever_resolve(lv, &a, &params, city, err);
    params.years = keep;
    return st;
}

static void defaults(void)
{
    dr_lever lv;
    dr_error err = {0};
    /* spending, revenue: 0:0.3 over 2025-2029, tol 0.3 / 1000 */
    CHECK(resolved((dr_lever_args)LV("spending"), 5, 0, &lv, &err) == DR_OK &&
          lv.lo == 0.0 && lv.hi == 0.3 && lv.year_from == 2025 &&
          lv.year_to == 2029);
    CHECK_NEAR(lv.tol, 0.0003, 1e-15);
    CHECK(resolved((dr_lever_args)LV("revenue"), 5, 1, &lv, &err) == DR_OK &&
          lv.lo == 0.0 && lv.hi == 0.3 && lv.year_from == 2025 &&
          lv.year_to == 2029);
    CHECK_NEAR(lv.tol, 0.0003, 1e-15);
    /* swap: the first three years, each a third of H_0 at most */
    CHECK(resolved((dr_lever_args)LV("swap"), 5, 0, &lv, &err) == DR_OK &&
          lv.lo == 0.0 && lv.year_from == 2025 && lv.year_to == 2027);
    CHECK_NEAR(lv.hi, 1.0 / 3.0, 1e-15);
    CHECK_NEAR(lv.tol, 1.0 / 3000.0, 1e-15);
    /* a projection of two years: both, half each; of three: all three */
    CHECK(resolved((dr_lever_args)LV("swap"), 2, 0, &lv, &err) == DR_OK &&
          lv.year_from == 2025 && lv.year_to == 2026 && lv.hi == 0.5);
    CHECK(resolved((dr_lever_args)LV("swap"), 3, 0, &lv, &err) == DR_OK &&
          lv.year_from == 2025 && lv.year_to == 2027);
    CHECK_NEAR(lv.hi, 1.0 / 3.0, 1e-15);
    /* --years given: a swap's range follows them (four years: a quarter) */
    CHECK(resolved((dr_lever_args)LV("swap", NULL, "2026-2029"), 5, 0, &lv,
                   &err) == DR_OK &&
          lv.year_from == 2026 && lv.year_to == 2029 && lv.hi == 0.25);
    CHECK(resolved((dr_lever_args)LV("spending", NULL, "2029"), 5, 0, &lv,
                   &err) == DR_OK &&
          lv.year_from == 2029 && lv.year_to == 2029 && lv.hi == 0.3);
    /* --range given: kept, the tolerance its width / 1000 either way */
    CHECK(resolved((dr_lever_args)LV("adjust:primary_spending:mul", "1:0.7"), 5,
                   0, &lv, &err) == DR_OK &&
          lv.lo == 1.0 && lv.hi == 0.7 && lv.year_from == 2025 &&
          lv.year_to == 2029);
    CHECK_NEAR(lv.tol, 0.0003, 1e-15);
    CHECK(resolved((dr_lever_args)LV("swap", "0:0.1"), 5, 0, &lv, &err) ==
              DR_OK &&
          lv.hi == 0.1 && lv.year_to == 2027);
    CHECK_NEAR(lv.tol, 0.0001, 1e-15);
    /* --tol given: kept when below the width */
    CHECK(resolved((dr_lever_args)LV("spending", NULL, NULL, "0.29"), 5, 0, &lv,
                   &err) == DR_OK &&
          lv.tol == 0.29);
    /* a set: lever: every year (it holds for all), one value for the city;
     * a [defaults] key county by county too */
    CHECK(resolved((dr_lever_args)LV("set:rates.hidden_spread", "0.03:0.01"), 5,
                   1, &lv, &err) == DR_OK &&
          lv.year_from == 2025 && lv.year_to == 2029);
    CHECK_NEAR(lv.tol, 0.00002, 1e-15);
    CHECK(resolved((dr_lever_args)LV("set:defaults.spending.mu", "0:-0.02"), 5,
                   0, &lv, &err) == DR_OK);
}

static void resolve_refusals(void)
{
    dr_lever lv;
    dr_error err = {0};
    dr_status st = resolved((dr_lever_args)LV("spending", NULL, "2024-2026"), 5,
                            0, &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "--years 2024-2026: outside the projection 2025-2029"));
    st =
        resolved((dr_lever_args)LV("swap", NULL, "2029-2030"), 5, 0, &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "--years 2029-2030: outside the projection 2025-2029"));
    st = resolved((dr_lever_args)LV("spending", NULL, "2027"), 2, 0, &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "outside the projection 2025-2026"));
    /* the tolerance must be below the width of the range */
    st = resolved((dr_lever_args)LV("spending", NULL, NULL, "0.3"), 5, 0, &lv,
                  &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "--tol 0.3: not below the width of the range, 0.3"));
    st = resolved(
        (dr_lever_args)LV("adjust:land_revenue:mul", "1:0.5", NULL, "2"), 5, 0,
        &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "--tol 2: not below the width of the range, 0.5"));
    st = resolved((dr_lever_args)LV("swap", NULL, "2025-2026", "0.5"), 5, 0,
                  &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0, "--tol 0.5: not below"));
    /* a city-wide key cannot be solved county by county */
    st = resolved((dr_lever_args)LV("set:rates.hidden_spread", "0.03:0.01"), 5,
                  0, &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0,
                 "--lever set:rates.hidden_spread: one value for the whole "
                 "city") &&
          strstr(err.msg, "use --scope city") &&
          strstr(err.msg, "set:defaults.spending.mu"));
    st = resolved((dr_lever_args)LV("set:type.urban.land.mu", "0:0.1"), 5, 0,
                  &lv, &err);
    CHECK(err_is(st, &err, DR_EUSAGE, "", 0, 0, "--scope city"));
    st = resolved((dr_lever_args)LV("set:type.urban.land.mu", "0:0.1"), 5, 1,
                  &lv, &err);
    CHECK(st == DR_OK);
}

/* 1 when sel is the one county id. */
static int selects(const dr_selector *sel, const char *id)
{
    return sel->kind == DR_SEL_IDS && sel->nids == 1 &&
           strcmp(sel->ids[0], id) == 0;
}

static dr_lever lever_of(dr_lever_args a, int city)
{
    dr_lever lv;
    dr_error err = {0};
    if (resolved(a, 5, city, &lv, &err) != DR_OK)
        printf("# %s: %s\n", a.lever, err.msg);
    return lv;
}

static void adding(void)
{
    dr_scenario s = {0};
    dr_error err = {0};
    /* spending cut 0.1 for east in its years: primary_spending mul 0.9 */
    dr_lever lv = lever_of((dr_lever_args)LV("spending", NULL, "2026-2028"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.1, &s, &err) == DR_OK &&
          s.nadj == 1 && s.nset == 0 && s.nswap == 0);
    dr_adjust *a = &s.adj[0];
    CHECK(a->var == DR_ADJ_PRIMARY_SPENDING && a->op == DR_OP_MUL &&
          a->value == 0.9 && a->year_from == 2026 && a->year_to == 2028 &&
          !a->per_cfr_base && strcmp(a->label, "solved-east") == 0 &&
          selects(&a->counties, "east"));
    /* and for the city: every county, label "solved"; appended */
    CHECK(dr_lever_add(&lv, &params, NULL, 0.25, &s, &err) == DR_OK &&
          s.nadj == 2);
    a = &s.adj[1];
    CHECK(a->var == DR_ADJ_PRIMARY_SPENDING && a->op == DR_OP_MUL &&
          a->value == 0.75 && strcmp(a->label, "solved") == 0 &&
          a->counties.kind == DR_SEL_ALL && a->counties.nids == 0);
    /* revenue raised 0.2: own_revenue mul 1.2 */
    lv = lever_of((dr_lever_args)LV("revenue"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.2, &s, &err) == DR_OK &&
          s.nadj == 3);
    a = &s.adj[2];
    CHECK(a->var == DR_ADJ_OWN_REVENUE && a->op == DR_OP_MUL &&
          a->value == 1.2 && a->year_from == 2025 && a->year_to == 2029);
    /* adjust: the value itself */
    lv = lever_of((dr_lever_args)LV("adjust:hidden_spread:add", "0:-0.02"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, -0.015, &s, &err) == DR_OK &&
          s.nadj == 4);
    a = &s.adj[3];
    CHECK(a->var == DR_ADJ_HIDDEN_SPREAD && a->op == DR_OP_ADD &&
          a->value == -0.015 && selects(&a->counties, "east"));
    lv = lever_of((dr_lever_args)LV("adjust:land_revenue:mul", "1:0.5"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.8, &s, &err) == DR_OK &&
          s.nadj == 5 && s.adj[4].var == DR_ADJ_LAND_REVENUE &&
          s.adj[4].op == DR_OP_MUL && s.adj[4].value == 0.8);
    /* swap: share x a year in the first three years */
    lv = lever_of((dr_lever_args)LV("swap"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.125, &s, &err) == DR_OK &&
          s.nswap == 1);
    dr_swap *w = &s.swap[0];
    CHECK(w->share == 0.125 && w->spread == 0.0 && w->year_from == 2025 &&
          w->year_to == 2027 && strcmp(w->label, "solved-east") == 0 &&
          selects(&w->counties, "east"));
    CHECK(dr_lever_add(&lv, &params, NULL, 0.25, &s, &err) == DR_OK &&
          s.nswap == 2 && s.swap[1].share == 0.25 &&
          strcmp(s.swap[1].label, "solved") == 0 &&
          s.swap[1].counties.kind == DR_SEL_ALL);

    /* at the identity: nothing */
    size_t nadj = s.nadj, nswap = s.nswap;
    lv = lever_of((dr_lever_args)LV("spending"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.0, &s, &err) == DR_OK);
    CHECK(dr_lever_add(&lv, &params, NULL, 0.0, &s, &err) == DR_OK);
    lv = lever_of((dr_lever_args)LV("revenue"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.0, &s, &err) == DR_OK);
    lv = lever_of((dr_lever_args)LV("swap"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.0, &s, &err) == DR_OK);
    lv = lever_of((dr_lever_args)LV("adjust:land_revenue:mul", "1:0.5"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 1.0, &s, &err) == DR_OK);
    lv = lever_of((dr_lever_args)LV("adjust:land_revenue:add", "0:-5"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.0, &s, &err) == DR_OK);
    CHECK(s.nadj == nadj && s.nswap == nswap && s.nset == 0);
    /* an add of 1 or a mul of 0 is no identity */
    CHECK(dr_lever_add(&lv, &params, &east, 1.0, &s, &err) == DR_OK &&
          s.nadj == nadj + 1 && s.adj[nadj].value == 1.0);
    lv = lever_of((dr_lever_args)LV("adjust:land_revenue:mul", "1:0"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, 0.0, &s, &err) == DR_OK &&
          s.nadj == nadj + 2 && s.adj[nadj + 1].value == 0.0);
    dr_scenario_free(&s);
}

/* 1 when setting k of s is section.key = value. */
static int setting_is(const dr_scenario *s, size_t k, const char *section,
                      const char *key, const char *value)
{
    int ok = k < s->nset && strcmp(s->set[k].section, section) == 0 &&
             strcmp(s->set[k].key, key) == 0 &&
             strcmp(s->set[k].value, value) == 0;
    if (!ok && k < s->nset)
        printf("# setting %zu: %s.%s = %s\n", k, s->set[k].section,
               s->set[k].key, s->set[k].value);
    return ok;
}

static void adding_sets(void)
{
    dr_scenario s = {0};
    dr_error err = {0};
    /* county by county: the county's own section */
    dr_lever lv =
        lever_of((dr_lever_args)LV("set:defaults.spending.mu", "0:-0.02"), 0);
    CHECK(dr_lever_add(&lv, &params, &east, -0.0125, &s, &err) == DR_OK &&
          s.nset == 1 && s.nadj == 0);
    CHECK(setting_is(&s, 0, "county.east", "spending.mu", "-0.0125"));
    /* the city: [defaults], then each section that sets the key, types
     * first (urban, not rural), then counties (west, not north) */
    CHECK(dr_lever_add(&lv, &params, NULL, -0.0125, &s, &err) == DR_OK &&
          s.nset == 4);
    CHECK(setting_is(&s, 1, "defaults", "spending.mu", "-0.0125"));
    CHECK(setting_is(&s, 2, "type.urban", "spending.mu", "-0.0125"));
    CHECK(setting_is(&s, 3, "county.west", "spending.mu", "-0.0125"));
    /* a key of one section: that section alone; the value's shortest
     * round-trip text (1/3 back bit for bit), 0 is a value too */
    lv = lever_of((dr_lever_args)LV("set:type.urban.land.mu", "0:0.1"), 1);
    CHECK(dr_lever_add(&lv, &params, NULL, 1.0 / 3.0, &s, &err) == DR_OK &&
          s.nset == 5);
    CHECK(setting_is(&s, 4, "type.urban", "land.mu", "0.3333333333333333"));
    CHECK(strtod(s.set[4].value, NULL) == 1.0 / 3.0);
    lv = lever_of((dr_lever_args)LV("set:rates.hidden_spread", "0.03:0.01"), 1);
    CHECK(dr_lever_add(&lv, &params, NULL, 0.0, &s, &err) == DR_OK &&
          s.nset == 6);
    CHECK(setting_is(&s, 5, "rates", "hidden_spread", "0"));
    CHECK(dr_lever_add(&lv, &params, NULL, 0.1, &s, &err) == DR_OK &&
          setting_is(&s, 6, "rates", "hidden_spread", "0.1"));
    CHECK(s.nadj == 0 && s.nswap == 0);
    dr_scenario_free(&s);
}

static void names(void)
{
    static const struct {
        dr_lever_args a;
        const char *en, *zh;
    } w[] = {
        {LV("spending"), "primary spending cut", "一般性支出压减"},
        {LV("revenue"), "own revenue raised", "一般公共预算收入增加"},
        {LV("swap"), "hidden debt swapped a year", "每年置换的隐性债务"},
        {LV("adjust:land_revenue:mul", "1:0.5"), "adjustment", "调整"},
        {LV("set:rates.yield", "0:0.1"), "model key", "模型参数"},
    };
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++) {
        dr_lever lv = parsed(w[k].a);
        CHECK(strcmp(dr_lever_name(&lv, 0), w[k].en) == 0 &&
              strcmp(dr_lever_name(&lv, 1), w[k].zh) == 0);
    }
}

int main(void)
{
    if (scratch_open("lever") != 0)
        return 1;
    model_path = strdup(scratch_put("model.ini", model_ini));
    dr_error err = {0};
    dr_params_init(&params);
    if (dr_params_read(&params, model_path, &err) != DR_OK) {
        printf("# %s\n", err.msg);
        return 1;
    }
    parse_forms();
    parse_refusals();
    defaults();
    resolve_refusals();
    adding();
    adding_sets();
    names();
    dr_params_free(&params);
    free(model_path);
    scratch_close();
    return check_done();
}
