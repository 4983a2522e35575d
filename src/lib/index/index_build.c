/*
 * index_build.c - compiles the matching sections (index_format.h).
 *
 * Every name-valued property (name, alias, weakAlias, previousName) of every
 * entity is analysed (score/analyze.h) into tokens.  Distinct token texts
 * form the dictionary; each gets postings (the names containing it), an
 * inverse-document-frequency weight, and retrieval keys: its phonetic key,
 * its variant-group key, and its one-character deletions (a symmetric
 * deletion index, so a query token within about two edits of a dictionary
 * token shares a key with it).  Adjacent token pairs are also indexed as
 * concatenations so that "JSCARGUMENT" finds "JSC ARGUMENT".  Identifiers
 * (passport, IMO, BIC ...) are folded and indexed for exact lookup.
 */
#include "index_build.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "../base/hash.h"
#include "../score/analyze.h"
#include "../score/keys.h"
#include "../score/names.h"
#include "index_format.h"

size_t emb__ident_fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z')
            out[o++] = (char)(c - 32);
        else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out[o++] = (char)c;
    }
    /* "IMO 8660313" and "8660313" are the same IMO number */
    if (o > 3 && memcmp(out, "IMO", 3) == 0 && out[3] >= '0' && out[3] <= '9') {
        memmove(out, out + 3, o - 3);
        o -= 3;
    }
    if (cap)
        out[o] = '\0';
    return o;
}

typedef struct pair {
    uint32_t tok;
    uint32_t name;
} pair;

typedef struct builder {
    emb__map dict; /* token text -> id; keys point into texts */
    emb__fmt_tok *toks;
    size_t ntoks, atoks;
    char **texts; /* owned copies */
    size_t ntexts, atexts;
    pair *pairs;
    size_t npairs, apairs;
    emb__fmt_name *names;
    size_t nnames, anames;
    uint32_t *ntok;
    size_t nntok, antok;
    emb__fmt_ident *idents;
    size_t nidents, aidents;
} builder;

static void builder_free(builder *b)
{
    for (size_t i = 0; i < b->ntexts; i++)
        emb__free(b->texts[i]);
    emb__free(b->texts);
    emb__free(b->toks);
    emb__free(b->pairs);
    emb__free(b->names);
    emb__free(b->ntok);
    emb__free(b->idents);
    emb__map_destroy(&b->dict);
}

static emb_status tok_id(builder *b, const char *s, size_t n, const emb__atok *a, uint8_t flags,
                         uint32_t *id)
{
    uint32_t v;
    if (emb__map_get(&b->dict, s, n, &v)) {
        *id = v;
        emb__fmt_tok *t = &b->toks[v];
        if ((t->flags & EMB_FMT_TOK_CONCAT) && !(flags & EMB_FMT_TOK_CONCAT)) {
            /* first seen as a concatenation, now as a real token */
            t->flags = flags;
            t->phon = a->phon;
            t->canon = a->canon;
            t->skel = a->skel;
        }
        return EMB_OK;
    }
    emb_status st;
    char *c = emb__strndup(s, n);
    if (!c)
        return EMB_ENOMEM;
    EMB__VEC_PUSH(b->texts, b->ntexts, b->atexts, c, st);
    if (st) {
        emb__free(c);
        return st;
    }
    emb__fmt_tok t;
    memset(&t, 0, sizeof t);
    t.text.len = (uint32_t)n;
    t.flags = flags;
    t.letters = emb__letters(s, n);
    if (a) {
        t.phon = a->phon;
        t.canon = a->canon;
        t.skel = a->skel;
    }
    EMB__VEC_PUSH(b->toks, b->ntoks, b->atoks, t, st);
    if (st)
        return st;
    v = (uint32_t)(b->ntoks - 1);
    if ((st = emb__map_put(&b->dict, c, n, v)))
        return st;
    *id = v;
    return EMB_OK;
}

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->tok != y->tok)
        return x->tok < y->tok ? -1 : 1;
    return (x->name > y->name) - (x->name < y->name);
}

static int cmp_key(const void *a, const void *b)
{
    const emb__fmt_key *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->tok > y->tok) - (x->tok < y->tok);
}

static int cmp_ident(const void *a, const void *b)
{
    const emb__fmt_ident *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->entity > y->entity) - (x->entity < y->entity);
}

