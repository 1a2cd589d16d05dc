#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "match/match.h"
#include "match/namesim.h"

#define EPS 0.0001

/* A person with one name; the other fields are set by the test. */
static struct match_record
person(const char *const *name, const char *dob)
{
	return (struct match_record){
		.kind = MATCH_PERSON, .names = name, .nnames = 1,
		.birth_date = dob,
	};
}

static double
score(const struct match_record *s, const struct match_record *e,
    char *expl)
{
	return match_score(s, e, expl, MATCH_EXPLAIN_MAX);
}

/* namesim's similarity of two names: what the calibration starts from. */
static double
similarity(const char *a, const char *b, enum match_kind kind)
{
	struct namesim *x = namesim_new(a, kind), *y = namesim_new(b, kind);
	double sim;

	assert_non_null(x);
	assert_non_null(y);
	sim = namesim_compare(x, y, NULL, 0);
	namesim_free(x);
	namesim_free(y);
	return sim;
}

/* The calibration of a name match (match.c): base at NAMESIM_SAME, top at 1. */
static double
level(double sim, double base, double top)
{
	double t = (sim - NAMESIM_SAME) / (1.0 - NAMESIM_SAME);

	if (sim < NAMESIM_SAME)
		return 0.60 * sim / NAMESIM_SAME;
	return base + (top - base) * (t > 1.0 ? 1.0 : t);
}

/* Subject and entry names that should match, confirmed by the birth date. */
static void
same_person(const char *subject, const char *entry)
{
	const char *sn[] = {subject}, *en[] = {entry};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970-03-15");
	double sim = similarity(subject, entry, MATCH_PERSON);
	char expl[MATCH_EXPLAIN_MAX];

	assert_true(sim >= NAMESIM_SAME);
	assert_float_equal(score(&s, &e, expl), level(sim, 0.90, 0.97), EPS);
	assert_true(score(&s, &e, NULL) >= 0.90);
	assert_non_null(strstr(expl, "birth date equal 1970-03-15"));
	/* symmetric */
	assert_float_equal(score(&e, &s, NULL), level(sim, 0.90, 0.97), EPS);
}

static void
test_spellings_confirmed_by_dob(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"Müller, Hans"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970-03-15");

	(void)state;
	same_person("MUELLER HANS", "Müller, Hans");
	same_person("MULLER HANS", "Müller Hans");
	same_person("Müller Hans", "MULLER HANS");
	same_person("JOSE GARCIA", "José García");
	same_person("OBRIEN SEAN", "O'Brien, Seán");
	same_person("O’Brien Sean", "OBRIEN SEAN");
	same_person("SMITH JONES ANNA", "Anna Smith-Jones");
	same_person("HANS MUELLER", "MUELLER HANS");
	same_person("Mueller, Hans", "Hans MUELLER");
	same_person("SMITH JOHN MR", "John Smith");	/* PNR title */
	same_person("MUELLER HANS", "Hans Peter Müller");
	same_person("GARCIA MARIA", "María José García López");
	/* one spelling of one name: as high as a name goes */
	assert_float_equal(score(&s, &e, NULL), 0.97, EPS);
}

static void
test_explanation(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"Müller, Hans"};
	const char *en2[] = {"Hans Peter Müller"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970-03-15");
	char expl[MATCH_EXPLAIN_MAX], part[MATCH_EXPLAIN_MAX];
	const char *tail = "; birth date equal 1970-03-15; nationality DEU equal";
	size_t cut;

	(void)state;
	s.nationality = "DE";
	e.nationality = "DEU";
	assert_float_equal(score(&s, &e, expl), 0.97, EPS);
	/* namesim says how the names compare, the matcher which and the rest */
	assert_true(strncmp(expl, "name ", 5) == 0);
	assert_non_null(strstr(expl, "MUELLER HANS"));
	assert_string_equal(expl + strlen(expl) - strlen(tail), tail);
	e.names = en2;
	(void)score(&s, &e, expl);
	assert_true(strncmp(expl, "name ", 5) == 0);
	assert_non_null(strstr(expl, "HANS PETER MUELLER"));
	/* a short buffer keeps whole parts only */
	cut = strlen(expl) - strlen("; nationality DEU equal");
	(void)match_score(&s, &e, part, cut + 1);
	assert_int_equal(strlen(part), cut);
	assert_true(strncmp(part, expl, cut) == 0);
	(void)match_score(&s, &e, part, cut);
	assert_int_equal(strlen(part), strlen(expl) - strlen(tail));
	assert_true(strncmp(part, expl, strlen(part)) == 0);
}

static void
test_birth_date_levels(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"HANS MUELLER"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970");
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	assert_float_equal(score(&s, &e, expl), 0.88, EPS);
	assert_non_null(strstr(expl, "birth year equal (traveller 1970-03-15,"
	    " list 1970)"));
	e.birth_date = "1970-03";
	assert_float_equal(score(&s, &e, NULL), 0.88, EPS);
	e.birth_date = NULL;
	assert_float_equal(score(&s, &e, expl), 0.80, EPS);
	assert_non_null(strstr(expl, "birth date unknown"));
	e.birth_date = "15.03.1970";		/* any form norm_date reads */
	assert_float_equal(score(&s, &e, NULL), 0.97, EPS);
	e.birth_date = "150370";		/* two-digit year: unknown here */
	assert_float_equal(score(&s, &e, NULL), 0.80, EPS);
	e.birth_date = "1970-04";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	e.birth_date = "1971";			/* a year off, no day */
	assert_float_equal(score(&s, &e, expl), 0.75, EPS);
	assert_non_null(strstr(expl, "birth year one off"));
	e.birth_date = "1972-03-15";
	assert_float_equal(score(&s, &e, expl), 0.45, EPS);
	assert_non_null(strstr(expl, "birth date differs (traveller 1970-03-15,"
	    " list 1972-03-15)"));
	e.birth_date = "1970-03-16";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
}

/* US and European date order: 5 March against 3 May. */
static void
test_day_month_swapped(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"Hans Müller"};
	struct match_record s = person(sn, "1970-03-05");
	struct match_record e = person(en, "1970-05-03");
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	assert_float_equal(score(&s, &e, expl), 0.90, EPS);
	assert_non_null(strstr(expl, "birth date day/month swapped (traveller"
	    " 1970-03-05, list 1970-05-03)"));
	/* lower than equal, above any year alone */
	e.birth_date = "1970-03-05";
	assert_true(score(&s, &e, NULL) > 0.90);
	/* a day over 12 cannot be a month: that is another date */
	s.birth_date = "1970-03-15";
	e.birth_date = "1970-05-13";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	/* the other year, swapped: too much */
	s.birth_date = "1970-03-05";
	e.birth_date = "1971-05-03";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
}

