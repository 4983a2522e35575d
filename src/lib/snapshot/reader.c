/*
 * reader.c - opening a snapshot (mapped, or read into memory of huge
 * pages), cheap checks at open, the deep verifier, and the public info
 * and entity accessors.
 *
 * Open checks: magic, major version, endianness, header checksum, section
 * table inside the file, every core section present with whole elements,
 * every table's references (string refs, property runs, id index) checked
 * lazily by accessors so that even an unverified or tampered file cannot
 * make a read go out of bounds.  emb_snapshot_verify() additionally checks
 * every section checksum and every reference eagerly.
 */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "../base/hash.h"
#include "../index/index.h"

int emb__snap_section(const emb_snapshot *s, const char *tag, const void **p, size_t *n,
                      uint32_t *elem_size)
{
    char t[8] = {0};
    memcpy(t, tag, strlen(tag) < 8 ? strlen(tag) : 8);
    for (uint32_t i = 0; i < s->nsecs; i++) {
        if (memcmp(s->secs[i].tag, t, 8) == 0) {
            *p = s->base + s->secs[i].offset;
            *n = (size_t)s->secs[i].size;
            if (elem_size)
                *elem_size = s->secs[i].elem_size;
            return 1;
        }
    }
    return 0;
}

emb_str emb__snap_str(const emb_snapshot *s, emb__fmt_str r)
{
    emb_str out = {"", 0};
    if ((uint64_t)r.off + r.len <= s->strs_len) {
        out.ptr = s->strs + r.off;
        out.len = r.len;
    }
    return out;
}

emb_prop emb__snap_prop(const emb_snapshot *s, uint32_t key)
{
    return key < s->nkeys ? (emb_prop)s->key_prop[key] : EMB_P__COUNT;
}

static emb_status table(emb_snapshot *s, const char *tag, size_t elem, const void **p,
                        size_t *count, emb_error *err)
{
    size_t n;
    uint32_t es;
    if (!emb__snap_section(s, tag, p, &n, &es))
        return emb__errf(err, EMB_ECORRUPT, "snapshot lacks the %s section", tag);
    if ((elem && es != elem) || (elem && n % elem))
        return emb__errf(err, EMB_ECORRUPT, "snapshot section %s has a bad element size", tag);
    *count = elem ? n / elem : n;
    return EMB_OK;
}

