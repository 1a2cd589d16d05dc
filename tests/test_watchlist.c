/*
 * The native watchlist CSV reader. Each case reads a CSV held in a string
 * and compares what the reader delivered, one line per entry in a fixed
 * text form (tests/wl_got.c), and what it rejected, with the line numbers.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lists/watchlist.h"
#include "wl_got.h"

static long
read_csv(const char *csv, struct wl_got *g, struct vb_error *err)
{
	return wl_got_read(wl_read_native, csv, g, err);
}

static void
test_header_order_free_unknown_columns_ignored(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv(
	    "severity,Name,source_url,KIND,id,nationality\n"
	    "HIGH,\"Nowak, Piotr\",http://x.example/1,Person,IMM-1,pl\n"
	    "low,Acme Shipping Ltd,,organization,IMM-2,\n", &g, &err), 2);
	assert_int_equal(g.nrejects, 0);
	assert_string_equal(g.entries[0],
	    "2 IMM-1 person Nowak, Piotr nat=POL severity=high");
	assert_string_equal(g.entries[1],
	    "3 IMM-2 organization Acme Shipping Ltd severity=low");
}

static void
test_bom_and_crlf(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("\xef\xbb\xbfid,kind,name,gender\r\n"
	    "A1,person,Zoë Müller,f\r\n"
	    "\r\n"
	    "A2,vessel,Sea Star,\r\n", &g, &err), 2);
	assert_string_equal(g.entries[0], "2 A1 person Zoë Müller gender=F");
	assert_string_equal(g.entries[1], "4 A2 vessel Sea Star");
}

static void
test_multiline_note_keeps_line_numbers(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,note\n"
	    "N1,person,Ann Lee,\"seen at the port,\n"
	    "twice; said \"\"visiting\"\"\n"
	    "\n"
	    "third line\"\n"
	    "N2,person,\"Bo\n"
	    "Chan\",\n"
	    "N3,person,Cy Dunn,\"\"\n"
	    "N4,person,Di Eve,plain\n", &g, &err), 4);
	assert_string_equal(g.entries[0], "2 N1 person Ann Lee note=seen at the"
	    " port,\ntwice; said \"visiting\"\n\nthird line");
	assert_string_equal(g.entries[1], "6 N2 person Bo\nChan");
	assert_string_equal(g.entries[2], "8 N3 person Cy Dunn");
	assert_string_equal(g.entries[3], "9 N4 person Di Eve note=plain");
}

static void
test_multi_value_cells(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,aliases,phones,emails,addresses,"
	    "category\n"
	    "M1,person,Jan Kos, Kos Jan ;;J. Kos ; ,+48 22 1234567,"
	    "a@example.org; b@example.org,\"1 Main St, Town; 2 Side Rd\","
	    " denied-entry \n", &g, &err), 1);
	assert_string_equal(g.entries[0], "2 M1 person Jan Kos category=denied-entry"
	    " aliases=Kos Jan|J. Kos phones=+48 22 1234567"
	    " emails=a@example.org|b@example.org"
	    " addresses=1 Main St, Town|2 Side Rd");
}

static void
test_document_forms(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,documents\n"
	    "D1,person,Jan Kos,P:pol:EA1234567; id::X 99 ;::Z1; 777888 ;:de:C01\n",
	    &g, &err), 1);
	assert_string_equal(g.entries[0], "2 D1 person Jan Kos"
	    " docs=P/POL/EA1234567|ID/-/X 99|-/-/Z1|-/-/777888|-/DEU/C01");
}

/* Every reason a row is refused, each with its own line; the read goes on. */
static void
test_rejects_name_their_line(void **state)
{
	static const struct {
		long line;
		const char *message;
	} want[] = {
		{2, "line 2: id is empty"},
		{3, "line 3: kind ship is not person, organization or vessel"},
		{4, "line 4: name is empty"},
		{5, "line 5: birth_date 1970-13-01 is not a date"},
		{6, "line 6: birth_date 2023-02-29 is not a date"},
		{7, "line 7: birth_date 1970-1-1 is not a date"},
		{8, "line 8: nationality XYZ is not a country code"},
		{9, "line 9: gender male is not M, F or X"},
		{10, "line 10: severity urgent is not high, medium or low"},
		{11, "line 11: document P:XYZ:123: country XYZ is not a country code"},
		{12, "line 12: document POL:123 is not TYPE:COUNTRY:NUMBER or NUMBER"},
		{13, "line 13: document P:POL: has no number"},
		{14, "line 14: 9 cells, the header has 8"},
		{15, "line 15: not CSV: a quote inside an unquoted cell, or text"
		    " after a closing quote"},
		{16, "line 16: name is not UTF-8 text"},
		{18, "line 18: kind is empty"},
	};
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv(
	    "id,kind,name,birth_date,nationality,gender,severity,documents\n"
	    ",person,No Id,,,,,\n"
	    "R3,ship,Sea Star,,,,,\n"
	    "R4,person,  ,,,,,\n"
	    "R5,person,Al Bo,1970-13-01,,,,\n"
	    "R6,person,Al Bo,2023-02-29,,,,\n"
	    "R7,person,Al Bo,1970-1-1,,,,\n"
	    "R8,person,Al Bo,,XYZ,,,\n"
	    "R9,person,Al Bo,,,male,,\n"
	    "R10,person,Al Bo,,,,urgent,\n"
	    "R11,person,Al Bo,,,,,P:XYZ:123\n"
	    "R12,person,Al Bo,,,,,POL:123\n"
	    "R13,person,Al Bo,,,,,P:POL:\n"
	    "R14,person,Al Bo,,,,,,extra\n"
	    "R15,person,\"Al\" Bo,,,,,\n"
	    "R16,person,Al \xff Bo,,,,,\n"
	    "R17,person,Ok Row,2024-02-29,POL,m,Medium,P:POL:1,,,\n"
	    "R18,,\"two\n"
	    "lines\"\n"
	    "R20,person,Ok Too\n", &g, &err), 2);
	assert_int_equal(g.nrejects, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < g.nrejects; i++) {
		assert_int_equal(g.reject_lines[i], want[i].line);
		assert_string_equal(g.rejects[i], want[i].message);
	}
	assert_string_equal(g.entries[0], "17 R17 person Ok Row born=2024-02-29"
	    " nat=POL gender=M severity=medium docs=P/POL/1");
	assert_string_equal(g.entries[1], "20 R20 person Ok Too");
}

