/*
 * bench_measure.c - the timed parts of the bench.
 *
 * bench_measure(): opens a snapshot (median of BENCH_OPENS opens), warms
 * up, then runs every query of the workload on one emb_query, timing each
 * (reset, schema, name, run and reading the results: what a caller of the
 * library does per name), twice, keeping the faster pass; optionally
 * again with every result explained (what `embargo screen` adds), and as
 * `match`-style batches on 1 and 2 threads, each with its own emb_query
 * over the one shared snapshot, taking queries from a shared counter in
 * blocks (best of two runs each).  Recall is the source entity among the
 * (default 5) results; a clean name alerts when any result is a match.
 *
 * bench_brute(): the no-index baseline, Jaro-Winkler (written here:
 * matches within half the longer length, transpositions, prefix bonus 0.1
 * up to 4) of the lower-cased query against every screened name of the
 * snapshot, top 5 entities by best name score.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"

#define BENCH_OPENS 21
#define BENCH_WARMUP 500
#define BENCH_BLOCK 64

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *sorted, size_t n, double p)
{
    if (!n)
        return 0;
    size_t i = (size_t)ceil(p * (double)n) - 1;
    return sorted[i < n ? i : n - 1];
}

/* Sets up and runs query q on ctx; 0 on success, 1 when the engine
 * refuses the name as having nothing to screen (a script it cannot
 * romanise: counted, never found, never an alert), -1 on failure. */
static int run_one(emb_query *ctx, const bench_query *q)
{
    emb_query_reset(ctx);
    if (q->schema != EMB_SCHEMA_THING && emb_query_set_schema(ctx, q->schema) != EMB_OK)
        return -1;
    if (emb_query_add(ctx, "name", 4, q->name, strlen(q->name), NULL) != EMB_OK)
        return -1;
    emb_status st = emb_query_run(ctx, NULL);
    return st == EMB_OK ? 0 : st == EMB_EARG ? 1 : -1;
}

/* Reads the results: *found when q's source entity is among them,
 * *alert when any is a match. */
static void read_results(const emb_snapshot *s, emb_query *ctx, const bench_query *q, int *found,
                         int *alert, int *found_match)
{
    size_t n = emb_result_count(ctx), elen = strlen(q->expect);
    *found = *alert = *found_match = 0;
    for (size_t i = 0; i < n; i++) {
        emb_result r;
        emb_str id;
        if (emb_result_get(ctx, i, &r) != EMB_OK)
            continue;
        *alert |= r.match;
        if (elen && emb_entity_id(s, r.entity, &id) == EMB_OK && id.len == elen &&
            memcmp(id.ptr, q->expect, elen) == 0) {
            *found = 1;
            *found_match |= r.match;
        }
    }
}

typedef struct batch {
    const emb_snapshot *s;
    const bench_workload *w;
    pthread_mutex_t mu;
    size_t next;
    int failed;
} batch;

static void *batch_worker(void *arg)
{
    batch *b = arg;
    emb_query *ctx = NULL;
    if (emb_query_new(&ctx, b->s, NULL) != EMB_OK) {
        pthread_mutex_lock(&b->mu);
        b->failed = 1;
        pthread_mutex_unlock(&b->mu);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&b->mu);
        size_t i = b->next;
        b->next += BENCH_BLOCK;
        pthread_mutex_unlock(&b->mu);
        if (i >= b->w->n)
            break;
        size_t end = i + BENCH_BLOCK < b->w->n ? i + BENCH_BLOCK : b->w->n;
        for (; i < end; i++) {
            if (run_one(ctx, &b->w->q[i]) == 0) {
                size_t n = emb_result_count(ctx);
                for (size_t k = 0; k < n; k++) {
                    emb_result r;
                    (void)emb_result_get(ctx, k, &r);
                }
            }
        }
    }
    emb_query_free(ctx);
    return NULL;
}

