/* A tally as bytes (stats/tally.h), to send between processes: counts as
 * LEB128 varints (most are small), doubles and the exact sums' integers
 * in the machine's own byte order (the ranks of a run are one build on one
 * architecture), a histogram trimmed to its first and last non-empty bin. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/tally.h"

#define MAGIC "DRT1"

typedef struct wbuf {
    unsigned char *b;
    size_t len, cap;
    int failed;
} wbuf;

static void put(wbuf *w, const void *p, size_t n)
{
    if (w->failed)
        return;
    if (w->cap - w->len < n) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap - w->len < n)
            cap *= 2;
        unsigned char *b = realloc(w->b, cap);
        if (!b) {
            w->failed = 1;
            return;
        }
        w->b = b;
        w->cap = cap;
    }
    memcpy(w->b + w->len, p, n);
    w->len += n;
}

static void put_u(wbuf *w, uint64_t v)
{
    unsigned char b[10];
    size_t n = 0;
    do {
        b[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        b[n] |= v ? 0x80 : 0;
        n++;
    } while (v);
    put(w, b, n);
}

static void put_counts(wbuf *w, const uint64_t *c, size_t n)
{
    for (size_t k = 0; k < n; k++)
        put_u(w, c[k]);
}

static void put_acc(wbuf *w, const dr_acc *a)
{
    put_u(w, a->n);
    put_u(w, a->above);
    put_u(w, a->breached);
    put_u(w, a->ninf);
    put_u(w, a->nninf);
    put(w, &a->min, sizeof a->min);
    put(w, &a->max, sizeof a->max);
    put_u(w, a->sum.n);
    put(w, &a->sum.s1, sizeof a->sum.s1);
    put(w, &a->sum.s2lo, sizeof a->sum.s2lo);
    put_u(w, a->sum.s2hi);
    put_u(w, a->sum.wide != NULL);
    if (a->sum.wide)
        put(w, a->sum.wide, sizeof *a->sum.wide);
    /* the stored bins less the empty ones at either end */
    uint32_t lo = 0, hi = a->nbin;
    while (lo < hi && a->bin[lo] == 0)
        lo++;
    while (hi > lo && a->bin[hi - 1] == 0)
        hi--;
    put_u(w, hi - lo);
    if (hi == lo)
        return;
    int32_t klo = a->klo + (int32_t)lo;
    put(w, &klo, sizeof klo);
    for (uint32_t k = lo; k < hi; k++)
        put_u(w, a->bin[k]);
}

static void put_accs(wbuf *w, const dr_acc *a, size_t n)
{
    for (size_t k = 0; k < n; k++)
        put_acc(w, &a[k]);
}

dr_status dr_tally_pack(const dr_tally *t, unsigned char **buf, size_t *len)
{
    size_t rows = t->n * (size_t)t->T;
    wbuf w = {0};
    put(&w, MAGIC, 4);
    put_u(&w, t->n);
    put_u(&w, (uint64_t)t->T);
    put_u(&w, t->paths);
    put_u(&w, t->tacc != NULL);
    put_accs(&w, t->acc, rows * DR_NMEASURES);
    put_accs(&w, t->city, (size_t)t->T);
    put_counts(&w, t->grade, rows * DR_NGRADES);
    put_counts(&w, t->counts, (size_t)t->T * (t->n + 1));
    put_counts(&w, t->pair, (t->n + 1) * 2);
    if (t->tacc) {
        size_t cells = rows * DR_NTRACK;
        put_accs(&w, t->tacc, cells);
        put(&w, t->real, cells * sizeof *t->real);
        put_counts(&w, t->below, cells);
        put_counts(&w, t->equal, cells);
    }
    if (w.failed) {
        free(w.b);
        return DR_ENOMEM;
    }
    *buf = w.b;
    *len = w.len;
    return DR_OK;
}

typedef struct rbuf {
    const unsigned char *b;
    size_t len, at;
    int bad;
} rbuf;

static void get(rbuf *r, void *p, size_t n)
{
    if (r->bad || r->len - r->at < n) {
        r->bad = 1;
        memset(p, 0, n);
        return;
    }
    memcpy(p, r->b + r->at, n);
    r->at += n;
}

