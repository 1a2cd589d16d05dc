/*
 * The lists as officers see them: the demo's day (tests/demo: two
 * flights, three agencies' lists and rules) run with every format, then
 * the HTML list and the day index rendered by headless Chromium (Debian's
 * chromium, which make deps installs). A page that renders blank, or whose
 * targets are not in the rendered text, fails; so does a CSV a
 * spreadsheet would misread.
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

#define NOW	"--now 2026-11-27T06:00:00Z"
#define DAY	"out/2026-11-27"

static struct h_env env;

static int
setup(void **state)
{
	static const char *const lists[][3] = {
		{"IMMIGRATION", "denied-entry", "immigration.csv"},
		{"POLICE", "wanted", "police.csv"},
		{"CUSTOMS", "cargo", "customs.csv"},
	};
	static const char *const rules[][2] = {
		{"CUSTOMS", "customs.json"}, {"IMMIGRATION", "immigration.json"},
		{"BIOSECURITY", "biosecurity.json"},
	};
	int rc;

	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("cp -R '%s/tests/demo/dropbox' '%s/dropbox'", h_root(),
	    env.tmp) != 0 || h_vborder(&env, "db migrate") != 0)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		rc = h_vborder(&env, NOW " watchlist load --agency %s --list %s"
		    " '%s/tests/demo/watchlists/%s'", lists[i][0], lists[i][1],
		    h_root(), lists[i][2]);
		if ((rc != 0 && rc != 65) ||
		    h_vborder(&env, NOW " rules load --agency %s"
		    " '%s/tests/demo/rules/%s'", rules[i][0], h_root(),
		    rules[i][1]) != 0)
			return -1;
	}
	/* 65: the demo's truncated file is quarantined, the rest is listed. */
	rc = h_vborder(&env, NOW " run --dropbox '%s/dropbox' --out '%s/out'"
	    " --format json,csv,html", env.tmp, env.tmp);
	return rc == 0 || rc == 65 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/*
 * Renders page (under the day's folder) with headless Chromium: its DOM
 * into NAME.dom, a screenshot into NAME.png. 0, or Chromium's exit code.
 */
static int
render(const char *page, const char *name, int width, int height)
{
	return h_sh("cd '%s' && for what in '--dump-dom' '--screenshot=%s.png'; do"
	    " timeout 120 chromium --headless --no-sandbox --disable-gpu"
	    " --user-data-dir='%s/chromium' --window-size=%d,%d \"$what\""
	    " 'file://%s/" DAY "/%s' > %s.out 2> %s.err || exit $?;"
	    " [ \"$what\" = --dump-dom ] && mv %s.out %s.dom; done; exit 0",
	    env.tmp, name, env.tmp, width, height, env.tmp, page, name, name,
	    name, name);
}

/* The share of the screenshot's pixels that are not near-white. */
static double
ink(const char *png)
{
	char *out;
	double v;

	if (h_sh("'%s/tests/png-ink' '%s/%s' > '%s/ink'", h_root(), env.tmp, png,
	    env.tmp) != 0 || (out = h_slurp(h_path(&env, "ink"))) == NULL)
		return -1;
	v = strtod(out, NULL);
	free(out);
	return v;
}

/* One arrival's page: its targets in the rendered text, not a blank page. */
static void
list_page(void **state)
{
	const char *dom = h_path(&env, "list.dom");

	(void)state;
	assert_int_equal(render("ZQ714_FRA-JFK.html", "list", 1240, 1754), 0);
	assert_true(h_contains(dom, "ZQ714 FRA"));
	assert_true(h_contains(dom, "DELACROIX HELENE"));
	assert_true(h_contains(dom, "GRUENWALD LUKAS"));
	assert_true(h_contains(dom, "waybill 220-44118071"));
	assert_true(h_contains(dom, "POL-2002"));
	assert_true(h_contains(dom, "before arrival"));
	assert_true(ink("list.png") > 0.02);
}

/* The day's index: both arrivals, linked, not blank. */
static void
day_index(void **state)
{
	const char *dom = h_path(&env, "index.dom");

	(void)state;
	assert_int_equal(render("index.html", "index", 1400, 600), 0);
	assert_true(h_contains(dom, "href=\"ZQ714_FRA-JFK.html\""));
	assert_true(h_contains(dom, "href=\"YV388_AMS-JFK.html\""));
	assert_true(h_contains(dom, "Arrivals of 2026-11-27"));
	assert_true(ink("index.png") > 0.005);
}

/* UTF-8 with a BOM, a header, one row per reason. */
static void
csv_rows(void **state)
{
	json_t *l, *t;
	size_t len, reasons = 0, rows = 0, i;
	char *csv;

	(void)state;
	assert_non_null(csv = h_read(h_path(&env, DAY "/ZQ714_FRA-JFK.csv"),
	    &len));
	assert_memory_equal(csv, "\xef\xbb\xbftarget_id,", 13);
	for (i = 0; i < len; i++)
		rows += csv[i] == '\n';
	free(csv);
	assert_non_null(l = h_json(h_path(&env, DAY "/ZQ714_FRA-JFK.json")));
	json_array_foreach(json_object_get(l, "targets"), i, t)
		reasons += json_array_size(json_object_get(t, "reasons"));
	json_decref(l);
	assert_int_equal(rows, reasons + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_page),
		cmocka_unit_test(day_index),
		cmocka_unit_test(csv_rows),
	};

	return cmocka_run_group_tests_name("browser", tests, setup, teardown);
}
