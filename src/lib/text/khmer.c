/*
 * khmer.c - Khmer script to Latin, one token per written word.
 *
 * ICU has no Khmer-Latin transform, so without this every Khmer name
 * would normalise to nothing.  Khmer names reach the lists in a popular
 * romanisation close to UNGEGN (Hun Sen, Pol Pot, Hun Manet, Phnom Penh),
 * which this follows in simplified form.  The syllables of a word are
 * written together, as the names are (Manet, Sihanouk, Rainsy: Khmer
 * separates the words of a name by spaces, not its syllables):
 *
 *   syllable = an initial consonant with subscripts (coeng U+17D2 and a
 *              consonant), or an independent vowel; register signs
 *              (U+17C9 muusikatoan to the first series, U+17CA triisap
 *              to the second); a vowel sign; a final consonant; nikahit
 *              and reahmuk.
 *   segmentation: a consonant followed by a vowel sign or a subscript
 *              starts a syllable, unless an open syllable without vowel
 *              sign or final precedes it and it is followed by a
 *              subscript (kam-pu-chea); any other consonant after a
 *              syllable without a final is that syllable's final.
 *   letters  = k kh ng ch chh nh d th n t p ph b m y r l v s h, a vowel
 *              carrier (U+17A2) silent; muusikatoan on ba is p.
 *   vowels   = the inherent vowel a (first series) or o (second), and
 *              per sign a / ea, e, i, oe, eu, o / u, ou, uo, aeu, oea, ie,
 *              e, e (ae in UNGEGN; Sen, Manet as names are spelt), ai,
 *              ao, au; nikahit am / om, reahmuk h.
 *
 * Khmer digits become ASCII digits, the sentence marks breaks, other
 * signs are silent.  Pure: code points in, ASCII out, no allocation.
 */
#include "khmer.h"

#include <string.h>

#include "sylout.h"

#define KC_LO 0x1780
#define KC_HI 0x17A2

/* Consonant letters and series (1 or 2), U+1780..U+17A2. */
static const char *const kh_cons[KC_HI - KC_LO + 1] = {
    "k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th",
    "d", "th", "n", "t",  "th", "t",  "th",  "n",  "b",   "ph", "p", "ph",
    "m", "y",  "r", "l",  "v",  "s",  "s",   "s",  "h",   "l",  "",
};
static const unsigned char kh_series[KC_HI - KC_LO + 1] = {
    1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 1, 1, 2, 2, 1, 1, 1, 2,
    2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1,
};
/* Final forms of the consonants. */
static const char *const kh_final[KC_HI - KC_LO + 1] = {
    "k", "k", "k", "k", "ng", "ch", "ch", "ch", "ch", "nh", "t", "t", "t", "t", "n", "t", "t", "t",
    "t", "n", "p", "p", "p",  "p",  "m",  "y",  "",   "l",  "v", "s", "s", "s", "h", "l", "",
};

static int is_cons(int c)
{
    return c >= KC_LO && c <= KC_HI;
}
static int is_vsign(int c)
{
    return c >= 0x17B6 && c <= 0x17C5;
}

/* Dependent vowel forms, U+17B6..U+17C5, first and second series. */
static const char *const kh_v1[16] = {"a",   "e",   "ei", "oe", "eu", "o",  "ou", "uo",
                                      "aeu", "oea", "ie", "e",  "e",  "ai", "ao", "au"};
static const char *const kh_v2[16] = {"ea", "i",   "i",  "ue", "eu", "u",  "u", "uo",
                                      "eu", "oea", "ie", "e",  "e",  "ey", "o", "ov"};

static const char *indep(int c)
{
    static const char *const iv[17] = {"a",   "a",   "e",   "ei", "o",  "o",  "ou", "au", "rue",
                                       "rue", "lue", "lue", "ae", "ai", "ao", "ao", "au"};
    return c >= 0x17A3 && c <= 0x17B3 ? iv[c - 0x17A3] : NULL;
}

typedef struct {
    int init;       /* consonant index, -1 none */
    const char *iv; /* independent vowel */
    char clus[8];   /* subscript consonants of the initial */
    int series;
    int vowel; /* index into kh_v1/kh_v2, -1 none */
    int fin;   /* consonant index of the final, -1 none */
    int nik, reah;
} syl;