static void
test_one_year_off(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"Hans Müller"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1971-03-15");
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	assert_float_equal(score(&s, &e, expl), 0.88, EPS);
	assert_non_null(strstr(expl, "birth date one year off (traveller"
	    " 1970-03-15, list 1971-03-15)"));
	e.birth_date = "1969-03-15";
	assert_float_equal(score(&s, &e, NULL), 0.88, EPS);
	/* still an alert with one contradiction more */
	s.nationality = "FRA";
	e.nationality = "DEU";
	assert_float_equal(score(&s, &e, NULL), 0.78, EPS);
	e.birth_date = "1968-03-15";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
}

static void
test_typo_confirmed_by_dob(void **state)
{
	static const char *const pairs[][2] = {
		{"MEULLER HANS", "Hans Müller"},	/* letters swapped */
		{"MULER HANS", "Hans Müller"},		/* a letter lost */
		{"SCHMIDT JOHANNES", "SCHMITT Johannes"},
		{"KOWALSKY JAN", "Jan Kowalski"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const char *sn[] = {pairs[i][0]}, *en[] = {pairs[i][1]};
		struct match_record s = person(sn, "1970-03-15");
		struct match_record e = person(en, "1970-03-15");
		double sim = similarity(pairs[i][0], pairs[i][1], MATCH_PERSON);
		double sc = score(&s, &e, NULL);

		print_message("%s / %s: similarity %.4f, score %.4f\n",
		    pairs[i][0], pairs[i][1], sim, sc);
		assert_true(sim >= NAMESIM_SAME);
		assert_true(sc >= 0.90 && sc < 0.97);
		/* without the birth date only an alert of the names */
		e.birth_date = NULL;
		assert_true(score(&s, &e, NULL) < 0.80);
	}
}

/*
 * Names alone (no birth date, nothing else known): the score alerts
 * exactly when namesim takes the names for one name. `names compare`
 * relies on it.
 */
static void
test_names_only_threshold(void **state)
{
	static const struct {
		enum match_kind kind;
		const char *a, *b;
	} pairs[] = {
		{MATCH_PERSON, "MUELLER HANS", "Müller, Hans"},
		{MATCH_PERSON, "MUELLER HANS", "Hans Peter Müller"},
		{MATCH_PERSON, "MEULLER HANS", "Hans Müller"},
		{MATCH_PERSON, "MUELLER HANS", "Karl Müller"},
		{MATCH_PERSON, "MUELLER HANS", "Anna Schmidt"},
		{MATCH_PERSON, "ANNA SMITH", "Anna Maria Louise Jane Smith"},
		{MATCH_PERSON, "MADONNA", "Madonna"},
		{MATCH_PERSON, "ALI ALI", "Ali Hassan"},
		{MATCH_PERSON, "H MUELLER", "Hans Mueller"},
		{MATCH_ORGANIZATION, "ACME Trading Ltd", "Acme Trading GmbH"},
		{MATCH_ORGANIZATION, "ACME Trading Ltd", "ACME Shipping Ltd"},
		{MATCH_VESSEL, "Ever Given", "EVER GIVEN"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const char *an[] = {pairs[i].a}, *bn[] = {pairs[i].b};
		struct match_record a = {.kind = pairs[i].kind, .names = an,
		    .nnames = 1};
		struct match_record b = {.kind = pairs[i].kind, .names = bn,
		    .nnames = 1};
		double sim = similarity(pairs[i].a, pairs[i].b, pairs[i].kind);
		double sc = score(&a, &b, NULL);

		print_message("%s / %s: similarity %.4f, score %.4f\n",
		    pairs[i].a, pairs[i].b, sim, sc);
		double top = pairs[i].kind == MATCH_PERSON ? 0.80 : 0.90;

		assert_int_equal(sc >= MATCH_THRESHOLD, sim >= NAMESIM_SAME);
		assert_float_equal(sc, level(sim, 0.70, top), EPS);
		assert_true(sc <= top);
	}
}

static void
test_contradictions_lower(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"HANS MUELLER"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970-03-15");
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	s.nationality = "FRA";
	e.nationality = "DEU";
	assert_float_equal(score(&s, &e, expl), 0.87, EPS);
	assert_non_null(strstr(expl, "nationality differs (traveller FRA,"
	    " list DEU)"));
	s.gender = "M";
	e.gender = "F";
	assert_float_equal(score(&s, &e, expl), 0.77, EPS);
	assert_non_null(strstr(expl, "gender differs"));
	/* with an unknown birth date both contradictions sink it */
	e.birth_date = NULL;
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	/* stateless and unspecified never contradict */
	e.birth_date = "1970-03-15";
	s.gender = "X";
	s.nationality = "XXA";
	assert_float_equal(score(&s, &e, NULL), 0.97, EPS);
}

/*
 * One word never finds a longer name by that word alone, whatever the
 * dates say. Whether one word is the same one word is namesim's to say;
 * the score follows it.
 */
static void
test_single_word(void **state)
{
	const char *sn[] = {"MADONNA"}, *en[] = {"Madonna Louise Ciccone"};
	const char *en2[] = {"Madonna Ciccone"}, *en3[] = {"Madonna"};
	struct match_record s = person(sn, "1958-08-16");
	struct match_record e = person(en, "1958-08-16");
	double sim;

	(void)state;
	s.nationality = e.nationality = "USA";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	e.names = en2;
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	e.names = en3;
	sim = similarity("MADONNA", "Madonna", MATCH_PERSON);
	assert_float_equal(score(&s, &e, NULL), level(sim, 0.90, 0.97), EPS);
}

static void
test_aliases(void **state)
{
	const char *sn[] = {"IVANOV PETR"};
	const char *en[] = {"Petrov Ivan", "Pyotr Ivanov", "Petr Ivanov"};
	struct match_record s = person(sn, "1965-01-02");
	struct match_record e = person(en, "1965-01-02");
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	e.nnames = 3;
	assert_float_equal(score(&s, &e, expl), 0.97, EPS);
	assert_true(strncmp(expl, "alias ", 6) == 0);
	assert_non_null(strstr(expl, "PETR IVANOV"));
	/* a name that normalises to nothing is skipped, not fatal */
	en[0] = "--";
	assert_float_equal(score(&s, &e, NULL), 0.97, EPS);
}

static void
test_documents(void **state)
{
	const char *sn[] = {"KOWALSKI JAN"}, *en[] = {"Someone Else"};
	struct match_doc sd = {"P", "PL", "EA1234567"};
	struct match_doc ed = {"P", "POL", "ea 123-456.7"};
	struct match_record s = person(sn, "1980-01-01");
	struct match_record e = person(en, NULL);
	char expl[MATCH_EXPLAIN_MAX];
	const char *doc = "document P POL EA1234567 equal; ";

	(void)state;
	s.docs = &sd;
	s.ndocs = 1;
	e.docs = &ed;
	e.ndocs = 1;
	assert_float_equal(score(&s, &e, expl), 0.98, EPS);
	assert_true(strncmp(expl, doc, strlen(doc)) == 0);
	assert_non_null(strstr(expl, "birth date unknown"));
	/* an unknown country does not contradict */
	ed.country = NULL;
	assert_float_equal(score(&s, &e, NULL), 0.98, EPS);
	/* the number alone, issued by another country, is someone else */
	ed.country = "CZE";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	/* document and name together */
	ed.country = "POL";
	e.names = sn;
	e.birth_date = "1980-01-01";
	assert_float_equal(score(&s, &e, expl), 0.99, EPS);
	assert_true(strncmp(expl, "document P POL EA1234567 equal; name ",
	    strlen("document P POL EA1234567 equal; name ")) == 0);
	/* document, but the birth date contradicts */
	e.birth_date = "1985-01-01";
	assert_float_equal(score(&s, &e, NULL), 0.89, EPS);
	/* too short a number proves nothing */
	sd.number = "1234";
	ed.number = "1234";
	e.names = en;
	e.birth_date = NULL;
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
}

static void
test_organizations(void **state)
{
	const char *sn[] = {"ACME Trading Ltd"}, *en[] = {"Acme Trading GmbH"};
	const char *en3[] = {"Acme Trading S.A."};
	const char *sn4[] = {"Ltd."}, *en4[] = {"LTD"};
	struct match_record s = {.kind = MATCH_ORGANIZATION, .names = sn,
	    .nnames = 1};
	struct match_record e = {.kind = MATCH_ORGANIZATION, .names = en,
	    .nnames = 1};
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	/* A company's name is all there is: an equal one scores 0.90. */
	assert_float_equal(score(&s, &e, expl), 0.90, EPS);
	assert_true(strncmp(expl, "name ", 5) == 0);
	/* no birth dates for companies */
	assert_null(strstr(expl, "birth"));
	e.names = en3;
	assert_float_equal(score(&s, &e, NULL), 0.90, EPS);
	s.names = sn4;
	e.names = en4;
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	/* a person is not an organisation of the same name */
	s = person(en, NULL);
	e.names = en;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
	e.kind = MATCH_VESSEL;
	s.kind = MATCH_ORGANIZATION;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
}

static void
add(struct match_index *ix, long long id, const char *name, const char *dob)
{
	const char *names[] = {name};
	struct match_record r = person(names, dob);

	assert_int_equal(match_index_add(ix, id, &r), 0);
}

static int
has_id(const long long *ids, long n, long long id)
{
	for (long i = 0; i < n; i++) {
		if (ids[i] == id)
			return 1;
	}
	return 0;
}

static void
test_index_query(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"MUELLER HANS"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_result *r;
	long n;

	(void)state;
	assert_non_null(ix);
	add(ix, 5, "Hans Müller", "1971-01-01");	/* contradicts */
	add(ix, 9, "MUELLER HANS", "1970-03-15");
	add(ix, 3, "Hans Peter Mueller", "1970");
	add(ix, 4, "Anna Schmidt", "1970-03-15");	/* shares nothing */
	add(ix, 8, "Karl Mueller", "1970-03-15");	/* shares one word */
	add(ix, 7, "Müller, Hans", "1970-03-15");
	add(ix, 6, "HANS MÜLLER", NULL);
	assert_int_equal(match_index_size(ix), 7);

	n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].entry_id, 7);	/* ties by id */
	assert_int_equal(r[1].entry_id, 9);
	assert_float_equal(r[0].score, 0.97, EPS);
	assert_float_equal(r[1].score, 0.97, EPS);
	assert_int_equal(r[2].entry_id, 3);
	assert_true(r[2].score > 0.80 && r[2].score < 0.88);
	assert_int_equal(r[3].entry_id, 6);
	assert_float_equal(r[3].score, 0.80, EPS);
	for (long i = 0; i < n; i++)
		assert_true(strncmp(r[i].explanation, "name ", 5) == 0);
	free(r);

	/* a zero threshold still leaves out entries with nothing in common */
	n = match_index_query(ix, &s, 0.0, &r);
	assert_true(n >= 5);
	for (long i = 0; i < n; i++) {
		assert_true(r[i].entry_id != 4);
		assert_true(i == 0 || r[i].score <= r[i - 1].score);
		if (r[i].entry_id == 5)
			assert_float_equal(r[i].score, 0.45, EPS);
	}
	free(r);

	s.names = (const char *const[]){"NOBODY KNOWN"};
	n = match_index_query(ix, &s, 0.0, &r);
	assert_int_equal(n, 0);
	assert_null(r);
	match_index_free(ix);
}

