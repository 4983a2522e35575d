/*
 * text.c - list names inside running text (scan_internal.h).
 *
 * The field is cut into tokens normalised like list names (ASCII folded,
 * apostrophes dropped, other scripts through the name analyzer) and each
 * token is looked up in the snapshot's token dictionary; a token the
 * dictionary does not know is mapped through the dictionary's one-letter
 * deletion keys to the list tokens within one edit (typos).  A token in
 * few enough names (EMB_SCAN_ANCHOR_POSTINGS) is an anchor: every list
 * name containing it is laid over the text so that the anchor sits at its
 * place in the name, giving one window of the name's length.  A window is
 * queried with the full matcher only when the text tokens under it cover
 * most of that name's weight (a rare anchor also counts the name's words
 * the text has one edit away), and each window is queried once, so benign
 * text costs dictionary lookups and few queries.  A window is queried as
 * its normalised words, so that the text's punctuation cannot make a
 * label or a former name of it, and a hit through initials (an acronym)
 * is not taken from running text.  Reported spans are byte ranges of the
 * original text (they cross line breaks and punctuation).
 *
 * Limits: a name is only found in the token order of one of its list
 * spellings (the matcher then tolerates typos, missing particles and
 * legal forms); names whose every token is in more than
 * EMB_SCAN_ANCHOR_POSTINGS names, or longer than EMB_SCAN_WINDOW + 2
 * tokens, are found only by the whole-field query of name fields.
 */
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/bits.h"
#include "../base/buf.h"
#include "../base/error.h"
#include "../base/hash.h"
#include "../base/limits.h"
#include "../index/index.h"
#include "../score/analyze.h"
#include "../score/compare.h"
#include "../score/keys.h"
#include "../snapshot/snapshot.h"
#include "scan_internal.h"

#define MAX_CAND_PER_TOKEN 8
#define MAX_NAME_TOKENS (EMB_SCAN_WINDOW + 2)
#define COVER 0.6f
#define COVER_FUZZY_PARTIAL 2 /* covered(): fuzzy only when half there */

static emb_status add_cand(emb_scan *sc, uint32_t id)
{
    size_t cap = sc->cap_cand;
    emb_status st = emb__grow((void **)&sc->cand, &cap, sc->ncand + 1, sizeof *sc->cand);
    sc->cap_cand = cap;
    if (st)
        return st;
    sc->cand[sc->ncand++] = id;
    return EMB_OK;
}

static int is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* A known token in at most this many list names also stands for its
 * neighbours one edit away. */
#define SCAN_RARE_KNOWN 3
/* ... in at most this many when written beside a legal form ("JSC Vista"
 * for JSC VISTAN: a company's name, where a known word may be a typo) */
#define SCAN_RARE_BESIDE_LEGAL 16

/* 1 when dictionary id `id` is among the ids text token t stands for. */
static int tok_has(const emb_scan *sc, const emb__stok *t, uint32_t id)
{
    for (uint32_t c = 0; c < t->ccount; c++)
        if (sc->cand[t->cstart + c] == id)
            return 1;
    return 0;
}

/* Dictionary ids a token may stand for: itself, and the list tokens one
 * edit away when the dictionary does not know it or knows it rarely. */
static emb_status token_cands(emb_scan *sc, emb__stok *t, uint32_t rare)
{
    const emb__index *ix = sc->ix;
    const char *s = sc->norm + t->norm;
    t->cstart = (uint32_t)sc->ncand;
    t->ccount = 0;
    t->id = emb__index_lookup(sc->snap, ix, s, t->nlen);
    if (t->id != UINT32_MAX && (ix->toks[t->id].flags & EMB_FMT_TOK_CONCAT))
        t->id = UINT32_MAX;
    unsigned v;
    if (emb__roman_value(s, t->nlen, &v) ||
        (emb__number_word_value(s, t->nlen, &v) && (v > 1 || (s[0] >= '0' && s[0] <= '9')))) {
        /* list names other than persons' hold their Roman numerals and
         * numbers written in words in digits (analyze.c: SEVENTH SENSE is
         * "7 sense"); a person's name keeps them, so a listed "ii" or
         * "seven" stands for both.  Not "one" and "first" (nor "zero"):
         * in running text they are mostly no number ("at least one" is
         * not the ship EAST 1) */
        char d[8];
        int dn = snprintf(d, sizeof d, "%u", v);
        uint32_t did = emb__index_lookup(sc->snap, ix, d, (size_t)dn);
        if (t->id == UINT32_MAX) {
            t->id = did;
        } else if (did != UINT32_MAX) {
            emb_status st = add_cand(sc, did);
            if (st)
                return st;
            t->ccount = 1;
        }
    }
    if (t->id != UINT32_MAX) {
        t->ccount++;
        emb_status st = add_cand(sc, t->id);
        /* a token the lists hold only a few times may be another's typo
         * that happens to be listed too ("zelkowa" for ZELKOVA) */
        if (st || ix->toks[t->id].post_count > rare)
            return st;
    }
    /* a word of three letters written as a name is (upper case: "PARS
     * TIL COMPANY", "IEX Shipping") looks up itself among the deletion
     * keys, which finds the four-letter list words it is one letter short
     * of (TILE, IBEX); in lower case it is mostly a word of the language
     * ("may", "has") or of code */
    if (t->nlen < 3 || (t->nlen == 3 && !t->upper) || t->nlen >= EMB_KEYS_MAX_DEL ||
        is_digits(s, t->nlen))
        return EMB_OK;
    /* two letters swapped first: the likeliest slip, and one the
     * deletion keys below share with many other words ("zoin" is one
     * edit from ZION, JOIN, COIN, ZORN ...; only MAX_CAND_PER_TOKEN are
     * kept) */
    char sw[64];
    memcpy(sw, s, t->nlen);
    for (size_t k = 0; k + 1 < t->nlen && t->ccount < MAX_CAND_PER_TOKEN; k++) {
        if (sw[k] == sw[k + 1])
            continue;
        sw[k] = s[k + 1];
        sw[k + 1] = s[k];
        uint32_t id = emb__index_lookup(sc->snap, ix, sw, t->nlen);
        sw[k] = s[k];
        sw[k + 1] = s[k + 1];
        if (id == UINT32_MAX || (ix->toks[id].flags & EMB_FMT_TOK_CONCAT) || tok_has(sc, t, id))
            continue;
        emb_status st = add_cand(sc, id);
        if (st)
            return st;
        t->ccount++;
    }
    uint32_t dk[EMB_KEYS_MAX_DEL];
    size_t nd = emb__del_keys(s, t->nlen, dk);
    for (size_t d = 0; d < nd && t->ccount < MAX_CAND_PER_TOKEN; d++) {
        size_t lo, hi;
        emb__index_keys(ix, dk[d], &lo, &hi);
        if (hi - lo > 64)
            hi = lo + 64;
        for (size_t k = lo; k < hi && t->ccount < MAX_CAND_PER_TOKEN; k++) {
            uint32_t id = ix->keys[k].tok;
            const emb__fmt_tok *ft = &ix->toks[id];
            if (ft->flags & EMB_FMT_TOK_CONCAT)
                continue;
            if (tok_has(sc, t, id))
                continue;
            size_t S = t->nlen < ft->text.len ? t->nlen : ft->text.len;
            unsigned lim = emb__max_edits(S);
            if (lim == 0)
                lim = 1;
            if (emb__osa(s, t->nlen, sc->snap->strs + ft->text.off, ft->text.len, lim) > lim)
                continue;
            emb_status st = add_cand(sc, id);
            if (st)
                return st;
            t->ccount++;
        }
    }
    return EMB_OK;
}

