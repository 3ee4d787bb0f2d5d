/* The vector generator (vrng.h).
 *
 * GSL's taus2 (gsl/rng/taus.c) keeps three 32-bit words and returns
 * k = s1 ^ s2 ^ s3 after stepping each. gsl_rng_uniform is k / 2^32 (exact:
 * k has 32 bits and 2^32 is a power of two). gsl_ran_gaussian_ziggurat
 * (gsl/randist/gausszig.c, 128 levels) splits one draw k into i = k & 0xff
 * and j = k >> 8 (24 bits); bit 7 of i is the sign, level i & 0x7f the
 * strip; if j < ktab[level] it returns sign * (j * wtab[level]), else it
 * draws further uniforms (and, at level 127, log and exp) and may start
 * over. sign * sigma * x with sigma = 1 is +-x, and for j = 0 and a minus
 * sign it is -0.0, so the fast path multiplies j by a signed table entry,
 * which rounds the same as GSL's product and then negation.
 *
 * The tables are not copied from GSL's source (GPL; debtrisk is MIT): they
 * are read at start-up from the linked GSL itself, by running
 * gsl_ran_gaussian_ziggurat on a scripted generator (probe_*), so they are
 * the linked library's to the bit. The wedge and tail cases do not need
 * tables here: a rejected lane hands its state from before the draw to
 * GSL's own function, which repeats the same raw draw, rejects it the same
 * way and carries on exactly as it would for a gsl_rng (same libm log and
 * exp, same compiled arithmetic). */
#include "engine/vrng.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <pthread.h>
#ifdef __x86_64__
#include <immintrin.h>
#endif
#include <string.h>

#include "engine/rng.h"

#define W DR_VRNG_LANES

/* GCC and clang vector extensions; without them, plain C only. A build can
 * turn them off (-DDR_VRNG_NO_VECTOR), which is how the tests run the code
 * a compiler without them would. */
#if defined(__GNUC__) && !defined(DR_VRNG_NO_VECTOR)
#define HAVE_VECTOR 1
#if defined(__x86_64__) && !defined(DR_VRNG_NO_AVX2)
#define HAVE_AVX2 1
#endif
#endif

/* GSL's taus_state_t: three unsigned longs (gsl/rng/taus.c). */
typedef struct {
    unsigned long s1, s2, s3;
} gsl_taus;

/* ---- tables read from GSL ---------------------------------------------- */

static struct {
    double w[256];      /* +-wtab[i & 0x7f], the sign of bit 7 */
    uint32_t kmax[256]; /* ktab[i & 0x7f] */
    int ok;             /* GSL's taus2 state has the layout of gsl_taus */
} tab;

static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

/* A scripted generator: returns `first`, then zeros, and counts draws. */
typedef struct {
    uint32_t first;
    int used;
} probe;

static unsigned long probe_get(void *vs)
{
    probe *p = vs;
    return p->used++ ? 0 : p->first;
}

static double probe_get_double(void *vs)
{
    return (double)probe_get(vs) / 4294967296.0;
}

static void probe_set(void *vs, unsigned long seed)
{
    (void)vs;
    (void)seed;
}

static const gsl_rng_type probe_type = {
    "debtrisk-probe", 0xffffffffUL,    0, sizeof(probe), probe_set,
    probe_get,        probe_get_double};

/* GSL's normal for a first raw draw k followed by zeros, and how many raw
 * draws it took. The zeros end any rejection: after a rejected k the next
 * uniform is 0, so y = ytab[level + 1] (below the curve) or, at level 127,
 * x = PARAM_R and y = 0; failing that the next k = 0 is level 0, whose
 * wedge test y = ytab[1] < exp(0) always passes. */
static double probe_draw(uint32_t k, int *draws)
{
    probe p = {k, 0};
    gsl_rng r = {&probe_type, &p};
    double z = gsl_ran_gaussian_ziggurat(&r, 1.0);
    *draws = p.used;
    return z;
}

