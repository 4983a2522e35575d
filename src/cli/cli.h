/*
 * cli.h - shared declarations of the `embargo` command-line program: the
 * run context, the subcommands, the option parser, output helpers, snapshot
 * helpers and result rendering.  The CLI uses only the public API
 * (include/embargo.h), jansson and libc; it never includes src/lib.
 * The reference for every command is docs/cli.md.
 */
#ifndef EMB_CLI_H
#define EMB_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "embargo.h"

#if defined(__GNUC__) || defined(__clang__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Exit codes (docs/cli.md). */
enum {
    CLI_EXIT_OK = 0,    /* success, or no match */
    CLI_EXIT_MATCH = 1, /* a match was found and --fail-on-match was given */
    CLI_EXIT_FAIL = 2   /* usage error, bad input or any failure */
};

/* Longest JSON-lines query line `match` accepts. */
#define CLI_MAX_LINE ((size_t)1 << 20)
/* Largest explanation the CLI will hold for one result. */
#define CLI_MAX_EXPLAIN ((size_t)16 << 20)
/* Most lists one `build` may name. */
#define CLI_MAX_LISTS 256
/* Most threads `match --threads` may use. */
#define CLI_MAX_THREADS 64

/* Global state of one run: what the global options said. */
typedef struct cli_ctx {
    const char *db; /* --db, else $EMBARGO_DB, else EMB_DEFAULT_DB */
    int quiet;      /* --quiet: no progress or summaries on stderr */
    int load;       /* --load: read the snapshot into memory (EMB_OPEN_LOAD) */
} cli_ctx;

