/*
 * skeleton.c - consonant keys for Arabic, Hebrew and Burmese
 * romanisations (skeleton.h).
 *
 * Standard skeleton: the phonetic key of text/phonetic.c without its
 * vowels, over the letters left when a vowel-less token loses the w and y
 * that write long vowels.  Hebrew coarse skeleton: the same classes with
 * the sounds one Hebrew letter stands for merged.  Burmese key: the
 * consonants of the practical romanisation with voicing, aspiration and
 * medials merged, and the r of the long-vowel spelling "-ar" dropped.
 */
#include "skeleton.h"

#include <string.h>

#include "../index/index_format.h"
#include "../text/phonetic.h"
#include "keys.h"

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int has_vowel(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_vowel(s[i]))
            return 1;
    return 0;
}

/* tmp[0..m), the letters of s[0..n) to key, without a final h that is the
 * Arabic ta marbuta or the Hebrew he, written or not (after a consonant
 * it may close a digraph, sh or ph, except in a vowel-less romanisation,
 * where p h is two letters: سپه, "sph", is Sepah); returns their count. */
static size_t final_h(const char *s, size_t n, int vowelless, const char *tmp, size_t m)
{
    if (m > 1 && s[n - 1] == 'h' && tmp[m - 1] == 'h' &&
        !strchr(vowelless ? "sckzgtd" : "sckzgtpd", tmp[m - 2]))
        m--;
    return m;
}

/* The letters a consonant skeleton is taken over: a vowel-less token
 * loses the w and y that write its long vowels, and a final h that is the
 * Arabic ta marbuta or the Hebrew he (not an h that the dropped long
 * vowels after it left last: "yhyy", Yahya).  Returns the length written
 * to tmp (EMB__PHON_TOKEN_MAX bytes), 0 when the token is empty or too
 * long. */
static size_t skel_letters(const char *s, size_t n, char *tmp)
{
    if (n == 0 || n > EMB__PHON_TOKEN_MAX)
        return 0;
    size_t m = 0;
    int vowelless = !has_vowel(s, n);
    /* Arabic and Hebrew script romanised without vowels write long vowels
     * as w and y (mhmwd, ly): dropped after the first letter */
    for (size_t i = 0; i < n; i++)
        if (i == 0 || !vowelless || (s[i] != 'w' && s[i] != 'y'))
            tmp[m++] = s[i];
    return final_h(s, n, vowelless, tmp, m);
}

uint32_t emb__skel_hash(const char *s, size_t n)
{
    char tmp[EMB__PHON_TOKEN_MAX], key[EMB__PHON_KEY_MAX + 1];
    size_t m = skel_letters(s, n, tmp);
    size_t kl = m ? emb__phon_skeleton(tmp, m, key, sizeof key) : 0;
    return kl ? emb__key_hash(EMB_KEY_SEED_SKEL, key, kl) : 0;
}

/* The readings of a token romanised from Arabic script
 * (emb__arabic_skels), beside the w read as a consonant or a vowel:
 *   RD_Y_CONS  a vowel-less token's first y is the consonant ("ywsf",
 *              Yousef), not a long i whose ʿayn was dropped ("ysy", Issa);
 *   RD_DROP_T  a final t is the ta marbuta Latin writes h or not at all
 *              ("jmt", جمعة, is Jumah);
 *   RD_APART   two same letters side by side are two ("mmlwk", Mamlouk),
 *              not one written twice ("allh", Allah);
 *   RD_DROP_H  a final h after d, z, s ... is the Persian he ("zadh",
 *              زاده, is Zadeh), not the end of a digraph;
 *   RD_D_AS_Z  a d not before h is ض, which Persian says z ("rda", رضا, is
 *              Reza; "fdl" Fazal). */
enum { RD_Y_CONS = 1, RD_DROP_T = 2, RD_APART = 4, RD_DROP_H = 8, RD_D_AS_Z = 16, RD_N = 5 };

/* The letters of one reading (rd, RD_*) of s[0..n): bit j of keep_w
 * keeps its j-th w after the first letter as the consonant; a w dropped
 * as a long vowel, and every y after the first letter, leave a vowel in
 * their place ("a": the skeleton drops vowels, but they keep the
 * consonants around them apart, as the Latin spelling's vowels do:
 * "anbwba" is Anbouba, B B, not B).  Returns the length written to tmp
 * (2 * EMB__PHON_TOKEN_MAX + 2 bytes). */
