/*
 * burmese.c - Burmese (Myanmar script) to Latin, one token per syllable.
 *
 * ICU has no Myanmar-Latin transform, so without this every Burmese name
 * would normalise to nothing.  Names from Myanmar reach the lists and
 * payment messages in the practical romanisation Burmese people use for
 * themselves (Kyaw, Aung, Hlaing, Myint, Htun, Shwe), which follows the
 * sounds, not the letters, so this is a small syllable-based phonetic
 * romanisation in that style rather than a letter-for-letter one:
 *
 *   syllable = initial consonant (or the vowel carrier U+1021, or an
 *              independent vowel), medials (ya, ra, wa, ha), vowel signs,
 *              an optional final consonant (a consonant killed by asat
 *              U+103A or stacked with virama U+1039), anusvara, tones.
 *   initial  = BGN-style letters (k kh g ng s z ny t ht d n p ph b m y l
 *              w th h), with ky/ch/gy for the palatal medials, hl/hm/hn/
 *              hny for aspirated sonorants, sh for aspirated ya/ra.
 *   rhyme    = from the vowel signs and the class of the final: a, i, u,
 *              e, aw, o, et, auk, aik, in, aung, aing, it, at, eik, ok,
 *              an, ein, on, wa, we, wet, win, ut, un; -in with the creaky
 *              tone mark (U+1037) is written -int (Myint).
 *
 * Burmese digits become ASCII digits; section marks become breaks; tone
 * marks and anything else of the block are silent.  The routine is pure:
 * code points in, ASCII out, no state, no allocation.
 */
#include "burmese.h"

#include <string.h>

#include "sylout.h"

/* Initial consonants U+1000..U+1021 (index = cp - 0x1000). */
static const char *const my_init[0x22] = {
    "k",  "kh", "g", "g", "ng", "s",  "s", "z", "z", "ny", "ny", "t", "ht", "d",  "d", "n", "t",
    "ht", "d",  "d", "n", "p",  "ph", "b", "b", "m", "y",  "y",  "l", "w",  "th", "h", "l", "",
};

/* Final classes of a killed consonant. */
enum { F_NONE, F_K, F_NG, F_C, F_NY, F_T, F_N, F_P, F_M, F_Y };

static int final_class(int cons)
{
    switch (cons) {
    case 0x00:
    case 0x01:
    case 0x02:
    case 0x03:
        return F_K;
    case 0x04:
        return F_NG;
    case 0x05:
    case 0x06:
    case 0x07:
    case 0x08:
        return F_C;
    case 0x09:
    case 0x0A:
        return F_NY;
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x0E:
    case 0x10:
    case 0x11:
    case 0x12:
    case 0x13:
        return F_T;
    case 0x0F:
    case 0x14:
        return F_N;
    case 0x15:
    case 0x16:
    case 0x17:
    case 0x18:
        return F_P;
    case 0x19:
        return F_M;
    case 0x1A:
    case 0x1B:
        return F_Y;
    default:
        return F_T;
    }
}

typedef struct {
    int init;       /* consonant index 0..0x21, -1 none */
    const char *iv; /* independent vowel's form, or NULL */
    int my, mw, mh; /* medials: ya/ra, wa, ha */
    int e, aa, i, u, ai, anu, creaky, fin;
} syl;

static int is_cons(int cp)
{
    return cp >= 0x1000 && cp <= 0x1021;
}

static const char *rhyme(const syl *y)
{
    int io = y->i && y->u;  /* ို */
    int aw = y->e && y->aa; /* ော */
    if (y->mw && !io && !aw) {
        switch (y->fin) {
        case F_K:
            return "wet";
        case F_NG:
            return y->creaky ? "wint" : "win";
        case F_T:
        case F_P:
            return "ut";
        case F_N:
        case F_M:
            return "un";
        case F_Y:
            return "we";
        default:
            break;
        }
        if (y->anu)
            return "un";
        if (y->e || y->ai)
            return "we";
        return "wa";
    }
    switch (y->fin) {
    case F_K:
        return aw ? "auk" : io ? "aik" : "et";
    case F_NG:
        return aw ? "aung" : io ? "aing" : y->creaky ? "int" : "in";
    case F_C:
        return "it";
    case F_NY:
        return "i";
    case F_T:
    case F_P:
        return y->i ? "eik" : y->u ? "ok" : "at";
    case F_N:
    case F_M:
        return y->i ? "ein" : y->u ? "on" : "an";
    case F_Y:
        return "e";
    default:
        break;
    }
    if (y->anu)
        return y->i ? "ein" : y->u ? "on" : "an";
    if (aw)
        return "aw";
    if (io)
        return "o";
    if (y->i)
        return "i";
    if (y->u)
        return "u";
    if (y->e || y->ai)
        return "e";
    return "a";
}

