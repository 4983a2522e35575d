/*
 * index.c - opening the matching sections of a snapshot (index.h).  Open
 * checks every section's element size and every cross-reference that the
 * query path follows without further checks (name -> tokens, token ->
 * postings, postings -> names, keys -> tokens, idents -> entities), so a
 * corrupt file is refused rather than read out of bounds.  The checks are
 * linear scans of a few MB (branch-free, searched for the bad entry only
 * when there is one).  The two open-addressing tables (token text -> token,
 * key hash -> first key), the largest sections, are instead checked slot
 * by slot where they are read (emb__index_lookup, emb__index_keys): a bad
 * slot reads as "not found", and opening does not walk 30 MB.
 */
#include "index.h"

#include <string.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "../score/analyze.h"
#include "../snapshot/snapshot.h"

static emb_status sect(const emb_snapshot *s, const char *tag, size_t elem, const void **p,
                       size_t *count, emb_error *err)
{
    size_t n;
    uint32_t es;
    if (!emb__snap_section(s, tag, p, &n, &es))
        return emb__errf(err, EMB_ECORRUPT, "snapshot lacks the %s section", tag);
    if (es != elem || n % elem)
        return emb__errf(err, EMB_ECORRUPT, "snapshot section %s has a bad element size", tag);
    *count = n / elem;
    return EMB_OK;
}

static emb_status check_refs(const emb_snapshot *s, const emb__index *ix, emb_error *err)
{
    for (size_t i = 0; i < ix->nnames; i++) {
        const emb__fmt_name *n = &ix->names[i];
        if (n->entity >= s->nents || (uint64_t)n->tok_start + n->ntok > ix->nntok ||
            n->prop >= s->nprops || n->ntok > EMB_AN_MAX_TOKENS)
            return emb__errf(err, EMB_ECORRUPT, "snapshot name %zu is inconsistent", i);
    }
    /* The long sections are checked with branch-free reductions (the
     * compiler vectorises them), and searched for the bad entry only when
     * one is found: opening is bound by these loops. */
    uint32_t bad = 0;
    for (size_t i = 0; i < ix->nntok; i++)
        bad |= EMB_FMT_NTOK_ID(ix->ntok[i]) >= ix->ntoks;
    for (size_t i = 0; bad && i < ix->nntok; i++)
        if (EMB_FMT_NTOK_ID(ix->ntok[i]) >= ix->ntoks)
            return emb__errf(err, EMB_ECORRUPT, "snapshot name token %zu is out of range", i);
    for (size_t i = 0; i < ix->ntoks; i++) {
        const emb__fmt_tok *t = &ix->toks[i];
        if ((uint64_t)t->post_start + t->post_count > ix->npost ||
            (uint64_t)t->text.off + t->text.len > s->strs_len || t->text.len > 255)
            return emb__errf(err, EMB_ECORRUPT, "snapshot token %zu is inconsistent", i);
    }
    bad = 0;
    for (size_t i = 0; i < ix->npost; i++)
        bad |= ix->post[i] >= ix->nnames;
    for (size_t i = 0; bad && i < ix->npost; i++)
        if (ix->post[i] >= ix->nnames)
            return emb__errf(err, EMB_ECORRUPT, "snapshot posting %zu is out of range", i);
    bad = 0;
    for (size_t i = 0; i < ix->nkeys; i++)
        bad |= ix->keys[i].tok >= ix->ntoks;
    for (size_t i = 0; bad && i < ix->nkeys; i++)
        if (ix->keys[i].tok >= ix->ntoks)
            return emb__errf(err, EMB_ECORRUPT, "snapshot key %zu is out of range", i);
    for (size_t i = 0; i < ix->nidents; i++)
        if (ix->idents[i].entity >= s->nents || ix->idents[i].prop >= s->nprops)
            return emb__errf(err, EMB_ECORRUPT, "snapshot identifier %zu is out of range", i);
    return EMB_OK;
}

