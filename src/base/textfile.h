/* Text input files: read whole, converted to UTF-8 from the encoding the
 * user named (Excel and WPS in China often save GB18030/GBK), and checked
 * to be UTF-8. Shared by the CSV and INI readers. */
#ifndef DR_TEXTFILE_H
#define DR_TEXTFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"

/* The encoding of the input files, for the whole process: NULL or "utf-8"
 * for UTF-8 (the default), else a name iconv knows, e.g. "gb18030".
 * Returns DR_EUSAGE when iconv does not know it. */
dr_status dr_text_set_encoding(const char *encoding, dr_error *err);

/* Reads the whole file into a new buffer (*len bytes, NUL-terminated) in
 * UTF-8: a file that is not valid UTF-8 is converted from the set encoding
 * (a valid UTF-8 file is read as it is). Errors: the file cannot be opened or
 * is a folder (DR_EINPUT), a byte sequence invalid in the set encoding
 * (DR_EINPUT, with its line and column), out of memory. The UTF-8 check itself
 * is the caller's, with dr_utf8_bad, so that it can name the line its own way.
 */
dr_status dr_text_load(const char *path, char **buf, size_t *len,
                       dr_error *err);

/* The most bytes dr_text_load reads from one file (256 MiB): more is
 * DR_EINPUT, named, found before reading a regular file and once past the
 * limit for a FIFO or a device. dr_text_load opens each file once and
 * keeps what it read: the SHA-256 of those bytes (dr_text_sha256), and the
 * bytes themselves for a file that cannot be read again (a FIFO, a pipe
 * such as bash's <(...)), which later loads of it get. A SIGINT or SIGTERM
 * while it waits (a FIFO with no writer) ends it with DR_EINTR. */
#define DR_TEXT_MAX ((size_t)256 << 20)

/* The SHA-256, in hex, of the bytes last read from path (as named to
 * dr_text_load, before any conversion); DR_EINPUT when path was never
 * read. */
dr_status dr_text_sha256(const char *path, char hex[65]);

/* The files read so far: their number, and the k-th one's path (as named)
 * with its device and inode. */
size_t dr_text_nread(void);
const char *dr_text_read_at(size_t k, dev_t *dev, ino_t *ino);

/* Offset of the first byte of s[0..n) that is not valid UTF-8 (overlong
 * forms, surrogates and code points above U+10FFFF are invalid), or n. */
size_t dr_utf8_bad(const unsigned char *s, size_t n);

/* The message for a file that is not UTF-8, naming the flag that reads
 * GB18030. */
const char *dr_text_not_utf8(void);

#endif
