/*
 * server.c - the HTTP service: libmicrohttpd daemon, routing, request
 * bodies, authentication, responses, the JSON-lines access log, signals.
 *
 * Connections are accepted by front.c and spread over --threads N
 * libmicrohttpd daemons of one polling thread each, every one serving its
 * connections event-driven, so a slow client holds a socket, not a
 * thread.  The access handler is called several times per request: on the
 * first call the route, method, API key and the declared Content-Length
 * are checked and a refusal (404, 405, 401, 403, 413) is answered at once,
 * before any body is read; later calls append the body to a buffer capped
 * at --max-body (a chunked body that grows past it is drained and
 * answered 413); the last call judges the time the complete request
 * waited for its worker (load shedding, --max-queue-ms: 503), runs the
 * handler and holds
 * its answer: the connection is suspended and at once marked for resuming,
 * so libmicrohttpd takes the answer in its next round and sends it, with
 * the other answers of this round, when poll() next finds their sockets
 * writable (strace: a round reads and screens, the next takes the held
 * answers, the one after sends them).  A client is then woken once for a
 * burst of answers rather than once for each (on 2 cores shared with wrk
 * that cut the server's CPU time per request by a sixth).  Each request
 * takes a reference to the current snapshot generation (gen.c) for its
 * whole life, so a reload never changes the data under a request.
 * POST /admin/reload runs in a thread of its own, its connection suspended
 * until it is answered (hand_reload).  Signals are blocked in every thread
 * and taken by the main thread with sigtimedwait(): SIGHUP reloads,
 * SIGINT/SIGTERM stop; its timeout writes the access-log lines waiting in
 * memory.
 * Reference: docs/http.md.
 */
#include "srv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

/* How long every request must have waited before any is refused. */
#define SRV_SHED_AFTER_US 100000u
/* A worker that sat this long with nothing to answer had no queue: the
 * run of waiting requests (shed) starts again. */
#define SRV_SHED_IDLE_US 1000u
/* How often a busy worker outside a run reads a request's wait (shed). */
#define SRV_SHED_PROBE_US 1000u

/* When this worker thread last answered a request (shed). */
static _Thread_local uint64_t last_done;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t rid_counter;
static uint32_t rid_boot;

static const char *const route_names[] = {
#define SRV__ROUTE_NAME(name, tmpl) tmpl,
    SRV_ROUTE_LIST(SRV__ROUTE_NAME)
#undef SRV__ROUTE_NAME
};

const char *srv_route_name(srv_route r)
{
    return (unsigned)r < SRV_R__COUNT ? route_names[r] : "other";
}

void srv_config_defaults(srv_config *c)
{
    memset(c, 0, sizeof *c);
    c->listen = SRV_DEFAULT_LISTEN;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = n > 0 ? (unsigned)(n > (long)SRV_MAX_THREADS ? SRV_MAX_THREADS : n) : 2u;
    c->max_body = SRV_DEFAULT_MAX_BODY;
    c->max_batch = SRV_DEFAULT_MAX_BATCH;
    c->timeout_ms = SRV_DEFAULT_TIMEOUT_MS;
    c->max_queue_ms = SRV_DEFAULT_MAX_QUEUE_MS;
    c->slice_us = SRV_DEFAULT_SLICE_US;
    c->yield_us = SRV_DEFAULT_YIELD_US;
    c->max_conns = SRV_DEFAULT_MAX_CONNS;
    c->max_per_ip = SRV_DEFAULT_MAX_PER_IP;
    c->idle_timeout = SRV_DEFAULT_IDLE_TIMEOUT;
}

/* ---- small utilities ---- */

uint64_t srv_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void srv_iso_time(uint64_t t, char *buf, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, cap, "?");
}

/* Length of the valid UTF-8 sequence at s[0..n), 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    unsigned cp = c & (len == 2 ? 0x1fu : len == 3 ? 0x0fu : 0x07u);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

int srv_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(p + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

json_t *srv_body_object(srv_req *r, srv_resp *out, const char *expect)
{
    if (!r->body_len) {
        srv_error(out, 400, "body: a JSON object is required%s", expect);
        return NULL;
    }
    if (!srv_utf8_ok(r->body, r->body_len)) {
        srv_error(out, 400, "body: invalid UTF-8");
        return NULL;
    }
    json_error_t jerr;
    json_t *root = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        srv_error(out, 400, "body: invalid JSON at line %d column %d: %s", jerr.line, jerr.column,
                  jerr.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        srv_error(out, 400, "body: must be a JSON object%s", expect);
        return NULL;
    }
    return root;
}

void srv_json(srv_resp *out, unsigned status, json_t *v)
{
    json_decref(out->json);
    free(out->text);
    out->text = NULL;
    out->json = NULL;
    if (!v) {
        srv_error(out, 500, "out of memory building the response");
        return;
    }
    out->status = status;
    out->json = v;
}

void srv_error(srv_resp *out, unsigned status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* details may quote client input: keep the JSON valid */
    if (!srv_utf8_ok(msg, strlen(msg)))
        for (char *p = msg; *p; p++)
            if ((unsigned char)*p >= 0x80)
                *p = '?';
    json_decref(out->json);
    free(out->text);
    out->text = NULL;
    out->status = status;
    out->json = json_pack("{s:i, s:s}", "status", (int)status, "detail", msg);
}

