/*
 * PNRGOV: the public GTAS samples, checked against the files by hand, and
 * the project's own messages, one per guide version 10.1 to 15.1. The
 * guides keep these segments where they were from one version to the
 * next (they add codes and optional segments), so each of our messages
 * also takes a different part of the message: together they cover it.
 */
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

/* Parses in, which must be PNRGOV by detection and must parse. */
static struct model *
parse_ok(const char *in)
{
	struct model *m;

	assert_non_null(m = h_parse_ok(&feed_pnrgov, in, strlen(in),
	    ctx.ref_year, NULL));
	return m;
}

static struct model *
parse_sample(const char *rel)
{
	char path[PATH_MAX];
	struct model *m;

	assert_non_null(m = h_parse_file(&feed_pnrgov,
	    h_sample(rel, path, sizeof(path)), ctx.ref_year));
	return m;
}

/* The one manifest of a one-message file, with its format checked. */
static const struct manifest *
only_manifest(const struct model *m, const char *version)
{
	const struct manifest *mf;

	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->format, "pnrgov");
	assert_string_equal(mf->version, version);
	assert_int_equal(mf->role, ROLE_PASSENGER);
	return mf;
}

static void
check_leg(const struct manifest *mf, const char *carrier, const char *id,
    const char *from, const char *to, const char *dep, const char *arr)
{
	const struct leg *l;

	assert_int_equal(mf->nlegs, 1);
	l = &mf->legs[0];
	assert_string_equal(l->carrier, carrier);
	assert_string_equal(l->transport_id, id);
	assert_string_equal(l->departure_port, from);
	assert_string_equal(l->arrival_port, to);
	assert_string_equal(l->departure_local, dep);
	if (arr == NULL)
		assert_null(l->arrival_local);
	else
		assert_string_equal(l->arrival_local, arr);
	assert_int_equal(l->reporting, 1);
	assert_ptr_equal(manifest_arrival_leg(mf), l);
}

static void
check_pnr(const struct pnr *r, const char *locator, const char *carrier,
    const char *created, const char *ticketed, const char *agency)
{
	assert_string_equal(r->locator, locator);
	assert_string_equal(r->locator_carrier, carrier);
	if (created == NULL)
		assert_null(r->created);
	else
		assert_string_equal(r->created, created);
	if (ticketed == NULL)
		assert_null(r->ticketed);
	else
		assert_string_equal(r->ticketed, ticketed);
	if (agency == NULL)
		assert_null(r->agency);
	else
		assert_string_equal(r->agency, agency);
}

/* A traveller of PNR pnr (its locator for booking_ref), name as given. */
static const struct person *
check_person(const struct manifest *mf, size_t i, int pnr,
    const char *surname, const char *given, const char *ref)
{
	const struct person *p;

	assert_true(i < mf->npeople);
	p = &mf->people[i];
	assert_int_equal(p->role, ROLE_PASSENGER);
	assert_int_equal(p->pnr, pnr);
	assert_string_equal(p->booking_ref, mf->pnrs[pnr].locator);
	assert_string_equal(p->surname, surname);
	assert_string_equal(p->given, given);
	if (ref == NULL)
		assert_null(p->pnr_ref);
	else
		assert_string_equal(p->pnr_ref, ref);
	return p;
}

static void
check_doc(const struct document *d, const char *type, const char *number,
    const char *country, const char *expiry)
{
	assert_string_equal(d->type, type);
	assert_string_equal(d->number, number);
	if (country == NULL)
		assert_null(d->country);
	else
		assert_string_equal(d->country, country);
	if (expiry == NULL)
		assert_null(d->expiry);
	else
		assert_string_equal(d->expiry, expiry);
}

static void
check_contact(const struct contact *c, enum contact_kind kind,
    const char *value, const char *country, const char *source)
{
	assert_int_equal(c->kind, kind);
	assert_string_equal(c->value, value);
	if (country == NULL)
		assert_null(c->country);
	else
		assert_string_equal(c->country, country);
	assert_string_equal(c->source, source);
}

static void
check_payment(const struct payment *p, const char *type, const char *card_type,
    const char *number, const char *holder, const char *amount)
{
	assert_string_equal(p->type, type);
	if (card_type == NULL)
		assert_null(p->card_type);
	else
		assert_string_equal(p->card_type, card_type);
	if (number == NULL)
		assert_null(p->card_number);
	else
		assert_string_equal(p->card_number, number);
	if (holder == NULL)
		assert_null(p->holder);
	else
		assert_string_equal(p->holder, holder);
	if (amount == NULL)
		assert_null(p->amount);
	else
		assert_string_equal(p->amount, amount);
}

static void
check_segment(const struct segment *g, const char *flight, const char *from,
    const char *to, const char *dep, const char *arr, const char *cls,
    const char *status)
{
	assert_string_equal(g->flight, flight);
	assert_string_equal(g->departure_port, from);
	assert_string_equal(g->arrival_port, to);
	assert_string_equal(g->departure_local, dep);
	assert_string_equal(g->arrival_local, arr);
	assert_string_equal(g->booking_class, cls);
	if (status == NULL)
		assert_null(g->status);
	else
		assert_string_equal(g->status, status);
}

