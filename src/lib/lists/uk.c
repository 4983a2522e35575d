/*
 * uk.c - reader for the UK Sanctions List (FCDO) in the JSON Lines form made
 * from the ammitto project's per-designation YAML files
 * (data/lists/uk_fcdo/uk_sanctions_list_entities.jsonl.xz; described in
 * SOURCES.md, "lists/uk_fcdo_ammitto").  Each line is one designation and
 * is parsed on its own with jansson (the line walk and the typed key access
 * are shared with eu.c, in jsonl.c).
 *
 * Mapping: unique_id -> id "gb-fcdo-<unique_id>" (a repeated unique_id is
 * merged into one entity, with a warning); individual_entity_ship
 * Individual / Entity / Ship -> Person / Organization / Vessel.
 * names.names[]: name1..name5 are given names and name6 the surname (or the
 * whole name of an entity or ship), joined in that order; the first
 * "Primary Name" is the caption, further primary names are names,
 * "Alias" and "Primary Name Variation" are aliases unless marked "Low
 * quality a.k.a" (weakAlias); persons also get the parts (name1 firstName,
 * name2 secondName, name3-5 middleName, name6 lastName) of their strong
 * names.  non_latin_names -> alias.  regime_name -> program, the letters of
 * unique_id ("DPR", "RUS") -> programId; un_reference_number -> unscId;
 * date_designated -> listingDate; last_updated -> modifiedAt; addresses ->
 * address and country; other_information, uk_statement_of_reasons,
 * sanctions_imposed, designation_source and ofsi_group_id -> notes; topics
 * "sanction".
 *
 * The conversion has no fields for dates of birth, nationality, documents
 * or IMO numbers, so these are taken from the free text where they are
 * labelled: IMO numbers of ships (from their names, other_information and
 * statement of reasons, check digit verified) and of organisations (company
 * numbers, from other_information only: an organisation's statement of
 * reasons names the ships it deals with); for persons "Gender: ...", "date
 * of birth ..." and "passport number ..."; INN and OGRN numbers; e-mail
 * addresses, "Website:" and "Telephone:" values.  The text itself is kept
 * in notes either way.
 *
 * Not kept, on purpose: sanctions_imposed_indicators (the same facts as
 * sanctions_imposed) and the converter's _file key.  A key this reader does
 * not know is reported once as a warning.  The list date is not in the
 * records (it is in an index file that is not shipped), so none is set.
 */
#include <string.h>

#include "../base/buf.h"
#include "../base/limits.h"
#include "ingest.h"
#include "jsonl.h"

#define UK_ID_MAX 200 /* longest unique_id accepted */
#define UK_PREFIX "gb-fcdo-"

typedef struct uk_ctx {
    emb__ingest *ing;
    uint32_t ent;
    emb_schema schema;
    emb__buf tmp; /* joined values */
    emb__buf cap; /* the caption of the current record */
    emb__jsonl_seen seen;
} uk_ctx;

/* ---- JSON access ---- */

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static char lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* s equals the lower-case lit, ignoring case and outer spaces. */
static int jeq(const char *s, size_t n, const char *lit)
{
    if (!s)
        return 0;
    emb__jsonl_trim(&s, &n);
    return emb__jsonl_ieq(s, n, lit);
}

static emb_status check_keys(uk_ctx *c, json_t *o, const char *where, const char *const *known)
{
    return emb__jsonl_check_keys(c->ing, &c->seen, o, where, known);
}

/* The list under key: either an array or, as the converter writes it, an
 * object holding the array under the same inner key ({"names": [...]}). */
static emb_status jlist(uk_ctx *c, const json_t *o, const char *key, const char *inner,
                        json_t **out)
{
    json_t *v = json_object_get(o, key);
    if (json_is_object(v)) {
        const char *const known[] = {inner, NULL};
        emb_status st = check_keys(c, v, key, known);
        if (st)
            return st;
        v = json_object_get(v, inner);
    }
    return emb__jsonl_array(c->ing, v, key, out);
}

