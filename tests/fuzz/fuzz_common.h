/* Shared by the libFuzzer harnesses: the readers take file names, so each
 * input is written to one scratch file first. */
#ifndef DR_FUZZ_COMMON_H
#define DR_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_path[64];

static void fuzz_cleanup(void)
{
    unlink(fuzz_path);
}

static const char *fuzz_file(const uint8_t *data, size_t size,
                             const char *suffix)
{
    char *path = fuzz_path;
    if (!path[0]) {
        snprintf(path, sizeof fuzz_path, "/tmp/debtrisk-fuzz-%ld%s",
                 (long)getpid(), suffix);
        atexit(fuzz_cleanup);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return path;
}

#endif
