/*
 * main.c - entry point of the `embargo` command: global options (--db,
 * --quiet, --help, --version), then dispatch to one subcommand.
 *
 * Exit codes: 0 success, 1 a match was found under --fail-on-match, 2 usage
 * error or any failure (docs/cli.md).  The snapshot defaults to $EMBARGO_DB,
 * else the EMB_DEFAULT_DB path compiled in by the Makefile.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#ifndef EMB_DEFAULT_DB
#define EMB_DEFAULT_DB "build/default.emb"
#endif

typedef struct command {
    const char *name;
    cli_cmd_fn fn;
} command;

int cli_cmd_serve(cli_ctx *ctx, int argc, char **argv); /* cmd_serve.c */
int cli_cmd_scan(cli_ctx *ctx, int argc, char **argv);  /* cmd_scan.c */

static const command commands[] = {
    {"build", cli_cmd_build},   {"info", cli_cmd_info},       {"screen", cli_cmd_screen},
    {"match", cli_cmd_match},   {"compare", cli_cmd_compare}, {"entity", cli_cmd_entity},
    {"export", cli_cmd_export}, {"serve", cli_cmd_serve},     {"scan", cli_cmd_scan},
};

static const char usage[] =
    "Usage: embargo [--db FILE] [--quiet] [--load] COMMAND [ARGS]\n"
    "Screen names against sanctions and export-control lists.\n"
    "\n"
    "Commands:\n"
    "  build    compile lists into a snapshot file\n"
    "  info     describe a snapshot: datasets, counts, sources, sections\n"
    "  screen   screen one name (with optional details)\n"
    "  match    screen JSON-lines queries (yente /match shape)\n"
    "  compare  score two names against each other\n"
    "  entity   print one entity as FollowTheMoney JSON\n"
    "  export   write every entity as FollowTheMoney JSON lines\n"
    "  serve    run the HTTP screening service (docs/http.md)\n"
    "  scan     screen payment messages and free text (docs/scan.md)\n"
    "\n"
    "Global options:\n"
    "  --db FILE    snapshot to use (default: $EMBARGO_DB, else " EMB_DEFAULT_DB ")\n"
    "  --quiet, -q  no progress or summaries on stderr\n"
    "  --load       read the snapshot into memory rather than map it: slower to\n"
    "               start (the whole file is read), faster to screen many names\n"
    "  --help, -h   show this help (embargo COMMAND --help for a command)\n"
    "  --version    show the version\n"
    "\n"
    "Exit status: 0 ok, 1 match found with --fail-on-match, 2 error.\n"
    "Reference: docs/cli.md\n";

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    cli_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    const char *env = getenv("EMBARGO_DB");
    ctx.db = env && env[0] ? env : EMB_DEFAULT_DB;

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_print_help(usage);
            return cli_check_stream(stdout, "stdout") ? CLI_EXIT_FAIL : CLI_EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("embargo %s\n", EMB_VERSION_STRING);
            return cli_check_stream(stdout, "stdout") ? CLI_EXIT_FAIL : CLI_EXIT_OK;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            ctx.quiet = 1;
        } else if (strcmp(a, "--load") == 0) {
            ctx.load = 1;
        } else if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                return cli_usage_error(NULL, "option '--db' needs a file name");
            ctx.db = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            if (a[5] == '\0')
                return cli_usage_error(NULL, "option '--db' needs a file name");
            ctx.db = a + 5;
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else {
            return cli_usage_error(NULL, "unknown option '%s'", a);
        }
    }
    if (i >= argc) {
        fputs(usage, stderr);
        return CLI_EXIT_FAIL;
    }
    const char *name = argv[i];
    if (strcmp(name, "help") == 0) {
        if (i + 1 >= argc) {
            cli_print_help(usage);
            return cli_check_stream(stdout, "stdout") ? CLI_EXIT_FAIL : CLI_EXIT_OK;
        }
        const command *c = find_command(argv[i + 1]);
        if (!c)
            return cli_usage_error(NULL, "unknown command '%s'", argv[i + 1]);
        char help[] = "--help";
        char *hargv[] = {help, NULL};
        return c->fn(&ctx, 1, hargv);
    }
    const command *c = find_command(name);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s'", name);
    int rc = c->fn(&ctx, argc - i - 1, argv + i + 1);
    if (cli_check_stream(stdout, "stdout") && rc != CLI_EXIT_FAIL)
        rc = CLI_EXIT_FAIL;
    return rc;
}
