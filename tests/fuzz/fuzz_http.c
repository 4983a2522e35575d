/*
 * fuzz_http.c - libFuzzer target for the HTTP service: raw bytes sent over
 * a loopback TCP connection to the real server (src/server, libmicrohttpd
 * in its thread-pool mode), so the request line, headers, chunked and
 * sized bodies, routing, authentication, limits and every endpoint's
 * decoding of query strings, JSON and form bodies are all reached.
 *
 * Two servers run in the fuzzing process over the snapshot of fuzz_snap.h
 * and the default scan rules (data/rules/embargoed.tsv, under
 * $EMB_FUZZ_ROOT or the current directory): one with no API keys, one with
 * a key file holding "fuzz-key" (admin) and "fuzz-user"; their limits are
 * small (16 KiB bodies, 4 queries a batch, 2 s a request) so the fuzzer
 * reaches them.  Input layout: byte 0 bit 0 picks the server; the rest is
 * written to a new connection, the writing side is shut down, and the
 * answers are read (see exchange()).  A server that crashes, reads out of
 * bounds or leaks fails the run, and so does one that goes on sending for
 * FUZZ_HTTP_WAIT_MS.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/server.h"
#include "fuzz_snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Longest the server may go on answering one input. */
#define FUZZ_HTTP_WAIT_MS 10000

/* SHA-256 of "fuzz-key" and of "fuzz-user" (printf %s KEY | sha256sum). */
static const char g_keys_text[] =
    "# fuzz_http.c keys\n"
    "sha256:231e9b2f757db8d48ecd0711b60135e1cc57a3a807be9dc12638856f17a7872c fuzz admin\n"
    "sha256:18765fc5a6c12dc844b857d1b88e7f7e7c2a74343e29e8cdd14fcdbf2bf0c024 user\n";

static char g_db[512], g_keys[512], g_rules[4096];
static srv_state *g_srv[2];
static unsigned g_port[2];

static void cleanup(void)
{
    for (int i = 0; i < 2; i++)
        srv_stop(g_srv[i]);
    if (g_db[0])
        unlink(g_db);
    if (g_keys[0])
        unlink(g_keys);
}

static void setup(void)
{
    signal(SIGPIPE, SIG_IGN);
    const char *root = getenv("EMB_FUZZ_ROOT");
    snprintf(g_rules, sizeof g_rules, "%s/data/rules/embargoed.tsv", root ? root : ".");
    fuzz_snap_path(g_db, sizeof g_db, "http");
    fuzz_snap_write(g_db);
    fuzz_snap_path(g_keys, sizeof g_keys, "http-keys");
    FILE *f = fopen(g_keys, "w");
    if (!f || fputs(g_keys_text, f) < 0 || fclose(f) != 0)
        abort();
    atexit(cleanup);
    for (int i = 0; i < 2; i++) {
        srv_config c;
        srv_config_defaults(&c);
        c.db = g_db;
        c.listen = "127.0.0.1:0";
        c.api_keys = i ? g_keys : NULL;
        c.log_path = "/dev/null";
        c.log_queries = i;
        c.quiet = 1;
        c.mhd_quiet = 1; /* "Request malformed" for most inputs */
        c.threads = 2;
        c.max_body = 16384;
        c.max_batch = 4;
        c.timeout_ms = 2000;
        c.max_conns = 1024;
        c.max_per_ip = 0;
        c.idle_timeout = 2;
        c.rules = g_rules;
        if (!(g_srv[i] = srv_start(&c)))
            abort();
        g_port[i] = srv_port(g_srv[i]);
    }
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Received bytes kept for framing responses (the rest is only counted). */
#define FUZZ_HTTP_KEEP 65536
/* Quiet periods that end an exchange (see exchange()). */
#define FUZZ_HTTP_QUIET_MS 3
#define FUZZ_HTTP_WAIT_ANSWER_MS 30
#define FUZZ_HTTP_WAIT_PARTIAL_MS 3

/* Case-insensitive search for a header name at a line start in h[0..n). */
static const char *header(const char *h, size_t n, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = 0; i + k < n; i++)
        if ((i == 0 || h[i - 1] == '\n') && strncasecmp(h + i, name, k) == 0)
            return h + i + k;
    return NULL;
}

/* Frames the responses in buf[*pos..len): advances *pos past each complete
 * one (headers, then Content-Length bytes of body) and returns how many. */
