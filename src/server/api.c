/*
 * api.c - the yente-compatible endpoints: POST /match/{dataset},
 * GET /search/{dataset}, GET /entities/{id}, GET /catalog,
 * GET /algorithms, GET /healthz and GET /readyz, plus the helpers they share
 * with reconcile.c (entity JSON, explanations, JSON query values).
 *
 * Shapes follow yente's documentation: /match answers {"responses": {key:
 * {"status", "results", "total": {"value", "relation"}, "query"}},
 * "limit"} where each result is a FollowTheMoney entity plus "score",
 * "match" and "explanations"; a top-level "snapshot" object (which yente
 * clients ignore) names the data screened against.  A bad request is
 * answered 400 with a "detail" naming the field ("queries.q1.properties.
 * name[0]: must be a string"), and nothing is screened: a batch succeeds or
 * fails as a whole.  Filters the engine does not apply itself
 * (include/exclude datasets, excluded ids, topics, countries) are applied
 * to an over-fetched candidate list (at most SRV_MAX_FETCH).  The time
 * limit is checked between queries.  The /match answer is written straight
 * into a text buffer, not built as a jansson tree (see "the /match
 * response" below); the other endpoints use jansson.  Reference:
 * docs/http.md.
 */
#include "srv.h"
#include "jout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- shared helpers ---- */

static int str_is(emb_str s, const char *z)
{
    size_t n = strlen(z);
    return s.len == n && memcmp(s.ptr, z, n) == 0;
}

/* The header fields every rendering of an entity starts with; nonzero
 * when the snapshot cannot give one of them. */
typedef struct ent_head {
    emb_str id, caption;
    emb_schema schema;
    uint32_t ds;
} ent_head;

static int ent_head_get(const srv_gen *g, uint32_t index, ent_head *h)
{
    return emb_entity_id(g->s, index, &h->id) != EMB_OK ||
           emb_entity_caption(g->s, index, &h->caption) != EMB_OK ||
           emb_entity_schema(g->s, index, &h->schema) != EMB_OK ||
           emb_entity_dataset(g->s, index, &h->ds) != EMB_OK;
}

json_t *srv_entity_json(const srv_gen *g, uint32_t index)
{
    ent_head h;
    if (ent_head_get(g, index, &h))
        return NULL;
    json_t *props = json_object();
    if (!props)
        return NULL;
    size_t n = emb_entity_prop_count(g->s, index);
    char key[256];
    for (size_t j = 0; j < n; j++) {
        emb_str name, value;
        if (emb_entity_prop(g->s, index, j, &name, &value) != EMB_OK)
            continue;
        if (name.len == 0 || name.len >= sizeof key)
            continue;
        memcpy(key, name.ptr, name.len);
        key[name.len] = '\0';
        json_t *arr = json_object_get(props, key);
        if (!arr) {
            arr = json_array();
            if (!arr || json_object_set_new(props, key, arr) != 0)
                continue;
        }
        json_array_append_new(arr, json_stringn(value.ptr, value.len));
    }
    const char *sn = emb_schema_name(h.schema);
    return json_pack("{s:s%, s:s%, s:s, s:o, s:[s], s:[], s:b}", "id", h.id.ptr, h.id.len,
                     "caption", h.caption.ptr, h.caption.len, "schema", sn ? sn : "Thing",
                     "properties", props, "datasets", srv_gen_dataset(g, h.ds), "referents",
                     "target", 1);
}

int srv_entity_has(const srv_gen *g, uint32_t index, const char *prop, char *const *vals, size_t nv)
{
    size_t n = emb_entity_prop_count(g->s, index);
    for (size_t j = 0; j < n; j++) {
        emb_str name, value;
        if (emb_entity_prop(g->s, index, j, &name, &value) != EMB_OK || !str_is(name, prop))
            continue;
        for (size_t k = 0; k < nv; k++)
            if (strlen(vals[k]) == value.len && strncasecmp(vals[k], value.ptr, value.len) == 0)
                return 1;
    }
    return 0;
}

/* Sets the error for a failed library call on a query field. */
static void query_error(srv_resp *out, emb_status st, const emb_error *err, const char *path)
{
    if (st == EMB_ENOMEM)
        srv_error(out, 503, "%s: out of memory", path);
    else if (st == EMB_EINTERNAL || st == EMB_ECORRUPT)
        srv_error(out, 500, "%s: %s", path,
                  err && err->message[0] ? err->message : emb_strerror(st));
    else
        srv_error(out, 400, "%s: %s", path,
                  err && err->message[0] ? err->message : emb_strerror(st));
}

/* Adds a string or list of strings as values of prop.  On a bad value
 * sets an error naming it: path, or when path is NULL
 * "queries.KEY.properties.PK" (built only then: this runs for every value
 * of every /match query). */
