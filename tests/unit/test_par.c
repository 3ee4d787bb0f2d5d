/* The processes of a run (base/par.h) in the one-process case, which every
 * build has (without MPI, or with it before dr_par_init, as here): rank 0
 * of 1; solo sections run here and nest, and keep their status and error;
 * agreement and sharing return the status given, the error untouched;
 * broadcasts leave the bytes as they are; a gather hands this process's
 * bytes to take once, as rank 0's. The ranks themselves are tested under
 * mpirun by tests/mpi/test_mpi.sh. */
#include <string.h>

#include "base/par.h"
#include "check.h"

typedef struct seen {
    int calls, rank;
    char bytes[16];
    size_t n;
} seen;

static dr_status take(void *ctx, int rank, const void *b, size_t n,
                      dr_error *err)
{
    seen *s = ctx;
    s->calls++;
    s->rank = rank;
    s->n = n;
    memcpy(s->bytes, b, n < sizeof s->bytes ? n : sizeof s->bytes);
    return s->calls > 1 ? dr_error_set(err, DR_EIO, NULL, 0, 0, "again") : 0;
}

int main(void)
{
    CHECK(dr_par_rank() == 0);
    CHECK(dr_par_size() == 1);

    /* solo sections: run here, nested too, the status and error kept */
    dr_error err = {0};
    CHECK(dr_par_solo_begin() == 1);
    CHECK(dr_par_solo_begin() == 1);
    CHECK(dr_par_rank() == 0 && dr_par_size() == 1);
    dr_status st = dr_error_set(&err, DR_EINPUT, "f.csv", 3, 7, "bad");
    CHECK(dr_par_solo_end(st, &err) == DR_EINPUT);
    CHECK(dr_par_solo_end(DR_OK, &err) == DR_OK);
    CHECK(strcmp(err.file, "f.csv") == 0 && err.line == 3 && err.col == 7);

    /* agreement and sharing: the status given, the error as it was */
    CHECK(dr_par_agree(DR_OK, &err) == DR_OK);
    CHECK(dr_par_agree(DR_ENOMEM, &err) == DR_ENOMEM);
    CHECK(dr_par_share(DR_EINTR, &err) == DR_EINTR);
    CHECK(strcmp(err.msg, "bad") == 0);

    /* broadcasts: nothing to send to */
    char b[] = "bytes";
    dr_par_bcast(b, sizeof b);
    CHECK(strcmp(b, "bytes") == 0);
    char *buf = b;
    size_t n = 5;
    CHECK(dr_par_bcast_buf(&buf, &n, &err) == DR_OK);
    CHECK(buf == b && n == 5);

    /* a gather: take once, with rank 0's bytes; take's failure returned */
    seen s = {0};
    CHECK(dr_par_gather("abc", 3, take, &s, &err) == DR_OK);
    CHECK(s.calls == 1 && s.rank == 0 && s.n == 3 &&
          memcmp(s.bytes, "abc", 3) == 0);
    CHECK(dr_par_gather("abc", 3, take, &s, &err) == DR_EIO);
    CHECK(strcmp(err.msg, "again") == 0);

    return check_done();
}