/* Writes one syllable; returns the new length. */
static size_t emit(const syl *y, char *out, size_t cap, size_t n)
{
    n = emb__syl_break(out, cap, n);
    if (y->iv && y->init < 0)
        return emb__syl_put(out, cap, n, y->iv);
    const char *ini = y->init >= 0 ? my_init[y->init] : "";
    char b[8] = "";
    if (y->mh) {
        if (y->init == 0x1A || y->init == 0x1B) /* ယှ ရှ */
            strcpy(b, "sh");
        else if (ini[0] && !ini[1])
            (void)strcat(strcpy(b, "h"), ini);
        else
            strcpy(b, ini);
    } else {
        strcpy(b, ini);
    }
    if (y->my && !(y->init == 0x1A || y->init == 0x1B)) {
        if (y->init == 0x04) /* ငြ */
            strcpy(b, y->mh ? "hny" : "ny");
        else if (y->init == 0x00)
            strcpy(b, "ky");
        else if (y->init == 0x01)
            strcpy(b, "ch");
        else if (y->init == 0x02 || y->init == 0x03)
            strcpy(b, "gy");
        else if (strlen(b) < 6)
            strcat(b, "y");
    }
    n = emb__syl_put(out, cap, n, b);
    const char *r = rhyme(y);
    if (y->init == 0x21 && !y->my && !y->mw && !y->mh && strcmp(r, "e") == 0)
        r = "aye"; /* the carrier with e: Aye, as in Aye Aye, Ayeyarwady */
    /* the carrier before "a" stays "a"; "wa" after an initial w is "wa" */
    if (y->mw && b[0] == 'w' && !b[1] && r[0] == 'w')
        r++;
    return emb__syl_put(out, cap, n, r);
}

static const char *indep(int cp)
{
    switch (cp) {
    case 0x1023:
    case 0x1024:
        return "i";
    case 0x1025:
    case 0x1026:
        return "u";
    case 0x1027:
        return "aye"; /* as in Ayeyarwady */
    case 0x1029:
    case 0x102A:
        return "aw";
    case 0x1028:
        return "e";
    default:
        return NULL;
    }
}

size_t emb__burmese_latin(const int32_t *cp, size_t ncp, char *out, size_t cap)
{
    size_t n = 0;
    syl y;
    int open = 0;
    memset(&y, 0, sizeof y);
    y.init = -1;
    if (cap == 0)
        return 0;
    for (size_t k = 0; k < ncp; k++) {
        int c = (int)cp[k];
        int next = k + 1 < ncp ? (int)cp[k + 1] : 0;
        int next2 = k + 2 < ncp ? (int)cp[k + 2] : 0;
        if (is_cons(c) && open && (next == 0x103A || next == 0x1039)) {
            y.fin = final_class(c - 0x1000);
            k++;
            continue;
        }
        if (is_cons(c) && open && next == 0x1037 && next2 == 0x103A) {
            /* the creaky tone stored before asat: င့် */
            y.fin = final_class(c - 0x1000);
            y.creaky = 1;
            k += 2;
            continue;
        }
        if (is_cons(c) || indep(c) || (c >= 0x1040 && c <= 0x1049) || c == 0x104A || c == 0x104B ||
            c < 0x1000 || c > 0x109F) {
            if (open)
                n = emit(&y, out, cap, n);
            memset(&y, 0, sizeof y);
            y.init = -1;
            open = 0;
            if (is_cons(c)) {
                y.init = c - 0x1000;
                open = 1;
            } else if (indep(c)) {
                y.iv = indep(c);
                open = 1;
            } else if (c >= 0x1040 && c <= 0x1049) {
                if (n + 1 < cap) /* the writer splits letters from digits */
                    out[n++] = (char)('0' + c - 0x1040);
            } else {
                n = emb__syl_break(out, cap, n);
            }
            continue;
        }
        if (!open)
            continue;
        switch (c) {
        case 0x103B:
        case 0x103C:
            y.my = 1;
            break;
        case 0x103D:
            y.mw = 1;
            break;
        case 0x103E:
            y.mh = 1;
            break;
        case 0x102B:
        case 0x102C:
            y.aa = 1;
            break;
        case 0x102D:
        case 0x102E:
            y.i = 1;
            break;
        case 0x102F:
        case 0x1030:
            y.u = 1;
            break;
        case 0x1031:
            y.e = 1;
            break;
        case 0x1032:
            y.ai = 1;
            break;
        case 0x1036:
            y.anu = 1;
            break;
        case 0x1037:
            y.creaky = 1;
            break;
        default:
            break; /* visarga, asat alone, other signs: silent */
        }
    }
    if (open)
        n = emit(&y, out, cap, n);
    return emb__syl_end(out, n);
}
