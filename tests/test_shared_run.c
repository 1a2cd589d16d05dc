/*
 * A run shared by workers (issue 14, `run --worker`, core/work/): three
 * worker processes started at once on one dropbox store every file once,
 * screen every arrival once, and write exactly the lists (and the day's
 * index) one `run` writes from the same files into another database. A worker that dies holding a unit leaves it to the
 * others; a round whose workers all died is closed as abandoned and its
 * files are taken by the next. The files are tests/data/links/ with the
 * API lists of XA401 and XB502 beside their PNRs.
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
static char one[sizeof(env.conninfo)], shared[sizeof(env.conninfo)];

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_links_database(&env, NULL, shared, sizeof(shared)) == -1 ||
	    h_links_database(&env, "single", one, sizeof(one)) == -1 ||
	    h_links_api_dropbox(&env, "drop1") != 0 ||
	    h_links_api_dropbox(&env, "drop3") != 0)
		return -1;
	/* What one run writes from the files: the lists the workers must write. */
	h_env_use(&env, one);
	return h_vborder(&env, NOW " run --format json,html --dropbox '%s/drop1'"
	    " --out '%s/out1'", env.tmp, env.tmp) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/*
 * psql in the background on the workers' database: sql (locks a worker or
 * a command would hold), then it touches TMP/marker and holds them secs
 * seconds before it exits. 0 once they are held.
 */
static int
hold(const char *sql, const char *marker, int secs)
{
	return h_sh("cd '%s' || exit 1; (psql -X -q '%s' <<'EOF'\n%s\n"
	    "\\! touch %s\nSELECT pg_sleep(%d);\nEOF\n) >/dev/null 2>&1 &"
	    " for i in $(seq 100); do test -e %s && break; sleep 0.1; done;"
	    " test -e %s", env.tmp, shared, sql, marker, secs, marker, marker);
}

/*
 * A round as a worker would have opened it minutes_ago, in stage, with the
 * clock now and the window of 72 hours, and no worker in it: its id.
 */
static long
open_round(const char *stage, const char *now, int minutes_ago)
{
	char ago[16];
	const char *p[] = {stage, now, ago};

	(void)snprintf(ago, sizeof(ago), "%d", minutes_ago);
	return h_db_long_p(&env, "INSERT INTO vborder.work_round (stage, now,"
	    " hours, opened_at) VALUES ($1, $2::timestamptz, 72,"
	    " clock_timestamp() - make_interval(mins => $3::int)) RETURNING id",
	    3, p);
}

/* Three workers at once, each with its log in DIR/workerN.log. 0 when all exit 0. */
static int
three_workers(const char *now, const char *drop, const char *out)
{
	return h_sh("cd '%s' && for i in 1 2 3; do '%s' --db '%s' %s run"
	    " --worker --format json,html --dropbox %s --out %s >worker$i.log"
	    " 2>&1 & pids=\"$pids"
	    " $!\"; done; rc=0; for p in $pids; do wait $p || rc=1; done;"
	    " exit $rc",
	    env.tmp, h_bin(), shared, now, drop, out);
}

/* The sum over the workers' run records of counts PATH (a jsonb path). */
static long
workers_sum(const char *path)
{
	const char *p[] = {path};

	return h_db_long_p(&env, "SELECT coalesce(sum((counts #>> $1::text[])"
	    "::int), 0) FROM vborder.run WHERE command = 'run'"
	    " AND counts ? 'round'", 1, p);
}

/* The work units of stage, in every round. */
static long
units(const char *stage)
{
	const char *p[] = {stage};

	return h_db_long_p(&env, "SELECT count(*) FROM vborder.work_unit"
	    " WHERE stage = $1", 1, p);
}