static emb_status check_open(emb_snapshot *s, emb_error *err)
{
    if (s->size < sizeof(emb__fmt_header) ||
        memcmp(s->base, EMB_FMT_MAGIC, sizeof EMB_FMT_MAGIC) != 0)
        return emb__errf(err, EMB_ENOTSNAP, "not an embargo snapshot (bad magic)");
    emb__fmt_header h;
    memcpy(&h, s->base, sizeof h);
    if (h.endian != EMB_FMT_ENDIAN)
        return emb__errf(err, EMB_EVERSION, "snapshot was written with another byte order");
    if (h.major != EMB_FMT_MAJOR)
        return emb__errf(err, EMB_EVERSION,
                         "snapshot format %u.%u is not supported (this build reads %u.x)", h.major,
                         h.minor, EMB_FMT_MAJOR);
    if (h.section_count == 0 || h.section_count > EMB_FMT_MAX_SECTIONS)
        return emb__errf(err, EMB_ECORRUPT, "snapshot section count %u is out of range",
                         h.section_count);
    size_t tn = (size_t)h.section_count * sizeof(emb__fmt_section);
    if (s->size < sizeof h + tn)
        return emb__errf(err, EMB_ECORRUPT, "snapshot is truncated (section table)");
    if (h.file_size != s->size)
        return emb__errf(err, EMB_ECORRUPT,
                         "snapshot is %zu bytes but its header says %llu (truncated or extended)",
                         s->size, (unsigned long long)h.file_size);
    uint32_t want = h.header_checksum;
    unsigned char buf[sizeof h + EMB_FMT_MAX_SECTIONS * sizeof(emb__fmt_section)];
    memcpy(buf, s->base, sizeof h + tn);
    memset(buf + offsetof(emb__fmt_header, header_checksum), 0, 4);
    if (emb__checksum(buf, sizeof h + tn) != want)
        return emb__errf(err, EMB_ECORRUPT, "snapshot header checksum mismatch");
    if (((uintptr_t)s->base & 7) != 0)
        return emb__errf(err, EMB_EARG, "snapshot memory must be 8-byte aligned");
    s->hdr = (const emb__fmt_header *)(const void *)s->base;
    s->secs = (const emb__fmt_section *)(const void *)(s->base + sizeof h);
    s->nsecs = h.section_count;
    for (uint32_t i = 0; i < s->nsecs; i++) {
        const emb__fmt_section *x = &s->secs[i];
        if (x->offset > s->size || x->size > s->size - x->offset || (x->offset & 7))
            return emb__errf(err, EMB_ECORRUPT, "snapshot section %.8s lies outside the file",
                             x->tag);
    }
    memcpy(s->builder, h.builder, 32);
    s->builder[32] = '\0';
    emb_status st;
    const void *p;
    if ((st = table(s, "STRS", 0, &p, &s->strs_len, err)))
        return st;
    s->strs = p;
    if ((st = table(s, "KEYS", sizeof(emb__fmt_str), &p, &s->nkeys, err)))
        return st;
    s->keys = p;
    if ((st = table(s, "DSET", sizeof(emb__fmt_dataset), &p, &s->ndatasets, err)))
        return st;
    s->datasets = p;
    if ((st = table(s, "SRCS", sizeof(emb__fmt_source), &p, &s->nsources, err)))
        return st;
    s->sources = p;
    if ((st = table(s, "ENTS", sizeof(emb__fmt_entity), &p, &s->nents, err)))
        return st;
    s->ents = p;
    if ((st = table(s, "PROP", sizeof(emb__fmt_prop), &p, &s->nprops, err)))
        return st;
    s->props = p;
    if ((st = table(s, "IDIX", sizeof(uint32_t), &p, &s->nidix, err)))
        return st;
    s->idix = p;
    if (s->nidix != s->nents)
        return emb__errf(err, EMB_ECORRUPT, "snapshot id index does not cover every entity");
    s->key_prop = emb__malloc(s->nkeys ? s->nkeys : 1);
    if (!s->key_prop)
        return emb__errf(err, EMB_ENOMEM, "out of memory");
    for (size_t k = 0; k < s->nkeys; k++) {
        emb_str name = emb__snap_str(s, s->keys[k]);
        s->key_prop[k] = (uint8_t)emb__prop_lookup(name.ptr, name.len);
    }
    return emb__index_open(s, &s->index, err);
}

static emb_status open_common(emb_snapshot *s, emb_snapshot **out, emb_error *err)
{
    emb_status st = check_open(s, err);
    if (st) {
        emb_snapshot_close(s);
        return st;
    }
    *out = s;
    return EMB_OK;
}

/* Reads the whole file into private anonymous memory aligned to 2 MiB
 * and asks for huge pages (MADV_HUGEPAGE; without them, or where the
 * kernel refuses, the pages stay small).  On success *out is the memory
 * and *len_out the length to munmap. */
static emb_status load_file(int fd, size_t size, const char *path, void **out, size_t *len_out,
                            emb_error *err)
{
    const size_t huge = (size_t)2 << 20;
    size_t len = ((size_t)size + huge - 1) / huge * huge + huge;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return emb__err(err, EMB_ENOMEM, path, 0, 0, 0, "cannot load snapshot (%zu bytes): %s",
                        size, strerror(errno));
    /* Give back the head before the first 2 MiB boundary and the tail
     * after the file's last huge page, so the kept range is aligned. */
    size_t head = (huge - (uintptr_t)m % huge) % huge;
    size_t keep = len - huge;
    if (head)
        munmap(m, head);
    if (huge - head)
        munmap(m + head + keep, huge - head);
    m += head;
#ifdef MADV_HUGEPAGE
    (void)madvise(m, keep, MADV_HUGEPAGE);
#endif
    size_t off = 0;
    while (off < size) {
        ssize_t r = pread(fd, m + off, size - off, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            emb_status st =
                emb__err(err, EMB_EIO, path, 0, 0, 0, "cannot read snapshot at byte %zu: %s", off,
                         r < 0 ? strerror(errno) : "file shrank while read");
            munmap(m, keep);
            return st;
        }
        off += (size_t)r;
    }
    (void)mprotect(m, keep, PROT_READ);
    *out = m;
    *len_out = keep;
    return EMB_OK;
}

