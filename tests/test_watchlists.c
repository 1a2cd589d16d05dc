/*
 * Several agencies' watchlists, as list owners deliver them, against the
 * people of flight XA401 (tests/data/e2e): the three formats, a delta load
 * that withdraws an entry, a replacing load, a refused load, expiry, the
 * sharing rule of targets --for, and the nightly refresh from a drop
 * folder; then what protects a list from a bad file: an upload still in
 * progress, a file cut short, a replace that would withdraw too much, and
 * a row mistyped. Lists are in tests/data/e2e/watchlists and
 * tests/data/watchlists, or written here where a test needs many rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define NOW	"--now 2026-11-24T22:00:00Z"
#define E2E	"tests/data/e2e/watchlists"
#define DATA	"tests/data/watchlists"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_sh("cp -R '%s/tests/data/e2e/dropbox' '%s/dropbox'", h_root(),
	    env.tmp) != 0 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'", env.tmp) != 65)
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

/* Screens and writes the lists (for one agency, or all with NULL); the JSON. */
static json_t *
list_for(const char *agency)
{
	VB(0, NOW " screen");
	if (agency == NULL)
		VB(0, NOW " targets --out '%s/out'", env.tmp);
	else
		VB(0, NOW " targets --for %s --out '%s/out-%s'", agency, env.tmp,
		    agency);
	return h_json(agency == NULL ?
	    h_path(&env, "out/2026-11-25/XA401_FRA-JFK.json") :
	    h_path(&env, "out-%s/2026-11-25/XA401_FRA-JFK.json", agency));
}

/* 1 when a reason of the list names entry (any subject). */
static int
has_entry(json_t *list, const char *entry)
{
	json_t *t, *r;
	size_t i, j;

	json_array_foreach(json_object_get(list, "targets"), i, t)
		json_array_foreach(json_object_get(t, "reasons"), j, r)
			if (strcmp(json_string_value(json_object_get(r, "entry_id")),
			    entry) == 0)
				return 1;
	return 0;
}

static int
has_agency(json_t *list, const char *agency)
{
	json_t *t, *r;
	size_t i, j;

	json_array_foreach(json_object_get(list, "targets"), i, t)
		json_array_foreach(json_object_get(t, "reasons"), j, r)
			if (strcmp(json_string_value(json_object_get(r, "agency")),
			    agency) == 0)
				return 1;
	return 0;
}

static void
three_formats(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " watchlist load --agency POLICE --list wanted '%s/" E2E
	    "/police-wanted.csv'", h_root());
	VB(0, NOW " watchlist load --agency FINANCE --list sanctions"
	    " --format opensanctions '%s/" DATA "/sanctions.targets.simple.csv'",
	    h_root());
	/* FollowTheMoney, gzip-compressed, its format told by its content. */
	assert_int_equal(h_sh("gzip -c '%s/" DATA "/interpol.ftm.jsonl' >"
	    " '%s/interpol.jsonl.gz'", h_root(), env.tmp), 0);
	VB(0, NOW " watchlist load --agency INTERPOL --list notices --format auto"
	    " '%s/interpol.jsonl.gz'", env.tmp);
	VB(0, "watchlist ls");
	assert_true(h_contains(env.out, "opensanctions"));
	assert_true(h_contains(env.out, "ftm"));

	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "NK-7QvBmX2"));	/* ROSSI, OpenSanctions */
	assert_true(has_entry(l, "ip-person-1"));	/* NOWAK, FtM, passport part */
	assert_true(has_entry(l, "ip-person-2"));	/* O'BRIEN */
	assert_true(has_entry(l, "POL-18"));
	json_decref(l);
}

