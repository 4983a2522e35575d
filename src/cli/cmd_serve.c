/*
 * cmd_serve.c - `embargo serve`: parses the options of the HTTP screening
 * service and runs it (src/server, reached through src/server/server.h).
 *
 * The server objects and libmicrohttpd are linked in by the Makefile
 * fragment src/server/server.mk, which also defines EMB_WITH_SERVER for
 * this file; a build without the fragment still links, and `serve` then
 * says the server is not built in.  Reference: docs/http.md.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifndef EMB_DATA_DIR
#define EMB_DATA_DIR "data"
#endif
#define SERVE_DEFAULT_RULES EMB_DATA_DIR "/rules/embargoed.tsv"

#ifdef EMB_WITH_SERVER
#include "../server/server.h"
#endif

int cli_cmd_serve(cli_ctx *ctx, int argc, char **argv);

static const char serve_usage[] =
    "Usage: embargo [--db FILE] serve [options]\n"
    "Run the HTTP screening service (yente-compatible /match, /search, /entities,\n"
    "/catalog; POST /scan for payment messages and free text; OpenRefine /reconcile;\n"
    "/metrics; /healthz, /readyz).\n"
    "SIGHUP or POST /admin/reload reloads the snapshot; SIGINT/SIGTERM stop.\n"
    "\n"
    "  --listen HOST:PORT    address to listen on (default: 127.0.0.1:8000)\n"
    "  --threads N           worker threads, 1 to 256 (default: number of CPUs)\n"
    "  --api-keys FILE       hashed API keys, one 'sha256:<hex> [label] [admin]' a line;\n"
    "                        required unless listening on a loopback address\n"
    "  --log FILE            append the JSON-lines access log to FILE (default: stderr)\n"
    "  --log-queries         also log request bodies and search text (personal data!)\n"
    "  --max-body BYTES      largest request body (default: 1048576)\n"
    "  --max-batch N         most queries per /match or /reconcile request (default: 100)\n"
    "  --timeout-ms MS       per-request time limit (default: 10000)\n"
    "  --max-queue-ms MS     refuse with 503 requests that waited this long for a\n"
    "                        worker, once every request has for 100 ms; 0 = never\n"
    "                        (default: 10)\n"
    "  --max-connections N   simultaneous connections (default: 1024)\n"
    "  --max-per-ip N        simultaneous connections per client address, 0 = no limit\n"
    "                        (default: 256)\n"
    "  --idle-timeout SEC    close connections idle this long (default: 15)\n"
    "  --slice-us US         workers' scheduler time slice, 100 to 100000 microseconds,\n"
    "                        0 = the kernel's (Linux 6.12 and later; default: 100)\n"
    "  --yield-us US         a busy worker yields its core to waiting threads this\n"
    "                        often, 10 to 100000 microseconds, 0 = never (default: 300)\n"
    "  --mmap                map the snapshot file rather than read it into memory of\n"
    "                        huge pages (less memory when several servers share\n"
    "                        one file; slower screening)\n"
    "  --rules FILE          country/embargo rules for POST /scan\n"
    "                        (default: " SERVE_DEFAULT_RULES ")\n"
    "  --no-rules            POST /scan without country rules\n"
    "\n"
    "Reference: docs/http.md\n";

enum {
    OPT_LISTEN = 100,
    OPT_THREADS,
    OPT_KEYS,
    OPT_LOG,
    OPT_LOG_QUERIES,
    OPT_MAX_BODY,
    OPT_MAX_BATCH,
    OPT_TIMEOUT,
    OPT_MAX_QUEUE,
    OPT_MAX_CONNS,
    OPT_MAX_PER_IP,
    OPT_IDLE,
    OPT_SLICE,
    OPT_YIELD,
    OPT_RULES,
    OPT_NO_RULES,
    OPT_MMAP
};

/* clang-format off */
static const cli_opt serve_opts[] = {
    {"--listen", NULL, 1, OPT_LISTEN},
    {"--threads", NULL, 1, OPT_THREADS},
    {"--api-keys", NULL, 1, OPT_KEYS},
    {"--log", NULL, 1, OPT_LOG},
    {"--log-queries", NULL, 0, OPT_LOG_QUERIES},
    {"--max-body", NULL, 1, OPT_MAX_BODY},
    {"--max-batch", NULL, 1, OPT_MAX_BATCH},
    {"--timeout-ms", NULL, 1, OPT_TIMEOUT},
    {"--max-queue-ms", NULL, 1, OPT_MAX_QUEUE},
    {"--max-connections", NULL, 1, OPT_MAX_CONNS},
    {"--max-per-ip", NULL, 1, OPT_MAX_PER_IP},
    {"--idle-timeout", NULL, 1, OPT_IDLE},
    {"--slice-us", NULL, 1, OPT_SLICE},
    {"--yield-us", NULL, 1, OPT_YIELD},
    {"--rules", NULL, 1, OPT_RULES},
    {"--no-rules", NULL, 0, OPT_NO_RULES},
    {"--mmap", NULL, 0, OPT_MMAP},
    {NULL, NULL, 0, 0},
};
/* clang-format on */

