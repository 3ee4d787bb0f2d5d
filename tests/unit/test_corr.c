/* The correlation matrix: pair numbering, Cholesky factor, the key to blame
 * (corr.c). Matrices and minors worked out by hand in the comments. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "inputs/corr.h"

int main(void)
{
    /* pairs in the README order, and back */
    static const int want[DR_NCORR][2] = {{0, 1}, {0, 2}, {0, 3},
                                          {1, 2}, {1, 3}, {2, 3}};
    for (size_t k = 0; k < DR_NCORR; k++) {
        int i, j;
        dr_corr_pair(k, &i, &j);
        CHECK(i == want[k][0] && j == want[k][1]);
        CHECK(dr_corr_index(i, j) == k);
    }

    /* The identity is its own factor; the defaults are positive definite. */
    double c[DR_NVAR][DR_NVAR] = {{0}}, l[DR_NVAR][DR_NVAR];
    for (int i = 0; i < DR_NVAR; i++)
        c[i][i] = 1;
    CHECK(dr_corr_cholesky(c, l) && l[0][0] == 1 && l[3][3] == 1 &&
          l[1][0] == 0);
    CHECK(dr_corr_cholesky(dr_corr_default, l));
    /* c01 = 0.6 alone: L = [1 0; 0.6 0.8] in the top corner */
    c[0][1] = c[1][0] = 0.6;
    CHECK(dr_corr_cholesky(c, l));
    CHECK_NEAR(l[1][0], 0.6, 1e-15);
    CHECK_NEAR(l[1][1], 0.8, 1e-15);
    CHECK(l[0][1] == 0);

    /* The culprit. With the defaults and c01 = c02 = 0.9 (c12 = 0.4): the
     * 3x3 minor |1 .9 .9; .9 1 .4; .9 .4 1| = 0.84 - 0.486 - 0.486 =
     * -0.132 < 0. c01 = 0.9 alone keeps the minors 1, 0.19, 0.14, 0.1229;
     * c02 = 0.9 alone keeps 1, 0.64, 0.102, 0.0752. So the second one set
     * is to blame, whichever it is. */
    double m[DR_NVAR][DR_NVAR];
    memcpy(m, dr_corr_default, sizeof m);
    m[0][1] = m[1][0] = 0.9;
    m[0][2] = m[2][0] = 0.9;
    CHECK(!dr_corr_cholesky(m, l));
    unsigned seq[DR_NCORR] = {1, 2, 0, 0, 0, 0};
    CHECK(dr_corr_culprit(m, seq) == 1);
    seq[0] = 2, seq[1] = 1;
    CHECK(dr_corr_culprit(m, seq) == 0);
    /* a key set but left at its default value changes nothing in between */
    seq[0] = 1, seq[3] = 2, seq[1] = 3;
    CHECK(dr_corr_culprit(m, seq) == 1);
    /* nothing set, or a matrix that is fine: nobody to blame */
    unsigned none[DR_NCORR] = {0};
    CHECK(dr_corr_culprit(m, none) == -1);
    unsigned all[DR_NCORR] = {1, 2, 3, 4, 5, 6};
    CHECK(dr_corr_culprit(dr_corr_default, all) == -1);
    return check_done();
}
