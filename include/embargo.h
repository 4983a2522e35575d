/*
 * embargo.h - the one public header of libembargo, a sanctions and
 * export-control screening engine.
 *
 * Life cycle of a typical program:
 *
 *   emb_builder_new()  -> emb_builder_add_list() ... -> emb_builder_write()
 *   emb_snapshot_open() -> emb_query_new() -> emb_query_*() -> emb_query_run()
 *                        -> emb_result_*() ... -> emb_query_free()
 *   emb_snapshot_close()
 *
 * Conventions (see docs/api.md):
 *  - Strings cross the API as pointer + length; a length of EMB_NUL means
 *    "NUL-terminated".  All text is UTF-8; invalid UTF-8 is refused with
 *    EMB_EUTF8.
 *  - Every fallible function returns an emb_status and fills the optional
 *    emb_error out-parameter (which may be NULL) with detail.
 *  - Objects are opaque; _new/_free allocate and release, _open/_close map
 *    files.  Free functions accept NULL.
 *  - Thread safety: an emb_snapshot is read-only after opening and may be
 *    shared by any number of threads.  An emb_query (and the results it
 *    returns) belongs to one thread at a time.  emb_builder is
 *    single-threaded.  emb_set_allocator() must be called before any other
 *    function and never concurrently with them.
 *  - The library never prints, exits or aborts on bad input or lack of
 *    memory.
 */
#ifndef EMBARGO_H
#define EMBARGO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EMB_VERSION_STRING "0.1.0"
#define EMB_NUL ((size_t)-1)

/* ------------------------------------------------------------------ */
/* Status codes                                                        */
/* ------------------------------------------------------------------ */

/* X(name, value, message) - the single list every status comes from. */
#define EMB_STATUS_LIST(X)                                                                         \
    X(OK, 0, "success")                                                                            \
    X(ENOMEM, 1, "out of memory")                                                                  \
    X(EARG, 2, "bad argument")                                                                     \
    X(EMISUSE, 3, "library misuse")                                                                \
    X(EUTF8, 4, "invalid UTF-8")                                                                   \
    X(EPARSE, 5, "parse error")                                                                    \
    X(ECAP, 6, "a size or count limit was reached")                                                \
    X(EIO, 7, "input/output error")                                                                \
    X(ENOTSNAP, 8, "not an embargo snapshot")                                                      \
    X(ECORRUPT, 9, "corrupt snapshot")                                                             \
    X(EVERSION, 10, "unsupported snapshot version")                                                \
    X(ENOTFOUND, 11, "not found")                                                                  \
    X(EFORMAT, 12, "unknown or ambiguous list format")                                             \
    X(ESTRICT, 13, "record rejected in strict mode")                                               \
    X(EINTERNAL, 14, "internal error")

typedef enum emb_status {
#define EMB__STATUS_ENUM(name, value, msg) EMB_##name = value,
    EMB_STATUS_LIST(EMB__STATUS_ENUM)
#undef EMB__STATUS_ENUM
} emb_status;

/* Symbolic name ("EMB_EPARSE") and message for a status.  Never NULL. */
const char *emb_status_name(emb_status st);
const char *emb_strerror(emb_status st);

#define EMB_ERROR_MSG_MAX 512
#define EMB_ERROR_PATH_MAX 512

/* Detail about a failure.  file/line/column/offset are 0 or "" when they
 * do not apply; line and column are 1-based, offset is a byte offset. */
typedef struct emb_error {
    emb_status status;
    char message[EMB_ERROR_MSG_MAX];
    char file[EMB_ERROR_PATH_MAX];
    uint64_t line;
    uint64_t column;
    uint64_t offset;
} emb_error;

/* Formats "file:line:column: message" (parts omitted when unknown) into
 * buf, always NUL-terminated when cap > 0.  Returns buf. */
char *emb_error_format(const emb_error *err, char *buf, size_t cap);

/* ------------------------------------------------------------------ */
/* Allocator hook                                                      */
/* ------------------------------------------------------------------ */

typedef struct emb_allocator {
    void *(*malloc_fn)(void *ud, size_t size);
    void *(*realloc_fn)(void *ud, void *ptr, size_t size);
    void (*free_fn)(void *ud, void *ptr);
    void *ud;
} emb_allocator;

