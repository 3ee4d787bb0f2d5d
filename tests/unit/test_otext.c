/* The texts of the office formats (present/otext.h): every id has both
 * texts, neither empty; the printf formats of the two languages take the
 * same arguments (each conversion parsed here: its position, explicit or
 * in turn, and its type); a text without conversions has no % to be
 * misread; the sheet names are names Excel takes, none the same as
 * another sheet of a workbook in any case; the deck's headings are slides
 * (level 2) and its tables have as many columns in both languages. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "outputs/schema.h"
#include "present/otext.h"

#define MAXCONV 16

/* The conversions of a printf format: type[p] is the length modifier and
 * conversion of argument p (0-based), "" for none; returns how many
 * arguments it takes, or -1 when it is not a format glibc reads alike
 * (a lone %, an unknown conversion, positions mixed with none, one
 * argument of two types). */
static int conversions(const char *s, char type[MAXCONV][4])
{
    int n = 0, next = 0, positional = -1;
    for (int k = 0; k < MAXCONV; k++)
        type[k][0] = '\0';
    for (const char *p = s; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        int pos = -1;
        const char *q = p;
        while (isdigit((unsigned char)*q))
            q++;
        if (q > p && *q == '$') {
            pos = atoi(p) - 1;
            p = q + 1;
        }
        if (positional >= 0 && positional != (pos >= 0))
            return -1;
        positional = pos >= 0;
        if (pos < 0)
            pos = next++;
        while (*p && strchr("-+ #0'", *p))
            p++;
        while (isdigit((unsigned char)*p) || *p == '.')
            p++;
        char t[4] = "";
        size_t o = 0;
        while (*p && strchr("hlzjt", *p) && o < 2)
            t[o++] = *p++;
        if (!*p || !strchr("sdiucxXfgeEp", *p) || pos >= MAXCONV || pos < 0)
            return -1;
        t[o++] = *p;
        t[o] = '\0';
        if (type[pos][0] && strcmp(type[pos], t) != 0)
            return -1;
        snprintf(type[pos], 4, "%s", t);
        if (pos + 1 > n)
            n = pos + 1;
    }
    /* positions leave no argument out */
    for (int k = 0; k < n; k++)
        if (!type[k][0])
            return -1;
    return n;
}

static void texts(void)
{
    int all = 1, formats = 1, plain = 1;
    for (int id = 0; id < OX_COUNT; id++) {
        const char *en = dr_otexts[id][0], *zh = dr_otexts[id][1];
        if (!en || !zh || !*en || !*zh) {
            printf("# text %d: missing\n", id);
            all = 0;
            continue;
        }
        all &= dr_ot(0, (dr_otext_id)id) == en &&
               dr_ot(1, (dr_otext_id)id) == zh &&
               dr_ot(2, (dr_otext_id)id) == zh;
        char te[MAXCONV][4], tz[MAXCONV][4];
        int ne = conversions(en, te), nz = conversions(zh, tz);
        int same = ne >= 0 && ne == nz;
        for (int k = 0; same && k < ne; k++)
            same = strcmp(te[k], tz[k]) == 0;
        if (!same) {
            printf("# text %d: '%s' takes %d, '%s' %d\n", id, en, ne, zh, nz);
            formats = 0;
        }
        /* without a conversion, a % would print as it is written when
         * the text is used as it is, or lose its half when printed as a
         * format: none, but in the header printed as a format among its
         * neighbours */
        if (ne == 0 && id != OX_WB_FIRST &&
            (strchr(en, '%') || strchr(zh, '%'))) {
            printf("# text %d: a %% without a conversion\n", id);
            plain = 0;
        }
    }
    CHECK(all);
    CHECK(formats);
    CHECK(plain);
    /* the parser itself, on formats whose arguments are known */
    char t[MAXCONV][4];
    CHECK(conversions("plain", t) == 0);
    CHECK(conversions("50%%", t) == 0);
    CHECK(conversions("%ld of %s", t) == 2 && !strcmp(t[0], "ld") &&
          !strcmp(t[1], "s"));
    CHECK(conversions("%2$s %1$zu", t) == 2 && !strcmp(t[0], "zu") &&
          !strcmp(t[1], "s"));
    CHECK(conversions("%1$ld and %1$ld", t) == 1);
    CHECK(conversions("at 50%", t) == -1);
    CHECK(conversions("%1$s %s", t) == -1);
    CHECK(conversions("%2$s", t) == -1);
    CHECK(conversions("%1$s %1$ld", t) == -1);
    /* the header of first years, as the overview prints it */
    char buf[64];
    snprintf(buf, sizeof buf, dr_ot(0, OX_WB_FIRST), 2025L);
    CHECK(strcmp(buf, "First year at 50%") == 0);
}

