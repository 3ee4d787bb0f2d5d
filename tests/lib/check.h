/* A tiny TAP producer for the unit tests: each CHECK prints "ok N" or
 * "not ok N" with the expression and place; check_done() prints the plan
 * and returns the exit status. */
#ifndef DR_CHECK_H
#define DR_CHECK_H

#include <math.h>
#include <stdio.h>

static int check_n, check_failed;

static inline void check_report(int ok, const char *what, const char *file,
                                int line)
{
    check_n++;
    if (!ok)
        check_failed++;
    printf("%s %d - %s (%s:%d)\n", ok ? "ok" : "not ok", check_n, what, file,
           line);
    fflush(stdout);
}

/* Prints a diagnostic as TAP comments: every line of text after "# ". */
static inline void check_note(const char *label, const char *text)
{
    printf("# %s", label);
    for (const char *c = text; *c; c++) {
        putchar(*c);
        if (*c == '\n' && c[1])
            fputs("# ", stdout);
    }
    putchar('\n');
}

#define CHECK(expr) check_report(!!(expr), #expr, __FILE__, __LINE__)

/* |got - want| <= tol * max(1, |want|) */
#define CHECK_NEAR(got, want, tol)                                             \
    do {                                                                       \
        double g_ = (got), w_ = (want);                                        \
        double s_ = fabs(w_) > 1.0 ? fabs(w_) : 1.0;                           \
        int ok_ = fabs(g_ - w_) <= (tol)*s_;                                   \
        if (!ok_)                                                              \
            printf("# %s = %.17g, expected %.17g\n", #got, g_, w_);            \
        check_report(ok_, #got " ~ " #want, __FILE__, __LINE__);               \
    } while (0)

static inline int check_done(void)
{
    printf("1..%d\n", check_n);
    return check_failed ? 1 : 0;
}

#endif
