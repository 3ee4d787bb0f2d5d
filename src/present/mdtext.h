/* Text from inputs in the Markdown reports (report.c): names, titles,
 * descriptions, paths. Such text may hold anything Markdown reads as
 * markup (a county called *bold*, [x](http://evil), <script>, a | that
 * splits a table cell, a leading # or 1.), so it is escaped to show as
 * the literal text, as CommonMark and GitHub's Markdown render it. */
#ifndef DR_MDTEXT_H
#define DR_MDTEXT_H

#include <stddef.h>
#include <stdio.h>

/* Writes s to f escaped for running text, a table cell, a heading or a
 * link's text: a backslash before each character of
 * \ ` * _ [ ] { } < > ( ) # ! ~ | & $ @ ^ (emphasis, code, links,
 * images, HTML and entities, tables, math, e-mail links, pandoc's
 * superscripts), before '+', '-' or '='
 * at the start (a list item, a heading underline), before the '.' of a
 * leading number (a numbered item), the ':' of "://" and the '.' of
 * "www." (links GitHub makes of bare addresses). Control characters and
 * U+2028, U+2029 become spaces, so the text stays on its line. */
void dr_md_text(FILE *f, const char *s);

/* s for a code span (`...`, where Markdown reads nothing) into dst (size
 * n): a backquote, which would end the span, becomes ', and control
 * characters become spaces. */
void dr_md_code(char *dst, size_t n, const char *s);

#endif
