/*
 * cmd_info.c - `embargo info`: describes a snapshot - format version, hash,
 * build time and builder, size, entity and name counts, every dataset
 * (title, format, list date, entities by schema, records read and skipped,
 * warnings, source files with SHA-256) and the section table.  --verify
 * runs the deep check (emb_snapshot_verify) first; --json prints one JSON
 * object instead of text (shape in docs/cli.md).
 */
#include "cli.h"

#include <string.h>

static const char info_usage[] =
    "Usage: embargo [--db FILE] info [--json] [--verify]\n"
    "Describe a snapshot: datasets, counts, sources and sections.\n"
    "\n"
    "  --json     print one JSON object\n"
    "  --verify   verify every checksum and offset first (exit 2 if damaged)\n";

enum { OPT_JSON = 100, OPT_VERIFY };

static const cli_opt info_opts[] = {
    {"--json", NULL, 0, OPT_JSON},
    {"--verify", NULL, 0, OPT_VERIFY},
    {NULL, NULL, 0, 0},
};

/* Everything about dataset i, gathered once for both output forms. */
typedef struct ds_full {
    emb_dataset_info di;
    size_t schemas[EMB_SCHEMA__COUNT];
} ds_full;

static int ds_load(const cli_snap *cs, size_t i, ds_full *d)
{
    emb_status st = emb_snapshot_dataset(cs->s, i, &d->di);
    if (st == EMB_OK)
        st = emb_snapshot_dataset_schemas(cs->s, i, d->schemas);
    if (st != EMB_OK) {
        cli_error("%s: dataset %zu: %s", cs->path, i, emb_strerror(st));
        return 1;
    }
    return 0;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

static json_t *info_json(const cli_snap *cs, int verified, emb_status *st)
{
    const emb_snapshot_info *in = &cs->info;
    char when[64], version[32];
    cli_format_time(in->built_at, when, sizeof when);
    snprintf(version, sizeof version, "%u.%u", in->format_major, in->format_minor);
    json_t *datasets = json_array(), *sections = json_array();
    json_t *o =
        json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:I, s:s, s:I, s:I, s:I}", "path", cs->path,
                  "format_version", version, "format_major", (int)in->format_major, "format_minor",
                  (int)in->format_minor, "hash", in->hash, "built_at", when, "built_at_unix",
                  (json_int_t)in->built_at, "builder", nz(in->builder), "file_size",
                  (json_int_t)in->file_size, "entity_count", (json_int_t)in->entity_count,
                  "name_count", (json_int_t)in->name_count);
    *st = EMB_ENOMEM;
    if (!o || !datasets || !sections)
        goto fail;
    for (size_t i = 0; i < cs->info.dataset_count; i++) {
        ds_full d;
        if (ds_load(cs, i, &d)) {
            *st = EMB_ECORRUPT;
            goto fail;
        }
        json_t *schemas = json_object(), *sources = json_array();
        if (!schemas || !sources) {
            json_decref(schemas);
            json_decref(sources);
            goto fail;
        }
        for (int k = 0; k < (int)EMB_SCHEMA__COUNT; k++)
            if (d.schemas[k])
                json_object_set_new(schemas, emb_schema_name((emb_schema)k),
                                    json_integer((json_int_t)d.schemas[k]));
        for (size_t j = 0; j < d.di.source_count; j++) {
            emb_source_info si;
            if ((*st = emb_snapshot_dataset_source(cs->s, i, j, &si)) != EMB_OK) {
                cli_error("%s: dataset %zu source %zu: %s", cs->path, i, j, emb_strerror(*st));
                json_decref(schemas);
                json_decref(sources);
                goto fail;
            }
            json_array_append_new(
                sources, json_pack("{s:s, s:s}", "path", nz(si.path), "sha256", si.sha256));
        }
        json_t *dj = json_pack(
            "{s:s, s:s, s:s, s:s, s:I, s:o, s:I, s:I, s:I, s:o}", "name", nz(d.di.name), "title",
            nz(d.di.title), "format", nz(d.di.format), "list_date", nz(d.di.list_date),
            "entity_count", (json_int_t)d.di.entity_count, "schemas", schemas, "records_read",
            (json_int_t)d.di.records_read, "records_skipped", (json_int_t)d.di.records_skipped,
            "warnings", (json_int_t)d.di.warnings, "sources", sources);
        *st = EMB_ENOMEM;
        if (!dj || json_array_append_new(datasets, dj) != 0)
            goto fail;
    }
    for (size_t i = 0; i < cs->info.section_count; i++) {
        emb_section_info sec;
        if ((*st = emb_snapshot_section(cs->s, i, &sec)) != EMB_OK) {
            cli_error("%s: section %zu: %s", cs->path, i, emb_strerror(*st));
            goto fail;
        }
        json_array_append_new(sections,
                              json_pack("{s:s, s:I, s:I, s:I}", "name", sec.name, "offset",
                                        (json_int_t)sec.offset, "size", (json_int_t)sec.size,
                                        "checksum", (json_int_t)sec.checksum));
    }
    json_object_set_new(o, "datasets", datasets);
    json_object_set_new(o, "sections", sections);
    if (verified)
        json_object_set_new(o, "verified", json_true());
    *st = EMB_OK;
    return o;
