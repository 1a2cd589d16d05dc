#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feeds/feed.h"
#include "harness.h"

static const struct feed_ctx ctx = {2026};

/* A manifest's members in the several-manifests form, one manifest. */
#define HEAD	"{\"format\": \"vborder-manifest/1\", \"manifests\": [{"
#define TAIL	"}]}"
#define LEG	"{\"transport_id\": \"XA1\", \"departure_port\": \"WAW\"," \
		" \"departure_local\": \"2026-11-25T07:10\"," \
		" \"arrival_port\": \"BOS\", \"arrival_local\": \"2026-11-25T11:50\"}"
#define LEGS	"\"legs\": [" LEG "]"
#define ONE	"\"carrier\": \"XA\", " LEGS

/* Parses buf, which must be ours by detection; the model, or NULL and err. */
static struct model *
parse_len(const char *buf, size_t len, struct vb_error *err)
{
	return h_parse(&feed_json, buf, len, ctx.ref_year, err);
}

static struct model *
parse_ok(const char *in)
{
	struct model *m;

	assert_non_null(m = h_parse_ok(&feed_json, in, strlen(in),
	    ctx.ref_year, NULL));
	return m;
}

static const char *
root_path(const char *rel)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", h_root(), rel);
	return buf;
}

static int
has_warning(const struct model *m, const char *text)
{
	for (size_t i = 0; i < m->nwarnings; i++)
		if (strcmp(m->warnings[i].message, text) == 0)
			return 1;
	return 0;
}

static void
check_leg(const struct leg *l, const char *carrier, const char *id,
    const char *from, const char *to, const char *dep, const char *arr,
    int reporting)
{
	assert_string_equal(l->carrier, carrier);
	assert_string_equal(l->transport_id, id);
	assert_string_equal(l->departure_port, from);
	assert_string_equal(l->arrival_port, to);
	assert_string_equal(l->departure_local, dep);
	assert_string_equal(l->arrival_local, arr);
	assert_int_equal(l->reporting, reporting);
}

static void
check_doc(const struct document *d, const char *type, const char *number,
    const char *country, const char *expiry)
{
	assert_string_equal(d->type, type);
	assert_string_equal(d->number, number);
	assert_string_equal(d->country, country);
	assert_string_equal(d->expiry, expiry);
}

/* ---- the documented example ---- */

static void
check_example(const struct model *m)
{
	const struct manifest *mf;
	const struct person *p;

	assert_string_equal(m->sender, "XA");
	assert_string_equal(m->interchange_ref, "XA401-20261125-003");
	assert_int_equal(m->nmanifests, 2);
	assert_int_equal(m->nerrors, 0);
	assert_int_equal(m->nwarnings, 0);

	mf = &m->manifests[0];
	assert_string_equal(mf->format, "json");
	assert_string_equal(mf->version, "1");
	assert_string_equal(mf->message_ref, "XA401-PAX");
	assert_string_equal(mf->sender, "XA");
	assert_null(mf->document_code);
	assert_int_equal(mf->role, ROLE_PASSENGER);
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_int_equal(mf->nlegs, 2);
	check_leg(&mf->legs[0], "XA", "XA401", "WAW", "KEF", "2026-11-25T07:10",
	    "2026-11-25T09:05", 0);
	check_leg(&mf->legs[1], "XA", "XA401", "KEF", "BOS", "2026-11-25T10:15",
	    "2026-11-25T11:50", 1);
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[1]);
	assert_int_equal(mf->npeople, 2);
	p = &mf->people[0];
	assert_int_equal(p->role, ROLE_PASSENGER);
	assert_string_equal(p->surname, "NOWAK");
	assert_string_equal(p->given, "PIOTR");
	assert_string_equal(p->middle, "ADAM");
	assert_string_equal(p->birth_date, "1981-02-09");
	assert_string_equal(p->gender, "M");
	assert_string_equal(p->nationality, "POL");
	assert_string_equal(p->residence, "POL");
	assert_string_equal(p->embark, "WAW");
	assert_string_equal(p->debark, "BOS");
	assert_null(p->transit);
	assert_null(p->birth_place);
	assert_string_equal(p->booking_ref, "QX7K2M");
	assert_int_equal(p->offset, -1);
	assert_int_equal(p->pnr, -1);
	assert_int_equal(p->ndocs, 2);
	check_doc(&p->docs[0], "P", "EA1234567", "POL", "2031-05-30");
	check_doc(&p->docs[1], "V", "R7731002", "USA", "2028-01-14");
	p = &mf->people[1];
	assert_string_equal(p->surname, "O'BRIEN");
	assert_string_equal(p->given, "SIOBHAN");
	assert_null(p->middle);
	assert_string_equal(p->birth_date, "1994-12-31");
	assert_string_equal(p->gender, "F");
	assert_null(p->residence);
	assert_string_equal(p->transit, "KEF");
	assert_int_equal(p->ndocs, 1);
	check_doc(&p->docs[0], "P", "PX4419270", "IRL", "2029-08-01");

	mf = &m->manifests[1];
	assert_string_equal(mf->message_ref, "XA401-CREW");
	assert_int_equal(mf->role, ROLE_CREW);
	assert_int_equal(mf->action, MANIFEST_REPLACE);
	assert_int_equal(mf->nlegs, 1);
	check_leg(&mf->legs[0], "XA", "XA401", "KEF", "BOS", "2026-11-25T10:15",
	    "2026-11-25T11:50", 1);
	assert_int_equal(mf->npeople, 1);
	p = &mf->people[0];
	assert_int_equal(p->role, ROLE_CREW);
	assert_string_equal(p->surname, "KOWALSKA");
	assert_string_equal(p->given, "EWA");
	assert_null(p->booking_ref);
	check_doc(&p->docs[0], "P", "EB7654321", "POL", "2030-03-15");
}

