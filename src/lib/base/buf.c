/*
 * buf.c - the capped growable buffer and array growth helper (buf.h).
 * Growth doubles; the cap is checked before any allocation.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void emb__buf_init(emb__buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
}

void emb__buf_destroy(emb__buf *b)
{
    emb__free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
}

void emb__buf_reset(emb__buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

emb_status emb__buf_reserve(emb__buf *b, size_t n)
{
    if (n > b->cap || b->len > b->cap - n)
        return EMB_ECAP;
    size_t need = b->len + n + 1;
    if (need <= b->alloc)
        return EMB_OK;
    size_t na = b->alloc ? b->alloc : 64;
    while (na < need)
        na = na > ((size_t)-1) / 2 ? need : na * 2;
    char *p = emb__realloc(b->data, na);
    if (!p)
        return EMB_ENOMEM;
    b->data = p;
    b->alloc = na;
    return EMB_OK;
}

emb_status emb__buf_add(emb__buf *b, const void *p, size_t n)
{
    emb_status st = emb__buf_reserve(b, n);
    if (st)
        return st;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return EMB_OK;
}

emb_status emb__buf_addc(emb__buf *b, char c)
{
    return emb__buf_add(b, &c, 1);
}

emb_status emb__buf_adds(emb__buf *b, const char *s)
{
    return emb__buf_add(b, s, strlen(s));
}

emb_status emb__buf_printf(emb__buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return EMB_EINTERNAL;
    if ((size_t)n < sizeof small)
        return emb__buf_add(b, small, (size_t)n);
    emb_status st = emb__buf_reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return EMB_OK;
}

emb_status emb__buf_json_str(emb__buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        emb_status st;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            st = emb__buf_add(b, e, 2);
        } else if (c == '\n') {
            st = emb__buf_add(b, "\\n", 2);
        } else if (c == '\t') {
            st = emb__buf_add(b, "\\t", 2);
        } else if (c == '\r') {
            st = emb__buf_add(b, "\\r", 2);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            st = emb__buf_add(b, e, 6);
        } else {
            st = emb__buf_addc(b, (char)c);
        }
        if (st)
            return st;
    }
    return EMB_OK;
}

char *emb__buf_take(emb__buf *b, size_t *len)
{
    char *d = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->alloc = 0;
    return d;
}

emb_status emb__grow(void **items, size_t *alloc, size_t need, size_t elem)
{
    if (need <= *alloc)
        return EMB_OK;
    size_t na = *alloc ? *alloc : 8;
    while (na < need) {
        if (na > ((size_t)-1) / 2)
            return EMB_ENOMEM;
        na *= 2;
    }
    size_t bytes = emb__mul(na, elem);
    if (!bytes)
        return EMB_ENOMEM;
    void *p = emb__realloc(*items, bytes);
    if (!p)
        return EMB_ENOMEM;
    *items = p;
    *alloc = na;
    return EMB_OK;
}
