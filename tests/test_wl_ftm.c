/*
 * The FollowTheMoney watchlist reader. Each case reads JSON lines held in
 * a string (fmemopen) and compares what the reader delivered, one line per
 * entry in the text form of tests/wl_got.c, and what it rejected, with the
 * line numbers.
 * The entities are the project's own, written in FtM's shape.
 *
 * In the cases JSON is written with ' for " so that it can be read; the
 * helper swaps them back before the reader sees it.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wl_got.h"

/*
 * What the reader promises of every entity it delivers, whatever the text
 * form shows: FtM has no withdrawal, expiry or severity (a list owner
 * cannot withdraw or date an entity), and a part adds to its entity
 * without a name or aliases of its own.
 */
static void
ftm_contract(const struct wl_entry *e)
{
	assert_int_equal(e->withdrawn, 0);
	assert_null(e->expires);
	assert_null(e->severity);
	if (e->part) {
		assert_null(e->name);
		assert_int_equal(e->naliases, 0);
	}
}

/* Reads text as it stands, each entry held to the contract. */
static long
read_text(const char *text, struct wl_got *g, struct vb_error *err)
{
	g->check = ftm_contract;
	return wl_got_read(wl_read_ftm, text, g, err);
}

/* Reads the lines after swapping ' for ". */
static long
read_ftm(const char *lines, struct wl_got *g, struct vb_error *err)
{
	char *text = strdup(lines);
	long n;

	assert_non_null(text);
	for (char *p = text; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	n = read_text(text, g, err);
	free(text);
	return n;
}

static void
test_person_every_field(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'vb-sdn-1001', 'schema': 'Person',"
	    " 'caption': 'Viktor Petrenko',"
	    " 'properties': {"
	    "  'name': ['Viktor Petrenko', 'Viktor PETRENKO'],"
	    "  'alias': ['Wiktor Petrenko', 'Viktor Petrenko', 'Viktor PETRENKO'],"
	    "  'weakAlias': ['Vitya'],"
	    "  'previousName': ['Viktor Semenov'],"
	    "  'firstName': ['Viktor'], 'lastName': ['Petrenko'],"
	    "  'birthDate': ['1971-04-02'], 'birthPlace': ['Odesa'],"
	    "  'nationality': ['ua'], 'citizenship': ['ru'],"
	    "  'gender': ['male'],"
	    "  'passportNumber': ['FE123456', 'EK998877'],"
	    "  'idNumber': ['3344556677'],"
	    "  'phone': ['+380 44 555 0101'],"
	    "  'email': ['v.petrenko@example.net', 'vp@example.org'],"
	    "  'address': ['12 Harbour Rd, Odesa 65000, Ukraine'],"
	    "  'addressEntity': ['vb-addr-77'],"
	    "  'topics': ['sanction', 'crime.fin'],"
	    "  'notes': ['Finances the shipping network of vb-sdn-2001.'],"
	    "  'summary': ['Not this: notes come first.']"
	    " },"
	    " 'datasets': ['vb_demo_sdn'], 'referents': ['vb-old-1'],"
	    " 'first_seen': '2022-03-01T00:00:00',"
	    " 'last_seen': '2024-05-01T00:00:00', 'target': true}\n",
	    &g, &err), 1);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "1 vb-sdn-1001 person Viktor Petrenko"
	    " born=1971-04-02 nat=UKR gender=M category=sanction;crime.fin"
	    " aliases=Viktor PETRENKO|Wiktor Petrenko|Vitya|Viktor Semenov"
	    " docs=P/-/FE123456|P/-/EK998877|I/-/3344556677"
	    " phones=+380 44 555 0101"
	    " emails=v.petrenko@example.net|vp@example.org"
	    " addresses=12 Harbour Rd, Odesa 65000, Ukraine"
	    " note=Finances the shipping network of vb-sdn-2001.");
}

