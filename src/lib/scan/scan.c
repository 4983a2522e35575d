/*
 * scan.c - the public scanner (embargo.h, "Scanning"): the handle, the
 * table of list BICs, the hit store and the per-field-kind screens.
 *
 * At emb_scan_new every entity's swiftBic values are read once into a
 * sorted array keyed by the first 8 characters (institution + country +
 * location), so a BIC11 in a message also finds a list BIC8 and the
 * reverse.  Hits keep copies of their strings in one pool that is reset
 * by every run, so the caller's buffer may go away after emb_scan_run.
 * Field kinds and what each screens: docs/scan.md.
 */
#include "scan_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "../base/utf8.h"
#include "../score/analyze.h"
#include "../snapshot/snapshot.h"

emb_status emb_scan_format_parse(const char *s, size_t len, emb_scan_format *out)
{
    static const char *const names[] = {"auto", "text", "mt", "iso20022"};
    if (!s || !out)
        return EMB_EARG;
    if (len == EMB_NUL)
        len = strlen(s);
    for (size_t i = 0; i < 4; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
            *out = (emb_scan_format)i;
            return EMB_OK;
        }
    if (len == 3 && memcmp(s, "iso", 3) == 0) {
        *out = EMB_SCAN_ISO20022;
        return EMB_OK;
    }
    return EMB_ENOTFOUND;
}

const char *emb_scan_format_name(emb_scan_format f)
{
    switch (f) {
    case EMB_SCAN_AUTO:
        return "auto";
    case EMB_SCAN_TEXT:
        return "text";
    case EMB_SCAN_MT:
        return "mt";
    case EMB_SCAN_ISO20022:
        return "iso20022";
    }
    return NULL;
}

const char *emb_scan_kind_name(emb_scan_kind k)
{
    switch (k) {
    case EMB_HIT_NAME:
        return "name";
    case EMB_HIT_BIC:
        return "bic";
    case EMB_HIT_COUNTRY:
        return "country";
    }
    return NULL;
}

static int upper_alnum(char c, char *o)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        *o = c;
        return 1;
    }
    return 0;
}

/* Folds a BIC (upper case, spaces dropped) into out; returns its length
 * when it is 8 or 11 alphanumerics with letters in the country code. */
static size_t fold_bic(const char *s, size_t n, char out[11])
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c;
        if (s[i] == ' ')
            continue;
        if (!upper_alnum(s[i], &c) || k == 11)
            return 0;
        out[k++] = c;
    }
    if (k != 8 && k != 11)
        return 0;
    if (out[4] < 'A' || out[4] > 'Z' || out[5] < 'A' || out[5] > 'Z')
        return 0;
    return k;
}

static int cmp_bic(const void *a, const void *b)
{
    const emb__bic *x = a, *y = b;
    int c = memcmp(x->bic, y->bic, 8);
    if (c)
        return c;
    return (x->entity > y->entity) - (x->entity < y->entity);
}

static emb_status load_bics(emb_scan *sc)
{
    emb_snapshot_info info;
    emb_snapshot_get_info(sc->snap, &info);
    size_t cap = 0;
    for (uint32_t e = 0; e < info.entity_count; e++) {
        size_t np = emb_entity_prop_count(sc->snap, e);
        for (size_t j = 0; j < np; j++) {
            emb_str name, value;
            if (emb_entity_prop(sc->snap, e, j, &name, &value))
                continue;
            if (name.len != 8 || memcmp(name.ptr, "swiftBic", 8) != 0)
                continue;
            char b[11];
            size_t bl = fold_bic(value.ptr, value.len, b);
            if (!bl)
                continue;
            if (sc->nbics == cap) {
                size_t nc = cap ? cap * 2 : 256;
                emb__bic *nb = emb__realloc(sc->bics, emb__mul(nc, sizeof *nb));
                if (!nb)
                    return EMB_ENOMEM;
                sc->bics = nb;
                cap = nc;
            }
            emb__bic *d = &sc->bics[sc->nbics++];
            memcpy(d->bic, b, bl);
            d->len = (uint8_t)bl;
            d->entity = e;
        }
    }
    if (sc->nbics)
        qsort(sc->bics, sc->nbics, sizeof *sc->bics, cmp_bic);
    return EMB_OK;
}

