#include "match.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "norm.h"

/*
 * Scores. A name alone says little, so what the birth date says about it
 * sets the level: equal, the year only (a side gives no more), unknown on
 * a side, or contradicting. A document number with a compatible issuing
 * country is strong on its own, and a little stronger with the name. A
 * contradiction (nationality, gender, or the birth date beside a document)
 * lowers whatever was found.
 */
#define SCORE_DOC		0.98
#define SCORE_DOC_NAME		0.99
#define SCORE_NAME_DOB		0.95
#define SCORE_NAME_YEAR		0.85
#define SCORE_NAME_NODOB	0.75
#define SCORE_NAME_DOB_DIFF	0.40
#define SCORE_ORG_NAME		0.80	/* organisation or vessel */
#define PENALTY_CONTRADICTION	0.10

/*
 * Names. An exact comparison lets the shorter name lack up to two parts of
 * the longer (middle names, a second surname), each costing a little; the
 * fuzzy comparator will return lower similarities for near spellings, and
 * anything under NAME_SIM_MIN is no name match.
 */
#define NAME_EXTRA_MAX		2
#define PENALTY_EXTRA_PART	0.03
#define NAME_SIM_MIN		0.90
#define NAME_TOKENS_MAX		16

/* Document numbers shorter than this collide between issuers too often. */
#define DOC_NUMBER_MIN		5
#define DOC_NUMBER_MAX		64	/* as ingest stores them */

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* One spelling of one name as a set of tokens. */
struct tokset {
	char **tok;		/* sorted, repeats kept; holds the text too */
	size_t ntok;
	const char *text;	/* normalised, in the order given */
	size_t src;		/* 0 the name, > 0 an alias */
};

struct pdoc {
	char type[8];
	const char *country;	/* static alpha-3, or NULL */
	char number[DOC_NUMBER_MAX];
};

struct dob {
	int y, m, d;		/* 0 when not known */
	char text[11];
};

/* A record normalised once, so a query does not redo it per candidate. */
struct prep {
	enum match_kind kind;
	struct tokset *names;
	size_t nnames;
	struct dob dob;
	char gender;		/* M, F, X, or 0 */
	const char *nat;	/* static alpha-3, or NULL */
	struct pdoc *docs;
	size_t ndocs;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
in_list(const char *tok, const char *const *list, size_t n)
{
	return bsearch(&tok, list, n, sizeof(*list), cmp_str) != NULL;
}

/* Titles that PNRs append to names ("SMITH/JOHN MR"). Sorted. */
static const char *const titles[] = {
	"DR", "MISS", "MR", "MRS", "MS", "MSTR",
};

/* Legal forms: they say what a company is, not which one. Sorted. */
static const char *const legal_forms[] = {
	"AB", "AG", "AS", "ASA", "BV", "CO", "CORP", "CORPORATION", "GMBH",
	"INC", "INCORPORATED", "JSC", "KFT", "KG", "LIMITED", "LLC", "LLP",
	"LP", "LTD", "NV", "OAO", "OJSC", "OOO", "OY", "PJSC", "PLC", "PTE",
	"PTY", "SA", "SARL", "SAS", "SPA", "SRL", "ZAO",
};

/* Drops the tokens of list; returns how many remain (none: tok intact). */
static size_t
drop_tokens(char **tok, size_t n, const char *const *list, size_t nlist)
{
	size_t kept = 0;

	for (size_t i = 0; i < n; i++) {
		if (!in_list(tok[i], list, nlist))
			tok[kept++] = tok[i];
	}
	return kept;
}

/*
 * Dotted abbreviations were split by normalisation ("S.A." is "S A");
 * joining runs of one-letter tokens gives back SA, LLC, BV. Works in place:
 * the letters of a run lie two bytes apart in the buffer norm_tokens cut,
 * so the joined letters only overwrite letters already read.
 */
static size_t
join_letters(char **tok, size_t n)
{
	char *run = NULL, *prev = NULL;
	size_t kept = 0, len = 0;

	for (size_t i = 0; i < n; i++) {
		char *t = tok[i];

		if (t[1] == '\0' && run != NULL && t == prev + 2) {
			run[len++] = t[0];
			run[len] = '\0';
		} else {
			run = t[1] == '\0' ? t : NULL;
			len = 1;
			tok[kept++] = t;
		}
		prev = t;
	}
	return kept;
}

/*
 * Makes ts from a normalised name. Returns 0, 1 when the name has no
 * tokens (nothing to keep), -1 out of memory.
 */
static int
tokset_make(const char *norm, size_t src, enum match_kind kind,
    struct tokset *ts)
{
	char buf[NORM_NAME_MAX], *tok[NAME_TOKENS_MAX], *p;
	size_t len = strlen(norm), n, keep;

