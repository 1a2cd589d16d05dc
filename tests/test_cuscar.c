#include <dirent.h>
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

/* Two-digit years in the messages below are resolved against this. */
static const struct feed_ctx ctx = {2026};

/* Parses buf, which must be CUSCAR by detection; the model, or NULL and err. */
static struct model *
parse_len(const char *buf, size_t len, struct vb_error *err)
{
	return h_parse(&feed_cuscar, buf, len, ctx.ref_year, err);
}

static struct model *
parse_ok_len(const char *buf, size_t len)
{
	struct model *m;

	assert_non_null(m = h_parse_ok(&feed_cuscar, buf, len, ctx.ref_year,
	    NULL));
	return m;
}

static struct model *
parse_ok(const char *in)
{
	return parse_ok_len(in, strlen(in));
}

/* The project's own tests/data/cargo/<name>, its bytes left in *buf. */
static struct model *
parse_file(const char *name, char **buf)
{
	char path[PATH_MAX];
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/tests/data/cargo/%s", h_root(), name);
	assert_non_null(*buf = h_read(path, &len));
	return parse_ok_len(*buf, len);
}

/*
 * An interchange of the given message bodies (segments with their
 * terminators, UNH and UNT left out): each gets its UNH (CUSCAR D95B,
 * reference M1, M2, ...) and a UNT with the right count. Malloc'ed.
 */
static char *
interchange(const char *first, ...)
{
	static const char head[] =
	    "UNB+UNOC:3+SENDER+DECUSTOMS+260301:0930+IC1'";
	char *out;
	size_t sz = sizeof(head) + 16, n = 0;
	const char *body;
	va_list ap;

	va_start(ap, first);
	for (body = first; body != NULL; body = va_arg(ap, const char *))
		sz += strlen(body) + 64;
	va_end(ap);
	assert_non_null(out = malloc(sz));
	strlcpy(out, head, sz);
	va_start(ap, first);
	for (body = first; body != NULL; body = va_arg(ap, const char *)) {
		char unh[64], unt[64];
		int segs = 2;

		/* Segments: terminators not released. */
		for (const char *p = body; *p != '\0'; p++)
			if (*p == '\'' && (p == body || p[-1] != '?'))
				segs++;
		n++;
		snprintf(unh, sizeof(unh), "UNH+M%zu+CUSCAR:D:95B:UN'", n);
		snprintf(unt, sizeof(unt), "UNT+%d+M%zu'", segs, n);
		strlcat(out, unh, sz);
		strlcat(out, body, sz);
		strlcat(out, unt, sz);
	}
	va_end(ap);
	snprintf(out + strlen(out), sz - strlen(out), "UNZ+%zu+IC1'", n);
	return out;
}

/* A conveyance every inline message below may start with. */
#define VOYAGE "BGM+85+R1+9'TDT+20+V1+1++CAR+++9321483:146:11:OCEAN PEARL'" \
	"LOC+5+NLRTM:139:6'LOC+60+GBFXT:139:6'DTM+132:202604101200:203'"