static uint64_t get_u(rbuf *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && !r->bad; shift += 7) {
        if (r->at == r->len)
            break;
        unsigned char c = r->b[r->at++];
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static void get_counts(rbuf *r, uint64_t *c, size_t n)
{
    for (size_t k = 0; k < n; k++)
        c[k] = get_u(r);
}

/* Into a (empty): DR_ENOMEM, or DR_EIO when the bytes run short. */
static dr_status get_acc(rbuf *r, dr_acc *a)
{
    a->n = get_u(r);
    a->above = get_u(r);
    a->breached = get_u(r);
    a->ninf = get_u(r);
    a->nninf = get_u(r);
    get(r, &a->min, sizeof a->min);
    get(r, &a->max, sizeof a->max);
    a->sum.n = get_u(r);
    get(r, &a->sum.s1, sizeof a->sum.s1);
    get(r, &a->sum.s2lo, sizeof a->sum.s2lo);
    a->sum.s2hi = get_u(r);
    if (get_u(r)) {
        if (!(a->sum.wide = malloc(sizeof *a->sum.wide)))
            return DR_ENOMEM;
        get(r, a->sum.wide, sizeof *a->sum.wide);
    }
    uint64_t nb = get_u(r);
    if (nb > r->len - r->at) /* a bin takes a byte at least */
        r->bad = 1;
    if (nb && !r->bad) {
        get(r, &a->klo, sizeof a->klo);
        if (!(a->bin = malloc((size_t)nb * sizeof *a->bin)))
            return DR_ENOMEM;
        a->nbin = (uint32_t)nb;
        for (uint64_t k = 0; k < nb; k++)
            a->bin[k] = (uint32_t)get_u(r);
    }
    return r->bad ? DR_EIO : DR_OK;
}

static dr_status get_accs(rbuf *r, dr_acc *a, size_t n)
{
    dr_status st = DR_OK;
    for (size_t k = 0; k < n && st == DR_OK; k++)
        st = get_acc(r, &a[k]);
    return st;
}

/* The shape of the bytes, and a tally of that shape in t. */
static dr_status get_shape(rbuf *r, dr_tally *t, int *tracked)
{
    char magic[4];
    get(r, magic, sizeof magic);
    uint64_t n = get_u(r), T = get_u(r), paths = get_u(r);
    *tracked = get_u(r) != 0;
    /* every county-year takes more than one byte: a bound on the shape
     * before anything is allocated for it */
    if (r->bad || memcmp(magic, MAGIC, 4) != 0 || T == 0 || T > 10000 ||
        n > r->len || n * T > r->len)
        return DR_EIO;
    if (dr_tally_init(t, (size_t)n, (long)T) != DR_OK)
        return DR_ENOMEM;
    t->paths = paths;
    return DR_OK;
}

dr_status dr_tally_unpack(dr_tally *t, const void *buf, size_t len)
{
    rbuf r = {.b = buf, .len = len};
    int tracked;
    dr_status st = get_shape(&r, t, &tracked);
    if (st != DR_OK) {
        *t = (dr_tally){0};
        return st;
    }
    size_t rows = t->n * (size_t)t->T, cells = rows * DR_NTRACK;
    if ((st = get_accs(&r, t->acc, rows * DR_NMEASURES)) == DR_OK)
        st = get_accs(&r, t->city, (size_t)t->T);
    get_counts(&r, t->grade, rows * DR_NGRADES);
    get_counts(&r, t->counts, (size_t)t->T * (t->n + 1));
    get_counts(&r, t->pair, (t->n + 1) * 2);
    if (st == DR_OK && tracked) {
        /* the realized values come after the accumulators: tracked with
         * NaN first, then overwritten */
        double *nan = malloc((cells ? cells : 1) * sizeof *nan);
        for (size_t k = 0; nan && k < cells; k++)
            nan[k] = NAN;
        st = nan ? dr_tally_track(t, nan) : DR_ENOMEM;
        free(nan);
        if (st == DR_OK)
            st = get_accs(&r, t->tacc, cells);
        get(&r, t->real, st == DR_OK ? cells * sizeof *t->real : 0);
        if (st == DR_OK) {
            get_counts(&r, t->below, cells);
            get_counts(&r, t->equal, cells);
        }
    }
    if (st == DR_OK && (r.bad || r.at != r.len))
        st = DR_EIO;
    if (st != DR_OK)
        dr_tally_free(t);
    return st;
}
