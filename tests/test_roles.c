/*
 * Least privilege (issue 13, README "Database roles"): after `db roles`,
 * a login in each group role connects and does its job, and is refused
 * what is not its job, on a throwaway PostgreSQL with tests/data/links/
 * (ROSSI MARIO on XA401 is on IMMIGRATION's list). The owner (the
 * harness's user) made the roles and the logins.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "harness.h"

#define NOW	"--now 2026-12-01T06:00:00Z"
#define XA401	"out/2026-12-01/XA401_FRA-JFK.json"
#define CSV	"tests/data/links/watchlist-immigration.csv"
#define RULES	"tests/data/rules/cargo.json"

static struct h_env env;
static char owner[sizeof(env.conninfo)];

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

/* Later commands connect as login (NULL: the owner again). */
static void
as(const char *login)
{
	(void)strlcpy(env.conninfo, owner, sizeof(env.conninfo));
	if (login != NULL) {
		(void)strlcat(env.conninfo, " user=", sizeof(env.conninfo));
		(void)strlcat(env.conninfo, login, sizeof(env.conninfo));
	}
}

/* Runs sql as the current login: 1 when it succeeds, 0 when refused. */
static int
sql_ok(const char *sql)
{
	PGconn *db = PQconnectdb(env.conninfo);
	PGresult *res;
	int ok;

	assert_int_equal(PQstatus(db), CONNECTION_OK);
	res = PQexec(db, sql);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK ||
	    PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		assert_non_null(strstr(PQresultErrorMessage(res),
		    "permission denied"));
	PQclear(res);
	PQfinish(db);
	return ok;
}

static long
num(const char *sql)
{
	long n = h_db_long(&env, sql);

	assert_true(n >= 0);
	return n;
}

/* The command was refused by the database, and said so. */
static void
refused(void)
{
	assert_true(h_contains(env.errout, "permission denied"));
}

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	(void)strlcpy(owner, env.conninfo, sizeof(owner));
	if (h_links_dropbox(&env, "dropbox") != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, "db roles") != 0 ||
	    h_sh("psql -X -q -v ON_ERROR_STOP=1 '%s' -c 'CREATE ROLE ingest_job"
	    " LOGIN IN ROLE vborder_ingest; CREATE ROLE list_owner LOGIN IN ROLE"
	    " vborder_lists; CREATE ROLE screen_job LOGIN IN ROLE vborder_screen;"
	    " CREATE ROLE officer_k LOGIN IN ROLE vborder_officer;"
	    " CREATE ROLE cron_run LOGIN IN ROLE vborder_ingest, vborder_screen'",
	    owner) != 0)
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

/* List owners load lists and rules, and read no carrier data. */
static void
lists(void **state)
{
	(void)state;
	as("list_owner");
	VB(0, NOW " watchlist load --agency IMMIGRATION --list wanted '%s/" CSV "'",
	    h_root());
	VB(0, NOW " rules load --agency CUSTOMS '%s/" RULES "'", h_root());
	assert_false(sql_ok("SELECT count(*) FROM vborder.person"));
	assert_false(sql_ok("SELECT count(*) FROM vborder.carrier_file"));
	assert_false(sql_ok("SELECT count(*) FROM vborder.audit"));
	VB(70, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	refused();
	as(NULL);
}

/* Ingest stores what carriers send and cannot touch lists or rules. */
static void
ingest(void **state)
{
	(void)state;
	as("screen_job");
	/* Not the screen's job: the files stay waiting, none lost. */
	assert_int_not_equal(h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'",
	    env.tmp), 0);
	assert_true(h_exists(h_path(&env, "dropbox/XA/incoming/pnr-xa401.edi")));
	as("ingest_job");
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/pnr-xa401.edi")));
	VB(70, NOW " watchlist load --agency IMMIGRATION --list wanted --replace"
	    " '%s/" CSV "'", h_root());
	refused();
	VB(70, NOW " rules load --agency CUSTOMS '%s/" RULES "'", h_root());
	refused();
	assert_false(sql_ok("DELETE FROM vborder.watchlist_entry"));
	assert_false(sql_ok("UPDATE vborder.rule SET weight = 0"));
	assert_false(sql_ok("DELETE FROM vborder.hit"));
	assert_false(sql_ok("SELECT count(*) FROM vborder.audit"));
	VB(70, NOW " screen");
	refused();
	as(NULL);
}

