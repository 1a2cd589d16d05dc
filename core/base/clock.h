/* "Now" is a value, not a call: --now fixes it for a whole run (CONTRACT.md, Time). */
#ifndef VB_CLOCK_H
#define VB_CLOCK_H

#include <stddef.h>
#include <time.h>

/* Parses ISO 8601 UTC: YYYY-MM-DDTHH:MM[:SS]Z (T or space; Z or +00:00). 0 or -1. */
int clock_parse(const char *s, time_t *out);
/* "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void clock_format(time_t t, char *buf, size_t bufsz);
int clock_year(time_t t);

/* minutes as "12 h 05 min" ("-0 h 30 min" when negative) into buf. */
const char *clock_duration(long minutes, char *buf, size_t bufsz);

#endif
