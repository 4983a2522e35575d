/*
 * arena.c - chunked bump allocator (arena.h).  Oversized requests get a
 * chunk of their own.  Reset moves every chunk to the spare list.
 */
#include "arena.h"

#include <string.h>

#include "alloc.h"

struct emb__arena_chunk {
    emb__arena_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void emb__arena_init(emb__arena *a, size_t chunk_size, size_t cap)
{
    memset(a, 0, sizeof *a);
    a->chunk_size = chunk_size ? chunk_size : 65536;
    a->cap = cap;
}

static void free_list(emb__arena_chunk *c)
{
    while (c) {
        emb__arena_chunk *n = c->next;
        emb__free(c);
        c = n;
    }
}

void emb__arena_destroy(emb__arena *a)
{
    free_list(a->head);
    free_list(a->spare);
    a->head = a->spare = NULL;
    a->total = 0;
}

void emb__arena_reset(emb__arena *a)
{
    while (a->head) {
        emb__arena_chunk *n = a->head->next;
        a->head->used = 0;
        a->head->next = a->spare;
        a->spare = a->head;
        a->head = n;
    }
    a->total = 0;
}

void *emb__arena_alloc(emb__arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n)
        return NULL;
    if (a->cap && (need > a->cap || a->total > a->cap - need))
        return NULL;
    emb__arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        emb__arena_chunk **pp = &a->spare;
        c = NULL;
        while (*pp) {
            if ((*pp)->size >= need) {
                c = *pp;
                *pp = c->next;
                break;
            }
            pp = &(*pp)->next;
        }
        if (!c) {
            size_t sz = need > a->chunk_size ? need : a->chunk_size;
            if (sz > (size_t)-1 - sizeof *c)
                return NULL;
            c = emb__malloc(sizeof *c + sz);
            if (!c)
                return NULL;
            c->size = sz;
        }
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    return p;
}

char *emb__arena_strndup(emb__arena *a, const char *s, size_t n)
{
    if (n == (size_t)-1)
        return NULL;
    char *d = emb__arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
