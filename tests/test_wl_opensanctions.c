/*
 * OpenSanctions' targets.simple.csv reader, and wl_open: a list file plain
 * or gzip-compressed, from a path or standard input. The rows are the
 * project's own, written the way OpenSanctions' exporter writes them: every
 * cell quoted, several values in a cell joined by ';' with a value that
 * holds ';' or '"' quoted again inside the cell.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "lists/watchlist.h"
#include "harness.h"
#include "wl_got.h"

#define HEADER "\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\"," \
	"\"countries\",\"addresses\",\"identifiers\",\"sanctions\",\"phones\"," \
	"\"emails\",\"dataset\",\"first_seen\",\"last_seen\",\"last_change\"\n"
#define SEEN "\"2022-03-16T10:00:00\",\"2026-11-20T06:00:00\"," \
	"\"2024-05-02T08:00:00\"\n"

/* One of each kind, a row rejected for each reason, a cell over lines. */
static const char targets[] =
    HEADER
    /* 2 */
    "\"NK-aP3xQ7rT\",\"Person\",\"Viktor Andreevich SOKOLOV\","
    "\"Sokolov Viktor;Viktor Sokolow;Соколов Виктор Андреевич\","
    "\"1968;1968-03-14;1969-03-14\",\"ru;ua\",\"ul. Lesnaya 5, Moskva\","
    "\"4509 112233;723001122334\","
    "\"EU 269/2014 - Asset freeze - 2022-03-15;"
    "\"\"UK Russia regime; travel ban\"\"\","
    "\"+7 495 000 1122\",\"v.sokolov@example.ru;vs@example.org\","
    "\"EU Financial Sanctions Files (FSF);UK OFSI Consolidated List\","
    SEEN
    /* 3 */
    "\"NK-c0mP4nY1\",\"Company\",\"Baltic Ore Trading LLC\","
    "\"OOO Baltic Ore\",\"\",\"ru\","
    "\"\"\"Office 12; 7 Naberezhnaya, Sankt-Peterburg\"\"\","
    "\"1027700132195;9074729\",\"US OFAC SDN - RUSSIA-EO14024\",\"\","
    "\"info@balticore.example\",\"US OFAC SDN List\"," SEEN
    /* 4 */
    "\"NK-v3sSe1\",\"Vessel\",\"SEA FALCON\",\"Morskoy Sokol\",\"\","
    "\"pa;ru\",\"\",\"211331640;9176188;IMO9074729\",\"\",\"\",\"\","
    "\"Ships\"," SEEN
    /* 5 */
    "\"NK-a1rPl4n3\",\"Airplane\",\"RA-96010\",\"\",\"\",\"ru\",\"\","
    "\"RA-96010\",\"\",\"\",\"\",\"Aircraft\"," SEEN
    /* 6 */
    "\"NK-b4dD4t3\",\"Person\",\"Olga Petrenko\",\"\",\"1975-02-30\","
    "\"ua\",\"\",\"\",\"\",\"\",\"\",\"Demo\"," SEEN
    /* 7, over three lines */
    "\"NK-mUlt1L1n3\",\"Person\",\"Andreas Georgiou\",\"\",\"1980\","
    "\"suhh;cy\",\"Flat 3\n12 Harbour Road\nLimassol\",\"\",\"\",\"\","
    "\"\",\"Demo\"," SEEN
    /* 10 */
    "\"NK-l3g4L\",\"LegalEntity\",\"Kestrel Holdings\",\"\",\"\","
    "\"csxx\",\"\",\"\",\"\",\"\",\"\",\"\"," SEEN
    /* 11 */
    "\"NK-pUbl1c\",\"PublicBody\",\"Ministry of Examples\",\"\",\"\","
    "\"\",\"\",\"\",\"\",\"\",\"\",\"\"," SEEN
    /* 12 */
    "\"NK-n0Sch\",\"\",\"No Schema\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
    "\"\",\"\"," SEEN
    /* 13 */
    "\"NK-n0N4m3\",\"Organization\",\"  \",\"\",\"\",\"\",\"\",\"\",\"\","
    "\"\",\"\",\"\"," SEEN
    /* 14 */
    "\"\",\"Person\",\"No Id\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
    "\"\"," SEEN
    /* 15 */
    "\"NK-p4rT\",\"Person\",\"Lena Berg\",\"\",\"1970;1970-05\",\"by\","
    "\"\",\"\",\"\",\"\",\"\",\"\"," SEEN;

