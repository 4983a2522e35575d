/*
 * translit.c - name normalisation: any script to lower-case ASCII tokens.
 *
 * One pass over the UTF-8 input feeds a small writer that lower-cases,
 * deletes apostrophes, turns every other non-alphanumeric into a token
 * break, splits letters from digits and collapses breaks into single
 * spaces.  Each code point takes the cheapest route that is right for it:
 *
 *   ASCII                      inline; never touches ICU (the fast path).
 *   U+0080..U+02FF, U+1E00..U+1EFF (Latin-1, Latin Extended-A/B, IPA,
 *   modifiers, Latin Extended Additional)
 *                              a process-wide table built once from ICU
 *                              ("NFKD; Any-Latin; Latin-ASCII") with a few
 *                              overrides ICU leaves non-ASCII: ə->a (as
 *                              Azerbaijani names are written in English),
 *                              ʒ->z, ɔ->o, ȝ->y, ŋ->ng, ʔ ʕ deleted.
 *   punctuation blocks, fullwidth ASCII, combining marks, variation
 *   selectors              fixed rules below.
 *   Hangul syllables           Revised Romanization computed from the
 *                              jamo indices, one token per syllable; no
 *                              sound-change rules between syllables, since
 *                              names are matched syllable by syllable
 *                              (김정은 -> "gim jeong eun").
 *   Han ideographs             ICU "Han-Latin" one character at a time
 *                              (first of a run with "Han-Latin/Names", the
 *                              surname readings), toneless, one token per
 *                              character, cached per handle by code point.
 *                              Japanese kanji therefore come out in pinyin.
 *                              The ordinal 第 before a number is dropped and
 *                              Han numerals after it become digits
 *                              (第十八 -> "18", as "No. 18").
 *   Myanmar and Khmer runs     burmese.c, khmer.c: syllable-based
 *                              practical romanisations (ICU has neither):
 *                              Burmese a token per syllable, as its names
 *                              are spelt ("kyaw zaw htun"), Khmer a token
 *                              per word ("hun manet").
 *   Lao                        moved onto Thai (the same letters 0x80
 *                              lower in Unicode), then ICU as below.
 *   Cyrillic runs              ICU "Russian-Latin/BGN" (BGN/PCGN, the
 *                              system of the US and UK lists; the middle
 *                              dot it writes between a consonant and e,
 *                              "Andr·ey", deleted), then "Any-Latin" for
 *                              non-Russian letters.
 *   any other script           ICU "Any-Latin; Latin-ASCII" over the run
 *                              (a word of one script), memoised per handle.
 *
 * ICU output is fed back through the same per-code-point rules, so every
 * route obeys the same token rules.  Buffers are fixed per handle; the
 * only allocations are the handle and ICU's own on first use of a script.
 */
#include "translit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "../base/alloc.h"
#include "../base/limits.h"
#include "../base/utf8.h"
#include "burmese.h"
#include "khmer.h"

/* ------------------------------------------------------------------ */
/* The process-wide Latin table                                        */
/* ------------------------------------------------------------------ */

#define LAT_A_LO 0x0080
#define LAT_A_HI 0x0300
#define LAT_B_LO 0x1E00
#define LAT_B_HI 0x1F00
#define LAT_N ((LAT_A_HI - LAT_A_LO) + (LAT_B_HI - LAT_B_LO))
#define LAT_W 4 /* up to 3 ASCII bytes and a NUL; " " = break, "" = delete */

static char g_lat[LAT_N][LAT_W];
static emb_status g_lat_status = EMB_EINTERNAL;
static pthread_once_t g_lat_once = PTHREAD_ONCE_INIT;

/* UTF-16 helpers (ICU's macros trip -Wsign-conversion). */
static int32_t u16_put(UChar *buf, int32_t cp)
{
    if (cp < 0x10000) {
        buf[0] = (UChar)cp;
        return 1;
    }
    cp -= 0x10000;
    buf[0] = (UChar)(0xD800 + (cp >> 10));
    buf[1] = (UChar)(0xDC00 + (cp & 0x3FF));
    return 2;
}

static int32_t u16_next(const UChar *s, int32_t *i, int32_t len)
{
    int32_t c = s[(*i)++];
    if (c >= 0xD800 && c <= 0xDBFF && *i < len && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF)
        c = 0x10000 + ((c - 0xD800) << 10) + (s[(*i)++] - 0xDC00);
    return c;
}

static int lat_index(int32_t cp)
{
    if (cp >= LAT_A_LO && cp < LAT_A_HI)
        return cp - LAT_A_LO;
    if (cp >= LAT_B_LO && cp < LAT_B_HI)
        return (LAT_A_HI - LAT_A_LO) + (cp - LAT_B_LO);
    return -1;
}

/* Apostrophes, primes, the modifier letters used for hamza and ayn, and
 * the Hebrew geresh and gershayim: deleted so that "O'Brien", "Ma'arif"
 * and "בע״מ" stay one token. */
