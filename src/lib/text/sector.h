/*
 * sector.h - the words of trade and industry in organisation names
 * ("Trading", "Industries", "Shipping") and their translations in the
 * scripts that lists and customer files write company names in: Hebrew,
 * Arabic, Persian, Russian, Chinese, Korean, Japanese and Burmese.
 *
 * A company named in its own script translates these words where an
 * English name keeps the proper name and translates the rest: "Hein Myat
 * Trading" is ဟိန်းမြတ် ကုန်သွယ်ရေး, "Orot HaNegev Industries" is
 * אורות הנגב תעשיות.  Romanisation cannot join such words; this table does.
 * It names a concept by its English word, which the analyser uses as the
 * token's variant form (emb__atok.canon): the romanised word keeps its own
 * text and every other way to match, so "Bank Tejarat" still matches
 * بانک تجارت by its letters, and "Shwe Pale Trading" does not match the
 * Burmese "Shwe Pale Transport".
 */
#ifndef EMB_TEXT_SECTOR_H
#define EMB_TEXT_SECTOR_H

#include <stddef.h>

/* The concept of an English (Latin-script) token: "trading" for trading,
 * trade, commerce, commercial; NULL when the token is none of the table's
 * English words. */
const char *emb__sector_word(const char *tok, size_t n);

/* The concept of a word of another script, given as romanised by
 * emb__name_norm: s[0..n) is one token or a run of tokens separated by
 * single spaces (a Burmese or Chinese word is several syllables).  NULL
 * when the table does not hold it.  The first call romanises the table
 * (once per process, about a millisecond). */
const char *emb__sector_native(const char *s, size_t n);

/* Longest run of native tokens the table holds, in tokens (Burmese
 * ရေကြောင်းပို့ဆောင်ရေး, "shipping", is five syllables). */
#define EMB__SECTOR_MAX_TOKENS 6

/* Table health, for the tests: spellings that two concepts claim (none
 * allowed), native words that did not romanise, and the count of
 * distinct spellings. */
size_t emb__sector_dups(void);
size_t emb__sector_failed(void);
size_t emb__sector_count(void);

#endif
