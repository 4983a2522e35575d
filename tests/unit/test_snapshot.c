/*
 * test_snapshot.c - the snapshot writer and reader: round trip of entities
 * and properties, info, id lookup, opening by reading (EMB_OPEN_LOAD) as
 * by mapping, its failures (no memory, a file that shrinks while read),
 * and refusal of truncated, bit-flipped, foreign and
 * future-version files; allocation failures while compiling
 * and opening.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "embargo.h"
#include "model/store.h"
#include "snapshot/format.h"
#include "snapshot/writer.h"
#include "support/fixture.h"

/* A small store: a person, a company, a vessel, in two datasets. */
static emb_status fill(emb__store *s)
{
    uint16_t d0, d1;
    uint32_t e;
    emb_status st;
    if ((st = emb__store_dataset(s, "un_sc_sanctions", "UN", "un", &d0)) ||
        (st = emb__store_dataset(s, "us_ofac_sdn", "OFAC", "ofac", &d1)))
        return st;
    if ((st = emb__store_add(s, "un-KPi.999", 10, EMB_SCHEMA_PERSON, d0, &e)))
        return st;
    const char *pv[][2] = {
        {"name", "KIM JONG UN"},     {"alias", "Kim Jong-un"}, {"weakAlias", "Brilliant Comrade"},
        {"birthDate", "1984-01-08"}, {"nationality", "kp"},    {"gender", "male"},
        {"program", "DPRK"}};
    for (size_t i = 0; i < sizeof pv / sizeof pv[0]; i++) {
        uint32_t key;
        if ((st = emb__store_key(s, pv[i][0], strlen(pv[i][0]), &key)) ||
            (st = emb__store_prop(s, e, key, pv[i][1], strlen(pv[i][1]))))
            return st;
    }
    if ((st = emb__store_add(s, "un-KPe.001", 10, EMB_SCHEMA_ORGANIZATION, d0, &e)) ||
        (st = emb__store_prop(s, e, EMB_P_NAME, "KOREA MINING DEVELOPMENT TRADING CORPORATION",
                              44)) ||
        (st = emb__store_prop(s, e, EMB_P_ALIAS, "KOMID", 5)) ||
        (st = emb__store_prop(s, e, EMB_P_COUNTRY, "kp", 2)))
        return st;
    if ((st = emb__store_add(s, "ofac-9001", 9, EMB_SCHEMA_VESSEL, d1, &e)) ||
        (st = emb__store_prop(s, e, EMB_P_NAME, "CHON MA SAN", 11)) ||
        (st = emb__store_prop(s, e, EMB_P_IMO_NUMBER, "8660313", 7)) ||
        (st = emb__store_prop(s, e, EMB_P_FLAG, "kp", 2)))
        return st;
    uint32_t key;
    if ((st = emb__store_key(s, "customThing", 11, &key)) ||
        (st = emb__store_prop(s, e, key, "kept as is", 10)))
        return st;
    return EMB_OK;
}

static char g_path[256];

static const char *tmp_snapshot(void)
{
    snprintf(g_path, sizeof g_path, "/tmp/emb-test-%ld.emb", (long)getpid());
    return g_path;
}

static void write_small(const char *path)
{
    emb__store s;
    emb__store_init(&s);
    assert_int_equal(fill(&s), EMB_OK);
    emb_error err;
    memset(&err, 0, sizeof err);
    emb_status st = emb__snapshot_write(&s, path, &err);
    if (st)
        fail_msg("write: %s", err.message);
    emb__store_destroy(&s);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = aligned_alloc(64, ((size_t)sz + 63) & ~(size_t)63);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)sz, f), (size_t)sz);
    fclose(f);
    *n = (size_t)sz;
    return p;
}

