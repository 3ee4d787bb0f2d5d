/* history.csv (history.h) on small files written here: rows grouped by
 * county in fiscal.csv order and sorted by year, optional columns, the
 * windows of years, and every refusal at its line and column with the
 * history left empty. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "inputs/history.h"
#include "scratch.h"

static dr_fiscal fiscal;

#define HEAD "county_id,year,gdp,own_revenue,transfers,land_revenue"

static void read_good(void)
{
    /* west's rows come first in the file, out of year order; east is
     * first in fiscal.csv; north has no history */
    const char *path = scratch_put("h.csv", HEAD ",hidden_debt\n"
                                                 "west,2021,10,2,3,1,5\n"
                                                 "west,2022,11,2.2,3.3,0,\n"
                                                 "east,2020,100,20,30,15,50\n"
                                                 "west,2020,9,1.8,2.7,0.5,4\n"
                                                 "east,2021,106,21,31,16,51\n");
    dr_history h;
    dr_error err = {0};
    CHECK(dr_history_read(path, &fiscal, &h, &err) == DR_OK);
    CHECK(h.n == 2 && strcmp(h.path, path) == 0);
    if (h.n != 2)
        return;
    CHECK(h.has[DR_H_GDP] && h.has[DR_H_LAND_REVENUE] &&
          h.has[DR_H_HIDDEN_DEBT] && !h.has[DR_H_PRIMARY_SPENDING] &&
          !h.has[DR_H_CONTINGENT]);
    const dr_history_county *e = &h.county[0], *w = &h.county[1];
    CHECK(e->county == 0 && strcmp(e->id, "east") == 0 && e->first == 2020 &&
          e->nyears == 2 && e->line == 4 && e->col == 1);
    CHECK(e->v[0][DR_H_GDP] == 100 && e->v[1][DR_H_GDP] == 106 &&
          e->v[1][DR_H_HIDDEN_DEBT] == 51);
    CHECK(isnan(e->v[0][DR_H_PRIMARY_SPENDING])); /* column absent */
    CHECK(w->county == 1 && w->first == 2020 && w->nyears == 3 &&
          w->line == 2 && w->col == 1);
    CHECK(w->v[0][DR_H_GDP] == 9 && w->v[1][DR_H_GDP] == 10 &&
          w->v[2][DR_H_GDP] == 11);
    CHECK(w->v[2][DR_H_LAND_REVENUE] == 0);  /* land may be 0 */
    CHECK(isnan(w->v[2][DR_H_HIDDEN_DEBT])); /* a blank cell */
    CHECK(w->v[0][DR_H_OWN_REVENUE] == 1.8 && w->v[0][DR_H_TRANSFERS] == 2.7);
    CHECK(dr_history_find(&h, 0) == e && dr_history_find(&h, 1) == w);
    CHECK(dr_history_find(&h, 2) == NULL);

    /* windows: east has 2020-2021, west 2020-2022 */
    size_t y0 = 99;
    CHECK(dr_history_window(e, 2021, 2030, &y0) == 1 && y0 == 1);
    CHECK(dr_history_window(w, 1900, 2021, &y0) == 2 && y0 == 0);
    CHECK(dr_history_window(w, 2021, 2021, &y0) == 1 && y0 == 1);
    CHECK(dr_history_window(e, 2025, 2030, &y0) == 0);
    CHECK(dr_history_check_window(&h, 2020, 2021, 2, &err) == DR_OK);
    CHECK(dr_history_check_window(&h, 1900, 2200, 2, &err) == DR_OK);
    /* the whole of east's history is too short */
    CHECK(err_is(dr_history_check_window(&h, 2020, 2022, 3, &err), &err,
                 DR_EINPUT, path, 4, 1,
                 "county 'east' has 2 years (2020-2021); calibration needs "
                 "at least 3"));
    /* too short inside the window, which the message names */
    CHECK(err_is(dr_history_check_window(&h, 2021, 2022, 2, &err), &err,
                 DR_EINPUT, path, 4, 1,
                 "county 'east' has 1 of its years (2020-2021) in 2021-2022; "
                 "calibration needs at least 2"));
    CHECK(err_is(dr_history_check_window(&h, 2021, 2200, 2, &err), &err,
                 DR_EINPUT, path, 4, 1, "(2020-2021) from 2021;"));
    CHECK(err_is(dr_history_check_window(&h, 1900, 2020, 2, &err), &err,
                 DR_EINPUT, path, 4, 1, "(2020-2021) up to 2020;"));
    dr_history_free(&h);
    CHECK(h.n == 0 && h.county == NULL && h.path == NULL);

    /* every column */
    path = scratch_put("all.csv",
                       HEAD ",primary_spending,explicit_debt,hidden_debt,"
                            "other_fund_revenue,soe_revenue,remittance,"
                            "contingent\n"
                            "north,2024,1,2,3,4,5,6,7,8,9,10,11\n");
    CHECK(dr_history_read(path, &fiscal, &h, &err) == DR_OK && h.n == 1);
    if (h.n == 1) {
        int all = 1;
        for (int k = 0; k < DR_NHVARS; k++)
            all = all && h.has[k] && h.county[0].v[0][k] == k + 1;
        CHECK(all);
    }
    dr_history_free(&h);
}

