/*
 * cmd_screen.c - `embargo screen NAME [options]`: screens one name (with
 * optional schema, birth date, countries and identifiers) and prints a
 * table of results, or with --json one object shaped like a `match` output
 * line.  Several positional words are joined with spaces, so
 * `embargo screen Kim Song Chol` works unquoted.
 *
 * Every option value is checked before the snapshot is opened: numbers
 * strictly (opts.c), dates as ISO 8601 prefixes, all text as UTF-8.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char screen_usage[] =
    "Usage: embargo [--db FILE] screen NAME [options]\n"
    "Screen one name against the snapshot.\n"
    "\n"
    "  --schema S        Person, Organization, Company, LegalEntity, Vessel,\n"
    "                    Airplane or Thing (default: the matcher's)\n"
    "  --birth-date D    YYYY, YYYY-MM or YYYY-MM-DD (repeatable)\n"
    "  --country C       country name or ISO code (repeatable)\n"
    "  --nationality C   nationality (repeatable)\n"
    "  --id X            identifier: passport, registration number... (repeatable)\n"
    "  --imo N           vessel IMO number, 7 digits (\"IMO 9305740\" or \"9305740\")\n"
    "  --limit N         most results, 1 to 1000 (default: 5)\n"
    "  --threshold T     score from 0 to 1 that counts as a match (default: 0.70)\n"
    "  --dataset NAME    only results from this dataset\n"
    "  --json            print one JSON object (like a `match` output line)\n"
    "  --explain         print each result's explanation after the table\n"
    "  --fail-on-match   exit 1 when a result is a match\n"
    "  --thorough        also take short listed words for misspellings of\n"
    "                    other listed words, and compare them so\n";

enum {
    OPT_SCHEMA = 100,
    OPT_BIRTH,
    OPT_COUNTRY,
    OPT_NATIONALITY,
    OPT_ID,
    OPT_IMO,
    OPT_LIMIT,
    OPT_THRESHOLD,
    OPT_DATASET,
    OPT_JSON,
    OPT_EXPLAIN,
    OPT_FAIL,
    OPT_THOROUGH
};

static const cli_opt screen_opts[] = {
    {"--schema", NULL, 1, OPT_SCHEMA},
    {"--birth-date", NULL, 1, OPT_BIRTH},
    {"--country", NULL, 1, OPT_COUNTRY},
    {"--nationality", NULL, 1, OPT_NATIONALITY},
    {"--id", NULL, 1, OPT_ID},
    {"--imo", NULL, 1, OPT_IMO},
    {"--limit", NULL, 1, OPT_LIMIT},
    {"--threshold", NULL, 1, OPT_THRESHOLD},
    {"--dataset", NULL, 1, OPT_DATASET},
    {"--json", NULL, 0, OPT_JSON},
    {"--explain", NULL, 0, OPT_EXPLAIN},
    {"--fail-on-match", NULL, 0, OPT_FAIL},
    {"--thorough", NULL, 0, OPT_THOROUGH},
    {NULL, NULL, 0, 0},
};

#define MAX_VALUES 64
#define MAX_NAME 4096

typedef struct prop_value {
    const char *prop;
    const char *value;
} prop_value;

/* 1 when s is YYYY, YYYY-MM or YYYY-MM-DD with a plausible month and day. */
static int valid_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    }
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return 0;
    }
    if (n == 10) {
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > 31)
            return 0;
    }
    return 1;
}

