/*
 * sema.c - reader for Canada's consolidated Special Economic Measures Act
 * list (sema-lmes.xml: root data-set, one flat <record> per target with
 * Country, LastName/GivenName or Entity, Title, Aliases, DateOfBirth,
 * Schedule and Item; docs/lists.md).  The file carries no list date.
 *
 * Parsing uses libxml2's streaming xmlTextReader as set up in xml.c and
 * shared with un.c (no DTD loading, no entity substitution, no network;
 * libxml2's diagnostics captured, never printed), expanding one <record>
 * at a time.
 *
 * Ids: "ca-sema-" + regime + "-" + schedule + "-" + item, each part
 * slugged ("Burma / Birmanie", "1, Part 2", "7" -> ca-sema-burma-1-part-2-7;
 * a regime named by an acronym in parentheses, "... (JVCFOR)", uses it).
 * The key is unique in the published file; should a later edition repeat
 * one, the second record gets "-2", the third "-3" (in file order, so the
 * ids stay deterministic) and a warning is recorded.
 *
 * "Country" names the sanctions regime, bilingually: its English part is
 * the program, and also the entity's country when it names one.  Aliases
 * are one comma-separated string: for entities it is split at top-level
 * ", " (not inside parentheses, and not before a bare legal form such as
 * ", JSC"), a French " et " joining the last two items of a longer list is
 * split too, and bilingual "English/French" halves become two aliases.  For
 * people an alias is often a spelling variant of one name part ("Andrei"
 * for "Andrey Igorevich AKIMOV"): such variants are completed with the
 * other parts ("Andrei Igorevich AKIMOV"); other one-word aliases are
 * nicknames and kept as weak aliases.
 *
 * Later editions of the list are reported to use EntityOrShip,
 * ShipIMONumber, DateOfBirthOrShipBuildDate and DateOfListing; these are
 * understood too.  Any other element is kept in notes with a warning.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../text/country.h"
#include "ingest.h"
#include "xml.h"

#define SEMA_SOURCE_URL                                                                            \
    "https://www.international.gc.ca/world-monde/international_relations-relations_"               \
    "internationales/sanctions/consolidated-consolide.aspx"
#define SEMA_AUTHORITY "Global Affairs Canada"
#define SEMA_MAX_ITEMS 256 /* alias items split from one Aliases value */
#define SEMA_MAX_TOKENS 32 /* words compared when completing a name variant */

typedef emb__xml_str str;
typedef emb__xml_rec sema_ctx; /* the record context shared with un.c */

/* ---- strings ---- */

/* Position of the top-level (outside parentheses) separator sep in s at
 * or after from, or s.n. */
static size_t find_top(str s, size_t from, const char *sep)
{
    size_t k = strlen(sep);
    int depth = 0;
    for (size_t i = from; i < s.n; i++) {
        char ch = s.s[i];
        if (ch == '(')
            depth++;
        else if (ch == ')' && depth > 0)
            depth--;
        else if (depth == 0 && i + k <= s.n && memcmp(s.s + i, sep, k) == 0)
            return i;
    }
    return s.n;
}

/* ---- sticky-status helpers ---- */

static void put(sema_ctx *c, emb_prop p, str v)
{
    v = emb__xml_trim(v.s, v.n);
    if (!c->st && v.n)
        emb__xml_chk(c, emb__ing_prop(c->ing, c->ent, p, v.s, v.n));
}

/* ---- element text ---- */

static str field(sema_ctx *c, const xmlNode *rec, const char *name)
{
    return emb__xml_text(c, emb__xml_child(rec, name));
}

/* ---- ids ---- */