static int refused(const char *text, long line, long col, const char *phrase)
{
    const char *path = scratch_put("bad.csv", text);
    dr_history h;
    memset(&h, 0x55, sizeof h);
    dr_error err = {0};
    int ok = err_is(dr_history_read(path, &fiscal, &h, &err), &err, DR_EINPUT,
                    path, line, col, phrase);
    if (h.n || h.county || h.path) {
        printf("# the history is not left empty\n");
        ok = 0;
    }
    return ok;
}

/* Refused with exactly this message. */
static int refused_exactly(const char *text, const char *msg)
{
    const char *path = scratch_put("bad.csv", text);
    dr_history h;
    dr_error err = {0};
    dr_status st = dr_history_read(path, &fiscal, &h, &err);
    if (st == DR_EINPUT && strcmp(err.msg, msg) == 0)
        return 1;
    printf("# status %d: %s\n", st, err.msg);
    return 0;
}

static void refusals(void)
{
    char phrase[600];
    snprintf(phrase, sizeof phrase,
             "unknown county 'esat': not in %s (did you mean 'east'?)",
             fiscal.path);
    CHECK(
        refused(HEAD "\neast,2020,1,1,1,1\nesat,2021,1,1,1,1\n", 3, 1, phrase));
    CHECK(refused(HEAD "\nzzzzzz,2021,1,1,1,1\n", 2, 1,
                  "unknown county 'zzzzzz': not in "));
    /* the one "did you mean" rule of every list of names (parse.h):
     * case ignored, and never a name that leaves nothing of the word */
    snprintf(phrase, sizeof phrase,
             "unknown county 'EAST': not in %s (did you mean 'east'?)",
             fiscal.path);
    CHECK(refused(HEAD "\nEAST,2021,1,1,1,1\n", 2, 1, phrase));
    snprintf(phrase, sizeof phrase, "unknown county 'we': not in %s",
             fiscal.path);
    CHECK(refused_exactly(HEAD "\nwe,2021,1,1,1,1\n", phrase));
    /* "east,2020,...": the year at byte 6 */
    CHECK(refused(HEAD "\neast,2020,1,1,1,1\nwest,2020,1,1,1,1\n"
                       "east,2020,2,2,2,2\n",
                  4, 6,
                  "duplicate year 2020 for county 'east' (first at line 2)"));
    /* a gap: at the county's first line in the file */
    CHECK(refused(HEAD "\nwest,2020,1,1,1,1\neast,2022,1,1,1,1\n"
                       "east,2020,1,1,1,1\n",
                  3, 1,
                  "county 'east' has a gap in its years: 2020 then 2022 "
                  "(its years must be consecutive)"));
    /* "east,2020,0,...": gdp at byte 11; own_revenue at 13; transfers at
     * 15; land at 17 */
    CHECK(refused(HEAD "\neast,2020,0,1,1,1\n", 2, 11,
                  "gdp must be > 0 (growth rates divide by it), found 0"));
    CHECK(refused(HEAD "\neast,2020,1,-2,1,1\n", 2, 13,
                  "own_revenue must be > 0"));
    CHECK(
        refused(HEAD "\neast,2020,1,1,0,1\n", 2, 15, "transfers must be > 0"));
    CHECK(refused(HEAD "\neast,2020,1,1,1,-1\n", 2, 17,
                  "land_revenue must be >= 0, found -1"));
    CHECK(refused(HEAD ",primary_spending\neast,2020,1,1,1,1,0\n", 2, 19,
                  "primary_spending must be > 0"));
    CHECK(refused(HEAD ",contingent\neast,2020,1,1,1,1,-0.5\n", 2, 19,
                  "contingent must be >= 0, found -0.5"));
    CHECK(refused(HEAD "\neast,1899,1,1,1,1\n", 2, 6,
                  "year: expected a whole number from 1900 to 2200"));
    CHECK(refused(HEAD "\neast,2020,,1,1,1\n", 2, 11,
                  "gdp: expected a number, found ''"));
    CHECK(refused(HEAD "\n", 1, 1,
                  "no history: the file has a header but no rows"));
    CHECK(refused("county_id,year,gdp,own_revenue,transfers\n", 1, 1,
                  "missing required column 'land_revenue'"));
}

int main(void)
{
    if (scratch_open("history") != 0)
        return 1;
    dr_error err = {0};
    const char *f = scratch_put("fiscal.csv",
                                "county_id,name,type,gdp,own_revenue,transfers,"
                                "land_revenue,primary_spending,explicit_debt,"
                                "hidden_debt\n"
                                "east,East,urban,500,25,30,30,85,50,35\n"
                                "west,West,rural,300,12,36,8,56,30,20\n"
                                "north,North,rural,250,10,30,5,44,22,12\n");
    if (dr_fiscal_read(f, &fiscal, &err) != DR_OK) {
        printf("# %s\n", err.msg);
        return 1;
    }
    read_good();
    refusals();
    dr_fiscal_free(&fiscal);
    scratch_close();
    return check_done();
}