emb_status emb_scan_new(emb_scan **out, const emb_snapshot *s, const char *rules, emb_error *err)
{
    if (!out || !s)
        return emb__errf(err, EMB_EARG, "scan: snapshot is NULL");
    *out = NULL;
    emb_status st;
    emb_scan *sc = emb__calloc(1, sizeof *sc);
    if (!sc)
        return emb__errf(err, EMB_ENOMEM, "scan: out of memory");
    sc->snap = s;
    sc->ix = s->index;
    sc->threshold = EMB_SCAN_DEFAULT_THRESHOLD;
    if ((st = emb_query_new(&sc->q, s, err)))
        goto fail;
    if ((st = emb__analyzer_new(&sc->an))) {
        emb__errf(err, st, "scan: cannot create the name analyzer");
        goto fail;
    }
    if (!sc->ix) {
        st = emb__errf(err, EMB_ECORRUPT, "scan: snapshot has no name index");
        goto fail;
    }
    if ((st = emb__scan_text_prepare(sc))) {
        emb__errf(err, st, "scan: out of memory indexing name postings");
        goto fail;
    }
    if ((st = load_bics(sc))) {
        emb__errf(err, st, "scan: out of memory reading BICs");
        goto fail;
    }
    if (rules && (st = emb__rules_load(&sc->rules, rules, err)))
        goto fail;
    *out = sc;
    return EMB_OK;
fail:
    emb_scan_free(sc);
    return st;
}

void emb_scan_free(emb_scan *sc)
{
    if (!sc)
        return;
    emb_query_free(sc->q);
    emb__analyzer_free(sc->an);
    emb__rules_free(&sc->rules);
    emb__free(sc->bics);
    emb__free(sc->hits);
    emb__free(sc->pool);
    emb__free(sc->toks);
    emb__free(sc->norm);
    emb__free(sc->cand);
    emb__free(sc->seen);
    emb__free(sc->win);
    emb__free(sc->explain);
    emb__scan_qcache_clear(sc);
    emb__free(sc->pmeta);
    emb__free(sc->wsig);
    emb__free(sc);
}

emb_status emb_scan_set_threshold(emb_scan *sc, double threshold)
{
    if (!sc || !(threshold >= 0.0 && threshold <= 1.0))
        return EMB_EARG;
    if (threshold != sc->threshold)
        emb__scan_qcache_clear(sc);
    sc->threshold = threshold;
    return EMB_OK;
}

size_t emb_scan_rule_count(const emb_scan *sc)
{
    return sc ? sc->rules.n : 0;
}

emb_scan_format emb_scan_last_format(const emb_scan *sc)
{
    return sc ? sc->last_format : EMB_SCAN_AUTO;
}

size_t emb_scan_message_count(const emb_scan *sc)
{
    return sc ? sc->messages : 0;
}

size_t emb_scan_hits_dropped(const emb_scan *sc)
{
    return sc ? sc->dropped : 0;
}

/* ---- hits ---- */

static size_t pool_add(emb_scan *sc, const char *s, size_t n)
{
    if (sc->oom)
        return 0;
    if (sc->pool_len + n + 1 > sc->pool_cap) {
        size_t nc = sc->pool_cap ? sc->pool_cap : 4096;
        while (nc < sc->pool_len + n + 1)
            nc *= 2;
        char *np = emb__realloc(sc->pool, nc);
        if (!np) {
            sc->oom = EMB_ENOMEM;
            return 0;
        }
        sc->pool = np;
        sc->pool_cap = nc;
    }
    size_t at = sc->pool_len;
    if (n)
        memcpy(sc->pool + at, s, n);
    sc->pool[at + n] = '\0';
    sc->pool_len += n + 1;
    return at;
}

