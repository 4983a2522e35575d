/*
 * compare.c - token alignment and name scoring (compare.h).
 *
 * Similarity of two tokens, first rule that applies:
 *   numbers         1 if equal, else 0 (and a number conflict is noted:
 *                   "NO 8" is not "NO 6"); an unknown query word against
 *                   a listed number as the edit distance to a spelling of
 *                   it ("firts" / FIRST OIL, held as "1 oil")
 *   same text       1.00
 *   variant group   0.95 (Mohammad/Muhammad, Ri/Lee/Yi ...)
 *   phonetic key    0.90 (Pak/Park, Choe/Choi, Jeong/Chong ...); 0.80 for
 *                   four-letter and 0.75 for shorter tokens
 *   initial         0.50 when one side is one letter and starts the other
 *                   (persons only; aligned although under the floor)
 *   prefix          0.75 a shortened given name (persons: Ben / Benjamin;
 *                   not the patronymic or surname made from it: Ivanovich,
 *                   Ivanov, Svensson)
 *   skeleton        0.85 when one side is a vowel-less romanisation
 *                   (Arabic, Hebrew script) with the other's consonants;
 *                   0.80 when only the coarse skeleton of a Hebrew name's
 *                   token agrees (b/v/f/p, s/sh, k/kh/h/ch merged:
 *                   "hwblwt" ~ "hovalot")
 *   edit distance   1 - d / max(len), d = optimal string alignment, only
 *                   when d = 0 for tokens up to 3 letters, d <= 1 to 5,
 *                   d <= 2 to 9, d <= 3 beyond; tokens up to 5 letters
 *                   must also share their first letter, unless the edit
 *                   swaps the first two or adds a letter in front (a
 *                   consonant only to an unknown query token of three
 *                   letters: "aul" / PAUL, at 0.70)
 * First a word of a Han, Hangul or Kana name that the trade-word table
 * translates aligns with the run of a Latin name that spells its English
 * word apart (香港 ~ HONG KONG, 0.95).  Pairs at or above 0.7 are aligned
 * greedily, best first, one to one; then an unaligned token may align
 * with a run of two to four adjacent unaligned tokens of the other side
 * joined ("jscargument" ~ "jsc" + "argument"; the run that spells it
 * exactly first), two tokens with two split elsewhere, and a short token with
 * a run whose initials it spells ("pla" ~ "peoples liberation army": 0.8,
 * persons 0.6).
 *
 * Score = sum(sim * (wq + wc)) over aligned pairs / (the same weights
 *         + the cost of the tokens left unaligned)
 * where a token left on one side only costs its weight (query side) or
 * half of it (list side: list names often carry extra given names or
 * patronymics; but twice it on either side when both are persons' names
 * of Chinese or Korean syllables, where a syllable left out is half a
 * given name: RI CHUN SONG is not Ri Chun), and tokens left on both
 * sides - a name replaced by another - cost their weights plus twice the
 * smaller side's.  Legal
 * forms and honorifics weigh nothing; optional tokens (al, bin, haji)
 * weigh a quarter.  A number conflict caps the score at 0.5; a number on
 * one side only (organisations, vessels) takes 0.25 off; a legal form on
 * one side only of a vessel name takes 0.2 off.
 */
#include "compare.h"

#include "../base/bits.h"
#include "../index/index_format.h"
#include "../text/sector.h"
#include "keys.h"
#include "skeleton.h"

#include <string.h>

/* tok_sim's a_unknown: bit 0 the query token is unknown to the lists;
 * TS_FIRST_DROP, it may also be a listed token without its first letter */
#define TS_FIRST_DROP 2

/* Token pairs below this similarity are not aligned. */
#define EMB_ALIGN_MIN 0.7f
/* An unknown query token one first letter away from a listed token of 4
 * or 5 letters aligns with it for this much. */
#define EMB_FIRST_TYPO_SIM 0.75f
/* A vowel-less Hebrew token on its coarse skeleton (hebrew_skel), of
 * three consonants or more, and of one or two. */
#define EMB_HEBREW_SKEL_SIM 0.80f
#define EMB_HEBREW_SKEL_SHORT_SIM 0.72f
/* Burmese syllables against a Latin spelling on their Burmese key
 * (burmese_sim): two classes or more, and one. */
#define EMB_BURMESE_SIM 0.85f
#define EMB_BURMESE_SHORT_SIM 0.75f
/* Scripts of the two names of a comparison (tok_sim, joined_sim). */
enum {
    SCRIPT_A_HEBREW = 1,
    SCRIPT_B_HEBREW = 2,
    SCRIPT_BURMESE = 4,
    SCRIPT_A_ARABIC = 8, /* a's name is in Arabic script, b's is not */
    SCRIPT_B_ARABIC = 16
};
/* An initial against a name aligns, for half the credit. */
#define EMB_INITIAL_SIM 0.5f
/* Costs of tokens left unaligned, as multiples of their weight (tuned on
 * the nomenklatura benchmark and the yente negatives, docs/eval.md):
 * tokens left on both sides mean one name was replaced by another, which
 * is strong evidence of a different party; a query token the list name
 * lacks costs its full weight; a list token the query lacks (a middle
 * name, a patronymic) half of it, and every further one a whole. */
#define EMB_LEGAL_CONFLICT 0.15
#define EMB_SINGLE_FUZZY 0.85
#define EMB_NUMBER_ONE_SIDED 0.25
#define EMB_VESSEL_OWNER 0.2
#define EMB_PATRONYM_SWAP 0.35
#define EMB_SUBST_COST 1.0
#define EMB_SUBST_EXTRA 2.0
#define EMB_QEXTRA_COST 1.0
#define EMB_CEXTRA_COST 0.5
#define EMB_CEXTRA_MORE 1.0
#define EMB_SYLLABLE_EXTRA_COST 2.0
#define EMB_SYLLABLE_ORDER 0.2

static uint32_t letter_mask(const char *s, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1u << ((unsigned char)s[i] & 31u);
    return m;
}

unsigned emb__osa(const char *a, size_t an, const char *b, size_t bn, unsigned max)
{
    if (an > 63 || bn > 63)
        return max + 1;
    size_t diff = an > bn ? an - bn : bn - an;
    if (diff > max)
        return max + 1;
    /* each edit adds or removes at most one letter on each side: letters
     * present in one string only bound the distance from below */
    uint32_t x = letter_mask(a, an) ^ letter_mask(b, bn);
    if ((unsigned)emb__popcount32(x) > 2 * max)
        return max + 1;
    if (an == 0)
        return (unsigned)bn;
    /* Hyyro's bit-parallel edit distance with adjacent transpositions
     * (2003): bit i of the vectors holds the vertical difference of row
     * i + 1 of the dynamic-programming table over a, pos/neg for +1/-1;
     * one step per letter of b, the last row's value tracked in dist. */
    uint64_t peq[256];
    for (size_t i = 0; i < an; i++)
        peq[(unsigned char)a[i]] = 0;
    for (size_t i = 0; i < bn; i++)
        peq[(unsigned char)b[i]] = 0;
    for (size_t i = 0; i < an; i++)
        peq[(unsigned char)a[i]] |= (uint64_t)1 << i;
    uint64_t pos = ~(uint64_t)0, neg = 0, d0 = 0, pm_prev = 0;
    const uint64_t last = (uint64_t)1 << (an - 1);
    unsigned dist = (unsigned)an;
    for (size_t j = 0; j < bn; j++) {
        uint64_t pm = peq[(unsigned char)b[j]];
        uint64_t tr = ((~d0 & pm) << 1) & pm_prev;
        d0 = (((pm & pos) + pos) ^ pos) | pm | neg | tr;
        uint64_t hp = neg | ~(d0 | pos), hn = pos & d0;
        dist += (hp & last) ? 1u : 0u;
        dist -= (hn & last) ? 1u : 0u;
        hp = (hp << 1) | 1u;
        hn <<= 1;
        pos = hn | ~(d0 | hp);
        neg = hp & d0;
        pm_prev = pm;
    }
    return dist <= max ? dist : max + 1;
}

