#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "norm/norm.h"

/* in normalises to primary and variant (NULL: same as primary). */
static void
name_is(const char *in, const char *primary, const char *variant)
{
	struct norm_name nn;

	assert_int_equal(norm_name(in, &nn), 0);
	assert_string_equal(nn.primary, primary);
	assert_string_equal(nn.variant, variant != NULL ? variant : primary);
}

static void
test_name_icao_two_spellings(void **state)
{
	(void)state;
	name_is("MÜLLER", "MUELLER", "MULLER");
	name_is("müller", "MUELLER", "MULLER");
	name_is("Jäger", "JAEGER", "JAGER");
	name_is("Öztürk", "OEZTUERK", "OZTURK");
	name_is("Søren Ågård", "SOEREN AAGAARD", "SOREN AGARD");
	/* decomposed: U followed by a combining diaeresis */
	name_is("Mu\xcc\x88ller", "MUELLER", "MULLER");
	name_is("A\xcc\x8asa", "AASA", "ASA");
}

static void
test_name_diacritics_and_ligatures(void **state)
{
	(void)state;
	name_is("José García", "JOSE GARCIA", NULL);
	name_is("Ægir Þórsson", "AEGIR THORSSON", NULL);
	name_is("Łukasz Wałęsa", "LUKASZ WALESA", NULL);
	name_is("Straße", "STRASSE", NULL);
	name_is("Œuvre Ðorđe", "OEUVRE DORDE", NULL);
	name_is("Çelik Şahin Ğ", "CELIK SAHIN G", NULL);
	name_is("Ĳsbrand", "IJSBRAND", NULL);
	name_is("Ştefan Țiriac", "STEFAN TIRIAC", NULL);
	name_is("Erdős Ő", "ERDOS O", NULL);
	name_is("Ｊａｎ", "JAN", NULL);
}

static void
test_name_punctuation(void **state)
{
	(void)state;
	name_is("O'Brien", "OBRIEN", NULL);
	name_is("O\xe2\x80\x99" "Brien", "OBRIEN", NULL);	/* ’ */
	name_is("O\xca\xbc" "Brien", "OBRIEN", NULL);		/* ʼ */
	name_is("O`Brien", "OBRIEN", NULL);
	name_is("Smith-Jones", "SMITH JONES", NULL);
	name_is("Smith\xe2\x80\x90Jones", "SMITH JONES", NULL);	/* U+2010 */
	name_is("Müller, Hans", "MUELLER HANS", "MULLER HANS");
	name_is("SMITH/JOHN MR", "SMITH JOHN MR", NULL);
	name_is("J.R.R. Tolkien", "J R R TOLKIEN", NULL);
	name_is("  Anna \t  Maria\xc2\xa0Lopez  ", "ANNA MARIA LOPEZ", NULL);
	name_is("Henry 8th", "HENRY 8TH", NULL);
	name_is("", "", NULL);
	name_is(" - , ", "", NULL);
	/* A control character inside a name (C1 from a wrong character set, C0, DEL) never splits it. */
	name_is("KRA\xc2\x8aOVEC", "KRAOVEC", NULL);
	name_is("KRA\x01OV\x7f" "EC", "KRAOVEC", NULL);
	name_is("ANNA\nMARIA", "ANNA MARIA", NULL);
}

/* Other scripts are spelt in Latin (test_translit has the tables' pairs). */
static void
test_name_other_scripts(void **state)
{
	struct norm_name nn;

	(void)state;
	name_is("Иван Petrov", "IVAN PETROV", NULL);
	name_is("Ali \xd8\xb9\xd9\x84\xd9\x8a", "ALI ALI", NULL);
	/* A Korean surname in its two customary spellings. */
	name_is("이민호", "LEE MINHO", "YI MINHO");
	/* Han and Hangul are syllabic; a Latin name, even with Cyrillic, is not. */
	assert_int_equal(norm_name("王小明", &nn), 0);
	assert_int_equal(nn.syllabic, 1);
	assert_int_equal(norm_name("MÜLLER Сергей", &nn), 0);
	assert_int_equal(nn.syllabic, 0);
	/* A script no table knows is dropped, emoji too. */
	name_is("A \xe0\xbd\x96\xe0\xbd\xbc\xe0\xbd\x91 B", "A B", NULL);
}