/* ---- query-string arguments ---- */

const char *srv_arg(srv_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->con, MHD_GET_ARGUMENT_KIND, name);
}

typedef struct args_it {
    const char *name;
    int split;
    char **vals;
    size_t max, n;
    char *buf;
    size_t cap, used;
} args_it;

static void args_push(args_it *it, const char *v, size_t len)
{
    if (it->n >= it->max || len == 0 || it->used + len + 1 > it->cap)
        return;
    char *d = it->buf + it->used;
    memcpy(d, v, len);
    d[len] = '\0';
    it->used += len + 1;
    it->vals[it->n++] = d;
}

static enum MHD_Result args_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    args_it *it = cls;
    if (!key || strcmp(key, it->name) != 0 || !value)
        return MHD_YES;
    if (!it->split) {
        args_push(it, value, strlen(value));
        return MHD_YES;
    }
    const char *p = value;
    while (*p) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        args_push(it, p, len);
        p += len;
        if (*p == ',')
            p++;
    }
    return MHD_YES;
}

size_t srv_args(srv_req *r, const char *name, int split, char **vals, size_t max, char *buf,
                size_t bufcap)
{
    args_it it = {name, split, vals, max, 0, buf, bufcap, 0};
    MHD_get_connection_values(r->con, MHD_GET_ARGUMENT_KIND, args_cb, &it);
    return it.n;
}

int srv_arg_size(srv_req *r, srv_resp *out, const char *name, size_t lo, size_t hi, size_t dflt,
                 size_t *val)
{
    const char *s = srv_arg(r, name);
    *val = dflt;
    if (!s)
        return 0;
    size_t v = 0;
    const char *p = s;
    if (!*p)
        goto bad;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > hi)
            goto bad;
        v = v * 10 + (size_t)(*p - '0');
    }
    if (v < lo || v > hi)
        goto bad;
    *val = v;
    return 0;
bad:
    srv_error(out, 400, "%s: must be an integer from %zu to %zu", name, lo, hi);
    return 1;
}

int srv_arg_unit(srv_req *r, srv_resp *out, const char *name, double dflt, double *val)
{
    const char *s = srv_arg(r, name);
    *val = dflt;
    if (!s)
        return 0;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || errno || !end || *end || !(v >= 0.0 && v <= 1.0)) {
        srv_error(out, 400, "%s: must be a number from 0 to 1", name);
        return 1;
    }
    *val = v;
    return 0;
}

/* ---- access log ---- */

typedef struct lbuf {
    char p[SRV_LOG_BODY_MAX * 2 + 1024];
    size_t n;
} lbuf;

static void lput(lbuf *b, const char *s, size_t n)
{
    if (n > sizeof b->p - 1 - b->n)
        n = sizeof b->p - 1 - b->n;
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void lputs(lbuf *b, const char *s)
{
    lput(b, s, strlen(s));
}

/* A JSON string; invalid UTF-8 becomes U+FFFD, controls are escaped. */
static void lstr(lbuf *b, const char *s, size_t n, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    lputs(b, "\"");
    for (size_t i = 0; i < n && i < max;) {
        unsigned c = p[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            char e[8];
            if (c == '"' || c == '\\')
                snprintf(e, sizeof e, "\\%c", (char)c);
            else
                snprintf(e, sizeof e, "\\u%04x", c);
            lputs(b, e);
            i++;
            continue;
        }
        size_t k = utf8_seq(p + i, n - i);
        if (!k) {
            lputs(b, "\\ufffd");
            i++;
        } else {
            lput(b, s + i, k);
            i += k;
        }
    }
    lputs(b, "\"");
}

/* Writes v in decimal, at least `width` digits (zero-padded). */
static void lnum(lbuf *b, unsigned long long v, int width)
{
    char d[24];
    size_t n = 0, w = width > 0 ? (size_t)width : 0;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < sizeof d);
    while (n < w && n < sizeof d)
        d[sizeof d - 1 - n++] = '0';
    lput(b, d + sizeof d - n, n);
}

/* The access log's time, "2026-11-29T11:59:12.971Z": the part up to the
 * second is formatted once a second per thread. */
static void lts(lbuf *b)
{
    static _Thread_local time_t sec = (time_t)-1;
    static _Thread_local char head[32];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (now.tv_sec != sec) {
        srv_iso_time((uint64_t)now.tv_sec, head, sizeof head);
        size_t hl = strlen(head);
        if (hl && head[hl - 1] == 'Z')
            head[hl - 1] = '\0';
        sec = now.tv_sec;
    }
    lputs(b, head);
    lput(b, ".", 1);
    lnum(b, (unsigned long long)(now.tv_nsec / 1000000L), 3);
    lput(b, "Z", 1);
}

/* The access log's lines wait in st->logq and go out in one write when it
 * fills, when a line finds the first one SRV_LOG_FLUSH_US old, when the
 * main thread's timer finds lines waiting (srv_run), before the server's
 * own messages, and at stop: one write for many requests instead of one
 * each (a write and a lock were 4% of a /match request's CPU time).  A
 * crash loses at most the last SRV_LOG_FLUSH_US of lines.  Without a
 * queue (out of memory at start) every line is written at once. */
static void log_write_locked(srv_state *st)
{
    if (!st->logq_n)
        return;
    FILE *lf = st->log ? st->log : stderr;
    fwrite(st->logq, 1, st->logq_n, lf);
    fflush(lf);
    st->logq_n = 0;
}

