#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feeds/feed.h"
#include "harness.h"

/* Two-digit years in the messages below are resolved against this. */
static const struct feed_ctx ctx = {2026};

/* Parses in, which must be PAXLST by detection; the model, or NULL and err. */
static struct model *
parse(const char *in, struct vb_error *err)
{
	return h_parse(&feed_paxlst, in, strlen(in), ctx.ref_year, err);
}

static struct model *
parse_ok(const char *in)
{
	struct model *m;

	assert_non_null(m = h_parse_ok(&feed_paxlst, in, strlen(in),
	    ctx.ref_year, NULL));
	return m;
}

static struct model *
parse_sample(const char *rel)
{
	char path[PATH_MAX];
	struct model *m;

	assert_non_null(m = h_parse_file(&feed_paxlst,
	    h_sample(rel, path, sizeof(path)), ctx.ref_year));
	return m;
}

static void
check_leg(const struct leg *l, const char *carrier, const char *id,
    const char *from, const char *to, const char *dep, const char *arr,
    int reporting)
{
	assert_string_equal(l->carrier, carrier);
	assert_string_equal(l->transport_id, id);
	assert_string_equal(l->departure_port, from);
	assert_string_equal(l->arrival_port, to);
	assert_string_equal(l->departure_local, dep);
	assert_string_equal(l->arrival_local, arr);
	assert_int_equal(l->reporting, reporting);
}

static void
check_doc(const struct person *p, const char *type, const char *number,
    const char *country, const char *expiry)
{
	assert_int_equal(p->ndocs, 1);
	assert_string_equal(p->docs[0].type, type);
	assert_string_equal(p->docs[0].number, number);
	assert_string_equal(p->docs[0].country, country);
	assert_string_equal(p->docs[0].expiry, expiry);
}

/* ---- the GTAS PAXLST samples, checked against the files by hand ---- */

static void
test_sample_apis_message(void **state)
{
	struct model *m = parse_sample("gtas/apisMessage.txt");
	const struct manifest *mf;
	const struct person *p;

	(void)state;
	assert_string_equal(m->sender, "AIR1");
	assert_string_equal(m->interchange_ref, "000006640");
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->format, "paxlst");
	assert_string_equal(mf->version, "D05B");
	assert_string_equal(mf->message_ref, "PAX001");
	assert_string_equal(mf->sender, "AIR1");
	assert_string_equal(mf->document_code, "745");
	assert_int_equal(mf->role, ROLE_PASSENGER);
	/* Two legs given by LOC 92 (routing) only: departure, then arrival. */
	assert_int_equal(mf->nlegs, 2);
	check_leg(&mf->legs[0], "AA", "AA123", "ATL", "ORD", "2007-02-19T15:40",
	    "2007-02-19T17:40", 0);
	check_leg(&mf->legs[1], "AA", "AA124", "ORD", "JFK", "2007-02-19T18:40",
	    "2007-02-19T19:55", 0);
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[1]);
	assert_int_equal(mf->npeople, 2);
	p = &mf->people[0];
	assert_int_equal(p->role, ROLE_PASSENGER);
	assert_string_equal(p->surname, "CLARK");
	assert_string_equal(p->given, "MICHAEL");
	assert_null(p->middle);
	assert_string_equal(p->gender, "M");
	assert_string_equal(p->birth_date, "1972-09-07");
	assert_string_equal(p->embark, "ATL");
	assert_string_equal(p->debark, "JFK");
	assert_string_equal(p->booking_ref, "TYR123");
	assert_null(p->nationality);
	assert_int_equal(p->ndocs, 0);
	p = &mf->people[1];
	assert_string_equal(p->given, "CHERYL");
	assert_string_equal(p->birth_date, "1973-04-07");
	assert_string_equal(p->embark, "ORD");
	assert_int_equal(m->nwarnings, 0);	/* CNT 42:2 and UNT 33 agree */
	model_free(m);
}

