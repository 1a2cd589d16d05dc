/*
 * store_exec_often on a throwaway PostgreSQL: a statement prepared once per
 * connection and run by name, across transactions and failed ones, on two
 * connections at once, and again on a new connection after the first is
 * closed (which may well take the same address, where a statement
 * remembered for the old one would not exist); and more statements than
 * it keeps, which run unprepared rather than pile up on the server.
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

static PGconn *
connect_db(void)
{
	struct vb_error err;
	PGconn *db = store_connect(env.conninfo, &err);

	if (db == NULL)
		fail_msg("connect: %s", err.message);
	return db;
}

/* add_one of n on db, as a number. */
static long
plus_one(PGconn *db, const char *n)
{
	struct vb_error err;
	PGresult *res;
	const char *p[] = {n};
	long v;

	if (store_exec_often(db, add_one, 1, p, &res, &err) == -1)
		fail_msg("store_exec_often: %s", err.message);
	v = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

/* How many statements db has prepared (pg_prepared_statements). */
static long
prepared(PGconn *db)
{
	struct vb_error err;
	PGresult *res;
	long n;

	assert_int_equal(store_exec(db, "SELECT count(*) FROM"
	    " pg_prepared_statements", 0, NULL, &res, &err), 0);
	n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prepared_once),
		cmocka_unit_test(two_connections),
		cmocka_unit_test(new_connection),
		cmocka_unit_test(more_than_kept),
	};

	return cmocka_run_group_tests_name("store_often", tests, setup,
	    teardown);
}
