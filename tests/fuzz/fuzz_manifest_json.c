/* Fuzz target: the JSON manifest parser (feeds/manifest_json.c) */
#include "feeds/feed.h"
#include "fuzz.h"

int
fuzz_manifest_json(const uint8_t *data, size_t size)
{
	return fuzz_feed(&feed_json, data, size);
}
