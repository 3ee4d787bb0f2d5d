#include "outputs/schema.h"

#include <string.h>

#define DR_COLUMN_ROW(F, C, name, kind, en, zh)                                \
    {name, DR_CELL_##kind, {en, zh}},

static const dr_column projection[] = {DR_PROJECTION_COLUMNS(DR_COLUMN_ROW)};
static const dr_column ratios[] = {DR_RATIOS_COLUMNS(DR_COLUMN_ROW)};
static const dr_column grades[] = {DR_GRADES_COLUMNS(DR_COLUMN_ROW)};
static const dr_column summary[] = {DR_SUMMARY_COLUMNS(DR_COLUMN_ROW)};
static const dr_column city[] = {DR_CITY_COLUMNS(DR_COLUMN_ROW)};
static const dr_column city_counts[] = {DR_CITY_COUNTS_COLUMNS(DR_COLUMN_ROW)};
static const dr_column compare[] = {DR_COMPARE_COLUMNS(DR_COLUMN_ROW)};
static const dr_column sensitivity[] = {DR_SENSITIVITY_COLUMNS(DR_COLUMN_ROW)};
static const dr_column calibration[] = {DR_CALIBRATION_COLUMNS(DR_COLUMN_ROW)};
static const dr_column series[] = {DR_SERIES_COLUMNS(DR_COLUMN_ROW)};
static const dr_column backtest[] = {DR_BACKTEST_COLUMNS(DR_COLUMN_ROW)};
static const dr_column solve[] = {DR_SOLVE_COLUMNS(DR_COLUMN_ROW)};

#define lower_PROJECTION projection
#define lower_RATIOS ratios
#define lower_GRADES grades
#define lower_SUMMARY summary
#define lower_CITY city
#define lower_CITY_COUNTS city_counts
#define lower_COMPARE compare
#define lower_SENSITIVITY sensitivity
#define lower_CALIBRATION calibration
#define lower_SERIES series
#define lower_BACKTEST backtest
#define lower_SOLVE solve
#define DR_SCHEMA_ROW(F, file)                                                 \
    [DR_SC_##F] = {file, lower_##F, sizeof lower_##F / sizeof lower_##F[0]},

const dr_schema dr_schemas[DR_NSCHEMAS] = {DR_SCHEMA_FILES(DR_SCHEMA_ROW)};

/* every file fits the readers' buffers and the sets of DR_COLS */
_Static_assert(DR_PROJECTION_NCOLS <= DR_SCHEMA_MAX_COLS &&
                   DR_SERIES_NCOLS <= DR_SCHEMA_MAX_COLS &&
                   DR_SCHEMA_MAX_COLS <= 32,
               "a file has more columns than DR_SCHEMA_MAX_COLS");

const dr_schema *dr_schema_find(const char *file)
{
    for (int k = 0; k < DR_NSCHEMAS; k++)
        if (strcmp(dr_schemas[k].file, file) == 0)
            return &dr_schemas[k];
    return NULL;
}

void dr_schema_header(FILE *f, const dr_schema *s)
{
    for (size_t k = 0; k < s->ncols; k++) {
        if (k)
            fputc(',', f);
        fputs(s->col[k].name, f);
    }
    fputc('\n', f);
}

void dr_schema_columns(const dr_schema *s, uint32_t required,
                       dr_csv_column out[DR_SCHEMA_MAX_COLS])
{
    for (size_t k = 0; k < s->ncols; k++)
        out[k] = (dr_csv_column){s->col[k].name, (required >> k) & 1u};
}