/* Queries/s of the whole workload on nthreads threads; < 0 on failure. */
static double run_batch(const emb_snapshot *s, const bench_workload *w, size_t nthreads)
{
    batch b;
    pthread_t tids[8];
    memset(&b, 0, sizeof b);
    b.s = s;
    b.w = w;
    if (nthreads > 8 || pthread_mutex_init(&b.mu, NULL) != 0)
        return -1;
    double t0 = bench_now();
    size_t started = 0;
    for (; started < nthreads; started++)
        if (pthread_create(&tids[started], NULL, batch_worker, &b) != 0)
            break;
    for (size_t i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    double t1 = bench_now();
    pthread_mutex_destroy(&b.mu);
    if (started < nthreads || b.failed)
        return -1;
    return (double)w->n / (t1 - t0);
}

/* Single queries, timed one by one after BENCH_WARMUP untimed ones; the
 * faster of two passes is kept (the machine is shared: a slow minute
 * shows as one slow pass) in st's latency fields and qps.  With count,
 * the first pass's answers are counted in st (recall, alerts).  Returns
 * 0, or -1 with msg set. */
static int time_singles(const emb_snapshot *s, emb_query *ctx, const bench_workload *w, double *lat,
                        bench_stats *st, int count, char *msg, size_t cap)
{
    for (size_t i = 0; i < w->n && i < BENCH_WARMUP; i++)
        (void)run_one(ctx, &w->q[i]);
    for (int pass = 0; pass < 2; pass++) {
        double total = 0;
        for (size_t i = 0; i < w->n; i++) {
            const bench_query *q = &w->q[i];
            int found = 0, alert = 0, fm = 0;
            double t0 = bench_now();
            int run = run_one(ctx, q);
            if (run == 0)
                read_results(s, ctx, q, &found, &alert, &fm);
            lat[i] = (bench_now() - t0) * 1e6;
            total += lat[i];
            if (run < 0) {
                snprintf(msg, cap, "query %zu (%s) failed", i + 1, q->name);
                return -1;
            }
            if (pass || !count)
                continue; /* the same answers: counted once */
            st->refused += (size_t)run;
            st->total[q->kind]++;
            if (q->kind == BK_CLEAN) {
                st->clean++;
                st->alerts += (size_t)alert;
            } else {
                st->variants++;
                st->found[q->kind] += (size_t)found;
                st->matched_variants += (size_t)fm;
            }
        }
        double qps = (double)w->n / (total / 1e6);
        if (pass && qps <= st->qps)
            continue;
        st->qps = qps;
        st->mean_us = total / (double)w->n;
        qsort(lat, w->n, sizeof *lat, cmp_double);
        st->p50_us = pct(lat, w->n, 0.50);
        st->p99_us = pct(lat, w->n, 0.99);
        st->max_us = w->n ? lat[w->n - 1] : 0;
    }
    return 0;
}

/* The single-query timings again on the snapshot read into memory
 * (EMB_OPEN_LOAD, as `embargo serve` opens it): qps and latencies into
 * st's load_ fields.  Returns 0, or -1 with msg set. */
static int time_loaded(const char *path, const bench_workload *w, double *lat, bench_stats *st,
                       char *msg, size_t cap)
{
    emb_snapshot *s = NULL;
    emb_query *ctx = NULL;
    emb_error err;
    bench_stats l;
    int rc = -1;
    memset(&l, 0, sizeof l);
    if (emb_snapshot_open_flags(&s, path, EMB_OPEN_LOAD, &err) != EMB_OK) {
        snprintf(msg, cap, "%s: %s", path, err.message);
        return -1;
    }
    if (emb_query_new(&ctx, s, &err) != EMB_OK) {
        snprintf(msg, cap, "%s", err.message);
        goto done;
    }
    if (time_singles(s, ctx, w, lat, &l, 0, msg, cap))
        goto done;
    st->load_qps = l.qps;
    st->load_p50_us = l.p50_us;
    st->load_p99_us = l.p99_us;
    rc = 0;
done:
    emb_query_free(ctx);
    emb_snapshot_close(s);
    return rc;
}

int bench_measure(const char *path, const bench_workload *w, int full, bench_stats *st, char *msg,
                  size_t cap)
{
    emb_snapshot *s = NULL;
    emb_query *ctx = NULL;
    emb_error err;
    double opens[BENCH_OPENS], *lat = NULL;
    char *ebuf = NULL;
    int rc = -1;
    memset(st, 0, sizeof *st);
    for (int i = 0; i < BENCH_OPENS; i++) {
        double t0 = bench_now();
        emb_status es = emb_snapshot_open(&s, path, &err);
        opens[i] = (bench_now() - t0) * 1e3;
        if (es != EMB_OK) {
            snprintf(msg, cap, "%s: %s", path, err.message);
            return -1;
        }
        if (i + 1 < BENCH_OPENS) {
            emb_snapshot_close(s);
            s = NULL;
        }
    }
    qsort(opens, BENCH_OPENS, sizeof opens[0], cmp_double);
    st->open_ms = opens[BENCH_OPENS / 2];
    lat = malloc((w->n + 1) * sizeof *lat);
    ebuf = malloc(1 << 16);
    if (!lat || !ebuf || emb_query_new(&ctx, s, &err) != EMB_OK) {
        snprintf(msg, cap, "out of memory");
        goto done;
    }
    if (time_singles(s, ctx, w, lat, st, 1, msg, cap))
        goto done;
    if (full) {
        /* screen-style: every result explained */
        double total = 0;
        for (size_t i = 0; i < w->n; i++) {
            double t0 = bench_now();
            if (run_one(ctx, &w->q[i]) == 0) {
                size_t n = emb_result_count(ctx), need = 0;
                for (size_t k = 0; k < n; k++)
                    (void)emb_result_explain(ctx, k, ebuf, 1 << 16, &need);
            }
            lat[i] = (bench_now() - t0) * 1e6;
            total += lat[i];
        }
        st->expl_qps = (double)w->n / (total / 1e6);
        qsort(lat, w->n, sizeof *lat, cmp_double);
        st->expl_p50_us = pct(lat, w->n, 0.50);
        st->expl_p99_us = pct(lat, w->n, 0.99);
        for (size_t t = 0; t < 2; t++) {
            for (int rep = 0; rep < 2; rep++) {
                double qps = run_batch(s, w, t + 1);
                if (qps < 0) {
                    snprintf(msg, cap, "batch on %zu threads failed", t + 1);
                    goto done;
                }
                if (qps > st->batch_qps[t])
                    st->batch_qps[t] = qps;
            }
        }
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    st->rss_kb = ru.ru_maxrss;
    /* after the peak RSS is read: the loaded copy is a second snapshot */
    if (full && time_loaded(path, w, lat, st, msg, cap))
        goto done;
    rc = 0;
done:
    emb_query_free(ctx);
    emb_snapshot_close(s);
    free(lat);
    free(ebuf);
    return rc;
}

/* ---- brute-force Jaro-Winkler ---- */

#define JW_MAX 128

/* Lower-cased code points of s (ASCII and Latin-1/Latin Extended-A, Greek
 * and Cyrillic capitals folded); at most JW_MAX. */
static size_t decode_lower(const char *s, size_t len, uint32_t *out)
{
    size_t n = 0, i = 0;
    while (i < len && n < JW_MAX) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + l > len)
            break;
        if (l == 1)
            cp = c;
        else if (l == 2)
            cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
        else if (l == 3)
            cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)((unsigned char)s[i + 1] & 0x3F) << 6) |
                 ((unsigned char)s[i + 2] & 0x3F);
        else
            cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)((unsigned char)s[i + 1] & 0x3F) << 12) |
                 ((uint32_t)((unsigned char)s[i + 2] & 0x3F) << 6) |
                 ((unsigned char)s[i + 3] & 0x3F);
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
            cp += 32;
        else if (cp >= 0x391 && cp <= 0x3AB)
            cp += 32;
        else if (cp >= 0x410 && cp <= 0x42F)
            cp += 32;
        else if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0)
            cp += 1;
        out[n++] = cp;
        i += l;
    }
    return n;
}