/* 1 when text token t is a legal form the lists know (LLC, JSC, OOO). */
static int tok_legal(const emb_scan *sc, const emb__stok *t)
{
    return t->id != UINT32_MAX && (sc->ix->toks[t->id].flags & EMB_TOK_LEGAL);
}

/* A known word (no legal form) too frequent for SCAN_RARE_KNOWN, not for
 * SCAN_RARE_BESIDE_LEGAL. */
static int tok_midrare(const emb_scan *sc, const emb__stok *t)
{
    if (t->id == UINT32_MAX || tok_legal(sc, t))
        return 0;
    uint32_t n = sc->ix->toks[t->id].post_count;
    return n > SCAN_RARE_KNOWN && n <= SCAN_RARE_BESIDE_LEGAL;
}

static emb_status push_token(emb_scan *sc, size_t start, size_t end, const char *norm, size_t nlen,
                             int upper)
{
    if (nlen == 0 || nlen > 64 || sc->ntoks >= EMB_SCAN_MAX_FIELD_TOKENS)
        return EMB_OK;
    size_t cap = sc->cap_toks;
    emb_status st = emb__grow((void **)&sc->toks, &cap, sc->ntoks + 1, sizeof *sc->toks);
    sc->cap_toks = cap;
    if (st)
        return st;
    cap = sc->norm_cap;
    st = emb__grow((void **)&sc->norm, &cap, sc->norm_len + nlen + 1, 1);
    sc->norm_cap = cap;
    if (st)
        return st;
    emb__stok *t = &sc->toks[sc->ntoks];
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->norm = (uint32_t)sc->norm_len;
    t->nlen = (uint32_t)nlen;
    memcpy(sc->norm + sc->norm_len, norm, nlen);
    sc->norm_len += nlen;
    sc->norm[sc->norm_len++] = ' ';
    t->letters = emb__letters(norm, nlen);
    t->upper = (uint8_t)(upper != 0);
    st = token_cands(sc, t, SCAN_RARE_KNOWN);
    if (st)
        return st;
    /* a known word beside a legal form, either side, looked up again */
    if (sc->ntoks > 0) {
        emb__stok *p = &sc->toks[sc->ntoks - 1];
        if (tok_legal(sc, p) && tok_midrare(sc, t))
            st = token_cands(sc, t, SCAN_RARE_BESIDE_LEGAL);
        else if (tok_legal(sc, t) && tok_midrare(sc, p))
            st = token_cands(sc, p, SCAN_RARE_BESIDE_LEGAL);
        if (st)
            return st;
    }
    sc->ntoks++;
    return EMB_OK;
}

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '\'' || c >= 0x80;
}

/* A non-ASCII character that separates words (no-break space, dashes,
 * quotes, ideographic space ...): 0 when it is a letter. */
static size_t nonascii_sep(const char *s, size_t i, size_t e)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[i] == 0xC2 && i + 1 < e && (u[i + 1] == 0xA0 || u[i + 1] == 0xAB || u[i + 1] == 0xBB))
        return 2;
    if (u[i] == 0xE2 && i + 2 < e && u[i + 1] == 0x80 && u[i + 2] != 0x99)
        return 3; /* U+2000..U+203F except the right single quote */
    if (u[i] == 0xE3 && i + 2 < e && u[i + 1] == 0x80 && u[i + 2] <= 0x82)
        return 3; /* ideographic space, comma, full stop */
    return 0;
}

static int ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Single letters joined by dots ("S.A.S.", "L.L.C", "C.V."): the name
 * analyser writes such an abbreviation as one token ("sas"), so the text
 * must too, or a name laid over the text would not line up with its
 * tokens.  Fills buf (lower case) and returns the letter count, 0 when
 * t[s..] is not a run of at least two; *end gets the byte after the last
 * letter. */
