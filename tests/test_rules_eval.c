/*
 * The rule evaluator (core/rules/rules.c) without a database: every
 * operator on text, number, list and boolean fields, all/any/not, a field
 * the subject lacks, the explanations, and the checks a rule file must pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rules.h"

/* A passenger and a shipment as screening builds them. */
static void
passenger(struct rule_subject *s)
{
	memset(s, 0, sizeof(*s));
	rule_subject_add(s, RF_NAME, "RIVERA LUIS");
	rule_subject_add(s, RF_GENDER, "M");
	rule_subject_addf(s, RF_AGE, 49);
	rule_subject_add(s, RF_NATIONALITY, "MEX");
	rule_subject_add(s, RF_DOCUMENT_TYPE, "P");
	rule_subject_add(s, RF_DOCUMENT_COUNTRY, "MEX");
	rule_subject_addf(s, RF_DOCUMENT_DAYS_TO_EXPIRY, 1496);
	rule_subject_add(s, RF_DEPARTURE_PORT, "CDG");
	rule_subject_add(s, RF_ARRIVAL_PORT, "JFK");
	rule_subject_add(s, RF_ROUTE_PORTS, "FRA");
	rule_subject_add(s, RF_ROUTE_PORTS, "AMS");
	rule_subject_add(s, RF_ROUTE_PORTS, "JFK");
	rule_subject_add(s, RF_ROUTE_COUNTRIES, "DEU");
	rule_subject_add(s, RF_ROUTE_COUNTRIES, "NLD");
	rule_subject_add(s, RF_ROUTE_COUNTRIES, "USA");
	rule_subject_addf(s, RF_BOOKING_HOURS_BEFORE_DEPARTURE, 6);
	rule_subject_add(s, RF_BOOKING_PAYMENT_TYPES, "CA");
	rule_subject_add(s, RF_BOOKING_ONE_WAY, "true");
	rule_subject_addf(s, RF_BOOKING_BAGS, 0);
	rule_subject_addf(s, RF_BOOKING_PARTY_SIZE, 1);
	rule_subject_add(s, RF_BOOKING_PHONES, "+33 1 55 55 01 01");
	rule_subject_add(s, RF_BOOKING_EMAILS, "l.rivera@example.com");
	/* No travel agency: booking.travel_agency is missing. */
}

static void
shipment(struct rule_subject *s)
{
	memset(s, 0, sizeof(*s));
	rule_subject_add(s, RF_GOODS_DESCRIPTIONS, "CNC SPINDLE UNITS");
	rule_subject_add(s, RF_GOODS_DESCRIPTIONS, "CONTROL CABINETS");
	rule_subject_add(s, RF_GOODS_HS_CODES, "845931");
	rule_subject_add(s, RF_GOODS_HS_CODES, "853710");
	rule_subject_add(s, RF_ORIGIN_COUNTRY, "DEU");
	rule_subject_add(s, RF_DESTINATION_COUNTRY, "USA");
	rule_subject_add(s, RF_ROUTE_COUNTRIES, "DEU");
	rule_subject_add(s, RF_ROUTE_COUNTRIES, "USA");
	rule_subject_add(s, RF_SHIPPER_NAME, "ALPENTAL MASCHINENBAU GMBH");
	rule_subject_add(s, RF_SHIPPER_COUNTRY, "DEU");
	rule_subject_add(s, RF_CONSIGNEE_NAME, "LAKESHORE PRECISION INC");
	rule_subject_add(s, RF_CONSIGNEE_COUNTRY, "USA");
	rule_subject_add(s, RF_CONSIGNEE_IS_PERSON, "false");
	rule_subject_addf(s, RF_WEIGHT_KG, 245.5);
	rule_subject_addf(s, RF_PIECES, 3);
	rule_subject_addf(s, RF_WEIGHT_PER_PIECE_KG, 245.5 / 3);
}