static void
test_sample_multiple_flight_legs(void **state)
{
	struct model *m = parse_sample("gtas/multiple_flight_leg_apis.txt");
	const struct manifest *mf;
	const struct person *p;

	(void)state;
	assert_string_equal(m->sender, "APIS*ABE");
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->version, "D05B");
	assert_int_equal(mf->nlegs, 3);
	check_leg(&mf->legs[0], "QQ", "QQ877", "MIA", "IAD", "2008-07-10T15:00",
	    "2008-07-10T17:55", 0);
	check_leg(&mf->legs[1], "QQ", "QQ827", "IAD", "JFK", "2008-08-10T18:30",
	    "2008-08-10T19:30", 0);
	check_leg(&mf->legs[2], "QQ", "QQ827", "JFK", "CDG", "2008-08-10T20:00",
	    "2008-08-11T06:30", 1);
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[2]);
	assert_int_equal(mf->npeople, 2);
	p = &mf->people[0];
	assert_string_equal(p->surname, "BARRETT");
	assert_string_equal(p->given, "TODD");
	assert_string_equal(p->birth_date, "1968-02-23");
	assert_string_equal(p->nationality, "FRA");
	assert_string_equal(p->residence, "FRA");
	assert_string_equal(p->embark, "MIA");
	assert_string_equal(p->debark, "CDG");
	assert_string_equal(p->booking_ref, "GJIO3RT");
	check_doc(p, "P", "YY3478621G", "FRA", "2008-12-30");
	p = &mf->people[1];
	assert_string_equal(p->surname, "LANG");
	assert_string_equal(p->gender, "F");
	assert_string_equal(p->birth_date, "1960-06-06");
	check_doc(p, "P", "TRQWE99800", "ESP", "2009-09-16");
	/* The file ends with a stray "13Nov09" after UNZ. */
	assert_int_equal(m->nwarnings, 1);
	assert_true(h_has_warning(m, "after UNZ"));
	model_free(m);
}

static void
test_sample_crew_list(void **state)
{
	static const char *const surnames[] = {"Steur", "Adomat", "Nalek",
	    "Meissener", "Pelzing", "Merfort", "Sautter", "Zschieschak"};
	struct model *m = parse_sample("gtas/Test1.txt");
	const struct manifest *mf;
	const struct person *p;

	(void)state;
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->version, "D02B");
	assert_string_equal(mf->document_code, "250");
	assert_int_equal(mf->role, ROLE_CREW);
	assert_int_equal(mf->nlegs, 1);
	/* "UA0989" as a PNR push would spell it (norm_flight). */
	check_leg(&mf->legs[0], "UA", "UA989", "FRA", "IAD", "2017-01-27T17:25",
	    "2017-01-28T07:10", 1);
	assert_int_equal(mf->npeople, 8);
	for (size_t i = 0; i < 8; i++) {
		p = &mf->people[i];
		assert_int_equal(p->role, ROLE_CREW);
		assert_string_equal(p->surname, surnames[i]);
		assert_string_equal(p->middle, "Pat");
		assert_string_equal(p->transit, "IAD");
		assert_string_equal(p->residence, "GBR");
		assert_string_equal(p->birth_place, "Hartford USA");
		check_doc(p, "P", "123456789", "GBR", "2061-02-18");
	}
	p = &mf->people[0];
	assert_string_equal(p->given, "Andrea");
	assert_string_equal(p->birth_date, "1978-07-06");
	assert_string_equal(p->gender, "F");
	assert_string_equal(mf->people[7].birth_date, "1978-07-13");
	/* "CNT+41+8" agrees; "UNT+0000152" does not (107 segments). */
	assert_int_equal(m->nwarnings, 1);
	assert_true(h_has_warning(m, "has 107"));
	model_free(m);
}

static void
test_sample_custom_separators(void **state)
{
	struct model *m = parse_sample("gtas/airline2.edi");
	const struct manifest *mf;
	const struct person *p;

	(void)state;
	assert_string_equal(m->sender, "SDT");
	assert_string_equal(m->interchange_ref, "1402111800");
	mf = &m->manifests[0];
	assert_string_equal(mf->version, "D02B");
	assert_string_equal(mf->message_ref, "1402111800");
	assert_int_equal(mf->nlegs, 1);
	/* TDT*20*TN506 has no carrier element: taken from the flight number. */
	check_leg(&mf->legs[0], "TN", "TN506", "BRE", "YEU", "2014-05-11T13:40",
	    "2014-05-11T17:00", 1);
	assert_int_equal(mf->npeople, 10);
	p = &mf->people[0];
	assert_string_equal(p->surname, "BETTON");
	assert_string_equal(p->given, "DAVID");
	assert_null(p->middle);			/* trailing empty component */
	assert_string_equal(p->birth_date, "1954-10-16");
	assert_string_equal(p->nationality, "USA");
	assert_string_equal(p->booking_ref, "QXGYLO");
	check_doc(p, "P", "178556534", "USA", "2018-02-21");
	assert_string_equal(mf->people[8].given, "MARYJANE");
	check_doc(&mf->people[9], "P", "153284238", "USA", "2018-02-21");
	/* CNT 42:136, UNT 121 and its reference "140211180 0" are all off. */
	assert_int_equal(m->nwarnings, 3);
	assert_true(h_has_warning(m, "CNT 42"));
	assert_true(h_has_warning(m, "has 111"));
	assert_true(h_has_warning(m, "reference"));
	model_free(m);
}

/* ---- the project's own messages ---- */

