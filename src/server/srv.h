/*
 * srv.h - shared declarations of the HTTP service (src/server): the
 * snapshot generations, the request and response records handlers work on,
 * the routes, API keys, metrics and the endpoint handlers.  Internal to
 * src/server; src/cli sees only server.h.  Reference: docs/http.md.
 */
#ifndef EMB_SRV_H
#define EMB_SRV_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>

#include "embargo.h"
#include "server.h"

#if defined(__GNUC__) || defined(__clang__)
#define SRV_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SRV_PRINTF(f, a)
#endif

/* Name reported by /algorithms and accepted as ?algorithm=. */
#define SRV_ALGORITHM "embargo-v1"
/* Largest ?limit= on /match and /search. */
#define SRV_MAX_LIMIT 500
/* Most results fetched from the engine before filters are applied. */
#define SRV_MAX_FETCH 1000
/* Most values of one repeated parameter (exclude_entity_ids, topics ...). */
#define SRV_MAX_PARAM_VALUES 256
/* Longest explanation kept for one result. */
#define SRV_MAX_EXPLAIN ((size_t)1 << 20)
/* Most request-body bytes copied into the access log (--log-queries). */
#define SRV_LOG_BODY_MAX 4096
/* libmicrohttpd's memory per connection (its default is 32 KiB): the
 * request line and headers must fit (about 12 KiB of them; more is
 * answered 431), the body streams through it.  libmicrohttpd zeroes it
 * after every request, a cost that grows with its size. */
#define SRV_CONN_MEMORY ((size_t)16 << 10)
/* Access-log lines wait in memory for one write of this many bytes, or
 * for SRV_LOG_FLUSH_US from the first of them (server.c). */
#define SRV_LOG_QUEUE ((size_t)64 << 10)
#define SRV_LOG_FLUSH_US 20000u

/* ---- snapshot generations (gen.c) ---- */

/* A query context with its scratch buffer: the unit one worker uses for
 * one request.  Pooled per generation. */
typedef struct srv_worker {
    emb_query *q;
    char *explain;
    size_t explain_cap;
    struct srv_worker *next;
} srv_worker;

/* A scanner (emb_scan) with its explanation buffer, for one POST /scan
 * at a time.  Pooled per generation like srv_worker, made lazily on the
 * first /scan of that generation (so a reload gives new scanners). */
typedef struct srv_scanner {
    emb_scan *sc;
    double threshold; /* the threshold last set on sc */
    char *explain;
    size_t explain_cap;
    struct srv_scanner *next;
} srv_scanner;

/* One opened, verified snapshot.  Reference-counted: the server holds one
 * reference while it is current, each request one while it runs. */
typedef struct srv_gen {
    emb_snapshot *s;
    emb_snapshot_info info;
    char built[32]; /* info.built_at as ISO 8601 */
    size_t ndatasets;
    char **dataset_names;     /* owned copies */
    uint64_t number;          /* 1 for the first load, then +1 per reload */
    size_t refs;              /* under srv_state.gen_lock */
    srv_worker *pool;         /* idle workers, under srv_state.gen_lock */
    srv_scanner *scanners;    /* idle scanners, under srv_state.gen_lock */
    _Atomic size_t ncontexts; /* query contexts made for it (/metrics) */
    /* Each entity's result JSON up to its score (api.c), rendered on its
     * first answer and kept while SRV_ENTITY_CACHE_MAX bytes allow: a
     * 4-byte length, then the text.  NULL entries are not rendered yet. */
    _Atomic(char *) *ent_json;
    _Atomic size_t ent_json_bytes;
} srv_gen;

/* Most bytes of entity JSON one generation keeps (a third of the default
 * lists' entities rendered). */
#define SRV_ENTITY_CACHE_MAX ((size_t)12 << 20)

/* ---- routes ---- */