/* A rule around one condition (JSON text); -1 when it is refused. */
static int
eval(const char *applies, const char *cond, const struct rule_subject *s,
    char *expl, size_t explsz)
{
	char text[2048];
	struct rule_set set = {NULL, 0};
	struct vb_error err;
	int rc;

	(void)snprintf(text, sizeof(text), "{\"rules\": [{\"id\": \"T-1\","
	    " \"applies_to\": \"%s\", \"severity\": \"low\", \"weight\": 0.1,"
	    " \"justification\": \"test\", \"when\": %s}]}", applies, cond);
	if (rule_set_parse(&set, text, strlen(text), "t.json", &err) == -1) {
		fprintf(stderr, "refused: %s\n", err.message);
		return -1;
	}
	rc = rule_eval(&set.v[0], s, expl, explsz);
	rule_set_clear(&set);
	return rc;
}

static const struct {
	const char *cond;
	int want;
} person_cases[] = {
	/* eq, ne: text (any case), number */
	{"{\"field\": \"name\", \"op\": \"eq\", \"value\": \"rivera luis\"}", 1},
	{"{\"field\": \"gender\", \"op\": \"eq\", \"value\": \"F\"}", 0},
	{"{\"field\": \"age\", \"op\": \"eq\", \"value\": 49}", 1},
	{"{\"field\": \"nationality\", \"op\": \"ne\", \"value\": \"USA\"}", 1},
	{"{\"field\": \"nationality\", \"op\": \"ne\", \"value\": \"MEX\"}", 0},
	/* in, not_in */
	{"{\"field\": \"departure_port\", \"op\": \"in\", \"value\": [\"LHR\", \"CDG\"]}", 1},
	{"{\"field\": \"departure_port\", \"op\": \"in\", \"value\": [\"LHR\"]}", 0},
	{"{\"field\": \"document.type\", \"op\": \"not_in\", \"value\": [\"I\", \"V\"]}", 1},
	{"{\"field\": \"route.countries\", \"op\": \"not_in\", \"value\": [\"NLD\"]}", 0},
	/* contains: a list of codes holds it whole; a text, or one of a
	 * list of texts (phones, e-mails), has it inside */
	{"{\"field\": \"route.countries\", \"op\": \"contains\", \"value\": \"NLD\"}", 1},
	{"{\"field\": \"route.countries\", \"op\": \"contains\", \"value\": \"NL\"}", 0},
	{"{\"field\": \"name\", \"op\": \"contains\", \"value\": \"vera\"}", 1},
	{"{\"field\": \"booking.payment_types\", \"op\": \"contains\", \"value\": \"CC\"}", 0},
	{"{\"field\": \"booking.emails\", \"op\": \"contains\", \"value\": \"@EXAMPLE.com\"}", 1},
	{"{\"field\": \"booking.emails\", \"op\": \"contains\", \"value\": \"@example.org\"}", 0},
	{"{\"field\": \"booking.phones\", \"op\": \"contains\", \"value\": \"55 01\"}", 1},
	/* starts_with */
	{"{\"field\": \"booking.emails\", \"op\": \"starts_with\", \"value\": \"L.RIV\"}", 1},
	{"{\"field\": \"booking.phones\", \"op\": \"starts_with\", \"value\": \"+44\"}", 0},
	/* lt, le, gt, ge, between */
	{"{\"field\": \"booking.hours_before_departure\", \"op\": \"lt\", \"value\": 24}", 1},
	{"{\"field\": \"booking.hours_before_departure\", \"op\": \"lt\", \"value\": 6}", 0},
	{"{\"field\": \"booking.hours_before_departure\", \"op\": \"le\", \"value\": 6}", 1},
	{"{\"field\": \"booking.bags\", \"op\": \"gt\", \"value\": 0}", 0},
	{"{\"field\": \"booking.party_size\", \"op\": \"ge\", \"value\": 1}", 1},
	{"{\"field\": \"document.days_to_expiry\", \"op\": \"between\", \"value\": [0, 1500]}", 1},
	{"{\"field\": \"document.days_to_expiry\", \"op\": \"between\", \"value\": [0, 180]}", 0},
	{"{\"field\": \"age\", \"op\": \"gt\", \"value\": 17}", 1},
	/* a number operator on text is false */
	{"{\"field\": \"name\", \"op\": \"lt\", \"value\": 5}", 0},
	/* exists, missing */
	{"{\"field\": \"booking.phones\", \"op\": \"exists\"}", 1},
	{"{\"field\": \"booking.travel_agency\", \"op\": \"exists\"}", 0},
	{"{\"field\": \"booking.travel_agency\", \"op\": \"missing\"}", 1},
	{"{\"field\": \"name\", \"op\": \"missing\"}", 0},
	/* a missing field: every other operator false, even ne and not_in */
	{"{\"field\": \"booking.travel_agency\", \"op\": \"ne\", \"value\": \"X\"}", 0},
	{"{\"field\": \"booking.travel_agency\", \"op\": \"not_in\", \"value\": [\"X\"]}", 0},
	{"{\"field\": \"booking.travel_agency\", \"op\": \"matches\", \"value\": \".*\"}", 0},
	/* matches: POSIX ERE */
	{"{\"field\": \"booking.emails\", \"op\": \"matches\", \"value\": \"@example\\\\.(com|org)$\"}", 1},
	{"{\"field\": \"route.ports\", \"op\": \"matches\", \"value\": \"^(LHR|CDG)$\"}", 0},
	/* booleans */
	{"{\"field\": \"booking.one_way\", \"op\": \"eq\", \"value\": true}", 1},
	{"{\"field\": \"booking.one_way\", \"op\": \"eq\", \"value\": false}", 0},
	/* all, any, not */
	{"{\"all\": [{\"field\": \"arrival_port\", \"op\": \"eq\", \"value\": \"JFK\"},"
	    " {\"field\": \"booking.bags\", \"op\": \"eq\", \"value\": 0}]}", 1},
	{"{\"all\": [{\"field\": \"arrival_port\", \"op\": \"eq\", \"value\": \"JFK\"},"
	    " {\"field\": \"booking.bags\", \"op\": \"eq\", \"value\": 2}]}", 0},
	{"{\"any\": [{\"field\": \"arrival_port\", \"op\": \"eq\", \"value\": \"LHR\"},"
	    " {\"field\": \"booking.bags\", \"op\": \"eq\", \"value\": 0}]}", 1},
	{"{\"not\": {\"field\": \"document.country\", \"op\": \"eq\", \"value\": \"MEX\"}}", 0},
	{"{\"not\": {\"field\": \"booking.travel_agency\", \"op\": \"exists\"}}", 1},
};

