/* Strict number and id parsing (parse.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/parse.h"

static int num(const char *s, double *v)
{
    const char *why;
    return dr_parse_double(s, v, &why);
}

static int bad_why(const char *s, const char *phrase)
{
    const char *why = "";
    double v;
    return !dr_parse_double(s, &v, &why) && strstr(why, phrase) != NULL;
}

int main(void)
{
    double v = 0;
    CHECK(num("12.5", &v) && v == 12.5);
    CHECK(num("-0.3", &v) && v == -0.3);
    CHECK(num("1e3", &v) && v == 1000.0);
    CHECK(num(" 7 ", &v) && v == 7.0);
    CHECK(num(".5", &v) && v == 0.5);
    CHECK(num("5.", &v) && v == 5.0);
    CHECK(num("+2E-2", &v) && v == 0.02);
    CHECK(bad_why("", "empty"));
    CHECK(bad_why("abc", "not a number"));
    CHECK(bad_why("nan", "finite"));
    CHECK(bad_why("-inf", "finite"));
    CHECK(bad_why("Infinity", "finite"));
    CHECK(bad_why("1e999", "too large"));
    CHECK(bad_why("5abc", "after the number"));
    CHECK(bad_why("1,234", "thousands"));
    CHECK(bad_why("0x10", "after the number"));
    CHECK(bad_why("1e", "not a number") || bad_why("1e", "after"));
    CHECK(bad_why(".", "not a number"));
    CHECK(bad_why("--1", "not a number"));
    CHECK(num("1e-400", &v) && v == 0.0); /* underflow is harmless */

    long n = 0;
    const char *why;
    CHECK(dr_parse_long("2025", 1900, 2200, &n, &why) && n == 2025);
    CHECK(dr_parse_long(" -3 ", -5, 5, &n, &why) && n == -3);
    CHECK(!dr_parse_long("2025.5", 1900, 2200, &n, &why) &&
          strstr(why, "whole") != NULL);
    CHECK(!dr_parse_long("2025.0", 1900, 2200, &n, &why));
    CHECK(!dr_parse_long("3000", 1900, 2200, &n, &why) &&
          strstr(why, "range") != NULL);
    CHECK(!dr_parse_long("99999999999999999999", 0, 10, &n, &why));
    CHECK(!dr_parse_long("12x", 0, 100, &n, &why));

    CHECK(dr_valid_id("wancheng"));
    CHECK(dr_valid_id("a-b_C9"));
    CHECK(!dr_valid_id(""));
    CHECK(!dr_valid_id("a b"));
    CHECK(!dr_valid_id("邓州"));
    CHECK(!dr_valid_id("a,b"));
    CHECK(dr_blank("  \t") && dr_blank(NULL) && !dr_blank(" x "));

    char *t = dr_strdup_trim("  x y \t");
    CHECK(t && strcmp(t, "x y") == 0);
    free(t);

    /* kitten -> sitting: 3 edits (k->s, e->i, +g) */
    CHECK(dr_edit_distance("kitten", "sitting") == 3);
    CHECK(dr_edit_distance("contingnet", "contingent") == 2);
    CHECK(dr_edit_distance("same", "same") == 0);
    return check_done();
}
