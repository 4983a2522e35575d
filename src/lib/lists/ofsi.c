/*
 * ofsi.c - reader for HM Treasury / OFSI's "Consolidated List of Financial
 * Sanctions Targets" CSV (ConList.csv; docs/lists.md).
 *
 * Layout: an optional first line "Last Updated,DD/MM/YYYY" (the list date),
 * then a header.  Columns are found by name, so both the 29-column layout
 * (2016-2021) and the later 36-column one (Name Non-Latin Script, Passport
 * Number, National Identification Number, Alias Quality ...) are read;
 * unknown columns are kept in notes with one warning.
 *
 * There is one row per name variant (and per date of birth, address ...);
 * all rows of a Group ID are one entity, id "gb-hmt-<Group ID>".  The
 * "Prime Alias" row gives the name and, for persons, the name parts (Name 1
 * first, Name 2 second, Name 3-5 middle, Name 6 last); AKA rows give
 * aliases (weak when Alias Quality is "Low"), FKA rows former names.  A
 * group without a prime row takes its first alias as name, with a warning.
 *
 * Encoding: the official file is Windows-1252.  A file that starts with a
 * UTF-8 BOM, or is valid UTF-8 throughout, is read as UTF-8; any other is
 * converted from Windows-1252 field by field, so no raw byte is passed on.
 *
 * Free-text columns: nationality and country columns hold enumerations
 * ("(1) Afghan (2) Pakistani", "a) X b) Y") with qualifiers ("Iran (as at
 * 2014)"); each item is mapped to a country code with the qualifier
 * dropped (the full text stays in notes when something was dropped).
 * Passport and national-identity details are prose: the identifiers are
 * taken from them (in each enumerated item, the first token of at least 5
 * characters with 4 digits that is not a date) and the prose goes to notes.
 */
#include "ingest.h"

#include <string.h>

#include "../base/alloc.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/hash.h"
#include "../base/limits.h"
#include "../base/utf8.h"
#include "../text/country.h"
#include "csv.h"
#include "listutil.h"

enum {
    O_NAME6,
    O_NAME1,
    O_NAME2,
    O_NAME3,
    O_NAME4,
    O_NAME5,
    O_TITLE,
    O_NONLATIN,
    O_DOB,
    O_TOWN,
    O_COB,
    O_NATIONALITY,
    O_PASSPORT_NUMBER,
    O_PASSPORT_DETAILS,
    O_NI_NUMBER,
    O_NATID_NUMBER,
    O_NI_DETAILS,
    O_NATID_DETAILS,
    O_POSITION,
    O_ADDR1,
    O_ADDR2,
    O_ADDR3,
    O_ADDR4,
    O_ADDR5,
    O_ADDR6,
    O_POSTCODE,
    O_COUNTRY,
    O_OTHER,
    O_GROUP_TYPE,
    O_ALIAS_TYPE,
    O_ALIAS_QUALITY,
    O_REGIME,
    O_LISTED_ON,
    O_DESIGNATED,
    O_LAST_UPDATED,
    O_GROUP_ID,
    O__COUNT
};

static const emb__lu_coldef col_def[O__COUNT] = {
    {"Name 6", 1},
    {"Name 1", 0},
    {"Name 2", 0},
    {"Name 3", 0},
    {"Name 4", 0},
    {"Name 5", 0},
    {"Title", 0},
    {"Name Non-Latin Script", 0},
    {"DOB", 0},
    {"Town of Birth", 0},
    {"Country of Birth", 0},
    {"Nationality", 0},
    {"Passport Number", 0},
    {"Passport Details", 0},
    {"NI Number", 0},
    {"National Identification Number", 0},
    {"NI Details", 0},
    {"National Identification Details", 0},
    {"Position", 0},
    {"Address 1", 0},
    {"Address 2", 0},
    {"Address 3", 0},
    {"Address 4", 0},
    {"Address 5", 0},
    {"Address 6", 0},
    {"Post/Zip Code", 0},
    {"Country", 0},
    {"Other Information", 0},
    {"Group Type", 1},
    {"Alias Type", 1},
    {"Alias Quality", 0},
    {"Regime", 0},
    {"Listed On", 0},
    {"UK Sanctions List Date Designated", 0},
    {"Last Updated", 0},
    {"Group ID", 1},
};

/* Columns kept as "Header: value" notes without a warning. */
static const char *const note_cols[] = {"Non-Latin Script Type", "Non-Latin Script Language"};