static int add_values(srv_resp *out, emb_query *q, const char *prop, json_t *val, const char *path,
                      const char *key, const char *pk)
{
    emb_error err;
    char base[256], ipath[600];
    int arr = json_is_array(val), bad_type = !arr && !json_is_string(val);
    size_t count = arr ? json_array_size(val) : 1, plen = strlen(prop), k = 0;
    emb_status st = EMB_OK;
    for (; !bad_type && k < count; k++) {
        json_t *item = arr ? json_array_get(val, k) : val;
        if (!json_is_string(item))
            break;
        err.message[0] = '\0';
        st = emb_query_add(q, prop, plen, json_string_value(item), json_string_length(item), &err);
        if (st != EMB_OK)
            break;
    }
    if (!bad_type && k == count)
        return 0;
    if (!path) {
        snprintf(base, sizeof base, "queries.%.100s.properties.%.100s", key, pk);
        path = base;
    }
    if (bad_type)
        srv_error(out, 400, "%s: must be a list of strings", path);
    else if (arr)
        snprintf(ipath, sizeof ipath, "%s[%zu]", path, k);
    else
        snprintf(ipath, sizeof ipath, "%s", path);
    if (bad_type)
        return 1;
    if (st == EMB_OK)
        srv_error(out, 400, "%s: must be a string", ipath);
    else
        query_error(out, st, &err, ipath);
    return 1;
}

int srv_query_add_json(srv_req *r, srv_resp *out, emb_query *q, const char *prop, json_t *val,
                       const char *path)
{
    (void)r;
    return add_values(out, q, prop, val, path, NULL, NULL);
}

/* 400 unless ?algorithm= is absent, "default", "best" or ours. */
static int check_algorithm(srv_req *r, srv_resp *out)
{
    const char *a = srv_arg(r, "algorithm");
    if (!a || strcmp(a, "default") == 0 || strcmp(a, "best") == 0 || strcmp(a, SRV_ALGORITHM) == 0)
        return 0;
    srv_error(out, 400, "algorithm: unknown algorithm (this server has '%s'; see /algorithms)",
              SRV_ALGORITHM);
    return 1;
}

/* Resolves {dataset}: "default" is every list (*ds = NULL), a dataset
 * name selects one; 404 otherwise. */
static int resolve_dataset(srv_req *r, srv_resp *out, const char **ds)
{
    *ds = NULL;
    if (!r->arg || strcmp(r->arg, "default") == 0)
        return 0;
    if (srv_gen_find_dataset(r->gen, r->arg, r->arg_len) < 0) {
        char shown[101];
        snprintf(shown, sizeof shown, "%s", r->arg);
        srv_error(out, 404, "dataset: unknown dataset '%s' (see /catalog; 'default' is all)",
                  shown);
        return 1;
    }
    *ds = r->arg;
    return 0;
}

static int past_deadline(srv_req *r, srv_resp *out, size_t done, size_t total)
{
    if (srv_now_us() <= r->deadline)
        return 0;
    srv_error(out, 503, "request time limit of %u ms exceeded after %zu of %zu queries",
              r->st->cfg.timeout_ms, done, total);
    return 1;
}

/* ---- simple endpoints ---- */

void srv_h_healthz(srv_req *r, srv_resp *out)
{
    (void)r;
    srv_json(out, 200, json_pack("{s:s, s:s}", "status", "ok", "version", EMB_VERSION_STRING));
}

void srv_h_readyz(srv_req *r, srv_resp *out)
{
    if (!r->gen) {
        srv_error(out, 503, "no snapshot loaded yet");
        return;
    }
    srv_json(out, 200,
             json_pack("{s:s, s:o}", "status", "ready", "snapshot", srv_gen_json(r->gen)));
}

void srv_h_algorithms(srv_req *r, srv_resp *out)
{
    (void)r;
    srv_json(out, 200,
             json_pack("{s:[{s:s, s:s, s:s}], s:s, s:s}", "algorithms", "name", SRV_ALGORITHM,
                       "description",
                       "embargo name matcher: transliteration, token alignment with phonetic "
                       "and edit-distance similarity, weighted by name frequency, adjusted by "
                       "birth dates, countries and identifiers (docs/matching.md)",
                       "version", EMB_VERSION_STRING, "default", SRV_ALGORITHM, "best",
                       SRV_ALGORITHM));
}

