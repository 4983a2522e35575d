/*
 * country.h - country names, adjectives and codes to ISO 3166-1 alpha-2.
 * The table is generated from data/countries/ (CSV) by
 * scripts/gen-countries (make gen; checked for drift by make test).
 */
#ifndef EMB_TEXT_COUNTRY_H
#define EMB_TEXT_COUNTRY_H

#include <stddef.h>

/* Maps a country name in English or French (short, formal or official form,
 * common synonyms such as "North Korea", "DPRK", "Burma", nationality
 * adjectives such as "Iranian"), or an ISO alpha-2/alpha-3 code, to the
 * lower-case alpha-2 code written into out[3].  Case, accents, punctuation
 * and a leading "the" are ignored.  Returns 1 when found, 0 otherwise. */
int emb__country_code(const char *s, size_t len, char out[3]);

/* English short name for a lower-case alpha-2 code, or NULL. */
const char *emb__country_name(const char *code2);

#endif