/* Appends the lower-case ASCII slug of v ("1, Part 2" -> "1-part-2"). */
static void slug(sema_ctx *c, str v)
{
    int dash = c->buf.len > 0 && c->buf.data[c->buf.len - 1] != '-';
    for (size_t i = 0; i < v.n; i++) {
        unsigned char ch = (unsigned char)v.s[i];
        if (isalnum(ch) && ch < 0x80) {
            if (dash) {
                emb__xml_badd(c, "-", 1);
                dash = 0;
            }
            char lc = (char)tolower(ch);
            emb__xml_badd(c, &lc, 1);
        } else if (c->buf.len && c->buf.data[c->buf.len - 1] != '-')
            dash = 1;
    }
}

/* The English part of a bilingual "English / Français" value. */
static str english(str v)
{
    size_t k = find_top(v, 0, " / ");
    if (k == v.n)
        k = find_top(v, 0, "/ ");
    return emb__xml_trim(v.s, k);
}

/* "Regulations (JVCFOR)" -> "JVCFOR" when the parentheses hold an
 * upper-case acronym; else v. */
static str regime_key(str v)
{
    if (v.n < 4 || v.s[v.n - 1] != ')')
        return v;
    size_t open = v.n - 1;
    while (open > 0 && v.s[open] != '(')
        open--;
    if (v.s[open] != '(' || v.n - open - 2 < 2)
        return v;
    for (size_t i = open + 1; i < v.n - 1; i++)
        if (!isupper((unsigned char)v.s[i]) && !isdigit((unsigned char)v.s[i]))
            return v;
    return (str){v.s + open + 1, v.n - open - 2};
}

/* ---- aliases ---- */

static size_t split_items(str v, const char *sep, str *out, size_t max)
{
    size_t n = 0, from = 0;
    while (from <= v.n && n < max) {
        size_t k = n + 1 == max ? v.n : find_top(v, from, sep);
        str it = emb__xml_trim(v.s + from, k - from);
        if (it.n)
            out[n++] = it;
        if (k >= v.n)
            break;
        from = k + strlen(sep);
    }
    return n;
}

/* A bare legal form that belongs to the name before the comma
 * ("Technodinamica Holding, JSC"). */
static int legal_form(str t)
{
    static const char *const forms[] = {
        "inc", "ltd", "llc",     "llp",  "plc", "jsc", "pjsc", "ojsc", "cjsc", "oao",
        "zao", "ooo", "tov",     "sa",   "s.a", "ag",  "gmbh", "co",   "corp", "bv",
        "nv",  "pte", "limited", "sarl", "spa", "srl", "kg",   "ao",   "pao",  NULL};
    while (t.n && t.s[t.n - 1] == '.')
        t.n--;
    for (size_t i = 0; forms[i]; i++)
        if (emb__xml_ieq(t, forms[i]))
            return 1;
    return 0;
}

static void put_entity_alias(sema_ctx *c, str a)
{
    /* "(Rosselkhozbank)": the parentheses only set the alias apart */
    if (a.n > 2 && a.s[0] == '(' && a.s[a.n - 1] == ')' && !memchr(a.s + 1, '(', a.n - 2) &&
        !memchr(a.s + 1, ')', a.n - 2))
        a = emb__xml_trim(a.s + 1, a.n - 2);
    /* "Central Bank of Syria/Banque centrale de Syrie": one alias per
     * language; short sides ("A/S") are part of the name */
    size_t k = find_top(a, 0, "/");
    if (k < a.n) {
        str l = emb__xml_trim(a.s, k), r = emb__xml_trim(a.s + k + 1, a.n - k - 1);
        if (l.n >= 3 && r.n >= 3) {
            put(c, EMB_P_ALIAS, l);
            put_entity_alias(c, r);
            return;
        }
    }
    put(c, EMB_P_ALIAS, a);
}

static void entity_aliases(sema_ctx *c, str v)
{
    str it[SEMA_MAX_ITEMS];
    size_t n = split_items(v, ", ", it, SEMA_MAX_ITEMS);
    /* glue bare legal forms back onto the preceding name */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && legal_form(it[i]))
            it[m - 1].n = (size_t)(it[i].s + it[i].n - it[m - 1].s);
        else
            it[m++] = it[i];
    }
    for (size_t i = 0; i < m; i++) {
        size_t k = i + 1 == m && m >= 3 ? find_top(it[i], 0, " et ") : it[i].n;
        if (k < it[i].n) {
            put_entity_alias(c, emb__xml_trim(it[i].s, k));
            put_entity_alias(c, emb__xml_trim(it[i].s + k + 4, it[i].n - k - 4));
        } else
            put_entity_alias(c, it[i]);
    }
}

