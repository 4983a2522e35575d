/*
 * eu.c - reader for the EU Financial Sanctions Files (FSF) consolidated list
 * in the JSON Lines form made from the ammitto project's per-entity YAML
 * files (data/lists/eu_fsf/eu_fsf_entities.jsonl.xz; described in
 * SOURCES.md, "lists/eu_fsf_ammitto").  Each line is one FSF
 * sanctionEntity whose keys are the FSF XML attributes in snake_case; a
 * line is parsed on its own with jansson (the line walk and the typed key
 * access are shared with uk.c, in jsonl.c).
 *
 * Mapping: eu_reference_number (else logical_id) -> id "eu-<ref>";
 * subject_type person / enterprise -> Person / Organization.  name_aliases:
 * FSF marks no primary name, so the caption is the first strong alias in
 * English, else the first strong one in Latin script, else the first strong
 * one; the other strong aliases are alias, the others weakAlias; every
 * alias also gives name parts, gender, title and function (position for a
 * person, notes for an enterprise, where it describes the body).
 * birthdates -> birthDate (an Islamic-calendar year without a Gregorian
 * date becomes the two Gregorian years it overlaps), birthPlace,
 * birthCountry; citizenships -> nationality; identifications by type code
 * -> passportNumber, idNumber, taxNumber, registrationNumber, imoNumber,
 * swiftBic (plus innCode / ogrnCode for Russian numbers of those shapes);
 * addresses -> address and country; regulations -> program, sourceUrl and a
 * "Regulation ..." note; the earliest and latest publication dates of the
 * regulations and of the per-field regulation summaries -> listingDate and
 * modifiedAt; remark, designation_details -> notes; united_nation_id ->
 * unscId; topics "sanction".
 *
 * Not kept, on purpose: FSF logical ids, name languages, regulation
 * language, organisation type and entry-into-force date, the issuing country
 * of identity documents (the entity model has no per-document country) and
 * the converter's _file key.  A key this reader does not know is reported
 * once as a warning so that a change of format does not lose data silently.
 * The file holds no date of its own, so no list date is set.
 */
#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/limits.h"
#include "../base/utf8.h"
#include "ingest.h"
#include "jsonl.h"

#define EU_ID_MAX 200 /* longest list identifier accepted */

typedef struct eu_ctx {
    emb__ingest *ing;
    uint32_t ent;
    int person;
    char first[11], last[11]; /* earliest / latest publication date */
    emb__buf tmp;             /* joined values */
    emb__buf cap;             /* the caption of the current record */
    emb__jsonl_seen seen;
} eu_ctx;

/* ---- JSON access ---- */

/* A small whole number of key (integer or digit string), 0 when none. */
static long jint(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        return x > 0 && x < 100000 ? (long)x : 0;
    }
    size_t n;
    const char *s = emb__jsonl_str(o, key, &n);
    long x = 0;
    for (size_t i = 0; s && i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || i >= 5)
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    return x;
}

static emb_status check_keys(eu_ctx *c, json_t *o, const char *where, const char *const *known)
{
    return emb__jsonl_check_keys(c->ing, &c->seen, o, where, known);
}

static emb_status jlist(eu_ctx *c, const json_t *o, const char *key, json_t **out)
{
    return emb__jsonl_array(c->ing, json_object_get(o, key), key, out);
}

/* ---- values ---- */

static emb_status put_text(eu_ctx *c, emb_prop p, const json_t *o, const char *key)
{
    return emb__jsonl_put_text(c->ing, c->ent, p, o, key);
}

/* the country name "UNKNOWN" says nothing */
static int unknown_country(const char *key, const char *s, size_t n)
{
    return strcmp(key, "country_description") == 0 && emb__jsonl_ieq(s, n, "unknown");
}

/* Joins the non-empty texts of keys into c->tmp with sep between. */
static emb_status join(eu_ctx *c, const json_t *o, const char *const *keys, const char *sep)
{
    return emb__jsonl_join(c->ing, &c->tmp, o, keys, sep, unknown_country);
}

/* Country from country_iso2_code ("00" means unknown), else from
 * country_description. */
static emb_status put_country(eu_ctx *c, emb_prop p, const json_t *o)
{
    size_t n;
    const char *s = emb__jsonl_str(o, "country_iso2_code", &n);
    if (s && !(n == 2 && s[0] == '0' && s[1] == '0'))
        return emb__ing_country(c->ing, c->ent, p, s, n);
    s = emb__jsonl_str(o, "country_description", &n);
    if (s && !emb__jsonl_ieq(s, n, "unknown"))
        return emb__ing_country(c->ing, c->ent, p, s, n);
    return EMB_OK;
}

