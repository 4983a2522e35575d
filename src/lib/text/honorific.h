/*
 * honorific.h - titles and honorifics in person names: ones to drop
 * ("mr", "dr", "general", "capt") and ones that may or may not be part of
 * the listed name ("sheikh", "haji", "mullah", "sayyid", "jr").
 */
#ifndef EMB_TEXT_HONORIFIC_H
#define EMB_TEXT_HONORIFIC_H

#include <stddef.h>
#include <stdint.h>

#include "tokens.h"

/* Marks honorifics among the tokens of a normalised person name,
 * OR-ing into flags[0..n) (n <= EMB__TOK_MAX; the caller clears flags):
 *  - EMB__TF_HON_DROP on titles in the leading run of titles ("Lt Gen
 *    Dr X" drops three tokens; a "General" later in the name is kept),
 *    and on degree suffixes ("phd") in the trailing run;
 *  - EMB__TF_HON_OPT on religious and honorific words that lists often
 *    keep as part of the name (sheikh, haji, mullah, maulana, sayyid,
 *    mirza ...), anywhere, and on generational suffixes ("jr", "ii") at
 *    the end.
 * A name is never emptied: when every token would be dropped, none is
 * (a query "General" stays a name).  Returns the number of tokens flagged.
 * Allocation-free and thread-safe. */
size_t emb__honorific_scan(const emb__tok *toks, size_t n, uint8_t *flags);

/* The same for a name written in Arabic script, over its romanised
 * tokens: the titles as translit.c writes them without short vowels
 * ("dktr", "hajy", "mla", "syd"), which in a name in Latin letters are
 * names or nothing. */
size_t emb__honorific_scan_arabic(const emb__tok *toks, size_t n, uint8_t *flags);

/* The tables, for tests (sorted by strcmp). */
const emb__phrase *emb__honorific_table(size_t *n);
const emb__phrase *emb__honorific_arabic_table(size_t *n);

#endif
