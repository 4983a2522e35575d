/*
 * mt.c - SWIFT MT messages (FIN and RJE files: several messages, each
 * "{1:...}{2:...}{3:{..}}{4:\n:TAG:value\n...-}{5:{..}}", optionally
 * separated by '$'), cut into fields for the scanner.
 *
 * Blocks 1 and 2 carry the sender and receiver logical-terminal
 * addresses (BIC8 + terminal letter + branch), screened as BICs.  Block 4
 * is either a text block of ":TAG:value" fields (a value runs over lines
 * up to the next line starting with ':' or the closing "-}") or, in
 * acknowledgements, nested "{177:...}" sub-blocks (skipped).  Screened
 * fields, by option letter (docs/scan.md): 50-59 option A (and 50C/50G)
 * BICs, option B locations, options D/H/K and no letter name-and-address
 * lines, option F numbered lines ("1/NAME", "2/ADDRESS", "3/CC/TOWN");
 * 70, 72, 77B/77T and 79 free text.  Input that is not an MT message
 * (missing block 4, truncated block, bad tag) is refused with its
 * position.  A file may also hold only block 4 text (":20:..." first).
 */
#include <string.h>

#include "../base/error.h"
#include "scan_internal.h"

static emb_status mt_err(const char *d, size_t off, emb_error *err, const char *what)
{
    uint64_t l, c;
    emb__scan_pos(d, off, &l, &c);
    return emb__err(err, EMB_EPARSE, NULL, l, c, off, "MT: %s", what);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Screens a logical-terminal address (12 chars: BIC8, terminal, branch). */
static emb_status header_bic(emb_scan *sc, const char *path, const char *lt, size_t n,
                             emb_error *err)
{
    if (n < 12)
        return EMB_OK;
    char b[11];
    memcpy(b, lt, 8);
    memcpy(b + 8, lt + 9, 3);
    return emb__scan_field(sc, path, strlen(path), b, 11, 0, 11, EMB_F_BIC, err);
}

/* Offset just past the first line of v[0..n) when it is an account line
 * ("/..."), else 0. */
static size_t skip_account(const char *v, size_t n)
{
    if (n == 0 || v[0] != '/')
        return 0;
    const char *nl = memchr(v, '\n', n);
    return nl ? (size_t)(nl - v) + 1 : n;
}

static emb_status field(emb_scan *sc, const char *tag, size_t tl, const char *v, size_t n,
                        emb_error *err)
{
    /* tag is "NN" or "NNx" without colons; the path is ":NNx:" */
    char path[8];
    path[0] = ':';
    memcpy(path + 1, tag, tl);
    path[tl + 1] = ':';
    size_t pl = tl + 2;
    int num = (tag[0] - '0') * 10 + (tag[1] - '0');
    char opt = tl == 3 ? tag[2] : 0;
    if (num == 70 || num == 72 || num == 79 || (num == 77 && (opt == 'B' || opt == 'T')))
        return emb__scan_field(sc, path, pl, v, n, 0, n, EMB_F_FREE, err);
    if (num < 50 || num > 59)
        return EMB_OK;
    switch (opt) {
    case 'A':
    case 'G':
        return emb__scan_field(sc, path, pl, v, n, 0, n, EMB_F_BIC, err);
    case 'C':
        if (num == 50 || num == 51)
            return emb__scan_field(sc, path, pl, v, n, 0, n, EMB_F_BIC, err);
        return EMB_OK;
    case 'B': {
        size_t a = skip_account(v, n);
        return emb__scan_field(sc, path, pl, v, n, a, n - a, EMB_F_ADDRESS, err);
    }
    case 'F': {
        /* 50F line 1 is the party identifier; 59F may start with an
         * account; the numbered lines follow */
        size_t a = 0;
        if (!(n >= 2 && v[0] >= '1' && v[0] <= '8' && v[1] == '/')) {
            const char *nl = memchr(v, '\n', n);
            a = nl ? (size_t)(nl - v) + 1 : n;
        }
        return emb__scan_field(sc, path, pl, v, n, a, n - a, EMB_F_STRUCT, err);
    }
    case 0:
    case 'D':
    case 'H':
    case 'K': {
        size_t a = skip_account(v, n);
        if (a >= n)
            return EMB_OK;
        return emb__scan_field(sc, path, pl, v, n, a, n - a, EMB_F_PARTY, err);
    }
    default:
        return EMB_OK;
    }
}

/* Block 4 text d[s..e): the fields. */
static emb_status block4(emb_scan *sc, const char *d, size_t s, size_t e, emb_error *err)
{
    size_t i = s;
    while (i < e && (d[i] == '\r' || d[i] == '\n'))
        i++;
    if (i < e && d[i] != ':')
        return mt_err(d, i, err, "block 4 text must start with a field tag (\":20:\")");
    while (i < e) {
        /* at a line starting with ':' */
        size_t t = i + 1;
        size_t k = t;
        while (k < e && k - t < 4 && d[k] != ':' && d[k] != '\n')
            k++;
        size_t tl = k - t;
        if (k >= e || d[k] != ':' || tl < 2 || tl > 3 || !is_digit(d[t]) || !is_digit(d[t + 1]) ||
            (tl == 3 && !(d[t + 2] >= 'A' && d[t + 2] <= 'Z')))
            return mt_err(d, i, err,
                          "bad field tag (expected ':' two digits, an optional option letter "
                          "and ':')");
        size_t vs = k + 1;
        /* the value runs to the next line that starts with ':' */
        size_t ve = vs;
        for (;;) {
            const char *nl = memchr(d + ve, '\n', e - ve);
            if (!nl) {
                ve = e;
                break;
            }
            size_t nx = (size_t)(nl - d) + 1;
            if (nx >= e || d[nx] == ':') {
                ve = (size_t)(nl - d);
                break;
            }
            ve = nx;
        }
        size_t next = ve < e ? ve + 1 : e;
        while (ve > vs && (d[ve - 1] == '\r' || d[ve - 1] == '\n'))
            ve--;
        emb_status st = field(sc, d + t, tl, d + vs, ve - vs, err);
        if (st)
            return st;
        i = next;
        while (i < e && (d[i] == '\r' || d[i] == '\n'))
            i++;
    }
    return EMB_OK;
}

/* Offset of the '}' closing the block whose content starts at i (nested
 * braces counted), or len when there is none. */
static size_t close_nested(const char *d, size_t i, size_t len)
{
    int depth = 1;
    for (; i < len; i++) {
        if (d[i] == '{')
            depth++;
        else if (d[i] == '}' && --depth == 0)
            return i;
    }
    return len;
}

emb_status emb__scan_mt(emb_scan *sc, const char *d, size_t len, emb_error *err)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)d[0] == 0xEF && (unsigned char)d[1] == 0xBB &&
        (unsigned char)d[2] == 0xBF)
        i = 3;
    size_t j = i;
    while (j < len && (d[j] == ' ' || d[j] == '\r' || d[j] == '\n' || d[j] == '\t'))
        j++;
    if (j < len && d[j] == ':') {
        /* block 4 text alone */
        size_t e = len;
        while (e > j && (d[e - 1] == '\n' || d[e - 1] == '\r' || d[e - 1] == ' '))
            e--;
        if (e >= j + 1 && d[e - 1] == '-')
            e--;
        sc->messages = 1;
        return block4(sc, d, j, e, err);
    }
    int in_msg = 0, have1 = 0, have4 = 0;
    size_t msg_start = i;
    for (;;) {
        while (i < len && (d[i] == ' ' || d[i] == '\r' || d[i] == '\n' || d[i] == '\t' ||
                           d[i] == '$' || d[i] == 0x01 || d[i] == 0x03)) {
            if (d[i] == '$' || d[i] == 0x03) {
                if (in_msg && have1 && !have4)
                    return mt_err(d, msg_start, err, "message has no block 4 (text block)");
                in_msg = 0;
            }
            i++;
        }
        if (i >= len)
            break;
        if (d[i] != '{')
            return mt_err(d, i, err, "expected '{' starting a block");
        if (i + 1 == len || d[i + 1] == '\n' || d[i + 1] == '\r' || d[i + 1] == '$') {
            i++; /* a stray '{' between messages (seen in real RJE files) */
            continue;
        }
        size_t bs = i;
        size_t k = i + 1;
        while (k < len && k - i <= 4 && d[k] != ':' && d[k] != '}' && d[k] != '{')
            k++;
        if (k >= len || d[k] != ':' || k == i + 1)
            return mt_err(d, bs, err, "bad block header (expected \"{N:\")");
        const char *id = d + i + 1;
        size_t idl = k - i - 1;
        size_t cs = k + 1;
        if (idl == 1 && id[0] == '1' && in_msg) {
            /* a new message starts */
            if (have1 && !have4)
                return mt_err(d, msg_start, err, "message has no block 4 (text block)");
            in_msg = 0;
        }
        if (!in_msg) {
            in_msg = 1;
            have1 = have4 = 0;
            msg_start = bs;
            sc->message = sc->messages++;
        }
        if (idl == 1 && (id[0] == '1' || id[0] == '2')) {
            const char *cl = memchr(d + cs, '}', len - cs);
            const char *op = memchr(d + cs, '{', len - cs);
            if (!cl || (op && op < cl))
                return mt_err(d, bs, err, "truncated block (no closing '}')");
            size_t ce = (size_t)(cl - d);
            const char *c = d + cs;
            size_t cn = ce - cs;
            emb_status st = EMB_OK;
            if (id[0] == '1') {
                have1 = 1;
                if (cn >= 15)
                    st = header_bic(sc, "{1:}", c + 3, cn - 3, err);
            } else if (cn >= 1 && c[0] == 'I' && cn >= 16) {
                st = header_bic(sc, "{2:}", c + 4, cn - 4, err);
            } else if (cn >= 1 && c[0] == 'O' && cn >= 26) {
                st = header_bic(sc, "{2:}", c + 14, cn - 14, err);
            }
            if (st)
                return st;
            i = ce + 1;
            continue;
        }
        if (idl == 1 && id[0] == '4' && cs < len && d[cs] != '{') {
            have4 = 1;
            if (d[cs] != '\n' && d[cs] != '\r')
                return mt_err(d, cs, err, "block 4 must start with a line break");
            /* the text block ends at a line "-}" */
            size_t e = len;
            for (size_t p = cs; p + 2 < len; p++)
                if (d[p] == '\n' && d[p + 1] == '-' && d[p + 2] == '}') {
                    e = p;
                    break;
                }
            if (e == len)
                return mt_err(d, bs, err,
                              "unterminated block 4 (no closing \"-}\" line): truncated message");
            emb_status st = block4(sc, d, cs, e, err);
            if (st)
                return st;
            i = e + 3;
            continue;
        }
        /* blocks 3, 5, S and block 4 of acknowledgements: nested */
        size_t ce = close_nested(d, cs, len);
        if (ce >= len)
            return mt_err(d, bs, err, "truncated block (no closing '}')");
        if (idl == 1 && id[0] == '4')
            have4 = 1;
        i = ce + 1;
    }
    if (in_msg && have1 && !have4)
        return mt_err(d, msg_start, err, "message has no block 4 (text block)");
    if (sc->messages == 0)
        return mt_err(d, 0, err, "no message found");
    return EMB_OK;
}