static const char d02b[] =
    "UNA:+.? '\n"
    "UNB+UNOA:4+XAIR:ZZ+BORDER:ZZ+261124:1900+IC0001'\n"
    "UNH+M1+PAXLST:D:02B:UN:IATA+XA401/261125/0820+01:F'\n"
    "BGM+745'\n"
    "NAD+MS+++XA OPERATIONS'\n"
    "COM+0049 69 12345:TE'\n"
    "TDT+20+XA401+++XA'\n"
    "LOC+125+FRA'\n"
    "DTM+189:2611250820:201'\n"
    "LOC+87+JFK'\n"
    "DTM+232:2611251105:201'\n"
    "NAD+FL+++NOWAK:PIOTR:JAN:MARIA+UL. DLUGA 1+WARSZAWA++00-001+POL'\n"
    "ATT+2++M'\n"
    "DTM+329:810209'\n"
    "GEI+4+ZZZ'\n"
    "FTX+BAG+++2'\n"
    "LOC+22+JFK'\n"
    "LOC+178+FRA'\n"
    "LOC+179+JFK'\n"
    "LOC+174+POL'\n"
    "LOC+180+:::KRAKOW'\n"
    "NAT+2+POL'\n"
    "RFF+AVF:XQ7R2B'\n"
    "DOC+P:110:111+EA1234567'\n"
    "DTM+36:310530'\n"
    "LOC+91+POL'\n"
    "DOC+V:110:111+US998877'\n"
    "DTM+36:20300101:102'\n"
    "LOC+91+USA'\n"
    "CNT+42:1'\n"
    "UNT+29+M1'\n"
    "UNZ+1+IC0001'\n";

/*
 * Character sets: a declared UNOC (ISO 8859-1) with Latin-1 bytes becomes
 * UTF-8; UTF-8 bytes under a declaration that says otherwise stay UTF-8,
 * with a warning naming the contradiction.
 */
static void
test_charsets(void **state)
{
	static const char latin1[] = "UNB+UNOC:4+XAIR+BORDER+261124:1900+B1'"
	    "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'"
	    "TDT+20+XA401+++XA'LOC+125+FRA'DTM+189:2611250820:201'"
	    "LOC+87+JFK'DTM+232:2611251105:201'"
	    "NAD+FL+++M\xdcLLER:J\xd6RG'UNT+9+M1'UNZ+1+B1'";
	static const char utf8[] = "UNB+UNOA:4+XAIR+BORDER+261124:1900+B1'"
	    "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'"
	    "TDT+20+XA401+++XA'LOC+125+FRA'DTM+189:2611250820:201'"
	    "LOC+87+JFK'DTM+232:2611251105:201'"
	    "NAD+FL+++M\xc3\x9cLLER:J\xc3\x96RG'UNT+9+M1'UNZ+1+B1'";
	struct model *m;

	(void)state;
	m = parse_ok(latin1);
	assert_string_equal(m->manifests[0].people[0].surname, "M\xc3\x9cLLER");
	assert_string_equal(m->manifests[0].people[0].given, "J\xc3\x96RG");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	m = parse_ok(utf8);
	assert_string_equal(m->manifests[0].people[0].surname, "M\xc3\x9cLLER");
	assert_int_equal(m->nwarnings, 1);
	assert_non_null(strstr(m->warnings[0].message, "declares UNOA"));
	model_free(m);
}

/* BGM 1004: a full list, a change list, a cancellation. */
static void
test_bgm_actions(void **state)
{
	static const struct { const char *bgm; enum manifest_action want; } cases[] = {
		{"BGM+745'", MANIFEST_REPLACE},
		{"BGM+745+CP'", MANIFEST_CHANGE},
		{"BGM+745+XR'", MANIFEST_CANCEL},
		{"BGM+745+RP'", MANIFEST_CANCEL},
		{"BGM+250+CC'", MANIFEST_CHANGE},
		{"BGM+250+C'", MANIFEST_REPLACE},
	};
	char msg[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model *m;

		snprintf(msg, sizeof(msg), "UNB+UNOA:4+XAIR+BORDER+261124:1900+B1'"
		    "UNH+M1+PAXLST:D:05B:UN:IATA'%s"
		    "TDT+20+XA401+++XA'LOC+125+FRA'DTM+189:2611250820:201'"
		    "LOC+87+JFK'DTM+232:2611251105:201'"
		    "NAD+FL+++NOWAK:PIOTR'UNT+9+M1'UNZ+1+B1'", cases[i].bgm);
		m = parse_ok(msg);
		assert_int_equal(m->manifests[0].action, cases[i].want);
		model_free(m);
	}
}

