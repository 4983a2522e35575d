/*
 * phonetic.c - romanisation-tolerant keys for name tokens.
 *
 * A key keeps what the romanisation systems agree on and merges what they
 * disagree on.  Consonants become classes (upper case), the first vowel
 * sound keeps a coarse class (lower case), later vowel runs become '.',
 * digits stay.  The merges, and the system differences they absorb:
 *
 *   B  p b              Korean MR p / RR b, Chinese Wade-Giles p / pinyin b
 *   D  t d              same for t/d
 *   G  k g q ck c(+a/o/u/consonant) gh
 *                       k/g (Korean, Chinese), Arabic q/k and gh/g
 *   C  j ch zh tch tsch dj dzh cz, q before i at the start
 *                       MR ch / RR j, WG ch / pinyin zh j q, Russian zh,
 *                       Polish cz, English/Spanish ch
 *   S  s z ts tz dz th dh c(+e/i/y), x and hs+vowel at the start, sh+i
 *                       ц as ts/tz/z (Tsvetkov, Zwetkow), Arabic th/s and
 *                       dh/z, pinyin x / WG hs, Hepburn shi / Kunrei si
 *   X  sh sch shch sz   ш/щ as sh, sch (German), shch (BGN), sz (Polish)
 *   H  h kh             Russian х and Arabic خ as kh or h
 *   F  f ph; V v w ff(final); L l; R r; M m; N n; Q ng before a consonant
 *   x elsewhere is G S  (Alexander / Aleksandr)
 *
 *   first vowel run:  a..        -> a
 *                     e, ae, ai, ay, ei, ey -> e  (Korean ae/e; Faisal,
 *                                   Feisal, Faysal)
 *                     i, y, ee, ie -> i           (Arabic ee/i)
 *                     o, u, eo, eu, oo, ou, oe, oi -> u (MR ŏ, ŭ = RR eo,
 *                                   eu; Arabic o/u; Choe/Choi)
 *                     a leading y or i glide before another vowel is
 *                     skipped (Kyung / Gyeong, Pyotr / Piotr)
 *   later vowel runs (y included): '.'  (unstressed vowels vary: Mohammad
 *                     / Mohammed, Sergei / Sergey, Aliyev / Aliev), except
 *                     a final run ending in i or y: 'y' (Ali / Ala differ;
 *                     Sergei / Sergey, Yuri / Yury still meet)
 *   token-initial y or i before a vowel: Y     (Yuri / Iouri)
 *   endings: -off -> -ov, -eff -> -ev, -ow -> -ov after a consonant (Russian
 *            names in German/French spelling); a final h after a vowel is
 *            dropped (Abdullah / Abdulla, Zadeh / Zade); a final -er after a
 *            consonant loses its e (Alexander / Aleksandr, Peter / Petr).
 *   a consonant class repeated is written once (doubled letters).
 *
 * What stays apart: vowel identity in the first syllable (kim/kin differ by
 * m/n; jong/jang, hassan/hussein, mohammad/mahmoud by the first vowel or
 * the vowel count).  Whole-token spellings that no rule can join (Park /
 * Pak, Lee / Yi / Rhee, Tsai / Cai) are the job of emb__name_variant.
 */
#include "phonetic.h"

#include <string.h>

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_vowel_y(char c)
{
    return is_vowel(c) || c == 'y';
}

typedef struct kw {
    char *out;
    size_t cap, n;
    char last; /* last consonant class written, 0 after a vowel or digit */
    int full;
} kw;

static void put(kw *k, char c)
{
    if (k->n + 1 >= k->cap) {
        k->full = 1;
        return;
    }
    k->out[k->n++] = c;
}

static void cons(kw *k, char cls)
{
    if (cls == k->last)
        return;
    put(k, cls);
    k->last = cls;
}

/* Class of the first vowel run b[i..j). */
static char first_class(const char *b, size_t i, size_t j)
{
    if (j - i >= 2 && (b[i] == 'y' || b[i] == 'i') && is_vowel(b[i + 1]))
        i++; /* glide */
    char a = b[i], c2 = i + 1 < j ? b[i + 1] : '\0';
    switch (a) {
    case 'a':
        return (c2 == 'e' || c2 == 'i' || c2 == 'y') ? 'e' : 'a';
    case 'e':
        if (c2 == 'o' || c2 == 'u')
            return 'u';
        if (c2 == 'e')
            return 'i';
        return 'e';
    case 'o':
    case 'u':
        return 'u';
    default: /* i, y */
        return 'i';
    }
}

