/* Input files read once (textfile.c): the SHA-256 of the bytes read, a
 * pipe loaded twice, the 256 MiB limit, a stop while waiting on a FIFO. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/stop.h"
#include "base/textfile.h"
#include "check.h"

/* FIPS 180-2, appendix B.1: SHA-256("abc"); and of the empty message. */
#define SHA_ABC                                                                \
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY                                                              \
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static char dir[] = "/tmp/debtrisk-textfile-XXXXXX";

static char *path_of(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* Loads path and checks that it gives `text` and records `sha`. */
static int loads(const char *path, const char *text, const char *sha)
{
    char *buf = NULL, hex[65] = "";
    size_t len = 0;
    dr_error err = {0};
    int ok = dr_text_load(path, &buf, &len, &err) == DR_OK &&
             len == strlen(text) && memcmp(buf, text, len) == 0 &&
             dr_text_sha256(path, hex) == DR_OK && strcmp(hex, sha) == 0;
    if (!ok)
        printf("# %s: %s, sha256 %s\n", path, err.msg, hex);
    free(buf);
    return ok;
}

static int refused(const char *path, dr_status want, const char *phrase)
{
    char *buf = NULL;
    size_t len = 0;
    dr_error err = {0};
    dr_status st = dr_text_load(path, &buf, &len, &err);
    free(buf);
    if (st != want || strcmp(err.file, path) != 0 || !strstr(err.msg, phrase)) {
        printf("# %s: status %d, %s: %s\n", path, st, err.file, err.msg);
        return 0;
    }
    return 1;
}

static int listed(const char *path)
{
    for (size_t k = 0; k < dr_text_nread(); k++) {
        dev_t dev;
        ino_t ino;
        if (strcmp(dr_text_read_at(k, &dev, &ino), path) == 0)
            return 1;
    }
    return 0;
}

static void regular_files(void)
{
    char hex[65];
    put(path_of("abc.csv"), "abc");
    put(path_of("empty.csv"), "");
    CHECK(loads(path_of("abc.csv"), "abc", SHA_ABC));
    CHECK(loads(path_of("empty.csv"), "", SHA_EMPTY));
    CHECK(listed(path_of("abc.csv")));
    /* the hash is of the bytes the run read, not of the file as it is
     * once changed */
    put(path_of("abc.csv"), "xyz");
    CHECK(dr_text_sha256(path_of("abc.csv"), hex) == DR_OK &&
          strcmp(hex, SHA_ABC) == 0);
    CHECK(dr_text_sha256(path_of("never.csv"), hex) == DR_EINPUT);
    CHECK(refused(path_of("missing.csv"), DR_EINPUT, "cannot open"));
    CHECK(refused(dir, DR_EINPUT, "folder"));
}

/* A pipe (as bash's <(...) gives) can be read only once: a second load
 * gets the same bytes all the same, and the same hash. */
static void pipes(void)
{
    int fd[2];
    char name[64];
    if (pipe(fd) != 0) {
        CHECK(!"pipe");
        return;
    }
    CHECK(write(fd[1], "abc", 3) == 3);
    close(fd[1]);
    snprintf(name, sizeof name, "/dev/fd/%d", fd[0]);
    CHECK(loads(name, "abc", SHA_ABC));
    CHECK(loads(name, "abc", SHA_ABC));
    CHECK(listed(name));
    close(fd[0]);
}

/* More than DR_TEXT_MAX bytes are refused: a regular file by its size,
 * before any reading (a sparse file here), a device (endless) once past
 * the limit. (A file of exactly the limit is not read here: hashing 256
 * MiB takes seconds.) */
static void limit(void)
{
    CHECK(DR_TEXT_MAX == 268435456u); /* 256 MiB */
    int fd = open(path_of("big.csv"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && ftruncate(fd, (off_t)DR_TEXT_MAX + 1) == 0);
    close(fd);
    CHECK(refused(path_of("big.csv"), DR_EINPUT, "larger than 256 MiB"));
    CHECK(refused("/dev/zero", DR_EINPUT, "larger than 256 MiB"));
    unlink(path_of("big.csv"));
}

/* A FIFO with no writer: open waits until SIGINT, which ends the load
 * with DR_EINTR (not an error of the file). */
static void stop_while_waiting(void)
{
    CHECK(mkfifo(path_of("fifo"), 0600) == 0);
    dr_stop_catch();
    pid_t parent = getpid(), child = fork();
    if (child == 0) {
        usleep(200000);
        kill(parent, SIGINT);
        _exit(0);
    }
    CHECK(refused(path_of("fifo"), DR_EINTR, "interrupted"));
    CHECK(dr_stop_requested == SIGINT);
    waitpid(child, NULL, 0);
    dr_stop_requested = 0;
    unlink(path_of("fifo"));
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    regular_files();
    pipes();
    limit();
    stop_while_waiting();
    unlink(path_of("abc.csv"));
    unlink(path_of("empty.csv"));
    rmdir(dir);
    return check_done();
}
