#include "base/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/textfile.h"

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static int only_space(const char *s)
{
    return *skip_space(s) == '\0';
}

int dr_blank(const char *s)
{
    return s == NULL || only_space(s);
}

/* The grammar is checked by hand before strtod, because strtod also accepts
 * hexadecimal, "nan", "inf" and locale-specific forms. */
static int plain_decimal(const char *s, const char **end)
{
    const char *p = s;
    int digits = 0;
    if (*p == '+' || *p == '-')
        p++;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        if (*q == '+' || *q == '-')
            q++;
        if (!isdigit((unsigned char)*q))
            return 0;
        while (isdigit((unsigned char)*q))
            q++;
        p = q;
    }
    *end = p;
    return 1;
}

/* Characters that look like a space, a digit or a sign but are not ASCII:
 * what a spreadsheet or a Chinese input method leaves in a cell. */
static const struct lookalike {
    const char *bytes; /* UTF-8 */
    const char *name;
    const char *fix;
} lookalikes[] = {
    {"\xC2\xA0", "a non-breaking space (U+00A0)", "delete it"},
    {"\xE2\x80\xAF", "a narrow non-breaking space (U+202F)", "delete it"},
    {"\xE2\x80\x87", "a figure space (U+2007)", "delete it"},
    {"\xE3\x80\x80", "an ideographic space (U+3000)", "delete it"},
    {"\xE2\x80\x8B", "a zero-width space (U+200B)", "delete it"},
    {"\xEF\xBB\xBF", "a zero-width no-break space (U+FEFF)", "delete it"},
    {"\xE2\x88\x92", "a minus sign (U+2212)", "type '-' instead"},
};

/* Full-width forms U+FF0B..U+FF19: + , - . / and the digits 0-9. */
static int fullwidth(const unsigned char *p)
{
    return p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x8B && p[2] <= 0x99;
}

/* Whether [p, end) holds a digit, ASCII or full-width (the text is
 * NUL-terminated at or after end, so p[1] and p[2] can be read). */
static int has_digit(const unsigned char *p, const unsigned char *end)
{
    for (; p < end; p++)
        if (isdigit(*p) ||
            (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99))
            return 1;
    return 0;
}

const char *dr_parse_lookalike(const char *text)
{
    static _Thread_local char why[160];
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    const unsigned char *end = s + strlen((const char *)s);
    for (const unsigned char *p = s; *p; p++) {
        if (*p < 0x80)
            continue;
        if (fullwidth(p)) {
            snprintf(why, sizeof why,
                     "full-width characters (such as \xEF\xBC\x91, "
                     "\xEF\xBC\x8D or \xEF\xBC\x8E) in the number: type "
                     "them as ASCII 0-9, '-' and '.'");
            return why;
        }
        for (size_t k = 0; k < sizeof lookalikes / sizeof lookalikes[0]; k++) {
            const struct lookalike *l = &lookalikes[k];
            size_t n = strlen(l->bytes);
            if (strncmp((const char *)p, l->bytes, n) != 0)
                continue;
            int before = has_digit(s, p), after = has_digit(p + n, end);
            snprintf(why, sizeof why, "%s %s: %s", l->name,
                     before && after ? "in the number"
                     : before        ? "after the number"
                     : after         ? "before the number"
                                     : "in the field",
                     l->fix);
            return why;
        }
    }
    return NULL;
}

