/* The vector generator (engine/vrng.h) against GSL, in the spirit of
 * dav1d's checkasm: every implementation this build and processor run
 * (plain C, compiler vectors, AVX2) draws in lockstep with one
 * gsl_rng_taus2 per lane, and after every call each active lane's value
 * must equal GSL's bit for bit (memcmp of the doubles), each lane's state
 * must equal its GSL generator's (so every lane has consumed exactly GSL's
 * raw draws), and lanes outside the mask must be left alone.
 *
 *   (a) the stream state: dr_rng_stream and dr_vrng_seed against SplitMix64
 *       written out here from its definition;
 *   (b) the tables read from GSL against the ziggurat's defining formulas;
 *   (c) thousands of random streams in the engine's pattern (4 normals and
 *       1 uniform a year, 10-50 years), only normals, only uniforms, and
 *       random interleavings with random (partial) masks;
 *   (d) states built to give chosen raw draws: every byte i with j at the
 *       edges of the fast path (0, 1, ktab - 1, ktab, 2^24 - 1), including
 *       -0.0 and the tail, and streams found whose first normal is a slow
 *       path or a tail case, in every lane at once;
 *   (e) initialization: names, and implementations that cannot run.
 * The build also compiles this test with 4 lanes and without the compiler's
 * vectors (tests/meson.build), so the plain C code a compiler without
 * vector extensions runs is checked against GSL the same way. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "engine/rng.h"
#include "engine/vrng.h"

#define W DR_VRNG_LANES
#define TWO24 16777216.0

/* GSL's taus2 state (gsl/rng/taus.c), to read and write it. */
typedef struct {
    unsigned long s1, s2, s3;
} gsl_taus;

/* ---- the test's own numbers ------------------------------------------- */

/* SplitMix64 (Steele, Lea and Flood 2014), from its definition: the test's
 * source of stream names, masks and patterns, and the mixer of (a). */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t draw_state = 20261201;

static uint64_t draw(void)
{
    draw_state += 0x9e3779b97f4a7c15ULL;
    return mix(draw_state);
}

/* A number in [lo, hi]. */
static int draw_in(int lo, int hi)
{
    return lo + (int)(draw() % (uint64_t)(hi - lo + 1));
}

/* ---- the rig: every implementation and GSL in lockstep ----------------- */

typedef struct {
    dr_vrng v[DR_VRNG_NISA];
    int isa[DR_VRNG_NISA], nisa;
    gsl_rng *r[W], *peek;
    long normals, slow, tail, uniforms, bad;
} rig;

static void rig_open(rig *g)
{
    memset(g, 0, sizeof *g);
    for (int isa = DR_VRNG_C; isa < DR_VRNG_NISA; isa++)
        if (dr_vrng_init(&g->v[g->nisa], (dr_vrng_isa)isa) == DR_OK)
            g->isa[g->nisa++] = isa;
    for (int l = 0; l < W; l++) { /* a new generator's lanes: (0, 0, 0) */
        g->r[l] = gsl_rng_alloc(gsl_rng_taus2);
        dr_rng_stream(g->r[l], 0, 0, 0);
    }
    g->peek = gsl_rng_alloc(gsl_rng_taus2);
}

static void rig_close(rig *g)
{
    for (int l = 0; l < W; l++)
        gsl_rng_free(g->r[l]);
    gsl_rng_free(g->peek);
}

static void rig_seed(rig *g, int l, uint64_t seed, uint64_t path, uint64_t key)
{
    dr_rng_stream(g->r[l], seed, path, key);
    for (int m = 0; m < g->nisa; m++)
        dr_vrng_seed(&g->v[m], l, seed, path, key);
}

/* Puts lane l of every generator at taus2 state (s1, s2, s3). */
static void rig_set(rig *g, int l, uint32_t s1, uint32_t s2, uint32_t s3)
{
    gsl_taus st = {s1, s2, s3};
    memcpy(gsl_rng_state(g->r[l]), &st, sizeof st);
    for (int m = 0; m < g->nisa; m++) {
        g->v[m].s[0][l] = s1;
        g->v[m].s[1][l] = s2;
        g->v[m].s[2][l] = s3;
    }
}

