/* Fuzz target: the Cargo-XML parser (feeds/cargoxml.c) */
#include "feeds/feed.h"
#include "fuzz.h"

int
fuzz_cargoxml(const uint8_t *data, size_t size)
{
	return fuzz_feed(&feed_cargoxml, data, size);
}
