/*
 * cmd_match.c - `embargo match`: screens JSON-lines queries shaped like a
 * yente /match query ({"id", "schema", "properties": {prop: [values]}}),
 * one per line, and writes one output line per query, in input order:
 * {"id", "results": [...]} or, for a bad line, {"id", "error"}.
 *
 * A bad line (invalid UTF-8 or JSON, not an object, no properties, a value
 * that is not a string, a property or schema the library refuses) is
 * reported on stderr as "embargo: FILE:LINE: message", answered with an
 * error line, and the run goes on; the exit status is then 2.  Lines are
 * read with a bounded reader (CLI_MAX_LINE) so one huge line cannot
 * exhaust memory.  Each line is handled by match_line(), which touches only
 * its cli_runner: a future --threads option can give each worker a runner
 * and reorder outputs by line number.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char match_usage[] =
    "Usage: embargo [--db FILE] match [--in FILE] [--out FILE] [options]\n"
    "Screen JSON-lines queries, one per line, shaped like a yente /match query:\n"
    "  {\"id\":\"q1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"...\"],"
    "\"birthDate\":[\"1970\"]}}\n"
    "and write one JSON line per query: {\"id\":\"q1\",\"results\":[...]}.\n"
    "\n"
    "  --in FILE         queries (default: standard input; - too)\n"
    "  --out FILE        results (default: standard output)\n"
    "  --limit N         most results per query, 1 to 1000 (default: 5)\n"
    "  --threshold T     score from 0 to 1 that counts as a match (default: 0.70)\n"
    "  --table           print a readable table per query instead of JSON\n"
    "  --fail-on-match   exit 1 when any query has a match\n";

enum { OPT_IN = 100, OPT_OUT, OPT_LIMIT, OPT_THRESHOLD, OPT_TABLE, OPT_FAIL };

static const cli_opt match_opts[] = {
    {"--in", "-i", 1, OPT_IN},
    {"--out", "-o", 1, OPT_OUT},
    {"--limit", NULL, 1, OPT_LIMIT},
    {"--threshold", NULL, 1, OPT_THRESHOLD},
    {"--table", NULL, 0, OPT_TABLE},
    {"--fail-on-match", NULL, 0, OPT_FAIL},
    {NULL, NULL, 0, 0},
};

#define MAX_NAMES 64

typedef struct match_cfg {
    size_t limit;     /* 0: library default */
    double threshold; /* < 0: library default */
    int table;
} match_cfg;

/* The outcome of one line. */
typedef struct line_result {
    json_t *out;                      /* JSON mode: the output line */
    int matched;                      /* a result matched */
    char msg[EMB_ERROR_MSG_MAX + 64]; /* error, when non-empty */
} line_result;

/* Reads one line without its newline into b.  Returns 1 for a line, 0 at
 * end of input, -1 on a read error.  A line longer than CLI_MAX_LINE is
 * consumed to its end and reported through *too_long. */