static int same_state(const dr_vrng *v, int l, const gsl_rng *r)
{
    const gsl_taus *st = gsl_rng_state(r);
    return v->s[0][l] == st->s1 && v->s[1][l] == st->s2 && v->s[2][l] == st->s3;
}

/* One GSL normal on lane l, counting slow paths and tails: a copy of the
 * state tells the raw draw and whether GSL took more than it. */
static double ref_gauss(rig *g, int l)
{
    gsl_rng_memcpy(g->peek, g->r[l]);
    unsigned long k = gsl_rng_get(g->peek);
    double z = gsl_ran_gaussian_ziggurat(g->r[l], 1.0);
    g->normals++;
    if (memcmp(gsl_rng_state(g->peek), gsl_rng_state(g->r[l]),
               sizeof(gsl_taus))) {
        g->slow++;
        g->tail += (k & 0x7f) == 127;
    }
    return z;
}

/* A bit pattern no draw gives: a lane left alone must keep it. */
static const uint64_t SENTINEL = 0x7ff8dead0000beefULL;

#define MAXN 6 /* most draws a lane in one dr_vrng_*_n call here */

/* One call of every implementation on the lanes of the mask, checked
 * against GSL: `uniform` picks uniforms over normals; n = 0 calls
 * dr_vrng_gauss (dr_vrng_uniform), n >= 1 dr_vrng_gauss_n (_uniform_n)
 * for n draws a lane. Every lane's state must then be its GSL generator's,
 * and lanes outside the mask must keep their sentinel in out. */
static void rig_calln(rig *g, uint32_t lanes, int uniform, int n)
{
    int draws = n ? n : 1;
    double want[MAXN * W], got[MAXN * W];
    for (int l = 0; l < W; l++)
        for (int q = 0; q < draws && (lanes >> l & 1); q++) {
            want[q * W + l] =
                uniform ? gsl_rng_uniform(g->r[l]) : ref_gauss(g, l);
            g->uniforms += uniform;
        }
    for (int m = 0; m < g->nisa; m++) {
        dr_vrng *v = &g->v[m];
        for (int e = 0; e < MAXN * W; e++)
            memcpy(&got[e], &SENTINEL, sizeof got[e]);
        if (n == 0 && uniform)
            dr_vrng_uniform(v, lanes, got);
        else if (n == 0)
            dr_vrng_gauss(v, lanes, got);
        else if (uniform)
            dr_vrng_uniform_n(v, lanes, n, got);
        else
            dr_vrng_gauss_n(v, lanes, n, got);
        for (int e = 0; e < MAXN * W; e++) {
            int l = e % W, on = (lanes >> l & 1) && e / W < draws;
            int ok = !memcmp(&got[e], on ? &want[e] : (const void *)&SENTINEL,
                             sizeof got[e]);
            if (e < W)
                ok &= same_state(v, l, g->r[l]);
            if (!ok && g->bad++ < 5)
                printf("# %s lane %d draw %d of %d (%s): got %a, GSL %a\n",
                       dr_vrng_isa_name((dr_vrng_isa)g->isa[m]), l, e / W,
                       draws, uniform ? "uniform" : "gauss", got[e],
                       on ? want[e] : 0.0);
        }
    }
}

static void rig_call(rig *g, uint32_t lanes, int uniform)
{
    rig_calln(g, lanes, uniform, 0);
}

/* Every implementation's every lane state equals GSL's, word for word. */
static int rig_states_agree(const rig *g)
{
    for (int m = 0; m < g->nisa; m++)
        for (int l = 0; l < W; l++)
            if (!same_state(&g->v[m], l, g->r[l]))
                return 0;
    return 1;
}

/* ---- (a) the stream state ----------------------------------------------- */

