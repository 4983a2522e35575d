/*
 * xml.c - libxml2 streaming reader set-up for the XML list readers (xml.h).
 *
 * The reader is xmlReaderForMemory with XML_PARSE_NONET | XML_PARSE_BIG_LINES
 * and neither XML_PARSE_NOENT nor XML_PARSE_DTDLOAD, so no DTD is loaded, no
 * entity is substituted and nothing is fetched.  libxml2's diagnostics go to
 * a per-reader structured handler and, while a reader is open, to this
 * thread's global handlers (some errors are raised outside the reader); both
 * keep only the first error, which emb__xml_read() and emb__xml_expand()
 * turn into emb__ing_fail() with its line, column and byte offset.  Nothing
 * is printed.
 *
 * The record helpers below keep a reader's first failure in a sticky
 * status, so that mapping code can call them in a row and check once.
 */
#include "xml.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "../base/limits.h"

/* ---- libxml2 error capture ---- */

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *ud, const xmlError *e)
#else
static void on_xml_error(void *ud, xmlErrorPtr e)
#endif
{
    emb__xml_err *x = ud;
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

/* ---- locating errors ---- */

/* Byte offset of (line, col) in the file, for error reports. */
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

/* Fails with libxml2's first error, else with fallback at the parser's
 * line. */
static emb_status xml_fail(emb__xml *x, const char *fallback)
{
    uint64_t line = x->err.line, col = x->err.col;
    if (!x->err.have && x->r)
        line = (uint64_t)(xmlTextReaderGetParserLineNumber(x->r) > 0
                              ? xmlTextReaderGetParserLineNumber(x->r)
                              : 0);
    /* libxml2 reports bad UTF-8 as an invalid character or encoding */
    emb_status st = EMB_EPARSE;
    if (x->err.have && (strstr(x->err.msg, "UTF-8") || x->err.code == XML_ERR_INVALID_ENCODING))
        st = EMB_EUTF8;
    return emb__ing_fail(x->ing, st, line, col, offset_of(x->f, line, col), "malformed XML: %s",
                         x->err.have ? x->err.msg : fallback);
}

/* ---- the reader ---- */

/* Frees the reader and restores this thread's libxml2 handlers. */
static void xml_close(emb__xml *x)
{
    if (x->r)
        xmlFreeTextReader(x->r);
    x->r = NULL;
    if (x->handlers) {
        xmlSetStructuredErrorFunc(x->old_sctx, x->old_serror);
        xmlSetGenericErrorFunc(x->old_gctx, x->old_gerror);
        x->handlers = 0;
    }
}

/* Opens the reader and installs the error capture; on failure x is left
 * closed. */
static emb_status xml_open(emb__xml *x, emb__ingest *ing, const emb__file *f)
{
    memset(x, 0, sizeof *x);
    x->ing = ing;
    x->f = f;
    x->name = "";
    if (f->len > INT_MAX)
        return emb__ing_fail(ing, EMB_ECAP, 0, 0, 0, "file too large for the XML reader");

    xmlInitParser();
    /* route anything libxml2 reports outside the reader's own handler to us
     * too; xml_close() restores this thread's handlers */
    x->old_serror = xmlStructuredError;
    x->old_sctx = xmlStructuredErrorContext;
    x->old_gerror = xmlGenericError;
    x->old_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(&x->err, on_xml_error);
    xmlSetGenericErrorFunc(NULL, on_generic_error);
    x->handlers = 1;

    x->r =
        xmlReaderForMemory(f->data, (int)f->len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    if (!x->r) {
        emb_status st = x->err.have ? xml_fail(x, "") : EMB_ENOMEM;
        xml_close(x);
        return st;
    }
    xmlTextReaderSetStructuredErrorHandler(x->r, on_xml_error, &x->err);
    return EMB_OK;
}

/* Moves to the next element start, into the current element (descend) or
 * past its subtree; the result of the last read step in *ret. */
static int xml_next(emb__xml *x, int descend, int *ret)
{
    *ret = descend ? xmlTextReaderRead(x->r) : xmlTextReaderNext(x->r);
    while (*ret == 1 && xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT)
        *ret = xmlTextReaderRead(x->r);
    if (*ret != 1)
        return 0;
    x->depth = xmlTextReaderDepth(x->r);
    x->name = (const char *)xmlTextReaderConstLocalName(x->r);
    if (!x->name)
        x->name = "";
    x->line = node_line(x->r);
    emb__ing_line(x->ing, x->line);
    return 1;
}

emb_status emb__xml_read(emb__ingest *ing, const emb__file *f, const char *root, emb__xml_fn fn,
                         void *ctx)
{
    emb__xml x;
    emb_status st = xml_open(&x, ing, f);
    if (st)
        return st;
    int ret, descend = 1, root_seen = 0;
    while (xml_next(&x, descend, &ret)) {
        if (x.depth == 0 && strcmp(x.name, root) != 0) {
            st = emb__ing_fail(ing, EMB_EPARSE, x.line, 0, offset_of(f, x.line, 0),
                               "root element is <%.60s>, expected <%s>", x.name, root);
            goto out;
        }
        root_seen |= x.depth == 0;
        int skip = 0;
        if ((st = fn(ctx, &x, &skip)) != EMB_OK)
            goto out;
        descend = !skip;
    }
    if (ret < 0 || x.err.have)
        st = xml_fail(&x, "unexpected end of document");
    else if (!root_seen)
        st = emb__ing_fail(ing, EMB_EPARSE, 0, 0, 0, "no <%s> element", root);
out:
    xml_close(&x);
    return st;
}

emb_status emb__xml_expand(emb__xml *x, xmlNodePtr *node)
{
    *node = xmlTextReaderExpand(x->r);
    return *node ? EMB_OK : xml_fail(x, "cannot read record");
}

/* ---- nodes and text ---- */

uint64_t emb__xml_line(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (uint64_t)l : 0;
}

const xmlNode *emb__xml_child(const xmlNode *n, const char *name)
{
    for (const xmlNode *ch = n ? n->children : NULL; ch; ch = ch->next)
        if (ch->type == XML_ELEMENT_NODE && strcmp((const char *)ch->name, name) == 0)
            return ch;
    return NULL;
}

/* ---- mapping records ---- */

emb__xml_str emb__xml_trim(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)*s <= ' ' ||
                     (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0))) {
        size_t k = (unsigned char)*s <= ' ' ? 1 : 2;
        s += k;
        n -= k;
    }
    while (n > 0 && ((unsigned char)s[n - 1] <= ' ' || (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
                                                        (unsigned char)s[n - 1] == 0xA0)))
        n -= (unsigned char)s[n - 1] <= ' ' ? 1 : 2;
    return (emb__xml_str){s, n};
}

