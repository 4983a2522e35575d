/*
 * gen.c - snapshot generations and hot reload.
 *
 * A generation is one opened and deep-verified snapshot plus a pool of idle
 * query contexts (srv_worker) made for it.  The current generation is a
 * pointer guarded by gen_lock; a request takes a reference under the lock
 * (so the pointer read and the increment are one step, with no window in
 * which a reload could free it), and drops it when its response is built.
 * A reload opens and verifies the new file outside any lock, then swaps
 * the pointer; requests in flight finish on the old generation, which is
 * closed - its workers freed and its snapshot memory released - when the last
 * reference goes.  emb_query is single-threaded, so a worker is used by one
 * request at a time: each thread running a request takes one from the
 * generation's pool (or makes one) and gives it back afterwards, so the
 * pool holds at most as many contexts as there were concurrent requests.
 * Before a generation is installed, at start and on reload, its pool gets
 * one warmed context per worker thread (srv_gen_prepare), so no request
 * waits while one is made.
 * Scanners (emb_scan, for POST /scan) are pooled the same way in a second
 * list, made on the first /scan that finds the pool empty: a generation
 * that never sees a /scan builds none, and a reload starts with none.
 */
#include "srv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void worker_free(srv_worker *w)
{
    if (!w)
        return;
    emb_query_free(w->q);
    free(w->explain);
    free(w);
}

static void scanner_free(srv_scanner *s)
{
    if (!s)
        return;
    emb_scan_free(s->sc);
    free(s->explain);
    free(s);
}

static void gen_free(srv_gen *g)
{
    if (!g)
        return;
    while (g->scanners) {
        srv_scanner *s = g->scanners;
        g->scanners = s->next;
        scanner_free(s);
    }
    while (g->pool) {
        srv_worker *w = g->pool;
        g->pool = w->next;
        worker_free(w);
    }
    for (size_t i = 0; g->ent_json && i < g->info.entity_count; i++)
        free(atomic_load_explicit(&g->ent_json[i], memory_order_relaxed));
    free(g->ent_json);
    for (size_t i = 0; g->dataset_names && i < g->ndatasets; i++)
        free(g->dataset_names[i]);
    free(g->dataset_names);
    emb_snapshot_close(g->s);
    free(g);
}

srv_gen *srv_gen_load(const char *path, unsigned open_flags, uint64_t number, char *msg, size_t cap)
{
    emb_error err;
    char ebuf[EMB_ERROR_MSG_MAX + EMB_ERROR_PATH_MAX + 64];
    memset(&err, 0, sizeof err);
    srv_gen *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(msg, cap, "out of memory");
        return NULL;
    }
    emb_status st = emb_snapshot_open_flags(&g->s, path, open_flags, &err);
    if (st == EMB_OK)
        st = emb_snapshot_verify(g->s, &err);
    if (st != EMB_OK) {
        if (!err.file[0])
            snprintf(err.file, sizeof err.file, "%s", path);
        snprintf(msg, cap, "%s", emb_error_format(&err, ebuf, sizeof ebuf));
        gen_free(g);
        return NULL;
    }
    emb_snapshot_get_info(g->s, &g->info);
    srv_iso_time(g->info.built_at, g->built, sizeof g->built);
    g->number = number;
    g->ent_json = calloc(g->info.entity_count ? g->info.entity_count : 1, sizeof *g->ent_json);
    if (!g->ent_json) {
        snprintf(msg, cap, "out of memory");
        gen_free(g);
        return NULL;
    }
    g->ndatasets = g->info.dataset_count;
    g->dataset_names = g->ndatasets ? calloc(g->ndatasets, sizeof *g->dataset_names) : NULL;
    if (g->ndatasets && !g->dataset_names) {
        snprintf(msg, cap, "out of memory");
        gen_free(g);
        return NULL;
    }
    for (size_t i = 0; i < g->ndatasets; i++) {
        emb_dataset_info di;
        if ((st = emb_snapshot_dataset(g->s, i, &di)) != EMB_OK) {
            snprintf(msg, cap, "%s: dataset %zu: %s", path, i, emb_strerror(st));
            gen_free(g);
            return NULL;
        }
        const char *nm = di.name ? di.name : "?";
        size_t n = strlen(nm);
        g->dataset_names[i] = malloc(n + 1);
        if (!g->dataset_names[i]) {
            snprintf(msg, cap, "out of memory");
            gen_free(g);
            return NULL;
        }
        memcpy(g->dataset_names[i], nm, n + 1);
    }
    g->refs = 1;
    return g;
}

srv_gen *srv_gen_acquire(srv_state *st)
{
    pthread_mutex_lock(&st->gen_lock);
    srv_gen *g = st->current;
    if (g)
        g->refs++;
    pthread_mutex_unlock(&st->gen_lock);
    return g;
}

