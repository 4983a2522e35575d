/*
 * metrics.c - Prometheus counters of the HTTP service (GET /metrics).
 *
 * Counters are process-wide relaxed atomics, updated once per request and
 * summed by nobody else, so recording costs a few uncontended increments.
 * Requests are counted by route template and exact status code (a fixed
 * table: routes x codes 100-599); latency is one histogram per route with
 * the bucket bounds below (seconds, cumulative when rendered).  The text
 * format is Prometheus exposition format 0.0.4.
 */
#include "srv.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STATUS_LO 100
#define STATUS_HI 600

/* Upper bounds of the latency buckets, in microseconds. */
static const uint64_t bucket_us[SRV_LATENCY_BUCKETS] = {
    100,   250,   500,    1000,   2500,    5000,    10000,
    25000, 50000, 100000, 250000, 1000000, 2500000, 10000000,
};

static _Atomic uint64_t requests[SRV_R__COUNT][STATUS_HI - STATUS_LO];
static _Atomic uint64_t latency[SRV_R__COUNT][SRV_LATENCY_BUCKETS + 1];
static _Atomic uint64_t latency_sum_us[SRV_R__COUNT];
static _Atomic uint64_t queries_total, matches_total, reloads_ok, reloads_failed;

void srv_metrics_request(srv_route r, unsigned status, uint64_t micros)
{
    if ((unsigned)r >= SRV_R__COUNT)
        r = SRV_R_UNKNOWN;
    if (status >= STATUS_LO && status < STATUS_HI)
        atomic_fetch_add_explicit(&requests[r][status - STATUS_LO], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < SRV_LATENCY_BUCKETS && micros > bucket_us[b])
        b++;
    atomic_fetch_add_explicit(&latency[r][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_sum_us[r], micros, memory_order_relaxed);
}

void srv_metrics_queries(uint64_t screened, uint64_t matches)
{
    atomic_fetch_add_explicit(&queries_total, screened, memory_order_relaxed);
    atomic_fetch_add_explicit(&matches_total, matches, memory_order_relaxed);
}

void srv_metrics_reload(int ok)
{
    atomic_fetch_add_explicit(ok ? &reloads_ok : &reloads_failed, 1, memory_order_relaxed);
}

typedef struct mbuf {
    char *p;
    size_t len, cap;
    int oom;
} mbuf;

static void put(mbuf *b, const char *fmt, ...) SRV_PRINTF(2, 3);
static void put(mbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (int tries = 0; tries < 2; tries++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t nc = b->cap * 2 + (size_t)n + 1;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
}

static uint64_t ld(_Atomic uint64_t *v)
{
    return atomic_load_explicit(v, memory_order_relaxed);
}

char *srv_metrics_render(const srv_gen *g, size_t *len)
{
    mbuf b = {malloc(16384), 0, 16384, 0};
    if (!b.p)
        return NULL;
    put(&b,
        "# HELP embargo_build_info Version of the embargo server.\n"
        "# TYPE embargo_build_info gauge\n"
        "embargo_build_info{version=\"%s\"} 1\n",
        EMB_VERSION_STRING);
    put(&b, "# HELP embargo_http_requests_total HTTP requests by route template and status.\n"
            "# TYPE embargo_http_requests_total counter\n");
    for (int r = 0; r < SRV_R__COUNT; r++)
        for (unsigned s = 0; s < STATUS_HI - STATUS_LO; s++) {
            uint64_t n = ld(&requests[r][s]);
            if (n)
                put(&b, "embargo_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                    srv_route_name((srv_route)r), s + STATUS_LO, (unsigned long long)n);
        }
    put(&b, "# HELP embargo_http_request_duration_seconds Time from request arrival to response.\n"
            "# TYPE embargo_http_request_duration_seconds histogram\n");
    for (int r = 0; r < SRV_R__COUNT; r++) {
        uint64_t cum = 0;
        for (int i = 0; i <= SRV_LATENCY_BUCKETS; i++)
            cum += ld(&latency[r][i]);
        if (!cum)
            continue;
        const char *rn = srv_route_name((srv_route)r);
        cum = 0;
        for (int i = 0; i < SRV_LATENCY_BUCKETS; i++) {
            cum += ld(&latency[r][i]);
            put(&b, "embargo_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                rn, (double)bucket_us[i] / 1e6, (unsigned long long)cum);
        }
        cum += ld(&latency[r][SRV_LATENCY_BUCKETS]);
        put(&b, "embargo_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", rn,
            (unsigned long long)cum);
        put(&b, "embargo_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", rn,
            (double)ld(&latency_sum_us[r]) / 1e6);
        put(&b, "embargo_http_request_duration_seconds_count{route=\"%s\"} %llu\n", rn,
            (unsigned long long)cum);
    }
    put(&b,
        "# HELP embargo_queries_screened_total Queries screened (/match, /search, /reconcile).\n"
        "# TYPE embargo_queries_screened_total counter\n"
        "embargo_queries_screened_total %llu\n"
        "# HELP embargo_matches_total Results returned with match=true.\n"
        "# TYPE embargo_matches_total counter\n"
        "embargo_matches_total %llu\n"
        "# HELP embargo_snapshot_reloads_total Snapshot reloads by outcome.\n"
        "# TYPE embargo_snapshot_reloads_total counter\n"
        "embargo_snapshot_reloads_total{result=\"ok\"} %llu\n"
        "embargo_snapshot_reloads_total{result=\"failed\"} %llu\n",
        (unsigned long long)ld(&queries_total), (unsigned long long)ld(&matches_total),
        (unsigned long long)ld(&reloads_ok), (unsigned long long)ld(&reloads_failed));
    if (g) {
        time_t now = time(NULL);
        double age = (double)now - (double)g->info.built_at;
        put(&b,
            "# HELP embargo_snapshot_age_seconds Seconds since the served snapshot was built.\n"
            "# TYPE embargo_snapshot_age_seconds gauge\n"
            "embargo_snapshot_age_seconds %.0f\n"
            "# HELP embargo_snapshot_info The served snapshot (value is always 1).\n"
            "# TYPE embargo_snapshot_info gauge\n"
            "embargo_snapshot_info{hash=\"%s\",built_at=\"%s\",format=\"%u.%u\",generation=\"%"
            "llu\"} 1\n"
            "# HELP embargo_snapshot_entities Entities in the served snapshot.\n"
            "# TYPE embargo_snapshot_entities gauge\n"
            "embargo_snapshot_entities %zu\n"
            "# HELP embargo_query_contexts Query contexts made for the served snapshot "
            "(one per worker thread before it serves, more for more concurrent requests).\n"
            "# TYPE embargo_query_contexts gauge\n"
            "embargo_query_contexts %zu\n",
            age < 0 ? 0.0 : age, g->info.hash, g->built, (unsigned)g->info.format_major,
            (unsigned)g->info.format_minor, (unsigned long long)g->number, g->info.entity_count,
            atomic_load_explicit(&g->ncontexts, memory_order_relaxed));
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}
