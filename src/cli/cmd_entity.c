/*
 * cmd_entity.c - `embargo entity ID` (one entity as FollowTheMoney JSON)
 * and `embargo export --format ftm` (every entity, one compact JSON object
 * a line, in snapshot order).  Both render through cli_entity_json, so an
 * export read back with `build --list ftm:FILE` gives the same entities.
 * An export to --out FILE is written to FILE.tmp and renamed when
 * complete, so a failed export leaves no partial file.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char entity_usage[] =
    "Usage: embargo [--db FILE] entity ID [--compact]\n"
    "Print one entity as FollowTheMoney JSON:\n"
    "  {\"id\", \"schema\", \"caption\", \"properties\": {prop: [values]}, \"datasets\": [...]}\n"
    "\n"
    "  --json      JSON output (the default; accepted for symmetry)\n"
    "  --compact   one line instead of indented\n";

static const char export_usage[] = "Usage: embargo [--db FILE] export [--format ftm] [--out FILE]\n"
                                   "Write every entity as FollowTheMoney JSON, one object a line.\n"
                                   "\n"
                                   "  --format ftm   output format (only ftm)\n"
                                   "  --out FILE     write to FILE (default: standard output)\n";

enum { OPT_JSON = 100, OPT_COMPACT, OPT_FORMAT, OPT_OUT };

static const cli_opt entity_opts[] = {
    {"--json", NULL, 0, OPT_JSON},
    {"--compact", NULL, 0, OPT_COMPACT},
    {NULL, NULL, 0, 0},
};

static const cli_opt export_opts[] = {
    {"--format", "-f", 1, OPT_FORMAT},
    {"--out", "-o", 1, OPT_OUT},
    {NULL, NULL, 0, 0},
};

static void entity_error(const cli_snap *cs, uint32_t index, emb_status st)
{
    cli_error("%s: entity %lu: %s", cs->path, (unsigned long)index, emb_strerror(st));
}

int cli_cmd_entity(cli_ctx *ctx, int argc, char **argv)
{
    const char *eid = NULL, *v = NULL;
    int compact = 0, id;
    cli_opts p;
    cli_opts_init(&p, "entity", argc, argv, entity_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        switch (id) {
        case CLI_OPT_HELP:
            cli_print_help(entity_usage);
            return CLI_EXIT_OK;
        case OPT_JSON:
            break;
        case OPT_COMPACT:
            compact = 1;
            break;
        case CLI_OPTS_POSITIONAL:
            if (eid)
                return cli_usage_error("entity", "unexpected argument '%s'", v);
            eid = v;
            break;
        default:
            return CLI_EXIT_FAIL;
        }
    }
    if (!eid)
        return cli_usage_error("entity", "missing ID");
    size_t bad = 0;
    if (!cli_utf8_valid(eid, strlen(eid), &bad)) {
        cli_error("entity: ID is not valid UTF-8 (byte %zu)", bad + 1);
        return CLI_EXIT_FAIL;
    }
    cli_snap cs;
    if (cli_snap_open(&cs, ctx) != CLI_EXIT_OK)
        return CLI_EXIT_FAIL;
    int rc = CLI_EXIT_FAIL;
    uint32_t index = 0;
    emb_status st = emb_entity_find(cs.s, eid, strlen(eid), &index);
    if (st == EMB_ENOTFOUND) {
        cli_error("entity: no entity '%s' in %s", eid, cs.path);
    } else if (st != EMB_OK) {
        cli_error("%s: finding '%s': %s", cs.path, eid, emb_strerror(st));
    } else {
        json_t *o = cli_entity_json(&cs, index, &st);
        if (!o)
            entity_error(&cs, index, st);
        else if (cli_json_print(stdout, o, compact ? JSON_COMPACT : JSON_INDENT(2)) == 0)
            rc = CLI_EXIT_OK;
        json_decref(o);
    }
    cli_snap_close(&cs);
    return rc;
}

int cli_cmd_export(cli_ctx *ctx, int argc, char **argv)
{
    const char *out_path = NULL, *v = NULL;
    int id;
    cli_opts p;
    cli_opts_init(&p, "export", argc, argv, export_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        switch (id) {
        case CLI_OPT_HELP:
            cli_print_help(export_usage);
            return CLI_EXIT_OK;
        case OPT_FORMAT:
            if (strcmp(v, "ftm") != 0)
                return cli_usage_error("export", "unknown export format '%s' (known: ftm)", v);
            break;
        case OPT_OUT:
            if (v[0] == '\0')
                return cli_usage_error("export", "option '--out' needs a file name");
            out_path = strcmp(v, "-") == 0 ? NULL : v;
            break;
        case CLI_OPTS_POSITIONAL:
            return cli_usage_error("export", "unexpected argument '%s'", v);
        default:
            return CLI_EXIT_FAIL;
        }
    }
    cli_snap cs;
    if (cli_snap_open(&cs, ctx) != CLI_EXIT_OK)
        return CLI_EXIT_FAIL;
    int rc = CLI_EXIT_FAIL;
    FILE *out = stdout;
    char *tmp = NULL;
    if (out_path) {
        size_t n = strlen(out_path);
        tmp = malloc(n + 5);
        if (!tmp) {
            cli_error("out of memory");
            goto done;
        }
        memcpy(tmp, out_path, n);
        memcpy(tmp + n, ".tmp", 5);
        out = fopen(tmp, "w");
        if (!out) {
            cli_error("%s: %s", tmp, strerror(errno));
            goto done;
        }
    }
    size_t n = cs.info.entity_count;
    if (n > UINT32_MAX) {
        cli_error("%s: too many entities", cs.path);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        emb_status st;
        json_t *o = cli_entity_json(&cs, (uint32_t)i, &st);
        if (!o) {
            entity_error(&cs, (uint32_t)i, st);
            goto done;
        }
        int bad = cli_json_print(out, o, JSON_COMPACT);
        json_decref(o);
        if (bad) {
            cli_error("%s: write error", out_path ? tmp : "<stdout>");
            goto done;
        }
    }
    if (cli_check_stream(out, out_path ? tmp : "<stdout>"))
        goto done;
    rc = CLI_EXIT_OK;
done:
    if (out && out != stdout) {
        if (fclose(out) != 0 && rc == CLI_EXIT_OK) {
            cli_error("%s: write error", tmp);
            rc = CLI_EXIT_FAIL;
        }
        if (rc == CLI_EXIT_OK && rename(tmp, out_path) != 0) {
            cli_error("%s: %s", out_path, strerror(errno));
            rc = CLI_EXIT_FAIL;
        }
        if (rc != CLI_EXIT_OK)
            remove(tmp);
    }
    free(tmp);
    cli_snap_close(&cs);
    return rc;
}