	memcpy(buf, norm, len + 1);
	n = norm_tokens(buf, tok, NAME_TOKENS_MAX);
	if (kind == MATCH_PERSON) {
		if ((keep = drop_tokens(tok, n, titles, NITEMS(titles))) > 0)
			n = keep;
	} else {
		/* A company is never found by its legal form alone. */
		n = join_letters(tok, n);
		n = drop_tokens(tok, n, legal_forms, NITEMS(legal_forms));
	}
	if (n == 0)
		return 1;
	/*
	 * Sorted, repeats kept: a multiset, since ALI ALI or SAN SAN is a
	 * name of two words and must not shrink to one.
	 */
	qsort(tok, n, sizeof(tok[0]), cmp_str);
	keep = n;
	/* Pointers, then the text, then the tokens, in one allocation. */
	if ((ts->tok = malloc(keep * sizeof(char *) + 2 * (len + 1))) == NULL)
		return -1;
	p = (char *)(ts->tok + keep);
	memcpy(p, norm, len + 1);
	ts->text = p;
	p += len + 1;
	for (size_t i = 0; i < keep; i++) {
		size_t tl = strlen(tok[i]);

		memcpy(p, tok[i], tl + 1);
		ts->tok[i] = p;
		p += tl + 1;
	}
	ts->ntok = keep;
	ts->src = src;
	return 0;
}

/* Both spellings of every name; names that do not normalise are skipped. */
static int
prep_names(const struct match_record *r, struct prep *p)
{
	struct norm_name nn;
	int rc;

	if (r->names == NULL || r->nnames == 0)
		return 0;
	if ((p->names = calloc(2 * r->nnames, sizeof(*p->names))) == NULL)
		return -1;
	for (size_t i = 0; i < r->nnames; i++) {
		if (r->names[i] == NULL || norm_name(r->names[i], &nn) == -1)
			continue;
		rc = tokset_make(nn.primary, i, r->kind, &p->names[p->nnames]);
		if (rc == -1)
			return -1;
		if (rc == 0)
			p->nnames++;
		if (strcmp(nn.primary, nn.variant) == 0)
			continue;
		rc = tokset_make(nn.variant, i, r->kind, &p->names[p->nnames]);
		if (rc == -1)
			return -1;
		if (rc == 0)
			p->nnames++;
	}
	return 0;
}

static int
prep_docs(const struct match_record *r, struct prep *p)
{
	if (r->docs == NULL || r->ndocs == 0)
		return 0;
	if ((p->docs = calloc(r->ndocs, sizeof(*p->docs))) == NULL)
		return -1;
	for (size_t i = 0; i < r->ndocs; i++) {
		const struct match_doc *d = &r->docs[i];
		struct pdoc *pd = &p->docs[p->ndocs];

		if (d->number == NULL || norm_document(d->number, pd->number,
		    sizeof(pd->number)) == -1 ||
		    strlen(pd->number) < DOC_NUMBER_MIN)
			continue;
		if (d->type != NULL && strlen(d->type) < sizeof(pd->type))
			memcpy(pd->type, d->type, strlen(d->type) + 1);
		pd->country = norm_country(d->country);
		p->ndocs++;
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

static void
prep_free(struct prep *p)
{
	for (size_t i = 0; i < p->nnames; i++)
		free(p->names[i].tok);
	free(p->names);
	free(p->docs);
	memset(p, 0, sizeof(*p));
}

static int
prep_make(const struct match_record *r, struct prep *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = r->kind;
	if (prep_names(r, p) == -1 || prep_docs(r, p) == -1) {
		prep_free(p);
		return -1;
	}
	prep_dob(r->birth_date, &p->dob);
	p->gender = norm_gender(r->gender);
	p->nat = norm_country(r->nationality);
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

/* Is every token of the sorted multiset a also in the sorted multiset b? */
static int
contained(const struct tokset *a, const struct tokset *b)
{
	size_t i = 0, j = 0;

	while (i < a->ntok && j < b->ntok) {
		int c = strcmp(a->tok[i], b->tok[j]);

		if (c < 0)
			return 0;
		j++;
		if (c == 0)
			i++;
	}
	return i == a->ntok;
}

/* Tokens longer than an initial: only these identify a person. */
static size_t
words(const struct tokset *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->ntok; i++) {
		if (t->tok[i][1] != '\0')
			n++;
	}
	return n;
}

/*
 * How alike two names are, 0..1. Persons: the shorter set, of at least two
 * real words, inside the longer, which may have NAME_EXTRA_MAX more parts.
 * Organisations and vessels: equal sets. The fuzzy comparator replaces
 * the body, keeping the contract.
 */
static double
name_similarity(const struct tokset *a, const struct tokset *b,
    enum match_kind kind)
{
	const struct tokset *s = a->ntok <= b->ntok ? a : b;
	const struct tokset *l = s == a ? b : a;
	size_t extra = l->ntok - s->ntok;

	if (kind != MATCH_PERSON)
		return extra == 0 && contained(s, l) ? 1.0 : 0.0;
	if (words(s) < 2 || extra > NAME_EXTRA_MAX || !contained(s, l))
		return 0.0;
	return 1.0 - PENALTY_EXTRA_PART * (double)extra;
}

struct name_hit {
	double sim;
	const struct tokset *sn, *en;	/* subject's and entry's name */
};

/* The most similar pair of names; on a tie the first (primary, the name). */
static struct name_hit
best_name(const struct prep *s, const struct prep *e)
{
	struct name_hit h = {0.0, NULL, NULL};

	for (size_t i = 0; i < s->nnames; i++) {
		for (size_t j = 0; j < e->nnames; j++) {
			double sim = name_similarity(&s->names[i], &e->names[j],
			    s->kind);

			if (sim > h.sim)
				h = (struct name_hit){sim, &s->names[i],
				    &e->names[j]};
		}
	}
	return h;
}

static int
countries_agree(const char *a, const char *b)
{
	return a == NULL || b == NULL || strcmp(a, b) == 0;
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
			*country = ed->country != NULL ? ed->country :
			    sd->country;
			return ed;
		}
	}
	return NULL;
}

enum dob_agreement { DOB_UNKNOWN, DOB_EQUAL, DOB_YEAR, DOB_DIFFERS };

static enum dob_agreement
dob_compare(const struct dob *a, const struct dob *b)
{
	if (a->y == 0 || b->y == 0)
		return DOB_UNKNOWN;
	if (a->y != b->y || (a->m && b->m && a->m != b->m) ||
	    (a->d && b->d && a->d != b->d))
		return DOB_DIFFERS;
	return a->d && b->d ? DOB_EQUAL : DOB_YEAR;
}

static double
name_level(enum match_kind kind, enum dob_agreement dob)
{
	if (kind != MATCH_PERSON)
		return SCORE_ORG_NAME;
	switch (dob) {
	case DOB_EQUAL:
		return SCORE_NAME_DOB;
	case DOB_YEAR:
		return SCORE_NAME_YEAR;
	case DOB_DIFFERS:
		return SCORE_NAME_DOB_DIFF;
	default:
		return SCORE_NAME_NODOB;
	}
}

static void
explain_doc(struct expl *x, const struct pdoc *d, const char *country)
{
	expl_add(x, "document %s%s%s%s%s equal", d->type,
	    d->type[0] != '\0' ? " " : "", country != NULL ? country : "",
	    country != NULL ? " " : "", d->number);
}

static void
explain_name(struct expl *x, const struct name_hit *h)
{
	const char *what = h->en->src > 0 ? "alias" : "name";
	const struct tokset *s = h->sn, *l = h->en;
	size_t extra;

	if (s->ntok > l->ntok) {
		s = h->en;
		l = h->sn;
	}
	extra = l->ntok - s->ntok;
	if (extra == 0)
		expl_add(x, "%s equal as token set (%s)", what, h->en->text);
	else
		expl_add(x, "%s %s within %s (%zu part%s more)", what, s->text,
		    l->text, extra, extra > 1 ? "s" : "");
}

static void
explain_dob(struct expl *x, const struct dob *s, const struct dob *e,
    enum dob_agreement dob)
{
	switch (dob) {
	case DOB_EQUAL:
		expl_add(x, "birth date equal %s", s->text);
		break;
	case DOB_YEAR:
		expl_add(x, "birth year equal (traveller %s, list %s)", s->text,
		    e->text);
		break;
	case DOB_DIFFERS:
		expl_add(x, "birth date differs (traveller %s, list %s)",
		    s->text, e->text);
		break;
	default:
		expl_add(x, "birth date unknown");
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

	if (s->nat != NULL && e->nat != NULL) {
		if (strcmp(s->nat, e->nat) == 0)
			expl_add(x, "nationality %s equal", s->nat);
		else if (norm_country_alpha2(s->nat) != NULL &&
		    norm_country_alpha2(e->nat) != NULL) {
			expl_add(x, "nationality differs (traveller %s,"
			    " list %s)", s->nat, e->nat);
			penalty += PENALTY_CONTRADICTION;
		}
	}
	if (s->kind == MATCH_PERSON && (s->gender == 'M' || s->gender == 'F') &&
	    (e->gender == 'M' || e->gender == 'F') && s->gender != e->gender) {
		expl_add(x, "gender differs (traveller %c, list %c)", s->gender,
		    e->gender);
		penalty += PENALTY_CONTRADICTION;
	}
	return penalty;
}

static double
pair_score(const struct prep *s, const struct prep *e, char *buf,
    size_t bufsz)
{
	struct expl x = {buf, bufsz, 0};
	const struct pdoc *doc;
	const char *country = NULL;
	struct name_hit name;
	enum dob_agreement dob;
	double score;

	if (buf != NULL && bufsz > 0)
		buf[0] = '\0';
	if (s->kind != e->kind)
		return 0.0;
	doc = doc_match(s, e, &country);
	name = best_name(s, e);
	if (name.sim < NAME_SIM_MIN)
		name.sim = 0.0;
	if (doc == NULL && name.sim == 0.0)
		return 0.0;
	dob = dob_compare(&s->dob, &e->dob);
	if (doc != NULL) {
		explain_doc(&x, doc, country);
		score = name.sim > 0.0 ? SCORE_DOC_NAME : SCORE_DOC;
		if (dob == DOB_DIFFERS)
			score -= PENALTY_CONTRADICTION;
	} else
		score = name_level(s->kind, dob) - (1.0 - name.sim);
	if (name.sim > 0.0)
		explain_name(&x, &name);
	if (s->kind == MATCH_PERSON)
		explain_dob(&x, &s->dob, &e->dob, dob);
	score -= contradictions(&x, s, e);
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
		score = pair_score(&s, &e, expl, explsz);
		prep_free(&e);
	}
	prep_free(&s);
	return score;
}

/*
 * The index: a hash from blocking keys to the entries that have them. A
 * key is 'N' and a name token or 'D' and a document number, so a subject
 * is only scored against entries that share a token or a document with it.
 */
struct posting {
	struct posting *next;
	uint64_t hash;
	size_t *pos;		/* entry positions, ascending */
	size_t n, cap;
	char key[];
};

struct ientry {
	long long id;
	struct prep p;
};

struct match_index {
	struct ientry *entries;
	size_t n, cap;
	struct posting **buckets;
	size_t nbuckets, nkeys;
};

struct keyref {
	char kind;		/* 'N' or 'D' */
	const char *s;
};

static uint64_t
key_hash(char kind, const char *s)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */

	h = (h ^ (unsigned char)kind) * 1099511628211ULL;
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
cmp_keyref(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->s, y->s);
}

/* The distinct blocking keys of p into *out (malloc'ed); count or -1. */
static long
keys_of(const struct prep *p, struct keyref **out)
{
	struct keyref *k;
	size_t n = p->ndocs, m = 0;

	for (size_t i = 0; i < p->nnames; i++)
		n += p->names[i].ntok;
	*out = NULL;
	if (n == 0)
		return 0;
	if ((k = reallocarray(NULL, n, sizeof(*k))) == NULL)
		return -1;
	for (size_t i = 0; i < p->nnames; i++) {
		for (size_t t = 0; t < p->names[i].ntok; t++)
			k[m++] = (struct keyref){'N', p->names[i].tok[t]};
	}
	for (size_t i = 0; i < p->ndocs; i++)
		k[m++] = (struct keyref){'D', p->docs[i].number};
	qsort(k, m, sizeof(*k), cmp_keyref);
	n = 1;
	for (size_t i = 1; i < m; i++) {
		if (cmp_keyref(&k[i], &k[n - 1]) != 0)
			k[n++] = k[i];
	}
	*out = k;
	return (long)n;
}

static struct posting *
posting_find(const struct match_index *ix, const struct keyref *k,
    uint64_t h)
{
	struct posting *p;

	if (ix->nbuckets == 0)
		return NULL;
	for (p = ix->buckets[h & (ix->nbuckets - 1)]; p != NULL; p = p->next) {
		if (p->hash == h && p->key[0] == k->kind &&
		    strcmp(p->key + 1, k->s) == 0)
			return p;
	}
	return NULL;
}