/* A value of opt that is 0 (off) or from lo to hi; nonzero, with a usage
 * error naming both, otherwise. */
static int parse_off_or_range(const char *opt, const char *v, size_t lo, size_t hi, size_t *n)
{
    if (cli_parse_size("serve", opt, v, 0, hi, n))
        return CLI_EXIT_FAIL;
    if (*n && *n < lo)
        return cli_usage_error("serve", "%s: 0, or %zu to %zu", opt, lo, hi);
    return 0;
}

int cli_cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
#ifdef EMB_WITH_SERVER
    srv_config cfg;
    srv_config_defaults(&cfg);
#endif
    const char *v = NULL, *rules = SERVE_DEFAULT_RULES;
    int rules_given = 0;
    size_t n = 0;
    int id;
    cli_opts p;
    cli_opts_init(&p, "serve", argc, argv, serve_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        if (id == CLI_OPT_HELP) {
            cli_print_help(serve_usage);
            return CLI_EXIT_OK;
        }
        if (id == CLI_OPTS_POSITIONAL)
            return cli_usage_error("serve", "unexpected argument '%s'", v);
        if (id < 0)
            return CLI_EXIT_FAIL;
        if (id == OPT_LOG_QUERIES) {
#ifdef EMB_WITH_SERVER
            cfg.log_queries = 1;
#endif
            continue;
        }
        if (id == OPT_MMAP) {
#ifdef EMB_WITH_SERVER
            cfg.mmap = 1;
#endif
            continue;
        }
        if (id == OPT_NO_RULES) {
            rules = NULL;
            rules_given = 1;
            continue;
        }
        if (!v || !v[0])
            return cli_usage_error("serve", "an option needs a value");
        switch (id) {
        case OPT_THREADS:
            if (cli_parse_size("serve", "--threads", v, 1, 256, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_MAX_BODY:
            if (cli_parse_size("serve", "--max-body", v, 1024, (size_t)1 << 30, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_MAX_BATCH:
            if (cli_parse_size("serve", "--max-batch", v, 1, 10000, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_TIMEOUT:
            if (cli_parse_size("serve", "--timeout-ms", v, 1, 3600000, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_MAX_QUEUE:
            if (cli_parse_size("serve", "--max-queue-ms", v, 0, 3600000, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_MAX_CONNS:
            if (cli_parse_size("serve", "--max-connections", v, 1, 1000000, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_MAX_PER_IP:
            if (cli_parse_size("serve", "--max-per-ip", v, 0, 1000000, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_IDLE:
            if (cli_parse_size("serve", "--idle-timeout", v, 1, 86400, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_SLICE:
            if (parse_off_or_range("--slice-us", v, 100, 100000, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_YIELD:
            if (parse_off_or_range("--yield-us", v, 10, 100000, &n))
                return CLI_EXIT_FAIL;
            break;
        case OPT_RULES:
            rules = v;
            rules_given = 1;
            break;
        default:
            break;
        }
#ifdef EMB_WITH_SERVER
        switch (id) {
        case OPT_LISTEN:
            cfg.listen = v;
            break;
        case OPT_KEYS:
            cfg.api_keys = v;
            break;
        case OPT_LOG:
            cfg.log_path = v;
            break;
        case OPT_THREADS:
            cfg.threads = (unsigned)n;
            break;
        case OPT_MAX_BODY:
            cfg.max_body = n;
            break;
        case OPT_MAX_BATCH:
            cfg.max_batch = n;
            break;
        case OPT_TIMEOUT:
            cfg.timeout_ms = (unsigned)n;
            break;
        case OPT_MAX_QUEUE:
            cfg.max_queue_ms = (unsigned)n;
            break;
        case OPT_MAX_CONNS:
            cfg.max_conns = (unsigned)n;
            break;
        case OPT_MAX_PER_IP:
            cfg.max_per_ip = (unsigned)n;
            break;
        case OPT_IDLE:
            cfg.idle_timeout = (unsigned)n;
            break;
        case OPT_SLICE:
            cfg.slice_us = (unsigned)n;
            break;
        case OPT_YIELD:
            cfg.yield_us = (unsigned)n;
            break;
        default:
            break;
        }
#endif
    }
    if (rules) {
        /* an explicit --rules must be readable; a missing default rules
         * file (an installed binary far from its data) means no rules */
        FILE *f = fopen(rules, "rb");
        if (f) {
            fclose(f);
        } else if (rules_given) {
            cli_error("serve: --rules %s: %s", rules, strerror(errno));
            return CLI_EXIT_FAIL;
        } else {
            if (!ctx->quiet)
                cli_error("serve: note: no rules file %s; POST /scan has no country rules "
                          "(--rules FILE)",
                          rules);
            rules = NULL;
        }
    }
#ifdef EMB_WITH_SERVER
    cfg.rules = rules;
    cfg.db = ctx->db;
    cfg.quiet = ctx->quiet;
    return srv_run(&cfg) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
#else
    (void)n;
    cli_error("serve: this build has no HTTP server (the Makefile must include "
              "src/server/server.mk)");
    return CLI_EXIT_FAIL;
#endif
}
