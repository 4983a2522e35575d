/*
 * phonetic.h - romanisation-tolerant keys for name tokens, and whole-token
 * equivalence groups of name spellings.
 */
#ifndef EMB_TEXT_PHONETIC_H
#define EMB_TEXT_PHONETIC_H

#include <stddef.h>

/* Longest key emb__phon_key writes (without the NUL); tokens longer than
 * EMB__PHON_TOKEN_MAX bytes are keyed on their first EMB__PHON_TOKEN_MAX. */
#define EMB__PHON_TOKEN_MAX 48
#define EMB__PHON_KEY_MAX (2 * EMB__PHON_TOKEN_MAX)

/* Writes a key for the normalised token tok[0..n) (lower-case ASCII, as
 * emb__name_norm produces) into out[0..cap) and NUL-terminates it.
 * Spellings of one name under the common romanisation systems share a key
 * (mohammad/muhammad/mohamed, sergei/sergey/serguei, jong/jeong/chong,
 * kim/gim, xi/hsi, ivanov/ivanoff/ivanow); different names mostly do not
 * (kim/kin, jong/jang, hassan/hussein, mohammad/mahmoud).  The rules are
 * at the top of phonetic.c.  Returns the key length, or 0 when the token
 * is empty or cap is too small (cap > EMB__PHON_KEY_MAX always suffices).
 * O(n), allocation-free, thread-safe. */
size_t emb__phon_key(const char *tok, size_t n, char *out, size_t cap);

/* Same key without its vowel marks: the consonant skeleton, for comparing
 * a vowel-less romanisation of Arabic or Hebrew script ("mhmd") with a
 * vocalised one ("mohammad"). */
size_t emb__phon_skeleton(const char *tok, size_t n, char *out, size_t cap);

/* The canonical spelling of the equivalence group the token belongs to
 * (mohammed -> "muhammad", abdel -> "abd", lee/rhee/yi/ri -> "ri", pak/bak ->
 * "park", el/ul -> "al", bin/ibn -> "bin"), or NULL when it is in none.
 * The groups are in variants.c, each with the romanisation rule it comes
 * from.  O(n), allocation-free, thread-safe (the index is built once on
 * first use). */
const char *emb__name_variant(const char *tok, size_t n);

/* For tests: the number of spellings listed in more than one group
 * (must be 0), and the number of spellings. */
size_t emb__name_variant_dups(void);
size_t emb__name_variant_count(void);

#endif
