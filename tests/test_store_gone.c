/*
 * A run killed in the middle of a long statement (cron's timeout, the OOM
 * killer, an operator's kill -9) does not keep the next run out: its
 * backend notices the client is gone (store_connect's
 * client_connection_check_interval), stops the statement and gives back
 * the run's lock, where it would otherwise hold it until the statement
 * ended on its own.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "store/store.h"
#include "harness.h"

/* Longer than the wait below: a lock given back came from the check. */
#define STATEMENT_SECONDS	"300"
#define WAIT_SECONDS		120

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

/* The child: the run's lock, a word to the parent, then a long statement. */
static void
hold_lock(int fd)
{
	struct vb_error err;
	PGconn *db = store_connect(env.conninfo, &err);

	if (db == NULL || store_try_lock(db, &err) != 1 ||
	    write(fd, "L", 1) != 1)
		_exit(1);
	PQclear(PQexec(db, "SELECT pg_sleep(" STATEMENT_SECONDS ")"));
	_exit(0);
}

static void
killed_run_gives_lock_back(void **state)
{
	struct vb_error err;
	PGconn *db;
	int fds[2], got = 0, status;
	char c;
	pid_t pid;

	(void)state;
	/*
	 * Under faketime (make check's second pass) the server's timers are
	 * libfaketime's too, and its check of the client never comes.
	 */
	if (getenv("FAKETIME") != NULL)
		skip();
	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		(void)close(fds[0]);
		hold_lock(fds[1]);
	}
	assert_true(pid > 0);
	(void)close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	(void)close(fds[0]);
	db = store_connect(env.conninfo, &err);
	assert_non_null(db);
	/* Held while the run lives. */
	assert_int_equal(store_try_lock(db, &err), 0);
	(void)sleep(1);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	for (int s = 0; s < WAIT_SECONDS && !got; s++) {
		if ((got = store_try_lock(db, &err)) == 0)
			(void)sleep(1);
	}
	assert_int_equal(got, 1);
	store_disconnect(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(killed_run_gives_lock_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
