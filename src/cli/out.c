/*
 * out.c - output helpers of the CLI: "embargo: ..." error messages, usage
 * errors, library errors formatted with emb_error_format, UTF-8 checking,
 * terminal-width-aware table cells, JSON output and time formatting.
 *
 * Table cells count terminal columns per code point (East Asian wide
 * characters take 2, combining marks 0), which keeps Hangul and CJK names
 * aligned in common terminals; it is an approximation of wcwidth that needs
 * no locale.  Text from lists is never trusted: control characters are
 * printed as spaces so a caption cannot move the cursor.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("embargo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("embargo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "Try 'embargo %s --help' for more information.\n", cmd);
    else
        fputs("Try 'embargo --help' for more information.\n", stderr);
    return CLI_EXIT_FAIL;
}

void cli_lib_error(emb_status st, const emb_error *err, const char *fallback_file)
{
    emb_error e;
    if (err)
        e = *err;
    else
        memset(&e, 0, sizeof e);
    if (e.status == EMB_OK)
        e.status = st;
    if (e.message[0] == '\0')
        snprintf(e.message, sizeof e.message, "%s", emb_strerror(st));
    if (e.file[0] == '\0' && fallback_file)
        snprintf(e.file, sizeof e.file, "%s", fallback_file);
    char buf[EMB_ERROR_MSG_MAX + EMB_ERROR_PATH_MAX + 64];
    emb_error_format(&e, buf, sizeof buf);
    cli_error("%s", buf);
}

void cli_print_help(const char *text)
{
    fputs(text, stdout);
}

int cli_check_stream(FILE *f, const char *what)
{
    if (fflush(f) != 0 || ferror(f)) {
        cli_error("%s: write error", what);
        return 1;
    }
    return 0;
}

/* Decodes one UTF-8 sequence at s[0..len); returns its length (0 when
 * invalid) and the code point in *cp. Rejects overlongs, surrogates and
 * code points past U+10FFFF. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

int cli_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        if (n == 0) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

typedef struct cp_range {
    uint32_t lo, hi;
} cp_range;

static const cp_range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
};

static const cp_range wide[] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_ranges(const cp_range *r, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return 1;
    return 0;
}

static size_t cp_width(uint32_t cp)
{
    if (in_ranges(zero_width, sizeof zero_width / sizeof zero_width[0], cp))
        return 0;
    if (in_ranges(wide, sizeof wide / sizeof wide[0], cp))
        return 2;
    return 1;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

size_t cli_text_width(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, w = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        if (n == 0) {
            w++, i++;
            continue;
        }
        w += is_control(cp) ? 1 : cp_width(cp);
        i += n;
    }
    return w;
}

/* Writes s[0..len) with control characters as spaces and invalid bytes as
 * '?', stopping before the code point that would pass max columns.
 * Returns the columns written. */
static size_t put_clean(FILE *f, const char *s, size_t len, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, w = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        size_t cw = n == 0 || is_control(cp) ? 1 : cp_width(cp);
        if (w + cw > max)
            break;
        if (n == 0)
            fputc('?', f);
        else if (is_control(cp))
            fputc(' ', f);
        else
            fwrite(s + i, 1, n, f);
        w += cw;
        i += n ? n : 1;
    }
    return w;
}

void cli_print_cell(FILE *f, const char *s, size_t len, size_t width)
{
    size_t w;
    if (cli_text_width(s, len) <= width) {
        w = put_clean(f, s, len, width);
    } else if (width == 0) {
        w = 0;
    } else {
        w = put_clean(f, s, len, width - 1);
        fputs("\xE2\x80\xA6", f); /* U+2026 HORIZONTAL ELLIPSIS */
        w++;
    }
    for (; w < width; w++)
        fputc(' ', f);
}

int cli_json_print(FILE *f, const json_t *v, size_t flags)
{
    if (json_dumpf(v, f, flags | CLI_JSON_FLAGS) != 0 || fputc('\n', f) == EOF)
        return 1;
    return 0;
}

void cli_format_time(uint64_t t, char *buf, size_t cap)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if ((uint64_t)tt != t || t > 253402300799u /* 9999-12-31T23:59:59Z */ || !gmtime_r(&tt, &tm) ||
        strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, cap, "@%llu", (unsigned long long)t);
}

int cli_buf_reserve(cli_buf *b, size_t n)
{
    if (b->cap >= n)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < n)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return 1;
    b->p = p;
    b->cap = cap;
    return 0;
}

void cli_buf_free(cli_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->cap = 0;
}

const char *cli_buf_str(cli_buf *b, const char *s, size_t len)
{
    if (len == SIZE_MAX || cli_buf_reserve(b, len + 1))
        return NULL;
    if (len)
        memcpy(b->p, s, len);
    b->p[len] = '\0';
    return b->p;
}

void cli_set_error(emb_error *err, emb_status st, const char *fmt, ...)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}
