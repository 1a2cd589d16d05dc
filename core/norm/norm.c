#include "norm.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "translit.h"

/*
 * ICAO Doc 9303 part 3, transliteration of Latin letters, U+00C0..U+017F.
 * Upper and lower case map alike; NULL marks the two symbols of the block
 * (multiplication and division sign), which split tokens.
 */
#define LATIN_FIRST	0xC0
#define LATIN_LAST	0x17F
static const char *const latin[LATIN_LAST - LATIN_FIRST + 1] = {
	/* U+00C0 */ "A", "A", "A", "A", "AE", "AA", "AE", "C",
	/* U+00C8 */ "E", "E", "E", "E", "I", "I", "I", "I",
	/* U+00D0 */ "D", "N", "O", "O", "O", "O", "OE", NULL,
	/* U+00D8 */ "OE", "U", "U", "U", "UE", "Y", "TH", "SS",
	/* U+00E0 */ "A", "A", "A", "A", "AE", "AA", "AE", "C",
	/* U+00E8 */ "E", "E", "E", "E", "I", "I", "I", "I",
	/* U+00F0 */ "D", "N", "O", "O", "O", "O", "OE", NULL,
	/* U+00F8 */ "OE", "U", "U", "U", "UE", "Y", "TH", "Y",
	/* U+0100 */ "A", "A", "A", "A", "A", "A", "C", "C",
	/* U+0108 */ "C", "C", "C", "C", "C", "C", "D", "D",
	/* U+0110 */ "D", "D", "E", "E", "E", "E", "E", "E",
	/* U+0118 */ "E", "E", "E", "E", "G", "G", "G", "G",
	/* U+0120 */ "G", "G", "G", "G", "H", "H", "H", "H",
	/* U+0128 */ "I", "I", "I", "I", "I", "I", "I", "I",
	/* U+0130 */ "I", "I", "IJ", "IJ", "J", "J", "K", "K",
	/* U+0138 */ "K", "L", "L", "L", "L", "L", "L", "L",
	/* U+0140 */ "L", "L", "L", "N", "N", "N", "N", "N",
	/* U+0148 */ "N", "N", "N", "N", "O", "O", "O", "O",
	/* U+0150 */ "O", "O", "OE", "OE", "R", "R", "R", "R",
	/* U+0158 */ "R", "R", "S", "S", "S", "S", "S", "S",
	/* U+0160 */ "S", "S", "T", "T", "T", "T", "T", "T",
	/* U+0168 */ "U", "U", "U", "U", "U", "U", "U", "U",
	/* U+0170 */ "U", "U", "U", "U", "W", "W", "Y", "Y",
	/* U+0178 */ "Y", "Z", "Z", "Z", "Z", "Z", "Z", "S",
};

/* The second spelling 9303 allows (Ä AE or A ...), or NULL when none. */
static const char *
latin_variant(uint32_t cp)
{
	switch (cp | 0x20) {	/* lower case of the Latin-1 letters */
	case 0xE4:		/* ä */
	case 0xE5:		/* å */
		return "A";
	case 0xF6:		/* ö */
	case 0xF8:		/* ø */
		return "O";
	case 0xFC:		/* ü */
		return "U";
	}
	return NULL;
}

/*
 * Latin letters beyond the 9303 table that carriers do send: Romanian S
 * and T with comma below (twins of Ş and Ţ, which 9303 strips), the
 * Vietnamese horned O and U, and the capital sharp S.
 */
static const char *
latin_extra(uint32_t cp)
{
	switch (cp) {
	case 0x1A0: case 0x1A1:
		return "O";
	case 0x1AF: case 0x1B0:
		return "U";
	case 0x218: case 0x219:
		return "S";
	case 0x21A: case 0x21B:
		return "T";
	case 0x1E9E:
		return "SS";
	}
	return NULL;
}

/*
 * Decodes one UTF-8 sequence at s. Returns its length, or -1 if it is not
 * valid (stray continuation, truncated, overlong, surrogate, beyond
 * U+10FFFF). Continuation bytes are checked one by one, so a NUL stops the
 * decoder before it reads past the string.
 */