static size_t dotted_run(const char *t, size_t s, size_t e, char *buf, size_t cap, size_t *end)
{
    size_t n = 0, j = s;
    while (n < cap && j < e && ascii_alpha(t[j]) &&
           (j + 1 >= e || !word_byte((unsigned char)t[j + 1]))) {
        buf[n++] = (char)(t[j] | 0x20);
        *end = j + 1;
        if (j + 2 < e && t[j + 1] == '.' && ascii_alpha(t[j + 2]))
            j += 2;
        else
            break;
    }
    return n >= 2 ? n : 0;
}

/* Three capital single letters or more one space apart ("T N K FABRICS
 * LIMITED"): the analyser joins such letters of a name other than a
 * person's into one word ("tnk").  As dotted_run.  Not two ("Khalaf M M
 * AL-DULAYMI": a person's initials stay apart; "ROFI S A" is met by the
 * window's own rule), nor lower-case ones ("a", "i": the language's). */
static size_t spaced_run(const char *t, size_t s, size_t e, char *buf, size_t cap, size_t *end)
{
    size_t n = 0;
    for (size_t i = s; i < e && n < cap && t[i] >= 'A' && t[i] <= 'Z';) {
        if (i + 1 < e && word_byte((unsigned char)t[i + 1]))
            break;
        buf[n++] = (char)(t[i] - 'A' + 'a');
        *end = i + 1;
        if (i + 2 < e && t[i + 1] == ' ')
            i += 2;
        else
            break;
    }
    return n >= 3 ? n : 0;
}

emb_status emb__scan_tokenize(emb_scan *sc, const char *text, size_t off, size_t n)
{
    sc->ntoks = 0;
    sc->norm_len = 0;
    sc->ncand = 0;
    size_t e = off + n;
    size_t i = off;
    int line_start = 1;
    while (i < e) {
        unsigned char c = (unsigned char)text[i];
        /* numbered lines of structured MT fields ("1/NAME", "3/KP/TOWN") */
        if (line_start && i + 1 < e && c >= '1' && c <= '8' && text[i + 1] == '/') {
            i += 2;
            line_start = 0;
            continue;
        }
        line_start = c == '\n';
        if (!word_byte(c) || c == '\'' || (c >= 0x80 && nonascii_sep(text, i, e))) {
            i += (c >= 0x80) ? nonascii_sep(text, i, e) : 1;
            continue;
        }
        size_t s = i;
        char abbr[16];
        size_t aend = 0, alen = dotted_run(text, s, e, abbr, sizeof abbr, &aend);
        if (!alen)
            alen = spaced_run(text, s, e, abbr, sizeof abbr, &aend);
        if (alen) {
            emb_status st = push_token(sc, s, aend, abbr, alen, text[s] >= 'A' && text[s] <= 'Z');
            if (st)
                return st;
            i = aend;
            continue;
        }
        int ascii = 1;
        while (i < e && word_byte((unsigned char)text[i])) {
            if ((unsigned char)text[i] >= 0x80) {
                if (nonascii_sep(text, i, e))
                    break;
                ascii = 0;
            }
            i++;
        }
        size_t we = i;
        while (we > s && text[we - 1] == '\'')
            we--;
        if (ascii) {
            char buf[72];
            size_t k = 0;
            for (size_t j = s; j < we && k < sizeof buf; j++) {
                char ch = text[j];
                if (ch == '\'')
                    continue;
                if (ch >= 'A' && ch <= 'Z')
                    ch = (char)(ch - 'A' + 'a');
                buf[k++] = ch;
            }
            if (we - s <= 64) {
                emb_status st = push_token(sc, s, we, buf, k, text[s] >= 'A' && text[s] <= 'Z');
                if (st)
                    return st;
            }
        } else if (we - s <= 256) {
            emb__an an;
            if (emb__analyze(sc->an, text + s, we - s, EMB_SCHEMA_THING, &an) != EMB_OK)
                continue; /* not a name: nothing to screen */
            for (size_t t = 0; t < an.ntok; t++) {
                emb_status st = push_token(sc, s, we, an.tok[t].s, an.tok[t].len, 1);
                if (st)
                    return st;
            }
        }
    }
    return EMB_OK;
}

/* ---- windows ---- */

static float tok_w(const emb__index *ix, uint32_t packed)
{
    uint8_t fl = EMB_FMT_NTOK_FLAGS(packed);
    const emb__fmt_tok *t = &ix->toks[EMB_FMT_NTOK_ID(packed)];
    if (fl & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC))
        return 0.0f;
    if (fl & EMB_TOK_OPTIONAL)
        return t->weight * 0.25f;
    return t->weight;
}

/* 1 when text token t is one edit from list token ft (both of three
 * letters or more).  One edit changes the letter set by two letters at
 * most, and the length by one: both are checked before the distance. */
static int one_edit(const emb_scan *sc, const emb__stok *t, const emb__fmt_tok *ft)
{
    if (t->nlen < 3 || ft->text.len < 3 || t->nlen > ft->text.len + 1u ||
        ft->text.len > t->nlen + 1u)
        return 0;
    if (ft->letters && emb__popcount32(ft->letters ^ t->letters) > 2)
        return 0;
    return emb__osa(sc->norm + t->norm, t->nlen, sc->snap->strs + ft->text.off, ft->text.len, 1) <=
           1;
}

/* A window whose words hold a list name with some of them one edit off is
 * queried thoroughly when its words of four letters or more there as
 * written weigh this share of the name ("nader AQEL" for BADER AQEL,
 * "ANAR BANK" for ANSAR BANK), when one of those off, of four letters or
 * more, is no list word at all: a plain typo ("KU ONG RYOG" for KU BONG
 * RYONG), or when a legal form of the name is written as listed ("JSC
 * Vista" for JSC VISTAN); "the word" (THE LORD, an alias) is left to the
 * plain query, which does not take a listed WORD for a typo. */
