/* Tests of the scenario file reader and dr_scenario_apply_sets. Expected
 * values are read off the fixture files by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "inputs/scenario.h"

#define INI TEST_DATA "/ini/"

static char tmpdir[] = "/tmp/dr_test_scenario_XXXXXX";
static char tmppath[sizeof tmpdir + 16];

static const char *scratch(const char *text)
{
    snprintf(tmppath, sizeof tmppath, "%s/s.ini", tmpdir);
    FILE *f = fopen(tmppath, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return tmppath;
}

static void show(const dr_error *err)
{
    char buf[1400];
    dr_error_format(err, buf, sizeof buf);
    printf("# %s\n", buf);
}

/* Reads path and checks the error: status, file, line, column, a phrase of
 * the message, and that the scenario was left empty. */
static void expect_error(const char *path, long line, long col,
                         const char *phrase)
{
    dr_scenario s;
    dr_error err = {0};
    dr_status st = dr_scenario_read(path, &s, &err);
    show(&err);
    CHECK(st == DR_EINPUT);
    CHECK(strcmp(err.file, path) == 0);
    CHECK(err.line == line);
    CHECK(err.col == col);
    CHECK(strstr(err.msg, phrase) != NULL);
    CHECK(s.name == NULL && s.adj == NULL && s.nadj == 0 && s.set == NULL &&
          s.path == NULL);
}

static void test_full(void)
{
    dr_scenario s;
    dr_error err = {0};
    const char *path = INI "scenario_full.ini";
    dr_status st = dr_scenario_read(path, &s, &err);
    if (st != DR_OK)
        show(&err);
    CHECK(st == DR_OK);
    CHECK(strcmp(s.path, path) == 0);
    CHECK(strcmp(s.name, "land-slump-2026") == 0);
    CHECK(strcmp(s.title, "Land sales fall by half for three years") == 0);
    CHECK(strcmp(s.description,
                 "Land revenue halves in 2026-2028 while rates rise and the "
                 "city swaps part of its hidden debt (置换).") == 0);

    CHECK(s.nset == 3);
    CHECK(strcmp(s.set[0].section, "rates") == 0);
    CHECK(strcmp(s.set[0].key, "hidden_spread") == 0);
    CHECK(strcmp(s.set[0].value, "0.035") == 0);
    CHECK(s.set[0].line == 11 && s.set[0].col == 23);
    CHECK(strcmp(s.set[1].section, "type.agricultural") == 0);
    CHECK(strcmp(s.set[1].key, "land.mu") == 0);
    CHECK(strcmp(s.set[1].value, "-0.1") == 0);
    CHECK(strcmp(s.set[2].section, "correlation") == 0);
    CHECK(strcmp(s.set[2].key, "growth.land") == 0);

    CHECK(s.nadj == 4);
    const dr_adjust *a = &s.adj[0];
    CHECK(strcmp(a->label, "land") == 0 && a->line == 15);
    CHECK(a->counties.kind == DR_SEL_ALL);
    CHECK(a->var == DR_ADJ_LAND_REVENUE);
    CHECK(a->year_from == 2026 && a->year_to == 2028);
    CHECK(a->op == DR_OP_MUL && a->value == 0.5);
    a = &s.adj[1];
    CHECK(strcmp(a->label, "rates-up") == 0);
    CHECK(a->counties.kind == DR_SEL_ALL); /* the default */
    CHECK(a->var == DR_ADJ_YIELD && a->year_from == 2027 && a->year_to == 2027);
    CHECK(a->op == DR_OP_ADD && a->value == 0.01);
    a = &s.adj[2];
    CHECK(a->counties.kind == DR_SEL_IDS && a->counties.nids == 3);
    CHECK(strcmp(a->counties.ids[0], "dz01") == 0 &&
          strcmp(a->counties.ids[1], "dz-02") == 0 &&
          strcmp(a->counties.ids[2], "dz_03") == 0);
    CHECK(a->counties.line == 29 && a->counties.col == 12);
    CHECK(a->var == DR_ADJ_HIDDEN_DEBT && a->op == DR_OP_ADD &&
          a->value == -12.5);
    a = &s.adj[3];
    CHECK(a->counties.kind == DR_SEL_TYPE &&
          strcmp(a->counties.type, "agricultural") == 0);
    CHECK(a->var == DR_ADJ_TRANSFERS && a->year_from == 2026 &&
          a->year_to == 2030 && a->value == 1.1);

    CHECK(s.nswap == 1 && s.swap[0].line == 42);
    CHECK(s.swap[0].year_from == 2026 && s.swap[0].year_to == 2028);
    CHECK(s.swap[0].share == 0.2 && s.swap[0].spread == -0.005);
    CHECK(s.swap[0].counties.kind == DR_SEL_TYPE &&
          strcmp(s.swap[0].counties.type, "urban") == 0);

    CHECK(s.proj_mode == DR_PROJ_LIST && s.nproj_ids == 2);
    CHECK(strcmp(s.proj_ids[0], "p1") == 0 && strcmp(s.proj_ids[1], "p2") == 0);
    CHECK(s.proj_line == 49 && s.proj_col == 10);
    CHECK(strcmp(s.proj_file, INI "projects_extra.csv") == 0);
    CHECK(s.proj_file_line == 50);

    /* the [set] lines reach the model */
    dr_params p;
    dr_params_init(&p);
    CHECK(dr_scenario_apply_sets(&s, &p, &err) == DR_OK);
    CHECK(p.hidden_spread == 0.035);
    CHECK(p.corr[0][2] == 0.45 && p.corr[2][0] == 0.45);
    CHECK(dr_params_finish(&p, path, &err) == DR_OK);
    CHECK(dr_params_type(&p, "agricultural")->land_mu == -0.1);
    dr_params_free(&p);

    dr_scenario_free(&s);
    CHECK(s.name == NULL && s.nadj == 0 && s.proj_file == NULL);
}

