/* The cells of an output folder read back (brief_cells.h): each kind of
 * number with its range and the inf and nan it allows, years, ids and
 * names, the table reader's path, and the id index. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "errcheck.h"
#include "present/brief_cells.h"
#include "scratch.h"

static const dr_csv_column cols[] = {{"p", 1},  {"dp", 1},  {"r", 1},
                                     {"dr", 1}, {"c", 1},   {"year", 0},
                                     {"id", 0}, {"gone", 0}};
enum { P, DP, R, DR, C, YEAR, ID, GONE };

static dr_csv_table t;
static const char *path;

/* Row r, column k as kind: DR_OK with want (a NAN want: NAN), or, with
 * want_st DR_EINPUT, the phrase at line r + 2 and column col. */
static int num_is(size_t r, size_t k, dr_rb_kind kind, double want)
{
    double v = 12345;
    dr_error err = {0};
    dr_status st = dr_rb_num(&t, r, k, kind, &v, &err);
    int ok = st == DR_OK && (isnan(want) ? isnan(v) : v == want);
    if (!ok)
        printf("# row %zu col %zu: status %d, %g: %s\n", r, k, st, v, err.msg);
    return ok;
}

static int num_bad(size_t r, size_t k, dr_rb_kind kind, long col,
                   const char *phrase)
{
    double v;
    dr_error err = {0};
    return err_is(dr_rb_num(&t, r, k, kind, &v, &err), &err, DR_EINPUT, path,
                  (long)r + 2, col, phrase);
}

static void numbers(void)
{
    /* line 2: 0.5(1) ,-0.5(5) ,1.5(10) ,-2(14) ,3(17) ,2024(19) ,ok-id(24)
     * line 3: 1 ,1 ,inf ,nan ,0 ,"" ,a.b: 1 at 1, 1 at 3, inf at 5, nan at
     *         9, 0 at 13, the blank year at 15, a.b at 16
     * line 4: 1.01(1) ,-1.01(6) ,nan(12) ,inf(16) ,-1(20) ,999(23) ,a/b(27)
     * line 5: inf(1) ,x(5) ,-inf(7) ,-inf(12) ,inf(17) ,10000(21) ,=x(27) */
    path = scratch_put("cells.csv", "p,dp,r,dr,c,year,id\n"
                                    "0.5,-0.5,1.5,-2,3,2024,ok-id\n"
                                    "1,1,inf,nan,0,,a.b\n"
                                    "1.01,-1.01,nan,inf,-1,999,a/b\n"
                                    "inf,x,-inf,-inf,inf,10000,=x\n");
    dr_error err = {0};
    if (dr_csv_read(path, cols, 8, &t, &err) != DR_OK) {
        CHECK(!"cells.csv");
        return;
    }
    CHECK(num_is(0, P, DR_RB_PROB, 0.5));
    CHECK(num_is(0, DP, DR_RB_DPROB, -0.5));
    CHECK(num_is(0, R, DR_RB_RATIO, 1.5));
    CHECK(num_is(0, DR, DR_RB_DRATIO, -2));
    CHECK(num_is(0, C, DR_RB_COUNT, 3));
    /* the bounds themselves, inf where a ratio allows it, nan for a
     * change of ratios (inf - inf) */
    CHECK(num_is(1, P, DR_RB_PROB, 1));
    CHECK(num_is(1, DP, DR_RB_DPROB, 1));
    CHECK(num_is(1, R, DR_RB_RATIO, INFINITY));
    CHECK(num_is(1, DR, DR_RB_DRATIO, NAN));
    CHECK(num_is(1, C, DR_RB_COUNT, 0));
    CHECK(num_is(2, DR, DR_RB_DRATIO, INFINITY));
    CHECK(num_is(3, R, DR_RB_RATIO, -INFINITY));
    CHECK(num_is(3, DR, DR_RB_DRATIO, -INFINITY));
    /* out of range, or a word the kind does not allow */
    CHECK(num_bad(2, P, DR_RB_PROB, 1,
                  "p: expected a probability from 0 to 1, found '1.01'"));
    CHECK(num_bad(2, DP, DR_RB_DPROB, 6,
                  "dp: expected a change of probability from -1 to 1, found "
                  "'-1.01'"));
    CHECK(num_bad(2, R, DR_RB_RATIO, 12,
                  "r: expected a finite number or inf, found 'nan'"));
    CHECK(num_bad(2, C, DR_RB_COUNT, 20,
                  "c: expected a finite number >= 0, found '-1'"));
    CHECK(num_bad(3, P, DR_RB_PROB, 1, "found 'inf'"));
    CHECK(num_bad(3, DP, DR_RB_DPROB, 5,
                  "dp: expected a change of probability from -1 to 1, found "
                  "'x' (not a number)"));
    CHECK(num_bad(3, C, DR_RB_COUNT, 17, "found 'inf'"));
    /* a column the file does not have: at the start of the row */
    CHECK(num_bad(0, GONE, DR_RB_PROB, 1, "gone: column missing"));

    long y = 7;
    CHECK(dr_rb_year(&t, 0, YEAR, &y, &err) == DR_OK && y == 2024);
    CHECK(dr_rb_year(&t, 1, YEAR, &y, &err) == DR_OK && y == 0);
    CHECK(err_is(dr_rb_year(&t, 2, YEAR, &y, &err), &err, DR_EINPUT, path, 4,
                 23, "year: expected a whole number from 1000 to 9999"));
    CHECK(err_is(dr_rb_year(&t, 3, YEAR, &y, &err), &err, DR_EINPUT, path, 5,
                 21, "found '10000'"));

    char *s = NULL;
    CHECK(dr_rb_id(&t, 0, ID, "a county", &s, &err) == DR_OK &&
          strcmp(s, "ok-id") == 0);
    free(s);
    CHECK(err_is(dr_rb_id(&t, 1, ID, "a county", &s, &err), &err, DR_EINPUT,
                 path, 3, 16,
                 "id: expected a county (1 to 63 of A-Z a-z 0-9 _ -, not "
                 "starting with -), found 'a.b'"));
    free(s);
    CHECK(err_is(dr_rb_id(&t, 2, ID, "a county", &s, &err), &err, DR_EINPUT,
                 path, 4, 27, "found 'a/b'"));
    free(s);
    /* a formula start fails the text check first */
    CHECK(err_is(dr_rb_id(&t, 3, ID, "a county", &s, &err), &err, DR_EINPUT,
                 path, 5, 27, "id: "));
    CHECK(s && strcmp(s, "=x") == 0); /* set, for the caller to free */
    free(s);
    dr_csv_free(&t);
}

