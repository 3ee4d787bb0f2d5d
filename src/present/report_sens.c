/* The report of a sensitivity run. */
#define _GNU_SOURCE /* open_memstream */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "present/briefing.h"
#include "present/mdtext.h"
#include "present/report.h"
#include "present/rtext.h"

/* "spending growth (49.1% at −0.01, 91.8% at +0.01)" for parameter p of
 * county i. */
static void sens_item(const dr_rctx *r, const dr_sensitivity *s, size_t p,
                      size_t i)
{
    char label[160], lo[96], hi[96], a[32], c[32];
    dr_param_label(s->param[p], r->zh ? DR_LANG_ZH : DR_LANG_EN, label,
                   sizeof label);
    /* inside a sentence: "Spending growth" as "spending growth", but not
     * "GDP" */
    if (!r->zh && isupper((unsigned char)label[0]) &&
        islower((unsigned char)label[1]))
        label[0] = (char)tolower((unsigned char)label[0]);
    const double *v = dr_sensitivity_row(s, p, i);
    char *esc = NULL;
    size_t len;
    FILE *m = open_memstream(&esc, &len);
    if (m) {
        dr_md_text(m, label);
        fclose(m);
    }
    dr_say(r, RX_SN_ITEM, esc ? esc : label, dr_rpct(a, v[DR_SENS_LOW]),
           dr_setting_label(s->low[p], lo, sizeof lo),
           dr_rpct(c, v[DR_SENS_HIGH]),
           dr_setting_label(s->high[p], hi, sizeof hi));
    if (!esc)
        dr_rlost(r);
    free(esc);
}

/* The parameters that move county i (n: the city) most, in a sentence. */
static void sens_headline(const dr_rctx *r, const dr_sensitivity *s, size_t i,
                          const size_t *order)
{
    const dr_briefing *b = r->b;
    char who[256], a[32];
    if (i < s->n) {
        char *name = NULL;
        size_t len;
        FILE *m = open_memstream(&name, &len);
        if (m) {
            dr_md_text(m, b->county[i].name);
            fclose(m);
        }
        dr_sayb(r, who, sizeof who, RX_RISKIEST, name ? name : b->county[i].id);
        if (!name)
            dr_rlost(r);
        free(name);
    } else
        snprintf(who, sizeof who, "%s", dr_rt(r, RX_THE_CITY));
    double base = dr_sensitivity_row(s, 0, i)[DR_SENS_BASE];
    size_t top = 0;
    while (top < 3 && top < s->np) {
        const double *v = dr_sensitivity_row(s, order[top], i);
        if (v[DR_SENS_DLOW] == 0.0 && v[DR_SENS_DHIGH] == 0.0)
            break;
        top++;
    }
    long end = b->base_year + b->years;
    if (top == 0) {
        dr_say(r, RX_SN_HEAD_FLAT, who, end, dr_rpct(a, base));
        fputs("\n\n", r->f);
        return;
    }
    /* the sentence around the list, split at its %4$s */
    char *list = NULL;
    size_t len;
    FILE *m = open_memstream(&list, &len);
    if (!m) {
        dr_rlost(r);
        return;
    }
    dr_rctx rl = *r;
    rl.f = m;
    for (size_t k = 0; k < top; k++) {
        if (k)
            fputs(k + 1 == top ? dr_rt(r, RX_AND) : dr_rt(r, RX_COMMA), m);
        sens_item(&rl, s, order[k], i);
    }
    fclose(m);
    dr_say(r, RX_SN_HEAD, who, end, dr_rpct(a, base), list ? list : "");
    fputs("\n\n", r->f);
    if (!list)
        dr_rlost(r);
    free(list);
}

