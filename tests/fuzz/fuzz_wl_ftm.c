/* Fuzz target: the FollowTheMoney watchlist reader (core/lists/wl_ftm.c). */
#include "fuzz.h"

int
fuzz_wl_ftm(const uint8_t *data, size_t size)
{
	return fuzz_watchlist("ftm", data, size);
}
