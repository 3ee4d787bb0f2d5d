/* The language of charts, reports and workbooks: parsed once, from --lang
 * (cli.c), and passed down as this enum. */
#ifndef DR_LANG_H
#define DR_LANG_H

typedef enum dr_lang { DR_LANG_EN, DR_LANG_ZH } dr_lang;

/* "en" or "zh", as --lang spells it. */
static inline const char *dr_lang_code(dr_lang l)
{
    return l == DR_LANG_ZH ? "zh" : "en";
}

#endif
