#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"

static void
test_arrays_grow_and_keep_content(void **state)
{
	struct model *m = model_new();
	struct manifest *mf;

	(void)state;
	assert_non_null(m);
	assert_non_null(mf = model_add_manifest(m));
	for (int i = 0; i < 100; i++) {
		struct person *p = model_add_person(m, mf);
		char name[16];

		assert_non_null(p);
		snprintf(name, sizeof(name), "P%d", i);
		assert_non_null(p->surname = model_strdup(m, name));
		for (int d = 0; d < i % 6; d++)
			assert_non_null(model_add_document(m, p));
	}
	assert_int_equal(mf->npeople, 100);
	assert_string_equal(mf->people[0].surname, "P0");
	assert_string_equal(mf->people[99].surname, "P99");
	assert_int_equal(mf->people[5].ndocs, 5);
	assert_null(mf->people[5].docs[4].number);
	model_free(m);
}

static void
test_arrival_leg_is_the_reporting_one(void **state)
{
	struct model *m = model_new();
	struct manifest *mf = model_add_manifest(m);
	struct leg *a, *b, *c;

	(void)state;
	assert_null(manifest_arrival_leg(mf));
	a = model_add_leg(m, mf);
	assert_ptr_equal(manifest_arrival_leg(mf), a);
	b = model_add_leg(m, mf);
	b->reporting = 1;
	c = model_add_leg(m, mf);
	(void)c;
	assert_ptr_equal(manifest_arrival_leg(mf), &mf->legs[1]);
	model_free(m);
}

static void
test_warnings_are_kept(void **state)
{
	struct model *m = model_new();

	(void)state;
	assert_int_equal(model_warn(m, 42, "UNT count %d, counted %d", 0, 152), 0);
	assert_int_equal(m->nwarnings, 1);
	assert_int_equal(m->warnings[0].offset, 42);
	assert_string_equal(m->warnings[0].message, "UNT count 0, counted 152");
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arrays_grow_and_keep_content),
		cmocka_unit_test(test_arrival_leg_is_the_reporting_one),
		cmocka_unit_test(test_warnings_are_kept),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
