/*
 * store_connect_like, store_snapshot and store_begin_read on a throwaway
 * PostgreSQL, as the lists' threads use them (core/targets/targets.c): a
 * connection made like another reaches the same database as the same
 * login, and in the snapshot the first one's transaction exported it reads
 * that moment, not what was committed since; a read without one sees the
 * latest.
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

static void
twin_reads_the_exported_moment(void **state)
{
	PGconn *lead = h_store_connect(&env), *other = h_store_connect(&env),
	    *twin, *fresh;
	struct vb_error err;
	char snapshot[64];

	(void)state;
	assert_non_null(lead);
	assert_non_null(other);
	assert_int_equal(store_exec(other, "CREATE TABLE moments (n int)", 0,
	    NULL, NULL, &err), 0);
	assert_int_equal(store_exec(other, "INSERT INTO moments VALUES (1), (2)",
	    0, NULL, NULL, &err), 0);
	assert_int_equal(store_begin_read(lead, NULL, &err), 0);
	assert_int_equal(h_conn_long(lead, "SELECT count(*) FROM moments"), 2);
	assert_int_equal(store_snapshot(lead, snapshot, sizeof(snapshot), &err),
	    0);
	assert_true(snapshot[0] != '\0');

	/* Committed after the moment: neither the lead nor its twin sees it. */
	assert_int_equal(store_exec(other, "INSERT INTO moments VALUES (3)", 0,
	    NULL, NULL, &err), 0);
	twin = store_connect_like(lead, &err);
	assert_non_null(twin);
	assert_int_equal(h_conn_long(twin, "SELECT (current_user = 'vborder'"
	    " AND current_database() = 'vborder')::int"), 1);
	assert_int_equal(store_begin_read(twin, snapshot, &err), 0);
	assert_int_equal(h_conn_long(twin, "SELECT count(*) FROM moments"), 2);
	assert_int_equal(h_conn_long(lead, "SELECT count(*) FROM moments"), 2);
	/* Read only, as the lead's transaction is. */
	assert_int_equal(store_exec(twin, "INSERT INTO moments VALUES (4)", 0,
	    NULL, NULL, &err), -1);
	store_rollback(twin);

	/* Without a snapshot, a read sees the latest. */
	fresh = store_connect_like(lead, &err);
	assert_non_null(fresh);
	assert_int_equal(store_begin_read(fresh, NULL, &err), 0);
	assert_int_equal(h_conn_long(fresh, "SELECT count(*) FROM moments"), 3);
	store_rollback(fresh);
	store_rollback(lead);
	store_disconnect(fresh);
	store_disconnect(twin);
	store_disconnect(other);
	store_disconnect(lead);
}

/* A snapshot that is no longer exported: the read does not begin. */
static void
gone_snapshot_is_an_error(void **state)
{
	PGconn *lead = h_store_connect(&env), *twin;
	struct vb_error err;
	char snapshot[64];

	(void)state;
	assert_non_null(lead);
	assert_int_equal(store_begin_read(lead, NULL, &err), 0);
	assert_int_equal(store_snapshot(lead, snapshot, sizeof(snapshot), &err),
	    0);
	store_rollback(lead);	/* the export ends with its transaction */
	twin = store_connect_like(lead, &err);
	assert_non_null(twin);
	assert_int_equal(store_begin_read(twin, snapshot, &err), -1);
	assert_non_null(strstr(err.message, "snapshot"));
	/* Rolled back: the connection takes the next statement. */
	assert_int_equal(h_conn_long(twin, "SELECT 7"), 7);
	store_disconnect(twin);
	store_disconnect(lead);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(twin_reads_the_exported_moment),
		cmocka_unit_test(gone_snapshot_is_an_error),
	};

	return cmocka_run_group_tests_name("store_snapshot", tests, setup,
	    teardown);
}