static void
test_example(void **state)
{
	struct vb_error err;
	struct model *m;
	char *example, *doc;
	size_t len;

	(void)state;
	assert_non_null(example = h_read(root_path("tests/data/json/example.json"),
	    &len));
	assert_non_null(doc = h_slurp(root_path("docs/json-manifest.md")));
	/* The page shows the very file the test reads: they cannot drift. */
	if (strstr(doc, example) == NULL)
		fail_msg("docs/json-manifest.md no longer shows"
		    " tests/data/json/example.json unchanged");
	assert_non_null(m = parse_len(example, len, &err));
	check_example(m);
	model_free(m);
	free(doc);
	free(example);
}

/* The one-manifest form, a crew list, as the page shows it. */
static void
test_crew_list(void **state)
{
	static const char in[] = "{\n"
	    "  \"format\": \"vborder-manifest/1\",\n"
	    "  \"sender\": \"XA\",\n"
	    "  \"reference\": \"C-77\",\n"
	    "  \"list\": \"crew\",\n"
	    "  \"carrier\": \"XA\",\n"
	    "  \"legs\": [{\"transport_id\": \"XA402\", \"departure_port\":"
	    " \"BOS\", \"departure_local\": \"2026-11-25T19:00\",\n"
	    "            \"arrival_port\": \"KEF\", \"arrival_local\":"
	    " \"2026-11-26T04:40\", \"reporting\": true}],\n"
	    "  \"people\": [{\"surname\": \"KOWALSKA\", \"given_names\": \"EWA\","
	    " \"birth_date\": \"1979-06-21\", \"gender\": \"F\"},\n"
	    "    {\"surname\": \"Ní Bhriain\", \"given_names\": \"  Aoife   Máire"
	    "  Róisín \", \"gender\": \"X\", \"birth_date\": \"1996-02-29\"}]\n"
	    "}\n";
	struct model *m = parse_ok(in);
	const struct manifest *mf;
	const struct person *p;

	(void)state;
	assert_string_equal(m->sender, "XA");
	assert_null(m->interchange_ref);
	assert_int_equal(m->nmanifests, 1);
	mf = &m->manifests[0];
	assert_string_equal(mf->message_ref, "C-77");
	assert_string_equal(mf->sender, "XA");
	assert_int_equal(mf->role, ROLE_CREW);
	check_leg(&mf->legs[0], "XA", "XA402", "BOS", "KEF", "2026-11-25T19:00",
	    "2026-11-26T04:40", 1);
	assert_int_equal(mf->npeople, 2);
	assert_int_equal(mf->people[0].role, ROLE_CREW);
	assert_int_equal(mf->people[0].ndocs, 0);
	p = &mf->people[1];
	assert_int_equal(p->role, ROLE_CREW);
	assert_string_equal(p->surname, "Ní Bhriain");
	assert_string_equal(p->given, "Aoife");
	assert_string_equal(p->middle, "Máire  Róisín");
	assert_string_equal(p->gender, "X");
	assert_string_equal(p->birth_date, "1996-02-29");
	assert_int_equal(m->nwarnings, 0);
	model_free(m);
}

