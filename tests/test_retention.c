/*
 * Retention per data kind (issue 13, README "Personal data"), from the
 * operator's side on a throwaway PostgreSQL: tests/data/links/ gives an
 * API list and a PNR for XA401 (ROSSI MARIO on IMMIGRATION's list, an
 * outcome recorded on him), a PNR for XB502 and a cargo flight XC880;
 * tests/data/retention/ the API list of XB502 (two travellers, no outcome). The
 * periods are those of a config file; each is tried a minute before and a
 * minute after its boundary, counted from the arrival the database holds.
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

#define NOW	"--now 2026-12-01T06:00:00Z"
#define XA401	"out/2026-12-01/XA401_FRA-JFK.json"

static struct h_env env;
static char config[512];

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

/* A count of the database, asserted to be one. */
static long
num(const char *sql)
{
	long n = h_db_long(&env, sql);

	assert_true(n >= 0);
	return n;
}

/*
 * "--now T": the scheduled arrival (UTC) of the flight transport, days
 * and minutes after, as the database holds it.
 */
static const char *
after(const char *transport, int days, int minutes)
{
	static char now[64];
	char d[16], m[16], *at;
	const char *p[] = {d, m, transport};

	(void)snprintf(d, sizeof(d), "%d", days);
	(void)snprintf(m, sizeof(m), "%d", minutes);
	assert_non_null(at = h_db_value_p(&env, "SELECT to_char(("
	    "scheduled_arrival_utc + make_interval(days => $1::int,"
	    " mins => $2::int)) AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM vborder.arrival"
	    " WHERE transport_id = $3", 3, p));
	(void)snprintf(now, sizeof(now), "--now %s", at);
	free(at);
	return now;
}

static void
purge(const char *now)
{
	VB(0, "--config '%s' %s purge --dropbox '%s/dropbox'", config, now,
	    env.tmp);
}

static int
setup(void **state)
{
	json_t *l;
	const char *id;
	FILE *f;

	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_links_dropbox(&env, "dropbox") != 0 ||
	    h_sh("cp '%s/tests/data/links/api-xa401.edi' '%s/dropbox/XA/incoming/'"
	    " && cp '%s/tests/data/retention/api-xb502.edi'"
	    " '%s/dropbox/XB/incoming/'", h_root(), env.tmp, h_root(),
	    env.tmp) != 0)
		return -1;
	/* API 2 days, PNR masked at 10 and deleted at 20, cargo 5, runs 60. */
	(void)snprintf(config, sizeof(config), "%s/vborder.conf", env.tmp);
	if ((f = fopen(config, "w")) == NULL)
		return -1;
	(void)fprintf(f, "[database]\nconninfo = %s\n[retention]\ndays = 30\n"
	    "api_days = 2\npnr_depersonalise_days = 10\npnr_days = 20\n"
	    "cargo_days = 5\nrecords_days = 60\n", env.conninfo);
	if (fclose(f) != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency IMMIGRATION --list"
	    " wanted '%s/tests/data/links/watchlist-immigration.csv'",
	    h_root()) != 0 ||
	    h_vborder(&env, NOW " run --dropbox '%s/dropbox' --out '%s/out'",
	    env.tmp, env.tmp) != 0 ||
	    (l = h_json(h_path(&env, XA401))) == NULL)
		return -1;
	id = json_string_value(json_object_get(h_target(l, "ROSSI MARIO"), "id"));
	if (id == NULL ||
	    h_vborder(&env, NOW " outcome record %s --outcome referred", id) != 0) {
		json_decref(l);
		return -1;
	}
	json_decref(l);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

#define API_RECORDS "SELECT count(*) FROM vborder.person WHERE source = 'api'"
#define PNR_NAMED "SELECT count(*) FROM vborder.person p" \
	" JOIN vborder.arrival a ON a.id = p.arrival_id" \
	" WHERE p.source = 'pnr' AND p.name_raw <> '' AND a.transport_id = 'XA401'"
#define PNR_RECORDS "SELECT count(*) FROM vborder.pnr r" \
	" JOIN vborder.arrival a ON a.id = r.arrival_id WHERE a.transport_id = 'XA401'"
#define SHIPMENTS "SELECT count(*) FROM vborder.shipment"

/* API data: kept its days, then gone but for the traveller with an outcome. */
static void
api_records(void **state)
{
	long api;

	(void)state;
	api = num(API_RECORDS);
	assert_int_equal(api, 3);
	purge(after("XA401", 2, -1));
	assert_int_equal(num(API_RECORDS), api);
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/api-xa401.edi")));

	purge(after("XB502", 2, 1));
	assert_int_equal(num(API_RECORDS), 1);
	assert_false(h_exists(h_path(&env, "dropbox/XB/archive/api-xb502.edi")));
	assert_int_equal(num("SELECT count(*) FROM vborder.person"
	    " WHERE source = 'api' AND name_raw = 'ROSSI MARIO'"), 1);
	/* Its outcome, its target, its message and the file stay with it. */
	assert_int_equal(num("SELECT count(*) FROM vborder.outcome"), 1);
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/api-xa401.edi")));
	/* PNR and cargo are not due yet. */
	assert_true(num(PNR_NAMED) > 0);
	assert_true(num(SHIPMENTS) > 0);
	assert_true(h_contains(env.errout, "1 past their time kept for an outcome"));
}

