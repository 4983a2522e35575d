/*
 * ofac.c - readers for OFAC's legacy CSV publications: the SDN list
 * (sdn.csv + alt.csv, add.csv, sdn_comments.csv) and the Consolidated
 * non-SDN list (cons_prim.csv + cons_alt.csv, cons_add.csv,
 * cons_comments.csv).  Both share one layout and one code path; only the
 * file names and the id prefix ("ofac-" / "ofac-cons-") differ.
 *
 * The files have no header, CRLF line ends, a trailing 0x1A byte, and write
 * a missing value as "-0-" (sometimes "-0- ").  Columns (OFAC, "SDN list
 * data formats and data schemas"):
 *   primary:  ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
 *             Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
 *   alt:      ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks
 *   add:      ent_num, add_num, address, city/state/postal, country,
 *             add_remarks
 *   comments: ent_num, remarks continuation
 * OFAC cuts Remarks at OFAC_REMARKS_WIDTH characters and continues them in
 * the comments file, so that file is read first and its rows are joined to
 * the remarks before they are parsed (ofac_remarks.c).  The primary file is
 * then read record by record; aliases and addresses are added afterwards by
 * looking their ent_num up among the entities just made.  Companion rows
 * whose ent_num is not in the primary file (the shipped default set joins
 * files of different dates) are reported one warning each, never dropped
 * silently and never turned into entities.  A missing companion file is
 * one warning.
 */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/limits.h"
#include "../base/utf8.h"
#include "csv.h"
#include "ofac_remarks.h"

/* Remarks in the primary file are cut at this many characters. */
#define OFAC_REMARKS_WIDTH 1000
#define OFAC_PRIMARY_FIELDS 12
#define OFAC_ALT_FIELDS 5
#define OFAC_ADD_FIELDS 6
#define OFAC_COMMENT_FIELDS 2

typedef struct ofac_layout {
    const char *primary;
    const char *alt;
    const char *add;
    const char *comments;
    const char *prefix;
} ofac_layout;

static const ofac_layout sdn_layout = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv",
                                       "ofac-"};
static const ofac_layout cons_layout = {"cons_prim.csv", "cons_alt.csv", "cons_add.csv",
                                        "cons_comments.csv", "ofac-cons-"};

/* One row of the comments file, its text in ofac_ctx.ctext. */
typedef struct cmt_row {
    uint64_t ent_num;
    uint64_t line;
    size_t off, len;
    int used;
} cmt_row;

typedef struct ofac_ctx {
    emb__ingest *ing;
    const ofac_layout *lay;
    const char *main_path; /* arena copies of the file names, for reports */
    const char *cmt_path;
    cmt_row *cmts;
    size_t ncmts, acmts;
    emb__buf ctext;   /* comment texts, back to back */
    emb__buf remarks; /* remarks of the record being read */
} ofac_ctx;

/* ---- field helpers ---- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trimmed value of field i; 0 when absent, empty or "-0-". */
static int field(const emb__csv *c, size_t i, const char **s, size_t *n)
{
    if (i >= c->nfields)
        return 0;
    const char *p = c->fields[i].s;
    size_t k = c->fields[i].n;
    while (k && is_space(*p)) {
        p++;
        k--;
    }
    while (k && is_space(p[k - 1]))
        k--;
    if (k == 0 || (k == 3 && memcmp(p, "-0-", 3) == 0))
        return 0;
    *s = p;
    *n = k;
    return 1;
}

/* ent_num as a number: 1 to 18 digits. */
static int ent_num(const emb__csv *c, uint64_t *out)
{
    const char *s;
    size_t n;
    if (!field(c, 0, &s, &n) || n > 18)
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 1;
}

static size_t make_id(const ofac_ctx *x, uint64_t num, char *id, size_t cap)
{
    int w = snprintf(id, cap, "%s%llu", x->lay->prefix, (unsigned long long)num);
    return w < 0 ? 0 : (size_t)w;
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static int field_is(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n != k)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = s[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a + ('a' - 'A'));
        if (a != word[i])
            return 0;
    }
    return 1;
}