dr_status dr_sensitivity_report_write(const char *outdir, dr_lang lang,
                                      dr_error *err)
{
    dr_sensitivity s;
    dr_status st = dr_sensitivity_load(&s, outdir, err);
    if (st)
        return st;
    dr_md_file o = {0};
    size_t *city = malloc(s.np * sizeof *city);
    size_t *risky = malloc(s.np * sizeof *risky);
    if (!city || !risky) {
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((st = dr_md_open(&o, outdir, err)))
        goto done;
    const dr_briefing *b = &s.base;
    int nomem = 0;
    dr_rctx r = {.b = b, .zh = (lang == DR_LANG_ZH), .f = o.f, .nomem = &nomem};
    dr_lang lg = r.zh ? DR_LANG_ZH : DR_LANG_EN;
    dr_sensitivity_rank(&s, s.n, city);
    dr_sensitivity_rank(&s, s.riskiest, risky);
    char a[32], c[32], d[32], buf[600], label[160];
    fprintf(o.f, "%s\n\n", dr_rt(&r, RX_SN_TITLE));
    char *title = dr_lang_text(dr_briefing_scenario(b), lg), *esc = NULL;
    size_t len;
    FILE *m = open_memstream(&esc, &len);
    if (m) {
        dr_md_text(m, title ? title : b->scenario);
        fclose(m);
    }
    dr_say(&r, b->deterministic ? RX_SN_RUN_DET : RX_SN_RUN, s.np,
           dr_rcount(&r, a, b->paths), b->seed, esc ? esc : "", b->base_year,
           b->base_year + b->years, dr_rline(c, b->warning));
    if (!title || !esc)
        dr_rlost(&r);
    free(title);
    free(esc);
    fputs("\n\n", o.f);
    sens_headline(&r, &s, s.n, city);
    sens_headline(&r, &s, s.riskiest, risky);

    fprintf(o.f, "%s\n\n", dr_rt(&r, RX_SN_SEC_VARIED));
    char *rname = NULL;
    m = open_memstream(&rname, &len);
    if (m) {
        dr_md_text(m, b->county[s.riskiest].name);
        fclose(m);
    }
    dr_say(&r, RX_SN_VARIED_INTRO);
    fputs("\n\n", o.f);
    dr_say(&r, RX_SN_VARIED_HEAD, rname ? rname : b->county[s.riskiest].id);
    if (!rname)
        dr_rlost(&r);
    free(rname);
    fputc('\n', o.f);
    for (size_t k = 0; k < s.np; k++) {
        size_t p = city[k];
        const double *v = dr_sensitivity_row(&s, p, s.n);
        const double *w = dr_sensitivity_row(&s, p, s.riskiest);
        fputs("| ", o.f);
        dr_md_text(o.f, dr_param_label(s.param[p], lg, label, sizeof label));
        dr_md_code(buf, sizeof buf, s.param[p]);
        fprintf(o.f, " | `%s` | ", buf);
        dr_md_text(o.f, dr_setting_label(s.low[p], label, sizeof label));
        fputs(" | ", o.f);
        dr_md_text(o.f, dr_setting_label(s.high[p], label, sizeof label));
        fprintf(o.f, " | %s (%s) | ", dr_rpct(a, v[DR_SENS_LOW]),
                dr_pts(c, v[DR_SENS_DLOW]));
        fprintf(o.f, "%s (%s) | ", dr_rpct(a, v[DR_SENS_HIGH]),
                dr_pts(c, v[DR_SENS_DHIGH]));
        fprintf(o.f, "%s (%s) | ", dr_rpct(a, w[DR_SENS_LOW]),
                dr_pts(d, w[DR_SENS_DLOW]));
        fprintf(o.f, "%s (%s) |\n", dr_rpct(a, w[DR_SENS_HIGH]),
                dr_pts(d, w[DR_SENS_DHIGH]));
    }
    fputc('\n', o.f);

    char county[96];
    snprintf(county, sizeof county, "tornado_%s", b->county[s.riskiest].id);
    const char *names[2] = {dr_tornado_city_name(&s), county};
    int any = 0;
    for (int k = 0; k < 2; k++) {
        if (!dr_picture_in(outdir, "", names[k], buf, sizeof buf))
            continue;
        if (!any++)
            fprintf(o.f, "%s\n\n", dr_rt(&r, RX_SN_SEC_CHARTS));
        fputs("### ", o.f);
        if (k == 0)
            fputs(dr_rt(&r, RX_CITY_CAP), o.f);
        else {
            char *nm = NULL;
            m = open_memstream(&nm, &len);
            if (m) {
                dr_md_text(m, b->county[s.riskiest].name);
                fclose(m);
            }
            dr_say(&r, RX_RISKIEST, nm ? nm : "");
            if (!nm)
                dr_rlost(&r);
            free(nm);
        }
        fprintf(o.f, "\n\n![%s](%s)\n\n", names[k], buf);
    }

    fprintf(o.f, "%s\n\n", dr_rt(&r, RX_SEC_METHOD));
    dr_say(&r, RX_SN_M_ONE, b->base_year + b->years);
    fputc('\n', o.f);
    if (*b->model) {
        dr_md_code(buf, sizeof buf, b->model);
        dr_say(&r, RX_M_MODEL, buf);
        fputc('\n', o.f);
    }
    dr_md_code(buf, sizeof buf, b->version);
    char cmd[1024];
    dr_md_code(cmd, sizeof cmd, b->command);
    dr_say(&r, RX_M_VERSION, buf, cmd);
    fputc('\n', o.f);
    fprintf(o.f, "%s\n", dr_rt(&r, RX_SN_M_FILES));
    if (nomem)
        st = dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
done:
    st = dr_md_close(&o, st, err);
    free(city);
    free(risky);
    dr_sensitivity_free(&s);
    return st;
}