/* Edits allowed between two tokens, by the shorter one's length: short
 * romanised syllables (CJK, Korean) differ by one letter between unrelated
 * names, so they must agree exactly or by key. */
unsigned emb__max_edits(size_t len)
{
    return len <= 3 ? 0u : len <= 5 ? 1u : len <= 9 ? 2u : 3u;
}

static int has_vowel(const emb__atok *t)
{
    return !(t->flags & EMB_TOK_NOVOWEL);
}

static int is_vowel_c(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* 1 when the token ends like an East Slavic patronymic. */
static int patronymic_suffix(const emb__atok *t)
{
    static const char *const sfx[] = {"ovich", "evich", "ovych", "evych", "ovna",
                                      "evna",  "ivna",  "ovic",  "evic",  "ich"};
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
        size_t n = strlen(sfx[i]);
        if (t->len > n + 2 && memcmp(t->s + t->len - n, sfx[i], n) == 0)
            return 1;
    }
    return 0;
}

/* 1 when the longer token is the shorter with a suffix that makes a
 * surname of a given name (Svensson, Johnson, Hansen, Ivanov, Petrenko,
 * Ionescu, Petrosyan, Ahmadzadeh, Ahmadpour): such a pair is two names,
 * not a name and its short form.  (Not -ova, -eva: the feminine of a
 * surname, Morozov / Morozovová, is the same name.) */
static int surname_of(const emb__atok *shorter, const emb__atok *longer)
{
    static const char *const sfx[] = {"son",  "sson", "sen",   "ssen", "ov",   "ev",
                                      "off",  "enko", "escu",  "yan",  "ian",  "oglu",
                                      "ogly", "zade", "zadeh", "pour", "poor", "nejad"};
    size_t tl = (size_t)longer->len - shorter->len;
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
        if (strlen(sfx[i]) == tl && memcmp(longer->s + shorter->len, sfx[i], tl) == 0)
            return 1;
    return 0;
}

/* 1 when a is b with one letter put before it ("rilya" / "ilya"). */
static int tail_of(const emb__atok *a, const emb__atok *b)
{
    return a->len == b->len + 1 && memcmp(a->s + 1, b->s, b->len) == 0;
}

/* 1 when a is b with a vowel put before it ("igor" / "gor", "abdo" /
 * "bdo"); not a consonant: "hong" / "ong", "kang" / "ang", "khan" / "han"
 * are other surnames. */
static int vowel_tail(const emb__atok *a, const emb__atok *b)
{
    char c = a->s[0];
    return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') && tail_of(a, b);
}

/* 1 when b is a with two adjacent letters swapped. */
static int is_swap(const emb__atok *a, const emb__atok *b)
{
    if (a->len != b->len || a->len < 2)
        return 0;
    size_t i = 0;
    while (i < a->len && a->s[i] == b->s[i])
        i++;
    if (i + 1 >= a->len || a->s[i] != b->s[i + 1] || a->s[i + 1] != b->s[i])
        return 0;
    return memcmp(a->s + i + 2, b->s + i + 2, a->len - i - 2) == 0;
}

/* When vowel-less token v of a Hebrew name and token o have one coarse
 * skeleton (emb__hskel_hebrew, emb__hskel_hash): 1, or 2 when v has two
 * consonants or fewer; else 0. */
static int hebrew_skel(const emb__atok *v, const char *o, size_t on)
{
    if ((v->len == 1 && on > 3) || (on == 1 && v->len > 3))
        return 0; /* one letter against a word: only a short one ("z" / ETZ) */
    uint32_t k[8];
    size_t nvowel;
    size_t nk = emb__hskel_hebrew(v->s, v->len, k, &nvowel);
    if (!nk)
        return 0;
    /* an English plural on the vocalised side ("plastics" / "plstyq") */
    uint32_t h = emb__hskel_hash(o, on);
    uint32_t h1 = on > 4 && o[on - 1] == 's' ? emb__hskel_hash(o, on - 1) : 0;
    /* a first vowel is written with an alef (or ayin), which the
     * romanisation drops: "tyngr" (אטינגר) is Ettinger */
    uint32_t h2 = on > 3 && is_vowel_c(o[0]) ? emb__hskel_hash(o + 1, on - 1) : 0;
    for (size_t i = 0; i < nk; i++)
        if (k[i] == h || k[i] == h1 || k[i] == h2) {
            /* two consonants agree by chance more often ("nmy" / NAM);
             * an inner w read as v is one (dwd, David) */
            size_t cons = 0;
            for (size_t j = 0; j < v->len; j++)
                cons +=
                    j == 0 || (v->s[j] != 'w' && v->s[j] != 'y') || (v->s[j] == 'w' && i >= nvowel);
            return cons <= 2 ? 2 : 1;
        }
    return 0;
}

/* Two spellings of Burmese syllables, one from the Myanmar script: their
 * Burmese keys (skeleton.h) agree on two consonant classes or more, or on
 * one and the first letter. */
static float burmese_sim(const char *a, size_t an, const char *b, size_t bn)
{
    size_t ka, kb;
    uint32_t ha = emb__bkey_hash(a, an, &ka), hb = emb__bkey_hash(b, bn, &kb);
    if (!ha || ha != hb)
        return 0.0f;
    return ka >= 2 ? EMB_BURMESE_SIM : a[0] == b[0] ? EMB_BURMESE_SHORT_SIM : 0.0f;
}

/* 1 when r, romanised from Arabic script, is the Latin spelling l with
 * short vowels left out: l is r with vowels put in ("tjart" / tejarat,
 * "abw" / abu), r's written long vowels a, w and y standing for a or e, o
 * or u, i or e (and an initial alef for any vowel: "abrahym" / ibrahim),
 * or left unwritten in l ("samrayy" / samarrai); a consonant Latin doubles
 * written once ("hsn" / hassan); a first vowel whose ʿayn or hamza the
 * romanisation drops ("wad" / awwad); a final ta marbuta t written h or
 * not at all ("lbant" / lubanah); the article's alef read as any vowel
 * and its l assimilated before a sun letter ("zaldyn" / ezzedine,
 * "bdalrhman" / abdurrahman) or its alef unsaid after a long vowel
 * ("dhwalqdr" / zulqadr); w also read as the consonant v (Persian: "fdwy"
 * / fadavi) and a final w or y spelt with two vowels ("namjw" / namjoo);
 * Persian's zh written j, dh z, th s, q gh or g and d z (ض, romanised d:
 * "rda" / reza); a silent h after a final vowel ("mla" / mullah); and the
 * letters Arabic writes foreign sounds with: f for v, b for p, j for g,
 * and q spelt k.  Every consonant must be there, in order: "slm" is not
 * salmon.  A token of two letters meets only Latin spellings of up to
 * four ("th", طه, is Taha). */
static int abjad_eq(char c, char d)
{
    return c == d || (c == 'f' && d == 'v') || (c == 'b' && d == 'p') || (c == 'j' && d == 'g') ||
           (c == 'q' && d == 'k') || (c == 'd' && d == 'z');
}

/* 1 when a vowel-less token of an Arabic-script name writes a long vowel
 * inside it (y for i, w for u) that the other side's spelling has no
 * vowel of anywhere: "khtyb" (الخطيب, al-Khatib) is not KHATTAB, "hsyn"
 * (حسين) not HASSAN; "hsyn" is HUSSEIN, "ywsf" YOUSEF. */
static int long_vowel_missing(const emb__atok *a, const emb__atok *b, int script)
{
    const emb__atok *r = (script & SCRIPT_A_ARABIC) && !has_vowel(a)   ? a
                         : (script & SCRIPT_B_ARABIC) && !has_vowel(b) ? b
                                                                       : NULL;
    if (!r || r->len < 3)
        return 0;
    const emb__atok *o = r == a ? b : a;
    for (size_t i = 1; i + 1 < r->len; i++) {
        const char *need = r->s[i] == 'y' ? "iey" : r->s[i] == 'w' ? "ouwv" : NULL;
        if (!need)
            continue;
        size_t k = 0;
        while (k < o->len && !strchr(need, o->s[k]))
            k++;
        if (k == o->len)
            return 1;
    }
    return 0;
}