static void tab_read(void)
{
    for (int i = 0; i < 256; i++) {
        int n;
        /* j = 1: x = 1 * wtab[level] exactly, whatever path decides */
        tab.w[i] = probe_draw((1u << 8) | (uint32_t)i, &n);
        /* ktab: the least j that the fast path rejects (one draw is an
         * accept, more a rejection; GSL accepts exactly when j < ktab) */
        uint32_t lo = 0, hi = 1u << 24;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            probe_draw((mid << 8) | (uint32_t)i, &n);
            if (n > 1)
                hi = mid;
            else
                lo = mid + 1;
        }
        tab.kmax[i] = lo;
    }
    tab.ok = gsl_rng_taus2->size == sizeof(gsl_taus) &&
             gsl_rng_taus2->min == 0 && gsl_rng_taus2->max == 0xffffffffUL;
}

void dr_vrng_table(int i, double *w, uint32_t *kmax)
{
    pthread_once(&tab_once, tab_read);
    *w = tab.w[i & 0xff];
    *kmax = tab.kmax[i & 0xff];
}

/* ---- one lane, plain C ----------------------------------------------------
 */

/* One taus2 step of lane l: gsl/rng/taus.c's TAUSWORTHE on 32-bit words
 * (GSL keeps them in unsigned longs and masks to 32 bits). */
static inline uint32_t taus_step(dr_vrng *v, int l)
{
    uint32_t s1 = v->s[0][l], s2 = v->s[1][l], s3 = v->s[2][l];
    s1 = ((s1 & 0xfffffffeu) << 12) ^ (((s1 << 13) ^ s1) >> 19);
    s2 = ((s2 & 0xfffffff8u) << 4) ^ (((s2 << 2) ^ s2) >> 25);
    s3 = ((s3 & 0xfffffff0u) << 17) ^ (((s3 << 3) ^ s3) >> 11);
    v->s[0][l] = s1;
    v->s[1][l] = s2;
    v->s[2][l] = s3;
    return s1 ^ s2 ^ s3;
}

/* Lane l's normal in GSL itself, from the lane's state before the rejected
 * draw (o1, o2, o3); leaves the lane's state where GSL leaves it. */
static double gauss_slow(dr_vrng *v, int l, uint32_t o1, uint32_t o2,
                         uint32_t o3)
{
    gsl_taus st = {o1, o2, o3};
    gsl_rng r = {gsl_rng_taus2, &st};
    double z = gsl_ran_gaussian_ziggurat(&r, 1.0);
    v->s[0][l] = (uint32_t)st.s1;
    v->s[1][l] = (uint32_t)st.s2;
    v->s[2][l] = (uint32_t)st.s3;
    return z;
}

static inline __attribute__((always_inline)) void
gauss_c1(dr_vrng *v, uint32_t lanes, double *out)
{
    for (int l = 0; l < W; l++) {
        if (!(lanes >> l & 1))
            continue;
        uint32_t o1 = v->s[0][l], o2 = v->s[1][l], o3 = v->s[2][l];
        uint32_t k = taus_step(v, l);
        uint32_t i = k & 0xff, j = k >> 8;
        if (j < tab.kmax[i])
            out[l] = (double)j * tab.w[i];
        else
            out[l] = gauss_slow(v, l, o1, o2, o3);
    }
}

static inline __attribute__((always_inline)) void
uniform_c1(dr_vrng *v, uint32_t lanes, double *out)
{
    for (int l = 0; l < W; l++)
        if (lanes >> l & 1)
            out[l] = (double)taus_step(v, l) / 4294967296.0;
}

/* An implementation's entry: n draws a lane, draw q of lane l in
 * out[q * W + l], with the one-draw body inlined into the loop. */
#define DRAWS(name, body, attr)                                                \
    attr static void name(dr_vrng *v, uint32_t lanes, int n, double *out)      \
    {                                                                          \
        for (int q = 0; q < n; q++)                                            \
            body(v, lanes, out + (size_t)q * W);                               \
    }

