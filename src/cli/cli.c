#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"

/* getopt's values are DR_O_* + OPT_BASE, past every character. */
#define OPT_BASE 256

static const struct option options[] = {
    {"data", required_argument, NULL, OPT_BASE + DR_O_DATA},
    {"fiscal", required_argument, NULL, OPT_BASE + DR_O_FISCAL},
    {"projects", required_argument, NULL, OPT_BASE + DR_O_PROJECTS},
    {"history", required_argument, NULL, OPT_BASE + DR_O_HISTORY},
    {"model", required_argument, NULL, OPT_BASE + DR_O_MODEL},
    {"scenario", required_argument, NULL, OPT_BASE + DR_O_SCENARIO},
    {"set", required_argument, NULL, OPT_BASE + DR_O_SET},
    {"encoding", required_argument, NULL, OPT_BASE + DR_O_ENCODING},
    {"paths", required_argument, NULL, OPT_BASE + DR_O_PATHS},
    {"years", required_argument, NULL, OPT_BASE + DR_O_YEARS},
    {"seed", required_argument, NULL, OPT_BASE + DR_O_SEED},
    {"threads", required_argument, NULL, OPT_BASE + DR_O_THREADS},
    {"deterministic", no_argument, NULL, OPT_BASE + DR_O_DETERMINISTIC},
    {"out", required_argument, NULL, OPT_BASE + DR_O_OUT},
    {"charts", required_argument, NULL, OPT_BASE + DR_O_CHARTS},
    {"lang", required_argument, NULL, OPT_BASE + DR_O_LANG},
    {"report", required_argument, NULL, OPT_BASE + DR_O_REPORT},
    {"counties", required_argument, NULL, OPT_BASE + DR_O_COUNTIES},
    {"param", required_argument, NULL, OPT_BASE + DR_O_PARAM},
    {"by", required_argument, NULL, OPT_BASE + DR_O_BY},
    {"from", required_argument, NULL, OPT_BASE + DR_O_FROM},
    {"to", required_argument, NULL, OPT_BASE + DR_O_TO},
    {"origin", required_argument, NULL, OPT_BASE + DR_O_ORIGIN},
    {"horizon", required_argument, NULL, OPT_BASE + DR_O_HORIZON},
    {"family", required_argument, NULL, OPT_BASE + DR_O_FAMILY},
    {"lever", required_argument, NULL, OPT_BASE + DR_O_LEVER},
    {"target", required_argument, NULL, OPT_BASE + DR_O_TARGET},
    {"range", required_argument, NULL, OPT_BASE + DR_O_RANGE},
    {"scope", required_argument, NULL, OPT_BASE + DR_O_SCOPE},
    {"tol", required_argument, NULL, OPT_BASE + DR_O_TOL},
    {"help", no_argument, NULL, OPT_BASE + DR_O_HELP},
    {"version", no_argument, NULL, OPT_BASE + DR_O_VERSION},
    {NULL, 0, NULL, 0},
};