static int abjad_match(const char *r, size_t rn, const char *l, size_t ln)
{
    /* (two letters only against a short spelling: طه, "th", is Taha) */
    if (rn < 2 || ln < 3 || (rn == 2 && ln > 4) || rn > ln + 1 ||
        (rn == ln && memcmp(r, l, rn) == 0))
        return 0;
    size_t i = 0, j = 0;
    /* a first vowel whose ʿayn or hamza was dropped: "wad" / awwad */
    if (!is_vowel_c(r[0]) && is_vowel_c(l[0]) && r[0] == l[1])
        j = 1;
    while (j < ln) {
        char d = l[j];
        if (i == rn) {
            /* after the last letter only a short a or e, or the rest of a
             * long vowel's spelling ("namjw" / namjoo) */
            char last = r[rn - 1];
            if (d != 'a' && d != 'e' && !(last == 'w' && (d == 'o' || d == 'u')) &&
                !(last == 'y' && d == 'i') &&
                !(d == 'h' && j + 1 == ln && is_vowel_c(l[j - 1]) && last != 'h'))
                return 0; /* (and a silent h after a final vowel: mla, Mullah) */
            j++;
            continue;
        }
        char c = r[i];
        /* the article's alef takes any vowel (Abdul, Abdel, Abdal) */
        int article = c == 'a' && i + 1 < rn && r[i + 1] == 'l';
        /* (a final y may be the alef maqsura, a final a: مرتضی, Morteza) */
        const char *ok = c == 'a'   ? (i == 0 || article ? "aeiou" : "ae")
                         : c == 'w' ? "ouwv"
                         : c == 'y' ? (i + 1 == rn && j + 1 == ln ? "ieya" : "iey")
                                    : NULL;
        /* Persian reads zh as j, dh and th as z and s, and q as gh */
        if (i + 1 < rn && r[i + 1] == 'h' &&
            ((c == 'z' && d == 'j') || (c == 'd' && d == 'z') || (c == 't' && d == 's'))) {
            i += 2, j++;
            continue;
        }
        if (ok ? strchr(ok, d) != NULL : (i == 0 ? c == d || abjad_eq(c, d) : abjad_eq(c, d))) {
            i++, j++;
            continue;
        }
        /* the article's alef unsaid after a long vowel: Zulqadr, Abul */
        if (article && i > 0 && strchr("awy", r[i - 1]) && d == 'l') {
            i++;
            continue;
        }
        if (c == 'q' && d == 'g') {
            i++, j++;
            if (j < ln && l[j] == 'h')
                j++;
            continue;
        }
        if (c == 't' && i + 1 == rn && d == 'h' && j + 1 == ln) {
            i++, j++; /* ta marbuta written h */
            continue;
        }
        if (c == 'l' && i > 0 && r[i - 1] == 'a' && i + 1 < rn && strchr("tdrzsn", r[i + 1]) &&
            d == r[i + 1]) {
            i++; /* the article's l before a sun letter: ad-din, ar-rahman */
            continue;
        }
        if (i > 0 &&
            (is_vowel_c(d) || l[j - 1] == d || (d == r[i - 1] && (d == 'w' || d == 'y')))) {
            j++; /* a short vowel, a consonant written twice, or the glide
                  * after a long vowel ("mwswyan" / mousaviyan) */
            continue;
        }
        return 0;
    }
    /* left over: a long vowel written twice ("samrayy" / samarrai) or a
     * final ta marbuta */
    while (i > 0 && i < rn &&
           (((r[i] == 'y' || r[i] == 'w') && r[i - 1] == r[i]) || (r[i] == 't' && i + 1 == rn)))
        i++;
    return i == rn;
}

/* 1 for a token of three letters or more that repeats one letter
 * ("dddddd", a placeholder): its keys are those of any short word. */
static int one_letter_run(const emb__atok *t)
{
    if (t->len < 3)
        return 0;
    for (size_t i = 1; i < t->len; i++)
        if (t->s[i] != t->s[0])
            return 0;
    return 1;
}

/* The script flags of a comparison of side a with side b (SCRIPT_*). */
static int pair_scripts(const emb__side *a, const emb__side *b)
{
    return (a->hebrew && !b->hebrew ? SCRIPT_A_HEBREW : 0) |
           (b->hebrew && !a->hebrew ? SCRIPT_B_HEBREW : 0) |
           (a->burmese != b->burmese ? SCRIPT_BURMESE : 0) |
           (a->arabic && !b->arabic ? SCRIPT_A_ARABIC : 0) |
           (b->arabic && !a->arabic ? SCRIPT_B_ARABIC : 0);
}

/* The similarity of word a to number token b written as a word (one
 * edit up to 5 letters, two up to 9, the first letter kept); 0 with
 * EMB_RULE_NONE when no spelling of b is that near. */
static float number_word_sim(const emb__atok *a, const emb__atok *b, uint8_t *rule, uint8_t *dist)
{
    unsigned v = 0;
    *rule = EMB_RULE_NONE;
    if (b->len > 2)
        return 0.0f;
    for (size_t i = 0; i < b->len; i++)
        v = v * 10 + (unsigned)(b->s[i] - '0');
    const char *w[EMB_NUMBER_SPELLINGS];
    size_t nw = emb__number_spellings(v, w);
    float best = 0.0f;
    for (size_t k = 0; k < nw; k++) {
        size_t wl = strlen(w[k]);
        size_t S = a->len < wl ? a->len : wl, L = a->len > wl ? a->len : wl;
        unsigned lim = emb__max_edits(S);
        if (w[k][0] != a->s[0] || lim == 0)
            continue;
        unsigned d = emb__osa(a->s, a->len, w[k], wl, lim);
        float sim = 1.0f - (float)d / (float)L;
        if (d <= lim && sim > best) {
            best = sim;
            *rule = EMB_RULE_EDIT;
            *dist = (uint8_t)d;
        }
    }
    return best;
}