static int is_iso_day(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

/* Widens the record's publication-date range with s. */
static void note_date(eu_ctx *c, const char *s, size_t n)
{
    if (!s || !is_iso_day(s, n))
        return;
    if (!c->first[0] || memcmp(s, c->first, 10) < 0)
        memcpy(c->first, s, 10);
    if (!c->last[0] || memcmp(s, c->last, 10) > 0)
        memcpy(c->last, s, 10);
    c->first[10] = c->last[10] = '\0';
}

static void scan_summaries(eu_ctx *c, const json_t *o)
{
    const json_t *a = json_object_get(o, "regulation_summaries");
    size_t i, n;
    const json_t *r;
    json_array_foreach(a, i, r)
    {
        const char *s = emb__jsonl_str(r, "publication_date", &n);
        note_date(c, s, n);
    }
}

/* 1 when every character is Latin, Latin-extended or punctuation. */
static int latin_script(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t cp = emb__utf8_next(s, n, &i);
        if (cp < 0)
            return 0;
        if (cp < 0x250 || (cp >= 0x1E00 && cp < 0x1F00) || (cp >= 0x2000 && cp < 0x2070))
            continue;
        return 0;
    }
    return 1;
}

/* ---- names ---- */

/* The name of an alias: whole_name, else its parts joined (in c->tmp). */
static emb_status alias_name(eu_ctx *c, const json_t *a, const char **s, size_t *n)
{
    static const char *const parts[] = {"first_name", "middle_name", "last_name", NULL};
    *s = emb__jsonl_str(a, "whole_name", n);
    if (*s) {
        emb__jsonl_trim(s, n);
        if (*n)
            return EMB_OK;
    }
    emb_status st = join(c, a, parts, " ");
    *s = c->tmp.data;
    *n = c->tmp.len;
    return st;
}

static int alias_strong(const json_t *a)
{
    const json_t *v = json_object_get(a, "strong");
    if (json_is_boolean(v))
        return json_is_true(v);
    size_t n;
    const char *s = emb__jsonl_str(a, "strong", &n);
    return !(emb__jsonl_ieq(s, n, "false") || emb__jsonl_ieq(s, n, "no"));
}

/* Chooses the caption (see the top of the file); -1 when no alias has a
 * name. */
static emb_status pick_caption(eu_ctx *c, const json_t *aliases, long *pick)
{
    *pick = -1;
    long first_strong = -1, first_latin = -1, first_any = -1;
    size_t i;
    const json_t *a;
    json_array_foreach(aliases, i, a)
    {
        const char *s;
        size_t n;
        if (!json_is_object(a))
            continue;
        emb_status st = alias_name(c, a, &s, &n);
        if (st)
            return st;
        if (n == 0)
            continue;
        if (first_any < 0)
            first_any = (long)i;
        if (!alias_strong(a))
            continue;
        size_t ln;
        const char *lang = emb__jsonl_str(a, "name_language", &ln);
        if (emb__jsonl_ieq(lang, ln, "en")) {
            *pick = (long)i;
            return EMB_OK;
        }
        if (first_latin < 0 && latin_script(s, n))
            first_latin = (long)i;
        if (first_strong < 0)
            first_strong = (long)i;
    }
    *pick = first_latin >= 0 ? first_latin : first_strong >= 0 ? first_strong : first_any;
    return EMB_OK;
}

