/*
 * bis_dpl.c - reader for the BIS Denied Persons List in its official
 * tab-separated text form (header Name, Street_Address, City, State,
 * Country, Postal_Code, Effective_Date, Expiration_Date, Standard_Order,
 * Last_Update, Action, FR_Citation; every field quoted; docs/lists.md).
 *
 * The list has one row per (party, address) and no identifier.  Rows of
 * one party share its name and order date, so the entity id is
 * "bis-dpl-" + the first 12 hex digits of SHA-256("NAME" 0x1F "MM/DD/YYYY")
 * with the name upper-cased and its whitespace folded.  The FR citation is
 * left out of the key on purpose: rows of one party repeat it with typos
 * ("81 F.R.45276" beside "81 F.R. 45276"), which would split the party.
 * Should two different keys share a 12-digit prefix, the later one (in
 * file order) gets "-2", "-3" ... so ids stay deterministic.
 *
 * Persons and companies are mixed and the list does not say which is
 * which, so every entity is a LegalEntity.  Dates are checked for
 * plausibility: the file has typos such as "3033-09-30", which are reported
 * and kept in notes as written rather than stored as dates.
 */
#include "ingest.h"

#include <string.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/hash.h"
#include "../base/limits.h"
#include "../base/utf8.h"
#include "csv.h"
#include "listutil.h"

enum {
    D_NAME,
    D_STREET,
    D_CITY,
    D_STATE,
    D_COUNTRY,
    D_POSTAL,
    D_EFFECTIVE,
    D_EXPIRATION,
    D_STANDARD_ORDER,
    D_LAST_UPDATE,
    D_ACTION,
    D_FR_CITATION,
    D__COUNT
};

static const emb__lu_coldef col_def[D__COUNT] = {
    {"Name", 1},           {"Street_Address", 0}, {"City", 0},           {"State", 0},
    {"Country", 0},        {"Postal_Code", 0},    {"Effective_Date", 1}, {"Expiration_Date", 0},
    {"Standard_Order", 0}, {"Last_Update", 0},    {"Action", 0},         {"FR_Citation", 0},
};

/* Plausible years for the dates of this list (orders since the 1970s,
 * denials of up to 99 years). */
#define DPL_YEAR_MIN 1900
#define DPL_YEAR_MAX 2200
#define AUTHORITY "Bureau of Industry and Security, Denied Persons List"
/* Longest party name used in an id key. */
#define DPL_KEY_MAX 4096

typedef emb__slice slice;

typedef struct dpl {
    emb__ingest *ing;
    emb__lu_cols cols;
    emb__buf tmp;       /* key, notes and the address */
    uint64_t line;      /* of the current record */
    emb__map keys;      /* party key -> entity index */
    emb__arena key_mem; /* the key bytes the map points to */
} dpl;

static char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* Header names compare case-insensitively with '_' and ' ' alike. */
static int hdr_eq(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n != m)
        return 0;
    for (size_t i = 0; i < m; i++) {
        char a = upper(s[i]), b = upper(lit[i]);
        if (a == ' ')
            a = '_';
        if (a != b)
            return 0;
    }
    return 1;
}

static slice col(const dpl *r, const emb__csv *c, int k)
{
    return emb__lu_col(&r->cols, c, k);
}

/* Adds "label<suffix>: value" to notes. */
static emb_status note2(dpl *r, uint32_t ent, const char *label, const char *suffix, slice v)
{
    if (v.n == 0)
        return EMB_OK;
    emb__buf_reset(&r->tmp);
    emb_status st = emb__lu_add_cut(&r->tmp, label, strlen(label));
    if (!st)
        st = emb__lu_add_cut(&r->tmp, suffix, strlen(suffix));
    if (!st)
        st = emb__lu_add_cut(&r->tmp, ": ", 2);
    if (!st)
        st = emb__lu_add_cut(&r->tmp, v.s, v.n);
    if (st)
        return st;
    return emb__ing_prop(r->ing, ent, EMB_P_NOTES, r->tmp.data, r->tmp.len);
}