void srv_h_catalog(srv_req *r, srv_resp *out)
{
    const srv_gen *g = r->gen;
    json_t *arr = json_array();
    if (!arr) {
        srv_error(out, 503, "out of memory");
        return;
    }
    for (size_t i = 0; i < g->ndatasets; i++) {
        emb_dataset_info di;
        size_t counts[EMB_SCHEMA__COUNT];
        if (emb_snapshot_dataset(g->s, i, &di) != EMB_OK ||
            emb_snapshot_dataset_schemas(g->s, i, counts) != EMB_OK)
            continue;
        json_t *schemata = json_object(), *sources = json_array();
        for (int s = 0; schemata && s < EMB_SCHEMA__COUNT; s++)
            if (counts[s])
                json_object_set_new(schemata, emb_schema_name((emb_schema)s),
                                    json_integer((json_int_t)counts[s]));
        for (size_t j = 0; sources && j < di.source_count; j++) {
            emb_source_info si;
            if (emb_snapshot_dataset_source(g->s, i, j, &si) == EMB_OK)
                json_array_append_new(
                    sources, json_pack("{s:s?, s:s}", "path", si.path, "sha256", si.sha256));
        }
        json_t *o =
            json_pack("{s:s, s:s?, s:s?, s:s?, s:I, s:o?, s:o?, s:I, s:I, s:I}", "name",
                      g->dataset_names[i], "title", di.title, "format", di.format, "list_date",
                      di.list_date && di.list_date[0] ? di.list_date : NULL, "entity_count",
                      (json_int_t)di.entity_count, "schemata", schemata, "sources", sources,
                      "records_read", (json_int_t)di.records_read, "records_skipped",
                      (json_int_t)di.records_skipped, "warnings", (json_int_t)di.warnings);
        if (o)
            json_array_append_new(arr, o);
    }
    srv_json(out, 200, json_pack("{s:o, s:o}", "datasets", arr, "snapshot", srv_gen_json(g)));
}

void srv_h_entity(srv_req *r, srv_resp *out)
{
    uint32_t idx;
    if (!r->arg || !srv_utf8_ok(r->arg, r->arg_len) ||
        emb_entity_find(r->gen->s, r->arg, r->arg_len, &idx) != EMB_OK) {
        char shown[101];
        snprintf(shown, sizeof shown, "%s", r->arg ? r->arg : "");
        srv_error(out, 404, "id: no entity '%s' in snapshot %s", shown, r->gen->info.hash);
        return;
    }
    srv_json(out, 200, srv_entity_json(r->gen, idx));
}

/* ---- /match ---- */

typedef struct filters {
    char *incl[SRV_MAX_PARAM_VALUES], *excl[SRV_MAX_PARAM_VALUES];
    char *ids[SRV_MAX_PARAM_VALUES], *topics[SRV_MAX_PARAM_VALUES];
    char *countries[SRV_MAX_PARAM_VALUES];
    size_t nincl, nexcl, nids, ntopics, ncountries;
    char buf[5][16384];
} filters;

/* One per thread (about 90 KiB, too big to malloc and free per request:
 * glibc consolidates its heap on every free of a chunk that size). */
static _Thread_local filters tl_filters;

static void filters_read(srv_req *r, filters *f)
{
    f->nincl = srv_args(r, "include_dataset", 0, f->incl, SRV_MAX_PARAM_VALUES, f->buf[0],
                        sizeof f->buf[0]);
    f->nexcl = srv_args(r, "exclude_dataset", 0, f->excl, SRV_MAX_PARAM_VALUES, f->buf[1],
                        sizeof f->buf[1]);
    f->nids = srv_args(r, "exclude_entity_ids", 0, f->ids, SRV_MAX_PARAM_VALUES, f->buf[2],
                       sizeof f->buf[2]);
    f->ntopics =
        srv_args(r, "topics", 0, f->topics, SRV_MAX_PARAM_VALUES, f->buf[3], sizeof f->buf[3]);
    f->ncountries = srv_args(r, "countries", 1, f->countries, SRV_MAX_PARAM_VALUES, f->buf[4],
                             sizeof f->buf[4]);
}

static int filters_any(const filters *f)
{
    return f->nincl || f->nexcl || f->nids || f->ntopics || f->ncountries;
}

static int in_list(char *const *v, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
            return 1;
    return 0;
}

/* 1 when entity e passes every filter. */
static int filters_pass(const srv_gen *g, const filters *f, uint32_t e)
{
    uint32_t ds = 0;
    if ((f->nincl || f->nexcl) && emb_entity_dataset(g->s, e, &ds) == EMB_OK) {
        const char *name = srv_gen_dataset(g, ds);
        if (f->nincl && !in_list(f->incl, f->nincl, name, strlen(name)))
            return 0;
        if (in_list(f->excl, f->nexcl, name, strlen(name)))
            return 0;
    }
    if (f->nids) {
        emb_str id;
        if (emb_entity_id(g->s, e, &id) == EMB_OK && in_list(f->ids, f->nids, id.ptr, id.len))
            return 0;
    }
    if (f->ntopics && !srv_entity_has(g, e, "topics", f->topics, f->ntopics))
        return 0;
    if (f->ncountries) {
        static const char *const cprops[] = {"country",        "nationality",  "citizenship",
                                             "jurisdiction",   "birthCountry", "flag",
                                             "addressCountry", "mainCountry"};
        int any = 0;
        for (size_t i = 0; i < sizeof cprops / sizeof cprops[0] && !any; i++)
            any = srv_entity_has(g, e, cprops[i], f->countries, f->ncountries);
        if (!any)
            return 0;
    }
    return 1;
}