void srv_log_flush(srv_state *st)
{
    pthread_mutex_lock(&log_lock);
    log_write_locked(st);
    pthread_mutex_unlock(&log_lock);
}

static void access_log(const srv_req *r, unsigned status, uint64_t micros)
{
    lbuf b;
    b.n = 0;
    lputs(&b, "{\"ts\":\"");
    lts(&b);
    lputs(&b, "\",\"request_id\":\"");
    lputs(&b, r->rid);
    lputs(&b, "\",\"method\":");
    lstr(&b, r->method ? r->method : "", r->method ? strlen(r->method) : 0, 16);
    lputs(&b, ",\"route\":\"");
    lputs(&b, srv_route_name(r->route));
    lputs(&b, "\"");
    if (r->arg && r->route != SRV_R_UNKNOWN) {
        lputs(&b, r->route == SRV_R_ENTITY ? ",\"entity_id\":" : ",\"dataset\":");
        lstr(&b, r->arg, r->arg_len, 200);
    }
    /* (",\"status\":%u,\"duration_ms\":%.3f,\"queries\":%llu" as printf would
     * write it; micros is whole microseconds, so %.3f never rounds) */
    lputs(&b, ",\"status\":");
    lnum(&b, status, 1);
    lputs(&b, ",\"duration_ms\":");
    lnum(&b, micros / 1000u, 1);
    lput(&b, ".", 1);
    lnum(&b, micros % 1000u, 3);
    lputs(&b, ",\"queries\":");
    lnum(&b, r->nqueries, 1);
    lputs(&b, ",\"snapshot\":\"");
    lputs(&b, r->gen ? r->gen->info.hash : "");
    lputs(&b, "\"");
    if (r->key) {
        lputs(&b, ",\"key\":");
        lstr(&b, r->key->label, strlen(r->key->label), 64);
    }
    if (r->st->cfg.log_queries) {
        if (r->body_len) {
            lputs(&b, ",\"body\":");
            lstr(&b, r->body, r->body_len, SRV_LOG_BODY_MAX);
        }
        const char *q = srv_arg((srv_req *)r, "q");
        if (!q)
            q = srv_arg((srv_req *)r, "prefix");
        if (!q)
            q = srv_arg((srv_req *)r, "queries");
        if (q) {
            lputs(&b, ",\"q\":");
            lstr(&b, q, strlen(q), SRV_LOG_BODY_MAX);
        }
    }
    lputs(&b, "}\n");
    srv_state *st = r->st;
    uint64_t now = srv_now_us();
    pthread_mutex_lock(&log_lock);
    if (st->logq && st->logq_n + b.n > SRV_LOG_QUEUE)
        log_write_locked(st);
    if (st->logq && st->logq_n + b.n <= SRV_LOG_QUEUE) {
        if (st->logq_n == 0)
            st->logq_t = now;
        memcpy(st->logq + st->logq_n, b.p, b.n);
        st->logq_n += b.n;
        if (now - st->logq_t >= SRV_LOG_FLUSH_US)
            log_write_locked(st);
    } else {
        FILE *lf = st->log ? st->log : stderr;
        fwrite(b.p, 1, b.n, lf);
        fflush(lf);
    }
    pthread_mutex_unlock(&log_lock);
}

/* ---- routing ---- */

static int has_prefix(const char *s, const char *p, const char **rest)
{
    size_t n = strlen(p);
    if (strncmp(s, p, n) != 0)
        return 0;
    *rest = s + n;
    return 1;
}

static int set_arg(srv_req *r, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    r->arg = malloc(n + 1);
    if (!r->arg)
        return 0;
    memcpy(r->arg, s, n);
    r->arg[n] = '\0';
    r->arg_len = n;
    return 1;
}

static srv_route route_of(srv_req *r, const char *url)
{
    static const struct {
        const char *path;
        srv_route route;
    } fixed[] = {
        {"/healthz", SRV_R_HEALTHZ}, {"/readyz", SRV_R_READYZ},
        {"/metrics", SRV_R_METRICS}, {"/algorithms", SRV_R_ALGORITHMS},
        {"/catalog", SRV_R_CATALOG}, {"/admin/reload", SRV_R_RELOAD},
        {"/scan", SRV_R_SCAN},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(url, fixed[i].path) == 0)
            return fixed[i].route;
    const char *rest;
    if (has_prefix(url, "/match/", &rest) && !strchr(rest, '/'))
        return set_arg(r, rest, strlen(rest)) ? SRV_R_MATCH : SRV_R_UNKNOWN;
    if (has_prefix(url, "/search/", &rest) && !strchr(rest, '/'))
        return set_arg(r, rest, strlen(rest)) ? SRV_R_SEARCH : SRV_R_UNKNOWN;
    if (has_prefix(url, "/entities/", &rest))
        return set_arg(r, rest, strlen(rest)) ? SRV_R_ENTITY : SRV_R_UNKNOWN;
    if (has_prefix(url, "/reconcile/", &rest)) {
        const char *slash = strchr(rest, '/');
        if (!slash)
            return set_arg(r, rest, strlen(rest)) ? SRV_R_RECONCILE : SRV_R_UNKNOWN;
        size_t n = (size_t)(slash - rest);
        if (strcmp(slash, "/suggest/entity") == 0)
            return set_arg(r, rest, n) ? SRV_R_SUGGEST : SRV_R_UNKNOWN;
        if (strcmp(slash, "/extend/propose") == 0)
            return set_arg(r, rest, n) ? SRV_R_PROPOSE : SRV_R_UNKNOWN;
    }
    return SRV_R_UNKNOWN;
}

