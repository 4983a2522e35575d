/*
 * explain.c - explanations an analyst can act on, as JSON with yente-style
 * keys (docs/matching.md): name_match (which list name matched, the token
 * alignment with each pair's score and rule, what was left unmatched),
 * birth_date, country, gender, identifier, weak_alias, number_mismatch -
 * each with the score it added or took away and a detail sentence.  Also
 * emb_compare_names.  Writing goes into the caller's buffer: no allocation.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "../base/utf8.h"
#include "../base/limits.h"
#include "names.h"
#include "query_internal.h"

typedef struct jw {
    char *buf;
    size_t cap, len; /* len counts every byte, even past cap */
} jw;

static void jw_raw(jw *w, const char *s, size_t n)
{
    if (w->len < w->cap) {
        size_t room = w->cap - w->len;
        memcpy(w->buf + w->len, s, n < room ? n : room);
    }
    w->len += n;
}

/* Writes a number's text "[-]D.DDDD" (jw_fixed's, always with a point)
 * without its trailing zeros (one decimal kept): the shortest form that reads back as the same
 * rounded value, and the form jansson dumps it in, so a caller may copy the explanation into its
 * own JSON as it is.  A zero loses its sign. */
static void jw_trimmed(jw *w, const char *b, size_t n)
{
    const char *dot = memchr(b, '.', n);
    if (dot) {
        size_t keep = (size_t)(dot - b) + 2;
        while (n > keep && b[n - 1] == '0')
            n--;
    }
    if (n == 4 && memcmp(b, "-0.0", 4) == 0) {
        b++;
        n--;
    }
    jw_raw(w, b, n);
}

/* v rounded to dec (1-4) decimals, as "%.*f" rounds it, then trimmed
 * (jw_trimmed); printf itself for the rare value within a hair of a
 * rounding tie, or out of range; null for NaN and infinities. */