static void
test_every_field(void **state)
{
	static const char *const want[] = {
		"2 NK-aP3xQ7rT person Viktor Andreevich SOKOLOV born=1968-03-14"
		" nat=RUS category=EU Financial Sanctions Files (FSF); UK OFSI"
		" Consolidated List aliases=Sokolov Viktor|Viktor Sokolow|"
		"Соколов Виктор Андреевич docs=-/-/4509 112233|-/-/723001122334"
		" phones=+7 495 000 1122 emails=v.sokolov@example.ru|"
		"vs@example.org addresses=ul. Lesnaya 5, Moskva note=EU"
		" 269/2014 - Asset freeze - 2022-03-15; UK Russia regime;"
		" travel ban",
		/* A company's 7 digits are no ship's IMO number. */
		"3 NK-c0mP4nY1 organization Baltic Ore Trading LLC nat=RUS"
		" category=US OFAC SDN List aliases=OOO Baltic Ore"
		" docs=-/-/1027700132195|-/-/9074729"
		" emails=info@balticore.example addresses=Office 12; 7"
		" Naberezhnaya, Sankt-Peterburg note=US OFAC SDN -"
		" RUSSIA-EO14024",
		/* 9176188 fails the check digit: a number, not an IMO one. */
		"4 NK-v3sSe1 vessel SEA FALCON nat=PAN category=Ships"
		" aliases=Morskoy Sokol docs=-/-/211331640|-/-/9176188|"
		"IMO/-/9074729",
		"7 NK-mUlt1L1n3 person Andreas Georgiou born=1980 nat=CYP"
		" category=Demo addresses=Flat 3\n12 Harbour Road\nLimassol",
		"10 NK-l3g4L organization Kestrel Holdings",
		"11 NK-pUbl1c organization Ministry of Examples",
		"15 NK-p4rT person Lena Berg born=1970-05 nat=BLR",
	};
	static const struct {
		long line;
		const char *message;
	} rejects[] = {
		{5, "line 5: schema Airplane is not screened (people,"
		    " organizations and vessels are)"},
		{6, "line 6: birth_date 1975-02-30 is not a date"},
		{12, "line 12: schema is empty"},
		{13, "line 13: name is empty"},
		{14, "line 14: id is empty"},
	};
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(wl_got_read(wl_read_opensanctions, targets, &g, &err),
	    7);
	assert_int_equal(g.nentries, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < g.nentries; i++)
		assert_string_equal(g.entries[i], want[i]);
	assert_int_equal(g.nrejects, sizeof(rejects) / sizeof(rejects[0]));
	for (size_t i = 0; i < g.nrejects; i++) {
		assert_int_equal(g.reject_lines[i], rejects[i].line);
		assert_string_equal(g.rejects[i], rejects[i].message);
	}
}

/* Severity, gender and expiry are not in the file: the list owner's. */
static int
check_unset(void *arg, const struct wl_entry *e)
{
	(void)arg;
	assert_null(e->severity);
	assert_null(e->gender);
	assert_null(e->expires);
	assert_int_equal(e->withdrawn, 0);
	assert_int_equal(e->part, 0);
	return 0;
}

static void
test_owner_fields_unset(void **state)
{
	FILE *in;
	struct vb_error err;

	(void)state;
	in = fmemopen((void *)(uintptr_t)targets, strlen(targets), "r");
	assert_non_null(in);
	assert_int_equal(wl_read_opensanctions(in, check_unset, NULL, NULL, &err),
	    7);
	fclose(in);
}

static void
test_header_order_free(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(wl_got_read(wl_read_opensanctions,
	    "name,dataset,source_url,ID,Schema\n"
	    "Ana Lima,Demo,https://example.org/1,NK-1,Person\n"
	    "Rio Tejo SA,,,NK-2,Company\n", &g, &err), 2);
	assert_string_equal(g.entries[0], "2 NK-1 person Ana Lima category=Demo");
	assert_string_equal(g.entries[1], "3 NK-2 organization Rio Tejo SA");

	assert_int_equal(wl_got_read(wl_read_opensanctions,
	    "id,name,countries\nNK-1,Ana Lima,br\n", &g, &err), -1);
	assert_int_equal(err.code, VB_EINVALID);
	assert_string_equal(err.message, "line 1: the header has no schema column"
	    " (id, schema and name are required)");
}

/* A value quoted inside its cell keeps its ';', its '"' and its blanks. */
static void
test_quoted_values(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(wl_got_read(wl_read_opensanctions,
	    "id,schema,name,aliases,phones\n"
	    "NK-1,Person,Ana Lima,\"\"\"Lima; Ana\"\";\"\"A \"\"\"\"Nina\"\"\"\""
	    " Lima\"\";;  Ana L. \",\"\"\"+351 1\"\"\"\n"
	    "NK-2,Person,Bo Dahl,\"O\"\"Dahl;Dahl\",\n", &g, &err), 2);
	assert_string_equal(g.entries[0], "2 NK-1 person Ana Lima"
	    " aliases=Lima; Ana|A \"Nina\" Lima|Ana L. phones=+351 1");
	/* Python's writer never leaves a quote bare, but a person might. */
	assert_string_equal(g.entries[1], "3 NK-2 person Bo Dahl"
	    " aliases=O\"Dahl|Dahl");
	assert_int_equal(g.nrejects, 0);
}

