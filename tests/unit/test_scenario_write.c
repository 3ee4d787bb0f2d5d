/* Scenario files written back (inputs/scenario_write.h): scenarios read
 * from files written here, with every kind of section ([set], adjustments
 * with every selector and per = cfr_base, [swap] and [swap.LABEL],
 * [projects] with an enable list and a file), written with the entries of
 * a second scenario after their own, and read back with dr_scenario_read:
 * the same scenario field by field, every number bit for bit (0.1, 1/3,
 * 1e-300, ...), the head's long description over continuation lines
 * under the INI line limit, and the projects file the same file from
 * wherever the written scenario lies, also when the scenario it came
 * from was read by a relative path (and an error, with nothing written,
 * when the current folder has no name to give it). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "inputs/inifile.h"
#include "inputs/scenario_write.h"
#include "scratch.h"

/* Every section the writer writes. */
static const char base_ini[] =
    "[scenario]\n"
    "name = base-case\n"
    "title = The base case\n"
    "description = what the package is solved on\n"
    "\n"
    "[set]\n"
    "rates.hidden_spread = 0.035\n"
    "type.urban.land.mu = -0.1\n"
    "thresholds.warning = 1.2 ; a comment, not the value\n"
    "\n"
    "[adjust.all]\n"
    "counties = *\n"
    "variable = land_revenue\n"
    "years = 2026-2028\n"
    "op = mul\n"
    "value = 0.1\n"
    "\n"
    "[adjust.some]\n"
    "counties = east,west ,  north\n"
    "variable = own_revenue\n"
    "years = 2027\n"
    "op = add\n"
    "value = 0.33333333333333331\n"
    "\n"
    "[adjust.typed]\n"
    "counties = type:urban\n"
    "variable = hidden_debt\n"
    "years = 2026-2026\n"
    "op = add\n"
    "value = -0.05\n"
    "per = cfr_base\n"
    "\n"
    "[adjust.tiny]\n"
    "counties = north\n"
    "variable = yield\n"
    "years = 2025-2029\n"
    "op = add\n"
    "value = 1e-300\n"
    "\n"
    "[adjust.flow-per]\n"
    "variable = transfers\n"
    "years = 2029\n"
    "op = add\n"
    "value = 0.1\n"
    "per = cfr_base\n"
    "\n"
    "[swap]\n"
    "years = 2025-2027\n"
    "share = 0.1\n"
    "spread = 0.005\n"
    "\n"
    "[swap.second]\n"
    "counties = type:rural\n"
    "years = 2028\n"
    "share = 0.33333333333333331\n"
    "\n"
    "[projects]\n"
    "enable = p1, p2,p3\n"
    "file = extra.csv\n";

/* What a solve adds: one county's adjustment, a swap, [set] lines. */
static const char more_ini[] = "[scenario]\n"
                               "name = more\n"
                               "[set]\n"
                               "county.east.spending.mu = -0.0125\n"
                               "[adjust.solved-east]\n"
                               "counties = east\n"
                               "variable = primary_spending\n"
                               "years = 2025-2029\n"
                               "op = mul\n"
                               "value = 0.94545454545454544\n"
                               "[swap.solved-west]\n"
                               "counties = west\n"
                               "years = 2025-2027\n"
                               "share = 0.0625\n";

static const char extra_csv[] =
    "project_id,county_id,name,channel,start_year,capex,build_years\n"
    "x1,east,X1,lgfv,2026,1,1\n";

/* Longer than a line: cut at spaces over continuation lines. */
static const char long_text[] =
    "Written by debtrisk solve --lever spending --target "
    "p_breach_end<=0.3 --scope county: the smallest value in 0:0.3 for each "
    "county alone that meets the target, on top of the scenario "
    "'base-case'. It goes on for a while longer, so that it takes three "
    "lines of the file at the least: every word of it must come back, with "
    "one space between each two, in the order written (置换 included).";

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int same_selector(const dr_selector *a, const dr_selector *b)
{
    if (a->kind != b->kind || a->nids != b->nids)
        return 0;
    if (a->kind == DR_SEL_TYPE && strcmp(a->type, b->type) != 0)
        return 0;
    for (size_t k = 0; k < a->nids; k++)
        if (strcmp(a->ids[k], b->ids[k]) != 0)
            return 0;
    return 1;
}

static int same_adjust(const dr_adjust *a, const dr_adjust *b)
{
    int ok = strcmp(a->label, b->label) == 0 &&
             same_selector(&a->counties, &b->counties) && a->var == b->var &&
             a->year_from == b->year_from && a->year_to == b->year_to &&
             a->op == b->op && same_bits(a->value, b->value) &&
             a->per_cfr_base == b->per_cfr_base;
    if (!ok)
        printf("# [adjust.%s] differs from [adjust.%s]\n", a->label, b->label);
    return ok;
}

