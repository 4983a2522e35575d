/*
 * query.c - the public query API: building a query, candidate retrieval
 * over the inverted index, and the ranking loop.
 *
 * Retrieval: each query name is analysed; every non-legal token looks up
 * its exact dictionary entry, the entries sharing its phonetic or
 * variant-group key, and the entries sharing one of its deletion keys
 * (checked by edit distance); adjacent query tokens are also looked up
 * joined; tokens of names in Hebrew and Arabic script by the spellings
 * and readings they stand for (query_script.c).  The postings of those entries add the token's
 * weight to an accumulator per list name (once per query token).  The best EMB_Q_CANDIDATES names
 * by accumulated weight are kept, and the best EMB_Q_CORE of them (all, for a name in another
 * script) are scored in full (compare.c), the best name per entity is kept, identifiers add exact
 * hits, and rank.c turns each entity's evidence into its score.  A list name of the same tokens
 * as one already scored (a person as several lists give her: a third of the names scored) takes
 * that comparison (memo) rather than being compared again.
 *
 * Memory: everything is allocated in emb_query_new (accumulators sized to
 * the snapshot's name count) or in the query's arena, which is reset, not
 * freed, between queries; after warm-up a query allocates nothing.
 */
#include <math.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "../base/utf8.h"
#include "../index/index_build.h"
#include "../lists/ingest.h"
#include "../text/country.h"
#include "../text/phonetic.h"
#include "keys.h"
#include "names.h"
#include "query_internal.h"
#include "skeleton.h"

/* Least cost of an unmatched query token, as a share of the mean weight. */
#define EMB_UNMATCHED_FLOOR 1.0f
/* Share of the query name's weight a list name must reach in retrieval to
 * be a candidate (emb_query_run; plan_reach relies on it). */
#define EMB_Q_FLOOR_SHARE 0.3

_Static_assert(EMB_SCHEMA__COUNT <= 8, "emb__acc.schema holds 3 bits");
_Static_assert(sizeof(emb__acc) == 8, "emb__acc: a weight and the name's facts in 8 bytes");

emb_status emb_query_new(emb_query **out, const emb_snapshot *s, emb_error *err)
{
    if (!out || !s)
        return emb__errf(err, EMB_EARG, "out and snapshot are required");
    *out = NULL;
    emb_query *q = emb__calloc(1, sizeof *q);
    if (!q)
        return emb__errf(err, EMB_ENOMEM, "out of memory");
    q->snap = s;
    q->ix = s->index;
    size_t nn = q->ix->nnames ? q->ix->nnames : 1;
    q->acc = emb__calloc(nn, sizeof *q->acc);
    q->touched = emb__calloc(nn, sizeof *q->touched);
    if (q->acc)
        for (size_t n = 0; n < q->ix->nnames; n++) {
            const emb__fmt_name *nm = &q->ix->names[n];
            uint16_t sig = 0;
            for (size_t j = 0; j < nm->ntok; j++) {
                uint32_t id = EMB_FMT_NTOK_ID(q->ix->ntok[nm->tok_start + j]);
                if (q->ix->toks[id].post_count > EMB_Q_COMMON_POSTINGS)
                    sig |= EMB_Q_SIG_BIT(id);
            }
            q->acc[n].sig = sig & 0x1fffu;
            q->acc[n].ntok = nm->ntok;
            q->acc[n].schema = nm->schema & 7u;
        }
    emb__arena_init(&q->arena, 16384, (size_t)EMB_CAP_QUERY_VALUE * EMB_CAP_QUERY_VALUES * 2);
    emb_status st = EMB_OK;
    if (!q->acc || !q->touched)
        st = EMB_ENOMEM;
    else
        st = emb__analyzer_new(&q->an);
    if (st) {
        emb_query_free(q);
        return emb__errf(err, st, "cannot create query: %s", emb_strerror(st));
    }
    emb_query_reset(q);
    *out = q;
    return EMB_OK;
}

emb_status emb_query_warm(emb_query *q, emb_error *err)
{
    if (!q)
        return emb__errf(err, EMB_EARG, "query is NULL");
    emb_status st = emb__analyzer_warm(q->an);
    if (st)
        return emb__errf(err, st, "ICU cannot open the transform of a script");
    return EMB_OK;
}

void emb_query_free(emb_query *q)
{
    if (!q)
        return;
    emb__analyzer_free(q->an);
    emb__arena_destroy(&q->arena);
    emb__free(q->acc);
    emb__free(q->touched);
    emb__free(q);
}

void emb_query_reset(emb_query *q)
{
    if (!q)
        return;
    emb__arena_reset(&q->arena);
    q->schema = EMB_SCHEMA_THING;
    q->limit = EMB_DEFAULT_LIMIT;
    q->threshold = EMB_DEFAULT_THRESHOLD;
    q->dataset = -1;
    q->thorough = 0;
    q->nnames = q->ndates = q->ncountries = q->nids = 0;
    memset(q->parts, 0, sizeof q->parts);
    q->gender = 0;
    q->nq = 0;
    q->nres = q->nout = 0;
}

emb_status emb_query_set_schema(emb_query *q, emb_schema s)
{
    if (!q || (unsigned)s >= EMB_SCHEMA__COUNT)
        return EMB_EARG;
    q->schema = s;
    return EMB_OK;
}

emb_status emb_query_set_limit(emb_query *q, size_t limit)
{
    if (!q || limit == 0 || limit > EMB_CAP_QUERY_LIMIT)
        return EMB_EARG;
    q->limit = limit;
    return EMB_OK;
}

emb_status emb_query_set_thorough(emb_query *q, int on)
{
    if (!q)
        return EMB_EARG;
    q->thorough = on != 0;
    return EMB_OK;
}

emb_status emb_query_set_threshold(emb_query *q, double t)
{
    if (!q || !(t >= 0.0 && t <= 1.0))
        return EMB_EARG;
    q->threshold = t;
    return EMB_OK;
}

emb_status emb_query_set_dataset(emb_query *q, const char *name, size_t len, emb_error *err)
{
    if (!q)
        return emb__errf(err, EMB_EARG, "query is NULL");
    if (!name) {
        q->dataset = -1;
        return EMB_OK;
    }
    if (len == EMB_NUL)
        len = strlen(name);
    for (size_t i = 0; i < q->snap->ndatasets; i++) {
        emb_str d = emb__snap_str(q->snap, q->snap->datasets[i].name);
        if (d.len == len && memcmp(d.ptr, name, len) == 0) {
            q->dataset = (int)i;
            return EMB_OK;
        }
    }
    return emb__errf(err, EMB_ENOTFOUND, "unknown dataset '%.*s'", (int)(len > 100 ? 100 : len),
                     name);
}

static int prop_is(const char *p, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(p, name, n) == 0;
}

static emb_status keep(emb_query *q, const char *v, size_t n, emb__qstr *out)
{
    char *c = emb__arena_strndup(&q->arena, v, n);
    if (!c)
        return EMB_ECAP;
    out->s = c;
    out->n = n;
    return EMB_OK;
}

