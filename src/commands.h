/* The commands of the program, each taking parsed options and returning a
 * status; main() prints errors and exits. */
#ifndef DR_COMMANDS_H
#define DR_COMMANDS_H

#include <signal.h>

#include "cli.h"
#include "error.h"
#include "runner.h"

/* Set by the signal handler; long loops poll it and stop cleanly. */
extern volatile sig_atomic_t dr_stop_requested;

/* Prints the warnings of loading in on stderr, one line each:
 * "debtrisk: warning: FILE:LINE:COL: message". */
void dr_print_warnings(const dr_inputs *in);

/* Run options of a command line. */
dr_run_opts dr_run_opts_of(const dr_cli *cli);

dr_status dr_cmd_run(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_check(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_batch(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_sensitivity(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_plot(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_bench(const dr_cli *cli, dr_error *err);

#endif