static int same_swap(const dr_swap *a, const dr_swap *b)
{
    int ok = ((!a->label && !b->label) ||
              (a->label && b->label && strcmp(a->label, b->label) == 0)) &&
             same_selector(&a->counties, &b->counties) &&
             a->year_from == b->year_from && a->year_to == b->year_to &&
             same_bits(a->share, b->share) && same_bits(a->spread, b->spread);
    if (!ok)
        printf("# [swap.%s] differs\n", a->label ? a->label : "");
    return ok;
}

static int same_setting(const dr_setting *a, const dr_setting *b)
{
    return strcmp(a->section, b->section) == 0 && strcmp(a->key, b->key) == 0 &&
           strcmp(a->value, b->value) == 0;
}

/* 1 when the two paths name the same file. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Writes base (and more) under head to path; 0 on a write error. */
static int write_to(const char *path, const dr_scenario_head *head,
                    const dr_scenario *base, const dr_scenario *more)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    dr_error err = {0};
    dr_status st = dr_scenario_write(f, head, base, more, &err);
    if (st != DR_OK)
        printf("# %s\n", err.msg);
    int bad = ferror(f);
    return fclose(f) == 0 && !bad && st == DR_OK;
}

/* Every line of the file at path at most DR_INI_MAX_LINE bytes; the
 * number of lines that continue another in *cont. */
static int lines_fit(const char *path, int *cont)
{
    char *text = slurp(path, NULL);
    int ok = text != NULL;
    *cont = 0;
    for (char *p = text; p && *p;) {
        char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        ok &= n <= DR_INI_MAX_LINE;
        *cont += *p == ' ';
        p += n + (e != NULL);
    }
    free(text);
    return ok;
}

static void read_ok(const char *path, dr_scenario *s)
{
    dr_error err = {0};
    if (dr_scenario_read(path, s, &err) != DR_OK) {
        char buf[1400];
        dr_error_format(&err, buf, sizeof buf);
        printf("# %s\n", buf);
    }
}

/* base and more written into another folder and read back from it. */
static void round_trip(const char *base_path, const char *out_path)
{
    dr_scenario base, more, back;
    read_ok(base_path, &base);
    read_ok(scratch_path("more.ini"), &more);
    if (!base.name || !more.name) {
        CHECK(0);
        return;
    }
    dr_scenario_head head = {"solved", "Solved: spending for p<=0.3 / 求解方案",
                             long_text};
    CHECK(write_to(out_path, &head, &base, &more));
    int cont = 0;
    CHECK(lines_fit(out_path, &cont) && cont >= 2);
    read_ok(out_path, &back);
    CHECK(back.name != NULL);
    if (!back.name) {
        dr_scenario_free(&base);
        dr_scenario_free(&more);
        return;
    }
    CHECK(strcmp(back.name, "solved") == 0 &&
          strcmp(back.title, head.title) == 0 &&
          strcmp(back.description, long_text) == 0);

    /* base's entries, then more's, each as it was */
    CHECK(back.nset == base.nset + more.nset && base.nset == 3);
    int ok = back.nset == 4;
    for (size_t k = 0; ok && k < 3; k++)
        ok &= same_setting(&back.set[k], &base.set[k]);
    CHECK(ok && same_setting(&back.set[3], &more.set[0]));
    CHECK(strcmp(back.set[2].value, "1.2") == 0);
    CHECK(back.nadj == 6 && base.nadj == 5 && more.nadj == 1);
    ok = back.nadj == 6;
    for (size_t k = 0; ok && k < 5; k++)
        ok &= same_adjust(&back.adj[k], &base.adj[k]);
    CHECK(ok && same_adjust(&back.adj[5], &more.adj[0]));
    CHECK(back.nswap == 3 && base.nswap == 2 && more.nswap == 1);
    ok = back.nswap == 3;
    for (size_t k = 0; ok && k < 2; k++)
        ok &= same_swap(&back.swap[k], &base.swap[k]);
    CHECK(ok && same_swap(&back.swap[2], &more.swap[0]));
    /* the numbers as worked out from their text, not only as read */
    CHECK(back.nadj == 6 && back.adj[0].value == 0.1 &&
          back.adj[1].value == 1.0 / 3.0 && back.adj[3].value == 1e-300 &&
          back.adj[2].value == -0.05 && back.adj[2].per_cfr_base &&
          back.adj[4].per_cfr_base && back.adj[4].counties.kind == DR_SEL_ALL &&
          back.adj[1].year_from == 2027 && back.adj[1].year_to == 2027);
    CHECK(back.nswap == 3 && back.swap[0].label == NULL &&
          back.swap[1].share == 1.0 / 3.0 && back.swap[1].spread == 0.0 &&
          back.swap[0].counties.kind == DR_SEL_ALL);

    /* the projects: the list, and the same file */
    CHECK(back.proj_mode == DR_PROJ_LIST && back.nproj_ids == 3 &&
          strcmp(back.proj_ids[0], "p1") == 0 &&
          strcmp(back.proj_ids[2], "p3") == 0);
    CHECK(same_file(back.proj_file, scratch_path("base/extra.csv")));
    if (!same_file(back.proj_file, scratch_path("base/extra.csv")))
        printf("# projects file: %s\n", back.proj_file);
    dr_scenario_free(&back);
    dr_scenario_free(&base);
    dr_scenario_free(&more);
}