int emb__xml_ieq(emb__xml_str a, const char *b)
{
    size_t n = strlen(b);
    return a.n == n && strncasecmp(a.s, b, n) == 0;
}

void emb__xml_rec_init(emb__xml_rec *c, emb__ingest *ing, size_t scratch_chunk)
{
    memset(c, 0, sizeof *c);
    c->ing = ing;
    emb__arena_init(&c->scratch, scratch_chunk, 0);
    emb__buf_init(&c->buf, EMB_CAP_VALUE + 1);
}

void emb__xml_rec_destroy(emb__xml_rec *c)
{
    emb__arena_destroy(&c->scratch);
    emb__buf_destroy(&c->buf);
}

void emb__xml_chk(emb__xml_rec *c, emb_status st)
{
    if (st && !c->st)
        c->st = st;
}

void emb__xml_warn(emb__xml_rec *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!c->st)
        emb__xml_chk(c, emb__ing_warn(c->ing, "%s", msg));
}

void emb__xml_badd(emb__xml_rec *c, const char *s, size_t n)
{
    size_t room = c->buf.cap - c->buf.len;
    if (n > room)
        n = room;
    if (n)
        emb__xml_chk(c, emb__buf_add(&c->buf, s, n));
}

void emb__xml_bjoin(emb__xml_rec *c, const char *sep, emb__xml_str v)
{
    if (!v.n)
        return;
    if (c->buf.len)
        emb__xml_badd(c, sep, strlen(sep));
    emb__xml_badd(c, v.s, v.n);
}

emb__xml_str emb__xml_bstr(const emb__xml_rec *c)
{
    return (emb__xml_str){c->buf.data ? c->buf.data : "", c->buf.len};
}

static int is_text(const xmlNode *n)
{
    return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

static int has_entref(const xmlNode *el)
{
    for (const xmlNode *ch = el->children; ch; ch = ch->next)
        if (ch->type == XML_ENTITY_REF_NODE || (ch->type == XML_ELEMENT_NODE && has_entref(ch)))
            return 1;
    return 0;
}

static size_t text_len(const xmlNode *n)
{
    size_t len = 0;
    for (const xmlNode *ch = n->children; ch; ch = ch->next) {
        if (is_text(ch))
            len += ch->content ? strlen((const char *)ch->content) : 0;
        else if (ch->type == XML_ELEMENT_NODE)
            len += text_len(ch);
    }
    return len;
}

static void text_copy(const xmlNode *n, char *out, size_t *o)
{
    for (const xmlNode *ch = n->children; ch; ch = ch->next) {
        if (is_text(ch) && ch->content) {
            size_t k = strlen((const char *)ch->content);
            memcpy(out + *o, ch->content, k);
            *o += k;
        } else if (ch->type == XML_ELEMENT_NODE)
            text_copy(ch, out, o);
    }
}

emb__xml_str emb__xml_text(emb__xml_rec *c, const xmlNode *el)
{
    emb__xml_str none = {"", 0};
    if (!el || c->st)
        return none;
    const xmlNode *ch = el->children;
    if (ch && !ch->next && is_text(ch))
        return ch->content
                   ? emb__xml_trim((const char *)ch->content, strlen((const char *)ch->content))
                   : none;
    if (has_entref(el))
        emb__xml_warn(c, "entity reference in <%s> not expanded; left out of the value",
                      (const char *)el->name);
    size_t len = text_len(el);
    if (len == 0)
        return none;
    char *out = emb__arena_alloc(&c->scratch, len + 1);
    if (!out) {
        emb__xml_chk(c, EMB_ENOMEM);
        return none;
    }
    size_t o = 0;
    text_copy(el, out, &o);
    out[o] = '\0';
    return emb__xml_trim(out, o);
}