static int
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	int len;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1Fu;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0Fu;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07u;
	} else
		return -1;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3Fu);
	}
	if (c < least[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return len;
}

/*
 * Both spellings grow side by side. A separator only raises brk; the space
 * is written before the next letter, so there is never a leading, trailing
 * or double space.
 */
struct name_out {
	struct norm_name *nn;
	size_t plen, vlen;
	int brk;
	int full;	/* a spelling did not fit */
	char last;	/* the previous character if a plain A-Z, else 0 */
	int han, hangul;	/* words of Han, of Hangul so far */
};

static void
append(char *buf, size_t *len, const char *s, int *full)
{
	size_t n = strlen(s);

	if (*len + n >= NORM_NAME_MAX) {
		*full = 1;
		return;
	}
	memcpy(buf + *len, s, n + 1);
	*len += n;
}

static void
emit(struct name_out *o, const char *pri, const char *var)
{
	if (o->brk && o->plen > 0) {
		append(o->nn->primary, &o->plen, " ", &o->full);
		append(o->nn->variant, &o->vlen, " ", &o->full);
	}
	o->brk = 0;
	append(o->nn->primary, &o->plen, pri, &o->full);
	append(o->nn->variant, &o->vlen, var != NULL ? var : pri, &o->full);
}

/*
 * Apostrophes join (O'Brien OBRIEN), as do invisible format characters and
 * control characters other than white space: a stray byte inside a name
 * (a C1 control from a file in the wrong character set) must not split it.
 */
static int
vanishes(uint32_t cp)
{
	if ((cp < 0x20 && (cp < 0x09 || cp > 0x0D)) || (cp >= 0x7F && cp < 0xA0))
		return 1;
	switch (cp) {
	case '\'': case '`':
	case 0xAD:		/* soft hyphen */
	case 0xB4:		/* acute accent used as an apostrophe */
	case 0x2B9: case 0x2BB: case 0x2BC: case 0x2BD: case 0x2BE: case 0x2BF:
	case 0x2018: case 0x2019: case 0x201B: case 0x2032:
	case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		return 1;
	}
	return 0;
}

/* Punctuation, and the middle dot between Japanese names (バラク・オバマ). */
static int
separates(uint32_t cp)
{
	return cp < 0xC0 || cp == 0xD7 ||
	    cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
	    (cp >= 0x3000 && cp <= 0x303F) || cp == 0x30FB || cp == 0xFF65;
}

/*
 * A decomposed letter (U followed by U+0308) reads as the precomposed one:
 * the diaeresis adds E and the ring A to the primary spelling only.
 */
static void
combining(struct name_out *o, uint32_t cp)
{
	const char *add = NULL;

	if (cp == 0x308 && (o->last == 'A' || o->last == 'O' || o->last == 'U'))
		add = "E";
	else if (cp == 0x30A && o->last == 'A')
		add = "A";
	if (add != NULL)
		append(o->nn->primary, &o->plen, add, &o->full);
}

static void
put_codepoint(struct name_out *o, uint32_t cp)
{
	char ascii[2] = {0, 0};
	const char *t;

	if (cp >= 0xFF01 && cp <= 0xFF5E)	/* full-width ASCII */
		cp -= 0xFEE0;
	if (cp < 0x80 && (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
		ascii[0] = (char)(cp & ~0x20u);
		emit(o, ascii, NULL);
		o->last = ascii[0];
		return;
	}
	if (cp >= '0' && cp <= '9') {
		ascii[0] = (char)cp;
		emit(o, ascii, NULL);
	} else if (cp >= 0x300 && cp <= 0x36F) {
		combining(o, cp);
	} else if (vanishes(cp)) {
		/* nothing */
	} else if (cp >= LATIN_FIRST && cp <= LATIN_LAST &&
	    (t = latin[cp - LATIN_FIRST]) != NULL) {
		emit(o, t, latin_variant(cp));
	} else if ((t = latin_extra(cp)) != NULL) {
		emit(o, t, NULL);
	} else if ((t = translit_table(cp)) != NULL) {
		emit(o, t, NULL);
	} else if (separates(cp)) {
		o->brk = 1;
	}
	/* What transliteration left of other scripts is dropped. */
	o->last = 0;
}

/* Feeds the UTF-8 of a transliteration through put_codepoint. */
static int
put_utf8(struct name_out *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int n;

	while (*p != '\0') {
		if ((n = utf8_decode(p, &cp)) == -1)
			return -1;
		put_codepoint(o, cp);
		p += n;
	}
	return 0;
}

/* Whether norm_name gives the code point at s to translit_run. */
static int
other_at(const unsigned char *s, uint32_t *cp, int *n)
{
	if (*s == '\0' || (*n = utf8_decode(s, cp)) == -1)
		return 0;
	return translit_other(*cp) && latin_extra(*cp) == NULL &&
	    translit_table(*cp) == NULL;
}

#define RUN_MAX		128	/* code points transliterated at once */
#define RUN_OUT		(RUN_MAX * 8 + 1)

/*
 * A word of another script (the code points from s on that
 * translit_other takes, at most RUN_MAX), spelt in Latin by translit_run:
 * its length in bytes, or -1. A Korean surname with a second customary
 * spelling gives it to the variant (LEE, YI).
 */
static int
put_run(struct name_out *o, const unsigned char *s)
{
	uint32_t run[RUN_MAX], cp;
	char text[RUN_OUT], alt[16];
	const unsigned char *p = s;
	size_t n = 0, w;
	int len, *seen;

	while (n < RUN_MAX && other_at(p, &cp, &len)) {
		run[n++] = cp;
		p += len;
	}
	/* Han and Hangul words count apart: each script's first holds the surname. */
	seen = run[0] >= 0xAC00 && run[0] <= 0xD7A3 ? &o->hangul : &o->han;
	if (translit_run(run, n, *seen == 0, text, sizeof(text), alt,
	    sizeof(alt)) == -1)
		return -1;
	if (translit_syllabic(run[0])) {
		o->nn->syllabic = 1;
		(*seen)++;
	}
	if (translit_abjad(run[0]))
		o->nn->abjad = 1;
	if (alt[0] != '\0') {
		/* The surname, the first word, in two spellings. */
		char first[sizeof(alt)];

		if ((w = strcspn(text, " ")) >= sizeof(first))
			return -1;
		memcpy(first, text, w);
		first[w] = '\0';
		emit(o, first, alt);
		memmove(text, text + w, strlen(text + w) + 1);
	}
	if (put_utf8(o, text) == -1)
		return -1;
	return (int)(p - s);
}

int
norm_name(const char *in, struct norm_name *out)
{
	const unsigned char *s = (const unsigned char *)in;
	struct name_out o = {.nn = out};
	uint32_t cp, next;
	int n;

	out->primary[0] = out->variant[0] = '\0';
	out->syllabic = 0;
	out->abjad = 0;
	if (in == NULL)
		return -1;
	while (*s != '\0') {
		if ((n = utf8_decode(s, &cp)) == -1)
			goto fail;
		/* Latin (below U+0180) never goes to transliteration: the fast path. */
		if (cp >= 0x180 && other_at(s, &cp, &n)) {
			if ((n = put_run(&o, s)) == -1)
				goto fail;
		} else if (cp >= 0x370 && cp <= 0x3FF && s[n] != '\0' &&
		    translit_table(cp) != NULL && translit_table(cp)[0] == 'O' &&
		    utf8_decode(s + n, &next) > 0 &&
		    translit_greek_upsilon(next)) {
			/* Greek OY is OU (ELOT 743). */
			emit(&o, "OU", NULL);
			o.last = 0;
			n += utf8_decode(s + n, &next);
		} else
			put_codepoint(&o, cp);
		if (o.full)
			goto fail;
		s += n;
	}
	return 0;
fail:
	out->primary[0] = out->variant[0] = '\0';
	return -1;
}

size_t
norm_tokens(char *name, char **tok, size_t max)
{
	size_t n = 0;
	char *p = name;

	/* Every space becomes a NUL, even past max, so no token runs on. */
	while (*p != '\0') {
		while (*p == ' ')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n < max)
			tok[n++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
	}
	return n;
}

int
norm_document(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	if (in == NULL || outsz == 0)
		return -1;
	for (const char *p = in; *p != '\0'; p++) {
		char c = *p;

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (n + 1 >= outsz)
				goto fail;
			out[n++] = c;
		} else if (strchr(" \t\r\n-./<", c) == NULL)
			goto fail;	/* not a document number */
	}
	if (n == 0)
		goto fail;
	out[n] = '\0';
	return 0;
fail:
	out[0] = '\0';
	return -1;
}

char
norm_gender(const char *in)
{
	static const struct {
		const char *word;
		char g;
	} words[] = {
		/* MI and FI: infants in an SSR DOCS */
		{"M", 'M'}, {"MALE", 'M'}, {"MI", 'M'},
		{"F", 'F'}, {"FEMALE", 'F'}, {"FI", 'F'},
		{"X", 'X'}, {"U", 'X'}, {"<", 'X'},
	};
	size_t len;

	if (in == NULL)
		return 0;
	while (*in == ' ')
		in++;
	for (len = strlen(in); len > 0 && in[len - 1] == ' '; len--)
		;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i].word) == len &&
		    strncasecmp(in, words[i].word, len) == 0)
			return words[i].g;
	}
	return 0;
}