static size_t key(const char *tok, size_t n, char *out, size_t cap, int vowels)
{
    if (!tok || !out || cap == 0)
        return 0;
    out[0] = '\0';
    char b[EMB__PHON_TOKEN_MAX + 1];
    size_t m = 0;
    for (size_t i = 0; i < n && m < EMB__PHON_TOKEN_MAX; i++) {
        char c = tok[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            b[m++] = c;
    }
    if (m == 0)
        return 0;
    /* Endings. */
    if (m > 4 && (memcmp(b + m - 3, "off", 3) == 0 || memcmp(b + m - 3, "eff", 3) == 0))
        m--, b[m - 1] = 'v';
    else if (m > 4 && b[m - 2] == 'o' && b[m - 1] == 'w' && !is_vowel_y(b[m - 3]))
        b[m - 1] = 'v';
    if (m >= 2 && b[m - 1] == 'h' && is_vowel(b[m - 2]))
        m--;
    if (m > 4 && b[m - 2] == 'e' && b[m - 1] == 'r' && !is_vowel_y(b[m - 3])) {
        b[m - 2] = 'r';
        m--;
    }
    b[m] = '\0';

    kw k = {out, cap, 0, 0, 0};
    int seen_vowel = 0;
    size_t i = 0;
    while (i < m) {
        char c = b[i], nx = b[i + 1], n2 = nx ? b[i + 2] : '\0';
        if (c >= '0' && c <= '9') {
            put(&k, c);
            k.last = 0;
            i++;
            continue;
        }
        if (i == 0 && (c == 'y' || c == 'i') && is_vowel(nx)) {
            cons(&k, 'Y');
            i++;
            continue;
        }
        if (is_vowel_y(c)) {
            size_t j = i;
            while (j < m && is_vowel_y(b[j]))
                j++;
            if (vowels) {
                if (!seen_vowel)
                    put(&k, first_class(b, i, j));
                else if (j == m && (b[j - 1] == 'i' || b[j - 1] == 'y'))
                    put(&k, 'y'); /* final -i/-y: Ali, Sergei, Yuri */
                else
                    put(&k, '.');
            }
            seen_vowel = 1;
            k.last = 0;
            i = j;
            continue;
        }
        size_t step = 1;
        char cls;
        switch (c) {
        case 'b':
        case 'p':
            cls = 'B';
            if (c == 'p' && nx == 'h')
                cls = 'F', step = 2;
            break;
        case 't':
            cls = 'D';
            if (nx == 'h' || nx == 's' || nx == 'z')
                cls = 'S', step = 2;
            if (nx == 'c' && n2 == 'h')
                cls = 'C', step = 3;
            if (nx == 's' && n2 == 'c' && b[i + 3] == 'h')
                cls = 'C', step = 4;
            break;
        case 'd':
            cls = 'D';
            if (nx == 'h' || (nx == 'z' && n2 != 'h'))
                cls = 'S', step = 2;
            else if (nx == 'j')
                cls = 'C', step = 2;
            else if (nx == 'z' && n2 == 'h')
                cls = 'C', step = 3;
            break;
        case 'g':
            cls = 'G';
            if (nx == 'h')
                step = 2;
            else if (nx == 'u' && (n2 == 'e' || n2 == 'i'))
                step = 2;
            break;
        case 'k':
            cls = 'G';
            if (nx == 'h')
                cls = 'H', step = 2;
            break;
        case 'q':
            cls = (i == 0 && nx == 'i') ? 'C' : 'G';
            break;
        case 'c':
            if (nx == 'h' || nx == 'z')
                cls = 'C', step = 2;
            else if (nx == 'k')
                cls = 'G', step = 2;
            else if (nx == 'e' || nx == 'i' || nx == 'y')
                cls = 'S';
            else
                cls = 'G';
            break;
        case 's':
            cls = 'S';
            if (nx == 'h' && n2 == 'c' && b[i + 3] == 'h')
                cls = 'X', step = 4;
            else if (nx == 'c' && n2 == 'h')
                cls = 'X', step = 3;
            else if (nx == 'h')
                cls = n2 == 'i' ? 'S' : 'X', step = 2;
            else if (nx == 'z')
                cls = 'X', step = 2;
            break;
        case 'z':
            cls = 'S';
            if (nx == 'h')
                cls = 'C', step = 2;
            break;
        case 'j':
            cls = 'C';
            break;
        case 'h':
            cls = 'H';
            if (i == 0 && nx == 's' && is_vowel(n2))
                cls = 'S', step = 2; /* Wade-Giles hsi, hsu, hsieh */
            break;
        case 'x':
            if (i == 0) {
                cls = 'S';
            } else {
                cons(&k, 'G');
                cls = 'S';
            }
            break;
        case 'f':
            cls = 'F';
            break;
        case 'v':
        case 'w':
            cls = 'V';
            break;
        case 'l':
            cls = 'L';
            break;
        case 'r':
            cls = 'R';
            break;
        case 'm':
            cls = 'M';
            break;
        case 'n':
            cls = 'N';
            if (nx == 'g' && !is_vowel_y(n2))
                cls = 'Q', step = 2;
            break;
        default:
            cls = (char)(c - 32);
            break;
        }
        cons(&k, cls);
        i += step;
    }
    if (k.full) {
        out[0] = '\0';
        return 0;
    }
    out[k.n] = '\0';
    return k.n;
}

size_t emb__phon_key(const char *tok, size_t n, char *out, size_t cap)
{
    return key(tok, n, out, cap, 1);
}

size_t emb__phon_skeleton(const char *tok, size_t n, char *out, size_t cap)
{
    return key(tok, n, out, cap, 0);
}
