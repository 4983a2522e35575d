/*
 * ofac_remarks.c - the OFAC Remarks parser (ofac_remarks.h).
 *
 * OFAC's legacy CSV keeps most screening facts in one free-text column: a
 * "; "-separated list of items, each a label followed by a value ("DOB 1960
 * to 1962", "Tax ID No. 7744001497 (Russia)", "alt. Passport X (Iran)
 * expires 20 Mar 2022", "a.k.a. 'SHORT NAME'"), the whole ending with a
 * period.  Each item is matched against the label table below (longest
 * label wins, case-insensitive, an "alt. " in front is ignored) and handled
 * by the label's kind.  Items matching no label - "Linked To: ...",
 * "Secondary sanctions risk: ...", job titles, digital currency addresses
 * and so on - go to notes exactly as written.  The labels were collected
 * from the 2021, 2024 and 2025 SDN and non-SDN files (docs: OFAC's "SDN
 * list data formats and data schemas"); an unknown label is never an error.
 */
#include "ofac_remarks.h"

#include <string.h>

#include "../text/country.h"

typedef enum rkind {
    R_DATE,    /* emb__ing_date(prop) */
    R_COUNTRY, /* emb__ing_country(prop) */
    R_REGFLAG, /* flag for vessels, country otherwise */
    R_POB,     /* birthPlace, plus birthCountry when the last part is one */
    R_GENDER,  /* "male" or "female" */
    R_ID,      /* identifier: number to prop, qualifiers to notes */
    R_TEXT,    /* value as written to prop */
    R_WEAK,    /* quoted low-quality name to prop */
} rkind;

/* Russian identifier flavours, recognised from the "(Russia)" qualifier. */
enum { RU_NONE, RU_INN, RU_OGRN };

typedef struct rlabel {
    const char *label;
    rkind kind;
    emb_prop prop;     /* EMB_P__COUNT when named is used */
    const char *named; /* FtM property outside props.h */
    int ru;
} rlabel;

/* clang-format off */
#define L(label, kind, prop) {label, kind, EMB_P_##prop, NULL, RU_NONE}
#define LN(label, named) {label, R_ID, EMB_P__COUNT, named, RU_NONE}
/* clang-format on */