/* A delta load withdraws one entry; a replacing load keeps only its own. */
static void
delta_then_replace(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " watchlist load --agency POLICE --list wanted '%s/" DATA
	    "/police-withdraw.csv'", h_root());
	assert_non_null(l = list_for(NULL));
	assert_false(has_entry(l, "POL-18"));
	assert_true(has_entry(l, "POL-17"));
	assert_true(has_entry(l, "POL-19"));
	json_decref(l);

	VB(0, NOW " watchlist load --agency POLICE --list wanted --replace '%s/"
	    DATA "/police-only-garcia.csv'", h_root());
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "POL-17"));
	assert_false(has_entry(l, "POL-19"));
	assert_false(has_entry(l, "POL-20"));
	json_decref(l);
}

/* Three bad rows of four: refused, and the previous version stays. */
static void
refused_load(void **state)
{
	json_t *l;

	(void)state;
	VB(65, NOW " watchlist load --agency POLICE --list wanted --replace '%s/"
	    DATA "/police-broken.csv'", h_root());
	assert_true(h_contains(env.errout, "line 2"));
	assert_true(h_contains(env.errout, "refused"));
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);
}

static void
expiry(void **state)
{
	json_t *l;

	(void)state;
	VB(0, NOW " watchlist load --agency BORDER --list watch '%s/" DATA
	    "/expiring.csv'", h_root());
	assert_non_null(l = list_for(NULL));
	assert_false(has_entry(l, "EXP-1"));	/* expired 2026-11-01 */
	assert_true(has_entry(l, "EXP-2"));
	json_decref(l);
}

/* POLICE shares with nobody: its hits reach only its own and the full list. */
static void
sharing(void **state)
{
	json_t *l;

	(void)state;
	VB(0, "watchlist share --agency POLICE --list wanted --with ''");
	assert_non_null(l = list_for("FINANCE"));
	assert_false(has_agency(l, "POLICE"));
	assert_true(has_entry(l, "NK-7QvBmX2"));
	assert_string_equal(json_string_value(json_object_get(l, "for_agency")),
	    "FINANCE");
	json_decref(l);
	/* Not in any of FINANCE's files, whatever the format. */
	assert_int_equal(h_sh("grep -rq POL-17 '%s/out-FINANCE'", env.tmp), 1);
	assert_non_null(l = list_for("POLICE"));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);

	VB(0, "watchlist share --agency POLICE --list wanted --with FINANCE");
	assert_non_null(l = list_for("FINANCE"));
	assert_true(has_entry(l, "POL-17"));
	json_decref(l);
	VB(64, "watchlist share --agency POLICE --list nosuchlist --all");
}

static void
refresh(void **state)
{
	const char *drop = h_path(&env, "drop");

	(void)state;
	assert_int_equal(h_sh("mkdir -p '%s/IMMIGRATION' '%s/CUSTOMS' &&"
	    " cp '%s/" E2E "/immigration-denied-entry.csv'"
	    " '%s/IMMIGRATION/denied-entry.csv' &&"
	    " gzip -c '%s/" DATA "/sanctions.targets.simple.csv'"
	    " > '%s/CUSTOMS/sanctions.csv.gz'", drop, drop, h_root(), drop,
	    h_root(), drop), 0);
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "IMMIGRATION/denied-entry: version 1"));
	assert_true(h_contains(env.errout, "CUSTOMS/sanctions: version 1"));
	assert_true(h_contains(env.errout, "opensanctions"));
	/* Each list's load is in the audit trail, as a load by hand is. */
	VB(0, NOW " report audit");
	assert_true(h_contains(env.out, "watchlist load  CUSTOMS/sanctions v1"));
	assert_true(h_contains(env.out, "\"by\": \"refresh\""));
	/* Nothing changed: nothing loaded. */
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "0 lists loaded, 2 unchanged"));
	/* A broken file is refused once, the previous version stays. */
	assert_int_equal(h_sh("cp '%s/" DATA "/police-broken.csv'"
	    " '%s/IMMIGRATION/denied-entry.csv'", h_root(), drop), 0);
	VB(65, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "refused, the previous version stays"));
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "2 unchanged"));
	VB(0, "watchlist ls");
	assert_true(h_contains(env.out, "denied-entry"));
}

