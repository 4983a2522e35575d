/*
 * cmd_scan.c - `embargo scan FILE...`: screens payment messages (SWIFT
 * MT, ISO 20022) and free text with the library's scanner (emb_scan_*)
 * and prints, per file, a table of hits (field, span, kind, matched
 * entity, score) or JSON lines, one object per hit.  "-" reads standard
 * input.  Reference: docs/scan.md and docs/cli.md.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifndef EMB_DATA_DIR
#define EMB_DATA_DIR "data"
#endif

static const char scan_usage[] =
    "Usage: embargo scan [--format auto|text|mt|iso20022] [--rules FILE] [--no-rules]\n"
    "                    [--threshold T] [--json] [--fail-on-match] FILE...\n"
    "Screen payment messages and free text: every party, agent, BIC, country,\n"
    "address and free-text field, with the place of every hit.\n"
    "\n"
    "  --format F       auto (default), text, mt (SWIFT MT) or iso20022\n"
    "  --rules FILE     country/embargo rules (default: " EMB_DATA_DIR "/rules/embargoed.tsv)\n"
    "  --no-rules       no country rules\n"
    "  --threshold T    minimum score of a name hit (default: 0.80; a party-name\n"
    "                   field queried whole, or a window of running text that\n"
    "                   is exactly a list name's words, needs 0.05 less)\n"
    "  --json           one JSON object per hit: file, message, field, span, text,\n"
    "                   kind, id, caption, score, explanation\n"
    "  --fail-on-match  exit 1 when any file has a hit\n"
    "\n"
    "Exit status: 0 no hit (or hits without --fail-on-match), 1 hits with\n"
    "--fail-on-match, 2 error.  Reference: docs/scan.md\n";

enum { OPT_FORMAT = 100, OPT_RULES, OPT_NO_RULES, OPT_THRESHOLD, OPT_JSON, OPT_FAIL };

static const cli_opt scan_opts[] = {
    {"--format", NULL, 1, OPT_FORMAT},
    {"--rules", NULL, 1, OPT_RULES},
    {"--no-rules", NULL, 0, OPT_NO_RULES},
    {"--threshold", NULL, 1, OPT_THRESHOLD},
    {"--json", NULL, 0, OPT_JSON},
    {"--fail-on-match", NULL, 0, OPT_FAIL},
    {NULL, NULL, 0, 0},
};

#define SCAN_MAX_FILE ((size_t)16 << 20)

/* Reads a whole file (or stdin for "-"); NULL with errno on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (n < cap)
            break;
        if (cap > SCAN_MAX_FILE) {
            free(buf);
            buf = NULL;
            errno = EFBIG;
            break;
        }
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int bad = buf && ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

static json_t *hit_json(const cli_snap *cs, emb_scan *sc, size_t i, const char *file, cli_buf *ex)
{
    emb_scan_hit h;
    if (emb_scan_hit_get(sc, i, &h))
        return NULL;
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "file", json_string(file));
    json_object_set_new(o, "message", json_integer((json_int_t)h.message));
    json_object_set_new(o, "field", json_stringn(h.field.ptr, h.field.len));
    json_object_set_new(o, "span", json_pack("[II]", (json_int_t)h.start, (json_int_t)h.end));
    json_object_set_new(o, "text", json_stringn(h.text.ptr + h.start, h.end - h.start));
    json_object_set_new(o, "kind", json_string(emb_scan_kind_name(h.kind)));
    if (h.entity != UINT32_MAX) {
        emb_str id = {"", 0}, cap = {"", 0};
        emb_entity_id(cs->s, h.entity, &id);
        emb_entity_caption(cs->s, h.entity, &cap);
        json_object_set_new(o, "id", json_stringn(id.ptr, id.len));
        json_object_set_new(o, "caption", json_stringn(cap.ptr, cap.len));
        uint32_t ds = 0;
        if (emb_entity_dataset(cs->s, h.entity, &ds) == EMB_OK)
            json_object_set_new(o, "dataset", json_string(cli_snap_dataset_name(cs, ds)));
    } else {
        json_object_set_new(o, "rule", json_stringn(h.rule.ptr, h.rule.len));
        json_object_set_new(o, "caption", json_stringn(h.label.ptr, h.label.len));
    }
    json_object_set_new(o, "score", json_real(h.score));
    json_object_set_new(o, "name_score", json_real(h.name_score));
    size_t need = 0;
    if (emb_scan_hit_explain(sc, i, ex->p, ex->cap, &need) == EMB_ECAP) {
        if (cli_buf_reserve(ex, need + 1) == 0)
            emb_scan_hit_explain(sc, i, ex->p, ex->cap, &need);
    }
    json_t *e = ex->p ? json_loads(ex->p, 0, NULL) : NULL;
    json_object_set_new(o, "explanation", e ? e : json_object());
    return o;
}

static void print_table(const cli_snap *cs, emb_scan *sc, const char *file)
{
    size_t n = emb_scan_hit_count(sc);
    printf("%s: %s, %zu message%s, %zu hit%s\n", file,
           emb_scan_format_name(emb_scan_last_format(sc)), emb_scan_message_count(sc),
           emb_scan_message_count(sc) == 1 ? "" : "s", n, n == 1 ? "" : "s");
    if (!n)
        return;
    printf("  %-4s %-28s %-11s %-8s %-30s %-30s %s\n", "msg", "field", "span", "kind", "text",
           "matched", "score");
    for (size_t i = 0; i < n; i++) {
        emb_scan_hit h;
        if (emb_scan_hit_get(sc, i, &h))
            continue;
        char span[32];
        snprintf(span, sizeof span, "%zu-%zu", h.start, h.end);
        printf("  %-4zu ", h.message);
        cli_print_cell(stdout, h.field.ptr, h.field.len, 28);
        printf(" %-11s %-8s ", span, emb_scan_kind_name(h.kind));
        cli_print_cell(stdout, h.text.ptr + h.start, h.end - h.start, 30);
        putchar(' ');
        if (h.entity != UINT32_MAX) {
            emb_str cap = {"", 0}, id = {"", 0};
            emb_entity_caption(cs->s, h.entity, &cap);
            emb_entity_id(cs->s, h.entity, &id);
            char buf[256];
            snprintf(buf, sizeof buf, "%.*s [%.*s]", (int)(cap.len > 150 ? 150 : cap.len), cap.ptr,
                     (int)(id.len > 80 ? 80 : id.len), id.ptr);
            cli_print_cell(stdout, buf, strlen(buf), 30);
        } else {
            char buf[160];
            snprintf(buf, sizeof buf, "rule %.*s: %.*s", (int)h.rule.len, h.rule.ptr,
                     (int)(h.label.len > 100 ? 100 : h.label.len), h.label.ptr);
            cli_print_cell(stdout, buf, strlen(buf), 30);
        }
        printf(" %.3f\n", h.score);
    }
}

int cli_cmd_scan(cli_ctx *ctx, int argc, char **argv); /* registered in main.c */

