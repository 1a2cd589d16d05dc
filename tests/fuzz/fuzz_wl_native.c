/* Fuzz target: the native CSV watchlist reader (core/lists/watchlist.c). */
#include "fuzz.h"

int
fuzz_wl_native(const uint8_t *data, size_t size)
{
	return fuzz_watchlist("native", data, size);
}