/* The sanctions text is cut for the officer, never inside a character. */
static void
test_long_note_cut(void **state)
{
	char csv[2048], *p;
	struct wl_got g = {0};
	struct vb_error err;
	const char *note;

	(void)state;
	(void)snprintf(csv, sizeof(csv), "id,schema,name,sanctions\n"
	    "NK-1,Person,Ana Lima,x");
	for (int i = 0; i < 400; i++)
		(void)strlcat(csv, "é", sizeof(csv));
	assert_true(strlcat(csv, "\n", sizeof(csv)) < sizeof(csv));
	assert_int_equal(wl_got_read(wl_read_opensanctions, csv, &g, &err), 1);
	assert_non_null(note = strstr(g.entries[0], " note="));
	note += strlen(" note=");
	/* "x", then whole letters up to 500 bytes, then the ellipsis. */
	assert_int_equal(strlen(note), 1 + 2 * 249 + 3);
	p = strstr(note, "…");
	assert_non_null(p);
	assert_ptr_equal(p, note + 499);
}

/* A bad quote costs its row; the read goes on with the next. */
static void
test_malformed_row(void **state)
{
	struct wl_got g = {0};
	struct vb_error err;

	(void)state;
	assert_int_equal(wl_got_read(wl_read_opensanctions,
	    "id,schema,name\n"
	    "NK-1,Person,\"Ana\" Lima\n"
	    "NK-2,Person,Bo Dahl\n", &g, &err), 1);
	assert_int_equal(g.nrejects, 1);
	assert_int_equal(g.reject_lines[0], 2);
	assert_string_equal(g.entries[0], "3 NK-2 person Bo Dahl");
}

/* wl_open */

/* A list large enough to pass through every buffer more than once. */
static char *
big_list(size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "%s", HEADER);
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(s + n, cap - n, "\"NK-%d\",\"Person\","
		    "\"Name %d\",\"Alias %d;Other %d\",\"1970-01-%02d\",\"pl\","
		    "\"\",\"\",\"Note\nover lines %d\",\"\",\"\",\"Demo\"," SEEN,
		    i, i, i, i, i % 28 + 1, i);
	*len = n;
	return s;
}

static void
write_file(const char *path, const char *s, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* mode "wb" for a new file, "ab" to add a member as `cat a.gz b.gz` does. */
static void
write_gzip(const char *path, const char *mode, const char *s, size_t len)
{
	gzFile gz = gzopen(path, mode);

	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, s, (unsigned)len), (int)len);
	assert_int_equal(gzclose(gz), Z_OK);
}

static long
read_path(const char *path, struct wl_got *g, struct vb_error *err)
{
	FILE *in;
	long n;

	memset(g, 0, sizeof(*g));
	vb_err_clear(err);
	if ((in = wl_open(path, err)) == NULL)
		return -2;
	n = wl_read_opensanctions(in, wl_got_entry, wl_got_reject, g, err);
	assert_int_equal(fclose(in), 0);
	return n;
}

/* Only the last entries are kept as text: the count says the rest. */
static int
count_entry(void *arg, const struct wl_entry *e)
{
	struct wl_got *g = arg;
	size_t n = g->nentries;

	g->nentries = n % WL_MAXGOT;
	(void)wl_got_entry(g, e);
	g->nentries = n + 1;
	return 0;
}

static long
read_all(FILE *in, struct wl_got *g, struct vb_error *err)
{
	long n;

	memset(g, 0, sizeof(*g));
	vb_err_clear(err);
	n = wl_read_opensanctions(in, count_entry, wl_got_reject, g, err);
	assert_int_equal(fclose(in), 0);
	return n;
}

