/* Normals (and uniforms) per second: GSL's taus2 with
 * gsl_ran_gaussian_ziggurat one stream at a time, against the vector
 * generator (engine/vrng.h) in each implementation this processor runs, on
 * one thread and on two. A benchmark, never a test: scripts/bench runs it,
 * built with 4 lanes and with 8.
 * Each number is the best of REPEATS runs: the machine is shared, and the
 * best run is the one least disturbed.
 * Usage: bench_vrng [MILLIONS_OF_DRAWS_PER_RUN [REPEATS]] */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine/rng.h"
#include "engine/vrng.h"

#define W DR_VRNG_LANES

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static volatile double sink; /* keeps the draws from being optimized away */

/* The cases: what each step of a run draws, per stream (per lane). */
enum { NORMALS, NORMALS16, UNIFORMS, YEAR, YEAR_N, NCASES };
static const struct {
    const char *name;
    int per_step; /* draws a stream makes in one step */
} cases[NCASES] = {
    {"normals, one a call", 1},
    {"normals, 16 a call (dr_vrng_gauss_n)", 16},
    {"uniforms", 1},
    {"engine year (4 normals + 1 uniform), 5 calls", 5},
    {"engine year, dr_vrng_gauss_n(4) + dr_vrng_uniform", 5},
};

/* Draws per second over `total` draws on `threads` threads, one GSL
 * generator a thread. */
static double run_gsl(long total, int threads, int what)
{
    double t0 = seconds();
#pragma omp parallel num_threads(threads)
    {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
        long mine = total / omp_get_num_threads();
        double s = 0.0;
        dr_rng_stream(r, 1, (uint64_t)omp_get_thread_num(), 7);
        for (long k = 0; r && k < mine; k += cases[what].per_step) {
            if (what == UNIFORMS) {
                s += gsl_rng_uniform(r);
                continue;
            }
            int normals = what == YEAR || what == YEAR_N ? 4 : 1;
            if (what == NORMALS16)
                normals = 16;
            for (int q = 0; q < normals; q++)
                s += gsl_ran_gaussian_ziggurat(r, 1.0);
            if (normals == 4)
                s += gsl_rng_uniform(r);
        }
#pragma omp atomic
        sink += s;
        gsl_rng_free(r);
    }
    return (double)total / (seconds() - t0);
}

/* One step of case `what` on every lane of v. */
static void vrng_step(dr_vrng *v, int what, double *out)
{
    switch (what) {
    case NORMALS: dr_vrng_gauss(v, DR_VRNG_ALL, out); break;
    case NORMALS16: dr_vrng_gauss_n(v, DR_VRNG_ALL, 16, out); break;
    case UNIFORMS: dr_vrng_uniform(v, DR_VRNG_ALL, out); break;
    case YEAR:
        for (int q = 0; q < 4; q++)
            dr_vrng_gauss(v, DR_VRNG_ALL, out + q * W);
        dr_vrng_uniform(v, DR_VRNG_ALL, out + 4 * W);
        break;
    default:
        dr_vrng_gauss_n(v, DR_VRNG_ALL, 4, out);
        dr_vrng_uniform(v, DR_VRNG_ALL, out + 4 * W);
    }
}

static double run_vrng(long total, int threads, int what, dr_vrng_isa isa)
{
    double t0 = seconds();
#pragma omp parallel num_threads(threads)
    {
        dr_vrng v;
        long mine = total / omp_get_num_threads();
        int n = cases[what].per_step;
        double s = 0.0, out[16 * W];
        dr_vrng_init(&v, isa);
        for (int l = 0; l < W; l++)
            dr_vrng_seed(&v, l, 1, (uint64_t)(omp_get_thread_num() * W + l), 7);
        for (long k = 0; k < mine; k += n * W) {
            /* the calls are opaque (through v's pointers): reading two
             * draws a step keeps them, and costs the timing little */
            vrng_step(&v, what, out);
            s += out[0] + out[n * W - 1];
        }
#pragma omp atomic
        sink += s;
    }
    return (double)total / (seconds() - t0);
}

static int repeats = 5;

/* The best rate of `repeats` runs; isa < 0 for GSL. */
static double best(long total, int threads, int what, int isa)
{
    double b = 0.0;
    for (int k = 0; k < repeats; k++) {
        double r = isa < 0 ? run_gsl(total, threads, what)
                           : run_vrng(total, threads, what, (dr_vrng_isa)isa);
        if (r > b)
            b = r;
    }
    return b;
}

int main(int argc, char **argv)
{
    double millions = argc > 1 ? atof(argv[1]) : 10.0;
    if (argc > 2)
        repeats = atoi(argv[2]) > 0 ? atoi(argv[2]) : 1;
    long total = (long)(millions * 1e6);
    dr_vrng probe;
    if (dr_vrng_init(&probe, DR_VRNG_AUTO) != DR_OK) {
        fputs("bench_vrng: the linked GSL's taus2 is not the expected one\n",
              stderr);
        return 1;
    }
    printf("lanes %d, best of %d runs of %.0f million draws, auto picks %s\n",
           W, repeats, millions, dr_vrng_isa_name(dr_vrng_isa_of(&probe)));
    for (int what = 0; what < NCASES; what++) {
        printf("%s: millions of draws per second (speed-up over GSL)\n",
               cases[what].name);
        printf("  %-8s %18s %18s\n", "", "1 thread", "2 threads");
        double base[2];
        for (int t = 1; t <= 2; t++)
            base[t - 1] = best(total, t, what, -1);
        printf("  %-8s %10.1f %7s %10.1f\n", "gsl", base[0] / 1e6, "",
               base[1] / 1e6);
        for (int isa = DR_VRNG_C; isa < DR_VRNG_NISA; isa++) {
            if (!dr_vrng_isa_available((dr_vrng_isa)isa))
                continue;
            double r[2];
            for (int t = 1; t <= 2; t++)
                r[t - 1] = best(total, t, what, isa);
            printf("  %-8s %10.1f (%4.2fx) %10.1f (%4.2fx)\n",
                   dr_vrng_isa_name((dr_vrng_isa)isa), r[0] / 1e6,
                   r[0] / base[0], r[1] / 1e6, r[1] / base[1]);
        }
    }
    return 0;
}