int dr_parse_double(const char *s, double *out, const char **why)
{
    const char *p = skip_space(s ? s : "");
    const char *end;
    if (*p == '\0') {
        *why = "the field is empty";
        return 0;
    }
    if (!plain_decimal(p, &end)) {
        if ((*why = dr_parse_lookalike(p)))
            return 0;
        const char *q = (*p == '+' || *p == '-') ? p + 1 : p;
        if (strncasecmp(q, "nan", 3) == 0 || strncasecmp(q, "inf", 3) == 0)
            *why = "not a finite number";
        else
            *why = "not a number";
        return 0;
    }
    if (*end == ',' && isdigit((unsigned char)end[1])) {
        *why =
            "thousands separators are not allowed; write 1234.5, not 1,234.5";
        return 0;
    }
    if (!only_space(end)) {
        if ((*why = dr_parse_lookalike(p)))
            return 0;
        *why = "unexpected characters after the number";
        return 0;
    }
    errno = 0;
    char *stop;
    double v = strtod(p, &stop);
    if (stop != end) {
        /* Only a locale with another decimal mark gets here. */
        *why = "not a plain decimal number";
        return 0;
    }
    if (errno == ERANGE && fabs(v) > 1.0) {
        *why = "the number is too large";
        return 0;
    }
    if (!isfinite(v)) {
        *why = "not a finite number";
        return 0;
    }
    /* Underflow to a denormal or zero is harmless: keep the value. */
    *out = v;
    return 1;
}

int dr_parse_long(const char *s, long lo, long hi, long *out, const char **why)
{
    const char *p = skip_space(s ? s : "");
    if (*p == '\0') {
        *why = "the field is empty";
        return 0;
    }
    const char *q = p;
    if (*q == '+' || *q == '-')
        q++;
    if (!isdigit((unsigned char)*q)) {
        if (!(*why = dr_parse_lookalike(p)))
            *why = "not a whole number";
        return 0;
    }
    while (isdigit((unsigned char)*q))
        q++;
    if (!only_space(q)) {
        const char *e;
        if ((*why = dr_parse_lookalike(p)))
            return 0;
        if (plain_decimal(p, &e) && only_space(e))
            *why = "not a whole number";
        else
            *why = "unexpected characters after the number";
        return 0;
    }
    errno = 0;
    long v = strtol(p, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi) {
        *why = "out of range";
        return 0;
    }
    *out = v;
    return 1;
}

int dr_valid_id(const char *s)
{
    size_t n = 0;
    if (!s)
        return 0;
    for (; s[n]; n++) {
        unsigned char c = (unsigned char)s[n];
        if (!(isalnum(c) || c == '_' || c == '-') || c > 127)
            return 0;
    }
    return n > 0 && n < 64 && s[0] != '-';
}

/* The code point of the UTF-8 sequence at p (valid: dr_utf8_bad said so)
 * and its length in *len. */
static unsigned long code_point(const unsigned char *p, size_t *len)
{
    if (p[0] < 0x80) {
        *len = 1;
        return p[0];
    }
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
    unsigned long c = p[0] & (0x7Fu >> n);
    for (size_t k = 1; k < n; k++)
        c = c << 6 | (p[k] & 0x3Fu);
    *len = n;
    return c;
}

static const char *control_name(unsigned long c)
{
    switch (c) {
    case '\n': return "a line break";
    case '\r': return "a carriage return";
    case '\t': return "a tab";
    case 0x2028: return "a line separator";
    case 0x2029: return "a paragraph separator";
    default: return "a control character";
    }
}

/* What dr_text_check refuses: C0, DEL, C1, U+2028 and U+2029. */
static int refused(unsigned long c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

int dr_text_check(const char *s, unsigned flags, char why[DR_TEXT_WHY])
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), bad = dr_utf8_bad(p, n);
    if (bad < n) {
        snprintf(why, DR_TEXT_WHY,
                 "not valid UTF-8 at byte %zu: names and titles must be "
                 "UTF-8 text",
                 bad + 1);
        return 0;
    }
    size_t at = 1;
    for (size_t k = 0, len; k < n; k += len, at++) {
        unsigned long c = code_point(p + k, &len);
        if (refused(c)) {
            snprintf(why, DR_TEXT_WHY,
                     "U+%04lX (%s) at character %zu: names and titles must "
                     "be one line of plain text",
                     c, control_name(c), at);
            return 0;
        }
    }
    if ((flags & DR_TEXT_CELL) && p[0] && strchr("=+-@", p[0])) {
        snprintf(why, DR_TEXT_WHY,
                 "it starts with '%c', which a spreadsheet would take for a "
                 "formula; start it with another character",
                 p[0]);
        return 0;
    }
    return 1;
}

