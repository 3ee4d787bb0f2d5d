/* Running gnuplot: the scripts of a charts folder drawn by child
 * processes, a few at a time, with the end of what gnuplot said when one
 * fails. Knows nothing of what the scripts draw. */
#ifndef DR_GNUPLOT_H
#define DR_GNUPLOT_H

#include <stddef.h>

#include "base/error.h"

/* Runs `gnuplot NAME.gp` inside the folder dir (the charts/ folder of an
 * output folder: a failure names the script as charts/NAME.gp) for every
 * NAME of names[0..n), at most `threads` at a time (threads <= 0: one per
 * core), each with no input and its output kept for the message. The
 * program is $GNUPLOT when set (a relative path is taken from the current
 * folder), else gnuplot on PATH. Waits for any child process, so the
 * caller must have no others. Returns DR_OK when every script exits 0;
 * DR_ECHART when gnuplot is missing, cannot be started or fails on a
 * script (the message names the program, the first failed script, how it
 * ended and the last lines it printed, and how to install gnuplot);
 * DR_EIO when dir cannot be resolved or no temporary file can be made;
 * DR_ENOMEM; DR_EINTR after a SIGINT or SIGTERM (dr_stop_requested): no
 * script is started then, and the running ones are ended (with their
 * process groups) and reaped. */
dr_status dr_gnuplot_run(const char *dir, const char *const *names, size_t n,
                         int threads, dr_error *err);

#endif
