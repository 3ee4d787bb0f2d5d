/* The command line: options of every command, usage and help texts. */
#ifndef DR_CLI_H
#define DR_CLI_H

#include <stddef.h>

#include "charts/chart.h" /* DR_CHART_PNG, ... */
#include "base/error.h"

typedef struct dr_cli {
    const char *command; /* "run", "check", ... */
    const char *data, *fiscal, *projects, *model;
    const char **scenario; /* --scenario, in order */
    size_t nscenario;
    const char **set; /* --set SECTION.KEY=VALUE, in order */
    size_t nset;
    const char *paths, *years, *seed; /* as typed; NULL when not given */
    const char *counties;             /* bench: synthetic county count */
    const char **param; /* sensitivity: SECTION.KEY=LOW:HIGH */
    size_t nparam;
    int threads;                      /* 0: all cores */
    int deterministic;
    const char *out;
    unsigned charts; /* DR_CHART_* bits; 0 for none */
    const char *lang; /* "en" or "zh" */
    const char *encoding; /* of the input files; NULL: UTF-8 */
    const char **args; /* positional arguments */
    size_t nargs;
    int help, version;
    char *cmdline; /* the whole command line, for run.ini */
} dr_cli;

/* Parses argv. On a usage error returns DR_EUSAGE with err->msg naming the
 * flag. The strings point into argv; dr_cli_free frees the arrays. */
dr_status dr_cli_parse(dr_cli *cli, int argc, char **argv, dr_error *err);

void dr_cli_free(dr_cli *cli);

/* Prints the short usage of a command (NULL: of the program) to f. */
void dr_cli_usage(const char *command, void *f);

/* Prints the full help of a command (NULL: of the program) to stdout. */
void dr_cli_help(const char *command);

#endif