/* [set] lines are checked as the file is read, so dr_scenario_apply_sets
 * fails only on a setting changed since; its error still points into the
 * scenario file, at the value. */
static void test_apply_error(void)
{
    dr_scenario s;
    dr_error err = {0};
    const char *path = INI "scenario_full.ini";
    CHECK(dr_scenario_read(path, &s, &err) == DR_OK);
    free(s.set[0].value);
    s.set[0].value = strdup("2");
    dr_params p;
    dr_params_init(&p);
    CHECK(dr_scenario_apply_sets(&s, &p, &err) == DR_EINPUT);
    show(&err);
    CHECK(strcmp(err.file, path) == 0 && err.line == 11 && err.col == 23);
    CHECK(strstr(err.msg, "hidden_spread") != NULL);
    dr_params_free(&p);
    dr_scenario_free(&s);
}

static void test_minimal(void)
{
    dr_scenario s;
    dr_error err = {0};
    CHECK(dr_scenario_read(scratch("[scenario]\nname = a-1\n"), &s, &err) ==
          DR_OK);
    CHECK(strcmp(s.name, "a-1") == 0);
    CHECK(strcmp(s.title, "a-1") == 0); /* no title: the name */
    CHECK(strcmp(s.description, "") == 0);
    CHECK(s.nset == 0 && s.nadj == 0 && s.nswap == 0);
    CHECK(s.proj_mode == DR_PROJ_ALL && s.proj_file == NULL);
    dr_scenario_free(&s);

    CHECK(dr_scenario_read(scratch("[scenario]\nname = n\n[projects]\n"
                                   "enable = none\n[swap]\nyears = 2030\n"
                                   "share = 1\n"),
                           &s, &err) == DR_OK);
    CHECK(s.proj_mode == DR_PROJ_NONE);
    CHECK(s.nswap == 1 && s.swap[0].spread == 0 &&
          s.swap[0].counties.kind == DR_SEL_ALL);
    dr_scenario_free(&s);

    /* an absolute projects path is kept as it is */
    char text[512], abs[256];
    if (INI[0] == '/') {
        snprintf(abs, sizeof abs, "%s", INI "projects_extra.csv");
    } else {
        CHECK(getcwd(abs, sizeof abs - 64) != NULL);
        strcat(abs, "/" INI "projects_extra.csv");
    }
    snprintf(text, sizeof text, "[scenario]\nname = n\n[projects]\nfile = %s\n",
             abs);
    CHECK(dr_scenario_read(scratch(text), &s, &err) == DR_OK);
    CHECK(s.proj_file && strcmp(s.proj_file, abs) == 0);
    dr_scenario_free(&s);
}

