/*
 * FollowTheMoney entities as watchlist entries: one JSON object per line,
 * as OpenSanctions and Aleph export them. Each line is read, parsed,
 * delivered and freed before the next, so a list of millions of entities
 * reads in the memory of its longest line.
 *
 * Person, Organization, Company, LegalEntity, PublicBody and Vessel become
 * entries. Passport, Identification and Sanction name the entity they
 * belong to by id, and may stand before or after it in the file: they
 * become parts (wl_entry.part) that the loader merges into their entry,
 * which keeps nothing across lines here.
 */
#include "watchlist.h"
#include "wl_csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "norm/norm.h"

#define FTM_CHUNK	65536
/*
 * OpenSanctions' largest entities (a PEP with hundreds of aliases and
 * positions) are a few MB; a line past this is not an entity but a broken
 * file, and reading on would only grow memory.
 */
#define FTM_LINE_MAX	(16 * 1024 * 1024)
/* An officer reads the note at a glance; the list keeps the full text. */
#define FTM_NOTE_MAX	500
/* Past this many aliases the duplicate check would cost more than it saves. */
#define FTM_DEDUP_MAX	256
#define FTM_MSG_MAX	256

struct sbuf {
	char *s;
	size_t len, cap;
};

struct ftm_reader {
	FILE *in;
	const struct wl_sink *sink;
	struct vb_error *err;
	long line;
	long delivered;
	/* The entry the line at hand is, once read; NULL for a part. */
	const char *id;

	/* Input, read in chunks so that a line can be refused as it grows. */
	char *chunk;
	size_t pos, len;
	int eof;

	/* The line being read; too_long once it passes FTM_LINE_MAX. */
	char *buf;
	size_t blen, bcap;
	int too_long;
	int ended;		/* the line had its line end */

	/* One entity's values: borrowed from its JSON, or built here. */
	struct wl_strv aliases, phones, emails, addresses;
	struct wl_docv docs;
	struct sbuf name, note, category;
	char birth[11];
};

enum ftm_role {
	FTM_ENTRY,
	FTM_PASSPORT,
	FTM_IDENTIFICATION,
	FTM_SANCTION,
};

/*
 * Address entities are skipped too: the entity they belong to points at
 * them (addressEntity), not they at it, so joining them would mean keeping
 * entities across lines. FtM writes the full address text on the entity's
 * own `address` property as well, which is what is read.
 */
static const struct {
	const char *schema;
	enum ftm_role role;
	enum match_kind kind;
} schemas[] = {
	{"Person", FTM_ENTRY, MATCH_PERSON},
	{"Organization", FTM_ENTRY, MATCH_ORGANIZATION},
	{"Company", FTM_ENTRY, MATCH_ORGANIZATION},
	{"LegalEntity", FTM_ENTRY, MATCH_ORGANIZATION},
	{"PublicBody", FTM_ENTRY, MATCH_ORGANIZATION},
	{"Vessel", FTM_ENTRY, MATCH_VESSEL},
	{"Passport", FTM_PASSPORT, MATCH_PERSON},
	{"Identification", FTM_IDENTIFICATION, MATCH_PERSON},
	{"Sanction", FTM_SANCTION, MATCH_PERSON},
};

static int
oom(struct ftm_reader *r)
{
	return vb_err(r->err, VB_ENOMEM, "out of memory reading the list");
}

static int
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap == 0 ? 256 : b->cap;
		char *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((ns = realloc(b->s, cap)) == NULL)
			return -1;
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static int
sb_str(struct sbuf *b, const char *s)
{
	return sb_add(b, s, strlen(s));
}

static void
sb_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

/* Cuts to FTM_NOTE_MAX bytes on a character boundary, marking the cut. */
static void
sb_shorten(struct sbuf *b)
{
	size_t n = FTM_NOTE_MAX - 3;

	if (b->len <= FTM_NOTE_MAX)
		return;
	while (n > 0 && ((unsigned char)b->s[n] & 0xc0) == 0x80)
		n--;
	memcpy(b->s + n, "...", 4);
	b->len = n + 3;
}

