/*
 * csl.c - reader for the US Consolidated Screening List CSV published by
 * trade.gov (docs/lists.md; header `_id,source,entity_number,type,...,ids`).
 *
 * One entity per row, id "csl-" + _id.  A party on several source lists
 * appears once per list with the same _id; those rows merge into one entity
 * (get-or-create), gathering each list's authority, programme and topic.
 * Columns are located by header name; _id, source, type and name are
 * required, any column we do not know is kept in notes (with one warning).
 *
 * `source` is kept as the authority; its short code in parentheses (SDN,
 * EL, DPL, DTC ...) is added as a programme and decides the topics
 * (src_def below).  `type` Individual/Entity/Vessel/Aircraft gives Person,
 * Organization, Vessel, Airplane; the BIS and State lists leave it empty
 * and mix persons with companies, so those rows are LegalEntity.
 *
 * Multi-valued columns are ";"-separated.  The `ids` column holds entries
 * "[CC, ][date, ...]value, Type" (the type is always the last comma part,
 * the value may itself hold commas): each type is mapped by the table
 * below to an identifier property, a vessel/aircraft property, or a note.
 */
#include "ingest.h"

#include <string.h>

#include "../base/buf.h"
#include "../base/limits.h"
#include "../base/utf8.h"
#include "../text/country.h"
#include "csv.h"
#include "listutil.h"

enum {
    C_ID,
    C_SOURCE,
    C_ENTITY_NUMBER,
    C_TYPE,
    C_PROGRAMS,
    C_NAME,
    C_TITLE,
    C_ADDRESSES,
    C_FR_NOTICE,
    C_START_DATE,
    C_END_DATE,
    C_STANDARD_ORDER,
    C_LICENSE_REQ,
    C_LICENSE_POLICY,
    C_CALL_SIGN,
    C_VESSEL_TYPE,
    C_GROSS_TONNAGE,
    C_GRT,
    C_VESSEL_FLAG,
    C_VESSEL_OWNER,
    C_REMARKS,
    C_LIST_URL,
    C_ALT_NAMES,
    C_CITIZENSHIPS,
    C_DOB,
    C_NATIONALITIES,
    C_POB,
    C_INFO_URL,
    C_IDS,
    C__COUNT
};

static const emb__lu_coldef col_def[C__COUNT] = {
    {"_id", 1},
    {"source", 1},
    {"entity_number", 0},
    {"type", 1},
    {"programs", 0},
    {"name", 1},
    {"title", 0},
    {"addresses", 0},
    {"federal_register_notice", 0},
    {"start_date", 0},
    {"end_date", 0},
    {"standard_order", 0},
    {"license_requirement", 0},
    {"license_policy", 0},
    {"call_sign", 0},
    {"vessel_type", 0},
    {"gross_tonnage", 0},
    {"gross_registered_tonnage", 0},
    {"vessel_flag", 0},
    {"vessel_owner", 0},
    {"remarks", 0},
    {"source_list_url", 0},
    {"alt_names", 0},
    {"citizenships", 0},
    {"dates_of_birth", 0},
    {"nationalities", 0},
    {"places_of_birth", 0},
    {"source_information_url", 0},
    {"ids", 0},
};

/* Source lists by the short code in parentheses in `source`, with the
 * topics their entries carry. */
static const struct {
    const char *code;
    const char *topic1;
    const char *topic2;
} src_def[] = {
    {"SDN", "sanction", NULL},
    {"SSI", "sanction", NULL},
    {"PLC", "sanction", NULL},
    {"CMIC", "sanction", NULL},
    {"CAP", "sanction", NULL},
    {"NS-MBS List", "sanction", NULL},
    {"FSE", "sanction", NULL},
    {"ISN", "sanction", NULL},
    {"EL", "export.control", NULL},
    {"MEU", "export.control", NULL},
    {"UVL", "export.control", NULL},
    {"DPL", "debarment", NULL},
    {"DTC", "export.control", "debarment"},
};