/* Methods a route accepts ("GET" also admits HEAD). */
static const char *route_allow(srv_route r)
{
    switch (r) {
    case SRV_R_MATCH:
    case SRV_R_SCAN:
    case SRV_R_RELOAD:
        return "POST";
    case SRV_R_RECONCILE:
        return "GET, HEAD, POST";
    case SRV_R_UNKNOWN:
        return NULL;
    default:
        return "GET, HEAD";
    }
}

static int method_ok(srv_route r, const char *m)
{
    const char *allow = route_allow(r);
    if (!allow)
        return 1;
    if (strcmp(m, "POST") == 0)
        return strstr(allow, "POST") != NULL;
    if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
        return strstr(allow, "GET") != NULL;
    return 0;
}

/* ---- responses ---- */

static enum MHD_Result send_resp(srv_req *r, srv_resp *out)
{
    char *body = NULL;
    size_t len = 0;
    if (out->json) {
        body = json_dumps(out->json, JSON_COMPACT | JSON_REAL_PRECISION(6));
        if (!body) {
            srv_error(out, 503, "out of memory");
            body = out->json ? json_dumps(out->json, JSON_COMPACT) : NULL;
        }
        if (body)
            len = strlen(body);
        if (!out->ctype)
            out->ctype = "application/json";
    } else if (out->text) {
        body = out->text;
        len = out->text_len;
        out->text = NULL;
    }
    struct MHD_Response *resp;
    if (body) {
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!resp)
            free(body);
    } else {
        static const char oom[] = "{\"status\":503,\"detail\":\"out of memory\"}";
        out->status = 503;
        out->ctype = "application/json";
        resp = MHD_create_response_from_buffer(sizeof oom - 1, (void *)(uintptr_t)oom,
                                               MHD_RESPMEM_PERSISTENT);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", out->ctype ? out->ctype : "application/json");
    MHD_add_response_header(resp, "X-Request-Id", r->rid);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (r->gen) {
        MHD_add_response_header(resp, "X-Embargo-Snapshot", r->gen->info.hash);
        MHD_add_response_header(resp, "X-Embargo-Snapshot-Built", r->gen->built);
    }
    if (out->allow)
        MHD_add_response_header(resp, "Allow", out->allow);
    if (out->www_auth)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"embargo\"");
    if (out->retry_after)
        MHD_add_response_header(resp, "Retry-After", "1");
    if (out->status >= 400 && r->body_too_big)
        MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ret = MHD_queue_response(r->con, out->status, resp);
    MHD_destroy_response(resp);
    uint64_t micros = srv_now_us() - r->t0;
    last_done = r->t0 + micros;
    srv_metrics_request(r->route, out->status, micros);
    access_log(r, out->status, micros);
    json_decref(out->json);
    out->json = NULL;
    return ret;
}

/* ---- request life cycle ---- */

static void req_free(srv_req *r)
{
    if (!r)
        return;
    if (r->worker && r->gen)
        srv_worker_give(r->st, r->gen, r->worker);
    if (r->has_held) {
        json_decref(r->held.json);
        free(r->held.text);
    }
    srv_gen_release(r->st, r->gen);
    free(r->arg);
    free(r->body);
    free(r);
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)con;
    (void)toe;
    req_free(*con_cls);
    *con_cls = NULL;
}

srv_worker *srv_req_worker(srv_req *r, srv_resp *out)
{
    if (r->worker)
        return r->worker;
    if (!r->gen) {
        srv_error(out, 503, "no snapshot loaded yet");
        return NULL;
    }
    r->worker = srv_worker_take(r->st, r->gen);
    if (!r->worker)
        srv_error(out, 503, "out of memory");
    return r->worker;
}

/* Checks the Authorization header; returns nonzero with out set on
 * refusal. */
static int authorize(srv_req *r, srv_resp *out)
{
    srv_state *st = r->st;
    int need = st->have_keys && r->route != SRV_R_HEALTHZ && r->route != SRV_R_READYZ;
    if (r->route == SRV_R_RELOAD && !st->have_keys) {
        srv_error(out, 403, "/admin/reload needs --api-keys with an admin key (or send SIGHUP)");
        return 1;
    }
    if (!need)
        return 0;
    const char *h = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, "Authorization");
    const char *tok = NULL;
    if (h && strncasecmp(h, "Bearer ", 7) == 0) {
        tok = h + 7;
        while (*tok == ' ')
            tok++;
    }
    if (!tok || !*tok) {
        srv_error(out, 401, "Authorization: an API key is required (Authorization: Bearer KEY)");
        out->www_auth = 1;
        return 1;
    }
    r->key = srv_keys_check(&st->keys, tok, strlen(tok));
    if (!r->key) {
        srv_error(out, 401, "Authorization: unknown API key");
        out->www_auth = 1;
        return 1;
    }
    if (r->route == SRV_R_RELOAD && !r->key->admin) {
        srv_error(out, 403, "Authorization: this key may not reload the snapshot (not admin)");
        return 1;
    }
    return 0;
}

