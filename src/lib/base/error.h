/*
 * error.h - filling the public emb_error out-parameter.  The library reports
 * problems only through return values and emb_error, never stderr.
 */
#ifndef EMB_BASE_ERROR_H
#define EMB_BASE_ERROR_H

#include <stdint.h>

#include "embargo.h"

#if defined(__GNUC__)
#define EMB__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define EMB__PRINTF(a, b)
#endif

/* Sets err (if non-NULL) and returns st.  file may be NULL. */
emb_status emb__err(emb_error *err, emb_status st, const char *file, uint64_t line, uint64_t column,
                    uint64_t offset, const char *fmt, ...) EMB__PRINTF(7, 8);

/* Shorthand without a location. */
emb_status emb__errf(emb_error *err, emb_status st, const char *fmt, ...) EMB__PRINTF(3, 4);

/* Bounded, always-terminated string copy; returns the length copied. */
size_t emb__strlcpy(char *dst, const char *src, size_t cap);

#endif
