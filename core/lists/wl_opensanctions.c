/*
 * OpenSanctions' targets.simple.csv: one row per target entity, as their
 * exporter writes it. A cell with several values is itself a CSV row with
 * ';' between values, where a value holding ';' or '"' is quoted: so it is
 * split by a second libcsv parser, not on every ';'. The row machinery is
 * core/lists/watchlist.c's (core/lists/wl_csv.h).
 */
#include "watchlist.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "norm/norm.h"
#include "wl_csv.h"

/* The sanctions text becomes the officer's note: the gist, not the file. */
#define OS_NOTE_MAX	500
#define OS_CATEGORY_MAX	300
#define OS_ELLIPSIS	"\xe2\x80\xa6"

enum os_col {
	O_ID, O_SCHEMA, O_NAME, O_ALIASES, O_BIRTH_DATE, O_COUNTRIES,
	O_ADDRESSES, O_IDENTIFIERS, O_SANCTIONS, O_PHONES, O_EMAILS, O_DATASET,
	O_NCOLS
};

/* first_seen, last_seen and last_change say nothing about the person. */
static const char *const os_cols[O_NCOLS] = {
	"id", "schema", "name", "aliases", "birth_date", "countries",
	"addresses", "identifiers", "sanctions", "phones", "emails", "dataset",
};

/* The FollowTheMoney schemata screened, and what each is here. */
static const struct {
	const char *schema;
	enum match_kind kind;
} os_schemata[] = {
	{"Person", MATCH_PERSON},
	{"Organization", MATCH_ORGANIZATION},
	{"Company", MATCH_ORGANIZATION},
	{"LegalEntity", MATCH_ORGANIZATION},
	{"PublicBody", MATCH_ORGANIZATION},
	{"Vessel", MATCH_VESSEL},
};

struct os_state {
	struct csv_parser values;	/* splits one cell into its values */
	struct wl_strv dates, countries, sanctions, datasets;
	char note[OS_NOTE_MAX + sizeof(OS_ELLIPSIS)];
	char category[OS_CATEGORY_MAX + sizeof(OS_ELLIPSIS)];
};

/* Where the values of the cell being split go. */
struct os_split {
	char *w;
	struct wl_strv *v;
	int failed;
};

static void
on_value(void *data, size_t len, void *arg)
{
	struct os_split *sp = arg;
	char *t;

	if (len > 0)
		memcpy(sp->w, data, len);
	sp->w[len] = '\0';
	t = wl_csv_trim(sp->w);
	sp->w += len + 1;
	if (*t != '\0' && wl_csv_push(sp->v, t) == -1)
		sp->failed = 1;
}