static void test_state(void)
{
    /* rng.c's definition: x = mix(mix(mix(seed) ^ path) ^ key), words from
     * mix(x) and mix(x + 1) with the low bits taus2 needs forced on, then
     * six outputs skipped (gsl_rng_set's warm-up). */
    int stream_ok = 1, seed_ok = 1;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng *q = gsl_rng_alloc(gsl_rng_taus2);
    dr_vrng v;
    dr_vrng_init(&v, DR_VRNG_C);
    for (int n = 0; n < 200; n++) {
        uint64_t seed = draw(), path = n % 2 ? draw() : (uint64_t)n;
        uint64_t key = draw();
        uint64_t x = mix(mix(mix(seed) ^ path) ^ key);
        uint64_t a = mix(x), b = mix(x + 1);
        gsl_taus st = {(a & 0xffffffffu) | 2u, (a >> 32) | 8u,
                       (b & 0xffffffffu) | 16u};
        memcpy(gsl_rng_state(q), &st, sizeof st);
        for (int k = 0; k < 6; k++)
            gsl_rng_get(q);
        dr_rng_stream(r, seed, path, key);
        int l = n % W;
        dr_vrng_seed(&v, l, seed, path, key);
        seed_ok &= same_state(&v, l, q);
        for (int k = 0; k < 20; k++)
            stream_ok &= gsl_rng_get(r) == gsl_rng_get(q);
    }
    CHECK(stream_ok); /* dr_rng_stream: the streams it always gave */
    CHECK(seed_ok);   /* dr_vrng_seed: the state dr_rng_stream sets */
    gsl_rng_free(r);
    gsl_rng_free(q);
}

/* dr_vrng_seed_n: lane l at the state dr_rng_stream gives stream
 * (seed, path + l, key), on every implementation and for every count of
 * lanes; the lanes past nl keep what they had. */
static void test_seed_n(void)
{
    int ok = 1, kept = 1;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    for (int isa = DR_VRNG_C; isa < DR_VRNG_NISA; isa++) {
        dr_vrng v;
        if (dr_vrng_init(&v, (dr_vrng_isa)isa) != DR_OK)
            continue;
        for (int nl = 1; nl <= W; nl++) {
            uint64_t seed = draw(), path = draw() >> 1, key = draw();
            dr_vrng before = v;
            dr_vrng_seed_n(&v, nl, seed, path, key);
            for (int l = 0; l < nl; l++) {
                dr_rng_stream(r, seed, path + (uint64_t)l, key);
                ok &= same_state(&v, l, r);
            }
            for (int l = nl; l < W; l++)
                for (int w = 0; w < 3; w++)
                    kept &= v.s[w][l] == before.s[w][l];
        }
    }
    CHECK(ok);
    CHECK(kept);
    gsl_rng_free(r);
}

/* dr_vrng_rounds on every implementation against GSL lane by lane: ng
 * normals then a uniform, round after round, for every lane mask size
 * and ng 0 (uniforms alone), 1 and 7 (the engine's), over enough rounds
 * that the slow path comes up; the lanes outside the mask untouched. */
