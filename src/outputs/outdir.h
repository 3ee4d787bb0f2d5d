/* An output folder written all at once: files go to a temporary folder
 * beside the destination, which replaces the destination only when every
 * file is complete. A failed or interrupted run leaves the previous results
 * as they were. */
#ifndef DR_OUTDIR_H
#define DR_OUTDIR_H

#include <stdio.h>

#include "base/error.h"

/* Under mpirun (base/par.h) rank 0 alone writes: on the other ranks an
 * outdir is a shadow that never touches the file system (its files are
 * /dev/null), and every call returns rank 0's status, so that all ranks
 * go on or stop together. */
typedef struct dr_outdir {
    int shadow;   /* a rank other than 0: nothing is written */
    char *final;  /* the destination, as given */
    char *tmp;    /* the temporary folder; NULL once committed or aborted */
    char **stale; /* temporary folders of earlier runs found beside it */
    size_t nstale;
} dr_outdir;

/* Creates the temporary folder beside `out` (creating out's parent folders
 * if needed), with the mode mkdir gives under the umask. An existing `out`
 * must hold nothing but debtrisk's outputs (the table in outdir.c: the
 * files of run, batch, sensitivity, ..., charts/, and run folders such as
 * baseline/ holding run.ini), and none of the files read so far
 * (dr_text_load: the inputs, compared by device and inode): else DR_EUSAGE
 * naming the first file in the way, and nothing is changed. Folders
 * OUT.tmp-XXXXXX left beside `out` by killed runs are listed in o->stale,
 * for the caller to report; they are left alone. Out of memory anywhere
 * in this: DR_ENOMEM, and nothing is changed. */
dr_status dr_outdir_open(dr_outdir *o, const char *out, dr_error *err);

/* Opens NAME (which may contain one level of subfolder, created on demand)
 * inside the temporary folder for writing; NULL with err filled on
 * failure (DR_ENOMEM or DR_EIO). */
FILE *dr_outdir_fopen(dr_outdir *o, const char *name, dr_error *err);

/* Closes f, reporting a write error (a full disk) as DR_EIO. */
dr_status dr_outdir_fclose(dr_outdir *o, FILE *f, const char *name,
                           dr_error *err);

/* Path of NAME inside the temporary folder, in a new string. */
char *dr_outdir_path(const dr_outdir *o, const char *name);

/* Puts the temporary folder in place of the destination, atomically when
 * the destination exists, and removes the old results. When a file that is
 * not debtrisk's has appeared in the destination since dr_outdir_open,
 * nothing is replaced: DR_EIO naming it, and the results are left in the
 * temporary folder (named in the message). Out of memory: DR_ENOMEM,
 * nothing replaced, the temporary folder left to dr_outdir_abort. */
dr_status dr_outdir_commit(dr_outdir *o, dr_error *err);

/* Removes the temporary folder and everything in it, and frees o. Safe to
 * call after commit, and more than once. */
void dr_outdir_abort(dr_outdir *o);

/* Removes a folder tree (like rm -rf); 0 on success. */
int dr_remove_tree(const char *path);

#endif