/* What to do with one kind of `ids` entry. */
typedef enum {
    ID_NOTE,    /* "Type: value" in notes */
    ID_PROP,    /* value to prop (identifiers keep country/dates in a note) */
    ID_COUNTRY, /* country-valued prop */
    ID_DATE,    /* date-valued prop */
    ID_GENDER,
    ID_LEI,  /* leiCode when shaped like an LEI, else registrationNumber */
    ID_NAMED /* FtM property outside props.h, by name */
} id_action;

typedef struct id_rule {
    const char *type;
    id_action act;
    emb_prop prop;
    const char *named;
} id_rule;

/* clang-format off */
#define R(t, p) {t, ID_PROP, EMB_P_##p, NULL}
/* clang-format on */
static const id_rule id_rules[] = {
    R("Tax ID No.", TAX_NUMBER),
    R("R.F.C.", TAX_NUMBER),
    R("RFC", TAX_NUMBER),
    R("NIT #", TAX_NUMBER),
    R("RUC #", TAX_NUMBER),
    R("RIF #", TAX_NUMBER),
    R("V.A.T. Number", TAX_NUMBER),
    R("US FEIN", TAX_NUMBER),
    R("C.U.I.T.", TAX_NUMBER),
    R("C.I.F.", TAX_NUMBER),
    R("Italian Fiscal Code", TAX_NUMBER),
    R("Fiscal Code", TAX_NUMBER),
    R("Romanian Tax Registration", TAX_NUMBER),
    R("Paraguayan tax identification number", TAX_NUMBER),
    R("Numero Unico de Identificacao Tributaria (NUIT)", TAX_NUMBER),
    R("RTN", TAX_NUMBER),
    R("RSIN", TAX_NUMBER),
    R("Registration Number", REGISTRATION_NUMBER),
    R("Registration ID", REGISTRATION_NUMBER),
    R("Company Number", REGISTRATION_NUMBER),
    R("UK Company Number", REGISTRATION_NUMBER),
    R("Commercial Registry Number", REGISTRATION_NUMBER),
    R("Business Registration Number", REGISTRATION_NUMBER),
    R("Business Registration Document #", REGISTRATION_NUMBER),
    R("Business Number", REGISTRATION_NUMBER),
    R("Trade License No.", REGISTRATION_NUMBER),
    R("License", REGISTRATION_NUMBER),
    R("Tourism License No.", REGISTRATION_NUMBER),
    R("Matricula Mercantil No", REGISTRATION_NUMBER),
    R("Folio Mercantil No.", REGISTRATION_NUMBER),
    R("C.R. No.", REGISTRATION_NUMBER),
    R("Romanian C.R.", REGISTRATION_NUMBER),
    R("Chamber of Commerce Number", REGISTRATION_NUMBER),
    R("Dubai Chamber of Commerce Membership No.", REGISTRATION_NUMBER),
    R("Istanbul Chamber of Comm. No.", REGISTRATION_NUMBER),
    R("Unified Social Credit Code (USCC)", REGISTRATION_NUMBER),
    R("United Social Credit Code Certificate (USCCC)", REGISTRATION_NUMBER),
    R("Public Registration Number", REGISTRATION_NUMBER),
    R("Central Registration System Number", REGISTRATION_NUMBER),
    R("Enterprise Number", REGISTRATION_NUMBER),
    R("Certificate of Incorporation Number", REGISTRATION_NUMBER),
    R("Branch Unit Number", REGISTRATION_NUMBER),
    R("Government Gazette Number", REGISTRATION_NUMBER),
    R("D-U-N-S Number", REGISTRATION_NUMBER),
    R("File Number", REGISTRATION_NUMBER),
    R("Registered Charity No.", REGISTRATION_NUMBER),
    R("MSB Registration Number", REGISTRATION_NUMBER),
    R("Afghan Money Service Provider License Number", REGISTRATION_NUMBER),
    R("Aircraft Tail Number", REGISTRATION_NUMBER),
    R("Previous Aircraft Tail Number", REGISTRATION_NUMBER),
    R("National ID No.", ID_NUMBER),
    R("Identification Number", ID_NUMBER),
    R("Cedula No.", ID_NUMBER),
    R("C.U.R.P.", ID_NUMBER),
    R("C.U.I.P.", ID_NUMBER),
    R("C.U.I.", ID_NUMBER),
    R("D.N.I.", ID_NUMBER),
    R("N.I.E.", ID_NUMBER),
    R("I.F.E.", ID_NUMBER),
    R("SSN", ID_NUMBER),
    R("LE Number", ID_NUMBER),
    R("Personal ID Card", ID_NUMBER),
    R("Driver's License No.", ID_NUMBER),
    R("Electoral Registry No.", ID_NUMBER),
    R("Credencial electoral", ID_NUMBER),
    R("Cartilla de Servicio Militar Nacional", ID_NUMBER),
    R("National Foreign ID Number", ID_NUMBER),
    R("Birth Certificate Number", ID_NUMBER),
    R("Residency Number", ID_NUMBER),
    R("Turkish Identification Number", ID_NUMBER),
    R("Citizen's Card Number", ID_NUMBER),
    R("Numero de Identidad", ID_NUMBER),
    R("Kenyan ID No.", ID_NUMBER),
    R("Refugee ID Card", ID_NUMBER),
    R("Tazkira National ID Card", ID_NUMBER),
    R("Stateless Person ID Card", ID_NUMBER),
    R("Bosnian Personal ID No.", ID_NUMBER),
    R("Moroccan Personal ID No.", ID_NUMBER),
    R("CNP (Personal Numerical Code)", ID_NUMBER),
    R("Romanian Permanent Resident", ID_NUMBER),
    R("UAE Identification", ID_NUMBER),
    R("Public Security and Immigration No.", ID_NUMBER),
    R("Immigration No.", ID_NUMBER),
    R("VisaNumberID", ID_NUMBER),
    R("SRE Permit No.", ID_NUMBER),
    R("Pilot License Number", ID_NUMBER),
    R("Seafarer's Identification Document", ID_NUMBER),
    R("Travel Document Number", ID_NUMBER),
    R("SWIFT/BIC", SWIFT_BIC),
    R("Vessel Registration Identification", IMO_NUMBER),
    R("MMSI", MMSI),
    R("Other Vessel Call Sign", CALL_SIGN),
    R("Other Vessel Type", TYPE),
    R("Aircraft Model", MODEL),
    R("Aircraft Manufacturer's Serial Number (MSN)", SERIAL_NUMBER),
    R("Aircraft Construction Number (also called L/N or S/N or F/N)", SERIAL_NUMBER),
    R("Aircraft Serial Identification", SERIAL_NUMBER),
    R("Serial No.", SERIAL_NUMBER),
    R("Website", WEBSITE),
    R("Email Address", EMAIL),
    R("Phone Number", PHONE),
    {"Legal Entity Number", ID_LEI, EMB_P_LEI_CODE, NULL},
    {"Former Vessel Flag", ID_COUNTRY, EMB_P_PAST_FLAGS, NULL},
    {"Other Vessel Flag", ID_COUNTRY, EMB_P_FLAG, NULL},
    {"Nationality of Registration", ID_COUNTRY, EMB_P_COUNTRY, NULL},
    {"Registration Country", ID_COUNTRY, EMB_P_COUNTRY, NULL},
    {"Aircraft Manufacture Date", ID_DATE, EMB_P_BUILD_DATE, NULL},
    {"Organization Established Date", ID_DATE, EMB_P_INCORPORATION_DATE, NULL},
    {"Gender", ID_GENDER, EMB_P_GENDER, NULL},
    {"Aircraft Operator", ID_NAMED, EMB_P__COUNT, "operator"},
};
#undef R

