/*
 * Risk rules from the user's side: a rule file in (`rules load`), a
 * carrier's message in, `run`, the rule's reason on the target list out.
 * Also the refusals (a bad rule, an unjustified rule on nationality), the
 * validity dates and `enabled`, `rules test` saving nothing, and the
 * rules of several agencies combined into one score per subject.
 *
 * Data: tests/data/rules/pnr-cash.edi (tests/data/travellers/01-pnr-72h.edi
 * with creation dates and a first leg: flight XB710 CDG-JFK departing
 * 2026-11-27T10:30; RIVERA LUIS, MEX, booked 2026-11-26T04:30 and paid
 * cash (FOP CA), flying AMS-CDG-JFK; KOWALSKI JAN and KOWALSKA ANNA booked
 * on 2026-11-18 and paid by card); tests/data/cargo-e2e/
 * ffm-XC880.txt with tests/data/cargo/fwb-complete.txt (air waybill
 * 020-58213643, CNC spindle units, HS 845931, from Germany); rule files in
 * tests/data/rules/.
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

#define NOW	"--now 2026-11-26T12:00:00Z"
#define LIST	"out/2026-11-27/XB710_CDG-JFK.json"
#define CARGO	"out/2026-11-27/XC880_FRA-JFK.json"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static const char *
rules(const char *name)
{
	static char buf[4][PATH_MAX];
	static int slot;

	slot = (slot + 1) % 4;
	(void)snprintf(buf[slot], sizeof(buf[slot]), "'%s/tests/data/rules/%s'",
	    h_root(), name);
	return buf[slot];
}

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 || h_vborder(&env, "db migrate") != 0)
		return -1;
	return h_sh("mkdir -p '%s/dropbox/XB/incoming' '%s/dropbox/XC/incoming'",
	    env.tmp, env.tmp);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static json_t *
run_list(const char *list)
{
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	return h_json(h_path(&env, "%s", list));
}

static json_t *
find_reason(json_t *target, const char *rule_id)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(target, "reasons"), i, r) {
		const char *id = json_string_value(json_object_get(r, "rule_id"));

		if (id != NULL && strcmp(id, rule_id) == 0)
			return r;
	}
	return NULL;
}

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "(none)";
}

/* A cash booking on a route through France: the rule's reason on the list. */
static void
load_and_run(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	VB(0, NOW " rules load --agency CUSTOMS %s", rules("cash.json"));
	assert_int_equal(h_sh("cp '%s/tests/data/rules/pnr-cash.edi'"
	    " '%s/dropbox/XB/incoming/'", h_root(), env.tmp), 0);
	assert_non_null(l = run_list(LIST));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_string_equal(str(t, "priority"), "high");
	assert_non_null(r = find_reason(t, "CUS-R-0007"));
	assert_string_equal(str(r, "agency"), "CUSTOMS");
	assert_string_equal(str(r, "source"), "rule");
	assert_string_equal(str(r, "severity"), "high");
	assert_int_equal(json_integer_value(json_object_get(r, "rule_version")), 1);
	assert_true(json_real_value(json_object_get(r, "score")) > 0.89 &&
	    json_real_value(json_object_get(r, "score")) < 0.91);
	/* The data each condition matched, for the officer to check. */
	assert_string_equal(str(r, "explanation"), "paid by FOP CA;"
	    " booked 30 h before departure; route countries NLD-FRA-USA");
	assert_int_equal(json_array_size(json_object_get(t, "reasons")), 1);
	assert_int_equal(json_integer_value(json_object_get(t, "rank")), 1);
	/* Paid by card through a travel agency: the weak rule alone, low. */
	assert_non_null(t = h_target(l, "KOWALSKI JAN"));
	assert_string_equal(str(t, "priority"), "low");
	assert_null(find_reason(t, "CUS-R-0007"));
	assert_non_null(r = find_reason(t, "CUS-R-0008"));
	assert_string_equal(str(r, "explanation"), "travel agency 20294831 PAR");
	assert_string_equal(str(r, "severity"), "low");
	json_decref(l);
	assert_int_equal(h_sh("'%s/../shared/tools/check-target-list' '%s/out'"
	    " >/dev/null", h_root(), env.tmp), 0);
}

static void
ls_shows_rules(void **state)
{
	(void)state;
	VB(0, "rules ls");
	assert_true(h_contains(env.out, "CUSTOMS"));
	assert_true(h_contains(env.out, "CUS-R-0007"));
	assert_true(h_contains(env.out, "CUS-R-0008"));
	assert_false(h_contains(env.out, "nationality, gender or age"));
}

