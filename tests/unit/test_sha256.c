/* SHA-256 (sha256.h) against the published vectors of FIPS 180-2
 * (appendix B) and digests of Python's hashlib for the lengths around the
 * padding's boundaries (55, 56, 63, 64, 65, 119, 120 bytes), the message
 * fed whole and in pieces of every size from 1 to 130 bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "check.h"

/* The digest of msg[0..n) fed in pieces of `piece` bytes (0: whole). */
static int digest_is(const char *msg, size_t n, size_t piece, const char *want)
{
    dr_sha256 s;
    char hex[65];
    dr_sha256_init(&s);
    if (piece == 0)
        dr_sha256_update(&s, msg, n);
    else
        for (size_t k = 0; k < n; k += piece)
            dr_sha256_update(&s, msg + k, n - k < piece ? n - k : piece);
    dr_sha256_hex(&s, hex);
    if (strcmp(hex, want) != 0 || hex[64] != '\0') {
        printf("# %zu bytes in pieces of %zu: %s\n", n, piece, hex);
        return 0;
    }
    return 1;
}

static void fips(void)
{
    /* FIPS 180-2, B.1, B.2, B.3 */
    CHECK(digest_is("abc", 3, 0,
                    "ba7816bf8f01cfea414140de5dae2223"
                    "b00361a396177a9cb410ff61f20015ad"));
    const char *m448 =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK(digest_is(m448, strlen(m448), 0,
                    "248d6a61d20638b8e5c026930c3e6039"
                    "a33ce45964ff2167f6ecedd419db06c1"));
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    CHECK(digest_is(million, 1000000, 0,
                    "cdc76e5c9914fb9281a1c7e284d73e67"
                    "f1809a48a497200e046d39ccc7112cd0"));
    CHECK(digest_is(million, 1000000, 4096,
                    "cdc76e5c9914fb9281a1c7e284d73e67"
                    "f1809a48a497200e046d39ccc7112cd0"));
    free(million);
    /* the empty message */
    CHECK(digest_is("", 0, 0,
                    "e3b0c44298fc1c149afbf4c8996fb924"
                    "27ae41e4649b934ca495991b7852b855"));
}

static void boundaries(void)
{
    static const struct {
        size_t n;
        const char *hex;
    } v[] = {
        {55,
         "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56,
         "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63,
         "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64,
         "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65,
         "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119,
         "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120,
         "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    };
    char a[130];
    memset(a, 'a', sizeof a);
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        int ok = 1;
        for (size_t piece = 0; piece <= 130; piece++)
            ok = ok && digest_is(a, v[k].n, piece, v[k].hex);
        CHECK(ok);
    }
    /* an update of nothing changes nothing */
    dr_sha256 s;
    char hex[65];
    dr_sha256_init(&s);
    dr_sha256_update(&s, "ab", 2);
    dr_sha256_update(&s, "", 0);
    dr_sha256_update(&s, "c", 1);
    dr_sha256_hex(&s, hex);
    CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223"
                      "b00361a396177a9cb410ff61f20015ad") == 0);
    /* init starts over */
    dr_sha256_init(&s);
    dr_sha256_hex(&s, hex);
    CHECK(strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                      "27ae41e4649b934ca495991b7852b855") == 0);
}

int main(void)
{
    fips();
    boundaries();
    return check_done();
}
