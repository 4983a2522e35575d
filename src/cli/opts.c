/*
 * opts.c - the option parser every subcommand uses, and strict parsing of
 * option values (numbers, thresholds, schema names).
 *
 * Options are long ("--limit 5" or "--limit=5") with optional short aliases
 * ("-o FILE"); any other argument is positional, and "--" ends the options.
 * --help/-h, --db, --quiet and --load are accepted by every command.  Numbers are
 * parsed with strtoull/strtod and checked for trailing junk, sign, overflow
 * and range; an invalid value is a usage error (exit 2).
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt common_opts[] = {
    {"--help", "-h", 0, CLI_OPT_HELP},
    {"--db", NULL, 1, CLI_OPT_DB},
    {"--quiet", "-q", 0, CLI_OPT_QUIET},
    {"--load", NULL, 0, CLI_OPT_LOAD},
    {NULL, NULL, 0, 0},
};

void cli_opts_init(cli_opts *p, const char *cmd, int argc, char **argv, const cli_opt *table)
{
    p->cmd = cmd;
    p->argc = argc;
    p->argv = argv;
    p->i = 0;
    p->positional_only = 0;
    p->table = table;
}

/* Finds the option whose long name is arg[0..len) or whose alias is arg. */
static const cli_opt *opt_find(const cli_opt *table, const char *arg, size_t len)
{
    for (const cli_opt *o = table; o && o->name; o++) {
        if (strlen(o->name) == len && memcmp(o->name, arg, len) == 0)
            return o;
        if (o->alias && strlen(o->alias) == len && memcmp(o->alias, arg, len) == 0)
            return o;
    }
    return NULL;
}

int cli_opts_next(cli_opts *p, cli_ctx *ctx, const char **val)
{
    for (;;) {
        if (p->i >= p->argc)
            return CLI_OPTS_END;
        const char *arg = p->argv[p->i++];
        if (p->positional_only || arg[0] != '-' || arg[1] == '\0') {
            *val = arg;
            return CLI_OPTS_POSITIONAL;
        }
        if (strcmp(arg, "--") == 0) {
            p->positional_only = 1;
            continue;
        }
        size_t len = strlen(arg);
        const char *eq = NULL;
        if (arg[1] == '-') {
            eq = strchr(arg, '=');
            if (eq)
                len = (size_t)(eq - arg);
        }
        const cli_opt *o = opt_find(p->table, arg, len);
        if (!o)
            o = opt_find(common_opts, arg, len);
        if (!o) {
            cli_usage_error(p->cmd, "unknown option '%.*s'", (int)len, arg);
            return CLI_OPTS_ERROR;
        }
        const char *v = NULL;
        if (o->has_arg) {
            if (eq) {
                v = eq + 1;
            } else if (p->i < p->argc) {
                v = p->argv[p->i++];
            } else {
                cli_usage_error(p->cmd, "option '%s' needs a value", o->name);
                return CLI_OPTS_ERROR;
            }
        } else if (eq) {
            cli_usage_error(p->cmd, "option '%s' takes no value", o->name);
            return CLI_OPTS_ERROR;
        }
        if (o->id == CLI_OPT_DB) {
            if (v[0] == '\0') {
                cli_usage_error(p->cmd, "option '--db' needs a file name");
                return CLI_OPTS_ERROR;
            }
            ctx->db = v;
            continue;
        }
        if (o->id == CLI_OPT_QUIET) {
            ctx->quiet = 1;
            continue;
        }
        if (o->id == CLI_OPT_LOAD) {
            ctx->load = 1;
            continue;
        }
        *val = v;
        return o->id;
    }
}

int cli_parse_size(const char *cmd, const char *opt, const char *s, size_t lo, size_t hi,
                   size_t *out)
{
    int ok = s[0] != '\0';
    for (const char *c = s; ok && *c; c++)
        ok = *c >= '0' && *c <= '9';
    unsigned long long v = 0;
    if (ok) {
        char *end = NULL;
        errno = 0;
        v = strtoull(s, &end, 10);
        ok = errno == 0 && end && *end == '\0' && v >= lo && v <= hi;
    }
    if (!ok) {
        cli_usage_error(cmd, "%s: expected a whole number from %zu to %zu, got '%s'", opt, lo, hi,
                        s);
        return 1;
    }
    *out = (size_t)v;
    return 0;
}

int cli_parse_unit(const char *cmd, const char *opt, const char *s, double *out)
{
    /* Digits and one decimal point only: no sign, exponent, hex, inf or nan. */
    int ok = s[0] != '\0', dots = 0, digits = 0;
    for (const char *c = s; ok && *c; c++) {
        if (*c == '.')
            ok = ++dots <= 1;
        else if (*c >= '0' && *c <= '9')
            digits++;
        else
            ok = 0;
    }
    double v = 0.0;
    if (ok && digits > 0) {
        char *end = NULL;
        errno = 0;
        v = strtod(s, &end);
        ok = errno == 0 && end && *end == '\0' && isfinite(v) && v >= 0.0 && v <= 1.0;
    } else {
        ok = 0;
    }
    if (!ok) {
        cli_usage_error(cmd, "%s: expected a number from 0 to 1, got '%s'", opt, s);
        return 1;
    }
    *out = v;
    return 0;
}

int cli_parse_schema(const char *cmd, const char *s, emb_schema *out)
{
    if (emb_schema_parse(s, strlen(s), out) == EMB_OK)
        return 0;
    char known[256];
    size_t n = 0;
    known[0] = '\0';
    for (int i = 0; i < (int)EMB_SCHEMA__COUNT; i++) {
        const char *name = emb_schema_name((emb_schema)i);
        if (!name)
            continue;
        int w = snprintf(known + n, sizeof known - n, "%s%s", n ? ", " : "", name);
        if (w < 0 || (size_t)w >= sizeof known - n)
            break;
        n += (size_t)w;
    }
    cli_usage_error(cmd, "unknown schema '%s' (known: %s)", s, known);
    return 1;
}
