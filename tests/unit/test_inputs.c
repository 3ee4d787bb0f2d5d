/* Everything a run reads (inputs.h) from files written here: where each
 * file is found, the order of the overrides (model file, scenario [set],
 * --set, then --paths/--years/--seed), the extra projects of a scenario,
 * the warning of a type label close to a section's, the history of
 * bootstrap shocks, and failures leaving the inputs empty. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "errcheck.h"
#include "inputs/inputs.h"
#include "scratch.h"

/* fiscal.csv: type 'urbn' (line 2, the type at byte 12) is one letter
 * from the model's [type.urban]; wolong's type is 'urbn' too. */
static const char fiscal_csv[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "primary_spending,explicit_debt,hidden_debt\n"
    "wancheng,W,urbn,500,25,30,30,85,50,35\n"
    "wolong,L,urbn,480,20,28,30,79,46,34\n"
    "xixia,X,rural,300,12,36,8,56,30,20\n";
static const char projects_csv[] =
    "project_id,county_id,name,channel,start_year,capex,build_years\n"
    "p1,wancheng,P1,lgfv,2025,10,2\n"
    "p2,xixia,P2,budget,2025,5,1\n";

static char *model; /* kept: scratch_path reuses its buffers */

static void setup(void)
{
    mkdir(scratch_path("data"), 0777);
    scratch_put("data/fiscal.csv", fiscal_csv);
    scratch_put("data/projects.csv", projects_csv);
    mkdir(scratch_path("noproj"), 0777);
    scratch_put("noproj/fiscal.csv", fiscal_csv);
    mkdir(scratch_path("dirproj"), 0777);
    scratch_put("dirproj/fiscal.csv", fiscal_csv);
    mkdir(scratch_path("dirproj/projects.csv"), 0777);
    model = strdup(scratch_put("model.ini", "[run]\nyears = 5\nseed = 3\n"
                                            "[type.urban]\nland.mu = -0.1\n"));
    mkdir(scratch_path("sc"), 0777);
    scratch_put("sc/extra.csv",
                "project_id,county_id,name,channel,start_year,capex,"
                "build_years\nx1,wolong,X1,ppp,2026,3,1\n");
}

static void paths(void)
{
    char *dir = scratch_dup_path("data");
    dr_input_spec spec = {.data = dir, .model = model};
    dr_inputs in;
    dr_error err = {0};
    CHECK(dr_inputs_load(&in, &spec, NULL, &err) == DR_OK);
    CHECK(strcmp(in.fiscal_path, scratch_path("data/fiscal.csv")) == 0);
    CHECK(strcmp(in.projects_path, scratch_path("data/projects.csv")) == 0);
    CHECK(strcmp(in.model_path, model) == 0);
    CHECK(in.fiscal.n == 3 && in.projects.n == 2 && in.nbase == 2);
    CHECK(strcmp(in.scenario.name, "baseline") == 0);
    CHECK(in.params.years == 5 && in.params.seed == 3);
    /* finished: the urban type resolved */
    CHECK(dr_params_type(&in.params, "urban")->land_mu == -0.1);
    dr_inputs_free(&in);
    CHECK(in.fiscal_path == NULL && in.fiscal.n == 0 && in.projects.n == 0);
    free(dir);

    /* a data folder without projects.csv: no projects */
    dir = scratch_dup_path("noproj");
    spec.data = dir;
    CHECK(dr_inputs_load(&in, &spec, NULL, &err) == DR_OK);
    CHECK(in.projects_path == NULL && in.projects.n == 0 && in.nbase == 0);
    dr_inputs_free(&in);
    free(dir);
    /* one that is there but cannot be read is an error, not "none" */
    dir = scratch_dup_path("dirproj");
    spec.data = dir;
    CHECK(err_is(dr_inputs_load(&in, &spec, NULL, &err), &err, DR_EINPUT,
                 scratch_path("dirproj/projects.csv"), ANY, ANY, "folder"));
    CHECK(in.fiscal_path == NULL && in.fiscal.n == 0);
    free(dir);

    /* the files by name; no projects unless named */
    char *f = scratch_dup_path("data/fiscal.csv");
    spec = (dr_input_spec){.fiscal = f, .model = model};
    CHECK(dr_inputs_load(&in, &spec, NULL, &err) == DR_OK);
    CHECK(in.projects_path == NULL && in.projects.n == 0);
    dr_inputs_free(&in);
    free(f);

    /* the bundled model and sample city, through DEBTRISK_DATADIR */
    setenv("DEBTRISK_DATADIR", TEST_DATA "/../..", 1);
    spec = (dr_input_spec){0};
    CHECK(dr_inputs_load(&in, &spec, NULL, &err) == DR_OK);
    CHECK(strcmp(in.model_path, TEST_DATA "/../../models/baseline.ini") == 0);
    CHECK(strcmp(in.fiscal_path,
                 TEST_DATA "/../../data/sample-city/fiscal.csv") == 0);
    CHECK(in.fiscal.n > 0);
    dr_inputs_free(&in);
}

static void bundled(void)
{
    setenv("DEBTRISK_DATADIR", "/opt/dr", 1);
    char *p = dr_bundled_path("models/baseline.ini");
    CHECK(p && strcmp(p, "/opt/dr/models/baseline.ini") == 0);
    free(p);
    /* unset (or empty): this test is not the program of the build tree,
     * so the installed data folder */
    setenv("DEBTRISK_DATADIR", "", 1);
    p = dr_bundled_path("x");
    CHECK(p && strcmp(p, DR_DATADIR "/x") == 0);
    free(p);
    unsetenv("DEBTRISK_DATADIR");
}

/* years: 5 in the model file, 6 in the scenario's [set], 7 by --set, 8
 * by --years; each later one wins. */
static void overrides(void)
{
    char *dir = scratch_dup_path("data");
    const char *sc = scratch_put("sc/six.ini", "[scenario]\nname = six\n"
                                               "[set]\nrun.years = 6\n"
                                               "[projects]\n"
                                               "file = extra.csv\n");
    const char *set7[] = {"run.years=7", "run.paths = 50"};
    dr_input_spec spec = {.data = dir, .model = model};
    dr_inputs in;
    dr_error err = {0};
    CHECK(dr_inputs_load(&in, &spec, sc, &err) == DR_OK);
    CHECK(in.params.years == 6 && strcmp(in.scenario.name, "six") == 0);
    /* the scenario's projects file, relative to it, after projects.csv */
    CHECK(in.nbase == 2 && in.projects.n == 3 &&
          strcmp(in.projects.p[2].id, "x1") == 0);
    dr_inputs_free(&in);
    spec.set = set7;
    spec.nset = 2;
    CHECK(dr_inputs_load(&in, &spec, sc, &err) == DR_OK);
    CHECK(in.params.years == 7 && in.params.paths == 50);
    dr_inputs_free(&in);
    spec.years = "8";
    spec.paths = "9";
    spec.seed = "18446744073709551615";
    CHECK(dr_inputs_load(&in, &spec, sc, &err) == DR_OK);
    CHECK(in.params.years == 8 && in.params.paths == 9 &&
          in.params.seed == UINT64_MAX);
    dr_inputs_free(&in);

    /* a bad flag value is a usage error naming the flag */
    spec.paths = "many";
    CHECK(err_is(dr_inputs_load(&in, &spec, sc, &err), &err, DR_EUSAGE,
                 "--paths", 0, 0, NULL));
    CHECK(in.fiscal_path == NULL && in.projects.n == 0);
    spec.paths = NULL;
    spec.seed = "-1";
    CHECK(err_is(dr_inputs_load(&in, &spec, sc, &err), &err, DR_EUSAGE,
                 "--seed", 0, 0, "negative"));
    spec.seed = NULL;
    /* a bad --set names --set */
    const char *bad[] = {"run.yaers=3"};
    spec.set = bad;
    spec.nset = 1;
    CHECK(err_is(dr_inputs_load(&in, &spec, sc, &err), &err, DR_EINPUT, "--set",
                 0, ANY, "(in --set run.yaers=3)"));
    CHECK(in.scenario.name == NULL && in.params.ntypes == 0);
    free(dir);
}

static void warnings(void)
{
    char *dir = scratch_dup_path("data");
    dr_input_spec spec = {.data = dir, .model = model};
    dr_inputs in;
    dr_error err = {0};
    CHECK(dr_inputs_load(&in, &spec, NULL, &err) == DR_OK);
    /* one warning for the label, at its first county; none for 'rural',
     * which is near no section */
    CHECK(in.nwarn == 1);
    char phrase[600];
    snprintf(phrase, sizeof phrase,
             "type 'urbn' has no [type.urbn] section in %s, so its counties "
             "use [defaults]; did you mean 'urban'?",
             model);
    if (in.nwarn == 1)
        CHECK(err_is(DR_OK, &in.warn[0], DR_OK, in.fiscal_path, 2, 12, phrase));
    /* printed on stderr as debtrisk: warning: FILE:LINE:COL: ... */
    fflush(stderr);
    int saved = dup(2);
    FILE *f = freopen(scratch_path("stderr.txt"), "w", stderr);
    dr_inputs_warn(&in);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char *text = slurp(scratch_path("stderr.txt"), NULL);
    char want[900];
    snprintf(want, sizeof want, "debtrisk: warning: %s:2:12: %s\n",
             in.fiscal_path, phrase);
    CHECK(f && text && strcmp(text, want) == 0);
    free(text);
    dr_inputs_free(&in);
    CHECK(in.warn == NULL && in.nwarn == 0);
    free(dir);
}

static void failures(void)
{
    dr_inputs in;
    dr_error err = {0};
    /* a fiscal.csv that is not there */
    const char *none = scratch_path("none/fiscal.csv");
    dr_input_spec spec = {.fiscal = none, .model = model};
    CHECK(err_is(dr_inputs_load(&in, &spec, NULL, &err), &err, DR_EINPUT, none,
                 ANY, ANY, "cannot open"));
    CHECK(in.fiscal_path == NULL && in.model_path == NULL);
    /* a scenario that is not there */
    char *f = scratch_dup_path("data/fiscal.csv");
    spec.fiscal = f;
    const char *sc = scratch_path("sc/none.ini");
    CHECK(err_is(dr_inputs_load(&in, &spec, sc, &err), &err, DR_EINPUT, sc, ANY,
                 ANY, "cannot open"));
    CHECK(in.fiscal.n == 0 && in.scenario.name == NULL);
    /* a scenario's projects file naming a county the data lacks */
    scratch_put("sc/bad.csv", "project_id,county_id,name,channel,start_year,"
                              "capex,build_years\ny,nowhere,Y,lgfv,2026,1,1\n");
    sc = scratch_put("sc/badproj.ini", "[scenario]\nname = b\n[projects]\n"
                                       "file = bad.csv\n");
    CHECK(err_is(dr_inputs_load(&in, &spec, sc, &err), &err, DR_EINPUT,
                 scratch_path("sc/bad.csv"), 2, ANY, "nowhere"));
    CHECK(in.projects.n == 0);
    free(f);
}

/* [shocks] family = bootstrap: the history read (relative to the model
 * file) and freed with the inputs; without one, an input error. */
static void bootstrap(void)
{
    mkdir(scratch_path("boot"), 0777);
    scratch_put("boot/hist.csv",
                "county_id,year,gdp,own_revenue,transfers,land_revenue\n"
                "wancheng,2023,480,24,29,28\nwancheng,2024,500,25,30,30\n"
                "wolong,2023,460,19,27,29\nwolong,2024,480,20,28,30\n"
                "xixia,2024,300,12,36,8\n");
    char *m = strdup(scratch_put("boot/model.ini", "[shocks]\nfamily = "
                                                   "bootstrap\nhistory = "
                                                   "hist.csv\n"));
    char *f = scratch_dup_path("data/fiscal.csv");
    dr_input_spec spec = {.fiscal = f, .model = m};
    dr_inputs in;
    dr_error err = {0};
    CHECK(dr_inputs_load(&in, &spec, NULL, &err) == DR_OK);
    CHECK(in.history.n == 3 && in.history.county[1].nyears == 2 &&
          in.history.county[2].first == 2024);
    dr_inputs_free(&in);
    CHECK(in.history.county == NULL && in.history.path == NULL);
    const char *bare = scratch_put("boot/bare.ini", "[shocks]\nfamily = "
                                                    "bootstrap\n");
    spec.model = bare;
    CHECK(err_is(dr_inputs_load(&in, &spec, NULL, &err), &err, DR_EINPUT, bare,
                 0, 0,
                 "[shocks] family = bootstrap draws its shocks from a "
                 "history: set [shocks] history = FILE"));
    CHECK(in.history.n == 0 && in.fiscal.n == 0);
    free(f);
    free(m);
}

int main(void)
{
    if (scratch_open("inputs") != 0)
        return 1;
    setup();
    paths();
    bundled();
    overrides();
    warnings();
    failures();
    bootstrap();
    free(model);
    scratch_close();
    return check_done();
}
