#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static const char *const commands[] = {"run",  "batch", "check",
                                       "plot", "bench", "sensitivity"};

static const char usage_text[] =
    "usage: debtrisk run         [--data DIR] [--fiscal F] [--projects F] "
    "[--model F]\n"
    "                            [--scenario F] [--paths N] [--years T] "
    "[--seed S]\n"
    "                            [--threads K] [--deterministic] "
    "[--set SECTION.KEY=VALUE]...\n"
    "                            [--out DIR] [--charts png,svg,pdf|none] "
    "[--lang en|zh]\n"
    "       debtrisk batch       [run options] SCENARIO.ini...\n"
    "       debtrisk sensitivity [run options] "
    "[--param SECTION.KEY=LOW:HIGH]...\n"
    "       debtrisk check       [--data DIR | --fiscal F --projects F] "
    "[--model F] [--scenario F]...\n"
    "       debtrisk plot        OUTDIR [--charts LIST] [--lang en|zh]\n"
    "       debtrisk bench       [--counties N] [--paths N] [--years T] "
    "[--threads K]\n"
    "       debtrisk --help | --version | COMMAND --help\n";

static const char run_help[] =
    "Projects every county's debt ratios and writes the results to a folder.\n"
    "\n"
    "Inputs (with none named, the bundled sample city and baseline model):\n"
    "  --data DIR          DIR/fiscal.csv and, if present, DIR/projects.csv\n"
    "  --fiscal F          the counties' base-year fiscal data\n"
    "  --projects F        the projects (optional)\n"
    "  --model F           the model file (default: the bundled "
    "models/baseline.ini)\n"
    "  --scenario F        a scenario file of what-if changes\n"
    "  --encoding ENC      the input files' encoding, e.g. gb18030 for files\n"
    "                      saved by Excel or WPS (default: UTF-8)\n"
    "  --set SECTION.KEY=VALUE\n"
    "                      override one model key, after the model and "
    "scenario\n"
    "                      files (repeatable), e.g. "
    "--set rates.hidden_spread=0.035\n"
    "Run:\n"
    "  --paths N           Monte Carlo paths (model [run] paths)\n"
    "  --years T           years projected after the base year\n"
    "  --seed S            random seed\n"
    "  --threads K         threads (default: all cores)\n"
    "  --deterministic     every draw at its mean: one exact path, and\n"
    "                      projection.csv with every flow and stock\n"
    "Output:\n"
    "  --out DIR           output folder (default: out)\n"
    "  --charts LIST       png,svg,pdf or none (default: png)\n"
    "  --lang en|zh        language of charts and report (default: en)\n"
    "\n"
    "Exit status: 0 success, 1 bad input, 2 bad usage, 3 results written "
    "but\n"
    "charts not drawn.\n";

static const char batch_help[] =
    "Runs the baseline and every scenario given on the same random draws,\n"
    "path by path, each into OUT/<scenario name>/ with all the outputs of\n"
    "run, and writes OUT/compare.csv: per scenario and county (and the city)\n"
    "P(breach by the horizon), its paired change against the baseline with\n"
    "its standard error, and the change of the median ratio. Every scenario\n"
    "is loaded and checked before any simulation starts.\n"
    "\n"
    "Options: those of run (see debtrisk run --help), except --scenario.\n";

static const char sensitivity_help[] =
    "Runs the model with each parameter at a low and a high value, on the\n"
    "same random draws, and writes OUT/sensitivity.csv: for every county\n"
    "and the city, P(breach by the horizon) at the base, low and high\n"
    "settings. OUT/baseline/ holds the base run.\n"
    "\n"
    "  --param SECTION.KEY=LOW:HIGH\n"
    "                      a parameter and its two values (repeatable); with\n"
    "                      none, the land trend and volatility, growth trend,\n"
    "                      spending growth, hidden spread, quota and\n"
    "                      consolidation around the model in force\n"
    "Other options: those of run (see debtrisk run --help).\n";

static const char plot_help[] =
    "Redraws all the charts and the report of an output folder from its CSV\n"
    "files, without simulating.\n"
    "\n"
    "  --charts LIST       png,svg,pdf (default: png)\n"
    "  --lang en|zh        language (default: en)\n";

static const char bench_help[] =
    "Times the engine and the writing of its outputs on the sample city, or\n"
    "on N synthetic counties copied from it, against the time GSL needs to\n"
    "draw the same number of normal variates on the same threads.\n"
    "\n"
    "  --counties N        synthetic counties (default: the sample city)\n"
    "  --paths N           paths (default 100000)\n"
    "  --years T, --threads K, --seed S, --set SECTION.KEY=VALUE\n";

