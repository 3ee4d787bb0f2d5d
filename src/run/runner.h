/* One scenario run from inputs to files: load and check, simulate, write.
 * The commands run, batch and sensitivity are built from these steps. */
#ifndef DR_RUNNER_H
#define DR_RUNNER_H

#include "base/lang.h"
#include "engine/engine.h"
#include "inputs/inputs.h"
#include "model/plan.h"
#include "outputs/outdir.h"
#include "present/office.h"
#include "stats/results.h"

typedef struct dr_run_opts {
    int deterministic;
    int threads;     /* >= 1 */
    int progress;    /* a progress line on stderr */
    int want_breach; /* keep per-path breach flags (Monte Carlo) */
    /* The baseline's flags (its dr_run.breach): the run counts its paired
     * breaches against them into res.paired. NULL: no pairing. */
    const unsigned char *baseline;
    const char *cmdline; /* for run.ini */
    /* run.ini names the scenario file by this path instead of the one it
     * was read from (a solve's package, read from the temporary folder,
     * named where it will be); NULL: as read. */
    const char *scenario_as;
} dr_run_opts;

typedef struct dr_run {
    dr_inputs in;
    dr_bootstrap boot; /* bootstrap shocks: their table */
    dr_plan plan;
    dr_results res;
    dr_year *rows;         /* deterministic mode: n*(T+1) years */
    unsigned char *breach; /* want_breach: paths*(n+1) flags */
    long paths;            /* N of the statistics (1 when deterministic) */
} dr_run;

/* Loads and checks the inputs of one scenario (NULL: the baseline) and
 * resolves it against the data. Nothing is simulated yet. DR_EINTR when a
 * SIGINT or SIGTERM came while the inputs were read. */
dr_status dr_run_prepare(dr_run *r, const dr_input_spec *spec,
                         const char *scenario, dr_error *err);

/* Simulates: the deterministic projection or the Monte Carlo paths. */
dr_status dr_run_compute(dr_run *r, const dr_run_opts *o, dr_error *err);

/* Writes every output file of the run into the folder `sub` of od ("" for
 * od itself). */
dr_status dr_run_write(const dr_run *r, const dr_run_opts *o, dr_outdir *od,
                       const char *sub, dr_error *err);

/* Draws the charts (formats, a DR_CHART_* set; 0 for none) and writes the
 * report of the folder `sub` of od. A chart failure (DR_ECHART) still
 * writes the report; its message is in err. Under mpirun rank 0 alone
 * draws, and every rank returns its status (so for dr_run_office). */
dr_status dr_run_present(dr_outdir *od, const char *sub, unsigned formats,
                         dr_lang lang, int threads, dr_error *err);

/* The office formats (--report: DR_REPORT_* bits) of the folder `sub` of
 * od, a folder of that kind, after its charts and report (dr_office_write).
 * A pandoc failure (DR_ECHART) leaves the results to be kept. */
dr_status dr_run_office(dr_outdir *od, const char *sub, dr_folder_kind kind,
                        unsigned reports, dr_lang lang, dr_error *err);

/* Ends a solo section (base/par.h) of a command's presenting, run by rank
 * 0 alone: every rank returns rank 0's status st and keeps its chart
 * failure in *charts and *chart_err (dr_chart_status). */
dr_status dr_run_solo_end(dr_status st, dr_status *charts, dr_error *chart_err,
                          dr_error *err);

/* Opens the output folder (dr_outdir_open: after the inputs are loaded, so
 * that an input inside it is refused) and warns on stderr of the temporary
 * folders that earlier runs left beside it. */
dr_status dr_run_open_out(dr_outdir *od, const char *out, dr_error *err);

/* Puts the finished folder in place, unless a stop was asked for
 * (DR_EINTR: the previous results stay). */
dr_status dr_run_commit(dr_outdir *od, dr_error *err);

void dr_run_free(dr_run *r);

/* What a command asks of the run layer: the inputs, how to run, and where
 * and how to write. */
typedef struct dr_job {
    dr_input_spec spec;
    const char *scenario; /* run, sensitivity: --scenario, or NULL */
    dr_run_opts run;
    const char *out;  /* the output folder */
    unsigned charts;  /* DR_CHART_* formats; 0 for none */
    unsigned reports; /* DR_REPORT_* formats of --report */
    dr_lang lang;     /* "en" or "zh" */
} dr_job;

/* Keeps the first chart failure (DR_ECHART) of a command in *charts and
 * *chart_err, where the command goes on and reports it at the end (exit 3);
 * returns 1 when cs is another failure, now in *err. */
int dr_chart_status(dr_status cs, const dr_error *cerr, dr_status *charts,
                    dr_error *chart_err, dr_error *err);

#endif
