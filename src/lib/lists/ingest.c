/*
 * ingest.c - the services readers use (ingest.h): value cleaning, entity
 * creation, country and date parsing, and the warning/skip/failure ledger.
 */
#include "ingest_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/limits.h"
#include "../base/utf8.h"
#include "../text/country.h"

void emb__ing_line(emb__ingest *ing, uint64_t line)
{
    ing->line = line;
}

void emb__ing_file(emb__ingest *ing, const char *path)
{
    char *c = emb__store_strdup(ing->store, path, strlen(path));
    ing->path = c ? c : ing->path;
}

const char *emb__ing_path(const emb__ingest *ing)
{
    return ing->path;
}

/* Length of the longest prefix of v (valid UTF-8) of at most max bytes that
 * ends on a character boundary: for quoting values in warnings. */
static int quote_len(const char *v, size_t n, size_t max)
{
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)v[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

static emb__dataset *cur_ds(emb__ingest *ing)
{
    return &ing->store->datasets[ing->dataset];
}

static emb_status ledger_msg(emb__ingest *ing, int skipped, const char *msg)
{
    emb__dataset *d = cur_ds(ing);
    d->warnings++;
    if (skipped)
        d->records_skipped++;
    emb__warnings *w = ing->warnings;
    w->total++;
    if (w->n >= EMB_CAP_WARNINGS_KEPT)
        return EMB_OK;
    char *reason = emb__store_strdup(ing->store, msg, strlen(msg));
    if (!reason)
        return EMB_ENOMEM;
    emb__warn_rec r = {ing->dataset, ing->path, ing->line, reason, skipped};
    emb_status st;
    EMB__VEC_PUSH(w->items, w->n, w->alloc, r, st);
    return st;
}

emb_status emb__ing_warn(emb__ingest *ing, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ledger_msg(ing, 0, msg);
}

emb_status emb__ing_skip(emb__ingest *ing, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    emb_status st = ledger_msg(ing, 1, msg);
    if (st)
        return st;
    if (ing->flags & EMB_BUILD_STRICT)
        return emb__err(ing->err, EMB_ESTRICT, ing->path, ing->line, 0, 0,
                        "record rejected (--strict): %s", msg);
    return EMB_OK;
}

emb_status emb__ing_fail(emb__ingest *ing, emb_status st, uint64_t line, uint64_t column,
                         uint64_t offset, const char *fmt, ...)
{
    if (ing->err) {
        char msg[EMB_ERROR_MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        emb__err(ing->err, st, ing->path, line, column, offset, "%s", msg);
    }
    return st;
}

void emb__ing_record(emb__ingest *ing)
{
    cur_ds(ing)->records_read++;
}

emb_status emb__ing_list_date(emb__ingest *ing, const char *iso, size_t n)
{
    char *c = emb__store_strdup(ing->store, iso, n);
    if (!c)
        return EMB_ENOMEM;
    cur_ds(ing)->list_date = c;
    return EMB_OK;
}

emb_status emb__ing_dataset(emb__ingest *ing, const char *name, size_t n)
{
    char tmp[256];
    if (n == 0 || n >= sizeof tmp)
        return EMB_EARG;
    memcpy(tmp, name, n);
    tmp[n] = '\0';
    uint16_t idx;
    emb__dataset *first = &ing->store->datasets[ing->first_dataset];
    emb_status st = emb__store_dataset(ing->store, tmp, tmp, first->format, &idx);
    if (st)
        return st;
    if (idx != ing->dataset) {
        emb__dataset *d = &ing->store->datasets[idx];
        first = &ing->store->datasets[ing->first_dataset];
        if (d->nsources == 0 && first->nsources) {
            void *p = d->sources;
            st = emb__grow(&p, &d->asources, 1, sizeof *d->sources);
            d->sources = p;
            if (st)
                return st;
            d->sources[0] = first->sources[0];
            d->nsources = 1;
        }
        ing->dataset = idx;
    }
    return EMB_OK;
}

emb_status emb__ing_entity(emb__ingest *ing, emb_schema schema, const char *id, size_t idlen,
                           uint32_t *ent)
{
    uint32_t idx;
    if (emb__store_find(ing->store, id, idlen, &idx)) {
        if (ing->store->ents[idx].dataset != ing->dataset) {
            emb_status st =
                emb__ing_warn(ing, "id '%.*s' is already used by another dataset; record dropped",
                              (int)(idlen > 200 ? 200 : idlen), id);
            return st ? st : EMB_EARG;
        }
        *ent = idx;
        return EMB_OK;
    }
    if (emb__utf8_check(id, idlen) != idlen)
        return EMB_EUTF8;
    for (size_t k = 0; k < idlen; k++)
        if ((unsigned char)id[k] < 0x20 || id[k] == 0x7F) {
            /* control characters: no id can hold them (readers drop a
             * record whose entity call answers EMB_EARG) */
            emb_status st = emb__ing_skip(ing, "id holds a control character; record dropped");
            return st ? st : EMB_EARG;
        }
    emb_status st = emb__store_add(ing->store, id, idlen, schema, ing->dataset, &idx);
    if (st)
        return st;
    *ent = idx;
    return EMB_OK;
}

int emb__ing_find(emb__ingest *ing, const char *id, size_t idlen, uint32_t *ent)
{
    uint32_t idx;
    if (!emb__store_find(ing->store, id, idlen, &idx))
        return 0;
    if (ing->store->ents[idx].dataset != ing->dataset)
        return 0;
    *ent = idx;
    return 1;
}

void emb__ing_schema(emb__ingest *ing, uint32_t ent, emb_schema schema)
{
    if (ent < ing->store->nents)
        ing->store->ents[ent].schema = (uint8_t)schema;
}

/* Trims, folds whitespace runs to one space, checks UTF-8 and length.
 * Writes into out (cap EMB_CAP_VALUE + 1).  Returns the cleaned length, or
 * (size_t)-1 for invalid UTF-8. */
static size_t clean_value(const char *v, size_t n, char *out, int *cut)
{
    *cut = 0;
    if (emb__utf8_check(v, n) != n)
        return (size_t)-1;
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
        /* U+00A0 no-break space */
        if (c == 0xC2 && i + 1 < n && (unsigned char)v[i + 1] == 0xA0) {
            ws = 1;
            i++;
        }
        if (ws) {
            space = o > 0;
            continue;
        }
        if (c == 0)
            continue;
        if (space) {
            if (o >= EMB_CAP_VALUE) {
                *cut = 1;
                break;
            }
            out[o++] = ' ';
            space = 0;
        }
        if (o >= EMB_CAP_VALUE) {
            *cut = 1;
            break;
        }
        out[o++] = (char)c;
    }
    if (*cut) { /* drop a character the cut left incomplete */
        size_t lead = o;
        while (lead > 0 && o - lead < 4 && ((unsigned char)out[lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead > 0) {
            unsigned char c = (unsigned char)out[lead - 1];
            size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (o - (lead - 1) < want)
                o = lead - 1;
        }
    }
    out[o] = '\0';
    return o;
}

static emb_status add_clean(emb__ingest *ing, uint32_t ent, uint32_t key, const char *keyname,
                            const char *v, size_t n)
{
    static _Thread_local char tmp[EMB_CAP_VALUE + 8];
    int cut;
    size_t m = clean_value(v, n, tmp, &cut);
    if (m == (size_t)-1) {
        size_t bad = emb__utf8_check(v, n);
        return emb__ing_warn(ing, "invalid UTF-8 at byte %zu of a '%s' value; value dropped", bad,
                             keyname);
    }
    if (m == 0)
        return EMB_OK;
    if (cut) {
        emb_status st =
            emb__ing_warn(ing, "'%s' value longer than %d bytes; cut", keyname, EMB_CAP_VALUE);
        if (st)
            return st;
    }
    emb_status st = emb__store_prop(ing->store, ent, key, tmp, m);
    if (st == EMB_ECAP)
        return emb__ing_warn(ing, "entity has more than %d values; '%s' value dropped",
                             EMB_CAP_PROPS_PER_ENTITY, keyname);
    return st;
}

emb_status emb__ing_prop(emb__ingest *ing, uint32_t ent, emb_prop p, const char *v, size_t n)
{
    if (!v)
        return EMB_OK;
    return add_clean(ing, ent, (uint32_t)p, emb__prop_name(p), v, n);
}

emb_status emb__ing_prop_named(emb__ingest *ing, uint32_t ent, const char *name, size_t nlen,
                               const char *v, size_t n)
{
    if (emb__utf8_check(name, nlen) != nlen || nlen == 0 || nlen > 128)
        return emb__ing_warn(ing, "invalid property name; value dropped");
    uint32_t key;
    emb_status st = emb__store_key(ing->store, name, nlen, &key);
    if (st)
        return st;
    return add_clean(ing, ent, key, emb__store_key_name(ing->store, key), v, n);
}

emb_status emb__ing_country(emb__ingest *ing, uint32_t ent, emb_prop p, const char *v, size_t n)
{
    char code[3];
    if (emb__utf8_check(v, n) != n)
        return emb__ing_warn(ing, "invalid UTF-8 in a '%s' value; value dropped",
                             emb__prop_name(p));
    size_t a = 0, b = n;
    while (a < b && isspace((unsigned char)v[a]))
        a++;
    while (b > a && isspace((unsigned char)v[b - 1]))
        b--;
    if (a == b)
        return EMB_OK;
    if (emb__country_code(v + a, b - a, code))
        return emb__store_prop(ing->store, ent, (uint32_t)p, code, 2);
    emb_status st = emb__ing_warn(ing, "unrecognised country '%.*s' in '%s'; kept as written",
                                  quote_len(v + a, b - a, 80), v + a, emb__prop_name(p));
    if (st)
        return st;
    return emb__ing_prop(ing, ent, p, v + a, b - a);
}

/* ---- dates ---- */

static int month_of(const char *s, size_t n)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3)
        return 0;
    for (int i = 0; i < 12; i++)
        if (tolower((unsigned char)s[0]) == m[i][0] && tolower((unsigned char)s[1]) == m[i][1] &&
            tolower((unsigned char)s[2]) == m[i][2])
            return i + 1;
    return 0;
}

typedef struct dtok {
    const char *s;
    size_t n;
    int num; /* 1 digits, 0 letters */
} dtok;

static int put_date(char *out, int y, int m, int d)
{
    if (y < 1000 || y > 2999)
        return 0;
    if (m < 0 || m > 12 || d < 0 || d > 31)
        return 0;
    if (m == 0)
        d = 0;
    if (d)
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    else if (m)
        snprintf(out, 8, "%04d-%02d", y, m);
    else
        snprintf(out, 5, "%04d", y);
    return 1;
}

static int toknum(const dtok *t)
{
    int v = 0;
    for (size_t i = 0; i < t->n && i < 5; i++)
        v = v * 10 + (t->s[i] - '0');
    return v;
}

/* Parses one date expression from tokens; returns count of ISO strings. */
static int parse_date_tokens(const dtok *t, size_t nt, int us, char out[][11], int maxout)
{
    int found = 0;
    size_t i = 0;
    while (i < nt && found < maxout) {
        /* YYYY-MM-DD or YYYY MM DD */
        if (t[i].num && t[i].n == 4) {
            int y = toknum(&t[i]);
            int m = 0, d = 0;
            size_t used = 1;
            if (i + 1 < nt && t[i + 1].num && t[i + 1].n <= 2) {
                m = toknum(&t[i + 1]);
                used = 2;
                if (i + 2 < nt && t[i + 2].num && t[i + 2].n <= 2) {
                    d = toknum(&t[i + 2]);
                    used = 3;
                }
            } else if (i + 1 < nt && !t[i + 1].num && month_of(t[i + 1].s, t[i + 1].n)) {
                m = month_of(t[i + 1].s, t[i + 1].n);
                used = 2;
                if (i + 2 < nt && t[i + 2].num && t[i + 2].n <= 2) {
                    d = toknum(&t[i + 2]);
                    used = 3;
                }
            }
            if (put_date(out[found], y, m, d))
                found++;
            i += used;
            continue;
        }
        /* DD/MM/YYYY, MM/DD/YYYY, DD Mon YYYY, Mon YYYY, Mon DD YYYY */
        if (t[i].num && t[i].n <= 2 && i + 2 < nt && t[i + 1].num && t[i + 1].n <= 2 &&
            t[i + 2].num && t[i + 2].n == 4) {
            int a = toknum(&t[i]), b = toknum(&t[i + 1]);
            int y = toknum(&t[i + 2]);
            int d = us ? b : a, m = us ? a : b;
            if (m > 12 && d <= 12) {
                int x = m;
                m = d;
                d = x;
            }
            if (put_date(out[found], y, m, d))
                found++;
            i += 3;
            continue;
        }
        if (t[i].num && t[i].n <= 2 && i + 2 < nt && !t[i + 1].num &&
            month_of(t[i + 1].s, t[i + 1].n) && t[i + 2].num && t[i + 2].n == 4) {
            if (put_date(out[found], toknum(&t[i + 2]), month_of(t[i + 1].s, t[i + 1].n),
                         toknum(&t[i])))
                found++;
            i += 3;
            continue;
        }
        if (!t[i].num && month_of(t[i].s, t[i].n) && i + 1 < nt && t[i + 1].num) {
            int m = month_of(t[i].s, t[i].n);
            if (t[i + 1].n == 4) {
                if (put_date(out[found], toknum(&t[i + 1]), m, 0))
                    found++;
                i += 2;
                continue;
            }
            if (t[i + 1].n <= 2 && i + 2 < nt && t[i + 2].num && t[i + 2].n == 4) {
                if (put_date(out[found], toknum(&t[i + 2]), m, toknum(&t[i + 1])))
                    found++;
                i += 3;
                continue;
            }
        }
        i++;
    }
    return found;
}

int emb__parse_dates(const char *v, size_t n, int us, char out[][11], int maxout)
{
    dtok t[64];
    size_t nt = 0;
    size_t i = 0;
    while (i < n && nt < 64) {
        unsigned char c = (unsigned char)v[i];
        if (isdigit(c)) {
            size_t s = i;
            while (i < n && isdigit((unsigned char)v[i]))
                i++;
            t[nt++] = (dtok){v + s, i - s, 1};
        } else if (isalpha(c)) {
            size_t s = i;
            while (i < n && isalpha((unsigned char)v[i]))
                i++;
            t[nt++] = (dtok){v + s, i - s, 0};
        } else
            i++;
    }
    int found = parse_date_tokens(t, nt, us, out, maxout);
    /* "1960 to 1962": a year range is every year in it (bounded). */
    if (found == 2 && strlen(out[0]) == 4 && strlen(out[1]) == 4) {
        int a = toknum(&(dtok){out[0], 4, 1}), b = toknum(&(dtok){out[1], 4, 1});
        if (b > a && b - a <= 10 && b - a + 1 <= maxout) {
            found = 0;
            for (int y = a; y <= b; y++)
                put_date(out[found++], y, 0, 0);
        }
    }
    return found;
}

emb_status emb__ing_date(emb__ingest *ing, uint32_t ent, emb_prop p, const char *v, size_t n,
                         int us_order)
{
    char out[16][11];
    if (emb__utf8_check(v, n) != n)
        return emb__ing_warn(ing, "invalid UTF-8 in a '%s' value; value dropped",
                             emb__prop_name(p));
    int k = emb__parse_dates(v, n, us_order, out, 16);
    if (k == 0) {
        size_t a = 0;
        while (a < n && isspace((unsigned char)v[a]))
            a++;
        if (a == n)
            return EMB_OK;
        emb_status st = emb__ing_warn(ing, "no date in '%.*s' ('%s'); kept as written",
                                      quote_len(v, n, 60), v, emb__prop_name(p));
        if (st)
            return st;
        return emb__ing_prop(ing, ent, p, v, n);
    }
    for (int i = 0; i < k; i++) {
        emb_status st = emb__store_prop(ing->store, ent, (uint32_t)p, out[i], strlen(out[i]));
        if (st)
            return st;
    }
    return EMB_OK;
}

emb_status emb__ing_sibling(emb__ingest *ing, const char *name, emb__file *f, int *found)
{
    static const char *const ext[] = {"", ".xz", ".gz"};
    const char *base = ing->main_path;
    const char *slash = strrchr(base, '/');
    size_t dirlen = slash ? (size_t)(slash - base + 1) : 0;
    *found = 0;
    for (size_t i = 0; i < 3; i++) {
        char path[4096];
        int w = snprintf(path, sizeof path, "%.*s%s%s", (int)dirlen, base, name, ext[i]);
        if (w < 0 || (size_t)w >= sizeof path)
            return emb__errf(ing->err, EMB_EARG, "path too long");
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        fclose(fp);
        emb_status st = emb__file_load(f, path, ing->err);
        if (st)
            return st;
        emb__dataset *d = cur_ds(ing);
        void *pp = d->sources;
        st = emb__grow(&pp, &d->asources, d->nsources + 1, sizeof *d->sources);
        d->sources = pp;
        if (st) {
            emb__file_destroy(f);
            return st;
        }
        const char *slash2 = strrchr(path, '/');
        const char *fname = slash2 ? slash2 + 1 : path;
        d->sources[d->nsources].path = emb__store_strdup(ing->store, fname, strlen(fname));
        memcpy(d->sources[d->nsources].sha256, f->sha256, 65);
        d->nsources++;
        emb__ing_file(ing, path);
        ing->line = 0;
        *found = 1;
        return EMB_OK;
    }
    return EMB_OK;
}
