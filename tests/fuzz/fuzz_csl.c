/*
 * fuzz_csl.c - libFuzzer target for the US Consolidated Screening List CSV reader (emb__read_csl):
 * the input is the whole list file, read from memory (gzip/xz magic bytes
 * are decompressed as for a real file).  See fuzz_reader.h for the checks
 * and tests/fuzz/corpus/csl/ for the seeds.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(emb__read_csl, "/nonexistent-emb-fuzz/consolidated.csv", data, size);
    return 0;
}
