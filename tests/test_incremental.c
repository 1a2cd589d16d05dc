/*
 * Incremental screening (issue 14): a screen takes only the arrivals whose
 * messages changed since their last screen, all of the window when what
 * they are screened against changed, and finds what a full screen finds.
 * The files are tests/data/links: PNRs of XA401 and XB502, flight XC880's
 * cargo; then XA401's API list comes, and comes again without one of its
 * passengers. Then the lists: rewritten only when what they are made from
 * changed.
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

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 || h_links_dropbox(&env, "dropbox") != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'", env.tmp) != 0)
		return -1;
	if (h_vborder(&env, NOW " watchlist load --agency IMMIGRATION --list"
	    " wanted '%s/tests/data/links/watchlist-immigration.csv'",
	    h_root()) != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency CUSTOMS --list cargo"
	    " '%s/tests/data/links/watchlist-customs.csv'", h_root()) != 0)
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

/* The run that last screened flight transport_id. */
static long
screened_by(const char *transport_id)
{
	const char *p[] = {transport_id};

	return h_db_long_p(&env, "SELECT s.run_id"
	    " FROM vborder.arrival_screen s JOIN vborder.arrival a"
	    " ON a.id = s.arrival_id WHERE a.transport_id = $1", 1, p);
}

static long
last_screen(void)
{
	return h_db_long(&env, "SELECT max(id) FROM vborder.run"
	    " WHERE command = 'screen'");
}

static void
first_screen_takes_every_arrival(void **state)
{
	(void)state;
	VB(0, NOW " screen");
	assert_true(h_contains(env.errout, "3 arrivals taken, 0 unchanged"));
	assert_int_equal(screened_by("XA401"), last_screen());
	assert_int_equal(screened_by("XB502"), last_screen());
	assert_int_equal(screened_by("XC880"), last_screen());
}

static void
nothing_new_takes_none(void **state)
{
	long hits = h_db_long(&env, "SELECT count(*) FROM vborder.hit");
	long links = h_db_long(&env, "SELECT count(*) FROM vborder.link_hit");
	long before = last_screen();

	(void)state;
	assert_true(hits > 0);
	VB(0, NOW " screen");
	assert_true(h_contains(env.errout, "0 arrivals taken, 3 unchanged"));
	/* The last screens stand: their hits, their links, their proof. */
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.hit"), hits);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.link_hit"),
	    links);
	assert_int_equal(screened_by("XA401"), before);
}

/*
 * The hits on XA401's records that came from source ("api" or "pnr"); of
 * them, with run not 0, those that run stored.
 */
static long
xa401_hits(const char *source, long run)
{
	char r[24];
	const char *p[] = {source, r};

	(void)snprintf(r, sizeof(r), "%ld", run);
	return h_db_long_p(&env, "SELECT count(*) FROM vborder.hit h"
	    " JOIN vborder.person p ON p.id = h.person_id"
	    " JOIN vborder.arrival a ON a.id = p.arrival_id"
	    " WHERE a.transport_id = 'XA401' AND p.source = $1"
	    " AND ($2::bigint = 0 OR h.run_id = $2::bigint)", 2, p);
}

/*
 * XA401's API list: that flight alone, and of it the API list's records
 * alone (the PNR's hits stand as the last screen found them); and what it
 * finds is what a full screen finds.
 */
