#include "text.h"

#include <stdio.h>
#include <string.h>

size_t
text_utf8_len(const unsigned char *s, size_t len)
{
	unsigned c = s[0];
	size_t n;
	unsigned cp;

	if (len == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* 1 for C0 controls, DEL and C1 controls (U+0080..U+009F, as UTF-8). */
static int
is_control(const unsigned char *s, size_t n)
{
	if (n == 1)
		return s[0] < 0x20 || s[0] == 0x7f;
	return n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

size_t
text_safe(const char *in, size_t inlen, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	while (i < inlen) {
		size_t n = text_utf8_len(s + i, inlen - i);
		char esc[8];
		const char *piece;
		size_t plen;

		if (n == 0) {
			(void)snprintf(esc, sizeof(esc), "\\x%02X", s[i]);
			piece = esc, plen = 4, n = 1;
		} else if (is_control(s + i, n)) {
			if (n == 1)
				(void)snprintf(esc, sizeof(esc), "\\x%02X", s[i]);
			else
				(void)snprintf(esc, sizeof(esc), "\\u00%02X", s[i + 1]);
			piece = esc, plen = strlen(esc);
		} else
			piece = (const char *)s + i, plen = n;
		if (o + plen >= outsz)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
		i += n;
	}
	out[o] = '\0';
	return i;
}

int
text_is_safe(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len; ) {
		size_t n = text_utf8_len(u + i, len - i);

		if (n == 0 || is_control(u + i, n))
			return 0;
		i += n;
	}
	return 1;
}

int
text_copy_cut(char *out, size_t outsz, const char *s)
{
	size_t len = strlen(s), k;

	if (len < outsz) {
		memcpy(out, s, len + 1);
		return 0;
	}
	/* Back to the start of the character the cut would split. */
	k = outsz - 1;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	memcpy(out, s, k);
	out[k] = '\0';
	return 1;
}