static void snapshot_round_trips_entities_and_properties(void **state)
{
    (void)state;
    const char *path = tmp_snapshot();
    write_small(path);
    emb_snapshot *snap;
    emb_error err;
    assert_int_equal(emb_snapshot_open(&snap, path, &err), EMB_OK);
    assert_int_equal(emb_snapshot_verify(snap, &err), EMB_OK);
    emb_snapshot_info info;
    emb_snapshot_get_info(snap, &info);
    assert_int_equal(info.entity_count, 3);
    assert_int_equal(info.dataset_count, 2);
    assert_int_equal(info.format_major, EMB_FMT_MAJOR);
    assert_true(info.name_count >= 5);
    emb_dataset_info di;
    assert_int_equal(emb_snapshot_dataset(snap, 0, &di), EMB_OK);
    assert_string_equal(di.name, "un_sc_sanctions");
    assert_int_equal(di.entity_count, 2);
    size_t counts[EMB_SCHEMA__COUNT];
    assert_int_equal(emb_snapshot_dataset_schemas(snap, 1, counts), EMB_OK);
    assert_int_equal(counts[EMB_SCHEMA_VESSEL], 1);

    uint32_t idx;
    assert_int_equal(emb_entity_find(snap, "ofac-9001", EMB_NUL, &idx), EMB_OK);
    emb_str v;
    assert_int_equal(emb_entity_caption(snap, idx, &v), EMB_OK);
    assert_int_equal(v.len, 11);
    assert_memory_equal(v.ptr, "CHON MA SAN", 11);
    size_t np = emb_entity_prop_count(snap, idx);
    assert_int_equal(np, 4);
    emb_str name;
    assert_int_equal(emb_entity_prop(snap, idx, 3, &name, &v), EMB_OK);
    assert_int_equal(name.len, 11);
    assert_memory_equal(name.ptr, "customThing", 11);
    assert_memory_equal(v.ptr, "kept as is", 10);
    assert_int_equal(emb_entity_find(snap, "ofac-9002", EMB_NUL, &idx), EMB_ENOTFOUND);
    assert_int_equal(emb_entity_find(snap, "", 0, &idx), EMB_ENOTFOUND);
    emb_snapshot_close(snap);
    unlink(path);
}

static void snapshot_refuses_foreign_truncated_and_future_files(void **state)
{
    (void)state;
    const char *path = tmp_snapshot();
    write_small(path);
    size_t n;
    unsigned char *p = slurp(path, &n);
    emb_snapshot *snap = NULL;
    emb_error err;
    /* every truncation is refused */
    for (size_t cut = 0; cut < n; cut += (cut < 512 ? 1 : 97)) {
        emb_status st = emb_snapshot_open_memory(&snap, p, cut, &err);
        assert_int_not_equal(st, EMB_OK);
        assert_true(st == EMB_ENOTSNAP || st == EMB_ECORRUPT);
        assert_null(snap);
    }
    /* a text file */
    const char *txt = "name,schema\nKim,Person\n............................................"
                      "....................................................................";
    unsigned char *t = aligned_alloc(64, 256);
    memset(t, 0, 256);
    memcpy(t, txt, strlen(txt));
    assert_int_equal(emb_snapshot_open_memory(&snap, t, 200, &err), EMB_ENOTSNAP);
    free(t);
    /* a future major version */
    emb__fmt_header h;
    memcpy(&h, p, sizeof h);
    ((emb__fmt_header *)(void *)p)->major = EMB_FMT_MAJOR + 1;
    assert_int_equal(emb_snapshot_open_memory(&snap, p, n, &err), EMB_EVERSION);
    assert_non_null(strstr(err.message, "not supported"));
    memcpy(p, &h, sizeof h);
    assert_int_equal(emb_snapshot_open_memory(&snap, p, n, &err), EMB_OK);
    emb_snapshot_close(snap);
    free(p);
    unlink(path);
}

/* EMB_OPEN_LOAD reads the file into memory: the same snapshot as the
 * mapping, the same answers; its errors name the file. */
