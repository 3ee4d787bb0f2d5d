/* Markdown-escaped text (mdtext.h). */
#include "present/mdtext.h"

#include <string.h>
#include <strings.h>

#include "base/parse.h"

void dr_md_text(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t digits = strspn(s, "0123456789");
    for (size_t k = 0; p[k]; k++) {
        unsigned char c = p[k];
        if (c < 0x20 || c == 0x7F) {
            fputc(' ', f);
            continue;
        }
        if (c == 0xC2 && p[k + 1] >= 0x80 && p[k + 1] <= 0x9F) {
            fputc(' ', f); /* C1 */
            k++;
            continue;
        }
        if (c == 0xE2 && p[k + 1] == 0x80 &&
            (p[k + 2] == 0xA8 || p[k + 2] == 0xA9)) {
            fputc(' ', f); /* U+2028, U+2029 */
            k += 2;
            continue;
        }
        int esc = strchr("\\`*_[]{}<>()#!~|&$@^", c) != NULL ||
                  (k == 0 && strchr("+-=", c)) ||
                  (k == digits && k > 0 && c == '.') ||
                  (c == ':' && p[k + 1] == '/' && p[k + 2] == '/') ||
                  (c == '.' && k >= 3 && strncasecmp(s + k - 3, "www", 3) == 0);
        if (esc)
            fputc('\\', f);
        fputc(c, f);
    }
}

void dr_md_code(char *dst, size_t n, const char *s)
{
    size_t o = 0;
    for (; *s && o + 1 < n; s++)
        dst[o++] = *s == '`' ? '\'' : *s;
    /* a sequence cut at the end of dst becomes spaces too */
    dst[o] = '\0';
    dr_text_flatten(dst, ' ');
}