static void test_rounds(void)
{
    enum { ROUNDS = 40, NG = 7 };
    static double g[ROUNDS * NG * W], u[ROUNDS * W];
    int ok = 1, kept = 1;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    static const int ngs[] = {0, 1, NG};
    for (int isa = DR_VRNG_C; isa < DR_VRNG_NISA; isa++) {
        dr_vrng v;
        if (dr_vrng_init(&v, (dr_vrng_isa)isa) != DR_OK)
            continue;
        for (int nl = 1; nl <= W; nl++)
            for (size_t a = 0; a < sizeof ngs / sizeof ngs[0]; a++) {
                int ng = ngs[a];
                uint64_t seed = draw(), path = draw() >> 1, key = draw();
                for (int l = 0; l < W; l++)
                    dr_vrng_seed(&v, l, seed, path + (uint64_t)l, key);
                for (size_t e = 0; e < sizeof g / sizeof g[0]; e++)
                    memcpy(&g[e], &SENTINEL, sizeof g[e]);
                for (size_t e = 0; e < sizeof u / sizeof u[0]; e++)
                    memcpy(&u[e], &SENTINEL, sizeof u[e]);
                dr_vrng_rounds(&v, dr_vrng_first(nl), ROUNDS, ng, g, u);
                for (int l = 0; l < W; l++) {
                    dr_rng_stream(r, seed, path + (uint64_t)l, key);
                    for (int q = 0; q < ROUNDS; q++) {
                        for (int k = 0; k < ng; k++) {
                            double want = gsl_ran_gaussian_ziggurat(r, 1.0);
                            const double *got = &g[(q * ng + k) * W + l];
                            if (l < nl)
                                ok &= !memcmp(got, &want, sizeof want);
                            else
                                kept &= !memcmp(got, &SENTINEL, sizeof *got);
                        }
                        double want = gsl_rng_uniform(r);
                        const double *got = &u[q * W + l];
                        if (l < nl)
                            ok &= !memcmp(got, &want, sizeof want);
                        else
                            kept &= !memcmp(got, &SENTINEL, sizeof *got);
                    }
                    if (l < nl)
                        ok &= same_state(&v, l, r);
                }
            }
    }
    CHECK(ok);
    CHECK(kept);
    gsl_rng_free(r);
}

/* ---- (b) the tables against the ziggurat's formulas --------------------- */

/* GSL's ziggurat (Marsaglia and Tsang 2000, 128 strips, an exponential
 * wedge exp(-R (x - R/2)) over the tail): with f(x) = exp(-x^2/2), levels
 * 0 = X_0 < X_1 < ... < X_127 = R, strip L (0 <= L < 127) spans heights
 * f(X_{L+1})..f(X_L) over width X_{L+1} and has area v; the base strip is
 * R f(R) plus the wedge's f(R)/R, also v, drawn as width X_128 = v / f(R)
 * = R + 1/R. A draw of level L is x = U X_{L+1}, accepted at once when
 * x < X_L: so wtab[L] = X_{L+1} / 2^24 and ktab[L] = 2^24 X_L / X_{L+1}.
 * GSL's tables carry 12 significant digits, hence the tolerances. */
static void test_tables(void)
{
    double w[256], X[129];
    uint32_t km[256];
    for (int i = 0; i < 256; i++)
        dr_vrng_table(i, &w[i], &km[i]);
    int sign_ok = 1;
    for (int i = 0; i < 128; i++) /* bit 7 set: plus */
        sign_ok &= w[i] == -w[i | 0x80] && w[i | 0x80] > 0 && signbit(w[i]) &&
                   km[i] == km[i | 0x80];
    CHECK(sign_ok);
    X[0] = 0.0;
    for (int L = 0; L < 128; L++)
        X[L + 1] = w[L | 0x80] * TWO24;
    double R = X[127], fR = exp(-0.5 * R * R);
    double v = R * fR + fR / R;
    CHECK_NEAR(R, 3.44428647676, 1e-10); /* GSL's PARAM_R */
    CHECK_NEAR(X[128], R + 1.0 / R, 1e-10);
    int area_ok = 1, k_ok = 1;
    for (int L = 0; L < 127; L++) {
        double a = X[L + 1] *
                   (exp(-0.5 * X[L] * X[L]) - exp(-0.5 * X[L + 1] * X[L + 1]));
        area_ok &= fabs(a - v) <= 1e-9 * v;
        if (!(fabs(a - v) <= 1e-9 * v))
            printf("# strip %d: area %.12g, v %.12g\n", L, a, v);
    }
    for (int L = 0; L < 128; L++)
        k_ok &= fabs(km[L] - TWO24 * X[L] / X[L + 1]) <= 1.0;
    CHECK(area_ok);
    CHECK(k_ok);
    CHECK(km[0] == 0); /* level 0 has no inner rectangle */
}