static void
person_operators(void **state)
{
	struct rule_subject s;
	char expl[RULE_EXPLAIN_MAX];

	(void)state;
	passenger(&s);
	for (size_t i = 0; i < sizeof(person_cases) / sizeof(person_cases[0]); i++) {
		int got = eval("passenger", person_cases[i].cond, &s, expl,
		    sizeof(expl));

		if (got != person_cases[i].want)
			fprintf(stderr, "case %zu: %s: got %d\n", i,
			    person_cases[i].cond, got);
		assert_int_equal(got, person_cases[i].want);
	}
	rule_subject_clear(&s);
}

static const struct {
	const char *cond;
	int want;
} shipment_cases[] = {
	{"{\"field\": \"goods.descriptions\", \"op\": \"matches\", \"value\": \"SPINDLE\"}", 1},
	{"{\"field\": \"goods.hs_codes\", \"op\": \"starts_with\", \"value\": \"8537\"}", 1},
	{"{\"field\": \"goods.hs_codes\", \"op\": \"contains\", \"value\": \"8459\"}", 0},
	{"{\"field\": \"goods.descriptions\", \"op\": \"contains\", \"value\": \"spindle\"}", 1},
	{"{\"field\": \"goods.descriptions\", \"op\": \"contains\", \"value\": \"lathe\"}", 0},
	{"{\"field\": \"origin_country\", \"op\": \"eq\", \"value\": \"DEU\"}", 1},
	{"{\"field\": \"destination_country\", \"op\": \"in\", \"value\": [\"CAN\", \"USA\"]}", 1},
	{"{\"field\": \"route.countries\", \"op\": \"contains\", \"value\": \"CHN\"}", 0},
	{"{\"field\": \"shipper.name\", \"op\": \"contains\", \"value\": \"maschinenbau\"}", 1},
	{"{\"field\": \"shipper.country\", \"op\": \"ne\", \"value\": \"DEU\"}", 0},
	{"{\"field\": \"consignee.name\", \"op\": \"starts_with\", \"value\": \"LAKE\"}", 1},
	{"{\"field\": \"consignee.country\", \"op\": \"eq\", \"value\": \"USA\"}", 1},
	{"{\"field\": \"consignee.is_person\", \"op\": \"eq\", \"value\": true}", 0},
	{"{\"field\": \"weight_kg\", \"op\": \"between\", \"value\": [200, 300]}", 1},
	{"{\"field\": \"pieces\", \"op\": \"lt\", \"value\": 3}", 0},
	{"{\"field\": \"weight_per_piece_kg\", \"op\": \"gt\", \"value\": 80}", 1},
	{"{\"field\": \"weight_per_piece_kg\", \"op\": \"ge\", \"value\": 82}", 0},
};

