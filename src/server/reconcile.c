/*
 * reconcile.c - the OpenRefine Reconciliation Service API v0.2 at
 * /reconcile/{dataset}: the service manifest, reconciliation queries
 * (`queries=` as a query-string or form-encoded parameter, or a JSON body),
 * data extension (`extend=`), /suggest/entity and /extend/propose.
 *
 * Queries map to the same engine as /match: "query" is the name, "type" an
 * FtM schema, "properties" [{"pid", "v"}] further FtM property values.
 * Candidate scores are the engine's scores scaled to 0-100; "match" is the
 * engine's own verdict (score at or above the default threshold).  The
 * spec: https://www.w3.org/community/reports/reconciliation/
 * CG-FINAL-specs-0.2-20230410/ ; our reference: docs/http.md.
 */
#include "srv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

/* Most ids or properties in one extend request. */
#define REC_MAX_EXTEND_IDS 1000
#define REC_MAX_EXTEND_PROPS 50
#define REC_MAX_LIMIT 100

/* ---- request parameters ---- */

static int hexv(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Value of name in a form-encoded body, decoded into a malloc'd string. */
static char *form_get(const char *body, size_t len, const char *name, size_t *outlen)
{
    size_t nl = strlen(name);
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && body[end] != '&')
            end++;
        size_t eq = i;
        while (eq < end && body[eq] != '=')
            eq++;
        if (eq - i == nl && memcmp(body + i, name, nl) == 0) {
            size_t vl = eq < end ? end - eq - 1 : 0;
            char *v = malloc(vl + 1);
            if (!v)
                return NULL;
            size_t o = 0;
            for (size_t k = eq + 1; k < end; k++) {
                char c = body[k];
                if (c == '+') {
                    v[o++] = ' ';
                } else if (c == '%' && k + 2 < end && hexv((unsigned char)body[k + 1]) >= 0 &&
                           hexv((unsigned char)body[k + 2]) >= 0) {
                    v[o++] = (char)(hexv((unsigned char)body[k + 1]) * 16 +
                                    hexv((unsigned char)body[k + 2]));
                    k += 2;
                } else {
                    v[o++] = c;
                }
            }
            v[o] = '\0';
            *outlen = o;
            return v;
        }
        i = end + 1;
    }
    return NULL;
}

static int is_form(srv_req *r)
{
    const char *ct = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, "Content-Type");
    return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

/* Parameter name from the query string or a form body, parsed as JSON.
 * Returns NULL when absent (*bad = 0) or invalid (*bad = 1, out set). */
static json_t *json_param(srv_req *r, srv_resp *out, const char *name, int *bad)
{
    *bad = 0;
    const char *a = srv_arg(r, name);
    char *owned = NULL;
    size_t len = 0;
    if (a) {
        len = strlen(a);
    } else if (r->body_len && is_form(r)) {
        owned = form_get(r->body, r->body_len, name, &len);
        a = owned;
    }
    if (!a)
        return NULL;
    json_t *v = NULL;
    if (!srv_utf8_ok(a, len)) {
        srv_error(out, 400, "%s: invalid UTF-8", name);
    } else {
        json_error_t jerr;
        v = json_loadb(a, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!v)
            srv_error(out, 400, "%s: invalid JSON at column %d: %s", name, jerr.column, jerr.text);
        else if (!json_is_object(v)) {
            json_decref(v);
            v = NULL;
            srv_error(out, 400, "%s: must be a JSON object", name);
        }
    }
    free(owned);
    if (!v)
        *bad = 1;
    return v;
}

static int resolve(srv_req *r, srv_resp *out)
{
    if (!r->arg || strcmp(r->arg, "default") == 0)
        return 0;
    if (srv_gen_find_dataset(r->gen, r->arg, r->arg_len) < 0) {
        srv_error(out, 404, "dataset: unknown dataset '%.100s' (see /catalog)", r->arg);
        return 1;
    }
    return 0;
}

/* "http://host:port" for URLs in the manifest: the Host header when it
 * looks like a host name, else the listen address. */
static void base_url(srv_req *r, char *buf, size_t cap)
{
    const char *h = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, "Host");
    int ok = h && *h && strlen(h) < 200;
    for (const char *p = h; ok && *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".-:[]_", *p))
            ok = 0;
    if (ok)
        snprintf(buf, cap, "http://%s", h);
    else
        snprintf(buf, cap, "%s", r->st->listen_url);
}

