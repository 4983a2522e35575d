/*
 * scan_fixture.h - the set-up the scan unit tests share: a small snapshot
 * built from tests/data/scan/list.jsonl and a scanner over it with the
 * default rules (data/rules/embargoed.tsv), plus reading a sample file.
 */
#ifndef EMB_TEST_SCAN_FIXTURE_H
#define EMB_TEST_SCAN_FIXTURE_H

#include <stddef.h>

#include "embargo.h"

extern emb_snapshot *sfx_snap;
extern emb_scan *sfx_scan;

/* cmocka group set-up and tear-down (0 on success). */
int sfx_setup(void **state);
int sfx_teardown(void **state);

/* Reads tests/data/<name> into buf (NUL-terminated); returns its length,
 * or (size_t)-1 when it cannot be read whole. */
size_t sfx_slurp(const char *name, char *buf, size_t cap);

/* Index of the first hit of the last scan of sfx_scan of kind in field
 * whose entity id is id (or whose rule is id for country hits); -1 when
 * none. */
long sfx_find(emb_scan_kind kind, const char *field, const char *id);

#endif
