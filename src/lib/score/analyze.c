/*
 * analyze.c - name analysis (analyze.h): transliteration and folding
 * (text/translit.h), tokenisation, and per-token classification (legal
 * forms, honorifics, numbers, initials) and keys (phonetic key, variant
 * group), all computed the same way for list names and for queries.
 */
#include "analyze.h"

#include <string.h>

#include "../base/alloc.h"
#include "../base/hash.h"
#include "../base/utf8.h"
#include "../index/index_format.h"
#include "../text/honorific.h"
#include "../text/legal.h"
#include "../text/burmese.h"
#include "../text/phonetic.h"
#include "../text/sector.h"
#include "../text/tokens.h"
#include "../text/translit.h"
#include "keys.h"
#include "skeleton.h"

struct emb__analyzer {
    emb__translit *tr;
};

emb_status emb__analyzer_new(emb__analyzer **out)
{
    emb__analyzer *a = emb__calloc(1, sizeof *a);
    if (!a)
        return EMB_ENOMEM;
    emb_status st = emb__translit_new(&a->tr);
    if (st) {
        emb__free(a);
        return st;
    }
    *out = a;
    return EMB_OK;
}

emb_status emb__analyzer_warm(emb__analyzer *a)
{
    if (!a)
        return EMB_EARG;
    /* the tables are built once per process, on their first lookup */
    (void)emb__sector_count();
    (void)emb__name_variant_count();
    return emb__translit_warm(a->tr);
}

void emb__analyzer_free(emb__analyzer *a)
{
    if (!a)
        return;
    emb__translit_free(a->tr);
    emb__free(a);
}

uint32_t emb__tok_hash(const char *s, size_t n)
{
    return (uint32_t)emb__hash(s, n);
}

static int has_vowel(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == 'a' || s[i] == 'e' || s[i] == 'i' || s[i] == 'o' || s[i] == 'u')
            return 1;
    return 0;
}

uint32_t emb__letters(const char *s, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1u << ((unsigned char)s[i] & 31u);
    return m;
}

uint32_t emb__phon_hash(const char *s, size_t n)
{
    char key[EMB__PHON_KEY_MAX + 1];
    size_t kl = emb__phon_key(s, n, key, sizeof key);
    return kl ? emb__key_hash(EMB_KEY_SEED_PHON, key, kl) : 0;
}

/* 1 when s[0..n) is the word w; the first letters compared first, since
 * the word tables are looped over for every token. */
static int word_is(const char *w, const char *s, size_t n)
{
    return n > 0 && w[0] == s[0] && strlen(w) == n && memcmp(w, s, n) == 0;
}

/* 1 when s[0..n) is one of the nw words of w. */
static int word_in(const char *const *w, size_t nw, const char *s, size_t n)
{
    for (size_t i = 0; i < nw; i++)
        if (word_is(w[i], s, n))
            return 1;
    return 0;
}

/* Particles that lists write or omit at will: they weigh a quarter. */
static int is_particle(const char *s, size_t n)
{
    static const char *const p[] = {"al",  "bin", "ibn", "bint", "ould", "van",
                                    "von", "de",  "der", "den",  "del",  "della",
                                    "di",  "dos", "das", "du",   "da",   "y"};
    return word_in(p, sizeof p / sizeof p[0], s, n);
}

/* Words that join the words of organisation names ("Bank of China",
 * "H and M", "The World Bank"): written or left out at will. */
static int is_org_stopword(const char *s, size_t n)
{
    static const char *const w[] = {"the", "of", "and", "for", "und", "et", "e",
                                    "la",  "le", "les", "el",  "des", "do", "a"};
    return word_in(w, sizeof w / sizeof w[0], s, n);
}

/* The same words in organisation names written in Greek or Cyrillic, as
 * they romanise: Greek του, της, των, και (tu, tis, ton, ke: Κεντρική
 * Τράπεζα του Ιράν, Central Bank of Iran), Bulgarian and Russian на, за,
 * и, по, от (Министерство на отбраната, Ministry of Defence).  Only
 * there: in a name in Latin letters, or in pinyin, "na" or "ton" is a
 * word of the name. */
