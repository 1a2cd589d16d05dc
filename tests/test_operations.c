/*
 * Operations from the operator's side, on a throwaway PostgreSQL with
 * tests/data/links/ (XA401, XB502 and XC880 arriving at JFK on 2026-12-01;
 * ROSSI MARIO on XA401 is on IMMIGRATION's list): the run records, the
 * lead time of the lists on a fixed --now, and `vborder status` with its
 * exit codes (a carrier's file waiting too long, a failed run).
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
#include <libpq-fe.h>

#include "harness.h"

/* XA401 and XC880 arrive 13:05 at JFK, 18:05 UTC; XB502 13:50, 18:50 UTC. */
#define NOW	"--now 2026-12-01T06:00:00Z"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_links_dropbox(&env, "dropbox") != 0 ||
	    (f = fopen(h_path(&env, "vborder.conf"), "w")) == NULL)
		return -1;
	fprintf(f, "[paths]\ndropbox = %s/dropbox\nout = %s/out\n"
	    "[status]\nmax_backlog_minutes = 30\n", env.tmp, env.tmp);
	if (fclose(f) != 0 || h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency IMMIGRATION --list"
	    " wanted '%s/tests/data/links/watchlist-immigration.csv'",
	    h_root()) != 0)
		return -1;
	return h_vborder(&env, NOW " --config '%s' run",
	    h_path(&env, "vborder.conf"));
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static char *
one_value(const char *query)
{
	return h_db_value(&env, query);
}

static void
db_says(const char *query, const char *expect)
{
	char *v = one_value(query);

	assert_non_null(v);
	assert_string_equal(v, expect);
	free(v);
}

/* Who ran what, where, with which version, how it ended, what it did. */
static void
run_records(void **state)
{
	(void)state;
	db_says("SELECT count(*) FROM vborder.run WHERE command = 'run'"
	    " AND exit_code = 0 AND status = 'done' AND os_user IS NOT NULL"
	    " AND host IS NOT NULL AND version IS NOT NULL"
	    " AND db_user = current_user", "1");
	db_says("SELECT counts->'ingest'->'files'->>'stored' FROM vborder.run"
	    " WHERE command = 'run'", "5");
	db_says("SELECT counts->'screen'->>'person_hits' FROM vborder.run"
	    " WHERE command = 'run'", "1");
	db_says("SELECT counts->'targets'->>'lists' FROM vborder.run"
	    " WHERE command = 'run'", "3");
	db_says("SELECT counts->>'loaded' FROM vborder.run"
	    " WHERE command = 'watchlist load'", "1");
}

/* Lists first written at 06:00 UTC: 12 h 05 min before XA401 lands. */
static void
lead_time(void **state)
{
	(void)state;
	db_says("SELECT first_lead_minutes FROM vborder.target_list l"
	    " JOIN vborder.arrival a ON a.id = l.arrival_id"
	    " WHERE a.transport_id = 'XA401'", "725");
	VB(0, NOW " report lead-time --from 2026-12-01 --to 2026-12-01");
	assert_true(h_contains(env.out, "carrier  XA              1    12 h 05 min"
	    "    12 h 05 min                    0"));
	assert_true(h_contains(env.out, "carrier  XB              1    12 h 50 min"));
	assert_true(h_contains(env.out, "port     JFK             3    12 h 05 min"
	    "    12 h 05 min                    0"));
}

static void
status_healthy(void **state)
{
	(void)state;
	VB(0, NOW " --config '%s' status", h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.out, "run                2026-12-01 06:00"));
	assert_true(h_contains(env.out, "Arrivals due in the next 72 h without a"
	    " list: 0"));
	assert_true(h_contains(env.out, "Lead time of the 3 arrivals first listed"
	    " in the last 24 h: median 12 h 05 min, worst 12 h 05 min, 0 listed"
	    " only after arrival"));
	assert_true(h_contains(env.out, "Healthy"));
	/* The next day: Rossi's arrival passed, nobody recorded an outcome. */
	VB(0, "--now 2026-12-02T00:00:00Z --config '%s' status",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.out, "High targets without an outcome on"
	    " arrivals that have passed: 1, on 1 arrivals"));
}

