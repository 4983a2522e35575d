/*
 * hash.h - 64-bit string hashing and an open-addressing map from byte
 * strings to uint32 values.  The map does not own keys: callers keep key
 * bytes alive (usually in an arena or string pool).
 */
#ifndef EMB_BASE_HASH_H
#define EMB_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"

uint64_t emb__hash(const void *p, size_t n);
/* CRC-32C (Castagnoli; "123456789" gives 0xE3069283), the checksum of
 * the snapshot format (see format.h): by SSE 4.2's crc32 instruction when
 * the CPU has it. */
uint32_t emb__checksum(const void *p, size_t n);
/* The same by a byte table, for CPUs without the instruction (and for the
 * tests, which hold the two to the same values). */
uint32_t emb__checksum_sw(const void *p, size_t n);

typedef struct emb__map_slot {
    const char *key;
    uint32_t len;
    uint32_t value;
    uint64_t hash;
} emb__map_slot;

typedef struct emb__map {
    emb__map_slot *slots;
    size_t nslots; /* power of two */
    size_t count;
} emb__map;

void emb__map_init(emb__map *m);
void emb__map_destroy(emb__map *m);
/* Returns 1 and the value when found, else 0. */
int emb__map_get(const emb__map *m, const char *key, size_t len, uint32_t *value);
/* Inserts or replaces. */
emb_status emb__map_put(emb__map *m, const char *key, size_t len, uint32_t value);

#endif