static int
index_grow(struct match_index *ix)
{
	size_t nb = ix->nbuckets == 0 ? 1024 : ix->nbuckets * 2;
	struct posting **b, *p, *next;

	if ((b = calloc(nb, sizeof(*b))) == NULL)
		return -1;
	for (size_t i = 0; i < ix->nbuckets; i++) {
		for (p = ix->buckets[i]; p != NULL; p = next) {
			next = p->next;
			p->next = b[p->hash & (nb - 1)];
			b[p->hash & (nb - 1)] = p;
		}
	}
	free(ix->buckets);
	ix->buckets = b;
	ix->nbuckets = nb;
	return 0;
}

static int
posting_add(struct match_index *ix, const struct keyref *k, size_t pos)
{
	uint64_t h = key_hash(k->kind, k->s);
	struct posting *p = posting_find(ix, k, h);
	size_t len;

	if (p == NULL) {
		if (ix->nkeys >= ix->nbuckets && index_grow(ix) == -1)
			return -1;
		len = strlen(k->s);
		if ((p = calloc(1, sizeof(*p) + len + 2)) == NULL)
			return -1;
		p->hash = h;
		p->key[0] = k->kind;
		memcpy(p->key + 1, k->s, len + 1);
		p->next = ix->buckets[h & (ix->nbuckets - 1)];
		ix->buckets[h & (ix->nbuckets - 1)] = p;
		ix->nkeys++;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap == 0 ? 4 : p->cap * 2;
		size_t *np = reallocarray(p->pos, cap, sizeof(*np));

		if (np == NULL)
			return -1;
		p->pos = np;
		p->cap = cap;
	}
	p->pos[p->n++] = pos;
	return 0;
}