static emb_status csv_fail(ofac_ctx *x, const emb__csv *c, emb_status st)
{
    return emb__ing_fail(x->ing, st, c->err_line, c->err_col, c->err_offset, "%s", c->err_msg);
}

/* Companion rows: checks the field count; 1 = use the row. */
static emb_status companion_shape(ofac_ctx *x, const emb__csv *c, const char *name, size_t want,
                                  size_t rows, int *use)
{
    *use = 0;
    if (c->nfields == want) {
        *use = 1;
        return EMB_OK;
    }
    if (rows == 0)
        return emb__ing_fail(x->ing, EMB_EPARSE, c->line, 1, 0,
                             "%s: first row has %zu fields, expected %zu: not an OFAC %s file",
                             name, c->nfields, want, name);
    return emb__ing_warn(x->ing, "%s row has %zu fields, expected %zu; row ignored", name,
                         c->nfields, want);
}

/* The entity a companion row belongs to; 0 with a warning for an orphan. */
static emb_status companion_ent(ofac_ctx *x, const emb__csv *c, const char *name, const char *what,
                                uint32_t *ent, int *found)
{
    uint64_t num;
    *found = 0;
    if (!ent_num(c, &num))
        return emb__ing_warn(x->ing, "%s row without a valid ent_num; %s ignored", name, what);
    char id[64];
    size_t idn = make_id(x, num, id, sizeof id);
    if (emb__ing_find(x->ing, id, idn, ent)) {
        *found = 1;
        return EMB_OK;
    }
    return emb__ing_warn(x->ing, "orphan %s row: ent_num %llu is not in %s; %s ignored", name,
                         (unsigned long long)num, x->lay->primary, what);
}

/* A companion file is absent: one warning, reported against the primary. */
static emb_status missing(ofac_ctx *x, const char *name, const char *what)
{
    if (x->main_path)
        emb__ing_file(x->ing, x->main_path);
    emb__ing_line(x->ing, 0);
    return emb__ing_warn(x->ing, "%s not found beside %s: %s", name, x->lay->primary, what);
}

/* ---- comments (remarks continuations) ---- */

static int cmt_cmp(const void *a, const void *b)
{
    const cmt_row *p = a, *q = b;
    if (p->ent_num != q->ent_num)
        return p->ent_num < q->ent_num ? -1 : 1;
    return p->line < q->line ? -1 : p->line > q->line;
}

static emb_status read_comments(ofac_ctx *x)
{
    emb__file f;
    int found;
    emb_status st = emb__ing_sibling(x->ing, x->lay->comments, &f, &found);
    if (st)
        return st;
    if (!found)
        return missing(x, x->lay->comments,
                       "remarks continuations unavailable (remarks stay cut at 1000 characters)");
    x->cmt_path = emb__ing_path(x->ing);
    emb__csv c;
    emb__csv_init(&c, f.data, f.len, ',');
    size_t rows = 0;
    while ((st = emb__csv_next(&c)) == EMB_OK) {
        emb__ing_line(x->ing, c.line);
        int use;
        if ((st = companion_shape(x, &c, x->lay->comments, OFAC_COMMENT_FIELDS, rows++, &use)))
            goto out;
        if (!use)
            continue;
        uint64_t num;
        if (!ent_num(&c, &num)) {
            if ((st = emb__ing_warn(x->ing, "%s row without a valid ent_num; ignored",
                                    x->lay->comments)))
                goto out;
            continue;
        }
        const emb__csv_field *t = &c.fields[1];
        cmt_row r = {num, c.line, x->ctext.len, t->n, 0};
        if ((st = emb__buf_add(&x->ctext, t->s, t->n)))
            goto out;
        EMB__VEC_PUSH(x->cmts, x->ncmts, x->acmts, r, st);
        if (st)
            goto out;
    }
    if (st == EMB_ENOTFOUND)
        st = EMB_OK;
    else
        st = csv_fail(x, &c, st);
    if (!st && x->ncmts > 1)
        qsort(x->cmts, x->ncmts, sizeof *x->cmts, cmt_cmp);
out:
    emb__csv_destroy(&c);
    emb__file_destroy(&f);
    return st;
}

