/* What a backtest found (outputs/backtest_out.h): rows added past the
 * first allocation in order; backtest.csv's header and rows, every number
 * reading back to the bit; the coverage of a band by hand on rows built
 * here, its edges inside, by family and variable; free. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "outputs/backtest_out.h"

static dr_county counties[] = {
    {.id = "east", .name = "East", .type = "urban"},
    {.id = "west-2", .name = "West, 2", .type = "rural"}};
static const dr_fiscal fiscal = {
    .path = "fiscal.csv", .county = counties, .n = 2};

static dr_backtest empty(void)
{
    return (dr_backtest){.fiscal = &fiscal,
                         .nfam = 2,
                         .family = {DR_FAMILY_NORMAL, DR_FAMILY_BOOTSTRAP},
                         .from = 2010,
                         .origin0 = 2020,
                         .origin1 = 2021,
                         .paths = 100};
}

static dr_bt_row row(int family, int var, double pit)
{
    return (dr_bt_row){.origin = 2020,
                       .county = 0,
                       .year = 2021,
                       .var = var,
                       .family = family,
                       .real = 1,
                       .p10 = 0.5,
                       .p50 = 1,
                       .p90 = 1.5,
                       .pit = pit};
}

/* 600 rows: past the first 256 and the 512 after them. */
static void add(void)
{
    dr_backtest b = empty();
    int ok = 1;
    for (int k = 0; k < 600; k++) {
        dr_bt_row r = row(k % 2, k % DR_NTRACK, k / 600.0);
        r.year = 2021 + k;
        ok = ok && dr_backtest_add(&b, &r) == DR_OK;
    }
    CHECK(ok && b.nrows == 600 && b.cap >= 600);
    int order = 1;
    for (size_t k = 0; k < b.nrows; k++)
        order = order && b.row[k].year == 2021 + (long)k &&
                b.row[k].var == (int)(k % DR_NTRACK) &&
                b.row[k].pit == (double)k / 600.0;
    CHECK(order);
    dr_backtest_free(&b);
    CHECK(b.row == NULL && b.nrows == 0 && b.cap == 0 && b.fan == NULL &&
          b.fan_real == NULL && b.fiscal == NULL);
    dr_backtest_free(&b); /* twice: still safe */
    CHECK(strcmp(dr_track_names[DR_TR_GDP], "gdp") == 0 &&
          strcmp(dr_track_names[DR_TR_OWN_REVENUE], "own_revenue") == 0 &&
          strcmp(dr_track_names[DR_TR_TRANSFERS], "transfers") == 0 &&
          strcmp(dr_track_names[DR_TR_LAND_REVENUE], "land_revenue") == 0 &&
          strcmp(dr_track_names[DR_TR_CFR], "cfr") == 0 &&
          strcmp(dr_track_names[DR_TR_BROAD], "broad") == 0);
}

/* What dr_write_backtest writes, in a new string. */
static char *written(const dr_backtest *b)
{
    char *s = NULL;
    size_t len;
    FILE *f = open_memstream(&s, &len);
    dr_write_backtest(f, b);
    fclose(f);
    return s;
}

/* The next double of a simple generator, spread over many magnitudes. */
static double next(uint64_t *x)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    double u = (double)(*x >> 11) / 9007199254740992.0;
    return (u - 0.3) * pow(10.0, (double)(*x % 13) - 6.0);
}

