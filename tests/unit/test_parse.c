/* Strict number and id parsing, and the text check (parse.c). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "check.h"

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

static int text_ok(const char *s, unsigned flags)
{
    char why[DR_TEXT_WHY] = "";
    int ok = dr_text_check(s, flags, why);
    if (!ok)
        printf("# refused: %s\n", why);
    return ok;
}

/* Refused, with phrase in the reason. */
static int text_bad(const char *s, unsigned flags, const char *phrase)
{
    char why[DR_TEXT_WHY] = "";
    int ok = dr_text_check(s, flags, why);
    if (ok || !strstr(why, phrase))
        printf("# %s: '%s', expected '%s'\n", ok ? "passed" : "refused", why,
               phrase);
    return !ok && strstr(why, phrase) != NULL;
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
    CHECK(!dr_valid_id("-a")); /* "-A1" is a formula to a spreadsheet */
    CHECK(dr_valid_id("a-") && dr_valid_id("_a") && dr_valid_id("9"));
    CHECK(dr_blank("  \t") && dr_blank(NULL) && !dr_blank(" x "));

    /* dr_text_check: what passes */
    CHECK(text_ok("邓州市", DR_TEXT_CELL));
    CHECK(text_ok("North \"New\", District", DR_TEXT_CELL));
    CHECK(text_ok("it's a \\back`slash` @x; $HOME system('x')", DR_TEXT_CELL));
    CHECK(text_ok("A\xC2\xA0"
                  "B",
                  DR_TEXT_CELL));                  /* U+00A0, after C1 */
    CHECK(text_ok("\xE2\x80\xA7\xE2\x80\xAA", 0)); /* U+2027, U+202A */
    CHECK(text_ok("", DR_TEXT_CELL));
    CHECK(text_ok("=1+1", 0) && text_ok("-30% land", 0)); /* not a cell */
    CHECK(text_ok("a=b", DR_TEXT_CELL) && text_ok("x-1", DR_TEXT_CELL));
    /* what is refused, and where: characters counted from 1, 邓 being one */
    CHECK(text_bad("X\nsystem('touch x')", 0,
                   "U+000A (a line break) at "
                   "character 2"));
    CHECK(text_bad("AB\r", 0, "U+000D (a carriage return) at character 3"));
    CHECK(text_bad("\tA", 0, "U+0009 (a tab) at character 1"));
    CHECK(text_bad("邓\x1B[31m", 0,
                   "U+001B (a control character) at "
                   "character 2"));
    CHECK(text_bad("\x01", 0, "U+0001"));
    CHECK(text_bad("a\x7F", 0, "U+007F (a control character) at character 2"));
    CHECK(text_bad("a\xC2\x80", 0, "U+0080 (a control character)"));
    CHECK(text_bad("a\xC2\x85", 0, "U+0085 (a control character)"));
    CHECK(text_bad("a\xC2\x9F", 0, "U+009F (a control character)"));
    CHECK(text_bad("邓州\xE2\x80\xA8", 0,
                   "U+2028 (a line separator) at character 3"));
    CHECK(text_bad("\xE2\x80\xA9", 0, "U+2029 (a paragraph separator)"));
    CHECK(text_bad("a\xFF", 0, "not valid UTF-8 at byte 2"));
    CHECK(text_bad("\xC0\x80", 0, "not valid UTF-8 at byte 1")); /* overlong */
    CHECK(text_bad("\xED\xA0\x80", 0, "not valid UTF-8")); /* a surrogate */
    CHECK(
        text_bad("=HYPERLINK(\"http://x\")", DR_TEXT_CELL, "starts with '='"));
    CHECK(text_bad("+1", DR_TEXT_CELL, "starts with '+'"));
    CHECK(text_bad("-2+3", DR_TEXT_CELL, "starts with '-'"));
    CHECK(text_bad("@SUM(A1)", DR_TEXT_CELL, "starts with '@'"));
    CHECK(text_bad("\t"
                   "=1",
                   DR_TEXT_CELL, "a tab")); /* OWASP's tab and CR */
    CHECK(text_bad("\r=1", DR_TEXT_CELL, "a carriage return"));

    char *t = dr_strdup_trim("  x y \t");
    CHECK(t && strcmp(t, "x y") == 0);
    free(t);

    /* kitten -> sitting: 3 edits (k->s, e->i, +g) */
    CHECK(dr_edit_distance("kitten", "sitting") == 3);
    CHECK(dr_edit_distance("contingnet", "contingent") == 2);
    CHECK(dr_edit_distance("same", "same") == 0);

    /* did you mean: case ignored, at most 2 edits, never the whole word */
    CHECK(dr_suggest_distance("GDP", "gdp") == 0);
    CHECK(dr_suggest_distance("Urbn", "urban") == 1);
    CHECK(dr_suggest_distance("ab", "xy") == -1); /* 2 edits of 2 letters */
    CHECK(dr_suggest_distance("contingnet", "contingent") == 2);
    CHECK(dr_suggest_distance("growht.mu", "land.sigma") == -1);
    const char *names[] = {"gdp", "own_revenue", "transfers"};
    CHECK(dr_suggest("GDP", names, 3) == names[0]);
    CHECK(dr_suggest("transfer", names, 3) == names[2]);
    CHECK(dr_suggest("budget", names, 3) == NULL);

    /* characters that look like spaces or digits, and where they are */
    CHECK(bad_why("480\xC2\xA0",
                  "a non-breaking space (U+00A0) after the number"));
    CHECK(bad_why("\xC2\xA0"
                  "480",
                  "a non-breaking space (U+00A0) before the number"));
    CHECK(bad_why("1\xC2\xA0"
                  "234",
                  "a non-breaking space (U+00A0) in the number"));
    CHECK(bad_why("\xE3\x80\x80"
                  "20",
                  "an ideographic space (U+3000) before the number"));
    CHECK(bad_why("\xEF\xBC\x92\xEF\xBC\x98", "full-width")); /* 28 */
    CHECK(bad_why("\xE2\x88\x92"
                  "5",
                  "a minus sign (U+2212)"));
    CHECK(bad_why("480\xE2\x80\xAF", "narrow non-breaking space"));
    CHECK(dr_parse_lookalike("480 ") == NULL);
    long l;
    why = "";
    CHECK(!dr_parse_long("2025\xC2\xA0", 0, 3000, &l, &why) &&
          strstr(why, "non-breaking space") != NULL);
    CHECK(!dr_parse_long("\xEF\xBC\x92\xEF\xBC\x90", 0, 3000, &l, &why) &&
          strstr(why, "full-width") != NULL);

    /* seeds: the whole range of uint64_t */
    uint64_t u = 0;
    CHECK(dr_parse_u64(" 18446744073709551615 ", &u, &why) && u == UINT64_MAX);
    CHECK(!dr_parse_u64("18446744073709551616", &u, &why) &&
          strstr(why, "too large") != NULL);
    CHECK(!dr_parse_u64("-1", &u, &why) && strstr(why, "negative") != NULL);
    CHECK(!dr_parse_u64("12x", &u, &why) &&
          strcmp(why, "not a whole number") == 0);
    CHECK(!dr_parse_u64("7\xC2\xA0", &u, &why) &&
          strstr(why, "non-breaking space") != NULL);

    /* n numbers, separated by spaces and at most one comma each */
    double g[3];
    CHECK(dr_parse_numbers("1.2, 2.0, 3.0", g, 3, &why) && g[0] == 1.2 &&
          g[1] == 2.0 && g[2] == 3.0);
    CHECK(dr_parse_numbers("1.2 2 3", g, 3, &why) && g[2] == 3.0);
    CHECK(!dr_parse_numbers("1.2, 2", g, 3, &why) &&
          strstr(why, "three numbers") != NULL);
    CHECK(!dr_parse_numbers("1,,2,3", g, 3, &why));
    CHECK(!dr_parse_numbers("1 2 3 4", g, 3, &why));
    CHECK(!dr_parse_numbers("1 x 3", g, 3, &why) &&
          strcmp(why, "not a number") == 0);
    return check_done();
}