static int frame(const char *buf, size_t len, size_t *pos)
{
    int n = 0;
    for (;;) {
        const char *h = buf + *pos, *end = NULL;
        size_t avail = len - *pos;
        for (size_t i = 0; i + 3 < avail; i++)
            if (memcmp(h + i, "\r\n\r\n", 4) == 0) {
                end = h + i + 4;
                break;
            }
        if (!end)
            return n;
        size_t hl = (size_t)(end - h), body = 0;
        const char *cl = header(h, hl, "Content-Length:");
        if (cl)
            body = (size_t)strtoul(cl, NULL, 10);
        if (hl + body > avail)
            return n;
        *pos += hl + body;
        n++;
    }
}

/* A connection to a.  connect() failed once in a 150 s libFuzzer run (15th
 * session) and the harness aborted without saying why; the input replays
 * cleanly.  A signal (libFuzzer's timer) interrupting the call (EINTR),
 * or no ephemeral port free for a moment (EADDRNOTAVAIL, EAGAIN), is now
 * retried on a new socket; any other failure aborts, saying why. */
static int connect_to(const struct sockaddr_in *a)
{
    for (int tries = 0;; tries++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) {
            fprintf(stderr, "fuzz_http: socket: %s\n", strerror(errno));
            abort();
        }
        if (connect(fd, (const struct sockaddr *)a, sizeof *a) == 0)
            return fd;
        int e = errno;
        close(fd);
        if ((e == EADDRNOTAVAIL || e == EAGAIN || e == EINTR) && tries < 600) {
            static int said;
            if (!said++)
                fprintf(stderr, "fuzz_http: connect: %s; trying again\n", strerror(e));
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
            continue;
        }
        fprintf(stderr, "fuzz_http: connect: %s\n", strerror(e));
        abort();
    }
}

/* Sends data to the server on port and reads its answers, until the
 * server closes or goes quiet once everything is sent: libmicrohttpd keeps
 * a connection whose client has half-closed open until its idle timeout
 * (seconds), whether it holds a complete HTTP/1.1 exchange or a partial
 * request, so waiting for the close would make most inputs take seconds.
 * Quiet means no byte for FUZZ_HTTP_QUIET_MS after a complete response,
 * FUZZ_HTTP_WAIT_ANSWER_MS when a request may still be running, and
 * FUZZ_HTTP_WAIT_PARTIAL_MS when the input holds no end of headers (the
 * server can only refuse it).  Only a server that goes on sending for
 * FUZZ_HTTP_WAIT_MS aborts. */
static void exchange(unsigned port, const uint8_t *data, size_t size)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = connect_to(&a);
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
        abort();
    int whole = 0; /* an end of headers ("\n\n" or "\n\r\n") somewhere */
    for (size_t i = 1; i < size && !whole; i++)
        whole = data[i] == '\n' &&
                (data[i - 1] == '\n' || (i > 1 && data[i - 1] == '\r' && data[i - 2] == '\n'));
    uint64_t deadline = now_ms() + FUZZ_HTTP_WAIT_MS, quiet = 0;
    size_t off = 0, len = 0, pos = 0;
    int wr_open = 1, answered = 0;
    static char buf[FUZZ_HTTP_KEEP];
    for (;;) {
        if (wr_open && off == size) {
            shutdown(fd, SHUT_WR);
            wr_open = 0;
            quiet = now_ms() + (whole ? FUZZ_HTTP_WAIT_ANSWER_MS : FUZZ_HTTP_WAIT_PARTIAL_MS);
        }
        struct pollfd p = {fd, (short)(POLLIN | (wr_open ? POLLOUT : 0)), 0};
        uint64_t t = now_ms();
        if (t >= deadline)
            abort(); /* the server went on sending: a loop */
        if (!wr_open && t >= quiet)
            break;
        int n = poll(&p, 1, (int)((wr_open ? deadline : quiet) - t));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            abort();
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            if (len == sizeof buf)
                len = pos = 0; /* a response larger than the buffer: stop framing it */
            ssize_t got = recv(fd, buf + len, sizeof buf - len, 0);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
                break; /* closed, or reset by the server */
            if (got > 0) {
                len += (size_t)got;
                if (frame(buf, len, &pos) > 0)
                    answered = 1;
                memmove(buf, buf + pos, len - pos);
                len -= pos;
                pos = 0;
                if (!wr_open)
                    quiet = now_ms() +
                            (answered && len == 0 ? FUZZ_HTTP_QUIET_MS : FUZZ_HTTP_WAIT_ANSWER_MS);
            }
        }
        if (wr_open && (p.revents & POLLOUT)) {
            ssize_t put = send(fd, data + off, size - off, MSG_NOSIGNAL);
            if (put > 0)
                off += (size_t)put;
            else if (put < 0 && errno != EAGAIN && errno != EINTR)
                off = size; /* the server closed early (a refusal): read its answer */
        }
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_srv[0])
        setup();
    if (size < 1)
        return 0;
    exchange(g_port[data[0] & 1], data + 1, size - 1);
    return 0;
}
