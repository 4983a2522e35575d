/*
 * hash.c - FNV-1a based 64-bit hash with a final avalanche, a software
 * CRC-32C (Castagnoli) for snapshot section checksums, and a linear-probing
 * string map (load factor <= 1/2).
 */
#include "hash.h"

#include <pthread.h>
#include <string.h>

#include "alloc.h"

uint64_t emb__hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[i] = c;
    }
}

uint32_t emb__checksum(const void *p, size_t n)
{
    pthread_once(&crc_once, crc_init);
    const unsigned char *s = p;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ s[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void emb__map_init(emb__map *m)
{
    m->slots = NULL;
    m->nslots = 0;
    m->count = 0;
}

void emb__map_destroy(emb__map *m)
{
    emb__free(m->slots);
    emb__map_init(m);
}

static emb__map_slot *find_slot(emb__map_slot *slots, size_t nslots, const char *key, size_t len,
                                uint64_t h)
{
    size_t mask = nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        emb__map_slot *s = &slots[i];
        if (!s->key)
            return s;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

int emb__map_get(const emb__map *m, const char *key, size_t len, uint32_t *value)
{
    if (!m->nslots)
        return 0;
    uint64_t h = emb__hash(key, len);
    emb__map_slot *s = find_slot(m->slots, m->nslots, key, len, h);
    if (!s->key)
        return 0;
    if (value)
        *value = s->value;
    return 1;
}

static emb_status rehash(emb__map *m, size_t nslots)
{
    emb__map_slot *ns = emb__calloc(nslots, sizeof *ns);
    if (!ns)
        return EMB_ENOMEM;
    for (size_t i = 0; i < m->nslots; i++) {
        emb__map_slot *o = &m->slots[i];
        if (o->key)
            *find_slot(ns, nslots, o->key, o->len, o->hash) = *o;
    }
    emb__free(m->slots);
    m->slots = ns;
    m->nslots = nslots;
    return EMB_OK;
}

emb_status emb__map_put(emb__map *m, const char *key, size_t len, uint32_t value)
{
    if (len > UINT32_MAX)
        return EMB_ECAP;
    if ((m->count + 1) * 2 > m->nslots) {
        emb_status st = rehash(m, m->nslots ? m->nslots * 2 : 16);
        if (st)
            return st;
    }
    uint64_t h = emb__hash(key, len);
    emb__map_slot *s = find_slot(m->slots, m->nslots, key, len, h);
    if (!s->key) {
        s->key = key ? key : "";
        s->len = (uint32_t)len;
        s->hash = h;
        m->count++;
    }
    s->value = value;
    return EMB_OK;
}
