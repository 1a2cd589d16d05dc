#include "norm.h"

#include <stdio.h>
#include <string.h>

/*
 * Two-digit years: a birth date lies in the past, so 20YY unless that is
 * after the reference year; an expiry date lies ahead (documents run at most
 * some decades and a list may carry a recently expired one), so the century
 * that puts it within [ref_year - 20, ref_year + 80); a scheduled flight is
 * near now.
 */
int
norm_year2(int yy, enum norm_when when, int ref_year)
{
	int century = ref_year / 100 * 100;
	int y = century + yy;

	if (when == NORM_PAST)
		return y > ref_year ? y - 100 : y;
	if (when == NORM_NEAR)
		return y - ref_year > 50 ? y - 100 : ref_year - y > 50 ? y + 100 : y;
	if (y < ref_year - 20)
		return y + 100;
	if (y >= ref_year + 80)
		return y - 100;
	return y;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
norm_days_in_month(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* n decimal digits at s as a number, or -1. */
int
norm_digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* n decimal digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v;

	return norm_digits(s, (size_t)n, &v) == -1 ? -1 : v;
}

/* JAN..DEC in any case, 1..12, or -1. */
static int
month_name(const char *s)
{
	static const char names[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
	char up[3];

	for (int i = 0; i < 3; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			up[i] = (char)(s[i] - 'a' + 'A');
		else
			up[i] = s[i];
	}
	for (int m = 0; m < 12; m++) {
		if (memcmp(names + m * 3, up, 3) == 0)
			return m + 1;
	}
	return -1;
}

struct ymd {
	int y, m, d;
	int parts;	/* 1 year only, 2 year and month, 3 full date */
	int yy;		/* y holds a two-digit year still to resolve */
};

static int
parse_sep(const char *s, char sep, struct ymd *t)
{
	if (s[2] != sep || s[5] != sep)
		return -1;
	t->d = digits(s, 2);
	t->m = digits(s + 3, 2);
	t->y = digits(s + 6, 4);
	return 0;
}

/* Fills t from one of the forms norm.h lists, by length and shape. */
static int
parse_date(const char *s, size_t len, struct ymd *t)
{
	*t = (struct ymd){0, 0, 0, 3, 0};
	switch (len) {
	case 4:		/* YYYY */
		t->parts = 1;
		t->y = digits(s, 4);
		break;
	case 6:		/* YYMMDD, as in the MRZ and EDIFACT DTM */
		t->yy = 1;
		t->y = digits(s, 2);
		t->m = digits(s + 2, 2);
		t->d = digits(s + 4, 2);
		break;
	case 7:		/* YYYY-MM or DDMONYY */
		if (s[4] == '-') {
			t->parts = 2;
			t->y = digits(s, 4);
			t->m = digits(s + 5, 2);
		} else {
			t->yy = 1;
			t->d = digits(s, 2);
			t->m = month_name(s + 2);
			t->y = digits(s + 5, 2);
		}
		break;
	case 8:		/* YYYYMMDD */
		t->y = digits(s, 4);
		t->m = digits(s + 4, 2);
		t->d = digits(s + 6, 2);
		break;
	case 9:		/* DDMONYYYY */
		t->d = digits(s, 2);
		t->m = month_name(s + 2);
		t->y = digits(s + 5, 4);
		break;
	case 10:	/* YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY */
		if (s[4] == '-' && s[7] == '-') {
			t->y = digits(s, 4);
			t->m = digits(s + 5, 2);
			t->d = digits(s + 8, 2);
		} else if (parse_sep(s, '.', t) == -1 &&
		    parse_sep(s, '/', t) == -1)
			return -1;
		break;
	default:
		return -1;
	}
	return t->y < 0 || t->m < 0 || t->d < 0 ? -1 : 0;
}

int
norm_date(const char *in, enum norm_when when, int ref_year, char out[11])
{
	struct ymd t;
	size_t len;
	int n;

	out[0] = '\0';
	if (in == NULL)
		return -1;
	while (*in == ' ')
		in++;
	for (len = strlen(in); len > 0 && in[len - 1] == ' '; len--)
		;
	if (parse_date(in, len, &t) == -1)
		return -1;
	if (t.yy)
		t.y = norm_year2(t.y, when, ref_year);
	if (t.y < 1000 || t.y > 9999)
		return -1;
	if (t.parts > 1 && (t.m < 1 || t.m > 12))
		return -1;
	if (t.parts == 3) {
		if (t.d < 1 || t.d > norm_days_in_month(t.y, t.m))
			return -1;
		n = snprintf(out, 11, "%04d-%02d-%02d", t.y, t.m, t.d);
	} else if (t.parts == 2)
		n = snprintf(out, 11, "%04d-%02d", t.y, t.m);
	else
		n = snprintf(out, 11, "%04d", t.y);
	if (n < 0 || n >= 11) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