/*
 * The version and the entries in force of one list, as `watchlist ls`
 * shows them; -1 when it does not show the list.
 */
static int
ls_list(const char *agency, const char *list, int *version, int *entries)
{
	char *out, *line, *save = NULL;
	int found = -1;

	VB(0, "watchlist ls");
	assert_non_null(out = h_slurp(env.out));
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char a[64], l[64];

		if (sscanf(line, "%63s %63s %d %d", a, l, version, entries) == 4 &&
		    strcmp(a, agency) == 0 && strcmp(l, list) == 0) {
			found = 0;
			break;
		}
	}
	free(out);
	return found;
}

static void
assert_list(const char *agency, const char *list, int version, int entries)
{
	int v = -1, n = -1;

	assert_int_equal(ls_list(agency, list, &v, &n), 0);
	assert_int_equal(v, version);
	assert_int_equal(n, entries);
}

/* José Antonio García is on XA401: an entry that hits when in force. */
#define GARCIA(id, born)	id ",person,José Antonio García,Pepe García," \
	born ",ES,,M,wanted,high,European arrest warrant\n"

/*
 * A list owner's native CSV under the temporary folder: the header, n
 * entries PREFIX-1.. nobody on the flight matches, then rows. Its path.
 */
static const char *
write_list(const char *name, const char *prefix, int n, const char *rows)
{
	const char *path = h_path(&env, "%s", name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "id,kind,name,aliases,birth_date,nationality,documents,"
	    "gender,category,severity,note\n");
	for (int i = 1; i <= n; i++)
		fprintf(f, "%s-%d,person,Quentin Zyxwv %d,,1960-01-%02d,NZL,,M,"
		    "wanted,medium,\"filler, %d\"\n", prefix, i, i, 1 + i % 28, i);
	fputs(rows, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* The first len bytes of file from into file to (both under the temporary folder). */
static void
cut_file(const char *from, const char *to, size_t len)
{
	size_t n;
	char *bytes = h_read(h_path(&env, "%s", from), &n);
	FILE *f;

	assert_non_null(bytes);
	assert_true(len < n);
	assert_non_null(f = fopen(h_path(&env, "%s", to), "w"));
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(bytes);
}

/* Where the nth line (1 the header) of a file under the temporary folder begins. */
static size_t
line_offset(const char *file, int nth)
{
	char *bytes = h_slurp(h_path(&env, "%s", file));
	const char *p = bytes;
	size_t off;

	assert_non_null(bytes);
	for (int i = 1; i < nth && p != NULL; i++)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	assert_non_null(p);
	off = (size_t)(p - bytes);
	free(bytes);
	return off;
}

/*
 * A file cut short (an upload broken off, a disk that filled) is refused
 * as a whole: the previous version stays, and the reason names the file
 * and the line where it ends.
 */
static void
cut_short_refused(void **state)
{
	json_t *l;
	size_t at;

	(void)state;
	write_list("cut-full.csv", "CUT", 30, GARCIA("CUT-GARCIA", "1978-01-22"));
	VB(0, NOW " watchlist load --agency CUTS --list wanted --replace '%s'",
	    h_path(&env, "cut-full.csv"));
	assert_list("CUTS", "wanted", 1, 31);

	/*
	 * Cut after the name of line 12: a row that would load (its other
	 * cells empty), and everyone after it would be withdrawn.
	 */
	at = line_offset("cut-full.csv", 12) + strlen("CUT-11,person,Quentin"
	    " Zyxwv 11");
	cut_file("cut-full.csv", "cut-row.csv", at);
	VB(65, NOW " watchlist load --agency CUTS --list wanted --replace '%s'",
	    h_path(&env, "cut-row.csv"));
	assert_true(h_contains(env.errout, "cut-row.csv: line 12:"));
	assert_true(h_contains(env.errout, "cut short"));
	/* Inside a quoted note: the quote never closes. */
	at = line_offset("cut-full.csv", 13) - 4;
	cut_file("cut-full.csv", "cut-quote.csv", at);
	VB(65, NOW " watchlist load --agency CUTS --list wanted '%s'",
	    h_path(&env, "cut-quote.csv"));
	assert_true(h_contains(env.errout, "cut-quote.csv: line 12:"));
	assert_true(h_contains(env.errout, "never closed"));
	assert_list("CUTS", "wanted", 1, 31);
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "CUT-GARCIA"));
	json_decref(l);

	/* The nightly refresh refuses it too, whatever its format. */
	assert_int_equal(h_sh("mkdir -p '%s/drop-cut/CUTS' && cp '%s'"
	    " '%s/drop-cut/CUTS/wanted.csv'", env.tmp,
	    h_path(&env, "cut-row.csv"), env.tmp), 0);
	assert_int_equal(h_sh("head -c 200 '%s/" DATA "/interpol.ftm.jsonl' >"
	    " '%s/drop-cut/CUTS/notices.jsonl'", h_root(), env.tmp), 0);
	VB(65, NOW " watchlist refresh '%s/drop-cut'", env.tmp);
	assert_true(h_contains(env.errout, "CUTS/wanted: "));
	assert_true(h_contains(env.errout, "wanted.csv refused, the previous"
	    " version stays: line 12: the file ends in the middle of this row"));
	assert_true(h_contains(env.errout, "notices.jsonl refused, the previous"
	    " version stays: line 2: the file ends in the middle of this entity"));
	assert_true(h_contains(env.errout, "0 lists loaded, 0 unchanged, 2 refused"));
	assert_list("CUTS", "wanted", 1, 31);
	assert_int_equal(ls_list("CUTS", "notices", &(int){0}, &(int){0}), -1);

	/*
	 * The last line end left out, as some spreadsheets save: a whole
	 * row is a row.
	 */
	at = line_offset("cut-full.csv", 33) - 1;
	cut_file("cut-full.csv", "no-last-newline.csv", at);
	VB(0, NOW " watchlist load --agency CUTS --list wanted --replace '%s'",
	    h_path(&env, "no-last-newline.csv"));
	assert_list("CUTS", "wanted", 2, 31);
}