/* ---- (c) random streams in the engine's and other patterns -------------- */

/* A stream name: half random, half the engine's (small seed, paths in a
 * row, a county key). */
static void seed_batch(rig *g, int batch)
{
    for (int l = 0; l < W; l++) {
        if (batch % 2) { /* one draw a statement: the same on any compiler */
            uint64_t seed = draw(), path = draw(), key = draw();
            rig_seed(g, l, seed, path, key);
        } else {
            rig_seed(g, l, (uint64_t)(batch % 7), (uint64_t)(batch * W + l),
                     dr_rng_key("county", batch % 3 ? "wancheng" : "c17"));
        }
    }
}

static void test_patterns(void)
{
    rig g;
    rig_open(&g);
    printf("# lanes %d, implementations:", W);
    for (int m = 0; m < g.nisa; m++)
        printf(" %s", dr_vrng_isa_name((dr_vrng_isa)g.isa[m]));
    printf("\n");
    long streams = 0;
    /* the engine: per year 4 normals, then the contingent uniform */
    for (int b = 0; b < 1200; b++, streams += W) {
        seed_batch(&g, b);
        for (int y = draw_in(10, 50); y > 0; y--) {
            for (int q = 0; q < 4; q++)
                rig_call(&g, DR_VRNG_ALL, 0);
            rig_call(&g, DR_VRNG_ALL, 1);
        }
    }
    CHECK(g.bad == 0);
    long bad = g.bad;
    for (int b = 0; b < 200; b++, streams += W) { /* only normals */
        seed_batch(&g, b);
        for (int n = 0; n < 1500; n++)
            rig_call(&g, DR_VRNG_ALL, 0);
    }
    CHECK(g.bad == bad);
    bad = g.bad;
    for (int b = 0; b < 100; b++, streams += W) { /* only uniforms */
        seed_batch(&g, b);
        for (int n = 0; n < 1000; n++)
            rig_call(&g, DR_VRNG_ALL, 1);
    }
    CHECK(g.bad == bad);
    bad = g.bad;
    /* the engine's year as dr_vrng_gauss_n(4) and a uniform */
    for (int b = 0; b < 200; b++, streams += W) {
        seed_batch(&g, b);
        for (int y = draw_in(10, 50); y > 0; y--) {
            rig_calln(&g, DR_VRNG_ALL, 0, 4);
            rig_call(&g, DR_VRNG_ALL, 1);
        }
    }
    CHECK(g.bad == bad);
    bad = g.bad;
    /* random interleavings of one or n (0..MAXN) draws a call; masks all,
     * the first n lanes, or any */
    for (int b = 0; b < 600; b++, streams += W) {
        seed_batch(&g, b);
        for (int n = draw_in(1, 600); n > 0; n--) {
            uint32_t lanes = (uint32_t)draw() & DR_VRNG_ALL;
            int kind = draw_in(0, 2);
            if (kind == 0)
                lanes = DR_VRNG_ALL;
            else if (kind == 1)
                lanes = dr_vrng_first(draw_in(0, W));
            int n = draw_in(0, 2) ? 0 : draw_in(0, MAXN);
            rig_calln(&g, lanes, draw_in(0, 3) == 0, n);
        }
    }
    CHECK(g.bad == bad);
    CHECK(rig_states_agree(&g));
    /* A normal is a tail case with probability (1/128)(1 - R / X_128) =
     * 1 / (128 (R^2 + 1)) (see (b)), 1 in 1646.5: the count is binomial. */
    double R = 3.44428647676, p_tail = 1.0 / (128.0 * (R * R + 1.0));
    double want_tail = p_tail * (double)g.normals;
    CHECK(fabs((double)g.tail - want_tail) < 5.0 * sqrt(want_tail));
    printf("# %ld streams, %ld normals (%ld slow path, %.3f%%; %ld tail, "
           "1 in %.0f), %ld uniforms\n",
           streams, g.normals, g.slow, 100.0 * (double)g.slow / g.normals,
           g.tail, (double)g.normals / (double)(g.tail ? g.tail : 1),
           g.uniforms);
    rig_close(&g);
}

