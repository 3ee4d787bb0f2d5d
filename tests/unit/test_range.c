/* Ranges in words and the percentage / basis-point hints (range.c). */
#include <math.h>
#include <string.h>

#include "base/range.h"
#include "check.h"

static int text_is(dr_range r, const char *want)
{
    char buf[96];
    dr_range_text(&r, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        printf("# '%s', expected '%s'\n", buf, want);
    return strcmp(buf, want) == 0;
}

/* The hint for v, "" for none. */
static int hint_is(dr_range r, double v, const char *want)
{
    char buf[128];
    int h = dr_range_hint(&r, v, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        printf("# '%s', expected '%s'\n", buf, want);
    return strcmp(buf, want) == 0 && h == (want[0] != '\0');
}

int main(void)
{
    const dr_range share = {0, 1, 0, 0, DR_UNIT_SHARE};
    const dr_range money = {0, DR_MONEY_MAX, 1, 0, DR_UNIT_NONE};
    const dr_range rate = {-0.05, 0.3, 0, 0, DR_UNIT_RATE};
    const dr_range change = {-0.5, 0.5, 0, 0, DR_UNIT_CHANGE};
    const dr_range ar = {-1, 1, 1, 1, DR_UNIT_NONE};
    const dr_range half = {0, 1, 0, 1, DR_UNIT_SHARE};
    const dr_range ge0 = {0, INFINITY, 0, 0, DR_UNIT_NONE};

    /* membership: bounds, open bounds, non-finite values */
    CHECK(dr_range_has(&share, 0) && dr_range_has(&share, 1));
    CHECK(!dr_range_has(&share, -1e-300) && !dr_range_has(&share, 1.0000001));
    CHECK(!dr_range_has(&money, 0) && dr_range_has(&money, 1e12));
    CHECK(!dr_range_has(&money, 1.7e308) && !dr_range_has(&money, NAN));
    CHECK(!dr_range_has(&ar, 1) && !dr_range_has(&ar, -1) &&
          dr_range_has(&ar, 0.999));
    CHECK(!dr_range_has(&ge0, INFINITY) && dr_range_has(&ge0, 1e300));

    /* in words: brackets for closed and open ends, '>' for an open low end
     * below a closed high one, exponents without '+' */
    CHECK(text_is(share, "in [0, 1]"));
    CHECK(text_is(money, "> 0 and <= 1e12"));
    CHECK(text_is(rate, "in [-0.05, 0.3]"));
    CHECK(text_is(ar, "in (-1, 1)"));
    CHECK(text_is(half, "in [0, 1)"));
    CHECK(text_is(ge0, ">= 0"));

    /* hints: a level of 2.5 is 2.5%; 250 is 250 bp; a share is never bp */
    CHECK(hint_is(rate, 2.5,
                  "2.5 looks like a percentage: write 0.025 for "
                  "2.5%"));
    CHECK(hint_is(rate, 250,
                  "250 looks like basis points: write 0.025 for "
                  "250 bp"));
    CHECK(hint_is(rate, -2,
                  "-2 looks like a percentage: write -0.02 for "
                  "-2%"));
    CHECK(hint_is(share, 15,
                  "15 looks like a percentage: write 0.15 for "
                  "15%"));
    CHECK(hint_is(share, 1500, ""));
    /* a change: 200 (and 50) are basis points, 2 is two points, 1 one */
    CHECK(hint_is(change, 200,
                  "200 looks like basis points: write 0.02 for "
                  "200 bp"));
    CHECK(hint_is(change, 50,
                  "50 looks like basis points: write 0.005 for "
                  "50 bp"));
    CHECK(hint_is(change, -2,
                  "-2 looks like percentage points: write -0.02 "
                  "for -2 points"));
    CHECK(hint_is(change, 1,
                  "1 looks like percentage points: write 0.01 for "
                  "1 point"));
    /* no hint: inside the range, a bound, no unit, too large either way */
    CHECK(hint_is(rate, 0.1, ""));
    CHECK(hint_is((dr_range){-1, 10, 1, 0, DR_UNIT_SHARE}, -1, ""));
    CHECK(hint_is(money, 2e12, ""));
    CHECK(hint_is(change, 1e300, ""));
    CHECK(hint_is(change, NAN, ""));
    return check_done();
}