static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* How many values a property holds: FtM writes a list, a lone value is one. */
static size_t
prop_len(json_t *props, const char *name)
{
	json_t *v = json_object_get(props, name);

	if (json_is_array(v))
		return json_array_size(v);
	return json_is_string(v) || json_is_object(v) ? 1 : 0;
}

/* The i-th value as text; NULL when it is not a string or is blank. */
static const char *
prop_at(json_t *props, const char *name, size_t i)
{
	json_t *v = json_object_get(props, name);
	const char *s;

	if (json_is_array(v))
		v = json_array_get(v, i);
	s = json_string_value(v);
	return s != NULL && !blank(s) ? s : NULL;
}

static const char *
prop_first(json_t *props, const char *name)
{
	const char *s;

	for (size_t i = 0, n = prop_len(props, name); i < n; i++)
		if ((s = prop_at(props, name, i)) != NULL)
			return s;
	return NULL;
}

/* An entity reference: an id, or in FtM's nested form the entity itself. */
static const char *
ref_at(json_t *props, const char *name, size_t i)
{
	json_t *v = json_object_get(props, name);
	const char *s;

	if (json_is_array(v))
		v = json_array_get(v, i);
	if (json_is_object(v))
		v = json_object_get(v, "id");
	s = json_string_value(v);
	return s != NULL && !blank(s) ? s : NULL;
}

static int
push_all(struct wl_strv *v, json_t *props, const char *name)
{
	const char *s;

	for (size_t i = 0, n = prop_len(props, name); i < n; i++)
		if ((s = prop_at(props, name, i)) != NULL && wl_csv_push(v, s) == -1)
			return -1;
	return 0;
}

static int
known_alias(struct ftm_reader *r, const char *s)
{
	if (r->aliases.n >= FTM_DEDUP_MAX)
		return 0;
	for (size_t k = 0; k < r->aliases.n; k++)
		if (strcmp(r->aliases.v[k], s) == 0)
			return 1;
	return 0;
}

/*
 * Aliases without the name itself or a repeat: FtM's `name` often holds
 * the caption again, and every copy would be one more index key to match.
 */
static int
push_aliases(struct ftm_reader *r, json_t *props, const char *name,
    const char *prop)
{
	const char *s;

	for (size_t i = 0, n = prop_len(props, prop); i < n; i++) {
		if ((s = prop_at(props, prop, i)) == NULL || strcmp(s, name) == 0 ||
		    known_alias(r, s))
			continue;
		if (wl_csv_push(&r->aliases, s) == -1)
			return -1;
	}
	return 0;
}

