/*
 * server.h - the entry point of the embargo HTTP screening service, as the
 * `embargo serve` command (src/cli/cmd_serve.c) sees it.  The service uses
 * only include/embargo.h from the library, plus libmicrohttpd, jansson,
 * libcrypto and pthreads.  Reference: docs/http.md.
 */
#ifndef EMB_SERVER_H
#define EMB_SERVER_H

#include <stddef.h>

/* Everything `embargo serve` can be told.  srv_config_defaults() fills the
 * documented defaults; strings are borrowed for the life of srv_run(). */
typedef struct srv_config {
    const char *db;        /* snapshot file (reloaded from the same path) */
    const char *listen;    /* "HOST:PORT", "[V6]:PORT" */
    const char *api_keys;  /* file of hashed keys, or NULL */
    const char *log_path;  /* access log file, or NULL for stderr */
    int log_queries;       /* log request bodies and query strings */
    int quiet;             /* no startup/shutdown messages */
    unsigned threads;      /* worker threads (thread pool size) */
    size_t max_body;       /* largest request body, bytes */
    size_t max_batch;      /* most queries in one /match or /reconcile */
    unsigned timeout_ms;   /* per-request time limit */
    unsigned max_queue_ms; /* load shedding: longest wait for a worker, 0 = off */
    unsigned max_conns;    /* simultaneous connections */
    unsigned max_per_ip;   /* simultaneous connections per client address */
    unsigned idle_timeout; /* seconds a connection may sit idle */
    unsigned slice_us;     /* workers' scheduler time slice, 0 = the kernel's */
    unsigned yield_us;     /* a busy worker yields its core this often, 0 = never */
    const char *rules;     /* country/embargo rules for POST /scan, or NULL */
    int mmap;              /* map the snapshot rather than read it into memory */
    int mhd_quiet;         /* drop libmicrohttpd's own messages (the fuzz target) */
} srv_config;

#define SRV_DEFAULT_LISTEN "127.0.0.1:8000"
#define SRV_DEFAULT_MAX_BODY ((size_t)1 << 20)
#define SRV_DEFAULT_MAX_BATCH 100
#define SRV_DEFAULT_TIMEOUT_MS 10000u
#define SRV_DEFAULT_MAX_QUEUE_MS 10u
#define SRV_DEFAULT_MAX_CONNS 1024u
#define SRV_DEFAULT_MAX_PER_IP 256u
#define SRV_DEFAULT_IDLE_TIMEOUT 15u
#define SRV_DEFAULT_SLICE_US 100u
#define SRV_DEFAULT_YIELD_US 300u
#define SRV_MAX_THREADS 256u

void srv_config_defaults(srv_config *c);

/* Runs the service until SIGINT or SIGTERM; SIGHUP reloads the snapshot.
 * Startup problems (bad address, unreadable key file, a non-loopback
 * address without keys, a snapshot that does not open or verify) are
 * printed to stderr.  Returns 0 after a clean shutdown, 2 on failure. */
int srv_run(const srv_config *c);

/* The same service without the signal loop, for programs that embed it
 * (the HTTP fuzz target): srv_start() starts the daemon's threads and
 * loads the snapshot, printing any startup problem to stderr and
 * returning NULL; srv_port() is the port bound (a --listen port of 0 picks
 * a free one); srv_stop() stops the daemon, waits for requests in flight
 * and frees everything.  The caller blocks SIGPIPE. */
typedef struct srv_state srv_state;
srv_state *srv_start(const srv_config *c);
unsigned srv_port(const srv_state *st);
void srv_stop(srv_state *st);

#endif
