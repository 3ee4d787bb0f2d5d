/* SHA-256 (FIPS 180-4), to record the inputs of a run in run.ini. */
#ifndef DR_SHA256_H
#define DR_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef struct dr_sha256 {
    uint32_t h[8];
    uint64_t len; /* bytes hashed so far */
    unsigned char buf[64];
    size_t nbuf;
} dr_sha256;

void dr_sha256_init(dr_sha256 *s);
void dr_sha256_update(dr_sha256 *s, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex. */
void dr_sha256_hex(dr_sha256 *s, char hex[65]);

#endif
