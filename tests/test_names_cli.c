/*
 * `vborder names compare` from the user's side (CONTRACT.md): every row
 * it reads is answered, whichever FollowTheMoney schema it names
 * (LegalEntity and PublicBody as organisations, Vessel as vessels), or
 * named on standard error with the line it starts on and exit 65; and
 * names with titles glued to them, as PNRs write them, score as the name.
 * No database: the command needs none.
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

static struct h_env env;

static int
setup(void **state)
{
	(void)state;
	return h_env_start(&env, 0);
}

static int
teardown(void **state)
{
	(void)state;
	h_env_stop(&env);
	return 0;
}

/* Runs names compare on csv (as bytes, through a file); its exit code. */
static int
compare(const char *csv, const char *opts)
{
	const char *in = h_path(&env, "in.csv");
	FILE *f = fopen(in, "w");

	assert_non_null(f);
	assert_int_equal(fputs(csv, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return h_vborder(&env, "names compare %s < '%s'", opts, in);
}

/*
 * The answer to row id: its score and decision from the last run's
 * output; 0 when the output has no such row.
 */
static int
answer(const char *id, double *score, int *decision)
{
	char *out = h_slurp(env.out), *line, *save = NULL;
	size_t idlen = strlen(id);
	int found = 0;

	assert_non_null(out);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, id, idlen) != 0 || line[idlen] != ',')
			continue;
		assert_int_equal(sscanf(line + idlen, ",%lf,%d", score,
		    decision), 2);
		found++;
	}
	free(out);
	assert_true(found <= 1);
	return found;
}

/* Rows of the output besides its header. */
static int
rows_out(void)
{
	char *out = h_slurp(env.out), *p;
	int n = 0;

	assert_non_null(out);
	assert_true(strncmp(out, "id,score,decision\n", 18) == 0);
	for (p = out + 18; *p != '\0'; p++)
		n += *p == '\n';
	free(out);
	return n;
}

static void
expect_decision(const char *id, int decision)
{
	double s;
	int d;

	if (!answer(id, &s, &d))
		fail_msg("row %s not answered", id);
	if (d != decision)
		fail_msg("row %s: score %.4f, decision %d, expected %d", id,
		    s, d, decision);
}

/* Every schema of CONTRACT.md is answered, as its kind. */
static void
every_schema(void **state)
{
	double s;
	int d;

	(void)state;
	assert_int_equal(compare("id,name_a,name_b,schema\n"
	    "p,MUELLER HANS,\"Müller, Hans\",Person\n"
	    "c,ACME TRADING LTD,Acme Trading Limited,Company\n"
	    "o,Red Cross Society,RED CROSS SOCIETY,Organization\n"
	    "le,Rosneft Trading S.A.,ROSNEFT TRADING SA,LegalEntity\n"
	    "le0,Rosneft Trading S.A.,Gazprom Trading SA,LegalEntity\n"
	    "pb,Ministry of Defence of Iran,MINISTRY OF DEFENCE OF IRAN,PublicBody\n"
	    "pb0,Ministry of Defence,Ministry of Finance,PublicBody\n"
	    "v,MV NORTHERN STAR,Northern Star,Vessel\n"
	    "v2,M/V Ever Given,M.T. EVER GIVEN,vessel\n"
	    "v0,Northern Star,Southern Cross,Vessel\n"
	    "b,Hans Mueller,MULLER HANS,\n"
	    "sp,JOHN SMITH,John Smith, Person \n", ""), 0);
	assert_int_equal(rows_out(), 12);
	expect_decision("p", 1);
	expect_decision("c", 1);
	expect_decision("o", 1);
	expect_decision("le", 1);
	expect_decision("le0", 0);
	expect_decision("pb", 1);
	expect_decision("pb0", 0);
	expect_decision("v", 1);
	expect_decision("v2", 1);
	expect_decision("v0", 0);
	expect_decision("b", 1);
	expect_decision("sp", 1);
	/* An organisation's or a vessel's equal name reaches 0.90, a person's 0.80. */
	assert_true(answer("le", &s, &d) && s > 0.89);
	assert_true(answer("pb", &s, &d) && s > 0.89);
	assert_true(answer("v", &s, &d) && s > 0.89);
	assert_true(answer("p", &s, &d) && s < 0.81);
	assert_true(h_contains(env.errout, "error") == 0);
}