static int is_grcyr_stopword(const char *s, size_t n)
{
    static const char *const w[] = {"tu", "tis", "ton", "ke", "na", "za", "i", "po", "ot"};
    return word_in(w, sizeof w / sizeof w[0], s, n);
}

/* A token's vowel flag and keys from its text (phonetic key, consonant
 * skeleton, letter set). */
static void token_keys(emb__atok *t)
{
    if (!has_vowel(t->s, t->len))
        t->flags |= EMB_TOK_NOVOWEL;
    t->phon = emb__phon_hash(t->s, t->len);
    t->skel = emb__skel_hash(t->s, t->len);
    t->letters = emb__letters(t->s, t->len);
}

static void classify(emb__an *out, emb_schema schema)
{
    emb__tok toks[EMB_AN_MAX_TOKENS] = {{0}};
    uint8_t tf[EMB_AN_MAX_TOKENS];
    size_t n = out->ntok;
    for (size_t i = 0; i < n; i++) {
        toks[i].s = out->tok[i].s;
        toks[i].n = out->tok[i].len;
        tf[i] = 0;
    }
    out->legal = 0;
    if (schema != EMB_SCHEMA_PERSON) {
        emb__legal_hit hits[8];
        size_t nh = emb__legal_scan(toks, n, tf, hits, 8);
        for (size_t h = 0; h < nh && h < 8; h++) {
            emb__legal_family f = emb__legal_family_of(hits[h].code);
            if (f != EMB__LEGAL_FAM_NONE && f != EMB__LEGAL_FAM_GENERIC && f < 8)
                out->legal |= (uint8_t)(1u << f);
        }
    }
    /* (a name of no schema is read as an organisation's first, where a
     * title word is a word of the name: ADMIRAL GROUP, General Dynamics;
     * its person reading, analysed as a Person, drops the titles) */
    if (schema == EMB_SCHEMA_PERSON || schema == EMB_SCHEMA_LEGAL_ENTITY) {
        emb__honorific_scan(toks, n, tf);
        /* a vowel-less word romanised from another script is a word of
         * that script, not an English abbreviation: Arabic عمر (Omar) is
         * "mr", not Mr */
        for (size_t i = 0; i < n && out->native; i++)
            if (!has_vowel(toks[i].s, toks[i].n))
                tf[i] &= (uint8_t) ~(EMB__TF_HON_DROP | EMB__TF_HON_OPT);
        /* ...and its own titles are written so: سید, "syd" */
        if (out->arabic)
            emb__honorific_scan_arabic(toks, n, tf);
    }
    for (size_t i = 0; i < n; i++) {
        emb__atok *t = &out->tok[i];
        if (tf[i] & EMB__TF_LEGAL)
            t->flags |= EMB_TOK_LEGAL;
        if (tf[i] & EMB__TF_ORGWORD)
            t->flags |= EMB_TOK_GENERIC;
        if (tf[i] & EMB__TF_HON_DROP)
            t->flags |= EMB_TOK_HONORIFIC;
        if (tf[i] & EMB__TF_HON_OPT)
            t->flags |= EMB_TOK_OPTIONAL;
        if (t->s[0] >= '0' && t->s[0] <= '9') {
            t->flags |= EMB_TOK_NUMBER;
            continue; /* numbers compare exactly: no keys */
        }
        if (t->len == 1)
            t->flags |= EMB_TOK_INITIAL;
        token_keys(t);
        const char *canon = emb__name_variant(t->s, t->len);
        if (canon) {
            t->canon = emb__key_hash(EMB_KEY_SEED_CANON, canon, strlen(canon));
            if (strcmp(canon, "al") == 0 || strcmp(canon, "bin") == 0)
                t->flags |= EMB_TOK_OPTIONAL;
        }
        if ((is_particle(t->s, t->len) && schema != EMB_SCHEMA_VESSEL) ||
            (schema != EMB_SCHEMA_PERSON && n > 1 &&
             (is_org_stopword(t->s, t->len) || (out->grcyr && is_grcyr_stopword(t->s, t->len)))))
            t->flags |= EMB_TOK_OPTIONAL;
    }
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Digits standing for letters inside a word ("Ig0r Sech1n"): a single
 * digit between two ASCII letters is read as the letter it imitates.
 * Returns 1 and writes the repaired copy into buf when anything changed. */
static int unleet(const char *s, size_t n, char *buf, size_t cap)
{
    static const char map[10] = {'o', 'i', 0, 'e', 'a', 's', 0, 't', 'b', 0};
    int changed = 0;
    if (n > cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9' && i > 0 && i + 1 < n && is_alpha(s[i - 1]) &&
            is_alpha(s[i + 1]) && map[c - '0']) {
            c = map[c - '0'];
            changed = 1;
        }
        buf[i] = c;
    }
    return changed;
}