static size_t tokens(str v, str *out, size_t max)
{
    size_t n = 0, i = 0;
    while (i < v.n && n < max) {
        while (i < v.n && v.s[i] == ' ')
            i++;
        size_t s = i;
        while (i < v.n && v.s[i] != ' ')
            i++;
        if (i > s)
            out[n++] = (str){v.s + s, i - s};
    }
    return n;
}

/* Spelling variants: case-insensitive edit distance at most a third of the
 * longer word (at least 1). */
static int similar(str a, str b)
{
    enum { W = 48 };
    if (a.n == 0 || b.n == 0 || a.n > W || b.n > W)
        return 0;
    size_t row[W + 1];
    for (size_t j = 0; j <= b.n; j++)
        row[j] = j;
    for (size_t i = 1; i <= a.n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.n; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a.s[i - 1]) == tolower((unsigned char)b.s[j - 1]);
            size_t best = diag + (same ? 0 : 1);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t longer = a.n > b.n ? a.n : b.n;
    size_t limit = longer / 3 > 1 ? longer / 3 : 1;
    return row[b.n] <= limit;
}

/* 1 if t is a spelling variant of ref or of one of the n variants seen. */
static int similar_any(str t, str ref, const str *seen, size_t n)
{
    if (similar(t, ref))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (similar(t, seen[i]))
            return 1;
    return 0;
}

static void person_aliases(sema_ctx *c, str v, str given, str last)
{
    str it[SEMA_MAX_ITEMS];
    size_t n = split_items(v, ", ", it, SEMA_MAX_ITEMS);
    str g[SEMA_MAX_TOKENS];
    size_t ng = tokens(given, g, SEMA_MAX_TOKENS);
    /* variants accepted so far: "Alexei, Aleksei" for "Alexey" - the
     * second is close to the first though not to the name */
    str seen_last[8], seen_first[8];
    size_t nlast = 0, nfirst = 0;
    for (size_t i = 0; i < n && !c->st; i++) {
        str t[SEMA_MAX_TOKENS];
        size_t nt = tokens(it[i], t, SEMA_MAX_TOKENS);
        if (nt == 1 && last.n && similar_any(t[0], last, seen_last, nlast)) {
            /* a variant of the surname */
            if (nlast < 8)
                seen_last[nlast++] = t[0];
            emb__buf_reset(&c->buf);
            emb__xml_bjoin(c, " ", given);
            emb__xml_bjoin(c, " ", it[i]);
            put(c, EMB_P_ALIAS, emb__xml_bstr(c));
            continue;
        }
        int variant = nt >= 1 && nt <= ng && similar_any(t[0], g[0], seen_first, nfirst);
        for (size_t k = 1; variant && k < nt; k++)
            variant = similar(t[k], g[k]);
        if (variant) {
            /* a variant of the leading given names: complete it */
            if (nfirst < 8)
                seen_first[nfirst++] = t[0];
            emb__buf_reset(&c->buf);
            emb__xml_bjoin(c, " ", it[i]);
            for (size_t k = nt; k < ng; k++)
                emb__xml_bjoin(c, " ", g[k]);
            emb__xml_bjoin(c, " ", last);
            put(c, EMB_P_ALIAS, emb__xml_bstr(c));
        } else
            put(c, nt == 1 ? EMB_P_WEAK_ALIAS : EMB_P_ALIAS, it[i]);
    }
}

/* ---- one record ---- */

static const char *const known_fields[] = {
    "Country",       "LastName", "GivenName",     "Entity",      "EntityOrShip",
    "ShipIMONumber", "Title",    "Aliases",       "DateOfBirth", "DateOfBirthOrShipBuildDate",
    "Schedule",      "Item",     "DateOfListing", NULL};

