/*
 * hash.c - FNV-1a based 64-bit hash with a final avalanche, CRC-32C
 * (Castagnoli) for snapshot section checksums (by the CPU's crc32
 * instruction where it has one, else by table), and a linear-probing
 * string map (load factor <= 1/2).
 */
#include "hash.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EMB_CRC_HW 1
#include <nmmintrin.h>
#else
#define EMB_CRC_HW 0
#endif

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
static int crc_hw_ok; /* the CPU has SSE 4.2's crc32 instruction */

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[i] = c;
    }
#if EMB_CRC_HW
    __builtin_cpu_init();
    crc_hw_ok = __builtin_cpu_supports("sse4.2");
#endif
}

uint32_t emb__checksum_sw(const void *p, size_t n)
{
    pthread_once(&crc_once, crc_init);
    const unsigned char *s = p;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ s[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

#if EMB_CRC_HW
/* The same CRC-32C by SSE 4.2's crc32 instruction, 8 bytes at a time:
 * about 20 times the table's speed, which made verifying a snapshot
 * (every section's checksum: 73 MB for the default lists) take 0.26 s of
 * a server's reload. */
__attribute__((target("sse4.2"))) static uint32_t crc_hw(const unsigned char *s, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n > 0 && ((uintptr_t)s & 7u) != 0) {
        c = _mm_crc32_u8(c, *s++);
        n--;
    }
    uint64_t c64 = c;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t v;
        memcpy(&v, s, sizeof v);
        c64 = _mm_crc32_u64(c64, v);
    }
    c = (uint32_t)c64;
    while (n-- > 0)
        c = _mm_crc32_u8(c, *s++);
    return c ^ 0xFFFFFFFFu;
}
#endif

uint32_t emb__checksum(const void *p, size_t n)
{
    pthread_once(&crc_once, crc_init);
#if EMB_CRC_HW
    if (crc_hw_ok)
        return crc_hw(p, n);
#endif
    return emb__checksum_sw(p, n);
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