/* Arabic script writes the article ال onto its word, and romanised it
 * starts the token ("alhsn", الحسن); Latin spellings write it apart or
 * hyphenated ("Al Hassan", "al-Hassan").  In a name holding Arabic-script
 * letters a token of five letters or more starting with "al" becomes the
 * article and its word, two tokens over the same text. */
static void split_article(emb__an *out)
{
    for (size_t i = 0; i < out->ntok && out->ntok < EMB_AN_MAX_TOKENS; i++) {
        emb__atok *t = &out->tok[i];
        if (t->len < 5 || t->s[0] != 'a' || t->s[1] != 'l')
            continue;
        memmove(&out->tok[i + 2], &out->tok[i + 1], (out->ntok - i - 1) * sizeof out->tok[0]);
        out->ntok++;
        emb__atok *w = &out->tok[i + 1];
        *w = *t;
        w->s = t->s + 2;
        w->len = (uint8_t)(t->len - 2);
        t->len = 2;
        i++;
    }
}

/* Runs of one-letter tokens in organisation names are abbreviations
 * written with dots ("L.L.C.", "J.S.C.", "C.B.A."): join them. */
static void join_letters(emb__an *out)
{
    size_t w = 0;
    for (size_t i = 0; i < out->ntok;) {
        size_t j = i;
        while (j < out->ntok && out->tok[j].len == 1 && is_alpha(out->tok[j].s[0]))
            j++; /* letters only: "1 S.A." is the number 1 and SA */
        if (j - i >= 2) {
            /* tokens are separated by one space in text: compact in place */
            char *dst = (char *)(uintptr_t)out->tok[i].s;
            for (size_t k = i; k < j; k++)
                dst[k - i] = out->tok[k].s[0];
            out->tok[w] = out->tok[i];
            out->tok[w].len = (uint8_t)(j - i);
            w++;
            i = j;
        } else {
            out->tok[w++] = out->tok[i++];
        }
    }
    out->ntok = w;
}

/* Scripts a name's letters are written in (emb__an flags). */
enum {
    SCRIPT_SYLLABIC = 1, /* Han, Hangul, Kana */
    SCRIPT_HEBREW = 2,   /* Hebrew letters U+05D0..U+05EA */
    SCRIPT_BURMESE = 4,  /* Myanmar */
    SCRIPT_NATIVE = 8,   /* any script other than Latin */
    SCRIPT_ARABIC = 16,  /* Arabic script (Arabic, Persian, Urdu ...) */
    SCRIPT_GRCYR = 32    /* Greek or Cyrillic */
};

/* The scripts of the text's letters, in one pass that decodes only past
 * ASCII.  "Other than Latin" is U+0370 (Greek) to U+1CFF, U+2E80 to
 * U+2FFF, U+3040 to U+DFFF and the supplementary CJK planes: Latin
 * Extended Additional, punctuation, symbols, CJK punctuation and the
 * fullwidth forms are left out. */
static unsigned scripts_of(const char *s, size_t n)
{
    unsigned f = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp = emb__utf8_next(s, n, &i);
        if (cp < 0)
            continue;
        if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
            (cp >= 0xAC00 && cp <= 0xD7AF))
            f |= SCRIPT_SYLLABIC;
        if (cp >= 0x05D0 && cp <= 0x05EA)
            f |= SCRIPT_HEBREW;
        if (EMB__IS_MYANMAR(cp))
            f |= SCRIPT_BURMESE;
        if ((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
            (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
            (cp >= 0xFE70 && cp <= 0xFEFF))
            f |= SCRIPT_ARABIC;
        if (cp >= 0x0370 && cp <= 0x052F)
            f |= SCRIPT_GRCYR;
        if ((cp >= 0x0370 && cp <= 0x1CFF) || (cp >= 0x2E80 && cp <= 0x2FFF) ||
            (cp >= 0x3040 && cp <= 0xDFFF) || (cp >= 0x10000 && cp <= 0x3FFFF))
            f |= SCRIPT_NATIVE;
    }
    return f;
}