static float tok_sim(const emb__atok *a, const emb__atok *b, emb_schema schema, int syllables,
                     int script, int a_unknown, uint8_t *rule, uint8_t *dist, int *numconf)
{
    *dist = 0;
    int an = (a->flags & EMB_TOK_NUMBER) != 0, bn = (b->flags & EMB_TOK_NUMBER) != 0;
    if (an || bn) {
        if (an && bn && a->len == b->len && memcmp(a->s, b->s, a->len) == 0) {
            *rule = EMB_RULE_EXACT;
            return 1.0f;
        }
        if (an && bn)
            *numconf = 1;
        /* a number word misspelt ("firts" against FIRST OIL, which the
         * analyser wrote "1 oil"): an unknown query word against the
         * words of a listed number */
        if (!an && (a_unknown & 1) && a->len >= 4)
            return number_word_sim(a, b, rule, dist);
        *rule = EMB_RULE_NONE;
        return 0.0f;
    }
    if (a->len == b->len && memcmp(a->s, b->s, a->len) == 0) {
        *rule = EMB_RULE_EXACT;
        return 1.0f;
    }
    /* both names written in a syllabic script: their romanised syllables
     * are the characters themselves, and differ when they differ */
    if (syllables) {
        *rule = EMB_RULE_NONE;
        return 0.0f;
    }
    if (a->canon && a->canon == b->canon) {
        *rule = EMB_RULE_VARIANT;
        return 0.95f;
    }
    size_t S = a->len < b->len ? a->len : b->len;
    /* keys forgive spelling, not length: a run of one letter
     * ("gggggggg") has the key of "cccc" */
    int comparable = (size_t)(a->len > b->len ? a->len : b->len) <= 2 * S + 2 &&
                     !one_letter_run(a) && !one_letter_run(b);
    if (a->phon && a->phon == b->phon && a->len > 1 && b->len > 1 && comparable) {
        /* short syllables (CJK, Korean) share keys by chance more often */
        *rule = EMB_RULE_PHONETIC;
        return S <= 3 ? 0.75f : S <= 4 ? 0.80f : 0.90f;
    }
    /* a vowel-less romanisation (Arabic, Hebrew script) against a
     * vocalised one: the consonant skeletons agree */
    /* (not for a token of a Hebrew name, whose s h is two letters: below) */
    int heb_vl = ((script & SCRIPT_A_HEBREW) && !has_vowel(a)) ||
                 ((script & SCRIPT_B_HEBREW) && !has_vowel(b));
    /* Arabic script writes long vowels and leaves short ones out: its
     * romanisation is a vocalised spelling with vowels missing (تجارت,
     * "tjart", is Tejarat), never with more letters than it */
    int abjad = ((script & SCRIPT_A_ARABIC) && abjad_match(a->s, a->len, b->s, b->len)) ||
                ((script & SCRIPT_B_ARABIC) && abjad_match(b->s, b->len, a->s, a->len));
    if (abjad) {
        *rule = EMB_RULE_PHONETIC;
        return 0.85f;
    }
    if (a->skel && a->skel == b->skel && a->len > 1 && b->len > 1 && comparable && !heb_vl &&
        !long_vowel_missing(a, b, script) && (!has_vowel(a) || !has_vowel(b)) &&
        (has_vowel(a) ? b->len <= a->len : a->len <= b->len || !has_vowel(b))) {
        /* (the vowel-less side is the shorter: "bbbbbb" is not "abba") */
        *rule = EMB_RULE_PHONETIC;
        return 0.85f;
    }
    /* a vowel-less Hebrew romanisation: its letters read several ways */
    const emb__atok *hv = (script & SCRIPT_A_HEBREW) && !has_vowel(a) ? a : b;
    const emb__atok *ho = hv == a ? b : a;
    int hs = heb_vl && comparable ? hebrew_skel(hv, ho->s, ho->len) : 0;
    if (hs) {
        *rule = EMB_RULE_PHONETIC;
        return hs == 1 ? EMB_HEBREW_SKEL_SIM : EMB_HEBREW_SKEL_SHORT_SIM;
    }
    float bs = (script & SCRIPT_BURMESE) && !((a->flags | b->flags) & EMB_TOK_LEGAL)
                   ? burmese_sim(a->s, a->len, b->s, b->len)
                   : 0.0f;
    if (bs > 0) {
        *rule = EMB_RULE_PHONETIC;
        return bs;
    }
    if ((a->len == 1 || b->len == 1) && a->s[0] == b->s[0]) {
        *rule = EMB_RULE_INITIAL;
        if (schema == EMB_SCHEMA_PERSON || schema == EMB_SCHEMA_THING ||
            schema == EMB_SCHEMA_LEGAL_ENTITY)
            return EMB_INITIAL_SIM;
        *rule = EMB_RULE_NONE; /* organisations: initials are acronyms */
        return 0.0f;
    }
    size_t L = a->len > b->len ? a->len : b->len;
    /* a shortened given name: Ben / Benjamin, Chris / Christopher (not a
     * given name against the patronymic or the surname made from it:
     * Oleksandr / Oleksandrovych, Sven / Svensson, Ivan / Ivanov) */
    if (schema == EMB_SCHEMA_PERSON && S >= 3 && L >= S + 2 && memcmp(a->s, b->s, S) == 0 &&
        !patronymic_suffix(a->len > b->len ? a : b) &&
        !surname_of(a->len > b->len ? b : a, a->len > b->len ? a : b)) {
        *rule = EMB_RULE_PREFIX;
        return 0.75f;
    }
    unsigned lim = emb__max_edits(S);
    /* a short token with a different first letter is another syllable
     * (song / rong), not a typo; but a query token the lists do not know
     * at all that differs from a listed one in its first letter only is
     * more likely a typo of it ("qras" / ARAS), for little credit */
    if (S <= 5 && a->s[0] != b->s[0] &&
        !(a->len > 1 && b->len > 1 && a->s[0] == b->s[1] && a->s[1] == b->s[0]) && !tail_of(a, b) &&
        !tail_of(b, a)) {
        if ((a_unknown & 1) && S >= 4 && a->len == b->len && !syllables &&
            memcmp(a->s + 1, b->s + 1, a->len - 1) == 0) {
            *rule = EMB_RULE_EDIT;
            *dist = 1;
            return EMB_FIRST_TYPO_SIM;
        }
        *rule = EMB_RULE_NONE;
        return 0.0f;
    }
    int short_tok = 0;
    if (lim == 0 && S == 3 &&
        (a->s[0] == b->s[0] || vowel_tail(a, b) || vowel_tail(b, a) ||
         ((a_unknown & TS_FIRST_DROP) && tail_of(b, a)))) {
        /* "jog" / "jong", "gor" / "igor", and a query token the lists do
         * not know that is a listed one without its first letter ("aul" /
         * PAUL, "iru" / NIRU; the caller says when: not between names of
         * Chinese or Korean syllables, where ANG and KANG are two
         * surnames): aligned, for little credit */
        lim = 1;
        short_tok = 1;
    }
    if (lim == 0 && is_swap(a, b)) /* "sok" / "sko": a transposition */
        lim = 1;
    if (a->letters && b->letters && (unsigned)emb__popcount32(a->letters ^ b->letters) > 2 * lim) {
        *rule = EMB_RULE_NONE;
        return 0.0f;
    }
    unsigned d = emb__osa(a->s, a->len, b->s, b->len, lim);
    if (d > lim) {
        *rule = EMB_RULE_NONE;
        return 0.0f;
    }
    *rule = EMB_RULE_EDIT;
    *dist = (uint8_t)d;
    float sim = 1.0f - (float)d / (float)L;
    return short_tok && d > 0 && sim > EMB_ALIGN_MIN ? EMB_ALIGN_MIN : sim;
}

/* Coarse class of an initial letter: romanisations swap initials within
 * a class (Wade-Giles ch / pinyin j, p / b, k / g ...); vowels vary. */
static char initial_class(char c)
{
    static const char cls[27] = "abjdafkkajklmnabkljdaffjaj"; /* a..z */
    return (c >= 'a' && c <= 'z') ? cls[c - 'a'] : c;
}

/* One token against the run toks[0..k) written together. */
static float joined_sim(const emb__atok *one, const emb__atok *toks, size_t k, int script)
{
    char cat[64];
    size_t n = 0;
    int vowelless = !has_vowel(one);
    for (size_t i = 0; i < k; i++) {
        if (n + toks[i].len > 63)
            return 0.0f;
        memcpy(cat + n, toks[i].s, toks[i].len);
        n += toks[i].len;
        vowelless |= !has_vowel(&toks[i]);
    }
    if (one->len > 63)
        return 0.0f;
    /* (before the length test: Arabic script leaves short vowels out) */
    if (((script & SCRIPT_A_ARABIC) && abjad_match(one->s, one->len, cat, n)) ||
        ((script & SCRIPT_B_ARABIC) && abjad_match(cat, n, one->s, one->len)))
        return 0.85f; /* "ahmdymqdm" ~ "ahmadi moqaddam" */
    /* lengths too far apart for any of the rules below */
    size_t diff = n > one->len ? n - one->len : one->len - n;
    if (diff > 3 && diff * 2 > one->len)
        return 0.0f;
    /* (the vowel-less side not the longer: "dddddd" is not "ao t") */
    if (vowelless && one->skel && one->skel == emb__skel_hash(cat, n) &&
        (has_vowel(one) ? n <= one->len : one->len <= n))
        return 0.85f; /* "bd allh" ~ "abdullah" */
    if ((script & SCRIPT_A_HEBREW) && hebrew_skel(one, cat, n))
        return 0.85f; /* "hrqpwt" ~ "ha rakafot" */
    if ((script & SCRIPT_BURMESE) && burmese_sim(one->s, one->len, cat, n) >= EMB_BURMESE_SIM)
        return EMB_BURMESE_SIM; /* "yadanar" ~ "ya ta na" */
    if (one->phon && one->len >= 5 && one->phon == emb__phon_hash(cat, n))
        return 0.85f; /* "chin ping" ~ "jinping" (Wade-Giles / pinyin) */
    size_t L = n > one->len ? n : one->len;
    unsigned lim = L <= 8 ? 1u : 2u;
    unsigned d = emb__osa(one->s, one->len, cat, n, lim);
    if (d > lim)
        return 0.0f;
    return 1.0f - (float)d / (float)L;
}

