/* Running pandoc, a run-time tool like gnuplot: the report of an output
 * folder as one self-contained HTML file, and a slide deck as a 16:9
 * PowerPoint file on the bundled reference deck (models/office). The
 * program is $PANDOC when set, else pandoc on PATH. */
#ifndef DR_PANDOC_H
#define DR_PANDOC_H

#include "base/error.h"
#include "base/lang.h"

/* Converts dir/md (a report written by debtrisk) to dir/html: one file
 * with its pictures and the print stylesheet (models/office/report.css)
 * embedded, its raw HTML off so that text from inputs stays text, title
 * the report's first heading. Written beside its place and renamed. Returns
 * DR_OK; DR_ECHART when pandoc is missing or fails (the message names it,
 * says what it printed last and how to install it); DR_ENOMEM, DR_EIO,
 * DR_EINTR after a stop. */
dr_status dr_pandoc_html(const char *dir, const char *md, const char *html,
                         dr_lang lang, dr_error *err);

/* Converts the deck dir/deck (Markdown, a slide per level-2 heading) to
 * dir/pptx on the reference deck, the title slide from title, subtitle
 * and date (plain text). Statuses as dr_pandoc_html. */
dr_status dr_pandoc_pptx(const char *dir, const char *deck, const char *pptx,
                         const char *title, const char *subtitle,
                         const char *date, dr_lang lang, dr_error *err);

#endif
