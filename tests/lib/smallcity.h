/* A small city for the tests of the run layer: three counties, a model of
 * three years, 64 paths and seed 7, written into the scratch folder.
 *
 * CFR = own + transfers + land (no other columns): east 25 + 30 + 30 =
 * 85, west 12 + 36 + 8 = 56, north 10 + 30 + 5 = 45; broad ratios in the
 * base year 2024: 85/85 = 1 (exactly the default warning line), 50/56,
 * 34/45. */
#ifndef DR_SMALLCITY_H
#define DR_SMALLCITY_H

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scratch.h"

static const char small_fiscal_csv[] =
    "county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
    "primary_spending,explicit_debt,hidden_debt\n"
    "east,East,urban,500,25,30,30,85,50,35\n"
    "west,West,rural,300,12,36,8,56,30,20\n"
    "north,North,rural,250,10,30,5,44,22,12\n";

static const char small_model_ini[] = "[run]\nbase_year = 2024\n"
                                      "years = 3\npaths = 64\nseed = 7\n";

/* Writes data/fiscal.csv and model.ini; their paths in new strings. */
static inline void small_city(char **data, char **model)
{
    mkdir(scratch_path("data"), 0777);
    scratch_put("data/fiscal.csv", small_fiscal_csv);
    *data = scratch_dup_path("data");
    *model = strdup(scratch_put("model.ini", small_model_ini));
}

#endif
