/* Stand-ins for gnuplot, for the tests of what runs it: small shell
 * scripts written into the scratch folder and named by $GNUPLOT. Each
 * appends "FOLDER SCRIPT" to the log file and makes SCRIPT's picture,
 * NAME.png, in the folder it runs in. */
#ifndef DR_FAKEGP_H
#define DR_FAKEGP_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "scratch.h"

/* Writes the script NAME into the scratch folder, executable, running
 * `body` after the logging; returns its path (scratch_path's buffer). */
static inline const char *fake_gnuplot(const char *name, const char *body)
{
    char text[4096];
    snprintf(text, sizeof text,
             "#!/bin/sh\n"
             "echo \"$(pwd -P) $1\" >> '%s/gnuplot.log'\n"
             "touch \"${1%%.gp}.png\"\n"
             "%s\n",
             scratch_dir, body);
    const char *path = scratch_put(name, text);
    chmod(path, 0755);
    return path;
}

/* The log of the stand-ins, emptied. */
static inline void fake_log_clear(void)
{
    remove(scratch_path("gnuplot.log"));
}

/* How many times the stand-ins ran so far. */
static inline int fake_log_runs(void)
{
    char *s = slurp(scratch_path("gnuplot.log"), NULL);
    int n = 0;
    for (char *p = s; p && *p; p++)
        n += *p == '\n';
    free(s);
    return n;
}

#endif
