/*
 * tokens.c - splitting a normalised name into token slices, and the
 * longest-phrase matcher shared by the legal-form and honorific tables.
 *
 * Phrase tables are sorted by strcmp over their space-separated text.  As
 * ' ' sorts before every letter and digit, the entries whose first token is
 * T are contiguous: T itself, then "T ...", from the lower bound of T on.
 * The matcher binary-searches that bound and walks the block, comparing
 * the following tokens in place; nothing is copied or allocated.
 */
#include "tokens.h"

#include <string.h>

emb_status emb__tok_split(const char *s, size_t n, emb__tok *toks, size_t max, size_t *count)
{
    if (!count || (!s && n > 0) || (!toks && max > 0))
        return EMB_EARG;
    size_t k = 0, i = 0;
    *count = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (k >= max) {
            *count = k;
            return EMB_ECAP;
        }
        toks[k].s = s + i;
        toks[k].n = j - i;
        k++;
        i = j;
    }
    *count = k;
    return EMB_OK;
}

/* strcmp of a NUL-terminated phrase against the slice t. */
static int cmp_slice(const char *p, const char *t, size_t n)
{
    size_t i = 0;
    for (; i < n && p[i]; i++)
        if (p[i] != t[i])
            return (unsigned char)p[i] < (unsigned char)t[i] ? -1 : 1;
    if (i < n)
        return -1; /* p is a prefix of t */
    return p[i] ? 1 : 0;
}

const emb__phrase *emb__phrase_longest(const emb__phrase *table, size_t nt, const emb__tok *toks,
                                       size_t n, size_t i, size_t *len)
{
    if (!table || !toks || i >= n)
        return NULL;
    const emb__tok *t0 = &toks[i];
    size_t lo = 0, hi = nt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_slice(table[mid].text, t0->s, t0->n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const emb__phrase *best = NULL;
    size_t best_len = 0;
    for (size_t e = lo; e < nt; e++) {
        const char *p = table[e].text;
        if (strncmp(p, t0->s, t0->n) != 0 || (p[t0->n] != '\0' && p[t0->n] != ' '))
            break;
        /* Match the rest of the phrase token by token. */
        const char *q = p + t0->n;
        size_t k = i + 1;
        int ok = 1;
        while (*q == ' ') {
            q++;
            const char *sp = strchr(q, ' ');
            size_t wl = sp ? (size_t)(sp - q) : strlen(q);
            if (k >= n || toks[k].n != wl || memcmp(toks[k].s, q, wl) != 0) {
                ok = 0;
                break;
            }
            q += wl;
            k++;
        }
        if (ok && k - i > best_len) {
            best = &table[e];
            best_len = k - i;
        }
    }
    if (best && len)
        *len = best_len;
    return best;
}