static int
reject(struct ftm_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Tells on_reject "line N: why"; returns 0 so the read goes on. */
static int
reject(struct ftm_reader *r, const char *fmt, ...)
{
	char msg[FTM_MSG_MAX];
	va_list ap;
	int n;

	if (r->sink->on_reject == NULL && r->sink->on_reject_id == NULL)
		return 0;
	n = snprintf(msg, sizeof(msg), "line %ld: ", r->line);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return 0;
	va_start(ap, fmt);
	/* A message cut short still names the line. */
	(void)vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	/* jansson quotes the bad input; the message must stay printable text. */
	for (char *p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	wl_sink_reject(r->sink, r->line, r->id, msg);
	return 0;
}

static int
deliver(struct ftm_reader *r, const struct wl_entry *e)
{
	/* The callback fills err with its own reason, if any. */
	if (r->sink->on_entry != NULL && r->sink->on_entry(r->sink->arg, e) == -1)
		return -1;
	r->delivered++;
	return 0;
}

/*
 * The first birth date the list can use. FtM dates are ISO prefixes
 * (1970, 1970-03, 1970-03-15), sometimes with a time that says nothing
 * about a birth. A value that is no date is passed over, not the entity:
 * a sanctioned person stays on the list without a birth date.
 */
static const char *
birth_date(struct ftm_reader *r, json_t *props)
{
	char d[11];
	const char *s;

	for (size_t i = 0, n = prop_len(props, "birthDate"); i < n; i++) {
		size_t len;

		if ((s = prop_at(props, "birthDate", i)) == NULL)
			continue;
		len = strcspn(s, "T ");
		if (len != 4 && len != 7 && len != 10)
			continue;
		memcpy(d, s, len);
		d[len] = '\0';
		/* No two-digit years here, so the reference year does not matter. */
		if (norm_date(d, NORM_PAST, 9999, r->birth) == 0 &&
		    strcmp(d, r->birth) == 0)
			return r->birth;
	}
	return NULL;
}

/*
 * The first country of the properties, in order, that is a code:
 * FtM also has pseudo-countries (suhh for the Soviet Union, zz for global)
 * that no passport carries.
 */
static const char *
country_of(json_t *props, const char *const *names)
{
	const char *s, *c;

	for (; *names != NULL; names++)
		for (size_t i = 0, n = prop_len(props, *names); i < n; i++)
			if ((s = prop_at(props, *names, i)) != NULL &&
			    (c = norm_country(s)) != NULL)
				return c;
	return NULL;
}

static const char *
gender_of(json_t *props)
{
	const char *s = prop_first(props, "gender");

	if (s == NULL)
		return NULL;
	if (strcasecmp(s, "male") == 0 || strcasecmp(s, "m") == 0)
		return "M";
	if (strcasecmp(s, "female") == 0 || strcasecmp(s, "f") == 0)
		return "F";
	if (strcasecmp(s, "other") == 0 || strcasecmp(s, "x") == 0)
		return "X";
	return NULL;
}

/* FtM writes an IMO number as "IMO 9187629" or "9187629"; manifests the digits. */
static const char *
imo_number(const char *s)
{
	const char *p = s;

	if (strncasecmp(p, "IMO", 3) != 0)
		return s;
	for (p += 3; *p == ' ' || *p == ':' || *p == '-'; p++)
		;
	return *p != '\0' ? p : s;
}

static int
add_docs(struct ftm_reader *r, json_t *props, const char *prop,
    const char *type, const char *country)
{
	struct wl_document *d;
	const char *s;

	for (size_t i = 0, n = prop_len(props, prop); i < n; i++) {
		if ((s = prop_at(props, prop, i)) == NULL)
			continue;
		if ((d = wl_csv_add_doc(&r->docs)) == NULL)
			return -1;
		d->type = type;
		d->country = country;
		d->number = strcmp(type, "IMO") == 0 ? imo_number(s) : s;
	}
	return 0;
}

/*
 * The name: `name`, else the caption, else the parts of a person's name.
 * 0 with *name NULL when there is none, -1 out of memory.
 */
static int
name_of(struct ftm_reader *r, json_t *root, json_t *props, const char **name)
{
	static const char *const parts[] = {
		"firstName", "secondName", "middleName", "fatherName", "lastName",
	};
	const char *s;

	if ((*name = prop_first(props, "name")) != NULL)
		return 0;
	if ((s = json_string_value(json_object_get(root, "caption"))) != NULL &&
	    !blank(s)) {
		*name = s;
		return 0;
	}
	sb_reset(&r->name);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if ((s = prop_first(props, parts[i])) == NULL)
			continue;
		if ((r->name.len > 0 && sb_add(&r->name, " ", 1) == -1) ||
		    sb_str(&r->name, s) == -1)
			return -1;
	}
	if (r->name.len > 0)
		*name = r->name.s;
	return 0;
}

/* notes, else summary, shortened: FtM notes run to pages. */
static int
note_of(struct ftm_reader *r, json_t *props, const char **note)
{
	const char *s;

	*note = NULL;
	if ((s = prop_first(props, "notes")) == NULL &&
	    (s = prop_first(props, "summary")) == NULL)
		return 0;
	sb_reset(&r->note);
	if (sb_str(&r->note, s) == -1)
		return -1;
	sb_shorten(&r->note);
	*note = r->note.s;
	return 0;
}

/* topics (sanction, crime, wanted, role.pep...) as the category, ';' between. */
static int
category_of(struct ftm_reader *r, json_t *props, const char **category)
{
	const char *s;

	*category = NULL;
	sb_reset(&r->category);
	for (size_t i = 0, n = prop_len(props, "topics"); i < n; i++) {
		if ((s = prop_at(props, "topics", i)) == NULL)
			continue;
		if ((r->category.len > 0 && sb_add(&r->category, ";", 1) == -1) ||
		    sb_str(&r->category, s) == -1)
			return -1;
	}
	if (r->category.len > 0)
		*category = r->category.s;
	return 0;
}

static int
main_entry(struct ftm_reader *r, json_t *root, json_t *props,
    const char *schema, const char *id, enum match_kind kind)
{
	static const char *const vessel_countries[] = {"flag", "country", NULL};
	static const char *const countries[] = {
		"nationality", "citizenship", "country", "jurisdiction", NULL
	};
	struct wl_entry e;

	memset(&e, 0, sizeof(e));
	e.line = r->line;
	e.id = id;
	e.kind = kind;
	if (name_of(r, root, props, &e.name) == -1)
		return oom(r);
	if (e.name == NULL)
		return reject(r, "%.40s %.80s has no name", schema, id);
	/*
	 * weakAlias too: FtM marks names too short or common to match on
	 * alone, but they are names an officer knows the subject by, and the
	 * matcher weighs a name with birth date and nationality anyway.
	 */
	if (push_aliases(r, props, e.name, "name") == -1 ||
	    push_aliases(r, props, e.name, "alias") == -1 ||
	    push_aliases(r, props, e.name, "weakAlias") == -1 ||
	    push_aliases(r, props, e.name, "previousName") == -1 ||
	    push_all(&r->phones, props, "phone") == -1 ||
	    push_all(&r->emails, props, "email") == -1 ||
	    push_all(&r->addresses, props, "address") == -1)
		return oom(r);
	e.birth_date = birth_date(r, props);
	e.nationality = country_of(props, kind == MATCH_VESSEL ?
	    vessel_countries : countries);
	if (kind == MATCH_PERSON) {
		e.gender = gender_of(props);
		/* Numbers without their country: FtM does not say which state issued them. */
		if (add_docs(r, props, "passportNumber", "P", NULL) == -1 ||
		    add_docs(r, props, "idNumber", "I", NULL) == -1)
			return oom(r);
	} else if (kind == MATCH_VESSEL) {
		if (add_docs(r, props, "imoNumber", "IMO", NULL) == -1 ||
		    add_docs(r, props, "mmsi", "MMSI", NULL) == -1)
			return oom(r);
	}
	if (note_of(r, props, &e.note) == -1 ||
	    category_of(r, props, &e.category) == -1)
		return oom(r);
	e.aliases = r->aliases.v;
	e.naliases = r->aliases.n;
	e.docs = r->docs.v;
	e.ndocs = r->docs.n;
	e.phones = r->phones.v;
	e.nphones = r->phones.n;
	e.emails = r->emails.v;
	e.nemails = r->emails.n;
	e.addresses = r->addresses.v;
	e.naddresses = r->addresses.n;
	return deliver(r, &e);
}

/* Whether s holds w, in any case (strcasestr is not standard). */
static int
has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, w, n) == 0)
			return 1;
	return 0;
}

