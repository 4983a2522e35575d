/*
 * fuzz_ofac.c - libFuzzer target for the OFAC SDN legacy CSV reader
 * (emb__read_ofac): sdn.csv and its companions alt.csv, add.csv and
 * sdn_comments.csv, packed into one input as fuzz_ofac_set.h describes.
 */
#include "fuzz_ofac_set.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[4] = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"};
    fuzz_ofac_run(emb__read_ofac, names, data, size);
    return 0;
}
