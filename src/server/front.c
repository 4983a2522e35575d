/*
 * front.c - the service's front door: the listening socket, one accept
 * thread, and one libmicrohttpd daemon per worker thread (--threads N),
 * each running its own event loop over the connections it was given.
 *
 * Every accepted connection goes (MHD_add_connection) to the daemon that
 * holds the fewest connections.  libmicrohttpd's own thread pool lets
 * whichever thread wakes first accept, so the burst of connections a
 * client's pool opens at once lands mostly on one thread (43 against 21
 * of wrk's 64, measured), and the requests on the crowded thread wait
 * twice as long as the others for as long as the connections live.
 *
 * The connection limits are enforced here, at accept, the way
 * libmicrohttpd enforces its own: a connection past --max-connections or
 * past --max-per-ip for its address is closed at once.  Counts go up when
 * a connection is handed over and down when libmicrohttpd reports it
 * closed (MHD_OPTION_NOTIFY_CONNECTION).
 *
 * The daemons poll() rather than use epoll: libmicrohttpd 0.9.75's epoll
 * loop loses track of connections handed over in a burst (past about 250
 * per daemon, their requests sat unread in the socket while the daemon
 * idled), and poll() over a few hundred sockets costs little against the
 * requests each round serves.
 */
#define _GNU_SOURCE /* accept4, pipe2 */
#include "srv.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

typedef struct front_daemon {
    srv_front *f;
    struct MHD_Daemon *d;
    _Atomic int conns; /* connections handed over and not yet closed */
} front_daemon;

/* One client address and its open connections. */
typedef struct ip_count {
    unsigned char addr[16]; /* IPv4 in the first 4 bytes, or IPv6 */
    unsigned char len;
    int n;
} ip_count;

struct srv_front {
    int lfd;
    int wake[2]; /* written once to stop the accept thread */
    pthread_t thr;
    int thr_started;
    unsigned nd;
    front_daemon *ds;
    unsigned max_conns, max_per_ip;
    _Atomic int total;
    pthread_mutex_t ip_lock;
    int ip_lock_init;
    ip_count *ips; /* unordered; entries with n == 0 are removed */
    size_t nips, cap;
};

/* The bytes of a client address that identify it; 0 when unusable. */
static size_t addr_key(const struct sockaddr *sa, unsigned char out[16])
{
    if (!sa)
        return 0;
    if (sa->sa_family == AF_INET) {
        memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return 4;
    }
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a)) {
            memcpy(out, a->s6_addr + 12, 4);
            return 4;
        }
        memcpy(out, a->s6_addr, 16);
        return 16;
    }
    return 0;
}

/* Adds d (+1 or -1) to the count of addr and returns the count before;
 * the caller holds ip_lock.  When the table is full (it holds at most
 * one entry per open connection) the address goes untracked. */
static int ip_add(srv_front *f, const unsigned char *key, size_t len, int d)
{
    size_t i;
    for (i = 0; i < f->nips; i++)
        if (f->ips[i].len == len && memcmp(f->ips[i].addr, key, len) == 0)
            break;
    if (i == f->nips) {
        if (f->nips == f->cap)
            return 0;
        memset(&f->ips[i], 0, sizeof f->ips[i]);
        memcpy(f->ips[i].addr, key, len);
        f->ips[i].len = (unsigned char)len;
        f->nips++;
    }
    int before = f->ips[i].n;
    f->ips[i].n += d;
    if (f->ips[i].n == 0)
        f->ips[i] = f->ips[--f->nips];
    return before;
}

static void on_connection(void *cls, struct MHD_Connection *con, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)socket_context;
    front_daemon *fd = cls;
    srv_front *f = fd->f;
    if (code != MHD_CONNECTION_NOTIFY_CLOSED)
        return;
    atomic_fetch_sub(&fd->conns, 1);
    atomic_fetch_sub(&f->total, 1);
    if (!f->max_per_ip)
        return;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    unsigned char key[16];
    size_t len = addr_key(ci ? ci->client_addr : NULL, key);
    if (!len)
        return;
    pthread_mutex_lock(&f->ip_lock);
    ip_add(f, key, len, -1);
    pthread_mutex_unlock(&f->ip_lock);
}

/* Hands one accepted socket to the least busy daemon, or closes it when
 * a limit is reached. */
