/*
 * Cargo referrals before loading, from the officer's and the carrier's
 * side (core/referrals/referrals.h), on a throwaway PostgreSQL with
 * tests/data/links/XC: flight XC880 carries waybill 020-58213643 (machine
 * parts) and 020-58213654, consigned to HANSEATIC TRADING, which CUSTOMS
 * lists. CUSTOMS's rule CUS-C-0100 (tests/data/referrals/rules.json) asks
 * for the end user of machine parts before loading.
 *
 * A rule raises its referral once; an officer raises one; each is written
 * to the carrier's outbox and shown on the list; the carrier's answer file
 * closes it; an answer from another carrier, to a closed referral or
 * malformed is quarantined.
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
#define LIST	"out/2026-12-01/XC880_FRA-JFK.json"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
run(void)
{
	return h_vborder(&env, NOW " run --dropbox '%s/dropbox' --out '%s/out'"
	    " --format json,html", env.tmp, env.tmp);
}

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("mkdir -p '%s/dropbox/XC/incoming' '%s/dropbox/XB/incoming' &&"
	    " cp '%s/tests/data/links/XC/'* '%s/dropbox/XC/incoming/'", env.tmp,
	    env.tmp, h_root(), env.tmp) != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency CUSTOMS --list"
	    " consignees '%s/tests/data/links/watchlist-customs.csv'",
	    h_root()) != 0 ||
	    h_vborder(&env, NOW " rules load --agency CUSTOMS"
	    " '%s/tests/data/referrals/rules.json'", h_root()) != 0)
		return -1;
	return run();
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

/* The referrals of waybill on the current list (a new reference). */
static json_t *
referrals_of(const char *waybill)
{
	json_t *l = h_json(h_path(&env, LIST)), *r;

	assert_non_null(l);
	r = json_incref(json_object_get(json_object_get(h_target(l, waybill),
	    "subject"), "referrals"));
	json_decref(l);
	return r;
}

/* The rule's referral: in the carrier's outbox, on the list, raised once. */
static void
rule_raises(void **state)
{
	json_t *doc, *r;

	(void)state;
	assert_true(h_contains(env.errout, "1 new cargo referrals"));
	assert_true(h_contains(env.errout, "referrals: 1 written to the"
	    " carriers' outboxes"));
	assert_non_null(doc = h_json(h_path(&env,
	    "dropbox/XC/outbox/referral-R1.json")));
	assert_string_equal(str(doc, "format"), "vborder-referral/1");
	assert_string_equal(str(doc, "reference"), "R1");
	assert_string_equal(str(doc, "type"), "rfi");
	assert_string_equal(str(doc, "waybill"), "020-58213643");
	assert_string_equal(str(doc, "request"), "Machine parts: the end user"
	    " before loading");
	assert_string_equal(str(json_object_get(doc, "conveyance"),
	    "transport_id"), "XC880");
	assert_string_equal(str(json_object_get(doc, "answer_with"), "format"),
	    "vborder-referral-answer/1");
	json_decref(doc);
	assert_non_null(r = referrals_of("020-58213643"));
	assert_int_equal(json_array_size(r), 1);
	assert_string_equal(str(json_array_get(r, 0), "status"), "open");
	assert_string_equal(str(json_array_get(r, 0), "raised_by"),
	    "rule CUSTOMS CUS-C-0100 v1");
	json_decref(r);
	/*
	 * Run again: the referral was the screen's own doing, so nothing a
	 * list depends on changed. Screened again by hand: raised once only.
	 */
	assert_int_equal(run(), 0);
	assert_true(h_contains(env.errout, "nothing a list depends on changed"));
	VB(0, NOW " screen");
	assert_true(h_contains(env.errout, "0 new cargo referrals"));
	VB(0, "referral ls");
	assert_true(h_contains(env.out, "R1       rfi         XC       020-58213643"));
}