int cli_cmd_scan(cli_ctx *ctx, int argc, char **argv)
{
    const char *v = NULL, *rules = EMB_DATA_DIR "/rules/embargoed.tsv";
    emb_scan_format fmt = EMB_SCAN_AUTO;
    double threshold = EMB_SCAN_DEFAULT_THRESHOLD;
    int json = 0, fail = 0, id;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files) {
        cli_error("scan: out of memory");
        return CLI_EXIT_FAIL;
    }
    cli_opts p;
    cli_opts_init(&p, "scan", argc, argv, scan_opts);
    int rc = CLI_EXIT_OK;
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        switch (id) {
        case CLI_OPT_HELP:
            cli_print_help(scan_usage);
            free(files);
            return CLI_EXIT_OK;
        case OPT_FORMAT:
            if (emb_scan_format_parse(v, EMB_NUL, &fmt)) {
                free(files);
                return cli_usage_error("scan", "unknown format '%s'", v);
            }
            break;
        case OPT_RULES:
            rules = v;
            break;
        case OPT_NO_RULES:
            rules = NULL;
            break;
        case OPT_THRESHOLD:
            if (cli_parse_unit("scan", "--threshold", v, &threshold)) {
                free(files);
                return CLI_EXIT_FAIL;
            }
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_FAIL:
            fail = 1;
            break;
        case CLI_OPTS_POSITIONAL:
            files[nfiles++] = (char *)(uintptr_t)v;
            break;
        default:
            free(files);
            return CLI_EXIT_FAIL;
        }
    }
    if (!nfiles) {
        free(files);
        return cli_usage_error("scan", "expected at least one FILE (or - for standard input)");
    }
    cli_snap cs;
    if (cli_snap_open(&cs, ctx) != CLI_EXIT_OK) {
        free(files);
        return CLI_EXIT_FAIL;
    }
    emb_scan *sc = NULL;
    emb_error err;
    emb_status st = emb_scan_new(&sc, cs.s, rules, &err);
    if (st) {
        cli_lib_error(st, &err, rules);
        cli_snap_close(&cs);
        free(files);
        return CLI_EXIT_FAIL;
    }
    emb_scan_set_threshold(sc, threshold);
    cli_buf ex = {NULL, 0};
    int any_hit = 0, any_err = 0;
    for (size_t f = 0; f < nfiles; f++) {
        size_t len = 0;
        char *data = slurp(files[f], &len);
        if (!data) {
            cli_error("scan: %s: %s", files[f], strerror(errno));
            any_err = 1;
            continue;
        }
        st = emb_scan_run(sc, data, len, fmt, &err);
        free(data);
        if (st) {
            cli_lib_error(st, &err, files[f]);
            any_err = 1;
            continue;
        }
        size_t n = emb_scan_hit_count(sc);
        any_hit |= n > 0;
        if (emb_scan_hits_dropped(sc)) {
            /* an incomplete screening is a failed one, said loudly */
            cli_error("scan: %s: %zu hits not kept (more than %d in one message); the hits "
                      "listed are incomplete",
                      files[f], emb_scan_hits_dropped(sc), EMB_SCAN_MAX_MESSAGE_HITS);
            any_err = 1;
        }
        if (json) {
            for (size_t i = 0; i < n; i++) {
                json_t *o = hit_json(&cs, sc, i, files[f], &ex);
                if (!o || cli_json_print(stdout, o, JSON_COMPACT)) {
                    json_decref(o);
                    any_err = 1;
                    break;
                }
                json_decref(o);
            }
        } else {
            print_table(&cs, sc, files[f]);
        }
    }
    if (cli_check_stream(stdout, "standard output"))
        any_err = 1;
    cli_buf_free(&ex);
    emb_scan_free(sc);
    cli_snap_close(&cs);
    free(files);
    if (any_err)
        rc = CLI_EXIT_FAIL;
    else if (any_hit && fail)
        rc = CLI_EXIT_MATCH;
    return rc;
}