/*
 * Three legs, another carrier on one, none marked reporting (the last is the
 * arrival), and a crew member on a passenger list.
 */
static void
test_multi_leg(void **state)
{
	static const char in[] = HEAD "\"carrier\": \"XA\", \"legs\": ["
	    "{\"transport_id\": \"XA11\", \"departure_port\": \"WAW\","
	    " \"departure_local\": \"2026-11-25T06:00\", \"arrival_port\": \"FRA\","
	    " \"arrival_local\": \"2026-11-25T07:55\", \"reporting\": false},"
	    "{\"transport_id\": \"YB500\", \"carrier\": \"YB\", \"departure_port\":"
	    " \"FRA\", \"departure_local\": \"2026-11-25T09:30\", \"arrival_port\":"
	    " \"KEF\", \"arrival_local\": \"2026-11-25T11:10\", \"reporting\": null},"
	    "{\"transport_id\": \"XA12\", \"carrier\": \"\", \"departure_port\":"
	    " \"KEF\", \"departure_local\": \"2026-11-25T12:40\", \"arrival_port\":"
	    " \"BOS\", \"arrival_local\": \"2026-11-25T14:25\"}],"
	    " \"people\": [{\"surname\": \"A\", \"embark_port\": \"WAW\","
	    " \"debark_port\": \"BOS\"}, {\"surname\": \"B\", \"role\": \"crew\","
	    " \"given_names\": \"\", \"nationality\": null}]" TAIL;
	struct model *m = parse_ok(in);
	const struct manifest *mf = &m->manifests[0];

	(void)state;
	assert_null(m->sender);
	assert_null(mf->sender);
	assert_null(mf->message_ref);
	assert_int_equal(mf->nlegs, 3);
	check_leg(&mf->legs[0], "XA", "XA11", "WAW", "FRA", "2026-11-25T06:00",
	    "2026-11-25T07:55", 0);
	check_leg(&mf->legs[1], "YB", "YB500", "FRA", "KEF", "2026-11-25T09:30",
	    "2026-11-25T11:10", 0);
	check_leg(&mf->legs[2], "XA", "XA12", "KEF", "BOS", "2026-11-25T12:40",
	    "2026-11-25T14:25", 0);
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[2]);
	assert_int_equal(mf->role, ROLE_PASSENGER);
	assert_int_equal(mf->people[0].role, ROLE_PASSENGER);
	assert_string_equal(mf->people[0].embark, "WAW");
	assert_int_equal(mf->people[1].role, ROLE_CREW);
	assert_null(mf->people[1].given);
	assert_null(mf->people[1].nationality);
	model_free(m);
}

static void
test_actions(void **state)
{
	static const char in[] = "{\"format\": \"vborder-manifest/1\","
	    " \"manifests\": ["
	    "{\"reference\": \"R\", " ONE ", \"people\": [{\"surname\": \"A\"}]},"
	    "{\"reference\": \"C\", \"action\": \"change\", " ONE ","
	    " \"people\": [{\"surname\": \"B\"}]},"
	    "{\"reference\": \"X\", \"action\": \"cancel\", \"list\": \"crew\", "
	    ONE ", \"people\": [{\"surname\": \"A\"}]},"
	    "{\"reference\": \"E\", \"action\": \"replace\", " ONE ","
	    " \"people\": []}]}";
	struct model *m = parse_ok(in);

	(void)state;
	assert_int_equal(m->nmanifests, 4);
	assert_int_equal(m->manifests[0].action, MANIFEST_REPLACE);
	assert_int_equal(m->manifests[1].action, MANIFEST_CHANGE);
	assert_int_equal(m->manifests[2].action, MANIFEST_CANCEL);
	assert_int_equal(m->manifests[2].role, ROLE_CREW);
	assert_int_equal(m->manifests[2].people[0].role, ROLE_CREW);
	assert_int_equal(m->manifests[3].action, MANIFEST_REPLACE);
	assert_int_equal(m->manifests[3].npeople, 0);
	model_free(m);
}

