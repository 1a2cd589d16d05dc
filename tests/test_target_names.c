/*
 * Two arrivals, one day: flight XA401 FRA-JFK once as the red-eye that
 * left on the 24th at 23:50 and lands on the 25th at 02:35, once as the
 * morning flight of the 25th (08:20, landing 11:05). Each needs a target
 * list of its own, with its own people, where both would be named
 * out/2026-11-25/XA401_FRA-JFK.json (issue 9, point 5).
 *
 * tests/data/list-names/:
 *   XA401-morning.edi   MUELLER HANS (IMM-0001), LEFEVRE CLAIRE
 *   XA401-red-eye.edi   NOWAK PIOTR (IMM-0002, by document), TANAKA YUKI,
 *                       BAKER LUCY
 *
 * The first half of the file tests the naming rule itself (no database):
 * core/targets/names.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "targets/targets_int.h"
#include "harness.h"

/* --- the naming rule ---------------------------------------------------- */

struct arrival {
	long long id;
	const char *date, *transport, *from, *to, *dep_time, *dep_at, *arr_time;
	const char *expect;	/* its name once the day is settled */
};

/* Settles the arrivals of one case and checks every name. */
static void
expect_names(const struct arrival *a, size_t n)
{
	struct targets_name *v = calloc(n, sizeof(*v));

	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		v[i].id = a[i].id;
		v[i].date = a[i].date;
		v[i].dep_time = a[i].dep_time;
		v[i].dep_at = a[i].dep_at;
		v[i].arr_time = a[i].arr_time;
		assert_int_equal(targets_name_base(&v[i], a[i].transport, a[i].from,
		    a[i].to), 0);
	}
	assert_int_equal(targets_names_settle(v, n), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].name, a[i].expect) != 0)
			fprintf(stderr, "arrival %lld: %s, expected %s\n", a[i].id,
			    v[i].name, a[i].expect);
		assert_string_equal(v[i].name, a[i].expect);
		assert_int_equal(targets_name_in_use(v, n, a[i].date, a[i].expect), 1);
	}
	free(v);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Alone on its day, an arrival keeps today's name, whatever else flies. */
static void
name_unique(void **state)
{
	static const struct arrival a[] = {
		{1, "2026-11-25", "XA401", "FRA", "JFK", "0820", "2026-11-25T0820",
		    "1105", "XA401_FRA-JFK"},
		/* Same flight, another day; another route; another flight. */
		{2, "2026-11-26", "XA401", "FRA", "JFK", "0820", "2026-11-26T0820",
		    "1105", "XA401_FRA-JFK"},
		{3, "2026-11-25", "XA401", "FRA", "EWR", "0820", "2026-11-25T0820",
		    "1105", "XA401_FRA-EWR"},
		{4, "2026-11-25", "XA402", "FRA", "JFK", "0820", "2026-11-25T0820",
		    "1105", "XA402_FRA-JFK"},
	};

	(void)state;
	expect_names(a, N(a));
}

/* Two on one day: both get their departure time, not just the second. */
static void
name_two_departures(void **state)
{
	static const struct arrival a[] = {
		{7, "2026-11-25", "XA401", "FRA", "JFK", "0820", "2026-11-25T0820",
		    "1105", "XA401_FRA-JFK_0820"},
		{3, "2026-11-25", "XA401", "FRA", "JFK", "2350", "2026-11-24T2350",
		    "0235", "XA401_FRA-JFK_2350"},
		{5, "2026-11-25", "XA402", "FRA", "JFK", "0900", "2026-11-25T0900",
		    "1140", "XA402_FRA-JFK"},
	};

	(void)state;
	expect_names(a, N(a));
}

/*
 * The same departure time on different days: the date too. No departure
 * time known: the arrival time. Case folded: a file system that ignores
 * case must not merge xa401 and XA401 either.
 */
static void
name_fallbacks(void **state)
{
	static const struct arrival a[] = {
		{1, "2026-11-25", "XA401", "FRA", "JFK", "0820", "2026-11-24T0820",
		    "0610", "XA401_FRA-JFK_2026-11-24T0820"},
		{2, "2026-11-25", "XA401", "FRA", "JFK", "0820", "2026-11-25T0820",
		    "1105", "XA401_FRA-JFK_2026-11-25T0820"},
		{3, "2026-11-25", "xa401", "FRA", "JFK", NULL, NULL, "1930",
		    "xa401_FRA-JFK_arr1930"},
	};

	(void)state;
	expect_names(a, N(a));
}

/*
 * A name that looks like another's suffixed one (a port sent as "JFK 0820")
 * still ends up unique: whoever shares a name goes up until none does, the
 * arrival's id in the end.
 */
