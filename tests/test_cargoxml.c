#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "feeds/feed.h"
#include "harness.h"

static const struct feed_ctx ctx = {2026};

/* Parses buf, detected as Cargo-XML: the model, or NULL and err. */
static struct model *
parse_len(const char *buf, size_t len, struct vb_error *err)
{
	struct model *m;

	assert_non_null(m = model_new());
	if (h_parse_into(&feed_cargoxml, buf, len, ctx.ref_year, m, err) == -1) {
		/* A refused message leaves nothing half-read behind. */
		assert_int_equal(m->nmanifests, 0);
		model_free(m);
		return NULL;
	}
	return m;
}

static struct model *
parse(const char *in, struct vb_error *err)
{
	return parse_len(in, strlen(in), err);
}

static struct model *
parse_ok(const char *in)
{
	struct model *m;

	assert_non_null(m = h_parse_ok(&feed_cargoxml, in, strlen(in),
	    ctx.ref_year, NULL));
	return m;
}

/* The parse of in fails with code, and a message holding part. */
static void
parse_fails(const char *in, enum vb_errcode code, const char *part,
    struct vb_error *err)
{
	struct model *m = parse(in, err);

	if (m != NULL) {
		model_free(m);
		fail_msg("parsed, expected %s", part);
	}
	if (err->code != code || strstr(err->message, part) == NULL)
		fail_msg("%s (%s), expected %s with \"%s\"", err->message,
		    vb_errcode_name(err->code), vb_errcode_name(code), part);
}

/* The sample's bytes are kept in *buf, to check offsets against. */
static struct model *
parse_sample(const char *rel, char **buf)
{
	struct model *m;
	size_t len = 0;

	assert_non_null(*buf = h_read_sample(rel, &len));
	assert_non_null(m = h_parse_ok(&feed_cargoxml, *buf, len, ctx.ref_year,
	    rel));
	return m;
}

static void
check_party(const struct party *p, const char *name, const char *address,
    const char *city, const char *postcode, const char *country,
    const char *contact)
{
	const char *want[] = {name, address, city, postcode, country, contact};
	const char *got[] = {p->name, p->address, p->city, p->postcode,
	    p->country, p->contact};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (want[i] == NULL) {
			assert_null(got[i]);
		} else {
			assert_non_null(got[i]);
			assert_string_equal(got[i], want[i]);
		}
	}
}

static void
check_goods(const struct goods *g, const char *description,
    const char *hs_code, const char *pieces, const char *weight,
    const char *volume)
{
	const char *want[] = {description, hs_code, pieces, weight, volume};
	const char *got[] = {g->description, g->hs_code, g->pieces, g->weight,
	    g->volume};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (want[i] == NULL) {
			assert_null(got[i]);
		} else {
			assert_non_null(got[i]);
			assert_string_equal(got[i], want[i]);
		}
	}
}

static void
check_starts(const char *buf, long offset, const char *text)
{
	assert_true(offset >= 0);
	assert_memory_equal(buf + offset, text, strlen(text));
}

/* ---- the Riege Cargo-XML samples, checked against the files by hand ---- */

/* What the three XFWB samples share: the master waybill 888-11111111. */
static const struct shipment *
check_xfwb_888(const struct model *m, const char *buf)
{
	const struct manifest *mf;
	const struct shipment *sh;

	assert_string_equal(m->sender, "RIEGESOFTWARE");
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->format, "cargoxml");
	assert_string_equal(mf->version, "3.00");
	assert_string_equal(mf->mode, "air");
	assert_string_equal(mf->message_ref,
	    "888-11111111_6c763819-1067-43fe-acf7-db4daf4f77cf");
	assert_string_equal(mf->document_code, "741");
	assert_string_equal(mf->sender, "RIEGESOFTWARE");
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_int_equal(mf->nlegs, 0);
	assert_int_equal(mf->npeople, 0);
	check_starts(buf, mf->offset, "<ns2:Waybill ");
	assert_int_equal(mf->nshipments, 1);
	sh = &mf->shipments[0];
	check_starts(buf, sh->offset, "<ns2:MasterConsignment>");
	assert_string_equal(sh->kind, "air_waybill");
	assert_string_equal(sh->number, "888-11111111");
	assert_null(sh->master);
	assert_string_equal(sh->origin, "ORK");
	assert_string_equal(sh->destination, "PVG");
	assert_string_equal(sh->loading, "ORK");
	assert_string_equal(sh->discharge, "AUH");
	assert_string_equal(sh->routing, "ORK-XX-DUB-XX-AUH");
	assert_string_equal(sh->flight, "XX8012/10, XX345/12");
	assert_string_equal(sh->pieces, "3");
	assert_string_equal(sh->weight, "1042.0 K");
	/* The customs notes' contact person (CP) and telephone (CT) join in. */
	check_party(&sh->shipper, "FORWARDER COMPANY IRELAND LTD",
	    "HARBOUR POINT BUSINESS PARK", "LITTLE CITY", "ABCD", "IE",
	    "353123456789, HILDA HILARIOUS");
	check_party(&sh->consignee, "FORWARDER COMPANY SHANGHAI LTD,"
	    " ROOM 123 SPECIAL BUILDING. NR 987",
	    "SUHANG RD. PUDONG AIRPORT, AIRPORT ROAD", "SHANGHAI", NULL, "CN",
	    "861234567890, PAUL PERSON, 862123454321");
	check_party(&sh->notify, NULL, NULL, NULL, NULL, NULL, NULL);
	assert_true(sh->ngoods >= 1);
	check_goods(&sh->goods[0], "CONSOLIDATION AS PER ATTACHED MANIFEST"
	    " SECURE CARGO NOT RESTRICTED AIRLINE PHARMA SERVICE", "000111",
	    "3", "1042.0 K", "2602000 CC");
	return sh;
}

