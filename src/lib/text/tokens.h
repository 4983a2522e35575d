/*
 * tokens.h - token slices of a normalised name (the output of
 * emb__name_norm: lower-case ASCII tokens separated by single spaces), the
 * per-token flags that the classifiers set, and the phrase matcher they
 * share.
 */
#ifndef EMB_TEXT_TOKENS_H
#define EMB_TEXT_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"

/* Most tokens kept from one name.  Names on the lists have at most ~20;
 * a longer query is refused with EMB_ECAP rather than silently cut. */
#define EMB__TOK_MAX 64

/* One token: a slice of the normalised string (not NUL-terminated). */
typedef struct emb__tok {
    const char *s;
    size_t n;
} emb__tok;

/* Per-token flags, OR-ed together by the classifiers. */
#define EMB__TF_LEGAL 0x01    /* part of a legal form (legal.h) */
#define EMB__TF_ORGWORD 0x02  /* generic organisation word (legal.h) */
#define EMB__TF_HON_DROP 0x04 /* title to drop from a person name */
#define EMB__TF_HON_OPT 0x08  /* title that may or may not be listed */

/* Splits s[0..n) at spaces (runs of spaces and leading/trailing spaces are
 * tolerated) into toks[0..max).  *count receives the number of tokens
 * stored.  EMB_ECAP when there are more than max tokens (the first max
 * are stored); EMB_EARG on NULL pointers.  Allocation-free. */
emb_status emb__tok_split(const char *s, size_t n, emb__tok *toks, size_t max, size_t *count);

/* A phrase table for emb__phrase_longest: entries are one or more tokens
 * separated by single spaces, sorted by strcmp. */
typedef struct emb__phrase {
    const char *text;
    uint8_t code; /* meaning, owned by the table's module */
    uint8_t attr; /* module-specific attributes */
} emb__phrase;

/* The longest entry of table[0..nt) that matches toks[i..]; its token count
 * goes to *len.  Returns the entry or NULL.  O(log nt + matches). */
const emb__phrase *emb__phrase_longest(const emb__phrase *table, size_t nt, const emb__tok *toks,
                                       size_t n, size_t i, size_t *len);

#endif