/* ---- flights ---- */

static int
fl_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
fl_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
fl_alnum(char c)
{
	return fl_digit(c) || fl_letter(c);
}

/* 1 when n is 1 to 4 digits and an optional suffix letter (IATA). */
static int
flight_number(const char *n)
{
	size_t d = 0;

	while (fl_digit(n[d]))
		d++;
	if (d == 0 || d > 4)
		return 0;
	return n[d] == '\0' || (fl_letter(n[d]) && n[d + 1] == '\0');
}

/* A two-character airline designator: letters and digits, not two digits. */
static int
designator2(const char *c)
{
	return fl_alnum(c[0]) && fl_alnum(c[1]) &&
	    !(fl_digit(c[0]) && fl_digit(c[1]));
}

int
norm_flight(const char *carrier, const char *number, char *out,
    size_t outsz)
{
	char c[4] = "";
	size_t clen;
	int n;

	if (number == NULL)
		number = "";
	if (carrier != NULL && (clen = strlen(carrier)) > 0 && clen < sizeof(c)) {
		memcpy(c, carrier, clen + 1);
		if (strncmp(number, carrier, clen) == 0 &&
		    flight_number(number + clen))
			number += clen;
	} else if (strlen(number) > 2 && designator2(number) &&
	    flight_number(number + 2)) {
		memcpy(c, number, 2);
		c[2] = '\0';
		number += 2;
	}
	if (c[0] == '\0' || !flight_number(number))
		n = snprintf(out, outsz, "%s%s", fl_digit(number[0]) ? c : "",
		    number);
	else {
		while (number[0] == '0' && fl_digit(number[1]))
			number++;
		n = snprintf(out, outsz, "%s%s", c, number);
	}
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}