static void
test_organizations(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'vb-co-1', 'schema': 'Company', 'properties': {"
	    " 'name': ['Blue Anchor Trading LLC'], 'alias': ['Blue Anchor'],"
	    " 'jurisdiction': ['ae'], 'country': ['cy'],"
	    " 'registrationNumber': ['HE 123456'], 'idNumber': ['777'],"
	    " 'incorporationDate': ['2015-06-01'],"
	    " 'email': ['info@blue-anchor.example'], 'phone': ['+357 22 000000'],"
	    " 'address': ['1 Quay St, Limassol'], 'topics': ['sanction'],"
	    " 'summary': ['Front company.']}}\n"
	    "{'id': 'vb-org-2', 'schema': 'Organization',"
	    " 'properties': {'name': ['Sons of the Delta'],"
	    " 'topics': ['crime.terror', 'wanted']}}\n"
	    "{'id': 'vb-le-3', 'schema': 'LegalEntity',"
	    " 'properties': {'name': ['Harbor Holdings'], 'country': ['GB']}}\n"
	    "{'id': 'vb-pb-4', 'schema': 'PublicBody',"
	    " 'properties': {'name': ['Ministry of Fisheries'], 'country': ['xk']}}\n",
	    &g, &err), 4);
	assert_int_equal(g.nrejects, 0);
	/* Registration numbers are not travel documents: not matched on. */
	assert_string_equal(g.entries[0], "1 vb-co-1 organization Blue Anchor"
	    " Trading LLC nat=CYP category=sanction aliases=Blue Anchor"
	    " phones=+357 22 000000 emails=info@blue-anchor.example"
	    " addresses=1 Quay St, Limassol note=Front company.");
	assert_string_equal(g.entries[1], "2 vb-org-2 organization Sons of the"
	    " Delta category=crime.terror;wanted");
	assert_string_equal(g.entries[2], "3 vb-le-3 organization Harbor Holdings"
	    " nat=GBR");
	/* FtM's xk for Kosovo is RKS in ICAO 9303, as passports have it. */
	assert_string_equal(g.entries[3], "4 vb-pb-4 organization Ministry of"
	    " Fisheries nat=RKS");
}

static void
test_vessel(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'vb-ves-1', 'schema': 'Vessel', 'caption': 'NORTHERN STAR',"
	    " 'properties': {'name': ['NORTHERN STAR'],"
	    " 'previousName': ['POLAR STAR', 'SEA GULL'],"
	    " 'imoNumber': ['IMO 9187629'], 'mmsi': ['273456789'],"
	    " 'flag': ['ru'], 'pastFlags': ['pa'], 'callSign': ['UBCD7'],"
	    " 'buildDate': ['1999'], 'topics': ['sanction']}}\n"
	    "{'id': 'vb-ves-2', 'schema': 'Vessel', 'properties': {"
	    " 'name': ['Lucky Dragon'], 'imoNumber': ['9300001', 'IMO9300002'],"
	    " 'country': ['km']}}\n",
	    &g, &err), 2);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "1 vb-ves-1 vessel NORTHERN STAR"
	    " nat=RUS category=sanction aliases=POLAR STAR|SEA GULL"
	    " docs=IMO/-/9187629|MMSI/-/273456789");
	/* No flag: the country the list names stands in. */
	assert_string_equal(g.entries[1], "2 vb-ves-2 vessel Lucky Dragon nat=COM"
	    " docs=IMO/-/9300001|IMO/-/9300002");
}

static void
test_documents_join_their_holder_in_any_order(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'vb-pass-1', 'schema': 'Passport', 'caption': 'AB1234567',"
	    " 'properties': {'holder': ['vb-sdn-2002'], 'number': ['AB1234567'],"
	    " 'country': ['ir'], 'type': ['diplomatic'],"
	    " 'startDate': ['2019-01-01'], 'endDate': ['2029-01-01']}}\n"
	    "{'id': 'vb-sdn-2002', 'schema': 'Person', 'properties': {"
	    " 'name': ['Reza Tehrani'], 'addressEntity': ['vb-addr-9'],"
	    " 'identification': ['vb-id-1']}}\n"
	    "{'id': 'vb-id-1', 'schema': 'Identification', 'properties': {"
	    " 'holder': ['vb-sdn-2002'], 'number': ['0012345678'],"
	    " 'country': ['IRN'], 'type': ['National ID No.']}}\n"
	    "{'id': 'vb-id-2', 'schema': 'Identification', 'properties': {"
	    " 'holder': [{'id': 'vb-sdn-2002', 'schema': 'Person'}],"
	    " 'number': ['X7700', 'X7701'], 'type': ['Passport No.'],"
	    " 'country': ['zz']}}\n"
	    "{'id': 'vb-id-3', 'schema': 'Identification', 'properties': {"
	    " 'holder': ['vb-sdn-2002'], 'number': ['V-55'],"
	    " 'type': ['Schengen visa']}}\n"
	    "{'id': 'vb-pass-2', 'schema': 'Passport', 'properties': {"
	    " 'holder': ['vb-sdn-2002', 'vb-sdn-2003'],"
	    " 'passportNumber': ['C0FFEE1'], 'country': ['ua']}}\n",
	    &g, &err), 7);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "1 vb-sdn-2002 part"
	    " docs=P/IRN/AB1234567");
	assert_string_equal(g.entries[1], "2 vb-sdn-2002 person Reza Tehrani");
	assert_string_equal(g.entries[2], "3 vb-sdn-2002 part"
	    " docs=I/IRN/0012345678");
	assert_string_equal(g.entries[3], "4 vb-sdn-2002 part"
	    " docs=P/-/X7700|P/-/X7701");
	assert_string_equal(g.entries[4], "5 vb-sdn-2002 part docs=V/-/V-55");
	/* Merged entities can share a passport record: one part each. */
	assert_string_equal(g.entries[5], "6 vb-sdn-2002 part docs=P/UKR/C0FFEE1");
	assert_string_equal(g.entries[6], "6 vb-sdn-2003 part docs=P/UKR/C0FFEE1");
}

