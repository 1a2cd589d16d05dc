/* Fuzz target: the Cargo-IMP parser (feeds/cargoimp.c) */
#include "feeds/feed.h"
#include "fuzz.h"

int
fuzz_cargoimp(const uint8_t *data, size_t size)
{
	return fuzz_feed(&feed_cargoimp, data, size);
}
