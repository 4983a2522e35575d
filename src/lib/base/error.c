/*
 * error.c - status names and messages (from the X-macro list in embargo.h)
 * and helpers that fill emb_error.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *emb_status_name(emb_status st)
{
    switch (st) {
#define EMB__NAME_CASE(name, value, msg)                                                           \
    case EMB_##name:                                                                               \
        return "EMB_" #name;
        EMB_STATUS_LIST(EMB__NAME_CASE)
#undef EMB__NAME_CASE
    }
    return "EMB_UNKNOWN";
}

const char *emb_strerror(emb_status st)
{
    switch (st) {
#define EMB__MSG_CASE(name, value, msg)                                                            \
    case EMB_##name:                                                                               \
        return msg;
        EMB_STATUS_LIST(EMB__MSG_CASE)
#undef EMB__MSG_CASE
    }
    return "unknown status";
}

size_t emb__strlcpy(char *dst, const char *src, size_t cap)
{
    if (cap == 0)
        return 0;
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

static void err_fill(emb_error *err, emb_status st, const char *file, uint64_t line,
                     uint64_t column, uint64_t offset, const char *fmt, va_list ap)
    EMB__PRINTF(7, 0);
static void err_fill(emb_error *err, emb_status st, const char *file, uint64_t line,
                     uint64_t column, uint64_t offset, const char *fmt, va_list ap)
{
    err->status = st;
    emb__strlcpy(err->file, file ? file : "", sizeof err->file);
    err->line = line;
    err->column = column;
    err->offset = offset;
    if (fmt)
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    else
        emb__strlcpy(err->message, emb_strerror(st), sizeof err->message);
}

emb_status emb__err(emb_error *err, emb_status st, const char *file, uint64_t line, uint64_t column,
                    uint64_t offset, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err_fill(err, st, file, line, column, offset, fmt, ap);
        va_end(ap);
    }
    return st;
}

emb_status emb__errf(emb_error *err, emb_status st, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err_fill(err, st, NULL, 0, 0, 0, fmt, ap);
        va_end(ap);
    }
    return st;
}

char *emb_error_format(const emb_error *err, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return buf;
    if (!err) {
        buf[0] = '\0';
        return buf;
    }
    const char *msg = err->message[0] ? err->message : emb_strerror(err->status);
    if (err->file[0] && err->line && err->column)
        snprintf(buf, cap, "%s:%llu:%llu: %s", err->file, (unsigned long long)err->line,
                 (unsigned long long)err->column, msg);
    else if (err->file[0] && err->line)
        snprintf(buf, cap, "%s:%llu: %s", err->file, (unsigned long long)err->line, msg);
    else if (err->file[0] && err->offset)
        snprintf(buf, cap, "%s: byte %llu: %s", err->file, (unsigned long long)err->offset, msg);
    else if (err->file[0])
        snprintf(buf, cap, "%s: %s", err->file, msg);
    else
        snprintf(buf, cap, "%s", msg);
    return buf;
}
