/*
 * ingest_internal.h - the ingest context shared by ingest.c and builder.c.
 */
#ifndef EMB_LISTS_INGEST_INTERNAL_H
#define EMB_LISTS_INGEST_INTERNAL_H

#include "ingest.h"

typedef struct emb__warn_rec {
    uint16_t dataset;
    const char *file;
    uint64_t line;
    const char *reason;
    int skipped;
} emb__warn_rec;

typedef struct emb__warnings {
    emb__warn_rec *items;
    size_t n, alloc;
    size_t total;
} emb__warnings;

struct emb__ingest {
    emb__store *store;
    emb__warnings *warnings;
    uint16_t dataset;
    uint16_t first_dataset;
    unsigned flags;
    const char *main_path; /* the path given by the user */
    const char *path;      /* the file being read now (arena copy) */
    uint64_t line;
    const char *id_prefix;
    emb_error *err;
};

#endif
