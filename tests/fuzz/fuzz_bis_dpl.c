/*
 * fuzz_bis_dpl.c - libFuzzer target for the BIS Denied Persons List tab-separated reader
 * (emb__read_bis_dpl): the input is the whole list file, read from memory (gzip/xz magic bytes are
 * decompressed as for a real file).  See fuzz_reader.h for the checks and
 * tests/fuzz/corpus/bis_dpl/ for the seeds.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader_run(emb__read_bis_dpl, "/nonexistent-emb-fuzz/dpl.txt", data, size);
    return 0;
}