/* 1 when the run toks[0..k) written together is one's letters. */
static int run_spells(const emb__atok *one, const emb__atok *toks, size_t k)
{
    size_t at = 0;
    for (size_t i = 0; i < k; i++) {
        if (at + toks[i].len > one->len || memcmp(one->s + at, toks[i].s, toks[i].len) != 0)
            return 0;
        at += toks[i].len;
    }
    return at == one->len;
}

/* Records token i of side a aligned with the run j..j+k-1 of side b,
 * a_is_query telling which side is the query's. */
static void align_run(emb__cmp *out, size_t i, size_t j, size_t k, uint8_t rule, float sim,
                      int a_is_query)
{
    emb__align al = {(int8_t)i, -1, (int8_t)j, (int8_t)(j + k - 1), rule, 0, sim};
    if (!a_is_query)
        al = (emb__align){(int8_t)j, (int8_t)(j + k - 1), (int8_t)i, -1, rule, 0, sim};
    out->al[out->nal++] = al;
}

/* 1 when tokens j..j+k-1 of side s hold a number. */
static int run_has_number(const emb__side *s, size_t j, size_t k)
{
    for (size_t x = j; x < j + k; x++)
        if (s->tok[x].flags & EMB_TOK_NUMBER)
            return 1;
    return 0;
}

/* The variant key (canon) of the trade or place word that the run
 * toks[0..k) spells written together (HONG KONG, the hongkong of 香港), or
 * 0. */
static uint32_t run_concept(const emb__atok *toks, size_t k)
{
    char cat[64];
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        if (n + toks[i].len > sizeof cat)
            return 0;
        memcpy(cat + n, toks[i].s, toks[i].len);
        n += toks[i].len;
    }
    const char *c = emb__sector_word(cat, n);
    return c ? emb__key_hash(EMB_KEY_SEED_CANON, c, strlen(c)) : 0;
}

/* Aligns a word of a name in Han, Hangul or Kana that the trade-word
 * table translates (analyze.c: its concept is its variant key) with a run
 * of 2..3 unaligned tokens of a name in other letters that spells the
 * concept's English word written apart (香港 "xianggang", hongkong: HONG
 * KONG).  Before any pair, so that a syllable of a legal form (gong si)
 * does not take KONG first. */
static void concept_runs(const emb__side *a, uint32_t *au, const emb__side *b, uint32_t *bu,
                         int a_is_query, emb__cmp *out)
{
    if (!a->syllabic || b->syllabic)
        return;
    for (size_t i = 0; i < a->ntok && out->nal < EMB_AN_MAX_TOKENS; i++) {
        if ((*au & (1u << i)) || !a->tok[i].canon)
            continue;
        int done = 0;
        for (size_t k = 2; k <= 3 && !done; k++)
            for (size_t j = 0; j + k <= b->ntok && !done; j++) {
                uint32_t run = ((1u << k) - 1u) << j;
                if ((*bu & run) || run_has_number(b, j, k) ||
                    run_concept(&b->tok[j], k) != a->tok[i].canon)
                    continue;
                *au |= 1u << i;
                *bu |= run;
                align_run(out, i, j, k, EMB_RULE_VARIANT, 0.95f, a_is_query);
                done = 1;
            }
    }
}

/* Aligns unaligned tokens of side a with runs of 2..4 adjacent unaligned
 * tokens of side b.  a_is_query tells how to record the pair. */
static void join_runs(const emb__side *a, uint32_t *au, const emb__side *b, uint32_t *bu,
                      int a_is_query, emb__cmp *out)
{
    for (size_t i = 0; i < a->ntok && out->nal < EMB_AN_MAX_TOKENS; i++) {
        if ((*au & (1u << i)) || (a->tok[i].flags & EMB_TOK_NUMBER))
            continue;
        char ic = initial_class(a->tok[i].s[0]);
        /* the run that spells the token letter for letter, else the most
         * alike, else the longest and first: "ningbo" is NING BO, not
         * NING BO OU (Ningbo Outeng / 宁波欧腾), though both read alike */
        float best = 0.0f;
        int best_exact = 0;
        size_t bj = 0, bk = 0;
        for (size_t k = 4; k >= 2; k--) {
            for (size_t j = 0; j + k <= b->ntok; j++) {
                uint32_t run = ((1u << k) - 1u) << j;
                if ((*bu & run) || run_has_number(b, j, k))
                    continue; /* a number is never absorbed by a joined run */
                /* (Arabic script drops a first ʿayn: "bdalkhalq" / abd al
                 * khaliq) */
                if (initial_class(b->tok[j].s[0]) != ic && has_vowel(&a->tok[i]) &&
                    has_vowel(&b->tok[j]) && a->arabic == b->arabic)
                    continue;
                /* (a token of a Hebrew name reads on the coarse skeleton
                 * against a run of a Hebrew name too) */
                float s = joined_sim(&a->tok[i], &b->tok[j], k,
                                     pair_scripts(a, b) | (a->hebrew ? SCRIPT_A_HEBREW : 0));
                if (s < 0.85f)
                    continue;
                int exact = run_spells(&a->tok[i], &b->tok[j], k);
                if (exact > best_exact || (exact == best_exact && s > best)) {
                    best = s;
                    best_exact = exact;
                    bj = j;
                    bk = k;
                }
            }
        }
        if (bk == 0)
            continue;
        *au |= 1u << i;
        *bu |= ((1u << bk) - 1u) << bj;
        align_run(out, i, bj, bk, EMB_RULE_JOINED, best, a_is_query);
    }
}

/* A short token spelling the initials of a run of the other side's tokens
 * ("PLA" / "People's Liberation Army", "JC" / "Jean Claude"). */
static void acronyms(const emb__side *a, uint32_t *au, const emb__side *b, uint32_t *bu,
                     int a_is_query, emb_schema schema, emb__cmp *out)
{
    float sim = schema == EMB_SCHEMA_PERSON ? 0.6f : 0.8f;
    for (size_t i = 0; i < a->ntok && out->nal < EMB_AN_MAX_TOKENS; i++) {
        size_t k = a->tok[i].len;
        if ((*au & (1u << i)) || k < 2 || k > 5 || k > b->ntok ||
            (a->tok[i].flags & EMB_TOK_NUMBER))
            continue;
        for (size_t j = 0; j + k <= b->ntok; j++) {
            uint32_t run = ((1u << k) - 1u) << j;
            if ((*bu & run) || run_has_number(b, j, k))
                continue;
            size_t m = 0;
            while (m < k && b->tok[j + m].s[0] == a->tok[i].s[m] && b->tok[j + m].len > 1)
                m++;
            if (m < k)
                continue;
            *au |= 1u << i;
            *bu |= run;
            align_run(out, i, j, k, EMB_RULE_ACRONYM, sim, a_is_query);
            break;
        }
    }
}

/* Two adjacent tokens against two adjacent tokens split elsewhere and
 * spelt alike (joined_sim), when neither was paired with a token alone;
 * the same letters exactly were aligned before any pair (split_pairs). */