static emb_status make_id(sema_ctx *c, str regime, str schedule, str item, emb_schema schema)
{
    emb__buf_reset(&c->buf);
    emb__xml_badd(c, "ca-sema-", 8);
    /* slug() puts the dash between parts; an empty part adds nothing */
    slug(c, regime_key(regime));
    slug(c, schedule);
    slug(c, item);
    if (c->st)
        return c->st;
    size_t base = c->buf.len;
    uint32_t found;
    for (unsigned k = 2; emb__ing_find(c->ing, c->buf.data, c->buf.len, &found); k++) {
        char sfx[16];
        int w = snprintf(sfx, sizeof sfx, "-%u", k);
        c->buf.len = base;
        emb__xml_badd(c, sfx, (size_t)w);
        if (c->st)
            return c->st;
    }
    if (c->buf.len != base)
        emb__xml_warn(c, "key '%.*s' repeats an earlier record; id '%.*s' used", (int)base,
                      c->buf.data, (int)c->buf.len, c->buf.data);
    if (c->st)
        return c->st;
    return emb__ing_entity(c->ing, schema, c->buf.data, c->buf.len, &c->ent);
}

static emb_status do_record(sema_ctx *c, const xmlNode *rec)
{
    emb__ingest *ing = c->ing;
    c->st = EMB_OK;
    emb__arena_reset(&c->scratch);
    emb__ing_line(ing, emb__xml_line(rec));
    emb__ing_record(ing);

    str country = field(c, rec, "Country");
    str last = field(c, rec, "LastName");
    str given = field(c, rec, "GivenName");
    str entity = field(c, rec, "Entity");
    str ship = field(c, rec, "EntityOrShip");
    str imo = field(c, rec, "ShipIMONumber");
    str title = field(c, rec, "Title");
    str aliases = field(c, rec, "Aliases");
    str dob = field(c, rec, "DateOfBirth");
    str dob2 = field(c, rec, "DateOfBirthOrShipBuildDate");
    str schedule = field(c, rec, "Schedule");
    str item = field(c, rec, "Item");
    str listed = field(c, rec, "DateOfListing");
    if (c->st)
        return c->st;
    if (!entity.n)
        entity = ship;
    int person = last.n || given.n;
    str regime = english(country);
    if (!person && !entity.n)
        return emb__ing_skip(ing, "record (%.*s, item %.*s) has no name; record dropped",
                             (int)(regime.n > 60 ? 60 : regime.n), regime.s,
                             (int)(item.n > 20 ? 20 : item.n), item.s);
    if (!item.n)
        return emb__ing_skip(ing, "record without Item (%.*s); record dropped",
                             (int)(regime.n > 60 ? 60 : regime.n), regime.s);

    emb_schema schema = person  ? EMB_SCHEMA_PERSON
                        : imo.n ? EMB_SCHEMA_VESSEL
                                : EMB_SCHEMA_ORGANIZATION;
    emb_status st = make_id(c, regime, schedule, item, schema);
    if (st == EMB_EARG || st == EMB_EUTF8)
        return emb__ing_skip(ing, "record with an unusable id; record dropped");
    if (st)
        return st;

    if (person) {
        emb__buf_reset(&c->buf);
        emb__xml_bjoin(c, " ", given);
        emb__xml_bjoin(c, " ", last);
        put(c, EMB_P_NAME, emb__xml_bstr(c));
        put(c, EMB_P_FIRST_NAME, given);
        put(c, EMB_P_LAST_NAME, last);
        if (entity.n) {
            emb__xml_warn(
                c, "record has both a person's name and an entity name; entity name kept as an "
                   "alias");
            put(c, EMB_P_ALIAS, entity);
        }
    } else {
        /* "English/Français": the English half is the caption */
        size_t k = find_top(entity, 0, "/");
        str l = emb__xml_trim(entity.s, k),
            r = k < entity.n ? emb__xml_trim(entity.s + k + 1, entity.n - k - 1) : (str){"", 0};
        if (l.n >= 3 && r.n >= 3) {
            put(c, EMB_P_NAME, l);
            put_entity_alias(c, r);
        } else
            put(c, EMB_P_NAME, entity);
    }
    if (aliases.n) {
        if (person)
            person_aliases(c, aliases, given, last);
        else
            entity_aliases(c, aliases);
    }
    put(c, EMB_P_TITLE, title);
    put(c, EMB_P_IMO_NUMBER, imo);
    if (!c->st && dob.n)
        emb__xml_chk(c, emb__ing_date(ing, c->ent, EMB_P_BIRTH_DATE, dob.s, dob.n, 0));
    if (!c->st && dob2.n)
        emb__xml_chk(c, emb__ing_date(ing, c->ent, person ? EMB_P_BIRTH_DATE : EMB_P_BUILD_DATE,
                                      dob2.s, dob2.n, 0));
    if (!c->st && listed.n)
        emb__xml_chk(c, emb__ing_date(ing, c->ent, EMB_P_LISTING_DATE, listed.s, listed.n, 0));

    /* the regime: program, and country when it names one */
    put(c, EMB_P_PROGRAM, regime);
    char code[3];
    if (regime.n && emb__country_code(regime.s, regime.n, code))
        put(c, EMB_P_COUNTRY, (str){code, 2});
    emb__buf_reset(&c->buf);
    if (schedule.n && !emb__xml_ieq(schedule, "n/a")) {
        emb__xml_badd(c, "Schedule ", 9);
        emb__xml_badd(c, schedule.s, schedule.n);
        emb__xml_badd(c, ", ", 2);
    }
    emb__xml_badd(c, "Item ", 5);
    emb__xml_badd(c, item.s, item.n);
    put(c, EMB_P_PROGRAM_ID, emb__xml_bstr(c));
    put(c, EMB_P_TOPICS, (str){"sanction", 8});
    put(c, EMB_P_AUTHORITY, (str){SEMA_AUTHORITY, strlen(SEMA_AUTHORITY)});
    put(c, EMB_P_SOURCE_URL, (str){SEMA_SOURCE_URL, strlen(SEMA_SOURCE_URL)});

    for (const xmlNode *n = rec->children; n && !c->st; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int known = 0;
        for (size_t i = 0; known_fields[i] && !known; i++)
            known = strcmp((const char *)n->name, known_fields[i]) == 0;
        str v = known ? (str){"", 0} : emb__xml_text(c, n);
        if (!v.n)
            continue;
        emb__ing_line(ing, emb__xml_line(n));
        emb__xml_warn(c, "unknown element <%s>; kept in notes", (const char *)n->name);
        emb__buf_reset(&c->buf);
        emb__xml_badd(c, (const char *)n->name, strlen((const char *)n->name));
        emb__xml_badd(c, ": ", 2);
        emb__xml_badd(c, v.s, v.n);
        put(c, EMB_P_NOTES, emb__xml_bstr(c));
    }
    return c->st;
}

/* ---- the document ---- */

static emb_status sema_element(void *ctx, emb__xml *x, int *skip)
{
    sema_ctx *c = ctx;
    if (x->depth != 1)
        return EMB_OK;
    *skip = 1;
    if (strcmp(x->name, "record") != 0)
        return emb__ing_warn(c->ing, "unexpected element <%.60s> in the list; ignored", x->name);
    xmlNodePtr node;
    emb_status st = emb__xml_expand(x, &node);
    return st ? st : do_record(c, node);
}

emb_status emb__read_sema(emb__ingest *ing, const emb__file *f)
{
    sema_ctx c;
    emb__xml_rec_init(&c, ing, 8192);
    emb_status st = emb__xml_read(ing, f, "data-set", sema_element, &c);
    emb__xml_rec_destroy(&c);
    return st;
}
