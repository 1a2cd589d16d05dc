/*
 * Carrier values on their way into a list. The database may hand back
 * bytes that are not UTF-8 (a SQL_ASCII database stores whatever it is
 * given), which jansson refuses: such a value is shown with U+FFFD for each
 * bad byte rather than lost with its target. In the CSV and HTML an officer
 * opens, no control character arrives raw: line breaks and tabs become a
 * space (so a value cannot forge a row), the others U+FFFD, as do the
 * invisible marks that reorder text on screen (bidirectional overrides).
 */
#include "targets_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

const char *
targets_utf8(struct targets_pool *p, const char *s)
{
	size_t len, i = 0, o = 0;
	char *copy = NULL, **grown;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	while (i < len) {
		size_t n = text_utf8_len((const unsigned char *)s + i, len - i);

		if (n == 0)
			break;
		i += n;
	}
	if (i == len)
		return s;
	/* Out of memory: a placeholder now, an error when the list is built. */
	if (p->oom || (copy = reallocarray(NULL, len + 1, 3)) == NULL ||
	    (grown = reallocarray(p->v, p->n + 1, sizeof(*p->v))) == NULL) {
		free(copy);
		p->oom = 1;
		return REPLACEMENT;
	}
	p->v = grown;
	p->v[p->n++] = copy;
	for (i = 0; i < len; ) {
		size_t n = text_utf8_len((const unsigned char *)s + i, len - i);

		if (n == 0) {
			memcpy(copy + o, REPLACEMENT, 3);
			o += 3;
			i++;
		} else {
			memcpy(copy + o, s + i, n);
			o += n;
			i += n;
		}
	}
	copy[o] = '\0';
	return copy;
}

void
targets_pool_free(struct targets_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* The code point of the n-byte UTF-8 sequence at s. */
static unsigned long
code_point(const unsigned char *s, size_t n)
{
	unsigned long cp = n == 1 ? s[0] : s[0] & (0x7fu >> n);

	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3fu);
	return cp;
}

enum targets_char
targets_char(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;

	if ((*n = text_utf8_len(u, len)) == 0) {
		*n = 1;
		return TARGETS_CHAR_OTHER;	/* not UTF-8 */
	}
	cp = code_point(u, *n);
	if ((cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0x2028 ||
	    cp == 0x2029)
		return TARGETS_CHAR_SPACE;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	    cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return TARGETS_CHAR_OTHER;
	return TARGETS_CHAR_PLAIN;
}

const char *
targets_char_shown(enum targets_char k)
{
	return k == TARGETS_CHAR_SPACE ? " " : REPLACEMENT;
}