/* Cuts out->text[from..to) into tokens appended to out->tok. */
static void tokenize(emb__an *out, size_t from, size_t to)
{
    size_t i = from;
    while (i < to && out->ntok < EMB_AN_MAX_TOKENS) {
        while (i < to && out->text[i] == ' ')
            i++;
        size_t st0 = i;
        while (i < to && out->text[i] != ' ')
            i++;
        if (i > st0) {
            size_t tl = i - st0;
            if (tl > 255)
                tl = 255;
            emb__atok *t = &out->tok[out->ntok++];
            memset(t, 0, sizeof *t);
            t->s = out->text + st0;
            t->len = (uint8_t)tl;
        }
    }
}

static int tok_is(const emb__atok *t, const char *w)
{
    return word_is(w, t->s, t->len);
}

static void drop_tok(emb__an *out, size_t i)
{
    memmove(&out->tok[i], &out->tok[i + 1], (out->ntok - i - 1) * sizeof out->tok[0]);
    out->ntok--;
}

/* Overwrites token i's text with digits (never longer than the words). */
static void set_digits(emb__atok *t, unsigned v)
{
    char d[8];
    size_t n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < sizeof d);
    char *p = (char *)(uintptr_t)t->s;
    for (size_t i = 0; i < n; i++)
        p[i] = d[n - 1 - i];
    t->len = (uint8_t)n;
}

/* Numbers written as one word, which names other than persons' hold in
 * digits (word_value) */
static const char *const units[] = {"zero",    "one",     "two",       "three",    "four",
                                    "five",    "six",     "seven",     "eight",    "nine",
                                    "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const ords[] = {"",      "first",   "second", "third", "fourth", "fifth",
                                   "sixth", "seventh", "eighth", "ninth", "tenth"};
static const char *const tens_w[] = {"twenty", "thirty",  "forty",  "fourty", "fifty",
                                     "sixty",  "seventy", "eighty", "ninety"};
static const unsigned tens_v[] = {20, 30, 40, 40, 50, 60, 70, 80, 90};

size_t emb__number_spellings(unsigned v, const char **out)
{
    size_t n = 0;
    if (v < 20)
        out[n++] = units[v];
    if (v >= 1 && v <= 10)
        out[n++] = ords[v];
    for (unsigned i = 0; i < sizeof tens_v / sizeof tens_v[0]; i++)
        if (tens_v[i] == v)
            out[n++] = tens_w[i];
    return n;
}

static int word_value(const emb__atok *t, unsigned *v, int *tens)
{
    *tens = 0;
    if (t->len > 9 || t->len < 3)
        return 0;
    for (unsigned i = 0; i < 20; i++)
        if (tok_is(t, units[i])) {
            *v = i;
            return 1;
        }
    for (unsigned i = 1; i < 11; i++)
        if (tok_is(t, ords[i])) {
            *v = i;
            return 1;
        }
    for (unsigned i = 0; i < 9; i++)
        if (tok_is(t, tens_w[i])) {
            *v = tens_v[i];
            *tens = 1;
            return 1;
        }
    return 0;
}

int emb__number_word_value(const char *s, size_t n, unsigned *v)
{
    emb__atok t;
    memset(&t, 0, sizeof t);
    if (n > 255)
        return 0;
    t.s = s;
    t.len = (uint8_t)n;
    int tens;
    if (word_value(&t, v, &tens))
        return 1;
    /* "7th", "21st": the analyser splits the digits from the suffix and
     * drops it */
    size_t d = 0;
    while (d < n && d < 4 && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d == 0 || n != d + 2 || d >= 4)
        return 0;
    const char *sfx = s + d;
    if (memcmp(sfx, "st", 2) && memcmp(sfx, "nd", 2) && memcmp(sfx, "rd", 2) &&
        memcmp(sfx, "th", 2))
        return 0;
    *v = 0;
    for (size_t i = 0; i < d; i++)
        *v = *v * 10 + (unsigned)(s[i] - '0');
    return 1;
}