static int is_apos(int32_t cp)
{
    switch (cp) {
    case 0x27:
    case 0x60:
    case 0xB4:
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0x2035:
    case 0x02B9:
    case 0x02BB:
    case 0x02BC:
    case 0x02BD:
    case 0x02BE:
    case 0x02BF:
    case 0x02C8:
    case 0x0294:
    case 0x0295:
    case 0x02C0:
    case 0x02C1:
    case 0x055A:
    case 0x05F3: /* Hebrew geresh and gershayim: "ג׳", "בע״מ" */
    case 0x05F4:
    case 0xFF07:
        return 1;
    default:
        return 0;
    }
}

static int is_mark(int32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200C ||
           cp == 0x200D || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF ||
           cp == 0x0640; /* 0640: Arabic tatweel */
}

/* Letters ICU leaves outside ASCII, mapped the way names in them are
 * usually written in English. */
static const char *lat_override(int32_t cp)
{
    switch (cp) {
    case 0x018F:
    case 0x0259:
        return "a"; /* Ə ə (Azerbaijani) */
    case 0x01B7:
    case 0x0292:
        return "z"; /* Ʒ ʒ */
    case 0x0186:
    case 0x0254:
        return "o"; /* Ɔ ɔ */
    case 0x021C:
    case 0x021D:
        return "y"; /* Ȝ ȝ */
    case 0x014A:
    case 0x014B:
        return "ng"; /* Ŋ ŋ */
    case 0x00DE:
    case 0x00FE:
        return "th"; /* Þ þ */
    default:
        return NULL;
    }
}

static void lat_build(void)
{
    UErrorCode e = U_ZERO_ERROR;
    UParseError pe;
    UChar id[64];
    u_uastrncpy(id, "NFKD; Any-Latin; Latin-ASCII", 64);
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &e);
    if (U_FAILURE(e))
        return;
    for (int32_t cp = 0; cp < LAT_B_HI; cp++) {
        int ix = lat_index(cp);
        if (ix < 0)
            continue;
        char *dst = g_lat[ix];
        const char *ov = lat_override(cp);
        int8_t type = u_charType(cp);
        if (ov) {
            memcpy(dst, ov, strlen(ov) + 1);
        } else if (is_apos(cp) || type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
                   type == U_COMBINING_SPACING_MARK || type == U_FORMAT_CHAR) {
            dst[0] = '\0';
        } else if (!u_isalpha(cp) && !u_isdigit(cp)) {
            dst[0] = ' ';
            dst[1] = '\0';
        } else {
            UChar buf[32];
            int32_t len = u16_put(buf, cp), lim = len;
            e = U_ZERO_ERROR;
            utrans_transUChars(tr, buf, &len, 32, 0, &lim, &e);
            size_t k = 0;
            for (int32_t i = 0; U_SUCCESS(e) && i < len && k < LAT_W - 1; i++) {
                UChar c = buf[i];
                if (c >= 'A' && c <= 'Z')
                    c = (UChar)(c + 32);
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                    dst[k++] = (char)c;
            }
            dst[k] = '\0'; /* a letter with no ASCII form is deleted */
        }
    }
    utrans_close(tr);
    g_lat_status = EMB_OK;
}

/* ------------------------------------------------------------------ */
/* The handle                                                          */
/* ------------------------------------------------------------------ */

enum { ENG_CYR, ENG_GEN, ENG_HAN, ENG_HANSUR, ENG_N };

static const char *const eng_id[ENG_N] = {
    "Russian-Latin/BGN; [\\u00B7] Remove; Any-Latin; Latin-ASCII",
    "Any-Latin; Latin-ASCII",
    "Han-Latin; Latin-ASCII",
    "Han-Latin/Names; Latin-ASCII",
};

#define HAN_SLOTS 1024 /* direct-mapped; a slot is overwritten on clash */
#define HAN_W 8        /* longest pinyin syllable is 6 ("zhuang") */
#define MEMO_SLOTS 256
#define MEMO_IN 48
#define MEMO_OUT 96
/* UTF-16 room: a run has at most EMB_CAP_QUERY_VALUE units; ICU may
 * expand it, 4x covers every script's letters. */
#define UBUF_N (4 * EMB_CAP_QUERY_VALUE + 64)

typedef struct han_slot {
    uint32_t key; /* cp << 1 | surname reading; 0 = empty */
    char s[HAN_W];
} han_slot;

typedef struct memo_slot {
    uint8_t used, eng, inlen, outlen;
    char in[MEMO_IN];
    char out[MEMO_OUT];
} memo_slot;

struct emb__translit {
    UTransliterator *tr[ENG_N];
    han_slot han[HAN_SLOTS];
    memo_slot memo[MEMO_SLOTS];
    UChar ubuf[UBUF_N];
};

