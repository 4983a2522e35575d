/*
 * fuzz_name_norm.c - libFuzzer target for the name normaliser and
 * transliterator (emb__name_norm, src/lib/text/translit.h).  The input is
 * one name of any bytes.  Checks the contract stated in translit.h:
 *   - a successful result is NUL-terminated, made of [a-z0-9] tokens
 *     separated by single spaces, with no leading or trailing space;
 *   - normalising the result again changes nothing;
 *   - all-ASCII input gives the same result without a handle (t == NULL);
 *   - output buffers too small for the result are never overrun (each
 *     buffer is an exactly sized heap block, so ASan sees a byte past it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "text/translit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static emb__translit *g_tr;

static void release(void)
{
    emb__translit_free(g_tr);
    g_tr = NULL;
}

static int is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

static void check_shape(const char *out, size_t n, size_t cap)
{
    if (n >= cap || out[n] != '\0')
        abort();
    for (size_t i = 0; i < n; i++) {
        char c = out[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ';
        if (!ok)
            abort();
        if (c == ' ' && (i == 0 || i + 1 == n || out[i - 1] == ' '))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_tr) {
        if (emb__translit_new(&g_tr) != EMB_OK)
            abort();
        atexit(release);
    }
    const char *s = (const char *)data;
    size_t cap = EMB__NAME_NORM_CAP(size);
    char *out = malloc(cap);
    if (!out)
        abort();
    size_t n = 0;
    emb_status st = emb__name_norm(g_tr, s, size, out, cap, &n);
    if (st == EMB_OK) {
        check_shape(out, n, cap);
        /* Idempotence. */
        size_t cap2 = EMB__NAME_NORM_CAP(n), n2 = 0;
        char *again = malloc(cap2);
        if (!again)
            abort();
        if (n <= EMB_CAP_QUERY_VALUE) {
            if (emb__name_norm(NULL, out, n, again, cap2, &n2) != EMB_OK || n2 != n ||
                memcmp(again, out, n) != 0)
                abort();
        }
        free(again);
        /* A buffer one byte short, then a tiny one: refused or cut, never
         * overrun. */
        if (n > 0) {
            char *tight = malloc(n);
            if (!tight)
                abort();
            size_t n3 = 0;
            (void)emb__name_norm(g_tr, s, size, tight, n, &n3);
            free(tight);
        }
    }
    if (is_ascii(s, size)) {
        size_t n4 = 0;
        char *plain = malloc(cap);
        if (!plain)
            abort();
        emb_status st4 = emb__name_norm(NULL, s, size, plain, cap, &n4);
        if (st4 != st || (st == EMB_OK && (n4 != n || memcmp(plain, out, n) != 0)))
            abort();
        free(plain);
    }
    char small[3];
    size_t n5 = 0;
    (void)emb__name_norm(g_tr, s, size, small, sizeof small, &n5);
    free(out);
    return 0;
}
