/* The commands of the program, each taking parsed options and returning a
 * status; main() prints errors and exits. */
#ifndef DR_COMMANDS_H
#define DR_COMMANDS_H

#include "cli.h"
#include "error.h"
#include "runner.h"
#include "stop.h"

/* Run options of a command line. */
dr_run_opts dr_run_opts_of(const dr_cli *cli);

dr_status dr_cmd_run(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_check(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_batch(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_sensitivity(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_plot(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_bench(const dr_cli *cli, dr_error *err);

#endif
