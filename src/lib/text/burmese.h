/*
 * burmese.h - Burmese (Myanmar script) to Latin (see burmese.c).
 */
#ifndef EMB_TEXT_BURMESE_H
#define EMB_TEXT_BURMESE_H

#include <stddef.h>
#include <stdint.h>

/* Is cp in the Myanmar block (U+1000..U+109F)? */
#define EMB__IS_MYANMAR(cp) ((cp) >= 0x1000 && (cp) <= 0x109F)

/* Romanises the Myanmar code points cp[0..ncp) into out (lower-case
 * ASCII letters and digits, syllables separated by single spaces,
 * NUL-terminated, truncated to cap - 1 bytes).  Returns the length. */
size_t emb__burmese_latin(const int32_t *cp, size_t ncp, char *out, size_t cap);

#endif