static void
test_open_plain_and_gzip_alike(void **state)
{
	static struct wl_got plain, gz, cat;
	struct h_env e;
	struct vb_error err;
	size_t len;
	char *list = big_list(&len);
	FILE *in;

	(void)state;
	assert_int_equal(h_env_start(&e, 0), 0);
	write_file(h_path(&e, "list.csv"), list, len);
	write_gzip(h_path(&e, "list.csv.gz"), "wb", list, len);
	/* Two members: the second holds the rows after the header. */
	write_gzip(h_path(&e, "cat.gz"), "wb", list, len / 2);
	write_gzip(h_path(&e, "cat.gz"), "ab", list + len / 2, len - len / 2);

	assert_non_null(in = wl_open(h_path(&e, "list.csv"), &err));
	assert_int_equal(read_all(in, &plain, &err), 3000);
	assert_non_null(in = wl_open(h_path(&e, "list.csv.gz"), &err));
	assert_int_equal(read_all(in, &gz, &err), 3000);
	assert_non_null(in = wl_open(h_path(&e, "cat.gz"), &err));
	assert_int_equal(read_all(in, &cat, &err), 3000);
	for (size_t i = 0; i < WL_MAXGOT; i++) {
		assert_string_equal(gz.entries[i], plain.entries[i]);
		assert_string_equal(cat.entries[i], plain.entries[i]);
	}
	/* The last entry written is the last read, its line right. */
	assert_string_equal(plain.entries[2999 % WL_MAXGOT], "6000 NK-2999"
	    " person Name 2999 born=1970-01-04 nat=POL category=Demo"
	    " aliases=Alias 2999|Other 2999 note=Note\nover lines 2999");
	free(list);
	h_env_stop(&e);
}

/* Standard input, gzip or not, read through a pipe that cannot rewind. */
static void
test_open_stdin(void **state)
{
	static struct wl_got g;
	const char *gz_path;
	struct h_env e;
	struct vb_error err;
	FILE *in;
	int saved, fd, pfd[2];

	(void)state;
	assert_int_equal(h_env_start(&e, 0), 0);
	gz_path = h_path(&e, "list.csv.gz");
	write_gzip(gz_path, "wb", targets, strlen(targets));
	assert_true((saved = dup(STDIN_FILENO)) != -1);

	assert_true((fd = open(gz_path, O_RDONLY)) != -1);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_non_null(in = wl_open("-", &err));
	assert_int_equal(read_all(in, &g, &err), 7);
	assert_string_equal(g.entries[6], "15 NK-p4rT person Lena Berg"
	    " born=1970-05 nat=BLR");

	/* Small enough for the pipe's buffer: no writer process needed. */
	assert_int_equal(pipe(pfd), 0);
	assert_int_equal(write(pfd[1], "id,schema,name\nNK-1,Person,Ana Lima\n",
	    36), 36);
	close(pfd[1]);
	assert_int_equal(dup2(pfd[0], STDIN_FILENO), STDIN_FILENO);
	close(pfd[0]);
	assert_non_null(in = wl_open("-", &err));
	assert_int_equal(read_all(in, &g, &err), 1);
	assert_string_equal(g.entries[0], "2 NK-1 person Ana Lima");

	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	h_env_stop(&e);
}

static void
test_open_errors(void **state)
{
	static const char bad[] = "\x1f\x8b\x08\x00garbage garbage";
	static struct wl_got g;
	struct h_env e;
	struct vb_error err;
	const char *path;
	char *gzbytes;
	size_t len;

	(void)state;
	assert_int_equal(h_env_start(&e, 0), 0);
	path = h_path(&e, "missing.csv");
	vb_err_clear(&err);
	assert_null(wl_open(path, &err));
	assert_int_equal(err.code, VB_EIO);
	assert_non_null(strstr(err.message, path));
	assert_non_null(strstr(err.message, strerror(ENOENT)));

	vb_err_clear(&err);
	assert_null(wl_open(e.tmp, &err));
	assert_int_equal(err.code, VB_EIO);
	assert_non_null(strstr(err.message, strerror(EISDIR)));

	/* Cut short: an error, never a shorter list (--replace would withdraw). */
	write_gzip(h_path(&e, "whole.gz"), "wb", targets, strlen(targets));
	assert_non_null(gzbytes = h_read(h_path(&e, "whole.gz"), &len));
	write_file(h_path(&e, "cut.gz"), gzbytes, len - 8);
	write_file(h_path(&e, "half.gz"), gzbytes, len / 2);
	free(gzbytes);
	assert_int_equal(read_path(h_path(&e, "cut.gz"), &g, &err), -1);
	assert_int_equal(err.code, VB_EIO);
	assert_int_equal(read_path(h_path(&e, "half.gz"), &g, &err), -1);
	assert_int_equal(err.code, VB_EIO);

	/* Bytes that claim to be gzip and are not. */
	write_file(h_path(&e, "bad.gz"), bad, sizeof(bad) - 1);
	assert_int_equal(read_path(h_path(&e, "bad.gz"), &g, &err), -1);
	assert_int_equal(err.code, VB_EIO);
	h_env_stop(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_owner_fields_unset),
		cmocka_unit_test(test_header_order_free),
		cmocka_unit_test(test_quoted_values),
		cmocka_unit_test(test_long_note_cut),
		cmocka_unit_test(test_malformed_row),
		cmocka_unit_test(test_open_plain_and_gzip_alike),
		cmocka_unit_test(test_open_stdin),
		cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests_name("wl_opensanctions", tests, NULL, NULL);
}
