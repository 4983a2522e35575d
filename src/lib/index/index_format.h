/*
 * index_format.h - byte layout of the matching sections of a snapshot
 * (see snapshot/format.h for the file layout and the core sections).
 *
 *   NAMS  emb__fmt_name[]   every screenable name of every entity
 *   NTOK  uint32[]          tokens of each name, in order (NAMS.tok_start):
 *                           the token id in the low 24 bits, the token's
 *                           flags in this name (EMB_TOK_*) in the high 8
 *   TDIC  emb__fmt_tok[]    token dictionary: text, flags, keys, weight,
 *                           postings run; ids are indexes into it
 *   THSH  uint32[]          open-addressing table (power-of-two size) from
 *                           emb__tok_hash(text) to token id + 1 (0 = empty);
 *                           linear probing; texts compared on hit
 *   POST  uint32[]          postings: name ids per token, ascending
 *   TKEY  emb__fmt_key[]    (key hash, token id) sorted by hash then id:
 *                           phonetic keys, variant-group keys, consonant
 *                           skeletons and one-letter deletions, each kind
 *                           with its own hash seed
 *   TKHS  uint32[]          open-addressing table (power-of-two size) from a
 *                           key hash to its first TKEY entry + 1 (0 = empty);
 *                           linear probing
 *   IDNT  emb__fmt_ident[]  identifiers (passport, IMO, BIC ...), sorted by
 *                           hash of the folded value, for exact lookup
 *   IPRM  emb__fmt_iparams  corpus statistics used by scoring
 *
 * Concatenations of adjacent tokens of a name ("jsc argument" ->
 * "jscargument") are dictionary entries flagged EMB_FMT_TOK_CONCAT: they
 * have postings but never appear in NTOK.
 */
#ifndef EMB_INDEX_FORMAT_H
#define EMB_INDEX_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "../snapshot/format.h"

/* Flag in emb__fmt_name.kind: the name was written in a syllabic script
 * (Han, Hangul, Kana), whose romanised syllables compare exactly. */
#define EMB_FMT_NAME_SYLLABIC 0x80
/* Flag in emb__fmt_name.kind: the name holds Hebrew letters, whose
 * vowel-less romanisation compares on a coarse skeleton. */
#define EMB_FMT_NAME_HEBREW 0x40
/* Flag in emb__fmt_name.kind: the name holds Myanmar letters, whose
 * romanised syllables compare by their Burmese key. */
#define EMB_FMT_NAME_BURMESE 0x20
/* Flag in emb__fmt_name.kind: the name holds Arabic-script letters, whose
 * romanisation writes long vowels and leaves out short ones (0 in
 * snapshots written before it existed). */
#define EMB_FMT_NAME_ARABIC 0x10
#define EMB_FMT_NAME_KIND(k) ((k)&0x0F)
#define EMB_FMT_NAME_SCRIPT(k) ((k)&0xF0) /* the flags above */

enum {
    EMB_FMT_NAME_PRIMARY = 0,
    EMB_FMT_NAME_ALIAS = 1,
    EMB_FMT_NAME_WEAK = 2,
    EMB_FMT_NAME_PREVIOUS = 3
};

typedef struct emb__fmt_name {
    uint32_t entity;
    uint32_t tok_start;
    uint32_t prop; /* global PROP index of the name value */
    uint8_t ntok;
    uint8_t kind; /* EMB_FMT_NAME_* */
    uint8_t schema;
    uint8_t legal; /* legal-form families (score/analyze.h) */
} emb__fmt_name;

#define EMB_FMT_TOK_CONCAT 0x80
#define EMB_FMT_NTOK_ID(v) ((v)&0xFFFFFFu)
#define EMB_FMT_NTOK_FLAGS(v) ((uint8_t)((v) >> 24))
#define EMB_FMT_MAX_TOKENS 0xFFFFFFu

typedef struct emb__fmt_tok {
    emb__fmt_str text;
    uint8_t flags; /* EMB_TOK_* | EMB_FMT_TOK_CONCAT */
    uint8_t pad[3];
    uint32_t phon;
    uint32_t canon;
    float weight;
    uint32_t post_start;
    uint32_t post_count;
    uint32_t skel;    /* consonant-skeleton key hash */
    uint32_t letters; /* emb__letters of the text (0 in snapshots built
                       * before 2026-11-29: computed when read) */
} emb__fmt_tok;

typedef struct emb__fmt_key {
    uint32_t hash;
    uint32_t tok;
} emb__fmt_key;

typedef struct emb__fmt_ident {
    uint64_t hash;
    uint32_t entity;
    uint32_t prop; /* global PROP index */
} emb__fmt_ident;

typedef struct emb__fmt_iparams {
    uint32_t name_count;
    uint32_t tok_count;
    float max_weight; /* weight of a token seen once */
    float mean_weight;
    uint32_t reserved[12];
} emb__fmt_iparams;

/* Hash seeds of the TKEY key kinds. */
#define EMB_KEY_SEED_PHON 0x9e3779b1u
#define EMB_KEY_SEED_CANON 0x85ebca77u
#define EMB_KEY_SEED_DEL 0xc2b2ae3du
#define EMB_KEY_SEED_SKEL 0x27d4eb2fu
#define EMB_KEY_SEED_DEL2 0x165667b1u

_Static_assert(sizeof(emb__fmt_name) == 16, "name is 16 bytes");
_Static_assert(sizeof(emb__fmt_tok) == 40, "token is 40 bytes");
_Static_assert(offsetof(emb__fmt_tok, weight) == 20, "token layout");
_Static_assert(sizeof(emb__fmt_key) == 8, "key is 8 bytes");
_Static_assert(sizeof(emb__fmt_ident) == 16, "ident is 16 bytes");
_Static_assert(sizeof(emb__fmt_iparams) == 64, "iparams is 64 bytes");

#endif
