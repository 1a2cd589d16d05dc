/*
 * Links (core/links/links.h): what a new subject shares with a known one.
 *
 * Unit: the normalised forms of phones, e-mails, addresses and cards.
 *
 * From the users' side, on a throwaway PostgreSQL, tests/data/links/:
 *   XA401 FRA-JFK, PNR LNKA01: ROSSI MARIO (IMMIGRATION's list), with his
 *     phone +49 69 1234567, a masked VISA card expiring 11/28, and his
 *     companion BIANCHI LUCA; PNRs LNKA02 (WEBER), LNKA03 (KLEIN) and
 *     LNKA04 (SCHMIDT) give the travel agency's phone +1 212 555 0100,
 *     which LNKA01 gives too;
 *   XB502 CDG-JFK, another carrier: NOVAK PETRA with Rossi's phone written
 *     0049691234567 and his card; HAFEN JONAS living at Hafenstrasse 12,
 *     Hamburg, where customs' listed consignee HANSEATIC TRADING is;
 *   XC880 FRA-JFK, cargo: waybill 020-58213643 whose shipper gives Rossi's
 *     phone, waybill 020-58213654 consigned to HANSEATIC TRADING.
 * With [links] max_sharing = 3, Rossi's phone (three bookings and
 * shipments) links, the agency's (four bookings) links nobody, and the log
 * says so.
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

#include "links/links.h"
#include "harness.h"

#define NOW	"--now 2026-12-01T06:00:00Z"
#define XA401	"out/2026-12-01/XA401_FRA-JFK.json"
#define XB502	"out/2026-12-01/XB502_CDG-JFK.json"
#define XC880	"out/2026-12-01/XC880_FRA-JFK.json"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

/* ---- the normalised forms ---- */

static void
phones(void **state)
{
	char a[64], b[64], c[64];

	(void)state;
	assert_int_equal(links_norm_phone("+49 69 1234567", a, sizeof(a)), 0);
	assert_string_equal(a, "49691234567");
	assert_int_equal(links_norm_phone("0049-69-1234567", b, sizeof(b)), 0);
	assert_string_equal(b, "49691234567");
	assert_int_equal(links_norm_phone("(069) 123 4567", c, sizeof(c)), 0);
	assert_string_equal(c, "691234567");
	/* A city code before it, a word after it: the number alone. */
	assert_int_equal(links_norm_phone("SEA 866 746-4647 CARLSON", a,
	    sizeof(a)), 0);
	assert_string_equal(a, "8667464647");
	assert_int_equal(links_norm_phone("12 34", a, sizeof(a)), -1);
	assert_string_equal(a, "");
	assert_int_equal(links_norm_phone("", a, sizeof(a)), -1);
	/* With and without its country code: one number; another is not. */
	assert_true(links_phone_same("49691234567", "691234567"));
	assert_true(links_phone_same("691234567", "49691234567"));
	assert_true(links_phone_same("691234567", "691234567"));
	assert_false(links_phone_same("49691234567", "691234568"));
	assert_false(links_phone_same("1449691234567", "691234567"));
}

static void
emails(void **state)
{
	char a[64];

	(void)state;
	assert_int_equal(links_norm_email(" Mario.Rossi@Example.COM ", a,
	    sizeof(a)), 0);
	assert_string_equal(a, "mario.rossi@example.com");
	assert_int_equal(links_norm_email("MARIO", a, sizeof(a)), -1);
	assert_int_equal(links_norm_email("@EXAMPLE.COM", a, sizeof(a)), -1);
	assert_int_equal(links_norm_email("A@LOCALHOST", a, sizeof(a)), -1);
	assert_int_equal(links_norm_email("A@B@C.DE", a, sizeof(a)), -1);
}

