/*
 * Every fuzz target of tests/fuzz/ over its seeds (tests/fuzz/seeds/<target>/)
 * and over every input that ever crashed it (tests/fuzz/regressions/<target>/,
 * each fixed since): a crash here is a crash back. Each target checks the
 * contracts it can and aborts when one breaks; built with SANITIZE=1, ASan
 * and UBSan check the memory. docs/FUZZING.md tells the rest.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz/fuzz.h"
#include "harness.h"

struct target {
	const char *name;	/* tests/fuzz/fuzz_<name>.c */
	fuzz_fn fn;
};

static const struct target targets[] = {
	{"edifact", fuzz_edifact},
	{"paxlst", fuzz_paxlst},
	{"pnrgov", fuzz_pnrgov},
	{"manifest_json", fuzz_manifest_json},
	{"cargoimp", fuzz_cargoimp},
	{"cargoxml", fuzz_cargoxml},
	{"cuscar", fuzz_cuscar},
	{"gzip", fuzz_gzip},
	{"wl_native", fuzz_wl_native},
	{"wl_opensanctions", fuzz_wl_opensanctions},
	{"wl_ftm", fuzz_wl_ftm},
	{"namesim", fuzz_namesim},
};

#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

static const struct target *
target_named(const char *name, size_t len)
{
	for (size_t i = 0; i < NTARGETS; i++)
		if (strlen(targets[i].name) == len &&
		    strncmp(targets[i].name, name, len) == 0)
			return &targets[i];
	return NULL;
}

/* The inputs of ROOT/tests/fuzz/<kind>/<target> run through the target. */
static size_t
replay(const struct target *t, const char *kind)
{
	char path[PATH_MAX];
	size_t n = 0;
	int k;

	k = snprintf(path, sizeof(path), "%s/tests/fuzz/%s/%s", h_root(), kind,
	    t->name);
	assert_true(k > 0 && (size_t)k < sizeof(path));
	assert_int_equal(fuzz_replay(path, t->fn, &n), 0);
	return n;
}

static void
test_target(void **state)
{
	const struct target *t = *state;
	size_t seeds = replay(t, "seeds");

	(void)replay(t, "regressions");
	/* A target without seeds would check nothing here. */
	if (seeds == 0)
		fail_msg("no seeds in tests/fuzz/seeds/%s", t->name);
}

/*
 * Each name in folder (a source fuzz_<name>.c, or a folder <name> of
 * seeds or regressions) is one of the targets above, so that no target and
 * no crasher is left out of the replay.
 */
static void
check_names(const char *folder, const char *prefix, const char *suffix)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	size_t np = strlen(prefix), ns = strlen(suffix), found = 0;
	int k;

	k = snprintf(path, sizeof(path), "%s/tests/fuzz/%s", h_root(), folder);
	assert_true(k > 0 && (size_t)k < sizeof(path));
	/* No crasher kept yet: git keeps no empty folder. */
	if ((dir = opendir(path)) == NULL && errno == ENOENT &&
	    strcmp(folder, ".") != 0)
		return;
	assert_non_null(dir);
	while ((d = readdir(dir)) != NULL) {
		size_t len = strlen(d->d_name);

		if (d->d_name[0] == '.' || len <= np + ns ||
		    strncmp(d->d_name, prefix, np) != 0 ||
		    strcmp(d->d_name + len - ns, suffix) != 0)
			continue;
		found++;
		if (target_named(d->d_name + np, len - np - ns) == NULL)
			fail_msg("tests/fuzz/%s/%s: no such target in %s",
			    folder, d->d_name, __FILE__);
	}
	closedir(dir);
	if (strcmp(folder, ".") == 0)
		assert_int_equal(found, NTARGETS);
}

static void
test_every_target_replayed(void **state)
{
	(void)state;
	check_names(".", "fuzz_", ".c");
	check_names("seeds", "", "");
	check_names("regressions", "", "");
}

int
main(void)
{
	struct CMUnitTest tests[NTARGETS + 1];

	for (size_t i = 0; i < NTARGETS; i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(test_target,
		    (void *)&targets[i]);

		t.name = targets[i].name;
		tests[i] = t;
	}
	tests[NTARGETS] = (struct CMUnitTest)cmocka_unit_test(
	    test_every_target_replayed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
