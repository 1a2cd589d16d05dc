#include "clock.h"

#include <stdio.h>
#include <string.h>

int
clock_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h, mi, sec = 0, n = 0;
	const char *rest;

	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    n == 0)
		return -1;
	rest = s + n;
	if (*rest == ':') {
		int m = 0;

		if (sscanf(rest, ":%2d%n", &sec, &m) != 1)
			return -1;
		rest += m;
	}
	if (strcmp(rest, "Z") != 0 && strcmp(rest, "+00:00") != 0 &&
	    strcmp(rest, "+00") != 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    h < 0 || mi < 0 || sec < 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm);
	/* timegm normalises 31 February into March: refuse what changed. */
	{
		struct tm back;

		gmtime_r(out, &back);
		if (back.tm_mday != d || back.tm_mon != mo - 1)
			return -1;
	}
	return 0;
}

void
clock_format(time_t t, char *buf, size_t bufsz)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0 && bufsz > 0)
		buf[0] = '\0';
}

int
clock_year(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

const char *
clock_duration(long minutes, char *buf, size_t bufsz)
{
	long m = minutes < 0 ? -minutes : minutes;

	(void)snprintf(buf, bufsz, "%s%ld h %02ld min", minutes < 0 ? "-" : "",
	    m / 60, m % 60);
	return buf;
}