/* A config file with a [watchlists] section under the temporary folder. */
static const char *
config_with(const char *name, const char *watchlists)
{
	const char *path = h_path(&env, "%s", name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "[watchlists]\n%s", watchlists);
	assert_int_equal(fclose(f), 0);
	return path;
}

/*
 * A replace that would withdraw more than a share of the list (25% by
 * default, and more than 5 entries) is refused unless forced: a wrong or
 * filtered export must not empty a list overnight.
 */
static void
withdraw_guard(void **state)
{
	json_t *l;

	(void)state;
	write_list("guard-40.csv", "GRD", 39, GARCIA("GRD-GARCIA", "1978-01-22"));
	write_list("guard-20.csv", "GRD", 20, "");
	write_list("guard-31.csv", "GRD", 31, "");
	VB(0, NOW " watchlist load --agency GUARD --list wanted '%s'",
	    h_path(&env, "guard-40.csv"));
	assert_list("GUARD", "wanted", 1, 40);

	/* Half the list gone, García with it: refused, and said how to force. */
	VB(65, NOW " watchlist load --agency GUARD --list wanted --replace '%s'",
	    h_path(&env, "guard-20.csv"));
	assert_true(h_contains(env.errout, "would withdraw 20 of the 40 entries"
	    " in force"));
	assert_true(h_contains(env.errout, "version 1 stays"));
	assert_true(h_contains(env.errout, "--force"));
	assert_list("GUARD", "wanted", 1, 40);
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "GRD-GARCIA"));
	json_decref(l);

	/* 9 of 40 is within the quarter. */
	VB(0, NOW " watchlist load --agency GUARD --list wanted --replace '%s'",
	    h_path(&env, "guard-31.csv"));
	assert_true(h_contains(env.errout, "9 withdrawn"));
	assert_list("GUARD", "wanted", 2, 31);

	/* The share from the config file, or for one load from the command line. */
	VB(65, NOW " --config '%s' watchlist load --agency GUARD --list wanted"
	    " --replace '%s'", config_with("strict.conf",
	    "max_withdraw_share = 0.10\nmax_withdraw_floor = 0\n"),
	    h_path(&env, "guard-20.csv"));
	assert_true(h_contains(env.errout, "would withdraw 11 of the 31"));
	VB(0, NOW " --config '%s' watchlist load --agency GUARD --list wanted"
	    " --replace --max-withdraw 0.4 '%s'", h_path(&env, "strict.conf"),
	    h_path(&env, "guard-20.csv"));
	assert_list("GUARD", "wanted", 3, 20);
	VB(78, NOW " --config '%s' watchlist ls", config_with("bad.conf",
	    "max_withdraw_share = 25%\n"));
	VB(64, NOW " watchlist load --agency GUARD --list wanted --replace"
	    " --max-withdraw 1.5 '%s'", h_path(&env, "guard-20.csv"));

	/* --force: the owner says the list really is that short. */
	VB(0, NOW " watchlist load --agency GUARD --list wanted --replace --force"
	    " '%s'", write_list("guard-2.csv", "GRD", 2, ""));
	assert_list("GUARD", "wanted", 4, 2);

	/* A small list may lose up to 5 entries: 5 of 7 is routine, 6 of 8 not. */
	write_list("small-7.csv", "SML", 7, "");
	write_list("small-2.csv", "SML", 2, "");
	VB(0, NOW " watchlist load --agency SMALL --list wanted '%s'",
	    h_path(&env, "small-7.csv"));
	VB(0, NOW " watchlist load --agency SMALL --list wanted --replace '%s'",
	    h_path(&env, "small-2.csv"));
	assert_list("SMALL", "wanted", 2, 2);
	VB(0, NOW " watchlist load --agency SMALL --list wanted '%s'",
	    write_list("small-8.csv", "SML", 8, ""));
	VB(65, NOW " watchlist load --agency SMALL --list wanted --replace '%s'",
	    h_path(&env, "small-2.csv"));
	assert_true(h_contains(env.errout, "would withdraw 6 of the 8"));
	/* A header and nothing else would empty it: refused, unless forced. */
	VB(65, NOW " watchlist load --agency SMALL --list wanted --replace '%s'",
	    write_list("small-0.csv", "SML", 0, ""));
	assert_true(h_contains(env.errout, "no valid entry"));
	assert_list("SMALL", "wanted", 3, 8);
	VB(0, NOW " watchlist load --agency SMALL --list wanted --replace --force"
	    " '%s'", h_path(&env, "small-0.csv"));
	assert_list("SMALL", "wanted", 4, 0);

	/*
	 * The nightly refresh is never forced: the file is refused, and the
	 * operator is told the command that would take it.
	 */
	assert_int_equal(h_sh("mkdir -p '%s/drop-guard/GUARD' && cp '%s'"
	    " '%s/drop-guard/GUARD/wanted.csv'", env.tmp,
	    h_path(&env, "guard-40.csv"), env.tmp), 0);
	VB(0, NOW " watchlist refresh '%s/drop-guard'", env.tmp);
	assert_list("GUARD", "wanted", 5, 40);
	assert_int_equal(h_sh("cp '%s' '%s/drop-guard/GUARD/wanted.csv'",
	    h_path(&env, "guard-2.csv"), env.tmp), 0);
	VB(65, NOW " watchlist refresh '%s/drop-guard'", env.tmp);
	assert_true(h_contains(env.errout, "would withdraw 38 of the 40"));
	assert_true(h_contains(env.errout, "vborder watchlist load --agency GUARD"
	    " --list wanted --replace --force"));
	assert_list("GUARD", "wanted", 5, 40);
}