static void
shipment_operators(void **state)
{
	struct rule_subject s;
	char expl[RULE_EXPLAIN_MAX];

	(void)state;
	shipment(&s);
	for (size_t i = 0; i < sizeof(shipment_cases) / sizeof(shipment_cases[0]);
	    i++) {
		int got = eval("shipment", shipment_cases[i].cond, &s, expl,
		    sizeof(expl));

		if (got != shipment_cases[i].want)
			fprintf(stderr, "case %zu: %s: got %d\n", i,
			    shipment_cases[i].cond, got);
		assert_int_equal(got, shipment_cases[i].want);
	}
	rule_subject_clear(&s);
}

/* The explanation names the data each condition matched, and only those. */
static void
explanations(void **state)
{
	struct rule_subject s;
	char expl[RULE_EXPLAIN_MAX];

	(void)state;
	passenger(&s);
	assert_int_equal(eval("passenger", "{\"all\": ["
	    "{\"field\": \"booking.payment_types\", \"op\": \"contains\", \"value\": \"CA\"},"
	    "{\"field\": \"booking.hours_before_departure\", \"op\": \"lt\", \"value\": 24},"
	    "{\"any\": [{\"all\": [{\"field\": \"arrival_port\", \"op\": \"eq\", \"value\": \"JFK\"},"
	    "  {\"field\": \"booking.bags\", \"op\": \"gt\", \"value\": 3}]},"
	    " {\"field\": \"route.countries\", \"op\": \"contains\", \"value\": \"NLD\"}]},"
	    "{\"not\": {\"field\": \"booking.travel_agency\", \"op\": \"exists\"}}]}",
	    &s, expl, sizeof(expl)), 1);
	assert_string_equal(expl, "paid by FOP CA; booked 6 h before departure;"
	    " route countries DEU-NLD-USA;"
	    " not booking.travel_agency exists (unknown)");
	assert_int_equal(eval("passenger",
	    "{\"field\": \"route.ports\", \"op\": \"contains\", \"value\": \"AMS\"}",
	    &s, expl, sizeof(expl)), 1);
	assert_string_equal(expl, "route FRA-AMS-JFK");
	rule_subject_clear(&s);
}

