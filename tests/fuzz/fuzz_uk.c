/*
 * fuzz_uk.c - libFuzzer target for the UK Sanctions List JSON-lines reader (emb__read_uk):
 * the input is the whole list file, read from memory (gzip/xz magic bytes
 * are decompressed as for a real file).  See fuzz_reader.h for the checks
 * and tests/fuzz/corpus/uk/ for the seeds.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(emb__read_uk, "/nonexistent-emb-fuzz/uk_sanctions_list_entities.jsonl", data,
                    size);
    return 0;
}
