/* Markdown escaping of input text (mdtext.c): each case worked out by
 * hand from CommonMark's rules (a backslash before ASCII punctuation shows
 * the character) and GitHub's (tables, bare links). */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "present/mdtext.h"

/* dr_md_text(s) is want. */
static int md_is(const char *s, const char *want)
{
    char *got = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&got, &len);
    if (!f)
        return 0;
    dr_md_text(f, s);
    fclose(f);
    int ok = got && strcmp(got, want) == 0;
    if (!ok)
        printf("# '%s' gave '%s', expected '%s'\n", s, got ? got : "", want);
    free(got);
    return ok;
}

static int code_is(const char *s, size_t n, const char *want)
{
    char buf[64];
    dr_md_code(buf, n, s);
    int ok = strcmp(buf, want) == 0;
    if (!ok)
        printf("# '%s' gave '%s', expected '%s'\n", s, buf, want);
    return ok;
}

int main(void)
{
    /* plain text stays as it is */
    CHECK(md_is("邓州市", "邓州市"));
    CHECK(md_is("Xinye, east; 50% ok? a-b 'q' \"d\" x/y",
                "Xinye, east; 50% ok? "
                "a-b 'q' \"d\" x/y"));
    /* emphasis, code, links, images, HTML, entities, tables, math */
    CHECK(md_is("*bold*", "\\*bold\\*"));
    CHECK(md_is("_it_", "\\_it\\_"));
    CHECK(md_is("~~x~~", "\\~\\~x\\~\\~"));
    CHECK(md_is("`c`", "\\`c\\`"));
    CHECK(md_is("[x](http://evil)", "\\[x\\]\\(http\\://evil\\)"));
    CHECK(md_is("![i](a.png)", "\\!\\[i\\]\\(a.png\\)"));
    CHECK(md_is("<script>alert(1)</script>",
                "\\<script\\>alert\\(1\\)\\</script\\>"));
    CHECK(md_is("&lt;", "\\&lt;"));
    CHECK(md_is("a|b", "a\\|b"));
    CHECK(md_is("$x$", "\\$x\\$"));
    CHECK(md_is("x^2^", "x\\^2\\^"));
    CHECK(md_is("{a}", "\\{a\\}"));
    CHECK(md_is("a\\b", "a\\\\b"));
    /* bare addresses GitHub would link */
    CHECK(md_is("www.evil.example", "www\\.evil.example"));
    CHECK(md_is("WWW.x", "WWW\\.x"));
    CHECK(md_is("me@evil.example", "me\\@evil.example"));
    CHECK(md_is("ftp://x", "ftp\\://x"));
    CHECK(md_is("C:x", "C:x")); /* a colon alone is text */
    /* what counts only at the start: a heading, a list item, a number */
    CHECK(md_is("# h", "\\# h"));
    CHECK(md_is("- x", "\\- x") && md_is("+x", "\\+x") && md_is("=x", "\\=x"));
    CHECK(md_is("1. item", "1\\. item"));
    CHECK(md_is("12) x", "12\\) x"));
    CHECK(md_is("2024.5", "2024\\.5"));
    CHECK(md_is("a.b 1.2", "a.b 1.2"));
    /* control characters, U+2028 and U+2029 become spaces */
    CHECK(md_is("a\nb\rc\td", "a b c d"));
    CHECK(md_is("a\x1b[2Jb", "a \\[2Jb"));
    CHECK(md_is("a\xc2\x85"
                "b",
                "a b"));
    CHECK(md_is("a\xe2\x80\xa8"
                "b\xe2\x80\xa9"
                "c",
                "a b c"));

    /* code spans: a backquote would end one; nothing else is read */
    CHECK(code_is("a`b|*c*", 64, "a'b|*c*"));
    CHECK(code_is("a\nb\x7f", 64, "a b "));
    CHECK(code_is("abcdef", 4, "abc"));
    /* 3 bytes fit: "ab" and the first of 邓's 3, which alone is not UTF-8 */
    CHECK(code_is("ab邓", 4, "ab "));
    return check_done();
}
