/* The processes of a run under mpirun (meson setup -Dmpi=enabled): the one
 * place that calls MPI. Every rank runs the same command on the same bytes
 * (rank 0 reads the inputs and broadcasts them), splits the paths and
 * meets the others at the collectives below, in the same order; rank 0
 * alone writes. Built without MPI, or run without mpirun, the same calls
 * are those of one process, rank 0 of 1, and cost nothing.
 *
 * A "solo" section is work rank 0 does alone (writing, charts, reports):
 * inside it, on rank 0, the process is a world of one (rank 0, size 1, the
 * collectives local), the other ranks skip it, and at its end every rank
 * learns rank 0's status and error, so no rank goes on while another
 * stopped. Only the calling thread calls these (MPI_THREAD_FUNNELED: the
 * OpenMP threads never do). */
#ifndef DR_PAR_H
#define DR_PAR_H

#include <stddef.h>

#include "base/error.h"

/* Starts MPI when debtrisk was built with it (a process started without
 * mpirun is a world of one). Returns DR_EIO when MPI cannot start or
 * cannot give MPI_THREAD_FUNNELED. */
dr_status dr_par_init(int *argc, char ***argv, dr_error *err);

/* Ends MPI (when dr_par_init started it). */
void dr_par_finalize(void);

/* This process's rank and the number of ranks; 0 and 1 inside a solo
 * section, without MPI, or before dr_par_init. */
int dr_par_rank(void);
int dr_par_size(void);

/* Enters a solo section: 1 on rank 0 (which then runs the section), 0 on
 * the others (which skip it). Sections nest. */
int dr_par_solo_begin(void);

/* Ends a solo section, on every rank: returns rank 0's status st, with its
 * error in *err when it failed. */
dr_status dr_par_solo_end(dr_status st, dr_error *err);

/* The n bytes of buf on rank 0, into buf on every rank. */
void dr_par_bcast(void *buf, size_t n);

/* Every rank's status st: returns, on every rank, the status of the first
 * rank in rank order that failed (DR_OK when none did), with its error in
 * *err. Call it before any collective that a failed rank would skip. */
dr_status dr_par_agree(dr_status st, dr_error *err);

/* Rank 0's status st and error, on every rank (as dr_par_solo_end). */
dr_status dr_par_share(dr_status st, dr_error *err);

/* Rank 0's buffer of *n bytes, on every rank: the others receive a new
 * buffer (NUL-terminated, theirs to free) in *buf and its length in *n;
 * rank 0's is left as it is. Returns the agreed status: DR_ENOMEM on every
 * rank (and nothing new held) when a rank could not allocate. */
dr_status dr_par_bcast_buf(char **buf, size_t *n, dr_error *err);

/* What rank 0 does with the bytes of one rank (dr_par_gather). */
typedef dr_status (*dr_par_take)(void *ctx, int rank, const void *bytes,
                                 size_t n, dr_error *err);

/* Every rank's n bytes at mine, to rank 0, which calls take on each in
 * rank order (its own first). After the first failure (of take, or out
 * of memory) the rest are received and dropped. Returns, on every rank,
 * rank 0's status. */
dr_status dr_par_gather(const void *mine, size_t n, dr_par_take take, void *ctx,
                        dr_error *err);

#endif
