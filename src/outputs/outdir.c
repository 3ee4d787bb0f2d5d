#define _GNU_SOURCE /* renameat2 */
#include "outputs/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int dr_remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s/%s", a, b);
    return r;
}

/* mkdir -p of every folder above path's last component. */
static int make_parents(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}

/* 1 when dir may be replaced: empty, or the results of an earlier run
 * (they hold run.ini, compare.csv or sensitivity.csv). A folder of other
 * files is never replaced: --out ~/Documents must not delete documents. */
static int replaceable(const char *dir)
{
    static const char *const marks[] = {"run.ini", "compare.csv",
                                        "sensitivity.csv"};
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = 0;
    closedir(d);
    if (empty)
        return 1;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        char *path = join(dir, marks[k]);
        int found = path && access(path, F_OK) == 0;
        free(path);
        if (found)
            return 1;
    }
    return 0;
}

dr_status dr_outdir_open(dr_outdir *o, const char *out, dr_error *err)
{
    *o = (dr_outdir){0};
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    o->final = strndup(out, n);
    o->tmp = malloc(n + 16);
    if (!o->final || !o->tmp) {
        dr_outdir_abort(o);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    struct stat sb;
    if (stat(o->final, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        dr_outdir_abort(o);
        return dr_error_set(err, DR_EUSAGE, out, 0, 0,
                            "exists and is not a folder");
    }
    if (stat(o->final, &sb) == 0 && !replaceable(o->final)) {
        dr_outdir_abort(o);
        return dr_error_set(err, DR_EUSAGE, out, 0, 0,
                            "exists and does not hold debtrisk results, so "
                            "it will not be replaced; name a new folder "
                            "with --out");
    }
    snprintf(o->tmp, n + 16, "%s.tmp-XXXXXX", o->final);
    if (make_parents(o->tmp) != 0 || !mkdtemp(o->tmp)) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        dr_outdir_abort(o);
        return dr_error_set(err, DR_EIO, out, 0, 0,
                            "cannot create the output folder: %s",
                            strerror(e));
    }
    return DR_OK;
}

char *dr_outdir_path(const dr_outdir *o, const char *name)
{
    return join(o->tmp, name);
}

FILE *dr_outdir_fopen(dr_outdir *o, const char *name, dr_error *err)
{
    char *path = join(o->tmp, name);
    if (!path) {
        dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    const char *slash = strchr(name, '/');
    if (slash) {
        char *dir = strndup(path, strlen(o->tmp) + 1 + (size_t)(slash - name));
        if (dir && mkdir(dir, 0777) != 0 && errno != EEXIST) {
            free(dir);
            dir = NULL;
        }
        free(dir);
    }
    FILE *f = fopen(path, "w");
    if (!f)
        dr_error_set(err, DR_EIO, path, 0, 0, "cannot write: %s",
                     strerror(errno));
    free(path);
    return f;
}

dr_status dr_outdir_fclose(dr_outdir *o, FILE *f, const char *name,
                           dr_error *err)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return dr_error_set(err, DR_EIO, o->final, 0, 0,
                            "cannot write %s (disk full?)", name);
    return DR_OK;
}

dr_status dr_outdir_commit(dr_outdir *o, dr_error *err)
{
    struct stat sb;
    if (lstat(o->final, &sb) == 0) {
        /* Swap the new folder and the old one in one step, so that a crash
         * at any moment leaves one complete set of results in place. */
        if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final,
                      RENAME_EXCHANGE) != 0)
            return dr_error_set(err, DR_EIO, o->final, 0, 0,
                                "cannot replace the output folder: %s",
                                strerror(errno));
        dr_remove_tree(o->tmp); /* now the old results */
    } else if (rename(o->tmp, o->final) != 0) {
        return dr_error_set(err, DR_EIO, o->final, 0, 0,
                            "cannot create the output folder: %s",
                            strerror(errno));
    }
    free(o->tmp);
    o->tmp = NULL;
    free(o->final);
    o->final = NULL;
    return DR_OK;
}

void dr_outdir_abort(dr_outdir *o)
{
    if (o->tmp) {
        dr_remove_tree(o->tmp);
        free(o->tmp);
    }
    free(o->final);
    *o = (dr_outdir){0};
}
