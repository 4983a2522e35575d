/*
 * fuzz_un.c - libFuzzer target for the UN Security Council consolidated list XML reader
 * (emb__read_un): the input is the whole list file, read from memory (gzip/xz magic bytes are
 * decompressed as for a real file).  See fuzz_reader.h for the checks and tests/fuzz/corpus/un/ for
 * the seeds.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(emb__read_un, "/nonexistent-emb-fuzz/consolidated.xml", data, size);
    return 0;
}
