/*
 * rules.c - country and embargo rules (data/rules/embargoed.tsv, format in
 * data/rules/README.md): loading, lookup of a country code, and finding
 * the rules' country, region, city and port names among a field's tokens.
 *
 * The file is read once into memory and rewritten in place: each line is
 * cut at its tabs, and every name variant is folded the way the scanner
 * folds text (ASCII lower case, apostrophes dropped, other punctuation
 * separating words), so "P'YONGYANG" and "Pyongyang" are both
 * "pyongyang" and "BANDAR-E ABBAS" is the two tokens "bandar e abbas".
 * Variants are compared token by token against the field's tokens.
 */
#include <stdint.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/error.h"
#include "../base/file.h"
#include "scan_internal.h"

static int applies_word(const char *s, size_t n, unsigned *out)
{
    static const struct {
        const char *w;
        unsigned f;
    } words[] = {{"bic", EMB_RULE_BIC},
                 {"country_field", EMB_RULE_COUNTRY_FIELD},
                 {"address", EMB_RULE_ADDRESS},
                 {"free_text", EMB_RULE_FREE_TEXT}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].w) == n && memcmp(words[i].w, s, n) == 0) {
            *out |= words[i].f;
            return 1;
        }
    return 0;
}

static int kind_ok(const char *s)
{
    return strcmp(s, "country") == 0 || strcmp(s, "region") == 0 || strcmp(s, "city") == 0 ||
           strcmp(s, "port") == 0;
}

/* Folds variant v in place into space-separated tokens; returns its
 * length. */
static size_t fold(char *v, size_t n)
{
    size_t k = 0;
    int space = 1;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '\'' || c == '`')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80) {
            v[k++] = c;
            space = 0;
        } else if (!space) {
            v[k++] = ' ';
            space = 1;
        }
    }
    while (k > 0 && v[k - 1] == ' ')
        k--;
    v[k] = '\0';
    return k;
}

static emb_status line_err(emb_error *err, const char *path, size_t line, const char *what)
{
    return emb__err(err, EMB_EPARSE, path, line, 0, 0, "rules: %s", what);
}

emb_status emb__rules_load(emb__rules *rs, const char *path, emb_error *err)
{
    memset(rs, 0, sizeof *rs);
    emb__file f;
    emb_status st = emb__file_load(&f, path, err);
    if (st)
        return st;
    if (f.len > EMB_SCAN_MAX_RULES_FILE) {
        emb__file_destroy(&f);
        return emb__err(err, EMB_ECAP, path, 0, 0, 0, "rules: file over %zu bytes",
                        (size_t)EMB_SCAN_MAX_RULES_FILE);
    }
    rs->pool = f.data; /* owned from here; freed by emb__rules_free */
    size_t cap_r = 0, cap_v = 0;
    char *p = f.data, *end = f.data + f.len;
    size_t line = 0;
    while (p < end) {
        line++;
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *next = nl ? nl + 1 : end;
        if (le > p && le[-1] == '\r')
            le--;
        *le = '\0';
        if (p == le || p[0] == '#') {
            p = next;
            continue;
        }
        char *col[5];
        size_t ncol = 0;
        char *c = p;
        col[ncol++] = c;
        for (; c < le; c++)
            if (*c == '\t') {
                *c = '\0';
                if (ncol == 5) {
                    emb__rules_free(rs);
                    return line_err(err, path, line, "more than 5 tab-separated columns");
                }
                col[ncol++] = c + 1;
            }
        if (ncol != 5) {
            emb__rules_free(rs);
            return line_err(err, path, line,
                            "expected 5 tab-separated columns: code, kind, names, applies_to, "
                            "source");
        }
        if (line == 1 && strcmp(col[0], "code") == 0) {
            p = next;
            continue;
        }
        size_t cl = strlen(col[0]);
        if (cl < 2 || cl >= sizeof rs->r[0].code) {
            emb__rules_free(rs);
            return line_err(err, path, line, "code must be 2 to 7 characters (\"KP\", \"UA-43\")");
        }
        if (!kind_ok(col[1])) {
            emb__rules_free(rs);
            return line_err(err, path, line, "kind must be country, region, city or port");
        }
        unsigned applies = 0;
        for (char *a = col[3]; *a;) {
            char *comma = strchr(a, ',');
            size_t al = comma ? (size_t)(comma - a) : strlen(a);
            while (al > 0 && a[al - 1] == ' ')
                al--;
            while (al > 0 && *a == ' ') {
                a++;
                al--;
            }
            if (!applies_word(a, al, &applies)) {
                emb__rules_free(rs);
                return line_err(err, path, line,
                                "applies_to takes bic, country_field, address, free_text");
            }
            a = comma ? comma + 1 : a + strlen(a);
        }
        if (!applies || !col[4][0] || !col[2][0]) {
            emb__rules_free(rs);
            return line_err(err, path, line, "names, applies_to and source must not be empty");
        }
        if (rs->n == EMB_SCAN_MAX_RULES) {
            emb__rules_free(rs);
            return emb__err(err, EMB_ECAP, path, line, 0, 0, "rules: more than %d rules",
                            EMB_SCAN_MAX_RULES);
        }
        if (emb__grow((void **)&rs->r, &cap_r, rs->n + 1, sizeof *rs->r)) {
            emb__rules_free(rs);
            return emb__errf(err, EMB_ENOMEM, "rules: out of memory");
        }
        emb__rule *r = &rs->r[rs->n];
        memset(r, 0, sizeof *r);
        for (size_t i = 0; i < cl; i++) {
            char ch = col[0][i];
            r->code[i] = (ch >= 'a' && ch <= 'z') ? (char)(ch - 'a' + 'A') : ch;
        }
        memcpy(r->kind, col[1], strlen(col[1]) + 1);
        r->source = col[4];
        r->applies = applies;
        r->line = line;
        /* the display name is the first variant as written (an owned
         * copy); the variants are folded in place */
        char *names = col[2];
        char *bar = strchr(names, '|');
        size_t dl = bar ? (size_t)(bar - names) : strlen(names);
        r->display = emb__strndup(names, dl);
        if (!r->display) {
            emb__rules_free(rs);
            return emb__errf(err, EMB_ENOMEM, "rules: out of memory");
        }
        rs->n++; /* from here the rule is freed with the others */
        for (char *v = names; v;) {
            char *vb = strchr(v, '|');
            if (vb)
                *vb = '\0';
            size_t fl = fold(v, strlen(v));
            if (fl) {
                if (emb__grow((void **)&rs->v, &cap_v, rs->nv + 1, sizeof *rs->v)) {
                    emb__rules_free(rs);
                    return emb__errf(err, EMB_ENOMEM, "rules: out of memory");
                }
                emb__rvar *rv = &rs->v[rs->nv];
                memset(rv, 0, sizeof *rv);
                rv->rule = (uint32_t)(rs->n - 1);
                const char *t = v;
                uint32_t nt = 0;
                while (*t && nt < EMB_RULE_VAR_TOKENS) {
                    const char *sp = strchr(t, ' ');
                    size_t tl = sp ? (size_t)(sp - t) : strlen(t);
                    if (tl > 64) {
                        emb__rules_free(rs);
                        return line_err(err, path, line, "a word of a name is over 64 bytes");
                    }
                    rv->tok[nt] = t;
                    rv->len[nt] = (uint8_t)tl;
                    nt++;
                    t += tl;
                    while (*t == ' ')
                        t++;
                }
                if (*t) {
                    emb__rules_free(rs);
                    return line_err(err, path, line, "name variant of more than 8 words");
                }
                rv->ntok = nt;
                rs->nv++;
            }
            v = vb ? vb + 1 : NULL;
        }
        p = next;
    }
    return EMB_OK;
}

