/*
 * store.h - the in-memory entity store filled by list readers at build time
 * and compiled into a snapshot.  Strings live in the store's arena; entities
 * are addressed by index; ids are unique across the whole store.
 */
#ifndef EMB_MODEL_STORE_H
#define EMB_MODEL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/hash.h"
#include "embargo.h"
#include "props.h"

typedef struct emb__sprop {
    uint32_t key; /* emb_prop when < EMB_P__COUNT, else extra key */
    uint32_t len;
    const char *val; /* NUL-terminated, in the arena */
} emb__sprop;

typedef struct emb__ent {
    const char *id;
    uint32_t id_len;
    uint16_t dataset;
    uint8_t schema; /* emb_schema */
    uint8_t dead;   /* removed (not written) */
    emb__sprop *props;
    uint32_t nprops, aprops;
} emb__ent;

typedef struct emb__source {
    const char *path;
    char sha256[65];
} emb__source;

typedef struct emb__dataset {
    const char *name;
    const char *title;
    const char *format;
    const char *list_date;
    size_t records_read;
    size_t records_skipped;
    size_t warnings;
    emb__source *sources;
    size_t nsources, asources;
} emb__dataset;

typedef struct emb__store {
    emb__arena arena;
    emb__ent *ents;
    size_t nents, aents;
    emb__map ids; /* id -> entity index */
    emb__dataset *datasets;
    size_t ndatasets, adatasets;
    const char **keys; /* extra property names (index - EMB_P__COUNT) */
    size_t nkeys, akeys;
    emb__map keymap;
} emb__store;

emb_status emb__store_init(emb__store *s);
void emb__store_destroy(emb__store *s);

/* Finds or adds a dataset by name; *index receives it. */
emb_status emb__store_dataset(emb__store *s, const char *name, const char *title,
                              const char *format, uint16_t *index);

/* Adds an entity; EMB_EARG if the id is taken (use find first). */
emb_status emb__store_add(emb__store *s, const char *id, size_t idlen, emb_schema schema,
                          uint16_t dataset, uint32_t *index);
/* Returns 1 and the index if the id exists. */
int emb__store_find(const emb__store *s, const char *id, size_t idlen, uint32_t *index);

/* Appends a property value (copied) unless the entity already has the same
 * key with the same value.  Caller has validated/trimmed the value. */
emb_status emb__store_prop(emb__store *s, uint32_t ent, uint32_t key, const char *v, size_t n);
/* Key index for an arbitrary property name (known or extra). */
emb_status emb__store_key(emb__store *s, const char *name, size_t len, uint32_t *key);
const char *emb__store_key_name(const emb__store *s, uint32_t key);

/* First value of a key on an entity, or NULL. */
const emb__sprop *emb__ent_first(const emb__ent *e, uint32_t key);

char *emb__store_strdup(emb__store *s, const char *p, size_t n);

#endif