/* Screening reads all and writes its results, and changes no list or outcome. */
static void
screen(void **state)
{
	(void)state;
	as("screen_job");
	VB(0, NOW " screen");
	VB(0, NOW " targets --out '%s/out'", env.tmp);
	assert_true(h_exists(h_path(&env, XA401)));
	VB(70, NOW " watchlist load --agency IMMIGRATION --list wanted --replace"
	    " '%s/" CSV "'", h_root());
	refused();
	assert_false(sql_ok("INSERT INTO vborder.outcome (target_id, outcome,"
	    " recorded_by, recorded_at) SELECT id, 'no-action', 'x', now()"
	    " FROM vborder.target LIMIT 1"));
	assert_false(sql_ok("UPDATE vborder.person SET name_raw = 'X'"));
	assert_false(sql_ok("DELETE FROM vborder.rule"));
	/* The cron job's login holds both jobs' roles. */
	as("cron_run");
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	/* And as one of workers that share a run: claims, screen parts, lists. */
	assert_int_equal(h_sh("sed 's/LKA0003/LKA0095/g'"
	    " '%s/tests/data/links/api-xa401.edi'"
	    " > '%s/dropbox/XA/incoming/api.edi'", h_root(), env.tmp), 0);
	VB(0, NOW " run --worker --dropbox '%s/dropbox' --out '%s/out'", env.tmp,
	    env.tmp);
	assert_true(h_contains(env.errout, "1 files stored"));
	assert_true(h_contains(env.errout, "lists with"));
	as(NULL);
}

/*
 * A login allowed one connection still gets every list: the threads that
 * share the lists (one per core) cannot connect, the first writes them
 * all, and the log says why they were slower.
 */
static void
one_connection(void **state)
{
	(void)state;
	assert_int_equal(h_sh("psql -X -q -v ON_ERROR_STOP=1 '%s' -c 'CREATE"
	    " ROLE lone_job LOGIN CONNECTION LIMIT 1 IN ROLE vborder_screen'",
	    owner), 0);
	as("lone_job");
	VB(0, NOW " targets --out '%s/lone'", env.tmp);
	assert_true(h_contains(env.errout, "targets: 3 lists"));
	assert_true(h_exists(h_path(&env, "lone/2026-12-01/XA401_FRA-JFK.json")));
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		assert_true(h_contains(env.errout, "warning: targets: a thread"
		    " writing lists could not connect") &&
		    h_contains(env.errout, "the others wrote its share"));
	as(NULL);
}

/* Officers read the targets only, and record outcomes. */
static void
officer(void **state)
{
	json_t *l;
	char id[64];
	long all;

	(void)state;
	assert_non_null(l = h_json(h_path(&env, XA401)));
	(void)strlcpy(id, json_string_value(json_object_get(h_target(l,
	    "ROSSI MARIO"), "id")), sizeof(id));
	json_decref(l);
	all = num("SELECT count(*) FROM vborder.person");
	as("officer_k");
	VB(0, NOW " outcome record %s --outcome false-positive --note"
	    " 'born elsewhere'", id);
	/* Only records with a reason: never the whole manifest. */
	assert_true(num("SELECT count(*) FROM vborder.person") > 0);
	assert_true(num("SELECT count(*) FROM vborder.person") < all);
	assert_int_equal(num("SELECT count(*) FROM vborder.person p"
	    " WHERE NOT EXISTS (SELECT 1 FROM vborder.hit h"
	    "  WHERE h.person_id = p.id) AND NOT EXISTS (SELECT 1"
	    "  FROM vborder.link_hit h WHERE h.person_id = p.id) AND NOT EXISTS"
	    " (SELECT 1 FROM vborder.rule_hit h WHERE h.person_id = p.id)"), 0);
	assert_false(sql_ok("SELECT count(*) FROM vborder.pnr"));
	assert_false(sql_ok("SELECT count(*) FROM vborder.carrier_file"));
	assert_false(sql_ok("SELECT count(*) FROM vborder.screened"));
	assert_false(sql_ok("UPDATE vborder.outcome SET outcome = 'seized'"));
	assert_false(sql_ok("DELETE FROM vborder.outcome"));
	VB(70, NOW " screen");
	refused();
	VB(70, NOW " watchlist load --agency IMMIGRATION --list wanted --replace"
	    " '%s/" CSV "'", h_root());
	refused();
	as(NULL);
	assert_int_equal(num("SELECT count(*) FROM vborder.outcome"
	    " WHERE db_user = 'officer_k'"), 1);
}

/* Running db roles again (and migrate, once the roles exist) changes nothing. */
static void
again(void **state)
{
	(void)state;
	VB(0, "db roles");
	VB(0, "db migrate");
	assert_true(h_contains(env.errout, "have their grants"));
	as("officer_k");
	assert_false(sql_ok("SELECT count(*) FROM vborder.pnr"));
	as(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists),
		cmocka_unit_test(ingest),
		cmocka_unit_test(screen),
		cmocka_unit_test(one_connection),
		cmocka_unit_test(officer),
		cmocka_unit_test(again),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
