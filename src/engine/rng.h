/* Random streams keyed by what they are for. Every (seed, path, key) names
 * its own GSL taus2 stream, so a path draws the same numbers whatever the
 * thread, the order of work or the scenario, and adding a county or a
 * project leaves every other stream as it was. */
#ifndef DR_RNG_H
#define DR_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "inputs/params.h"

/* A stable 64-bit key for a name (FNV-1a), e.g. "county:wancheng". */
uint64_t dr_rng_key(const char *kind, const char *name);

/* Outputs a stream skips after its state is written, as gsl_rng_set does. */
#define DR_RNG_WARMUP 6

/* The taus2 state (s1, s2, s3) written for stream (seed, path, key), before
 * the DR_RNG_WARMUP outputs are skipped: the one definition that
 * dr_rng_stream and the vector generator (vrng.h) share. */
void dr_rng_taus_state(uint64_t seed, uint64_t path, uint64_t key,
                       uint32_t s[3]);

/* Puts r (a taus2 generator) at the start of stream (seed, path, key). */
void dr_rng_stream(gsl_rng *r, uint64_t seed, uint64_t path, uint64_t key);

/* One N(0,1)-like draw of the model's shock family: normal, or Student-t
 * scaled to unit variance (MODEL.md section 2). */
double dr_rng_shock(gsl_rng *r, const dr_params *p);

/* SplitMix64's output function: a strong 64-bit mixer. */
uint64_t dr_mix64(uint64_t x);

#endif
