/* Running pandoc (pandoc.h). */
#define _GNU_SOURCE /* asprintf */
#include "present/pandoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/child.h"
#include "inputs/inputs.h" /* dr_bundled_path */

#define INSTALL_HINT "install it with: apt-get install pandoc"

/* The program, as dr_gnuplot_run finds gnuplot: a relative $PANDOC is
 * taken from the current folder, since pandoc runs inside dir. */
static char *program(void)
{
    const char *p = getenv("PANDOC");
    if (!p || !*p)
        return strdup("pandoc");
    if (strchr(p, '/') && p[0] != '/') {
        char *cwd = getcwd(NULL, 0), *abs = NULL;
        if (cwd && asprintf(&abs, "%s/%s", cwd, p) < 0)
            abs = NULL;
        free(cwd);
        return abs;
    }
    return strdup(p);
}

/* Runs pandoc with args (argv[0] is filled in) inside dir, making
 * dir/out from dir/out.tmp. */
static dr_status run(const char *dir, char **argv, const char *out,
                     dr_error *err)
{
    char *prog = program();
    char *abs = realpath(dir, NULL);
    char *tmp = NULL, *final = NULL;
    dr_status st = DR_OK;
    if (!prog || (!abs && errno == ENOMEM) ||
        asprintf(&tmp, "%s/%s.tmp", dir, out) < 0 ||
        asprintf(&final, "%s/%s", dir, out) < 0) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (!abs) {
        st = dr_error_set(err, DR_EIO, dir, 0, 0, "%s", strerror(errno));
        goto done;
    }
    argv[0] = prog;
    dr_child c;
    st = dr_child_start(&c, argv, abs);
    int e = errno;
    if (st != DR_OK)
        dr_child_free(&c); /* its output file, made before the start failed */
    if (st == DR_ECHART) {
        const char *env = getenv("PANDOC");
        if (e == ENOENT)
            dr_error_set(err, DR_ECHART, NULL, 0, 0,
                         "pandoc not found (%s%s): the results are written but "
                         "%s is not made; " INSTALL_HINT
                         ", or set PANDOC to its path",
                         env && *env ? "PANDOC=" : "no ",
                         env && *env ? env : "pandoc on PATH", out);
        else
            dr_error_set(err, DR_ECHART, NULL, 0, 0,
                         "cannot run pandoc (%s): %s; the results are written "
                         "but %s is not made; " INSTALL_HINT,
                         prog, strerror(e), out);
        goto done;
    }
    if (st != DR_OK) {
        st = st == DR_ENOMEM
                 ? dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory")
                 : dr_error_set(err, DR_EIO, NULL, 0, 0,
                                "cannot make a temporary file for pandoc: %s",
                                strerror(e));
        goto done;
    }
    if ((st = dr_child_wait(&c)) != DR_OK) {
        dr_error_set(err, DR_EINTR, NULL, 0, 0, "interrupted");
    } else if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0) {
        char why[64], tail[400];
        dr_child_why(c.status, why, sizeof why);
        dr_child_tail(&c, tail, sizeof tail);
        if (WIFEXITED(c.status) && WEXITSTATUS(c.status) == 127 && !tail[0])
            st = dr_error_set(err, DR_ECHART, NULL, 0, 0,
                              "pandoc not found (%s): the results are written "
                              "but %s is not made; " INSTALL_HINT,
                              prog, out);
        else
            st = dr_error_set(err, DR_ECHART, NULL, 0, 0,
                              "pandoc (%s) failed on %s with %s: %s; the "
                              "results are written but %s is not made; "
                              "is pandoc complete? " INSTALL_HINT,
                              prog, out, why, tail[0] ? tail : "no message",
                              out);
    } else if (rename(tmp, final) != 0) {
        st = dr_error_set(err, DR_EIO, final, 0, 0, "cannot write: %s",
                          strerror(errno));
    }
    dr_child_free(&c);
    if (st != DR_OK)
        unlink(tmp);
done:
    free(prog);
    free(abs);
    free(tmp);
    free(final);
    return st;
}

/* The first "# " heading of dir/md, without its marks, in buf. */
static void first_heading(const char *dir, const char *md, char *buf, size_t n)
{
    char path[4096], line[1024];
    snprintf(buf, n, "debtrisk");
    snprintf(path, sizeof path, "%s/%s", dir, md);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "# ", 2) == 0) {
            line[strcspn(line, "\r\n")] = '\0';
            /* the heading's own Markdown escapes dropped */
            size_t o = 0;
            for (const char *p = line + 2; *p && o + 1 < n; p++) {
                if (*p == '\\' && p[1])
                    p++;
                buf[o++] = *p;
            }
            buf[o] = '\0';
            break;
        }
    fclose(f);
}

/* Markdown as debtrisk writes it, with nothing raw passed through. */
#define FROM "markdown-raw_html-raw_attribute-raw_tex-implicit_figures"

static const char *lang_tag(dr_lang lang)
{
    return (lang == DR_LANG_ZH) ? "lang=zh-CN" : "lang=en";
}

dr_status dr_pandoc_html(const char *dir, const char *md, const char *html,
                         dr_lang lang, dr_error *err)
{
    char *css = dr_bundled_path("models/office/report.css");
    char *css_opt = NULL, *title_opt = NULL, *out_opt = NULL;
    char title[512];
    first_heading(dir, md, title, sizeof title);
    if (!css || asprintf(&css_opt, "--css=%s", css) < 0 ||
        asprintf(&title_opt, "pagetitle=%s", title) < 0 ||
        asprintf(&out_opt, "--output=%s.tmp", html) < 0) {
        free(css);
        free(css_opt);
        free(title_opt);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    char *argv[] = {NULL,
                    "--from=" FROM,
                    "--to=html5",
                    "--standalone",
                    "--self-contained",
                    "--resource-path=.",
                    css_opt,
                    "--metadata",
                    title_opt,
                    "--metadata",
                    (char *)lang_tag(lang),
                    out_opt,
                    (char *)md,
                    NULL};
    dr_status st = run(dir, argv, html, err);
    free(css);
    free(css_opt);
    free(title_opt);
    free(out_opt);
    return st;
}

dr_status dr_pandoc_pptx(const char *dir, const char *deck, const char *pptx,
                         const char *title, const char *subtitle,
                         const char *date, dr_lang lang, dr_error *err)
{
    char *ref = dr_bundled_path("models/office/reference.pptx");
    char *ref_opt = NULL, *t = NULL, *s = NULL, *d = NULL, *out_opt = NULL;
    dr_status st;
    if (!ref || asprintf(&ref_opt, "--reference-doc=%s", ref) < 0 ||
        asprintf(&t, "title=%s", title) < 0 ||
        asprintf(&s, "subtitle=%s", subtitle) < 0 ||
        asprintf(&d, "date=%s", date) < 0 ||
        asprintf(&out_opt, "--output=%s.tmp", pptx) < 0) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    char *argv[] = {NULL,
                    "--from=" FROM,
                    "--to=pptx",
                    "--slide-level=2",
                    "--resource-path=.",
                    ref_opt,
                    "--metadata",
                    t,
                    "--metadata",
                    s,
                    "--metadata",
                    d,
                    "--metadata",
                    (char *)lang_tag(lang),
                    out_opt,
                    (char *)deck,
                    NULL};
    st = run(dir, argv, pptx, err);
done:
    free(ref);
    free(ref_opt);
    free(t);
    free(s);
    free(d);
    free(out_opt);
    return st;
}