static void
three_workers_write_one_runs_lists(void **state)
{
	(void)state;
	h_env_use(&env, shared);
	assert_int_equal(three_workers(NOW, "drop3", "out3"), 0);
	/* Every file stored once, between them. */
	assert_int_equal(workers_sum("{ingest,files,stored}"), 7);
	assert_int_equal(workers_sum("{worker,files}"), 7);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM"
	    " vborder.carrier_file"), 7);
	/* Each unit done, once; one worker wrote the lists. */
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.work_unit"
	    " WHERE done_at IS NULL OR done_by IS NULL"), 0);
	assert_int_equal(units("screen"), 3);
	assert_int_equal(units("lists"), 3);
	assert_int_equal(units("links"), 1);
	/* The lists written between them; one closed the round. */
	assert_int_equal(workers_sum("{targets,lists}"), 3);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.run"
	    " WHERE counts ? 'inputs' AND counts ? 'round'"), 1);
	assert_int_equal(h_sh("test -s '%s/out1/2026-12-01/index.html' &&"
	    " test -s '%s/out3/2026-12-01/index.html'", env.tmp, env.tmp), 0);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.work_round"
	    " WHERE outcome = 'done'"), 1);
	assert_int_equal(h_sh("'%s/tests/same-lists' '%s/out1' '%s/out3'"
	    " >/dev/null", h_root(), env.tmp, env.tmp), 0);
	/* ROSSI MARIO's API and PNR records, stored by two workers, are one traveller. */
	assert_int_equal(h_db_long(&env, "SELECT count(DISTINCT traveller_id)"
	    " FROM vborder.person WHERE name_norm LIKE 'ROSSI%'"), 1);
	assert_int_equal(h_sh("test -z \"$(ls -A '%s'/drop3/*/incoming"
	    " '%s'/drop3/*/processing | grep -v '^/\\|:$\\|^$')\"", env.tmp,
	    env.tmp), 0);
}

/* Nothing new: one round, the lists left as they were, in a moment. */
static void
nothing_new(void **state)
{
	(void)state;
	h_env_use(&env, shared);
	assert_int_equal(three_workers(NOW, "drop3", "out3"), 0);
	assert_int_equal(h_sh("cat '%s'/worker?.log | grep -q 'nothing a list"
	    " depends on changed'", env.tmp), 0);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.work_unit"
	    " u JOIN vborder.work_round r ON r.id = u.round_id"
	    " WHERE r.id = (SELECT max(id) FROM vborder.work_round)"), 0);
	assert_int_equal(h_sh("'%s/tests/same-lists' '%s/out1' '%s/out3'"
	    " >/dev/null", h_root(), env.tmp, env.tmp), 0);
}

/*
 * A later round, for XA401's API list sent again: its links unit links
 * what the round's screen took, and the links are those of a screen of the
 * whole window.
 */
static void
a_later_round_links_what_it_took(void **state)
{
	char *before, *after;

	(void)state;
	h_env_use(&env, shared);
	assert_int_equal(h_sh("sed 's/LKA0003/LKA0095/g'"
	    " '%s/tests/data/links/api-xa401.edi'"
	    " > '%s/drop3/XA/incoming/again.edi'", h_root(), env.tmp), 0);
	assert_int_equal(three_workers(NOW, "drop3", "out3"), 0);
	/* It read the identifiers of XA401 alone, not the whole window's. */
	assert_int_equal(h_sh("n=$(sed -n 's/.*links: \\([0-9]*\\) identifiers"
	    " compared.*/\\1/p' '%s'/worker?.log);"
	    " test -n \"$n\" && test \"$n\" -gt 0 && test \"$n\" -lt %ld",
	    env.tmp, h_db_long(&env, "SELECT count(*) FROM vborder.link_value")),
	    0);
	before = h_link_hits(&env);
	assert_non_null(before);
	VB(0, NOW " screen --full");
	after = h_link_hits(&env);
	assert_non_null(after);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/*
 * A worker that dies holding a unit: psql plays it (in the round, holding
 * the unit of XA's new API list), then exits; the real worker, which came
 * meanwhile, does every other unit, waits for that one, and takes it over.
 */
static void
dead_workers_unit_taken_over(void **state)
{
	(void)state;
	h_env_use(&env, shared);
	assert_int_equal(h_sh("d='%s/drop3'; sed 's/LKA0003/LKA0098/g'"
	    " '%s/tests/data/links/api-xa401.edi' > $d/XA/processing/resend.edi"
	    " && sed 's/LKA0003/LKA0097/g' '%s/tests/data/links/api-xa401.edi'"
	    " > $d/XA/processing/other.edi", env.tmp, h_root(), h_root()), 0);
	assert_true(open_round("ingest", "2026-12-01T07:00:00Z", 0) > 0);
	assert_int_equal(h_db_long(&env, "WITH u AS (INSERT INTO"
	    " vborder.work_unit (round_id, stage, key) SELECT id, 'ingest', k"
	    " FROM vborder.work_round, unnest(ARRAY[E'XA\\tresend.edi',"
	    " E'XA\\tother.edi']) k WHERE closed_at IS NULL RETURNING 1)"
	    " SELECT count(*) FROM u"), 2);
	assert_int_equal(hold("SELECT pg_advisory_lock_shared(76240104,"
	    " (id % 2147483647)::int) FROM vborder.work_round"
	    " WHERE closed_at IS NULL; BEGIN; SELECT id FROM vborder.work_unit"
	    " WHERE key = E'XA\\tresend.edi' FOR UPDATE;", "held", 2), 0);
	VB(0, "--now 2026-12-01T07:00:00Z run --worker --dropbox '%s/drop3'"
	    " --out '%s/out3'", env.tmp, env.tmp);
	assert_true(h_contains(env.errout, "joined round"));
	assert_true(h_contains(env.errout, "2 files stored"));
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.work_unit"
	    " WHERE done_at IS NULL"), 0);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM"
	    " vborder.carrier_file WHERE file_name IN ('resend.edi', 'other.edi')"), 2);
}

