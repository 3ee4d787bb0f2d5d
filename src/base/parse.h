/* Strict parsing of numbers and identifiers from text fields.
 *
 * Each parser returns 1 on success and 0 on failure; on failure *why points
 * to a static English phrase saying what was wrong ("not a number", ...),
 * as in "expected a number, found 'x' (WHY)". */
#ifndef DR_PARSE_H
#define DR_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* A plain decimal number such as 12.5, -0.3 or 1e3, optionally surrounded by
 * spaces. Rejects empty text, hexadecimal, nan, inf, overflow (1e999),
 * trailing junk (5abc) and thousands separators (1,234). */
int dr_parse_double(const char *s, double *out, const char **why);

/* A whole number in [lo, hi], decimal digits with an optional sign,
 * optionally surrounded by spaces. "2025.0" and "2025.5" are rejected. */
int dr_parse_long(const char *s, long lo, long hi, long *out, const char **why);

/* A whole number in [0, UINT64_MAX] (a seed), optionally surrounded by
 * spaces; a sign '-' is refused as "a seed cannot be negative". */
int dr_parse_u64(const char *s, uint64_t *out, const char **why);

/* Exactly n plain decimal numbers separated by spaces and at most one comma
 * each ("1.2, 2.0, 3.0", "1.2 2 3"), into out[0..n). */
int dr_parse_numbers(const char *s, double *out, int n, const char **why);

/* 1 when s is a valid id: one or more of [A-Za-z0-9_-], at most 63 bytes,
 * not starting with '-' (a spreadsheet would take "-A1" for a formula). */
int dr_valid_id(const char *s);

/* dr_text_check flag: also refuse a start that a spreadsheet takes for a
 * formula, for text that is written back into an output CSV. */
#define DR_TEXT_CELL 1u

/* Room for the phrase of dr_text_check. */
#define DR_TEXT_WHY 160

/* The one check of every name, label and title read from a file (an input,
 * or an output folder read back): such text is written into gnuplot
 * scripts, CSV files and Markdown, so it must be one line of plain text.
 * Refused: invalid UTF-8; control characters (C0 U+0000..U+001F, among
 * them tab, CR and LF; DEL; C1 U+0080..U+009F); the line and paragraph
 * separators U+2028 and U+2029; with DR_TEXT_CELL, a first character '=',
 * '+', '-' or '@' (OWASP's CSV injection list, whose tab and CR are
 * controls already). Returns 1 when s passes; else 0, with a phrase in why
 * (DR_TEXT_WHY bytes) saying what and where, as in "U+000A (a line break)
 * at character 4: names and titles must be one line of plain text". */
int dr_text_check(const char *s, unsigned flags, char why[DR_TEXT_WHY]);

/* Makes s, in place, text that dr_text_check passes (but for DR_TEXT_CELL):
 * each byte of a control character, U+2028 or U+2029 becomes `with`, and
 * so does each byte that is not valid UTF-8. For text that is not refused
 * but only shown or recorded: a message, a command line, a path. */
void dr_text_flatten(char *s, char with);

/* The shortest text of v that reads back as v (15, 16 or 17 digits);
 * "inf", "-inf", "nan", and "0" for both zeros. */
void dr_format_double(char buf[32], double v);

/* 1 when s (after trimming) is empty. */
int dr_blank(const char *s);

/* Copies s into a new string with leading and trailing spaces and tabs
 * removed; NULL when out of memory. */
char *dr_strdup_trim(const char *s);

/* Levenshtein distance between two short ASCII strings (for "did you mean"). */
int dr_edit_distance(const char *a, const char *b);

/* The "did you mean" rule, the same for every list of names: the edit
 * distance between word and name with case ignored, when it is at most 2
 * and leaves something of the word; else -1. */
int dr_suggest_distance(const char *word, const char *name);

/* The name of names[0..n) closest to word by dr_suggest_distance (the
 * first of equals), or NULL when none is close. */
const char *dr_suggest(const char *word, const char *const *names, size_t n);

/* When text holds a character that looks like a space, digit or sign but
 * is not ASCII (a non-breaking or ideographic space, full-width digits, a
 * Unicode minus), a phrase saying which and where ("a non-breaking space
 * (U+00A0) after the number: delete it"); else NULL. The phrase lives
 * until the next call in the same thread. The number parsers above give it
 * as their *why. */
const char *dr_parse_lookalike(const char *text);

#endif