/* A name of one word twice (ALI ALI) is two words, found through the index too. */
static void
test_repeated_word(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"ALI ALI"}, *one[] = {"ALI"};
	struct match_record s = person(sn, "1980-01-01");
	struct match_record o = person(one, "1980-01-01");
	struct match_result *r;
	long n;

	(void)state;
	assert_non_null(ix);
	add(ix, 1, "Ali, Ali", "1980-01-01");
	add(ix, 2, "Ali Hassan", "1980-01-01");		/* one ALI only */
	add(ix, 3, "ALI", "1980-01-01");
	n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].entry_id, 1);
	assert_float_equal(r[0].score, 0.97, EPS);
	free(r);
	/* One word finds the same one word only. */
	n = match_index_query(ix, &o, MATCH_THRESHOLD, &r);
	assert_true(n <= 1);
	for (long i = 0; i < n; i++)
		assert_int_equal(r[i].entry_id, 3);
	free(r);
	match_index_free(ix);
}

static void
test_index_documents(void **state)
{
	struct match_index *ix = match_index_new();
	const char *en[] = {"Wanted Person"}, *sn[] = {"Other Name"};
	struct match_doc ed = {"P", "POL", "EA1234567"};
	struct match_doc sd = {"P", "PL", "EA 1234567"};
	struct match_record e = person(en, NULL), s = person(sn, "1990-02-03");
	struct match_result *r;
	const char *doc = "document P POL EA1234567 equal; ";

	(void)state;
	e.docs = &ed;
	e.ndocs = 1;
	s.docs = &sd;
	s.ndocs = 1;
	assert_int_equal(match_index_add(ix, 42, &e), 0);
	assert_int_equal(match_index_query(ix, &s, MATCH_THRESHOLD, &r), 1);
	assert_int_equal(r[0].entry_id, 42);
	assert_float_equal(r[0].score, 0.98, EPS);
	assert_true(strncmp(r[0].explanation, doc, strlen(doc)) == 0);
	assert_non_null(strstr(r[0].explanation, "birth date unknown"));
	free(r);
	/* born in another decade: the document still finds the entry */
	e.birth_date = "1950-01-01";
	assert_int_equal(match_index_add(ix, 43, &e), 0);
	assert_int_equal(match_index_query(ix, &s, MATCH_THRESHOLD, &r), 2);
	assert_int_equal(r[0].entry_id, 42);
	assert_int_equal(r[1].entry_id, 43);
	assert_float_equal(r[1].score, 0.88, EPS);
	free(r);
	match_index_free(ix);
}

/*
 * A typo in every word leaves no word in common: the entry is found
 * through namesim's other keys (phonetic codes, n-grams), from birth
 * years one apart too.
 */
