/*
 * The CSV watchlist readers' machinery (core/lists/wl_csv.h) and the native CSV
 * of CONTRACT.md. libcsv does the RFC 4180 part; this file feeds it one
 * physical line at a time, so that every entry knows the line it starts
 * on, and holds one row at a time, so that a list of millions of entries
 * reads in the memory of one. A format only turns a row into an entry.
 */
#include "watchlist.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "norm/cargo_check.h"
#include "norm/norm.h"
#include "wl_csv.h"

#define WL_CHUNK	65536
/* No entry is this long: a row that grows past it is a quote left open. */
#define WL_ROW_MAX	(1024 * 1024)
/* Strict: a stray quote is a bad row, not a cell quietly read another way. */
#define WL_CSV_OPTS	(CSV_STRICT | CSV_STRICT_FINI)

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char *
wl_csv_trim(char *s)
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

void
wl_csv_upper(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* No NUL: it would cut the cell. */
int
wl_utf8_valid(const void *p, size_t n)
{
	const unsigned char *s = p;
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

int
wl_csv_push(struct wl_strv *v, const char *s)
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

struct wl_document *
wl_csv_add_doc(struct wl_docv *v)
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

int
wl_csv_split(char *s, struct wl_strv *v)
{
	char *semi, *t;

	v->n = 0;
	while (s != NULL) {
		if ((semi = strchr(s, ';')) != NULL)
			*semi++ = '\0';
		t = wl_csv_trim(s);
		if (*t != '\0' && wl_csv_push(v, t) == -1)
			return -1;
		s = semi;
	}
	return 0;
}

int
wl_csv_valid_date(const char *s)
{
	char out[11];

	/* No two-digit years here, so the reference year does not matter. */
	return norm_date(s, NORM_PAST, 9999, out) == 0 && strcmp(out, s) == 0;
}

static int
all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

const char *
wl_csv_imo(const char *s)
{
	if (strncasecmp(s, "IMO", 3) == 0)
		for (s += 3; *s == ' '; s++)
			;
	return cargo_imo_valid(s) ? s : NULL;
}

int
wl_csv_reject(char *msg, size_t msgsz, long line, const char *fmt, ...)
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

int
wl_csv_enomem(struct wl_csv *r)
{
	return vb_err(r->err, VB_ENOMEM, "out of memory reading the list");
}

void
wl_sink_reject(const struct wl_sink *s, long line, const char *id,
    const char *message)
{
	if (s->on_reject_id != NULL)
		s->on_reject_id(s->arg, line, id, message);
	else if (s->on_reject != NULL)
		s->on_reject(s->arg, line, message);
}

int
wl_read_failed(struct vb_error *err, long line, int errnum)
{
	/*
	 * VB_EIO still, as before (tests/test_wl_opensanctions.c holds it);
	 * the message says what it is.
	 */
	if (errnum == EBADMSG)
		return vb_err_at(err, VB_EIO, -1, "", (int)line, "line %ld: the"
		    " gzip stream ends early or is damaged: is the file cut"
		    " short?", line);
	return vb_err(err, VB_EIO, "cannot read the list: %s", strerror(errnum));
}

char *
wl_csv_cell(struct wl_csv *r, int c)
{
	char *s;

	if (r->col[c] < 0 || (size_t)r->col[c] >= r->ncells)
		return NULL;
	s = wl_csv_trim(r->buf + r->off[r->col[c]]);
	return *s != '\0' ? s : NULL;
}

void
wl_csv_lists(struct wl_csv *r, struct wl_entry *e)
{
	e->aliases = r->aliases.v;
	e->naliases = r->aliases.n;
	e->docs = r->docs.v;
	e->ndocs = r->docs.n;
	e->phones = r->phones.v;
	e->nphones = r->phones.n;
	e->emails = r->emails.v;
	e->nemails = r->emails.n;
	e->addresses = r->addresses.v;
	e->naddresses = r->addresses.n;
}

static int
read_header(struct wl_csv *r)
{
	const struct wl_csv_format *f = r->fmt;

	for (size_t i = 0; i < r->ncells; i++) {
		const char *name = wl_csv_trim(r->buf + r->off[i]);

		for (int c = 0; c < f->ncols; c++) {
			if (strcasecmp(name, f->cols[c]) != 0)
				continue;
			/* Two "name" columns: which one the owner meant is a guess. */
			if (r->col[c] != -1)
				return vb_err_at(r->err, VB_EINVALID, -1, "header",
				    (int)r->start, "line %ld: the header has two %s"
				    " columns", r->start, f->cols[c]);
			r->col[c] = (int)i;
		}
	}
	for (int c = 0; c < f->nrequired; c++)
		if (r->col[c] == -1)
			return vb_err_at(r->err, VB_EINVALID, -1, "header",
			    (int)r->start, "line %ld: the header has no %s column"
			    " (%s are required)", r->start, f->cols[c],
			    f->required);
	r->nheader = r->ncells;
	r->header_done = 1;
	return 0;
}

/* Trailing ",,,," rows are what spreadsheets leave: not entries. */
static int
row_blank(struct wl_csv *r)
{
	for (size_t i = 0; i < r->ncells; i++)
		if (*wl_csv_trim(r->buf + r->off[i]) != '\0')
			return 0;
	return 1;
}

/* What every format refuses: bytes that are not text, cells past the header. */
static int
row_shape(struct wl_csv *r, char *msg, size_t msgsz)
{
	if (r->bad_cell != 0) {
		const char *what = "a cell";

		for (int c = 0; c < r->fmt->ncols; c++)
			if (r->col[c] == r->bad_cell - 1)
				what = r->fmt->cols[c];
		return wl_csv_reject(msg, msgsz, r->start, "%s is not UTF-8 text",
		    what);
	}
	for (size_t i = r->nheader; i < r->ncells; i++)
		if (*wl_csv_trim(r->buf + r->off[i]) != '\0')
			return wl_csv_reject(msg, msgsz, r->start, "%zu cells, the"
			    " header has %zu", r->ncells, r->nheader);
	return 0;
}

/*
 * The id cell of the row read so far, for a rejected row: NULL when it is
 * empty, not read yet, or not text the database could hold.
 */
static const char *
row_id(struct wl_csv *r)
{
	const char *id;

	if (r->col[0] < 0 || (size_t)r->col[0] >= r->ncells)
		return NULL;
	id = wl_csv_trim(r->buf + r->off[r->col[0]]);
	return *id != '\0' && wl_utf8_valid(id, strlen(id)) ? id : NULL;
}

static int
deliver(struct wl_csv *r)
{
	struct wl_entry e;
	char msg[WL_MSG_MAX];
	int rc;

	if (row_blank(r))
		return 0;
	memset(&e, 0, sizeof(e));
	e.line = r->start;
	if ((rc = row_shape(r, msg, sizeof(msg))) == 0 &&
	    (rc = r->fmt->make_entry(r, &e, msg, sizeof(msg))) == -1)
		return -1;
	if (rc == 1) {
		wl_sink_reject(r->sink, r->start, row_id(r), msg);
		return 0;
	}
	/* The callback fills err with its own reason, if any. */
	if (r->sink->on_entry != NULL && r->sink->on_entry(r->sink->arg, &e) == -1)
		return -1;
	r->delivered++;
	return 0;
}

static void
row_reset(struct wl_csv *r)
{
	r->len = 0;
	r->ncells = 0;
	r->bad_cell = 0;
	r->start = -1;
}

static int
too_long(struct wl_csv *r)
{
	return vb_err_at(r->err, VB_ESYNTAX, -1, "", (int)r->start,
	    "line %ld: a row longer than %d bytes: is a quote left open?",
	    r->start, WL_ROW_MAX);
}

static int
row_grow(struct wl_csv *r, size_t need)
{
	if (need > r->cap) {
		size_t cap = r->cap == 0 ? 1024 : r->cap;
		char *nb;

		while (cap < need)
			cap *= 2;
		if ((nb = realloc(r->buf, cap)) == NULL)
			return wl_csv_enomem(r);
		r->buf = nb;
		r->cap = cap;
	}
	if (r->ncells == r->offcap) {
		size_t cap = r->offcap == 0 ? 32 : r->offcap * 2;
		size_t *no = reallocarray(r->off, cap, sizeof(*no));

		if (no == NULL)
			return wl_csv_enomem(r);
		r->off = no;
		r->offcap = cap;
	}
	return 0;
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct wl_csv *r = arg;
	size_t need;

	if (r->stop)
		return;
	if (r->start == -1)
		r->start = r->line;
	if ((need = r->len + len + 1) > WL_ROW_MAX) {
		r->stop = too_long(r);
		return;
	}
	if ((r->stop = row_grow(r, need)) != 0)
		return;
	/* Only the cells we read must be text; unknown columns are not ours. */
	if (r->header_done && r->bad_cell == 0 && r->ncells < r->nheader &&
	    !wl_utf8_valid(data, len)) {
		for (int c = 0; c < r->fmt->ncols; c++)
			if ((size_t)r->col[c] == r->ncells)
				r->bad_cell = (long)r->ncells + 1;
	}
	r->off[r->ncells++] = r->len;
	if (len > 0)
		memcpy(r->buf + r->len, data, len);
	r->buf[r->len + len] = '\0';
	r->len += len + 1;
}

/*
 * The last row, ended by the end of the file and not by a line end, with
 * fewer cells than the header: the file was cut in the middle of it (an
 * upload broken off, a copy that ran out of space). Loaded, it would be
 * a row with cells missing, and the rows after it would be withdrawn.
 */
static int
cut_short(struct wl_csv *r)
{
	return vb_err_at(r->err, VB_ESYNTAX, -1, "", (int)r->start, "line %ld:"
	    " the file ends in the middle of this row (%zu of the header's %zu"
	    " cells, no line end): is it cut short?", r->start, r->ncells,
	    r->nheader);
}

/* c: the character that ended the row, -1 when the end of the file did. */
static void
on_row(int c, void *arg)
{
	struct wl_csv *r = arg;

	if (r->stop)
		return;
	if (!r->header_done) {
		if (read_header(r) == -1)
			r->stop = -1;
	} else if (c == -1 && r->ncells < r->nheader && !row_blank(r))
		r->stop = cut_short(r);
	else if (deliver(r) == -1)
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
malformed(struct wl_csv *r, int ended_line)
{
	char msg[WL_MSG_MAX];
	long line = r->start != -1 ? r->start : r->line;

	if (csv_error(&r->p) != CSV_EPARSE)
		return wl_csv_enomem(r);
	/* Without its header no row can be read: the file is broken, not a row. */
	if (!r->header_done)
		return vb_err_at(r->err, VB_ESYNTAX, -1, "header", (int)line,
		    "line %ld: the header is not CSV: a stray quote", line);
	(void)wl_csv_reject(msg, sizeof(msg), line, "not CSV: a quote inside"
	    " an unquoted cell, or text after a closing quote");
	/* The cells before the bad one were read: the id may be among them. */
	wl_sink_reject(r->sink, line, row_id(r), msg);
	csv_free(&r->p);
	if (csv_init(&r->p, WL_CSV_OPTS) != 0)
		return wl_csv_enomem(r);
	row_reset(r);
	r->skip = !ended_line;
	return 0;
}

/* One physical line, or the part of one that a chunk holds. */
static int
feed_line(struct wl_csv *r, const char *s, size_t n)
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
feed_chunk(struct wl_csv *r, const char *s, size_t n)
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
reader_free(struct wl_csv *r)
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

/* Feeds the whole file; 0, or -1 with err. */
static int
feed_file(struct wl_csv *r, FILE *in, char *chunk)
{
	size_t n;
	int first = 1;

	while ((n = fread(chunk, 1, WL_CHUNK, in)) > 0) {
		char *s = chunk;

		/* Spreadsheets save UTF-8 with a byte order mark. */
		if (first && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;
			n -= 3;
		}
		first = 0;
		if (feed_chunk(r, s, n) == -1)
			return -1;
	}
	if (ferror(in))
		return wl_read_failed(r->err, r->line, errno);
	if (csv_fini(&r->p, on_field, on_row, r) != 0)
		return vb_err_at(r->err, VB_ESYNTAX, -1, "", (int)r->start,
		    "line %ld: a quoted cell opened here is never closed: the"
		    " file ends inside it (is it cut short?)", r->start);
	if (r->stop)
		return -1;
	if (!r->header_done)
		return vb_err(r->err, VB_ESYNTAX, "the list is empty: no header row");
	return 0;
}

long
wl_csv_read(FILE *in, const struct wl_csv_format *f, void *state,
    const struct wl_sink *sink, struct vb_error *err)
{
	struct wl_csv r;
	char *chunk = NULL;
	long rc = -1;

	memset(&r, 0, sizeof(r));
	r.fmt = f;
	r.state = state;
	r.sink = sink;
	r.err = err;
	r.line = 1;
	r.start = -1;
	for (int c = 0; c < WL_CSV_MAXCOLS; c++)
		r.col[c] = -1;
	if (f->ncols > WL_CSV_MAXCOLS) {
		vb_err(err, VB_EINTERNAL, "a list format with %d columns", f->ncols);
		goto done;
	}
	if (csv_init(&r.p, WL_CSV_OPTS) != 0 ||
	    (chunk = malloc(WL_CHUNK)) == NULL) {
		wl_csv_enomem(&r);
		goto done;
	}
	if (feed_file(&r, in, chunk) == 0)
		rc = r.delivered;
done:
	free(chunk);
	reader_free(&r);
	return rc;
}

/* The native CSV of CONTRACT.md. */

enum native_col {
	C_ID, C_KIND, C_NAME, C_ALIASES, C_BIRTH_DATE, C_NATIONALITY,
	C_DOCUMENTS, C_GENDER, C_PHONES, C_EMAILS, C_ADDRESSES, C_CATEGORY,
	C_SEVERITY, C_NOTE, C_EXPIRES, C_WITHDRAWN, C_NCOLS
};

static const char *const native_cols[C_NCOLS] = {
	"id", "kind", "name", "aliases", "birth_date", "nationality",
	"documents", "gender", "phones", "emails", "addresses", "category",
	"severity", "note", "expires", "withdrawn",
};

/* A typed number checked where its type has a rule: 0, or 1 rejected. */
static int
check_number(struct wl_document *d, const char *shown, long line, char *msg,
    size_t msgsz)
{
	const char *imo;

	if (d->type == NULL)
		return 0;
	if (strcmp(d->type, "IMO") == 0) {
		if ((imo = wl_csv_imo(d->number)) == NULL)
			return wl_csv_reject(msg, msgsz, line, "document %s: not"
			    " an IMO number (7 digits, the last a check digit)",
			    shown);
		d->number = imo;
	} else if (strcmp(d->type, "MMSI") == 0 && !all_digits(d->number, 9))
		return wl_csv_reject(msg, msgsz, line, "document %s: an MMSI is"
		    " 9 digits", shown);
	return 0;
}

/*
 * TYPE:COUNTRY:NUMBER, either of the first two possibly empty, or a bare
 * NUMBER. Two parts are refused: "D:123" could be a type or Germany.
 */
static int
make_docs(struct wl_csv *r, char *s, long line, char *msg, size_t msgsz)
{
	r->docs.n = 0;
	if (wl_csv_split(s, &r->items) == -1)
		return wl_csv_enomem(r);
	for (size_t i = 0; i < r->items.n; i++) {
		char *item = (char *)r->items.v[i], *c1, *c2 = NULL;
		struct wl_document *d;
		char shown[64];

		strlcpy(shown, item, sizeof(shown));
		if ((c1 = strchr(item, ':')) != NULL)
			c2 = strchr(c1 + 1, ':');
		if ((c1 != NULL && c2 == NULL) ||
		    (c2 != NULL && strchr(c2 + 1, ':') != NULL))
			return wl_csv_reject(msg, msgsz, line, "document %s is not"
			    " TYPE:COUNTRY:NUMBER or NUMBER", shown);
		if ((d = wl_csv_add_doc(&r->docs)) == NULL)
			return wl_csv_enomem(r);
		d->type = d->country = NULL;
		d->number = item;
		if (c1 != NULL) {
			char *type, *country;

			*c1 = *c2 = '\0';
			type = wl_csv_trim(item);
			country = wl_csv_trim(c1 + 1);
			d->number = wl_csv_trim(c2 + 1);
			if (*type != '\0') {
				wl_csv_upper(type);
				d->type = type;
			}
			if (*country != '\0' &&
			    (d->country = norm_country(country)) == NULL)
				return wl_csv_reject(msg, msgsz, line, "document %s:"
				    " country %s is not a country code", shown,
				    country);
		}
		if (*d->number == '\0')
			return wl_csv_reject(msg, msgsz, line, "document %s has no"
			    " number", shown);
		if (check_number(d, shown, line, msg, msgsz) != 0)
			return 1;
	}
	return 0;
}

/* 0 or 1 for the withdrawn cell (empty is 0); -1 when it is neither. */
static int
withdrawn_flag(const char *s)
{
	static const char *const no[] = {"0", "false", "no"};
	static const char *const yes[] = {"1", "true", "yes", "withdrawn"};

	if (s == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	return -1;
}

/*
 * id, withdrawn, kind and name. A withdrawn row needs only its id: the
 * owner takes an entry off the list by naming it, kind defaults to person
 * and the name may be empty ("").
 */
static int
native_identity(struct wl_csv *r, struct wl_entry *e, char *msg, size_t msgsz)
{
	long line = e->line;
	char *v;

	if ((e->id = wl_csv_cell(r, C_ID)) == NULL)
		return wl_csv_reject(msg, msgsz, line, "id is empty");
	v = wl_csv_cell(r, C_WITHDRAWN);
	if ((e->withdrawn = withdrawn_flag(v)) == -1)
		return wl_csv_reject(msg, msgsz, line, "withdrawn %.40s is not"
		    " 1, 0, true, false, yes or no", v);
	if ((v = wl_csv_cell(r, C_KIND)) == NULL && !e->withdrawn)
		return wl_csv_reject(msg, msgsz, line, "kind is empty");
	if (v == NULL || strcasecmp(v, "person") == 0)
		e->kind = MATCH_PERSON;
	else if (strcasecmp(v, "organization") == 0 ||
	    strcasecmp(v, "organisation") == 0)
		e->kind = MATCH_ORGANIZATION;
	else if (strcasecmp(v, "vessel") == 0)
		e->kind = MATCH_VESSEL;
	else
		return wl_csv_reject(msg, msgsz, line, "kind %.40s is not person,"
		    " organization or vessel", v);
	if ((e->name = wl_csv_cell(r, C_NAME)) == NULL) {
		if (!e->withdrawn)
			return wl_csv_reject(msg, msgsz, line, "name is empty");
		e->name = "";
	}
	return 0;
}

/* One of a fixed set of words, any case, as the static word; NULL. */
static const char *
one_of(const char *v, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v, words[i]) == 0)
			return words[i];
	return NULL;
}

static int
native_details(struct wl_csv *r, struct wl_entry *e, char *msg, size_t msgsz)
{
	static const char *const genders[] = {"M", "F", "X"};
	static const char *const severities[] = {"high", "medium", "low"};
	long line = e->line;
	char *v;

	if ((v = wl_csv_cell(r, C_BIRTH_DATE)) != NULL && !wl_csv_valid_date(v))
		return wl_csv_reject(msg, msgsz, line, "birth_date %.40s is not a"
		    " date", v);
	e->birth_date = v;
	if ((v = wl_csv_cell(r, C_NATIONALITY)) != NULL &&
	    (e->nationality = norm_country(v)) == NULL)
		return wl_csv_reject(msg, msgsz, line, "nationality %.40s is not a"
		    " country code", v);
	if ((v = wl_csv_cell(r, C_GENDER)) != NULL &&
	    (e->gender = one_of(v, genders, 3)) == NULL)
		return wl_csv_reject(msg, msgsz, line, "gender %.40s is not M, F"
		    " or X", v);
	if ((v = wl_csv_cell(r, C_SEVERITY)) != NULL &&
	    (e->severity = one_of(v, severities, 3)) == NULL)
		return wl_csv_reject(msg, msgsz, line, "severity %.40s is not high,"
		    " medium or low", v);
	/* A day: "no hit after this day" has no meaning for a month. */
	if ((v = wl_csv_cell(r, C_EXPIRES)) != NULL &&
	    (strlen(v) != 10 || !wl_csv_valid_date(v)))
		return wl_csv_reject(msg, msgsz, line, "expires %.40s is not a date"
		    " YYYY-MM-DD", v);
	e->expires = v;
	return 0;
}

static int
native_entry(struct wl_csv *r, struct wl_entry *e, char *msg, size_t msgsz)
{
	int rc;

	if ((rc = native_identity(r, e, msg, msgsz)) != 0 ||
	    (rc = native_details(r, e, msg, msgsz)) != 0 ||
	    (rc = make_docs(r, wl_csv_cell(r, C_DOCUMENTS), e->line, msg,
	    msgsz)) != 0)
		return rc;
	if (wl_csv_split(wl_csv_cell(r, C_ALIASES), &r->aliases) == -1 ||
	    wl_csv_split(wl_csv_cell(r, C_PHONES), &r->phones) == -1 ||
	    wl_csv_split(wl_csv_cell(r, C_EMAILS), &r->emails) == -1 ||
	    wl_csv_split(wl_csv_cell(r, C_ADDRESSES), &r->addresses) == -1)
		return wl_csv_enomem(r);
	wl_csv_lists(r, e);
	e->category = wl_csv_cell(r, C_CATEGORY);
	e->note = wl_csv_cell(r, C_NOTE);
	return 0;
}

static const struct wl_csv_format native_format = {
	native_cols, C_NCOLS, C_NAME + 1, "id, kind and name", native_entry,
};

static long
read_native(FILE *in, const struct wl_sink *s, struct vb_error *err)
{
	return wl_csv_read(in, &native_format, NULL, s, err);
}

long
wl_read_native(FILE *in, wl_entry_fn on_entry, wl_reject_fn on_reject,
    void *arg, struct vb_error *err)
{
	struct wl_sink s = {on_entry, on_reject, NULL, arg};

	return read_native(in, &s, err);
}

/* Each format's reader, as the tests call it and as the loader does. */
static const struct {
	const char *name;
	wl_reader_fn read;
	long (*read_into)(FILE *, const struct wl_sink *, struct vb_error *);
} readers[] = {
	{"native", wl_read_native, read_native},
	{"opensanctions", wl_read_opensanctions, wl_os_read},
	{"ftm", wl_read_ftm, wl_ftm_read},
};

wl_reader_fn
wl_reader(const char *format)
{
	if (format == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (strcmp(format, readers[i].name) == 0)
			return readers[i].read;
	return NULL;
}

long
wl_read(const char *format, FILE *in, const struct wl_sink *s,
    struct vb_error *err)
{
	for (size_t i = 0; format != NULL &&
	    i < sizeof(readers) / sizeof(readers[0]); i++)
		if (strcmp(format, readers[i].name) == 0)
			return readers[i].read_into(in, s, err);
	return vb_err(err, VB_EUNSUPPORTED, "watchlist format %s is not"
	    " supported (native, opensanctions, ftm)",
	    format != NULL ? format : "(none)");
}