static emb_status note(dpl *r, uint32_t ent, const char *label, slice v)
{
    return note2(r, ent, label, "", v);
}

/* ---- dates ---- */

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    if (n == 0 || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

static int put_iso(int y, int m, int d, char out[11])
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < DPL_YEAR_MIN || y > DPL_YEAR_MAX || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return 1;
}

/* "MM/DD/YYYY" (us = 1) or "YYYY-MM-DD" (us = 0) to ISO; 0 if the text is
 * not such a date or the date is implausible. */
static int parse_date(slice x, int us, char out[11])
{
    const char sep = us ? '/' : '-';
    const char *p[3];
    size_t n[3];
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= x.n; i++)
        if (i == x.n || x.s[i] == sep) {
            if (k == 3)
                return 0;
            p[k] = x.s + start;
            n[k] = i - start;
            k++;
            start = i + 1;
        }
    int a, b, c;
    if (k != 3 || !digits(p[0], n[0], &a) || !digits(p[1], n[1], &b) || !digits(p[2], n[2], &c))
        return 0;
    if (us)
        return n[2] == 4 && put_iso(c, a, b, out);
    return n[0] == 4 && put_iso(a, b, c, out);
}

/* A date for prop (or, with prop EMB_P__COUNT, a note "label: ISO"); text
 * that is no plausible date is reported and kept in notes as written. */
static emb_status add_date(dpl *r, uint32_t ent, emb_prop prop, const char *label, slice v, int us)
{
    char iso[11];
    if (v.n == 0)
        return EMB_OK;
    if (parse_date(v, us, iso)) {
        if (prop != EMB_P__COUNT)
            return emb__ing_prop(r->ing, ent, prop, iso, 10);
        slice d = {iso, 10};
        return note(r, ent, label, d);
    }
    emb_status st = emb__ing_warn(r->ing, "implausible %s '%.*s'; kept in notes as written", label,
                                  emb__lu_shown(v.s, v.n, 40), v.s);
    return st ? st : note2(r, ent, label, " (as written)", v);
}

/* ---- names ---- */

/* Names sometimes carry "X A/K/A Y" or "X D/B/A Y" (aliases) and
 * "X F/K/A Y" (a former name). */
static const struct {
    const char *marker;
    emb_prop prop;
} name_markers[] = {
    {" A/K/A ", EMB_P_ALIAS},
    {" D/B/A ", EMB_P_ALIAS},
    {" F/K/A ", EMB_P_PREVIOUS_NAME},
};

static int marker_at(slice x, size_t i, size_t *len, emb_prop *prop)
{
    for (size_t k = 0; k < sizeof name_markers / sizeof name_markers[0]; k++) {
        size_t m = strlen(name_markers[k].marker);
        if (i + m > x.n)
            continue;
        size_t j = 0;
        while (j < m && upper(x.s[i + j]) == name_markers[k].marker[j])
            j++;
        if (j == m) {
            *len = m;
            *prop = name_markers[k].prop;
            return 1;
        }
    }
    return 0;
}

static emb_status add_names(dpl *r, uint32_t ent, slice name)
{
    emb_prop prop = EMB_P_NAME;
    size_t start = 0;
    for (size_t i = 0; i <= name.n; i++) {
        size_t mlen = 0;
        emb_prop next = EMB_P_ALIAS;
        if (i < name.n && !marker_at(name, i, &mlen, &next))
            continue;
        emb_status st = emb__ing_prop(r->ing, ent, prop, name.s + start, i - start);
        if (st)
            return st;
        if (i == name.n)
            break;
        prop = next;
        start = i + mlen;
        i = start - 1;
    }
    return EMB_OK;
}

/* ---- ids ---- */

