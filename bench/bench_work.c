/*
 * bench_work.c - the bench workload and the bench's data files.
 *
 * Workload: a fixed, seeded list of queries alternating a variant of a
 * list name and a synthetic clean name (bench_names.c), so every prefix is
 * half and half.  A variant starts from a Latin-script name of a randomly
 * chosen entity of the snapshot and applies one change, in turn: typos
 * (1 edit in every token of 4+ characters, 2 in tokens of 8+: substitute,
 * delete, insert or swap), token re-ordering, a dropped middle name
 * (persons of 3+ tokens), the entity's own non-Latin alias (only entities
 * that have one and a Latin name), or case and punctuation changes.  The
 * source entity's id is what recall looks for.
 *
 * Also: the names export for PostgreSQL (id TAB name) and the synthetic
 * FtM entities that grow a snapshot to 4x and 16x, made by shuffling the
 * given names, surnames and organisation words found in the snapshot's own
 * names (so postings grow as they would with more real names).
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static const char *const kind_names[] = {
#define BENCH_KIND_STR(id, s) s,
    BENCH_KIND_LIST(BENCH_KIND_STR)
#undef BENCH_KIND_STR
};

const char *bench_kind_name(bench_kind k)
{
    return (unsigned)k < BK__COUNT ? kind_names[k] : "?";
}

uint64_t bench_rng_next(bench_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

size_t bench_rng_below(bench_rng *r, size_t n)
{
    return (size_t)(bench_rng_next(r) % (uint64_t)n);
}

int bench_is_name_prop(const emb_str *p)
{
    static const char *const props[] = {"name", "alias", "previousName", "weakAlias"};
    for (size_t i = 0; i < 4; i++)
        if (p->len == strlen(props[i]) && memcmp(p->ptr, props[i], p->len) == 0)
            return 1;
    return 0;
}

/* 1 when the name has a letter of a non-Latin script (U+0370 and up,
 * except the Latin Extended Additional block and punctuation). */
static int non_latin(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xCE && c <= 0xDF)
            return 1; /* Greek, Cyrillic, Armenian, Hebrew, Arabic ... */
        if (c >= 0xE0 && !(c == 0xE1 && i + 1 < n && (unsigned char)s[i + 1] >= 0xB8) &&
            !(c == 0xE2))
            return 1; /* Indic, Thai, CJK, Hangul ... (not U+1E00-1FFF, not U+2xxx) */
    }
    return 0;
}

static int has_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))
            return 1;
    return 0;
}

/* A Latin-script name of entity e (its caption when Latin) and, when
 * want_script, one of its non-Latin names.  Returns 1 when found. */
static int entity_names(const emb_snapshot *s, uint32_t e, emb_str *latin, emb_str *script)
{
    emb_str cap;
    latin->ptr = script->ptr = NULL;
    latin->len = script->len = 0;
    if (emb_entity_caption(s, e, &cap) == EMB_OK && cap.len >= 3 && cap.len < BENCH_NAME_MAX &&
        !non_latin(cap.ptr, cap.len) && has_letter(cap.ptr, cap.len))
        *latin = cap;
    size_t np = emb_entity_prop_count(s, e);
    for (size_t j = 0; j < np; j++) {
        emb_str k, v;
        if (emb_entity_prop(s, e, j, &k, &v) != EMB_OK || !bench_is_name_prop(&k) || v.len < 2 ||
            v.len >= BENCH_NAME_MAX)
            continue;
        if (non_latin(v.ptr, v.len)) {
            if (!script->ptr)
                *script = v;
        } else if (!latin->ptr && v.len >= 3 && has_letter(v.ptr, v.len)) {
            *latin = v;
        }
    }
    return latin->ptr != NULL;
}

/* ---- token editing on UTF-8 ---- */

#define MAX_TOK 32

typedef struct toks {
    const char *p[MAX_TOK];
    size_t n[MAX_TOK];
    size_t count;
} toks;

static void split(const char *s, size_t len, toks *t)
{
    t->count = 0;
    size_t i = 0;
    while (i < len && t->count < MAX_TOK) {
        while (i < len && s[i] == ' ')
            i++;
        size_t b = i;
        while (i < len && s[i] != ' ')
            i++;
        if (i > b) {
            t->p[t->count] = s + b;
            t->n[t->count++] = i - b;
        }
    }
}