emb_status emb__translit_new(emb__translit **out)
{
    if (!out)
        return EMB_EARG;
    *out = NULL;
    if (pthread_once(&g_lat_once, lat_build) != 0 || g_lat_status != EMB_OK)
        return EMB_EINTERNAL;
    emb__translit *t = emb__calloc(1, sizeof *t);
    if (!t)
        return EMB_ENOMEM;
    *out = t;
    return EMB_OK;
}

void emb__translit_free(emb__translit *t)
{
    if (!t)
        return;
    for (int i = 0; i < ENG_N; i++)
        if (t->tr[i])
            utrans_close(t->tr[i]);
    emb__free(t);
}

static UTransliterator *engine(emb__translit *t, int eng)
{
    if (!t->tr[eng]) {
        UErrorCode e = U_ZERO_ERROR;
        UParseError pe;
        UChar id[64];
        u_uastrncpy(id, eng_id[eng], 64);
        t->tr[eng] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &e);
        if (U_FAILURE(e)) {
            if (t->tr[eng])
                utrans_close(t->tr[eng]);
            t->tr[eng] = NULL;
        }
    }
    return t->tr[eng];
}

emb_status emb__translit_warm(emb__translit *t)
{
    if (!t)
        return EMB_EARG;
    emb_status st = EMB_OK;
    for (int i = 0; i < ENG_N; i++)
        if (!engine(t, i))
            st = EMB_EINTERNAL;
    return st;
}

/* ------------------------------------------------------------------ */
/* The writer: token rules shared by every route                       */
/* ------------------------------------------------------------------ */

typedef struct wr {
    char *out;
    size_t cap, n;
    int brk;  /* a break is pending */
    int kind; /* 1 letter, 2 digit: a change of kind is a break too */
    int full; /* cap exceeded */
} wr;

static void wr_alnum(wr *w, char c)
{
    int k = (c >= '0' && c <= '9') ? 2 : 1;
    if (w->n > 0 && (w->brk || k != w->kind)) {
        if (w->n + 1 >= w->cap) {
            w->full = 1;
            return;
        }
        w->out[w->n++] = ' ';
    }
    w->brk = 0;
    w->kind = k;
    if (w->n + 1 >= w->cap) { /* keep room for the NUL */
        w->full = 1;
        return;
    }
    w->out[w->n++] = c;
}

static void wr_ascii(wr *w, unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        wr_alnum(w, (char)c);
    else if (c != '\'' && c != '`')
        w->brk = 1;
}

static void wr_str(wr *w, const char *s)
{
    for (; *s; s++)
        wr_ascii(w, (unsigned char)*s);
}

/* The form of a code point with a fixed rule (everything but the ICU
 * scripts, Hangul and Han): ASCII letters and digits, " " for a break, ""
 * for a deletion, written NUL-terminated to dst[LAT_W].  Returns 0 for a
 * code point without a fixed rule. */
static int simple_form(int32_t cp, char dst[LAT_W])
{
    dst[0] = dst[1] = '\0';
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    int ix = lat_index(cp);
    if (ix >= 0) {
        memcpy(dst, g_lat[ix], LAT_W);
        return 1;
    }
    if (is_apos(cp) || is_mark(cp))
        return 1;
    if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3000 && cp <= 0x303F) || cp == 0x30FB || cp == 0xFF65 ||
        (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F)) {
        dst[0] = ' ';
        return 1;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) { /* fullwidth ASCII */
        dst[0] = (char)(cp - 0xFEE0);
        return 1;
    }
    return 0;
}