/* Joins the remarks of one record with its continuation rows. */
static emb_status assemble_remarks(ofac_ctx *x, uint64_t num, const char *rem, size_t remn)
{
    emb__buf_reset(&x->remarks);
    emb_status st = emb__buf_add(&x->remarks, rem, remn);
    if (st)
        return st;
    /* lower bound of num */
    size_t lo = 0, hi = x->ncmts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->cmts[mid].ent_num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < x->ncmts && x->cmts[i].ent_num == num; i++) {
        cmt_row *r = &x->cmts[i];
        r->used = 1;
        const char *t = x->ctext.data + r->off;
        if (remn > 0 && utf8_chars(rem, remn) < OFAC_REMARKS_WIDTH) {
            /* the remarks were not cut: this row belongs to another
             * publication of the record; keep it as separate items */
            st = emb__ing_warn(x->ing,
                               "%s line %llu continues the remarks of ent_num %llu, which "
                               "are not cut at %d characters; read as further remarks",
                               x->lay->comments, (unsigned long long)r->line,
                               (unsigned long long)num, OFAC_REMARKS_WIDTH);
            /* the first part's closing period is not part of its last item */
            while (x->remarks.len && (x->remarks.data[x->remarks.len - 1] == ' ' ||
                                      x->remarks.data[x->remarks.len - 1] == '.'))
                x->remarks.len--;
            if (!st)
                st = emb__buf_add(&x->remarks, "; ", 2);
            if (st)
                return st;
        }
        if ((st = emb__buf_add(&x->remarks, t, r->len)))
            return st;
    }
    return EMB_OK;
}

static emb_status report_orphan_comments(ofac_ctx *x)
{
    if (x->ncmts == 0)
        return EMB_OK;
    if (x->cmt_path)
        emb__ing_file(x->ing, x->cmt_path);
    for (size_t i = 0; i < x->ncmts; i++) {
        const cmt_row *r = &x->cmts[i];
        if (r->used)
            continue;
        emb__ing_line(x->ing, r->line);
        emb_status st = emb__ing_warn(
            x->ing, "orphan %s row: ent_num %llu is not in %s; remarks continuation ignored",
            x->lay->comments, (unsigned long long)r->ent_num, x->lay->primary);
        if (st)
            return st;
    }
    return EMB_OK;
}

/* ---- primary file ---- */

static emb_status add_programs(emb__ingest *ing, uint32_t ent, const char *s, size_t n)
{
    /* "NPWMD] [IFSR" or "[SDGT] [IRGC]" */
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != ']' && s[e] != '[')
            e++;
        size_t a = i, b = e;
        while (a < b && is_space(s[a]))
            a++;
        while (b > a && is_space(s[b - 1]))
            b--;
        if (b > a) {
            emb_status st = emb__ing_prop(ing, ent, EMB_P_PROGRAM, s + a, b - a);
            if (st)
                return st;
        }
        i = e + 1;
    }
    return EMB_OK;
}

static emb_status person_names(emb__ingest *ing, uint32_t ent, const char *s, size_t n)
{
    /* "LASTNAME, Given Names[, Jr.]" */
    const char *comma = memchr(s, ',', n);
    if (!comma)
        return EMB_OK;
    size_t ln = (size_t)(comma - s);
    emb_status st = emb__ing_prop(ing, ent, EMB_P_LAST_NAME, s, ln);
    if (st)
        return st;
    const char *g = comma + 1;
    size_t gn = n - ln - 1;
    const char *c2 = memchr(g, ',', gn);
    if (c2)
        gn = (size_t)(c2 - g);
    return emb__ing_prop(ing, ent, EMB_P_FIRST_NAME, g, gn);
}

