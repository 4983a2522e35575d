/*
 * writer.c - compiles the build-time store into the snapshot layout of
 * format.h: core sections (strings, keys, datasets, sources, entities,
 * properties, id index), then the matching sections from the index builder,
 * then the header with checksums.  The file is written to "<path>.tmp.<pid>"
 * and renamed into place, so a failed build never leaves a partial snapshot.
 */
#include "writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "../base/hash.h"
#include "../index/index_build.h"
#include "format.h"
#include "sections.h"

typedef struct id_ref {
    const char *id;
    uint32_t len;
    uint32_t pos; /* index among the written entities */
} id_ref;

static int cmp_id(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->id, y->id, n);
    if (c)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

static emb_status put_str(emb__pool *pool, emb__fmt_str *out, const char *s, size_t n)
{
    out->len = (uint32_t)n;
    return emb__pool_put(pool, s, n, &out->off);
}

static emb_status core_sections(const emb__store *s, emb__secs *secs, emb__pool *pool,
                                emb__buf *strs)
{
    (void)strs;
    emb_status st = EMB_OK;
    emb__buf *keys = emb__secs_add(secs, "KEYS", sizeof(emb__fmt_str));
    emb__buf *dset = emb__secs_add(secs, "DSET", sizeof(emb__fmt_dataset));
    emb__buf *srcs = emb__secs_add(secs, "SRCS", sizeof(emb__fmt_source));
    emb__buf *ents = emb__secs_add(secs, "ENTS", sizeof(emb__fmt_entity));
    emb__buf *props = emb__secs_add(secs, "PROP", sizeof(emb__fmt_prop));
    emb__buf *idix = emb__secs_add(secs, "IDIX", sizeof(uint32_t));
    if (!keys || !dset || !srcs || !ents || !props || !idix)
        return EMB_EINTERNAL;

    size_t nkeys = EMB_P__COUNT + s->nkeys;
    for (size_t k = 0; k < nkeys; k++) {
        const char *name = emb__store_key_name(s, (uint32_t)k);
        emb__fmt_str fs;
        if ((st = put_str(pool, &fs, name, strlen(name))) ||
            (st = emb__buf_add(keys, &fs, sizeof fs)))
            return st;
    }

    uint32_t src_at = 0;
    for (size_t d = 0; d < s->ndatasets; d++) {
        const emb__dataset *ds = &s->datasets[d];
        emb__fmt_dataset fd;
        memset(&fd, 0, sizeof fd);
        if ((st = put_str(pool, &fd.name, ds->name, strlen(ds->name))) ||
            (st = put_str(pool, &fd.title, ds->title, strlen(ds->title))) ||
            (st = put_str(pool, &fd.format, ds->format, strlen(ds->format))) ||
            (st = put_str(pool, &fd.list_date, ds->list_date, strlen(ds->list_date))))
            return st;
        fd.records_read = (uint32_t)ds->records_read;
        fd.records_skipped = (uint32_t)ds->records_skipped;
        fd.warnings = (uint32_t)ds->warnings;
        fd.source_start = src_at;
        fd.source_count = (uint32_t)ds->nsources;
        for (size_t i = 0; i < s->nents; i++) {
            if (s->ents[i].dataset == d && !s->ents[i].dead) {
                fd.entity_count++;
                if (s->ents[i].schema < EMB_FMT_SCHEMAS)
                    fd.schema_counts[s->ents[i].schema]++;
            }
        }
        for (size_t j = 0; j < ds->nsources; j++) {
            emb__fmt_source fs;
            memset(&fs, 0, sizeof fs);
            const char *p = ds->sources[j].path ? ds->sources[j].path : "";
            if ((st = put_str(pool, &fs.path, p, strlen(p))))
                return st;
            memcpy(fs.sha256, ds->sources[j].sha256, 64);
            if ((st = emb__buf_add(srcs, &fs, sizeof fs)))
                return st;
        }
        src_at += (uint32_t)ds->nsources;
        if ((st = emb__buf_add(dset, &fd, sizeof fd)))
            return st;
    }

    uint32_t prop_at = 0, n_out = 0;
    for (size_t i = 0; i < s->nents; i++) {
        const emb__ent *e = &s->ents[i];
        if (e->dead)
            continue;
        emb__fmt_entity fe;
        memset(&fe, 0, sizeof fe);
        if ((st = put_str(pool, &fe.id, e->id, e->id_len)))
            return st;
        const emb__sprop *cap = emb__ent_first(e, EMB_P_NAME);
        if (!cap)
            cap = emb__ent_first(e, EMB_P_ALIAS);
        if (cap) {
            if ((st = put_str(pool, &fe.caption, cap->val, cap->len)))
                return st;
        } else if ((st = put_str(pool, &fe.caption, e->id, e->id_len)))
            return st;
        fe.prop_start = prop_at;
        fe.prop_count = e->nprops;
        fe.dataset = e->dataset;
        fe.schema = e->schema;
        for (uint32_t j = 0; j < e->nprops; j++) {
            emb__fmt_prop fp;
            fp.key = e->props[j].key;
            if ((st = put_str(pool, &fp.val, e->props[j].val, e->props[j].len)) ||
                (st = emb__buf_add(props, &fp, sizeof fp)))
                return st;
        }
        prop_at += e->nprops;
        if ((st = emb__buf_add(ents, &fe, sizeof fe)))
            return st;
        n_out++;
    }

    /* id index: written entities ordered by id */
    id_ref *refs = emb__calloc(n_out ? n_out : 1, sizeof *refs);
    uint32_t *order = emb__calloc(n_out ? n_out : 1, sizeof *order);
    if (!refs || !order) {
        emb__free(refs);
        emb__free(order);
        return EMB_ENOMEM;
    }
    uint32_t k = 0;
    for (size_t i = 0; i < s->nents; i++)
        if (!s->ents[i].dead) {
            refs[k] = (id_ref){s->ents[i].id, s->ents[i].id_len, k};
            k++;
        }
    qsort(refs, n_out, sizeof *refs, cmp_id);
    for (uint32_t i = 0; i < n_out; i++)
        order[i] = refs[i].pos;
    st = emb__buf_add(idix, order, (size_t)n_out * sizeof *order);
    emb__free(refs);
    emb__free(order);
    return st;
}

