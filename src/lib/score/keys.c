/*
 * keys.c - seeded token hashes and the symmetric-deletion keys (keys.h).
 * Two tokens within one insertion/deletion, one substitution or one
 * adjacent transposition of each other share at least one deletion key.
 */
#include "keys.h"

#include <string.h>

#include "../base/hash.h"
#include "../index/index_format.h"

uint32_t emb__key_hash(uint32_t seed, const char *s, size_t n)
{
    uint64_t h = emb__hash(s, n) ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return (uint32_t)h;
}

static size_t del_keys(uint32_t seed, const char *s, size_t n, uint32_t out[EMB_KEYS_MAX_DEL])
{
    size_t k = 0;
    out[k++] = emb__key_hash(seed, s, n);
    if (n < 4 || n > EMB_KEYS_MAX_DEL - 1)
        return k;
    char tmp[EMB_KEYS_MAX_DEL];
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i] == s[i - 1])
            continue; /* same string as the previous deletion */
        memcpy(tmp, s, i);
        memcpy(tmp + i, s + i + 1, n - i - 1);
        out[k++] = emb__key_hash(seed, tmp, n - 1);
    }
    return k;
}

size_t emb__del_keys(const char *s, size_t n, uint32_t out[EMB_KEYS_MAX_DEL])
{
    return del_keys(EMB_KEY_SEED_DEL, s, n, out);
}

size_t emb__del_keys_as_del2(const char *s, size_t n, uint32_t out[EMB_KEYS_MAX_DEL])
{
    return del_keys(EMB_KEY_SEED_DEL2, s, n, out);
}

size_t emb__del2_keys_seeded(uint32_t seed, const char *s, size_t n, uint32_t *out)
{
    size_t k = 0;
    if (n < 3 || n > EMB_KEYS_MAX_DEL - 1)
        return 0;
    char tmp[EMB_KEYS_MAX_DEL];
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i] == s[i - 1])
            continue; /* the same strings as with the previous letter */
        for (size_t j = i + 1; j < n; j++) {
            if (j > i + 1 && s[j] == s[j - 1])
                continue;
            size_t m = 0;
            for (size_t x = 0; x < n; x++)
                if (x != i && x != j)
                    tmp[m++] = s[x];
            out[k++] = emb__key_hash(seed, tmp, m);
        }
    }
    return k;
}

size_t emb__del2_keys(const char *s, size_t n, uint32_t out[EMB_KEYS_MAX_DEL2])
{
    if (n < EMB_KEYS_DEL2_MIN || n > EMB_KEYS_DEL2_MAX)
        return 0;
    return emb__del2_keys_seeded(EMB_KEY_SEED_DEL2, s, n, out);
}