/* ---- errors ---- */

/* Parses in (straight to the parser) and expects err: code, path, message. */
static void
check_error(const char *in, enum vb_errcode code, const char *segment,
    const char *message)
{
	struct vb_error err;
	struct model *m;

	vb_err_clear(&err);
	assert_non_null(m = model_new());
	if (feed_json.parse(in, strlen(in), &ctx, m, &err) != -1)
		fail_msg("accepted: %s", in);
	model_free(m);
	if (err.code != code || strcmp(err.segment, segment) != 0 ||
	    strcmp(err.message, message) != 0)
		fail_msg("got %s \"%s\" [%s], want %s \"%s\" [%s]\nin %s",
		    vb_errcode_name(err.code), err.message, err.segment,
		    vb_errcode_name(code), message, segment, in);
	assert_int_equal(err.offset, -1);
}

static const struct {
	const char *members;	/* of manifests[0] */
	const char *path;
	const char *message;	/* after "path: " */
} invalid[] = {
	{ONE ", \"people\": [{\"surname\": \"A\"}, {\"surname\": \"B\","
	    " \"birth_date\": \"1981-02-30\"}]",
	    "people[1].birth_date", "1981-02-30 is not a date (YYYY-MM-DD)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"birth_date\": \"2026-02-29\"}]",
	    "people[0].birth_date", "2026-02-29 is not a date (YYYY-MM-DD)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"birth_date\": \"1981-2-9\"}]",
	    "people[0].birth_date", "1981-2-9 is not a date (YYYY-MM-DD)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"birth_date\": \"09.02.1981\"}]",
	    "people[0].birth_date", "09.02.1981 is not a date (YYYY-MM-DD)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"birth_date\": \"1981-02-09T00:00\"}]",
	    "people[0].birth_date", "1981-02-09T00:00 is not a date (YYYY-MM-DD)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"birth_date\": 19810209}]",
	    "people[0].birth_date", "expected a string, not a number"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"gender\": \"male\"}]",
	    "people[0].gender", "male is not a gender (M, F, X or U)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"gender\": \"m\"}]",
	    "people[0].gender", "m is not a gender (M, F, X or U)"},
	{ONE ", \"people\": [{\"given_names\": \"A\"}]",
	    "people[0].surname", "required"},
	{ONE ", \"people\": [{\"surname\": \"\"}]",
	    "people[0].surname", "required, and empty here"},
	{ONE ", \"people\": [{\"surname\": null}]",
	    "people[0].surname", "required, and empty here"},
	{ONE ", \"people\": [{\"surname\": [\"A\"]}]",
	    "people[0].surname", "expected a string, not an array"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"given_names\": 7}]",
	    "people[0].given_names", "expected a string, not a number"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"role\": \"pilot\"}]",
	    "people[0].role", "pilot is not one of passenger, crew"},
	{ONE ", \"people\": [\"A\"]",
	    "people[0]", "expected an object, not a string"},
	{ONE ", \"people\": {\"surname\": \"A\"}",
	    "people", "expected an array, not an object"},
	{ONE, "people", "required (may be empty)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"documents\": [{\"type\":"
	    " \"P\", \"country\": \"POL\"}]}]",
	    "people[0].documents[0].number", "required"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"documents\": [{\"type\":"
	    " \"P\", \"number\": \"1\"}, {\"type\": \"V\", \"number\": \"2\","
	    " \"expiry\": \"2031-13-01\"}]}]",
	    "people[0].documents[1].expiry", "2031-13-01 is not a date (YYYY-MM-DD)"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"documents\": {}}]",
	    "people[0].documents", "expected an array, not an object"},
	{ONE ", \"people\": [{\"surname\": \"A\", \"documents\": [true]}]",
	    "people[0].documents[0]", "expected an object, not a boolean"},
	{"\"carrier\": \"XA\", \"legs\": [{\"transport_id\": \"XA1\","
	    " \"departure_port\": \"WAW\", \"departure_local\": \"2026-11-25T07:10\","
	    " \"arrival_port\": \"BOS\", \"arrival_local\": \"2026-11-25 11:50\"}],"
	    " \"people\": []",
	    "legs[0].arrival_local",
	    "2026-11-25 11:50 is not a local time (YYYY-MM-DDTHH:MM)"},
	{"\"carrier\": \"XA\", \"legs\": [" LEG ", {\"transport_id\": \"XA1\","
	    " \"departure_port\": \"WAW\", \"departure_local\": \"2026-11-25T24:00\","
	    " \"arrival_port\": \"BOS\", \"arrival_local\": \"2026-11-25T11:50\"}],"
	    " \"people\": []",
	    "legs[1].departure_local",
	    "2026-11-25T24:00 is not a local time (YYYY-MM-DDTHH:MM)"},
	{"\"carrier\": \"XA\", \"legs\": [{\"transport_id\": \"XA1\","
	    " \"departure_local\": \"2026-11-25T07:10\", \"arrival_port\": \"BOS\","
	    " \"arrival_local\": \"2026-11-25T11:50\"}], \"people\": []",
	    "legs[0].departure_port", "required"},
	{"\"carrier\": \"XA\", \"legs\": [{\"transport_id\": \"XA1\","
	    " \"departure_port\": \"WAW\", \"departure_local\": \"2026-11-25T07:10\","
	    " \"arrival_port\": \"BOS\", \"arrival_local\": \"2026-11-25T11:50\","
	    " \"reporting\": \"yes\"}], \"people\": []",
	    "legs[0].reporting", "expected true or false, not a string"},
	{LEGS ", \"people\": []",
	    "legs[0].carrier", "required, here or in the manifest"},
	{"\"carrier\": \"XA\", \"legs\": [], \"people\": []", "legs", "empty"},
	{"\"carrier\": \"XA\", \"people\": []", "legs", "required"},
	{ONE ", \"list\": \"cargo\", \"people\": []",
	    "list", "cargo is not one of passengers, crew"},
	{ONE ", \"action\": \"delete\", \"people\": []",
	    "action", "delete is not one of replace, change, cancel"},
	{ONE ", \"reference\": 12, \"people\": []",
	    "reference", "expected a string, not a number"},
};

