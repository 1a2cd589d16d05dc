/*
 * Links made as the arrivals come (core/links/, sql/0029): a screen reads
 * the identifiers of the arrivals it takes alone, and links again every
 * subject that shares a value with them, on any arrival of the window. The
 * files are tests/data/links (test_links.c tells who shares what), sent
 * one carrier after the other: XA401's PNRs, then XB502's, then XC880's
 * cargo. After each, the links are those a screen of the whole window
 * makes; after a purge, which clears the kept identifiers, too. Then
 * XA407's PNR gives the travel agency's phone, which four bookings gave
 * before (max_sharing 3): it linked none of them and links none now, so
 * only XA407's passenger is linked again. Last, XB510's passenger sends
 * Rossi's passport number, which his PNR and API records both hold.
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

#define NOW	"--now 2026-12-01T06:00:00Z"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    (f = fopen(h_path(&env, "vborder.conf"), "w")) == NULL)
		return -1;
	(void)fprintf(f, "[links]\nmax_sharing = 3\n[paths]\ndropbox = %s\n"
	    "out = %s\n", h_path(&env, "dropbox"), h_path(&env, "out"));
	if (fclose(f) != 0 || h_vborder(&env, "db migrate") != 0 ||
	    h_links_lists(&env, "consignees") != 0)
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

/*
 * Files of tests/data/links (what: a carrier's folder and a star, or one
 * file) into carrier c's incoming folder, then a run.
 */
static void
send_and_run(const char *c, const char *what)
{
	assert_int_equal(h_sh("mkdir -p '%s/dropbox/%s/incoming' &&"
	    " cp '%s/tests/data/links/'%s '%s/dropbox/%s/incoming/'",
	    env.tmp, c, h_root(), what, env.tmp, c), 0);
	VB(0, NOW " --config '%s' run", h_path(&env, "vborder.conf"));
}

/* A screen of the whole window makes the links that stand. */
static void
assert_as_whole(void)
{
	char *before = h_link_hits(&env), *after;

	assert_non_null(before);
	VB(0, NOW " --config '%s' screen --full", h_path(&env, "vborder.conf"));
	after = h_link_hits(&env);
	assert_non_null(after);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* How many links subject who (a person's name or a waybill number) has. */
static long
links_of(const char *who)
{
	const char *p[] = {who};

	return h_db_long_p(&env, "SELECT count(*) FROM vborder.link_hit h"
	    " LEFT JOIN vborder.person p ON p.id = h.person_id"
	    " LEFT JOIN vborder.shipment s ON s.id = h.shipment_id"
	    " WHERE p.name_norm = $1 OR s.number = $1", 1, p);
}

static void
links_follow_the_arrivals(void **state)
{
	(void)state;
	send_and_run("XA", "XA/*");
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.hit"), 1);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.link_hit"),
	    0);

	/* XB502 alone is taken; its passenger links to Rossi on XA401. */
	send_and_run("XB", "XB/*");
	assert_true(h_contains(env.errout, "1 arrivals taken (1 unchanged"));
	assert_int_equal(links_of("NOVAK PETRA"), 2);
	assert_as_whole();

	/*
	 * XC880 alone is taken: its waybill links to Rossi, and Hafen on
	 * XB502, which is not taken, to its listed consignee.
	 */
	send_and_run("XC", "XC/*");
	assert_true(h_contains(env.errout, "1 arrivals taken (2 unchanged"));
	assert_int_equal(links_of("020-58213643"), 1);
	assert_int_equal(links_of("HAFEN JONAS"), 1);
	assert_int_equal(links_of("NOVAK PETRA"), 2);
	assert_as_whole();
}

static void
purge_clears_what_the_next_screen_reads_again(void **state)
{
	char *before;
	long kept;

	(void)state;
	before = h_link_hits(&env);
	assert_non_null(before);
	kept = h_db_long(&env, "SELECT count(*) FROM vborder.link_value");
	assert_true(kept > 0);
	VB(0, NOW " purge");
	assert_int_equal(h_db_long(&env,
	    "SELECT count(*) FROM vborder.link_value"), 0);
	assert_int_equal(h_db_long(&env,
	    "SELECT count(*) FROM vborder.arrival_linked"), 0);

	/* One arrival taken; every arrival's identifiers read again. */
	send_and_run("XA", "api-xa401.edi");
	assert_true(h_contains(env.errout, "1 arrivals taken (2 unchanged"));
	assert_true(h_db_long(&env, "SELECT count(*) FROM vborder.link_value")
	    >= kept);
	assert_int_equal(h_db_long(&env,
	    "SELECT count(*) FROM vborder.arrival_linked"), 3);
	assert_int_equal(links_of("NOVAK PETRA"), 2);
	assert_as_whole();
	free(before);
}

static void
a_value_shared_too_widely_links_nobody_again(void **state)
{
	(void)state;
	send_and_run("XA", "pnr-xa407.edi");
	assert_true(h_contains(env.errout, "1 arrivals taken (3 unchanged"));
	/*
	 * The phone came with MEYER's booking, but the four bookings of
	 * XA401 that held it already made it too widely shared: ROSSI,
	 * BIANCHI, WEBER, KLEIN and SCHMIDT are not linked again.
	 */
	assert_true(h_contains(env.errout, "; 1 subject linked again"));
	assert_true(h_contains(env.errout, "links: phone +1 212 555 0100 is"
	    " shared by 5 bookings or shipments"));
	assert_int_equal(links_of("MEYER ERIK"), 0);
	assert_int_equal(links_of("NOVAK PETRA"), 2);
	assert_as_whole();
}

/*
 * Rossi's passport is on his PNR and on the API list that came after it,
 * each hit alike: BIANCO on XB510, sending the same number, is linked to
 * him once, and by the newest of his records whichever run makes the link
 * (the incremental one here, the whole window's in assert_as_whole).
 */
static void
a_link_names_the_newest_record(void **state)
{
	json_t *l, *t, *r;

	(void)state;
	send_and_run("XB", "pnr-xb510.edi");
	assert_true(h_contains(env.errout, "1 arrivals taken (4 unchanged"));
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.person"
	    " WHERE name_norm = 'ROSSI MARIO' AND current"), 2);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.link_hit h"
	    " JOIN vborder.person p ON p.id = h.person_id"
	    " WHERE p.name_norm = 'BIANCO MARCO' AND h.via = 'document'"
	    " AND h.linked_person_id = (SELECT max(q.id) FROM vborder.person q"
	    "  WHERE q.name_norm = 'ROSSI MARIO' AND q.source = 'api')"), 1);
	assert_non_null(l = h_json(h_path(&env,
	    "out/2026-12-01/XB510_CDG-JFK.json")));
	assert_non_null(t = h_target(l, "BIANCO MARCO"));
	assert_int_equal(json_array_size(json_object_get(t, "reasons")), 1);
	r = json_array_get(json_object_get(t, "reasons"), 0);
	assert_string_equal(json_string_value(json_object_get(r, "via")),
	    "document");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(r, "linked"), "name")), "ROSSI MARIO");
	json_decref(l);
	assert_as_whole();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(links_follow_the_arrivals),
		cmocka_unit_test(purge_clears_what_the_next_screen_reads_again),
		cmocka_unit_test(a_value_shared_too_widely_links_nobody_again),
		cmocka_unit_test(a_link_names_the_newest_record),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
