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
 * exhaust memory.
 *
 * --threads N: the main thread reads a chunk of lines (at most
 * MATCH_CHUNK_LINES per thread and about MATCH_CHUNK_BYTES in all), the N
 * threads (the main one and N-1 workers, each with its own cli_runner over
 * the one shared snapshot) take lines from it one at a time and render
 * each line's output into its own memory, and the main thread then writes
 * the outputs and error messages in input order, so output is the same
 * byte for byte whatever N is.  With one thread a chunk is one line, so
 * answers stream as before.  A progress bar (results.c) goes to stderr
 * when it is a terminal and --quiet is not given.
 */
#include "cli.h"
#include "../server/jout.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    "  --fail-on-match   exit 1 when any query has a match\n"
    "  --threads N       screen on N threads, 1 to 64 (default: 1); output keeps\n"
    "                    input order\n"
    "  --thorough        also take short listed words for misspellings of\n"
    "                    other listed words, and compare them so\n"
    "A progress bar goes to stderr when it is a terminal (--quiet hides it).\n";

enum {
    OPT_IN = 100,
    OPT_OUT,
    OPT_LIMIT,
    OPT_THRESHOLD,
    OPT_TABLE,
    OPT_FAIL,
    OPT_THREADS,
    OPT_THOROUGH
};

static const cli_opt match_opts[] = {
    {"--in", "-i", 1, OPT_IN},
    {"--out", "-o", 1, OPT_OUT},
    {"--limit", NULL, 1, OPT_LIMIT},
    {"--threshold", NULL, 1, OPT_THRESHOLD},
    {"--table", NULL, 0, OPT_TABLE},
    {"--fail-on-match", NULL, 0, OPT_FAIL},
    {"--threads", "-j", 1, OPT_THREADS},
    {"--thorough", NULL, 0, OPT_THOROUGH},
    {NULL, NULL, 0, 0},
};

#define MAX_NAMES 64

typedef struct match_cfg {
    size_t limit;     /* 0: library default */
    double threshold; /* < 0: library default */
    int table;
    int thorough;
} match_cfg;

/* The outcome of one line. */
typedef struct line_result {
    json_t *out; /* JSON mode: an error line */
    char *text;  /* JSON mode: the results line (malloc'd) */
    size_t textlen;
    int matched;                      /* a result matched */
    char msg[EMB_ERROR_MSG_MAX + 64]; /* error, when non-empty */
} line_result;

/* Reads one line without its newline into b.  Returns 1 for a line, 0 at
 * end of input, -1 on a read error.  A line longer than CLI_MAX_LINE is
 * consumed to its end and reported through *too_long.  *consumed grows by
 * the bytes read. */
static int read_line(FILE *f, cli_buf *b, size_t *len, int *too_long, uint64_t *consumed)
{
    size_t n = 0;
    int c = EOF, got = 0;
    *too_long = 0;
    flockfile(f);
    while ((c = getc_unlocked(f)) != EOF) {
        got = 1;
        (*consumed)++;
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
    res->text = NULL;
    res->textlen = 0;
    res->matched = 0;
    res->msg[0] = '\0';
    srv_jout o = {0};

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
    emb_query_set_thorough(r->q, cfg->thorough);
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
        /* {"id": the query's, "results": [...]}, written as json_dumps
         * would write the tree (jout.h) */
        SRV_JO_LIT(&o, "{\"id\":");
        if (json_is_string(id))
            srv_jo_str(&o, json_string_value(id), json_string_length(id));
        else if (json_is_integer(id))
            srv_jo_int(&o, (long long)json_integer_value(id));
        else
            SRV_JO_LIT(&o, "null");
        SRV_JO_LIT(&o, ",\"results\":");
        if (cli_results_write(r, &o, &res->matched, &err) != EMB_OK)
            LINE_FAIL(res, "%s", err.message);
        SRV_JO_LIT(&o, "}");
        if (o.fail)
            LINE_FAIL(res, "%s", o.fail == 2 ? "output line too long" : "out of memory");
        res->text = o.p;
        res->textlen = o.len;
        o.p = NULL;
    }
done:
    free(o.p);
    if (res->msg[0] && !cfg->table)
        res->out = error_line(id, lineno, res->msg);
    json_decref(root);
}

/* ---- parallel screening of a chunk of lines ---- */

/* Lines per thread in one chunk, and the byte size after which a chunk
 * takes no more lines (a chunk always holds at least one line, which may
 * be up to CLI_MAX_LINE long). */
#define MATCH_CHUNK_LINES 64
#define MATCH_CHUNK_BYTES ((size_t)4 << 20)

/* One non-blank input line and, once run, its rendered output. */
typedef struct match_job {
    size_t off, len; /* the line in the chunk buffer */
    size_t lineno;
    int too_long;
    int matched;
    int oom;    /* the output could not be rendered */
    char *text; /* output (JSON line without its newline, or table text) */
    size_t textlen;
    char msg[EMB_ERROR_MSG_MAX + 64]; /* error, when non-empty */
} match_job;

