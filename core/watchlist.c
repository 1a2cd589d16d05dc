/*
 * The native watchlist CSV of CONTRACT.md. libcsv does the RFC 4180 part;
 * this file feeds it one physical line at a time, so that every entry knows
 * the line it starts on, and holds one row at a time, so that a list of
 * millions of entries reads in the memory of one.
 */
#include "watchlist.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "norm.h"

#define WL_CHUNK	65536
/* No entry is this long: a row that grows past it is a quote left open. */
#define WL_ROW_MAX	(1024 * 1024)
#define WL_MSG_MAX	256
/* Strict: a stray quote is a bad row, not a cell quietly read another way. */
#define WL_CSV_OPTS	(CSV_STRICT | CSV_STRICT_FINI)

enum wl_col {
	C_ID, C_KIND, C_NAME, C_ALIASES, C_BIRTH_DATE, C_NATIONALITY,
	C_DOCUMENTS, C_GENDER, C_PHONES, C_EMAILS, C_ADDRESSES, C_CATEGORY,
	C_SEVERITY, C_NOTE, C_NCOLS
};

static const char *const col_names[C_NCOLS] = {
	"id", "kind", "name", "aliases", "birth_date", "nationality",
	"documents", "gender", "phones", "emails", "addresses", "category",
	"severity", "note",
};

struct strv {
	const char **v;
	size_t n, cap;
};

struct docv {
	struct wl_document *v;
	size_t n, cap;
};

struct reader {
	struct csv_parser p;
	wl_entry_fn on_entry;
	wl_reject_fn on_reject;
	void *arg;
	struct vb_error *err;

	long line;		/* the physical line being fed */
	long start;		/* first line of the row in progress; -1 none */
	int skip;		/* after a malformed row: drop up to the next newline */
	int stop;		/* a callback stopped the read, or an error */
	long delivered;

	int header_done;
	int col[C_NCOLS];	/* header position of each column; -1 absent */
	size_t nheader;		/* cells in the header */

	/* The row: its cells one after another, each NUL-terminated. */
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t ncells, offcap;
	long bad_cell;		/* 1 + the first used cell that is not UTF-8; 0 */

