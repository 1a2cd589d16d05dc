/*
 * Targets and outcomes from the officer's side (CONTRACT "Targets and
 * outcomes", core/outcomes/outcomes.h), on a throwaway PostgreSQL with
 * tests/data/links/: ROSSI MARIO on XA401 is on IMMIGRATION's list, and
 * NOVAK PETRA on XB502 shares his phone and card.
 *
 * A target keeps its id from run to run and in every agency's list; an
 * outcome shows on the next list; a false positive keeps the entry from
 * counting (the reason stays, suppressed) and from making links, until the
 * entry changes; a mistyped id or outcome is a usage error.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define NOW	"--now 2026-12-01T06:00:00Z"
#define LATER	"--now 2026-12-01T07:30:00Z"
#define XA401	"out/2026-12-01/XA401_FRA-JFK.json"
#define XB502	"out/2026-12-01/XB502_CDG-JFK.json"

static struct h_env env;
static char rossi[128];		/* ROSSI MARIO's target id */

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static void
run(const char *now)
{
	VB(0, "%s run --dropbox '%s/dropbox' --out '%s/out'", now, env.tmp,
	    env.tmp);
}

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_links_dropbox(&env, "dropbox") != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency IMMIGRATION --list"
	    " wanted '%s/tests/data/links/watchlist-immigration.csv'",
	    h_root()) != 0 ||
	    h_vborder(&env, NOW " run --dropbox '%s/dropbox' --out '%s/out'",
	    env.tmp, env.tmp) != 0)
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

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "(none)";
}

/* The same subject keeps its id: another run, another agency's list. */
static void
stable_ids(void **state)
{
	json_t *l, *t;

	(void)state;
	assert_non_null(l = h_json(h_path(&env, XA401)));
	assert_non_null(t = h_target(l, "ROSSI MARIO"));
	(void)strlcpy(rossi, str(t, "id"), sizeof(rossi));
	assert_true(rossi[0] == 'T' && strstr(rossi, "-P") != NULL);
	json_decref(l);

	run(LATER);
	VB(0, LATER " targets --out '%s/immigration' --for IMMIGRATION",
	    env.tmp);
	assert_non_null(l = h_json(h_path(&env, XA401)));
	assert_string_equal(str(h_target(l, "ROSSI MARIO"), "id"), rossi);
	json_decref(l);
	assert_non_null(l = h_json(h_path(&env, "immigration/2026-12-01/"
	    "XA401_FRA-JFK.json")));
	assert_string_equal(str(h_target(l, "ROSSI MARIO"), "id"), rossi);
	json_decref(l);
}

/* Kept with who and when, and shown on the next list. */
static void
outcome_shown(void **state)
{
	json_t *l, *o;

	(void)state;
	VB(0, LATER " outcome record %s --outcome referred --note 'Secondary"
	    " at gate B12' --by officer.k", rossi);
	assert_true(h_contains(env.errout, "(passenger ROSSI MARIO on XA401"
	    " 2026-12-01): referred recorded by officer.k"));
	run(LATER);
	assert_non_null(l = h_json(h_path(&env, XA401)));
	assert_non_null(o = json_object_get(h_target(l, "ROSSI MARIO"),
	    "outcome"));
	assert_string_equal(str(o, "outcome"), "referred");
	assert_string_equal(str(o, "note"), "Secondary at gate B12");
	assert_string_equal(str(o, "by"), "officer.k");
	assert_string_equal(str(o, "at"), "2026-12-01T07:30:00Z");
	assert_string_equal(str(h_target(l, "ROSSI MARIO"), "priority"), "high");
	json_decref(l);
	assert_int_equal(h_sh("'%s/../shared/tools/check-target-list' '%s/out'"
	    " >/dev/null", h_root(), env.tmp), 0);
}

/*
 * A false positive: the reason stays on the list, suppressed, and counts
 * for nothing; it links no one any more.
 */
