/*
 * iso.c - ISO 20022 messages (pacs.008, pacs.009, pacs.004, pain.001 and
 * others of the same vocabulary, with or without the business
 * application header AppHdr) cut into fields for the scanner.
 *
 * The message is small, so it is parsed into a tree with libxml2
 * (xmlCtxtReadMemory with XML_PARSE_NONET and neither XML_PARSE_NOENT nor
 * XML_PARSE_DTDLOAD; a document with a DOCTYPE is refused outright, so no
 * entity is ever expanded).  Elements are recognised by local name,
 * whatever their namespace: Nm under a party, agent or account (Dbtr,
 * Cdtr, UltmtDbtr, UltmtCdtr, InitgPty, Orgtr, *Agt*, *Acct, Fr, To) is a
 * name; BICFI/BIC/AnyBIC a BIC; Ctry/CtryOfRes a country code; TwnNm,
 * AdrLine, StrtNm ... address; Ustrd, AddtlRmtInf, InstrInf free text.
 * A hit's field is the element path below the message root
 * ("CdtTrfTxInf/Cdtr/Nm", "AppHdr/Fr/FIId/FinInstnId/BICFI").
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "../base/error.h"
#include "scan_internal.h"

#define MAX_DEPTH 64

typedef struct walk {
    emb_scan *sc;
    const char *stack[MAX_DEPTH];
    size_t depth;
    emb_error *err;
} walk;

static int eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static int in(const char *n, const char *const *set)
{
    for (; *set; set++)
        if (eq(n, *set))
            return 1;
    return 0;
}

static const char *const bic_el[] = {"BICFI", "BIC", "AnyBIC", "BICOrBEI", NULL};
static const char *const ctry_el[] = {"Ctry", "CtryOfRes", "CtryOfBirth", NULL};
static const char *const addr_el[] = {"TwnNm",    "AdrLine",   "StrtNm",      "CtrySubDvsn",
                                      "DstrctNm", "TwnLctnNm", "CityOfBirth", "PrvcOfBirth",
                                      "BldgNm",   NULL};
static const char *const free_el[] = {"Ustrd", "AddtlRmtInf", "InstrInf", "AddtlInf", NULL};
static const char *const party_el[] = {"Dbtr",     "Cdtr",  "UltmtDbtr", "UltmtCdtr",
                                       "InitgPty", "Orgtr", "Fr",        "To",
                                       "Pty",      "Invcr", "Invcee",    NULL};

static int is_party(const char *n)
{
    size_t l = strlen(n);
    return in(n, party_el) || strstr(n, "Agt") != NULL || (l > 4 && eq(n + l - 4, "Acct"));
}

/* The path below the message root: from AppHdr when inside it, else from
 * the element under Document's child, else under the root. */
static size_t path_of(const walk *w, char *buf, size_t cap)
{
    size_t from = w->depth > 1 ? 1 : 0;
    for (size_t i = 0; i < w->depth; i++) {
        if (eq(w->stack[i], "AppHdr")) {
            from = i;
            break;
        }
        if (eq(w->stack[i], "Document")) {
            from = i + 2 < w->depth ? i + 2 : i;
            break;
        }
    }
    size_t at = 0;
    for (size_t i = from; i < w->depth; i++) {
        size_t l = strlen(w->stack[i]);
        if (at + l + 2 > cap)
            break;
        if (at)
            buf[at++] = '/';
        memcpy(buf + at, w->stack[i], l);
        at += l;
    }
    buf[at] = '\0';
    return at;
}

static emb_status leaf(walk *w, xmlNode *node, emb__fkind kind)
{
    xmlChar *c = xmlNodeGetContent(node);
    if (!c)
        return emb__errf(w->err, EMB_ENOMEM, "ISO 20022: out of memory");
    char path[EMB_SCAN_PATH_MAX + 1];
    size_t pl = path_of(w, path, sizeof path);
    const char *t = (const char *)c;
    size_t n = strlen(t);
    emb_status st = emb__scan_field(w->sc, path, pl, t, n, 0, n, kind, w->err);
    xmlFree(c);
    return st;
}

static emb_status visit(walk *w, xmlNode *node)
{
    for (xmlNode *x = node; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE)
            continue;
        if (w->depth == MAX_DEPTH)
            return emb__errf(w->err, EMB_ECAP, "ISO 20022: elements nested over %d deep",
                             MAX_DEPTH);
        const char *name = (const char *)x->name;
        w->stack[w->depth++] = name;
        emb_status st = EMB_OK;
        if (in(name, bic_el))
            st = leaf(w, x, EMB_F_BIC);
        else if (in(name, ctry_el))
            st = leaf(w, x, EMB_F_COUNTRY);
        else if (in(name, addr_el))
            st = leaf(w, x, EMB_F_ADDRESS);
        else if (in(name, free_el))
            st = leaf(w, x, EMB_F_FREE);
        else if (eq(name, "Nm")) {
            int party = 0;
            for (size_t i = 0; i + 1 < w->depth && !party; i++)
                party = is_party(w->stack[i]);
            if (party)
                st = leaf(w, x, EMB_F_NAME);
        } else if (x->children) {
            st = visit(w, x->children);
        }
        w->depth--;
        if (st)
            return st;
    }
    return EMB_OK;
}

emb_status emb__scan_iso(emb_scan *sc, const char *d, size_t len, emb_error *err)
{
    if (len > (size_t)0x7fffffff)
        return emb__errf(err, EMB_ECAP, "ISO 20022: message too large");
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx)
        return emb__errf(err, EMB_ENOMEM, "ISO 20022: out of memory");
    xmlDocPtr doc = xmlCtxtReadMemory(ctx, d, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    emb_status st = EMB_OK;
    if (!doc || !ctx->wellFormed) {
        const xmlError *xe = xmlCtxtGetLastError(ctx);
        uint64_t line = xe && xe->line > 0 ? (uint64_t)xe->line : 1;
        uint64_t col = xe && xe->int2 > 0 ? (uint64_t)xe->int2 : 1;
        /* byte offset of line:column (libxml counts columns in bytes) */
        uint64_t l = 1;
        size_t off = 0;
        while (off < len && l < line) {
            if (d[off] == '\n')
                l++;
            off++;
        }
        size_t ls = off;
        while (off < len && off - ls + 1 < col && d[off] != '\n')
            off++;
        char msg[200];
        size_t ml = 0;
        if (xe && xe->message) {
            ml = emb__strlcpy(msg, xe->message, sizeof msg);
            while (ml > 0 && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
                msg[--ml] = '\0';
        }
        uint64_t c2;
        emb__scan_pos(d, off, &line, &c2);
        st = emb__err(err, EMB_EPARSE, NULL, line, c2, off, "ISO 20022: malformed XML: %s",
                      ml ? msg : "not well-formed");
        goto done;
    }
    if (doc->intSubset || doc->extSubset) {
        st = emb__err(err, EMB_EPARSE, NULL, 1, 1, 0,
                      "ISO 20022: a DOCTYPE is not allowed in a payment message");
        goto done;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) {
        st = emb__err(err, EMB_EPARSE, NULL, 1, 1, 0, "ISO 20022: no root element");
        goto done;
    }
    sc->messages = 1;
    walk w = {.sc = sc, .depth = 0, .err = err};
    st = visit(&w, root);
done:
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctx);
    return st;
}
