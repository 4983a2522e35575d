/*
 * fuzz_scan.c - libFuzzer target for message and free-text screening
 * (emb_scan_run, src/lib/scan): the SWIFT MT parser, the ISO 20022 parser
 * and the free-text finder, with the hits and their explanations read
 * back.  A malformed message must end in a clean error, never a crash or
 * a read out of bounds.
 *
 * The scanner works over a small snapshot built once per process from
 * tests/data/scan/list.jsonl (an FtM file with persons, companies, a
 * vessel and list BICs) and the default rules data/rules/embargoed.tsv,
 * both found from the EMB_FUZZ_ROOT environment variable (default: the
 * current directory, the repository root when run by fuzz.mk).
 *
 * Input layout: byte 0 picks the format (auto, text, MT, ISO 20022); the
 * rest is the message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embargo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static emb_snapshot *g_snap;
static emb_scan *g_scan;

static void setup(void)
{
    const char *root = getenv("EMB_FUZZ_ROOT");
    char list[4096], rules[4096], snap[256];
    snprintf(list, sizeof list, "%s/tests/data/scan/list.jsonl", root ? root : ".");
    snprintf(rules, sizeof rules, "%s/data/rules/embargoed.tsv", root ? root : ".");
    snprintf(snap, sizeof snap, "/tmp/emb-fuzz-scan-%ld.emb", (long)getpid());
    emb_builder *b = NULL;
    if (emb_builder_new(&b, 0, NULL) || emb_builder_add_list(b, "ftm", list, NULL) ||
        emb_builder_write(b, snap, NULL))
        abort();
    emb_builder_free(b);
    if (emb_snapshot_open(&g_snap, snap, NULL))
        abort();
    unlink(snap);
    if (emb_scan_new(&g_scan, g_snap, rules, NULL))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const emb_scan_format formats[] = {EMB_SCAN_AUTO, EMB_SCAN_TEXT, EMB_SCAN_MT,
                                              EMB_SCAN_ISO20022};
    if (!g_scan)
        setup();
    if (size < 1)
        return 0;
    emb_error err;
    emb_status st =
        emb_scan_run(g_scan, (const char *)data + 1, size - 1, formats[data[0] % 4], &err);
    if (st != EMB_OK && st != EMB_EPARSE && st != EMB_EUTF8 && st != EMB_ECAP)
        abort();
    if (st == EMB_OK) {
        char buf[8192];
        for (size_t i = 0; i < emb_scan_hit_count(g_scan); i++) {
            emb_scan_hit h;
            if (emb_scan_hit_get(g_scan, i, &h) != EMB_OK)
                abort();
            size_t need;
            emb_scan_hit_explain(g_scan, i, buf, sizeof buf, &need);
        }
    }
    return 0;
}