/* "NAME" 0x1F "date" with the name upper-cased and whitespace folded. */
static emb_status make_key(dpl *r, slice name, slice eff)
{
    emb__buf *b = &r->tmp;
    emb__buf_reset(b);
    int space = 0;
    for (size_t i = 0; i < name.n; i++) {
        char ch = name.s[i];
        if (emb__lu_is_space(ch)) {
            space = 1;
            continue;
        }
        emb_status st = EMB_OK;
        if (space && b->len)
            st = emb__buf_addc(b, ' ');
        space = 0;
        if (!st)
            st = emb__buf_addc(b, upper(ch));
        if (st)
            return st;
    }
    emb_status st = emb__buf_addc(b, '\x1f');
    if (!st)
        st = emb__buf_add(b, eff.s, eff.n);
    return st;
}

/* Finds the entity of this party or creates it under a fresh id. */
static emb_status party(dpl *r, slice name, slice eff, uint32_t *ent, int *dropped)
{
    emb__ingest *ing = r->ing;
    *dropped = 0;
    emb_status st = make_key(r, name, eff);
    if (st)
        return st;
    uint32_t idx;
    if (emb__map_get(&r->keys, r->tmp.data, r->tmp.len, &idx)) {
        *ent = idx;
        return EMB_OK;
    }
    char hex[65], id[48];
    if ((st = emb__sha256_hex(r->tmp.data, r->tmp.len, hex)) != EMB_OK)
        return st;
    memcpy(id, "bis-dpl-", 8);
    memcpy(id + 8, hex, 12);
    size_t idn = 20;
    for (unsigned k = 2; emb__ing_find(ing, id, idn, &idx); k++) {
        /* another party has this prefix: suffix in file order */
        char num[12];
        size_t nn = 0;
        for (unsigned v = k; v; v /= 10)
            num[nn++] = (char)('0' + v % 10);
        id[20] = '-';
        for (size_t j = 0; j < nn; j++)
            id[21 + j] = num[nn - 1 - j];
        idn = 21 + nn;
        if (k > 1000000)
            return emb__ing_fail(ing, EMB_ECAP, r->line, 0, 0,
                                 "no free id for a party after 1000000 tries");
    }
    st = emb__ing_entity(ing, EMB_SCHEMA_LEGAL_ENTITY, id, idn, ent);
    if (st == EMB_EARG) { /* the id belongs to another dataset: reported */
        *dropped = 1;
        return EMB_OK;
    }
    if (st)
        return st;
    char *key = emb__arena_strndup(&r->key_mem, r->tmp.data, r->tmp.len);
    if (!key)
        return EMB_ENOMEM;
    return emb__map_put(&r->keys, key, r->tmp.len, *ent);
}

/* ---- rows ---- */

static const emb__lu_header header = {
    .def = col_def,
    .ndef = D__COUNT,
    .eq = hdr_eq,
    .check_utf8 = 1,
    .what = "a BIS Denied Persons List",
};

static emb_status add_address(dpl *r, uint32_t ent, const emb__csv *c)
{
    static const int parts[] = {D_STREET, D_CITY, D_STATE, D_POSTAL, D_COUNTRY};
    emb__buf_reset(&r->tmp);
    emb_status st = EMB_OK;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0] && !st; k++) {
        slice v = col(r, c, parts[k]);
        if (v.n == 0)
            continue;
        if (r->tmp.len)
            st = emb__lu_add_cut(&r->tmp, ", ", 2);
        if (!st)
            st = emb__lu_add_cut(&r->tmp, v.s, v.n);
    }
    if (!st && r->tmp.len)
        st = emb__ing_prop(r->ing, ent, EMB_P_ADDRESS, r->tmp.data, r->tmp.len);
    return st;
}

