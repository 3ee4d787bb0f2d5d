/* Writing and copying model parameters (params.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "inputs/params.h"
#include "inputs/params_keys.h"

#define keys dr_param_keys
#define NKEYS dr_nparam_keys

static void write_value(const dr_params *p, const key_def *d, FILE *f)
{
    char a[32], b[32], c[32];
    switch (d->kind) {
    case K_LONG:
        fprintf(f, "%ld", *(const long *)((const char *)p + d->off));
        break;
    case K_SEED: fprintf(f, "%" PRIu64, p->seed); break;
    case K_GRADES:
        dr_format_double(a, p->grades[0]);
        dr_format_double(b, p->grades[1]);
        dr_format_double(c, p->grades[2]);
        fprintf(f, "%s, %s, %s", a, b, c);
        break;
    case K_CHOICE:
        fputs(d->choices[*(const int *)((const char *)p + d->off)], f);
        break;
    case K_PATH: fputs((const char *)p + d->off, f); break;
    case K_DOUBLE:
        dr_format_double(a, *(const double *)((const char *)p + d->off));
        fputs(a, f);
        break;
    case K_CORR:
        dr_format_double(a, p->corr[d->i][d->j]);
        fputs(a, f);
        break;
    case K_TYPE:
        dr_format_double(
            a, *(const double *)((const char *)&p->defaults + d->off));
        fputs(a, f);
        break;
    }
}

static void note_line(FILE *f, dr_params_note note, void *ctx,
                      const char *section, const char *key)
{
    const char *text = note ? note(ctx, section, key) : NULL;
    if (text)
        fprintf(f, "; %s\n", text);
}

/* [type.*] or [county.*]: only the keys a section was given, so that
 * reading the file back keeps the others following the layer above. */
static void write_sections(const dr_type_section *sec, size_t n,
                           const char *kind, FILE *f, dr_params_note note,
                           void *ctx)
{
    for (size_t t = 0; t < n; t++) {
        char name[80];
        snprintf(name, sizeof name, "%s.%s", kind, sec[t].label);
        fprintf(f, "\n[%s]\n", name);
        for (size_t k = 0; k < NKEYS; k++) {
            char a[32];
            if (keys[k].kind != K_TYPE || !(sec[t].set >> keys[k].i & 1))
                continue;
            note_line(f, note, ctx, name, keys[k].name);
            dr_format_double(a, sec[t].value[keys[k].i]);
            fprintf(f, "%s = %s\n", keys[k].name, a);
        }
    }
}

void dr_params_write_noted(const dr_params *p, FILE *f, dr_params_note note,
                           void *ctx)
{
    const char *cur = NULL;
    for (size_t k = 0; k < NKEYS; k++) {
        if (!cur || strcmp(cur, keys[k].section) != 0) {
            cur = keys[k].section;
            fprintf(f, "%s[%s]\n", k ? "\n" : "", cur);
        }
        note_line(f, note, ctx, cur, keys[k].name);
        fprintf(f, "%s = ", keys[k].name);
        write_value(p, &keys[k], f);
        fputc('\n', f);
    }
    write_sections(p->type, p->ntypes, "type", f, note, ctx);
    write_sections(p->county, p->ncounties, "county", f, note, ctx);
}

void dr_params_write(const dr_params *p, FILE *f)
{
    dr_params_write_noted(p, f, NULL, NULL);
}

static void free_sections(dr_type_section **sec, size_t *n)
{
    for (size_t k = 0; k < *n; k++)
        free((*sec)[k].label);
    free(*sec);
    *sec = NULL;
    *n = 0;
}

void dr_params_free(dr_params *p)
{
    free_sections(&p->type, &p->ntypes);
    free_sections(&p->county, &p->ncounties);
}

static int copy_sections(dr_type_section **dst, size_t *nd,
                         const dr_type_section *src, size_t n)
{
    *dst = NULL;
    *nd = 0;
    if (n == 0)
        return 1;
    if (!(*dst = calloc(n, sizeof **dst)))
        return 0;
    for (size_t k = 0; k < n; k++) {
        (*dst)[k] = src[k];
        if (!((*dst)[k].label = strdup(src[k].label)))
            return 0;
        (*nd)++;
    }
    return 1;
}

dr_status dr_params_copy(dr_params *dst, const dr_params *src, dr_error *err)
{
    *dst = *src;
    dst->type = dst->county = NULL;
    dst->ntypes = dst->ncounties = 0;
    if (copy_sections(&dst->type, &dst->ntypes, src->type, src->ntypes) &&
        copy_sections(&dst->county, &dst->ncounties, src->county,
                      src->ncounties))
        return DR_OK;
    dr_params_free(dst);
    return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
}
