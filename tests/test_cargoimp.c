#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "norm/cargo_check.h"
#include "feeds/feed.h"
#include "harness.h"

/* Flight dates carry no year: they are read in this one. */
static const struct feed_ctx ctx = {2026};

/* Parses buf, detected as Cargo-IMP: the model, or NULL and err. */
static struct model *
parse_len(const char *buf, size_t len, struct vb_error *err)
{
	return h_parse(&feed_cargoimp, buf, len, ctx.ref_year, err);
}

static struct model *
parse_ok(const char *in)
{
	struct model *m;

	assert_non_null(m = h_parse_ok(&feed_cargoimp, in, strlen(in),
	    ctx.ref_year, NULL));
	return m;
}

/* tests/data/cargo/<name>, which the project wrote from the specifications. */
static struct model *
parse_file(const char *name)
{
	char path[PATH_MAX];
	struct model *m;

	(void)snprintf(path, sizeof(path), "%s/tests/data/cargo/%s", h_root(),
	    name);
	assert_non_null(m = h_parse_file(&feed_cargoimp, path, ctx.ref_year));
	return m;
}

/* NULL or the string, for fields that may be absent. */
#define assert_str_or_null(a, b) do {				\
	if ((b) == NULL)					\
		assert_null(a);					\
	else							\
		assert_string_equal((a), (b));			\
} while (0)

static void
check_party(const struct party *p, const char *name, const char *address,
    const char *city, const char *postcode, const char *country,
    const char *contact)
{
	assert_str_or_null(p->name, name);
	assert_str_or_null(p->address, address);
	assert_str_or_null(p->city, city);
	assert_str_or_null(p->postcode, postcode);
	assert_str_or_null(p->country, country);
	assert_str_or_null(p->contact, contact);
}

static void
check_goods(const struct goods *g, const char *description, const char *hs,
    const char *pieces, const char *weight, const char *volume)
{
	assert_str_or_null(g->description, description);
	assert_str_or_null(g->hs_code, hs);
	assert_str_or_null(g->pieces, pieces);
	assert_str_or_null(g->weight, weight);
	assert_str_or_null(g->volume, volume);
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
	assert_str_or_null(l->departure_local, dep);
	assert_str_or_null(l->arrival_local, arr);
	assert_int_equal(l->reporting, reporting);
}

static void
check_manifest(const struct manifest *mf, const char *version,
    const char *ref, const char *sender, const char *doc)
{
	assert_string_equal(mf->format, "cargoimp");
	assert_string_equal(mf->version, version);
	assert_string_equal(mf->message_ref, ref);
	assert_str_or_null(mf->sender, sender);
	assert_string_equal(mf->document_code, doc);
	assert_string_equal(mf->mode, "air");
	assert_int_equal(mf->role, ROLE_PASSENGER);
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_int_equal(mf->npeople, 0);
	assert_int_equal(mf->npnrs, 0);
	assert_null(mf->vessel);
}

/* ---- FWB ---- */

/* Type B envelope, CR LF, FWB/16: positional parties, two rate lines. */
static void
test_fwb_complete(void **state)
{
	struct model *m = parse_file("fwb-complete.txt");
	const struct manifest *mf;
	const struct shipment *sh;

	(void)state;
	assert_string_equal(m->sender, "MUCFMXA");
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	check_manifest(mf, "FWB/16", "020-58213643", "MUCFMXA", "FWB");
	assert_int_equal(mf->offset, 37);	/* after two CR LF lines */
	/* A waybill names no arrival. */
	assert_int_equal(mf->nlegs, 0);
	assert_int_equal(mf->nshipments, 1);
	sh = &mf->shipments[0];
	assert_int_equal(sh->offset, 45);
	assert_string_equal(sh->kind, "air_waybill");
	assert_string_equal(sh->number, "020-58213643");
	assert_true(cargo_awb_valid(sh->number));
	assert_null(sh->master);
	assert_string_equal(sh->origin, "MUC");
	assert_string_equal(sh->destination, "ORD");
	assert_null(sh->loading);
	assert_null(sh->discharge);
	assert_string_equal(sh->routing, "MUC-LH-FRA-LH-ORD");
	assert_string_equal(sh->pieces, "3");
	assert_string_equal(sh->weight, "245.5 K");
	assert_string_equal(sh->flight, "LH8362/15, LH430/15");
	/* SHP/4711: the account number is not the name. */
	check_party(&sh->shipper, "ALPENTAL MASCHINENBAU GMBH",
	    "INDUSTRIESTRASSE 14", "FREISING", "85354", "DE", "4981619900");
	check_party(&sh->consignee, "LAKESHORE PRECISION INC",
	    "2200 W FULTON ST", "CHICAGO", "60612", "US",
	    "13125550142, 13125550143");
	/* NFY/NAME: the notify party's name is on its tag line. */
	check_party(&sh->notify, "LAKESHORE LOGISTICS DEPT", "2200 W FULTON ST",
	    "CHICAGO", "60612", "US", NULL);
	/* The first rate line's second HS code is a goods line of its own. */
	assert_int_equal(sh->ngoods, 3);
	check_goods(&sh->goods[0], "CNC SPINDLE UNITS", "845931", "2",
	    "180.5 K", "1.10 MC");
	check_goods(&sh->goods[1], "CNC SPINDLE UNITS", "8466.93", NULL, NULL,
	    NULL);
	/* NG cut at a fixed width, joined as sent. */
	check_goods(&sh->goods[2], "CONTROL CABINETS WITH CABLES", "853710", "1",
	    "65 K", NULL);
	for (size_t i = 0; i < sh->ngoods; i++)
		assert_true(cargo_hs_valid(sh->goods[i].hs_code));
	assert_int_equal(sh->nequipment, 0);
	model_free(m);
}

