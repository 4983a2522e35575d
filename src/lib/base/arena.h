/*
 * arena.h - bump allocator made of chunks.  Used for build-time string
 * storage and for per-query scratch memory (reset after every query so the
 * query path allocates only while warming up).
 */
#ifndef EMB_BASE_ARENA_H
#define EMB_BASE_ARENA_H

#include <stddef.h>

typedef struct emb__arena_chunk emb__arena_chunk;

typedef struct emb__arena {
    emb__arena_chunk *head;  /* chunk being filled */
    emb__arena_chunk *spare; /* chunks kept by reset for reuse */
    size_t chunk_size;
    size_t total; /* bytes handed out since init/reset */
    size_t cap;   /* most bytes handed out at once; 0 = none */
} emb__arena;

void emb__arena_init(emb__arena *a, size_t chunk_size, size_t cap);
void emb__arena_destroy(emb__arena *a);
/* Keeps the memory for reuse. */
void emb__arena_reset(emb__arena *a);
/* 16-byte aligned; NULL on exhaustion (cap) or out of memory. */
void *emb__arena_alloc(emb__arena *a, size_t n);
char *emb__arena_strndup(emb__arena *a, const char *s, size_t n);

#endif
