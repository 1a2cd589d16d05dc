/*
 * What real carriers' files look like (issue 10), from the carrier's side:
 * files the project wrote after the public descriptions of each class
 * (tests/data/real), dropped into a dropbox and run through the job as
 * cron runs it, on a throwaway PostgreSQL:
 *   typeb-paxlst.edi  a PAXLST as a SITA Type B gateway delivers it: SOH,
 *                     address lines, STX, lines wrapped at 64, ETX;
 *   mail-pnrgov.eml   a PNRGOV push by e-mail: headers, lines wrapped at
 *                     69, a signature after UNZ;
 *   unoa-1252.edi     declares UNOA but writes KRAŠOVEC ŽIGA with the
 *                     Windows-1252 bytes for Š and Ž, a watchlisted man;
 *   damaged-paxlst.edi
 *                     ten passengers of XR505; OKAFOR CHIDI, watchlisted,
 *                     with his birth date sent as " 670603", another with
 *                     no date (810230), nationality "0" and an expiry
 *                     "31O530";
 *   damaged-pnrgov.edi
 *                     XR507's PNR of LINDQVIST EVA, watchlisted, with an
 *                     agency and excess-bags text longer than any field,
 *                     a fellow traveller's given name of 300 letters and
 *                     an onward flight at 25:75;
 *   later/api-after-departure.edi
 *                     XR711's API list sent after its departure, without
 *                     RIVERA LUIS, watchlisted, whom the PNR books.
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

#define NOW	"--now 2026-11-26T12:00:00Z"

static struct h_env env;

#define VB(expect, ...) H_VB(&env, expect, __VA_ARGS__)

static int
setup(void **state)
{
	(void)state;
	if (h_env_start(&env, 1) == -1 ||
	    h_vborder(&env, "db migrate") != 0 ||
	    h_vborder(&env, NOW " watchlist load --agency BORDER --list watch"
	    " '%s/tests/data/real/watchlist.csv'", h_root()) != 0)
		return -1;
	return h_sh("mkdir -p '%s/dropbox/XR/incoming' && cp '%s/tests/data/real/'*.edi"
	    " '%s/tests/data/real/'*.eml '%s/dropbox/XR/incoming/'", env.tmp, h_root(),
	    h_root(), env.tmp);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* The ack of a file: accepted, with its counts and a warning naming part. */
static void
accepted(const char *file, const char *counter, long n, const char *warning)
{
	json_t *a = h_json(h_path(&env, "dropbox/XR/outbox/%s.ack.json", file));
	json_t *w;
	size_t i;
	int found = 0;

	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "status")),
	    "accepted");
	assert_int_equal(json_integer_value(json_object_get(a, counter)), n);
	json_array_foreach(json_object_get(a, "warnings"), i, w)
		if (strstr(json_string_value(json_object_get(w, "message")),
		    warning) != NULL)
			found = 1;
	if (!found) {
		fprintf(stderr, "%s: no warning with \"%s\"; its warnings:\n",
		    file, warning);
		json_array_foreach(json_object_get(a, "warnings"), i, w)
			fprintf(stderr, "  %s\n", json_string_value(
			    json_object_get(w, "message")));
	}
	assert_true(found);
	json_decref(a);
}

/* 1 when the list has a target named name with a reason from entry. */
static int
has_target(const char *list, const char *name, const char *entry)
{
	json_t *doc = h_json(h_path(&env, "%s", list)), *t, *r;
	size_t i, j;
	int found = 0;

	if (doc == NULL)
		return 0;
	json_array_foreach(json_object_get(doc, "targets"), i, t) {
		json_t *s = json_object_get(t, "subject");

		if (strcmp(json_string_value(json_object_get(s, "name")), name) != 0)
			continue;
		json_array_foreach(json_object_get(t, "reasons"), j, r) {
			const char *e = json_string_value(json_object_get(r,
			    "entry_id"));

			if (e != NULL && strcmp(e, entry) == 0)
				found = 1;
		}
	}
	json_decref(doc);
	return found;
}

static void
run_job(void **state)
{
	(void)state;
	VB(0, NOW " run --dropbox '%s/dropbox' --out '%s/out' --format"
	    " json,html", env.tmp, env.tmp);
	assert_int_equal(h_sh("test -z \"$(ls -A '%s/dropbox/XR/quarantine')\"",
	    env.tmp), 0);
}

/* Behind a Type B envelope: stored, the envelope named, the traveller found. */
static void
type_b(void **state)
{
	(void)state;
	accepted("typeb-paxlst.edi", "passengers", 3, "SITA Type B envelope");
	assert_true(has_target("out/2026-11-27/XR501_FRA-JFK.json", "DUBOIS MARIE",
	    "RF-1"));
}

static void
e_mail(void **state)
{
	(void)state;
	accepted("mail-pnrgov.eml", "passengers", 3, "e-mail headers");
	accepted("mail-pnrgov.eml", "passengers", 3, "after UNZ");
}

/* Stray Windows-1252 letters: read as such, the name whole, the man found. */
static void
stray_bytes(void **state)
{
	PGconn *db;
	PGresult *res;

	(void)state;
	accepted("unoa-1252.edi", "passengers", 2, "Windows-1252");
	db = PQconnectdb(env.conninfo);
	res = PQexec(db, "SELECT surname || '/' || given_names || '/' || name_norm FROM vborder.person"
	    " WHERE surname LIKE 'KRA%'");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 0), "KRA\xc5\xa0OVEC/\xc5\xbdIGA/KRASOVEC ZIGA");
	PQclear(res);
	PQfinish(db);
	assert_true(has_target("out/2026-11-27/XR503_FRA-JFK.json",
	    "KRA\xc5\xa0OVEC \xc5\xbdIGA", "RF-2"));
}

