/*
 * ingest.h - what every list reader uses to turn a file into entities.
 *
 * A reader is `emb_status read(emb__ingest *ing, const emb__file *f)`.  It
 * walks the (already decompressed) bytes, creates entities with
 * emb__ing_entity(), adds values with emb__ing_prop() and friends, counts
 * each record with emb__ing_record(), and reports:
 *   - a record it cannot use: emb__ing_skip()   (counted; fatal in --strict)
 *   - a record kept with a problem: emb__ing_warn()   (counted)
 *   - a malformed file: emb__ing_fail()   (fatal; no snapshot is written)
 * Every report names the file and the line (or byte offset).  Readers never
 * print, and never keep pointers into f after returning.
 *
 * Values passed to emb__ing_prop() are trimmed, whitespace runs (including
 * newlines) are folded to one space, empty values dropped, invalid UTF-8
 * reported as a warning and the value dropped, over-long values cut.
 */
#ifndef EMB_LISTS_INGEST_H
#define EMB_LISTS_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/file.h"
#include "../model/props.h"
#include "../model/store.h"
#include "embargo.h"

typedef struct emb__ingest emb__ingest;

typedef struct emb__ing_ent {
    uint32_t index; /* in the store */
} emb__ing_ent;

/* Current line for reports made by prop/warn/skip (1-based; 0 = unknown). */
void emb__ing_line(emb__ingest *ing, uint64_t line);
/* Name of the file being read (for readers of multi-file sets). */
void emb__ing_file(emb__ingest *ing, const char *path);
const char *emb__ing_path(const emb__ingest *ing);

/* Finds the entity with this id in the current dataset or creates it.
 * The id should already carry the dataset prefix ("un-KPi.033").
 * If the id belongs to another dataset, EMB_EARG (and a warning). */
emb_status emb__ing_entity(emb__ingest *ing, emb_schema schema, const char *id, size_t idlen,
                           uint32_t *ent);
/* Looks up an id created earlier by this reader; 1 if found. */
int emb__ing_find(emb__ingest *ing, const char *id, size_t idlen, uint32_t *ent);
/* Changes the schema of an entity (e.g. LegalEntity -> Company). */
void emb__ing_schema(emb__ingest *ing, uint32_t ent, emb_schema schema);

/* Adds a value of a known property (cleaned as described above). */
emb_status emb__ing_prop(emb__ingest *ing, uint32_t ent, emb_prop p, const char *v, size_t n);
/* Adds a value of a property by FtM name (known or not). */
emb_status emb__ing_prop_named(emb__ingest *ing, uint32_t ent, const char *name, size_t nlen,
                               const char *v, size_t n);
/* Country-valued property from a name or code: stores the ISO code when
 * recognised, otherwise the text as given plus a warning. */
emb_status emb__ing_country(emb__ingest *ing, uint32_t ent, emb_prop p, const char *v, size_t n);
/* Date-valued property: accepts YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY,
 * MM/DD/YYYY (when flagged by us_order), "12 Jan 1980", "Jan 1980",
 * "circa 1980", "00/00/1980" ...; stores the ISO prefix; text that holds no
 * date is kept as written with a warning.  Ranges such as "1960 to 1962"
 * store each year. */
emb_status emb__ing_date(emb__ingest *ing, uint32_t ent, emb_prop p, const char *v, size_t n,
                         int us_order);

/* Counts one record read from the file. */
void emb__ing_record(emb__ingest *ing);
/* Records a dropped record; returns EMB_ESTRICT (with detail in the
 * error) when building in strict mode, EMB_OK otherwise. */
emb_status emb__ing_skip(emb__ingest *ing, const char *fmt, ...) EMB__PRINTF(2, 3);
/* Records a problem with a kept record.  Returns EMB_OK or EMB_ENOMEM. */
emb_status emb__ing_warn(emb__ingest *ing, const char *fmt, ...) EMB__PRINTF(2, 3);
/* Fatal: the file is malformed.  Fills the error (file, line, column,
 * byte offset) and returns st. */
emb_status emb__ing_fail(emb__ingest *ing, emb_status st, uint64_t line, uint64_t column,
                         uint64_t offset, const char *fmt, ...) EMB__PRINTF(6, 7);

/* The list's own publication date (ISO, as found in the file). */
emb_status emb__ing_list_date(emb__ingest *ing, const char *iso, size_t n);

/* Loads a companion file next to the main one (name, or name.gz/.xz),
 * records its hash as a source of the dataset.  *found = 0 if absent. */
emb_status emb__ing_sibling(emb__ingest *ing, const char *name, emb__file *f, int *found);

/* Switches the dataset that new entities belong to (FtM input names its
 * own datasets).  Creates it if needed. */
emb_status emb__ing_dataset(emb__ingest *ing, const char *name, size_t n);

/* Parses the dates in free text into ISO prefixes ("1984-01-08", "1984-01",
 * "1984"); us_order reads NN/NN/YYYY as month/day.  Returns the count. */
int emb__parse_dates(const char *v, size_t n, int us_order, char out[][11], int maxout);

/* Reader entry points (one per format; see registry.c). */
emb_status emb__read_un(emb__ingest *ing, const emb__file *f);
emb_status emb__read_ofac(emb__ingest *ing, const emb__file *f);
emb_status emb__read_ofac_cons(emb__ingest *ing, const emb__file *f);
emb_status emb__read_csl(emb__ingest *ing, const emb__file *f);
emb_status emb__read_bis_dpl(emb__ingest *ing, const emb__file *f);
emb_status emb__read_eu(emb__ingest *ing, const emb__file *f);
emb_status emb__read_uk(emb__ingest *ing, const emb__file *f);
emb_status emb__read_ofsi(emb__ingest *ing, const emb__file *f);
emb_status emb__read_sema(emb__ingest *ing, const emb__file *f);
emb_status emb__read_ftm(emb__ingest *ing, const emb__file *f);

#endif