/* Replaces the allocator used for every library allocation (NULL restores
 * the C library's).  Third-party libraries (libxml2, ICU, jansson) keep
 * their own allocators. Not thread-safe: call it before anything else. */
void emb_set_allocator(const emb_allocator *a);

/* ------------------------------------------------------------------ */
/* Entity model (FollowTheMoney-aligned)                               */
/* ------------------------------------------------------------------ */

#define EMB_SCHEMA_LIST(X)                                                                         \
    X(THING, "Thing")                                                                              \
    X(LEGAL_ENTITY, "LegalEntity")                                                                 \
    X(PERSON, "Person")                                                                            \
    X(ORGANIZATION, "Organization")                                                                \
    X(COMPANY, "Company")                                                                          \
    X(VESSEL, "Vessel")                                                                            \
    X(AIRPLANE, "Airplane")

typedef enum emb_schema {
#define EMB__SCHEMA_ENUM(name, str) EMB_SCHEMA_##name,
    EMB_SCHEMA_LIST(EMB__SCHEMA_ENUM)
#undef EMB__SCHEMA_ENUM
        EMB_SCHEMA__COUNT
} emb_schema;

/* FtM name of a schema ("Person"), or NULL when out of range. */
const char *emb_schema_name(emb_schema s);
/* Parses an FtM schema name (case-insensitive); EMB_ENOTFOUND if unknown. */
emb_status emb_schema_parse(const char *s, size_t len, emb_schema *out);

/* ------------------------------------------------------------------ */
/* Building snapshots                                                  */
/* ------------------------------------------------------------------ */

typedef struct emb_builder emb_builder;

enum {
    EMB_BUILD_STRICT = 1u << 0 /* a record that cannot be used is fatal */
};

emb_status emb_builder_new(emb_builder **out, unsigned flags, emb_error *err);
void emb_builder_free(emb_builder *b);

/* Reads one list.  format is a name such as "un", "ofac", "ftm" (see
 * docs/lists.md), or NULL/"" to detect it from the file.  On a fatal
 * error (malformed file) the builder is left unusable for writing: the
 * caller must not produce a snapshot from it. */
emb_status emb_builder_add_list(emb_builder *b, const char *format, const char *path,
                                emb_error *err);

/* Writes the snapshot.  The file is written to a temporary name beside
 * path and renamed into place only when complete. */
emb_status emb_builder_write(emb_builder *b, const char *path, emb_error *err);

/* Records that could not be used, or rows that reference missing entries.
 * Each warning names its file, line and reason.  Valid until the builder
 * is freed. */
typedef struct emb_warning {
    const char *dataset;
    const char *file;
    uint64_t line;
    const char *reason;
    int skipped; /* 1: a record was dropped; 0: kept with a problem noted */
} emb_warning;
size_t emb_builder_warning_count(const emb_builder *b);
/* Warnings kept in detail are capped (EMB_CAP_WARNINGS_KEPT); counts are
 * exact.  Returns NULL past the kept ones. */
const emb_warning *emb_builder_warning(const emb_builder *b, size_t i);
size_t emb_builder_entity_count(const emb_builder *b);

/* Known list format names, NULL-terminated. */
const char *const *emb_list_formats(void);

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */
/* ------------------------------------------------------------------ */

typedef struct emb_snapshot emb_snapshot;

/* Maps a snapshot read-only.  Cheap checks only (magic, version,
 * endianness, section table bounds, header checksum). */
emb_status emb_snapshot_open(emb_snapshot **out, const char *path, emb_error *err);
/* Flags of emb_snapshot_open_flags(). */
enum {
    /* Read the whole file into private memory of 2 MiB pages where the
     * kernel offers them (Linux transparent huge pages, madvise mode),
     * instead of mapping it: the matcher's scattered reads then miss the
     * TLB far less.  Costs the time to read the file at open and memory
     * not shared with other processes that open the same file. */
    EMB_OPEN_LOAD = 1u << 0
};
/* emb_snapshot_open() with flags (0 is emb_snapshot_open()). */
emb_status emb_snapshot_open_flags(emb_snapshot **out, const char *path, unsigned flags,
                                   emb_error *err);
/* Opens a snapshot held in memory (not copied; must outlive the handle). */
emb_status emb_snapshot_open_memory(emb_snapshot **out, const void *data, size_t len,
                                    emb_error *err);