struct match_index *
match_index_new(void)
{
	return calloc(1, sizeof(struct match_index));
}

void
match_index_free(struct match_index *ix)
{
	struct posting *p, *next;

	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->nbuckets; i++) {
		for (p = ix->buckets[i]; p != NULL; p = next) {
			next = p->next;
			free(p->pos);
			free(p);
		}
	}
	free(ix->buckets);
	for (size_t i = 0; i < ix->n; i++)
		prep_free(&ix->entries[i].p);
	free(ix->entries);
	free(ix);
}

/* Takes the entry at pos back out of the postings of its first n keys. */
static void
postings_undo(struct match_index *ix, const struct keyref *k, long n,
    size_t pos)
{
	for (long i = 0; i < n; i++) {
		struct posting *p = posting_find(ix, &k[i],
		    key_hash(k[i].kind, k[i].s));

		if (p != NULL && p->n > 0 && p->pos[p->n - 1] == pos)
			p->n--;
	}
}

int
match_index_add(struct match_index *ix, long long entry_id,
    const struct match_record *entry)
{
	struct ientry *e;
	struct keyref *k = NULL;
	long nk, i = 0;
	int rc = -1;

	if (ix->n == ix->cap) {
		size_t cap = ix->cap == 0 ? 64 : ix->cap * 2;
		struct ientry *ne = reallocarray(ix->entries, cap, sizeof(*ne));

		if (ne == NULL)
			return -1;
		ix->entries = ne;
		ix->cap = cap;
	}
	e = &ix->entries[ix->n];
	e->id = entry_id;
	if (prep_make(entry, &e->p) == -1)
		return -1;
	if ((nk = keys_of(&e->p, &k)) == -1)
		goto done;
	for (i = 0; i < nk; i++) {
		if (posting_add(ix, &k[i], ix->n) == -1)
			goto done;
	}
	ix->n++;
	rc = 0;
done:
	if (rc == -1) {
		postings_undo(ix, k, i, ix->n);
		prep_free(&e->p);
	}
	free(k);
	return rc;
}

