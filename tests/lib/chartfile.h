/* The files of a chart drawn into an output folder, for the tests of the
 * chart modules: OUT/charts/NAME.EXT read whole, and whether a chart has
 * its script, its data and its picture. */
#ifndef DR_CHARTFILE_H
#define DR_CHARTFILE_H

#include <stdio.h>
#include <stdlib.h>

#include "scratch.h"

/* dir/charts/name.ext in a new string, or NULL when it is not there. */
static inline char *chart_file(const char *dir, const char *name,
                               const char *ext)
{
    char path[700];
    snprintf(path, sizeof path, "%s/charts/%s.%s", dir, name, ext);
    return slurp(path, NULL);
}

/* 1 when name.gp, name.dat and name.png are all in dir/charts; else 0,
 * saying which is missing as a TAP comment. */
static inline int drawn(const char *dir, const char *name)
{
    static const char *const ext[] = {"gp", "dat", "png"};
    for (int k = 0; k < 3; k++) {
        char *s = chart_file(dir, name, ext[k]);
        free(s);
        if (!s) {
            printf("# no charts/%s.%s\n", name, ext[k]);
            return 0;
        }
    }
    return 1;
}

#endif
