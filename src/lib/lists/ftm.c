/*
 * ftm.c - reader for FollowTheMoney entities as JSON lines, the way
 * OpenSanctions publishes them and `embargo export` writes them: one object
 * per line, {"id", "schema", "caption"?, "properties": {prop: [values]},
 * "datasets": [...], ...} (https://followthemoney.tech; docs/lists.md).
 *
 * Each line is parsed with jansson (json_loadb; a bad line is fatal and
 * named by line, column and byte offset).  Ids are kept as given (already
 * namespaced); each entity goes into the dataset its "datasets" list names
 * first (emb__ing_dataset), an entity with none into the file's own dataset
 * - to make that possible, lines without a "datasets" key are read in a
 * first sweep, before any switch of dataset.
 *
 * Person, Organization, Company, LegalEntity, Vessel and Airplane are
 * screened (PublicBody as Organization).  Every property is kept: known ones
 * under their props.h key (country and date values that are already codes
 * and ISO dates are kept as given; others go through the country/date
 * parsers), unknown ones by name.  The caption is made the first name.
 *
 * Other schemas are not screened.  Three are folded into the screened
 * entities of the same file where they point to one, in a second pass once
 * every entity is known:
 *   Sanction        program, programId, authority, listingDate (or
 *                   startDate), sourceUrl, reason (notes) onto `entity`;
 *   Address         its `full` text (or its parts joined) as the address of
 *                   every entity whose addressEntity names it;
 *   Passport/Identification  `number` as passportNumber/idNumber of
 *                   `holder`.
 * Everything else (Ownership, Family, Directorship, ...) and what cannot be
 * folded is counted as skipped with the reason.
 */
#include <string.h>

#include <jansson.h>

#include "../base/alloc.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/hash.h"
#include "../base/limits.h"
#include "ingest.h"
#include "jsonl.h"

enum { K_SANCTION = 1, K_ADDRESS, K_IDENT };

typedef struct deferred {
    size_t off, len;
    uint64_t line;
    int kind;
} deferred;

typedef struct addr_ref {
    uint32_t ent;
    const char *id;
    size_t len;
} addr_ref;

typedef struct addr_rec {
    const char *text;
    size_t len;
    size_t def; /* index in defs */
    const char *id;
    int used;
} addr_rec;

typedef struct ftm_ctx {
    emb__ingest *ing;
    const emb__file *f;
    emb__arena strings; /* ids and address texts kept across passes */
    emb__map ents;      /* id -> store index of screened entities */
    deferred *defs;
    size_t ndefs, adefs;
    addr_ref *refs;
    size_t nrefs, arefs;
    addr_rec *addrs;
    size_t naddrs, aaddrs;
    emb__map addr_ids; /* Address id -> index in addrs */
    emb__buf buf;
    char cur_ds[256];  /* dataset last made current (names are < 256 bytes) */
    size_t cur_ds_len; /* 0: none yet */
    size_t multi_ds;   /* entities naming more than one dataset */
    uint64_t multi_line;
} ftm_ctx;

typedef struct str {
    const char *s;
    size_t n;
} str;

static str jstr(const json_t *v)
{
    if (!json_is_string(v))
        return (str){NULL, 0};
    return (str){json_string_value(v), json_string_length(v)};
}

static int str_is(str a, const char *b)
{
    size_t n = strlen(b);
    return a.s && a.n == n && memcmp(a.s, b, n) == 0;
}

/* ---- line walking ---- */

/* Next non-blank line: [*off, *off + *len), without its line end and
 * outer spaces and tabs. */
static int next_line(const emb__file *f, emb__jsonl_it *it, size_t *off, size_t *len)
{
    size_t s, n;
    while (emb__jsonl_line(f, it, &s, &n)) {
        size_t t = s + n;
        while (t > s && (f->data[t - 1] == '\r' || f->data[t - 1] == ' ' || f->data[t - 1] == '\t'))
            t--;
        size_t b = s;
        while (b < t && (f->data[b] == ' ' || f->data[b] == '\t'))
            b++;
        if (b == t)
            continue;
        *off = b;
        *len = t - b;
        return 1;
    }
    return 0;
}