static size_t emit(const syl *y, char *out, size_t cap, size_t n)
{
    if (y->init < 0) {
        n = emb__syl_put(out, cap, n, y->iv ? y->iv : "");
    } else {
        n = emb__syl_put(out, cap, n, kh_cons[y->init]);
        n = emb__syl_put(out, cap, n, y->clus);
        const char *v;
        if (y->vowel >= 0)
            v = (y->series == 2 ? kh_v2 : kh_v1)[y->vowel];
        else if (y->nik)
            v = "";
        else
            v = y->series == 2 ? "o" : "a";
        if (y->nik) {
            if (y->vowel == 5 || y->vowel == 6) /* u + nikahit */
                v = "om";
            else if (y->vowel == 0) /* aa + nikahit */
                v = "am";
            else if (y->vowel < 0)
                v = y->series == 2 ? "om" : "am";
        }
        n = emb__syl_put(out, cap, n, v);
    }
    if (y->fin >= 0)
        n = emb__syl_put(out, cap, n, kh_final[y->fin]);
    if (y->reah)
        n = emb__syl_put(out, cap, n, "h");
    return n;
}

size_t emb__khmer_latin(const int32_t *cp, size_t ncp, char *out, size_t cap)
{
    size_t n = 0;
    syl y;
    int open = 0;
    if (cap == 0)
        return 0;
    memset(&y, 0, sizeof y);
    y.init = y.fin = y.vowel = -1;
    for (size_t k = 0; k < ncp; k++) {
        int c = (int)cp[k];
        int next = k + 1 < ncp ? (int)cp[k + 1] : 0;
        if (c == 0x17D2) { /* coeng: the next consonant is subscript */
            if (k + 1 < ncp && is_cons(next)) {
                k++;
                if (open && y.init >= 0 && y.vowel < 0 && y.fin < 0 && strlen(y.clus) < 4)
                    strcat(y.clus, kh_cons[next - KC_LO]);
                else if (open && y.fin >= 0) {
                    /* kam-pu-chea: the subscript starts the next syllable */
                    n = emit(&y, out, cap, n);
                    memset(&y, 0, sizeof y);
                    y.vowel = y.fin = -1;
                    y.init = next - KC_LO;
                    y.series = kh_series[y.init];
                }
            }
            continue;
        }
        if (is_cons(c)) {
            int starts = is_vsign(next) || next == 0x17C9 || next == 0x17CA || !open ||
                         y.fin >= 0 || y.init < 0 || y.nik;
            if (!starts) {
                /* the final of the open syllable (when a subscript follows,
                 * that subscript starts the next syllable: kam-pu-chea) */
                y.fin = c - KC_LO;
                continue;
            }
            if (open)
                n = emit(&y, out, cap, n);
            memset(&y, 0, sizeof y);
            y.vowel = y.fin = -1;
            y.init = c - KC_LO;
            y.series = kh_series[y.init];
            open = 1;
            continue;
        }
        if (indep(c)) {
            if (open)
                n = emit(&y, out, cap, n);
            memset(&y, 0, sizeof y);
            y.init = y.vowel = y.fin = -1;
            y.iv = indep(c);
            open = 1;
            continue;
        }
        if (c >= 0x17E0 && c <= 0x17E9) {
            if (open)
                n = emit(&y, out, cap, n);
            open = 0;
            if (n + 1 < cap) /* the writer splits letters from digits */
                out[n++] = (char)('0' + c - 0x17E0);
            continue;
        }
        if (c < 0x1780 || c > 0x17FF || (c >= 0x17D4 && c <= 0x17DA)) {
            if (open)
                n = emit(&y, out, cap, n);
            open = 0;
            n = emb__syl_break(out, cap, n);
            continue;
        }
        if (!open || y.init < 0)
            continue;
        if (is_vsign(c) && y.fin < 0) {
            y.vowel = c - 0x17B6;
        } else if (c == 0x17C9) {
            y.series = 1;
            if (y.init == 0x1794 - KC_LO)
                y.init = 0x1796 - KC_LO; /* ba + muusikatoan reads pa */
        } else if (c == 0x17CA) {
            y.series = 2;
        } else if (c == 0x17C6) {
            y.nik = 1;
        } else if (c == 0x17C7) {
            y.reah = 1;
        }
    }
    if (open)
        n = emit(&y, out, cap, n);
    return emb__syl_end(out, n);
}
