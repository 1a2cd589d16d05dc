#include "cargo_check.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/*
 * The identifier in upper case without the spaces and hyphens people put
 * between its parts; -1 when it does not fit (then it is no identifier).
 */
static int
squeeze(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		if (n + 1 >= outsz)
			return -1;
		out[n++] = (char)toupper((unsigned char)*in);
	}
	out[n] = '\0';
	return (int)n;
}

/* ---- air waybill ---- */

const char *
cargo_awb_problem(const char *awb)
{
	const char *form = "not a 3-digit prefix and an 8-digit serial";
	char serial[8];
	long v = 0;
	int n = 0;

	if (awb == NULL)
		return form;
	for (int i = 0; i < 3; i++)
		if (!is_digit(*awb++))
			return form;
	if (*awb == '-' || *awb == ' ')
		awb++;
	/* As printed on the form: "157-1234 5675". */
	for (; *awb != '\0' && n < 8; awb++) {
		if (*awb == ' ' && n == 4)
			continue;
		if (!is_digit(*awb))
			return form;
		if (n < 7)
			serial[n] = *awb;
		n++;
	}
	if (n != 8 || *awb != '\0')
		return form;
	for (int i = 0; i < 7; i++)
		v = v * 10 + (serial[i] - '0');
	if (v % 7 != awb[-1] - '0')
		return "check digit is not the serial modulo 7";
	return NULL;
}

int
cargo_awb_valid(const char *awb)
{
	return cargo_awb_problem(awb) == NULL;
}

/* ---- ISO 6346 container ---- */

/* A=10 upwards, skipping 11, 22 and 33: no letter shares a value with "10". */
static int
iso6346_letter(char c)
{
	int v = 10;

	for (char l = 'A'; l < c; l++)
		if (++v % 11 == 0)
			v++;
	return v;
}

const char *
cargo_container_problem(const char *id)
{
	char s[16];
	int sum = 0;

	if (id == NULL || squeeze(id, s, sizeof(s)) != 11)
		return "not 4 letters and 7 digits";
	for (int i = 0; i < 4; i++)
		if (!is_upper(s[i]))
			return "not 4 letters and 7 digits";
	for (int i = 4; i < 11; i++)
		if (!is_digit(s[i]))
			return "not 4 letters and 7 digits";
	if (s[3] != 'U' && s[3] != 'J' && s[3] != 'Z')
		return "category letter is not U, J or Z";
	for (int i = 0; i < 10; i++)
		sum += (i < 4 ? iso6346_letter(s[i]) : s[i] - '0') << i;
	if (sum % 11 % 10 != s[10] - '0')
		return "check digit does not match (ISO 6346)";
	return NULL;
}

int
cargo_container_valid(const char *id)
{
	return cargo_container_problem(id) == NULL;
}

/* ---- IATA unit load device ---- */

const char *
cargo_uld_problem(const char *id)
{
	const char *form = "not a 3-letter type, a 4- or 5-digit serial and"
	    " a 2-character owner";
	char s[16];
	int n;

	if (id == NULL || (n = squeeze(id, s, sizeof(s))) < 9 || n > 10)
		return form;
	for (int i = 0; i < 3; i++)
		if (!is_upper(s[i]))
			return form;
	/* The length says where the serial ends: an owner may be "3U". */
	for (int i = 3; i < n - 2; i++)
		if (!is_digit(s[i]))
			return form;
	for (int i = n - 2; i < n; i++)
		if (!is_upper(s[i]) && !is_digit(s[i]))
			return form;
	if (is_digit(s[n - 2]) && is_digit(s[n - 1]))
		return "owner code is not an airline designator";
	return NULL;
}

int
cargo_uld_valid(const char *id)
{
	return cargo_uld_problem(id) == NULL;
}

/* ---- harmonised system code ---- */

const char *
cargo_hs_problem(const char *hs)
{
	const char *form = "not 6 to 10 digits";
	char d[10];
	size_t n = 0;
	int chapter;

	if (hs == NULL)
		return form;
	for (const char *p = hs; *p != '\0'; p++) {
		if (is_digit(*p)) {
			if (n == sizeof(d))
				return form;
			d[n++] = *p;
			continue;
		}
		/* A group separator: between two digits, never doubled. */
		if ((*p != '.' && *p != ' ') || p == hs || !is_digit(p[-1]) ||
		    !is_digit(p[1]))
			return form;
	}
	if (n < 6)
		return form;
	chapter = (d[0] - '0') * 10 + (d[1] - '0');
	if (chapter < 1 || chapter > 97)
		return "chapter is not 01 to 97";
	if (chapter == 77)
		return "chapter 77 is reserved";
	return NULL;
}

int
cargo_hs_valid(const char *hs)
{
	return cargo_hs_problem(hs) == NULL;
}

/* ---- IMO ship number ---- */

const char *
cargo_imo_problem(const char *imo)
{
	int sum = 0;

	if (imo == NULL)
		return "not 7 digits";
	if (strncasecmp(imo, "IMO", 3) == 0)
		for (imo += 3; *imo == ' '; imo++)
			;
	if (strlen(imo) != 7)
		return "not 7 digits";
	for (int i = 0; i < 7; i++)
		if (!is_digit(imo[i]))
			return "not 7 digits";
	/* The first six digits weighted 7 down to 2; the sum's last digit. */
	for (int i = 0; i < 6; i++)
		sum += (imo[i] - '0') * (7 - i);
	if (sum % 10 != imo[6] - '0')
		return "check digit does not match";
	return NULL;
}

int
cargo_imo_valid(const char *imo)
{
	return cargo_imo_problem(imo) == NULL;
}