static int mem_has(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static emb_status parse_line(ftm_ctx *c, size_t off, size_t len, uint64_t line, json_t **out)
{
    *out = NULL;
    if (len > EMB_CAP_LINE)
        return emb__ing_fail(c->ing, EMB_ECAP, line, 0, off, "line longer than %zu bytes",
                             (size_t)EMB_CAP_LINE);
    json_error_t je;
    json_t *j = json_loadb(c->f->data + off, len, JSON_ALLOW_NUL, &je);
    if (!j) {
        emb_status st = json_error_code(&je) == json_error_invalid_utf8 ? EMB_EUTF8 : EMB_EPARSE;
        uint64_t col = je.column > 0 ? (uint64_t)je.column : 0;
        uint64_t pos = je.position > 0 ? (uint64_t)je.position : 0;
        return emb__ing_fail(c->ing, st, line, col, off + pos, "malformed JSON: %s", je.text);
    }
    if (!json_is_object(j)) {
        json_decref(j);
        return emb__ing_fail(c->ing, EMB_EPARSE, line, 1, off,
                             "expected one JSON object (an FtM entity) per line");
    }
    *out = j;
    return EMB_OK;
}

/* ---- values ---- */

static int is_code(str v)
{
    if (v.n < 2 || v.n > 10)
        return 0;
    for (size_t i = 0; i < v.n; i++)
        if (!((v.s[i] >= 'a' && v.s[i] <= 'z') || (v.s[i] == '-' && i > 0)))
            return 0;
    return 1;
}

static int digits(str v, size_t at, size_t n)
{
    if (at + n > v.n)
        return 0;
    for (size_t i = at; i < at + n; i++)
        if (v.s[i] < '0' || v.s[i] > '9')
            return 0;
    return 1;
}

/* YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by a time. */
static int is_iso_date(str v)
{
    if (!digits(v, 0, 4))
        return 0;
    if (v.n == 4)
        return 1;
    if (v.s[4] != '-' || !digits(v, 5, 2))
        return 0;
    if (v.n == 7)
        return 1;
    if (v.s[7] != '-' || !digits(v, 8, 2))
        return 0;
    if (v.n == 10)
        return 1;
    if (v.s[10] != 'T' && v.s[10] != ' ')
        return 0;
    for (size_t i = 11; i < v.n; i++) {
        char ch = v.s[i];
        if (!((ch >= '0' && ch <= '9') || ch == ':' || ch == '.' || ch == 'Z' || ch == '+' ||
              ch == '-'))
            return 0;
    }
    return 1;
}

static emb_status add_value(ftm_ctx *c, uint32_t ent, const char *key, size_t klen, str v)
{
    emb_prop p = emb__prop_lookup(key, klen);
    if (p == EMB_P__COUNT)
        return emb__ing_prop_named(c->ing, ent, key, klen, v.s, v.n);
    switch (emb__prop_kind(p)) {
    case EMB_KIND_COUNTRY:
        if (is_code(v))
            return emb__ing_prop(c->ing, ent, p, v.s, v.n);
        return emb__ing_country(c->ing, ent, p, v.s, v.n);
    case EMB_KIND_DATE:
        if (is_iso_date(v))
            return emb__ing_prop(c->ing, ent, p, v.s, v.n);
        return emb__ing_date(c->ing, ent, p, v.s, v.n, 0);
    default:
        return emb__ing_prop(c->ing, ent, p, v.s, v.n);
    }
}

/* Values of a property as an array (a lone string is accepted too). */
static size_t nvalues(const json_t *v)
{
    return json_is_array(v) ? json_array_size(v) : v ? 1 : 0;
}

static const json_t *value_at(const json_t *v, size_t i)
{
    return json_is_array(v) ? json_array_get(v, i) : v;
}

static str first_string(const json_t *v)
{
    for (size_t i = 0; i < nvalues(v); i++) {
        str s = jstr(value_at(v, i));
        if (s.s && s.n)
            return s;
    }
    return (str){NULL, 0};
}

/* ---- screened entities ---- */

static int screened(str schema, emb_schema *out)
{
    static const struct {
        const char *name;
        emb_schema s;
    } map[] = {{"Person", EMB_SCHEMA_PERSON},          {"Organization", EMB_SCHEMA_ORGANIZATION},
               {"Company", EMB_SCHEMA_COMPANY},        {"LegalEntity", EMB_SCHEMA_LEGAL_ENTITY},
               {"Vessel", EMB_SCHEMA_VESSEL},          {"Airplane", EMB_SCHEMA_AIRPLANE},
               {"PublicBody", EMB_SCHEMA_ORGANIZATION}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (str_is(schema, map[i].name)) {
            *out = map[i].s;
            return 1;
        }
    return 0;
}

/* Makes the entity's first dataset current (line != 0: first pass, count
 * entities naming several). */
static emb_status switch_dataset(ftm_ctx *c, const json_t *obj, uint64_t line)
{
    const json_t *ds = json_object_get(obj, "datasets");
    str first = first_string(ds);
    if (!first.s)
        return EMB_OK;
    if (line && nvalues(ds) > 1 && c->multi_ds++ == 0)
        c->multi_line = line;
    if (c->cur_ds_len && c->cur_ds_len == first.n && memcmp(c->cur_ds, first.s, first.n) == 0)
        return EMB_OK; /* already current: skip the lookup */
    emb_status st = emb__ing_dataset(c->ing, first.s, first.n);
    if (st == EMB_OK && first.n < sizeof c->cur_ds) {
        memcpy(c->cur_ds, first.s, first.n);
        c->cur_ds_len = first.n;
    } else if (st == EMB_EARG)
        return emb__ing_warn(c->ing,
                             "unusable dataset name '%.*s'; entity kept in the current "
                             "dataset",
                             (int)(first.n > 60 ? 60 : first.n), first.s);
    return st;
}

static emb_status remember(ftm_ctx *c, emb__map *m, str id, uint32_t value, const char **kept)
{
    char *k = emb__arena_strndup(&c->strings, id.s, id.n);
    if (!k)
        return EMB_ENOMEM;
    if (kept)
        *kept = k;
    return emb__map_put(m, k, id.n, value);
}

static emb_status add_entity(ftm_ctx *c, const json_t *obj, emb_schema schema, str id)
{
    emb__ingest *ing = c->ing;
    const json_t *props = json_object_get(obj, "properties");
    if (props && !json_is_object(props))
        return emb__ing_skip(ing,
                             "entity '%.*s': \"properties\" is not an object; record "
                             "dropped",
                             (int)(id.n > 80 ? 80 : id.n), id.s);
    const json_t *names = json_object_get(props, "name");
    str caption = jstr(json_object_get(obj, "caption"));
    if (!first_string(names).s && !(caption.s && caption.n))
        return emb__ing_skip(ing, "entity '%.*s' has no name; record dropped",
                             (int)(id.n > 80 ? 80 : id.n), id.s);
    uint32_t ent;
    emb_status st = emb__ing_entity(ing, schema, id.s, id.n, &ent);
    if (st == EMB_EARG || st == EMB_EUTF8)
        return emb__ing_skip(ing, "entity '%.*s': unusable or duplicate id; record dropped",
                             (int)(id.n > 80 ? 80 : id.n), id.s);
    if (st)
        return st;
    if ((st = remember(c, &c->ents, id, ent, NULL)) != EMB_OK)
        return st;

    /* the caption first when it is one of the names (or there are none) */
    int cap_in_names = 0;
    for (size_t i = 0; caption.s && i < nvalues(names); i++) {
        str v = jstr(value_at(names, i));
        cap_in_names |= v.s && v.n == caption.n && memcmp(v.s, caption.s, v.n) == 0;
    }
    if (caption.s && caption.n && (cap_in_names || !first_string(names).s))
        if ((st = emb__ing_prop(ing, ent, EMB_P_NAME, caption.s, caption.n)) != EMB_OK)
            return st;

    size_t bad = 0;
    const char *key;
    const json_t *vals;
    json_object_foreach((json_t *)props, key, vals)
    {
        size_t klen = strlen(key);
        for (size_t i = 0; i < nvalues(vals); i++) {
            str v = jstr(value_at(vals, i));
            if (!v.s) {
                bad++;
                continue;
            }
            if ((st = add_value(c, ent, key, klen, v)) != EMB_OK)
                return st;
            if (klen == 13 && memcmp(key, "addressEntity", 13) == 0 && v.n) {
                addr_ref r = {ent, emb__arena_strndup(&c->strings, v.s, v.n), v.n};
                if (!r.id)
                    return EMB_ENOMEM;
                EMB__VEC_PUSH(c->refs, c->nrefs, c->arefs, r, st);
                if (st)
                    return st;
            }
        }
    }
    if (bad)
        return emb__ing_warn(ing,
                             "entity '%.*s': %zu property values that are not strings "
                             "dropped",
                             (int)(id.n > 80 ? 80 : id.n), id.s, bad);
    return EMB_OK;
}

/* A malformed line met in sweep 0 may not be the first one of the file:
 * report the first malformed line before it (from sweep 1's share), if
 * any.  Returns that line's status, or st. */
static emb_status earliest_error(ftm_ctx *c, uint64_t before, emb_status st)
{
    emb__jsonl_it it = {0, 0};
    size_t off, len;
    while (next_line(c->f, &it, &off, &len) && it.line < before) {
        if (!mem_has(c->f->data + off, len, "\"datasets\""))
            continue;
        json_t *obj;
        emb_status st2 = parse_line(c, off, len, it.line, &obj);
        if (st2)
            return st2;
        json_decref(obj);
    }
    return st;
}

/* First pass over one line.  sweep 0 takes the lines without "datasets",
 * sweep 1 the others. */
static emb_status first_pass(ftm_ctx *c, int sweep)
{
    emb__jsonl_it it = {0, 0};
    size_t off, len;
    while (next_line(c->f, &it, &off, &len)) {
        if (mem_has(c->f->data + off, len, "\"datasets\"") != sweep)
            continue;
        emb__ing_line(c->ing, it.line);
        json_t *obj;
        emb_status st = parse_line(c, off, len, it.line, &obj);
        if (st) /* sweep 0 runs first but must not hide an earlier bad line */
            return sweep == 0 ? earliest_error(c, it.line, st) : st;
        /* the record counts in the dataset it names */
        if ((st = switch_dataset(c, obj, it.line)) != EMB_OK) {
            json_decref(obj);
            return st;
        }
        emb__ing_record(c->ing);
        str id = jstr(json_object_get(obj, "id"));
        str schema = jstr(json_object_get(obj, "schema"));
        emb_schema s;
        if (!id.s || !id.n)
            st = emb__ing_skip(c->ing, "entity without an \"id\"; record dropped");
        else if (!schema.s || !schema.n)
            st = emb__ing_skip(c->ing, "entity '%.*s' without a \"schema\"; record dropped",
                               (int)(id.n > 80 ? 80 : id.n), id.s);
        else if (screened(schema, &s))
            st = add_entity(c, obj, s, id);
        else if (str_is(schema, "Sanction") || str_is(schema, "Address") ||
                 str_is(schema, "Passport") || str_is(schema, "Identification")) {
            deferred d = {off, len, it.line,
                          str_is(schema, "Sanction")  ? K_SANCTION
                          : str_is(schema, "Address") ? K_ADDRESS
                                                      : K_IDENT};
            EMB__VEC_PUSH(c->defs, c->ndefs, c->adefs, d, st);
        } else
            st = emb__ing_skip(c->ing, "schema %.*s is not screened; record dropped",
                               (int)(schema.n > 60 ? 60 : schema.n), schema.s);
        json_decref(obj);
        if (st)
            return st;
    }
    return EMB_OK;
}

/* ---- folding ---- */

/* Appends to c->buf, cutting at its cap (ingest reports over-long values). */
static emb_status badd(ftm_ctx *c, const char *s, size_t n)
{
    size_t room = c->buf.cap - c->buf.len;
    return emb__buf_add(&c->buf, s, n < room ? n : room);
}

static emb_status fold_address(ftm_ctx *c, const json_t *obj, str id, size_t def)
{
    const json_t *props = json_object_get(obj, "properties");
    str full = first_string(json_object_get(props, "full"));
    emb_status st = EMB_OK;
    emb__buf_reset(&c->buf);
    if (full.s)
        st = badd(c, full.s, full.n);
    else {
        static const char *const parts[] = {"street", "street2", "city", "postalCode",
                                            "region", "country", NULL};
        for (size_t i = 0; parts[i] && !st; i++) {
            str v = first_string(json_object_get(props, parts[i]));
            if (!v.s)
                continue;
            if (c->buf.len)
                st = badd(c, ", ", 2);
            if (!st)
                st = badd(c, v.s, v.n);
        }
    }
    if (st)
        return st;
    addr_rec a = {NULL, c->buf.len, def, NULL, 0};
    char *t = emb__arena_strndup(&c->strings, c->buf.data ? c->buf.data : "", c->buf.len);
    if (!t)
        return EMB_ENOMEM;
    a.text = t;
    if ((st = remember(c, &c->addr_ids, id, (uint32_t)c->naddrs, &a.id)) != EMB_OK)
        return st;
    EMB__VEC_PUSH(c->addrs, c->naddrs, c->aaddrs, a, st);
    return st;
}

static emb_status fold_sanction(ftm_ctx *c, uint32_t ent, const json_t *props)
{
    static const struct {
        const char *from;
        emb_prop to;
    } map[] = {{"program", EMB_P_PROGRAM},      {"programId", EMB_P_PROGRAM_ID},
               {"authority", EMB_P_AUTHORITY},  {"listingDate", EMB_P_LISTING_DATE},
               {"sourceUrl", EMB_P_SOURCE_URL}, {"reason", EMB_P_NOTES}};
    emb_status st;
    for (size_t m = 0; m < sizeof map / sizeof map[0]; m++) {
        const json_t *vals = json_object_get(props, map[m].from);
        for (size_t i = 0; i < nvalues(vals); i++) {
            str v = jstr(value_at(vals, i));
            if (v.s && (st = add_value(c, ent, emb__prop_name(map[m].to),
                                       strlen(emb__prop_name(map[m].to)), v)) != EMB_OK)
                return st;
        }
    }
    if (!first_string(json_object_get(props, "listingDate")).s) {
        str v = first_string(json_object_get(props, "startDate"));
        if (v.s && (st = add_value(c, ent, "listingDate", 11, v)) != EMB_OK)
            return st;
    }
    return emb__ing_prop(c->ing, ent, EMB_P_TOPICS, "sanction", 8);
}

static emb_status fold_ident(ftm_ctx *c, uint32_t ent, const json_t *obj, const json_t *props)
{
    str schema = jstr(json_object_get(obj, "schema"));
    str type = first_string(json_object_get(props, "type"));
    int passport = str_is(schema, "Passport");
    for (size_t i = 0; !passport && type.s && i + 7 <= type.n; i++)
        passport = strncmp(type.s + i, "assport", 7) == 0;
    const json_t *nums = json_object_get(props, "number");
    for (size_t i = 0; i < nvalues(nums); i++) {
        str v = jstr(value_at(nums, i));
        emb_status st;
        if (v.s &&
            (st = emb__ing_prop(c->ing, ent, passport ? EMB_P_PASSPORT_NUMBER : EMB_P_ID_NUMBER,
                                v.s, v.n)) != EMB_OK)
            return st;
    }
    return EMB_OK;
}

/* Folds one Sanction / Passport / Identification into its target(s). */
static emb_status fold_link(ftm_ctx *c, const json_t *obj, int kind, str id)
{
    const json_t *props = json_object_get(obj, "properties");
    const json_t *targets = json_object_get(props, kind == K_SANCTION ? "entity" : "holder");
    if (kind == K_IDENT && !first_string(json_object_get(props, "number")).s)
        return emb__ing_skip(c->ing, "%s '%.*s' has no number; record dropped",
                             json_string_value(json_object_get(obj, "schema")),
                             (int)(id.n > 80 ? 80 : id.n), id.s);
    size_t hit = 0;
    for (size_t i = 0; i < nvalues(targets); i++) {
        str t = jstr(value_at(targets, i));
        uint32_t ent;
        if (!t.s || !emb__map_get(&c->ents, t.s, t.n, &ent))
            continue;
        emb_status st =
            kind == K_SANCTION ? fold_sanction(c, ent, props) : fold_ident(c, ent, obj, props);
        if (st)
            return st;
        hit++;
    }
    if (!hit)
        return emb__ing_skip(c->ing,
                             "%s '%.*s' points to no screened entity of this file; "
                             "record dropped",
                             json_string_value(json_object_get(obj, "schema")),
                             (int)(id.n > 80 ? 80 : id.n), id.s);
    return EMB_OK;
}

static emb_status second_pass(ftm_ctx *c)
{
    emb_status st = EMB_OK;
    /* addresses first, so that links can find them */
    for (int round = 0; round < 2 && !st; round++) {
        for (size_t i = 0; i < c->ndefs && !st; i++) {
            const deferred *d = &c->defs[i];
            if ((d->kind == K_ADDRESS) != (round == 0))
                continue;
            emb__ing_line(c->ing, d->line);
            json_t *obj;
            if ((st = parse_line(c, d->off, d->len, d->line, &obj)) != EMB_OK)
                break;
            str id = jstr(json_object_get(obj, "id"));
            st = switch_dataset(c, obj, 0);
            if (!st)
                st = d->kind == K_ADDRESS ? fold_address(c, obj, id, i)
                                          : fold_link(c, obj, d->kind, id);
            json_decref(obj);
        }
        if (round == 0 && !st) {
            for (size_t i = 0; i < c->nrefs && !st; i++) {
                uint32_t a;
                if (!emb__map_get(&c->addr_ids, c->refs[i].id, c->refs[i].len, &a) ||
                    a >= c->naddrs)
                    continue;
                c->addrs[a].used = 1;
                st = emb__ing_prop(c->ing, c->refs[i].ent, EMB_P_ADDRESS, c->addrs[a].text,
                                   c->addrs[a].len);
            }
            for (size_t i = 0; i < c->naddrs && !st; i++) {
                if (c->addrs[i].used)
                    continue;
                /* counted in the Address's own dataset */
                const deferred *d = &c->defs[c->addrs[i].def];
                json_t *obj;
                if ((st = parse_line(c, d->off, d->len, d->line, &obj)) != EMB_OK)
                    break;
                st = switch_dataset(c, obj, 0);
                json_decref(obj);
                if (st)
                    break;
                emb__ing_line(c->ing, d->line);
                st = emb__ing_skip(c->ing,
                                   "Address '%.80s' is not the address of a screened "
                                   "entity of this file; record dropped",
                                   c->addrs[i].id);
            }
        }
    }
    return st;
}

emb_status emb__read_ftm(emb__ingest *ing, const emb__file *f)
{
    ftm_ctx c;
    memset(&c, 0, sizeof c);
    c.ing = ing;
    c.f = f;
    emb__arena_init(&c.strings, 65536, 0);
    emb__map_init(&c.ents);
    emb__map_init(&c.addr_ids);
    emb__buf_init(&c.buf, EMB_CAP_VALUE);

    emb_status st = first_pass(&c, 0);
    if (!st)
        st = first_pass(&c, 1);
    if (!st)
        st = second_pass(&c);
    if (!st && c.multi_ds) {
        emb__ing_line(ing, c.multi_line);
        st = emb__ing_warn(ing,
                           "%zu entities name more than one dataset (first here); each was "
                           "put in the first it names",
                           c.multi_ds);
    }
    emb__free(c.defs);
    emb__free(c.refs);
    emb__free(c.addrs);
    emb__map_destroy(&c.ents);
    emb__map_destroy(&c.addr_ids);
    emb__arena_destroy(&c.strings);
    emb__buf_destroy(&c.buf);
    return st;
}
