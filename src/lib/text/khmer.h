/*
 * khmer.h - Khmer script to Latin (see khmer.c).
 */
#ifndef EMB_TEXT_KHMER_H
#define EMB_TEXT_KHMER_H

#include <stddef.h>
#include <stdint.h>

/* Is cp in the Khmer block (U+1780..U+17FF)? */
#define EMB__IS_KHMER(cp) ((cp) >= 0x1780 && (cp) <= 0x17FF)

/* Romanises the Khmer code points cp[0..ncp) into out (lower-case ASCII
 * letters and digits, a word's syllables written together, words
 * separated by single spaces,
 * NUL-terminated, truncated to cap - 1 bytes).  Returns the length. */
size_t emb__khmer_latin(const int32_t *cp, size_t ncp, char *out, size_t cap);

#endif
