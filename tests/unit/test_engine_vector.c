/* The engine's two ways of drawing the counties' shocks give the same
 * bytes: the vector path (DR_VRNG_LANES paths at a time, on every
 * implementation this processor runs) against the scalar reference (one
 * number at a time through GSL), the way a codec's assembly is tested
 * against its C. For each shock family the engine draws (normal, the
 * bootstrap's uniforms; Student-t always takes the scalar path), with and
 * without projects, a paired run's breach flags, on 1 and 2 threads, and a
 * path count that leaves a partial last group of lanes. */
#include "calib/bootstrap.h"
#include "engine_fixture.h"
#include "inputs/history.h"

/* 1003 = 125 * 8 + 3: the last group of lanes part-filled (with 4 lanes
 * too). Runs of more than one chunk are test_engine's (threads). */
#define PATHS 1003

typedef struct run_out {
    dr_results res;
    unsigned char *breach;
    int ok;
} run_out;

static void run_out_free(run_out *r)
{
    if (r->ok)
        dr_results_free(&r->res);
    free(r->breach);
}

/* One run of in's plan on `threads` threads, drawn as asked, recording the
 * breach flags. */
static run_out run_as(const inputs *in, int threads, int scalar,
                      dr_vrng_isa isa)
{
    run_out r = {0};
    size_t nb = (size_t)in->p.paths * (in->plan.n + 1);
    r.breach = malloc(nb);
    if (!r.breach ||
        dr_results_alloc(&r.res, in->plan.n, in->plan.years, in->p.paths))
        return r;
    dr_error err = {0};
    dr_mc_opts o = {
        .threads = threads, .breach = r.breach, .scalar = scalar, .isa = isa};
    r.ok = ok_or_say(dr_engine_monte_carlo(&in->plan, &o, &r.res, &err), &err);
    if (!r.ok)
        dr_results_free(&r.res);
    return r;
}

/* Every implementation this processor runs, on 1 and 2 threads, against
 * the scalar path on 1 thread. */
static void check_paths(const char *what, const inputs *in)
{
    run_out ref = run_as(in, 1, 1, DR_VRNG_AUTO);
    CHECK(ref.ok);
    if (!ref.ok) {
        run_out_free(&ref);
        return;
    }
    size_t nb = (size_t)in->p.paths * (in->plan.n + 1);
    static const dr_vrng_isa isas[] = {DR_VRNG_AUTO, DR_VRNG_C, DR_VRNG_VECTOR,
                                       DR_VRNG_AVX2};
    for (size_t k = 0; k < sizeof isas / sizeof isas[0]; k++) {
        if (!dr_vrng_isa_available(isas[k])) {
            printf("# %s: %s not available here\n", what,
                   dr_vrng_isa_name(isas[k]));
            continue;
        }
        for (int threads = 1; threads <= 2; threads++) {
            run_out v = run_as(in, threads, 0, isas[k]);
            CHECK(v.ok);
            if (v.ok) {
                char label[160];
                snprintf(label, sizeof label,
                         "%s: vector path (%s, %d threads) = scalar path", what,
                         dr_vrng_isa_name(isas[k]), threads);
                check_results_equal(label, &ref.res, &v.res);
                CHECK(memcmp(ref.breach, v.breach, nb) == 0);
            }
            run_out_free(&v);
        }
    }
    /* The scalar path on 2 threads too: the reference is itself
     * thread-independent. */
    run_out s2 = run_as(in, 2, 1, DR_VRNG_AUTO);
    CHECK(s2.ok);
    if (s2.ok)
        check_results_equal("scalar path, 2 threads = 1 thread", &ref.res,
                            &s2.res);
    run_out_free(&s2);
    run_out_free(&ref);
}

/* The sample city with its model file, PATHS paths, 10 years, the family
 * given (and, with the bootstrap, its history); projects or none. */
static void city_case(const char *what, dr_family family, int projects)
{
    inputs in;
    inputs_init(&in);
    int ok = inputs_read(&in, MODEL_FILE, CITY("fiscal.csv"),
                         projects ? CITY("projects.csv") : NULL, NULL);
    in.p.paths = PATHS;
    in.p.years = 10;
    in.p.family = family;
    if (family == DR_FAMILY_STUDENT_T)
        in.p.df = 5.0;
    ok = ok && inputs_plan(&in);
    CHECK(ok);
    dr_history h = {0};
    dr_bootstrap b = {0};
    int boot = 0;
    if (ok && family == DR_FAMILY_BOOTSTRAP) {
        dr_error err = {0};
        dr_status st = dr_history_read(CITY("history.csv"), &in.f, &h, &err);
        if (st == DR_OK)
            st = dr_bootstrap_build(&h, &in.f, &in.p, DR_HISTORY_YEAR_MIN,
                                    DR_HISTORY_YEAR_MAX, &b, &err);
        ok = ok_or_say(st, &err);
        CHECK(ok);
        boot = ok;
        if (ok)
            in.plan.boot = &b;
    }
    if (ok)
        check_paths(what, &in);
    if (boot)
        dr_bootstrap_free(&b);
    dr_history_free(&h);
    inputs_free(&in);
}

int main(void)
{
    printf("# vector paths available: c %d, vector %d, avx2 %d\n",
           dr_vrng_isa_available(DR_VRNG_C),
           dr_vrng_isa_available(DR_VRNG_VECTOR),
           dr_vrng_isa_available(DR_VRNG_AVX2));
    city_case("normal shocks, projects", DR_FAMILY_NORMAL, 1);
    city_case("normal shocks, no projects", DR_FAMILY_NORMAL, 0);
    city_case("bootstrap shocks, projects", DR_FAMILY_BOOTSTRAP, 1);
    city_case("Student-t shocks (scalar either way)", DR_FAMILY_STUDENT_T, 1);
    return check_done();
}
