#include "model.h"

#include "base/text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A bump allocator: parsers make many small strings that all die together
 * with the model, so one free at the end beats a free per field.
 */
struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct arena {
	struct arena_block *head;
};

#define ARENA_BLOCK 16384

static void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t align = sizeof(max_align_t);

	n = (n + align - 1) / align * align;
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

struct model *
model_new(void)
{
	struct model *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if ((m->arena = calloc(1, sizeof(*m->arena))) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

static void
manifest_free_arrays(struct manifest *mf)
{
	for (size_t i = 0; i < mf->npeople; i++) {
		free(mf->people[i].docs);
		free(mf->people[i].contacts);
		free(mf->people[i].notes);
	}
	for (size_t i = 0; i < mf->npnrs; i++) {
		free(mf->pnrs[i].contacts);
		free(mf->pnrs[i].payments);
		free(mf->pnrs[i].itinerary);
	}
	free(mf->pnrs);
	for (size_t i = 0; i < mf->nshipments; i++) {
		free(mf->shipments[i].goods);
		free(mf->shipments[i].equipment);
	}
	free(mf->shipments);
	free(mf->people);
	free(mf->legs);
}

void
model_free(struct model *m)
{
	struct arena_block *b, *next;

	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nmanifests; i++)
		manifest_free_arrays(&m->manifests[i]);
	free(m->manifests);
	free(m->warnings);
	free(m->errors);
	free(m->answers);
	for (b = m->arena->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(m->arena);
	free(m);
}

int
model_reset(struct model *m)
{
	struct model *fresh, old;

	if ((fresh = model_new()) == NULL)
		return -1;
	old = *m;
	*m = *fresh;
	*fresh = old;
	model_free(fresh);
	return 0;
}

char *
model_strndup(struct model *m, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = arena_alloc(m->arena, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
model_strdup(struct model *m, const char *s)
{
	return s == NULL ? NULL : model_strndup(m, s, strlen(s));
}

int
model_set(struct model *m, char **dst, const char *v)
{
	if (v == NULL)
		return 0;
	*dst = model_strdup(m, v);
	return *dst == NULL ? -1 : 0;
}

/*
 * Appends one zeroed element of size elsize to arr (count *n). The capacity is
 * 4, then doubles: it is full exactly when *n is 4 or a larger power of two.
 */
static void *
grow(void *arr, size_t *n, size_t elsize, void **out)
{
	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
		void *p = reallocarray(arr, *n == 0 ? 4 : *n * 2, elsize);

		if (p == NULL)
			return NULL;
		arr = p;
	}
	*out = (char *)arr + *n * elsize;
	memset(*out, 0, elsize);
	(*n)++;
	return arr;
}

#define ADD(arr, n, out) do {						\
	void *elem_, *p_ = grow((arr), &(n), sizeof(*(arr)), &elem_);	\
	if (p_ == NULL)							\
		return NULL;						\
	(arr) = p_;							\
	(out) = elem_;							\
} while (0)

struct manifest *
model_add_manifest(struct model *m)
{
	struct manifest *mf;

	ADD(m->manifests, m->nmanifests, mf);
	mf->offset = -1;
	return mf;
}

struct leg *
model_add_leg(struct model *m, struct manifest *mf)
{
	struct leg *l;

	(void)m;
	ADD(mf->legs, mf->nlegs, l);
	return l;
}

struct person *
model_add_person(struct model *m, struct manifest *mf)
{
	struct person *p;

	(void)m;
	ADD(mf->people, mf->npeople, p);
	p->role = mf->role;
	p->offset = -1;
	p->pnr = -1;
	p->adult = -1;
	return p;
}

struct document *
model_add_document(struct model *m, struct person *p)
{
	struct document *d;

	(void)m;
	ADD(p->docs, p->ndocs, d);
	return d;
}

struct pnr *
model_add_pnr(struct model *m, struct manifest *mf)
{
	struct pnr *r;

	(void)m;
	ADD(mf->pnrs, mf->npnrs, r);
	r->offset = -1;
	return r;
}

struct contact *
model_add_pnr_contact(struct model *m, struct pnr *r)
{
	struct contact *c;

	(void)m;
	ADD(r->contacts, r->ncontacts, c);
	return c;
}

struct contact *
model_add_person_contact(struct model *m, struct person *p)
{
	struct contact *c;

	(void)m;
	ADD(p->contacts, p->ncontacts, c);
	return c;
}

struct referral_answer *
model_add_answer(struct model *m)
{
	struct referral_answer *a;

	ADD(m->answers, m->nanswers, a);
	return a;
}

struct payment *
model_add_payment(struct model *m, struct pnr *r)
{
	struct payment *y;

	(void)m;
	ADD(r->payments, r->npayments, y);
	return y;
}

struct segment *
model_add_segment(struct model *m, struct pnr *r)
{
	struct segment *g;

	(void)m;
	ADD(r->itinerary, r->nitinerary, g);
	return g;
}

struct shipment *
model_add_shipment(struct model *m, struct manifest *mf)
{
	struct shipment *sh;

	(void)m;
	ADD(mf->shipments, mf->nshipments, sh);
	sh->offset = -1;
	return sh;
}

struct goods *
model_add_goods(struct model *m, struct shipment *sh)
{
	struct goods *g;

	(void)m;
	ADD(sh->goods, sh->ngoods, g);
	return g;
}

struct equipment *
model_add_equipment(struct model *m, struct shipment *sh)
{
	struct equipment *q;

	(void)m;
	ADD(sh->equipment, sh->nequipment, q);
	return q;
}

const struct leg *
manifest_arrival_leg(const struct manifest *mf)
{
	if (mf->nlegs == 0)
		return NULL;
	for (size_t i = mf->nlegs; i-- > 0;)
		if (mf->legs[i].reporting)
			return &mf->legs[i];
	return &mf->legs[mf->nlegs - 1];
}

int
model_add_error(struct model *m, const char *message_ref, long offset,
    const char *segment, int segment_no, const char *message)
{
	void *elem, *p = grow(m->errors, &m->nerrors, sizeof(*m->errors), &elem);
	struct message_error *e;

	if (p == NULL)
		return -1;
	m->errors = p;
	e = elem;
	e->offset = offset;
	e->segment_no = segment_no;
	if ((message_ref != NULL &&
	    (e->message_ref = model_strdup(m, message_ref)) == NULL) ||
	    (segment != NULL && (e->segment = model_strdup(m, segment)) == NULL) ||
	    (e->message = model_strdup(m, message)) == NULL)
		return -1;
	return 0;
}

int
model_warn(struct model *m, long offset, const char *fmt, ...)
{
	struct warning *w;
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);	/* a cut warning still helps */
	va_end(ap);
	{
		void *elem, *p = grow(m->warnings, &m->nwarnings, sizeof(*w), &elem);

		if (p == NULL)
			return -1;
		m->warnings = p;
		w = elem;
	}
	w->offset = offset;
	if ((w->message = model_strdup(m, buf)) == NULL)
		return -1;
	return 0;
}

int
model_add_note(struct model *m, struct person *p, const char *text)
{
	char safe[600], **note;
	void *elem, *q;

	/* Stored and shown as it is: valid UTF-8, even when cut inside a character. */
	(void)text_safe(text, strlen(text), safe, sizeof(safe));
	if ((q = grow(p->notes, &p->nnotes, sizeof(*note), &elem)) == NULL)
		return -1;
	p->notes = q;
	note = elem;
	return (*note = model_strdup(m, safe)) == NULL ? -1 : 0;
}

int
model_note(struct model *m, struct person *p, long offset, const char *where,
    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);	/* a cut note still helps */
	va_end(ap);
	if (model_add_note(m, p, buf) == -1)
		return -1;
	/* The name as far as it tells who it is: a note on a long one is about its length. */
	return model_warn(m, offset, "%.64s%s%.64s%s%s%s: %s",
	    p->surname != NULL ? p->surname : "(no surname)",
	    p->given != NULL ? " " : "", p->given != NULL ? p->given : "",
	    where != NULL ? " (" : "", where != NULL ? where : "",
	    where != NULL ? ")" : "", buf);
}

/* Removes control characters from s in place; returns how many. */
static size_t
clean(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; *r != '\0'; r++) {
		if (*r >= 0x09 && *r <= 0x0d) {
			*w++ = ' ';
			n++;
		} else if (*r < 0x20 || *r == 0x7f)
			n++;
		else if (*r == 0xc2 && r[1] >= 0x80 && r[1] < 0xa0) {
			r++;	/* U+0080..U+009F as UTF-8 */
			n++;
		} else
			*w++ = *r;
	}
	*w = '\0';
	return n;
}

static size_t
clean_party(struct party *p)
{
	return clean(p->name);
}

size_t
model_clean_names(struct model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nmanifests; i++) {
		struct manifest *mf = &m->manifests[i];

		for (size_t j = 0; j < mf->npeople; j++)
			n += clean(mf->people[j].surname) +
			    clean(mf->people[j].given) +
			    clean(mf->people[j].middle);
		for (size_t j = 0; j < mf->nshipments; j++)
			n += clean_party(&mf->shipments[j].shipper) +
			    clean_party(&mf->shipments[j].consignee) +
			    clean_party(&mf->shipments[j].notify);
	}
	return n;
}