typedef struct csl {
    emb__ingest *ing;
    emb__lu_cols cols; /* the header's column map */
    emb__buf tmp;      /* composed ids and notes */
} csl;

/* ---- small text helpers ---- */

typedef emb__slice slice;

static int is_upper2(const char *s, size_t n)
{
    return n == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* YYYY-MM-DD exactly (the form the ids column uses for document dates). */
static int is_iso_date(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i != 4 && i != 7 && !is_digit(s[i]))
            return 0;
    return 1;
}

/* Next non-empty, trimmed sep-separated part of [*p, end); 0 at the end. */
static int next_part(const char **p, const char *end, char sep, const char **s, size_t *n)
{
    while (*p < end) {
        const char *a = *p;
        const char *b = memchr(a, sep, (size_t)(end - a));
        const char *e = b ? b : end;
        *p = b ? b + 1 : end;
        slice x = {a, (size_t)(e - a)};
        emb__lu_trim(&x);
        *s = x.s;
        *n = x.n;
        if (*n)
            return 1;
    }
    return 0;
}

/* Trimmed value of a known column in the current record ("" if absent). */
static slice col(const csl *r, const emb__csv *c, int k)
{
    return emb__lu_col(&r->cols, c, k);
}

/* Adds "label: value" to notes. */
static emb_status note(csl *r, uint32_t ent, const char *label, const char *v, size_t n)
{
    if (n == 0)
        return EMB_OK;
    emb__buf_reset(&r->tmp);
    emb_status st = emb__buf_adds(&r->tmp, label);
    if (!st)
        st = emb__buf_adds(&r->tmp, ": ");
    if (!st)
        st = emb__lu_add_cut(&r->tmp, v, n);
    if (st)
        return st;
    return emb__ing_prop(r->ing, ent, EMB_P_NOTES, r->tmp.data, r->tmp.len);
}