static void append(char *out, size_t cap, size_t *n, const char *s, size_t len)
{
    if (*n + len + 1 > cap)
        len = cap - 1 - *n;
    memcpy(out + *n, s, len);
    *n += len;
    out[*n] = '\0';
}

/* Byte length of the UTF-8 sequence starting with c. */
static size_t seq_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* One random edit of tok[0..*len) in place (buf holds BENCH_NAME_MAX). */
static void edit_token(bench_rng *r, char *tok, size_t *len)
{
    size_t starts[BENCH_NAME_MAX], nc = 0;
    for (size_t i = 0; i < *len; i += seq_len((unsigned char)tok[i]))
        starts[nc++] = i;
    if (nc < 2)
        return;
    size_t k = bench_rng_below(r, nc);
    size_t kl = (k + 1 < nc ? starts[k + 1] : *len) - starts[k];
    char letter = (char)('a' + bench_rng_below(r, 26));
    switch (bench_rng_below(r, 4)) {
    case 0: /* substitute (ASCII letters only) */
        if (kl == 1) {
            char c = tok[starts[k]];
            tok[starts[k]] = c >= 'A' && c <= 'Z' ? (char)(letter - 'a' + 'A') : letter;
            break;
        }
        /* fall through */
    case 1: /* delete */
        memmove(tok + starts[k], tok + starts[k] + kl, *len - starts[k] - kl);
        *len -= kl;
        break;
    case 2: /* insert */
        if (*len + 1 >= BENCH_NAME_MAX)
            break;
        memmove(tok + starts[k] + 1, tok + starts[k], *len - starts[k]);
        tok[starts[k]] = letter;
        (*len)++;
        break;
    default: { /* swap with the next character */
        if (k + 1 >= nc)
            k--;
        size_t a = starts[k], b = starts[k + 1];
        size_t bl = (k + 2 < nc ? starts[k + 2] : *len) - b, al = b - a;
        char tmp[8];
        memcpy(tmp, tok + a, al);
        memmove(tok + a, tok + b, bl);
        memcpy(tok + a + bl, tmp, al);
        break;
    }
    }
}

static size_t char_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static void make_typo(bench_rng *r, const toks *t, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < t->count; i++) {
        char tok[BENCH_NAME_MAX];
        size_t len = t->n[i] < BENCH_NAME_MAX - 2 ? t->n[i] : BENCH_NAME_MAX - 2;
        memcpy(tok, t->p[i], len);
        size_t chars = char_count(tok, len);
        if (chars >= 4)
            edit_token(r, tok, &len);
        if (chars >= 8 && bench_rng_below(r, 2))
            edit_token(r, tok, &len);
        if (i)
            append(out, cap, &n, " ", 1);
        append(out, cap, &n, tok, len);
    }
}

