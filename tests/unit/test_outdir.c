/* The output folder (outdir.h): written beside the destination and put in
 * its place whole; only debtrisk's own outputs replaced; inputs inside it
 * refused; stale temporary folders listed; the modes of the umask; every
 * failure leaving the destination as it was. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/textfile.h"
#include "check.h"
#include "errcheck.h"
#include "outputs/outdir.h"
#include "scratch.h"

static void mkdirs(const char *name)
{
    mkdir(scratch_path(name), 0777);
}

/* Writes text to NAME inside the temporary folder of o. */
static int put_out(dr_outdir *o, const char *name, const char *text)
{
    dr_error err = {0};
    FILE *f = dr_outdir_fopen(o, name, &err);
    if (!f) {
        printf("# fopen %s: %s\n", name, err.msg);
        return 0;
    }
    fputs(text, f);
    return dr_outdir_fclose(o, f, name, &err) == DR_OK;
}

/* 1 when the file at path holds text. */
static int holds(const char *path, const char *text)
{
    char *s = slurp(path, NULL);
    int ok = s && strcmp(s, text) == 0;
    free(s);
    return ok;
}

static int is_dir(const char *path, mode_t mode)
{
    struct stat sb;
    return lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) &&
           (sb.st_mode & 07777) == mode;
}