/*
 * An Identification's free-text type as a document type: travel documents
 * by their letter, anything else an identity number.
 */
static const char *
ident_type(json_t *props)
{
	const char *s = prop_first(props, "type");

	if (s == NULL)
		return "I";
	if (has_word(s, "passport"))
		return "P";
	if (has_word(s, "visa"))
		return "V";
	return "I";
}

/* One part per holder (merged entities can have two), on the holder's id. */
static int
deliver_parts(struct ftm_reader *r, json_t *props, const char *prop,
    struct wl_entry *e)
{
	const char *holder;

	for (size_t i = 0, n = prop_len(props, prop); i < n; i++) {
		if ((holder = ref_at(props, prop, i)) == NULL)
			continue;
		e->id = holder;
		if (deliver(r, e) == -1)
			return -1;
	}
	return 0;
}

static int
has_ref(json_t *props, const char *prop)
{
	for (size_t i = 0, n = prop_len(props, prop); i < n; i++)
		if (ref_at(props, prop, i) != NULL)
			return 1;
	return 0;
}

/* A Passport or Identification: documents for the entity it names. */
static int
doc_part(struct ftm_reader *r, json_t *props, const char *schema,
    const char *id, enum ftm_role role)
{
	static const char *const countries[] = {"country", NULL};
	const char *type = role == FTM_PASSPORT ? "P" : ident_type(props);
	const char *country = country_of(props, countries);
	struct wl_entry e;

	if (!has_ref(props, "holder"))
		return reject(r, "%.40s %.80s has no holder", schema, id);
	/* Older FtM wrote a passport's number as passportNumber. */
	if (add_docs(r, props, "number", type, country) == -1 ||
	    (role == FTM_PASSPORT &&
	    add_docs(r, props, "passportNumber", type, country) == -1))
		return oom(r);
	if (r->docs.n == 0)
		return reject(r, "%.40s %.80s has no number", schema, id);
	memset(&e, 0, sizeof(e));
	e.line = r->line;
	/* The loader takes the kind from the entry the part joins. */
	e.kind = MATCH_PERSON;
	e.part = 1;
	e.docs = r->docs.v;
	e.ndocs = r->docs.n;
	return deliver_parts(r, props, "holder", &e);
}

