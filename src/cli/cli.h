/* The command line: the options, the one table of commands (cli/table.c),
 * parsing, usage and help. */
#ifndef DR_CLI_H
#define DR_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/lang.h"
#include "charts/chart.h"   /* DR_CHART_PNG, ... */
#include "present/office.h" /* DR_REPORT_MD, ... */

/* Every option of every command. */
typedef enum dr_opt {
    DR_O_DATA,
    DR_O_FISCAL,
    DR_O_PROJECTS,
    DR_O_HISTORY,
    DR_O_MODEL,
    DR_O_SCENARIO,
    DR_O_SET,
    DR_O_ENCODING,
    DR_O_PATHS,
    DR_O_YEARS,
    DR_O_SEED,
    DR_O_THREADS,
    DR_O_DETERMINISTIC,
    DR_O_OUT,
    DR_O_CHARTS,
    DR_O_LANG,
    DR_O_REPORT,
    DR_O_COUNTIES,
    DR_O_PARAM,
    DR_O_BY,
    DR_O_FROM,
    DR_O_TO,
    DR_O_ORIGIN,
    DR_O_HORIZON,
    DR_O_FAMILY,
    DR_O_LEVER,
    DR_O_TARGET,
    DR_O_RANGE,
    DR_O_SCOPE,
    DR_O_TOL,
    DR_O_HELP,
    DR_O_VERSION,
    DR_NOPTS
} dr_opt;

#define DR_OPT(o) ((uint64_t)1 << (o))

typedef struct dr_cli dr_cli;

/* One command: everything the program knows of it, in one row of the
 * table, so adding a command is one row (and its function). */
typedef struct dr_command {
    const char *name;
    const char *summary;     /* one line in the program's help */
    const char *usage;       /* the arguments after the name, for usage */
    const char *help;        /* the full help */
    const char *default_out; /* --out when not given (NULL: none taken) */
    uint64_t options;        /* DR_OPT bits of the options it takes */
    int min_args, max_args;  /* positional arguments (-1: no limit) */
    dr_status (*run)(const dr_cli *cli, dr_error *err);
    /* 1: under mpirun every rank runs it, the paths split between them;
     * 0: it runs no paths, and rank 0 runs it alone. */
    int ranks;
} dr_command;

/* The table, ending with a row whose name is NULL. */
extern const dr_command dr_commands[];

struct dr_cli {
    const dr_command *cmd; /* NULL for --help and --version alone */
    const char *command;   /* cmd->name */
    const char *data, *fiscal, *projects, *history, *model;
    const char **scenario; /* --scenario, in order */
    size_t nscenario;
    const char **set; /* --set SECTION.KEY=VALUE, in order */
    size_t nset;
    const char *paths, *years, *seed; /* as typed; NULL when not given */
    const char *counties;             /* bench: synthetic county count */
    const char **param;               /* sensitivity: SECTION.KEY=LOW:HIGH */
    size_t nparam;
    int threads; /* 0: all cores */
    int deterministic;
    const char *out;      /* as given, else the command's default */
    unsigned charts;      /* DR_CHART_* bits; 0 for none */
    dr_lang lang;         /* --lang */
    unsigned report;      /* DR_REPORT_* bits */
    const char *encoding; /* of the input files; NULL: UTF-8 */
    /* calibrate, backtest, solve: as typed, checked by the command */
    const char *by, *from, *to, *origin, *horizon, *family;
    const char *lever, *target, *range, *scope, *tol;
    const char **args; /* positional arguments */
    size_t nargs;
    int help, version;
    char *cmdline; /* the whole command line, for run.ini */
};

/* The command named `name`, or NULL. */
const dr_command *dr_command_find(const char *name);

/* Parses argv. On a usage error returns DR_EUSAGE with err->msg naming the
 * flag. The strings point into argv; dr_cli_free frees the arrays. */
dr_status dr_cli_parse(dr_cli *cli, int argc, char **argv, dr_error *err);

void dr_cli_free(dr_cli *cli);

/* Prints the short usage of the program to f (a FILE *). */
void dr_cli_usage(void *f);

/* Prints the usage of one command (NULL: of the program) to f, after a
 * usage error. */
void dr_cli_usage_of(void *f, const dr_command *cmd);

/* Prints the full help of a command (NULL: of the program) to stdout. */
void dr_cli_help(const dr_command *cmd);

#endif