void emb_snapshot_close(emb_snapshot *s);
/* Deep verification: every section checksum and every offset. */
emb_status emb_snapshot_verify(const emb_snapshot *s, emb_error *err);

typedef struct emb_snapshot_info {
    uint32_t format_major, format_minor;
    uint64_t file_size;
    uint64_t built_at;   /* unix seconds */
    const char *builder; /* "embargo 0.1.0" */
    char hash[17];       /* first 16 hex digits of the content hash */
    size_t entity_count;
    size_t name_count;
    size_t dataset_count;
    size_t section_count;
} emb_snapshot_info;
void emb_snapshot_get_info(const emb_snapshot *s, emb_snapshot_info *out);

typedef struct emb_source_info {
    const char *path; /* as given at build time */
    char sha256[65];
} emb_source_info;

typedef struct emb_dataset_info {
    const char *name;      /* "un_sc_sanctions" */
    const char *title;     /* human title */
    const char *format;    /* reader used: "un" */
    const char *list_date; /* the list's own publication date, or "" */
    size_t entity_count;
    size_t records_read;
    size_t records_skipped;
    size_t warnings;
    size_t source_count;
} emb_dataset_info;
emb_status emb_snapshot_dataset(const emb_snapshot *s, size_t i, emb_dataset_info *out);
emb_status emb_snapshot_dataset_source(const emb_snapshot *s, size_t i, size_t j,
                                       emb_source_info *out);
/* Per-schema entity counts of dataset i (indexed by emb_schema). */
emb_status emb_snapshot_dataset_schemas(const emb_snapshot *s, size_t i,
                                        size_t counts[EMB_SCHEMA__COUNT]);

typedef struct emb_section_info {
    char name[9];
    uint64_t offset, size;
    uint32_t checksum;
} emb_section_info;
emb_status emb_snapshot_section(const emb_snapshot *s, size_t i, emb_section_info *out);

/* ------------------------------------------------------------------ */
/* Entities                                                            */
/* ------------------------------------------------------------------ */

/* Entities are addressed by index [0, entity_count).  Strings returned
 * point into the mapping: valid until emb_snapshot_close, not
 * NUL-terminated (use the lengths). */
typedef struct emb_str {
    const char *ptr;
    size_t len;
} emb_str;

emb_status emb_entity_find(const emb_snapshot *s, const char *id, size_t len, uint32_t *index);
emb_status emb_entity_id(const emb_snapshot *s, uint32_t index, emb_str *out);
emb_status emb_entity_caption(const emb_snapshot *s, uint32_t index, emb_str *out);
emb_status emb_entity_schema(const emb_snapshot *s, uint32_t index, emb_schema *out);
/* Dataset indexes of the entity (usually one). */
emb_status emb_entity_dataset(const emb_snapshot *s, uint32_t index, uint32_t *dataset);
size_t emb_entity_prop_count(const emb_snapshot *s, uint32_t index);
/* Property j of entity: FtM property name and value. */
emb_status emb_entity_prop(const emb_snapshot *s, uint32_t index, size_t j, emb_str *name,
                           emb_str *value);

/* ------------------------------------------------------------------ */
/* Screening                                                           */
/* ------------------------------------------------------------------ */

typedef struct emb_query emb_query;

/* A query context: owns its scratch memory, reused across runs.  One
 * thread at a time. */
emb_status emb_query_new(emb_query **out, const emb_snapshot *s, emb_error *err);
void emb_query_free(emb_query *q);

/* Readies q for its first runs: opens the ICU transforms of every script
 * and builds the process-wide word tables (sector words, name variants)
 * that the first names would otherwise build while they are screened
 * (about 0.2 s for a process's first company name, 1-2 ms for a query
 * context's first name in each other script).  Optional; results are the
 * same either way.  A server calls it before it serves.  EMB_EINTERNAL
 * when ICU cannot open a script's transform: names in that script then
 * fail as they would have. */
emb_status emb_query_warm(emb_query *q, emb_error *err);

/* Clears everything set on the query (keeps its memory). */
void emb_query_reset(emb_query *q);
emb_status emb_query_set_schema(emb_query *q, emb_schema s);
/* Adds a value of an FtM property: "name", "birthDate", "nationality",
 * "country", "idNumber", "passportNumber", "imoNumber", "gender", ... */