static emb_status read_row(void *ctx, const emb__csv *c)
{
    dpl *r = ctx;
    emb__ingest *ing = r->ing;
    r->line = c->line;
    if (c->nfields != r->cols.ncols)
        return emb__ing_skip(ing, "record has %zu fields, the header has %zu", c->nfields,
                             r->cols.ncols);
    slice name = col(r, c, D_NAME), eff = col(r, c, D_EFFECTIVE);
    if (name.n == 0)
        return emb__ing_skip(ing, "record without a name");
    if (emb__utf8_check(name.s, name.n) != name.n)
        return emb__ing_skip(ing, "record name is not valid UTF-8");
    if (name.n > DPL_KEY_MAX)
        return emb__ing_skip(ing, "record name is longer than %d bytes", DPL_KEY_MAX);
    if (emb__utf8_check(eff.s, eff.n) != eff.n || eff.n > 64)
        return emb__ing_skip(ing, "record '%.*s': unusable Effective_Date",
                             emb__lu_shown(name.s, name.n, 60), name.s);
    uint32_t ent;
    int dropped;
    emb_status st = party(r, name, eff, &ent, &dropped);
    if (st || dropped)
        return st;
    st = add_names(r, ent, name);
    if (!st)
        st = add_address(r, ent, c);
    if (!st) {
        slice v = col(r, c, D_COUNTRY);
        if (v.n && emb__utf8_check(v.s, v.n) == v.n)
            st = emb__ing_country(ing, ent, EMB_P_COUNTRY, v.s, v.n);
        /* invalid UTF-8 was reported with the address */
    }
    if (!st)
        st = add_date(r, ent, EMB_P_LISTING_DATE, "Effective date", eff, 1);
    if (!st)
        st = add_date(r, ent, EMB_P__COUNT, "Expiration date", col(r, c, D_EXPIRATION), 1);
    if (!st)
        st = add_date(r, ent, EMB_P_MODIFIED_AT, "Last update", col(r, c, D_LAST_UPDATE), 0);
    if (!st)
        st = note(r, ent, "Standard order", col(r, c, D_STANDARD_ORDER));
    if (!st)
        st = note(r, ent, "Action", col(r, c, D_ACTION));
    if (!st)
        st = note(r, ent, "Federal Register citation", col(r, c, D_FR_CITATION));
    if (!st)
        st = emb__ing_prop(ing, ent, EMB_P_TOPICS, "debarment", 9);
    if (!st)
        st = emb__ing_prop(ing, ent, EMB_P_PROGRAM, "DPL", 3);
    if (!st)
        st = emb__ing_prop(ing, ent, EMB_P_AUTHORITY, AUTHORITY, strlen(AUTHORITY));
    for (size_t i = 0; !st && i < c->nfields; i++) {
        const char *label = emb__lu_extra(&r->cols, i);
        if (!label)
            continue;
        slice v = {c->fields[i].s, c->fields[i].n};
        emb__lu_trim(&v);
        st = note(r, ent, label, v);
    }
    return st;
}

emb_status emb__read_bis_dpl(emb__ingest *ing, const emb__file *f)
{
    dpl r;
    memset(&r, 0, sizeof r);
    r.ing = ing;
    emb__lu_cols_init(&r.cols);
    emb__buf_init(&r.tmp, 2 * (size_t)EMB_CAP_VALUE);
    emb__map_init(&r.keys);
    emb__arena_init(&r.key_mem, 16384, 0);
    emb__csv c;
    emb__csv_init(&c, f->data, f->len, '\t');
    emb_status st = emb__csv_next(&c);
    if (st == EMB_ENOTFOUND)
        st = emb__ing_fail(ing, EMB_EPARSE, 1, 0, 0, "empty file: no header");
    else if (st)
        st = emb__lu_csv_fail(ing, &c, st);
    else
        st = emb__lu_csv_table(ing, &c, &r.cols, &header, NULL, read_row, &r);
    emb__csv_destroy(&c);
    emb__lu_cols_destroy(&r.cols);
    emb__buf_destroy(&r.tmp);
    emb__map_destroy(&r.keys);
    emb__arena_destroy(&r.key_mem);
    return st;
}