static void
test_sample_xfwb(void **state)
{
	char *buf;
	struct model *m = parse_sample("cargo/888-11111111_XFWB.xml", &buf);
	const struct shipment *sh;

	(void)state;
	sh = check_xfwb_888(m, buf);
	assert_int_equal(sh->ngoods, 1);
	assert_int_equal(sh->nequipment, 0);
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	free(buf);
}

static void
test_sample_xfwb_acas(void **state)
{
	char *buf;
	struct model *m = parse_sample("cargo/888-11111111_XFWB_ACAS_US.xml",
	    &buf);
	const struct shipment *sh;

	(void)state;
	/* The US ACAS notes (AH, RT, BT, ...) name no party's contact. */
	sh = check_xfwb_888(m, buf);
	assert_int_equal(sh->ngoods, 1);
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	free(buf);
}

static void
test_sample_xfwb_multiple_uld_hts(void **state)
{
	char *buf;
	struct model *m = parse_sample(
	    "cargo/888-11111111_XFWB_multipleULD_multipleHTS.xml", &buf);
	const struct shipment *sh;

	(void)state;
	sh = check_xfwb_888(m, buf);	/* comments before the root skipped */
	assert_int_equal(sh->ngoods, 2);
	check_goods(&sh->goods[1], NULL, "000222", NULL, NULL, NULL);
	/* Type, serial and owner, as IATA writes a ULD. */
	assert_int_equal(sh->nequipment, 2);
	assert_string_equal(sh->equipment[0].id, "PMC1337XX");
	assert_string_equal(sh->equipment[0].kind, "uld");
	assert_null(sh->equipment[0].seals);
	assert_string_equal(sh->equipment[1].id, "AKE4711XX");
	assert_string_equal(sh->equipment[1].kind, "uld");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	free(buf);
}

static void
test_sample_xfzb(void **state)
{
	char *buf;
	struct model *m = parse_sample("cargo/SEL22222222_XFZB.xml", &buf);
	const struct manifest *mf;
	const struct shipment *sh;

	(void)state;
	assert_string_equal(m->sender, "RIEGESOFTWARE");
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->format, "cargoxml");
	assert_string_equal(mf->version, "3.00");
	assert_string_equal(mf->mode, "air");
	assert_string_equal(mf->message_ref,
	    "SEL22222222_888-11111111_285472ed-0059-4004-9590-8a1fbab07421");
	assert_string_equal(mf->document_code, "703");
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	check_starts(buf, mf->offset, "<ns2:HouseWaybill ");
	assert_int_equal(mf->nshipments, 1);
	sh = &mf->shipments[0];
	check_starts(buf, sh->offset, "<IncludedHouseConsignment>");
	assert_string_equal(sh->kind, "house_waybill");
	assert_string_equal(sh->number, "SEL22222222");
	assert_string_equal(sh->master, "888-11111111");
	/* The house's own destination and totals, not the master's. */
	assert_string_equal(sh->origin, "ICN");
	assert_string_equal(sh->destination, "FDH");
	assert_string_equal(sh->pieces, "10");
	assert_string_equal(sh->weight, "134.0 K");
	assert_null(sh->flight);
	assert_null(sh->routing);
	assert_null(sh->loading);
	assert_null(sh->discharge);
	check_party(&sh->shipper, "SPARE PART LTD.", "42. GONGDAN SEONGSAN",
	    "CHANGWON-SI. KYUN", "12345", "KR",
	    "055281234567890, KIM QUAN KWUN, 0553456789012");
	check_party(&sh->consignee, "REPAIR DIENST GMBH", "SPEZIAL-STR. 13",
	    "FRIEDRICHSHAFEN", "87654", "DE", NULL);
	check_party(&sh->notify, NULL, NULL, NULL, NULL, NULL, NULL);
	/* The item's own description wins over the house's summary. */
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0], "SPARE PARTS", "1133557799", "5", "133.7 K",
	    NULL);
	assert_int_equal(sh->nequipment, 0);
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
	free(buf);
}

