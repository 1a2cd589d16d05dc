#include "match.h"

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "base/hash.h"
#include "base/workers.h"
#include "namesim.h"
#include "norm/norm.h"

/*
 * Calibration. A score reads as the probability that subject and entry are
 * one person (organisation, vessel) on the evidence the explanation shows.
 * Names count through their similarity s (namesim_compare, best pair of
 * names and aliases) and, from NAMESIM_SAME on, through how far s lies
 * towards 1: t = (s - NAMESIM_SAME) / (1 - NAMESIM_SAME).
 *
 *   evidence                                          score
 *   document number, compatible issuing country       0.98
 *     and a name from NAMESIM_SAME on                 0.99
 *   name, birth dates equal                           0.90 + 0.07 t
 *   name, day and month swapped                       0.82 + 0.08 t
 *   name, one year off, day and month equal           0.80 + 0.08 t
 *   name, same year, a side gives no day              0.80 + 0.08 t
 *   name, birth date unknown on a side                0.70 + 0.10 t
 *   organisation or vessel, by name                   0.70 + 0.20 t
 *   name, one year off, a side gives no day           0.65 + 0.10 t
 *   name, birth dates contradict                      0.35 + 0.10 t
 *   name under NAMESIM_SAME, no document              0.60 s / NAMESIM_SAME
 *   each contradiction besides                        -0.10
 *     (nationality, gender; the birth date beside a document or a name
 *     under NAMESIM_SAME)
 *
 * Why these: the names-only row starts at MATCH_THRESHOLD, so names alone
 * alert exactly when namesim takes them for one name (`names compare`
 * relies on it), and ends at 0.80 since many people share a name; a
 * company's or a ship's name is all there is to know of it and is
 * registered to be distinct, so its equal name reaches 0.90. Equal
 * full birth dates are a coincidence of about one in 20,000 between
 * strangers of an age, which lifts any name match high. A swapped day and
 * month or a year one off are common keying errors (US and European date
 * order, a mistyped year): weaker than equality, far from a contradiction.
 * A year alone narrows less. A document number is unique per issuer, so
 * it needs no name. A name under NAMESIM_SAME never alerts on its own,
 * whatever the dates say: twins share a surname and a birth date.
 */
#define SCORE_DOC		0.98
#define SCORE_DOC_NAME		0.99
#define SCORE_NAME_WEAK		0.60
#define PENALTY_CONTRADICTION	0.10

enum dob_agreement {
	DOB_UNKNOWN,	/* a side gives no year (or no birth dates apply) */
	DOB_EQUAL,	/* full dates, equal */
	DOB_SWAPPED,	/* full dates, day and month swapped */
	DOB_YEAR_OFF,	/* full dates, one year apart, day and month equal */
	DOB_PARTIAL,	/* same year, months compatible, a side gives no day */
	DOB_YEAR_NEAR,	/* one year apart, a side gives no day */
	DOB_DIFFERS,
};

/* A name match's score: base at NAMESIM_SAME, base + span at 1. */
static const struct level {
	double base, span;
} levels[] = {
	[DOB_EQUAL] =		{0.90, 0.07},
	[DOB_SWAPPED] =		{0.82, 0.08},
	[DOB_YEAR_OFF] =	{0.80, 0.08},
	[DOB_PARTIAL] =		{0.80, 0.08},
	[DOB_UNKNOWN] =		{0.70, 0.10},
	[DOB_YEAR_NEAR] =	{0.65, 0.10},
	[DOB_DIFFERS] =		{0.35, 0.10},
};

/* Organisations and vessels have no birth date: their name is the evidence. */
static const struct level org_level = {0.70, 0.20};

/* Document numbers shorter than this collide between issuers too often. */
#define DOC_NUMBER_MIN		5
#define DOC_NUMBER_MAX		64	/* as ingest stores them */

#define NAME_EXPLAIN_MAX	256

/* A document as prepared, and as the index file holds it (no pointer). */
struct pdoc {
	char type[8];
	char country[4];	/* alpha-3, or "" */
	char number[DOC_NUMBER_MAX];
};

struct dob {
	int y, m, d;		/* 0 when not known */
	char text[11];
};

/*
 * A record prepared once, so a query does not redo it per candidate.
 * names[i] is the record's names[i] prepared, NULL when it normalised to
 * nothing: the position tells the name (0) from an alias. An entry of an
 * index read from a file points into the file (entry_prep).
 */
struct prep {
	const struct namesim **names;
	size_t nnames;
	const struct pdoc *docs;
	size_t ndocs;
	char nat[4];		/* alpha-3, or "" */
	struct dob dob;
	enum match_kind kind;
	char gender;		/* M, F, X, or 0 */
	uint8_t nat_iso;	/* nat is an ISO 3166 country: it may contradict */
	uint8_t words;		/* fewest words of a name (worth) */
};

/* Words of a normalised name: tokens longer than an initial. */
static uint8_t
count_words(const char *text)
{
	unsigned n = 0, len = 0;

	for (;; text++) {
		if (*text == ' ' || *text == '\0') {
			n += len > 1;
			len = 0;
			if (*text == '\0')
				break;
		} else
			len++;
	}
	return (uint8_t)(n < UINT8_MAX ? n : UINT8_MAX);
}

static int
prep_names(const struct match_record *r, struct prep *p)
{
	if (r->names == NULL || r->nnames == 0)
		return 0;
	if ((p->names = calloc(r->nnames, sizeof(*p->names))) == NULL)
		return -1;
	p->nnames = r->nnames;
	for (size_t i = 0; i < r->nnames; i++) {
		struct namesim *n;
		size_t keyed;
		uint8_t w;

		if (r->names[i] == NULL)
			continue;
		if ((n = namesim_new(r->names[i], r->kind)) == NULL)
			return -1;
		/* Nothing to compare: leave the slot empty. */
		if (namesim_text(n)[0] == '\0') {
			namesim_free(n);
			continue;
		}
		p->names[i] = n;
		/* An organisation's words: those that file it (worth). */
		if (r->kind == MATCH_PERSON)
			w = count_words(namesim_text(n));
		else if ((keyed = namesim_keyed_words(n)) < UINT8_MAX)
			w = (uint8_t)keyed;
		else
			w = UINT8_MAX;
		if (w < p->words)
			p->words = w;
	}
	return 0;
}

/* A country as norm_country has it into out, "" when none. */
static void
prep_country(const char *code, char out[4])
{
	const char *c = norm_country(code);

	if (c == NULL || strlcpy(out, c, 4) >= 4)
		out[0] = '\0';
}

static int
prep_docs(const struct match_record *r, struct prep *p)
{
	struct pdoc *docs;

	if (r->docs == NULL || r->ndocs == 0)
		return 0;
	if ((docs = calloc(r->ndocs, sizeof(*docs))) == NULL)
		return -1;
	p->docs = docs;
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct match_doc *d = &r->docs[i];
		struct pdoc *pd = &docs[p->ndocs];

		if (d->number == NULL || norm_document(d->number, pd->number,
		    sizeof(pd->number)) == -1 ||
		    strlen(pd->number) < DOC_NUMBER_MIN)
			continue;
		if (d->type != NULL && strlen(d->type) < sizeof(pd->type))
			memcpy(pd->type, d->type, strlen(d->type) + 1);
		prep_country(d->country, pd->country);
		p->ndocs++;
	}
	if (p->ndocs == 0) {
		free(docs);
		p->docs = NULL;
	}
	return 0;
}

