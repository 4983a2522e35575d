/*
 * file.c - whole-file loading with gzip (zlib) and xz (liblzma)
 * decompression and SHA-256 (OpenSSL libcrypto).  Decompressed size is capped
 * by EMB_CAP_LIST_FILE so a compression bomb ends in EMB_ECAP.
 */
#include "file.h"

#include <errno.h>
#include <lzma.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "limits.h"

emb_status emb__sha256_hex(const void *p, size_t n, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
        return EMB_EINTERNAL;
    for (unsigned i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    return EMB_OK;
}

static emb_status gunzip(const unsigned char *in, size_t n, emb__buf *out, const char *name,
                         emb_error *err)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 15 + 32) != Z_OK)
        return emb__errf(err, EMB_ENOMEM, "%s: cannot start gzip decoder", name);
    emb_status st = EMB_OK;
    size_t pos = 0;
    int zr = Z_OK;
    unsigned char chunk[65536];
    while (zr != Z_STREAM_END) {
        if (zs.avail_in == 0) {
            if (pos >= n)
                break;
            size_t take = n - pos > (1u << 30) ? (1u << 30) : n - pos;
            zs.next_in = (Bytef *)(uintptr_t)(in + pos);
            zs.avail_in = (uInt)take;
            pos += take;
        }
        zs.next_out = chunk;
        zs.avail_out = sizeof chunk;
        zr = inflate(&zs, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END) {
            st = emb__err(err, EMB_EPARSE, name, 0, 0, (uint64_t)zs.total_in,
                          "corrupt gzip data (%s)", zs.msg ? zs.msg : "inflate failed");
            break;
        }
        size_t got = sizeof chunk - zs.avail_out;
        if ((st = emb__buf_add(out, chunk, got)) != EMB_OK) {
            if (st == EMB_ECAP)
                emb__errf(err, st, "%s: decompressed size exceeds %zu bytes", name,
                          (size_t)EMB_CAP_LIST_FILE);
            break;
        }
    }
    if (st == EMB_OK && zr != Z_STREAM_END)
        st = emb__err(err, EMB_EPARSE, name, 0, 0, (uint64_t)zs.total_in, "truncated gzip data");
    inflateEnd(&zs);
    return st;
}

static emb_status unxz(const unsigned char *in, size_t n, emb__buf *out, const char *name,
                       emb_error *err)
{
    lzma_stream ls = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&ls, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
        return emb__errf(err, EMB_ENOMEM, "%s: cannot start xz decoder", name);
    emb_status st = EMB_OK;
    unsigned char chunk[65536];
    ls.next_in = in;
    ls.avail_in = n;
    lzma_ret r = LZMA_OK;
    while (r == LZMA_OK) {
        ls.next_out = chunk;
        ls.avail_out = sizeof chunk;
        r = lzma_code(&ls, LZMA_FINISH);
        if (r != LZMA_OK && r != LZMA_STREAM_END) {
            st = emb__err(err, EMB_EPARSE, name, 0, 0, (uint64_t)ls.total_in,
                          "corrupt or truncated xz data (lzma error %d)", (int)r);
            break;
        }
        size_t got = sizeof chunk - ls.avail_out;
        if ((st = emb__buf_add(out, chunk, got)) != EMB_OK) {
            if (st == EMB_ECAP)
                emb__errf(err, st, "%s: decompressed size exceeds %zu bytes", name,
                          (size_t)EMB_CAP_LIST_FILE);
            break;
        }
    }
    lzma_end(&ls);
    return st;
}

emb_status emb__file_from_memory(emb__file *f, const void *p, size_t n, const char *name,
                                 emb_error *err)
{
    memset(f, 0, sizeof *f);
    const unsigned char *u = p;
    emb_status st = emb__sha256_hex(p, n, f->sha256);
    if (st)
        return emb__errf(err, st, "%s: cannot hash file", name);
    emb__buf out;
    emb__buf_init(&out, EMB_CAP_LIST_FILE);
    if (n >= 2 && u[0] == 0x1f && u[1] == 0x8b) {
        f->compressed = 1;
        st = gunzip(u, n, &out, name, err);
    } else if (n >= 6 && memcmp(u,
                                "\xFD"
                                "7zXZ\x00",
                                6) == 0) {
        f->compressed = 2;
        st = unxz(u, n, &out, name, err);
    } else {
        st = emb__buf_add(&out, p, n);
        if (st == EMB_ECAP)
            emb__errf(err, st, "%s: file exceeds %zu bytes", name, (size_t)EMB_CAP_LIST_FILE);
        else if (st)
            emb__errf(err, st, "%s: out of memory", name);
    }
    if (st == EMB_OK && !out.data)
        st = emb__buf_reserve(&out, 0);
    if (st) {
        emb__buf_destroy(&out);
        return st;
    }
    f->data = emb__buf_take(&out, &f->len);
    return EMB_OK;
}

emb_status emb__file_load(emb__file *f, const char *path, emb_error *err)
{
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return emb__err(err, EMB_EIO, path, 0, 0, 0, "cannot open: %s", strerror(errno));
    emb__buf raw;
    emb__buf_init(&raw, EMB_CAP_LIST_FILE);
    emb_status st = EMB_OK;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if ((st = emb__buf_add(&raw, chunk, got)) != EMB_OK)
            break;
    }
    if (st == EMB_OK && ferror(fp))
        st = emb__err(err, EMB_EIO, path, 0, 0, raw.len, "read error: %s", strerror(errno));
    else if (st == EMB_ECAP)
        emb__err(err, st, path, 0, 0, 0, "file exceeds %zu bytes", (size_t)EMB_CAP_LIST_FILE);
    else if (st)
        emb__err(err, st, path, 0, 0, 0, "out of memory reading file");
    fclose(fp);
    if (st == EMB_OK)
        st = emb__file_from_memory(f, raw.data ? raw.data : "", raw.len, path, err);
    emb__buf_destroy(&raw);
    return st;
}

void emb__file_destroy(emb__file *f)
{
    if (!f)
        return;
    emb__free(f->data);
    memset(f, 0, sizeof *f);
}