/* FWB/17: NAM, ADR, LOC and "/" lines continuing them; a bad check digit. */
static void
test_fwb_continuation(void **state)
{
	struct model *m = parse_file("fwb-continuation.txt");
	const struct manifest *mf;
	const struct shipment *sh;

	(void)state;
	assert_null(m->sender);
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	check_manifest(mf, "FWB/17", "176-30551827", NULL, "FWB");
	assert_int_equal(mf->offset, 0);
	sh = &mf->shipments[0];
	assert_int_equal(sh->offset, 7);
	/* Kept as sent: core judges the check digit (3055182 mod 7 is 4). */
	assert_string_equal(sh->number, "176-30551827");
	assert_false(cargo_awb_valid(sh->number));
	assert_string_equal(sh->origin, "DXB");
	assert_string_equal(sh->destination, "LHR");
	assert_string_equal(sh->routing, "DXB-EK-LHR");
	assert_string_equal(sh->pieces, "12");
	assert_string_equal(sh->weight, "310 K");
	assert_string_equal(sh->flight, "EK0003/21, EK0029/22");
	check_party(&sh->shipper,
	    "GULF ORCHID TRADING AND GENERAL CONTRACTING LLC",
	    "WAREHOUSE 7 STREET 12, AL QUOZ INDUSTRIAL AREA 3", "DUBAI", "00000",
	    "AE", "97143334444");
	/* The state or province has no field. */
	check_party(&sh->consignee, "THAMES VALLEY FLORISTS LTD",
	    "UNIT 4 COLNBROOK BYPASS", "SLOUGH", "SL3 0EH", "GB", NULL);
	check_party(&sh->notify, "THAMES VALLEY FLORISTS LTD", NULL, "SLOUGH",
	    "SL3 0EH", "GB", "441753000111");
	/* NC lines joined; two codes on one NH line. */
	assert_int_equal(sh->ngoods, 2);
	check_goods(&sh->goods[0], "CONSOLIDATION AS PER ATTACHED MANIFEST",
	    "060311", "12", "310 K", "2.2 MC");
	check_goods(&sh->goods[1], "CONSOLIDATION AS PER ATTACHED MANIFEST",
	    "060312", NULL, NULL, NULL);
	model_free(m);
}

/*
 * Four messages, "="-separated: two kept, an FSU (not taken) and a FWB
 * whose waybill line has no destination left out and named.
 */