static void
test_partial_dates_are_dates(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,birth_date\n"
	    "P1,person,A B,1981\n"
	    "P2,person,A B,1981-02\n"
	    "P3,person,A B,2000-02-29\n"
	    "P4,person,A B,1900-02-29\n"
	    "P5,person,A B,1981-04-31\n", &g, &err), 3);
	assert_string_equal(g.entries[2], "4 P3 person A B born=2000-02-29");
	assert_int_equal(g.nrejects, 2);
	assert_int_equal(g.reject_lines[0], 5);
	assert_int_equal(g.reject_lines[1], 6);
}

static void
test_missing_required_column(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,name,nationality\nX1,Al Bo,POL\n", &g, &err),
	    -1);
	assert_int_equal(err.code, VB_EINVALID);
	assert_non_null(strstr(err.message, "no kind column"));
	assert_int_equal(g.nentries, 0);
}

static void
test_duplicate_column_refused(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,Name\nX1,person,A,B\n", &g, &err),
	    -1);
	assert_int_equal(err.code, VB_EINVALID);
	assert_non_null(strstr(err.message, "two name columns"));
}

static void
test_malformed_header_fails_the_file(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,\"name\"x\nX1,person,A\n", &g, &err),
	    -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_int_equal(g.nrejects, 0);
}

static void
test_empty_file(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("", &g, &err), -1);
	assert_int_not_equal(err.code, VB_EOK);
	assert_int_equal(read_csv("\xef\xbb\xbf\n\n", &g, &err), -1);
	assert_int_not_equal(err.code, VB_EOK);
	/* A header and nothing else is an empty list, not a broken file. */
	assert_int_equal(read_csv("id,kind,name\n", &g, &err), 0);
}

static void
test_unclosed_quote_fails_the_file(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name\n"
	    "U1,person,Al Bo\n"
	    "U2,person,\"Cy Dunn\n"
	    "U3,person,Di Eve\n", &g, &err), -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_string_equal(err.message, "line 3: a quoted cell opened here is never"
	    " closed: the file ends inside it (is it cut short?)");
}

/* An open quote must not make the reader swallow the rest of a big list. */
static void
test_row_too_long_fails_the_file(void **state)
{
	size_t cap = 3 << 20, len = 0;
	char *csv = malloc(cap);
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, "id,kind,name,note\n"
	    "T1,person,Al Bo,\"open\n");
	while (len < (2 << 20))
		len += (size_t)snprintf(csv + len, cap - len,
		    "T2,person,Cy Dunn,closed\n");
	assert_int_equal(read_csv(csv, &g, &err), -1);
	free(csv);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_non_null(strstr(err.message, "line 2: a row longer than"));
}

