/*
 * fixture.h - helpers shared by the unit tests: run one list reader on bytes
 * in memory, look entities and values up in the resulting store, and a
 * counting allocator that can fail the Nth allocation.
 */
#ifndef EMB_TEST_FIXTURE_H
#define EMB_TEST_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"
#include "lists/ingest_internal.h"
#include "model/store.h"

typedef struct fx_list {
    emb__store store;
    emb__warnings warnings;
    emb_error err;
    emb_status status;
} fx_list;

typedef emb_status (*fx_reader)(emb__ingest *, const emb__file *);

/* Runs reader over data (name is used as the file path, so siblings are
 * looked up beside it).  Returns the reader's status; fx holds the store. */
emb_status fx_read(fx_list *fx, fx_reader reader, const char *name,
                   const char *data, size_t len, unsigned flags);
/* Same, reading the file at path. */
emb_status fx_read_file(fx_list *fx, fx_reader reader, const char *path,
                        unsigned flags);
void fx_free(fx_list *fx);

/* Entity by id, or NULL. */
const emb__ent *fx_ent(const fx_list *fx, const char *id);
/* Number of values of prop on e, and 1 if e has exactly that value. */
size_t fx_count(const emb__ent *e, emb_prop p);
int fx_has(const emb__ent *e, emb_prop p, const char *value);
/* Number of kept warnings whose reason contains needle. */
size_t fx_warnings_with(const fx_list *fx, const char *needle);

/* Path of a test data file: $EMB_TEST_DATA/name (tests/data). */
const char *fx_data(const char *name);
/* Path of a file under the repository's data/ folder. */
const char *fx_repo_data(const char *name);

/* Counting allocator: fx_alloc_install(n) fails the nth allocation from now
 * (0 = never); fx_alloc_live() is the number of live blocks. */
void fx_alloc_install(long fail_at);
void fx_alloc_uninstall(void);
long fx_alloc_live(void);
long fx_alloc_count(void);
int fx_alloc_failed(void);

#endif
