/*
 * Cargo end to end: each format into a dropbox, the shipments on their
 * arrival's target list. Flight XC880 FRA-JFK (tests/data/cargo-e2e/
 * ffm-XC880.txt) lists four air waybills; their own messages come as FWB
 * (tests/data/cargo), FHL (houses of 057-61204570) and Cargo-XML (the
 * public XFWB and XFZB samples, read in place); a vessel call comes as
 * CUSCAR. CUSTOMS lists a consignee in another spelling and legal form,
 * and a person with the name of a forwarder less its legal form.
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
#define AIR	"out/2026-11-27/XC880_FRA-JFK.json"
#define SEA	"out/2026-03-28/IMO9074729_CNSHA-DEHAM.json"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	char sample[PATH_MAX];

	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("mkdir -p '%s/dropbox/XC/incoming' '%s/dropbox/OCLK/incoming'",
	    env.tmp, env.tmp) != 0 ||
	    h_sh("cd '%s/tests/data' && cp cargo-e2e/ffm-XC880.txt"
	    " cargo/fwb-complete.txt cargo/fwb-continuation.txt"
	    " cargo/fhl-consolidation.txt '%s/dropbox/XC/incoming/'", h_root(),
	    env.tmp) != 0 ||
	    h_sh("cp '%s/tests/data/cargo/cuscar-d95b.edi'"
	    " '%s/dropbox/OCLK/incoming/'", h_root(), env.tmp) != 0)
		return -1;
	/* The public samples, copied into this throwaway dropbox only. */
	if (h_sh("cp '%s' '%s/dropbox/XC/incoming/'",
	    h_sample("cargo/888-11111111_XFWB.xml", sample, sizeof(sample)),
	    env.tmp) != 0 ||
	    h_sh("cp '%s' '%s/dropbox/XC/incoming/'",
	    h_sample("cargo/SEL22222222_XFZB.xml", sample, sizeof(sample)),
	    env.tmp) != 0 ||
	    h_sh("cp '%s' '%s/dropbox/OCLK/incoming/'",
	    h_sample("cargo/D95BBAPLIE.edi", sample, sizeof(sample)),
	    env.tmp) != 0)
		return -1;
	return h_vborder(&env, "db migrate");
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static json_t *
find_shipment(json_t *list, const char *number)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(list, "targets"), i, t) {
		json_t *s = json_object_get(t, "subject");
		const char *w = json_string_value(json_object_get(s, "waybill"));
		const char *b = json_string_value(json_object_get(s,
		    "bill_of_lading"));

		if ((w != NULL && strcmp(w, number) == 0) ||
		    (b != NULL && strcmp(b, number) == 0))
			return t;
	}
	return NULL;
}

static int
has_reason(json_t *t, const char *key, const char *value)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(t, "reasons"), i, r) {
		const char *v = json_string_value(json_object_get(r, key));

		if (v != NULL && strcmp(v, value) == 0)
			return 1;
	}
	return 0;
}

/* Every cargo file is taken; a BAPLIE is refused as a type we do not screen. */
static void
ingest(void **state)
{
	(void)state;
	VB(65, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_contains(h_path(&env,
	    "dropbox/OCLK/quarantine/D95BBAPLIE.edi.error.json"),
	    "unsupported message type BAPLIE"));
	assert_true(h_exists(h_path(&env, "dropbox/OCLK/archive/cuscar-d95b.edi")));
	assert_true(h_exists(h_path(&env, "dropbox/XC/archive/ffm-XC880.txt")));
	assert_true(h_exists(h_path(&env, "dropbox/XC/archive/888-11111111_XFWB.xml")));
	assert_true(h_exists(h_path(&env, "dropbox/XC/archive/SEL22222222_XFZB.xml")));
	VB(0, NOW " watchlist load --agency CUSTOMS --list cargo"
	    " '%s/tests/data/cargo-e2e/watchlist.csv'", h_root());
	VB(0, NOW " screen --all");
	VB(0, NOW " targets --all --out '%s/out' --format json,csv,html", env.tmp);
	assert_int_equal(h_sh("python3 '%s/../shared/tools/check-target-list'"
	    " '%s/out' >/dev/null", h_root(), env.tmp), 0);
}