static void
test_callback_stops_the_read(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	g.stop_after = 2;
	assert_int_equal(read_csv("id,kind,name\n"
	    "S1,person,A\nS2,person,B\nS3,person,C\nS4,person,D\n", &g, &err), -1);
	assert_int_equal(g.nentries, 2);
}

static int
count_only(void *arg, const struct wl_entry *e)
{
	long *last = arg;

	*last = e->line;
	return 0;
}

static void
last_reject(void *arg, long line, const char *message)
{
	long *last = arg;

	(void)message;
	last[1] = line;
}

/* A list larger than the reader's chunk: lines stay right across chunks. */
static void
test_line_numbers_across_chunks(void **state)
{
	size_t cap = 1 << 20, len = 0;
	char *csv = malloc(cap);
	struct vb_error err;
	long last[2] = {0, 0};
	FILE *in;

	(void)state;
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, "id,kind,name,note\n");
	for (int i = 0; i < 5000; i++)
		len += (size_t)snprintf(csv + len, cap - len,
		    "L%d,person,Name %d,\"note %d\nsecond line\"\n", i, i, i);
	len += (size_t)snprintf(csv + len, cap - len, "LAST,person,Bad,x\"y\n"
	    "END,person,Good\n");
	in = fmemopen(csv, len, "r");
	assert_non_null(in);
	vb_err_clear(&err);
	assert_int_equal(wl_read_native(in, count_only, last_reject, last, &err),
	    5001);
	fclose(in);
	free(csv);
	assert_int_equal(last[1], 2 + 5000 * 2);
	assert_int_equal(last[0], 3 + 5000 * 2);
}

/* Expiry is a day: a month or a day the calendar lacks is refused. */
static void
test_expires(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,expires\n"
	    "E1,person,Al Bo, 2027-01-31 \n"
	    "E2,person,Cy Dunn,\n"
	    "E3,person,Di Eve,2027-02-30\n"
	    "E4,person,Ed Fox,2027-01\n"
	    "E5,person,Flo Gu,31.01.2027\n", &g, &err), 2);
	assert_string_equal(g.entries[0], "2 E1 person Al Bo expires=2027-01-31");
	assert_string_equal(g.entries[1], "3 E2 person Cy Dunn");
	assert_int_equal(g.nrejects, 3);
	assert_string_equal(g.rejects[0], "line 4: expires 2027-02-30 is not a"
	    " date YYYY-MM-DD");
	assert_string_equal(g.rejects[1], "line 5: expires 2027-01 is not a date"
	    " YYYY-MM-DD");
	assert_int_equal(g.reject_lines[2], 6);
}

/* Taking an entry off the list needs only its id. */
static void
test_withdrawn(void **state)
{
	static const char *const want[] = {
		"2 W1 person  withdrawn",
		"3 W2 vessel  withdrawn",
		"4 W3 person Al Bo",
		"5 W4 organization Acme Ltd withdrawn",
		"6 W5 person Cy Dunn",
		"7 W6 person Di Eve withdrawn",
		"8 W7 person Ed Fox",
	};
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,withdrawn\n"
	    "W1,,,1\n"
	    "W2,vessel,,TRUE\n"
	    "W3,person,Al Bo,no\n"
	    "W4,organization,Acme Ltd,Withdrawn\n"
	    "W5,person,Cy Dunn,False\n"
	    "W6,person,Di Eve,yes\n"
	    "W7,person,Ed Fox,0\n"
	    "W8,,Fay Gee,0\n"
	    "W9,person,,\n"
	    "W10,person,Hal Ives,maybe\n"
	    "W11,ship,,1\n"
	    ",person,Ivo Jax,1\n", &g, &err), 7);
	assert_int_equal(g.nentries, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < g.nentries; i++)
		assert_string_equal(g.entries[i], want[i]);
	assert_int_equal(g.nrejects, 5);
	assert_string_equal(g.rejects[0], "line 9: kind is empty");
	assert_string_equal(g.rejects[1], "line 10: name is empty");
	assert_string_equal(g.rejects[2], "line 11: withdrawn maybe is not 1, 0,"
	    " true, false, yes or no");
	assert_string_equal(g.rejects[3], "line 12: kind ship is not person,"
	    " organization or vessel");
	assert_string_equal(g.rejects[4], "line 13: id is empty");
}