static void
check_str(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

static void
check_leg(const struct leg *l, const char *carrier, const char *id,
    const char *from, const char *to, const char *dep, const char *arr,
    int reporting)
{
	check_str(l->carrier, carrier);
	check_str(l->transport_id, id);
	check_str(l->departure_port, from);
	check_str(l->arrival_port, to);
	check_str(l->departure_local, dep);
	check_str(l->arrival_local, arr);
	assert_int_equal(l->reporting, reporting);
}

static void
check_party(const struct party *p, const char *name, const char *address,
    const char *city, const char *postcode, const char *country,
    const char *contact)
{
	check_str(p->name, name);
	check_str(p->address, address);
	check_str(p->city, city);
	check_str(p->postcode, postcode);
	check_str(p->country, country);
	check_str(p->contact, contact);
}

static void
check_goods(const struct goods *g, const char *description, const char *hs,
    const char *pieces, const char *weight, const char *volume)
{
	check_str(g->description, description);
	check_str(g->hs_code, hs);
	check_str(g->pieces, pieces);
	check_str(g->weight, weight);
	check_str(g->volume, volume);
}

static void
check_equipment(const struct equipment *q, const char *id, const char *kind,
    const char *seals)
{
	check_str(q->id, id);
	check_str(q->kind, kind);
	check_str(q->seals, seals);
}

/* The shipment's kind, numbers and places. */
static void
check_bill(const struct shipment *sh, const char *kind, const char *number,
    const char *master, const char *origin, const char *loading,
    const char *discharge, const char *destination, const char *routing)
{
	check_str(sh->kind, kind);
	check_str(sh->number, number);
	check_str(sh->master, master);
	check_str(sh->origin, origin);
	check_str(sh->loading, loading);
	check_str(sh->discharge, discharge);
	check_str(sh->destination, destination);
	check_str(sh->routing, routing);
	assert_null(sh->flight);
}

/* Where a text first occurs in buf, as an offset. */
static long
at(const char *buf, const char *text)
{
	const char *p = strstr(buf, text);

	assert_non_null(p);
	return (long)(p - buf);
}

/* ---- the project's own files ---- */

/*
 * tests/data/cargo/cuscar-d95b.edi: the vessel NORDIC STAR (IMO 9074729),
 * Shanghai to Hamburg, as its operator OCLK reports it: four containers with
 * their seals, three bills of lading and a house bill under the third.
 */
static void
test_d95b(void **state)
{
	char *buf;
	struct model *m = parse_file("cuscar-d95b.edi", &buf);
	const struct manifest *mf;
	const struct shipment *sh;

	(void)state;
	assert_string_equal(m->sender, "OCEANLINK");
	assert_string_equal(m->interchange_ref, "CL260301001");
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->format, "cuscar");
	assert_string_equal(mf->version, "D95B");
	assert_string_equal(mf->mode, "sea");
	assert_string_equal(mf->message_ref, "CAR0001");
	assert_string_equal(mf->sender, "OCEANLINK");
	assert_string_equal(mf->document_code, "85");
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_string_equal(mf->vessel, "NORDIC STAR");
	assert_int_equal(mf->offset, at(buf, "UNH+CAR0001"));
	assert_int_equal(mf->npeople, 0);
	assert_int_equal(mf->npnrs, 0);
	/* The voyage 0142E is the operator's: the vessel names the call. */
	assert_int_equal(mf->nlegs, 1);
	check_leg(&mf->legs[0], "OCLK", "IMO9074729", "CNSHA", "DEHAM",
	    "2026-03-02T18:00", "2026-03-28T06:00", 1);
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[0]);
	assert_int_equal(mf->nshipments, 4);

	sh = &mf->shipments[0];
	check_bill(sh, "bill_of_lading", "OCLK2603SHA0101", NULL, "CNNGB",
	    "CNSHA", "DEHAM", "DEBER", NULL);
	assert_int_equal(sh->offset, at(buf, "CNI+1+"));
	check_str(sh->pieces, "1200");
	check_str(sh->weight, "18450 KGM");
	check_party(&sh->shipper, "SHANGHAI BRIGHT LAMP CO., LTD",
	    "NO. 88 HUAXIA ROAD, PUDONG NEW AREA", "SHANGHAI", "200120", "CN",
	    "+86 21 5555 0101");
	check_party(&sh->consignee, "HANSEATIC LIGHTING GMBH",
	    "GROSSE ELBSTRASSE 145, HAUS B", "HAMBURG", "22767", "DE",
	    "J.MEYER@HANSEATIC-LIGHTING.EXAMPLE");
	check_party(&sh->notify, "NORDSPED LOGISTIK GMBH", "AM SANDTORKAI 5",
	    "HAMBURG", "20457", "DE", NULL);
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0],
	    "LED LAMPS AND LIGHT FITTINGS FOR INDOOR USE", "940542", "1200",
	    "18450 KGM", "62.4 MTQ");
	assert_int_equal(sh->nequipment, 1);
	check_equipment(&sh->equipment[0], "VBRU2045113", "container",
	    "OL2605511, DE4410023");

	/* C058 (unstructured) shipper; LOC 20 beats LOC 8; two goods items. */
	sh = &mf->shipments[1];
	check_bill(sh, "bill_of_lading", "OCLK2603PUS0102", NULL, NULL, "KRPUS",
	    "DEHAM", "CZPRG", NULL);
	check_str(sh->pieces, "540");
	check_str(sh->weight, "21870.5 KGM");
	check_party(&sh->shipper, "HANBIT MACHINERY CO LTD",
	    "77 JUNGANG-DAERO, JUNG-GU, BUSAN 48939, KOREA", NULL, NULL, "KR",
	    NULL);
	check_party(&sh->consignee, "ELBE MASCHINENHANDEL GMBH & CO. KG",
	    "INDUSTRIESTRASSE 12", "BREMEN", "28199", "DE", NULL);
	check_party(&sh->notify, "O'BRIEN FREIGHT SERVICES LTD", "3 DOCK ROAD",
	    "DUBLIN", "D01 K2P4", "IE", NULL);
	assert_int_equal(sh->ngoods, 2);
	check_goods(&sh->goods[0], "HYDRAULIC PUMPS", "841360", "40",
	    "12400.5 KGM", NULL);
	check_goods(&sh->goods[1], "SPARE PARTS (SEALS AND GASKETS)", "848420",
	    "500", "9470 KGM", NULL);
	assert_int_equal(sh->nequipment, 2);
	check_equipment(&sh->equipment[0], "VBRU2045129", "container",
	    "OL2605512");
	/* Its check digit should be 4: kept as sent, core/ reports it. */
	check_equipment(&sh->equipment[1], "VBRU2045135", "container",
	    "OL2605513");

	/* Loaded in Haiphong, transhipped in Shanghai. */
	sh = &mf->shipments[2];
	check_bill(sh, "bill_of_lading", "OCLK2603HPH0031", NULL, NULL, "VNHPH",
	    "DEHAM", "DEHAM", "VNHPH-CNSHA-DEHAM");
	check_str(sh->pieces, "800");
	check_str(sh->weight, "16000 KGM");
	check_party(&sh->shipper, "SAIGON BRIDGE LOGISTICS JSC",
	    "45 NGUYEN HUE STREET, DISTRICT 1", "HO CHI MINH CITY", "700000",
	    "VN", NULL);
	check_party(&sh->consignee, "HANSA CONSOL FORWARDING GMBH",
	    "BURCHARDKAI 1", "HAMBURG", "21129", "DE", NULL);
	check_party(&sh->notify, NULL, NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0], "FROZEN PANGASIUS FILLETS", "030462", "800",
	    "16000 KGM", NULL);
	assert_int_equal(sh->nequipment, 1);
	check_equipment(&sh->equipment[0], "VBRU7781204", "container",
	    "OL2605514");

	/* The house bill inside it: the same container. */
	sh = &mf->shipments[3];
	check_bill(sh, "house_bill", "HCF-HB-55120", "OCLK2603HPH0031", NULL,
	    "VNHPH", "DEHAM", NULL, NULL);
	assert_null(sh->pieces);
	assert_null(sh->weight);
	check_party(&sh->shipper, "MEKONG SEAFOOD EXPORT CO",
	    "LOT 12 TRA NOC INDUSTRIAL ZONE", "CAN THO", "900000", "VN", NULL);
	check_party(&sh->consignee, "NORDFISCH HANDELS GMBH",
	    "GROSSE ELBSTRASSE 210", "HAMBURG", "22767", "DE",
	    "+49 40 555 0199");
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0],
	    "FROZEN PANGASIUS FILLETS SKINLESS, BONELESS", "030462", "800",
	    "16000 KGM", NULL);
	assert_int_equal(sh->nequipment, 1);
	check_equipment(&sh->equipment[0], "VBRU7781204", "container",
	    "OL2605514");
	model_free(m);
	free(buf);
}