#define AUTHORITY "HM Treasury, Office of Financial Sanctions Implementation"
/* Longest Group ID used in an id. */
#define OFSI_GROUP_ID_MAX 200
/* Most items read from one enumerated free-text value. */
#define OFSI_ENUM_MAX 32

/* Windows-1252 0x80-0x9F (0: undefined); 0xA0-0xFF are Latin-1. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

typedef emb__slice slice;

typedef struct group {
    uint32_t ent;
    uint8_t named; /* a prime row was seen */
    uint8_t schema;
    uint64_t line;        /* first row */
    const char *fallback; /* first other name (arena), for prime-less groups */
    size_t fallback_len;
} group;

typedef struct ofsi {
    emb__ingest *ing;
    int utf8; /* input is UTF-8 rather than Windows-1252 */
    emb__lu_cols cols;
    emb__buf rec; /* the current record converted to UTF-8 */
    size_t off[EMB_CSV_MAX_FIELDS];
    slice f[EMB_CSV_MAX_FIELDS];
    emb__buf tmp;    /* composed values and notes */
    emb__buf name;   /* the full name of the current row */
    emb__map groups; /* Group ID -> index in grp */
    emb__arena mem;  /* Group ID keys, fallback names */
    group *grp;
    size_t ngrp, agrp;
} ofsi;

/* ---- text helpers ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ch is one of the characters of set (never the terminating NUL). */
static int in_set(char ch, const char *set)
{
    return ch != '\0' && strchr(set, ch) != NULL;
}

static int ieq(slice x, const char *lit)
{
    return emb__lu_ieq(x.s, x.n, lit);
}

static slice fld(const ofsi *r, int k)
{
    slice x = {"", 0};
    if (r->cols.col[k] < 0)
        return x;
    x = r->f[r->cols.col[k]];
    emb__lu_trim(&x);
    return x;
}

static emb_status note(ofsi *r, uint32_t ent, const char *label, slice v)
{
    if (v.n == 0)
        return EMB_OK;
    emb__buf_reset(&r->tmp);
    emb_status st = emb__lu_add_cut(&r->tmp, label, strlen(label));
    if (!st)
        st = emb__lu_add_cut(&r->tmp, ": ", 2);
    if (!st)
        st = emb__lu_add_cut(&r->tmp, v.s, v.n);
    if (st)
        return st;
    return emb__ing_prop(r->ing, ent, EMB_P_NOTES, r->tmp.data, r->tmp.len);
}

static emb_status prop(ofsi *r, uint32_t ent, emb_prop p, slice v)
{
    return emb__ing_prop(r->ing, ent, p, v.s, v.n);
}

/* ---- encoding ---- */

/* Fills r->f with the fields of the current record as UTF-8.  *bad counts
 * bytes undefined in Windows-1252 (replaced by U+FFFD). */
static emb_status convert(ofsi *r, const emb__csv *c, size_t *bad)
{
    *bad = 0;
    if (r->utf8) {
        for (size_t i = 0; i < c->nfields; i++) {
            r->f[i].s = c->fields[i].s;
            r->f[i].n = c->fields[i].n;
        }
        return EMB_OK;
    }
    emb__buf_reset(&r->rec);
    for (size_t i = 0; i < c->nfields; i++) {
        r->off[i] = r->rec.len;
        const unsigned char *s = (const unsigned char *)c->fields[i].s;
        for (size_t k = 0; k < c->fields[i].n; k++) {
            emb_status st;
            if (s[k] < 0x80) {
                st = emb__buf_addc(&r->rec, (char)s[k]);
            } else {
                uint32_t cp = s[k] < 0xA0 ? cp1252_c1[s[k] - 0x80] : s[k];
                if (cp == 0) {
                    cp = 0xFFFD;
                    (*bad)++;
                }
                char u[4];
                size_t un = emb__utf8_put(cp, u);
                st = emb__buf_add(&r->rec, u, un);
            }
            if (st)
                return st;
        }
    }
    for (size_t i = 0; i < c->nfields; i++) {
        size_t end = i + 1 < c->nfields ? r->off[i + 1] : r->rec.len;
        r->f[i].s = r->rec.data ? r->rec.data + r->off[i] : "";
        r->f[i].n = end - r->off[i];
    }
    return EMB_OK;
}