/* Country and date values: invalid UTF-8 is reported (and the value
 * dropped) by emb__ing_prop, before the parsers would quote it. */
static emb_status add_country(csl *r, uint32_t ent, emb_prop p, const char *v, size_t n)
{
    if (emb__utf8_check(v, n) != n)
        return emb__ing_prop(r->ing, ent, p, v, n);
    return emb__ing_country(r->ing, ent, p, v, n);
}

static emb_status add_date(csl *r, uint32_t ent, emb_prop p, const char *v, size_t n)
{
    if (emb__utf8_check(v, n) != n)
        return emb__ing_prop(r->ing, ent, p, v, n);
    return emb__ing_date(r->ing, ent, p, v, n, 0);
}

/* How the parts of a ";"-separated column are added. */
typedef enum { L_TEXT, L_COUNTRY, L_DATE } list_kind;

static emb_status add_list(csl *r, uint32_t ent, emb_prop p, list_kind kind, slice x)
{
    const char *v, *s = x.s, *end = x.s + x.n;
    size_t vn;
    while (next_part(&s, end, ';', &v, &vn)) {
        emb_status st;
        if (kind == L_COUNTRY && emb__lu_ieq(v, vn, "None Identified"))
            st = EMB_OK; /* a placeholder some vessels carry */
        else if (kind == L_COUNTRY)
            st = add_country(r, ent, p, v, vn);
        else if (kind == L_DATE)
            st = add_date(r, ent, p, v, vn);
        else
            st = emb__ing_prop(r->ing, ent, p, v, vn);
        if (st)
            return st;
    }
    return EMB_OK;
}

/* ---- header ---- */

static const emb__lu_header header = {
    .def = col_def,
    .ndef = C__COUNT,
    .eq = emb__lu_ieq,
    .check_utf8 = 1,
    .what = "a Consolidated Screening List CSV",
};

/* ---- ids column ---- */

static const id_rule *find_rule(const char *t, size_t n)
{
    for (size_t i = 0; i < sizeof id_rules / sizeof id_rules[0]; i++)
        if (emb__lu_ieq(t, n, id_rules[i].type))
            return &id_rules[i];
    return NULL;
}

/* ISO 17442: 18 upper-case letters or digits, then two check digits. */
static int looks_like_lei(const char *s, size_t n)
{
    if (n != 20)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]) && !(s[i] >= 'A' && s[i] <= 'Z'))
            return 0;
    return is_digit(s[18]) && is_digit(s[19]);
}

static int has_word(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; i + m <= n; i++)
        if (emb__lu_ieq(s + i, m, w))
            return 1;
    return 0;
}

/* Notes form of an entry: "Type: value (CC; dates)".  Sanctions-information
 * types end in ':' or '-' and read better as "Type value". */
