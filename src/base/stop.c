#include "base/stop.h"

volatile sig_atomic_t dr_stop_requested;
