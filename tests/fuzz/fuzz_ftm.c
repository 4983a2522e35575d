/*
 * fuzz_ftm.c - libFuzzer target for the FollowTheMoney JSON-lines reader (emb__read_ftm):
 * the input is the whole list file, read from memory (gzip/xz magic bytes
 * are decompressed as for a real file).  See fuzz_reader.h for the checks
 * and tests/fuzz/corpus/ftm/ for the seeds.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(emb__read_ftm, "/nonexistent-emb-fuzz/entities.ftm.json", data, size);
    return 0;
}
