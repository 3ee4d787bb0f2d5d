/* Writing and copying model parameters (params_write.c, declared in
 * params.h): a model of awkward values (numbers that need 16 or 17
 * digits, the largest seed, type and county sections) written and read
 * back to the same bits; sections with only the keys they were given;
 * the comments of dr_params_write_noted on the line above their key; a
 * copy that owns its sections. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "inputs/params.h"
#include "scratch.h"

#define CAPTURE(out, call)                                                     \
    do {                                                                       \
        size_t len_;                                                           \
        FILE *f = open_memstream(&(out), &len_);                               \
        call;                                                                  \
        fclose(f);                                                             \
    } while (0)

static const char *const sets[] = {
    "run.seed=18446744073709551615",
    "run.years=37",
    "shocks.family=student_t",
    "shocks.df=7.25",
    "thresholds.grades=1.1, 2.2, 3.3",
    "rates.yield=0.030000000000000002", /* 17 digits */
    "rates.hidden_spread=0.1",
    "correlation.growth.land=0.1234567890123456",
    "common.land=0.3333333333333333",
    "policy.quota=0.07",
    "defaults.land.mu=-0.033333333333333333",
    "type.urban.land.mu=-0.1",
    "type.rural.growth.mu=0.041",
    "type.rural.land.sigma=0.3",
    "county.east.contingent.loss=0.45",
};

static int build(dr_params *p)
{
    dr_error err = {0};
    dr_params_init(p);
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++)
        if (dr_params_set_arg(p, sets[k], &err) != DR_OK) {
            printf("# %s: %s\n", sets[k], err.msg);
            return 0;
        }
    return dr_params_finish(p, "test", &err) == DR_OK;
}

static int same_doubles(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static int same_sections(const dr_type_section *a, size_t na,
                         const dr_type_section *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t k = 0; k < na; k++)
        if (strcmp(a[k].label, b[k].label) != 0 || a[k].set != b[k].set ||
            !same_doubles(a[k].value, b[k].value, DR_NTYPEKEYS))
            return 0;
    return 1;
}

/* Every key of q as in p, to the bit. */
static int same_params(const dr_params *p, const dr_params *q)
{
    return p->base_year == q->base_year && p->years == q->years &&
           p->paths == q->paths && p->seed == q->seed &&
           p->family == q->family && p->df == q->df &&
           p->warning == q->warning && same_doubles(p->grades, q->grades, 3) &&
           p->official_warning == q->official_warning &&
           p->interest_warning == q->interest_warning &&
           p->debt_gdp_warning == q->debt_gdp_warning &&
           same_doubles(&p->corr[0][0], &q->corr[0][0], 16) &&
           same_doubles(p->common, q->common, 4) && p->yield == q->yield &&
           p->rate_sigma == q->rate_sigma && p->rate_rho == q->rate_rho &&
           p->growth_corr == q->growth_corr &&
           p->hidden_spread == q->hidden_spread &&
           p->premium_slope == q->premium_slope &&
           p->premium_start == q->premium_start &&
           p->premium_max == q->premium_max &&
           p->reprice_explicit == q->reprice_explicit &&
           p->reprice_hidden == q->reprice_hidden && p->quota == q->quota &&
           p->consolidation == q->consolidation &&
           p->consolidation_max == q->consolidation_max &&
           p->debt_target == q->debt_target &&
           p->surplus_spend == q->surplus_spend &&
           same_doubles((const double *)&p->defaults,
                        (const double *)&q->defaults, DR_NTYPEKEYS) &&
           same_sections(p->type, p->ntypes, q->type, q->ntypes) &&
           same_sections(p->county, p->ncounties, q->county, q->ncounties);
}

