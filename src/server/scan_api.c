/*
 * scan_api.c - POST /scan: screens a payment message (SWIFT MT, ISO 20022)
 * or free text sent as {"text", "format", "threshold"} with the library's
 * scanner (emb_scan_*) and answers {"format", "messages", "hits",
 * "snapshot"}, each hit with its message, field, byte span, the matched
 * text, kind, entity or rule, scores and explanation.
 *
 * The scanner comes from the request's snapshot generation (gen.c pools
 * them per generation and makes them on demand, over --rules) and goes
 * back to the pool before the response is sent.  A bad body is answered
 * 400 naming the field; a message the scanner cannot parse 400 naming
 * line, column and byte offset; input over the scanner's cap 413; out of
 * memory 503.  Reference: docs/http.md and docs/scan.md.
 */
#include "srv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads "format" and "threshold" (both optional; null = absent).
 * Returns nonzero after setting a 400 naming the field. */
static int scan_options(json_t *root, srv_resp *out, emb_scan_format *fmt, double *threshold)
{
    *fmt = EMB_SCAN_AUTO;
    *threshold = EMB_SCAN_DEFAULT_THRESHOLD;
    json_t *f = json_object_get(root, "format");
    if (f && !json_is_null(f)) {
        if (!json_is_string(f) ||
            emb_scan_format_parse(json_string_value(f), json_string_length(f), fmt) != EMB_OK) {
            srv_error(out, 400, "format: must be one of \"auto\", \"text\", \"mt\", \"iso20022\"");
            return 1;
        }
    }
    json_t *t = json_object_get(root, "threshold");
    if (t && !json_is_null(t)) {
        double v = json_is_number(t) ? json_number_value(t) : -1.0;
        if (!(v >= 0.0 && v <= 1.0)) {
            srv_error(out, 400, "threshold: must be a number from 0 to 1");
            return 1;
        }
        *threshold = v;
    }
    return 0;
}

/* Sets the error response for a failed emb_scan_run. */
static void scan_error(srv_resp *out, emb_status st, const emb_error *err)
{
    const char *msg = err->message[0] ? err->message : emb_strerror(st);
    switch (st) {
    case EMB_EPARSE:
    case EMB_EUTF8:
        srv_error(out, 400, "text: %s (line %llu, column %llu, offset %llu)", msg,
                  (unsigned long long)err->line, (unsigned long long)err->column,
                  (unsigned long long)err->offset);
        break;
    case EMB_ECAP:
        srv_error(out, 413, "text: %s (at most %zu bytes)", msg, EMB_SCAN_MAX_INPUT);
        break;
    case EMB_ENOMEM:
        srv_error(out, 503, "out of memory");
        break;
    default:
        srv_error(out, 500, "text: %s", msg);
        break;
    }
}

/* The explanation of hit i as a JSON value ({} when there is none). */
static json_t *hit_explain(srv_scanner *s, size_t i)
{
    for (int tries = 0; tries < 4; tries++) {
        if (s->explain_cap == 0) {
            s->explain = malloc(4096);
            if (!s->explain)
                break;
            s->explain_cap = 4096;
        }
        size_t need = 0;
        emb_status st = emb_scan_hit_explain(s->sc, i, s->explain, s->explain_cap, &need);
        if (st == EMB_OK) {
            json_t *v = json_loadb(s->explain, strnlen(s->explain, s->explain_cap), 0, NULL);
            if (v)
                return v;
            break;
        }
        if (st != EMB_ECAP || need >= SRV_MAX_EXPLAIN || need < s->explain_cap)
            break;
        char *nb = realloc(s->explain, need + 1);
        if (!nb)
            break;
        s->explain = nb;
        s->explain_cap = need + 1;
    }
    return json_object();
}