static void csv(void)
{
    dr_backtest b = empty();
    char *s = written(&b);
    CHECK(s && strcmp(s, "origin,county_id,year,variable,realized,p10,p50,"
                         "p90,pit,family\n") == 0);
    free(s);

    /* the shortest text that reads back; -0 as 0; inf and nan */
    dr_bt_row r = {2020,    1,   2023, DR_TR_BROAD, 1,
                   1.0 / 3, 0.1, -0.0, INFINITY,    0.5};
    dr_backtest_add(&b, &r);
    r = (dr_bt_row){2021, 0,    2022, DR_TR_LAND_REVENUE, 0, 12.5, NAN,
                    1e-7, 2e22, 1};
    dr_backtest_add(&b, &r);
    s = written(&b);
    CHECK(s && strstr(s, "\n2020,west-2,2023,broad,0.3333333333333333,0.1,0,"
                         "inf,0.5,bootstrap\n"
                         "2021,east,2022,land_revenue,12.5,nan,1e-07,2e+22,1,"
                         "normal\n"));
    free(s);
    dr_backtest_free(&b);

    /* 300 numbers of every magnitude read back to the bit */
    b = empty();
    uint64_t x = 42;
    for (int k = 0; k < 60; k++) {
        r = (dr_bt_row){2020,     (size_t)(k % 2), 2021 + k % 3, k % DR_NTRACK,
                        k % 2,    next(&x),        next(&x),     next(&x),
                        next(&x), next(&x)};
        dr_backtest_add(&b, &r);
    }
    s = written(&b);
    int same = s != NULL, lines = 0;
    const char *p = s ? strchr(s, '\n') + 1 : NULL;
    for (size_t k = 0; same && k < b.nrows && *p; k++, lines++) {
        const dr_bt_row *w = &b.row[k];
        char id[16], var[16], fam[16];
        long origin, year;
        int used = 0;
        same = sscanf(p, "%ld,%15[^,],%ld,%15[^,],%n", &origin, id, &year, var,
                      &used) == 4 &&
               origin == w->origin &&
               strcmp(id, fiscal.county[w->county].id) == 0 &&
               year == w->year && strcmp(var, dr_track_names[w->var]) == 0;
        char *q = (char *)p + used;
        const double want[] = {w->real, w->p10, w->p50, w->p90, w->pit};
        for (int j = 0; same && j < 5; j++) {
            double v = strtod(q, &q);
            same = memcmp(&v, &want[j], sizeof v) == 0 && *q == ',';
            q++;
        }
        same = same && sscanf(q, "%15[^\n]", fam) == 1 &&
               strcmp(fam, w->family ? "bootstrap" : "normal") == 0;
        p = strchr(p, '\n') + 1;
    }
    CHECK(same && lines == 60 && *p == '\0');
    free(s);
    dr_backtest_free(&b);
}

/* A PIT in [lo, 1 - lo] is inside, the edges included. */
static void coverage(void)
{
    dr_backtest b = empty();
    static const double gdp[] = {0.05, 0.1, 0.5, 0.9, 0.95, 0.0999, 0.9001};
    for (size_t k = 0; k < sizeof gdp / sizeof gdp[0]; k++) {
        dr_bt_row r = row(0, DR_TR_GDP, gdp[k]);
        dr_backtest_add(&b, &r);
    }
    dr_bt_row r = row(0, DR_TR_LAND_REVENUE, 0);
    dr_backtest_add(&b, &r);
    r = row(0, DR_TR_LAND_REVENUE, 1);
    dr_backtest_add(&b, &r);
    r = row(1, DR_TR_GDP, 0.3);
    dr_backtest_add(&b, &r);
    size_t n = 0;
    /* gdp: 0.1, 0.5, 0.9 of seven in the 10-90% band; all but 0 and 1
     * of them in the 5-95% band (0.05 and 0.95 are its edges) */
    CHECK(dr_backtest_coverage(&b, 0, DR_TR_GDP, 0.1, &n) == 3.0 / 7 && n == 7);
    CHECK(dr_backtest_coverage(&b, 0, DR_TR_GDP, 0.05, &n) == 1.0 && n == 7);
    CHECK(dr_backtest_coverage(&b, 0, DR_TR_LAND_REVENUE, 0.1, &n) == 0.0 &&
          n == 2);
    /* every variable of family 0: 3 of 9; family 1 alone: 1 of 1 */
    CHECK(dr_backtest_coverage(&b, 0, -1, 0.1, &n) == 3.0 / 9 && n == 9);
    CHECK(dr_backtest_coverage(&b, 1, -1, 0.1, &n) == 1.0 && n == 1);
    /* nothing to count: NAN */
    n = 99;
    CHECK(isnan(dr_backtest_coverage(&b, 0, DR_TR_BROAD, 0.1, &n)) && n == 0);
    CHECK(isnan(dr_backtest_coverage(&b, 2, -1, 0.1, &n)) && n == 0);
    dr_backtest_free(&b);
}

int main(void)
{
    add();
    csv();
    coverage();
    return check_done();
}
