/*
 * index.h - the matcher's read-only view of a snapshot's matching sections,
 * bounds-checked at open.  Shared by every thread.
 */
#ifndef EMB_INDEX_INDEX_H
#define EMB_INDEX_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"
#include "index_format.h"

typedef struct emb__index {
    const emb__fmt_name *names;
    size_t nnames;
    const uint32_t *ntok;
    size_t nntok;
    const emb__fmt_tok *toks;
    size_t ntoks;
    const uint32_t *thsh;
    size_t nthsh; /* power of two */
    const uint32_t *post;
    size_t npost;
    const emb__fmt_key *keys;
    size_t nkeys;
    const uint32_t *khash;
    size_t nkhash; /* power of two */
    const emb__fmt_ident *idents;
    size_t nidents;
    emb__fmt_iparams params;
} emb__index;

emb_status emb__index_open(const emb_snapshot *s, emb__index **out, emb_error *err);
void emb__index_close(emb__index *ix);
emb_status emb__index_verify(const emb_snapshot *s, const emb__index *ix, emb_error *err);
size_t emb__index_name_count(const emb__index *ix);

/* Token id of an exact text, or UINT32_MAX. */
uint32_t emb__index_lookup(const emb_snapshot *s, const emb__index *ix, const char *t, size_t n);
/* Range [*lo, *hi) of TKEY entries with this hash. */
void emb__index_keys(const emb__index *ix, uint32_t hash, size_t *lo, size_t *hi);

#endif