/* ---- enumerations, countries, identifiers ---- */

/* Length of an enumeration marker at s[i] ("(1)", "1)", "(a)", "a)",
 * "(1)-(5)"), or 0. */
static size_t marker_len(const char *s, size_t n, size_t i)
{
    if (i > 0 && is_alnum(s[i - 1]))
        return 0;
    size_t j = i;
    int paren = j < n && s[j] == '(';
    if (paren)
        j++;
    size_t k = j;
    while (k < n && k - j < 2 && is_digit(s[k]))
        k++;
    if (k == j && k < n && s[k] >= 'a' && s[k] <= 'z')
        k++;
    if (k == j || k >= n || s[k] != ')' || (k < n - 1 && is_alnum(s[k + 1]) && !paren))
        return 0;
    k++;
    /* a range "(1)-(5)" */
    if (paren && k + 1 < n && s[k] == '-' && s[k + 1] == '(') {
        size_t m = marker_len(s, n, k + 1);
        if (m)
            k += 1 + m;
    }
    return k - i;
}

/* Splits an enumerated value into its items (trimmed, non-empty). */
static size_t split_items(slice x, slice *items, size_t max)
{
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= x.n; i++) {
        size_t m = i < x.n ? marker_len(x.s, x.n, i) : 0;
        if (i < x.n && m == 0)
            continue;
        slice it = {x.s + start, i - start};
        emb__lu_trim(&it);
        while (it.n && (it.s[it.n - 1] == ',' || it.s[it.n - 1] == ';'))
            it.n--;
        emb__lu_trim(&it);
        if (it.n && count < max)
            items[count++] = it;
        if (i == x.n)
            break;
        start = i + m;
        i = start - 1;
    }
    return count;
}

static int code_of(slice x, char code[3])
{
    emb__lu_trim(&x);
    while (x.n && (x.s[x.n - 1] == '.' || x.s[x.n - 1] == ',' || x.s[x.n - 1] == ';'))
        x.n--;
    emb__lu_trim(&x);
    if (x.n >= 4 && ieq((slice){x.s, 4}, "now "))
        x = (slice){x.s + 4, x.n - 4};
    return x.n > 0 && emb__country_code(x.s, x.n, code);
}

/* Countries named by runs of up to 6 words of a phrase, longest run
 * first, left to right.  Single words of 2-3 letters count only in capitals
 * ("US", "DRC"), as lower-case "in", "at", "and" are also ISO codes. */
static size_t words_codes(slice x, char codes[][3], size_t max)
{
    enum { MAXW = 64 };
    slice w[MAXW];
    size_t nw = 0, n = 0;
    for (size_t i = 0; i < x.n && nw < MAXW;) {
        while (i < x.n && (emb__lu_is_space(x.s[i]) || in_set(x.s[i], "/;.,:")))
            i++;
        size_t st = i;
        while (i < x.n && !emb__lu_is_space(x.s[i]) && !in_set(x.s[i], "/;.,:"))
            i++;
        if (i > st)
            w[nw++] = (slice){x.s + st, i - st};
    }
    for (size_t i = 0; i < nw && n < max;) {
        size_t len = 0;
        for (size_t l = nw - i < 6 ? nw - i : 6; l > 0 && !len; l--) {
            slice run = {w[i].s, (size_t)(w[i + l - 1].s + w[i + l - 1].n - w[i].s)};
            if (ieq(run, "and") || ieq(run, "or"))
                continue;
            if (l == 1 && run.n <= 3) {
                int caps = 1;
                for (size_t k = 0; k < run.n; k++)
                    caps &= run.s[k] >= 'A' && run.s[k] <= 'Z';
                if (!caps)
                    continue;
            }
            /* a run never spans a separator such as "/" or "." */
            int plain = 1;
            for (size_t k = 0; k < run.n; k++)
                plain &= !in_set(run.s[k], "/;.,:");
            if (plain && emb__country_code(run.s, run.n, codes[n]))
                len = l;
        }
        if (len) {
            n++;
            i += len;
        } else
            i++;
    }
    return n;
}