/* Cargo: its own period, then the manifests, waybills and their files. */
static void
cargo(void **state)
{
	(void)state;
	purge(after("XC880", 5, -1));
	assert_true(num(SHIPMENTS) > 0);
	purge(after("XC880", 5, 1));
	assert_int_equal(num(SHIPMENTS), 0);
	assert_int_equal(num("SELECT count(*) FROM vborder.arrival"
	    " WHERE transport_id = 'XC880'"), 0);
	assert_true(num(PNR_NAMED) > 0);
}

/* PNR: depersonalised first (the journey kept), deleted later. */
static void
pnr_depersonalised_then_deleted(void **state)
{
	long named;

	(void)state;
	purge(after("XA401", 10, -1));
	assert_true((named = num(PNR_NAMED)) > 0);
	assert_true(num("SELECT count(*) FROM vborder.pnr"
	    " WHERE contacts <> '[]'") > 0);

	purge(after("XA401", 10, 1));
	assert_int_equal(num(PNR_NAMED), 0);
	assert_true(num(PNR_RECORDS) > 0);
	assert_int_equal(num("SELECT count(*) FROM vborder.pnr r"
	    " JOIN vborder.arrival a ON a.id = r.arrival_id"
	    " WHERE a.transport_id = 'XA401' AND (r.contacts <> '[]'"
	    "  OR r.depersonalised_at IS NULL OR EXISTS (SELECT 1"
	    "  FROM jsonb_array_elements(r.payments) x"
	    "  WHERE x - 'type' <> '{}'::jsonb))"), 0);
	/* The journey and the forms of payment stay for statistics. */
	assert_int_equal(num("SELECT count(*) FROM vborder.pnr r"
	    " JOIN vborder.arrival a ON a.id = r.arrival_id"
	    " WHERE a.transport_id = 'XA401' AND r.itinerary = '[]'"), 0);
	assert_int_equal(num("SELECT count(*) FROM vborder.person_document d"
	    " JOIN vborder.person p ON p.id = d.person_id WHERE p.source = 'pnr'"
	    " AND p.name_raw = ''"), 0);
	assert_int_equal(num("SELECT count(*) FROM vborder.link_hit h"
	    " JOIN vborder.person p ON p.id = h.person_id"
	    " WHERE p.name_raw = '' AND h.value <> ''"), 0);
	/* A raw PNR cannot be masked: it goes at depersonalisation. */
	assert_false(h_exists(h_path(&env, "dropbox/XA/archive/pnr-xa401.edi")));

	purge(after("XA401", 20, -1));
	assert_true(num(PNR_RECORDS) > 0);
	purge(after("XA401", 20, 1));
	assert_int_equal(num(PNR_RECORDS), 0);
	/* The traveller with an outcome is still there, and so his arrival. */
	assert_int_equal(num(API_RECORDS), 1);
	assert_int_equal(num("SELECT count(*) FROM vborder.arrival"
	    " WHERE transport_id = 'XA401'"), 1);
}

/* Run records and the audit trail: kept longer, then gone too. */
static void
records(void **state)
{
	long runs = num("SELECT count(*) FROM vborder.run");

	(void)state;
	assert_true(runs > 0);
	purge(after("XA401", 59, 0));
	assert_true(num("SELECT count(*) FROM vborder.audit") > 0);
	/* The first runs' now was 2026-12-01T06:00, before the arrival. */
	purge(after("XA401", 61, 0));
	assert_true(num("SELECT count(*) FROM vborder.run"
	    " WHERE now < '2026-12-02'") < runs);
	assert_int_equal(num("SELECT count(*) FROM vborder.audit"
	    " WHERE at < '2026-12-02'"), 0);
}

/* A PNR deleted before it is depersonalised is a configuration error;
 * left unset, depersonalisation follows deletion. */
static void
bad_policy(void **state)
{
	FILE *f;
	char path[600];

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/bad.conf", env.tmp);
	assert_non_null(f = fopen(path, "w"));
	(void)fprintf(f, "[retention]\npnr_depersonalise_days = 30\n"
	    "pnr_days = 10\n");
	assert_int_equal(fclose(f), 0);
	VB(65, "--config '%s' " NOW " purge", path);
	assert_true(h_contains(env.errout, "pnr_depersonalise_days"));
	/* Unset, depersonalisation comes with deletion when that is sooner. */
	assert_non_null(f = fopen(path, "w"));
	(void)fprintf(f, "[database]\nconninfo = %s\n[retention]\ndays = 30\n"
	    "pnr_days = 10\n", env.conninfo);
	assert_int_equal(fclose(f), 0);
	VB(0, "--config '%s' " NOW " purge", path);
	assert_true(h_contains(env.errout, "PNR depersonalised after 10 and"
	    " deleted after 10"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_records),
		cmocka_unit_test(cargo),
		cmocka_unit_test(pnr_depersonalised_then_deleted),
		cmocka_unit_test(records),
		cmocka_unit_test(bad_policy),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
