/*
 * jout.h - JSON written straight into a growing buffer, byte for byte as
 * jansson's json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(6)) writes it:
 * its string escapes (strings that are not UTF-8 refused, as jansson
 * refuses them) and its real format.  The /match answer (api.c) and
 * `embargo match`'s output lines (src/cli/results.c) are written with it,
 * rather than built as a jansson tree and dumped.
 */
#ifndef EMB_SRV_JOUT_H
#define EMB_SRV_JOUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Largest text one writer holds; past it, fail is 2 and nothing more is
 * written. */
#define SRV_JO_MAX ((size_t)64 << 20)

typedef struct srv_jout {
    char *p;
    size_t len, cap;
    int fail; /* 1: out of memory, 2: SRV_JO_MAX passed */
} srv_jout;

/* Makes room for n more bytes (realloc, doubling from 16 KiB); 1 when it
 * cannot (fail set). */
int srv_jo_grow(srv_jout *o, size_t n);

static inline void srv_jo_raw(srv_jout *o, const char *s, size_t n)
{
    if (n > o->cap - o->len && srv_jo_grow(o, n))
        return;
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

#define SRV_JO_LIT(o, s) srv_jo_raw((o), (s), sizeof(s) - 1)

/* 1 when s[0..n) is valid UTF-8 (an ASCII prefix checked a word at a
 * time). */
int srv_jo_utf8_ok(const char *s, size_t n);
/* A string as jansson escapes it; 1 (and nothing written) when s is not
 * valid UTF-8 or the writer failed. */
int srv_jo_str(srv_jout *o, const char *s, size_t n);
void srv_jo_cstr(srv_jout *o, const char *s);
/* A real as JSON_REAL_PRECISION(6) writes it ("0.661352", "1.0"). */
void srv_jo_real(srv_jout *o, double v);
void srv_jo_int(srv_jout *o, long long v);

#endif