static const rlabel labels[] = {
    /* personal facts */
    L("DOB", R_DATE, BIRTH_DATE),
    L("POB", R_POB, BIRTH_PLACE),
    L("nationality", R_COUNTRY, NATIONALITY),
    L("citizen", R_COUNTRY, CITIZENSHIP),
    L("citizenship", R_COUNTRY, CITIZENSHIP),
    L("Gender", R_GENDER, GENDER),
    /* names */
    L("a.k.a.", R_WEAK, WEAK_ALIAS),
    L("f.k.a.", R_WEAK, PREVIOUS_NAME),
    L("n.k.a.", R_WEAK, WEAK_ALIAS),
    /* organisations, vessels, aircraft */
    L("Organization Established Date", R_DATE, INCORPORATION_DATE),
    L("Vessel Year of Build", R_DATE, BUILD_DATE),
    L("Aircraft Manufacture Date", R_DATE, BUILD_DATE),
    L("Former Vessel Flag", R_COUNTRY, PAST_FLAGS),
    L("Vessel Flag", R_COUNTRY, FLAG),
    L("Nationality of Registration", R_REGFLAG, FLAG),
    L("Aircraft Model", R_TEXT, MODEL),
    L("Website", R_TEXT, WEBSITE),
    L("Email Address", R_TEXT, EMAIL),
    L("Email", R_TEXT, EMAIL),
    L("Telephone", R_TEXT, PHONE),
    L("Telephone No.", R_TEXT, PHONE),
    L("Telephone Number", R_TEXT, PHONE),
    L("Phone Number", R_TEXT, PHONE),
    L("Phone No.", R_TEXT, PHONE),
    L("Phone", R_TEXT, PHONE),
    /* identifiers */
    L("Passport", R_ID, PASSPORT_NUMBER),
    L("Passport No.", R_ID, PASSPORT_NUMBER),
    L("Passport Booklet", R_ID, PASSPORT_NUMBER),
    L("Diplomatic Passport", R_ID, PASSPORT_NUMBER),
    L("British National Overseas Passport", R_ID, PASSPORT_NUMBER),
    L("Stateless Person Passport", R_ID, PASSPORT_NUMBER),
    L("Travel Document Number", R_ID, PASSPORT_NUMBER),
    L("National ID No.", R_ID, ID_NUMBER),
    L("Cedula No.", R_ID, ID_NUMBER),
    L("C.U.R.P.", R_ID, ID_NUMBER),
    L("C.U.R.P. #", R_ID, ID_NUMBER),
    L("C.U.I.P.", R_ID, ID_NUMBER),
    L("C.U.I.", R_ID, ID_NUMBER),
    L("Identification Number", R_ID, ID_NUMBER),
    L("D.N.I.", R_ID, ID_NUMBER),
    L("N.I.E.", R_ID, ID_NUMBER),
    L("I.F.E.", R_ID, ID_NUMBER),
    L("SSN", R_ID, ID_NUMBER),
    L("Electoral Registry No.", R_ID, ID_NUMBER),
    L("Credencial electoral", R_ID, ID_NUMBER),
    L("Driver's License No.", R_ID, ID_NUMBER),
    L("Birth Certificate Number", R_ID, ID_NUMBER),
    L("Personal ID Card", R_ID, ID_NUMBER),
    L("National Foreign ID Number", R_ID, ID_NUMBER),
    L("Cartilla de Servicio Militar Nacional", R_ID, ID_NUMBER),
    L("Residency Number", R_ID, ID_NUMBER),
    L("Turkish Identification Number", R_ID, ID_NUMBER),
    L("Numero de Identidad", R_ID, ID_NUMBER),
    L("Citizen's Card Number", R_ID, ID_NUMBER),
    L("Kenyan ID No.", R_ID, ID_NUMBER),
    L("VisaNumberID", R_ID, ID_NUMBER),
    L("Tazkira National ID Card", R_ID, ID_NUMBER),
    L("Refugee ID Card", R_ID, ID_NUMBER),
    L("Stateless Person ID Card", R_ID, ID_NUMBER),
    L("Moroccan Personal ID No.", R_ID, ID_NUMBER),
    L("Bosnian Personal ID No.", R_ID, ID_NUMBER),
    L("CNP (Personal Numerical Code)", R_ID, ID_NUMBER),
    L("Romanian Permanent Resident CAN", R_ID, ID_NUMBER),
    L("UAE Identification", R_ID, ID_NUMBER),
    L("Immigration No.", R_ID, ID_NUMBER),
    L("Public Security and Immigration No.", R_ID, ID_NUMBER),
    L("Seafarer's Identification Document", R_ID, ID_NUMBER),
    L("Military Registration Number", R_ID, ID_NUMBER),
    L("Pilot License Number", R_ID, ID_NUMBER),
    L("SRE Permit No.", R_ID, ID_NUMBER),
    L("Permit Number", R_ID, ID_NUMBER),
    L("LE Number", R_ID, ID_NUMBER),
    {"Tax ID No.", R_ID, EMB_P_TAX_NUMBER, NULL, RU_INN},
    L("R.F.C.", R_ID, TAX_NUMBER),
    L("R.F.C. #", R_ID, TAX_NUMBER),
    L("RFC", R_ID, TAX_NUMBER),
    L("NIT #", R_ID, TAX_NUMBER),
    L("RUC #", R_ID, TAX_NUMBER),
    L("RIF #", R_ID, TAX_NUMBER),
    L("RTN", R_ID, TAX_NUMBER),
    L("V.A.T. Number", R_ID, TAX_NUMBER),
    L("US FEIN", R_ID, TAX_NUMBER),
    L("C.U.I.T.", R_ID, TAX_NUMBER),
    L("C.I.F.", R_ID, TAX_NUMBER),
    L("Italian Fiscal Code", R_ID, TAX_NUMBER),
    L("Fiscal Code", R_ID, TAX_NUMBER),
    L("Romanian Tax Registration", R_ID, TAX_NUMBER),
    L("Paraguayan tax identification number", R_ID, TAX_NUMBER),
    L("Numero Unico de Identificacao Tributaria (NUIT)", R_ID, TAX_NUMBER),
    {"Registration Number", R_ID, EMB_P_REGISTRATION_NUMBER, NULL, RU_OGRN},
    {"Business Registration Number", R_ID, EMB_P_REGISTRATION_NUMBER, NULL, RU_OGRN},
    L("Registration ID", R_ID, REGISTRATION_NUMBER),
    L("Government Gazette Number", R_ID, REGISTRATION_NUMBER),
    L("Company Number", R_ID, REGISTRATION_NUMBER),
    L("UK Company Number", R_ID, REGISTRATION_NUMBER),
    L("Commercial Registry Number", R_ID, REGISTRATION_NUMBER),
    L("Folio Mercantil No.", R_ID, REGISTRATION_NUMBER),
    L("Matricula Mercantil No", R_ID, REGISTRATION_NUMBER),
    L("Matricula Mercantil No.", R_ID, REGISTRATION_NUMBER),
    L("Unified Social Credit Code (USCC)", R_ID, REGISTRATION_NUMBER),
    L("United Social Credit Code Certificate (USCCC)", R_ID, REGISTRATION_NUMBER),
    L("C.R. No.", R_ID, REGISTRATION_NUMBER),
    L("Romanian C.R.", R_ID, REGISTRATION_NUMBER),
    L("Economic Register Number (CBLS)", R_ID, REGISTRATION_NUMBER),
    L("Trade License No.", R_ID, REGISTRATION_NUMBER),
    L("Tourism License No.", R_ID, REGISTRATION_NUMBER),
    L("License", R_ID, REGISTRATION_NUMBER),
    L("Chamber of Commerce Number", R_ID, REGISTRATION_NUMBER),
    L("Istanbul Chamber of Comm. No.", R_ID, REGISTRATION_NUMBER),
    L("Dubai Chamber of Commerce Membership No.", R_ID, REGISTRATION_NUMBER),
    L("Business Registration Document #", R_ID, REGISTRATION_NUMBER),
    L("Public Registration Number", R_ID, REGISTRATION_NUMBER),
    L("Central Registration System Number", R_ID, REGISTRATION_NUMBER),
    L("Business Number", R_ID, REGISTRATION_NUMBER),
    L("Enterprise Number", R_ID, REGISTRATION_NUMBER),
    L("Branch Unit Number", R_ID, REGISTRATION_NUMBER),
    L("Registered Charity No.", R_ID, REGISTRATION_NUMBER),
    L("Certificate of Incorporation Number", R_ID, REGISTRATION_NUMBER),
    L("Organization Code", R_ID, REGISTRATION_NUMBER),
    L("MSB Registration Number", R_ID, REGISTRATION_NUMBER),
    L("Afghan Money Service Provider License Number", R_ID, REGISTRATION_NUMBER),
    L("File Number", R_ID, REGISTRATION_NUMBER),
    L("Aircraft Tail Number", R_ID, REGISTRATION_NUMBER),
    L("Previous Aircraft Tail Number", R_ID, REGISTRATION_NUMBER),
    L("Legal Entity Number", R_ID, LEI_CODE),
    L("SWIFT/BIC", R_ID, SWIFT_BIC),
    L("Vessel Registration Identification", R_ID, REGISTRATION_NUMBER),
    L("International Maritime Organization No.", R_ID, IMO_NUMBER),
    L("MMSI", R_ID, MMSI),
    L("Other Vessel Call Sign", R_ID, CALL_SIGN),
    L("Aircraft Manufacturer's Serial Number (MSN)", R_ID, SERIAL_NUMBER),
    L("Aircraft Construction Number (also called L/N or S/N or F/N)", R_ID, SERIAL_NUMBER),
    L("Aircraft Serial Identification", R_ID, SERIAL_NUMBER),
    L("Serial No.", R_ID, SERIAL_NUMBER),
    /* FtM identifiers without a props.h entry */
    LN("BIK (RU)", "bikCode"),
    LN("D-U-N-S Number", "dunsCode"),
    LN("ISIN", "isinCode"),
};
#define NLABELS (sizeof labels / sizeof labels[0])

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int starts_nocase(const char *s, size_t n, const char *pre, size_t pn)
{
    if (pn > n)
        return 0;
    for (size_t i = 0; i < pn; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)pre[i]))
            return 0;
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Finds the longest label that starts the item and ends at a word
 * boundary; *vs and *vn receive the value after it (colons, spaces skipped). */
