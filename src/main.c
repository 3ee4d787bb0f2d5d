/* debtrisk: entry point. Parses the command line, runs a command, and is
 * the only place that prints errors and chooses the exit status. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "base/par.h"
#include "base/stop.h"
#include "base/textfile.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "config.h"

/* Under mpirun, every rank runs a command that runs paths, each its share
 * of them; any other command rank 0 runs alone. Every rank returns the
 * same status. */
static dr_status run_command(const dr_cli *cli, dr_error *err)
{
    if (cli->cmd->ranks)
        return cli->cmd->run(cli, err);
    dr_status st = DR_OK;
    if (dr_par_solo_begin())
        st = cli->cmd->run(cli, err);
    return dr_par_solo_end(st, err);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    dr_error err = {0};
    dr_status pst = dr_par_init(&argc, &argv, &err);
    dr_stop_catch();
    /* rank 0 alone speaks: the others' messages are its own */
    if (dr_par_rank() != 0 && (!freopen("/dev/null", "w", stdout) ||
                               !freopen("/dev/null", "w", stderr)))
        pst = dr_error_set(&err, DR_EIO, NULL, 0, 0, "cannot open /dev/null");

    dr_cli cli;
    dr_status st = dr_cli_parse(&cli, argc, argv, &err);
    if (pst != DR_OK) {
        st = pst;
    } else if (st == DR_OK && cli.version) {
        printf("debtrisk %s (model version 2)\n", DR_VERSION);
    } else if (st == DR_OK && cli.help) {
        dr_cli_help(cli.cmd);
    } else if (st == DR_OK &&
               (st = dr_text_set_encoding(cli.encoding, &err)) == DR_OK) {
        st = run_command(&cli, &err);
    }
    if (st != DR_OK) {
        char msg[2048];
        if (st == DR_EINTR)
            snprintf(msg, sizeof msg,
                     "interrupted; the previous results are unchanged");
        else
            dr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "debtrisk: %s\n", msg);
        if (st == DR_EUSAGE)
            dr_cli_usage_of(stderr, cli.cmd);
    }
    dr_cli_free(&cli);
    dr_par_finalize();
    if (st == DR_EINTR && dr_stop_requested)
        return 128 + dr_stop_requested; /* as the shell reports a signal */
    return dr_exit_code(st);
}
