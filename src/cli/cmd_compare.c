/*
 * cmd_compare.c - `embargo compare NAME1 NAME2`: scores two names with
 * emb_compare_names, exactly as the matcher compares a query name with a
 * listed name, and prints the score and the explanation.  Uses the
 * snapshot's token weights when the snapshot file exists, and works
 * without one.
 */
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

/* Room for the explanation of two names of at most 4 KiB each. */
#define EXPLAIN_CAP ((size_t)256 << 10)

static const char compare_usage[] =
    "Usage: embargo compare NAME1 NAME2 [--schema S] [--json]\n"
    "Score two names against each other, as the matcher does.\n"
    "\n"
    "  --schema S   how to read the names: Person, Organization, Company,\n"
    "               LegalEntity, Vessel, Airplane or Thing (default: LegalEntity)\n"
    "  --json       print {\"name1\", \"name2\", \"schema\", \"score\", \"explanation\"}\n";

enum { OPT_SCHEMA = 100, OPT_JSON };

static const cli_opt compare_opts[] = {
    {"--schema", NULL, 1, OPT_SCHEMA},
    {"--json", NULL, 0, OPT_JSON},
    {NULL, NULL, 0, 0},
};

static int check_name(const char *what, const char *s)
{
    size_t bad = 0;
    if (!cli_utf8_valid(s, strlen(s), &bad)) {
        cli_error("compare: %s is not valid UTF-8 (byte %zu)", what, bad + 1);
        return 1;
    }
    if (s[strspn(s, " \t")] == '\0') {
        cli_usage_error("compare", "%s is empty", what);
        return 1;
    }
    return 0;
}

int cli_cmd_compare(cli_ctx *ctx, int argc, char **argv)
{
    const char *names[2] = {NULL, NULL}, *v = NULL;
    size_t nnames = 0;
    emb_schema schema = EMB_SCHEMA_LEGAL_ENTITY;
    int json = 0, id;
    cli_opts p;
    cli_opts_init(&p, "compare", argc, argv, compare_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        switch (id) {
        case CLI_OPT_HELP:
            cli_print_help(compare_usage);
            return CLI_EXIT_OK;
        case OPT_SCHEMA:
            if (cli_parse_schema("compare", v, &schema))
                return CLI_EXIT_FAIL;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case CLI_OPTS_POSITIONAL:
            if (nnames == 2)
                return cli_usage_error("compare",
                                       "unexpected argument '%s' (quote names "
                                       "that contain spaces)",
                                       v);
            names[nnames++] = v;
            break;
        default:
            return CLI_EXIT_FAIL;
        }
    }
    if (nnames < 2)
        return cli_usage_error("compare", "expected two names");
    if (check_name("NAME1", names[0]) || check_name("NAME2", names[1]))
        return CLI_EXIT_FAIL;

    /* Token weights come from the snapshot when there is one, as when
     * screening; without one every token weighs the same. */
    cli_snap cs;
    int have_snap = 0;
    struct stat sb;
    if (stat(ctx->db, &sb) == 0) {
        if (cli_snap_open(&cs, ctx) != CLI_EXIT_OK)
            return CLI_EXIT_FAIL;
        have_snap = 1;
    }
    cli_buf buf = {NULL, 0};
    emb_error err;
    memset(&err, 0, sizeof err);
    double score = 0.0;
    emb_status st = EMB_ENOMEM;
    if (cli_buf_reserve(&buf, EXPLAIN_CAP) == 0)
        st = emb_compare_names(have_snap ? cs.s : NULL, names[0], strlen(names[0]), names[1],
                               strlen(names[1]), schema, &score, buf.p, buf.cap, &err);
    if (have_snap)
        cli_snap_close(&cs);
    if (st != EMB_OK) {
        cli_lib_error(st, &err, NULL);
        cli_buf_free(&buf);
        return CLI_EXIT_FAIL;
    }
    size_t elen = strnlen(buf.p, buf.cap);
    json_t *expl = elen ? json_loadb(buf.p, elen, 0, NULL) : NULL;
    int rc = CLI_EXIT_OK;
    if (json) {
        if (!expl)
            expl = elen ? json_stringn(buf.p, elen) : json_null();
        json_t *o =
            json_pack("{s:s, s:s, s:s, s:f, s:o}", "name1", names[0], "name2", names[1], "schema",
                      emb_schema_name(schema), "score", score, "explanation", expl);
        expl = NULL;
        if (!o || cli_json_print(stdout, o, JSON_INDENT(2)))
            rc = CLI_EXIT_FAIL;
        json_decref(o);
    } else {
        printf("score  %.4f  (%s)\n", score, emb_schema_name(schema));
        if (expl) {
            cli_json_print(stdout, expl, JSON_INDENT(2));
        } else if (elen) {
            fwrite(buf.p, 1, elen, stdout);
            fputc('\n', stdout);
        }
    }
    json_decref(expl);
    cli_buf_free(&buf);
    return rc;
}
