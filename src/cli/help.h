/* The help texts of the commands, one per row of the command table. */
#ifndef DR_HELP_H
#define DR_HELP_H

extern const char dr_help_run[];
extern const char dr_help_batch[];
extern const char dr_help_sensitivity[];
extern const char dr_help_check[];
extern const char dr_help_plot[];
extern const char dr_help_bench[];
extern const char dr_help_calibrate[];
extern const char dr_help_backtest[];
extern const char dr_help_solve[];

#endif