/*
 * tests/data/cargo/cuscar-d00b.edi: the same call as a slot charterer
 * (BFLN) reports it, on one line with its own service characters
 * (UNA^|,! ~): the arrival in the header before the TDT, the IMO number
 * written "IMO 9074729", a date without time, decimal commas as sent.
 */
static void
test_d00b(void **state)
{
	char *buf;
	struct model *m = parse_file("cuscar-d00b.edi", &buf);
	const struct manifest *mf;
	const struct shipment *sh;

	(void)state;
	assert_string_equal(m->sender, "BLUEFINLINES");
	assert_string_equal(m->interchange_ref, "BF260301");
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->format, "cuscar");
	assert_string_equal(mf->version, "D00B");
	assert_string_equal(mf->mode, "sea");
	assert_string_equal(mf->message_ref, "BF0001");
	assert_string_equal(mf->sender, "BLUEFINLINES");
	assert_string_equal(mf->document_code, "85");
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_string_equal(mf->vessel, "NORDIC STAR");
	assert_int_equal(mf->nlegs, 1);
	check_leg(&mf->legs[0], "BFLN", "IMO9074729", "CNSHA", "DEHAM",
	    "2026-03-02", "2026-03-28T07:30", 1);
	assert_int_equal(mf->nshipments, 1);
	sh = &mf->shipments[0];
	/* No RFF BM: the CNI's document number is the bill. */
	check_bill(sh, "bill_of_lading", "BFLN26SHA7781", NULL, NULL, "CNSHA",
	    "DEHAM", "ITMIL", NULL);
	assert_int_equal(sh->offset, at(buf, "CNI|1|"));
	assert_null(sh->pieces);
	assert_null(sh->weight);
	/* "!!" is a released "!"; the apostrophe is no terminator here. */
	check_party(&sh->shipper, "YIWU STAR! TRADING CO LTD",
	    "188 CHOUZHOU ROAD", "YIWU", "322000", "CN", NULL);
	check_party(&sh->consignee, "D'ANGELO IMPORT SRL", "VIA TORINO 21",
	    "MILANO", "20123", "IT", "MARCO D'ANGELO");
	check_party(&sh->notify, NULL, NULL, NULL, NULL, NULL, NULL);
	assert_int_equal(sh->ngoods, 1);
	/* The HS code from CST; "!|" a released element separator. */
	check_goods(&sh->goods[0],
	    "GARDEN FURNITURE ALUMINIUM FRAMES|TEAK TOPS", "940179", "300",
	    "8250,75 KGM", "61,5 MTQ");
	assert_int_equal(sh->nequipment, 1);
	check_equipment(&sh->equipment[0], "TLNU3141599", "container",
	    "BF778812, BF778813");
	model_free(m);
	free(buf);
}

/*
 * Two carriers' reports of one vessel call name one arrival: the store
 * knows a vessel call by the transport id, the arrival port and the day
 * (of arrival, else of departure). Voyage numbers and carriers differ and
 * do not count; nor would the departure (tests/test_cargo_real.c).
 */
static void
test_same_vessel_call(void **state)
{
	char *b1, *b2;
	struct model *m1 = parse_file("cuscar-d95b.edi", &b1);
	struct model *m2 = parse_file("cuscar-d00b.edi", &b2);
	const struct leg *l1 = manifest_arrival_leg(&m1->manifests[0]);
	const struct leg *l2 = manifest_arrival_leg(&m2->manifests[0]);
	const char *d1, *d2;

	(void)state;
	assert_string_equal(l1->transport_id, l2->transport_id);
	assert_string_equal(l1->arrival_port, l2->arrival_port);
	d1 = l1->arrival_local != NULL ? l1->arrival_local :
	    l1->departure_local;
	d2 = l2->arrival_local != NULL ? l2->arrival_local :
	    l2->departure_local;
	assert_memory_equal(d1, d2, 10);
	assert_string_not_equal(l1->carrier, l2->carrier);
	model_free(m1);
	model_free(m2);
	free(b1);
	free(b2);
}

/* ---- the conveyance ---- */

