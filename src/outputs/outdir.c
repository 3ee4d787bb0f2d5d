#define _GNU_SOURCE /* renameat2, asprintf */
#include "outputs/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/par.h"
#include "base/textfile.h"

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

/* Where an output may be: at the top of --out, in the folder of one run
 * (a scenario of a batch, baseline/, solved/), in a charts/ folder. */
enum { AT_TOP = 1, AT_RUN = 2, AT_CHARTS = 4 };

typedef enum out_kind {
    OUT_FILE,   /* a regular file */
    OUT_CHARTS, /* a folder of chart files */
    OUT_RUN     /* a folder named as a scenario, holding run.ini */
} out_kind;

/* Everything debtrisk writes into an output folder, the one list of what a
 * run may replace: an existing --out holding anything else (a file, a
 * link, a folder) is left alone. Names are fnmatch patterns; a command
 * that writes a new file adds its line here. */
static const struct output {
    const char *name;
    out_kind kind;
    unsigned where;
} outputs[] = {
    /* run (runner.c, output.c) and report.c; report.md.tmp is the report
     * being written, left behind only by a plot that was killed */
    {"run.ini", OUT_FILE, AT_TOP | AT_RUN},
    {"model.ini", OUT_FILE, AT_TOP | AT_RUN},
    {"ratios.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"grades.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"summary.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"city.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"city_counts.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"projection.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"report.md", OUT_FILE, AT_TOP | AT_RUN},
    {"report.md.tmp", OUT_FILE, AT_TOP | AT_RUN},
    /* batch, sensitivity */
    {"compare.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"sensitivity.csv", OUT_FILE, AT_TOP | AT_RUN},
    /* calibrate, backtest, solve (solved/scenario.ini) */
    {"calibration.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"calibration.md", OUT_FILE, AT_TOP | AT_RUN},
    {"calibration.md.tmp", OUT_FILE, AT_TOP | AT_RUN},
    {"calibration_series.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"backtest.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"backtest.md", OUT_FILE, AT_TOP | AT_RUN},
    {"solve.csv", OUT_FILE, AT_TOP | AT_RUN},
    {"solve.md", OUT_FILE, AT_TOP | AT_RUN},
    {"solve.md.tmp", OUT_FILE, AT_TOP | AT_RUN},
    {"backtest.md.tmp", OUT_FILE, AT_TOP | AT_RUN},
    {"scenario.ini", OUT_FILE, AT_TOP | AT_RUN},
    /* --report */
    {"report.html", OUT_FILE, AT_TOP | AT_RUN},
    {"briefing.pptx", OUT_FILE, AT_TOP | AT_RUN},
    {"results.xlsx", OUT_FILE, AT_TOP | AT_RUN},
    {"review.xlsx", OUT_FILE, AT_TOP | AT_RUN},
    {"solve.xlsx", OUT_FILE, AT_TOP | AT_RUN},
    /* the charts (chart.c, review_chart.c): each picture beside the
     * script and the data that redraw it */
    {"charts", OUT_CHARTS, AT_TOP | AT_RUN},
    {"*.png", OUT_FILE, AT_CHARTS},
    {"*.svg", OUT_FILE, AT_CHARTS},
    {"*.pdf", OUT_FILE, AT_CHARTS},
    {"*.gp", OUT_FILE, AT_CHARTS},
    {"*.dat", OUT_FILE, AT_CHARTS},
    /* the runs of sensitivity and solve, and of a batch (a folder per
     * scenario name) */
    {"baseline", OUT_RUN, AT_TOP},
    {"solved", OUT_RUN, AT_TOP},
    {"*", OUT_RUN, AT_TOP},
};

/* A scenario name, [a-z0-9-]+: the name of a run's folder. */
static int scenario_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '-'))
            return 0;
    return 1;
}

/* 1 when dir/name is a regular file, 0 when not, -1 out of memory. */
static int has_file(const char *dir, const char *name)
{
    char *path = join(dir, name);
    if (!path)
        return -1;
    struct stat sb;
    int ok = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
    free(path);
    return ok;
}

/* The line of the table that the entry `name` (at path, found at `where`)
 * is; NULL when debtrisk writes no such entry there, or (*nomem set) when
 * that could not be told for want of memory. */
