/*
 * names.h - one written name can hold several: "BARKA NOGAT 12 (ex WARTA
 * 7)", "Kenari Foods (formerly known as Kenari Frozen Foods)", "ACME LLC
 * f/k/a ACME TRADING", "MT GOLDEN STAR, Panama".  Both list names and
 * queries are split into the names they contain before analysis, and a
 * match on any of them counts.
 */
#ifndef EMB_SCORE_NAMES_H
#define EMB_SCORE_NAMES_H

#include <stddef.h>

#include "embargo.h"

#define EMB_NAME_MAX_VARIANTS 6

typedef struct emb__span {
    const char *s;
    size_t n;
} emb__span;

/* Writes the names contained in s[0..n) into out[0..max): the name as
 * written (always out[0], pointing into s), then, when it holds others, its
 * main part,
 * each former or other name introduced by "ex", "f.k.a.", "a.k.a.",
 * "formerly (known as)", "also known as", "previously", "now known as",
 * "c/o", the text after a label colon, and the part before a comma that
 * follows three words or more (not for a person's name, whose "DE LOS
 * REYES, Feliciano" is surnames and a given name, not a name and a
 * place).  Every span points into s.  Returns the count (>= 1 when
 * n > 0). */
size_t emb__name_variants(const char *s, size_t n, emb_schema schema, emb__span *out, size_t max);

/* The name s[0..n) read as Korean when it holds Han characters
 * (text/hanja.h: 金正恩 -> 김정은), with the readings of personal names
 * unless schema is an organisation's, a vessel's or an aircraft's, in
 * buf[0..cap); returns 1 with its length in *len, 0 when the name has no
 * Han character with a Korean reading or does not fit. */
/* The name s[0..n) with the Cyrillic letters that romanisations read
 * two ways written as the other way (the analyser romanises the rest):
 * г as h (Ukrainian and Belarusian, and the h of Caucasian and Central
 * Asian names in Russian spelling: Ибрагим Ibrahim, Гасан Hasan); in a
 * name with Ukrainian letters (і ї є ґ and no ў, ы, э, ё) и as y, є as
 * ye (ie inside a word), ї as yi (i inside a word); in a name with
 * Belarusian letters (ў, or і with ы, э or ё) ё as io after a consonant
 * and ў as u.  In buf[0..cap); returns 1 with its length in *len, 0 when the
 * name holds no such letter or does not fit. */
int emb__name_cyrillic_reading(const char *s, size_t n, char *buf, size_t cap, size_t *len);

int emb__name_korean_reading(const char *s, size_t n, emb_schema schema, char *buf, size_t cap,
                             size_t *len);

#endif