static const char check_help[] =
    "Checks every input named and prints a one-screen summary: counties,\n"
    "types, base-year debt ratios, projects per county and what each "
    "scenario\n"
    "changes. Writes nothing.\n"
    "\n"
    "  --data DIR | --fiscal F [--projects F]\n"
    "  --model F           (default: the bundled models/baseline.ini)\n"
    "  --scenario F        repeatable: each scenario is checked\n"
    "  --encoding ENC      the input files' encoding (default: UTF-8)\n"
    "  --set SECTION.KEY=VALUE   as for run\n"
    "\n"
    "Exit status: 0 all inputs good, 1 bad input, 2 bad usage.\n";

void dr_cli_usage(const char *command, void *fp)
{
    (void)command;
    fputs(usage_text, (FILE *)fp);
}

void dr_cli_help(const char *command)
{
    if (command && strcmp(command, "run") == 0) {
        fputs("usage: debtrisk run [OPTIONS]\n\n", stdout);
        fputs(run_help, stdout);
    } else if (command && strcmp(command, "check") == 0) {
        fputs("usage: debtrisk check [OPTIONS]\n\n", stdout);
        fputs(check_help, stdout);
    } else if (command && strcmp(command, "batch") == 0) {
        fputs("usage: debtrisk batch [OPTIONS] SCENARIO.ini...\n\n", stdout);
        fputs(batch_help, stdout);
    } else if (command && strcmp(command, "sensitivity") == 0) {
        fputs("usage: debtrisk sensitivity [OPTIONS] "
              "[--param SECTION.KEY=LOW:HIGH]...\n\n",
              stdout);
        fputs(sensitivity_help, stdout);
    } else if (command && strcmp(command, "plot") == 0) {
        fputs("usage: debtrisk plot OUTDIR [--charts LIST] [--lang en|zh]\n\n",
              stdout);
        fputs(plot_help, stdout);
    } else if (command && strcmp(command, "bench") == 0) {
        fputs("usage: debtrisk bench [OPTIONS]\n\n", stdout);
        fputs(bench_help, stdout);
    } else {
        fputs("debtrisk: the probability that each county crosses the debt\n"
              "warning line, by Monte Carlo simulation of its fiscal "
              "future.\n\n",
              stdout);
        fputs(usage_text, stdout);
        fputs("\nCommands:\n"
              "  run          project the counties and write results\n"
              "  batch        the baseline and scenarios on the same draws\n"
              "  sensitivity  low and high values of the key parameters\n"
              "  check        validate the inputs and summarize them\n"
              "  plot         redraw the charts of an output folder\n"
              "  bench        engine speed against the random-number floor\n"
              "\nSee 'debtrisk COMMAND --help' and the debtrisk(1) manual.\n",
              stdout);
    }
}

enum {
    OPT_DATA = 256,
    OPT_FISCAL,
    OPT_PROJECTS,
    OPT_MODEL,
    OPT_SCENARIO,
    OPT_PATHS,
    OPT_YEARS,
    OPT_SEED,
    OPT_THREADS,
    OPT_DETERMINISTIC,
    OPT_SET,
    OPT_OUT,
    OPT_CHARTS,
    OPT_LANG,
    OPT_COUNTIES,
    OPT_PARAM,
    OPT_ENCODING,
    OPT_HELP,
    OPT_VERSION
};