static emb_status eu_alias(eu_ctx *c, json_t *a, int caption)
{
    static const char *const known[] = {"whole_name",  "first_name",
                                        "middle_name", "last_name",
                                        "gender",      "function",
                                        "title",       "name_language",
                                        "strong",      "regulation_language",
                                        "logical_id",  "regulation_summaries",
                                        NULL};
    emb_status st = check_keys(c, a, "name_aliases", known);
    if (st)
        return st;
    scan_summaries(c, a);
    const char *s;
    size_t n;
    if ((st = alias_name(c, a, &s, &n)) != EMB_OK)
        return st;
    int strong = alias_strong(a);
    if (n && !caption && !emb__jsonl_same_text(s, n, c->cap.data, c->cap.len))
        st = emb__ing_prop(c->ing, c->ent, strong ? EMB_P_ALIAS : EMB_P_WEAK_ALIAS, s, n);
    /* name parts of weak aliases would make weak matches look strong */
    int parts = c->person && (strong || caption);
    if (!st && parts)
        st = put_text(c, EMB_P_FIRST_NAME, a, "first_name");
    if (!st && parts)
        st = put_text(c, EMB_P_MIDDLE_NAME, a, "middle_name");
    if (!st && parts)
        st = put_text(c, EMB_P_LAST_NAME, a, "last_name");
    if (!st)
        st = put_text(c, c->person ? EMB_P_POSITION : EMB_P_NOTES, a, "function");
    if (!st)
        st = put_text(c, EMB_P_TITLE, a, "title");
    if (st)
        return st;
    const char *g = emb__jsonl_str(a, "gender", &n);
    if (emb__jsonl_ieq(g, n, "m") || emb__jsonl_ieq(g, n, "male"))
        return emb__ing_prop(c->ing, c->ent, EMB_P_GENDER, "male", 4);
    if (emb__jsonl_ieq(g, n, "f") || emb__jsonl_ieq(g, n, "female"))
        return emb__ing_prop(c->ing, c->ent, EMB_P_GENDER, "female", 6);
    if (g)
        return emb__ing_warn(c->ing, "unknown gender '%.*s'; ignored", (int)(n > 20 ? 20 : n), g);
    return EMB_OK;
}

/* ---- other parts of a record ---- */

static emb_status eu_birth(void *ctx, json_t *b)
{
    eu_ctx *c = ctx;
    static const char *const known[] = {"birthdate",
                                        "year",
                                        "month_of_year",
                                        "day_of_month",
                                        "circa",
                                        "calendar_type",
                                        "place",
                                        "city",
                                        "region",
                                        "zip_code",
                                        "country_iso2_code",
                                        "country_description",
                                        "regulation_language",
                                        "logical_id",
                                        "regulation_summaries",
                                        NULL};
    static const char *const place[] = {"place", "city", "region", "country_description", NULL};
    emb_status st = check_keys(c, b, "birthdates", known);
    if (st)
        return st;
    scan_summaries(c, b);
    size_t n, cn;
    const char *bd = emb__jsonl_str(b, "birthdate", &n);
    const char *cal = emb__jsonl_str(b, "calendar_type", &cn);
    long y = jint(b, "year"), m = jint(b, "month_of_year"), d = jint(b, "day_of_month");
    char iso[16];
    const char *when = NULL;
    if (bd) {
        st = emb__ing_date(c->ing, c->ent, EMB_P_BIRTH_DATE, bd, n, 0);
        when = bd;
    } else if (y && emb__jsonl_ieq(cal, cn, "islamic")) {
        /* A Hijri year (354.37 days) starting at Gregorian 622.54 +
         * (y - 1) * 0.970224 overlaps two Gregorian years. */
        double start = 622.54 + (double)(y - 1) * 0.970224;
        int g0 = (int)start, g1 = (int)(start + 0.970224);
        for (int g = g0; g <= g1 && !st; g++) {
            snprintf(iso, sizeof iso, "%04d", g);
            st = emb__ing_date(c->ing, c->ent, EMB_P_BIRTH_DATE, iso, strlen(iso), 0);
        }
        char note[64];
        snprintf(note, sizeof note, "Birth year %ld (Islamic calendar)", y);
        if (!st)
            st = emb__ing_prop(c->ing, c->ent, EMB_P_NOTES, note, strlen(note));
    } else if (y) {
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
            snprintf(iso, sizeof iso, "%04ld-%02ld-%02ld", y, m, d);
        else if (m >= 1 && m <= 12)
            snprintf(iso, sizeof iso, "%04ld-%02ld", y, m);
        else
            snprintf(iso, sizeof iso, "%04ld", y);
        st = emb__ing_date(c->ing, c->ent, EMB_P_BIRTH_DATE, iso, strlen(iso), 0);
        when = iso;
    }
    if (!st && when && json_is_true(json_object_get(b, "circa"))) {
        char note[64];
        snprintf(note, sizeof note, "Birth date circa %.20s", when);
        st = emb__ing_prop(c->ing, c->ent, EMB_P_NOTES, note, strlen(note));
    }
    if (!st)
        st = join(c, b, place, ", ");
    if (!st)
        st = emb__ing_prop(c->ing, c->ent, EMB_P_BIRTH_PLACE, c->tmp.data, c->tmp.len);
    if (!st)
        st = put_country(c, EMB_P_BIRTH_COUNTRY, b);
    return st;
}

