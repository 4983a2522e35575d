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

/* Two-letter deletions of long list tokens (EMB_KEYS_DEL2_MIN to
 * EMB_KEYS_DEL2_MAX characters), in a key space of their own
 * (EMB_KEY_SEED_DEL2): a query token the lists do not know looks up
 * itself and its one-letter deletions there, which finds the list token
 * of 8+ letters it is two edits from when it is the shorter one
 * ("txbilin" / TRIBILIN: a letter dropped and one changed), the case the
 * one-letter deletion keys of both sides miss. */
#define EMB_KEYS_DEL2_MIN 8
#define EMB_KEYS_DEL2_MAX 16
#define EMB_KEYS_MAX_DEL2 (EMB_KEYS_DEL2_MAX * (EMB_KEYS_DEL2_MAX - 1) / 2)
size_t emb__del2_keys(const char *s, size_t n, uint32_t out[EMB_KEYS_MAX_DEL2]);

/* Every string made by deleting two characters of s[0..n) (3 to
 * EMB_KEYS_MAX_DEL - 1 characters; none otherwise), hashed with seed;
 * out holds EMB_KEYS_MAX_DEL_PAIRS.  Returns the count written. */
#define EMB_KEYS_MAX_DEL_PAIRS ((EMB_KEYS_MAX_DEL - 1) * (EMB_KEYS_MAX_DEL - 2) / 2)
size_t emb__del2_keys_seeded(uint32_t seed, const char *s, size_t n, uint32_t *out);

/* emb__del_keys in the two-letter deletions' key space (what a query
 * token looks up there). */
size_t emb__del_keys_as_del2(const char *s, size_t n, uint32_t out[EMB_KEYS_MAX_DEL]);

#endif
