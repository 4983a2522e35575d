/*
 * utf8.c - strict UTF-8 decoding used to validate every list value and
 * every query before it reaches the matcher.
 */
#include "utf8.h"

int32_t emb__utf8_next(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = *i;
    unsigned char c = s[p];
    if (c < 0x80) {
        *i = p + 1;
        return c;
    }
    int n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1Fu;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0Fu;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07u;
        min = 0x10000;
    } else {
        *i = p + 1;
        return -1;
    }
    if (p + (size_t)n >= len) {
        *i = p + 1;
        return -1;
    }
    for (int k = 1; k <= n; k++) {
        unsigned char cc = s[p + (size_t)k];
        if ((cc & 0xC0) != 0x80) {
            *i = p + 1;
            return -1;
        }
        cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i = p + 1;
        return -1;
    }
    *i = p + (size_t)n + 1;
    return (int32_t)cp;
}

size_t emb__utf8_check(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t start = i;
        if (emb__utf8_next(s, len, &i) < 0)
            return start;
    }
    return len;
}

size_t emb__utf8_put(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        return 0;
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
