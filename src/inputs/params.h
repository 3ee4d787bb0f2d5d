/* Model parameters: the model file (INI), --set overrides, defaults
 * (the README "Model file"). */
#ifndef DR_PARAMS_H
#define DR_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"
#include "base/lang.h"

/* The four shocked county variables, in MODEL.md order. */
enum { DR_VG = 0, DR_VOR = 1, DR_VL = 2, DR_VTR = 3, DR_NVAR = 4 };

/* The correlations of the four, one per pair. */
#define DR_NCORR 6

/* Parameters of one county type: [defaults] overlaid by [type.<label>]. */
typedef struct dr_type_params {
    double growth_mu, growth_sigma, growth_rho;
    double own_revenue_mu, own_revenue_beta, own_revenue_sigma;
    double land_mu, land_sigma, land_rho;
    double transfers_mu, transfers_sigma;
    double spending_mu;
    double contingent_prob, contingent_loss;
    double rate_explicit, rate_hidden;
} dr_type_params;

/* Number of keys in a type section (the fields above). */
#define DR_NTYPEKEYS 16

/* A [type.LABEL] or [county.ID] section: only the keys it was given. */
typedef struct dr_type_section {
    char *label;                /* the type label or the county id */
    double value[DR_NTYPEKEYS]; /* values given in this section */
    uint32_t set;               /* bit k: value[k] was given */
    const char *origin;         /* where it first appears (borrowed, as */
    long line, col;             /* dr_params_read's path): file, line */
    dr_type_params p;           /* types: resolved by dr_params_finish */
} dr_type_section;

/* The two kinds of sections below [defaults]. */
typedef enum dr_section_kind { DR_SEC_TYPE, DR_SEC_COUNTY } dr_section_kind;

typedef enum dr_family {
    DR_FAMILY_NORMAL,
    DR_FAMILY_STUDENT_T,
    DR_FAMILY_BOOTSTRAP /* MODEL.md section 12: shocks drawn from history */
} dr_family;

/* "normal", "student_t", "bootstrap", NULL: as [shocks] family spells them. */
extern const char *const dr_family_names[];

/* The grouping that standardizes bootstrap innovations ([shocks] by). */
typedef enum dr_boot_by {
    DR_BOOT_TYPE,
    DR_BOOT_CITY,
    DR_BOOT_COUNTY
} dr_boot_by;

/* Longest file name a model key holds. */
#define DR_PATH_MAX 1024

typedef struct dr_params {
    /* [run] */
    long base_year, years, paths;
    uint64_t seed;
    /* [thresholds] */
    double warning, grades[3], official_warning, interest_warning,
        debt_gdp_warning;
    /* [shocks] */
    dr_family family;
    double df;
    char history[DR_PATH_MAX]; /* bootstrap: the history.csv ("" none) */
    int boot_by;               /* dr_boot_by */
    long block;                /* bootstrap: consecutive years drawn */
    /* [correlation]: the full symmetric matrix C (unit diagonal) */
    double corr[DR_NVAR][DR_NVAR];
    /* [common]: weights w */
    double common[DR_NVAR];
    /* [rates] */
    double yield, rate_sigma, rate_rho, growth_corr, hidden_spread,
        premium_slope, premium_start, premium_max, reprice_explicit,
        reprice_hidden;
    /* [policy] */
    double quota, consolidation, consolidation_max, debt_target, surplus_spend;
    /* [defaults] */
    dr_type_params defaults;
    /* [type.LABEL] and [county.ID] sections, in order of first
     * appearance (MODEL.md section 3: a county's keys over its type's over
     * [defaults]) */
    dr_type_section *type;
    size_t ntypes;
    dr_type_section *county;
    size_t ncounties;

    /* Where each [correlation] key was last set, in the order of the keys
     * of the README: origin (borrowed from the caller of dr_params_read or
     * dr_params_set, NULL while the key has its default), line, column,
     * and the order of setting (seq, from 1). For the message of a matrix
     * that is not positive definite. */
    struct dr_corr_source {
        const char *origin;
        long line, col;
        unsigned seq;
    } corr_src[DR_NCORR];
    unsigned corr_seq;

    /* Filled by dr_params_finish: lower Cholesky factor L with L L^T = C. */
    double chol[DR_NVAR][DR_NVAR];
} dr_params;

/* Sets every key to its the README default. */
void dr_params_init(dr_params *p);

/* Reads a model file on top of the current values. Unknown sections and
 * keys, malformed lines and values out of range are errors naming the file,
 * line and column. path must outlive p's dr_params_finish (its messages
 * name it). On error p may be partly updated: callers discard it. */
dr_status dr_params_read(dr_params *p, const char *path, dr_error *err);

