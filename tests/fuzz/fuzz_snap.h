/*
 * fuzz_snap.h - the small snapshot the query, CLI and HTTP fuzz targets
 * screen against: persons, organisations, a vessel and an aircraft in two
 * datasets, with names in Latin, Cyrillic, Arabic, Hangul and Han script,
 * dates, countries and identifiers.  fuzz_snap_write() builds it with the
 * library's store and writer (emb__snapshot_write) into a file; abort()s on
 * any failure, since a target without its snapshot fuzzes nothing.
 * Header-only (static functions), like fuzz_reader.h.
 */
#ifndef EMB_FUZZ_SNAP_H
#define EMB_FUZZ_SNAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embargo.h"
#include "model/store.h"
#include "snapshot/writer.h"

typedef struct prop_def {
    const char *key, *val;
} prop_def;

typedef struct ent_def {
    const char *id;
    emb_schema schema;
    int dataset;
    prop_def props[8];
} ent_def;

static const ent_def fuzz_snap_ents[] = {
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

/* A per-process file name for target `who` under $TMPDIR (else /tmp). */
static void fuzz_snap_path(char *path, size_t cap, const char *who)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, cap, "%s/emb-fuzz-%s-%ld.emb", tmp && tmp[0] ? tmp : "/tmp", who,
             (long)getpid());
}

/* Writes the snapshot to path. */
static void fuzz_snap_write(const char *path)
{
    emb__store s;
    uint16_t ds[2];
    if (emb__store_init(&s) != EMB_OK ||
        emb__store_dataset(&s, "fuzz_a", "Fuzz A", "ftm", &ds[0]) != EMB_OK ||
        emb__store_dataset(&s, "fuzz_b", "Fuzz B", "ftm", &ds[1]) != EMB_OK)
        abort();
    for (size_t i = 0; i < sizeof fuzz_snap_ents / sizeof fuzz_snap_ents[0]; i++) {
        const ent_def *d = &fuzz_snap_ents[i];
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
}

#endif
