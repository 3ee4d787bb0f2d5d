/* debtrisk: entry point. Parses the command line, runs a command, and is
 * the only place that prints errors and chooses the exit status. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "base/stop.h"
#include "base/textfile.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "config.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    dr_stop_catch();

    dr_cli cli;
    dr_error err = {0};
    dr_status st = dr_cli_parse(&cli, argc, argv, &err);
    if (st == DR_OK && cli.version) {
        printf("debtrisk %s (model version 2)\n", DR_VERSION);
    } else if (st == DR_OK && cli.help) {
        dr_cli_help(cli.cmd);
    } else if (st == DR_OK &&
               (st = dr_text_set_encoding(cli.encoding, &err)) == DR_OK) {
        st = cli.cmd->run(&cli, &err);
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
    if (st == DR_EINTR && dr_stop_requested)
        return 128 + dr_stop_requested; /* as the shell reports a signal */
    return dr_exit_code(st);
}