static void dispatch(srv_req *r, srv_resp *out)
{
    if (r->body_too_big) {
        srv_error(out, 413, "body: larger than %zu bytes", r->st->cfg.max_body);
        return;
    }
    switch (r->route) {
    case SRV_R_HEALTHZ:
        srv_h_healthz(r, out);
        return;
    case SRV_R_READYZ:
        srv_h_readyz(r, out);
        return;
    case SRV_R_METRICS: {
        size_t len = 0;
        char *t = srv_metrics_render(r->gen, &len);
        if (!t) {
            srv_error(out, 503, "out of memory");
            return;
        }
        out->status = 200;
        out->text = t;
        out->text_len = len;
        out->ctype = "text/plain; version=0.0.4; charset=utf-8";
        return;
    }
    case SRV_R_RELOAD:
        srv_h_reload(r, out);
        return;
    default:
        break;
    }
    if (!r->gen) {
        srv_error(out, 503, "no snapshot loaded yet");
        return;
    }
    switch (r->route) {
    case SRV_R_ALGORITHMS:
        srv_h_algorithms(r, out);
        break;
    case SRV_R_CATALOG:
        srv_h_catalog(r, out);
        break;
    case SRV_R_MATCH:
        srv_h_match(r, out);
        break;
    case SRV_R_SEARCH:
        srv_h_search(r, out);
        break;
    case SRV_R_ENTITY:
        srv_h_entity(r, out);
        break;
    case SRV_R_RECONCILE:
        srv_h_reconcile(r, out);
        break;
    case SRV_R_SUGGEST:
        srv_h_suggest(r, out);
        break;
    case SRV_R_PROPOSE:
        srv_h_propose(r, out);
        break;
    case SRV_R_SCAN:
        srv_h_scan(r, out);
        break;
    default:
        srv_error(out, 404, "no such endpoint");
        break;
    }
}

static int body_append(srv_req *r, const char *data, size_t n)
{
    size_t max = r->st->cfg.max_body;
    if (r->body_too_big || n > max - r->body_len) {
        r->body_too_big = 1;
        return 0;
    }
    if (r->body_len + n + 1 > r->body_cap) {
        size_t nc = r->body_cap ? r->body_cap : 4096;
        while (nc < r->body_len + n + 1)
            nc *= 2;
        if (nc > max + 1)
            nc = max + 1;
        char *nb = realloc(r->body, nc);
        if (!nb)
            return 1;
        r->body = nb;
        r->body_cap = nc;
    }
    memcpy(r->body + r->body_len, data, n);
    r->body_len += n;
    r->body[r->body_len] = '\0';
    return 0;
}

/* ---- load shedding ---- */

/* How long the request on con waited in its socket before this worker
 * read it: the kernel's time since the connection last received data
 * (TCP_INFO, in steps of the kernel clock, 4 ms here); 0 when unknown.
 * Read when the request is complete, this is the wait of its last bytes:
 * a body sent after "100 Continue" arrives in a later round than the
 * headers, and waits in the socket while the worker screens the requests
 * before it (a client trickling its body waits for itself, and its last
 * bytes do not wait). */
static unsigned queue_wait_ms(struct MHD_Connection *con)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci)
        return 0;
    struct tcp_info ti;
    socklen_t tl = sizeof ti;
    memset(&ti, 0, sizeof ti);
    if (getsockopt(ci->connect_fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) != 0 ||
        tl < offsetof(struct tcp_info, tcpi_last_data_recv) + sizeof ti.tcpi_last_data_recv)
        return 0;
    return ti.tcpi_last_data_recv;
}

/* Each worker daemon has one thread: the start of its current run of
 * requests that all waited at least --max-queue-ms, or 0. */
static _Thread_local uint64_t over_since;
/* Outside such a run, the wait of one request in SRV_SHED_PROBE_US is
 * read (a getsockopt each; every request's was a syscall more per
 * request): the first that waited too long starts the run, whose
 * requests are all read. */
static _Thread_local uint64_t next_probe;

/* Nonzero (with out set to 503) when the request, complete and about to
 * be screened, should be refused unscreened: it waited at least
 * --max-queue-ms for this worker, and so did every request this worker
 * took for SRV_SHED_AFTER_US before it.  A burst passes; a queue that
 * stays long is cut back to about --max-queue-ms by refusing the
 * requests that waited longest, which cost the worker almost nothing, so
 * the others are answered in time.  (Judged when the headers were read,
 * a batch whose body came after "100 Continue" read as fresh: 200 such
 * batches at once on one worker all waited their turn, none was shed.) */
static int shed(srv_req *r, srv_resp *out)
{
    unsigned max = r->st->cfg.max_queue_ms;
    if (!max)
        return 0;
    uint64_t now = srv_now_us();
    /* (the kernel's wait is counted in 4 ms steps here: after a burst a
     * fresh request may read as waiting; an idle worker had no queue) */
    if (now > last_done + SRV_SHED_IDLE_US) {
        over_since = 0;
        return 0;
    }
    if (!over_since && now < next_probe)
        return 0;
    unsigned w = queue_wait_ms(r->con);
    if (w < max) {
        over_since = 0;
        next_probe = now + SRV_SHED_PROBE_US;
        return 0;
    }
    if (!over_since) {
        over_since = now;
        return 0;
    }
    if (now - over_since < SRV_SHED_AFTER_US)
        return 0;
    srv_error(out, 503,
              "overloaded: the request waited %u ms for a worker (--max-queue-ms %u); retry", w,
              max);
    out->retry_after = 1;
    return 1;
}