static int read_line(FILE *f, cli_buf *b, size_t *len, int *too_long)
{
    size_t n = 0;
    int c = EOF, got = 0;
    *too_long = 0;
    flockfile(f);
    while ((c = getc_unlocked(f)) != EOF) {
        got = 1;
        if (c == '\n')
            break;
        if (n >= CLI_MAX_LINE) {
            *too_long = 1;
            continue;
        }
        if (n + 1 >= b->cap && cli_buf_reserve(b, n + 2)) {
            funlockfile(f);
            errno = ENOMEM;
            return -1;
        }
        b->p[n++] = (char)c;
    }
    funlockfile(f);
    if (c == EOF && ferror(f))
        return -1;
    if (!got)
        return 0;
    if (n && b->p[n - 1] == '\r')
        n--;
    if (cli_buf_reserve(b, n + 1))
        return -1;
    b->p[n] = '\0';
    *len = n;
    return 1;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* The output line for a query that failed: {"id", "error": "line N: ..."}. */
static json_t *error_line(json_t *id, size_t lineno, const char *msg)
{
    char buf[EMB_ERROR_MSG_MAX + 96];
    snprintf(buf, sizeof buf, "line %zu: %s", lineno, msg);
    return json_pack("{s:O?, s:s}", "id", id, "error", buf);
}

#define LINE_FAIL(res, ...)                                                                        \
    do {                                                                                           \
        snprintf((res)->msg, sizeof(res)->msg, __VA_ARGS__);                                       \
        goto done;                                                                                 \
    } while (0)

/* Runs one query line on r; fills res (output JSON or an error message).
 * Table output, when cfg->table, goes to out. */
static void match_line(cli_runner *r, const match_cfg *cfg, const char *line, size_t len,
                       size_t lineno, FILE *out, line_result *res)
{
    json_t *root = NULL, *id = NULL;
    const char *names[MAX_NAMES];
    size_t nnames = 0, bad = 0;
    emb_error err;
    emb_status st;
    memset(&err, 0, sizeof err);
    res->out = NULL;
    res->matched = 0;
    res->msg[0] = '\0';

    if (!cli_utf8_valid(line, len, &bad))
        LINE_FAIL(res, "invalid UTF-8 at byte %zu", bad + 1);
    json_error_t jerr;
    root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        LINE_FAIL(res, "invalid JSON at column %d: %s", jerr.column, jerr.text);
    if (!json_is_object(root))
        LINE_FAIL(res, "a query must be a JSON object");
    id = json_object_get(root, "id");
    if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id)) {
        id = NULL;
        LINE_FAIL(res, "\"id\" must be a string");
    }
    emb_query_reset(r->q);
    json_t *schema = json_object_get(root, "schema");
    if (schema && !json_is_null(schema)) {
        emb_schema s;
        if (!json_is_string(schema))
            LINE_FAIL(res, "\"schema\" must be a string");
        if (emb_schema_parse(json_string_value(schema), json_string_length(schema), &s) != EMB_OK)
            LINE_FAIL(res, "unknown schema '%s'", json_string_value(schema));
        if ((st = emb_query_set_schema(r->q, s)) != EMB_OK)
            LINE_FAIL(res, "schema '%s': %s", json_string_value(schema), emb_strerror(st));
    }
    json_t *props = json_object_get(root, "properties");
    if (!props)
        LINE_FAIL(res, "missing \"properties\"");
    if (!json_is_object(props))
        LINE_FAIL(res, "\"properties\" must be an object");
    size_t nvalues = 0;
    const char *key;
    json_t *val;
    json_object_foreach(props, key, val)
    {
        size_t count = json_is_array(val) ? json_array_size(val) : 1;
        for (size_t k = 0; k < count; k++) {
            json_t *item = json_is_array(val) ? json_array_get(val, k) : val;
            if (!json_is_string(item)) {
                if (json_is_array(val))
                    LINE_FAIL(res, "properties.%s[%zu] is not a string", key, k);
                LINE_FAIL(res, "properties.%s must be a list of strings", key);
            }
            st = emb_query_add(r->q, key, strlen(key), json_string_value(item),
                               json_string_length(item), &err);
            if (st != EMB_OK)
                LINE_FAIL(res, "properties.%s: %s", key,
                          err.message[0] ? err.message : emb_strerror(st));
            if (strcmp(key, "name") == 0 && nnames < MAX_NAMES)
                names[nnames++] = json_string_value(item);
            nvalues++;
        }
    }
    if (nvalues == 0)
        LINE_FAIL(res, "\"properties\" has no values");
    if (cfg->limit && (st = emb_query_set_limit(r->q, cfg->limit)) != EMB_OK)
        LINE_FAIL(res, "limit: %s", emb_strerror(st));
    if (cfg->threshold >= 0.0 && (st = emb_query_set_threshold(r->q, cfg->threshold)) != EMB_OK)
        LINE_FAIL(res, "threshold: %s", emb_strerror(st));
    if ((st = emb_query_run(r->q, &err)) != EMB_OK)
        LINE_FAIL(res, "%s", err.message[0] ? err.message : emb_strerror(st));

    if (cfg->table) {
        size_t n = emb_result_count(r->q);
        for (size_t i = 0; i < n; i++) {
            emb_result rr;
            if (emb_result_get(r->q, i, &rr) == EMB_OK && rr.match)
                res->matched = 1;
        }
        fputs("query ", out);
        if (json_is_string(id))
            cli_print_cell(out, json_string_value(id), json_string_length(id),
                           cli_text_width(json_string_value(id), json_string_length(id)));
        else if (json_is_integer(id))
            fprintf(out, "%lld", (long long)json_integer_value(id));
        else
            fputs("-", out);
        if (schema && json_is_string(schema))
            fprintf(out, " (%s)", json_string_value(schema));
        fputs(":", out);
        for (size_t i = 0; i < nnames; i++) {
            fputs(i ? " / " : " ", out);
            size_t nl = strlen(names[i]);
            cli_print_cell(out, names[i], nl, cli_text_width(names[i], nl));
        }
        fputc('\n', out);
        if (cli_results_table(out, r, 0, &err))
            LINE_FAIL(res, "%s", err.message);
        fputc('\n', out);
    } else {
        json_t *arr = cli_results_json(r, &res->matched, &err);
        if (!arr)
            LINE_FAIL(res, "%s", err.message);
        res->out = json_pack("{s:O?, s:o}", "id", id, "results", arr);
        if (!res->out)
            LINE_FAIL(res, "out of memory");
    }
done:
    if (res->msg[0] && !cfg->table)
        res->out = error_line(id, lineno, res->msg);
    json_decref(root);
}

