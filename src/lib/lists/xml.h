/*
 * xml.h - the libxml2 set-up shared by the XML list readers (un.c, sema.c):
 * a streaming xmlTextReader over the bytes in memory that never loads a
 * DTD, never substitutes entities and never uses the network; libxml2's
 * diagnostics captured (the first error kept for emb__ing_fail(), nothing
 * printed); a walk over element starts; errors located by line, column and
 * byte offset; and the record context both readers map records with
 * (sticky status, a capped value buffer, element text).
 *
 * A reader calls emb__xml_read() with a function that is shown every
 * element start; it expands the records it wants with emb__xml_expand()
 * and steps over their subtrees.
 */
#ifndef EMB_LISTS_XML_H
#define EMB_LISTS_XML_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "ingest.h"

/* First error libxml2 reported while parsing. */
typedef struct emb__xml_err {
    int have;
    int code;
    uint64_t line, col;
    char msg[256];
} emb__xml_err;

/* The walk over a document (see emb__xml_read()). */
typedef struct emb__xml {
    emb__ingest *ing;
    const emb__file *f;
    xmlTextReaderPtr r;
    emb__xml_err err;
    /* this thread's libxml2 handlers while ours are installed */
    int handlers;
    xmlStructuredErrorFunc old_serror;
    void *old_sctx;
    xmlGenericErrorFunc old_gerror;
    void *old_gctx;
    /* the current element */
    int depth;        /* 0 for the root */
    const char *name; /* local name ("" if none); valid until the next step */
    uint64_t line;    /* also passed to emb__ing_line() */
} emb__xml;

/* Called at each element start (the root already checked); sets *skip to
 * step over the element's subtree instead of walking into it.  A status
 * other than EMB_OK ends the walk and is returned. */
typedef emb_status (*emb__xml_fn)(void *ctx, emb__xml *x, int *skip);

/* Walks f, whose root element must be `root`, calling fn(ctx, ...) at each
 * element start.  libxml2's error capture is installed for this thread
 * meanwhile.  Fails (through emb__ing_fail()) on a file too large for
 * libxml2 (EMB_ECAP), malformed XML (EMB_EPARSE; EMB_EUTF8 for bad UTF-8)
 * named by line, column and byte offset, or a wrong or missing root. */
emb_status emb__xml_read(emb__ingest *ing, const emb__file *f, const char *root, emb__xml_fn fn,
                         void *ctx);
/* Expands the current element into a subtree that lives until the walk
 * moves past it; fails (malformed XML) when it cannot be read. */
emb_status emb__xml_expand(emb__xml *x, xmlNodePtr *node);

/* Line of a node, 0 when unknown. */
uint64_t emb__xml_line(const xmlNode *n);
/* First child element of n (NULL allowed) with this name, or NULL. */
const xmlNode *emb__xml_child(const xmlNode *n, const char *name);

/* ---- mapping records ---- */

/* A slice of text, not NUL-terminated. */
typedef struct emb__xml_str {
    const char *s;
    size_t n;
} emb__xml_str;

/* Trims ASCII whitespace and no-break spaces (U+00A0) at both ends. */
emb__xml_str emb__xml_trim(const char *s, size_t n);
/* a equals b, ignoring ASCII case. */
int emb__xml_ieq(emb__xml_str a, const char *b);

/* A reader's state while it maps records.  Once a call fails, st keeps the
 * first failure and the helpers below do nothing more (the reader checks
 * st once per record). */
typedef struct emb__xml_rec {
    emb__ingest *ing;
    emb__arena scratch; /* strings of the current record; reset per record */
    emb__buf buf;       /* composing one value (at most EMB_CAP_VALUE + 1) */
    emb_status st;      /* first failure inside a record (sticky) */
    uint32_t ent;       /* entity being filled */
} emb__xml_rec;

void emb__xml_rec_init(emb__xml_rec *c, emb__ingest *ing, size_t scratch_chunk);
void emb__xml_rec_destroy(emb__xml_rec *c);
/* Keeps st in c->st unless a failure is already there. */
void emb__xml_chk(emb__xml_rec *c, emb_status st);
/* A warning about the current record (cut at 400 bytes). */
void emb__xml_warn(emb__xml_rec *c, const char *fmt, ...) EMB__PRINTF(2, 3);
/* Appends to c->buf; past its cap the value is cut (ingest then reports
 * the over-long value). */
void emb__xml_badd(emb__xml_rec *c, const char *s, size_t n);
/* Appends sep (when c->buf is not empty) and v; nothing when v is empty. */
void emb__xml_bjoin(emb__xml_rec *c, const char *sep, emb__xml_str v);
/* The contents of c->buf. */
emb__xml_str emb__xml_bstr(const emb__xml_rec *c);
/* The trimmed text of el (NULL allowed: ""), its text and CDATA
 * descendants: a lone text child in place, otherwise copied into
 * c->scratch.  Entity references are not expanded: they are left out,
 * with a warning.  "" once c->st is set. */
emb__xml_str emb__xml_text(emb__xml_rec *c, const xmlNode *el);

#endif