emb_status emb_query_add(emb_query *q, const char *prop, size_t plen, const char *value,
                         size_t vlen, emb_error *err)
{
    if (!q || !prop || !value)
        return emb__errf(err, EMB_EARG, "query, property and value are required");
    if (plen == EMB_NUL)
        plen = strlen(prop);
    if (vlen == EMB_NUL)
        vlen = strlen(value);
    if (vlen > EMB_CAP_QUERY_VALUE)
        return emb__errf(err, EMB_ECAP, "'%.*s' value is longer than %d bytes",
                         (int)(plen > 60 ? 60 : plen), prop, EMB_CAP_QUERY_VALUE);
    size_t bad = emb__utf8_check(value, vlen);
    if (bad != vlen)
        return emb__err(err, EMB_EUTF8, NULL, 0, 0, bad,
                        "invalid UTF-8 at byte %zu of the '%.*s' value", bad,
                        (int)(plen > 60 ? 60 : plen), prop);
    if (emb__utf8_check(prop, plen) != plen)
        return emb__errf(err, EMB_EUTF8, "invalid UTF-8 in a property name");
    emb_status st = EMB_OK;
    if (prop_is(prop, plen, "name") || prop_is(prop, plen, "alias") ||
        prop_is(prop, plen, "previousName") || prop_is(prop, plen, "weakAlias")) {
        if (q->nnames >= EMB_Q_MAX_NAMES)
            return emb__errf(err, EMB_ECAP, "more than %d names in one query", EMB_Q_MAX_NAMES);
        st = keep(q, value, vlen, &q->names[q->nnames]);
        if (!st)
            q->nnames++;
    } else if (prop_is(prop, plen, "firstName") || prop_is(prop, plen, "middleName") ||
               prop_is(prop, plen, "lastName") || prop_is(prop, plen, "fatherName")) {
        int k = prop[0] == 'f' && prop[1] == 'i' ? 0 : prop[0] == 'm' ? 1 : prop[0] == 'l' ? 2 : 3;
        if (!q->parts[k].s)
            st = keep(q, value, vlen, &q->parts[k]);
    } else if (prop_is(prop, plen, "birthDate")) {
        char d[4][11];
        int k = emb__parse_dates(value, vlen, 0, d, 4);
        if (k == 0)
            return emb__errf(err, EMB_EARG, "birthDate '%.*s' holds no date",
                             (int)(vlen > 40 ? 40 : vlen), value);
        for (int i = 0; i < k && q->ndates < EMB_Q_MAX_DATES; i++)
            memcpy(q->dates[q->ndates++], d[i], 11);
    } else if (prop_is(prop, plen, "nationality") || prop_is(prop, plen, "country") ||
               prop_is(prop, plen, "citizenship") || prop_is(prop, plen, "jurisdiction") ||
               prop_is(prop, plen, "flag") || prop_is(prop, plen, "birthCountry")) {
        char code[3];
        if (!emb__country_code(value, vlen, code))
            return emb__errf(err, EMB_EARG, "'%.*s' is not a country this build knows",
                             (int)(vlen > 60 ? 60 : vlen), value);
        if (q->ncountries < EMB_Q_MAX_COUNTRIES)
            memcpy(q->countries[q->ncountries++], code, 3);
    } else if (prop_is(prop, plen, "gender")) {
        char g = vlen ? (char)(value[0] | 0x20) : 0;
        if (g != 'm' && g != 'f')
            return emb__errf(err, EMB_EARG, "gender must be male or female");
        q->gender = g;
    } else {
        emb_prop p = emb__prop_lookup(prop, plen);
        if (p != EMB_P__COUNT && emb__prop_kind(p) == EMB_KIND_IDENT) {
            char f[128];
            size_t fl = emb__ident_fold(value, vlen, f, sizeof f);
            if (fl >= 4 && q->nids < EMB_Q_MAX_IDS) {
                st = keep(q, f, fl, &q->ids[q->nids]);
                if (!st)
                    q->nids++;
            }
        }
        /* other properties do not take part in matching: ignored, as yente does */
    }
    if (st == EMB_ECAP)
        return emb__errf(err, st, "query values exceed %d bytes in all",
                         EMB_CAP_QUERY_VALUE * EMB_CAP_QUERY_VALUES);
    return st;
}

/* ---- retrieval ---- */

/* Weight of a token: its corpus weight, or none for legal forms and
 * titles, a quarter for optional particles - by the flags the token has
 * in this name. */
static float tok_weight(const emb__fmt_tok *t, uint8_t flags)
{
    if (flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC))
        return 0.0f;
    if (flags & EMB_TOK_OPTIONAL)
        return t->weight * 0.25f;
    return t->weight;
}

void emb__q_side_of_name(const emb_query *q, uint32_t name, emb__side *out)
{
    const emb__index *ix = q->ix;
    const emb__fmt_name *nm = &ix->names[name];
    out->ntok = nm->ntok;
    out->floor_w = 0.0f;
    out->syllabic = (nm->kind & EMB_FMT_NAME_SYLLABIC) != 0;
    out->hebrew = (nm->kind & EMB_FMT_NAME_HEBREW) != 0;
    out->burmese = (nm->kind & EMB_FMT_NAME_BURMESE) != 0;
    out->arabic = (nm->kind & EMB_FMT_NAME_ARABIC) != 0;
    out->legal = nm->legal;
    float total = 0;
    for (size_t i = 0; i < nm->ntok; i++) {
        uint32_t packed = ix->ntok[nm->tok_start + i];
        const emb__fmt_tok *t = &ix->toks[EMB_FMT_NTOK_ID(packed)];
        emb__atok *a = &out->tok[i];
        a->s = q->snap->strs + t->text.off;
        a->len = (uint8_t)t->text.len;
        a->flags = EMB_FMT_NTOK_FLAGS(packed);
        a->phon = t->phon;
        a->canon = t->canon;
        a->skel = t->skel;
        a->letters = t->letters ? t->letters : emb__letters(a->s, a->len);
        out->w[i] = tok_weight(t, a->flags);
        total += out->w[i];
    }
    if (total <= 0)
        for (size_t i = 0; i < nm->ntok; i++)
            out->w[i] = 1.0f;
}

/* Weights of the query side from the dictionary (negative: unknown). */
void emb__side_weights(const emb_snapshot *s, const emb__an *an, emb__side *side, int query)
{
    const emb__index *ix = s->index;
    float mean = ix->params.mean_weight > 0 ? ix->params.mean_weight : 1.0f;
    side->ntok = an->ntok;
    side->floor_w = query ? mean * EMB_UNMATCHED_FLOOR : 0.0f;
    side->legal = an->legal;
    side->syllabic = an->syllabic;
    side->hebrew = an->hebrew;
    side->burmese = an->burmese;
    side->arabic = an->arabic;
    side->rare = 0;
    float total = 0;
    for (size_t i = 0; i < an->ntok; i++) {
        const emb__atok *a = &an->tok[i];
        side->tok[i] = *a;
        uint32_t id = emb__index_lookup(s, ix, a->s, a->len);
        float w;
        if (a->flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC))
            w = 0.0f;
        else if (id != UINT32_MAX && !(ix->toks[id].flags & EMB_FMT_TOK_CONCAT))
            w = tok_weight(&ix->toks[id], a->flags);
        else /* unknown: the weight of what it aligns with (compare.c) */
            w = ((a->flags & EMB_TOK_OPTIONAL) ? 0.25f : 1.0f) * (query ? -mean : mean);
        side->w[i] = w;
        total += w < 0 ? -w : w;
    }
    if (total <= 0)
        for (size_t i = 0; i < an->ntok; i++)
            side->w[i] = 1.0f;
}

static void add_postings(emb_query *q, uint32_t tok, uint8_t qi, float w)
{
    const emb__index *ix = q->ix;
    const emb__fmt_tok *t = &ix->toks[tok];
    if (t->post_count > EMB_Q_POSTINGS_CAP || t->post_count > q->budget)
        return;
    q->budget -= t->post_count; /* (a second walk counts, as it always has) */
    for (size_t k = 0; k < q->nwalked; k++)
        if (q->walked[k] == tok)
            return;
    if (q->nwalked < EMB_Q_WALKED)
        q->walked[q->nwalked++] = tok;
    const uint32_t *p = ix->post + t->post_start;
    for (uint32_t i = 0; i < t->post_count; i++) {
        uint32_t n = p[i];
        if (i + EMB_Q_PREFETCH < t->post_count)
            __builtin_prefetch(&q->acc[p[i + EMB_Q_PREFETCH]], 1);
        emb__acc *x = &q->acc[n];
        if (x->lastq == qi)
            continue;
        if (x->lastq == 0) {
            if (!q->reach_new)
                continue;
            q->touched[q->ntouched++] = n;
        }
        x->lastq = qi;
        x->w += w;
    }
}

/* 1 for a vowel (never for '\0', unlike strchr("aeiou", c)). */
static int lead_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* add_key flags: verify the edit distance; cap the weight (see below) */
enum { KEY_VERIFY = 1, KEY_CAP = 2 };