/* ---- (d) chosen raw draws, slow paths and tails ------------------------- */

/* taus2's three component steps (L'Ecuyer 1996, as GSL's taus.c states
 * them), here to build states, each checked against GSL when used. */
static uint32_t step1(uint32_t s)
{
    return ((s & 0xfffffffeu) << 12) ^ (((s << 13) ^ s) >> 19);
}

static uint32_t step2(uint32_t s)
{
    return ((s & 0xfffffff8u) << 4) ^ (((s << 2) ^ s) >> 25);
}

static uint32_t step3(uint32_t s)
{
    return ((s & 0xfffffff0u) << 17) ^ (((s << 3) ^ s) >> 11);
}

/* Solves step1(x) = t over GF(2) (step1 is linear and ignores bit 0 of
 * x, so half of all t have two solutions and half none). */
static int solve1(uint32_t t, uint32_t *x)
{
    uint32_t val[32] = {0}, src[32] = {0}; /* a basis of the image */
    for (int b = 0; b < 32; b++) {
        uint32_t c = step1(1u << b), s = 1u << b;
        for (int p = 31; p >= 0 && c; p--) {
            if (!(c >> p & 1))
                continue;
            if (!val[p]) {
                val[p] = c;
                src[p] = s;
                break;
            }
            c ^= val[p];
            s ^= src[p];
        }
    }
    uint32_t xs = 0;
    for (int p = 31; p >= 0; p--) {
        if (!(t >> p & 1))
            continue;
        if (!val[p])
            return 0;
        t ^= val[p];
        xs ^= src[p];
    }
    *x = xs;
    return 1;
}

/* A taus2 state whose next raw draw is k, with s2 and s3 from the test's
 * numbers (and, as taus2 needs, s1 > 1, s2 > 7, s3 > 15). */
static void state_for(uint32_t k, uint32_t s[3])
{
    for (;;) {
        s[1] = (uint32_t)draw() | 8u;
        s[2] = (uint32_t)draw() | 16u;
        uint32_t t = k ^ step2(s[1]) ^ step3(s[2]);
        if (solve1(t, &s[0]) && s[0] > 1 && step1(s[0]) == t)
            return;
    }
}

/* Whether stream (seed, path, key)'s first normal is a slow path (more than
 * one raw draw, by GSL), and a tail case (level 127). */
static int first_slow(uint64_t seed, uint64_t path, uint64_t key, int *tail)
{
    gsl_rng *a = gsl_rng_alloc(gsl_rng_taus2),
            *b = gsl_rng_alloc(gsl_rng_taus2);
    dr_rng_stream(a, seed, path, key);
    gsl_rng_memcpy(b, a);
    unsigned long k = gsl_rng_get(b);
    gsl_ran_gaussian_ziggurat(a, 1.0);
    int slow = memcmp(gsl_rng_state(a), gsl_rng_state(b), sizeof(gsl_taus));
    *tail = slow && (k & 0x7f) == 127;
    gsl_rng_free(a);
    gsl_rng_free(b);
    return slow != 0;
}

