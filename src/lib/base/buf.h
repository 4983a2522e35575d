/*
 * buf.h - growable byte buffer with a hard cap (curl's dynbuf), and a
 * generic growable array helper.  Every buffer that input can grow names its
 * cap; the caps are listed in limits.h.
 */
#ifndef EMB_BASE_BUF_H
#define EMB_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"

typedef struct emb__buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t alloc;
    size_t cap; /* maximum len; EMB_ECAP past it */
} emb__buf;

void emb__buf_init(emb__buf *b, size_t cap);
void emb__buf_destroy(emb__buf *b);
void emb__buf_reset(emb__buf *b);
emb_status emb__buf_add(emb__buf *b, const void *p, size_t n);
emb_status emb__buf_addc(emb__buf *b, char c);
emb_status emb__buf_adds(emb__buf *b, const char *s);
emb_status emb__buf_printf(emb__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Ensures room for n more bytes. */
emb_status emb__buf_reserve(emb__buf *b, size_t n);
/* Appends s as the inside of a JSON string (escaped, no quotes). */
emb_status emb__buf_json_str(emb__buf *b, const char *s, size_t n);
/* Takes ownership of the data (caller frees with emb__free). */
char *emb__buf_take(emb__buf *b, size_t *len);

/* Grows *items (of elem size) so that at least need elements fit.
 * *alloc holds the capacity in elements. */
emb_status emb__grow(void **items, size_t *alloc, size_t need, size_t elem);

#define EMB__VEC_PUSH(vec, n, alloc, value, status_out)                                            \
    do {                                                                                           \
        if ((n) >= (alloc)) {                                                                      \
            void *p__ = (vec);                                                                     \
            (status_out) = emb__grow(&p__, &(alloc), (n) + 1, sizeof *(vec));                      \
            (vec) = p__;                                                                           \
        } else                                                                                     \
            (status_out) = EMB_OK;                                                                 \
        if ((status_out) == EMB_OK)                                                                \
            (vec)[(n)++] = (value);                                                                \
    } while (0)

#endif