/* n digits that norm_date has checked. */
static int
number(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * A birth date as norm_date reads it, but a two-digit year is unknown
 * here: the matcher has no today to resolve it against, so one read with
 * two reference years must agree.
 */
static void
prep_dob(const char *s, struct dob *d)
{
	char other[11];

	memset(d, 0, sizeof(*d));
	if (s == NULL || norm_date(s, NORM_PAST, 2000, d->text) == -1 ||
	    norm_date(s, NORM_PAST, 2100, other) == -1 ||
	    strcmp(d->text, other) != 0) {
		d->text[0] = '\0';
		return;
	}
	d->y = number(d->text, 4);
	if (strlen(d->text) >= 7)
		d->m = number(d->text + 5, 2);
	if (strlen(d->text) == 10)
		d->d = number(d->text + 8, 2);
}

/* What prep_make made: its own, const only to those who read it. */
static void
prep_free(struct prep *p)
{
	for (size_t i = 0; i < p->nnames; i++)
		namesim_free((struct namesim *)p->names[i]);
	free(p->names);
	free((struct pdoc *)p->docs);
	memset(p, 0, sizeof(*p));
}

static int
prep_make(const struct match_record *r, struct prep *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = r->kind;
	p->words = UINT8_MAX;
	if (prep_names(r, p) == -1 || prep_docs(r, p) == -1) {
		prep_free(p);
		return -1;
	}
	/* Birth dates and gender are a person's. */
	if (r->kind == MATCH_PERSON) {
		prep_dob(r->birth_date, &p->dob);
		p->gender = norm_gender(r->gender);
	}
	prep_country(r->nationality, p->nat);
	p->nat_iso = p->nat[0] != '\0' && norm_country_alpha2(p->nat) != NULL;
	return 0;
}

/* The explanation grows part by part; what does not fit is left out. */
struct expl {
	char *buf;
	size_t size, len;
};

static void expl_add(struct expl *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
expl_add(struct expl *x, const char *fmt, ...)
{
	va_list ap;
	size_t start = x->len;
	int n;

	if (x->buf == NULL || x->size - x->len < 3)
		return;
	if (x->len > 0) {
		memcpy(x->buf + x->len, "; ", 3);
		x->len += 2;
	}
	va_start(ap, fmt);
	n = vsnprintf(x->buf + x->len, x->size - x->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= x->size - x->len) {
		x->len = start;		/* a part cut short would mislead */
		x->buf[start] = '\0';
		x->size = start + 1;	/* and no later part fits either */
		return;
	}
	x->len += (size_t)n;
}

struct name_hit {
	double sim;
	size_t si, ei;		/* subject's and entry's name */
};

/* The most similar pair of names; on a tie the first (the name, not an alias). */
static struct name_hit
best_name(const struct prep *s, const struct prep *e)
{
	struct name_hit h = {0.0, 0, 0};

	for (size_t i = 0; i < s->nnames; i++) {
		if (s->names[i] == NULL)
			continue;
		for (size_t j = 0; j < e->nnames && h.sim < 1.0; j++) {
			double sim;

			if (e->names[j] == NULL)
				continue;
			sim = namesim_compare(s->names[i], e->names[j], NULL, 0);
			if (sim > h.sim)
				h = (struct name_hit){sim, i, j};
		}
	}
	return h;
}

static int
countries_agree(const char *a, const char *b)
{
	return a[0] == '\0' || b[0] == '\0' || strcmp(a, b) == 0;
}

/* The entry's document whose number the subject carries, or NULL. */
static const struct pdoc *
doc_match(const struct prep *s, const struct prep *e, const char **country)
{
	for (size_t i = 0; i < s->ndocs; i++) {
		for (size_t j = 0; j < e->ndocs; j++) {
			const struct pdoc *sd = &s->docs[i], *ed = &e->docs[j];

			if (strcmp(sd->number, ed->number) != 0 ||
			    !countries_agree(sd->country, ed->country))
				continue;
			*country = ed->country[0] != '\0' ? ed->country :
			    sd->country[0] != '\0' ? sd->country : NULL;
			return ed;
		}
	}
	return NULL;
}

static enum dob_agreement
dob_compare(const struct dob *a, const struct dob *b)
{
	int dy;

	if (a->y == 0 || b->y == 0)
		return DOB_UNKNOWN;
	dy = a->y - b->y;
	if (a->d && b->d) {
		if (a->m == b->m && a->d == b->d)
			return dy == 0 ? DOB_EQUAL :
			    dy == 1 || dy == -1 ? DOB_YEAR_OFF : DOB_DIFFERS;
		/* 1970-03-05 and 1970-05-03, never 1970-03-03 */
		if (dy == 0 && a->m == b->d && a->d == b->m)
			return DOB_SWAPPED;
		return DOB_DIFFERS;
	}
	if (a->m && b->m && a->m != b->m)
		return DOB_DIFFERS;
	return dy == 0 ? DOB_PARTIAL : dy == 1 || dy == -1 ? DOB_YEAR_NEAR :
	    DOB_DIFFERS;
}

/* The level of a name match: by birth dates for persons, by name alone else. */
static const struct level *
level_of(enum match_kind kind, enum dob_agreement dob)
{
	return kind == MATCH_PERSON ? &levels[dob] : &org_level;
}

/* The score of a name match (sim from NAMESIM_SAME on). */
static double
name_score(double sim, enum match_kind kind, enum dob_agreement dob)
{
	const struct level *l = level_of(kind, dob);
	double t = (sim - NAMESIM_SAME) / (1.0 - NAMESIM_SAME);

	if (t > 1.0)
		t = 1.0;
	return l->base + l->span * t;
}

static void
explain_doc(struct expl *x, const struct pdoc *d, const char *country)
{
	expl_add(x, "document %s%s%s%s%s equal", d->type,
	    d->type[0] != '\0' ? " " : "", country != NULL ? country : "",
	    country != NULL ? " " : "", d->number);
}

/* namesim says how the names compare; the matcher says which names. */
static void
explain_name(struct expl *x, const struct prep *s, const struct prep *e,
    const struct name_hit *h)
{
	const char *what = h->ei > 0 ? "alias" : "name";
	char why[NAME_EXPLAIN_MAX];

	if (x->buf == NULL)
		return;
	(void)namesim_compare(s->names[h->si], e->names[h->ei], why,
	    sizeof(why));
	if (why[0] == '\0')
		(void)snprintf(why, sizeof(why), "%s ~ %s",
		    namesim_text(s->names[h->si]),
		    namesim_text(e->names[h->ei]));
	expl_add(x, "%s%s %s", what, h->sim < NAMESIM_SAME ? " unlike" : "",
	    why);
}

static void
explain_dob(struct expl *x, const struct dob *s, const struct dob *e,
    enum dob_agreement dob)
{
	static const char *const what[] = {
		[DOB_SWAPPED] = "birth date day/month swapped",
		[DOB_YEAR_OFF] = "birth date one year off",
		[DOB_PARTIAL] = "birth year equal",
		[DOB_YEAR_NEAR] = "birth year one off",
		[DOB_DIFFERS] = "birth date differs",
	};

	switch (dob) {
	case DOB_EQUAL:
		expl_add(x, "birth date equal %s", s->text);
		break;
	case DOB_UNKNOWN:
		expl_add(x, "birth date unknown");
		break;
	default:
		expl_add(x, "%s (traveller %s, list %s)", what[dob], s->text,
		    e->text);
	}
}

/*
 * Nationality and gender only count when both sides give one: a country
 * outside ISO 3166 (stateless, refugee, XXX) and gender X never contradict.
 */
static double
contradictions(struct expl *x, const struct prep *s, const struct prep *e)
{
	double penalty = 0.0;

	if (s->nat[0] != '\0' && e->nat[0] != '\0') {
		if (strcmp(s->nat, e->nat) == 0)
			expl_add(x, "nationality %s equal", s->nat);
		else if (s->nat_iso && e->nat_iso) {
			expl_add(x, "nationality differs (traveller %s,"
			    " list %s)", s->nat, e->nat);
			penalty += PENALTY_CONTRADICTION;
		}
	}
	if ((s->gender == 'M' || s->gender == 'F') &&
	    (e->gender == 'M' || e->gender == 'F') && s->gender != e->gender) {
		expl_add(x, "gender differs (traveller %c, list %c)", s->gender,
		    e->gender);
		penalty += PENALTY_CONTRADICTION;
	}
	return penalty;
}

/*
 * Scores a prepared pair. A pair that cannot reach floor even with equal
 * names scores 0 without comparing the names, which are most of the cost:
 * a query's candidates are mostly someone else born on another day.
 */
static double
pair_score(const struct prep *s, const struct prep *e, double floor,
    char *buf, size_t bufsz)
{
	struct expl x = {buf, bufsz, 0};
	const struct pdoc *doc;
	const char *country = NULL;
	struct name_hit name;
	enum dob_agreement dob;
	double score, penalty;

	if (buf != NULL && bufsz > 0)
		buf[0] = '\0';
	if (s->kind != e->kind)
		return 0.0;
	doc = doc_match(s, e, &country);
	dob = dob_compare(&s->dob, &e->dob);
	if (floor > 0.0) {
		double best = doc != NULL ? SCORE_DOC_NAME :
		    level_of(s->kind, dob)->base + level_of(s->kind, dob)->span;

		best -= contradictions(&(struct expl){NULL, 0, 0}, s, e);
		if (round(best * 10000.0) / 10000.0 < floor)
			return 0.0;
	}
	name = best_name(s, e);
	if (doc != NULL) {
		explain_doc(&x, doc, country);
		score = name.sim >= NAMESIM_SAME ? SCORE_DOC_NAME : SCORE_DOC;
	} else if (name.sim >= NAMESIM_SAME)
		score = name_score(name.sim, s->kind, dob);
	else
		score = SCORE_NAME_WEAK * name.sim / NAMESIM_SAME;
	if (name.sim > 0.0)
		explain_name(&x, s, e, &name);
	if (s->kind == MATCH_PERSON)
		explain_dob(&x, &s->dob, &e->dob, dob);
	penalty = contradictions(&x, s, e);
	/* The name's row has already weighed the birth date. */
	if (dob == DOB_DIFFERS && (doc != NULL || name.sim < NAMESIM_SAME))
		penalty += PENALTY_CONTRADICTION;
	score -= penalty;
	if (score < 0.0)
		score = 0.0;
	if (score > 1.0)
		score = 1.0;
	/* Four places, as stored: no 0.6999... under a 0.70 threshold. */
	return round(score * 10000.0) / 10000.0;
}

double
match_score(const struct match_record *subject,
    const struct match_record *entry, char *expl, size_t explsz)
{
	struct prep s, e;
	double score = 0.0;

	if (expl != NULL && explsz > 0)
		expl[0] = '\0';
	if (prep_make(subject, &s) == -1)
		return 0.0;
	if (prep_make(entry, &e) == 0) {
		score = pair_score(&s, &e, 0.0, expl, explsz);
		prep_free(&e);
	}
	prep_free(&s);
	return score;
}

/*
 * The index. Every entry is filed under blocking keys, and a query compares
 * the subject only with entries found under its own keys:
 *
 *   D  a document number (normalised; the country is checked in scoring)
 *   F  a name key (namesim_keys) and the full birth date
 *   A  a name key and the birth year, of an entry with a full date
 *   Y  a name key and the birth year, of an entry with a year (and month)
 *   U  a name key, of an entry without a birth date
 *   O  a name key and the kind, of an organisation or a vessel
 *
 * A person is compared with persons only, an organisation with
 * organisations and a vessel with vessels (pair_score), so their keys are
 * apart: a shipment party never reads the lists of the persons who share
 * its words, nor a traveller those of companies. Dates say nothing of an
 * organisation: O has none.
 *
 * Only a birth date that agrees (equal, day and month swapped, one year
 * off, or the year where a side gives no more) lets a name alert, so a
 * subject born on y-m-d reads F for that date, its swap and the same day
 * a year either side, Y for y - 1 .. y + 1, and U. An entry born on
 * another day cannot alert on its name, and its document still finds it
 * (D). A subject with a year only reads A and Y around it; one without a
 * date, every year.
 *
 * Nor is every list read (choose_anchors, worth): of each word of a
 * person's name only its rarest key (the anchor), whose entries must then
 * share a key with a second word too; of the other keys only lists of at
 * most KEY_ALONE_MAX entries (for a subject without a birth date, a key's
 * lists of every year together), which make candidates alone. A list of more
 * than KEY_READ_MAX entries is never read (a key that many share says
 * nothing). A document's list always counts alone.
 *
 * Keys are kept as 64-bit hashes only: two keys that collide add
 * candidates that scoring rejects, and the index does not hold a million
 * entries' key strings.
 */
#define KEY_ALONE_MAX	4
#define KEY_READ_MAX	100000
#define YEAR_SPREAD	1
#define SLOT_INLINE	2		/* positions held in the slot itself */
#define DAY(y, m, d)	((y) * 10000 + (m) * 100 + (d))

struct slot {
	uint64_t key;			/* 0: empty */
	uint32_t n, cap;
	union {
		uint32_t in[SLOT_INLINE];
		uint32_t *out;		/* n > SLOT_INLINE */
	} pos;
};

/*
 * An entry's name keys as a small Bloom filter: whether it shares a key
 * with the subject, checked without reading that key's list (2 bits per
 * key; a false "yes" only adds a candidate). An organisation of three
 * words has some thirty keys: in 256 bits, one key of another word in
 * twenty seemed shared, and entries that share one word (ATLANTA ... LLC)
 * share those false answers all together; 512 make them four times rarer.
 */
#define SIG_WORDS	8		/* 512 bits */

struct ientry {
	long long id;
	uint64_t sig[SIG_WORDS];
	struct prep p;
};

/*
 * An index is built (entries and slots in memory, match_index_add) or
 * read from a file (match_index_load): then it is the file itself, mapped
 * read only, its entries (struct mentry) and slots (struct mslot) used
 * where they lie. Reading a million entries back into memory of the
 * process's own cost seconds of fresh pages (on a virtual machine, where
 * every new page is the host's to give, 5 to 7 s of an hourly run); a
 * mapping costs nothing but the file's pages, which the page cache holds
 * and every process that maps the file shares.
 */
struct mentry;
struct mslot;

struct match_index {
	struct ientry *entries;
	size_t n, cap;
	struct slot *slots;
	size_t nslots, nkeys;		/* nslots: 0 or a power of two */
	int ymin, ymax;			/* the birth years filed, for queries without one */
	/* read from a file: */
	const unsigned char *map;	/* the file, or NULL */
	size_t mapsize;
	const struct mentry *ment;	/* n of them */
	const struct mslot *mslots;	/* nslots of them */
	const uint32_t *mpos;		/* the positions of lists over one long */
};

/* A key's list of entry positions. */
struct plist {
	const uint32_t *pos;
	uint32_t n;
};

/* Hashes a name key's text, before the family is mixed in. */
static uint64_t
text_hash(const char *s)
{
	return hash_add(HASH_START, s, strlen(s));
}

/* The key of a family (D, F, A, Y, U), a text hash and a date (DAY or year). */
static uint64_t
key_of(char family, uint64_t text, int date)
{
	uint64_t h = text ^ ((uint64_t)(unsigned char)family << 56) ^
	    (uint64_t)(unsigned)date * 0x9e3779b97f4a7c15ULL;

	/* splitmix64's finaliser: linear probing wants every bit mixed */
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h != 0 ? h : 1;
}

static const struct slot *
slot_find(const struct match_index *ix, uint64_t key)
{
	size_t mask = ix->nslots - 1;

	if (ix->nslots == 0)
		return NULL;
	for (size_t i = key & mask;; i = (i + 1) & mask) {
		if (ix->slots[i].key == key)
			return &ix->slots[i];
		if (ix->slots[i].key == 0)
			return NULL;
	}
}

static const uint32_t *
slot_positions(const struct slot *sl)
{
	return sl->n <= SLOT_INLINE ? sl->pos.in : sl->pos.out;
}

static int
slots_grow(struct match_index *ix)
{
	size_t ns = ix->nslots == 0 ? 1024 : ix->nslots * 2, mask = ns - 1;
	struct slot *s;

	if ((s = calloc(ns, sizeof(*s))) == NULL)
		return -1;
	for (size_t i = 0; i < ix->nslots; i++) {
		size_t j;

		if (ix->slots[i].key == 0)
			continue;
		for (j = ix->slots[i].key & mask; s[j].key != 0;
		    j = (j + 1) & mask)
			;
		s[j] = ix->slots[i];
	}
	free(ix->slots);
	ix->slots = s;
	ix->nslots = ns;
	return 0;
}

/* Files entry position pos under key. 0, or -1 out of memory. */
static int
slot_add(struct match_index *ix, uint64_t key, uint32_t pos)
{
	struct slot *sl;
	size_t mask;

	/* At most 70% full, so that a probe ends soon. */
	if ((ix->nkeys + 1) * 10 > ix->nslots * 7 && slots_grow(ix) == -1)
		return -1;
	mask = ix->nslots - 1;
	for (sl = &ix->slots[key & mask]; sl->key != 0 && sl->key != key;
	    sl = &ix->slots[(size_t)(sl - ix->slots + 1) & mask])
		;
	if (sl->key == 0) {
		sl->key = key;
		ix->nkeys++;
	}
	if (sl->n < SLOT_INLINE) {
		sl->pos.in[sl->n++] = pos;
		return 0;
	}
	if (sl->n == SLOT_INLINE || sl->n == sl->cap) {
		uint32_t cap = sl->n == SLOT_INLINE ? 8 : sl->cap * 2;
		uint32_t *np, in[SLOT_INLINE];

		if (sl->n == SLOT_INLINE) {
			memcpy(in, sl->pos.in, sizeof(in));
			if ((np = reallocarray(NULL, cap, sizeof(*np))) == NULL)
				return -1;
			memcpy(np, in, sizeof(in));
		} else if ((np = reallocarray(sl->pos.out, cap,
		    sizeof(*np))) == NULL)
			return -1;
		sl->pos.out = np;
		sl->cap = cap;
	}
	sl->pos.out[sl->n++] = pos;
	return 0;
}

/* Takes pos, the last entry filed, back out of key's list. */
static void
slot_undo(struct match_index *ix, uint64_t key, uint32_t pos)
{
	struct slot *sl = (struct slot *)slot_find(ix, key);

	if (sl == NULL || sl->n == 0 || slot_positions(sl)[sl->n - 1] != pos)
		return;
	if (sl->n == SLOT_INLINE + 1) {
		uint32_t *out = sl->pos.out;

		memcpy(sl->pos.in, out, sizeof(sl->pos.in));
		free(out);
		sl->cap = 0;
	}
	sl->n--;
	/* An emptied slot keeps its key: removing it would break probing. */
}

/* A growing array of 64-bit keys. */
struct keys {
	uint64_t *k;
	size_t n, cap;
};

static int
keys_push(struct keys *ks, uint64_t k)
{
	if (ks->n == ks->cap) {
		size_t cap = ks->cap == 0 ? 32 : ks->cap * 2;
		uint64_t *nk = reallocarray(ks->k, cap, sizeof(*nk));

		if (nk == NULL)
			return -1;
		ks->k = nk;
		ks->cap = cap;
	}
	ks->k[ks->n++] = k;
	return 0;
}

static int
name_key_cb(void *arg, const char *key)
{
	return keys_push(arg, text_hash(key));
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void
keys_unique(struct keys *ks)
{
	size_t n = 0;

	if (ks->n == 0)
		return;
	qsort(ks->k, ks->n, sizeof(*ks->k), cmp_u64);
	for (size_t i = 1; i < ks->n; i++) {
		if (ks->k[i] != ks->k[n])
			ks->k[++n] = ks->k[i];
	}
	ks->n = n + 1;
}

/*
 * The distinct name keys of all of p's names, as text hashes: those it is
 * filed under, or with query those a query for it looks up.
 */
static int
name_keys(const struct prep *p, int query, struct keys *ks)
{
	for (size_t i = 0; i < p->nnames; i++) {
		if (p->names[i] != NULL && (query ?
		    namesim_query_keys(p->names[i], name_key_cb, ks) :
		    namesim_keys(p->names[i], name_key_cb, ks)) == -1)
			return -1;
	}
	keys_unique(ks);
	return 0;
}

static void
sig_bits(uint64_t text, unsigned *a, unsigned *b)
{
	uint64_t h = key_of('S', text, 0);

	*a = (unsigned)(h & (SIG_WORDS * 64 - 1));
	*b = (unsigned)((h >> 32) & (SIG_WORDS * 64 - 1));
}

static void
sig_add(uint64_t *sig, uint64_t text)
{
	unsigned a, b;

	sig_bits(text, &a, &b);
	sig[a / 64] |= 1ULL << (a % 64);
	sig[b / 64] |= 1ULL << (b % 64);
}

/* Whether sig has both bits of a key (sig_bits). */
static int
sig_at(const uint64_t *sig, unsigned a, unsigned b)
{
	return (sig[a / 64] >> (a % 64) & 1) && (sig[b / 64] >> (b % 64) & 1);
}

/* The keys an entry is filed under, and its name keys' signature. */
static int
entry_keys(const struct prep *p, struct keys *ks, uint64_t *sig)
{
	struct keys names = {NULL, 0, 0};
	int rc = -1;

	if (name_keys(p, 0, &names) == -1)
		goto done;
	for (size_t i = 0; i < names.n; i++) {
		uint64_t t = names.k[i];
		const struct dob *d = &p->dob;

		sig_add(sig, t);
		if (p->kind != MATCH_PERSON) {
			if (keys_push(ks, key_of('O', t, (int)p->kind)) == -1)
				goto done;
		} else if (d->d != 0) {
			if (keys_push(ks, key_of('F', t, DAY(d->y, d->m,
			    d->d))) == -1 ||
			    keys_push(ks, key_of('A', t, d->y)) == -1)
				goto done;
		} else if (keys_push(ks, key_of(d->y != 0 ? 'Y' : 'U', t,
		    d->y)) == -1)
			goto done;
	}
	for (size_t i = 0; i < p->ndocs; i++) {
		if (keys_push(ks, key_of('D', text_hash(p->docs[i].number),
		    0)) == -1)
			goto done;
	}
	keys_unique(ks);
	rc = 0;
done:
	free(names.k);
	return rc;
}

struct match_index *
match_index_new(void)
{
	return calloc(1, sizeof(struct match_index));
}

/* The index's memory given back: it is empty again. */
static void
index_clear(struct match_index *ix)
{
	if (ix->map != NULL) {
		(void)munmap((void *)ix->map, ix->mapsize);
		memset(ix, 0, sizeof(*ix));
		return;
	}
	for (size_t i = 0; i < ix->nslots; i++) {
		if (ix->slots[i].n > SLOT_INLINE)
			free(ix->slots[i].pos.out);
	}
	free(ix->slots);
	for (size_t i = 0; i < ix->n; i++)
		prep_free(&ix->entries[i].p);
	free(ix->entries);
	memset(ix, 0, sizeof(*ix));
}

void
match_index_free(struct match_index *ix)
{
	if (ix == NULL)
		return;
	index_clear(ix);
	free(ix);
}

/* Room for n more entries; 0, or -1 out of memory. */
static int
entries_reserve(struct match_index *ix, size_t n)
{
	size_t cap = ix->cap == 0 ? 64 : ix->cap;
	struct ientry *ne;

	/* Positions are 32 bits in the lists: half the memory of size_t. */
	if (n > UINT32_MAX - ix->n || ix->map != NULL)
		return -1;
	while (cap < ix->n + n)
		cap *= 2;
	if (cap == ix->cap)
		return 0;
	if ((ne = reallocarray(ix->entries, cap, sizeof(*ne))) == NULL)
		return -1;
	ix->entries = ne;
	ix->cap = cap;
	return 0;
}

/*
 * The entry prepared in place after the last (ix->entries[ix->n]) filed
 * under its keys ks, or, out of memory, under none.
 */
static int
file_entry(struct match_index *ix, const struct keys *ks)
{
	const struct ientry *e = &ix->entries[ix->n];
	uint32_t pos = (uint32_t)ix->n;
	size_t i;

	for (i = 0; i < ks->n; i++) {
		if (slot_add(ix, ks->k[i], pos) == -1) {
			while (i-- > 0)
				slot_undo(ix, ks->k[i], pos);
			return -1;
		}
	}
	ix->n++;
	if (e->p.dob.y != 0) {
		if (ix->ymin == 0 || e->p.dob.y < ix->ymin)
			ix->ymin = e->p.dob.y;
		if (e->p.dob.y > ix->ymax)
			ix->ymax = e->p.dob.y;
	}
	return 0;
}

/* Prepares entry record r as e, with the keys it is filed under. */
static int
entry_make(struct ientry *e, long long id, const struct match_record *r,
    struct keys *ks)
{
	e->id = id;
	memset(e->sig, 0, sizeof(e->sig));
	if (prep_make(r, &e->p) == -1)
		return -1;
	if (entry_keys(&e->p, ks, e->sig) == -1) {
		prep_free(&e->p);
		return -1;
	}
	return 0;
}

int
match_index_add(struct match_index *ix, long long entry_id,
    const struct match_record *entry)
{
	struct ientry *e;
	struct keys ks = {NULL, 0, 0};
	int rc = -1;

	if (entries_reserve(ix, 1) == -1)
		return -1;
	e = &ix->entries[ix->n];
	if (entry_make(e, entry_id, entry, &ks) == -1)
		goto done;
	if ((rc = file_entry(ix, &ks)) == -1)
		prep_free(&e->p);
done:
	free(ks.k);
	return rc;
}

/*
 * Adding many entries: each core prepares a share of them (their names'
 * forms and keys, the costly part), then this thread files them in order,
 * so that positions, and so results, are those of adding one by one.
 */
#define PREP_CHUNK	256

struct prep_job {
	const struct match_source *src;
	struct ientry *e;		/* the new entries, src->n */
	struct keys *ks;		/* each one's keys */
	unsigned char *made;		/* each one prepared */
	atomic_size_t next;
	atomic_int failed;
};

static int
prep_one(struct prep_job *j, size_t i)
{
	struct match_record r;
	long long id;
	void *mem = NULL;
	int rc;

	if (j->src->get(j->src->arg, i, &id, &r, &mem) == -1)
		return -1;
	rc = entry_make(&j->e[i], id, &r, &j->ks[i]);
	if (j->src->put != NULL)
		j->src->put(j->src->arg, mem);
	if (rc == 0)
		j->made[i] = 1;
	return rc;
}

static void *
prep_worker(void *arg)
{
	struct prep_job *j = arg;
	size_t first;

	while (!atomic_load(&j->failed) &&
	    (first = atomic_fetch_add(&j->next, PREP_CHUNK)) < j->src->n) {
		size_t end = j->src->n - first < PREP_CHUNK ? j->src->n :
		    first + PREP_CHUNK;

		for (size_t i = first; i < end; i++) {
			if (prep_one(j, i) == -1) {
				atomic_store(&j->failed, 1);
				break;
			}
		}
	}
	return NULL;
}

int
match_index_add_all(struct match_index *ix, const struct match_source *src)
{
	struct prep_job j = {.src = src};
	size_t i = 0;
	int rc = -1;

	if (src->n == 0)
		return 0;
	if (entries_reserve(ix, src->n) == -1 ||
	    (j.ks = calloc(src->n, sizeof(*j.ks))) == NULL ||
	    (j.made = calloc(src->n, 1)) == NULL)
		goto done;
	j.e = &ix->entries[ix->n];
	atomic_init(&j.next, 0);
	atomic_init(&j.failed, 0);
	workers_run(prep_worker, &j);
	if (atomic_load(&j.failed))
		goto done;
	for (; i < src->n; i++) {
		if (file_entry(ix, &j.ks[i]) == -1)
			goto done;
	}
	rc = 0;
done:
	/* What was prepared and not filed goes. */
	for (size_t k = i; j.made != NULL && k < src->n; k++) {
		if (j.made[k])
			prep_free(&j.e[k].p);
	}
	for (size_t k = 0; j.ks != NULL && k < src->n; k++)
		free(j.ks[k].k);
	free(j.ks);
	free(j.made);
	return rc;
}

size_t
match_index_size(const struct match_index *ix)
{
	return ix->n;
}

/*
 * ---- the index saved and read back ----
 *
 * The file, every part at an offset a multiple of 8 from its start: a
 * head; each entry as a fixed record (struct mentry); the slot table as
 * it is in memory, empty slots and all (struct mslot: a list of one
 * position is held in the slot, a longer one is a run of the positions
 * that follow); those positions; then each entry's documents and its
 * names (namesim_size bytes each, behind their size). A process reads it
 * by mapping it and checking every part once (match_index_load): no entry
 * is filed and no name prepared again, and nothing is copied.
 */
#define FILE_MAGIC	"vborder index 2\n"
#define ALIGN8(x)	(((x) + 7) & ~(uint64_t)7)

struct file_head {
	char magic[16];
	char tag[MATCH_TAG_MAX];
	uint64_t n, nslots, nkeys, npos;
	uint64_t size;				/* the file's */
	uint32_t entry_size, slot_size;	/* this build's layout */
};

struct mentry {
	int64_t id;
	uint64_t sig[SIG_WORDS];
	uint64_t blob;		/* its documents, then its names */
	int32_t y;
	uint16_t nnames, ndocs;
	uint8_t m, d, kind, gender, nat_iso, words;
	char dob[sizeof(((struct dob *)NULL)->text)];
	char nat[4];
};

struct mslot {
	uint64_t key;		/* 0: empty */
	uint32_t n;
	uint32_t at;		/* n == 1: the position; n > 1: its first in mpos */
};

/* A name in the file: its size (0: none), then its bytes. */
struct mname {
	uint32_t size, unused;
};

static uint64_t
file_head_end(void)
{
	return ALIGN8(sizeof(struct file_head));
}

/* Bytes of an entry's documents and names in the file. */
static uint64_t
blob_size(const struct prep *p)
{
	uint64_t size = ALIGN8(p->ndocs * sizeof(struct pdoc));

	for (size_t i = 0; i < p->nnames; i++)
		size += sizeof(struct mname) + (p->names[i] == NULL ? 0 :
		    ALIGN8(namesim_size(p->names[i])));
	return size;
}

static int
write_pad(FILE *f, uint64_t bytes)
{
	static const char zero[8];

	return bytes == 0 || fwrite(zero, bytes, 1, f) == 1 ? 0 : -1;
}

static int
save_entry(const struct ientry *e, uint64_t blob, FILE *f)
{
	const struct prep *p = &e->p;
	struct mentry me;

	memset(&me, 0, sizeof(me));
	me.id = e->id;
	memcpy(me.sig, e->sig, sizeof(me.sig));
	me.blob = blob;
	me.y = p->dob.y;
	me.m = (uint8_t)p->dob.m;
	me.d = (uint8_t)p->dob.d;
	memcpy(me.dob, p->dob.text, sizeof(me.dob));
	me.nnames = (uint16_t)p->nnames;
	me.ndocs = (uint16_t)p->ndocs;
	me.kind = (uint8_t)p->kind;
	me.gender = (uint8_t)p->gender;
	me.nat_iso = p->nat_iso;
	me.words = p->words;
	memcpy(me.nat, p->nat, sizeof(me.nat));
	return fwrite(&me, sizeof(me), 1, f) == 1 ? 0 : -1;
}

static int
save_blob(const struct prep *p, FILE *f)
{
	uint64_t docs = p->ndocs * sizeof(struct pdoc);

	if ((docs > 0 && fwrite(p->docs, docs, 1, f) != 1) ||
	    write_pad(f, ALIGN8(docs) - docs) == -1)
		return -1;
	for (size_t i = 0; i < p->nnames; i++) {
		struct mname mn = {0, 0};

		if (p->names[i] != NULL)
			mn.size = (uint32_t)namesim_size(p->names[i]);
		if (fwrite(&mn, sizeof(mn), 1, f) != 1 || (mn.size > 0 &&
		    (fwrite(p->names[i], mn.size, 1, f) != 1 ||
		    write_pad(f, ALIGN8(mn.size) - mn.size) == -1)))
			return -1;
	}
	return 0;
}

int
match_index_save(const struct match_index *ix, FILE *f, const char *tag)
{
	struct file_head h;
	uint64_t blob, npos = 0;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, FILE_MAGIC, sizeof(h.magic));
	/* An index read from a file is that file already. */
	if (strlcpy(h.tag, tag, sizeof(h.tag)) >= sizeof(h.tag) ||
	    ix->map != NULL || ix->n > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < ix->nslots; i++)
		npos += ix->slots[i].n > 1 ? ix->slots[i].n : 0;
	if (npos > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	h.n = ix->n;
	h.nslots = ix->nslots;
	h.nkeys = ix->nkeys;
	h.npos = npos;
	h.entry_size = sizeof(struct mentry);
	h.slot_size = sizeof(struct mslot);
	blob = ALIGN8(file_head_end() + h.n * sizeof(struct mentry) +
	    h.nslots * sizeof(struct mslot) + npos * sizeof(uint32_t));
	h.size = blob;
	for (size_t i = 0; i < ix->n; i++)
		h.size += blob_size(&ix->entries[i].p);
	if (fwrite(&h, sizeof(h), 1, f) != 1 ||
	    write_pad(f, file_head_end() - sizeof(h)) == -1)
		return -1;
	for (size_t i = 0; i < ix->n; i++) {
		if (save_entry(&ix->entries[i], blob, f) == -1)
			return -1;
		blob += blob_size(&ix->entries[i].p);
	}
	npos = 0;
	for (size_t i = 0; i < ix->nslots; i++) {
		const struct slot *sl = &ix->slots[i];
		struct mslot ms = {sl->key, sl->n, 0};

		if (sl->n == 1)
			ms.at = sl->pos.in[0];
		else if (sl->n > 1) {
			ms.at = (uint32_t)npos;
			npos += sl->n;
		}
		if (fwrite(&ms, sizeof(ms), 1, f) != 1)
			return -1;
	}
	for (size_t i = 0; i < ix->nslots; i++) {
		const struct slot *sl = &ix->slots[i];

		if (sl->n > 1 && fwrite(slot_positions(sl), sizeof(uint32_t),
		    sl->n, f) != sl->n)
			return -1;
	}
	if (write_pad(f, ALIGN8(npos * sizeof(uint32_t)) -
	    npos * sizeof(uint32_t)) == -1)
		return -1;
	for (size_t i = 0; i < ix->n; i++) {
		if (save_blob(&ix->entries[i].p, f) == -1)
			return -1;
	}
	return fflush(f) == EOF || ferror(f) ? -1 : 0;
}

/* Whether s, of size bytes, holds a string. */
static int
has_nul(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* A country in the file: none, or one norm_country knows. */
static int
country_ok(const char code[4])
{
	return code[0] == '\0' || (has_nul(code, 4) &&
	    norm_country(code) != NULL);
}

/*
 * Whether entry e of a mapped file is one match_index_save could have
 * written: its fields in range, its documents and names inside the file
 * and well formed (namesim_view), so that matching reads nothing else.
 */
static int
mentry_ok(const struct match_index *ix, const struct mentry *e,
    uint64_t blobs)
{
	const struct pdoc *docs;
	uint64_t at = e->blob, end = ix->mapsize;

	if (e->kind > MATCH_VESSEL || e->m > 12 || e->d > 31 ||
	    !has_nul(e->dob, sizeof(e->dob)) || !country_ok(e->nat) ||
	    at < blobs || at % 8 != 0 || at > end ||
	    e->ndocs * sizeof(struct pdoc) > end - at)
		return 0;
	docs = (const struct pdoc *)(ix->map + at);
	for (size_t i = 0; i < e->ndocs; i++) {
		if (!has_nul(docs[i].type, sizeof(docs[i].type)) ||
		    !country_ok(docs[i].country) ||
		    !has_nul(docs[i].number, sizeof(docs[i].number)))
			return 0;
	}
	at += ALIGN8(e->ndocs * sizeof(struct pdoc));
	for (size_t i = 0; i < e->nnames; i++) {
		struct mname mn;
		size_t size;

		if (at > end || sizeof(mn) > end - at)
			return 0;
		memcpy(&mn, ix->map + at, sizeof(mn));
		at += sizeof(mn);
		if (mn.size == 0)
			continue;
		if (namesim_view(ix->map + at, end - at, &size) == NULL ||
		    size != mn.size)
			return 0;
		at += ALIGN8(size);
	}
	return 1;
}

/* Whether the slot table and its positions are whole: every probe ends. */
static int
mslots_ok(const struct match_index *ix, uint64_t npos)
{
	uint64_t keys = 0;

	for (size_t i = 0; i < ix->nslots; i++) {
		const struct mslot *sl = &ix->mslots[i];

		if (sl->key == 0) {
			if (sl->n != 0)
				return 0;
			continue;
		}
		keys++;
		if ((sl->n == 1 && sl->at >= ix->n) ||
		    (sl->n > 1 && (sl->at > npos || sl->n > npos - sl->at)))
			return 0;
	}
	for (uint64_t i = 0; i < npos; i++) {
		if (ix->mpos[i] >= ix->n)
			return 0;
	}
	return keys == ix->nkeys;
}

/* Maps f whole, read only; NULL with errno. */
static const unsigned char *
map_file(FILE *f, size_t *size)
{
	struct stat sb;
	void *m;
	int flags = MAP_PRIVATE;

	if (fstat(fileno(f), &sb) == -1)
		return NULL;
	if (!S_ISREG(sb.st_mode) || sb.st_size < (off_t)file_head_end() ||
	    (uint64_t)sb.st_size > SIZE_MAX) {
		errno = EINVAL;
		return NULL;
	}
#ifdef MAP_POPULATE
	flags |= MAP_POPULATE;	/* the pages all, read once to check them */
#endif
	if ((m = mmap(NULL, (size_t)sb.st_size, PROT_READ, flags, fileno(f),
	    0)) == MAP_FAILED)
		return NULL;
	*size = (size_t)sb.st_size;
	return m;
}

int
match_index_load(struct match_index *ix, FILE *f, const char *tag)
{
	struct file_head h;
	uint64_t at;

	if (ix->n != 0 || ix->nslots != 0 || ix->map != NULL) {
		errno = EINVAL;
		return -1;
	}
	if ((ix->map = map_file(f, &ix->mapsize)) == NULL)
		return -1;
	memcpy(&h, ix->map, sizeof(h));
	if (memcmp(h.magic, FILE_MAGIC, sizeof(h.magic)) != 0 ||
	    !has_nul(h.tag, sizeof(h.tag)))
		goto invalid;
	if (strcmp(h.tag, tag) != 0 ||
	    h.entry_size != sizeof(struct mentry) ||
	    h.slot_size != sizeof(struct mslot)) {
		index_clear(ix);
		return 0;
	}
	/* Sizes first, in an order that cannot overflow. */
	if (h.size != ix->mapsize || h.n > UINT32_MAX ||
	    h.nslots > UINT32_MAX || (h.nslots & (h.nslots - 1)) != 0 ||
	    h.nkeys >= h.nslots + (h.nslots == 0) ||
	    h.nkeys * 10 > h.nslots * 7 || h.npos > UINT32_MAX)
		goto invalid;
	at = file_head_end() + h.n * sizeof(struct mentry);
	ix->ment = (const struct mentry *)(ix->map + file_head_end());
	ix->mslots = (const struct mslot *)(ix->map + at);
	at += h.nslots * sizeof(struct mslot);
	ix->mpos = (const uint32_t *)(ix->map + at);
	at = ALIGN8(at + h.npos * sizeof(uint32_t));
	if (at > h.size)
		goto invalid;
	ix->n = (size_t)h.n;
	ix->nslots = (size_t)h.nslots;
	ix->nkeys = (size_t)h.nkeys;
	if (!mslots_ok(ix, h.npos))
		goto invalid;
	for (size_t i = 0; i < ix->n; i++) {
		const struct mentry *e = &ix->ment[i];

		if (!mentry_ok(ix, e, at))
			goto invalid;
		if (e->y != 0) {
			if (ix->ymin == 0 || e->y < ix->ymin)
				ix->ymin = e->y;
			if (e->y > ix->ymax)
				ix->ymax = e->y;
		}
	}
	return 1;
invalid:
	index_clear(ix);
	errno = EINVAL;
	return -1;
}

/* ---- reading an index, built or mapped ---- */

/* Key's list, 1 when it has one (perhaps emptied: n 0), else 0. */
static int
key_list(const struct match_index *ix, uint64_t key, struct plist *l)
{
	size_t mask = ix->nslots - 1;

	if (ix->nslots == 0)
		return 0;
	if (ix->map == NULL) {
		const struct slot *sl = slot_find(ix, key);

		if (sl == NULL)
			return 0;
		*l = (struct plist){slot_positions(sl), sl->n};
		return 1;
	}
	for (size_t i = key & mask;; i = (i + 1) & mask) {
		const struct mslot *sl = &ix->mslots[i];

		if (sl->key == key) {
			*l = (struct plist){sl->n == 0 ? NULL : sl->n == 1 ?
			    &sl->at : ix->mpos + sl->at, sl->n};
			return 1;
		}
		if (sl->key == 0)
			return 0;
	}
}

static long long
entry_id(const struct match_index *ix, uint32_t pos)
{
	return ix->map != NULL ? ix->ment[pos].id : ix->entries[pos].id;
}

static const uint64_t *
entry_sig(const struct match_index *ix, uint32_t pos)
{
	return ix->map != NULL ? ix->ment[pos].sig : ix->entries[pos].sig;
}

static unsigned
entry_words(const struct match_index *ix, uint32_t pos)
{
	return ix->map != NULL ? ix->ment[pos].words :
	    ix->entries[pos].p.words;
}

/* Room for a mapped entry's prep: its names' pointers. */
struct pview {
	struct prep p;
	const struct namesim **names;
	size_t cap;
};

/*
 * The entry at pos as prepared: a built index's own, or a mapped one's
 * read in place into v (its names' pointers into the file). NULL out of
 * memory.
 */
static const struct prep *
entry_prep(const struct match_index *ix, uint32_t pos, struct pview *v)
{
	const struct mentry *e;
	const unsigned char *at;
	struct prep *p = &v->p;

	if (ix->map == NULL)
		return &ix->entries[pos].p;
	e = &ix->ment[pos];
	if (e->nnames > v->cap) {
		const struct namesim **nn = reallocarray(v->names, e->nnames,
		    sizeof(*nn));

		if (nn == NULL)
			return NULL;
		v->names = nn;
		v->cap = e->nnames;
	}
	memset(p, 0, sizeof(*p));
	at = ix->map + e->blob;
	p->docs = e->ndocs > 0 ? (const struct pdoc *)at : NULL;
	p->ndocs = e->ndocs;
	at += ALIGN8(e->ndocs * sizeof(struct pdoc));
	for (size_t i = 0; i < e->nnames; i++) {
		struct mname mn;

		memcpy(&mn, at, sizeof(mn));
		at += sizeof(mn);
		v->names[i] = mn.size > 0 ? (const struct namesim *)at : NULL;
		at += ALIGN8(mn.size);
	}
	p->names = e->nnames > 0 ? v->names : NULL;
	p->nnames = e->nnames;
	memcpy(p->nat, e->nat, sizeof(p->nat));
	p->dob.y = e->y;
	p->dob.m = e->m;
	p->dob.d = e->d;
	memcpy(p->dob.text, e->dob, sizeof(p->dob.text));
	p->kind = (enum match_kind)e->kind;
	p->gender = (char)e->gender;
	p->nat_iso = e->nat_iso;
	p->words = e->words;
	return p;
}

/*
 * A query's name keys, each with the words of the subject's name it comes
 * from (a bit per word; keys that no single word gives, a compound's,
 * share one more bit) and the spellings of those words. Words count, not
 * keys: namesim gives every word several keys (both spellings, the sound,
 * the first letters with one left out), so two keys in common are often
 * one word in common, and words that begin alike share a key or two.
 */
#define GROUPS_MAX	31
#define GROUP_OTHER	(1u << GROUPS_MAX)
#define SPELLINGS_MAX	32	/* a word in one spelling, anchored */
#define WORDS_MAX	32

struct qkey {
	uint64_t text;		/* text_hash of the key */
	uint32_t groups;	/* the words it comes from */
	uint32_t spellings;	/* the spellings of words it comes from */
	size_t len;		/* entries in its lists that may agree */
	int anchor;		/* its lists are read whole */
	int whole;		/* names sharing it need no other word */
	int first;		/* of a word's first letters */
	unsigned sa, sb;	/* its bits in a signature (sig_bits) */
};

struct qkeys {
	struct qkey *k;
	size_t n, cap;
	uint32_t group, spelling;	/* of the word being collected */
};

/* One list a query may read: a slot and the key it belongs to. */
struct qlist {
	struct plist l;
	size_t key;
};

struct query {
	struct qkeys keys;
	struct qkeys check;	/* keys worth reads, not looked up */
	struct qlist *lists;
	size_t nlists, listcap;
	unsigned words;		/* words that have keys */
	int person;
};

/* Appends key k, its signature bits worked out (its len and anchor 0). */
static int
qkeys_push(struct qkeys *q, struct qkey k)
{
	if (q->n == q->cap) {
		size_t cap = q->cap == 0 ? 32 : q->cap * 2;
		struct qkey *nk = reallocarray(q->k, cap, sizeof(*nk));

		if (nk == NULL)
			return -1;
		q->k = nk;
		q->cap = cap;
	}
	k.len = 0;
	k.anchor = 0;
	sig_bits(k.text, &k.sa, &k.sb);
	q->k[q->n++] = k;
	return 0;
}

static int
word_key_cb(void *arg, const char *key)
{
	struct qkeys *q = arg;

	return qkeys_push(q, (struct qkey){.text = text_hash(key),
	    .groups = q->group, .spellings = q->spelling,
	    .whole = namesim_key_whole(key),
	    .first = namesim_key_first(key)});
}

static int
cmp_qkey(const void *a, const void *b)
{
	const struct qkey *x = a, *y = b;

	return (x->text > y->text) - (x->text < y->text);
}

/* The keys of one word alone, as namesim gives them, under q's bits. */
static int
word_keys(const char *word, enum match_kind kind, struct qkeys *q,
    unsigned *nspell)
{
	struct namesim *n;
	int rc;

	q->spelling = *nspell < SPELLINGS_MAX ? 1u << (*nspell)++ : 0;
	if ((n = namesim_new(word, kind)) == NULL)
		return -1;
	rc = namesim_query_keys(n, word_key_cb, q);
	namesim_free(n);
	return rc;
}

struct form_keys {
	enum match_kind kind;
	struct qkeys *q;
	unsigned *nspell;
};

static int
form_keys_cb(void *arg, const char *form)
{
	struct form_keys *f = arg;

	return word_keys(form, f->kind, f->q, f->nspell);
}

/*
 * Which words of the subject's names give which key: each word in both
 * ICAO spellings (norm_name cuts both into the same words) prepared
 * alone, and each form of it without a glued title (JOHNMR, JOHN) as a
 * spelling of its own: an entry may have that form whole and not one key
 * of the glued word. A name norm_name refuses has one spelling, namesim's
 * text. Sorted by key, a key of several words with all their bits.
 */
static int
word_groups(const struct match_record *r, const struct prep *s,
    struct qkeys *w)
{
	struct norm_name nn;
	char *tp[WORDS_MAX], *tv[WORDS_MAX];
	unsigned ngroups = 0, nspell = 0;
	size_t n = 0;
	struct form_keys fk = {s->kind, w, &nspell};

	for (size_t i = 0; i < s->nnames; i++) {
		size_t np, nv;

		if (s->names[i] == NULL)
			continue;
		if (norm_name(r->names[i], &nn) == -1 ||
		    strcmp(nn.primary, namesim_text(s->names[i])) != 0) {
			(void)strlcpy(nn.primary, namesim_text(s->names[i]),
			    sizeof(nn.primary));
			memcpy(nn.variant, nn.primary, sizeof(nn.variant));
		}
		np = norm_tokens(nn.primary, tp, WORDS_MAX);
		nv = norm_tokens(nn.variant, tv, WORDS_MAX);
		for (size_t t = 0; t < np; t++) {
			w->group = ngroups < GROUPS_MAX ? 1u << ngroups++ :
			    GROUP_OTHER;
			if (word_keys(tp[t], s->kind, w, &nspell) == -1)
				return -1;
			if (nv == np && strcmp(tv[t], tp[t]) != 0 &&
			    word_keys(tv[t], s->kind, w, &nspell) == -1)
				return -1;
			if (namesim_untitled(tp[t], form_keys_cb, &fk) == -1 ||
			    (nv == np && strcmp(tv[t], tp[t]) != 0 &&
			    namesim_untitled(tv[t], form_keys_cb, &fk) == -1))
				return -1;
		}
	}
	if (w->n == 0)
		return 0;
	qsort(w->k, w->n, sizeof(*w->k), cmp_qkey);
	for (size_t i = 1; i < w->n; i++) {
		if (w->k[i].text == w->k[n].text) {
			w->k[n].groups |= w->k[i].groups;
			w->k[n].spellings |= w->k[i].spellings;
			w->k[n].whole |= w->k[i].whole;
			w->k[n].first |= w->k[i].first;
		} else
			w->k[++n] = w->k[i];
	}
	w->n = n + 1;
	return 0;
}

static unsigned
bits(uint32_t v)
{
	unsigned n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

/*
 * The subject's name keys (namesim_keys of its whole names) and their
 * words; for an organisation, the keys worth checks besides (check): of
 * its words that file nothing (FOODS), and the tails of a word that files
 * it alone.
 */
static int
query_keys(const struct match_record *r, const struct prep *s,
    struct query *q)
{
	struct keys names = {NULL, 0, 0};
	struct qkeys w = {NULL, 0, 0, 0, 0};
	uint32_t seen = 0;
	int rc = -1;

	q->person = s->kind == MATCH_PERSON;
	if (name_keys(s, 1, &names) == -1 || word_groups(r, s, &w) == -1)
		goto done;
	for (size_t i = 0; i < names.n; i++) {
		struct qkey key = {.text = names.k[i], .groups = GROUP_OTHER};
		const struct qkey *found = w.n == 0 ? NULL :
		    bsearch(&key, w.k, w.n, sizeof(*w.k), cmp_qkey);

		if (found != NULL)
			key = *found;
		if (qkeys_push(&q->keys, key) == -1)
			goto done;
		seen |= key.groups;
	}
	q->words = bits(seen & ~GROUP_OTHER);
	for (size_t i = 0; !q->person && i < w.n; i++) {
		if (bsearch(&w.k[i].text, names.k, names.n, sizeof(*names.k),
		    cmp_u64) == NULL && qkeys_push(&q->check,
		    (struct qkey){.text = w.k[i].text,
		    .groups = w.k[i].groups}) == -1)
			goto done;
	}
	q->check.group = GROUP_OTHER;
	q->check.spelling = 0;
	for (size_t i = 0; !q->person && i < s->nnames; i++) {
		if (s->names[i] != NULL &&
		    namesim_keyed_words(s->names[i]) == 1 &&
		    namesim_tail_keys(s->names[i], word_key_cb,
		    &q->check) == -1)
			goto done;
	}
	rc = 0;
done:
	free(w.k);
	free(names.k);
	return rc;
}

static int
qlist_add(struct query *q, const struct match_index *ix, uint64_t key,
    size_t k, struct match_query_stats *st)
{
	struct plist l;

	st->keys++;
	if (!key_list(ix, key, &l) || l.n == 0 || l.n > KEY_READ_MAX)
		return 0;
	if (q->nlists == q->listcap) {
		size_t cap = q->listcap == 0 ? 64 : q->listcap * 2;
		struct qlist *nl = reallocarray(q->lists, cap, sizeof(*nl));

		if (nl == NULL)
			return -1;
		q->lists = nl;
		q->listcap = cap;
	}
	q->lists[q->nlists++] = (struct qlist){l, k};
	q->keys.k[k].len += l.n;
	return 0;
}

/*
 * Finds the lists of name key k whose entries' birth dates may agree with
 * the subject's. An entry is in at most one of them (it has one birth date
 * or none), so none counts it twice.
 */
static int
name_key_lists(struct query *q, const struct match_index *ix,
    const struct prep *s, size_t k, struct match_query_stats *st)
{
	const struct dob *d = &s->dob;
	uint64_t t = q->keys.k[k].text;
	int y0 = d->y - YEAR_SPREAD, y1 = d->y + YEAR_SPREAD;

	if (s->kind != MATCH_PERSON)
		return qlist_add(q, ix, key_of('O', t, (int)s->kind), k, st);
	if (qlist_add(q, ix, key_of('U', t, 0), k, st) == -1)
		return -1;
	if (d->y == 0) {
		y0 = ix->ymin;
		y1 = ix->ymax;
	}
	for (int y = y0 > 0 ? y0 : 1; y <= y1; y++) {
		if (qlist_add(q, ix, key_of('Y', t, y), k, st) == -1)
			return -1;
		if (d->d == 0 && qlist_add(q, ix, key_of('A', t, y), k,
		    st) == -1)
			return -1;
	}
	if (d->d == 0)
		return 0;
	if (qlist_add(q, ix, key_of('F', t, DAY(d->y, d->m, d->d)), k,
	    st) == -1 ||
	    qlist_add(q, ix, key_of('F', t, DAY(d->y - 1, d->m, d->d)), k,
	    st) == -1 ||
	    qlist_add(q, ix, key_of('F', t, DAY(d->y + 1, d->m, d->d)), k,
	    st) == -1)
		return -1;
	/* 1970-03-05 as 1970-05-03; a day over 12 is no month */
	if (d->d <= 12 && d->d != d->m && qlist_add(q, ix, key_of('F', t,
	    DAY(d->y, d->d, d->m)), k, st) == -1)
		return -1;
	return 0;
}

/*
 * A person's lists are not all read. A name namesim takes for the
 * subject's aligns every word, and as names vary at the border (a typing
 * error, a word cut short or left out, two words joined, an initial) one
 * word at least is whole, in one of its spellings: the entry has every
 * key of that word, its rarest too. So each word's rarest key in each
 * spelling is its anchor, whose lists are read whole. Of the other keys
 * only short lists are read, whose entries are candidates alone. What
 * this misses: names in which every word differs (two typing errors),
 * unless a list of theirs is short.
 *
 * So too an organisation's of two words that file it or more, but that
 * its words are often joined (ATLANTA KOMTOFE, ATLANTAKOMTOFE), which
 * keeps a word's first letters and not its sound: its anchors are keys
 * of first letters. One word that files it reads every list (worth).
 */
static void
choose_anchors(struct query *q)
{
	/* No words told apart: every list. */
	if (q->words <= (q->person ? 0u : 1u)) {
		for (size_t i = 0; i < q->keys.n; i++)
			q->keys.k[i].anchor = 1;
		return;
	}
	for (unsigned b = 0; b < SPELLINGS_MAX; b++) {
		struct qkey *best = NULL;

		for (size_t i = 0; i < q->keys.n; i++) {
			struct qkey *k = &q->keys.k[i];

			if ((k->spellings >> b & 1) && (q->person || k->first) &&
			    (best == NULL || k->len < best->len))
				best = k;
		}
		if (best != NULL)
			best->anchor = 1;
	}
}

/*
 * The candidates of one query, in an open-addressing set of entry
 * positions that the query owns (queries share nothing, so they may run in
 * parallel).
 */
struct candset {
	uint32_t *pos1;		/* position + 1; 0 empty */
	uint8_t *alone;		/* found under a key that counts alone */
	size_t n, size;		/* size: a power of two */
};

static int
candset_grow(struct candset *cs)
{
	size_t size = cs->size == 0 ? 256 : cs->size * 2, mask = size - 1;
	uint32_t *p;
	uint8_t *a;

	if ((p = calloc(size, sizeof(*p))) == NULL)
		return -1;
	if ((a = calloc(size, sizeof(*a))) == NULL) {
		free(p);
		return -1;
	}
	for (size_t i = 0; i < cs->size; i++) {
		size_t j;

		if (cs->pos1[i] == 0)
			continue;
		for (j = (cs->pos1[i] * 0x9e3779b1u) & mask; p[j] != 0;
		    j = (j + 1) & mask)
			;
		p[j] = cs->pos1[i];
		a[j] = cs->alone[i];
	}
	free(cs->pos1);
	free(cs->alone);
	cs->pos1 = p;
	cs->alone = a;
	cs->size = size;
	return 0;
}

static int
candset_add(struct candset *cs, uint32_t pos, int alone)
{
	uint32_t pos1 = pos + 1;
	size_t mask, j;

	if ((cs->n + 1) * 2 > cs->size && candset_grow(cs) == -1)
		return -1;
	mask = cs->size - 1;
	for (j = (pos1 * 0x9e3779b1u) & mask; cs->pos1[j] != 0 &&
	    cs->pos1[j] != pos1; j = (j + 1) & mask)
		;
	if (cs->pos1[j] == 0) {
		cs->pos1[j] = pos1;
		cs->n++;
	}
	cs->alone[j] |= (uint8_t)alone;
	return 0;
}

static int
read_list(const struct plist *l, int alone, struct candset *cs,
    struct match_query_stats *st)
{
	st->postings += l->n;
	for (uint32_t i = 0; i < l->n; i++) {
		if (candset_add(cs, l->pos[i], alone) == -1)
			return -1;
	}
	return 0;
}

/* Whether sig has keys of ks from a second word of the subject (hit: so far). */
static int
second_word(const struct qkeys *ks, const uint64_t *sig, uint32_t *hit)
{
	for (size_t i = 0; i < ks->n; i++) {
		const struct qkey *k = &ks->k[i];

		if ((*hit | k->groups) != *hit && sig_at(sig, k->sa, k->sb)) {
			*hit |= k->groups;
			if (bits(*hit) >= 2)
				return 1;
		}
	}
	return 0;
}

/*
 * Whether an entry found by an anchor is worth comparing. namesim takes
 * two names for one only when the words of the shorter align with words
 * of the longer (words left over on both sides contradict), so it must
 * share a key with a second word of the subject too, unless a side has
 * only one word (H MUELLER and HANS MUELLER). So for organisations too,
 * whose every list is read (choose_anchors), counting the words that file
 * them (not TRADING, not LLC): ATLANTA KOMTOFE LLC and a list's ATLANTA
 * QUBBIX LLC, which share one of two, are not compared. The entry's
 * signature answers without reading the other lists.
 *
 * An organisation that one word files (PETURLE FOODS CO) has no second
 * word to share, yet an entry of more words that file it (SANKT PETERBURG
 * DIVEBU OOO, all of them PETR...) needs its others aligned all the same:
 * with a word of the subject that files nothing (FOODZ, FOODS) or inside
 * its one (DEUTSCHE POST, DEUTSCHEPOST), whose keys the query checks too.
 */
static int
worth(const struct query *q, const struct match_index *ix, uint32_t pos)
{
	const uint64_t *sig = entry_sig(ix, pos);
	uint32_t hit = 0;

	if (entry_words(ix, pos) <= 1 || q->words == 0 ||
	    (q->words == 1 && q->person))
		return 1;
	return second_word(&q->keys, sig, &hit) ||
	    second_word(&q->check, sig, &hit);
}

/*
 * The entry positions worth comparing with s into *out (malloc'ed, NULL
 * when none); their count, or -1 out of memory.
 */
static long
candidates(const struct match_index *ix, const struct match_record *r,
    const struct prep *s, uint32_t **out, struct match_query_stats *st)
{
	struct query q;
	struct candset cs = {NULL, NULL, 0, 0};
	uint32_t *cand = NULL;
	size_t n = 0;
	long rc = -1;

	*out = NULL;
	memset(&q, 0, sizeof(q));
	if (query_keys(r, s, &q) == -1)
		goto done;
	for (size_t i = 0; i < q.keys.n; i++) {
		if (name_key_lists(&q, ix, s, i, st) == -1)
			goto done;
	}
	choose_anchors(&q);
	for (size_t i = 0; i < q.nlists; i++) {
		const struct qlist *l = &q.lists[i];
		/*
		 * Short among the entries the subject may be: a list of its
		 * years when it gives a birth date, the key's lists together
		 * when it gives none (a year's SMITHs are few, a century's
		 * are not, and reading them all as few compared hundreds).
		 */
		int alone = (s->dob.y != 0 ? l->l.n :
		    q.keys.k[l->key].len) <= KEY_ALONE_MAX ||
		    q.keys.k[l->key].whole;

		if ((alone || q.keys.k[l->key].anchor) &&
		    read_list(&l->l, alone, &cs, st) == -1)
			goto done;
	}
	for (size_t i = 0; i < s->ndocs; i++) {
		struct plist l;

		st->keys++;
		if (key_list(ix, key_of('D', text_hash(s->docs[i].number), 0),
		    &l) && l.n > 0 && l.n <= KEY_READ_MAX &&
		    read_list(&l, 1, &cs, st) == -1)
			goto done;
	}
	if (cs.n > 0 && (cand = reallocarray(NULL, cs.n, sizeof(*cand))) ==
	    NULL)
		goto done;
	for (size_t i = 0; i < cs.size; i++) {
		uint32_t pos1 = cs.pos1[i];

		if (pos1 != 0 && (cs.alone[i] || worth(&q, ix, pos1 - 1)))
			cand[n++] = pos1 - 1;
	}
	if (n == 0) {
		free(cand);
		cand = NULL;
	}
	*out = cand;
	rc = (long)n;
done:
	free(cs.pos1);
	free(cs.alone);
	free(q.lists);
	free(q.keys.k);
	free(q.check.k);
	return rc;
}

static int
cmp_result(const void *a, const void *b)
{
	const struct match_result *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->entry_id > y->entry_id) - (x->entry_id < y->entry_id);
}

/*
 * Scores s against the entries at positions pos (all entries when pos is
 * NULL) into *out, as match_index_query.
 */
static long
score_entries(const struct match_index *ix, const struct prep *s,
    const uint32_t *pos, size_t npos, double threshold,
    struct match_result **out)
{
	struct match_result *res = NULL;
	struct pview v = {.names = NULL, .cap = 0};
	size_t nres = 0, cap = 0;

	*out = NULL;
	for (size_t i = 0; i < npos; i++) {
		uint32_t at = pos != NULL ? pos[i] : (uint32_t)i;
		const struct prep *e = entry_prep(ix, at, &v);
		double score;

		if (e == NULL)
			goto fail;
		score = pair_score(s, e, threshold, NULL, 0);
		if (score <= 0.0 || score < threshold)
			continue;
		if (nres == cap) {
			size_t ncap = cap == 0 ? 4 : cap * 2;
			struct match_result *nr = reallocarray(res, ncap,
			    sizeof(*nr));

			if (nr == NULL)
				goto fail;
			res = nr;
			cap = ncap;
		}
		/* The explanation only for the few that are kept. */
		res[nres].entry_id = entry_id(ix, at);
		res[nres].score = pair_score(s, e, 0.0,
		    res[nres].explanation, sizeof(res[nres].explanation));
		nres++;
	}
	free(v.names);
	if (nres > 0)
		qsort(res, nres, sizeof(*res), cmp_result);
	*out = res;
	return (long)nres;
fail:
	free(v.names);
	free(res);
	return -1;
}

long
match_index_query_stats(const struct match_index *ix,
    const struct match_record *subject, double threshold,
    struct match_result **out, struct match_query_stats *st)
{
	struct match_query_stats mine;
	struct prep s;
	uint32_t *cand = NULL;
	long ncand, rc = -1;

	*out = NULL;
	if (st == NULL)
		st = &mine;
	memset(st, 0, sizeof(*st));
	if (prep_make(subject, &s) == -1)
		return -1;
	if ((ncand = candidates(ix, subject, &s, &cand, st)) == -1)
		goto done;
	st->candidates = (size_t)ncand;
	rc = score_entries(ix, &s, cand, (size_t)ncand, threshold, out);
done:
	free(cand);
	prep_free(&s);
	return rc;
}

long
match_index_query(const struct match_index *ix,
    const struct match_record *subject, double threshold,
    struct match_result **out)
{
	return match_index_query_stats(ix, subject, threshold, out, NULL);
}

long
match_index_candidates(const struct match_index *ix,
    const struct match_record *subject, long long **out)
{
	struct match_query_stats st;
	struct prep s;
	uint32_t *cand = NULL;
	long long *ids = NULL;
	long n;

	*out = NULL;
	if (prep_make(subject, &s) == -1)
		return -1;
	memset(&st, 0, sizeof(st));
	n = candidates(ix, subject, &s, &cand, &st);
	if (n > 0 && (ids = reallocarray(NULL, (size_t)n, sizeof(*ids))) ==
	    NULL)
		n = -1;
	for (long i = 0; i < n; i++)
		ids[i] = entry_id(ix, cand[i]);
	*out = ids;
	free(cand);
	prep_free(&s);
	return n;
}

long
match_index_scan(const struct match_index *ix,
    const struct match_record *subject, double threshold,
    struct match_result **out)
{
	struct prep s;
	long rc;

	*out = NULL;
	if (prep_make(subject, &s) == -1)
		return -1;
	rc = score_entries(ix, &s, NULL, ix->n, threshold, out);
	prep_free(&s);
	return rc;
}