/* Accepts "1234567", "IMO1234567" or "IMO 1234567"; writes the 7 digits. */
static int valid_imo(const char *s, char out[8])
{
    if ((s[0] == 'I' || s[0] == 'i') && (s[1] == 'M' || s[1] == 'm') &&
        (s[2] == 'O' || s[2] == 'o')) {
        s += 3;
        if (*s == ' ')
            s++;
    }
    if (strlen(s) != 7)
        return 0;
    for (int i = 0; i < 7; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    memcpy(out, s, 8);
    return 1;
}

static int check_text(const char *what, const char *s)
{
    size_t bad = 0;
    if (!cli_utf8_valid(s, strlen(s), &bad)) {
        cli_error("screen: %s is not valid UTF-8 (byte %zu)", what, bad + 1);
        return 1;
    }
    if (s[strspn(s, " \t")] == '\0')
        return cli_usage_error("screen", "%s is empty", what) != 0;
    return 0;
}

int cli_cmd_screen(cli_ctx *ctx, int argc, char **argv)
{
    prop_value vals[MAX_VALUES];
    size_t nvals = 0, limit = 0;
    double threshold = -1.0;
    emb_schema schema = EMB_SCHEMA_THING;
    int have_schema = 0, json = 0, explain = 0, fail_on_match = 0, thorough = 0, id;
    const char *dataset = NULL, *v = NULL;
    char name[MAX_NAME], imo[8], imo_prefixed[16];
    int have_imo = 0;
    size_t name_len = 0;
    name[0] = '\0';

    cli_opts p;
    cli_opts_init(&p, "screen", argc, argv, screen_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        const char *prop = NULL, *what = NULL;
        switch (id) {
        case CLI_OPT_HELP:
            cli_print_help(screen_usage);
            return CLI_EXIT_OK;
        case CLI_OPTS_POSITIONAL: {
            size_t n = strlen(v);
            if (name_len + n + 2 > sizeof name)
                return cli_usage_error("screen", "NAME is longer than %d bytes", MAX_NAME - 1);
            if (name_len)
                name[name_len++] = ' ';
            memcpy(name + name_len, v, n + 1);
            name_len += n;
            break;
        }
        case OPT_SCHEMA:
            if (cli_parse_schema("screen", v, &schema))
                return CLI_EXIT_FAIL;
            have_schema = 1;
            break;
        case OPT_BIRTH:
            if (!valid_date(v))
                return cli_usage_error("screen",
                                       "--birth-date: expected YYYY, YYYY-MM or YYYY-MM-DD, "
                                       "got '%s'",
                                       v);
            prop = "birthDate", what = "--birth-date";
            break;
        case OPT_COUNTRY:
            prop = "country", what = "--country";
            break;
        case OPT_NATIONALITY:
            prop = "nationality", what = "--nationality";
            break;
        case OPT_ID:
            prop = "idNumber", what = "--id";
            break;
        case OPT_IMO:
            if (have_imo)
                return cli_usage_error("screen", "--imo given twice");
            if (!valid_imo(v, imo))
                return cli_usage_error("screen", "--imo: expected a 7-digit IMO number, got '%s'",
                                       v);
            /* Lists write the number both bare and as "IMO 1234567"; the
             * query carries both spellings of the one identifier. */
            memcpy(imo_prefixed, "IMO ", 4);
            memcpy(imo_prefixed + 4, imo, 8);
            if (nvals >= MAX_VALUES - 2)
                return cli_usage_error("screen", "too many values (at most %d)", MAX_VALUES - 2);
            vals[nvals].prop = "imoNumber";
            vals[nvals++].value = imo_prefixed;
            prop = "imoNumber", what = "--imo", v = imo;
            have_imo = 1;
            break;
        case OPT_LIMIT:
            if (cli_parse_size("screen", "--limit", v, 1, 1000, &limit))
                return CLI_EXIT_FAIL;
            break;
        case OPT_THRESHOLD:
            if (cli_parse_unit("screen", "--threshold", v, &threshold))
                return CLI_EXIT_FAIL;
            break;
        case OPT_DATASET:
            dataset = v;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_EXPLAIN:
            explain = 1;
            break;
        case OPT_FAIL:
            fail_on_match = 1;
            break;
        case OPT_THOROUGH:
            thorough = 1;
            break;
        default:
            return CLI_EXIT_FAIL;
        }
        if (prop) {
            if (check_text(what, v))
                return CLI_EXIT_FAIL;
            if (nvals >= MAX_VALUES - 1)
                return cli_usage_error("screen", "too many values (at most %d)", MAX_VALUES - 1);
            vals[nvals].prop = prop;
            vals[nvals].value = v;
            nvals++;
        }
    }
    if (name_len == 0 && nvals == 0)
        return cli_usage_error("screen", "missing NAME");
    if (name_len && check_text("NAME", name))
        return CLI_EXIT_FAIL;
    if (name_len == 0) {
        int ident = 0;
        for (size_t i = 0; i < nvals; i++)
            ident |=
                strcmp(vals[i].prop, "idNumber") == 0 || strcmp(vals[i].prop, "imoNumber") == 0;
        if (!ident)
            return cli_usage_error("screen", "missing NAME (or --id/--imo)");
    }

    cli_snap cs;
    cli_runner r;
    if (cli_snap_open(&cs, ctx) != CLI_EXIT_OK)
        return CLI_EXIT_FAIL;
    if (cli_runner_init(&r, &cs) != CLI_EXIT_OK) {
        cli_snap_close(&cs);
        return CLI_EXIT_FAIL;
    }
    int rc = CLI_EXIT_FAIL;
    emb_error err;
    emb_status st = EMB_OK;
    memset(&err, 0, sizeof err);
    if (have_schema)
        st = emb_query_set_schema(r.q, schema);
    if (st == EMB_OK && name_len)
        st = emb_query_add(r.q, "name", 4, name, name_len, &err);
    for (size_t i = 0; st == EMB_OK && i < nvals; i++)
        st = emb_query_add(r.q, vals[i].prop, strlen(vals[i].prop), vals[i].value,
                           strlen(vals[i].value), &err);
    if (st == EMB_OK && limit)
        st = emb_query_set_limit(r.q, limit);
    if (st == EMB_OK && threshold >= 0.0)
        st = emb_query_set_threshold(r.q, threshold);
    if (st == EMB_OK && dataset)
        st = emb_query_set_dataset(r.q, dataset, strlen(dataset), &err);
    if (st == EMB_OK)
        st = emb_query_set_thorough(r.q, thorough);
    if (st == EMB_OK)
        st = emb_query_run(r.q, &err);
    if (st != EMB_OK) {
        if (st == EMB_ENOTFOUND && dataset)
            cli_error("screen: no dataset named '%s' in %s", dataset, cs.path);
        else
            cli_lib_error(st, &err, NULL);
        goto done;
    }

    int any = 0;
    if (json) {
        json_t *res = cli_results_json(&r, &any, &err);
        json_t *line = res ? json_pack("{s:n, s:o}", "id", "results", res) : NULL;
        if (!line) {
            cli_lib_error(err.status ? err.status : EMB_ENOMEM, &err, NULL);
            goto done;
        }
        int bad = cli_json_print(stdout, line, JSON_COMPACT);
        json_decref(line);
        if (bad)
            goto done;
    } else {
        size_t n = emb_result_count(r.q);
        for (size_t i = 0; i < n; i++) {
            emb_result res;
            if (emb_result_get(r.q, i, &res) == EMB_OK && res.match)
                any = 1;
        }
        printf("Screening \"");
        cli_print_cell(stdout, name, name_len, cli_text_width(name, name_len));
        printf("\"%s%s: %zu result%s, threshold %.2f\n", have_schema ? " as " : "",
               have_schema ? emb_schema_name(schema) : "", n, n == 1 ? "" : "s",
               threshold >= 0.0 ? threshold : EMB_DEFAULT_THRESHOLD);
        if (cli_results_table(stdout, &r, explain, &err)) {
            cli_lib_error(err.status, &err, NULL);
            goto done;
        }
    }
    rc = any && fail_on_match ? CLI_EXIT_MATCH : CLI_EXIT_OK;
done:
    cli_runner_destroy(&r);
    cli_snap_close(&cs);
    return rc;
}