static void
test_vessel_identification(void **state)
{
	static const struct {
		const char *c222;
		const char *transport_id;
		const char *vessel;
	} cases[] = {
		{"9321483:146:11:OCEAN PEARL", "IMO9321483", "OCEAN PEARL"},
		{"IMO9321483:::OCEAN PEARL", "IMO9321483", "OCEAN PEARL"},
		{"imo-9321483", "IMO9321483", NULL},
		/* 103: a call sign, whatever it looks like. */
		{"9HA2345:103::OCEAN PEARL", "9HA2345", "OCEAN PEARL"},
		{"C6ZZ9:103", "C6ZZ9", NULL},
		/* Not seven digits: as sent, for core/ to find wanting. */
		{"932148:146:11:OCEAN PEARL", "932148", "OCEAN PEARL"},
		{":::OCEAN PEARL", "OCEAN PEARL", "OCEAN PEARL"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[512], *in;
		struct model *m;

		snprintf(body, sizeof(body), "BGM+85+R1+9'"
		    "TDT+20+V1+1++CAR+++%s'LOC+5+NLRTM'LOC+60+GBFXT'"
		    "DTM+132:2604101200:201'CNI+1+B1'", cases[i].c222);
		in = interchange(body, NULL);
		m = parse_ok(in);
		check_str(m->manifests[0].legs[0].transport_id,
		    cases[i].transport_id);
		check_str(m->manifests[0].vessel, cases[i].vessel);
		check_str(m->manifests[0].legs[0].arrival_local,
		    "2026-04-10T12:00");
		model_free(m);
		free(in);
	}
}

/*
 * Places and dates by their best source; header NAD CA gives the carrier
 * when TDT has none; a second TDT 20 is a second leg.
 */
static void
test_conveyance_sources(void **state)
{
	char *in;
	struct model *m;
	const struct manifest *mf;

	(void)state;
	/* Departure from LOC 9 then LOC 125 (better); arrival LOC 11 only. */
	in = interchange("BGM+85+R1+9'NAD+CA+ZZLN:172:20'"
	    "TDT+20+V1+1+++++9321483:146:11'LOC+9+BEANR'LOC+125+FRLEH'"
	    "LOC+11+IEDUB'DTM+186:20260409:102'DTM+133:20260410:102'"
	    "DTM+178:260412'LOC+5'DTM+132:20260413:102'"
	    "EQD+CN+VBRU2045113'LOC+60+IEORK'DTM+132:209912312359:203'"
	    "CNI+1+B1'", NULL);
	m = parse_ok(in);
	mf = &m->manifests[0];
	assert_int_equal(mf->nlegs, 1);
	/*
	 * The first date of each kind is kept; LOC 5 without a place says
	 * nothing; the EQD's LOC and DTM are the container's.
	 */
	check_leg(&mf->legs[0], "ZZLN", "IMO9321483", "FRLEH", "IEDUB",
	    "2026-04-09", "2026-04-12", 0);
	assert_null(mf->vessel);
	model_free(m);
	free(in);

	/* Two main-carriage legs: the one arriving here is the arrival leg. */
	in = interchange("BGM+85+R1+9'"
	    "TDT+20+V0+1++CAR+++9321483:146:11:OCEAN PEARL'LOC+5+SGSIN'"
	    "LOC+8+NLRTM'DTM+133:202603201800:203'"
	    "TDT+20+V1+1++CAR+++9321483:146:11:OCEAN PEARL'LOC+5+NLRTM'"
	    "LOC+60+GBFXT'DTM+132:20260410123456:204'"
	    "TDT+10+++++++FEEDER'LOC+5+XXXXX'CNI+1+B1'", NULL);
	m = parse_ok(in);
	mf = &m->manifests[0];
	assert_int_equal(mf->nlegs, 2);
	check_leg(&mf->legs[0], "CAR", "IMO9321483", "SGSIN", "NLRTM",
	    "2026-03-20T18:00", NULL, 0);
	check_leg(&mf->legs[1], "CAR", "IMO9321483", "NLRTM", "GBFXT", NULL,
	    "2026-04-10T12:34", 1);
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[1]);
	model_free(m);
	free(in);
}

