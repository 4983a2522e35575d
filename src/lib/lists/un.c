/*
 * un.c - reader for the UN Security Council Consolidated List XML (root
 * CONSOLIDATED_LIST, schema https://www.un.org/sc/resources/sc-sanctions.xsd;
 * docs/lists.md).
 *
 * libxml2's streaming xmlTextReader walks the document over the bytes in
 * memory; each INDIVIDUAL or ENTITY element is expanded into a small subtree
 * that the reader frees when it moves on, so memory stays bounded by the
 * largest record.  The parser never loads a DTD, never substitutes entities
 * and never uses the network (XML_PARSE_NONET, and neither XML_PARSE_NOENT
 * nor XML_PARSE_DTDLOAD): an entity reference is left out of the value it
 * sits in, with a warning.  libxml2's diagnostics are captured, never
 * printed (the set-up is shared with sema.c, in xml.c).
 *
 * Mapping (FollowTheMoney): INDIVIDUAL -> Person, ENTITY -> Organization,
 * id "un-" + REFERENCE_NUMBER.  FIRST..FOURTH_NAME are joined into the name
 * and kept as parts; aliases go to alias / weakAlias (QUALITY Low) /
 * previousName (f.k.a., or noted "previously/formerly listed as");
 * dates of birth, places of birth, documents and addresses are flattened
 * into FtM properties, and whatever has no property of its own (document
 * issue details, notes on dates and addresses) is kept in notes.  Unknown
 * elements are kept in notes with a warning, so nothing is dropped silently.
 * DATAID, VERSIONNUM, SORT_KEY, SORT_KEY_LAST_MOD and LIST_TYPE (always "UN
 * List") are bookkeeping of the UN's database and are not kept; of the
 * LAST_DAY_UPDATED values the latest becomes modifiedAt.
 */
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "ingest.h"
#include "xml.h"

#define UN_SOURCE_URL "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
#define UN_AUTHORITY "United Nations Security Council"

typedef emb__xml_str str;
typedef emb__xml_rec un_ctx; /* the record context shared with sema.c */

/* ---- small string helpers ---- */

static int istarts(str a, const char *b)
{
    size_t n = strlen(b);
    return a.n >= n && strncasecmp(a.s, b, n) == 0;
}