static void test_edges(void)
{
    rig g;
    rig_open(&g);
    int built_ok = 1;
    gsl_rng *q = gsl_rng_alloc(gsl_rng_taus2);
    for (int i = 0; i < 256; i++) {
        double w;
        uint32_t km;
        dr_vrng_table(i, &w, &km);
        uint32_t js[] = {0, 1, km ? km - 1 : 0, km, km + 1, (1u << 24) - 1};
        for (size_t n = 0; n < sizeof js / sizeof js[0]; n++) {
            uint32_t k = (js[n] & 0xffffffu) << 8 | (uint32_t)i, s[3];
            int l = (int)(n % W);
            state_for(k, s);
            gsl_taus st = {s[0], s[1], s[2]};
            memcpy(gsl_rng_state(q), &st, sizeof st);
            built_ok &= gsl_rng_get(q) == k;
            rig_set(&g, l, s[0], s[1], s[2]);
            rig_call(&g, 1u << l, 0);
            rig_call(&g, 1u << l, 1); /* and the draws after it */
            rig_call(&g, 1u << l, 0);
        }
    }
    CHECK(built_ok);
    CHECK(g.bad == 0); /* includes -0.0 (j = 0, minus) and the tail */
    gsl_rng_free(q);

    /* Streams whose first normal is a tail case (level 127 rejected: GSL
     * then draws two uniforms, log and exp), W of them at once, then
     * further draws; and streams whose first normal is any slow path. */
    for (int want_tail = 1; want_tail >= 0; want_tail--) {
        long tried = 0;
        for (int l = 0; l < W; tried++) {
            uint64_t seed = 99, path = (uint64_t)tried, key = 5;
            int tail, slow = first_slow(seed, path, key, &tail);
            if (want_tail ? tail : slow)
                rig_seed(&g, l++, seed, path, key);
        }
        printf("# %d streams in %ld with a first normal on the %s\n", W, tried,
               want_tail ? "tail" : "slow path");
        long bad = g.bad, slow0 = g.slow;
        rig_call(&g, DR_VRNG_ALL, 0);
        CHECK(g.slow - slow0 == W); /* GSL agrees every lane was slow */
        for (int n = 0; n < 500; n++)
            rig_call(&g, DR_VRNG_ALL, n % 5 == 4);
        CHECK(g.bad == bad);
    }
    rig_close(&g);
}

/* ---- (e) initialization ------------------------------------------------- */

static void test_init(void)
{
    dr_vrng v, before;
    memset(&v, 0x5a, sizeof v);
    before = v;
    CHECK(dr_vrng_init(&v, DR_VRNG_NISA) == DR_EUSAGE);
    CHECK(!memcmp(&v, &before, sizeof v)); /* untouched */
    CHECK(dr_vrng_init(&v, DR_VRNG_AUTO) == DR_OK);
    CHECK(dr_vrng_isa_of(&v) != DR_VRNG_AUTO);
    CHECK(dr_vrng_isa_available(DR_VRNG_C));
    CHECK(!strcmp(dr_vrng_isa_name(DR_VRNG_C), "c"));
    CHECK(!strcmp(dr_vrng_isa_name(DR_VRNG_AVX2), "avx2"));
#ifdef DR_VRNG_NO_VECTOR
    CHECK(!dr_vrng_isa_available(DR_VRNG_VECTOR));
    CHECK(dr_vrng_init(&v, DR_VRNG_VECTOR) == DR_EUSAGE);
#elif defined(__x86_64__) && defined(__GNUC__)
    CHECK(dr_vrng_isa_available(DR_VRNG_VECTOR));
#endif
    /* no draws: nothing moves, nothing is written */
    dr_vrng before_n = v;
    double none[W];
    memcpy(&none[0], &SENTINEL, sizeof none[0]);
    dr_vrng_gauss_n(&v, DR_VRNG_ALL, 0, none);
    dr_vrng_uniform_n(&v, DR_VRNG_ALL, 0, none);
    CHECK(!memcmp(&v, &before_n, sizeof v) &&
          !memcmp(&none[0], &SENTINEL, sizeof none[0]));
    /* a fresh generator is every lane at stream (0, 0, 0) */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    dr_rng_stream(r, 0, 0, 0);
    int ok = 1;
    for (int l = 0; l < W; l++)
        ok &= same_state(&v, l, r);
    CHECK(ok);
    gsl_rng_free(r);
}

int main(void)
{
    test_init();
    test_state();
    test_seed_n();
    test_rounds();
    test_tables();
    test_patterns();
    test_edges();
    return check_done();
}