static void
test_index_fuzzy_keys(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"SCHMIT JOHANES"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_result *r;
	long long *ids;
	long n;

	(void)state;
	assert_non_null(ix);
	add(ix, 1, "Johannes Schmidt", "1970-03-15");
	add(ix, 2, "Schmidt, Johannes", "1971-03-15");	/* a year off */
	add(ix, 3, "SCHMIDT JOHANNES", "1969");		/* a year off, no day */
	add(ix, 4, "Johannes Schmidt", "1980-03-15");	/* another man */
	add(ix, 5, "Johannes Schmidt", NULL);
	n = match_index_candidates(ix, &s, &ids);
	assert_int_equal(n, 4);
	for (long long id = 1; id <= 5; id++)
		assert_int_equal(has_id(ids, n, id), id != 4);
	free(ids);
	n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);
	assert_true(n >= 3);
	assert_int_equal(r[0].entry_id, 1);
	assert_true(r[0].score >= 0.90);
	assert_int_equal(r[1].entry_id, 2);
	free(r);
	/* without a birth date the subject reads every year */
	s.birth_date = NULL;
	n = match_index_candidates(ix, &s, &ids);
	assert_int_equal(n, 5);
	free(ids);
	/* a name namesim romanises finds the Latin spelling */
	s.names = (const char *const[]){"Шмидт Иоганнес"};
	s.birth_date = "1970-03-15";
	n = match_index_candidates(ix, &s, &ids);
	assert_true(has_id(ids, n, 1));
	free(ids);
	match_index_free(ix);
}

/*
 * Many namesakes make every name key frequent; a key shared by that many
 * only counts with another, but a document number always counts, and the
 * query stays exact and ordered.
 */
static void
test_index_frequent_keys(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"SMITH JOHN"}, *wn[] = {"John Smith"};
	struct match_doc d = {"P", "GBR", "123456789"};
	struct match_record s = person(sn, "1980-06-01");
	struct match_record w = person(wn, NULL);
	struct match_query_stats st;
	struct match_result *r;
	long long *ids;
	long n;

	(void)state;
	assert_non_null(ix);
	for (long long i = 0; i < 500; i++) {
		add(ix, i, "John Smith", NULL);
		add(ix, 1000 + i, "Smith, John", "1980-06-01");
	}
	w.docs = &d;
	w.ndocs = 1;
	w.birth_date = "1955-02-02";	/* another birth date, yet the same */
	assert_int_equal(match_index_add(ix, 9999, &w), 0);
	s.docs = &d;
	s.ndocs = 1;
	n = match_index_candidates(ix, &s, &ids);
	assert_true(has_id(ids, n, 9999));
	free(ids);
	n = match_index_query_stats(ix, &s, MATCH_THRESHOLD, &r, &st);
	assert_int_equal(n, 1001);
	assert_int_equal(st.candidates, 1001);
	assert_int_equal(r[0].entry_id, 1000);
	assert_float_equal(r[0].score, 0.97, EPS);
	assert_int_equal(r[500].entry_id, 9999);
	assert_float_equal(r[500].score, 0.89, EPS);	/* the date contradicts */
	assert_int_equal(r[501].entry_id, 0);
	assert_float_equal(r[501].score, 0.80, EPS);
	free(r);
	match_index_free(ix);
}

/* The i-th word QBBBB, QBBBC...: nothing in common with a real name. */
static const char *
q_word(long long i, char w[6])
{
	for (int k = 4; k >= 1; k--, i /= 5)
		w[k] = "BCDFG"[i % 5];
	w[0] = 'Q';
	w[5] = '\0';
	return w;
}

/*
 * 300 SMITHs of other given names (QBBBB...), ids 0..299, and JOHN SMITH
 * (1000) born 1980-06-01; the SMITHs on that day, or over a century.
 */
static void
add_smiths(struct match_index *ix, int century)
{
	for (long long i = 0; i < 300; i++) {
		char given[6], name[32], born[16];

		(void)snprintf(name, sizeof(name), "Smith, %s", q_word(i,
		    given));
		(void)snprintf(born, sizeof(born), "%lld-06-01",
		    century ? 1920 + i / 3 : 1980);
		add(ix, i, name, born);
	}
	add(ix, 1000, "John Smith", "1980-06-01");
}

/*
 * A word that many entries share (SMITH, born on one day) brings only
 * those that share another word with the subject to the comparison.
 */
static void
test_index_frequent_word(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"SMITH JOHN"};
	struct match_record s = person(sn, "1980-06-01");
	struct match_query_stats st;
	struct match_result *r;
	long n;

	(void)state;
	assert_non_null(ix);
	add_smiths(ix, 0);
	n = match_index_query_stats(ix, &s, MATCH_THRESHOLD, &r, &st);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].entry_id, 1000);
	/* a few may slip through the entries' signatures; not the 300 */
	assert_true(st.candidates >= 1 && st.candidates < 30);
	free(r);
	match_index_free(ix);
}

/*
 * The same without a birth date, the SMITHs born over a century: each
 * year's list of SMITH is short, but a subject who gives no date reads
 * them all, and together they are as long as one.
 */
static void
test_index_frequent_word_any_year(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"SMITH JOHN"};
	struct match_record s = person(sn, NULL);
	struct match_query_stats st;
	struct match_result *r;
	long n;

	(void)state;
	assert_non_null(ix);
	add_smiths(ix, 1);
	n = match_index_query_stats(ix, &s, MATCH_THRESHOLD, &r, &st);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].entry_id, 1000);
	assert_true(st.candidates >= 1 && st.candidates < 30);
	free(r);
	/* with a date, the year's few SMITHs are rare enough to compare */
	s.birth_date = "1950-06-01";
	n = match_index_query_stats(ix, &s, MATCH_THRESHOLD, &r, &st);
	assert_true(st.candidates >= 9);
	free(r);
	match_index_free(ix);
}

/*
 * LE is a particle before a name and a name after one (Le Mai Thanh, a
 * consignee's MAI LE): the index, which files no particle, finds the name
 * by its other words.
 */
static void
test_index_particle_as_name(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"MAI LE"}, *two[] = {"LE DO"};
	struct match_record s = person(sn, NULL), t = person(two, NULL);
	struct match_result *r;
	long n;

	(void)state;
	assert_non_null(ix);
	/*
	 * MAI's list long, LE's short: LE, were it filed as a name, would be
	 * the one word whose list is read whole, and the list files no LE
	 * where it is a particle.
	 */
	for (long long i = 0; i < 50; i++) {
		char given[6], name[32];

		(void)snprintf(name, sizeof(name), "Mai, %s", q_word(i, given));
		add(ix, 100 + i, name, NULL);
	}
	add(ix, 1, "LE, MAI THANH", "1975-04-02");
	add(ix, 2, "NGUYEN VAN LE", "1975-04-02");
	add(ix, 3, "Do Le", NULL);
	n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].entry_id, 1);
	free(r);
	/* A name of particles only is filed by them: all it has. */
	n = match_index_query(ix, &t, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].entry_id, 3);
	free(r);
	match_index_free(ix);
}

