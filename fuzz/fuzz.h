#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

/*
 * A fuzz target defines LLVMFuzzerTestOneInput.  Built with clang's
 * -fsanitize=fuzzer it is a libFuzzer program (make fuzz); linked with
 * replay.c it is a plain program that runs it on each file of a corpus,
 * under the sanitizers (make check).
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