static void hand_over(srv_front *f, int s, const struct sockaddr *sa, socklen_t sl)
{
    if (atomic_load(&f->total) >= (int)f->max_conns) {
        close(s);
        return;
    }
    unsigned char key[16];
    size_t len = f->max_per_ip ? addr_key(sa, key) : 0;
    if (len) {
        pthread_mutex_lock(&f->ip_lock);
        int before = ip_add(f, key, len, +1);
        if (before >= (int)f->max_per_ip) {
            ip_add(f, key, len, -1);
            pthread_mutex_unlock(&f->ip_lock);
            close(s);
            return;
        }
        pthread_mutex_unlock(&f->ip_lock);
    }
    front_daemon *best = &f->ds[0];
    for (unsigned i = 1; i < f->nd; i++)
        if (atomic_load(&f->ds[i].conns) < atomic_load(&best->conns))
            best = &f->ds[i];
    atomic_fetch_add(&best->conns, 1);
    atomic_fetch_add(&f->total, 1);
    if (MHD_add_connection(best->d, s, sa, sl) != MHD_YES) {
        /* libmicrohttpd closed the socket without reporting it */
        atomic_fetch_sub(&best->conns, 1);
        atomic_fetch_sub(&f->total, 1);
        if (len) {
            pthread_mutex_lock(&f->ip_lock);
            ip_add(f, key, len, -1);
            pthread_mutex_unlock(&f->ip_lock);
        }
    }
}

static void *accept_main(void *arg)
{
    srv_front *f = arg;
    struct pollfd p[2] = {{.fd = f->lfd, .events = POLLIN}, {.fd = f->wake[0], .events = POLLIN}};
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        for (;;) {
            struct sockaddr_storage ss;
            socklen_t sl = sizeof ss;
            int s = accept4(f->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (s >= 0) {
                hand_over(f, s, (struct sockaddr *)&ss, sl);
                continue;
            }
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* out of descriptors: let connections close before trying again */
                struct timespec ts = {0, 10 * 1000 * 1000};
                nanosleep(&ts, NULL);
            }
            break; /* EAGAIN, ECONNABORTED, EINTR, ...: back to poll */
        }
    }
    return NULL;
}

static int listen_on(const struct sockaddr *addr, socklen_t alen)
{
    int s = socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -1;
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (addr->sa_family == AF_INET6)
        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (bind(s, addr, alen) != 0 || listen(s, 1024) != 0) {
        int e = errno;
        close(s);
        errno = e;
        return -1;
    }
    return s;
}

srv_front *srv_front_start(const srv_config *c, const struct sockaddr *addr, socklen_t alen,
                           const srv_front_handlers *h)
{
    srv_front *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->lfd = -1;
    f->wake[0] = f->wake[1] = -1;
    f->nd = c->threads ? c->threads : 1;
    f->max_conns = c->max_conns;
    f->max_per_ip = c->max_per_ip;
    f->cap = c->max_conns ? c->max_conns : 1;
    f->ds = calloc(f->nd, sizeof *f->ds);
    f->ips = calloc(f->cap, sizeof *f->ips);
    if (!f->ds || !f->ips || pthread_mutex_init(&f->ip_lock, NULL) != 0)
        goto fail;
    f->ip_lock_init = 1;
    if (pipe2(f->wake, O_CLOEXEC) != 0)
        goto fail;
    f->lfd = listen_on(addr, alen);
    if (f->lfd < 0)
        goto fail;
    unsigned flags = MHD_USE_POLL | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
                     MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    for (unsigned i = 0; i < f->nd; i++) {
        front_daemon *fd = &f->ds[i];
        fd->f = f;
        fd->d = MHD_start_daemon(
            flags, 0, NULL, NULL, h->request, h->cls, MHD_OPTION_EXTERNAL_LOGGER, h->log, h->cls,
            MHD_OPTION_NOTIFY_COMPLETED, h->completed, NULL, MHD_OPTION_NOTIFY_CONNECTION,
            on_connection, fd, MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_conns,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->idle_timeout,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, SRV_CONN_MEMORY, MHD_OPTION_END);
        if (!fd->d)
            goto fail;
    }
    if (pthread_create(&f->thr, NULL, accept_main, f) != 0)
        goto fail;
    f->thr_started = 1;
    return f;
fail : {
    int e = errno; /* the caller reports it; cleanup must not change it */
    srv_front_stop(f);
    errno = e;
    return NULL;
}
}

unsigned srv_front_port(const srv_front *f)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(f->lfd, (struct sockaddr *)&ss, &sl) != 0)
        return 0;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return 0;
}

void srv_front_stop(srv_front *f)
{
    if (!f)
        return;
    if (f->thr_started) {
        ssize_t w = write(f->wake[1], "x", 1);
        (void)w;
        pthread_join(f->thr, NULL);
    }
    if (f->lfd >= 0)
        close(f->lfd);
    for (unsigned i = 0; f->ds && i < f->nd; i++)
        if (f->ds[i].d)
            MHD_stop_daemon(f->ds[i].d);
    for (int i = 0; i < 2; i++)
        if (f->wake[i] >= 0)
            close(f->wake[i]);
    if (f->ip_lock_init)
        pthread_mutex_destroy(&f->ip_lock);
    free(f->ips);
    free(f->ds);
    free(f);
}
