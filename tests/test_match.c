#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../core/match.h"

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

/* Subject and entry names that should match, confirmed by the birth date. */
static void
same_person(const char *subject, const char *entry, double want)
{
	const char *sn[] = {subject}, *en[] = {entry};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970-03-15");
	char expl[MATCH_EXPLAIN_MAX];

	assert_float_equal(score(&s, &e, expl), want, EPS);
	assert_non_null(strstr(expl, "birth date equal 1970-03-15"));
	/* symmetric */
	assert_float_equal(score(&e, &s, NULL), want, EPS);
}

static void
test_spellings_confirmed_by_dob(void **state)
{
	(void)state;
	same_person("MUELLER HANS", "Müller, Hans", 0.95);
	same_person("MULLER HANS", "Müller Hans", 0.95);
	same_person("Müller Hans", "MULLER HANS", 0.95);
	same_person("JOSE GARCIA", "José García", 0.95);
	same_person("OBRIEN SEAN", "O'Brien, Seán", 0.95);
	same_person("O’Brien Sean", "OBRIEN SEAN", 0.95);
	same_person("SMITH JONES ANNA", "Anna Smith-Jones", 0.95);
	same_person("HANS MUELLER", "MUELLER HANS", 0.95);
	same_person("Mueller, Hans", "Hans MUELLER", 0.95);
	same_person("SMITH JOHN MR", "John Smith", 0.95);	/* PNR title */
	same_person("MUELLER HANS", "Hans Peter Müller", 0.92);
	same_person("GARCIA MARIA", "María José García López", 0.89);
}

static void
test_explanation(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"Müller, Hans"};
	const char *en2[] = {"Hans Peter Müller"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970-03-15");
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	s.nationality = "DE";
	e.nationality = "DEU";
	assert_float_equal(score(&s, &e, expl), 0.95, EPS);
	assert_string_equal(expl, "name equal as token set (MUELLER HANS);"
	    " birth date equal 1970-03-15; nationality DEU equal");
	e.names = en2;
	assert_float_equal(score(&s, &e, expl), 0.92, EPS);
	assert_string_equal(expl, "name MUELLER HANS within HANS PETER MUELLER"
	    " (1 part more); birth date equal 1970-03-15; nationality DEU equal");
	/* a short buffer keeps whole parts only */
	assert_float_equal(match_score(&s, &e, expl, 60), 0.92, EPS);
	assert_string_equal(expl, "name MUELLER HANS within HANS PETER MUELLER"
	    " (1 part more)");
}

