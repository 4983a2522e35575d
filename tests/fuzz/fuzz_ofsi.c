/*
 * fuzz_ofsi.c - libFuzzer target for the OFSI consolidated list CSV reader (emb__read_ofsi):
 * the input is the whole list file, read from memory (gzip/xz magic bytes
 * are decompressed as for a real file).  See fuzz_reader.h for the checks
 * and tests/fuzz/corpus/ofsi/ for the seeds.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(emb__read_ofsi, "/nonexistent-emb-fuzz/ConList.csv", data, size);
    return 0;
}