/* ---- manifest ---- */

static void manifest(srv_req *r, srv_resp *out)
{
    char base[256], path[512], view[512], name[256];
    base_url(r, base, sizeof base);
    const char *ds = r->arg ? r->arg : "default";
    snprintf(view, sizeof view, "%s/entities/{{id}}", base);
    snprintf(name, sizeof name, "embargo sanctions screening (%.100s)", ds);
    json_t *types = json_array();
    for (int s = 0; types && s < EMB_SCHEMA__COUNT; s++)
        json_array_append_new(types, json_pack("{s:s, s:s}", "id", emb_schema_name((emb_schema)s),
                                               "name", emb_schema_name((emb_schema)s)));
    char sugg[512], prop[512];
    snprintf(sugg, sizeof sugg, "/reconcile/%.100s/suggest/entity", ds);
    snprintf(prop, sizeof prop, "/reconcile/%.100s/extend/propose", ds);
    snprintf(path, sizeof path, "%s/entities/", base);
    srv_json(out, 200,
             json_pack("{s:[s,s], s:s, s:s, s:s, s:o?, s:{s:s}, s:{s:s, s:i, s:i},"
                       " s:{s:{s:s, s:s}}, s:{s:{s:s, s:s}, s:[]}}",
                       "versions", "0.1", "0.2", "name", name, "identifierSpace", path,
                       "schemaSpace", "https://followthemoney.tech/explorer/schemata/",
                       "defaultTypes", types, "view", "url", view, "preview", "url", view, "width",
                       430, "height", 300, "suggest", "entity", "service_url", base, "service_path",
                       sugg, "extend", "propose_properties", "service_url", base, "service_path",
                       prop, "property_settings"));
}

/* ---- queries ---- */

static json_t *candidates(srv_req *r, srv_worker *w, size_t limit)
{
    json_t *arr = json_array();
    size_t n = emb_result_count(w->q);
    uint64_t matches = 0;
    for (size_t i = 0; arr && i < n && i < limit; i++) {
        emb_result res;
        emb_str id, caption;
        emb_schema sc;
        uint32_t dsi = 0;
        if (emb_result_get(w->q, i, &res) != EMB_OK ||
            emb_entity_id(r->gen->s, res.entity, &id) != EMB_OK ||
            emb_entity_caption(r->gen->s, res.entity, &caption) != EMB_OK ||
            emb_entity_schema(r->gen->s, res.entity, &sc) != EMB_OK)
            continue;
        emb_entity_dataset(r->gen->s, res.entity, &dsi);
        const char *sn = emb_schema_name(sc) ? emb_schema_name(sc) : "Thing";
        char desc[256];
        snprintf(desc, sizeof desc, "%s, %s", sn, srv_gen_dataset(r->gen, dsi));
        double score = res.score * 100.0;
        json_t *c = json_pack("{s:s%, s:s%, s:f, s:b, s:s, s:[{s:s, s:s}]}", "id", id.ptr, id.len,
                              "name", caption.ptr, caption.len, "score",
                              (double)(long)(score * 100.0 + 0.5) / 100.0, "match", res.match,
                              "description", desc, "type", "id", sn, "name", sn);
        if (c)
            json_array_append_new(arr, c);
        if (res.match)
            matches++;
    }
    srv_metrics_queries(1, matches);
    return arr;
}

/* Runs one reconciliation query; returns {"result": [...]} or NULL with
 * out set. */
