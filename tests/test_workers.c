/*
 * Ingest by several processes at once (issue 14, `--workers`): the same
 * carrier files, stored by three workers into one database and by one
 * process into another, give the same travellers and the same target
 * lists. The files are tests/data/links/ with the API lists of XA401 and
 * XB502 beside their PNRs, so that a traveller's records come in different
 * files that different workers store at the same time. (The files agree
 * on their flights' schedules: where two disagree, the one stored last
 * wins, and with workers which is last is not fixed.)
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
static char one[sizeof(env.conninfo)], three[sizeof(env.conninfo)];

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_links_database(&env, NULL, three, sizeof(three)) == -1 ||
	    h_links_database(&env, "single", one, sizeof(one)) == -1)
		return -1;
	return h_links_api_dropbox(&env, "drop1") != 0 ||
	    h_links_api_dropbox(&env, "drop3") != 0 ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

#define TRAVELLERS "SELECT count(DISTINCT traveller_id) FROM vborder.person"
#define RECORDS "SELECT count(*) FROM vborder.person"

static void
three_workers_as_one(void **state)
{
	long travellers, records;

	(void)state;
	h_env_use(&env, one);
	VB(0, NOW " run --dropbox '%s/drop1' --out '%s/out1'", env.tmp, env.tmp);
	travellers = h_db_long(&env, TRAVELLERS);
	records = h_db_long(&env, RECORDS);
	assert_true(travellers > 0 && records > travellers);

	h_env_use(&env, three);
	VB(0, NOW " run --workers 3 --dropbox '%s/drop3' --out '%s/out3'",
	    env.tmp, env.tmp);
	assert_true(h_contains(env.errout, "7 files stored, 0 duplicate,"
	    " 0 rejected"));
	assert_int_equal(h_db_long(&env, TRAVELLERS), travellers);
	assert_int_equal(h_db_long(&env, RECORDS), records);
	/* ROSSI MARIO's API and PNR records are one traveller. */
	assert_int_equal(h_db_long(&env, "SELECT count(DISTINCT traveller_id)"
	    " FROM vborder.person WHERE name_norm LIKE 'ROSSI%'"), 1);
	assert_int_equal(h_sh("'%s/tests/same-lists' '%s/out1' '%s/out3'"
	    " >/dev/null", h_root(), env.tmp, env.tmp), 0);
	/* Nothing left behind: every file archived. */
	assert_int_equal(h_sh("test -z \"$(ls '%s'/drop3/*/incoming"
	    " '%s'/drop3/*/processing 2>/dev/null | grep -v '^/\\|:$\\|^$')\"",
	    env.tmp, env.tmp), 0);
}

/* The same new bytes under many names at once: one stored, the rest duplicates. */
static void
same_file_at_once(void **state)
{
	(void)state;
	h_env_use(&env, three);
	assert_int_equal(h_sh("mkdir -p '%s/dup/XA/incoming' && sed"
	    " 's/LKA0003/LKA0099/g' '%s/tests/data/links/api-xa401.edi'"
	    " > '%s/resend.edi' && for i in 1 2 3 4 5 6 7 8; do cp"
	    " '%s/resend.edi' '%s/dup/XA/incoming/resend-'$i.edi; done",
	    env.tmp, h_root(), env.tmp, env.tmp, env.tmp), 0);
	VB(0, "--now 2026-12-01T07:00:00Z ingest --workers 4 --dropbox"
	    " '%s/dup'", env.tmp);
	assert_true(h_contains(env.errout, "1 stored, 7 duplicate, 0 rejected"));
}

/* A worker count out of range is a usage error. */
static void
bad_count(void **state)
{
	(void)state;
	VB(64, "ingest --workers 0 --dropbox '%s/drop3'", env.tmp);
	VB(64, "run --workers 99 --dropbox '%s/drop3' --out '%s/out3'", env.tmp,
	    env.tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_workers_as_one),
		cmocka_unit_test(same_file_at_once),
		cmocka_unit_test(bad_count),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
