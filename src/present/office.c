#include "present/office.h"

#include "present/deck.h"
#include "present/pandoc.h"
#include "present/workbook.h"

typedef dr_status (*maker)(const char *dir, dr_lang lang, dr_error *err);

static const maker BOOK[] = {[DR_FOLDER_RUN] = dr_workbook_run,
                             [DR_FOLDER_REVIEW] = dr_workbook_review,
                             [DR_FOLDER_SENSITIVITY] = dr_workbook_sensitivity,
                             [DR_FOLDER_SOLVE] = dr_workbook_solve};

static const maker DECK[] = {[DR_FOLDER_RUN] = dr_deck_run,
                             [DR_FOLDER_REVIEW] = dr_deck_review,
                             [DR_FOLDER_SENSITIVITY] = dr_deck_sensitivity,
                             [DR_FOLDER_SOLVE] = dr_deck_solve};

dr_status dr_office_write(const char *dir, dr_folder_kind kind,
                          unsigned reports, dr_lang lang, dr_error *err)
{
    dr_status st = DR_OK;
    if (reports & DR_REPORT_XLSX)
        st = BOOK[kind](dir, lang, err);
    if (st != DR_OK)
        return st;
    dr_error e;
    dr_status ps = DR_OK;
    if (reports & DR_REPORT_HTML)
        ps = dr_pandoc_html(dir,
                            kind == DR_FOLDER_SOLVE ? "solve.md" : "report.md",
                            "report.html", lang, err);
    if (ps != DR_OK && ps != DR_ECHART)
        return ps;
    if (reports & DR_REPORT_PPTX) {
        dr_status ds = DECK[kind](dir, lang, &e);
        if (ds != DR_OK && (ds != DR_ECHART || ps == DR_OK)) {
            *err = e;
            if (ds != DR_ECHART)
                return ds;
            ps = ds;
        }
    }
    return ps;
}
