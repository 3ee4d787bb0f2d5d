/* A stand-in for pandoc, for the tests of what runs it: a shell script
 * written into the scratch folder and named by $PANDOC. Each run appends
 * "call", the folder it runs in and then its arguments, one a line, to
 * pandoc.log; copies its input (the last argument) to pandoc.in; writes
 * "made by the fake" to the file of its --output=FILE; then runs a body
 * of the test's. */
#ifndef DR_FAKEPANDOC_H
#define DR_FAKEPANDOC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scratch.h"

/* Writes the stand-in NAME into the scratch folder, executable, running
 * `body` after the rest; returns its path (scratch_path's buffer). */
static inline const char *fake_pandoc(const char *name, const char *body)
{
    char text[4096];
    snprintf(text, sizeof text,
             "#!/bin/sh\n"
             "log='%s/pandoc.log'\n"
             "echo call >> \"$log\"\n"
             "pwd -P >> \"$log\"\n"
             "for a in \"$@\"; do printf '%%s\\n' \"$a\" >> \"$log\"; "
             "last=$a; done\n"
             "cp \"$last\" '%s/pandoc.in'\n"
             "for a in \"$@\"; do case $a in --output=*) "
             "echo 'made by the fake' > \"${a#--output=}\";; esac; done\n"
             "%s\n",
             scratch_dir, scratch_dir, body);
    const char *path = scratch_put(name, text);
    chmod(path, 0755);
    return path;
}

/* Empties the log of the stand-in and its copy of the input. */
static inline void fake_pandoc_clear(void)
{
    remove(scratch_path("pandoc.log"));
    remove(scratch_path("pandoc.in"));
}

/* The log of the stand-in, in a new string ("" when it never ran). */
static inline char *fake_pandoc_log(void)
{
    char *s = slurp(scratch_path("pandoc.log"), NULL);
    return s ? s : strdup("");
}

/* How many times the stand-in ran since the log was emptied. */
static inline int fake_pandoc_runs(void)
{
    char *s = fake_pandoc_log();
    int n = 0;
    for (char *p = s; p && (p = strstr(p, "call\n")); p += 5)
        n += p == s || p[-1] == '\n';
    free(s);
    return n;
}

/* The input of its last run (a copy: the deck is removed after pandoc
 * has run), in a new string, or NULL. */
static inline char *fake_pandoc_input(void)
{
    return slurp(scratch_path("pandoc.in"), NULL);
}

#endif