static void
test_name_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"M\xc3",		/* truncated */
		"M\xc3(ller",		/* bad continuation */
		"\x80",			/* stray continuation */
		"\xc0\xaf",		/* overlong */
		"\xe0\x80\xaf",		/* overlong */
		"\xed\xa0\x80",		/* surrogate */
		"\xf4\x90\x80\x80",	/* beyond U+10FFFF */
		"\xff",
		"\xf0\x9f\x98",		/* truncated at the end */
	};
	struct norm_name nn;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(norm_name(bad[i], &nn), -1);
		assert_string_equal(nn.primary, "");
		assert_string_equal(nn.variant, "");
	}
	assert_int_equal(norm_name(NULL, &nn), -1);
	/* a four-byte letter of another script is valid and dropped */
	name_is("A \xf0\x9f\x98\x80 B", "A B", NULL);
}

static void
test_name_overflow(void **state)
{
	char in[NORM_NAME_MAX * 2 + 1];
	struct norm_name nn;

	(void)state;
	memset(in, 'a', NORM_NAME_MAX - 1);
	in[NORM_NAME_MAX - 1] = '\0';
	assert_int_equal(norm_name(in, &nn), 0);
	assert_int_equal(strlen(nn.primary), NORM_NAME_MAX - 1);
	in[NORM_NAME_MAX - 1] = 'a';
	in[NORM_NAME_MAX] = '\0';
	assert_int_equal(norm_name(in, &nn), -1);
	assert_string_equal(nn.primary, "");
	/* 300 Ä fit the input but not the primary spelling (AE each) */
	for (size_t i = 0; i < 300; i++)
		memcpy(in + 2 * i, "\xc3\x84", 2);
	in[600] = '\0';
	assert_int_equal(norm_name(in, &nn), -1);
}

static void
test_tokens(void **state)
{
	char name[] = "MUELLER HANS PETER";
	char name2[] = "A B C D";
	char *tok[4];

	(void)state;
	assert_int_equal(norm_tokens(name, tok, 4), 3);
	assert_string_equal(tok[0], "MUELLER");
	assert_string_equal(tok[2], "PETER");
	assert_int_equal(norm_tokens(name2, tok, 2), 2);
	assert_string_equal(tok[0], "A");
	assert_string_equal(tok[1], "B");	/* cut, not "B C D" */
	name2[0] = '\0';
	assert_int_equal(norm_tokens(name2, tok, 2), 0);
}

static void
date_is(const char *in, enum norm_when when, const char *want)
{
	char out[11];

	assert_int_equal(norm_date(in, when, 2026, out), 0);
	assert_string_equal(out, want);
}

static void
date_bad(const char *in)
{
	char out[11];

	assert_int_equal(norm_date(in, NORM_PAST, 2026, out), -1);
	assert_string_equal(out, "");
}

static void
test_date_forms(void **state)
{
	(void)state;
	date_is("1981-02-09", NORM_PAST, "1981-02-09");
	date_is("19810209", NORM_PAST, "1981-02-09");
	date_is("1981-02", NORM_PAST, "1981-02");
	date_is("1981", NORM_PAST, "1981");
	date_is("09.02.1981", NORM_PAST, "1981-02-09");
	date_is("09/02/1981", NORM_PAST, "1981-02-09");
	date_is("09FEB81", NORM_PAST, "1981-02-09");
	date_is("09feb1981", NORM_PAST, "1981-02-09");
	date_is("810209", NORM_PAST, "1981-02-09");
	date_is(" 1981-02-09 ", NORM_PAST, "1981-02-09");
}