static void test_baseline(void)
{
    dr_scenario s;
    CHECK(dr_scenario_baseline(&s) == DR_OK);
    CHECK(strcmp(s.name, "baseline") == 0);
    CHECK(strcmp(s.title, "Baseline / 基准情景") == 0);
    CHECK(strcmp(s.description, "") == 0);
    CHECK(s.path == NULL && s.nset == 0 && s.nadj == 0 && s.nswap == 0);
    CHECK(s.proj_mode == DR_PROJ_ALL && s.proj_file == NULL);
    dr_params p;
    dr_error err = {0};
    dr_params_init(&p);
    CHECK(dr_scenario_apply_sets(&s, &p, &err) == DR_OK);
    dr_params_free(&p);
    dr_scenario_free(&s);
}

static void test_var_names(void)
{
    CHECK(strcmp(dr_adj_var_name(DR_ADJ_OWN_REVENUE), "own_revenue") == 0);
    CHECK(strcmp(dr_adj_var_name(DR_ADJ_PRIMARY_SPENDING),
                 "primary_spending") == 0);
    CHECK(strcmp(dr_adj_var_name(DR_ADJ_GDP_GROWTH), "gdp_growth") == 0);
    CHECK(strcmp(dr_adj_var_name(DR_ADJ_HIDDEN_SPREAD), "hidden_spread") == 0);
    CHECK(strcmp(dr_adj_var_name(DR_ADJ_CONTINGENT), "contingent") == 0);
    CHECK(strcmp(dr_adj_var_name(DR_ADJ_NVARS), "?") == 0);
    /* the first DR_NFLOWS are the flows of MODEL.md section 8 */
    CHECK(strcmp(dr_adj_var_name(DR_NFLOWS - 1), "primary_spending") == 0);
}

/* The error classes of the brief, one fixture each. */
static void test_errors(void)
{
    expect_error(INI "scenario_unknown_variable.ini", 5, 12,
                 "unknown variable 'land_revenu'; did you mean "
                 "'land_revenue'?");
    expect_error(INI "scenario_unknown_op.ini", 7, 6,
                 "unknown op 'times'; expected mul or add");
    expect_error(INI "scenario_mul_stock.ini", 7, 6, "mul on a stock");
    expect_error(INI "scenario_reversed_years.ini", 6, 9,
                 "the range 2028-2026 runs backwards");
    expect_error(INI "scenario_swap_share.ini", 6, 9,
                 "expected a number in [0, 1], found '1.5'");
    expect_error(INI "scenario_bad_name.ini", 2, 8,
                 "the scenario name 'High Rates' is not valid");
    expect_error(INI "scenario_missing_projects.ini", 5, 8,
                 "cannot open the projects file");
    expect_error(INI "scenario_bad_counties.ini", 5, 18,
                 "'dz 02' is not a valid id");
    expect_error(INI "scenario_missing_key.ini", 4, 2,
                 "[adjust.a] is missing op");
}

