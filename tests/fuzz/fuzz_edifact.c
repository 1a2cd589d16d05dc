/*
 * Fuzz target: the EDIFACT tokenizer (feeds/edifact.h) on its own, below
 * the parsers: every segment with every value it hands out, detection,
 * the message walk with callbacks that take everything, and the format
 * detection of feeds/feed.c, which looks at every file first.
 */
#include <string.h>

#include "feeds/edifact.h"
#include "feeds/feed.h"
#include "fuzz.h"

/*
 * Every value of the segment, and one element and component past the end.
 * Its offset is within limit bytes.
 */
static void
read_segment(const struct edi_segment *s, size_t limit)
{
	char version[32];

	FUZZ_CHECK(memchr(s->tag, '\0', sizeof(s->tag)) != NULL);
	FUZZ_CHECK(s->offset >= 0 && (size_t)s->offset <= limit);
	for (size_t el = 0; el <= s->nelements + 1; el++) {
		size_t n = edi_ncomponents(s, el);

		if (el > s->nelements)
			FUZZ_CHECK(n == 0 && edi_get(s, el, 0) == NULL);
		for (size_t c = 0; c <= n; c++)
			fuzz_touch(edi_get(s, el, c));
	}
	if (edi_is(s, "UNH")) {
		if (edi_message_version(s, version, sizeof(version)) == 0)
			FUZZ_CHECK(memchr(version, '\0', sizeof(version)));
		(void)edi_message_version(s, version, 2);
	}
}

static void
tokenize(const char *buf, size_t size, int keep_unterminated)
{
	struct edi_reader r;
	const struct edi_segment *s;
	struct vb_error err;
	int rc;

	if (edi_reader_init(&r, buf, size, &err) == 0) {
		r.keep_unterminated = keep_unterminated;
		while ((rc = edi_next(&r, &s, &err)) != 0) {
			if (rc == -1) {
				FUZZ_CHECK(err.message[0] != '\0');
				if (err.code == VB_ENOMEM)
					break;
				continue;	/* the reader has moved on */
			}
			FUZZ_CHECK(rc == 1);
			read_segment(s, size);
		}
		FUZZ_CHECK(r.trailing >= -1 && r.trailing <= (long)size);
	}
	edi_reader_free(&r);
}

static int
take_all(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	(void)err;
	read_segment(s, *(const size_t *)arg);
	return 0;
}

static void
forget(void *arg)
{
	(void)arg;
}

static void
walk(const char *buf, size_t size)
{
	/* The walk reads an 8-bit file as UTF-8: up to three times its size. */
	size_t limit = 3 * size;
	struct edi_walker w = {&limit, take_all, take_all, take_all, take_all,
	    forget, NULL};
	struct vb_error err;
	int rc;

	if ((w.model = model_new()) == NULL)
		return;
	rc = edi_walk(buf, size, &w, &err);
	FUZZ_CHECK(rc == 0 || (rc == -1 && err.message[0] != '\0'));
	fuzz_check_model(w.model, size);
	model_free(w.model);
}

int
fuzz_edifact(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char type[16], version[16], t1[2], v1[2];
	struct vb_error err;

	tokenize(buf, size, 0);
	tokenize(buf, size, 1);
	walk(buf, size);
	if (edi_detect(buf, size, type, sizeof(type), version,
	    sizeof(version))) {
		FUZZ_CHECK(memchr(type, '\0', sizeof(type)) != NULL);
		FUZZ_CHECK(memchr(version, '\0', sizeof(version)) != NULL);
	}
	/* Buffers too small for any type: cut or refused, never overrun. */
	(void)edi_detect(buf, size, t1, sizeof(t1), v1, sizeof(v1));
	(void)feed_detect(buf, size, &err);
	return 0;
}