int emb__roman_value(const char *s, size_t n, unsigned *v)
{
    static const char *const r[] = {"ii",   "iii", "iv", "vi",  "vii",  "viii",  "ix",  "xi", "xii",
                                    "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"};
    static const unsigned rv[] = {2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    for (size_t i = 0; i < sizeof rv / sizeof rv[0]; i++)
        if (word_is(r[i], s, n)) {
            *v = rv[i];
            return 1;
        }
    return 0;
}

static int is_digits(const emb__atok *t)
{
    return t->len && t->s[0] >= '0' && t->s[0] <= '9';
}

/* Numbers in organisation and vessel names, written any way, become
 * digits: "Forty-Four" / "44", "First" / "1st" / "1", "III" / "3", and
 * the "No." before a number goes ("NO. 8" / "8"). */
static void fold_numbers(emb__an *out)
{
    for (size_t i = 0; i < out->ntok; i++) {
        emb__atok *t = &out->tok[i];
        unsigned v, u;
        int tens, t2;
        if (is_digits(t) && i + 1 < out->ntok &&
            (tok_is(&out->tok[i + 1], "st") || tok_is(&out->tok[i + 1], "nd") ||
             tok_is(&out->tok[i + 1], "rd") || tok_is(&out->tok[i + 1], "th"))) {
            drop_tok(out, i + 1);
        } else if (word_value(t, &v, &tens)) {
            if (tens && i + 1 < out->ntok && word_value(&out->tok[i + 1], &u, &t2) && !t2 &&
                u > 0 && u < 10) {
                v += u;
                drop_tok(out, i + 1);
            } else if (tens && i + 1 < out->ntok && is_digits(&out->tok[i + 1]) &&
                       out->tok[i + 1].len == 1) {
                v += (unsigned)(out->tok[i + 1].s[0] - '0'); /* "Forty 4" */
                drop_tok(out, i + 1);
            }
            set_digits(t, v);
        } else if (i > 0 && !out->syllabic && emb__roman_value(t->s, t->len, &v)) {
            /* (not in a name written in Han, Hangul or Kana: "xi", "li" and
             * "di" are syllables there; its numerals come as digits) */
            set_digits(t, v);
        }
    }
    for (size_t i = 0; i + 1 < out->ntok; i++)
        if ((tok_is(&out->tok[i], "no") || tok_is(&out->tok[i], "nr")) &&
            is_digits(&out->tok[i + 1]))
            drop_tok(out, i);
}

/* Leading ship-type prefixes (MV, MT, M/T, FV ...): not part of the name. */
static void mark_vessel_prefix(emb__an *out)
{
    static const char *const pre[] = {"mv", "mt", "ms",  "mts", "fv",  "tb", "nm",
                                      "ss", "my", "mfv", "lpg", "lng", "rv", "sv"};
    if (out->ntok < 2)
        return;
    for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++)
        if (tok_is(&out->tok[0], pre[k])) {
            out->tok[0].flags |= EMB_TOK_HONORIFIC;
            return;
        }
}

/* Business abbreviations and their words share a variant key. */
static const char *abbrev_canon(const emb__atok *t)
{
    static const char *const ab[][2] = {
        {"assoc", "associates"},   {"bros", "brothers"},       {"cia", "compania"},
        {"dept", "department"},    {"engg", "engineering"},    {"eng", "engineering"},
        {"govt", "government"},    {"inds", "industries"},     {"indus", "industries"},
        {"intl", "international"}, {"inter", "international"}, {"lli", "fratelli"},
        {"mfg", "manufacturing"},  {"mgmt", "management"},     {"natl", "national"},
        {"svcs", "services"},      {"svc", "service"},         {"tech", "technology"},
        {"trdg", "trading"},       {"mach", "machinery"},      {"equip", "equipment"},
        {"comm", "commendator"},   {"ind", "industria"},       {"com", "comercio"},
        {"mkt", "market"},         {"hldgs", "holdings"},      {"grp", "group"}};
    for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++)
        if (tok_is(t, ab[i][0]) || tok_is(t, ab[i][1]))
            return ab[i][1];
    return NULL;
}

