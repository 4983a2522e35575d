/*
 * fixture.h - helpers shared by the unit tests: run one list reader on bytes
 * in memory, look entities and values up in the resulting store, build a
 * test input piece by piece, and a counting allocator that can fail the Nth
 * allocation (with the allocation-failure walk every reader test runs).
 *
 * fixture.c does not use cmocka: the fuzz targets link it without.  Its
 * checks return what they found and the tests assert on that.
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
emb_status fx_read(fx_list *fx, fx_reader reader, const char *name, const char *data, size_t len,
                   unsigned flags);
/* Same, reading the file at path. */
emb_status fx_read_file(fx_list *fx, fx_reader reader, const char *path, unsigned flags);
/* fx_read with stderr sent to a temporary file: *printed is the number of
 * bytes written to stderr meanwhile (-1 if stderr could not be captured). */
emb_status fx_read_quiet(fx_list *fx, fx_reader reader, const char *name, const char *data,
                         size_t len, unsigned flags, long *printed);
void fx_free(fx_list *fx);

/* Entity by id, or NULL. */
const emb__ent *fx_ent(const fx_list *fx, const char *id);
/* Number of values of prop on e, and 1 if e has exactly that value. */
size_t fx_count(const emb__ent *e, emb_prop p);
int fx_has(const emb__ent *e, emb_prop p, const char *value);
/* Number of kept warnings whose reason contains needle. */
size_t fx_warnings_with(const fx_list *fx, const char *needle);
/* First value of p on e, or NULL; fx_caption: the first name, or "". */
const char *fx_first(const emb__ent *e, emb_prop p);
const char *fx_caption(const emb__ent *e);

/* Over every entity of the store: the number of values of p, of entities
 * with a value of p, of entities with the value v of p, of entities of
 * schema s. */
size_t fx_total(const fx_list *fx, emb_prop p);
size_t fx_total_with(const fx_list *fx, emb_prop p);
size_t fx_total_value(const fx_list *fx, emb_prop p, const char *v);
size_t fx_total_schema(const fx_list *fx, emb_schema s);
/* The dataset fx_read made for the reader. */
const emb__dataset *fx_ds(const fx_list *fx);

/* A test input built piece by piece: fx_text_set starts it with s,
 * fx_text_add appends as printf does.  Running out of room aborts. */
typedef struct fx_text {
    size_t len;
    char buf[8192];
} fx_text;
void fx_text_set(fx_text *t, const char *s);
void fx_text_add(fx_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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

/* Allocation-failure walk: reads the file at path with reader while
 * allocation n fails, for n = 1, 2, ... until a run needs no failing
 * allocation.  Every failing run must return an error and every run must
 * free every block.  Returns the number of that last run (the allocations
 * the reader needs, plus one), or 0 after saying on stderr what went wrong
 * (also when no run succeeds within FX_WALK_MAX). */
#define FX_WALK_MAX 100000
long fx_alloc_walk(fx_reader reader, const char *path);

#endif
