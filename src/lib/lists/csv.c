/*
 * csv.c - the delimited-record reader (csv.h).  One pass, no backtracking;
 * a quote opens a quoted field only at the start of a field, and inside a
 * quoted field "" is a literal quote.  A stray quote inside an unquoted
 * field is kept as text (OFAC files contain such).
 */
#include "csv.h"

#include <string.h>

#include "../base/limits.h"

void emb__csv_init(emb__csv *c, const char *data, size_t len, char sep)
{
    memset(c, 0, sizeof *c);
    c->data = data;
    c->len = len;
    c->sep = sep;
    c->next_line = 1;
    emb__buf_init(&c->buf, EMB_CAP_LINE);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->pos = 3;
    /* drop a trailing DOS EOF byte */
    while (c->len > c->pos && c->data[c->len - 1] == 0x1A)
        c->len--;
}

void emb__csv_destroy(emb__csv *c)
{
    emb__buf_destroy(&c->buf);
}

static emb_status fail(emb__csv *c, emb_status st, uint64_t line, size_t pos, size_t line_start,
                       const char *msg)
{
    c->err_line = line;
    c->err_col = pos - line_start + 1;
    c->err_offset = pos;
    c->err_msg = msg;
    return st;
}

emb_status emb__csv_next(emb__csv *c)
{
    const char *d = c->data;
    size_t n = c->len;
    /* skip blank lines */
    while (c->pos < n && (d[c->pos] == '\n' || d[c->pos] == '\r')) {
        if (d[c->pos] == '\n')
            c->next_line++;
        c->pos++;
    }
    if (c->pos >= n)
        return EMB_ENOTFOUND;
    emb__buf_reset(&c->buf);
    c->nfields = 0;
    c->line = c->next_line;
    size_t line_start = c->pos;
    size_t i = c->pos;
    for (;;) {
        if (c->nfields >= EMB_CSV_MAX_FIELDS)
            return fail(c, EMB_ECAP, c->next_line, i, line_start,
                        "more than 256 fields in one record");
        size_t fstart = c->buf.len;
        int quoted = 0;
        emb_status st = EMB_OK;
        if (i < n && d[i] == '"') {
            quoted = 1;
            size_t qpos = i;
            i++;
            for (;;) {
                if (i >= n)
                    return fail(c, EMB_EPARSE, c->line, qpos, line_start,
                                "unterminated quoted field");
                char ch = d[i];
                if (ch == '"') {
                    if (i + 1 < n && d[i + 1] == '"') {
                        st = emb__buf_addc(&c->buf, '"');
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                } else {
                    if (ch == '\n') {
                        c->next_line++;
                        line_start = i + 1;
                    }
                    st = emb__buf_addc(&c->buf, ch);
                    i++;
                }
                if (st)
                    return fail(c, st, c->next_line, i, line_start, "record too long");
            }
            /* after the closing quote: spaces, then separator or end of line */
            while (i < n && d[i] == ' ')
                i++;
            if (i < n && d[i] != c->sep && d[i] != '\r' && d[i] != '\n')
                return fail(c, EMB_EPARSE, c->next_line, i, line_start,
                            "unexpected text after a closing quote");
        } else {
            size_t s = i;
            while (i < n && d[i] != c->sep && d[i] != '\n' && d[i] != '\r')
                i++;
            st = emb__buf_add(&c->buf, d + s, i - s);
            if (st)
                return fail(c, st, c->next_line, i, line_start, "record too long");
        }
        if ((st = emb__buf_addc(&c->buf, '\0')) != EMB_OK)
            return fail(c, st, c->next_line, i, line_start, "record too long");
        c->starts[c->nfields] = fstart;
        c->fields[c->nfields].n = c->buf.len - 1 - fstart;
        c->fields[c->nfields].quoted = quoted;
        c->nfields++;
        if (i < n && d[i] == c->sep) {
            i++;
            continue;
        }
        /* end of record */
        if (i < n && d[i] == '\r')
            i++;
        if (i < n && d[i] == '\n') {
            i++;
            c->next_line++;
        }
        break;
    }
    c->pos = i;
    for (size_t k = 0; k < c->nfields; k++)
        c->fields[k].s = c->buf.data + c->starts[k];
    return EMB_OK;
}