static emb_status id_note(csl *r, uint32_t ent, slice type, slice v, slice cc, slice dates)
{
    emb__buf *b = &r->tmp;
    emb__buf_reset(b);
    char last = type.n ? type.s[type.n - 1] : 0;
    emb_status st = emb__lu_add_cut(b, type.s, type.n);
    if (!st) {
        const char *sep = last == ':' || last == '-' ? " " : ": ";
        st = emb__lu_add_cut(b, sep, strlen(sep));
    }
    if (!st)
        st = emb__lu_add_cut(b, v.s, v.n);
    if (!st && (cc.n || dates.n)) {
        st = emb__lu_add_cut(b, " (", 2);
        if (!st)
            st = emb__lu_add_cut(b, cc.s, cc.n);
        if (!st && cc.n && dates.n)
            st = emb__lu_add_cut(b, "; ", 2);
        if (!st)
            st = emb__lu_add_cut(b, dates.s, dates.n);
        if (!st)
            st = emb__lu_add_cut(b, ")", 1);
    }
    if (st)
        return st;
    return emb__ing_prop(r->ing, ent, EMB_P_NOTES, b->data, b->len);
}

/* One "[CC, ][date, ...]value, Type" entry. */
static emb_status add_id_entry(csl *r, uint32_t ent, slice e)
{
    emb__ingest *ing = r->ing;
    const char *comma = NULL;
    for (size_t i = e.n; i > 0 && !comma; i--)
        if (e.s[i - 1] == ',')
            comma = e.s + i - 1;
    if (!comma) /* no type: keep the text */
        return note(r, ent, "Identifier", e.s, e.n);
    slice type = {comma + 1, (size_t)(e.s + e.n - comma - 1)};
    slice v = {e.s, (size_t)(comma - e.s)};
    slice cc = {"", 0}, dates = {"", 0};
    emb__lu_trim(&type);
    emb__lu_trim(&v);
    /* a leading country code, then document dates, while more parts follow */
    for (int part = 0;; part++) {
        const char *c2 = memchr(v.s, ',', v.n);
        if (!c2)
            break;
        slice a = {v.s, (size_t)(c2 - v.s)};
        emb__lu_trim(&a);
        if (part == 0 && is_upper2(a.s, a.n))
            cc = a;
        else if (is_iso_date(a.s, a.n)) {
            if (!dates.n)
                dates.s = a.s;
            dates.n = (size_t)(a.s + a.n - dates.s);
        } else
            break;
        v.n -= (size_t)(c2 + 1 - v.s);
        v.s = c2 + 1;
        emb__lu_trim(&v);
    }
    if (v.n == 0)
        return emb__ing_warn(ing, "identifier of type '%.*s' without a value; ignored",
                             emb__lu_shown(type.s, type.n, 80), type.s);
    const id_rule *rule = find_rule(type.s, type.n);
    id_action act = rule ? rule->act : ID_NOTE;
    emb_prop p = rule ? rule->prop : EMB_P_NOTES;
    if (!rule && has_word(type.s, type.n, "passport")) {
        act = ID_PROP;
        p = EMB_P_PASSPORT_NUMBER;
    }
    if (act == ID_LEI) {
        act = ID_PROP;
        p = looks_like_lei(v.s, v.n) ? EMB_P_LEI_CODE : EMB_P_REGISTRATION_NUMBER;
    }
    emb_status st;
    switch (act) {
    case ID_PROP:
        st = emb__ing_prop(ing, ent, p, v.s, v.n);
        if (st || (!cc.n && !dates.n))
            return st;
        return id_note(r, ent, type, v, cc, dates);
    case ID_COUNTRY:
        if (emb__lu_ieq(v.s, v.n, "None Identified"))
            return EMB_OK;
        return add_country(r, ent, p, v.s, v.n);
    case ID_DATE:
        return add_date(r, ent, p, v.s, v.n);
    case ID_GENDER:
        if (emb__lu_ieq(v.s, v.n, "male"))
            return emb__ing_prop(ing, ent, EMB_P_GENDER, "male", 4);
        if (emb__lu_ieq(v.s, v.n, "female"))
            return emb__ing_prop(ing, ent, EMB_P_GENDER, "female", 6);
        st = emb__ing_warn(ing, "unknown gender '%.*s'; kept in notes", emb__lu_shown(v.s, v.n, 40),
                           v.s);
        return st ? st : note(r, ent, "Gender", v.s, v.n);
    case ID_NAMED:
        return emb__ing_prop_named(ing, ent, rule->named, strlen(rule->named), v.s, v.n);
    case ID_LEI:
    case ID_NOTE:
        break;
    }
    return id_note(r, ent, type, v, cc, dates);
}

