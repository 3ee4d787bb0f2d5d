#include "base/par.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"

#if DR_HAVE_MPI
#include <mpi.h>
#endif

/* Solo sections entered (on rank 0). */
static int depth;
static int rank_, size_ = 1;

/* Messages of at most 1 MiB: MPI counts are ints, and a rank's bytes
 * dropped after a failure on rank 0 fit the one buffer below. */
#define PIECE ((size_t)1 << 20)

int dr_par_rank(void)
{
    return depth ? 0 : rank_;
}

int dr_par_size(void)
{
    return depth ? 1 : size_;
}

int dr_par_solo_begin(void)
{
    if (depth == 0 && rank_ != 0)
        return 0;
    depth++;
    return 1;
}

dr_status dr_par_solo_end(dr_status st, dr_error *err)
{
    if (depth > 0 && --depth > 0)
        return st;
    return dr_par_share(st, err);
}

#if DR_HAVE_MPI

static int started;

/* Whether the collectives reach other processes. */
static int many(void)
{
    return size_ > 1 && depth == 0;
}

dr_status dr_par_init(int *argc, char ***argv, dr_error *err)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS)
        return dr_error_set(err, DR_EIO, NULL, 0, 0, "MPI could not start");
    started = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    if (provided < MPI_THREAD_FUNNELED)
        return dr_error_set(err, DR_EIO, NULL, 0, 0,
                            "this MPI cannot run beside OpenMP threads "
                            "(MPI_THREAD_FUNNELED)");
    return DR_OK;
}

void dr_par_finalize(void)
{
    if (started)
        MPI_Finalize();
    started = 0;
}

static void bcast_from(void *buf, size_t n, int root)
{
    for (size_t off = 0; off < n; off += PIECE) {
        size_t k = n - off < PIECE ? n - off : PIECE;
        MPI_Bcast((char *)buf + off, (int)k, MPI_BYTE, root, MPI_COMM_WORLD);
    }
}

void dr_par_bcast(void *buf, size_t n)
{
    if (many())
        bcast_from(buf, n, 0);
}

dr_status dr_par_agree(dr_status st, dr_error *err)
{
    if (!many())
        return st;
    int mine = st != DR_OK ? rank_ : size_, first = size_;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == size_)
        return DR_OK;
    dr_error e = {0};
    if (rank_ == first && err)
        e = *err;
    if (rank_ == first)
        e.status = st;
    bcast_from(&e, sizeof e, first);
    if (err)
        *err = e;
    return e.status;
}

/* MPI_Bcast of rank 0's e, the others waiting asleep: they wait there
 * while rank 0 writes and draws alone, and a rank that spins in MPI's
 * busy wait takes a core from rank 0 on the same node. */
static void bcast_asleep(dr_error *e)
{
    MPI_Request req;
    MPI_Ibcast(e, (int)sizeof *e, MPI_BYTE, 0, MPI_COMM_WORLD, &req);
    if (rank_ == 0) {
        MPI_Wait(&req, MPI_STATUS_IGNORE);
        return;
    }
    int done = 0;
    struct timespec nap = {0, 200000}; /* 0.2 ms */
    while (MPI_Test(&req, &done, MPI_STATUS_IGNORE), !done)
        nanosleep(&nap, NULL);
}

dr_status dr_par_share(dr_status st, dr_error *err)
{
    if (!many())
        return st;
    dr_error e = {0};
    if (rank_ == 0 && st != DR_OK && err)
        e = *err;
    e.status = st;
    bcast_asleep(&e);
    if (e.status != DR_OK && err)
        *err = e;
    return e.status;
}

dr_status dr_par_bcast_buf(char **buf, size_t *n, dr_error *err)
{
    if (!many())
        return DR_OK;
    uint64_t len = rank_ == 0 ? (uint64_t)*n : 0;
    MPI_Bcast(&len, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    dr_status st = DR_OK;
    char *mine = NULL;
    if (rank_ != 0 && !(mine = malloc((size_t)len + 1)))
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if ((st = dr_par_agree(st, err)) != DR_OK) {
        free(mine);
        return st;
    }
    if (rank_ != 0) {
        *buf = mine;
        *n = (size_t)len;
    }
    bcast_from(*buf, (size_t)len, 0);
    if (rank_ != 0)
        (*buf)[len] = '\0';
    return DR_OK;
}

/* Rank r's bytes on rank 0, passed to take; received and dropped once
 * st has failed. */
static dr_status take_from(int r, dr_par_take take, void *ctx, dr_status st,
                           dr_error *err)
{
    static char drop[PIECE];
    uint64_t len = 0;
    MPI_Recv(&len, 1, MPI_UINT64_T, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    char *buf = st == DR_OK ? malloc(len ? (size_t)len : 1) : NULL;
    if (st == DR_OK && !buf)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint64_t off = 0; off < len; off += PIECE) {
        size_t k = len - off < PIECE ? (size_t)(len - off) : PIECE;
        MPI_Recv(buf ? buf + off : drop, (int)k, MPI_BYTE, r, 0, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    }
    if (st == DR_OK)
        st = take(ctx, r, buf, (size_t)len, err);
    free(buf);
    return st;
}

dr_status dr_par_gather(const void *mine, size_t n, dr_par_take take, void *ctx,
                        dr_error *err)
{
    if (!many())
        return take(ctx, 0, mine, n, err);
    dr_status st = DR_OK;
    if (rank_ == 0) {
        st = take(ctx, 0, mine, n, err);
        for (int r = 1; r < size_; r++)
            st = take_from(r, take, ctx, st, err);
    } else {
        uint64_t len = n;
        MPI_Send(&len, 1, MPI_UINT64_T, 0, 0, MPI_COMM_WORLD);
        for (size_t off = 0; off < n; off += PIECE) {
            size_t k = n - off < PIECE ? n - off : PIECE;
            MPI_Send((const char *)mine + off, (int)k, MPI_BYTE, 0, 0,
                     MPI_COMM_WORLD);
        }
    }
    return dr_par_share(st, err);
}

#else /* one process */

dr_status dr_par_init(int *argc, char ***argv, dr_error *err)
{
    (void)argc;
    (void)argv;
    (void)err;
    return DR_OK;
}

void dr_par_finalize(void)
{
}

void dr_par_bcast(void *buf, size_t n)
{
    (void)buf;
    (void)n;
}

dr_status dr_par_agree(dr_status st, dr_error *err)
{
    (void)err;
    return st;
}

dr_status dr_par_share(dr_status st, dr_error *err)
{
    (void)err;
    return st;
}

dr_status dr_par_bcast_buf(char **buf, size_t *n, dr_error *err)
{
    (void)buf;
    (void)n;
    (void)err;
    return DR_OK;
}

dr_status dr_par_gather(const void *mine, size_t n, dr_par_take take, void *ctx,
                        dr_error *err)
{
    return take(ctx, 0, mine, n, err);
}

#endif