/* The subject named name on list, with a new reference (NULL: none). */
static json_t *
subject_of(const char *list, const char *name)
{
	json_t *doc = h_json(h_path(&env, "%s", list)), *t, *found = NULL;
	size_t i;

	json_array_foreach(json_object_get(doc, "targets"), i, t) {
		json_t *s = json_object_get(t, "subject");

		if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0)
			found = json_incref(s);
	}
	json_decref(doc);
	return found;
}

/* 1 when one of the subject's data-quality notes holds part. */
static int
has_note(json_t *subject, const char *part)
{
	size_t i;
	json_t *n;

	json_array_foreach(json_object_get(subject, "data_quality"), i, n)
		if (strstr(json_string_value(n), part) != NULL)
			return 1;
	return 0;
}

/*
 * One bad value loses nobody: all ten stored, the date with spaces read,
 * the impossible ones left empty, each named in the ack and noted on the
 * person's record, which the target list shows the officer.
 */
static void
damaged_values(void **state)
{
	json_t *s;

	(void)state;
	accepted("damaged-paxlst.edi", "passengers", 10, "OKAFOR CHIDI"
	    " (segment 12): birth date ' 670603' sent with spaces: read as"
	    " 1967-06-03");
	accepted("damaged-paxlst.edi", "passengers", 10, "FEBRUAR TOMAS"
	    " (segment 18): birth date '810230' is no date: left empty");
	accepted("damaged-paxlst.edi", "passengers", 10, "nationality 0 is"
	    " not an ISO 3166 country code: stored empty");
	assert_non_null(s = subject_of("out/2026-11-27/XR505_FRA-JFK.json",
	    "OKAFOR CHIDI"));
	assert_string_equal(json_string_value(json_object_get(s, "birth_date")),
	    "1967-06-03");
	assert_true(has_note(s, "birth date ' 670603' sent with spaces"));
	json_decref(s);
	assert_true(has_target("out/2026-11-27/XR505_FRA-JFK.json",
	    "OKAFOR CHIDI", "RF-4"));
	assert_true(h_contains(h_path(&env, "out/2026-11-27/XR505_FRA-JFK.html"),
	    "Data quality: birth date &#39; 670603&#39; sent with spaces"));

	/* A PNR: the segments that cannot be read ignored, the travellers kept. */
	accepted("damaged-pnrgov.edi", "passengers", 2, "ORG (segment 9) of"
	    " PNR LQV5T1: ORG agency too long");
	accepted("damaged-pnrgov.edi", "passengers", 2, "LINDQVIST EVA"
	    " (segment 12 of PNR LQV5T1): EBD too long");
	accepted("damaged-pnrgov.edi", "passengers", 2, "given name longer"
	    " than 255 bytes: cut");
	accepted("damaged-pnrgov.edi", "passengers", 2, "the flight kept"
	    " without its times");
	assert_non_null(s = subject_of("out/2026-11-27/XR507_CDG-JFK.json",
	    "LINDQVIST EVA"));
	assert_true(has_note(s, "EBD too long"));
	json_decref(s);
	assert_true(has_target("out/2026-11-27/XR507_CDG-JFK.json",
	    "LINDQVIST EVA", "RF-5"));
}

/*
 * A booked traveller the API lists do not name stays on the list, saying
 * so: before the departure "booked, not on the API list", and once a list
 * came in after the scheduled departure, "not boarded".
 */
static const char *
boarding_of(const char *list, const char *name)
{
	static char out[64];
	json_t *doc = h_json(h_path(&env, "%s", list)), *t;
	size_t i;

	out[0] = '\0';
	json_array_foreach(json_object_get(doc, "targets"), i, t) {
		json_t *s = json_object_get(t, "subject");
		const char *b = json_string_value(json_object_get(s, "boarding"));

		if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0)
			strlcpy(out, b != NULL ? b : "on the list", sizeof(out));
	}
	json_decref(doc);
	return out;
}

static void
booked_not_boarded(void **state)
{
	(void)state;
	/* The PNR alone: booked, and nothing more to say. */
	assert_string_equal(boarding_of("out/2026-11-27/XR711_CDG-JFK.json",
	    "RIVERA LUIS"), "on the list");
	assert_int_equal(h_sh("cp '%s/tests/data/real/later/api-after-departure.edi'"
	    " '%s/dropbox/XR/incoming/'", h_root(), env.tmp), 0);
	/* The flight left CDG at 09:30 UTC; its boarded list comes at 10:00. */
	VB(0, "--now 2026-11-27T10:00:00Z run --dropbox '%s/dropbox' --out '%s/out'"
	    " --format json,csv", env.tmp, env.tmp);
	assert_string_equal(boarding_of("out/2026-11-27/XR711_CDG-JFK.json",
	    "RIVERA LUIS"), "not boarded");
	assert_true(h_contains(h_path(&env, "out/2026-11-27/XR711_CDG-JFK.csv"),
	    "passenger (not boarded)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_job),
		cmocka_unit_test(type_b),
		cmocka_unit_test(e_mail),
		cmocka_unit_test(stray_bytes),
		cmocka_unit_test(damaged_values),
		cmocka_unit_test(booked_not_boarded),
	};

	return cmocka_run_group_tests_name("real_files", tests, setup, teardown);
}