/* The names of the sheets the workbooks make of CSV files: each file's
 * stem, and the summaries of a review's scenarios and of a solve's
 * packages. */
static int csv_sheet(const char *name)
{
    for (int k = 0; k < DR_NSCHEMAS; k++) {
        const char *f = dr_schemas[k].file;
        size_t stem = strlen(f) - 4;
        if (strlen(name) == stem && strncasecmp(name, f, stem) == 0)
            return 1;
    }
    return strncasecmp(name, "summary_", 8) == 0;
}

static void sheet_names(void)
{
    static const dr_otext_id sheets[] = {
        OX_WB_SUMMARY, OX_WB_SETTINGS, OX_WB_MODEL,   OX_WB_CMP,
        OX_WB_SENS,    OX_WB_SOLVE,    OX_WB_SCENARIO};
    const size_t n = sizeof sheets / sizeof sheets[0];
    int valid = 1, apart = 1, own = 1;
    for (int zh = 0; zh < 2; zh++)
        for (size_t k = 0; k < n; k++) {
            const char *s = dr_ot(zh, sheets[k]);
            /* at most 31 characters, none of []:*?/\, no ' at an end */
            size_t chars = 0;
            for (const char *p = s; *p; p++)
                chars += ((unsigned char)*p & 0xC0) != 0x80;
            if (chars > 31 || strpbrk(s, "[]:*?/\\") || s[0] == '\'' ||
                s[strlen(s) - 1] == '\'') {
                printf("# sheet '%s': not a name\n", s);
                valid = 0;
            }
            if (csv_sheet(s)) {
                printf("# sheet '%s': a CSV file's sheet too\n", s);
                apart = 0;
            }
            for (size_t j = 0; j < k; j++)
                if (strcasecmp(s, dr_ot(zh, sheets[j])) == 0) {
                    printf("# sheet '%s' twice\n", s);
                    own = 0;
                }
        }
    CHECK(valid);
    CHECK(apart);
    CHECK(own);
}

static int count(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static void deck_texts(void)
{
    static const dr_otext_id slides[] = {
        OX_DK_BRIEF,  OX_DK_SCEN_TABLE,   OX_DK_TORNADO_CITY, OX_DK_TORNADO,
        OX_DK_EFFORT, OX_DK_EFFORT_CHART, OX_DK_SOLVE_CITY};
    int heads = 1;
    for (int zh = 0; zh < 2; zh++)
        for (size_t k = 0; k < sizeof slides / sizeof slides[0]; k++) {
            const char *s = dr_ot(zh, slides[k]);
            heads &=
                strncmp(s, "## ", 3) == 0 && s[3] != '#' && !strchr(s, '\n');
        }
    CHECK(heads);
    /* tables: a header and its rule, as many columns in both */
    static const dr_otext_id tables[] = {OX_DK_SCEN_HEAD, OX_DK_EFFORT_HEAD};
    int cols = 1;
    for (size_t k = 0; k < 2; k++) {
        const char *en = dr_ot(0, tables[k]), *zh = dr_ot(1, tables[k]);
        cols &= count(en, '|') == count(zh, '|') && count(en, '\n') == 2 &&
                count(zh, '\n') == 2 && en[strlen(en) - 1] == '\n' &&
                zh[strlen(zh) - 1] == '\n';
        /* the rule has one cell per column of the header */
        const char *rule = strchr(en, '\n') + 1;
        cols &= count(rule, '|') * 2 == count(en, '|');
    }
    CHECK(cols);
    /* the method's lines are items of its list */
    CHECK(strncmp(dr_ot(0, OX_DK_DEF), "- ", 2) == 0 &&
          strncmp(dr_ot(1, OX_DK_DEF), "- ", 2) == 0 &&
          strncmp(dr_ot(0, OX_DK_MORE), "- ", 2) == 0 &&
          strncmp(dr_ot(1, OX_DK_MORE), "- ", 2) == 0);
    /* the headline sentences stand out */
    CHECK(strncmp(dr_ot(0, OX_DK_MOVES), "**", 2) == 0 &&
          strncmp(dr_ot(1, OX_DK_MOVES), "**", 2) == 0 &&
          strncmp(dr_ot(0, OX_DK_SOLVE_COUNT), "**", 2) == 0 &&
          strncmp(dr_ot(1, OX_DK_SOLVE_COUNT), "**", 2) == 0);
}

int main(void)
{
    texts();
    sheet_names();
    deck_texts();
    return check_done();
}