/* ---- subcommands (each returns an exit code) ---- */
typedef int (*cli_cmd_fn)(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_build(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_info(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_screen(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_match(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_compare(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_entity(cli_ctx *ctx, int argc, char **argv);
int cli_cmd_export(cli_ctx *ctx, int argc, char **argv);

/* ---- option parsing (opts.c) ---- */

/* One option a command accepts.  name is the long form ("--limit"); alias
 * an optional short form ("-o"); has_arg says whether it takes a value
 * ("--limit 5" or "--limit=5"). id is returned by cli_opts_next (> 0). */
typedef struct cli_opt {
    const char *name;
    const char *alias;
    int has_arg;
    int id;
} cli_opt;

/* Option ids every command shares; commands number theirs from 100. */
enum { CLI_OPT_HELP = 1, CLI_OPT_DB, CLI_OPT_QUIET, CLI_OPT_LOAD };

typedef struct cli_opts {
    const char *cmd; /* command name for messages */
    int argc;
    char **argv;
    int i;                /* next argv index */
    int positional_only;  /* after "--" */
    const cli_opt *table; /* terminated by a zero entry */
} cli_opts;

enum { CLI_OPTS_END = -1, CLI_OPTS_ERROR = -2, CLI_OPTS_POSITIONAL = 0 };

void cli_opts_init(cli_opts *p, const char *cmd, int argc, char **argv, const cli_opt *table);
/* Next option: returns its id (value in *val when it takes one),
 * CLI_OPTS_POSITIONAL with the argument in *val, CLI_OPTS_END, or
 * CLI_OPTS_ERROR after printing a usage error.  CLI_OPT_DB, CLI_OPT_QUIET
 * and CLI_OPT_LOAD are applied to ctx here, so every command accepts them. */
int cli_opts_next(cli_opts *p, cli_ctx *ctx, const char **val);

/* Strict number parsing; each prints a usage error naming opt and returns
 * nonzero on failure. */
int cli_parse_size(const char *cmd, const char *opt, const char *s, size_t lo, size_t hi,
                   size_t *out);
int cli_parse_unit(const char *cmd, const char *opt, const char *s, double *out);
int cli_parse_schema(const char *cmd, const char *s, emb_schema *out);

/* ---- output (out.c) ---- */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);
/* Usage error: message plus a hint to run `embargo CMD --help`; returns
 * CLI_EXIT_FAIL. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Prints a library error as "embargo: file:line:column: message"; when
 * the error names no file, fallback_file (may be NULL) is used. */
void cli_lib_error(emb_status st, const emb_error *err, const char *fallback_file);
/* Writes s (stdout text) and reports write failures. */
void cli_print_help(const char *text);
/* Checks a stream after writing; prints an error and returns nonzero when
 * a write failed. */
int cli_check_stream(FILE *f, const char *what);

/* Returns 1 when s[0..len) is valid UTF-8; else 0 and *bad the offset of
 * the first invalid byte. */
int cli_utf8_valid(const char *s, size_t len, size_t *bad);
/* Terminal columns taken by s (wide East Asian characters count 2,
 * combining marks 0); control characters count 1 (printed as spaces). */
size_t cli_text_width(const char *s, size_t len);
/* Prints s padded with spaces to width columns, cut with "..." when longer;
 * control characters become spaces. */
void cli_print_cell(FILE *f, const char *s, size_t len, size_t width);
/* Writes a JSON value and a newline; returns nonzero on failure. */
int cli_json_print(FILE *f, const json_t *v, size_t flags);
/* Flags every JSON output uses besides indentation. */
#define CLI_JSON_FLAGS JSON_REAL_PRECISION(6)
/* Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 32 bytes). */
void cli_format_time(uint64_t t, char *buf, size_t cap);

/* Growable byte buffer for library calls that fill caller memory. */
typedef struct cli_buf {
    char *p;
    size_t cap;
} cli_buf;
/* Ensures cap >= n; returns nonzero when out of memory. */
int cli_buf_reserve(cli_buf *b, size_t n);
void cli_buf_free(cli_buf *b);

/* ---- snapshots (snap.c) ---- */
typedef struct cli_snap {
    emb_snapshot *s;
    const char *path;
    emb_snapshot_info info;
    size_t ndatasets;
    char **dataset_names; /* owned copies */
} cli_snap;

/* Opens the snapshot ctx names; prints the error and returns
 * CLI_EXIT_FAIL on failure. */
int cli_snap_open(cli_snap *cs, const cli_ctx *ctx);
void cli_snap_close(cli_snap *cs);
/* Dataset name by index; "?" when out of range. */
const char *cli_snap_dataset_name(const cli_snap *cs, uint32_t i);
/* The entity as an FtM JSON object {id, schema, caption, properties,
 * datasets}; NULL on failure (*st says why). */
json_t *cli_entity_json(const cli_snap *cs, uint32_t index, emb_status *st);

/* ---- query results (results.c) ---- */

/* A query being run: the library query context and scratch memory; each
 * thread of `match --threads` has its own. */
typedef struct cli_runner {
    const cli_snap *cs;
    emb_query *q;
    cli_buf explain;
} cli_runner;

int cli_runner_init(cli_runner *r, const cli_snap *cs);
void cli_runner_destroy(cli_runner *r);

/* Results of the last run as a JSON array of {id, caption, schema,
 * datasets, score, name_score, match, explanations}; *any_match set when a
 * result matched.  NULL with an error in err on failure. */
json_t *cli_results_json(cli_runner *r, int *any_match, emb_error *err);
/* The same array written into o (src/server/jout.h) as
 * json_dumps(JSON_COMPACT | CLI_JSON_FLAGS) would write cli_results_json's,
 * without building it: what `embargo match` writes for each line. */
struct srv_jout;
emb_status cli_results_write(cli_runner *r, struct srv_jout *o, int *any_match, emb_error *err);
/* Prints the results of the last run as a table (the "matched name"
 * column comes from each explanation's name_match).  With explain, each
 * result's explanation follows the table.  Returns nonzero with err filled
 * on failure. */
int cli_results_table(FILE *f, cli_runner *r, int explain, emb_error *err);
/* Fills err with st and a printf-style message (no file). */
void cli_set_error(emb_error *err, emb_status st, const char *fmt, ...) CLI_PRINTF(3, 4);

/* Scratch string: s[0..len) copied and NUL-terminated into b. */
const char *cli_buf_str(cli_buf *b, const char *s, size_t len);

/* ---- progress bar (results.c) ---- */

/* A one-line progress display on stderr for long batches: a bar, percent
 * and ETA when the input size is known, else the count; always the rate
 * and elapsed time.  Active only when stderr is a terminal and --quiet was
 * not given; redrawn at most every CLI_PROGRESS_MS milliseconds, and only
 * after the first second so short runs print nothing.  Main thread only. */
#define CLI_PROGRESS_MS 200
typedef struct cli_progress {
    int on;         /* drawing enabled */
    int shown;      /* a line is on the terminal */
    uint64_t total; /* input bytes, 0 when unknown */
    const char *what;
    double start, last; /* seconds (monotonic clock) */
} cli_progress;

void cli_progress_start(cli_progress *p, const cli_ctx *ctx, uint64_t total, const char *what);
/* done: input bytes consumed; items: items finished. */
void cli_progress_update(cli_progress *p, uint64_t done, size_t items);
/* Erases the line (before other stderr output and at the end). */
void cli_progress_clear(cli_progress *p);

#endif
