/*
 * Titles glued to names, from the user's side: a PNR push whose TIF and
 * DOCS write SMITH/JOHNMR, KOWALSKA/ANNAMS and LEE/MRSLORELEI puts those
 * travellers on the target list through the watchlist entries John Smith,
 * Anna Kowalska and Lorelei Lee with their birth dates, under the names as
 * the carrier sent them; ADAMS/PETERMR is not the entry Peter Ada born on
 * his day.
 *
 * tests/data/titles/: pnr-glued.edi (flight XB720 CDG-JFK on 2026-11-27)
 * and watchlist.csv.
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
#define LIST	"out/2026-11-27/XB720_CDG-JFK.json"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	if (h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency BORDER --list watch"
	    " '%s/tests/data/titles/watchlist.csv'", h_root()) != 0)
		return -1;
	return h_sh("mkdir -p '%s/dropbox/XB/incoming' && cp"
	    " '%s/tests/data/titles/pnr-glued.edi' '%s/dropbox/XB/incoming/'",
	    env.tmp, h_root(), env.tmp);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static json_t *
find_target(json_t *list, const char *name)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(list, "targets"), i, t) {
		json_t *s = json_object_get(t, "subject");

		if (strcmp(json_string_value(json_object_get(s, "name")),
		    name) == 0)
			return t;
	}
	return NULL;
}

/* The target's one reason: from entry id, its explanation holding why. */
static void
expect_hit(json_t *list, const char *name, const char *entry_id)
{
	json_t *t = find_target(list, name), *reasons, *r;
	const char *expl;

	if (t == NULL)
		fail_msg("%s is not on the list", name);
	reasons = json_object_get(t, "reasons");
	assert_int_equal(json_array_size(reasons), 1);
	r = json_array_get(reasons, 0);
	assert_string_equal(json_string_value(json_object_get(r, "entry_id")),
	    entry_id);
	assert_true(json_real_value(json_object_get(r, "score")) >= 0.90);
	expl = json_string_value(json_object_get(r, "explanation"));
	assert_non_null(expl);
	assert_non_null(strstr(expl, "title"));
	assert_non_null(strstr(expl, "birth date equal"));
}

static void
glued_titles_hit(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp,
	    env.tmp);
	assert_non_null(l = h_json(h_path(&env, LIST)));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l,
	    "screened"), "passengers")), 4);
	/* Found, and shown as the carrier wrote the name. */
	expect_hit(l, "SMITH JOHNMR", "TTL-1");
	expect_hit(l, "KOWALSKA ANNAMS", "TTL-2");
	expect_hit(l, "LEE MRSLORELEI", "TTL-4");
	/* ADAMS is not ADA and a title. */
	assert_null(find_target(l, "ADAMS PETERMR"));
	assert_int_equal(json_array_size(json_object_get(l, "targets")), 3);
	json_decref(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(glued_titles_hit),
	};

	return cmocka_run_group_tests_name("glued_titles", tests, setup,
	    teardown);
}