static const rlabel *match_label(const char *s, size_t n, const char **vs, size_t *vn)
{
    const rlabel *best = NULL;
    size_t bestlen = 0;
    for (size_t i = 0; i < NLABELS; i++) {
        size_t ln = strlen(labels[i].label);
        if (ln <= bestlen || !starts_nocase(s, n, labels[i].label, ln))
            continue;
        if (ln < n && s[ln] != ' ' && s[ln] != ':')
            continue;
        best = &labels[i];
        bestlen = ln;
    }
    if (!best)
        return NULL;
    size_t i = bestlen;
    while (i < n && (s[i] == ' ' || s[i] == ':'))
        i++;
    *vs = s + i;
    *vn = n - i;
    return best;
}

/* Position of needle in s[0..n), or n. */
static size_t find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return i;
    return n;
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* 1 when the first "(...)" group of q names the country code cc. */
static int qualifier_country(const char *q, size_t n, const char *cc)
{
    size_t a = find(q, n, "(");
    if (a == n)
        return 0;
    size_t b = a + 1 + find(q + a + 1, n - a - 1, ")");
    if (b >= n)
        return 0;
    char code[3];
    return emb__country_code(q + a + 1, b - a - 1, code) && strcmp(code, cc) == 0;
}

static emb_status add(emb__ingest *ing, uint32_t ent, const rlabel *l, const char *v, size_t n)
{
    if (l->named)
        return emb__ing_prop_named(ing, ent, l->named, strlen(l->named), v, n);
    return emb__ing_prop(ing, ent, l->prop, v, n);
}