static void
test_fwb_several(void **state)
{
	struct model *m = parse_file("fwb-several.txt");
	const struct shipment *sh;

	(void)state;
	assert_int_equal(m->nmanifests, 2);
	check_manifest(&m->manifests[0], "FWB/16", "074-11882452", NULL, "FWB");
	check_manifest(&m->manifests[1], "FWB/16", "125-35709122", NULL, "FWB");
	sh = &m->manifests[0].shipments[0];
	assert_string_equal(sh->routing, "AMS-KL-JFK");
	assert_null(sh->flight);
	check_party(&sh->shipper, "DELFT INSTRUMENTS BV", "OOSTSINGEL 3",
	    "DELFT", "2612HB", "NL", NULL);
	check_party(&sh->consignee, "HUDSON LABS LLC", "40 RIVER RD",
	    "NEW YORK", "10001", "US", NULL);
	check_party(&sh->notify, NULL, NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0], "OPTICAL LENSES", "900190", "1", "12.5 K",
	    NULL);
	sh = &m->manifests[1].shipments[0];
	assert_string_equal(sh->origin, "LHR");
	check_party(&sh->shipper, "ISLINGTON BOOKS LTD", "9 UPPER ST", "LONDON",
	    "N1 0PQ", "GB", NULL);
	check_goods(&sh->goods[0], "PRINTED BOOKS", "4901.99", "2", "40 K",
	    NULL);

	assert_int_equal(m->nerrors, 2);
	/* CR LF: each line is 2 bytes longer than its text. */
	assert_null(m->errors[0].message_ref);
	assert_string_equal(m->errors[0].segment, "FSU");
	assert_int_equal(m->errors[0].segment_no, 1);
	assert_int_equal(m->errors[0].offset, 239);
	assert_string_equal(m->errors[0].message, "FSU/14 line 1: message type"
	    " FSU is not taken (FWB, FHL and FFM are)");
	assert_string_equal(m->errors[1].segment, "AWB");
	assert_int_equal(m->errors[1].segment_no, 2);
	assert_int_equal(m->errors[1].offset, 313);
	assert_non_null(strstr(m->errors[1].message, "FWB/16 line 2: not an air"
	    " waybill number, origin and destination"));
	assert_non_null(strstr(m->errors[1].message, "125-35709122AMS/T2K40"));
	model_free(m);
}

static void
test_fwb_forms(void **state)
{
	struct model *m;
	const struct shipment *sh;

	(void)state;
	/* No hyphen, a 7-digit serial: kept as sent, core says it is wrong. */
	m = parse_ok("FWB/9\n0201234567AMSJFK/T1K5\n");
	sh = &m->manifests[0].shipments[0];
	assert_string_equal(sh->number, "0201234567");
	assert_false(cargo_awb_valid(sh->number));
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(sh->ngoods, 0);
	model_free(m);

	/* Unreadable pieces and weight: a warning, the waybill kept. */
	m = parse_ok("FWB/16\n020-12345675AMSJFK/X1K5\nRTG/JFKKL\n");
	sh = &m->manifests[0].shipments[0];
	assert_string_equal(sh->number, "020-12345675");
	assert_null(sh->pieces);
	assert_null(sh->weight);
	assert_true(h_has_warning(m, "FWB/16 line 2: pieces and weight"
	    " unreadable"));
	model_free(m);

	/* Pounds, a volume in cubic feet; no rate description names one. */
	m = parse_ok("FWB/16\n020-12345675AMSJFK/T4L88.2CF12.5\n"
	    "RTD/1/P4/L88.2\n/NG/TOYS\n");
	sh = &m->manifests[0].shipments[0];
	assert_string_equal(sh->weight, "88.2 L");
	check_goods(&sh->goods[0], "TOYS", NULL, "4", "88.2 L", "12.5 CF");
	model_free(m);

	/* A line that is no Cargo-IMP line: a warning with its line number. */
	m = parse_ok("FWB/16\n020-12345675AMSJFK/T1K5\n12 BOXES\nRTG/JFKKL\n");
	assert_true(h_has_warning(m, "FWB/16 line 3: not a Cargo-IMP line:"
	    " 12 BOXES"));
	assert_string_equal(m->manifests[0].shipments[0].routing, "AMS-KL-JFK");
	model_free(m);
}

/* ---- FHL ---- */

