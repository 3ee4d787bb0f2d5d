/* The stop request: set by a signal handler (SIGINT, SIGTERM), polled by
 * every long loop, which then unwinds with DR_EINTR so the previous results
 * stay in place. */
#ifndef DR_STOP_H
#define DR_STOP_H

#include <signal.h>

/* 0, or the number of the signal that asked the program to stop. */
extern volatile sig_atomic_t dr_stop_requested;

#endif