void dr_text_flatten(char *s, char with)
{
    unsigned char *p = (unsigned char *)s;
    size_t n = strlen(s);
    for (size_t k = 0, len; k < n; k += len) {
        if (dr_utf8_bad(p + k, n - k < 4 ? n - k : 4) == 0) {
            p[k] = (unsigned char)with; /* not UTF-8 */
            len = 1;
        } else if (refused(code_point(p + k, &len))) {
            memset(p + k, with, len);
        }
    }
}

char *dr_strdup_trim(const char *s)
{
    const char *b = skip_space(s ? s : "");
    size_t n = strlen(b);
    while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t'))
        n--;
    char *r = malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, b, n);
    r[n] = '\0';
    return r;
}

int dr_edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63)
        return 99;
    int row[64];
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

int dr_suggest_distance(const char *word, const char *name)
{
    char a[64], b[64];
    size_t na = strlen(word), nb = strlen(name);
    if (na >= sizeof a || nb >= sizeof b)
        return -1;
    /* Case is ignored: GDP for gdp, Urban for urban. */
    for (size_t k = 0; k <= na; k++)
        a[k] = (char)tolower((unsigned char)word[k]);
    for (size_t k = 0; k <= nb; k++)
        b[k] = (char)tolower((unsigned char)name[k]);
    int d = dr_edit_distance(a, b);
    return d <= 2 && (size_t)d < na ? d : -1;
}

const char *dr_suggest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    int bestd = 99;
    for (size_t i = 0; i < n; i++) {
        int d = dr_suggest_distance(word, names[i]);
        if (d >= 0 && d < bestd) {
            best = names[i];
            bestd = d;
        }
    }
    return best;
}

int dr_parse_u64(const char *s, uint64_t *out, const char **why)
{
    s = skip_space(s ? s : "");
    if (*s == '+')
        s++;
    if (!isdigit((unsigned char)*s)) {
        *why = *s == '-'               ? "a seed cannot be negative"
               : dr_parse_lookalike(s) ? dr_parse_lookalike(s)
                                       : "not a whole number";
        return 0;
    }
    uint64_t v = 0;
    for (; isdigit((unsigned char)*s); s++) {
        unsigned dgt = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - dgt) / 10) {
            *why = "the number is too large";
            return 0;
        }
        v = v * 10 + dgt;
    }
    if (!only_space(s)) {
        if (!(*why = dr_parse_lookalike(s)))
            *why = "not a whole number";
        return 0;
    }
    *out = v;
    return 1;
}

int dr_parse_numbers(const char *s, double *out, int n, const char **why)
{
    static const char list[] = "write three numbers separated by commas or "
                               "spaces";
    static const char other[] = "write the numbers separated by commas or "
                                "spaces";
    const char *wrong = n == 3 ? list : other;
    char tok[256];
    int k = 0;
    const char *q = s ? s : "";
    for (;;) {
        q = skip_space(q);
        if (!*q)
            break;
        size_t len = strcspn(q, ", \t");
        if (len == 0 || len >= sizeof tok || k == n) {
            *why = wrong;
            return 0;
        }
        memcpy(tok, q, len);
        tok[len] = '\0';
        if (!dr_parse_double(tok, &out[k], why))
            return 0;
        k++;
        q = skip_space(q + len);
        if (*q == ',') {
            q = skip_space(q + 1);
            if (!*q || *q == ',') {
                *why = wrong;
                return 0;
            }
        }
    }
    if (k != n) {
        *why = wrong;
        return 0;
    }
    return 1;
}

void dr_format_double(char buf[32], double v)
{
    if (isinf(v)) {
        snprintf(buf, 32, "%s", v > 0 ? "inf" : "-inf");
        return;
    }
    if (isnan(v)) {
        snprintf(buf, 32, "nan");
        return;
    }
    if (v == 0.0) {
        snprintf(buf, 32, "0"); /* also for -0 */
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}