void emb__scan_add(emb_scan *sc, emb_scan_kind kind, const char *path, size_t plen,
                   const char *text, size_t len, size_t start, size_t end, uint32_t entity,
                   double score, double name_score, const char *rule, const char *label,
                   size_t label_len, const char *explain, size_t explain_len)
{
    if (sc->oom)
        return;
    /* the same entity or rule on an overlapping span of the same field is
     * one hit: keep the better, and of two as good the longer span (the
     * whole name: a part of it would be pruned as inside another entity's
     * hit on the whole) */
    for (size_t i = sc->nhits; i-- > 0;) {
        emb__scan_hit *h = &sc->hits[i];
        if (h->message != sc->message)
            break;
        if (h->kind != kind || h->entity != entity || h->text_len != len || h->field_len != plen ||
            memcmp(sc->pool + h->field, path, plen) != 0 ||
            memcmp(sc->pool + h->text, text, len) != 0)
            continue;
        if (kind == EMB_HIT_COUNTRY &&
            (h->rule_len != strlen(rule) || memcmp(sc->pool + h->rule, rule, h->rule_len)))
            continue;
        if (start < h->end && h->start < end) {
            if (score > h->score || (score == h->score && end - start > h->end - h->start)) {
                h->score = score;
                h->name_score = name_score;
                h->start = start;
                h->end = end;
                h->explain = pool_add(sc, explain, explain_len);
                h->explain_len = explain_len;
            }
            return;
        }
    }
    if (sc->hits_msg != sc->message) {
        sc->hits_msg = sc->message;
        sc->msg_hits = 0;
    }
    if (sc->msg_hits == EMB_SCAN_MAX_HITS) {
        /* counted, and reported (emb_scan_hits_dropped): once per span of
         * a field, as the hit it would have been (several rules or
         * entities on one span merge into one hit when kept) */
        if (sc->drop_seq != sc->field_seq + 1 || sc->drop_start != start || sc->drop_end != end)
            sc->dropped++;
        sc->drop_seq = sc->field_seq + 1;
        sc->drop_start = start;
        sc->drop_end = end;
        return;
    }
    if (sc->nhits == sc->cap_hits) {
        size_t nc = sc->cap_hits ? sc->cap_hits * 2 : 32;
        emb__scan_hit *nh = emb__realloc(sc->hits, emb__mul(nc, sizeof *nh));
        if (!nh) {
            sc->oom = EMB_ENOMEM;
            return;
        }
        sc->hits = nh;
        sc->cap_hits = nc;
    }
    emb__scan_hit *h = &sc->hits[sc->nhits];
    memset(h, 0, sizeof *h);
    h->kind = kind;
    h->message = sc->message;
    sc->msg_hits++;
    h->field = pool_add(sc, path, plen);
    h->field_len = plen;
    h->text = pool_add(sc, text, len);
    h->text_len = len;
    h->start = start;
    h->end = end;
    h->entity = entity;
    h->score = score;
    h->name_score = name_score;
    rule = rule ? rule : "";
    h->rule_len = strlen(rule);
    h->rule = pool_add(sc, rule, h->rule_len);
    h->label = pool_add(sc, label ? label : "", label ? label_len : 0);
    h->label_len = label ? label_len : 0;
    h->explain = pool_add(sc, explain, explain_len);
    h->explain_len = explain_len;
    h->order = sc->nhits;
    h->fseq = sc->field_seq;
    if (!sc->oom)
        sc->nhits++;
}

size_t emb_scan_hit_count(const emb_scan *sc)
{
    return sc ? sc->nhits : 0;
}

emb_status emb_scan_hit_get(const emb_scan *sc, size_t i, emb_scan_hit *out)
{
    if (!sc || !out || i >= sc->nhits)
        return EMB_EARG;
    const emb__scan_hit *h = &sc->hits[i];
    out->kind = h->kind;
    out->message = h->message;
    out->field = (emb_str){sc->pool + h->field, h->field_len};
    out->text = (emb_str){sc->pool + h->text, h->text_len};
    out->start = h->start;
    out->end = h->end;
    out->entity = h->entity;
    out->score = h->score;
    out->name_score = h->name_score;
    out->rule = (emb_str){sc->pool + h->rule, h->rule_len};
    out->label = (emb_str){sc->pool + h->label, h->label_len};
    return EMB_OK;
}

emb_status emb_scan_hit_explain(const emb_scan *sc, size_t i, char *buf, size_t cap, size_t *need)
{
    if (!sc || i >= sc->nhits || (!buf && cap))
        return EMB_EARG;
    const emb__scan_hit *h = &sc->hits[i];
    if (need)
        *need = h->explain_len;
    if (cap == 0)
        return EMB_ECAP;
    size_t n = h->explain_len < cap - 1 ? h->explain_len : cap - 1;
    memcpy(buf, sc->pool + h->explain, n);
    buf[n] = '\0';
    return n == h->explain_len ? EMB_OK : EMB_ECAP;
}

