/*
 * vborder names compare: the name matcher as a tool. Reads CSV with a
 * header on standard input (id, name_a, name_b and an optional schema),
 * writes id,score,decision: the score screening gives two records that
 * carry nothing but these names, and whether it would alert at T. Every
 * row read is answered, or named on standard error with the line it
 * starts on (exit 65): none is left out silently.
 */
#include <csv.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match/match.h"
#include "match/namesim.h"
#include "cmd.h"

#define ROW_MAX		(64 * 1024)	/* bytes of one row */
#define COLS_MAX	64

enum { COL_ID, COL_A, COL_B, COL_SCHEMA, NCOLS };
static const char *const col_names[NCOLS] = {
	"id", "name_a", "name_b", "schema",
};

struct names_run {
	struct csv_parser p;
	double threshold;
	char *buf;		/* the cells of one row, NUL-terminated */
	size_t len, cap;
	size_t off[COLS_MAX];
	size_t ncells;
	int col[NCOLS];		/* each column's place, or -1 */
	int header_done;
	long line;		/* the physical line being fed, from 1 */
	long start;		/* the line the row being read starts on, or -1 */
	long written, rejected;
	int fatal;		/* exit code of what stopped the run */
};

/* A cell of the row, in the row's buffer; NULL when the row lacks it. */
static char *
cell(const struct names_run *r, int c)
{
	if (r->col[c] < 0 || (size_t)r->col[c] >= r->ncells)
		return NULL;
	return r->buf + r->off[r->col[c]];
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct names_run *r = arg;
	size_t need = r->len + len + 1;

	if (r->fatal)
		return;
	if (r->start == -1)
		r->start = r->line;
	if (r->ncells >= COLS_MAX)
		return;		/* columns beyond these are no one's */
	if (need > ROW_MAX) {
		log_error("names compare: line %ld: a row longer than %d bytes",
		    r->start, ROW_MAX);
		r->fatal = EX_DATAERR;
		return;
	}
	if (need > r->cap) {
		size_t cap = r->cap == 0 ? 1024 : r->cap;
		char *nb;

		while (cap < need)
			cap *= 2;
		if ((nb = realloc(r->buf, cap)) == NULL) {
			log_error("names compare: out of memory");
			r->fatal = EX_SOFTWARE;
			return;
		}
		r->buf = nb;
		r->cap = cap;
	}
	r->off[r->ncells++] = r->len;
	if (len > 0)
		memcpy(r->buf + r->len, data, len);
	r->buf[r->len + len] = '\0';
	r->len = need;
}

static int
read_header(struct names_run *r)
{
	for (int c = 0; c < NCOLS; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < r->ncells; i++) {
		const char *h = r->buf + r->off[i];

		if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
			h += 3;		/* a byte order mark */
		for (int c = 0; c < NCOLS; c++)
			if (r->col[c] < 0 && strcasecmp(h, col_names[c]) == 0)
				r->col[c] = (int)i;
	}
	if (r->col[COL_ID] < 0 || r->col[COL_A] < 0 || r->col[COL_B] < 0) {
		log_error("names compare: the header must name the columns id,"
		    " name_a and name_b");
		return EX_DATAERR;
	}
	return 0;
}

/*
 * FollowTheMoney's schemas of named parties, as screening compares them:
 * a LegalEntity (a party whose kind the list does not know) and a
 * PublicBody (a ministry, an agency) have the names of organisations.
 */
static const struct {
	const char *schema;
	enum match_kind kind;
} schemas[] = {
	{"Person", MATCH_PERSON},
	{"Company", MATCH_ORGANIZATION},
	{"Organization", MATCH_ORGANIZATION},
	{"LegalEntity", MATCH_ORGANIZATION},
	{"PublicBody", MATCH_ORGANIZATION},
	{"Vessel", MATCH_VESSEL},
};

/*
 * The kind a row's schema (in place: blanks around it are cut) stands
 * for: 1 and *kind set, 0 for a schema not known. A blank schema is
 * guessed from the names: an organisation when either name looks like one
 * (namesim_guess_kind).
 */
static int
row_kind(char *schema, const char *a, const char *b, enum match_kind *kind)
{
	size_t len;

	if (schema != NULL) {
		schema += strspn(schema, " \t");
		len = strlen(schema);
		while (len > 0 && (schema[len - 1] == ' ' ||
		    schema[len - 1] == '\t'))
			schema[--len] = '\0';
	}
	if (schema == NULL || schema[0] == '\0') {
		*kind = namesim_guess_kind(a) == MATCH_ORGANIZATION ||
		    namesim_guess_kind(b) == MATCH_ORGANIZATION ?
		    MATCH_ORGANIZATION : MATCH_PERSON;
		return 1;
	}
	for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (strcasecmp(schema, schemas[i].schema) == 0) {
			*kind = schemas[i].kind;
			return 1;
		}
	return 0;
}

/* The id as it came, quoted only when CSV needs it. */
static int
write_row(const char *id, double score, int decision)
{
	size_t len = strlen(id);
	int plain = strcspn(id, ",\"\r\n") == len;

	if ((plain ? fputs(id, stdout) : csv_fwrite(stdout, id, len)) == EOF ||
	    printf(",%.4f,%d\n", score, decision) < 0)
		return -1;
	return 0;
}