static int is_name_prop(uint32_t key, uint8_t *kind)
{
    switch (key) {
    case EMB_P_NAME:
        *kind = EMB_FMT_NAME_PRIMARY;
        return 1;
    case EMB_P_ALIAS:
        *kind = EMB_FMT_NAME_ALIAS;
        return 1;
    case EMB_P_WEAK_ALIAS:
        *kind = EMB_FMT_NAME_WEAK;
        return 1;
    case EMB_P_PREVIOUS_NAME:
        *kind = EMB_FMT_NAME_PREVIOUS;
        return 1;
    default:
        return 0;
    }
}

/* Adds one analysed name of entity ent. */
static emb_status add_name(builder *b, const emb__an *an, uint32_t ent, uint32_t prop, uint8_t kind,
                           uint8_t schema)
{
    emb_status st;
    uint32_t name_id = (uint32_t)b->nnames;
    emb__fmt_name nm = {ent,
                        (uint32_t)b->nntok,
                        prop,
                        (uint8_t)an->ntok,
                        (uint8_t)(kind | (an->syllabic ? EMB_FMT_NAME_SYLLABIC : 0) |
                                  (an->hebrew ? EMB_FMT_NAME_HEBREW : 0) |
                                  (an->burmese ? EMB_FMT_NAME_BURMESE : 0) |
                                  (an->arabic ? EMB_FMT_NAME_ARABIC : 0)),
                        schema,
                        an->legal};
    EMB__VEC_PUSH(b->names, b->nnames, b->anames, nm, st);
    if (st)
        return st;
    uint32_t prev = UINT32_MAX;
    for (size_t i = 0; i < an->ntok; i++) {
        const emb__atok *t = &an->tok[i];
        uint32_t id;
        if ((st = tok_id(b, t->s, t->len, t, (uint8_t)(t->flags & 0x7Fu), &id)))
            return st;
        if (id > EMB_FMT_MAX_TOKENS)
            return EMB_ECAP;
        uint32_t packed = id | ((uint32_t)t->flags << 24);
        EMB__VEC_PUSH(b->ntok, b->nntok, b->antok, packed, st);
        if (st)
            return st;
        pair p = {id, name_id};
        EMB__VEC_PUSH(b->pairs, b->npairs, b->apairs, p, st);
        if (st)
            return st;
        /* concatenation with the previous token */
        if (i > 0 && prev != UINT32_MAX) {
            const emb__atok *u = &an->tok[i - 1];
            char cat[2 * 256];
            memcpy(cat, u->s, u->len);
            memcpy(cat + u->len, t->s, t->len);
            uint32_t cid;
            size_t cn = (size_t)u->len + t->len;
            if ((st = tok_id(b, cat, cn, NULL, EMB_FMT_TOK_CONCAT, &cid)))
                return st;
            pair q = {cid, name_id};
            EMB__VEC_PUSH(b->pairs, b->npairs, b->apairs, q, st);
            if (st)
                return st;
        }
        prev = id;
    }
    return EMB_OK;
}

static emb_status add_ident(builder *b, const char *v, size_t n, uint32_t ent, uint32_t prop)
{
    char f[128];
    size_t fl = emb__ident_fold(v, n, f, sizeof f);
    if (fl < 4) /* too short to identify anything */
        return EMB_OK;
    emb__fmt_ident id = {emb__hash(f, fl), ent, prop};
    emb_status st;
    EMB__VEC_PUSH(b->idents, b->nidents, b->aidents, id, st);
    return st;
}

static emb_status collect(builder *b, const emb__store *s, emb__analyzer *an_ctx, emb__an *an,
                          emb_error *err)
{
    uint32_t out_ent = 0, prop_at = 0;
    emb_status st;
    for (size_t i = 0; i < s->nents; i++) {
        const emb__ent *e = &s->ents[i];
        if (e->dead)
            continue;
        uint64_t seen[64];
        size_t nseen = 0;
        for (uint32_t j = 0; j < e->nprops; j++) {
            const emb__sprop *p = &e->props[j];
            uint8_t kind;
            if (is_name_prop(p->key, &kind)) {
                emb__span var[EMB_NAME_MAX_VARIANTS];
                size_t nv = emb__name_variants(p->val, p->len, (emb_schema)e->schema, var,
                                               EMB_NAME_MAX_VARIANTS);
                for (size_t v = 0; v < nv; v++) {
                    st = emb__analyze(an_ctx, var[v].s, var[v].n, (emb_schema)e->schema, an);
                    if (st == EMB_EUTF8 || st == EMB_ECAP || an->ntok == 0)
                        continue; /* unscreenable value; the record keeps it */
                    if (st)
                        return emb__errf(err, st, "indexing %.*s: %s", (int)e->id_len, e->id,
                                         emb_strerror(st));
                    uint64_t h = emb__hash(an->text, an->text_len);
                    int dup = 0;
                    for (size_t k = 0; k < nseen; k++)
                        dup |= seen[k] == h;
                    if (dup)
                        continue;
                    if (nseen < 64)
                        seen[nseen++] = h;
                    if ((st = add_name(b, an, out_ent, prop_at + j, kind, e->schema)))
                        return emb__errf(err, st, "out of memory building the index");
                }
            } else if (p->key < EMB_P__COUNT &&
                       emb__prop_kind((emb_prop)p->key) == EMB_KIND_IDENT) {
                if ((st = add_ident(b, p->val, p->len, out_ent, prop_at + j)))
                    return emb__errf(err, st, "out of memory building the index");
            }
        }
        prop_at += e->nprops;
        out_ent++;
    }
    return EMB_OK;
}