static emb_status write_all(FILE *fp, const void *p, size_t n)
{
    return fwrite(p, 1, n, fp) == n ? EMB_OK : EMB_EIO;
}

static emb_status write_file(emb__secs *secs, const char *path, emb_error *err)
{
    size_t nsec = secs->n;
    emb__fmt_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, EMB_FMT_MAGIC, sizeof EMB_FMT_MAGIC);
    h.major = EMB_FMT_MAJOR;
    h.minor = EMB_FMT_MINOR;
    h.endian = EMB_FMT_ENDIAN;
    const char *sde = getenv("SOURCE_DATE_EPOCH"); /* reproducible builds */
    h.built_at = sde ? (uint64_t)strtoull(sde, NULL, 10) : (uint64_t)time(NULL);
    h.section_count = (uint32_t)nsec;
    snprintf(h.builder, sizeof h.builder, "embargo %s", EMB_VERSION_STRING);

    emb__fmt_section table[EMB_FMT_MAX_SECTIONS];
    memset(table, 0, sizeof table);
    uint64_t at = sizeof h + nsec * sizeof(emb__fmt_section);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        return emb__errf(err, EMB_ENOMEM, "cannot start SHA-256");
    }
    for (size_t i = 0; i < nsec; i++) {
        at = (at + EMB_FMT_ALIGN - 1) & ~(uint64_t)(EMB_FMT_ALIGN - 1);
        emb__sec *x = &secs->items[i];
        memcpy(table[i].tag, x->tag, 8);
        table[i].offset = at;
        table[i].size = x->data.len;
        table[i].checksum = emb__checksum(x->data.data ? x->data.data : "", x->data.len);
        table[i].elem_size = x->elem_size;
        EVP_DigestUpdate(md, x->data.data ? x->data.data : "", x->data.len);
        at += x->data.len;
    }
    unsigned int mdlen = 0;
    EVP_DigestFinal_ex(md, h.content_hash, &mdlen);
    EVP_MD_CTX_free(md);
    h.file_size = at;
    /* header checksum over header + table with the checksum field zero */
    {
        size_t tn = nsec * sizeof(emb__fmt_section);
        unsigned char *tmp = emb__malloc(sizeof h + tn);
        if (!tmp)
            return emb__errf(err, EMB_ENOMEM, "out of memory");
        memcpy(tmp, &h, sizeof h);
        memcpy(tmp + sizeof h, table, tn);
        h.header_checksum = emb__checksum(tmp, sizeof h + tn);
        emb__free(tmp);
    }

    char tmpname[4200];
    snprintf(tmpname, sizeof tmpname, "%s.tmp.%ld", path, (long)getpid());
    FILE *fp = fopen(tmpname, "wb");
    if (!fp)
        return emb__err(err, EMB_EIO, tmpname, 0, 0, 0, "cannot create: %s", strerror(errno));
    emb_status st = write_all(fp, &h, sizeof h);
    if (!st)
        st = write_all(fp, table, nsec * sizeof(emb__fmt_section));
    uint64_t pos = sizeof h + nsec * sizeof(emb__fmt_section);
    static const char zeros[EMB_FMT_ALIGN];
    for (size_t i = 0; i < nsec && !st; i++) {
        if (table[i].offset > pos)
            st = write_all(fp, zeros, (size_t)(table[i].offset - pos));
        if (!st && secs->items[i].data.len)
            st = write_all(fp, secs->items[i].data.data, secs->items[i].data.len);
        pos = table[i].offset + table[i].size;
    }
    if (fclose(fp) != 0 && !st)
        st = EMB_EIO;
    if (!st && rename(tmpname, path) != 0)
        st = EMB_EIO;
    if (st) {
        int e = errno;
        remove(tmpname);
        return emb__err(err, st, path, 0, 0, 0, "cannot write snapshot: %s", strerror(e));
    }
    return EMB_OK;
}

emb_status emb__snapshot_write(const emb__store *s, const char *path, emb_error *err)
{
    emb__secs secs;
    emb__secs_init(&secs);
    emb__pool *pool = NULL;
    emb_status st;
    emb__buf *strs = emb__secs_add(&secs, "STRS", 0);
    if (!strs || (st = emb__pool_new(&pool, strs)) != EMB_OK) {
        st = emb__errf(err, EMB_ENOMEM, "out of memory");
        goto out;
    }
    /* offset 0 of the pool is the empty string; keep one byte there */
    if ((st = emb__buf_addc(strs, '\0')) != EMB_OK)
        goto fail;
    if ((st = core_sections(s, &secs, pool, strs)) != EMB_OK)
        goto fail;
    if ((st = emb__index_build(s, &secs, pool, err)) != EMB_OK)
        goto out;
    st = write_file(&secs, path, err);
    goto out;
fail:
    emb__errf(err, st, "cannot compile snapshot: %s", emb_strerror(st));
out:
    emb__pool_free(pool);
    emb__secs_destroy(&secs);
    return st;
}