/* Hit i as a JSON object; NULL when out of memory. */
static json_t *hit_json(const srv_gen *g, srv_scanner *s, size_t i)
{
    emb_scan_hit h;
    if (emb_scan_hit_get(s->sc, i, &h) != EMB_OK)
        return NULL;
    size_t end = h.end <= h.text.len ? h.end : h.text.len;
    size_t start = h.start <= end ? h.start : end;
    json_t *o =
        json_pack("{s:I, s:s%, s:[I,I], s:s%, s:s}", "message", (json_int_t)h.message, "field",
                  h.field.ptr ? h.field.ptr : "", h.field.len, "span", (json_int_t)h.start,
                  (json_int_t)h.end, "text", h.text.ptr ? h.text.ptr + start : "",
                  h.text.ptr ? end - start : 0, "kind", emb_scan_kind_name(h.kind));
    if (!o)
        return NULL;
    int bad = 0;
    if (h.entity != UINT32_MAX) {
        emb_str id = {"", 0}, cap = {"", 0};
        uint32_t ds = 0;
        if (emb_entity_id(g->s, h.entity, &id) == EMB_OK)
            bad |= json_object_set_new(o, "id", json_stringn(id.ptr, id.len));
        if (emb_entity_caption(g->s, h.entity, &cap) == EMB_OK)
            bad |= json_object_set_new(o, "caption", json_stringn(cap.ptr, cap.len));
        if (emb_entity_dataset(g->s, h.entity, &ds) == EMB_OK)
            bad |= json_object_set_new(o, "dataset", json_string(srv_gen_dataset(g, ds)));
    } else if (h.label.len) {
        bad |= json_object_set_new(o, "caption", json_stringn(h.label.ptr, h.label.len));
    }
    if (h.rule.len)
        bad |= json_object_set_new(o, "rule", json_stringn(h.rule.ptr, h.rule.len));
    bad |= json_object_set_new(o, "score", json_real(h.score));
    bad |= json_object_set_new(o, "name_score", json_real(h.name_score));
    bad |= json_object_set_new(o, "explanation", hit_explain(s, i));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Runs the scan on s and builds the response; returns nonzero after
 * setting an error. */
static int scan_with(srv_req *r, srv_resp *out, srv_scanner *s, const char *text, size_t len,
                     emb_scan_format fmt, double threshold)
{
    emb_error err;
    memset(&err, 0, sizeof err);
    if (threshold != s->threshold) {
        if (emb_scan_set_threshold(s->sc, threshold) != EMB_OK) {
            srv_error(out, 400, "threshold: must be a number from 0 to 1");
            return 1;
        }
        s->threshold = threshold;
    }
    emb_status st = emb_scan_run(s->sc, text, len, fmt, &err);
    r->nqueries++;
    if (st != EMB_OK) {
        scan_error(out, st, &err);
        return 1;
    }
    size_t n = emb_scan_hit_count(s->sc);
    json_t *hits = json_array();
    if (!hits) {
        srv_error(out, 503, "out of memory");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *h = hit_json(r->gen, s, i);
        if (!h || json_array_append_new(hits, h) != 0) {
            json_decref(hits);
            srv_error(out, 503, "out of memory");
            return 1;
        }
    }
    const char *fname = emb_scan_format_name(emb_scan_last_format(s->sc));
    srv_metrics_queries(1, n ? 1 : 0);
    srv_json(out, 200,
             json_pack("{s:s, s:I, s:o, s:I, s:f, s:s}", "format", fname ? fname : "?", "messages",
                       (json_int_t)emb_scan_message_count(s->sc), "hits", hits, "hits_dropped",
                       (json_int_t)emb_scan_hits_dropped(s->sc), "threshold", threshold, "snapshot",
                       r->gen->info.hash));
    return 0;
}

void srv_h_scan(srv_req *r, srv_resp *out)
{
    json_t *root = srv_body_object(r, out, " (expected {\"text\": \"...\"})");
    if (!root)
        return;
    emb_scan_format fmt;
    double threshold;
    json_t *text = json_object_get(root, "text");
    if (!text) {
        srv_error(out, 400, "text: missing (expected {\"text\": \"...\"})");
        goto done;
    }
    if (!json_is_string(text)) {
        srv_error(out, 400, "text: must be a string");
        goto done;
    }
    if (scan_options(root, out, &fmt, &threshold))
        goto done;
    emb_status st;
    emb_error err;
    memset(&err, 0, sizeof err);
    srv_scanner *s = srv_scanner_take(r->st, r->gen, &st, &err);
    if (!s) {
        if (st == EMB_ENOMEM) {
            srv_error(out, 503, "out of memory");
        } else {
            char ebuf[EMB_ERROR_MSG_MAX + EMB_ERROR_PATH_MAX + 64];
            if (!err.file[0] && r->st->cfg.rules)
                snprintf(err.file, sizeof err.file, "%s", r->st->cfg.rules);
            srv_error(out, 500, "scanner: %s", emb_error_format(&err, ebuf, sizeof ebuf));
        }
        goto done;
    }
    scan_with(r, out, s, json_string_value(text), json_string_length(text), fmt, threshold);
    srv_scanner_give(r->st, r->gen, s);
done:
    json_decref(root);
}