/* An identifier item: the value up to the first qualifier is the number;
 * "IMO 1234567" is an IMO number whatever the label; the whole item goes
 * to notes when it says more than the number. */
static emb_status id_item(emb__ingest *ing, uint32_t ent, const rlabel *l, const char *item,
                          size_t itemn, const char *v, size_t vn)
{
    static const char *const cuts[] = {" (", ", ", " issued", " expires", " expired"};
    size_t cut = vn;
    if (vn >= 2 && v[0] == '(' && v[vn - 1] == ')' && find(v + 1, vn - 2, "(") == vn - 2) {
        v++; /* "International Maritime Organization No. (5777731)" */
        vn -= 2;
        cut = vn;
    }
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        size_t k = find(v, vn, cuts[i]);
        if (k < cut)
            cut = k;
    }
    const char *num = v;
    size_t numn = cut;
    trim(&num, &numn);
    while (numn && (num[numn - 1] == ',' || num[numn - 1] == ';'))
        numn--;
    if (numn == 0)
        return emb__ing_prop(ing, ent, EMB_P_NOTES, item, itemn);
    emb_status st;
    if (numn > 4 && starts_nocase(num, numn, "IMO ", 4)) {
        const char *d = num + 4;
        size_t dn = numn - 4;
        trim(&d, &dn);
        if (all_digits(d, dn))
            st = emb__ing_prop(ing, ent, EMB_P_IMO_NUMBER, num, numn);
        else
            st = add(ing, ent, l, num, numn);
    } else {
        st = add(ing, ent, l, num, numn);
    }
    if (st)
        return st;
    const char *q = v + cut;
    size_t qn = vn - cut;
    if (l->ru != RU_NONE && qualifier_country(q, qn, "ru") && all_digits(num, numn)) {
        if (l->ru == RU_INN && (numn == 10 || numn == 12))
            st = emb__ing_prop(ing, ent, EMB_P_INN_CODE, num, numn);
        else if (l->ru == RU_OGRN && (numn == 13 || numn == 15))
            st = emb__ing_prop(ing, ent, EMB_P_OGRN_CODE, num, numn);
        if (st)
            return st;
    }
    trim(&q, &qn);
    if (qn)
        return emb__ing_prop(ing, ent, EMB_P_NOTES, item, itemn);
    return EMB_OK;
}

