/* Fuzz target: the CUSCAR parser (feeds/cuscar.c) */
#include "feeds/feed.h"
#include "fuzz.h"

int
fuzz_cuscar(const uint8_t *data, size_t size)
{
	return fuzz_feed(&feed_cuscar, data, size);
}