/* BGM 1225: what the message does to the bills reported before. */
static void
test_message_function(void **state)
{
	static const struct {
		const char *fn;
		enum manifest_action action;
	} cases[] = {
		{"9", MANIFEST_REPLACE}, {"5", MANIFEST_REPLACE},
		{"", MANIFEST_REPLACE}, {"4", MANIFEST_CHANGE},
		{"1", MANIFEST_CANCEL}, {"3", MANIFEST_CANCEL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[512], *in;
		struct model *m;

		snprintf(body, sizeof(body), "BGM+785+R1+%s'TDT+20+V1+1+++++"
		    "9321483'LOC+5+NLRTM'LOC+60+GBFXT'DTM+132:202604101200:203'"
		    "CNI+1+B1'", cases[i].fn);
		in = interchange(body, NULL);
		m = parse_ok(in);
		assert_int_equal(m->manifests[0].action, cases[i].action);
		assert_string_equal(m->manifests[0].document_code, "785");
		model_free(m);
		free(in);
	}
}

/* ---- bills of lading ---- */

static void
test_bill_numbers(void **state)
{
	char *in;
	struct model *m;
	const struct manifest *mf;

	(void)state;
	in = interchange(VOYAGE
	    /* RFF BM is the number, whatever CNI says. */
	    "CNI+1+LINE-1'RFF+BM:OB1'"
	    /* A house bill whose CNI names its master. */
	    "CNI+2+OB1'RFF+BH:HB2'"
	    /* A house bill alone: no master known. */
	    "CNI+3+HB3'RFF+BH:HB3'"
	    /* The second RFF BM of a consignment is not its number. */
	    "CNI+4'RFF+BM:OB4'RFF+BM:OB4-OTHER'"
	    /* RFF of other kinds say nothing of the number. */
	    "CNI+5+OB5'RFF+ABT:DECL-99'"
	    /* A reference group after a goods item: the consignment's again. */
	    "CNI+6+X6'GID+1'RFF+AAQ:X'LOC+9+XXXXX'RFF+BM:OB6'LOC+9+CNSHA'",
	    NULL);
	m = parse_ok(in);
	mf = &m->manifests[0];
	assert_int_equal(mf->nshipments, 6);
	check_bill(&mf->shipments[0], "bill_of_lading", "OB1", NULL, NULL, NULL,
	    NULL, NULL, NULL);
	check_bill(&mf->shipments[1], "house_bill", "HB2", "OB1", NULL, NULL,
	    NULL, NULL, NULL);
	check_bill(&mf->shipments[2], "house_bill", "HB3", NULL, NULL, NULL,
	    NULL, NULL, NULL);
	check_bill(&mf->shipments[3], "bill_of_lading", "OB4", NULL, NULL, NULL,
	    NULL, NULL, NULL);
	check_bill(&mf->shipments[4], "bill_of_lading", "OB5", NULL, NULL, NULL,
	    NULL, NULL, NULL);
	check_bill(&mf->shipments[5], "bill_of_lading", "OB6", NULL, NULL,
	    "CNSHA", NULL, NULL, NULL);
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	free(in);
}

/*
 * Containers: SGP names them, EQD declares them (before or inside the
 * consignment); one named twice is one; one no EQD declares is kept with
 * a warning, a container if it has the form of one.
 */
static void
test_equipment(void **state)
{
	char *in;
	struct model *m;
	const struct shipment *sh;

	(void)state;
	in = interchange(VOYAGE
	    "EQD+CN+VBRU2045113'SEL+S1'SEL+S2'EQD+TE+TRL-77'SEL+T1'"
	    "EQD+CN+VBRU2045113'SEL+S3'"
	    "CNI+1+B1'GID+1+10:PK'SGP+VBRU2045113+5'GID+2+5:PK'"
	    "SGP+VBRU2045113+5'SGP+TRL-77'SGP+TLNU2718285'SGP+ODD/1'"
	    "CNI+2+B2'EQD+CN+VBRU2045129'SEL+S4'LOC+11+XXXXX'"
	    "NAD+CN+++X'LOC+11+DEHAM'", NULL);
	m = parse_ok(in);
	sh = &m->manifests[0].shipments[0];
	assert_int_equal(sh->nequipment, 4);
	check_equipment(&sh->equipment[0], "VBRU2045113", "container",
	    "S1, S2, S3");
	check_equipment(&sh->equipment[1], "TRL-77", NULL, "T1");
	check_equipment(&sh->equipment[2], "TLNU2718285", "container", NULL);
	check_equipment(&sh->equipment[3], "ODD/1", NULL, NULL);
	assert_true(h_has_warning(m, "bill B1: SGP names TLNU2718285, which no"
	    " EQD declares"));
	assert_true(h_has_warning(m, "SGP names ODD/1"));
	assert_int_equal(m->nwarnings, 2);
	/* An EQD inside a consignment is its own; its LOC the container's. */
	sh = &m->manifests[0].shipments[1];
	assert_int_equal(sh->nequipment, 1);
	check_equipment(&sh->equipment[0], "VBRU2045129", "container", "S4");
	check_str(sh->discharge, "DEHAM");
	model_free(m);
	free(in);
}

/* Totals, measures and HS codes from their other places. */
static void
test_measures(void **state)
{
	char *in;
	struct model *m;
	const struct shipment *sh;

	(void)state;
	in = interchange(VOYAGE
	    "CNI+1+B1'CNT+8:12'CNT+16:1'MEA+AAE+G+KGM:1500'MEA+AAE+AAD+KGM:9'"
	    "GID+1+12:PK'MEA+WT++LBR:3300'MEA+VOL++FTQ:90'MEA+AAE+T+KGM:1'"
	    "PIA+5+8471.30.0000:HS'CST++999999'"
	    "GID+2'CST+2+847130'PIA+1+X1:SA'"
	    "CNI+2+B2'CNT+8:3'CNT+11:4'CNT+7:70'", NULL);
	m = parse_ok(in);
	sh = &m->manifests[0].shipments[0];
	check_str(sh->pieces, "12");
	check_str(sh->weight, "1500 KGM");
	assert_int_equal(sh->ngoods, 2);
	check_goods(&sh->goods[0], NULL, "8471.30.0000", "12", "3300 LBR",
	    "90 FTQ");
	check_goods(&sh->goods[1], NULL, "847130", NULL, NULL, NULL);
	sh = &m->manifests[0].shipments[1];
	check_str(sh->pieces, "4");
	check_str(sh->weight, "70");
	model_free(m);
	free(in);
}

/* Parties: first one of each kind; others (carrier, forwarder) aside. */
static void
test_parties(void **state)
{
	char *in;
	struct model *m;
	const struct shipment *sh;

	(void)state;
	in = interchange(VOYAGE
	    "CNI+1+B1'NAD+FW+++FORWARDER LTD'CTA+IC+:NOT HIM'COM+000:TE'"
	    "NAD+SH+++FIRST SHIPPER:PART TWO'CTA+IC+:ANNA'CTA+IC+:BERT'"
	    "NAD+CZ+++SECOND SHIPPER'"
	    "NAD+NI+4000001234567::9'COM+111:TE'COM+222:TE'"
	    "NAD+CN++++++++NL'", NULL);
	m = parse_ok(in);
	sh = &m->manifests[0].shipments[0];
	check_party(&sh->shipper, "FIRST SHIPPER PART TWO", NULL, NULL, NULL,
	    NULL, "ANNA");
	check_party(&sh->notify, NULL, NULL, NULL, NULL, NULL, "111");
	check_party(&sh->consignee, NULL, NULL, NULL, NULL, "NL", NULL);
	assert_true(h_has_warning(m, "NAD CZ (segment"));
	assert_int_equal(m->nwarnings, 1);
	model_free(m);
	free(in);
}

/* ---- the vessel's departure ---- */

/*
 * tests/data/cargo/cuscar-no-departure.edi: a slot charterer (NSCX)
 * reports its two bills on the BALTIC TERN (IMO 9387425) into Hamburg in
 * the D18A layout, with the port where the report is made (LOC 60) in the
 * header and no place of departure. Both bills were loaded in Shanghai:
 * that is where the reported cargo left from.
 */
static void
test_departure_from_bills(void **state)
{
	char *buf;
	struct model *m = parse_file("cuscar-no-departure.edi", &buf);
	const struct manifest *mf;

	(void)state;
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->version, "D18A");
	assert_string_equal(mf->vessel, "BALTIC TERN");
	assert_int_equal(mf->nlegs, 1);
	check_leg(&mf->legs[0], "NSCX", "IMO9387425", "CNSHA", "DEHAM", NULL,
	    "2026-12-02T08:00", 1);
	assert_int_equal(mf->nshipments, 2);
	check_bill(&mf->shipments[0], "bill_of_lading", "NSCX2611SHA0007",
	    NULL, NULL, "CNSHA", "DEHAM", "DEHAM", NULL);
	check_bill(&mf->shipments[1], "bill_of_lading", "NSCX2611SHA0008",
	    NULL, NULL, "CNSHA", "DEHAM", "ATVIE", NULL);
	/* A country that is none is the store's to judge: kept as sent. */
	check_str(mf->shipments[1].consignee.country, "0");
	assert_int_equal(m->nwarnings, 1);
	assert_true(h_has_warning(m, "CUSCAR message NSC0001 names no place of"
	    " departure (LOC 5, 125 or 9): its bills' port of loading CNSHA"
	    " taken"));
	model_free(m);
	free(buf);
}

