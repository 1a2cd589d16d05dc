/* Fuzz target: the OpenSanctions watchlist reader (core/lists/). */
#include "fuzz.h"

int
fuzz_wl_opensanctions(const uint8_t *data, size_t size)
{
	return fuzz_watchlist("opensanctions", data, size);
}
