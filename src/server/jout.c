/*
 * jout.c - the JSON writer of jout.h: growing the buffer, strings escaped
 * as jansson escapes them, reals and integers as it writes them.
 */
#include "jout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "srv.h"

int srv_jo_grow(srv_jout *o, size_t n)
{
    if (o->fail)
        return 1;
    if (n > SRV_JO_MAX - o->len) {
        o->fail = 2;
        return 1;
    }
    size_t nc = o->cap ? o->cap : 16384;
    while (nc < o->len + n)
        nc *= 2;
    char *np = realloc(o->p, nc);
    if (!np) {
        o->fail = 1;
        return 1;
    }
    o->p = np;
    o->cap = nc;
    return 0;
}

/* srv_utf8_ok with an ASCII prefix skipped a word at a time. */
int srv_jo_utf8_ok(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080u)
            break;
    }
    while (i < n && !((unsigned char)s[i] & 0x80))
        i++;
    return i == n || srv_utf8_ok(s + i, n - i);
}

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)

/* Nonzero when a byte of the 8 at s needs care in a JSON string: below
 * 0x20, '"', '\\' or non-ASCII (the classic has-zero-byte word tricks). */
static inline uint64_t needs_care(const char *s)
{
    uint64_t x, q, b;
    memcpy(&x, s, 8);
    q = x ^ (ONES * '"');
    b = x ^ (ONES * '\\');
    return (x | ((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
}

/* A string as jansson escapes it; 1 (and nothing written) when s is not
 * valid UTF-8, which jansson refuses. */
int srv_jo_str(srv_jout *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (n > (SRV_JO_MAX - 2) / 6) {
        o->fail = 2;
        return 1;
    }
    if (6 * n + 2 > o->cap - o->len && srv_jo_grow(o, 6 * n + 2))
        return 1;
    char *d = o->p + o->len, *start = d;
    unsigned high = 0;
    size_t i = 0;
    *d++ = '"';
    while (i < n) {
        if (i + 8 <= n && !needs_care(s + i)) {
            memcpy(d, s + i, 8);
            d += 8;
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        high |= c;
        if (c >= 0x20 && c != '"' && c != '\\') {
            *d++ = (char)c;
            continue;
        }
        *d++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *d++ = (char)c;
            break;
        case '\b':
            *d++ = 'b';
            break;
        case '\f':
            *d++ = 'f';
            break;
        case '\n':
            *d++ = 'n';
            break;
        case '\r':
            *d++ = 'r';
            break;
        case '\t':
            *d++ = 't';
            break;
        default:
            *d++ = 'u';
            *d++ = '0';
            *d++ = '0';
            *d++ = hex[c >> 4];
            *d++ = hex[c & 15];
        }
    }
    *d++ = '"';
    if ((high & 0x80) && !srv_jo_utf8_ok(s, n))
        return 1;
    o->len += (size_t)(d - start);
    return 0;
}

void srv_jo_cstr(srv_jout *o, const char *s)
{
    srv_jo_str(o, s, strlen(s));
}

/* A real as jansson's JSON_REAL_PRECISION(6) writes it: "%.6g", a ".0"
 * added when that reads as an integer, no '+' or leading zeros in the
 * exponent. */
static void jo_real_printf(srv_jout *o, double v)
{
    char b[40];
    int n = snprintf(b, sizeof b - 3, "%.6g", v);
    if (n <= 0 || (size_t)n >= sizeof b - 3) {
        SRV_JO_LIT(o, "0.0");
        return;
    }
    size_t len = (size_t)n;
    for (size_t i = 0; i < len; i++)
        if (b[i] == ',')
            b[i] = '.'; /* a locale's decimal comma */
    char *e = memchr(b, 'e', len);
    if (!e && !memchr(b, '.', len)) {
        b[len++] = '.';
        b[len++] = '0';
    }
    if (e) {
        char *start = e + 1, *end = e + 2;
        if (*start == '-')
            start++;
        while (end < b + len && *end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - b));
            len -= (size_t)(end - start);
        }
    }
    srv_jo_raw(o, b, len);
}

/* The same text as jo_real_printf, without printf for the usual case (a
 * score): a value in [1e-4, 1e6) is scaled to six significant digits and
 * rounded.  That is exact unless the scaled value lies within 1e-6 of a
 * rounding tie (the scaling errs by far less), and then printf decides. */
void srv_jo_real(srv_jout *o, double v)
{
    static const double p10[] = {1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    static const double scale[] = {1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 1e1, 1e0};
    if (v == 0.0 && !signbit(v)) {
        SRV_JO_LIT(o, "0.0");
        return;
    }
    if (!(v >= p10[0] && v < p10[10])) {
        jo_real_printf(o, v);
        return;
    }
    int ex = 0; /* v in [10^(ex-4), 10^(ex-3)) */
    while (v >= p10[ex + 1])
        ex++;
    double x = v * scale[ex], fl = floor(x), frac = x - fl;
    if (fabs(frac - 0.5) < 1e-6 || fl < 99999.0 || fl > 999999.0) {
        jo_real_printf(o, v);
        return;
    }
    unsigned long d = (unsigned long)fl + (frac > 0.5 ? 1u : 0u);
    if (d >= 1000000u || d < 100000u) {
        jo_real_printf(o, v);
        return;
    }
    char digits[6], b[24];
    for (int k = 5; k >= 0; k--) {
        digits[k] = (char)('0' + d % 10);
        d /= 10;
    }
    int ipart = ex - 3; /* digits before the point; <= 0: "0.000ddd" */
    size_t n = 0;
    if (ipart <= 0) {
        b[n++] = '0';
        b[n++] = '.';
        for (int k = 0; k < -ipart; k++)
            b[n++] = '0';
        memcpy(b + n, digits, 6);
        n += 6;
    } else {
        memcpy(b, digits, (size_t)ipart);
        n = (size_t)ipart;
        b[n++] = '.';
        memcpy(b + n, digits + ipart, (size_t)(6 - ipart));
        n += (size_t)(6 - ipart);
    }
    while (b[n - 1] == '0')
        n--;
    if (b[n - 1] == '.')
        b[n++] = '0';
    srv_jo_raw(o, b, n);
}

void srv_jo_int(srv_jout *o, long long v)
{
    char b[24];
    size_t n = sizeof b;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        b[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        b[--n] = '-';
    srv_jo_raw(o, b + n, sizeof b - n);
}
