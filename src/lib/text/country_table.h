/*
 * country_table.h - the data generated into country_table.c by
 * scripts/gen-countries (private to country.c and its tests).
 */
#ifndef EMB_TEXT_COUNTRY_TABLE_H
#define EMB_TEXT_COUNTRY_TABLE_H

#include <stddef.h>

/* Code points U+00C0..U+024F, each folded to lower-case ASCII (" " for a
 * symbol or a letter without an ASCII base; never empty). */
#define EMB__COUNTRY_FOLD_LO 0x00C0
#define EMB__COUNTRY_FOLD_N (0x0250 - 0x00C0)
extern const char *const emb__country_fold_latin[EMB__COUNTRY_FOLD_N];

/* A folded name (bytes, length) and a lower-case alpha-2 code, or in the
 * English table an English name and its code. */
typedef struct emb__country_pair {
    const char *name;
    unsigned char len;
    char code[3];
} emb__country_pair;

/* Sorted bytewise by name (memcmp, shorter first on a tie). */
extern const emb__country_pair emb__country_names[];
extern const size_t emb__country_names_n;
/* Sorted by code. */
extern const emb__country_pair emb__country_english[];
extern const size_t emb__country_english_n;

#endif
