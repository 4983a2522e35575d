/*
 * csv.h - RFC 4180-style delimited-record reader over a memory buffer, for
 * the OFAC, CSL, BIS DPL and OFSI readers.  Handles quoted fields with
 * doubled quotes and embedded newlines, CRLF or LF line ends, a UTF-8 BOM, a
 * trailing 0x1A (DOS EOF) byte, and any one-byte separator.  Fields are
 * returned as slices into an internal buffer valid until the next call.
 */
#ifndef EMB_LISTS_CSV_H
#define EMB_LISTS_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "embargo.h"

#define EMB_CSV_MAX_FIELDS 256

typedef struct emb__csv_field {
    const char *s;
    size_t n;
    int quoted;
} emb__csv_field;

typedef struct emb__csv {
    const char *data;
    size_t len;
    size_t pos;
    char sep;
    uint64_t line; /* line where the current record starts (1-based) */
    uint64_t next_line;
    emb__buf buf; /* unescaped field bytes */
    size_t starts[EMB_CSV_MAX_FIELDS];
    emb__csv_field fields[EMB_CSV_MAX_FIELDS];
    size_t nfields;
    /* set on EMB_EPARSE / EMB_ECAP */
    uint64_t err_line, err_col, err_offset;
    const char *err_msg;
} emb__csv;

void emb__csv_init(emb__csv *c, const char *data, size_t len, char sep);
void emb__csv_destroy(emb__csv *c);
/* Reads the next record into c->fields[0..nfields).  Returns EMB_OK,
 * EMB_ENOTFOUND at the end of the input, EMB_EPARSE (unterminated quote,
 * text after a closing quote) or EMB_ECAP (too many fields, line longer
 * than EMB_CAP_LINE) with err_* set.  Blank lines are skipped. */
emb_status emb__csv_next(emb__csv *c);

#endif