static double jaro_winkler(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (!na || !nb)
        return 0;
    size_t win = (na > nb ? na : nb) / 2;
    win = win ? win - 1 : 0;
    unsigned char ma[JW_MAX] = {0}, mb[JW_MAX] = {0};
    size_t m = 0;
    for (size_t i = 0; i < na; i++) {
        size_t lo = i > win ? i - win : 0, hi = i + win + 1 < nb ? i + win + 1 : nb;
        for (size_t j = lo; j < hi; j++)
            if (!mb[j] && a[i] == b[j]) {
                ma[i] = mb[j] = 1;
                m++;
                break;
            }
    }
    if (!m)
        return 0;
    size_t t = 0, k = 0;
    for (size_t i = 0; i < na; i++) {
        if (!ma[i])
            continue;
        while (!mb[k])
            k++;
        t += a[i] != b[k];
        k++;
    }
    double md = (double)m;
    double j = (md / (double)na + md / (double)nb + (md - (double)t / 2.0) / md) / 3.0;
    size_t l = 0;
    while (l < 4 && l < na && l < nb && a[l] == b[l])
        l++;
    return j + (double)l * 0.1 * (1.0 - j);
}

typedef struct jw_name {
    uint32_t entity, off;
    uint8_t len;
} jw_name;

int bench_brute(const emb_snapshot *s, const bench_workload *w, size_t nq, double *qps,
                size_t *found, size_t *variants)
{
    emb_snapshot_info info;
    emb_snapshot_get_info(s, &info);
    size_t cap = 1 << 16, n = 0, pool_n = 0, pool_cap = 1 << 20;
    jw_name *names = malloc(cap * sizeof *names);
    uint32_t *pool = malloc(pool_cap * sizeof *pool);
    int rc = -1;
    *found = *variants = 0;
    *qps = 0;
    if (!names || !pool)
        goto done;
    for (uint32_t e = 0; e < info.entity_count; e++) {
        size_t np = emb_entity_prop_count(s, e);
        for (size_t j = 0; j < np; j++) {
            emb_str k, v;
            if (emb_entity_prop(s, e, j, &k, &v) != EMB_OK || !bench_is_name_prop(&k))
                continue;
            if (n == cap) {
                jw_name *nn = realloc(names, 2 * cap * sizeof *nn);
                if (!nn)
                    goto done;
                names = nn;
                cap *= 2;
            }
            if (pool_n + JW_MAX > pool_cap) {
                uint32_t *np2 = realloc(pool, 2 * pool_cap * sizeof *np2);
                if (!np2)
                    goto done;
                pool = np2;
                pool_cap *= 2;
            }
            size_t len = decode_lower(v.ptr, v.len, pool + pool_n);
            names[n].entity = e;
            names[n].off = (uint32_t)pool_n;
            names[n].len = (uint8_t)len;
            pool_n += len;
            n++;
        }
    }
    if (nq > w->n)
        nq = w->n;
    double t0 = bench_now();
    for (size_t i = 0; i < nq; i++) {
        const bench_query *q = &w->q[i];
        uint32_t qc[JW_MAX];
        size_t qn = decode_lower(q->name, strlen(q->name), qc);
        uint32_t top_e[5];
        double top_s[5];
        size_t ntop = 0;
        for (size_t k = 0; k < n; k++) {
            double sc = jaro_winkler(qc, qn, pool + names[k].off, names[k].len);
            if (ntop == 5 && sc <= top_s[4])
                continue;
            size_t pos = ntop;
            for (size_t x = 0; x < ntop; x++)
                if (top_e[x] == names[k].entity) {
                    pos = x;
                    break;
                }
            if (pos < ntop) {
                if (sc <= top_s[pos])
                    continue;
            } else if (ntop < 5) {
                ntop++;
            } else {
                pos = 4;
            }
            top_e[pos] = names[k].entity;
            top_s[pos] = sc;
            while (pos > 0 && top_s[pos] > top_s[pos - 1]) {
                double ts = top_s[pos];
                uint32_t te = top_e[pos];
                top_s[pos] = top_s[pos - 1];
                top_e[pos] = top_e[pos - 1];
                top_s[pos - 1] = ts;
                top_e[pos - 1] = te;
                pos--;
            }
        }
        if (q->kind == BK_CLEAN)
            continue;
        ++*variants;
        for (size_t x = 0; x < ntop; x++) {
            emb_str id;
            if (emb_entity_id(s, top_e[x], &id) == EMB_OK && id.len == strlen(q->expect) &&
                memcmp(id.ptr, q->expect, id.len) == 0) {
                ++*found;
                break;
            }
        }
    }
    *qps = (double)nq / (bench_now() - t0);
    rc = 0;
done:
    free(names);
    free(pool);
    return rc;
}