fail:
    json_decref(o);
    json_decref(datasets);
    json_decref(sections);
    return NULL;
}

static int info_text(const cli_snap *cs, int verified)
{
    const emb_snapshot_info *in = &cs->info;
    char when[64];
    cli_format_time(in->built_at, when, sizeof when);
    printf("snapshot   %s\n", cs->path);
    printf("format     %u.%u\n", in->format_major, in->format_minor);
    printf("hash       %s\n", in->hash);
    printf("built      %s\n", when);
    printf("builder    %s\n", nz(in->builder));
    printf("size       %llu bytes\n", (unsigned long long)in->file_size);
    printf("entities   %zu\n", in->entity_count);
    printf("names      %zu\n", in->name_count);
    printf("datasets   %zu\n", in->dataset_count);
    if (verified)
        printf("verified   ok\n");
    for (size_t i = 0; i < in->dataset_count; i++) {
        ds_full d;
        if (ds_load(cs, i, &d))
            return CLI_EXIT_FAIL;
        printf("\ndataset %s\n", nz(d.di.name));
        printf("  title      %s\n", nz(d.di.title));
        printf("  format     %s\n", nz(d.di.format));
        printf("  list date  %s\n", d.di.list_date && d.di.list_date[0] ? d.di.list_date : "-");
        printf("  entities   %zu", d.di.entity_count);
        const char *sep = " (";
        for (int k = 0; k < (int)EMB_SCHEMA__COUNT; k++) {
            if (!d.schemas[k])
                continue;
            printf("%s%s %zu", sep, emb_schema_name((emb_schema)k), d.schemas[k]);
            sep = ", ";
        }
        printf("%s\n", sep[0] == ',' ? ")" : "");
        printf("  records    %zu read, %zu skipped\n", d.di.records_read, d.di.records_skipped);
        printf("  warnings   %zu\n", d.di.warnings);
        for (size_t j = 0; j < d.di.source_count; j++) {
            emb_source_info si;
            emb_status st = emb_snapshot_dataset_source(cs->s, i, j, &si);
            if (st != EMB_OK) {
                cli_error("%s: dataset %zu source %zu: %s", cs->path, i, j, emb_strerror(st));
                return CLI_EXIT_FAIL;
            }
            printf("  source     %s\n             sha256 %s\n", nz(si.path), si.sha256);
        }
    }
    printf("\nsections\n  %-8s %12s %12s  %-8s\n", "name", "offset", "size", "checksum");
    for (size_t i = 0; i < in->section_count; i++) {
        emb_section_info sec;
        emb_status st = emb_snapshot_section(cs->s, i, &sec);
        if (st != EMB_OK) {
            cli_error("%s: section %zu: %s", cs->path, i, emb_strerror(st));
            return CLI_EXIT_FAIL;
        }
        printf("  %-8s %12llu %12llu  %08lx\n", sec.name, (unsigned long long)sec.offset,
               (unsigned long long)sec.size, (unsigned long)sec.checksum);
    }
    return CLI_EXIT_OK;
}

int cli_cmd_info(cli_ctx *ctx, int argc, char **argv)
{
    int json = 0, verify = 0, id;
    const char *v = NULL;
    cli_opts p;
    cli_opts_init(&p, "info", argc, argv, info_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        switch (id) {
        case CLI_OPT_HELP:
            cli_print_help(info_usage);
            return CLI_EXIT_OK;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_VERIFY:
            verify = 1;
            break;
        case CLI_OPTS_POSITIONAL:
            return cli_usage_error("info", "unexpected argument '%s'", v);
        default:
            return CLI_EXIT_FAIL;
        }
    }
    cli_snap cs;
    if (cli_snap_open(&cs, ctx) != CLI_EXIT_OK)
        return CLI_EXIT_FAIL;
    int rc = CLI_EXIT_OK;
    if (verify) {
        emb_error err;
        memset(&err, 0, sizeof err);
        emb_status st = emb_snapshot_verify(cs.s, &err);
        if (st != EMB_OK) {
            cli_lib_error(st, &err, cs.path);
            cli_snap_close(&cs);
            return CLI_EXIT_FAIL;
        }
    }
    if (json) {
        emb_status st;
        json_t *o = info_json(&cs, verify, &st);
        if (!o) {
            if (st == EMB_ENOMEM)
                cli_error("out of memory");
            rc = CLI_EXIT_FAIL;
        } else {
            if (cli_json_print(stdout, o, JSON_INDENT(2)))
                rc = CLI_EXIT_FAIL;
            json_decref(o);
        }
    } else {
        rc = info_text(&cs, verify);
    }
    cli_snap_close(&cs);
    return rc;
}
