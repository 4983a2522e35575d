/*
 * keys.h - the retrieval keys shared by the index builder and the query:
 * seeded 32-bit hashes of a token's phonetic key, variant-group form and
 * one-character deletions.
 */
#ifndef EMB_SCORE_KEYS_H
#define EMB_SCORE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define EMB_KEYS_MAX_DEL 40

uint32_t emb__key_hash(uint32_t seed, const char *s, size_t n);
/* Deletion keys of a token: the token itself and every string made by
 * deleting one character (tokens of 4+ characters; shorter ones only
 * themselves).  Returns the count written to out. */
size_t emb__del_keys(const char *s, size_t n, uint32_t out[EMB_KEYS_MAX_DEL]);

#endif