/* ---- values ---- */

static emb_status put_text(uk_ctx *c, emb_prop p, const json_t *o, const char *key)
{
    return emb__jsonl_put_text(c->ing, c->ent, p, o, key);
}

/* Adds "label: <value of key>" to notes. */
static emb_status put_note(uk_ctx *c, const json_t *o, const char *key, const char *label)
{
    char num[32];
    size_t n;
    int bad;
    const char *s = emb__jsonl_val(json_object_get(o, key), num, &n, &bad);
    if (bad)
        return emb__ing_warn(c->ing, "'%s' is not text; ignored", key);
    if (!s)
        return EMB_OK;
    emb__buf_reset(&c->tmp);
    emb_status st = emb__buf_adds(&c->tmp, label);
    if (!st)
        st = emb__buf_add(&c->tmp, s, n);
    if (!st)
        st = emb__ing_prop(c->ing, c->ent, EMB_P_NOTES, c->tmp.data, c->tmp.len);
    return st;
}

/* Joins the non-empty texts of keys into c->tmp with sep between. */
static emb_status join(uk_ctx *c, const json_t *o, const char *const *keys, const char *sep)
{
    return emb__jsonl_join(c->ing, &c->tmp, o, keys, sep, NULL);
}

/* ---- labelled facts in free text ---- */

/* ch is one of the characters of set (never NUL, which values may hold) */
static int in_set(char ch, const char *set)
{
    return ch != '\0' && strchr(set, ch) != NULL;
}

static int is_alnum(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Position just after the next whole-word, case-insensitive w in s at or
 * after from, or n when there is none. */
static size_t find_word(const char *s, size_t n, size_t from, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = from; i + wl <= n; i++) {
        if (i > 0 && is_alnum(s[i - 1]))
            continue;
        size_t k = 0;
        while (k < wl && lower(s[i + k]) == w[k])
            k++;
        if (k == wl && (i + wl == n || !is_alnum(s[i + wl])))
            return i + wl;
    }
    return n;
}

/* Skips spaces and any of the characters in punct. */
static size_t skip(const char *s, size_t n, size_t i, const char *punct)
{
    while (i < n && (is_space(s[i]) || in_set(s[i], punct)))
        i++;
    return i;
}

/* Skips an optional word (case-insensitive) at i. */
static size_t skip_word(const char *s, size_t n, size_t i, const char *w)
{
    size_t e = find_word(s, n, i, w);
    return e < n && e - strlen(w) == i ? e : i;
}

/* Length of the run of digits at i. */
static size_t digits_at(const char *s, size_t n, size_t i)
{
    size_t k = 0;
    while (i + k < n && is_digit(s[i + k]))
        k++;
    return k;
}

static int imo_check(const char *d)
{
    int sum = 0;
    for (int i = 0; i < 6; i++)
        sum += (d[i] - '0') * (7 - i);
    return sum % 10 == d[6] - '0';
}

/* "IMO 1234567", "IMO number: 1234567", "(IMO) Number: 1234567". */
static emb_status scan_imo(uk_ctx *c, const char *s, size_t n, int vessel)
{
    for (size_t i = find_word(s, n, 0, "imo"); i < n; i = find_word(s, n, i, "imo")) {
        size_t j = skip(s, n, i, ")");
        j = skip_word(s, n, j, "number");
        j = skip_word(s, n, j, "no");
        j = skip(s, n, j, ".:");
        if (digits_at(s, n, j) != 7)
            continue;
        if (vessel && !imo_check(s + j)) {
            emb_status st = emb__ing_warn(
                c->ing, "IMO number '%.7s' fails its check digit; left in notes", s + j);
            if (st)
                return st;
            continue;
        }
        emb_status st = emb__ing_prop(c->ing, c->ent, EMB_P_IMO_NUMBER, s + j, 7);
        if (st)
            return st;
    }
    return EMB_OK;
}

