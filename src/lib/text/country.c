/*
 * country.c - country names, nationality adjectives and ISO codes to
 * lower-case ISO 3166-1 alpha-2.
 *
 * The input is folded (ASCII lower case; letters of U+00C0..U+024F to their
 * ASCII base through the generated fold table, so "Türkiye" -> "turkiye";
 * apostrophes deleted; other punctuation and symbols to spaces; spaces
 * collapsed and trimmed; a leading "the " dropped) and looked up by binary
 * search in the sorted table that scripts/gen-countries writes into
 * country_table.c from data/countries/ (CSV files).  The generator applies the
 * same fold to the table keys (its docstring is the other copy of these
 * rules).  Alpha-2 and alpha-3 codes are table keys too.  When the whole
 * string is not a key, a short ladder of fallbacks handles the ways lists
 * decorate a country (see fallback()).  Splitting "1) X 2) Y" enumerations
 * is the readers' job.
 *
 * Allocation-free; the tables are read-only, so any thread may call these.
 */
#include "country.h"

#include <stdint.h>
#include <string.h>

#include "../base/utf8.h"
#include "country_table.h"

/* Country names are short; longer inputs cannot be one. */
#define COUNTRY_FOLD_MAX 160

static int is_alnum_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Appends one byte, turning runs of spaces into one and dropping leading
 * spaces.  Returns 0 when out is full. */
static int put(char *out, size_t *n, char c)
{
    if (c == ' ' && (*n == 0 || out[*n - 1] == ' '))
        return 1;
    if (*n >= COUNTRY_FOLD_MAX)
        return 0;
    out[(*n)++] = c;
    return 1;
}

/* Folds s into out (COUNTRY_FOLD_MAX bytes).  Returns the length, or
 * (size_t)-1 when the folded form would not fit. */
static size_t fold(const char *s, size_t len, char *out)
{
    size_t n = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (c == '\'')
                continue;
            char f = ' ';
            if (is_alnum_ascii(c))
                f = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            if (!put(out, &n, f))
                return (size_t)-1;
            continue;
        }
        size_t start = i;
        int32_t cp = emb__utf8_next(s, len, &i);
        if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BB || cp == 0x02BC)
            continue;
        if (cp < 0) {
            return (size_t)-1; /* invalid UTF-8 is never a country */
        } else if ((cp >= 0xA0 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F)) {
            if (!put(out, &n, ' '))
                return (size_t)-1;
        } else if (cp >= EMB__COUNTRY_FOLD_LO && cp < EMB__COUNTRY_FOLD_LO + EMB__COUNTRY_FOLD_N) {
            const char *t = emb__country_fold_latin[cp - EMB__COUNTRY_FOLD_LO];
            for (; *t; t++)
                if (!put(out, &n, *t))
                    return (size_t)-1;
        } else {
            for (size_t k = start; k < i; k++)
                if (!put(out, &n, s[k]))
                    return (size_t)-1;
        }
    }
    if (n > 0 && out[n - 1] == ' ')
        n--;
    if (n > 4 && memcmp(out, "the ", 4) == 0) {
        memmove(out, out + 4, n - 4);
        n -= 4;
    }
    return n;
}

static const emb__country_pair *find(const char *key, size_t n)
{
    size_t lo = 0, hi = emb__country_names_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const emb__country_pair *p = &emb__country_names[mid];
        size_t m = p->len < n ? p->len : n;
        int c = memcmp(p->name, key, m);
        if (c == 0)
            c = p->len < n ? -1 : (p->len > n ? 1 : 0);
        if (c == 0)
            return p;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int lookup(const char *s, size_t len, char out[3])
{
    char buf[COUNTRY_FOLD_MAX];
    size_t n = fold(s, len, buf);
    if (n == (size_t)-1 || n == 0)
        return 0;
    const emb__country_pair *p = find(buf, n);
    if (!p)
        return 0;
    out[0] = p->code[0];
    out[1] = p->code[1];
    out[2] = '\0';
    return 1;
}

/* Copies s without its parenthesised parts into buf (cap bytes); returns
 * the length, or 0 when nothing is left or it does not fit. */
static size_t strip_parens(const char *s, size_t len, char *buf, size_t cap)
{
    size_t n = 0;
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth > 0)
            depth--;
        else if (depth == 0) {
            if (n >= cap)
                return 0;
            buf[n++] = s[i];
        }
    }
    return n;
}