static void
test_date_two_digit_years(void **state)
{
	(void)state;
	date_is("01JAN26", NORM_PAST, "2026-01-01");
	date_is("01JAN27", NORM_PAST, "1927-01-01");
	date_is("01JAN00", NORM_PAST, "2000-01-01");
	date_is("01JAN31", NORM_FUTURE, "2031-01-01");
	date_is("01JAN10", NORM_FUTURE, "2010-01-01");
	date_is("310101", NORM_FUTURE, "2031-01-01");
	assert_int_equal(norm_year2(81, NORM_PAST, 2026), 1981);
	/* A scheduled flight is near now, on either side of a century. */
	assert_int_equal(norm_year2(26, NORM_NEAR, 2026), 2026);
	assert_int_equal(norm_year2(99, NORM_NEAR, 2001), 1999);
	assert_int_equal(norm_year2(1, NORM_NEAR, 2099), 2101);
	assert_int_equal(norm_days_in_month(2024, 2), 29);
	assert_int_equal(norm_days_in_month(2100, 2), 28);
	assert_int_equal(norm_days_in_month(2000, 2), 29);
}

static void
test_date_invalid(void **state)
{
	(void)state;
	date_bad("2025-02-29");
	date_bad("1900-02-29");
	date_bad("2024-02-30");
	date_bad("2024-04-31");
	date_bad("31APR2020");
	date_bad("2024-13-01");
	date_bad("2024-00-10");
	date_bad("2024-01-00");
	date_bad("32.01.2020");
	date_bad("01XYZ20");
	date_bad("2024-2-1");
	date_bad("2024/02/01");
	date_bad("0999");
	date_bad("abcd");
	date_bad("");
	date_bad("198102091");
	date_bad(NULL);
	date_is("2024-02-29", NORM_PAST, "2024-02-29");
	date_is("29.02.2000", NORM_PAST, "2000-02-29");
}

static void
test_country(void **state)
{
	(void)state;
	assert_string_equal(norm_country("DEU"), "DEU");
	assert_string_equal(norm_country("de"), "DEU");
	assert_string_equal(norm_country("D"), "DEU");
	assert_string_equal(norm_country("D<<"), "DEU");
	assert_string_equal(norm_country(" gbr "), "GBR");
	assert_string_equal(norm_country("pl"), "POL");
	assert_string_equal(norm_country("ZWE"), "ZWE");
	assert_string_equal(norm_country("ABW"), "ABW");
	assert_string_equal(norm_country("GBN"), "GBN");
	assert_string_equal(norm_country("xxa"), "XXA");
	assert_string_equal(norm_country("UNO"), "UNO");
	assert_string_equal(norm_country("EUE"), "EUE");
	assert_string_equal(norm_country("RKS"), "RKS");
	assert_string_equal(norm_country("XK"), "RKS");
	assert_string_equal(norm_country("UK"), "GBR");
	assert_null(norm_country("QQQ"));
	assert_null(norm_country("Q"));
	assert_null(norm_country("DEUT"));
	assert_null(norm_country(""));
	assert_null(norm_country("D1"));
	assert_null(norm_country(NULL));
	assert_string_equal(norm_country_alpha2("DEU"), "DE");
	assert_string_equal(norm_country_alpha2("fra"), "FR");
	assert_string_equal(norm_country_alpha2("RKS"), "XK");
	assert_null(norm_country_alpha2("XXA"));
	assert_null(norm_country_alpha2("QQQ"));
}

/*
 * The two sorted tables agree, and a bsearch finds each of the 249 codes
 * both ways (a code out of order would be missed).
 */