#define SRV_ROUTE_LIST(X)                                                                          \
    X(HEALTHZ, "/healthz")                                                                         \
    X(READYZ, "/readyz")                                                                           \
    X(METRICS, "/metrics")                                                                         \
    X(ALGORITHMS, "/algorithms")                                                                   \
    X(CATALOG, "/catalog")                                                                         \
    X(MATCH, "/match/{dataset}")                                                                   \
    X(SEARCH, "/search/{dataset}")                                                                 \
    X(ENTITY, "/entities/{id}")                                                                    \
    X(RECONCILE, "/reconcile/{dataset}")                                                           \
    X(SUGGEST, "/reconcile/{dataset}/suggest/entity")                                              \
    X(PROPOSE, "/reconcile/{dataset}/extend/propose")                                              \
    X(SCAN, "/scan")                                                                               \
    X(RELOAD, "/admin/reload")                                                                     \
    X(UNKNOWN, "other")

typedef enum srv_route {
#define SRV__ROUTE_ENUM(name, tmpl) SRV_R_##name,
    SRV_ROUTE_LIST(SRV__ROUTE_ENUM)
#undef SRV__ROUTE_ENUM
        SRV_R__COUNT
} srv_route;

const char *srv_route_name(srv_route r);

/* ---- API keys (keys.c) ---- */

typedef struct srv_key {
    unsigned char hash[32]; /* SHA-256 of the key */
    char label[64];
    int admin;
} srv_key;

typedef struct srv_keys {
    srv_key *keys;
    size_t n;
} srv_keys;

/* Loads "sha256:<hex> [label] [admin]" lines; prints problems to stderr
 * and returns nonzero on failure. */
int srv_keys_load(srv_keys *k, const char *path);
void srv_keys_free(srv_keys *k);
/* The key matching a presented secret (constant time over all keys), or
 * NULL. */
const srv_key *srv_keys_check(const srv_keys *k, const char *secret, size_t len);

/* ---- metrics (metrics.c) ---- */

#define SRV_LATENCY_BUCKETS 14
void srv_metrics_request(srv_route r, unsigned status, uint64_t micros);
void srv_metrics_queries(uint64_t screened, uint64_t matches);
void srv_metrics_reload(int ok);
/* Renders every metric in Prometheus text format; malloc'd, NULL when out
 * of memory. */
char *srv_metrics_render(const srv_gen *g, size_t *len);

/* ---- front door (front.c) ---- */

/* The libmicrohttpd callbacks every worker daemon is started with. */
typedef struct srv_front_handlers {
    MHD_AccessHandlerCallback request;
    MHD_RequestCompletedCallback completed;
    void (*log)(void *cls, const char *fmt, va_list ap);
    void *cls; /* for request and log */
} srv_front_handlers;

typedef struct srv_front srv_front;
/* Listens on addr (port 0: any free one) and starts c->threads worker
 * daemons and the accept thread that hands each new connection to the
 * least busy one, enforcing c->max_conns and c->max_per_ip.  NULL with
 * errno set on failure. */
srv_front *srv_front_start(const srv_config *c, const struct sockaddr *addr, socklen_t alen,
                           const srv_front_handlers *h);
unsigned srv_front_port(const srv_front *f);
/* Stops accepting, then stops every daemon (requests in flight finish). */
void srv_front_stop(srv_front *f);

/* ---- server state ---- */

typedef struct srv_state {
    srv_config cfg;
    srv_keys keys;
    int have_keys;
    pthread_mutex_t gen_lock;
    srv_gen *current; /* under gen_lock */
    pthread_mutex_t reload_lock;
    uint64_t next_gen; /* under reload_lock */
    /* POST /admin/reload runs in a thread of its own (server.c); srv_stop
     * waits for those running before it stops the daemons */
    pthread_mutex_t hand_lock;
    pthread_cond_t hand_done;
    unsigned handed;      /* reloads running in their own thread, under hand_lock */
    int stopping;         /* set by srv_stop: reloads run in the worker, under hand_lock */
    char listen_url[128]; /* "http://127.0.0.1:8000" */
    unsigned port;        /* the port bound (--listen ...:0 picks one) */
    struct srv_front *front;
    FILE *log;       /* access log (--log), or NULL for stderr */
    char *logq;      /* access-log lines not yet written (server.c) */
    size_t logq_n;   /* bytes in logq; logq and logq_n under log_lock */
    uint64_t logq_t; /* monotonic microseconds of logq's first line */
} srv_state;