void emb__q_add_key(emb_query *q, uint32_t hash, const emb__atok *a, uint8_t qi, float w, int flags)
{
    size_t lo, hi;
    emb__index_keys(q->ix, hash, &lo, &hi);
    if (hi - lo > 256)
        hi = lo + 256;
    for (size_t k = lo; k < hi; k++) {
        uint32_t tok = q->ix->keys[k].tok;
        if (flags & KEY_VERIFY) {
            const emb__fmt_tok *t = &q->ix->toks[tok];
            const char *ts = q->snap->strs + t->text.off;
            size_t S = a->len < t->text.len ? a->len : t->text.len;
            unsigned lim = emb__max_edits(S);
            /* the scorer's rule for three letters: one edit when the
             * first letters agree ("haj" / "hajj") or one side is the
             * other with a letter in front ("gor" / "igor"; "aul" / PAUL
             * when the query's token is unknown, as here mostly: the
             * scorer decides) */
            size_t tl = t->text.len;
            if (lim == 0 && S == 3 &&
                (ts[0] == a->s[0] || (tl == a->len + 1u && memcmp(ts + 1, a->s, a->len) == 0) ||
                 (a->len == tl + 1u && lead_vowel(a->s[0]) && memcmp(a->s + 1, ts, tl) == 0)))
                lim = 1;
            if (emb__osa(a->s, a->len, ts, t->text.len, lim) > lim)
                continue;
        }
        /* a listed query token reaching another list token by a key is
         * worth no more than that token: HOSSENI, listed rarely, reaching
         * HOSSEINI, a common name, says HOSSEINI, not something rare */
        float tw = q->ix->toks[tok].weight;
        add_postings(q, tok, qi, (flags & KEY_CAP) && tw < w ? tw : w);
    }
}

/* Starts the reads of the dictionary's key slots for these key hashes
 * and, a level later, of the keys they hold, before add_key walks them
 * one after another. */
static void fetch_keys(const emb__index *ix, const uint32_t *k, size_t n)
{
    size_t mask = ix->nkhash - 1;
    for (size_t i = 0; i < n; i++)
        __builtin_prefetch(&ix->khash[k[i] & mask]);
    for (size_t i = 0; i < n; i++) {
        uint32_t v = ix->khash[k[i] & mask];
        if (v && v <= ix->nkeys)
            __builtin_prefetch(&ix->keys[v - 1]);
    }
}

static int has_vowel(const emb__atok *t)
{
    return !(t->flags & EMB_TOK_NOVOWEL);
}

/* Two-letter deletions of a long unknown token, looked up among the
 * one-letter deletion keys of the dictionary (two edits on the query
 * side plus up to one on the list side, verified by edit distance). */
static void del2_keys(emb_query *q, const emb__atok *a, uint8_t qi, float w)
{
    uint32_t k[EMB_KEYS_MAX_DEL_PAIRS];
    size_t nk = emb__del2_keys_seeded(EMB_KEY_SEED_DEL, a->s, a->len, k);
    fetch_keys(q->ix, k, nk);
    for (size_t i = 0; i < nk; i++)
        emb__q_add_key(q, k[i], a, qi, w, KEY_VERIFY);
}

/* A letter too many against two list tokens joined ("almzafir" for AL
 * ZAFIR): the lists' joined pairs are in the dictionary but have no
 * deletion keys, so the query token's one-letter deletions are looked up
 * there as they are. */
static void joined_dels(emb_query *q, const emb__atok *a, uint8_t qi, float w)
{
    char tmp[256];
    size_t n = a->len;
    if (n < 5 || n > sizeof tmp)
        return;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && a->s[i] == a->s[i - 1])
            continue;
        memcpy(tmp, a->s, i);
        memcpy(tmp + i, a->s + i + 1, n - i - 1);
        uint32_t id = emb__index_lookup(q->snap, q->ix, tmp, n - 1);
        if (id != UINT32_MAX && (q->ix->toks[id].flags & EMB_FMT_TOK_CONCAT))
            add_postings(q, id, qi, w);
    }
}

/* 1 (noted in q->rep_*) when token i's id came earlier in ids. */
static int note_repeat(emb_query *q, const uint32_t *ids, size_t i, float w)
{
    size_t j = 0;
    while (j < i && ids[j] != ids[i])
        j++;
    if (j == i)
        return 0;
    for (size_t k = 0; k < q->nrep; k++)
        if (q->rep_tok[k] == ids[i]) {
            q->rep_n[k]++;
            return 1;
        }
    q->rep_tok[q->nrep] = ids[i];
    q->rep_w[q->nrep] = w;
    q->rep_n[q->nrep++] = 2;
    return 1;
}

/* The weight of the query's repeated tokens that list name n holds as
 * often as the query does (beyond the first, which retrieval counted). */
static float rep_credit(const emb_query *q, uint32_t n)
{
    const emb__fmt_name *nm = &q->ix->names[n];
    const uint32_t *t = q->ix->ntok + nm->tok_start;
    float add = 0.0f;
    for (size_t k = 0; k < q->nrep; k++) {
        unsigned c = 0;
        for (size_t j = 0; j < nm->ntok; j++)
            c += EMB_FMT_NTOK_ID(t[j]) == q->rep_tok[k];
        if (c > 1)
            add += q->rep_w[k] * (float)((c < q->rep_n[k] ? c : q->rep_n[k]) - 1);
    }
    return add;
}

/* The dictionary token of the run of single letters that starts at query
 * token i ("i p c" from "I.P.C." as the one token an organisation's list
 * name makes of it), or UINT32_MAX. */
static uint32_t letter_run(const emb_query *q, const emb__an *an, size_t i)
{
    if (an->tok[i].len != 1 || (i > 0 && an->tok[i - 1].len == 1))
        return UINT32_MAX;
    char run[16];
    size_t k = 0;
    while (i + k < an->ntok && an->tok[i + k].len == 1 && k < sizeof run)
        run[k] = an->tok[i + k].s[0], k++;
    return k > 2 ? emb__index_lookup(q->snap, q->ix, run, k) : UINT32_MAX;
}

/* The weight retrieval credits for query token i (retrieve). */
float emb__q_walk_weight(const emb_query *q, const emb__side *side, size_t i)
{
    float mean = q->ix->params.mean_weight > 0 ? q->ix->params.mean_weight : 1.0f;
    float w = side->w[i] < 0 ? -side->w[i] : side->w[i];
    return w <= 0 ? 0.1f * mean : w;
}

/* 1 when query token i is a repeat of an earlier listed one (note_repeat). */
static int is_repeat(const uint32_t *ids, size_t i)
{
    for (size_t j = 0; ids[i] != UINT32_MAX && j < i; j++)
        if (ids[j] == ids[i])
            return 1;
    return 0;
}

/* 1 when retrieval skips listed token id for a rarer one (retrieve). */
static int is_skipped(const emb_query *q, uint32_t id, uint32_t rarest)
{
    return id != UINT32_MAX && rarest != UINT32_MAX &&
           q->ix->toks[id].post_count > EMB_Q_COMMON_POSTINGS &&
           q->ix->toks[id].post_count / EMB_Q_SKIP_RATIO > rarest;
}

/* For each query token, whether a list name it reaches first can still
 * pass the candidate floor (floor_acc, emb_query_run's):
 * a walk credits a name at most its token's weight (more for a letter
 * run), the tokens walked after it at most theirs, and the skipped and
 * repeated tokens at most theirs afterwards.  When the sum stays under
 * the floor, the token credits only names already reached: the names it
 * would add could never be candidates, and each costs a second read in
 * the candidate loop.  Once a token cannot, none after it can.  Also
 * gives each token's letter run (letter_run), which the walk takes. */
static void plan_reach(const emb_query *q, const emb__an *an, const emb__side *side,
                       const uint32_t *ids, uint32_t rarest, float floor_acc, uint8_t *reach_new,
                       uint32_t *run)
{
    double after = 0, later = 0; /* later: skipped and repeated */
    double most[EMB_AN_MAX_TOKENS];
    float w[EMB_AN_MAX_TOKENS], wmax = 0;
    for (size_t i = 0; i < an->ntok; i++) {
        w[i] = emb__q_walk_weight(q, side, i);
        if (!(an->tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC)) && w[i] > wmax)
            wmax = w[i];
    }
    for (size_t i = 0; i < an->ntok; i++) {
        most[i] = 0;
        run[i] = UINT32_MAX;
        if (an->tok[i].flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC))
            continue;
        if (is_repeat(ids, i)) {
            later += wmax; /* (note_repeat credits one of their weights) */
            continue;
        }
        run[i] = letter_run(q, an, i);
        if (run[i] != UINT32_MAX)
            most[i] = w[i] > q->ix->toks[run[i]].weight ? w[i] : q->ix->toks[run[i]].weight;
        if (is_skipped(q, ids[i], rarest))
            later += w[i];
        else if (w[i] > most[i])
            most[i] = w[i];
    }
    /* (a margin for float sums taken in another order) */
    double floor_m = (double)floor_acc * (1.0 - 1e-3);
    for (size_t i = an->ntok; i-- > 0;) {
        reach_new[i] = most[i] + after + later >= floor_m;
        after += most[i];
    }
}

