/*
 * limits.h - every cap on input-driven growth, in one place (documented in
 * docs/security.md).  Hitting a cap yields EMB_ECAP with a message naming it.
 */
#ifndef EMB_BASE_LIMITS_H
#define EMB_BASE_LIMITS_H

/* Largest list file after decompression. */
#define EMB_CAP_LIST_FILE ((size_t)1 << 30)
/* Longest single property value kept from a list (longer ones are cut at a
 * character boundary and a warning is recorded). */
#define EMB_CAP_VALUE 65536
/* Most properties on one entity. */
#define EMB_CAP_PROPS_PER_ENTITY 20000
/* Most entities in one snapshot. */
#define EMB_CAP_ENTITIES 50000000
/* Warnings kept in detail per builder (all are counted). */
#define EMB_CAP_WARNINGS_KEPT 100000
/* Longest line of a CSV or JSON-lines list. */
#define EMB_CAP_LINE ((size_t)64 << 20)
/* Longest query value (a name, a date ...). */
#define EMB_CAP_QUERY_VALUE 4096
/* Most values in one query. */
#define EMB_CAP_QUERY_VALUES 64
/* Most results a query may ask for. */
#define EMB_CAP_QUERY_LIMIT 1000

#endif