static const struct option options[] = {
    {"data", required_argument, NULL, OPT_DATA},
    {"fiscal", required_argument, NULL, OPT_FISCAL},
    {"projects", required_argument, NULL, OPT_PROJECTS},
    {"model", required_argument, NULL, OPT_MODEL},
    {"scenario", required_argument, NULL, OPT_SCENARIO},
    {"paths", required_argument, NULL, OPT_PATHS},
    {"years", required_argument, NULL, OPT_YEARS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"deterministic", no_argument, NULL, OPT_DETERMINISTIC},
    {"set", required_argument, NULL, OPT_SET},
    {"out", required_argument, NULL, OPT_OUT},
    {"charts", required_argument, NULL, OPT_CHARTS},
    {"lang", required_argument, NULL, OPT_LANG},
    {"counties", required_argument, NULL, OPT_COUNTIES},
    {"param", required_argument, NULL, OPT_PARAM},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Which options each command takes. */
static int allowed(const char *command, int opt)
{
    if (opt == OPT_HELP || opt == OPT_VERSION || opt == OPT_ENCODING)
        return 1;
    if (strcmp(command, "check") == 0)
        return opt == OPT_DATA || opt == OPT_FISCAL || opt == OPT_PROJECTS ||
               opt == OPT_MODEL || opt == OPT_SCENARIO || opt == OPT_SET ||
               opt == OPT_YEARS || opt == OPT_PATHS || opt == OPT_SEED;
    if (strcmp(command, "plot") == 0)
        return opt == OPT_CHARTS || opt == OPT_LANG || opt == OPT_THREADS;
    if (strcmp(command, "bench") == 0)
        return opt == OPT_COUNTIES || opt == OPT_PATHS || opt == OPT_YEARS ||
               opt == OPT_THREADS || opt == OPT_SEED || opt == OPT_SET;
    if (opt == OPT_COUNTIES)
        return 0;
    if (opt == OPT_PARAM)
        return strcmp(command, "sensitivity") == 0;
    return strcmp(command, "run") == 0 || strcmp(command, "batch") == 0 ||
           strcmp(command, "sensitivity") == 0;
}

static const char *opt_name(int opt)
{
    for (const struct option *o = options; o->name; o++)
        if (o->val == opt)
            return o->name;
    return "?";
}

static int push(const char ***v, size_t *n, const char *s)
{
    const char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return 0;
    nv[(*n)++] = s;
    *v = nv;
    return 1;
}

static int parse_charts(const char *s, unsigned *out)
{
    *out = 0;
    if (strcmp(s, "none") == 0)
        return 1;
    char *copy = strdup(s);
    if (!copy)
        return 0;
    int ok = 1;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "png") == 0)
            *out |= DR_CHART_PNG;
        else if (strcmp(tok, "svg") == 0)
            *out |= DR_CHART_SVG;
        else if (strcmp(tok, "pdf") == 0)
            *out |= DR_CHART_PDF;
        else
            ok = 0;
    }
    free(copy);
    return ok && *out != 0;
}

/* The output folder is replaced whole, so it must be a named folder: not
 * empty, ".", ".." or "/" (with or without trailing slashes). */
static int out_name_ok(const char *s)
{
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        n--;
    if (n == 0 || (n == 1 && s[0] == '/'))
        return 0;
    size_t b = n;
    while (b > 0 && s[b - 1] != '/')
        b--;
    size_t len = n - b;
    return !(len == 1 && s[b] == '.') && !(len == 2 && s[b] == '.' &&
                                           s[b + 1] == '.');
}

static char *join_cmdline(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) * 2 + 3;
    char *s = malloc(n), *p = s;
    if (!s)
        return NULL;
    for (int i = 0; i < argc; i++) {
        if (i)
            *p++ = ' ';
        int quote = argv[i][0] == '\0' || strpbrk(argv[i], " \t'\"\\$") != NULL;
        if (quote)
            *p++ = '\'';
        for (const char *a = argv[i]; *a; a++) {
            if (*a == '\'' && quote) {
                memcpy(p, "'\\''", 4);
                p += 4;
            } else {
                *p++ = *a;
            }
        }
        if (quote)
            *p++ = '\'';
    }
    *p = '\0';
    return s;
}

static dr_status usage_error(dr_error *err, const char *fmt, const char *a,
                             const char *b)
{
    return dr_error_set(err, DR_EUSAGE, NULL, 0, 0, fmt, a, b);
}

/* "unknown option '--fiscl' for 'run'; did you mean '--fiscal'?", among
 * the options of that command. */
static dr_status unknown_option(dr_error *err, const char *bad,
                                const char *command)
{
    char word[64];
    const char *w = strncmp(bad, "--", 2) == 0 ? bad + 2 : bad;
    snprintf(word, sizeof word, "%.*s", (int)strcspn(w, "="), w);
    const char *g = NULL;
    int best = 99;
    for (const struct option *o = options; o->name; o++) {
        int d = dr_suggest_distance(word, o->name);
        if (d >= 0 && d < best && allowed(command, o->val))
            best = d, g = o->name;
    }
    return dr_error_set(
        err, DR_EUSAGE, NULL, 0, 0, "unknown option '%s' for '%s'%s%s%s", bad,
        command, g ? "; did you mean '--" : "", g ? g : "", g ? "'?" : "");
}

