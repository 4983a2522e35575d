/*
 * scan_internal.h - the scanner shared by scan.c (handle, hits, field
 * screening), text.c (names inside running text), rules.c (country and
 * embargo rules), mt.c (SWIFT MT parser) and iso.c (ISO 20022 parser).
 *
 * The parsers only cut a message into fields and hand each one to
 * emb__scan_field with its kind; everything a field kind means (which
 * screens run on it) is decided in scan.c, so MT and ISO 20022 agree.
 */
#ifndef EMB_SCAN_INTERNAL_H
#define EMB_SCAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "embargo.h"

/* Caps (docs/scan.md, docs/security.md). */
#define EMB_SCAN_MAX_HITS EMB_SCAN_MAX_MESSAGE_HITS /* hits kept per message (the rest counted) */
#define EMB_SCAN_MAX_WINDOWS 512                    /* candidate windows queried per field */
#define EMB_SCAN_MAX_FIELD_TOKENS 8192              /* tokens screened per field */
#define EMB_SCAN_WINDOW 6                           /* longest name window, in tokens */
#define EMB_SCAN_ANCHOR_POSTINGS 6000               /* tokens in more names are no anchor */
#define EMB_SCAN_MAX_RULES 4096
#define EMB_SCAN_MAX_RULES_FILE ((size_t)4 << 20)
#define EMB_SCAN_PATH_MAX 256 /* longest field path kept */

/* Field kinds: what a parser found, deciding the screens run on it. */
typedef enum emb__fkind {
    EMB_F_NAME,    /* a party or agent name: whole value + windows */
    EMB_F_PARTY,   /* MT name-and-address lines: first line is the name */
    EMB_F_ADDRESS, /* address line, town: place rules */
    EMB_F_COUNTRY, /* an ISO 3166 code: country rules */
    EMB_F_BIC,     /* a BIC: list BICs and the BIC's country */
    EMB_F_FREE,    /* running text: windows + place rules */
    EMB_F_STRUCT   /* MT 50F/59F numbered lines */
} emb__fkind;

/* Rule application flags (the applies_to column). */
enum {
    EMB_RULE_BIC = 1u << 0,
    EMB_RULE_COUNTRY_FIELD = 1u << 1,
    EMB_RULE_ADDRESS = 1u << 2,
    EMB_RULE_FREE_TEXT = 1u << 3
};

typedef struct emb__rule {
    char code[8];        /* "KP", "UA-43" */
    char kind[8];        /* country, region, city, port */
    const char *display; /* first variant as written */
    const char *source;
    unsigned applies; /* EMB_RULE_* */
    size_t line;
} emb__rule;

#define EMB_RULE_VAR_TOKENS 8
/* One name variant of a rule, as tokens. */
typedef struct emb__rvar {
    uint32_t rule;
    uint32_t ntok;
    const char *tok[EMB_RULE_VAR_TOKENS];
    uint8_t len[EMB_RULE_VAR_TOKENS];
} emb__rvar;

typedef struct emb__rules {
    emb__rule *r;
    size_t n;
    emb__rvar *v;
    size_t nv;
    char *pool;    /* the file's text, rewritten in place */
    size_t maxtok; /* most tokens in one variant */
} emb__rules;

/* Loads a rules file (rules.c).  Errors name the file and line. */
emb_status emb__rules_load(emb__rules *rs, const char *path, emb_error *err);
void emb__rules_free(emb__rules *rs);
/* Rule whose country code equals cc (2 letters, any case), or NULL;
 * only rules that apply to `applies`. */
const emb__rule *emb__rules_code(const emb__rules *rs, const char *cc, size_t n, unsigned applies);

typedef struct emb__scan_hit {
    emb_scan_kind kind;
    size_t message;
    size_t field, field_len; /* offsets into the string pool */
    size_t text, text_len;
    size_t start, end;
    uint32_t entity;
    double score, name_score;
    size_t rule, rule_len, label, label_len;
    size_t explain, explain_len;
    size_t order; /* emission order */
    size_t fseq;  /* field number in the run */
} emb__scan_hit;

typedef struct emb__bic {
    char bic[11];
    uint8_t len;
    uint32_t entity;
} emb__bic;

/* A token of a field, with its span in the field and its normalised form. */
typedef struct emb__stok {
    uint32_t start, end; /* bytes in the field */
    uint32_t norm, nlen; /* normalised text in emb_scan.norm */
    uint32_t id;         /* dictionary id, UINT32_MAX when unknown */
    uint32_t cstart;     /* dictionary ids it may stand for: */
    uint32_t ccount;     /* emb_scan.cand[cstart .. +ccount) */
    uint32_t letters;    /* emb__letters of the normalised text */
    uint8_t upper;       /* written with a capital first letter */
} emb__stok;

/* A cache of window queries (text.c): the same few bytes (a town, a
 * street word, a frequent payee) are queried by message after message;
 * the matcher's answer depends only on the text, the snapshot and the
 * thresholds, so it is kept, results and explanations, and replayed.
 * Direct-mapped; cleared when the threshold changes. */