/* Every worker of a round died: the next closes it and takes its files. */
static void
abandoned_round(void **state)
{
	(void)state;
	h_env_use(&env, shared);
	assert_int_equal(h_sh("sed 's/LKA0003/LKA0096/g'"
	    " '%s/tests/data/links/api-xa401.edi'"
	    " > '%s/drop3/XA/processing/left.edi'", h_root(), env.tmp), 0);
	assert_true(open_round("screen", "2026-12-01T07:00:00Z", 0) > 0);
	VB(0, "--now 2026-12-01T08:00:00Z run --worker --dropbox '%s/drop3'"
	    " --out '%s/out3'", env.tmp, env.tmp);
	assert_true(h_contains(env.errout, "opened with 1 file waiting"));
	assert_true(h_contains(env.errout, "1 files stored"));
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM vborder.work_round"
	    " WHERE outcome = 'abandoned'"), 1);
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM"
	    " vborder.work_round WHERE closed_at IS NULL"), 0);
	/* Operations see it. */
	(void)h_vborder(&env, "--now 2026-12-01T08:00:00Z status");
	assert_true(h_contains(env.out, "abandoned"));
	assert_true(h_contains(env.out, "0 of 0 units done by 0 workers"));
}

/* A worker beside a command that runs alone, and a worker with workers of its own. */
static void
refused(void **state)
{
	(void)state;
	h_env_use(&env, shared);
	VB(64, "run --worker --workers 2 --dropbox '%s/drop3' --out '%s/out3'",
	    env.tmp, env.tmp);
	assert_int_equal(hold("SELECT pg_advisory_lock(7624010201);", "alone",
	    3), 0);
	VB(75, "run --worker --dropbox '%s/drop3' --out '%s/out3'", env.tmp,
	    env.tmp);
	assert_true(h_contains(env.errout, "holds the run lock alone"));
}

/* A round open longer than [status] max_backlog_minutes: stuck, unhealthy. */
static void
stuck_round(void **state)
{
	(void)state;
	h_env_use(&env, shared);
	assert_true(open_round("screen", "2026-12-01T09:00:00Z", 24 * 60) > 0);
	VB(75, "--now 2026-12-01T09:00:00Z status");
	assert_true(h_contains(env.out, "open, screen"));
	assert_true(h_contains(env.out, "open too long"));
	assert_true(h_contains(env.out, "workers' round open too long"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_workers_write_one_runs_lists),
		cmocka_unit_test(nothing_new),
		cmocka_unit_test(a_later_round_links_what_it_took),
		cmocka_unit_test(dead_workers_unit_taken_over),
		cmocka_unit_test(abandoned_round),
		cmocka_unit_test(refused),
		cmocka_unit_test(stuck_round),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
