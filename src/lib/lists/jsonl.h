/*
 * jsonl.h - helpers shared by the JSON-lines list readers (eu.c, uk.c;
 * ftm.c uses the line walk): lines with their numbers (UTF-8 BOM, CRLF and
 * blank lines handled), one jansson parse per line with parse errors
 * reported through emb__ing_fail() by line, column and byte offset, and
 * type-checked access to the keys of a record (values of the wrong type
 * and unknown keys become warnings, never silent losses).
 */
#ifndef EMB_LISTS_JSONL_H
#define EMB_LISTS_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../base/buf.h"
#include "ingest.h"

#define EMB_JSONL_SEEN_MAX 32 /* distinct unknown keys reported per file */
#define EMB_JSONL_TAG_MAX 64  /* "where.key" as reported */

/* ---- lines ---- */

typedef struct emb__jsonl_it {
    size_t pos;
    uint64_t line; /* 1-based number of the line last returned */
} emb__jsonl_it;

/* Next line of f (start with {0, 0}): [*off, *off + *len) without its LF
 * and one CR before it; a BOM at the start of the file is skipped.  Blank
 * lines are returned too.  0 at the end. */
int emb__jsonl_line(const emb__file *f, emb__jsonl_it *it, size_t *off, size_t *len);

/* Called with one JSON object (owned by the caller) and the reader's ctx. */
typedef emb_status (*emb__jsonl_fn)(void *ctx, json_t *obj);

/* Reads f as JSON lines: sets the ingest line for every line, skips blank
 * ones, counts every other line as a record, hands objects to fn and skips
 * (emb__ing_skip) any other value.  A line longer than EMB_CAP_LINE
 * (EMB_ECAP) or that is not JSON (EMB_EPARSE, EMB_EUTF8 or EMB_ENOMEM) is
 * fatal and reported by line, column and byte offset.  Stops at the first
 * error fn returns. */
emb_status emb__jsonl_read(emb__ingest *ing, const emb__file *f, emb__jsonl_fn fn, void *ctx);

/* ---- values ---- */

/* Text of a scalar value: strings as they are, integers and reals written
 * out into num.  NULL (and *n = 0) for null, empty strings and anything
 * else; *bad is set for arrays, objects and booleans. */
const char *emb__jsonl_val(const json_t *v, char num[32], size_t *n, int *bad);
/* String of key in o, or NULL when absent, empty or not a string. */
const char *emb__jsonl_str(const json_t *o, const char *key, size_t *n);
/* s (NULL allowed) equals the lower-case lit, ignoring ASCII case. */
int emb__jsonl_ieq(const char *s, size_t n, const char *lit);
/* Trims spaces, tabs, CR and LF at both ends. */
void emb__jsonl_trim(const char **s, size_t *n);
/* Equal once leading, trailing and repeated spaces are ignored. */
int emb__jsonl_same_text(const char *a, size_t an, const char *b, size_t bn);

/* Unknown keys already reported in this file. */
typedef struct emb__jsonl_seen {
    char tag[EMB_JSONL_SEEN_MAX][EMB_JSONL_TAG_MAX];
    size_t n;
} emb__jsonl_seen;

/* Warns once per file ("where.key") about each key of o not in the
 * NULL-terminated known; past EMB_JSONL_SEEN_MAX distinct keys, silently. */
emb_status emb__jsonl_check_keys(emb__ingest *ing, emb__jsonl_seen *seen, json_t *o,
                                 const char *where, const char *const *known);
/* *out = v when v is an array, else NULL; a value other than null is
 * reported as "'key' is not a list". */
emb_status emb__jsonl_array(emb__ingest *ing, json_t *v, const char *key, json_t **out);
/* Runs fn over the items of list (NULL: none), reporting items that are
 * not objects ("an item of 'key' ..."); stops at the first error. */
emb_status emb__jsonl_each(emb__ingest *ing, json_t *list, const char *key, emb__jsonl_fn fn,
                           void *ctx);
/* Adds the scalar under key (if any) as property p of ent; a value that is
 * not text is reported and ignored. */
emb_status emb__jsonl_put_text(emb__ingest *ing, uint32_t ent, emb_prop p, const json_t *o,
                               const char *key);

/* 1 when the (trimmed, non-empty) text s of key says nothing and is to be
 * left out of a join. */
typedef int (*emb__jsonl_skip_fn)(const char *key, const char *s, size_t n);
/* Joins the trimmed non-empty texts of keys in o into out (reset first)
 * with sep between; skip (may be NULL) leaves values out.  Values that are
 * not text are reported and left out. */
emb_status emb__jsonl_join(emb__ingest *ing, emb__buf *out, const json_t *o,
                           const char *const *keys, const char *sep, emb__jsonl_skip_fn skip);

#endif