/* ---- worker time slices ---- */

/* struct sched_attr of sched_setattr(2), its first version (48 bytes). */
typedef struct sched_attr0 {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
} sched_attr0;

/* Asks once per worker thread for time slices of --slice-us.  Linux 6.12
 * and later take a fair-class thread's sched_runtime as its slice: a
 * worker busy with a round of requests then gives way within that time to
 * a thread woken on its core (a client on the same machine waiting for
 * its answers), and a woken worker gets its core as soon.  Older kernels
 * ignore the field; a refusal (seccomp, an unknown policy) leaves the
 * kernel's slice.  The policy and nice value are kept. */
static void worker_slice(unsigned us)
{
    static _Thread_local int asked;
    if (asked || !us)
        return;
    asked = 1;
#if defined(SYS_sched_getattr) && defined(SYS_sched_setattr)
    sched_attr0 a;
    memset(&a, 0, sizeof a);
    if (syscall(SYS_sched_getattr, 0, &a, (unsigned)sizeof a, 0u) != 0)
        return;
    if (a.policy != 0 && a.policy != 3) /* SCHED_OTHER, SCHED_BATCH only */
        return;
    a.size = sizeof a;
    a.flags = 0;
    a.runtime = (uint64_t)us * 1000u;
    (void)syscall(SYS_sched_setattr, 0, &a, 0u);
#endif
}

/* Gives this worker's core to the threads waiting for it (sched_yield)
 * once the worker has run --yield-us since it last did; with nothing
 * waiting on its core, the call returns at once.  Called after every
 * request and between the queries of a /match or /reconcile batch.  On
 * 2 cores shared with wrk at 64 connections, 300 us lowered the p99
 * latency in 14 of 16 interleaved pairs of runs, from a median 2.1 to
 * 1.7-1.8 times the p50, for 3-5% of the throughput (docs/http.md). */
void srv_worker_pause(const srv_state *st)
{
    static _Thread_local uint64_t last_yield;
    unsigned us = st->cfg.yield_us;
    if (!us)
        return;
    uint64_t now = srv_now_us();
    if (now - last_yield < us)
        return;
    sched_yield();
    last_yield = srv_now_us();
}

static int hand_reload(srv_req *r);

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    srv_state *st = cls;
    srv_req *r = *con_cls;
    srv_resp out;
    memset(&out, 0, sizeof out);
    if (!r) {
        worker_slice(st->cfg.slice_us);
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        *con_cls = r;
        r->st = st;
        r->con = con;
        r->method = method;
        r->t0 = srv_now_us();
        r->deadline = r->t0 + (uint64_t)st->cfg.timeout_ms * 1000u;
        uint64_t n = atomic_fetch_add_explicit(&rid_counter, 1, memory_order_relaxed) + 1;
        snprintf(r->rid, sizeof r->rid, "%08x-%llu", (unsigned)rid_boot, (unsigned long long)n);
        r->route = route_of(r, url ? url : "");
        r->gen = srv_gen_acquire(st);
        if (r->route == SRV_R_UNKNOWN) {
            srv_error(&out, 404, "no such endpoint (see docs/http.md)");
            return send_resp(r, &out);
        }
        if (!method_ok(r->route, method)) {
            srv_error(&out, 405, "method %s not allowed here; use %s", method,
                      route_allow(r->route));
            out.allow = route_allow(r->route);
            return send_resp(r, &out);
        }
        if (authorize(r, &out))
            return send_resp(r, &out);
        const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            size_t v = 0;
            int big = 0;
            for (const char *p = cl; *p >= '0' && *p <= '9'; p++) {
                if (v > st->cfg.max_body) {
                    big = 1;
                    break;
                }
                v = v * 10 + (size_t)(*p - '0');
            }
            if (big || v > st->cfg.max_body) {
                r->body_too_big = 1;
                srv_error(&out, 413, "body: larger than %zu bytes", st->cfg.max_body);
                return send_resp(r, &out);
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (body_append(r, upload_data, *upload_data_size))
            return MHD_NO; /* out of memory: drop the connection */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->has_held) {
        r->has_held = 0;
        return send_resp(r, &r->held);
    }
    if (r->route == SRV_R_RELOAD && !r->body_too_big && hand_reload(r))
        return MHD_YES;
    if (r->body_too_big || r->route == SRV_R_HEALTHZ || r->route == SRV_R_READYZ ||
        r->route == SRV_R_METRICS || r->route == SRV_R_RELOAD || !shed(r, &out))
        dispatch(r, &out);
    last_done = srv_now_us();
    srv_worker_pause(st);
    if (r->worker && r->gen) {
        srv_worker_give(st, r->gen, r->worker);
        r->worker = NULL;
    }
    /* Held for the daemon's next round (see the top of this file). */
    r->held = out;
    r->has_held = 1;
    MHD_suspend_connection(con);
    MHD_resume_connection(con);
    return MHD_YES;
}

/* ---- reload endpoint ---- */

/* One reload handed to its own thread has ended (srv_stop waits for all). */
static void hand_over(srv_state *st)
{
    pthread_mutex_lock(&st->hand_lock);
    st->handed--;
    pthread_cond_broadcast(&st->hand_done);
    pthread_mutex_unlock(&st->hand_lock);
}