int cli_cmd_match(cli_ctx *ctx, int argc, char **argv)
{
    match_cfg cfg = {0, -1.0, 0};
    const char *in_path = NULL, *out_path = NULL, *v = NULL;
    int fail_on_match = 0, id;
    cli_opts p;
    cli_opts_init(&p, "match", argc, argv, match_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        switch (id) {
        case CLI_OPT_HELP:
            cli_print_help(match_usage);
            return CLI_EXIT_OK;
        case OPT_IN:
            in_path = v;
            break;
        case OPT_OUT:
            out_path = v;
            break;
        case OPT_LIMIT:
            if (cli_parse_size("match", "--limit", v, 1, 1000, &cfg.limit))
                return CLI_EXIT_FAIL;
            break;
        case OPT_THRESHOLD:
            if (cli_parse_unit("match", "--threshold", v, &cfg.threshold))
                return CLI_EXIT_FAIL;
            break;
        case OPT_TABLE:
            cfg.table = 1;
            break;
        case OPT_FAIL:
            fail_on_match = 1;
            break;
        case CLI_OPTS_POSITIONAL:
            return cli_usage_error("match", "unexpected argument '%s' (use --in FILE)", v);
        default:
            return CLI_EXIT_FAIL;
        }
    }
    if ((in_path && !in_path[0]) || (out_path && !out_path[0]))
        return cli_usage_error("match", "empty file name");

    int rc = CLI_EXIT_FAIL;
    FILE *in = stdin, *out = stdout;
    const char *in_name = "<stdin>", *out_name = "<stdout>";
    cli_snap cs;
    cli_runner r;
    cli_buf line = {NULL, 0};
    int have_snap = 0, have_runner = 0;
    if (in_path && strcmp(in_path, "-") != 0) {
        in = fopen(in_path, "rb");
        if (!in) {
            cli_error("%s: %s", in_path, strerror(errno));
            in = NULL;
            goto done;
        }
        in_name = in_path;
    }
    if (cli_snap_open(&cs, ctx) != CLI_EXIT_OK)
        goto done;
    have_snap = 1;
    if (cli_runner_init(&r, &cs) != CLI_EXIT_OK)
        goto done;
    have_runner = 1;
    if (out_path && strcmp(out_path, "-") != 0) {
        out = fopen(out_path, "w");
        if (!out) {
            cli_error("%s: %s", out_path, strerror(errno));
            out = NULL;
            goto done;
        }
        out_name = out_path;
    }

    size_t lineno = 0, nqueries = 0, nmatched = 0, nerrors = 0, len = 0;
    int got, too_long = 0;
    while ((got = read_line(in, &line, &len, &too_long)) == 1) {
        lineno++;
        if (!too_long && is_blank(line.p, len))
            continue;
        nqueries++;
        line_result res;
        if (too_long) {
            res.out = NULL;
            res.matched = 0;
            snprintf(res.msg, sizeof res.msg, "line longer than %zu bytes", CLI_MAX_LINE);
            if (!cfg.table)
                res.out = error_line(NULL, lineno, res.msg);
        } else {
            match_line(&r, &cfg, line.p, len, lineno, out, &res);
        }
        if (res.msg[0]) {
            nerrors++;
            cli_error("%s:%zu: %s", in_name, lineno, res.msg);
            if (cfg.table)
                fprintf(out, "line %zu: error: %s\n\n", lineno, res.msg);
        }
        if (res.matched)
            nmatched++;
        if (!cfg.table) {
            int bad = !res.out || cli_json_print(out, res.out, JSON_COMPACT);
            json_decref(res.out);
            if (bad) {
                cli_error("%s: write error", out_name);
                goto done;
            }
        }
        if (ferror(out)) {
            cli_error("%s: write error", out_name);
            goto done;
        }
    }
    if (got < 0) {
        cli_error("%s: read error: %s", in_name, strerror(errno));
        goto done;
    }
    if (cli_check_stream(out, out_name))
        goto done;
    if (!ctx->quiet)
        fprintf(stderr, "embargo: %zu quer%s, %zu with a match, %zu error%s\n", nqueries,
                nqueries == 1 ? "y" : "ies", nmatched, nerrors, nerrors == 1 ? "" : "s");
    if (nerrors)
        rc = CLI_EXIT_FAIL;
    else
        rc = nmatched && fail_on_match ? CLI_EXIT_MATCH : CLI_EXIT_OK;
done:
    if (have_runner)
        cli_runner_destroy(&r);
    if (have_snap)
        cli_snap_close(&cs);
    if (in && in != stdin)
        fclose(in);
    if (out && out != stdout && fclose(out) != 0 && rc != CLI_EXIT_FAIL) {
        cli_error("%s: write error", out_name);
        rc = CLI_EXIT_FAIL;
    }
    cli_buf_free(&line);
    return rc;
}
