/*
 * fixture.c - see fixture.h.
 */
#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/file.h"

static emb_status run(fx_list *fx, fx_reader reader, const char *name, emb__file *f, unsigned flags)
{
    uint16_t ds;
    emb_status st = emb__store_dataset(&fx->store, "test", "test", "test", &ds);
    if (st)
        return st;
    emb__ingest ing;
    memset(&ing, 0, sizeof ing);
    ing.store = &fx->store;
    ing.warnings = &fx->warnings;
    ing.dataset = ing.first_dataset = ds;
    ing.flags = flags;
    ing.main_path = name;
    ing.err = &fx->err;
    emb__ing_file(&ing, name);
    fx->status = reader(&ing, f);
    return fx->status;
}

emb_status fx_read(fx_list *fx, fx_reader reader, const char *name, const char *data, size_t len,
                   unsigned flags)
{
    memset(fx, 0, sizeof *fx);
    emb__store_init(&fx->store);
    emb__file f;
    emb_status st = emb__file_from_memory(&f, data, len, name, &fx->err);
    if (st)
        return fx->status = st;
    st = run(fx, reader, name, &f, flags);
    emb__file_destroy(&f);
    return st;
}

emb_status fx_read_file(fx_list *fx, fx_reader reader, const char *path, unsigned flags)
{
    memset(fx, 0, sizeof *fx);
    emb__store_init(&fx->store);
    emb__file f;
    emb_status st = emb__file_load(&f, path, &fx->err);
    if (st)
        return fx->status = st;
    st = run(fx, reader, path, &f, flags);
    emb__file_destroy(&f);
    return st;
}

emb_status fx_read_quiet(fx_list *fx, fx_reader reader, const char *name, const char *data,
                         size_t len, unsigned flags, long *printed)
{
    *printed = -1;
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = tmp ? dup(fileno(stderr)) : -1;
    int redirected = saved >= 0 && dup2(fileno(tmp), fileno(stderr)) >= 0;
    emb_status st = fx_read(fx, reader, name, data, len, flags);
    fflush(stderr);
    if (redirected && dup2(saved, fileno(stderr)) >= 0)
        *printed = (long)lseek(fileno(tmp), 0, SEEK_END);
    if (saved >= 0)
        close(saved);
    if (tmp)
        fclose(tmp);
    return st;
}

void fx_free(fx_list *fx)
{
    emb__store_destroy(&fx->store);
    emb__free(fx->warnings.items);
    memset(fx, 0, sizeof *fx);
}

const emb__ent *fx_ent(const fx_list *fx, const char *id)
{
    uint32_t i;
    if (!emb__store_find(&fx->store, id, strlen(id), &i))
        return NULL;
    return &fx->store.ents[i];
}

size_t fx_count(const emb__ent *e, emb_prop p)
{
    size_t n = 0;
    for (uint32_t i = 0; e && i < e->nprops; i++)
        n += e->props[i].key == (uint32_t)p;
    return n;
}

int fx_has(const emb__ent *e, emb_prop p, const char *value)
{
    for (uint32_t i = 0; e && i < e->nprops; i++)
        if (e->props[i].key == (uint32_t)p && strcmp(e->props[i].val, value) == 0)
            return 1;
    return 0;
}

size_t fx_warnings_with(const fx_list *fx, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->warnings.n; i++)
        if (strstr(fx->warnings.items[i].reason, needle))
            n++;
    return n;
}

const char *fx_first(const emb__ent *e, emb_prop p)
{
    const emb__sprop *v = emb__ent_first(e, (uint32_t)p);
    return v ? v->val : NULL;
}

const char *fx_caption(const emb__ent *e)
{
    const char *v = fx_first(e, EMB_P_NAME);
    return v ? v : "";
}

size_t fx_total(const fx_list *fx, emb_prop p)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->store.nents; i++)
        n += fx_count(&fx->store.ents[i], p);
    return n;
}

size_t fx_total_with(const fx_list *fx, emb_prop p)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->store.nents; i++)
        n += fx_count(&fx->store.ents[i], p) > 0;
    return n;
}

size_t fx_total_value(const fx_list *fx, emb_prop p, const char *v)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->store.nents; i++)
        n += (size_t)fx_has(&fx->store.ents[i], p, v);
    return n;
}

size_t fx_total_schema(const fx_list *fx, emb_schema s)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->store.nents; i++)
        n += fx->store.ents[i].schema == (uint8_t)s;
    return n;
}

const emb__dataset *fx_ds(const fx_list *fx)
{
    return &fx->store.datasets[0];
}

void fx_text_set(fx_text *t, const char *s)
{
    t->len = 0;
    t->buf[0] = '\0';
    fx_text_add(t, "%s", s);
}

void fx_text_add(fx_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof t->buf - t->len) {
        fprintf(stderr, "fx_text: a test input outgrew %zu bytes\n", sizeof t->buf);
        abort();
    }
    t->len += (size_t)n;
}

const char *fx_data(const char *name)
{
    static char buf[4096];
    const char *dir = getenv("EMB_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "tests/data", name);
    return buf;
}

const char *fx_repo_data(const char *name)
{
    static char buf[4096];
    const char *dir = getenv("EMB_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/../../data/%s", dir ? dir : "tests/data", name);
    return buf;
}

/* ---- counting allocator ---- */

static long g_fail_at, g_count, g_live;
static int g_failed;

static void *c_malloc(void *ud, size_t n)
{
    (void)ud;
    g_count++;
    if (g_fail_at && g_count == g_fail_at) {
        g_failed = 1;
        return NULL;
    }
    void *p = malloc(n);
    if (p)
        g_live++;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    g_count++;
    if (g_fail_at && g_count == g_fail_at) {
        g_failed = 1;
        return NULL;
    }
    void *q = realloc(p, n);
    if (q && !p)
        g_live++;
    return q;
}

static void c_free(void *ud, void *p)
{
    (void)ud;
    if (p)
        g_live--;
    free(p);
}

void fx_alloc_install(long fail_at)
{
    static const emb_allocator a = {c_malloc, c_realloc, c_free, NULL};
    g_fail_at = fail_at;
    g_count = 0;
    g_live = 0;
    g_failed = 0;
    emb_set_allocator(&a);
}

void fx_alloc_uninstall(void)
{
    emb_set_allocator(NULL);
}

long fx_alloc_live(void)
{
    return g_live;
}

long fx_alloc_count(void)
{
    return g_count;
}

int fx_alloc_failed(void)
{
    return g_failed;
}

long fx_alloc_walk(fx_reader reader, const char *path)
{
    char file[4096];
    snprintf(file, sizeof file, "%s", path);
    for (long n = 1; n <= FX_WALK_MAX; n++) {
        fx_list fx;
        fx_alloc_install(n);
        emb_status st = fx_read_file(&fx, reader, file, 0);
        int failed = fx_alloc_failed();
        fx_free(&fx);
        long live = fx_alloc_live();
        fx_alloc_uninstall();
        if (live != 0) {
            fprintf(stderr, "%s: allocation %ld: %ld blocks leaked\n", file, n, live);
            return 0;
        }
        if (failed && st == EMB_OK) {
            fprintf(stderr, "%s: allocation %ld failed but the reader returned EMB_OK\n", file, n);
            return 0;
        }
        if (!failed) {
            if (st == EMB_OK)
                return n;
            fprintf(stderr, "%s: no allocation failed but the reader returned %d\n", file, (int)st);
            return 0;
        }
    }
    fprintf(stderr, "%s: every run up to allocation %ld failed\n", file, (long)FX_WALK_MAX);
    return 0;
}