static void
air(void **state)
{
	json_t *l = h_json(h_path(&env, AIR)), *t, *s;

	(void)state;
	assert_non_null(l);
	/* Four waybills, three FHL houses, the XFZB house of 888-11111111. */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l,
	    "screened"), "shipments")), 8);

	/*
	 * FWB: LAKESHORE PRECISION INC is CUSTOMS' "Lake Shore Precission
	 * Incorporated": split, misspelt, its legal form spelt out.
	 */
	assert_non_null(t = find_shipment(l, "020-58213643"));
	assert_true(has_reason(t, "entry_id", "CUS-1"));
	assert_true(has_reason(t, "party", "consignee"));
	/* A high-severity list: high, or medium while the name match is only probable. */
	assert_string_not_equal(json_string_value(json_object_get(t, "priority")),
	    "low");
	s = json_object_get(t, "subject");
	assert_string_equal(json_string_value(json_object_get(s, "kind")), "shipment");
	assert_string_equal(json_string_value(json_object_get(json_object_get(s,
	    "consignee"), "country")), "US");
	assert_true(json_array_size(json_object_get(s, "hs_codes")) >= 2);
	assert_true(json_array_size(json_object_get(s, "goods")) >= 1);

	/* A wrong check digit is a data-quality reason, not a drop. */
	assert_non_null(t = find_shipment(l, "176-30551827"));
	assert_true(has_reason(t, "rule_id", "DQ-AWB-CHECK-DIGIT"));

	/* An FHL house attaches to its master's flight: the shipper is listed. */
	assert_non_null(t = find_shipment(l, "CDG5501234"));
	assert_true(has_reason(t, "entry_id", "CUS-2"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(t,
	    "subject"), "master")), "05761204570");

	/* Cargo-XML: the XFWB's shipper, and the XFZB house on its master's flight. */
	assert_non_null(t = find_shipment(l, "888-11111111"));
	assert_true(has_reason(t, "entry_id", "CUS-5"));
	assert_true(has_reason(t, "party", "shipper"));
	assert_non_null(t = find_shipment(l, "SEL22222222"));
	assert_true(has_reason(t, "entry_id", "CUS-6"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(t,
	    "subject"), "master")), "88811111111");

	/* Legal forms and common words alone never match. */
	assert_int_equal(h_sh("grep -rq CUS-4 '%s/out'", env.tmp), 1);
	/*
	 * A party whose name says it is a company (NORDSPED LOGISTIK GMBH)
	 * is not a person of those names.
	 */
	assert_int_equal(h_sh("grep -rq CUS-7 '%s/out'", env.tmp), 1);
	json_decref(l);
}

static void
sea(void **state)
{
	json_t *l = h_json(h_path(&env, SEA)), *t;

	(void)state;
	assert_non_null(l);
	assert_string_equal(json_string_value(json_object_get(json_object_get(l,
	    "arrival"), "mode")), "sea");
	assert_non_null(t = find_shipment(l, "OCLK2603SHA0101"));
	assert_true(has_reason(t, "entry_id", "CUS-3"));
	/* Container VBRU2045135's check digit is wrong: a finding on its bill. */
	assert_non_null(t = find_shipment(l, "OCLK2603PUS0102"));
	assert_true(has_reason(t, "rule_id", "DQ-CONTAINER-CHECK-DIGIT"));
	assert_string_equal(json_string_value(json_object_get(t, "priority")), "low");
	json_decref(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ingest),
		cmocka_unit_test(air),
		cmocka_unit_test(sea),
	};

	return cmocka_run_group_tests_name("cargo", tests, setup, teardown);
}