static void
check_null_or(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

/* Seat, bags, ticket, fare and frequent flyer of a traveller. */
static void
check_travel(const struct person *p, const char *seat, const char *bags,
    const char *ticket, const char *fare, const char *ff)
{
	check_null_or(p->seat, seat);
	check_null_or(p->bags, bags);
	check_null_or(p->ticket, ticket);
	check_null_or(p->fare, fare);
	check_null_or(p->frequent_flyer, ff);
}

static void
check_identity(const struct person *p, const char *birth, const char *gender,
    const char *nationality)
{
	check_null_or(p->birth_date, birth);
	check_null_or(p->gender, gender);
	check_null_or(p->nationality, nationality);
}

/* ---- the GTAS samples ---- */

static void
test_sample_2_pnrs_basic(void **state)
{
	struct model *m = parse_sample("gtas/2_pnrs_basic.edi");
	const struct manifest *mf = only_manifest(m, "10.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	assert_string_equal(m->sender, "DL");
	assert_string_equal(m->interchange_ref, "020A07");
	assert_string_equal(mf->message_ref, "1");
	assert_string_equal(mf->document_code, "22");
	assert_string_equal(mf->push, "22");
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	check_leg(mf, "DL", "DL324", "LHR", "JFK", "2010-12-12T09:15", NULL);
	assert_int_equal(mf->npnrs, 2);
	r = &mf->pnrs[0];
	check_pnr(r, "MFN4TI", "DL", NULL, "2010-12-06T12:00", "52519950 LON");
	assert_int_equal(r->offset, 154);	/* the first SRC */
	assert_string_equal(r->split_from, "ABCDEF");
	assert_string_equal(r->bags, "4 PC EXCESS GBP 40.00");
	assert_int_equal(r->ncontacts, 5);
	check_contact(&r->contacts[0], CONTACT_PHONE, "00115555555555", NULL,
	    "IFT CTCR");
	check_contact(&r->contacts[1], CONTACT_PHONE, "00441753637285", NULL,
	    "ADD");
	/* "45 HIGH" line break "STREET": the break is dropped, and said so. */
	check_contact(&r->contacts[2], CONTACT_ADDRESS,
	    "45 HIGHSTREET, SLOUGH, BERKSHIRE, SL1AA", "GB", "ADD");
	check_contact(&r->contacts[3], CONTACT_ADDRESS,
	    "2234 MAIN STREET ATLANTA, GA 30067", NULL, "IFT sponsor");
	check_contact(&r->contacts[4], CONTACT_PHONE, "7705632891", NULL,
	    "IFT sponsor");
	assert_int_equal(r->npayments, 2);
	check_payment(&r->payments[0], "CC", "VI", "XXXXXXXX1186",
	    "TIMOTHY SIMS", NULL);
	/* The itinerary, not the hotel (MSG 8) nor the history (ABI). */
	assert_int_equal(r->nitinerary, 2);
	check_segment(&r->itinerary[0], "DL324", "LHR", "JFK",
	    "2010-12-12T09:15", "2010-12-12T12:30", "B", NULL);
	check_segment(&r->itinerary[1], "DL330", "JFK", "YVR",
	    "2010-12-12T22:00", "2010-12-12T23:30", "B", "HK");
	r = &mf->pnrs[1];
	check_pnr(r, "23456", "1A", NULL, "2010-12-06T12:00",
	    "12345678 F31 LON");
	assert_null(r->split_from);
	assert_string_equal(r->bags, "2 PC EXCESS GBP 20.00");
	check_payment(&r->payments[1], "CC", "DC", "XXXXXXXX3578", NULL, NULL);
	assert_int_equal(r->nitinerary, 2);

	assert_int_equal(mf->npeople, 4);
	/* JOHNMR stays: the DOCS says MRJONATHON, nothing to tell it by. */
	p = check_person(mf, 0, 0, "SMITHJR", "JOHNMR", "1");
	assert_string_equal(p->middle, "ROBERT");
	check_identity(p, "1964-07-12", "M", "GBR");
	assert_int_equal(p->ndocs, 1);
	check_doc(&p->docs[0], "P", "123456789", "GBR", "2019-08-23");
	/* SSR SEAT 15A, then checked in at 15A too. */
	check_travel(p, "15A", NULL, "0062120234533", "GBP 2957.94",
	    "DL 1234567890");
	p = check_person(mf, 1, 0, "JONES", "WILLIAMMR", "2");
	assert_int_equal(p->ndocs, 0);		/* DOCS without a number */
	check_identity(p, "1964-07-12", "M", "GBR");
	check_travel(p, "15B", NULL, "0062120234534", "GBP 2957.94",
	    "AF 0093789865");
	p = check_person(mf, 2, 1, "WAYNE", "JOHNMR", "1");
	check_travel(p, "17A", NULL, "0062120234535", "GBP 2957.94",
	    "DL 1234567893");
	/* Booked 17B, checked in at 15A (the TIF in the TRI group names him). */
	p = check_person(mf, 3, 1, "COOPER", "GARYMR", "2");
	check_travel(p, "15A", NULL, "0062120234536", "GBP 2957.94",
	    "AF 0093789830");
	check_doc(&p->docs[0], "P", "987654321", "GBR", "2013-01-15");

	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 2);
	assert_true(h_has_warning(m, "UNT says 135 segments, message 1 has 134"));
	assert_true(h_has_warning(m, "line breaks inside 10 segments of message 1"
	    " dropped, the first in ADD (segment 14)"));
	model_free(m);
}

static void
test_sample_3_pnrs(void **state)
{
	struct model *m = parse_sample("gtas/3_pnrs.edi");
	const struct manifest *mf = only_manifest(m, "11.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	assert_string_equal(mf->message_ref, "00102181551362");
	check_leg(mf, "TZ", "TZ6", "SIN", "OOL", "2013-05-28T22:25",
	    "2013-05-29T07:50");
	assert_int_equal(mf->npnrs, 3);
	r = &mf->pnrs[0];
	check_pnr(r, "W9TEND", "TZ", "2013-05-23T18:13", "2013-05-23T21:24",
	    "TZ SYS");
	check_contact(&r->contacts[0], CONTACT_PHONE,
	    "H5555555555 W 1 555 555 5555", NULL, "ADD");
	check_contact(&r->contacts[1], CONTACT_ADDRESS,
	    "123 ANY STREET, LAKE TOWN, MN, 55123", "US", "ADD");
	check_payment(&r->payments[0], "CA", NULL, NULL, NULL, "SGD 1999.99");
	/* The history's flights (ABI, SAC) are not the itinerary. */
	assert_int_equal(r->nitinerary, 2);
	check_segment(&r->itinerary[1], "TZ5", "OOL", "SIN", "2013-05-31T09:00",
	    "2013-05-31T15:00", "S", "HK");
	r = &mf->pnrs[1];
	check_pnr(r, "D1RGHI", "TZ", "2013-05-23T18:38", "2013-05-23T18:38",
	    "TZ SYS");
	assert_int_equal(r->nitinerary, 4);
	check_segment(&r->itinerary[0], "BA11", "LHR", "SIN", "2013-05-27T19:15",
	    "2013-05-28T15:05", "L", "HK");
	r = &mf->pnrs[2];
	check_pnr(r, "GBFKSK", "TZ", "2013-05-23T18:48", NULL, "TZ SYS");
	assert_null(r->ticketed);

	/* 13 travellers: the group name (TIF ACME TEAM PARTY:G) is nobody. */
	assert_int_equal(mf->npeople, 13);
	/* TIF KEVINMICHAELMR, DOCS KEVIN/MICHAEL: the title run in goes. */
	p = check_person(mf, 0, 0, "VANDENBERG", "KEVIN", "43576");
	assert_string_equal(p->middle, "MICHAEL");
	check_identity(p, "1980-07-04", "M", "USA");
	check_doc(&p->docs[0], "P", "548721687", "USA", "2019-01-12");
	check_travel(p, NULL, NULL, NULL, "SGD 1999.99", NULL);
	p = check_person(mf, 1, 1, "DYE", "DOLAN", "43577");
	check_travel(p, "54A", NULL, "9631270001234", "SGD 1999.99",
	    "RI 438QZ99");
	assert_int_equal(p->ncontacts, 1);
	check_contact(&p->contacts[0], CONTACT_ADDRESS,
	    "13 SHORE AVENUE, BROADBEACH, QLD, 4215", "AUS", "SSR DOCA");
	assert_null(p->residence);		/* a destination address */
	p = check_person(mf, 2, 1, "DYE", "KAYLA", "43578");
	assert_int_equal(p->infant, 0);
	check_travel(p, "54B", NULL, "9631270001235", "SGD 1999.99", NULL);
	/* The infant 43578I sits on 43578's lap. */
	p = check_person(mf, 3, 1, "DYE", "ARCHER", "43578I");
	assert_int_equal(p->infant, 1);
	assert_int_equal(p->adult, 2);
	check_identity(p, "2012-04-15", "M", "USA");
	check_doc(&p->docs[0], "P", "654321987", "USA", "2019-12-31");
	assert_string_equal(p->ticket, "9631270001236");	/* TKNE INF... */
	p = check_person(mf, 5, 2, "CAPSON", "HUNTER", "43580");
	check_identity(p, "1992-04-27", "M", NULL);
	assert_int_equal(p->ndocs, 0);
	check_person(mf, 12, 2, "TBA", "H", "43587");

	/* UNT+173 is right; a line wrapped inside TXD twice. */
	assert_int_equal(m->nwarnings, 1);
	assert_true(h_has_warning(m, "line breaks inside 2 segments of message"
	    " 00102181551362 dropped, the first in TXD (segment 65)"));
	model_free(m);
}

static void
test_sample_adult_and_infant(void **state)
{
	struct model *m = parse_sample("gtas/adult_and_infant.edi");
	const struct manifest *mf = only_manifest(m, "11.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	check_leg(mf, "AM", "AM498", "MTY", "LAS", "2013-05-23T10:39",
	    "2013-05-23T11:42");
	assert_int_equal(mf->npnrs, 1);
	r = &mf->pnrs[0];
	check_pnr(r, "XXXYET", "AM", "2013-04-30T11:55", NULL, "AM BOG");
	assert_int_equal(r->nitinerary, 3);
	check_segment(&r->itinerary[0], "AM709", "BOG", "MEX",
	    "2013-05-15T01:05", "2013-05-15T05:57", "R", "YG");
	assert_int_equal(mf->npeople, 2);
	/* The title after a space is not a name. */
	p = check_person(mf, 0, 0, "TESTSURNAMEONE", "TESTNAMEONE", "1.1");
	assert_int_equal(p->infant, 0);
	check_identity(p, "1976-05-30", "F", "CO");
	check_doc(&p->docs[0], "P", "52263000", "CO", "2015-10-31");
	assert_string_equal(p->ticket, "1392178947000");
	/*
	 * The infant: named by SSR INFT and its DOCS (FI) under the adult
	 * before its own TIF, which then takes that same person.
	 */
	p = check_person(mf, 1, 0, "TESTSURNAMETWO", "TESTNAMETWO", "2.1");
	assert_int_equal(p->infant, 1);
	assert_int_equal(p->adult, 0);
	check_identity(p, "2011-08-10", "F", "COL");
	assert_int_equal(p->ndocs, 1);
	check_doc(&p->docs[0], "P", "AO234000", "COL", "2022-12-21");
	assert_string_equal(p->ticket, "1392178947000");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_sample_codeshare(void **state)
{
	struct model *m = parse_sample("gtas/codeshare.edi");
	const struct manifest *mf = only_manifest(m, "11.1");
	const struct segment *g;
	const struct person *p;

	(void)state;
	assert_string_equal(m->sender, "1A");
	check_leg(mf, "SQ", "SQ609", "ICN", "SIN", "2013-05-27T16:40",
	    "2013-05-27T22:00");
	assert_int_equal(mf->npnrs, 2);
	check_pnr(&mf->pnrs[0], "2LS6KP", "1A", "2013-05-20T04:39", NULL,
	    "HDQKE2400 NBE");
	check_pnr(&mf->pnrs[1], "X49V9U", "1A", "2013-01-21T04:11", NULL,
	    "32393340 SINSQ08AA NCE");
	/* Marketed by KE (TVL ...+KE:SQ+609), flown by SQ (TVL+++++303). */
	g = &mf->pnrs[0].itinerary[0];
	assert_string_equal(g->carrier, "KE");
	assert_string_equal(g->operating_carrier, "SQ");
	assert_string_equal(g->operating_flight, "SQ303");
	check_segment(g, "KE609", "ICN", "SIN", "2013-05-27T16:40",
	    "2013-05-27T22:00", "B", "HK");
	g = &mf->pnrs[1].itinerary[0];
	assert_string_equal(g->carrier, "OZ");
	assert_string_equal(g->operating_flight, "SQ752");
	assert_int_equal(mf->npeople, 2);
	p = check_person(mf, 0, 0, "PARK", "SE JOON", "1");
	check_identity(p, "1972-09-10", "M", "KR");
	/* The same passport again under the flight (country KOR): once. */
	assert_int_equal(p->ndocs, 1);
	check_doc(&p->docs[0], "P", "JR3364288", "KR", "2016-07-05");
	check_travel(p, "39G", "2 PC 34 KG", NULL, NULL, "SQ 314655277");
	p = check_person(mf, 1, 1, "KIM", "KONG CHUN", "3");
	check_identity(p, "1957-02-15", "F", "KOR");
	/* Requested 14A (SSR RQST), checked in at 014A. */
	check_travel(p, "14A", "2 PC 29 KG", NULL, NULL, "SQ 223422444");
	/* "UNA:+\*'" then a new line; UNT+336 for 59 segments. */
	assert_int_equal(m->nwarnings, 2);
	assert_true(h_has_warning(m, "UNA cut short by a line break"));
	assert_true(h_has_warning(m, "UNT says 336 segments, message 1 has 59"));
	model_free(m);
}

static void
test_sample_pnr_split(void **state)
{
	struct model *m = parse_sample("gtas/pnr_split.edi");
	const struct manifest *mf = only_manifest(m, "11.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	assert_int_equal(mf->npnrs, 2);
	r = &mf->pnrs[0];
	check_pnr(r, "ICOXXX", "AM", "2013-04-12T17:55", NULL, "AM TTY");
	assert_null(r->split_from);
	/* Phones tagged in OSI text: "AM CTCP MEX1800 002 5200 DOMESTIC..." */
	assert_int_equal(r->ncontacts, 5);
	check_contact(&r->contacts[0], CONTACT_PHONE, "MEX1800 002 5200", NULL,
	    "IFT CTCP");
	check_contact(&r->contacts[3], CONTACT_PHONE, "MEX01 81 8336 6900", NULL,
	    "IFT CTCH");
	check_segment(&r->itinerary[0], "AM498", "MTY", "LAS",
	    "2013-05-23T10:39", "2013-05-23T11:42", "A", "HK");
	r = &mf->pnrs[1];
	check_pnr(r, "BJOXXX", "AM", "2013-05-11T11:48", NULL, "AM TTY");
	/* EQN+1 RCI+AM:ZLMXXX at the PNR's end: the split. */
	assert_string_equal(r->split_from, "ZLMXXX");
	assert_int_equal(r->ncontacts, 3);
	check_contact(&r->contacts[0], CONTACT_PHONE, "BOG 571-600 5820", NULL,
	    "IFT CTC");
	assert_int_equal(mf->npeople, 3);
	p = check_person(mf, 0, 0, "TESTSURNAMEONE", "TESTNAMEONE", "1.1");
	check_travel(p, NULL, NULL, "1393207166000", NULL, "AM 511650000");
	check_person(mf, 1, 0, "TESTSURNAMEONE", "TESTNAMETWO", "2.1");
	p = check_person(mf, 2, 1, "TESTSURNAMETHREE", "TESTNAMETHREE", "1.1");
	check_doc(&p->docs[0], "P", "AO589000", "CO", "2023-05-08");
	assert_string_equal(p->ticket, "1393534576000");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_sample_dangling_meta_character(void **state)
{
	struct model *m = parse_sample("gtas/danglingMetaCharacter.txt");
	const struct manifest *mf = only_manifest(m, "13.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	assert_string_equal(m->interchange_ref, "0.579602");
	check_leg(mf, "DL", "DL441", "JFK", "MBJ", "2020-02-23T10:10",
	    "2020-02-23T14:22");
	r = &mf->pnrs[0];
	check_pnr(r, "BGXFR4", "DL", "2020-01-26T21:00", "2020-02-23T14:10",
	    "70379193 LON");
	check_payment(&r->payments[0], "MS", NULL, NULL, NULL, "GBP 100.00");
	assert_int_equal(r->nitinerary, 3);
	check_segment(&r->itinerary[2], "DL441", "JFK", "MBJ",
	    "2020-02-23T10:10", "2020-02-23T14:22", "B", NULL);
	p = check_person(mf, 0, 0, "SERIO", "REUBEN", "1");
	assert_string_equal(p->middle, "JOAQUIN");
	check_identity(p, "1994-10-20", "M", "THA");
	check_doc(&p->docs[0], "P", "9173574", "THA", "2028-04-20");
	check_travel(p, "1A", "1 PC 44 KG", "0.291204", "GBP 100.00",
	    "VS 669447");
	assert_int_equal(p->ncontacts, 3);
	check_contact(&p->contacts[0], CONTACT_EMAIL, "REUBEN_SERIO@GMAIL.COM",
	    NULL, "IFT CTCE");
	check_contact(&p->contacts[1], CONTACT_PHONE, "1234536789", NULL,
	    "IFT CTCH");
	/*
	 * "SEA 866 746-4647" with '-' the element separator, not released:
	 * the syntax cuts it there, and so do we.
	 */
	check_contact(&p->contacts[2], CONTACT_PHONE, "SEA 866 746", NULL,
	    "IFT CTCT");
	assert_int_equal(m->nwarnings, 3);
	assert_true(h_has_warning(m, "TVL (segment 5): arrival time 1422 stands"
	    " where the arrival date belongs"));
	assert_true(h_has_warning(m, "UNT says 34 segments, message 1 has 55"));
	assert_true(h_has_warning(m, "UNT reference (none) differs"));
	model_free(m);
}

static void
test_sample_multiple_flight_legs(void **state)
{
	struct model *m = parse_sample("gtas/multiple_flight_leg_pnr.txt");
	const struct manifest *mf = only_manifest(m, "13.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	check_leg(mf, "UA", "UA988", "FRA", "IAD", "2018-05-12T12:20",
	    "2018-05-12T15:05");
	assert_int_equal(mf->npnrs, 1);
	r = &mf->pnrs[0];
	check_pnr(r, "80F4E3", "UA", "2018-03-11T22:20", "2018-05-09T11:20",
	    "70379193 LON");
	check_contact(&r->contacts[1], CONTACT_ADDRESS,
	    "4291 BURNETT AVENUE, BRASILIA", "BR", "ADD");
	assert_int_equal(r->npayments, 2);
	check_payment(&r->payments[1], "CA", NULL, NULL, NULL, "GBP 800.00");
	assert_int_equal(r->nitinerary, 4);
	check_segment(&r->itinerary[0], "UA989", "IAD", "FRA",
	    "2018-05-04T17:20", "2018-05-05T07:20", "B", NULL);
	/* UA8749 is LH624 (TVL ...+UA:LH+8749, then TVL+++++624). */
	assert_string_equal(r->itinerary[1].operating_carrier, "LH");
	assert_string_equal(r->itinerary[1].operating_flight, "LH624");
	check_segment(&r->itinerary[1], "UA8749", "FRA", "KWI",
	    "2018-05-05T13:35", "2018-05-05T20:05", "B", NULL);
	assert_string_equal(r->itinerary[2].operating_flight, "LH625");
	assert_null(r->itinerary[3].operating_carrier);
	p = check_person(mf, 0, 0, "CHENNAPRAGADA", "STACYMR", "1");
	check_travel(p, "26K", NULL, "28578028578028", "GBP 100.00",
	    "UA 397832");
	check_contact(&p->contacts[0], CONTACT_EMAIL,
	    "STACY_CHENNAPRAGADA@GMAIL.COM", NULL, "IFT CTCE");
	check_doc(&p->docs[0], "P", "25084013", "ERI", "2025-11-17");
	p = check_person(mf, 1, 0, "NUTTALL", "PETERMR", "2");
	check_travel(p, "43E", NULL, "63821063821063", "GBP 800.00",
	    "UA 898353");
	assert_int_equal(m->nwarnings, 5);
	assert_true(h_has_warning(m, "RCI (segment 8): creation date 110318"));
	assert_true(h_has_warning(m, "EQN says 2 PNRs, message 1 has 1"));
	assert_true(h_has_warning(m, "UNT says 66 segments, message 1 has 83"));
	model_free(m);
}

static void
test_sample_message_example(void **state)
{
	static const char *const seats[] = {"22C", "21H", "1A", "24H", "33J"};
	struct model *m = parse_sample("gtas/pnrMessageExample.txt");
	const struct manifest *mf = only_manifest(m, "13.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	r = &mf->pnrs[0];
	check_pnr(r, "7C789A", "UA", "2018-08-23T12:20", "2018-09-28T11:20",
	    "70379193 LON");
	/* Three sponsors with one address and one phone: said once each. */
	assert_int_equal(r->ncontacts, 4);
	check_contact(&r->contacts[2], CONTACT_ADDRESS,
	    "99 GANDER AVENUE KOLKATA GBR O2070", NULL, "IFT sponsor");
	assert_int_equal(r->npayments, 5);
	check_payment(&r->payments[0], "CC", "AX", "372395XXXXX9581",
	    "MOLLY LOBB", "GBP 800.00");
	check_payment(&r->payments[3], "CA", NULL, NULL, NULL, "GBP 100.00");
	check_payment(&r->payments[4], "CC", "VI", "XXXXXXXXXXXX8193",
	    "LIYA HABTE", "GBP 800.00");
	assert_int_equal(r->nitinerary, 3);
	assert_int_equal(mf->npeople, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(mf->people[i].seat, seats[i]);
	p = check_person(mf, 0, 0, "LOBB", "MOLLYMRS", "1");
	check_identity(p, "1954-08-13", "F", NULL);
	check_travel(p, "22C", NULL, "10862010862010", "GBP 800.00",
	    "ET 400539");
	check_contact(&p->contacts[0], CONTACT_EMAIL, "MOLLY_LOBB@GMAIL.COM",
	    NULL, "IFT CTCE");
	p = check_person(mf, 1, 0, "PHILIPPS", "MATTHIASMR", "2");
	check_doc(&p->docs[0], "P", "330102546", NULL, "2024-01-08");
	p = check_person(mf, 4, 0, "HABTE", "LIYAMRS", "5");
	assert_string_equal(p->middle, "SOPHIA");
	check_contact(&p->contacts[0], CONTACT_EMAIL, "LIYA.HABTE@YAHOO.COM",
	    NULL, "IFT CTCE");
	assert_int_equal(m->nwarnings, 4);
	assert_true(h_has_warning(m, "UNT says 50 segments, message 1 has 134"));
	model_free(m);
}

static void
test_sample_seat_formats(void **state)
{
	struct model *m = parse_sample("gtas/pnrSeatFormats.txt");
	const struct manifest *mf = only_manifest(m, "13.1");
	const struct person *p;

	(void)state;
	check_leg(mf, "UA", "UA988", "FRA", "IAD", "2018-09-28T12:20",
	    "2018-09-28T15:05");
	check_segment(&mf->pnrs[0].itinerary[0], "UA988", "FRA", "IAD",
	    "2019-01-22T12:20", "2019-01-22T15:05", "B", NULL);
	p = check_person(mf, 0, 0, "LOBB", "MOLLYMRS", "1");
	/* A released + in an e-mail address. */
	check_contact(&p->contacts[0], CONTACT_EMAIL,
	    "MOLLY_RUUUNT+50BB@GMAIL.COM", NULL, "IFT CTCE");
	/*
	 * SEAT 36K is for UA988 of 22 January 2019, NSST 074E for SFO-IAD:
	 * neither is the flight pushed (28 September 2018).
	 */
	assert_null(p->seat);
	assert_int_equal(m->nwarnings, 4);
	model_free(m);
}

static void
test_sample_doco(void **state)
{
	struct model *m = parse_sample("gtas/pnrWithDoco.txt");
	const struct manifest *mf = only_manifest(m, "13.1");
	const struct person *p;

	(void)state;
	check_pnr(&mf->pnrs[0], "06A9FD", "UA", "2018-04-11T12:20",
	    "2018-05-09T11:20", "70379193 LON");
	p = check_person(mf, 0, 0, "ACKARY", "CHARLESMR", "1");
	check_identity(p, "1948-12-26", "M", NULL);
	assert_int_equal(p->ndocs, 2);
	check_doc(&p->docs[0], "P", "602120901", "GBR", "2021-01-30");
	/* DOCO: a visa for LI, and where he was born. */
	check_doc(&p->docs[1], "V", "8675309", "LI", NULL);
	assert_string_equal(p->birth_place, "HERE VA");
	check_travel(p, "23K", NULL, "44029044029044", "GBP 250.00",
	    "ET 143854");
	/* The DOCO names traveller 002; the PNR has only 1. */
	assert_true(h_has_warning(m, "SSR DOCO (segment 18) refers to traveller"
	    " 002"));
	assert_int_equal(m->nwarnings, 5);
	model_free(m);
}

/*
 * Damaged on purpose: a line break inside the UNH, UNT+173 for 24
 * segments, an unterminated UNZ and prose after it. All of it can be
 * read, so it is, and the ack names each deviation.
 */
static void
test_sample_bad_format(void **state)
{
	struct model *m = parse_sample("gtas/pnrBadFormat.txt");
	const struct manifest *mf = only_manifest(m, "11.1");
	const struct person *p;

	(void)state;
	assert_string_equal(mf->message_ref, "00102181551362");
	check_leg(mf, "TZ", "TZ6", "SIN", "OOL", "2013-05-28T22:25",
	    "2013-05-29T07:50");
	check_pnr(&mf->pnrs[0], "35K2IO", "1A", "2013-02-15T01:49",
	    "2013-02-14", "DFW1S4100");
	check_segment(&mf->pnrs[0].itinerary[0], "LH474", "MUC", "YUL",
	    "2013-05-27T15:50", "2013-05-27T18:20", "W", "HK");
	assert_int_equal(mf->npeople, 2);
	p = check_person(mf, 0, 0, "DORON", "NINA", "2");
	check_identity(p, "1953-02-05", "F", NULL);
	assert_string_equal(p->ticket, "3204694511");
	p = check_person(mf, 1, 0, "LENDROT", "CHARLOTTE", "1");
	check_identity(p, "1952-02-14", "F", NULL);
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 4);
	assert_string_equal(m->warnings[0].message,
	    "UNT says 173 segments, message 00102181551362 has 24");
	assert_string_equal(m->warnings[1].message,
	    "line break inside UNH (segment 3) dropped");
	assert_int_equal(m->warnings[1].offset, 106);
	assert_string_equal(m->warnings[2].message,
	    "UNZ (segment 28) ends without its terminator");
	assert_string_equal(m->warnings[3].message, "43 bytes after UNZ ignored");
	assert_int_equal(m->warnings[3].offset, 826);
	model_free(m);
}

/* ---- the project's own messages, one per version ---- */

static const char v10_1[] =
    "UNA:+.?*'\n"
    "UNB+IATA:1+XA+BORDER+261124:1900+PG101'\n"
    "UNH+1+PNRGOV:10:1:IA+XA401/251126/0820'\n"
    "MSG+:22'\n"
    "ORG+XA:FRA'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+2'\n"
    "SRC'\n"
    "RCI+XA:ABC123::011026:1412'\n"
    "DAT+700:201126:0930+710:021026:1015'\n"
    "ORG+XA:FRA+12345675:FRAXA0100+FRA++T+DE:EUR:DE'\n"
    "ADD++700:KAISERSTRASSE 1:FRANKFURT:HE::DE:60311:4969123456'\n"
    "TIF+NOWAK+PIOTR MR:A:1'\n"
    "FTI+XA:998877665'\n"
    "SSR+DOCS:HK:1:XA:::::/P/POL/EA1234567/POL/09FEB81/M/30MAY31/NOWAK/PIOTR/JAN+::1'\n"
    "TKT+2202123456789:T:1'\n"
    "MON+B:380.00:EUR+T:412.50:EUR'\n"
    "PTK+NR++021026:1015+XA+220+FRA'\n"
    "DAT+710:021026:1015'\n"
    "FOP+CC::412.50:VI:XXXXXXXXXXXX1111:0829'\n"
    "IFT+4:43+ANNA NOWAK+UL. DLUGA 1 WARSZAWA+48221234567'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401:Y'\n"
    "RPI+1+HK'\n"
    "SSR+SEAT:HK:1:XA:::FRA:JFK+012C::1'\n"
    "DAT+2:251126:0615'\n"
    "TRI++045:::1'\n"
    "TIF+NOWAK+PIOTR MR:A:1'\n"
    "SSD+12D++++Y'\n"
    "TBD++1:23:700++MP+220:0123456789:1:JFK'\n"
    "TVL+301126:2300:011226:1215+JFK+FRA+XA+402:Y'\n"
    "RPI+1+HK'\n"
    "EQN+1'\n"
    "RCI+XA:ABC124'\n"
    "SRC'\n"
    "RCI+XA:DEF456::151026:0800'\n"
    "ORG+XA:FRA'\n"
    "TIF+ROSSI+MARIA:A:1'\n"
    "SSR+DOCS:HK:1:XA:::::/P/ITA/YA0000001/ITA/11JUN75/F/30MAY31/ROSSI/MARIA+::1'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401:Y'\n"
    "RPI+1+HK'\n"
    "UNT+39+1'\n"
    "UNZ+1+PG101'\n";

static const char v11_1[] =
    "UNB+IATA:1+XA+BORDER+261125:0600+PG111'\n"
    "UNH+PG111+PNRGOV:11:1:IA+XA401/251126/0820+01:F'\n"
    "MSG+:141'\n"
    "ORG+XA'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+2'\n"
    "SRC'\n"
    "RCI+XA:GHI789::051126:1130'\n"
    "ORG+XA:WAW'\n"
    "TIF+KOWALSKA+EWA MRS:A:2.1:1'\n"
    "SSR+INFT:HK:1:XA:::::KOWALSKI/JAN/15MAR25+::2.1'\n"
    "SSR+DOCS:HK:1:XA:::::/P/POL/EB7654321/POL/03APR90/F/01JAN30/KOWALSKA/EWA+::2.1'\n"
    "SSR+DOCS:HK:1:XA:::::/P/POL/EC1111111/POL/15MAR25/MI/15MAR30/KOWALSKI/JAN+::2.1'\n"
    "TIF+KOWALSKI+JAN:IN:2.1I'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401:M'\n"
    "RPI+1+HK'\n"
    "SRC'\n"
    "RCI+XA:JKL012'\n"
    "ORG'\n"
    "UNT+19+PG111'\n"
    "UNZ+1+PG111'\n";

static const char v12_1[] =
    "UNB+IATA:1+XA+BORDER+261124:1900+PG121'\n"
    "UNH+1+PNRGOV:12:1:IA'\n"
    "MSG+:22'\n"
    "ORG+XA'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+1'\n"
    "SRC'\n"
    "RCI+YB:MNO345::101026:0900+XA:PQR678'\n"
    "ORG+YB:MUC+87654321:MUCYB2100+MUC'\n"
    "TIF+OKAFOR+CHIDIMR:A:1'\n"
    "SSR+DOCS:HK:1:XA:::::/P/NGA/A01234567/NGA/12DEC88/M/05AUG29/OKAFOR/CHIDI+::1'\n"
    "SSR+DOCA:HK:1:XA:::::/R/NGA/12 MARINA ROAD/LAGOS//101001+::1'\n"
    "SSR+DOCA:HK:1:XA:::::/D/USA/350 FIFTH AVENUE/NEW YORK/NY/10118+::1'\n"
    "SSR+DOCO:HK:1:XA:::::LAGOS NGA/V/US998877/LAGOS/01JUN26/USA+::1'\n"
    "SSR+CTCM:HK:1:XA:::::2348031234567+::1'\n"
    "SSR+CTCE:HK:1:XA:::::CHIDI.OKAFOR//EXAMPLE.COM+::1'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+YB:XA+7401:Y'\n"
    "TVL+++++401'\n"
    "RPI+1+HK'\n"
    "SSR+SEAT:HK:1:YB:::FRA:JFK+31A::1'\n"
    "UNT+20+1'\n"
    "UNZ+1+PG121'\n";

static const char v13_1[] =
    "UNA:+.?*'\n"
    "UNB+IATA:1+XA+BORDER+261124:1900+PG131'\n"
    "UNG+PNRGOV+XA+BORDER+261124:1900+PG131+IA+13:1'\n"
    "UNH+1+PNRGOV:13:1:IA+XA401/251126/0820'\n"
    "MSG+:22'\n"
    "ORG+XA:FRA+55107'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+1'\n"
    "SRC'\n"
    "RCI+XA:STU901::200926:1015'\n"
    "DAT+700:241126:2300'\n"
    "IFT+4:28::XA+CTCP FRA 069 1234 5678 OFFICE'\n"
    "ORG+XA:FRA'\n"
    "ADD++E:::::::GROUP.LEAD//EXAMPLE.ORG'\n"
    "EBD+EUR:150.00+3::N'\n"
    "TIF+ALPINE CLUB:G'\n"
    "TIF+MEIER+ANNA:A:1'\n"
    "IFT+4:28::XA+CTCE ANNA..MEIER//EXAMPLE.DE'\n"
    "TIF+MEIER+LUKAS:C:2'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401:Y'\n"
    "RPI+2+HK'\n"
    "SPL+++XYZ999'\n"
    "UNT+20+1'\n"
    "UNE+1+PG131'\n"
    "UNZ+1+PG131'\n";

static const char v14_1[] =
    "UNA:*.? $\n"
    "UNB*IATA:1*XA*BORDER*261124:1900*PG141$\n"
    "UNH*1*PNRGOV:14:1:IA$\n"
    "MSG*:22$\n"
    "ORG*XA$\n"
    "TVL*251126:0820:251126:1105*FRA*JFK*XA*401$\n"
    "EQN*1$\n"
    "SRC$\n"
    "RCI*XA:VWX234::011126:1200$\n"
    "ORG*XA:FRA$\n"
    "TIF*O'BRIEN*SEAN:A:1$\n"
    "SSR*DOCS:HK:1:XA:::::/P/IRL/PA1234567/IRL/07SEP82/M/01JAN30/O'BRIEN/SEAN*::1$\n"
    "FOP*CA::120.00*CC::300.00:AX:3782XXXXXXX0005:1228$\n"
    "TVL*251126:0820:251126:1105*FRA*JFK*XA*401:Y$\n"
    "RPI*1*HK$\n"
    "MSG*8$\n"
    "TVL*251126:1800:281126*JFK:HOTEL ONE**HH*12345:ROH$\n"
    "ABI*1*:FRAXA**XA$\n"
    "DAT*ZT:011126:1200$\n"
    "SAC***X$\n"
    "TIF*O'BRIEN*SEANX:A:1$\n"
    "TVL*261126:0820:261126:1105*FRA*JFK*XA*401:Y$\n"
    "RPI*1*XX$\n"
    "LTS*0/O/SS/XA 401 Y 26NOV 1 FRAJFK HX1$\n"
    "UNT*23*1$\n"
    "UNZ*1*PG141$\n";

static const char v15_1[] =
    "UNB+IATA:1+XA+BORDER+261124:1900+PG151'\n"
    "UNH+1+PNRGOV:15:1:IA+XA401/251126/0820'\n"
    "MSG+:22'\n"
    "ORG+XA:FRA'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+1'\n"
    "SRC'\n"
    "RCI+1A:YZA567::120926:0745+XA:YZA999'\n"
    "SSR+OTHS:HK:1:XA:::::ADV TKT BY 20SEP'\n"
    "DAT+700:241126:2300+710:130926:1100'\n"
    "ORG+1A:NCE+23456789:PARAF2100+PAR++T+FR:EUR'\n"
    "TIF+DUBOIS+CLAIRE MS:A:1'\n"
    "FTI+AF:1234567890:::GOLD'\n"
    "SSR+DOCS:HK:1:XA:::::/I/FRA/X4RTBPFW4/FRA/22JAN94/F/15MAR33/DUBOIS/CLAIRE+::1'\n"
    "TIF+DUBOIS+HUGO:A:2'\n"
    "SSR+FQTV:HK:1:XA:::::XA 5550001+::2'\n"
    "SSR+TKNE:HK:1:XA:::FRA:JFK:2202987654321C1+::2'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401:J'\n"
    "RPI+2+HK'\n"
    "SSR+SEAT:HK:2:XA:::FRA:JFK+02A::1+02B::2'\n"
    "DAT+2:251126:0600'\n"
    "TRI++001:::2'\n"
    "TBD++2:0:701'\n"
    "UNT+23+1'\n"
    "UNZ+1+PG151'\n";

static const char four[] =
    "UNB+IATA:1+XA+BORDER+261124:1900+PG2'\n"
    "UNH+A1+PNRGOV:13:1:IA'\n"
    "MSG+:22'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+1'\n"
    "SRC'\n"
    "RCI+XA:GOOD01'\n"
    "TIF+GOOD+ONE:A:1'\n"
    "UNT+8+A1'\n"
    "UNH+A2+PNRGOV:13:1:IA'\n"
    "MSG+:22'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+1'\n"
    "SRC'\n"
    "RCI+XA:BAD002'\n"
    "TIF++NONAME:A:1'\n"
    "UNT+8+A2'\n"
    "UNH+A3+PNRGOV:13:1:IA'\n"
    "MSG+:22'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+1'\n"
    "SRC'\n"
    "RCI+XA:BAD003'\n"
    "TIF+DATE+BAD:A:1'\n"
    "SSR+DOCS:HK:1:XA:::::/P/DEU/C01X00T47/DEU/31FEB80/M/01JAN30/DATE/BAD+::1'\n"
    "UNT+9+A3'\n"
    "UNH+A4+PNRGOV:13:1:IA'\n"
    "MSG+:22'\n"
    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'\n"
    "EQN+1'\n"
    "SRC'\n"
    "RCI+XA:GOOD04'\n"
    "TIF+GOOD+FOUR:A:1'\n"
    "UNT+8+A4'\n"
    "UNZ+4+PG2'\n";


static void
test_v10_1_full_push(void **state)
{
	struct model *m = parse_ok(v10_1);
	const struct manifest *mf = only_manifest(m, "10.1");
	const struct pnr *r;
	const struct person *p;

	(void)state;
	assert_string_equal(m->sender, "XA");
	assert_string_equal(m->interchange_ref, "PG101");
	assert_string_equal(mf->sender, "XA");
	assert_int_equal(mf->offset, (long)(strstr(v10_1, "UNH") - v10_1));
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	/* The same flight as PAXLST's TDT+20+XA401: the same arrival. */
	check_leg(mf, "XA", "XA401", "FRA", "JFK", "2026-11-25T08:20",
	    "2026-11-25T11:05");
	assert_int_equal(mf->npnrs, 2);
	r = &mf->pnrs[0];
	assert_int_equal(r->offset, (long)(strstr(v10_1, "SRC") - v10_1));
	check_pnr(r, "ABC123", "XA", "2026-10-01T14:12", "2026-10-02T10:15",
	    "12345675 FRAXA0100 FRA");
	assert_string_equal(r->split_from, "ABC124");
	assert_int_equal(r->ncontacts, 4);
	check_contact(&r->contacts[0], CONTACT_PHONE, "4969123456", NULL, "ADD");
	check_contact(&r->contacts[1], CONTACT_ADDRESS,
	    "KAISERSTRASSE 1, FRANKFURT, HE, 60311", "DE", "ADD");
	check_contact(&r->contacts[3], CONTACT_PHONE, "48221234567", NULL,
	    "IFT sponsor");
	assert_int_equal(r->npayments, 1);
	check_payment(&r->payments[0], "CC", "VI", "XXXXXXXXXXXX1111",
	    "ANNA NOWAK", "EUR 412.50");
	assert_int_equal(r->nitinerary, 2);
	check_segment(&r->itinerary[1], "XA402", "JFK", "FRA",
	    "2026-11-30T23:00", "2026-12-01T12:15", "Y", "HK");
	p = check_person(mf, 0, 0, "NOWAK", "PIOTR", "1");
	assert_int_equal(p->offset, (long)(strstr(v10_1, "TIF") - v10_1));
	assert_string_equal(p->middle, "JAN");
	check_identity(p, "1981-02-09", "M", "POL");
	check_doc(&p->docs[0], "P", "EA1234567", "POL", "2031-05-30");
	/* Booked 012C, checked in at 12D. */
	check_travel(p, "12D", "1 PC 23 KG", "2202123456789", "EUR 412.50",
	    "XA 998877665");
	p = check_person(mf, 1, 1, "ROSSI", "MARIA", "1");
	check_travel(p, NULL, NULL, NULL, NULL, NULL);
	check_pnr(&mf->pnrs[1], "DEF456", "XA", "2026-10-15T08:00", NULL,
	    "XA FRA");
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nerrors, 0);
	model_free(m);
}

static void
test_v11_1_update_push_and_infant(void **state)
{
	struct model *m = parse_ok(v11_1);
	const struct manifest *mf = only_manifest(m, "11.1");
	const struct person *p;

	(void)state;
	assert_string_equal(mf->message_ref, "PG111");
	/* MSG+:141: only the PNRs that changed. */
	assert_string_equal(mf->document_code, "141");
	assert_int_equal(mf->action, MANIFEST_CHANGE);
	assert_int_equal(mf->npnrs, 2);
	check_pnr(&mf->pnrs[0], "GHI789", "XA", "2026-11-05T11:30", NULL,
	    "XA WAW");
	/* A cancelled PNR: SRC, RCI, an empty ORG, nobody. */
	assert_string_equal(mf->pnrs[1].locator, "JKL012");
	assert_null(mf->pnrs[1].agency);
	assert_int_equal(mf->npeople, 2);
	p = check_person(mf, 0, 0, "KOWALSKA", "EWA", "2.1");
	assert_int_equal(p->infant, 0);
	check_doc(&p->docs[0], "P", "EB7654321", "POL", "2030-01-01");
	p = check_person(mf, 1, 0, "KOWALSKI", "JAN", "2.1I");
	assert_int_equal(p->infant, 1);
	assert_int_equal(p->adult, 0);
	check_identity(p, "2025-03-15", "M", "POL");
	assert_int_equal(p->ndocs, 1);
	check_doc(&p->docs[0], "P", "EC1111111", "POL", "2030-03-15");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_v12_1_codeshare_and_documents(void **state)
{
	struct model *m = parse_ok(v12_1);
	const struct manifest *mf = only_manifest(m, "12.1");
	const struct segment *g;
	const struct person *p;

	(void)state;
	assert_null(mf->pnrs[0].split_from);
	check_pnr(&mf->pnrs[0], "MNO345", "YB", "2026-10-10T09:00", NULL,
	    "87654321 MUCYB2100 MUC");
	g = &mf->pnrs[0].itinerary[0];
	assert_string_equal(g->carrier, "YB");
	assert_string_equal(g->operating_carrier, "XA");
	assert_string_equal(g->operating_flight, "XA401");
	check_segment(g, "YB7401", "FRA", "JFK", "2026-11-25T08:20",
	    "2026-11-25T11:05", "Y", "HK");
	/* CHIDIMR in the TIF, CHIDI in the passport: MR was a title. */
	p = check_person(mf, 0, 0, "OKAFOR", "CHIDI", "1");
	check_identity(p, "1988-12-12", "M", "NGA");
	assert_string_equal(p->residence, "NGA");	/* DOCA R */
	assert_string_equal(p->birth_place, "LAGOS NGA");	/* DOCO */
	assert_int_equal(p->ndocs, 2);
	check_doc(&p->docs[0], "P", "A01234567", "NGA", "2029-08-05");
	check_doc(&p->docs[1], "V", "US998877", "USA", NULL);
	assert_int_equal(p->ncontacts, 4);
	check_contact(&p->contacts[0], CONTACT_ADDRESS,
	    "12 MARINA ROAD, LAGOS, 101001", "NGA", "SSR DOCA");
	check_contact(&p->contacts[1], CONTACT_ADDRESS,
	    "350 FIFTH AVENUE, NEW YORK, NY, 10118", "USA", "SSR DOCA");
	check_contact(&p->contacts[2], CONTACT_PHONE, "2348031234567", NULL,
	    "SSR CTCM");
	check_contact(&p->contacts[3], CONTACT_EMAIL,
	    "CHIDI.OKAFOR@EXAMPLE.COM", NULL, "SSR CTCE");
	/* The seat of the marketing flight YB7401 is the seat on XA401. */
	assert_string_equal(p->seat, "31A");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_v13_1_group_and_contacts(void **state)
{
	struct model *m = parse_ok(v13_1);
	const struct manifest *mf = only_manifest(m, "13.1");
	const struct pnr *r = &mf->pnrs[0];
	const struct person *p;

	(void)state;
	check_pnr(r, "STU901", "XA", "2026-09-20T10:15", NULL, "XA FRA");
	assert_string_equal(r->split_from, "XYZ999");	/* SPL */
	assert_string_equal(r->bags, "3 PC EXCESS EUR 150.00");
	assert_int_equal(r->ncontacts, 2);
	check_contact(&r->contacts[0], CONTACT_PHONE, "FRA 069 1234 5678",
	    NULL, "IFT CTCP");
	check_contact(&r->contacts[1], CONTACT_EMAIL, "GROUP.LEAD@EXAMPLE.ORG",
	    NULL, "ADD");
	/* TIF+ALPINE CLUB:G names the group, not a traveller. */
	assert_int_equal(mf->npeople, 2);
	p = check_person(mf, 0, 0, "MEIER", "ANNA", "1");
	assert_int_equal(p->ncontacts, 1);
	check_contact(&p->contacts[0], CONTACT_EMAIL, "ANNA_MEIER@EXAMPLE.DE",
	    NULL, "IFT CTCE");
	p = check_person(mf, 1, 0, "MEIER", "LUKAS", "2");
	assert_int_equal(p->infant, 0);		/* C: a child in a seat */
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_v14_1_separators_and_history(void **state)
{
	struct model *m = parse_ok(v14_1);
	const struct manifest *mf = only_manifest(m, "14.1");
	const struct pnr *r = &mf->pnrs[0];
	const struct person *p;

	(void)state;
	/* Neither the hotel (MSG 8) nor the history's flight. */
	assert_int_equal(r->nitinerary, 1);
	check_segment(&r->itinerary[0], "XA401", "FRA", "JFK",
	    "2026-11-25T08:20", "2026-11-25T11:05", "Y", "HK");
	/* One FOP, two payments; no MON: amounts without a currency. */
	assert_int_equal(r->npayments, 2);
	check_payment(&r->payments[0], "CA", NULL, NULL, NULL, "120.00");
	check_payment(&r->payments[1], "CC", "AX", "3782XXXXXXX0005", NULL,
	    "300.00");
	assert_int_equal(mf->npeople, 1);
	p = check_person(mf, 0, 0, "O'BRIEN", "SEAN", "1");
	check_doc(&p->docs[0], "P", "PA1234567", "IRL", "2030-01-01");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_v15_1_references(void **state)
{
	struct model *m = parse_ok(v15_1);
	const struct manifest *mf = only_manifest(m, "15.1");
	const struct person *p;

	(void)state;
	/* The first RCI composite is the PNR's; the second another system's. */
	check_pnr(&mf->pnrs[0], "YZA567", "1A", "2026-09-12T07:45",
	    "2026-09-13T11:00", "23456789 PARAF2100 PAR");
	p = check_person(mf, 0, 0, "DUBOIS", "CLAIRE", "1");
	check_identity(p, "1994-01-22", "F", "FRA");
	check_doc(&p->docs[0], "I", "X4RTBPFW4", "FRA", "2033-03-15");
	check_travel(p, "2A", NULL, NULL, NULL, "AF 1234567890");
	/* FQTV, TKNE; TRI names him by reference, TBD without weight. */
	p = check_person(mf, 1, 0, "DUBOIS", "HUGO", "2");
	check_travel(p, "2B", "2 PC", "2202987654321", NULL, "XA 5550001");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_versions_detected(void **state)
{
	static const struct {
		const char *msg, *version;
	} all[] = {
		{v10_1, "10.1"}, {v11_1, "11.1"}, {v12_1, "12.1"},
		{v13_1, "13.1"}, {v14_1, "14.1"}, {v15_1, "15.1"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		struct model *m;

		assert_true(feed_pnrgov.detect(all[i].msg, strlen(all[i].msg)));
		assert_false(feed_paxlst.detect(all[i].msg, strlen(all[i].msg)));
		m = parse_ok(all[i].msg);
		assert_string_equal(m->manifests[0].version, all[i].version);
		model_free(m);
	}
	assert_string_equal(feed_pnrgov.name, "pnrgov");
}

/* ---- what is left out, and what cannot be read at all ---- */

static void
test_bad_messages_left_out(void **state)
{
	struct model *m = parse_ok(four);
	const struct message_error *e;

	(void)state;
	/* A2 names nobody: left out. A3's one bad date is a warning, not a loss. */
	assert_int_equal(m->nmanifests, 3);
	assert_string_equal(m->manifests[0].message_ref, "A1");
	assert_string_equal(m->manifests[0].people[0].surname, "GOOD");
	assert_string_equal(m->manifests[1].message_ref, "A3");
	assert_string_equal(m->manifests[1].people[0].surname, "DATE");
	assert_null(m->manifests[1].people[0].birth_date);
	assert_string_equal(m->manifests[1].people[0].docs[0].number, "C01X00T47");
	assert_string_equal(m->manifests[2].message_ref, "A4");
	assert_string_equal(m->manifests[2].pnrs[0].locator, "GOOD04");
	assert_int_equal(m->nerrors, 1);
	e = &m->errors[0];
	assert_string_equal(e->message_ref, "A2");
	assert_string_equal(e->segment, "TIF");
	assert_int_equal(e->offset, (long)(strstr(four, "TIF++") - four));
	assert_int_equal(e->segment_no, 16);
	assert_string_equal(e->message, "TIF without a surname: no traveller"
	    " in the message can be identified");
	/* The message left out takes its warnings with it. */
	assert_int_equal(m->nwarnings, 1);
	assert_true(h_has_warning(m, "DATE BAD (segment 25 of PNR BAD003): SSR"
	    " DOCS birth date '31FEB80' is no date: left empty"));
	assert_int_equal(m->warnings[0].offset, (long)(strstr(four, "SSR+DOCS") - four));
	/* The traveller's record says so too, for the officer. */
	assert_int_equal(m->manifests[1].people[0].nnotes, 1);
	assert_string_equal(m->manifests[1].people[0].notes[0], "SSR DOCS birth"
	    " date '31FEB80' is no date: left empty");
	model_free(m);
}

/*
 * A check-in group whose TIF repeats the booking's reference, spelt
 * otherwise and before any flight: the same traveller, not a second one
 * without documents.
 */
static void
test_checkin_tif_same_traveller(void **state)
{
	static const char in[] =
	    "UNB+IATA:1+XA+BORDER+261124:1900+PG8'"
	    "UNH+C1+PNRGOV:13:1:IA'MSG+:22'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'EQN+1'"
	    "SRC'RCI+XA:DCS001'TIF+LEE+SEJOONMR:A:1'"
	    "SSR+DOCS:HK:1:XA:::::/P/KOR/M12345678/KOR/03MAR85/M/01JAN31/LEE/SEJOON'"
	    "TRI++108:::1'TIF+LEE+SE JOON:A:1'SSD+12A'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'"
	    "UNT+11+C1'UNZ+1+PG8'";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_int_equal(mf->npeople, 1);
	assert_string_equal(mf->people[0].surname, "LEE");
	assert_int_equal(mf->people[0].ndocs, 1);
	assert_string_equal(mf->people[0].birth_date, "1985-03-03");
	assert_true(h_has_warning(m, "names traveller 1 of PNR DCS001 again"));
	model_free(m);
}

/*
 * The TIF's given names with the middle name in them, and the passport's
 * middle name beside: the name once, not PIOTR JAN JAN; a middle name the
 * TIF lacks still comes from the passport.
 */
static void
test_docs_middle_name_once(void **state)
{
	static const char in[] =
	    "UNB+IATA:1+XA+BORDER+261124:1900+PGA'"
	    "UNH+D1+PNRGOV:13:1:IA'MSG+:22'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'EQN+2'"
	    "SRC'RCI+XA:MID001'TIF+NOWAK+PIOTR JAN MR:A:1'"
	    "SSR+DOCS:HK:1:XA:::::/P/POL/EA1234567/POL/09FEB81/M/30MAY31/NOWAK/PIOTR/JAN'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'"
	    "SRC'RCI+XA:MID002'TIF+NOWAK+PAULINE MRS:A:1'"
	    "SSR+DOCS:HK:1:XA:::::/P/POL/EA7654321/POL/09FEB83/F/30MAY31/NOWAK/PAULINE/PAUL'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'"
	    "UNT+13+D1'UNZ+1+PGA'";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_int_equal(mf->npeople, 2);
	assert_null(mf->people[0].middle);
	assert_non_null(strstr(mf->people[0].given, "JAN"));
	/* PAUL is no word of PAULINE: the passport's middle name stands. */
	assert_string_equal(mf->people[1].middle, "PAUL");
	model_free(m);
}

/* An impossible time in an onward flight of a PNR keeps the PNR and the flight. */
static void
test_bad_onward_time_kept(void **state)
{
	static const char in[] =
	    "UNB+IATA:1+XA+BORDER+261124:1900+PG9'"
	    "UNH+B1+PNRGOV:13:1:IA'MSG+:22'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'EQN+1'"
	    "SRC'RCI+XA:ONWARD'TIF+ONWARD+ANNA:A:1'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'"
	    "TVL+261126:2575:261126:0310+JFK+LAX+XA+77'"
	    "UNT+10+B1'UNZ+1+PG9'";
	struct model *m = parse_ok(in);
	const struct pnr *r;

	(void)state;
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->manifests[0].npeople, 1);
	r = &m->manifests[0].pnrs[0];
	assert_int_equal(r->nitinerary, 2);
	assert_string_equal(r->itinerary[1].arrival_port, "LAX");
	assert_null(r->itinerary[1].departure_local);
	assert_true(h_has_warning(m, "TVL (segment 10) of PNR ONWARD: TVL invalid departure time: 2575:"
	    " the flight kept without its times"));
	model_free(m);
}

/*
 * Values longer than any field, or no date, in one PNR: each segment
 * ignored or its value cut, with a warning, a note on the traveller it
 * belongs to, and every traveller kept; a TIF without a surname loses
 * only that traveller.
 */
static void
test_bad_values_keep_the_pnr(void **state)
{
	char in[8192], longtext[600];
	struct model *m;
	const struct manifest *mf;

	(void)state;
	memset(longtext, 'A', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	(void)snprintf(in, sizeof(in),
	    "UNB+IATA:1+XA+BORDER+261124:1900+PGL'"
	    "UNH+L1+PNRGOV:13:1:IA'MSG+:22'"
	    "TVL+251126:0820:251126:1105+FRA+JFK+XA+401'EQN+1'"
	    "SRC'RCI+XA:LONG01::991399'"
	    "ORG+XA:FRA+12345678:%s+FRA'"
	    "ADD++700:%s:BERLIN::::10115'"
	    "TIF+LONG+%sMR:A:1'"
	    "EBD+%s:40.00+4::N'"
	    "TIF++NOBODY:A:2'"
	    "TIF+SHORT+ANNAMS:A:3'"
	    "UNT+12+L1'UNZ+1+PGL'", longtext, longtext, longtext, longtext);
	m = parse_ok(in);
	mf = &m->manifests[0];
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(mf->npeople, 2);
	assert_int_equal(mf->npnrs, 1);
	assert_null(mf->pnrs[0].created);
	assert_null(mf->pnrs[0].agency);
	assert_string_equal(mf->people[0].surname, "LONG");
	assert_int_equal(strlen(mf->people[0].given), 255);
	assert_null(mf->people[0].bags);
	assert_string_equal(mf->people[1].surname, "SHORT");
	assert_string_equal(mf->people[1].given, "ANNAMS");
	assert_int_equal(mf->people[1].nnotes, 0);
	/* The traveller's own: cut name, bags not read. */
	assert_int_equal(mf->people[0].nnotes, 2);
	assert_string_equal(mf->people[0].notes[0],
	    "given name longer than 255 bytes: cut");
	assert_non_null(strstr(mf->people[0].notes[1], "EBD too long"));
	/* The PNR's: warnings only. */
	assert_true(h_has_warning(m, "RCI (segment 7) of PNR LONG01: RCI"
	    " invalid creation date: 991399: ignored, the rest of the PNR"
	    " kept"));
	assert_true(h_has_warning(m, "ORG (segment 8) of PNR LONG01: ORG"
	    " agency too long"));
	assert_true(h_has_warning(m, "ADD (segment 9) of PNR LONG01: address"
	    " too long"));
	assert_true(h_has_warning(m, "TIF (segment 12) of PNR LONG01 without a"
	    " surname (given name NOBODY): that traveller left out"));
	model_free(m);
}

static void
check_error(const char *in, enum vb_errcode code, const char *segment,
    long offset, int segment_no, const char *message)
{
	struct vb_error err;

	assert_true(h_parse_fails(&feed_pnrgov, in, strlen(in), ctx.ref_year, &err));
	assert_int_equal(err.code, code);
	assert_string_equal(err.segment, segment);
	assert_int_equal(err.offset, offset);
	assert_int_equal(err.segment_no, segment_no);
	if (strstr(err.message, message) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.message, message);
}

#define HEAD "UNB+IATA:1+XA+BORDER+261124:1900+1'UNH+1+PNRGOV:13:1:IA'" \
	"MSG+:22'"

static void
test_cannot_be_read(void **state)
{
	static const char bad_day[] = HEAD "TVL+300226:0820+FRA+JFK+XA+401'"
	    "EQN+1'SRC'RCI+XA:ABC123'UNT+7+1'UNZ+1+1'";
	static const char no_locator[] = HEAD "TVL+251126:0820+FRA+JFK+XA+401'"
	    "EQN+1'SRC'TIF+A+B:A:1'UNT+7+1'UNZ+1+1'";
	static const char cut[] = HEAD "TVL+251126:0820+FRA+JFK+XA+401'"
	    "EQN+1'SRC'RCI+XA:ABC123'TIF+NOW";
	static const char no_unh[] = "UNB+IATA:1+XA+BORDER+261124:1900+1'"
	    "UNZ+0+1'";
	static const char paxlst[] = "UNB+UNOA:4+XA+BORDER+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'UNZ+1+1'";

	(void)state;
	check_error(bad_day, VB_EINVALID, "TVL",
	    (long)(strstr(bad_day, "TVL") - bad_day), 4,
	    "TVL invalid departure date: 300226");
	check_error(no_locator, VB_EINVALID, "SRC",
	    (long)(strstr(no_locator, "SRC") - no_locator), 6,
	    "PNR (SRC segment 6) without a record locator (RCI)");
	check_error(cut, VB_ESYNTAX, "TIF", (long)(strstr(cut, "TIF") - cut), 8,
	    "unterminated final segment TIF (truncated input?)");
	check_error(no_unh, VB_ESYNTAX, "", 0, 0,
	    "no message (UNH) in the interchange");
	check_error(paxlst, VB_EUNSUPPORTED, "UNH",
	    (long)(strstr(paxlst, "UNH") - paxlst), 2,
	    "message type is not PNRGOV: PAXLST");
}

/*
 * SSR free text longer than the reader's buffer (issue 9): each such SSR
 * is a warning and is ignored; the traveller and the SSRs beside it stay.
 */
static void
test_ssr_text_too_long(void **state)
{
	static const char *const codes[] = {"DOCS", "DOCA", "DOCO", "INFT"};
	char pad[601], in[4096], want[128];
	int n;
	struct model *m;
	const struct manifest *mf;
	const struct person *p;

	(void)state;
	memset(pad, 'X', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	n = snprintf(in, sizeof(in), HEAD "TVL+251126:0820+FRA+JFK+XA+401'"
	    "EQN+1'SRC'RCI+XA:ABC123'TIF+NOWAK+PIOTR:A:1'"
	    "SSR+DOCS:HK:1:XA:::::/P/POL/EX0000001/POL/09FEB81/M/30MAY31/"
	    "NOWAK/PIOTR/%s+::1'"
	    "SSR+DOCA:HK:1:XA:::::/R/POL/%s/WARSZAWA+::1'"
	    "SSR+DOCO:HK:1:XA:::::WARSZAWA/V/%s/BERLIN/01JUN26/USA+::1'"
	    "SSR+INFT:HK:1:XA:::::NOWAK/%s/15MAR25+::1'"
	    "SSR+DOCS:HK:1:XA:::::/P/POL/EA1234567/POL/09FEB81/M/30MAY31/"
	    "NOWAK/PIOTR+::1'"
	    "UNT+13+1'UNZ+1+1'", pad, pad, pad, pad);
	assert_true(n > 0 && (size_t)n < sizeof(in));
	m = parse_ok(in);
	mf = &m->manifests[0];
	assert_int_equal(mf->npeople, 1);
	p = check_person(mf, 0, 0, "NOWAK", "PIOTR", "1");
	assert_null(p->middle);
	assert_null(p->residence);
	assert_null(p->birth_place);
	assert_int_equal(p->ncontacts, 0);
	/* Only the last DOCS, which fits, gives the passport. */
	assert_int_equal(p->ndocs, 1);
	check_doc(&p->docs[0], "P", "EA1234567", "POL", "2031-05-30");
	check_identity(p, "1981-02-09", "M", "POL");
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		(void)snprintf(want, sizeof(want), "SSR %s (segment %zu): free"
		    " text longer than", codes[i], 9 + i);
		if (!h_has_warning(m, want))
			fail_msg("no warning \"%s\"", want);
	}
	assert_int_equal(m->nwarnings, 4);
	assert_int_equal(m->nerrors, 0);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_2_pnrs_basic),
		cmocka_unit_test(test_sample_3_pnrs),
		cmocka_unit_test(test_sample_adult_and_infant),
		cmocka_unit_test(test_sample_codeshare),
		cmocka_unit_test(test_sample_pnr_split),
		cmocka_unit_test(test_sample_dangling_meta_character),
		cmocka_unit_test(test_sample_multiple_flight_legs),
		cmocka_unit_test(test_sample_message_example),
		cmocka_unit_test(test_sample_seat_formats),
		cmocka_unit_test(test_sample_doco),
		cmocka_unit_test(test_sample_bad_format),
		cmocka_unit_test(test_v10_1_full_push),
		cmocka_unit_test(test_v11_1_update_push_and_infant),
		cmocka_unit_test(test_v12_1_codeshare_and_documents),
		cmocka_unit_test(test_v13_1_group_and_contacts),
		cmocka_unit_test(test_v14_1_separators_and_history),
		cmocka_unit_test(test_v15_1_references),
		cmocka_unit_test(test_versions_detected),
		cmocka_unit_test(test_bad_messages_left_out),
		cmocka_unit_test(test_docs_middle_name_once),
		cmocka_unit_test(test_bad_onward_time_kept),
		cmocka_unit_test(test_bad_values_keep_the_pnr),
		cmocka_unit_test(test_checkin_tif_same_traveller),
		cmocka_unit_test(test_cannot_be_read),
		cmocka_unit_test(test_ssr_text_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