/* Walks the query name's tokens into the accumulators (see the top of
 * this file); floor_acc is the candidate floor (plan_reach). */
static void retrieve(emb_query *q, const emb__an *an, const emb__side *side, float floor_acc)
{
    float mean = q->ix->params.mean_weight > 0 ? q->ix->params.mean_weight : 1.0f;
    /* The rarest known token bounds the candidates: a token far more common
     * (a given name, KIM, TRADING) adds little but time, and every name
     * it would find that matters also holds the rarer one. */
    uint32_t ids[EMB_AN_MAX_TOKENS], rarest = UINT32_MAX;
    for (size_t i = 0; i < an->ntok; i++) {
        const emb__atok *a = &an->tok[i];
        ids[i] = emb__index_lookup(q->snap, q->ix, a->s, a->len);
        if (ids[i] != UINT32_MAX &&
            !(a->flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC | EMB_TOK_OPTIONAL | EMB_TOK_NUMBER)) &&
            q->ix->toks[ids[i]].post_count < rarest)
            rarest = q->ix->toks[ids[i]].post_count;
    }
    /* When that skips a common token, the rarest one carries the query
     * alone, and may be a misspelling that happens to be listed (ALI
     * skipped, "zelkoma" listed elsewhere, for ZELKOVA): it is looked up
     * by its deletions too. */
    int skips = 0;
    for (size_t i = 0; i < an->ntok; i++)
        skips |= is_skipped(q, ids[i], rarest);
    uint8_t reach_new[EMB_AN_MAX_TOKENS];
    uint32_t run[EMB_AN_MAX_TOKENS];
    plan_reach(q, an, side, ids, rarest, floor_acc, reach_new, run);
    for (size_t i = 0; i < an->ntok; i++) {
        const emb__atok *a = &an->tok[i];
        if (a->flags & (EMB_TOK_LEGAL | EMB_TOK_HONORIFIC))
            continue;
        uint32_t id = ids[i];
        float w = emb__q_walk_weight(q, side, i);
        /* a repeated listed token reaches the same names again: every
         * name that holds it once would gain as much as the one that
         * holds it twice, and the many "X ABDULLAH" crowd out "Abdullah
         * ABDULLAH"; it is credited afterwards (rep_credit) instead */
        if (id != UINT32_MAX && note_repeat(q, ids, i, w))
            continue;
        uint8_t qi = (uint8_t)(i + 1);
        q->budget = EMB_Q_TOKEN_BUDGET;
        q->nwalked = 0;
        q->reach_new = reach_new[i];
        uint32_t rid = run[i];
        if (rid != UINT32_MAX)
            add_postings(q, rid, qi, w > q->ix->toks[rid].weight ? w : q->ix->toks[rid].weight);
        if (is_skipped(q, id, rarest)) {
            q->skip_tok[q->nskip] = id;
            q->skip_sig |= EMB_Q_SIG_BIT(id);
            q->skip_w[q->nskip++] = w;
            continue;
        }
        if (id != UINT32_MAX)
            add_postings(q, id, qi, w);
        if (a->flags & EMB_TOK_NUMBER)
            continue;
        /* Short syllables (CJK, Korean) would reach hundreds of tokens by
         * key and score too little to match through them: exact and
         * variant spellings only. */
        int listed = id != UINT32_MAX && !(q->ix->toks[id].flags & EMB_FMT_TOK_CONCAT);
        int cap = listed ? KEY_CAP : 0;
        /* (thorough: a short listed word in few names may be a typo of
         * another, "sala" for SAAL, "ami" for AMMI; keep_analysed) */
        int rare_listed = i < 32 && ((side->rare >> i) & 1u);
        {
            uint32_t first[3] = {a->canon, a->phon, a->skel};
            fetch_keys(q->ix, first, a->len > 3 ? 3 : 1);
        }
        if (a->canon)
            emb__q_add_key(q, a->canon, a, qi, w, cap);
        if (a->len > 3) {
            if (a->phon)
                emb__q_add_key(q, a->phon, a, qi, w, cap);
            /* (a token of an Arabic-script name writes its long vowels
             * only: its skeleton finds the vocalised spellings too) */
            if (a->skel && (!has_vowel(a) || an->arabic))
                emb__q_add_key(q, a->skel, a, qi, w, cap);
            if (an->arabic)
                emb__q_arabic_keys(q, a, qi, w, cap);
            if (an->hebrew)
                emb__q_hebrew_keys(q, a, qi, w);
            /* spelling errors: a token the lists do not know is looked up
             * by its one- and (when long) two-letter deletions against the
             * lists' one-letter deletions; a known token is a name of its
             * own and skips this, unless the lists know it only as two
             * tokens joined ("riyong" from "RI YONG", where the query may
             * misspell "ryong") */
            if (!listed || (skips && q->ix->toks[id].post_count == rarest) || rare_listed) {
                uint32_t dk[EMB_KEYS_MAX_DEL];
                size_t nd = emb__del_keys(a->s, a->len, dk);
                /* (a listed word reaching another by a key is worth no
                 * more than that one, as with phonetic keys) */
                int vf = KEY_VERIFY | (q->thorough ? cap : 0);
                /* (thorough, a rare listed word: every list word one edit
                 * from it is as likely its correction, so each is worth
                 * the same, at most an average word's weight; capped by
                 * their own weights, the rarest crowded out the others:
                 * MANAR and ANGAR names before ANSAR BANK for "ANAR
                 * BANK") */
                float kw = w;
                if (rare_listed && !(skips && q->ix->toks[id].post_count == rarest)) {
                    kw = w < mean ? w : mean;
                    vf = KEY_VERIFY;
                }
                fetch_keys(q->ix, dk, nd);
                for (size_t d = 0; d < nd; d++)
                    emb__q_add_key(q, dk[d], a, qi, kw, vf);
                if (a->len >= 7)
                    del2_keys(q, a, qi, w);
                /* the list token two letters longer, or one longer and
                 * one changed ("txbilin" / TRIBILIN) */
                if (a->len + 2 >= EMB_KEYS_DEL2_MIN && a->len + 1 <= EMB_KEYS_DEL2_MAX) {
                    nd = emb__del_keys_as_del2(a->s, a->len, dk);
                    fetch_keys(q->ix, dk, nd);
                    for (size_t d = 0; d < nd; d++)
                        emb__q_add_key(q, dk[d], a, qi, w, KEY_VERIFY);
                }
                joined_dels(q, a, qi, w);
            }
        } else if (a->len > 1 && a->skel && (!has_vowel(a) || (an->arabic && a->len == 3))) {
            /* vowel-less "ly", "msh"; and three letters of an Arabic-script
             * name, whose a is an alef ("asd", الأسد, is al-Assad) */
            emb__q_add_key(q, a->skel, a, qi, w, cap);
            if (an->arabic)
                emb__q_arabic_keys(q, a, qi, w, cap);
            if (an->hebrew)
                emb__q_hebrew_keys(q, a, qi, w);
        } else if (a->len == 3 && (!listed || rare_listed)) {
            /* an unknown three-letter token (or, thorough, one listed in
             * few names): the four-letter list tokens it is one letter
             * short of ("haj" / HAJJ, "ibx" / IBEX, "ami" / AMMI) */
            emb__q_add_key(q, emb__key_hash(EMB_KEY_SEED_DEL, a->s, 3), a, qi, w, KEY_VERIFY | cap);
        }
        if (i + 1 < an->ntok && (size_t)a->len + an->tok[i + 1].len <= 255) {
            char cat[512];
            memcpy(cat, a->s, a->len);
            memcpy(cat + a->len, an->tok[i + 1].s, an->tok[i + 1].len);
            uint32_t cid =
                emb__index_lookup(q->snap, q->ix, cat, (size_t)a->len + an->tok[i + 1].len);
            if (cid != UINT32_MAX)
                add_postings(q, cid, qi, w);
        }
        if (an->arabic)
            emb__q_arabic_joined_keys(q, an, side, i);
    }
}