#define EMB_SCAN_QCACHE_SLOTS 2048
#define EMB_SCAN_QCACHE_KEY 64       /* longest window text cached, bytes */
#define EMB_SCAN_QCACHE_RES 32       /* results kept per window (query limit) */
#define EMB_SCAN_QCACHE_EXPLAIN 8192 /* longest explanation cached */
typedef struct emb__qres {
    uint32_t entity;
    double score, name_score;
    char *explain;
    size_t explain_len;
} emb__qres;
typedef struct emb__qslot {
    uint8_t used, klen, nres, mode; /* mode: how the text was queried (SPAN_*, text.c) */
    char key[EMB_SCAN_QCACHE_KEY];
    emb__qres r[EMB_SCAN_QCACHE_RES];
} emb__qslot;

struct emb__analyzer;
struct emb__index;

struct emb_scan {
    const emb_snapshot *snap;
    const struct emb__index *ix;
    emb_query *q;
    struct emb__analyzer *an;
    double threshold;
    emb__rules rules;
    emb__bic *bics;
    size_t nbics;
    /* per run */
    emb_scan_format last_format;
    size_t message; /* current message number */
    size_t messages;
    size_t field_seq; /* fields screened so far */
    emb__scan_hit *hits;
    size_t nhits, cap_hits;
    char *pool; /* strings of the hits */
    size_t pool_len, pool_cap;
    emb_status oom;  /* sticky failure while adding hits */
    size_t msg_hits; /* hits kept for message hits_msg */
    size_t hits_msg;
    size_t dropped;                        /* hits past EMB_SCAN_MAX_HITS in a message */
    size_t drop_seq, drop_start, drop_end; /* the last one (field_seq + 1) */
    /* text scratch */
    emb__stok *toks;
    size_t ntoks, cap_toks;
    char *norm;
    size_t norm_len, norm_cap;
    uint32_t *cand; /* dictionary ids of the tokens */
    size_t ncand, cap_cand;
    uint8_t *seen; /* windows tried: [start][len] */
    size_t cap_seen;
    uint32_t *win; /* windows to query: start << 8 | len */
    char *explain; /* scratch for explanations */
    size_t explain_cap;
    /* per posting of the name index (parallel to ix->post): the name's
     * token count, the anchor's position in it, whether the anchor alone
     * weighs enough, and a 16-bit signature of the name's other tokens
     * at their positions, so that most anchors are rejected without
     * touching the name table (text.c) */
    uint32_t *pmeta;
    uint32_t *wsig; /* window signatures: [start][len] */
    size_t cap_wsig;
    emb__qslot *qcache; /* EMB_SCAN_QCACHE_SLOTS, allocated on first use */
    /* the span of the whole-field query of the current field, so that a
     * window over the same tokens is not queried again */
    size_t whole_a, whole_b, whole_seq;
};

/* Screens one field.  text[0..len) is the field's full value; the screens
 * look at text[off..off+n).  path is the field name.  May add hits; the
 * error is only a failure to allocate or to run a query. */
emb_status emb__scan_field(emb_scan *sc, const char *path, size_t plen, const char *text,
                           size_t len, size_t off, size_t n, emb__fkind kind, emb_error *err);

/* Adds a hit (scan.c). */
void emb__scan_add(emb_scan *sc, emb_scan_kind kind, const char *path, size_t plen,
                   const char *text, size_t len, size_t start, size_t end, uint32_t entity,
                   double score, double name_score, const char *rule, const char *label,
                   size_t label_len, const char *explain, size_t explain_len);

/* Builds sc->pmeta (text.c); called once by emb_scan_new. */
emb_status emb__scan_text_prepare(emb_scan *sc);
/* Empties and frees the query cache (text.c). */
void emb__scan_qcache_clear(emb_scan *sc);

/* Cuts text[off..off+n) into tokens (sc->toks, spans relative to text),
 * normalised like list names: ASCII folded to lower case, apostrophes
 * dropped, other punctuation separating; other scripts through the
 * analyzer (text.c). */
emb_status emb__scan_tokenize(emb_scan *sc, const char *text, size_t off, size_t n);
/* Names inside the tokens of the last emb__scan_tokenize by candidate
 * windows (text.c); whole: also query text[off..off+n) as one name. */
emb_status emb__scan_text(emb_scan *sc, const char *path, size_t plen, const char *text, size_t len,
                          size_t off, size_t n, int whole, emb_error *err);
/* Place and country names of rules among the tokens of the last
 * emb__scan_tokenize (rules.c). */
void emb__scan_places(emb_scan *sc, const char *path, size_t plen, const char *text, size_t len,
                      size_t off, size_t n, unsigned applies);
/* Reports a rule hit. */
void emb__scan_rule_hit(emb_scan *sc, const emb__rule *r, const char *path, size_t plen,
                        const char *text, size_t len, size_t start, size_t end, const char *how);

/* Position of byte offset off in data: 1-based line and column. */
void emb__scan_pos(const char *data, size_t off, uint64_t *line, uint64_t *col);

/* Parsers. */
emb_status emb__scan_mt(emb_scan *sc, const char *data, size_t len, emb_error *err);
emb_status emb__scan_iso(emb_scan *sc, const char *data, size_t len, emb_error *err);

#endif