static void
test_fhl_consolidation(void **state)
{
	struct model *m = parse_file("fhl-consolidation.txt");
	const struct manifest *mf;
	const struct shipment *sh;

	(void)state;
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	check_manifest(mf, "FHL/4", "057-61204570", NULL, "FHL");
	assert_int_equal(mf->nlegs, 0);
	assert_int_equal(mf->nshipments, 3);
	for (size_t i = 0; i < 3; i++) {
		sh = &mf->shipments[i];
		assert_string_equal(sh->kind, "house_waybill");
		assert_string_equal(sh->master, "057-61204570");
		assert_string_equal(sh->origin, "CDG");
		assert_null(sh->routing);
		assert_null(sh->flight);
		assert_null(sh->loading);
		assert_int_equal(sh->nequipment, 0);
		check_party(&sh->notify, NULL, NULL, NULL, NULL, NULL, NULL);
	}
	assert_true(cargo_awb_valid(mf->shipments[0].master));

	sh = &mf->shipments[0];
	assert_int_equal(sh->offset, 39);
	assert_string_equal(sh->number, "CDG5501234");
	assert_string_equal(sh->destination, "YUL");
	assert_string_equal(sh->pieces, "5");
	assert_string_equal(sh->weight, "210.4 K");
	check_party(&sh->shipper, "MAISON ROSELIERE SARL",
	    "12 RUE DES PARFUMEURS", "GRASSE", "06130", "FR", "33493000000");
	check_party(&sh->consignee, "BOUTIQUE LAURENTIDES INC",
	    "455 RUE SAINTE-CATHERINE O", "MONTREAL", "H3B 1A8", "CA", NULL);
	/* TXT (continued, its word kept) over the HBS description it begins with; two HTS lines. */
	assert_int_equal(sh->ngoods, 2);
	check_goods(&sh->goods[0], "PERFUME SAMPLES AND COSMETIC TESTERS NOT FOR"
	    " SALE", "330300", "5", "210.4 K", NULL);
	check_goods(&sh->goods[1], "PERFUME SAMPLES AND COSMETIC TESTERS NOT FOR"
	    " SALE", "330499", NULL, NULL, NULL);

	sh = &mf->shipments[1];
	assert_string_equal(sh->number, "CDG5501235");
	assert_string_equal(sh->destination, "YUL");
	assert_string_equal(sh->pieces, "8");
	assert_string_equal(sh->weight, "300 K");
	/* The OCI lines between do not disturb the parties. */
	check_party(&sh->shipper, "ATELIERS MECANIQUES DU RHONE", "ZI DES ILES",
	    "LYON", "69007", "FR", NULL);
	check_party(&sh->consignee, "GARAGE BOREAL LTEE", "88 BOUL INDUSTRIEL",
	    "LAVAL", "H7L 4S3", "CA", NULL);
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0], "AUTO PARTS", "8708.99", "8", "300 K", NULL);

	/* No SLAC field, no TXT, no parties. */
	sh = &mf->shipments[2];
	assert_string_equal(sh->number, "CDG5501236");
	assert_string_equal(sh->destination, "YYZ");
	assert_string_equal(sh->pieces, "1");
	assert_string_equal(sh->weight, "10 K");
	check_party(&sh->shipper, NULL, NULL, NULL, NULL, NULL, NULL);
	check_party(&sh->consignee, NULL, NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0], "DOCUMENTS", NULL, "1", "10 K", NULL);
	model_free(m);
}

static void
test_fhl_bad(void **state)
{
	struct vb_error err;
	const char *in;
	struct model *m;

	(void)state;
	/* No MBI line: the only message is left out, so is the file. */
	in = "FHL/4\nHBS/H1/CDGYUL/1/K10/DOCS\n";
	assert_null(parse_len(in, strlen(in), &err));
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(err.segment_no, 2);
	assert_int_equal(err.offset, 6);
	assert_string_equal(err.segment, "HBS");
	assert_non_null(strstr(err.message, "FHL/4 line 2: no master waybill"));

	/* A house without weight leaves its message out, not the others. */
	m = parse_ok("FHL/4\nMBI/057-61204570CDGYUL/T2K20\n"
	    "HBS/H1/CDGYUL/1/K10/DOCS\nHBS/H2/CDGYUL/1/KG/DOCS\n"
	    "FHL/4\nMBI/057-61204570CDGYUL/T2K20\nHBS/H3/CDGYUL/2/K20/DOCS\n");
	assert_int_equal(m->nmanifests, 1);
	assert_string_equal(m->manifests[0].shipments[0].number, "H3");
	assert_int_equal(m->nerrors, 1);
	assert_int_equal(m->errors[0].segment_no, 4);
	assert_string_equal(m->errors[0].segment, "HBS");
	assert_non_null(strstr(m->errors[0].message, "FHL/4 line 4: not a house"
	    " waybill line"));
	model_free(m);

	/* Text before the first house has nothing to belong to. */
	m = parse_ok("FHL/4\nMBI/057-61204570CDGYUL/T2K20\nTXT/LOOSE\n"
	    "HBS/H1/CDGYUL/1/K10/DOCS\n");
	assert_true(h_has_warning(m, "FHL/4 line 3: TXT before the first house"));
	check_goods(&m->manifests[0].shipments[0].goods[0], "DOCS", NULL, "1",
	    "10 K", NULL);
	model_free(m);
}

