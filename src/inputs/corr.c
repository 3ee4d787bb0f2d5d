#include "inputs/corr.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <string.h>

const double dr_corr_default[DR_NVAR][DR_NVAR] = {
    {1.0, 0.6, 0.5, -0.3},
    {0.6, 1.0, 0.4, -0.2},
    {0.5, 0.4, 1.0, -0.1},
    {-0.3, -0.2, -0.1, 1.0},
};

int dr_corr_cholesky(const double c[DR_NVAR][DR_NVAR],
                     double l[DR_NVAR][DR_NVAR])
{
    double a[DR_NVAR * DR_NVAR];
    for (int i = 0; i < DR_NVAR; i++)
        for (int j = 0; j < DR_NVAR; j++)
            a[i * DR_NVAR + j] = c[i][j];
    gsl_matrix_view m = gsl_matrix_view_array(a, DR_NVAR, DR_NVAR);
    /* GSL's default handler aborts on a matrix that is not positive
     * definite; that is bad input, not a crash. */
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_linalg_cholesky_decomp1(&m.matrix);
    gsl_set_error_handler(old);
    if (rc != GSL_SUCCESS)
        return 0;
    for (int i = 0; i < DR_NVAR; i++)
        for (int j = 0; j < DR_NVAR; j++)
            l[i][j] = j <= i ? a[i * DR_NVAR + j] : 0.0;
    return 1;
}

void dr_corr_pair(size_t k, int *i, int *j)
{
    for (*i = 0; *i < DR_NVAR; (*i)++)
        for (*j = *i + 1; *j < DR_NVAR; (*j)++)
            if (dr_corr_index(*i, *j) == k)
                return;
    *i = *j = 0;
}

size_t dr_corr_index(int i, int j)
{
    return (size_t)(i * (2 * DR_NVAR - i - 1) / 2 + (j - i - 1));
}

long dr_corr_culprit(const double c[DR_NVAR][DR_NVAR],
                     const unsigned seq[DR_NCORR])
{
    /* One line to look at, and always the same one: the key that a model
     * file (or a later override) added last to values that still held
     * together. */
    double m[DR_NVAR][DR_NVAR], l[DR_NVAR][DR_NVAR];
    memcpy(m, dr_corr_default, sizeof m);
    unsigned last = 0;
    for (size_t k = 0; k < DR_NCORR; k++)
        last = seq[k] > last ? seq[k] : last;
    for (unsigned s = 1; s <= last; s++) {
        for (size_t k = 0; k < DR_NCORR; k++) {
            if (seq[k] != s)
                continue;
            int i, j;
            dr_corr_pair(k, &i, &j);
            m[i][j] = m[j][i] = c[i][j];
            if (!dr_corr_cholesky(m, l))
                return (long)k;
        }
    }
    return -1;
}
