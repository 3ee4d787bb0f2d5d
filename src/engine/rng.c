#include "engine/rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

uint64_t dr_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t dr_rng_key(const char *kind, const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *s = kind; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    h = (h ^ ':') * 0x100000001b3ULL;
    for (const char *s = name; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* GSL's taus2 state (gsl/rng/taus.c): three 32-bit words in unsigned
 * longs. */
typedef struct {
    unsigned long s1, s2, s3;
} taus_state;

/* One 64-bit number for stream (seed, path, key). */
static uint64_t stream_id(uint64_t seed, uint64_t path, uint64_t key)
{
    return dr_mix64(dr_mix64(dr_mix64(seed) ^ path) ^ key);
}

/* Seeding through gsl_rng_set would squeeze the 64-bit stream key into 32
 * bits, and a million streams would then collide; writing the state from
 * SplitMix64 gives each stream ~88 bits. */
void dr_rng_taus_state(uint64_t seed, uint64_t path, uint64_t key,
                       uint32_t s[3])
{
    uint64_t x = stream_id(seed, path, key);
    uint64_t a = dr_mix64(x), b = dr_mix64(x + 1);
    /* taus2 needs s1 > 1, s2 > 7, s3 > 15 */
    s[0] = (uint32_t)(a & 0xffffffffu) | 2u;
    s[1] = (uint32_t)(a >> 32) | 8u;
    s[2] = (uint32_t)(b & 0xffffffffu) | 16u;
}

void dr_rng_stream(gsl_rng *r, uint64_t seed, uint64_t path, uint64_t key)
{
    if (gsl_rng_size(r) == sizeof(taus_state)) {
        uint32_t s[3];
        dr_rng_taus_state(seed, path, key, s);
        taus_state st = {.s1 = s[0], .s2 = s[1], .s3 = s[2]};
        memcpy(gsl_rng_state(r), &st, sizeof st);
        /* Like gsl_rng_set, step past the first outputs. */
        for (int k = 0; k < DR_RNG_WARMUP; k++)
            gsl_rng_get(r);
    } else { /* another generator: its own seeding */
        gsl_rng_set(r, (unsigned long)stream_id(seed, path, key));
    }
}

double dr_rng_shock(gsl_rng *r, const dr_params *p)
{
    if (p->family == DR_FAMILY_STUDENT_T)
        return gsl_ran_tdist(r, p->df) * sqrt((p->df - 2.0) / p->df);
    return gsl_ran_gaussian_ziggurat(r, 1.0);
}