/*
 * A row the loader rejects (a mistyped date) does not take its entry off
 * the list: the entry keeps its previous version, in force, and the load
 * says so with the row's error.
 */
static void
rejected_row_keeps_entry(void **state)
{
	json_t *l;

	(void)state;
	write_list("keep-v1.csv", "KEEP", 20, GARCIA("KEEP-GARCIA", "1978-01-22"));
	VB(0, NOW " watchlist load --agency KEEPS --list wanted '%s'",
	    h_path(&env, "keep-v1.csv"));
	/* Version 2: one filler leaves, García's birth date mistyped. */
	write_list("keep-v2.csv", "KEEP", 19, GARCIA("KEEP-GARCIA", "1978-13-22"));
	VB(65, NOW " watchlist load --agency KEEPS --list wanted --replace '%s'",
	    h_path(&env, "keep-v2.csv"));
	assert_true(h_contains(env.errout, "keep-v2.csv:21: row rejected: line 21:"
	    " birth_date 1978-13-22 is not a date"));
	assert_true(h_contains(env.errout, "keep-v2.csv:21: entry KEEP-GARCIA kept"
	    " as it was, its row rejected: line 21: birth_date 1978-13-22 is not"
	    " a date"));
	assert_true(h_contains(env.errout, "19 entries loaded, 1 rows rejected,"
	    " 1 withdrawn, 1 kept as they were (rows rejected)"));
	assert_list("KEEPS", "wanted", 2, 20);
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "KEEP-GARCIA"));
	json_decref(l);

	/* Fixed the next day: loaded as sent. */
	write_list("keep-v3.csv", "KEEP", 19, GARCIA("KEEP-GARCIA", "1978-01-22"));
	VB(0, NOW " watchlist load --agency KEEPS --list wanted --replace '%s'",
	    h_path(&env, "keep-v3.csv"));
	assert_list("KEEPS", "wanted", 3, 20);

	/* The refresh keeps it the same way. */
	assert_int_equal(h_sh("mkdir -p '%s/drop-keep/KEEPS' && cp '%s'"
	    " '%s/drop-keep/KEEPS/wanted.csv'", env.tmp,
	    h_path(&env, "keep-v2.csv"), env.tmp), 0);
	VB(65, NOW " watchlist refresh '%s/drop-keep'", env.tmp);
	assert_true(h_contains(env.errout, "line 21: entry KEEP-GARCIA kept as it"
	    " was"));
	assert_list("KEEPS", "wanted", 4, 20);
	assert_non_null(l = list_for(NULL));
	assert_true(has_entry(l, "KEEP-GARCIA"));
	json_decref(l);
}