static void test_more_errors(void)
{
    dr_scenario s;
    dr_error err = {0};
    CHECK(dr_scenario_read(INI "no-such.ini", &s, &err) == DR_EINPUT);
    CHECK(strstr(err.msg, "cannot open") != NULL);

    expect_error(scratch("[scenario]\nname = x\n[adjustment.a]\n"), 3, 2,
                 "did you mean [adjust.a]?");
    expect_error(scratch("[scenario]\nname = x\n[swp]\n"), 3, 2,
                 "did you mean [swap]?");
    expect_error(scratch("[scenario]\nname = x\n[adjust]\n"), 3, 2,
                 "needs a label");
    expect_error(scratch("[scenario]\nnmae = x\n"), 2, 1,
                 "unknown key 'nmae' in [scenario]; did you mean 'name'?");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvaraible = x\n"), 4,
                 1, "did you mean 'variable'?");
    expect_error(scratch("[scenario]\nname = x\n[swap]\nyears = 2026\n"
                         "shares = 0.1\n"),
                 5, 1, "did you mean 'share'?");
    expect_error(scratch("[scenario]\nname = x\n[projects]\nenabled = all\n"),
                 4, 1, "did you mean 'enable'?");
    /* no name at all */
    expect_error(scratch("[scenario]\ntitle = t\n"), 1, 2, "needs a name");
    expect_error(scratch("; nothing\n"), 0, 0, "no name");
    expect_error(scratch("[scenario]\nname = abcdefghijabcdefghijabcdefghij"
                         "abcdefghijabcdefghijabcdefghijabcd\n"),
                 2, 8, "at most 63 bytes");
    /* [set]: the key, its section, its value, each at its column */
    expect_error(scratch("[scenario]\nname = x\n[set]\nseed = 3\n"), 4, 1,
                 "expects SECTION.KEY = VALUE");
    expect_error(scratch("[scenario]\nname = x\n[set]\nrun.sed = 3\n"), 4, 5,
                 "did you mean 'seed'?");
    expect_error(scratch("[scenario]\nname = x\n[set]\nrnu.seed = 3\n"), 4, 1,
                 "did you mean [run]?");
    expect_error(scratch("[scenario]\nname = x\n[set]\nrates.sigma = -1\n"), 4,
                 15, "expected a number in [0, 0.1]");
    expect_error(scratch("[scenario]\nname = x\n[set]\nrun.seed = 1\n"
                         "run.seed = 2\n"),
                 5, 1, "duplicate key");
    /* names and titles: one line of plain text, no spreadsheet formula
     * at the start of a title ("title = " is 8 bytes: the value at col 9) */
    expect_error(scratch("[scenario]\nname = -x\n"), 2, 8,
                 "not starting with '-'");
    expect_error(scratch("[scenario]\nname = x\ntitle = A\rsystem('id')\n"), 3,
                 9, "title: U+000D (a carriage return) at character 2");
    expect_error(scratch("[scenario]\nname = x\ntitle = =cmd|' /C calc'!A0\n"),
                 3, 9, "title: it starts with '='");
    expect_error(scratch("[scenario]\nname = x\ntitle = a\n  \x1b[2J\n"), 4, 3,
                 "title: U+001B (a control character) at character 1");
    expect_error(scratch("[scenario]\nname = x\ndescription = a\xc2\x9b"
                         "b\n"),
                 3, 15, "description: U+009B (a control character)");
    expect_error(scratch("[scenario]\nname = x\ndescription = \xe2\x80\xa8\n"),
                 3, 15, "description: U+2028 (a line separator)");
    /* a description may start with '-', a continued title with '+': they
     * never start a cell */
    {
        dr_scenario sc;
        dr_error e2 = {0};
        CHECK(dr_scenario_read(scratch("[scenario]\nname = x\ntitle = a\n  "
                                       "+b\ndescription = -30% land\n"),
                               &sc, &e2) == DR_OK);
        CHECK(sc.title && strcmp(sc.title, "a +b") == 0);
        dr_scenario_free(&sc);
    }
    /* continuation lines only for title and description */
    expect_error(scratch("[scenario]\nname = x\n  y\n"), 3, 3,
                 "the name takes one line");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvariable = "
                         "yield\n  years = 2026\n"),
                 5, 3, "unexpected indented line");
    /* sections */
    expect_error(
        scratch("[scenario]\nname = x\n[adjust.a]\nvariable = yield"
                "\nyears = 2026\nop = add\nvalue = 0.01\n[adjust.a]\n"),
        8, 2, "[adjust.a] appears twice (first on line 3)");
    expect_error(scratch("[scenario]\nname = x\n[swap]\nyears = 2026\n"
                         "share = 0\n[swap]\n"),
                 6, 2, "appears twice");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a b]\n"), 3, 2,
                 "not a valid id");
    /* adjustments */
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nop = mul\n"
                         "variable = yield\nyears = 2026\nvalue = 1.1\n"),
                 4, 6, "mul on a rate");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvariable = "
                         "own_revenue\nyears = 2026\nop = mul\nvalue = -1\n"),
                 7, 9, "expected a number in [0, 10] for a mul factor");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvariable = "
                         "own_revenue\nyears = 1850\n"),
                 5, 9, "[1900, 2200]");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvariable = "
                         "own_revenue\nyears = 2026-\n"),
                 5, 9, "years");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvalue = 1e999\n"),
                 4, 9, "too large");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvalue = x\n"), 4, 9,
                 "not a number");
    expect_error(scratch("[scenario]\nname = x\n[adjust.a]\nvariable = "
                         "yield\n[swap]\n"),
                 3, 2, "is missing years, op, value");
    /* selectors */
    expect_error(scratch("[scenario]\nname = x\n[swap]\ncounties = type:\n"), 4,
                 12, "needs a valid type label");
    expect_error(scratch("[scenario]\nname = x\n[swap]\ncounties = *, a\n"), 4,
                 12, "'*' is not a valid id");
    expect_error(scratch("[scenario]\nname = x\n[swap]\ncounties = a,,b\n"), 4,
                 14, "'' is not a valid id");
    expect_error(scratch("[scenario]\nname = x\n[swap]\ncounties =\n"), 4, 11,
                 "counties is empty");
    expect_error(scratch("[scenario]\nname = x\n[swap]\nyears = 2026\n"), 3, 2,
                 "[swap] needs share");
    expect_error(scratch("[scenario]\nname = x\n[swap]\nyears = 2026\nshare"
                         " = 0.1\nspread = 2\n"),
                 6, 10, "[-0.5, 0.5]");
    /* projects */
    expect_error(scratch("[scenario]\nname = x\n[projects]\nenable = p1, p 2"
                         "\n"),
                 4, 14, "expected all, none or id,id,...");
    expect_error(scratch("[scenario]\nname = x\n[projects]\nfile = .\n"), 4, 8,
                 "Is a directory");
}

