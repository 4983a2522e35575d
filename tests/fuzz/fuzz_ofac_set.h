/*
 * fuzz_ofac_set.h - shared by fuzz_ofac.c and fuzz_ofac_cons.c.  OFAC's
 * legacy CSV set is a primary file plus up to three companion files that
 * the reader loads from beside the primary (emb__ing_sibling), so the
 * companions can only be reached through real files.  The input is split
 * on the separator FUZZ_OFAC_SEP ("\x1e\x1e") into
 *     primary SEP alt SEP add SEP comments
 * The primary is read from memory; each companion present in the input is
 * written into a private temporary directory (created once per process,
 * removed at exit) and each absent one is deleted, so the "companion
 * missing" paths are fuzzed too.
 */
#ifndef EMB_FUZZ_OFAC_SET_H
#define EMB_FUZZ_OFAC_SET_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_reader.h"

#define FUZZ_OFAC_SEP "\x1e\x1e"
#define FUZZ_OFAC_SEP_LEN 2

static char g_ofac_dir[256];
static const char *const *g_ofac_names; /* primary, alt, add, comments */

static void ofac_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", g_ofac_dir, name);
}

static void ofac_cleanup(void)
{
    char p[512];
    for (int i = 1; i < 4; i++) {
        ofac_path(p, sizeof p, g_ofac_names[i]);
        unlink(p);
    }
    rmdir(g_ofac_dir);
}

static void ofac_init(const char *const names[4])
{
    if (g_ofac_dir[0])
        return;
    const char *tmp = getenv("TMPDIR");
    snprintf(g_ofac_dir, sizeof g_ofac_dir, "%s/emb-fuzz-ofac-XXXXXX",
             tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(g_ofac_dir))
        abort();
    g_ofac_names = names;
    atexit(ofac_cleanup);
}

static const uint8_t *find_sep(const uint8_t *p, const uint8_t *end)
{
    for (; p + FUZZ_OFAC_SEP_LEN <= end; p++)
        if (memcmp(p, FUZZ_OFAC_SEP, FUZZ_OFAC_SEP_LEN) == 0)
            return p;
    return NULL;
}

static void fuzz_ofac_run(fx_reader reader, const char *const names[4], const uint8_t *data,
                          size_t size)
{
    ofac_init(names);
    const uint8_t *end = data + size;
    const uint8_t *part[4] = {data, NULL, NULL, NULL};
    size_t len[4] = {size, 0, 0, 0};
    for (int i = 1; i < 4; i++) {
        const uint8_t *s = find_sep(part[i - 1], part[i - 1] + len[i - 1]);
        if (!s)
            break;
        len[i - 1] = (size_t)(s - part[i - 1]);
        part[i] = s + FUZZ_OFAC_SEP_LEN;
        len[i] = (size_t)(end - part[i]);
    }
    char path[512];
    for (int i = 1; i < 4; i++) {
        ofac_path(path, sizeof path, names[i]);
        if (!part[i]) {
            unlink(path);
            continue;
        }
        FILE *f = fopen(path, "wb");
        if (!f || (len[i] && fwrite(part[i], 1, len[i], f) != len[i]) || fclose(f) != 0)
            abort();
    }
    ofac_path(path, sizeof path, names[0]);
    /* The primary gets its own exactly sized copy so ASan sees over-reads. */
    uint8_t *prim = malloc(len[0] ? len[0] : 1);
    if (!prim)
        abort();
    if (len[0])
        memcpy(prim, part[0], len[0]);
    fuzz_reader_run(reader, path, prim, len[0]);
    free(prim);
}

#endif
