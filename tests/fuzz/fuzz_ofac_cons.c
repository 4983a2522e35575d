/*
 * fuzz_ofac_cons.c - libFuzzer target for the OFAC consolidated (non-SDN)
 * legacy CSV reader (emb__read_ofac_cons): cons_prim.csv and its companions
 * cons_alt.csv, cons_add.csv and cons_comments.csv, packed into one input
 * as fuzz_ofac_set.h describes.
 */
#include "fuzz_ofac_set.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[4] = {"cons_prim.csv", "cons_alt.csv", "cons_add.csv",
                                         "cons_comments.csv"};
    fuzz_ofac_run(emb__read_ofac_cons, names, data, size);
    return 0;
}
