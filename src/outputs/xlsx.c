#include "outputs/xlsx.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inputs/csvread.h"

#define MAX_WIDTH 60.0

static const char *const NOTE_INF[2] = {
    "Infinite: comprehensive resources were zero or negative, so the ratio "
    "has no finite value.",
    "无穷大：综合财力为零或负，比率没有有限值。"};
static const char *const NOTE_NAN[2] = {
    "Not a number: the difference of two infinite values.",
    "非数：两个无穷大之差。"};

void dr_xlsx_check(dr_xlsx *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->lerr == LXW_NO_ERROR && x->st == DR_OK)
        x->lerr = e;
}

#define lx dr_xlsx_check

static int failed(const dr_xlsx *x)
{
    return x->lerr != LXW_NO_ERROR || x->st != DR_OK;
}

void dr_xlsx_fail(dr_xlsx *x, const dr_error *err)
{
    if (failed(x))
        return;
    x->st = err->status;
    x->err = *err;
}

static lxw_format *format(dr_xlsx *x, const char *num)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        lx(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    if (num)
        format_set_num_format(f, num);
    return f;
}

static const char *const KIND_FORMAT[DR_CELL_RATE + 1] = {
    [DR_CELL_TEXT] = NULL,        [DR_CELL_YEAR] = "0",
    [DR_CELL_COUNT] = "0",        [DR_CELL_NUM] = NULL,
    [DR_CELL_MONEY] = "#,##0.00", [DR_CELL_RATIO] = "0.0%",
    [DR_CELL_PROB] = "0.0%",      [DR_CELL_DELTA] = "+0.0%;-0.0%;0.0%",
    [DR_CELL_RATE] = "0.00%"};

static const lxw_color_t FILL[4] = {0xC6EFCE, 0xFFEB9C, 0xF8CBAD, 0xFFC7CE};

static void make_formats(dr_xlsx *x)
{
    for (int k = 0; k <= DR_CELL_RATE; k++)
        x->kind[k] = format(x, KIND_FORMAT[k]);
    for (int g = 0; g < 4; g++)
        for (int above = 0; above < 2; above++) {
            lxw_format *f = format(x, "0.0%");
            if (!f)
                return;
            format_set_bg_color(f, FILL[g]);
            if (above) {
                format_set_bold(f);
                format_set_font_color(f, 0x9C0006);
            }
            x->graded[g][above] = f;
        }
    if ((x->head = format(x, NULL))) {
        format_set_bold(x->head);
        format_set_bg_color(x->head, 0x1F4E79);
        format_set_font_color(x->head, LXW_COLOR_WHITE);
        format_set_text_wrap(x->head);
        format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(x->head, LXW_BORDER_THIN);
    }
    if ((x->title = format(x, NULL))) {
        format_set_bold(x->title);
        format_set_font_size(x->title, 16);
    }
    if ((x->note = format(x, NULL)))
        format_set_font_color(x->note, 0x595959);
    if ((x->bold = format(x, NULL)))
        format_set_bold(x->bold);
    x->text = format(x, "@");
}

dr_status dr_xlsx_open(dr_xlsx *x, const char *path, dr_lang lang,
                       dr_error *err)
{
    *x = (dr_xlsx){0};
    x->zh = lang == DR_LANG_ZH;
    /* libxlsxwriter makes the file only when it closes the workbook, and
     * then prints its own message when it cannot: made here first, so
     * that a folder that cannot be written is reported now, by us */
    FILE *f = fopen(path, "wb");
    if (!f && errno == ENOMEM)
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    if (!f)
        return dr_error_set(err, DR_EIO, path, 0, 0, "cannot make it: %s",
                            strerror(errno));
    fclose(f);
    if (!(x->path = strdup(path))) {
        unlink(path);
        return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
    }
    x->wb = workbook_new(path);
    if (!x->wb) {
        int e = errno;
        unlink(path);
        free(x->path);
        *x = (dr_xlsx){0};
        if (e == ENOMEM)
            return dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory");
        return dr_error_set(err, DR_EIO, path, 0, 0, "cannot make it: %s",
                            strerror(e ? e : EIO));
    }
    make_formats(x);
    return DR_OK;
}