/*
 * Proof of screening: each arrival's last screen and the versions it used;
 * a message that came after it, not screened before the arrival, is
 * reported.
 */
static void
proof_of_screening(void **state)
{
	(void)state;
	VB(0, "--now 2026-12-02T00:00:00Z report screening --from 2026-12-01"
	    " --to 2026-12-01");
	assert_true(h_contains(env.out, "XA401 FRA-JFK arriving 2026-12-01 13:05:"
	    " last message 2026-12-01 06:00; screened 2026-12-01 06:00 (run"));
	assert_true(h_contains(env.out, "against IMMIGRATION/wanted v1; rules"
	    " none"));
	assert_true(h_contains(env.out, "0 arrived without a screen after their"
	    " last message"));
	/* A new push after the screen, stored but never screened. */
	assert_int_equal(h_sh("sed 's/LKA0001/LKA0002/' '%s/tests/data/links/XA/"
	    "pnr-xa401.edi' > '%s/dropbox/XA/incoming/push2.edi'", h_root(),
	    env.tmp), 0);
	VB(0, "--now 2026-12-01T07:00:00Z --config '%s' ingest",
	    h_path(&env, "vborder.conf"));
	VB(0, "--now 2026-12-02T00:00:00Z report screening --from 2026-12-01"
	    " --to 2026-12-01");
	assert_true(h_contains(env.out, "NOT SCREENED after its last message,"
	    " ARRIVED so"));
	assert_true(h_contains(env.out, "1 arrived without a screen after their"
	    " last message"));
	VB(0, "--now 2026-12-02T00:00:00Z --config '%s' status",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.out, "Arrivals of the last 24 h that arrived"
	    " without a screen after their last message: 1"));
}

/*
 * XA sent PNRs for XA401 (FRA 10:30, 09:30 UTC) but no API list: at 08:45
 * UTC, within the hour before departure, a notice goes to XA's outbox and
 * status lists it; the API list resolves it.
 */
static void
missing_data_notice(void **state)
{
	json_t *n;

	(void)state;
	VB(0, "--now 2026-12-01T08:45:00Z --config '%s' run",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.errout, "notices: 1 missing-data notice"
	    " issued, 0 resolved"));
	assert_non_null(n = h_json(h_path(&env, "dropbox/XA/outbox/"
	    "notice-N1.json")));
	assert_string_equal(json_string_value(json_object_get(n, "format")),
	    "vborder-notice/1");
	assert_string_equal(json_string_value(json_object_get(n, "kind")),
	    "missing-api");
	assert_string_equal(json_string_value(json_object_get(json_object_get(n,
	    "conveyance"), "transport_id")), "XA401");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(n,
	    "detail"), "pnr_travellers")), 5);
	json_decref(n);
	/* XB502 leaves CDG at 10:15 UTC: not yet due. */
	assert_false(h_exists(h_path(&env, "dropbox/XB/outbox/notice-N2.json")));
	VB(0, "--now 2026-12-01T08:46:00Z --config '%s' status",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.out, "Open missing-data notices: 1\n"
	    "  missing-api to XA for XA401 FRA-JFK, issued 2026-12-01 08:45 UTC"));
	assert_int_equal(h_sh("cp '%s/tests/data/links/api-xa401.edi'"
	    " '%s/dropbox/XA/incoming/'", h_root(), env.tmp), 0);
	VB(0, "--now 2026-12-01T08:50:00Z --config '%s' run",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.errout, "0 missing-data notices issued, 1"
	    " resolved"));
	VB(0, "--now 2026-12-01T08:51:00Z --config '%s' status",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.out, "Open missing-data notices: 0"));
}

