/*
 * store_fetch_next and store_fetch_stop on a throwaway PostgreSQL: a
 * cursor read a block ahead gives every row once, in order, and ends on
 * an empty block; a reader that stops early, or whose FETCH fails, leaves
 * the connection free for the next statement.
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

#define FETCH	"FETCH 3 FROM numbers"

static struct h_env env;

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

/* A connection in a transaction with a cursor over 1..n, its first FETCH sent. */
static PGconn *
numbers(int n)
{
	struct vb_error err;
	PGconn *db = h_store_connect(&env);
	char sql[128];

	assert_non_null(db);
	(void)snprintf(sql, sizeof(sql), "DECLARE numbers NO SCROLL CURSOR FOR"
	    " SELECT generate_series(1, %d)", n);
	assert_int_equal(store_exec(db, "BEGIN", 0, NULL, NULL, &err), 0);
	assert_int_equal(store_exec(db, sql, 0, NULL, NULL, &err), 0);
	assert_int_equal(store_send(db, FETCH, &err), 0);
	return db;
}

/*
 * Whether db takes a statement sent: nothing is left in flight on it.
 * (store_exec would not tell: libpq's PQexec drops a result left unread.)
 */
static void
assert_free(PGconn *db)
{
	struct vb_error err;
	PGresult *res;

	assert_int_equal(store_send(db, "SELECT 42", &err), 0);
	assert_int_equal(store_receive(db, &res, &err), 0);
	assert_string_equal(PQgetvalue(res, 0, 0), "42");
	PQclear(res);
}

static void
every_row_once(void **state)
{
	PGconn *db = numbers(10);
	struct vb_error err;
	PGresult *res;
	int next = 1, blocks = 0;

	(void)state;
	for (;;) {
		assert_int_equal(store_fetch_next(db, FETCH, &res, &err), 0);
		if (PQntuples(res) == 0)
			break;
		blocks++;
		for (int i = 0; i < PQntuples(res); i++)
			assert_int_equal(strtol(PQgetvalue(res, i, 0), NULL, 10),
			    next++);
		PQclear(res);
	}
	PQclear(res);
	assert_int_equal(next, 11);
	assert_int_equal(blocks, 4);
	/* The empty block sent nothing more. */
	assert_free(db);
	store_disconnect(db);
}

static void
stopped_early(void **state)
{
	PGconn *db = numbers(10);
	struct vb_error err;
	PGresult *res;

	(void)state;
	assert_int_equal(store_fetch_next(db, FETCH, &res, &err), 0);
	assert_int_equal(PQntuples(res), 3);
	PQclear(res);
	/* The second block is in flight: read, then the connection is free. */
	store_fetch_stop(db);
	assert_free(db);
	store_disconnect(db);
}

static void
fetch_fails(void **state)
{
	PGconn *db = numbers(10);
	struct vb_error err;
	PGresult *res = (PGresult *)1;

	(void)state;
	assert_int_equal(store_fetch_next(db, "FETCH 3 FROM nowhere", &res,
	    &err), 0);
	PQclear(res);
	/* The FETCH sent ahead fails: an error, nothing left in flight. */
	assert_int_equal(store_fetch_next(db, FETCH, &res, &err), -1);
	assert_null(res);
	assert_non_null(strstr(err.message, "nowhere"));
	assert_int_equal(store_exec(db, "ROLLBACK", 0, NULL, NULL, &err), 0);
	assert_free(db);
	store_disconnect(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_once),
		cmocka_unit_test(stopped_early),
		cmocka_unit_test(fetch_fails),
	};

	return cmocka_run_group_tests_name("store_fetch", tests, setup,
	    teardown);
}