static emb_status schema_of(ofac_ctx *x, const emb__csv *c, emb_schema *schema)
{
    const char *s;
    size_t n;
    *schema = EMB_SCHEMA_ORGANIZATION;
    if (!field(c, 2, &s, &n))
        return EMB_OK; /* "-0-": an entity */
    if (field_is(s, n, "individual"))
        *schema = EMB_SCHEMA_PERSON;
    else if (field_is(s, n, "vessel"))
        *schema = EMB_SCHEMA_VESSEL;
    else if (field_is(s, n, "aircraft"))
        *schema = EMB_SCHEMA_AIRPLANE;
    else if (!field_is(s, n, "entity"))
        return emb__ing_warn(x->ing, "unknown SDN_Type '%.*s'; read as an entity",
                             (int)(n > 40 ? 40 : n), s);
    return EMB_OK;
}

static emb_status primary_record(ofac_ctx *x, const emb__csv *c)
{
    emb__ingest *ing = x->ing;
    uint64_t num;
    const char *s;
    size_t n;
    emb__ing_record(ing);
    if (c->nfields != OFAC_PRIMARY_FIELDS)
        return emb__ing_skip(ing, "record has %zu fields, expected %d", c->nfields,
                             OFAC_PRIMARY_FIELDS);
    if (!ent_num(c, &num))
        return emb__ing_skip(ing, "record without a valid ent_num");
    const char *name;
    size_t namen;
    if (!field(c, 1, &name, &namen))
        return emb__ing_skip(ing, "ent_num %llu has no name", (unsigned long long)num);
    size_t bad = emb__utf8_check(name, namen);
    if (bad != namen)
        return emb__ing_skip(ing, "ent_num %llu: invalid UTF-8 at byte %zu of the name",
                             (unsigned long long)num, bad);
    emb_schema schema;
    emb_status st = schema_of(x, c, &schema);
    if (st)
        return st;
    char id[64];
    size_t idn = make_id(x, num, id, sizeof id);
    uint32_t ent;
    if (emb__ing_find(ing, id, idn, &ent)) {
        if ((st = emb__ing_warn(ing, "ent_num %llu appears twice; records merged",
                                (unsigned long long)num)))
            return st;
    } else if ((st = emb__ing_entity(ing, schema, id, idn, &ent))) {
        if (st == EMB_EARG) /* the id belongs to another dataset (warned) */
            return emb__ing_skip(ing, "ent_num %llu: id '%s' is taken", (unsigned long long)num,
                                 id);
        return st;
    }
    if ((st = emb__ing_prop(ing, ent, EMB_P_NAME, name, namen)))
        return st;
    if (schema == EMB_SCHEMA_PERSON && (st = person_names(ing, ent, name, namen)))
        return st;
    if ((st = emb__ing_prop(ing, ent, EMB_P_TOPICS, "sanction", 8)))
        return st;
    if (field(c, 3, &s, &n) && (st = add_programs(ing, ent, s, n)))
        return st;
    if (field(c, 4, &s, &n)) {
        if (schema == EMB_SCHEMA_PERSON)
            st = emb__ing_prop(ing, ent, EMB_P_TITLE, s, n);
        else
            st = emb__ing_prop(ing, ent, EMB_P_NOTES, s, n);
        if (st)
            return st;
    }
    static const emb_prop vessel_cols[] = {EMB_P_CALL_SIGN,     EMB_P_TYPE, EMB_P_TONNAGE,
                                           EMB_P_GROSS_TONNAGE, EMB_P_FLAG, EMB_P_OWNER};
    for (size_t i = 0; i < sizeof vessel_cols / sizeof vessel_cols[0]; i++) {
        if (!field(c, 5 + i, &s, &n))
            continue;
        if (vessel_cols[i] == EMB_P_FLAG)
            st = emb__ing_country(ing, ent, EMB_P_FLAG, s, n);
        else
            st = emb__ing_prop(ing, ent, vessel_cols[i], s, n);
        if (st)
            return st;
    }
    if (field(c, 11, &s, &n)) {
        /* untrimmed: a remark cut at the width may end in the space that
         * separates it from its continuation */
        s = c->fields[11].s;
        n = c->fields[11].n;
    } else {
        s = "";
        n = 0;
    }
    if ((st = assemble_remarks(x, num, s, n)))
        return st;
    return emb__ofac_remarks_parse(ing, ent, schema, x->remarks.data ? x->remarks.data : "",
                                   x->remarks.len);
}