static void
addresses(void **state)
{
	char a[128], b[128];

	(void)state;
	assert_int_equal(links_norm_address("Hafenstrasse 12, Hamburg, 20457",
	    a, sizeof(a)), 0);
	assert_string_equal(a, "HAFENSTRASSE 12 HAMBURG 20457");
	/* A state, a country, punctuation: one side writes them. */
	assert_int_equal(links_norm_address("HAFENSTRASSE 12 / HAMBURG /"
	    " HH / 20457", b, sizeof(b)), 0);
	assert_string_equal(a, b);
	assert_int_equal(links_norm_address("BERLIN", a, sizeof(a)), -1);
	assert_int_equal(links_norm_address("DE, 1", a, sizeof(a)), -1);
	/* Letters beyond ASCII stay in their word. */
	assert_int_equal(links_norm_address("Müllerstraße 5, Köln", a,
	    sizeof(a)), 0);
	assert_string_equal(a, "MüLLERSTRAßE 5 KöLN");
}

static void
cards(void **state)
{
	char a[64];

	(void)state;
	assert_int_equal(links_norm_card("XXXXXXXXXXXX4242", "1128", a,
	    sizeof(a)), 0);
	assert_string_equal(a, "XXXXXXXXXXXX4242/1128");
	/* Masked without its expiry: thousands of cards end in 4242. */
	assert_int_equal(links_norm_card("XXXXXXXXXXXX4242", NULL, a,
	    sizeof(a)), -1);
	assert_int_equal(links_norm_card("4111 1111 1111 1111", NULL, a,
	    sizeof(a)), 0);
	assert_string_equal(a, "4111111111111111");
	assert_int_equal(links_norm_card("XXXX", "1128", a, sizeof(a)), -1);
	assert_int_equal(links_norm_card(NULL, "1128", a, sizeof(a)), -1);
}

/* ---- from the users' side ---- */

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("mkdir -p '%s/dropbox' && cp -r '%s/tests/data/links/XA'"
	    " '%s/tests/data/links/XB' '%s/tests/data/links/XC'"
	    " '%s/dropbox/' && for c in XA XB XC; do"
	    " mkdir -p '%s/dropbox/'$c/incoming &&"
	    " mv '%s/dropbox/'$c/*.* '%s/dropbox/'$c/incoming/; done",
	    env.tmp, h_root(), h_root(), h_root(), env.tmp, env.tmp, env.tmp,
	    env.tmp) != 0)
		return -1;
	if ((f = fopen(h_path(&env, "vborder.conf"), "w")) == NULL)
		return -1;
	fputs("[links]\nmax_sharing = 3\n", f);
	if (fclose(f) != 0 || h_vborder(&env, "db migrate") != 0 ||
	    h_links_lists(&env, "consignees") != 0)
		return -1;
	if (h_vborder(&env, NOW " --config '%s' run --dropbox '%s/dropbox'"
	    " --out '%s/out'", h_path(&env, "vborder.conf"), env.tmp,
	    env.tmp) != 0) {
		h_show_stderr(&env);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* The target's link reason of via, or NULL. */
static json_t *
link_via(json_t *t, const char *via)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(t, "reasons"), i, r)
		if (strcmp(json_string_value(json_object_get(r, "source")),
		    "link") == 0 && strcmp(json_string_value(json_object_get(r,
		    "via")), via) == 0)
			return r;
	return NULL;
}

static size_t
links_of(json_t *t)
{
	json_t *r;
	size_t i, n = 0;

	json_array_foreach(json_object_get(t, "reasons"), i, r)
		n += strcmp(json_string_value(json_object_get(r, "source")),
		    "link") == 0;
	return n;
}

/*
 * A PNR phone and a card shared with a watchlisted traveller on another
 * flight of another carrier: two link reasons naming him and his arrival,
 * at his agency's severity, scoring as his hit does; a link alone is never
 * high.
 */