static void
test_invalid(void **state)
{
	char in[2048], segment[128], message[512];

	(void)state;
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		snprintf(in, sizeof(in), HEAD "%s" TAIL, invalid[i].members);
		snprintf(segment, sizeof(segment), "manifests[0].%s",
		    invalid[i].path);
		snprintf(message, sizeof(message), "%s: %s", segment,
		    invalid[i].message);
		check_error(in, VB_EINVALID, segment, message);
		/* The one-manifest form: the same, with paths from its top. */
		snprintf(in, sizeof(in), "{\"format\": \"vborder-manifest/1\", %s}",
		    invalid[i].members);
		snprintf(message, sizeof(message), "%s: %s", invalid[i].path,
		    invalid[i].message);
		check_error(in, VB_EINVALID, invalid[i].path, message);
	}
}

/* What makes the whole file wrong, not one manifest. */
static void
test_invalid_file(void **state)
{
	(void)state;
	check_error("{\"manifests\": []}", VB_EUNSUPPORTED, "format",
	    "format: not a vborder manifest (\"format\": \"vborder-manifest/1\""
	    " missing)");
	check_error("{\"format\": \"vborder-manifest/2\", \"manifests\": []}",
	    VB_EUNSUPPORTED, "format", "format: vborder-manifest/2 is not a"
	    " version this reads (vborder-manifest/1)");
	check_error("{\"format\": \"vborder-manifest/\"}", VB_EUNSUPPORTED,
	    "format", "format: vborder-manifest/ is not a version this reads"
	    " (vborder-manifest/1)");
	check_error("{\"format\": 1}", VB_EINVALID, "format",
	    "format: expected a string, not a number");
	check_error("[{\"format\": \"vborder-manifest/1\"}]", VB_EINVALID, "",
	    "(top): expected an object, not an array");
	check_error("{\"format\": \"vborder-manifest/1\", \"manifests\": []}",
	    VB_EINVALID, "manifests", "manifests: empty");
	check_error("{\"format\": \"vborder-manifest/1\", \"manifests\": {}}",
	    VB_EINVALID, "manifests", "manifests: expected an array, not an object");
	check_error("{\"format\": \"vborder-manifest/1\", \"sender\": false}",
	    VB_EINVALID, "sender", "sender: expected a string, not a boolean");
	check_error("{\"format\": \"vborder-manifest/1\", \"manifests\": [{"
	    ONE ", \"people\": []}], \"people\": []}", VB_EINVALID, "people",
	    "people: beside manifests: put it in one of them");
	check_error("{\"format\": \"vborder-manifest/1\", \"manifests\": [3]}",
	    VB_EINVALID, "manifests[0]",
	    "manifests[0]: expected an object, not a number");
}