static void
a_new_message_takes_its_arrival(void **state)
{
	long before = screened_by("XB502"), pnr_run = screened_by("XA401");
	long pnr_hits = xa401_hits("pnr", 0), api;
	char line[64];

	(void)state;
	assert_true(pnr_hits > 0);
	assert_int_equal(h_sh("cp '%s/tests/data/links/api-xa401.edi'"
	    " '%s/dropbox/XA/incoming/'", h_root(), env.tmp), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	VB(0, NOW " screen");
	assert_true(h_contains(env.errout, "1 arrival taken, 2 unchanged"));
	assert_int_equal(screened_by("XA401"), last_screen());
	assert_int_equal(screened_by("XB502"), before);
	api = h_db_long(&env, "SELECT count(*) FROM vborder.person p"
	    " JOIN vborder.arrival a ON a.id = p.arrival_id"
	    " WHERE a.transport_id = 'XA401' AND p.source = 'api'");
	assert_true(api > 0);
	(void)snprintf(line, sizeof(line), "1 arrival, %ld person record%s", api,
	    api == 1 ? " " : "s ");
	assert_true(h_contains(env.errout, line));
	assert_int_equal(xa401_hits("pnr", pnr_run), pnr_hits);
	assert_true(xa401_hits("api", last_screen()) > 0);
	VB(0, NOW " targets --out '%s/incremental' --format json,csv", env.tmp);

	VB(0, NOW " screen --full");
	assert_true(h_contains(env.errout, "3 arrivals taken, 0 unchanged"));
	VB(0, NOW " targets --out '%s/full' --format json,csv", env.tmp);
	assert_int_equal(h_sh("diff -r -I generated_at '%s/incremental' '%s/full'"
	    " >&2", env.tmp, env.tmp), 0);
}

/*
 * XA401's API list sent again without ROSSI (a passenger offloaded): his
 * API record is no longer current and its hit goes with it (his PNR's
 * stands: he booked), and the list is again what a full screen makes.
 */
static void
a_replaced_message_takes_its_hits_away(void **state)
{
	(void)state;
	assert_true(h_db_long(&env, "SELECT count(*) FROM vborder.hit h"
	    " JOIN vborder.person p ON p.id = h.person_id"
	    " WHERE p.name_raw LIKE 'ROSSI%' AND p.source = 'api'"
	    " AND p.current") > 0);
	assert_int_equal(h_sh("sed -e s/LKA0003/LKA0004/g"
	    " -e s/ROSSI:MARIO/BLANC:JEAN/ -e s/YA1112223/YA9998887/"
	    " '%s/tests/data/links/api-xa401.edi'"
	    " > '%s/dropbox/XA/incoming/api-xa401-again.edi'", h_root(),
	    env.tmp), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	VB(0, NOW " screen");
	assert_true(h_contains(env.errout, "1 arrival taken, 2 unchanged"));
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.hit h"
	    " JOIN vborder.person p ON p.id = h.person_id"
	    " WHERE p.name_raw LIKE 'ROSSI%' AND p.source = 'api'"), 0);
	VB(0, NOW " targets --out '%s/replaced' --format json,csv", env.tmp);
	VB(0, NOW " screen --full");
	VB(0, NOW " targets --out '%s/replaced-full' --format json,csv",
	    env.tmp);
	assert_int_equal(h_sh("diff -r -I generated_at '%s/replaced'"
	    " '%s/replaced-full' >&2", env.tmp, env.tmp), 0);
}

static void
a_new_list_version_takes_every_arrival(void **state)
{
	(void)state;
	assert_int_equal(h_sh("cp '%s/tests/data/links/watchlist-immigration.csv'"
	    " '%s/wanted.csv' && echo 'IMM-99,person,\"Doe, Jane\",,1980-01-01,"
	    "GBR,,F,wanted,low,' >> '%s/wanted.csv'", h_root(), env.tmp,
	    env.tmp), 0);
	VB(0, NOW " watchlist load --agency IMMIGRATION --list wanted"
	    " '%s/wanted.csv'", env.tmp);
	VB(0, NOW " screen");
	assert_true(h_contains(env.errout, "3 arrivals taken, 0 unchanged"));
	VB(0, NOW " screen");
	assert_true(h_contains(env.errout, "0 arrivals taken, 3 unchanged"));
}

/* Entries expire and rules come into force by dates: a new day takes every arrival. */
static void
a_new_day_takes_every_arrival(void **state)
{
	(void)state;
	VB(0, "--now 2026-11-30T23:58:00Z screen");
	VB(0, "--now 2026-11-30T23:59:00Z screen");
	assert_true(h_contains(env.errout, "0 arrivals taken, 3 unchanged"));
	VB(0, "--now 2026-12-01T00:01:00Z screen");
	assert_true(h_contains(env.errout, "3 arrivals taken, 0 unchanged"));
}

/* The modification time of an output file, as text (stat's nanoseconds). */
static char *
mtime(const char *rel)
{
	char cmd[PATH_MAX + 64], *out = NULL;
	FILE *f;
	size_t n = 0;

	(void)snprintf(cmd, sizeof(cmd), "stat -c %%y '%s'", h_path(&env,
	    "%s", rel));
	if ((f = popen(cmd, "r")) == NULL)
		return NULL;
	if (getline(&out, &n, f) < 0) {
		free(out);
		out = NULL;
	}
	(void)pclose(f);
	return out;
}

#define XA401	"lists/2026-12-01/XA401_FRA-JFK.json"
#define XB502	"lists/2026-12-01/XB502_CDG-JFK.json"

/*
 * Lists are rewritten only when what they are made from changed: the
 * same run again leaves every file as it was; an outcome on one flight's
 * target rewrites that flight's list alone; a list removed comes back.
 */