/* ---- the other columns ---- */

static emb_status add_ids(csl *r, uint32_t ent, slice x)
{
    slice e;
    const char *p = x.s, *end = x.s + x.n;
    while (next_part(&p, end, ';', &e.s, &e.n)) {
        emb_status st = add_id_entry(r, ent, e);
        if (st)
            return st;
    }
    return EMB_OK;
}

/* Each address, and its country from the trailing part when that is an
 * ISO code or a country name (other endings are postcodes or towns). */
static emb_status add_addresses(csl *r, uint32_t ent, slice x)
{
    slice a;
    const char *p = x.s, *end = x.s + x.n;
    while (next_part(&p, end, ';', &a.s, &a.n)) {
        emb_status st = emb__ing_prop(r->ing, ent, EMB_P_ADDRESS, a.s, a.n);
        if (st)
            return st;
        slice last = a;
        for (size_t i = a.n; i > 0; i--)
            if (a.s[i - 1] == ',') {
                last.s = a.s + i;
                last.n = a.n - i;
                break;
            }
        emb__lu_trim(&last);
        char code[3];
        if (last.n && (is_upper2(last.s, last.n) || emb__country_code(last.s, last.n, code))) {
            st = add_country(r, ent, EMB_P_COUNTRY, last.s, last.n);
            if (st)
                return st;
        }
    }
    return EMB_OK;
}

/* "SURNAME, Given names" -> lastName, firstName (persons only; the name
 * itself is kept as written). */
static emb_status add_name_parts(csl *r, uint32_t ent, slice name)
{
    const char *c = memchr(name.s, ',', name.n);
    if (!c)
        return EMB_OK;
    slice last = {name.s, (size_t)(c - name.s)};
    slice first = {c + 1, (size_t)(name.s + name.n - c - 1)};
    emb__lu_trim(&last);
    emb__lu_trim(&first);
    if (last.n == 0 || first.n == 0)
        return EMB_OK;
    emb_status st = emb__ing_prop(r->ing, ent, EMB_P_LAST_NAME, last.s, last.n);
    if (!st)
        st = emb__ing_prop(r->ing, ent, EMB_P_FIRST_NAME, first.s, first.n);
    return st;
}

/* source -> authority (as written), its short code -> program, topics. */
static emb_status add_source(csl *r, uint32_t ent, slice x)
{
    emb__ingest *ing = r->ing;
    if (x.n == 0)
        return emb__ing_warn(ing, "record without a source; no topic set");
    emb_status st = emb__ing_prop(ing, ent, EMB_P_AUTHORITY, x.s, x.n);
    if (st)
        return st;
    const char *o = memchr(x.s, '(', x.n);
    const char *e = o ? memchr(o, ')', (size_t)(x.s + x.n - o)) : NULL;
    if (o && e) {
        slice code = {o + 1, (size_t)(e - o - 1)};
        emb__lu_trim(&code);
        for (size_t i = 0; i < sizeof src_def / sizeof src_def[0]; i++) {
            if (!emb__lu_ieq(code.s, code.n, src_def[i].code))
                continue;
            st = emb__ing_prop(ing, ent, EMB_P_PROGRAM, code.s, code.n);
            if (!st)
                st = emb__ing_prop(ing, ent, EMB_P_TOPICS, src_def[i].topic1,
                                   strlen(src_def[i].topic1));
            if (!st && src_def[i].topic2)
                st = emb__ing_prop(ing, ent, EMB_P_TOPICS, src_def[i].topic2,
                                   strlen(src_def[i].topic2));
            return st;
        }
    }
    return emb__ing_warn(ing, "unknown source list '%.*s'; no topic set",
                         emb__lu_shown(x.s, x.n, 100), x.s);
}

/* start_date is YYYY-MM-DD; a few rows have typos such as "0097-06-30",
 * which must not become a listing date. */
