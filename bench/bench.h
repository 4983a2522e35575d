/*
 * bench.h - shared declarations of the `make bench` program (bench/bench*.c):
 * the seeded workload, the synthetic name tables, the measurements and the
 * report.  The bench uses only include/embargo.h, libc and pthreads; see
 * docs/performance.md for what it measures and how.
 */
#ifndef EMB_BENCH_H
#define EMB_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "embargo.h"

/* Longest query name and entity id the workload keeps (bytes, with NUL). */
#define BENCH_NAME_MAX 256
#define BENCH_ID_MAX 160

/* Query kinds: five kinds of variant of a list name, and clean names. */
#define BENCH_KIND_LIST(X)                                                                         \
    X(TYPO, "typo")                                                                                \
    X(REORDER, "reorder")                                                                          \
    X(DROP, "drop-middle")                                                                         \
    X(SCRIPT, "other-script")                                                                      \
    X(CASE, "case-punct")                                                                          \
    X(CLEAN, "clean")

typedef enum bench_kind {
#define BENCH_KIND_ENUM(id, s) BK_##id,
    BENCH_KIND_LIST(BENCH_KIND_ENUM)
#undef BENCH_KIND_ENUM
        BK__COUNT
} bench_kind;

const char *bench_kind_name(bench_kind k);

typedef struct bench_query {
    bench_kind kind;
    emb_schema schema;
    char name[BENCH_NAME_MAX];
    char expect[BENCH_ID_MAX]; /* id of the source entity; "" for clean names */
} bench_query;

typedef struct bench_workload {
    bench_query *q;
    size_t n;
} bench_workload;

/* ---- deterministic random numbers (splitmix64) ---- */
typedef struct bench_rng {
    uint64_t s;
} bench_rng;
uint64_t bench_rng_next(bench_rng *r);
/* Uniform in [0, n); n > 0. */
size_t bench_rng_below(bench_rng *r, size_t n);

/* ---- synthetic clean names (bench_names.c) ---- */

/* Writes a synthetic clean name (a person of one of 20+ countries, or a
 * company) into out and sets *schema.  Never a name read from any list. */
void bench_clean_name(bench_rng *r, char *out, size_t cap, emb_schema *schema);
/* Number of countries in the name tables. */
size_t bench_clean_countries(void);

/* ---- workload (bench_work.c) ---- */

/* Builds n queries, alternating variant and clean, from the snapshot's
 * entities with the given seed.  Returns 0, or -1 when out of memory. */
int bench_workload_make(const emb_snapshot *s, uint64_t seed, size_t n, bench_workload *w);
void bench_workload_free(bench_workload *w);
/* TSV file: kind, schema, expected id, name. */
int bench_workload_save(const bench_workload *w, const char *path);
int bench_workload_load(bench_workload *w, const char *path);

/* Writes the snapshot's screened names as "entity-id TAB name" lines. */
int bench_export_names(const emb_snapshot *s, const char *path, size_t *count);
/* Writes n synthetic FtM entities made by shuffling the given names,
 * surnames and company words of the snapshot's own names. */
int bench_grow_write(const emb_snapshot *s, uint64_t seed, size_t n, double names_per_entity,
                     const char *path);

/* 1 when the property holds a name the matcher screens. */
int bench_is_name_prop(const emb_str *prop);

/* ---- measurements (bench_measure.c) ---- */

typedef struct bench_stats {
    double p50_us, p99_us, max_us, mean_us;
    double qps;                                /* single-thread, per-query loop */
    double expl_p50_us, expl_p99_us, expl_qps; /* with explanations */
    double load_p50_us, load_p99_us, load_qps; /* snapshot read in (EMB_OPEN_LOAD) */
    double batch_qps[2];                       /* 1 and 2 threads */
    size_t variants, found[BK__COUNT], total[BK__COUNT], matched_variants;
    size_t clean, alerts;
    size_t refused; /* names the engine refused: nothing it can read */
    double open_ms;
    long rss_kb;
} bench_stats;

/* Runs the workload against the snapshot at path (what `bench measure`
 * does in a child process); full also runs explanations and threads. */
int bench_measure(const char *path, const bench_workload *w, int full, bench_stats *st, char *msg,
                  size_t cap);

/* Brute-force Jaro-Winkler baseline over every name of the snapshot, on
 * the first nq queries: queries/s and variants found in the top 5. */
int bench_brute(const emb_snapshot *s, const bench_workload *w, size_t nq, double *qps,
                size_t *found, size_t *variants);

/* ---- payment-message screening (bench_scan.c) ---- */

typedef struct bench_scan_stats {
    double mt103_mps, pacs008_mps; /* messages a second, one thread */
    size_t messages;               /* screened per format */
    size_t mt103_hits, pacs008_hits;
} bench_scan_stats;

/* Screens n MT103 and n pacs.008 messages with synthetic parties (seeded)
 * on the calling thread with the rules file (may be NULL).  Returns 0, or
 * -1 with msg set. */
int bench_scan_measure(const emb_snapshot *s, const char *rules, uint64_t seed, size_t n,
                       bench_scan_stats *st, char *msg, size_t cap);

/* Seconds on the monotonic clock. */
double bench_now(void);

#endif