static int simple_cp(wr *w, int32_t cp)
{
    char f[LAT_W];
    if (!simple_form(cp, f))
        return 0;
    wr_str(w, f);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Greek: as the letters are said                                      */
/* ------------------------------------------------------------------ */

/* The names in Greek on the lists are mostly foreign names written as
 * they sound (Πούτιν, Μπιν Λάντεν, Γεβγκένι Πριγκόζιν), so Greek is
 * romanised by its modern pronunciation rather than letter for letter
 * (ICU's Greek-Latin gives poutin, mpin lanten, gebnkeni prinkozin):
 * ου u; αι e; ει οι υι i; αυ ευ av ev (af ef before a voiceless
 * consonant); μπ b, ντ d, γκ g, γγ ng, τζ j, τσ ts; γ before e or i is
 * y, and γι before a vowel too (Γιούρι yuri); β v, η i, θ th, υ y, φ f,
 * χ kh, ψ ps, ω o.  An accent on the first vowel or a diaeresis on the
 * second parts a pair (Κάιντα kaida, not keda).  Greek natives' names lose a
 * little of their official spelling (Παπαδόπουλος papadopulos), which
 * one edit bridges. */

static int is_greek(int32_t cp)
{
    return (cp >= 0x0370 && cp <= 0x03FF) || (cp >= 0x1F00 && cp <= 0x1FFF);
}

typedef struct gr_letter {
    char c;      /* the letter as one ASCII key: a b(eta) g d e z h(eta) q(theta) ... */
    uint8_t acc; /* carries an accent */
    uint8_t dia; /* carries a diaeresis */
} gr_letter;

/* The key of a Greek letter (lower or upper case, accented or not, and
 * the two signs that old Greek fonts' text converts to: micro for mu,
 * increment for Delta), or 0 for anything else. */
static int gr_decode(int32_t cp, gr_letter *g)
{
    /* alpha .. omega; U+03C2 final sigma */
    static const char low[] = "abgdezhqiklmnxoprsstyfcjw";
    g->acc = g->dia = 0;
    if (cp == 0x00B5) /* the micro sign typed for mu */
        cp = 0x03BC;
    else if (cp == 0x2206) /* the increment sign typed for Delta (EU: ∆ίκτυο) */
        cp = 0x0394;
    if (cp >= 0x03B1 && cp <= 0x03C9) {
        g->c = low[cp - 0x03B1];
    } else if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2) {
        g->c = low[cp - 0x0391];
    } else {
        /* the accented and diaeresis forms, lower and upper case */
        static const struct {
            uint16_t lower, upper;
            char c;
            uint8_t acc, dia;
        } marked[] = {
            {0x03AC, 0x0386, 'a', 1, 0}, {0x03AD, 0x0388, 'e', 1, 0}, {0x03AE, 0x0389, 'h', 1, 0},
            {0x03AF, 0x038A, 'i', 1, 0}, {0x03CC, 0x038C, 'o', 1, 0}, {0x03CD, 0x038E, 'y', 1, 0},
            {0x03CE, 0x038F, 'w', 1, 0}, {0x03CA, 0x03AA, 'i', 0, 1}, {0x03CB, 0x03AB, 'y', 0, 1},
            {0x0390, 0x0390, 'i', 1, 1}, {0x03B0, 0x03B0, 'y', 1, 1}};
        size_t k = 0;
        while (k < sizeof marked / sizeof marked[0] && cp != marked[k].lower &&
               cp != marked[k].upper)
            k++;
        if (k == sizeof marked / sizeof marked[0])
            return 0;
        g->c = marked[k].c;
        g->acc = marked[k].acc;
        g->dia = marked[k].dia;
    }
    return 1;
}

static int gr_front(const gr_letter *l, size_t m, size_t i)
{
    if (i >= m)
        return 0;
    char c = l[i].c, d = i + 1 < m && !l[i + 1].dia && !l[i].acc ? l[i + 1].c : 0;
    return c == 'e' || c == 'h' || c == 'i' || c == 'y' || ((c == 'a' || c == 'o') && d == 'i');
}

static int gr_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'h' || c == 'i' || c == 'o' || c == 'y' || c == 'w';
}

/* Writes the Greek word of letters l[0..m). */
/* Pairs of letters said as one sound: vowels (parted by an accent on the
 * first or a diaeresis on the second) and consonants. */
typedef struct gr_pair {
    char a, b;
    const char *out;
} gr_pair;

static const gr_pair gr_vowel_pairs[] = {
    {'o', 'y', "u"}, {'a', 'i', "e"}, {'e', 'i', "i"}, {'o', 'i', "i"}, {'y', 'i', "i"}};
static const gr_pair gr_consonant_pairs[] = {
    {'m', 'p', "b"}, {'n', 't', "d"}, {'t', 'z', "j"}, {'g', 'k', "g"}, {'g', 'g', "ng"}};

static const char *gr_pair_of(const gr_pair *p, size_t np, char a, char b)
{
    for (size_t k = 0; k < np; k++)
        if (p[k].a == a && p[k].b == b)
            return p[k].out;
    return NULL;
}

