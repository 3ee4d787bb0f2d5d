/* The briefing report: OUT/report.md, a Markdown page for the finance
 * office built from the files of an output folder. */
#ifndef DR_REPORT_H
#define DR_REPORT_H

#include "base/error.h"
#include "base/lang.h"

/* Writes dir/report.md in lang ("en" or "zh"; NULL means "en") from the
 * CSV and INI files of the output folder dir: a headline (how many
 * counties are likely above the warning line at the horizon, and which),
 * the counties sorted by risk, the city line, the pictures found in
 * dir/charts/ (the section is left out when there are none) and a note on
 * the method. Replaces report.md whole (written beside it, then renamed).
 * Returns DR_OK; DR_EINPUT when the folder's files cannot be read (with
 * file, line and column); DR_EUSAGE for an unknown lang; DR_EIO or
 * DR_ENOMEM. */
dr_status dr_report_write(const char *dir, dr_lang lang, dr_error *err);

/* Writes outdir/report.md for a batch review in lang ("en" or
 * "zh"; NULL means "en"): the scenarios (title and description from each
 * scenario folder's run.ini), the city under each, which scenarios move
 * which counties most (paired changes of compare.csv with their standard
 * errors), the baseline's headline with a link to its report, and the
 * comparison charts found in outdir/charts/ with a link to every
 * scenario's report. Replaces report.md whole. Statuses as for
 * dr_report_write. */
dr_status dr_review_report_write(const char *outdir, dr_lang lang,
                                 dr_error *err);

/* Writes outdir/report.md for a sensitivity run in lang: what was varied,
 * the tornado charts found in outdir/charts/ and the parameters that move
 * the city and the riskiest county most, in words. Statuses as for
 * dr_report_write. */
dr_status dr_sensitivity_report_write(const char *outdir, dr_lang lang,
                                      dr_error *err);

#endif