static size_t fetch_size(size_t want, const filters *f)
{
    size_t n = want;
    if (filters_any(f))
        n = want * 4 + f->nids + 16;
    return n > SRV_MAX_FETCH ? SRV_MAX_FETCH : n;
}

/* ---- the /match response, written directly ----
 *
 * /match is the hot path (issue 5 asks >= 10,000 single-name requests/s on
 * two cores), and building a jansson tree for every result - one node per
 * property value, the explanation parsed back from text - then dumping it
 * cost most of a request.  So the answer is written straight into one
 * growing buffer, byte for byte what json_dumps(JSON_COMPACT |
 * JSON_REAL_PRECISION(6)) made of the tree: keys in the same order,
 * jansson's string escapes and real format, a property's values grouped
 * under its first occurrence, strings that are not UTF-8 left out as
 * jansson left them out.  The explanation the library already writes as
 * JSON is copied in, with its fixed-point numbers ("1.0000") trimmed to
 * jansson's form ("1.0").  The request body is still parsed by jansson
 * (it is small), and the query echo is dumped from it. */

/* Largest /match response body; beyond it the request is refused (413). */
#define MATCH_MAX_RESPONSE SRV_JO_MAX
/* Properties of one entity gathered on the stack; more use the heap. */
#define MATCH_PROPS_STACK 256

/* The same object as srv_gen_json(g), in the same key order. */
static void jo_gen(srv_jout *o, const srv_gen *g)
{
    char fmt[32];
    snprintf(fmt, sizeof fmt, "%u.%u", (unsigned)g->info.format_major,
             (unsigned)g->info.format_minor);
    SRV_JO_LIT(o, "{\"hash\":");
    srv_jo_cstr(o, g->info.hash);
    SRV_JO_LIT(o, ",\"built_at\":");
    srv_jo_cstr(o, g->built);
    SRV_JO_LIT(o, ",\"built_at_unix\":");
    srv_jo_int(o, (long long)g->info.built_at);
    SRV_JO_LIT(o, ",\"builder\":");
    srv_jo_cstr(o, g->info.builder ? g->info.builder : "");
    SRV_JO_LIT(o, ",\"format\":");
    srv_jo_cstr(o, fmt);
    SRV_JO_LIT(o, ",\"entities\":");
    srv_jo_int(o, (long long)g->info.entity_count);
    SRV_JO_LIT(o, ",\"generation\":");
    srv_jo_int(o, (long long)g->number);
    SRV_JO_LIT(o, "}");
}

/* A parsed request value written back as jansson's json_dumpb writes it
 * (compact, keys in their order, JSON_REAL_PRECISION(6)), without its
 * buffer round trip: /match echoes every query. */
static void jo_json(srv_jout *o, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        int first = 1;
        SRV_JO_LIT(o, "{");
        json_object_foreach((json_t *)v, k, x)
        {
            if (!first)
                SRV_JO_LIT(o, ",");
            first = 0;
            if (srv_jo_str(o, k, strlen(k)) && !o->fail)
                o->fail = 1;
            SRV_JO_LIT(o, ":");
            jo_json(o, x);
        }
        SRV_JO_LIT(o, "}");
        return;
    }
    case JSON_ARRAY: {
        SRV_JO_LIT(o, "[");
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                SRV_JO_LIT(o, ",");
            jo_json(o, json_array_get(v, i));
        }
        SRV_JO_LIT(o, "]");
        return;
    }
    case JSON_STRING:
        if (srv_jo_str(o, json_string_value(v), json_string_length(v)) && !o->fail)
            o->fail = 1;
        return;
    case JSON_INTEGER:
        srv_jo_int(o, (long long)json_integer_value(v));
        return;
    case JSON_REAL:
        srv_jo_real(o, json_real_value(v));
        return;
    case JSON_TRUE:
        SRV_JO_LIT(o, "true");
        return;
    case JSON_FALSE:
        SRV_JO_LIT(o, "false");
        return;
    case JSON_NULL:
        SRV_JO_LIT(o, "null");
        return;
    }
}

typedef struct prop {
    emb_str name, value;
    int next; /* next value of the same property, or -1 */
    int last; /* (first of a property) its last value so far */
    int head; /* 1: the first occurrence of its property */
} prop;

static int name_eq(emb_str a, emb_str b)
{
    return a.len == b.len && (a.ptr == b.ptr || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static uint32_t name_hash(emb_str s)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.ptr[i]) * 16777619u;
    return h;
}

/* Chains each property's values behind its first occurrence (a small
 * open-addressing table of first occurrences; slots holds 2 * m or more,
 * a power of two). */