/* Writes the Greek word of letters l[0..m). */
static void gr_write(wr *w, const gr_letter *l, size_t m)
{
    static const char *const single[26] = {
        /* a */ "a",      /* b beta */ "v",    /* c chi */ "kh",
        /* d */ "d",      /* e */ "e",         /* f */ "f",
        /* g */ "g",      /* h eta */ "i",     /* i */ "i",
        /* j psi */ "ps", /* k */ "k",         /* l */ "l",
        /* m */ "m",      /* n */ "n",         /* o */ "o",
        /* p */ "p",      /* q theta */ "th",  /* r */ "r",
        /* s */ "s",      /* t */ "t",         /* u */ "",
        /* v */ "",       /* w omega */ "o",
        /* x xi */ "x",   /* y upsilon */ "y", /* z */ "z"};
    for (size_t i = 0; i < m;) {
        char c = l[i].c;
        char d = i + 1 < m ? l[i + 1].c : 0;
        int parted = d == 0 || l[i].acc || l[i + 1].dia; /* a vowel pair */
        const char *two = NULL;
        if (gr_vowel(c) && !parted)
            two =
                gr_pair_of(gr_vowel_pairs, sizeof gr_vowel_pairs / sizeof gr_vowel_pairs[0], c, d);
        if (!two && d)
            two = gr_pair_of(gr_consonant_pairs,
                             sizeof gr_consonant_pairs / sizeof gr_consonant_pairs[0], c, d);
        if (two) {
            wr_str(w, two);
            i += 2;
            continue;
        }
        if ((c == 'a' || c == 'e' || c == 'h') && d == 'y' && !parted) {
            char nx = i + 2 < m ? l[i + 2].c : 0; /* αυ ευ ηυ: v, f when voiceless */
            wr_str(w, single[c - 'a']);
            wr_str(w, nx == 0 || strchr("qkxpstfcj", nx) ? "f" : "v");
            i += 2;
            continue;
        }
        if (c == 'g' && (d == 'x' || d == 'c')) { /* γξ γχ: n */
            wr_str(w, "n");
        } else if (c == 'g' && d == 'i' && !l[i + 1].acc && i + 2 < m && gr_vowel(l[i + 2].c)) {
            wr_str(w, "y"); /* γι before a vowel (Γιούρι yuri) */
            i++;
        } else if (c == 'g') {
            wr_str(w, gr_front(l, m, i + 1) ? "y" : "g");
        } else {
            wr_str(w, single[c - 'a']);
        }
        i++;
    }
}

/* Writes the run of Greek letters (and combining accents) from s[start]
 * to the first other character; *pos past it.  Returns 0, writing
 * nothing, when the run holds a character the table lacks (polytonic
 * Greek, archaic letters): ICU takes it then. */
/* 1 when cp is a sign gr_decode reads as a Greek letter and a Greek letter
 * follows it at s[i]: "∆ίκτυο" is Greek from its first letter on. */
static int greek_sign_before(int32_t cp, const char *s, size_t n, size_t i)
{
    if ((cp != 0x00B5 && cp != 0x2206) || i >= n)
        return 0; /* (nothing follows a sign that ends the text) */
    int32_t next = emb__utf8_next(s, n, &i);
    return next > 0 && is_greek(next);
}