static emb_status emit(builder *b, emb__secs *secs, emb__pool *pool)
{
    emb_status st;
    emb__buf *nams = emb__secs_add(secs, "NAMS", sizeof(emb__fmt_name));
    emb__buf *ntok = emb__secs_add(secs, "NTOK", sizeof(uint32_t));
    emb__buf *tdic = emb__secs_add(secs, "TDIC", sizeof(emb__fmt_tok));
    emb__buf *thsh = emb__secs_add(secs, "THSH", sizeof(uint32_t));
    emb__buf *post = emb__secs_add(secs, "POST", sizeof(uint32_t));
    emb__buf *tkey = emb__secs_add(secs, "TKEY", sizeof(emb__fmt_key));
    emb__buf *tkhs = emb__secs_add(secs, "TKHS", sizeof(uint32_t));
    emb__buf *idnt = emb__secs_add(secs, "IDNT", sizeof(emb__fmt_ident));
    emb__buf *iprm = emb__secs_add(secs, "IPRM", sizeof(emb__fmt_iparams));
    if (!nams || !ntok || !tdic || !thsh || !post || !tkey || !tkhs || !idnt || !iprm)
        return EMB_EINTERNAL;

    /* postings and document frequencies */
    if (b->npairs) /* qsort wants a valid pointer even for no elements */
        qsort(b->pairs, b->npairs, sizeof *b->pairs, cmp_pair);
    uint32_t *posts = emb__calloc(b->npairs ? b->npairs : 1, sizeof *posts);
    if (!posts)
        return EMB_ENOMEM;
    size_t np = 0;
    for (size_t i = 0; i < b->npairs; i++) {
        if (i > 0 && b->pairs[i].tok == b->pairs[i - 1].tok &&
            b->pairs[i].name == b->pairs[i - 1].name)
            continue;
        emb__fmt_tok *t = &b->toks[b->pairs[i].tok];
        if (t->post_count == 0)
            t->post_start = (uint32_t)np;
        t->post_count++;
        posts[np++] = b->pairs[i].name;
    }
    st = emb__buf_add(post, posts, np * sizeof *posts);
    emb__free(posts);
    if (st)
        return st;

    double N = (double)(b->nnames ? b->nnames : 1);
    float maxw = (float)log(1.0 + N / 1.0);
    double sumw = 0;
    size_t nw = 0;
    for (size_t i = 0; i < b->ntoks; i++) {
        emb__fmt_tok *t = &b->toks[i];
        t->weight = (float)log(1.0 + N / (double)(t->post_count ? t->post_count : 1));
        if (!(t->flags & EMB_FMT_TOK_CONCAT)) {
            sumw += t->weight;
            nw++;
        }
        if ((st = emb__pool_put(pool, b->texts[i], t->text.len, &t->text.off)))
            return st;
    }
    if ((st = emb__buf_add(tdic, b->toks, b->ntoks * sizeof *b->toks)))
        return st;

    /* token text hash table */
    size_t nslots = 16;
    while (nslots < b->ntoks * 2)
        nslots *= 2;
    uint32_t *slots = emb__calloc(nslots, sizeof *slots);
    if (!slots)
        return EMB_ENOMEM;
    for (size_t i = 0; i < b->ntoks; i++) {
        size_t h = emb__tok_hash(b->texts[i], b->toks[i].text.len) & (nslots - 1);
        while (slots[h])
            h = (h + 1) & (nslots - 1);
        slots[h] = (uint32_t)i + 1;
    }
    st = emb__buf_add(thsh, slots, nslots * sizeof *slots);
    emb__free(slots);
    if (st)
        return st;

    /* retrieval keys */
    emb__fmt_key *keys = NULL;
    size_t nkeys = 0, akeys = 0;
    for (size_t i = 0; i < b->ntoks && !st; i++) {
        const emb__fmt_tok *t = &b->toks[i];
        if (t->flags & EMB_FMT_TOK_CONCAT)
            continue;
        emb__fmt_key k1 = {t->phon, (uint32_t)i}, k2 = {t->canon, (uint32_t)i},
                     k4 = {t->skel, (uint32_t)i};
        if (t->phon)
            EMB__VEC_PUSH(keys, nkeys, akeys, k1, st);
        if (!st && t->canon)
            EMB__VEC_PUSH(keys, nkeys, akeys, k2, st);
        if (!st && t->skel)
            EMB__VEC_PUSH(keys, nkeys, akeys, k4, st);
        uint32_t dk[EMB_KEYS_MAX_DEL];
        size_t nd = emb__del_keys(b->texts[i], t->text.len, dk);
        for (size_t d = 0; d < nd && !st; d++) {
            emb__fmt_key k3 = {dk[d], (uint32_t)i};
            EMB__VEC_PUSH(keys, nkeys, akeys, k3, st);
        }
        uint32_t dk2[EMB_KEYS_MAX_DEL2];
        size_t nd2 = emb__del2_keys(b->texts[i], t->text.len, dk2);
        for (size_t d = 0; d < nd2 && !st; d++) {
            emb__fmt_key k5 = {dk2[d], (uint32_t)i};
            EMB__VEC_PUSH(keys, nkeys, akeys, k5, st);
        }
    }
    if (!st) {
        if (nkeys)
            qsort(keys, nkeys, sizeof *keys, cmp_key);
        size_t w = 0;
        for (size_t i = 0; i < nkeys; i++)
            if (w == 0 || keys[i].hash != keys[w - 1].hash || keys[i].tok != keys[w - 1].tok)
                keys[w++] = keys[i];
        st = emb__buf_add(tkey, keys, w * sizeof *keys);
        /* hash table over the distinct key hashes: slot -> first entry + 1 */
        size_t ns = 16;
        while (ns < w * 2)
            ns *= 2;
        uint32_t *ks = st ? NULL : emb__calloc(ns, sizeof *ks);
        if (!st && !ks)
            st = EMB_ENOMEM;
        for (size_t i = 0; !st && i < w; i++) {
            if (i > 0 && keys[i].hash == keys[i - 1].hash)
                continue;
            size_t h = keys[i].hash & (ns - 1);
            while (ks[h])
                h = (h + 1) & (ns - 1);
            ks[h] = (uint32_t)i + 1;
        }
        if (!st)
            st = emb__buf_add(tkhs, ks, ns * sizeof *ks);
        emb__free(ks);
    }
    emb__free(keys);
    if (st)
        return st;

    if (b->nidents)
        qsort(b->idents, b->nidents, sizeof *b->idents, cmp_ident);
    if ((st = emb__buf_add(idnt, b->idents, b->nidents * sizeof *b->idents)) ||
        (st = emb__buf_add(nams, b->names, b->nnames * sizeof *b->names)) ||
        (st = emb__buf_add(ntok, b->ntok, b->nntok * sizeof *b->ntok)))
        return st;
    emb__fmt_iparams ip;
    memset(&ip, 0, sizeof ip);
    ip.name_count = (uint32_t)b->nnames;
    ip.tok_count = (uint32_t)b->ntoks;
    ip.max_weight = maxw;
    ip.mean_weight = nw ? (float)(sumw / (double)nw) : maxw;
    return emb__buf_add(iprm, &ip, sizeof ip);
}

emb_status emb__index_build(const emb__store *s, emb__secs *secs, emb__pool *pool, emb_error *err)
{
    builder b;
    memset(&b, 0, sizeof b);
    emb__map_init(&b.dict);
    emb__analyzer *an_ctx = NULL;
    emb__an *an = emb__malloc(sizeof *an);
    emb_status st = an ? emb__analyzer_new(&an_ctx) : EMB_ENOMEM;
    if (st) {
        emb__errf(err, st, "cannot start the name analyser: %s", emb_strerror(st));
        goto out;
    }
    if ((st = collect(&b, s, an_ctx, an, err)))
        goto out;
    if ((st = emit(&b, secs, pool)))
        emb__errf(err, st, "cannot build the index: %s", emb_strerror(st));
out:
    emb__free(an);
    emb__analyzer_free(an_ctx);
    builder_free(&b);
    return st;
}
