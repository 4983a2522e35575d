/*
 * fuzz_cli.c - libFuzzer target for the CLI: the argument parsing of the
 * screening commands (screen, match, compare, entity) and the JSON-lines
 * query decoding of `embargo match`, run through the commands' own entry
 * points (src/cli) against the small snapshot of fuzz_snap.h.
 *
 * Input layout: byte 0 picks the command; then NUL-terminated arguments up
 * to an empty one (at most FUZZ_CLI_MAX_ARGS); the rest is the query file
 * `match` reads (given to it as --in, with --out /dev/null).  Arguments
 * that would name files or start threads (--db, --in/-i, --out/-o,
 * --format/-f, --threads/-j) are dropped, so an input never touches a file
 * of its own choosing.  Standard output and standard error go to /dev/null
 * while a command runs (set FUZZ_CLI_STDERR=1 to see the
 * commands' messages); what is checked is that every input ends in an exit
 * code of 0, 1 or 2, within bounds and without a leak.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fuzz_snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CLI_MAX_ARGS 32

static char g_db[512], g_in[512];
static int g_in_fd = -1, g_null_fd = -1, g_keep_stderr;

static void cleanup(void)
{
    if (g_db[0])
        unlink(g_db);
    if (g_in[0])
        unlink(g_in);
    if (g_in_fd >= 0)
        close(g_in_fd);
    if (g_null_fd >= 0)
        close(g_null_fd);
}

static void setup(void)
{
    fuzz_snap_path(g_db, sizeof g_db, "cli");
    fuzz_snap_write(g_db);
    const char *tmp = getenv("TMPDIR");
    snprintf(g_in, sizeof g_in, "%s/emb-fuzz-cli-%ld.jsonl", tmp && tmp[0] ? tmp : "/tmp",
             (long)getpid());
    g_in_fd = open(g_in, O_RDWR | O_CREAT | O_TRUNC, 0600);
    g_null_fd = open("/dev/null", O_WRONLY);
    if (g_in_fd < 0 || g_null_fd < 0)
        abort();
    const char *k = getenv("FUZZ_CLI_STDERR");
    g_keep_stderr = k && k[0] == '1';
    atexit(cleanup);
}

/* 1 when arg is an option this target must not pass on. */
static int dropped(const char *a)
{
    static const char *const longs[] = {"--db", "--in", "--out", "--format", "--threads"};
    static const char shorts[] = "iofj";
    for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
        size_t n = strlen(longs[i]);
        if (strncmp(a, longs[i], n) == 0 && (a[n] == '\0' || a[n] == '='))
            return 1;
    }
    return a[0] == '-' && a[1] && strchr(shorts, a[1]) && (a[2] == '\0' || a[2] == '=');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const cli_cmd_fn cmds[] = {cli_cmd_screen, cli_cmd_match, cli_cmd_compare,
                                      cli_cmd_entity};
    if (g_null_fd < 0)
        setup();
    if (size < 1)
        return 0;
    size_t which = data[0] % (sizeof cmds / sizeof cmds[0]);

    /* Arguments are copied into exactly sized blocks so over-reads show. */
    char *argv[FUZZ_CLI_MAX_ARGS + 5];
    char *owned[FUZZ_CLI_MAX_ARGS];
    int argc = 0, nowned = 0;
    size_t i = 1;
    while (i < size && nowned < FUZZ_CLI_MAX_ARGS) {
        const uint8_t *end = memchr(data + i, '\0', size - i);
        size_t len = end ? (size_t)(end - (data + i)) : size - i;
        if (len == 0) {
            i++;
            break;
        }
        char *a = malloc(len + 1);
        if (!a)
            abort();
        memcpy(a, data + i, len);
        a[len] = '\0';
        owned[nowned++] = a;
        if (!dropped(a))
            argv[argc++] = a;
        i += len + (end ? 1 : 0);
    }
    char opt_in[] = "--in", opt_out[] = "--out", dev_null[] = "/dev/null";
    if (which == 1) {
        if (ftruncate(g_in_fd, 0) != 0 || pwrite(g_in_fd, data + i, size - i, 0) < 0)
            abort();
        argv[argc++] = opt_in;
        argv[argc++] = g_in;
        argv[argc++] = opt_out;
        argv[argc++] = dev_null;
    }
    argv[argc] = NULL;

    cli_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.db = g_db;
    int saved_out, saved_err = -1;
    fflush(stdout);
    fflush(stderr);
    if ((saved_out = dup(STDOUT_FILENO)) < 0 || dup2(g_null_fd, STDOUT_FILENO) < 0)
        abort();
    if (!g_keep_stderr &&
        ((saved_err = dup(STDERR_FILENO)) < 0 || dup2(g_null_fd, STDERR_FILENO) < 0))
        abort();
    int rc = cmds[which](&ctx, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, STDOUT_FILENO);
    close(saved_out);
    if (saved_err >= 0) {
        dup2(saved_err, STDERR_FILENO);
        close(saved_err);
    }
    clearerr(stdout);
    if (rc != CLI_EXIT_OK && rc != CLI_EXIT_MATCH && rc != CLI_EXIT_FAIL)
        abort();
    for (int k = 0; k < nowned; k++)
        free(owned[k]);
    return 0;
}
