/*
 * One coordinated priority per subject (core/targets/score.h): a table of
 * subjects, each a set of reasons, with the score and priority they must
 * make. The README's worked example is the last rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "targets/score.h"

#define W(sev, sc)	{TARGETS_WATCHLIST, sev, sc, NULL, NULL}
#define R(ag, id, sev, sc)	{TARGETS_RULE, sev, sc, ag, id}
#define L(sc)		{TARGETS_LINK, NULL, sc, NULL, NULL}
#define I		{TARGETS_ISSUE, NULL, 0.5, NULL, NULL}

struct score_case {
	const char *what;
	struct targets_reason r[6];
	size_t n;
	double score;
	enum priority priority;
};

static const struct score_case cases[] = {
	{"nothing", {{0}}, 0, 0.0, PRIO_NONE},
	/* Watchlist hits: as before, the best one. */
	{"one strong high-severity hit", {W("high", 0.97)}, 1, 0.97, PRIO_HIGH},
	{"a probable match drops a step", {W("high", 0.80)}, 1, 0.80, PRIO_MEDIUM},
	{"no severity is medium", {W(NULL, 0.95)}, 1, 0.95, PRIO_MEDIUM},
	{"three hits on one identity do not add up",
	    {W("high", 0.97), W("medium", 0.95), W("low", 0.90)}, 3, 0.97,
	    PRIO_HIGH},
	/* One rule: its weight, its own priority; a weak one is never high. */
	{"one strong high rule", {R("CUS", "R1", "high", 0.9)}, 1, 0.9, PRIO_HIGH},
	{"one weak high rule", {R("CUS", "R1", "high", 0.6)}, 1, 0.6, PRIO_MEDIUM},
	{"one low-weight rule", {R("CUS", "R1", "high", 0.2)}, 1, 0.2, PRIO_MEDIUM},
	{"one low rule", {R("CUS", "R1", "low", 0.84)}, 1, 0.84, PRIO_LOW},
	{"one medium rule", {R("CUS", "R1", "medium", 0.5)}, 1, 0.5, PRIO_LOW},
	/* Independent rules add up with diminishing returns (noisy-or). */
	{"two medium rules", {R("CUS", "R1", "medium", 0.5),
	    R("IMM", "R2", "medium", 0.5)}, 2, 0.75, PRIO_LOW},
	{"three medium rules", {R("CUS", "R1", "medium", 0.5),
	    R("IMM", "R2", "medium", 0.5), R("BIO", "R3", "medium", 0.5)}, 3,
	    0.875, PRIO_MEDIUM},
	{"a weak high rule and a second indicator",
	    {R("CUS", "R1", "high", 0.7), R("CUS", "R2", "low", 0.6)}, 2, 0.88,
	    PRIO_HIGH},
	{"the same two short of 0.85", {R("CUS", "R1", "high", 0.7),
	    R("CUS", "R2", "low", 0.4)}, 2, 0.82, PRIO_MEDIUM},
	{"many low rules stay below high", {R("A", "1", "low", 0.9),
	    R("B", "2", "low", 0.9), R("C", "3", "low", 0.9)}, 3, 0.9, PRIO_LOW},
	/* Profiles alone never reach a sure identity match. */
	{"rules capped at 0.9", {R("A", "1", "high", 0.95),
	    R("B", "2", "high", 0.95)}, 2, 0.9, PRIO_HIGH},
	/* The API and the PNR record of one traveller hit one rule: once. */
	{"one rule hit twice counts once", {R("CUS", "R1", "medium", 0.5),
	    R("CUS", "R1", "medium", 0.5)}, 2, 0.5, PRIO_LOW},
	{"one id in two agencies is two rules", {R("CUS", "R1", "medium", 0.5),
	    R("IMM", "R1", "medium", 0.5)}, 2, 0.75, PRIO_LOW},
	/* Rules add to a watchlist hit; they never lower it. */
	{"a weak rule beside a hit", {W("medium", 0.95),
	    R("CUS", "R1", "low", 0.2)}, 2, 0.96, PRIO_MEDIUM},
	/* A link: half its source's score, a step below, never high alone. */
	{"a link to a sure high target", {{TARGETS_LINK, "high", 0.98, NULL,
	    NULL}}, 1, 0.49, PRIO_MEDIUM},
	{"a link without severity", {L(0.98)}, 1, 0.49, PRIO_LOW},
	/* A data-quality finding: low, 0.5, a floor. */
	{"a finding alone", {I}, 1, 0.5, PRIO_LOW},
	{"a finding beside a weak rule", {I, R("BIO", "C1", "low", 0.3)}, 2, 0.5,
	    PRIO_LOW},
	{"out-of-range scores are clamped", {R("A", "1", "medium", 1.7),
	    W("high", -0.2)}, 2, 0.9, PRIO_MEDIUM},
	/* README's worked example: Delacroix on ZQ714. */
	{"README: her three rules", {R("CUSTOMS", "CUS-R-0001", "medium", 0.6),
	    R("IMMIGRATION", "IMM-R-0002", "medium", 0.5),
	    R("CUSTOMS", "CUS-R-0002", "low", 0.3)}, 3, 0.86, PRIO_MEDIUM},
	{"README: her two medium rules", {R("CUSTOMS", "CUS-R-0001", "medium", 0.6),
	    R("IMMIGRATION", "IMM-R-0002", "medium", 0.5)}, 2, 0.8, PRIO_LOW},
	{"README: beside the warrant", {W("high", 0.97),
	    R("CUSTOMS", "CUS-R-0001", "medium", 0.6),
	    R("IMMIGRATION", "IMM-R-0002", "medium", 0.5),
	    R("CUSTOMS", "CUS-R-0002", "low", 0.3)}, 4, 0.9958, PRIO_HIGH},
};

static void
table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct targets_combined c;

		targets_combine(cases[i].r, cases[i].n, &c);
		if (c.score < cases[i].score - 0.0001 ||
		    c.score > cases[i].score + 0.0001 ||
		    c.priority != cases[i].priority)
			fail_msg("%s: score %.4f priority %d, want %.4f and %d",
			    cases[i].what, c.score, (int)c.priority,
			    cases[i].score, (int)cases[i].priority);
	}
}

/* More rules never lower the score, and each adds less than the one before. */
static void
diminishing_returns(void **state)
{
	struct targets_reason r[5];
	double last = 0.0, gain = 1.0;

	(void)state;
	for (size_t n = 1; n <= 5; n++) {
		struct targets_combined c;
		static const char *const ids[] = {"1", "2", "3", "4", "5"};

		r[n - 1] = (struct targets_reason){TARGETS_RULE, "medium", 0.3,
		    "CUS", ids[n - 1]};
		targets_combine(r, n, &c);
		assert_true(c.score > last);
		assert_true(c.score - last < gain);
		gain = c.score - last;
		last = c.score;
	}
}

/* The single-reason priority the list had before, unchanged. */
static void
priority_of_one(void **state)
{
	(void)state;
	assert_int_equal(targets_priority("high", 0.85), PRIO_HIGH);
	assert_int_equal(targets_priority("high", 0.84), PRIO_MEDIUM);
	assert_int_equal(targets_priority("medium", 0.9), PRIO_MEDIUM);
	assert_int_equal(targets_priority(NULL, 0.5), PRIO_LOW);
	assert_int_equal(targets_priority("low", 0.1), PRIO_LOW);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(diminishing_returns),
		cmocka_unit_test(priority_of_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
