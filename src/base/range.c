#include "base/range.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int dr_range_has(const dr_range *r, double v)
{
    if (!isfinite(v))
        return 0;
    if (r->lo_open ? !(v > r->lo) : !(v >= r->lo))
        return 0;
    if (r->hi_open ? !(v < r->hi) : !(v <= r->hi))
        return 0;
    return 1;
}

/* %.12g without the '+' of a positive exponent: 1e12, not 1e+12. Twelve
 * digits hide the binary noise of v/100 (0.033, not 0.033000000000000002). */
static void num(char *buf, size_t n, double v)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.12g", v);
    char *e = strstr(tmp, "e+");
    if (e)
        memmove(e + 1, e + 2, strlen(e + 2) + 1);
    snprintf(buf, n, "%s", tmp);
}

void dr_range_text(const dr_range *r, char *buf, size_t n)
{
    char lo[40], hi[40];
    num(lo, sizeof lo, r->lo);
    num(hi, sizeof hi, r->hi);
    const char *ge = r->lo_open ? ">" : ">=", *le = r->hi_open ? "<" : "<=";
    if (isinf(r->lo) && isinf(r->hi))
        snprintf(buf, n, "finite");
    else if (isinf(r->hi))
        snprintf(buf, n, "%s %s", ge, lo);
    else if (isinf(r->lo))
        snprintf(buf, n, "%s %s", le, hi);
    else if (r->lo_open && !r->hi_open)
        /* (0, 1e12] reads better in words */
        snprintf(buf, n, "%s %s and %s %s", ge, lo, le, hi);
    else
        snprintf(buf, n, "in %c%s, %s%c", r->lo_open ? '(' : '[', lo, hi,
                 r->hi_open ? ')' : ']');
}

int dr_range_hint(const dr_range *r, double v, char *buf, size_t n)
{
    char typed[40], meant[40];
    double pct = v / 100, bp = v / 10000;
    int as_pct = dr_range_has(r, pct), as_bp = dr_range_has(r, bp);
    buf[0] = '\0';
    if (r->unit == DR_UNIT_NONE || dr_range_has(r, v) || !isfinite(v))
        return 0;
    /* Only a value larger in size than any the range allows: -1 for an
     * overrun in (-1, 10] is a bound, not a percentage. */
    double big =
        fmax(isinf(r->lo) ? 0 : fabs(r->lo), isinf(r->hi) ? 0 : fabs(r->hi));
    if (!(fabs(v) > big))
        return 0;
    /* A change of 50 or 200 is far more often basis points than 50 or
     * 200 percentage points; a level of 2.5 is a percentage. */
    int bp_first = r->unit == DR_UNIT_CHANGE && fabs(v) >= 10;
    if (r->unit == DR_UNIT_SHARE)
        as_bp = 0;
    num(typed, sizeof typed, v);
    if (as_bp && (bp_first || !as_pct)) {
        num(meant, sizeof meant, bp);
        snprintf(buf, n, "%s looks like basis points: write %s for %s bp",
                 typed, meant, typed);
    } else if (as_pct) {
        num(meant, sizeof meant, pct);
        if (r->unit == DR_UNIT_CHANGE)
            snprintf(buf, n,
                     "%s looks like percentage points: write %s for %s "
                     "point%s",
                     typed, meant, typed, fabs(v) == 1 ? "" : "s");
        else
            snprintf(buf, n, "%s looks like a percentage: write %s for %s%%",
                     typed, meant, typed);
    }
    return buf[0] != '\0';
}