static void names(void)
{
    static const dr_csv_column nc[] = {{"name", 1}};
    path = scratch_put("names.csv", "name\n邓州市\n\"\"\n=SUM(A1)\n");
    dr_error err = {0};
    char *s = NULL;
    if (dr_csv_read(path, nc, 1, &t, &err) != DR_OK) {
        CHECK(!"names.csv");
        return;
    }
    CHECK(dr_rb_name(&t, 0, 0, &s, &err) == DR_OK && strcmp(s, "邓州市") == 0);
    free(s);
    CHECK(err_is(dr_rb_name(&t, 1, 0, &s, &err), &err, DR_EINPUT, path, 3, 1,
                 "name: the field is empty"));
    free(s);
    CHECK(err_is(dr_rb_name(&t, 2, 0, &s, &err), &err, DR_EINPUT, path, 4, 1,
                 "name: "));
    free(s);
    dr_csv_free(&t);
}

static void tables(void)
{
    static const dr_csv_column nc[] = {{"name", 1}};
    char *p = dr_rb_join("a/b", "c.csv");
    CHECK(p && strcmp(p, "a/b/c.csv") == 0);
    free(p);

    scratch_put("t.csv", "name\nx\n");
    dr_error err = {0};
    CHECK(dr_rb_table(scratch_dir, "t.csv", nc, 1, &t, &p, &err) == DR_OK);
    CHECK(p && strcmp(p, scratch_path("t.csv")) == 0 && t.nrows == 1);
    dr_csv_free(&t);
    free(p);
    /* a missing file: its path is still given, for the caller to free */
    t.nrows = 9;
    dr_status st = dr_rb_table(scratch_dir, "none.csv", nc, 1, &t, &p, &err);
    CHECK(err_is(st, &err, DR_EINPUT, scratch_path("none.csv"), ANY, ANY,
                 "cannot open"));
    CHECK(p && strcmp(p, scratch_path("none.csv")) == 0 && t.nrows == 0);
    free(p);

    CHECK(err_is(dr_rb_oom(&err), &err, DR_ENOMEM, "", 0, 0, "out of memory"));
}

static void ids(void)
{
    dr_brief_county c[4] = {{.id = "m"}, {.id = "c"}, {.id = "x"}, {.id = "a"}};
    dr_briefing b = {.county = c, .n = 4};
    size_t *byid = dr_rb_sorted_ids(&b);
    /* a (3), c (1), m (0), x (2) */
    CHECK(byid && byid[0] == 3 && byid[1] == 1 && byid[2] == 0 && byid[3] == 2);
    CHECK(dr_rb_find_county(&b, byid, "x") == 2);
    CHECK(dr_rb_find_county(&b, byid, "a") == 3);
    CHECK(dr_rb_find_county(&b, byid, "m") == 0);
    CHECK(dr_rb_find_county(&b, byid, "b") == (size_t)-1);
    CHECK(dr_rb_find_county(&b, byid, "zz") == (size_t)-1);
    CHECK(dr_rb_find_county(&b, byid, "") == (size_t)-1);
    free(byid);
    dr_briefing none = {0};
    byid = dr_rb_sorted_ids(&none);
    CHECK(byid != NULL && dr_rb_find_county(&none, byid, "a") == (size_t)-1);
    free(byid);
}

int main(void)
{
    if (scratch_open("brief_cells") != 0)
        return 1;
    numbers();
    names();
    tables();
    ids();
    scratch_close();
    return check_done();
}
