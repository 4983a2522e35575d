/*
 * fuzz_country.c - libFuzzer target for the country lookup
 * (emb__country_code and emb__country_name, src/lib/text/country.h), which
 * every reader runs on country text taken from the lists.  Checks that a
 * found code is two lower-case letters and that looking up a code's name
 * never reads past a short string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/country.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char code[3] = {0, 0, 0};
    if (emb__country_code((const char *)data, size, code)) {
        if (code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' || code[2] != '\0')
            abort();
        const char *name = emb__country_name(code);
        if (name) {
            char again[3];
            if (!emb__country_code(name, strlen(name), again) || memcmp(again, code, 3) != 0)
                abort();
        }
    }
    /* emb__country_name takes a NUL-terminated string: give it the input
     * cut at its first NUL, in an exactly sized block. */
    size_t n = strnlen((const char *)data, size);
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, data, n);
    s[n] = '\0';
    (void)emb__country_name(s);
    free(s);
    return 0;
}
