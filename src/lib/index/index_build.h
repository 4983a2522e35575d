/*
 * index_build.h - builds the matching sections (index_format.h) from the
 * store at snapshot-write time.
 */
#ifndef EMB_INDEX_BUILD_H
#define EMB_INDEX_BUILD_H

#include "../model/store.h"
#include "../snapshot/sections.h"
#include "embargo.h"

emb_status emb__index_build(const emb__store *s, emb__secs *secs, emb__pool *pool, emb_error *err);

/* Folds an identifier for exact comparison: upper-case ASCII letters and
 * digits only ("KP 123-456" -> "KP123456").  Returns the length. */
size_t emb__ident_fold(const char *s, size_t n, char *out, size_t cap);

#endif
