/*
 * The CSV and HTML renderings of a list (core/targets/render.c) with what
 * a hostile carrier may put in any value: formulas for the spreadsheet,
 * markup for the browser. No database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "targets/targets_int.h"

static const char list_text[] =
    "{\"arrival\": {\"mode\": \"air\", \"carrier\": \"XA\","
    " \"transport_id\": \"XA401<b>\", \"departure_port\": \"FRA\","
    " \"arrival_port\": \"JFK\", \"scheduled_departure_local\": \"2026-11-25T08:20\","
    " \"scheduled_arrival_local\": \"2026-11-25T11:05\","
    " \"scheduled_arrival_utc\": \"2026-11-25T16:05:00Z\"},"
    " \"generated_at\": \"2026-11-25T12:00:00Z\","
    " \"screened\": {\"passengers\": 2, \"crew\": 0, \"shipments\": 1},"
    " \"targets\": [{\"id\": \"T1-P1\", \"rank\": 1, \"priority\": \"high\","
    "  \"score\": 0.97, \"subject\": {\"kind\": \"passenger\","
    "  \"name\": \"=HYPERLINK(\\\"http://x.example\\\",\\\"click\\\")\","
    "  \"birth_date\": \"1981-02-09\", \"nationality\": \"POL\","
    "  \"documents\": [{\"type\": \"+P\", \"number\": \"EA1\", \"country\": \"POL\"}],"
    "  \"data_quality\": [\"-1+1\"]},"
    "  \"reasons\": [{\"agency\": \"@SUM(A1)\", \"source\": \"watchlist\","
    "   \"list\": \"wanted\", \"entry_id\": \"W-1\", \"list_version\": 1,"
    "   \"score\": 0.97, \"severity\": \"high\","
    "   \"explanation\": \"<script>alert(1)</script> & 'x'\"}],"
    "  \"outcome\": {\"outcome\": \"referred\", \"note\": \"<i>gate</i>\","
    "   \"by\": \"k\", \"at\": \"2026-11-25T13:00:00Z\"}},"
    "  {\"id\": \"T1-S1\", \"rank\": 2, \"priority\": \"low\", \"score\": 0.3,"
    "  \"subject\": {\"kind\": \"shipment\", \"waybill\": \"020-1\","
    "  \"consignee\": {\"name\": \"\\tTAB CO\", \"country\": \"US\"},"
    "  \"goods\": [\"<img src=x onerror=alert(1)>\"], \"hs_codes\": []},"
    "  \"reasons\": [{\"agency\": \"CUSTOMS\", \"source\": \"rule\","
    "   \"rule_id\": \"C-1\", \"rule_version\": 2, \"score\": 0.3,"
    "   \"explanation\": \"HS code\"}]}]}";

static char *
render(void (*fn)(FILE *, json_t *), size_t *len)
{
	json_t *list = json_loads(list_text, 0, NULL);
	char *text = NULL;
	FILE *f;

	assert_non_null(list);
	assert_non_null(f = open_memstream(&text, len));
	fn(f, list);
	assert_int_equal(fclose(f), 0);
	json_decref(list);
	return text;
}

/* Every cell that starts with = + - @ or a tab is defused with a quote. */
static void
csv_formulas_defused(void **state)
{
	size_t len;
	char *csv = render(targets_csv, &len);

	(void)state;
	assert_memory_equal(csv, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(csv, "\"'=HYPERLINK(\"\"http://x.example\"\","));
	assert_non_null(strstr(csv, "\"'+P POL EA1\""));
	assert_non_null(strstr(csv, "\"'@SUM(A1)\""));
	assert_non_null(strstr(csv, "\"'-1+1\""));
	assert_null(strstr(csv, ",\"=HYPERLINK"));
	assert_null(strstr(csv, ",\"@SUM"));
	/* The shipment's row: its label, the tab shown as a space, not raw. */
	assert_non_null(strstr(csv, "\"020-1 to  TAB CO\""));
	assert_null(strchr(csv, '\t'));
	/* Two reasons: two rows and a header, each ended by CRLF. */
	{
		size_t lines = 0;

		for (size_t i = 0; i < len; i++)
			lines += csv[i] == '\n';
		assert_int_equal(lines, 3);
	}
	free(csv);
}

/* Markup from carriers is text: no element, no attribute it could open. */
static void
html_escaped(void **state)
{
	size_t len;
	char *html = render(targets_html, &len);

	(void)state;
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<i>gate"));
	assert_null(strstr(html, "XA401<b>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp;"
	    " &#39;x&#39;"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(html, "<h1>XA401&lt;b&gt;"));
	assert_non_null(strstr(html, "Outcome: <b>referred</b>"));
	assert_non_null(strstr(html, "=HYPERLINK(&quot;http://x.example&quot;"));
	assert_non_null(strstr(html, "4 h 05 min before arrival"));
	free(html);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_formulas_defused),
		cmocka_unit_test(html_escaped),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
