/* The commands of the program: one row each (cli.h), read by the parser,
 * the usage, the help and main. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/help.h"

#define INPUTS                                                                 \
    (DR_OPT(DR_O_DATA) | DR_OPT(DR_O_FISCAL) | DR_OPT(DR_O_PROJECTS) |         \
     DR_OPT(DR_O_MODEL) | DR_OPT(DR_O_SET) | DR_OPT(DR_O_ENCODING))
#define RUN                                                                    \
    (DR_OPT(DR_O_PATHS) | DR_OPT(DR_O_YEARS) | DR_OPT(DR_O_SEED) |             \
     DR_OPT(DR_O_THREADS) | DR_OPT(DR_O_DETERMINISTIC))
#define OUTPUT (DR_OPT(DR_O_OUT) | DR_OPT(DR_O_CHARTS) | DR_OPT(DR_O_LANG))
#define REPORT DR_OPT(DR_O_REPORT)
#define RUN_ALL (INPUTS | DR_OPT(DR_O_SCENARIO) | RUN | OUTPUT | REPORT)

const dr_command dr_commands[] = {
    {"run", "project the counties and write results",
     "[--data DIR] [--fiscal F] [--projects F] [--model F]\n"
     "[--scenario F] [--paths N] [--years T] [--seed S]\n"
     "[--threads K] [--deterministic] [--set SECTION.KEY=VALUE]...\n"
     "[--out DIR] [--charts png,svg,pdf|none] [--lang en|zh]\n"
     "[--report md,html,pptx,xlsx|all]",
     dr_help_run, "out", RUN_ALL, 0, 0, dr_cmd_run, 1},
    {"batch", "the baseline and scenarios on the same draws",
     "[run options] SCENARIO.ini...", dr_help_batch, "out", RUN_ALL, 0, -1,
     dr_cmd_batch, 1},
    {"sensitivity", "low and high values of the key parameters",
     "[run options] [--param SECTION.KEY=LOW:HIGH]...", dr_help_sensitivity,
     "out", RUN_ALL | DR_OPT(DR_O_PARAM), 0, 0, dr_cmd_sensitivity, 1},
    {"calibrate", "estimate the model's shocks from a county history",
     "[--data DIR | --history F --fiscal F] [--model F]\n"
     "[--by type|city|county] [--from YEAR] [--to YEAR] [--out DIR]",
     dr_help_calibrate, "out/calibration",
     DR_OPT(DR_O_DATA) | DR_OPT(DR_O_FISCAL) | DR_OPT(DR_O_HISTORY) |
         DR_OPT(DR_O_MODEL) | DR_OPT(DR_O_ENCODING) | DR_OPT(DR_O_BY) |
         DR_OPT(DR_O_FROM) | DR_OPT(DR_O_TO) | DR_OPT(DR_O_THREADS) | OUTPUT,
     0, 0, dr_cmd_calibrate, 0},
    {"backtest", "would the model have seen the past coming",
     "[--data DIR | --history F --fiscal F] [--model F]\n"
     "[--by type|city|county] [--from YEAR] --origin YEAR[-YEAR]\n"
     "[--horizon H] [--family LIST] [--paths N] [--seed S]\n"
     "[--set SECTION.KEY=VALUE]... [--out DIR]",
     dr_help_backtest, "out/backtest",
     DR_OPT(DR_O_DATA) | DR_OPT(DR_O_FISCAL) | DR_OPT(DR_O_HISTORY) |
         DR_OPT(DR_O_MODEL) | DR_OPT(DR_O_ENCODING) | DR_OPT(DR_O_BY) |
         DR_OPT(DR_O_FROM) | DR_OPT(DR_O_ORIGIN) | DR_OPT(DR_O_HORIZON) |
         DR_OPT(DR_O_FAMILY) | DR_OPT(DR_O_PATHS) | DR_OPT(DR_O_SEED) |
         DR_OPT(DR_O_SET) | DR_OPT(DR_O_THREADS) | OUTPUT,
     0, 0, dr_cmd_backtest, 1},
    {"solve", "the smallest effort that meets a target",
     "[run options] --lever LEVER --target TARGET\n"
     "[--range LO:HI] [--years Y0-Y1] [--scope county|city] [--tol X]",
     dr_help_solve, "out/solve",
     INPUTS | DR_OPT(DR_O_SCENARIO) | DR_OPT(DR_O_PATHS) | DR_OPT(DR_O_YEARS) |
         DR_OPT(DR_O_SEED) | DR_OPT(DR_O_THREADS) | DR_OPT(DR_O_DETERMINISTIC) |
         OUTPUT | DR_OPT(DR_O_LEVER) | DR_OPT(DR_O_TARGET) |
         DR_OPT(DR_O_RANGE) | DR_OPT(DR_O_SCOPE) | DR_OPT(DR_O_TOL) | REPORT,
     0, 0, dr_cmd_solve, 1},
    {"check", "validate the inputs and summarize them",
     "[--data DIR | --fiscal F --projects F] [--model F] [--scenario F]...",
     dr_help_check, NULL,
     INPUTS | DR_OPT(DR_O_SCENARIO) | DR_OPT(DR_O_YEARS) | DR_OPT(DR_O_PATHS) |
         DR_OPT(DR_O_SEED),
     0, 0, dr_cmd_check, 0},
    {"plot", "redraw the charts of an output folder",
     "OUTDIR [--charts LIST] [--lang en|zh] [--report LIST]", dr_help_plot,
     NULL,
     DR_OPT(DR_O_CHARTS) | DR_OPT(DR_O_LANG) | DR_OPT(DR_O_THREADS) | REPORT, 1,
     1, dr_cmd_plot, 0},
    {"bench", "engine speed against the random-number floor",
     "[--counties N] [--paths N] [--years T] [--threads K]", dr_help_bench,
     NULL,
     DR_OPT(DR_O_COUNTIES) | DR_OPT(DR_O_PATHS) | DR_OPT(DR_O_YEARS) |
         DR_OPT(DR_O_THREADS) | DR_OPT(DR_O_SEED) | DR_OPT(DR_O_SET),
     0, 0, dr_cmd_bench, 1},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, 0},
};
