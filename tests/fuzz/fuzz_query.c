/*
 * fuzz_query.c - libFuzzer target for the query path: emb_query_add with
 * fuzzed property names and values, the query options, emb_query_run,
 * the results and their explanations, and emb_compare_names.
 *
 * The snapshot screened is built once per process from the small store of
 * fuzz_snap.h, written to a temporary file, mapped, and the file unlinked.
 *
 * Input layout: byte 0 picks the schema (or none), byte 1 the limit,
 * byte 2 the threshold, byte 3 flags (bit 0: compare the first two values
 * with emb_compare_names, bit 1: with the snapshot's token weights);
 * then lines "property<TAB>value" ("value" alone means "name"; the property
 * "@dataset" restricts the query to a dataset).  Lines are cut at '\n' so a
 * value cannot hold one; every other byte, NUL included, reaches the
 * library as given.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embargo.h"
#include "fuzz_snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static emb_snapshot *g_snap;
static emb_query *g_q;

static void release(void)
{
    emb_query_free(g_q);
    emb_snapshot_close(g_snap);
    g_q = NULL;
    g_snap = NULL;
}

static void build_snapshot(void)
{
    char path[512];
    emb_error err;
    fuzz_snap_path(path, sizeof path, "query");
    fuzz_snap_write(path);
    if (emb_snapshot_open(&g_snap, path, &err) != EMB_OK)
        abort();
    unlink(path);
    if (emb_query_new(&g_q, g_snap, &err) != EMB_OK)
        abort();
    atexit(release);
}

static void explain_all(emb_query *q)
{
    size_t n = emb_result_count(q);
    for (size_t i = 0; i <= n; i++) { /* one past the end must be refused */
        emb_result r;
        if (emb_result_get(q, i, &r) != EMB_OK) {
            if (i < n)
                abort();
            continue;
        }
        if (!(r.score >= 0.0 && r.score <= 1.0) || !(r.name_score >= 0.0 && r.name_score <= 1.0))
            abort();
        size_t need = 0;
        char tiny[5];
        (void)emb_result_explain(q, i, tiny, sizeof tiny, &need);
        (void)emb_result_explain(q, i, NULL, 0, &need);
        if (need == 0 || need > (1u << 22))
            abort();
        char *buf = malloc(need);
        if (!buf)
            abort();
        if (emb_result_explain(q, i, buf, need, &need) != EMB_OK || strlen(buf) + 1 != need)
            abort();
        free(buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_snap)
        build_snapshot();
    if (size < 4)
        return 0;
    emb_query *q = g_q;
    emb_error err;
    emb_query_reset(q);
    if (data[0] % (EMB_SCHEMA__COUNT + 1) < EMB_SCHEMA__COUNT)
        (void)emb_query_set_schema(q, (emb_schema)(data[0] % (EMB_SCHEMA__COUNT + 1)));
    if (data[1])
        (void)emb_query_set_limit(q, data[1] == 255 ? (size_t)1 << 20 : data[1]);
    if (data[2])
        (void)emb_query_set_threshold(q, data[2] == 255 ? -1.0 : data[2] / 200.0);
    unsigned flags = data[3];

    /* Values are copied into exactly sized blocks so over-reads show. */
    const char *vals[2] = {NULL, NULL};
    size_t vlens[2] = {0, 0};
    char *owned[2] = {NULL, NULL};
    size_t nv = 0, i = 4;
    while (i < size) {
        size_t j = i;
        while (j < size && data[j] != '\n')
            j++;
        const char *line = (const char *)data + i;
        size_t len = j - i;
        const char *tab = memchr(line, '\t', len);
        const char *prop = "name", *val = line;
        size_t plen = 4, vlen = len;
        if (tab) {
            prop = line;
            plen = (size_t)(tab - line);
            val = tab + 1;
            vlen = len - plen - 1;
        }
        char *p = malloc(plen ? plen : 1), *v = malloc(vlen ? vlen : 1);
        if (!p || !v)
            abort();
        memcpy(p, prop, plen);
        memcpy(v, val, vlen);
        if (plen == 8 && memcmp(p, "@dataset", 8) == 0)
            (void)emb_query_set_dataset(q, v, vlen, &err);
        else
            (void)emb_query_add(q, p, plen, v, vlen, &err);
        if (nv < 2) {
            vals[nv] = v;
            vlens[nv] = vlen;
            owned[nv++] = v;
        } else {
            free(v);
        }
        free(p);
        i = j + 1;
    }
    if (emb_query_run(q, &err) == EMB_OK)
        explain_all(q);

    if ((flags & 1) && nv == 2) {
        double score = -1.0;
        char ex[256];
        emb_schema sc = (emb_schema)(data[0] % EMB_SCHEMA__COUNT);
        if (emb_compare_names((flags & 2) ? g_snap : NULL, vals[0], vlens[0], vals[1], vlens[1], sc,
                              &score, ex, sizeof ex, &err) == EMB_OK) {
            if (!(score >= 0.0 && score <= 1.0) || memchr(ex, '\0', sizeof ex) == NULL)
                abort();
        }
    }
    free(owned[0]);
    free(owned[1]);
    return 0;
}
