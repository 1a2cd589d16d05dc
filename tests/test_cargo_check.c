#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "norm/cargo_check.h"

/*
 * Known-good numbers were computed by hand and checked with a separate
 * script; each known-bad one differs from a good one by one thing.
 */

static void
test_awb_good(void **state)
{
	static const char *const good[] = {
		"020-12345675",		/* 1234567 mod 7 = 5 */
		"02012345675",		/* without the hyphen */
		"020 12345675",
		"020-1234 5675",	/* as printed on the form */
		"157-76543213",		/* 7654321 mod 7 = 3 */
		"176-33333333",		/* 3333333 mod 7 = 3 */
		"074-00000070",		/* 7 mod 7 = 0 */
		"618-99999992",		/* 9999999 mod 7 = 2 */
		"125-80808081",		/* 8080808 mod 7 = 1 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!cargo_awb_valid(good[i]))
			fail_msg("%s: %s", good[i], cargo_awb_problem(good[i]));
		assert_null(cargo_awb_problem(good[i]));
	}
}

static void
test_awb_bad(void **state)
{
	(void)state;
	/* The check digit off by one either way. */
	assert_false(cargo_awb_valid("020-12345674"));
	assert_false(cargo_awb_valid("020-12345676"));
	assert_string_equal(cargo_awb_problem("157-76543210"),
	    "check digit is not the serial modulo 7");
	/* 7 mod 7 is 0, never 7. */
	assert_false(cargo_awb_valid("074-00000077"));
	/* Forms. */
	assert_string_equal(cargo_awb_problem("020-1234567"),
	    "not a 3-digit prefix and an 8-digit serial");
	assert_false(cargo_awb_valid("020-123456750"));
	assert_false(cargo_awb_valid("20-12345675"));
	assert_false(cargo_awb_valid("020-1234567X"));
	assert_false(cargo_awb_valid("020--12345675"));
	/* A space only after the fourth digit of the serial. */
	assert_false(cargo_awb_valid("020-123 45675"));
	assert_false(cargo_awb_valid("020-12345675 "));
	assert_false(cargo_awb_valid(""));
	assert_false(cargo_awb_valid(NULL));
}

static void
test_container_good(void **state)
{
	static const char *const good[] = {
		"CSQU3054383",		/* the ISO 6346 example */
		"MSKU1234565",
		"OOLU4293959",		/* EQD+CN ids of a public BAPLIE */
		"MOEU0710945",
		"OOLU8757889",
		"TGHU1234567",
		"ABCU1234560",		/* sum mod 11 is 10: digit 0 */
		"APZU4107510",
		"CSQU 305438 3",	/* as painted on the door */
		"CSQU-305438-3",
		"csqu3054383",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!cargo_container_valid(good[i]))
			fail_msg("%s: %s", good[i],
			    cargo_container_problem(good[i]));
	}
}

static void
test_container_bad(void **state)
{
	(void)state;
	assert_false(cargo_container_valid("CSQU3054384"));
	assert_string_equal(cargo_container_problem("CSQU3054384"),
	    "check digit does not match (ISO 6346)");
	assert_false(cargo_container_valid("CSQU3054382"));
	assert_false(cargo_container_valid("MSKU1234566"));
	/* Two letters swapped: the weights tell. */
	assert_false(cargo_container_valid("SCQU3054383"));
	/* Two digits swapped. */
	assert_false(cargo_container_valid("CSQU3045383"));
	assert_string_equal(cargo_container_problem("CSQX3054383"),
	    "category letter is not U, J or Z");
	assert_string_equal(cargo_container_problem("CSQU305438"),
	    "not 4 letters and 7 digits");
	assert_false(cargo_container_valid("CSQU30543830"));
	assert_false(cargo_container_valid("CS1U3054383"));
	assert_false(cargo_container_valid("CSQU30543B3"));
	assert_false(cargo_container_valid(""));
	assert_false(cargo_container_valid(NULL));
}