static void
name_forged(void **state)
{
	static const struct arrival a[] = {
		{1, "2026-11-25", "XA401", "FRA", "JFK", "0820", "2026-11-25T0820",
		    "1105", "XA401_FRA-JFK_2026-11-25T0820"},
		{2, "2026-11-25", "XA401", "FRA", "JFK", "2350", "2026-11-24T2350",
		    "0235", "XA401_FRA-JFK_2350"},
		{3, "2026-11-25", "XA401", "FRA", "JFK 0820", "0820",
		    "2026-11-25T0820", "1105", "XA401_FRA-JFK_0820_0820"},
	};
	static const struct arrival b[] = {
		{1, "2026-11-25", "XA401", "FRA", "JFK", "0820", "2026-11-25T0820",
		    "1105", "XA401_FRA-JFK_0820"},
		{2, "2026-11-25", "XA401", "FRA", "JFK", "2350", "2026-11-24T2350",
		    "0235", "XA401_FRA-JFK_2350"},
		{3, "2026-11-25", "XA401", "FRA", "JFK 0820", "0820",
		    "2026-11-25T0820", "1105", "XA401_FRA-JFK_0820_id3"},
		{4, "2026-11-25", "XA401", "FRA", "JFK/0820", "0820",
		    "2026-11-25T0820", "1105", "XA401_FRA-JFK_0820_id4"},
	};

	(void)state;
	expect_names(a, N(a));
	expect_names(b, N(b));
}

/* What an officer's spreadsheet or browser gets instead of a control character. */
static void
char_classes(void **state)
{
	static const struct { const char *s; enum targets_char k; size_t n; } c[] = {
		{"A", TARGETS_CHAR_PLAIN, 1},
		{"\xc3\x9c", TARGETS_CHAR_PLAIN, 2},		/* Ü */
		{"\n", TARGETS_CHAR_SPACE, 1},
		{"\r", TARGETS_CHAR_SPACE, 1},
		{"\t", TARGETS_CHAR_SPACE, 1},
		{"\xc2\x85", TARGETS_CHAR_SPACE, 2},		/* NEL */
		{"\xe2\x80\xa8", TARGETS_CHAR_SPACE, 3},	/* LINE SEPARATOR */
		{"\x1b", TARGETS_CHAR_OTHER, 1},
		{"\x7f", TARGETS_CHAR_OTHER, 1},
		{"\xc2\x9b", TARGETS_CHAR_OTHER, 2},		/* CSI */
		{"\xe2\x80\xae", TARGETS_CHAR_OTHER, 3},	/* RIGHT-TO-LEFT OVERRIDE */
		{"\xff", TARGETS_CHAR_OTHER, 1},		/* not UTF-8 */
		{"\xc3", TARGETS_CHAR_OTHER, 1},		/* cut short */
	};
	struct targets_pool pool = {NULL, 0, 0};
	size_t n;

	(void)state;
	for (size_t i = 0; i < N(c); i++) {
		assert_int_equal(targets_char(c[i].s, strlen(c[i].s), &n), c[i].k);
		assert_int_equal(n, c[i].n);
	}
	/* Valid UTF-8 comes back as it is; each bad byte as U+FFFD. */
	const char *ok = "M\xc3\x9cLLER";
	assert_ptr_equal(targets_utf8(&pool, ok), ok);
	assert_string_equal(targets_utf8(&pool, "M\xdcLLER\xff"),
	    "M\xef\xbf\xbdLLER\xef\xbf\xbd");
	assert_null(targets_utf8(&pool, NULL));
	assert_int_equal(pool.oom, 0);
	targets_pool_free(&pool);
}

/* --- from the user's side ----------------------------------------------- */

#define NOW	"--now 2026-11-24T22:00:00Z"
#define DAY	"out/2026-11-25"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	if (h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency IMMIGRATION --list"
	    " denied-entry '%s/tests/data/e2e/watchlists/immigration-denied-entry.csv'",
	    h_root()) != 0)
		return -1;
	return h_sh("mkdir -p '%s/dropbox/XA/incoming'", env.tmp);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* Delivers one file and runs the job as cron would, at now. */
static void
deliver(const char *file, const char *now)
{
	assert_int_equal(h_sh("cp '%s/tests/data/list-names/%s' '%s/dropbox/XA/incoming/'",
	    h_root(), file, env.tmp), 0);
	VB(0, "--now %s run --dropbox '%s/dropbox' --out '%s/out'"
	    " --format json,csv,html", now, env.tmp, env.tmp);
}

/* The lists in the day's folder (not its index), one line, sorted. */
static char *
day_files(void)
{
	assert_int_equal(h_sh("LC_ALL=C ls '%s/" DAY "' | grep -v '^index\\.html$'"
	    " | tr '\\n' ' ' > '%s/ls'", env.tmp, env.tmp), 0);
	return h_slurp(h_path(&env, "ls"));
}

static void
expect_files(const char *expect)
{
	char *got = day_files();

	assert_non_null(got);
	if (strcmp(got, expect) != 0)
		fprintf(stderr, "in %s: %s\nexpected: %s\n", DAY, got, expect);
	assert_string_equal(got, expect);
	free(got);
}