/*
 * A list's names in their own scripts are found by the Latin spellings
 * of passports: Khmer and Thai read by syllable, Devanagari without the
 * vowels Hindi leaves unsaid, Hebrew without its short vowels.
 */
static void
test_index_scripts(void **state)
{
	static const struct {
		const char *listed, *sent;
	} t[] = {
		{"ហ៊ុន សែន", "HUN SEN"},
		{"ทักษิณ ชินวัตร", "THAKSIN CHINNAWAT"},
		{"राजेश कुमार", "KUMAR RAJESH"},
		{"משה דיין", "MOSHE DAYAN"},
		{"မင်းအောင်လှိုင်", "MIN AUNG HLAING"},
	};
	struct match_index *ix = match_index_new();

	(void)state;
	assert_non_null(ix);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		add(ix, (long long)i + 1, t[i].listed, "1952-08-05");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *sn[] = {t[i].sent};
		struct match_record s = person(sn, "1952-08-05");
		struct match_result *r;
		long n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);

		if (n < 1 || r[0].entry_id != (long long)i + 1)
			print_error("%s: not found as %s\n", t[i].sent,
			    t[i].listed);
		assert_true(n >= 1);
		assert_int_equal(r[0].entry_id, (long long)i + 1);
		free(r);
	}
	match_index_free(ix);
}

static void
add_kind(struct match_index *ix, long long id, const char *name,
    enum match_kind kind)
{
	const char *names[] = {name};
	struct match_record r = {.kind = kind, .names = names, .nnames = 1};

	assert_int_equal(match_index_add(ix, id, &r), 0);
}

/* 200 organisations ids 0..199, each a brand (q_word) between pre and post. */
static void
add_brands(struct match_index *ix, const char *pre, const char *post)
{
	for (long long i = 0; i < 200; i++) {
		char brand[6], name[48];

		(void)snprintf(name, sizeof(name), "%s%s%s", pre, q_word(i,
		    brand), post);
		add_kind(ix, i, name, MATCH_ORGANIZATION);
	}
}

/*
 * Organisations: every list of their rare words is read, but an entry
 * that shares one word of several with the subject is not compared
 * (ATLANTA QBBBB LLC for ATLANTA KOMTOFE LLC), while one word alone, a
 * legal form apart, and the words joined still are; a person's entries
 * are not an organisation's candidates, nor the other way round. Of
 * ATLANTA, one list is read (its anchor), not each of its keys'.
 */
static void
test_index_organizations(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"ATLANTA KOMTOFE LLC"};
	struct match_record s = {.kind = MATCH_ORGANIZATION, .names = sn,
	    .nnames = 1};
	struct match_query_stats st;
	struct match_result *r;
	long long *ids;
	long n;

	(void)state;
	assert_non_null(ix);
	add_brands(ix, "Atlanta ", " LLC");
	add_kind(ix, 1000, "Atlanta Komtofe Corp.", MATCH_ORGANIZATION);
	add_kind(ix, 1001, "KOMTOFE", MATCH_ORGANIZATION);
	add_kind(ix, 1002, "ATLANTAKOMTOFE", MATCH_ORGANIZATION);
	add_kind(ix, 1003, "Komtofe Atlanta", MATCH_PERSON);
	add_kind(ix, 1004, "Komtofe", MATCH_VESSEL);
	n = match_index_candidates(ix, &s, &ids);
	for (long long id = 1000; id <= 1002; id++)
		assert_true(has_id(ids, n, id));
	assert_false(has_id(ids, n, 1003));
	assert_false(has_id(ids, n, 1004));
	/* a few may slip through the entries' signatures; not the 200 */
	assert_true(n < 30);
	free(ids);
	n = match_index_query_stats(ix, &s, MATCH_THRESHOLD, &r, &st);
	assert_true(n >= 1);
	assert_int_equal(r[0].entry_id, 1000);
	assert_true(st.postings < 2 * 201);
	free(r);
	/* The person finds the person alone. */
	s.kind = MATCH_PERSON;
	n = match_index_candidates(ix, &s, &ids);
	assert_true(has_id(ids, n, 1003));
	for (long long id = 1000; id <= 1002; id++)
		assert_false(has_id(ids, n, id));
	free(ids);
	match_index_free(ix);
}

/*
 * An organisation that one word files (KOMTOFE FOODS CO) has no second
 * word to share, yet an entry of more such words (KOMTOFE QBBBB TRADING)
 * is not compared for the one: only an entry whose others stand in the
 * subject's other words (FOODZ), inside its one (BALTIKPOST, BALTIK
 * POST) or for it whole (PLA, an acronym).
 */
static void
test_index_organization_one_word(void **state)
{
	static const struct {
		const char *subject, *entry;
	} t[] = {
		{"KOMTOFE FOODS CO", "Komtofe Foodz"},
		{"BALTIKPOST LOGISTICS", "Baltik Post Logistics"},
		{"PLA", "Peoples Liberation Army"},
	};
	static const char *const pla[] = {
		"Pomvex Lurdan Akrito", "Pesdar Lomtix Amerun",
		"Pivron Laskem Adunor", "Purtel Lenvox Asmira",
		"Palzek Lirbun Azveno",
	};
	struct match_index *ix = match_index_new();
	struct match_result *r;
	long long *ids;
	long n;

	(void)state;
	assert_non_null(ix);
	/* long lists: what worth lets through is compared (not alone) */
	add_brands(ix, "Komtofe ", " Trading");
	add_brands(ix, "Baltik ", " Bank");
	for (size_t i = 0; i < sizeof(pla) / sizeof(pla[0]); i++)
		add_kind(ix, 2000 + (long long)i, pla[i], MATCH_ORGANIZATION);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		add_kind(ix, 1000 + (long long)i, t[i].entry,
		    MATCH_ORGANIZATION);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *sn[] = {t[i].subject};
		struct match_record s = {.kind = MATCH_ORGANIZATION,
		    .names = sn, .nnames = 1};

		n = match_index_candidates(ix, &s, &ids);
		assert_true(has_id(ids, n, 1000 + (long long)i));
		/* a few may slip through the entries' signatures */
		assert_true(n < 30);
		free(ids);
		n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);
		assert_true(n >= 1);
		assert_true(r[0].entry_id == 1000 + (long long)i ||
		    r[0].entry_id >= 2000);
		free(r);
	}
	match_index_free(ix);
}

/*
 * An organisation's invented word shares its first three letters with
 * many on a list of a million (HALNUMSIRUX, HALQBCDF): no candidates for
 * that, while its spellings one typing error apart, inside its first five
 * letters or after them (two letters swapped among them too), and the
 * name split after its first three letters are found.
 */