static emb_status read_primary(ofac_ctx *x, const emb__file *f)
{
    emb__ingest *ing = x->ing;
    emb__csv c;
    emb__csv_init(&c, f->data, f->len, ',');
    emb_status st;
    size_t records = 0;
    int first = 1;
    while ((st = emb__csv_next(&c)) == EMB_OK) {
        emb__ing_line(ing, c.line);
        if (first) {
            first = 0;
            const char *s;
            size_t n;
            if (field(&c, 0, &s, &n) && field_is(s, n, "ent_num"))
                continue; /* a header added by a redistributor */
            if (c.nfields != OFAC_PRIMARY_FIELDS) {
                st = emb__ing_fail(ing, EMB_EPARSE, c.line, 1, 0,
                                   "first record has %zu fields, expected %d: not an OFAC %s "
                                   "file",
                                   c.nfields, OFAC_PRIMARY_FIELDS, x->lay->primary);
                goto out;
            }
        }
        records++;
        if ((st = primary_record(x, &c)))
            goto out;
    }
    if (st != EMB_ENOTFOUND) {
        st = csv_fail(x, &c, st);
        goto out;
    }
    st = EMB_OK;
    if (records == 0)
        st = emb__ing_fail(ing, EMB_EPARSE, c.next_line, 1, f->len, "%s holds no records",
                           x->lay->primary);
out:
    emb__csv_destroy(&c);
    return st;
}

/* ---- aliases and addresses ---- */

static emb_status read_alt(ofac_ctx *x)
{
    emb__file f;
    int found;
    const char *name = x->lay->alt;
    emb_status st = emb__ing_sibling(x->ing, name, &f, &found);
    if (st)
        return st;
    if (!found)
        return missing(x, name, "aliases unavailable");
    emb__csv c;
    emb__csv_init(&c, f.data, f.len, ',');
    size_t rows = 0;
    while ((st = emb__csv_next(&c)) == EMB_OK) {
        emb__ing_line(x->ing, c.line);
        int use;
        if ((st = companion_shape(x, &c, name, OFAC_ALT_FIELDS, rows++, &use)))
            goto out;
        if (!use)
            continue;
        uint32_t ent;
        if ((st = companion_ent(x, &c, name, "alias", &ent, &use)))
            goto out;
        if (!use)
            continue;
        const char *type, *alias, *rem;
        size_t typen, aliasn, remn;
        if (!field(&c, 3, &alias, &aliasn)) {
            if ((st = emb__ing_warn(x->ing, "%s row without a name; ignored", name)))
                goto out;
            continue;
        }
        emb_prop p = EMB_P_ALIAS;
        if (field(&c, 2, &type, &typen)) {
            if (field_is(type, typen, "fka") || field_is(type, typen, "f.k.a."))
                p = EMB_P_PREVIOUS_NAME;
            else if (!field_is(type, typen, "aka") && !field_is(type, typen, "a.k.a.") &&
                     !field_is(type, typen, "nka") && !field_is(type, typen, "n.k.a.") &&
                     (st = emb__ing_warn(x->ing, "unknown alt_type '%.*s'; read as an alias",
                                         (int)(typen > 20 ? 20 : typen), type)))
                goto out;
        }
        if ((st = emb__ing_prop(x->ing, ent, p, alias, aliasn)))
            goto out;
        if (field(&c, 4, &rem, &remn) && (st = emb__ing_prop(x->ing, ent, EMB_P_NOTES, rem, remn)))
            goto out;
    }
    st = st == EMB_ENOTFOUND ? EMB_OK : csv_fail(x, &c, st);
out:
    emb__csv_destroy(&c);
    emb__file_destroy(&f);
    return st;
}