/*
 * A master without any house (issue 9): the warning names the MBI line,
 * not a line past the message's end, also when another message follows.
 */
static void
test_fhl_no_house(void **state)
{
	static const char one[] = "FHL/4\nMBI/057-61204570CDGYUL/T2K20\n";
	static const char two[] = "FHL/4\nMBI/057-61204570CDGYUL/T2K20\n"
	    "FWB/16\n020-12345675AMSJFK/T1K5\n";
	const char *const in[] = {one, two};
	struct model *m;

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		m = parse_ok(in[i]);
		assert_int_equal(m->nwarnings, 1);
		assert_string_equal(m->warnings[0].message, "FHL/4 line 2: no"
		    " house waybill (HBS) under 057-61204570");
		assert_int_equal(m->warnings[0].offset, 6);
		assert_int_equal(m->manifests[0].nshipments, 0);
		model_free(m);
	}
}

/* ---- FFM ---- */

static void
check_consignment(const struct shipment *sh, const char *number,
    const char *origin, const char *destination, const char *discharge,
    const char *pieces, const char *weight, const char *volume,
    const char *description, const char *uld)
{
	assert_string_equal(sh->kind, "air_waybill");
	assert_string_equal(sh->number, number);
	assert_null(sh->master);
	assert_string_equal(sh->origin, origin);
	assert_string_equal(sh->destination, destination);
	assert_string_equal(sh->loading, "CDG");
	assert_string_equal(sh->discharge, discharge);
	assert_string_equal(sh->flight, "AC0881/15MAR");
	assert_null(sh->routing);
	assert_string_equal(sh->pieces, pieces);
	assert_string_equal(sh->weight, weight);
	check_party(&sh->shipper, NULL, NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0], description, NULL, pieces, weight, volume);
	if (uld == NULL) {
		assert_int_equal(sh->nequipment, 0);
		return;
	}
	assert_int_equal(sh->nequipment, 1);
	assert_string_equal(sh->equipment[0].kind, "uld");
	assert_string_equal(sh->equipment[0].id, uld);
	assert_null(sh->equipment[0].seals);
	assert_true(cargo_uld_valid(uld));
}

/* Two points of unloading, bulk cargo then two ULDs, FFM/8 times. */
static void
test_ffm_two_points(void **state)
{
	struct model *m = parse_file("ffm-two-points.txt");
	const struct manifest *mf;

	(void)state;
	assert_string_equal(m->sender, "CDGFMAC");
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	check_manifest(mf, "FFM/8", "AC0881/15MAR/CDG", "CDGFMAC", "FFM");
	assert_int_equal(mf->offset, 37);
	assert_int_equal(mf->nlegs, 2);
	check_leg(&mf->legs[0], "AC", "AC881", "CDG", "YUL", "2026-03-15T13:50",
	    "2026-03-15T15:20", 0);
	/* YUL's scheduled departure is the next leg's. */
	check_leg(&mf->legs[1], "AC", "AC881", "YUL", "YYZ", "2026-03-15T17:10",
	    "2026-03-15T18:35", 1);
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[1]);
	assert_int_equal(mf->nshipments, 5);
	/* Bulk, before any ULD: the FHL's master. */
	check_consignment(&mf->shipments[0], "057-61204570", "CDG", "YUL", "YUL",
	    "14", "520.4 K", "3.1 MC", "CONSOLIDATION", NULL);
	assert_int_equal(mf->shipments[0].offset, 100);
	check_consignment(&mf->shipments[1], "014-22688315", "CDG", "YUL", "YUL",
	    "2", "35 K", "0.2 MC", "MACHINE PARTS", "AKE12345AC");
	/* A part of a consignment (P3 of T5) loaded elsewhere (FRA). */
	check_consignment(&mf->shipments[2], "020-77331903", "FRA", "YUL", "YUL",
	    "3", "60 K", NULL, "SPARE PARTS", "AKE12345AC");
	/* The next point of unloading ends the ULD before it. */
	check_consignment(&mf->shipments[3], "014-44188023", "CDG", "YYZ", "YYZ",
	    "40", "880.5 K", "5.4 MC", "GARMENTS", "PMC54321AC");
	check_consignment(&mf->shipments[4], "081-90215764", "CDG", "YYZ", "YYZ",
	    "1", "4.2 K", NULL, "DOCUMENTS", "PMC54321AC");
	for (size_t i = 0; i < mf->nshipments; i++)
		assert_true(cargo_awb_valid(mf->shipments[i].number));
	model_free(m);
}