static void
compare_row(struct names_run *r)
{
	const char *id = cell(r, COL_ID), *a = cell(r, COL_A);
	const char *b = cell(r, COL_B);
	char *schema = cell(r, COL_SCHEMA);
	struct match_record ra, rb;
	enum match_kind kind;
	double score;

	if (id == NULL || a == NULL || b == NULL) {
		log_error("names compare: line %ld: %zu cells, fewer than the"
		    " header's", r->start, r->ncells);
		r->rejected++;
		return;
	}
	if (!row_kind(schema, a, b, &kind)) {
		log_error("names compare: line %ld: id %.64s: schema %.64s is"
		    " none of Person, Company, Organization, LegalEntity,"
		    " PublicBody, Vessel or blank", r->start, id, schema);
		r->rejected++;
		return;
	}
	ra = (struct match_record){.kind = kind, .names = &a, .nnames = 1};
	rb = (struct match_record){.kind = kind, .names = &b, .nnames = 1};
	score = match_score(&ra, &rb, NULL, 0);
	if (write_row(id, score, score >= r->threshold) == -1) {
		log_error("names compare: writing: %s", strerror(errno));
		r->fatal = EX_IOERR;
		return;
	}
	r->written++;
}

static void
on_row(int c, void *arg)
{
	struct names_run *r = arg;

	(void)c;
	if (r->fatal)
		return;
	if (r->start == -1)
		r->start = r->line;
	if (!r->header_done) {
		r->fatal = read_header(r);
		r->header_done = 1;
		if (r->fatal == 0 && printf("id,score,decision\n") < 0)
			r->fatal = EX_IOERR;
	} else if (r->ncells == 1 && r->buf[r->off[0]] == '\0')
		;		/* a blank line */
	else
		compare_row(r);
	r->len = r->ncells = 0;
	r->start = -1;
}

/* Whether libcsv begins a row in s: anything but blanks and line ends does. */
static int
begins_row(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return 1;
	return 0;
}

/*
 * Feeds libcsv one physical line at a time (or the part of one a chunk
 * holds), so that a row is named by the line it starts on, as a list
 * owner's editor shows it, even after cells with line breaks.
 */
static int
feed_chunk(struct names_run *r, const char *s, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl != NULL ? (size_t)(nl - s) + 1 : n;

		if (r->start == -1 && begins_row(s, k))
			r->start = r->line;
		if (csv_parse(&r->p, s, k, on_field, on_row, r) != k &&
		    !r->fatal) {
			log_error("names compare: line %ld: not CSV: %s",
			    r->start != -1 ? r->start : r->line,
			    csv_strerror(csv_error(&r->p)));
			return EX_DATAERR;
		}
		if (r->fatal)
			return r->fatal;
		if (nl != NULL)
			r->line++;
		s += k;
		n -= k;
	}
	return 0;
}

/* Feeds standard input to libcsv: 0, or the exit code of what failed. */
static int
read_input(struct names_run *r)
{
	char chunk[16384];
	size_t n;
	int rc;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if ((rc = feed_chunk(r, chunk, n)) != 0)
			return rc;
	if (ferror(stdin)) {
		log_error("names compare: reading: %s", strerror(errno));
		return EX_IOERR;
	}
	if (csv_fini(&r->p, on_field, on_row, r) != 0 && !r->fatal) {
		log_error("names compare: line %ld: the last row is not CSV: %s",
		    r->start != -1 ? r->start : r->line,
		    csv_strerror(csv_error(&r->p)));
		return EX_DATAERR;
	}
	if (r->fatal)
		return r->fatal;
	if (!r->header_done) {
		log_error("names compare: no header on standard input");
		return EX_DATAERR;
	}
	return 0;
}

static int
parse_threshold(const char *s, double *t)
{
	char *end;

	errno = 0;
	*t = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' ||
	    !(*t >= 0.0 && *t <= 1.0)) {
		log_error("--threshold %s: not a number from 0 to 1", s);
		return -1;
	}
	return 0;
}

int
cmd_names(struct ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"threshold", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	struct names_run r;
	int ch, rc;

	memset(&r, 0, sizeof(r));
	r.threshold = MATCH_THRESHOLD;
	r.line = 1;
	r.start = -1;
	if (argc < 2 || strcmp(argv[1], "compare") != 0)
		return usage("names");
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			if (parse_threshold(optarg, &r.threshold) == -1)
				return EX_USAGE;
			break;
		default:
			return usage("names");
		}
	}
	if (optind != argc)
		return usage("names");
	if (csv_init(&r.p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		log_error("names compare: out of memory");
		return EX_SOFTWARE;
	}
	rc = read_input(&r);
	csv_free(&r.p);
	free(r.buf);
	if (rc == 0 && fflush(stdout) == EOF) {
		log_error("names compare: writing: %s", strerror(errno));
		rc = EX_IOERR;
	}
	if (rc != 0)
		return rc;
	log_debug(c, "names compare: %ld pairs compared, %ld rows rejected",
	    r.written, r.rejected);
	return r.rejected > 0 ? EX_DATAERR : EX_OK;
}