static void make_reorder(bench_rng *r, const toks *t, char *out, size_t cap)
{
    size_t n = 0, order[MAX_TOK];
    for (size_t i = 0; i < t->count; i++)
        order[i] = i;
    if (t->count == 2 || bench_rng_below(r, 2)) { /* rotate: last token first */
        for (size_t i = 0; i < t->count; i++)
            order[i] = (i + t->count - 1) % t->count;
    } else { /* shuffle, never the identity */
        for (size_t i = t->count - 1; i > 0; i--) {
            size_t j = bench_rng_below(r, i + 1), tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int same = 1;
        for (size_t i = 0; i < t->count; i++)
            same &= order[i] == i;
        if (same) {
            order[0] = 1;
            order[1] = 0;
        }
    }
    out[0] = '\0';
    for (size_t i = 0; i < t->count; i++) {
        if (i)
            append(out, cap, &n, " ", 1);
        append(out, cap, &n, t->p[order[i]], t->n[order[i]]);
    }
}

static void make_drop(bench_rng *r, const toks *t, char *out, size_t cap)
{
    size_t n = 0, drop = 1 + bench_rng_below(r, t->count - 2);
    out[0] = '\0';
    for (size_t i = 0; i < t->count; i++) {
        if (i == drop)
            continue;
        if (n)
            append(out, cap, &n, " ", 1);
        append(out, cap, &n, t->p[i], t->n[i]);
    }
}

static void make_case(bench_rng *r, const char *s, size_t len, char *out, size_t cap)
{
    size_t mode = bench_rng_below(r, 3), n = 0;
    int word_start = 1;
    for (size_t i = 0; i < len && n + 3 < cap; i++) {
        char c = s[i];
        if (mode == 0) { /* upper case, punctuation dropped */
            if (c == '.' || c == ',' || c == '\'' || c == '"')
                continue;
            if (c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
        } else if (mode == 1) { /* lower case, hyphens as spaces, a comma after word 1 */
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c == '-')
                c = ' ';
            if (c == ' ' && word_start == 0 && !memchr(out, ',', n))
                out[n++] = ',';
        } else { /* title case, spaces around punctuation */
            if (c >= 'a' && c <= 'z' && word_start)
                c = (char)(c - 'a' + 'A');
            else if (c >= 'A' && c <= 'Z' && !word_start)
                c = (char)(c - 'A' + 'a');
            if (c == ',' || c == '.') {
                out[n++] = ' ';
                out[n++] = c;
                c = ' ';
            }
        }
        word_start = c == ' ' || c == '-';
        out[n++] = c;
    }
    out[n] = '\0';
}

static void copy_str(char *out, size_t cap, const char *s, size_t len)
{
    if (len >= cap)
        len = cap - 1;
    memcpy(out, s, len);
    out[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (out[i] == '\t' || out[i] == '\n' || out[i] == '\r')
            out[i] = ' ';
}

/* Makes one variant of kind k; returns 0 when the entity does not fit. */
static int make_variant(const emb_snapshot *s, bench_rng *r, uint32_t e, bench_kind k,
                        bench_query *q)
{
    emb_str latin, script, id;
    emb_schema schema;
    if (!entity_names(s, e, &latin, &script) || emb_entity_schema(s, e, &schema) != EMB_OK ||
        emb_entity_id(s, e, &id) != EMB_OK || id.len >= BENCH_ID_MAX)
        return 0;
    char src[BENCH_NAME_MAX];
    copy_str(src, sizeof src, latin.ptr, latin.len);
    toks t;
    split(src, strlen(src), &t);
    switch (k) {
    case BK_TYPO:
        make_typo(r, &t, q->name, sizeof q->name);
        break;
    case BK_REORDER:
        if (t.count < 2)
            return 0;
        make_reorder(r, &t, q->name, sizeof q->name);
        break;
    case BK_DROP:
        if (t.count < 3 || schema != EMB_SCHEMA_PERSON)
            return 0;
        make_drop(r, &t, q->name, sizeof q->name);
        break;
    case BK_SCRIPT:
        if (!script.ptr)
            return 0;
        copy_str(q->name, sizeof q->name, script.ptr, script.len);
        break;
    default:
        make_case(r, src, strlen(src), q->name, sizeof q->name);
        break;
    }
    if (strcmp(q->name, src) == 0 && k != BK_SCRIPT)
        return 0;
    q->kind = k;
    q->schema = schema;
    copy_str(q->expect, sizeof q->expect, id.ptr, id.len);
    return 1;
}

int bench_workload_make(const emb_snapshot *s, uint64_t seed, size_t n, bench_workload *w)
{
    emb_snapshot_info info;
    emb_snapshot_get_info(s, &info);
    w->n = 0;
    w->q = calloc(n ? n : 1, sizeof *w->q);
    if (!w->q)
        return -1;
    /* entities with a non-Latin name, for the other-script variants */
    uint32_t *scripted = malloc((info.entity_count + 1) * sizeof *scripted);
    size_t nscripted = 0;
    if (!scripted) {
        bench_workload_free(w);
        return -1;
    }
    for (uint32_t e = 0; e < info.entity_count; e++) {
        emb_str a, b;
        if (entity_names(s, e, &a, &b) && b.ptr)
            scripted[nscripted++] = e;
    }
    /* variant kinds in a fixed rotation: typo 3, reorder 2, drop 1.5,
     * script 1.5, case 2 out of 10 */
    static const bench_kind rota[20] = {BK_TYPO,   BK_REORDER, BK_TYPO,    BK_CASE,    BK_SCRIPT,
                                        BK_DROP,   BK_TYPO,    BK_REORDER, BK_CASE,    BK_SCRIPT,
                                        BK_TYPO,   BK_REORDER, BK_DROP,    BK_TYPO,    BK_CASE,
                                        BK_SCRIPT, BK_TYPO,    BK_DROP,    BK_REORDER, BK_CASE};
    bench_rng r = {seed};
    size_t nv = 0;
    while (w->n < n) {
        bench_query *q = &w->q[w->n];
        if (w->n % 2 == 0 && info.entity_count) {
            bench_kind k = rota[nv % 20];
            if (k == BK_SCRIPT && nscripted == 0)
                k = BK_TYPO;
            int ok = 0;
            for (int tries = 0; tries < 1000 && !ok; tries++) {
                uint32_t e = k == BK_SCRIPT ? scripted[bench_rng_below(&r, nscripted)]
                                            : (uint32_t)bench_rng_below(&r, info.entity_count);
                ok = make_variant(s, &r, e, k, q);
            }
            nv++;
            if (!ok)
                continue;
        } else {
            q->kind = BK_CLEAN;
            q->expect[0] = '\0';
            bench_clean_name(&r, q->name, sizeof q->name, &q->schema);
        }
        w->n++;
    }
    free(scripted);
    return 0;
}

void bench_workload_free(bench_workload *w)
{
    free(w->q);
    w->q = NULL;
    w->n = 0;
}

int bench_workload_save(const bench_workload *w, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t i = 0; i < w->n; i++)
        fprintf(f, "%s\t%s\t%s\t%s\n", bench_kind_name(w->q[i].kind),
                emb_schema_name(w->q[i].schema), w->q[i].expect, w->q[i].name);
    return fclose(f) == 0 ? 0 : -1;
}

/* Next tab-separated field of *p into out. */
static void field(char **p, char *out, size_t cap)
{
    char *e = strchr(*p, '\t');
    size_t len = e ? (size_t)(e - *p) : strcspn(*p, "\n");
    copy_str(out, cap, *p, len);
    *p += len + (e ? 1 : 0);
}

int bench_workload_load(bench_workload *w, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, have = 0;
    w->q = NULL;
    w->n = 0;
    if (!f)
        return -1;
    while (getline(&line, &cap, f) > 0) {
        if (w->n == have) {
            have = have ? have * 2 : 4096;
            bench_query *nq = realloc(w->q, have * sizeof *nq);
            if (!nq) {
                free(line);
                fclose(f);
                return -1;
            }
            w->q = nq;
        }
        bench_query *q = &w->q[w->n];
        char kind[32], schema[32], *p = line;
        field(&p, kind, sizeof kind);
        field(&p, schema, sizeof schema);
        field(&p, q->expect, sizeof q->expect);
        field(&p, q->name, sizeof q->name);
        q->kind = BK_CLEAN;
        for (int k = 0; k < BK__COUNT; k++)
            if (strcmp(kind, kind_names[k]) == 0)
                q->kind = (bench_kind)k;
        if (emb_schema_parse(schema, strlen(schema), &q->schema) != EMB_OK)
            q->schema = EMB_SCHEMA_THING;
        w->n++;
    }
    free(line);
    fclose(f);
    return 0;
}

int bench_export_names(const emb_snapshot *s, const char *path, size_t *count)
{
    emb_snapshot_info info;
    emb_snapshot_get_info(s, &info);
    FILE *f = fopen(path, "w");
    *count = 0;
    if (!f)
        return -1;
    for (uint32_t e = 0; e < info.entity_count; e++) {
        emb_str id;
        if (emb_entity_id(s, e, &id) != EMB_OK)
            continue;
        size_t np = emb_entity_prop_count(s, e);
        for (size_t j = 0; j < np; j++) {
            emb_str k, v;
            if (emb_entity_prop(s, e, j, &k, &v) != EMB_OK || !bench_is_name_prop(&k) || !v.len)
                continue;
            char name[BENCH_NAME_MAX * 4];
            copy_str(name, sizeof name, v.ptr, v.len);
            /* COPY text format: backslash is the escape character */
            fprintf(f, "%.*s\t", (int)id.len, id.ptr);
            for (const char *c = name; *c; c++) {
                if (*c == '\\')
                    fputc('\\', f);
                fputc(*c, f);
            }
            fputc('\n', f);
            ++*count;
        }
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* ---- synthetic entities ---- */

typedef struct parts {
    emb_str *v;
    size_t n, cap;
} parts;

static int parts_add(parts *p, const char *s, size_t len)
{
    if (len < 2 || len > 40)
        return 0;
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 4096;
        emb_str *nv = realloc(p->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        p->v = nv;
        p->cap = nc;
    }
    p->v[p->n].ptr = s;
    p->v[p->n++].len = len;
    return 0;
}

static void json_str(FILE *f, const emb_str *parts_v, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(' ', f);
        for (size_t j = 0; j < parts_v[i].len; j++) {
            unsigned char c = (unsigned char)parts_v[i].ptr[j];
            if (c == '"' || c == '\\')
                fprintf(f, "\\%c", c);
            else if (c < 0x20)
                fputc(' ', f);
            else
                fputc(c, f);
        }
    }
    fputc('"', f);
}

int bench_grow_write(const emb_snapshot *s, uint64_t seed, size_t n, double names_per_entity,
                     const char *path)
{
    emb_snapshot_info info;
    emb_snapshot_get_info(s, &info);
    parts given = {0}, family = {0}, words = {0};
    int rc = -1;
    FILE *f = NULL;
    /* name parts from the snapshot's Latin-script names */
    for (uint32_t e = 0; e < info.entity_count; e++) {
        emb_schema sc;
        if (emb_entity_schema(s, e, &sc) != EMB_OK)
            continue;
        size_t np = emb_entity_prop_count(s, e);
        for (size_t j = 0; j < np; j++) {
            emb_str k, v;
            if (emb_entity_prop(s, e, j, &k, &v) != EMB_OK || !bench_is_name_prop(&k) ||
                non_latin(v.ptr, v.len))
                continue;
            toks t;
            split(v.ptr, v.len, &t);
            if (sc == EMB_SCHEMA_PERSON && t.count >= 2) {
                if (parts_add(&given, t.p[0], t.n[0]) ||
                    parts_add(&family, t.p[t.count - 1], t.n[t.count - 1]))
                    goto done;
            } else if (sc != EMB_SCHEMA_PERSON) {
                for (size_t i = 0; i < t.count; i++)
                    if (parts_add(&words, t.p[i], t.n[i]))
                        goto done;
            }
        }
    }
    if (!given.n || !family.n || !words.n)
        goto done;
    f = fopen(path, "w");
    if (!f)
        goto done;
    bench_rng r = {seed};
    for (size_t i = 0; i < n; i++) {
        int person = bench_rng_below(&r, 100) < 55;
        /* names per entity average names_per_entity: 1 + a uniform 0..2k */
        double extra = names_per_entity - 1.0;
        size_t hi = extra > 0 ? (size_t)(2.0 * extra + 0.5) : 0;
        size_t nn = 1 + (hi ? bench_rng_below(&r, hi + 1) : 0);
        fprintf(f, "{\"id\":\"bench-synth-%zu\",\"schema\":\"%s\",\"properties\":{\"name\":[", i,
                person ? "Person" : "Organization");
        for (size_t k = 0; k < nn; k++) {
            emb_str v[4];
            size_t m = 0;
            if (k == 1)
                fputs("],\"alias\":[", f);
            else if (k > 1)
                fputc(',', f);
            if (person) {
                v[m++] = given.v[bench_rng_below(&r, given.n)];
                if (bench_rng_below(&r, 3) == 0)
                    v[m++] = given.v[bench_rng_below(&r, given.n)];
                v[m++] = family.v[bench_rng_below(&r, family.n)];
            } else {
                m = 2 + bench_rng_below(&r, 3);
                for (size_t x = 0; x < m; x++)
                    v[x] = words.v[bench_rng_below(&r, words.n)];
            }
            json_str(f, v, m);
        }
        fputs("]},\"datasets\":[\"bench_synthetic\"]}\n", f);
    }
    rc = fclose(f) == 0 ? 0 : -1;
    f = NULL;
done:
    if (f)
        fclose(f);
    free(given.v);
    free(family.v);
    free(words.v);
    return rc;
}