/* The weight of the skipped common tokens list name n holds: "ALI" is in
 * too many names to walk, but among the names HOSSEINI reached, those
 * that also hold ALI are the ones to score ("Ali Hosseini" against
 * "HOSSEINI, Mohammad Ali", which the tie among a hundred HOSSEINIs
 * otherwise left out). */
static float skipped_credit(const emb_query *q, uint32_t n)
{
    const emb__fmt_name *nm = &q->ix->names[n];
    const uint32_t *t = q->ix->ntok + nm->tok_start;
    float add = 0.0f;
    for (size_t k = 0; k < q->nskip; k++)
        for (size_t j = 0; j < nm->ntok; j++)
            if (EMB_FMT_NTOK_ID(t[j]) == q->skip_tok[k]) {
                add += q->skip_w[k];
                break;
            }
    return add;
}

int emb__schema_compatible(emb_schema query, emb_schema cand)
{
    if (query == EMB_SCHEMA_THING || cand == EMB_SCHEMA_THING)
        return 1;
    int qp = query == EMB_SCHEMA_PERSON, cp = cand == EMB_SCHEMA_PERSON;
    int qo = query == EMB_SCHEMA_ORGANIZATION || query == EMB_SCHEMA_COMPANY;
    int co = cand == EMB_SCHEMA_ORGANIZATION || cand == EMB_SCHEMA_COMPANY;
    int qa = query == EMB_SCHEMA_VESSEL || query == EMB_SCHEMA_AIRPLANE;
    int ca = cand == EMB_SCHEMA_VESSEL || cand == EMB_SCHEMA_AIRPLANE;
    if (query == EMB_SCHEMA_LEGAL_ENTITY)
        return !ca;
    if (cand == EMB_SCHEMA_LEGAL_ENTITY)
        return !qa; /* lists that do not type their records: not vessels */
    if (qp)
        return cp;
    if (qo)
        return co;
    if (qa)
        return ca && (query == cand);
    return 1;
}

static emb__res *result_for(emb_query *q, uint32_t entity)
{
    for (size_t i = 0; i < q->nres; i++)
        if (q->res[i].entity == entity)
            return &q->res[i];
    if (q->nres >= EMB_Q_MAX_RESULTS)
        return NULL;
    emb__res *r = &q->res[q->nres++];
    memset(r, 0, sizeof *r);
    r->entity = entity;
    r->name = UINT32_MAX;
    r->id_prop = UINT32_MAX;
    return r;
}

static int entity_allowed(const emb_query *q, uint32_t e)
{
    const emb__fmt_entity *fe = &q->snap->ents[e];
    if (q->dataset >= 0 && fe->dataset != (uint16_t)q->dataset)
        return 0;
    return emb__schema_compatible(q->schema, (emb_schema)fe->schema);
}

/* The comparison of an earlier name of this run that holds the same
 * tokens as name (memo), or NULL. */
static const emb__memo *memo_find(const emb_query *q, uint32_t name, size_t qn, emb_schema sch)
{
    const emb__index *ix = q->ix;
    const emb__fmt_name *nm = &ix->names[name];
    if (nm->ntok == 0)
        return NULL;
    const uint32_t *t = ix->ntok + nm->tok_start;
    for (size_t i = 0; i < q->nmemo; i++) {
        const emb__memo *m = &q->memo[i];
        if (m->first != t[0] || m->qn != qn || m->schema != sch)
            continue;
        const emb__fmt_name *o = &ix->names[m->name];
        if (o->ntok == nm->ntok && o->legal == nm->legal &&
            EMB_FMT_NAME_SCRIPT(o->kind) == EMB_FMT_NAME_SCRIPT(nm->kind) &&
            memcmp(ix->ntok + o->tok_start, t, nm->ntok * sizeof *t) == 0)
            return m;
    }
    return NULL;
}

/* Makes name its entity's best name when it scores better than the one
 * kept (m: its comparison with query name qn); a weak alias wins only
 * when clearly better. */
static void keep_best(emb_query *q, uint32_t name, size_t qn, const emb__memo *m)
{
    const emb__fmt_name *nm = &q->ix->names[name];
    emb__res *r = result_for(q, nm->entity);
    if (!r)
        return;
    int weak = EMB_FMT_NAME_KIND(nm->kind) == EMB_FMT_NAME_WEAK;
    double eff = weak ? m->s - 0.02 : m->s;
    double cur = r->name == UINT32_MAX ? -1.0 : (r->weak ? r->name_score - 0.02 : r->name_score);
    if (eff > cur) {
        r->name = name;
        r->qname = (uint8_t)qn;
        r->weak = (uint8_t)weak;
        r->name_score = m->s;
        r->cmp = m->cmp;
    }
}

static void score_name(emb_query *q, size_t qn, uint32_t name)
{
    const emb__fmt_name *nm = &q->ix->names[name];
    if (nm->schema == EMB_SCHEMA_PERSON && q->qtwin[qn] != EMB_Q_NO_TWIN)
        qn = q->qtwin[qn]; /* a person's name: the query read as one */
    emb_schema sch = q->schema != EMB_SCHEMA_THING ? q->schema : (emb_schema)nm->schema;
    const emb__memo *m = memo_find(q, name, qn, sch);
    emb__memo tmp;
    if (!m) {
        emb__memo *w = q->nmemo < EMB_Q_CANDIDATES ? &q->memo[q->nmemo++] : &tmp;
        emb__q_side_of_name(q, name, &q->cside);
        w->s = emb__compare(&q->qside[qn], &q->cside, sch, &w->cmp);
        /* a Korean reading of Han characters counts syllable for syllable
         * only: a Chinese or Japanese name has such readings too, and short
         * syllables meet Korean names by chance */
        w->kept = !q->qreading[qn] || emb__cmp_one_to_one(&q->qside[qn], &q->cside, &w->cmp, 0.9f);
        w->name = name;
        w->first = nm->ntok > 0 ? q->ix->ntok[nm->tok_start] : 0;
        w->qn = (uint8_t)qn;
        w->schema = (uint8_t)sch;
        m = w;
    }
    if (m->kept)
        keep_best(q, name, qn, m);
}

/* Names of entity e are a contiguous run of NAMS (built in entity order). */
static void score_entity_names(emb_query *q, uint32_t e)
{
    const emb__index *ix = q->ix;
    size_t lo = 0, hi = ix->nnames;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (ix->names[m].entity < e)
            lo = m + 1;
        else
            hi = m;
    }
    for (size_t i = lo; i < ix->nnames && ix->names[i].entity == e; i++)
        for (size_t qn = 0; qn < q->nq; qn++)
            if (!q->qistwin[qn])
                score_name(q, qn, (uint32_t)i); /* maps to the twin itself */
}

static void lookup_ids(emb_query *q)
{
    const emb__index *ix = q->ix;
    for (size_t i = 0; i < q->nids; i++) {
        uint64_t h = emb__hash(q->ids[i].s, q->ids[i].n);
        size_t lo = 0, hi = ix->nidents;
        while (lo < hi) {
            size_t m = lo + (hi - lo) / 2;
            if (ix->idents[m].hash < h)
                lo = m + 1;
            else
                hi = m;
        }
        for (size_t k = lo; k < ix->nidents && ix->idents[k].hash == h; k++) {
            const emb__fmt_ident *id = &ix->idents[k];
            /* confirm: hashes can collide */
            emb_str v = emb__snap_str(q->snap, q->snap->props[id->prop].val);
            char f[128];
            size_t fl = emb__ident_fold(v.ptr, v.len, f, sizeof f);
            if (fl != q->ids[i].n || memcmp(f, q->ids[i].s, fl) != 0)
                continue;
            if (!entity_allowed(q, id->entity))
                continue;
            int had = 0;
            for (size_t r = 0; r < q->nres; r++)
                had |= q->res[r].entity == id->entity;
            emb__res *r = result_for(q, id->entity);
            if (!r)
                return;
            r->id_prop = id->prop;
            if (!had)
                score_entity_names(q, id->entity);
        }
    }
}

