/*
 * jsonl.c - JSON-lines walking and record access for the list readers
 * (jsonl.h).  Each line is parsed on its own with json_loadb (any JSON
 * value, NUL escapes allowed), so a malformed line is reported by its own
 * line number; jansson's column and position are within that line and are
 * turned into a column and a byte offset in the file.
 */
#include "jsonl.h"

#include <stdio.h>
#include <string.h>

#include "../base/limits.h"

/* ---- lines ---- */

int emb__jsonl_line(const emb__file *f, emb__jsonl_it *it, size_t *off, size_t *len)
{
    if (it->pos == 0 && it->line == 0 && f->len >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0)
        it->pos = 3;
    if (it->pos >= f->len)
        return 0;
    size_t start = it->pos;
    const char *nl = memchr(f->data + start, '\n', f->len - start);
    size_t end = nl ? (size_t)(nl - f->data) : f->len;
    it->pos = nl ? end + 1 : f->len;
    it->line++;
    *off = start;
    *len = end - start;
    if (*len && f->data[end - 1] == '\r')
        (*len)--;
    return 1;
}

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    default:
        return "an object";
    }
}

static emb_status json_fail(emb__ingest *ing, uint64_t line, size_t line_off,
                            const json_error_t *je)
{
    emb_status st = EMB_EPARSE;
#if JANSSON_VERSION_HEX >= 0x020b00
    enum json_error_code code = json_error_code(je);
    if (code == json_error_out_of_memory)
        st = EMB_ENOMEM;
    else if (code == json_error_invalid_utf8)
        st = EMB_EUTF8;
#endif
    uint64_t col = je->column > 0 ? (uint64_t)je->column : 1;
    /* jansson's column and position are just past the last byte it read,
     * the end of the offending token: the offset names that byte */
    uint64_t off = line_off + (je->position > 0 ? (uint64_t)je->position - 1 : 0);
    return emb__ing_fail(ing, st, line, col, off, "invalid JSON on line %llu: %s",
                         (unsigned long long)line, je->text);
}

emb_status emb__jsonl_read(emb__ingest *ing, const emb__file *f, emb__jsonl_fn fn, void *ctx)
{
    emb__jsonl_it it = {0, 0};
    size_t start, n;
    emb_status st = EMB_OK;
    while (!st && emb__jsonl_line(f, &it, &start, &n)) {
        emb__ing_line(ing, it.line);
        size_t k = 0;
        while (k < n && (f->data[start + k] == ' ' || f->data[start + k] == '\t'))
            k++;
        if (k == n)
            continue; /* blank line */
        if (n > EMB_CAP_LINE)
            return emb__ing_fail(ing, EMB_ECAP, it.line, 1, start,
                                 "line longer than %zu bytes (EMB_CAP_LINE)", (size_t)EMB_CAP_LINE);
        json_error_t je;
        json_t *rec = json_loadb(f->data + start, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
        if (!rec)
            return json_fail(ing, it.line, start, &je);
        emb__ing_record(ing);
        if (json_is_object(rec))
            st = fn(ctx, rec);
        else
            st =
                emb__ing_skip(ing, "line is %s, not a JSON object; record skipped", json_kind(rec));
        json_decref(rec);
    }
    return st;
}

/* ---- values ---- */

const char *emb__jsonl_val(const json_t *v, char num[32], size_t *n, int *bad)
{
    *n = 0;
    *bad = 0;
    if (json_is_string(v)) {
        *n = json_string_length(v);
        return *n ? json_string_value(v) : NULL;
    }
    int w = -1;
    if (json_is_integer(v))
        w = snprintf(num, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        w = snprintf(num, 32, "%.15g", json_real_value(v));
    else if (v && !json_is_null(v))
        *bad = 1;
    if (w <= 0 || w >= 32)
        return NULL;
    *n = (size_t)w;
    return num;
}

const char *emb__jsonl_str(const json_t *o, const char *key, size_t *n)
{
    const json_t *v = json_object_get(o, key);
    *n = json_is_string(v) ? json_string_length(v) : 0;
    return *n ? json_string_value(v) : NULL;
}

int emb__jsonl_ieq(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (!s || n != m)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = s[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != lit[i])
            return 0;
    }
    return 1;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

void emb__jsonl_trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

int emb__jsonl_same_text(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && is_space(a[i]))
            i++;
        while (j < bn && is_space(b[j]))
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        while (i < an && j < bn && a[i] == b[j] && !is_space(a[i])) {
            i++;
            j++;
        }
        if (!(i == an || is_space(a[i])) || !(j == bn || is_space(b[j])))
            return 0;
    }
}

