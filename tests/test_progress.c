/*
 * Progress lines (core/base/progress.c) with the clock given: quiet in the
 * first seconds, a log line now and then with the rate and the time left,
 * and without a total only the count and the rate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/progress.h"

/* What was written to f so far (static buffer). */
static const char *
written(FILE *f)
{
	static char buf[4096];
	size_t n;

	(void)fflush(f);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	(void)fseek(f, 0, SEEK_END);
	return buf;
}

/* A progress started at time 0 on f (a file: log lines). */
static void
start(struct progress *p, FILE *f, size_t total)
{
	progress_start(p, f, "ingest", "files", total);
	p->start = p->shown = 0;
}

static void
log_lines(void **state)
{
	struct progress p;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	start(&p, f, 100);
	assert_int_equal(p.tty, 0);
	progress_step_at(&p, 10, 1.0);		/* the first seconds: quiet */
	assert_string_equal(written(f), "");
	progress_step_at(&p, 25, PROGRESS_LOG_EVERY + 1.0);
	assert_string_equal(written(f), "vborder: ingest: 25 of 100 files (25%),"
	    " 1/s, about 1 min 33 s left\n");
	progress_step_at(&p, 30, PROGRESS_LOG_EVERY + 5.0);	/* too soon */
	assert_int_equal(strchr(written(f), '\n') - written(f) + 1,
	    (long)strlen(written(f)));
	progress_step_at(&p, 90, 3 * PROGRESS_LOG_EVERY);
	assert_non_null(strstr(written(f), "90 of 100 files (90%), 1/s, about"
	    " 10 s left\n"));
	progress_end(&p);	/* a log keeps its lines */
	assert_non_null(strstr(written(f), "left\n"));
	(void)fclose(f);
}

static void
lines(void **state)
{
	struct progress p;
	char buf[256];

	(void)state;
	progress_start(&p, NULL, "screen", "person records", 0);
	p.start = 0;
	p.done = 120000;
	assert_string_equal(progress_line(&p, 10.0, buf, sizeof(buf)),
	    "screen: 120000 person records, 12000/s");
	p.total = 1000000;
	assert_string_equal(progress_line(&p, 10.0, buf, sizeof(buf)),
	    "screen: 120000 of 1000000 person records (12%), 12000/s,"
	    " about 1 min 13 s left");
	p.total = 100000000;
	assert_non_null(strstr(progress_line(&p, 10.0, buf, sizeof(buf)),
	    "about 2 h 18 min left"));
	/* Nowhere to tell: counting goes on, nothing is written. */
	progress_step_at(&p, 130000, 100.0);
	assert_int_equal(p.done, 130000);
	progress_end(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_lines),
		cmocka_unit_test(lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
