/*
 * utf8.h - UTF-8 validation and decoding (RFC 3629: no surrogates, no
 * overlongs, nothing above U+10FFFF).
 */
#ifndef EMB_BASE_UTF8_H
#define EMB_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns the byte offset of the first invalid sequence, or len when the
 * whole input is valid. */
size_t emb__utf8_check(const char *s, size_t len);

/* Decodes one code point at s[*i] (advancing *i); returns -1 and advances
 * by one byte on an invalid sequence. */
int32_t emb__utf8_next(const char *s, size_t len, size_t *i);

/* Encodes cp into out (>= 4 bytes); returns the byte count (0 if invalid). */
size_t emb__utf8_put(uint32_t cp, char *out);

#endif