static void join_pairs(const emb__side *q, uint32_t *qu, const emb__side *c, uint32_t *cu,
                       emb__cmp *out)
{
    for (size_t i = 0; i + 1 < q->ntok && out->nal < EMB_AN_MAX_TOKENS; i++) {
        if ((*qu & (3u << i)) || run_has_number(q, i, 2))
            continue;
        char a[64];
        size_t an = (size_t)q->tok[i].len + q->tok[i + 1].len;
        if (an > 63)
            continue;
        memcpy(a, q->tok[i].s, q->tok[i].len);
        memcpy(a + q->tok[i].len, q->tok[i + 1].s, q->tok[i + 1].len);
        emb__atok one = {a, (uint8_t)an, 0, 0, 0, 0, 0};
        for (size_t j = 0; j + 1 < c->ntok; j++) {
            if ((*cu & (3u << j)) || run_has_number(c, j, 2))
                continue;
            float s = joined_sim(&one, &c->tok[j], 2, 0);
            if (s < 0.85f)
                continue;
            *qu |= 3u << i;
            *cu |= 3u << j;
            out->al[out->nal++] = (emb__align){
                (int8_t)i, (int8_t)(i + 1), (int8_t)j, (int8_t)(j + 1), EMB_RULE_JOINED, 0, s};
            break;
        }
    }
}

/* 1 when the letters of x then y are those of u then v. */
static int same_letters(const emb__atok *x, const emb__atok *y, const emb__atok *u,
                        const emb__atok *v)
{
    size_t n = (size_t)x->len + y->len;
    if (n != (size_t)u->len + v->len)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char a = k < x->len ? x->s[k] : y->s[k - x->len];
        char b = k < u->len ? u->s[k] : v->s[k - u->len];
        if (a != b)
            return 0;
    }
    return 1;
}

/* Two adjacent tokens whose letters are exactly two adjacent tokens of the
 * other side split elsewhere ("art awave" ~ "arta wave", "myongc hin" ~
 * "myong chin"): aligned before single tokens are paired, which would take
 * each word for a typo of the other's, at 0.95 (no exact name). */
static void split_pairs(const emb__side *q, uint32_t *qu, const emb__side *c, uint32_t *cu,
                        emb__cmp *out)
{
    for (size_t i = 0; i + 1 < q->ntok && out->nal < EMB_AN_MAX_TOKENS; i++) {
        if ((*qu & (3u << i)) || run_has_number(q, i, 2))
            continue;
        for (size_t j = 0; j + 1 < c->ntok; j++) {
            if ((*cu & (3u << j)) || c->tok[j].len == q->tok[i].len ||
                c->tok[j].s[0] != q->tok[i].s[0] || run_has_number(c, j, 2) ||
                !same_letters(&q->tok[i], &q->tok[i + 1], &c->tok[j], &c->tok[j + 1]))
                continue;
            *qu |= 3u << i;
            *cu |= 3u << j;
            out->al[out->nal++] = (emb__align){
                (int8_t)i, (int8_t)(i + 1), (int8_t)j, (int8_t)(j + 1), EMB_RULE_JOINED, 0, 0.95f};
            break;
        }
    }
}

void emb__side_plain(emb__side *side, const emb__an *an)
{
    side->ntok = an->ntok;
    side->floor_w = 1.0f;
    side->legal = an->legal;
    side->syllabic = an->syllabic;
    side->hebrew = an->hebrew;
    side->burmese = an->burmese;
    side->arabic = an->arabic;
    for (size_t i = 0; i < an->ntok; i++) {
        side->tok[i] = an->tok[i];
        uint8_t f = an->tok[i].flags;
        side->w[i] = (f & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC)) ? 0.0f
                     : (f & EMB_TOK_OPTIONAL)                  ? 0.25f
                     : (f & EMB_TOK_GENERIC)                   ? 0.5f
                                                               : 1.0f;
    }
}

/* Sum of weights w[a..b] (b < 0: w[a] alone). */
static float range_w(const float *w, int a, int b)
{
    float t = w[a];
    for (int i = a + 1; i <= b; i++)
        t += w[i];
    return t;
}

typedef struct cand {
    float sim;
    int8_t q, c;
    uint8_t rule, dist;
    uint8_t late; /* assigned in the last pass (after joined runs) */
} cand;

/* 1 when token i of side s is one letter next to another one-letter
 * token: part of an abbreviation written with dots or spaces ("I.P.C."),
 * which should join against "IPC" before any letter is taken as an
 * initial. */
static int in_letter_run(const emb__side *s, size_t i)
{
    return s->tok[i].len == 1 &&
           ((i > 0 && s->tok[i - 1].len == 1) || (i + 1 < s->ntok && s->tok[i + 1].len == 1));
}

/* 1 when exactly one token of the side carries weight. */
static int single_weighted(const emb__side *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->ntok; i++)
        n += s->w[i] != 0.0f;
    return n == 1;
}

/* 1 when t reads as one syllable of a Chinese or Korean name romanised
 * (pinyin, Wade-Giles, McCune-Reischauer: zhang, hsu, ryong, chol, hyok,
 * kwang): an onset of those systems, one run of vowels, and nothing after
 * it but n, ng, l, k, p, m or r.  "smith", "cruz", "jose" are not. */
static int cjk_syllable(const emb__atok *t)
{
    /* two-letter onsets, a pair each */
    static const char onsets[] = "zhchshtshsrykynyhymypykwhwgwphthkh";
    const char *p = t->s, *e = t->s + t->len;
    if (t->len < 2 || t->len > 6)
        return 0;
    size_t on = 0;
    /* (every two-letter onset ends in h, s, y or w) */
    if (t->len > 2 && (p[1] == 'h' || p[1] == 's' || p[1] == 'y' || p[1] == 'w'))
        for (size_t k = 0; k + 1 < sizeof onsets; k += 2)
            if (p[0] == onsets[k] && p[1] == onsets[k + 1]) {
                on = 2;
                break;
            }
    if (!on && !(*p == '\0' || is_vowel_c(*p) || *p == 'y'))
        on = 1;
    p += on;
    const char *v = p;
    while (p < e && (is_vowel_c(*p) || *p == 'y' || *p == 'w'))
        p++;
    if (p == v)
        return 0;
    /* the coda: nothing, n, ng, l, k, p, m or r */
    switch (e - p) {
    case 0:
        return 1;
    case 1:
        return p[0] == 'n' || p[0] == 'l' || p[0] == 'k' || p[0] == 'p' || p[0] == 'm' ||
               p[0] == 'r';
    case 2:
        return p[0] == 'n' && p[1] == 'g';
    default:
        return 0;
    }
}

/* 1 when every weighted token of the side is such a syllable; *n counts
 * them. */
static int syllable_name(const emb__side *s, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->w[i] == 0.0f)
            continue;
        if (!cjk_syllable(&s->tok[i]))
            return 0;
        (*n)++;
    }
    return *n > 0;
}

/* 1 when the syllables of two Chinese or Korean names (syllable_name of
 * both, checked by the caller), three or more aligned one to one, are not in the same order up to a
 * rotation: the family name may stand first or last (KIM Kwang Su / Kwang
 * Su KIM), but the given name's syllables keep theirs (Kwang Su is not Su
 * Kwang). */
static int syllables_reordered(const emb__side *q, const emb__cmp *out)
{
    if (out->nal < 3)
        return 0;
    int pos[EMB_AN_MAX_TOKENS];
    for (size_t i = 0; i < q->ntok; i++)
        pos[i] = -1;
    for (size_t k = 0; k < out->nal; k++) {
        const emb__align *a = &out->al[k];
        if (a->q2 >= 0 || a->c2 >= 0 || a->q < 0 || a->c < 0)
            return 0;
        pos[a->q] = a->c;
    }
    int seq[EMB_AN_MAX_TOKENS];
    size_t n = 0, descents = 0;
    for (size_t i = 0; i < q->ntok; i++)
        if (pos[i] >= 0)
            seq[n++] = pos[i];
    for (size_t i = 0; i + 1 < n; i++)
        descents += seq[i + 1] < seq[i];
    return !(descents == 0 || (descents == 1 && seq[n - 1] < seq[0]));
}

/* 1 when a token is two Chinese or Korean syllables written as one, the
 * second with a vowel of its own (MINGSHAN, TAOTAO, FANGWEI; not DANNY). */