void srv_gen_release(srv_state *st, srv_gen *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&st->gen_lock);
    int last = --g->refs == 0;
    pthread_mutex_unlock(&st->gen_lock);
    if (last)
        gen_free(g);
}

void srv_gen_install(srv_state *st, srv_gen *g)
{
    pthread_mutex_lock(&st->gen_lock);
    srv_gen *old = st->current;
    st->current = g;
    pthread_mutex_unlock(&st->gen_lock);
    srv_gen_release(st, old);
}

int srv_reload(srv_state *st, char *msg, size_t cap, char before[17], char after[17])
{
    pthread_mutex_lock(&st->reload_lock);
    srv_gen *old = srv_gen_acquire(st);
    snprintf(before, 17, "%s", old ? old->info.hash : "");
    srv_gen_release(st, old);
    srv_gen *g = srv_gen_load(st->cfg.db, srv_open_flags(&st->cfg), st->next_gen, msg, cap);
    int rc = 1;
    if (g) {
        srv_gen_prepare(g, st->cfg.threads);
        st->next_gen++;
        snprintf(after, 17, "%s", g->info.hash);
        srv_gen_install(st, g);
        rc = 0;
    }
    pthread_mutex_unlock(&st->reload_lock);
    srv_metrics_reload(rc == 0);
    return rc;
}

static srv_worker *worker_new(srv_gen *g)
{
    srv_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (emb_query_new(&w->q, g->s, NULL) != EMB_OK) {
        free(w);
        return NULL;
    }
    atomic_fetch_add_explicit(&g->ncontexts, 1, memory_order_relaxed);
    return w;
}

size_t srv_gen_prepare(srv_gen *g, size_t n)
{
    if (n > SRV_PREPARED_MAX)
        n = SRV_PREPARED_MAX;
    size_t made = 0;
    for (; made < n; made++) {
        srv_worker *w = worker_new(g);
        if (!w)
            break;
        /* a transform ICU cannot open fails the names of its script
         * later, as it would have without this: the context still serves */
        (void)emb_query_warm(w->q, NULL);
        w->next = g->pool; /* g is not shared yet: no lock */
        g->pool = w;
    }
    return made;
}

srv_worker *srv_worker_take(srv_state *st, srv_gen *g)
{
    pthread_mutex_lock(&st->gen_lock);
    srv_worker *w = g->pool;
    if (w)
        g->pool = w->next;
    pthread_mutex_unlock(&st->gen_lock);
    if (w) {
        w->next = NULL;
        return w;
    }
    return worker_new(g);
}

void srv_worker_give(srv_state *st, srv_gen *g, srv_worker *w)
{
    if (!w)
        return;
    emb_query_reset(w->q);
    pthread_mutex_lock(&st->gen_lock);
    w->next = g->pool;
    g->pool = w;
    pthread_mutex_unlock(&st->gen_lock);
}

srv_scanner *srv_scanner_take(srv_state *st, srv_gen *g, emb_status *status, emb_error *err)
{
    pthread_mutex_lock(&st->gen_lock);
    srv_scanner *s = g->scanners;
    if (s)
        g->scanners = s->next;
    pthread_mutex_unlock(&st->gen_lock);
    if (s) {
        s->next = NULL;
        *status = EMB_OK;
        return s;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        *status = EMB_ENOMEM;
        return NULL;
    }
    *status = emb_scan_new(&s->sc, g->s, st->cfg.rules, err);
    if (*status != EMB_OK) {
        free(s);
        return NULL;
    }
    s->threshold = EMB_SCAN_DEFAULT_THRESHOLD;
    return s;
}

void srv_scanner_give(srv_state *st, srv_gen *g, srv_scanner *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&st->gen_lock);
    s->next = g->scanners;
    g->scanners = s;
    pthread_mutex_unlock(&st->gen_lock);
}

const char *srv_gen_dataset(const srv_gen *g, uint32_t i)
{
    return i < g->ndatasets ? g->dataset_names[i] : "?";
}

long srv_gen_find_dataset(const srv_gen *g, const char *name, size_t len)
{
    for (size_t i = 0; i < g->ndatasets; i++)
        if (strlen(g->dataset_names[i]) == len && memcmp(g->dataset_names[i], name, len) == 0)
            return (long)i;
    return -1;
}

json_t *srv_gen_json(const srv_gen *g)
{
    char fmt[32];
    snprintf(fmt, sizeof fmt, "%u.%u", (unsigned)g->info.format_major,
             (unsigned)g->info.format_minor);
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:I, s:I}", "hash", g->info.hash, "built_at",
                     g->built, "built_at_unix", (json_int_t)g->info.built_at, "builder",
                     g->info.builder ? g->info.builder : "", "format", fmt, "entities",
                     (json_int_t)g->info.entity_count, "generation", (json_int_t)g->number);
}