/* Ships by their IMO number (with its check digit) and their MMSI. */
static void
test_vessel_imo_mmsi(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,documents\n"
	    "V1,vessel,Sea Star,IMO::9074729;MMSI::211331640\n"
	    "V2,vessel,Ocean Dawn,imo::IMO 9176187; mmsi:pa:352001234\n"
	    "V3,vessel,Bad Check,IMO::9074728\n"
	    "V4,vessel,Short,IMO::907472\n"
	    "V5,vessel,Letters,IMO::IMO90747A9\n"
	    "V6,vessel,Short Mmsi,MMSI::21133164\n"
	    "V7,vessel,Mmsi Letters,MMSI::21133164X\n"
	    "V8,vessel,Untyped,9074728\n", &g, &err), 3);
	assert_string_equal(g.entries[0], "2 V1 vessel Sea Star"
	    " docs=IMO/-/9074729|MMSI/-/211331640");
	assert_string_equal(g.entries[1], "3 V2 vessel Ocean Dawn"
	    " docs=IMO/-/9176187|MMSI/PAN/352001234");
	/* Without a type a number is only a number: no rule to check. */
	assert_string_equal(g.entries[2], "9 V8 vessel Untyped docs=-/-/9074728");
	assert_int_equal(g.nrejects, 5);
	assert_string_equal(g.rejects[0], "line 4: document IMO::9074728: not an"
	    " IMO number (7 digits, the last a check digit)");
	assert_int_equal(g.reject_lines[1], 5);
	assert_int_equal(g.reject_lines[2], 6);
	assert_string_equal(g.rejects[3], "line 7: document MMSI::21133164: an"
	    " MMSI is 9 digits");
	assert_int_equal(g.reject_lines[4], 8);
}

static void
test_reader_by_format(void **state)
{
	(void)state;
	assert_ptr_equal(wl_reader("native"), wl_read_native);
	assert_ptr_equal(wl_reader("opensanctions"), wl_read_opensanctions);
	assert_ptr_equal(wl_reader("ftm"), wl_read_ftm);
	assert_null(wl_reader("Native"));
	assert_null(wl_reader("xml"));
	assert_null(wl_reader(NULL));
}

/*
 * The end of a file cut short: inside a row (fewer cells than the header,
 * no line end) the file is refused; a whole last row without its line end
 * is a row, as some spreadsheets save.
 */