static int two_syllables(const emb__atok *t)
{
    for (size_t k = 2; k + 2 <= t->len; k++) {
        emb__atok h = *t, r = *t;
        h.len = (uint8_t)k;
        r.s = t->s + k;
        r.len = (uint8_t)(t->len - k);
        int vowel = 0;
        for (size_t x = 0; x < r.len; x++)
            vowel |= is_vowel_c(r.s[x]);
        if (vowel && cjk_syllable(&h) && cjk_syllable(&r))
            return 1;
    }
    return 0;
}

/* 1 when the prefix rule pairs a one-syllable given name of a Chinese or
 * Korean name (every weighted token of its side a syllable) with a listed
 * given name of two syllables written as one that starts with it: MIN is
 * not short for MINGSHAN, nor TAO for TAOTAO, as BEN is for BENJAMIN
 * (Wang Min / Mingshan WANG; ZHANG Tao / ZHANG Taotao). */
static int first_of_two_syllables(const emb__side *q, size_t i, const emb__side *c, size_t j)
{
    const emb__side *ss = q->tok[i].len < c->tok[j].len ? q : c;
    const emb__atok *sh = &ss->tok[ss == q ? i : j];
    const emb__atok *lo = ss == q ? &c->tok[j] : &q->tok[i];
    size_t n;
    return cjk_syllable(sh) && two_syllables(lo) && syllable_name(ss, &n);
}

/* The weight of the list tokens left over (not in cu), a weighted one
 * counted as at least floor; the heaviest in *max. */
static double list_left(const emb__side *c, uint32_t cu, double floor, double *max)
{
    double sum = 0.0;
    *max = 0.0;
    for (size_t j = 0; j < c->ntok; j++) {
        if (cu & (1u << j))
            continue;
        double u = c->w[j] > 0 && c->w[j] < floor ? floor : c->w[j];
        sum += u;
        if (u > *max)
            *max = u;
    }
    return sum;
}

static int has_number(const emb__side *s)
{
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].flags & EMB_TOK_NUMBER)
            return 1;
    return 0;
}

/* 1 when a word of q is aligned with a number of c (a number word
 * misspelt: number_word_sim), which puts a number on both sides. */
static int number_word_aligned(const emb__side *q, const emb__side *c, const emb__cmp *out)
{
    for (size_t k = 0; k < out->nal; k++) {
        const emb__align *a = &out->al[k];
        if (a->q2 < 0 && a->c2 < 0 && a->q >= 0 && a->c >= 0 &&
            (c->tok[a->c].flags & EMB_TOK_NUMBER) && !(q->tok[a->q].flags & EMB_TOK_NUMBER))
            return 1;
    }
    return 0;
}

static int has_legal(const emb__side *s)
{
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].flags & EMB_TOK_LEGAL)
            return 1;
    return 0;
}

/* Position of the patronymic particle (bin, ibn, ben, bint) when the name
 * has exactly one, else -1 (longer chains are matched as they come). */
static int patronym_at(const emb__side *s, uint32_t canon_bin)
{
    int at = -1;
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].canon == canon_bin && s->tok[i].canon) {
            if (at >= 0)
                return -1;
            at = (int)i;
        }
    return at;
}

/* 1 when an aligned token stands before the patronymic particle on one
 * side and after it on the other. */
static int patronym_swapped(const emb__side *q, const emb__side *c, const emb__cmp *out)
{
    uint32_t canon_bin = emb__key_hash(EMB_KEY_SEED_CANON, "bin", 3);
    int qb = patronym_at(q, canon_bin), cb = patronym_at(c, canon_bin);
    /* only a particle between two names orders them */
    if (qb <= 0 || cb <= 0 || (size_t)qb + 1 >= q->ntok || (size_t)cb + 1 >= c->ntok)
        return 0;
    for (size_t k = 0; k < out->nal; k++) {
        const emb__align *a = &out->al[k];
        if (a->q == qb || a->c == cb)
            continue;
        if ((a->q < qb) != (a->c < cb))
            return 1;
    }
    return 0;
}

/* Greedy one-to-one assignment of candidate pairs, best first; the late
 * ones (prefixes, initials inside a run of letters) only when late is
 * set. */
static void assign(const cand *cs, size_t nc, uint32_t *qu, uint32_t *cu, int late, emb__cmp *out)
{
    for (size_t k = 0; k < nc && out->nal < EMB_AN_MAX_TOKENS; k++) {
        if ((cs[k].late != 0) != (late != 0))
            continue;
        uint32_t qb = 1u << cs[k].q, cb = 1u << cs[k].c;
        if ((*qu & qb) || (*cu & cb))
            continue;
        *qu |= qb;
        *cu |= cb;
        out->al[out->nal++] =
            (emb__align){cs[k].q, -1, cs[k].c, -1, cs[k].rule, cs[k].dist, cs[k].sim};
    }
}

/* 1 when a number token of side s is left out of the mask of aligned
 * tokens. */
static int unaligned_number(const emb__side *s, uint32_t aligned)
{
    for (size_t i = 0; i < s->ntok; i++)
        if ((s->tok[i].flags & EMB_TOK_NUMBER) && !(aligned & (1u << i)))
            return 1;
    return 0;
}