/* Tries every parenthesised part alone, after a leading "now " or
 * "former " ("Ukrainian SSR (now Ukraine)"). */
static int try_parens(const char *s, size_t len, char out[3])
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '(')
            continue;
        size_t j = i + 1;
        while (j < len && s[j] != ')' && s[j] != '(')
            j++;
        if (j >= len || s[j] != ')')
            continue;
        const char *p = s + i + 1;
        size_t n = j - i - 1;
        while (n > 0 && *p == ' ')
            p++, n--;
        if (n > 4 && memcmp(p, "now ", 4) == 0)
            p += 4, n -= 4;
        else if (n > 7 && memcmp(p, "former ", 7) == 0)
            p += 7, n -= 7;
        if (n > 0 && lookup(p, n, out))
            return 1;
        i = j;
    }
    return 0;
}

/* Lookups beyond the whole string, in order:
 *  1. without parenthesised parts ("Iraq (previous address)");
 *  2. "X, Y" inverted to "Y X" ("Moldova, Republic of", "Man, Isle of");
 *  3. each side of '/' ("Burma / Birmanie"; sides naming different
 *     countries give no answer), then what follows ':' ("Region: Gaza");
 *  4. each parenthesised part ("USSR (now Russian Federation)" finds
 *     "USSR" in step 1; "Tunisi (Tunisia)" needs this step);
 *  5. the last comma-separated part ("Latakia Province, Syria"), unless
 *     the first part is a country as well ("Syrian, Turkish" is a list).
 * Earlier steps win, so "Congo (Democratic Republic)" (a table key) never
 * falls back to "Congo". */
static int fallback(const char *s, size_t len, char out[3])
{
    char buf[COUNTRY_FOLD_MAX * 2];
    size_t n;
    const char *paren = memchr(s, '(', len);
    if (paren && (n = strip_parens(s, len, buf, sizeof buf)) > 0 && lookup(buf, n, out))
        return 1;
    const char *comma = memchr(s, ',', len);
    if (comma && !memchr(comma + 1, ',', len - (size_t)(comma + 1 - s))) {
        size_t a = (size_t)(comma - s), b = len - a - 1;
        if (a + b + 1 <= sizeof buf) {
            memcpy(buf, comma + 1, b);
            buf[b] = ' ';
            memcpy(buf + b + 1, s, a);
            if (lookup(buf, a + b + 1, out))
                return 1;
        }
    }
    if (memchr(s, '/', len)) {
        /* Sides that name different countries make a list, not a
         * bilingual name: refuse rather than pick one. */
        char got[3] = "", c[3];
        size_t start = 0;
        for (size_t i = 0; i <= len; i++) {
            if (i == len || s[i] == '/') {
                if (i > start && lookup(s + start, i - start, c)) {
                    if (got[0] && memcmp(got, c, 2) != 0)
                        return 0;
                    memcpy(got, c, 3);
                }
                start = i + 1;
            }
        }
        if (got[0]) {
            memcpy(out, got, 3);
            return 1;
        }
    }
    for (size_t i = len; i > 0; i--) {
        if (s[i - 1] == ':') {
            if (i < len && lookup(s + i, len - i, out))
                return 1;
            break;
        }
    }
    if (paren && try_parens(s, len, out))
        return 1;
    if (comma) {
        /* "Place, Country" - unless the first part is a country too, which
         * makes "Syrian, Turkish" a list. */
        size_t i = len;
        while (i > 0 && s[i - 1] != ',')
            i--;
        char c[3];
        if (i < len && lookup(s + i, len - i, c) && !lookup(s, (size_t)(comma - s), out)) {
            memcpy(out, c, 3);
            return 1;
        }
    }
    return 0;
}

int emb__country_code(const char *s, size_t len, char out[3])
{
    if (!s || !out)
        return 0;
    if (lookup(s, len, out))
        return 1;
    if (len > COUNTRY_FOLD_MAX * 2)
        return 0;
    return fallback(s, len, out);
}

const char *emb__country_name(const char *code2)
{
    if (!code2 || !code2[0] || !code2[1] || code2[2])
        return NULL;
    char c[2];
    for (int k = 0; k < 2; k++) {
        unsigned char ch = (unsigned char)code2[k];
        c[k] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
    size_t lo = 0, hi = emb__country_english_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = memcmp(emb__country_english[mid].code, c, 2);
        if (d == 0)
            return emb__country_english[mid].name;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