lxw_worksheet *dr_xlsx_sheet(dr_xlsx *x, const char *name)
{
    if (failed(x))
        return NULL;
    /* checked first: the library prints its own warning otherwise */
    lxw_error e = workbook_validate_sheet_name(x->wb, name);
    if (e != LXW_NO_ERROR) {
        dr_error de = {0};
        dr_error_set(&de, DR_EIO, x->path, 0, 0, "sheet '%s': %s", name,
                     lxw_strerror(e));
        dr_xlsx_fail(x, &de);
        return NULL;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws)
        lx(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return ws;
}

double dr_xlsx_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        /* three- and four-byte sequences: CJK, full-width forms */
        w += *p >= 0xE0 ? 2.0 : 1.0;
    }
    return w;
}

void dr_xlsx_widths(dr_xlsx *x, lxw_worksheet *ws, const double *width,
                    size_t ncols, double min)
{
    for (size_t c = 0; c < ncols && !failed(x); c++) {
        double w = width[c] + 2.0;
        w = w < min ? min : w > MAX_WIDTH ? MAX_WIDTH : w;
        lx(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
    }
}

void dr_xlsx_text(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                  const char *s, lxw_format *fmt)
{
    if (!failed(x) && ws)
        lx(x, worksheet_write_string(ws, row, col, s, fmt));
}

void dr_xlsx_number(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    double v, dr_cell_kind k, lxw_format *fmt)
{
    if (failed(x) || !ws)
        return;
    if (isfinite(v)) {
        lx(x, worksheet_write_number(ws, row, col, v, fmt ? fmt : x->kind[k]));
        return;
    }
    const char *text = isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
    lx(x, worksheet_write_string(ws, row, col, text, fmt));
    lx(x, worksheet_write_comment(ws, row, col,
                                  (isnan(v) ? NOTE_NAN : NOTE_INF)[x->zh]));
}

lxw_format *dr_xlsx_grade_format(const dr_xlsx *x, double ratio, double warning,
                                 const double grades[3])
{
    int g = 0;
    while (g < 3 && !(ratio < grades[g]))
        g++;
    return x->graded[g][ratio > warning]; /* "above" is strictly greater */
}

lxw_format *dr_xlsx_fill(dr_xlsx *x, dr_cell_kind k, int grade)
{
    if (failed(x))
        return NULL;
    lxw_format **f = &x->filled[k][grade];
    if (!*f && (*f = format(x, KIND_FORMAT[k])))
        format_set_bg_color(*f, FILL[grade]);
    return *f;
}

void dr_xlsx_cell(dr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                  const dr_csv_table *t, size_t r, size_t k, dr_cell_kind kind,
                  lxw_format *fmt)
{
    const dr_csv_cell *cell = dr_csv_get(t, r, k);
    if (failed(x) || !cell || !*cell->text)
        return; /* blank: an empty year, an estimate that has none */
    char *end;
    double v = strtod(cell->text, &end);
    if (end == cell->text || *end) {
        dr_error e = {0};
        dr_csv_fail(t, r, k, &e, "%s: expected a number, found '%s'",
                    t->cols[k].name, cell->text);
        dr_xlsx_fail(x, &e);
        return;
    }
    dr_xlsx_number(x, ws, row, col, v, kind, fmt);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

void dr_xlsx_csv_sheet(dr_xlsx *x, const char *dir, const char *rel,
                       const dr_schema *s, const char *name)
{
    if (failed(x))
        return;
    char *path = join(dir, rel);
    dr_csv_column cols[DR_SCHEMA_MAX_COLS];
    dr_csv_table t = {0};
    dr_error e = {0};
    if (!path) {
        lx(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    dr_schema_columns(s, 0, cols);
    if (dr_csv_read(path, cols, s->ncols, &t, &e) != DR_OK) {
        dr_xlsx_fail(x, &e);
        free(path);
        return;
    }
    lxw_worksheet *ws = dr_xlsx_sheet(x, name);
    double width[DR_SCHEMA_MAX_COLS] = {0};
    for (size_t k = 0; k < s->ncols && ws; k++) {
        const dr_column *c = &s->col[k];
        dr_xlsx_text(x, ws, 0, (lxw_col_t)k, c->label[x->zh], x->head);
        if (!failed(x))
            lx(x, worksheet_write_comment(ws, 0, (lxw_col_t)k, c->name));
        width[k] = dr_xlsx_width(c->label[x->zh]);
        if (width[k] > 18)
            width[k] = 18; /* long headers wrap */
    }
    for (size_t r = 0; r < t.nrows && ws && !failed(x); r++)
        for (size_t k = 0; k < s->ncols; k++) {
            if (!dr_csv_get(&t, r, k))
                continue;
            if (s->col[k].kind == DR_CELL_TEXT) {
                const char *v = dr_csv_get(&t, r, k)->text;
                dr_xlsx_text(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)k, v,
                             x->text);
                double w = dr_xlsx_width(v);
                if (w > width[k])
                    width[k] = w;
            } else {
                dr_xlsx_cell(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)k, &t, r, k,
                             s->col[k].kind, NULL);
            }
        }
    if (ws && !failed(x)) {
        dr_xlsx_widths(x, ws, width, s->ncols, 9.0);
        lx(x, worksheet_set_row(ws, 0, 32, NULL));
        worksheet_freeze_panes(ws, 1, 0);
        if (s->ncols > 0)
            lx(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)t.nrows,
                                       (lxw_col_t)(s->ncols - 1)));
    }
    dr_csv_free(&t);
    free(path);
}