static json_t *run_query(srv_req *r, srv_resp *out, srv_worker *w, const char *key, json_t *qv)
{
    char path[256], ppath[600];
    emb_error err;
    snprintf(path, sizeof path, "queries.%.100s", key);
    if (!json_is_object(qv)) {
        srv_error(out, 400, "%s: must be an object", path);
        return NULL;
    }
    emb_query_reset(w->q);
    json_t *q = json_object_get(qv, "query");
    if (!json_is_string(q) || json_string_length(q) == 0) {
        srv_error(out, 400, "%s.query: must be a non-empty string", path);
        return NULL;
    }
    memset(&err, 0, sizeof err);
    emb_status st =
        emb_query_add(w->q, "name", 4, json_string_value(q), json_string_length(q), &err);
    if (st != EMB_OK) {
        srv_error(out, st == EMB_ENOMEM ? 503 : 400, "%s.query: %s", path,
                  err.message[0] ? err.message : emb_strerror(st));
        return NULL;
    }
    json_t *type = json_object_get(qv, "type");
    if (json_is_array(type))
        type = json_array_get(type, 0);
    if (type && !json_is_null(type)) {
        emb_schema s;
        if (!json_is_string(type) ||
            emb_schema_parse(json_string_value(type), json_string_length(type), &s) != EMB_OK) {
            srv_error(out, 400, "%s.type: unknown type (use one of defaultTypes)", path);
            return NULL;
        }
        emb_query_set_schema(w->q, s);
    }
    size_t limit = 5;
    json_t *lim = json_object_get(qv, "limit");
    if (lim && !json_is_null(lim)) {
        if (!json_is_integer(lim) || json_integer_value(lim) < 1 ||
            json_integer_value(lim) > REC_MAX_LIMIT) {
            srv_error(out, 400, "%s.limit: must be an integer from 1 to %d", path, REC_MAX_LIMIT);
            return NULL;
        }
        limit = (size_t)json_integer_value(lim);
    }
    json_t *props = json_object_get(qv, "properties");
    if (props && !json_is_null(props)) {
        if (!json_is_array(props)) {
            srv_error(out, 400, "%s.properties: must be a list of {\"pid\", \"v\"}", path);
            return NULL;
        }
        for (size_t i = 0; i < json_array_size(props); i++) {
            json_t *p = json_array_get(props, i), *pid = json_object_get(p, "pid"),
                   *v = json_object_get(p, "v");
            snprintf(ppath, sizeof ppath, "%s.properties[%zu]", path, i);
            if (!json_is_object(p) || !json_is_string(pid)) {
                srv_error(out, 400, "%s.pid: must be a string", ppath);
                return NULL;
            }
            if (json_is_object(v))
                v = json_object_get(v, "id");
            snprintf(ppath, sizeof ppath, "%s.properties[%zu].v", path, i);
            if (!v || srv_query_add_json(r, out, w->q, json_string_value(pid), v, ppath))
                return v ? NULL : (srv_error(out, 400, "%s: missing", ppath), NULL);
        }
    }
    const char *ds = r->arg && strcmp(r->arg, "default") != 0 ? r->arg : NULL;
    st = emb_query_set_limit(w->q, limit);
    if (st == EMB_OK && ds)
        st = emb_query_set_dataset(w->q, ds, strlen(ds), &err);
    if (st == EMB_OK)
        st = emb_query_run(w->q, &err);
    if (st != EMB_OK) {
        srv_error(out,
                  st == EMB_ENOMEM      ? 503
                  : st == EMB_EINTERNAL ? 500
                                        : 400,
                  "%s: %s", path, err.message[0] ? err.message : emb_strerror(st));
        return NULL;
    }
    r->nqueries++;
    return json_pack("{s:o}", "result", candidates(r, w, limit));
}

static void run_queries(srv_req *r, srv_resp *out, json_t *queries)
{
    size_t nq = json_object_size(queries);
    if (nq > r->st->cfg.max_batch) {
        srv_error(out, 413, "queries: %zu queries, at most %zu per request", nq,
                  r->st->cfg.max_batch);
        return;
    }
    srv_worker *w = srv_req_worker(r, out);
    if (!w)
        return;
    json_t *res = json_object();
    const char *key;
    json_t *qv;
    size_t done = 0;
    json_object_foreach(queries, key, qv)
    {
        if (srv_now_us() > r->deadline) {
            srv_error(out, 503, "request time limit of %u ms exceeded after %zu of %zu queries",
                      r->st->cfg.timeout_ms, done, nq);
            json_decref(res);
            return;
        }
        if (done)
            srv_worker_pause(r->st);
        json_t *one = run_query(r, out, w, key, qv);
        if (!one) {
            json_decref(res);
            return;
        }
        json_object_set_new(res, key, one);
        done++;
    }
    srv_json(out, 200, res);
}

/* ---- data extension ---- */

typedef struct pinfo {
    const char *id, *name;
} pinfo;