static void snapshot_load_reads_as_the_mapping_does(void **state)
{
    (void)state;
    const char *path = tmp_snapshot();
    write_small(path);
    emb_snapshot *m, *l;
    emb_error err;
    assert_int_equal(emb_snapshot_open_flags(&m, path, 0, &err), EMB_OK);
    assert_int_equal(emb_snapshot_open_flags(&l, path, EMB_OPEN_LOAD, &err), EMB_OK);
    assert_int_equal(emb_snapshot_verify(l, &err), EMB_OK);
    emb_snapshot_info mi, li;
    emb_snapshot_get_info(m, &mi);
    emb_snapshot_get_info(l, &li);
    assert_string_equal(mi.hash, li.hash);
    assert_int_equal(mi.file_size, li.file_size);
    assert_int_equal(mi.entity_count, li.entity_count);
    assert_int_equal(mi.name_count, li.name_count);
    for (uint32_t e = 0; e < li.entity_count; e++) {
        emb_str a, b;
        assert_int_equal(emb_entity_caption(m, e, &a), EMB_OK);
        assert_int_equal(emb_entity_caption(l, e, &b), EMB_OK);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.ptr, b.ptr, a.len);
    }
    emb_query *qm, *ql;
    assert_int_equal(emb_query_new(&qm, m, &err), EMB_OK);
    assert_int_equal(emb_query_new(&ql, l, &err), EMB_OK);
    const char *names[] = {"Kim Jong-un", "KOMID", "Chon Ma San", "Nobody Atall"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        emb_query_reset(qm);
        emb_query_reset(ql);
        assert_int_equal(emb_query_add(qm, "name", EMB_NUL, names[i], EMB_NUL, &err), EMB_OK);
        assert_int_equal(emb_query_add(ql, "name", EMB_NUL, names[i], EMB_NUL, &err), EMB_OK);
        assert_int_equal(emb_query_run(qm, &err), EMB_OK);
        assert_int_equal(emb_query_run(ql, &err), EMB_OK);
        assert_int_equal(emb_result_count(qm), emb_result_count(ql));
        assert_true(i == 3 || emb_result_count(ql) > 0);
        for (size_t r = 0; r < emb_result_count(ql); r++) {
            emb_result a, b;
            assert_int_equal(emb_result_get(qm, r, &a), EMB_OK);
            assert_int_equal(emb_result_get(ql, r, &b), EMB_OK);
            assert_int_equal(a.entity, b.entity);
            assert_true(a.score == b.score);
        }
    }
    emb_query_free(qm);
    emb_query_free(ql);
    emb_snapshot_close(m);
    emb_snapshot_close(l);

    /* unknown flags, a missing file, a directory, a truncated file */
    emb_snapshot *snap = (emb_snapshot *)&err;
    assert_int_equal(emb_snapshot_open_flags(&snap, path, 0x80u, &err), EMB_EARG);
    assert_null(snap);
    assert_non_null(strstr(err.message, "0x80"));
    char missing[300];
    snprintf(missing, sizeof missing, "%s.missing", path);
    assert_int_equal(emb_snapshot_open_flags(&snap, missing, EMB_OPEN_LOAD, &err), EMB_EIO);
    assert_null(snap);
    assert_string_equal(err.file, missing);
    assert_int_equal(emb_snapshot_open_flags(&snap, "/tmp", EMB_OPEN_LOAD, &err), EMB_EIO);
    assert_non_null(strstr(err.message, "not a regular file"));
    size_t n;
    unsigned char *p = slurp(path, &n);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n / 2, f), n / 2);
    fclose(f);
    emb_status st = emb_snapshot_open_flags(&snap, path, EMB_OPEN_LOAD, &err);
    assert_true(st == EMB_ENOTSNAP || st == EMB_ECORRUPT);
    assert_null(snap);
    assert_string_equal(err.file, path);
    free(p);
    unlink(path);
}

/* The two ways reading the file into memory fails after the checks before
 * it: no memory to read it into, and a file that gives fewer bytes than
 * its size said (one replaced or cut while read). */
