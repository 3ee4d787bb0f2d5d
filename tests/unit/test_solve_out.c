/* solve.csv (outputs/solve_out.h) from solves built here: the header and
 * every row byte for byte against text written by hand (the CSV quoting
 * of a name, "city" for the city's row, empty cells for NAN, inf), every
 * number read back bit for bit, and the value as the report states it
 * (dr_solve_value_text). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "inputs/csvread.h"
#include "outputs/solve_out.h"
#include "scratch.h"

static dr_county counties[] = {
    {.id = "east", .name = "East", .type = "urban"},
    {.id = "wo", .name = "Wo \"long\", x", .type = "rural"},
    {.id = "north", .name = "北区", .type = "rural"}};
static const dr_fiscal fiscal = {
    .path = "fiscal.csv", .county = counties, .n = 3};

static dr_solve solve_of(const char *lever, const char *target,
                         dr_lever_kind kind, dr_solve_row *rows, size_t n,
                         int city)
{
    dr_solve s = {
        .fiscal = &fiscal, .city_scope = city, .nrows = n, .row = rows};
    s.lever.kind = kind;
    snprintf(s.lever.text, sizeof s.lever.text, "%s", lever);
    snprintf(s.target.text, sizeof s.target.text, "%s", target);
    return s;
}

/* The text dr_write_solve writes for s, in a new string. */
static char *written(const dr_solve *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    dr_write_solve(f, s);
    fclose(f);
    return text;
}

static const char header[] =
    "county_id,name,lever,value,target,achieved,achieved_se,baseline,"
    "status\n";

static void by_hand(void)
{
    dr_solve_row rows[3] = {
        {0.1, 0.29, 0.02, 0.45, DR_SOLVED, 0},
        {0.0, 0.25, 0.5, 0.25, DR_MET, 0},
        {0.3, 0.75, 0.125, 0.8, DR_NOT_REACHABLE, 1},
    };
    dr_solve s = solve_of("spending", "p_breach_end<=0.3", DR_LEVER_SPENDING,
                          rows, 3, 0);
    char *text = written(&s);
    /* the name with a quote and a comma quoted, its quotes doubled; the
     * flag nonmonotone is for the report, not a column */
    static const char want[] =
        "county_id,name,lever,value,target,achieved,achieved_se,baseline,"
        "status\n"
        "east,East,spending,0.1,p_breach_end<=0.3,0.29,0.02,0.45,solved\n"
        "wo,\"Wo \"\"long\"\", x\",spending,0,p_breach_end<=0.3,0.25,0.5,"
        "0.25,met\n"
        "north,北区,spending,0.3,p_breach_end<=0.3,0.75,0.125,0.8,"
        "not-reachable\n";
    CHECK(text && strcmp(text, want) == 0);
    if (text && strcmp(text, want) != 0)
        check_note("got: ", text);
    free(text);

    /* a deterministic run, a percentile: no standard error; a baseline
     * not computed: empty; an infinite ratio: inf */
    dr_solve_row d[2] = {{1.0 / 3.0, 1.2, NAN, INFINITY, DR_SOLVED, 0},
                         {-0.02, NAN, NAN, NAN, DR_MET, 0}};
    s = solve_of("adjust:hidden_spread:add", "broad@2029<=1.2", DR_LEVER_ADJUST,
                 d, 2, 0);
    text = written(&s);
    static const char want2[] =
        "county_id,name,lever,value,target,achieved,achieved_se,baseline,"
        "status\n"
        "east,East,adjust:hidden_spread:add,0.3333333333333333,"
        "broad@2029<=1.2,1.2,,inf,solved\n"
        "wo,\"Wo \"\"long\"\", x\",adjust:hidden_spread:add,-0.02,"
        "broad@2029<=1.2,,,,met\n";
    CHECK(text && strcmp(text, want2) == 0);
    if (text && strcmp(text, want2) != 0)
        check_note("got: ", text);
    free(text);

    /* the city's one row */
    dr_solve_row c = {0.0625, 1.5, 0.05, 2.75, DR_SOLVED, 0};
    s = solve_of("swap", "counties_above_end<=2", DR_LEVER_SWAP, &c, 1, 1);
    text = written(&s);
    static const char want3[] =
        "county_id,name,lever,value,target,achieved,achieved_se,baseline,"
        "status\n"
        "city,city,swap,0.0625,counties_above_end<=2,1.5,0.05,2.75,solved\n";
    CHECK(text && strcmp(text, want3) == 0);
    if (text && strcmp(text, want3) != 0)
        check_note("got: ", text);
    free(text);

    /* no rows: the header alone */
    s = solve_of("spending", "p_breach_end<=0.3", DR_LEVER_SPENDING, NULL, 0,
                 0);
    text = written(&s);
    CHECK(text && strcmp(text, header) == 0);
    free(text);
}