/* Country codes named by one item; *lossy when a qualifier was dropped. */
static size_t item_codes(ofsi *r, slice t, char codes[][3], size_t max, int *lossy)
{
    size_t n = 0;
    if (code_of(t, codes[0]))
        return 1;
    *lossy = 1;
    /* without the parenthesised qualifiers */
    emb__buf_reset(&r->tmp);
    int depth = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.s[i] == '(')
            depth++;
        else if (t.s[i] == ')' && depth > 0)
            depth--;
        else if (depth == 0 && emb__buf_addc(&r->tmp, t.s[i]) != EMB_OK)
            return 0;
    }
    slice bare = {r->tmp.data ? r->tmp.data : "", r->tmp.len};
    if (code_of(bare, codes[0]))
        return 1;
    /* each comma-separated part ("Isfahan, Iran", "Syrian, Turkish") */
    const char *p = bare.s, *end = bare.s + bare.n;
    while (p < end && n < max) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        slice part = {p, (size_t)((c ? c : end) - p)};
        p = c ? c + 1 : end;
        if (code_of(part, codes[n]))
            n++;
    }
    if (n)
        return n;
    /* a country named inside prose ("Kuwaiti citizenship", "In Syria as at
     * June 2013", "DRC and Belgian nationalities") */
    if ((n = words_codes(bare, codes, max)) != 0)
        return n;
    /* the qualifiers themselves ("Kazakh SSR (now Kazakhstan)") */
    for (size_t i = 0; i < t.n && n < max; i++) {
        if (t.s[i] != '(')
            continue;
        const char *c = memchr(t.s + i, ')', t.n - i);
        if (!c)
            break;
        slice in = {t.s + i + 1, (size_t)(c - (t.s + i + 1))};
        if (code_of(in, codes[n]))
            n++;
        i = (size_t)(c - t.s);
    }
    return n;
}

/* A country-valued column: each item's code; text naming no country is
 * kept as written (with the warning emb__ing_country gives).  With
 * label, the full text goes to notes when qualifiers were dropped. */
static emb_status add_countries(ofsi *r, uint32_t ent, emb_prop p, slice v, const char *label)
{
    if (emb__utf8_check(v.s, v.n) != v.n) /* reported and dropped */
        return prop(r, ent, p, v);
    slice items[OFSI_ENUM_MAX];
    size_t k = split_items(v, items, OFSI_ENUM_MAX);
    int lossy = 0;
    for (size_t i = 0; i < k; i++) {
        char codes[8][3];
        size_t n = item_codes(r, items[i], codes, 8, &lossy);
        emb_status st = EMB_OK;
        if (n == 0)
            st = emb__ing_country(r->ing, ent, p, items[i].s, items[i].n);
        for (size_t j = 0; j < n && !st; j++)
            st = emb__ing_country(r->ing, ent, p, codes[j], 2);
        if (st)
            return st;
    }
    if (lossy && label)
        return note(r, ent, label, v);
    return EMB_OK;
}

/* d{1,2}[/.-]d{1,2}[/.-]d{2,4} or d{4}[/.-]d{1,2}[/.-]d{1,2}. */
static int is_date_token(slice t)
{
    size_t len[3], k = 0, cur = 0;
    for (size_t i = 0; i <= t.n; i++) {
        if (i == t.n || t.s[i] == '/' || t.s[i] == '.' || t.s[i] == '-') {
            if (k == 3 || cur == 0)
                return 0;
            len[k++] = cur;
            cur = 0;
        } else if (is_digit(t.s[i]))
            cur++;
        else
            return 0;
    }
    if (k != 3)
        return 0;
    return (len[0] <= 2 && len[1] <= 2 && (len[2] == 2 || len[2] == 4)) ||
           (len[0] == 4 && len[1] <= 2 && len[2] <= 2);
}

/* The identifier of an item: the whole item when it is only digits,
 * capitals and separators ("1 63 08 4 01 001 005E"), else its first
 * identifier-like token; an empty slice if none. */
static slice id_token(slice it)
{
    size_t i = 0, ndigits = 0;
    int whole = 1;
    for (size_t k = 0; k < it.n && whole; k++) {
        char ch = it.s[k];
        ndigits += is_digit(ch) ? 1u : 0u;
        whole = is_digit(ch) || (ch >= 'A' && ch <= 'Z') || in_set(ch, " -./");
    }
    if (whole && ndigits >= 4 && !is_date_token(it))
        return it;
    while (i < it.n) {
        while (i < it.n && (emb__lu_is_space(it.s[i]) || in_set(it.s[i], ":,;()[]\"'")))
            i++;
        size_t s = i;
        while (i < it.n && !emb__lu_is_space(it.s[i]) && !in_set(it.s[i], ":,;()[]\"'"))
            i++;
        slice t = {it.s + s, i - s};
        while (t.n && (t.s[t.n - 1] == '.' || t.s[t.n - 1] == '-' || t.s[t.n - 1] == '/'))
            t.n--;
        size_t digits = 0, ok = 1;
        for (size_t k = 0; k < t.n; k++) {
            if (is_digit(t.s[k]))
                digits++;
            else if (!is_alnum(t.s[k]) && !in_set(t.s[k], "-./"))
                ok = 0;
        }
        if (ok && t.n >= 5 && digits >= 4 && !is_date_token(t))
            return t;
    }
    return (slice){"", 0};
}