static void
test_sanction_is_a_note_on_its_entity(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'vb-sanc-1', 'schema': 'Sanction', 'caption': 'SDGT',"
	    " 'properties': {'entity': ['vb-sdn-1001'],"
	    " 'authority': ['Office of Demo Sanctions'], 'program': ['SDGT'],"
	    " 'reason': ['Financing of terrorism'], 'startDate': ['2020-02-02'],"
	    " 'listingDate': ['2020-02-02']}}\n"
	    "{'id': 'vb-sanc-2', 'schema': 'Sanction', 'properties': {"
	    " 'entity': ['vb-ves-1'], 'program': ['RUSSIA-EO14024']}}\n"
	    "{'id': 'vb-sanc-3', 'schema': 'Sanction', 'properties': {"
	    " 'entity': ['vb-ves-1'], 'startDate': ['2021']}}\n",
	    &g, &err), 2);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "1 vb-sdn-1001 part note=sanction"
	    " Office of Demo Sanctions: SDGT: Financing of terrorism");
	assert_string_equal(g.entries[1], "2 vb-ves-1 part"
	    " note=sanction: RUSSIA-EO14024");
}

static void
test_other_schemas_skipped_quietly(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'vb-own-1', 'schema': 'Ownership', 'properties': {"
	    " 'owner': ['vb-sdn-1001'], 'asset': ['vb-co-1'],"
	    " 'percentage': ['51']}}\n"
	    "{'id': 'vb-addr-77', 'schema': 'Address', 'properties': {"
	    " 'full': ['12 Harbour Rd, Odesa'], 'country': ['ua']}}\n"
	    "{'id': 'vb-dir-1', 'schema': 'Directorship', 'properties': {"
	    " 'director': ['vb-sdn-1001'], 'organization': ['vb-co-1']}}\n"
	    "{'id': 'vb-fam-1', 'schema': 'Family', 'properties': {}}\n"
	    "{'id': 'vb-air-1', 'schema': 'Airplane', 'properties': {"
	    " 'name': ['Falcon 7X'], 'registrationNumber': ['RA-09009']}}\n"
	    "{'id': 'vb-p-1', 'schema': 'Person', 'properties': {"
	    " 'name': ['Ann Lee']}}\n",
	    &g, &err), 1);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "6 vb-p-1 person Ann Lee");
}