static emb_status add_start_date(csl *r, uint32_t ent, slice d)
{
    if (d.n == 0)
        return EMB_OK;
    if (is_iso_date(d.s, d.n)) {
        int y = (d.s[0] - '0') * 1000 + (d.s[1] - '0') * 100 + (d.s[2] - '0') * 10 + (d.s[3] - '0');
        int m = (d.s[5] - '0') * 10 + (d.s[6] - '0');
        int day = (d.s[8] - '0') * 10 + (d.s[9] - '0');
        if (y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && day >= 1 && day <= 31)
            return emb__ing_prop(r->ing, ent, EMB_P_LISTING_DATE, d.s, d.n);
    }
    emb_status st = emb__ing_warn(r->ing, "implausible start_date '%.*s'; kept in notes",
                                  emb__lu_shown(d.s, d.n, 40), d.s);
    return st ? st : note(r, ent, "Start date (as written)", d.s, d.n);
}

static emb_schema schema_of(slice t, int *known)
{
    *known = 1;
    if (emb__lu_ieq(t.s, t.n, "individual"))
        return EMB_SCHEMA_PERSON;
    if (emb__lu_ieq(t.s, t.n, "entity"))
        return EMB_SCHEMA_ORGANIZATION;
    if (emb__lu_ieq(t.s, t.n, "vessel"))
        return EMB_SCHEMA_VESSEL;
    if (emb__lu_ieq(t.s, t.n, "aircraft"))
        return EMB_SCHEMA_AIRPLANE;
    *known = t.n == 0; /* BIS and State lists give no type */
    return EMB_SCHEMA_LEGAL_ENTITY;
}

/* Simple columns: property, or a labelled note. */
static const struct {
    int col;
    emb_prop prop;
    const char *label; /* non-NULL: a note "label: value" */
} simple_cols[] = {
    {C_TITLE, EMB_P_POSITION, NULL},
    {C_REMARKS, EMB_P_NOTES, NULL},
    {C_CALL_SIGN, EMB_P_CALL_SIGN, NULL},
    {C_VESSEL_TYPE, EMB_P_TYPE, NULL},
    {C_GROSS_TONNAGE, EMB_P_TONNAGE, NULL},
    {C_GRT, EMB_P_GROSS_TONNAGE, NULL},
    {C_VESSEL_OWNER, EMB_P_OWNER, NULL},
    {C_INFO_URL, EMB_P_SOURCE_URL, NULL},
    {C_LIST_URL, EMB_P_SOURCE_URL, NULL},
    {C_END_DATE, EMB_P_NOTES, "End date"},
    {C_FR_NOTICE, EMB_P_NOTES, "Federal Register notice"},
    {C_STANDARD_ORDER, EMB_P_NOTES, "Standard order"},
    {C_LICENSE_REQ, EMB_P_NOTES, "License requirement"},
    {C_LICENSE_POLICY, EMB_P_NOTES, "License policy"},
};