static void group_props(prop *ps, size_t m, int *slots, size_t nslots)
{
    for (size_t k = 0; k < nslots; k++)
        slots[k] = -1;
    for (size_t j = 0; j < m; j++) {
        size_t h = name_hash(ps[j].name) & (nslots - 1);
        while (slots[h] >= 0 && !name_eq(ps[slots[h]].name, ps[j].name))
            h = (h + 1) & (nslots - 1);
        ps[j].next = -1;
        if (slots[h] < 0) {
            slots[h] = (int)j;
            ps[j].head = 1;
            ps[j].last = (int)j;
        } else {
            prop *first = &ps[slots[h]];
            ps[first->last].next = (int)j;
            first->last = (int)j;
            ps[j].head = 0;
        }
    }
}

/* {"name": [values], ...}: each property under its first occurrence, in
 * entity order, as srv_entity_json groups them. */
static void jo_props(srv_jout *o, const srv_gen *g, uint32_t index)
{
    prop stack[MATCH_PROPS_STACK], *ps = stack;
    int slot_stack[2 * MATCH_PROPS_STACK], *slots = slot_stack;
    size_t n = emb_entity_prop_count(g->s, index), nslots = 16;
    while (nslots < 2 * n)
        nslots *= 2;
    if (n > MATCH_PROPS_STACK) {
        ps = malloc(n * sizeof *ps);
        slots = malloc(nslots * sizeof *slots);
        if (!ps || !slots) {
            free(ps);
            free(slots);
            o->fail = 1;
            return;
        }
    }
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        if (emb_entity_prop(g->s, index, j, &ps[m].name, &ps[m].value) != EMB_OK)
            continue;
        /* jansson keys are C strings of bounded length here */
        if (ps[m].name.len == 0 || ps[m].name.len >= 256 ||
            memchr(ps[m].name.ptr, '\0', ps[m].name.len))
            continue;
        m++;
    }
    group_props(ps, m, slots, nslots);
    SRV_JO_LIT(o, "{");
    int first = 1;
    for (size_t j = 0; j < m; j++) {
        if (!ps[j].head)
            continue;
        size_t mark = o->len;
        if (!first)
            SRV_JO_LIT(o, ",");
        if (srv_jo_str(o, ps[j].name.ptr, ps[j].name.len)) {
            o->len = o->fail ? o->len : mark; /* jansson drops a non-UTF-8 key */
            continue;
        }
        first = 0;
        SRV_JO_LIT(o, ":[");
        int vfirst = 1;
        for (int k = (int)j; k >= 0; k = ps[k].next) {
            size_t vmark = o->len;
            if (!vfirst)
                SRV_JO_LIT(o, ",");
            if (srv_jo_str(o, ps[k].value.ptr, ps[k].value.len))
                o->len = o->fail ? o->len : vmark;
            else
                vfirst = 0;
        }
        SRV_JO_LIT(o, "]");
    }
    SRV_JO_LIT(o, "}");
    if (ps != stack) {
        free(ps);
        free(slots);
    }
}

/* The entity as srv_entity_json writes it, without the closing brace;
 * 1 (nothing written) when srv_entity_json would have failed. */
static int jo_entity_open(srv_jout *o, const srv_gen *g, uint32_t index)
{
    ent_head h;
    if (ent_head_get(g, index, &h))
        return 1;
    size_t mark = o->len;
    const char *sn = emb_schema_name(h.schema);
    SRV_JO_LIT(o, "{\"id\":");
    if (srv_jo_str(o, h.id.ptr, h.id.len))
        goto bad;
    SRV_JO_LIT(o, ",\"caption\":");
    if (srv_jo_str(o, h.caption.ptr, h.caption.len))
        goto bad;
    SRV_JO_LIT(o, ",\"schema\":");
    srv_jo_cstr(o, sn ? sn : "Thing");
    SRV_JO_LIT(o, ",\"properties\":");
    jo_props(o, g, index);
    SRV_JO_LIT(o, ",\"datasets\":[");
    srv_jo_cstr(o, srv_gen_dataset(g, h.ds));
    SRV_JO_LIT(o, "],\"referents\":[],\"target\":true");
    return 0;
bad:
    if (!o->fail)
        o->len = mark;
    return 1;
}

/* jo_entity_open through the generation's cache (srv_gen.ent_json): the
 * first answer with an entity renders it and keeps the text while the
 * cache has room; two threads that render it at once keep one copy. */