/* Work shared by the threads: the current chunk and the next job to take.
 * Workers sleep on `go` until gen changes; the last one to finish a chunk
 * signals `done`. */
typedef struct match_pool {
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned long gen;
    int quit;
    size_t next, njobs, busy;
    match_job *jobs;
    const char *chunk;
    const match_cfg *cfg;
} match_pool;

typedef struct match_worker {
    match_pool *pool;
    cli_runner r;
    pthread_t tid;
} match_worker;

/* Runs one job on r, rendering its output into memory owned by the job. */
static void run_job(cli_runner *r, const match_cfg *cfg, const char *chunk, match_job *j)
{
    line_result res;
    char *buf = NULL;
    size_t size = 0;
    FILE *mem = NULL;
    j->text = NULL;
    j->textlen = 0;
    j->oom = 0;
    if (cfg->table && !(mem = open_memstream(&buf, &size))) {
        j->oom = 1;
        return;
    }
    if (j->too_long) {
        res.out = NULL;
        res.text = NULL;
        res.matched = 0;
        snprintf(res.msg, sizeof res.msg, "line longer than %zu bytes", CLI_MAX_LINE);
        if (!cfg->table)
            res.out = error_line(NULL, j->lineno, res.msg);
    } else {
        match_line(r, cfg, chunk + j->off, j->len, j->lineno, mem, &res);
    }
    j->matched = res.matched;
    memcpy(j->msg, res.msg, sizeof j->msg);
    if (cfg->table) {
        if (fclose(mem) != 0) {
            free(buf);
            j->oom = 1;
            return;
        }
        j->text = buf;
        j->textlen = size;
        return;
    }
    if (res.text) {
        j->text = res.text;
        j->textlen = res.textlen;
        return;
    }
    if (res.out)
        j->text = json_dumps(res.out, JSON_COMPACT | CLI_JSON_FLAGS);
    json_decref(res.out);
    if (!j->text) {
        j->oom = 1;
        return;
    }
    j->textlen = strlen(j->text);
}

/* Takes and runs jobs until none is left.  Called and returns with the
 * pool's mutex held. */
static void pool_drain(match_pool *p, cli_runner *r)
{
    while (p->next < p->njobs) {
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        run_job(r, p->cfg, p->chunk, &p->jobs[i]);
        pthread_mutex_lock(&p->mu);
    }
}

static void *worker_main(void *arg)
{
    match_worker *w = arg;
    match_pool *p = w->pool;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->gen == seen)
            pthread_cond_wait(&p->go, &p->mu);
        if (p->quit)
            break;
        seen = p->gen;
        pool_drain(p, &w->r);
        if (--p->busy == 0)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Runs every job of the chunk on the main runner and the workers; returns
 * when all are done. */
static void pool_run(match_pool *p, size_t nworkers, cli_runner *main_runner, const char *chunk,
                     match_job *jobs, size_t njobs)
{
    pthread_mutex_lock(&p->mu);
    p->chunk = chunk;
    p->jobs = jobs;
    p->njobs = njobs;
    p->next = 0;
    if (nworkers && njobs > 1) {
        p->busy = nworkers;
        p->gen++;
        pthread_cond_broadcast(&p->go);
    }
    pool_drain(p, main_runner);
    while (p->busy)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

static void jobs_clear(match_job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(jobs[i].text);
        jobs[i].text = NULL;
    }
}

/* Reads the next chunk: up to maxjobs non-blank lines into chunk/jobs.
 * Returns 1 when it read lines, 0 at end of input, -1 on a read error. */
static int read_chunk(FILE *in, cli_buf *line, cli_buf *chunk, match_job *jobs, size_t maxjobs,
                      size_t *njobs, size_t *lineno, uint64_t *consumed)
{
    size_t used = 0, len = 0;
    int got = 0, too_long = 0;
    *njobs = 0;
    while (*njobs < maxjobs && used < MATCH_CHUNK_BYTES &&
           (got = read_line(in, line, &len, &too_long, consumed)) == 1) {
        ++*lineno;
        if (!too_long && is_blank(line->p, len))
            continue;
        match_job *j = &jobs[(*njobs)++];
        memset(j, 0, sizeof *j);
        j->lineno = *lineno;
        j->too_long = too_long;
        j->off = used;
        if (!too_long) {
            if (cli_buf_reserve(chunk, used + len + 1)) {
                errno = ENOMEM;
                return -1;
            }
            memcpy(chunk->p + used, line->p, len + 1);
            j->len = len;
            used += len + 1;
        }
    }
    if (got < 0)
        return -1;
    return *njobs > 0 || got == 1;
}