static emb_status pob_item(emb__ingest *ing, uint32_t ent, const char *v, size_t vn)
{
    emb_status st = emb__ing_prop(ing, ent, EMB_P_BIRTH_PLACE, v, vn);
    if (st)
        return st;
    /* "Pyongyang, Korea, North": try the longest tail that is a country */
    for (size_t i = 0; i <= vn; i++) {
        if (i > 0 && !(i >= 2 && v[i - 2] == ',' && v[i - 1] == ' '))
            continue;
        char code[3];
        if (emb__country_code(v + i, vn - i, code))
            return emb__ing_prop(ing, ent, EMB_P_BIRTH_COUNTRY, code, 2);
    }
    return EMB_OK;
}

static emb_status weak_item(emb__ingest *ing, uint32_t ent, emb_prop p, const char *v, size_t vn)
{
    /* "'NAME'." when the item closed remarks joined to a continuation */
    if (vn >= 3 && (v[0] == '\'' || v[0] == '"') && v[vn - 1] == '.' && v[vn - 2] == v[0])
        vn--;
    if (vn >= 2 && (v[0] == '\'' || v[0] == '"') && v[vn - 1] == v[0]) {
        v++;
        vn -= 2;
    }
    return emb__ing_prop(ing, ent, p, v, vn);
}

/* One item; orig/orign is the item as written (for notes), s/n the same
 * with a final period of the whole remarks removed. */
static emb_status item(emb__ingest *ing, uint32_t ent, emb_schema schema, const char *orig,
                       size_t orign, const char *s, size_t n)
{
    if (starts_nocase(s, n, "alt. ", 5)) {
        s += 5;
        n -= 5;
        trim(&s, &n);
    }
    const char *v;
    size_t vn;
    const rlabel *l = match_label(s, n, &v, &vn);
    if (l)
        trim(&v, &vn);
    if (!l || vn == 0)
        return emb__ing_prop(ing, ent, EMB_P_NOTES, orig, orign);
    switch (l->kind) {
    case R_DATE:
        return emb__ing_date(ing, ent, l->prop, v, vn, 0);
    case R_COUNTRY:
        return emb__ing_country(ing, ent, l->prop, v, vn);
    case R_REGFLAG:
        return emb__ing_country(ing, ent, schema == EMB_SCHEMA_VESSEL ? EMB_P_FLAG : EMB_P_COUNTRY,
                                v, vn);
    case R_POB:
        return pob_item(ing, ent, v, vn);
    case R_GENDER:
        if (vn == 4 && starts_nocase(v, vn, "male", 4))
            return emb__ing_prop(ing, ent, EMB_P_GENDER, "male", 4);
        if (vn == 6 && starts_nocase(v, vn, "female", 6))
            return emb__ing_prop(ing, ent, EMB_P_GENDER, "female", 6);
        return emb__ing_prop(ing, ent, EMB_P_NOTES, orig, orign);
    case R_ID:
        return id_item(ing, ent, l, orig, orign, v, vn);
    case R_TEXT:
        return add(ing, ent, l, v, vn);
    case R_WEAK:
        return weak_item(ing, ent, l->prop, v, vn);
    }
    return EMB_OK;
}

emb_status emb__ofac_remarks_parse(emb__ingest *ing, uint32_t ent, emb_schema schema, const char *s,
                                   size_t n)
{
    trim(&s, &n);
    size_t i = 0;
    while (i < n) {
        /* items end at ";" (OFAC writes "; ", once or twice ";" alone) */
        size_t e = i + find(s + i, n - i, ";");
        const char *it = s + i;
        size_t itn = e - i;
        trim(&it, &itn);
        const char *p = it;
        size_t pn = itn;
        if (e == n && pn && p[pn - 1] == '.') { /* the period closing the remarks */
            pn--;
            trim(&p, &pn);
        }
        if (pn) {
            emb_status st = item(ing, ent, schema, it, itn, p, pn);
            if (st)
                return st;
        }
        i = e + 1;
    }
    return EMB_OK;
}
