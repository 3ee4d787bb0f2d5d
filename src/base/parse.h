/* Strict parsing of numbers and identifiers from text fields.
 *
 * Each parser returns 1 on success and 0 on failure; on failure *why points
 * to a static English phrase saying what was wrong ("not a number", ...),
 * as in "expected a number, found 'x' (WHY)". */
#ifndef DR_PARSE_H
#define DR_PARSE_H

/* A plain decimal number such as 12.5, -0.3 or 1e3, optionally surrounded by
 * spaces. Rejects empty text, hexadecimal, nan, inf, overflow (1e999),
 * trailing junk (5abc) and thousands separators (1,234). */
int dr_parse_double(const char *s, double *out, const char **why);

/* A whole number in [lo, hi], decimal digits with an optional sign,
 * optionally surrounded by spaces. "2025.0" and "2025.5" are rejected. */
int dr_parse_long(const char *s, long lo, long hi, long *out, const char **why);

/* 1 when s is a valid id: one or more of [A-Za-z0-9_-], at most 63 bytes. */
int dr_valid_id(const char *s);

/* 1 when s (after trimming) is empty. */
int dr_blank(const char *s);

/* Copies s into a new string with leading and trailing spaces and tabs
 * removed; NULL when out of memory. */
char *dr_strdup_trim(const char *s);

/* Levenshtein distance between two short ASCII strings (for "did you mean"). */
int dr_edit_distance(const char *a, const char *b);

#endif