static void
test_index_org_prefix(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"HALNUMSIRUX HOLDINGS LTD"};
	struct match_record s = {.kind = MATCH_ORGANIZATION, .names = sn,
	    .nnames = 1};
	long long *ids;
	long n;

	(void)state;
	assert_non_null(ix);
	add_brands(ix, "Hal", " Holdings Ltd");
	add_kind(ix, 1000, "Halnumsirux Holdings Limited", MATCH_ORGANIZATION);
	add_kind(ix, 1001, "HALMUMSIRUX HOLDINGS", MATCH_ORGANIZATION);
	add_kind(ix, 1002, "HALNUMSIRAX", MATCH_ORGANIZATION);
	add_kind(ix, 1003, "HAL NUMSIRUX HOLDINGS", MATCH_ORGANIZATION);
	add_kind(ix, 1004, "HLANUMSIRUX", MATCH_ORGANIZATION);
	n = match_index_candidates(ix, &s, &ids);
	for (long long id = 1000; id <= 1004; id++)
		assert_true(has_id(ids, n, id));
	assert_true(n < 30);
	free(ids);
	match_index_free(ix);
}

/*
 * Titles glued to words (PNRs' SMITH/JOHNMR, a DOCS's MRJONATHON): the
 * watchlist's John Smith is found with his birth date even when no word
 * of the subject's name is whole, among entries that make every list of
 * JOHN and SMITH too long to read but the anchors; ADAMS is not ADA.
 */
static void
test_index_glued_titles(void **state)
{
	struct match_index *ix = match_index_new();
	const char *sn[] = {"DRSMITH JOHNMR"}, *an[] = {"ADAMS JOHNMR"};
	struct match_record s = person(sn, "1964-07-12");
	struct match_record a = person(an, "1964-07-12");
	struct match_result *r;
	char name[32];
	long n;

	(void)state;
	assert_non_null(ix);
	for (long long i = 0; i < 20; i++) {
		/* QBB, QBC...: JOHN or SMITH, and a word of nothing in common */
		(void)snprintf(name, sizeof(name), "%s Q%c%c",
		    i % 2 ? "John" : "Smith", "BCDFG"[i % 5], "BCDFG"[i / 5 % 5]);
		add(ix, i, name, "1964-07-12");
	}
	add(ix, 100, "John Smith", "1964-07-12");
	add(ix, 101, "John Ada", "1964-07-12");
	n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].entry_id, 100);
	assert_true(r[0].score >= 0.90);
	assert_non_null(strstr(r[0].explanation, "title"));
	assert_non_null(strstr(r[0].explanation, "birth date equal"));
	free(r);
	n = match_index_query(ix, &a, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 0);
	free(r);
	match_index_free(ix);
}

/* The index and a scan of every entry find the same. */
static void
test_scan_agrees(void **state)
{
	static const char *const names[] = {
		"Hans Müller", "MUELLER HANS", "Hans Peter Mueller",
		"Anna Schmidt", "Karl Mueller", "Johannes Schmitt",
	};
	static const char *const dobs[] = {"1970-03-15", "1970", NULL,
	    "1971-03-15", "1970-05-03"};
	struct match_index *ix = match_index_new();
	const char *sn[] = {"MULLER HANS"};
	struct match_record s = person(sn, "1970-03-05");
	struct match_result *a, *b;
	long na, nb;
	long long id = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		for (size_t j = 0; j < sizeof(dobs) / sizeof(dobs[0]); j++)
			add(ix, id++, names[i], dobs[j]);
	}
	for (size_t j = 0; j < sizeof(dobs) / sizeof(dobs[0]); j++) {
		s.birth_date = dobs[j];
		na = match_index_query(ix, &s, MATCH_THRESHOLD, &a);
		nb = match_index_scan(ix, &s, MATCH_THRESHOLD, &b);
		assert_true(na > 0);
		assert_int_equal(na, nb);
		for (long i = 0; i < na; i++) {
			assert_int_equal(a[i].entry_id, b[i].entry_id);
			assert_float_equal(a[i].score, b[i].score, EPS);
			assert_string_equal(a[i].explanation, b[i].explanation);
		}
		free(a);
		free(b);
	}
	match_index_free(ix);
}

/* A name of its own for each number: GABCD FABCD. */
static void
letters_name(long long i, char *buf)
{
	char code[5];

	for (int k = 0; k < 4; k++, i /= 26)
		code[k] = (char)('A' + i % 26);
	code[4] = '\0';
	(void)snprintf(buf, 16, "G%s F%s", code, code);
}

/*
 * Many entries: the index grows, and a query finds the one it should
 * first (near spellings of it may follow: they are near spellings).
 */
static void
test_index_large(void **state)
{
	struct match_index *ix = match_index_new();
	char name[16];
	const char *sn[] = {name};
	struct match_record s = person(sn, "1970-01-01");
	struct match_result *r;

	(void)state;
	for (long long i = 0; i < 50000; i++) {
		letters_name(i, name);
		add(ix, i, name, "1970-01-01");
	}
	assert_int_equal(match_index_size(ix), 50000);
	for (long long i = 0; i < 50000; i += 997) {
		letters_name(i, name);
		assert_true(match_index_query(ix, &s, MATCH_THRESHOLD, &r) >=
		    1);
		assert_int_equal(r[0].entry_id, i);
		assert_float_equal(r[0].score, 0.97, EPS);
		free(r);
	}
	match_index_free(ix);
}

/* A source of names letters_name makes, for match_index_add_all. */
static int
letters_get(void *arg, size_t i, long long *id, struct match_record *r,
    void **mem)
{
	char *name = malloc(16);
	const char **names = malloc(sizeof(*names));

	i += arg != NULL ? *(const size_t *)arg : 0;
	if (name == NULL || names == NULL) {
		free(name);
		free(names);
		return -1;
	}
	letters_name((long long)i, name);
	names[0] = name;
	*r = person(names, i % 3 == 0 ? "1970" : "1970-01-01");
	*id = 1000000 + (long long)i;
	*mem = names;
	return 0;
}

static void
letters_put(void *arg, void *mem)
{
	const char **names = mem;

	(void)arg;
	free((char *)names[0]);
	free(names);
}

/*
 * Entries added at once, prepared on every core, make the index one by
 * one makes: the same results in the same order, for near spellings too.
 */
static void
test_index_add_all(void **state)
{
	struct match_index *one = match_index_new(), *all = match_index_new();
	struct match_source src = {20000, letters_get, letters_put, NULL};
	size_t first = 12345;
	char name[16];
	const char *sn[] = {name};
	struct match_record s = person(sn, "1970-01-01");

	(void)state;
	for (size_t i = 0; i < src.n; i++) {
		struct match_record r;
		long long id;
		void *mem;

		assert_int_equal(letters_get(NULL, i, &id, &r, &mem), 0);
		assert_int_equal(match_index_add(one, id, &r), 0);
		letters_put(NULL, mem);
	}
	/* In two blocks, as screening reads them. */
	src.n = 12345;
	assert_int_equal(match_index_add_all(all, &src), 0);
	src.n = 20000 - 12345;
	src.arg = &first;
	assert_int_equal(match_index_add_all(all, &src), 0);
	assert_int_equal(match_index_size(all), 20000);
	for (long long i = 0; i < 20000; i += 331) {
		struct match_result *a, *b;
		long na, nb;

		letters_name(i, name);
		/* A near spelling: one letter of the given name changed. */
		if (i % 2 == 1)
			name[2] = name[2] == 'A' ? 'B' : 'A';
		na = match_index_query(one, &s, 0.5, &a);
		nb = match_index_query(all, &s, 0.5, &b);
		assert_true(na >= 1);
		assert_int_equal(na, nb);
		for (long k = 0; k < na; k++) {
			assert_int_equal(a[k].entry_id, b[k].entry_id);
			assert_float_equal(a[k].score, b[k].score, 1e-12);
		}
		free(a);
		free(b);
	}
	match_index_free(one);
	match_index_free(all);
}