static emb_status eu_citizenship(void *ctx, json_t *o)
{
    eu_ctx *c = ctx;
    static const char *const known[] = {
        "country_iso2_code", "country_description",  "region", "regulation_language",
        "logical_id",        "regulation_summaries", NULL};
    emb_status st = check_keys(c, o, "citizenships", known);
    if (st)
        return st;
    scan_summaries(c, o);
    if ((st = put_country(c, EMB_P_NATIONALITY, o)) != EMB_OK)
        return st;
    size_t n;
    const char *r = emb__jsonl_str(o, "region", &n);
    if (!r)
        return EMB_OK;
    emb__buf_reset(&c->tmp);
    if ((st = emb__buf_adds(&c->tmp, "Citizenship region: ")) == EMB_OK &&
        (st = emb__buf_add(&c->tmp, r, n)) == EMB_OK)
        st = emb__ing_prop(c->ing, c->ent, EMB_P_NOTES, c->tmp.data, c->tmp.len);
    return st;
}

static emb_status eu_address(void *ctx, json_t *o)
{
    eu_ctx *c = ctx;
    static const char *const known[] = {"street",
                                        "po_box",
                                        "city",
                                        "zip_code",
                                        "region",
                                        "place",
                                        "country_iso2_code",
                                        "country_description",
                                        "regulation_language",
                                        "logical_id",
                                        "regulation_summaries",
                                        NULL};
    static const char *const lines[] = {"street", "po_box", "city", "zip_code",
                                        "region", "place",  NULL};
    static const char *const full[] = {
        "street", "po_box", "city", "zip_code", "region", "place", "country_description", NULL};
    emb_status st = check_keys(c, o, "addresses", known);
    if (st)
        return st;
    scan_summaries(c, o);
    /* an address of a country alone is kept as the country only */
    if ((st = join(c, o, lines, ", ")) != EMB_OK)
        return st;
    if (c->tmp.len && (st = join(c, o, full, ", ")) == EMB_OK)
        st = emb__ing_prop(c->ing, c->ent, EMB_P_ADDRESS, c->tmp.data, c->tmp.len);
    if (!st)
        st = put_country(c, EMB_P_COUNTRY, o);
    return st;
}

static const struct {
    const char *code;
    emb_prop prop;
} eu_id_types[] = {
    {"passport", EMB_P_PASSPORT_NUMBER},
    {"id", EMB_P_ID_NUMBER},
    {"regnumber", EMB_P_REGISTRATION_NUMBER},
    {"fiscalcode", EMB_P_TAX_NUMBER},
    {"taxid", EMB_P_TAX_NUMBER},
    {"euvat", EMB_P_TAX_NUMBER},
    {"imo", EMB_P_IMO_NUMBER},
    {"swiftbic", EMB_P_SWIFT_BIC},
    {"tradelic", EMB_P_REGISTRATION_NUMBER},
    {"other", EMB_P_ID_NUMBER},
    {"birthcert", EMB_P_ID_NUMBER},
    {"drivinglicence", EMB_P_ID_NUMBER},
    {"nationcert", EMB_P_ID_NUMBER},
    {"travelcardid", EMB_P_ID_NUMBER},
    {"residentperm", EMB_P_ID_NUMBER},
    {"ssn", EMB_P_ID_NUMBER},
    {"unssn", EMB_P_ID_NUMBER},
    {"electionid", EMB_P_ID_NUMBER},
};

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

