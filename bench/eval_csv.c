/*
 * eval_csv.c - the CSV reader of the eval harness.  The whole file is read
 * into one buffer and parsed in place: a field's unescaped text is never
 * longer than its raw text, so it is written back over the raw bytes and
 * NUL-terminated where its separator was (one spare byte after the data
 * covers the last field).  The reader follows RFC 4180 and tolerates what
 * the labelled sets contain: CRLF, a UTF-8 BOM, '#' comment lines (on
 * request), blank lines and text after a closing quote.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

/* A growing array of field pointers plus the index where each row starts. */
typedef struct fieldlist {
    char **f;
    size_t n, cap;
    size_t *row;
    size_t nrows, rowcap;
} fieldlist;

static void set_msg(char *msg, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_msg(char *msg, size_t cap, const char *fmt, ...)
{
    va_list ap;
    if (msg == NULL || cap == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, cap, fmt, ap);
    va_end(ap);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    void *np;
    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap : 64;
    while (ncap < need) {
        if (ncap > ((size_t)-1) / 2 / elem)
            return -1;
        ncap *= 2;
    }
    np = realloc(*p, ncap * elem);
    if (np == NULL)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

static int push_field(fieldlist *fl, char *field)
{
    if (grow((void **)&fl->f, &fl->cap, fl->n + 1, sizeof *fl->f) != 0)
        return -1;
    fl->f[fl->n++] = field;
    return 0;
}

static int push_row(fieldlist *fl)
{
    if (grow((void **)&fl->row, &fl->rowcap, fl->nrows + 1, sizeof *fl->row) != 0)
        return -1;
    fl->row[fl->nrows++] = fl->n;
    return 0;
}

/* Parses one field starting at *pos; returns the byte that ended it
 * (',' or '\n') or -1 at end of data, -2 for an unterminated quote. */
static int parse_field(char *d, size_t len, size_t *pos, size_t *line, char **out)
{
    size_t r = *pos, w = *pos;
    int end;
    *out = d + w;
    if (r < len && d[r] == '"') {
        r++;
        for (;;) {
            if (r >= len)
                return -2;
            if (d[r] == '"') {
                if (r + 1 < len && d[r + 1] == '"') {
                    d[w++] = '"';
                    r += 2;
                    continue;
                }
                r++;
                break;
            }
            if (d[r] == '\n')
                (*line)++;
            d[w++] = d[r++];
        }
    }
    /* Unquoted text, or stray text after a closing quote. */
    while (r < len && d[r] != ',' && d[r] != '\n')
        d[w++] = d[r++];
    end = r < len ? (unsigned char)d[r] : -1;
    if (end != ',' && w > (size_t)(*out - d) && d[w - 1] == '\r')
        w--;
    d[w] = '\0'; /* w <= r, and d[len] is the spare byte */
    if (end == '\n')
        (*line)++;
    *pos = r < len ? r + 1 : len;
    return end;
}

static int is_blank_line(const char *d, size_t len, size_t pos)
{
    if (d[pos] == '\n')
        return 1;
    return d[pos] == '\r' && pos + 1 < len && d[pos + 1] == '\n';
}

static int split_records(fieldlist *fl, char *d, size_t len, unsigned flags, char *msg,
                         size_t msgcap)
{
    size_t pos = 0, line = 1;
    if (len >= 3 && (unsigned char)d[0] == 0xEF && (unsigned char)d[1] == 0xBB &&
        (unsigned char)d[2] == 0xBF)
        pos = 3;
    while (pos < len) {
        size_t start_line = line;
        int end;
        if (is_blank_line(d, len, pos) || ((flags & EV_CSV_COMMENTS) && d[pos] == '#')) {
            const char *nl = memchr(d + pos, '\n', len - pos);
            pos = nl ? (size_t)(nl - d) + 1 : len;
            line++;
            continue;
        }
        if (push_row(fl) != 0)
            goto oom;
        do {
            char *field;
            end = parse_field(d, len, &pos, &line, &field);
            if (end == -2) {
                set_msg(msg, msgcap, "line %zu: quoted field not closed before end of file",
                        start_line);
                return -1;
            }
            if (push_field(fl, field) != 0)
                goto oom;
        } while (end == ',');
    }
    return 0;
oom:
    set_msg(msg, msgcap, "out of memory");
    return -1;
}

int ev_table_parse(ev_table *t, char *data, size_t len, unsigned flags, char *msg, size_t msgcap)
{
    fieldlist fl = {0};
    size_t first = 0, i, c;
    memset(t, 0, sizeof *t);
    t->data = data;
    t->len = len;
    if (data == NULL)
        return -1;
    data[len] = '\0';
    if (split_records(&fl, data, len, flags, msg, msgcap) != 0)
        goto fail;
    if (!(flags & EV_CSV_NO_HEADER)) {
        if (fl.nrows == 0) {
            set_msg(msg, msgcap, "no header row");
            goto fail;
        }
        t->ncols = (fl.nrows > 1 ? fl.row[1] : fl.n) - fl.row[0];
        t->header = malloc(t->ncols * sizeof *t->header);
        if (t->header == NULL)
            goto oom;
        for (c = 0; c < t->ncols; c++)
            t->header[c] = fl.f[c];
        first = 1;
    } else {
        for (i = 0; i < fl.nrows; i++) {
            size_t end = i + 1 < fl.nrows ? fl.row[i + 1] : fl.n;
            if (end - fl.row[i] > t->ncols)
                t->ncols = end - fl.row[i];
        }
    }
    t->nrows = fl.nrows - first;
    if (t->nrows > 0 && t->ncols > 0) {
        if (t->nrows > ((size_t)-1) / sizeof(char *) / t->ncols)
            goto oom;
        t->cells = malloc(t->nrows * t->ncols * sizeof *t->cells);
        if (t->cells == NULL)
            goto oom;
    }
    for (i = 0; i < t->nrows; i++) {
        size_t r = i + first;
        size_t beg = fl.row[r];
        size_t nf = (r + 1 < fl.nrows ? fl.row[r + 1] : fl.n) - beg;
        if (nf < t->ncols)
            t->short_rows++;
        else if (nf > t->ncols)
            t->long_rows++;
        for (c = 0; c < t->ncols; c++)
            t->cells[i * t->ncols + c] = c < nf ? fl.f[beg + c] : data + len; /* data[len] is "" */
    }
    free(fl.f);
    free(fl.row);
    return 0;
oom:
    set_msg(msg, msgcap, "out of memory");
fail:
    free(fl.f);
    free(fl.row);
    ev_table_free(t);
    return -1;
}

int ev_table_load(ev_table *t, const char *path, unsigned flags, char *msg, size_t msgcap)
{
    FILE *fp;
    char *data = NULL;
    size_t len = 0, cap = 0;
    memset(t, 0, sizeof *t);
    fp = fopen(path, "rb");
    if (fp == NULL) {
        set_msg(msg, msgcap, "%s: %s", path, strerror(errno));
        return -1;
    }
    for (;;) {
        size_t got;
        if (grow((void **)&data, &cap, len + 65536 + 1, 1) != 0) {
            set_msg(msg, msgcap, "%s: out of memory", path);
            goto fail;
        }
        got = fread(data + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        set_msg(msg, msgcap, "%s: read error", path);
        goto fail;
    }
    fclose(fp);
    if (ev_table_parse(t, data, len, flags, msg, msgcap) != 0) {
        if (msg != NULL && msgcap > 0) {
            char tmp[256];
            snprintf(tmp, sizeof tmp, "%s", msg);
            set_msg(msg, msgcap, "%s: %s", path, tmp);
        }
        return -1;
    }
    return 0;
fail:
    fclose(fp);
    free(data);
    return -1;
}

void ev_table_free(ev_table *t)
{
    if (t == NULL)
        return;
    free(t->cells);
    free(t->header);
    free(t->data);
    memset(t, 0, sizeof *t);
}

long ev_table_col(const ev_table *t, const char *name)
{
    size_t c;
    if (t->header == NULL)
        return -1;
    for (c = 0; c < t->ncols; c++)
        if (strcmp(t->header[c], name) == 0)
            return (long)c;
    return -1;
}

const char *ev_cell(const ev_table *t, size_t row, long col)
{
    if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
        return "";
    return t->cells[row * t->ncols + (size_t)col];
}