/* Entries of every kind and field, for an index saved and read back. */
static void
varied_index(struct match_index *ix)
{
	static const char *const n1[] = {"MUELLER, Hans Peter", "MULLER HANS"};
	static const char *const n2[] = {"Ivanov Sergei"};
	/* an alias that normalises to nothing keeps its place, empty */
	static const char *const n3[] = {"Acme Trading GmbH", "---",
	    "ACME TRD"};
	static const char *const n4[] = {"MV Ocean Star"};
	static const char *const n5[] = {"王小明"};
	static const struct match_doc d2[] = {{"P", "UK", "AB1234567"},
	    {"I", "XK", "778899001"}};
	const struct match_record r[] = {
		{.kind = MATCH_PERSON, .names = n1, .nnames = 2,
		    .birth_date = "1970-03-05", .gender = "M",
		    .nationality = "DE"},
		{.kind = MATCH_PERSON, .names = n2, .nnames = 1,
		    .birth_date = "1981", .nationality = "RUS", .docs = d2,
		    .ndocs = 2},
		{.kind = MATCH_ORGANIZATION, .names = n3, .nnames = 3},
		{.kind = MATCH_VESSEL, .names = n4, .nnames = 1},
		{.kind = MATCH_PERSON, .names = n5, .nnames = 1,
		    .birth_date = "1990-12"},
	};
	struct match_source src = {3000, letters_get, letters_put, NULL};

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		assert_int_equal(match_index_add(ix, 10 + (long long)i, &r[i]),
		    0);
	assert_int_equal(match_index_add_all(ix, &src), 0);
}

/* Both indexes answer alike: ids, scores and explanations. */
static void
assert_same_answers(const struct match_index *a, const struct match_index *b)
{
	static const char *const s1[] = {"MULLER HANS"};
	static const char *const s2[] = {"IVANOV SERGEY"};
	static const char *const s3[] = {"ACME TRADING"};
	static const char *const s4[] = {"OCEAN STAR"};
	static const char *const s5[] = {"WANG XIAOMING"};
	static const char *const s6[] = {"GABCD FABCD"};
	static const struct match_doc doc[] = {{"P", "GBR", "AB1234567"}};
	const struct match_record q[] = {
		{.kind = MATCH_PERSON, .names = s1, .nnames = 1,
		    .birth_date = "1970-05-03", .nationality = "FRA"},
		{.kind = MATCH_PERSON, .names = s2, .nnames = 1, .docs = doc,
		    .ndocs = 1},
		{.kind = MATCH_ORGANIZATION, .names = s3, .nnames = 1},
		{.kind = MATCH_VESSEL, .names = s4, .nnames = 1},
		{.kind = MATCH_PERSON, .names = s5, .nnames = 1,
		    .birth_date = "1990-12-01"},
		{.kind = MATCH_PERSON, .names = s6, .nnames = 1,
		    .birth_date = "1970-01-01"},
	};

	assert_int_equal(match_index_size(a), match_index_size(b));
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		struct match_result *x, *y;
		long nx = match_index_query(a, &q[i], 0.5, &x);
		long ny = match_index_query(b, &q[i], 0.5, &y);

		assert_true(nx >= 1);
		assert_int_equal(nx, ny);
		for (long k = 0; k < nx; k++) {
			assert_int_equal(x[k].entry_id, y[k].entry_id);
			assert_float_equal(x[k].score, y[k].score, 1e-12);
			assert_string_equal(x[k].explanation, y[k].explanation);
		}
		free(x);
		free(y);
	}
	/* Every entry scored, and the candidates of a query. */
	for (size_t i = 0; i < 2; i++) {
		struct match_result *x, *y;
		long long *cx, *cy;
		long nx = match_index_scan(a, &q[i], 0.5, &x);
		long ny = match_index_scan(b, &q[i], 0.5, &y);

		assert_true(nx >= 1);
		assert_int_equal(nx, ny);
		for (long k = 0; k < nx; k++)
			assert_int_equal(x[k].entry_id, y[k].entry_id);
		free(x);
		free(y);
		nx = match_index_candidates(a, &q[i], &cx);
		ny = match_index_candidates(b, &q[i], &cy);
		assert_true(nx >= 1);
		assert_int_equal(nx, ny);
		assert_memory_equal(cx, cy, (size_t)nx * sizeof(*cx));
		free(cx);
		free(cy);
	}
}

/*
 * An index saved and read back answers as the one saved; a file of another
 * tag, cut short or not an index at all, is refused and leaves it empty.
 */
static void
test_index_saved(void **state)
{
	struct match_index *built = match_index_new(), *read = match_index_new();
	FILE *f = tmpfile();
	long size;

	(void)state;
	assert_non_null(f);
	varied_index(built);
	assert_int_equal(match_index_save(built, f, "lists 7 2026-12-01"), 0);
	size = ftell(f);
	rewind(f);
	assert_int_equal(match_index_load(read, f, "lists 7 2026-12-01"), 1);
	assert_same_answers(built, read);
	match_index_free(read);

	read = match_index_new();
	rewind(f);
	assert_int_equal(match_index_load(read, f, "lists 8 2026-12-01"), 0);
	assert_int_equal(match_index_size(read), 0);

	/* Cut short anywhere: refused whole. */
	for (long cut = size - 1; cut > 0; cut = cut * 2 / 3) {
		rewind(f);
		assert_int_equal(ftruncate(fileno(f), cut), 0);
		errno = 0;
		assert_int_equal(match_index_load(read, f,
		    "lists 7 2026-12-01"), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(match_index_size(read), 0);
	}
	rewind(f);
	assert_int_equal(ftruncate(fileno(f), 0), 0);
	assert_int_equal(fputs("lists,7\nnot an index\n", f) >= 0, 1);
	rewind(f);
	assert_int_equal(match_index_load(read, f, "lists 7 2026-12-01"), -1);
	assert_int_equal(errno, EINVAL);
	(void)fclose(f);
	match_index_free(read);
	match_index_free(built);
}

/*
 * A person with a document and an organisation, queried and scanned: a
 * damaged index read must answer without a fault, whatever its answers.
 */
static void
query_all(const struct match_index *ix)
{
	static const char *const s1[] = {"MULLER HANS"};
	static const char *const s3[] = {"ACME TRADING"};
	static const struct match_doc doc[] = {{"P", "GBR", "AB1234567"}};
	const struct match_record q[] = {
		{.kind = MATCH_PERSON, .names = s1, .nnames = 1, .docs = doc,
		    .ndocs = 1},
		{.kind = MATCH_ORGANIZATION, .names = s3, .nnames = 1},
	};

	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		struct match_result *x;

		assert_true(match_index_query(ix, &q[i], 0.5, &x) >= 0);
		free(x);
		assert_true(match_index_scan(ix, &q[i], 0.5, &x) >= 0);
		free(x);
	}
}