static size_t arabic_letters(const char *s, size_t n, int keep_w, unsigned rd, char *tmp)
{
    size_t m = 0;
    unsigned wi = 0;
    int vowelless = !has_vowel(s, n);
    if (((rd & RD_DROP_T) && n > 2 && s[n - 1] == 't') ||
        ((rd & RD_DROP_H) && n > 2 && s[n - 1] == 'h'))
        n--;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (i > 0 && c == 'w') {
            int keep = wi < EMB_SKEL_W_MAX ? (keep_w >> wi) & 1 : !vowelless;
            wi++;
            if (!keep)
                c = 'a';
        } else if (i > 0 && c == 'y') {
            c = 'a';
        } else if (c == 'd' && (rd & RD_D_AS_Z) && (i + 1 == n || s[i + 1] != 'h')) {
            c = 'z';
            if (m > 0 && (tmp[m - 1] == 't' || tmp[m - 1] == 'd'))
                tmp[m++] = 'a'; /* t z is two sounds, not tz (Morteza) */
        }
        if ((rd & RD_APART) && m > 0 && c == tmp[m - 1] && !is_vowel(c))
            tmp[m++] = 'a';
        tmp[m++] = c;
        if (i == 0 && c == 'y' && vowelless && (rd & RD_Y_CONS) && n > 1)
            tmp[m++] = 'a';
    }
    return final_h(s, n, vowelless, tmp, m);
}

/* The readings (RD_*) that can change s[0..n). */
static unsigned arabic_readings(const char *s, size_t n)
{
    unsigned rd = 0;
    if (s[0] == 'y' && n > 1 && !has_vowel(s, n))
        rd |= RD_Y_CONS;
    if (n > 2 && s[n - 1] == 't')
        rd |= RD_DROP_T;
    if (n > 2 && s[n - 1] == 'h' && strchr("sckzgtpd", s[n - 2]))
        rd |= RD_DROP_H;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i] == s[i - 1] && !is_vowel(s[i]))
            rd |= RD_APART;
        if (s[i] == 'd' && (i + 1 == n || s[i + 1] != 'h'))
            rd |= RD_D_AS_Z;
    }
    return rd;
}

size_t emb__arabic_skels(const char *s, size_t n, uint32_t *out, size_t cap)
{
    if (n == 0 || n > EMB__PHON_TOKEN_MAX)
        return 0;
    unsigned nw = 0;
    for (size_t i = 1; i < n; i++)
        nw += s[i] == 'w';
    if (nw > EMB_SKEL_W_MAX)
        nw = EMB_SKEL_W_MAX;
    /* the choices: each w (bits 0..nw-1), then each reading that applies;
     * tried fewest first, so that when cap cuts them short every single
     * reading has been tried */
    unsigned rd = arabic_readings(s, n), bit[RD_N], nb = nw;
    for (unsigned k = 0; k < RD_N; k++)
        if (rd & (1u << k))
            bit[nb++ - nw] = 1u << k;
    size_t no = 0;
    for (unsigned pc = 0; pc <= nb && no < cap; pc++)
        for (unsigned v = 0; v < (1u << nb) && no < cap; v++) {
            if ((unsigned)__builtin_popcount(v) != pc)
                continue;
            unsigned r = 0;
            for (unsigned k = nw; k < nb; k++)
                if (v & (1u << k))
                    r |= bit[k - nw];
            char tmp[2 * EMB__PHON_TOKEN_MAX + 2], key[EMB__PHON_KEY_MAX + 1];
            size_t m = arabic_letters(s, n, (int)(v & ((1u << nw) - 1)), r, tmp);
            if (m > EMB__PHON_TOKEN_MAX)
                m = EMB__PHON_TOKEN_MAX;
            size_t kl = m ? emb__phon_skeleton(tmp, m, key, sizeof key) : 0;
            if (!kl)
                continue;
            uint32_t h = emb__key_hash(EMB_KEY_SEED_SKEL, key, kl);
            size_t j = 0;
            while (j < no && out[j] != h)
                j++;
            if (j == no)
                out[no++] = h;
        }
    return no;
}

/* Hebrew letters stand for two or three sounds each, and romanisations
 * pick one: bet b/v, pe p/f, kaf k/kh, shin sh/s, het h/kh/ch, and vav is
 * v or a vowel.  The coarse skeleton merges those classes (b v f p w;
 * s sh z ts; k g q kh h ch j; t d) and writes a class repeated across a
 * vowel once ("kirur" and "qrr" are both G R). */
static char coarse_class(char c)
{
    switch (c) {
    case 'V':
    case 'F':
        return 'B';
    case 'X':
        return 'S';
    case 'H':
    case 'C':
        return 'G';
    case 'Y':
        return 0; /* a glide: yod is a vowel letter as often */
    default:
        return c;
    }
}