static void
check_syntax(const char *in, long offset, int line, const char *part)
{
	struct vb_error err;

	assert_true(h_parse_fails(&feed_json, in, strlen(in), ctx.ref_year, &err));
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(err.offset, offset);
	assert_int_equal(err.segment_no, line);
	if (strstr(err.message, part) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.message, part);
}

static void
test_bad_json(void **state)
{
	static const char colon[] = "{\"format\": \"vborder-manifest/1\",\n"
	    " \"manifests\": [\n {\"carrier\" \"XA\"}]}";
	static const char dup[] = "{\"format\": \"vborder-manifest/1\",\n"
	    " \"carrier\": \"XA\", \"carrier\": \"YB\"}";
	static const char cut[] = "{\"format\": \"vborder-manifest/1\",\n"
	    " \"manifests\": [{\"legs\": [";
	static const char bom[] = "\xef\xbb\xbf{\"format\": \"vborder-manifest/1\","
	    " \"a\": tru}";
	static const char nul[] = "{\"format\": \"vborder-manifest/1\","
	    " \"a\": \"\\u0000\"}";
	static const char latin1[] = "{\"format\": \"vborder-manifest/1\","
	    " \"a\": \"M\xfcller\"}";

	(void)state;
	/* jansson stops just after the token at fault. */
	check_syntax(colon, (long)(strstr(colon, "\"XA\"") - colon) + 4, 3,
	    "invalid JSON at line 3, column 16 (offset 65): ':' expected");
	check_syntax(dup, (long)(strstr(dup, "\"carrier\": \"YB") - dup) + 9, 2,
	    "duplicate object key");
	check_syntax(cut, (long)strlen(cut), 2, "end of file");
	/* Offsets count the byte order mark, which the parser skips. */
	check_syntax(bom, (long)strlen(bom) - 1, 1, "invalid token");
	/* A NUL would cut the C strings of the model short. */
	check_syntax(nul, (long)strlen(nul) - 1, 1, "\\u0000 is not allowed");
	/* Here jansson stops at the byte it could not decode. */
	check_syntax(latin1, (long)(strchr(latin1, '\xfc') - latin1), 1,
	    "unable to decode byte 0xfc");
	check_syntax("", 0, 1, "end of file");
}

/* ---- several manifests: each kept or left out on its own ---- */