emb_status emb__index_open(const emb_snapshot *s, emb__index **out, emb_error *err)
{
    emb__index *ix = emb__calloc(1, sizeof *ix);
    if (!ix)
        return emb__errf(err, EMB_ENOMEM, "out of memory");
    const void *p;
    size_t n = 0;
    emb_status st;
    if ((st = sect(s, "NAMS", sizeof(emb__fmt_name), &p, &ix->nnames, err)))
        goto fail;
    ix->names = p;
    if ((st = sect(s, "NTOK", sizeof(uint32_t), &p, &ix->nntok, err)))
        goto fail;
    ix->ntok = p;
    if ((st = sect(s, "TDIC", sizeof(emb__fmt_tok), &p, &ix->ntoks, err)))
        goto fail;
    ix->toks = p;
    if ((st = sect(s, "THSH", sizeof(uint32_t), &p, &ix->nthsh, err)))
        goto fail;
    ix->thsh = p;
    if ((st = sect(s, "POST", sizeof(uint32_t), &p, &ix->npost, err)))
        goto fail;
    ix->post = p;
    if ((st = sect(s, "TKEY", sizeof(emb__fmt_key), &p, &ix->nkeys, err)))
        goto fail;
    ix->keys = p;
    if ((st = sect(s, "TKHS", sizeof(uint32_t), &p, &ix->nkhash, err)))
        goto fail;
    ix->khash = p;
    if (ix->nkhash == 0 || (ix->nkhash & (ix->nkhash - 1)) || ix->nkhash < ix->nkeys) {
        st = emb__errf(err, EMB_ECORRUPT, "snapshot key hash table has a bad size");
        goto fail;
    }
    if ((st = sect(s, "IDNT", sizeof(emb__fmt_ident), &p, &ix->nidents, err)))
        goto fail;
    ix->idents = p;
    if ((st = sect(s, "IPRM", sizeof(emb__fmt_iparams), &p, &n, err)))
        goto fail;
    if (n != 1) {
        st = emb__errf(err, EMB_ECORRUPT, "snapshot IPRM section is malformed");
        goto fail;
    }
    memcpy(&ix->params, p, sizeof ix->params);
    if (ix->nthsh == 0 || (ix->nthsh & (ix->nthsh - 1)) || ix->nthsh < ix->ntoks) {
        st = emb__errf(err, EMB_ECORRUPT, "snapshot token hash table has a bad size");
        goto fail;
    }
    if ((st = check_refs(s, ix, err)))
        goto fail;
    *out = ix;
    return EMB_OK;
fail:
    emb__free(ix);
    return st;
}

void emb__index_close(emb__index *ix)
{
    emb__free(ix);
}

emb_status emb__index_verify(const emb_snapshot *s, const emb__index *ix, emb_error *err)
{
    if (!ix)
        return emb__errf(err, EMB_ECORRUPT, "snapshot has no index");
    emb_status st = check_refs(s, ix, err);
    if (st)
        return st;
    for (size_t i = 1; i < ix->nkeys; i++)
        if (ix->keys[i].hash < ix->keys[i - 1].hash)
            return emb__errf(err, EMB_ECORRUPT, "snapshot key table is not sorted");
    for (size_t i = 1; i < ix->nidents; i++)
        if (ix->idents[i].hash < ix->idents[i - 1].hash)
            return emb__errf(err, EMB_ECORRUPT, "snapshot identifier table is not sorted");
    return EMB_OK;
}

size_t emb__index_name_count(const emb__index *ix)
{
    return ix ? ix->nnames : 0;
}

uint32_t emb__index_lookup(const emb_snapshot *s, const emb__index *ix, const char *t, size_t n)
{
    size_t mask = ix->nthsh - 1;
    size_t h = emb__tok_hash(t, n) & mask;
    for (size_t probes = 0; probes < ix->nthsh; probes++, h = (h + 1) & mask) {
        uint32_t v = ix->thsh[h];
        if (v == 0 || v > ix->ntoks) /* (a bad slot of a corrupt file) */
            return UINT32_MAX;
        const emb__fmt_tok *tk = &ix->toks[v - 1];
        if (tk->text.len == n && memcmp(s->strs + tk->text.off, t, n) == 0)
            return v - 1;
    }
    return UINT32_MAX;
}

void emb__index_keys(const emb__index *ix, uint32_t hash, size_t *lo, size_t *hi)
{
    size_t mask = ix->nkhash - 1;
    *lo = *hi = 0;
    for (size_t h = hash & mask, probes = 0; probes < ix->nkhash; probes++, h = (h + 1) & mask) {
        uint32_t v = ix->khash[h];
        if (v == 0 || v > ix->nkeys) /* (a bad slot of a corrupt file) */
            return;
        if (ix->keys[v - 1].hash != hash)
            continue;
        size_t e = v - 1;
        *lo = e;
        while (e < ix->nkeys && ix->keys[e].hash == hash)
            e++;
        *hi = e;
        return;
    }
}