static void
test_country_tables_agree(void **state)
{
	int n2 = 0, n3 = 0;

	(void)state;
	for (char c = 'A'; c <= 'Z'; c++) {
		for (char d = 'A'; d <= 'Z'; d++) {
			char a2[3] = {c, d, 0};
			const char *a3 = norm_country(a2);

			if (a3 != NULL && strcmp(a2, "UK") != 0 &&
			    strcmp(a2, "EL") != 0 && strcmp(a2, "XK") != 0) {
				n2++;
				assert_string_equal(norm_country_alpha2(a3), a2);
			}
			for (char e = 'A'; e <= 'Z'; e++) {
				char k[4] = {c, d, e, 0};
				const char *x = norm_country(k), *y;

				if (x == NULL || strcmp(x, k) != 0 ||
				    strcmp(k, "RKS") == 0 ||
				    (y = norm_country_alpha2(k)) == NULL)
					continue;
				n3++;
				assert_string_equal(norm_country(y), k);
			}
		}
	}
	assert_int_equal(n2, 249);
	assert_int_equal(n3, 249);
}

static void
test_document(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(norm_document("ea 123-456.7", out, sizeof(out)), 0);
	assert_string_equal(out, "EA1234567");
	assert_int_equal(norm_document("P<<123/45", out, sizeof(out)), 0);
	assert_string_equal(out, "P12345");
	assert_int_equal(norm_document("", out, sizeof(out)), -1);
	assert_int_equal(norm_document("- . <", out, sizeof(out)), -1);
	assert_int_equal(norm_document("AB#12", out, sizeof(out)), -1);
	assert_int_equal(norm_document(NULL, out, sizeof(out)), -1);
	assert_int_equal(norm_document("123456789012345", out, sizeof(out)), 0);
	assert_int_equal(norm_document("1234567890123456", out, sizeof(out)), -1);
	assert_string_equal(out, "");
}

static void
test_gender(void **state)
{
	(void)state;
	assert_int_equal(norm_gender("M"), 'M');
	assert_int_equal(norm_gender("f"), 'F');
	assert_int_equal(norm_gender(" Female "), 'F');
	assert_int_equal(norm_gender("MALE"), 'M');
	assert_int_equal(norm_gender("X"), 'X');
	assert_int_equal(norm_gender("U"), 'X');
	assert_int_equal(norm_gender("?"), 0);
	assert_int_equal(norm_gender("MA"), 0);
	assert_int_equal(norm_gender(""), 0);
	assert_int_equal(norm_gender(NULL), 0);
}

static void
test_flight_id(void **state)
{
	static const struct {
		const char *carrier, *number, *want;
	} cases[] = {
		{"UA", "0989", "UA989"},
		{NULL, "UA0989", "UA989"},
		{"UA", "UA0989", "UA989"},
		{"TZ", "0006", "TZ6"},
		{NULL, "TN506", "TN506"},
		{"XA", "401", "XA401"},
		{"9W", "0120A", "9W120A"},
		{NULL, "U20007", "U27"},
		{"LH", "0", "LH0"},
		{"DLH", "400", "DLH400"},
		{"UA", "98765", "UA98765"},	/* not a flight number: as sent */
		{NULL, "12345", "12345"},
		{"UA", "SPECIAL1", "SPECIAL1"},
		{NULL, NULL, ""},
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(norm_flight(cases[i].carrier, cases[i].number,
		    out, sizeof(out)), 0);
		assert_string_equal(out, cases[i].want);
	}
	assert_int_equal(norm_flight("UA", "0989", out, 5), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flight_id),
		cmocka_unit_test(test_name_icao_two_spellings),
		cmocka_unit_test(test_name_diacritics_and_ligatures),
		cmocka_unit_test(test_name_punctuation),
		cmocka_unit_test(test_name_other_scripts),
		cmocka_unit_test(test_name_invalid_utf8),
		cmocka_unit_test(test_name_overflow),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_date_forms),
		cmocka_unit_test(test_date_two_digit_years),
		cmocka_unit_test(test_date_invalid),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_country_tables_agree),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_gender),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