/* ---- positions ---- */

void emb__scan_pos(const char *data, size_t off, uint64_t *line, uint64_t *col)
{
    uint64_t l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* ---- field screens ---- */

/* Appends a JSON string body (no quotes) of s to b; returns new length. */
static size_t json_str(char *b, size_t at, size_t cap, const char *s, size_t n)
{
    for (size_t i = 0; i < n && at + 7 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            b[at++] = '\\';
            b[at++] = (char)c;
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            b[at++] = '\\';
            b[at++] = 'u';
            b[at++] = '0';
            b[at++] = '0';
            b[at++] = hex[c >> 4];
            b[at++] = hex[c & 15];
        } else {
            b[at++] = (char)c;
        }
    }
    b[at] = '\0';
    return at;
}

static size_t cat(char *b, size_t at, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (at + n + 1 > cap)
        n = cap > at + 1 ? cap - at - 1 : 0;
    memcpy(b + at, s, n);
    b[at + n] = '\0';
    return at + n;
}

void emb__scan_rule_hit(emb_scan *sc, const emb__rule *r, const char *path, size_t plen,
                        const char *text, size_t len, size_t start, size_t end, const char *how)
{
    char ex[1024];
    size_t at = 0;
    at = cat(ex, at, sizeof ex, "{\"rule\":\"");
    at = json_str(ex, at, sizeof ex, r->code, strlen(r->code));
    at = cat(ex, at, sizeof ex, "\",\"kind\":\"");
    at = json_str(ex, at, sizeof ex, r->kind, strlen(r->kind));
    at = cat(ex, at, sizeof ex, "\",\"name\":\"");
    at = json_str(ex, at, sizeof ex, r->display, strlen(r->display));
    at = cat(ex, at, sizeof ex, "\",\"matched\":\"");
    at = json_str(ex, at, sizeof ex, text + start, end - start);
    at = cat(ex, at, sizeof ex, "\",\"how\":\"");
    at = cat(ex, at, sizeof ex, how);
    at = cat(ex, at, sizeof ex, "\",\"source\":\"");
    at = json_str(ex, at, sizeof ex, r->source, strlen(r->source));
    at = cat(ex, at, sizeof ex, "\"}");
    emb__scan_add(sc, EMB_HIT_COUNTRY, path, plen, text, len, start, end, UINT32_MAX, 1.0, 1.0,
                  r->code, r->display, strlen(r->display), ex, at);
}

static void screen_bic(emb_scan *sc, const char *path, size_t plen, const char *text, size_t len,
                       size_t off, size_t n)
{
    /* the BIC is the last 8/11-character word of the range (option A
     * fields put a party identifier line before it) */
    size_t e = off + n;
    while (e > off && (text[e - 1] == ' ' || text[e - 1] == '\r' || text[e - 1] == '\n'))
        e--;
    size_t s = e;
    while (s > off && text[s - 1] != ' ' && text[s - 1] != '\n' && text[s - 1] != '/')
        s--;
    char b[11];
    size_t bl = fold_bic(text + s, e - s, b);
    if (!bl)
        return;
    /* list BICs sharing the first 8 characters */
    size_t lo = 0, hi = sc->nbics;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(sc->bics[mid].bic, b, 8) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < sc->nbics && memcmp(sc->bics[i].bic, b, 8) == 0; i++) {
        const emb__bic *lb = &sc->bics[i];
        const char *how;
        double score;
        if (lb->len == bl && memcmp(lb->bic, b, bl) == 0) {
            how = "exact";
            score = 1.0;
        } else if (lb->len == 8 || bl == 8 || memcmp(lb->bic + 8, "XXX", 3) == 0 ||
                   memcmp(b + 8, "XXX", 3) == 0) {
            how = "institution (first 8 characters)";
            score = 1.0;
        } else {
            how = "another branch of the institution";
            score = 0.95;
        }
        char ex[512];
        size_t at = cat(ex, 0, sizeof ex, "{\"bic\":\"");
        at = json_str(ex, at, sizeof ex, b, bl);
        at = cat(ex, at, sizeof ex, "\",\"list_bic\":\"");
        at = json_str(ex, at, sizeof ex, lb->bic, lb->len);
        at = cat(ex, at, sizeof ex, "\",\"how\":\"");
        at = cat(ex, at, sizeof ex, how);
        at = cat(ex, at, sizeof ex, "\",\"property\":\"swiftBic\"}");
        emb__scan_add(sc, EMB_HIT_BIC, path, plen, text, len, s, e, lb->entity, score, 1.0, NULL,
                      lb->bic, lb->len, ex, at);
    }
    const emb__rule *r = emb__rules_code(&sc->rules, b + 4, 2, EMB_RULE_BIC);
    if (r)
        emb__scan_rule_hit(sc, r, path, plen, text, len, s + 4, s + 6,
                           "BIC country code (characters 5-6)");
}

