/*
 * cmd_build.c - `embargo build`: compiles lists into a snapshot file.
 *
 * Lists come from --list FORMAT:PATH (a bare PATH lets the library detect
 * the format) and from --default, which reads DATA_DIR/default-lists.txt
 * (one "format:path" a line, paths relative to the directory holding the
 * data directory, '#' comments).  Any fatal list error is printed as
 * "embargo: file:line:column: message" and the command exits 2 before
 * anything is written; the library writes the snapshot to a temporary name
 * and renames it, so a failed build never leaves a partial file.  The
 * summary (stderr, unless --quiet) is read back from the written snapshot,
 * which also proves it opens.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef EMB_DATA_DIR
#define EMB_DATA_DIR "data"
#endif

#define DEFAULT_LISTS_FILE "default-lists.txt"

static const char build_usage[] =
    "Usage: embargo build [--list FORMAT:PATH]... [--default] [--data-dir DIR]\n"
    "                     [--strict] [--warnings N|all] -o FILE\n"
    "Compile sanctions lists into a snapshot file.\n"
    "\n"
    "  --list FORMAT:PATH  add a list; a bare PATH detects the format\n"
    "                      (repeatable; formats: see docs/lists.md)\n"
    "  --default           add the lists named in DATA_DIR/" DEFAULT_LISTS_FILE "\n"
    "  --data-dir DIR      data directory for --default (default: " EMB_DATA_DIR ")\n"
    "  --strict            a record that cannot be used is a fatal error\n"
    "  --warnings N|all    warnings shown in detail (default: 20)\n"
    "  -o, --out FILE      snapshot to write (required)\n"
    "  --quiet, -q         print nothing but errors\n";

enum { OPT_LIST = 100, OPT_DEFAULT, OPT_DATA_DIR, OPT_STRICT, OPT_WARNINGS, OPT_OUT };

static const cli_opt build_opts[] = {
    {"--list", "-l", 1, OPT_LIST},         {"--default", NULL, 0, OPT_DEFAULT},
    {"--data-dir", NULL, 1, OPT_DATA_DIR}, {"--strict", NULL, 0, OPT_STRICT},
    {"--warnings", NULL, 1, OPT_WARNINGS}, {"--out", "-o", 1, OPT_OUT},
    {"--output", NULL, 1, OPT_OUT},        {NULL, NULL, 0, 0},
};

typedef struct list_spec {
    char *format; /* NULL: detect */
    char *path;
} list_spec;

typedef struct spec_list {
    list_spec items[CLI_MAX_LISTS];
    size_t n;
} spec_list;

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int is_known_format(const char *s, size_t len)
{
    const char *const *f = emb_list_formats();
    for (; f && *f; f++)
        if (strlen(*f) == len && memcmp(*f, s, len) == 0)
            return 1;
    return 0;
}

static void known_formats(char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (const char *const *f = emb_list_formats(); f && *f; f++) {
        int w = snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", *f);
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
}

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Splits "FORMAT:PATH" or "PATH"; base (may be NULL) prefixes a relative
 * path.  Returns NULL on success, else a message in msg. */
static const char *spec_parse(const char *spec, const char *base, list_spec *out, char *msg,
                              size_t cap)
{
    const char *colon = strchr(spec, ':');
    const char *path = spec;
    out->format = NULL;
    out->path = NULL;
    if (colon) {
        size_t flen = (size_t)(colon - spec);
        if (is_known_format(spec, flen)) {
            out->format = dup_n(spec, flen);
            if (!out->format)
                return "out of memory";
            path = colon + 1;
        } else if (!file_exists(spec)) {
            char known[512];
            known_formats(known, sizeof known);
            snprintf(msg, cap, "unknown list format '%.*s' (known: %s)", (int)flen, spec, known);
            return msg;
        }
    }
    if (path[0] == '\0') {
        free(out->format);
        out->format = NULL;
        snprintf(msg, cap, "'%s' names no file", spec);
        return msg;
    }
    size_t plen = strlen(path);
    if (base && path[0] != '/') {
        size_t blen = strlen(base);
        out->path = malloc(blen + plen + 2);
        if (out->path) {
            memcpy(out->path, base, blen);
            out->path[blen] = '/';
            memcpy(out->path + blen + 1, path, plen + 1);
        }
    } else {
        out->path = dup_n(path, plen);
    }
    if (!out->path) {
        free(out->format);
        out->format = NULL;
        return "out of memory";
    }
    return NULL;
}

static int spec_add(spec_list *l, const list_spec *s)
{
    if (l->n >= CLI_MAX_LISTS) {
        free(s->format);
        free(s->path);
        cli_error("too many lists (at most %d)", CLI_MAX_LISTS);
        return 1;
    }
    l->items[l->n++] = *s;
    return 0;
}

static void specs_free(spec_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].format);
        free(l->items[i].path);
    }
    l->n = 0;
}