typedef struct heapent {
    float acc;
    uint32_t name;
} heapent;

/* Starts the reads of the records the scoring of these names needs (the
 * name, its token list, its tokens and their texts), a level at a time
 * for all of them: scattered over the snapshot, they would otherwise
 * come one cache miss after another. */
static void fetch_names(const emb_query *q, const heapent *h, size_t n)
{
    const emb__index *ix = q->ix;
    for (size_t i = 0; i < n; i++)
        __builtin_prefetch(&ix->names[h[i].name]);
    for (size_t i = 0; i < n; i++)
        __builtin_prefetch(&ix->ntok[ix->names[h[i].name].tok_start]);
    for (size_t i = 0; i < n; i++) {
        const emb__fmt_name *nm = &ix->names[h[i].name];
        for (size_t j = 0; j < nm->ntok; j++)
            __builtin_prefetch(&ix->toks[EMB_FMT_NTOK_ID(ix->ntok[nm->tok_start + j])]);
    }
    for (size_t i = 0; i < n; i++) {
        const emb__fmt_name *nm = &ix->names[h[i].name];
        for (size_t j = 0; j < nm->ntok; j++)
            __builtin_prefetch(q->snap->strs +
                               ix->toks[EMB_FMT_NTOK_ID(ix->ntok[nm->tok_start + j])].text.off);
    }
}

static void heap_push(heapent *h, size_t *n, size_t cap, heapent v)
{
    if (*n < cap) {
        size_t i = (*n)++;
        while (i > 0 && h[(i - 1) / 2].acc > v.acc) {
            h[i] = h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h[i] = v;
        return;
    }
    if (v.acc <= h[0].acc)
        return;
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        float mv = v.acc;
        if (l < *n && h[l].acc < mv) {
            m = l;
            mv = h[l].acc;
        }
        if (r < *n && h[r].acc < mv)
            m = r;
        if (m == i)
            break;
        h[i] = h[m];
        i = m;
    }
    h[i] = v;
}

static emb_status compose_parts(emb_query *q)
{
    if (q->nnames || !(q->parts[0].s || q->parts[2].s))
        return EMB_OK;
    char buf[EMB_CAP_QUERY_VALUE * 4 + 4];
    size_t n = 0;
    for (int k = 0; k < 4; k++) {
        if (!q->parts[k].s)
            continue;
        if (n)
            buf[n++] = ' ';
        memcpy(buf + n, q->parts[k].s, q->parts[k].n);
        n += q->parts[k].n;
    }
    if (n > EMB_CAP_QUERY_VALUE)
        n = EMB_CAP_QUERY_VALUE;
    emb_status st = keep(q, buf, n, &q->names[0]);
    if (!st)
        q->nnames = 1;
    return st;
}

static int cmp_res(const emb__res *a, const emb__res *b)
{
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->name_score != b->name_score)
        return a->name_score > b->name_score ? -1 : 1;
    return (a->entity > b->entity) - (a->entity < b->entity);
}

/* How alike two names are written, before analysis: the share of their
 * character pairs, case and punctuation included, that they have in
 * common (Dice over byte bigrams, counted in 256 buckets). */
static float written_likeness(const char *a, size_t an, const char *b, size_t bn)
{
    uint8_t cnt[256];
    if (an < 2 || bn < 2)
        return 0.0f;
    memset(cnt, 0, sizeof cnt);
    for (size_t i = 0; i + 1 < an; i++) {
        uint8_t h = (uint8_t)((unsigned char)a[i] * 31u + (unsigned char)a[i + 1]);
        if (cnt[h] < 255)
            cnt[h]++;
    }
    size_t common = 0;
    for (size_t i = 0; i + 1 < bn; i++) {
        uint8_t h = (uint8_t)((unsigned char)b[i] * 31u + (unsigned char)b[i + 1]);
        if (cnt[h]) {
            cnt[h]--;
            common++;
        }
    }
    return (float)(2 * common) / (float)(an + bn - 2);
}

/* Results that tie (one party listed by several authorities under one
 * spelling, or several names one query token reaches alike) are put in
 * the order of how alike their matched name is written to the query, so
 * that the listing spelt as the query is spelt comes first and is among
 * those reported.  Every run of ties that starts before the limit is
 * ordered whole, so that the first results do not depend on the limit. */
static void order_ties(emb_query *q, size_t limit)
{
    float like[EMB_Q_MAX_RESULTS];
    for (size_t a = 0, b; a < limit && a < q->nres; a = b) {
        const emb__res *first = &q->res[q->order[a]];
        b = a + 1;
        while (b < q->nres && q->res[q->order[b]].score == first->score &&
               q->res[q->order[b]].name_score == first->name_score)
            b++;
        if (b - a < 2)
            continue;
        for (size_t i = a; i < b; i++) {
            const emb__res *r = &q->res[q->order[i]];
            like[i] = 0.0f;
            if (r->name == UINT32_MAX || r->qname >= q->nq)
                continue;
            const emb__qstr *qn = &q->names[q->qsrc[r->qname]];
            emb_str c = emb__snap_str(q->snap, q->snap->props[q->ix->names[r->name].prop].val);
            like[i] = written_likeness(qn->s, qn->n, c.ptr, c.len);
        }
        for (size_t i = a + 1; i < b; i++) {
            uint16_t v = q->order[i];
            float l = like[i];
            size_t j = i;
            while (j > a &&
                   (like[j - 1] < l ||
                    (like[j - 1] == l && q->res[q->order[j - 1]].entity > q->res[v].entity))) {
                q->order[j] = q->order[j - 1];
                like[j] = like[j - 1];
                j--;
            }
            q->order[j] = v;
            like[j] = l;
        }
    }
}

/* Keeps q->qan[q->nq], analysed from query name src, as the next analysed
 * name: its weights, where it came from, whether it is a person reading
 * (twin) of the one before it or a Korean reading of Han characters. */
static void keep_analysed(emb_query *q, size_t src, int twin, int reading)
{
    emb__side *sd = &q->qside[q->nq];
    emb__side_weights(q->snap, &q->qan[q->nq], sd, 1);
    /* a thorough query takes a short word the lists hold in few names for
     * a possible typo of another: it looks it up so (retrieve) and
     * compares it so (emb__compare): "aya" one letter short of PAYA,
     * "tash" one letter off CASH */
    for (size_t i = 0; q->thorough && i < sd->ntok && i < 32; i++) {
        const emb__atok *a = &sd->tok[i];
        if (sd->w[i] <= 0 || a->len > EMB_Q_THOROUGH_LETTERS)
            continue;
        uint32_t id = emb__index_lookup(q->snap, q->ix, a->s, a->len);
        if (id != UINT32_MAX && !(q->ix->toks[id].flags & EMB_FMT_TOK_CONCAT) &&
            q->ix->toks[id].post_count <= EMB_Q_THOROUGH_POSTINGS)
            sd->rare |= 1u << i;
    }
    q->qsrc[q->nq] = (uint8_t)src;
    if (twin)
        q->qtwin[q->nq - 1] = (uint8_t)q->nq;
    q->qtwin[q->nq] = EMB_Q_NO_TWIN;
    q->qistwin[q->nq] = (uint8_t)twin;
    q->qreading[q->nq] = (uint8_t)reading;
    q->nq++;
}

/* 1 when two analyses of a name hold the same tokens with the same flags. */
static int same_tokens(const emb__an *a, const emb__an *b)
{
    if (a->ntok != b->ntok)
        return 0;
    for (size_t i = 0; i < a->ntok; i++)
        if (a->tok[i].len != b->tok[i].len || a->tok[i].flags != b->tok[i].flags ||
            memcmp(a->tok[i].s, b->tok[i].s, a->tok[i].len) != 0)
            return 0;
    return 1;
}

