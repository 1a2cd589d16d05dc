/*
 * The whole job as operations staff run it, on a throwaway PostgreSQL:
 * carrier files in a dropbox, two agencies' watchlists, ingest, screen and
 * targets, then the target list an officer reads. The tests run in order
 * and share one cluster and one dropbox (tests/data/e2e, copied).
 *
 * The people on flight XA401 (tests/data/e2e/dropbox/XA/incoming) and why
 * each should or should not be a target:
 *   MUELLER HANS          IMM-0001 "MÜLLER, Hans": Ü as UE, comma form, DOB
 *   GARCIA JOSE ANTONIO   POL-17 "José Antonio García": accents, word order
 *   O?'BRIEN SEAN         POL-18 "Seán O'Brien": released apostrophe
 *   SMITH JONES ANNA      POL-19 "Anna Smith-Jones": hyphen
 *   NOWAK PIOTR           IMM-0002 by document, POL-20 by name: two agencies
 *   ROSSI MARIA           IMM-0003 "Maria Elena Rossi": missing middle name
 *   SMITH JOHN 1985       IMM-0004 is a John Smith born 1950: no target
 *   THORSSON AEGIR (crew) POL-21 "Ægir Þórsson", from a one-line crew list
 *                         with custom separators
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

#include "harness.h"

#define NOW	"--now 2026-11-24T22:00:00Z"
#define LIST	"out/2026-11-25/XA401_FRA-JFK.json"

static struct h_env env;

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	return h_sh("cp -R '%s/tests/data/e2e/dropbox' '%s/dropbox'", h_root(),
	    env.tmp);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static void
migrate_twice(void **state)
{
	(void)state;
	VB(0, "db migrate");
	VB(0, "db migrate");
}

/* A truncated file is quarantined with its report; the others are stored. */
static void
ingest_dropbox(void **state)
{
	(void)state;
	VB(65, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/XA401-pax.edi")));
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/XA401-crew.edi")));
	assert_false(h_exists(h_path(&env, "dropbox/XA/incoming/XA401-pax.edi")));
	/* Still being uploaded: left alone. */
	assert_true(h_exists(h_path(&env, "dropbox/XA/incoming/XA403.edi.part")));

	assert_true(h_exists(h_path(&env, "dropbox/XA/quarantine/XA402-truncated.edi")));
	const char *report = h_path(&env, "dropbox/XA/quarantine/XA402-truncated.edi.error.json");
	json_t *r = h_json(report);
	assert_non_null(r);
	json_t *e = json_object_get(r, "error");
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(r, "file")),
	    "XA402-truncated.edi");
	assert_string_equal(json_string_value(json_object_get(r, "carrier")), "XA");
	assert_non_null(json_string_value(json_object_get(e, "message")));
	assert_non_null(json_string_value(json_object_get(e, "segment")));
	assert_true(json_integer_value(json_object_get(e, "offset")) > 0);
	json_decref(r);

	/* Acks for the carrier: accepted, duplicate (same bytes), rejected. */
	json_t *a = h_json(h_path(&env, "dropbox/XA/outbox/XA401-pax.edi.ack.json"));
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "accepted");
	assert_int_equal(json_integer_value(json_object_get(a, "passengers")), 9);
	json_decref(a);
	a = h_json(h_path(&env, "dropbox/XA/outbox/XA401-resent.edi.ack.json"));
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "duplicate");
	json_decref(a);
	a = h_json(h_path(&env, "dropbox/XA/outbox/XA402-truncated.edi.ack.json"));
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "rejected");
	json_decref(a);
	a = h_json(h_path(&env, "dropbox/XA/outbox/XA401-crew.edi.ack.json"));
	assert_non_null(a);
	assert_int_equal(json_integer_value(json_object_get(a, "crew")), 2);
	json_decref(a);

	/* Nothing a carrier sent is world-readable. */
	assert_int_equal(h_sh("test -z \"$(find '%s/dropbox' -type f -perm -o=r"
	    " ! -name '*.part')\"", env.tmp), 0);
}