static void
test_one_bad_among_good(void **state)
{
	static const char in[] = HEAD "\"reference\": \"M1\", " ONE ","
	    " \"people\": [{\"surname\": \"A\", \"seat\": \"12A\"}]},"
	    "{\"reference\": \"M2\", " ONE ", \"people\": [{\"surname\": \"B\","
	    " \"loyalty\": 1}, {\"surname\": \"C\", \"birth_date\": \"1981-02-30\"}]},"
	    "{\"reference\": \"M3\", " ONE ", \"list\": \"crew\","
	    " \"people\": [{\"surname\": \"D\"}]" TAIL;
	struct model *m = parse_ok(in);
	const struct message_error *e;

	(void)state;
	assert_int_equal(m->nmanifests, 2);
	assert_string_equal(m->manifests[0].message_ref, "M1");
	assert_string_equal(m->manifests[0].people[0].surname, "A");
	assert_string_equal(m->manifests[1].message_ref, "M3");
	assert_int_equal(m->manifests[1].role, ROLE_CREW);
	assert_string_equal(m->manifests[1].people[0].surname, "D");
	assert_int_equal(m->nerrors, 1);
	e = &m->errors[0];
	assert_string_equal(e->message_ref, "M2");
	assert_string_equal(e->segment, "manifests[1].people[1].birth_date");
	assert_string_equal(e->message, "manifests[1].people[1].birth_date:"
	    " 1981-02-30 is not a date (YYYY-MM-DD)");
	assert_int_equal(e->offset, -1);
	/* Warnings come from what was kept only. */
	assert_int_equal(m->nwarnings, 1);
	assert_true(has_warning(m,
	    "manifests[0].people[0].seat: unknown field, ignored"));
	model_free(m);
}

static void
test_all_bad(void **state)
{
	static const char in[] = HEAD ONE ", \"people\": [{\"surname\": \"\"}]},"
	    "{\"reference\": \"M2\", \"people\": []" TAIL;
	struct vb_error err;
	struct model *m;

	(void)state;
	vb_err_clear(&err);
	assert_non_null(m = model_new());
	assert_int_equal(feed_json.parse(in, strlen(in), &ctx, m, &err), -1);
	/* The first one's error, and each one named. */
	assert_int_equal(err.code, VB_EINVALID);
	assert_string_equal(err.segment, "manifests[0].people[0].surname");
	assert_string_equal(err.message,
	    "manifests[0].people[0].surname: required, and empty here");
	assert_int_equal(m->nmanifests, 0);
	assert_int_equal(m->nerrors, 2);
	assert_null(m->errors[0].message_ref);
	assert_string_equal(m->errors[1].message_ref, "M2");
	assert_string_equal(m->errors[1].message, "manifests[1].legs: required");
	model_free(m);
}

static void
test_unknown_fields(void **state)
{
	static const char in[] = "{\"format\": \"vborder-manifest/1\","
	    " \"generator\": \"carrier-dcs 4.2\", \"manifests\": [{"
	    "\"carrier\": \"XA\", \"flight_status\": \"OK\", \"legs\": [{"
	    "\"transport_id\": \"XA1\", \"aircraft\": \"B38M\", \"departure_port\":"
	    " \"WAW\", \"departure_local\": \"2026-11-25T07:10\", \"arrival_port\":"
	    " \"BOS\", \"arrival_local\": \"2026-11-25T11:50\"}], \"people\": [{"
	    "\"surname\": \"A\", \"documents\": [{\"type\": \"P\", \"number\":"
	    " \"X1\", \"mrz\": \"P<POLA<<\"}]}]}]}";
	static const char single[] = "{\"format\": \"vborder-manifest/1\","
	    " \"sender\": \"XA\", \"generator\": \"x\", " ONE ", \"people\": []}";
	struct model *m = parse_ok(in);

	(void)state;
	assert_int_equal(m->nmanifests, 1);
	assert_int_equal(m->nwarnings, 4);
	assert_true(has_warning(m, "generator: unknown field, ignored"));
	assert_true(has_warning(m,
	    "manifests[0].flight_status: unknown field, ignored"));
	assert_true(has_warning(m,
	    "manifests[0].legs[0].aircraft: unknown field, ignored"));
	assert_true(has_warning(m,
	    "manifests[0].people[0].documents[0].mrz: unknown field, ignored"));
	assert_int_equal(m->warnings[0].offset, -1);
	model_free(m);
	m = parse_ok(single);
	assert_int_equal(m->nwarnings, 1);
	assert_true(has_warning(m, "generator: unknown field, ignored"));
	model_free(m);
}

/* ---- detection ---- */