emb_status emb_query_add(emb_query *q, const char *prop, size_t plen, const char *value,
                         size_t vlen, emb_error *err);
emb_status emb_query_set_limit(emb_query *q, size_t limit);
emb_status emb_query_set_threshold(emb_query *q, double threshold);
/* Restrict results to one dataset by name (NULL clears). */
emb_status emb_query_set_dataset(emb_query *q, const char *name, size_t len, emb_error *err);
/* Thorough retrieval (on: nonzero; off by default, and after reset): a
 * short query word the lists know, in few list names, is also taken for
 * a misspelling of another listed word ("Ami Salim" for AMMI SALIM,
 * "Fared SALA" for FARED SAAL), and compared as one ("AYA PARTOV" for
 * PAYA PARTOV; not between Chinese or Korean syllables); clean names
 * alert a little more often (docs/api.md).  The text scanner screens
 * party-name fields so. */
emb_status emb_query_set_thorough(emb_query *q, int on);

#define EMB_DEFAULT_THRESHOLD 0.70
#define EMB_DEFAULT_LIMIT 5

emb_status emb_query_run(emb_query *q, emb_error *err);

size_t emb_result_count(const emb_query *q);
typedef struct emb_result {
    uint32_t entity;   /* entity index */
    double score;      /* entity score in [0,1] */
    double name_score; /* best name score in [0,1] */
    int match;         /* score >= threshold */
} emb_result;
emb_status emb_result_get(const emb_query *q, size_t i, emb_result *out);
/* The result's explanation as a JSON object (yente-style explanation
 * keys), written into buf (NUL-terminated); *need receives the full
 * length.  EMB_ECAP when cap is too small (buf holds a prefix).  The text
 * is compact UTF-8 JSON as jansson writes it (numbers rounded, then
 * without trailing zeros: 1.0, 0.97; strings escaped \" \\ \n \t ... and
 * \u00XX), ready to be copied into a larger JSON document as it is. */
emb_status emb_result_explain(const emb_query *q, size_t i, char *buf, size_t cap, size_t *need);

/* Score of one pair of names, as the matcher sees them.  snapshot may be
 * NULL; when given, token weights come from its name frequencies (generic
 * tokens weigh less), as they do when screening.  explain (may be NULL)
 * receives the explanation JSON, NUL-terminated, cut to cap bytes.
 * Thread-safe; allocates a transliterator on every call (use a query for
 * bulk work). */
emb_status emb_compare_names(const emb_snapshot *snapshot, const char *a, size_t alen,
                             const char *b, size_t blen, emb_schema schema, double *score,
                             char *explain, size_t cap, emb_error *err);

/* ------------------------------------------------------------------ */
/* Scanning (payment messages and free text, docs/scan.md)             */
/* ------------------------------------------------------------------ */

/* A scanner screens every party, agent, address and free-text field of a
 * SWIFT MT message, an ISO 20022 message or plain text, and reports each
 * hit with the field it was found in and its byte span inside that
 * field.  It owns a query context, the BIC table of the snapshot and the
 * country/embargo rules; like emb_query it belongs to one thread at a time
 * (create one per thread; the snapshot may be shared).  Hits and the
 * strings they point to stay valid until the next emb_scan_run or
 * emb_scan_free. */
typedef struct emb_scan emb_scan;

typedef enum emb_scan_format {
    EMB_SCAN_AUTO = 0, /* detect: "{1:" or ":20:" is MT, '<' is XML */
    EMB_SCAN_TEXT = 1, /* free text (invoice, bill of lading ...) */
    EMB_SCAN_MT = 2,   /* SWIFT MT (FIN / RJE, several messages allowed) */
    EMB_SCAN_ISO20022 = 3
} emb_scan_format;

/* Parses "auto", "text", "mt", "iso20022"; EMB_ENOTFOUND if unknown. */
emb_status emb_scan_format_parse(const char *s, size_t len, emb_scan_format *out);
/* "auto", "text", "mt", "iso20022"; NULL when out of range. */
const char *emb_scan_format_name(emb_scan_format f);

