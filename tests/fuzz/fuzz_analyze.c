/*
 * fuzz_analyze.c - libFuzzer target for the name analyser (emb__analyze,
 * src/lib/score/analyze.h) that both the index builder and the query path
 * run on every name.  The first input byte picks the schema, the rest is
 * the name.  Checks that tokens stay inside the analysed text, that there
 * are at most EMB_AN_MAX_TOKENS, and that the key hashes (skeleton.h
 * too) can be computed from every token within their bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "score/analyze.h"
#include "score/skeleton.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static emb__analyzer *g_an;

static void release(void)
{
    emb__analyzer_free(g_an);
    g_an = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_an) {
        if (emb__analyzer_new(&g_an) != EMB_OK)
            abort();
        atexit(release);
    }
    if (size == 0)
        return 0;
    emb_schema schema = (emb_schema)(data[0] % EMB_SCHEMA__COUNT);
    /* An exactly sized copy of the name so that over-reads are seen. */
    size_t n = size - 1;
    char *name = malloc(n ? n : 1);
    if (!name)
        abort();
    if (n)
        memcpy(name, data + 1, n);
    emb__an *an = malloc(sizeof *an);
    if (!an)
        abort();
    emb_status st = emb__analyze(g_an, name, n, schema, an);
    if (st == EMB_OK) {
        if (an->ntok > EMB_AN_MAX_TOKENS || an->text_len >= EMB_AN_TEXT)
            abort();
        for (size_t i = 0; i < an->ntok; i++) {
            const emb__atok *t = &an->tok[i];
            if (t->s < an->text || t->s + t->len > an->text + an->text_len)
                abort();
            (void)emb__skel_hash(t->s, t->len);
            (void)emb__hskel_hash(t->s, t->len);
            uint32_t k[16];
            size_t ncls, nvowel;
            if (emb__hskel_hebrew(t->s, t->len, k, &nvowel) > 8 || nvowel > 8 ||
                emb__hebrew_skels(t->s, t->len, k, 16) > 16)
                abort();
            (void)emb__bkey_hash(t->s, t->len, &ncls);
            if (ncls > t->len)
                abort();
            (void)emb__tok_hash(t->s, t->len);
        }
    }
    free(an);
    free(name);
    return 0;
}
