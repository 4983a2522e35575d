/*
 * test_alloc_walk.c - allocation-failure walk over the whole pipeline, once
 * per list format: read a small fixture of the format (tests/data/<fmt>/),
 * compile the store into a snapshot file (emb__snapshot_write), open it,
 * and screen one query with the explanation of every result.  The counting
 * allocator of tests/unit/support/fixture.h fails allocation n, for n = 1,
 * 2, ... until a run needs no more than n-1 allocations.  Each failing run
 * must end in an error status (never EMB_OK, never a crash), free every
 * block (fx_alloc_live() == 0) and leave no file behind in its private
 * directory.  The first WALK_EXHAUSTIVE allocations are each failed; past
 * that the walk strides so that a format costs about WALK_STEPS runs
 * (the stride shifts each step so that it does not fall into lock-step
 * with a loop's allocation pattern).  The fixtures need a few hundred
 * allocations each, so today every walk is exhaustive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embargo.h"
#include "lists/ingest.h"
#include "snapshot/writer.h"
#include "support/fixture.h"

#define WALK_EXHAUSTIVE 1000
#define WALK_STEPS 3000

static char g_dir[256];

/* A run of the pipeline; st is the first error met, or EMB_OK. */
typedef struct run_out {
    emb_status st;
    size_t entities;
    size_t results;
    char query[256];
} run_out;

static void snap_path(char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/walk.emb", g_dir);
}

/* Number of directory entries left in g_dir (other than . and ..). */
static int dir_entries(void)
{
    DIR *d = opendir(g_dir);
    int n = 0;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static emb_status screen(const char *path, const char *name, run_out *out)
{
    emb_snapshot *s = NULL;
    emb_query *q = NULL;
    emb_error err;
    emb_status st = emb_snapshot_open(&s, path, &err);
    if (st)
        goto done;
    emb_snapshot_info info;
    emb_snapshot_get_info(s, &info);
    out->entities = info.entity_count;
    if (!name[0]) {
        /* The warm-up run picks the first entity's caption as the query. */
        emb_str cap;
        if (info.entity_count && emb_entity_caption(s, 0, &cap) == EMB_OK &&
            cap.len < sizeof out->query) {
            memcpy(out->query, cap.ptr, cap.len);
            out->query[cap.len] = '\0';
            name = out->query;
        } else {
            name = "Kim Jong Un";
        }
    }
    if ((st = emb_query_new(&q, s, &err)) ||
        (st = emb_query_add(q, "name", 4, name, strlen(name), &err)) ||
        (st = emb_query_set_threshold(q, 0.3)) || (st = emb_query_run(q, &err)))
        goto done;
    out->results = emb_result_count(q);
    for (size_t i = 0; i < out->results; i++) {
        char buf[8192];
        size_t need = 0;
        if ((st = emb_result_explain(q, i, buf, sizeof buf, &need)))
            goto done;
    }
done:
    emb_query_free(q);
    emb_snapshot_close(s);
    return st;
}

static void run_once(fx_reader reader, const char *fixture, const char *name, run_out *out)
{
    char path[512];
    snap_path(path, sizeof path);
    fx_list fx;
    emb_error err;
    memset(&err, 0, sizeof err);
    emb_status st = fx_read_file(&fx, reader, fx_data(fixture), 0);
    if (st == EMB_OK)
        st = emb__snapshot_write(&fx.store, path, &err);
    fx_free(&fx);
    if (st == EMB_OK)
        st = screen(path, name, out);
    unlink(path);
    out->st = st;
}

static void walk(fx_reader reader, const char *fixture)
{
    /* Warm-up with no failure: counts the allocations of a full run,
     * picks the query, and performs one-time initialisations. */
    run_out ref;
    memset(&ref, 0, sizeof ref);
    fx_alloc_install(0);
    run_once(reader, fixture, "", &ref);
    long total = fx_alloc_count();
    long live = fx_alloc_live();
    fx_alloc_uninstall();
    if (ref.st != EMB_OK)
        fail_msg("%s: the run without failures returned %s", fixture, emb_status_name(ref.st));
    assert_int_equal(live, 0);
    assert_true(ref.entities > 0);
    assert_true(ref.results > 0);

    long stride = 1;
    if (total > WALK_EXHAUSTIVE)
        stride = (total - WALK_EXHAUSTIVE) / (WALK_STEPS - WALK_EXHAUSTIVE) + 1;
    int succeeded = 0;
    long runs = 0;
    for (long n = 1; !succeeded; runs++) {
        run_out out;
        memset(&out, 0, sizeof out);
        fx_alloc_install(n);
        run_once(reader, fixture, ref.query, &out);
        int failed = fx_alloc_failed();
        live = fx_alloc_live();
        fx_alloc_uninstall();
        if (live != 0)
            fail_msg("%s: allocation %ld of %ld failed: %ld blocks leaked", fixture, n, total,
                     live);
        if (dir_entries() != 0)
            fail_msg("%s: allocation %ld of %ld failed: a file was left behind", fixture, n, total);
        if (failed) {
            if (out.st == EMB_OK)
                fail_msg("%s: allocation %ld of %ld failed but the run returned EMB_OK", fixture, n,
                         total);
        } else {
            if (out.st != EMB_OK)
                fail_msg("%s: no allocation failed (n = %ld) but the run returned %s", fixture, n,
                         emb_status_name(out.st));
            /* Same store, same answer as the warm-up. */
            assert_int_equal(out.entities, ref.entities);
            assert_int_equal(out.results, ref.results);
            succeeded = 1;
        }
        if (n < WALK_EXHAUSTIVE)
            n++;
        else
            n += stride + (stride > 1 ? runs % 3 : 0);
        if (n > total + 1 && !succeeded)
            n = total + 1;
    }
    print_message("%s: %ld allocations, %ld runs\n", fixture, total, runs);
}

static void alloc_walk_un_xml_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_un, "un/sample.xml");
}

static void alloc_walk_sema_xml_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_sema, "sema/sample.xml");
}

static void alloc_walk_ofac_sdn_set_with_companions_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_ofac, "ofac/small/sdn.csv");
}

static void alloc_walk_ofac_cons_set_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_ofac_cons, "ofac/cons/cons_prim.csv");
}

static void alloc_walk_csl_csv_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_csl, "csl/small.csv");
}

static void alloc_walk_bis_dpl_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_bis_dpl, "bis_dpl/small.txt");
}

static void alloc_walk_eu_jsonl_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_eu, "eu/sample.jsonl");
}

static void alloc_walk_uk_jsonl_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_uk, "uk/sample.jsonl");
}

static void alloc_walk_ofsi_csv_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_ofsi, "ofsi/conlist_36col_utf8.csv");
}

static void alloc_walk_ftm_jsonl_to_snapshot_and_query(void **state)
{
    (void)state;
    walk(emb__read_ftm, "ftm/fold.ftm.json");
}

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/emb-alloc-walk-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(g_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_walk_un_xml_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_sema_xml_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_ofac_sdn_set_with_companions_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_ofac_cons_set_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_csl_csv_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_bis_dpl_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_eu_jsonl_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_uk_jsonl_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_ofsi_csv_to_snapshot_and_query),
        cmocka_unit_test(alloc_walk_ftm_jsonl_to_snapshot_and_query),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