/* The names of a list's targets, "A,B" in rank order; its screened passengers. */
static void
list_people(const char *file, char *names, size_t namesz, long long *screened)
{
	json_t *l = h_json(h_path(&env, DAY "/%s", file)), *t;
	size_t i;

	assert_non_null(l);
	names[0] = '\0';
	json_array_foreach(json_object_get(l, "targets"), i, t) {
		if (i > 0)
			strlcat(names, ",", namesz);
		strlcat(names, json_string_value(json_object_get(json_object_get(t,
		    "subject"), "name")), namesz);
	}
	*screened = json_integer_value(json_object_get(json_object_get(l,
	    "screened"), "passengers"));
	json_decref(l);
}

/* One arrival that day: today's name, unchanged. */
static void
one_arrival_plain_name(void **state)
{
	char names[256];
	long long screened;

	(void)state;
	deliver("XA401-morning.edi", "2026-11-24T22:00:00Z");
	expect_files("XA401_FRA-JFK.csv XA401_FRA-JFK.html XA401_FRA-JFK.json ");
	list_people("XA401_FRA-JFK.json", names, sizeof(names), &screened);
	assert_string_equal(names, "MUELLER HANS");
	assert_int_equal(screened, 2);
}

/*
 * The red-eye's list comes in: two lists, each with its departure time and
 * its own people, and the plain name (which said the morning flight) gone.
 */
static void
second_arrival_two_lists(void **state)
{
	char names[256];
	long long screened;

	(void)state;
	deliver("XA401-red-eye.edi", "2026-11-24T22:00:00Z");
	expect_files("XA401_FRA-JFK_0820.csv XA401_FRA-JFK_0820.html"
	    " XA401_FRA-JFK_0820.json XA401_FRA-JFK_2350.csv"
	    " XA401_FRA-JFK_2350.html XA401_FRA-JFK_2350.json ");
	assert_true(h_contains(env.errout, DAY "/XA401_FRA-JFK.json: removed"));

	list_people("XA401_FRA-JFK_0820.json", names, sizeof(names), &screened);
	assert_string_equal(names, "MUELLER HANS");
	assert_int_equal(screened, 2);
	list_people("XA401_FRA-JFK_2350.json", names, sizeof(names), &screened);
	assert_string_equal(names, "NOWAK PIOTR");
	assert_int_equal(screened, 3);
	assert_true(h_contains(h_path(&env, DAY "/XA401_FRA-JFK_2350.json"),
	    "\"scheduled_departure_local\": \"2026-11-24T23:50\""));
	assert_true(h_contains(h_path(&env, DAY "/XA401_FRA-JFK_2350.csv"),
	    "NOWAK PIOTR"));
	assert_false(h_contains(h_path(&env, DAY "/XA401_FRA-JFK_0820.csv"),
	    "NOWAK PIOTR"));
	/* The day's index links the lists by their new names only. */
	assert_true(h_contains(h_path(&env, DAY "/index.html"),
	    "href=\"XA401_FRA-JFK_0820.html\""));
	assert_true(h_contains(h_path(&env, DAY "/index.html"),
	    "href=\"XA401_FRA-JFK_2350.html\""));
	assert_false(h_contains(h_path(&env, DAY "/index.html"),
	    "href=\"XA401_FRA-JFK.html\""));
	assert_int_equal(h_sh("python3 '%s/../shared/tools/check-target-list'"
	    " '%s/out' >/dev/null", h_root(), env.tmp), 0);
}

/*
 * Later runs rewrite the same files: once the red-eye has landed and left
 * the window, the morning flight keeps its suffixed name (it still shares
 * its day), and no plain-named list comes back.
 */
static void
names_stable(void **state)
{
	(void)state;
	VB(0, NOW " targets --out '%s/out' --format json,csv,html", env.tmp);
	expect_files("XA401_FRA-JFK_0820.csv XA401_FRA-JFK_0820.html"
	    " XA401_FRA-JFK_0820.json XA401_FRA-JFK_2350.csv"
	    " XA401_FRA-JFK_2350.html XA401_FRA-JFK_2350.json ");
	VB(0, "--now 2026-11-25T09:00:00Z targets --out '%s/out' --format json",
	    env.tmp);
	assert_true(h_contains(env.errout, DAY "/XA401_FRA-JFK_0820.json:"));
	assert_false(h_contains(env.errout, "XA401_FRA-JFK_2350"));
	expect_files("XA401_FRA-JFK_0820.csv XA401_FRA-JFK_0820.html"
	    " XA401_FRA-JFK_0820.json XA401_FRA-JFK_2350.csv"
	    " XA401_FRA-JFK_2350.html XA401_FRA-JFK_2350.json ");
}

int
main(void)
{
	/* One group, so that tests/run-tests counts them all. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_unique),
		cmocka_unit_test(name_two_departures),
		cmocka_unit_test(name_fallbacks),
		cmocka_unit_test(name_forged),
		cmocka_unit_test(char_classes),
		cmocka_unit_test(one_arrival_plain_name),
		cmocka_unit_test(second_arrival_two_lists),
		cmocka_unit_test(names_stable),
	};

	return cmocka_run_group_tests_name("target list names", tests, setup,
	    teardown);
}
