/*
 * keys.c - API keys for the HTTP service (--api-keys FILE).
 *
 * The file holds one key a line as "sha256:<64 hex digits> [label]
 * [admin]": the SHA-256 of the secret, never the secret itself (make one
 * with `printf %s SECRET | sha256sum`).  Blank lines and lines starting with
 * '#' are skipped.  A key marked "admin" may also call /admin/reload.  A
 * presented bearer secret is hashed and compared with every stored hash
 * using CRYPTO_memcmp, without stopping at the first match, so the time
 * taken does not reveal which key (or how much of one) matched.
 */
#include "srv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

/* Longest line of a key file. */
#define KEY_LINE_MAX 512
/* Most keys one file may hold. */
#define KEY_MAX 10000

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Parses one non-blank line into k; returns nonzero with a reason. */
static int parse_line(char *line, srv_key *k, const char **why)
{
    memset(k, 0, sizeof *k);
    char *p = line;
    while (is_space(*p))
        p++;
    if (strncmp(p, "sha256:", 7) != 0) {
        *why = "expected 'sha256:<hex>' (hash the key with: printf %s KEY | sha256sum)";
        return 1;
    }
    p += 7;
    for (int i = 0; i < 32; i++) {
        int hi = hexval((unsigned char)p[2 * i]),
            lo = hi < 0 ? -1 : hexval((unsigned char)p[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            *why = "the hash must be 64 hexadecimal digits";
            return 1;
        }
        k->hash[i] = (unsigned char)(hi * 16 + lo);
    }
    p += 64;
    if (*p && !is_space(*p)) {
        *why = "the hash must be 64 hexadecimal digits";
        return 1;
    }
    int words = 0;
    while (*p) {
        while (is_space(*p))
            p++;
        if (!*p)
            break;
        char *w = p;
        while (*p && !is_space(*p))
            p++;
        size_t n = (size_t)(p - w);
        if (words > 0 && n == 5 && memcmp(w, "admin", 5) == 0) {
            k->admin = 1;
        } else if (words == 0) {
            if (n >= sizeof k->label)
                n = sizeof k->label - 1;
            memcpy(k->label, w, n);
            k->label[n] = '\0';
            for (size_t i = 0; i < n; i++)
                if ((unsigned char)k->label[i] < 0x20 || k->label[i] == '"' ||
                    k->label[i] == '\\' || (unsigned char)k->label[i] >= 0x80)
                    k->label[i] = '_';
        } else {
            *why = "expected 'sha256:<hex> [label] [admin]'";
            return 1;
        }
        words++;
    }
    return 0;
}

int srv_keys_load(srv_keys *k, const char *path)
{
    memset(k, 0, sizeof *k);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "embargo: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char line[KEY_LINE_MAX];
    size_t lineno = 0, cap = 0;
    int rc = 1;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            fprintf(stderr, "embargo: %s:%zu: line longer than %d bytes\n", path, lineno,
                    KEY_LINE_MAX - 2);
            goto done;
        }
        char *p = line;
        while (is_space(*p))
            p++;
        if (!*p || *p == '#')
            continue;
        if (k->n >= KEY_MAX) {
            fprintf(stderr, "embargo: %s: more than %d keys\n", path, KEY_MAX);
            goto done;
        }
        if (k->n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            srv_key *nk = realloc(k->keys, nc * sizeof *nk);
            if (!nk) {
                fprintf(stderr, "embargo: %s: out of memory\n", path);
                goto done;
            }
            k->keys = nk;
            cap = nc;
        }
        const char *why = NULL;
        if (parse_line(p, &k->keys[k->n], &why)) {
            fprintf(stderr, "embargo: %s:%zu: %s\n", path, lineno, why);
            goto done;
        }
        k->n++;
    }
    if (ferror(f)) {
        fprintf(stderr, "embargo: %s: read error\n", path);
        goto done;
    }
    if (k->n == 0) {
        fprintf(stderr, "embargo: %s: no keys\n", path);
        goto done;
    }
    rc = 0;
done:
    fclose(f);
    if (rc)
        srv_keys_free(k);
    return rc;
}

void srv_keys_free(srv_keys *k)
{
    if (!k)
        return;
    OPENSSL_cleanse(k->keys, k->n * sizeof *k->keys);
    free(k->keys);
    k->keys = NULL;
    k->n = 0;
}

const srv_key *srv_keys_check(const srv_keys *k, const char *secret, size_t len)
{
    unsigned char h[32];
    SHA256((const unsigned char *)secret, len, h);
    const srv_key *found = NULL;
    for (size_t i = 0; i < k->n; i++) {
        int eq = CRYPTO_memcmp(h, k->keys[i].hash, sizeof h) == 0;
        /* no early exit: every key is compared */
        if (eq && !found)
            found = &k->keys[i];
    }
    OPENSSL_cleanse(h, sizeof h);
    return found;
}
