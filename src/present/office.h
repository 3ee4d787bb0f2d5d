/* The office's own formats of an output folder (--report): the workbook
 * (workbook.h), the self-contained HTML report and the slide deck (made by
 * pandoc: pandoc.h, deck.h). report.md is always written, by the reports
 * themselves: it is the source of report.html. */
#ifndef DR_OFFICE_H
#define DR_OFFICE_H

#include "base/error.h"
#include "base/lang.h"

/* The formats of --report. */
enum {
    DR_REPORT_MD = 1,
    DR_REPORT_HTML = 2,
    DR_REPORT_PPTX = 4,
    DR_REPORT_XLSX = 8,
    DR_REPORT_ALL = 15
};

/* What kind of output folder. */
typedef enum dr_folder_kind {
    DR_FOLDER_RUN,         /* run: report.md, results.xlsx */
    DR_FOLDER_REVIEW,      /* batch: report.md, review.xlsx */
    DR_FOLDER_SENSITIVITY, /* sensitivity: report.md, results.xlsx */
    DR_FOLDER_SOLVE        /* solve: solve.md, solve.xlsx */
} dr_folder_kind;

/* Writes the formats of reports (DR_REPORT_* bits) but md for the folder
 * dir of that kind, in lang: the workbook, then report.html, then
 * briefing.pptx. A pandoc failure (DR_ECHART) does not stop the others;
 * the first failure is returned, in err, but for one of another kind
 * after it (a stop, a folder that cannot be read), which is returned
 * instead. A failure of the workbook, or of report.html other than
 * DR_ECHART, stops what follows. */
dr_status dr_office_write(const char *dir, dr_folder_kind kind,
                          unsigned reports, dr_lang lang, dr_error *err);

#endif
