/*
 * names.c - splitting a written name into the names it contains (names.h).
 *
 * Markers are matched case-insensitively at word boundaries, longest
 * first.  The main name is the text before the first marker; each other
 * name runs from its marker to the next marker, a closing parenthesis or a
 * semicolon, with a trailing "until/since <year>" remark dropped.  (Remarks
 * in parentheses stay in the name: the analyser marks their tokens; an
 * upper-case abbreviation in parentheses that is not a country is also a
 * name of its own.)  Only ASCII
 * markers are recognised; text in other scripts passes through whole.
 */
#include "names.h"

#include "../text/country.h"
#include "../text/hanja.h"
#include "../base/utf8.h"

#include <string.h>

static const char *const markers[] = {"formerly known as",
                                      "previously known as",
                                      "also known as",
                                      "now known as",
                                      "care of",
                                      "c/o",
                                      "f/k/a",
                                      "a/k/a",
                                      "n/k/a",
                                      "f.k.a.",
                                      "a.k.a.",
                                      "n.k.a.",
                                      "f.k.a",
                                      "a.k.a",
                                      "formerly",
                                      "previously",
                                      "fka",
                                      "aka",
                                      "nka",
                                      "ex-",
                                      "ex.",
                                      "ex "};
#define NMARKERS (sizeof markers / sizeof markers[0])

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static int boundary_before(const char *s, size_t i)
{
    if (i == 0)
        return 1;
    char c = s[i - 1];
    return c == ' ' || c == '(' || c == ',' || c == ';' || c == '[' || c == '/';
}

/* Length of the marker starting at s[i], or 0. */
static size_t marker_at(const char *s, size_t n, size_t i)
{
    if (!boundary_before(s, i))
        return 0;
    for (size_t m = 0; m < NMARKERS; m++) {
        if (lower(s[i]) != markers[m][0])
            continue;
        size_t ml = strlen(markers[m]);
        if (i + ml > n)
            continue;
        size_t k = 0;
        while (k < ml && lower(s[i + k]) == markers[m][k])
            k++;
        if (k < ml)
            continue;
        char last = markers[m][ml - 1];
        /* a word marker must end at a word boundary */
        if (last != ' ' && last != '-' && last != '.' && last != '/' && i + ml < n) {
            char nx = s[i + ml];
            if ((nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') || (nx >= '0' && nx <= '9'))
                continue;
        }
        /* "ex " needs a name after it, not "ex" as the last word */
        if (i + ml >= n)
            continue;
        return ml;
    }
    return 0;
}

static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && strchr(" ,;:(-", s[*a]))
        (*a)++;
    while (*b > *a && strchr(" ,;:(", s[*b - 1]))
        (*b)--;
}

/* Drops a trailing "until 2019" / "since 2020" remark. */
static void drop_date_remark(const char *s, size_t a, size_t *b)
{
    static const char *const words[] = {" until ", " till ", " since ", " from "};
    for (size_t w = 0; w < 4; w++) {
        size_t wl = strlen(words[w]);
        for (size_t i = a; i + wl <= *b; i++) {
            size_t k = 0;
            while (k < wl && lower(s[i + k]) == words[w][k])
                k++;
            if (k == wl) {
                *b = i;
                return;
            }
        }
    }
}