static void
test_uld(void **state)
{
	(void)state;
	assert_true(cargo_uld_valid("AKE12345LH"));
	assert_true(cargo_uld_valid("PMC1234LH"));
	assert_true(cargo_uld_valid("PAG98765KL"));
	assert_true(cargo_uld_valid("AKH12345U2"));	/* owner "U2" */
	assert_true(cargo_uld_valid("AKE12343U"));	/* 1234, owner "3U" */
	assert_true(cargo_uld_valid("AKE 12345 LH"));
	assert_null(cargo_uld_problem("AKE12345LH"));
	assert_false(cargo_uld_valid("AKE123LH"));	/* 3 digits */
	assert_false(cargo_uld_valid("AKE123456LH"));	/* 6 digits */
	assert_false(cargo_uld_valid("AK12345LH"));
	assert_false(cargo_uld_valid("AKE1234L"));	/* owner cut short */
	/* Read by its length: 4 digits and the owner "5L", a valid form. */
	assert_true(cargo_uld_valid("AKE12345L"));
	assert_false(cargo_uld_valid("AKE1234ALH"));
	assert_false(cargo_uld_valid("AKE12.45LH"));
	assert_string_equal(cargo_uld_problem("AKE1234512"),
	    "owner code is not an airline designator");
	assert_false(cargo_uld_valid("BULK"));
	assert_false(cargo_uld_valid(NULL));
}

static void
test_hs(void **state)
{
	static const char *const good[] = {
		"847130", "8471.30", "8471.30.00", "847130000", "8471300000",
		"8471 30 00 00", "010121", "970600", "0901.21", "8542.31.0000",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!cargo_hs_valid(good[i]))
			fail_msg("%s: %s", good[i], cargo_hs_problem(good[i]));
	}
	assert_string_equal(cargo_hs_problem("84713"), "not 6 to 10 digits");
	assert_false(cargo_hs_valid("84713000001"));	/* 11 digits */
	assert_false(cargo_hs_valid("8471..30"));
	assert_false(cargo_hs_valid(".847130"));
	assert_false(cargo_hs_valid("847130."));
	assert_false(cargo_hs_valid("8471-30"));
	assert_false(cargo_hs_valid("8471.3O"));	/* letter O */
	assert_false(cargo_hs_valid("GENERAL CARGO"));
	assert_false(cargo_hs_valid(""));
	assert_false(cargo_hs_valid(NULL));
	assert_string_equal(cargo_hs_problem("000000"),
	    "chapter is not 01 to 97");
	assert_string_equal(cargo_hs_problem("980100"),
	    "chapter is not 01 to 97");
	assert_string_equal(cargo_hs_problem("990100"),
	    "chapter is not 01 to 97");
	assert_string_equal(cargo_hs_problem("7701.00"),
	    "chapter 77 is reserved");
}

static void
test_imo(void **state)
{
	(void)state;
	assert_true(cargo_imo_valid("9074729"));	/* 139: 9 */
	assert_true(cargo_imo_valid("IMO 9074729"));
	assert_true(cargo_imo_valid("imo9304186"));	/* 9304186: 156: 6 */
	assert_true(cargo_imo_valid("9812341"));
	assert_true(cargo_imo_valid("1234567"));
	assert_null(cargo_imo_problem("9074729"));
	assert_string_equal(cargo_imo_problem("9074728"),
	    "check digit does not match");
	assert_false(cargo_imo_valid("9704729"));	/* swapped */
	assert_string_equal(cargo_imo_problem("907472"), "not 7 digits");
	assert_false(cargo_imo_valid("90747290"));
	assert_false(cargo_imo_valid("IMO 907472X"));
	assert_false(cargo_imo_valid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_awb_good),
		cmocka_unit_test(test_awb_bad),
		cmocka_unit_test(test_container_good),
		cmocka_unit_test(test_container_bad),
		cmocka_unit_test(test_uld),
		cmocka_unit_test(test_hs),
		cmocka_unit_test(test_imo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
