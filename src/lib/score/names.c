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