static int icontains(str a, const char *b)
{
    size_t n = strlen(b);
    for (size_t i = 0; n && i + n <= a.n; i++)
        if (strncasecmp(a.s + i, b, n) == 0)
            return 1;
    return 0;
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* ---- sticky-status value helpers ---- */

static void put(un_ctx *c, emb_prop p, str v)
{
    if (!c->st && v.n)
        emb__xml_chk(c, emb__ing_prop(c->ing, c->ent, p, v.s, v.n));
}

static void put_country(un_ctx *c, emb_prop p, str v)
{
    /* "na" and friends mean "not available", not Namibia */
    if (c->st || !v.n || emb__xml_ieq(v, "na") || emb__xml_ieq(v, "n/a") ||
        emb__xml_ieq(v, "none") || emb__xml_ieq(v, "unknown"))
        return;
    emb__xml_chk(c, emb__ing_country(c->ing, c->ent, p, v.s, v.n));
}

static void put_date(un_ctx *c, emb_prop p, str v)
{
    if (!c->st && v.n)
        emb__xml_chk(c, emb__ing_date(c->ing, c->ent, p, v.s, v.n, 0));
}

static void badds(un_ctx *c, const char *s)
{
    emb__xml_badd(c, s, strlen(s));
}

/* ---- element text ---- */

static str child_text(un_ctx *c, const xmlNode *n, const char *name)
{
    return emb__xml_text(c, emb__xml_child(n, name));
}

static void set_line(un_ctx *c, const xmlNode *n)
{
    uint64_t l = emb__xml_line(n);
    if (l)
        emb__ing_line(c->ing, l);
}

/* Keeps the text of child elements not in known[] in notes, with a
 * warning (label names the block they sit in). */
static void extra_children(un_ctx *c, const xmlNode *n, const char *const *known, const char *label)
{
    for (const xmlNode *ch = n->children; ch && !c->st; ch = ch->next) {
        if (ch->type != XML_ELEMENT_NODE)
            continue;
        int k = 0;
        for (size_t i = 0; known[i] && !k; i++)
            k = strcmp((const char *)ch->name, known[i]) == 0;
        if (k)
            continue;
        str v = emb__xml_text(c, ch);
        if (!v.n)
            continue;
        set_line(c, ch);
        emb__xml_warn(c, "unknown element <%s> in <%s>; kept in notes", (const char *)ch->name,
                      label);
        emb__buf_reset(&c->buf);
        badds(c, label);
        badds(c, " ");
        badds(c, (const char *)ch->name);
        badds(c, ": ");
        emb__xml_badd(c, v.s, v.n);
        put(c, EMB_P_NOTES, emb__xml_bstr(c));
    }
}

/* ---- blocks of a record ---- */

static void do_values(un_ctx *c, const xmlNode *n, emb_prop p, int country)
{
    static const char *const known[] = {"VALUE", NULL};
    for (const xmlNode *v = n->children; v; v = v->next)
        if (is(v, "VALUE")) {
            if (country)
                put_country(c, p, emb__xml_text(c, v));
            else
                put(c, p, emb__xml_text(c, v));
        }
    extra_children(c, n, known, (const char *)n->name);
}

static void do_alias(un_ctx *c, const xmlNode *n)
{
    static const char *const known[] = {
        "QUALITY", "ALIAS_NAME", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH",
        "NOTE",    NULL};
    str q = child_text(c, n, "QUALITY");
    str name = child_text(c, n, "ALIAS_NAME");
    str dob = child_text(c, n, "DATE_OF_BIRTH");
    str city = child_text(c, n, "CITY_OF_BIRTH");
    str ctry = child_text(c, n, "COUNTRY_OF_BIRTH");
    str note = child_text(c, n, "NOTE");
    if (!name.n && !dob.n && !city.n && !ctry.n && !note.n) {
        extra_children(c, n, known, "alias");
        return;
    }
    emb_prop p = EMB_P_ALIAS;
    if (emb__xml_ieq(q, "low"))
        p = EMB_P_WEAK_ALIAS;
    else if (emb__xml_ieq(q, "f.k.a.") || emb__xml_ieq(q, "fka") || emb__xml_ieq(q, "f.k.a"))
        p = EMB_P_PREVIOUS_NAME;
    else if (q.n && !emb__xml_ieq(q, "good") && !emb__xml_ieq(q, "a.k.a.") &&
             !emb__xml_ieq(q, "aka") && !emb__xml_ieq(q, "a.k.a"))
        emb__xml_warn(c, "unknown alias QUALITY '%.*s'; kept as a strong alias",
                      (int)(q.n > 40 ? 40 : q.n), q.s);
    /* the UN marks names under which a target used to be listed */
    int listed = istarts(note, "previously listed as") || istarts(note, "formerly listed as");
    if (listed)
        p = EMB_P_PREVIOUS_NAME;
    put(c, p, name);
    put_date(c, EMB_P_BIRTH_DATE, dob);
    if (city.n || ctry.n) {
        emb__buf_reset(&c->buf);
        emb__xml_bjoin(c, ", ", city);
        emb__xml_bjoin(c, ", ", ctry);
        put(c, EMB_P_BIRTH_PLACE, emb__xml_bstr(c));
        put_country(c, EMB_P_BIRTH_COUNTRY, ctry);
    }
    str rest = note;
    if (listed) {
        size_t k = istarts(note, "previously") ? strlen("previously listed as")
                                               : strlen("formerly listed as");
        rest = emb__xml_trim(note.s + k, note.n - k);
        if (rest.n && rest.s[0] == '.')
            rest = emb__xml_trim(rest.s + 1, rest.n - 1);
    }
    if (rest.n) {
        emb__buf_reset(&c->buf);
        badds(c, "alias");
        emb__xml_bjoin(c, " ", name);
        badds(c, ": ");
        emb__xml_badd(c, note.s, note.n);
        put(c, EMB_P_NOTES, emb__xml_bstr(c));
    }
    extra_children(c, n, known, "alias");
}

/* A four-digit year 1000-2999 somewhere in the text. */
static int has_year(str v)
{
    for (size_t i = 0; i + 4 <= v.n; i++) {
        if ((i > 0 && v.s[i - 1] >= '0' && v.s[i - 1] <= '9') || (v.s[i] != '1' && v.s[i] != '2'))
            continue;
        size_t k = 1;
        while (k < 4 && v.s[i + k] >= '0' && v.s[i + k] <= '9')
            k++;
        if (k == 4 && (i + 4 == v.n || v.s[i + 4] < '0' || v.s[i + 4] > '9'))
            return 1;
    }
    return 0;
}

static void do_birth_date(un_ctx *c, const xmlNode *n)
{
    static const char *const known[] = {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR",
                                        "TO_YEAR",      "NOTE", NULL};
    str type = child_text(c, n, "TYPE_OF_DATE");
    str date = child_text(c, n, "DATE");
    str year = child_text(c, n, "YEAR");
    str from = child_text(c, n, "FROM_YEAR");
    str to = child_text(c, n, "TO_YEAR");
    str note = child_text(c, n, "NOTE");
    put_date(c, EMB_P_BIRTH_DATE, date);
    put_date(c, EMB_P_BIRTH_DATE, year);
    if (from.n || to.n) {
        /* "1960 to 1962": the date parser stores each year of a short range */
        emb__buf_reset(&c->buf);
        emb__xml_bjoin(c, " to ", from);
        emb__xml_bjoin(c, " to ", to);
        put_date(c, EMB_P_BIRTH_DATE, emb__xml_bstr(c));
    }
    if (note.n) {
        /* a note alone may hold the date ("Nov. 1973"); Hijri dates do not
         * fit the Gregorian parser and stay in notes only */
        if (!date.n && !year.n && !from.n && !to.n && has_year(note) && !icontains(note, "hijri"))
            put_date(c, EMB_P_BIRTH_DATE, note);
        emb__buf_reset(&c->buf);
        badds(c, "date of birth");
        if (type.n) {
            badds(c, " (");
            emb__xml_badd(c, type.s, type.n);
            badds(c, ")");
        }
        str d = date.n ? date : year.n ? year : from;
        if (d.n) {
            badds(c, " ");
            emb__xml_badd(c, d.s, d.n);
            if (to.n && !date.n && !year.n) {
                badds(c, " to ");
                emb__xml_badd(c, to.s, to.n);
            }
        }
        badds(c, ": ");
        emb__xml_badd(c, note.s, note.n);
        put(c, EMB_P_NOTES, emb__xml_bstr(c));
    }
    extra_children(c, n, known, "date of birth");
}

static void do_birth_place(un_ctx *c, const xmlNode *n)
{
    static const char *const known[] = {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY",
                                        "NOTE",   NULL};
    str note = child_text(c, n, "NOTE");
    str ctry = child_text(c, n, "COUNTRY");
    emb__buf_reset(&c->buf);
    for (size_t i = 0; i < 4; i++)
        emb__xml_bjoin(c, ", ", child_text(c, n, known[i]));
    emb__xml_bjoin(c, ", ", ctry);
    if (c->buf.len) {
        put(c, EMB_P_BIRTH_PLACE, emb__xml_bstr(c));
        if (note.n) {
            emb__buf_reset(&c->buf);
            badds(c, "place of birth: ");
            emb__xml_badd(c, note.s, note.n);
            put(c, EMB_P_NOTES, emb__xml_bstr(c));
        }
    } else
        put(c, EMB_P_BIRTH_PLACE, note);
    put_country(c, EMB_P_BIRTH_COUNTRY, ctry);
    extra_children(c, n, known, "place of birth");
}

static void do_address(un_ctx *c, const xmlNode *n)
{
    static const char *const known[] = {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY",
                                        "NOTE",   NULL};
    str note = child_text(c, n, "NOTE");
    str ctry = child_text(c, n, "COUNTRY");
    emb__buf_reset(&c->buf);
    for (size_t i = 0; i < 4; i++)
        emb__xml_bjoin(c, ", ", child_text(c, n, known[i]));
    emb__xml_bjoin(c, ", ", ctry);
    str addr = emb__xml_bstr(c);
    put(c, EMB_P_ADDRESS, addr);
    put_country(c, EMB_P_COUNTRY, ctry);
    if (note.n) {
        /* "as of June 2016", "Believed location - Egypt": about the
         * address, not part of it */
        int had = c->buf.len > 0;
        if (had)
            badds(c, ": ");
        else
            badds(c, "address: ");
        emb__xml_badd(c, note.s, note.n);
        put(c, EMB_P_NOTES, emb__xml_bstr(c));
    }
    extra_children(c, n, known, "address");
}

static void do_document(un_ctx *c, const xmlNode *n)
{
    static const char *const known[] = {"TYPE_OF_DOCUMENT",
                                        "TYPE_OF_DOCUMENT2",
                                        "NUMBER",
                                        "ISSUING_COUNTRY",
                                        "DATE_OF_ISSUE",
                                        "CITY_OF_ISSUE",
                                        "COUNTRY_OF_ISSUE",
                                        "NOTE",
                                        NULL};
    str type = child_text(c, n, "TYPE_OF_DOCUMENT");
    str type2 = child_text(c, n, "TYPE_OF_DOCUMENT2");
    str num = child_text(c, n, "NUMBER");
    str icountry = child_text(c, n, "ISSUING_COUNTRY");
    str date = child_text(c, n, "DATE_OF_ISSUE");
    str city = child_text(c, n, "CITY_OF_ISSUE");
    str ccountry = child_text(c, n, "COUNTRY_OF_ISSUE");
    str note = child_text(c, n, "NOTE");
    int passport = icontains(type, "passport") || icontains(type, "passeport") ||
                   icontains(type, "pasaporte") || icontains(type2, "passport");
    put(c, passport ? EMB_P_PASSPORT_NUMBER : EMB_P_ID_NUMBER, num);
    /* issue details have no property of their own: keep them in notes */
    if (type2.n || icountry.n || date.n || city.n || ccountry.n || note.n || (!num.n && type.n)) {
        emb__buf_reset(&c->buf);
        emb__xml_bjoin(c, "", type.n ? type : (str){"document", 8});
        if (type2.n) {
            badds(c, " (");
            emb__xml_badd(c, type2.s, type2.n);
            badds(c, ")");
        }
        emb__xml_bjoin(c, " ", num);
        if (icountry.n) {
            badds(c, "; issuing country: ");
            emb__xml_badd(c, icountry.s, icountry.n);
        }
        if (date.n) {
            badds(c, "; date of issue: ");
            emb__xml_badd(c, date.s, date.n);
        }
        if (city.n) {
            badds(c, "; city of issue: ");
            emb__xml_badd(c, city.s, city.n);
        }
        if (ccountry.n) {
            badds(c, "; country of issue: ");
            emb__xml_badd(c, ccountry.s, ccountry.n);
        }
        if (note.n) {
            badds(c, "; ");
            emb__xml_badd(c, note.s, note.n);
        }
        put(c, EMB_P_NOTES, emb__xml_bstr(c));
    }
    extra_children(c, n, known, "document");
}

static void do_gender(un_ctx *c, str g)
{
    if (!g.n)
        return;
    if (emb__xml_ieq(g, "male") || emb__xml_ieq(g, "m"))
        put(c, EMB_P_GENDER, (str){"male", 4});
    else if (emb__xml_ieq(g, "female") || emb__xml_ieq(g, "f"))
        put(c, EMB_P_GENDER, (str){"female", 6});
    else {
        emb__xml_warn(c, "unknown GENDER '%.*s'; kept in notes", (int)(g.n > 40 ? 40 : g.n), g.s);
        emb__buf_reset(&c->buf);
        badds(c, "gender: ");
        emb__xml_badd(c, g.s, g.n);
        put(c, EMB_P_NOTES, emb__xml_bstr(c));
    }
}

/* ---- one record ---- */

static const char *const name_tags[4] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};