/* Without more, without a description: base's entries alone, no empty
 * [set]; a scenario that changes nothing of the projects has no
 * [projects]; enable = none and a file with every project enabled. */
static void smaller(void)
{
    dr_scenario base, back;
    dr_scenario_baseline(&base);
    dr_scenario_head head = {"plain", "Plain", NULL};
    const char *out = scratch_path("plain.ini");
    CHECK(write_to(out, &head, &base, NULL));
    char *text = slurp(out, NULL);
    static const char want[] = "[scenario]\nname = plain\ntitle = Plain\n";
    CHECK(text && strcmp(text, want) == 0);
    if (text && strcmp(text, want) != 0)
        check_note("got: ", text);
    free(text);
    read_ok(out, &back);
    CHECK(back.name && back.nset == 0 && back.nadj == 0 && back.nswap == 0 &&
          back.proj_mode == DR_PROJ_ALL && !back.proj_file &&
          strcmp(back.description, "") == 0);
    dr_scenario_free(&back);

    /* more's [set] alone still opens [set] */
    dr_scenario more;
    read_ok(scratch_path("more.ini"), &more);
    head.description = "";
    CHECK(write_to(out, &head, &base, &more));
    read_ok(out, &back);
    CHECK(back.name && back.nset == 1 && back.nadj == 1 && back.nswap == 1 &&
          strcmp(back.set[0].section, "county.east") == 0 &&
          back.adj[0].value == 0.94545454545454544 &&
          back.swap[0].share == 0.0625);
    dr_scenario_free(&back);
    dr_scenario_free(&more);
    dr_scenario_free(&base);

    scratch_put("none.ini", "[scenario]\nname = none\n[projects]\n"
                            "enable = none\n");
    read_ok(scratch_path("none.ini"), &base);
    CHECK(write_to(out, &head, &base, NULL));
    read_ok(out, &back);
    CHECK(back.name && back.proj_mode == DR_PROJ_NONE && !back.proj_file);
    dr_scenario_free(&back);
    dr_scenario_free(&base);

    scratch_put("all.ini", "[scenario]\nname = all\n[projects]\n"
                           "file = base/extra.csv\n");
    read_ok(scratch_path("all.ini"), &base);
    CHECK(write_to(scratch_path("out/all.ini"), &head, &base, NULL));
    read_ok(scratch_path("out/all.ini"), &back);
    CHECK(back.name && back.proj_mode == DR_PROJ_ALL &&
          same_file(back.proj_file, scratch_path("base/extra.csv")));
    dr_scenario_free(&back);
    dr_scenario_free(&base);
}

/* A scenario read by a relative path from a folder since removed: the
 * projects file cannot be named by its full path. */
static void no_folder(const char *cwd)
{
    dr_scenario base;
    mkdir(scratch_path("gone"), 0777);
    if (chdir(scratch_path("gone")) != 0) {
        CHECK(0);
        return;
    }
    read_ok("../base/base.ini", &base);
    rmdir(scratch_path("gone"));
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    dr_scenario_head head = {"solved", "Solved", NULL};
    dr_error err = {0};
    dr_status st = f && base.name
                       ? dr_scenario_write(f, &head, &base, NULL, &err)
                       : DR_ENOMEM;
    if (f)
        fclose(f);
    CHECK(st == DR_EIO && err.status == DR_EIO &&
          strstr(err.msg, "cannot name the projects file "
                          "'../base/extra.csv' by its full path") &&
          len == 0);
    if (st != DR_EIO)
        printf("# %d: %s\n", (int)st, err.msg);
    free(text);
    dr_scenario_free(&base);
    CHECK(chdir(cwd) == 0);
}

int main(void)
{
    if (scratch_open("scenario_write") != 0)
        return 1;
    mkdir(scratch_path("base"), 0777);
    mkdir(scratch_path("out"), 0777);
    scratch_put("base/base.ini", base_ini);
    scratch_put("base/extra.csv", extra_csv);
    scratch_put("more.ini", more_ini);
    /* read by its full path, written into another folder */
    round_trip(scratch_path("base/base.ini"), scratch_path("out/solved.ini"));
    /* read by a path relative to the current folder: the projects file is
     * relative too, and must not be taken as relative to the new file */
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) && chdir(scratch_dir) == 0) {
        round_trip("base/base.ini", "out/relative.ini");
        CHECK(chdir(cwd) == 0);
        no_folder(cwd);
    } else {
        CHECK(0);
    }
    smaller();
    scratch_close();
    return check_done();
}