#define COVER_WRITTEN_THOROUGH 0.2f

/* 1 when a legal form of name nm is written as listed at its place in the
 * window starting at token s (covered(); looked for only when a word of
 * the name is there misspelt, as covered() is called for every name an
 * anchor lays out). */
static int legal_written(const emb_scan *sc, const emb__fmt_name *nm, size_t s)
{
    const emb__index *ix = sc->ix;
    for (size_t j = 0; j < nm->ntok; j++) {
        uint32_t packed = ix->ntok[nm->tok_start + j];
        if ((EMB_FMT_NTOK_FLAGS(packed) & EMB_TOK_LEGAL) &&
            sc->toks[s + j].id == EMB_FMT_NTOK_ID(packed))
            return 1;
    }
    return 0;
}

/* Does the window starting at token s hold COVER of name nm's weight, its
 * words at their places?  A text word counts for the list words it stands
 * for (token_cands: itself, or the list words one edit away when it is
 * unknown or rare); with fuzzy, also for the name's word at its place
 * when one edit from it.  0 when not, 2 when so with a word of weight
 * there only one edit off and the window to be queried thoroughly (as
 * COVER_WRITTEN_THOROUGH says), else 1. */
static int covered(const emb_scan *sc, const emb__fmt_name *nm, size_t s, int fuzzy)
{
    const emb__index *ix = sc->ix;
    float total = 0, got = 0, written = 0;
    size_t nexact = 0;
    uint32_t missed = 0;
    int edited = 0;  /* a word of weight there only as one edit from it */
    int unknown = 0; /* ... written as no list word is (a typo) */
    for (size_t j = 0; j < nm->ntok; j++) {
        uint32_t packed = ix->ntok[nm->tok_start + j];
        float w = tok_w(ix, packed);
        total += w;
        const emb__stok *t = &sc->toks[s + j];
        if (tok_has(sc, t, EMB_FMT_NTOK_ID(packed))) {
            got += w;
            nexact += w > 0;
            if (t->id == EMB_FMT_NTOK_ID(packed)) {
                written += t->nlen >= 4 ? w : 0.0f;
            } else {
                edited |= w > 0;
                unknown |= w > 0 && t->id == UINT32_MAX && t->nlen >= 4;
            }
        } else {
            missed |= 1u << j;
        }
    }
    if (total <= 0)
        return 0;
    int thorough =
        written >= COVER_WRITTEN_THOROUGH * total || unknown || (edited && legal_written(sc, nm, s))
            ? 2
            : 1;
    if (got >= COVER * total)
        return edited ? thorough : 1;
    /* COVER_FUZZY_PARTIAL: the misspelt words count only when two words of
     * weight are there as written and weigh a third of the name */
    if (!fuzzy || (fuzzy == COVER_FUZZY_PARTIAL && (nexact < 2 || got < total / 3)))
        return 0;
    for (size_t j = 0; j < nm->ntok; j++) {
        uint32_t packed = ix->ntok[nm->tok_start + j];
        if ((missed >> j & 1u) &&
            one_edit(sc, &sc->toks[s + j], &ix->toks[EMB_FMT_NTOK_ID(packed)]))
            got += tok_w(ix, packed);
    }
    return got >= COVER * total ? thorough : 0;
}

/* Does the window starting at token s cover enough of name nm?  (fuzzy
 * and the answer: covered()) */
static int covers(const emb_scan *sc, const emb__fmt_name *nm, size_t s, int fuzzy)
{
    const emb__index *ix = sc->ix;
    if (nm->ntok == 1) {
        /* a one-word name must be a rare, specific word, and not a short
         * acronym (running text is full of those) */
        if (sc->toks[s].nlen < 5)
            return 0;
        uint32_t packed = ix->ntok[nm->tok_start];
        const emb__fmt_tok *t = &ix->toks[EMB_FMT_NTOK_ID(packed)];
        if (t->flags & (EMB_TOK_GENERIC | EMB_TOK_NUMBER | EMB_TOK_INITIAL) ||
            t->weight < ix->params.mean_weight)
            return 0;
    }
    return covered(sc, nm, s, fuzzy);
}

/* 1 when the window at s holds name nm's anchor (text token a) as
 * written and each of its other words at its place, written or (four
 * letters or more) one edit off: the legal forms of a name of one short
 * word ("MGI PTE LTD", "LIA COMPAJY"). */
static int legal_forms_there(const emb_scan *sc, const emb__fmt_name *nm, size_t s, size_t a)
{
    const emb__index *ix = sc->ix;
    for (size_t j = 0; j < nm->ntok; j++) {
        uint32_t id = EMB_FMT_NTOK_ID(ix->ntok[nm->tok_start + j]);
        const emb__stok *t = &sc->toks[s + j];
        if (s + j == a ? t->id != id
                       : !tok_has(sc, t, id) && (t->nlen < 4 || !one_edit(sc, t, &ix->toks[id])))
            return 0;
    }
    return 1;
}

/* An anchor in at most this many names also lays out the names whose
 * other words it finds only misspelt (covers_fuzzy): MOJTABA, in 36
 * names, for "Mojtaba FDA" (32 missed it), LOPEZ, in 151, for "LUI
 * LOPEZ" (96 missed it; 192 cost a twentieth of the scan's time, 256 a
 * tenth: laying windows out is a third of it) */
#define SCAN_FUZZY_ANCHOR 192

/* Window flag (sc->win): laid out for a name some of whose words are
 * there only one edit off (covered() said 2), queried with SPAN_THOROUGH.
 * Windows are packed start << 8 | tokens; the start is below
 * EMB_SCAN_MAX_FIELD_TOKENS. */
#define WIN_FUZZY (1u << 30)
_Static_assert(((uint64_t)EMB_SCAN_MAX_FIELD_TOKENS << 8) < (1u << 30),
               "start fits below WIN_FUZZY");