static void
test_rejects_name_their_line(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'vb-p-1', 'schema': 'Person', 'properties': {'name': ['A B']}\n"
	    "[1, 2]\n"
	    "{'schema': 'Person', 'properties': {'name': ['No Id']}}\n"
	    "{'id': 'vb-p-4', 'properties': {'name': ['No Schema']}}\n"
	    "{'id': 'vb-p-5', 'schema': 'Person', 'properties': {"
	    " 'birthDate': ['1980'], 'nationality': ['fr']}}\n"
	    "{'id': 'vb-p-6', 'schema': 'Person', 'properties': ['x']}\n"
	    "{'id': 'vb-pass-7', 'schema': 'Passport', 'properties': {"
	    " 'number': ['P1']}}\n"
	    "{'id': 'vb-pass-8', 'schema': 'Passport', 'properties': {"
	    " 'holder': ['vb-p-1']}}\n"
	    "{'id': 'vb-sanc-9', 'schema': 'Sanction', 'properties': {"
	    " 'program': ['X']}}\n"
	    "{'id': 'vb-p-10', 'schema': 'Person', 'properties': {"
	    " 'name': ['  ']}}\n"
	    "{'id': 'vb-p-11', 'schema': 'Person', 'properties': {"
	    " 'name': ['Still Read']}}\n",
	    &g, &err), 1);
	assert_string_equal(g.entries[0], "11 vb-p-11 person Still Read");
	assert_int_equal(g.nrejects, 10);
	for (size_t i = 0; i < g.nrejects; i++)
		assert_int_equal(g.reject_lines[i], (long)i + 1);
	assert_non_null(strstr(g.rejects[0], "line 1: not JSON: "));
	assert_string_equal(g.rejects[1], "line 2: not a JSON object");
	assert_string_equal(g.rejects[2], "line 3: the entity has no id");
	assert_string_equal(g.rejects[3], "line 4: entity vb-p-4 has no schema");
	assert_string_equal(g.rejects[4], "line 5: Person vb-p-5 has no name");
	assert_string_equal(g.rejects[5], "line 6: entity vb-p-6: properties is"
	    " not an object");
	assert_string_equal(g.rejects[6], "line 7: Passport vb-pass-7 has no"
	    " holder");
	assert_string_equal(g.rejects[7], "line 8: Passport vb-pass-8 has no"
	    " number");
	assert_string_equal(g.rejects[8], "line 9: Sanction vb-sanc-9 has no"
	    " entity");
	assert_string_equal(g.rejects[9], "line 10: Person vb-p-10 has no name");
}

static void
test_dates_countries_genders(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'd1', 'schema': 'Person', 'properties': {'name': ['D One'],"
	    " 'birthDate': ['1970-03-15T00:00:00'], 'nationality': ['de'],"
	    " 'gender': ['female']}}\n"
	    "{'id': 'd2', 'schema': 'Person', 'properties': {'name': ['D Two'],"
	    " 'birthDate': ['circa 1960', '1961-02-30', '1962-07'],"
	    " 'nationality': ['suhh', 'ge'], 'gender': ['other']}}\n"
	    "{'id': 'd3', 'schema': 'Person', 'properties': {'name': ['D Three'],"
	    " 'birthDate': ['1955'], 'citizenship': ['Pl'],"
	    " 'country': ['cz'], 'gender': ['unknown']}}\n"
	    "{'id': 'd4', 'schema': 'Person', 'properties': {'name': ['D Four'],"
	    " 'birthDate': ['1948-01-02 10:00'], 'country': ['gb']}}\n",
	    &g, &err), 4);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "1 d1 person D One born=1970-03-15"
	    " nat=DEU gender=F");
	/* A value that is no date or no country is passed over, not the entity. */
	assert_string_equal(g.entries[1], "2 d2 person D Two born=1962-07"
	    " nat=GEO gender=X");
	assert_string_equal(g.entries[2], "3 d3 person D Three born=1955 nat=POL");
	assert_string_equal(g.entries[3], "4 d4 person D Four born=1948-01-02"
	    " nat=GBR");
}

static void
test_name_from_caption_or_parts(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'n1', 'schema': 'Person', 'caption': 'Caption Only',"
	    " 'properties': {'alias': ['Caption Only', 'C. Only']}}\n"
	    "{'id': 'n2', 'schema': 'Person', 'properties': {"
	    " 'firstName': ['Ivan'], 'fatherName': ['Petrovich'],"
	    " 'lastName': ['Sidorov'], 'weakAlias': ['Vanya']}}\n"
	    "{'id': 'n3', 'schema': 'Person', 'properties': {"
	    " 'name': 'A Lone String'}}\n",
	    &g, &err), 3);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "1 n1 person Caption Only"
	    " aliases=C. Only");
	assert_string_equal(g.entries[1], "2 n2 person Ivan Petrovich Sidorov"
	    " aliases=Vanya");
	assert_string_equal(g.entries[2], "3 n3 person A Lone String");
}

static void
test_bom_crlf_and_empty_lines(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm("\xef\xbb\xbf{'id': 'b1', 'schema': 'Person',"
	    " 'properties': {'name': ['Zoë Müller']}}\r\n"
	    "\r\n"
	    "   \n"
	    "{'id': 'b2', 'schema': 'Vessel', 'properties': {'name': ['Ωmega']}}",
	    &g, &err), 2);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0], "1 b1 person Zoë Müller");
	assert_string_equal(g.entries[1], "4 b2 vessel Ωmega");
}

static void
test_empty_file(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm("", &g, &err), 0);
	assert_int_equal(g.nentries, 0);
	assert_int_equal(g.nrejects, 0);
}