emb_status emb_snapshot_open(emb_snapshot **out, const char *path, emb_error *err)
{
    return emb_snapshot_open_flags(out, path, 0, err);
}

emb_status emb_snapshot_open_flags(emb_snapshot **out, const char *path, unsigned flags,
                                   emb_error *err)
{
    if (!out || !path)
        return emb__errf(err, EMB_EARG, "out and path are required");
    *out = NULL;
    if (flags & ~(unsigned)EMB_OPEN_LOAD)
        return emb__errf(err, EMB_EARG, "unknown open flags 0x%x", flags);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return emb__err(err, EMB_EIO, path, 0, 0, 0, "cannot open snapshot: %s", strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return emb__err(err, EMB_EIO, path, 0, 0, 0, "not a regular file");
    }
    if (sb.st_size < (off_t)sizeof(emb__fmt_header)) {
        close(fd);
        return emb__err(err, EMB_ENOTSNAP, path, 0, 0, 0,
                        "not an embargo snapshot (only %lld bytes)", (long long)sb.st_size);
    }
    size_t len = (size_t)sb.st_size;
    void *m = NULL;
    if (flags & EMB_OPEN_LOAD) {
        emb_status lst = load_file(fd, (size_t)sb.st_size, path, &m, &len, err);
        close(fd);
        if (lst)
            return lst;
    } else {
        m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (m == MAP_FAILED)
            return emb__err(err, EMB_EIO, path, 0, 0, 0, "cannot map snapshot: %s",
                            strerror(errno));
    }
    emb_snapshot *s = emb__calloc(1, sizeof *s);
    if (!s) {
        munmap(m, len);
        return emb__errf(err, EMB_ENOMEM, "out of memory");
    }
    s->base = m;
    s->size = (size_t)sb.st_size;
    s->map_len = len;
    emb_status st = open_common(s, out, err);
    if (st && err && !err->file[0])
        emb__strlcpy(err->file, path, sizeof err->file);
    return st;
}

emb_status emb_snapshot_open_memory(emb_snapshot **out, const void *data, size_t len,
                                    emb_error *err)
{
    if (!out || (!data && len))
        return emb__errf(err, EMB_EARG, "out and data are required");
    *out = NULL;
    emb_snapshot *s = emb__calloc(1, sizeof *s);
    if (!s)
        return emb__errf(err, EMB_ENOMEM, "out of memory");
    s->base = data;
    s->size = len;
    return open_common(s, out, err);
}

void emb_snapshot_close(emb_snapshot *s)
{
    if (!s)
        return;
    emb__index_close(s->index);
    emb__free(s->key_prop);
    if (s->map_len)
        munmap((void *)(uintptr_t)s->base, s->map_len);
    emb__free(s);
}

static emb_status check_str(const emb_snapshot *s, emb__fmt_str r, const char *what, size_t i,
                            emb_error *err)
{
    if ((uint64_t)r.off + r.len > s->strs_len)
        return emb__errf(err, EMB_ECORRUPT, "snapshot %s %zu points outside the string pool", what,
                         i);
    return EMB_OK;
}