/* covers(), counting a word of the name also when the text's word at its
 * place is one edit from it ("dem YILMAZ" for ADEM YILMAZ: "dem" is no
 * dictionary word, so it stands for nothing) - for rare anchors only.
 * The answer is covered()'s. */
static int covers_fuzzy(const emb_scan *sc, const emb__fmt_name *nm, size_t s)
{
    return nm->ntok >= 2 ? covered(sc, nm, s, 1) : 0;
}

/* pmeta fields */
#define PM_K(m) ((m)&0xFu)
#define PM_POS(m) (((m) >> 4) & 0xFu)
#define PM_ALONE 0x100u /* the anchor alone weighs COVER of the name */
#define PM_ONEOK 0x200u /* a one-word name specific enough for running text */
#define PM_SOLO 0x400u  /* only this word weighs anything ("JSC USC") */
#define PM_SIG(m) ((m) >> 16)

/* Signature bit of dictionary id `id` at position j of a window. */
static uint32_t sig_bit(uint32_t id, size_t j)
{
    uint32_t h = (id + (uint32_t)j * 0x85EBCA77u) * 0x9E3779B1u;
    return 1u << (h >> 28);
}

emb_status emb__scan_text_prepare(emb_scan *sc)
{
    const emb__index *ix = sc->ix;
    _Static_assert(MAX_NAME_TOKENS < 16, "positions fit in four bits");
    sc->pmeta = emb__calloc(ix->npost ? ix->npost : 1, sizeof *sc->pmeta);
    uint32_t *cur = emb__calloc(ix->ntoks ? ix->ntoks : 1, sizeof *cur);
    if (!sc->pmeta || !cur) {
        emb__free(cur);
        return EMB_ENOMEM;
    }
    /* postings are ascending name ids, so walking the names in order
     * meets each token's postings in order: one cursor per token */
    for (size_t n = 0; n < ix->nnames; n++) {
        const emb__fmt_name *nm = &ix->names[n];
        size_t k = nm->ntok;
        if (k == 0 || k > MAX_NAME_TOKENS || nm->tok_start > ix->nntok ||
            k > ix->nntok - nm->tok_start)
            continue;
        const uint32_t *nt = ix->ntok + nm->tok_start;
        float total = 0;
        size_t weighted = 0, numbers = 0;
        for (size_t j = 0; j < k; j++) {
            if (EMB_FMT_NTOK_ID(nt[j]) >= ix->ntoks)
                goto next;
            total += tok_w(ix, nt[j]);
            weighted += tok_w(ix, nt[j]) > 0;
            numbers += (EMB_FMT_NTOK_FLAGS(nt[j]) & EMB_TOK_NUMBER) != 0;
        }
        for (size_t j = 0; j < k; j++) {
            uint32_t id = EMB_FMT_NTOK_ID(nt[j]);
            const emb__fmt_tok *ft = &ix->toks[id];
            if (ft->post_start > ix->npost || ft->post_count > ix->npost - ft->post_start)
                continue;
            const uint32_t *post = ix->post + ft->post_start;
            uint32_t c = cur[id];
            while (c < ft->post_count && post[c] < n)
                c++;
            cur[id] = c;
            if (c == ft->post_count || post[c] != n)
                continue;
            uint32_t *m = &sc->pmeta[ft->post_start + c];
            if (*m != 0)
                continue; /* the first place of a repeated token counts */
            /* the other tokens' signature (a repeated token may share
             * the anchor's bit: the signature is only a filter) */
            uint32_t other = 0;
            for (size_t o = 0; o < k; o++)
                if (o != j)
                    other |= sig_bit(EMB_FMT_NTOK_ID(nt[o]), o);
            *m = (uint32_t)k | (uint32_t)j << 4 | other << 16;
            if (total > 0 && tok_w(ix, nt[j]) >= COVER * total)
                *m |= PM_ALONE;
            /* (a number beside it is no abbreviation: "HAI II" is a ship) */
            if (k > 1 && weighted == 1 && numbers == 0 && tok_w(ix, nt[j]) > 0)
                *m |= PM_SOLO;
            if (k == 1 && !(ft->flags & (EMB_TOK_GENERIC | EMB_TOK_NUMBER | EMB_TOK_INITIAL)) &&
                ft->weight >= ix->params.mean_weight)
                *m |= PM_ONEOK;
        }
    next:;
    }
    emb__free(cur);
    return EMB_OK;
}

/* Signature of the candidates of the window of k tokens at s. */
static uint32_t window_sig(const emb_scan *sc, size_t s, size_t k)
{
    uint32_t sig = 0;
    for (size_t j = 0; j < k; j++) {
        const emb__stok *t = &sc->toks[s + j];
        for (uint32_t c = 0; c < t->ccount; c++)
            sig |= sig_bit(sc->cand[t->cstart + c], j);
    }
    return sig;
}

void emb__scan_qcache_clear(emb_scan *sc)
{
    if (!sc->qcache)
        return;
    for (size_t i = 0; i < EMB_SCAN_QCACHE_SLOTS; i++)
        for (size_t r = 0; r < EMB_SCAN_QCACHE_RES; r++)
            emb__free(sc->qcache[i].r[r].explain);
    emb__free(sc->qcache);
    sc->qcache = NULL;
}

/* The cache slot of a window text queried in mode (SPAN_*), or NULL when
 * it is not cacheable. */
static emb__qslot *qcache_slot(emb_scan *sc, const char *t, size_t n, int mode)
{
    if (n > EMB_SCAN_QCACHE_KEY)
        return NULL;
    if (!sc->qcache) {
        sc->qcache = emb__calloc(EMB_SCAN_QCACHE_SLOTS, sizeof *sc->qcache);
        if (!sc->qcache)
            return NULL; /* no cache: query every time */
    }
    uint64_t h = emb__hash(t, n) ^ (uint64_t)mode;
    return &sc->qcache[h & (EMB_SCAN_QCACHE_SLOTS - 1)];
}

