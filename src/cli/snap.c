/*
 * snap.c - opening the snapshot a command works on (--db, $EMBARGO_DB or
 * the compiled-in default), caching dataset names, and rendering one entity
 * as a FollowTheMoney JSON object (used by `entity`, `export` and nothing
 * else, so the two cannot drift).
 *
 * Entity JSON shape: {"id", "schema", "caption", "properties": {prop:
 * [values]}, "datasets": [names]}.  Property names are sorted (bytewise) and
 * each property's values keep their stored order, so the output does not
 * depend on the order a list reader emitted properties in.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cli_snap_open(cli_snap *cs, const cli_ctx *ctx)
{
    emb_error err;
    memset(cs, 0, sizeof *cs);
    memset(&err, 0, sizeof err);
    cs->path = ctx->db;
    emb_status st = emb_snapshot_open_flags(&cs->s, cs->path, ctx->load ? EMB_OPEN_LOAD : 0u, &err);
    if (st != EMB_OK) {
        cs->s = NULL;
        cli_lib_error(st, &err, cs->path);
        struct stat sb;
        if (stat(cs->path, &sb) != 0)
            fprintf(stderr,
                    "embargo: no snapshot at '%s'; build one with 'embargo build "
                    "--default -o FILE' and pass it with --db FILE\n",
                    cs->path);
        return CLI_EXIT_FAIL;
    }
    emb_snapshot_get_info(cs->s, &cs->info);
    cs->ndatasets = cs->info.dataset_count;
    if (cs->ndatasets) {
        cs->dataset_names = calloc(cs->ndatasets, sizeof *cs->dataset_names);
        if (!cs->dataset_names) {
            cli_error("%s: out of memory", cs->path);
            cli_snap_close(cs);
            return CLI_EXIT_FAIL;
        }
    }
    for (size_t i = 0; i < cs->ndatasets; i++) {
        emb_dataset_info di;
        st = emb_snapshot_dataset(cs->s, i, &di);
        if (st != EMB_OK) {
            cli_error("%s: dataset %zu: %s", cs->path, i, emb_strerror(st));
            cli_snap_close(cs);
            return CLI_EXIT_FAIL;
        }
        /* di.name may live in a buffer the next call reuses: keep a copy. */
        const char *nm = di.name ? di.name : "?";
        size_t n = strlen(nm);
        char *copy = malloc(n + 1);
        if (!copy) {
            cli_error("%s: out of memory", cs->path);
            cli_snap_close(cs);
            return CLI_EXIT_FAIL;
        }
        memcpy(copy, nm, n + 1);
        cs->dataset_names[i] = copy;
    }
    return CLI_EXIT_OK;
}

void cli_snap_close(cli_snap *cs)
{
    if (!cs)
        return;
    emb_snapshot_close(cs->s);
    for (size_t i = 0; cs->dataset_names && i < cs->ndatasets; i++)
        free(cs->dataset_names[i]);
    free(cs->dataset_names);
    cs->s = NULL;
    cs->dataset_names = NULL;
    cs->ndatasets = 0;
}

const char *cli_snap_dataset_name(const cli_snap *cs, uint32_t i)
{
    if (i >= cs->ndatasets)
        return "?";
    return cs->dataset_names[i];
}

typedef struct prop_pair {
    emb_str name, value;
    size_t order;
} prop_pair;

static int pair_cmp(const void *a, const void *b)
{
    const prop_pair *x = a, *y = b;
    size_t n = x->name.len < y->name.len ? x->name.len : y->name.len;
    int c = n ? memcmp(x->name.ptr, y->name.ptr, n) : 0;
    if (c)
        return c;
    if (x->name.len != y->name.len)
        return x->name.len < y->name.len ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int str_eq(emb_str a, emb_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Builds the "properties" object from the entity's (name, value) pairs. */
static json_t *props_json(const cli_snap *cs, uint32_t index, emb_status *st)
{
    size_t n = emb_entity_prop_count(cs->s, index);
    prop_pair *pairs = n ? calloc(n, sizeof *pairs) : NULL;
    json_t *obj = json_object();
    cli_buf key = {NULL, 0};
    if ((n && !pairs) || !obj) {
        *st = EMB_ENOMEM;
        goto fail;
    }
    for (size_t j = 0; j < n; j++) {
        *st = emb_entity_prop(cs->s, index, j, &pairs[j].name, &pairs[j].value);
        if (*st != EMB_OK)
            goto fail;
        pairs[j].order = j;
    }
    if (n > 1)
        qsort(pairs, n, sizeof *pairs, pair_cmp);
    json_t *arr = NULL;
    for (size_t j = 0; j < n; j++) {
        if (j == 0 || !str_eq(pairs[j - 1].name, pairs[j].name)) {
            const char *k = cli_buf_str(&key, pairs[j].name.ptr, pairs[j].name.len);
            arr = json_array();
            if (!k || !arr || json_object_set_new(obj, k, arr) != 0) {
                *st = k && arr ? EMB_EUTF8 : EMB_ENOMEM;
                goto fail;
            }
        }
        json_t *v = json_stringn(pairs[j].value.ptr, pairs[j].value.len);
        if (!v || json_array_append_new(arr, v) != 0) {
            *st = EMB_EUTF8;
            goto fail;
        }
    }
    free(pairs);
    cli_buf_free(&key);
    *st = EMB_OK;
    return obj;
fail:
    free(pairs);
    cli_buf_free(&key);
    json_decref(obj);
    return NULL;
}

json_t *cli_entity_json(const cli_snap *cs, uint32_t index, emb_status *st)
{
    emb_str id, caption;
    emb_schema schema;
    uint32_t ds;
    json_t *o = NULL, *props = NULL;
    if ((*st = emb_entity_id(cs->s, index, &id)) != EMB_OK ||
        (*st = emb_entity_schema(cs->s, index, &schema)) != EMB_OK ||
        (*st = emb_entity_caption(cs->s, index, &caption)) != EMB_OK ||
        (*st = emb_entity_dataset(cs->s, index, &ds)) != EMB_OK)
        return NULL;
    const char *schema_name = emb_schema_name(schema);
    if (!schema_name) {
        *st = EMB_ECORRUPT;
        return NULL;
    }
    props = props_json(cs, index, st);
    if (!props)
        return NULL;
    o = json_pack("{s:s%, s:s, s:s%, s:o, s:[s]}", "id", id.ptr, id.len, "schema", schema_name,
                  "caption", caption.ptr, caption.len, "properties", props, "datasets",
                  cli_snap_dataset_name(cs, ds));
    if (!o) /* json_pack steals props even on failure ("o") */
        *st = EMB_EUTF8;
    return o;
}