static emb_status read_add(ofac_ctx *x)
{
    emb__file f;
    int found;
    const char *name = x->lay->add;
    emb_status st = emb__ing_sibling(x->ing, name, &f, &found);
    if (st)
        return st;
    if (!found)
        return missing(x, name, "addresses unavailable");
    emb__csv c;
    emb__csv_init(&c, f.data, f.len, ',');
    emb__buf addr;
    emb__buf_init(&addr, EMB_CAP_LINE + 16); /* a row is at most EMB_CAP_LINE */
    size_t rows = 0;
    while ((st = emb__csv_next(&c)) == EMB_OK) {
        emb__ing_line(x->ing, c.line);
        int use;
        if ((st = companion_shape(x, &c, name, OFAC_ADD_FIELDS, rows++, &use)))
            goto out;
        if (!use)
            continue;
        uint32_t ent;
        if ((st = companion_ent(x, &c, name, "address", &ent, &use)))
            goto out;
        if (!use)
            continue;
        /* address, city/state/postal, country -> one line; country -> code */
        emb__buf_reset(&addr);
        const char *s;
        size_t n;
        int parts = 0;
        for (size_t i = 2; i <= 4; i++) {
            if (!field(&c, i, &s, &n))
                continue;
            parts += i < 4;
            if ((addr.len && (st = emb__buf_add(&addr, ", ", 2))) ||
                (st = emb__buf_add(&addr, s, n)))
                goto out;
        }
        if (parts && (st = emb__ing_prop(x->ing, ent, EMB_P_ADDRESS, addr.data, addr.len)))
            goto out;
        if (field(&c, 4, &s, &n) && (st = emb__ing_country(x->ing, ent, EMB_P_COUNTRY, s, n)))
            goto out;
        if (field(&c, 5, &s, &n) && (st = emb__ing_prop(x->ing, ent, EMB_P_NOTES, s, n)))
            goto out;
    }
    st = st == EMB_ENOTFOUND ? EMB_OK : csv_fail(x, &c, st);
out:
    emb__buf_destroy(&addr);
    emb__csv_destroy(&c);
    emb__file_destroy(&f);
    return st;
}

/* ---- entry points ---- */

static emb_status read_set(emb__ingest *ing, const emb__file *f, const ofac_layout *lay)
{
    ofac_ctx x;
    memset(&x, 0, sizeof x);
    x.ing = ing;
    x.lay = lay;
    x.main_path = emb__ing_path(ing);
    emb__buf_init(&x.ctext, EMB_CAP_LIST_FILE);
    emb__buf_init(&x.remarks, EMB_CAP_LIST_FILE);
    emb_status st = read_comments(&x);
    if (st)
        goto out;
    if (x.main_path)
        emb__ing_file(ing, x.main_path);
    if ((st = read_primary(&x, f)))
        goto out;
    if ((st = report_orphan_comments(&x)))
        goto out;
    if ((st = read_alt(&x)))
        goto out;
    st = read_add(&x);
out:
    if (x.main_path)
        emb__ing_file(ing, x.main_path);
    emb__buf_destroy(&x.ctext);
    emb__buf_destroy(&x.remarks);
    emb__free(x.cmts);
    return st;
}

emb_status emb__read_ofac(emb__ingest *ing, const emb__file *f)
{
    return read_set(ing, f, &sdn_layout);
}

emb_status emb__read_ofac_cons(emb__ingest *ing, const emb__file *f)
{
    return read_set(ing, f, &cons_layout);
}