static void round_trip(void)
{
    dr_params p, q;
    dr_error err = {0};
    CHECK(build(&p));
    CHECK(p.seed == UINT64_MAX && p.yield == 0.030000000000000002 &&
          p.yield != 0.03);
    char *s;
    CAPTURE(s, dr_params_write(&p, f));
    const char *path = scratch_putn("model.ini", s, strlen(s));
    dr_params_init(&q);
    CHECK(dr_params_read(&q, path, &err) == DR_OK &&
          dr_params_finish(&q, path, &err) == DR_OK);
    CHECK(same_params(&p, &q));
    /* the numbers as written: the shortest text that reads back */
    CHECK(strstr(s, "\nyield = 0.030000000000000002\n") &&
          strstr(s, "\nseed = 18446744073709551615\n") &&
          strstr(s, "\ngrades = 1.1, 2.2, 3.3\n") &&
          strstr(s, "\nfamily = student_t\n") && strstr(s, "\ndf = 7.25\n") &&
          strstr(s, "\ngrowth.land = 0.1234567890123456\n"));
    /* sections with only the keys given, in order of first appearance */
    CHECK(strstr(s, "\n[type.urban]\nland.mu = -0.1\n\n[type.rural]\n"
                    "growth.mu = 0.041\nland.sigma = 0.3\n\n"
                    "[county.east]\ncontingent.loss = 0.45\n"));
    /* every fixed section, each key once: [run] first */
    CHECK(strncmp(s, "[run]\nbase_year = 2024\n", 23) == 0);
    free(s);
    /* q can be read into again after free and init */
    dr_params_free(&q);
    CHECK(q.type == NULL && q.ntypes == 0 && q.county == NULL);
    dr_params_init(&q);
    CHECK(dr_params_read(&q, path, &err) == DR_OK &&
          dr_params_finish(&q, path, &err) == DR_OK && same_params(&p, &q));
    dr_params_free(&q);
    dr_params_free(&p);
}

static const char *note(void *ctx, const char *section, const char *key)
{
    static char buf[128];
    int *calls = ctx;
    (*calls)++;
    if ((strcmp(section, "rates") == 0 && strcmp(key, "yield") == 0) ||
        (strcmp(section, "type.rural") == 0 &&
         strcmp(key, "land.sigma") == 0)) {
        snprintf(buf, sizeof buf, "note for %s %s", section, key);
        return buf;
    }
    return NULL;
}

static void noted(void)
{
    dr_params p;
    CHECK(build(&p));
    int calls = 0;
    char *s, *plain;
    CAPTURE(s, dr_params_write_noted(&p, f, note, &calls));
    CAPTURE(plain, dr_params_write(&p, f));
    CHECK(
        strstr(s, "\n; note for rates yield\nyield = 0.030000000000000002\n"));
    CHECK(strstr(s, "\ngrowth.mu = 0.041\n; note for type.rural land.sigma\n"
                    "land.sigma = 0.3\n"));
    /* asked once per key written; the rest as dr_params_write writes it */
    int keys = 0;
    for (const char *q = plain; (q = strstr(q, " = ")); q += 3)
        keys++;
    CHECK(calls == keys);
    size_t n = strlen(plain);
    CHECK(strlen(s) == n + strlen("; note for rates yield\n") +
                           strlen("; note for type.rural land.sigma\n"));
    free(s);
    free(plain);
    dr_params_free(&p);
}

static void copies(void)
{
    dr_params p, c;
    dr_error err = {0};
    CHECK(build(&p));
    CHECK(dr_params_copy(&c, &p, &err) == DR_OK && same_params(&p, &c));
    CHECK(c.ntypes == 2 && c.type != p.type &&
          c.type[0].label != p.type[0].label && c.county != p.county);
    /* changing the copy leaves the model as it was */
    c.type[0].value[0] = 0.5;
    c.county[0].label[0] = 'X';
    CHECK(p.type[0].value[0] != 0.5 && strcmp(p.county[0].label, "east") == 0);
    dr_params_free(&c);
    /* a model without sections copies to none */
    dr_params d, e;
    dr_params_init(&d);
    CHECK(dr_params_copy(&e, &d, &err) == DR_OK && e.type == NULL &&
          e.ntypes == 0 && e.county == NULL);
    dr_params_free(&e);
    dr_params_free(&p);
}

int main(void)
{
    if (scratch_open("params_write") != 0)
        return 1;
    round_trip();
    noted();
    copies();
    scratch_close();
    return check_done();
}