emb_status emb_snapshot_verify(const emb_snapshot *s, emb_error *err)
{
    if (!s)
        return emb__errf(err, EMB_EARG, "snapshot is NULL");
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        return emb__errf(err, EMB_ENOMEM, "cannot start SHA-256");
    }
    for (uint32_t i = 0; i < s->nsecs; i++) {
        const emb__fmt_section *x = &s->secs[i];
        if (emb__checksum(s->base + x->offset, (size_t)x->size) != x->checksum) {
            EVP_MD_CTX_free(md);
            return emb__errf(err, EMB_ECORRUPT, "snapshot section %.8s checksum mismatch", x->tag);
        }
        EVP_DigestUpdate(md, s->base + x->offset, (size_t)x->size);
    }
    unsigned char h[EVP_MAX_MD_SIZE];
    unsigned hl = 0;
    EVP_DigestFinal_ex(md, h, &hl);
    EVP_MD_CTX_free(md);
    if (memcmp(h, s->hdr->content_hash, 32) != 0)
        return emb__errf(err, EMB_ECORRUPT, "snapshot content hash mismatch");
    emb_status st;
    for (size_t i = 0; i < s->nkeys; i++)
        if ((st = check_str(s, s->keys[i], "key", i, err)))
            return st;
    for (size_t i = 0; i < s->ndatasets; i++) {
        const emb__fmt_dataset *d = &s->datasets[i];
        if ((st = check_str(s, d->name, "dataset", i, err)) ||
            (st = check_str(s, d->title, "dataset", i, err)) ||
            (st = check_str(s, d->format, "dataset", i, err)) ||
            (st = check_str(s, d->list_date, "dataset", i, err)))
            return st;
        if ((uint64_t)d->source_start + d->source_count > s->nsources)
            return emb__errf(err, EMB_ECORRUPT, "snapshot dataset %zu has bad sources", i);
    }
    for (size_t i = 0; i < s->nsources; i++)
        if ((st = check_str(s, s->sources[i].path, "source", i, err)))
            return st;
    for (size_t i = 0; i < s->nents; i++) {
        const emb__fmt_entity *e = &s->ents[i];
        if ((st = check_str(s, e->id, "entity id", i, err)) ||
            (st = check_str(s, e->caption, "entity caption", i, err)))
            return st;
        if ((uint64_t)e->prop_start + e->prop_count > s->nprops)
            return emb__errf(err, EMB_ECORRUPT, "snapshot entity %zu has bad properties", i);
        if (e->dataset >= s->ndatasets || e->schema >= EMB_SCHEMA__COUNT)
            return emb__errf(err, EMB_ECORRUPT, "snapshot entity %zu has a bad dataset/schema", i);
    }
    for (size_t i = 0; i < s->nprops; i++) {
        if (s->props[i].key >= s->nkeys)
            return emb__errf(err, EMB_ECORRUPT, "snapshot property %zu has a bad key", i);
        if ((st = check_str(s, s->props[i].val, "property", i, err)))
            return st;
    }
    for (size_t i = 0; i < s->nidix; i++)
        if (s->idix[i] >= s->nents)
            return emb__errf(err, EMB_ECORRUPT, "snapshot id index entry %zu is bad", i);
    return emb__index_verify(s, s->index, err);
}

void emb_snapshot_get_info(const emb_snapshot *s, emb_snapshot_info *out)
{
    static const char hex[] = "0123456789abcdef";
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    out->format_major = s->hdr->major;
    out->format_minor = s->hdr->minor;
    out->file_size = s->size;
    out->built_at = s->hdr->built_at;
    out->builder = s->builder;
    for (int i = 0; i < 8; i++) {
        out->hash[2 * i] = hex[s->hdr->content_hash[i] >> 4];
        out->hash[2 * i + 1] = hex[s->hdr->content_hash[i] & 15];
    }
    out->hash[16] = '\0';
    out->entity_count = s->nents;
    out->name_count = emb__index_name_count(s->index);
    out->dataset_count = s->ndatasets;
    out->section_count = s->nsecs;
}

/* Strings handed out by the info accessors are NUL-terminated copies kept
 * in a small per-snapshot cache?  No: the pool is not NUL-terminated, so
 * dataset strings are exposed through this fixed table of copies. */
static const char *cstr(const emb_snapshot *s, emb__fmt_str r, char *buf, size_t cap)
{
    emb_str v = emb__snap_str(s, r);
    size_t n = v.len < cap - 1 ? v.len : cap - 1;
    memcpy(buf, v.ptr, n);
    buf[n] = '\0';
    return buf;
}

emb_status emb_snapshot_dataset(const emb_snapshot *s, size_t i, emb_dataset_info *out)
{
    static _Thread_local char name[256], title[256], format[64], date[64];
    if (!s || !out || i >= s->ndatasets)
        return EMB_ENOTFOUND;
    const emb__fmt_dataset *d = &s->datasets[i];
    out->name = cstr(s, d->name, name, sizeof name);
    out->title = cstr(s, d->title, title, sizeof title);
    out->format = cstr(s, d->format, format, sizeof format);
    out->list_date = cstr(s, d->list_date, date, sizeof date);
    out->entity_count = d->entity_count;
    out->records_read = d->records_read;
    out->records_skipped = d->records_skipped;
    out->warnings = d->warnings;
    out->source_count = d->source_count;
    return EMB_OK;
}