/* Appends class c to key[0..*o) unless it repeats the last one. */
static void coarse_put(char *key, size_t *o, char c)
{
    if (c && (*o == 0 || key[*o - 1] != c))
        key[(*o)++] = c;
}

uint32_t emb__hskel_hash(const char *s, size_t n)
{
    /* (a separate output: Q becomes two classes, and writing in place
     * overwrote the class after it: "tinger", DQR, read as DNG) */
    char tmp[EMB__PHON_TOKEN_MAX], key[EMB__PHON_KEY_MAX + 1], out[2 * EMB__PHON_KEY_MAX + 2];
    size_t m = skel_letters(s, n, tmp);
    size_t kl = m ? emb__phon_skeleton(tmp, m, key, sizeof key) : 0;
    size_t o = 0;
    for (size_t i = 0; i < kl; i++) {
        if (key[i] == 'Q') { /* "ng" is nun gimel */
            coarse_put(out, &o, 'N');
            coarse_put(out, &o, 'G');
            continue;
        }
        coarse_put(out, &o, coarse_class(key[i]));
    }
    return o ? emb__key_hash(EMB_KEY_SEED_SKEL ^ EMB_KEY_SEED_PHON, out, o) : 0;
}

/* The same key for a vowel-less token romanised from Hebrew letters,
 * which reads one letter as one sound ("shp" is shin het pe, not "sh"). */
static uint32_t hskel_letters(const char *s, size_t n, int vav_v)
{
    static const char cls[27] = ".BSD.BGG.GGLMN.BGRSD.BBS.S"; /* a..z */
    char key[EMB__PHON_TOKEN_MAX];
    size_t o = 0;
    for (size_t i = 0; i < n && i < sizeof key; i++) {
        char c = s[i];
        if (c == 'w' && i + 1 < n && s[i + 1] == 'w') {
            coarse_put(key, &o, 'B'); /* a doubled vav is the consonant v */
            i++;
            continue;
        }
        if (c == 'w' && i > 0 && vav_v) {
            coarse_put(key, &o, 'B'); /* a single one may be too (דוד, David) */
            continue;
        }
        if ((c == 'w' || c == 'y') && i > 0)
            continue; /* vowel letters */
        c = c >= 'a' && c <= 'z' ? cls[c - 'a'] : c;
        if (c != '.')
            coarse_put(key, &o, c);
    }
    return o ? emb__key_hash(EMB_KEY_SEED_SKEL ^ EMB_KEY_SEED_PHON, key, o) : 0;
}

size_t emb__hskel_hebrew(const char *s, size_t n, uint32_t out[8], size_t *nvowel)
{
    size_t k = 0;
    *nvowel = 0;
    if (n == 0 || n > EMB__PHON_TOKEN_MAX || has_vowel(s, n))
        return 0;
    /* a leading w (vav: "u", "o", "ve") and a final h (he, or a het
     * that is written "ch") may or may not be read; a vav inside the word
     * is a vowel letter, or the consonant v (דוד David, לוי Levi) */
    int medial_w = memchr(s + 1, 'w', n - 1) != NULL;
    for (int vav_v = 0; vav_v <= medial_w; vav_v++) {
        for (size_t lead = 0; lead <= (s[0] == 'w' && n > 1); lead++)
            for (size_t tail = 0; tail <= (s[n - 1] == 'h' && n - lead > 2); tail++) {
                uint32_t h = hskel_letters(s + lead, n - lead - tail, vav_v);
                if (h)
                    out[k++] = h;
            }
        if (!vav_v)
            *nvowel = k;
    }
    return k;
}

/* Spellings of a vowel-less Hebrew token under the romanisation choices
 * above, as standard skeleton hashes (recursion over the ambiguous
 * letters; a leading w, the conjunction or a vowel, may be dropped).  The
 * spellings tried are bounded (spell.left): a token of 45 h would have
 * 2^45 of them. */
typedef struct spell {
    const char *s;
    size_t n;
    char buf[3 * EMB__PHON_TOKEN_MAX];
    uint32_t *out;
    size_t nout, cap, left;
} spell;

