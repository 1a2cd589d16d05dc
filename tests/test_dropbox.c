/*
 * The dropbox under hostile or careless carriers (issue 9), each case a
 * carrier's file in and the stated outcome out, on a throwaway PostgreSQL:
 *   - a carrier speaking for another (a passenger list, a waybill) is
 *     quarantined, unless the configuration binds its folder to that
 *     carrier; duplicates are per carrier;
 *   - names no report can be written under (near NAME_MAX, invalid UTF-8,
 *     ten thousand of one name) never stop the batch;
 *   - links, FIFOs and sub-folders swapped for links are refused, and an
 *     upload handle kept open cannot change what was archived;
 *   - files over the limits are refused before they are parsed.
 * The tests run in order and share one cluster and one dropbox.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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
#include "ingest/dropbox.h"

#define NOW	"--now 2026-11-24T22:00:00Z"
#define PAX	"tests/data/e2e/dropbox/XA/incoming/XA401-pax.edi"
#define FWB	"tests/data/cargo/fwb-complete.txt"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1)
		return -1;
	return h_vborder(&env, "db migrate");
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

static long
count(const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	PGconn *db = PQconnectdb(env.conninfo);
	PGresult *res;
	long n;

	va_start(ap, fmt);
	(void)vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	res = PQexec(db, sql);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	PQfinish(db);
	return n;
}

/* Writes the configuration file tests pass with --config. */
static const char *
config(const char *text)
{
	const char *path = h_path(&env, "vborder.conf");
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define PEOPLE_ON(flight) \
	"SELECT count(*) FROM vborder.person p" \
	" JOIN vborder.manifest m ON m.id = p.manifest_id" \
	" JOIN vborder.arrival a ON a.id = m.arrival_id" \
	" WHERE a.transport_id = '" flight "'"

/* XB drops a one-passenger list for XA's flight: refused, XA's list stays. */
static void
foreign_carrier(void **state)
{
	(void)state;
	assert_int_equal(h_sh("mkdir -p '%s/dropbox/XA/incoming' '%s/dropbox/XB/incoming'"
	    " && cp '%s/" PAX "' '%s/dropbox/XA/incoming/'", env.tmp, env.tmp,
	    h_root(), env.tmp), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	long people = count(PEOPLE_ON("XA401"));
	assert_true(people >= 9);

	/* The same flight, one passenger: what would replace XA's list. */
	assert_int_equal(h_sh("awk '/^NAD\\+FL/ {n++} n < 2 || /^(UNT|UNE|UNZ|CNT)/'"
	    " '%s/" PAX "' > '%s/dropbox/XB/incoming/XA401-one.edi'", h_root(),
	    env.tmp), 0);
	VB(65, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_contains(h_path(&env,
	    "dropbox/XB/quarantine/XA401-one.edi.error.json"), "folder XB"));
	assert_true(h_contains(h_path(&env,
	    "dropbox/XB/quarantine/XA401-one.edi.error.json"), "carrier XA"));
	assert_true(h_contains(h_path(&env, "dropbox/XB/outbox/XA401-one.edi.ack.json"),
	    "rejected"));
	assert_int_equal(count(PEOPLE_ON("XA401")), people);
	assert_true(h_contains(env.errout, "XA401-one.edi: rejected"));
}

/*
 * A handling agent's folder bound to the carriers it sends for takes their
 * files; the same bytes from two carriers are two receipts, and one
 * carrier's ack never names the other's file.
 */
static void
bound_agent(void **state)
{
	(void)state;
	const char *conf = config("[carriers]\nXB = XB, XA\n");

	assert_int_equal(h_sh("cp '%s/" PAX "' '%s/dropbox/XB/incoming/agent.edi'",
	    h_root(), env.tmp), 0);
	VB(0, NOW " --config '%s' ingest --dropbox '%s/dropbox'", conf, env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XB/archive/agent.edi")));
	assert_true(h_contains(h_path(&env, "dropbox/XB/outbox/agent.edi.ack.json"),
	    "accepted"));
	assert_false(h_contains(h_path(&env, "dropbox/XB/outbox/agent.edi.ack.json"),
	    "XA401-pax.edi"));
	/* Resent by XB: a duplicate of XB's own file, named as such. */
	assert_int_equal(h_sh("cp '%s/" PAX "' '%s/dropbox/XB/incoming/again.edi'",
	    h_root(), env.tmp), 0);
	VB(0, NOW " --config '%s' ingest --dropbox '%s/dropbox'", conf, env.tmp);
	assert_true(h_contains(h_path(&env, "dropbox/XB/outbox/again.edi.ack.json"),
	    "agent.edi"));
	assert_false(h_contains(h_path(&env, "dropbox/XB/outbox/again.edi.ack.json"),
	    "XA401-pax.edi"));
}

/* A waybill re-sent from another carrier's folder cannot replace its consignee. */
static void
foreign_waybill(void **state)
{
	(void)state;
	assert_int_equal(h_sh("mkdir -p '%s/dropbox/XC/incoming' '%s/dropbox/XD/incoming'"
	    " && cp '%s/" FWB "' '%s/dropbox/XC/incoming/fwb.txt'"
	    " && sed 's/LAKESHORE PRECISION INC/HARMLESS TOYS LTD/'"
	    " '%s/" FWB "' > '%s/dropbox/XD/incoming/fwb.txt'", env.tmp, env.tmp,
	    h_root(), env.tmp, h_root(), env.tmp), 0);
	/* Carriers are taken in name order by one process: XC first. */
	VB(65, NOW " ingest --workers 1 --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XC/archive/fwb.txt")));
	assert_true(h_contains(h_path(&env, "dropbox/XD/quarantine/fwb.txt.error.json"),
	    "sent by another carrier"));
	assert_false(h_contains(h_path(&env, "dropbox/XD/quarantine/fwb.txt.error.json"),
	    "XC"));
	assert_int_equal(count("SELECT count(*) FROM vborder.shipment"
	    " WHERE current AND consignee->>'name' LIKE 'LAKESHORE%%'"), 1);

	/* Bound by the configuration to other prefixes, XC may not send 020. */
	const char *conf = config("[carriers]\nXC = XC 888\n");

	assert_int_equal(h_sh("sed 's/T3K245.5/T3K250.0/' '%s/" FWB "'"
	    " > '%s/dropbox/XC/incoming/fwb2.txt'", h_root(), env.tmp), 0);
	VB(65, NOW " --config '%s' ingest --dropbox '%s/dropbox'", conf, env.tmp);
	assert_true(h_contains(h_path(&env, "dropbox/XC/quarantine/fwb2.txt.error.json"),
	    "not one of folder XC's"));
}

/*
 * The same waybill from two folders stored at once by two workers: one is
 * first, and the other waits for it and is refused, whichever it is.
 */
static void
foreign_waybill_at_once(void **state)
{
	(void)state;
	/* A waybill number of its own (check digit 4), unlike the test above. */
	assert_int_equal(h_sh("sed 's/020-58213643/020-58213654/' '%s/" FWB "'"
	    " > '%s/dropbox/XC/incoming/at-once.txt'"
	    " && sed 's/020-58213643/020-58213654/;"
	    "s/LAKESHORE PRECISION INC/HARMLESS TOYS LTD/' '%s/" FWB "'"
	    " > '%s/dropbox/XD/incoming/at-once.txt'", h_root(), env.tmp,
	    h_root(), env.tmp), 0);
	VB(65, NOW " ingest --workers 2 --dropbox '%s/dropbox'", env.tmp);
	assert_int_equal(h_exists(h_path(&env, "dropbox/XC/archive/at-once.txt")) +
	    h_exists(h_path(&env, "dropbox/XD/archive/at-once.txt")), 1);
	assert_int_equal(h_exists(h_path(&env,
	    "dropbox/XC/quarantine/at-once.txt.error.json")) +
	    h_exists(h_path(&env, "dropbox/XD/quarantine/at-once.txt.error.json")),
	    1);
	assert_int_equal(count("SELECT count(*) FROM vborder.shipment"
	    " WHERE current AND number_norm = '02058213654'"), 1);
}

/* Names no report could be written under: the batch goes on. */
static void
hostile_names(void **state)
{
	char longname[251];

	(void)state;
	memset(longname, 'A', 246);
	memcpy(longname + 246, ".edi", 5);
	assert_int_equal(h_sh("d='%s/dropbox/XA/incoming';"
	    " printf 'not a manifest' > \"$d/%s\" &&"
	    " printf 'UNA:+.? \\047UNB+UNOA:4+\\377\\376\\047' > \"$d/bad-$(printf"
	    " '\\377\\376\\033[31m')name.edi\" &&"
	    " mkdir -p '%s/dropbox/XA/quarantine' &&"
	    " for i in '' $(seq -f .%%g 1 99); do touch"
	    " '%s/dropbox/XA/quarantine/same.edi'$i; done &&"
	    " printf 'garbage' > \"$d/same.edi\" &&"
	    " sed 's/XA401/XA411/g' '%s/" PAX "' > \"$d/good.edi\"",
	    env.tmp, longname, env.tmp, env.tmp, h_root()), 0);
	VB(65, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	/* The good file of the same batch is stored. */
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/good.edi")));
	/* Nothing is left to block the next run. */
	assert_int_equal(h_sh("test -z \"$(ls -A '%s/dropbox/XA/processing')\""
	    " && test -z \"$(ls -A '%s/dropbox/XA/incoming')\"", env.tmp,
	    env.tmp), 0);
	/* The long name's report fits and is valid JSON. */
	assert_int_equal(h_sh("ls '%s/dropbox/XA/quarantine' | grep -q"
	    " '^AAAA.*~.error.json$'", env.tmp), 0);
	/* Invalid UTF-8 and escape characters are recorded as escapes. */
	assert_int_equal(count("SELECT count(*) FROM vborder.carrier_file"
	    " WHERE file_name = 'bad-\\xFF\\xFE\\x1B[31mname.edi'"), 1);
	json_t *r = h_json(h_path(&env,
	    "dropbox/XA/quarantine/bad-\\xFF\\xFE\\x1B[31mname.edi.error.json"));
	assert_non_null(r);
	json_decref(r);
	/* A hundred earlier files of one name: the next still finds a place. */
	assert_int_equal(h_sh("ls '%s/dropbox/XA/quarantine' | grep -q"
	    " '^same.edi.[0-9a-f]\\{8\\}$'", env.tmp), 0);
	/* And the next run has nothing left over. */
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
}

/*
 * A sub-folder swapped for a link to the officers' lists: that carrier is
 * skipped and reported, everyone else goes on, and the lists stay.
 */
static void
linked_folder(void **state)
{
	(void)state;
	assert_int_equal(h_sh("mkdir -p '%s/lists' '%s/dropbox/XE/incoming' &&"
	    " echo '{}' > '%s/lists/XA401.json' &&"
	    " ln -s '%s/lists' '%s/dropbox/XE/archive' &&"
	    " sed 's/XA401/XE401/g; s/+++XA/+++XE/' '%s/" PAX "'"
	    " > '%s/dropbox/XE/incoming/XE401.edi' &&"
	    " sed 's/XA401/XA421/g' '%s/" PAX "' > '%s/dropbox/XA/incoming/XA421.edi'",
	    env.tmp, env.tmp, env.tmp, env.tmp, env.tmp, h_root(), env.tmp,
	    h_root(), env.tmp), 0);
	VB(65, NOW " run --dropbox '%s/dropbox' --out '%s/out'", env.tmp, env.tmp);
	assert_true(h_contains(env.errout, "symbolic link"));
	assert_true(h_exists(h_path(&env, "dropbox/XE/incoming/XE401.edi")));
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/XA421.edi")));
	assert_int_equal(h_sh("test \"$(ls '%s/lists')\" = XA401.json", env.tmp), 0);
	assert_int_equal(h_sh("rm '%s/dropbox/XE/archive'", env.tmp), 0);
}

/* A hard link to a file the carrier wants us to read (or chmod) is refused. */
static void
hard_link(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(h_sh("cp '%s/" PAX "' '%s/secret.edi' && chmod 600"
	    " '%s/secret.edi' && ln '%s/secret.edi' '%s/dropbox/XA/incoming/hl.edi'",
	    h_root(), env.tmp, env.tmp, env.tmp, env.tmp), 0);
	VB(65, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_contains(h_path(&env, "dropbox/XA/quarantine/hl.edi.error.json"),
	    "hard link"));
	assert_int_equal(stat(h_path(&env, "secret.edi"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/*
 * An SFTP server renames X.part to X by link() then unlink(): a run that
 * comes in between finds two links, both in incoming/. That file waits
 * for the next run rather than being refused as a hard link.
 */
static void
rename_in_progress(void **state)
{
	(void)state;
	assert_int_equal(h_sh("d='%s/dropbox/XA/incoming' && sed 's/XA401/XA451/g'"
	    " '%s/" PAX "' > \"$d/mid.edi.part\" && ln \"$d/mid.edi.part\""
	    " \"$d/mid.edi\"", env.tmp, h_root()), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/incoming/mid.edi")));
	assert_false(h_exists(h_path(&env, "dropbox/XA/outbox/mid.edi.ack.json")));
	assert_int_equal(h_sh("rm '%s/dropbox/XA/incoming/mid.edi.part'", env.tmp), 0);
	VB(0, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_exists(h_path(&env, "dropbox/XA/archive/mid.edi")));
}

/* An upload handle left open cannot change what was archived. */
static void
open_handle(void **state)
{
	(void)state;
	assert_int_equal(h_sh("sed 's/XA401/XA431/g' '%s/" PAX "' > '%s/orig.edi' &&"
	    " cp '%s/orig.edi' '%s/dropbox/XA/incoming/held.edi' &&"
	    " exec 3>>'%s/dropbox/XA/incoming/held.edi' &&"
	    " VBORDER_NOW=2026-11-24T22:00:00Z '%s' --db '%s' -q ingest"
	    " --dropbox '%s/dropbox' && echo 'UNH+EVIL' >&3 && exec 3>&- &&"
	    " cmp '%s/orig.edi' '%s/dropbox/XA/archive/held.edi'",
	    h_root(), env.tmp, env.tmp, env.tmp, env.tmp, h_bin(), env.conninfo,
	    env.tmp, env.tmp, env.tmp), 0);
	assert_int_equal(count("SELECT count(*) FROM vborder.carrier_file"
	    " WHERE file_name = 'held.edi' AND kept_as = 'archive/held.edi'"), 1);
}

/* Refused before the expensive work, with the limit named. */
static void
limits(void **state)
{
	(void)state;
	const char *conf = config("[limits]\nmax_people = 5\n");

	assert_int_equal(h_sh("sed 's/XA401/XA441/g' '%s/" PAX "'"
	    " > '%s/dropbox/XA/incoming/many.edi'", h_root(), env.tmp), 0);
	VB(65, NOW " --config '%s' ingest --dropbox '%s/dropbox'", conf, env.tmp);
	assert_true(h_contains(h_path(&env, "dropbox/XA/quarantine/many.edi.error.json"),
	    "more than the limit of 5"));

	/* Three copies of one list in one file, over a limit of two. */
	conf = config("[limits]\nmax_lists = 2\n");
	assert_int_equal(h_sh("for i in 1 2 3; do sed 's/XA401/XA443/g' '%s/" PAX "'"
	    " | sed '/^UNZ/d'; done > '%s/dropbox/XA/incoming/copies.edi'",
	    h_root(), env.tmp), 0);
	VB(65, NOW " --config '%s' ingest --dropbox '%s/dropbox'", conf, env.tmp);
	assert_true(h_contains(h_path(&env, "dropbox/XA/quarantine/copies.edi.error.json"),
	    "3 messages listing people, more than the limit of 2"));

	conf = config("[limits]\nmax_segments = 20\n");
	assert_int_equal(h_sh("sed 's/XA401/XA442/g' '%s/" PAX "'"
	    " > '%s/dropbox/XA/incoming/long.edi'", h_root(), env.tmp), 0);
	VB(65, NOW " --config '%s' ingest --dropbox '%s/dropbox'", conf, env.tmp);
	assert_true(h_contains(h_path(&env, "dropbox/XA/quarantine/long.edi.error.json"),
	    "refused unread"));

	/* 200,000 attributes cost libxml2 minutes: refused unread by default. */
	assert_int_equal(h_sh("{ printf '<?xml version=\"1.0\"?>\\n<rsm:Waybill"
	    " xmlns:rsm=\"iata:waybill:1\"'; seq -f ' a%%g=\"x\"' 1 200000 | tr -d '\\n';"
	    " printf '/>\\n'; } > '%s/dropbox/XA/incoming/attrs.xml'", env.tmp), 0);
	VB(65, NOW " ingest --dropbox '%s/dropbox'", env.tmp);
	assert_true(h_contains(h_path(&env, "dropbox/XA/quarantine/attrs.xml.error.json"),
	    "200001 attributes, more than the limit of 64"));
}

/* The dropbox's file access, under what a carrier can put in its place. */
static void
box_reads(void **state)
{
	struct vb_error err;
	struct box b;
	char *buf;
	size_t len;
	struct stat st;

	(void)state;
	assert_int_equal(h_sh("mkdir -p '%s/unit/XF/processing' && cd"
	    " '%s/unit/XF/processing' && mkfifo fifo && ln -s /etc/passwd link &&"
	    " printf 'UNA' > plain && chmod 666 plain && printf 'x' > big &&"
	    " truncate -s 2000 big", env.tmp, env.tmp), 0);
	assert_int_equal(box_open(&b, h_path(&env, "unit"), "XF", &err), 0);
	/* A FIFO neither blocks nor is read. */
	assert_int_equal(box_read(&b, BOX_PROCESSING, "fifo", 1000, &buf, &len,
	    &err), -1);
	assert_int_equal(err.code, VB_EINVALID);
	assert_int_equal(box_read(&b, BOX_PROCESSING, "link", 1000, &buf, &len,
	    &err), -1);
	assert_non_null(strstr(err.message, "symbolic link"));
	assert_int_equal(box_read(&b, BOX_PROCESSING, "big", 1000, &buf, &len,
	    &err), -1);
	assert_non_null(strstr(err.message, "limit"));
	assert_int_equal(box_read(&b, BOX_PROCESSING, "plain", 1000, &buf, &len,
	    &err), 0);
	assert_int_equal(len, 3);
	assert_string_equal(buf, "UNA");
	free(buf);
	/* Made 0640 through its descriptor, whatever the carrier left. */
	assert_int_equal(stat(h_path(&env, "unit/XF/processing/plain"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* Kept copies never replace what is there. */
	assert_int_equal(box_write(&b, BOX_ARCHIVE, "plain", "A", 1, 0, &err), 0);
	assert_int_equal(box_write(&b, BOX_ARCHIVE, "plain", "B", 1, 0, &err), -1);
	box_close(&b);
	assert_int_equal(h_sh("test \"$(cat '%s/unit/XF/archive/plain')\" = A",
	    env.tmp), 0);
}

/* Safe names: bounded, valid UTF-8, distinct for distinct long names. */
static void
safe_names(void **state)
{
	char a[BOX_NAME_MAX + 1], b[BOX_NAME_MAX + 1], in[400];

	(void)state;
	box_safe_name("XA401.edi", a);
	assert_string_equal(a, "XA401.edi");
	box_safe_name("a\nb\xc3", a);
	assert_string_equal(a, "a\\x0Ab\\xC3");
	memset(in, 'x', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	box_safe_name(in, a);
	in[300] = 'y';
	box_safe_name(in, b);
	assert_true(strlen(a) <= BOX_NAME_MAX);
	assert_string_not_equal(a, b);
	/* A long name of two-byte letters is never cut inside one. */
	for (size_t i = 0; i + 2 < sizeof(in); i += 2)
		memcpy(in + i, "\xc3\xa9", 2);
	in[sizeof(in) - 2] = '\0';
	box_safe_name(in, a);
	assert_true(strlen(a) <= BOX_NAME_MAX);
	assert_null(strstr(a, "\\x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(foreign_carrier),
		cmocka_unit_test(bound_agent),
		cmocka_unit_test(foreign_waybill),
		cmocka_unit_test(foreign_waybill_at_once),
		cmocka_unit_test(hostile_names),
		cmocka_unit_test(linked_folder),
		cmocka_unit_test(hard_link),
		cmocka_unit_test(rename_in_progress),
		cmocka_unit_test(open_handle),
		cmocka_unit_test(limits),
		cmocka_unit_test(box_reads),
		cmocka_unit_test(safe_names),
	};

	return cmocka_run_group_tests_name("dropbox", tests, setup, teardown);
}
