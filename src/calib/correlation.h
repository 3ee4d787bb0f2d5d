/* The cross-variable correlation of standardized innovations and the
 * common-factor weights (MODEL.md sections 11.6 and 11.7), on GSL's
 * linear algebra. */
#ifndef DR_CORRELATION_H
#define DR_CORRELATION_H

#include <stddef.h>

#include "base/error.h"

/* Standardized innovations of every county-year: z[(i*years + y)*4 + k]
 * for county i and calendar year first + y, NAN where one does not exist. */
typedef struct dr_innovations {
    size_t n;     /* counties */
    long first;   /* calendar year of y = 0 */
    size_t years; /* years covered */
    double *z;
} dr_innovations;

/* 1 when county i is complete in year y: all four innovations exist. */
int dr_innov_complete(const dr_innovations *in, size_t i, size_t y);

typedef struct dr_corr_fit {
    int estimated;        /* 0: no complete county-years (keep the model's) */
    long n;               /* complete county-years */
    double raw[4][4];     /* C as estimated */
    double c[4][4];       /* C in force: raw, or repaired */
    int repaired;         /* raw was not positive definite */
    double min_eigen;     /* raw's smallest eigenvalue */
    int common_estimated; /* 0: fewer than two counties in every year */
    long common_n;        /* county-years of years with two or more */
    double w[4];          /* common weights, clipped to [0, 1] */
    double w_raw[4];      /* before clipping */
} dr_corr_fit;

/* Estimates C (repaired when not positive definite: eigenvalues raised to
 * 1e-3, the matrix rebuilt and rescaled to a unit diagonal) and the
 * common weights w_k = W_kk of W = L^-1 M L^-T. Returns DR_ENOMEM on
 * failure. */
dr_status dr_corr_estimate(const dr_innovations *in, dr_corr_fit *out);

#endif
