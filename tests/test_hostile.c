/*
 * What a carrier controls reaches people: file names reach the log (and,
 * through cron/vborder-run, syslog), values reach the CSV and HTML lists an
 * officer opens (issue 9, point 9). A newline must not forge a log line or
 * a spreadsheet row, an escape sequence must not reach a terminal, and
 * bytes that are not UTF-8 must not cost a target its place on the list.
 */
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

/*
 * 1 when no line of the last run's stderr is forged (starts with
 * "vborder: error: forged") or holds an escape or carriage return, and
 * the text quoted shows up as escaped.
 */
static int
log_lines_honest(const char *escaped)
{
	char *log = h_slurp(env.errout), *line, *p;
	int ok = log != NULL && strstr(log, escaped) != NULL;

	for (p = log; ok && p != NULL && (line = strsep(&p, "\n")) != NULL; ) {
		if (*line == '\0' && p == NULL)
			break;		/* after the last newline */
		if (strncmp(line, "vborder: error: forged", 22) == 0 ||
		    strchr(line, '\033') != NULL || strchr(line, '\r') != NULL)
			ok = 0;
	}
	if (!ok)
		h_show_stderr(&env);
	free(log);
	return ok;
}

/* Whatever is logged, one message is one line. */
static void
log_escapes_what_it_quotes(void **state)
{
	(void)state;
	VB(64, "\"$(printf 'x\\nvborder: error: forged\\033[2J\\r')\"");
	assert_true(log_lines_honest("x\\x0Avborder: error: forged\\x1B[2J\\x0D"));
}

/* A carrier's file named to forge a line of the log cron sends to syslog. */
static void
file_name_forges_no_line(void **state)
{
	int rc;

	(void)state;
	assert_int_equal(h_sh("cp '%s/tests/data/e2e/dropbox/XA/incoming/XA401-crew.edi'"
	    " \"%s/dropbox/XA/incoming/$(printf 'crew\\nvborder: error: forged\\033[31m')\"",
	    h_root(), env.tmp), 0);
	rc = h_vborder(&env, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	/* Stored or refused for its name (ingest's to decide), never a crash. */
	assert_true(rc == 0 || rc == 65);
	assert_true(log_lines_honest("vborder: error: forged"));
}

/* Control characters, DEL, C1 controls, bidirectional overrides: 1 if any. */
static int
has_control(const unsigned char *s, size_t len, const char *allowed)
{
	for (size_t i = 0; i < len; i++) {
		if ((s[i] < 0x20 || s[i] == 0x7f) && strchr(allowed, s[i]) == NULL)
			return 1;
		if (i + 1 < len && s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] < 0xa0)
			return 1;
		if (i + 2 < len && s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    s[i + 2] >= 0xa8 && s[i + 2] <= 0xae)
			return 1;
	}
	return 0;
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/*
 * The list of the one arrival of the day that is not XA401 (whose file
 * name, made from a transport id with control characters, is not ours to
 * guess), in format ext.
 */
static char *
other_list(const char *ext, size_t *len)
{
	char path[PATH_MAX], *p;
	FILE *f;

	assert_int_equal(h_sh("ls '%s/" DAY "' | grep -v '^XA401_' | grep -v"
	    " '^index\\.' | grep '\\.%s$'"
	    " > '%s/found'", env.tmp, ext, env.tmp), 0);
	assert_non_null(f = fopen(h_path(&env, "found"), "r"));
	assert_non_null(fgets(path, sizeof(path), f));
	fclose(f);
	if ((p = strchr(path, '\n')) != NULL)
		*p = '\0';
	return h_read(h_path(&env, DAY "/%s", path), len);
}

/*
 * A manifest whose transport id carries an escape and a line break (the
 * HTML's title and heading show it), whose surname carries an escape
 * sequence, a line break and a forged CSV row, and whose given name a NEL,
 * a right-to-left override (which would turn the text around on screen)
 * and a BEL. Its passport is on IMMIGRATION's list, so it is a target.
 * Whatever ingest cleans on the way in, the CSV and HTML show no control
 * character.
 */
static void
carrier_values_in_lists(void **state)
{
	char *csv, *html;
	size_t csvlen, htmllen;

	(void)state;
	assert_int_equal(h_sh("cat > '%s/dropbox/XA/incoming/XA409.json' <<'EOF'\n"
	    "{\"format\": \"vborder-manifest/1\", \"carrier\": \"XA\","
	    " \"list\": \"passengers\", \"legs\": [{\"transport_id\": \"XA4\\u001b09\\r\\n\","
	    " \"departure_port\": \"FRA\", \"departure_local\": \"2026-11-25T08:20\","
	    " \"arrival_port\": \"JFK\", \"arrival_local\": \"2026-11-25T11:05\","
	    " \"reporting\": true}],"
	    " \"people\": [{\"surname\": \"NOWAK\\u001b[31m\\r\\n\\\"9\\\",\\\"low\\\"\","
	    " \"given_names\": \"PIOTR\\u0085\\u202e\\u0007\", \"birth_date\": \"1981-02-09\","
	    " \"gender\": \"M\", \"nationality\": \"POL\", \"documents\": [{\"type\": \"P\","
	    " \"number\": \"EA1234567\", \"country\": \"POL\", \"expiry\": \"2031-05-30\"}]}]}\n"
	    "EOF", env.tmp), 0);
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out' --format json,csv,html",
	    env.tmp, env.tmp);

	/* The CSV: a header and one row, CRLF only at their ends. */
	assert_non_null(csv = other_list("csv", &csvlen));
	assert_false(has_control((const unsigned char *)csv, csvlen, "\r\n"));
	assert_int_equal(count(csv, "\r\n"), 2);
	assert_int_equal(count(csv, "\n"), 2);
	assert_int_equal(count(csv, "\r"), 2);
	/* The target, its quotes doubled inside its cell, not a cell's end. */
	assert_non_null(strstr(csv, "\"NOWAK"));
	assert_non_null(strstr(csv, "\"\"9\"\",\"\"low\"\""));
	assert_non_null(strstr(csv, "PIOTR"));
	free(csv);

	/* The HTML: its own line breaks, nothing of the carrier's. */
	assert_non_null(html = other_list("html", &htmllen));
	assert_false(has_control((const unsigned char *)html, htmllen, "\n"));
	assert_non_null(strstr(html, "<h1>XA4"));
	assert_non_null(strstr(html, "&quot;9&quot;,&quot;low&quot;"));
	free(html);
}

