/*
 * fuzz_eu.c - libFuzzer target for the EU financial sanctions JSON-lines reader (emb__read_eu):
 * the input is the whole list file, read from memory (gzip/xz magic bytes
 * are decompressed as for a real file).  See fuzz_reader.h for the checks
 * and tests/fuzz/corpus/eu/ for the seeds.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(emb__read_eu, "/nonexistent-emb-fuzz/eu_fsf_entities.jsonl", data, size);
    return 0;
}