void emb__rules_free(emb__rules *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++)
        emb__free((void *)(uintptr_t)rs->r[i].display);
    emb__free(rs->v);
    emb__free(rs->r);
    emb__free(rs->pool);
    memset(rs, 0, sizeof *rs);
}

const emb__rule *emb__rules_code(const emb__rules *rs, const char *cc, size_t n, unsigned applies)
{
    if (n != 2)
        return NULL;
    char u[2];
    for (size_t i = 0; i < 2; i++) {
        char c = cc[i];
        u[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    for (size_t i = 0; i < rs->n; i++) {
        const emb__rule *r = &rs->r[i];
        if ((r->applies & applies) && r->code[0] == u[0] && r->code[1] == u[1] &&
            r->code[2] == '\0' && strcmp(r->kind, "country") == 0)
            return r;
    }
    return NULL;
}

void emb__scan_places(emb_scan *sc, const char *path, size_t plen, const char *text, size_t len,
                      size_t off, size_t n, unsigned applies)
{
    const emb__rules *rs = &sc->rules;
    for (size_t i = 0; i < sc->ntoks; i++) {
        const emb__stok *t = &sc->toks[i];
        if (t->start < off || t->end > off + n)
            continue;
        const char *ts = sc->norm + t->norm;
        for (size_t v = 0; v < rs->nv; v++) {
            const emb__rvar *rv = &rs->v[v];
            const emb__rule *r = &rs->r[rv->rule];
            if (!(r->applies & applies))
                continue;
            uint32_t nt = rv->ntok;
            if (rv->len[0] != t->nlen || ts[0] != rv->tok[0][0] ||
                memcmp(ts, rv->tok[0], t->nlen) != 0 || i + nt > sc->ntoks)
                continue;
            int ok = 1;
            for (uint32_t j = 1; j < nt && ok; j++) {
                const emb__stok *u = &sc->toks[i + j];
                ok = u->nlen == rv->len[j] && u->end <= off + n &&
                     memcmp(sc->norm + u->norm, rv->tok[j], u->nlen) == 0;
            }
            if (!ok)
                continue;
            char how[32];
            size_t hl = strlen(r->kind);
            memcpy(how, r->kind, hl);
            memcpy(how + hl, " name", 6);
            emb__scan_rule_hit(sc, r, path, plen, text, len, t->start, sc->toks[i + nt - 1].end,
                               how);
        }
    }
}