/* Identifiers from a prose column (when the layout has no column of bare
 * numbers), and the prose to notes unless it was just the number. */
static emb_status add_id_details(ofsi *r, uint32_t ent, emb_prop p, slice v, const char *label,
                                 int extract)
{
    if (v.n == 0)
        return EMB_OK;
    int only_id = 0;
    if (extract) {
        slice items[OFSI_ENUM_MAX];
        size_t k = split_items(v, items, OFSI_ENUM_MAX);
        for (size_t i = 0; i < k; i++) {
            slice t = id_token(items[i]);
            if (t.n == 0)
                continue;
            emb_status st = prop(r, ent, p, t);
            if (st)
                return st;
            only_id = k == 1 && t.s == v.s && t.n == v.n;
        }
    }
    return only_id ? EMB_OK : note(r, ent, label, v);
}

/* ---- dates ---- */

/* "DD/MM/YYYY" to ISO; 0 if it is not a full, plausible date. */
static int dmy_iso(slice x, char out[11])
{
    emb__lu_trim(&x);
    if (x.n != 10 || x.s[2] != '/' || x.s[5] != '/')
        return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 2 && i != 5 && !is_digit(x.s[i]))
            return 0;
    int d = (x.s[0] - '0') * 10 + (x.s[1] - '0');
    int m = (x.s[3] - '0') * 10 + (x.s[4] - '0');
    if (d < 1 || d > 31 || m < 1 || m > 12 || x.s[6] < '1' || x.s[6] > '2')
        return 0;
    memcpy(out, x.s + 6, 4);
    out[4] = '-';
    memcpy(out + 5, x.s + 3, 2);
    out[7] = '-';
    memcpy(out + 8, x.s, 2);
    out[10] = '\0';
    return 1;
}

static emb_status add_date(ofsi *r, uint32_t ent, emb_prop p, slice v)
{
    if (v.n == 0)
        return EMB_OK;
    if (emb__utf8_check(v.s, v.n) != v.n) /* reported and dropped */
        return prop(r, ent, p, v);
    return emb__ing_date(r->ing, ent, p, v.s, v.n, 0);
}

/* ---- header and groups ---- */

/* Unknown header names are kept without a UTF-8 check (unlike CSL and DPL). */
static const emb__lu_header header = {
    .def = col_def,
    .ndef = O__COUNT,
    .eq = emb__lu_ieq,
    .quiet = note_cols,
    .nquiet = sizeof note_cols / sizeof note_cols[0],
    .what = "an OFSI consolidated list",
};

static emb_schema schema_of(slice t, int *known)
{
    *known = 1;
    if (ieq(t, "individual"))
        return EMB_SCHEMA_PERSON;
    if (ieq(t, "entity"))
        return EMB_SCHEMA_ORGANIZATION;
    if (ieq(t, "ship"))
        return EMB_SCHEMA_VESSEL;
    *known = 0;
    return EMB_SCHEMA_LEGAL_ENTITY;
}

