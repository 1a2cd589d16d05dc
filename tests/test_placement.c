/*
 * Which arrival a waybill is on (sql/0021_shipment_placed.sql): a waybill
 * message names no flight, so its shipment waits until a flight manifest
 * lists its number, or its master's, and moves when a later manifest lists
 * it again. The files are tests/data/cargo: the FWB of 020-58213643 and
 * the FHL houses of 057-61204570, stored before flight XC880's FFM
 * (tests/data/cargo-e2e) that lists both; then XC882 lists 020-58213643
 * again, the next day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define NOW	"--now 2026-11-26T12:00:00Z"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

/* XC882 FRA-JFK on 28 November, with one waybill of XC880 moved to it. */
static const char ffm_xc882[] =
    "FFM/8\n"
    "1/XC0882/28NOV1030/FRA/DAXCB\n"
    "JFK//28NOV1305\n"
    "ULD/AKE22345XC\n"
    "020-58213643FRAJFK/T3K245.5/CNC SPINDLE UNITS\n"
    "LAST\n";

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("mkdir -p '%s/dropbox/XC/incoming'", env.tmp) != 0)
		return -1;
	return h_vborder(&env, "db migrate");
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static void
drop(const char *rel)
{
	assert_int_equal(h_sh("cp '%s/tests/data/%s' '%s/dropbox/XC/incoming/'",
	    h_root(), rel, env.tmp), 0);
}

/* The flight (XC880, XC882) that shipment number is on, or NULL. */
static char *
flight_of(const char *number)
{
	const char *p[] = {number};

	return h_db_value_p(&env, "SELECT a.transport_id"
	    " FROM vborder.shipment_on s JOIN vborder.arrival a"
	    " ON a.id = s.on_arrival WHERE s.number_norm = $1"
	    " AND s.source = 'waybill'", 1, p);
}

static void
assert_on(const char *number, const char *flight)
{
	char *got = flight_of(number);

	if (flight == NULL)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, flight);
	}
	free(got);
}

static void
waybills_wait_for_their_flight(void **state)
{
	(void)state;
	drop("cargo/fwb-complete.txt");
	drop("cargo/fhl-consolidation.txt");
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_on("02058213643", NULL);
	assert_on("CDG5501234", NULL);
	assert_int_equal(h_db_long(&env, "SELECT count(*)"
	    " FROM vborder.shipment_unplaced"), 0);

	/* The manifest places the waybill by its number, the house by its master. */
	drop("cargo-e2e/ffm-XC880.txt");
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_on("02058213643", "XC880");
	assert_on("CDG5501234", "XC880");
}

static void
a_later_manifest_moves_a_waybill(void **state)
{
	(void)state;
	assert_int_equal(h_sh("printf '%%s' '%s' > '%s/dropbox/XC/incoming/"
	    "ffm-XC882.txt'", ffm_xc882, env.tmp), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_on("02058213643", "XC882");
	/* The house's master stays on XC880. */
	assert_on("CDG5501234", "XC880");
}

/*
 * Another host's ingest may have stored numbers this one has not placed:
 * screening places them first.
 */
static void
screening_places_what_waits(void **state)
{
	json_t *l;

	(void)state;
	assert_int_equal(h_sh("psql -X -q -v ON_ERROR_STOP=1 '%s' -c"
	    " \"UPDATE vborder.shipment SET on_arrival = NULL"
	    " WHERE number_norm = 'CDG5501234';"
	    " INSERT INTO vborder.shipment_unplaced VALUES ('CDG5501234')\"",
	    env.conninfo), 0);
	assert_on("CDG5501234", NULL);
	VB(0, NOW " screen --all");
	assert_on("CDG5501234", "XC880");
	VB(0, NOW " targets --all --out '%s/out' --format json", env.tmp);
	l = h_json(h_path(&env, "out/2026-11-27/XC880_FRA-JFK.json"));
	assert_non_null(l);
	/* Its four waybills (one also on XC882) and three houses. */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l,
	    "screened"), "shipments")), 7);
	json_decref(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(waybills_wait_for_their_flight),
		cmocka_unit_test(a_later_manifest_moves_a_waybill),
		cmocka_unit_test(screening_places_what_waits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