/* The version of the load that last changed entry id of list KEEPLOAD. */
static long
entry_version(const char *id)
{
	const char *p[] = {id};

	return h_db_long_p(&env, "SELECT l.version FROM vborder.watchlist_entry e"
	    " JOIN vborder.watchlist w ON w.id = e.watchlist_id"
	    " JOIN vborder.watchlist_load l ON l.id = e.load_id"
	    " WHERE w.agency = 'KEEPLOAD' AND e.entry_id = $1", 1, p);
}

/* Whether entry id of list KEEPLOAD is withdrawn (1), or in force (0). */
static long
entry_withdrawn(const char *id)
{
	const char *p[] = {id};

	return h_db_long_p(&env, "SELECT (e.withdrawn_load IS NOT NULL)::int"
	    " FROM vborder.watchlist_entry e JOIN vborder.watchlist w"
	    " ON w.id = e.watchlist_id"
	    " WHERE w.agency = 'KEEPLOAD' AND e.entry_id = $1", 1, p);
}

/*
 * A replacing load leaves an entry it lists as it was alone (its version
 * the load that last changed it), rewrites one that changed, withdraws one
 * it leaves out, and puts one it lists again back in force.
 */
static void
unchanged_entries_left_alone(void **state)
{
	(void)state;
	write_list("kl-1.csv", "KL", 3, "");
	VB(0, NOW " watchlist load --agency KEEPLOAD --list wanted '%s'",
	    h_path(&env, "kl-1.csv"));
	VB(0, NOW " watchlist load --agency KEEPLOAD --list wanted --replace"
	    " '%s'", h_path(&env, "kl-1.csv"));
	assert_true(h_contains(env.errout, "3 entries loaded"));
	assert_list("KEEPLOAD", "wanted", 2, 3);
	assert_int_equal(entry_version("KL-1"), 1);
	assert_int_equal(entry_version("KL-3"), 1);

	/* Version 3: KL-2 a different severity, KL-3 left out. */
	write_list("kl-3.csv", "KL", 1, "KL-2,person,Quentin Zyxwv 2,,"
	    "1960-01-03,NZL,,M,wanted,high,\"filler, 2\"\n");
	VB(0, NOW " watchlist load --agency KEEPLOAD --list wanted --replace"
	    " --force '%s'", h_path(&env, "kl-3.csv"));
	assert_int_equal(entry_version("KL-1"), 1);
	assert_int_equal(entry_version("KL-2"), 3);
	assert_int_equal(entry_withdrawn("KL-2"), 0);
	assert_int_equal(entry_withdrawn("KL-3"), 1);
	assert_list("KEEPLOAD", "wanted", 3, 2);

	/* Version 4: all three as at first; KL-3 in force again. */
	VB(0, NOW " watchlist load --agency KEEPLOAD --list wanted --replace"
	    " '%s'", h_path(&env, "kl-1.csv"));
	assert_int_equal(entry_withdrawn("KL-3"), 0);
	assert_int_equal(entry_version("KL-3"), 4);
	assert_int_equal(entry_version("KL-2"), 4);
	assert_int_equal(entry_version("KL-1"), 1);
	assert_list("KEEPLOAD", "wanted", 4, 3);
}