static const struct output *output_of(const char *path, const char *name,
                                      const struct stat *sb, unsigned where,
                                      int *nomem)
{
    for (size_t k = 0; k < sizeof outputs / sizeof outputs[0]; k++) {
        const struct output *o = &outputs[k];
        if (!(o->where & where) || fnmatch(o->name, name, FNM_PERIOD) != 0)
            continue;
        int fits =
            o->kind == OUT_FILE ? S_ISREG(sb->st_mode) : S_ISDIR(sb->st_mode);
        int has = 0;
        if (o->kind == OUT_RUN)
            fits = fits && scenario_name(name) &&
                   (has = has_file(path, "run.ini")) > 0;
        if (has < 0) {
            *nomem = 1;
            return NULL;
        }
        if (fits)
            return o;
    }
    return NULL;
}

/* A look through a folder about to be replaced. */
typedef struct walk {
    int inputs;        /* also look for the files this run has read */
    char *bad;         /* the first entry that stops the replacement */
    const char *input; /* W_INPUT: the file as the run named it */
    enum { W_FOREIGN = 1, W_INPUT, W_UNREADABLE, W_NOMEM } why;
    int errnum; /* W_UNREADABLE */
} walk;

/* Compared by device and inode, not by name: a file read through a link
 * or under another spelling of its path is the same file. */
static const char *input_of(const struct stat *sb)
{
    for (size_t k = 0; k < dr_text_nread(); k++) {
        dev_t dev;
        ino_t ino;
        const char *path = dr_text_read_at(k, &dev, &ino);
        if (dev == sb->st_dev && ino == sb->st_ino)
            return path;
    }
    return NULL;
}

static int walk_dir(walk *w, const char *dir, unsigned where);

/* 0 when the entry `name` of dir may go; else 1, with w->bad and w->why. */
static int walk_entry(walk *w, const char *dir, const char *name,
                      unsigned where)
{
    char *path = join(dir, name);
    if (!path) {
        w->why = W_NOMEM;
        return 1;
    }
    struct stat sb;
    const struct output *o = NULL;
    int rc = 0, nomem = 0;
    if (lstat(path, &sb) != 0) {
        w->why = W_UNREADABLE;
        w->errnum = errno;
        rc = 1;
    } else if (w->inputs && (w->input = input_of(&sb))) {
        w->why = W_INPUT;
        rc = 1;
    } else if (!(o = output_of(path, name, &sb, where, &nomem))) {
        w->why = nomem ? W_NOMEM : W_FOREIGN;
        rc = 1;
    } else if (o->kind != OUT_FILE) {
        rc = walk_dir(w, path, o->kind == OUT_CHARTS ? AT_CHARTS : AT_RUN);
    }
    if (rc && !w->bad)
        w->bad = path; /* else an entry inside it is named */
    else
        free(path);
    return rc;
}

/* 0 when everything in dir (a folder found at `where`) is debtrisk's
 * output and, with w->inputs, none of it was read by this run; else 1 with
 * the first culprit, in name order, in w->bad. */
static int walk_dir(walk *w, const char *dir, unsigned where)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        w->why = errno == ENOMEM ? W_NOMEM : W_UNREADABLE;
        w->errnum = errno;
        w->bad = strdup(dir);
        return 1;
    }
    int rc = 0;
    for (int k = 0; k < n; k++) {
        const char *name = names[k]->d_name;
        if (!rc && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
            rc = walk_entry(w, dir, name, where);
        free(names[k]);
    }
    free(names);
    return rc;
}

/* DR_OK when the existing folder out may be replaced by the results;
 * inputs: also refuse it when it holds a file this run has read. */
