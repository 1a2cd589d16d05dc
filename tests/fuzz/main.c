/*
 * One fuzz target (FUZZ_FN, e.g. -DFUZZ_FN=fuzz_pnrgov) as a program.
 *
 * With FUZZ_LIBFUZZER (make fuzz: clang -fsanitize=fuzzer) libFuzzer's
 * main() drives it. Without, this main() replays the files and folders
 * given, each as libFuzzer would hand it over, so that a crasher can be
 * run again under gdb or valgrind with any compiler:
 *
 *   make fuzz-build && build/obj/fuzz/pnrgov tests/fuzz/regressions/pnrgov
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

#ifndef FUZZ_FN
#error "FUZZ_FN names the target: -DFUZZ_FN=fuzz_<target>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FUZZ_FN(data, size);
}

#ifndef FUZZ_LIBFUZZER
int
main(int argc, char **argv)
{
	size_t n = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|FOLDER...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (fuzz_replay(argv[i], LLVMFuzzerTestOneInput, &n) == -1)
			rc = 1;
	printf("%zu inputs replayed\n", n);
	return rc;
}
#endif