/*
 * Without the vessel's departure, the message is kept: the previous leg's
 * arrival, else the bills' one port of loading, else no departure, and a
 * warning each time. Only a call that cannot be named is refused.
 */
static void
test_departure_missing(void **state)
{
	static const struct {
		const char *body;
		const char *departure;	/* NULL: left empty */
		const char *warning;
	} cases[] = {
		/* Bills loaded in two ports: which was the last call is unknown. */
		{"CNI+1+B1'LOC+9+CNSHA'CNI+2+B2'LOC+9+KRPUS'CNI+3+B3'LOC+9+CNSHA'",
		    NULL, "its bills were loaded at CNSHA, KRPUS: the departure is"
		    " left empty"},
		{"CNI+1+B1'LOC+9+A1'CNI+2+B2'LOC+9+A2'CNI+3+B3'LOC+9+A3'"
		    "CNI+4+B4'LOC+9+A4'CNI+5+B5'LOC+9+A5'", NULL,
		    "loaded at A1, A2, A3, A4 and more: the departure is left"},
		{"CNI+1+B1'LOC+11+GBFXT'", NULL, "names no place of departure"
		    " (LOC 5, 125 or 9), nor do its bills: the departure is left"
		    " empty"},
		/* Cargo loaded where the vessel arrives: not where it came from. */
		{"CNI+1+B1'LOC+9+GBFXT'CNI+2+B2'LOC+9+NLRTM'", "NLRTM",
		    "its bills' port of loading NLRTM taken"},
		/* A bill's LOC 9 after a container's EQD is still the bill's. */
		{"EQD+CN+VBRU2045113'LOC+9+XXXXX'CNI+1+B1'LOC+9+BEANR'",
		    "BEANR", "port of loading BEANR taken"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[512], *in;
		struct model *m;

		snprintf(body, sizeof(body), "BGM+85+R1+9'TDT+20+V1+1++CAR+++"
		    "9321483:146:11:OCEAN PEARL'LOC+60+GBFXT'"
		    "DTM+132:202604101200:203'%s", cases[i].body);
		in = interchange(body, NULL);
		m = parse_ok(in);
		assert_int_equal(m->nerrors, 0);
		check_leg(&m->manifests[0].legs[0], "CAR", "IMO9321483",
		    cases[i].departure, "GBFXT", NULL, "2026-04-10T12:00", 1);
		if (!h_has_warning(m, cases[i].warning))
			fail_msg("case %zu: no warning \"%s\"", i,
			    cases[i].warning);
		assert_int_equal(m->nwarnings, 1);
		model_free(m);
		free(in);
	}

}

/* Two legs: the last one leaves from where the first one arrived. */
static void
test_departure_previous_leg(void **state)
{
	char *in = interchange("BGM+85+R1+9'"
	    "TDT+20+V0+1++CAR+++9321483:146:11'LOC+5+SGSIN'LOC+8+NLRTM'"
	    "DTM+133:202603201800:203'"
	    "TDT+20+V1+1++CAR+++9321483:146:11'LOC+60+GBFXT'"
	    "DTM+132:202604101200:203'CNI+1+B1'LOC+9+SGSIN'", NULL);
	struct model *m = parse_ok(in);

	(void)state;
	check_leg(&m->manifests[0].legs[1], "CAR", "IMO9321483", "NLRTM",
	    "GBFXT", NULL, "2026-04-10T12:00", 1);
	assert_true(h_has_warning(m, "names no place of departure for its last"
	    " leg (LOC 5, 125 or 9): the previous leg's arrival NLRTM taken"));
	assert_int_equal(m->nwarnings, 1);
	model_free(m);
	free(in);
}

/*
 * A message refused for its vessel call, alone in its interchange: the
 * file is refused with that reason, and the warnings say nothing of the
 * envelope, which is whole (they once said "no UNZ", since the message's
 * UNT was not seen to end it).
 */
static void
test_refused_call_envelope_whole(void **state)
{
	char *in = interchange("BGM+85+R1+9'TDT+20+V1+1+++++9321483'"
	    "LOC+5+NLRTM'DTM+132:202604101200:203'CNI+1+B1'", NULL);
	struct model *m;
	struct vb_error err;

	(void)state;
	assert_non_null(m = model_new());
	assert_int_equal(h_parse_into(&feed_cuscar, in, strlen(in), ctx.ref_year,
	    m, &err), -1);
	assert_int_equal(err.code, VB_EINVALID);
	assert_non_null(strstr(err.message, "no place of arrival"));
	assert_int_equal(m->nerrors, 1);
	assert_false(h_has_warning(m, "UNZ"));
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	free(in);

	/* Segments after the refused message are read as what they are. */
	in = interchange("BGM+85+R1+9'TDT+20+V1+1+++++9321483'"
	    "LOC+5+NLRTM'DTM+132:202604101200:203'", VOYAGE "CNI+1+B2'", NULL);
	assert_non_null(m = model_new());
	assert_int_equal(h_parse_into(&feed_cuscar, in, strlen(in), ctx.ref_year,
	    m, &err), 0);
	assert_int_equal(m->nmanifests, 1);
	assert_int_equal(m->nerrors, 1);
	assert_string_equal(m->errors[0].message_ref, "M1");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	free(in);
}

/* ---- tolerance and errors ---- */

/* Segments where they do not belong are read past, with a warning. */
static void
test_misplaced_segments(void **state)
{
	char *in;
	struct model *m;

	(void)state;
	in = interchange(VOYAGE "SEL+S0'GID+1+1:PK'SGP+VBRU2045113'"
	    "CNI+1+B1'FTX+AAA+++NO ITEM'GID+1'FTX+AAA+++ITEM'"
	    "FTX+AAI+++REMARK'QQQ+1'XYZ'", NULL);
	m = parse_ok(in);
	assert_true(h_has_warning(m, "SEL (segment"));
	assert_true(h_has_warning(m, "GID (segment"));
	assert_true(h_has_warning(m, "SGP (segment"));
	assert_true(h_has_warning(m, "FTX AAA (segment"));
	assert_int_equal(m->nwarnings, 4);
	assert_int_equal(m->manifests[0].nshipments, 1);
	assert_int_equal(m->manifests[0].shipments[0].ngoods, 1);
	check_str(m->manifests[0].shipments[0].goods[0].description, "ITEM");
	model_free(m);
	free(in);
}

/*
 * A message that cannot be attached to a vessel call, or with a bill
 * without its number, or a date that is none, is left out with its
 * reason; the messages beside it are kept.
 */
static void
test_messages_lost(void **state)
{
	static const struct {
		const char *body;
		const char *error;
	} bad[] = {
		{"BGM+85+R1+9'LOC+5+NLRTM'LOC+60+GBFXT'"
		    "DTM+132:202604101200:203'CNI+1+B1'",
		    "no conveyance (TDT 20, main carriage)"},
		{"BGM+85+R1+9'TDT+20+V1'LOC+5+NLRTM'LOC+60+GBFXT'"
		    "DTM+132:202604101200:203'",
		    "TDT 20 names no vessel"},
		{"BGM+85+R1+9'TDT+20+V1+1+++++9321483'LOC+5+NLRTM'"
		    "LOC+8'DTM+132:202604101200:203'", "no place of arrival"},
		{"BGM+85+R1+9'TDT+20+V1+1+++++9321483'LOC+5+NLRTM'"
		    "LOC+60+GBFXT'DTM+137:202604101200:203'",
		    "no arrival or departure date"},
		{VOYAGE "CNI+1+B1'CNI+2'RFF+ABT:X'GID+1'",
		    "without a bill of lading number (CNI 1004"},
		{"BGM+85+R1+9'TDT+20+V1+1+++++9321483'LOC+5+NLRTM'"
		    "LOC+60+GBFXT'DTM+132:202602301200:203'",
		    "DTM 132 date/time in format 203: 202602301200"},
		{"BGM+85+R1+9'TDT+20+V1+1+++++9321483'LOC+5+NLRTM'"
		    "LOC+60+GBFXT'DTM+132:202604101200:102'",
		    "DTM 132 date/time in format 102: 202604101200"},
		{"BGM+85+R1+9'TDT+20+V1+1+++++9321483'LOC+5+NLRTM'"
		    "LOC+60+GBFXT'DTM+132:2026041012:303'",
		    "in format 303"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vb_error err;
		char *in = interchange(VOYAGE "CNI+1+GOOD1'", bad[i].body,
		    VOYAGE "CNI+1+GOOD3'", NULL);
		struct model *m = parse_ok(in);

		assert_int_equal(m->nmanifests, 2);
		assert_string_equal(m->manifests[0].message_ref, "M1");
		assert_string_equal(m->manifests[1].message_ref, "M3");
		assert_string_equal(m->manifests[1].shipments[0].number,
		    "GOOD3");
		assert_int_equal(m->nerrors, 1);
		assert_string_equal(m->errors[0].message_ref, "M2");
		if (strstr(m->errors[0].message, bad[i].error) == NULL)
			fail_msg("case %zu: %s", i, m->errors[0].message);
		model_free(m);
		free(in);

		/* Alone, the interchange fails with that error. */
		in = interchange(bad[i].body, NULL);
		assert_null(parse_len(in, strlen(in), &err));
		assert_int_equal(err.code, VB_EINVALID);
		assert_non_null(strstr(err.message, bad[i].error));
		free(in);
	}
}

/* A PAXLST message inside a CUSCAR interchange is not ours. */
static void
test_other_message_type(void **state)
{
	static const char in[] = "UNB+UNOC:3+S+R+260301:0930+1'"
	    "UNH+1+CUSCAR:D:95B:UN'" VOYAGE "CNI+1+B1'UNT+8+1'"
	    "UNH+2+PAXLST:D:02B:UN'BGM+745'UNT+3+2'UNZ+2+1'";
	struct model *m;

	(void)state;
	m = parse_ok(in);
	assert_int_equal(m->nmanifests, 1);
	assert_int_equal(m->nerrors, 1);
	assert_string_equal(m->errors[0].message_ref, "2");
	assert_string_equal(m->errors[0].message,
	    "UNH message type is not CUSCAR: PAXLST");
	model_free(m);
}

/* Cut short: the messages read whole are kept. */
static void
test_truncated(void **state)
{
	char *in = interchange(VOYAGE "CNI+1+B1'", VOYAGE "CNI+1+B2'", NULL);
	struct model *m;

	(void)state;
	*strstr(in, "UNH+M2") = '\0';
	strlcat(in, "UNH+M2+CUSCAR:D:95B:UN'BGM+85+R2+9'TDT+20+V1+1++CA",
	    strlen(in) + 64);
	m = parse_ok(in);
	assert_int_equal(m->nmanifests, 1);
	assert_string_equal(m->manifests[0].shipments[0].number, "B1");
	assert_int_equal(m->nerrors, 1);
	assert_string_equal(m->errors[0].message_ref, "M2");
	model_free(m);
	free(in);
}

/* ---- detection ---- */

/* The public EDIFACT cargo samples are other message types: not CUSCAR. */
static void
test_public_samples_unsupported(void **state)
{
	static const struct {
		const char *file;
		const char *type;
	} known[] = {
		{"D95BBAPLIE.edi", "BAPLIE"},
		{"D95BCOARRI.edi", "COARRI"},
		{"example_multiline.edi", "IFTMBC"},
		{"example_release_character.edi", "PAORES"},
		{"example_utf8.edi", "DESADV"},
		{"example_wrapped.edi", "PAORES"},
	};
	char dir[PATH_MAX];
	struct dirent *e;
	size_t nseen = 0;
	DIR *d;

	(void)state;
	assert_non_null(d = opendir(h_sample("cargo", dir, sizeof(dir))));
	while ((e = readdir(d)) != NULL) {
		char rel[PATH_MAX], type[32], version[32], want[64];
		struct vb_error err;
		size_t n = strlen(e->d_name), len = 0;
		char *buf;

		if (n < 4 || strcmp(e->d_name + n - 4, ".edi") != 0)
			continue;
		snprintf(rel, sizeof(rel), "cargo/%s", e->d_name);
		assert_non_null(buf = h_read_sample(rel, &len));
		assert_true(edi_detect(buf, len, type, sizeof(type), version,
		    sizeof(version)));
		assert_string_not_equal(type, "CUSCAR");
		assert_false(feed_cuscar.detect(buf, len));
		assert_null(feed_detect(buf, len, &err));
		assert_int_equal(err.code, VB_EUNSUPPORTED);
		snprintf(want, sizeof(want), "unsupported message type %s",
		    type);
		assert_string_equal(err.message, want);
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strcmp(known[i].file, e->d_name) == 0) {
				assert_string_equal(type, known[i].type);
				nseen++;
			}
		free(buf);
	}
	closedir(d);
	assert_int_equal(nseen, sizeof(known) / sizeof(known[0]));
}

static void
test_detect(void **state)
{
	static const char cuscar[] = "UNA:+.? 'UNB+UNOA:2+S+R+260301:0930+1'"
	    "UNH+1+CUSCAR:D:95B:UN'";
	static const char paxlst[] = "UNB+UNOA:4+S+R+260301:0930+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'";
	struct vb_error err;

	(void)state;
	assert_string_equal(feed_cuscar.name, "cuscar");
	assert_true(feed_cuscar.detect(cuscar, strlen(cuscar)));
	assert_ptr_equal(feed_detect(cuscar, strlen(cuscar), &err),
	    &feed_cuscar);
	assert_false(feed_cuscar.detect(paxlst, strlen(paxlst)));
	assert_ptr_equal(feed_detect(paxlst, strlen(paxlst), &err),
	    &feed_paxlst);
	assert_false(feed_cuscar.detect("CUSCAR", 6));
	assert_false(feed_cuscar.detect("", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_d95b),
		cmocka_unit_test(test_d00b),
		cmocka_unit_test(test_same_vessel_call),
		cmocka_unit_test(test_vessel_identification),
		cmocka_unit_test(test_conveyance_sources),
		cmocka_unit_test(test_message_function),
		cmocka_unit_test(test_bill_numbers),
		cmocka_unit_test(test_equipment),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_parties),
		cmocka_unit_test(test_departure_from_bills),
		cmocka_unit_test(test_departure_missing),
		cmocka_unit_test(test_departure_previous_leg),
		cmocka_unit_test(test_refused_call_envelope_whole),
		cmocka_unit_test(test_misplaced_segments),
		cmocka_unit_test(test_messages_lost),
		cmocka_unit_test(test_other_message_type),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_public_samples_unsupported),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
