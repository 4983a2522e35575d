/*
 * sema.c - reader for Canada's consolidated Special Economic Measures Act
 * list (sema-lmes.xml: root data-set, one flat <record> per target with
 * Country, LastName/GivenName or Entity, Title, Aliases, DateOfBirth,
 * Schedule and Item; docs/lists.md).  The file carries no list date.
 *
 * Parsing uses libxml2's streaming xmlTextReader exactly as un.c does (no
 * DTD loading, no entity substitution, no network; libxml2's diagnostics
 * captured, never printed), expanding one <record> at a time.
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
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/limits.h"
#include "../text/country.h"
#include "ingest.h"

#define SEMA_SOURCE_URL                                                                            \
    "https://www.international.gc.ca/world-monde/international_relations-relations_"               \
    "internationales/sanctions/consolidated-consolide.aspx"
#define SEMA_AUTHORITY "Global Affairs Canada"
#define SEMA_MAX_ITEMS 256 /* alias items split from one Aliases value */
#define SEMA_MAX_TOKENS 32 /* words compared when completing a name variant */

typedef struct str {
    const char *s;
    size_t n;
} str;

typedef struct xml_err {
    int have;
    int code;
    uint64_t line, col;
    char msg[256];
} xml_err;

typedef struct sema_ctx {
    emb__ingest *ing;
    const emb__file *f;
    emb__arena scratch; /* strings of the current record; reset per record */
    emb__buf buf;
    xml_err xe;
    emb_status st; /* first failure inside a record (sticky) */
    uint32_t ent;
} sema_ctx;

/* ---- libxml2 error capture (as in un.c) ---- */

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ud, const xmlError *e)
#else
static void on_xml_error(void *ud, xmlErrorPtr e)
#endif
{
    xml_err *x = ud;
    if (!x || !e || e->level < XML_ERR_ERROR || x->have)
        return;
    x->have = 1;
    x->code = e->code;
    x->line = e->line > 0 ? (uint64_t)e->line : 0;
    x->col = e->int2 > 0 ? (uint64_t)e->int2 : 0;
    size_t n = 0;
    if (e->message) {
        n = strlen(e->message);
        while (n > 0 && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
            n--;
        if (n >= sizeof x->msg)
            n = sizeof x->msg - 1;
        memcpy(x->msg, e->message, n);
    }
    x->msg[n] = '\0';
}

static void on_generic_error(void *ud, const char *msg, ...)
{
    (void)ud;
    (void)msg;
}

/* ---- strings ---- */

static int is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    if ((unsigned char)s[i] <= ' ') {
        *w = 1;
        return 1;
    }
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2;
        return 1;
    }
    return 0;
}

/* Trims ASCII whitespace and no-break spaces (frequent in this file). */
static str trim(const char *s, size_t n)
{
    size_t w;
    while (n > 0 && is_space_at(s, n, 0, &w)) {
        s += w;
        n -= w;
    }
    while (n > 0) {
        if ((unsigned char)s[n - 1] <= ' ')
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    return (str){s, n};
}

static int ieq(str a, const char *b)
{
    size_t n = strlen(b);
    return a.n == n && strncasecmp(a.s, b, n) == 0;
}

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

static void chk(sema_ctx *c, emb_status st)
{
    if (st && !c->st)
        c->st = st;
}

static void put(sema_ctx *c, emb_prop p, str v)
{
    v = trim(v.s, v.n);
    if (!c->st && v.n)
        chk(c, emb__ing_prop(c->ing, c->ent, p, v.s, v.n));
}

static void warn(sema_ctx *c, const char *fmt, ...) EMB__PRINTF(2, 3);
static void warn(sema_ctx *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!c->st)
        chk(c, emb__ing_warn(c->ing, "%s", msg));
}

static void badd(sema_ctx *c, const char *s, size_t n)
{
    size_t room = c->buf.cap - c->buf.len;
    if (n > room)
        n = room;
    if (n)
        chk(c, emb__buf_add(&c->buf, s, n));
}

static void bjoin(sema_ctx *c, const char *sep, str v)
{
    if (!v.n)
        return;
    if (c->buf.len)
        badd(c, sep, strlen(sep));
    badd(c, v.s, v.n);
}