typedef enum emb_scan_kind {
    EMB_HIT_NAME = 0,   /* a list name (party field or running text) */
    EMB_HIT_BIC = 1,    /* a BIC equal to a list entity's swiftBic */
    EMB_HIT_COUNTRY = 2 /* a country / embargo rule (code, city, port) */
} emb_scan_kind;

/* "name", "bic", "country"; NULL when out of range. */
const char *emb_scan_kind_name(emb_scan_kind k);

/* Creates a scanner over snapshot s.  rules is the path of a rules file
 * (data/rules/embargoed.tsv format, docs/scan.md) or NULL for none; a
 * malformed rules file fails with EMB_EPARSE naming its line.  The
 * snapshot must outlive the scanner. */
emb_status emb_scan_new(emb_scan **out, const emb_snapshot *s, const char *rules, emb_error *err);
void emb_scan_free(emb_scan *sc);
/* Minimum score of a name hit (default EMB_SCAN_DEFAULT_THRESHOLD, above
 * the query default: running text holds many words).  A one-word window
 * of running text must also score at least EMB_SCAN_ONE_WORD_SCORE.  A
 * party-name field queried whole (one name and nothing else) needs
 * EMB_SCAN_NAME_FIELD_MARGIN less: 0.75 by default; so does a window of
 * running text whose words are exactly a list name's, each aligned as a
 * spelling of one of its words, at most one under 0.8, and two of four
 * letters or more (or of three, misspelt). */
#define EMB_SCAN_DEFAULT_THRESHOLD 0.80
#define EMB_SCAN_ONE_WORD_SCORE 0.88
#define EMB_SCAN_NAME_FIELD_MARGIN 0.05
emb_status emb_scan_set_threshold(emb_scan *sc, double threshold);
/* Number of rules loaded. */
size_t emb_scan_rule_count(const emb_scan *sc);

/* Screens data[0..len).  Malformed input (missing or truncated blocks,
 * bad tags, broken XML, invalid UTF-8) fails with EMB_EPARSE or EMB_EUTF8
 * and err naming line, column and byte offset; no hits are kept then.
 * Inputs over EMB_SCAN_MAX_INPUT bytes fail with EMB_ECAP. */
#define EMB_SCAN_MAX_INPUT ((size_t)16 << 20)
emb_status emb_scan_run(emb_scan *sc, const char *data, size_t len, emb_scan_format fmt,
                        emb_error *err);
/* Format of the last run (resolved when it was EMB_SCAN_AUTO). */
emb_scan_format emb_scan_last_format(const emb_scan *sc);
/* Messages seen by the last run (MT files may hold several). */
size_t emb_scan_message_count(const emb_scan *sc);
/* Hits of the last run not kept: past EMB_SCAN_MAX_MESSAGE_HITS in one
 * message.  Nonzero means the hit list is incomplete; callers must say
 * so. */
#define EMB_SCAN_MAX_MESSAGE_HITS 4096
size_t emb_scan_hits_dropped(const emb_scan *sc);

typedef struct emb_scan_hit {
    emb_scan_kind kind;
    size_t message;    /* 0-based message number within the input */
    emb_str field;     /* ":59:" or "CdtTrfTxInf/Cdtr/Nm" or "text" */
    emb_str text;      /* the field's whole text */
    size_t start, end; /* byte span of the hit inside text */
    uint32_t entity;   /* entity index, UINT32_MAX for country rules */
    double score;      /* in [0,1] */
    double name_score; /* name similarity (1 for BIC and rule hits) */
    emb_str rule;      /* country rule code ("KP"), empty otherwise */
    emb_str label;     /* rule name or matched BIC (for display) */
} emb_scan_hit;

/* Hits of the last run, ordered by message, field position, span. */
size_t emb_scan_hit_count(const emb_scan *sc);
emb_status emb_scan_hit_get(const emb_scan *sc, size_t i, emb_scan_hit *out);
/* The hit's explanation as a JSON object (the matcher's explanation for
 * name hits, the rule and its source for country hits) into buf,
 * NUL-terminated; *need receives the full length.  EMB_ECAP when cap is
 * too small (buf holds a prefix). */
emb_status emb_scan_hit_explain(const emb_scan *sc, size_t i, char *buf, size_t cap, size_t *need);

#ifdef __cplusplus
}
#endif
#endif /* EMBARGO_H */