static void
load_watchlists(void **state)
{
	(void)state;
	VB(0, NOW " watchlist load --agency IMMIGRATION --list denied-entry"
	    " --replace '%s/tests/data/e2e/watchlists/immigration-denied-entry.csv'",
	    h_root());
	VB(0, NOW " watchlist load --agency POLICE --list wanted"
	    " '%s/tests/data/e2e/watchlists/police-wanted.csv'", h_root());
	VB(0, "watchlist ls");
	assert_true(h_contains(env.out, "IMMIGRATION"));
	assert_true(h_contains(env.out, "POLICE"));
}

static json_t *
find_target(json_t *list, const char *name)
{
	json_t *targets = json_object_get(list, "targets"), *t;
	size_t i;

	json_array_foreach(targets, i, t) {
		json_t *s = json_object_get(t, "subject");
		if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0)
			return t;
	}
	return NULL;
}

static int
has_reason(json_t *t, const char *agency, const char *entry)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(t, "reasons"), i, r)
		if (strcmp(json_string_value(json_object_get(r, "agency")), agency) == 0 &&
		    strcmp(json_string_value(json_object_get(r, "entry_id")), entry) == 0)
			return 1;
	return 0;
}

static void
expect_targets(void)
{
	json_t *l = h_json(h_path(&env, LIST)), *t;

	assert_non_null(l);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(l, "arrival"), "transport_id")), "XA401");
	/* 11:05 at JFK in November is 16:05 UTC (America/New_York, EST). */
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(l, "arrival"), "scheduled_arrival_utc")),
	    "2026-11-25T16:05:00Z");
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(l, "screened"), "passengers")), 9);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(l, "screened"), "crew")), 2);
	assert_int_equal(json_array_size(json_object_get(l, "targets")), 7);

	assert_non_null(t = find_target(l, "MUELLER HANS"));
	assert_true(has_reason(t, "IMMIGRATION", "IMM-0001"));
	assert_string_equal(json_string_value(json_object_get(t, "priority")), "high");
	assert_non_null(t = find_target(l, "GARCIA JOSE ANTONIO"));
	assert_true(has_reason(t, "POLICE", "POL-17"));
	assert_non_null(t = find_target(l, "O'BRIEN SEAN"));
	assert_true(has_reason(t, "POLICE", "POL-18"));
	assert_non_null(t = find_target(l, "SMITH JONES ANNA"));
	assert_true(has_reason(t, "POLICE", "POL-19"));
	assert_non_null(t = find_target(l, "ROSSI MARIA"));
	assert_true(has_reason(t, "IMMIGRATION", "IMM-0003"));
	/* One subject, both agencies' reasons. */
	assert_non_null(t = find_target(l, "NOWAK PIOTR"));
	assert_true(has_reason(t, "IMMIGRATION", "IMM-0002"));
	assert_true(has_reason(t, "POLICE", "POL-20"));
	assert_int_equal(json_integer_value(json_object_get(t, "rank")), 1);
	assert_non_null(t = find_target(l, "THORSSON AEGIR"));
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(t, "subject"), "kind")), "crew");
	assert_null(find_target(l, "SMITH JOHN"));
	json_decref(l);
}

static void
screen_and_targets(void **state)
{
	(void)state;
	VB(0, NOW " screen");
	VB(0, NOW " targets --out '%s/out' --format json,csv,html", env.tmp);
	expect_targets();
	assert_true(h_exists(h_path(&env, "out/2026-11-25/XA401_FRA-JFK.csv")));
	assert_true(h_exists(h_path(&env, "out/2026-11-25/XA401_FRA-JFK.html")));
	assert_int_equal(h_sh("python3 '%s/../shared/tools/check-target-list' '%s/out'"
	    " >/dev/null", h_root(), env.tmp), 0);
}