/* A scenario with one adjustment: variable, op, value, per. */
static const char *adjust(const char *var, const char *op, const char *value,
                          const char *per)
{
    static char text[400];
    snprintf(text, sizeof text,
             "[scenario]\nname = x\n[adjust.a]\nvariable = %s\nyears = "
             "2026\nop = %s\nvalue = %s\nper = %s\n",
             var, op, value, per);
    return scratch(text);
}

/* The value ranges of the README "Ranges", by kind of variable, op and
 * per; the value is line 7, col 9. Each bound is in, past it out. */
static void test_value_ranges(void)
{
    dr_scenario s;
    dr_error err = {0};
    static const struct {
        const char *var, *op, *per, *ok, *bad, *phrase;
    } t[] = {
        {"land_revenue", "mul", "none", "10", "10.5", "in [0, 10] for a mul"},
        {"own_revenue", "add", "none", "-1e12", "-2e12",
         "in [-1e12, 1e12] for an amount added to a flow"},
        {"hidden_debt", "add", "none", "1e12", "1e300",
         "for an amount added to a stock"},
        {"hidden_debt", "add", "cfr_base", "2", "3",
         "for a share of base-year resources, found '3'; 3 looks like a "
         "percentage: write 0.03 for 3%"},
        {"yield", "add", "none", "0.5", "200",
         "200 looks like basis points: write 0.02 for 200 bp"},
        {"hidden_spread", "add", "none", "-0.5", "-50",
         "-50 looks like basis points: write -0.005 for -50 bp"},
        {"gdp_growth", "add", "none", "-0.5", "-2",
         "-2 looks like percentage points: write -0.02 for -2 points"},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        CHECK(dr_scenario_read(adjust(t[k].var, t[k].op, t[k].ok, t[k].per), &s,
                               &err) == DR_OK);
        dr_scenario_free(&s);
        expect_error(adjust(t[k].var, t[k].op, t[k].bad, t[k].per), 7, 9,
                     t[k].phrase);
    }
    /* [swap]: share in [0, 1], spread a change within +-0.5 */
    expect_error(scratch("[scenario]\nname = x\n[swap]\nyears = 2026\nshare"
                         " = 0.1\nspread = 50\n"),
                 6, 10, "50 looks like basis points: write 0.005 for 50 bp");
    expect_error(scratch("[scenario]\nname = x\n[swap]\nyears = 2026\nshare"
                         " = 33\n"),
                 5, 9, "33 looks like a percentage: write 0.33 for 33%");
    /* folders a batch keeps for itself */
    expect_error(scratch("[scenario]\nname = charts\n"), 2, 8,
                 "the scenario name 'charts' is reserved");
    expect_error(scratch("[scenario]\nname = baseline\n"), 2, 8,
                 "the scenario name 'baseline' is reserved");
    /* did you mean, case ignored */
    expect_error(adjust("land_revenue", "Mul", "0.5", "none"), 6, 6,
                 "unknown op 'Mul'; did you mean 'mul'?");
    expect_error(adjust("land_revenue", "add", "0.5", "cfr-base"), 8, 7,
                 "unknown per 'cfr-base'; did you mean 'cfr_base'?");
    expect_error(adjust("Land_Revenue", "add", "0.5", "none"), 4, 12,
                 "did you mean 'land_revenue'?");
}

