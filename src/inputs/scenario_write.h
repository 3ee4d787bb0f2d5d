/* Scenario files written back: a scenario that dr_scenario_read reads as
 * it was, for the package a solve finds (solved/scenario.ini), which run
 * --scenario and batch then reproduce. */
#ifndef DR_SCENARIO_WRITE_H
#define DR_SCENARIO_WRITE_H

#include <stdio.h>

#include "inputs/scenario.h"

/* The name, title and description a written scenario goes by. */
typedef struct dr_scenario_head {
    const char *name;        /* [a-z0-9-]+ */
    const char *title;       /* one line of plain text */
    const char *description; /* long text, wrapped over continuation lines */
} dr_scenario_head;

/* Writes `base` under head, with the [set] lines, adjustments and swaps of
 * `more` (NULL: none) after its own, as one scenario file: numbers in
 * their shortest round-trip form, text wrapped at spaces under the INI
 * line limit, the projects file by its full path (a relative one taken
 * against the current folder, as the reader opened it). Returns DR_OK;
 * DR_EIO or DR_ENOMEM, with nothing written, when the current folder
 * cannot be named. The caller checks the stream for a write error. */
dr_status dr_scenario_write(FILE *f, const dr_scenario_head *head,
                            const dr_scenario *base, const dr_scenario *more,
                            dr_error *err);

#endif