/* ---- requests ---- */

typedef struct srv_resp {
    unsigned status;
    json_t *json; /* owned; rendered compact */
    char *text;   /* malloc'd alternative body */
    size_t text_len;
    const char *ctype;
    const char *allow; /* Allow header for 405 */
    int www_auth;      /* add WWW-Authenticate */
    int retry_after;   /* add Retry-After: 1 */
} srv_resp;

typedef struct srv_req {
    srv_state *st;
    struct MHD_Connection *con;
    srv_route route;
    const char *method;
    char *arg; /* {dataset} or {id}, decoded, NUL-terminated */
    size_t arg_len;
    char *body; /* request body, NUL-terminated */
    size_t body_len, body_cap;
    int body_too_big;
    const srv_key *key; /* the authenticated key, or NULL */
    srv_gen *gen;       /* snapshot for this request (acquired) */
    srv_worker *worker; /* query context, taken lazily */
    uint64_t t0;        /* monotonic microseconds at arrival */
    uint64_t deadline;  /* monotonic microseconds */
    char rid[40];
    unsigned long long nqueries; /* queries screened, for the log */
    srv_resp held;               /* answered, sent on the next round */
    int has_held;
} srv_req;

/* Writes the access-log lines waiting in memory. */
void srv_log_flush(srv_state *st);

/* Sets a {"status", "detail"} error response (replacing any body). */
void srv_error(srv_resp *out, unsigned status, const char *fmt, ...) SRV_PRINTF(3, 4);
/* Sets a JSON response (steals v; 500 when v is NULL). */
void srv_json(srv_resp *out, unsigned status, json_t *v);

/* Monotonic clock in microseconds. */
uint64_t srv_now_us(void);
/* Unix seconds as "YYYY-MM-DDTHH:MM:SSZ". */
void srv_iso_time(uint64_t t, char *buf, size_t cap);
/* 1 when s[0..n) is valid UTF-8. */
int srv_utf8_ok(const char *s, size_t n);
/* Parses the request body into a JSON object (duplicate keys refused), or
 * sets a 400 naming the problem, with expect appended to the messages
 * about the body's shape, and returns NULL. */
json_t *srv_body_object(srv_req *r, srv_resp *out, const char *expect);

/* Query-string argument (NULL when absent). */
const char *srv_arg(srv_req *r, const char *name);
/* Every value of a repeated argument ("a=1&a=2", each also split at
 * commas when split is set); returns the count (capped at max). */
size_t srv_args(srv_req *r, const char *name, int split, char **vals, size_t max, char *buf,
                size_t bufcap);
/* Parses an unsigned integer argument in [lo, hi]; absent -> dflt.
 * Returns nonzero after setting a 400 naming the parameter. */
int srv_arg_size(srv_req *r, srv_resp *out, const char *name, size_t lo, size_t hi, size_t dflt,
                 size_t *val);
int srv_arg_unit(srv_req *r, srv_resp *out, const char *name, double dflt, double *val);

/* ---- generations (gen.c) ---- */

/* Opens and verifies path into a new generation; *msg gets the reason on
 * failure. */
srv_gen *srv_gen_load(const char *path, unsigned open_flags, uint64_t number, char *msg,
                      size_t cap);
/* Most query contexts made ahead per generation (about 1.8 MB each on
 * the default snapshot): with more worker threads, the rest are made by
 * the first requests that need them, as before. */