emb_status emb_query_run(emb_query *q, emb_error *err)
{
    if (!q)
        return emb__errf(err, EMB_EARG, "query is NULL");
    q->nres = q->nout = q->nmemo = 0;
    emb_status st = compose_parts(q);
    if (st)
        return emb__errf(err, st, "query values too large");
    if (q->nnames == 0 && q->nids == 0)
        return emb__errf(err, EMB_EARG, "a query needs a name or an identifier");
    q->nq = 0;
    for (size_t i = 0; i < q->nnames; i++) {
        emb__span var[EMB_NAME_MAX_VARIANTS];
        size_t nv =
            emb__name_variants(q->names[i].s, q->names[i].n, q->schema, var, EMB_NAME_MAX_VARIANTS);
        for (size_t v = 0; v < nv && q->nq < EMB_Q_MAX_ANALYSED; v++) {
            emb__an *an = &q->qan[q->nq];
            st = emb__analyze(q->an, var[v].s, var[v].n, q->schema, an);
            if (st)
                return emb__errf(err, st, "cannot analyse the name '%.*s': %s",
                                 (int)(q->names[i].n > 60 ? 60 : q->names[i].n), q->names[i].s,
                                 emb_strerror(st));
            if (an->ntok == 0)
                continue;
            keep_analysed(q, i, 0, 0);
            if (q->schema == EMB_SCHEMA_THING && q->nq < EMB_Q_MAX_ANALYSED) {
                emb__an *tw = &q->qan[q->nq];
                st = emb__analyze(q->an, var[v].s, var[v].n, EMB_SCHEMA_PERSON, tw);
                if (st)
                    return emb__errf(err, st, "cannot analyse the name '%.*s': %s",
                                     (int)(q->names[i].n > 60 ? 60 : q->names[i].n), q->names[i].s,
                                     emb_strerror(st));
                if (tw->ntok == 0 || same_tokens(an, tw))
                    continue;
                keep_analysed(q, i, 1, 0);
            }
        }
        /* a name in Han characters is also read as Korean (names.h) */
        size_t rl;
        if (q->nq > 0 && q->nq < EMB_Q_MAX_ANALYSED && q->qan[q->nq - 1].syllabic &&
            emb__name_korean_reading(q->names[i].s, q->names[i].n, q->schema, q->reading,
                                     sizeof q->reading, &rl)) {
            emb__an *an = &q->qan[q->nq];
            if (emb__analyze(q->an, q->reading, rl, q->schema, an) == EMB_OK && an->ntok > 0)
                keep_analysed(q, i, 0, 1);
        }
        /* a name in Cyrillic letters is also read with the letters that
         * romanisations read two ways read the other way (names.h: г as h,
         * Ukrainian и as y ...) */
        if (q->nq > 0 && q->nq < EMB_Q_MAX_ANALYSED && q->qan[q->nq - 1].grcyr &&
            emb__name_cyrillic_reading(q->names[i].s, q->names[i].n, q->reading, sizeof q->reading,
                                       &rl)) {
            emb__an *an = &q->qan[q->nq];
            if (emb__analyze(q->an, q->reading, rl, q->schema, an) == EMB_OK && an->ntok > 0 &&
                !same_tokens(&q->qan[q->nq - 1], an))
                keep_analysed(q, i, 0, 0);
        }
    }
    /* A name that leaves nothing to match must not pass as "no match". */
    if (q->nq == 0 && q->nids == 0) {
        size_t shown = q->names[0].n > 60 ? 60 : q->names[0].n;
        while (shown < q->names[0].n && shown > 0 &&
               ((unsigned char)q->names[0].s[shown] & 0xC0) == 0x80)
            shown--; /* never cut a character in two */
        return emb__errf(err, EMB_EARG,
                         "the name '%.*s%s' leaves nothing to screen: no letter or digit "
                         "embargo can read (a script it cannot romanise, or only "
                         "punctuation or titles)",
                         (int)shown, q->names[0].s, shown < q->names[0].n ? "..." : "");
    }
    for (size_t qn = 0; qn < q->nq; qn++) {
        if (q->qistwin[qn])
            continue;
        q->ntouched = 0;
        q->nskip = 0;
        q->skip_sig = 0;
        q->nrep = 0;
        double total = 0;
        for (size_t i = 0; i < q->qside[qn].ntok; i++)
            total += q->qside[qn].w[i] < 0 ? -q->qside[qn].w[i] : q->qside[qn].w[i];
        float floor_acc = (float)(EMB_Q_FLOOR_SHARE * total), skip_total = 0.0f;
        retrieve(q, &q->qan[qn], &q->qside[qn], floor_acc);
        for (size_t k = 0; k < q->nskip; k++)
            skip_total += q->skip_w[k];
        /* the most rep_credit can add: a name it cannot bring past the
         * floor or into the full heap is left before its tokens are read
         * (two cache misses per name reached, for a query with a
         * repeated token) */
        float rep_max = 0.0f;
        for (size_t k = 0; k < q->nrep; k++)
            rep_max += q->rep_w[k] * (float)(q->rep_n[k] - 1);
        heapent heap[EMB_Q_CANDIDATES];
        size_t nh = 0;
        size_t qtok = q->qan[qn].ntok;
        for (size_t i = 0; i < q->ntouched; i++) {
            uint32_t n = q->touched[i];
            if (i + EMB_Q_PREFETCH < q->ntouched)
                __builtin_prefetch(&q->acc[q->touched[i + EMB_Q_PREFETCH]], 1);
            float a = q->acc[n].w;
            q->acc[n].w = 0.0f;
            q->acc[n].lastq = 0;
            /* the skipped tokens' weight, for a name that may hold one
             * (its signature says when it cannot) and that it could still
             * bring in: past the floor, and into a full heap */
            if ((q->acc[n].sig & q->skip_sig) && a + skip_total >= floor_acc &&
                (nh < EMB_Q_CANDIDATES || a + skip_total > heap[0].acc))
                a += skipped_credit(q, n);
            if (q->nrep && a + rep_max >= floor_acc &&
                (nh < EMB_Q_CANDIDATES || a + rep_max > heap[0].acc))
                a += rep_credit(q, n);
            if (a < floor_acc)
                continue;
            /* the length adjustment below only lowers a: a name that
             * cannot enter the full heap is left before its record is
             * read (one cache miss each, most of the time on large lists) */
            if (nh == EMB_Q_CANDIDATES && a <= heap[0].acc)
                continue;
            /* Ties are common (every name holding the one rare token
             * reached): among them, names of the query's length first,
             * not the lowest name ids. */
            size_t nt = q->acc[n].ntok;
            size_t gap = nt > qtok ? nt - qtok : qtok - nt;
            a *= 1.0f - 0.001f * (float)(gap < 50 ? gap : 50);
            if (nh == EMB_Q_CANDIDATES && a <= heap[0].acc)
                continue;
            /* a name carries its entity's schema: the entity record is
             * read only to filter by dataset */
            if (q->dataset >= 0 ? !entity_allowed(q, q->ix->names[n].entity)
                                : !emb__schema_compatible(q->schema, (emb_schema)q->acc[n].schema))
                continue;
            heap_push(heap, &nh, EMB_Q_CANDIDATES, (heapent){a, n});
        }
        /* Best first.  A name in Latin letters is scored against the
         * EMB_Q_CORE names it reached with the most weight and those tied
         * with the last of them; the rest of the heap rarely holds its
         * match and mostly gives false alerts.  A name in another script
         * meets its listed romanisations by fuzzy keys whose weight says
         * less: it is scored against the whole heap. */
        for (size_t i = 1; i < nh; i++) {
            heapent v = heap[i];
            size_t j = i;
            while (j > 0 && heap[j - 1].acc < v.acc) {
                heap[j] = heap[j - 1];
                j--;
            }
            heap[j] = v;
        }
        size_t core = q->qan[qn].native ? EMB_Q_CANDIDATES : EMB_Q_CORE;
        size_t nscore = 0;
        while (nscore < nh && (nscore < core || heap[nscore].acc >= heap[core - 1].acc))
            nscore++;
        fetch_names(q, heap, nscore);
        for (size_t i = 0; i < nscore; i++)
            score_name(q, qn, heap[i].name);
    }
    lookup_ids(q);
    for (size_t i = 0; i < q->nres; i++)
        emb__q_entity_score(q, &q->res[i]);
    /* rank an index, not the (large) result records */
    for (size_t i = 0; i < q->nres; i++) {
        uint16_t v = (uint16_t)i;
        size_t j = i;
        while (j > 0 && cmp_res(&q->res[v], &q->res[q->order[j - 1]]) < 0) {
            q->order[j] = q->order[j - 1];
            j--;
        }
        q->order[j] = v;
    }
    order_ties(q, q->limit);
    double cutoff = q->threshold < 0.5 ? q->threshold : 0.5;
    size_t n = 0;
    while (n < q->nres && n < q->limit && q->res[q->order[n]].score >= cutoff)
        n++;
    q->nout = n;
    return EMB_OK;
}