/*
 * A Sanction: its programme and reason as a note on the entity it names,
 * which the loader joins to the entity's own note. A sanction that says
 * neither adds nothing an officer could read.
 */
static int
sanction_part(struct ftm_reader *r, json_t *props, const char *id)
{
	const char *program = prop_first(props, "program");
	const char *authority = prop_first(props, "authority");
	const char *reason = prop_first(props, "reason");
	struct wl_entry e;

	if (!has_ref(props, "entity"))
		return reject(r, "Sanction %.80s has no entity", id);
	if (program == NULL && authority == NULL && reason == NULL)
		return 0;
	sb_reset(&r->note);
	if (sb_str(&r->note, "sanction") == -1 ||
	    (authority != NULL && (sb_add(&r->note, " ", 1) == -1 ||
	    sb_str(&r->note, authority) == -1)) ||
	    (program != NULL && (sb_add(&r->note, ": ", 2) == -1 ||
	    sb_str(&r->note, program) == -1)) ||
	    (reason != NULL && (sb_add(&r->note, ": ", 2) == -1 ||
	    sb_str(&r->note, reason) == -1)))
		return oom(r);
	sb_shorten(&r->note);
	memset(&e, 0, sizeof(e));
	e.line = r->line;
	e.kind = MATCH_PERSON;
	e.part = 1;
	e.note = r->note.s;
	return deliver_parts(r, props, "entity", &e);
}

static int
entity(struct ftm_reader *r, json_t *root)
{
	const char *id, *schema;
	json_t *props;
	size_t i;

	if (!json_is_object(root))
		return reject(r, "not a JSON object");
	id = json_string_value(json_object_get(root, "id"));
	schema = json_string_value(json_object_get(root, "schema"));
	if (id == NULL || blank(id))
		return reject(r, "the entity has no id");
	if (schema == NULL || blank(schema))
		return reject(r, "entity %.80s has no schema", id);
	props = json_object_get(root, "properties");
	/* From here a rejected entity is one the list may hold already. */
	r->id = id;
	if (props != NULL && !json_is_object(props))
		return reject(r, "entity %.80s: properties is not an object", id);

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (strcmp(schema, schemas[i].schema) == 0)
			break;
	/* Links, addresses, assets...: not errors, just nothing to screen. */
	if (i == sizeof(schemas) / sizeof(schemas[0]))
		return 0;
	r->aliases.n = r->phones.n = r->emails.n = r->addresses.n = 0;
	r->docs.n = 0;
	switch (schemas[i].role) {
	case FTM_ENTRY:
		return main_entry(r, root, props, schema, id, schemas[i].kind);
	case FTM_PASSPORT:
	case FTM_IDENTIFICATION:
		r->id = NULL;
		return doc_part(r, props, schema, id, schemas[i].role);
	case FTM_SANCTION:
		r->id = NULL;
		return sanction_part(r, props, id);
	}
	return 0;
}