/* Tokens i..i+k-1 are written next to each other in out->text (one
 * space apart) and are none of them a legal form or a number. */
static int plain_run(const emb__an *out, size_t i, size_t k)
{
    for (size_t j = i; j < i + k; j++) {
        if (out->tok[j].flags & (EMB_TOK_LEGAL | EMB_TOK_NUMBER))
            return 0;
        if (j > i && out->tok[j].s != out->tok[j - 1].s + out->tok[j - 1].len + 1)
            return 0;
    }
    return 1;
}

/* The concept of the longest run of native tokens from token i that the
 * sector table holds, with its length in tokens in *k; or of token i
 * without a one-word prefix of Hebrew (ו and, ה the, ל to, ב in) or
 * Arabic (al, lil, wal, bil), romanised as w, h, l, b, al, ll, wal, bal. */
static const char *native_sector(const emb__an *out, size_t i, size_t *k)
{
    size_t max = out->ntok - i;
    if (max > EMB__SECTOR_MAX_TOKENS)
        max = EMB__SECTOR_MAX_TOKENS;
    for (*k = max; *k >= 1; (*k)--) {
        if (!plain_run(out, i, *k))
            continue;
        const emb__atok *a = &out->tok[i], *b = &out->tok[i + *k - 1];
        const char *c = emb__sector_native(a->s, (size_t)(b->s + b->len - a->s));
        if (c)
            return c;
    }
    *k = 1;
    static const char *const pre[] = {"wal", "bal", "al", "ll", "w", "h", "l", "b"};
    const emb__atok *t = &out->tok[i];
    if (out->syllabic || out->burmese || !plain_run(out, i, 1))
        return NULL;
    for (size_t p = 0; p < sizeof pre / sizeof pre[0]; p++) {
        size_t pl = strlen(pre[p]);
        if (t->len >= pl + 3 && memcmp(t->s, pre[p], pl) == 0) {
            const char *c = emb__sector_native(t->s + pl, t->len - pl);
            if (c)
                return c;
        }
    }
    return NULL;
}

/* Joins tokens i..i+k-1 (one space apart in text) into token i: a run the
 * sector table holds, so shorter than its longest spelling (48 bytes). */
static void join_run(emb__an *out, size_t i, size_t k)
{
    emb__atok *t = &out->tok[i];
    char *dst = (char *)(uintptr_t)t->s;
    size_t len = t->len;
    for (size_t j = i + 1; j < i + k; j++) {
        memmove(dst + len, out->tok[j].s, out->tok[j].len);
        len += out->tok[j].len;
    }
    t->len = (uint8_t)len;
    memmove(&out->tok[i + 1], &out->tok[i + k], (out->ntok - i - k) * sizeof out->tok[0]);
    out->ntok -= k - 1;
    t->flags &= (uint8_t) ~(EMB_TOK_INITIAL | EMB_TOK_NOVOWEL);
    token_keys(t);
}

/* 1 when a word of several syllables of the table starts inside the run
 * i..i+k-1 and ends past it: syllables romanise alike (忠 and 中 are both
 * "zhong"), and the later word is then the right reading. */
static int overlapped(const emb__an *out, size_t i, size_t k)
{
    for (size_t j = i + 1; j < i + k; j++) {
        size_t k2;
        if (native_sector(out, j, &k2) && k2 > 1 && j + k2 > i + k)
            return 1;
    }
    return 0;
}

/* Words of trade and industry (text/sector.h) take their English concept
 * as variant form, so that "Trading" meets ကုန်သွယ်ရေး and תעשיות meets
 * "Industries"; in a name written in another script a word of several
 * syllables becomes one token ("kon thwe ye" -> "konthweye"), on both
 * sides alike. */
