/*
 * translit.h - names of any script to lower-case ASCII tokens (ICU for the
 * scripts that need it, tables and arithmetic for the rest).
 */
#ifndef EMB_TEXT_TRANSLIT_H
#define EMB_TEXT_TRANSLIT_H

#include <stddef.h>

#include "embargo.h"

/* A transliterator handle: ICU transforms (opened lazily, per script) and
 * caches.  Not thread-safe: give each thread its own handle.  Handles share
 * one read-only process-wide Latin table built on first use. */
typedef struct emb__translit emb__translit;

/* Creates a handle.  EMB_ENOMEM, or EMB_EINTERNAL when ICU cannot build
 * the Latin table.  Cheap: the per-script ICU transforms open on first use. */
emb_status emb__translit_new(emb__translit **out);
/* Frees a handle; NULL is accepted. */
void emb__translit_free(emb__translit *t);
/* Opens every per-script ICU transform of t now instead of on first use,
 * so that no later name pays for it (1-2 ms each once the process has
 * opened one).  EMB_EINTERNAL when ICU cannot open one: it stays closed,
 * and a name of its script fails as it would have. */
emb_status emb__translit_warm(emb__translit *t);

/* Normalises the name s[0..n) into out (cap bytes; NUL-terminated when it
 * fits, length in *outlen): lower-case ASCII letters and digits in tokens
 * separated by single spaces, no leading or trailing space.
 *  - Latin letters lose their diacritics (ß->ss, æ->ae, ø->o, ł->l, đ->d,
 *    ı->i, ə->a ...); other scripts are romanised: Cyrillic by BGN/PCGN
 *    (Щербаков -> shcherbakov), Hangul by Revised Romanization, one token
 *    per syllable (김정은 -> gim jeong eun), Han as toneless pinyin, one token
 *    per character (习近平 -> xi jin ping), Greek by its modern pronunciation
 *    (Μπιν Λάντεν -> bin laden), the rest through ICU Any-Latin.
 *  - Apostrophes and their look-alikes (' ` ´ ‘ ’ ʻ ʼ ʾ ʿ) are deleted
 *    ("O'Brien" -> "obrien"); every other punctuation or symbol splits
 *    tokens ("Jong-Un" -> "jong un", "J.S.C." -> "j s c").
 *  - Digits form their own tokens ("No.8" -> "no 8", "A320" -> "a 320").
 * All-ASCII input never reaches ICU and t may then be NULL; otherwise t is
 * required (EMB_EMISUSE).  Allocates nothing.
 * Errors: EMB_EARG (s or out NULL with n or cap > 0), EMB_ECAP (n greater
 * than EMB_CAP_QUERY_VALUE, or the result does not fit in cap),
 * EMB_EUTF8 (invalid UTF-8), EMB_EINTERNAL (ICU failed). */
emb_status emb__name_norm(emb__translit *t, const char *s, size_t n, char *out, size_t cap,
                          size_t *outlen);

/* Output room for an input of n bytes that suffices for every script's
 * letters (the widest are a 3-byte Hangul syllable to " gyeong " and
 * Cyrillic щ to "shch"); a few ICU expansions of symbols and ligatures
 * (U+FDFA) are longer and then give EMB_ECAP. */
#define EMB__NAME_NORM_CAP(n) (4 * (n) + 16)

#endif