static void
across_flights(void **state)
{
	json_t *l, *t, *r, *linked;

	(void)state;
	assert_non_null(l = h_json(h_path(&env, XB502)));
	assert_non_null(t = h_target(l, "NOVAK PETRA"));
	assert_int_equal(links_of(t), 2);
	assert_non_null(r = link_via(t, "phone"));
	assert_string_equal(json_string_value(json_object_get(r, "agency")),
	    "IMMIGRATION");
	assert_string_equal(json_string_value(json_object_get(r, "value")),
	    "0049691234567");
	linked = json_object_get(r, "linked");
	assert_string_equal(json_string_value(json_object_get(linked, "kind")),
	    "passenger");
	assert_string_equal(json_string_value(json_object_get(linked, "name")),
	    "ROSSI MARIO");
	assert_string_equal(json_string_value(json_object_get(linked,
	    "transport_id")), "XA401");
	assert_string_equal(json_string_value(json_object_get(linked,
	    "arrival_date")), "2026-12-01");
	/* The linked subject's own target, for outcome record. */
	assert_non_null(strstr(json_string_value(json_object_get(linked,
	    "target_id")), "-P"));
	assert_non_null(strstr(json_string_value(json_object_get(r,
	    "explanation")), "shares phone 0049691234567 with passenger ROSSI"
	    " MARIO on XA401 2026-12-01, on IMMIGRATION's list wanted (IMM-1)"));
	assert_non_null(r = link_via(t, "card"));
	assert_string_equal(json_string_value(json_object_get(r, "value")),
	    "XXXXXXXXXXXX4242 exp 1128");
	assert_string_not_equal(json_string_value(json_object_get(t,
	    "priority")), "high");
	json_decref(l);
}

/* Booked together is no link; the agency's phone, shared by four bookings, links none. */
static void
not_links(void **state)
{
	json_t *l;

	(void)state;
	assert_non_null(l = h_json(h_path(&env, XA401)));
	assert_non_null(h_target(l, "ROSSI MARIO"));
	assert_null(h_target(l, "BIANCHI LUCA"));
	assert_null(h_target(l, "WEBER ANNA"));
	assert_null(h_target(l, "KLEIN PAUL"));
	assert_null(h_target(l, "SCHMIDT EVA"));
	assert_int_equal(links_of(h_target(l, "ROSSI MARIO")), 0);
	json_decref(l);
	assert_true(h_contains(env.errout, "links: phone +1 212 555 0100 is"
	    " shared by 4 bookings or shipments, more than [links]"
	    " max_sharing: it links none of them"));
}

/* Passengers and cargo: a shipper's phone, a consignee's address. */
static void
passengers_and_cargo(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	assert_non_null(l = h_json(h_path(&env, XC880)));
	assert_non_null(t = h_target(l, "020-58213643"));
	assert_non_null(r = link_via(t, "phone"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(r,
	    "linked"), "name")), "ROSSI MARIO");
	json_decref(l);

	assert_non_null(l = h_json(h_path(&env, XB502)));
	assert_non_null(t = h_target(l, "HAFEN JONAS"));
	assert_non_null(r = link_via(t, "address"));
	assert_string_equal(json_string_value(json_object_get(r, "agency")),
	    "CUSTOMS");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r,
	    "linked"), "kind")), "shipment");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r,
	    "linked"), "name")), "waybill 020-58213654");
	assert_non_null(strstr(json_string_value(json_object_get(r,
	    "explanation")), "its consignee on CUSTOMS's list consignees"
	    " (CUS-1)"));
	json_decref(l);
	assert_int_equal(h_sh("python3 '%s/../shared/tools/check-target-list'"
	    " '%s/out' >/dev/null", h_root(), env.tmp), 0);
}

/* An agency that may not see the list behind a link does not see the link. */
static void
visibility(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " watchlist share --agency CUSTOMS --list consignees"
	    " --with POLICE");
	VB(0, NOW " targets --out '%s/immigration' --for IMMIGRATION",
	    env.tmp);
	assert_non_null(l = h_json(h_path(&env, "immigration/2026-12-01/"
	    "XB502_CDG-JFK.json")));
	assert_null(h_target(l, "HAFEN JONAS"));
	assert_non_null(h_target(l, "NOVAK PETRA"));
	json_decref(l);
}

int
main(void)
{
	const struct CMUnitTest unit[] = {
		cmocka_unit_test(phones),
		cmocka_unit_test(emails),
		cmocka_unit_test(addresses),
		cmocka_unit_test(cards),
	};
	const struct CMUnitTest users[] = {
		cmocka_unit_test(across_flights),
		cmocka_unit_test(not_links),
		cmocka_unit_test(passengers_and_cargo),
		cmocka_unit_test(visibility),
	};

	return cmocka_run_group_tests_name("links_norm", unit, NULL, NULL) |
	    cmocka_run_group_tests_name("links", users, setup, teardown);
}