#define SRV_PREPARED_MAX 16
/* Puts n (at most SRV_PREPARED_MAX) query contexts, each warmed
 * (emb_query_warm), into the pool of g before g is installed, so that the
 * first requests on a new snapshot neither make one (about 6 ms each, in
 * the request's worker round) nor build the tables and transforms of the
 * first names (about 0.2 s for the process's first company name).
 * Returns how many were made: fewer only when memory runs out or past the
 * cap, and requests then make theirs. */
size_t srv_gen_prepare(srv_gen *g, size_t n);
/* emb_snapshot_open_flags() flags for the configuration (--mmap). */
static inline unsigned srv_open_flags(const srv_config *c)
{
    return c->mmap ? 0u : (unsigned)EMB_OPEN_LOAD;
}
/* The current generation with a reference taken, or NULL before the first
 * load. */
srv_gen *srv_gen_acquire(srv_state *st);
void srv_gen_release(srv_state *st, srv_gen *g);
/* Makes g current (the state takes g's reference); drops the previous. */
void srv_gen_install(srv_state *st, srv_gen *g);
/* Reloads the snapshot from cfg.db.  Returns 0 and fills before and after with the
 * hashes on success; nonzero with msg on failure (the old one is kept). */
int srv_reload(srv_state *st, char *msg, size_t cap, char before[17], char after[17]);
/* A query context for g (from its pool, or new); NULL when out of memory. */
srv_worker *srv_worker_take(srv_state *st, srv_gen *g);
void srv_worker_give(srv_state *st, srv_gen *g, srv_worker *w);
/* Yields the worker's core when it has run --yield-us since it last did. */
void srv_worker_pause(const srv_state *st);
/* A scanner for g (from its pool, or new over cfg.rules); NULL with *status
 * and err set when it cannot be made (EMB_ENOMEM, or the rules file's
 * error). */
srv_scanner *srv_scanner_take(srv_state *st, srv_gen *g, emb_status *status, emb_error *err);
void srv_scanner_give(srv_state *st, srv_gen *g, srv_scanner *s);
/* Dataset name of index i, "?" when out of range. */
const char *srv_gen_dataset(const srv_gen *g, uint32_t i);
/* Index of a dataset by name, -1 when unknown. */
long srv_gen_find_dataset(const srv_gen *g, const char *name, size_t len);
/* {"hash", "built_at", "builder", "format", "entities"} */
json_t *srv_gen_json(const srv_gen *g);

/* ---- shared entity helpers (api.c) ---- */

/* Entity index as FtM JSON {id, caption, schema, properties, datasets,
 * target}; NULL on failure. */
json_t *srv_entity_json(const srv_gen *g, uint32_t index);
/* 1 when the entity has property prop with one of vals. */
int srv_entity_has(const srv_gen *g, uint32_t index, const char *prop, char *const *vals, size_t n);
/* Adds a JSON value (string or array of strings) as property values;
 * sets a 400 naming path on a bad type or a value the engine refuses. */
int srv_query_add_json(srv_req *r, srv_resp *out, emb_query *q, const char *prop, json_t *val,
                       const char *path);
/* The request's worker (taken lazily from the request's generation). */
srv_worker *srv_req_worker(srv_req *r, srv_resp *out);

/* ---- handlers ---- */
void srv_h_healthz(srv_req *r, srv_resp *out);
void srv_h_readyz(srv_req *r, srv_resp *out);
void srv_h_algorithms(srv_req *r, srv_resp *out);
void srv_h_catalog(srv_req *r, srv_resp *out);
void srv_h_match(srv_req *r, srv_resp *out);
void srv_h_search(srv_req *r, srv_resp *out);
void srv_h_entity(srv_req *r, srv_resp *out);
void srv_h_reload(srv_req *r, srv_resp *out);
void srv_h_reconcile(srv_req *r, srv_resp *out);
void srv_h_suggest(srv_req *r, srv_resp *out);
void srv_h_propose(srv_req *r, srv_resp *out);
void srv_h_scan(srv_req *r, srv_resp *out); /* scan_api.c */

#endif