const dr_command *dr_command_find(const char *name)
{
    for (const dr_command *c = dr_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

/* "usage: debtrisk NAME ARGS", continuation lines under the arguments,
 * the name padded to `width`. */
static void usage_of(FILE *f, const char *lead, const dr_command *c, int width)
{
    int indent = fprintf(f, "%s debtrisk %-*s ", lead, width, c->name);
    for (const char *u = c->usage; *u; u++) {
        fputc(*u, f);
        if (*u == '\n')
            fprintf(f, "%*s", indent, "");
    }
    fputc('\n', f);
}

void dr_cli_usage(void *fp)
{
    FILE *f = fp;
    for (const dr_command *c = dr_commands; c->name; c++)
        usage_of(f, c == dr_commands ? "usage:" : "      ", c, 11);
    fputs("       debtrisk --help | --version | COMMAND --help\n", f);
}

void dr_cli_usage_of(void *fp, const dr_command *cmd)
{
    FILE *f = fp;
    if (!cmd) {
        dr_cli_usage(f);
        return;
    }
    usage_of(f, "usage:", cmd, 0);
    fprintf(f, "See 'debtrisk %s --help' for every option.\n", cmd->name);
}

void dr_cli_help(const dr_command *cmd)
{
    if (cmd) {
        usage_of(stdout, "usage:", cmd, 0);
        fputc('\n', stdout);
        fputs(cmd->help, stdout);
        return;
    }
    fputs("debtrisk: the probability that each county crosses the debt\n"
          "warning line, by Monte Carlo simulation of its fiscal future.\n\n",
          stdout);
    dr_cli_usage(stdout);
    fputs("\nCommands:\n", stdout);
    for (const dr_command *c = dr_commands; c->name; c++)
        printf("  %-12s %s\n", c->name, c->summary);
    fputs("\nSee 'debtrisk COMMAND --help' and the debtrisk(1) manual.\n",
          stdout);
}

static const char *opt_name(int opt)
{
    for (const struct option *o = options; o->name; o++)
        if (o->val == OPT_BASE + opt)
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

/* 1 when s is a list of chart formats, 0 when not, -1 out of memory. */
static int parse_charts(const char *s, unsigned *out)
{
    *out = 0;
    if (strcmp(s, "none") == 0)
        return 1;
    char *copy = strdup(s);
    if (!copy)
        return -1;
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

/* --report: a list of md, html, pptx, xlsx, or all; as parse_charts. */
static int parse_report(const char *s, unsigned *out)
{
    static const char *const names[] = {"md", "html", "pptx", "xlsx"};
    *out = 0;
    if (strcmp(s, "all") == 0) {
        *out = DR_REPORT_ALL;
        return 1;
    }
    char *copy = strdup(s);
    if (!copy)
        return -1;
    int ok = 1;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        int found = 0;
        for (unsigned k = 0; k < 4; k++)
            if (strcmp(tok, names[k]) == 0) {
                *out |= 1u << k;
                found = 1;
            }
        ok = ok && found;
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
    return !(len == 1 && s[b] == '.') &&
           !(len == 2 && s[b] == '.' && s[b + 1] == '.');
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
                                const dr_command *cmd)
{
    char word[64];
    const char *w = strncmp(bad, "--", 2) == 0 ? bad + 2 : bad;
    snprintf(word, sizeof word, "%.*s", (int)strcspn(w, "="), w);
    const char *g = NULL;
    int best = 99;
    for (const struct option *o = options; o->name; o++) {
        int d = dr_suggest_distance(word, o->name);
        if (d >= 0 && d < best && (cmd->options & DR_OPT(o->val - OPT_BASE)))
            best = d, g = o->name;
    }
    return dr_error_set(
        err, DR_EUSAGE, NULL, 0, 0, "unknown option '%s' for '%s'%s%s%s", bad,
        cmd->name, g ? "; did you mean '--" : "", g ? g : "", g ? "'?" : "");
}

/* "unknown command 'rnu'; did you mean 'run'?" */
static dr_status unknown_command(dr_error *err, const char *bad)
{
    const char *names[32];
    size_t n = 0;
    for (const dr_command *c = dr_commands; c->name && n < 32; c++)
        names[n++] = c->name;
    const char *g = dr_suggest(bad, names, n);
    return dr_error_set(err, DR_EUSAGE, NULL, 0, 0,
                        "unknown command '%s'%s%s%s", bad,
                        g ? "; did you mean '" : "", g ? g : "", g ? "'?" : "");
}

static dr_status nomem(dr_error *err)
{
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Where an option with a plain string value goes. */
static const char **string_slot(dr_cli *cli, int o)
{
    switch (o) {
    case DR_O_DATA: return &cli->data;
    case DR_O_FISCAL: return &cli->fiscal;
    case DR_O_PROJECTS: return &cli->projects;
    case DR_O_HISTORY: return &cli->history;
    case DR_O_MODEL: return &cli->model;
    case DR_O_ENCODING: return &cli->encoding;
    case DR_O_PATHS: return &cli->paths;
    case DR_O_YEARS: return &cli->years;
    case DR_O_SEED: return &cli->seed;
    case DR_O_COUNTIES: return &cli->counties;
    case DR_O_BY: return &cli->by;
    case DR_O_FROM: return &cli->from;
    case DR_O_TO: return &cli->to;
    case DR_O_ORIGIN: return &cli->origin;
    case DR_O_HORIZON: return &cli->horizon;
    case DR_O_FAMILY: return &cli->family;
    case DR_O_LEVER: return &cli->lever;
    case DR_O_TARGET: return &cli->target;
    case DR_O_RANGE: return &cli->range;
    case DR_O_SCOPE: return &cli->scope;
    case DR_O_TOL: return &cli->tol;
    default: return NULL;
    }
}

/* One option and its value. */
static dr_status take(dr_cli *cli, int o, const char *arg, dr_error *err)
{
    const char **slot = string_slot(cli, o);
    if (slot) {
        *slot = arg;
        return DR_OK;
    }
    switch (o) {
    case DR_O_SCENARIO:
        if (strcmp(cli->command, "check") != 0 && cli->nscenario > 0)
            return usage_error(err,
                               "'run' takes one --scenario; use 'batch' for "
                               "several%s%s",
                               "", "");
        return push(&cli->scenario, &cli->nscenario, arg) ? DR_OK : nomem(err);
    case DR_O_SET: return push(&cli->set, &cli->nset, arg) ? DR_OK : nomem(err);
    case DR_O_PARAM:
        return push(&cli->param, &cli->nparam, arg) ? DR_OK : nomem(err);
    case DR_O_THREADS: {
        long k;
        const char *why;
        if (!dr_parse_long(arg, 1, 4096, &k, &why))
            return usage_error(err,
                               "--threads: expected a whole number from 1 "
                               "to 4096, found '%s'%s",
                               arg, "");
        cli->threads = (int)k;
        return DR_OK;
    }
    case DR_O_DETERMINISTIC: cli->deterministic = 1; return DR_OK;
    case DR_O_OUT:
        if (!out_name_ok(arg))
            return usage_error(err,
                               "--out: '%s' is not a folder the results can "
                               "replace; name one, e.g. --out out%s",
                               arg, "");
        cli->out = arg;
        return DR_OK;
    case DR_O_CHARTS: {
        int ok = parse_charts(arg, &cli->charts);
        if (ok < 0)
            return nomem(err);
        if (!ok)
            return usage_error(err,
                               "--charts: expected a list of png, svg, pdf, "
                               "or none, found '%s'%s",
                               arg, "");
        return DR_OK;
    }
    case DR_O_LANG:
        if (strcmp(arg, "en") != 0 && strcmp(arg, "zh") != 0)
            return usage_error(err, "--lang: expected en or zh, found '%s'%s",
                               arg, "");
        cli->lang = arg[0] == 'z' ? DR_LANG_ZH : DR_LANG_EN; /* parsed once */
        return DR_OK;
    case DR_O_REPORT: {
        int ok = parse_report(arg, &cli->report);
        if (ok < 0)
            return nomem(err);
        if (!ok)
            return usage_error(err,
                               "--report: expected a list of md, html, pptx, "
                               "xlsx, or all, found '%s'%s",
                               arg, "");
        return DR_OK;
    }
    case DR_O_HELP: cli->help = 1; return DR_OK;
    case DR_O_VERSION: cli->version = 1; return DR_OK;
    default: return DR_OK;
    }
}

/* What the options say together, once all are read. */
static dr_status check_together(const dr_cli *cli, dr_error *err)
{
    const dr_command *c = cli->cmd;
    if (cli->data && (cli->fiscal || cli->projects || cli->history))
        return usage_error(err,
                           "--data cannot be combined with --fiscal, "
                           "--projects or --history%s%s",
                           "", "");
    if (cli->projects && !cli->fiscal)
        return usage_error(err, "--projects needs --fiscal (or use --data)%s%s",
                           "", "");
    if (cli->history && !cli->fiscal)
        return usage_error(err, "--history needs --fiscal (or use --data)%s%s",
                           "", "");
    if ((size_t)c->min_args > cli->nargs) {
        if (c->max_args == 1)
            return usage_error(err, "%s needs one %s", c->name,
                               strcmp(c->name, "plot") == 0 ? "output folder"
                                                            : "argument");
        return usage_error(err, "%s needs at least %s argument", c->name,
                           "one");
    }
    if (c->max_args >= 0 && cli->nargs > (size_t)c->max_args)
        return usage_error(err, "unexpected argument '%s' for '%s'",
                           cli->args[c->max_args], c->name);
    return DR_OK;
}

dr_status dr_cli_parse(dr_cli *cli, int argc, char **argv, dr_error *err)
{
    *cli = (dr_cli){
        .charts = DR_CHART_PNG, .lang = DR_LANG_EN, .report = DR_REPORT_MD};
    cli->cmdline = join_cmdline(argc, argv);
    if (!cli->cmdline)
        return nomem(err);
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
    if (!(cli->cmd = dr_command_find(first)))
        return unknown_command(err, first);
    cli->command = cli->cmd->name;

    opterr = 0;
    optind = 1;
    int c;
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    uint64_t takes = cli->cmd->options | DR_OPT(DR_O_HELP) |
                     DR_OPT(DR_O_VERSION) | DR_OPT(DR_O_ENCODING);
    while ((c = getopt_long(sub_argc, sub_argv, ":h", options, NULL)) != -1) {
        if (c == '?')
            return unknown_option(err, sub_argv[optind - 1], cli->cmd);
        if (c == ':')
            return usage_error(err, "option '%s' needs a value%s",
                               sub_argv[optind - 1], "");
        int o = c == 'h' ? DR_O_HELP : c - OPT_BASE;
        if (!(takes & DR_OPT(o)))
            return usage_error(err, "option '--%s' does not apply to '%s'",
                               opt_name(o), cli->command);
        dr_status st = take(cli, o, optarg, err);
        if (st != DR_OK)
            return st;
    }
    for (int i = optind; i < sub_argc; i++)
        if (!push(&cli->args, &cli->nargs, sub_argv[i]))
            return nomem(err);
    if (!cli->out)
        cli->out = cli->cmd->default_out;
    /* slides take PNG pictures: drawn too whenever charts are drawn */
    if ((cli->report & DR_REPORT_PPTX) && cli->charts)
        cli->charts |= DR_CHART_PNG;
    if (cli->help || cli->version)
        return DR_OK;
    return check_together(cli, err);
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
