/*
 * scan_fixture.c - see scan_fixture.h.
 */
#include "scan_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

emb_snapshot *sfx_snap;
emb_scan *sfx_scan;
static char snap_path[256];

int sfx_setup(void **state)
{
    (void)state;
    emb_builder *b = NULL;
    emb_error err;
    snprintf(snap_path, sizeof snap_path, "/tmp/emb_test_scan_%d.emb", (int)getpid());
    if (emb_builder_new(&b, 0, &err) ||
        emb_builder_add_list(b, "ftm", fx_data("scan/list.jsonl"), &err) ||
        emb_builder_write(b, snap_path, &err)) {
        fprintf(stderr, "build: %s\n", err.message);
        emb_builder_free(b);
        return -1;
    }
    emb_builder_free(b);
    if (emb_snapshot_open(&sfx_snap, snap_path, &err))
        return -1;
    if (emb_scan_new(&sfx_scan, sfx_snap, fx_repo_data("rules/embargoed.tsv"), &err)) {
        fprintf(stderr, "scan: %s\n", err.message);
        return -1;
    }
    return 0;
}

int sfx_teardown(void **state)
{
    (void)state;
    emb_scan_free(sfx_scan);
    emb_snapshot_close(sfx_snap);
    unlink(snap_path);
    return 0;
}

size_t sfx_slurp(const char *name, char *buf, size_t cap)
{
    FILE *f = fopen(fx_data(name), "rb");
    if (!f || cap == 0)
        return (size_t)-1;
    size_t n = fread(buf, 1, cap - 1, f);
    int whole = feof(f) || fgetc(f) == EOF;
    fclose(f);
    if (!whole)
        return (size_t)-1;
    buf[n] = '\0';
    return n;
}

long sfx_find(emb_scan_kind kind, const char *field, const char *id)
{
    for (size_t i = 0; i < emb_scan_hit_count(sfx_scan); i++) {
        emb_scan_hit h;
        assert_int_equal(emb_scan_hit_get(sfx_scan, i, &h), EMB_OK);
        if (h.kind != kind || h.field.len != strlen(field) ||
            memcmp(h.field.ptr, field, h.field.len))
            continue;
        if (kind == EMB_HIT_COUNTRY) {
            if (h.rule.len == strlen(id) && memcmp(h.rule.ptr, id, h.rule.len) == 0)
                return (long)i;
            continue;
        }
        emb_str eid;
        assert_int_equal(emb_entity_id(sfx_snap, h.entity, &eid), EMB_OK);
        if (eid.len == strlen(id) && memcmp(eid.ptr, id, eid.len) == 0)
            return (long)i;
    }
    return -1;
}