/* ---- the project's own messages ---- */

/*
 * A direct waybill as the IATA toolkit writes it (rsm:, ram: prefixes),
 * with nothing optional: no parties, flights or goods. Its check digit is
 * wrong (1234567 mod 7 is 5), which core flags, not the parser.
 */
static const char xfwb_bare[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rsm:Waybill xmlns:rsm=\"iata:waybill:1\""
    " xmlns:ram=\"iata:datamodel:3\">\n"
    " <rsm:MessageHeaderDocument>\n"
    "  <ram:ID>VB-BARE-1</ram:ID>\n"
    "  <ram:TypeCode>740</ram:TypeCode>\n"
    " </rsm:MessageHeaderDocument>\n"
    " <rsm:BusinessHeaderDocument><ram:ID>157-12345670</ram:ID>"
    "</rsm:BusinessHeaderDocument>\n"
    " <rsm:MasterConsignment/>\n"
    "</rsm:Waybill>\n";

static void
test_bare_direct_waybill(void **state)
{
	struct model *m = parse_ok(xfwb_bare);
	const struct manifest *mf = &m->manifests[0];
	const struct shipment *sh;

	(void)state;
	assert_null(m->sender);
	assert_string_equal(mf->message_ref, "VB-BARE-1");
	assert_string_equal(mf->document_code, "740");
	assert_null(mf->version);
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_int_equal(mf->nshipments, 1);
	sh = &mf->shipments[0];
	check_starts(xfwb_bare, sh->offset, "<rsm:MasterConsignment/>");
	assert_string_equal(sh->kind, "air_waybill");
	assert_string_equal(sh->number, "157-12345670");	/* as sent */
	assert_null(sh->master);
	check_party(&sh->shipper, NULL, NULL, NULL, NULL, NULL, NULL);
	check_party(&sh->consignee, NULL, NULL, NULL, NULL, NULL, NULL);
	assert_null(sh->origin);
	assert_null(sh->destination);
	assert_null(sh->flight);
	assert_null(sh->routing);
	assert_null(sh->pieces);
	assert_null(sh->weight);
	assert_int_equal(sh->ngoods, 0);
	assert_int_equal(sh->nequipment, 0);
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

/*
 * A house withdrawn (Deletion), naming its master; a notify party; an
 * item with two HS codes and no description, so the summary stands in;
 * ULDs sent whole (with seals), in parts, and twice; pounds; a flight
 * without its date; the master's origin for a house that gives none.
 */
static const char xfzb_full[] =
    "\xef\xbb\xbf  <!-- a forwarder's house -->\n"
    "<HouseWaybill xmlns=\"iata:housewaybill:1\">\n"
    " <MessageHeaderDocument xmlns=\"iata:datamodel:3\">\n"
    "  <ID>VB-HOUSE-7</ID><TypeCode>703</TypeCode>\n"
    "  <PurposeCode>Deletion</PurposeCode><VersionID>3.00</VersionID>\n"
    "  <SenderParty><PrimaryID schemeID=\"P\">REUAGT99VBORDER/FRA01"
    "</PrimaryID></SenderParty>\n"
    " </MessageHeaderDocument>\n"
    " <BusinessHeaderDocument><ID xmlns=\"iata:datamodel:3\">FRA77"
    "</ID></BusinessHeaderDocument>\n"
    " <MasterConsignment>\n"
    "  <d:OriginLocation xmlns:d=\"iata:datamodel:3\"><d:ID>FRA</d:ID>"
    "</d:OriginLocation>\n"
    "  <TransportContractDocument><ID>020-12345675</ID>"
    "</TransportContractDocument>\n"
    "  <IncludedHouseConsignment>\n"
    "   <TotalPieceQuantity>2</TotalPieceQuantity>\n"
    "   <IncludedTareGrossWeightMeasure unitCode=\"LBR\">44"
    "</IncludedTareGrossWeightMeasure>\n"
    "   <SummaryDescription>  MACHINE\n   PARTS  </SummaryDescription>\n"
    "   <FinalDestinationLocation><ID>JFK</ID></FinalDestinationLocation>\n"
    "   <ConsigneeParty><Name>ACME IMPORTS INC</Name>\n"
    "    <DefinedTradeContact><PersonName>JANE ROE</PersonName>\n"
    "     <URIEmailCommunication><URIID>JANE@ACME.EXAMPLE</URIID>"
    "</URIEmailCommunication></DefinedTradeContact>\n"
    "   </ConsigneeParty>\n"
    "   <AssociatedParty><Name>NOT THE NOTIFY</Name><RoleCode>OJ</RoleCode>"
    "</AssociatedParty>\n"
    "   <AssociatedParty><Name>BROKER &amp; SONS</Name>"
    "<RoleCode>NI</RoleCode>\n"
    "    <PostalStructuredAddress><StreetName>1 PIER ST</StreetName>"
    "<CityName>NEW YORK</CityName><CountryID>US</CountryID>"
    "</PostalStructuredAddress></AssociatedParty>\n"
    "   <SpecifiedLogisticsTransportMovement><ID>LH400</ID>\n"
    "    <DepartureEvent><OccurrenceDepartureLocation><ID>FRA</ID>"
    "</OccurrenceDepartureLocation></DepartureEvent>\n"
    "    <ArrivalEvent><OccurrenceArrivalLocation><ID>JFK</ID>"
    "</OccurrenceArrivalLocation></ArrivalEvent>\n"
    "   </SpecifiedLogisticsTransportMovement>\n"
    "   <IncludedHouseConsignmentItem>\n"
    "    <TypeCode>847130</TypeCode><TypeCode>8473.30</TypeCode>\n"
    "    <PieceQuantity>2</PieceQuantity>\n"
    "    <AssociatedUnitLoadTransportEquipment><ID>AKE12345LH</ID>"
    "<CharacteristicCode>AKE</CharacteristicCode>\n"
    "     <OperatingParty><PrimaryID>LH</PrimaryID></OperatingParty>\n"
    "     <AffixedLogisticsSeal><ID>S-1</ID></AffixedLogisticsSeal>"
    "<AffixedLogisticsSeal><ID>S-2</ID></AffixedLogisticsSeal>\n"
    "    </AssociatedUnitLoadTransportEquipment>\n"
    "    <AssociatedUnitLoadTransportEquipment><ID>12345LH</ID>"
    "<CharacteristicCode>PMC</CharacteristicCode><OperatingParty>"
    "<PrimaryID>LH</PrimaryID></OperatingParty>"
    "</AssociatedUnitLoadTransportEquipment>\n"
    "    <AssociatedUnitLoadTransportEquipment><ID>AKE12345LH</ID>"
    "</AssociatedUnitLoadTransportEquipment>\n"
    "   </IncludedHouseConsignmentItem>\n"
    "  </IncludedHouseConsignment>\n"
    " </MasterConsignment>\n"
    "</HouseWaybill>\n";

static void
test_house_in_full(void **state)
{
	struct model *m = parse_ok(xfzb_full);
	const struct manifest *mf = &m->manifests[0];
	const struct shipment *sh;

	(void)state;
	assert_string_equal(m->sender, "REUAGT99VBORDER/FRA01");
	check_starts(xfzb_full, mf->offset, "<HouseWaybill ");
	assert_string_equal(mf->message_ref, "VB-HOUSE-7");
	assert_int_equal(mf->action, MANIFEST_CANCEL);
	sh = &mf->shipments[0];
	assert_string_equal(sh->kind, "house_waybill");
	assert_string_equal(sh->number, "FRA77");
	assert_string_equal(sh->master, "020-12345675");
	assert_string_equal(sh->origin, "FRA");	/* the master's */
	assert_string_equal(sh->destination, "JFK");
	assert_string_equal(sh->pieces, "2");
	assert_string_equal(sh->weight, "44 L");
	assert_string_equal(sh->flight, "LH400");
	assert_string_equal(sh->routing, "FRA-LH-JFK");
	assert_string_equal(sh->loading, "FRA");
	assert_string_equal(sh->discharge, "JFK");
	check_party(&sh->shipper, NULL, NULL, NULL, NULL, NULL, NULL);
	check_party(&sh->consignee, "ACME IMPORTS INC", NULL, NULL, NULL, NULL,
	    "JANE ROE, JANE@ACME.EXAMPLE");
	check_party(&sh->notify, "BROKER & SONS", "1 PIER ST", "NEW YORK",
	    NULL, "US", NULL);
	assert_int_equal(sh->ngoods, 2);
	check_goods(&sh->goods[0], "MACHINE PARTS", "847130", "2", NULL, NULL);
	check_goods(&sh->goods[1], "MACHINE PARTS", "8473.30", NULL, NULL,
	    NULL);
	/* Whole, completed with its type, and named twice but kept once. */
	assert_int_equal(sh->nequipment, 2);
	assert_string_equal(sh->equipment[0].id, "AKE12345LH");
	assert_string_equal(sh->equipment[0].kind, "uld");
	assert_string_equal(sh->equipment[0].seals, "S-1, S-2");
	assert_string_equal(sh->equipment[1].id, "PMC12345LH");
	assert_null(sh->equipment[1].seals);
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

static void
test_house_summary_only(void **state)
{
	static const char in[] =
	    "<h:HouseWaybill xmlns:h='iata:housewaybill:1'>"
	    "<h:BusinessHeaderDocument><ID>H1</ID></h:BusinessHeaderDocument>"
	    "<h:MasterConsignment><IncludedHouseConsignment>"
	    "<SummaryDescription>USED CLOTHING</SummaryDescription>"
	    "</IncludedHouseConsignment></h:MasterConsignment>"
	    "</h:HouseWaybill>";
	struct model *m = parse_ok(in);
	const struct shipment *sh = &m->manifests[0].shipments[0];

	(void)state;
	assert_int_equal(sh->ngoods, 1);
	check_goods(&sh->goods[0], "USED CLOTHING", NULL, NULL, NULL, NULL);
	/* No master named: kept, and the ack says so. */
	assert_null(sh->master);
	assert_true(h_has_warning(m, "without its master air waybill"));
	assert_true(h_has_warning(m, "no MessageHeaderDocument"));
	model_free(m);
}

/* A second house is read under its own ID rather than lost. */
static void
test_second_house(void **state)
{
	static const char in[] =
	    "<HouseWaybill xmlns='iata:housewaybill:1'>"
	    "<BusinessHeaderDocument><ID>H1</ID></BusinessHeaderDocument>"
	    "<MasterConsignment><TransportContractDocument>"
	    "<ID>020-12345675</ID></TransportContractDocument>"
	    "<IncludedHouseConsignment><ID>H1</ID></IncludedHouseConsignment>"
	    "<IncludedHouseConsignment><ID>H2</ID></IncludedHouseConsignment>"
	    "</MasterConsignment></HouseWaybill>";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_int_equal(mf->nshipments, 2);
	assert_string_equal(mf->shipments[0].number, "H1");
	assert_string_equal(mf->shipments[1].number, "H2");
	assert_string_equal(mf->shipments[1].master, "020-12345675");
	assert_true(h_has_warning(m, "a second IncludedHouseConsignment"));
	model_free(m);
}

static void
test_deviations_warned(void **state)
{
	static const char in[] =
	    "<Waybill xmlns='iata:waybill:1'><MessageHeaderDocument>"
	    "<TypeCode>703</TypeCode><PurposeCode>Amend</PurposeCode>"
	    "</MessageHeaderDocument>"
	    "<BusinessHeaderDocument><ID>020-12345675</ID>"
	    "</BusinessHeaderDocument><MasterConsignment><ApplicableRating>"
	    "<IncludedMasterConsignmentItem>"
	    "<UtilizedUnitLoadTransportEquipment><CharacteristicCode>PMC"
	    "</CharacteristicCode></UtilizedUnitLoadTransportEquipment>"
	    "</IncludedMasterConsignmentItem></ApplicableRating>"
	    "</MasterConsignment></Waybill>";
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_string_equal(mf->shipments[0].kind, "air_waybill");
	assert_int_equal(mf->shipments[0].nequipment, 0);
	assert_true(h_has_warning(m, "TypeCode 703 is not 740 or 741"));
	assert_true(h_has_warning(m, "PurposeCode Amend"));
	assert_true(h_has_warning(m, "UtilizedUnitLoadTransportEquipment without"
	    " an ID"));
	model_free(m);
}

/* Declared ISO-8859-1: the model holds UTF-8. */
static void
test_latin1(void **state)
{
	static const char in[] =
	    "<?xml version='1.0' encoding='ISO-8859-1'?>\n"
	    "<Waybill xmlns='iata:waybill:1'>"
	    "<BusinessHeaderDocument><ID>020-12345675</ID>"
	    "</BusinessHeaderDocument><MasterConsignment><ConsignorParty>"
	    "<Name>M\xdcLLER GMBH</Name></ConsignorParty></MasterConsignment>"
	    "</Waybill>";
	struct model *m = parse_ok(in);

	(void)state;
	assert_string_equal(m->manifests[0].shipments[0].shipper.name,
	    "M\xc3\x9cLLER GMBH");
	model_free(m);
}

/* ---- what cannot be read ---- */

static void
test_missing_parts(void **state)
{
	struct vb_error err;

	(void)state;
	parse_fails("<Waybill xmlns='iata:waybill:1'><MasterConsignment/>"
	    "</Waybill>", VB_EINVALID, "XFWB without its air waybill number"
	    " (BusinessHeaderDocument/ID)", &err);
	assert_string_equal(err.segment, "Waybill");
	parse_fails("<Waybill xmlns='iata:waybill:1'><BusinessHeaderDocument>"
	    "<ID>020-12345675</ID></BusinessHeaderDocument></Waybill>",
	    VB_EINVALID, "XFWB without its MasterConsignment", &err);
	parse_fails("<HouseWaybill xmlns='iata:housewaybill:1'>"
	    "<BusinessHeaderDocument><ID>H1</ID></BusinessHeaderDocument>"
	    "<MasterConsignment/></HouseWaybill>", VB_EINVALID,
	    "XFZB without its house", &err);
	parse_fails("<HouseWaybill xmlns='iata:housewaybill:1'>"
	    "<MasterConsignment><IncludedHouseConsignment/></MasterConsignment>"
	    "</HouseWaybill>", VB_EINVALID, "without its house waybill number",
	    &err);
	/* A second house needs its own ID: nothing is kept of the message. */
	parse_fails("<HouseWaybill xmlns='iata:housewaybill:1'>"
	    "<BusinessHeaderDocument><ID>H1</ID></BusinessHeaderDocument>"
	    "<MasterConsignment><IncludedHouseConsignment/>"
	    "<IncludedHouseConsignment/></MasterConsignment></HouseWaybill>",
	    VB_EINVALID, "without its house waybill number", &err);
}

/* The first error, where it is: line, column and byte offset. */
static void
test_malformed(void **state)
{
	static const char in[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<Waybill xmlns=\"iata:waybill:1\">\n"
	    "<MessageHeaderDocument>\n"
	    "  <ID>X</Name>\n"
	    "</MessageHeaderDocument>\n"
	    "</Waybill>\n";
	static const char cut[] =
	    "<Waybill xmlns=\"iata:waybill:1\">\n"
	    "<BusinessHeaderDocument>\n<ID>1";
	struct vb_error err;

	(void)state;
	parse_fails(in, VB_ESYNTAX, "invalid XML at line 4, column 15:"
	    " Opening and ending tag mismatch: ID line 4 and Name", &err);
	assert_int_equal(err.segment_no, 4);
	assert_int_equal(err.offset, (long)(strstr(in, "</Name>") + 7 - in));
	parse_fails(cut, VB_ESYNTAX, "line 3", &err);
	assert_int_equal(err.segment_no, 3);
	parse_fails("<Waybill xmlns=\"iata:waybill:1\"><a b='1' b='2'/>"
	    "</Waybill>", VB_ESYNTAX, "Attribute b redefined", &err);
	parse_fails("<Waybill xmlns=\"iata:waybill:1\"></Waybill><x/>",
	    VB_ESYNTAX, "Extra content at the end of the document", &err);
	/* An entity no DTD declares is an error, not an empty string. */
	parse_fails("<Waybill xmlns=\"iata:waybill:1\">&xxe;</Waybill>",
	    VB_ESYNTAX, "Entity 'xxe' not defined", &err);
	parse_fails("<?xml version=\"1.0\" encoding=\"NO-SUCH-9\"?>\n"
	    "<Waybill xmlns=\"iata:waybill:1\"/>", VB_ESYNTAX,
	    "Unsupported encoding NO-SUCH-9", &err);
}

/* Whatever the bytes, parse answers, and never crashes. */
static void
test_garbage(void **state)
{
	static const char *const ins[] = {"", "<", "\0\0\0\0", "<<<>>>",
	    "<Waybill xmlns='iata:waybill:1'>\x80\xff</Waybill>",
	    "<html><body>not a waybill</body></html>"};
	struct vb_error err;
	struct model *m;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(ins) / sizeof(ins[0]); i++) {
		len = i == 2 ? 4 : strlen(ins[i]);	/* four NUL bytes */
		assert_non_null(m = model_new());
		vb_err_clear(&err);
		assert_int_equal(feed_cargoxml.parse(ins[i], len, &ctx, m,
		    &err), -1);
		assert_true(err.code == VB_ESYNTAX ||
		    err.code == VB_EUNSUPPORTED);
		assert_int_equal(m->nmanifests, 0);
		model_free(m);
	}
}

/* A root of the right name in the wrong namespace is not Cargo-XML. */
static void
test_wrong_root_parsed(void **state)
{
	static const char in[] = "<HouseWaybill xmlns='iata:waybill:1'/>";
	struct vb_error err;
	struct model *m;

	(void)state;
	assert_non_null(m = model_new());
	assert_int_equal(feed_cargoxml.parse(in, strlen(in), &ctx, m, &err),
	    -1);
	assert_int_equal(err.code, VB_EUNSUPPORTED);
	assert_non_null(strstr(err.message, "root element HouseWaybill in"
	    " namespace iata:waybill:1 is not"));
	model_free(m);
}

/* ---- XML's own dangers: external entities, entity expansion ---- */

/*
 * An external entity naming a file of ours: refused at the DOCTYPE, so the
 * file's words reach neither the model nor the error.
 */
static void
test_xxe_not_fetched(void **state)
{
	static const char marker[] = "VBORDER-XXE-MARKER-4417";
	char path[] = "/tmp/vborder-xxe-XXXXXX", in[1024];
	struct vb_error err;
	int fd, n;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	assert_int_equal(write(fd, marker, strlen(marker)),
	    (ssize_t)strlen(marker));
	close(fd);
	n = snprintf(in, sizeof(in), "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE Waybill [<!ENTITY xxe SYSTEM \"file://%s\">]>\n"
	    "<Waybill xmlns=\"iata:waybill:1\">"
	    "<BusinessHeaderDocument><ID>&xxe;</ID></BusinessHeaderDocument>"
	    "<MasterConsignment/></Waybill>\n", path);
	assert_true(n > 0 && (size_t)n < sizeof(in));
	parse_fails(in, VB_EUNSUPPORTED, "a DOCTYPE at line 2", &err);
	assert_null(strstr(err.message, marker));
	assert_string_equal(err.segment, "DOCTYPE");
	unlink(path);

	/* An external subset, and a parameter entity: the same refusal. */
	parse_fails("<!DOCTYPE Waybill SYSTEM \"http://127.0.0.1:9/evil.dtd\">"
	    "<Waybill xmlns=\"iata:waybill:1\"/>", VB_EUNSUPPORTED, "DOCTYPE",
	    &err);
	parse_fails("<!DOCTYPE Waybill [<!ENTITY % p SYSTEM"
	    " \"http://127.0.0.1:9/p.dtd\"> %p;]>"
	    "<Waybill xmlns=\"iata:waybill:1\"/>", VB_EUNSUPPORTED, "DOCTYPE",
	    &err);
}

/* Ten levels of ten: 10^10 "lol"s if expanded. Refused before the first. */
static void
test_billion_laughs(void **state)
{
	char in[4096];
	size_t at = 0;
	struct vb_error err;
	int n;

	(void)state;
	n = snprintf(in, sizeof(in), "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE Waybill [\n<!ENTITY lol0 \"lol\">\n");
	at = (size_t)n;
	for (int i = 1; i <= 10; i++) {
		n = snprintf(in + at, sizeof(in) - at, "<!ENTITY lol%d \"", i);
		at += (size_t)n;
		for (int j = 0; j < 10; j++) {
			n = snprintf(in + at, sizeof(in) - at, "&lol%d;",
			    i - 1);
			at += (size_t)n;
		}
		n = snprintf(in + at, sizeof(in) - at, "\">\n");
		at += (size_t)n;
	}
	n = snprintf(in + at, sizeof(in) - at, "]>\n<Waybill xmlns=\"iata:"
	    "waybill:1\"><BusinessHeaderDocument><ID>&lol10;</ID>"
	    "</BusinessHeaderDocument><MasterConsignment/></Waybill>\n");
	assert_true(n > 0 && at + (size_t)n < sizeof(in));
	parse_fails(in, VB_EUNSUPPORTED, "DOCTYPE", &err);
}

/* ---- a library never prints ---- */

static void
test_silent(void **state)
{
	static const char *const ins[] = {
		"<Waybill xmlns='iata:waybill:1'><ID>1</Name></Waybill>",
		"<?xml version='1.0' encoding='NO-SUCH-9'?><Waybill/>",
		"<?xml version='1.0'?><Waybill>\xff\xfe</Waybill>",
		"<w:Waybill xmlns:x='iata:waybill:1'/>",
		"<!DOCTYPE Waybill [<!ENTITY a 'b'>]><Waybill/>",
	};
	char path[] = "/tmp/vborder-stderr-XXXXXX";
	struct vb_error err;
	struct model *m;
	struct stat st;
	int fd, saved;

	(void)state;
	fflush(stderr);
	assert_true((fd = mkstemp(path)) != -1);
	assert_true((saved = dup(2)) != -1);
	assert_int_equal(dup2(fd, 2), 2);
	for (size_t i = 0; i < sizeof(ins) / sizeof(ins[0]); i++) {
		m = model_new();
		(void)feed_cargoxml.parse(ins[i], strlen(ins[i]), &ctx, m,
		    &err);
		model_free(m);
	}
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	assert_int_equal(fstat(fd, &st), 0);
	close(fd);
	unlink(path);
	assert_int_equal(st.st_size, 0);
}

/* ---- detection ---- */

static void
test_detect(void **state)
{
	static const char *const yes[] = {
		"<Waybill xmlns=\"iata:waybill:1\"/>",
		"\xef\xbb\xbf\r\n <?xml version='1.0'?><!-- x --><?pi y?>\n"
		    "<x:HouseWaybill\n xmlns:a=\"b\""
		    " xmlns:x = 'iata:housewaybill:1'>",
		/* Detected, so that the parser can say why it refuses it. */
		"<!DOCTYPE Waybill [<!ENTITY a '>'>]>"
		    "<Waybill xmlns='iata:waybill:1'/>",
	};
	static const char *const no[] = {
		"", "<", "<html><body>Waybill</body></html>",
		"<?xml version='1.0'?><html xmlns='iata:waybill:1'/>",
		/* UBL's Waybill is another standard. */
		"<Waybill xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:"
		    "Waybill-2\"/>",
		"<Waybill/>",
		"<Waybill xmlns='iata:housewaybill:1'/>",
		"<ns3:Waybill xmlns:ns2='iata:waybill:1'"
		    " xmlns='iata:waybill:1'/>",
		"<Waybill xmlns:ns2='iata:waybill:1'/>",
		"<Waybill xmlns='iata:waybill:10'/>",
		"{\"format\": \"vborder-manifest/1\"}",
		"UNB+UNOA:4+AIR1+USCBP+260101:1200+1'",
		"text <Waybill xmlns='iata:waybill:1'/>",
	};
	size_t len;
	char *buf;

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!feed_cargoxml.detect(yes[i], strlen(yes[i])))
			fail_msg("not detected: %s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (feed_cargoxml.detect(no[i], strlen(no[i])))
			fail_msg("detected: %s", no[i]);
	/* Only what the head holds: a root cut short is no root. */
	assert_false(feed_cargoxml.detect(yes[0], 10));
	/* The other parsers leave Cargo-XML alone. */
	assert_non_null(buf = h_read_sample("cargo/SEL22222222_XFZB.xml",
	    &len));
	assert_ptr_equal(feed_detect(buf, len, NULL), &feed_cargoxml);
	free(buf);
	/* And Cargo-XML leaves the others alone. */
	assert_non_null(buf = h_read_sample("gtas/apisMessage.txt", &len));
	assert_false(feed_cargoxml.detect(buf, len));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_xfwb),
		cmocka_unit_test(test_sample_xfwb_acas),
		cmocka_unit_test(test_sample_xfwb_multiple_uld_hts),
		cmocka_unit_test(test_sample_xfzb),
		cmocka_unit_test(test_bare_direct_waybill),
		cmocka_unit_test(test_house_in_full),
		cmocka_unit_test(test_house_summary_only),
		cmocka_unit_test(test_second_house),
		cmocka_unit_test(test_deviations_warned),
		cmocka_unit_test(test_latin1),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_wrong_root_parsed),
		cmocka_unit_test(test_xxe_not_fetched),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_silent),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