/* Two parts (CONT, LAST) of one flight: one manifest, one leg. */
static void
test_ffm_parts(void **state)
{
	struct model *m = parse_file("ffm-parts.txt");
	const struct manifest *mf;

	(void)state;
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	check_manifest(mf, "FFM/4", "UA0986/02JAN/FRA", NULL, "FFM");
	assert_int_equal(mf->nlegs, 1);
	/* Only a date sent: 00:00 of it; no arrival time in FFM/4. */
	check_leg(&mf->legs[0], "UA", "UA986", "FRA", "IAD", "2026-01-02T00:00",
	    NULL, 1);
	assert_int_equal(mf->nshipments, 2);
	assert_string_equal(mf->shipments[0].number, "016-88461203");
	assert_string_equal(mf->shipments[0].equipment[0].id, "AKE20001UA");
	assert_string_equal(mf->shipments[0].flight, "UA0986/02JAN");
	assert_string_equal(mf->shipments[1].number, "016-24600170");
	assert_string_equal(mf->shipments[1].discharge, "IAD");
	assert_string_equal(mf->shipments[1].equipment[0].id, "AKE20002UA");
	check_goods(&mf->shipments[1].goods[0], "WATCHES", NULL, "1", "8.5 K",
	    NULL);
	model_free(m);
}

static void
test_ffm_forms(void **state)
{
	struct model *m;
	const struct manifest *mf;

	(void)state;
	/*
	 * FFM/4 has no times on its points: the later leg takes the flight's
	 * date, and says so; NIL: nothing for that point. BULK ends a ULD.
	 */
	m = parse_ok("FFM/4\n1/KL0643/30DEC2150/AMS/PHBVA\nJFK/NIL\n"
	    "ULD/PMC10001KL\nULD/BULK\nMEX\n"
	    "074-11882452AMSMEX/S2K10T4/PARTS/GEN\n/MEX KL 686/31DEC\n"
	    "LAST\nTRAILING NOTE\n");
	mf = &m->manifests[0];
	assert_int_equal(mf->nlegs, 2);
	check_leg(&mf->legs[0], "KL", "KL643", "AMS", "JFK", "2026-12-30T21:50",
	    NULL, 0);
	check_leg(&mf->legs[1], "KL", "KL643", "JFK", "MEX", "2026-12-30T00:00",
	    NULL, 1);
	assert_true(h_has_warning(m, "FFM/4 line 6: no scheduled time for the leg"
	    " JFK to MEX"));
	assert_int_equal(mf->nshipments, 1);
	assert_string_equal(mf->shipments[0].discharge, "MEX");
	assert_string_equal(mf->shipments[0].pieces, "2");
	assert_int_equal(mf->shipments[0].nequipment, 0);
	/* After LAST, text belongs to no message. */
	assert_true(h_has_warning(m, "line 10: text outside a message ignored:"
	    " TRAILING NOTE"));
	model_free(m);

	/* Arrival in the new year: the year after the flight's. */
	m = parse_ok("FFM/8\n1/NZ0001/31DEC2300/LAX/ZKNZE\n"
	    "AKL//02JAN0630\n618-99999992LAXAKL/T1K1/DOCS\nLAST\n");
	check_leg(&m->manifests[0].legs[0], "NZ", "NZ1", "LAX", "AKL",
	    "2026-12-31T23:00", "2027-01-02T06:30", 1);
	model_free(m);
}