emb_status emb_snapshot_dataset_source(const emb_snapshot *s, size_t i, size_t j,
                                       emb_source_info *out)
{
    static _Thread_local char path[1024];
    if (!s || !out || i >= s->ndatasets)
        return EMB_ENOTFOUND;
    const emb__fmt_dataset *d = &s->datasets[i];
    if (j >= d->source_count || (uint64_t)d->source_start + j >= s->nsources)
        return EMB_ENOTFOUND;
    const emb__fmt_source *src = &s->sources[d->source_start + j];
    out->path = cstr(s, src->path, path, sizeof path);
    memcpy(out->sha256, src->sha256, 64);
    out->sha256[64] = '\0';
    return EMB_OK;
}

emb_status emb_snapshot_dataset_schemas(const emb_snapshot *s, size_t i,
                                        size_t counts[EMB_SCHEMA__COUNT])
{
    if (!s || i >= s->ndatasets)
        return EMB_ENOTFOUND;
    for (size_t k = 0; k < EMB_SCHEMA__COUNT; k++)
        counts[k] = k < EMB_FMT_SCHEMAS ? s->datasets[i].schema_counts[k] : 0;
    return EMB_OK;
}

emb_status emb_snapshot_section(const emb_snapshot *s, size_t i, emb_section_info *out)
{
    if (!s || !out || i >= s->nsecs)
        return EMB_ENOTFOUND;
    memcpy(out->name, s->secs[i].tag, 8);
    out->name[8] = '\0';
    out->offset = s->secs[i].offset;
    out->size = s->secs[i].size;
    out->checksum = s->secs[i].checksum;
    return EMB_OK;
}

/* ---- entities ---- */

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = memcmp(a, b, n);
    if (c)
        return c;
    return (an > bn) - (an < bn);
}

emb_status emb_entity_find(const emb_snapshot *s, const char *id, size_t len, uint32_t *index)
{
    if (!s || !id || !index)
        return EMB_EARG;
    if (len == EMB_NUL)
        len = strlen(id);
    size_t lo = 0, hi = s->nidix;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t e = s->idix[mid];
        if (e >= s->nents)
            return EMB_ECORRUPT;
        emb_str v = emb__snap_str(s, s->ents[e].id);
        int c = cmp_bytes(v.ptr, v.len, id, len);
        if (c == 0) {
            *index = e;
            return EMB_OK;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return EMB_ENOTFOUND;
}

emb_status emb_entity_id(const emb_snapshot *s, uint32_t index, emb_str *out)
{
    if (!s || !out || index >= s->nents)
        return EMB_ENOTFOUND;
    *out = emb__snap_str(s, s->ents[index].id);
    return EMB_OK;
}

emb_status emb_entity_caption(const emb_snapshot *s, uint32_t index, emb_str *out)
{
    if (!s || !out || index >= s->nents)
        return EMB_ENOTFOUND;
    *out = emb__snap_str(s, s->ents[index].caption);
    return EMB_OK;
}

emb_status emb_entity_schema(const emb_snapshot *s, uint32_t index, emb_schema *out)
{
    if (!s || !out || index >= s->nents)
        return EMB_ENOTFOUND;
    uint8_t sc = s->ents[index].schema;
    *out = sc < EMB_SCHEMA__COUNT ? (emb_schema)sc : EMB_SCHEMA_THING;
    return EMB_OK;
}

emb_status emb_entity_dataset(const emb_snapshot *s, uint32_t index, uint32_t *dataset)
{
    if (!s || !dataset || index >= s->nents)
        return EMB_ENOTFOUND;
    *dataset = s->ents[index].dataset;
    return EMB_OK;
}

size_t emb_entity_prop_count(const emb_snapshot *s, uint32_t index)
{
    if (!s || index >= s->nents)
        return 0;
    const emb__fmt_entity *e = &s->ents[index];
    if ((uint64_t)e->prop_start + e->prop_count > s->nprops)
        return 0;
    return e->prop_count;
}

emb_status emb_entity_prop(const emb_snapshot *s, uint32_t index, size_t j, emb_str *name,
                           emb_str *value)
{
    if (!s || index >= s->nents || j >= emb_entity_prop_count(s, index))
        return EMB_ENOTFOUND;
    const emb__fmt_prop *p = &s->props[s->ents[index].prop_start + j];
    if (name) {
        if (p->key < s->nkeys)
            *name = emb__snap_str(s, s->keys[p->key]);
        else
            *name = (emb_str){"", 0};
    }
    if (value)
        *value = emb__snap_str(s, p->val);
    return EMB_OK;
}