static void
test_invalid_utf8_rejected(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_ftm(
	    "{'id': 'u1', 'schema': 'Person', 'properties': {'name': ['Bad \xff']}}\n"
	    "{'id': 'u2', 'schema': 'Person', 'properties': {'name': ['Good']}}\n",
	    &g, &err), 1);
	assert_int_equal(g.nrejects, 1);
	assert_int_equal(g.reject_lines[0], 1);
	assert_non_null(strstr(g.rejects[0], "line 1: not JSON: "));
	/* The message stays printable, whatever the input held. */
	for (const char *p = g.rejects[0]; *p != '\0'; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
	assert_string_equal(g.entries[0], "2 u2 person Good");
}

/* A long note, cut for the officer on a character boundary. */
static void
test_five_megabyte_line(void **state)
{
	const char *head = "{\"id\": \"big-1\", \"schema\": \"Person\","
	    " \"properties\": {\"name\": [\"Big Note\"], \"notes\": [\"";
	const char *tail = "\"]}}\n{\"id\": \"after\", \"schema\": \"Person\","
	    " \"properties\": {\"name\": [\"After\"]}}\n";
	size_t body = 5 * 1024 * 1024, len = 0;
	char *text = malloc(strlen(head) + body + strlen(tail) + 1);
	struct wl_got g = {0};
	struct vb_error err;
	const char *note;

	(void)state;
	assert_non_null(text);
	len += (size_t)snprintf(text, strlen(head) + 1, "%s", head);
	/* Two-byte letters: the cut at byte 497 falls inside one. */
	for (size_t i = 0; i + 1 < body; i += 2) {
		text[len++] = '\xc3';
		text[len++] = '\xa9';
	}
	memcpy(text + len, tail, strlen(tail) + 1);
	assert_int_equal(read_text(text, &g, &err), 2);
	free(text);
	assert_int_equal(g.nrejects, 0);
	assert_int_equal(strncmp(g.entries[0], "1 big-1 person Big Note"
	    " note=\xc3\xa9", 31), 0);
	note = strstr(g.entries[0], "note=") + 5;
	/* 248 whole letters, then the mark. */
	assert_int_equal(strlen(note), 496 + 3);
	assert_string_equal(note + 496, "...");
	assert_string_equal(g.entries[1], "2 after person After");
}

static void
test_line_over_16_mib_refused(void **state)
{
	size_t body = 17 * 1024 * 1024;
	const char *tail = "\n{\"id\": \"next\", \"schema\": \"Person\","
	    " \"properties\": {\"name\": [\"Next\"]}}\n";
	char *text = malloc(body + strlen(tail) + 1);
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_non_null(text);
	memset(text, ' ', body);
	memcpy(text, "{\"id\": \"huge\"", 13);
	memcpy(text + body, tail, strlen(tail) + 1);
	assert_int_equal(read_text(text, &g, &err), 1);
	free(text);
	assert_int_equal(g.nrejects, 1);
	assert_int_equal(g.reject_lines[0], 1);
	assert_string_equal(g.rejects[0], "line 1: longer than 16 MiB: not an"
	    " entity");
	assert_string_equal(g.entries[0], "2 next person Next");
}

static void
test_callback_stops_the_read(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	g.stop_after = 2;
	assert_int_equal(read_ftm(
	    "{'id': 's1', 'schema': 'Person', 'properties': {'name': ['One']}}\n"
	    "{'id': 's2', 'schema': 'Passport', 'properties': {"
	    " 'holder': ['s1', 's9', 's8'], 'number': ['N1']}}\n"
	    "{'id': 's3', 'schema': 'Person', 'properties': {'name': ['Three']}}\n",
	    &g, &err), -1);
	assert_int_equal(g.nentries, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_person_every_field),
		cmocka_unit_test(test_organizations),
		cmocka_unit_test(test_vessel),
		cmocka_unit_test(test_documents_join_their_holder_in_any_order),
		cmocka_unit_test(test_sanction_is_a_note_on_its_entity),
		cmocka_unit_test(test_other_schemas_skipped_quietly),
		cmocka_unit_test(test_rejects_name_their_line),
		cmocka_unit_test(test_dates_countries_genders),
		cmocka_unit_test(test_name_from_caption_or_parts),
		cmocka_unit_test(test_bom_crlf_and_empty_lines),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_invalid_utf8_rejected),
		cmocka_unit_test(test_five_megabyte_line),
		cmocka_unit_test(test_line_over_16_mib_refused),
		cmocka_unit_test(test_callback_stops_the_read),
	};

	return cmocka_run_group_tests_name("wl_ftm", tests, NULL, NULL);
}
