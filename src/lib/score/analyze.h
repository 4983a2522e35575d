/*
 * analyze.h - name analysis shared by the index builder and the query path:
 * a name becomes a list of tokens, each with its flags and the keys used
 * for candidate retrieval and for comparison.  The same function runs on
 * list names at build time and on query names, so both sides agree.
 */
#ifndef EMB_SCORE_ANALYZE_H
#define EMB_SCORE_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"

#define EMB_AN_MAX_TOKENS 24
#define EMB_AN_TEXT 512
#define EMB_AN_KEY 32

enum {
    EMB_TOK_LEGAL = 1u << 0,     /* legal form (LLC, GmbH, OOO ...) */
    EMB_TOK_HONORIFIC = 1u << 1, /* dropped title (Mr, Dr ...) */
    EMB_TOK_OPTIONAL = 1u << 2,  /* may be absent on either side (Haji, al) */
    EMB_TOK_NUMBER = 1u << 3,    /* digits: must agree */
    EMB_TOK_GENERIC = 1u << 4,   /* generic organisation word (trading ...) */
    EMB_TOK_INITIAL = 1u << 5,   /* one letter */
    EMB_TOK_NOVOWEL = 1u << 6,   /* no a, e, i, o, u: a vowel-less romanisation */
    EMB_TOK_PAREN = 1u << 7      /* written in parentheses: a remark ("(UK)") */
};

typedef struct emb__atok {
    const char *s; /* into emb__an.text, not NUL-terminated */
    uint8_t len;
    uint8_t flags;
    uint32_t phon;    /* hash of the romanisation-tolerant key */
    uint32_t canon;   /* hash of the variant-group canonical form, 0 if none */
    uint32_t skel;    /* hash of the consonant skeleton */
    uint32_t letters; /* bit (c & 31) of each letter c: a cheap edit-distance bound */
} emb__atok;

typedef struct emb__an {
    char text[EMB_AN_TEXT]; /* normalised text, tokens separated by ' ' */
    size_t text_len;
    emb__atok tok[EMB_AN_MAX_TOKENS];
    size_t ntok;
    uint8_t legal;    /* bit (1 << family) of each legal form found,
                       * generic forms ("company") excluded */
    uint8_t syllabic; /* written in Han, Hangul or Kana: syllables compare exactly */
    uint8_t hebrew;   /* holds Hebrew letters: vowel-less tokens compare coarsely */
    uint8_t burmese;  /* holds Myanmar letters: syllables compare by Burmese key */
    uint8_t arabic;   /* holds Arabic-script letters: short vowels unwritten */
    uint8_t native;   /* holds letters of a script other than Latin */
    uint8_t grcyr;    /* holds Greek or Cyrillic letters */
} emb__an;

typedef struct emb__analyzer emb__analyzer;

/* One per thread (wraps ICU transliterators). */
emb_status emb__analyzer_new(emb__analyzer **out);
void emb__analyzer_free(emb__analyzer *a);
/* Does now what a's first names would: opens its ICU transforms and
 * builds the process-wide word tables (emb_query_warm). */
emb_status emb__analyzer_warm(emb__analyzer *a);

/* Analyses a name.  EMB_EUTF8 for invalid UTF-8, EMB_ECAP if too long.
 * Tokens past EMB_AN_MAX_TOKENS are dropped (noted by *truncated). */
emb_status emb__analyze(emb__analyzer *a, const char *s, size_t n, emb_schema schema, emb__an *out);

/* Letter-set mask of a token (emb__atok.letters). */
uint32_t emb__letters(const char *s, size_t n);

/* Hash of a token's phonetic key (text/phonetic.h); 0 when it has none. */
uint32_t emb__phon_hash(const char *s, size_t n);

/* The value of a Roman numeral token from "ii" to "xx" (names number
 * their ships and funds so: "BICENTENARIO IV"), which the analyser writes
 * in digits after a name's first token; 0 when s[0..n) is none. */
int emb__roman_value(const char *s, size_t n, unsigned *v);

/* The value of a number written as one word ("seven", "seventh",
 * "twenty") or as digits with an ordinal suffix ("7th"), which the
 * analyser writes in digits in names other than persons' (the scanner of
 * running text, which cuts words itself, maps them the same way); 0 when
 * s[0..n) is none. */
int emb__number_word_value(const char *s, size_t n, unsigned *v);

/* The words a number up to 90 is written with as one word ("eleven";
 * "first" and "one" for 1; "forty" and "fourty"), into out (room for
 * EMB_NUMBER_SPELLINGS); their count, 0 for none. */
#define EMB_NUMBER_SPELLINGS 3
size_t emb__number_spellings(unsigned v, const char **out);

/* Hash of a token's text (used for dictionary lookup). */
uint32_t emb__tok_hash(const char *s, size_t n);

#endif