static void
test_d02b_passenger(void **state)
{
	struct model *m = parse_ok(d02b);
	const struct manifest *mf = &m->manifests[0];
	const struct person *p = &mf->people[0];

	(void)state;
	assert_string_equal(m->sender, "XAIR");
	assert_string_equal(m->interchange_ref, "IC0001");
	assert_int_equal(m->nmanifests, 1);
	assert_string_equal(mf->version, "D02B");
	assert_string_equal(mf->message_ref, "M1");
	assert_int_equal(mf->offset, (long)(strstr(d02b, "UNH") - d02b));
	assert_int_equal(mf->nlegs, 1);
	check_leg(&mf->legs[0], "XA", "XA401", "FRA", "JFK", "2026-11-25T08:20",
	    "2026-11-25T11:05", 1);
	assert_int_equal(mf->npeople, 1);
	assert_int_equal(p->offset, (long)(strstr(d02b, "NAD+FL") - d02b));
	assert_string_equal(p->surname, "NOWAK");
	assert_string_equal(p->given, "PIOTR");
	assert_string_equal(p->middle, "JAN MARIA");
	assert_string_equal(p->gender, "M");
	assert_string_equal(p->birth_date, "1981-02-09");
	assert_string_equal(p->transit, "JFK");
	assert_string_equal(p->embark, "FRA");
	assert_string_equal(p->debark, "JFK");
	assert_string_equal(p->residence, "POL");
	assert_string_equal(p->birth_place, "KRAKOW");
	assert_string_equal(p->nationality, "POL");
	assert_string_equal(p->booking_ref, "XQ7R2B");
	assert_int_equal(p->ndocs, 2);
	assert_string_equal(p->docs[0].type, "P");
	assert_string_equal(p->docs[0].number, "EA1234567");
	assert_string_equal(p->docs[0].country, "POL");
	assert_string_equal(p->docs[0].expiry, "2031-05-30");
	assert_string_equal(p->docs[1].type, "V");
	assert_string_equal(p->docs[1].country, "USA");
	assert_string_equal(p->docs[1].expiry, "2030-01-01");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

/* D05B with a group and two messages (two flights) in one interchange. */
static const char d05b[] =
    "UNA:+.? '"
    "UNB+UNOA:4+XAIR+BORDER+261124:1900+IC0002'"
    "UNG+PAXLST+XAIR+BORDER+261124:1900+1+UN+D:05B'"
    "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'"
    "TDT+20+XA401+++XA'LOC+125+FRA'DTM+189:2611250820:201'"
    "LOC+87+JFK'DTM+232:2611251105:201'"
    "NAD+FL+++ROSSI:MARIA'ATT+2++F'DTM+329:19750611'NAT+2+ITA'"
    "DOC+P:110:111+YA0000001'DTM+36:310530'LOC+91+ITA'"
    "CNT+42:1'UNT+16+M1'"
    "UNH+M2+PAXLST:D:05B:UN:IATA'BGM+745'"
    "TDT+20+XA403+++XA'LOC+125+CDG'DTM+189:2611251000:201'"
    "LOC+87+JFK'DTM+232:2611251230:201'"
    "NAD+FL+++TANAKA:YUKI'ATT+2++F'DTM+329:920101'"
    "NAD+FL+++SMITH:JOHN'ATT+2++M'DTM+329:850612'"
    "CNT+42:2'UNT+15+M2'"
    "UNE+2+1'UNZ+1+IC0002'";

static void
test_d05b_two_messages(void **state)
{
	struct model *m = parse_ok(d05b);

	(void)state;
	assert_int_equal(m->nmanifests, 2);
	assert_string_equal(m->manifests[0].version, "D05B");
	assert_string_equal(m->manifests[0].message_ref, "M1");
	assert_string_equal(m->manifests[0].sender, "XAIR");
	assert_int_equal(m->manifests[0].npeople, 1);
	/* CCYYMMDD birth dates work as well. */
	assert_string_equal(m->manifests[0].people[0].birth_date, "1975-06-11");
	assert_string_equal(m->manifests[1].message_ref, "M2");
	assert_int_equal(m->manifests[1].npeople, 2);
	assert_string_equal(m->manifests[1].people[1].surname, "SMITH");
	assert_string_equal(manifest_arrival_leg(&m->manifests[1])->transport_id,
	    "XA403");
	assert_string_equal(m->manifests[1].legs[0].departure_port, "CDG");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

/* A crew list, custom separators, all on one line, a released apostrophe. */
static const char crew[] =
    "UNA:*.? $UNB*UNOA:4*XAIR*BORDER*261124:1905*IC0003$"
    "UNH*C1*PAXLST:D:02B:UN:IATA$BGM*250$NAD*MS***XA CREW SCHEDULING$"
    "TDT*20*XA401***XA$LOC*125*FRA$DTM*189:2611250820:201$"
    "LOC*87*JFK$DTM*232:2611251105:201$"
    "NAD*FM***O'NEILL:AEGIR$ATT*2**M$DTM*329:760704$NAT*2*ISL$"
    "NAD*FM***BAKER?$?*SONS:LUCY$ATT*2**F$DTM*329:860101$"
    "CNT*41:2$UNT*17*C1$UNZ*1*IC0003$\r\n";

static void
test_crew_custom_una_one_line(void **state)
{
	struct model *m = parse_ok(crew);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_string_equal(mf->document_code, "250");
	assert_int_equal(mf->role, ROLE_CREW);
	assert_int_equal(mf->npeople, 2);
	assert_int_equal(mf->people[0].role, ROLE_CREW);
	/* With '$' as terminator an apostrophe is plain data. */
	assert_string_equal(mf->people[0].surname, "O'NEILL");
	assert_string_equal(mf->people[0].birth_date, "1976-07-04");
	assert_string_equal(mf->people[1].surname, "BAKER$*SONS");
	assert_string_equal(mf->people[1].given, "LUCY");
	check_leg(&mf->legs[0], "XA", "XA401", "FRA", "JFK", "2026-11-25T08:20",
	    "2026-11-25T11:05", 1);
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_released_apostrophe(void **state)
{
	static const char in[] = "UNB+UNOA:4+XAIR+BORDER+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
	    "NAD+FL+++O?'BRIEN:SEAN'DTM+329:820907'"
	    "NAD+FL+++D?'ARCY?+CO?:X:ANNE'"
	    "UNT+6+1'UNZ+1+1'";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_int_equal(mf->npeople, 2);
	assert_string_equal(mf->people[0].surname, "O'BRIEN");
	assert_string_equal(mf->people[0].given, "SEAN");
	assert_string_equal(mf->people[1].surname, "D'ARCY+CO:X");
	assert_string_equal(mf->people[1].given, "ANNE");
	/* No legs, no CNT: nothing to warn about, nothing invented. */
	assert_int_equal(mf->nlegs, 0);
	assert_null(manifest_arrival_leg(mf));
	model_free(m);
}

static void
test_two_digit_years(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
	    "TDT+20+XA9+++XA'LOC+125+FRA'DTM+189:7012312300:201'"
	    "LOC+87+JFK'DTM+232:0001010105:201'"
	    "NAD+FL+++NOWAK:PIOTR'DTM+329:810209'"
	    "DOC+P:110:111+EA1234567'DTM+36:310530'"
	    "NAD+FL+++NOWAK:ZOFIA'DTM+329:260101'"
	    "DOC+P:110:111+EA7654321'DTM+36:070101'"
	    "NAD+FL+++NOWAK:ADAM'DTM+329:270101'"
	    "UNT+18+1'UNZ+1+1'";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_string_equal(mf->people[0].birth_date, "1981-02-09");
	assert_string_equal(mf->people[0].docs[0].expiry, "2031-05-30");
	/* A birth date is never after the reference year... */
	assert_string_equal(mf->people[1].birth_date, "2026-01-01");
	assert_string_equal(mf->people[2].birth_date, "1927-01-01");
	/* ...an expiry may lie up to 20 years back. */
	assert_string_equal(mf->people[1].docs[0].expiry, "2007-01-01");
	/* Scheduled times take the century nearest the reference year. */
	assert_string_equal(mf->legs[0].departure_local, "2070-12-31T23:00");
	assert_string_equal(mf->legs[0].arrival_local, "2000-01-01T01:05");
	model_free(m);
}

static void
test_multi_leg_reporting(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
	    "TDT+20+XA100+++XA'LOC+125+WAW'DTM+189:2611250600:201'"
	    "LOC+87+FRA'DTM+232:2611250800:201'"
	    "TDT+20+XA401+++XA'LOC+125+FRA'DTM+189:2611250820:201'"
	    "LOC+87+JFK'DTM+232:2611251105:201'"
	    "TDT+20+XA500+++XA'LOC+92+JFK'DTM+189:2611251300:201'"
	    "LOC+92+BOS'DTM+232:2611251415:201'"
	    "NAD+FL+++NOWAK:PIOTR'LOC+178+WAW'LOC+179+BOS'"
	    "UNT+21+1'UNZ+1+1'";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];
	const struct leg *l;

	(void)state;
	assert_int_equal(mf->nlegs, 3);
	check_leg(&mf->legs[0], "XA", "XA100", "WAW", "FRA", "2026-11-25T06:00",
	    "2026-11-25T08:00", 1);
	check_leg(&mf->legs[2], "XA", "XA500", "JFK", "BOS", "2026-11-25T13:00",
	    "2026-11-25T14:15", 0);
	/* The last leg that arrives in the reporting country (LOC 87). */
	assert_non_null(l = manifest_arrival_leg(mf));
	assert_string_equal(l->transport_id, "XA401");
	assert_string_equal(mf->people[0].embark, "WAW");
	assert_string_equal(mf->people[0].debark, "BOS");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_counts_disagree_are_warnings(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
	    "NAD+FL+++A:B'NAD+FL+++C:D'"
	    "CNT+42:3'UNT+9+2'UNZ+1+1'";
	struct model *m = parse_ok(in);

	(void)state;
	assert_int_equal(m->manifests[0].npeople, 2);
	assert_int_equal(m->nwarnings, 3);
	assert_true(h_has_warning(m, "CNT 42 says 3 passengers, the message has 2"));
	assert_true(h_has_warning(m, "UNT says 9 segments"));
	assert_true(h_has_warning(m, "UNT reference 2"));
	assert_int_equal(m->warnings[0].offset, (long)(strstr(in, "CNT") - in));
	model_free(m);
}

static void
check_error(const char *in, enum vb_errcode code, const char *segment,
    long offset, const char *part)
{
	struct vb_error err;

	/* Straight to the parser: some of these are not PAXLST to detect. */
	assert_true(h_parse_fails(&feed_paxlst, in, strlen(in), ctx.ref_year, &err));
	assert_int_equal(err.code, code);
	assert_string_equal(err.segment, segment);
	assert_int_equal(err.offset, offset);
	if (strstr(err.message, part) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.message, part);
}

static void
test_truncated(void **state)
{
	static const char cut[] = "UNA:+.? '\n"
	    "UNB+UNOA:4+X+Y+261124:1900+1'\n"
	    "UNH+M1+PAXLST:D:05B:UN:IATA'\n"
	    "BGM+745'\n"
	    "NAD+FL+++MUELLER:HANS'\n"
	    "NAD+FL+++ROS";
	static const char no_unt[] = "UNB+UNOA:4+X+Y+261124:1900+1'\n"
	    "UNH+M1+PAXLST:D:05B:UN:IATA'\n"
	    "BGM+745'\n"
	    "NAD+FL+++MUELLER:HANS'\n";
	struct vb_error err;

	(void)state;
	/* Cut inside a segment: the tokenizer names the segment. */
	check_error(cut, VB_ESYNTAX, "NAD",
	    (long)(strstr(cut, "NAD+FL+++ROS") - cut), "unterminated");
	assert_null(parse(cut, &err));
	assert_int_equal(err.segment_no, 5);
	/* Cut after a segment: the message has no UNT. */
	check_error(no_unt, VB_ESYNTAX, "NAD", (long)strlen(no_unt), "no UNT");
	assert_null(parse(no_unt, &err));
	assert_int_equal(err.segment_no, 4);
	assert_non_null(strstr(err.message, "M1"));
}

static void
test_errors(void **state)
{
	static const char no_unh[] = "UNB+UNOA:4+X+Y+261124:1900+1'UNZ+0+1'";
	static const char bgm_only[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "BGM+745'NAD+FL+++A:B'UNZ+1+1'";
	static const char no_surname[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++:JOHN'"
	    "UNT+4+1'UNZ+1+1'";
	static const char no_name[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+250'NAD+FM'UNT+4+1'UNZ+1+1'";
	static const char bad_time[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XA1+++XA'"
	    "DTM+189:2611252460:201'UNT+5+1'UNZ+1+1'";
	static const char not_paxlst[] = "UNB+IATA:1+X+Y+261124:1900+1'"
	    "UNH+1+PNRGOV:13:1:IA'MSG+:22'UNT+3+1'UNZ+1+1'";
	struct vb_error err;

	(void)state;
	check_error(no_unh, VB_ESYNTAX, "", 0, "no message (UNH)");
	assert_null(feed_detect(no_unh, strlen(no_unh), &err));
	assert_int_equal(err.code, VB_EUNSUPPORTED);
	/* A run of segments outside messages is one error, the first named. */
	check_error(bgm_only, VB_ESYNTAX, "BGM",
	    (long)(strstr(bgm_only, "BGM") - bgm_only), "UNH missing");
	check_error(no_surname, VB_EINVALID, "NAD",
	    (long)(strstr(no_surname, "NAD") - no_surname), "without a surname");
	check_error(no_name, VB_EINVALID, "NAD",
	    (long)(strstr(no_name, "NAD") - no_name), "NAD FM without a surname");
	check_error(bad_time, VB_EINVALID, "DTM",
	    (long)(strstr(bad_time, "DTM") - bad_time), "invalid date/time");
	check_error(not_paxlst, VB_EUNSUPPORTED, "UNH",
	    (long)(strstr(not_paxlst, "UNH") - not_paxlst),
	    "message type is not PAXLST: PNRGOV");
}

/* ---- one bad message among good ones ---- */

static const struct message_error *
only_error(const struct model *m)
{
	assert_int_equal(m->nerrors, 1);
	return &m->errors[0];
}

static void
test_bad_message_left_out(void **state)
{
	static const char in[] = "UNB+UNOA:4+XAIR+BORDER+261124:1900+IC9'"
	    "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++ROSSI:MARIA'"
	    "DTM+329:750611'CNT+42:1'UNT+6+M1'"
	    "UNH+M2+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XA1+++XA'"
	    "DTM+189:2611252460:201'NAD+FL+++C:D'CNT+42:7'NAD+FL+++E:F'"
	    "UNT+8+M2'"
	    "UNH+M3+PNRGOV:13:1:IA'MSG+:22'UNT+3+M3'"
	    "UNH+M4+PAXLST:D:05B:UN:IATA'BGM+250'NAD+FM+++SMITH:JOHN'"
	    "UNT+4+M4'UNZ+4+IC9'";
	struct model *m = parse_ok(in);
	const struct message_error *e;

	(void)state;
	/* M2 (its flight's time cannot be) and M3 (not PAXLST) are left out, whole. */
	assert_int_equal(m->nmanifests, 2);
	assert_string_equal(m->manifests[0].message_ref, "M1");
	assert_int_equal(m->manifests[0].npeople, 1);
	assert_string_equal(m->manifests[0].people[0].birth_date, "1975-06-11");
	assert_string_equal(m->manifests[1].message_ref, "M4");
	assert_int_equal(m->manifests[1].npeople, 1);
	assert_string_equal(m->manifests[1].people[0].surname, "SMITH");
	assert_int_equal(m->nerrors, 2);
	e = &m->errors[0];
	assert_string_equal(e->message_ref, "M2");
	assert_string_equal(e->segment, "DTM");
	assert_int_equal(e->offset, (long)(strstr(in, "DTM+189:2611252460") - in));
	assert_int_equal(e->segment_no, 11);
	assert_non_null(strstr(e->message, "invalid date/time"));
	e = &m->errors[1];
	assert_string_equal(e->message_ref, "M3");
	assert_string_equal(e->segment, "UNH");
	assert_non_null(strstr(e->message, "not PAXLST"));
	/* Nothing of M2 stays behind, not even its CNT warning. */
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

/*
 * A bad value of one person is a warning, never the loss of the message:
 * spaces around a date are trimmed, what is still no date is left empty,
 * a person without a surname is left out while the others stay.
 */
static void
test_bad_person_values_kept(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'"
	    "NAD+FL+++SPACED:ONE'DTM+329: 670603'"
	    "NAD+FL+++FEBRUARY:TWO'DTM+329:810230'DOC+P+X1'DTM+36:31O530'"
	    "NAD+FL+++:NOBODY'DTM+329:700101'"
	    "NAD+FL+++LAST:THREE'DTM+329:900101'UNT+12+1'UNZ+1+1'";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(mf->npeople, 3);
	assert_string_equal(mf->people[0].birth_date, "1967-06-03");
	assert_null(mf->people[1].birth_date);
	assert_null(mf->people[1].docs[0].expiry);
	assert_string_equal(mf->people[1].docs[0].number, "X1");
	assert_string_equal(mf->people[2].surname, "LAST");
	assert_string_equal(mf->people[2].birth_date, "1990-01-01");
	assert_true(h_has_warning(m, "SPACED ONE (segment 5): birth date"
	    " ' 670603' sent with spaces: read as 1967-06-03"));
	assert_true(h_has_warning(m, "FEBRUARY TWO (segment 7): birth date"
	    " '810230' is no date: left empty"));
	assert_true(h_has_warning(m, "FEBRUARY TWO (segment 9): document expiry"
	    " date '31O530' is no date: left empty"));
	/* Each also a note on the person's record, for the target list. */
	assert_int_equal(mf->people[0].nnotes, 1);
	assert_string_equal(mf->people[0].notes[0], "birth date ' 670603' sent"
	    " with spaces: read as 1967-06-03");
	assert_int_equal(mf->people[1].nnotes, 2);
	assert_int_equal(mf->people[2].nnotes, 0);
	assert_true(h_has_warning(m, "without a surname: that person left out"));
	model_free(m);
}

static void
test_unh_before_unt(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++LOST:ONE'"
	    "UNH+2+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++KEPT:TWO'"
	    "UNT+4+2'UNZ+1+1'";
	struct model *m = parse_ok(in);
	const struct message_error *e = only_error(m);

	(void)state;
	assert_int_equal(m->nmanifests, 1);
	assert_string_equal(m->manifests[0].message_ref, "2");
	assert_string_equal(m->manifests[0].people[0].surname, "KEPT");
	assert_string_equal(e->message_ref, "1");
	assert_string_equal(e->segment, "UNH");
	assert_int_equal(e->offset, (long)(strstr(in, "UNH+2") - in));
	assert_non_null(strstr(e->message, "before the UNT of message 1"));
	model_free(m);
}

static void
test_cut_after_a_whole_message(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'\n"
	    "UNH+M1+PAXLST:D:05B:UN:IATA'\nBGM+745'\nNAD+FL+++WHOLE:ONE'\n"
	    "UNT+4+M1'\n"
	    "UNH+M2+PAXLST:D:05B:UN:IATA'\nBGM+745'\nNAD+FL+++ROS";
	struct model *m = parse_ok(in);
	const struct message_error *e = only_error(m);

	(void)state;
	assert_int_equal(m->nmanifests, 1);
	assert_string_equal(m->manifests[0].people[0].surname, "WHOLE");
	assert_string_equal(e->message_ref, "M2");
	assert_string_equal(e->segment, "NAD");
	assert_int_equal(e->offset, (long)(strstr(in, "NAD+FL+++ROS") - in));
	assert_int_equal(e->segment_no, 8);
	assert_non_null(strstr(e->message, "unterminated final segment NAD"));
	assert_int_equal(m->nwarnings, 1);
	assert_true(h_has_warning(m, "has no UNZ"));
	model_free(m);
}

static void
test_stray_segments_between_messages(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+2+1'"
	    "NAD+FL+++NOBODY:KNOWS'ATT+2++M'"
	    "UNH+2+PAXLST:D:05B:UN:IATA'BGM+745'UNT+2+2'UNZ+2+1'";
	struct model *m = parse_ok(in);
	const struct message_error *e = only_error(m);

	(void)state;
	assert_int_equal(m->nmanifests, 2);
	assert_null(e->message_ref);
	assert_string_equal(e->segment, "NAD");
	assert_int_equal(e->offset, (long)(strstr(in, "NAD") - in));
	assert_non_null(strstr(e->message, "UNH missing"));
	model_free(m);
}

/* What carriers' files really look like: read, with a warning each. */
static void
test_tolerated_deviations(void **state)
{
	static const char in[] = "UNB+UNOA:4+X+Y+261124:1900+1'\r\n"
	    "UNH+1+PAXLST:D:05B:UN:IATA'\r\nBGM+745'\r\n"
	    "NAD+FL+++MUEL\r\nLER:HANS'\r\nCNT+42:0001'\r\nUNT+0000005+1'\r\n"
	    "UNZ+1+1\r\n\r\nSent from my terminal\r\n";
	struct model *m = parse_ok(in);

	(void)state;
	assert_int_equal(m->nerrors, 0);
	assert_string_equal(m->manifests[0].people[0].surname, "MUELLER");
	/* Zero-padded counts that agree say nothing; no UNA is no fault. */
	assert_int_equal(m->nwarnings, 3);
	assert_true(h_has_warning(m, "line break inside NAD (segment 4) dropped"));
	assert_true(h_has_warning(m, "UNZ (segment 7) ends without its"
	    " terminator"));
	assert_true(h_has_warning(m, "23 bytes after UNZ ignored"));
	assert_int_equal(m->warnings[2].offset,
	    (long)(strstr(in, "Sent") - in));
	model_free(m);
}

static void
test_detect(void **state)
{
	static const char pnr[] = "UNA:+.? 'UNB+IATA:1+1A+KRC'"
	    "UNH+1+PNRGOV:11:1:IA+270513'";
	struct vb_error err;

	(void)state;
	assert_true(feed_paxlst.detect(d02b, strlen(d02b)));
	assert_true(feed_paxlst.detect(crew, strlen(crew)));
	assert_false(feed_paxlst.detect(pnr, strlen(pnr)));
	assert_false(feed_paxlst.detect("PAXLST", 6));
	assert_string_equal(feed_paxlst.name, "paxlst");
	assert_ptr_equal(feed_detect(pnr, strlen(pnr), &err), &feed_pnrgov);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_apis_message),
		cmocka_unit_test(test_sample_multiple_flight_legs),
		cmocka_unit_test(test_sample_crew_list),
		cmocka_unit_test(test_sample_custom_separators),
		cmocka_unit_test(test_bgm_actions),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_d02b_passenger),
		cmocka_unit_test(test_d05b_two_messages),
		cmocka_unit_test(test_crew_custom_una_one_line),
		cmocka_unit_test(test_released_apostrophe),
		cmocka_unit_test(test_two_digit_years),
		cmocka_unit_test(test_multi_leg_reporting),
		cmocka_unit_test(test_counts_disagree_are_warnings),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_message_left_out),
		cmocka_unit_test(test_bad_person_values_kept),
		cmocka_unit_test(test_unh_before_unt),
		cmocka_unit_test(test_cut_after_a_whole_message),
		cmocka_unit_test(test_stray_segments_between_messages),
		cmocka_unit_test(test_tolerated_deviations),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
