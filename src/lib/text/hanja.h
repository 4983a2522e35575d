/*
 * hanja.h - reading a name written in Han characters as Korean.
 *
 * Korean names and DPRK companies are written in Chinese characters in
 * Chinese documents and in older Korean ones: 金正恩 is Kim Jong Un, 崔龙海
 * Choe Ryong Hae.  Romanised as Chinese (pinyin) they read "jin zheng en",
 * "cui long hai", which no Latin spelling of the Korean name resembles.
 * emb__hanja_reading writes the name with each Han character replaced by
 * its Sino-Korean reading in Hangul (Unihan kHangul; a simplified
 * character takes its traditional form's reading), which the analyser
 * then romanises as Korean: 김정은 -> "gim jeong eun".  The reading is the
 * one the DPRK writes (李 리, Ri; 龍 룡, Ryong: no initial-sound law).
 */
#ifndef EMB_TEXT_HANJA_H
#define EMB_TEXT_HANJA_H

#include <stddef.h>
#include <stdint.h>

typedef struct emb__hanja_entry {
    uint32_t cp;      /* Han character */
    uint16_t reading; /* Hangul syllable: its first reading */
    uint16_t name;    /* the reading in personal names (金: 김, not 금) */
} emb__hanja_entry;

extern const emb__hanja_entry emb__hanja_table[]; /* sorted by cp */
extern const size_t emb__hanja_count;

/* Writes s[0..n) to out[0..cap) with each Han character that has a Korean
 * reading replaced by it (the personal-name reading when person is
 * nonzero), NUL-terminated, its length in *outlen.  Returns 1 when a
 * character was replaced, 0 when none was (out is then unspecified), -1
 * when out is too small or s is not valid UTF-8.  Allocates nothing. */
int emb__hanja_reading(const char *s, size_t n, int person, char *out, size_t cap, size_t *outlen);

#endif
