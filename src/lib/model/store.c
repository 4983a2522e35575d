/*
 * store.c - the build-time entity store (store.h).  Entities keep a small
 * growable property array; duplicate (key, value) pairs are dropped so that
 * lists with one row per alias (OFSI) or repeated fields merge cleanly.
 */
#include "store.h"

#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/limits.h"

emb_status emb__store_init(emb__store *s)
{
    memset(s, 0, sizeof *s);
    emb__arena_init(&s->arena, 1 << 20, 0);
    emb__map_init(&s->ids);
    emb__map_init(&s->keymap);
    return EMB_OK;
}

void emb__store_destroy(emb__store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nents; i++)
        emb__free(s->ents[i].props);
    emb__free(s->ents);
    for (size_t i = 0; i < s->ndatasets; i++)
        emb__free(s->datasets[i].sources);
    emb__free(s->datasets);
    emb__free(s->keys);
    emb__map_destroy(&s->ids);
    emb__map_destroy(&s->keymap);
    emb__arena_destroy(&s->arena);
    memset(s, 0, sizeof *s);
}

char *emb__store_strdup(emb__store *s, const char *p, size_t n)
{
    return emb__arena_strndup(&s->arena, p ? p : "", p ? n : 0);
}

emb_status emb__store_dataset(emb__store *s, const char *name, const char *title,
                              const char *format, uint16_t *index)
{
    for (size_t i = 0; i < s->ndatasets; i++)
        if (strcmp(s->datasets[i].name, name) == 0) {
            *index = (uint16_t)i;
            return EMB_OK;
        }
    if (s->ndatasets >= UINT16_MAX)
        return EMB_ECAP;
    void *p = s->datasets;
    emb_status st = emb__grow(&p, &s->adatasets, s->ndatasets + 1, sizeof *s->datasets);
    s->datasets = p;
    if (st)
        return st;
    emb__dataset *d = &s->datasets[s->ndatasets];
    memset(d, 0, sizeof *d);
    d->name = emb__store_strdup(s, name, strlen(name));
    d->title = emb__store_strdup(s, title ? title : name, strlen(title ? title : name));
    d->format = emb__store_strdup(s, format ? format : "", strlen(format ? format : ""));
    d->list_date = "";
    if (!d->name || !d->title || !d->format)
        return EMB_ENOMEM;
    *index = (uint16_t)s->ndatasets++;
    return EMB_OK;
}

int emb__store_find(const emb__store *s, const char *id, size_t idlen, uint32_t *index)
{
    return emb__map_get(&s->ids, id, idlen, index);
}

emb_status emb__store_add(emb__store *s, const char *id, size_t idlen, emb_schema schema,
                          uint16_t dataset, uint32_t *index)
{
    if (idlen == 0 || idlen > UINT32_MAX)
        return EMB_EARG;
    if (emb__map_get(&s->ids, id, idlen, NULL))
        return EMB_EARG;
    if (s->nents >= EMB_CAP_ENTITIES)
        return EMB_ECAP;
    void *p = s->ents;
    emb_status st = emb__grow(&p, &s->aents, s->nents + 1, sizeof *s->ents);
    s->ents = p;
    if (st)
        return st;
    char *cid = emb__store_strdup(s, id, idlen);
    if (!cid)
        return EMB_ENOMEM;
    if ((st = emb__map_put(&s->ids, cid, idlen, (uint32_t)s->nents)) != EMB_OK)
        return st;
    emb__ent *e = &s->ents[s->nents];
    memset(e, 0, sizeof *e);
    e->id = cid;
    e->id_len = (uint32_t)idlen;
    e->dataset = dataset;
    e->schema = (uint8_t)schema;
    *index = (uint32_t)s->nents++;
    return EMB_OK;
}

emb_status emb__store_prop(emb__store *s, uint32_t ent, uint32_t key, const char *v, size_t n)
{
    if (ent >= s->nents || n > UINT32_MAX)
        return EMB_EARG;
    emb__ent *e = &s->ents[ent];
    for (uint32_t i = 0; i < e->nprops; i++)
        if (e->props[i].key == key && e->props[i].len == n && memcmp(e->props[i].val, v, n) == 0)
            return EMB_OK;
    if (e->nprops >= EMB_CAP_PROPS_PER_ENTITY)
        return EMB_ECAP;
    if (e->nprops == e->aprops) {
        size_t a = e->aprops;
        void *p = e->props;
        emb_status st = emb__grow(&p, &a, (size_t)e->nprops + 1, sizeof *e->props);
        if (st)
            return st;
        e->props = p;
        e->aprops = (uint32_t)a;
    }
    char *c = emb__store_strdup(s, v, n);
    if (!c)
        return EMB_ENOMEM;
    e->props[e->nprops].key = key;
    e->props[e->nprops].len = (uint32_t)n;
    e->props[e->nprops].val = c;
    e->nprops++;
    return EMB_OK;
}

emb_status emb__store_key(emb__store *s, const char *name, size_t len, uint32_t *key)
{
    emb_prop p = emb__prop_lookup(name, len);
    if (p != EMB_P__COUNT) {
        *key = (uint32_t)p;
        return EMB_OK;
    }
    uint32_t v;
    if (emb__map_get(&s->keymap, name, len, &v)) {
        *key = v;
        return EMB_OK;
    }
    void *pp = (void *)s->keys;
    emb_status st = emb__grow(&pp, &s->akeys, s->nkeys + 1, sizeof *s->keys);
    s->keys = pp;
    if (st)
        return st;
    char *c = emb__store_strdup(s, name, len);
    if (!c)
        return EMB_ENOMEM;
    v = (uint32_t)(EMB_P__COUNT + s->nkeys);
    if ((st = emb__map_put(&s->keymap, c, len, v)) != EMB_OK)
        return st;
    s->keys[s->nkeys++] = c;
    *key = v;
    return EMB_OK;
}

const char *emb__store_key_name(const emb__store *s, uint32_t key)
{
    if (key < EMB_P__COUNT)
        return emb__prop_name((emb_prop)key);
    key -= EMB_P__COUNT;
    return key < s->nkeys ? s->keys[key] : "";
}

const emb__sprop *emb__ent_first(const emb__ent *e, uint32_t key)
{
    for (uint32_t i = 0; i < e->nprops; i++)
        if (e->props[i].key == key)
            return &e->props[i];
    return NULL;
}