/* Entries of the scratch folder whose names start with prefix. */
static int count_like(const char *prefix)
{
    DIR *d = opendir(scratch_dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

static void new_folder(void)
{
    /* a destination whose parents do not exist yet; trailing slashes */
    char out[512];
    snprintf(out, sizeof out, "%s///", scratch_path("a/b/new"));
    dr_outdir o;
    dr_error err = {0};
    umask(022);
    CHECK(dr_outdir_open(&o, out, &err) == DR_OK);
    CHECK(strcmp(o.final, scratch_path("a/b/new")) == 0);
    /* the temporary folder is FINAL.tmp-XXXXXX, mode 0777 & ~022 */
    CHECK(o.tmp && strncmp(o.tmp, o.final, strlen(o.final)) == 0 &&
          strncmp(o.tmp + strlen(o.final), ".tmp-", 5) == 0 &&
          strlen(o.tmp) == strlen(o.final) + 11);
    CHECK(is_dir(o.tmp, 0755));
    CHECK(o.nstale == 0);
    CHECK(!exists(scratch_path("a/b/new")));

    char *p = dr_outdir_path(&o, "ratios.csv");
    char want[600];
    snprintf(want, sizeof want, "%s/ratios.csv", o.tmp);
    CHECK(p && strcmp(p, want) == 0);
    free(p);
    CHECK(put_out(&o, "ratios.csv", "r\n"));
    CHECK(put_out(&o, "charts/p.png", "png")); /* the subfolder on demand */
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s", o.tmp);
    CHECK(dr_outdir_commit(&o, &err) == DR_OK);
    CHECK(o.tmp == NULL);
    CHECK(!exists(tmp));
    CHECK(is_dir(scratch_path("a/b/new"), 0755));
    CHECK(holds(scratch_path("a/b/new/ratios.csv"), "r\n"));
    CHECK(holds(scratch_path("a/b/new/charts/p.png"), "png"));
    dr_outdir_abort(&o); /* safe after commit, and twice */
    dr_outdir_abort(&o);
    CHECK(o.final == NULL && o.tmp == NULL);

    /* under umask 077 the folder is 0700 */
    umask(077);
    CHECK(dr_outdir_open(&o, scratch_path("private"), &err) == DR_OK);
    CHECK(is_dir(o.tmp, 0700));
    CHECK(dr_outdir_commit(&o, &err) == DR_OK);
    CHECK(is_dir(scratch_path("private"), 0700));
    dr_outdir_abort(&o);
    umask(022);
}

/* An existing folder of outputs: the new results replace it whole, old
 * files that the new run does not write included. */
static void replace(void)
{
    mkdirs("old");
    mkdirs("old/charts");
    mkdirs("old/baseline");
    mkdirs("old/baseline/charts");
    scratch_put("old/run.ini", "old");
    scratch_put("old/summary.csv", "old");
    scratch_put("old/report.md", "old");
    scratch_put("old/charts/a.png", "old");
    scratch_put("old/charts/a.gp", "old");
    scratch_put("old/charts/a.dat", "old");
    scratch_put("old/baseline/run.ini", "old");
    scratch_put("old/baseline/charts/b.svg", "old");
    dr_outdir o;
    dr_error err = {0};
    CHECK(dr_outdir_open(&o, scratch_path("old"), &err) == DR_OK);
    CHECK(holds(scratch_path("old/summary.csv"), "old")); /* not yet */
    CHECK(put_out(&o, "run.ini", "new"));
    CHECK(dr_outdir_commit(&o, &err) == DR_OK);
    CHECK(holds(scratch_path("old/run.ini"), "new"));
    CHECK(!exists(scratch_path("old/summary.csv")));
    CHECK(!exists(scratch_path("old/charts")));
    CHECK(!exists(scratch_path("old/baseline")));
    CHECK(count_like("old.tmp-") == 0); /* the old results are gone */
    dr_outdir_abort(&o);
}

/* Opens out, which must be refused with status st naming `culprit` with
 * phrase; nothing may change: the files listed stay, no temporary folder
 * is made. */
static int refused(const char *out, dr_status st, const char *culprit,
                   const char *phrase)
{
    dr_outdir o;
    dr_error err = {0};
    const char *base = strrchr(out, '/') + 1;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s.tmp-", base);
    dr_status got = dr_outdir_open(&o, out, &err);
    int ok = err_is(got, &err, st, culprit, 0, 0, phrase);
    if (count_like(prefix) != 0) {
        printf("# %s: a temporary folder was left\n", out);
        ok = 0;
    }
    if (o.final || o.tmp) {
        printf("# %s: o is not freed\n", out);
        ok = 0;
    }
    return ok;
}

static void foreign(void)
{
    const char *why = "is not an output of debtrisk";
    /* a file of the user's at the top */
    mkdirs("f1");
    scratch_put("f1/ratios.csv", "x");
    scratch_put("f1/notes.txt", "mine");
    CHECK(refused(scratch_path("f1"), DR_EUSAGE, scratch_path("f1/notes.txt"),
                  why));
    CHECK(holds(scratch_path("f1/notes.txt"), "mine"));
    CHECK(holds(scratch_path("f1/ratios.csv"), "x"));
    /* in charts/, only pictures, scripts and data */
    mkdirs("f2");
    mkdirs("f2/charts");
    scratch_put("f2/charts/a.png", "x");
    scratch_put("f2/charts/readme.txt", "mine");
    CHECK(refused(scratch_path("f2"), DR_EUSAGE,
                  scratch_path("f2/charts/readme.txt"), why));
    /* a folder that is not a run (no run.ini) is named as a whole */
    mkdirs("f3");
    mkdirs("f3/photos");
    scratch_put("f3/photos/ratios.csv", "x");
    CHECK(
        refused(scratch_path("f3"), DR_EUSAGE, scratch_path("f3/photos"), why));
    /* a run folder's name is a scenario name: no capitals */
    mkdirs("f4");
    mkdirs("f4/Mine");
    scratch_put("f4/Mine/run.ini", "x");
    CHECK(refused(scratch_path("f4"), DR_EUSAGE, scratch_path("f4/Mine"), why));
    /* an output's name as a link, or as a folder, is not an output */
    mkdirs("f5");
    CHECK(symlink("/etc/hostname", scratch_path("f5/ratios.csv")) == 0);
    CHECK(refused(scratch_path("f5"), DR_EUSAGE, scratch_path("f5/ratios.csv"),
                  why));
    CHECK(exists(scratch_path("f5/ratios.csv")));
    mkdirs("f6");
    mkdirs("f6/report.md");
    CHECK(refused(scratch_path("f6"), DR_EUSAGE, scratch_path("f6/report.md"),
                  why));
    /* a hidden file too (fnmatch's "*" does not match a leading dot) */
    mkdirs("f7");
    scratch_put("f7/.keep", "");
    CHECK(
        refused(scratch_path("f7"), DR_EUSAGE, scratch_path("f7/.keep"), why));
    /* not a folder at all */
    scratch_put("plain", "x");
    CHECK(refused(scratch_path("plain"), DR_EUSAGE, scratch_path("plain"),
                  "exists and is not a folder"));
    CHECK(holds(scratch_path("plain"), "x"));
}

static void inputs_inside(void)
{
    char *buf;
    size_t len;
    dr_error err = {0};
    /* an input of this run, read by its own name */
    mkdirs("in1");
    scratch_put("in1/run.ini", "x");
    const char *input = scratch_put("in1/summary.csv", "id\n");
    CHECK(dr_text_load(input, &buf, &len, &err) == DR_OK);
    free(buf);
    CHECK(refused(scratch_path("in1"), DR_EUSAGE, input,
                  "is an input of this run, inside --out"));
    CHECK(holds(input, "id\n"));
    /* the same file under another name (a hard link): named both ways */
    const char *elsewhere = scratch_put("fiscal.csv", "id\n");
    mkdirs("in2");
    CHECK(link(elsewhere, scratch_path("in2/ratios.csv")) == 0);
    CHECK(dr_text_load(elsewhere, &buf, &len, &err) == DR_OK);
    free(buf);
    char phrase[600];
    snprintf(phrase, sizeof phrase, "is an input of this run (read as %s)",
             elsewhere);
    CHECK(refused(scratch_path("in2"), DR_EUSAGE,
                  scratch_path("in2/ratios.csv"), phrase));
}

static void stale(void)
{
    /* OUT.tmp- and six letters or digits, a folder: listed, left alone */
    mkdirs("st.tmp-abc123");
    mkdirs("st.tmp-abc");             /* three characters short */
    scratch_put("st.tmp-zzz999", ""); /* a file, not a folder */
    mkdirs("stx.tmp-abc123");         /* another destination's */
    dr_outdir o;
    dr_error err = {0};
    CHECK(dr_outdir_open(&o, scratch_path("st"), &err) == DR_OK);
    CHECK(o.nstale == 1 &&
          strcmp(o.stale[0], scratch_path("st.tmp-abc123")) == 0);
    CHECK(dr_outdir_commit(&o, &err) == DR_OK);
    CHECK(exists(scratch_path("st.tmp-abc123")));
    CHECK(exists(scratch_path("st.tmp-abc")));
    dr_outdir_abort(&o);
    CHECK(o.stale == NULL && o.nstale == 0);
}

/* A file that appears in the destination while the results are made: the
 * destination is left as it is, the results stay in the temporary folder,
 * which the message names. */
static void appeared(void)
{
    mkdirs("busy");
    scratch_put("busy/run.ini", "old");
    dr_outdir o;
    dr_error err = {0};
    CHECK(dr_outdir_open(&o, scratch_path("busy"), &err) == DR_OK);
    CHECK(put_out(&o, "run.ini", "new"));
    char tmp[512], phrase[600];
    snprintf(tmp, sizeof tmp, "%s", o.tmp);
    scratch_put("busy/late.txt", "mine");
    snprintf(phrase, sizeof phrase,
             "(it appeared while the results were made; they are in %s)", tmp);
    dr_status st = dr_outdir_commit(&o, &err);
    CHECK(
        err_is(st, &err, DR_EIO, scratch_path("busy/late.txt"), 0, 0, phrase));
    CHECK(strstr(err.msg, "is not an output of debtrisk") != NULL);
    dr_outdir_abort(&o);
    CHECK(holds(scratch_path("busy/run.ini"), "old"));
    CHECK(holds(scratch_path("busy/late.txt"), "mine"));
    char res[600];
    snprintf(res, sizeof res, "%s/run.ini", tmp);
    CHECK(holds(res, "new")); /* kept for the user, even after abort */
}

static void failures(void)
{
    dr_outdir o;
    dr_error err = {0};
    /* the parent is a file: no folder can be made */
    scratch_put("afile", "x");
    dr_status st = dr_outdir_open(&o, scratch_path("afile/out"), &err);
    CHECK(err_is(st, &err, DR_EIO, scratch_path("afile/out"), 0, 0,
                 "cannot create the output folder: "));
    CHECK(o.final == NULL && o.tmp == NULL);

    CHECK(dr_outdir_open(&o, scratch_path("fail"), &err) == DR_OK);
    /* a file where the subfolder would be */
    CHECK(put_out(&o, "charts", "x"));
    CHECK(dr_outdir_fopen(&o, "charts/a.png", &err) == NULL);
    CHECK(err.status == DR_EIO && strstr(err.msg, "cannot write: ") &&
          strstr(err.file, "/charts/a.png"));
    /* a write that fails (/dev/full) is found at the close */
    FILE *f = fopen("/dev/full", "w");
    if (f) {
        setvbuf(f, NULL, _IONBF, 0);
        fputs("x", f);
        st = dr_outdir_fclose(&o, f, "ratios.csv", &err);
        CHECK(err_is(st, &err, DR_EIO, scratch_path("fail"), 0, 0,
                     "cannot write ratios.csv (disk full?)"));
    }
    /* abort removes the temporary folder and all in it */
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s", o.tmp);
    dr_outdir_abort(&o);
    CHECK(!exists(tmp) && !exists(scratch_path("fail")));
    dr_outdir_abort(&o);
}

static void remove_trees(void)
{
    mkdirs("tree");
    mkdirs("tree/a");
    scratch_put("tree/a/b", "x");
    CHECK(symlink(scratch_path("afile"), scratch_path("tree/link")) == 0);
    CHECK(dr_remove_tree(scratch_path("tree")) == 0);
    CHECK(!exists(scratch_path("tree")));
    CHECK(exists(scratch_path("afile"))); /* links are not followed */
    CHECK(dr_remove_tree(scratch_path("tree")) != 0);
}

int main(void)
{
    if (scratch_open("outdir") != 0)
        return 1;
    new_folder();
    replace();
    foreign();
    inputs_inside();
    stale();
    appeared();
    failures();
    remove_trees();
    scratch_close();
    return check_done();
}