static void
test_birth_date_levels(void **state)
{
	const char *sn[] = {"MUELLER HANS"}, *en[] = {"HANS MUELLER"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970");
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	assert_float_equal(score(&s, &e, expl), 0.85, EPS);
	assert_non_null(strstr(expl, "birth year equal"));
	e.birth_date = "1970-03";
	assert_float_equal(score(&s, &e, NULL), 0.85, EPS);
	e.birth_date = NULL;
	assert_float_equal(score(&s, &e, expl), 0.75, EPS);
	assert_non_null(strstr(expl, "birth date unknown"));
	e.birth_date = "15.03.1970";		/* any form norm_date reads */
	assert_float_equal(score(&s, &e, NULL), 0.95, EPS);
	e.birth_date = "150370";		/* two-digit year: unknown here */
	assert_float_equal(score(&s, &e, NULL), 0.75, EPS);
	e.birth_date = "1970-04";
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	e.birth_date = "1971-03-15";
	assert_float_equal(score(&s, &e, expl), 0.40, EPS);
	assert_non_null(strstr(expl, "birth date differs (traveller 1970-03-15,"
	    " list 1971-03-15)"));
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
	assert_float_equal(score(&s, &e, expl), 0.85, EPS);
	assert_non_null(strstr(expl, "nationality differs (traveller FRA,"
	    " list DEU)"));
	s.gender = "M";
	e.gender = "F";
	assert_float_equal(score(&s, &e, expl), 0.75, EPS);
	assert_non_null(strstr(expl, "gender differs"));
	/* with an unknown birth date both contradictions sink it */
	e.birth_date = NULL;
	assert_true(score(&s, &e, NULL) < MATCH_THRESHOLD);
	/* stateless and unspecified never contradict */
	e.birth_date = "1970-03-15";
	s.gender = "X";
	s.nationality = "XXA";
	assert_float_equal(score(&s, &e, NULL), 0.95, EPS);
}

static void
test_single_token_never_alerts(void **state)
{
	const char *sn[] = {"MADONNA"}, *en[] = {"Madonna"};
	const char *sn2[] = {"J SMITH"}, *en2[] = {"J SMITH"};
	struct match_record s = person(sn, "1958-08-16");
	struct match_record e = person(en, "1958-08-16");

	(void)state;
	s.nationality = e.nationality = "USA";
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
	s.names = sn2;
	e.names = en2;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
}

static void
test_too_many_extra_parts(void **state)
{
	const char *sn[] = {"ANNA SMITH"};
	const char *en[] = {"Anna Maria Louise Jane Smith"};
	struct match_record s = person(sn, "1970-03-15");
	struct match_record e = person(en, "1970-03-15");

	(void)state;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
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
	assert_float_equal(score(&s, &e, expl), 0.95, EPS);
	assert_non_null(strstr(expl, "alias equal as token set (PETR IVANOV)"));
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

	(void)state;
	s.docs = &sd;
	s.ndocs = 1;
	e.docs = &ed;
	e.ndocs = 1;
	assert_float_equal(score(&s, &e, expl), 0.98, EPS);
	assert_string_equal(expl, "document P POL EA1234567 equal;"
	    " birth date unknown");
	/* an unknown country does not contradict */
	ed.country = NULL;
	assert_float_equal(score(&s, &e, NULL), 0.98, EPS);
	/* the number alone, issued by another country, is someone else */
	ed.country = "CZE";
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
	/* document and name together */
	ed.country = "POL";
	e.names = sn;
	e.birth_date = "1980-01-01";
	assert_float_equal(score(&s, &e, expl), 0.99, EPS);
	assert_non_null(strstr(expl, "document P POL EA1234567 equal; name equal"));
	/* document, but the birth date contradicts */
	e.birth_date = "1981-01-01";
	assert_float_equal(score(&s, &e, NULL), 0.89, EPS);
	/* too short a number proves nothing */
	sd.number = "1234";
	ed.number = "1234";
	e.names = en;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
}

static void
test_organizations(void **state)
{
	const char *sn[] = {"ACME Trading Ltd"}, *en[] = {"Acme Trading GmbH"};
	const char *en2[] = {"ACME Shipping Ltd"}, *en3[] = {"Acme Trading S.A."};
	const char *sn4[] = {"Ltd."}, *en4[] = {"LTD"};
	struct match_record s = {.kind = MATCH_ORGANIZATION, .names = sn,
	    .nnames = 1};
	struct match_record e = {.kind = MATCH_ORGANIZATION, .names = en,
	    .nnames = 1};
	char expl[MATCH_EXPLAIN_MAX];

	(void)state;
	assert_float_equal(score(&s, &e, expl), 0.80, EPS);
	assert_string_equal(expl, "name equal as token set (ACME TRADING GMBH)");
	e.names = en3;
	assert_float_equal(score(&s, &e, NULL), 0.80, EPS);
	e.names = en2;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
	s.names = sn4;
	e.names = en4;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
	/* a person is not an organisation of the same name */
	s = person(en, NULL);
	e.names = en;
	assert_float_equal(score(&s, &e, NULL), 0.0, EPS);
}

static void
add(struct match_index *ix, long long id, const char *name, const char *dob)
{
	const char *names[] = {name};
	struct match_record r = person(names, dob);

	assert_int_equal(match_index_add(ix, id, &r), 0);
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
	add(ix, 8, "Karl Mueller", "1970-03-15");	/* shares one token */
	add(ix, 7, "Müller, Hans", "1970-03-15");
	add(ix, 6, "HANS MÜLLER", NULL);
	assert_int_equal(match_index_size(ix), 7);

	n = match_index_query(ix, &s, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].entry_id, 7);	/* ties by id */
	assert_int_equal(r[1].entry_id, 9);
	assert_float_equal(r[0].score, 0.95, EPS);
	assert_int_equal(r[2].entry_id, 3);
	assert_float_equal(r[2].score, 0.82, EPS);
	assert_int_equal(r[3].entry_id, 6);
	assert_float_equal(r[3].score, 0.75, EPS);
	free(r);

	/* a zero threshold still leaves out entries with nothing in common */
	n = match_index_query(ix, &s, 0.0, &r);
	assert_int_equal(n, 5);
	assert_int_equal(r[4].entry_id, 5);
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
	assert_float_equal(r[0].score, 0.95, EPS);
	free(r);
	/* One word is still never enough. */
	n = match_index_query(ix, &o, MATCH_THRESHOLD, &r);
	assert_int_equal(n, 0);
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
	struct match_record e = person(en, NULL), s = person(sn, NULL);
	struct match_result *r;

	(void)state;
	e.docs = &ed;
	e.ndocs = 1;
	s.docs = &sd;
	s.ndocs = 1;
	assert_int_equal(match_index_add(ix, 42, &e), 0);
	assert_int_equal(match_index_query(ix, &s, MATCH_THRESHOLD, &r), 1);
	assert_int_equal(r[0].entry_id, 42);
	assert_string_equal(r[0].explanation, "document P POL EA1234567 equal;"
	    " birth date unknown");
	free(r);
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

/* Many entries: the index grows, and a query finds the one it should. */
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
		assert_int_equal(match_index_query(ix, &s, MATCH_THRESHOLD, &r),
		    1);
		assert_int_equal(r[0].entry_id, i);
		free(r);
	}
	match_index_free(ix);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spellings_confirmed_by_dob),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_birth_date_levels),
		cmocka_unit_test(test_contradictions_lower),
		cmocka_unit_test(test_single_token_never_alerts),
		cmocka_unit_test(test_too_many_extra_parts),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_organizations),
		cmocka_unit_test(test_index_query),
		cmocka_unit_test(test_repeated_word),
		cmocka_unit_test(test_index_documents),
		cmocka_unit_test(test_index_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