static void
sql(const char *conninfo, const char *query)
{
	PGconn *db = PQconnectdb(conninfo);
	PGresult *res;

	assert_int_equal(PQstatus(db), CONNECTION_OK);
	res = PQexec(db, query);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fprintf(stderr, "%s: %s", query, PQresultErrorMessage(res));
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(db);
}

/*
 * A database created SQL_ASCII (what a cluster initialised in the C locale
 * gives) stores any bytes. A name and a file name that are not UTF-8 show
 * with U+FFFD, and the target stays on its list.
 */
static void
not_utf8_database(void **state)
{
	char saved[sizeof(env.conninfo)], *db;
	json_t *l, *t, *s, *src;
	size_t i;
	int found = 0;

	(void)state;
	strlcpy(saved, env.conninfo, sizeof(saved));
	sql(saved, "CREATE DATABASE vbascii ENCODING 'SQL_ASCII' LC_COLLATE 'C'"
	    " LC_CTYPE 'C' TEMPLATE template0");
	/* The same cluster, the other database. */
	assert_non_null(db = strstr(env.conninfo, "dbname=vborder"));
	memcpy(db, "dbname=vbascii", 14);

	VB(0, "db migrate");
	VB(0, NOW " watchlist load --agency IMMIGRATION --list denied-entry"
	    " '%s/tests/data/e2e/watchlists/immigration-denied-entry.csv'", h_root());
	assert_int_equal(h_sh("mkdir -p '%s/ascii/XA/incoming' && cp"
	    " '%s/tests/data/e2e/dropbox/XA/incoming/XA401-pax.edi' '%s/ascii/XA/incoming/'",
	    env.tmp, h_root(), env.tmp), 0);
	VB(0, NOW " ingest --dropbox '%s/ascii'", env.tmp);
	sql(env.conninfo, "UPDATE vborder.person SET name_raw = name_raw || E' \\xff\\xfe'"
	    " WHERE name_raw = 'NOWAK PIOTR'");
	sql(env.conninfo, "UPDATE vborder.carrier_file SET file_name = E'pax\\xe9.edi'");
	VB(0, NOW " screen");
	VB(0, NOW " targets --out '%s/ascii-out' --format json,csv,html", env.tmp);

	assert_non_null(l = h_json(h_path(&env, "ascii-out/2026-11-25/XA401_FRA-JFK.json")));
	json_array_foreach(json_object_get(l, "targets"), i, t) {
		s = json_object_get(t, "subject");
		if (strcmp(json_string_value(json_object_get(s, "name")),
		    "NOWAK PIOTR \xef\xbf\xbd\xef\xbf\xbd") != 0)
			continue;
		found = 1;
		src = json_array_get(json_object_get(s, "sources"), 0);
		assert_non_null(src);
		assert_string_equal(json_string_value(json_object_get(src, "file")),
		    "pax\xef\xbf\xbd.edi");
	}
	json_decref(l);
	strlcpy(env.conninfo, saved, sizeof(env.conninfo));
	assert_true(found);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_escapes_what_it_quotes),
		cmocka_unit_test(file_name_forges_no_line),
		cmocka_unit_test(carrier_values_in_lists),
		cmocka_unit_test(not_utf8_database),
	};

	return cmocka_run_group_tests_name("hostile text", tests, setup, teardown);
}
