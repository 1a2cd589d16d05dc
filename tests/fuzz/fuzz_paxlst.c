/* Fuzz target: the PAXLST parser (feeds/paxlst.c) */
#include "feeds/feed.h"
#include "fuzz.h"

int
fuzz_paxlst(const uint8_t *data, size_t size)
{
	return fuzz_feed(&feed_paxlst, data, size);
}