/* An officer's referral on the listed consignee's waybill: written at once. */
static void
officer_raises(void **state)
{
	json_t *l, *doc;
	char id[128];

	(void)state;
	assert_non_null(l = h_json(h_path(&env, LIST)));
	(void)strlcpy(id, str(h_target(l, "020-58213654"), "id"), sizeof(id));
	json_decref(l);
	VB(0, NOW " referral raise %s --type do-not-load --text 'Hold: consignee"
	    " under investigation' --by k.weber --dropbox '%s/dropbox'", id,
	    env.tmp);
	assert_true(h_contains(env.errout, "R2: do-not-load on waybill"
	    " 020-58213654 raised for carrier XC"));
	assert_non_null(doc = h_json(h_path(&env,
	    "dropbox/XC/outbox/referral-R2.json")));
	assert_string_equal(str(doc, "type"), "do-not-load");
	assert_string_equal(str(doc, "target_id"), id);
	json_decref(doc);
	VB(64, NOW " referral raise %s --type stop --text x", id);
	VB(64, NOW " referral raise T1-P1 --type rfi --text x");
	VB(64, NOW " referral raise T999-S02058213654 --type rfi --text x");
}

/* The carrier's answer closes it; the list shows the answer. */
static void
answer_closes(void **state)
{
	json_t *r;

	(void)state;
	assert_int_equal(h_sh("printf '%%s' '{\"format\": \"vborder-referral-answer/1\","
	    " \"reference\": \"R1\", \"status\": \"answered\", \"text\":"
	    " \"End user: Empire Tools LLC, New York; licence DE-AG-2026-0042\"}'"
	    " > '%s/dropbox/XC/incoming/answer-R1.json'", env.tmp), 0);
	assert_int_equal(run(), 0);
	assert_true(h_contains(h_path(&env, "dropbox/XC/outbox/"
	    "answer-R1.json.ack.json"), "\"status\": \"accepted\""));
	assert_non_null(r = referrals_of("020-58213643"));
	assert_string_equal(str(json_array_get(r, 0), "status"), "answered");
	assert_string_equal(str(json_object_get(json_array_get(r, 0), "answer"),
	    "text"), "End user: Empire Tools LLC, New York; licence"
	    " DE-AG-2026-0042");
	json_decref(r);
	VB(0, "referral ls");
	assert_false(h_contains(env.out, "R1 "));
	assert_true(h_contains(env.out, "R2 "));
	assert_true(h_contains(h_path(&env, "out/2026-12-01/XC880_FRA-JFK.html"),
	    "Referral <b>R1</b> rfi, <b>answered</b>"));
}

/* Another carrier's answer, an answer to a closed referral, a bad status. */
static void
answers_refused(void **state)
{
	(void)state;
	assert_int_equal(h_sh("cd '%s/dropbox' && printf '%%s' '{\"format\":"
	    " \"vborder-referral-answer/1\", \"reference\": \"R2\", \"status\":"
	    " \"not-loaded\"}' > XB/incoming/not-ours.json && printf '%%s'"
	    " '{\"format\": \"vborder-referral-answer/1\", \"reference\": \"R1\","
	    " \"status\": \"screened\"}' > XC/incoming/again.json && printf '%%s'"
	    " '{\"format\": \"vborder-referral-answer/1\", \"reference\": \"R2\","
	    " \"status\": \"maybe\"}' > XC/incoming/bad.json", env.tmp), 0);
	assert_int_equal(run(), 65);
	assert_true(h_contains(h_path(&env, "dropbox/XB/quarantine/"
	    "not-ours.json.error.json"), "no open referral R2 for this carrier"));
	assert_true(h_contains(h_path(&env, "dropbox/XC/quarantine/"
	    "again.json.error.json"), "no open referral R1 for this carrier"));
	assert_true(h_contains(h_path(&env, "dropbox/XC/quarantine/"
	    "bad.json.error.json"), "must be answered, screened or not-loaded"));
	VB(0, "referral ls");
	assert_true(h_contains(env.out, "R2 "));
	/* Who asked what, and the carrier's answer: in the audit trail. */
	VB(0, NOW " report audit --from 2026-12-01 --to 2026-12-01");
	assert_true(h_contains(env.out, "  referral raised  R2  "));
	assert_true(h_contains(env.out, "  referral answered  R1  "));
	assert_true(h_contains(env.out, "\"status\": \"answered\""));
}

/* A referral is for cargo: a passenger rule that asks one is refused whole. */
static void
rule_refused(void **state)
{
	(void)state;
	VB(65, NOW " rules load --agency IMMIGRATION"
	    " '%s/tests/data/referrals/bad-referral.json'", h_root());
	assert_true(h_contains(env.errout, "referral is for shipment rules"
	    " only"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_raises),
		cmocka_unit_test(officer_raises),
		cmocka_unit_test(answer_closes),
		cmocka_unit_test(answers_refused),
		cmocka_unit_test(rule_refused),
	};

	return cmocka_run_group_tests_name("referrals", tests, setup, teardown);
}