/* The thread of one POST /admin/reload: the reload, its answer held for
 * the connection, which is resumed.  r belongs to the daemon again from
 * the resume on (it may be answered and freed at once). */
static void *reload_thread(void *arg)
{
    srv_req *r = arg;
    srv_state *st = r->st;
    srv_resp out;
    memset(&out, 0, sizeof out);
    srv_h_reload(r, &out);
    r->held = out;
    r->has_held = 1;
    MHD_resume_connection(r->con);
    hand_over(st);
    return NULL;
}

/* Hands a POST /admin/reload to a thread of its own, its connection
 * suspended until it is answered, so that the worker goes on serving its
 * other connections during the reload (opening and verifying the file,
 * making query contexts: about 0.1 s for the default lists; longer while
 * a SIGHUP reload holds the lock).  0 when it must run here: the server
 * is stopping, or no thread could be started. */
static int hand_reload(srv_req *r)
{
    srv_state *st = r->st;
    pthread_mutex_lock(&st->hand_lock);
    if (st->stopping) {
        pthread_mutex_unlock(&st->hand_lock);
        return 0;
    }
    st->handed++;
    pthread_mutex_unlock(&st->hand_lock);
    /* suspended before the thread may resume it */
    MHD_suspend_connection(r->con);
    pthread_attr_t a;
    pthread_t t;
    int ok = pthread_attr_init(&a) == 0;
    if (ok) {
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        ok = pthread_create(&t, &a, reload_thread, r) == 0;
        pthread_attr_destroy(&a);
    }
    if (ok)
        return 1;
    MHD_resume_connection(r->con);
    hand_over(st);
    return 0;
}

void srv_h_reload(srv_req *r, srv_resp *out)
{
    char msg[EMB_ERROR_MSG_MAX + EMB_ERROR_PATH_MAX + 128], before[17], after[17];
    if (srv_reload(r->st, msg, sizeof msg, before, after)) {
        srv_log_flush(r->st);
        fprintf(stderr, "embargo: reload refused: %s\n", msg);
        srv_error(out, 409, "snapshot refused, still serving %s: %s", before[0] ? before : "-",
                  msg);
        return;
    }
    srv_gen *g = srv_gen_acquire(r->st);
    srv_json(out, 200,
             json_pack("{s:s, s:s, s:b, s:o}", "status", "reloaded", "previous", before, "changed",
                       strcmp(before, after) != 0, "snapshot", g ? srv_gen_json(g) : json_null()));
    srv_gen_release(r->st, g);
}

/* ---- startup ---- */

static void mhd_log(void *cls, const char *fmt, va_list ap) SRV_PRINTF(2, 0);
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    srv_state *st = cls;
    if (st && st->cfg.mhd_quiet)
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    pthread_mutex_lock(&log_lock);
    if (st && !st->log)
        log_write_locked(st); /* the access log's lines before it on stderr */
    fprintf(stderr, "embargo: microhttpd: %s\n", msg);
    pthread_mutex_unlock(&log_lock);
}

/* Parses "HOST:PORT" or "[V6]:PORT" into addr; returns nonzero on error. */
static int parse_listen(const char *s, struct sockaddr_storage *addr, socklen_t *alen,
                        int *loopback)
{
    char host[256];
    const char *colon;
    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof host)
            return 1;
        memcpy(host, s + 1, (size_t)(end - s - 1));
        host[end - s - 1] = '\0';
        colon = end + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= sizeof host)
            return 1;
        memcpy(host, s, (size_t)(colon - s));
        host[colon - s] = '\0';
    }
    const char *ps = colon + 1;
    unsigned long pv = 0;
    if (!*ps || strlen(ps) > 5)
        return 1;
    for (const char *p = ps; *p; p++) {
        if (*p < '0' || *p > '9')
            return 1;
        pv = pv * 10 + (unsigned long)(*p - '0');
    }
    if (pv > 65535)
        return 1;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | (host[0] ? 0 : AI_PASSIVE);
    if (getaddrinfo(host[0] ? host : NULL, ps, &hints, &res) != 0 || !res)
        return 1;
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *alen = res->ai_addrlen;
    freeaddrinfo(res);
    *loopback = 0;
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        *loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        *loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
                    (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
    }
    return 0;
}

static uint32_t boot_nonce(void)
{
    uint32_t v = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        if (read(fd, &v, sizeof v) != (ssize_t)sizeof v)
            v = 0;
        close(fd);
    }
    if (!v)
        v = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16);
    return v;
}

/* Opens the access log, starts the daemon and loads the first snapshot
 * generation; NULL (after printing why) on failure. */