size_t emb_result_count(const emb_query *q)
{
    return q ? q->nout : 0;
}

/* Result i of a run query, or NULL; with a matched name when named. */
static const emb__res *result_at(const emb_query *q, size_t i, int named)
{
    if (!q || i >= q->nout)
        return NULL;
    const emb__res *r = &q->res[q->order[i]];
    return named && (r->name == UINT32_MAX || r->qname >= q->nq) ? NULL : r;
}

/* Result i of a run query with a list name (result_at, named), its query
 * name's side (*qs) and the list name's (*cs); NULL when there is none. */
static const emb__res *result_sides(const emb_query *q, size_t i, const emb__side **qs,
                                    emb__side *cs)
{
    const emb__res *r = result_at(q, i, 1); /* (named: qname is a query name) */
    if (!r)
        return NULL;
    *qs = &q->qside[r->qname];
    emb__q_side_of_name(q, r->name, cs);
    return r;
}

int emb__result_aligned_all(const emb_query *q, size_t i)
{
    const emb__side *qs;
    emb__side cs;
    const emb__res *r = result_sides(q, i, &qs, &cs);
    if (!r)
        return 0;
    if (!emb__cmp_all_used(qs, &cs, &r->cmp))
        return 0;
    /* each word a spelling of the other's, at most one of them weakly
     * unless three words or more are (three words in a row, each one
     * letter from a list name's, in its order, are no accident of
     * running text: BAMES KOCNG NHUOL), and two words among them of four
     * letters or more, or of three misspelt (not "the bash": a short
     * word spelt right is any text's) */
    size_t weak = 0, words = 0, legal = 0, spelt = 0;
    for (size_t k = 0; k < r->cmp.nal; k++) {
        const emb__align *al = &r->cmp.al[k];
        if (al->rule == EMB_RULE_INITIAL || al->rule == EMB_RULE_PREFIX ||
            al->rule == EMB_RULE_ACRONYM)
            return 0;
        weak += al->sim < 0.8f;
        if (al->q < 0 || (size_t)al->q >= qs->ntok)
            continue;
        const emb__atok *t = &qs->tok[al->q];
        words +=
            qs->w[al->q] != 0.0f && (t->len >= 4 || (t->len == 3 && al->rule != EMB_RULE_EXACT));
        legal += (t->flags & EMB_TOK_LEGAL) && al->rule == EMB_RULE_EXACT;
        spelt += al->rule == EMB_RULE_EDIT && t->len >= 4;
    }
    /* or one word of four letters or more, misspelt (by edits, not by
     * sound), beside the list name's legal form written as it is: JSC TGLK
     * for JSC GTLK; sound-alikes beside "co" are common in running text) */
    if (words == 1 && spelt == 1 && legal >= 1 && weak <= 1)
        return 1;
    /* so two such words beside it, both misspelt: MEAG GEAS PTY LTD for
     * MEGA GEMS PTY LTD */
    if (words == 2 && spelt == 2 && legal >= 1)
        return 1;
    return words >= 2 && (weak <= 1 || words >= 3);
}

int emb__result_by_acronym(const emb_query *q, size_t i)
{
    const emb__res *r = result_at(q, i, 0);
    if (!r)
        return 0;
    for (size_t k = 0; k < r->cmp.nal; k++)
        if (r->cmp.al[k].rule == EMB_RULE_ACRONYM)
            return 1;
    return 0;
}

int emb__result_particle_written(const emb_query *q, size_t i)
{
    const emb__side *qs;
    emb__side cs;
    const emb__res *r = result_sides(q, i, &qs, &cs);
    if (!r)
        return 0;
    for (size_t k = 0; k < r->cmp.nal; k++) {
        const emb__align *al = &r->cmp.al[k];
        if (al->rule != EMB_RULE_EXACT || al->q2 >= 0 || al->c2 >= 0 || al->q < 0 ||
            (size_t)al->q >= qs->ntok || al->c < 0 || (size_t)al->c >= cs.ntok)
            continue;
        const emb__atok *t = &qs->tok[al->q];
        const unsigned kinds = EMB_TOK_OPTIONAL | EMB_TOK_HONORIFIC;
        if (t->len >= 2 && (t->flags & kinds) && (cs.tok[al->c].flags & kinds))
            return 1;
    }
    return 0;
}

/* Tokens first..last (last < 0: first alone) of side sd written one after
 * the other into buf (cap bytes); 0 when one of them has fewer than two
 * letters or they do not fit. */
static size_t run_text(const emb__side *sd, int first, int last, char *buf, size_t cap)
{
    if (last < 0)
        last = first;
    if (first < 0 || last < first || (size_t)last >= sd->ntok)
        return 0;
    size_t n = 0;
    for (int t = first; t <= last; t++) {
        const emb__atok *a = &sd->tok[t];
        if ((first != last && a->len < 2) || n + a->len > cap)
            return 0;
        memcpy(buf + n, a->s, a->len);
        n += a->len;
    }
    return n;
}

size_t emb__result_close_words(const emb_query *q, size_t i, size_t *longer)
{
    *longer = 0;
    const emb__side *qs;
    emb__side cs;
    const emb__res *r = result_sides(q, i, &qs, &cs);
    if (!r)
        return 0;
    size_t n = 0;
    for (size_t k = 0; k < r->cmp.nal; k++) {
        const emb__align *al = &r->cmp.al[k];
        char a[64], b[64]; /* emb__osa compares 63 letters at most */
        size_t an = run_text(qs, al->q, al->q2, a, sizeof a);
        if (!an || al->rule == EMB_RULE_ACRONYM || al->rule == EMB_RULE_INITIAL)
            continue;
        if (al->rule == EMB_RULE_EXACT && al->q2 < 0 && al->c2 < 0) {
            n++;
            *longer += an >= 4;
            continue;
        }
        /* a vowel-less romanisation of four letters or more (Arabic or
         * Hebrew script: "mjtby" for MOJTABA) is met by its consonants:
         * no spelling to compare letter by letter.  Not an abbreviation
         * (LTD for "alto", TSP) */
        if (al->q2 < 0 && al->c2 < 0 && al->c >= 0 && (size_t)al->c < cs.ntok &&
            (cs.tok[al->c].flags & (EMB_TOK_NOVOWEL | EMB_TOK_LEGAL)) == EMB_TOK_NOVOWEL &&
            cs.tok[al->c].len >= 4) {
            n++;
            *longer += an >= 4;
            continue;
        }
        size_t bn = run_text(&cs, al->c, al->c2, b, sizeof b);
        unsigned max = emb__max_edits(an < bn ? an : bn);
        max = max ? max : 1;
        if (bn && emb__osa(a, an, b, bn, max) <= max) {
            n++;
            *longer += an >= 4;
        }
    }
    return n;
}

size_t emb__result_list_words(const emb_query *q, size_t i)
{
    const emb__side *qs;
    emb__side cs;
    if (!result_sides(q, i, &qs, &cs))
        return 0;
    size_t n = 0;
    for (size_t t = 0; t < cs.ntok; t++)
        n += cs.w[t] != 0.0f && !(cs.tok[t].flags & EMB_TOK_OPTIONAL);
    return n;
}

size_t emb__result_query_words(const emb_query *q, size_t i)
{
    const emb__res *r = result_at(q, i, 0);
    if (!r || r->qname >= q->nq)
        return 0;
    const emb__an *an = &q->qan[r->qname];
    size_t n = 0;
    for (size_t t = 0; t < an->ntok; t++)
        n += !(an->tok[t].flags & (EMB_TOK_HONORIFIC | EMB_TOK_OPTIONAL));
    return n;
}

emb_status emb_result_get(const emb_query *q, size_t i, emb_result *out)
{
    if (!q || !out || i >= q->nout)
        return EMB_ENOTFOUND;
    const emb__res *r = &q->res[q->order[i]];
    out->entity = r->entity;
    out->score = r->score;
    out->name_score = r->name_score;
    out->match = r->score >= q->threshold;
    return EMB_OK;
}