static void
test_ffm_bad(void **state)
{
	struct vb_error err;
	const char *in;
	struct model *m;

	(void)state;
	/* No such day: the flight line is unreadable. */
	in = "FFM/8\n1/AC0881/31FEB/CDG\nYUL\n";
	assert_null(parse_len(in, strlen(in), &err));
	assert_int_equal(err.segment_no, 2);
	assert_int_equal(err.offset, 6);
	assert_non_null(strstr(err.message, "FFM/8 line 2: no flight line"));

	/* A consignment with no point of unloading before it. */
	in = "FFM/8\n1/AC0881/15MAR/CDG\n057-61204570CDGYUL/T1K1/X\nYUL\n";
	assert_null(parse_len(in, strlen(in), &err));
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(err.segment_no, 3);
	assert_int_equal(err.offset, 25);
	assert_string_equal(err.segment, "AWB");
	assert_string_equal(err.message, "FFM/8 line 3: air waybill before any"
	    " point of unloading");

	/* One unreadable consignment leaves its message out, named. */
	m = parse_ok("FFM/8\n1/AC0881/15MAR/CDG\nYUL\n057-6120457CDG/T1K1/X\n"
	    "LAST\nFFM/8\n1/AC0883/15MAR/CDG\nYUL\n057-61204570CDGYUL/T1K1/X\n"
	    "LAST\n");
	assert_int_equal(m->nmanifests, 1);
	assert_string_equal(m->manifests[0].message_ref, "AC0883/15MAR/CDG");
	assert_int_equal(m->nerrors, 1);
	assert_string_equal(m->errors[0].message_ref, "AC0881/15MAR/CDG");
	assert_int_equal(m->errors[0].segment_no, 4);
	assert_int_equal(m->errors[0].offset, 29);
	model_free(m);

	/* No point of unloading at all. */
	in = "FFM/8\n1/AC0881/15MAR/CDG\nLAST\n";
	assert_null(parse_len(in, strlen(in), &err));
	assert_non_null(strstr(err.message, "no point of unloading"));
}

/*
 * A point of unloading indented by blanks (issue 9): its code is the code
 * after the blanks, never the blanks, and a later point compares with it.
 */
static void
test_ffm_indented_point(void **state)
{
	struct model *m;
	const struct manifest *mf;

	(void)state;
	m = parse_ok("FFM/8\n1/AC0881/15MAR/CDG\n   YUL/15MAR1800\n"
	    "057-61204570CDGYUL/T1K1/X\n\tYYZ/15MAR2100\n"
	    "057-61204581CDGYYZ/T2K4/Y\n   YYZ\nLAST\n");
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_int_equal(mf->nlegs, 2);
	check_leg(&mf->legs[0], "AC", "AC881", "CDG", "YUL",
	    "2026-03-15T00:00", "2026-03-15T18:00", 0);
	check_leg(&mf->legs[1], "AC", "AC881", "YUL", "YYZ", NULL,
	    "2026-03-15T21:00", 1);
	assert_int_equal(mf->nshipments, 2);
	assert_string_equal(mf->shipments[0].discharge, "YUL");
	assert_string_equal(mf->shipments[1].discharge, "YYZ");
	model_free(m);
}

/* ---- detection and the envelope ---- */

static void
test_detect(void **state)
{
	static const char *const yes[] = {
		"FWB/16\n020-12345675AMSJFK/T1K5\n",
		"\n\n  \nFHL/4\nMBI/057-61204570CDGYUL/T2K20\n",
		"QK AMSFMKL\n.AMSFMXX 120800\nFFM/8\n1/KL0643/30DEC/AMS\n",
		"\x01QD AMSFMKL JFKFMKL\r\r\n.AMSFMXX 120800/ABC\r\r\n\x02"
		    "FWB/17\r\r\n",
		/* A SITA envelope: anything up to the message. */
		"=HEADER\nRCV,2026/03/12 08:00\n=PRIORITY\nQK\n=TEXT\nFWB/16\n",
	};
	static const char *const no[] = {
		"UNA:+.? 'UNB+UNOA:4+AIR1+USCBP+070218:1545+000006640'",
		"{\"manifests\": []}",
		"FSU/14\n074-11882452AMSJFK/T1K12.5\n",
		"HELLO\nFWB/16\n",
		"FWB\n020-12345675AMSJFK/T1K5\n",
		"FWB/16X\n",
		"",
	};
	struct vb_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!feed_cargoimp.detect(yes[i], strlen(yes[i])))
			fail_msg("not detected: case %zu", i);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		if (feed_cargoimp.detect(no[i], strlen(no[i])))
			fail_msg("detected: case %zu", i);
		assert_ptr_not_equal(feed_detect(no[i], strlen(no[i]), &err),
		    &feed_cargoimp);
	}
}