static void screen_country(emb_scan *sc, const char *path, size_t plen, const char *text,
                           size_t len, size_t off, size_t n)
{
    size_t s = off, e = off + n;
    while (s < e && (text[s] == ' ' || text[s] == '\n' || text[s] == '\r' || text[s] == '\t'))
        s++;
    while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\n' || text[e - 1] == '\r' ||
                     text[e - 1] == '\t'))
        e--;
    if (e - s != 2)
        return;
    const emb__rule *r = emb__rules_code(&sc->rules, text + s, 2, EMB_RULE_COUNTRY_FIELD);
    if (r)
        emb__scan_rule_hit(sc, r, path, plen, text, len, s, e, "country code");
}

/* MT 50F/59F numbered lines: "1/" the name (its first line queried
 * whole), "2/" address, "3/CC/TOWN" country and town; names are also
 * looked for across all lines. */
static emb_status screen_struct(emb_scan *sc, const char *path, size_t plen, const char *text,
                                size_t len, size_t off, size_t n, emb_error *err)
{
    emb_status st;
    size_t e = off + n;
    int named = 0;
    for (size_t ls = off; ls < e;) {
        size_t le = ls;
        while (le < e && text[le] != '\n')
            le++;
        size_t ce = le;
        while (ce > ls && text[ce - 1] == '\r')
            ce--;
        if (ce - ls > 2 && text[ls + 1] == '/') {
            if (text[ls] == '1' && !named) {
                named = 1;
                if ((st = emb__scan_text(sc, path, plen, text, len, ls + 2, ce - ls - 2, 2, err)))
                    return st;
            } else if (text[ls] == '3' && ce - ls >= 4) {
                screen_country(sc, path, plen, text, len, ls + 2, 2);
            }
        }
        ls = le + 1;
    }
    if ((st = emb__scan_tokenize(sc, text, off, n)))
        return st;
    emb__scan_places(sc, path, plen, text, len, off, n, EMB_RULE_ADDRESS);
    return emb__scan_text(sc, path, plen, text, len, off, n, 0, err);
}

emb_status emb__scan_field(emb_scan *sc, const char *path, size_t plen, const char *text,
                           size_t len, size_t off, size_t n, emb__fkind kind, emb_error *err)
{
    emb_status st = EMB_OK;
    if (plen > EMB_SCAN_PATH_MAX)
        plen = EMB_SCAN_PATH_MAX;
    sc->field_seq++;
    switch (kind) {
    case EMB_F_BIC:
        screen_bic(sc, path, plen, text, len, off, n);
        break;
    case EMB_F_COUNTRY:
        screen_country(sc, path, plen, text, len, off, n);
        break;
    case EMB_F_ADDRESS:
        if ((st = emb__scan_tokenize(sc, text, off, n)))
            break;
        emb__scan_places(sc, path, plen, text, len, off, n, EMB_RULE_ADDRESS);
        break;
    case EMB_F_NAME:
        if ((st = emb__scan_tokenize(sc, text, off, n)))
            break;
        st = emb__scan_text(sc, path, plen, text, len, off, n, 1, err);
        break;
    case EMB_F_FREE:
        if ((st = emb__scan_tokenize(sc, text, off, n)))
            break;
        emb__scan_places(sc, path, plen, text, len, off, n, EMB_RULE_FREE_TEXT);
        st = emb__scan_text(sc, path, plen, text, len, off, n, 0, err);
        break;
    case EMB_F_STRUCT:
        st = screen_struct(sc, path, plen, text, len, off, n, err);
        break;
    case EMB_F_PARTY: {
        /* first line: the name, queried whole; every line: windows (long
         * names wrap); lines after the first: address places */
        size_t nl = off;
        while (nl < off + n && text[nl] != '\n')
            nl++;
        size_t l1 = nl - off;
        while (l1 > 0 && text[off + l1 - 1] == '\r')
            l1--;
        if (nl < off + n) {
            if ((st = emb__scan_tokenize(sc, text, nl, off + n - nl)))
                break;
            emb__scan_places(sc, path, plen, text, len, nl, off + n - nl, EMB_RULE_ADDRESS);
        }
        if ((st = emb__scan_tokenize(sc, text, off, n)))
            break;
        if (l1 && (st = emb__scan_text(sc, path, plen, text, len, off, l1, 2, err)))
            break;
        st = emb__scan_text(sc, path, plen, text, len, off, n, 0, err);
        break;
    }
    }
    if (!st && sc->oom)
        st = emb__errf(err, sc->oom, "scan: out of memory keeping hits");
    return st;
}

