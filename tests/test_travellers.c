/*
 * One flight told by several messages over three days, as carriers send
 * it: PNR pushes at 72 and 24 hours, the API list at check-in, the final
 * API list at departure (gzip-compressed). Officers must see one target
 * per person with every source, and nobody who did not board.
 *
 * tests/data/travellers/, flight XB710 CDG-JFK on 2026-11-27:
 *   01-pnr-72h.edi      PNR KWL7Q2 (KOWALSKI JAN, KOWALSKA ANNA), RVR9M4 (RIVERA LUIS)
 *   02-pnr-24h.edi      ANNA split off KWL7Q2 into AN5S11
 *   03-api-checkin.edi  API: JAN, ANNA, LUIS
 *   04-api-final.edi.gz final API: JAN, ANNA (LUIS did not board)
 *   05-crew.json        the crew, as a JSON manifest (docs/json-manifest.md)
 *   06-api-cancel.edi   ANNA's reservation cancelled (BGM+745+XR)
 *   07-two-messages.edi two lists for XB712, the second with an arrival
 *                       time no clock has (18:75)
 *   08-pnr-no-arrival.edi flight XB714 whose reported TVL gives no arrival
 *                       time, which the PNR's itinerary gives
 * Watchlist: BRD-1 Jan Kowalski (document), BRD-2 Luis Rivera, BRD-3 Erika
 * Mustermann (crew).
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
#define LIST	"out/2026-11-27/XB710_CDG-JFK.json"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	if (h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency BORDER --list watch"
	    " '%s/tests/data/travellers/watchlist.csv'", h_root()) != 0)
		return -1;
	return h_sh("mkdir -p '%s/dropbox/XB/incoming'", env.tmp);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* Delivers one file and runs the job as cron would; the list it wrote. */
static json_t *
deliver(const char *file)
{
	int rc;

	assert_int_equal(h_sh("cp '%s/tests/data/travellers/%s' '%s/dropbox/XB/incoming/'",
	    h_root(), file, env.tmp), 0);
	rc = h_vborder(&env, NOW " run --dropbox '%s/dropbox' --out '%s/out'",
	    env.tmp, env.tmp);
	if (rc != 0)
		h_show_stderr(&env);
	assert_int_equal(rc, 0);
	return h_json(h_path(&env, LIST));
}

static json_t *
find_target(json_t *list, const char *name)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(list, "targets"), i, t) {
		json_t *s = json_object_get(t, "subject");
		if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0)
			return t;
	}
	return NULL;
}

static size_t
passengers(json_t *list)
{
	return (size_t)json_integer_value(json_object_get(
	    json_object_get(list, "screened"), "passengers"));
}

/* The sources of a target, as "api,pnr" (sorted as the list gives them). */
static void
sources(json_t *t, char *buf, size_t bufsz)
{
	json_t *s;
	size_t i;

	buf[0] = '\0';
	json_array_foreach(json_object_get(json_object_get(t, "subject"),
	    "sources"), i, s) {
		if (i > 0)
			strlcat(buf, ",", bufsz);
		strlcat(buf, json_string_value(json_object_get(s, "source")), bufsz);
	}
}

static void
pnr_72h(void **state)
{
	json_t *l = deliver("01-pnr-72h.edi"), *t, *b;
	char src[64], *pay;

	(void)state;
	assert_non_null(l);
	assert_int_equal(passengers(l), 3);
	assert_non_null(t = find_target(l, "KOWALSKI JAN"));
	sources(t, src, sizeof(src));
	assert_string_equal(src, "pnr");
	/* The booking, for the officer: locator, and the card as the carrier masked it. */
	assert_non_null(b = json_object_get(json_object_get(t, "subject"), "booking"));
	assert_string_equal(json_string_value(json_object_get(b, "record_locator")),
	    "KWL7Q2");
	assert_non_null(pay = json_dumps(json_object_get(b, "payments"), 0));
	assert_non_null(strstr(pay, "XXXXXXXXXXXX4242"));
	free(pay);
	assert_non_null(find_target(l, "RIVERA LUIS"));
	json_decref(l);
}

static void
pnr_24h_split(void **state)
{
	json_t *l = deliver("02-pnr-24h.edi");

	(void)state;
	assert_non_null(l);
	/* ANNA moved to her own PNR: still three people, not four. */
	assert_int_equal(passengers(l), 3);
	json_decref(l);
}

static void
api_checkin(void **state)
{
	json_t *l = deliver("03-api-checkin.edi"), *t;
	char src[64];

	(void)state;
	assert_non_null(l);
	assert_int_equal(passengers(l), 3);
	/* API and PNR of one person: one target with both sources. */
	assert_non_null(t = find_target(l, "KOWALSKI JAN"));
	sources(t, src, sizeof(src));
	assert_string_equal(src, "api,pnr");
	assert_int_equal(json_array_size(json_object_get(t, "reasons")), 1);
	assert_non_null(t = find_target(l, "RIVERA LUIS"));
	json_decref(l);
}

static void
api_final_gzip(void **state)
{
	json_t *l = deliver("04-api-final.edi.gz");
	json_t *a, *t;

	(void)state;
	assert_non_null(l);
	/*
	 * LUIS is not on the last list: not counted on board, but booked and
	 * watchlisted, so still a target, saying so (the list came before the
	 * departure: not yet "not boarded").
	 */
	assert_int_equal(passengers(l), 2);
	assert_non_null(t = find_target(l, "RIVERA LUIS"));
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(t, "subject"), "boarding")), "booked, not on the API list");
	assert_null(json_object_get(json_object_get(find_target(l, "KOWALSKI JAN"),
	    "subject"), "boarding"));
	assert_non_null(find_target(l, "KOWALSKI JAN"));
	json_decref(l);
	a = h_json(h_path(&env, "dropbox/XB/outbox/04-api-final.edi.gz.ack.json"));
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "accepted");
	assert_int_equal(json_integer_value(json_object_get(a, "passengers")), 2);
	json_decref(a);
	assert_int_equal(h_sh("python3 '%s/../shared/tools/check-target-list' '%s/out'"
	    " >/dev/null", h_root(), env.tmp), 0);
}