/* An implementation's rounds (dr_vrng_rounds): ng normals then a uniform
 * a lane, `rounds` times, in one call. */
#define ROUNDS(name, gbody, ubody, attr)                                       \
    attr static void name(dr_vrng *v, uint32_t lanes, int rounds, int ng,      \
                          double *g, double *u)                                \
    {                                                                          \
        for (int r = 0; r < rounds; r++) {                                     \
            for (int q = 0; q < ng; q++)                                       \
                gbody(v, lanes, g + ((size_t)r * (size_t)ng + (size_t)q) * W); \
            ubody(v, lanes, u + (size_t)r * W);                                \
        }                                                                      \
    }

DRAWS(gauss_c, gauss_c1, )
DRAWS(uniform_c, uniform_c1, )
ROUNDS(rounds_c, gauss_c1, uniform_c1, )

/* ---- all lanes at once: compiler vectors ------------------------------- */

#ifdef HAVE_VECTOR
typedef uint32_t u32v __attribute__((vector_size(4 * W)));
typedef int32_t i32v __attribute__((vector_size(4 * W)));
typedef double f64v __attribute__((vector_size(8 * W)));

#define TAUS_V(s, a, b, c, d)                                                  \
    ((((s) & (c)) << (d)) ^ ((((s) << (a)) ^ (s)) >> (b)))

/* Steps every lane of v and keeps the new state only for the lanes of the
 * mask; sets k to the raw draws and o1..o3 to the state before the step
 * (which a rejected lane hands to GSL). */
#define STEP_V(v, lanes, o1, o2, o3, k)                                        \
    do {                                                                       \
        memcpy(&o1, (v)->s[0], sizeof o1);                                     \
        memcpy(&o2, (v)->s[1], sizeof o2);                                     \
        memcpy(&o3, (v)->s[2], sizeof o3);                                     \
        u32v n1_ = TAUS_V(o1, 13, 19, 0xfffffffeu, 12);                        \
        u32v n2_ = TAUS_V(o2, 2, 25, 0xfffffff8u, 4);                          \
        u32v n3_ = TAUS_V(o3, 3, 11, 0xfffffff0u, 17);                         \
        k = n1_ ^ n2_ ^ n3_;                                                   \
        if ((lanes) != DR_VRNG_ALL) {                                          \
            uint32_t ma_[W];                                                   \
            u32v m_;                                                           \
            for (int l_ = 0; l_ < W; l_++)                                     \
                ma_[l_] = 0u - ((lanes) >> l_ & 1);                            \
            memcpy(&m_, ma_, sizeof m_);                                       \
            n1_ = (n1_ & m_) | (o1 & ~m_);                                     \
            n2_ = (n2_ & m_) | (o2 & ~m_);                                     \
            n3_ = (n3_ & m_) | (o3 & ~m_);                                     \
        }                                                                      \
        memcpy((v)->s[0], &n1_, sizeof n1_);                                   \
        memcpy((v)->s[1], &n2_, sizeof n2_);                                   \
        memcpy((v)->s[2], &n3_, sizeof n3_);                                   \
    } while (0)

/* Writes x's lanes of the mask to out. */
static inline __attribute__((always_inline)) void
put_lanes(const f64v *x, uint32_t lanes, double *out)
{
    if (lanes == DR_VRNG_ALL) {
        memcpy(out, x, sizeof *x);
        return;
    }
    double t[W];
    memcpy(t, x, sizeof t);
    for (int l = 0; l < W; l++)
        if (lanes >> l & 1)
            out[l] = t[l];
}

/* The taus2 steps run in vectors; the ziggurat's fast path runs per lane
 * (SSE2 has no gathers, and a scalar load, multiply and well-predicted
 * branch a lane measured faster than assembling the table entries into
 * vectors). */