dr_status dr_cli_parse(dr_cli *cli, int argc, char **argv, dr_error *err)
{
    *cli = (dr_cli){.out = "out", .charts = DR_CHART_PNG, .lang = "en"};
    cli->cmdline = join_cmdline(argc, argv);
    if (!cli->cmdline)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (argc < 2)
        return usage_error(err, "no command given%s%s", "", "");
    const char *first = argv[1];
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        cli->help = 1;
        return DR_OK;
    }
    if (strcmp(first, "--version") == 0) {
        cli->version = 1;
        return DR_OK;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(first, commands[k]) == 0)
            cli->command = commands[k];
    if (!cli->command) {
        const char *g =
            dr_suggest(first, commands, sizeof commands / sizeof commands[0]);
        return dr_error_set(
            err, DR_EUSAGE, NULL, 0, 0, "unknown command '%s'%s%s%s", first,
            g ? "; did you mean '" : "", g ? g : "", g ? "'?" : "");
    }

    opterr = 0;
    optind = 1;
    int c;
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    while ((c = getopt_long(sub_argc, sub_argv, ":h", options, NULL)) != -1) {
        if (c == '?')
            return unknown_option(err, sub_argv[optind - 1], cli->command);
        if (c == ':')
            return usage_error(err, "option '%s' needs a value%s",
                               sub_argv[optind - 1], "");
        if (c == 'h')
            c = OPT_HELP;
        if (!allowed(cli->command, c))
            return usage_error(err, "option '--%s' does not apply to '%s'",
                               opt_name(c), cli->command);
        switch (c) {
        case OPT_DATA: cli->data = optarg; break;
        case OPT_FISCAL: cli->fiscal = optarg; break;
        case OPT_PROJECTS: cli->projects = optarg; break;
        case OPT_MODEL: cli->model = optarg; break;
        case OPT_SCENARIO:
            if (strcmp(cli->command, "check") != 0 && cli->nscenario > 0)
                return usage_error(err,
                                   "'run' takes one --scenario; use 'batch' "
                                   "for several%s%s",
                                   "", "");
            if (!push(&cli->scenario, &cli->nscenario, optarg))
                return dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                                    "out of memory");
            break;
        case OPT_SET:
            if (!push(&cli->set, &cli->nset, optarg))
                return dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                                    "out of memory");
            break;
        case OPT_PATHS: cli->paths = optarg; break;
        case OPT_YEARS: cli->years = optarg; break;
        case OPT_SEED: cli->seed = optarg; break;
        case OPT_THREADS: {
            long k;
            const char *why;
            if (!dr_parse_long(optarg, 1, 4096, &k, &why))
                return usage_error(err,
                                   "--threads: expected a whole number from "
                                   "1 to 4096, found '%s'%s",
                                   optarg, "");
            cli->threads = (int)k;
            break;
        }
        case OPT_DETERMINISTIC: cli->deterministic = 1; break;
        case OPT_OUT:
            if (!out_name_ok(optarg))
                return usage_error(err,
                                   "--out: '%s' is not a folder the results "
                                   "can replace; name one, e.g. --out out%s",
                                   optarg, "");
            cli->out = optarg;
            break;
        case OPT_CHARTS:
            if (!parse_charts(optarg, &cli->charts))
                return usage_error(err,
                                   "--charts: expected a list of png, svg, "
                                   "pdf, or none, found '%s'%s",
                                   optarg, "");
            break;
        case OPT_LANG:
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
                return usage_error(err, "--lang: expected en or zh, found "
                                        "'%s'%s",
                                   optarg, "");
            cli->lang = optarg;
            break;
        case OPT_COUNTIES: cli->counties = optarg; break;
        case OPT_ENCODING: cli->encoding = optarg; break;
        case OPT_PARAM:
            if (!push(&cli->param, &cli->nparam, optarg))
                return dr_error_set(err, DR_ENOMEM, NULL, 0, 0,
                                    "out of memory");
            break;
        case OPT_HELP: cli->help = 1; break;
        case OPT_VERSION: cli->version = 1; break;
        }
    }
    for (int i = optind; i < sub_argc; i++)
        if (!push(&cli->args, &cli->nargs, sub_argv[i]))
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (cli->help || cli->version)
        return DR_OK;
    if (cli->data && (cli->fiscal || cli->projects))
        return usage_error(err, "--data cannot be combined with --fiscal or "
                                "--projects%s%s",
                           "", "");
    if (cli->projects && !cli->fiscal)
        return usage_error(err, "--projects needs --fiscal (or use --data)%s%s",
                           "", "");
    if (strcmp(cli->command, "plot") == 0 && cli->nargs != 1)
        return usage_error(err, "plot needs one output folder%s%s", "", "");
    if ((strcmp(cli->command, "run") == 0 ||
         strcmp(cli->command, "check") == 0 ||
         strcmp(cli->command, "bench") == 0 ||
         strcmp(cli->command, "sensitivity") == 0) &&
        cli->nargs > 0)
        return usage_error(err, "unexpected argument '%s' for '%s'",
                           cli->args[0], cli->command);
    return DR_OK;
}

void dr_cli_free(dr_cli *cli)
{
    free(cli->scenario);
    free(cli->set);
    free(cli->args);
    free(cli->param);
    free(cli->cmdline);
    *cli = (dr_cli){0};
}