/* CR CR LF and SOH/STX/ETX of a Type B message; the originator is the sender. */
static void
test_envelope(void **state)
{
	static const char in[] = "\x01QD AMSFMKL JFKFMKL\r\r\n"
	    ".AMSFMXX 120800/ABC\r\r\n\x02" "FWB/16\r\r\n"
	    "074-11882452AMSJFK/T1K12.5\r\r\n\x03"
	    "\x01QD JFKFMKL\r\r\n.LHRFMBA 120900\r\r\n\x02" "FWB/16\r\r\n"
	    "125-35709122LHRJFK/T2K40\r\r\n\x03";
	struct model *m = parse_ok(in);

	(void)state;
	assert_string_equal(m->sender, "AMSFMXX");
	assert_int_equal(m->nmanifests, 2);
	assert_string_equal(m->manifests[0].sender, "AMSFMXX");
	assert_int_equal(m->manifests[0].offset, 45);
	assert_int_equal(m->manifests[0].shipments[0].offset, 54);
	assert_string_equal(m->manifests[0].shipments[0].weight, "12.5 K");
	assert_string_equal(m->manifests[1].sender, "LHRFMBA");
	assert_string_equal(m->manifests[1].shipments[0].number, "125-35709122");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_nothing_readable(void **state)
{
	struct vb_error err;
	const char *in;

	(void)state;
	in = "FWB/16\nNOT A WAYBILL\n";
	assert_null(parse_len(in, strlen(in), &err));
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(err.offset, 7);
	assert_int_equal(err.segment_no, 2);
	assert_string_equal(err.segment, "AWB");
	assert_string_equal(err.message, "FWB/16 line 2: not an air waybill"
	    " number, origin and destination (020-12345675FRAJFK/T3K120.5):"
	    " NOT A WAYBILL");

	in = "FWB/16\n\n";
	assert_null(parse_len(in, strlen(in), &err));
	assert_string_equal(err.message, "FWB/16 line 1: no air waybill line"
	    " after the header");
	assert_int_equal(err.offset, 0);

	/* The first message is ours, the only other one is not taken. */
	in = "FWB/16\nXX\nFZB/3\n020-12345675AMSJFK/T1K5\n";
	assert_null(parse_len(in, strlen(in), &err));
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(err.segment_no, 2);
}

/*
 * Descriptions on several lines keep their word boundaries: a line shorter
 * than its width ended at a word (RESTRICTED + NOT), one that filled it may
 * end inside one and is joined as sent. An FHL's TXT that says more than
 * its HBS description is added to it, not put in its place.
 */
static void
test_description_lines(void **state)
{
	static const char fwb[] = "FWB/16\n"
	    "020-58213643MUCORD/T3K245.5\n"
	    "RTD/1/P3/K245.5/CQ/W245.5/R3.10/T760.05\n"
	    "/NG/DUAL USE GOODS\n"
	    "/2/NG/RESTRICTED\n"
	    "/3/NG/NOT FOR RE-EXPORT\n";
	static const char fhl[] = "FHL/4\n"
	    "MBI/057-61204570CDGYUL/T14K520.4\n"
	    "HBS/CDG5501234/CDGYUL/5/K210.4/5/ELECTRONICS\n"
	    "TXT/LAPTOPS AND TABLETS WITH\n"
	    "/LITHIUM BATTERIES\n";
	struct model *m = parse_ok(fwb);

	(void)state;
	assert_string_equal(m->manifests[0].shipments[0].goods[0].description,
	    "DUAL USE GOODS RESTRICTED NOT FOR RE-EXPORT");
	model_free(m);
	m = parse_ok(fhl);
	assert_string_equal(m->manifests[0].shipments[0].goods[0].description,
	    "ELECTRONICS; LAPTOPS AND TABLETS WITH LITHIUM BATTERIES");
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_description_lines),
		cmocka_unit_test(test_fwb_complete),
		cmocka_unit_test(test_fwb_continuation),
		cmocka_unit_test(test_fwb_several),
		cmocka_unit_test(test_fwb_forms),
		cmocka_unit_test(test_fhl_consolidation),
		cmocka_unit_test(test_fhl_bad),
		cmocka_unit_test(test_fhl_no_house),
		cmocka_unit_test(test_ffm_two_points),
		cmocka_unit_test(test_ffm_parts),
		cmocka_unit_test(test_ffm_forms),
		cmocka_unit_test(test_ffm_bad),
		cmocka_unit_test(test_ffm_indented_point),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_nothing_readable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
