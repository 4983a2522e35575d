/*
 * listutil.c - helpers shared by the CSL, BIS DPL and OFSI readers: text
 * slices, report quoting, capped appends, the header's column map and the
 * record loop (see listutil.h).
 */
#include "listutil.h"

#include <string.h>

#include "../base/limits.h"
#include "../base/utf8.h"

int emb__lu_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void emb__lu_trim(emb__slice *x)
{
    while (x->n && emb__lu_is_space(*x->s)) {
        x->s++;
        x->n--;
    }
    while (x->n && emb__lu_is_space(x->s[x->n - 1]))
        x->n--;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int emb__lu_ieq(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != lower(lit[i]))
            return 0;
    return 1;
}

int emb__lu_shown(const char *s, size_t n, size_t max)
{
    size_t m = n < max ? n : max;
    while (m > 0 && m < n && ((unsigned char)s[m] & 0xC0) == 0x80)
        m--;
    return (int)emb__utf8_check(s, m);
}

emb_status emb__lu_add_cut(emb__buf *b, const char *p, size_t n)
{
    size_t room = b->cap - b->len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;
    }
    return emb__buf_add(b, p, n);
}

/* ---- the header's column map ---- */

void emb__lu_cols_init(emb__lu_cols *h)
{
    memset(h, 0, sizeof *h);
    emb__buf_init(&h->hdr, EMB_CAP_LINE);
}

void emb__lu_cols_destroy(emb__lu_cols *h)
{
    emb__buf_destroy(&h->hdr);
}

emb_status emb__lu_read_header(emb__lu_cols *h, emb__ingest *ing, const emb__lu_header *spec,
                               const emb__csv *c, const emb__slice *names)
{
    if (spec->ndef > EMB_LU_MAX_COLS)
        return EMB_EARG;
    for (int k = 0; k < spec->ndef; k++)
        h->col[k] = -1;
    h->ncols = c->nfields;
    for (size_t i = 0; i < c->nfields; i++) {
        emb__slice x = names ? names[i] : (emb__slice){c->fields[i].s, c->fields[i].n};
        emb__lu_trim(&x);
        int known = 0, quiet = 0;
        for (int k = 0; k < spec->ndef && !known; k++)
            if (spec->eq(x.s, x.n, spec->def[k].name)) {
                if (h->col[k] < 0)
                    h->col[k] = (int)i;
                known = 1;
            }
        for (size_t k = 0; k < spec->nquiet; k++)
            quiet |= spec->eq(x.s, x.n, spec->quiet[k]);
        h->extra_at[i] = 0;
        if (known || x.n == 0)
            continue;
        if (spec->check_utf8 && emb__utf8_check(x.s, x.n) != x.n)
            return emb__ing_fail(ing, EMB_EPARSE, c->line, 0, 0,
                                 "header column %zu is not valid UTF-8", i + 1);
        h->extra_at[i] = h->hdr.len + 1;
        emb_status st = emb__buf_add(&h->hdr, x.s, x.n);
        if (!st)
            st = emb__buf_addc(&h->hdr, '\0');
        if (!st && !quiet)
            st = emb__ing_warn(ing, "unknown column '%.*s'; its values are kept in notes",
                               emb__lu_shown(x.s, x.n, 80), x.s);
        if (st)
            return st;
    }
    for (int k = 0; k < spec->ndef; k++)
        if (spec->def[k].required && h->col[k] < 0)
            return emb__ing_fail(ing, EMB_EPARSE, c->line, 0, 0,
                                 "not %s: required column '%s' is missing from the header",
                                 spec->what, spec->def[k].name);
    return EMB_OK;
}

emb__slice emb__lu_col(const emb__lu_cols *h, const emb__csv *c, int k)
{
    emb__slice x = {"", 0};
    int i = h->col[k];
    if (i < 0 || (size_t)i >= c->nfields)
        return x;
    x.s = c->fields[i].s;
    x.n = c->fields[i].n;
    emb__lu_trim(&x);
    return x;
}

const char *emb__lu_extra(const emb__lu_cols *h, size_t i)
{
    return h->extra_at[i] ? h->hdr.data + h->extra_at[i] - 1 : NULL;
}

/* ---- records ---- */

emb_status emb__lu_csv_fail(emb__ingest *ing, const emb__csv *c, emb_status st)
{
    if (st == EMB_EPARSE || st == EMB_ECAP)
        return emb__ing_fail(ing, st, c->err_line, c->err_col, c->err_offset, "%s", c->err_msg);
    return st;
}

emb_status emb__lu_csv_rows(emb__ingest *ing, emb__csv *c,
                            emb_status (*row)(void *ctx, const emb__csv *c), void *ctx)
{
    for (;;) {
        emb_status st = emb__csv_next(c);
        if (st == EMB_ENOTFOUND)
            return EMB_OK;
        if (st)
            return emb__lu_csv_fail(ing, c, st);
        emb__ing_line(ing, c->line);
        emb__ing_record(ing);
        if ((st = row(ctx, c)) != EMB_OK)
            return st;
    }
}

emb_status emb__lu_csv_table(emb__ingest *ing, emb__csv *c, emb__lu_cols *h,
                             const emb__lu_header *spec, const emb__slice *names,
                             emb_status (*row)(void *ctx, const emb__csv *c), void *ctx)
{
    emb__ing_line(ing, c->line);
    emb_status st = emb__lu_read_header(h, ing, spec, c, names);
    return st ? st : emb__lu_csv_rows(ing, c, row, ctx);
}