static dr_status check_replaceable(const char *out, int inputs, dr_error *err)
{
    walk w = {.inputs = inputs};
    if (walk_dir(&w, out, AT_TOP) == 0)
        return DR_OK;
    const char *bad = w.bad ? w.bad : out;
    dr_status st;
    switch (w.why) {
    case W_INPUT:
        st = dr_error_set(err, DR_EUSAGE, bad, 0, 0,
                          "is an input of this run%s%s%s, inside --out %s, "
                          "which the results replace; keep inputs out of the "
                          "output folder, or name another --out",
                          strcmp(w.input, bad) ? " (read as " : "",
                          strcmp(w.input, bad) ? w.input : "",
                          strcmp(w.input, bad) ? ")" : "", out);
        break;
    case W_FOREIGN:
        st = dr_error_set(err, DR_EUSAGE, bad, 0, 0,
                          "is not an output of debtrisk, and the results "
                          "replace the whole of --out %s, so it is left as "
                          "it is; move the file elsewhere, or name another "
                          "folder with --out",
                          out);
        break;
    case W_UNREADABLE:
        st = dr_error_set(err, DR_EIO, bad, 0, 0,
                          "cannot be read (%s), so --out %s is not replaced",
                          strerror(w.errnum), out);
        break;
    default: st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    free(w.bad);
    return st;
}

/* 1 when name is final's base name followed by .tmp- and mkdtemp's six
 * characters. */
static int tmp_name(const char *name, const char *base)
{
    size_t n = strlen(base);
    const char *rest = name + n;
    return strncmp(name, base, n) == 0 && strncmp(rest, ".tmp-", 5) == 0 &&
           strlen(rest + 5) == 6 &&
           strspn(rest + 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "abcdefghijklmnopqrstuvwxyz0123456789") == 6;
}

/* Records the folders OUT.tmp-XXXXXX beside o->final, left by runs killed
 * before they could remove them. 0, or -1 out of memory. */
static int find_stale(dr_outdir *o)
{
    const char *slash = strrchr(o->final, '/');
    int dirlen = slash ? (int)(slash - o->final) + 1 : 0;
    char *dir = dirlen ? strndup(o->final, (size_t)dirlen) : strdup(".");
    struct dirent **names;
    int n = dir ? scandir(dir, &names, NULL, alphasort) : -1;
    int nomem = !dir || (n < 0 && errno == ENOMEM);
    for (int k = 0; k < n; k++) {
        char *path = NULL;
        struct stat sb;
        const char *name = names[k]->d_name;
        if (!nomem && tmp_name(name, o->final + dirlen)) {
            if (asprintf(&path, "%.*s%s", dirlen, o->final, name) < 0) {
                path = NULL;
                nomem = 1;
            } else if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
                char **more = realloc(o->stale, (o->nstale + 1) * sizeof *more);
                if (more) {
                    o->stale = more;
                    o->stale[o->nstale++] = path;
                    path = NULL;
                } else {
                    nomem = 1;
                }
            }
        }
        free(path);
        free(names[k]);
    }
    if (n >= 0)
        free(names);
    free(dir);
    return nomem ? -1 : 0;
}

/* The mode mkdir gives a folder under the current umask. */
static mode_t folder_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0777 & ~mask;
}