/* Applies one override. section is "run", "rates", "type.urban", ...; key is
 * "seed", "land.mu", ...; the error names origin:line:col (line 0 when the
 * override came from the command line). origin must outlive p's
 * dr_params_finish. */
dr_status dr_params_set(dr_params *p, const char *section, const char *key,
                        const char *value, const char *origin, long line,
                        long col, dr_error *err);

/* Applies "SECTION.KEY=VALUE" as given to --set. */
dr_status dr_params_set_arg(dr_params *p, const char *arg, dr_error *err);

/* As dr_params_set_arg, for an argument of the flag named flag (a string
 * that outlives p, e.g. "--param"): errors name it. */
dr_status dr_params_set_arg_as(dr_params *p, const char *arg, const char *flag,
                               dr_error *err);

/* Checks the relations between keys (grades ascending, the correlation
 * matrix positive definite, ...), computes chol and resolves type
 * sections. origin names the model file for messages. A matrix that is
 * not positive definite is reported at the correlation key with which it
 * stops being so, taking the keys given in the order they were set over
 * the defaults, and the message lists all six values. */
dr_status dr_params_finish(dr_params *p, const char *origin, dr_error *err);

/* Parameters for counties of this type: its section over [defaults], or
 * [defaults] when it has no section. Valid after dr_params_finish. */
const dr_type_params *dr_params_type(const dr_params *p, const char *label);

/* The [county.ID] section of a county, or NULL. */
const dr_type_section *dr_params_county_section(const dr_params *p,
                                                const char *id);

/* The parameters of one county (MODEL.md section 3): its [county.ID] keys
 * over those of its type (dr_params_type) into *out. Valid after
 * dr_params_finish. */
void dr_params_county(const dr_params *p, const char *id, const char *type,
                      dr_type_params *out);

/* The section of this kind and label, added (empty, at origin:line) when
 * it is new. Returns DR_ENOMEM on failure. */
dr_status dr_params_section(dr_params *p, dr_section_kind kind,
                            const char *label, const char *origin, long line,
                            dr_type_section **out);

/* The index (the bit of dr_type_section.set) of a [defaults] key such as
 * "growth.mu", or -1. */
int dr_params_type_key(const char *name);

/* The field of the [defaults] key of index i in t. */
double *dr_type_params_field(dr_type_params *t, int i);

/* The value of the [defaults] key of index i in t. */
double dr_type_params_get(const dr_type_params *t, int i);

/* The name of the [defaults] key of index i ("growth.mu"). */
const char *dr_params_type_key_name(int i);

/* The reports' name of a model-file key, written SECTION.KEY
 * ("rates.yield") or, for a [defaults] key, KEY ("growth.mu"); NULL when
 * the key is unknown or has none. */
const char *dr_params_key_label(const char *key, dr_lang lang);

/* A comment for a key written by dr_params_write_noted: NULL for none,
 * else one line of text (written after "; "). */
typedef const char *(*dr_params_note)(void *ctx, const char *section,
                                      const char *key);

/* Writes every key and its value as a model file that dr_params_read reads
 * back to the same values (used for run.ini): the fixed sections with
 * every key, then [type.*] and [county.*] with the keys each was given. */
void dr_params_write(const dr_params *p, FILE *f);

/* As dr_params_write, with note's comment on the line above each key that
 * has one (calibrate's standard errors). */
void dr_params_write_noted(const dr_params *p, FILE *f, dr_params_note note,
                           void *ctx);

/* The label of the [type.*] section closest to label ("did you mean",
 * dr_suggest) when label has no section of its own, else NULL. Its
 * counties use [defaults]; a near miss is most likely a typo. */
const char *dr_params_near_type(const dr_params *p, const char *label);

/* Frees the type sections; p may be read into again after dr_params_init. */
void dr_params_free(dr_params *p);

/* Makes dst a deep copy of src (dst's old contents are not freed), so each
 * scenario of a batch can start from the same model. On DR_ENOMEM dst holds
 * no type sections. */
dr_status dr_params_copy(dr_params *dst, const dr_params *src, dr_error *err);

/* Length of the SECTION part of "SECTION.KEY": the first dot-separated
 * component, or the first two when it starts with "type." (so
 * "type.urban.land.mu" gives 10). 0 when there is no section or no key. */
size_t dr_params_section_len(const char *name);

/* Checks that section and key name a model key, without setting anything.
 * Errors name origin:line and sec_col (unknown section) or key_col (unknown
 * key), with "did you mean". */
dr_status dr_params_check_key(const char *section, const char *key,
                              const char *origin, long line, long sec_col,
                              long key_col, dr_error *err);

#endif