/* Screening again, or the same bytes again, changes nothing. */
static void
idempotent(void **state)
{
	(void)state;
	VB(0, NOW " screen");
	assert_int_equal(h_sh("cp '%s/dropbox/XA/archive/XA401-pax.edi'"
	    " '%s/dropbox/XA/incoming/XA401-again.edi'", env.tmp, env.tmp), 0);
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	json_t *a = h_json(h_path(&env, "dropbox/XA/outbox/XA401-again.edi.ack.json"));
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "duplicate");
	json_decref(a);
	expect_targets();
}

/* Another run holds the lock: exit 75 and nothing consumed. */
static void
locked(void **state)
{
	PGconn *db = PQconnectdb(env.conninfo);
	PGresult *res;

	(void)state;
	assert_int_equal(PQstatus(db), CONNECTION_OK);
	res = PQexec(db, "SELECT pg_advisory_lock(7624010201)");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	PQclear(res);
	assert_int_equal(h_sh("cp '%s/tests/data/e2e/dropbox/XA/incoming/XA401-crew.edi'"
	    " '%s/dropbox/XA/incoming/late.edi'", h_root(), env.tmp), 0);
	VB(75, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/incoming/late.edi")));
	PQfinish(db);
}

/* The database is down: exit 75, the file still waits in incoming/. */
static void
database_down(void **state)
{
	(void)state;
	assert_int_equal(h_sh("'%s/tests/pgctl' stop '%s/pg'", h_root(), env.tmp), 0);
	VB(75, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	VB(75, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/incoming/late.edi")));
	assert_false(h_exists(h_path(&env, "dropbox/XA/processing/late.edi")));
	assert_int_equal(h_sh("'%s/tests/pgctl' start '%s/pg' fast >/dev/null",
	    h_root(), env.tmp), 0);
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/late.edi")));
}

/*
 * A run killed between claiming a file and its commit leaves the file in
 * processing/: the next run takes it first. One killed after the commit
 * leaves it there too, and the next run finds the bytes stored already.
 */
static void
crash_leftovers(void **state)
{
	(void)state;
	assert_int_equal(h_sh("mkdir -p '%s/dropbox/XA/processing' &&"
	    " sed 's/XA401/XA405/g' '%s/tests/data/e2e/dropbox/XA/incoming/XA401-crew.edi'"
	    " > '%s/dropbox/XA/processing/cut-off.edi' &&"
	    " cp '%s/dropbox/XA/archive/XA401-pax.edi' '%s/dropbox/XA/processing/committed.edi'",
	    env.tmp, h_root(), env.tmp, env.tmp, env.tmp), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/cut-off.edi")));
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/committed.edi")));
	assert_false(h_exists(h_path(&env, "dropbox/XA/processing/cut-off.edi")));
	assert_true(h_contains(h_path(&env, "dropbox/XA/outbox/committed.edi.ack.json"),
	    "duplicate"));
	assert_true(h_contains(h_path(&env, "dropbox/XA/outbox/cut-off.edi.ack.json"),
	    "accepted"));
}

static long
count(const char *sql)
{
	long n = h_db_long(&env, sql);

	assert_true(n >= 0);
	return n;
}

/* Retention: nothing goes before its time; past it, the personal data goes. */
static void
purge(void **state)
{
	(void)state;
	/*
	 * Retention follows the receipt the database recorded, not the dates a
	 * carrier gave its uploads (rename() keeps them): a file dated 1990
	 * stays its time, one dated 2099 still goes.
	 */
	assert_int_equal(h_sh("touch -d 1990-01-01 '%s/dropbox/XA/archive/XA401-pax.edi'"
	    " '%s/dropbox/XA/outbox/XA401-pax.edi.ack.json' && touch -d 2099-01-01"
	    " '%s/dropbox/XA/quarantine/XA402-truncated.edi'", env.tmp, env.tmp,
	    env.tmp), 0);
	VB(0, NOW " purge --days 30 --dropbox '%s/dropbox' --out '%s/out'",
	    env.tmp, env.tmp);
	assert_true(count("SELECT count(*) FROM vborder.person") > 0);
	assert_true(h_exists(h_path(&env, LIST)));
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/XA401-pax.edi")));
	assert_true(h_exists(h_path(&env, "dropbox/XA/outbox/XA401-pax.edi.ack.json")));

	/* 37 days after XA401 landed. */
	VB(0, "--now 2027-01-01T00:00:00Z purge --days 30 --dropbox '%s/dropbox'"
	    " --out '%s/out'", env.tmp, env.tmp);
	assert_int_equal(count("SELECT count(*) FROM vborder.person"), 0);
	assert_int_equal(count("SELECT count(*) FROM vborder.arrival"), 0);
	assert_int_equal(count("SELECT count(*) FROM vborder.pnr"), 0);
	assert_int_equal(count("SELECT count(*) FROM vborder.carrier_file"
	    " WHERE error IS NOT NULL"), 0);
	/* The receipts stay: the same bytes are still known. */
	assert_true(count("SELECT count(*) FROM vborder.carrier_file") > 0);
	assert_false(h_exists(h_path(&env, LIST)));
	assert_false(h_exists(h_path(&env, "dropbox/XA/archive/XA401-pax.edi")));
	assert_false(h_exists(h_path(&env,
	    "dropbox/XA/quarantine/XA402-truncated.edi.error.json")));
	assert_false(h_exists(h_path(&env, "dropbox/XA/quarantine/XA402-truncated.edi")));
	assert_false(h_exists(h_path(&env, "dropbox/XA/outbox/XA401-pax.edi.ack.json")));
	assert_false(h_exists(h_path(&env, "dropbox/XA/archive/XA401-resent.edi")));
	assert_int_equal(count("SELECT count(*) FROM vborder.carrier_file"
	    " WHERE purged_at IS NULL"), 0);
	/* What is still being uploaded is not ours to remove. */
	assert_true(h_exists(h_path(&env, "dropbox/XA/incoming/XA403.edi.part")));
}

/* The name matcher as a tool: CSV in, the decision screening would take out. */
static void
names_compare(void **state)
{
	(void)state;
	assert_int_equal(h_sh("printf 'id,name_a,name_b,schema\\n"
	    "1,MUELLER HANS,\"M\\303\\274ller, Hans\",Person\\n"
	    "2,Anna Schmidt,Hans Mueller,Person\\n"
	    "3,ACME TRADING LTD,Acme Trading Limited,Company\\n"
	    "4,Ltd,LTD,Company\\n'"
	    " | '%s' names compare > '%s'", h_bin(), env.out), 0);
	assert_true(h_contains(env.out, "id,score,decision"));
	assert_true(h_contains(env.out, "\n1,"));
	assert_int_equal(h_sh("grep -q '^1,.*,1\\r*$' '%s' && grep -q '^2,.*,0\\r*$' '%s'"
	    " && grep -q '^3,.*,1\\r*$' '%s' && grep -q '^4,.*,0\\r*$' '%s'",
	    env.out, env.out, env.out, env.out), 0);
	/* At threshold 1 a names-only pair never alerts. */
	assert_int_equal(h_sh("printf 'id,name_a,name_b\\n1,MUELLER HANS,Hans Mueller\\n'"
	    " | '%s' names compare --threshold 1 | grep -q '^1,.*,0'", h_bin()), 0);
}

static void
usage_errors(void **state)
{
	(void)state;
	VB(64, "no-such-command");
	VB(64, "run");
	VB(0, "help run");
	assert_true(h_contains(env.out, "--dropbox"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrate_twice),
		cmocka_unit_test(ingest_dropbox),
		cmocka_unit_test(load_watchlists),
		cmocka_unit_test(screen_and_targets),
		cmocka_unit_test(idempotent),
		cmocka_unit_test(locked),
		cmocka_unit_test(database_down),
		cmocka_unit_test(crash_leftovers),
		cmocka_unit_test(purge),
		cmocka_unit_test(names_compare),
		cmocka_unit_test(usage_errors),
	};

	return cmocka_run_group_tests_name("e2e", tests, setup, teardown);
}