/* One bad rule refuses the whole load, named; the previous version stays. */
static void
bad_rule_refused(void **state)
{
	json_t *l, *t;

	(void)state;
	VB(65, NOW " rules load --agency CUSTOMS %s", rules("bad-operator.json"));
	assert_true(h_contains(env.errout, "bad-operator.json"));
	assert_true(h_contains(env.errout, "CUS-R-0101"));
	assert_true(h_contains(env.errout, "roughly"));
	VB(0, "rules ls");
	assert_true(h_contains(env.out, "CUS-R-0007"));
	assert_false(h_contains(env.out, "CUS-R-0100"));
	/* Not JSON at all: refused too. */
	assert_int_equal(h_sh("printf '{\"rules\": [' > '%s/cut.json'", env.tmp), 0);
	VB(65, NOW " rules load --agency CUSTOMS '%s/cut.json'", env.tmp);
	VB(66, NOW " rules load --agency CUSTOMS '%s/nothing.json'", env.tmp);
	VB(64, NOW " rules load %s", rules("cash.json"));
	assert_non_null(l = run_list(LIST));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_non_null(find_reason(t, "CUS-R-0007"));
	json_decref(l);
}

/* Governance: nationality, gender or age only with a justification. */
static void
protected_attributes(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	VB(65, NOW " rules load --agency IMMIGRATION %s", rules("unjustified.json"));
	assert_true(h_contains(env.errout, "IMM-R-0001"));
	assert_true(h_contains(env.errout, "justification"));
	VB(0, NOW " rules load --agency IMMIGRATION %s", rules("justified.json"));
	VB(0, "rules ls");
	assert_true(h_contains(env.out, "nationality, gender or age"));
	assert_true(h_contains(env.out, "justification: Overstay pattern"));
	assert_non_null(l = run_list(LIST));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_non_null(r = find_reason(t, "IMM-R-0003"));
	assert_string_equal(str(r, "agency"), "IMMIGRATION");
	/* Passport expiring 2031-01-01, arrival 2026-11-27. */
	assert_string_equal(str(r, "explanation"),
	    "nationality MEX; document expires in 1496 days");
	/* Both agencies' reasons on the one target. */
	assert_non_null(find_reason(t, "CUS-R-0007"));
	/* Adults on a booking of two: the minor rule does not fire. */
	assert_null(find_reason(t, "IMM-R-0002"));
	json_decref(l);
}

/* rules test: shows hits, honours validity at --now, and stores nothing. */
static void
rules_test_saves_nothing(void **state)
{
	json_t *l, *t;

	(void)state;
	VB(0, NOW " rules test %s --all", rules("later.json"));
	assert_false(h_contains(env.out, "CUS-R-02"));
	VB(0, "--now 2027-01-02T00:00:00Z rules test %s --all", rules("later.json"));
	assert_true(h_contains(env.out, "RIVERA LUIS\tCUS-R-0200\tpaid by FOP CA"));
	assert_true(h_contains(env.out, "XB710 CDG-JFK 2026-11-27"));
	assert_false(h_contains(env.out, "CUS-R-0201"));
	assert_false(h_contains(env.out, "KOWALSKI"));
	/* Not in force, not stored: the lists written without a screen show none of it. */
	VB(0, NOW " targets --out '%s/out'", env.tmp);
	assert_non_null(l = h_json(h_path(&env, LIST)));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_null(find_reason(t, "CUS-R-0200"));
	json_decref(l);
	VB(0, "rules ls");
	assert_false(h_contains(env.out, "CUS-R-0200"));
	VB(65, NOW " rules test %s", rules("unjustified.json"));
}

/* A new version with the rule disabled: its hits are gone at the next screen. */
static void
disabled_rule(void **state)
{
	json_t *l, *t;

	(void)state;
	VB(0, NOW " rules load --agency CUSTOMS %s", rules("cash-v2.json"));
	VB(0, "rules ls");
	assert_true(h_contains(env.out, "CUS-R-0007"));
	assert_false(h_contains(env.out, "CUS-R-0008"));	/* version 2 is whole */
	assert_non_null(l = run_list(LIST));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_null(find_reason(t, "CUS-R-0007"));
	assert_non_null(find_reason(t, "IMM-R-0003"));
	json_decref(l);
}

/* Shipments: goods, parties, weights. */
static void
cargo_rule(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	VB(0, NOW " rules load --agency CUSTOMS %s", rules("cargo.json"));
	assert_int_equal(h_sh("cd '%s/tests/data' && cp cargo-e2e/ffm-XC880.txt"
	    " cargo/fwb-complete.txt '%s/dropbox/XC/incoming/'", h_root(),
	    env.tmp), 0);
	assert_non_null(l = run_list(CARGO));
	assert_non_null(t = h_target(l, "020-58213643"));
	assert_non_null(r = find_reason(t, "CUS-C-0001"));
	assert_string_equal(str(r, "source"), "rule");
	assert_int_equal(json_integer_value(json_object_get(r, "rule_version")), 3);
	assert_non_null(strstr(str(r, "explanation"), "HS code 845931"));
	assert_non_null(strstr(str(r, "explanation"), "shipper country DEU"));
	assert_non_null(strstr(str(r, "explanation"), "kg per piece"));
	assert_string_equal(str(t, "priority"), "high");
	/* Documents from elsewhere: no rule hit. */
	if ((t = h_target(l, "176-30551827")) != NULL)
		assert_null(find_reason(t, "CUS-C-0001"));
	json_decref(l);
}

