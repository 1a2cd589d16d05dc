/*
 * Ports and their time zones on a throwaway PostgreSQL: the migrations, the
 * embedded sql/ports.tsv loaded into vborder.port (a second load does
 * nothing), the zones of airports and seaports officers know, a local time
 * turned into UTC, and every zone one PostgreSQL knows. The tests run in
 * order and share one cluster and one connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "norm/ports.h"
#include "store/store.h"
#include "harness.h"

static struct h_env env;
static PGconn *db;

static int
setup(void **state)
{
	struct vb_error err;
	int applied;

	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	if ((db = store_connect(env.conninfo, &err)) == NULL ||
	    store_migrate(db, &applied, &err) == -1) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_disconnect(db);
	h_env_stop(&env);
	return 0;
}

/* The one value a query returns, as text (static buffer); "" for NULL. */
static const char *
value(const char *sql, int nparams, const char *const *params)
{
	static char buf[256];
	struct vb_error err;
	PGresult *res;

	if (store_exec(db, sql, nparams, params, &res, &err) == -1)
		fail_msg("%s: %s", sql, err.message);
	assert_int_equal(PQntuples(res), 1);
	(void)snprintf(buf, sizeof(buf), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return buf;
}

static const char *
tz_of(const char *code, const char *kind)
{
	const char *params[] = {code, kind};

	return value("SELECT coalesce((SELECT tz FROM vborder.port"
	    " WHERE code = $1 AND kind = $2), '')", 2, params);
}

static void
load(void)
{
	struct vb_error err;

	if (ports_load(db, &err) == -1)
		fail_msg("ports_load: %s", err.message);
}

static void
load_tsv(const char *tsv)
{
	struct vb_error err;

	if (ports_load_tsv(db, tsv, strlen(tsv), &err) == -1)
		fail_msg("ports_load_tsv: %s", err.message);
}

/* Every line of the embedded data but the header is a port. */
static long
embedded_rows(void)
{
	long n = -1;

	for (size_t i = 0; i < store_ports_tsv_len; i++)
		n += store_ports_tsv[i] == '\n';
	return n;
}

static void
load_embedded(void **state)
{
	char rows[24];

	(void)state;
	load();
	(void)snprintf(rows, sizeof(rows), "%ld", embedded_rows());
	assert_true(embedded_rows() > 9000);
	assert_string_equal(value("SELECT count(*) FROM vborder.port", 0, NULL),
	    rows);
	assert_string_equal(value("SELECT nrows FROM vborder.port_data", 0,
	    NULL), rows);
	assert_string_equal(value("SELECT count(*) FROM vborder.port"
	    " WHERE kind = 'sea'", 0, NULL), value("SELECT count(*) FROM"
	    " vborder.port WHERE kind = 'sea' AND length(code) = 5", 0, NULL));
}

/* The same data again: nothing is written, not even the load time. */
static void
second_load_is_a_noop(void **state)
{
	char before[64];

	(void)state;
	(void)snprintf(before, sizeof(before), "%s",
	    value("SELECT loaded_at FROM vborder.port_data", 0, NULL));
	assert_string_equal(value("UPDATE vborder.port SET name = 'changed'"
	    " WHERE code = 'FRA' AND kind = 'air' RETURNING name", 0, NULL),
	    "changed");
	load();
	assert_string_equal(value("SELECT loaded_at FROM vborder.port_data",
	    0, NULL), before);
	/* Proof that no row was rewritten: the hand edit is still there. */
	assert_string_equal(value("SELECT name FROM vborder.port"
	    " WHERE code = 'FRA'", 0, NULL), "changed");
}

/* Other data: changed rows updated, new ones added, gone ones deleted. */
static void
other_data_replaces_rows(void **state)
{
	(void)state;
	load_tsv("code\tkind\tname\tcountry\ttz\n"
	    "FRA\tair\tFrankfurt Airport\tDE\tEurope/Berlin\n"
	    "XXA\tair\tNowhere \"Field\" \\ 1\tXX\tEtc/UTC\n"
	    "XXB\tair\tUnknown zone\tXX\tMars/Olympus_Mons\n");
	assert_string_equal(value("SELECT count(*) FROM vborder.port", 0, NULL),
	    "2");
	assert_string_equal(value("SELECT name FROM vborder.port"
	    " WHERE code = 'FRA'", 0, NULL), "Frankfurt Airport");
	assert_string_equal(value("SELECT name FROM vborder.port"
	    " WHERE code = 'XXA'", 0, NULL), "Nowhere \"Field\" \\ 1");
	assert_string_equal(tz_of("XXB", "air"), "");
	assert_string_equal(value("SELECT nrows FROM vborder.port_data", 0,
	    NULL), "2");

	/* And back: the embedded data differs, so it loads again. */
	load();
	assert_string_equal(tz_of("XXA", "air"), "");
	assert_string_equal(value("SELECT name FROM vborder.port"
	    " WHERE code = 'FRA'", 0, NULL), "Frankfurt Airport");
}

/* Broken data changes nothing and says which line. */
static void
bad_data_is_refused(void **state)
{
	static const char *const bad[] = {
		"code\tname\n",
		"code\tkind\tname\tcountry\ttz\nFRA\tair\tFrankfurt\tDE\n",
		"code\tkind\tname\tcountry\ttz\nFRA\tair\tFrankfurt\tDE\tEurope/Berlin\tx\n",
		"code\tkind\tname\tcountry\ttz\nFRA\tboat\tFrankfurt\tDE\tEurope/Berlin\n",
	};
	char count[24];

	(void)state;
	(void)snprintf(count, sizeof(count), "%s",
	    value("SELECT count(*) FROM vborder.port", 0, NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vb_error err;

		assert_int_equal(ports_load_tsv(db, bad[i], strlen(bad[i]), &err),
		    -1);
		assert_int_equal(PQtransactionStatus(db), PQTRANS_IDLE);
		if (i == 1)
			assert_non_null(strstr(err.message, "line 2"));
	}
	assert_string_equal(value("SELECT count(*) FROM vborder.port", 0, NULL),
	    count);
}

/* Inside the caller's transaction: its rollback takes the load back. */
static void
callers_transaction(void **state)
{
	struct vb_error err;

	(void)state;
	assert_int_equal(store_begin(db, &err), 0);
	load_tsv("code\tkind\tname\tcountry\ttz\n"
	    "FRA\tair\tFrankfurt Airport\tDE\tEurope/Berlin\n");
	assert_int_equal(PQtransactionStatus(db), PQTRANS_INTRANS);
	assert_string_equal(value("SELECT count(*) FROM vborder.port", 0, NULL),
	    "1");
	store_rollback(db);
	assert_true(strtol(value("SELECT count(*) FROM vborder.port", 0, NULL),
	    NULL, 10) > 9000);
}

static void
zones_of_known_ports(void **state)
{
	(void)state;
	assert_string_equal(tz_of("FRA", "air"), "Europe/Berlin");
	assert_string_equal(tz_of("JFK", "air"), "America/New_York");
	assert_string_equal(tz_of("SYD", "air"), "Australia/Sydney");
	assert_string_equal(tz_of("LHR", "air"), "Europe/London");
	assert_string_equal(tz_of("NLRTM", "sea"), "Europe/Amsterdam");
	assert_string_equal(tz_of("USNYC", "sea"), "America/New_York");
	assert_string_equal(tz_of("DEHAM", "sea"), "Europe/Berlin");
	/* Several zones in the country: the nearest airport's. */
	assert_string_equal(tz_of("USLAX", "sea"), "America/Los_Angeles");
	assert_string_equal(tz_of("AUHBA", "sea"), "Australia/Hobart");
	assert_string_equal(tz_of("PTFNC", "sea"), "Atlantic/Madeira");
	assert_string_equal(value("SELECT name || ' ' || country FROM"
	    " vborder.port WHERE code = 'JFK' AND kind = 'air'", 0, NULL),
	    "John F. Kennedy International Airport US");
}

/* What the arrival's UTC time will be: 11:05 in New York in November. */
static void
local_to_utc(void **state)
{
	(void)state;
	assert_string_equal(value("SELECT to_char(('2026-11-25 11:05'::timestamp"
	    " AT TIME ZONE tz) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"
	    " FROM vborder.port WHERE code = 'JFK' AND kind = 'air'", 0, NULL),
	    "2026-11-25 16:05");
	/* Summer time in Sydney: UTC+11. */
	assert_string_equal(value("SELECT to_char(('2026-01-10 07:00'::timestamp"
	    " AT TIME ZONE tz) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"
	    " FROM vborder.port WHERE code = 'SYD' AND kind = 'air'", 0, NULL),
	    "2026-01-09 20:00");
}

static void
every_zone_known_to_postgresql(void **state)
{
	(void)state;
	assert_string_equal(value("SELECT count(*) FROM vborder.port WHERE tz"
	    " NOT IN (SELECT name FROM pg_timezone_names)", 0, NULL), "0");
	/* Nothing was left out for an unknown zone either. */
	assert_true(strtol(value("SELECT nrows FROM vborder.port_data", 0,
	    NULL), NULL, 10) == embedded_rows());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_embedded),
		cmocka_unit_test(second_load_is_a_noop),
		cmocka_unit_test(other_data_replaces_rows),
		cmocka_unit_test(bad_data_is_refused),
		cmocka_unit_test(callers_transaction),
		cmocka_unit_test(zones_of_known_ports),
		cmocka_unit_test(local_to_utc),
		cmocka_unit_test(every_zone_known_to_postgresql),
	};

	return cmocka_run_group_tests_name("ports", tests, setup, teardown);
}