int cli_cmd_match(cli_ctx *ctx, int argc, char **argv)
{
    match_cfg cfg = {0, -1.0, 0, 0};
    const char *in_path = NULL, *out_path = NULL, *v = NULL;
    int fail_on_match = 0, id;
    size_t nthreads = 1;
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
        case OPT_THOROUGH:
            cfg.thorough = 1;
            break;
        case OPT_FAIL:
            fail_on_match = 1;
            break;
        case OPT_THREADS:
            if (cli_parse_size("match", "--threads", v, 1, CLI_MAX_THREADS, &nthreads))
                return CLI_EXIT_FAIL;
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
    cli_buf line = {NULL, 0}, chunk = {NULL, 0};
    int have_snap = 0, have_runner = 0, have_pool = 0;
    size_t nworkers = 0, njobs = 0;
    match_worker *workers = NULL;
    match_job *jobs = NULL;
    match_pool pool;
    cli_progress bar;
    memset(&pool, 0, sizeof pool);
    memset(&bar, 0, sizeof bar);
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

    /* One thread keeps the old line-at-a-time streaming. */
    size_t maxjobs = nthreads == 1 ? 1 : MATCH_CHUNK_LINES * nthreads;
    jobs = calloc(maxjobs, sizeof *jobs);
    workers = nthreads > 1 ? calloc(nthreads - 1, sizeof *workers) : NULL;
    if (!jobs || (nthreads > 1 && !workers)) {
        cli_error("out of memory");
        goto done;
    }
    if (pthread_mutex_init(&pool.mu, NULL) != 0) {
        cli_error("cannot create a mutex");
        goto done;
    }
    if (pthread_cond_init(&pool.go, NULL) != 0) {
        pthread_mutex_destroy(&pool.mu);
        cli_error("cannot create a condition variable");
        goto done;
    }
    if (pthread_cond_init(&pool.done, NULL) != 0) {
        pthread_cond_destroy(&pool.go);
        pthread_mutex_destroy(&pool.mu);
        cli_error("cannot create a condition variable");
        goto done;
    }
    have_pool = 1;
    pool.cfg = &cfg;
    for (; nworkers + 1 < nthreads; nworkers++) {
        match_worker *w = &workers[nworkers];
        w->pool = &pool;
        if (cli_runner_init(&w->r, &cs) != CLI_EXIT_OK)
            goto done;
        if (pthread_create(&w->tid, NULL, worker_main, w) != 0) {
            cli_runner_destroy(&w->r);
            cli_error("cannot start thread %zu of %zu", nworkers + 2, nthreads);
            goto done;
        }
    }

    uint64_t total = 0, consumed = 0;
    struct stat sb;
    if (fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
        total = (uint64_t)sb.st_size;
    cli_progress_start(&bar, ctx, total, "queries");

    size_t lineno = 0, nqueries = 0, nmatched = 0, nerrors = 0;
    int got;
    while ((got = read_chunk(in, &line, &chunk, jobs, maxjobs, &njobs, &lineno, &consumed)) == 1) {
        pool_run(&pool, nworkers, &r, chunk.p, jobs, njobs);
        for (size_t i = 0; i < njobs; i++) {
            match_job *j = &jobs[i];
            nqueries++;
            if (j->oom) {
                cli_error("%s:%zu: out of memory", in_name, j->lineno);
                goto done;
            }
            if (cfg.table && j->textlen)
                fwrite(j->text, 1, j->textlen, out);
            if (j->msg[0]) {
                nerrors++;
                cli_progress_clear(&bar);
                cli_error("%s:%zu: %s", in_name, j->lineno, j->msg);
                if (cfg.table)
                    fprintf(out, "line %zu: error: %s\n\n", j->lineno, j->msg);
            }
            if (j->matched)
                nmatched++;
            if (!cfg.table) {
                fwrite(j->text, 1, j->textlen, out);
                fputc('\n', out);
            }
            free(j->text);
            j->text = NULL;
            if (ferror(out)) {
                cli_error("%s: write error", out_name);
                goto done;
            }
        }
        njobs = 0;
        cli_progress_update(&bar, consumed, nqueries);
    }
    if (got < 0) {
        cli_progress_clear(&bar);
        cli_error("%s: read error: %s", in_name, strerror(errno));
        goto done;
    }
    cli_progress_clear(&bar);
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
    cli_progress_clear(&bar);
    if (jobs)
        jobs_clear(jobs, njobs);
    if (have_pool) {
        pthread_mutex_lock(&pool.mu);
        pool.quit = 1;
        pthread_cond_broadcast(&pool.go);
        pthread_mutex_unlock(&pool.mu);
        for (size_t i = 0; i < nworkers; i++) {
            pthread_join(workers[i].tid, NULL);
            cli_runner_destroy(&workers[i].r);
        }
        pthread_cond_destroy(&pool.done);
        pthread_cond_destroy(&pool.go);
        pthread_mutex_destroy(&pool.mu);
    }
    free(workers);
    free(jobs);
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
    cli_buf_free(&chunk);
    return rc;
}