static void add_name_hit(emb_scan *sc, const char *path, size_t plen, const char *text, size_t len,
                         size_t a, size_t b, uint32_t entity, double score, double name_score,
                         const char *ex, size_t elen)
{
    emb_str cap = {"", 0};
    emb_entity_caption(sc->snap, entity, &cap);
    emb__scan_add(sc, EMB_HIT_NAME, path, plen, text, len, a, b, entity, score, name_score, NULL,
                  cap.ptr, cap.len, ex, elen);
}

/* How a span is queried: a window of running text, a one-word window
 * (which must also score EMB_SCAN_ONE_WORD_SCORE), or a whole party-name
 * field, which holds one name and no other words, and so needs
 * EMB_SCAN_NAME_FIELD_MARGIN less than the scanner's threshold.  A window
 * needs that less too when the list name it found aligned every word of
 * the window and the window every word of the name (a name with a typo in
 * each word, and nothing around it taken in).  SPAN_THOROUGH, or'ed to a
 * window's mode, queries it thoroughly (emb_query_set_thorough), as a
 * whole field always is: for a window laid out for a name some of whose
 * words are there only one edit off (WIN_FUZZY). */
enum { SPAN_WINDOW, SPAN_ONE_WORD, SPAN_WHOLE, SPAN_KIND = 3, SPAN_THOROUGH = 4 };

/* Queries qt[0..qn) as one name and adds the matches as hits on the span
 * text[a..b) (qt is that span itself, or for a window of running text its
 * words as normalised: "License: BSD" is not a label and a name). */
static emb_status query_span(emb_scan *sc, const char *path, size_t plen, const char *text,
                             size_t len, size_t a, size_t b, const char *qt, size_t qn, int mode,
                             emb_error *err)
{
    if (b <= a || qn == 0 || qn > EMB_CAP_QUERY_VALUE)
        return EMB_OK;
    int cmode = mode; /* the cache's key, thoroughness with it */
    int thorough = (mode & SPAN_THOROUGH) != 0;
    mode &= SPAN_KIND;
    double thr = sc->threshold, min = mode == SPAN_ONE_WORD ? EMB_SCAN_ONE_WORD_SCORE : 0.0;
    double lo = thr > EMB_SCAN_NAME_FIELD_MARGIN ? thr - EMB_SCAN_NAME_FIELD_MARGIN : 0.0;
    if (mode == SPAN_WHOLE)
        thr = lo;
    emb__qslot *slot = qcache_slot(sc, qt, qn, cmode);
    if (slot && slot->used && slot->klen == qn && slot->mode == cmode &&
        memcmp(slot->key, qt, qn) == 0) {
        for (size_t i = 0; i < slot->nres; i++) {
            const emb__qres *r = &slot->r[i];
            add_name_hit(sc, path, plen, text, len, a, b, r->entity, r->score, r->name_score,
                         r->explain ? r->explain : "", r->explain_len);
        }
        return EMB_OK;
    }
    if (slot) {
        /* take the slot over; it is filled below when the answer fits */
        slot->used = 0;
        slot->nres = 0;
    }
    /* a thorough window that found nothing is queried plainly too: a
     * thorough query weighs every list word one edit from a rare listed
     * one alike and may leave out a name the plain query finds ("sAsa
     * Company Ltd": ASSA COMPANY LTD) */
    int cacheable = slot != NULL;
    size_t found = 0;
    for (int pass = 0; pass < (thorough && mode != SPAN_WHOLE && !found ? 2 : 1); pass++) {
        emb_query *q = sc->q;
        emb_query_reset(q);
        emb_query_set_threshold(q, mode == SPAN_WINDOW ? lo : thr);
        /* a party-name field holds a name: its listed words may be typos of
         * others too.  Running text is full of words one letter from a listed
         * one ("Adrian Bunk" is no ARIAN BANK), but a window laid out because
         * some of its words are one letter from a list name's ("Aria Nika" for
         * ARIA NIKAN, "MARO RODRIGUEZ" for MARCO RODRIGUEZ) asks for just that
         * (WIN_FUZZY): on 10,867 pieces of Debian's copyright files it raised
         * one more phrase ("The Amiri Project", twice) */
        emb_query_set_thorough(q, mode == SPAN_WHOLE || (thorough && pass == 0));
        emb_query_set_limit(q, EMB_SCAN_QCACHE_RES);
        emb_status st = emb_query_add(q, "name", 4, qt, qn, NULL);
        if (st)
            return EMB_OK; /* not a usable name (too long, empty): nothing to report */
        st = emb_query_run(q, NULL);
        if (st == EMB_ENOMEM)
            return emb__errf(err, st, "scan: out of memory running a query");
        if (st)
            return EMB_OK;
        size_t nr = emb_result_count(q);
        for (size_t i = 0; i < nr; i++) {
            emb_result r;
            if (emb_result_get(q, i, &r) || r.score < min)
                continue;
            /* running text is full of abbreviations (U.S.C., MIT, BSD): there a
             * list name is found by its words, not by its initials */
            if (mode != SPAN_WHOLE && emb__result_by_acronym(q, i))
                continue;
            /* a list name of one word beside legal forms ("KONTRAKT OOO") met
             * in running text by one word and joining words ("the contract")
             * is held to the one-word standard; with its legal form in the
             * window, even misspelt ("Kontrakr OOO", "Bame Lihited"), or
             * its particle or title as listed ("AL KAWTAR", "Colonel
             * Rombom"), it is a name */
            if (mode == SPAN_WINDOW && r.score < EMB_SCAN_ONE_WORD_SCORE &&
                emb__result_list_words(q, i) <= 1 && emb__result_query_words(q, i) <= 1 &&
                !(r.score >= thr && emb__result_particle_written(q, i)))
                continue;
            /* a window whose words are exactly a list name's words, each
             * aligned, is held to the whole field's threshold */
            if (r.score < thr &&
                !(mode == SPAN_WINDOW && r.score >= lo && emb__result_aligned_all(q, i)))
                continue;
            /* running text is a language's words: one of them is no listed
             * name's only because it sounds like one ("local" for LUKOIL) or
             * joins with the next into one ("is a" for ISA).  The window's
             * words written as listed or a typo's edits off must hold the
             * name: the word of a one-word name, else two words or one of
             * four letters or more ("St, Fifth" is not S5-SAD; SON YU and
             * LLC SMZ are themselves) */
            if (mode != SPAN_WHOLE) {
                size_t longer = 0, close = emb__result_close_words(q, i, &longer);
                if (!longer &&
                    close < (mode == SPAN_ONE_WORD || emb__result_query_words(q, i) <= 1 ||
                                     emb__result_list_words(q, i) <= 1
                                 ? 1u
                                 : 2u))
                    continue;
            }
            size_t need = 0;
            for (;;) {
                st = emb_result_explain(q, i, sc->explain, sc->explain_cap, &need);
                if (st != EMB_ECAP || need + 1 <= sc->explain_cap || need > ((size_t)1 << 20))
                    break;
                char *nb = emb__realloc(sc->explain, need + 1);
                if (!nb)
                    return emb__errf(err, EMB_ENOMEM, "scan: out of memory");
                sc->explain = nb;
                sc->explain_cap = need + 1;
            }
            size_t elen = 0;
            if (st == EMB_OK && sc->explain)
                elen = strlen(sc->explain);
            const char *ex = sc->explain ? sc->explain : "";
            add_name_hit(sc, path, plen, text, len, a, b, r.entity, r.score, r.name_score, ex,
                         elen);
            found++;
            if (cacheable && (st != EMB_OK || elen > EMB_SCAN_QCACHE_EXPLAIN ||
                              slot->nres == EMB_SCAN_QCACHE_RES))
                cacheable = 0;
            if (cacheable) {
                emb__qres *cr = &slot->r[slot->nres];
                char *copy = emb__realloc(cr->explain, elen + 1);
                if (!copy) {
                    cacheable = 0;
                    continue;
                }
                memcpy(copy, ex, elen);
                copy[elen] = '\0';
                cr->explain = copy;
                cr->explain_len = elen;
                cr->entity = r.entity;
                cr->score = r.score;
                cr->name_score = r.name_score;
                slot->nres++;
            }
        }
    }
    if (cacheable) {
        memcpy(slot->key, qt, qn);
        slot->klen = (uint8_t)qn;
        slot->mode = (uint8_t)cmode;
        slot->used = 1;
    }
    return EMB_OK;
}

