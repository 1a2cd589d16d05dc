/*
 * Countries that are no ISO 3166 code ("0", "XX"): a passenger's
 * nationality, country of residence or document's issuing country, a
 * shipment party's country. The store keeps them empty rather than as
 * sent, and names each for the carrier (mstore_check); a matcher, a rule
 * or an officer never sees "0" as a nationality.
 *
 * Flight XA409 FRA-JFK carries JAN KOWALSKI, whose PAXLST record gives
 * nationality "0", residence "XX" and a passport issued by "0", and ANNA
 * NOWAK, whose codes are right. IMMIGRATION lists Jan Kowalski.
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
#include "store/mstore.h"
#include "harness.h"

#define NOW	"--now 2026-12-01T12:00:00Z"
#define LIST	"out/2026-12-01/XA409_FRA-JFK.json"

static const char paxlst[] =
    "UNA:+.? '\n"
    "UNB+UNOA:4+XAIR+BORDER+261201:0900+DQ0001'\n"
    "UNH+M1+PAXLST:D:05B:UN:IATA'\n"
    "BGM+745'\n"
    "TDT+20+XA409+++XA'\n"
    "LOC+125+FRA'\n"
    "DTM+189:2612011020:201'\n"
    "LOC+87+JFK'\n"
    "DTM+232:2612011305:201'\n"
    "NAD+FL+++KOWALSKI:JAN'\n"
    "ATT+2++M'\n"
    "DTM+329:750412'\n"
    "NAT+2+0'\n"
    "LOC+174+XX'\n"
    "DOC+P:110:111+ZK7654321'\n"
    "DTM+36:300101'\n"
    "LOC+91+0'\n"
    "NAD+FL+++NOWAK:ANNA'\n"
    "ATT+2++F'\n"
    "DTM+329:800101'\n"
    "NAT+2+PL'\n"
    "LOC+174+<<<'\n"
    "DOC+P:110:111+EB1112223'\n"
    "LOC+91+POL'\n"
    "CNT+42:2'\n"
    "UNT+24+M1'\n"
    "UNZ+1+DQ0001'\n";

static const char watchlist[] =
    "id,kind,name,birth_date,nationality,category,severity\n"
    "IMM-0409,person,Jan Kowalski,1975-04-12,POL,denied-entry,high\n";

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (f == NULL)
		return -1;
	rc = fputs(text, f) == EOF ? -1 : 0;
	return fclose(f) == 0 ? rc : -1;
}

/* ---- what the carrier is told (no database) ---- */

static void
named_for_the_carrier(void **state)
{
	struct model *m;
	struct vb_error err;

	(void)state;
	assert_non_null(m = h_parse_ok(&feed_paxlst, paxlst, strlen(paxlst),
	    2026, NULL));
	/* The parser keeps what was sent: judging it is the store's. */
	assert_string_equal(m->manifests[0].people[0].nationality, "0");
	assert_int_equal(m->nwarnings, 0);
	assert_int_equal(mstore_check(m, &err), 0);
	assert_true(h_has_warning(m, "message M1: passenger KOWALSKI JAN:"
	    " nationality 0 is not an ISO 3166 country code: stored empty"));
	assert_true(h_has_warning(m, "message M1: passenger KOWALSKI JAN:"
	    " country of residence XX is not an ISO 3166 country code"));
	assert_true(h_has_warning(m, "message M1: passenger KOWALSKI JAN:"
	    " issuing country of document ZK7654321 0 is not an ISO 3166"));
	/* PL is Poland; "<<<" is a filler, nothing sent. */
	assert_false(h_has_warning(m, "NOWAK"));
	assert_int_equal(m->nwarnings, 3);
	/* Where the person starts, for the ack. */
	assert_int_equal(m->warnings[0].offset,
	    strstr(paxlst, "NAD+FL+++KOWALSKI") - paxlst);
	model_free(m);
}

/* A shipment party's country: the same words, naming the bill. */
static void
party_named_for_the_carrier(void **state)
{
	char path[PATH_MAX];
	struct model *m;
	struct vb_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/cargo/cuscar-no-departure.edi",
	    h_root());
	assert_non_null(m = h_parse_file(&feed_cuscar, path, 2026));
	assert_int_equal(mstore_check(m, &err), 0);
	assert_true(h_has_warning(m, "message NSC0001: bill NSCX2611SHA0008:"
	    " consignee country 0 is not an ISO 3166 country code: stored"
	    " empty"));
	assert_false(h_has_warning(m, "NSCX2611SHA0007"));
	model_free(m);
}

/* ---- what the officer sees ---- */

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("mkdir -p '%s/dropbox/XA/incoming'", env.tmp) != 0 ||
	    write_file(h_path(&env, "dropbox/XA/incoming/XA409-pax.edi"),
	    paxlst) == -1 ||
	    write_file(h_path(&env, "immigration.csv"), watchlist) == -1 ||
	    h_vborder(&env, "db migrate") != 0)
		return -1;
	return h_vborder(&env, NOW " watchlist load --agency IMMIGRATION"
	    " --list denied-entry '%s'", h_path(&env, "immigration.csv"));
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/*
 * The file is accepted (a bad code drops nobody), the passenger is a
 * target, and the list shows no nationality and no issuing country for
 * him rather than "0"; the good codes are alpha-3 as always.
 */
static void
stored_empty(void **state)
{
	json_t *l, *t, *s, *doc;

	(void)state;
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp,
	    env.tmp);
	assert_true(h_contains(h_path(&env,
	    "dropbox/XA/outbox/XA409-pax.edi.ack.json"),
	    "\"status\": \"accepted\""));
	assert_true(h_contains(h_path(&env,
	    "dropbox/XA/outbox/XA409-pax.edi.ack.json"), "message M1: passenger"
	    " KOWALSKI JAN: nationality 0 is not an ISO 3166 country code:"
	    " stored empty"));
	assert_non_null(l = h_json(h_path(&env, LIST)));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l,
	    "screened"), "passengers")), 2);
	assert_int_equal(json_array_size(json_object_get(l, "targets")), 1);
	t = json_array_get(json_object_get(l, "targets"), 0);
	s = json_object_get(t, "subject");
	assert_string_equal(json_string_value(json_object_get(s, "name")),
	    "KOWALSKI JAN");
	assert_null(json_string_value(json_object_get(s, "nationality")));
	doc = json_array_get(json_object_get(s, "documents"), 0);
	assert_string_equal(json_string_value(json_object_get(doc, "number")),
	    "ZK7654321");
	assert_null(json_string_value(json_object_get(doc, "country")));
	/* The officer is told why: the record's data-quality notes. */
	assert_int_equal(json_array_size(json_object_get(s, "data_quality")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(s,
	    "data_quality"), 2)), "nationality 0 is not an ISO 3166 country"
	    " code: stored empty");
	json_decref(l);
	assert_int_equal(h_sh("python3 '%s/../shared/tools/check-target-list'"
	    " '%s/out' >/dev/null", h_root(), env.tmp), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(named_for_the_carrier),
		cmocka_unit_test(party_named_for_the_carrier),
		cmocka_unit_test(stored_empty),
	};

	return cmocka_run_group_tests_name("countries", tests, setup, teardown);
}