static void
crew_json(void **state)
{
	json_t *l = deliver("05-crew.json"), *t;

	(void)state;
	assert_non_null(l);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(l, "screened"), "crew")), 2);
	assert_int_equal(passengers(l), 2);
	assert_non_null(t = find_target(l, "MUSTERMANN ERIKA"));
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(t, "subject"), "kind")), "crew");
	json_decref(l);
}

static void
api_cancel(void **state)
{
	json_t *l = deliver("06-api-cancel.edi");

	(void)state;
	assert_non_null(l);
	assert_int_equal(passengers(l), 1);
	assert_non_null(find_target(l, "KOWALSKI JAN"));
	json_decref(l);
}

/*
 * One bad message beside a good one (its flight's arrival time cannot be):
 * the good one is stored, the ack names the bad.
 */
static void
one_bad_message(void **state)
{
	json_t *a, *rej;

	(void)state;
	assert_int_equal(h_sh("cp '%s/tests/data/travellers/07-two-messages.edi'"
	    " '%s/dropbox/XB/incoming/'", h_root(), env.tmp), 0);
	assert_int_equal(h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'",
	    env.tmp), 0);
	a = h_json(h_path(&env, "dropbox/XB/outbox/07-two-messages.edi.ack.json"));
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "accepted");
	assert_int_equal(json_integer_value(json_object_get(a, "passengers")), 2);
	rej = json_object_get(a, "messages_rejected");
	assert_int_equal(json_array_size(rej), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rej, 0),
	    "message_ref")), "M2");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rej, 0),
	    "segment")), "DTM");
	json_decref(a);
}

/* The arrival time a PNR's reported flight leaves out comes from its itinerary. */
static void
arrival_from_itinerary(void **state)
{
	json_t *l, *a;

	(void)state;
	assert_int_equal(h_sh("cp '%s/tests/data/travellers/08-pnr-no-arrival.edi'"
	    " '%s/dropbox/XB/incoming/'", h_root(), env.tmp), 0);
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	assert_non_null(l = h_json(h_path(&env, "out/2026-11-27/XB714_CDG-JFK.json")));
	a = json_object_get(l, "arrival");
	assert_string_equal(json_string_value(json_object_get(a,
	    "scheduled_arrival_local")), "2026-11-27T16:40");
	assert_string_equal(json_string_value(json_object_get(a,
	    "scheduled_arrival_utc")), "2026-11-27T21:40:00Z");
	json_decref(l);
}

/* A compression bomb is quarantined with a clear error; nothing else is held up. */
static void
gzip_bomb(void **state)
{
	const char *report;

	(void)state;
	assert_int_equal(h_sh("head -c 100000000 /dev/zero | gzip -1 >"
	    " '%s/dropbox/XB/incoming/bomb.edi.gz'", env.tmp), 0);
	assert_int_equal(h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'",
	    env.tmp), 65);
	report = h_path(&env, "dropbox/XB/quarantine/bomb.edi.gz.error.json");
	assert_true(h_contains(report, "more than"));
}

/*
 * A record's arrival is its manifest's (sql/0032): every one stored so
 * names it, and the database refuses a record, person or PNR, moved to
 * another arrival than its manifest's.
 */
static void
records_keep_their_manifests_arrival(void **state)
{
	(void)state;
	assert_true(h_db_long(&env, "SELECT count(DISTINCT arrival_id)"
	    " FROM vborder.manifest") > 1);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.person p"
	    " JOIN vborder.manifest m ON m.id = p.manifest_id"
	    " WHERE m.arrival_id <> p.arrival_id"), 0);
	assert_int_not_equal(h_sh("psql -X -q -v ON_ERROR_STOP=1 '%s' -c"
	    " 'UPDATE vborder.person SET arrival_id = (SELECT max(arrival_id)"
	    " FROM vborder.manifest) WHERE arrival_id <> (SELECT max(arrival_id)"
	    " FROM vborder.manifest)' 2>/dev/null", env.conninfo), 0);
	assert_int_not_equal(h_sh("psql -X -q -v ON_ERROR_STOP=1 '%s' -c"
	    " 'UPDATE vborder.pnr SET arrival_id = (SELECT max(arrival_id)"
	    " FROM vborder.manifest) WHERE arrival_id <> (SELECT max(arrival_id)"
	    " FROM vborder.manifest)' 2>/dev/null", env.conninfo), 0);
	/* Refused, not empty: there were records to move. */
	assert_true(h_db_long(&env, "SELECT count(*) FROM vborder.pnr"
	    " WHERE arrival_id <> (SELECT max(arrival_id)"
	    " FROM vborder.manifest)") > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pnr_72h),
		cmocka_unit_test(pnr_24h_split),
		cmocka_unit_test(api_checkin),
		cmocka_unit_test(api_final_gzip),
		cmocka_unit_test(crew_json),
		cmocka_unit_test(api_cancel),
		cmocka_unit_test(one_bad_message),
		cmocka_unit_test(arrival_from_itinerary),
		cmocka_unit_test(gzip_bomb),
		cmocka_unit_test(records_keep_their_manifests_arrival),
	};

	return cmocka_run_group_tests_name("travellers", tests, setup, teardown);
}
