/* A run's output folder written by hand, for the tests of what reads one
 * back (briefing, review_read, the charts, the reports): three counties
 * over 2024-2025, every number chosen here, so a test knows what the
 * reader must find.
 *
 *   county  name      type   base  p50   p10  p90  p_breach  se    first  p_red
 *   a       A, north  urban  0.8   0.9   0.7  1.1  0.25      0.01  -      0.05
 *   b       B         rural  1.2   1.5   1.3  1.8  0.75      0.02  2025   0.5
 *   c       C         rural  1     1.6   1.2  2    0.25      0.01  -      0.1
 *
 * Ranked riskiest first (p_breach, then p50, then file order): b, c, a.
 * The broad percentiles of 2025: a 0.6 0.7 ... 1.2 (p_above 0.25), b 1.2
 * 1.3 1.4 1.5 1.6 1.8 2 (0.75), c 1 1.2 1.4 1.6 1.8 2 inf (0.5); in 2024
 * each county's base value seven times (p_above 0, 1, 0). The city in
 * 2025: 0.9 1 1.1 1.2 1.3 1.4 1.5, p_above 0.5, 1.25 counties expected;
 * P(k above) at the horizon 0.3 0.3 0.25 0.15. model.ini: warning 1.1,
 * grades 1.3 2 3. */
#ifndef DR_RUNFOLDER_H
#define DR_RUNFOLDER_H

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Writes text to dir/name; 0 on success. */
static inline int put_in(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static const char run_summary_csv[] =
    "scenario,county_id,name,type,broad_base,broad_p50_end,broad_p10_end,"
    "broad_p90_end,p_breach_end,p_breach_end_se,first_year_p50,p_red_end\n"
    "s,a,\"A, north\",urban,0.8,0.9,0.7,1.1,0.25,0.01,,0.05\n"
    "s,b,B,rural,1.2,1.5,1.3,1.8,0.75,0.02,2025,0.5\n"
    "s,c,C,rural,1,1.6,1.2,2,0.25,0.01,,0.1\n";

#define RUN_RATIOS_HEAD                                                        \
    "scenario,county_id,name,year,measure,mean,sd,p05,p10,p25,p50,p75,p90,"    \
    "p95,p_above,p_breached_by\n"

static const char run_ratios_csv[] = RUN_RATIOS_HEAD
    "s,a,x,2024,broad,0.8,0,0.8,0.8,0.8,0.8,0.8,0.8,0.8,0,0\n"
    "s,a,x,2024,official,9,0,9,9,9,9,9,9,9,1,1\n"
    "s,a,x,2025,broad,0.9,0.1,0.6,0.7,0.8,0.9,1,1.1,1.2,0.25,0.25\n"
    "s,b,x,2024,broad,1.2,0,1.2,1.2,1.2,1.2,1.2,1.2,1.2,1,0\n"
    "s,b,x,2025,broad,1.5,0.2,1.2,1.3,1.4,1.5,1.6,1.8,2,0.75,0.75\n"
    "s,c,x,2024,broad,1,0,1,1,1,1,1,1,1,0,0\n"
    "s,c,x,2025,broad,inf,nan,1,1.2,1.4,1.6,1.8,2,inf,0.5,0.25\n";

static const char run_grades_csv[] =
    "scenario,county_id,year,p_green,p_yellow,p_orange,p_red\n"
    "s,a,2024,1,0,0,0\n"
    "s,a,2025,0.75,0.2,0,0.05\n"
    "s,b,2024,0,1,0,0\n"
    "s,b,2025,0.1,0.2,0.2,0.5\n"
    "s,c,2024,1,0,0,0\n"
    "s,c,2025,0.5,0.2,0.2,0.1\n";

static const char run_city_csv[] =
    "scenario,year,mean,p05,p10,p25,p50,p75,p90,p95,p_above,"
    "expected_counties_above\n"
    "s,2024,1,1,1,1,1,1,1,1,0,1\n"
    "s,2025,1.2,0.9,1,1.1,1.2,1.3,1.4,1.5,0.5,1.25\n";

static const char run_counts_csv[] =
    "scenario,year,counties_above,probability\n"
    "s,2024,0,0\n"
    "s,2024,1,1\n"
    "s,2024,2,0\n"
    "s,2024,3,0\n"
    "s,2025,0,0.3\n"
    "s,2025,1,0.3\n"
    "s,2025,2,0.25\n"
    "s,2025,3,0.15\n";

static const char run_model_ini[] = "[run]\n"
                                    "base_year = 2024\n"
                                    "[thresholds]\n"
                                    "warning = 1.1\n"
                                    "grades = 1.3, 2, 3\n";

/* Makes dir (its parent must exist) holding a run of scenario `scenario`
 * titled `title` ("" for none); 0 on success. */
static inline int write_run(const char *dir, const char *scenario,
                            const char *title)
{
    char run_ini[1024];
    snprintf(run_ini, sizeof run_ini,
             "[debtrisk]\n"
             "version = 0.1.0\n"
             "command = debtrisk run\n"
             "  --out x\n"
             "[run]\n"
             "scenario = %s\n"
             "title = %s\n"
             "description = Land falls.\n"
             "  土地\n"
             "  下滑。\n"
             "mode = monte_carlo\n"
             "seed = 42\n"
             "paths = 1000\n"
             "[inputs]\n"
             "model = models/baseline.ini\n",
             scenario, title);
    mkdir(dir, 0777);
    return put_in(dir, "run.ini", run_ini) ||
           put_in(dir, "model.ini", run_model_ini) ||
           put_in(dir, "summary.csv", run_summary_csv) ||
           put_in(dir, "ratios.csv", run_ratios_csv) ||
           put_in(dir, "grades.csv", run_grades_csv) ||
           put_in(dir, "city.csv", run_city_csv) ||
           put_in(dir, "city_counts.csv", run_counts_csv);
}

#endif
