/*
 * sections.c - build-time section list and the de-duplicating string pool
 * (sections.h).
 */
#include "sections.h"

#include <string.h>

#include "../base/alloc.h"
#include "../base/hash.h"

void emb__secs_init(emb__secs *s)
{
    memset(s, 0, sizeof *s);
}

void emb__secs_destroy(emb__secs *s)
{
    for (size_t i = 0; i < s->n; i++)
        emb__buf_destroy(&s->items[i].data);
    s->n = 0;
}

emb__buf *emb__secs_add(emb__secs *s, const char *tag, uint32_t elem_size)
{
    if (s->n >= sizeof s->items / sizeof s->items[0])
        return NULL;
    emb__sec *x = &s->items[s->n++];
    memset(x->tag, 0, sizeof x->tag);
    memcpy(x->tag, tag, strlen(tag) < 8 ? strlen(tag) : 8);
    x->elem_size = elem_size;
    emb__buf_init(&x->data, (size_t)UINT32_MAX);
    return &x->data;
}

struct emb__pool {
    emb__buf *strs;
    emb__map map; /* keys point into a private copy arena: strs may move */
    char **copies;
    size_t ncopies, acopies;
};

emb_status emb__pool_new(emb__pool **out, emb__buf *strs)
{
    emb__pool *p = emb__calloc(1, sizeof *p);
    if (!p)
        return EMB_ENOMEM;
    p->strs = strs;
    emb__map_init(&p->map);
    *out = p;
    return EMB_OK;
}

void emb__pool_free(emb__pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ncopies; i++)
        emb__free(p->copies[i]);
    emb__free(p->copies);
    emb__map_destroy(&p->map);
    emb__free(p);
}

emb_status emb__pool_put(emb__pool *p, const char *s, size_t n, uint32_t *off)
{
    uint32_t v;
    if (n == 0) {
        *off = 0;
        return EMB_OK;
    }
    /* only short strings are de-duplicated: long ones rarely repeat */
    int dedup = n <= 64;
    if (dedup && emb__map_get(&p->map, s, n, &v)) {
        *off = v;
        return EMB_OK;
    }
    if (p->strs->len + n > UINT32_MAX)
        return EMB_ECAP;
    *off = (uint32_t)p->strs->len;
    emb_status st = emb__buf_add(p->strs, s, n);
    if (st || !dedup)
        return st;
    char *c = emb__strndup(s, n);
    if (!c)
        return EMB_ENOMEM;
    EMB__VEC_PUSH(p->copies, p->ncopies, p->acopies, c, st);
    if (st) {
        emb__free(c);
        return st;
    }
    return emb__map_put(&p->map, c, n, *off);
}