static void snapshot_load_failures_name_the_file(void **state)
{
    (void)state;
    const char *path = tmp_snapshot();
    write_small(path);
    /* Address space capped a little above what the process holds, for
     * the one call: the load's anonymous mapping (the file rounded up to
     * 2 MiB, plus 2 MiB) cannot be had.  Skipped where the cap is not
     * enforced (valgrind). */
    FILE *f = fopen("/proc/self/status", "r");
    unsigned long long vm_kb = 0;
    char line[256];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmSize: %llu kB", &vm_kb) == 1)
            break;
    if (f)
        fclose(f);
    struct rlimit old, cap;
    assert_int_equal(getrlimit(RLIMIT_AS, &old), 0);
    cap = old;
    cap.rlim_cur = (rlim_t)(vm_kb + 1024) * 1024;
    emb_snapshot *snap = NULL;
    emb_error err;
    emb_status st = EMB_OK;
    int capped = 0;
    if (vm_kb && cap.rlim_cur < old.rlim_cur && setrlimit(RLIMIT_AS, &cap) == 0) {
        void *probe =
            mmap(NULL, (size_t)4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (probe == MAP_FAILED) {
            capped = 1;
            st = emb_snapshot_open_flags(&snap, path, EMB_OPEN_LOAD, &err);
        } else {
            munmap(probe, (size_t)4 << 20);
        }
        assert_int_equal(setrlimit(RLIMIT_AS, &old), 0);
    }
    if (capped) {
        assert_int_equal(st, EMB_ENOMEM);
        assert_null(snap);
        assert_string_equal(err.file, path);
        assert_non_null(strstr(err.message, "cannot load snapshot"));
    } else {
        print_message("address-space cap not enforced here: the no-memory check skipped\n");
    }
    unlink(path);

    /* A sysfs attribute says 4096 bytes and reads as a line: the read
     * ends early and the file is named.  Skipped where there is none. */
    const char *shrinking = "/sys/kernel/mm/transparent_hugepage/enabled";
    struct stat sb;
    if (stat(shrinking, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 256 ||
        access(shrinking, R_OK) != 0)
        skip();
    assert_int_equal(emb_snapshot_open_flags(&snap, shrinking, EMB_OPEN_LOAD, &err), EMB_EIO);
    assert_null(snap);
    assert_string_equal(err.file, shrinking);
    assert_non_null(strstr(err.message, "file shrank while read"));
}

static void snapshot_bit_flips_are_refused_or_read_in_bounds(void **state)
{
    (void)state;
    const char *path = tmp_snapshot();
    write_small(path);
    size_t n;
    unsigned char *p = slurp(path, &n);
    emb_snapshot *orig;
    assert_int_equal(emb_snapshot_open_memory(&orig, p, n, NULL), EMB_OK);
    emb_snapshot_info oi;
    emb_snapshot_get_info(orig, &oi);
    emb_section_info secs[64];
    for (size_t i = 0; i < oi.section_count; i++)
        assert_int_equal(emb_snapshot_section(orig, i, &secs[i]), EMB_OK);
    emb_snapshot_close(orig);
    size_t table_end = 128 + 32 * oi.section_count;
    size_t opened = 0;
    for (size_t off = 0; off < n; off += 7) {
        for (int bit = 0; bit < 8; bit += 3) {
            p[off] ^= (unsigned char)(1u << bit);
            emb_snapshot *snap = NULL;
            emb_error err;
            emb_status st = emb_snapshot_open_memory(&snap, p, n, &err);
            if (st == EMB_OK) {
                opened++;
                /* reading everything stays in bounds (ASan checks) */
                emb_snapshot_info info;
                emb_snapshot_get_info(snap, &info);
                for (uint32_t e = 0; e < info.entity_count; e++) {
                    emb_str a, b;
                    emb_entity_id(snap, e, &a);
                    for (size_t j = 0; j < emb_entity_prop_count(snap, e); j++)
                        emb_entity_prop(snap, e, j, &a, &b);
                }
                emb_query *q;
                if (emb_query_new(&q, snap, NULL) == EMB_OK) {
                    emb_query_add(q, "name", EMB_NUL, "Kim Jong Un", EMB_NUL, NULL);
                    emb_query_run(q, NULL);
                    char buf[4096];
                    for (size_t r = 0; r < emb_result_count(q); r++)
                        emb_result_explain(q, r, buf, sizeof buf, NULL);
                    emb_query_free(q);
                }
                if (emb_snapshot_verify(snap, &err) == EMB_OK) {
                    /* only padding between sections may change unnoticed */
                    int covered = off < table_end;
                    for (size_t i = 0; i < oi.section_count; i++)
                        covered |= off >= secs[i].offset && off < secs[i].offset + secs[i].size;
                    assert_false(covered);
                }
                emb_snapshot_close(snap);
            } else {
                assert_true(st == EMB_ECORRUPT || st == EMB_ENOTSNAP || st == EMB_EVERSION);
            }
            p[off] ^= (unsigned char)(1u << bit);
        }
    }
    (void)opened;
    free(p);
    unlink(path);
}

/* Screens "Kim Jong Un" on the snapshot in p[0..n); its result count. */
static size_t kim_results(const unsigned char *p, size_t n)
{
    emb_snapshot *snap;
    assert_int_equal(emb_snapshot_open_memory(&snap, p, n, NULL), EMB_OK);
    emb_query *q;
    assert_int_equal(emb_query_new(&q, snap, NULL), EMB_OK);
    assert_int_equal(emb_query_add(q, "name", EMB_NUL, "Kim Jong Un", EMB_NUL, NULL), EMB_OK);
    assert_int_equal(emb_query_run(q, NULL), EMB_OK);
    size_t r = emb_result_count(q);
    emb_query_free(q);
    emb_snapshot_close(snap);
    return r;
}

/* The slots of the two hash tables are checked where they are read, not
 * at open (index.c): a table of bad slots opens, and every look-up in it
 * finds nothing, in bounds (ASan checks under make check). */
static void snapshot_bad_hash_slots_read_as_not_found(void **state)
{
    (void)state;
    const char *path = tmp_snapshot();
    write_small(path);
    size_t n;
    unsigned char *p = slurp(path, &n);
    assert_true(kim_results(p, n) > 0);
    emb_snapshot *snap;
    assert_int_equal(emb_snapshot_open_memory(&snap, p, n, NULL), EMB_OK);
    emb_snapshot_info info;
    emb_snapshot_get_info(snap, &info);
    size_t spoiled = 0;
    for (size_t i = 0; i < info.section_count; i++) {
        emb_section_info si;
        assert_int_equal(emb_snapshot_section(snap, i, &si), EMB_OK);
        if (strcmp(si.name, "THSH") == 0 || strcmp(si.name, "TKHS") == 0) {
            memset(p + si.offset, 0xFF, (size_t)si.size);
            spoiled++;
        }
    }
    emb_snapshot_close(snap);
    assert_int_equal(spoiled, 2);
    assert_int_equal(kim_results(p, n), 0);
    free(p);
    unlink(path);
}

static void snapshot_write_survives_every_allocation_failure(void **state)
{
    (void)state;
    const char *path = tmp_snapshot();
    for (long k = 1;; k++) {
        fx_alloc_install(k);
        emb__store s;
        emb__store_init(&s);
        emb_status st = fill(&s);
        emb_error err;
        if (st == EMB_OK)
            st = emb__snapshot_write(&s, path, &err);
        emb__store_destroy(&s);
        int failed = fx_alloc_failed();
        long live = fx_alloc_live();
        fx_alloc_uninstall();
        assert_int_equal(live, 0);
        if (!failed) {
            assert_int_equal(st, EMB_OK);
            break;
        }
        assert_int_not_equal(st, EMB_OK);
        assert_true(k < 100000);
    }
    /* and opening (mapped, then read into memory) + querying */
    for (long k = 1, load = 0; load < 2; k++) {
        fx_alloc_install(k);
        emb_snapshot *snap = NULL;
        emb_query *q = NULL;
        emb_status st = emb_snapshot_open_flags(&snap, path, load ? EMB_OPEN_LOAD : 0, NULL);
        if (!st)
            st = emb_query_new(&q, snap, NULL);
        if (!st)
            st = emb_query_add(q, "name", EMB_NUL, "Kim Jong Un", EMB_NUL, NULL);
        if (!st)
            st = emb_query_run(q, NULL);
        emb_query_free(q);
        emb_snapshot_close(snap);
        int failed = fx_alloc_failed();
        long live = fx_alloc_live();
        fx_alloc_uninstall();
        assert_int_equal(live, 0);
        if (!failed) {
            assert_int_equal(st, EMB_OK);
            load++;
            k = 0;
            continue;
        }
        assert_int_not_equal(st, EMB_OK);
    }
    unlink(path);
}

/* The section checksum is CRC-32C whichever way it is computed: the
 * published check value, and the CPU's instruction (where it is used)
 * against the byte table at every alignment and length around the 8-byte
 * steps, so a file written on one machine verifies on another. */
static void checksum_is_crc32c_by_either_path(void **state)
{
    (void)state;
    assert_int_equal(emb__checksum("123456789", 9), 0xE3069283u);
    assert_int_equal(emb__checksum_sw("123456789", 9), 0xE3069283u);
    assert_int_equal(emb__checksum("", 0), 0u);
    assert_int_equal(emb__checksum_sw("", 0), 0u);
    /* 32 bytes of zeros and of 0xFF: RFC 3720's test patterns */
    unsigned char z[32], f[32];
    memset(z, 0, sizeof z);
    memset(f, 0xFF, sizeof f);
    assert_int_equal(emb__checksum(z, sizeof z), 0x8A9136AAu);
    assert_int_equal(emb__checksum(f, sizeof f), 0x62A8AB43u);
    static unsigned char buf[70000];
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < sizeof buf; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        buf[i] = (unsigned char)x;
    }
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n <= 40; n++)
            assert_int_equal(emb__checksum(buf + off, n), emb__checksum_sw(buf + off, n));
    assert_int_equal(emb__checksum(buf + 3, sizeof buf - 3),
                     emb__checksum_sw(buf + 3, sizeof buf - 3));
    /* one bit changed changes it */
    uint32_t before = emb__checksum(buf, sizeof buf);
    buf[40000] ^= 0x10;
    assert_int_not_equal(emb__checksum(buf, sizeof buf), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snapshot_round_trips_entities_and_properties),
        cmocka_unit_test(snapshot_refuses_foreign_truncated_and_future_files),
        cmocka_unit_test(snapshot_load_reads_as_the_mapping_does),
        cmocka_unit_test(snapshot_load_failures_name_the_file),
        cmocka_unit_test(snapshot_bit_flips_are_refused_or_read_in_bounds),
        cmocka_unit_test(snapshot_bad_hash_slots_read_as_not_found),
        cmocka_unit_test(snapshot_write_survives_every_allocation_failure),
        cmocka_unit_test(checksum_is_crc32c_by_either_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