/* The directory holding dir, lexically ("data" -> ".", "/x/data/" -> "/x"),
 * or dir + "/.." when the last component is "." or "..". */
static char *parent_dir(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t end = n;
    while (end > 0 && dir[end - 1] != '/')
        end--;
    const char *last = dir + end;
    size_t llen = n - end;
    if ((llen == 1 && last[0] == '.') || (llen == 2 && last[0] == '.' && last[1] == '.')) {
        char *p = malloc(n + 4);
        if (p) {
            memcpy(p, dir, n);
            memcpy(p + n, "/..", 4);
        }
        return p;
    }
    if (end == 0)
        return dup_n(".", 1);
    while (end > 1 && dir[end - 1] == '/')
        end--;
    return dup_n(dir, end);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Appends the lists of DIR/default-lists.txt. */
static int read_default_lists(const char *dir, spec_list *l)
{
    size_t dlen = strlen(dir);
    char *file = malloc(dlen + sizeof DEFAULT_LISTS_FILE + 1);
    char *base = parent_dir(dir);
    char *line = NULL;
    size_t lcap = 0, lineno = 0, added = 0;
    int rc = CLI_EXIT_FAIL;
    FILE *f = NULL;
    if (!file || !base) {
        cli_error("out of memory");
        goto done;
    }
    memcpy(file, dir, dlen);
    file[dlen] = '/';
    memcpy(file + dlen + 1, DEFAULT_LISTS_FILE, sizeof DEFAULT_LISTS_FILE);
    f = fopen(file, "r");
    if (!f) {
        cli_error("%s: %s", file, strerror(errno));
        goto done;
    }
    for (;;) {
        errno = 0;
        ssize_t got = getline(&line, &lcap, f);
        if (got < 0) {
            if (ferror(f)) {
                cli_error("%s: read error", file);
                goto done;
            }
            break;
        }
        lineno++;
        char *s = trim(line);
        if (s[0] == '\0' || s[0] == '#')
            continue;
        list_spec spec;
        char msg[768];
        const char *e = spec_parse(s, base, &spec, msg, sizeof msg);
        if (e) {
            cli_error("%s:%zu: %s", file, lineno, e);
            goto done;
        }
        if (spec_add(l, &spec))
            goto done;
        added++;
    }
    if (added == 0) {
        cli_error("%s: names no lists", file);
        goto done;
    }
    rc = CLI_EXIT_OK;
done:
    if (f)
        fclose(f);
    free(line);
    free(file);
    free(base);
    return rc;
}

/* Prints the per-dataset summary of the written snapshot. */
static int print_summary(const char *out, size_t nwarn)
{
    cli_ctx c = {out, 1, 0};
    cli_snap cs;
    if (cli_snap_open(&cs, &c) != CLI_EXIT_OK)
        return CLI_EXIT_FAIL;
    fprintf(stderr, "embargo: wrote %s: %zu entities from %zu datasets, %zu warnings\n", out,
            cs.info.entity_count, cs.info.dataset_count, nwarn);
    fprintf(stderr, "  %-28s %-10s %9s %9s %8s %8s\n", "dataset", "format", "entities", "read",
            "skipped", "warnings");
    for (size_t i = 0; i < cs.ndatasets; i++) {
        emb_dataset_info di;
        emb_status st = emb_snapshot_dataset(cs.s, i, &di);
        if (st != EMB_OK) {
            cli_error("%s: dataset %zu: %s", out, i, emb_strerror(st));
            cli_snap_close(&cs);
            return CLI_EXIT_FAIL;
        }
        fprintf(stderr, "  %-28s %-10s %9zu %9zu %8zu %8zu\n", di.name ? di.name : "?",
                di.format ? di.format : "?", di.entity_count, di.records_read, di.records_skipped,
                di.warnings);
    }
    cli_snap_close(&cs);
    return CLI_EXIT_OK;
}

static void print_warnings(const emb_builder *b, size_t show)
{
    size_t total = emb_builder_warning_count(b);
    if (total == 0 || show == 0)
        return;
    size_t n = total < show ? total : show;
    if (n == total)
        fprintf(stderr, "warnings:\n");
    else
        fprintf(stderr, "warnings (first %zu of %zu):\n", n, total);
    size_t i = 0;
    for (; i < n; i++) {
        const emb_warning *w = emb_builder_warning(b, i);
        if (!w)
            break;
        const char *file = w->file && w->file[0] ? w->file : (w->dataset ? w->dataset : "?");
        if (w->line)
            fprintf(stderr, "  %s:%llu: %s\n", file, (unsigned long long)w->line,
                    w->reason ? w->reason : "");
        else
            fprintf(stderr, "  %s: %s\n", file, w->reason ? w->reason : "");
    }
    if (i < total)
        fprintf(stderr, "  ... %zu more%s\n", total - i,
                i < n ? " (not kept in detail)" : " (--warnings all shows every one)");
}

int cli_cmd_build(cli_ctx *ctx, int argc, char **argv)
{
    static spec_list specs; /* large: keep it off the stack */
    const char *out = NULL, *data_dir = EMB_DATA_DIR, *v = NULL;
    int use_default = 0, strict = 0, rc = CLI_EXIT_FAIL, id;
    size_t show = 20;
    emb_builder *b = NULL;
    emb_error err;
    memset(&err, 0, sizeof err);
    specs.n = 0;

    cli_opts p;
    cli_opts_init(&p, "build", argc, argv, build_opts);
    while ((id = cli_opts_next(&p, ctx, &v)) != CLI_OPTS_END) {
        list_spec spec;
        char msg[768];
        const char *e;
        switch (id) {
        case CLI_OPTS_ERROR:
            goto done;
        case CLI_OPT_HELP:
            cli_print_help(build_usage);
            rc = CLI_EXIT_OK;
            goto done;
        case CLI_OPTS_POSITIONAL:
            cli_usage_error("build", "unexpected argument '%s' (use --list FORMAT:PATH)", v);
            goto done;
        case OPT_LIST:
            if ((e = spec_parse(v, NULL, &spec, msg, sizeof msg)) != NULL) {
                cli_usage_error("build", "--list %s: %s", v, e);
                goto done;
            }
            if (spec_add(&specs, &spec))
                goto done;
            break;
        case OPT_DEFAULT:
            use_default = 1;
            break;
        case OPT_DATA_DIR:
            if (v[0] == '\0') {
                cli_usage_error("build", "option '--data-dir' needs a directory");
                goto done;
            }
            data_dir = v;
            break;
        case OPT_STRICT:
            strict = 1;
            break;
        case OPT_WARNINGS:
            if (strcmp(v, "all") == 0)
                show = SIZE_MAX;
            else if (cli_parse_size("build", "--warnings", v, 0, 100000000, &show))
                goto done;
            break;
        case OPT_OUT:
            if (v[0] == '\0') {
                cli_usage_error("build", "option '-o' needs a file name");
                goto done;
            }
            out = v;
            break;
        default:
            goto done;
        }
    }
    if (!out) {
        cli_usage_error("build", "no output file (use -o FILE)");
        goto done;
    }
    if (use_default) {
        /* The default lists go first, then any --list in the order given. */
        spec_list extra = specs;
        specs.n = 0;
        if (read_default_lists(data_dir, &specs) != CLI_EXIT_OK) {
            specs_free(&extra);
            goto done;
        }
        for (size_t i = 0; i < extra.n; i++)
            if (spec_add(&specs, &extra.items[i])) {
                for (size_t j = i + 1; j < extra.n; j++) {
                    free(extra.items[j].format);
                    free(extra.items[j].path);
                }
                goto done;
            }
    }
    if (specs.n == 0) {
        cli_usage_error("build", "no lists (use --list FORMAT:PATH or --default)");
        goto done;
    }

    emb_status st = emb_builder_new(&b, strict ? EMB_BUILD_STRICT : 0u, &err);
    if (st != EMB_OK) {
        b = NULL;
        cli_lib_error(st, &err, NULL);
        goto done;
    }
    for (size_t i = 0; i < specs.n; i++) {
        const list_spec *s = &specs.items[i];
        memset(&err, 0, sizeof err);
        st = emb_builder_add_list(b, s->format, s->path, &err);
        if (st != EMB_OK) {
            cli_lib_error(st, &err, s->path);
            goto done;
        }
    }
    memset(&err, 0, sizeof err);
    st = emb_builder_write(b, out, &err);
    if (st != EMB_OK) {
        cli_lib_error(st, &err, out);
        goto done;
    }
    rc = CLI_EXIT_OK;
    if (!ctx->quiet) {
        rc = print_summary(out, emb_builder_warning_count(b));
        print_warnings(b, show);
    }
done:
    emb_builder_free(b);
    specs_free(&specs);
    return rc;
}