/* A carrier's file waiting longer than the limit: 75, and which carrier. */
static void
status_backlog(void **state)
{
	(void)state;
	assert_int_equal(h_sh("cp '%s/tests/data/links/XB/pnr-xb502.edi'"
	    " '%s/dropbox/XB/incoming/late.edi'", h_root(), env.tmp), 0);
	/* Long after its upload (the inode's change time, not the carrier's mtime). */
	VB(75, "--now 2099-01-01T00:00:00Z --config '%s' status",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.out, "XB       1 file, the oldest waiting"));
	assert_true(h_contains(env.out, ": too long"));
	assert_true(h_contains(env.out, "Unhealthy: files have waited too long"));
	assert_int_equal(h_sh("rm '%s/dropbox/XB/incoming/late.edi'", env.tmp), 0);
}

/* The last run failed (its lists could not be written): 75. */
static void
status_failed_run(void **state)
{
	(void)state;
	assert_int_equal(h_sh("touch '%s/not-a-folder'", env.tmp), 0);
	assert_int_not_equal(h_vborder(&env, NOW " --config '%s' run --out"
	    " '%s/not-a-folder'", h_path(&env, "vborder.conf"), env.tmp), 0);
	db_says("SELECT status FROM vborder.run WHERE command = 'run'"
	    " ORDER BY id DESC LIMIT 1", "failed");
	VB(75, NOW " --config '%s' status", h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.out, "Unhealthy: the last run failed;"));
}

/*
 * A run with nothing new (no file, list, rule, outcome, sharing or
 * arrival in the window changed, the same day) leaves screening and the
 * lists as they were; any of those changing screens again.
 */
static void
nothing_new(void **state)
{
	const char *list = h_path(&env, "out/2026-12-01/XA401_FRA-JFK.json");

	(void)state;
	VB(0, NOW " --config '%s' run", h_path(&env, "vborder.conf"));
	assert_int_equal(h_sh("touch -d 2000-01-01T00:00:00Z '%s'", list), 0);
	VB(0, NOW " --config '%s' run", h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.errout, "nothing a list depends on changed"));
	assert_int_equal(h_sh("test \"$(stat -c %%Y '%s')\" = 946684800", list),
	    0);
	/* Its run record says so. */
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM (SELECT counts"
	    " FROM vborder.run WHERE command = 'run' ORDER BY id DESC LIMIT 1) r"
	    " WHERE (counts->>'unchanged')::boolean"), 1);
	/* A new version of a list: screened again, the list rewritten. */
	VB(0, NOW " watchlist load --agency IMMIGRATION --list wanted --replace"
	    " '%s/tests/data/links/watchlist-immigration.csv'", h_root());
	VB(0, NOW " --config '%s' run", h_path(&env, "vborder.conf"));
	assert_false(h_contains(env.errout, "nothing a list depends on changed"));
	assert_int_not_equal(h_sh("test \"$(stat -c %%Y '%s')\" = 946684800",
	    list), 0);
	/*
	 * Another day, the same arrivals in the window (none, once they
	 * landed): rules' validity and entries' expiry go by dates.
	 */
	VB(0, "--now 2026-12-01T23:58:00Z --config '%s' run",
	    h_path(&env, "vborder.conf"));
	VB(0, "--now 2026-12-01T23:59:00Z --config '%s' run",
	    h_path(&env, "vborder.conf"));
	assert_true(h_contains(env.errout, "nothing a list depends on changed"));
	VB(0, "--now 2026-12-02T00:01:00Z --config '%s' run",
	    h_path(&env, "vborder.conf"));
	assert_false(h_contains(env.errout, "nothing a list depends on changed"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_records),
		cmocka_unit_test(lead_time),
		cmocka_unit_test(status_healthy),
		cmocka_unit_test(proof_of_screening),
		cmocka_unit_test(missing_data_notice),
		cmocka_unit_test(status_backlog),
		cmocka_unit_test(status_failed_run),
		cmocka_unit_test(nothing_new),
	};

	return cmocka_run_group_tests_name("operations", tests, setup, teardown);
}