static int jo_entity_cached(srv_jout *o, srv_gen *g, uint32_t index)
{
    if (index >= g->info.entity_count)
        return jo_entity_open(o, g, index);
    const char *c = atomic_load_explicit(&g->ent_json[index], memory_order_acquire);
    if (c) {
        uint32_t n;
        memcpy(&n, c, sizeof n);
        srv_jo_raw(o, c + sizeof n, n);
        return 0;
    }
    size_t mark = o->len;
    if (jo_entity_open(o, g, index))
        return 1;
    size_t n = o->len - mark;
    if (o->fail || n > UINT32_MAX ||
        atomic_load_explicit(&g->ent_json_bytes, memory_order_relaxed) + n > SRV_ENTITY_CACHE_MAX)
        return 0;
    char *e = malloc(sizeof(uint32_t) + n);
    if (!e)
        return 0;
    uint32_t n32 = (uint32_t)n;
    memcpy(e, &n32, sizeof n32);
    memcpy(e + sizeof n32, o->p + mark, n);
    char *expect = NULL;
    if (atomic_compare_exchange_strong_explicit(&g->ent_json[index], &expect, e,
                                                memory_order_acq_rel, memory_order_acquire))
        atomic_fetch_add_explicit(&g->ent_json_bytes, n, memory_order_relaxed);
    else
        free(e);
    return 0;
}

/* "explanations": the explanation of result i, {} when there is none. */
static void jo_explain(srv_jout *o, srv_worker *w, size_t i)
{
    for (int tries = 0; tries < 4; tries++) {
        if (w->explain_cap == 0) {
            w->explain = malloc(4096);
            if (!w->explain)
                break;
            w->explain_cap = 4096;
        }
        size_t need = 0;
        emb_status st = emb_result_explain(w->q, i, w->explain, w->explain_cap, &need);
        if (st == EMB_OK) {
            /* compact, numbers and escapes as jansson writes them
             * (explain.c); not UTF-8 (it never should be): left out */
            size_t n = strnlen(w->explain, w->explain_cap);
            if (!srv_jo_utf8_ok(w->explain, n))
                break;
            srv_jo_raw(o, w->explain, n);
            return;
        }
        if (st != EMB_ECAP || need >= SRV_MAX_EXPLAIN || need < w->explain_cap)
            break;
        char *nb = realloc(w->explain, need + 1);
        if (!nb)
            break;
        w->explain = nb;
        w->explain_cap = need + 1;
    }
    SRV_JO_LIT(o, "{}");
}

/* One result: entity + score, match, features, explanations.  Returns 1
 * (nothing written) when the entity cannot be written. */
static int jo_result(srv_jout *o, srv_gen *g, srv_worker *w, size_t i, const emb_result *res)
{
    if (jo_entity_cached(o, g, res->entity))
        return 1;
    SRV_JO_LIT(o, ",\"score\":");
    srv_jo_real(o, res->score);
    if (res->match)
        SRV_JO_LIT(o, ",\"match\":true,\"features\":{\"name_score\":");
    else
        SRV_JO_LIT(o, ",\"match\":false,\"features\":{\"name_score\":");
    srv_jo_real(o, res->name_score);
    SRV_JO_LIT(o, "},\"explanations\":");
    jo_explain(o, w, i);
    SRV_JO_LIT(o, "}");
    return 0;
}

/* Screens one named query qv of /match and writes "key":{...} into o.
 * Returns nonzero after setting an error response. */
static int match_one(srv_req *r, srv_resp *out, srv_worker *w, srv_jout *o, const char *key,
                     json_t *qv, const filters *f, const char *ds, size_t limit, double threshold,
                     double cutoff, uint64_t *matches)
{
    emb_error err;
    if (!json_is_object(qv)) {
        srv_error(out, 400, "queries.%.100s: must be an object", key);
        return 1;
    }
    emb_query_reset(w->q);
    json_t *schema = json_object_get(qv, "schema");
    if (schema && !json_is_null(schema)) {
        emb_schema s;
        if (!json_is_string(schema)) {
            srv_error(out, 400, "queries.%.100s.schema: must be a string", key);
            return 1;
        }
        if (emb_schema_parse(json_string_value(schema), json_string_length(schema), &s) != EMB_OK) {
            srv_error(out, 400, "queries.%.100s.schema: unknown schema '%.60s'", key,
                      json_string_value(schema));
            return 1;
        }
        emb_query_set_schema(w->q, s);
    }
    json_t *props = json_object_get(qv, "properties");
    if (!props) {
        srv_error(out, 400, "queries.%.100s.properties: missing", key);
        return 1;
    }
    if (!json_is_object(props)) {
        srv_error(out, 400, "queries.%.100s.properties: must be an object", key);
        return 1;
    }
    const char *pk;
    json_t *pv;
    json_object_foreach(props, pk, pv)
    {
        if (add_values(out, w->q, pk, pv, NULL, key, pk))
            return 1;
    }
    memset(&err, 0, sizeof err);
    emb_status st = emb_query_set_limit(w->q, fetch_size(limit, f));
    if (st == EMB_OK)
        st = emb_query_set_threshold(w->q, threshold);
    if (st == EMB_OK && ds)
        st = emb_query_set_dataset(w->q, ds, strlen(ds), &err);
    if (st == EMB_OK)
        st = emb_query_run(w->q, &err);
    if (st != EMB_OK) {
        char path[256];
        snprintf(path, sizeof path, "queries.%.100s", key);
        query_error(out, st, &err, path);
        return 1;
    }
    srv_jo_cstr(o, key);
    SRV_JO_LIT(o, ":{\"status\":200,\"results\":[");
    size_t n = emb_result_count(w->q), kept = 0;
    for (size_t i = 0; i < n && kept < limit; i++) {
        emb_result res;
        if (emb_result_get(w->q, i, &res) != EMB_OK || res.score < cutoff ||
            !filters_pass(r->gen, f, res.entity))
            continue;
        size_t mark = o->len;
        if (kept)
            SRV_JO_LIT(o, ",");
        if (jo_result(o, r->gen, w, i, &res) == 0)
            kept++;
        else if (!o->fail)
            o->len = mark;
        if (res.match)
            (*matches)++;
    }
    SRV_JO_LIT(o, "],\"total\":{\"value\":");
    srv_jo_int(o, (long long)kept);
    SRV_JO_LIT(o, ",\"relation\":\"eq\"},\"query\":{\"id\":");
    srv_jo_cstr(o, key);
    SRV_JO_LIT(o, ",\"schema\":");
    if (schema)
        jo_json(o, schema);
    else
        SRV_JO_LIT(o, "null");
    SRV_JO_LIT(o, ",\"properties\":");
    jo_json(o, props);
    SRV_JO_LIT(o, "}}");
    return 0;
}