static str bstr(const sema_ctx *c)
{
    return (str){c->buf.data ? c->buf.data : "", c->buf.len};
}

/* ---- element text ---- */

static void text_len(const xmlNode *n, size_t *len, int *entref)
{
    for (const xmlNode *ch = n->children; ch; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE || ch->type == XML_CDATA_SECTION_NODE)
            *len += ch->content ? strlen((const char *)ch->content) : 0;
        else if (ch->type == XML_ELEMENT_NODE)
            text_len(ch, len, entref);
        else if (ch->type == XML_ENTITY_REF_NODE)
            *entref = 1;
    }
}

static void text_copy(const xmlNode *n, char *out, size_t *o)
{
    for (const xmlNode *ch = n->children; ch; ch = ch->next) {
        if ((ch->type == XML_TEXT_NODE || ch->type == XML_CDATA_SECTION_NODE) && ch->content) {
            size_t k = strlen((const char *)ch->content);
            memcpy(out + *o, ch->content, k);
            *o += k;
        } else if (ch->type == XML_ELEMENT_NODE)
            text_copy(ch, out, o);
    }
}

/* Trimmed text of an element; entity references are left out (warned). */
static str text(sema_ctx *c, const xmlNode *el)
{
    if (!el || c->st)
        return (str){"", 0};
    const xmlNode *ch = el->children;
    if (ch && !ch->next && (ch->type == XML_TEXT_NODE || ch->type == XML_CDATA_SECTION_NODE))
        return ch->content ? trim((const char *)ch->content, strlen((const char *)ch->content))
                           : (str){"", 0};
    size_t len = 0;
    int entref = 0;
    text_len(el, &len, &entref);
    if (entref)
        warn(c, "entity reference in <%s> not expanded; left out of the value",
             (const char *)el->name);
    if (len == 0)
        return (str){"", 0};
    char *out = emb__arena_alloc(&c->scratch, len + 1);
    if (!out) {
        chk(c, EMB_ENOMEM);
        return (str){"", 0};
    }
    size_t o = 0;
    text_copy(el, out, &o);
    out[o] = '\0';
    return trim(out, o);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *ch = n->children; ch; ch = ch->next)
        if (ch->type == XML_ELEMENT_NODE && strcmp((const char *)ch->name, name) == 0)
            return ch;
    return NULL;
}

static str field(sema_ctx *c, const xmlNode *rec, const char *name)
{
    return text(c, child(rec, name));
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
                badd(c, "-", 1);
                dash = 0;
            }
            char lc = (char)tolower(ch);
            badd(c, &lc, 1);
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
    return trim(v.s, k);
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
        str it = trim(v.s + from, k - from);
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
        if (ieq(t, forms[i]))
            return 1;
    return 0;
}

static void put_entity_alias(sema_ctx *c, str a)
{
    /* "(Rosselkhozbank)": the parentheses only set the alias apart */
    if (a.n > 2 && a.s[0] == '(' && a.s[a.n - 1] == ')' && !memchr(a.s + 1, '(', a.n - 2) &&
        !memchr(a.s + 1, ')', a.n - 2))
        a = trim(a.s + 1, a.n - 2);
    /* "Central Bank of Syria/Banque centrale de Syrie": one alias per
     * language; short sides ("A/S") are part of the name */
    size_t k = find_top(a, 0, "/");
    if (k < a.n) {
        str l = trim(a.s, k), r = trim(a.s + k + 1, a.n - k - 1);
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
            put_entity_alias(c, trim(it[i].s, k));
            put_entity_alias(c, trim(it[i].s + k + 4, it[i].n - k - 4));
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
            bjoin(c, " ", given);
            bjoin(c, " ", it[i]);
            put(c, EMB_P_ALIAS, bstr(c));
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
            bjoin(c, " ", it[i]);
            for (size_t k = nt; k < ng; k++)
                bjoin(c, " ", g[k]);
            bjoin(c, " ", last);
            put(c, EMB_P_ALIAS, bstr(c));
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
    badd(c, "ca-sema-", 8);
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
        badd(c, sfx, (size_t)w);
        if (c->st)
            return c->st;
    }
    if (c->buf.len != base)
        warn(c, "key '%.*s' repeats an earlier record; id '%.*s' used", (int)base, c->buf.data,
             (int)c->buf.len, c->buf.data);
    if (c->st)
        return c->st;
    return emb__ing_entity(c->ing, schema, c->buf.data, c->buf.len, &c->ent);
}