/* A line end inside a cell is part of a value (an address), not a row's end. */
static int
never_ends(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * The values of a cell into v, cut in place. A value is never longer than
 * the text it came from, and libcsv hands it over only after reading that
 * text and the ';' after it: so writing the values from the cell's start
 * never overtakes the reading.
 */
static int
split_cell(struct wl_csv *r, char *cell, struct wl_strv *v)
{
	struct os_state *s = r->state;
	struct os_split sp = {cell, v, 0};
	size_t n;

	v->n = 0;
	if (cell == NULL)
		return 0;
	n = strlen(cell);
	if (csv_parse(&s->values, cell, n, on_value, NULL, &sp) != n ||
	    csv_fini(&s->values, on_value, NULL, &sp) != 0 || sp.failed)
		return wl_csv_enomem(r);
	return 0;
}

/* The values joined by "; ", cut at a character's end when too long; NULL. */
static const char *
join(const struct wl_strv *v, char *out, size_t outsz)
{
	size_t need = 0, max = outsz - sizeof(OS_ELLIPSIS), k;

	if (v->n == 0)
		return NULL;
	out[0] = '\0';
	for (size_t i = 0; i < v->n; i++) {
		if (i > 0)
			need = strlcat(out, "; ", outsz);
		need = strlcat(out, v->v[i], outsz);
		if (need > max)
			break;
	}
	if (need <= max)
		return out;
	for (k = max; k > 0 && ((unsigned char)out[k] & 0xc0) == 0x80; k--)
		;
	out[k] = '\0';
	strlcat(out, OS_ELLIPSIS, outsz);
	return out;
}

static int
os_kind(const char *schema, enum match_kind *kind)
{
	for (size_t i = 0; i < sizeof(os_schemata) / sizeof(os_schemata[0]); i++)
		if (strcasecmp(schema, os_schemata[i].schema) == 0) {
			*kind = os_schemata[i].kind;
			return 0;
		}
	return -1;
}

/*
 * Of several birth dates (the sources disagree), the most precise: a full
 * date over a month, a month over a year; the first of equals.
 */
static int
os_birth_date(struct wl_csv *r, struct wl_entry *e, char *msg, size_t msgsz)
{
	struct os_state *s = r->state;

	if (split_cell(r, wl_csv_cell(r, O_BIRTH_DATE), &s->dates) == -1)
		return -1;
	for (size_t i = 0; i < s->dates.n; i++) {
		const char *d = s->dates.v[i];

		if (!wl_csv_valid_date(d))
			return wl_csv_reject(msg, msgsz, e->line, "birth_date %.40s"
			    " is not a date", d);
		if (e->birth_date == NULL || strlen(d) > strlen(e->birth_date))
			e->birth_date = d;
	}
	return 0;
}

/*
 * The first country known as a country: OpenSanctions also has codes for
 * territories and former states (suhh, csxx) that no passport carries.
 */
static int
os_nationality(struct wl_csv *r, struct wl_entry *e)
{
	struct os_state *s = r->state;

	if (split_cell(r, wl_csv_cell(r, O_COUNTRIES), &s->countries) == -1)
		return -1;
	for (size_t i = 0; i < s->countries.n && e->nationality == NULL; i++)
		e->nationality = norm_country(s->countries.v[i]);
	return 0;
}

/*
 * Identifiers carry no type or country here, except a vessel's IMO number,
 * told by its check digit (the number comes as IMO9074729).
 */
static int
os_documents(struct wl_csv *r, struct wl_entry *e)
{
	r->docs.n = 0;
	if (split_cell(r, wl_csv_cell(r, O_IDENTIFIERS), &r->items) == -1)
		return -1;
	for (size_t i = 0; i < r->items.n; i++) {
		struct wl_document *d;
		const char *imo;

		if ((d = wl_csv_add_doc(&r->docs)) == NULL)
			return wl_csv_enomem(r);
		d->type = d->country = NULL;
		d->number = r->items.v[i];
		if (e->kind == MATCH_VESSEL &&
		    (imo = wl_csv_imo(d->number)) != NULL) {
			d->type = "IMO";
			d->number = imo;
		}
	}
	return 0;
}

static int
os_contacts(struct wl_csv *r, struct wl_entry *e)
{
	if (split_cell(r, wl_csv_cell(r, O_ALIASES), &r->aliases) == -1 ||
	    split_cell(r, wl_csv_cell(r, O_PHONES), &r->phones) == -1 ||
	    split_cell(r, wl_csv_cell(r, O_EMAILS), &r->emails) == -1 ||
	    split_cell(r, wl_csv_cell(r, O_ADDRESSES), &r->addresses) == -1)
		return -1;
	wl_csv_lists(r, e);
	return 0;
}

/* Severity stays NULL: the list owner sets it per list, not per entity. */
static int
os_entry(struct wl_csv *r, struct wl_entry *e, char *msg, size_t msgsz)
{
	struct os_state *s = r->state;
	char *v;
	int rc;

	if ((e->id = wl_csv_cell(r, O_ID)) == NULL)
		return wl_csv_reject(msg, msgsz, e->line, "id is empty");
	if ((v = wl_csv_cell(r, O_SCHEMA)) == NULL)
		return wl_csv_reject(msg, msgsz, e->line, "schema is empty");
	if (os_kind(v, &e->kind) == -1)
		return wl_csv_reject(msg, msgsz, e->line, "schema %.40s is not"
		    " screened (people, organizations and vessels are)", v);
	if ((e->name = wl_csv_cell(r, O_NAME)) == NULL)
		return wl_csv_reject(msg, msgsz, e->line, "name is empty");
	if ((rc = os_birth_date(r, e, msg, msgsz)) != 0)
		return rc;
	if (os_nationality(r, e) == -1 || os_documents(r, e) == -1 ||
	    os_contacts(r, e) == -1 ||
	    split_cell(r, wl_csv_cell(r, O_SANCTIONS), &s->sanctions) == -1 ||
	    split_cell(r, wl_csv_cell(r, O_DATASET), &s->datasets) == -1)
		return -1;
	e->note = join(&s->sanctions, s->note, sizeof(s->note));
	e->category = join(&s->datasets, s->category, sizeof(s->category));
	return 0;
}

static const struct wl_csv_format os_format = {
	os_cols, O_NCOLS, O_NAME + 1, "id, schema and name", os_entry,
};

long
wl_read_opensanctions(FILE *in, wl_entry_fn on_entry, wl_reject_fn on_reject,
    void *arg, struct vb_error *err)
{
	struct wl_sink sink = {on_entry, on_reject, NULL, arg};

	return wl_os_read(in, &sink, err);
}

long
wl_os_read(FILE *in, const struct wl_sink *sink, struct vb_error *err)
{
	struct os_state s;
	long n;

	memset(&s, 0, sizeof(s));
	/* Not strict: a stray quote inside a value is the value's. */
	if (csv_init(&s.values, 0) != 0)
		return vb_err(err, VB_ENOMEM, "out of memory reading the list");
	csv_set_delim(&s.values, ';');
	csv_set_term_func(&s.values, never_ends);
	n = wl_csv_read(in, &os_format, &s, sink, err);
	csv_free(&s.values);
	free(s.datasets.v);
	free(s.sanctions.v);
	free(s.countries.v);
	free(s.dates.v);
	return n;
}