void srv_h_match(srv_req *r, srv_resp *out)
{
    size_t limit;
    double threshold, cutoff;
    const char *ds;
    filters *f = &tl_filters; /* filters_read() sets every count */
    json_t *root = NULL;
    srv_jout o = {NULL, 0, 0, 0};
    if (srv_arg_size(r, out, "limit", 1, SRV_MAX_LIMIT, EMB_DEFAULT_LIMIT, &limit) ||
        srv_arg_unit(r, out, "threshold", EMB_DEFAULT_THRESHOLD, &threshold) ||
        srv_arg_unit(r, out, "cutoff", 0.0, &cutoff) || check_algorithm(r, out) ||
        resolve_dataset(r, out, &ds))
        goto done;
    filters_read(r, f);
    if (!(root = srv_body_object(r, out, "")))
        goto done;
    json_t *queries = json_object_get(root, "queries");
    if (!queries) {
        srv_error(out, 400, "queries: missing (expected {\"queries\": {\"q1\": {...}}})");
        goto done;
    }
    if (!json_is_object(queries)) {
        srv_error(out, 400, "queries: must be an object of named queries");
        goto done;
    }
    size_t nq = json_object_size(queries);
    if (nq == 0) {
        srv_error(out, 400, "queries: no queries");
        goto done;
    }
    if (nq > r->st->cfg.max_batch) {
        srv_error(out, 413, "queries: %zu queries, at most %zu per request", nq,
                  r->st->cfg.max_batch);
        goto done;
    }
    srv_worker *w = srv_req_worker(r, out);
    if (!w)
        goto done;
    const char *key;
    json_t *qv;
    size_t done_q = 0;
    uint64_t matches = 0;
    SRV_JO_LIT(&o, "{\"responses\":{");
    json_object_foreach(queries, key, qv)
    {
        if (past_deadline(r, out, done_q, nq))
            goto done;
        if (done_q) {
            SRV_JO_LIT(&o, ",");
            srv_worker_pause(r->st);
        }
        if (match_one(r, out, w, &o, key, qv, f, ds, limit, threshold, cutoff, &matches))
            goto done;
        if (o.fail)
            break;
        done_q++;
        r->nqueries++;
    }
    SRV_JO_LIT(&o, "},\"matcher\":{\"name\":\"" SRV_ALGORITHM "\",\"version\":");
    srv_jo_cstr(&o, EMB_VERSION_STRING);
    SRV_JO_LIT(&o, ",\"threshold\":");
    srv_jo_real(&o, threshold);
    SRV_JO_LIT(&o, "},\"limit\":");
    srv_jo_int(&o, (long long)limit);
    SRV_JO_LIT(&o, ",\"snapshot\":");
    jo_gen(&o, r->gen);
    SRV_JO_LIT(&o, "}");
    if (o.fail == 2) {
        srv_error(out, 413,
                  "limit: the response would pass %zu MiB; ask for fewer results or "
                  "send fewer queries",
                  MATCH_MAX_RESPONSE >> 20);
        goto done;
    }
    if (o.fail) {
        srv_error(out, 503, "out of memory");
        goto done;
    }
    srv_metrics_queries(done_q, matches);
    json_decref(out->json);
    free(out->text);
    out->json = NULL;
    out->status = 200;
    out->text = o.p;
    out->text_len = o.len;
    out->ctype = "application/json";
    o.p = NULL;
done:
    free(o.p);
    json_decref(root);
}

/* ---- /search ---- */

typedef struct facet {
    const char *name;
    size_t count;
} facet;

