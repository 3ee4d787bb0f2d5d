/* The slide decks of the output folders (--report pptx): briefing.pptx,
 * 16:9, one message per slide, made by pandoc (pandoc.h) from a deck
 * written here from the folder's files, like the report: a title slide
 * (the scenario, the date), the headline in one sentence, the charts at
 * full width with titles in the report's language, the riskiest counties,
 * a method slide. A chart that was not drawn as PNG has no slide. */
#ifndef DR_DECK_H
#define DR_DECK_H

#include "base/error.h"
#include "base/lang.h"

/* briefing.pptx of a run folder: headline, ranking, heat map, grades,
 * counties above the line, the city, the three riskiest counties'
 * fans, method. */
dr_status dr_deck_run(const char *dir, dr_lang lang, dr_error *err);

/* briefing.pptx of a batch folder: headline of the baseline, the
 * scenarios against it for the city (a table), the comparison charts,
 * the baseline's ranking, method. */
dr_status dr_deck_review(const char *dir, dr_lang lang, dr_error *err);

/* briefing.pptx of a sensitivity folder: what moves the city most, its
 * tornado and the riskiest county's, method. */
dr_status dr_deck_sensitivity(const char *dir, dr_lang lang, dr_error *err);

/* briefing.pptx of a solve folder: the effort of each county (a table
 * from solve.csv), the effort chart, the city before and after, method. */
dr_status dr_deck_solve(const char *dir, dr_lang lang, dr_error *err);

#endif