static emb_status eu_ident(void *ctx, json_t *o)
{
    eu_ctx *c = ctx;
    static const char *const known[] = {"number",
                                        "identification_type_code",
                                        "identification_type_description",
                                        "country_iso2_code",
                                        "country_description",
                                        "regulation_language",
                                        "logical_id",
                                        "regulation_summaries",
                                        NULL};
    emb_status st = check_keys(c, o, "identifications", known);
    if (st)
        return st;
    scan_summaries(c, o);
    char num[32];
    size_t n, tn, cn;
    int bad;
    const char *v = emb__jsonl_val(json_object_get(o, "number"), num, &n, &bad);
    if (!v)
        return bad ? emb__ing_warn(c->ing, "identification number is not text; ignored") : EMB_OK;
    const char *type = emb__jsonl_str(o, "identification_type_code", &tn);
    emb_prop p = EMB_P__COUNT;
    for (size_t i = 0; type && i < sizeof eu_id_types / sizeof eu_id_types[0]; i++)
        if (emb__jsonl_ieq(type, tn, eu_id_types[i].code))
            p = eu_id_types[i].prop;
    if (p == EMB_P__COUNT) {
        p = EMB_P_ID_NUMBER;
        st = emb__ing_warn(c->ing, "unknown identification type '%.*s'; kept as idNumber",
                           (int)(tn > 40 ? 40 : tn), type ? type : "");
        if (st)
            return st;
    }
    if ((st = emb__ing_prop(c->ing, c->ent, p, v, n)) != EMB_OK)
        return st;
    /* Russian tax numbers (INN: 10 or 12 digits) and state registration
     * numbers (OGRN: 13, OGRNIP: 15) have fields of their own. */
    const char *cc = emb__jsonl_str(o, "country_iso2_code", &cn);
    if (!emb__jsonl_ieq(cc, cn, "ru") || !all_digits(v, n))
        return EMB_OK;
    if (p == EMB_P_TAX_NUMBER && (n == 10 || n == 12))
        return emb__ing_prop(c->ing, c->ent, EMB_P_INN_CODE, v, n);
    if (p == EMB_P_REGISTRATION_NUMBER && (n == 13 || n == 15))
        return emb__ing_prop(c->ing, c->ent, EMB_P_OGRN_CODE, v, n);
    return EMB_OK;
}

static emb_status eu_regulation(void *ctx, json_t *o)
{
    eu_ctx *c = ctx;
    static const char *const known[] = {"programme",
                                        "publication_date",
                                        "publication_url",
                                        "number_title",
                                        "regulation_type",
                                        "organisation_type",
                                        "entry_into_force_date",
                                        "logical_id",
                                        NULL};
    emb_status st = check_keys(c, o, "regulations", known);
    if (st)
        return st;
    size_t n;
    const char *d = emb__jsonl_str(o, "publication_date", &n);
    note_date(c, d, n);
    if ((st = put_text(c, EMB_P_PROGRAM, o, "programme")) != EMB_OK ||
        (st = put_text(c, EMB_P_SOURCE_URL, o, "publication_url")) != EMB_OK)
        return st;
    const char *t = emb__jsonl_str(o, "number_title", &n);
    if (!t)
        return EMB_OK;
    emb__buf_reset(&c->tmp);
    if ((st = emb__buf_adds(&c->tmp, "Regulation ")) == EMB_OK &&
        (st = emb__buf_add(&c->tmp, t, n)) == EMB_OK)
        st = emb__ing_prop(c->ing, c->ent, EMB_P_NOTES, c->tmp.data, c->tmp.len);
    return st;
}

/* Runs fn over the objects of the list under key. */
static emb_status each(eu_ctx *c, const json_t *rec, const char *key, emb__jsonl_fn fn)
{
    json_t *list;
    emb_status st = jlist(c, rec, key, &list);
    return st ? st : emb__jsonl_each(c->ing, list, key, fn, c);
}

/* ---- one record ---- */

