/* Tests of the projects.csv reader on the files in tests/data/csv, checked
 * against fiscal_good.csv (counties dengzhou, xinye, wolong, in that order).
 * Expected values are the numbers written in those files; expected columns
 * are byte columns counted by hand in them. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "inputs/projects.h"

#define CSV(name) TEST_DATA "/csv/" name

static dr_fiscal fiscal;

static int read_ok(const char *path, dr_projects *set)
{
    dr_error err = {0};
    dr_status st = dr_projects_read(path, &fiscal, set, &err);
    if (st != DR_OK)
        printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
    return st == DR_OK;
}

static void test_good(void)
{
    dr_projects set = {0};
    CHECK(read_ok(CSV("projects_good.csv"), &set));
    CHECK(set.n == 4 && set.nfiles == 1);
    if (set.n != 4)
        return;
    CHECK(strcmp(set.files[0], CSV("projects_good.csv")) == 0);

    const dr_project *p = &set.p[0];
    CHECK(strcmp(p->id, "p1") == 0);
    CHECK(strcmp(p->county_id, "dengzhou") == 0 && p->county == 0);
    CHECK(strcmp(p->name, "南水北调配套") == 0);
    CHECK(p->channel == DR_CH_SPECIAL_BOND);
    CHECK(p->start_year == 2025);
    CHECK_NEAR(p->capex, 12.5, 0);
    CHECK(p->build_years == 3);
    CHECK_NEAR(p->revenue_yield, 0.04, 1e-15);
    CHECK(p->revenue_years == 25);
    CHECK_NEAR(p->revenue_sd, 0.3, 1e-15);
    CHECK_NEAR(p->fail_prob, 0.1, 1e-15);
    CHECK_NEAR(p->overrun_mean, 0.2, 1e-15);
    CHECK_NEAR(p->overrun_sd, 0.15, 1e-15);
    CHECK(p->file == set.files[0] && p->line == 2);

    p = &set.p[1]; /* empty optional cells take their defaults */
    CHECK(strcmp(p->name, "Park, phase 2") == 0);
    CHECK(p->county == 2 && p->channel == DR_CH_LGFV);
    CHECK(p->start_year == 2026 && p->build_years == 2);
    CHECK_NEAR(p->capex, 8, 0);
    CHECK_NEAR(p->revenue_yield, 0.05, 1e-15);
    CHECK(p->revenue_years == 20);
    CHECK(p->revenue_sd == 0 && p->fail_prob == 0 && p->overrun_sd == 0);
    CHECK_NEAR(p->overrun_mean, -0.1, 1e-15);
    CHECK(p->line == 3);

    p = &set.p[2]; /* bounds: fail_prob 1, revenue_years 0 */
    CHECK(p->county == 1 && p->channel == DR_CH_PPP);
    CHECK_NEAR(p->capex, 3.25, 0);
    CHECK(p->fail_prob == 1 && p->revenue_years == 0);

    p = &set.p[3]; /* bounds: start_year 2200, build_years 100, years 200 */
    CHECK(p->channel == DR_CH_BUDGET);
    CHECK(p->start_year == 2200 && p->build_years == 100);
    CHECK(p->revenue_years == 200 && p->revenue_yield == 0);

    /* A second file appends; a header-only file adds nothing but is fine. */
    CHECK(read_ok(CSV("projects_defaults.csv"), &set));
    CHECK(read_ok(CSV("projects_header_only.csv"), &set));
    CHECK(set.n == 5 && set.nfiles == 3);
    if (set.n == 5) {
        /* Only the required columns, in another order: defaults apply. */
        p = &set.p[4];
        CHECK(strcmp(p->id, "q1") == 0 && strcmp(p->name, "Bridge") == 0);
        CHECK(p->county == 1 && p->channel == DR_CH_LGFV);
        CHECK(p->start_year == 1900 && p->build_years == 2);
        CHECK_NEAR(p->capex, 5, 0);
        CHECK(p->revenue_yield == 0 && p->revenue_years == 20);
        CHECK(p->revenue_sd == 0 && p->fail_prob == 0);
        CHECK(p->overrun_mean == 0 && p->overrun_sd == 0);
        CHECK(strcmp(p->file, CSV("projects_defaults.csv")) == 0);
        CHECK(set.p[0].file == set.files[0]); /* still valid after growing */
    }

    /* p3 again, in another file: an error, and the set is unchanged. */
    dr_project *before = set.p;
    dr_error err = {0};
    dr_status st =
        dr_projects_read(CSV("projects_dup_other.csv"), &fiscal, &set, &err);
    printf("# %s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
    CHECK(st == DR_EINPUT);
    CHECK(err.line == 3 && err.col == 1);
    CHECK(strstr(err.msg, "duplicate project_id 'p3' (also in " TEST_DATA
                          "/csv/projects_good.csv, line 4)"));
    CHECK(set.n == 5 && set.nfiles == 3 && set.p == before);
    dr_projects_free(&set);
    CHECK(set.n == 0 && set.p == NULL && set.files == NULL);
}

