/*
 * The database password (issue 9, point 9): never on the command line,
 * where every user of the machine reads it in ps; from the configuration
 * file, a password file (PGPASSFILE) or the environment instead, and a
 * warning when the configuration file holding it is readable by others.
 * The throwaway cluster trusts its socket, so a password given is ignored
 * by the server and only vborder's handling of it is tested.
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

static struct h_env env;

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	return h_vborder(&env, "db migrate") == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/*
 * Runs the binary with ARGS as given (no --db added), with the variables
 * of vars ("NAME=value ...", through the shell) and no VBORDER_DB of the
 * caller's; its exit code.
 */
static int
run_with(const char *vars, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
run_with(const char *vars, const char *fmt, ...)
{
	char args[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return h_sh("env -u VBORDER_DB %s '%s' %s >'%s' 2>'%s'", vars, h_bin(),
	    args, env.out, env.errout);
}

#define run(...) run_with("", __VA_ARGS__)

/* The cluster's socket folder, from "host=DIR user=vborder dbname=vborder". */
static const char *
socket_dir(void)
{
	static char dir[PATH_MAX];

	assert_int_equal(sscanf(env.conninfo, "host=%4095s", dir), 1);
	return dir;
}

static void
db_option_with_password_refused(void **state)
{
	(void)state;
	assert_int_equal(run("--db '%s password=hunter2' watchlist ls",
	    env.conninfo), 64);
	assert_true(h_contains(env.errout, "--db"));
	assert_true(h_contains(env.errout, "[database] conninfo"));
	assert_true(h_contains(env.errout, "PGPASSFILE"));
	assert_true(h_contains(env.errout, "PGPASSWORD"));
	/* Saying why never repeats the secret. */
	assert_false(h_contains(env.errout, "hunter2"));

	/* A URI with user:password@ is the same thing. */
	assert_int_equal(run("--db 'postgresql://vborder:hunter2@/vborder?host=%s'"
	    " watchlist ls", socket_dir()), 64);
	assert_true(h_contains(env.errout, "PGPASSFILE"));
	assert_false(h_contains(env.errout, "hunter2"));
	/* As is one in its query. */
	assert_int_equal(run("--db 'postgresql:///vborder?host=%s&password=hunter2'"
	    " watchlist ls", socket_dir()), 64);
	/* Not a connection string at all: a usage error too, said as such. */
	assert_int_equal(run("--db \"dbname='vborder\" watchlist ls"), 64);
	assert_true(h_contains(env.errout, "not a libpq connection string"));
}

static void
db_option_without_password_works(void **state)
{
	(void)state;
	assert_int_equal(run("--db '%s' watchlist ls", env.conninfo), 0);
	assert_int_equal(run("--db 'postgresql://vborder@/vborder?host=%s'"
	    " watchlist ls", socket_dir()), 0);
}

/* The process's own environment may carry it. */
static void
environment_may_hold_password(void **state)
{
	char vars[sizeof(env.conninfo) + 64];

	(void)state;
	snprintf(vars, sizeof(vars), "VBORDER_DB='%s password=hunter2'",
	    env.conninfo);
	assert_int_equal(run_with(vars, "watchlist ls"), 0);
	assert_false(h_contains(env.errout, "password"));
}

/* Writes a configuration file holding conninfo, with mode. */
static const char *
config(const char *conninfo, const char *mode)
{
	const char *path = h_path(&env, "vborder.conf");

	assert_int_equal(h_sh("printf '[database]\\nconninfo = %s\\n' > '%s' &&"
	    " chmod %s '%s'", conninfo, path, mode, path), 0);
	return path;
}

static void
config_file_password(void **state)
{
	char conninfo[sizeof(env.conninfo) + 32];
	const char *path;

	(void)state;
	snprintf(conninfo, sizeof(conninfo), "%s password=hunter2", env.conninfo);

	/* 0640, as README says: the service and its group. */
	path = config(conninfo, "0640");
	assert_int_equal(run("--config '%s' watchlist ls", path), 0);
	assert_false(h_contains(env.errout, "warning"));

	/* Readable by everybody: it works, and says so on every run. */
	path = config(conninfo, "0644");
	assert_int_equal(run("--config '%s' watchlist ls", path), 0);
	assert_true(h_contains(env.errout, "warning: config"));
	assert_true(h_contains(env.errout, "chmod o-r"));
	assert_false(h_contains(env.errout, "hunter2"));
	assert_int_equal(run("-q --config '%s' watchlist ls", path), 0);
	assert_true(h_contains(env.errout, "warning: config"));

	/* Readable by everybody but without a password: nothing to say. */
	path = config(env.conninfo, "0644");
	assert_int_equal(run("--config '%s' watchlist ls", path), 0);
	assert_false(h_contains(env.errout, "warning"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(db_option_with_password_refused),
		cmocka_unit_test(db_option_without_password_works),
		cmocka_unit_test(environment_may_hold_password),
		cmocka_unit_test(config_file_password),
	};

	return cmocka_run_group_tests_name("secrets", tests, setup, teardown);
}