static emb_status do_record(sema_ctx *c, const xmlNode *rec)
{
    emb__ingest *ing = c->ing;
    c->st = EMB_OK;
    emb__arena_reset(&c->scratch);
    long ln = xmlGetLineNo(rec);
    emb__ing_line(ing, ln > 0 ? (uint64_t)ln : 0);
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
        bjoin(c, " ", given);
        bjoin(c, " ", last);
        put(c, EMB_P_NAME, bstr(c));
        put(c, EMB_P_FIRST_NAME, given);
        put(c, EMB_P_LAST_NAME, last);
        if (entity.n) {
            warn(c, "record has both a person's name and an entity name; entity name kept as an "
                    "alias");
            put(c, EMB_P_ALIAS, entity);
        }
    } else {
        /* "English/Français": the English half is the caption */
        size_t k = find_top(entity, 0, "/");
        str l = trim(entity.s, k),
            r = k < entity.n ? trim(entity.s + k + 1, entity.n - k - 1) : (str){"", 0};
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
        chk(c, emb__ing_date(ing, c->ent, EMB_P_BIRTH_DATE, dob.s, dob.n, 0));
    if (!c->st && dob2.n)
        chk(c, emb__ing_date(ing, c->ent, person ? EMB_P_BIRTH_DATE : EMB_P_BUILD_DATE, dob2.s,
                             dob2.n, 0));
    if (!c->st && listed.n)
        chk(c, emb__ing_date(ing, c->ent, EMB_P_LISTING_DATE, listed.s, listed.n, 0));

    /* the regime: program, and country when it names one */
    put(c, EMB_P_PROGRAM, regime);
    char code[3];
    if (regime.n && emb__country_code(regime.s, regime.n, code))
        put(c, EMB_P_COUNTRY, (str){code, 2});
    emb__buf_reset(&c->buf);
    if (schedule.n && !ieq(schedule, "n/a")) {
        badd(c, "Schedule ", 9);
        badd(c, schedule.s, schedule.n);
        badd(c, ", ", 2);
    }
    badd(c, "Item ", 5);
    badd(c, item.s, item.n);
    put(c, EMB_P_PROGRAM_ID, bstr(c));
    put(c, EMB_P_TOPICS, (str){"sanction", 8});
    put(c, EMB_P_AUTHORITY, (str){SEMA_AUTHORITY, strlen(SEMA_AUTHORITY)});
    put(c, EMB_P_SOURCE_URL, (str){SEMA_SOURCE_URL, strlen(SEMA_SOURCE_URL)});

    for (const xmlNode *n = rec->children; n && !c->st; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int known = 0;
        for (size_t i = 0; known_fields[i] && !known; i++)
            known = strcmp((const char *)n->name, known_fields[i]) == 0;
        str v = known ? (str){"", 0} : text(c, n);
        if (!v.n)
            continue;
        ln = xmlGetLineNo(n);
        emb__ing_line(ing, ln > 0 ? (uint64_t)ln : 0);
        warn(c, "unknown element <%s>; kept in notes", (const char *)n->name);
        emb__buf_reset(&c->buf);
        badd(c, (const char *)n->name, strlen((const char *)n->name));
        badd(c, ": ", 2);
        badd(c, v.s, v.n);
        put(c, EMB_P_NOTES, bstr(c));
    }
    return c->st;
}

/* ---- the document ---- */

static uint64_t offset_of(const emb__file *f, uint64_t line, uint64_t col)
{
    size_t i = 0;
    for (uint64_t l = 1; l < line && i < f->len; i++)
        if (f->data[i] == '\n')
            l++;
    size_t e = i;
    while (e < f->len && f->data[e] != '\n')
        e++;
    if (col > 1 && col - 1 <= e - i)
        i += (size_t)(col - 1);
    return i;
}

