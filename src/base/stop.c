#include "base/stop.h"

#include <string.h>

volatile sig_atomic_t dr_stop_requested;

static void on_signal(int sig)
{
    dr_stop_requested = sig;
}

void dr_stop_catch(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocked reads and waits end */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}