static const pinfo common_props[] = {
    {"name", "Name"},         {"alias", "Other name"},    {"country", "Country"},
    {"topics", "Topics"},     {"program", "Program"},     {"sourceUrl", "Source link"},
    {"notes", "Notes"},       {"address", "Address"},     {"idNumber", "ID number"},
    {"createdAt", "Created"}, {"modifiedAt", "Modified"},
};
static const pinfo person_props[] = {
    {"birthDate", "Birth date"},
    {"birthPlace", "Place of birth"},
    {"nationality", "Nationality"},
    {"citizenship", "Citizenship"},
    {"passportNumber", "Passport number"},
    {"gender", "Gender"},
    {"position", "Position"},
    {"firstName", "First name"},
    {"lastName", "Last name"},
};
static const pinfo org_props[] = {
    {"jurisdiction", "Jurisdiction"},
    {"registrationNumber", "Registration number"},
    {"incorporationDate", "Incorporation date"},
    {"taxNumber", "Tax number"},
};
static const pinfo vessel_props[] = {
    {"imoNumber", "IMO number"}, {"mmsi", "MMSI"}, {"flag", "Flag"},
    {"callSign", "Call sign"},   {"type", "Type"},
};

static void add_props(json_t *arr, const pinfo *p, size_t n, size_t *count, size_t limit)
{
    for (size_t i = 0; i < n && *count < limit; i++, (*count)++)
        json_array_append_new(arr, json_pack("{s:s, s:s}", "id", p[i].id, "name", p[i].name));
}

void srv_h_propose(srv_req *r, srv_resp *out)
{
    size_t limit;
    if (resolve(r, out) || srv_arg_size(r, out, "limit", 1, 100, 100, &limit))
        return;
    const char *type = srv_arg(r, "type");
    emb_schema s = EMB_SCHEMA_LEGAL_ENTITY;
    if (type && type[0] && emb_schema_parse(type, strlen(type), &s) != EMB_OK) {
        srv_error(out, 400, "type: unknown type '%.60s'", type);
        return;
    }
    json_t *arr = json_array();
    size_t count = 0;
    add_props(arr, common_props, sizeof common_props / sizeof common_props[0], &count, limit);
    if (s == EMB_SCHEMA_PERSON || s == EMB_SCHEMA_LEGAL_ENTITY || s == EMB_SCHEMA_THING)
        add_props(arr, person_props, sizeof person_props / sizeof person_props[0], &count, limit);
    if (s == EMB_SCHEMA_ORGANIZATION || s == EMB_SCHEMA_COMPANY || s == EMB_SCHEMA_LEGAL_ENTITY ||
        s == EMB_SCHEMA_THING)
        add_props(arr, org_props, sizeof org_props / sizeof org_props[0], &count, limit);
    if (s == EMB_SCHEMA_VESSEL || s == EMB_SCHEMA_AIRPLANE || s == EMB_SCHEMA_THING)
        add_props(arr, vessel_props, sizeof vessel_props / sizeof vessel_props[0], &count, limit);
    srv_json(out, 200,
             json_pack("{s:s, s:o, s:I}", "type", emb_schema_name(s), "properties", arr, "limit",
                       (json_int_t)limit));
}