/* Among the name hits of this field from h0 on, drops a hit whose span
 * lies inside the span of a better hit (a part of a name found whole) or
 * that partly overlaps a better hit of the same entity.  Hits of other
 * entities on crossing spans are kept: each is a list entry the text may
 * name (the same span is always kept: one name, several list entries). */
static void prune(emb_scan *sc, size_t h0)
{
    size_t w = h0;
    for (size_t i = h0; i < sc->nhits; i++) {
        emb__scan_hit *h = &sc->hits[i];
        int drop = 0;
        for (size_t j = h0; j < sc->nhits && !drop; j++) {
            const emb__scan_hit *o = &sc->hits[j];
            if (j == i || o->kind != EMB_HIT_NAME || h->kind != EMB_HIT_NAME)
                continue;
            if (o->start == h->start && o->end == h->end)
                continue;
            if (!(o->start < h->end && h->start < o->end))
                continue;
            int inside = o->start <= h->start && h->end <= o->end;
            if (!inside && o->entity != h->entity)
                continue;
            if (o->score > h->score ||
                (o->score == h->score && (o->end - o->start > h->end - h->start ||
                                          (o->end - o->start == h->end - h->start && j < i))))
                drop = 1;
        }
        if (!drop)
            sc->hits[w++] = *h;
    }
    sc->nhits = w;
}