/* ---- running ---- */

static int cmp_hit(const void *a, const void *b)
{
    const emb__scan_hit *x = a, *y = b;
    if (x->message != y->message)
        return x->message < y->message ? -1 : 1;
    if (x->fseq != y->fseq)
        return x->fseq < y->fseq ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->order < y->order ? -1 : (x->order > y->order);
}

static emb_scan_format detect(const char *d, size_t n)
{
    size_t i = 0;
    if (n >= 3 && (unsigned char)d[0] == 0xEF && (unsigned char)d[1] == 0xBB &&
        (unsigned char)d[2] == 0xBF)
        i = 3;
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    if (i < n && d[i] == '<')
        return EMB_SCAN_ISO20022;
    if (i + 3 <= n && d[i] == '{' && d[i + 2] == ':' && d[i + 1] >= '1' && d[i + 1] <= '5')
        return EMB_SCAN_MT;
    if (i + 4 <= n && d[i] == ':' && d[i + 1] >= '0' && d[i + 1] <= '9' && d[i + 2] >= '0' &&
        d[i + 2] <= '9')
        return EMB_SCAN_MT;
    return EMB_SCAN_TEXT;
}

emb_status emb_scan_run(emb_scan *sc, const char *data, size_t len, emb_scan_format fmt,
                        emb_error *err)
{
    if (!sc || (!data && len))
        return emb__errf(err, EMB_EARG, "scan: NULL argument");
    sc->nhits = 0;
    sc->pool_len = 0;
    sc->oom = EMB_OK;
    sc->message = 0;
    sc->messages = 0;
    sc->msg_hits = 0;
    sc->hits_msg = 0;
    sc->dropped = 0;
    sc->drop_seq = 0;
    if (len > EMB_SCAN_MAX_INPUT)
        return emb__errf(err, EMB_ECAP, "scan: input of %zu bytes is over the %zu-byte cap", len,
                         EMB_SCAN_MAX_INPUT);
    size_t bad = emb__utf8_check(data, len);
    if (bad < len) {
        uint64_t l, c;
        emb__scan_pos(data, bad, &l, &c);
        return emb__err(err, EMB_EUTF8, NULL, l, c, bad, "invalid UTF-8 at byte %zu", bad);
    }
    if (fmt == EMB_SCAN_AUTO)
        fmt = detect(data, len);
    sc->last_format = fmt;
    emb_status st;
    switch (fmt) {
    case EMB_SCAN_MT:
        st = emb__scan_mt(sc, data, len, err);
        break;
    case EMB_SCAN_ISO20022:
        st = emb__scan_iso(sc, data, len, err);
        break;
    case EMB_SCAN_TEXT:
        sc->messages = 1;
        st = emb__scan_field(sc, "text", 4, data, len, 0, len, EMB_F_FREE, err);
        break;
    default:
        return emb__errf(err, EMB_EARG, "scan: unknown format %d", (int)fmt);
    }
    if (st) {
        sc->nhits = 0;
        return st;
    }
    if (sc->nhits > 1)
        qsort(sc->hits, sc->nhits, sizeof *sc->hits, cmp_hit);
    return EMB_OK;
}