/*
 * An entry names a load of its own list, and a load an entry names stays:
 * the rule the database keeps once per statement (sql/0030), tried by
 * hand as a careless administrator would. A write that keeps it passes.
 */
static void
entries_name_their_load(void **state)
{
	char *lid, *other;
	const char *p[2];
	const char *delete = "WITH d AS (DELETE FROM vborder.watchlist_load"
	    " WHERE id = $1::bigint RETURNING 1) SELECT count(*) FROM d";
	const char *insert = "WITH w AS (INSERT INTO vborder.watchlist_entry"
	    " (watchlist_id, load_id, entry_id, kind, name, withdrawn_load)"
	    " SELECT l.watchlist_id, $1::bigint, 'LOADS-X', 'person',"
	    " 'Quentin Zyxwv X', $2::bigint FROM vborder.watchlist_load l"
	    " JOIN vborder.watchlist w ON w.id = l.watchlist_id"
	    " WHERE w.agency = 'LOADS' ORDER BY l.id LIMIT 1 RETURNING 1)"
	    " SELECT count(*) FROM w";

	(void)state;
	VB(0, NOW " watchlist load --agency LOADS --list wanted '%s'",
	    write_list("loads.csv", "LOADS", 3, ""));
	assert_non_null(lid = h_db_value(&env, "SELECT l.id FROM"
	    " vborder.watchlist_load l JOIN vborder.watchlist w"
	    " ON w.id = l.watchlist_id WHERE w.agency = 'LOADS'"));
	assert_non_null(other = h_db_value(&env, "SELECT max(l.id) FROM"
	    " vborder.watchlist_load l JOIN vborder.watchlist w"
	    " ON w.id = l.watchlist_id WHERE w.agency <> 'LOADS'"));
	/* Another list's load, a load that is not there: refused. */
	p[0] = other;
	p[1] = NULL;
	assert_null(h_db_value_p(&env, insert, 2, p));
	p[0] = lid;
	p[1] = "999999";
	assert_null(h_db_value_p(&env, insert, 2, p));
	p[1] = other;
	assert_int_equal(h_db_long_p(&env, insert, 2, p), 1);
	/* Named by entries, as their load or the one that withdrew them. */
	p[0] = lid;
	assert_null(h_db_value_p(&env, delete, 1, p));
	assert_null(h_db_value_p(&env, "WITH u AS (UPDATE vborder.watchlist_load"
	    " SET id = id + 1000000 WHERE id = $1::bigint RETURNING 1)"
	    " SELECT count(*) FROM u", 1, p));
	p[0] = other;
	assert_null(h_db_value_p(&env, delete, 1, p));
	assert_int_equal(h_db_long(&env, "SELECT count(*) FROM"
	    " vborder.watchlist_entry e JOIN vborder.watchlist w"
	    " ON w.id = e.watchlist_id WHERE w.agency = 'LOADS'"), 4);
	free(lid);
	free(other);
}

