/*
 * fuzz_reader.h - the body shared by the list-reader fuzz targets: run one
 * reader over the fuzzed bytes held in memory (through the unit tests'
 * fixture, so the real emb__store + emb__ingest path is used and no file is
 * opened), then check what the reader left in the store:
 *   - every entity id and every value is NUL-terminated at its stated
 *     length and valid UTF-8 (ingest.h promises invalid values are dropped;
 *     U+0000 is valid UTF-8, so an id or value may hold a NUL byte - see
 *     tests/fuzz/regress/csl/ for one such id);
 *   - a run that reported records skipped is repeated in strict mode, which
 *     must then fail cleanly.
 * A broken invariant calls abort(), which libFuzzer and the replay program
 * both report as a crash.
 */
#ifndef EMB_FUZZ_READER_H
#define EMB_FUZZ_READER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "support/fixture.h"

static void fuzz_check_store(const fx_list *fx)
{
    const emb__store *s = &fx->store;
    for (size_t i = 0; i < s->nents; i++) {
        const emb__ent *e = &s->ents[i];
        if (e->id[e->id_len] != '\0' || emb__utf8_check(e->id, e->id_len) != e->id_len)
            abort();
        for (uint32_t j = 0; j < e->nprops; j++) {
            const emb__sprop *p = &e->props[j];
            if (p->val[p->len] != '\0' || emb__utf8_check(p->val, p->len) != p->len)
                abort();
            if (!emb__store_key_name(s, p->key))
                abort();
        }
    }
}

/* Runs reader on data as the file `name` (siblings are looked up beside
 * it, so name should point into a private directory or nowhere). */
static void fuzz_reader_run(fx_reader reader, const char *name, const uint8_t *data, size_t size)
{
    fx_list fx;
    emb_status st = fx_read(&fx, reader, name, (const char *)data, size, 0);
    if (st == EMB_OK)
        fuzz_check_store(&fx);
    size_t skipped = 0;
    for (size_t i = 0; i < fx.warnings.n; i++)
        skipped += fx.warnings.items[i].skipped != 0;
    fx_free(&fx);
    if (st == EMB_OK && skipped) {
        st = fx_read(&fx, reader, name, (const char *)data, size, EMB_BUILD_STRICT);
        if (st == EMB_OK)
            fuzz_check_store(&fx);
        fx_free(&fx);
    }
}

#endif
