/* The table of model-file keys (params.c), shared by the modules that
 * read, check and write model files. Internal to inputs/. */
#ifndef DR_PARAMS_KEYS_H
#define DR_PARAMS_KEYS_H

#include <stddef.h>

#include "base/range.h"
#include "inputs/params.h"

typedef enum key_kind {
    K_LONG,   /* long, whole number in range */
    K_SEED,   /* uint64_t */
    K_DOUBLE, /* double in range */
    K_GRADES, /* double[3], ascending, > 0 */
    K_CHOICE, /* an int, the index of its word in choices */
    K_PATH,   /* a file name, char[DR_PATH_MAX]: relative to the model
                 file's folder when written in a file */
    K_CORR,   /* corr[i][j] and corr[j][i] */
    K_TYPE    /* a dr_type_params field: [defaults] and [type.LABEL] */
} key_kind;

typedef struct key_def {
    const char *section, *name;
    key_kind kind;
    size_t off; /* into dr_params, or into dr_type_params for K_TYPE */
    int i, j;   /* K_CORR: the entry; K_TYPE: the bit of dr_type_section.set */
    dr_range r;
    const char *hint;
    const char *const *choices; /* K_CHOICE: the words, NULL-terminated */
    /* The key's name in the reports, in English and Chinese (NULL for the
     * keys the reports never name). */
    const char *label_en, *label_zh;
} key_def;

/* One row per key, in the order dr_params_write writes them. */
extern const key_def dr_param_keys[];
extern const size_t dr_nparam_keys;

/* The field of a K_TYPE key in a dr_type_params. */
static inline double *dr_param_tfield(dr_type_params *t, const key_def *d)
{
    return (double *)((char *)t + d->off);
}

#endif