static void test_header_only(void)
{
    dr_projects set = {0};
    CHECK(read_ok(CSV("projects_header_only.csv"), &set));
    CHECK(set.n == 0 && set.nfiles == 1);
    dr_projects_free(&set);
}

/* Reads a file that must fail into an empty set. */
static void bad(const char *path, long line, long col, const char *phrase)
{
    dr_projects set = {0};
    dr_error err = {0};
    dr_status st = dr_projects_read(path, &fiscal, &set, &err);
    printf("# %s\n#   %s:%ld:%ld: %s\n", path, err.file, err.line, err.col,
           err.msg);
    CHECK(st == DR_EINPUT);
    CHECK(strcmp(err.file, path) == 0);
    CHECK(err.line == line);
    CHECK(err.col == col);
    CHECK(strstr(err.msg, phrase) != NULL);
    CHECK(set.n == 0 && set.p == NULL && set.nfiles == 0);
}

static void test_bad(void)
{
    /* Rows are "x1,dengzhou,X,lgfv,2025,10,2" (28 bytes): county_id at 4,
     * channel at 15, start_year at 20, capex at 25, build_years at 28, and
     * an extra optional column at 30. */
    bad(CSV("projects_unknown_county.csv"), 2, 4,
        "unknown county 'dengzhuo'; did you mean 'dengzhou'?");
    bad(CSV("projects_channel_case.csv"), 2, 15,
        "unknown channel 'LGFV'; did you mean 'lgfv'?");
    bad(CSV("projects_capex_huge.csv"), 2, 25,
        "capex must be > 0 and <= 1e12, found 1e13");
    bad(CSV("projects_yield_percent.csv"), 2, 30,
        "revenue_yield must be in [0, 1], found 6; 6 looks like a "
        "percentage: write 0.06 for 6%");
    bad(CSV("projects_unknown_channel.csv"), 2, 15,
        "unknown channel 'bond'; expected special_bond, lgfv, ppp or budget");
    bad(CSV("projects_start_year.csv"), 2, 20,
        "start_year: expected a whole number from 1900 to 2200, "
        "found '2025.5' (not a whole number)");
    bad(CSV("projects_build_years.csv"), 2, 28,
        "build_years: expected a whole number from 1 to 100, found '0'");
    bad(CSV("projects_capex.csv"), 2, 25,
        "capex must be > 0 and <= 1e12, found 0");
    /* x1,dengzhou,NAME: the name at col 13 */
    bad(CSV("projects_name_formula.csv"), 2, 13, "name: it starts with '@'");
    bad(CSV("projects_name_control.csv"), 2, 13,
        "name: U+001B (a control character) at character 2");
    bad(CSV("projects_fail_prob.csv"), 2, 30,
        "fail_prob must be in [0, 1], found 1.5");
    bad(CSV("projects_overrun.csv"), 2, 30,
        "overrun_mean must be > -1 and <= 10, found -1");
    bad(CSV("projects_dup_same.csv"), 4, 1,
        "duplicate project_id 'x1' (first at line 2)");
    bad(CSV("no_such_file.csv"), 0, 0, "cannot open");
}

static void test_channel_name(void)
{
    CHECK(strcmp(dr_channel_name(DR_CH_SPECIAL_BOND), "special_bond") == 0);
    CHECK(strcmp(dr_channel_name(DR_CH_LGFV), "lgfv") == 0);
    CHECK(strcmp(dr_channel_name(DR_CH_PPP), "ppp") == 0);
    CHECK(strcmp(dr_channel_name(DR_CH_BUDGET), "budget") == 0);
}

int main(void)
{
    dr_error err = {0};
    CHECK(dr_fiscal_read(CSV("fiscal_good.csv"), &fiscal, &err) == DR_OK);
    test_good();
    test_header_only();
    test_bad();
    test_channel_name();
    dr_fiscal_free(&fiscal);
    return check_done();
}