static emb_status read_row(void *ctx, const emb__csv *c)
{
    csl *r = ctx;
    emb__ingest *ing = r->ing;
    if (c->nfields != r->cols.ncols)
        return emb__ing_skip(ing, "record has %zu fields, the header has %zu", c->nfields,
                             r->cols.ncols);
    slice id = col(r, c, C_ID), name = col(r, c, C_NAME), type = col(r, c, C_TYPE);
    int idshow = emb__lu_shown(id.s, id.n, 60);
    if (id.n == 0)
        return emb__ing_skip(ing, "record without an _id");
    if (emb__utf8_check(id.s, id.n) != id.n)
        return emb__ing_skip(ing, "record _id is not valid UTF-8");
    if (id.n > 1000)
        return emb__ing_skip(ing, "record _id is longer than 1000 bytes");
    if (name.n == 0)
        return emb__ing_skip(ing, "record '%.*s' has no name", idshow, id.s);
    if (emb__utf8_check(name.s, name.n) != name.n)
        return emb__ing_skip(ing, "record '%.*s': name is not valid UTF-8", idshow, id.s);

    int known;
    emb_schema schema = schema_of(type, &known);
    emb_status st = EMB_OK;
    if (!known)
        st = emb__ing_warn(ing, "unknown type '%.*s'; read as LegalEntity",
                           emb__lu_shown(type.s, type.n, 40), type.s);
    if (st)
        return st;
    char idbuf[1024];
    memcpy(idbuf, "csl-", 4);
    memcpy(idbuf + 4, id.s, id.n);
    uint32_t ent;
    st = emb__ing_entity(ing, schema, idbuf, id.n + 4, &ent);
    if (st == EMB_EARG) /* id of another dataset: reported, record dropped */
        return EMB_OK;
    if (st)
        return st;

    st = emb__ing_prop(ing, ent, EMB_P_NAME, name.s, name.n);
    if (!st && schema == EMB_SCHEMA_PERSON)
        st = add_name_parts(r, ent, name);
    if (!st)
        st = add_source(r, ent, col(r, c, C_SOURCE));
    if (!st)
        st = add_list(r, ent, EMB_P_PROGRAM, L_TEXT, col(r, c, C_PROGRAMS));
    if (!st)
        st = add_list(r, ent, EMB_P_ALIAS, L_TEXT, col(r, c, C_ALT_NAMES));
    if (!st)
        st = add_addresses(r, ent, col(r, c, C_ADDRESSES));
    if (!st)
        st = add_list(r, ent, EMB_P_BIRTH_DATE, L_DATE, col(r, c, C_DOB));
    if (!st)
        st = add_list(r, ent, EMB_P_NATIONALITY, L_COUNTRY, col(r, c, C_NATIONALITIES));
    if (!st)
        st = add_list(r, ent, EMB_P_CITIZENSHIP, L_COUNTRY, col(r, c, C_CITIZENSHIPS));
    if (!st)
        st = add_list(r, ent, EMB_P_BIRTH_PLACE, L_TEXT, col(r, c, C_POB));
    if (!st)
        st = add_start_date(r, ent, col(r, c, C_START_DATE));
    if (!st)
        st = add_list(r, ent, EMB_P_FLAG, L_COUNTRY, col(r, c, C_VESSEL_FLAG));
    if (!st)
        st = add_ids(r, ent, col(r, c, C_IDS));
    for (size_t i = 0; !st && i < sizeof simple_cols / sizeof simple_cols[0]; i++) {
        slice v = col(r, c, simple_cols[i].col);
        if (simple_cols[i].label)
            st = note(r, ent, simple_cols[i].label, v.s, v.n);
        else
            st = emb__ing_prop(ing, ent, simple_cols[i].prop, v.s, v.n);
    }
    if (!st) { /* entity_number: kept when it is not the _id already */
        slice v = col(r, c, C_ENTITY_NUMBER);
        if (v.n && (v.n != id.n || memcmp(v.s, id.s, v.n) != 0))
            st = note(r, ent, "Entity number", v.s, v.n);
    }
    for (size_t i = 0; !st && i < c->nfields; i++) {
        const char *label = emb__lu_extra(&r->cols, i);
        if (!label)
            continue;
        slice v = {c->fields[i].s, c->fields[i].n};
        emb__lu_trim(&v);
        st = note(r, ent, label, v.s, v.n);
    }
    return st;
}

emb_status emb__read_csl(emb__ingest *ing, const emb__file *f)
{
    csl r;
    memset(&r, 0, sizeof r);
    r.ing = ing;
    emb__lu_cols_init(&r.cols);
    emb__buf_init(&r.tmp, 2 * (size_t)EMB_CAP_VALUE);
    emb__csv c;
    emb__csv_init(&c, f->data, f->len, ',');
    emb_status st = emb__csv_next(&c);
    if (st == EMB_ENOTFOUND)
        st = emb__ing_fail(ing, EMB_EPARSE, 1, 0, 0, "empty file: no CSV header");
    else if (st)
        st = emb__lu_csv_fail(ing, &c, st);
    else
        st = emb__lu_csv_table(ing, &c, &r.cols, &header, NULL, read_row, &r);
    emb__csv_destroy(&c);
    emb__lu_cols_destroy(&r.cols);
    emb__buf_destroy(&r.tmp);
    return st;
}