/*
 * A list still being uploaded (wanted.csv.part, the dropbox's rule) is
 * left alone, and the refresh says so; once renamed it loads.
 */
static void
refresh_skips_uploads(void **state)
{
	char drop[PATH_MAX];

	(void)state;
	/* Our own copy: h_path's buffers are reused. */
	assert_true(strlcpy(drop, h_path(&env, "drop-up"), sizeof(drop)) <
	    sizeof(drop));
	write_list("up-full.csv", "UP", 30, GARCIA("UP-GARCIA", "1978-01-22"));
	write_list("up-next.csv", "UP", 31, GARCIA("UP-GARCIA", "1978-01-22"));
	cut_file("up-next.csv", "up-part.csv", line_offset("up-next.csv", 4));
	assert_int_equal(h_sh("mkdir -p '%s/UPLOADS' && cp '%s' '%s/UPLOADS/"
	    "wanted.csv'", drop, h_path(&env, "up-full.csv"), drop), 0);
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_list("UPLOADS", "wanted", 1, 31);

	/* Tomorrow's list, three rows in: every suffix SFTP clients use. */
	assert_int_equal(h_sh("for s in part tmp filepart; do cp '%s'"
	    " '%s/UPLOADS/wanted.csv.'$s; done && cp '%s' '%s/UPLOADS/.notices.csv'",
	    h_path(&env, "up-part.csv"), drop, h_path(&env, "up-part.csv"),
	    drop), 0);
	assert_int_equal(h_sh("rm '%s/UPLOADS/wanted.csv'", drop), 0);
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "UPLOADS/wanted: "));
	assert_true(h_contains(env.errout, "wanted.csv.part is still being"
	    " uploaded: skipped"));
	assert_true(h_contains(env.errout, "wanted.csv.filepart is still being"
	    " uploaded: skipped"));
	assert_true(h_contains(env.errout, "0 lists loaded, 0 unchanged,"
	    " 0 refused, 3 still being uploaded"));
	assert_list("UPLOADS", "wanted", 1, 31);
	assert_int_equal(ls_list("UPLOADS", "notices", &(int){0}, &(int){0}), -1);

	/* The upload done and renamed: it loads. */
	assert_int_equal(h_sh("rm '%s/UPLOADS/'wanted.csv.* && cp '%s'"
	    " '%s/UPLOADS/wanted.csv'", drop, h_path(&env, "up-next.csv"), drop),
	    0);
	VB(0, NOW " watchlist refresh '%s'", drop);
	assert_true(h_contains(env.errout, "1 list loaded"));
	assert_list("UPLOADS", "wanted", 2, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_formats),
		cmocka_unit_test(delta_then_replace),
		cmocka_unit_test(refused_load),
		cmocka_unit_test(expiry),
		cmocka_unit_test(sharing),
		cmocka_unit_test(refresh),
		cmocka_unit_test(cut_short_refused),
		cmocka_unit_test(withdraw_guard),
		cmocka_unit_test(rejected_row_keeps_entry),
		cmocka_unit_test(refresh_skips_uploads),
		cmocka_unit_test(entries_name_their_load),
		cmocka_unit_test(unchanged_entries_left_alone),
	};

	return cmocka_run_group_tests_name("watchlists", tests, setup, teardown);
}
