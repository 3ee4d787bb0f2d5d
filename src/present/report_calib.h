/* calibration.md: the report of debtrisk calibrate, in English or
 * Chinese, for the finance director (what the history says, in words) and
 * for the analyst (every estimate with its standard error; what was
 * pooled, shrunk or kept; warnings; the charts; the method). */
#ifndef DR_REPORT_CALIB_H
#define DR_REPORT_CALIB_H

#include "base/error.h"
#include "base/lang.h"
#include "calib/calibrate.h"
#include "inputs/fiscal.h"

/* Writes dir/calibration.md (beside itself, then renamed) for c, whose
 * counties are those of f, calibrated on the file history into the model
 * file model, linking the pictures found in dir/charts/. lang "en", "zh"
 * or NULL. Returns DR_OK, DR_EUSAGE for another lang, DR_EIO or
 * DR_ENOMEM. */
dr_status dr_calib_report_write(const char *dir, const dr_calibration *c,
                                const dr_fiscal *f, const char *history,
                                const char *model, dr_lang lang, dr_error *err);

#endif