static int
line_add(struct ftm_reader *r, const char *s, size_t n)
{
	if (r->too_long)
		return 0;
	if (r->blen + n > FTM_LINE_MAX) {
		r->too_long = 1;
		return 0;
	}
	if (r->blen + n + 1 > r->bcap) {
		size_t cap = r->bcap == 0 ? FTM_CHUNK : r->bcap;
		char *nb;

		while (cap < r->blen + n + 1)
			cap *= 2;
		if (cap > FTM_LINE_MAX + 1)
			cap = FTM_LINE_MAX + 1;
		if ((nb = realloc(r->buf, cap)) == NULL)
			return oom(r);
		r->buf = nb;
		r->bcap = cap;
	}
	memcpy(r->buf + r->blen, s, n);
	r->blen += n;
	return 0;
}

/*
 * The next line into buf, without its newline: 1, 0 at the end, -1 on an
 * error. Not getline(): it would hold a line of any length before it could
 * be refused; this stops storing at FTM_LINE_MAX and skips the rest.
 */
static int
read_line(struct ftm_reader *r)
{
	int got = 0;

	r->blen = 0;
	r->too_long = 0;
	r->ended = 0;
	for (;;) {
		const char *s, *nl;
		size_t n, k;

		if (r->pos == r->len) {
			if (r->eof)
				return got;
			r->pos = 0;
			if ((r->len = fread(r->chunk, 1, FTM_CHUNK, r->in)) == 0) {
				if (ferror(r->in))
					return wl_read_failed(r->err, r->line + 1,
					    errno);
				r->eof = 1;
				return got;
			}
		}
		got = 1;
		s = r->chunk + r->pos;
		n = r->len - r->pos;
		nl = memchr(s, '\n', n);
		k = nl != NULL ? (size_t)(nl - s) : n;
		if (line_add(r, s, k) == -1)
			return -1;
		r->pos += nl != NULL ? k + 1 : k;
		if (nl != NULL) {
			r->ended = 1;
			return 1;
		}
	}
}

static int
read_entity(struct ftm_reader *r)
{
	json_error_t jerr;
	json_t *root;
	const char *s = r->buf;
	size_t n = r->blen;
	int rc;

	r->id = NULL;
	if (r->too_long)
		return reject(r, "longer than %d MiB: not an entity",
		    FTM_LINE_MAX / (1024 * 1024));
	if (n > 0 && s[n - 1] == '\r')
		n--;
	/* A file saved by an editor may begin with a byte order mark. */
	if (r->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	if (n == 0)
		return 0;
	/*
	 * The last line, without its line end, and not whole JSON: the file
	 * was cut inside an entity. Loaded, the entities after it would be
	 * withdrawn.
	 */
	if ((root = json_loadb(s, n, 0, &jerr)) == NULL && !r->ended)
		return vb_err_at(r->err, VB_ESYNTAX, -1, "", (int)r->line,
		    "line %ld: the file ends in the middle of this entity (not"
		    " whole JSON, no line end): is it cut short?", r->line);
	if (root == NULL)
		return reject(r, "not JSON: %s (column %d)", jerr.text,
		    jerr.column);
	rc = entity(r, root);
	r->id = NULL;	/* root's */
	json_decref(root);
	return rc;
}

static void
reader_free(struct ftm_reader *r)
{
	free(r->category.s);
	free(r->note.s);
	free(r->name.s);
	free(r->docs.v);
	free(r->addresses.v);
	free(r->emails.v);
	free(r->phones.v);
	free(r->aliases.v);
	free(r->buf);
	free(r->chunk);
}

long
wl_read_ftm(FILE *in, wl_entry_fn on_entry, wl_reject_fn on_reject,
    void *arg, struct vb_error *err)
{
	struct wl_sink sink = {on_entry, on_reject, NULL, arg};

	return wl_ftm_read(in, &sink, err);
}

long
wl_ftm_read(FILE *in, const struct wl_sink *sink, struct vb_error *err)
{
	struct ftm_reader r;
	long rc = -1;
	int got;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.sink = sink;
	r.err = err;
	if ((r.chunk = malloc(FTM_CHUNK)) == NULL) {
		oom(&r);
		goto done;
	}
	while ((got = read_line(&r)) == 1) {
		r.line++;
		if (read_entity(&r) == -1)
			goto done;
	}
	if (got == -1)
		goto done;
	rc = r.delivered;
done:
	reader_free(&r);
	return rc;
}
