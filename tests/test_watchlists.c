/*
 * Several agencies' watchlists, as list owners deliver them, against the
 * people of flight XA401 (tests/data/e2e): the three formats, a delta load
 * that withdraws an entry, a replacing load, a refused load, expiry, the
 * sharing rule of targets --for, and the nightly refresh from a drop
 * folder. Lists are in tests/data/e2e/watchlists and tests/data/watchlists.
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

#define NOW	"--now 2026-11-24T22:00:00Z"
#define E2E	"tests/data/e2e/watchlists"
#define DATA	"tests/data/watchlists"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("cp -R '%s/tests/data/e2e/dropbox' '%s/dropbox'", h_root(),
	    env.tmp) != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'", env.tmp) != 65)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* Screens and writes the lists (for one agency, or all with NULL); the JSON. */
static json_t *
list_for(const char *agency)
{
	VB(0, NOW " screen");
	if (agency == NULL)
		VB(0, NOW " targets --out '%s/out'", env.tmp);
	else
		VB(0, NOW " targets --for %s --out '%s/out-%s'", agency, env.tmp,
		    agency);
	return h_json(agency == NULL ?
	    h_path(&env, "out/2026-11-25/XA401_FRA-JFK.json") :
	    h_path(&env, "out-%s/2026-11-25/XA401_FRA-JFK.json", agency));
}

/* 1 when a reason of the list names entry (any subject). */
static int
has_entry(json_t *list, const char *entry)
{
	json_t *t, *r;
	size_t i, j;

	json_array_foreach(json_object_get(list, "targets"), i, t)
		json_array_foreach(json_object_get(t, "reasons"), j, r)
			if (strcmp(json_string_value(json_object_get(r, "entry_id")),
			    entry) == 0)
				return 1;
	return 0;
}

static int
has_agency(json_t *list, const char *agency)
{
	json_t *t, *r;
	size_t i, j;

	json_array_foreach(json_object_get(list, "targets"), i, t)
		json_array_foreach(json_object_get(t, "reasons"), j, r)
			if (strcmp(json_string_value(json_object_get(r, "agency")),
			    agency) == 0)
				return 1;
	return 0;
}

static void
three_formats(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " watchlist load --agency POLICE --list wanted '%s/" E2E
	    "/police-wanted.csv'", h_root());
	VB(0, NOW " watchlist load --agency FINANCE --list sanctions"
	    " --format opensanctions '%s/" DATA "/sanctions.targets.simple.csv'",
	    h_root());
	/* FollowTheMoney, gzip-compressed, its format told by its content. */
	assert_int_equal(h_sh("gzip -c '%s/" DATA "/interpol.ftm.jsonl' >"
	    " '%s/interpol.jsonl.gz'", h_root(), env.tmp), 0);
	VB(0, NOW " watchlist load --agency INTERPOL --list notices --format auto"
	    " '%s/interpol.jsonl.gz'", env.tmp);
	VB(0, "watchlist ls");
	assert_true(h_contains(env.out, "opensanctions"));
	assert_true(h_contains(env.out, "ftm"));

	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "NK-7QvBmX2"));	/* ROSSI, OpenSanctions */
	assert_true(has_entry(l, "ip-person-1"));	/* NOWAK, FtM, passport part */
	assert_true(has_entry(l, "ip-person-2"));	/* O'BRIEN */
	assert_true(has_entry(l, "POL-18"));
	json_decref(l);
}

/* A delta load withdraws one entry; a replacing load keeps only its own. */
static void
delta_then_replace(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " watchlist load --agency POLICE --list wanted '%s/" DATA
	    "/police-withdraw.csv'", h_root());
	assert_non_null(l = list_for(NULL));
	assert_false(has_entry(l, "POL-18"));
	assert_true(has_entry(l, "POL-17"));
	assert_true(has_entry(l, "POL-19"));
	json_decref(l);

	VB(0, NOW " watchlist load --agency POLICE --list wanted --replace '%s/"
	    DATA "/police-only-garcia.csv'", h_root());
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "POL-17"));
	assert_false(has_entry(l, "POL-19"));
	assert_false(has_entry(l, "POL-20"));
	json_decref(l);
}

/* Three bad rows of four: refused, and the previous version stays. */
static void
refused_load(void **state)
{
	json_t *l;

	(void)state;
	VB(65, NOW " watchlist load --agency POLICE --list wanted --replace '%s/"
	    DATA "/police-broken.csv'", h_root());
	assert_true(h_contains(env.errout, "line 2"));
	assert_true(h_contains(env.errout, "refused"));
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);
}

static void
expiry(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " watchlist load --agency BORDER --list watch '%s/" DATA
	    "/expiring.csv'", h_root());
	assert_non_null(l = list_for(NULL));
	assert_false(has_entry(l, "EXP-1"));	/* expired 2026-11-01 */
	assert_true(has_entry(l, "EXP-2"));
	json_decref(l);
}

/* POLICE shares with nobody: its hits reach only its own and the full list. */
static void
sharing(void **state)
{
	json_t *l;

	(void)state;
	VB(0, "watchlist share --agency POLICE --list wanted --with ''");
	assert_non_null(l = list_for("FINANCE"));
	assert_false(has_agency(l, "POLICE"));
	assert_true(has_entry(l, "NK-7QvBmX2"));
	assert_string_equal(json_string_value(json_object_get(l, "for_agency")),
	    "FINANCE");
	json_decref(l);
	/* Not in any of FINANCE's files, whatever the format. */
	assert_int_equal(h_sh("grep -rq POL-17 '%s/out-FINANCE'", env.tmp), 1);
	assert_non_null(l = list_for("POLICE"));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);

	VB(0, "watchlist share --agency POLICE --list wanted --with FINANCE");
	assert_non_null(l = list_for("FINANCE"));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);
	VB(64, "watchlist share --agency POLICE --list nosuchlist --all");
}

static void
refresh(void **state)
{
	const char *drop = h_path(&env, "drop");

	(void)state;
	assert_int_equal(h_sh("mkdir -p '%s/IMMIGRATION' '%s/CUSTOMS' &&"
	    " cp '%s/" E2E "/immigration-denied-entry.csv'"
	    " '%s/IMMIGRATION/denied-entry.csv' &&"
	    " gzip -c '%s/" DATA "/sanctions.targets.simple.csv'"
	    " > '%s/CUSTOMS/sanctions.csv.gz'", drop, drop, h_root(), drop,
	    h_root(), drop), 0);
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "IMMIGRATION/denied-entry: version 1"));
	assert_true(h_contains(env.errout, "CUSTOMS/sanctions: version 1"));
	assert_true(h_contains(env.errout, "opensanctions"));
	/* Nothing changed: nothing loaded. */
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "0 lists loaded, 2 unchanged"));
	/* A broken file is refused once, the previous version stays. */
	assert_int_equal(h_sh("cp '%s/" DATA "/police-broken.csv'"
	    " '%s/IMMIGRATION/denied-entry.csv'", h_root(), drop), 0);
	VB(65, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "refused, the previous version stays"));
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "2 unchanged"));
	VB(0, "watchlist ls");
	assert_true(h_contains(env.out, "denied-entry"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_formats),
		cmocka_unit_test(delta_then_replace),
		cmocka_unit_test(refused_load),
		cmocka_unit_test(expiry),
		cmocka_unit_test(sharing),
		cmocka_unit_test(refresh),
	};

	return cmocka_run_group_tests_name("watchlists", tests, setup, teardown);
}