/* Copies "where.key" into out for a message, keeping printable ASCII only
 * (keys are input and may be anything). */
static void safe_tag(char *out, size_t cap, const char *where, const char *key)
{
    size_t o = 0;
    for (const char *s = where; *s && o + 1 < cap; s++)
        out[o++] = *s;
    if (o + 1 < cap)
        out[o++] = '.';
    for (const char *s = key; *s && o + 1 < cap; s++)
        out[o++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
    out[o] = '\0';
}

emb_status emb__jsonl_check_keys(emb__ingest *ing, emb__jsonl_seen *seen, json_t *o,
                                 const char *where, const char *const *known)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        size_t i = 0;
        while (known[i] && strcmp(known[i], k) != 0)
            i++;
        if (known[i])
            continue;
        char tag[EMB_JSONL_TAG_MAX];
        safe_tag(tag, sizeof tag, where, k);
        for (i = 0; i < seen->n && strcmp(seen->tag[i], tag) != 0; i++)
            ;
        if (i < seen->n || seen->n == EMB_JSONL_SEEN_MAX)
            continue;
        memcpy(seen->tag[seen->n++], tag, sizeof tag);
        emb_status st = emb__ing_warn(ing, "unknown key '%s' (first seen here); ignored", tag);
        if (st)
            return st;
    }
    return EMB_OK;
}

emb_status emb__jsonl_array(emb__ingest *ing, json_t *v, const char *key, json_t **out)
{
    *out = json_is_array(v) ? v : NULL;
    if (v && !*out && !json_is_null(v))
        return emb__ing_warn(ing, "'%s' is not a list; ignored", key);
    return EMB_OK;
}

emb_status emb__jsonl_each(emb__ingest *ing, json_t *list, const char *key, emb__jsonl_fn fn,
                           void *ctx)
{
    emb_status st = EMB_OK;
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        if (!json_is_object(o))
            st = emb__ing_warn(ing, "an item of '%s' is not an object; ignored", key);
        else
            st = fn(ctx, o);
        if (st)
            break;
    }
    return st;
}

emb_status emb__jsonl_put_text(emb__ingest *ing, uint32_t ent, emb_prop p, const json_t *o,
                               const char *key)
{
    char num[32];
    size_t n;
    int bad;
    const char *s = emb__jsonl_val(json_object_get(o, key), num, &n, &bad);
    if (bad)
        return emb__ing_warn(ing, "'%s' is not text; ignored", key);
    return s ? emb__ing_prop(ing, ent, p, s, n) : EMB_OK;
}

emb_status emb__jsonl_join(emb__ingest *ing, emb__buf *out, const json_t *o,
                           const char *const *keys, const char *sep, emb__jsonl_skip_fn skip)
{
    emb__buf_reset(out);
    for (size_t i = 0; keys[i]; i++) {
        char num[32];
        size_t n;
        int bad;
        const char *s = emb__jsonl_val(json_object_get(o, keys[i]), num, &n, &bad);
        if (bad) {
            emb_status st = emb__ing_warn(ing, "'%s' is not text; ignored", keys[i]);
            if (st)
                return st;
        }
        if (!s)
            continue;
        emb__jsonl_trim(&s, &n);
        if (n == 0 || (skip && skip(keys[i], s, n)))
            continue;
        emb_status st = out->len ? emb__buf_adds(out, sep) : EMB_OK;
        if (!st)
            st = emb__buf_add(out, s, n);
        if (st)
            return st;
    }
    return EMB_OK;
}