typedef struct ini_sheet {
    dr_xlsx *x;
    lxw_worksheet *ws;
    lxw_row_t row;
    double width[3];
} ini_sheet;

static int ini_row(void *user, const char *section, const char *key,
                   const char *value)
{
    ini_sheet *s = user;
    const char *v[3] = {section, key, value};
    for (int c = 0; c < 3; c++) {
        dr_xlsx_text(s->x, s->ws, s->row, (lxw_col_t)c, v[c], s->x->text);
        double w = dr_xlsx_width(v[c]);
        if (w > s->width[c])
            s->width[c] = w;
    }
    s->row++;
    return !failed(s->x);
}

void dr_xlsx_ini_sheet(dr_xlsx *x, const char *dir, const char *rel,
                       const char *name)
{
    static const char *const head[2][3] = {{"Section", "Key", "Value"},
                                           {"节", "键", "值"}};
    if (failed(x))
        return;
    char *path = join(dir, rel);
    if (!path) {
        lx(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    if (access(path, F_OK) != 0) {
        free(path);
        return;
    }
    ini_sheet s = {x, dr_xlsx_sheet(x, name), 1, {0}};
    if (s.ws) {
        for (int c = 0; c < 3; c++) {
            dr_xlsx_text(x, s.ws, 0, (lxw_col_t)c, head[x->zh][c], x->head);
            s.width[c] = dr_xlsx_width(head[x->zh][c]);
        }
        int rc = ini_parse(path, ini_row, &s);
        if (rc != 0 && !failed(x)) {
            dr_error e = {0};
            if (rc > 0)
                dr_error_set(&e, DR_EINPUT, path, rc, 0,
                             "not a line of an INI file");
            else
                dr_error_set(&e, rc == -2 ? DR_ENOMEM : DR_EIO, path, 0, 0,
                             "%s", rc == -2 ? "out of memory" : "cannot read");
            dr_xlsx_fail(x, &e);
        }
        dr_xlsx_widths(x, s.ws, s.width, 3, 8.0);
        worksheet_freeze_panes(s.ws, 1, 0);
    }
    free(path);
}

dr_status dr_xlsx_close(dr_xlsx *x, dr_error *err)
{
    if (!x->wb)
        return DR_OK;
    lxw_error e = workbook_close(x->wb); /* frees the workbook, always */
    dr_status st = DR_OK;
    if (x->st != DR_OK) {
        *err = x->err;
        st = x->st;
    } else if (x->lerr != LXW_NO_ERROR || e != LXW_NO_ERROR) {
        lxw_error le = x->lerr != LXW_NO_ERROR ? x->lerr : e;
        st = le == LXW_ERROR_MEMORY_MALLOC_FAILED
                 ? dr_error_set(err, DR_ENOMEM, NULL, 0, 0, "out of memory")
                 : dr_error_set(err, DR_EIO, x->path, 0, 0,
                                "cannot write the workbook: %s",
                                lxw_strerror(le));
    }
    if (st != DR_OK)
        unlink(x->path);
    free(x->path);
    *x = (dr_xlsx){0};
    return st;
}