/* [swap] and [swap.LABEL]: several, each once, labels checked. */
static void test_swaps(void)
{
    dr_scenario s;
    dr_error err;
    CHECK(dr_scenario_read(scratch("[scenario]\nname = n\n"
                                   "[swap.one]\nyears = 2026\nshare = 0.5\n"
                                   "[swap]\nyears = 2027\nshare = 1\n"),
                           &s, &err) == DR_OK);
    CHECK(s.nswap == 2 && strcmp(s.swap[0].label, "one") == 0 &&
          s.swap[0].line == 3 && s.swap[0].share == 0.5 &&
          s.swap[1].label == NULL && s.swap[1].year_from == 2027);
    dr_scenario_free(&s);
    expect_error(scratch("[scenario]\nname = n\n[swap.a]\nyears = 2026\n"
                         "share = 0.5\n[swap.a]\nyears = 2027\nshare = 1\n"),
                 6, 2, "[swap.a] appears twice (first on line 3)");
    expect_error(scratch("[scenario]\nname = n\n[swap]\nyears = 2026\n"
                         "share = 0.5\n[swap]\nyears = 2027\nshare = 1\n"),
                 6, 2, "[swap] appears twice (first on line 3)");
    expect_error(scratch("[scenario]\nname = n\n[swap.a b]\nyears = 2026\n"
                         "share = 0.5\n"),
                 3, 2, "the label 'a b' is not a valid id");
    expect_error(scratch("[scenario]\nname = n\n[swap.x]\nyears = 2026\n"), 3,
                 2, "[swap.x] needs share");
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_full();
    test_apply_error();
    test_minimal();
    test_baseline();
    test_var_names();
    test_errors();
    test_more_errors();
    test_value_ranges();
    test_swaps();
    remove(tmppath);
    rmdir(tmpdir);
    return check_done();
}