static inline __attribute__((always_inline)) void
gauss_body(dr_vrng *v, uint32_t lanes, double *out)
{
    u32v o1, o2, o3, kv;
    STEP_V(v, lanes, o1, o2, o3, kv);
    uint32_t k[W];
    memcpy(k, &kv, sizeof k);
    for (int l = 0; l < W; l++) {
        if (!(lanes >> l & 1))
            continue;
        uint32_t i = k[l] & 0xff, j = k[l] >> 8;
        if (__builtin_expect(j < tab.kmax[i], 1))
            out[l] = (double)j * tab.w[i];
        else
            out[l] = gauss_slow(v, l, o1[l], o2[l], o3[l]);
    }
}

static inline __attribute__((always_inline)) void
uniform_body(dr_vrng *v, uint32_t lanes, double *out)
{
    u32v o1, o2, o3, k;
    STEP_V(v, lanes, o1, o2, o3, k);
    /* k as a double with a signed conversion (SSE2 has no unsigned one):
     * k - 2^31 fits an int32, and adding 2^31 back is exact */
    f64v d = __builtin_convertvector((i32v)(k ^ 0x80000000u), f64v);
    f64v u = (d + 2147483648.0) * 0x1p-32;
    put_lanes(&u, lanes, out);
}

DRAWS(gauss_vec, gauss_body, )
DRAWS(uniform_vec, uniform_body, )
ROUNDS(rounds_vec, gauss_body, uniform_body, )

#ifdef HAVE_AVX2
#if W % 8 == 0
/* With AVX2 the fast path runs in vectors too: the table entries come by
 * gathers, eight lanes at a time, and the rejected lanes by a movemask. */
static inline __attribute__((always_inline, target("avx2"))) void
gauss_avx2_1(dr_vrng *v, uint32_t lanes, double *out)
{
    u32v o1, o2, o3, kv;
    STEP_V(v, lanes, o1, o2, o3, kv);
    uint32_t k[W], rej = 0;
    memcpy(k, &kv, sizeof k);
    for (int c = 0; c < W; c += 8) {
        __m256i kc = _mm256_loadu_si256((const __m256i *)&k[c]);
        __m256i i = _mm256_and_si256(kc, _mm256_set1_epi32(0xff));
        __m256i j = _mm256_srli_epi32(kc, 8);
        __m256i km = _mm256_i32gather_epi32((const int *)tab.kmax, i, 4);
        /* j < 2^24 and ktab <= 2^24: a signed compare is exact */
        __m256i acc = _mm256_cmpgt_epi32(km, j);
        rej |= (uint32_t)(~_mm256_movemask_ps(_mm256_castsi256_ps(acc)) & 0xff)
               << c;
        __m128i i0 = _mm256_castsi256_si128(i);
        __m128i i1 = _mm256_extracti128_si256(i, 1);
        __m256d x0 =
            _mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(j)),
                          _mm256_i32gather_pd(tab.w, i0, 8));
        __m256d x1 =
            _mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(j, 1)),
                          _mm256_i32gather_pd(tab.w, i1, 8));
        if (lanes == DR_VRNG_ALL) {
            _mm256_storeu_pd(out + c, x0);
            _mm256_storeu_pd(out + c + 4, x1);
        } else {
            double t[8];
            _mm256_storeu_pd(t, x0);
            _mm256_storeu_pd(t + 4, x1);
            for (int l = 0; l < 8; l++)
                if (lanes >> (c + l) & 1)
                    out[c + l] = t[l];
        }
    }
    for (rej &= lanes; rej; rej &= rej - 1) {
        int l = __builtin_ctz(rej);
        out[l] = gauss_slow(v, l, o1[l], o2[l], o3[l]);
    }
}
DRAWS(gauss_avx2, gauss_avx2_1, __attribute__((target("avx2"))))
ROUNDS(rounds_avx2, gauss_avx2_1, uniform_body, __attribute__((target("avx2"))))
#else
DRAWS(gauss_avx2, gauss_body, __attribute__((target("avx2"))))
ROUNDS(rounds_avx2, gauss_body, uniform_body, __attribute__((target("avx2"))))
#endif