srv_state *srv_start(const srv_config *c)
{
    srv_state *st = calloc(1, sizeof *st);
    if (!st) {
        fprintf(stderr, "embargo: serve: out of memory\n");
        return NULL;
    }
    st->cfg = *c;
    pthread_mutex_init(&st->gen_lock, NULL);
    pthread_mutex_init(&st->reload_lock, NULL);
    pthread_mutex_init(&st->hand_lock, NULL);
    pthread_cond_init(&st->hand_done, NULL);
    st->next_gen = 1;
    if (!rid_boot)
        rid_boot = boot_nonce();

    struct sockaddr_storage addr;
    socklen_t alen = 0;
    int loopback = 0;
    memset(&addr, 0, sizeof addr);
    if (!c->db || !c->db[0]) {
        fprintf(stderr, "embargo: serve: no snapshot (--db FILE)\n");
        goto fail;
    }
    if (parse_listen(c->listen, &addr, &alen, &loopback)) {
        fprintf(stderr, "embargo: serve: --listen '%s': expected HOST:PORT or [IPV6]:PORT\n",
                c->listen);
        goto fail;
    }
    if (c->api_keys) {
        if (srv_keys_load(&st->keys, c->api_keys))
            goto fail;
        st->have_keys = 1;
    } else if (!loopback) {
        fprintf(stderr,
                "embargo: serve: refusing to listen on non-loopback address '%s' without "
                "--api-keys FILE\n",
                c->listen);
        goto fail;
    }
    if (c->log_path) {
        st->log = fopen(c->log_path, "a");
        if (!st->log) {
            fprintf(stderr, "embargo: serve: --log %s: %s\n", c->log_path, strerror(errno));
            goto fail;
        }
    }
    st->logq = malloc(SRV_LOG_QUEUE); /* NULL: every line written at once */

    srv_front_handlers h = {on_request, on_completed, mhd_log, st};
    st->front = srv_front_start(c, (struct sockaddr *)&addr, alen, &h);
    if (!st->front) {
        fprintf(stderr, "embargo: serve: cannot listen on %s: %s\n", c->listen, strerror(errno));
        goto fail;
    }
    st->port = srv_front_port(st->front);
    {
        int hl = (int)(strrchr(c->listen, ':') - c->listen);
        snprintf(st->listen_url, sizeof st->listen_url, "http://%.*s:%u", hl ? hl : 7,
                 hl ? c->listen : "0.0.0.0", st->port);
    }

    char msg[EMB_ERROR_MSG_MAX + EMB_ERROR_PATH_MAX + 128];
    pthread_mutex_lock(&st->reload_lock); /* an early /admin/reload waits for this */
    srv_gen *g = srv_gen_load(c->db, srv_open_flags(c), st->next_gen, msg, sizeof msg);
    if (g) {
        srv_gen_prepare(g, c->threads);
        st->next_gen++;
        srv_gen_install(st, g);
    }
    pthread_mutex_unlock(&st->reload_lock);
    if (!g) {
        fprintf(stderr, "embargo: serve: %s\n", msg);
        goto fail;
    }
    return st;
fail:
    srv_stop(st);
    return NULL;
}

unsigned srv_port(const srv_state *st)
{
    return st->port;
}

void srv_stop(srv_state *st)
{
    if (!st)
        return;
    /* libmicrohttpd must not be stopped with a connection suspended: the
     * reloads running in their own thread finish (and resume theirs) first */
    pthread_mutex_lock(&st->hand_lock);
    st->stopping = 1;
    while (st->handed)
        pthread_cond_wait(&st->hand_done, &st->hand_lock);
    pthread_mutex_unlock(&st->hand_lock);
    srv_front_stop(st->front);
    pthread_mutex_lock(&st->gen_lock);
    srv_gen *cur = st->current;
    st->current = NULL;
    pthread_mutex_unlock(&st->gen_lock);
    srv_gen_release(st, cur);
    srv_keys_free(&st->keys);
    srv_log_flush(st);
    free(st->logq);
    if (st->log)
        fclose(st->log);
    pthread_mutex_destroy(&st->gen_lock);
    pthread_mutex_destroy(&st->reload_lock);
    pthread_mutex_destroy(&st->hand_lock);
    pthread_cond_destroy(&st->hand_done);
    free(st);
}

int srv_run(const srv_config *c)
{
    /* Blocked before any thread starts, so every daemon thread inherits
     * the mask and the signals reach only sigtimedwait() below. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    srv_state *st = srv_start(c);
    if (!st)
        return 2;
    if (!c->quiet) {
        srv_gen *g = srv_gen_acquire(st);
        fprintf(stderr,
                "embargo: serving %s (snapshot %s, %zu entities, %s) on %s with %u thread%s\n",
                c->db, g ? g->info.hash : "-", g ? g->info.entity_count : (size_t)0,
                c->mmap ? "mapped" : "read into memory", st->listen_url, c->threads,
                c->threads == 1 ? "" : "s");
        srv_gen_release(st, g);
    }

    char msg[EMB_ERROR_MSG_MAX + EMB_ERROR_PATH_MAX + 128];
    const struct timespec tick = {0, (long)SRV_LOG_FLUSH_US * 1000L};
    for (;;) {
        int sig = sigtimedwait(&set, NULL, &tick);
        srv_log_flush(st); /* lines that waited, before any message below */
        if (sig < 0)
            continue;
        if (sig == SIGHUP) {
            char before[17], after[17];
            if (srv_reload(st, msg, sizeof msg, before, after))
                fprintf(stderr, "embargo: SIGHUP: reload refused, still serving %s: %s\n", before,
                        msg);
            else if (!c->quiet)
                fprintf(stderr, "embargo: SIGHUP: reloaded %s (snapshot %s, was %s)\n", c->db,
                        after, before);
        } else if (sig == SIGINT || sig == SIGTERM) {
            break;
        }
    }
    if (!c->quiet)
        fprintf(stderr, "embargo: shutting down\n");
    srv_stop(st);
    return 0;
}