static dr_status open_here(dr_outdir *o, const char *out, dr_error *err)
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
    dr_status st;
    if (stat(o->final, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        dr_outdir_abort(o);
        return dr_error_set(err, DR_EUSAGE, out, 0, 0,
                            "exists and is not a folder");
    }
    if (stat(o->final, &sb) == 0 &&
        (st = check_replaceable(o->final, 1, err))) {
        dr_outdir_abort(o);
        return st;
    }
    if (find_stale(o) != 0) {
        dr_outdir_abort(o);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    snprintf(o->tmp, n + 16, "%s.tmp-XXXXXX", o->final);
    int made = make_parents(o->tmp) == 0 && mkdtemp(o->tmp);
    /* mkdtemp makes the folder 0700: give it the mode mkdir would, so that
     * the results are shared as the user's other files are */
    if (!made || chmod(o->tmp, folder_mode()) != 0) {
        int e = errno;
        if (made)
            rmdir(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        dr_outdir_abort(o);
        if (e == ENOMEM) /* make_parents' copy of the path */
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        return dr_error_set(err, DR_EIO, out, 0, 0,
                            "cannot create the output folder: %s", strerror(e));
    }
    return DR_OK;
}

/* A shadow's folder: a path that cannot exist, so that nothing can be
 * made in it by mistake. */
#define SHADOW "/dev/null/debtrisk-shadow"

dr_status dr_outdir_open(dr_outdir *o, const char *out, dr_error *err)
{
    dr_status st = DR_OK;
    *o = (dr_outdir){0};
    if (dr_par_solo_begin())
        st = open_here(o, out, err);
    if ((st = dr_par_solo_end(st, err)) == DR_OK && !o->tmp) {
        o->shadow = 1;
        o->final = strdup(out);
        o->tmp = strdup(SHADOW);
        if (!o->final || !o->tmp)
            st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if ((st = dr_par_agree(st, err)) != DR_OK)
        dr_outdir_abort(o);
    return st;
}

char *dr_outdir_path(const dr_outdir *o, const char *name)
{
    return join(o->tmp, name);
}

static FILE *fopen_here(dr_outdir *o, const char *name, dr_error *err)
{
    char *path = join(o->tmp, name);
    if (!path) {
        dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    const char *slash = strchr(name, '/');
    if (slash) {
        char *dir = strndup(path, strlen(o->tmp) + 1 + (size_t)(slash - name));
        if (!dir) {
            free(path);
            dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            free(dir);
            dir = NULL;
        }
        free(dir);
    }
    FILE *f = fopen(path, "w");
    if (!f && errno == ENOMEM)
        dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    else if (!f)
        dr_error_set(err, DR_EIO, path, 0, 0, "cannot write: %s",
                     strerror(errno));
    free(path);
    return f;
}

FILE *dr_outdir_fopen(dr_outdir *o, const char *name, dr_error *err)
{
    FILE *f = NULL;
    dr_status st = DR_OK;
    if (o->shadow) {
        f = fopen("/dev/null", "w");
        st = dr_par_share(DR_OK, err);
    } else {
        dr_par_solo_begin(); /* rank 0, whose outdir is the real one */
        if (!(f = fopen_here(o, name, err)))
            st = err ? err->status : DR_EIO;
        st = dr_par_solo_end(st, err);
    }
    if (st != DR_OK && f) {
        fclose(f);
        f = NULL;
    } else if (!f && st == DR_OK) {
        dr_error_set(err, DR_EIO, "/dev/null", 0, 0, "cannot write: %s",
                     strerror(errno));
    }
    return f;
}

dr_status dr_outdir_fclose(dr_outdir *o, FILE *f, const char *name,
                           dr_error *err)
{
    if (o->shadow) {
        fclose(f);
        return dr_par_share(DR_OK, err);
    }
    dr_par_solo_begin();
    int bad = ferror(f);
    dr_status st = DR_OK;
    if (fclose(f) != 0 || bad)
        st = dr_error_set(err, DR_EIO, o->final, 0, 0,
                          "cannot write %s (disk full?)", name);
    return dr_par_solo_end(st, err);
}

static dr_status commit_here(dr_outdir *o, dr_error *err);

dr_status dr_outdir_commit(dr_outdir *o, dr_error *err)
{
    if (o->shadow)
        return dr_par_share(DR_OK, err);
    dr_par_solo_begin();
    return dr_par_solo_end(commit_here(o, err), err);
}

static dr_status commit_here(dr_outdir *o, dr_error *err)
{
    struct stat sb;
    if (lstat(o->final, &sb) == 0) {
        /* Something put into the folder while the results were made is
         * not replaced either: the results stay in the temporary folder,
         * for the user to take. */
        dr_error cerr;
        dr_status st = check_replaceable(o->final, 0, &cerr);
        /* Not known to be in the way: a run failed like any other, its
         * temporary folder for dr_outdir_abort to remove. */
        if (st == DR_ENOMEM) {
            *err = cerr;
            return st;
        }
        if (st != DR_OK) {
            dr_error_set(err, DR_EIO, cerr.file, 0, 0,
                         "%s (it appeared while the results were made; they "
                         "are in %s)",
                         cerr.msg, o->tmp);
            free(o->tmp);
            o->tmp = NULL;
            return DR_EIO;
        }
        /* Swap the new folder and the old one in one step, so that a crash
         * at any moment leaves one complete set of results in place. */
        if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE) !=
            0)
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
    if (o->tmp && !o->shadow)
        dr_remove_tree(o->tmp);
    for (size_t k = 0; k < o->nstale; k++)
        free(o->stale[k]);
    free(o->stale);
    free(o->tmp);
    free(o->final);
    *o = (dr_outdir){0};
}
