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

/* ------------------------------------------------------------------------ */
/* A batch review: compare.csv over the folders baseline, slump (titled
 * "Land slump / 土地市场下滑"), boom ("Boom") and flat ("Flat"), each the
 * run above. */

#define CMP_HEAD                                                               \
    "scenario,county_id,name,p_breach_end,p_breach_delta,"                     \
    "p_breach_delta_se,broad_p50_end,broad_p50_delta\n"

/* The city's change of P(breach): slump +0.2, boom -0.2, flat +0.2 with a
 * larger change of the median (0.3 > 0.2): flat, slump, boom. */
static const char compare_csv[] =
    CMP_HEAD "baseline,a,A,0.25,0,0,0.9,0\n"
             "baseline,b,B,0.75,0,0,1.5,0\n"
             "baseline,c,C,0.25,0,0,1.6,0\n"
             "baseline,city,City,0.5,0,0,1.2,0\n"
             "slump,a,A,0.5,0.25,0.05,1.1,0.2\n"
             "slump,b,B,0.9,0.15,0.03,1.8,0.3\n"
             "slump,c,C,0.3,0.05,0.01,1.7,0.1\n"
             "slump,city,City,0.7,0.2,0.04,1.4,0.2\n"
             "boom,a,A,0.1,-0.15,0.02,0.8,-0.1\n"
             "boom,b,B,0.6,-0.15,0.02,1.4,-0.1\n"
             "boom,c,C,0.2,-0.05,0.01,1.5,nan\n"
             "boom,city,City,0.3,-0.2,0.03,1,-0.2\n"
             "flat,city,City,0.7,0.2,0.04,1.5,0.3\n"
             "flat,c,C,0.25,0,0,1.6,0\n"
             "flat,b,B,0.75,0,0,1.5,0\n"
             "flat,a,A,0.25,0,0,0.9,0\n";

/* Makes the review folder dir; 0 on success. */
static inline int write_review(const char *dir)
{
    char sub[600];
    static const char *const sc[][2] = {{"baseline", ""},
                                        {"slump", "Land slump / 土地市场下滑"},
                                        {"boom", "Boom"},
                                        {"flat", "Flat"}};
    mkdir(dir, 0777);
    for (size_t k = 0; k < 4; k++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, sc[k][0]);
        if (write_run(sub, sc[k][0], sc[k][1]))
            return -1;
    }
    return put_in(dir, "compare.csv", compare_csv);
}

/* ------------------------------------------------------------------------ */
/* A sensitivity run: sensitivity.csv over baseline/, the run above, for
 * three parameters. */

#define SENS_HEAD                                                              \
    "parameter,low,high,county_id,name,p_breach_base,p_breach_low,"            \
    "p_breach_high,delta_low,delta_high\n"

/* Swings (the larger |delta|): for the city land.mu 0.2, growth 0.1,
 * yield 0.2, so land.mu, rates.yield (a tie, file order), then growth;
 * for b 0.25, 0.3, 0.05: growth, land.mu, rates.yield. */
static const char sensitivity_csv[] = SENS_HEAD
    "land.mu,-0.1,0,a,A,0.25,0.1,0.4,-0.15,0.15\n"
    "land.mu,-0.1,0,b,B,0.75,0.5,0.9,-0.25,0.15\n"
    "land.mu,-0.1,0,c,C,0.25,0.2,0.3,-0.05,0.05\n"
    "land.mu,-0.1,0,city,City,0.5,0.3,0.6,-0.2,0.1\n"
    "type.rural.growth.mu,x0.5,x1.5,a,A,0.25,0.25,0.25,0,0\n"
    "type.rural.growth.mu,x0.5,x1.5,b,B,0.75,0.45,0.8,-0.3,0.05\n"
    "type.rural.growth.mu,x0.5,x1.5,c,C,0.25,0.1,0.3,-0.15,0.05\n"
    "type.rural.growth.mu,x0.5,x1.5,city,City,0.5,0.4,0.55,-0.1,0.05\n"
    "rates.yield,0.02,0.03,city,City,0.5,0.45,0.7,-0.05,0.2\n"
    "rates.yield,0.02,0.03,a,A,0.25,0.2,0.35,-0.05,0.1\n"
    "rates.yield,0.02,0.03,b,B,0.75,0.7,0.8,-0.05,0.05\n"
    "rates.yield,0.02,0.03,c,C,0.25,0.25,0.25,0,0\n";

/* Makes the sensitivity folder dir; 0 on success. */
static inline int write_sensitivity(const char *dir)
{
    char sub[600];
    mkdir(dir, 0777);
    snprintf(sub, sizeof sub, "%s/baseline", dir);
    if (write_run(sub, "baseline", ""))
        return -1;
    return put_in(dir, "sensitivity.csv", sensitivity_csv);
}

#endif