static void extend(srv_req *r, srv_resp *out, json_t *ext)
{
    json_t *ids = json_object_get(ext, "ids"), *props = json_object_get(ext, "properties");
    if (!json_is_array(ids)) {
        srv_error(out, 400, "extend.ids: must be a list of entity ids");
        return;
    }
    if (!json_is_array(props)) {
        srv_error(out, 400, "extend.properties: must be a list of {\"id\"}");
        return;
    }
    if (json_array_size(ids) > REC_MAX_EXTEND_IDS) {
        srv_error(out, 413, "extend.ids: more than %d ids", REC_MAX_EXTEND_IDS);
        return;
    }
    if (json_array_size(props) > REC_MAX_EXTEND_PROPS) {
        srv_error(out, 413, "extend.properties: more than %d properties", REC_MAX_EXTEND_PROPS);
        return;
    }
    for (size_t j = 0; j < json_array_size(props); j++)
        if (!json_is_string(json_object_get(json_array_get(props, j), "id"))) {
            srv_error(out, 400, "extend.properties[%zu].id: must be a string", j);
            return;
        }
    for (size_t i = 0; i < json_array_size(ids); i++)
        if (!json_is_string(json_array_get(ids, i))) {
            srv_error(out, 400, "extend.ids[%zu]: must be a string", i);
            return;
        }
    json_t *meta = json_array(), *rows = json_object();
    for (size_t j = 0; j < json_array_size(props); j++) {
        const char *pid = json_string_value(json_object_get(json_array_get(props, j), "id"));
        json_array_append_new(meta, json_pack("{s:s, s:s}", "id", pid, "name", pid));
    }
    for (size_t i = 0; i < json_array_size(ids); i++) {
        json_t *idv = json_array_get(ids, i);
        json_t *row = json_object();
        uint32_t idx = 0;
        int found = emb_entity_find(r->gen->s, json_string_value(idv), json_string_length(idv),
                                    &idx) == EMB_OK;
        for (size_t j = 0; j < json_array_size(props); j++) {
            const char *pid = json_string_value(json_object_get(json_array_get(props, j), "id"));
            json_t *vals = json_array();
            size_t n = found ? emb_entity_prop_count(r->gen->s, idx) : 0;
            for (size_t k = 0; k < n; k++) {
                emb_str name, value;
                if (emb_entity_prop(r->gen->s, idx, k, &name, &value) != EMB_OK ||
                    name.len != strlen(pid) || memcmp(name.ptr, pid, name.len) != 0)
                    continue;
                json_array_append_new(vals, json_pack("{s:s%}", "str", value.ptr, value.len));
            }
            json_object_set_new(row, pid, vals);
        }
        json_object_set_new(rows, json_string_value(idv), row);
    }
    srv_json(out, 200, json_pack("{s:o, s:o}", "meta", meta, "rows", rows));
}

void srv_h_reconcile(srv_req *r, srv_resp *out)
{
    if (resolve(r, out))
        return;
    int bad = 0;
    json_t *root = NULL, *queries = NULL, *ext = NULL;
    const char *ct = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, "Content-Type");
    if (r->body_len && ct && strncasecmp(ct, "application/json", 16) == 0) {
        if (!(root = srv_body_object(r, out, "")))
            return;
        ext = json_incref(json_object_get(root, "extend"));
        queries = json_object_get(root, "queries");
        queries = json_incref(queries ? queries : ext ? NULL : root);
        if (queries && !json_is_object(queries)) {
            srv_error(out, 400, "queries: must be an object of named queries");
            goto done;
        }
    } else {
        queries = json_param(r, out, "queries", &bad);
        if (bad)
            goto done;
        ext = json_param(r, out, "extend", &bad);
        if (bad)
            goto done;
    }
    if (ext)
        extend(r, out, ext);
    else if (queries)
        run_queries(r, out, queries);
    else
        manifest(r, out);
done:
    json_decref(queries);
    json_decref(ext);
    json_decref(root);
}

void srv_h_suggest(srv_req *r, srv_resp *out)
{
    size_t limit;
    emb_error err;
    if (resolve(r, out) || srv_arg_size(r, out, "limit", 1, REC_MAX_LIMIT, 10, &limit))
        return;
    const char *prefix = srv_arg(r, "prefix");
    if (!prefix || !prefix[0]) {
        srv_error(out, 400, "prefix: required");
        return;
    }
    srv_worker *w = srv_req_worker(r, out);
    if (!w)
        return;
    emb_query_reset(w->q);
    memset(&err, 0, sizeof err);
    const char *ds = r->arg && strcmp(r->arg, "default") != 0 ? r->arg : NULL;
    emb_status st = emb_query_add(w->q, "name", 4, prefix, strlen(prefix), &err);
    if (st == EMB_OK)
        st = emb_query_set_limit(w->q, limit);
    if (st == EMB_OK)
        st = emb_query_set_threshold(w->q, 0.0);
    if (st == EMB_OK && ds)
        st = emb_query_set_dataset(w->q, ds, strlen(ds), &err);
    if (st == EMB_OK)
        st = emb_query_run(w->q, &err);
    if (st != EMB_OK) {
        srv_error(out, st == EMB_ENOMEM ? 503 : 400, "prefix: %s",
                  err.message[0] ? err.message : emb_strerror(st));
        return;
    }
    r->nqueries = 1;
    json_t *arr = candidates(r, w, limit);
    /* suggest answers carry id, name, description (no score/match) */
    size_t i;
    json_t *c;
    json_array_foreach(arr, i, c)
    {
        json_object_del(c, "score");
        json_object_del(c, "match");
        json_object_del(c, "type");
    }
    srv_json(out, 200, json_pack("{s:o}", "result", arr));
}
