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
 * limit is checked between queries.  Reference: docs/http.md.
 */
#include "srv.h"

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

json_t *srv_entity_json(const srv_gen *g, uint32_t index)
{
    emb_str id, caption;
    emb_schema schema;
    uint32_t ds;
    if (emb_entity_id(g->s, index, &id) != EMB_OK ||
        emb_entity_caption(g->s, index, &caption) != EMB_OK ||
        emb_entity_schema(g->s, index, &schema) != EMB_OK ||
        emb_entity_dataset(g->s, index, &ds) != EMB_OK)
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
    const char *sn = emb_schema_name(schema);
    return json_pack("{s:s%, s:s%, s:s, s:o, s:[s], s:[], s:b}", "id", id.ptr, id.len, "caption",
                     caption.ptr, caption.len, "schema", sn ? sn : "Thing", "properties", props,
                     "datasets", srv_gen_dataset(g, ds), "referents", "target", 1);
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

json_t *srv_explain_json(srv_worker *w, size_t i)
{
    for (int tries = 0; tries < 4; tries++) {
        if (w->explain_cap == 0) {
            w->explain = malloc(4096);
            if (!w->explain)
                return NULL;
            w->explain_cap = 4096;
        }
        size_t need = 0;
        emb_status st = emb_result_explain(w->q, i, w->explain, w->explain_cap, &need);
        if (st == EMB_OK)
            return json_loadb(w->explain, strnlen(w->explain, w->explain_cap), 0, NULL);
        if (st != EMB_ECAP || need >= SRV_MAX_EXPLAIN || need < w->explain_cap)
            return NULL;
        char *nb = realloc(w->explain, need + 1);
        if (!nb)
            return NULL;
        w->explain = nb;
        w->explain_cap = need + 1;
    }
    return NULL;
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

int srv_query_add_json(srv_req *r, srv_resp *out, emb_query *q, const char *prop, json_t *val,
                       const char *path)
{
    (void)r;
    emb_error err;
    char ipath[600];
    size_t count = json_is_array(val) ? json_array_size(val) : 1;
    if (!json_is_array(val) && !json_is_string(val)) {
        srv_error(out, 400, "%s: must be a list of strings", path);
        return 1;
    }
    for (size_t k = 0; k < count; k++) {
        json_t *item = json_is_array(val) ? json_array_get(val, k) : val;
        if (json_is_array(val))
            snprintf(ipath, sizeof ipath, "%s[%zu]", path, k);
        else
            snprintf(ipath, sizeof ipath, "%s", path);
        if (!json_is_string(item)) {
            srv_error(out, 400, "%s: must be a string", ipath);
            return 1;
        }
        memset(&err, 0, sizeof err);
        emb_status st = emb_query_add(q, prop, strlen(prop), json_string_value(item),
                                      json_string_length(item), &err);
        if (st != EMB_OK) {
            query_error(out, st, &err, ipath);
            return 1;
        }
    }
    return 0;
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

/* Parses the JSON body into an object; 400 naming the problem. */
static json_t *body_object(srv_req *r, srv_resp *out)
{
    if (!r->body_len) {
        srv_error(out, 400, "body: a JSON object is required");
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
        srv_error(out, 400, "body: must be a JSON object");
        return NULL;
    }
    return root;
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

/* The result JSON for result i: entity + score, match, explanations. */
static json_t *result_json(srv_req *r, srv_worker *w, size_t i, const emb_result *res)
{
    json_t *e = srv_entity_json(r->gen, res->entity);
    if (!e)
        return NULL;
    json_t *ex = srv_explain_json(w, i);
    json_object_set_new(e, "score", json_real(res->score));
    json_object_set_new(e, "match", json_boolean(res->match));
    json_object_set_new(e, "features", json_pack("{s:f}", "name_score", res->name_score));
    json_object_set_new(e, "explanations", ex ? ex : json_object());
    return e;
}

void srv_h_match(srv_req *r, srv_resp *out)
{
    size_t limit;
    double threshold, cutoff;
    const char *ds;
    filters *f = malloc(sizeof *f); /* filters_read() sets every count */
    json_t *root = NULL, *responses = NULL;
    emb_error err;
    if (!f) {
        srv_error(out, 503, "out of memory");
        return;
    }
    if (srv_arg_size(r, out, "limit", 1, SRV_MAX_LIMIT, EMB_DEFAULT_LIMIT, &limit) ||
        srv_arg_unit(r, out, "threshold", EMB_DEFAULT_THRESHOLD, &threshold) ||
        srv_arg_unit(r, out, "cutoff", 0.0, &cutoff) || check_algorithm(r, out) ||
        resolve_dataset(r, out, &ds))
        goto done;
    filters_read(r, f);
    if (!(root = body_object(r, out)))
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
    responses = json_object();
    if (!responses) {
        srv_error(out, 503, "out of memory");
        goto done;
    }
    const char *key;
    json_t *qv;
    size_t done_q = 0;
    uint64_t matches = 0;
    json_object_foreach(queries, key, qv)
    {
        char path[256], ppath[600];
        snprintf(path, sizeof path, "queries.%.100s", key);
        if (past_deadline(r, out, done_q, nq))
            goto done;
        if (!json_is_object(qv)) {
            srv_error(out, 400, "%s: must be an object", path);
            goto done;
        }
        emb_query_reset(w->q);
        json_t *schema = json_object_get(qv, "schema");
        if (schema && !json_is_null(schema)) {
            emb_schema s;
            if (!json_is_string(schema)) {
                srv_error(out, 400, "%s.schema: must be a string", path);
                goto done;
            }
            if (emb_schema_parse(json_string_value(schema), json_string_length(schema), &s) !=
                EMB_OK) {
                srv_error(out, 400, "%s.schema: unknown schema '%.60s'", path,
                          json_string_value(schema));
                goto done;
            }
            emb_query_set_schema(w->q, s);
        }
        json_t *props = json_object_get(qv, "properties");
        if (!props) {
            srv_error(out, 400, "%s.properties: missing", path);
            goto done;
        }
        if (!json_is_object(props)) {
            srv_error(out, 400, "%s.properties: must be an object", path);
            goto done;
        }
        const char *pk;
        json_t *pv;
        json_object_foreach(props, pk, pv)
        {
            snprintf(ppath, sizeof ppath, "%s.properties.%.100s", path, pk);
            if (srv_query_add_json(r, out, w->q, pk, pv, ppath))
                goto done;
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
            query_error(out, st, &err, path);
            goto done;
        }
        json_t *results = json_array();
        size_t n = emb_result_count(w->q), kept = 0;
        for (size_t i = 0; results && i < n && kept < limit; i++) {
            emb_result res;
            if (emb_result_get(w->q, i, &res) != EMB_OK || res.score < cutoff ||
                !filters_pass(r->gen, f, res.entity))
                continue;
            json_t *o = result_json(r, w, i, &res);
            if (o && json_array_append_new(results, o) == 0)
                kept++;
            if (res.match)
                matches++;
        }
        json_t *qecho =
            json_pack("{s:s, s:O?, s:O}", "id", key, "schema", schema, "properties", props);
        json_t *resp =
            json_pack("{s:i, s:o?, s:{s:I, s:s}, s:o?}", "status", 200, "results", results, "total",
                      "value", (json_int_t)kept, "relation", "eq", "query", qecho);
        if (!resp || json_object_set_new(responses, key, resp) != 0) {
            srv_error(out, 503, "out of memory");
            goto done;
        }
        done_q++;
        r->nqueries++;
    }
    srv_metrics_queries(done_q, matches);
    srv_json(out, 200,
             json_pack("{s:o, s:{s:s, s:s, s:f}, s:I, s:o}", "responses", responses, "matcher",
                       "name", SRV_ALGORITHM, "version", EMB_VERSION_STRING, "threshold", threshold,
                       "limit", (json_int_t)limit, "snapshot", srv_gen_json(r->gen)));
    responses = NULL;
done:
    json_decref(responses);
    json_decref(root);
    free(f);
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
    filters *f = malloc(sizeof *f); /* filters_read() sets every count */
    facet *fds = NULL, *fsc = NULL;
    if (!f) {
        srv_error(out, 503, "out of memory");
        return;
    }
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
    free(f);
}