static int greek_emit(wr *w, const char *s, size_t n, size_t start, size_t *pos)
{
    gr_letter l[EMB_CAP_QUERY_VALUE];
    size_t m = 0, i = start;
    while (i < n && m < sizeof l / sizeof l[0]) {
        size_t j = i;
        int32_t cp = emb__utf8_next(s, n, &j);
        if (cp < 0)
            return 0;
        if (cp == 0x0301 || cp == 0x0308 || cp == 0x0344) { /* combining accent, diaeresis */
            if (m == 0)
                return 0;
            if (cp != 0x0308)
                l[m - 1].acc = 1;
            if (cp != 0x0301)
                l[m - 1].dia = 1;
            i = j;
            continue;
        }
        if (!gr_decode(cp, &l[m])) {
            /* a letter the table lacks: the whole run to ICU; Greek
             * punctuation (U+0374..U+0387) ends the run like any other */
            if (is_greek(cp) && !(cp >= 0x0374 && cp <= 0x0387))
                return 0;
            break;
        }
        m++;
        i = j;
    }
    if (m == 0)
        return 0;
    gr_write(w, l, m);
    *pos = i;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Hangul: Revised Romanization per syllable                           */
/* ------------------------------------------------------------------ */

static int is_hangul(int32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

static const char *const rr_initial[19] = {"g",  "kk", "n", "d",  "tt", "r", "m", "b", "pp", "s",
                                           "ss", "",   "j", "jj", "ch", "k", "t", "p", "h"};
static const char *const rr_vowel[21] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo",
                                         "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                         "wo", "we", "wi", "yu",  "eu", "ui", "i"};
/* Finals as pronounced at the end of a syllable (RR 2000, section 3). */
static const char *const rr_final[28] = {"",  "k",  "k", "k", "n", "n", "n", "t", "l", "k",
                                         "m", "l",  "l", "l", "p", "l", "m", "p", "p", "t",
                                         "t", "ng", "t", "t", "k", "t", "p", "t"};

static void hangul_emit(wr *w, int32_t cp)
{
    int s = cp - 0xAC00;
    w->brk = 1;
    wr_str(w, rr_initial[s / 588]);
    wr_str(w, rr_vowel[(s % 588) / 28]);
    wr_str(w, rr_final[s % 28]);
    w->brk = 1;
}

/* ------------------------------------------------------------------ */
/* Han: cached per-character pinyin                                    */
/* ------------------------------------------------------------------ */

static int is_han(int32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

static emb_status han_emit(emb__translit *t, wr *w, int32_t cp, int surname)
{
    uint32_t key = ((uint32_t)cp << 1) | (uint32_t)surname;
    han_slot *sl = &t->han[(key * 2654435761u) >> 22 & (HAN_SLOTS - 1)];
    if (sl->key != key) {
        UTransliterator *tr = engine(t, surname ? ENG_HANSUR : ENG_HAN);
        if (!tr)
            return EMB_EINTERNAL;
        UChar buf[32];
        int32_t len = u16_put(buf, cp), lim = len;
        UErrorCode e = U_ZERO_ERROR;
        utrans_transUChars(tr, buf, &len, 32, 0, &lim, &e);
        if (U_FAILURE(e))
            return EMB_EINTERNAL;
        size_t k = 0;
        for (int32_t i = 0; i < len && k < HAN_W - 1; i++) {
            UChar c = buf[i];
            if (c >= 'A' && c <= 'Z')
                c = (UChar)(c + 32);
            if (c >= 'a' && c <= 'z')
                sl->s[k++] = (char)c;
        }
        sl->s[k] = '\0';
        sl->key = key;
    }
    w->brk = 1;
    wr_str(w, sl->s);
    w->brk = 1;
    return EMB_OK;
}

/* ------------------------------------------------------------------ */
/* Other scripts: ICU over a run                                       */
/* ------------------------------------------------------------------ */

static int is_cyrillic(int32_t cp)
{
    return (cp >= 0x0400 && cp <= 0x052F) || (cp >= 0x1C80 && cp <= 0x1C8F) ||
           (cp >= 0x2DE0 && cp <= 0x2DFF) || (cp >= 0xA640 && cp <= 0xA69F);
}

static uint32_t fnv(const char *s, size_t n, int eng)
{
    uint32_t h = 2166136261u ^ (uint32_t)eng;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Transliterates the run s[0..n) with engine eng and writes it to w. */
/* Lao has no ICU transliterator, but its Unicode block repeats Thai's
 * 0x80 lower, letter for letter (consonants, vowels, tone marks, digits,
 * the Pali letters of Unicode 12), and Thai has ICU's "Thai-Latin".  So
 * Lao is moved onto Thai in place before the transform, except for what
 * Thai lacks: the vowel sign mai kon (U+0EBB) and the Khmu letters are
 * left out, the subscript lo and semivowel nyo (U+0EBC, U+0EBD) become
 * Thai lo and yo, the ligatures hno and hmo (U+0EDC, U+0EDD) Thai ho + no
 * and ho + mo.  The result is
 * Thai-style romanisation of Lao ("tha na khan" for ທະນາຄານ), the same
 * for a list name and a query, which is what matching needs. */
static int lao_dropped(UChar c)
{
    return c >= 0x0E80 && c <= 0x0EFF &&
           (c == 0x0EBB || (c > 0x0ED9 && c != 0x0EDC && c != 0x0EDD));
}

/* Rewrites the Lao in u[0..len) as Thai; returns the new length, -1 when
 * it would not fit in cap. */
static int32_t lao_to_thai(UChar *u, int32_t len, int32_t cap)
{
    /* front to back: one unit to at most one (drops shorten) */
    int32_t n = 0, lig = 0;
    for (int32_t i = 0; i < len; i++) {
        UChar c = u[i];
        if (c < 0x0E80 || c > 0x0EFF || c == 0x0EDC || c == 0x0EDD) {
            lig += c == 0x0EDC || c == 0x0EDD;
            u[n++] = c;
        } else if (c == 0x0EBC || c == 0x0EBD) {
            u[n++] = c == 0x0EBC ? 0x0E25 : 0x0E22;
        } else if (!lao_dropped(c)) {
            u[n++] = (UChar)(c - 0x80);
        }
    }
    if (n + lig > cap)
        return -1;
    /* back to front: a ligature becomes two units */
    int32_t o = n + lig;
    for (int32_t i = n; i-- > 0 && o > i;) {
        UChar c = u[i];
        if (c == 0x0EDC || c == 0x0EDD) {
            u[--o] = c == 0x0EDC ? 0x0E19 : 0x0E21;
            u[--o] = 0x0E2B;
        } else {
            u[--o] = c;
        }
    }
    return n + lig;
}

static emb_status icu_emit(emb__translit *t, wr *w, int eng, const char *s, size_t n)
{
    memo_slot *m = NULL;
    if (n <= MEMO_IN) {
        m = &t->memo[fnv(s, n, eng) & (MEMO_SLOTS - 1)];
        if (m->used && m->eng == eng && m->inlen == n && memcmp(m->in, s, n) == 0) {
            for (size_t i = 0; i < m->outlen; i++)
                wr_ascii(w, (unsigned char)m->out[i]);
            return EMB_OK;
        }
    }
    UTransliterator *tr = engine(t, eng);
    if (!tr)
        return EMB_EINTERNAL;
    UErrorCode e = U_ZERO_ERROR;
    int32_t len = 0, lim;
    u_strFromUTF8(t->ubuf, UBUF_N, &len, s, (int32_t)n, &e);
    if (U_FAILURE(e))
        return EMB_EUTF8;
    for (int32_t i = 0; i < len; i++)
        if (t->ubuf[i] >= 0x0E80 && t->ubuf[i] <= 0x0EFF) {
            if ((len = lao_to_thai(t->ubuf, len, UBUF_N)) < 0)
                return EMB_ECAP;
            break;
        }
    lim = len;
    utrans_transUChars(tr, t->ubuf, &len, UBUF_N, 0, &lim, &e);
    if (e == U_BUFFER_OVERFLOW_ERROR)
        return EMB_ECAP;
    if (U_FAILURE(e) || len > UBUF_N)
        return EMB_EINTERNAL;
    /* Feed the result through the fixed rules, recording it for the memo
     * as the ASCII that was fed. */
    size_t mo = 0;
    int memo_ok = m != NULL;
    for (int32_t i = 0; i < len;) {
        int32_t c = u16_next(t->ubuf, &i, len);
        char f[LAT_W];
        /* BGN writes the hard sign ъ as a double prime, which Latin-ASCII
         * makes '"': deleted like the soft sign's apostrophe, so that
         * объединение is one word, obyedineniye, not "ob yedineniye" (the
         * run held no ASCII, so the quote can only be this mark) */
        if (eng == ENG_CYR && c == '"')
            continue;
        if (!simple_form(c, f)) {
            /* unconverted: a symbol is a break, a letter is dropped */
            f[0] = u_isalpha(c) ? '\0' : ' ';
            f[1] = '\0';
        }
        for (const char *p = f; *p; p++) {
            wr_ascii(w, (unsigned char)*p);
            if (memo_ok && mo < MEMO_OUT)
                m->out[mo++] = *p;
            else
                memo_ok = 0;
        }
    }
    if (memo_ok && !w->full) {
        m->used = 1;
        m->eng = (uint8_t)eng;
        m->inlen = (uint8_t)n;
        m->outlen = (uint8_t)mo;
        memcpy(m->in, s, n);
    } else if (m) {
        m->used = 0;
    }
    return EMB_OK;
}

/* ------------------------------------------------------------------ */
/* Burmese and Khmer: syllable romanisers of our own (burmese.c,       */
/* khmer.c), since ICU has neither                                     */
/* ------------------------------------------------------------------ */

#define SYL_RUN 128

typedef struct {
    int32_t lo, hi;           /* the block */
    int32_t cons_lo, cons_hi; /* its consonants: a piece is cut before one */
    size_t (*latin)(const int32_t *cp, size_t ncp, char *out, size_t cap);
} syl_script;

static const syl_script syl_burmese = {0x1000, 0x109F, 0x1000, 0x1021, emb__burmese_latin};
static const syl_script syl_khmer = {0x1780, 0x17FF, 0x1780, 0x17A2, emb__khmer_latin};

/* Romanises the run of script sc starting at s[start] (a long run in
 * pieces of about SYL_RUN code points, cut before a consonant so that a
 * syllable is not split) and advances *pos past it. */
static emb_status syl_emit(wr *w, const syl_script *sc, const char *s, size_t n, size_t start,
                           size_t *pos)
{
    int32_t cps[SYL_RUN];
    char out[SYL_RUN * 8];
    size_t i = start;
    while (i < n) {
        size_t m = 0, j = i;
        while (j < n && m < SYL_RUN) {
            size_t k = j;
            int32_t c = emb__utf8_next(s, n, &k);
            if (c < 0)
                return EMB_EUTF8;
            if (c < sc->lo || c > sc->hi)
                break;
            if (m >= SYL_RUN - 8 && c >= sc->cons_lo && c <= sc->cons_hi)
                break;
            cps[m++] = c;
            j = k;
        }
        if (m == 0)
            break;
        sc->latin(cps, m, out, sizeof out);
        w->brk = 1;
        wr_str(w, out);
        w->brk = 1;
        i = j;
        if (j >= n || m < SYL_RUN - 8)
            break;
    }
    *pos = i;
    return EMB_OK;
}

/* ------------------------------------------------------------------ */
/* Ordinals: 第 and a number ("第十八星風丸", the 18th Hoshikaze Maru)    */
/* ------------------------------------------------------------------ */

/* Value of a Han numeral character: 0-9 for digits, 10/100/1000 for the
 * units, -1 for anything else. */
static int han_numeral(int32_t c)
{
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00: /* 一 */
        return 1;
    case 0x4E8C: /* 二 */
    case 0x4E24: /* 两 */
        return 2;
    case 0x4E09: /* 三 */
        return 3;
    case 0x56DB: /* 四 */
        return 4;
    case 0x4E94: /* 五 */
        return 5;
    case 0x516D: /* 六 */
        return 6;
    case 0x4E03: /* 七 */
        return 7;
    case 0x516B: /* 八 */
        return 8;
    case 0x4E5D: /* 九 */
        return 9;
    case 0x5341: /* 十 */
        return 10;
    case 0x767E: /* 百 */
        return 100;
    case 0x5343: /* 千 */
        return 1000;
    default:
        return -1;
    }
}

/* At s[*pos] (just past 第): when a number follows, in Han numerals
 * (十八 = 18, 二十 = 20, 一〇五 = 105) or in digits, the ordinal prefix is
 * dropped and a Han number is written in digits, so "第十八" reads like
 * "No. 18" and differs from "第八".  Returns 1 and advances *pos past what
 * it wrote; 0 (nothing consumed) when no number follows. */
static int ordinal_emit(wr *w, const char *s, size_t n, size_t *pos)
{
    size_t i = *pos;
    if (i < n && s[i] >= '0' && s[i] <= '9')
        return 1; /* the digits follow as they are */
    long total = 0, cur = 0;
    int any = 0, last_digit = 0;
    while (i < n && any < 12) {
        size_t k = i;
        int32_t c = emb__utf8_next(s, n, &k);
        int v = c < 0 ? -1 : han_numeral(c);
        if (v < 0)
            break;
        if (v < 10) {
            cur = last_digit ? cur * 10 + v : v;
            last_digit = 1;
        } else {
            total += (cur ? cur : 1) * v;
            cur = 0;
            last_digit = 0;
        }
        any++;
        i = k;
    }
    if (!any)
        return 0;
    char num[24];
    snprintf(num, sizeof num, "%ld", total + cur);
    w->brk = 1;
    wr_str(w, num);
    w->brk = 1;
    *pos = i;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

/* 1 when s[i] stands between two Hebrew letters (U+05D0..U+05EA). */
static int hebrew_between(const char *s, size_t n, size_t i)
{
    return i >= 2 && i + 2 < n && (unsigned char)s[i - 2] == 0xD7 &&
           (unsigned char)s[i - 1] >= 0x90 && (unsigned char)s[i - 1] <= 0xAA &&
           (unsigned char)s[i + 1] == 0xD7 && (unsigned char)s[i + 2] >= 0x90 &&
           (unsigned char)s[i + 2] <= 0xAA;
}

emb_status emb__name_norm(emb__translit *t, const char *s, size_t n, char *out, size_t cap,
                          size_t *outlen)
{
    if ((!s && n > 0) || !out || cap == 0)
        return EMB_EARG;
    if (n > EMB_CAP_QUERY_VALUE)
        return EMB_ECAP;
    wr w = {out, cap, 0, 0, 0, 0};
    int prev_han = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* the fast path: no decoding, no ICU */
            if (b == '"' && hebrew_between(s, n, i)) {
                i++; /* typed for a gershayim: "בע"מ" */
                continue;
            }
            wr_ascii(&w, b);
            prev_han = 0;
            i++;
            continue;
        }
        if (!t)
            return EMB_EMISUSE;
        size_t start = i;
        int32_t cp = emb__utf8_next(s, n, &i);
        if (cp < 0)
            return EMB_EUTF8;
        emb_status st = EMB_OK;
        if (cp == 0x7B2C && ordinal_emit(&w, s, n, &i)) {
            prev_han = 0; /* 第 + a number: the number, like "No. 18" */
        } else if (is_han(cp)) {
            st = han_emit(t, &w, cp, !prev_han);
            prev_han = 1;
        } else {
            prev_han = 0;
            if (is_hangul(cp)) {
                hangul_emit(&w, cp);
            } else if (EMB__IS_MYANMAR(cp)) {
                st = syl_emit(&w, &syl_burmese, s, n, start, &i);
            } else if (EMB__IS_KHMER(cp)) {
                st = syl_emit(&w, &syl_khmer, s, n, start, &i);
            } else if ((is_greek(cp) || greek_sign_before(cp, s, n, i)) &&
                       greek_emit(&w, s, n, start, &i)) {
                /* (written) */
            } else if (!simple_cp(&w, cp)) {
                /* A run of one script (marks and joiners included). */
                int eng = is_cyrillic(cp) ? ENG_CYR : ENG_GEN;
                size_t end = i;
                while (end < n && (unsigned char)s[end] >= 0x80) {
                    size_t j = end;
                    int32_t c = emb__utf8_next(s, n, &j);
                    if (c < 0)
                        return EMB_EUTF8;
                    if (!is_mark(c) &&
                        (lat_index(c) >= 0 || is_hangul(c) || is_han(c) || is_apos(c) ||
                         (is_cyrillic(c) != (eng == ENG_CYR)) || (c >= 0x2000 && c <= 0x206F) ||
                         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF5E)))
                        break;
                    end = j;
                }
                st = icu_emit(t, &w, eng, s + start, end - start);
                i = end;
            }
        }
        if (st != EMB_OK)
            return st;
        if (w.full)
            return EMB_ECAP;
    }
    if (w.full)
        return EMB_ECAP;
    out[w.n] = '\0';
    if (outlen)
        *outlen = w.n;
    return EMB_OK;
}