static void
lists_rewritten_only_when_changed(void **state)
{
	char *xa, *xb, *again;
	json_t *l;
	const char *id;

	(void)state;
	VB(0, NOW " targets --out '%s/lists' --format json,html", env.tmp);
	assert_true(h_contains(env.errout, "targets: 3 lists"));
	xa = mtime(XA401);
	xb = mtime(XB502);
	assert_non_null(xa);
	assert_non_null(xb);
	VB(0, NOW " targets --out '%s/lists' --format json,html", env.tmp);
	assert_true(h_contains(env.errout, "targets: 0 lists"));
	assert_true(h_contains(env.errout, "3 lists left as they were"));
	again = mtime(XA401);
	assert_string_equal(again, xa);
	free(again);

	l = h_json(h_path(&env, XA401));
	assert_non_null(l);
	id = json_string_value(json_object_get(json_array_get(
	    json_object_get(l, "targets"), 0), "id"));
	assert_non_null(id);
	VB(0, NOW " outcome record %s --outcome no-action --by officer1", id);
	json_decref(l);
	VB(0, NOW " targets --out '%s/lists' --format json,html", env.tmp);
	assert_true(h_contains(env.errout, "targets: 1 list,"));
	again = mtime(XB502);
	assert_string_equal(again, xb);
	free(again);
	assert_true(h_contains(h_path(&env, XA401), "no-action"));

	/* Another format asked for, or a file gone: written again. */
	assert_int_equal(h_sh("rm '%s/lists/2026-12-01/XB502_CDG-JFK.html'",
	    env.tmp), 0);
	VB(0, NOW " targets --out '%s/lists' --format json,html", env.tmp);
	assert_true(h_contains(env.errout, "targets: 1 list,"));
	assert_true(h_exists(h_path(&env,
	    "lists/2026-12-01/XB502_CDG-JFK.html")));
	VB(0, NOW " targets --out '%s/lists' --format json,html,csv", env.tmp);
	assert_true(h_contains(env.errout, "targets: 3 lists"));
	free(xa);
	free(xb);
}

/*
 * Records that give the same name, birth date, gender, nationality and
 * documents (a traveller's API and PNR records, often) are matched once
 * (core/screen/), and each keeps the hits of those inputs: every pair of
 * records with the same inputs has the same hits. Flights XA402 and XA403
 * carry XA401's first API list again, ROSSI MARIO (IMM-1) and all.
 */
#define INPUTS(p) "(" p ".name_raw, " p ".birth_date, " p ".gender, " \
	p ".nationality, (SELECT string_agg(d.type || '/' || coalesce(" \
	"d.country, '') || '/' || d.number_norm, ',' ORDER BY d.seq)" \
	" FROM vborder.person_document d WHERE d.person_id = " p ".id))"
#define HITS(p) "(SELECT string_agg(h.entry_pk || ':' || h.score || ':' ||" \
	" h.explanation, ',' ORDER BY h.entry_pk) FROM vborder.hit h" \
	" WHERE h.person_id = " p ".id)"

static void
records_of_the_same_inputs_keep_the_same_hits(void **state)
{
	(void)state;
	for (int f = 2; f <= 3; f++)
		assert_int_equal(h_sh("sed -e 's/XA401/XA40%d/; s/LKA0003/LKA010%d/'"
		    " '%s/tests/data/links/api-xa401.edi'"
		    " > '%s/dropbox/XA/incoming/api-xa40%d.edi'", f, f, h_root(),
		    env.tmp, f), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	VB(0, NOW " screen --full");
	assert_true(h_db_long(&env, "SELECT count(*) FROM vborder.screened p"
	    " JOIN vborder.screened q ON q.id > p.id"
	    " AND " INPUTS("p") " IS NOT DISTINCT FROM " INPUTS("q")
	    " WHERE " HITS("p") " IS NOT NULL") >= 2);
	assert_int_equal(h_db_long(&env, "SELECT count(*)"
	    " FROM vborder.screened p JOIN vborder.screened q ON q.id > p.id"
	    " AND " INPUTS("p") " IS NOT DISTINCT FROM " INPUTS("q")
	    " WHERE " HITS("p") " IS DISTINCT FROM " HITS("q")), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_screen_takes_every_arrival),
		cmocka_unit_test(nothing_new_takes_none),
		cmocka_unit_test(a_new_message_takes_its_arrival),
		cmocka_unit_test(a_replaced_message_takes_its_hits_away),
		cmocka_unit_test(a_new_list_version_takes_every_arrival),
		cmocka_unit_test(a_new_day_takes_every_arrival),
		cmocka_unit_test(lists_rewritten_only_when_changed),
		cmocka_unit_test(records_of_the_same_inputs_keep_the_same_hits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
