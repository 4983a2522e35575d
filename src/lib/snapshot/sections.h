/*
 * sections.h - a list of named byte sections assembled at build time and
 * written by the snapshot writer.  Index builders append their sections
 * here; the writer lays them out (format.h).
 */
#ifndef EMB_SNAPSHOT_SECTIONS_H
#define EMB_SNAPSHOT_SECTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "embargo.h"

typedef struct emb__sec {
    char tag[8];
    uint32_t elem_size;
    emb__buf data;
} emb__sec;

typedef struct emb__secs {
    emb__sec items[64];
    size_t n;
} emb__secs;

void emb__secs_init(emb__secs *s);
void emb__secs_destroy(emb__secs *s);
/* Adds an empty section and returns its buffer (NULL if the table is full). */
emb__buf *emb__secs_add(emb__secs *s, const char *tag, uint32_t elem_size);

/* A string pool with de-duplication of identical strings. */
typedef struct emb__pool emb__pool;
emb_status emb__pool_new(emb__pool **out, emb__buf *strs);
void emb__pool_free(emb__pool *p);
/* Appends (or finds) the bytes; writes the offset. */
emb_status emb__pool_put(emb__pool *p, const char *s, size_t n, uint32_t *off);

#endif