	struct strv aliases, phones, emails, addresses, items;
	struct docv docs;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *
trim(char *s)
{
	char *end;

	while (is_blank((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_blank((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* Strict UTF-8: no NUL (it would cut the cell), no overlong, no surrogate. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], need;
		unsigned long cp;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else
			return 0;
		if (n - i <= need)
			return 0;
		for (unsigned k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

static int
strv_push(struct strv *v, const char *s)
{
	if (v->n == v->cap) {
		size_t cap = v->cap == 0 ? 8 : v->cap * 2;
		const char **nv = reallocarray(v->v, cap, sizeof(*nv));

		if (nv == NULL)
			return -1;
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = s;
	return 0;
}

static struct wl_document *
docv_add(struct docv *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap == 0 ? 4 : v->cap * 2;
		struct wl_document *nv = reallocarray(v->v, cap, sizeof(*nv));

		if (nv == NULL)
			return NULL;
		v->v = nv;
		v->cap = cap;
	}
	return &v->v[v->n++];
}

/* Splits a cell on ';' in place; blanks around values and empty values go. */
static int
split(char *s, struct strv *v)
{
	char *semi, *t;

	v->n = 0;
	while (s != NULL) {
		if ((semi = strchr(s, ';')) != NULL)
			*semi++ = '\0';
		t = trim(s);
		if (*t != '\0' && strv_push(v, t) == -1)
			return -1;
		s = semi;
	}
	return 0;
}

static void
upper(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* YYYY-MM-DD, YYYY-MM or YYYY as CONTRACT.md has it, and a day the calendar has. */
static int
valid_date(const char *s)
{
	char out[11];

	/* No two-digit years here, so the reference year does not matter. */
	return norm_date(s, NORM_PAST, 9999, out) == 0 && strcmp(out, s) == 0;
}

static int
reject(char *msg, size_t msgsz, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Writes "line N: why" into msg; returns 1, the "rejected" of make_entry. */
static int
reject(char *msg, size_t msgsz, long line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(msg, msgsz, "line %ld: ", line);
	if (n < 0 || (size_t)n >= msgsz)
		return 1;
	va_start(ap, fmt);
	/* A value cut short still tells the list owner which row. */
	(void)vsnprintf(msg + n, msgsz - (size_t)n, fmt, ap);
	va_end(ap);
	return 1;
}

/* The trimmed cell of a column; NULL when the column or value is absent. */
static char *
cell(struct reader *r, enum wl_col c)
{
	char *s;

	if (r->col[c] < 0 || (size_t)r->col[c] >= r->ncells)
		return NULL;
	s = trim(r->buf + r->off[r->col[c]]);
	return *s != '\0' ? s : NULL;
}

/*
 * TYPE:COUNTRY:NUMBER, either of the first two possibly empty, or a bare
 * NUMBER. Two parts are refused: "D:123" could be a type or Germany.
 */
static int
make_docs(struct reader *r, char *s, long line, char *msg, size_t msgsz)
{
	r->docs.n = 0;
	if (split(s, &r->items) == -1)
		return vb_err(r->err, VB_ENOMEM, "out of memory reading the list");
	for (size_t i = 0; i < r->items.n; i++) {
		char *item = (char *)r->items.v[i], *c1, *c2 = NULL;
		struct wl_document *d;
		char shown[64];

		strlcpy(shown, item, sizeof(shown));
		if ((c1 = strchr(item, ':')) != NULL)
			c2 = strchr(c1 + 1, ':');
		if ((c1 != NULL && c2 == NULL) ||
		    (c2 != NULL && strchr(c2 + 1, ':') != NULL))
			return reject(msg, msgsz, line, "document %s is not"
			    " TYPE:COUNTRY:NUMBER or NUMBER", shown);
		if ((d = docv_add(&r->docs)) == NULL)
			return vb_err(r->err, VB_ENOMEM, "out of memory reading the list");
		d->type = d->country = NULL;
		d->number = item;
		if (c1 != NULL) {
			char *type, *country;

			*c1 = *c2 = '\0';
			type = trim(item);
			country = trim(c1 + 1);
			d->number = trim(c2 + 1);
			if (*type != '\0') {
				upper(type);
				d->type = type;
			}
			if (*country != '\0' &&
			    (d->country = norm_country(country)) == NULL)
				return reject(msg, msgsz, line, "document %s: country"
				    " %s is not a country code", shown, country);
		}
		if (*d->number == '\0')
			return reject(msg, msgsz, line, "document %s has no number",
			    shown);
	}
	return 0;
}

/*
 * The row as an entry: 0, 1 rejected (msg says why), -1 error (err says).
 * Values are cut and folded in place in the row buffer.
 */
static int
make_entry(struct reader *r, struct wl_entry *e, char *msg, size_t msgsz)
{
	long line = r->start;
	char *v;
	int rc;

	memset(e, 0, sizeof(*e));
	e->line = line;
	if (r->bad_cell != 0) {
		const char *what = "a cell";

		for (int c = 0; c < C_NCOLS; c++)
			if (r->col[c] == r->bad_cell - 1)
				what = col_names[c];
		return reject(msg, msgsz, line, "%s is not UTF-8 text", what);
	}
	for (size_t i = r->nheader; i < r->ncells; i++)
		if (*trim(r->buf + r->off[i]) != '\0')
			return reject(msg, msgsz, line, "%zu cells, the header has %zu",
			    r->ncells, r->nheader);

	if ((e->id = cell(r, C_ID)) == NULL)
		return reject(msg, msgsz, line, "id is empty");
	if ((v = cell(r, C_KIND)) == NULL)
		return reject(msg, msgsz, line, "kind is empty");
	if (strcasecmp(v, "person") == 0)
		e->kind = MATCH_PERSON;
	else if (strcasecmp(v, "organization") == 0 ||
	    strcasecmp(v, "organisation") == 0)
		e->kind = MATCH_ORGANIZATION;
	else if (strcasecmp(v, "vessel") == 0)
		e->kind = MATCH_VESSEL;
	else
		return reject(msg, msgsz, line, "kind %.40s is not person,"
		    " organization or vessel", v);
	if ((e->name = cell(r, C_NAME)) == NULL)
		return reject(msg, msgsz, line, "name is empty");

	if ((v = cell(r, C_BIRTH_DATE)) != NULL && !valid_date(v))
		return reject(msg, msgsz, line, "birth_date %.40s is not a date", v);
	e->birth_date = v;
	if ((v = cell(r, C_NATIONALITY)) != NULL &&
	    (e->nationality = norm_country(v)) == NULL)
		return reject(msg, msgsz, line, "nationality %.40s is not a country"
		    " code", v);
	if ((v = cell(r, C_GENDER)) != NULL) {
		if (strcasecmp(v, "M") == 0)
			e->gender = "M";
		else if (strcasecmp(v, "F") == 0)
			e->gender = "F";
		else if (strcasecmp(v, "X") == 0)
			e->gender = "X";
		else
			return reject(msg, msgsz, line, "gender %.40s is not M, F"
			    " or X", v);
	}
	if ((v = cell(r, C_SEVERITY)) != NULL) {
		if (strcasecmp(v, "high") == 0)
			e->severity = "high";
		else if (strcasecmp(v, "medium") == 0)
			e->severity = "medium";
		else if (strcasecmp(v, "low") == 0)
			e->severity = "low";
		else
			return reject(msg, msgsz, line, "severity %.40s is not high,"
			    " medium or low", v);
	}
	if ((rc = make_docs(r, cell(r, C_DOCUMENTS), line, msg, msgsz)) != 0)
		return rc;
	e->docs = r->docs.v;
	e->ndocs = r->docs.n;

	if (split(cell(r, C_ALIASES), &r->aliases) == -1 ||
	    split(cell(r, C_PHONES), &r->phones) == -1 ||
	    split(cell(r, C_EMAILS), &r->emails) == -1 ||
	    split(cell(r, C_ADDRESSES), &r->addresses) == -1)
		return vb_err(r->err, VB_ENOMEM, "out of memory reading the list");
	e->aliases = r->aliases.v;
	e->naliases = r->aliases.n;
	e->phones = r->phones.v;
	e->nphones = r->phones.n;
	e->emails = r->emails.v;
	e->nemails = r->emails.n;
	e->addresses = r->addresses.v;
	e->naddresses = r->addresses.n;
	e->category = cell(r, C_CATEGORY);
	e->note = cell(r, C_NOTE);
	return 0;
}

static int
read_header(struct reader *r)
{
	for (size_t i = 0; i < r->ncells; i++) {
		const char *name = trim(r->buf + r->off[i]);

		for (int c = 0; c < C_NCOLS; c++) {
			if (strcasecmp(name, col_names[c]) != 0)
				continue;
			/* Two "name" columns: which one the owner meant is a guess. */
			if (r->col[c] != -1)
				return vb_err_at(r->err, VB_EINVALID, -1, "header",
				    (int)r->start, "line %ld: the header has two %s"
				    " columns", r->start, col_names[c]);
			r->col[c] = (int)i;
		}
	}
	for (int c = 0; c <= C_NAME; c++)
		if (r->col[c] == -1)
			return vb_err_at(r->err, VB_EINVALID, -1, "header",
			    (int)r->start, "line %ld: the header has no %s column"
			    " (id, kind and name are required)", r->start,
			    col_names[c]);
	r->nheader = r->ncells;
	r->header_done = 1;
	return 0;
}

/* Trailing ",,,," rows are what spreadsheets leave: not entries. */
static int
row_blank(struct reader *r)
{
	for (size_t i = 0; i < r->ncells; i++)
		if (*trim(r->buf + r->off[i]) != '\0')
			return 0;
	return 1;
}

static int
deliver(struct reader *r)
{
	struct wl_entry e;
	char msg[WL_MSG_MAX];
	int rc;

	if (row_blank(r))
		return 0;
	if ((rc = make_entry(r, &e, msg, sizeof(msg))) == -1)
		return -1;
	if (rc == 1) {
		if (r->on_reject != NULL)
			r->on_reject(r->arg, r->start, msg);
		return 0;
	}
	/* The callback fills err with its own reason, if any. */
	if (r->on_entry != NULL && r->on_entry(r->arg, &e) == -1)
		return -1;
	r->delivered++;
	return 0;
}

static void
row_reset(struct reader *r)
{
	r->len = 0;
	r->ncells = 0;
	r->bad_cell = 0;
	r->start = -1;
}

static int
too_long(struct reader *r)
{
	return vb_err_at(r->err, VB_ESYNTAX, -1, "", (int)r->start,
	    "line %ld: a row longer than %d bytes: is a quote left open?",
	    r->start, WL_ROW_MAX);
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	size_t need;

	if (r->stop)
		return;
	if (r->start == -1)
		r->start = r->line;
	if ((need = r->len + len + 1) > WL_ROW_MAX) {
		r->stop = too_long(r);
		return;
	}
	if (need > r->cap) {
		size_t cap = r->cap == 0 ? 1024 : r->cap;
		char *nb;

		while (cap < need)
			cap *= 2;
		if ((nb = realloc(r->buf, cap)) == NULL) {
			r->stop = vb_err(r->err, VB_ENOMEM,
			    "out of memory reading the list");
			return;
		}
		r->buf = nb;
		r->cap = cap;
	}
	if (r->ncells == r->offcap) {
		size_t cap = r->offcap == 0 ? 32 : r->offcap * 2;
		size_t *no = reallocarray(r->off, cap, sizeof(*no));

		if (no == NULL) {
			r->stop = vb_err(r->err, VB_ENOMEM,
			    "out of memory reading the list");
			return;
		}
		r->off = no;
		r->offcap = cap;
	}
	/* Only the cells we read must be text; unknown columns are not ours. */
	if (r->header_done && r->bad_cell == 0 && r->ncells < r->nheader &&
	    !utf8_valid(data, len)) {
		for (int c = 0; c < C_NCOLS; c++)
			if ((size_t)r->col[c] == r->ncells)
				r->bad_cell = (long)r->ncells + 1;
	}
	r->off[r->ncells++] = r->len;
	if (len > 0)
		memcpy(r->buf + r->len, data, len);
	r->buf[r->len + len] = '\0';
	r->len += len + 1;
}

static void
on_row(int c, void *arg)
{
	struct reader *r = arg;

	(void)c;
	if (r->stop)
		return;
	if (!r->header_done) {
		if (read_header(r) == -1)
			r->stop = -1;
	} else if (deliver(r) == -1)
		r->stop = -1;
	row_reset(r);
}

/* Whether libcsv begins a row in s: anything but blanks and line ends does. */
static int
begins_row(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank((unsigned char)s[i]))
			return 1;
	return 0;
}

/*
 * A strict-mode parse error: the row is rejected, and reading starts again
 * on the next physical line with a fresh parser, so one bad quote costs one
 * row and not the rest of the list.
 */
static int
malformed(struct reader *r, int ended_line)
{
	char msg[WL_MSG_MAX];
	long line = r->start != -1 ? r->start : r->line;

	if (csv_error(&r->p) != CSV_EPARSE)
		return vb_err(r->err, VB_ENOMEM, "out of memory reading the list");
	/* Without its header no row can be read: the file is broken, not a row. */
	if (!r->header_done)
		return vb_err_at(r->err, VB_ESYNTAX, -1, "header", (int)line,
		    "line %ld: the header is not CSV: a stray quote", line);
	if (r->on_reject != NULL) {
		(void)reject(msg, sizeof(msg), line, "not CSV: a quote inside an"
		    " unquoted cell, or text after a closing quote");
		r->on_reject(r->arg, line, msg);
	}
	csv_free(&r->p);
	if (csv_init(&r->p, WL_CSV_OPTS) != 0)
		return vb_err(r->err, VB_ENOMEM, "out of memory reading the list");
	row_reset(r);
	r->skip = !ended_line;
	return 0;
}

/* One physical line, or the part of one that a chunk holds. */
static int
feed_line(struct reader *r, const char *s, size_t n)
{
	int ended = n > 0 && s[n - 1] == '\n';

	if (r->skip) {
		r->skip = !ended;
		return 0;
	}
	if (r->start == -1 && begins_row(s, n))
		r->start = r->line;
	if (csv_parse(&r->p, s, n, on_field, on_row, r) < n && !r->stop)
		return malformed(r, ended);
	if (r->stop)
		return -1;
	if (csv_get_buffer_size(&r->p) > WL_ROW_MAX)
		return too_long(r);
	return 0;
}

static int
feed_chunk(struct reader *r, const char *s, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl != NULL ? (size_t)(nl - s) + 1 : n;

		if (feed_line(r, s, k) == -1)
			return -1;
		if (nl != NULL)
			r->line++;
		s += k;
		n -= k;
	}
	return 0;
}

static void
reader_free(struct reader *r)
{
	csv_free(&r->p);
	free(r->docs.v);
	free(r->items.v);
	free(r->addresses.v);
	free(r->emails.v);
	free(r->phones.v);
	free(r->aliases.v);
	free(r->off);
	free(r->buf);
}

long
wl_read_native(FILE *in, wl_entry_fn on_entry, wl_reject_fn on_reject,
    void *arg, struct vb_error *err)
{
	struct reader r;
	char *chunk = NULL;
	size_t n;
	long rc = -1;
	int first = 1;

	memset(&r, 0, sizeof(r));
	r.on_entry = on_entry;
	r.on_reject = on_reject;
	r.arg = arg;
	r.err = err;
	r.line = 1;
	r.start = -1;
	for (int c = 0; c < C_NCOLS; c++)
		r.col[c] = -1;
	if (csv_init(&r.p, WL_CSV_OPTS) != 0 ||
	    (chunk = malloc(WL_CHUNK)) == NULL) {
		vb_err(err, VB_ENOMEM, "out of memory reading the list");
		goto done;
	}
	while ((n = fread(chunk, 1, WL_CHUNK, in)) > 0) {
		char *s = chunk;

		/* Spreadsheets save UTF-8 with a byte order mark. */
		if (first && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;
			n -= 3;
		}
		first = 0;
		if (feed_chunk(&r, s, n) == -1)
			goto done;
	}
	if (ferror(in)) {
		vb_err(err, VB_EIO, "cannot read the list: %s", strerror(errno));
		goto done;
	}
	if (csv_fini(&r.p, on_field, on_row, &r) != 0) {
		vb_err_at(err, VB_ESYNTAX, -1, "", (int)r.start, "line %ld: a quoted"
		    " cell opened here is never closed", r.start);
		goto done;
	}
	if (r.stop)
		goto done;
	if (!r.header_done) {
		vb_err(err, VB_ESYNTAX, "the list is empty: no header row");
		goto done;
	}
	rc = r.delivered;
done:
	free(chunk);
	reader_free(&r);
	return rc;
}