/* The group of this Group ID, created with its entity on first sight. */
static emb_status find_group(ofsi *r, slice gid, emb_schema schema, uint64_t line, group **out)
{
    uint32_t gi;
    if (emb__map_get(&r->groups, gid.s, gid.n, &gi)) {
        *out = &r->grp[gi];
        return EMB_OK;
    }
    char id[8 + OFSI_GROUP_ID_MAX];
    memcpy(id, "gb-hmt-", 7);
    memcpy(id + 7, gid.s, gid.n);
    uint32_t ent;
    emb_status st = emb__ing_entity(r->ing, schema, id, 7 + gid.n, &ent);
    if (st == EMB_EARG) { /* id of another dataset: reported, rows dropped */
        *out = NULL;
        return EMB_OK;
    }
    if (st)
        return st;
    if (r->ngrp >= r->agrp) {
        void *p = r->grp;
        st = emb__grow(&p, &r->agrp, r->ngrp + 1, sizeof *r->grp);
        r->grp = p;
        if (st)
            return st;
    }
    char *key = emb__arena_strndup(&r->mem, gid.s, gid.n);
    if (!key)
        return EMB_ENOMEM;
    if ((st = emb__map_put(&r->groups, key, gid.n, (uint32_t)r->ngrp)) != EMB_OK)
        return st;
    group *g = &r->grp[r->ngrp++];
    memset(g, 0, sizeof *g);
    g->ent = ent;
    g->schema = (uint8_t)schema;
    g->line = line;
    *out = g;
    return EMB_OK;
}

/* ---- rows ---- */

static emb_status add_name(ofsi *r, group *g, slice full, int person)
{
    emb__ingest *ing = r->ing;
    slice atype = fld(r, O_ALIAS_TYPE), qual = fld(r, O_ALIAS_QUALITY);
    emb_prop p;
    if (ieq(atype, "prime alias") || ieq(atype, "primary name"))
        p = EMB_P_NAME;
    else if (ieq(atype, "fka") || ieq(atype, "formerly known as"))
        p = EMB_P_PREVIOUS_NAME;
    else {
        p = ieq(qual, "low") ? EMB_P_WEAK_ALIAS : EMB_P_ALIAS;
        if (!ieq(atype, "aka") && !ieq(atype, "alias") && !ieq(atype, "primary name variation")) {
            emb_status st = emb__ing_warn(ing, "unknown Alias Type '%.*s'; read as an alias",
                                          emb__lu_shown(atype.s, atype.n, 40), atype.s);
            if (st)
                return st;
        }
    }
    emb_status st = prop(r, g->ent, p, full);
    if (st)
        return st;
    if (p != EMB_P_NAME) {
        if (!g->named && !g->fallback) {
            char *c = emb__arena_strndup(&r->mem, full.s, full.n);
            if (!c)
                return EMB_ENOMEM;
            g->fallback = c;
            g->fallback_len = full.n;
        }
        return EMB_OK;
    }
    g->named = 1;
    if (!person)
        return EMB_OK;
    static const struct {
        int col;
        emb_prop prop;
    } parts[] = {
        {O_NAME1, EMB_P_FIRST_NAME},  {O_NAME2, EMB_P_SECOND_NAME}, {O_NAME3, EMB_P_MIDDLE_NAME},
        {O_NAME4, EMB_P_MIDDLE_NAME}, {O_NAME5, EMB_P_MIDDLE_NAME}, {O_NAME6, EMB_P_LAST_NAME},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && !st; i++)
        st = prop(r, g->ent, parts[i].prop, fld(r, parts[i].col));
    return st;
}

/* Joins the non-empty columns cols[0..n) with sep into b. */
static emb_status join(ofsi *r, emb__buf *b, const int *cols, size_t n, const char *sep)
{
    emb__buf_reset(b);
    emb_status st = EMB_OK;
    for (size_t i = 0; i < n && !st; i++) {
        slice v = fld(r, cols[i]);
        if (v.n == 0)
            continue;
        if (b->len)
            st = emb__lu_add_cut(b, sep, strlen(sep));
        if (!st)
            st = emb__lu_add_cut(b, v.s, v.n);
    }
    return st;
}

