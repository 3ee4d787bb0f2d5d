/* The commands of the program, each taking parsed options and returning a
 * status; main() prints errors and exits. */
#ifndef DR_COMMANDS_H
#define DR_COMMANDS_H

#include "base/error.h"
#include "base/stop.h"
#include "cli/cli.h"
#include "run/runner.h"

/* Run options of a command line. */
dr_run_opts dr_run_opts_of(const dr_cli *cli);

/* The input spec of a command line. */
dr_input_spec dr_run_spec(const dr_cli *cli);

/* What a command line asks of the run layer. */
dr_job dr_job_of(const dr_cli *cli);

dr_status dr_cmd_run(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_check(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_batch(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_sensitivity(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_plot(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_bench(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_calibrate(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_backtest(const dr_cli *cli, dr_error *err);
dr_status dr_cmd_solve(const dr_cli *cli, dr_error *err);

#endif