size_t
match_index_size(const struct match_index *ix)
{
	return ix->n;
}

struct hit {
	size_t pos;
	int doc;		/* came by a document number */
};

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return (x->pos > y->pos) - (x->pos < y->pos);
}

/*
 * Fewest distinct name tokens a candidate must share with the subject: an
 * exact person match has two real words in common, an organisation one,
 * and a person whose name repeats one word (ALI ALI) that word. The fuzzy
 * comparator will need blocking keys of its own here (phonetic codes,
 * token prefixes) rather than whole tokens.
 */
static size_t
min_shared(const struct prep *s)
{
	size_t most = 0;

	if (s->kind != MATCH_PERSON)
		return 1;
	for (size_t i = 0; i < s->nnames && most < 2; i++) {
		const struct tokset *t = &s->names[i];
		size_t distinct = t->ntok > 0;

		for (size_t j = 1; j < t->ntok; j++)
			distinct += strcmp(t->tok[j], t->tok[j - 1]) != 0;
		if (distinct > most)
			most = distinct;
	}
	return most < 2 ? 1 : 2;
}

/* Collects the entry positions worth scoring into *out; count or -1. */
static long
candidates(const struct match_index *ix, const struct prep *s,
    size_t **out)
{
	struct keyref *k = NULL;
	struct hit *hits = NULL;
	size_t nhits = 0, cap = 0, ncand = 0, *cand = NULL, need = min_shared(s);
	long nk, rc = -1;

	*out = NULL;
	if ((nk = keys_of(s, &k)) == -1)
		return -1;
	for (long i = 0; i < nk; i++) {
		const struct posting *p = posting_find(ix, &k[i],
		    key_hash(k[i].kind, k[i].s));

		if (p == NULL)
			continue;
		if (nhits + p->n > cap) {
			size_t ncap = (nhits + p->n) * 2;
			struct hit *nh = reallocarray(hits, ncap, sizeof(*nh));

			if (nh == NULL)
				goto done;
			hits = nh;
			cap = ncap;
		}
		for (size_t j = 0; j < p->n; j++)
			hits[nhits++] = (struct hit){p->pos[j],
			    k[i].kind == 'D'};
	}
	if (nhits > 0) {
		if ((cand = reallocarray(NULL, nhits, sizeof(*cand))) == NULL)
			goto done;
		qsort(hits, nhits, sizeof(*hits), cmp_hit);
	}
	for (size_t i = 0, j; i < nhits; i = j) {
		size_t names = 0;
		int doc = 0;

		for (j = i; j < nhits && hits[j].pos == hits[i].pos; j++) {
			if (hits[j].doc)
				doc = 1;
			else
				names++;
		}
		if (doc || names >= need)
			cand[ncand++] = hits[i].pos;
	}
	*out = cand;
	cand = NULL;
	rc = (long)ncand;
done:
	free(cand);
	free(hits);
	free(k);
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

long
match_index_query(const struct match_index *ix,
    const struct match_record *subject, double threshold,
    struct match_result **out)
{
	struct match_result *res = NULL;
	struct prep s;
	size_t *cand = NULL, nres = 0;
	long ncand, rc = -1;

	*out = NULL;
	if (prep_make(subject, &s) == -1)
		return -1;
	if ((ncand = candidates(ix, &s, &cand)) == -1)
		goto done;
	if (ncand > 0 &&
	    (res = reallocarray(NULL, (size_t)ncand, sizeof(*res))) == NULL)
		goto done;
	for (long i = 0; i < ncand; i++) {
		const struct ientry *e = &ix->entries[cand[i]];
		struct match_result *r = &res[nres];

		r->score = pair_score(&s, &e->p, r->explanation,
		    sizeof(r->explanation));
		if (r->score > 0.0 && r->score >= threshold) {
			r->entry_id = e->id;
			nres++;
		}
	}
	if (nres > 0)
		qsort(res, nres, sizeof(*res), cmp_result);
	else {
		free(res);
		res = NULL;
	}
	*out = res;
	res = NULL;
	rc = (long)nres;
done:
	free(res);
	free(cand);
	prep_free(&s);
	return rc;
}