static emb_status read_row(void *ctx, const emb__csv *c)
{
    ofsi *r = ctx;
    emb__ingest *ing = r->ing;
    if (c->nfields != r->cols.ncols)
        return emb__ing_skip(ing, "record has %zu fields, the header has %zu", c->nfields,
                             r->cols.ncols);
    size_t bad;
    emb_status st = convert(r, c, &bad);
    if (st)
        return st;
    if (bad && (st = emb__ing_warn(ing,
                                   "%zu byte(s) undefined in Windows-1252 replaced by "
                                   "U+FFFD",
                                   bad)) != EMB_OK)
        return st;
    slice gid = fld(r, O_GROUP_ID);
    if (gid.n == 0)
        return emb__ing_skip(ing, "record without a Group ID");
    if (emb__utf8_check(gid.s, gid.n) != gid.n)
        return emb__ing_skip(ing, "record Group ID is not valid UTF-8");
    if (gid.n > OFSI_GROUP_ID_MAX)
        return emb__ing_skip(ing, "record Group ID is longer than %d bytes", OFSI_GROUP_ID_MAX);
    static const int name_cols[] = {O_NAME1, O_NAME2, O_NAME3, O_NAME4, O_NAME5, O_NAME6};
    if ((st = join(r, &r->name, name_cols, 6, " ")) != EMB_OK)
        return st;
    if (r->name.len == 0)
        return emb__ing_skip(ing, "record of group %.*s has no name",
                             emb__lu_shown(gid.s, gid.n, 60), gid.s);
    slice gtype = fld(r, O_GROUP_TYPE);
    int known;
    emb_schema schema = schema_of(gtype, &known);
    if (!known && (st = emb__ing_warn(ing, "unknown Group Type '%.*s'; read as LegalEntity",
                                      emb__lu_shown(gtype.s, gtype.n, 40), gtype.s)) != EMB_OK)
        return st;
    group *g;
    if ((st = find_group(r, gid, schema, c->line, &g)) != EMB_OK || !g)
        return st;
    if (g->schema != (uint8_t)schema &&
        (st = emb__ing_warn(ing, "group %.*s has rows of different Group Types",
                            emb__lu_shown(gid.s, gid.n, 60), gid.s)) != EMB_OK)
        return st;
    uint32_t ent = g->ent;
    slice fullname = {r->name.data, r->name.len};
    st = add_name(r, g, fullname, g->schema == EMB_SCHEMA_PERSON);
    if (!st)
        st = prop(r, ent, EMB_P_ALIAS, fld(r, O_NONLATIN));
    if (!st)
        st = prop(r, ent, EMB_P_TITLE, fld(r, O_TITLE));
    if (!st)
        st = add_date(r, ent, EMB_P_BIRTH_DATE, fld(r, O_DOB));
    if (!st) {
        static const int birth[] = {O_TOWN, O_COB};
        st = join(r, &r->tmp, birth, 2, ", ");
        if (!st)
            st = emb__ing_prop(ing, ent, EMB_P_BIRTH_PLACE, r->tmp.data, r->tmp.len);
    }
    if (!st)
        st = add_countries(r, ent, EMB_P_BIRTH_COUNTRY, fld(r, O_COB), NULL);
    if (!st)
        st = add_countries(r, ent, EMB_P_NATIONALITY, fld(r, O_NATIONALITY), "Nationality");
    if (!st)
        st = prop(r, ent, EMB_P_PASSPORT_NUMBER, fld(r, O_PASSPORT_NUMBER));
    if (!st)
        st = add_id_details(r, ent, EMB_P_PASSPORT_NUMBER, fld(r, O_PASSPORT_DETAILS),
                            "Passport details", r->cols.col[O_PASSPORT_NUMBER] < 0);
    if (!st)
        st = prop(r, ent, EMB_P_ID_NUMBER, fld(r, O_NATID_NUMBER));
    {
        static const struct {
            int col;
            const char *label;
        } ni[] = {{O_NI_NUMBER, "National identification"},
                  {O_NI_DETAILS, "National identification details"},
                  {O_NATID_DETAILS, "National identification details"}};
        for (size_t i = 0; i < sizeof ni / sizeof ni[0] && !st; i++)
            st = add_id_details(r, ent, EMB_P_ID_NUMBER, fld(r, ni[i].col), ni[i].label,
                                r->cols.col[O_NATID_NUMBER] < 0);
    }
    if (!st)
        st = prop(r, ent, EMB_P_POSITION, fld(r, O_POSITION));
    if (!st) {
        static const int addr[] = {O_ADDR1, O_ADDR2, O_ADDR3,    O_ADDR4,
                                   O_ADDR5, O_ADDR6, O_POSTCODE, O_COUNTRY};
        st = join(r, &r->tmp, addr, 8, ", ");
        if (!st)
            st = emb__ing_prop(ing, ent, EMB_P_ADDRESS, r->tmp.data, r->tmp.len);
    }
    if (!st)
        st = add_countries(r, ent, EMB_P_COUNTRY, fld(r, O_COUNTRY), NULL);
    if (!st)
        st = prop(r, ent, EMB_P_NOTES, fld(r, O_OTHER));
    if (!st)
        st = prop(r, ent, EMB_P_PROGRAM, fld(r, O_REGIME));
    if (!st)
        st = add_date(r, ent, EMB_P_LISTING_DATE, fld(r, O_LISTED_ON));
    if (!st)
        st = note(r, ent, "UK Sanctions List date designated", fld(r, O_DESIGNATED));
    if (!st)
        st = add_date(r, ent, EMB_P_MODIFIED_AT, fld(r, O_LAST_UPDATED));
    if (!st)
        st = emb__ing_prop(ing, ent, EMB_P_TOPICS, "sanction", 8);
    if (!st)
        st = emb__ing_prop(ing, ent, EMB_P_AUTHORITY, AUTHORITY, strlen(AUTHORITY));
    for (size_t i = 0; !st && i < c->nfields; i++) {
        const char *label = emb__lu_extra(&r->cols, i);
        if (!label)
            continue;
        slice v = r->f[i];
        emb__lu_trim(&v);
        st = note(r, ent, label, v);
    }
    return st;
}

