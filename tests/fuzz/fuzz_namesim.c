/*
 * Fuzz target: the name comparison (core/match/namesim.h). The input is a
 * kind, then two names: its first byte is P (person), O (organisation), V
 * (vessel) or anything else (the kind guessed from the first name); the
 * rest is the first name up to a line end, then the second. The
 * comparison must be symmetric and within 0..1, whatever the names.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match/namesim.h"
#include "fuzz.h"

static int
key_read(void *arg, const char *key)
{
	(void)arg;
	FUZZ_CHECK(key != NULL);
	fuzz_touch(key);
	return 0;
}

static void
compare(const char *sa, const char *sb, enum match_kind kind)
{
	struct namesim *a, *b;
	char expl[256], small[8];
	double ab, ba;

	a = namesim_new(sa, kind);
	b = namesim_new(sb, kind);
	if (a == NULL || b == NULL)
		goto done;
	ab = namesim_compare(a, b, expl, sizeof(expl));
	ba = namesim_compare(b, a, NULL, 0);
	FUZZ_CHECK(!isnan(ab) && ab >= 0.0 && ab <= 1.0);
	FUZZ_CHECK(fabs(ab - ba) < 1e-9);
	FUZZ_CHECK(memchr(expl, '\0', sizeof(expl)) != NULL);
	fuzz_touch(expl);
	(void)namesim_compare(a, b, small, sizeof(small));
	FUZZ_CHECK(memchr(small, '\0', sizeof(small)) != NULL);
	fuzz_touch(namesim_text(a));
	FUZZ_CHECK(namesim_keys(a, key_read, NULL) == 0);
	FUZZ_CHECK(namesim_keys(b, key_read, NULL) == 0);
done:
	namesim_free(b);
	namesim_free(a);
}

int
fuzz_namesim(const uint8_t *data, size_t size)
{
	enum match_kind kind;
	char *sa, *sb, *nl;

	if (size == 0 || (sa = malloc(size)) == NULL)
		return 0;
	/* The names are C strings: a NUL in them ends them. */
	memcpy(sa, data + 1, size - 1);
	sa[size - 1] = '\0';
	sb = sa + size - 1;
	if ((nl = strchr(sa, '\n')) != NULL) {
		*nl = '\0';
		sb = nl + 1;
	}
	switch (data[0]) {
	case 'P':
		kind = MATCH_PERSON;
		break;
	case 'O':
		kind = MATCH_ORGANIZATION;
		break;
	case 'V':
		kind = MATCH_VESSEL;
		break;
	default:
		kind = namesim_guess_kind(sa);
		break;
	}
	compare(sa, sb, kind);
	free(sa);
	return 0;
}
