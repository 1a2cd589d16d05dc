#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feeds/edifact.h"
#include "feeds/feed.h"
#include "harness.h"

/* Reads a whole string into at most max segments; returns the count, or -1. */
struct seen {
	char tag[EDI_TAG_MAX];
	long offset;
	int number;
};

static int
read_all(const char *in, struct seen *seen, int max, struct vb_error *err)
{
	struct edi_reader r;
	const struct edi_segment *s;
	int n = 0, rc;

	vb_err_clear(err);
	if (edi_reader_init(&r, in, strlen(in), err) == -1) {
		edi_reader_free(&r);
		return -1;
	}
	while ((rc = edi_next(&r, &s, err)) == 1) {
		if (n < max) {
			strlcpy(seen[n].tag, s->tag, sizeof(seen[n].tag));
			seen[n].offset = s->offset;
			seen[n].number = s->number;
		}
		n++;
	}
	edi_reader_free(&r);
	return rc == -1 ? -1 : n;
}

/* The nth segment (1-based) of in, for tests that look inside one. */
static const struct edi_segment *
nth(struct edi_reader *r, const char *in, int n)
{
	const struct edi_segment *s = NULL;
	struct vb_error err;

	assert_int_equal(edi_reader_init(r, in, strlen(in), &err), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(edi_next(r, &s, &err), 1);
	return s;
}

static void
test_default_service_chars(void **state)
{
	static const char in[] = "UNB+UNOA:4+SENDER:ZZ+RECV+260101:1200+REF1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'TDT+20+UA0989+++UA'UNT+3+1'UNZ+1+REF1'";
	struct edi_reader r;
	const struct edi_segment *s;

	(void)state;
	s = nth(&r, in, 1);
	assert_int_equal(r.svc.component, ':');
	assert_int_equal(r.svc.element, '+');
	assert_int_equal(r.svc.release, '?');
	assert_int_equal(r.svc.terminator, '\'');
	assert_string_equal(s->tag, "UNB");
	assert_int_equal(s->nelements, 5);
	assert_int_equal(s->offset, 0);
	assert_int_equal(s->number, 1);
	assert_string_equal(edi_get(s, 0, 0), "UNB");
	assert_string_equal(edi_get(s, 1, 0), "UNOA");
	assert_string_equal(edi_get(s, 1, 1), "4");
	assert_null(edi_get(s, 1, 2));
	assert_string_equal(edi_get(s, 2, 1), "ZZ");
	assert_string_equal(edi_get(s, 5, 0), "REF1");
	assert_null(edi_get(s, 6, 0));
	assert_int_equal(edi_ncomponents(s, 4), 2);
	assert_int_equal(edi_ncomponents(s, 9), 0);
	edi_reader_free(&r);

	s = nth(&r, in, 3);
	assert_true(edi_is(s, "TDT"));
	assert_int_equal(s->number, 3);
	assert_int_equal(s->offset, (long)(strstr(in, "TDT") - in));
	assert_int_equal(s->nelements, 5);
	assert_string_equal(edi_get(s, 2, 0), "UA0989");
	assert_null(edi_get(s, 3, 0));		/* empty element */
	assert_int_equal(edi_ncomponents(s, 3), 1);
	assert_string_equal(edi_get(s, 5, 0), "UA");
	edi_reader_free(&r);
}

static void
test_una_custom_on_one_line(void **state)
{
	static const char in[] = "UNA:*.? $UNB*UNOA:4*XAIR*BORDER$"
	    "UNH*C1*PAXLST:D:02B:UN:IATA$NAD*FM***O?$HEA+RA:AEGIR?:S?*$"
	    "UNT*3*C1$UNZ*1*X$";
	struct seen seen[8];
	struct vb_error err;
	struct edi_reader r;
	const struct edi_segment *s;

	(void)state;
	assert_int_equal(read_all(in, seen, 8, &err), 5);
	assert_string_equal(seen[0].tag, "UNB");
	assert_int_equal(seen[0].offset, 9);
	assert_int_equal(seen[0].number, 1);
	assert_string_equal(seen[4].tag, "UNZ");

	s = nth(&r, in, 3);
	assert_int_equal(r.svc.element, '*');
	assert_int_equal(r.svc.terminator, '$');
	assert_int_equal(r.svc.reserved, ' ');
	assert_int_equal(s->nelements, 4);
	/* '+' is plain data here; released '$', ':' and '*' are data too. */
	assert_string_equal(edi_get(s, 4, 0), "O$HEA+RA");
	assert_string_equal(edi_get(s, 4, 1), "AEGIR:S*");
	edi_reader_free(&r);
}

static void
test_una_after_blank_and_repetition_char(void **state)
{
	/* Leading spaces before UNA; '*' in the reserved place. */
	static const char in[] = " UNA:+.?*'\n UNB+UNOA:4+A*B+C'\n UNZ+0+1'";
	struct edi_reader r;
	const struct edi_segment *s;

	(void)state;
	s = nth(&r, in, 1);
	assert_int_equal(r.svc.reserved, '*');
	assert_int_equal(s->offset, 12);
	assert_string_equal(edi_get(s, 2, 0), "A*B");
	edi_reader_free(&r);
}

static void
test_release_character(void **state)
{
	static const char in[] = "NAD+FL+++O?'BRIEN:SEAN'"
	    "IFT+3+NO MORE ?\?\?' FLIGHTS 3'"	/* ?\? dodges trigraphs */
	    "IFT+3+FIELD 1??+FIELD 2'"
	    "IFT+3+FIELD 1???+FIELD 2'"
	    "IFT+3+1.1??:1.2'"
	    "IFT+3+2?\?'";
	struct edi_reader r;
	const struct edi_segment *s;

	(void)state;
	s = nth(&r, in, 1);
	assert_string_equal(edi_get(s, 4, 0), "O'BRIEN");
	assert_string_equal(edi_get(s, 4, 1), "SEAN");
	edi_reader_free(&r);
	s = nth(&r, in, 2);
	assert_string_equal(edi_get(s, 2, 0), "NO MORE ?' FLIGHTS 3");
	edi_reader_free(&r);
	s = nth(&r, in, 3);
	assert_int_equal(s->nelements, 3);
	assert_string_equal(edi_get(s, 2, 0), "FIELD 1?");
	assert_string_equal(edi_get(s, 3, 0), "FIELD 2");
	edi_reader_free(&r);
	s = nth(&r, in, 4);
	assert_int_equal(s->nelements, 2);
	assert_string_equal(edi_get(s, 2, 0), "FIELD 1?+FIELD 2");
	edi_reader_free(&r);
	s = nth(&r, in, 5);
	assert_string_equal(edi_get(s, 2, 0), "1.1?");
	assert_string_equal(edi_get(s, 2, 1), "1.2");
	edi_reader_free(&r);
	s = nth(&r, in, 6);
	assert_string_equal(edi_get(s, 2, 0), "2?");
	edi_reader_free(&r);
}

static void
test_line_breaks_and_spaces(void **state)
{
	static const char in[] = "UNB+UNOA:4+S+R'\r\n"
	    "   UNG +PAXLST+S'\n\n"
	    "\tFTX+AAI+++WRAPPED AT\r\n COLUMN 80'  UNZ+1+1'\r\n\r\n";
	struct seen seen[8];
	struct vb_error err;
	struct edi_reader r;
	const struct edi_segment *s;

	(void)state;
	assert_int_equal(read_all(in, seen, 8, &err), 4);
	assert_string_equal(seen[1].tag, "UNG");
	assert_int_equal(seen[1].offset, (long)(strstr(in, "UNG") - in));
	assert_int_equal(seen[2].offset, (long)(strstr(in, "FTX") - in));
	assert_int_equal(seen[3].offset, (long)(strstr(in, "UNZ") - in));
	assert_int_equal(seen[3].number, 4);

	s = nth(&r, in, 2);
	assert_string_equal(edi_get(s, 0, 0), "UNG");
	assert_string_equal(edi_get(s, 1, 0), "PAXLST");
	edi_reader_free(&r);
	s = nth(&r, in, 3);
	/* A line break inside a segment is a wrap, not data. */
	assert_string_equal(edi_get(s, 4, 0), "WRAPPED AT COLUMN 80");
	edi_reader_free(&r);
}

static void
test_several_messages_and_interchanges(void **state)
{
	static const char in[] = "UNB+UNOA:4+S+R+260101:1200+1'"
	    "UNG+PAXLST+S+R+260101:1200+1+UN+D:05B'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'"
	    "UNH+2+PAXLST:D:05B:UN:IATA'BGM+250'UNT+3+2'"
	    "UNE+2+1'UNZ+1+1'\n"
	    "UNA:*.? $UNB*UNOA:4*S*R$UNH*3*PAXLST:D:02B$UNT*2*3$UNZ*1*2$";
	struct seen seen[32];
	struct vb_error err;
	int n, unh = 0;

	(void)state;
	assert_int_equal(n = read_all(in, seen, 32, &err), 14);
	for (int i = 0; i < n; i++)
		unh += strcmp(seen[i].tag, "UNH") == 0;
	assert_int_equal(unh, 3);
	assert_string_equal(seen[10].tag, "UNB");
	assert_int_equal(seen[10].number, 11);
	assert_string_equal(seen[13].tag, "UNZ");
}

static void
test_after_unz_stops(void **state)
{
	static const char in[] = "UNB+UNOA:4+S+R'UNZ+0+1'\n13Nov09\n";
	struct edi_reader r;
	const struct edi_segment *s;
	struct vb_error err;

	(void)state;
	assert_int_equal(edi_reader_init(&r, in, strlen(in), &err), 0);
	assert_int_equal(edi_next(&r, &s, &err), 1);
	assert_int_equal(edi_next(&r, &s, &err), 1);
	assert_int_equal(r.trailing, -1);
	assert_int_equal(edi_next(&r, &s, &err), 0);
	assert_int_equal(r.trailing, (long)(strstr(in, "13Nov") - in));
	assert_int_equal(edi_next(&r, &s, &err), 0);
	edi_reader_free(&r);
}

static void
test_errors_say_where(void **state)
{
	static const char trunc[] = "UNB+UNOA:4+S+R'\nUNH+1+PAXLST:D:02B'\n"
	    "NAD+FL+++ROS";
	struct seen seen[8];
	struct vb_error err;

	(void)state;
	/* Truncated: the last segment has no terminator. */
	assert_int_equal(read_all(trunc, seen, 8, &err), -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(err.offset, (long)(strstr(trunc, "NAD") - trunc));
	assert_string_equal(err.segment, "NAD");
	assert_int_equal(err.segment_no, 3);
	assert_non_null(strstr(err.message, "unterminated"));

	/* A release character with nothing left to release. */
	assert_int_equal(read_all("UNB+UNOA:4+S+R'UNH+1+X?", seen, 8, &err), -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(err.offset, 22);
	assert_string_equal(err.segment, "UNH");
	assert_int_equal(err.segment_no, 2);
	assert_non_null(strstr(err.message, "release character"));

	/* Garbage where a tag should be. */
	assert_int_equal(read_all("UNB+UNOA:4+S+R'hello world+1'", seen, 8,
	    &err), -1);
	assert_int_equal(err.offset, 15);
	assert_int_equal(err.segment_no, 2);
	assert_non_null(strstr(err.message, "bad segment tag"));

	/* Bad UNA: too short, and two service characters alike. */
	assert_int_equal(read_all("UNA:+", seen, 8, &err), -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_string_equal(err.segment, "UNA");
	assert_int_equal(err.offset, 0);
	assert_int_equal(read_all("  UNA::.? 'UNB:A'", seen, 8, &err), -1);
	assert_string_equal(err.segment, "UNA");
	assert_int_equal(err.offset, 2);
	assert_non_null(strstr(err.message, "bad UNA"));
	assert_int_equal(read_all("UNAA+.? 'UNB+A'", seen, 8, &err), -1);
	/* A second UNA, after the first interchange, is checked too. */
	assert_int_equal(read_all("UNB+A'UNZ+0+1'UNA:::::", seen, 8, &err), -1);
	assert_int_equal(err.offset, 14);

	/* White space only, or nothing: no segments, no error. */
	assert_int_equal(read_all("", seen, 8, &err), 0);
	assert_int_equal(read_all(" \r\n", seen, 8, &err), 0);
}

static void
test_detect(void **state)
{
	static const char pnr[] = "\n UNA:+.? 'UNB+IATA:1+S+R'UNG+X'"
	    "UNH+1+PNRGOV:11:1:IA+ABC'";
	static const char cut[] = "UNA:+\\*'\nUNB+IATA:1+1A+KRC+130527:0754+3' "
	    "UNH+1+PNRGOV:13:1:IA+270513'";
	char type[16], version[16];

	(void)state;
	assert_int_equal(edi_detect("UNB+UNOA:4+S+R'UNH+1+PAXLST:D:02B:UN:IATA'",
	    42, type, sizeof(type), version, sizeof(version)), 1);
	assert_string_equal(type, "PAXLST");
	assert_string_equal(version, "D02B");
	assert_int_equal(edi_detect(pnr, strlen(pnr), type, sizeof(type),
	    version, sizeof(version)), 1);
	assert_string_equal(type, "PNRGOV");
	assert_string_equal(version, "11.1");
	/* A UNA cut short by a line break: the UNH is found by its shape. */
	assert_int_equal(edi_detect(cut, strlen(cut), type, sizeof(type),
	    version, sizeof(version)), 1);
	assert_string_equal(type, "PNRGOV");
	assert_string_equal(version, "13.1");
	/* EDIFACT, but the UNH is not in the head. */
	assert_int_equal(edi_detect("UNB+UNOA:4+S+R'", 15, type, sizeof(type),
	    version, sizeof(version)), 1);
	assert_string_equal(type, "");
	assert_int_equal(edi_detect("UNBELIEVABLE", 12, type, sizeof(type),
	    version, sizeof(version)), 0);
	assert_int_equal(edi_detect("{\"manifest\": 1}", 15, type, sizeof(type),
	    version, sizeof(version)), 0);
	assert_int_equal(edi_detect("", 0, type, sizeof(type), version,
	    sizeof(version)), 0);
}

static void
test_feed_detect_unsupported(void **state)
{
	static const char baplie[] = "UNB+UNOA:2+A+B+160414:0307+1'"
	    "UNH+1907+BAPLIE:D:95B:UN:SMDG20'";
	struct vb_error err;

	(void)state;
	assert_null(feed_detect(baplie, strlen(baplie), &err));
	assert_int_equal(err.code, VB_EUNSUPPORTED);
	assert_string_equal(err.message, "unsupported message type BAPLIE");
	assert_null(feed_detect("id,name\n1,X\n", 12, &err));
	assert_int_equal(err.code, VB_EUNSUPPORTED);
	assert_string_equal(err.message, "unknown format");
}

/* What the public EDIFACT samples hold, counted by hand from the files. */
static const struct {
	const char *file;
	const char *type;
	int segments;		/* UNA not counted */
	int messages;
	int unt_agrees;		/* the sender's UNT counts are right */
} samples[] = {
	{"cargo/D95BBAPLIE.edi", "BAPLIE", 32, 1, 1},
	{"cargo/D95BCOARRI.edi", "COARRI", 272, 2, 1},
	{"cargo/example_multiline.edi", "IFTMBC", 9, 1, 0},
	{"cargo/example_release_character.edi", "PAORES", 25, 1, 0},
	{"cargo/example_utf8.edi", "DESADV", 23, 1, 1},
	{"cargo/example_wrapped.edi", "PAORES", 15, 1, 1},
};

static void
check_sample(size_t i)
{
	struct edi_reader r;
	const struct edi_segment *s;
	struct vb_error err;
	char want[64];
	size_t len = 0;
	char *buf;
	int rc, n = 0, unh = 0, inmsg = 0;

	assert_non_null(buf = h_read_sample(samples[i].file, &len));
	assert_int_equal(edi_reader_init(&r, buf, len, &err), 0);
	while ((rc = edi_next(&r, &s, &err)) == 1) {
		assert_int_equal(s->number, ++n);
		assert_true(s->offset >= 0 && (size_t)s->offset < len);
		assert_memory_equal(buf + s->offset, s->tag, 3);
		if (edi_is(s, "UNH")) {
			unh++;
			inmsg = 0;
		}
		inmsg++;
		if (edi_is(s, "UNT") && samples[i].unt_agrees)
			assert_int_equal(strtonum(edi_get(s, 1, 0), 1, 100000,
			    NULL), inmsg);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(r.trailing, -1);
	assert_int_equal(n, samples[i].segments);
	assert_int_equal(unh, samples[i].messages);
	edi_reader_free(&r);

	assert_null(feed_detect(buf, len, &err));
	assert_int_equal(err.code, VB_EUNSUPPORTED);
	snprintf(want, sizeof(want), "unsupported message type %s",
	    samples[i].type);
	assert_string_equal(err.message, want);
	free(buf);
}

static void
test_cargo_samples_tokenise(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		check_sample(i);
}

/* Values inside the samples that test the hard cases. */
static const char *
sample_value(const char *file, int segno, size_t el, size_t comp, char *out,
    size_t outsz)
{
	struct edi_reader r;
	const struct edi_segment *s = NULL;
	struct vb_error err;
	const char *v;
	size_t len = 0;
	char *buf;

	assert_non_null(buf = h_read_sample(file, &len));
	assert_int_equal(edi_reader_init(&r, buf, len, &err), 0);
	for (int i = 0; i < segno; i++)
		assert_int_equal(edi_next(&r, &s, &err), 1);
	v = edi_get(s, el, comp);
	strlcpy(out, v != NULL ? v : "(null)", outsz);
	edi_reader_free(&r);
	free(buf);
	return out;
}

static void
test_sample_values(void **state)
{
	char v[128];

	(void)state;
	assert_string_equal(sample_value("cargo/example_release_character.edi",
	    7, 2, 0, v, sizeof(v)), "NO MORE FLIGHTS 2?");
	assert_string_equal(sample_value("cargo/example_release_character.edi",
	    8, 2, 0, v, sizeof(v)), "NO MORE ' FLIGHTS 3");
	assert_string_equal(sample_value("cargo/example_release_character.edi",
	    10, 2, 0, v, sizeof(v)), "NO MORE ?' FLIGHTS 3");
	assert_string_equal(sample_value("cargo/example_release_character.edi",
	    13, 2, 0, v, sizeof(v)), "FIELD 1?+FIELD 2");
	assert_string_equal(sample_value("cargo/example_release_character.edi",
	    16, 2, 0, v, sizeof(v)), "FIELD 1.1?:FIELD 1.2");
	/* The FTX wrapped over two lines: the break is dropped. */
	assert_string_equal(sample_value("cargo/example_multiline.edi", 7, 4, 0,
	    v, sizeof(v)), "THE SHIPPER SHALL NOT BE RESPONSIBLE FOR ANY"
	    " COSTS/DELAYS OCCUR");
	assert_string_equal(sample_value("cargo/example_multiline.edi", 7, 4, 1,
	    v, sizeof(v)), "DUE TO INTERVENTION OF CUSTOMS.");
	assert_string_equal(sample_value("cargo/D95BBAPLIE.edi", 5, 8, 3,
	    v, sizeof(v)), "OOCL BEIJING");
}

/* The PNRGOV samples: detected by their UNH, whatever the head before it. */
static void
test_pnrgov_samples_detected(void **state)
{
	static const struct {
		const char *file, *version;
	} pnr[] = {
		{"gtas/2_pnrs_basic.edi", "10.1"}, {"gtas/3_pnrs.edi", "11.1"},
		{"gtas/adult_and_infant.edi", "11.1"},
		{"gtas/codeshare.edi", "11.1"}, {"gtas/pnr_split.edi", "11.1"},
		{"gtas/danglingMetaCharacter.txt", "13.1"},
		{"gtas/multiple_flight_leg_pnr.txt", "13.1"},
		{"gtas/pnrBadFormat.txt", "11.1"},
		{"gtas/pnrMessageExample.txt", "13.1"},
		{"gtas/pnrSeatFormats.txt", "13.1"},
		{"gtas/pnrWithDoco.txt", "13.1"},
	};
	char type[16], version[16];
	struct vb_error err;
	size_t len = 0;
	char *buf;

	(void)state;
	for (size_t i = 0; i < sizeof(pnr) / sizeof(pnr[0]); i++) {
		assert_non_null(buf = h_read_sample(pnr[i].file, &len));
		assert_ptr_equal(feed_detect(buf, len, &err), &feed_pnrgov);
		assert_int_equal(edi_detect(buf, len, type, sizeof(type),
		    version, sizeof(version)), 1);
		assert_string_equal(type, "PNRGOV");
		assert_string_equal(version, pnr[i].version);
		free(buf);
	}
}

/* ---- tolerances the parsers build on ---- */

static void
test_line_breaks_counted(void **state)
{
	static const char in[] = "UNB+UNOA:4+S+R'\r\n"
	    "FTX+AAI+++ONE\r\nTWO\nTHREE\rFOUR'\n"
	    "FTX+AAI+++NONE'";
	struct edi_reader r;
	const struct edi_segment *s;

	(void)state;
	s = nth(&r, in, 1);
	assert_int_equal(s->breaks, 0);		/* breaks between segments */
	edi_reader_free(&r);
	s = nth(&r, in, 2);
	assert_int_equal(s->breaks, 3);		/* CR LF, LF and CR: three */
	assert_string_equal(edi_get(s, 4, 0), "ONETWOTHREEFOUR");
	assert_int_equal(s->unterminated, 0);
	edi_reader_free(&r);
	s = nth(&r, in, 3);
	assert_int_equal(s->breaks, 0);
	edi_reader_free(&r);
}

/* Reads in with keep_unterminated set; the last segment in *last. */
static int
read_kept(const char *in, struct edi_reader *r, char *last, size_t lastsz,
    int *unterminated)
{
	const struct edi_segment *s;
	struct vb_error err;
	int n = 0, rc;

	assert_int_equal(edi_reader_init(r, in, strlen(in), &err), 0);
	r->keep_unterminated = 1;
	while ((rc = edi_next(r, &s, &err)) == 1) {
		n++;
		strlcpy(last, edi_get(s, s->nelements, 0) != NULL ?
		    edi_get(s, s->nelements, 0) : s->tag, lastsz);
		*unterminated = s->unterminated;
	}
	assert_int_equal(rc, 0);
	return n;
}

static void
test_keep_unterminated(void **state)
{
	static const char prose[] = "UNB+UNOA:4+S+R'UNZ+1+00102\r\n\r\n"
	    "Modify above message to create bad message.\r\n";
	static const char cut[] = "UNB+UNOA:4+S+R'\nNAD+FL+++ROS";
	static const char junk[] = "UNB+UNOA:4+S+R'UNT+2+1'\nhello world";
	struct edi_reader r;
	char last[64];
	int unterminated = 0;

	(void)state;
	/* Cut at the line break: the UNZ, then prose left unread. */
	assert_int_equal(read_kept(prose, &r, last, sizeof(last),
	    &unterminated), 2);
	assert_string_equal(last, "00102");
	assert_int_equal(unterminated, 1);
	assert_int_equal(r.trailing, (long)(strstr(prose, "Modify") - prose));
	edi_reader_free(&r);
	/* No line break: the segment as far as it goes. */
	assert_int_equal(read_kept(cut, &r, last, sizeof(last), &unterminated), 2);
	assert_string_equal(last, "ROS");
	assert_int_equal(unterminated, 1);
	assert_int_equal(r.trailing, -1);
	edi_reader_free(&r);
	/* No tag: no segment, left unread. */
	assert_int_equal(read_kept(junk, &r, last, sizeof(last), &unterminated), 2);
	assert_int_equal(unterminated, 0);
	assert_int_equal(r.trailing, (long)(strstr(junk, "hello") - junk));
	edi_reader_free(&r);
}

static void
test_reading_goes_on_after_errors(void **state)
{
	static const char bad_tag[] = "UNB+UNOA:4+S+R'hello world+1'UNZ+0+1'";
	static const char cut[] = "UNB+UNOA:4+S+R'UNH+1+X?";
	struct edi_reader r;
	const struct edi_segment *s;
	struct vb_error err;

	(void)state;
	assert_int_equal(edi_reader_init(&r, bad_tag, strlen(bad_tag), &err), 0);
	assert_int_equal(edi_next(&r, &s, &err), 1);
	assert_int_equal(edi_next(&r, &s, &err), -1);
	assert_non_null(strstr(err.message, "bad segment tag"));
	/* Past the bad segment: the next one is whole. */
	assert_int_equal(edi_next(&r, &s, &err), 1);
	assert_string_equal(s->tag, "UNZ");
	assert_int_equal(s->number, 3);
	edi_reader_free(&r);
	/* Any other error: the end. */
	assert_int_equal(edi_reader_init(&r, cut, strlen(cut), &err), 0);
	assert_int_equal(edi_next(&r, &s, &err), 1);
	assert_int_equal(edi_next(&r, &s, &err), -1);
	assert_int_equal(edi_next(&r, &s, &err), 0);
	edi_reader_free(&r);
}

static void
test_una_cut_short(void **state)
{
	static const char in[] = "UNA:+\\*'\r\nUNB+IATA:1+1A+KRC'UNZ+0+3'";
	struct edi_reader r;
	const struct edi_segment *s;

	(void)state;
	s = nth(&r, in, 1);
	assert_int_equal(r.bad_una, 0);
	assert_int_equal(r.svc.release, '?');
	assert_int_equal(r.svc.terminator, '\'');
	assert_string_equal(s->tag, "UNB");
	assert_int_equal(s->offset, 10);
	assert_string_equal(edi_get(s, 3, 0), "KRC");
	edi_reader_free(&r);
	/* A whole UNA is no deviation. */
	s = nth(&r, "UNA:+.? 'UNB+A'", 1);
	assert_int_equal(r.bad_una, -1);
	edi_reader_free(&r);
}

/* ---- message by message (edi_walk) ---- */

static int
take_any(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	(void)arg;
	(void)s;
	(void)err;
	return 0;
}

/* A parser that understands no message: each is lost at its UNT. */
static int
refuse_at_unt(void *arg, const struct edi_segment *s, struct vb_error *err)
{
	(void)arg;
	return vb_err_at(err, VB_EINVALID, s->offset, s->tag, s->number,
	    "message not understood");
}

static void
forget(void *arg)
{
	(void)arg;
}

/* edi_walk with a parser that takes everything, or refuses every message. */
static int
walk(const char *in, size_t len, int refuse, struct model *m,
    struct vb_error *err)
{
	const struct edi_walker w = {NULL, take_any, take_any, take_any,
	    refuse ? refuse_at_unt : take_any, forget, m};

	vb_err_clear(err);
	return edi_walk(in, len, &w, err);
}

/*
 * A UNA whose characters are not those the segments use, or that holds a
 * character no service character can be (a typographic apostrophe from an
 * editor): nothing can be read, and the error says which character was
 * declared and which is used, not what reading with the wrong ones gave.
 */
static void
test_una_not_what_follows(void **state)
{
	static const struct {
		const char *in;
		const char *segment;
		const char *at;		/* where the error points */
		const char *message;
	} cases[] = {
		{"UNA:+.? 'UNB+UNOC:3+S+R+260301:0930+1\u2019"
		    "UNH+1+PAXLST:D:05B:UN:IATA\u2019BGM+745\u2019UNT+3+1\u2019"
		    "UNZ+1+1\u2019", "UNB", "\u2019UNH",
		    "the UNA declares ' as segment terminator, but segments end"
		    " with \u2019 (U+2019, a typographic apostrophe)"},
		/* Line breaks between segments change nothing. */
		{"UNA:+.? '\r\nUNB+UNOC:3+S+R+260301:0930+1\u2019\r\n"
		    "UNH+1+PAXLST:D:05B:UN:IATA\u2019\r\nUNZ+1+1\u2019",
		    "UNB", "\u2019\r\nUNH",
		    "but segments end with \u2019 (U+2019, a typographic"
		    " apostrophe)"},
		{"UNA:+.? \u2019UNB+UNOC:3+S+R+260301:0930+1\u2019"
		    "UNH+1+PAXLST:D:05B:UN:IATA\u2019UNZ+1+1\u2019", "UNA",
		    "\u2019UNB", "the UNA declares \u2019 (U+2019, a typographic"
		    " apostrophe) as its segment terminator: a service character"
		    " is one ASCII character"},
		/* The same from Windows-1252, whose 0x92 is that apostrophe. */
		{"UNA:+.? \x92UNB+UNOC:3+S+R+260301:0930+1\x92"
		    "UNH+1+PAXLST:D:05B:UN:IATA\x92UNZ+1+1\x92", "UNA", NULL,
		    "the UNA declares \u2019 (U+2019, a typographic apostrophe)"
		    " as its segment terminator"},
		{"UNA:+.? 'UNB|UNOC:3|S|R|260301:0930|1'UNH|1|PAXLST:D:05B:UN'"
		    "UNZ|1|1'", "UNB", "|UNOC",
		    "the UNA declares + as element separator, but UNB is followed"
		    " by |"},
		/* No UNA: the defaults are declared. */
		{"UNB+UNOC:3+S+R+260301:0930+1~\nUNH+1+PAXLST:D:05B:UN~UNZ+1+1~",
		    "UNB", "~\nUNH", "without a UNA the segment terminator is ',"
		    " but segments end with ~"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model *m = model_new();
		struct vb_error err;

		assert_non_null(m);
		assert_int_equal(walk(cases[i].in, strlen(cases[i].in), 0, m,
		    &err), -1);
		if (strstr(err.message, cases[i].message) == NULL)
			fail_msg("case %zu: %s", i, err.message);
		assert_int_equal(err.code, VB_ESYNTAX);
		assert_string_equal(err.segment, cases[i].segment);
		if (cases[i].at != NULL)
			assert_int_equal(err.offset,
			    strstr(cases[i].in, cases[i].at) - cases[i].in);
		/* What reading with the wrong characters gave is not reported. */
		assert_int_equal(m->nwarnings, 0);
		assert_int_equal(m->nerrors, 0);
		model_free(m);
	}
}

/*
 * Lost messages in an interchange whose characters are right: their own
 * errors, whatever the values hold ("UNHCR" in UNB, a released terminator
 * before UNH), and the envelope whole (no "UNB has no UNZ").
 */
static void
test_lost_messages_not_una(void **state)
{
	static const char *const in[] = {
		"UNA:+.? 'UNB+UNOC:3+UNHCR+R+260301:0930+1'UNH+1+X:D:05B'"
		"UNT+2+1'UNZ+1+1'",
		"UNB+UNOC:3+S+R+260301:0930+O?'UNH'UNH+1+X:D:05B'UNT+2+1'"
		"UNZ+1+1'",
		"UNA:+.? '\nUNB+UNOC:3+S+R+260301:0930+1'\nUNH+1+X:D:05B'\n"
		"UNT+2+1'\nUNZ+1+1'\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct model *m = model_new();
		struct vb_error err;

		assert_non_null(m);
		assert_int_equal(walk(in[i], strlen(in[i]), 1, m, &err), -1);
		if (strcmp(err.message, "message not understood") != 0)
			fail_msg("case %zu: %s", i, err.message);
		assert_int_equal(m->nerrors, 1);
		assert_false(h_has_warning(m, "UNZ"));
		assert_int_equal(m->nwarnings, 0);
		model_free(m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_service_chars),
		cmocka_unit_test(test_una_custom_on_one_line),
		cmocka_unit_test(test_una_after_blank_and_repetition_char),
		cmocka_unit_test(test_release_character),
		cmocka_unit_test(test_line_breaks_and_spaces),
		cmocka_unit_test(test_several_messages_and_interchanges),
		cmocka_unit_test(test_after_unz_stops),
		cmocka_unit_test(test_errors_say_where),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_feed_detect_unsupported),
		cmocka_unit_test(test_cargo_samples_tokenise),
		cmocka_unit_test(test_sample_values),
		cmocka_unit_test(test_pnrgov_samples_detected),
		cmocka_unit_test(test_line_breaks_counted),
		cmocka_unit_test(test_keep_unterminated),
		cmocka_unit_test(test_reading_goes_on_after_errors),
		cmocka_unit_test(test_una_cut_short),
		cmocka_unit_test(test_una_not_what_follows),
		cmocka_unit_test(test_lost_messages_not_una),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