/* The head of an index file as match.c writes it (its layout, version 2). */
struct head2 {
	char magic[16];
	char tag[128];
	uint64_t n, nslots, nkeys, npos, size;
	uint32_t entry_size, slot_size;
};

/* Loads bytes with width bytes at off set to value; match_index_load's answer. */
static int
load_damaged(const unsigned char *bytes, size_t size, size_t off,
    uint64_t value, size_t width)
{
	struct match_index *ix = match_index_new();
	unsigned char *copy = malloc(size);
	FILE *g = tmpfile();
	int rc;

	assert_non_null(copy);
	assert_non_null(g);
	memcpy(copy, bytes, size);
	assert_true(off + width <= size);
	memcpy(copy + off, &value, width);	/* little-endian, as written */
	assert_int_equal(fwrite(copy, 1, size, g), size);
	rewind(g);
	errno = 0;
	rc = match_index_load(ix, g, "t");
	if (rc == -1)
		assert_int_equal(errno, EINVAL);
	if (rc != 1)
		assert_int_equal(match_index_size(ix), 0);
	else
		query_all(ix);
	(void)fclose(g);
	free(copy);
	match_index_free(ix);
	return rc;
}

/*
 * A file damaged anywhere but whole: refused (or taken for another tag's),
 * or read and queried safely; a position, a list, a slot or an entry's
 * names that point outside what they may are refused, whatever else is
 * left unchecked (the sanitizers' build runs it too). An index read takes
 * no more entries and is not saved again.
 */
static void
test_index_damaged(void **state)
{
	static const char *const name[] = {"NEW ENTRY"};
	const struct match_record r = {.kind = MATCH_PERSON, .names = name,
	    .nnames = 1};
	struct match_index *built = match_index_new(), *read;
	FILE *f = tmpfile();
	unsigned char *bytes;
	struct head2 h;
	size_t size, slots, pos, one = 0, many = 0, blob;
	uint64_t first_blob;

	(void)state;
	assert_non_null(f);
	varied_index(built);
	assert_int_equal(match_index_save(built, f, "t"), 0);
	size = (size_t)ftell(f);
	assert_non_null(bytes = malloc(size));
	rewind(f);
	assert_int_equal(fread(bytes, 1, size, f), size);
	for (size_t at = 0; at < size; at += 1 + at / 64) {
		int rc = load_damaged(bytes, size, at, bytes[at] ^ 0xa5u, 1);

		assert_true(rc >= -1 && rc <= 1);
	}

	memcpy(&h, bytes, sizeof(h));
	assert_memory_equal(h.magic, "vborder index 2\n", 16);
	assert_int_equal(h.size, size);
	assert_int_equal(h.slot_size, 16);
	slots = (sizeof(h) + 7) / 8 * 8 + h.n * h.entry_size;
	pos = slots + h.nslots * h.slot_size;
	/* the slot of a list of one, and of a longer one */
	for (size_t i = 0; i < h.nslots && (one == 0 || many == 0); i++) {
		uint32_t n;

		memcpy(&n, bytes + slots + i * 16 + 8, sizeof(n));
		if (n == 1 && one == 0)
			one = slots + i * 16;
		else if (n > 1 && many == 0)
			many = slots + i * 16;
	}
	assert_true(one != 0 && many != 0);
	/* entry 0 (MUELLER, no documents): where its names are */
	memcpy(&first_blob, bytes + (sizeof(h) + 7) / 8 * 8 + 72,
	    sizeof(first_blob));
	blob = (size_t)first_blob;

	assert_int_equal(load_damaged(bytes, size, 0, 0, 0), 1);
	/* a position past the last entry, in a list and in a slot */
	assert_int_equal(load_damaged(bytes, size, pos, h.n, 4), -1);
	assert_int_equal(load_damaged(bytes, size, one + 12, h.n, 4), -1);
	/* a list running past the positions */
	assert_int_equal(load_damaged(bytes, size, many + 12, h.npos - 1, 4),
	    -1);
	/* an empty slot with a list, or one slot more in use than counted */
	assert_int_equal(load_damaged(bytes, size, one, 0, 8), -1);
	assert_int_equal(load_damaged(bytes, size, 16 + 128 + 16,
	    h.nkeys - 1, 8), -1);
	/* names elsewhere than the file, or not on a boundary */
	assert_int_equal(load_damaged(bytes, size, (sizeof(h) + 7) / 8 * 8 +
	    72, size, 8), -1);
	assert_int_equal(load_damaged(bytes, size, (sizeof(h) + 7) / 8 * 8 +
	    72, first_blob + 4, 8), -1);
	/* a name's size that is not its own */
	assert_int_equal(load_damaged(bytes, size, blob, bytes[blob] + 8u, 4),
	    -1);
	/* the slot table not a power of two, or too full to end a probe */
	assert_int_equal(load_damaged(bytes, size, 16 + 128 + 8,
	    h.nslots - 1, 8), -1);

	read = match_index_new();
	rewind(f);
	assert_int_equal(match_index_load(read, f, "t"), 1);
	assert_int_equal(match_index_add(read, 1, &r), -1);
	assert_int_equal(match_index_size(read), match_index_size(built));
	errno = 0;
	assert_int_equal(match_index_save(read, f, "t"), -1);
	assert_int_equal(errno, EINVAL);
	(void)fclose(f);
	free(bytes);
	match_index_free(read);
	match_index_free(built);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spellings_confirmed_by_dob),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_birth_date_levels),
		cmocka_unit_test(test_day_month_swapped),
		cmocka_unit_test(test_one_year_off),
		cmocka_unit_test(test_typo_confirmed_by_dob),
		cmocka_unit_test(test_names_only_threshold),
		cmocka_unit_test(test_contradictions_lower),
		cmocka_unit_test(test_single_word),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_organizations),
		cmocka_unit_test(test_index_query),
		cmocka_unit_test(test_repeated_word),
		cmocka_unit_test(test_index_particle_as_name),
		cmocka_unit_test(test_index_documents),
		cmocka_unit_test(test_index_fuzzy_keys),
		cmocka_unit_test(test_index_frequent_keys),
		cmocka_unit_test(test_index_frequent_word),
		cmocka_unit_test(test_index_frequent_word_any_year),
		cmocka_unit_test(test_index_organizations),
		cmocka_unit_test(test_index_organization_one_word),
		cmocka_unit_test(test_index_org_prefix),
		cmocka_unit_test(test_index_scripts),
		cmocka_unit_test(test_index_glued_titles),
		cmocka_unit_test(test_scan_agrees),
		cmocka_unit_test(test_index_large),
		cmocka_unit_test(test_index_add_all),
		cmocka_unit_test(test_index_saved),
		cmocka_unit_test(test_index_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