static void facet_add(facet *fs, size_t *n, size_t max, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(fs[i].name, name) == 0) {
            fs[i].count++;
            return;
        }
    if (*n < max) {
        fs[*n].name = name;
        fs[*n].count = 1;
        (*n)++;
    }
}

static json_t *facet_json(const char *label, const facet *fs, size_t n)
{
    json_t *vals = json_array();
    for (size_t i = 0; vals && i < n; i++)
        json_array_append_new(vals, json_pack("{s:s, s:s, s:I}", "name", fs[i].name, "label",
                                              fs[i].name, "count", (json_int_t)fs[i].count));
    return json_pack("{s:s, s:o?}", "label", label, "values", vals);
}

void srv_h_search(srv_req *r, srv_resp *out)
{
    size_t limit, offset;
    const char *ds;
    emb_error err;
    json_t *results = NULL;
    filters *f = &tl_filters; /* filters_read() sets every count */
    facet *fds = NULL, *fsc = NULL;
    if (srv_arg_size(r, out, "limit", 1, SRV_MAX_LIMIT, 10, &limit) ||
        srv_arg_size(r, out, "offset", 0, SRV_MAX_FETCH - 1, 0, &offset) ||
        check_algorithm(r, out) || resolve_dataset(r, out, &ds))
        goto done;
    filters_read(r, f);
    const char *q = srv_arg(r, "q");
    if (!q || !q[0]) {
        srv_error(out, 400, "q: required (the name to search for)");
        goto done;
    }
    srv_worker *w = srv_req_worker(r, out);
    if (!w)
        goto done;
    emb_query_reset(w->q);
    const char *schema = srv_arg(r, "schema");
    if (schema && schema[0]) {
        emb_schema s;
        if (emb_schema_parse(schema, strlen(schema), &s) != EMB_OK) {
            srv_error(out, 400, "schema: unknown schema '%.60s'", schema);
            goto done;
        }
        emb_query_set_schema(w->q, s);
    }
    memset(&err, 0, sizeof err);
    emb_status st = emb_query_add(w->q, "name", 4, q, strlen(q), &err);
    if (st != EMB_OK) {
        query_error(out, st, &err, "q");
        goto done;
    }
    size_t fetch = fetch_size(offset + limit, f);
    if (fetch < offset + limit)
        fetch = offset + limit > SRV_MAX_FETCH ? SRV_MAX_FETCH : offset + limit;
    st = emb_query_set_limit(w->q, fetch);
    if (st == EMB_OK)
        st = emb_query_set_threshold(w->q, 0.0);
    if (st == EMB_OK && ds)
        st = emb_query_set_dataset(w->q, ds, strlen(ds), &err);
    if (st == EMB_OK)
        st = emb_query_run(w->q, &err);
    if (st != EMB_OK) {
        query_error(out, st, &err, "q");
        goto done;
    }
    r->nqueries = 1;
    size_t n = emb_result_count(w->q), total = 0, nds = 0, nsc = 0;
    fds = calloc(n ? n : 1, sizeof *fds);
    fsc = calloc(EMB_SCHEMA__COUNT, sizeof *fsc);
    results = json_array();
    if (!fds || !fsc || !results) {
        srv_error(out, 503, "out of memory");
        goto done;
    }
    uint64_t matches = 0;
    for (size_t i = 0; i < n; i++) {
        emb_result res;
        uint32_t dsi = 0;
        emb_schema sc;
        if (emb_result_get(w->q, i, &res) != EMB_OK || !filters_pass(r->gen, f, res.entity))
            continue;
        if (emb_entity_dataset(r->gen->s, res.entity, &dsi) == EMB_OK)
            facet_add(fds, &nds, n, srv_gen_dataset(r->gen, dsi));
        if (emb_entity_schema(r->gen->s, res.entity, &sc) == EMB_OK && emb_schema_name(sc))
            facet_add(fsc, &nsc, EMB_SCHEMA__COUNT, emb_schema_name(sc));
        if (total >= offset && total < offset + limit) {
            json_t *e = srv_entity_json(r->gen, res.entity);
            if (e) {
                json_object_set_new(e, "score", json_real(res.score));
                json_array_append_new(results, e);
            }
        }
        if (res.match)
            matches++;
        total++;
    }
    srv_metrics_queries(1, 0);
    srv_json(out, 200,
             json_pack("{s:o, s:{s:I, s:s}, s:I, s:I, s:{s:o?, s:o?}, s:o}", "results", results,
                       "total", "value", (json_int_t)total, "relation", n >= fetch ? "gte" : "eq",
                       "limit", (json_int_t)limit, "offset", (json_int_t)offset, "facets",
                       "datasets", facet_json("Data sources", fds, nds), "schema",
                       facet_json("Entity types", fsc, nsc), "snapshot", srv_gen_json(r->gen)));
    results = NULL;
    (void)matches;
done:
    json_decref(results);
    free(fds);
    free(fsc);
}
