/*
 * store_exec_often on a throwaway PostgreSQL: a statement prepared once per
 * connection and run by name, across transactions and failed ones, on two
 * connections at once, and again on a new connection after the first is
 * closed (which may well take the same address, where a statement
 * remembered for the old one would not exist); more statements than it
 * keeps, which run unprepared rather than pile up on the server; and a
 * statement planned while its table was nearly empty, planned again as the
 * table grows; and every session without JIT.
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

#include "store/store.h"
#include "harness.h"

static struct h_env env;

static const char *const add_one = "SELECT $1::int + 1";

static PGconn *
connect_db(void)
{
	PGconn *db = h_store_connect(&env);

	assert_non_null(db);
	return db;
}

static int
setup(void **state)
{
	(void)state;
	return h_env_start(&env, 1);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* The number statement sql of one parameter, arg, gives on db. */
static long
often_number(PGconn *db, const char *sql, const char *arg)
{
	struct vb_error err;
	PGresult *res;
	const char *p[] = {arg};
	long v;

	if (store_exec_often(db, sql, 1, p, &res, &err) == -1)
		fail_msg("store_exec_often: %s", err.message);
	v = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

/* add_one of n on db. */
static long
plus_one(PGconn *db, const char *n)
{
	return often_number(db, add_one, n);
}

/* How many statements db has prepared. */
static long
prepared(PGconn *db)
{
	return h_conn_long(db, "SELECT count(*) FROM pg_prepared_statements");
}

static void
prepared_once(void **state)
{
	struct vb_error err;
	PGconn *db = connect_db();

	(void)state;
	assert_int_equal(plus_one(db, "41"), 42);
	assert_int_equal(plus_one(db, "1"), 2);
	assert_int_equal(prepared(db), 1);
	/* A failed transaction, rolled back, leaves it prepared. */
	assert_int_equal(store_begin(db, &err), 0);
	assert_int_equal(plus_one(db, "2"), 3);
	assert_int_equal(store_exec(db, "SELECT 1 / 0", 0, NULL, NULL, &err),
	    -1);
	store_rollback(db);
	assert_int_equal(plus_one(db, "3"), 4);
	assert_int_equal(prepared(db), 1);
	/* In a failed transaction, an error like any statement's. */
	assert_int_equal(store_begin(db, &err), 0);
	assert_int_equal(store_exec(db, "SELECT 1 / 0", 0, NULL, NULL, &err),
	    -1);
	{
		const char *p[] = {"4"};

		assert_int_equal(store_exec_often(db, add_one, 1, p, NULL,
		    &err), -1);
	}
	store_rollback(db);
	store_disconnect(db);
}

static void
two_connections(void **state)
{
	PGconn *a = connect_db(), *b = connect_db();

	(void)state;
	assert_int_equal(plus_one(a, "10"), 11);
	assert_int_equal(plus_one(b, "20"), 21);
	assert_int_equal(plus_one(a, "30"), 31);
	assert_int_equal(prepared(a), 1);
	assert_int_equal(prepared(b), 1);
	store_disconnect(a);
	store_disconnect(b);
}

static void
new_connection(void **state)
{
	PGconn *db = connect_db();
	const void *was = db;

	(void)state;
	assert_int_equal(plus_one(db, "5"), 6);
	store_disconnect(db);
	db = connect_db();
	if ((const void *)db == was)
		print_message("the new connection took the old one's address\n");
	assert_int_equal(prepared(db), 0);
	assert_int_equal(plus_one(db, "6"), 7);
	assert_int_equal(prepared(db), 1);
	store_disconnect(db);
}

static void
more_than_kept(void **state)
{
	PGconn *db = connect_db();
	char sql[100][32];
	struct vb_error err;

	(void)state;
	for (int k = 0; k < 100; k++)
		(void)snprintf(sql[k], sizeof(sql[k]), "SELECT $1::int + %d", k);
	for (int round = 0; round < 2; round++) {
		for (int k = 0; k < 100; k++) {
			const char *p[] = {"1"};
			PGresult *res;

			assert_int_equal(store_exec_often(db, sql[k], 1, p,
			    &res, &err), 0);
			assert_int_equal(strtol(PQgetvalue(res, 0, 0), NULL,
			    10), 1 + k);
			PQclear(res);
		}
	}
	assert_true(prepared(db) > 0);
	assert_true(prepared(db) < 100);
	store_disconnect(db);
}

static const char *const by_key = "SELECT count(*) FROM grows WHERE k = $1";

/* The plan db would run by_key with now, as EXPLAIN EXECUTE shows it. */
static char *
plan_of_by_key(PGconn *db)
{
	struct vb_error err;
	PGresult *res;
	char sql[128], *plan = NULL;
	const char *p[] = {by_key};

	assert_int_equal(store_exec(db, "SELECT name FROM pg_prepared_statements"
	    " WHERE statement = $1", 1, p, &res, &err), 0);
	assert_int_equal(PQntuples(res), 1);	/* the old one let go */
	(void)snprintf(sql, sizeof(sql), "EXPLAIN EXECUTE %s('k7')",
	    PQgetvalue(res, 0, 0));
	PQclear(res);
	assert_int_equal(store_exec(db, sql, 0, NULL, &res, &err), 0);
	for (int r = 0; r < PQntuples(res); r++) {
		size_t have = plan != NULL ? strlen(plan) : 0;
		const char *line = PQgetvalue(res, r, 0);

		plan = realloc(plan, have + strlen(line) + 2);
		assert_non_null(plan);
		(void)snprintf(plan + have, strlen(line) + 2, "%s\n", line);
	}
	PQclear(res);
	return plan;
}

/*
 * The shipments' supersede in ingest: a generic plan made on a nearly
 * empty table (a temporary one here, which autovacuum never analyses) read
 * all of it at every execution once it held a hundred thousand rows.
 */
static void
planned_again_as_tables_grow(void **state)
{
	PGconn *db = connect_db();
	struct vb_error err;
	char *plan;

	(void)state;
	assert_int_equal(store_exec(db, "CREATE TEMPORARY TABLE grows (k text)",
	    0, NULL, NULL, &err), 0);
	assert_int_equal(store_exec(db, "CREATE INDEX ON grows (k)", 0, NULL,
	    NULL, &err), 0);
	assert_int_equal(store_exec(db, "INSERT INTO grows VALUES ('k1'),"
	    " ('k2'), ('k3')", 0, NULL, NULL, &err), 0);
	/* As ingest's first store_analyze finds its tables. */
	assert_int_equal(store_exec(db, "ANALYZE grows", 0, NULL, NULL, &err),
	    0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(often_number(db, by_key, "k1"), 1);
	plan = plan_of_by_key(db);
	assert_non_null(strstr(plan, "Seq Scan"));
	free(plan);
	assert_int_equal(store_exec(db, "INSERT INTO grows SELECT 'k' || i"
	    " FROM generate_series(4, 100000) i", 0, NULL, NULL, &err), 0);
	for (int i = 10; i < 100; i++)
		assert_int_equal(often_number(db, by_key, "k7"), 1);
	plan = plan_of_by_key(db);
	assert_null(strstr(plan, "Seq Scan"));
	assert_non_null(strstr(plan, "Index"));
	free(plan);
	store_disconnect(db);
}

/* vborder's sessions run without JIT, whatever the server's setting. */
static void
no_jit(void **state)
{
	PGconn *db = connect_db();
	struct vb_error err;
	PGresult *res;

	(void)state;
	assert_int_equal(store_exec(db, "SHOW jit", 0, NULL, &res, &err), 0);
	assert_string_equal(PQgetvalue(res, 0, 0), "off");
	PQclear(res);
	store_disconnect(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prepared_once),
		cmocka_unit_test(two_connections),
		cmocka_unit_test(new_connection),
		cmocka_unit_test(more_than_kept),
		cmocka_unit_test(planned_again_as_tables_grow),
		cmocka_unit_test(no_jit),
	};

	return cmocka_run_group_tests_name("store_often", tests, setup,
	    teardown);
}