/* Groups without a prime row: their first other name becomes the name. */
static emb_status name_unnamed(ofsi *r)
{
    for (size_t i = 0; i < r->ngrp; i++) {
        group *g = &r->grp[i];
        if (g->named || !g->fallback)
            continue;
        emb__ing_line(r->ing, g->line);
        emb_status st = emb__ing_warn(r->ing,
                                      "group has no Prime Alias row; its first "
                                      "alias '%.*s' is used as the name",
                                      emb__lu_shown(g->fallback, g->fallback_len, 80), g->fallback);
        if (!st)
            st = emb__ing_prop(r->ing, g->ent, EMB_P_NAME, g->fallback, g->fallback_len);
        if (st)
            return st;
    }
    return EMB_OK;
}

/* "Last Updated,DD/MM/YYYY" before the header: the list date. */
static emb_status list_date(ofsi *r, const emb__csv *c)
{
    char iso[11];
    slice v = c->nfields > 1 ? r->f[1] : (slice){"", 0};
    if (dmy_iso(v, iso))
        return emb__ing_list_date(r->ing, iso, 10);
    return emb__ing_warn(r->ing, "unreadable list date '%.*s'; not set",
                         emb__lu_shown(v.s, v.n, 40), v.s);
}

emb_status emb__read_ofsi(emb__ingest *ing, const emb__file *f)
{
    ofsi *r = emb__calloc(1, sizeof *r);
    if (!r)
        return EMB_ENOMEM;
    r->ing = ing;
    r->utf8 = (f->len >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0) ||
              emb__utf8_check(f->data, f->len) == f->len;
    emb__lu_cols_init(&r->cols);
    emb__buf_init(&r->rec, 3 * EMB_CAP_LINE);
    emb__buf_init(&r->tmp, 2 * (size_t)EMB_CAP_VALUE);
    emb__buf_init(&r->name, 2 * (size_t)EMB_CAP_VALUE);
    emb__map_init(&r->groups);
    emb__arena_init(&r->mem, 65536, 0);
    emb__csv c;
    emb__csv_init(&c, f->data, f->len, ',');
    size_t bad;
    emb_status st = emb__csv_next(&c);
    if (st == EMB_OK && (st = convert(r, &c, &bad)) == EMB_OK && c.nfields <= 3 &&
        ieq((slice){r->f[0].s, r->f[0].n}, "Last Updated")) {
        emb__ing_line(ing, c.line);
        if ((st = list_date(r, &c)) != EMB_OK)
            goto done;
        st = emb__csv_next(&c);
        if (st == EMB_OK)
            st = convert(r, &c, &bad);
    }
    if (st == EMB_ENOTFOUND) {
        st = emb__ing_fail(ing, EMB_EPARSE, c.next_line, 0, c.pos, "no CSV header");
        goto done;
    }
    if (st) {
        st = emb__lu_csv_fail(ing, &c, st);
        goto done;
    }
    st = emb__lu_csv_table(ing, &c, &r->cols, &header, r->f, read_row, r);
    if (!st)
        st = name_unnamed(r);
done:
    emb__csv_destroy(&c);
    emb__lu_cols_destroy(&r->cols);
    emb__buf_destroy(&r->rec);
    emb__buf_destroy(&r->tmp);
    emb__buf_destroy(&r->name);
    emb__map_destroy(&r->groups);
    emb__arena_destroy(&r->mem);
    emb__free(r->grp);
    emb__free(r);
    return st;
}
