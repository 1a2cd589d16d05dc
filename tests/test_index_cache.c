/*
 * The list index kept between screens ([screen] index_cache): a screen
 * saves it, the next reads it back and finds exactly what a screen from
 * the database finds; a list load, a damaged file or one others may read
 * sends the screen back to the database, which says why and saves anew.
 * The files are tests/data/links.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define NOW	"--now 2026-12-01T06:00:00Z"

static struct h_env env;
static char conf[4096], cache[4096];

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)
/* A screen of every arrival, with the configuration naming the cache. */
#define SCREEN(expect) VB(expect, NOW " --config '%s' screen --full", conf)

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	if (h_env_start(&env, 1) == -1 || h_links_dropbox(&env, "dropbox") != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'", env.tmp) != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency IMMIGRATION --list"
	    " wanted '%s/tests/data/links/watchlist-immigration.csv'",
	    h_root()) != 0)
		return -1;
	(void)snprintf(cache, sizeof(cache), "%s/cache/index", env.tmp);
	(void)snprintf(conf, sizeof(conf), "%s/vborder.conf", env.tmp);
	if (h_sh("mkdir -m 0700 '%s/cache'", env.tmp) != 0 ||
	    (f = fopen(conf, "w")) == NULL)
		return -1;
	(void)fprintf(f, "[screen]\nindex_cache = %s\n", cache);
	return fclose(f) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* The hits as they stand, as one digest. */
static char *
hits(void)
{
	return h_db_value(&env, "SELECT md5(string_agg(person_id || ' ' ||"
	    " entry_pk || ' ' || score || ' ' || explanation, ','"
	    " ORDER BY person_id, entry_pk)) FROM vborder.hit");
}

/* A count the last screen's run record keeps. */
static long
last_count(const char *name)
{
	const char *p[] = {name};

	return h_db_long_p(&env, "SELECT CASE WHEN jsonb_typeof(counts->$1)"
	    " = 'boolean' THEN (counts->>$1)::boolean::int"
	    " ELSE (counts->>$1)::bigint END FROM vborder.run"
	    " WHERE id = (SELECT max(id) FROM vborder.run"
	    " WHERE command = 'screen')", 1, p);
}

/* The hits are those before, a digest of hits(). */
static void
assert_hits(const char *before)
{
	char *now = hits();

	assert_non_null(now);
	assert_string_equal(before, now);
	free(now);
}

static void
assert_from_cache(int yes)
{
	assert_int_equal(h_contains(env.errout, "list index read from"), yes);
	assert_int_equal(last_count("index_from_cache"), yes);
}

static void
first_screen_saves_the_index(void **state)
{
	struct stat sb;

	(void)state;
	SCREEN(0);
	assert_from_cache(0);
	assert_int_equal(stat(cache, &sb), 0);
	/* The lists' names: the owner's alone. */
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_false(h_contains(env.errout, "warning"));
}

static void
next_screen_reads_it_and_finds_the_same(void **state)
{
	char *before;

	(void)state;
	VB(0, NOW " screen --full");
	before = hits();
	assert_non_null(before);
	assert_from_cache(0);
	SCREEN(0);
	assert_from_cache(1);
	assert_hits(before);
	assert_true(last_count("person_hits") > 0);
	free(before);
}

static void
a_list_load_rebuilds_it(void **state)
{
	long entries;

	(void)state;
	entries = last_count("watchlist_entries");
	VB(0, NOW " watchlist load --agency CUSTOMS --list cargo"
	    " '%s/tests/data/links/watchlist-customs.csv'", h_root());
	SCREEN(0);
	assert_from_cache(0);
	assert_true(last_count("watchlist_entries") > entries);
	entries = last_count("watchlist_entries");
	SCREEN(0);
	assert_from_cache(1);
	assert_int_equal(last_count("watchlist_entries"), entries);
}

static void
a_new_day_rebuilds_it(void **state)
{
	(void)state;
	VB(0, "--now 2026-12-02T06:00:00Z --config '%s' screen --all", conf);
	assert_false(h_contains(env.errout, "list index read from"));
	VB(0, "--now 2026-12-02T07:00:00Z --config '%s' screen --all", conf);
	assert_true(h_contains(env.errout, "list index read from"));
	/* Back to the day the other tests screen. */
	SCREEN(0);
	assert_from_cache(0);
}

static void
a_file_others_may_read_is_left_unread(void **state)
{
	char *before;

	(void)state;
	before = hits();
	assert_non_null(before);
	assert_int_equal(chmod(cache, 0644), 0);
	SCREEN(0);
	assert_from_cache(0);
	assert_true(h_contains(env.errout, "left unread"));
	assert_hits(before);
	/* Saved anew, the owner's alone, and read. */
	SCREEN(0);
	assert_from_cache(1);
	free(before);
}

static void
a_damaged_file_is_rebuilt(void **state)
{
	char *before;
	struct stat sb;

	(void)state;
	before = hits();
	assert_non_null(before);
	assert_int_equal(stat(cache, &sb), 0);
	assert_int_equal(truncate(cache, sb.st_size / 2), 0);
	SCREEN(0);
	assert_from_cache(0);
	assert_true(h_contains(env.errout, "not an index file whole"));
	assert_hits(before);
	SCREEN(0);
	assert_from_cache(1);
	/* Not a file at all: the screen goes on without it. */
	assert_int_equal(h_sh("rm -f '%s' && mkdir '%s'", cache, cache), 0);
	SCREEN(0);
	assert_from_cache(0);
	assert_true(h_contains(env.errout, "not saved"));
	assert_hits(before);
	assert_int_equal(h_sh("rmdir '%s'", cache), 0);
	free(before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_screen_saves_the_index),
		cmocka_unit_test(next_screen_reads_it_and_finds_the_same),
		cmocka_unit_test(a_list_load_rebuilds_it),
		cmocka_unit_test(a_new_day_rebuilds_it),
		cmocka_unit_test(a_file_others_may_read_is_left_unread),
		cmocka_unit_test(a_damaged_file_is_rebuilt),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