static emb_status do_record(un_ctx *c, const xmlNode *rec, int person)
{
    emb__ingest *ing = c->ing;
    const char *what = person ? "INDIVIDUAL" : "ENTITY";
    c->st = EMB_OK;
    emb__arena_reset(&c->scratch);
    set_line(c, rec);
    emb__ing_record(ing);

    str ref = child_text(c, rec, "REFERENCE_NUMBER");
    str parts[4];
    size_t nparts = 0;
    for (size_t i = 0; i < 4; i++) {
        parts[i] = child_text(c, rec, name_tags[i]);
        nparts += parts[i].n > 0;
    }
    if (c->st)
        return c->st;
    if (!ref.n) {
        str dataid = child_text(c, rec, "DATAID");
        return emb__ing_skip(ing, "%s without REFERENCE_NUMBER (DATAID '%.*s'); record dropped",
                             what, (int)(dataid.n > 40 ? 40 : dataid.n), dataid.s);
    }
    if (nparts == 0)
        return emb__ing_skip(ing, "%s %.*s has no name; record dropped", what,
                             (int)(ref.n > 40 ? 40 : ref.n), ref.s);

    emb__buf_reset(&c->buf);
    badds(c, "un-");
    emb__xml_badd(c, ref.s, ref.n);
    if (c->st)
        return c->st;
    emb_status st = emb__ing_entity(ing, person ? EMB_SCHEMA_PERSON : EMB_SCHEMA_ORGANIZATION,
                                    c->buf.data, c->buf.len, &c->ent);
    if (st == EMB_EARG || st == EMB_EUTF8)
        return emb__ing_skip(ing, "%s %.*s: unusable id; record dropped", what,
                             (int)(ref.n > 40 ? 40 : ref.n), ref.s);
    if (st)
        return st;

    /* the caption first: the name parts joined in the list's order */
    emb__buf_reset(&c->buf);
    for (size_t i = 0; i < 4; i++)
        emb__xml_bjoin(c, " ", parts[i]);
    put(c, EMB_P_NAME, emb__xml_bstr(c));
    if (person) {
        /* first present part -> firstName, last present -> lastName,
         * SECOND/THIRD in between -> secondName/middleName */
        size_t first = 4, last = 4;
        for (size_t i = 0; i < 4; i++)
            if (parts[i].n) {
                if (first == 4)
                    first = i;
                last = i;
            }
        put(c, EMB_P_FIRST_NAME, parts[first]);
        if (last != first)
            put(c, EMB_P_LAST_NAME, parts[last]);
        for (size_t i = first + 1; i < last; i++)
            put(c, i == 1 ? EMB_P_SECOND_NAME : EMB_P_MIDDLE_NAME, parts[i]);
    }
    put(c, EMB_P_UNSC_ID, ref);
    put(c, EMB_P_TOPICS, (str){"sanction", 8});
    put(c, EMB_P_AUTHORITY, (str){UN_AUTHORITY, strlen(UN_AUTHORITY)});
    put(c, EMB_P_SOURCE_URL, (str){UN_SOURCE_URL, strlen(UN_SOURCE_URL)});

    str updated = {"", 0};
    for (const xmlNode *n = rec->children; n && !c->st; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *tag = (const char *)n->name;
        set_line(c, n);
        if (is(n, "DATAID") || is(n, "VERSIONNUM") || is(n, "SORT_KEY") ||
            is(n, "SORT_KEY_LAST_MOD") || is(n, "LIST_TYPE") || is(n, "REFERENCE_NUMBER") ||
            is(n, "FIRST_NAME") || is(n, "SECOND_NAME") || is(n, "THIRD_NAME") ||
            is(n, "FOURTH_NAME"))
            continue;
        if (is(n, "UN_LIST_TYPE"))
            put(c, EMB_P_PROGRAM, emb__xml_text(c, n));
        else if (is(n, "LISTED_ON"))
            put_date(c, EMB_P_LISTING_DATE, emb__xml_text(c, n));
        else if (is(n, "COMMENTS1"))
            put(c, EMB_P_NOTES, emb__xml_text(c, n));
        else if (is(n, "NAME_ORIGINAL_SCRIPT"))
            put(c, EMB_P_ALIAS, emb__xml_text(c, n));
        else if (is(n, "GENDER"))
            do_gender(c, emb__xml_text(c, n));
        else if (is(n, "TITLE"))
            do_values(c, n, EMB_P_TITLE, 0);
        else if (is(n, "DESIGNATION"))
            do_values(c, n, EMB_P_POSITION, 0);
        else if (is(n, "NATIONALITY"))
            do_values(c, n, EMB_P_NATIONALITY, 1);
        else if (is(n, "LAST_DAY_UPDATED")) {
            for (const xmlNode *v = n->children; v; v = v->next)
                if (is(v, "VALUE")) {
                    str d = emb__xml_text(c, v);
                    size_t m = d.n < updated.n ? d.n : updated.n;
                    int cmp = memcmp(d.s, updated.s, m);
                    if (cmp > 0 || (cmp == 0 && d.n > updated.n))
                        updated = d;
                }
        } else if (is(n, "INDIVIDUAL_ALIAS") || is(n, "ENTITY_ALIAS"))
            do_alias(c, n);
        else if (is(n, "INDIVIDUAL_ADDRESS") || is(n, "ENTITY_ADDRESS"))
            do_address(c, n);
        else if (is(n, "INDIVIDUAL_DATE_OF_BIRTH"))
            do_birth_date(c, n);
        else if (is(n, "INDIVIDUAL_PLACE_OF_BIRTH"))
            do_birth_place(c, n);
        else if (is(n, "INDIVIDUAL_DOCUMENT"))
            do_document(c, n);
        else {
            str v = emb__xml_text(c, n);
            if (!v.n)
                continue;
            emb__xml_warn(c, "unknown element <%s>; kept in notes", tag);
            emb__buf_reset(&c->buf);
            badds(c, tag);
            badds(c, ": ");
            emb__xml_badd(c, v.s, v.n);
            put(c, EMB_P_NOTES, emb__xml_bstr(c));
        }
    }
    put_date(c, EMB_P_MODIFIED_AT, updated);
    return c->st;
}

