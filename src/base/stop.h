/* Stopping on SIGINT and SIGTERM. The handler only records the signal:
 * long loops poll dr_stop_requested and end cleanly, and because the
 * handlers are installed without SA_RESTART a blocking system call (the
 * open or read of a FIFO with no writer, a wait for gnuplot) returns EINTR
 * instead of waiting on. */
#ifndef DR_STOP_H
#define DR_STOP_H

#include <signal.h>

/* The number of the signal that asked the process to stop; 0 until then. */
extern volatile sig_atomic_t dr_stop_requested;

/* Installs the handlers of SIGINT and SIGTERM (once, in main, before any
 * input is read). */
void dr_stop_catch(void);

#endif