double emb__compare(const emb__side *q, const emb__side *c, emb_schema schema, emb__cmp *out)
{
    memset(out, 0, sizeof *out);
    cand cs[EMB_AN_MAX_TOKENS * EMB_AN_MAX_TOKENS];
    size_t nc = 0;
    int numconf = 0, drop_ok = -1; /* drop_ok: TS_FIRST_DROP, asked once */
    for (size_t i = 0; i < q->ntok; i++) {
        for (size_t j = 0; j < c->ntok; j++) {
            uint8_t rule, dist;
            int nconf = 0; /* decided below, once tokens are aligned */
            /* (rare: listed, so never unknown too) */
            int unk = q->w[i] < 0, rare = i < 32 && ((q->rare >> i) & 1u);
            if (rare || (unk && q->tok[i].len == 3 && c->tok[j].len == 4)) {
                if (drop_ok < 0) {
                    size_t n1, n2;
                    drop_ok = !(syllable_name(q, &n1) && syllable_name(c, &n2));
                }
                /* (a rare listed word is a possible typo too, but not
                 * between Chinese or Korean syllables: YANG and WANG, JING
                 * and BING are surnames of their own) */
                unk |= rare && drop_ok;
                if (unk && q->tok[i].len == 3 && c->tok[j].len == 4)
                    unk |= drop_ok ? TS_FIRST_DROP : 0;
            }
            float s = tok_sim(&q->tok[i], &c->tok[j], schema, q->syllabic && c->syllabic,
                              pair_scripts(q, c), unk, &rule, &dist, &nconf);
            if (s < EMB_ALIGN_MIN - 1e-6f && rule != EMB_RULE_INITIAL)
                continue;
            if (rule == EMB_RULE_PREFIX && first_of_two_syllables(q, i, c, j))
                continue;
            /* insertion sort, best first; ties keep position order */
            size_t k = nc++;
            while (k > 0 && cs[k - 1].sim < s) {
                cs[k] = cs[k - 1];
                k--;
            }
            uint8_t late =
                rule == EMB_RULE_PREFIX ||
                (rule == EMB_RULE_INITIAL && (in_letter_run(q, i) || in_letter_run(c, j)));
            cs[k] = (cand){s, (int8_t)i, (int8_t)j, rule, dist, late};
        }
    }
    uint32_t qu = 0, cu = 0;
    if (schema != EMB_SCHEMA_PERSON) { /* (trade words: analyze.c) */
        concept_runs(q, &qu, c, &cu, 1, out);
        concept_runs(c, &cu, q, &qu, 0, out);
    }
    split_pairs(q, &qu, c, &cu, out);
    assign(cs, nc, &qu, &cu, 0, out);
    /* joined tokens: one side's token against a run of the other's */
    join_runs(q, &qu, c, &cu, 1, out);
    join_runs(c, &cu, q, &qu, 0, out);
    join_pairs(q, &qu, c, &cu, out);
    acronyms(q, &qu, c, &cu, 1, schema, out);
    acronyms(c, &cu, q, &qu, 0, schema, out);
    /* shortened names and initials inside letter runs last: "jin ping"
     * should join before "jin" ~ "jinping", "i p c" before "i" ~ "ipc" */
    assign(cs, nc, &qu, &cu, 1, out);
    /* numbers conflict when each side keeps a number the other lacks
     * ("NO 8" / "NO 6"), not when two numbers merely differ pairwise
     * ("7-28" / "7-28") */
    numconf = unaligned_number(q, qu) && unaligned_number(c, cu);
    /* A query token unknown to the index carries a negative weight: it
     * takes the weight of the list token it aligns with, else the
     * magnitude given (the corpus mean). */
    float qwe[EMB_AN_MAX_TOKENS];
    for (size_t i = 0; i < q->ntok; i++)
        qwe[i] = q->w[i] < 0 ? -q->w[i] : q->w[i];
    for (size_t k = 0; k < out->nal; k++) {
        const emb__align *a = &out->al[k];
        if (q->w[a->q] < 0 && a->q2 < 0)
            qwe[a->q] = range_w(c->w, a->c, a->c2);
    }
    /* unaligned weights; *_rem: the share written in parentheses */
    double qw_al = 0, qw_un = 0, cw_al = 0, cw_un = 0, num = 0, q_rem = 0, c_rem = 0, cw_max = 0;
    for (size_t i = 0; i < q->ntok; i++) {
        if (qu & (1u << i)) {
            qw_al += qwe[i];
            continue;
        }
        /* a query token nowhere in the list name is evidence against it
         * however common the token: at least the mean weight */
        double u = (q->w[i] > 0 && qwe[i] < q->floor_w && !(q->tok[i].flags & EMB_TOK_OPTIONAL))
                       ? q->floor_w
                       : qwe[i];
        qw_un += u;
        if (q->tok[i].flags & EMB_TOK_PAREN)
            q_rem += u;
    }
    for (size_t j = 0; j < c->ntok; j++) {
        if (cu & (1u << j))
            cw_al += c->w[j];
        else if (c->tok[j].flags & EMB_TOK_PAREN)
            c_rem += c->w[j];
    }
    cw_un = list_left(c, cu, 0.0, &cw_max);
    for (size_t k = 0; k < out->nal; k++) {
        const emb__align *a = &out->al[k];
        double wq = range_w(qwe, a->q, a->q2);
        double wc = range_w(c->w, a->c, a->c2);
        num += a->sim * (wq + wc);
    }
    double den = qw_al + cw_al;
    /* both persons' names of Chinese or Korean syllables (nqs, ncs of
     * them), asked once and only where it counts: tokens left over, or
     * three aligned whose order is checked */
    size_t nqs = 0, ncs = 0;
    int syl = schema == EMB_SCHEMA_PERSON && (qw_un > 0 || cw_un > 0 || out->nal >= 3) &&
              syllable_name(q, &nqs) && syllable_name(c, &ncs);
    /* a syllable of such a name left over on the list side, when the
     * query has one left over too, is part of another given name however
     * common the syllable (IL, HO, SU): at least the floor a query token
     * left over has (Su-bin Kim is not KIM Il Su) */
    if (syl && cw_un > 0 && qw_un > 0)
        cw_un = list_left(c, cu, q->floor_w, &cw_max);
    if (qw_un > 0 && cw_un > 0) {
        /* tokens left on both sides: a name replaced by another */
        double m = qw_un < cw_un ? qw_un : cw_un;
        den += EMB_SUBST_COST * (qw_un + cw_un) + EMB_SUBST_EXTRA * m;
    } else {
        /* tokens left on one side only: a name dropped or added; a remark
         * in parentheses ("(Panama)") costs a quarter */
        /* a person's name of Chinese or Korean syllables on both sides,
         * one of three or more: a syllable left out on either side is half
         * a given name (RI CHUN SONG is not Ri Chun; Zhang Li is not LI
         * CHANG HO; Kang Sung Min is not KANG Min), not a dropped middle
         * name, and costs twice its weight (the negatives' alerts: 1.56%
         * -> 1.40% for the list side, 1.04% with the query side too) */
        double cextra = EMB_CEXTRA_COST, qextra = EMB_QEXTRA_COST;
        if (syl && (ncs >= 3 || nqs >= 3))
            cextra = qextra = EMB_SYLLABLE_EXTRA_COST;
        den += qextra * (qw_un - 0.75 * q_rem) + cextra * (cw_un - 0.75 * c_rem);
        /* every list token left beyond the heaviest costs more: one
         * dropped middle name is common, half a name missing is not
         * ("Juan Perez" / "MARTINEZ PEREZ, Juan Carlos") */
        if (c_rem == 0 && cw_un > cw_max)
            den += EMB_CEXTRA_MORE * (cw_un - cw_max);
    }
    double score = den > 0 ? num / den : 0.0;
    if (score > 1.0)
        score = 1.0;
    if (numconf && score > 0.5)
        score = 0.5;
    /* a one-word query that matched one word of a longer name only by
     * spelling ("Michaela" / "Michelle Obama") is weak evidence */
    if (single_weighted(q) && !single_weighted(c) && out->nal == 1 &&
        (out->al[0].rule == EMB_RULE_EDIT || out->al[0].rule == EMB_RULE_PREFIX))
        score *= EMB_SINGLE_FUZZY;
    /* a number on one side only: "MANDVI BAY" is not "MANDVI BAY II" */
    if (!numconf && schema != EMB_SCHEMA_PERSON &&
        (has_number(q) || number_word_aligned(q, c, out)) != has_number(c)) {
        score -= EMB_NUMBER_ONE_SIDED;
        out->number_conflict = 2;
    }
    /* a vessel name never carries a legal form: one that does names the
     * owning company */
    if ((schema == EMB_SCHEMA_VESSEL || schema == EMB_SCHEMA_AIRPLANE) &&
        has_legal(q) != has_legal(c))
        score -= EMB_VESSEL_OWNER;
    /* legal forms of different kinds (AG / GmbH, LLC / non-profit): likely
     * sister companies; lowers but does not break a match */
    if (q->legal && c->legal && !(q->legal & c->legal)) {
        score -= EMB_LEGAL_CONFLICT;
        out->legal_conflict = 1;
    }
    /* "A bin B" is not "B bin A": patronymic chains keep their order */
    if (patronym_swapped(q, c, out)) {
        score -= EMB_PATRONYM_SWAP;
        out->patronym_swap = 1;
    }
    out->syllable_order = 0;
    if (syl && syllables_reordered(q, out)) {
        score -= EMB_SYLLABLE_ORDER;
        out->syllable_order = 1;
    }
    if (score < 0)
        score = 0;
    out->score = score;
    out->q_used = qu;
    out->c_used = cu;
    out->number_conflict = numconf;
    out->q_weight = qw_al + qw_un;
    out->c_weight = cw_al + cw_un;
    out->matched = num;
    return score;
}

int emb__cmp_all_used(const emb__side *q, const emb__side *c, const emb__cmp *cmp)
{
    for (size_t t = 0; t < q->ntok; t++)
        if (q->w[t] != 0.0f && !((cmp->q_used >> t) & 1u))
            return 0;
    for (size_t t = 0; t < c->ntok; t++)
        if (c->w[t] != 0.0f && !((cmp->c_used >> t) & 1u))
            return 0;
    return 1;
}

int emb__cmp_one_to_one(const emb__side *q, const emb__side *c, const emb__cmp *cmp, float min)
{
    if (!emb__cmp_all_used(q, c, cmp))
        return 0;
    for (size_t k = 0; k < cmp->nal; k++)
        if (cmp->al[k].q2 >= 0 || cmp->al[k].c2 >= 0 || cmp->al[k].sim < min)
            return 0;
    return 1;
}