static const dr_csv_column cols[] = {
    {"county_id", 1},   {"name", 1},     {"lever", 1},
    {"value", 1},       {"target", 1},   {"achieved", 1},
    {"achieved_se", 1}, {"baseline", 1}, {"status", 1}};
enum { ID, NAME, LEVER, VALUE, TARGET, ACHIEVED, SE, BASELINE, STATUS };

/* Numbers that a short format would change, read back bit for bit. */
static void round_trip(void)
{
    dr_solve_row rows[3] = {
        {0.054545454545454543, 1.0 - 1e-16, 1e-300, 0.1 + 0.2, DR_SOLVED, 0},
        {4.9406564584124654e-324, 2.0 / 3.0, 0.0, 1e300, DR_MET, 0},
        {0.29999999999999999, 123456789.123456789, 5e-7, -0.0, DR_NOT_REACHABLE,
         0},
    };
    dr_solve s = solve_of("set:defaults.spending.mu", "broad_p90@2030<=1.5",
                          DR_LEVER_SET, rows, 3, 0);
    FILE *f = fopen(scratch_path("solve.csv"), "w");
    if (!f) {
        CHECK(0);
        return;
    }
    dr_write_solve(f, &s);
    fclose(f);
    dr_csv_table t;
    dr_error err = {0};
    dr_status st = dr_csv_read(scratch_path("solve.csv"), cols, 9, &t, &err);
    CHECK(st == DR_OK && t.nrows == 3);
    if (st != DR_OK) {
        printf("# %s\n", err.msg);
        return;
    }
    int same = 1;
    for (size_t r = 0; r < 3; r++) {
        const dr_solve_row *w = &rows[r];
        const double v[4] = {w->value, w->achieved, w->se, w->baseline};
        for (int k = 0; k < 4; k++) {
            double got =
                strtod(dr_csv_get(&t, r, VALUE + (k ? k + 1 : 0))->text, NULL);
            /* -0 is written 0: the same value */
            same &= got == v[k];
            if (got != v[k])
                printf("# row %zu column %d: %.17g, not %.17g\n", r, k, got,
                       v[k]);
        }
        same &= strcmp(dr_csv_get(&t, r, ID)->text, counties[r].id) == 0 &&
                strcmp(dr_csv_get(&t, r, NAME)->text, counties[r].name) == 0 &&
                strcmp(dr_csv_get(&t, r, LEVER)->text,
                       "set:defaults.spending.mu") == 0 &&
                strcmp(dr_csv_get(&t, r, TARGET)->text,
                       "broad_p90@2030<=1.5") == 0 &&
                strcmp(dr_csv_get(&t, r, STATUS)->text,
                       dr_solve_status_names[w->status]) == 0;
    }
    CHECK(same);
    dr_csv_free(&t);
    CHECK(strcmp(dr_solve_status_names[DR_SOLVED], "solved") == 0 &&
          strcmp(dr_solve_status_names[DR_MET], "met") == 0 &&
          strcmp(dr_solve_status_names[DR_NOT_REACHABLE], "not-reachable") ==
              0);
}

static void value_text(void)
{
    dr_solve s = solve_of("spending", "p_breach_end<=0.3", DR_LEVER_SPENDING,
                          NULL, 0, 0);
    char buf[32];
    /* a share in percent, one decimal */
    CHECK(strcmp(dr_solve_value_text(&s, 0.042, buf), "4.2%") == 0);
    CHECK(dr_solve_value_text(&s, 0.0, buf) == buf && strcmp(buf, "0.0%") == 0);
    CHECK(strcmp(dr_solve_value_text(&s, 0.3, buf), "30.0%") == 0);
    CHECK(strcmp(dr_solve_value_text(&s, 0.054545, buf), "5.5%") == 0);
    s.lever.kind = DR_LEVER_REVENUE;
    CHECK(strcmp(dr_solve_value_text(&s, 0.125, buf), "12.5%") == 0);
    s.lever.kind = DR_LEVER_SWAP;
    CHECK(strcmp(dr_solve_value_text(&s, 1.0 / 3.0, buf), "33.3%") == 0);
    CHECK(strcmp(dr_solve_value_text(&s, 1.0, buf), "100.0%") == 0);
    /* anything else: the number, shortest round trip */
    s.lever.kind = DR_LEVER_ADJUST;
    CHECK(strcmp(dr_solve_value_text(&s, 0.85, buf), "0.85") == 0);
    CHECK(strcmp(dr_solve_value_text(&s, -0.015, buf), "-0.015") == 0);
    s.lever.kind = DR_LEVER_SET;
    CHECK(strcmp(dr_solve_value_text(&s, 1.0 / 3.0, buf),
                 "0.3333333333333333") == 0);
    CHECK(strcmp(dr_solve_value_text(&s, 0.0, buf), "0") == 0);
}

int main(void)
{
    if (scratch_open("solve_out") != 0)
        return 1;
    by_hand();
    round_trip();
    value_text();
    scratch_close();
    return check_done();
}
