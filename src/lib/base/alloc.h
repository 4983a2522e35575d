/*
 * alloc.h - the library's one allocation path.  Every allocation of
 * libembargo goes through emb__malloc/realloc/free so that tests can count
 * allocations, find leaks and fail the Nth one (see tests/unit/test_alloc.c).
 */
#ifndef EMB_BASE_ALLOC_H
#define EMB_BASE_ALLOC_H

#include <stddef.h>

void *emb__malloc(size_t n);
void *emb__calloc(size_t count, size_t size);
void *emb__realloc(void *p, size_t n);
void emb__free(void *p);
/* Duplicates len bytes and NUL-terminates the copy. */
char *emb__strndup(const char *s, size_t len);

/* Overflow-checked multiplication for array sizes: 0 on overflow. */
static inline size_t emb__mul(size_t a, size_t b)
{
    if (a != 0 && b > (size_t)-1 / a)
        return 0;
    return a * b;
}

#endif
