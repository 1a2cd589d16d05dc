/*
 * Check digits and forms of cargo identifiers: the air waybill's serial
 * modulo 7, ISO 6346 for containers, IATA's ULD form, the HS code's form,
 * the IMO number's weighted sum.
 */
#include "cargo_check.h"

#include <string.h>

static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
cargo_awb_valid(const char *awb)
{
	char d[12];
	size_t n = 0;
	long serial = 0;

	for (; *awb != '\0' && n < sizeof(d); awb++)
		if (*awb != '-' && *awb != ' ')
			d[n++] = *awb;
	if (*awb != '\0' || n != 11 || !digits(d, 11))
		return 0;
	for (size_t i = 3; i < 10; i++)
		serial = serial * 10 + (d[i] - '0');
	return serial % 7 == d[10] - '0';
}

int
cargo_container_valid(const char *id)
{
	long sum = 0;

	if (strlen(id) != 11 || !digits(id + 4, 7))
		return 0;
	for (int i = 0; i < 10; i++) {
		int v;

		if (i < 4) {
			if (id[i] < 'A' || id[i] > 'Z')
				return 0;
			/* A=10 onwards, skipping the multiples of 11. */
			v = 10 + (id[i] - 'A');
			v += v >= 11 ? (v - 11) / 10 + 1 : 0;
		} else
			v = id[i] - '0';
		sum += (long)v << i;
	}
	return sum % 11 % 10 == id[10] - '0';
}

int
cargo_uld_valid(const char *id)
{
	size_t n = strlen(id), d = 0;

	if (n < 9 || n > 10)
		return 0;
	for (int i = 0; i < 3; i++)
		if (id[i] < 'A' || id[i] > 'Z')
			return 0;
	while (id[3 + d] >= '0' && id[3 + d] <= '9')
		d++;
	return (d == 4 || d == 5) && 3 + d + 2 == n;
}

int
cargo_hs_valid(const char *hs)
{
	char d[16];
	size_t n = 0;
	int chapter;

	for (; *hs != '\0'; hs++) {
		if (*hs == '.' || *hs == ' ')
			continue;
		if (*hs < '0' || *hs > '9' || n == sizeof(d))
			return 0;
		d[n++] = *hs;
	}
	if (n < 6 || n > 10)
		return 0;
	chapter = (d[0] - '0') * 10 + (d[1] - '0');
	return chapter >= 1 && chapter <= 97 && chapter != 77;
}

int
cargo_imo_valid(const char *imo)
{
	int sum = 0;

	if (strncmp(imo, "IMO", 3) == 0)
		for (imo += 3; *imo == ' '; imo++)
			;
	if (strlen(imo) != 7 || !digits(imo, 7))
		return 0;
	for (int i = 0; i < 6; i++)
		sum += (imo[i] - '0') * (7 - i);
	return sum % 10 == imo[6] - '0';
}
