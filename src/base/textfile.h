/* Text input files: read whole, converted to UTF-8 from the encoding the
 * user named (Excel and WPS in China often save GB18030/GBK), and checked
 * to be UTF-8. Shared by the CSV and INI readers. */
#ifndef DR_TEXTFILE_H
#define DR_TEXTFILE_H

#include <stddef.h>

#include "base/error.h"

/* The encoding of the input files, for the whole process: NULL or "utf-8"
 * for UTF-8 (the default), else a name iconv knows, e.g. "gb18030".
 * Returns DR_EUSAGE when iconv does not know it. */
dr_status dr_text_set_encoding(const char *encoding, dr_error *err);

/* Reads the whole file into a new buffer (*len bytes, NUL-terminated) in
 * UTF-8: a file that is not valid UTF-8 is converted from the set encoding
 * (a valid UTF-8 file is read as it is). Errors: the file cannot be opened or is a folder (DR_EINPUT), a
 * byte sequence invalid in the set encoding (DR_EINPUT, with its line and
 * column), out of memory. The UTF-8 check itself is the caller's, with
 * dr_utf8_bad, so that it can name the line its own way. */
dr_status dr_text_load(const char *path, char **buf, size_t *len,
                       dr_error *err);

/* Offset of the first byte of s[0..n) that is not valid UTF-8 (overlong
 * forms, surrogates and code points above U+10FFFF are invalid), or n. */
size_t dr_utf8_bad(const unsigned char *s, size_t n);

/* The message for a file that is not UTF-8, naming the flag that reads
 * GB18030. */
const char *dr_text_not_utf8(void);

#endif