/* Rules that must be refused, each with its reason. */
static const struct {
	const char *text;
	const char *why;
} refused[] = {
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"passenger\", \"severity\": \"low\","
	    " \"weight\": 0.1, \"when\": {\"field\": \"gender\", \"op\": \"eq\", \"value\": \"F\"}}]}",
	    "rule X: uses nationality, gender or age and has no justification"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"passenger\", \"severity\": \"low\","
	    " \"weight\": 0.1, \"justification\": \"\","
	    " \"when\": {\"not\": {\"field\": \"age\", \"op\": \"gt\", \"value\": 18}}}]}",
	    "has no justification"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"passenger\", \"severity\": \"low\","
	    " \"weight\": 0.1, \"when\": {\"field\": \"weight_kg\", \"op\": \"gt\", \"value\": 1}}]}",
	    "unknown field \"weight_kg\" for passenger"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"shipment\", \"severity\": \"low\","
	    " \"weight\": 0.1, \"when\": {\"field\": \"goods.descriptions\", \"op\": \"matches\","
	    " \"value\": \"(unclosed\"}}]}", "goods.descriptions matches"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"severe\","
	    " \"weight\": 0.1, \"when\": {\"field\": \"name\", \"op\": \"exists\"}}]}",
	    "severity must be"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 1.5, \"when\": {\"field\": \"name\", \"op\": \"exists\"}}]}",
	    "weight must be"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 0.5, \"valid_from\": \"2026-13\","
	    " \"when\": {\"field\": \"name\", \"op\": \"exists\"}}]}", "valid_from"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 0.5, \"when\": {\"field\": \"age\", \"op\": \"between\","
	    " \"value\": [30, 20]}}], \"x\": 1}", "between"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 0.5, \"when\": {\"field\": \"name\", \"op\": \"exists\"}},"
	    " {\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 0.5, \"when\": {\"field\": \"name\", \"op\": \"exists\"}}]}",
	    "given twice"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 0.5, \"when\": {\"any\": []}}]}", "non-empty"},
	{"{\"rules\": [{\"id\": \"X\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 0.5, \"when\": {\"field\": \"booking.bags\", \"op\": \"in\","
	    " \"value\": 2}}]}", "non-empty list"},
	{"{\"rules\": {}}", "not a rule file"},
	{"[1, 2", "line 1"},
};

static void
refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct rule_set set = {NULL, 0};
		struct vb_error err;
		int rc = rule_set_parse(&set, refused[i].text, strlen(refused[i].text),
		    "f.json", &err);

		if (rc != -1 || strstr(err.message, refused[i].why) == NULL ||
		    strncmp(err.message, "f.json: ", 8) != 0)
			fprintf(stderr, "case %zu: rc %d, %s\n", i, rc,
			    rc == -1 ? err.message : "accepted");
		assert_int_equal(rc, -1);
		assert_non_null(strstr(err.message, refused[i].why));
		assert_int_equal(strncmp(err.message, "f.json: ", 8), 0);
		assert_int_equal(set.n, 0);
		rule_set_clear(&set);
	}
}

static void
validity(void **state)
{
	const char *text = "{\"rules\": [{\"id\": \"V\", \"applies_to\": \"person\","
	    " \"severity\": \"low\", \"weight\": 0.5, \"valid_from\": \"2026-01-01\","
	    " \"valid_to\": \"2026-12-31\", \"when\": {\"field\": \"name\", \"op\": \"exists\"}},"
	    " {\"id\": \"D\", \"applies_to\": \"person\", \"severity\": \"low\","
	    " \"weight\": 0.5, \"enabled\": false,"
	    " \"when\": {\"field\": \"name\", \"op\": \"exists\"}}]}";
	struct rule_set set = {NULL, 0};
	struct vb_error err;

	(void)state;
	assert_int_equal(rule_set_parse(&set, text, strlen(text), "v.json", &err), 0);
	assert_int_equal(set.n, 2);
	assert_false(rule_in_force(&set.v[0], "2025-12-31"));
	assert_true(rule_in_force(&set.v[0], "2026-01-01"));
	assert_true(rule_in_force(&set.v[0], "2026-12-31"));
	assert_false(rule_in_force(&set.v[0], "2027-01-01"));
	assert_false(rule_in_force(&set.v[1], "2026-06-01"));
	assert_false(set.v[0].protected_attr);
	rule_set_clear(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(person_operators),
		cmocka_unit_test(shipment_operators),
		cmocka_unit_test(explanations),
		cmocka_unit_test(refusals),
		cmocka_unit_test(validity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
