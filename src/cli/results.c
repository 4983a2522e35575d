/*
 * results.c - running queries and rendering their results, shared by
 * `screen` and `match`: a result as JSON ({id, caption, schema, datasets,
 * score, name_score, match, explanations}) or as a row of a readable table.
 *
 * A cli_runner bundles one emb_query with its scratch buffers; `match
 * --threads` gives each thread one.  The table's "matched name" column is
 * the list name the matcher aligned with the query (the explanation's
 * name_match.candidate).  Also the progress bar of long batches
 * (cli_progress): a carriage-return redrawn line on a terminal's stderr.
 */
#include "cli.h"
#include "../server/jout.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_runner_init(cli_runner *r, const cli_snap *cs)
{
    emb_error err;
    memset(r, 0, sizeof *r);
    memset(&err, 0, sizeof err);
    r->cs = cs;
    emb_status st = emb_query_new(&r->q, cs->s, &err);
    if (st != EMB_OK) {
        r->q = NULL;
        cli_lib_error(st, &err, NULL);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

void cli_runner_destroy(cli_runner *r)
{
    emb_query_free(r->q);
    r->q = NULL;
    cli_buf_free(&r->explain);
}

/* Result i's explanation into r->explain; *len its length. */
static emb_status explain_get(cli_runner *r, size_t i, size_t *len, emb_error *err)
{
    size_t want = 4096;
    for (int tries = 0; tries < 4; tries++) {
        if (cli_buf_reserve(&r->explain, want)) {
            cli_set_error(err, EMB_ENOMEM, "out of memory");
            return EMB_ENOMEM;
        }
        size_t need = 0;
        emb_status st = emb_result_explain(r->q, i, r->explain.p, r->explain.cap, &need);
        if (st == EMB_OK) {
            *len = strnlen(r->explain.p, r->explain.cap);
            return EMB_OK;
        }
        if (st != EMB_ECAP || need >= CLI_MAX_EXPLAIN || need < r->explain.cap) {
            cli_set_error(err, st, "explaining result %zu: %s", i + 1, emb_strerror(st));
            return st;
        }
        want = need + 1;
    }
    cli_set_error(err, EMB_ECAP, "explaining result %zu: explanation keeps growing", i + 1);
    return EMB_ECAP;
}

/* What a result's JSON holds, read from the snapshot; its explanation is
 * in r->explain (elen bytes). */
typedef struct result_fields {
    emb_result res;
    emb_str id, caption;
    const char *schema, *dataset;
    size_t elen;
} result_fields;

static emb_status result_fields_get(cli_runner *r, size_t i, result_fields *f, emb_error *err)
{
    const cli_snap *cs = r->cs;
    emb_schema schema;
    uint32_t ds;
    emb_status st;
    if ((st = emb_result_get(r->q, i, &f->res)) != EMB_OK ||
        (st = emb_entity_id(cs->s, f->res.entity, &f->id)) != EMB_OK ||
        (st = emb_entity_caption(cs->s, f->res.entity, &f->caption)) != EMB_OK ||
        (st = emb_entity_schema(cs->s, f->res.entity, &schema)) != EMB_OK ||
        (st = emb_entity_dataset(cs->s, f->res.entity, &ds)) != EMB_OK) {
        cli_set_error(err, st, "reading result %zu: %s", i + 1, emb_strerror(st));
        return st;
    }
    f->schema = emb_schema_name(schema);
    if (!f->schema)
        f->schema = "?";
    f->dataset = cli_snap_dataset_name(cs, ds);
    return explain_get(r, i, &f->elen, err);
}

static json_t *result_json(cli_runner *r, size_t i, int *matched, emb_error *err)
{
    result_fields f;
    if (result_fields_get(r, i, &f, err) != EMB_OK)
        return NULL;
    json_error_t jerr;
    json_t *expl = json_loadb(r->explain.p, f.elen, JSON_REJECT_DUPLICATES, &jerr);
    if (!expl || !json_is_object(expl)) {
        json_decref(expl);
        cli_set_error(err, EMB_EINTERNAL, "result %zu: explanation is not a JSON object", i + 1);
        return NULL;
    }
    json_t *o = json_pack("{s:s%, s:s%, s:s, s:[s], s:f, s:f, s:b, s:o}", "id", f.id.ptr, f.id.len,
                          "caption", f.caption.ptr, f.caption.len, "schema", f.schema, "datasets",
                          f.dataset, "score", f.res.score, "name_score", f.res.name_score, "match",
                          f.res.match ? 1 : 0, "explanations", expl);
    if (!o) {
        cli_set_error(err, EMB_ENOMEM, "result %zu: cannot build JSON", i + 1);
        return NULL;
    }
    if (f.res.match)
        *matched = 1;
    return o;
}

/* result_json's object written as json_dumps(JSON_COMPACT |
 * CLI_JSON_FLAGS) writes it (jout.h), the explanation copied as the
 * library wrote it (in jansson's form) rather than parsed back. */
static emb_status result_write(cli_runner *r, size_t i, srv_jout *o, int *matched, emb_error *err)
{
    result_fields f;
    emb_status st = result_fields_get(r, i, &f, err);
    if (st != EMB_OK)
        return st;
    if (f.elen == 0 || r->explain.p[0] != '{' || !srv_jo_utf8_ok(r->explain.p, f.elen)) {
        cli_set_error(err, EMB_EINTERNAL, "result %zu: explanation is not a JSON object", i + 1);
        return EMB_EINTERNAL;
    }
    int bad = 0;
    SRV_JO_LIT(o, "{\"id\":");
    bad |= srv_jo_str(o, f.id.ptr, f.id.len);
    SRV_JO_LIT(o, ",\"caption\":");
    bad |= srv_jo_str(o, f.caption.ptr, f.caption.len);
    SRV_JO_LIT(o, ",\"schema\":");
    bad |= srv_jo_str(o, f.schema, strlen(f.schema));
    SRV_JO_LIT(o, ",\"datasets\":[");
    bad |= srv_jo_str(o, f.dataset, strlen(f.dataset));
    SRV_JO_LIT(o, "],\"score\":");
    srv_jo_real(o, f.res.score);
    SRV_JO_LIT(o, ",\"name_score\":");
    srv_jo_real(o, f.res.name_score);
    if (f.res.match)
        SRV_JO_LIT(o, ",\"match\":true,\"explanations\":");
    else
        SRV_JO_LIT(o, ",\"match\":false,\"explanations\":");
    srv_jo_raw(o, r->explain.p, f.elen);
    SRV_JO_LIT(o, "}");
    if (bad || o->fail) {
        cli_set_error(err, EMB_ENOMEM, "result %zu: cannot write JSON", i + 1);
        return EMB_ENOMEM;
    }
    if (f.res.match)
        *matched = 1;
    return EMB_OK;
}

emb_status cli_results_write(cli_runner *r, srv_jout *o, int *any_match, emb_error *err)
{
    SRV_JO_LIT(o, "[");
    size_t n = emb_result_count(r->q);
    for (size_t i = 0; i < n; i++) {
        if (i)
            SRV_JO_LIT(o, ",");
        emb_status st = result_write(r, i, o, any_match, err);
        if (st != EMB_OK)
            return st;
    }
    SRV_JO_LIT(o, "]");
    return o->fail ? EMB_ENOMEM : EMB_OK;
}

json_t *cli_results_json(cli_runner *r, int *any_match, emb_error *err)
{
    json_t *arr = json_array();
    if (!arr) {
        cli_set_error(err, EMB_ENOMEM, "out of memory");
        return NULL;
    }
    size_t n = emb_result_count(r->q);
    for (size_t i = 0; i < n; i++) {
        json_t *o = result_json(r, i, any_match, err);
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

/* ---- table ---- */

typedef struct row {
    char rank[24], score[32];
    const char *mark;
    emb_str caption, id;
    const char *schema, *dataset;
    char *matched; /* owned copy, or NULL */
} row;

/* The list name that matched, from the explanation's name_match.candidate
 * (NULL when the explanation names none or cannot be read). */
static char *matched_name(cli_runner *r, size_t i)
{
    size_t elen = 0;
    if (explain_get(r, i, &elen, NULL) != EMB_OK)
        return NULL;
    json_t *e = json_loadb(r->explain.p, elen, 0, NULL);
    json_t *c = json_object_get(json_object_get(e, "name_match"), "candidate");
    char *out = NULL;
    if (json_is_string(c)) {
        size_t n = json_string_length(c);
        out = malloc(n + 1);
        if (out)
            memcpy(out, json_string_value(c), n + 1);
    }
    json_decref(e);
    return out;
}

static void rows_free(row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].matched);
    free(rows);
}

static size_t col_width(size_t cur, const char *s, size_t len, size_t max)
{
    size_t w = cli_text_width(s, len);
    if (w > max)
        w = max;
    return w > cur ? w : cur;
}

int cli_results_table(FILE *f, cli_runner *r, int explain, emb_error *err)
{
    const cli_snap *cs = r->cs;
    size_t n = emb_result_count(r->q);
    if (n == 0) {
        fputs("  no results\n", f);
        return 0;
    }
    row *rows = calloc(n, sizeof *rows);
    if (!rows) {
        cli_set_error(err, EMB_ENOMEM, "out of memory");
        return 1;
    }
    /* widths of #, score, match, caption, schema, datasets, id; the last
     * column (matched name) is not padded */
    size_t w[7] = {1, 5, 5, 7, 6, 8, 2};
    for (size_t i = 0; i < n; i++) {
        row *rw = &rows[i];
        emb_result res;
        emb_schema es;
        uint32_t ds;
        emb_status st;
        if ((st = emb_result_get(r->q, i, &res)) != EMB_OK ||
            (st = emb_entity_id(cs->s, res.entity, &rw->id)) != EMB_OK ||
            (st = emb_entity_caption(cs->s, res.entity, &rw->caption)) != EMB_OK ||
            (st = emb_entity_schema(cs->s, res.entity, &es)) != EMB_OK ||
            (st = emb_entity_dataset(cs->s, res.entity, &ds)) != EMB_OK) {
            cli_set_error(err, st, "reading result %zu: %s", i + 1, emb_strerror(st));
            rows_free(rows, i);
            return 1;
        }
        snprintf(rw->rank, sizeof rw->rank, "%zu", i + 1);
        snprintf(rw->score, sizeof rw->score, "%.3f", res.score);
        rw->mark = res.match ? "MATCH" : "-";
        rw->schema = emb_schema_name(es) ? emb_schema_name(es) : "?";
        rw->dataset = cli_snap_dataset_name(cs, ds);
        rw->matched = matched_name(r, i);
        w[0] = col_width(w[0], rw->rank, strlen(rw->rank), 4);
        w[3] = col_width(w[3], rw->caption.ptr, rw->caption.len, 48);
        w[4] = col_width(w[4], rw->schema, strlen(rw->schema), 12);
        w[5] = col_width(w[5], rw->dataset, strlen(rw->dataset), 20);
        w[6] = col_width(w[6], rw->id.ptr, rw->id.len, 28);
    }
    static const char *const heads[8] = {"#",      "score",    "match", "caption",
                                         "schema", "datasets", "id",    "matched name"};
    fputs("  ", f);
    for (int c = 0; c < 7; c++) {
        cli_print_cell(f, heads[c], strlen(heads[c]), w[c]);
        fputs("  ", f);
    }
    fprintf(f, "%s\n", heads[7]);
    for (size_t i = 0; i < n; i++) {
        const row *rw = &rows[i];
        fputs("  ", f);
        cli_print_cell(f, rw->rank, strlen(rw->rank), w[0]);
        fputs("  ", f);
        cli_print_cell(f, rw->score, strlen(rw->score), w[1]);
        fputs("  ", f);
        cli_print_cell(f, rw->mark, strlen(rw->mark), w[2]);
        fputs("  ", f);
        cli_print_cell(f, rw->caption.ptr, rw->caption.len, w[3]);
        fputs("  ", f);
        cli_print_cell(f, rw->schema, strlen(rw->schema), w[4]);
        fputs("  ", f);
        cli_print_cell(f, rw->dataset, strlen(rw->dataset), w[5]);
        fputs("  ", f);
        cli_print_cell(f, rw->id.ptr, rw->id.len, w[6]);
        fputs("  ", f);
        if (rw->matched) {
            size_t ml = strlen(rw->matched), mw = cli_text_width(rw->matched, ml);
            cli_print_cell(f, rw->matched, ml, mw < 60 ? mw : 60);
        }
        fputc('\n', f);
    }
    int rc = 0;
    for (size_t i = 0; explain && i < n && rc == 0; i++) {
        size_t elen = 0;
        if (explain_get(r, i, &elen, err) != EMB_OK) {
            rc = 1;
            break;
        }
        fprintf(f, "\n  #%zu ", i + 1);
        cli_print_cell(f, rows[i].id.ptr, rows[i].id.len,
                       cli_text_width(rows[i].id.ptr, rows[i].id.len));
        fputs("  ", f);
        cli_print_cell(f, rows[i].caption.ptr, rows[i].caption.len,
                       cli_text_width(rows[i].caption.ptr, rows[i].caption.len));
        fputc('\n', f);
        json_t *v = json_loadb(r->explain.p, elen, 0, NULL);
        if (v) {
            cli_json_print(f, v, JSON_INDENT(2));
            json_decref(v);
        } else {
            fwrite(r->explain.p, 1, elen, f);
            fputc('\n', f);
        }
    }
    rows_free(rows, n);
    return rc;
}

/* ---- progress bar ---- */

#define PROGRESS_BAR_WIDTH 24

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* h:mm:ss or m:ss */
static void format_duration(double secs, char *buf, size_t cap)
{
    if (secs < 0 || secs > 1e7)
        secs = 0;
    unsigned long t = (unsigned long)(secs + 0.5);
    if (t >= 3600)
        snprintf(buf, cap, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, cap, "%lu:%02lu", t / 60, t % 60);
}

void cli_progress_start(cli_progress *p, const cli_ctx *ctx, uint64_t total, const char *what)
{
    memset(p, 0, sizeof *p);
    p->on = !ctx->quiet && isatty(STDERR_FILENO);
    p->total = total;
    p->what = what;
    p->start = p->last = now_seconds();
}

void cli_progress_update(cli_progress *p, uint64_t done, size_t items)
{
    if (!p->on)
        return;
    double t = now_seconds();
    if (t - p->start < 1.0 || (t - p->last) * 1000.0 < CLI_PROGRESS_MS)
        return;
    p->last = t;
    double elapsed = t - p->start, rate = (double)items / elapsed;
    char el[32], eta[32], bar[PROGRESS_BAR_WIDTH + 1];
    format_duration(elapsed, el, sizeof el);
    if (p->total) {
        double frac = (double)done / (double)p->total;
        if (frac > 1.0)
            frac = 1.0;
        size_t fill = (size_t)(frac * PROGRESS_BAR_WIDTH);
        for (size_t i = 0; i < PROGRESS_BAR_WIDTH; i++)
            bar[i] = i < fill ? '#' : '-';
        bar[PROGRESS_BAR_WIDTH] = '\0';
        format_duration(frac > 0 ? elapsed * (1.0 - frac) / frac : 0, eta, sizeof eta);
        fprintf(stderr, "\r[%s] %5.1f%%  %zu %s  %.0f/s  %s elapsed  ETA %s\033[K", bar,
                frac * 100.0, items, p->what, rate, el, eta);
    } else {
        fprintf(stderr, "\r%zu %s  %.0f/s  %s elapsed\033[K", items, p->what, rate, el);
    }
    fflush(stderr);
    p->shown = 1;
}

void cli_progress_clear(cli_progress *p)
{
    if (!p->on || !p->shown)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->shown = 0;
}
