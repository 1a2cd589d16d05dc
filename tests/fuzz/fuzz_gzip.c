/*
 * Fuzz target: gzip in memory (core/base/gzip.h), every file's first step
 * when its magic bytes say gzip: with a limit the output passes (the
 * compression bomb) and with one it does not.
 */
#include <stdlib.h>

#include "base/gzip.h"
#include "fuzz.h"

static void
inflate_with(const uint8_t *data, size_t size, size_t max_out)
{
	struct vb_error err;
	char *out = (char *)&err;	/* gz_inflate must set it either way */
	size_t outlen = 0;

	if (gz_inflate(data, size, max_out, &out, &outlen, &err) == 0) {
		FUZZ_CHECK(out != NULL);
		FUZZ_CHECK(outlen <= max_out);
		FUZZ_CHECK(out[outlen] == '\0');
		fuzz_touch(out);
		free(out);
		return;
	}
	FUZZ_CHECK(out == NULL);
	FUZZ_CHECK(err.code != VB_EOK && err.message[0] != '\0');
}

int
fuzz_gzip(const uint8_t *data, size_t size)
{
	(void)gz_is(data, size);
	inflate_with(data, size, 64);
	inflate_with(data, size, 1024 * 1024);
	return 0;
}
