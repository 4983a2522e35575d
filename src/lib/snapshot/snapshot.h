/*
 * snapshot.h - the opened snapshot as the library sees it: typed views of
 * the core sections, and raw access to any section by tag for the matcher.
 * Every view is bounds-checked at open; accessors check indexes.
 */
#ifndef EMB_SNAPSHOT_SNAPSHOT_H
#define EMB_SNAPSHOT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "../model/props.h"
#include "embargo.h"
#include "format.h"

struct emb__index; /* matcher view, index/index.h */

struct emb_snapshot {
    const unsigned char *base;
    size_t size;
    size_t map_len; /* the length to munmap on close; 0: memory of the caller's */
    const emb__fmt_header *hdr;
    const emb__fmt_section *secs;
    uint32_t nsecs;

    const char *strs;
    size_t strs_len;
    const emb__fmt_str *keys;
    size_t nkeys;
    const emb__fmt_dataset *datasets;
    size_t ndatasets;
    const emb__fmt_source *sources;
    size_t nsources;
    const emb__fmt_entity *ents;
    size_t nents;
    const emb__fmt_prop *props;
    size_t nprops;
    const uint32_t *idix;
    size_t nidix;
    /* snapshot key index -> known property (EMB_P__COUNT if unknown) */
    uint8_t *key_prop;
    struct emb__index *index;
    char builder[33];
};

/* Finds a section by tag; returns 1 with pointer/size, 0 if absent. */
int emb__snap_section(const emb_snapshot *s, const char *tag, const void **p, size_t *n,
                      uint32_t *elem_size);
/* Resolves a pool string; returns an empty string when out of range. */
emb_str emb__snap_str(const emb_snapshot *s, emb__fmt_str r);
/* Known property of snapshot key k (EMB_P__COUNT when unknown). */
emb_prop emb__snap_prop(const emb_snapshot *s, uint32_t key);

#endif
