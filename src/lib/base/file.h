/*
 * file.h - reading whole list files into memory, transparently
 * decompressing gzip and xz (detected by magic bytes), and SHA-256 of the
 * bytes as published (before decompression).
 */
#ifndef EMB_BASE_FILE_H
#define EMB_BASE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"

typedef struct emb__file {
    char *data; /* NUL-terminated copy of the (decompressed) bytes */
    size_t len;
    char sha256[65]; /* hex digest of the file as stored on disk */
    int compressed;  /* 0 none, 1 gzip, 2 xz */
} emb__file;

emb_status emb__file_load(emb__file *f, const char *path, emb_error *err);
/* Same, from memory (sha256 over the given bytes). */
emb_status emb__file_from_memory(emb__file *f, const void *p, size_t n, const char *name,
                                 emb_error *err);
void emb__file_destroy(emb__file *f);

/* Hex SHA-256 of a buffer into out[65]. */
emb_status emb__sha256_hex(const void *p, size_t n, char out[65]);

#endif
