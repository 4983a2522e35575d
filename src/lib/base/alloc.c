/*
 * alloc.c - the replaceable allocator hook (emb_set_allocator) and the
 * helpers every library file uses.  Defaults to the C library.
 */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#include "embargo.h"

static void *def_malloc(void *ud, size_t n)
{
    (void)ud;
    return malloc(n);
}
static void *def_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return realloc(p, n);
}
static void def_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static emb_allocator g_alloc = {def_malloc, def_realloc, def_free, NULL};

void emb_set_allocator(const emb_allocator *a)
{
    if (a && a->malloc_fn && a->realloc_fn && a->free_fn)
        g_alloc = *a;
    else {
        g_alloc.malloc_fn = def_malloc;
        g_alloc.realloc_fn = def_realloc;
        g_alloc.free_fn = def_free;
        g_alloc.ud = NULL;
    }
}

void *emb__malloc(size_t n)
{
    return g_alloc.malloc_fn(g_alloc.ud, n ? n : 1);
}

void *emb__calloc(size_t count, size_t size)
{
    size_t n = emb__mul(count, size);
    if (n == 0 && count != 0 && size != 0)
        return NULL;
    void *p = emb__malloc(n);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

void *emb__realloc(void *p, size_t n)
{
    if (!p)
        return emb__malloc(n);
    return g_alloc.realloc_fn(g_alloc.ud, p, n ? n : 1);
}

void emb__free(void *p)
{
    if (p)
        g_alloc.free_fn(g_alloc.ud, p);
}

char *emb__strndup(const char *s, size_t len)
{
    if (len == (size_t)-1)
        return NULL;
    char *d = emb__malloc(len + 1);
    if (!d)
        return NULL;
    if (len)
        memcpy(d, s, len);
    d[len] = '\0';
    return d;
}
