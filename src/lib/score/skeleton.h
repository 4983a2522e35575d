/*
 * skeleton.h - consonant keys for names romanised from scripts whose
 * spelling leaves sounds open: Arabic and Hebrew (no vowels; Hebrew
 * letters of two or three sounds each) and Burmese (practical
 * romanisations that voice, drop and join syllables at will).  Keys are
 * hashes; equal keys mean the spellings may be one name.  All functions
 * take lower-case ASCII tokens (emb__name_norm), are pure and allocate
 * nothing.
 */
#ifndef EMB_SCORE_SKELETON_H
#define EMB_SCORE_SKELETON_H

#include <stddef.h>
#include <stdint.h>

/* Hash of a token's consonant skeleton (vowel-less romanisations compare
 * with vocalised ones through it); 0 when it has none. */
uint32_t emb__skel_hash(const char *s, size_t n);

/* The standard skeleton hashes (emb__skel_hash) of the spellings a token
 * romanised from Arabic script stands for: each w after its first letter
 * (the first EMB_SKEL_W_MAX) read as the consonant w or v, or as the long
 * vowel o or u (twfyq: Tawfiq and Toufic; mwswy: Mousavi); a vowel-less
 * token's first y as the consonant or as a long i whose ʿayn was dropped
 * (ywsf: Yousef; ysy: Issa); a final t as the ta marbuta or not (jmt:
 * Jumah; sharikat); two same letters side by side as two (mmlwk:
 * Mamlouk) or one (allh: Allah); a final h after d, z, s ... as the
 * Persian he or the end of a digraph (zadh: Zadeh); d as z (ض in
 * Persian: rda, Reza).  The fewest changed readings first.  At most cap, distinct; 0 for an empty
 * or too long token. */
#define EMB_SKEL_W_MAX 3
size_t emb__arabic_skels(const char *s, size_t n, uint32_t *out, size_t cap);

/* Hash of a token's coarse consonant skeleton, the one a vowel-less
 * romanisation of Hebrew shares with its vocalised spellings (skeleton.c);
 * 0 when it has none. */
uint32_t emb__hskel_hash(const char *s, size_t n);

/* The coarse skeletons a vowel-less token romanised from Hebrew letters
 * may have (a leading w and a final h read or not, a w inside it a vowel
 * or v): up to 8, written to out, those reading every inner w as a vowel
 * first (*nvowel of them); 0 for a token with vowels. */
size_t emb__hskel_hebrew(const char *s, size_t n, uint32_t out[8], size_t *nvowel);

/* The standard skeleton hashes (emb__skel_hash) of the spellings a
 * vowel-less romanised Hebrew token stands for ("shr" -> sh/s, h/ch);
 * at most cap, distinct, from at most 4 * cap spellings tried.  0 for a
 * token with vowels. */
size_t emb__hebrew_skels(const char *s, size_t n, uint32_t *out, size_t cap);

/* Hash of a Burmese practical-romanisation key of s[0..n) (skeleton.c):
 * "yadanar" and the syllables "ya ta na" joined share it.  *ncls gets the
 * number of consonant classes in the key (one-class keys meet by chance);
 * 0 when it has none. */
uint32_t emb__bkey_hash(const char *s, size_t n, size_t *ncls);

#endif