static void heb_spell(spell *sp, size_t i, size_t bn)
{
    if (sp->nout >= sp->cap || sp->left == 0)
        return;
    if (i == sp->n) {
        sp->left--;
        uint32_t h = emb__skel_hash(sp->buf, bn);
        for (size_t k = 0; k < sp->nout; k++)
            if (sp->out[k] == h)
                return;
        if (h)
            sp->out[sp->nout++] = h;
        return;
    }
    static const char *const alt[26] = {['b' - 'a'] = "b|v",
                                        ['h' - 'a'] = "h|ch",
                                        ['k' - 'a'] = "k|kh|ch",
                                        ['p' - 'a'] = "p|f",
                                        ['s' - 'a'] = "s|sh"};
    char c = sp->s[i];
    const char *a = (c >= 'a' && c <= 'z') ? alt[c - 'a'] : NULL;
    if (c == 'w' && i > 0)
        a = "w|v"; /* a vowel letter, or the consonant v */
    if (i == 0 && c == 'w' && sp->n > 2)
        heb_spell(sp, 1, bn);
    if (!a) {
        sp->buf[bn] = c;
        heb_spell(sp, i + 1, bn + 1);
        return;
    }
    while (*a) {
        size_t l = strcspn(a, "|");
        memcpy(sp->buf + bn, a, l);
        heb_spell(sp, i + 1, bn + l);
        a += l + (a[l] == '|');
    }
}

size_t emb__hebrew_skels(const char *s, size_t n, uint32_t *out, size_t cap)
{
    if (n == 0 || n > EMB__PHON_TOKEN_MAX || has_vowel(s, n))
        return 0;
    spell sp = {.s = s, .n = n, .out = out, .cap = cap, .left = 4 * cap};
    heb_spell(&sp, 0, 0);
    return sp.nout;
}

/* Burmese names are written in English by sound, and the same syllables
 * come out voiced or not (Yadanar / Yatana), aspirated or not (Htun /
 * Tun), with the long a as "a" or "ar" (Mingala / Mingalar), the medial
 * y, w written or not (Myint, Nwe), and ra read as y (Thiri / thi yi).
 * Classes: K (k g c j q, kh gy ky ch), P (p b f ph), T (t d th ht), S (s z
 * x sh hs), N (n, ng, ny, hn), M (m hm), L (l hl), R (r y), W (w v), H (h
 * before a vowel); vowels are dropped, a class doubled is written once,
 * an r after a vowel and before a consonant or the end is silent, a y or
 * w after a consonant is a medial and dropped, and a y after a vowel and
 * before a consonant or the end writes a vowel ("Nay"). */
uint32_t emb__bkey_hash(const char *s, size_t n, size_t *ncls)
{
    char key[EMB__PHON_TOKEN_MAX];
    size_t o = 0;
    char last = 0;
    *ncls = 0;
    if (n == 0 || n > EMB__PHON_TOKEN_MAX)
        return 0;
    for (size_t i = 0; i < n;) {
        char c = s[i], nx = i + 1 < n ? s[i + 1] : '\0';
        int after_cons = i > 0 && !is_vowel(s[i - 1]);
        size_t step = 1;
        char cls = 0;
        if (is_vowel(c)) {
            last = 0; /* "nani" is two n, "linn" one */
            i++;
            continue;
        }
        switch (c) {
        case 'h':
            if (nx == 'l' || nx == 'm' || nx == 'n' || nx == 't' || nx == 's') {
                i++; /* hl hm hn ht hs: the aspirate is heard, not a class */
                continue;
            }
            cls = 'H';
            break;
        case 'k':
        case 'g':
        case 'c':
        case 'j':
        case 'q':
            cls = 'K';
            if (nx == 'h' || nx == 'y')
                step = 2;
            break;
        case 'p':
        case 'b':
        case 'f':
            cls = 'P';
            if (nx == 'h')
                step = 2;
            break;
        case 't':
        case 'd':
            cls = 'T';
            if (nx == 'h')
                step = 2;
            break;
        case 's':
        case 'z':
        case 'x':
            cls = 'S';
            if (nx == 'h')
                step = 2;
            break;
        case 'n':
            cls = 'N';
            if (nx == 'g' || nx == 'y')
                step = 2;
            break;
        case 'r':
            if (i > 0 && is_vowel(s[i - 1]) && (nx == '\0' || !is_vowel(nx)))
                cls = 0; /* the long a written "ar" */
            else
                cls = 'R';
            break;
        case 'y':
        case 'w':
            if (after_cons && s[i - 1] != 'r')
                cls = 0; /* a medial */
            else if (c == 'y' && i > 0 && (nx == '\0' || !is_vowel(nx)))
                cls = 0; /* a vowel: "nay" is ne */
            else
                cls = c == 'y' ? 'R' : 'W';
            break;
        case 'v':
            cls = 'W';
            break;
        default:
            cls = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
            break;
        }
        if (cls && cls != last && o < sizeof key) {
            key[o++] = cls;
            (*ncls)++;
        }
        if (cls)
            last = cls;
        i += step;
    }
    return o ? emb__key_hash(EMB_KEY_SEED_SKEL ^ EMB_KEY_SEED_CANON, key, o) : 0;
}