static size_t words(const char *s, size_t n)
{
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = s[i] == ' ';
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

/* Text after a comma that reads as a place or an address rather than a
 * sub-unit of the name: it holds a digit, or is at most three words. */
static int place_like(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return words(s, n) <= 3;
}

static int add(emb__span *out, size_t *k, size_t max, const char *s, size_t n)
{
    if (n == 0 || *k >= max)
        return 0;
    for (size_t i = 0; i < *k; i++)
        if (out[i].n == n && memcmp(out[i].s, s, n) == 0)
            return 0;
    out[*k].s = s;
    out[*k].n = n;
    (*k)++;
    return 1;
}

size_t emb__name_variants(const char *s, size_t n, emb_schema schema, emb__span *out, size_t max)
{
    size_t k = 0;
    if (n == 0 || max == 0)
        return 0;
    /* find markers */
    size_t pos[8], len[8], nm = 0;
    int paren = 0;
    for (size_t i = 0; i < n && nm < 8; i++) {
        if (s[i] == '(')
            paren = 1;
        size_t ml = marker_at(s, n, i);
        if (ml) {
            pos[nm] = i;
            len[nm] = ml;
            nm++;
            i += ml - 1;
        }
    }
    /* a label before a colon ("ORDERING CUSTOMER: ACME OY") and a place
     * or address after a comma ("MT GOLDEN STAR, Laem Chabang"; only
     * when the part before the comma has three words or more, so that
     * "PUTIN, Vladimir" stays whole, and the part after reads as a place) */
    const char *colon = memchr(s, ':', n);
    const char *comma = schema == EMB_SCHEMA_PERSON ? NULL : memchr(s, ',', n);
    if (nm == 0 && !paren && !colon && !comma) {
        out[0].s = s;
        out[0].n = n;
        return 1;
    }
    add(out, &k, max, s, n);
    if (colon && (size_t)(colon - s) + 1 < n) {
        size_t x = (size_t)(colon - s) + 1, y = n;
        trim(s, &x, &y);
        add(out, &k, max, s + x, y - x);
    }
    if (comma && words(s, (size_t)(comma - s)) >= 3 &&
        place_like(comma + 1, n - (size_t)(comma + 1 - s))) {
        size_t x = 0, y = (size_t)(comma - s);
        trim(s, &x, &y);
        add(out, &k, max, s + x, y - x);
    }
    /* an abbreviation in parentheses is a name of its own: "ATOMIC ENERGY
     * ORGANIZATION OF IRAN (AEOI)" */
    for (const char *o = memchr(s, '(', n); o; o = memchr(o + 1, '(', n - (size_t)(o + 1 - s))) {
        const char *c = memchr(o, ')', n - (size_t)(o - s));
        size_t w = c ? (size_t)(c - o - 1) : 0;
        char cc[3];
        int upper = w >= 3 && w <= 8 && !emb__country_code(o + 1, w, cc);
        for (size_t i = 1; upper && i <= w; i++)
            upper = (o[i] >= 'A' && o[i] <= 'Z') || o[i] == '.';
        if (upper)
            add(out, &k, max, o + 1, w);
        if ((size_t)(o + 1 - s) >= n)
            break;
    }
    if (nm == 0)
        return k;
    size_t main_end = nm ? pos[0] : n;
    size_t a = 0, b = main_end;
    trim(s, &a, &b);
    add(out, &k, max, s + a, b - a);
    for (size_t m = 0; m < nm; m++) {
        size_t x = pos[m] + len[m], y = m + 1 < nm ? pos[m + 1] : n;
        for (size_t i = x; i < y; i++)
            if (s[i] == ')' || s[i] == ';') {
                y = i;
                break;
            }
        drop_date_remark(s, x, &y);
        trim(s, &x, &y);
        add(out, &k, max, s + x, y - x);
    }
    if (k == 0)
        add(out, &k, max, s, n);
    return k;
}

int emb__name_korean_reading(const char *s, size_t n, emb_schema schema, char *buf, size_t cap,
                             size_t *len)
{
    int person = schema != EMB_SCHEMA_ORGANIZATION && schema != EMB_SCHEMA_COMPANY &&
                 schema != EMB_SCHEMA_VESSEL && schema != EMB_SCHEMA_AIRPLANE;
    return emb__hanja_reading(s, n, person, buf, cap, len) == 1;
}

/* 1 for a Cyrillic letter (U+0400-U+04FF). */
static int cyrillic(int32_t cp)
{
    return cp >= 0x400 && cp <= 0x4FF;
}

/* cp lower-cased, for the Cyrillic letters of U+0400-U+042F. */
static int32_t cyr_lower(int32_t cp)
{
    return cp >= 0x400 && cp < 0x410 ? cp + 0x50 : cp >= 0x410 && cp < 0x430 ? cp + 0x20 : cp;
}

/* 1 for a Cyrillic vowel letter (а е ё и о у ы э ю я і ї є). */
static int cyr_vowel(int32_t cp)
{
    static const int32_t v[] = {0x430, 0x435, 0x451, 0x438, 0x43E, 0x443, 0x44B,
                                0x44D, 0x44E, 0x44F, 0x456, 0x457, 0x454};
    int32_t lc = cyr_lower(cp);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (v[i] == lc)
            return 1;
    return 0;
}

int emb__name_cyrillic_reading(const char *s, size_t n, char *buf, size_t cap, size_t *len)
{
    /* which language's letters the name holds */
    int ukr = 0, bel = 0, other = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp = emb__utf8_next(s, n, &i);
        ukr |= cp == 0x454 || cp == 0x404 || cp == 0x457 || cp == 0x407 || cp == 0x491 ||
               cp == 0x490 || cp == 0x456 || cp == 0x406; /* є ї ґ і */
        bel |= cp == 0x45E || cp == 0x40E;                /* ў */
        other |= cp == 0x44B || cp == 0x42B || cp == 0x44D || cp == 0x42D || cp == 0x451 ||
                 cp == 0x401; /* ы э ё: not Ukrainian */
    }
    if (bel || (ukr && other)) {
        bel = 1;
        ukr = 0;
    }
    /* (a Russian name is read as written: a second reading of every
     * Cyrillic name cost half as much again per query, for few names) */
    if (!ukr && !bel)
        return 0;
    size_t o = 0, changed = 0;
    int32_t prev = 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        int32_t cp = emb__utf8_next(s, n, &i);
        int32_t lc = cyr_lower(cp);
        int inside = cyrillic(prev);
        const char *w = NULL;
        if (lc == 0x433) /* г */
            w = "h";
        else if (ukr && lc == 0x438) /* и */
            w = "y";
        else if (ukr && lc == 0x454) /* є */
            w = inside ? "ie" : "ye";
        else if (ukr && lc == 0x457) /* ї */
            w = inside ? "i" : "yi";
        else if (bel && lc == 0x451 && inside && !cyr_vowel(prev)) /* ё */
            w = "io";
        else if (bel && lc == 0x45E) /* ў */
            w = "u";
        size_t need = w ? strlen(w) : i - at;
        if (o + need >= cap)
            return 0;
        if (w) {
            memcpy(buf + o, w, need);
            changed++;
        } else {
            memcpy(buf + o, s + at, need);
        }
        o += need;
        prev = cp;
    }
    if (!changed)
        return 0;
    buf[o] = '\0';
    *len = o;
    return 1;
}
