/*
 * make install and make uninstall into a DESTDIR, as a packager or an
 * operator would run them: the files where the README says, with their
 * modes, the installed binary running, the schedule calling the installed
 * wrapper, the man page rendering without a warning; then nothing left.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "harness.h"

static struct h_env env;

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 0) == -1)
		return -1;
	return h_sh("make -s -C '%s' install DESTDIR='%s/dest' PREFIX=/opt/vborder"
	    " > '%s/make.out' 2>&1", h_root(), env.tmp, env.tmp);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static unsigned
mode_of(const char *rel)
{
	struct stat st;

	if (stat(h_path(&env, "dest/%s", rel), &st) == -1)
		return 0;
	return (unsigned)st.st_mode & 07777;
}

static void
files_and_modes(void **state)
{
	(void)state;
	assert_int_equal(mode_of("opt/vborder/bin/vborder"), 0755);
	assert_int_equal(mode_of("opt/vborder/lib/vborder/vborder-run"), 0755);
	assert_int_equal(mode_of("etc/cron.d/vborder"), 0644);
	/* It may hold the database's password: not for everyone's eyes. */
	assert_int_equal(mode_of("etc/vborder/vborder.conf.example"), 0640);
	assert_int_equal(mode_of("etc/vborder"), 0750);
	assert_int_equal(mode_of("opt/vborder/share/man/man1/vborder.1"), 0644);
	/* The schedule calls what was installed, where it was installed. */
	assert_true(h_contains(h_path(&env, "dest/etc/cron.d/vborder"),
	    "vborder  /opt/vborder/lib/vborder/vborder-run"));
	assert_false(h_contains(h_path(&env, "dest/etc/cron.d/vborder"),
	    "/usr/local"));
	assert_true(h_contains(h_path(&env, "dest/opt/vborder/lib/vborder/"
	    "vborder-run"), "VBORDER=${VBORDER:-/opt/vborder/bin/vborder}"));
	/* Workers on a cluster: the Slurm job array's script, its paths too. */
	assert_int_equal(mode_of("opt/vborder/lib/vborder/vborder-run.sbatch"),
	    0755);
	assert_true(h_contains(h_path(&env, "dest/opt/vborder/lib/vborder/"
	    "vborder-run.sbatch"), "VBORDER=${VBORDER:-/opt/vborder/bin/vborder}"));
	assert_true(h_contains(h_path(&env, "dest/opt/vborder/lib/vborder/"
	    "vborder-run.sbatch"), "run --worker"));
}

/* The installed binary runs, and reads the example configuration. */
static void
binary_runs(void **state)
{
	(void)state;
	assert_int_equal(h_sh("'%s/dest/opt/vborder/bin/vborder' help >"
	    " '%s/help' 2>&1", env.tmp, env.tmp), 0);
	assert_true(h_contains(h_path(&env, "help"), "Commands:"));
	assert_int_equal(h_sh("'%s/dest/opt/vborder/bin/vborder' --config"
	    " '%s/dest/etc/vborder/vborder.conf.example' help outcome > /dev/null"
	    " 2>&1", env.tmp, env.tmp), 0);
}

/*
 * man -l renders it, without a warning. Outside libfaketime, when the
 * suite runs under it: man's pipeline of helpers trips on its shared
 * semaphore, and a manual page has nothing to do with the date.
 */
static void
man_page(void **state)
{
	(void)state;
	assert_int_equal(h_sh("env -u LD_PRELOAD -u FAKETIME LC_ALL=C.UTF-8"
	    " MANWIDTH=80 man --warnings=all -l"
	    " '%s/dest/opt/vborder/share/man/man1/vborder.1' > '%s/man.txt'"
	    " 2> '%s/man.err'", env.tmp, env.tmp, env.tmp), 0);
	assert_true(h_contains(h_path(&env, "man.txt"), "EXIT STATUS"));
	assert_true(h_contains(h_path(&env, "man.txt"), "outcome record"));
	assert_true(h_contains(h_path(&env, "man.txt"),
	    "/opt/vborder/lib/vborder/vborder-run"));
	assert_int_equal(h_sh("test ! -s '%s/man.err'", env.tmp), 0);
}

static void
uninstall(void **state)
{
	(void)state;
	assert_int_equal(h_sh("make -s -C '%s' uninstall DESTDIR='%s/dest'"
	    " PREFIX=/opt/vborder > /dev/null 2>&1", h_root(), env.tmp), 0);
	assert_int_equal(h_sh("test -z \"$(find '%s/dest' -type f)\"", env.tmp), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(files_and_modes),
		cmocka_unit_test(binary_runs),
		cmocka_unit_test(man_page),
		cmocka_unit_test(uninstall),
	};

	return cmocka_run_group_tests_name("install", tests, setup, teardown);
}