DRAWS(uniform_avx2, uniform_body, __attribute__((target("avx2"))))
#endif
#endif

/* ---- the public face ---------------------------------------------------- */

static const struct {
    const char *name;
    dr_vrng_fn gauss, uniform;
    dr_vrng_rounds_fn rounds;
} impl[DR_VRNG_NISA] = {
    [DR_VRNG_AUTO] = {"auto", NULL, NULL, NULL},
    [DR_VRNG_C] = {"c", gauss_c, uniform_c, rounds_c},
#ifdef HAVE_VECTOR
    [DR_VRNG_VECTOR] = {"vector", gauss_vec, uniform_vec, rounds_vec},
#else
    [DR_VRNG_VECTOR] = {"vector", NULL, NULL, NULL},
#endif
#ifdef HAVE_AVX2
    [DR_VRNG_AVX2] = {"avx2", gauss_avx2, uniform_avx2, rounds_avx2},
#else
    [DR_VRNG_AVX2] = {"avx2", NULL, NULL, NULL},
#endif
};

const char *dr_vrng_isa_name(dr_vrng_isa isa)
{
    return isa >= 0 && isa < DR_VRNG_NISA ? impl[isa].name : "?";
}

int dr_vrng_isa_available(dr_vrng_isa isa)
{
    if (isa == DR_VRNG_AUTO)
        return 1;
    if (isa < 0 || isa >= DR_VRNG_NISA || !impl[isa].gauss)
        return 0;
#ifdef HAVE_AVX2
    if (isa == DR_VRNG_AVX2)
        return __builtin_cpu_supports("avx2");
#endif
    return 1;
}

dr_vrng_isa dr_vrng_isa_of(const dr_vrng *v)
{
    return v->isa;
}

void dr_vrng_seed(dr_vrng *v, int lane, uint64_t seed, uint64_t path,
                  uint64_t key)
{
    uint32_t s[3];
    dr_rng_taus_state(seed, path, key, s);
    for (int w = 0; w < 3; w++)
        v->s[w][lane] = s[w];
    for (int k = 0; k < DR_RNG_WARMUP; k++)
        taus_step(v, lane);
}

void dr_vrng_seed_n(dr_vrng *v, int nl, uint64_t seed, uint64_t path,
                    uint64_t key)
{
    for (int l = 0; l < nl; l++) {
        uint32_t s[3];
        dr_rng_taus_state(seed, path + (uint64_t)l, key, s);
        for (int w = 0; w < 3; w++)
            v->s[w][l] = s[w];
    }
    /* the warm-up's steps in the vectors: a uniform is one step */
    double skip[DR_RNG_WARMUP * W];
    dr_vrng_uniform_n(v, dr_vrng_first(nl), DR_RNG_WARMUP, skip);
}

dr_status dr_vrng_init(dr_vrng *v, dr_vrng_isa isa)
{
    pthread_once(&tab_once, tab_read);
    if (!tab.ok || !dr_vrng_isa_available(isa))
        return DR_EUSAGE;
    if (isa == DR_VRNG_AUTO) {
        isa = DR_VRNG_C;
        if (dr_vrng_isa_available(DR_VRNG_VECTOR))
            isa = DR_VRNG_VECTOR;
        /* AVX2 pays through its gathers, which need 8 lanes; with 4 the
         * SSE2 code measured as fast (README, "Speed") */
        if (W % 8 == 0 && dr_vrng_isa_available(DR_VRNG_AVX2))
            isa = DR_VRNG_AVX2;
    }
    v->isa = isa;
    v->gauss = impl[isa].gauss;
    v->uniform = impl[isa].uniform;
    v->rounds = impl[isa].rounds;
    for (int l = 0; l < W; l++)
        dr_vrng_seed(v, l, 0, 0, 0);
    return DR_OK;
}
