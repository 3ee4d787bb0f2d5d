/* backtest.md: the report of debtrisk backtest, in English or Chinese:
 * how much of what happened the model's bands held, variable by variable
 * and family by family, in plain words ("bands too narrow: the model is
 * overconfident about land revenue"), which family fits best, the charts
 * and the method. */
#ifndef DR_REPORT_BACKTEST_H
#define DR_REPORT_BACKTEST_H

#include "base/error.h"
#include "base/lang.h"
#include "outputs/backtest_out.h"

/* Writes dir/backtest.md (beside itself, then renamed) for b, run on the
 * file history, linking the pictures found in dir/charts/. Returns DR_OK,
 * DR_EUSAGE for a lang other than "en", "zh" or NULL, DR_EIO or
 * DR_ENOMEM. */
dr_status dr_backtest_report_write(const char *dir, const dr_backtest *b,
                                   const char *history, dr_lang lang,
                                   dr_error *err);

#endif