/* ---- the document ---- */

typedef struct un_doc {
    un_ctx c;
    int section; /* of the current list: 1 INDIVIDUALS, 2 ENTITIES, 3 other */
} un_doc;

static emb_status un_element(void *ctx, emb__xml *x, int *skip)
{
    un_doc *d = ctx;
    emb__ingest *ing = d->c.ing;
    if (x->depth == 0) {
        xmlChar *date = xmlTextReaderGetAttribute(x->r, (const xmlChar *)"dateGenerated");
        if (!date)
            return EMB_OK;
        size_t n = strlen((const char *)date);
        /* "2026-02-27T00:00:09.554Z": the date part */
        emb_status st = emb__ing_list_date(ing, (const char *)date, n > 10 ? 10 : n);
        xmlFree(date);
        return st;
    }
    if (x->depth == 1) {
        d->section = strcmp(x->name, "INDIVIDUALS") == 0 ? 1
                     : strcmp(x->name, "ENTITIES") == 0  ? 2
                                                         : 3;
        if (d->section != 3)
            return EMB_OK;
        *skip = 1;
        return emb__ing_warn(ing, "unknown element <%.60s> under the root; ignored", x->name);
    }
    if (x->depth != 2)
        return EMB_OK;
    *skip = 1;
    int person = d->section == 1 && strcmp(x->name, "INDIVIDUAL") == 0;
    int entity = d->section == 2 && strcmp(x->name, "ENTITY") == 0;
    if (!person && !entity)
        return emb__ing_warn(ing, "unexpected element <%.60s> in the list; ignored", x->name);
    xmlNodePtr node;
    emb_status st = emb__xml_expand(x, &node);
    return st ? st : do_record(&d->c, node, person);
}

emb_status emb__read_un(emb__ingest *ing, const emb__file *f)
{
    un_doc d;
    emb__xml_rec_init(&d.c, ing, 16384);
    d.section = 0;
    emb_status st = emb__xml_read(ing, f, "CONSOLIDATED_LIST", un_element, &d);
    emb__xml_rec_destroy(&d.c);
    return st;
}