/* MV is a ship's prefix, not an organisation's word. */
static void
vessel_prefix(void **state)
{
	double sv, so;
	int d;

	(void)state;
	assert_int_equal(compare("id,name_a,name_b,schema\n"
	    "v,MV Northern Star,NORTHERN STAR,Vessel\n"
	    "o,MV Northern Star,NORTHERN STAR,Organization\n", ""), 0);
	assert_true(answer("v", &sv, &d));
	assert_true(answer("o", &so, &d));
	assert_true(sv > so);
}

/*
 * A schema not known is named with the line its row starts on (after a
 * blank line and a cell that holds a line break) and its id; every other
 * row is still answered; exit 65.
 */
static void
unknown_schema(void **state)
{
	(void)state;
	assert_int_equal(compare("id,name_a,name_b,schema\n"
	    "1,Hans Mueller,MULLER HANS,Person\n"
	    "\n"
	    "2,\"Acme\nTrading Ltd\",ACME TRADING,Company\n"
	    "3,Boeing 737,N12345,Airplane\n"
	    "4,Northern Star,NORTHERN STAR,Vessel\n"
	    "5,a,b,Persons\n"
	    "6,Ever Given,EVER GIVEN,LegalEntity\n", ""), 65);
	assert_int_equal(rows_out(), 4);
	expect_decision("1", 1);
	expect_decision("2", 1);
	expect_decision("4", 1);
	expect_decision("6", 1);
	assert_int_equal(answer("3", &(double){0}, &(int){0}), 0);
	assert_int_equal(answer("5", &(double){0}, &(int){0}), 0);
	assert_true(h_contains(env.errout, "line 6: id 3: schema Airplane"));
	assert_true(h_contains(env.errout, "line 8: id 5: schema Persons"));
	/* A row short of the header's cells is named by its line too. */
	assert_int_equal(compare("id,name_a,name_b\n"
	    "1,Hans Mueller,MULLER HANS\n"
	    "2,Hans Mueller\n", ""), 65);
	assert_int_equal(rows_out(), 1);
	assert_true(h_contains(env.errout, "line 3: 2 cells"));
}

/* Titles glued to a name, as PNRs and passports' DOCS write them. */
static void
glued_titles(void **state)
{
	(void)state;
	assert_int_equal(compare("id,name_a,name_b,schema\n"
	    "1,JOHNMR SMITH,John Smith,Person\n"
	    "2,SMITH JOHNMR,John Smith,\n"
	    "3,LEE LORELEIMRS,Lorelei Lee,Person\n"
	    "4,KOWALSKA ANNAMS,Anna Kowalska,Person\n"
	    "5,PAN PETERMSTR,Peter Pan,Person\n"
	    "6,DRSMITH JOHN,John Smith,Person\n"
	    "7,SMITH/JOHN MR,John Smith,Person\n"
	    "8,JOHN ADAMS,John Ada,Person\n"
	    "9,JOHN SAMS,John Sa,Person\n"
	    "10,JOHN DRAKE,John Ake,Person\n", ""), 0);
	for (int i = 1; i <= 7; i++) {
		char id[4];

		(void)snprintf(id, sizeof(id), "%d", i);
		expect_decision(id, 1);
	}
	expect_decision("8", 0);
	expect_decision("9", 0);
	expect_decision("10", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_schema),
		cmocka_unit_test(vessel_prefix),
		cmocka_unit_test(unknown_schema),
		cmocka_unit_test(glued_titles),
	};

	return cmocka_run_group_tests_name("names_cli", tests, setup,
	    teardown);
}