static void
test_detect(void **state)
{
	static const char paxlst[] = "UNA:+.? 'UNB+UNOA:4+XA+US+261124:1900+1'"
	    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+2+1'UNZ+1+1'";
	static const char target_list[] = "{\"arrival\": {\"mode\": \"air\"},"
	    " \"generated_at\": \"2026-11-24T22:00:00Z\", \"targets\": []}";
	static const char ftm[] = "{\"id\": \"NK-1\", \"schema\": \"Person\","
	    " \"properties\": {\"name\": [\"Nowak\"]}}\n";
	static const char other_format[] = "{\"format\": \"geojson\","
	    " \"manifests\": []}";
	static const char in_a_value[] = "{\"note\": \"\\\"format\\\":"
	    " \\\"vborder-manifest/1\\\"\"}";
	static const char as_value[] = "{\"x\": \"format\", \"y\":"
	    " \"vborder-manifest/1\"}";
	static const char array[] = "[{\"format\": \"vborder-manifest/1\"}]";
	static const char spaced[] = "\r\n\t {\n  \"format\"\t:\n"
	    "  \"vborder-manifest/1\"}";
	static const char bom[] = "\xef\xbb\xbf{\"format\": \"vborder-manifest/1\"}";
	static const char later[] = "{\"format\": \"vborder-manifest/9\"}";
	char *late;
	struct vb_error err;

	(void)state;
	assert_string_equal(feed_json.name, "json");
	assert_false(feed_json.detect(paxlst, strlen(paxlst)));
	assert_ptr_equal(feed_detect(paxlst, strlen(paxlst), &err), &feed_paxlst);
	assert_false(feed_json.detect(target_list, strlen(target_list)));
	assert_false(feed_json.detect(ftm, strlen(ftm)));
	assert_false(feed_json.detect(other_format, strlen(other_format)));
	assert_false(feed_json.detect(in_a_value, strlen(in_a_value)));
	assert_false(feed_json.detect(as_value, strlen(as_value)));
	assert_false(feed_json.detect(array, strlen(array)));
	assert_false(feed_json.detect("", 0));
	assert_false(feed_json.detect("{", 1));
	assert_false(feed_json.detect("{\"format\": \"vborder-manifest", 28));
	assert_true(feed_json.detect(spaced, strlen(spaced)));
	assert_true(feed_json.detect(bom, strlen(bom)));
	/* Another version is ours to refuse clearly, not "unknown format". */
	assert_true(feed_json.detect(later, strlen(later)));
	assert_null(feed_detect(target_list, strlen(target_list), &err));
	assert_int_equal(err.code, VB_EUNSUPPORTED);
	assert_string_equal(err.message, "unknown format");
	/* Neither does PAXLST take ours. */
	assert_false(feed_paxlst.detect(spaced, strlen(spaced)));
	/* The marker must come in the first 4 KiB. */
	assert_non_null(late = malloc(8192));
	memset(late, ' ', 8192);
	late[0] = '{';
	memcpy(late + 4096, "\"format\": \"vborder-manifest/1\"}", 31);
	assert_false(feed_json.detect(late, 4096 + 31));
	memcpy(late + 4000, "\"format\": \"vborder-manifest/1\"}", 31);
	assert_true(feed_json.detect(late, 4096 + 31));
	free(late);
}

/* With a byte order mark, the example still parses whole. */
static void
test_bom(void **state)
{
	struct vb_error err;
	struct model *m;
	char *example, *buf;
	size_t len;

	(void)state;
	assert_non_null(example = h_read(root_path("tests/data/json/example.json"),
	    &len));
	assert_non_null(buf = malloc(len + 3));
	memcpy(buf, "\xef\xbb\xbf", 3);
	memcpy(buf + 3, example, len);
	assert_non_null(m = parse_len(buf, len + 3, &err));
	check_example(m);
	model_free(m);
	free(buf);
	free(example);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_crew_list),
		cmocka_unit_test(test_multi_leg),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_invalid_file),
		cmocka_unit_test(test_bad_json),
		cmocka_unit_test(test_one_bad_among_good),
		cmocka_unit_test(test_all_bad),
		cmocka_unit_test(test_unknown_fields),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_bom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