static emb_status eu_record(void *ctx, json_t *rec)
{
    static const char *const known[] = {"_file",
                                        "eu_reference_number",
                                        "logical_id",
                                        "regulations",
                                        "subject_type",
                                        "name_aliases",
                                        "addresses",
                                        "birthdates",
                                        "citizenships",
                                        "identifications",
                                        "remark",
                                        "designation_details",
                                        "united_nation_id",
                                        NULL};
    eu_ctx *c = ctx;
    emb__ingest *ing = c->ing;
    char num[32];
    size_t idn;
    int bad;
    const char *ref = emb__jsonl_val(json_object_get(rec, "eu_reference_number"), num, &idn, &bad);
    if (ref)
        emb__jsonl_trim(&ref, &idn);
    if (!ref || !idn) {
        ref = emb__jsonl_val(json_object_get(rec, "logical_id"), num, &idn, &bad);
        if (ref)
            emb__jsonl_trim(&ref, &idn);
    }
    if (!ref || !idn)
        return emb__ing_skip(ing, "record has no eu_reference_number or logical_id; skipped");
    if (idn > EU_ID_MAX || memchr(ref, '\0', idn))
        return emb__ing_skip(ing, "record identifier is too long or holds a NUL; skipped");
    char id[EU_ID_MAX + 8];
    memcpy(id, "eu-", 3);
    memcpy(id + 3, ref, idn);
    size_t len = idn + 3;

    json_t *aliases;
    emb_status st = jlist(c, rec, "name_aliases", &aliases);
    long pick = -1;
    if (!st)
        st = pick_caption(c, aliases, &pick);
    if (st)
        return st;
    if (pick < 0)
        return emb__ing_skip(ing, "record '%.*s' has no name; skipped", (int)len, id);

    const json_t *subject = json_object_get(rec, "subject_type");
    size_t tn;
    const char *type = emb__jsonl_str(subject, "code", &tn);
    emb_schema schema = EMB_SCHEMA_LEGAL_ENTITY;
    if (emb__jsonl_ieq(type, tn, "person"))
        schema = EMB_SCHEMA_PERSON;
    else if (emb__jsonl_ieq(type, tn, "enterprise"))
        schema = EMB_SCHEMA_ORGANIZATION;
    else if ((st = emb__ing_warn(ing, "unknown subject type '%.*s'; kept as LegalEntity",
                                 (int)(tn > 40 ? 40 : tn), type ? type : "")) != EMB_OK)
        return st;
    c->person = schema == EMB_SCHEMA_PERSON;
    c->first[0] = c->last[0] = '\0';

    if (emb__ing_find(ing, id, len, &c->ent) &&
        (st = emb__ing_warn(ing, "duplicate identifier '%.*s'; records merged", (int)len, id)))
        return st;
    st = emb__ing_entity(ing, schema, id, len, &c->ent);
    if (st == EMB_EARG || st == EMB_EUTF8)
        return emb__ing_skip(ing, "record '%.*s' cannot be added; skipped", (int)len, id);
    if (st)
        return st;

    /* the caption first: its value is the entity's first name */
    const char *s;
    size_t n;
    json_t *a = json_array_get(aliases, (size_t)pick);
    if ((st = alias_name(c, a, &s, &n)) != EMB_OK)
        return st;
    emb__buf_reset(&c->cap);
    if ((st = emb__buf_add(&c->cap, s, n)) != EMB_OK ||
        (st = emb__ing_prop(ing, c->ent, EMB_P_NAME, c->cap.data, c->cap.len)) != EMB_OK)
        return st;
    size_t i;
    json_array_foreach(aliases, i, a)
    {
        if (!json_is_object(a))
            st = emb__ing_warn(ing, "an item of 'name_aliases' is not an object; ignored");
        else
            st = eu_alias(c, a, (long)i == pick);
        if (st)
            return st;
    }

    if ((st = check_keys(c, rec, "record", known)) != EMB_OK ||
        (st = each(c, rec, "regulations", eu_regulation)) != EMB_OK ||
        (st = each(c, rec, "birthdates", eu_birth)) != EMB_OK ||
        (st = each(c, rec, "citizenships", eu_citizenship)) != EMB_OK ||
        (st = each(c, rec, "identifications", eu_ident)) != EMB_OK ||
        (st = each(c, rec, "addresses", eu_address)) != EMB_OK ||
        (st = put_text(c, EMB_P_UNSC_ID, rec, "united_nation_id")) != EMB_OK ||
        (st = put_text(c, EMB_P_NOTES, rec, "remark")) != EMB_OK ||
        (st = put_text(c, EMB_P_NOTES, rec, "designation_details")) != EMB_OK)
        return st;
    if (c->first[0] &&
        (st = emb__ing_date(ing, c->ent, EMB_P_LISTING_DATE, c->first, 10, 0)) != EMB_OK)
        return st;
    if (c->last[0] &&
        (st = emb__ing_date(ing, c->ent, EMB_P_MODIFIED_AT, c->last, 10, 0)) != EMB_OK)
        return st;
    return emb__ing_prop(ing, c->ent, EMB_P_TOPICS, "sanction", 8);
}

/* ---- the file ---- */

emb_status emb__read_eu(emb__ingest *ing, const emb__file *f)
{
    eu_ctx c;
    memset(&c, 0, sizeof c);
    c.ing = ing;
    emb__buf_init(&c.tmp, EMB_CAP_LINE);
    emb__buf_init(&c.cap, EMB_CAP_LINE);
    emb_status st = emb__jsonl_read(ing, f, eu_record, &c);
    emb__buf_destroy(&c.tmp);
    emb__buf_destroy(&c.cap);
    return st;
}