static void jw_fixed(jw *w, double v, int dec)
{
    static const double p10[] = {1, 10, 100, 1000, 10000};
    static const unsigned long long u10[] = {1, 10, 100, 1000, 10000};
    char b[48];
    if (!isfinite(v)) {
        jw_raw(w, "null", 4);
        return;
    }
    double x = fabs(v) * p10[dec];
    double fl = floor(x), frac = x - fl;
    if (!(x < 1e15) || fabs(frac - 0.5) < 1e-6) {
        int n = snprintf(b, sizeof b, "%.*f", dec, v);
        if (n > 0 && (size_t)n < sizeof b)
            jw_trimmed(w, b, (size_t)n);
        else
            jw_raw(w, "null", 4);
        return;
    }
    unsigned long long d = (unsigned long long)fl + (frac > 0.5 ? 1u : 0u);
    unsigned long long ip = d / u10[dec], fp = d % u10[dec];
    size_t n = sizeof b;
    for (int k = 0; k < dec; k++) {
        b[--n] = (char)('0' + fp % 10);
        fp /= 10;
    }
    if (dec)
        b[--n] = '.';
    do {
        b[--n] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (signbit(v))
        b[--n] = '-';
    jw_trimmed(w, b + n, sizeof b - n);
}

static void jw_uint(jw *w, size_t v)
{
    char b[24];
    size_t n = sizeof b;
    do {
        b[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    jw_raw(w, b + n, sizeof b - n);
}

#define JW_LIT(w, lit) jw_raw((w), (lit), sizeof(lit) - 1)

/* A JSON string, escaped as jansson escapes it: \" \\ \b \f \n \r
 * \t, other control characters as \u00XX. */
static void jw_str(jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    jw_raw(w, "\"", 1);
    size_t run = 0; /* start of the bytes not yet written */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        jw_raw(w, s + run, i - run);
        run = i + 1;
        static const char shorts[14] = {[8] = 'b', [9] = 't', [10] = 'n', [12] = 'f', [13] = 'r'};
        char e[6] = {'\\', (char)c, 0, 0, 0, 0};
        size_t el = 2;
        if (c < sizeof shorts && shorts[c]) {
            e[1] = shorts[c];
        } else if (c < 0x20) {
            e[1] = 'u';
            e[2] = e[3] = '0';
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            el = 6;
        }
        jw_raw(w, e, el);
    }
    jw_raw(w, s + run, n - run);
    jw_raw(w, "\"", 1);
}

/* ,"key": (the comma unless first); key is a literal needing no escapes. */
#define JW_KEY(w, first, key)                                                                      \
    do {                                                                                           \
        if (!*(first))                                                                             \
            jw_raw((w), ",", 1);                                                                   \
        *(first) = 0;                                                                              \
        JW_LIT((w), "\"" key "\":");                                                               \
    } while (0)

/* s's length cut to at most max bytes, at a character's start. */
static size_t utf8_cut(emb_str s, size_t max)
{
    if (s.len <= max)
        return s.len;
    size_t n = max;
    while (n && ((unsigned char)s.ptr[n] & 0xc0) == 0x80)
        n--;
    return n;
}

static const char *rule_name(uint8_t r)
{
    switch (r) {
    case EMB_RULE_EXACT:
        return "exact";
    case EMB_RULE_VARIANT:
        return "variant";
    case EMB_RULE_PHONETIC:
        return "phonetic";
    case EMB_RULE_INITIAL:
        return "initial";
    case EMB_RULE_EDIT:
        return "edit";
    case EMB_RULE_JOINED:
        return "joined";
    case EMB_RULE_PREFIX:
        return "prefix";
    case EMB_RULE_ACRONYM:
        return "acronym";
    default:
        return "none";
    }
}

static void tok_text(jw *w, const emb__side *sd, int a, int b)
{
    char tmp[512];
    size_t n = 0;
    for (int i = a; i <= (b < 0 ? a : b); i++) {
        if (i > a)
            tmp[n++] = '+';
        size_t l = sd->tok[i].len;
        if (n + l + 1 >= sizeof tmp)
            break;
        memcpy(tmp + n, sd->tok[i].s, l);
        n += l;
    }
    jw_str(w, tmp, n);
}

/* The name_match object body (without braces' key). */
static void name_match(jw *w, const emb__side *qs, const emb__side *cs, const emb__cmp *c,
                       const char *qtext, size_t qlen, const char *ctext, size_t clen,
                       const char *prop, double score)
{
    int f = 1;
    jw_raw(w, "{", 1);
    JW_KEY(w, &f, "score");
    jw_fixed(w, score, 4);
    JW_KEY(w, &f, "query");
    jw_str(w, qtext, qlen);
    JW_KEY(w, &f, "candidate");
    jw_str(w, ctext, clen);
    if (prop) {
        JW_KEY(w, &f, "property");
        jw_str(w, prop, strlen(prop));
    }
    size_t qn = 0, cn = 0;
    for (size_t i = 0; i < qs->ntok; i++)
        qn += (c->q_used >> i) & 1u;
    for (size_t j = 0; j < cs->ntok; j++)
        cn += (c->c_used >> j) & 1u;
    JW_KEY(w, &f, "detail");
    jw_raw(w, "\"", 1);
    jw_uint(w, qn);
    JW_LIT(w, " of ");
    jw_uint(w, qs->ntok);
    JW_LIT(w, " query tokens and ");
    jw_uint(w, cn);
    JW_LIT(w, " of ");
    jw_uint(w, cs->ntok);
    JW_LIT(w, " list tokens aligned");
    if (c->number_conflict == 1)
        JW_LIT(w, "; numbers differ (score capped at 0.5)");
    else if (c->number_conflict == 2)
        JW_LIT(w, "; a number on one side only (-0.25)");
    if (c->legal_conflict)
        JW_LIT(w, "; legal forms of different kinds (-0.15)");
    if (c->patronym_swap)
        JW_LIT(w, "; patronymic order differs (-0.35)");
    if (c->syllable_order)
        JW_LIT(w, "; the given name's syllables are in another order (-0.2)");
    jw_raw(w, "\"", 1);
    JW_KEY(w, &f, "tokens");
    jw_raw(w, "[", 1);
    for (size_t k = 0; k < c->nal; k++) {
        const emb__align *a = &c->al[k];
        int g = 1;
        if (k)
            jw_raw(w, ",", 1);
        jw_raw(w, "{", 1);
        JW_KEY(w, &g, "query");
        tok_text(w, qs, a->q, a->q2);
        JW_KEY(w, &g, "candidate");
        tok_text(w, cs, a->c, a->c2);
        JW_KEY(w, &g, "score");
        jw_fixed(w, (double)a->sim, 3);
        JW_KEY(w, &g, "rule");
        jw_str(w, rule_name(a->rule), strlen(rule_name(a->rule)));
        if (a->rule == EMB_RULE_EDIT) {
            JW_KEY(w, &g, "edits");
            jw_uint(w, a->dist);
        }
        jw_raw(w, "}", 1);
    }
    jw_raw(w, "]", 1);
    JW_KEY(w, &f, "unmatched_query");
    jw_raw(w, "[", 1);
    int first = 1;
    for (size_t i = 0; i < qs->ntok; i++) {
        if ((c->q_used >> i) & 1u)
            continue;
        if (!first)
            jw_raw(w, ",", 1);
        first = 0;
        jw_str(w, qs->tok[i].s, qs->tok[i].len);
    }
    jw_raw(w, "]", 1);
    JW_KEY(w, &f, "unmatched_candidate");
    jw_raw(w, "[", 1);
    first = 1;
    for (size_t j = 0; j < cs->ntok; j++) {
        if ((c->c_used >> j) & 1u)
            continue;
        if (!first)
            jw_raw(w, ",", 1);
        first = 0;
        jw_str(w, cs->tok[j].s, cs->tok[j].len);
    }
    jw_raw(w, "]", 1);
    if (c->number_conflict) {
        JW_KEY(w, &f, "number_mismatch");
        jw_raw(w, "true", 4);
    }
    if (c->legal_conflict) {
        JW_KEY(w, &f, "legal_form_mismatch");
        jw_raw(w, "true", 4);
    }
    if (c->patronym_swap) {
        JW_KEY(w, &f, "patronymic_order_mismatch");
        jw_raw(w, "true", 4);
    }
    if (c->syllable_order) {
        JW_KEY(w, &f, "syllable_order_mismatch");
        jw_raw(w, "true", 4);
    }
    jw_raw(w, "}", 1);
}

/* The value of a feature's key (written by JW_KEY before it). */
static void feature(jw *w, double delta, const char *detail)
{
    jw_raw(w, "{", 1);
    int g = 1;
    JW_KEY(w, &g, "score");
    jw_fixed(w, delta, 2);
    JW_KEY(w, &g, "detail");
    jw_str(w, detail, strlen(detail));
    jw_raw(w, "}", 1);
}

static emb_status finish(jw *w, size_t *need)
{
    jw_raw(w, "", 0);
    size_t total = w->len;
    if (need)
        *need = total + 1;
    if (w->cap == 0)
        return EMB_ECAP;
    if (total < w->cap) {
        w->buf[total] = '\0';
        return EMB_OK;
    }
    w->buf[w->cap - 1] = '\0';
    return EMB_ECAP;
}

emb_status emb_result_explain(const emb_query *q, size_t i, char *buf, size_t cap, size_t *need)
{
    if (!q || i >= q->nout || (!buf && cap))
        return EMB_ENOTFOUND;
    const emb__res *r = &q->res[q->order[i]];
    const emb_snapshot *s = q->snap;
    jw w = {buf, cap, 0};
    int f = 1;
    jw_raw(&w, "{", 1);
    char d[256];
    if (r->name != UINT32_MAX) {
        const emb__fmt_name *nm = &q->ix->names[r->name];
        emb__side cs;
        emb__q_side_of_name(q, r->name, &cs);
        emb_str ctext = emb__snap_str(s, s->props[nm->prop].val);
        emb_str pname = {"", 0};
        if (s->props[nm->prop].key < s->nkeys)
            pname = emb__snap_str(s, s->keys[s->props[nm->prop].key]);
        char pn[64];
        size_t pl = pname.len < sizeof pn - 1 ? pname.len : sizeof pn - 1;
        memcpy(pn, pname.ptr, pl);
        pn[pl] = '\0';
        JW_KEY(&w, &f, "name_match");
        const emb__qstr *qt = &q->names[q->qsrc[r->qname]];
        name_match(&w, &q->qside[r->qname], &cs, &r->cmp, qt->s, qt->n, ctext.ptr, ctext.len, pn,
                   r->name_score);
    }
    if (r->dob_state) {
        static const char *const what[] = {"", "same birth date", "birth year agrees",
                                           "same birth year, different day", "birth dates differ"};
        snprintf(d, sizeof d, "%s: query %s, list %s", what[r->dob_state], r->dob_q, r->dob_c);
        JW_KEY(&w, &f, "birth_date");
        feature(&w, r->dob_delta, d);
    }
    if (r->country_state) {
        snprintf(d, sizeof d, "%s: query %s, list %s",
                 r->country_state == 1 ? "country agrees" : "no country in common", r->country_q,
                 r->country_c);
        JW_KEY(&w, &f, "country");
        feature(&w, r->country_delta, d);
    }
    if (r->gender_state == 2) {
        JW_KEY(&w, &f, "gender");
        feature(&w, r->gender_delta, "gender differs");
    }
    if (r->id_prop != UINT32_MAX && r->id_prop < s->nprops) {
        emb_str v = emb__snap_str(s, s->props[r->id_prop].val);
        emb_str k = {"", 0};
        if (s->props[r->id_prop].key < s->nkeys)
            k = emb__snap_str(s, s->keys[s->props[r->id_prop].key]);
        snprintf(d, sizeof d, "%.*s %.*s matches exactly (score raised to at least 0.95)",
                 (int)utf8_cut(k, 40), k.ptr, (int)utf8_cut(v, 80), v.ptr);
        JW_KEY(&w, &f, "identifier");
        feature(&w, 0.0, d);
    }
    if (r->capped_weak) {
        JW_KEY(&w, &f, "weak_alias");
        feature(&w, 0.0,
                "only a weak alias matched and nothing else agrees: kept below the threshold");
    }
    JW_KEY(&w, &f, "total");
    jw_raw(&w, "{\"score\":", 9);
    jw_fixed(&w, r->score, 4);
    jw_raw(&w, ",\"name_score\":", 14);
    jw_fixed(&w, r->name_score, 4);
    jw_raw(&w, ",\"threshold\":", 13);
    jw_fixed(&w, q->threshold, 2);
    jw_raw(&w, "}", 1);
    jw_raw(&w, "}", 1);
    return finish(&w, need);
}

/* ---- compare ---- */

/* Points a side's token texts at a copy of the text they were cut from. */
static void rebase(emb__side *sd, const char *from, const char *to)
{
    for (size_t i = 0; i < sd->ntok; i++)
        sd->tok[i].s = to + (sd->tok[i].s - from);
}

emb_status emb_compare_names(const emb_snapshot *snap, const char *a, size_t alen, const char *b,
                             size_t blen, emb_schema schema, double *score, char *explain,
                             size_t cap, emb_error *err)
{
    if (!a || !b || !score || (unsigned)schema >= EMB_SCHEMA__COUNT)
        return emb__errf(err, EMB_EARG, "names, score and a valid schema are required");
    if (alen == EMB_NUL)
        alen = strlen(a);
    if (blen == EMB_NUL)
        blen = strlen(b);
    if (alen > EMB_CAP_QUERY_VALUE || blen > EMB_CAP_QUERY_VALUE)
        return emb__errf(err, EMB_ECAP, "a name is longer than %d bytes", EMB_CAP_QUERY_VALUE);
    size_t bad;
    if ((bad = emb__utf8_check(a, alen)) != alen)
        return emb__err(err, EMB_EUTF8, NULL, 0, 0, bad, "invalid UTF-8 at byte %zu of name 1",
                        bad);
    if ((bad = emb__utf8_check(b, blen)) != blen)
        return emb__err(err, EMB_EUTF8, NULL, 0, 0, bad, "invalid UTF-8 at byte %zu of name 2",
                        bad);
    emb__analyzer *an = NULL;
    struct work {
        emb__an x, y, bx, by;
        emb__side qs, cs, bqs, bcs;
        emb__cmp cmp, best;
        char ra[EMB_CAP_QUERY_VALUE + 1], rb[EMB_CAP_QUERY_VALUE + 1]; /* Korean readings */
        char ca[EMB_CAP_QUERY_VALUE + 1]; /* name 1's Cyrillic reading */
    } *wk = emb__malloc(sizeof *wk);
    emb_status st = wk ? emb__analyzer_new(&an) : EMB_ENOMEM;
    if (st) {
        emb__free(wk);
        return emb__errf(err, st, "cannot analyse the names: %s", emb_strerror(st));
    }
    /* the names each holds, and its Korean reading when written in Han
     * characters (names.h), last; name 1, as a query, also its other
     * reading of Cyrillic letters (query.c) */
    emb__span sa[EMB_NAME_MAX_VARIANTS + 2], sb[EMB_NAME_MAX_VARIANTS + 1];
    size_t na = emb__name_variants(a, alen, schema, sa, EMB_NAME_MAX_VARIANTS);
    size_t nb = emb__name_variants(b, blen, schema, sb, EMB_NAME_MAX_VARIANTS);
    size_t rl, ra_at = SIZE_MAX, rb_at = SIZE_MAX;
    if (emb__name_korean_reading(a, alen, schema, wk->ra, sizeof wk->ra, &rl)) {
        ra_at = na;
        sa[na++] = (emb__span){wk->ra, rl};
    }
    if (emb__name_korean_reading(b, blen, schema, wk->rb, sizeof wk->rb, &rl)) {
        rb_at = nb;
        sb[nb++] = (emb__span){wk->rb, rl};
    }
    if (emb__name_cyrillic_reading(a, alen, wk->ca, sizeof wk->ca, &rl))
        sa[na++] = (emb__span){wk->ca, rl};
    *score = 0.0;
    memset(&wk->best, 0, sizeof wk->best);
    wk->bqs.ntok = wk->bcs.ntok = 0;
    for (size_t i = 0; i < na && !st; i++) {
        if ((st = emb__analyze(an, sa[i].s, sa[i].n, schema, &wk->x)) != EMB_OK)
            break;
        if (!wk->x.ntok)
            continue;
        for (size_t j = 0; j < nb && !st; j++) {
            if ((st = emb__analyze(an, sb[j].s, sb[j].n, schema, &wk->y)) != EMB_OK)
                break;
            if (!wk->y.ntok)
                continue;
            if (snap && snap->index) {
                emb__side_weights(snap, &wk->x, &wk->qs, 1);
                emb__side_weights(snap, &wk->y, &wk->cs, 0);
            } else {
                emb__side_plain(&wk->qs, &wk->x);
                emb__side_plain(&wk->cs, &wk->y);
            }
            double sc = emb__compare(&wk->qs, &wk->cs, schema, &wk->cmp);
            /* a reading counts syllable for syllable only (query.c) */
            if ((i == ra_at || j == rb_at) &&
                !emb__cmp_one_to_one(&wk->qs, &wk->cs, &wk->cmp, 0.9f))
                continue;
            if (sc > *score || (wk->bqs.ntok == 0)) {
                *score = sc;
                wk->best = wk->cmp;
                /* token texts point into x and y: keep copies of both */
                wk->bx = wk->x;
                wk->by = wk->y;
                wk->bqs = wk->qs;
                wk->bcs = wk->cs;
                rebase(&wk->bqs, wk->x.text, wk->bx.text);
                rebase(&wk->bcs, wk->y.text, wk->by.text);
            }
        }
    }
    if (st) {
        emb__analyzer_free(an);
        emb__free(wk);
        return emb__errf(err, st, "cannot analyse the names: %s", emb_strerror(st));
    }
    if (explain && cap) {
        jw w = {explain, cap, 0};
        int f = 1;
        jw_raw(&w, "{", 1);
        JW_KEY(&w, &f, "name_match");
        name_match(&w, &wk->bqs, &wk->bcs, &wk->best, a, alen, b, blen, NULL, *score);
        jw_raw(&w, "}", 1);
        st = finish(&w, NULL);
        if (st)
            emb__errf(err, st, "explanation longer than %zu bytes", cap);
    }
    emb__analyzer_free(an);
    emb__free(wk);
    return st;
}