static void
false_positive(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	VB(0, LATER " outcome record %s --outcome false-positive --note"
	    " 'Born in Bari, not the listed man'", rossi);
	assert_true(h_contains(env.errout, "1 watchlist entry will not hit this"
	    " person again until it changes"));
	run(LATER);
	assert_non_null(l = h_json(h_path(&env, XA401)));
	assert_non_null(t = h_target(l, "ROSSI MARIO"));
	assert_string_equal(str(json_object_get(t, "outcome"), "outcome"),
	    "false-positive");
	r = json_array_get(json_object_get(t, "reasons"), 0);
	assert_string_equal(str(r, "entry_id"), "IMM-1");
	assert_true(json_is_true(json_object_get(r, "suppressed")));
	assert_string_equal(str(t, "priority"), "low");
	assert_true(json_real_value(json_object_get(t, "score")) < 0.01);
	json_decref(l);
	assert_non_null(l = h_json(h_path(&env, XB502)));
	assert_null(h_target(l, "NOVAK PETRA"));
	json_decref(l);
}

/* A new version of the entry that says more: it hits again. */
static void
until_the_entry_changes(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	assert_int_equal(h_sh("printf '%%s\\n' 'id,kind,name,aliases,birth_date,"
	    "nationality,documents,gender,category,severity,note'"
	    " 'IMM-1,person,\"Rossi, Mario\",Mario Rossi-Bianco,1970-05-05,ITA,,"
	    "M,wanted,high,' > '%s/wanted-v2.csv'", env.tmp), 0);
	VB(0, LATER " watchlist load --agency IMMIGRATION --list wanted"
	    " --replace '%s/wanted-v2.csv'", env.tmp);
	run(LATER);
	assert_non_null(l = h_json(h_path(&env, XA401)));
	assert_non_null(t = h_target(l, "ROSSI MARIO"));
	r = json_array_get(json_object_get(t, "reasons"), 0);
	assert_null(json_object_get(r, "suppressed"));
	assert_string_equal(str(t, "priority"), "high");
	json_decref(l);
}

static void
usage_errors(void **state)
{
	(void)state;
	VB(64, LATER " outcome record T999999-P1 --outcome seized");
	assert_true(h_contains(env.errout, "no target T999999-P1"));
	VB(64, LATER " outcome record %s --outcome smuggled", rossi);
	assert_true(h_contains(env.errout, "one of no-action, false-positive"));
	VB(64, LATER " outcome record P1 --outcome seized");
	VB(64, LATER " outcome record %s", rossi);
}

/*
 * Accountability: over the day, IMMIGRATION's list hit one traveller,
 * Rossi, whose latest outcome is a false positive: a hit rate of 0%. The
 * month before holds no arrival.
 */
static void
outcome_report(void **state)
{
	(void)state;
	VB(0, LATER " report outcomes --from 2026-12-01 --to 2026-12-01");
	assert_true(h_contains(env.out, "from 2026-12-01 to 2026-12-01"));
	assert_true(h_contains(env.out, "list  IMMIGRATION  wanted"
	    "                        1        1      0      1         0"
	    "       0%"));
	VB(0, LATER " report outcomes --from 2026-11-01 --to 2026-11-30");
	assert_true(h_contains(env.out, "(no list or rule hit anything"));
	VB(64, LATER " report outcomes --from 2026-12-32");
	VB(64, LATER " report lead-times");
}

/*
 * The audit trail keeps who did what when, apart from the data: a purge
 * that takes the arrival and its outcomes leaves their record.
 */
static void
audit_survives_purge(void **state)
{
	(void)state;
	VB(0, "--now 2027-03-01T00:00:00Z purge --days 30");
	VB(64, LATER " outcome record %s --outcome seized", rossi);
	VB(0, LATER " report audit --from 2026-12-01 --to 2026-12-01");
	assert_true(h_contains(env.out, "  watchlist load  IMMIGRATION/wanted v1"));
	assert_true(h_contains(env.out, "  outcome  "));
	assert_true(h_contains(env.out, "\"outcome\": \"false-positive\""));
	assert_true(h_contains(env.out, "\"by\": \"officer.k\""));
	VB(0, LATER " report audit --from 2027-03-01 --to 2027-03-01");
	assert_true(h_contains(env.out, "  purge  retention"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stable_ids),
		cmocka_unit_test(outcome_shown),
		cmocka_unit_test(false_positive),
		cmocka_unit_test(until_the_entry_changes),
		cmocka_unit_test(usage_errors),
		cmocka_unit_test(outcome_report),
		cmocka_unit_test(audit_survives_purge),
	};

	return cmocka_run_group_tests_name("outcomes", tests, setup, teardown);
}
