/*
 * format.h - the byte layout of an embargo snapshot (.emb).  This table is
 * the specification; the structs below are the same layout, pinned by
 * _Static_asserts so the two cannot drift.  All integers are little-endian
 * (the endianness marker lets a big-endian reader refuse the file); all
 * references are offsets, never pointers; strings are (offset, length)
 * into the STRS pool and are not NUL-terminated.
 *
 * File
 *   offset  size  field
 *   0       8     magic "EMBSNAP\0"
 *   8       2     format major (EMB_FMT_MAJOR; a reader refuses another major)
 *   10      2     format minor (readers accept any minor of their major)
 *   12      4     endianness marker 0x01020304 as written by the builder
 *   16      8     file size in bytes
 *   24      8     build time, unix seconds
 *   32      4     section count (<= EMB_FMT_MAX_SECTIONS)
 *   36      4     header checksum: CRC-32C of bytes [0, 128 + 32*count) with
 *                 this field taken as zero
 *   40      32    builder, NUL-padded ("embargo 0.1.0")
 *   72      32    content hash: SHA-256 over every section's bytes in order
 *   104     24    reserved, zero
 *   128     32*n  section table (emb__fmt_section), sorted as written
 *   ...           sections, each starting at a multiple of 64
 *
 * Section entry
 *   0   8  tag, NUL-padded ASCII ("STRS", "ENTS" ...)
 *   8   8  offset from the start of the file
 *   16  8  size in bytes
 *   24  4  CRC-32C of the section's bytes
 *   28  4  element size for table sections (0 for byte sections)
 *
 * Core sections (always present)
 *   STRS  string pool, raw UTF-8 bytes
 *   KEYS  emb__fmt_str[]: property key names; a PROP's key indexes this
 *   DSET  emb__fmt_dataset[]
 *   SRCS  emb__fmt_source[]
 *   ENTS  emb__fmt_entity[]
 *   PROP  emb__fmt_prop[]: each entity's properties are a contiguous run
 *   IDIX  uint32[]: entity indexes sorted by id (bytewise) for lookup
 * Matching sections are described in src/lib/index/index_format.h.
 */
#ifndef EMB_SNAPSHOT_FORMAT_H
#define EMB_SNAPSHOT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define EMB_FMT_MAGIC "EMBSNAP"
#define EMB_FMT_MAJOR 1
#define EMB_FMT_MINOR 0
#define EMB_FMT_ENDIAN 0x01020304u
#define EMB_FMT_MAX_SECTIONS 64
#define EMB_FMT_ALIGN 64

typedef struct emb__fmt_header {
    char magic[8];
    uint16_t major;
    uint16_t minor;
    uint32_t endian;
    uint64_t file_size;
    uint64_t built_at;
    uint32_t section_count;
    uint32_t header_checksum;
    char builder[32];
    uint8_t content_hash[32];
    uint8_t reserved[24];
} emb__fmt_header;

typedef struct emb__fmt_section {
    char tag[8];
    uint64_t offset;
    uint64_t size;
    uint32_t checksum;
    uint32_t elem_size;
} emb__fmt_section;

typedef struct emb__fmt_str {
    uint32_t off;
    uint32_t len;
} emb__fmt_str;

#define EMB_FMT_SCHEMAS 8

typedef struct emb__fmt_dataset {
    emb__fmt_str name;
    emb__fmt_str title;
    emb__fmt_str format;
    emb__fmt_str list_date;
    uint32_t entity_count;
    uint32_t records_read;
    uint32_t records_skipped;
    uint32_t warnings;
    uint32_t source_start;
    uint32_t source_count;
    uint32_t schema_counts[EMB_FMT_SCHEMAS];
} emb__fmt_dataset;

typedef struct emb__fmt_source {
    emb__fmt_str path;
    char sha256[64];
} emb__fmt_source;

typedef struct emb__fmt_entity {
    emb__fmt_str id;
    emb__fmt_str caption;
    uint32_t prop_start;
    uint32_t prop_count;
    uint16_t dataset;
    uint8_t schema;
    uint8_t flags;
} emb__fmt_entity;

typedef struct emb__fmt_prop {
    uint32_t key;
    emb__fmt_str val;
} emb__fmt_prop;

_Static_assert(sizeof(emb__fmt_header) == 128, "header is 128 bytes");
_Static_assert(offsetof(emb__fmt_header, section_count) == 32, "header layout");
_Static_assert(offsetof(emb__fmt_header, header_checksum) == 36, "header layout");
_Static_assert(offsetof(emb__fmt_header, builder) == 40, "header layout");
_Static_assert(offsetof(emb__fmt_header, content_hash) == 72, "header layout");
_Static_assert(offsetof(emb__fmt_header, reserved) == 104, "header layout");
_Static_assert(sizeof(emb__fmt_section) == 32, "section entry is 32 bytes");
_Static_assert(offsetof(emb__fmt_section, checksum) == 24, "section layout");
_Static_assert(sizeof(emb__fmt_str) == 8, "string ref is 8 bytes");
_Static_assert(sizeof(emb__fmt_dataset) == 88, "dataset is 88 bytes");
_Static_assert(sizeof(emb__fmt_source) == 72, "source is 72 bytes");
_Static_assert(sizeof(emb__fmt_entity) == 28, "entity is 28 bytes");
_Static_assert(offsetof(emb__fmt_entity, dataset) == 24, "entity layout");
_Static_assert(sizeof(emb__fmt_prop) == 12, "prop is 12 bytes");

#endif