/* "<label>: 1234567890" where the number has one of two lengths. */
static emb_status scan_code(uk_ctx *c, const char *s, size_t n, const char *label, size_t len1,
                            size_t len2, emb_prop p)
{
    for (size_t i = find_word(s, n, 0, label); i < n; i = find_word(s, n, i, label)) {
        size_t j = skip(s, n, i, ":");
        size_t k = digits_at(s, n, j);
        if (k == len1 || k == len2) {
            emb_status st = emb__ing_prop(c->ing, c->ent, p, s + j, k);
            if (st)
                return st;
        }
    }
    return EMB_OK;
}

/* E-mail addresses anywhere in s. */
static emb_status scan_email(uk_ctx *c, const char *s, size_t n)
{
    for (const char *at = memchr(s, '@', n); at;
         at = memchr(at + 1, '@', n - (size_t)(at + 1 - s))) {
        size_t i = (size_t)(at - s), a = i, b = i + 1;
        while (a > 0 && (is_alnum(s[a - 1]) || in_set(s[a - 1], "._%+-")))
            a--;
        while (b < n && (is_alnum(s[b]) || s[b] == '.' || s[b] == '-'))
            b++;
        while (b > i + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
            b--;
        const char *dot = NULL;
        for (size_t k = i + 1; k < b; k++)
            if (s[k] == '.')
                dot = s + k;
        if (a == i || !dot || (size_t)(s + b - dot) < 3)
            continue;
        emb_status st = emb__ing_prop(c->ing, c->ent, EMB_P_EMAIL, s + a, b - a);
        if (st)
            return st;
        if (b >= n)
            break;
    }
    return EMB_OK;
}

/* "Website: http://..." */
static emb_status scan_website(uk_ctx *c, const char *s, size_t n)
{
    for (size_t i = find_word(s, n, 0, "website"); i < n; i = find_word(s, n, i, "website")) {
        if (i >= n || s[i] != ':')
            continue;
        size_t j = skip(s, n, i, ":"), e = j;
        while (e < n && !is_space(s[e]))
            e++;
        while (e > j && in_set(s[e - 1], ".,;)"))
            e--;
        if (e - j > 4) {
            emb_status st = emb__ing_prop(c->ing, c->ent, EMB_P_WEBSITE, s + j, e - j);
            if (st)
                return st;
        }
    }
    return EMB_OK;
}

/* "Telephone: +850-2-18111", "Phone number: +963..." */
static emb_status scan_phone(uk_ctx *c, const char *s, size_t n)
{
    static const char *const labels[] = {"phone", "telephone", NULL};
    for (size_t l = 0; labels[l]; l++) {
        for (size_t i = find_word(s, n, 0, labels[l]); i < n; i = find_word(s, n, i, labels[l])) {
            size_t j = skip_word(s, n, skip(s, n, i, ""), "number");
            j = skip_word(s, n, j, "numbers");
            if (j >= n || s[j] != ':')
                continue;
            j = skip(s, n, j, ":");
            size_t e = j, nd = 0;
            while (e < n && (is_digit(s[e]) || in_set(s[e], "+-() "))) {
                nd += is_digit(s[e]) ? 1u : 0u;
                e++;
            }
            while (e > j && in_set(s[e - 1], "-( "))
                e--;
            if (nd >= 6) {
                emb_status st = emb__ing_prop(c->ing, c->ent, EMB_P_PHONE, s + j, e - j);
                if (st)
                    return st;
            }
        }
    }
    return EMB_OK;
}

/* Person facts: "Gender: Male", "Gender [Female]", "date of birth 22
 * February 1958", "passport number 836110034". */
static emb_status scan_person(uk_ctx *c, const char *s, size_t n)
{
    emb_status st = EMB_OK;
    for (size_t i = find_word(s, n, 0, "gender"); i < n && !st; i = find_word(s, n, i, "gender")) {
        size_t j = skip(s, n, i, ":[");
        if (skip_word(s, n, j, "male") != j)
            st = emb__ing_prop(c->ing, c->ent, EMB_P_GENDER, "male", 4);
        else if (skip_word(s, n, j, "female") != j)
            st = emb__ing_prop(c->ing, c->ent, EMB_P_GENDER, "female", 6);
    }
    for (size_t i = find_word(s, n, 0, "birth"); i < n && !st; i = find_word(s, n, i, "birth")) {
        /* only "date of birth": look back for it */
        if (i < 13 || !jeq(s + i - 13, 13, "date of birth"))
            continue;
        size_t j = skip(s, n, i, ":"), e = j;
        while (e < n && e - j < 40 && !in_set(s[e], ".;,\n"))
            e++;
        size_t k, year = 0;
        for (k = j; k < e; k += digits_at(s, n, k) ? digits_at(s, n, k) : 1)
            year |= digits_at(s, n, k) == 4;
        if (year)
            st = emb__ing_date(c->ing, c->ent, EMB_P_BIRTH_DATE, s + j, e - j, 0);
    }
    for (size_t i = find_word(s, n, 0, "passport"); i < n && !st;
         i = find_word(s, n, i, "passport")) {
        size_t j = skip_word(s, n, skip(s, n, i, ""), "number");
        if (j == skip(s, n, i, ""))
            continue;
        j = skip(s, n, j, ":");
        size_t e = j, nd = 0;
        while (e < n && (is_alnum(s[e]) || s[e] == '-')) {
            nd += is_digit(s[e]) ? 1u : 0u;
            e++;
        }
        if (e - j >= 5 && nd)
            st = emb__ing_prop(c->ing, c->ent, EMB_P_PASSPORT_NUMBER, s + j, e - j);
    }
    return st;
}

static emb_status scan_text(uk_ctx *c, const json_t *rec, const char *key, int imo)
{
    size_t n;
    const char *s = emb__jsonl_str(rec, key, &n);
    if (!s)
        return EMB_OK;
    emb_status st = imo ? scan_imo(c, s, n, c->schema == EMB_SCHEMA_VESSEL) : EMB_OK;
    if (st || c->schema == EMB_SCHEMA_VESSEL || strcmp(key, "other_information") != 0)
        return st;
    if (c->schema == EMB_SCHEMA_PERSON && (st = scan_person(c, s, n)) != EMB_OK)
        return st;
    if ((st = scan_code(c, s, n, "inn", 10, 12, EMB_P_INN_CODE)) != EMB_OK ||
        (st = scan_code(c, s, n, "ogrn", 13, 15, EMB_P_OGRN_CODE)) != EMB_OK ||
        (st = scan_email(c, s, n)) != EMB_OK || (st = scan_website(c, s, n)) != EMB_OK)
        return st;
    return scan_phone(c, s, n);
}

/* ---- names ---- */

static const char *const uk_name_keys[] = {"name1", "name2", "name3", "name4",
                                           "name5", "name6", NULL};

typedef enum uk_kind { UK_PRIMARY, UK_ALIAS, UK_WEAK, UK_UNKNOWN } uk_kind;

static uk_kind name_kind(const json_t *o)
{
    size_t n, sn;
    const char *t = emb__jsonl_str(o, "name_type", &n);
    const char *s = emb__jsonl_str(o, "alias_strength", &sn);
    if (jeq(t, n, "primary name"))
        return UK_PRIMARY;
    if (s && sn >= 3 && lower(s[0]) == 'l' && lower(s[1]) == 'o' && lower(s[2]) == 'w')
        return UK_WEAK;
    if (jeq(t, n, "alias") || jeq(t, n, "primary name variation"))
        return UK_ALIAS;
    return UK_UNKNOWN;
}

/* Finds the caption: the first non-empty primary name, else the first
 * non-empty name, else the first non-Latin name.  Leaves it in c->cap. */
static emb_status find_caption(uk_ctx *c, json_t *names, json_t *nonlatin, int *primary)
{
    size_t i;
    json_t *o;
    emb__buf_reset(&c->cap);
    *primary = 0;
    for (int pass = 0; pass < 2; pass++) {
        json_array_foreach(names, i, o)
        {
            if (!json_is_object(o) || (pass == 0 && name_kind(o) != UK_PRIMARY))
                continue;
            emb_status st = join(c, o, uk_name_keys, " ");
            if (st)
                return st;
            if (c->tmp.len) {
                *primary = pass == 0;
                return emb__buf_add(&c->cap, c->tmp.data, c->tmp.len);
            }
        }
    }
    json_array_foreach(nonlatin, i, o)
    {
        size_t n;
        const char *s = emb__jsonl_str(o, "name_non_latin_script", &n);
        while (n && is_space(*s)) {
            s++;
            n--;
        }
        if (n)
            return emb__buf_add(&c->cap, s, n);
    }
    return EMB_OK;
}

static emb_status uk_name(void *ctx, json_t *o)
{
    uk_ctx *c = ctx;
    static const char *const known[] = {"name1", "name2",     "name3",          "name4", "name5",
                                        "name6", "name_type", "alias_strength", NULL};
    static const emb_prop parts[] = {EMB_P_FIRST_NAME,  EMB_P_SECOND_NAME, EMB_P_MIDDLE_NAME,
                                     EMB_P_MIDDLE_NAME, EMB_P_MIDDLE_NAME, EMB_P_LAST_NAME};
    emb_status st = check_keys(c, o, "names", known);
    if (st || (st = join(c, o, uk_name_keys, " ")) != EMB_OK || c->tmp.len == 0)
        return st;
    uk_kind kind = name_kind(o);
    if (kind == UK_UNKNOWN) {
        size_t n;
        const char *t = emb__jsonl_str(o, "name_type", &n);
        st = emb__ing_warn(c->ing, "unknown name type '%.*s'; kept as alias",
                           (int)(n > 40 ? 40 : n), t ? t : "");
        if (st)
            return st;
    }
    if (!emb__jsonl_same_text(c->tmp.data, c->tmp.len, c->cap.data, c->cap.len)) {
        emb_prop p = kind == UK_PRIMARY ? EMB_P_NAME
                     : kind == UK_WEAK  ? EMB_P_WEAK_ALIAS
                                        : EMB_P_ALIAS;
        if ((st = emb__ing_prop(c->ing, c->ent, p, c->tmp.data, c->tmp.len)) != EMB_OK)
            return st;
    }
    if (c->schema != EMB_SCHEMA_PERSON || kind == UK_WEAK)
        return EMB_OK;
    for (size_t k = 0; k < 6 && !st; k++)
        st = put_text(c, parts[k], o, uk_name_keys[k]);
    return st;
}

static emb_status uk_nonlatin(void *ctx, json_t *o)
{
    uk_ctx *c = ctx;
    static const char *const known[] = {"name_non_latin_script", NULL};
    emb_status st = check_keys(c, o, "non_latin_names", known);
    size_t n;
    const char *s = emb__jsonl_str(o, "name_non_latin_script", &n);
    if (st || !s || emb__jsonl_same_text(s, n, c->cap.data, c->cap.len))
        return st;
    return emb__ing_prop(c->ing, c->ent, EMB_P_ALIAS, s, n);
}

static emb_status uk_address(void *ctx, json_t *o)
{
    uk_ctx *c = ctx;
    static const char *const known[] = {
        "address_line1", "address_line2",       "address_line3", "address_line4",   "address_line5",
        "address_line6", "address_postal_code", "postal_code",   "address_country", NULL};
    static const char *const lines[] = {"address_line1",       "address_line2", "address_line3",
                                        "address_line4",       "address_line5", "address_line6",
                                        "address_postal_code", "postal_code",   NULL};
    static const char *const full[] = {
        "address_line1", "address_line2",       "address_line3", "address_line4",   "address_line5",
        "address_line6", "address_postal_code", "postal_code",   "address_country", NULL};
    emb_status st = check_keys(c, o, "addresses", known);
    /* an address of a country alone is kept as the country only */
    if (!st)
        st = join(c, o, lines, ", ");
    if (!st && c->tmp.len && (st = join(c, o, full, ", ")) == EMB_OK)
        st = emb__ing_prop(c->ing, c->ent, EMB_P_ADDRESS, c->tmp.data, c->tmp.len);
    size_t n;
    const char *country = emb__jsonl_str(o, "address_country", &n);
    if (!st && country)
        st = emb__ing_country(c->ing, c->ent, EMB_P_COUNTRY, country, n);
    return st;
}

/* ---- one record ---- */

static emb_status uk_record(void *ctx, json_t *rec)
{
    static const char *const known[] = {"_file",
                                        "unique_id",
                                        "ofsi_group_id",
                                        "un_reference_number",
                                        "names",
                                        "non_latin_names",
                                        "regime_name",
                                        "individual_entity_ship",
                                        "designation_source",
                                        "sanctions_imposed",
                                        "sanctions_imposed_indicators",
                                        "other_information",
                                        "uk_statement_of_reasons",
                                        "addresses",
                                        "date_designated",
                                        "last_updated",
                                        NULL};
    uk_ctx *c = ctx;
    emb__ingest *ing = c->ing;
    char num[32];
    size_t idn;
    int bad;
    const char *uid = emb__jsonl_val(json_object_get(rec, "unique_id"), num, &idn, &bad);
    emb__jsonl_trim(&uid, &idn);
    if (!uid || !idn)
        return emb__ing_skip(ing, "record has no unique_id; skipped");
    if (idn > UK_ID_MAX || memchr(uid, '\0', idn))
        return emb__ing_skip(ing, "record unique_id is too long or holds a NUL; skipped");
    char id[UK_ID_MAX + 16];
    size_t len = strlen(UK_PREFIX);
    memcpy(id, UK_PREFIX, len);
    memcpy(id + len, uid, idn);
    len += idn;

    json_t *names, *nonlatin, *addresses;
    int primary;
    emb_status st = jlist(c, rec, "names", "names", &names);
    if (!st)
        st = jlist(c, rec, "non_latin_names", "names", &nonlatin);
    if (!st)
        st = jlist(c, rec, "addresses", "addresses", &addresses);
    if (!st)
        st = find_caption(c, names, nonlatin, &primary);
    if (st)
        return st;
    if (c->cap.len == 0)
        return emb__ing_skip(ing, "record '%.*s' has no name; skipped", (int)len, id);
    if (!primary &&
        (st = emb__ing_warn(ing, "record '%.*s' has no primary name; the first name is used",
                            (int)len, id)) != EMB_OK)
        return st;

    size_t tn;
    const char *type = emb__jsonl_str(rec, "individual_entity_ship", &tn);
    c->schema = EMB_SCHEMA_LEGAL_ENTITY;
    if (jeq(type, tn, "individual"))
        c->schema = EMB_SCHEMA_PERSON;
    else if (jeq(type, tn, "entity"))
        c->schema = EMB_SCHEMA_ORGANIZATION;
    else if (jeq(type, tn, "ship"))
        c->schema = EMB_SCHEMA_VESSEL;
    else if ((st = emb__ing_warn(ing, "unknown individual_entity_ship '%.*s'; kept as LegalEntity",
                                 (int)(tn > 40 ? 40 : tn), type ? type : "")) != EMB_OK)
        return st;

    if (emb__ing_find(ing, id, len, &c->ent) &&
        (st = emb__ing_warn(ing, "duplicate unique_id '%.*s'; records merged", (int)len, id)))
        return st;
    st = emb__ing_entity(ing, c->schema, id, len, &c->ent);
    if (st == EMB_EARG || st == EMB_EUTF8)
        return emb__ing_skip(ing, "record '%.*s' cannot be added; skipped", (int)len, id);
    if (st || (st = emb__ing_prop(ing, c->ent, EMB_P_NAME, c->cap.data, c->cap.len)) != EMB_OK)
        return st;

    if ((st = check_keys(c, rec, "record", known)) != EMB_OK ||
        (st = emb__jsonl_each(ing, names, "names", uk_name, c)) != EMB_OK ||
        (st = emb__jsonl_each(ing, nonlatin, "non_latin_names", uk_nonlatin, c)) != EMB_OK ||
        (st = emb__jsonl_each(ing, addresses, "addresses", uk_address, c)) != EMB_OK ||
        (st = put_text(c, EMB_P_PROGRAM, rec, "regime_name")) != EMB_OK ||
        (st = put_text(c, EMB_P_UNSC_ID, rec, "un_reference_number")) != EMB_OK ||
        (st = put_text(c, EMB_P_NOTES, rec, "other_information")) != EMB_OK ||
        (st = put_text(c, EMB_P_NOTES, rec, "uk_statement_of_reasons")) != EMB_OK ||
        (st = put_note(c, rec, "sanctions_imposed", "Sanctions imposed: ")) != EMB_OK ||
        (st = put_note(c, rec, "designation_source", "Designation source: ")) != EMB_OK ||
        (st = put_note(c, rec, "ofsi_group_id", "OFSI group ID: ")) != EMB_OK)
        return st;

    /* the regime code is the letters that start unique_id ("DPR0001") */
    char code[8];
    size_t k = 0;
    while (k < idn && k < sizeof code &&
           ((uid[k] >= 'A' && uid[k] <= 'Z') || (uid[k] >= 'a' && uid[k] <= 'z'))) {
        code[k] = (char)(uid[k] >= 'a' ? uid[k] - 'a' + 'A' : uid[k]);
        k++;
    }
    if (k && k < sizeof code && (st = emb__ing_prop(ing, c->ent, EMB_P_PROGRAM_ID, code, k)))
        return st;

    size_t dn;
    const char *d = emb__jsonl_str(rec, "date_designated", &dn);
    if (d && (st = emb__ing_date(ing, c->ent, EMB_P_LISTING_DATE, d, dn, 0)) != EMB_OK)
        return st;
    d = emb__jsonl_str(rec, "last_updated", &dn);
    if (d && (st = emb__ing_date(ing, c->ent, EMB_P_MODIFIED_AT, d, dn, 0)) != EMB_OK)
        return st;

    /* facts only the free text gives */
    int ship = c->schema == EMB_SCHEMA_VESSEL;
    if (ship) {
        size_t i;
        json_t *o;
        json_array_foreach(names, i, o)
        {
            if (json_is_object(o) && (st = join(c, o, uk_name_keys, " ")) == EMB_OK)
                st = scan_imo(c, c->tmp.data ? c->tmp.data : "", c->tmp.len, 1);
            if (st)
                return st;
        }
    }
    if ((st = scan_text(c, rec, "other_information", c->schema != EMB_SCHEMA_PERSON)) != EMB_OK ||
        (st = scan_text(c, rec, "uk_statement_of_reasons", ship)) != EMB_OK)
        return st;
    return emb__ing_prop(ing, c->ent, EMB_P_TOPICS, "sanction", 8);
}

/* ---- the file ---- */

emb_status emb__read_uk(emb__ingest *ing, const emb__file *f)
{
    uk_ctx c;
    memset(&c, 0, sizeof c);
    c.ing = ing;
    emb__buf_init(&c.tmp, EMB_CAP_LINE);
    emb__buf_init(&c.cap, EMB_CAP_LINE);
    emb_status st = emb__jsonl_read(ing, f, uk_record, &c);
    emb__buf_destroy(&c.tmp);
    emb__buf_destroy(&c.cap);
    return st;
}
