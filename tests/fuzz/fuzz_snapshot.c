/*
 * fuzz_snapshot.c - libFuzzer target for the snapshot reader: the input is
 * a snapshot file (seeds are small real snapshots built from tests/data).
 * It is opened with emb_snapshot_open_memory from an exactly sized,
 * 8-byte-aligned heap copy; a file that opens is then walked WITHOUT
 * verification first (docs/snapshot.md: every accessor is bounds-checked,
 * so even an unverified file must not make a read go out of bounds):
 * info, every dataset, source, schema count and section, every entity's
 * id, caption, schema, dataset and properties, an id lookup of each id,
 * then a query by the first entity's caption and by a fixed name, with the
 * explanation of every result; finally emb_snapshot_verify.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "embargo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Walks at most this many entities so a large fuzzed count stays fast. */
#define WALK_MAX 2000

static void touch(emb_str s)
{
    volatile unsigned char sink = 0;
    for (size_t i = 0; i < s.len; i++)
        sink ^= (unsigned char)s.ptr[i];
    (void)sink;
}

static void run_query(const emb_snapshot *s, const char *name, size_t n)
{
    emb_query *q = NULL;
    emb_error err;
    if (emb_query_new(&q, s, &err) != EMB_OK)
        return;
    if (emb_query_add(q, "name", 4, name, n, &err) == EMB_OK &&
        emb_query_set_threshold(q, 0.0) == EMB_OK && emb_query_set_limit(q, 20) == EMB_OK &&
        emb_query_run(q, &err) == EMB_OK) {
        size_t nr = emb_result_count(q);
        for (size_t i = 0; i < nr; i++) {
            emb_result r;
            if (emb_result_get(q, i, &r) != EMB_OK)
                continue;
            emb_str str;
            if (emb_entity_caption(s, r.entity, &str) == EMB_OK)
                touch(str);
            size_t need = 0;
            char small[16];
            (void)emb_result_explain(q, i, small, sizeof small, &need);
            if (need > 0 && need < (1u << 20)) {
                char *buf = malloc(need);
                if (!buf)
                    abort();
                if (emb_result_explain(q, i, buf, need, &need) == EMB_OK && strlen(buf) + 1 != need)
                    abort();
                free(buf);
            }
        }
    }
    emb_query_free(q);
}

static void walk(const emb_snapshot *s)
{
    emb_snapshot_info info;
    emb_snapshot_get_info(s, &info);
    for (size_t i = 0; i < info.dataset_count && i < 64; i++) {
        emb_dataset_info d;
        if (emb_snapshot_dataset(s, i, &d) != EMB_OK)
            continue;
        size_t counts[EMB_SCHEMA__COUNT];
        (void)emb_snapshot_dataset_schemas(s, i, counts);
        for (size_t j = 0; j < d.source_count && j < 16; j++) {
            emb_source_info src;
            (void)emb_snapshot_dataset_source(s, i, j, &src);
        }
    }
    for (size_t i = 0; i < info.section_count && i < 64; i++) {
        emb_section_info sec;
        (void)emb_snapshot_section(s, i, &sec);
    }
    size_t n = info.entity_count < WALK_MAX ? info.entity_count : WALK_MAX;
    for (uint32_t e = 0; e < n; e++) {
        emb_str str, pn, pv;
        emb_schema sc;
        uint32_t ds, found;
        if (emb_entity_id(s, e, &str) == EMB_OK) {
            touch(str);
            (void)emb_entity_find(s, str.ptr, str.len, &found);
        }
        if (emb_entity_caption(s, e, &str) == EMB_OK)
            touch(str);
        (void)emb_entity_schema(s, e, &sc);
        (void)emb_entity_dataset(s, e, &ds);
        size_t np = emb_entity_prop_count(s, e);
        for (size_t j = 0; j < np && j < 256; j++)
            if (emb_entity_prop(s, e, j, &pn, &pv) == EMB_OK) {
                touch(pn);
                touch(pv);
            }
    }
    /* Out-of-range indexes must be refused, not read. */
    emb_str str;
    (void)emb_entity_id(s, (uint32_t)info.entity_count, &str);
    (void)emb_entity_prop_count(s, UINT32_MAX);
    (void)emb_entity_find(s, "un-KPi.033", 10, &(uint32_t){0});

    if (info.entity_count > 0 && emb_entity_caption(s, 0, &str) == EMB_OK && str.len <= 512) {
        char name[513];
        memcpy(name, str.ptr, str.len);
        run_query(s, name, str.len);
    }
    run_query(s, "Kim Jong Un", 11);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* malloc'd blocks are at least 8-byte aligned, as the reader needs. */
    void *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    if (size)
        memcpy(copy, data, size);
    emb_snapshot *s = NULL;
    emb_error err;
    if (emb_snapshot_open_memory(&s, copy, size, &err) == EMB_OK) {
        walk(s);
        (void)emb_snapshot_verify(s, &err);
        emb_snapshot_close(s);
    }
    free(copy);
    return 0;
}