static void
test_cut_short_fails_the_file(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(read_csv("id,kind,name,birth_date\n"
	    "C1,person,Al Bo,1970-01-01\n"
	    "C2,person,Cy Du", &g, &err), -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_string_equal(err.message, "line 3: the file ends in the middle of"
	    " this row (3 of the header's 4 cells, no line end): is it cut"
	    " short?");

	memset(&g, 0, sizeof(g));
	assert_int_equal(read_csv("id,kind,name,birth_date\n"
	    "C1,person,Al Bo,1970-01-01\n"
	    "C2,person,Cy Dunn,1971-02-02", &g, &err), 2);
	assert_string_equal(g.entries[1], "3 C2 person Cy Dunn born=1971-02-02");
	/* A short row with its line end is a row with empty cells. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(read_csv("id,kind,name,birth_date\n"
	    "C1,person,Al Bo\r\n", &g, &err), 1);
	/* Blanks after the last line end are not a row. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(read_csv("id,kind,name,birth_date\n"
	    "C1,person,Al Bo,\n  ", &g, &err), 1);

	/* The same in the other two formats. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(wl_got_read(wl_read_opensanctions,
	    "id,schema,name,aliases,birth_date\nNK-1,Person,Al Bo,", &g, &err),
	    -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_non_null(strstr(err.message, "line 2: the file ends in the middle"));
	memset(&g, 0, sizeof(g));
	assert_int_equal(wl_got_read(wl_read_ftm,
	    "{\"id\": \"p1\", \"schema\": \"Person\", \"properties\":"
	    " {\"name\": [\"Al Bo\"]}}\n"
	    "{\"id\": \"p2\", \"schema\": \"Person\", \"propert", &g, &err),
	    -1);
	assert_int_equal(err.code, VB_ESYNTAX);
	assert_string_equal(err.message, "line 2: the file ends in the middle of"
	    " this entity (not whole JSON, no line end): is it cut short?");
	/* A whole last entity without its line end is an entity. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(wl_got_read(wl_read_ftm,
	    "{\"id\": \"p1\", \"schema\": \"Person\", \"properties\":"
	    " {\"name\": [\"Al Bo\"]}}", &g, &err), 1);
	/* A broken line with its line end is one rejected entity. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(wl_got_read(wl_read_ftm, "{\"id\": \"p1\",\n",
	    &g, &err), 0);
	assert_int_equal(g.nrejects, 1);
}

struct reject_ids {
	char ids[8][32];
	long lines[8];
	size_t n;
};

static void
reject_id(void *arg, long line, const char *id, const char *message)
{
	struct reject_ids *r = arg;

	(void)message;
	assert_true(r->n < 8);
	r->lines[r->n] = line;
	strlcpy(r->ids[r->n++], id != NULL ? id : "(none)", sizeof(r->ids[0]));
}

static long
read_ids(const char *format, const char *text, struct reject_ids *r)
{
	struct wl_sink sink = {NULL, NULL, reject_id, r};
	struct vb_error err;
	FILE *in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	long n;

	assert_non_null(in);
	vb_err_clear(&err);
	n = wl_read(format, in, &sink, &err);
	fclose(in);
	return n;
}

/*
 * A rejected row names the entry it would have been, so that a replace
 * keeps that entry as it was: whatever made the row bad, as long as its id
 * could be read.
 */
static void
test_rejected_rows_name_their_entry(void **state)
{
	struct reject_ids r = {0};

	(void)state;
	assert_int_equal(read_ids("native", "kind,name,id,birth_date\n"
	    "person,Al Bo, R1 ,1970-13-01\n"
	    "person,Cy Dunn,,1970-01-01\n"
	    "person,Di \"E\" ve,R3,\n"
	    "per\"son,Ed Fox,R4,\n"
	    "person,Flo \xff,R5,\n"
	    "person,Gus Ho,R\xff,1970-00-00\n"
	    "person,Ida Jo,R7,,extra\n", &r), 0);
	assert_int_equal(r.n, 7);
	assert_string_equal(r.ids[0], "R1");
	assert_string_equal(r.ids[1], "(none)");	/* no id */
	/* A quote in the name: the id comes after it, unread. */
	assert_string_equal(r.ids[2], "(none)");
	assert_string_equal(r.ids[3], "(none)");
	assert_string_equal(r.ids[4], "R5");
	assert_string_equal(r.ids[5], "(none)");	/* not text */
	assert_string_equal(r.ids[6], "R7");
	assert_int_equal(r.lines[6], 8);

	memset(&r, 0, sizeof(r));
	assert_int_equal(read_ids("native", "id,kind,name\n"
	    "Q1,per\"son,Al Bo\n", &r), 0);
	assert_string_equal(r.ids[0], "Q1");	/* read before the bad cell */

	memset(&r, 0, sizeof(r));
	assert_int_equal(read_ids("opensanctions", "id,schema,name\n"
	    "NK-1,Airplane,Boeing\n", &r), 0);
	assert_string_equal(r.ids[0], "NK-1");

	memset(&r, 0, sizeof(r));
	assert_int_equal(read_ids("ftm",
	    "{\"id\": \"p1\", \"schema\": \"Person\", \"properties\": {}}\n"
	    "{\"id\": \"pp1\", \"schema\": \"Passport\", \"properties\":"
	    " {\"number\": [\"X1\"]}}\n"
	    "not json\n", &r), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.ids[0], "p1");
	/* A passport is not an entry of its own: nothing to keep. */
	assert_string_equal(r.ids[1], "(none)");
	assert_string_equal(r.ids[2], "(none)");

	assert_int_equal(read_ids("xml", "<list/>", &r), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_order_free_unknown_columns_ignored),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_multiline_note_keeps_line_numbers),
		cmocka_unit_test(test_multi_value_cells),
		cmocka_unit_test(test_document_forms),
		cmocka_unit_test(test_rejects_name_their_line),
		cmocka_unit_test(test_partial_dates_are_dates),
		cmocka_unit_test(test_missing_required_column),
		cmocka_unit_test(test_duplicate_column_refused),
		cmocka_unit_test(test_malformed_header_fails_the_file),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_unclosed_quote_fails_the_file),
		cmocka_unit_test(test_row_too_long_fails_the_file),
		cmocka_unit_test(test_callback_stops_the_read),
		cmocka_unit_test(test_line_numbers_across_chunks),
		cmocka_unit_test(test_expires),
		cmocka_unit_test(test_withdrawn),
		cmocka_unit_test(test_vessel_imo_mmsi),
		cmocka_unit_test(test_reader_by_format),
		cmocka_unit_test(test_cut_short_fails_the_file),
		cmocka_unit_test(test_rejected_rows_name_their_entry),
	};

	return cmocka_run_group_tests_name("watchlist", tests, NULL, NULL);
}
