/*
 * sylout.h - the bounded ASCII writer shared by the syllable romanisers
 * (burmese.c, khmer.c): append a string, break a token, finish.
 */
#ifndef EMB_TEXT_SYLOUT_H
#define EMB_TEXT_SYLOUT_H

#include <stddef.h>

/* Appends s to out[0..n), keeping room for the NUL; returns the length. */
static inline size_t emb__syl_put(char *out, size_t cap, size_t n, const char *s)
{
    for (; *s && n + 1 < cap; s++)
        out[n++] = *s;
    return n;
}

/* Ends the current token with one space (none at the start or twice). */
static inline size_t emb__syl_break(char *out, size_t cap, size_t n)
{
    if (n > 0 && n + 1 < cap && out[n - 1] != ' ')
        out[n++] = ' ';
    return n;
}

/* Drops trailing spaces and terminates; returns the final length. */
static inline size_t emb__syl_end(char *out, size_t n)
{
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return n;
}

#endif
