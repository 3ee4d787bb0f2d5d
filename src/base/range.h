/* What an input number may be: a range, how to say it in a message, and a
 * hint when a value outside it looks like a percentage or basis points
 * typed where a fraction is expected (README "Ranges"). Every reader
 * (fiscal.csv, projects.csv, the model file and --set, scenario files)
 * keeps its ranges in its own table of these. */
#ifndef DR_RANGE_H
#define DR_RANGE_H

#include <stddef.h>

/* The largest amount of money read, in the unit of the data (亿元): far
 * above any city's figures, and small enough that 200 years of growth at
 * the largest rates allowed stay finite. */
#define DR_MONEY_MAX 1e12

/* What a value outside the range may have been meant as. */
typedef enum dr_unit {
    DR_UNIT_NONE,  /* no hint */
    DR_UNIT_SHARE, /* a fraction: 15 may be 15% */
    DR_UNIT_RATE,  /* a rate level: 2.5 may be 2.5%, 250 may be 250 bp */
    DR_UNIT_CHANGE /* a change of a rate: 200 may be 200 bp, 2 two points */
} dr_unit;

typedef struct dr_range {
    double lo, hi;                  /* finite, or -+INFINITY for no bound */
    unsigned char lo_open, hi_open; /* the bound itself is excluded */
    unsigned char unit;             /* a dr_unit */
} dr_range;

/* 1 when v is finite and within r. */
int dr_range_has(const dr_range *r, double v);

/* r in words, into buf of size n: "in [0, 1]", "> 0 and <= 1e12",
 * "in (-1, 1)", ">= 0". */
void dr_range_text(const dr_range *r, char *buf, size_t n);

/* When v is outside r and v/100 or v/10000 is inside, writes a hint such
 * as "200 looks like basis points: write 0.02 for 200 bp" into buf and
 * returns 1; else returns 0 and leaves buf empty. */
int dr_range_hint(const dr_range *r, double v, char *buf, size_t n);

#endif
