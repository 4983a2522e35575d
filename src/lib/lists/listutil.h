/*
 * listutil.h - helpers shared by the delimited-text list readers (CSL,
 * BIS DPL, OFSI): trimmed slices, quoting values in reports, appending
 * under a buffer's cap, the column map read from a header, and the record
 * loop that reports CSV errors by position.
 */
#ifndef EMB_LISTS_LISTUTIL_H
#define EMB_LISTS_LISTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "csv.h"
#include "embargo.h"
#include "ingest.h"

typedef struct emb__slice {
    const char *s;
    size_t n;
} emb__slice;

/* ' ', tab, CR or LF. */
int emb__lu_is_space(char c);
/* Drops white space (emb__lu_is_space) at both ends of x. */
void emb__lu_trim(emb__slice *x);
/* s[0..n) equals lit, ASCII letters compared case-insensitively. */
int emb__lu_ieq(const char *s, size_t n, const char *lit);
/* How many bytes of s to quote in a report: at most max, cut at a
 * character boundary and never past invalid UTF-8. */
int emb__lu_shown(const char *s, size_t n, size_t max);
/* Appends what fits under b's cap, cut at a character boundary (ingest
 * then cuts a value to EMB_CAP_VALUE with a warning). */
emb_status emb__lu_add_cut(emb__buf *b, const char *p, size_t n);

/* ---- the header's column map ---- */

/* Most known columns a reader may declare. */
#define EMB_LU_MAX_COLS 64

typedef struct emb__lu_coldef {
    const char *name;
    int required;
} emb__lu_coldef;

/* How a reader's header is read. */
typedef struct emb__lu_header {
    const emb__lu_coldef *def; /* the known columns */
    int ndef;
    int (*eq)(const char *s, size_t n, const char *name); /* header name matches */
    const char *const *quiet; /* unknown columns kept in notes without a warning */
    size_t nquiet;
    int check_utf8;   /* an unknown column name that is not UTF-8 is an error */
    const char *what; /* the error "not <what>: required column ..." */
} emb__lu_header;

typedef struct emb__lu_cols {
    int col[EMB_LU_MAX_COLS];            /* field index of each known column, or -1 */
    size_t ncols;                        /* fields in the header */
    emb__buf hdr;                        /* names of unknown columns, NUL-separated */
    size_t extra_at[EMB_CSV_MAX_FIELDS]; /* offset in hdr + 1; 0 = known or unnamed */
} emb__lu_cols;

void emb__lu_cols_init(emb__lu_cols *h);
void emb__lu_cols_destroy(emb__lu_cols *h);
/* Maps the header record c (its fields, or names[0..c->nfields) when not
 * NULL): each known column's first field, and the names of the others
 * (warned about once each unless quiet).  EMB_EPARSE (reported at c->line)
 * when a required column is missing. */
emb_status emb__lu_read_header(emb__lu_cols *h, emb__ingest *ing, const emb__lu_header *spec,
                               const emb__csv *c, const emb__slice *names);
/* Trimmed field of known column k in record c ("" if absent). */
emb__slice emb__lu_col(const emb__lu_cols *h, const emb__csv *c, int k);
/* Header name of field i when it is an unknown column, else NULL. */
const char *emb__lu_extra(const emb__lu_cols *h, size_t i);

/* ---- records ---- */

/* st as returned by emb__csv_next: EMB_EPARSE and EMB_ECAP are reported
 * with the position c holds; anything else is returned as it is. */
emb_status emb__lu_csv_fail(emb__ingest *ing, const emb__csv *c, emb_status st);
/* With the header record read into c (names: as for emb__lu_read_header):
 * sets the ingest line, maps the header, then reads the records
 * (emb__lu_csv_rows). */
emb_status emb__lu_csv_table(emb__ingest *ing, emb__csv *c, emb__lu_cols *h,
                             const emb__lu_header *spec, const emb__slice *names,
                             emb_status (*row)(void *ctx, const emb__csv *c), void *ctx);
/* Reads the records up to the end of the input: for each, sets the ingest
 * line, counts the record and calls row(ctx, c).  Returns EMB_OK at the
 * end, the first error of row, or a CSV error (emb__lu_csv_fail). */
emb_status emb__lu_csv_rows(emb__ingest *ing, emb__csv *c,
                            emb_status (*row)(void *ctx, const emb__csv *c), void *ctx);

#endif