emb_status emb__scan_text(emb_scan *sc, const char *path, size_t plen, const char *text, size_t len,
                          size_t off, size_t n, int whole, emb_error *err)
{
    size_t h0 = sc->nhits;
    /* hits of this field already added (the whole-name query of the first
     * line) take part in pruning too */
    while (h0 > 0 && sc->hits[h0 - 1].fseq == sc->field_seq)
        h0--;
    emb_status st;
    if (whole) {
        size_t a = off, b = off + n;
        while (a < b && (text[a] == ' ' || text[a] == '\n' || text[a] == '\r' || text[a] == '/'))
            a++;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\n' || text[b - 1] == '\r'))
            b--;
        if ((st = query_span(sc, path, plen, text, len, a, b, text + a, b - a, SPAN_WHOLE, err)))
            return st;
        sc->whole_a = a;
        sc->whole_b = b;
        sc->whole_seq = sc->field_seq;
        if (whole == 2)
            return EMB_OK;
    }
    const emb__index *ix = sc->ix;
    /* tokens of the range */
    size_t ts = 0, te = 0;
    while (ts < sc->ntoks && sc->toks[ts].start < off)
        ts++;
    te = ts;
    while (te < sc->ntoks && sc->toks[te].end <= off + n)
        te++;
    size_t nt = te - ts;
    if (nt == 0)
        return EMB_OK;
    size_t stride = MAX_NAME_TOKENS + 1;
    size_t cap = sc->cap_seen;
    if ((st = emb__grow((void **)&sc->seen, &cap, nt * stride, 1)))
        return emb__errf(err, st, "scan: out of memory");
    sc->cap_seen = cap;
    memset(sc->seen, 0, nt * stride);
    cap = sc->cap_wsig;
    if ((st = emb__grow((void **)&sc->wsig, &cap, nt * stride, sizeof *sc->wsig)))
        return emb__errf(err, st, "scan: out of memory");
    sc->cap_wsig = cap;
    memset(sc->wsig, 0, nt * stride * sizeof *sc->wsig);
    if (!sc->win) {
        sc->win = emb__malloc(EMB_SCAN_MAX_WINDOWS * sizeof *sc->win);
        if (!sc->win)
            return emb__errf(err, EMB_ENOMEM, "scan: out of memory");
    }
    size_t nwin = 0;
    for (size_t i = ts; i < te && nwin < EMB_SCAN_MAX_WINDOWS; i++) {
        const emb__stok *t = &sc->toks[i];
        for (uint32_t c = 0; c < t->ccount && nwin < EMB_SCAN_MAX_WINDOWS; c++) {
            uint32_t id = sc->cand[t->cstart + c];
            const emb__fmt_tok *ft = &ix->toks[id];
            if (ft->post_count > EMB_SCAN_ANCHOR_POSTINGS ||
                (ft->flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC | EMB_TOK_NUMBER)))
                continue;
            if (ft->post_start > ix->npost || ft->post_count > ix->npost - ft->post_start)
                continue;
            const uint32_t *post = ix->post + ft->post_start;
            const uint32_t *meta = sc->pmeta + ft->post_start;
            for (uint32_t p = 0; p < ft->post_count && nwin < EMB_SCAN_MAX_WINDOWS; p++) {
                uint32_t m = meta[p];
                size_t k = PM_K(m), pos = PM_POS(m);
                if (k == 0 || i < ts + pos || i - pos + k > te)
                    continue;
                size_t s = i - pos;
                size_t at = (s - ts) * stride + k;
                uint32_t fz = 0; /* WIN_FUZZY */
                if (sc->seen[at])
                    continue;
                if (m & PM_ALONE) {
                    /* covered whatever the other tokens are; a one-word
                     * name must also be specific (as covers() checks),
                     * also one whose other words are legal forms */
                    if (k == 1 && (!(m & PM_ONEOK) || sc->toks[s].nlen < 5))
                        continue;
                    /* a name whose other words are legal forms ("JSC USC")
                     * needs a word of four letters or more, or its legal
                     * forms at their places beside it: running text is
                     * full of abbreviations (U.S.C.), not of "CEC LIMITED" */
                    if ((m & PM_SOLO) && sc->toks[i].nlen < 4 &&
                        (post[p] >= ix->nnames ||
                         !legal_forms_there(sc, &ix->names[post[p]], s, i)))
                        continue;
                    /* the name's word there only misspelt: thorough as
                     * covered() says ("JSC Vista" for JSC VISTAN) */
                    if (k >= 2 && sc->toks[i].id != id && post[p] < ix->nnames &&
                        covered(sc, &ix->names[post[p]], s, 0) == 2)
                        fz = WIN_FUZZY;
                } else {
                    /* another token of the name must be under the window */
                    if (!sc->wsig[at])
                        sc->wsig[at] = window_sig(sc, s, k) | 0x10000u;
                    if (post[p] >= ix->nnames)
                        continue;
                    const emb__fmt_name *nm = &ix->names[post[p]];
                    /* (a name whose other words are under the window as
                     * written, two of them, may have the rest misspelt
                     * beyond the dictionary whatever the anchor: COE SONG
                     * IL for CHOE SONG IL) */
                    int cov =
                        (sc->wsig[at] & PM_SIG(m)) ? covers(sc, nm, s, COVER_FUZZY_PARTIAL) : 0;
                    if (!cov && ft->post_count <= SCAN_FUZZY_ANCHOR)
                        cov = covers_fuzzy(sc, nm, s);
                    if (!cov)
                        continue;
                    if (cov == 2)
                        fz = WIN_FUZZY;
                }
                sc->seen[at] = 1; /* the query covers every name of this window */
                sc->win[nwin++] = (uint32_t)(s << 8 | k) | fz;
            }
        }
    }
    for (size_t w = 0; w < nwin; w++) {
        size_t s = (sc->win[w] & ~WIN_FUZZY) >> 8, k = sc->win[w] & 0xFF;
        int fz = (sc->win[w] & WIN_FUZZY) != 0;
        /* single letters the analyser joins into one word ("S A" is the
         * legal form SA) are one word of the name: a window ending in one
         * takes the letters after it too */
        while (k > 1 && s + k < te && sc->toks[s + k - 1].nlen == 1 && sc->toks[s + k].nlen == 1 &&
               k < MAX_NAME_TOKENS + 2)
            k++;
        size_t a = sc->toks[s].start, b = sc->toks[s + k - 1].end;
        /* the same tokens as the whole-field query: already asked */
        if (sc->whole_seq == sc->field_seq && a >= sc->whole_a && b <= sc->whole_b &&
            (s == 0 || sc->toks[s - 1].start < sc->whole_a) &&
            (s + k == sc->ntoks || sc->toks[s + k].end > sc->whole_b))
            continue;
        /* the window's words as normalised, one space apart (push_token
         * writes them so) */
        const emb__stok *t0 = &sc->toks[s], *t1 = &sc->toks[s + k - 1];
        st = query_span(sc, path, plen, text, len, a, b, sc->norm + t0->norm,
                        (size_t)(t1->norm + t1->nlen - t0->norm),
                        (k == 1 ? SPAN_ONE_WORD : SPAN_WINDOW) | (fz ? SPAN_THOROUGH : 0), err);
        if (st)
            return st;
    }
    prune(sc, h0);
    return EMB_OK;
}