static void sector_words(emb__an *out)
{
    for (size_t i = 0; i < out->ntok; i++) {
        emb__atok *t = &out->tok[i];
        if (t->flags & (EMB_TOK_LEGAL | EMB_TOK_NUMBER))
            continue;
        const char *c = NULL;
        size_t k = 1;
        /* a word of several syllables wins over the variant form of its
         * first ("jo seon", Korea, is not the surname Jo) */
        if (out->native && (c = native_sector(out, i, &k)) != NULL && k > 1 &&
            overlapped(out, i, k)) {
            c = NULL; /* "zhong guo ji" is zhong + guoji, not zhongguo + ji */
            k = 1;
        }
        if (c && k > 1)
            join_run(out, i, k);
        else if (t->canon)
            continue;
        if (!c)
            c = emb__sector_word(t->s, t->len);
        if (!c)
            continue;
        t->canon = emb__key_hash(EMB_KEY_SEED_CANON, c, strlen(c));
        if (emb__legal_is_orgword(c, strlen(c)))
            t->flags |= EMB_TOK_GENERIC;
    }
}

emb_status emb__analyze(emb__analyzer *a, const char *s, size_t n, emb_schema schema, emb__an *out)
{
    out->ntok = 0;
    out->legal = 0;
    unsigned scripts = scripts_of(s, n);
    out->syllabic = (scripts & SCRIPT_SYLLABIC) != 0;
    out->hebrew = (scripts & SCRIPT_HEBREW) != 0;
    out->burmese = (scripts & SCRIPT_BURMESE) != 0;
    out->arabic = (scripts & SCRIPT_ARABIC) != 0;
    out->native = (scripts & SCRIPT_NATIVE) != 0;
    out->grcyr = (scripts & SCRIPT_GRCYR) != 0;
    out->text_len = 0;
    out->text[0] = '\0';
    char fixed[512], amp[600];
    if (unleet(s, n, fixed, sizeof fixed))
        s = fixed;
    if (schema != EMB_SCHEMA_PERSON && memchr(s, '&', n) && n < 512) {
        /* "H&M" and "H and M" are one name */
        size_t o = 0;
        for (size_t i = 0; i < n && o + 5 < sizeof amp; i++) {
            if (s[i] == '&') {
                memcpy(amp + o, " and ", 5);
                o += 5;
            } else
                amp[o++] = s[i];
        }
        s = amp;
        n = o;
    }
    /* Text in parentheses is normalised on its own so that its tokens can
     * be told apart (remarks such as "(UK)" or "(Panama)"). */
    size_t pos = 0, seg = 0;
    int depth = 0;
    for (size_t i = 0; i <= n; i++) {
        int cut = i == n || s[i] == '(' || s[i] == ')';
        if (!cut)
            continue;
        if (i > seg) {
            size_t got = 0;
            if (pos + 1 >= sizeof out->text)
                return EMB_ECAP;
            emb_status st = emb__name_norm(a->tr, s + seg, i - seg, out->text + pos,
                                           sizeof out->text - pos - 1, &got);
            if (st)
                return st;
            size_t first = out->ntok;
            tokenize(out, pos, pos + got);
            for (size_t k = first; k < out->ntok; k++)
                if (depth > 0)
                    out->tok[k].flags |= EMB_TOK_PAREN;
            pos += got;
            if (got)
                out->text[pos++] = ' ';
        }
        if (i < n)
            depth += s[i] == '(' ? 1 : (depth > 0 ? -1 : 0);
        seg = i + 1;
    }
    if (pos > 0 && out->text[pos - 1] == ' ')
        pos--;
    out->text[pos] = '\0';
    out->text_len = pos;
    if (out->arabic)
        split_article(out);
    /* every schema but Person: a LegalEntity or a name of unknown kind
     * is as often an organisation, and a query of no schema keeps a
     * person reading of its own (query.c) */
    if (schema != EMB_SCHEMA_PERSON)
        join_letters(out);
    if (schema != EMB_SCHEMA_PERSON)
        fold_numbers(out);
    classify(out, schema);
    if (schema != EMB_SCHEMA_PERSON) {
        mark_vessel_prefix(out);
        sector_words(out);
        for (size_t k = 0; k < out->ntok; k++) {
            const char *c = out->tok[k].canon ? NULL : abbrev_canon(&out->tok[k]);
            if (c)
                out->tok[k].canon = emb__key_hash(EMB_KEY_SEED_CANON, c, strlen(c));
        }
    }
    return EMB_OK;
}
