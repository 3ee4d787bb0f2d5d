/* A scratch folder for a unit test: made with mkdtemp under /tmp, files
 * written into it and read back, removed with everything in it at the
 * end. */
#ifndef DR_SCRATCH_H
#define DR_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char scratch_dir[64];

/* Makes the folder /tmp/debtrisk-NAME-XXXXXX; 0 on success. */
static inline int scratch_open(const char *name)
{
    snprintf(scratch_dir, sizeof scratch_dir, "/tmp/debtrisk-%s-XXXXXX", name);
    if (!mkdtemp(scratch_dir)) {
        perror("mkdtemp");
        return -1;
    }
    return 0;
}

/* NAME inside the scratch folder; the last 8 results stay valid. */
static inline const char *scratch_path(const char *name)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", scratch_dir, name);
    return buf[k];
}

/* NAME inside the scratch folder, in a new string (the caller frees it). */
static inline char *scratch_dup_path(const char *name)
{
    return strdup(scratch_path(name));
}

/* Writes n bytes of text to the scratch file NAME; returns its path. */
static inline const char *scratch_putn(const char *name, const char *text,
                                       size_t n)
{
    const char *path = scratch_path(name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, n, f);
        fclose(f);
    }
    return path;
}

static inline const char *scratch_put(const char *name, const char *text)
{
    return scratch_putn(name, text, strlen(text));
}

/* The whole of the file at path in a new NUL-terminated string (the caller
 * frees it), its length in *n when n is not NULL; NULL when it cannot be
 * read. */
static inline char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *more = realloc(buf, 2 * cap + 1);
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    if (n)
        *n = len;
    return buf;
}

/* 1 when path exists (as anything, a broken link included). */
static inline int exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* Removes path and, when it is a folder, everything in it (links are
 * removed, not followed); 0 on success. */
static inline int remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return -1;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        if (d)
            closedir(d);
    }
    return remove(path);
}

/* Removes the scratch folder and everything in it. */
static inline void scratch_close(void)
{
    if (scratch_dir[0])
        remove_tree(scratch_dir);
}

#endif