static double
num(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

/*
 * One score per subject (core/targets/score.h): independent rules add up
 * with diminishing returns, and one low-weight rule is never high, even of
 * high severity. RIVERA LUIS also keeps IMMIGRATION's IMM-R-0003 (medium,
 * 0.5) from protected_attributes; KOWALSKI JAN has no other reason.
 */
static void
combined_score(void **state)
{
	json_t *l, *t;
	double one;

	(void)state;
	VB(0, NOW " rules load --agency RISK %s", rules("combine-1.json"));
	assert_non_null(l = run_list(LIST));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_non_null(find_reason(t, "IMM-R-0003"));
	assert_non_null(find_reason(t, "RSK-R-0001"));
	assert_int_equal(json_array_size(json_object_get(t, "reasons")), 2);
	/* Two medium rules of 0.5: 1 - 0.5 * 0.5, still low. */
	one = num(t, "score");
	assert_true(one > 0.74 && one < 0.76);
	assert_string_equal(str(t, "priority"), "low");
	assert_true(num(find_reason(t, "RSK-R-0001"), "score") > 0.49 &&
	    num(find_reason(t, "RSK-R-0001"), "score") < 0.51);
	assert_non_null(t = h_target(l, "KOWALSKI JAN"));
	assert_non_null(find_reason(t, "RSK-R-0009"));
	assert_int_equal(json_array_size(json_object_get(t, "reasons")), 1);
	assert_string_equal(str(t, "priority"), "medium");
	assert_true(num(t, "score") > 0.49 && num(t, "score") < 0.51);
	json_decref(l);

	/* A third independent indicator: higher, by less, and now medium. */
	VB(0, NOW " rules load --agency RISK %s", rules("combine-2.json"));
	assert_non_null(l = run_list(LIST));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_non_null(find_reason(t, "RSK-R-0002"));
	assert_int_equal(json_array_size(json_object_get(t, "reasons")), 3);
	assert_true(num(t, "score") > one);
	assert_true(num(t, "score") > 0.87 && num(t, "score") < 0.89);
	assert_string_equal(str(t, "priority"), "medium");
	/* Ranked above the single travel-agency rule's medium target. */
	assert_int_equal(json_integer_value(json_object_get(t, "rank")), 1);
	assert_non_null(t = h_target(l, "KOWALSKI JAN"));
	assert_string_equal(str(t, "priority"), "medium");
	json_decref(l);
	assert_int_equal(h_sh("'%s/../shared/tools/check-target-list' '%s/out'"
	    " >/dev/null", h_root(), env.tmp), 0);
}

/*
 * A booking's contacts, and a rule for crew only (tests/data/rules/
 * contacts-crew.json): RIVERA LUIS's PNR gives a throwaway mail address and
 * a Mexican phone; XB710's crew list (crew-xb710.edi) a purser whose
 * passport expires on 2026-12-10, 13 days after the flight arrives.
 */
static void
contacts_and_crew(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	VB(0, NOW " rules load --agency CONTACTS %s", rules("contacts-crew.json"));
	assert_int_equal(h_sh("cp '%s/tests/data/rules/crew-xb710.edi'"
	    " '%s/dropbox/XB/incoming/'", h_root(), env.tmp), 0);
	assert_non_null(l = run_list(LIST));
	assert_non_null(t = h_target(l, "RIVERA LUIS"));
	assert_non_null(r = find_reason(t, "RSK-R-0010"));
	assert_string_equal(str(r, "explanation"), "e-mail LUIS.R@MAILINATOR.COM");
	assert_non_null(r = find_reason(t, "RSK-R-0011"));
	assert_string_equal(str(r, "explanation"), "phone +52 55 1234 5678");
	assert_null(find_reason(t, "RSK-R-0012"));
	/* The card-paying couple gave no contact: neither rule. */
	assert_non_null(t = h_target(l, "KOWALSKI JAN"));
	assert_null(find_reason(t, "RSK-R-0010"));
	assert_null(find_reason(t, "RSK-R-0011"));
	/* Crew: the passport about to expire, not the one of 2030. */
	assert_non_null(t = h_target(l, "MOREAU CLAIRE"));
	assert_string_equal(str(json_object_get(t, "subject"), "kind"), "crew");
	assert_non_null(r = find_reason(t, "RSK-R-0012"));
	assert_string_equal(str(r, "explanation"), "document expires in 13 days");
	assert_null(h_target(l, "LEROY PAUL"));
	json_decref(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_and_run),
		cmocka_unit_test(ls_shows_rules),
		cmocka_unit_test(bad_rule_refused),
		cmocka_unit_test(protected_attributes),
		cmocka_unit_test(rules_test_saves_nothing),
		cmocka_unit_test(disabled_rule),
		cmocka_unit_test(cargo_rule),
		cmocka_unit_test(combined_score),
		cmocka_unit_test(contacts_and_crew),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