/* Line of the reader's current node (the parser itself may be ahead). */
static uint64_t node_line(xmlTextReaderPtr r)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r);
    long l = n ? xmlGetLineNo(n) : -1;
    if (l <= 0)
        l = xmlTextReaderGetParserLineNumber(r);
    return l > 0 ? (uint64_t)l : 0;
}

static emb_status xml_fail(sema_ctx *c, xmlTextReaderPtr r, const char *fallback)
{
    uint64_t line = c->xe.line, col = c->xe.col;
    if (!c->xe.have && r)
        line =
            (uint64_t)(xmlTextReaderGetParserLineNumber(r) > 0 ? xmlTextReaderGetParserLineNumber(r)
                                                               : 0);
    emb_status st = EMB_EPARSE;
    if (c->xe.have && (strstr(c->xe.msg, "UTF-8") || c->xe.code == XML_ERR_INVALID_ENCODING))
        st = EMB_EUTF8;
    return emb__ing_fail(c->ing, st, line, col, offset_of(c->f, line, col), "malformed XML: %s",
                         c->xe.have ? c->xe.msg : fallback);
}

emb_status emb__read_sema(emb__ingest *ing, const emb__file *f)
{
    sema_ctx c;
    memset(&c, 0, sizeof c);
    c.ing = ing;
    c.f = f;
    emb__arena_init(&c.scratch, 8192, 0);
    emb__buf_init(&c.buf, EMB_CAP_VALUE + 1);
    if (f->len > INT_MAX)
        return emb__ing_fail(ing, EMB_ECAP, 0, 0, 0, "file too large for the XML reader");

    xmlInitParser();
    xmlStructuredErrorFunc old_serror = xmlStructuredError;
    void *old_sctx = xmlStructuredErrorContext;
    xmlGenericErrorFunc old_gerror = xmlGenericError;
    void *old_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(&c.xe, on_xml_error);
    xmlSetGenericErrorFunc(NULL, on_generic_error);

    emb_status st = EMB_OK;
    xmlTextReaderPtr r =
        xmlReaderForMemory(f->data, (int)f->len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    if (!r) {
        st = c.xe.have ? xml_fail(&c, NULL, "") : EMB_ENOMEM;
        goto out;
    }
    xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, &c.xe);

    int root = 0;
    int ret = xmlTextReaderRead(r);
    while (ret == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
            ret = xmlTextReaderRead(r);
            continue;
        }
        int depth = xmlTextReaderDepth(r);
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        if (!name)
            name = "";
        uint64_t line = node_line(r);
        emb__ing_line(ing, line);
        if (depth == 0) {
            if (strcmp(name, "data-set") != 0) {
                st = emb__ing_fail(ing, EMB_EPARSE, line, 0, offset_of(f, line, 0),
                                   "root element is <%.60s>, expected <data-set>", name);
                goto out;
            }
            root = 1;
        } else if (depth == 1) {
            if (strcmp(name, "record") == 0) {
                xmlNodePtr node = xmlTextReaderExpand(r);
                if (!node) {
                    st = xml_fail(&c, r, "cannot read record");
                    goto out;
                }
                if ((st = do_record(&c, node)) != EMB_OK)
                    goto out;
            } else if ((st = emb__ing_warn(ing, "unexpected element <%.60s> in the list; ignored",
                                           name)) != EMB_OK)
                goto out;
            ret = xmlTextReaderNext(r);
            continue;
        }
        ret = xmlTextReaderRead(r);
    }
    if (ret < 0 || c.xe.have)
        st = xml_fail(&c, r, "unexpected end of document");
    else if (!root)
        st = emb__ing_fail(ing, EMB_EPARSE, 0, 0, 0, "no <data-set> element");
out:
    if (r)
        xmlFreeTextReader(r);
    xmlSetStructuredErrorFunc(old_sctx, old_serror);
    xmlSetGenericErrorFunc(old_gctx, old_gerror);
    emb__arena_destroy(&c.scratch);
    emb__buf_destroy(&c.buf);
    return st;
}
