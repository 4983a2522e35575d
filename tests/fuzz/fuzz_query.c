/*
 * fuzz_query.c - libFuzzer target for the query path: emb_query_add with
 * fuzzed property names and values, the query options, emb_query_run,
 * the results and their explanations, and emb_compare_names.
 *
 * The snapshot screened is built once per process from a small store made
 * here (persons, organisations, a vessel and an aircraft; names in Latin,
 * Cyrillic, Arabic, Hangul and Han script; dates, countries, identifiers),
 * written with emb__snapshot_write to a temporary file, mapped, and the
 * file unlinked.
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
#include "model/store.h"
#include "snapshot/writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static emb_snapshot *g_snap;
static emb_query *g_q;

typedef struct prop_def {
    const char *key, *val;
} prop_def;

typedef struct ent_def {
    const char *id;
    emb_schema schema;
    int dataset;
    prop_def props[8];
} ent_def;

static const ent_def g_ents[] = {
    {"t-1",
     EMB_SCHEMA_PERSON,
     0,
     {{"name", "KIM JONG UN"},
      {"alias", "Kim Jong-un"},
      {"alias", "\xea\xb9\x80\xec\xa0\x95\xec\x9d\x80"},
      {"birthDate", "1984-01-08"},
      {"nationality", "kp"},
      {"gender", "male"},
      {"passportNumber", "PD-745180"},
      {NULL, NULL}}},
    {"t-2",
     EMB_SCHEMA_PERSON,
     0,
     {{"name", "Sergei Viktorovich IVANOV"},
      {"alias", "\xd0\xa1\xd0\xb5\xd1\x80\xd0\xb3\xd0\xb5\xd0\xb9 "
                "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2"},
      {"birthDate", "1953"},
      {"birthDate", "1953-01-31"},
      {"nationality", "ru"},
      {"idNumber", "7707083893"},
      {NULL, NULL}}},
    {"t-3",
     EMB_SCHEMA_PERSON,
     1,
     {{"name", "Abu Bakr al-Baghdadi"},
      {"alias", "\xd8\xa3\xd8\xa8\xd9\x88 \xd8\xa8\xd9\x83\xd8\xb1 "
                "\xd8\xa7\xd9\x84\xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf\xd9\x8a"},
      {"weakAlias", "Dr. Ibrahim"},
      {"birthPlace", "Samarra, Iraq"},
      {"citizenship", "iq"},
      {NULL, NULL}}},
    {"t-4",
     EMB_SCHEMA_COMPANY,
     1,
     {{"name", "KOREA MINING DEVELOPMENT TRADING CORPORATION"},
      {"alias", "KOMID"},
      {"country", "kp"},
      {"registrationNumber", "123-45-678"},
      {"alias", "\xe6\x9c\x9d\xe9\xb2\x9c\xe7\x9f\xbf\xe4\xb8\x9a"},
      {"innCode", "7701234567"},
      {NULL, NULL}}},
    {"t-5",
     EMB_SCHEMA_ORGANIZATION,
     0,
     {{"name", "Islamic Revolutionary Guard Corps"},
      {"alias", "IRGC"},
      {"country", "ir"},
      {"swiftBic", "BKIDIRTH"},
      {NULL, NULL}}},
    {"t-6",
     EMB_SCHEMA_VESSEL,
     1,
     {{"name", "CHON MA SAN"},
      {"imoNumber", "8660313"},
      {"flag", "kp"},
      {"mmsi", "445999000"},
      {"customThing", "kept as is"},
      {NULL, NULL}}},
    {"t-7",
     EMB_SCHEMA_AIRPLANE,
     0,
     {{"name", "EP-GOM"}, {"serialNumber", "2003"}, {"model", "Airbus A340"}, {NULL, NULL}}},
    {"t-8",
     EMB_SCHEMA_LEGAL_ENTITY,
     1,
     {{"name", "OOO Trading House Moskva"},
      {"previousName", "ZAO Torgovy Dom"},
      {"jurisdiction", "ru"},
      {"ogrnCode", "1027700132195"},
      {NULL, NULL}}},
};

static void release(void)
{
    emb_query_free(g_q);
    emb_snapshot_close(g_snap);
    g_q = NULL;
    g_snap = NULL;
}

static void build_snapshot(void)
{
    emb__store s;
    uint16_t ds[2];
    char path[512];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/emb-fuzz-query-%ld.emb", tmp && tmp[0] ? tmp : "/tmp",
             (long)getpid());
    if (emb__store_init(&s) != EMB_OK ||
        emb__store_dataset(&s, "fuzz_a", "Fuzz A", "ftm", &ds[0]) != EMB_OK ||
        emb__store_dataset(&s, "fuzz_b", "Fuzz B", "ftm", &ds[1]) != EMB_OK)
        abort();
    for (size_t i = 0; i < sizeof g_ents / sizeof g_ents[0]; i++) {
        const ent_def *d = &g_ents[i];
        uint32_t e, key;
        if (emb__store_add(&s, d->id, strlen(d->id), d->schema, ds[d->dataset], &e) != EMB_OK)
            abort();
        for (const prop_def *p = d->props; p->key; p++)
            if (emb__store_key(&s, p->key, strlen(p->key), &key) != EMB_OK ||
                emb__store_prop(&s, e, key, p->val, strlen(p->val)) != EMB_OK)
                abort();
    }
    emb_error err;
    if (emb__snapshot_write(&s, path, &err) != EMB_OK)
        abort();
    emb__store_destroy(&s);
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
