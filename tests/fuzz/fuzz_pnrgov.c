/* Fuzz target: the PNRGOV parser (feeds/pnrgov.c) */
#include "feeds/feed.h"
#include "fuzz.h"

int
fuzz_pnrgov(const uint8_t *data, size_t size)
{
	return fuzz_feed(&feed_pnrgov, data, size);
}
